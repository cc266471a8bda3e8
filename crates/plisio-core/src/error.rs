//! The one error type of the SDK. Every binding maps from it; [`Error::code`] is the stable string.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What Plisio said when it refused a request: the `data` object of an error envelope.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ApiErrorDetails {
    /// HTTP status of the response (Plisio also sends errors with 200).
    pub http_status: u16,
    /// Plisio's own error code (`data.code`), e.g. 105 unsupported currency, 116 insufficient funds.
    pub plisio_code: Option<i64>,
    /// `data.name`, e.g. `"Unprocessable entity"`.
    pub name: Option<String>,
    /// `data.message` as sent (free text, or a JSON object encoded in a string).
    pub message: String,
    /// Field → messages, parsed from a JSON-encoded `data.message` (empty when it is free text).
    pub field_errors: BTreeMap<String, Vec<String>>,
}

impl fmt::Display for ApiErrorDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field_errors.is_empty() {
            write!(f, "{}", self.message)?;
        } else {
            let mut first = true;
            for (field, msgs) in &self.field_errors {
                if !first {
                    f.write_str("; ")?;
                }
                first = false;
                write!(f, "{field}: {}", msgs.join(", "))?;
            }
        }
        match self.plisio_code {
            Some(code) => write!(f, " (plisio code {code}, HTTP {})", self.http_status),
            None => write!(f, " (HTTP {})", self.http_status),
        }
    }
}

/// Why a callback failed verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureFailure {
    /// The body has no `verify_hash` field.
    MissingHash,
    /// `verify_hash` is present but does not match the body under this secret.
    Mismatch,
    /// The secret is empty.
    EmptySecret,
    /// The body is empty.
    EmptyBody,
    /// The body is not a raw callback body (e.g. an already-parsed object, `[object Object]`, a dict repr).
    NotRawBody,
    /// The body could not be parsed in the detected mode (JSON, urlencoded or multipart).
    Malformed,
}

impl SignatureFailure {
    /// Stable string for this failure.
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureFailure::MissingHash => "missing_hash",
            SignatureFailure::Mismatch => "mismatch",
            SignatureFailure::EmptySecret => "empty_secret",
            SignatureFailure::EmptyBody => "empty_body",
            SignatureFailure::NotRawBody => "not_raw_body",
            SignatureFailure::Malformed => "malformed",
        }
    }
}

/// Every way a Plisio call or a callback check can fail.
///
/// No variant ever contains the API key: URLs are stripped from transport errors and response
/// snippets are redacted before they are stored.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Plisio answered with an error envelope (validation, unsupported currency, insufficient funds…).
    #[error("Plisio API error: {0}")]
    Api(ApiErrorDetails),
    /// The API key was refused (HTTP 401/403 or Plisio code 401).
    #[error("authentication failed: {0}")]
    Authentication(ApiErrorDetails),
    /// The resource does not exist (HTTP 404 or Plisio code 111).
    #[error("not found: {0}")]
    NotFound(ApiErrorDetails),
    /// HTTP 429. `retry_after` is the server's `Retry-After` when it sent one.
    #[error("rate limited by Plisio{}", .retry_after.map(|d| format!(" (retry after {}s)", d.as_secs())).unwrap_or_default())]
    RateLimited {
        /// The server's `Retry-After`.
        retry_after: Option<Duration>,
        /// Details from the body, when it carried an error envelope.
        details: Option<ApiErrorDetails>,
    },
    /// Bad input, refused before any request was sent.
    #[error("invalid {field}: {message}")]
    InvalidInput {
        /// The parameter at fault (e.g. `amount`, `payouts[2].to`, `uid`).
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The client configuration is unusable (e.g. a plain-http base URL that is not loopback).
    #[error("invalid configuration: {message}")]
    Configuration {
        /// What is wrong.
        message: String,
    },
    /// A read request timed out (after its retries).
    #[error("request to {endpoint} timed out after {attempts} attempt(s)")]
    Timeout {
        /// The endpoint path, e.g. `operations`.
        endpoint: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The connection failed (DNS, refused, reset, TLS) after its retries.
    #[error("connection to Plisio failed on {endpoint}: {message}")]
    Connection {
        /// The endpoint path.
        endpoint: String,
        /// The transport error, with every URL removed.
        message: String,
    },
    /// The response could not be understood. `snippet` is a redacted, truncated copy of the body.
    #[error("could not decode the response of {endpoint} (HTTP {http_status}): {message}")]
    Decode {
        /// The endpoint path.
        endpoint: String,
        /// HTTP status.
        http_status: u16,
        /// What went wrong.
        message: String,
        /// The start of the body (at most 512 bytes, API key redacted).
        snippet: String,
    },
    /// A callback failed verification.
    #[error("callback signature check failed ({}): {message}", .reason.as_str())]
    Signature {
        /// Why.
        reason: SignatureFailure,
        /// Readable explanation.
        message: String,
    },
    /// A bug inside the SDK (for example a panic caught at a language boundary). Please report it.
    #[error("internal error in plisio-sdk: {message}")]
    Internal {
        /// What happened.
        message: String,
    },
    /// A money-moving request (withdrawal, invoice creation) may have reached Plisio but its result is
    /// unknown. It was NOT retried. Reconcile through `operations().list(..)` before trying again.
    #[error(
        "outcome unknown for {endpoint}: {message}; the request may have been executed, reconcile with the operations list before retrying"
    )]
    OutcomeUnknown {
        /// The endpoint path.
        endpoint: String,
        /// What happened (timeout, connection dropped, gateway error…).
        message: String,
    },
}

