//! The HTTP client: configuration, transport, envelope handling, retries, redaction, tracing.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::value::RawValue;
use tracing::Instrument;

use crate::error::{ApiErrorDetails, Error, Result};
use crate::redact;
use crate::retry::{self, CallKind, Decision, Failure, RetryPolicy};

/// Plisio's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.plisio.net/api/v1";
/// Largest response body accepted (a 100-operation page is ~100 KiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 8 * 1024 * 1024;
/// SDK version sent in the User-Agent.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A Plisio API client. Cheap to clone (shared connection pool); safe to use from many tasks.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    http: reqwest::Client,
    api_key: String,
    base_url: url::Url,
    policy: RetryPolicy,
    max_body_bytes: usize,
    pub(crate) deposit_prefixes: Vec<String>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("api_key", &"***")
            .field("max_retries", &self.inner.policy.max_retries)
            .finish()
    }
}

/// Builds a [`Client`].
pub struct ClientBuilder {
    api_key: String,
    base_url: String,
    timeout: Duration,
    connect_timeout: Option<Duration>,
    policy: RetryPolicy,
    max_body_bytes: usize,
    user_agent: String,
    deposit_prefix: Option<String>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder").field("base_url", &self.base_url).field("api_key", &"***").finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Override the base URL (default [`DEFAULT_BASE_URL`]); `http://` is only accepted for loopback.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Total time allowed for one attempt (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to establish a connection (default: the smaller of 10 s and the timeout).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries of read calls after the first attempt (default 2). Money-moving calls are never
    /// retried once the request may have left.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.policy.max_retries = retries;
        self
    }

    /// Backoff between retries: first delay and cap (defaults 250 ms and 8 s).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.policy.initial_backoff = initial;
        self.policy.max_backoff = max.max(initial);
        self
    }

    /// Longest `Retry-After` the client waits on its own (default 30 s).
    pub fn max_retry_after(mut self, max: Duration) -> Self {
        self.policy.max_retry_after = max;
        self
    }

    /// Largest response body accepted (default 8 MiB).
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes.max(1024);
        self
    }

    /// Identify the language binding in the User-Agent: `plisio-sdk/<v> (<binding>; <language>/<version>)`.
    pub fn user_agent(mut self, binding: &str, language_version: &str) -> Self {
        self.user_agent = format!("plisio-sdk/{VERSION} ({binding}; {language_version})");
        self
    }

    /// Path prefix of the white-label deposit endpoints: `shop` (Plisio's documentation, the default)
    /// or `shops`. Without an explicit choice the client falls back to the other spelling on a 404.
    pub fn deposits_path_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.deposit_prefix = Some(prefix.into());
        self
    }

    /// Build the client. Fails with [`Error::Configuration`] for an empty key or an unsafe base URL.
    pub fn build(self) -> Result<Client> {
        if self.api_key.trim().is_empty() {
            return Err(Error::Configuration { message: "the API key is empty".into() });
        }
        if self.api_key.chars().any(char::is_whitespace) {
            return Err(Error::Configuration { message: "the API key contains whitespace (copy-paste error?)".into() });
        }
        let base_url = validate_base_url(&self.base_url)?;
        let loopback = is_loopback(&base_url);
        if self.timeout.is_zero() {
            return Err(Error::Configuration { message: "the timeout must be greater than zero".into() });
        }
        let connect_timeout = self.connect_timeout.unwrap_or(Duration::from_secs(10)).min(self.timeout);
        let mut http = reqwest::Client::builder()
            .user_agent(self.user_agent)
            .timeout(self.timeout)
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(50))
            .tcp_nodelay(true);
        if loopback {
            // A local sandbox must never be reached through a proxy from the environment.
            http = http.no_proxy();
        }
        let http = http
            .build()
            .map_err(|e| Error::Configuration { message: redact::redact(&transport_message(&e), &self.api_key).into_owned() })?;
        let deposit_prefixes = match self.deposit_prefix {
            Some(p) => vec![p.trim_matches('/').to_owned()],
            None => vec!["shop".to_owned(), "shops".to_owned()],
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                api_key: self.api_key,
                base_url,
                policy: self.policy,
                max_body_bytes: self.max_body_bytes,
                deposit_prefixes,
            }),
        })
    }
}

