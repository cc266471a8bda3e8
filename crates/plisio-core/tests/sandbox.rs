//! Every endpoint against the real sandbox, plus pagination, retries, money safety and redaction.

mod common;

use std::time::Duration;

use common::*;
use futures_util::StreamExt;
use plisio_core::money::parse_amount;
use plisio_core::*;
use plisio_mock::{Fault, FaultKind, MockConfig, MockServer};

fn d(s: &str) -> Decimal {
    parse_amount("amount", s).unwrap()
}

#[tokio::test]
async fn withdrawals_debit_the_balance_and_show_up_in_operations() {
    let (mock, client) = sandbox().await;
    let before = client.balances().get("BTC").await.unwrap().balance;
    let w = client
        .withdrawals()
        .cash_out(&CashOut::parse("BTC", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "0.00200000", Some("normal")).unwrap())
        .await
        .unwrap();
    assert_eq!(w.r#type, OperationType::CashOut);
    assert_eq!(w.status, Status::Completed);
    assert_eq!(w.amount.unwrap().to_string(), "0.00200000");
    assert_eq!(w.wallet_hash.as_deref(), Some("1BoatSLRHtKNngkdXEeobR76b53LETtpyT"));
    let fee = w.fee.unwrap();
    assert!(fee > Decimal::ZERO);
    assert_eq!(w.params.as_ref().and_then(|p| p.fee.as_ref()).and_then(|f| f.plan.clone()), Some(FeePlan::Normal));
    let after = client.balances().get("BTC").await.unwrap().balance;
    assert_eq!(before - after, d("0.002") + fee, "debited amount + fee exactly");

    let got = client.operations().get(&w.id).await.unwrap();
    assert_eq!(got.id, w.id);
    assert_eq!(got.amount, w.amount);
    let found = client.operations().list(&OperationsQuery { search: Some(w.id.clone()), ..Default::default() }).await.unwrap();
    assert!(found.operations.iter().any(|o| o.id == w.id));
    let withdraw_requests = mock.requests().iter().filter(|r| r.path.contains("operations/withdraw")).count();
    assert_eq!(withdraw_requests, 1);
    assert!(mock.requests().iter().all(|r| !r.query.contains(mock.api_key())), "the sandbox log is redacted too");
}

#[tokio::test]
async fn mass_payout_keeps_order_and_exact_amounts() {
    let (_mock, client) = sandbox().await;
    let payouts =
        [("0x52908400098527886e0f7030069857d2e4169ee7", "0.000000000000000001"), ("0x8617e340b3d01fa5f11f306f4090fd50e238070d", "1.5")];
    let w = client.withdrawals().mass_cash_out(&MassCashOut::parse("ETH", &payouts, None).unwrap()).await.unwrap();
    assert_eq!(w.r#type, OperationType::MassCashOut);
    assert_eq!(w.sendmany.len(), 2);
    assert_eq!(w.sendmany[0].to, payouts[0].0);
    assert_eq!(w.sendmany[0].amount, d("0.000000000000000001"));
    assert_eq!(w.sendmany[1].amount, d("1.5"));
}

#[tokio::test]
async fn insufficient_funds_is_a_typed_api_error_and_moves_nothing() {
    let (_mock, client) = sandbox().await;
    let before = client.balances().get("LTC").await.unwrap().balance;
    let err = client
        .withdrawals()
        .cash_out(&CashOut::parse("LTC", "LdP8Qox1VAhCzLJNqrr74YovaWYyNBUWvL", "99999999", None).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "api_error");
    assert_eq!(err.plisio_code(), Some(116));
    assert!(err.api_details().unwrap().field_errors.contains_key("balance"));
    assert_eq!(client.balances().get("LTC").await.unwrap().balance, before);
    let err = client.balances().get("BTCX").await.unwrap_err();
    assert_eq!(err.plisio_code(), Some(105));
}

#[tokio::test]
async fn deposits_are_stable_per_user_and_coin_and_listed() {
    let (_mock, client) = sandbox().await;
    let one = client.deposits().create("USER-12345", &["BTC"]).await.unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].uid, "USER-12345");
    let many = client.deposits().create("USER-12345", &["BTC", "ETH", "USDT_TRX"]).await.unwrap();
    assert_eq!(many.iter().map(|d| d.psys_cid.as_str()).collect::<Vec<_>>(), ["BTC", "ETH", "USDT_TRX"]);
    assert_eq!(many[0].hash, one[0].hash, "one stable address per (uid, coin)");
    assert!(many[1].hash.starts_with("0x"));
    let page = client.deposits().list(&DepositsQuery { uid: Some("USER-12345".into()), ..Default::default() }).await.unwrap();
    assert_eq!(page.deposits.len(), 3);
    let eth_only = client.deposits().list(&DepositsQuery { currencies: vec!["ETH".into()], ..Default::default() }).await.unwrap();
    assert!(eth_only.deposits.iter().all(|d| d.psys_cid == "ETH"));
    for i in 0..45 {
        client.deposits().create(&format!("user-{i}"), &["TRX"]).await.unwrap();
    }
    let all: Vec<_> = client.deposits().stream(DepositsQuery { limit: Some(20), ..Default::default() }).collect().await;
    assert_eq!(all.len(), 48);
    assert!(all.iter().all(Result::is_ok));
}

