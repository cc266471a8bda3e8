//! The core error as a uniffi error enum: `PlisioException` (a sealed class) in Kotlin, `PlisioError`
//! (an enum conforming to `Error`) in Swift. Fields are plain values; none is named `message` (Kotlin
//! builds the exception message from the fields). `details` is the core's readable explanation.

use std::collections::HashMap;

use plisio_core::{ApiErrorDetails, Error};

/// Why a callback failed verification. `toString()` / `description` is the stable string
/// (`mismatch`, `missing_hash`, …) shared with every other language of the SDK.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
#[uniffi::export(Display)]
pub enum SignatureFailure {
    /// The body has no `verify_hash` field.
    MissingHash,
    /// `verify_hash` does not match the body under this secret (wrong secret, altered or re-encoded body).
    Mismatch,
    /// The secret is empty.
    EmptySecret,
    /// The body is empty.
    EmptyBody,
    /// The body is not a raw callback body (an already-parsed object was passed).
    NotRawBody,
    /// The body could not be parsed in the detected mode.
    Malformed,
}

impl std::fmt::Display for SignatureFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SignatureFailure::MissingHash => "missing_hash",
            SignatureFailure::Mismatch => "mismatch",
            SignatureFailure::EmptySecret => "empty_secret",
            SignatureFailure::EmptyBody => "empty_body",
            SignatureFailure::NotRawBody => "not_raw_body",
            SignatureFailure::Malformed => "malformed",
        })
    }
}

impl From<plisio_core::SignatureFailure> for SignatureFailure {
    fn from(f: plisio_core::SignatureFailure) -> Self {
        use plisio_core::SignatureFailure as F;
        match f {
            F::MissingHash => SignatureFailure::MissingHash,
            F::Mismatch => SignatureFailure::Mismatch,
            F::EmptySecret => SignatureFailure::EmptySecret,
            F::EmptyBody => SignatureFailure::EmptyBody,
            F::NotRawBody => SignatureFailure::NotRawBody,
            // Future reasons of the core: the body could not be checked.
            _ => SignatureFailure::Malformed,
        }
    }
}

/// Every way a Plisio call or a callback check can fail. `code()` is the stable string shared by
/// every language (`api_error`, `invalid_input`, …). No field ever contains the API key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum PlisioError {
    /// Plisio answered with an error envelope (validation, unsupported currency, insufficient funds…).
    #[error("{details}")]
    Api {
        /// HTTP status (Plisio also sends errors with 200).
        http_status: u16,
        /// Plisio's `data.code` (105 unsupported currency, 116 insufficient funds, …).
        plisio_code: Option<i64>,
        /// Plisio's `data.name`.
        plisio_name: Option<String>,
        /// Plisio's `data.message` as sent (redacted).
        plisio_message: String,
        /// Field → messages, parsed from a JSON-encoded `data.message`.
        field_errors: HashMap<String, Vec<String>>,
        /// Readable explanation.
        details: String,
    },
    /// The API key was refused (HTTP 401/403 or Plisio code 401).
    #[error("{details}")]
    Authentication {
        /// HTTP status.
        http_status: u16,
        /// Plisio's `data.code`.
        plisio_code: Option<i64>,
        /// Plisio's `data.name`.
        plisio_name: Option<String>,
        /// Plisio's `data.message`.
        plisio_message: String,
        /// Field → messages.
        field_errors: HashMap<String, Vec<String>>,
        /// Readable explanation.
        details: String,
    },
    /// The resource does not exist (HTTP 404 or Plisio code 111).
    #[error("{details}")]
    NotFound {
        /// HTTP status.
        http_status: u16,
        /// Plisio's `data.code`.
        plisio_code: Option<i64>,
        /// Plisio's `data.name`.
        plisio_name: Option<String>,
        /// Plisio's `data.message`.
        plisio_message: String,
        /// Field → messages.
        field_errors: HashMap<String, Vec<String>>,
        /// Readable explanation.
        details: String,
    },
    /// HTTP 429 after the retries. Wait `retry_after_ms` (when the server said) and try again.
    #[error("{details}")]
    RateLimited {
        /// The server's `Retry-After`, in milliseconds.
        retry_after_ms: Option<u64>,
        /// Plisio's `data.code`, when the body was an error envelope.
        plisio_code: Option<i64>,
        /// Readable explanation.
        details: String,
    },
    /// Bad input, refused before any request was sent. `field` names the parameter
    /// (`amount`, `payouts[2].to`, `uid`, …), as in every language of the SDK.
    #[error("{details}")]
    InvalidInput {
        /// The parameter at fault.
        field: String,
        /// What is wrong with it.
        reason: String,
        /// Readable explanation.
        details: String,
    },
    /// The client configuration is unusable (empty key, plain-http base URL that is not loopback).
    #[error("{details}")]
    Configuration {
        /// Readable explanation.
        details: String,
    },
    /// A read request timed out (after its retries).
    #[error("{details}")]
    Timeout {
        /// The endpoint path, e.g. `operations`.
        endpoint: String,
        /// How many attempts were made.
        attempts: u32,
        /// Readable explanation.
        details: String,
    },
    /// The connection failed (DNS, refused, reset, TLS) after its retries.
    #[error("{details}")]
    Connection {
        /// The endpoint path.
        endpoint: String,
        /// Readable explanation (URLs removed).
        details: String,
    },
    /// The response could not be understood.
    #[error("{details}")]
    Decode {
        /// The endpoint path.
        endpoint: String,
        /// HTTP status.
        http_status: u16,
        /// The start of the body (at most 512 bytes, API key redacted).
        snippet: String,
        /// Readable explanation.
        details: String,
    },
    /// A callback failed verification.
    #[error("{details}")]
    Signature {
        /// Why (`mismatch`, `missing_hash`, …).
        reason: SignatureFailure,
        /// Readable explanation.
        details: String,
    },
    /// A bug inside the SDK (a panic caught at the boundary). Please report it.
    #[error("{details}")]
    Internal {
        /// Readable explanation.
        details: String,
    },
    /// A money-moving request (withdrawal, invoice creation) may have reached Plisio but its result
    /// is unknown. It was NOT retried: reconcile through `operations().list(..)` before trying again.
    #[error("{details}")]
    OutcomeUnknown {
        /// The endpoint path.
        endpoint: String,
        /// Readable explanation.
        details: String,
    },
}

