//! Deposit (`pay_in`) and invoice callbacks: delivery, encodings, signatures, state changes.

use plisio_mock::{CallbackFormat, MockError, PayIn, PayInvoice};
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::common::{Mock, Receiver, field, html_decode, parse_multipart, verify_form, verify_json};

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

#[tokio::test]
async fn pay_in_json_callback_is_signed_and_credits_the_balance() {
    let m = Mock::start().await;
    let mut rx = Receiver::start().await;
    let address = m.deposit("test8", "USDT_TRX").await;
    let url = format!("{}/plisio_cb?json=true", rx.url);
    let result = m
        .server
        .simulate_pay_in(PayIn { callback_url: Some(url.clone()), ..PayIn::new("test8", "USDT_TRX", dec("2")) })
        .await
        .expect("pay_in");
    let got = rx.next().await;
    assert_eq!(got.path_and_query, "/plisio_cb?json=true");
    assert_eq!(got.content_type, "application/json");
    let body = String::from_utf8(got.body).expect("utf-8");
    assert!(verify_json(&body, m.server.api_key()), "{body}");
    assert!(body.ends_with(&format!(",\"verify_hash\":\"{}\"}}", result.callback.as_ref().expect("cb").verify_hash)));
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["ipn_type"], "pay_in");
    assert_eq!(v["amount"], "2.000000");
    assert_eq!(v["invoice_commission"], "0.020000");
    assert_eq!(v["deposit_sum"], "1.980000");
    assert_eq!(v["invoice_sum"], "1.980000");
    assert_eq!(v["invoice_total_sum"], "2.000000");
    assert_eq!(v["pending_amount"], "0.000000");
    assert_eq!(v["currency"], "USDT_TRX", "as in the deposit page's example");
    assert_eq!(v["psys_cid"], "USDT_TRX");
    assert_eq!(v["deposit_uid"], "test8");
    assert_eq!(v["wallet_hash"], address);
    assert_eq!(v["status"], "completed");
    assert_eq!(v["source_currency"], "USD");
    assert_eq!(v["merchant"], "Plisio Mock Shop");
    assert_eq!(v["confirmations"], "20");
    let txn = v["txn_id"].as_str().expect("txn");
    assert_eq!(v["comment"], format!("Invoice details: {}/account/transactions/{txn}", m.server.root_url()));
    let urls = v["tx_urls"].as_array().expect("array in JSON mode");
    assert!(urls[0].as_str().expect("url").starts_with("https://tronscan.org/#/transaction/"));
    // Keys sorted, verify_hash last.
    let keys: Vec<&str> = v.as_object().expect("obj").keys().map(String::as_str).collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted);

    let cb = result.callback.expect("delivered");
    assert_eq!(cb.status, Some(200));
    assert_eq!(cb.url, url);
    assert_eq!(cb.format, CallbackFormat::Json);
    assert_eq!(cb.body, body);
    assert_eq!(cb.response_body.as_deref(), Some("OK"));
    assert!(cb.error.is_none());
    assert_eq!(result.operation["type"], "cash_in");
    assert_eq!(result.operation["id"], txn);
    assert_eq!(m.server.balance("USDT_TRX"), Some(dec("100001.98")));
    let (_, op) = m.get(&format!("operations/{txn}"), &[]).await;
    assert_eq!(op["data"]["deposit_uid"], "test8");
    assert_eq!(op["data"]["wallet_hash"], address);
    assert_eq!(op["data"]["amount"], "2.000000");
    let (_, list) = m.get("operations", &[("type", "cash_in"), ("search", "test8")]).await;
    assert_eq!(list["data"]["_meta"]["totalCount"], 1);
}