fn validate_base_url(text: &str) -> Result<url::Url> {
    let trimmed = text.trim().trim_end_matches('/');
    let mut url = url::Url::parse(trimmed).map_err(|e| Error::Configuration { message: format!("invalid base URL: {e}") })?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Configuration {
            message: "the base URL must not carry a query string or fragment (the API key is added by the client)".into(),
        });
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Configuration { message: "the base URL must not carry credentials".into() });
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::Configuration {
                message: "refusing plain http:// to a non-loopback host: the API key would travel in clear text; use https://".into(),
            });
        }
        other => return Err(Error::Configuration { message: format!("unsupported URL scheme {other:?}") }),
    }
    // Make joining relative paths append instead of replacing the last segment.
    if !url.path().ends_with('/') {
        let p = format!("{}/", url.path());
        url.set_path(&p);
    }
    Ok(url)
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// A request about to be sent.
pub(crate) struct Request<'a> {
    /// The endpoint name for errors and logs, e.g. `operations/{id}`.
    pub endpoint: &'static str,
    /// The actual path relative to the base URL.
    pub path: String,
    /// Query parameters other than `api_key`.
    pub params: Vec<(&'a str, String)>,
    pub kind: CallKind,
}

/// A successful answer: HTTP status and the body, whose `data` is at `data()`.
pub(crate) struct Answer {
    pub http_status: u16,
    body: Vec<u8>,
    pub endpoint: &'static str,
    pub kind: CallKind,
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    status: Option<&'a RawValue>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ErrorData {
    #[serde(deserialize_with = "crate::de::opt_text")]
    name: Option<String>,
    #[serde(deserialize_with = "crate::de::opt_string")]
    message: Option<String>,
    #[serde(deserialize_with = "crate::de::opt_i64")]
    code: Option<i64>,
    #[serde(deserialize_with = "crate::de::opt_i64")]
    status: Option<i64>,
}

impl Answer {
    /// Decode `data` with `f`. A decoding failure is `Decode` for reads and `OutcomeUnknown` for
    /// money-moving calls (the call succeeded, we just cannot read what it did).
    pub fn decode<T>(&self, client: &Client, f: impl FnOnce(&RawValue) -> std::result::Result<T, serde_json::Error>) -> Result<T> {
        let env: Envelope<'_> = serde_json::from_slice(&self.body).map_err(|e| self.decode_error(client, e.to_string()))?;
        let data = env.data.ok_or_else(|| self.decode_error(client, "the envelope has no data".into()))?;
        f(data).map_err(|e| self.decode_error(client, e.to_string()))
    }

    fn decode_error(&self, client: &Client, message: String) -> Error {
        if self.kind == CallKind::MoneyMoving {
            Error::OutcomeUnknown {
                endpoint: self.endpoint.to_owned(),
                message: format!("HTTP {} but the answer could not be read ({message})", self.http_status),
            }
        } else {
            Error::Decode {
                endpoint: self.endpoint.to_owned(),
                http_status: self.http_status,
                message: redact::redact(&message, &client.inner.api_key).into_owned(),
                snippet: redact::snippet(&self.body, &client.inner.api_key, 512),
            }
        }
    }
}

/// Outcome of one attempt.
enum Attempt {
    Done(Answer),
    Failed { failure: Failure, error: Error },
}

impl Client {
    /// Start building a client with the shop's secret API key.
    pub fn builder(api_key: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            api_key: api_key.into(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: None,
            policy: RetryPolicy::default(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            user_agent: format!("plisio-sdk/{VERSION} (rust; rust)"),
            deposit_prefix: None,
        }
    }

    /// A client with default settings.
    pub fn new(api_key: impl Into<String>) -> Result<Client> {
        Client::builder(api_key).build()
    }

    /// The base URL in use.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// The retry policy in use.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.inner.policy
    }

