//! Simulation controls: receiving deposits, paying invoices, seeding history, and the `/__mock/`
//! HTTP endpoints that expose them together with the request log, the fault queue and the state.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, Response, StatusCode, header};
use axum::routing::{get, post};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Value, json};

use crate::addresses::tx_hash;
use crate::callbacks::{self, CallbackDelivery, CallbackFormat, Field};
use crate::currencies::{self, COINS, Coin};
use crate::error::MockError;
use crate::faults::Fault;
use crate::json::to_text;
use crate::money;
use crate::operation::{OpKind, Operation, QR_CODE, STATUSES, Tx};
use crate::server::App;
use crate::state::{State as ShopState, now_secs};

/// A deposit arriving on a user's permanent address (`POST /__mock/deposits/pay_in`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayIn {
    /// The user id the address was created for (`shop/deposit/new?uid=`).
    pub uid: String,
    /// The coin.
    pub psys_cid: String,
    /// Amount received (gross; Plisio's commission is deducted from it).
    pub amount: Decimal,
    /// Where to POST the `pay_in` callback; default: the shop's Status URL.
    #[serde(default)]
    pub callback_url: Option<String>,
    /// Callback encoding; default: JSON when the URL has `json=true`, else multipart.
    #[serde(default)]
    pub format: Option<CallbackFormat>,
}

impl PayIn {
    /// A deposit of `amount` for `uid` in `psys_cid`, with the default callback settings.
    pub fn new(uid: impl Into<String>, psys_cid: impl Into<String>, amount: Decimal) -> PayIn {
        PayIn { uid: uid.into(), psys_cid: psys_cid.into(), amount, callback_url: None, format: None }
    }
}

/// A payment of an invoice (`POST /__mock/invoices/{id}/pay`, where the path gives `txn_id`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PayInvoice {
    /// The invoice's `txn_id`.
    #[serde(default, alias = "id")]
    pub txn_id: String,
    /// Amount paid by this transaction. Default: what is still due (for `completed`/`pending` or no
    /// status), that plus 10% of the invoice (for `mismatch`), nothing (for other statuses).
    #[serde(default)]
    pub amount: Option<Decimal>,
    /// New status (`completed`, `mismatch`, `pending`, `expired`, `cancelled`, `error`, …).
    /// Default: from the total received: less than due → `pending`, exact → `completed`, more → `mismatch`.
    #[serde(default)]
    pub status: Option<String>,
    /// Callback encoding; default: JSON when the URL has `json=true`, else multipart.
    #[serde(default)]
    pub format: Option<CallbackFormat>,
    /// Overrides the invoice's `callback_url`.
    #[serde(default)]
    pub callback_url: Option<String>,
}

impl PayInvoice {
    /// Pays invoice `txn_id` in full.
    pub fn new(txn_id: impl Into<String>) -> PayInvoice {
        PayInvoice { txn_id: txn_id.into(), ..PayInvoice::default() }
    }
}

/// What a simulation did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimulationResult {
    /// The created or updated operation, as `operations/{id}` shows it.
    pub operation: Value,
    /// The invoice after the payment, as `invoices/{id}` shows its `invoice` (invoice payments only).
    #[serde(default)]
    pub invoice: Option<Value>,
    /// The callback POST, when there was a URL to send it to.
    pub callback: Option<CallbackDelivery>,
    /// Why no callback was sent (`"no callback url"`).
    #[serde(default)]
    pub callback_skipped: Option<String>,
    /// Further copies of the callback: to the invoice's `success_callback_url` (on `completed` and
    /// `mismatch`) or `fail_callback_url` (on `expired`, `cancelled`, `error`), when set.
    #[serde(default)]
    pub additional_callbacks: Vec<CallbackDelivery>,
}

/// Common fields of both callback kinds.
fn base_fields(app: &App, op: &Operation) -> Vec<(&'static str, Field)> {
    let s = |v: String| Field::Str(v);
    vec![
        ("comment", s(format!("Invoice details: {}/account/transactions/{}", app.root, op.id))),
        ("merchant", s(app.config.shop_name.clone())),
        ("merchant_id", s(app.config.shop_id.clone())),
        ("psys_cid", s(op.coin.id.to_owned())),
        ("qr_code", s(QR_CODE.to_owned())),
        ("source_rate", s(op.coin.fmt(op.source_rate))),
        ("status", s(op.status.clone())),
        ("txn_id", s(op.id.clone())),
        ("tx_urls", Field::Urls(if op.txs.is_empty() { None } else { Some(op.tx_urls()) })),
    ]
}

