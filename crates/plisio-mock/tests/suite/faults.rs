//! The fault queue, through the Rust API and the `/__mock/faults` control.

use std::time::Duration;

use plisio_mock::{Fault, FaultKind};
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::common::{Mock, client};

const BTC_ADDR: &str = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh";
const WITHDRAW: &[(&str, &str)] = &[("currency", "BTC"), ("type", "cash_out"), ("to", BTC_ADDR), ("amount", "0.01")];

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

async fn withdraw_count(m: &Mock) -> u64 {
    let (_, body) = m.get("operations", &[("type", "cash_out")]).await;
    body["data"]["_meta"]["totalCount"].as_u64().expect("count")
}

#[tokio::test]
async fn delay_processes_once_then_holds_the_answer() {
    let m = Mock::start().await;
    m.server.push_fault(Fault::new(FaultKind::Delay { ms: 1500 }).on_path("operations/withdraw"));
    let impatient = reqwest::Client::builder().no_proxy().timeout(Duration::from_millis(300)).build().expect("client");
    let err = impatient.get(m.api_url("operations/withdraw", WITHDRAW)).send().await.expect_err("times out");
    assert!(err.is_timeout(), "{err}");
    // The withdrawal happened exactly once even though the client saw a timeout.
    assert_eq!(withdraw_count(&m).await, 1);
    assert_eq!(m.server.balance("BTC"), Some(dec("1.5") - dec("0.01") - dec("0.00000705")));
    let log: Vec<_> = m.server.requests().into_iter().filter(|r| r.path.ends_with("/operations/withdraw")).collect();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].status, 201);
    assert_eq!(log[0].fault.as_deref(), Some("delay"));
    // A patient client gets the real answer late.
    m.server.push_fault(Fault::new(FaultKind::Delay { ms: 300 }));
    let started = std::time::Instant::now();
    let (status, _) = m.get("balances/BTC", &[]).await;
    assert_eq!(status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn status_fault_answers_without_processing() {
    let m = Mock::start().await;
    m.server.push_fault(Fault::new(FaultKind::Status { code: 503, body: None }));
    let (status, body) = m.get("operations/withdraw", WITHDRAW).await;
    assert_eq!(status, 503);
    assert_eq!(body["status"], "error");
    assert_eq!(body["data"]["code"], 503);
    assert_eq!(body["data"]["name"], "Service Unavailable");
    assert_eq!(m.server.balance("BTC"), Some(dec("1.5")));
    assert_eq!(withdraw_count(&m).await, 0);
    m.server.push_fault(Fault::new(FaultKind::Status { code: 500, body: Some("boom".into()) }));
    let resp = client().get(m.api_url("balances/BTC", &[])).send().await.expect("resp");
    assert_eq!(resp.status().as_u16(), 500);
    assert!(resp.headers()["content-type"].to_str().expect("ct").starts_with("text/plain"));
    assert_eq!(resp.text().await.expect("text"), "boom");
}

#[tokio::test]
async fn html_502_is_nginx_html() {
    let m = Mock::start().await;
    m.server.push_fault(Fault::new(FaultKind::Html502));
    let resp = client().get(m.api_url("balances/BTC", &[])).send().await.expect("resp");
    assert_eq!(resp.status().as_u16(), 502);
    assert_eq!(resp.headers()["content-type"], "text/html");
    let text = resp.text().await.expect("text");
    assert!(text.contains("<title>502 Bad Gateway</title>") && text.contains("nginx"), "{text}");
    assert_eq!(m.get("balances/BTC", &[]).await.0, 200, "one time only");
}

#[tokio::test]
async fn rate_limit_sends_retry_after() {
    let m = Mock::start().await;
    m.server.push_fault(Fault::new(FaultKind::RateLimit { retry_after_secs: 7 }).times(2));
    for _ in 0..2 {
        let resp = client().get(m.api_url("operations", &[])).send().await.expect("resp");
        assert_eq!(resp.status().as_u16(), 429);
        assert_eq!(resp.headers()["retry-after"], "7");
        let body: Value = serde_json::from_str(&resp.text().await.expect("text")).expect("json");
        assert_eq!(body, json!({"status":"error","data":{"name":"Too Many Requests","message":"Rate limit exceeded.","code":429}}));
    }
    assert_eq!(m.get("operations", &[]).await.0, 200);
}

#[tokio::test]
async fn truncated_json_is_processed_but_cut() {
    let m = Mock::start().await;
    m.server.push_fault(Fault::new(FaultKind::TruncatedJson));
    let resp = client().get(m.api_url("operations/withdraw", WITHDRAW)).send().await.expect("resp");
    assert_eq!(resp.status().as_u16(), 201);
    let text = resp.text().await.expect("text");
    assert!(text.starts_with("{\"status\":\"success\""), "{text}");
    assert!(serde_json::from_str::<Value>(&text).is_err());
    assert_eq!(withdraw_count(&m).await, 1);
}

#[tokio::test]
async fn invalid_json() {
    let m = Mock::start().await;
    m.server.push_fault(Fault::new(FaultKind::InvalidJson));
    let resp = client().get(m.api_url("shops", &[])).send().await.expect("resp");
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.headers()["content-type"].to_str().expect("ct").starts_with("application/json"));
    let text = resp.text().await.expect("text");
    assert!(!text.is_empty());
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[tokio::test]
async fn reset_closes_the_connection_without_processing() {
    let m = Mock::start().await;
    m.server.push_fault(Fault::new(FaultKind::Reset).on_path("withdraw"));
    let err = client().get(m.api_url("operations/withdraw", WITHDRAW)).send().await.expect_err("no answer");
    assert!(!err.is_timeout(), "{err}");
    assert_eq!(withdraw_count(&m).await, 0);
    assert_eq!(m.server.balance("BTC"), Some(dec("1.5")));
    let log = m.server.requests();
    let entry = log.iter().find(|r| r.path.ends_with("withdraw")).expect("logged");
    assert_eq!(entry.status, 0);
    assert_eq!(entry.fault.as_deref(), Some("reset"));
    // The server keeps serving.
    assert_eq!(m.get("operations/withdraw", WITHDRAW).await.0, 201);
}

#[tokio::test]
async fn oversized_body_has_the_exact_size() {
    let m = Mock::start().await;
    m.server.push_fault(Fault::new(FaultKind::Oversized { bytes: 3_000_000 }));
    let resp = client().get(m.api_url("shops", &[])).send().await.expect("resp");
    assert_eq!(resp.status().as_u16(), 200);
    let bytes = resp.bytes().await.expect("bytes");
    assert_eq!(bytes.len(), 3_000_000);
    let v: Value = serde_json::from_slice(&bytes).expect("valid JSON");
    assert_eq!(v["status"], "success");
}

#[tokio::test]
async fn path_filter_times_and_http_controls() {
    let m = Mock::start().await;
    let (status, body) =
        m.control(Method::POST, "/__mock/faults", Some(json!({"kind":"status","code":500,"path":"balances/ETH","times":2}))).await;
    assert_eq!(status, 200);
    assert_eq!(body["queued"], 1);
    assert_eq!(m.get("balances/BTC", &[]).await.0, 200, "other paths unaffected");
    assert_eq!(m.get("balances/ETH", &[]).await.0, 500);
    let (_, pending) = m.control(Method::GET, "/__mock/faults", None).await;
    assert_eq!(pending, json!([{"path":"balances/ETH","times":1,"kind":"status","code":500,"body":null}]));
    assert_eq!(m.get("balances/ETH", &[]).await.0, 500);
    assert_eq!(m.get("balances/ETH", &[]).await.0, 200);

    m.control(Method::POST, "/__mock/faults", Some(json!({"kind":"html_502"}))).await;
    let (_, cleared) = m.control(Method::DELETE, "/__mock/faults", None).await;
    assert_eq!(cleared["cleared"], 1);
    assert_eq!(m.get("balances/ETH", &[]).await.0, 200);

    // Faults never hit the controls themselves.
    m.server.push_fault(Fault::new(FaultKind::Html502));
    let (status, _) = m.control(Method::GET, "/__mock/state", None).await;
    assert_eq!(status, 200);
    let resp = client().get(m.api_url("shops", &[])).send().await.expect("resp");
    assert_eq!(resp.status().as_u16(), 502);

    let (status, body) = m.control(Method::POST, "/__mock/faults", Some(json!({"kind":"explode"}))).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_request");
    let (status, _) = m.control(Method::POST, "/__mock/faults", Some(json!({"kind":"status","code":42}))).await;
    assert_eq!(status, 400);
}