#[tokio::test]
async fn pay_in_defaults_to_multipart_on_the_status_url() {
    let m = Mock::start().await;
    let mut rx = Receiver::start().await;
    m.server.set_callback_url(Some(format!("{}/status", rx.url)));
    m.deposit("u-1", "BTC").await;
    let result = m.server.simulate_pay_in(PayIn::new("u-1", "BTC", dec("0.01"))).await.expect("pay_in");
    let got = rx.next().await;
    assert_eq!(got.path_and_query, "/status");
    assert!(got.content_type.starts_with("multipart/form-data; boundary="), "{}", got.content_type);
    let fields = parse_multipart(&got.content_type, &got.body);
    assert_eq!(fields.last().map(|(k, _)| k.as_str()), Some("verify_hash"));
    assert!(verify_form(&fields, m.server.api_key()));
    assert_eq!(field(&fields, "ipn_type"), "pay_in");
    assert_eq!(field(&fields, "amount"), "0.01000000");
    assert_eq!(field(&fields, "deposit_sum"), "0.00990000");
    // tx_urls travels as PHP's json_encode (escaped slashes), HTML-escaped.
    let tx_urls = field(&fields, "tx_urls");
    assert!(tx_urls.starts_with("[&quot;https:\\/\\/blockchair.com\\/bitcoin\\/transaction\\/"), "{tx_urls}");
    let decoded: Vec<String> = serde_json::from_str(&html_decode(tx_urls)).expect("JSON array");
    assert_eq!(decoded.len(), 1);
    assert_eq!(result.callback.as_ref().map(|c| c.format), Some(CallbackFormat::Multipart));
    // Tampering breaks the signature.
    let mut tampered = fields.clone();
    if let Some(f) = tampered.iter_mut().find(|(k, _)| k == "amount") {
        f.1 = "1.00000000".into();
    }
    assert!(!verify_form(&tampered, m.server.api_key()));
}

#[tokio::test]
async fn pay_in_urlencoded_through_the_http_control() {
    let m = Mock::start().await;
    let mut rx = Receiver::start().await;
    m.deposit("u-2", "ETH").await;
    let (status, result) = m
        .control(
            Method::POST,
            "/__mock/deposits/pay_in",
            Some(json!({"uid":"u-2","psys_cid":"ETH","amount":0.5,"callback_url":format!("{}/cb", rx.url),"format":"urlencoded"})),
        )
        .await;
    assert_eq!(status, 200, "{result}");
    let got = rx.next().await;
    assert_eq!(got.content_type, "application/x-www-form-urlencoded");
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&got.body).into_owned().collect();
    assert!(verify_form(&fields, m.server.api_key()));
    assert_eq!(field(&fields, "amount"), "0.500000000000000000");
    assert_eq!(result["callback"]["status"], 200);
    assert_eq!(result["callback"]["format"], "urlencoded");
    assert_eq!(result["operation"]["type"], "cash_in");
    assert_eq!(result["operation"]["pending_sum"], 0);
    assert_eq!(m.server.balance("ETH"), Some(dec("25.495")));
}

#[tokio::test]
async fn pay_in_errors() {
    let m = Mock::start().await;
    let err = m.server.simulate_pay_in(PayIn::new("ghost", "BTC", dec("1"))).await.expect_err("no address");
    assert!(matches!(err, MockError::NotFound(_)), "{err}");
    let (status, body) =
        m.control(Method::POST, "/__mock/deposits/pay_in", Some(json!({"uid":"ghost","psys_cid":"BTC","amount":"1"}))).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "not_found");
    m.deposit("real", "BTC").await;
    let err = m.server.simulate_pay_in(PayIn::new("real", "BTC", dec("0.000000001"))).await.expect_err("precision");
    assert!(matches!(err, MockError::InvalidRequest(_)));
    let err = m.server.simulate_pay_in(PayIn::new("real", "NOPE", dec("1"))).await.expect_err("coin");
    assert!(matches!(err, MockError::InvalidRequest(_)));
    let (status, _) = m.control(Method::POST, "/__mock/deposits/pay_in", Some(json!({"uid":"real"}))).await;
    assert_eq!(status, 400);
    assert_eq!(m.server.balance("BTC"), Some(dec("1.5")), "nothing credited");
}

#[tokio::test]
async fn undeliverable_callback_is_reported_not_raised() {
    let m = Mock::start().await;
    m.deposit("u", "LTC").await;
    // A port with nothing listening.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let result = m
        .server
        .simulate_pay_in(PayIn { callback_url: Some(format!("http://127.0.0.1:{port}/cb")), ..PayIn::new("u", "LTC", dec("1")) })
        .await
        .expect("the simulation itself succeeds");
    let cb = result.callback.expect("attempted");
    assert_eq!(cb.status, None);
    assert!(cb.error.as_deref().is_some_and(|e| e.contains("connection")), "{:?}", cb.error);
    assert_eq!(m.server.balance("LTC"), Some(dec("100.99")), "credited anyway");
    // No URL at all.
    let result = m.server.simulate_pay_in(PayIn::new("u", "LTC", dec("1"))).await.expect("pay_in");
    assert!(result.callback.is_none());
    assert_eq!(result.callback_skipped.as_deref(), Some("no callback url"));
}