/// Validates a control amount for `coin`.
fn check_amount(coin: &Coin, amount: Decimal, allow_zero: bool) -> Result<(), MockError> {
    if amount < Decimal::ZERO || (amount.is_zero() && !allow_zero) {
        return Err(MockError::InvalidRequest(format!("amount must be positive, got {amount}")));
    }
    if amount > money::MAX_AMOUNT {
        return Err(MockError::InvalidRequest(format!("amount must be at most {}", money::MAX_AMOUNT)));
    }
    if amount.normalize().scale() > coin.precision {
        return Err(MockError::InvalidRequest(format!("amount {amount} has more than {} decimals for {}", coin.precision, coin.id)));
    }
    Ok(())
}

/// Sends (or skips) the callback and assembles the result.
async fn finish(
    app: &App,
    operation: Value,
    invoice: Option<Value>,
    url: Option<String>,
    extra_urls: Vec<String>,
    fields: Vec<(&'static str, Field)>,
    format: Option<CallbackFormat>,
) -> SimulationResult {
    let send = |url: String| {
        let format = CallbackFormat::choose(format, &url);
        let prepared = callbacks::prepare(fields.clone(), &url, format, &app.config.api_key);
        callbacks::deliver(&app.http, prepared)
    };
    let (callback, callback_skipped) = match url {
        Some(url) => (Some(send(url).await), None),
        None => (None, Some("no callback url".to_owned())),
    };
    let mut additional_callbacks = Vec::new();
    for url in extra_urls {
        additional_callbacks.push(send(url).await);
    }
    SimulationResult { operation, invoice, callback, callback_skipped, additional_callbacks }
}

/// Parses the exact JSON text of a rendering into a `Value` for the result.
fn value_of(v: &Value) -> Value {
    serde_json::from_str(&to_text(v)).unwrap_or(Value::Null)
}

/// A deposit on `(uid, psys_cid)`'s address: credits the balance (minus commission), records a
/// `cash_in` operation and POSTs the signed `pay_in` callback.
pub(crate) async fn pay_in(app: &App, req: PayIn) -> Result<SimulationResult, MockError> {
    let coin = currencies::coin(&req.psys_cid).ok_or_else(|| MockError::InvalidRequest(format!("unknown psys_cid {:?}", req.psys_cid)))?;
    check_amount(coin, req.amount, false)?;
    let (operation, url, fields) = {
        let mut st = app.lock();
        let address = st
            .deposit(&req.uid, coin.id)
            .map(|d| d.hash.clone())
            .ok_or_else(|| MockError::NotFound(format!("no deposit address for uid {:?} and {}", req.uid, coin.id)))?;
        let pct = app.config.commission_percent;
        let commission = money::round(req.amount * pct / Decimal::ONE_HUNDRED, coin.precision);
        let net = req.amount - commission;
        let now = now_secs();
        let (seq, id) = st.next_id(now);
        let txid = tx_hash(&id, coin);
        let mut op = Operation::new(seq, id, OpKind::CashIn, coin, now);
        op.status = "completed".into();
        op.amount = req.amount;
        op.sum = req.amount;
        op.commission = Some(commission);
        op.commission_percent = pct;
        op.wallet_hash = Some(address.clone());
        op.deposit_uid = Some(req.uid.clone());
        op.confirmations = coin.confirmations;
        op.finished_at = Some(now);
        op.params.insert("value".into(), json!(coin.fmt(req.amount)));
        op.params.insert("currency".into(), json!(coin.code));
        op.txs.push(Tx {
            url: coin.tx_url(&txid),
            txid,
            value: req.amount,
            to: address.clone(),
            confirmations: coin.confirmations,
            block: block_height(now),
        });
        st.credit(coin, net);

        let s = |v: String| Field::Str(v);
        let mut fields = base_fields(app, &op);
        fields.extend([
            ("amount", s(coin.fmt(req.amount))),
            ("confirmations", s(coin.confirmations.to_string())),
            // The deposit page's example sends the psys_cid here (`"currency": "USDT_TRX"`).
            ("currency", s(coin.id.to_owned())),
            ("deposit_sum", s(coin.fmt(net))),
            ("deposit_uid", s(req.uid.clone())),
            ("invoice_commission", s(coin.fmt(commission))),
            ("invoice_sum", s(coin.fmt(net))),
            ("invoice_total_sum", s(coin.fmt(req.amount))),
            ("ipn_type", s("pay_in".to_owned())),
            ("pending_amount", s(coin.fmt(Decimal::ZERO))),
            ("source_amount", s(coin.fmt(net * coin.price()))),
            ("source_currency", s("USD".to_owned())),
            ("wallet_hash", s(address)),
        ]);
        let operation = value_of(&op.detail_json(&app.root));
        st.insert(op);
        (operation, req.callback_url.clone().or_else(|| st.callback_url.clone()), fields)
    };
    Ok(finish(app, operation, None, url, Vec::new(), fields, req.format).await)
}

fn block_height(now: i64) -> u64 {
    800_000 + (now.max(0) as u64 % 100_000)
}

/// Pays invoice `req.txn_id`: updates it and its operation, credits the balance on
/// completed/mismatch, and POSTs the signed `ipn_type=invoice` callback.
pub(crate) async fn pay_invoice(app: &App, req: PayInvoice) -> Result<SimulationResult, MockError> {
    if let Some(s) = &req.status
        && !STATUSES.contains(&s.as_str())
    {
        return Err(MockError::InvalidRequest(format!("unknown status {s:?}; known: {}", STATUSES.join(", "))));
    }
    let (operation, invoice, url, extra_urls, fields) = {
        let mut st = app.lock();
        let global_callback = st.callback_url.clone();
        let op = st
            .op_mut(&req.txn_id)
            .filter(|op| op.kind == OpKind::Invoice)
            .ok_or_else(|| MockError::NotFound(format!("no invoice {:?}", req.txn_id)))?;
        let coin = op.coin;
        let Some(inv) = op.invoice.as_mut() else {
            return Err(MockError::NotFound(format!("no invoice {:?}", req.txn_id)));
        };
        let remaining = inv.remaining();
        let amount = match (req.amount, req.status.as_deref()) {
            (Some(a), _) => a,
            (None, None | Some("completed" | "pending" | "pending internal")) => remaining,
            (None, Some("mismatch")) => remaining + money::round(inv.amount / Decimal::TEN, coin.precision),
            (None, Some(_)) => Decimal::ZERO,
        };
        check_amount(coin, amount, true)?;
        inv.received += amount;
        let received = inv.received;
        let status = match &req.status {
            Some(s) => s.clone(),
            None if received.is_zero() => op.status.clone(),
            None if received < inv.amount => "pending".to_owned(),
            None if received == inv.amount => "completed".to_owned(),
            None => "mismatch".to_owned(),
        };
        let paid = matches!(status.as_str(), "completed" | "mismatch");
        let mut credit = Decimal::ZERO;
        if paid {
            let pct = op.commission_percent;
            let due = received - money::round(received * pct / Decimal::ONE_HUNDRED, coin.precision);
            credit = (due - inv.credited).max(Decimal::ZERO);
            inv.credited += credit;
        }
        let callback_url = req.callback_url.clone().or_else(|| inv.callback_url.clone()).or(global_callback);
        let extra_url = match req.status.as_deref() {
            Some("expired" | "cancelled" | "error") => inv.fail_callback_url.clone(),
            _ if paid => inv.success_callback_url.clone(),
            _ => None,
        };
        let now = now_secs();
        if amount > Decimal::ZERO {
            let txid = tx_hash(&format!("{}|{}", op.id, op.txs.len()), coin);
            let to = op.wallet_hash.clone().unwrap_or_default();
            op.txs.push(Tx { url: coin.tx_url(&txid), txid, value: amount, to, confirmations: 0, block: block_height(now) });
        }
        let confirmations = if paid { coin.confirmations } else { 0 };
        for tx in &mut op.txs {
            tx.confirmations = confirmations.max(tx.confirmations);
        }
        op.confirmations = confirmations;
        op.pending = if status == "pending" { amount } else { Decimal::ZERO };
        op.status = status;
        if matches!(op.status.as_str(), "completed" | "mismatch" | "expired" | "cancelled" | "error") {
            op.finished_at = Some(now);
        }
        let op = op.clone();
        if !credit.is_zero() {
            st.credit(coin, credit);
        }
        let Some(inv) = &op.invoice else {
            return Err(MockError::NotFound(format!("no invoice {:?}", req.txn_id)));
        };
        let s = |v: String| Field::Str(v);
        let mut fields = base_fields(app, &op);
        fields.extend([
            ("amount", s(coin.fmt(inv.received))),
            ("confirmations", s(op.confirmations.to_string())),
            ("currency", s(coin.code.to_owned())),
            ("expected_confirmations", s(coin.confirmations.to_string())),
            ("expire_utc", Field::Int(op.expire_at.unwrap_or(0))),
            ("invoice_commission", s(coin.fmt(inv.commission))),
            ("invoice_sum", s(coin.fmt(inv.invoice_sum()))),
            ("invoice_total_sum", s(coin.fmt(inv.amount))),
            ("ipn_type", s("invoice".to_owned())),
            ("order_name", s(inv.order_name.clone())),
            ("order_number", s(inv.order_number.clone())),
            ("pending_amount", s(coin.fmt(inv.remaining()))),
            ("source_amount", s(money::fmt(inv.source_amount, 2))),
            ("source_currency", s(inv.source_currency.clone())),
            ("wallet_hash", s(op.wallet_hash.clone().unwrap_or_default())),
        ]);
        let operation = value_of(&op.detail_json(&app.root));
        let invoice = value_of(&Value::Object(op.invoice_details(&app.root)));
        (operation, Some(invoice), callback_url, extra_url.into_iter().collect(), fields)
    };
    Ok(finish(app, operation, invoice, url, extra_urls, fields, req.format).await)
}

/// Adds `count` synthetic, older operations (no balance changes). `kind` and `psys_cid` fix the type
/// and coin; otherwise they rotate. Returns how many were created (0 for an unknown type or coin;
/// at most 100 000 per call).
pub(crate) fn seed_operations(app: &App, count: usize, kind: Option<&str>, psys_cid: Option<&str>) -> usize {
    let kind = match kind {
        Some(k) => match OpKind::parse(k) {
            Some(k) => Some(k),
            None => return 0,
        },
        None => None,
    };
    let fixed_coin = match psys_cid {
        Some(id) => match currencies::coin(id) {
            Some(c) => Some(c),
            None => return 0,
        },
        None => None,
    };
    const KINDS: [OpKind; 4] = [OpKind::CashIn, OpKind::CashOut, OpKind::Invoice, OpKind::MassCashOut];
    const ROTATION: [&str; 8] = ["BTC", "ETH", "USDT_TRX", "LTC", "USDT", "TRX", "SOL", "DOGE"];
    const INVOICE_STATUSES: [&str; 6] = ["completed", "expired", "new", "mismatch", "cancelled", "pending"];
    let count = count.min(100_000);
    let mut st = app.lock();
    let base = st.oldest_created().unwrap_or_else(now_secs).min(now_secs());
    for i in 0..count {
        let k = kind.unwrap_or(KINDS[i % KINDS.len()]);
        let coin = fixed_coin.or_else(|| currencies::coin(ROTATION[i % ROTATION.len()])).unwrap_or(&COINS[0]);
        let created = base - 60 * (i as i64 + 1);
        let (seq, id) = st.next_id(created);
        let op = synthetic(app, seq, id, k, coin, created, i, INVOICE_STATUSES[i % INVOICE_STATUSES.len()]);
        st.insert(op);
    }
    count
}

#[allow(clippy::too_many_arguments)]
fn synthetic(
    app: &App,
    seq: u64,
    id: String,
    kind: OpKind,
    coin: &'static Coin,
    created: i64,
    i: usize,
    invoice_status: &str,
) -> Operation {
    let usd = Decimal::from(10 + (i as u64 * 37) % 990);
    let amount = money::round(usd / coin.price(), coin.precision).max(Decimal::new(1, coin.precision));
    let txid = tx_hash(&id, coin);
    let address = crate::addresses::derive(&format!("seed|{i}"), coin);
    let mut op = Operation::new(seq, id.clone(), kind, coin, created);
    op.status = "completed".into();
    op.amount = amount;
    op.sum = amount;
    op.finished_at = Some(created + 600);
    let tx = Tx {
        url: coin.tx_url(&txid),
        txid,
        value: amount,
        to: address.clone(),
        confirmations: coin.confirmations,
        block: block_height(created),
    };
    match kind {
        OpKind::CashIn => {
            // Older cash_in records: no commission, empty params (`[]`), like the docs' example.
            op.wallet_hash = Some(address);
            op.confirmations = coin.confirmations;
            op.txs.push(tx);
        }
        OpKind::CashOut | OpKind::MassCashOut => {
            let outputs = if kind == OpKind::CashOut { 1 } else { 2 };
            let plan = ["normal", "priority"][i % 2];
            if let Ok(q) = crate::fees::quote(coin, plan, outputs, None) {
                op.fee = Some(q.value);
                op.sum = amount + q.value;
                op.params = crate::operation::withdrawal_params(coin, &q, op.source_rate);
                op.fee_quote = Some(q);
            }
            op.commission = Some(Decimal::ZERO);
            if kind == OpKind::CashOut {
                op.wallet_hash = Some(address);
            } else {
                let second = crate::addresses::derive(&format!("seed2|{i}"), coin);
                let half = money::round(amount / Decimal::TWO, coin.precision);
                op.sendmany = Some(vec![(address, half), (second, amount - half)]);
            }
            op.txs.push(tx);
        }
        OpKind::Invoice => {
            let pct = app.config.commission_percent;
            let commission = money::round(amount * pct / Decimal::ONE_HUNDRED, coin.precision);
            let paid = matches!(invoice_status, "completed" | "mismatch" | "pending");
            let received = match invoice_status {
                "mismatch" => amount + money::round(amount / Decimal::TEN, coin.precision),
                _ if paid => amount,
                _ => Decimal::ZERO,
            };
            op.status = invoice_status.to_owned();
            op.commission = Some(commission);
            op.commission_percent = pct;
            op.shop_id = Some(app.config.shop_id.clone());
            op.wallet_hash = Some(address);
            op.expire_at = Some(created + 86_400);
            if received > Decimal::ZERO {
                op.txs.push(tx);
            }
            if invoice_status == "pending" {
                op.pending = amount;
            }
            let order_number = format!("seed-{id}");
            op.params.insert("order_number".into(), json!(order_number));
            op.params.insert("order_name".into(), json!(format!("Seeded order {i}")));
            op.params.insert("amount".into(), json!(coin.fmt(amount)));
            op.params.insert("currency".into(), json!(coin.code));
            op.params.insert("psys_cid".into(), json!(coin.id));
            op.params.insert("source_currency".into(), json!("USD"));
            op.params.insert("source_amount".into(), json!(money::fmt(usd, 2)));
            op.invoice = Some(Box::new(crate::operation::InvoiceData {
                order_name: format!("Seeded order {i}"),
                order_number,
                description: None,
                email: None,
                callback_url: None,
                success_callback_url: None,
                fail_callback_url: None,
                success_invoice_url: None,
                fail_invoice_url: None,
                source_currency: "USD".to_owned(),
                source_amount: usd,
                amount,
                received,
                commission,
                view_key: crate::addresses::hex(&crate::addresses::sha256(&format!("seedview|{id}")))[..32].to_owned(),
                allowed: Vec::new(),
                credited: received,
            }));
        }
    }
    op
}

// ---------------------------------------------------------------------------------------------
// HTTP controls
// ---------------------------------------------------------------------------------------------

fn json_response(status: StatusCode, value: &impl Serialize) -> Response<Body> {
    let body = serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned());
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    resp
}