#[tokio::test]
async fn white_label_disabled_is_reported() {
    let mock = MockServer::start(MockConfig { white_label: false, ..Default::default() }).await.unwrap();
    let client = client_for(&mock, |b| b);
    let err = client.deposits().create("u1", &["BTC"]).await.unwrap_err();
    assert_eq!(err.plisio_code(), Some(400));
    assert!(err.to_string().contains("White-label"));
    let inv = client
        .invoices()
        .create(&NewInvoice {
            order_name: "Hosted".into(),
            order_number: "h-1".into(),
            amount: Some(d("0.001")),
            currency: Some("BTC".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(inv.txn_id.is_some() && inv.invoice_url.is_some());
    assert!(inv.wallet_hash.is_none(), "a hosted shop gets the short answer");
}

#[tokio::test]
async fn invoices_fees_currencies_shop() {
    let (_mock, client) = sandbox().await;
    let inv = client
        .invoices()
        .create(&NewInvoice {
            order_name: "Order 7".into(),
            order_number: "order-7".into(),
            source_currency: Some("USD".into()),
            source_amount: Some(d("15.00")),
            currency: Some("BTC".into()),
            callback_url: Some("http://127.0.0.1:9/cb?json=true".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(inv.status, Some(Status::New));
    assert!(inv.amount.unwrap() > Decimal::ZERO);
    assert!(inv.expire_at.is_some());
    let id = inv.txn_id.clone().unwrap();
    let details = client.invoices().get(&id).await.unwrap();
    assert_eq!(details.invoice.txn_id.as_deref(), Some(id.as_str()));
    assert!(!details.allowed_psys_cids.is_empty());
    let with_email = client.invoices().set_email(&id, "payer@example.com").await.unwrap();
    assert_eq!(with_email.invoice.txn_id.as_deref(), Some(id.as_str()));
    assert_eq!(client.invoices().set_email(&id, "not-an-email").await.unwrap_err().code(), "invalid_input");
    let switched = client.invoices().switch_currency(&id, "LTC").await.unwrap();
    let child = switched.invoice.txn_id.clone().unwrap();
    assert_ne!(child, id, "switching creates a child invoice");
    assert_eq!(switched.invoice.psys_cid.as_deref(), Some("LTC"));
    assert_eq!(switched.active_invoice_id.as_deref(), Some(child.as_str()));
    let parent = client.invoices().get(&id).await.unwrap();
    assert_eq!(parent.invoice.status, Some(Status::CancelledDuplicate));
    assert_eq!(parent.active_invoice_id.as_deref(), Some(child.as_str()), "the parent points at the active child");
    assert_eq!(client.invoices().switch_currency(&id, "NOPE").await.unwrap_err().plisio_code(), Some(105));
    let dup = client
        .invoices()
        .create(&NewInvoice { order_name: "Order 7".into(), order_number: "order-7".into(), amount: Some(d("0.1")), ..Default::default() })
        .await
        .unwrap_err();
    assert_eq!(dup.code(), "api_error");
    let again = client
        .invoices()
        .create(&NewInvoice {
            order_name: "Order 7".into(),
            order_number: "order-7".into(),
            amount: Some(d("0.1")),
            return_existing: true,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(again.txn_id.as_deref(), Some(child.as_str()), "return_existing answers the order's active invoice");

    let est = client
        .fees()
        .estimate(&FeeEstimateRequest {
            currency: "BTC".into(),
            payouts: vec![Payout::new("1BoatSLRHtKNngkdXEeobR76b53LETtpyT", d("0.01"))],
            fee_plan: Some(FeePlan::Priority),
        })
        .await
        .unwrap();
    assert!(est.fee > Decimal::ZERO);
    assert_eq!(est.plan, Some(FeePlan::Priority));
    let com = client.fees().commission(&CommissionRequest { currency: "ETH".into(), ..Default::default() }).await.unwrap();
    assert_eq!(com.use_wallet, Some(false));
    assert!(com.plans.contains_key("normal"));
    let xmr = client.fees().plans("XMR").await.unwrap();
    assert_eq!(xmr.get(&FeePlan::Normal).unwrap().value, Some(d("0.000222")));
    assert!(xmr.raw.as_str().contains("0.000222"));
    let eth = client.fees().plans("ETH").await.unwrap();
    assert!(eth.get(&FeePlan::Normal).unwrap().gas_price.unwrap() > d("2147483647"));

    let usd = client.currencies().list(None).await.unwrap();
    assert!(usd.iter().any(|c| c.cid.as_deref() == Some("USDT_TRX")));
    let eur = client.currencies().list(Some("EUR")).await.unwrap();
    assert!(eur.iter().all(|c| c.fiat.as_deref() == Some("EUR")));
    let shop = client.shop().get().await.unwrap();
    assert_eq!(shop.white_label, Some(true));
}

#[tokio::test]
async fn pagination_follows_every_page_and_strips_the_key_from_links() {
    let (mock, client) = sandbox().await;
    let seeded = mock.seed_operations(57, Some("cash_in"), Some("BTC"));
    assert_eq!(seeded, 57);
    let page = client.operations().list(&OperationsQuery { limit: Some(10), ..Default::default() }).await.unwrap();
    assert_eq!(page.meta.per_page, 10);
    assert_eq!(page.meta.total_count, 57);
    assert_eq!(page.next_page(), Some(2));
    for link in [&page.links.self_, &page.links.next, &page.links.last, &page.links.first] {
        let link = link.as_deref().expect("link present");
        assert!(!link.contains("api_key") && !link.contains(mock.api_key()), "{link}");
    }
    let all: Vec<Operation> =
        client.operations().stream(OperationsQuery { limit: Some(10), ..Default::default() }).map(|r| r.unwrap()).collect().await;
    assert_eq!(all.len(), 57);
    let mut ids: Vec<_> = all.iter().map(|o| o.id.clone()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 57);
    let filtered = client.operations().list(&OperationsQuery { r#type: Some(OperationType::CashOut), ..Default::default() }).await.unwrap();
    assert!(filtered.operations.iter().all(|o| o.r#type == OperationType::CashOut));
    let pages: Vec<_> = client.operations().pages(OperationsQuery { limit: Some(25), ..Default::default() }).collect().await;
    assert_eq!(pages.len(), 3);
}

#[tokio::test]
async fn reads_retry_transient_faults() {
    let (mock, client) = sandbox().await;
    for kind in
        [FaultKind::Html502, FaultKind::Reset, FaultKind::RateLimit { retry_after_secs: 0 }, FaultKind::Status { code: 503, body: None }]
    {
        mock.clear_requests();
        mock.push_fault(Fault::new(kind.clone()));
        let b = client.balances().get("BTC").await.unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        assert!(b.balance > Decimal::ZERO);
        assert_eq!(mock.requests().len(), 2, "{kind:?}: one failure, one retry");
    }
    // The budget is finite: three 502s with max_retries = 2 is an error, after 3 attempts.
    mock.clear_requests();
    mock.push_fault(Fault::new(FaultKind::Html502).times(3));
    let err = client.balances().get("BTC").await.unwrap_err();
    assert_eq!(err.code(), "decode");
    assert_eq!(err.http_status(), Some(502));
    assert_eq!(mock.requests().len(), 3);
    // A long Retry-After is not slept through: it surfaces as rate_limited.
    mock.push_fault(Fault::new(FaultKind::RateLimit { retry_after_secs: 3600 }));
    let err = client.balances().get("BTC").await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(3600)));
    // Oversized and invalid bodies are decode errors with a redacted snippet.
    let small = client_for(&mock, |b| b.max_body_bytes(4096));
    mock.push_fault(Fault::new(FaultKind::Oversized { bytes: 100_000 }));
    assert_eq!(small.shop().get().await.unwrap_err().code(), "decode");
    mock.push_fault(Fault::new(FaultKind::InvalidJson));
    assert_eq!(client.shop().get().await.unwrap_err().code(), "decode");
}

#[tokio::test]
async fn a_timed_out_withdrawal_is_outcome_unknown_and_was_sent_exactly_once() {
    let (mock, _) = sandbox().await;
    let client = client_for(&mock, |b| b.timeout(Duration::from_millis(300)).max_retries(5));
    let before = mock.balance("BTC").unwrap();
    mock.push_fault(Fault::new(FaultKind::Delay { ms: 1500 }).on_path("operations/withdraw"));
    let err = client
        .withdrawals()
        .cash_out(&CashOut::parse("BTC", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "0.01", None).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "outcome_unknown", "{err}");
    assert!(err.to_string().contains("reconcile"));
    tokio::time::sleep(Duration::from_millis(1400)).await;
    let sent = mock.requests().iter().filter(|r| r.path.contains("operations/withdraw")).count();
    assert_eq!(sent, 1, "never retried");
    assert!(mock.balance("BTC").unwrap() < before, "the sandbox executed it: that is why the outcome is unknown");
    // Reconciliation finds it.
    let recon = client.operations().list(&OperationsQuery { r#type: Some(OperationType::CashOut), ..Default::default() }).await.unwrap();
    assert_eq!(recon.operations.len(), 1);
}

#[tokio::test]
async fn withdrawal_faults_are_never_retried() {
    let (mock, client) = sandbox().await;
    let req = CashOut::parse("BTC", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "0.01", None).unwrap();
    for kind in [
        FaultKind::Reset,
        FaultKind::Html502,
        FaultKind::TruncatedJson,
        FaultKind::Status { code: 504, body: Some("gateway timeout".into()) },
    ] {
        mock.clear_requests();
        mock.push_fault(Fault::new(kind.clone()).on_path("operations/withdraw"));
        let err = client.withdrawals().cash_out(&req).await.unwrap_err();
        assert_eq!(err.code(), "outcome_unknown", "{kind:?}: {err}");
        assert_eq!(mock.requests().len(), 1, "{kind:?}");
    }
    // A rate limit on a withdrawal is a definite refusal: reported, not retried.
    mock.clear_requests();
    mock.push_fault(Fault::new(FaultKind::RateLimit { retry_after_secs: 0 }).on_path("operations/withdraw"));
    assert_eq!(client.withdrawals().cash_out(&req).await.unwrap_err().code(), "rate_limited");
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn a_withdrawal_to_a_closed_port_is_a_connection_error_not_unknown() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = Client::builder("k")
        .base_url(format!("http://127.0.0.1:{port}/api/v1"))
        .max_retries(1)
        .backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .unwrap();
    let err = client
        .withdrawals()
        .cash_out(&CashOut::parse("BTC", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "0.1", None).unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "connection", "nothing left the process: {err}");
    assert!(!err.to_string().contains("api_key"));
}

#[tokio::test]
async fn every_error_variant_is_redacted() {
    let (mock, client) = sandbox().await;
    let key = mock.api_key().to_owned();
    let mut errors: Vec<Error> = Vec::new();
    let bad = Client::builder("sk_wrong_key_123").base_url(mock.url()).build().unwrap();
    errors.push(bad.shop().get().await.unwrap_err());
    errors.push(client.operations().get("nope0000").await.unwrap_err());
    errors.push(client.balances().get("NOPE").await.unwrap_err());
    mock.push_fault(Fault::new(FaultKind::RateLimit { retry_after_secs: 999 }));
    errors.push(client.shop().get().await.unwrap_err());
    errors.push(client.operations().list(&OperationsQuery { limit: Some(0), ..Default::default() }).await.unwrap_err());
    errors.push(Client::builder(key.clone()).base_url("http://example.com/api/v1").build().unwrap_err());
    let quick = client_for(&mock, |b| b.timeout(Duration::from_millis(100)).max_retries(0));
    mock.push_fault(Fault::new(FaultKind::Delay { ms: 600 }));
    errors.push(quick.shop().get().await.unwrap_err());
    mock.push_fault(Fault::new(FaultKind::Reset));
    errors.push(quick.shop().get().await.unwrap_err());
    mock.push_fault(Fault::new(FaultKind::Status { code: 200, body: Some(format!("<html>{key} api_key={key}</html>")) }));
    errors.push(client.shop().get().await.unwrap_err());
    errors.push(callback::verify(b"{\"a\":\"1\",\"verify_hash\":\"00\"}", None, &key).unwrap_err());
    mock.push_fault(Fault::new(FaultKind::Delay { ms: 600 }).on_path("withdraw"));
    errors.push(
        quick
            .withdrawals()
            .cash_out(&CashOut::parse("BTC", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "0.01", None).unwrap())
            .await
            .unwrap_err(),
    );
    let codes: std::collections::BTreeSet<&str> = errors.iter().map(Error::code).collect();
    for code in [
        "authentication",
        "not_found",
        "api_error",
        "rate_limited",
        "invalid_input",
        "configuration",
        "timeout",
        "connection",
        "decode",
        "signature",
        "outcome_unknown",
    ] {
        assert!(codes.contains(code), "variant {code} not exercised: {codes:?}");
    }
    // Every kind but `internal` (an SDK bug, e.g. a panic caught by a binding) is reachable through the client.
    assert_eq!(codes.len(), Error::CODES.len() - 1);
    assert_eq!(Error::from_panic(&"boom").code(), "internal");
    for e in &errors {
        let printed = format!("{e} | {e:?} | {}", e.api_details().map(|d| d.to_string()).unwrap_or_default());
        assert!(!printed.contains(&key), "{} leaked the key: {printed}", e.code());
        assert!(!printed.contains("sk_wrong_key_123"), "{printed}");
    }
}

#[tokio::test]
async fn one_client_serves_many_tasks() {
    let (_mock, client) = sandbox().await;
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let c = client.clone();
            tokio::spawn(async move {
                let uid = format!("concurrent-{i}");
                c.deposits().create(&uid, &["BTC"]).await.map(|d| d[0].uid.clone())
            })
        })
        .collect();
    for (i, t) in tasks.into_iter().enumerate() {
        assert_eq!(t.await.unwrap().unwrap(), format!("concurrent-{i}"));
    }
}

#[tokio::test]
async fn typo_addresses_are_refused_before_sending_unless_the_check_is_skipped() {
    let (mock, client) = sandbox().await;
    let typo = CashOut::parse("BTC", "1BoatSLRHtKNngkdXEeobR76b53LETtpyU", "0.01", None).unwrap();
    let err = client.withdrawals().cash_out(&typo).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidInput { field, message } if field == "to" && message.contains("checksum")), "{err}");
    let mass = MassCashOut::parse(
        "ETH",
        &[("0x52908400098527886E0F7030069857D2E4169EE7", "1"), ("0x52908400098527886E0F7030069857D2E4169Ee7", "1")],
        None,
    )
    .unwrap();
    let err = client.withdrawals().mass_cash_out(&mass).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "payouts[1].to"), "{err}");
    assert!(mock.requests().is_empty(), "nothing was sent");
    // The opt-out sends it as is (the sandbox, like Plisio, only checks the shape).
    let w = client.withdrawals().without_address_check().cash_out(&typo).await.unwrap();
    assert_eq!(w.wallet_hash.as_deref(), Some("1BoatSLRHtKNngkdXEeobR76b53LETtpyU"));
    assert_eq!(mock.requests().len(), 1);
}

#[tokio::test]
async fn fee_estimates_refuse_a_malformed_fee_plan_before_sending() {
    let (mock, client) = sandbox().await;
    let payouts = vec![Payout::new("1BoatSLRHtKNngkdXEeobR76b53LETtpyT", d("0.01"))];
    let bad = Some(FeePlan::from("fast&type=x"));
    let err = client.fees().estimate(&FeeEstimateRequest { currency: "BTC".into(), payouts, fee_plan: bad.clone() }).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "fee_plan"), "{err}");
    let err =
        client.fees().commission(&CommissionRequest { currency: "BTC".into(), fee_plan: bad, ..Default::default() }).await.unwrap_err();
    assert!(matches!(&err, Error::InvalidInput { field, .. } if field == "fee_plan"), "{err}");
    assert!(mock.requests().is_empty());
}
