//! `make demo`: the SDK end to end against the embedded sandbox. No API key, no network.
//!
//! White-label deposit addresses for a user → a simulated `pay_in` whose signed callback is received
//! on a loopback listener and verified → an invoice paid with a JSON callback → the operations list →
//! a mass payout (estimate, then send) → balances before/after → a tampered callback refused → a
//! withdrawal whose answer never arrives, reported as "outcome unknown" and reconciled, not resent.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use futures_util::StreamExt;
use plisio_core::callback::Verifier;
use plisio_core::money::parse_amount;
use plisio_core::*;
use plisio_mock::{Fault, FaultKind, MockConfig, MockServer, PayIn, PayInvoice};
use tokio::sync::mpsc;

type Events = mpsc::UnboundedSender<std::result::Result<CallbackEvent, String>>;

/// Your web app's callback endpoint: verify the raw body, answer 200 or 422.
async fn plisio_callback(State((verifier, events)): State<(Verifier, Events)>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok());
    match verifier.verify(&body, content_type) {
        Ok(event) => {
            let _ = events.send(Ok(event));
            StatusCode::OK
        }
        Err(e) => {
            let _ = events.send(Err(e.to_string()));
            StatusCode::UNPROCESSABLE_ENTITY
        }
    }
}

fn step(n: u32, title: &str) {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        println!("\n\x1b[1m{n}. {title}\x1b[0m");
    } else {
        println!("\n{n}. {title}");
    }
}

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    println!("plisio-sdk {} demo — everything below runs against the embedded sandbox on 127.0.0.1", plisio_core::VERSION);

    // The shop's callback receiver (your web app), on loopback.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let callback_url = format!("http://{}/plisio/callback", listener.local_addr()?);
    let mock = MockServer::start(MockConfig { callback_url: Some(callback_url.clone()), ..MockConfig::default() }).await?;
    let (tx, mut events) = mpsc::unbounded_channel();
    let app = axum::Router::new()
        .route("/plisio/callback", axum::routing::post(plisio_callback))
        .with_state((Verifier::new(mock.api_key())?, tx));
    tokio::spawn(async move { axum::serve(listener, app).await });

    let client = Client::builder(mock.api_key()).base_url(mock.url()).timeout(Duration::from_secs(5)).build()?;
    println!("sandbox: {}   callbacks: {callback_url}   client: {client:?}", mock.url());

    step(1, "The shop and its balances");
    let shop = client.shop().get().await?;
    println!("   shop {:?}, white-label: {:?}", shop.name.unwrap_or_default(), shop.white_label.unwrap_or(false));
    let mut before = Vec::new();
    for coin in ["BTC", "ETH", "USDT_TRX"] {
        let b = client.balances().get(coin).await?;
        println!("   {coin:<9} {}", b.balance);
        before.push((coin, b.balance));
    }

    step(2, "Permanent deposit addresses for user \"alice\" (white-label)");
    let deposits = client.deposits().create("alice", &["BTC", "ETH", "USDT_TRX"]).await?;
    for d in &deposits {
        println!("   {:<9} {}", d.psys_cid, d.hash);
    }
    let again = client.deposits().create("alice", &["BTC"]).await?;
    println!("   asking again gives the same BTC address: {}", again[0].hash == deposits[0].hash);

    step(3, "Alice sends 250 USDT (TRC-20): Plisio POSTs a signed pay_in callback (multipart/form-data)");
    let sim = mock
        .simulate_pay_in(PayIn {
            uid: "alice".into(),
            psys_cid: "USDT_TRX".into(),
            amount: parse_amount("amount", "250")?,
            callback_url: None,
            format: None,
        })
        .await?;
    if let Some(cb) = &sim.callback {
        println!("   callback → {} ({}), your endpoint answered {:?}", cb.url, cb.content_type.split(';').next().unwrap_or(""), cb.status);
    }
    let event = tokio::time::timeout(Duration::from_secs(5), events.recv()).await?.ok_or("no callback")??;
    println!(
        "   verified {:?} callback: user {:?} paid {} {}, credited {} (status {:?}, format {:?})",
        event.ipn_type.as_str(),
        event.deposit_uid.as_deref().unwrap_or("?"),
        event.amount.unwrap_or_default(),
        event.psys_cid.as_deref().unwrap_or("?"),
        event.deposit_sum.or(event.invoice_sum).unwrap_or_default(),
        event.status.as_ref().map(Status::as_str).unwrap_or("?"),
        event.format,
    );

    step(4, "An invoice for order #1001, paid by the customer (JSON callback: json=true)");
    let invoice = client
        .invoices()
        .create(&NewInvoice {
            order_name: "Order #1001".into(),
            order_number: "1001".into(),
            currency: Some("BTC".into()),
            source_currency: Some("USD".into()),
            source_amount: Some(parse_amount("source_amount", "49.90")?),
            callback_url: Some(format!("{callback_url}?json=true")),
            ..Default::default()
        })
        .await?;
    let txn = invoice.txn_id.clone().unwrap_or_default();
    println!("   invoice {txn}: pay {} BTC to {}", invoice.amount.unwrap_or_default(), invoice.wallet_hash.as_deref().unwrap_or("?"));
    mock.pay_invoice(PayInvoice { txn_id: txn.clone(), amount: None, status: None, format: None, callback_url: None }).await?;
    let event = tokio::time::timeout(Duration::from_secs(5), events.recv()).await?.ok_or("no callback")??;
    println!(
        "   verified invoice callback: order {:?} is {:?} (paid: {}), format {:?}",
        event.order_number.as_deref().unwrap_or("?"),
        event.status.as_ref().map(Status::as_str).unwrap_or("?"),
        event.is_paid(),
        event.format
    );

    step(5, "The operations list (newest first), then every page streamed");
    mock.seed_operations(42, None, None);
    let page = client.operations().list(&OperationsQuery { limit: Some(5), ..Default::default() }).await?;
    println!("   {} operations in {} pages; first page:", page.meta.total_count, page.meta.page_count);
    for op in &page.operations {
        println!(
            "   {:<26} {:<14} {:<10} {:>24} {}",
            op.id,
            op.r#type.as_str(),
            op.status.as_str(),
            op.amount.map(|a| a.to_string()).unwrap_or_default(),
            op.psys_cid.as_deref().unwrap_or("")
        );
    }
    println!("   next page link (api_key stripped): {}", page.links.next.as_deref().unwrap_or("-"));
    let total = client
        .operations()
        .stream(OperationsQuery { limit: Some(20), ..Default::default() })
        .filter(|r| futures_util::future::ready(r.is_ok()))
        .count()
        .await;
    println!("   streamed {total} operations across all pages");

    step(6, "A mass payout in BTC: estimate first (dry run), then send once");
    let payouts = [
        ("1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "0.0015"),
        ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "0.0025"),
        ("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "0.001"),
    ];
    let mass = MassCashOut::parse("BTC", &payouts, Some("normal"))?;
    let estimate = client
        .fees()
        .estimate(&FeeEstimateRequest { currency: "BTC".into(), payouts: mass.payouts.clone(), fee_plan: mass.fee_plan.clone() })
        .await?;
    let sum: Decimal = mass.payouts.iter().map(|p| p.amount).sum();
    println!(
        "   {} payouts, total {sum} BTC, estimated network fee {} ({} plan)",
        mass.payouts.len(),
        estimate.fee,
        estimate.plan.as_ref().map(FeePlan::as_str).unwrap_or("default")
    );
    let sent = client.withdrawals().mass_cash_out(&mass).await?;
    println!("   sent: operation {} {}, fee {}", sent.id, sent.status, sent.fee.unwrap_or_default());
    for p in &sent.sendmany {
        println!("     → {:<44} {}", p.to, p.amount);
    }

    step(7, "Balances after");
    for (coin, old) in before {
        let now = client.balances().get(coin).await?.balance;
        println!("   {coin:<9} {old} → {now} ({}{})", if now >= old { "+" } else { "" }, now - old);
    }

    step(8, "A forged callback (amount changed in transit) is refused");
    let last = sim.callback.map(|c| c.body).unwrap_or_default();
    let forged = last.replacen("250.000000", "2500.000000", 1);
    match callback::verify(forged.as_bytes(), None, mock.api_key()) {
        Ok(_) => println!("   UNEXPECTED: accepted"),
        Err(e) => println!("   refused: {e} (code {})", e.code()),
    }

    step(9, "A withdrawal whose answer never arrives is NOT resent");
    let impatient = Client::builder(mock.api_key()).base_url(mock.url()).timeout(Duration::from_millis(300)).max_retries(3).build()?;
    mock.clear_requests();
    mock.push_fault(Fault::new(FaultKind::Delay { ms: 1200 }).on_path("operations/withdraw"));
    let single = CashOut::parse("ETH", "0x52908400098527886e0f7030069857d2e4169ee7", "0.25", None)?;
    match impatient.withdrawals().cash_out(&single).await {
        Err(e @ Error::OutcomeUnknown { .. }) => println!("   {} → {e}", e.code()),
        other => println!("   unexpected: {other:?}"),
    }
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let sends = mock.requests().iter().filter(|r| r.path.contains("operations/withdraw")).count();
    let recent = client
        .operations()
        .list(&OperationsQuery { r#type: Some(OperationType::CashOut), search: Some(single.to.clone()), ..Default::default() })
        .await?;
    println!("   withdraw requests sent: {sends}; reconciliation by destination address finds {} cash_out:", recent.operations.len());
    for op in &recent.operations {
        println!("     {} {} {} ETH → {}", op.id, op.status, op.amount.unwrap_or_default(), op.wallet_hash.as_deref().unwrap_or("?"));
    }

    println!("\nDone. The same sandbox is `plisio_mock::MockServer` in your own tests, or `make mock`.");
    mock.shutdown().await;
    Ok(())
}
