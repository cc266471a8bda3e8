//! The per-request tracing events carry endpoint, status, attempt and latency, and never the key.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::*;
use plisio_core::{CashOut, OperationsQuery};
use plisio_mock::{Fault, FaultKind};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn request_events_are_logged_without_the_key() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_ansi(false).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (mock, client) = sandbox().await;
    client.operations().list(&OperationsQuery::default()).await.unwrap();
    mock.push_fault(Fault::new(FaultKind::Html502));
    client.balances().get("BTC").await.unwrap();
    let _ = client.operations().get("doesnotexist").await.unwrap_err();
    mock.push_fault(Fault::new(FaultKind::Reset).on_path("withdraw"));
    let _ = client
        .withdrawals()
        .cash_out(&CashOut::parse("BTC", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "0.01", None).unwrap())
        .await
        .unwrap_err();

    let log = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("plisio.request"), "{log}");
    assert!(log.contains("endpoint=\"operations\"") || log.contains("endpoint=operations"), "{log}");
    assert!(log.contains("http_status=200"), "{log}");
    assert!(log.contains("attempt=2"), "the retried read is visible: {log}");
    assert!(log.contains("latency_ms"), "{log}");
    assert!(log.contains("outcome_unknown") || log.contains("not retried"), "{log}");
    assert!(!log.contains(mock.api_key()), "the API key leaked into the logs:\n{log}");
}