fn error_response(e: &MockError) -> Response<Body> {
    let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    json_response(status, &json!({"error": e.kind(), "message": e.to_string()}))
}

fn parse_body<T: DeserializeOwned + Default>(body: &Bytes, allow_empty: bool) -> Result<T, MockError> {
    if allow_empty && body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| MockError::InvalidRequest(format!("invalid JSON body: {e}")))
}

fn parse_required<T: DeserializeOwned>(body: &Bytes) -> Result<T, MockError> {
    serde_json::from_slice(body).map_err(|e| MockError::InvalidRequest(format!("invalid JSON body: {e}")))
}

async fn http_pay_in(State(app): State<Arc<App>>, body: Bytes) -> Response<Body> {
    let req: PayIn = match parse_required(&body) {
        Ok(r) => r,
        Err(e) => return error_response(&e),
    };
    match pay_in(&app, req).await {
        Ok(r) => json_response(StatusCode::OK, &r),
        Err(e) => error_response(&e),
    }
}

async fn http_pay_invoice(State(app): State<Arc<App>>, Path(id): Path<String>, body: Bytes) -> Response<Body> {
    let mut req: PayInvoice = match parse_body(&body, true) {
        Ok(r) => r,
        Err(e) => return error_response(&e),
    };
    req.txn_id = id;
    match pay_invoice(&app, req).await {
        Ok(r) => json_response(StatusCode::OK, &r),
        Err(e) => error_response(&e),
    }
}