#[tokio::test]
async fn paying_an_invoice_in_full() {
    let m = Mock::start().await;
    let mut rx = Receiver::start().await;
    let cb_url = format!("{}/ipn?json=true", rx.url);
    let inv = m
        .invoice(&[("order_name", "Book"), ("order_number", "B-1"), ("currency", "BTC"), ("amount", "0.002"), ("callback_url", &cb_url)])
        .await;
    let txn = inv["txn_id"].as_str().expect("txn").to_owned();
    let result = m.server.pay_invoice(PayInvoice::new(&txn)).await.expect("paid");
    let got = rx.next().await;
    assert_eq!(got.content_type, "application/json");
    let body = String::from_utf8(got.body).expect("utf-8");
    assert!(verify_json(&body, m.server.api_key()), "{body}");
    let v: Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["ipn_type"], "invoice");
    assert_eq!(v["status"], "completed");
    assert_eq!(v["txn_id"], txn);
    assert_eq!(v["order_number"], "B-1");
    assert_eq!(v["order_name"], "Book");
    assert_eq!(v["amount"], "0.00200000");
    assert_eq!(v["currency"], "BTC");
    assert_eq!(v["source_currency"], "USD");
    assert_eq!(v["source_amount"], "130.00");
    assert_eq!(v["invoice_total_sum"], "0.00200000");
    assert_eq!(v["pending_amount"], "0.00000000");
    assert_eq!(v["confirmations"], "1");
    assert!(v["expire_utc"].is_i64());
    assert_eq!(v["tx_urls"].as_array().map(Vec::len), Some(1));

    assert_eq!(result.operation["status"], "completed");
    assert_eq!(result.invoice.as_ref().map(|i| i["received_amount"].clone()), Some(json!("0.00200000")));
    assert_eq!(m.server.balance("BTC"), Some(dec("1.50198")), "credited amount minus 1%");
    let (_, details) = m.get(&format!("invoices/{txn}"), &[]).await;
    assert_eq!(details["data"]["invoice"]["status"], "completed");
    assert_eq!(details["data"]["invoice"]["status_code"], 3);
    assert_eq!(details["data"]["invoice"]["remaining_amount"], "0.00000000");
    assert_eq!(details["data"]["invoice"]["tx_urls"].as_array().map(Vec::len), Some(1));
    let (_, op) = m.get(&format!("operations/{txn}"), &[]).await;
    assert_eq!(op["data"]["status"], "completed");
    assert!(op["data"]["tx_url"].is_string());
    let (_, list) = m.get("operations", &[("search", "B-1")]).await;
    assert_eq!(list["data"]["operations"][0]["status"], "completed");
    assert!(list["data"]["operations"][0]["tx_url"].is_array());
}