impl Error {
    /// A stable machine-readable code for this error kind, identical in every language binding.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Api(_) => "api_error",
            Error::Authentication(_) => "authentication",
            Error::NotFound(_) => "not_found",
            Error::RateLimited { .. } => "rate_limited",
            Error::InvalidInput { .. } => "invalid_input",
            Error::Configuration { .. } => "configuration",
            Error::Timeout { .. } => "timeout",
            Error::Connection { .. } => "connection",
            Error::Decode { .. } => "decode",
            Error::Signature { .. } => "signature",
            Error::Internal { .. } => "internal",
            Error::OutcomeUnknown { .. } => "outcome_unknown",
        }
    }

    /// Every stable code, in declaration order.
    pub const CODES: &'static [&'static str] = &[
        "api_error",
        "authentication",
        "not_found",
        "rate_limited",
        "invalid_input",
        "configuration",
        "timeout",
        "connection",
        "decode",
        "signature",
        "internal",
        "outcome_unknown",
    ];

    /// The Plisio details when the server answered with an error envelope.
    pub fn api_details(&self) -> Option<&ApiErrorDetails> {
        match self {
            Error::Api(d) | Error::Authentication(d) | Error::NotFound(d) => Some(d),
            Error::RateLimited { details, .. } => details.as_ref(),
            _ => None,
        }
    }

    /// Plisio's `data.code`, when there is one.
    pub fn plisio_code(&self) -> Option<i64> {
        self.api_details().and_then(|d| d.plisio_code)
    }

    /// The HTTP status of the response that caused this error, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::RateLimited { .. } => Some(429),
            Error::Decode { http_status, .. } => Some(*http_status),
            _ => self.api_details().map(|d| d.http_status),
        }
    }

    /// True when retrying the same call later may succeed (rate limits, timeouts, connection errors).
    /// Never true for [`Error::OutcomeUnknown`]: reconcile first.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Error::RateLimited { .. } | Error::Timeout { .. } | Error::Connection { .. })
    }

    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::InvalidInput { field: field.into(), message: message.into() }
    }

    /// An [`Error::Internal`] from a caught panic payload (for language bindings).
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Error {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic with a non-text payload".to_owned());
        Error::Internal { message }
    }

    pub(crate) fn signature(reason: SignatureFailure, message: impl Into<String>) -> Error {
        Error::Signature { reason, message: message.into() }
    }
}