async fn http_requests(State(app): State<Arc<App>>) -> Response<Body> {
    json_response(StatusCode::OK, &app.requests())
}

async fn http_clear_requests(State(app): State<Arc<App>>) -> Response<Body> {
    let n = app.clear_requests();
    json_response(StatusCode::OK, &json!({"cleared": n}))
}

async fn http_faults(State(app): State<Arc<App>>) -> Response<Body> {
    json_response(StatusCode::OK, &app.faults())
}

async fn http_push_fault(State(app): State<Arc<App>>, body: Bytes) -> Response<Body> {
    let fault: Fault = match parse_required(&body) {
        Ok(f) => f,
        Err(e) => return error_response(&e),
    };
    if let crate::faults::FaultKind::Status { code, .. } = fault.kind
        && StatusCode::from_u16(code).is_err()
    {
        return error_response(&MockError::InvalidRequest(format!("invalid HTTP status {code}")));
    }
    let queued = app.push_fault(fault);
    json_response(StatusCode::OK, &json!({"queued": queued}))
}

async fn http_clear_faults(State(app): State<Arc<App>>) -> Response<Body> {
    let n = app.clear_faults();
    json_response(StatusCode::OK, &json!({"cleared": n}))
}

/// Balances as `{psys_cid: "amount"}` with each coin's precision.
fn balances_json(st: &ShopState) -> BTreeMap<&'static str, String> {
    COINS.iter().map(|c| (c.id, c.fmt(st.balance(c)))).collect()
}

