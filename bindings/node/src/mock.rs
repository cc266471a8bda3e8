//! The in-process sandbox (`plisio-mock`) for tests: JS objects in, JS mirrors out. The server runs
//! on its own runtime thread, bound to 127.0.0.1.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use napi_derive::napi;
use plisio_core::money::parse_amount;
use plisio_mock as mock;
use serde_json::{Map, Value, json};

use crate::error::{MARK, guard, invalid};
use crate::models::Raw;

/// A sandbox error as a marked napi error (`MockServerError` in JS).
fn mock_error(kind: &str, message: impl Into<String>) -> napi::Error {
    let p = json!({
        "code": "mock_error",
        "kind": kind,
        "message": message.into(),
        "plisioCode": null,
        "httpStatus": null,
        "retryable": false,
        "fieldErrors": {},
    });
    napi::Error::new(napi::Status::GenericFailure, format!("{MARK}{p}"))
}

fn from_mock(e: mock::MockError) -> napi::Error {
    mock_error(e.kind(), e.to_string())
}

/// Settings of a sandbox (all optional).
#[napi(object)]
pub struct MockOptions {
    /// The shop's secret key (default `sk_test_plisio_mock`).
    pub api_key: Option<String>,
    /// Port on 127.0.0.1 (default 0: any free port).
    pub port: Option<u16>,
    /// The shop's Status URL: where callbacks go when the request names none.
    pub callback_url: Option<String>,
    /// White-label payment processing (default true).
    pub white_label: Option<bool>,
    /// Starting balances by coin ID, as decimal strings.
    pub balances: Option<HashMap<String, String>>,
    /// Shop name.
    pub shop_name: Option<String>,
    /// Shop id.
    pub shop_id: Option<String>,
    /// Plisio's commission in percent, as a decimal string (default `"1"`).
    pub commission_percent: Option<String>,
    /// Timeout of one callback delivery in milliseconds (default 5000).
    pub callback_timeout_ms: Option<u32>,
}

/// A balance for the sandbox: a plain decimal string, zero allowed, never negative.
fn balance_amount(field: &str, text: &str) -> plisio_core::Result<plisio_core::Decimal> {
    let value = plisio_core::money::parse_decimal_text(text).map_err(|m| invalid(field, m))?;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(invalid(field, format!("a balance cannot be negative, got {text}")));
    }
    Ok(value)
}

fn config(o: Option<MockOptions>) -> plisio_core::Result<mock::MockConfig> {
    let mut c = mock::MockConfig::default();
    let Some(o) = o else { return Ok(c) };
    if let Some(k) = o.api_key {
        c.api_key = k;
    }
    if let Some(p) = o.port {
        c.port = p;
    }
    c.callback_url = o.callback_url.or(c.callback_url);
    if let Some(w) = o.white_label {
        c.white_label = w;
    }
    for (coin, amount) in o.balances.unwrap_or_default() {
        c.balances.insert(coin.clone(), balance_amount(&format!("balances.{coin}"), &amount)?);
    }
    if let Some(n) = o.shop_name {
        c.shop_name = n;
    }
    if let Some(i) = o.shop_id {
        c.shop_id = i;
    }
    if let Some(p) = o.commission_percent {
        c.commission_percent = plisio_core::money::decimal(&p)?;
    }
    if let Some(ms) = o.callback_timeout_ms {
        c.callback_timeout_ms = u64::from(ms);
    }
    Ok(c)
}

/// A deposit arriving on a user's permanent address.
#[napi(object)]
pub struct PayInRequest {
    /// The user id the address was created for (`deposits.create`).
    pub uid: String,
    /// The coin.
    pub psys_cid: String,
    /// Amount received, as a decimal string.
    pub amount: String,
    /// Where to POST the `pay_in` callback (default: the shop's Status URL).
    pub callback_url: Option<String>,
    /// Callback encoding: `json`, `multipart` or `urlencoded` (default: JSON when the URL has
    /// `json=true`, else multipart).
    pub format: Option<String>,
}

/// A payment of an invoice.
#[napi(object)]
pub struct PayInvoiceRequest {
    /// The invoice's `txnId`.
    pub txn_id: String,
    /// Amount paid, as a decimal string (default: what is still due).
    pub amount: Option<String>,
    /// New status (`completed`, `mismatch`, `pending`, `expired`, `cancelled`, `error`, …).
    pub status: Option<String>,
    /// Callback encoding: `json`, `multipart` or `urlencoded`.
    pub format: Option<String>,
    /// Overrides the invoice's callback URL.
    pub callback_url: Option<String>,
}

