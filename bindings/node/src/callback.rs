//! Callback verification: raw body (string or bytes) → verified, typed event.

use napi::bindgen_prelude::{Either, Uint8Array};
use napi_derive::napi;
use plisio_core::callback;

use crate::error::guard;
use crate::models::{Js, to_json};

fn bytes(body: &Either<String, Uint8Array>) -> &[u8] {
    match body {
        Either::A(s) => s.as_bytes(),
        Either::B(b) => b,
    }
}

/// Verify a Plisio callback against the shop's secret key and return the typed event. Pass the RAW
/// request body (a `Buffer` or string, never a parsed object) and the request's `Content-Type`
/// (JSON mode and both form modes are detected). Throws a `signature` error when the check fails.
/// Answers the JSON text of `CallbackEvent` (parsed by `lib/`).
#[napi]
pub fn verify_callback(body: Either<String, Uint8Array>, secret: String, content_type: Option<String>) -> napi::Result<String> {
    to_json(&guard(|| callback::verify(bytes(&body), content_type.as_deref(), &secret))?.js())
}

/// A verifier keyed once with the secret: cheaper than `verifyCallback` for many callbacks.
#[napi]
pub struct CallbackVerifier {
    inner: callback::Verifier,
}

#[napi]
impl CallbackVerifier {
    /// A verifier for the shop's secret API key (a `signature` error when it is empty).
    #[napi(constructor)]
    pub fn new(secret: String) -> napi::Result<Self> {
        guard(|| Ok(CallbackVerifier { inner: callback::Verifier::new(&secret)? }))
    }

    /// Check only the signature of a raw callback body (no event is built): returns nothing, throws
    /// a `signature` error when the check fails.
    #[napi]
    pub fn check_signature(&self, body: Either<String, Uint8Array>, content_type: Option<String>) -> napi::Result<()> {
        guard(|| self.inner.check_signature(bytes(&body), content_type.as_deref()))
    }

    /// Verify a raw callback body; see `verifyCallback`.
    #[napi]
    pub fn verify(&self, body: Either<String, Uint8Array>, content_type: Option<String>) -> napi::Result<String> {
        to_json(&guard(|| self.inner.verify(bytes(&body), content_type.as_deref()))?.js())
    }
}
