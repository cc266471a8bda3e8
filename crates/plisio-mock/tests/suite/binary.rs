//! The `plisio-mock` binary: the LISTENING line first, serving, clean exit on SIGTERM.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::client;

struct Spawned {
    child: Child,
    url: String,
    rest: BufReader<std::process::ChildStdout>,
}

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn(args: &[&str]) -> Spawned {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plisio-mock"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn plisio-mock");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    stdout.read_line(&mut first).expect("first line");
    let url =
        first.trim_end().strip_prefix("PLISIO_MOCK_LISTENING ").unwrap_or_else(|| panic!("unexpected first line {first:?}")).to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    Spawned { child, url, rest: stdout }
}

fn wait_exit(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

#[tokio::test]
async fn prints_the_listening_line_first_and_stops_on_sigterm() {
    let mut s = spawn(&[]);
    let resp = client().get(format!("{}/api/v1/balances/BTC?api_key=sk_test_plisio_mock", s.url)).send().await.expect("request");
    assert_eq!(resp.status().as_u16(), 200);
    let body: serde_json::Value = serde_json::from_str(&resp.text().await.expect("text")).expect("json");
    assert_eq!(body["data"]["balance"], "1.50000000");

    let pid = s.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    assert!(killed.success());
    let status = wait_exit(&mut s.child, Duration::from_secs(10)).expect("exits after SIGTERM");
    assert!(status.success(), "{status:?}");
    let mut rest = String::new();
    s.rest.read_to_string(&mut rest).expect("rest of stdout");
    assert_eq!(rest, "", "nothing else on stdout");
}

#[tokio::test]
async fn flags_set_key_white_label_and_port() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = free.local_addr().expect("addr").port();
    drop(free);
    let port_arg = port.to_string();
    let s = spawn(&["--port", &port_arg, "--api-key", "sk_custom_key_123", "--no-white-label"]);
    assert_eq!(s.url, format!("http://127.0.0.1:{port}"));
    let http = client();
    let (status, body) = get(&http, &format!("{}/api/v1/shops?api_key=sk_custom_key_123", s.url)).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["white_label"], false);
    let (status, _) = get(&http, &format!("{}/api/v1/shops?api_key=sk_test_plisio_mock", s.url)).await;
    assert_eq!(status, 401);
    let (_, log) = get(&http, &format!("{}/__mock/requests", s.url)).await;
    assert!(!log.to_string().contains("sk_custom_key_123"));
}

async fn get(http: &reqwest::Client, url: &str) -> (u16, serde_json::Value) {
    let resp = http.get(url).send().await.expect("request");
    let status = resp.status().as_u16();
    (status, serde_json::from_str(&resp.text().await.expect("text")).expect("json"))
}
