//! The Plisio API under `/api/v1`: routing, authentication, the response envelope, and the
//! per-area handlers in the submodules.

mod deposits;
mod fees;
mod info;
mod invoices;
mod operations;
mod withdraw;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Response, StatusCode, Uri, header};
use serde_json::Value;

use crate::currencies::{self, Coin};
use crate::error::ApiError;
use crate::faults::JSON_TYPE;
use crate::json;
use crate::money;
use crate::server::App;

/// A successful answer.
#[derive(Debug)]
pub(crate) enum Answer {
    /// `{"status":"success","data":…}` with this HTTP status.
    Data(StatusCode, Value),
    /// An HTTP 302 redirect (`redirect_to_invoice`).
    Redirect(String),
}

impl Answer {
    /// HTTP 200 with `data`.
    pub(crate) fn ok(data: Value) -> Answer {
        Answer::Data(StatusCode::OK, data)
    }
}

/// Result of an API handler.
pub(crate) type ApiResult = Result<Answer, ApiError>;

/// The decoded query string (PHP semantics: the last occurrence of a key wins).
#[derive(Debug, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Decodes `raw` (`a=1&b=x+y`).
    pub(crate) fn parse(raw: Option<&str>) -> Query {
        let pairs = raw.map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
        Query { pairs }
    }

    /// The value of `key`, `None` when absent or empty (Yii's "required" treats "" as missing).
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.raw(key).filter(|v| !v.is_empty())
    }

    /// The value of `key` even when empty.
    pub(crate) fn raw(&self, key: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// All pairs in request order.
    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// `true` when `key` is given as `1`, `true`, `yes` or `on`.
    pub(crate) fn flag(&self, key: &str) -> bool {
        matches!(self.get(key).map(str::to_ascii_lowercase).as_deref(), Some("1" | "true" | "yes" | "on"))
    }
}

/// What a handler gets.
pub(crate) struct Ctx<'a> {
    pub app: &'a App,
    pub q: &'a Query,
}

impl Ctx<'_> {
    /// Fails with 401 unless the query carries the shop's `api_key`.
    pub(crate) fn require_key(&self) -> Result<(), ApiError> {
        if self.has_key() { Ok(()) } else { Err(ApiError::Unauthorized) }
    }

    /// `true` when the query carries the shop's `api_key`.
    pub(crate) fn has_key(&self) -> bool {
        self.q.raw("api_key") == Some(self.app.config.api_key.as_str())
    }
}

/// The coin `value` of parameter `field`, or the 105 error.
pub(crate) fn coin_param(field: &str, value: &str) -> Result<&'static Coin, ApiError> {
    currencies::coin(value).ok_or_else(|| ApiError::unsupported(field, value))
}

/// Splits a comma list (PHP `explode`: items are not trimmed).
pub(crate) fn split_list(value: &str) -> Vec<&str> {
    value.split(',').collect()
}

/// Parses an optional positive integer parameter, with a default and an inclusive range.
pub(crate) fn int_param(q: &Query, key: &str, default: u64, range: std::ops::RangeInclusive<u64>) -> Result<u64, ApiError> {
    match q.get(key) {
        None => Ok(default),
        Some(v) => match v.parse::<u64>() {
            Ok(n) if range.contains(&n) => Ok(n),
            _ => Err(ApiError::field(key, &format!("{} must be an integer from {} to {}.", capitalise(key), range.start(), range.end()))),
        },
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Validates a list of `(address, amount)` pairs for `coin`: same length, plausible addresses,
/// valid amounts. Pushes errors onto `errors` under `to_field`/`amount_field`.
pub(crate) fn payouts(
    coin: &Coin,
    to: &str,
    amounts: &str,
    to_field: &str,
    amount_field: &str,
    errors: &mut Vec<(String, String)>,
) -> Vec<(String, rust_decimal::Decimal)> {
    let before = errors.len();
    let addrs = split_list(to);
    let values = split_list(amounts);
    let mut out = Vec::new();
    let mut bad_addr = false;
    for a in &addrs {
        if !crate::addresses::is_plausible(a, coin) {
            bad_addr = true;
        }
    }
    let mut seen = std::collections::HashSet::new();
    let duplicate = addrs.iter().any(|a| !seen.insert(*a));
    if bad_addr {
        errors.push((to_field.to_owned(), "Invalid address".to_owned()));
    } else if duplicate {
        errors.push((to_field.to_owned(), "Duplicate address".to_owned()));
    }
    let parsed: Vec<_> = values.iter().map(|v| money::parse_amount(v, coin.precision)).collect();
    if parsed.iter().any(Option::is_none) {
        errors.push((amount_field.to_owned(), "Invalid amount".to_owned()));
    } else if addrs.len() != values.len() {
        errors.push((amount_field.to_owned(), "The number of amounts must match the number of addresses".to_owned()));
    }
    if errors.len() == before {
        for (a, v) in addrs.iter().zip(parsed) {
            if let Some(v) = v {
                out.push(((*a).to_owned(), v));
            }
        }
    }
    out
}

/// Validates `feePlan` for `coin`: default `normal`.
pub(crate) fn fee_plan<'a>(q: &'a Query, coin: &Coin) -> Result<&'a str, ApiError> {
    let plan = q.get("feePlan").unwrap_or("normal");
    if crate::fees::plan_names(coin).contains(&plan) { Ok(plan) } else { Err(ApiError::field("feePlan", "Invalid fee plan")) }
}

