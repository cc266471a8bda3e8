//! Core errors (and panics) as napi errors. The napi error carries a JSON payload behind a marker;
//! `node/lib/errors.js` turns it into the matching `PlisioError` subclass (an `async fn` rejection
//! cannot carry a custom `code` by itself). Every text in the payload comes from the core, which has
//! already redacted the API key.

use std::any::Any;
use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use napi::Status;
use plisio_core::Error;
use serde_json::{Map, Value, json};

/// Prefix of every error message produced by this addon (see `node/lib/errors.js`).
pub const MARK: &str = "[plisio-native-error]";

/// The payload of one error: the stable code, the message and every attribute the kind has.
fn payload(e: &Error) -> Value {
    let mut p = Map::new();
    p.insert("code".into(), json!(e.code()));
    p.insert("message".into(), json!(e.to_string()));
    p.insert("plisioCode".into(), json!(e.plisio_code()));
    p.insert("httpStatus".into(), json!(e.http_status()));
    p.insert("retryable".into(), json!(e.is_retryable()));
    let details = e.api_details();
    p.insert("fieldErrors".into(), json!(details.map(|d| d.field_errors.clone()).unwrap_or_default()));
    p.insert("apiName".into(), json!(details.and_then(|d| d.name.clone())));
    p.insert("apiMessage".into(), json!(details.map(|d| d.message.clone())));
    match e {
        Error::RateLimited { retry_after, .. } => {
            p.insert("retryAfterMs".into(), json!(retry_after.map(|d| d.as_millis() as u64)));
        }
        Error::InvalidInput { field, .. } => {
            p.insert("field".into(), json!(field));
        }
        Error::Timeout { endpoint, attempts } => {
            p.insert("endpoint".into(), json!(endpoint));
            p.insert("attempts".into(), json!(attempts));
        }
        Error::Connection { endpoint, .. } | Error::OutcomeUnknown { endpoint, .. } => {
            p.insert("endpoint".into(), json!(endpoint));
        }
        Error::Decode { endpoint, snippet, .. } => {
            p.insert("endpoint".into(), json!(endpoint));
            p.insert("snippet".into(), json!(snippet));
        }
        Error::Signature { reason, .. } => {
            p.insert("reason".into(), json!(reason.as_str()));
        }
        _ => {}
    }
    Value::Object(p)
}

/// A core error as a napi error with the marked payload.
pub fn to_napi(e: Error) -> napi::Error {
    napi::Error::new(Status::GenericFailure, format!("{MARK}{}", payload(&e)))
}

/// A panic caught at the boundary: the core's `internal` error, its text passed through `redact`
/// (the API key never leaves, even in a panic message).
pub fn panic_to_napi(panic: Box<dyn Any + Send>, redact: impl Fn(&str) -> String) -> napi::Error {
    let message = match Error::from_panic(panic.as_ref()) {
        Error::Internal { message } => message,
        other => other.to_string(),
    };
    to_napi(Error::Internal {
        message: format!("{} (a Rust panic was caught at the Node boundary; the process is unaffected)", redact(&message)),
    })
}

fn no_redaction(s: &str) -> String {
    s.to_owned()
}

/// Run synchronous binding code: core errors and panics become marked napi errors.
pub fn guard<T>(f: impl FnOnce() -> Result<T, Error>) -> napi::Result<T> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(to_napi),
        Err(panic) => Err(panic_to_napi(panic, no_redaction)),
    }
}

/// Run a future: core errors and panics become marked napi errors; `redact` masks the API key in a
/// panic message.
pub async fn guard_async<T>(fut: impl Future<Output = Result<T, Error>>, redact: impl Fn(&str) -> String) -> napi::Result<T> {
    match AssertUnwindSafe(fut).catch_unwind().await {
        Ok(r) => r.map_err(to_napi),
        Err(panic) => Err(panic_to_napi(panic, redact)),
    }
}

/// An `InvalidInput` error naming `field` (the core's constructor is crate-private).
pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
    Error::InvalidInput { field: field.into(), message: message.into() }
}