    /// Mask the API key in any text (for applications that log their own messages).
    pub fn redact<'a>(&self, text: &'a str) -> std::borrow::Cow<'a, str> {
        redact::redact(text, &self.inner.api_key)
    }

    /// Send `req` with the retry policy; returns the successful answer or the final error.
    pub(crate) async fn send(&self, req: Request<'_>) -> Result<Answer> {
        let mut url = self.inner.base_url.join(&req.path).map_err(|e| Error::invalid("path", e.to_string()))?;
        {
            let mut q = url.query_pairs_mut();
            for (k, v) in &req.params {
                q.append_pair(k, v);
            }
            q.append_pair("api_key", &self.inner.api_key);
        }
        let span = tracing::debug_span!("plisio.request", endpoint = req.endpoint, kind = ?req.kind);
        async move {
            let mut attempt = 1u32;
            loop {
                let started = Instant::now();
                let outcome = self.attempt(&url, &req).await;
                let latency_ms = started.elapsed().as_millis() as u64;
                match outcome {
                    Attempt::Done(answer) => {
                        tracing::debug!(attempt, http_status = answer.http_status, latency_ms, "plisio request succeeded");
                        return Ok(answer);
                    }
                    Attempt::Failed { failure, error } => {
                        let decision = retry::decide(req.kind, attempt, failure, &self.inner.policy, jitter());
                        tracing::debug!(attempt, latency_ms, error_code = error.code(), ?decision, "plisio request failed");
                        match decision {
                            Decision::Retry(wait) => {
                                tokio::time::sleep(wait).await;
                                attempt += 1;
                            }
                            Decision::GiveUp => {
                                return Err(match error {
                                    Error::Timeout { endpoint, .. } => Error::Timeout { endpoint, attempts: attempt },
                                    other => other,
                                });
                            }
                            Decision::OutcomeUnknown => {
                                tracing::warn!(
                                    endpoint = req.endpoint,
                                    "money-moving request ended without a definite answer; not retried"
                                );
                                return Err(Error::OutcomeUnknown { endpoint: req.endpoint.to_owned(), message: outcome_message(&error) });
                            }
                        }
                    }
                }
            }
        }
        .instrument(span)
        .await
    }

    async fn attempt(&self, url: &url::Url, req: &Request<'_>) -> Attempt {
        let mut builder = self.inner.http.get(url.clone()).header(reqwest::header::ACCEPT, "application/json");
        if req.kind == CallKind::MoneyMoving {
            builder = builder.header(reqwest::header::CACHE_CONTROL, "no-store");
        }
        let transport = |e: reqwest::Error| -> Attempt {
            let message = redact::redact(&transport_message(&e), &self.inner.api_key).into_owned();
            let failure = if e.is_connect() {
                Failure::ConnectFailed
            } else if e.is_timeout() {
                Failure::TimedOut
            } else {
                Failure::ConnectionLost
            };
            let error = match failure {
                Failure::TimedOut => Error::Timeout { endpoint: req.endpoint.to_owned(), attempts: 1 },
                _ => Error::Connection { endpoint: req.endpoint.to_owned(), message },
            };
            Attempt::Failed { failure, error }
        };
        let mut response = match builder.send().await {
            Ok(r) => r,
            Err(e) => return transport(e),
        };
        let http_status = response.status().as_u16();
        let retry_after =
            response.headers().get(reqwest::header::RETRY_AFTER).and_then(|v| v.to_str().ok()).and_then(retry::parse_retry_after);
        let location = response.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let mut body = Vec::with_capacity(response.content_length().unwrap_or(4096).min(1 << 20) as usize);
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.inner.max_body_bytes {
                        let error = Error::Decode {
                            endpoint: req.endpoint.to_owned(),
                            http_status,
                            message: format!("response body larger than {} bytes", self.inner.max_body_bytes),
                            snippet: redact::snippet(&body, &self.inner.api_key, 512),
                        };
                        let failure = if (200..300).contains(&http_status) {
                            Failure::UndecodableSuccess
                        } else {
                            Failure::Status { http_status, retry_after, plisio_envelope: false }
                        };
                        return Attempt::Failed { failure, error };
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return transport(e),
            }
        }
        self.classify(req, http_status, retry_after, location, body)
    }

    fn classify(
        &self,
        req: &Request<'_>,
        http_status: u16,
        retry_after: Option<Duration>,
        location: Option<String>,
        body: Vec<u8>,
    ) -> Attempt {
        let envelope: Option<Envelope<'_>> = serde_json::from_slice(&body).ok();
        let status_text = envelope.as_ref().and_then(|e| e.status).and_then(|s| serde_json::from_str::<String>(s.get()).ok());
        let is_success = status_text.as_deref() == Some("success");
        let is_error = status_text.as_deref() == Some("error");
        if is_success && (200..300).contains(&http_status) {
            return Attempt::Done(Answer { http_status, body, endpoint: req.endpoint, kind: req.kind });
        }
        if is_error {
            let data: ErrorData =
                envelope.as_ref().and_then(|e| e.data).and_then(|d| serde_json::from_str(d.get()).ok()).unwrap_or_default();
            let details = self.details(http_status, data);
            let error = map_api_error(http_status, retry_after, details);
            return Attempt::Failed { failure: Failure::Status { http_status, retry_after, plisio_envelope: true }, error };
        }
        let snippet = redact::snippet(&body, &self.inner.api_key, 512);
        if (200..300).contains(&http_status) {
            let message = if envelope.is_some() { "unexpected envelope status" } else { "the body is not a Plisio JSON envelope" };
            return Attempt::Failed {
                failure: Failure::UndecodableSuccess,
                error: Error::Decode { endpoint: req.endpoint.to_owned(), http_status, message: message.into(), snippet },
            };
        }
        let failure = Failure::Status { http_status, retry_after, plisio_envelope: false };
        let error = match http_status {
            429 => Error::RateLimited { retry_after, details: None },
            401 | 403 => {
                Error::Authentication(ApiErrorDetails { http_status, message: format!("HTTP {http_status}"), ..Default::default() })
            }
            300..=399 => Error::Decode {
                endpoint: req.endpoint.to_owned(),
                http_status,
                message: format!(
                    "unexpected redirect{}",
                    location.map(|l| format!(" to {}", redact::strip_secret_params(&l))).unwrap_or_default()
                ),
                snippet,
            },
            _ => Error::Decode {
                endpoint: req.endpoint.to_owned(),
                http_status,
                message: "the body is not a Plisio JSON envelope".into(),
                snippet,
            },
        };
        Attempt::Failed { failure, error }
    }

    fn details(&self, http_status: u16, data: ErrorData) -> ApiErrorDetails {
        let message = redact::redact(data.message.as_deref().unwrap_or(""), &self.inner.api_key).into_owned();
        ApiErrorDetails {
            http_status,
            plisio_code: data.code.or(data.status),
            name: data.name.map(|n| redact::redact(&n, &self.inner.api_key).into_owned()),
            field_errors: parse_field_errors(&message),
            message,
        }
    }
}