/// `PlisioError::$variant` from the details of a Plisio error envelope.
macro_rules! api_error {
    ($variant:ident, $d:expr, $details:expr) => {{
        let d: ApiErrorDetails = $d;
        PlisioError::$variant {
            http_status: d.http_status,
            plisio_code: d.plisio_code,
            plisio_name: d.name,
            plisio_message: d.message,
            field_errors: d.field_errors.into_iter().collect(),
            details: $details,
        }
    }};
}

impl From<Error> for PlisioError {
    fn from(e: Error) -> Self {
        let details = e.to_string();
        match e {
            Error::Api(d) => api_error!(Api, d, details),
            Error::Authentication(d) => api_error!(Authentication, d, details),
            Error::NotFound(d) => api_error!(NotFound, d, details),
            Error::RateLimited { retry_after, details: d } => PlisioError::RateLimited {
                retry_after_ms: retry_after.map(|r| u64::try_from(r.as_millis()).unwrap_or(u64::MAX)),
                plisio_code: d.and_then(|d| d.plisio_code),
                details,
            },
            Error::InvalidInput { field, message } => PlisioError::InvalidInput { field, reason: message, details },
            Error::Configuration { .. } => PlisioError::Configuration { details },
            Error::Timeout { endpoint, attempts } => PlisioError::Timeout { endpoint, attempts, details },
            Error::Connection { endpoint, .. } => PlisioError::Connection { endpoint, details },
            Error::Decode { endpoint, http_status, snippet, .. } => PlisioError::Decode { endpoint, http_status, snippet, details },
            Error::Signature { reason, .. } => PlisioError::Signature { reason: reason.into(), details },
            Error::Internal { .. } => PlisioError::Internal { details },
            Error::OutcomeUnknown { endpoint, .. } => PlisioError::OutcomeUnknown { endpoint, details },
            // A kind added to the core later than this binding: keep its text.
            _ => PlisioError::Internal { details },
        }
    }
}

#[uniffi::export]
impl PlisioError {
    /// The stable code of this error kind, identical in every language of the SDK
    /// (`api_error`, `authentication`, `not_found`, `rate_limited`, `invalid_input`, `configuration`,
    /// `timeout`, `connection`, `decode`, `signature`, `internal`, `outcome_unknown`).
    pub fn code(&self) -> String {
        match self {
            PlisioError::Api { .. } => "api_error",
            PlisioError::Authentication { .. } => "authentication",
            PlisioError::NotFound { .. } => "not_found",
            PlisioError::RateLimited { .. } => "rate_limited",
            PlisioError::InvalidInput { .. } => "invalid_input",
            PlisioError::Configuration { .. } => "configuration",
            PlisioError::Timeout { .. } => "timeout",
            PlisioError::Connection { .. } => "connection",
            PlisioError::Decode { .. } => "decode",
            PlisioError::Signature { .. } => "signature",
            PlisioError::Internal { .. } => "internal",
            PlisioError::OutcomeUnknown { .. } => "outcome_unknown",
        }
        .to_owned()
    }