async fn http_state(State(app): State<Arc<App>>) -> Response<Body> {
    let requests = app.requests().len();
    let faults = app.faults().len();
    let st = app.lock();
    let count = |k: OpKind| st.operations.iter().filter(|op| op.kind == k).count();
    json_response(
        StatusCode::OK,
        &json!({
            "balances": balances_json(&st),
            "white_label": st.white_label,
            "callback_url": st.callback_url,
            "counts": {
                "operations": st.operations.len(),
                "invoices": count(OpKind::Invoice),
                "cash_in": count(OpKind::CashIn),
                "cash_out": count(OpKind::CashOut),
                "mass_cash_out": count(OpKind::MassCashOut),
                "deposits": st.deposits.len(),
                "requests": requests,
                "faults": faults,
            },
        }),
    )
}

async fn http_set_balances(State(app): State<Arc<App>>, body: Bytes) -> Response<Body> {
    let map: BTreeMap<String, Decimal> = match parse_required(&body) {
        Ok(m) => m,
        Err(e) => return error_response(&e),
    };
    if let Some(bad) = map.keys().find(|k| currencies::coin(k).is_none()) {
        return error_response(&MockError::InvalidRequest(format!("unknown psys_cid {bad:?}")));
    }
    let mut st = app.lock();
    for (id, amount) in &map {
        if let Some(c) = currencies::coin(id) {
            st.balances.insert(c.id, *amount);
        }
    }
    json_response(StatusCode::OK, &json!({"balances": balances_json(&st)}))
}