fn map_api_error(http_status: u16, retry_after: Option<Duration>, details: ApiErrorDetails) -> Error {
    match (http_status, details.plisio_code) {
        (429, _) => Error::RateLimited { retry_after, details: Some(details) },
        (401 | 403, _) | (_, Some(401)) => Error::Authentication(details),
        (404, _) | (_, Some(111)) => Error::NotFound(details),
        _ => Error::Api(details),
    }
}

/// Parse `data.message` when it is a JSON object encoded in a string, alone or after a text prefix:
/// `{"field":"msg"}`, `{"field":["msg",…]}`, `Unsupported currency attribute value: {"currency":"BTCX"}`.
pub(crate) fn parse_field_errors(message: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut out = std::collections::BTreeMap::new();
    let Some(start) = message.find('{') else { return out };
    let Ok(map) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&message[start..]) else { return out };
    for (field, value) in map {
        let msgs = match value {
            serde_json::Value::String(s) => vec![s],
            serde_json::Value::Array(items) => {
                items.into_iter().map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())).collect()
            }
            other => vec![other.to_string()],
        };
        out.insert(field, msgs);
    }
    out
}

fn outcome_message(error: &Error) -> String {
    match error {
        Error::Timeout { .. } => "no answer before the timeout".to_owned(),
        Error::Connection { message, .. } => format!("the connection broke: {message}"),
        Error::Decode { http_status, message, .. } => format!("HTTP {http_status}: {message}"),
        other => other.to_string(),
    }
}