#[tokio::test]
async fn partial_then_full_then_status_overrides() {
    let m = Mock::start().await;
    let mut rx = Receiver::start().await;
    let inv =
        m.invoice(&[("order_name", "o"), ("order_number", "P-1"), ("currency", "LTC"), ("amount", "1"), ("callback_url", &rx.url)]).await;
    let txn = inv["txn_id"].as_str().expect("txn").to_owned();
    let (status, first) = m.control(Method::POST, &format!("/__mock/invoices/{txn}/pay"), Some(json!({"amount":"0.4"}))).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["operation"]["status"], "pending");
    assert_eq!(first["invoice"]["received_amount"], "0.40000000");
    assert_eq!(first["invoice"]["remaining_amount"], "0.60000000");
    let got = rx.next().await;
    assert!(got.content_type.starts_with("multipart/form-data"));
    let fields = parse_multipart(&got.content_type, &got.body);
    assert!(verify_form(&fields, m.server.api_key()));
    assert_eq!(field(&fields, "status"), "pending");
    assert_eq!(field(&fields, "amount"), "0.40000000");
    assert_eq!(m.server.balance("LTC"), Some(dec("100")), "not credited while pending");

    // Empty body: pays the rest.
    let (_, second) = m.control(Method::POST, &format!("/__mock/invoices/{txn}/pay"), None).await;
    assert_eq!(second["operation"]["status"], "completed");
    assert_eq!(second["operation"]["tx"].as_array().map(Vec::len), Some(2));
    rx.next().await;
    assert_eq!(m.server.balance("LTC"), Some(dec("100.99")));

    // Overpaid → mismatch; credit only the difference.
    let result = m
        .server
        .pay_invoice(PayInvoice {
            status: Some("mismatch".into()),
            amount: Some(dec("0.1")),
            format: Some(CallbackFormat::Json),
            ..PayInvoice::new(&txn)
        })
        .await
        .expect("mismatch");
    assert_eq!(result.operation["status"], "mismatch");
    let got = rx.next().await;
    assert_eq!(got.content_type, "application/json");
    assert_eq!(m.server.balance("LTC"), Some(dec("101.089")), "1.1 − 1% credited in total");

    // Expired invoices without payment, and the unknown-status / unknown-invoice errors.
    let inv2 = m.invoice(&[("order_name", "o"), ("order_number", "P-2"), ("amount", "0.01")]).await;
    let txn2 = inv2["txn_id"].as_str().expect("txn");
    let r = m.server.pay_invoice(PayInvoice { status: Some("expired".into()), ..PayInvoice::new(txn2) }).await.expect("expire");
    assert_eq!(r.operation["status"], "expired");
    assert!(r.callback.is_none());
    assert_eq!(r.callback_skipped.as_deref(), Some("no callback url"));
    let err = m.server.pay_invoice(PayInvoice { status: Some("paid".into()), ..PayInvoice::new(txn2) }).await.expect_err("status");
    assert!(matches!(err, MockError::InvalidRequest(_)));
    let (status, body) = m.control(Method::POST, "/__mock/invoices/nope/pay", None).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "not_found");
    assert!(rx.try_next().is_none());
}

#[tokio::test]
async fn state_config_reset_and_seed_controls() {
    let m = Mock::start().await;
    let (status, body) = m.control(Method::POST, "/__mock/state/balances", Some(json!({"BTC":"0.25","ETH":"3"}))).await;
    assert_eq!(status, 200);
    assert_eq!(body["balances"]["BTC"], "0.25000000");
    assert_eq!(m.server.balance("ETH"), Some(dec("3")));
    let (status, _) = m.control(Method::POST, "/__mock/state/balances", Some(json!({"NOPE":"1"}))).await;
    assert_eq!(status, 400);

    let (_, body) =
        m.control(Method::POST, "/__mock/config", Some(json!({"white_label":false,"callback_url":"http://127.0.0.1:9/cb"}))).await;
    assert_eq!(body, json!({"white_label":false,"callback_url":"http://127.0.0.1:9/cb"}));
    let (status, _) = m.get("shop/deposit/new", &[("uid", "x"), ("psys_cid", "BTC")]).await;
    assert_eq!(status, 400);
    let (_, body) = m.control(Method::POST, "/__mock/config", Some(json!({"callback_url":null}))).await;
    assert_eq!(body, json!({"white_label":false,"callback_url":null}));

    let (_, body) = m.control(Method::POST, "/__mock/operations/seed", Some(json!({"count":12,"type":"invoice","psys_cid":"SOL"}))).await;
    assert_eq!(body, json!({"created":12,"total":12}));
    let (status, _) = m.control(Method::POST, "/__mock/operations/seed", Some(json!({"count":1,"type":"gift"}))).await;
    assert_eq!(status, 400);

    let (_, state) = m.control(Method::GET, "/__mock/state", None).await;
    assert_eq!(state["counts"]["operations"], 12);
    assert_eq!(state["counts"]["invoices"], 12);
    assert_eq!(state["white_label"], false);
    assert_eq!(state["balances"]["ETH"], "3.000000000000000000");
    assert!(!state.to_string().contains(m.server.api_key()));

    let (status, _) = m.control(Method::POST, "/__mock/reset", None).await;
    assert_eq!(status, 200);
    let (_, state) = m.control(Method::GET, "/__mock/state", None).await;
    assert_eq!(state["counts"]["operations"], 0);
    assert_eq!(state["white_label"], true);
    assert_eq!(state["balances"]["BTC"], "1.50000000");
    assert_eq!(state["counts"]["requests"], 0);
    let (_, health) = m.control(Method::GET, "/__mock/health", None).await;
    assert_eq!(health["status"], "ok");
}