/// The outcome of one callback POST.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct CallbackDelivery {
    /// Where it was sent.
    pub url: String,
    /// Encoding used: `json`, `multipart` or `urlencoded`.
    pub format: String,
    /// `Content-Type` header sent.
    pub content_type: String,
    /// The body sent.
    pub body: String,
    /// The `verify_hash` field of the body.
    pub verify_hash: String,
    /// HTTP status the receiver answered, when it answered.
    pub status: Option<u32>,
    /// The receiver's answer body (first 4 KiB), when it answered.
    pub response_body: Option<String>,
    /// Why the delivery failed, when it did.
    pub error: Option<String>,
}

fn text_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

impl From<mock::CallbackDelivery> for CallbackDelivery {
    fn from(d: mock::CallbackDelivery) -> Self {
        CallbackDelivery {
            format: text_of(&d.format),
            url: d.url,
            content_type: d.content_type,
            body: d.body,
            verify_hash: d.verify_hash,
            status: d.status.map(u32::from),
            response_body: d.response_body,
            error: d.error,
        }
    }
}

/// What a simulation did.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct SimulationResult {
    /// The created or updated operation, as `operations.get` answers it on the wire (`raw` form).
    #[napi(ts_type = "Record<string, any>")]
    pub operation: Raw,
    /// The invoice after the payment, in wire form (invoice payments only).
    #[napi(ts_type = "Record<string, any> | null")]
    pub invoice: Option<Raw>,
    /// The callback POST, when there was a URL to send it to.
    pub callback: Option<CallbackDelivery>,
    /// Why no callback was sent.
    pub callback_skipped: Option<String>,
    /// Further copies of the callback (success / fail callback URLs).
    pub additional_callbacks: Vec<CallbackDelivery>,
}

impl From<mock::SimulationResult> for SimulationResult {
    fn from(r: mock::SimulationResult) -> Self {
        SimulationResult {
            operation: Raw::from_json(r.operation.to_string()),
            invoice: r.invoice.map(|v| Raw::from_json(v.to_string())),
            callback: r.callback.map(Into::into),
            callback_skipped: r.callback_skipped,
            additional_callbacks: r.additional_callbacks.into_iter().map(Into::into).collect(),
        }
    }
}

/// One API request the sandbox answered (`api_key` shown as `***`).
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct LoggedRequest {
    /// HTTP method.
    pub method: String,
    /// Path without the query (`/api/v1/operations/withdraw`).
    pub path: String,
    /// Raw query string with `api_key=***`.
    pub query: String,
    /// HTTP status answered; 0 when the connection was reset.
    pub status: u32,
    /// Unix time in milliseconds when the request arrived.
    pub time_ms: f64,
    /// Kind of the fault applied to this request, if any.
    pub fault: Option<String>,
}

/// `camelCase` keys of a JS object as the sandbox's `snake_case` serde names.
fn snake_keys(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let mut s = String::with_capacity(k.len() + 4);
                    for c in k.chars() {
                        if c.is_ascii_uppercase() {
                            s.push('_');
                            s.push(c.to_ascii_lowercase());
                        } else {
                            s.push(c);
                        }
                    }
                    (s, v)
                })
                .collect::<Map<String, Value>>(),
        ),
        other => other,
    }
}

fn format_of(f: Option<String>) -> napi::Result<Option<mock::CallbackFormat>> {
    f.map(|f| {
        serde_json::from_value(Value::String(f.clone()))
            .map_err(|_| mock_error("invalid_request", format!("unknown callback format {f:?}; use json, multipart or urlencoded")))
    })
    .transpose()
}

/// The sandbox server (behind `MockServer` in `plisio-sdk/testing`).
#[napi]
pub struct NativeMockServer {
    server: Mutex<Option<Arc<mock::MockServer>>>,
    url: String,
    root_url: String,
    api_key: String,
}

impl NativeMockServer {
    fn get(&self) -> napi::Result<Arc<mock::MockServer>> {
        self.server
            .lock()
            .map_err(|_| mock_error("shut_down", "the sandbox state is poisoned"))?
            .clone()
            .ok_or_else(|| mock_error("shut_down", "the sandbox was stopped"))
    }
}

#[napi]
impl NativeMockServer {
    /// Start a sandbox on 127.0.0.1 (its own runtime thread).
    #[napi(factory)]
    pub fn start(options: Option<MockOptions>) -> napi::Result<NativeMockServer> {
        let config = guard(|| config(options))?;
        let server = mock::MockServer::start_blocking(config).map_err(|e| mock_error("io", format!("the sandbox could not start: {e}")))?;
        Ok(NativeMockServer {
            url: server.url(),
            root_url: server.root_url(),
            api_key: server.api_key().to_owned(),
            server: Mutex::new(Some(Arc::new(server))),
        })
    }

    /// The API base URL for a client: `http://127.0.0.1:<port>/api/v1`.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// The server root: `http://127.0.0.1:<port>`.
    #[napi(getter)]
    pub fn root_url(&self) -> String {
        self.root_url.clone()
    }

    /// The sandbox shop's secret key (a test key).
    #[napi(getter)]
    pub fn api_key(&self) -> String {
        self.api_key.clone()
    }