    /// The HTTP status of the response that caused this error, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            PlisioError::Api { http_status, .. }
            | PlisioError::Authentication { http_status, .. }
            | PlisioError::NotFound { http_status, .. }
            | PlisioError::Decode { http_status, .. } => Some(*http_status),
            PlisioError::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// Plisio's own error code (`data.code`), when the answer carried one.
    pub fn plisio_code(&self) -> Option<i64> {
        match self {
            PlisioError::Api { plisio_code, .. }
            | PlisioError::Authentication { plisio_code, .. }
            | PlisioError::NotFound { plisio_code, .. }
            | PlisioError::RateLimited { plisio_code, .. } => *plisio_code,
            _ => None,
        }
    }

    /// True when retrying the same call later may succeed (rate limits, timeouts, connection
    /// errors). Never true for `OutcomeUnknown`: reconcile first.
    pub fn is_retryable(&self) -> bool {
        matches!(self, PlisioError::RateLimited { .. } | PlisioError::Timeout { .. } | PlisioError::Connection { .. })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn api() -> ApiErrorDetails {
        ApiErrorDetails {
            http_status: 422,
            plisio_code: Some(105),
            name: Some("Unprocessable entity".into()),
            message: "{\"currency\":\"BTCX\"}".into(),
            field_errors: [("currency".to_owned(), vec!["BTCX".to_owned()])].into_iter().collect(),
        }
    }

    #[test]
    fn codes_and_accessors_match_the_core() {
        let all = [
            Error::Api(api()),
            Error::Authentication(ApiErrorDetails { http_status: 401, ..api() }),
            Error::NotFound(ApiErrorDetails { http_status: 404, ..api() }),
            Error::RateLimited { retry_after: Some(Duration::from_millis(1500)), details: Some(api()) },
            Error::InvalidInput { field: "amount".into(), message: "bad".into() },
            Error::Configuration { message: "bad".into() },
            Error::Timeout { endpoint: "shops".into(), attempts: 3 },
            Error::Connection { endpoint: "shops".into(), message: "refused".into() },
            Error::Decode { endpoint: "shops".into(), http_status: 200, message: "bad".into(), snippet: "<html>".into() },
            Error::Signature { reason: plisio_core::SignatureFailure::Mismatch, message: "bad".into() },
            Error::Internal { message: "boom".into() },
            Error::OutcomeUnknown { endpoint: "operations/withdraw".into(), message: "timeout".into() },
        ];
        assert_eq!(all.len(), Error::CODES.len());
        for core_error in all {
            let e = PlisioError::from(core_error.clone());
            assert_eq!(e.code(), core_error.code());
            assert_eq!(e.http_status(), core_error.http_status(), "{}", e.code());
            assert_eq!(e.plisio_code(), core_error.plisio_code(), "{}", e.code());
            assert_eq!(e.is_retryable(), core_error.is_retryable(), "{}", e.code());
            assert_eq!(e.to_string(), core_error.to_string());
        }
    }

    #[test]
    fn fields_are_carried() {
        match PlisioError::from(Error::RateLimited { retry_after: Some(Duration::from_millis(1500)), details: None }) {
            PlisioError::RateLimited { retry_after_ms, plisio_code, .. } => assert_eq!((retry_after_ms, plisio_code), (Some(1500), None)),
            other => panic!("{other:?}"),
        }
        match PlisioError::from(Error::Api(api())) {
            PlisioError::Api { field_errors, plisio_name, .. } => {
                assert_eq!(field_errors["currency"], vec!["BTCX".to_owned()]);
                assert_eq!(plisio_name.as_deref(), Some("Unprocessable entity"));
            }
            other => panic!("{other:?}"),
        }
        let sig = PlisioError::from(Error::Signature { reason: plisio_core::SignatureFailure::NotRawBody, message: "x".into() });
        assert!(matches!(sig, PlisioError::Signature { reason: SignatureFailure::NotRawBody, .. }));
        assert_eq!(SignatureFailure::NotRawBody.to_string(), plisio_core::SignatureFailure::NotRawBody.as_str());
    }
}