async fn http_reset(State(app): State<Arc<App>>) -> Response<Body> {
    app.reset();
    json_response(StatusCode::OK, &json!({"reset": true}))
}

/// `Some(None)` for an explicit `null`, `None` when the key is absent.
fn double_option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Body of `POST /__mock/config`.
#[derive(Debug, Default, Deserialize)]
struct ConfigPatch {
    #[serde(default)]
    white_label: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    callback_url: Option<Option<String>>,
}

async fn http_config(State(app): State<Arc<App>>, body: Bytes) -> Response<Body> {
    let patch: ConfigPatch = match parse_body(&body, true) {
        Ok(p) => p,
        Err(e) => return error_response(&e),
    };
    let mut st = app.lock();
    if let Some(wl) = patch.white_label {
        st.white_label = wl;
    }
    if let Some(url) = patch.callback_url {
        st.callback_url = url;
    }
    json_response(StatusCode::OK, &json!({"white_label": st.white_label, "callback_url": st.callback_url}))
}

/// Body of `POST /__mock/operations/seed`.
#[derive(Debug, Default, Deserialize)]
struct SeedRequest {
    count: usize,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    psys_cid: Option<String>,
}

async fn http_seed(State(app): State<Arc<App>>, body: Bytes) -> Response<Body> {
    let req: SeedRequest = match parse_required(&body) {
        Ok(r) => r,
        Err(e) => return error_response(&e),
    };
    if let Some(k) = &req.kind
        && OpKind::parse(k).is_none()
    {
        return error_response(&MockError::InvalidRequest(format!("unknown operation type {k:?}")));
    }
    if let Some(c) = &req.psys_cid
        && currencies::coin(c).is_none()
    {
        return error_response(&MockError::InvalidRequest(format!("unknown psys_cid {c:?}")));
    }
    let created = seed_operations(&app, req.count, req.kind.as_deref(), req.psys_cid.as_deref());
    let total = app.lock().operations.len();
    json_response(StatusCode::OK, &json!({"created": created, "total": total}))
}