    /// Queue a fault for upcoming API requests, e.g. `{ kind: 'delay', ms: 1500, path: 'operations/withdraw' }`,
    /// `{ kind: 'status', code: 502, body: '...' }`, `{ kind: 'rate_limit', retryAfterSecs: 1 }`, `{ kind: 'reset' }`.
    #[napi(ts_args_type = "fault: Record<string, any>")]
    pub fn push_fault(&self, fault: Value) -> napi::Result<()> {
        let fault: mock::Fault =
            serde_json::from_value(snake_keys(fault)).map_err(|e| mock_error("invalid_request", format!("invalid fault: {e}")))?;
        self.get()?.push_fault(fault);
        Ok(())
    }

    /// Drop every queued fault.
    #[napi]
    pub fn clear_faults(&self) -> napi::Result<()> {
        self.get()?.clear_faults();
        Ok(())
    }

    /// The API requests received so far (oldest first).
    #[napi]
    pub fn requests(&self) -> napi::Result<Vec<LoggedRequest>> {
        Ok(self
            .get()?
            .requests()
            .into_iter()
            .map(|r| LoggedRequest {
                method: r.method,
                path: r.path,
                query: r.query,
                status: u32::from(r.status),
                time_ms: r.time_ms as f64,
                fault: r.fault,
            })
            .collect())
    }

    /// Empty the request log.
    #[napi]
    pub fn clear_requests(&self) -> napi::Result<()> {
        self.get()?.clear_requests();
        Ok(())
    }

    /// Set the balance of a coin (a decimal string).
    #[napi]
    pub fn set_balance(&self, psys_cid: String, amount: String) -> napi::Result<()> {
        let value = guard(|| balance_amount("amount", &amount))?;
        self.get()?.set_balance(&psys_cid, value);
        Ok(())
    }

    /// The balance of a coin as a decimal string (`null` for an unknown coin).
    #[napi]
    pub fn balance(&self, psys_cid: String) -> napi::Result<Option<String>> {
        Ok(self.get()?.balance(&psys_cid).map(|d| d.to_string()))
    }

    /// Add `count` synthetic older operations (for pagination tests); returns how many were created.
    #[napi]
    pub fn seed_operations(&self, count: u32, kind: Option<String>, psys_cid: Option<String>) -> napi::Result<u32> {
        let n = self.get()?.seed_operations(count as usize, kind.as_deref(), psys_cid.as_deref());
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Turn white-label processing on or off.
    #[napi]
    pub fn set_white_label(&self, on: bool) -> napi::Result<()> {
        self.get()?.set_white_label(on);
        Ok(())
    }

    /// Set (or clear with `null`) the shop's Status URL, the default callback target.
    #[napi]
    pub fn set_callback_url(&self, url: Option<String>) -> napi::Result<()> {
        self.get()?.set_callback_url(url);
        Ok(())
    }

    /// Back to the starting state (balances, operations, invoices, deposits, faults, request log).
    #[napi]
    pub fn reset(&self) -> napi::Result<()> {
        self.get()?.reset();
        Ok(())
    }

    /// A deposit arrives on a user's address: credits the balance, records a `cash_in` operation
    /// and POSTs the signed `pay_in` callback.
    #[napi]
    pub async fn simulate_pay_in(&self, request: PayInRequest) -> napi::Result<SimulationResult> {
        let server = self.get()?;
        let amount = guard(|| parse_amount("amount", &request.amount))?;
        let req = mock::PayIn {
            uid: request.uid,
            psys_cid: request.psys_cid,
            amount,
            callback_url: request.callback_url,
            format: format_of(request.format)?,
        };
        server.simulate_pay_in(req).await.map(Into::into).map_err(from_mock)
    }

    /// Pay an invoice and POST the signed `invoice` callback.
    #[napi]
    pub async fn pay_invoice(&self, request: PayInvoiceRequest) -> napi::Result<SimulationResult> {
        let server = self.get()?;
        let amount = guard(|| request.amount.as_deref().map(|a| parse_amount("amount", a)).transpose())?;
        let req = mock::PayInvoice {
            txn_id: request.txn_id,
            amount,
            status: request.status,
            format: format_of(request.format)?,
            callback_url: request.callback_url,
        };
        server.pay_invoice(req).await.map(Into::into).map_err(from_mock)
    }

    /// Stop the server and wait until it has stopped. Idempotent.
    #[napi]
    pub async fn stop(&self) -> napi::Result<()> {
        let server = self.server.lock().map_err(|_| mock_error("shut_down", "the sandbox state is poisoned"))?.take();
        if let Some(server) = server {
            // Dropping the last handle stops the server and joins its thread: not on the JS thread.
            tokio::task::spawn_blocking(move || drop(server))
                .await
                .map_err(|e| mock_error("io", format!("stopping the sandbox failed: {e}")))?;
        }
        Ok(())
    }
}
