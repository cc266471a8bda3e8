//! Runs the shared vectors in tests/conformance/ (the same files every language runs).

mod common;

use common::*;
use plisio_core::{Error, callback};
use plisio_mock::{Fault, FaultKind};

#[test]
fn callback_vectors() {
    let file = conformance("callbacks.json");
    let cases = file["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let body = case["body"].as_str().unwrap();
        let secret = case["secret"].as_str().unwrap();
        let ct = case["content_type"].as_str();
        let result = callback::verify(body.as_bytes(), ct, secret);
        let expect = &case["expect"];
        if expect["valid"].as_bool().unwrap() {
            let event = result.unwrap_or_else(|e| panic!("{name}: expected valid, got {e}"));
            let view = serde_json::to_value(&event).unwrap();
            for (path, want) in expect["event"].as_object().unwrap() {
                assert!(same(want, lookup(&view, path)), "{name}: {path}: expected {want}, got {:?}", lookup(&view, path));
            }
        } else {
            let reason = expect["reason"].as_str().unwrap();
            match result {
                Err(Error::Signature { reason: got, .. }) => assert_eq!(got.as_str(), reason, "{name}"),
                other => panic!("{name}: expected signature failure {reason}, got {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn decoding_vectors() {
    let (mock, client) = sandbox().await;
    let file = conformance("decoding.json");
    for case in file["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let body = case["body"].as_str().unwrap().to_owned();
        mock.push_fault(Fault::new(FaultKind::Status { code: case["status"].as_u64().unwrap() as u16, body: Some(body) }));
        let view = call(&client, case["call"].as_str().unwrap(), &case["args"]).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        for (path, want) in case["expect"].as_object().unwrap() {
            assert!(same(want, lookup(&view, path)), "{name}: {path}: expected {want}, got {:?}", lookup(&view, path));
        }
        let text = view.to_string();
        for absent in case["absent_text"].as_array().into_iter().flatten() {
            assert!(!text.contains(absent.as_str().unwrap()), "{name}: {absent} leaked into the result");
        }
    }
    assert!(mock.requests().len() >= 18);
}

#[tokio::test]
async fn validation_vectors_fail_before_any_request() {
    let (mock, client) = sandbox().await;
    let file = conformance("validation.json");
    for case in file["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        mock.clear_requests();
        let result = call(&client, case["call"].as_str().unwrap(), &case["args"]).await;
        match result {
            Err(Error::InvalidInput { field, message }) => {
                assert_eq!(field, case["field"].as_str().unwrap(), "{name}: {message}");
                assert!(!message.is_empty());
            }
            other => panic!("{name}: expected invalid_input, got {other:?}"),
        }
        assert!(mock.requests().is_empty(), "{name}: a request was sent");
    }
}

#[tokio::test]
async fn error_vectors() {
    let (mock, client) = sandbox().await;
    let file = conformance("errors.json");
    for case in file["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let body = case["body"].as_str().unwrap().replace("__API_KEY__", mock.api_key());
        mock.clear_requests();
        mock.push_fault(Fault::new(FaultKind::Status { code: case["status"].as_u64().unwrap() as u16, body: Some(body) }));
        let err = call(&client, case["call"].as_str().unwrap(), &case["args"]).await.expect_err(name);
        let expect = &case["expect"];
        assert_eq!(err.code(), expect["code"].as_str().unwrap(), "{name}: {err}");
        if let Some(code) = expect.get("plisio_code") {
            assert_eq!(err.plisio_code(), code.as_i64(), "{name}");
        }
        if let Some(status) = expect.get("http_status") {
            assert_eq!(err.http_status().map(i64::from), status.as_i64(), "{name}");
        }
        if let Some(fields) = expect.get("field_errors") {
            let got = serde_json::to_value(&err.api_details().unwrap().field_errors).unwrap();
            assert_eq!(&got, fields, "{name}");
        }
        let printed = format!("{err} {err:?}");
        assert!(!printed.contains(mock.api_key()), "{name}: the key leaked: {printed}");
        for absent in case["message_absent"].as_array().into_iter().flatten() {
            assert!(!printed.contains(absent.as_str().unwrap()), "{name}");
        }
        let sent = mock.requests().len();
        assert_eq!(sent, 1, "{name}: exactly one request (no retry of a definite answer or of a withdrawal), saw {sent}");
    }
}
