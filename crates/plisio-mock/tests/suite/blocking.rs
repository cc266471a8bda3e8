//! `MockServer::start_blocking`: its own runtime thread, usable from synchronous code, stopped on drop.

use std::time::Duration;

use plisio_mock::{MockConfig, MockServer, PayIn};

fn blocking_get(url: &str) -> std::io::Result<(u16, String)> {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("http url");
    let (host, path) = rest.split_once('/').expect("path");
    let mut stream = std::net::TcpStream::connect(host)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(stream, "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    Ok((status, body))
}

#[test]
fn works_from_plain_threads_and_stops_on_drop() {
    let server = MockServer::start_blocking(MockConfig::default()).expect("start");
    let url = format!("{}/balances/BTC?api_key={}", server.url(), server.api_key());
    let (status, body) = blocking_get(&url).expect("get");
    assert_eq!(status, 200);
    assert!(body.contains("\"balance\":\"1.50000000\""), "{body}");

    let (status, body) =
        blocking_get(&format!("{}/shops/deposit/new?api_key={}&uid=sync&psys_cid=DOGE", server.url(), server.api_key())).expect("deposit");
    assert_eq!(status, 200, "{body}");
    let result = server.simulate_pay_in_blocking(PayIn::new("sync", "DOGE", "10".parse().expect("dec"))).expect("pay_in");
    assert_eq!(result.operation["amount"], "10.00000000");
    assert_eq!(server.balance("DOGE"), Some("100009.9".parse().expect("dec")));

    let addr = server.addr();
    drop(server);
    assert!(std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err(), "stopped after drop");
}

#[tokio::test]
async fn can_be_started_inside_a_runtime_and_shut_down_async() {
    let server = MockServer::start_blocking(MockConfig::default()).expect("start");
    let addr = server.addr();
    let result = server.simulate_pay_in(PayIn::new("nobody", "BTC", "1".parse().expect("dec"))).await;
    assert!(result.is_err(), "no deposit address yet");
    server.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn async_server_stops_on_shutdown() {
    let server = MockServer::start(MockConfig { port: 0, ..MockConfig::default() }).await.expect("start");
    let addr = server.addr();
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    server.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}