async fn http_health() -> Response<Body> {
    json_response(StatusCode::OK, &json!({"status": "ok"}))
}

/// A minimal hosted invoice page for `invoice_url` (handy in demos).
async fn invoice_page(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response<Body> {
    let st = app.lock();
    let Some(op) = st.op(&id).filter(|op| op.kind == OpKind::Invoice) else {
        let mut resp = Response::new(Body::from("<!doctype html><title>Not found</title><h1>Invoice not found</h1>"));
        *resp.status_mut() = StatusCode::NOT_FOUND;
        resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=UTF-8"));
        return resp;
    };
    let c = op.coin;
    let esc = plisio_core::callback::sign::html_escape;
    let (order, amount) = op.invoice.as_ref().map(|i| (esc(&i.order_name), c.fmt(i.amount))).unwrap_or_default();
    let html = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Invoice {id}</title></head><body>\
         <h1>{shop}</h1><p>Order: {order}</p><p>Pay <b>{amount} {code}</b> to <code>{addr}</code></p>\
         <p>Status: <b>{status}</b></p><p><small>plisio-mock sandbox invoice</small></p></body></html>",
        id = esc(&op.id),
        shop = esc(&app.config.shop_name),
        code = c.code,
        addr = esc(op.wallet_hash.as_deref().unwrap_or("")),
        status = esc(&op.status),
    );
    let mut resp = Response::new(Body::from(html));
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=UTF-8"));
    resp
}

/// The whole router: `/__mock/…` controls, the invoice page, and the API as the fallback.
pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/__mock/health", get(http_health))
        .route("/__mock/deposits/pay_in", post(http_pay_in))
        .route("/__mock/invoices/{id}/pay", post(http_pay_invoice))
        .route("/__mock/requests", get(http_requests).delete(http_clear_requests))
        .route("/__mock/faults", get(http_faults).post(http_push_fault).delete(http_clear_faults))
        .route("/__mock/state", get(http_state))
        .route("/__mock/state/balances", post(http_set_balances))
        .route("/__mock/reset", post(http_reset))
        .route("/__mock/config", post(http_config))
        .route("/__mock/operations/seed", post(http_seed))
        .route("/invoice/{id}", get(invoice_page))
        .fallback(crate::routes::api)
        .with_state(app)
}