/// Largest custom fee rate (sat/vB, gwei, or native coins per output).
const MAX_FEE_RATE: u32 = 1_000_000;

/// Validates the optional custom fee rate (`feeRate`, or `customFeeRate` as the official Python SDK sends).
pub(crate) fn fee_rate(q: &Query) -> Result<Option<rust_decimal::Decimal>, ApiError> {
    for key in ["feeRate", "customFeeRate"] {
        if let Some(v) = q.get(key) {
            return money::parse_amount(v, 9)
                .filter(|r| *r <= rust_decimal::Decimal::from(MAX_FEE_RATE))
                .map(Some)
                .ok_or_else(|| ApiError::field(key, "Invalid fee rate"));
        }
    }
    Ok(None)
}

/// Which endpoint a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    InvoiceNew,
    InvoiceGet,
    Operations,
    OperationGet,
    Withdraw,
    Fee,
    Commission,
    FeePlan,
    InvoiceEmail,
    InvoiceSwitch,
    Balance,
    Balances,
    Currencies,
    Shop,
    DepositNew,
    DepositList,
}

/// The axum fallback: every request that is not a `/__mock/` control lands here.
pub(crate) async fn api(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response<Body> {
    render(dispatch(&app, &method, &uri))
}

fn dispatch(app: &App, method: &Method, uri: &Uri) -> ApiResult {
    let rest = match uri.path().strip_prefix("/api/v1") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => return Err(ApiError::PageNotFound),
    };
    let segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let (endpoint, arg) = match segs.as_slice() {
        ["invoices", "new"] => (Endpoint::InvoiceNew, None),
        ["invoices", "email", id] => (Endpoint::InvoiceEmail, Some(*id)),
        ["invoices", "switch", id] => (Endpoint::InvoiceSwitch, Some(*id)),
        ["invoices", id] => (Endpoint::InvoiceGet, Some(*id)),
        ["operations"] => (Endpoint::Operations, None),
        ["operations", "withdraw"] => (Endpoint::Withdraw, None),
        ["operations", "fee", c] => (Endpoint::Fee, Some(*c)),
        ["operations", "commission", c] => (Endpoint::Commission, Some(*c)),
        ["operations", "fee-plan", c] => (Endpoint::FeePlan, Some(*c)),
        ["operations", id] => (Endpoint::OperationGet, Some(*id)),
        ["balances", c] => (Endpoint::Balance, Some(*c)),
        ["balances"] => (Endpoint::Balances, None),
        ["currencies"] => (Endpoint::Currencies, None),
        ["currencies", fiat] => (Endpoint::Currencies, Some(*fiat)),
        ["shops" | "shop"] => (Endpoint::Shop, None),
        ["shop" | "shops", "deposit", "new"] => (Endpoint::DepositNew, None),
        ["shop" | "shops", "deposit"] => (Endpoint::DepositList, None),
        _ => return Err(ApiError::PageNotFound),
    };
    if method != Method::GET && method != Method::HEAD {
        return Err(ApiError::MethodNotAllowed);
    }
    let q = Query::parse(uri.query());
    let ctx = Ctx { app, q: &q };
    let arg = arg.unwrap_or("");
    match endpoint {
        Endpoint::InvoiceNew => invoices::create(&ctx),
        Endpoint::InvoiceGet => invoices::get(&ctx, arg),
        Endpoint::InvoiceEmail => invoices::set_email(&ctx, arg),
        Endpoint::InvoiceSwitch => invoices::switch(&ctx, arg),
        Endpoint::Operations => operations::list(&ctx),
        Endpoint::OperationGet => operations::get(&ctx, arg),
        Endpoint::Withdraw => withdraw::withdraw(&ctx),
        Endpoint::Fee => fees::fee(&ctx, arg),
        Endpoint::Commission => fees::commission(&ctx, arg),
        Endpoint::FeePlan => fees::plans(&ctx, arg),
        Endpoint::Balance => info::balance(&ctx, Some(arg)),
        Endpoint::Balances => info::balance(&ctx, None),
        Endpoint::Currencies => info::currencies(&ctx, (!arg.is_empty()).then_some(arg)),
        Endpoint::Shop => info::shop(&ctx),
        // The deposit pages document their errors without `name` (seeds/deposits.txt).
        Endpoint::DepositNew => deposits::create(&ctx).map_err(|e| ApiError::Nameless(Box::new(e))),
        Endpoint::DepositList => deposits::list(&ctx).map_err(|e| ApiError::Nameless(Box::new(e))),
    }
}

/// Turns a handler result into the HTTP answer.
pub(crate) fn render(result: ApiResult) -> Response<Body> {
    let (status, body, location) = match result {
        Ok(Answer::Data(status, data)) => (status, format!("{{\"status\":\"success\",\"data\":{}}}", json::to_text(&data)), None),
        Ok(Answer::Redirect(url)) => (StatusCode::FOUND, String::new(), Some(url)),
        Err(e) => (e.status(), e.body(), None),
    };
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    let headers = resp.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON_TYPE));
    if let Some(url) = location.and_then(|u| HeaderValue::from_str(&u).ok()) {
        headers.insert(header::LOCATION, url);
    }
    resp
}
