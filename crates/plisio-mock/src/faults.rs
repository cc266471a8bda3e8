//! The fault queue: misbehaviours injected into upcoming API answers.

use std::collections::VecDeque;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, Response, StatusCode, header};
use http_body_util::BodyExt;
use serde::{Deserialize, Serialize};

use crate::error::error_body;

/// Largest body an [`FaultKind::Oversized`] fault produces (256 MiB).
pub const MAX_OVERSIZED_BYTES: usize = 256 * 1024 * 1024;

fn one() -> u32 {
    1
}

/// One queued fault. JSON form: `{"kind":"delay","ms":1500,"path":"operations/withdraw","times":1}`.
///
/// Faults apply only to API requests (not to `/__mock/…`), in queue order: the first fault whose
/// `path` filter matches takes effect and counts down its `times`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// Applies only to requests whose path contains this text (e.g. `operations/withdraw`); all when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// How many requests it affects (default 1; 0 counts as 1).
    #[serde(default = "one")]
    pub times: u32,
    /// What happens.
    #[serde(flatten)]
    pub kind: FaultKind,
}

impl Fault {
    /// A fault of `kind` for the next request (any path).
    pub fn new(kind: FaultKind) -> Fault {
        Fault { path: None, times: 1, kind }
    }

    /// Restricts the fault to paths containing `path`.
    pub fn on_path(mut self, path: impl Into<String>) -> Fault {
        self.path = Some(path.into());
        self
    }

    /// Makes the fault affect `times` requests.
    pub fn times(mut self, times: u32) -> Fault {
        self.times = times;
        self
    }
}

/// The misbehaviour of a [`Fault`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultKind {
    /// Processes the request normally (state changes happen), then holds the answer for `ms`.
    Delay {
        /// Milliseconds to wait before answering.
        ms: u64,
    },
    /// Answers `code` with `body` (default: a JSON error envelope) without processing.
    Status {
        /// HTTP status.
        code: u16,
        /// Raw body; sent as `application/json` when it parses as JSON, else `text/plain`.
        #[serde(default)]
        body: Option<String>,
    },
    /// Answers nginx's HTML `502 Bad Gateway` page without processing.
    #[serde(rename = "html_502", alias = "html502")]
    Html502,
    /// Answers 429 with `Retry-After` and a JSON error envelope without processing.
    RateLimit {
        /// Value of the `Retry-After` header, in seconds.
        #[serde(default = "one_u64")]
        retry_after_secs: u64,
    },
    /// Processes the request, then sends only the first half of its JSON body.
    TruncatedJson,
    /// Processes the request, then answers 200 with a body that is not valid JSON.
    InvalidJson,
    /// Closes the TCP connection without any answer (RST), before processing.
    Reset,
    /// Processes the request, then answers 200 with a valid JSON envelope of exactly `bytes` bytes.
    Oversized {
        /// Body size (at least the envelope's own ~40 bytes, at most [`MAX_OVERSIZED_BYTES`]).
        bytes: usize,
    },
}

fn one_u64() -> u64 {
    1
}

impl FaultKind {
    /// Short name used in the request log (`delay`, `status`, `html_502`, …).
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::Delay { .. } => "delay",
            FaultKind::Status { .. } => "status",
            FaultKind::Html502 => "html_502",
            FaultKind::RateLimit { .. } => "rate_limit",
            FaultKind::TruncatedJson => "truncated_json",
            FaultKind::InvalidJson => "invalid_json",
            FaultKind::Reset => "reset",
            FaultKind::Oversized { .. } => "oversized",
        }
    }

    /// `true` when the request is processed before the fault acts.
    pub fn processes_request(&self) -> bool {
        matches!(self, FaultKind::Delay { .. } | FaultKind::TruncatedJson | FaultKind::InvalidJson | FaultKind::Oversized { .. })
    }
}

/// Takes the fault for a request to `path` out of `queue`, counting down its `times`.
pub(crate) fn take(queue: &mut VecDeque<Fault>, path: &str) -> Option<FaultKind> {
    let idx = queue.iter().position(|f| f.path.as_deref().is_none_or(|p| path.contains(p)))?;
    let fault = queue.get_mut(idx)?;
    let kind = fault.kind.clone();
    fault.times = fault.times.saturating_sub(1);
    if fault.times == 0 {
        queue.remove(idx);
    }
    Some(kind)
}

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