/// A transport error as text, without any URL (reqwest prints request URLs, which carry the key).
fn transport_message(e: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut parts = Vec::new();
    let kind = if e.is_connect() {
        "connect error"
    } else if e.is_timeout() {
        "timed out"
    } else if e.is_body() || e.is_decode() {
        "error reading the response body"
    } else if e.is_request() {
        "error sending the request"
    } else {
        "transport error"
    };
    parts.push(kind.to_owned());
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p == &text) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

/// A cheap per-call jitter source (no RNG dependency needed for backoff spreading).
fn jitter() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    (h.finish() % 1001) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_rules() {
        assert!(validate_base_url("https://api.plisio.net/api/v1").is_ok());
        assert!(validate_base_url("http://127.0.0.1:8080/api/v1/").is_ok());
        assert!(validate_base_url("http://localhost:1/api/v1").is_ok());
        assert!(validate_base_url("http://[::1]:1/api/v1").is_ok());
        for bad in ["http://api.plisio.net/api/v1", "ftp://x/", "https://x/api?api_key=1", "https://u:p@x/", "not a url"] {
            assert!(matches!(validate_base_url(bad), Err(Error::Configuration { .. })), "{bad}");
        }
        assert_eq!(validate_base_url("https://h/api/v1").unwrap().join("operations").unwrap().as_str(), "https://h/api/v1/operations");
    }

    #[test]
    fn field_errors_from_json_in_a_string() {
        let f = parse_field_errors("{\"balance\":\"Insufficient funds on balance\"}");
        assert_eq!(f["balance"], vec!["Insufficient funds on balance"]);
        let f = parse_field_errors("{\"fee\":[\"The transaction fee cannot be estimated. Please check the balance\"]}");
        assert_eq!(f["fee"].len(), 1);
        let f = parse_field_errors("Unsupported currency attribute value: {\"currency\":\"BTCX\"}");
        assert_eq!(f["currency"], vec!["BTCX"]);
        assert!(parse_field_errors("The specified resource does not exist").is_empty());
    }

    #[test]
    fn api_error_mapping() {
        let d = |code| ApiErrorDetails { http_status: 422, plisio_code: Some(code), ..Default::default() };
        assert_eq!(map_api_error(422, None, d(105)).code(), "api_error");
        assert_eq!(map_api_error(422, None, d(111)).code(), "not_found");
        assert_eq!(map_api_error(200, None, d(401)).code(), "authentication");
        assert_eq!(map_api_error(401, None, d(0)).code(), "authentication");
        assert_eq!(map_api_error(404, None, d(0)).code(), "not_found");
        assert_eq!(map_api_error(429, Some(Duration::from_secs(2)), d(0)).code(), "rate_limited");
    }

    #[test]
    fn debug_hides_the_key() {
        let c = Client::builder("sk_live_SECRET").base_url("http://127.0.0.1:9/api/v1").build().unwrap();
        let s = format!("{c:?}");
        assert!(!s.contains("sk_live_SECRET") && s.contains("***"));
        assert!(matches!(Client::new(""), Err(Error::Configuration { .. })));
    }
}