fn response(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response<Body> {
    let mut resp = Response::new(body.into());
    *resp.status_mut() = status;
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp
}

/// JSON content type of every Plisio answer.
pub(crate) const JSON_TYPE: &str = "application/json; charset=UTF-8";

/// The answer of a fault that replaces processing (`status`, `html_502`, `rate_limit`); `None` for others.
pub(crate) fn replace(kind: &FaultKind) -> Option<Response<Body>> {
    match kind {
        FaultKind::Status { code, body } => {
            let status = StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let resp = match body {
                Some(b) if serde_json::from_str::<serde_json::Value>(b).is_ok() => response(status, JSON_TYPE, b.clone()),
                Some(b) => response(status, "text/plain; charset=UTF-8", b.clone()),
                None => {
                    let name = status.canonical_reason().unwrap_or("Error");
                    response(status, JSON_TYPE, error_body(Some(name), "Simulated failure.", status.as_u16()))
                }
            };
            Some(resp)
        }
        FaultKind::Html502 => Some(response(StatusCode::BAD_GATEWAY, "text/html", NGINX_502)),
        FaultKind::RateLimit { retry_after_secs } => {
            let mut resp =
                response(StatusCode::TOO_MANY_REQUESTS, JSON_TYPE, error_body(Some("Too Many Requests"), "Rate limit exceeded.", 429));
            let headers = resp.headers_mut();
            if let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string()) {
                headers.insert(header::RETRY_AFTER, v.clone());
                headers.insert("x-rate-limit-reset", v);
            }
            headers.insert("x-rate-limit-limit", HeaderValue::from_static("60"));
            headers.insert("x-rate-limit-remaining", HeaderValue::from_static("0"));
            Some(resp)
        }
        _ => None,
    }
}

/// Applies a fault that acts after processing to the real answer. Returns the answer to send and
/// how long to hold it.
pub(crate) async fn after(kind: &FaultKind, resp: Response<Body>) -> (Response<Body>, Option<Duration>) {
    match kind {
        FaultKind::Delay { ms } => (resp, Some(Duration::from_millis(*ms))),
        FaultKind::TruncatedJson => {
            let (parts, body) = resp.into_parts();
            let bytes = body.collect().await.map(|c| c.to_bytes()).unwrap_or_default();
            let cut = if bytes.len() > 1 { bytes.len() / 2 } else { 0 };
            let mut resp = Response::from_parts(parts, Body::from(bytes.slice(..cut)));
            resp.headers_mut().remove(header::CONTENT_LENGTH);
            (resp, None)
        }
        FaultKind::InvalidJson => {
            (response(StatusCode::OK, JSON_TYPE, "{\"status\":\"success\",\"data\":{\"id\":NaN,'amount':0.1,}"), None)
        }
        FaultKind::Oversized { bytes } => (response(StatusCode::OK, JSON_TYPE, oversized_body(*bytes)), None),
        _ => (resp, None),
    }
}

/// `{"status":"success","data":{"padding":"xxx…"}}` of exactly `bytes` bytes (or the minimum).
pub(crate) fn oversized_body(bytes: usize) -> Vec<u8> {
    const HEAD: &[u8] = b"{\"status\":\"success\",\"data\":{\"padding\":\"";
    const TAIL: &[u8] = b"\"}}";
    let bytes = bytes.min(MAX_OVERSIZED_BYTES);
    let pad = bytes.saturating_sub(HEAD.len() + TAIL.len());
    let mut body = Vec::with_capacity(HEAD.len() + pad + TAIL.len());
    body.extend_from_slice(HEAD);
    body.resize(HEAD.len() + pad, b'x');
    body.extend_from_slice(TAIL);
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_form() {
        let f: Fault = serde_json::from_str(r#"{"kind":"delay","ms":1500,"path":"operations/withdraw"}"#).expect("fault");
        assert_eq!(f, Fault::new(FaultKind::Delay { ms: 1500 }).on_path("operations/withdraw"));
        let f: Fault = serde_json::from_str(r#"{"kind":"html_502","times":3}"#).expect("fault");
        assert_eq!(f.times, 3);
        let text = serde_json::to_string(&Fault::new(FaultKind::RateLimit { retry_after_secs: 7 })).expect("ser");
        assert_eq!(text, r#"{"times":1,"kind":"rate_limit","retry_after_secs":7}"#);
    }

    #[test]
    fn queue_order_filter_and_countdown() {
        let mut q = VecDeque::from(vec![Fault::new(FaultKind::Reset).on_path("withdraw").times(2), Fault::new(FaultKind::Html502)]);
        assert_eq!(take(&mut q, "/api/v1/operations/withdraw"), Some(FaultKind::Reset));
        assert_eq!(take(&mut q, "/api/v1/balances/BTC"), Some(FaultKind::Html502));
        assert_eq!(take(&mut q, "/api/v1/balances/BTC"), None);
        assert_eq!(take(&mut q, "/api/v1/operations/withdraw"), Some(FaultKind::Reset));
        assert!(q.is_empty());
    }

    #[test]
    fn oversized_is_exact_and_valid() {
        let body = oversized_body(10_000);
        assert_eq!(body.len(), 10_000);
        assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok());
    }
}
