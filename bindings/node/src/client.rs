//! The client: JS request objects → core requests, core answers → JS mirrors. Every check and every
//! behaviour (validation, retries, redaction, pagination) is the core's.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::{Stream, StreamExt};
use napi::Env;
use napi_derive::napi;
use plisio_core as core;
use plisio_core::money::parse_amount;
use serde_json::Value;
use tokio::sync::Mutex;

use crate::error::{guard, guard_async, invalid};
use crate::models::{self, Js, to_json};
use serde::Serialize;

/// Settings of a client.
#[napi(object)]
pub struct ClientOptions {
    /// API base URL (default `https://api.plisio.net/api/v1`); plain `http://` only for loopback.
    pub base_url: Option<String>,
    /// Total time allowed for one attempt, in milliseconds (default 30000).
    pub timeout_ms: Option<f64>,
    /// Retries of read calls after the first attempt (default 2). Withdrawals and invoice creation
    /// are never retried once the request may have left.
    pub max_retries: Option<u32>,
}

/// Filters and paging for `operations.list` / `operations.iterate`.
#[napi(object)]
pub struct OperationsFilter {
    /// Page number (1-based).
    pub page: Option<u32>,
    /// Page size (1–100).
    pub limit: Option<u32>,
    /// Operation type: `invoice`, `cash_in`, `cash_out`, `mass_cash_out`.
    #[napi(js_name = "type")]
    pub r#type: Option<String>,
    /// Status, e.g. `completed` or `pending internal`.
    pub status: Option<String>,
    /// Coin ID.
    pub currency: Option<String>,
    /// Shop ID.
    pub shop_id: Option<String>,
    /// Text search: transaction id, invoice order number or customer e-mail.
    pub search: Option<String>,
}

/// One destination of a withdrawal or fee estimate.
#[napi(object)]
pub struct PayoutRequest {
    /// Destination address.
    pub to: String,
    /// Exact amount as a decimal string, e.g. `"0.001"`. A JS number is refused.
    #[napi(ts_type = "string")]
    pub amount: Value,
}

/// A withdrawal to one address (`withdrawals.cashOut`).
#[napi(object)]
pub struct CashOutRequest {
    /// Coin ID, e.g. `BTC`.
    pub currency: String,
    /// Destination address.
    pub to: String,
    /// Exact amount as a decimal string, e.g. `"0.001"`. A JS number is refused.
    #[napi(ts_type = "string")]
    pub amount: Value,
    /// Fee plan (`economy`, `normal`, `priority`, …); Plisio's default when omitted.
    pub fee_plan: Option<String>,
}

/// A withdrawal to several addresses in one transaction (`withdrawals.massCashOut`): either
/// `payouts`, or the parallel lists `to` and `amounts`.
#[napi(object)]
pub struct MassCashOutRequest {
    /// Coin ID.
    pub currency: String,
    /// Destinations, in order; each address at most once.
    pub payouts: Option<Vec<PayoutRequest>>,
    /// Addresses (with `amounts`, instead of `payouts`).
    pub to: Option<Vec<String>>,
    /// Amounts as decimal strings, one per address in `to`.
    #[napi(ts_type = "string[]")]
    pub amounts: Option<Vec<Value>>,
    /// Fee plan.
    pub fee_plan: Option<String>,
}

/// Options of a withdrawal call.
#[napi(object)]
pub struct WithdrawalOptions {
    /// Check each destination address (checksum, network) before sending (default true). Turn it
    /// off only for an address the checks cannot know.
    pub check_address: Option<bool>,
}

fn withdrawals(c: &core::Client, options: Option<WithdrawalOptions>) -> core::Withdrawals<'_> {
    match options.and_then(|o| o.check_address) {
        Some(false) => c.withdrawals().without_address_check(),
        _ => c.withdrawals(),
    }
}

/// Permanent deposit addresses of one user (`deposits.create`).
#[napi(object)]
pub struct DepositRequest {
    /// Your user identifier (1–255 characters).
    pub uid: String,
    /// Coin IDs, e.g. `["BTC", "ETH"]`.
    pub currencies: Vec<String>,
}

/// Filters and paging for `deposits.list` / `deposits.iterate`.
#[napi(object)]
pub struct DepositsFilter {
    /// Your user identifier.
    pub uid: Option<String>,
    /// Coin IDs.
    pub currencies: Option<Vec<String>>,
    /// Page number (default 1).
    pub page: Option<u32>,
    /// Page size (default 20).
    pub limit: Option<u32>,
}

/// A new invoice: either `amount` (in the coin) or `sourceCurrency` + `sourceAmount` (fiat).
#[napi(object)]
pub struct NewInvoice {
    /// Merchant order name (required).
    pub order_name: String,
    /// Merchant order number, unique per shop (required).
    pub order_number: String,
    /// Coin ID; Plisio picks one of the shop's coins when omitted.
    pub currency: Option<String>,
    /// Amount in the coin, as a decimal string.
    #[napi(ts_type = "string")]
    pub amount: Option<Value>,
    /// Fiat currency of `sourceAmount`.
    pub source_currency: Option<String>,
    /// Amount in fiat, as a decimal string.
    #[napi(ts_type = "string")]
    pub source_amount: Option<Value>,
    /// Coins the payer may choose from.
    pub allowed_psys_cids: Option<Vec<String>>,
    /// Description.
    pub description: Option<String>,
    /// Status callback URL (append `json=true` to its query for JSON callbacks).
    pub callback_url: Option<String>,
    /// Success callback URL.
    pub success_callback_url: Option<String>,
    /// Failure callback URL.
    pub fail_callback_url: Option<String>,
    /// "To the site" link on a paid invoice.
    pub success_invoice_url: Option<String>,
    /// "To the site" link on an unpaid invoice.
    pub fail_invoice_url: Option<String>,
    /// Payer e-mail.
    pub email: Option<String>,
    /// Interface language (`en_US`).
    pub language: Option<String>,
    /// Integration name.
    pub plugin: Option<String>,
    /// Integration version.
    pub version: Option<String>,
    /// Minutes until expiry.
    pub expire_min: Option<u32>,
    /// Return the existing invoice for a duplicate `orderNumber` instead of an error.
    pub return_existing: Option<bool>,
}

/// A network-fee estimate request (`fees.estimate`).
#[napi(object)]
pub struct FeeEstimateRequest {
    /// Coin ID.
    pub currency: String,
    /// Destinations and amounts.
    pub payouts: Vec<PayoutRequest>,
    /// Fee plan.
    pub fee_plan: Option<String>,
}

/// A commission estimate request (`fees.commission`).
#[napi(object)]
pub struct CommissionRequest {
    /// Coin ID.
    pub currency: String,
    /// Destinations and amounts (optional).
    pub payouts: Option<Vec<PayoutRequest>>,
    /// Operation type (`cash_out`, `mass_cash_out`).
    #[napi(js_name = "type")]
    pub r#type: Option<String>,
    /// Fee plan.
    pub fee_plan: Option<String>,
}

/// The text of a user-supplied amount. Only strings carry exact amounts: a JS number (a binary
/// float) is refused, as is any other type.
fn amount_text<'a>(field: &str, value: &'a Value) -> core::Result<&'a str> {
    let kind = match value {
        Value::String(s) => return Ok(s),
        Value::Number(n) => {
            return Err(invalid(
                field,
                format!(
                    "expected a decimal string such as \"0.001\", got the number {n}; JS numbers are binary floats and cannot carry exact amounts, pass the amount as a string"
                ),
            ));
        }
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    Err(invalid(field, format!("expected a decimal string such as \"0.001\", got {kind}")))
}

fn amount(field: &str, value: &Value) -> core::Result<core::Decimal> {
    parse_amount(field, amount_text(field, value)?)
}

fn payouts(list: &[PayoutRequest]) -> core::Result<Vec<core::Payout>> {
    let mut pairs = Vec::with_capacity(list.len());
    for (i, p) in list.iter().enumerate() {
        pairs.push((p.to.as_str(), amount_text(&format!("payouts[{i}].amount"), &p.amount)?));
    }
    core::parse_payouts(&pairs)
}

fn operations_query(f: Option<OperationsFilter>) -> core::OperationsQuery {
    let f =
        f.unwrap_or(OperationsFilter { page: None, limit: None, r#type: None, status: None, currency: None, shop_id: None, search: None });
    core::OperationsQuery {
        page: f.page,
        limit: f.limit,
        r#type: f.r#type.map(core::OperationType::from),
        status: f.status.map(core::Status::from),
        currency: f.currency,
        shop_id: f.shop_id,
        search: f.search,
    }
}

fn deposits_query(f: Option<DepositsFilter>) -> core::DepositsQuery {
    let f = f.unwrap_or(DepositsFilter { uid: None, currencies: None, page: None, limit: None });
    core::DepositsQuery { uid: f.uid, currencies: f.currencies.unwrap_or_default(), page: f.page, limit: f.limit }
}

fn new_invoice(i: NewInvoice) -> core::Result<core::NewInvoice> {
    let opt_amount = |field: &str, v: &Option<Value>| match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => amount(field, v).map(Some),
    };
    Ok(core::NewInvoice {
        amount: opt_amount("amount", &i.amount)?,
        source_amount: opt_amount("source_amount", &i.source_amount)?,
        order_name: i.order_name,
        order_number: i.order_number,
        currency: i.currency,
        source_currency: i.source_currency,
        allowed_psys_cids: i.allowed_psys_cids.unwrap_or_default(),
        description: i.description,
        callback_url: i.callback_url,
        success_callback_url: i.success_callback_url,
        fail_callback_url: i.fail_callback_url,
        success_invoice_url: i.success_invoice_url,
        fail_invoice_url: i.fail_invoice_url,
        email: i.email,
        language: i.language,
        plugin: i.plugin,
        version: i.version,
        expire_min: i.expire_min,
        return_existing: i.return_existing.unwrap_or(false),
    })
}

/// The native client behind `Client` (use `Client` from `plisio-sdk`, which adds the namespaces,
/// typed errors and async iterators). Its calls answer the JSON text of a model, which `lib/`
/// parses (dates as epoch milliseconds become `Date`s). It never exposes the API key.
#[napi]
pub struct NativeClient {
    inner: core::Client,
}

impl NativeClient {
    /// Run a core call on the runtime with error and panic conversion; the answer as the JSON text
    /// of its mirror (parsed by `lib/`).
    async fn call<T>(&self, fut: impl Future<Output = core::Result<T>>) -> napi::Result<String>
    where
        T: Js,
        T::Out: Serialize,
    {
        let client = self.inner.clone();
        to_json(&guard_async(fut, move |s| client.redact(s).into_owned()).await?.js())
    }
}

#[napi]
impl NativeClient {
    /// Build a client. Fails with a `configuration` error for an empty key or an unsafe base URL.
    #[napi(constructor)]
    pub fn new(env: Env, api_key: String, options: Option<ClientOptions>) -> napi::Result<Self> {
        let node =
            env.get_node_version().map(|v| format!("node/{}.{}.{}", v.major, v.minor, v.patch)).unwrap_or_else(|_| "node".to_owned());
        guard(move || {
            let mut b = core::Client::builder(api_key).user_agent("node", &node);
            if let Some(o) = options {
                if let Some(url) = o.base_url {
                    b = b.base_url(url);
                }
                if let Some(ms) = o.timeout_ms {
                    if !(ms.is_finite() && ms > 0.0 && ms <= 86_400_000.0) {
                        return Err(core::Error::Configuration {
                            message: format!("timeoutMs must be a positive number of milliseconds, got {ms}"),
                        });
                    }
                    b = b.timeout(Duration::from_secs_f64(ms / 1000.0));
                }
                if let Some(r) = o.max_retries {
                    b = b.max_retries(r);
                }
            }
            Ok(NativeClient { inner: b.build()? })
        })
    }

    /// The base URL in use.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    /// Retries of read calls after the first attempt.
    #[napi(getter)]
    pub fn max_retries(&self) -> u32 {
        self.inner.retry_policy().max_retries
    }

    /// Mask the API key in any text (for applications that log their own messages).
    #[napi]
    pub fn redact(&self, text: String) -> String {
        self.inner.redact(&text).into_owned()
    }

    /// One page of operations.
    ///
    /// Answers the JSON text of `OperationsPage`.
    #[napi]
    pub async fn operations_list(&self, filter: Option<OperationsFilter>) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.operations().list(&operations_query(filter)).await }).await
    }

    /// Details of one operation.
    ///
    /// Answers the JSON text of `Operation`.
    #[napi]
    pub async fn operations_get(&self, id: String) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.operations().get(&id).await }).await
    }

    /// A cursor over every operation matching `filter`, following pages lazily.
    #[napi]
    pub fn operations_cursor(&self, filter: Option<OperationsFilter>) -> OperationCursor {
        OperationCursor::new(self.inner.clone(), self.inner.operations().stream(operations_query(filter)))
    }

    /// Send `amount` of `currency` to one address. On an `outcome_unknown` error the withdrawal may
    /// have happened: look for it in the operations before trying again.
    ///
    /// Answers the JSON text of `Operation`.
    #[napi]
    pub async fn withdrawals_cash_out(&self, request: CashOutRequest, options: Option<WithdrawalOptions>) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move {
            let text = amount_text("amount", &request.amount)?;
            let req = core::CashOut::parse(&request.currency, &request.to, text, request.fee_plan.as_deref())?;
            withdrawals(&c, options).cash_out(&req).await
        })
        .await
    }

    /// Send to several addresses in one transaction.
    ///
    /// Answers the JSON text of `Operation`.
    #[napi]
    pub async fn withdrawals_mass_cash_out(&self, request: MassCashOutRequest, options: Option<WithdrawalOptions>) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move {
            let req = match (request.payouts, request.to, request.amounts) {
                (Some(list), None, None) => {
                    let mut pairs = Vec::with_capacity(list.len());
                    for (i, p) in list.iter().enumerate() {
                        pairs.push((p.to.as_str(), amount_text(&format!("payouts[{i}].amount"), &p.amount)?));
                    }
                    core::MassCashOut::parse(&request.currency, &pairs, request.fee_plan.as_deref())?
                }
                (None, to, amounts) if to.is_some() || amounts.is_some() => {
                    let amounts = amounts
                        .unwrap_or_default()
                        .iter()
                        .enumerate()
                        .map(|(i, a)| amount(&format!("payouts[{i}].amount"), a))
                        .collect::<core::Result<Vec<_>>>()?;
                    let fee_plan = core::parse_fee_plan(request.fee_plan.as_deref())?;
                    core::MassCashOut::from_lists(request.currency, to.unwrap_or_default(), amounts, fee_plan)?
                }
                (None, _, _) => core::MassCashOut::parse::<&str, &str>(&request.currency, &[], request.fee_plan.as_deref())?,
                (Some(_), _, _) => return Err(invalid("payouts", "give either payouts, or the lists to and amounts, not both")),
            };
            withdrawals(&c, options).mass_cash_out(&req).await
        })
        .await
    }

    /// Get (or create) the permanent deposit address of a user for each coin.
    ///
    /// Answers the JSON text of `Deposit[]`.
    #[napi]
    pub async fn deposits_create(&self, request: DepositRequest) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.deposits().create(&request.uid, &request.currencies).await }).await
    }

    /// One page of deposit addresses.
    ///
    /// Answers the JSON text of `DepositsPage`.
    #[napi]
    pub async fn deposits_list(&self, filter: Option<DepositsFilter>) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.deposits().list(&deposits_query(filter)).await }).await
    }

    /// A cursor over every deposit address matching `filter`.
    #[napi]
    pub fn deposits_cursor(&self, filter: Option<DepositsFilter>) -> DepositCursor {
        DepositCursor::new(self.inner.clone(), self.inner.deposits().stream(deposits_query(filter)))
    }

    /// Create an invoice. Never retried once sent; on `outcome_unknown` search the operations by
    /// order number, or resend with `returnExisting: true`.
    ///
    /// Answers the JSON text of `Invoice`.
    #[napi]
    pub async fn invoices_create(&self, invoice: NewInvoice) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.invoices().create(&new_invoice(invoice)?).await }).await
    }

    /// Invoice details.
    ///
    /// Answers the JSON text of `InvoiceDetails`.
    #[napi]
    pub async fn invoices_get(&self, id: String) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.invoices().get(&id).await }).await
    }

    /// Set the payer's e-mail on an invoice; answers the invoice details.
    ///
    /// Answers the JSON text of `InvoiceDetails`.
    #[napi]
    pub async fn invoices_set_email(&self, id: String, email: String) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.invoices().set_email(&id, &email).await }).await
    }

    /// Switch the coin the payer pays with: Plisio creates a child invoice (see `activeInvoiceId`).
    /// Never retried once sent.
    ///
    /// Answers the JSON text of `InvoiceDetails`.
    #[napi]
    pub async fn invoices_switch_currency(&self, id: String, currency: String) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.invoices().switch_currency(&id, &currency).await }).await
    }

    /// The balance of one coin.
    ///
    /// Answers the JSON text of `Balance`.
    #[napi]
    pub async fn balances_get(&self, currency: String) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.balances().get(&currency).await }).await
    }

    /// Network fee for sending `payouts`.
    ///
    /// Answers the JSON text of `FeeEstimate`.
    #[napi]
    pub async fn fees_estimate(&self, request: FeeEstimateRequest) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move {
            let req = core::FeeEstimateRequest {
                payouts: payouts(&request.payouts)?,
                fee_plan: core::parse_fee_plan(request.fee_plan.as_deref())?,
                currency: request.currency,
            };
            c.fees().estimate(&req).await
        })
        .await
    }

    /// Fee plus Plisio commission.
    ///
    /// Answers the JSON text of `Commission`.
    #[napi]
    pub async fn fees_commission(&self, request: CommissionRequest) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move {
            let list = request.payouts.unwrap_or_default();
            let req = core::CommissionRequest {
                payouts: if list.is_empty() { Vec::new() } else { payouts(&list)? },
                r#type: request.r#type.map(core::OperationType::from),
                fee_plan: core::parse_fee_plan(request.fee_plan.as_deref())?,
                currency: request.currency,
            };
            c.fees().commission(&req).await
        })
        .await
    }

    /// Fee plans of a coin.
    ///
    /// Answers the JSON text of `FeePlans`.
    #[napi]
    pub async fn fees_plans(&self, currency: String) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.fees().plans(&currency).await }).await
    }

    /// Coins with their rates in `fiat` (USD when omitted).
    ///
    /// Answers the JSON text of `Currency[]`.
    #[napi]
    pub async fn currencies_list(&self, fiat: Option<String>) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.currencies().list(fiat.as_deref()).await }).await
    }

    /// Shop settings.
    ///
    /// Answers the JSON text of `Shop`.
    #[napi]
    pub async fn shop_get(&self) -> napi::Result<String> {
        let c = self.inner.clone();
        self.call(async move { c.shop().get().await }).await
    }
}

type BoxStream<T> = Pin<Box<dyn Stream<Item = core::Result<T>> + Send>>;

macro_rules! cursor {
    ($doc:literal, $name:ident, $item:ty, $mirror:ty) => {
        #[doc = $doc]
        #[napi]
        pub struct $name {
            client: core::Client,
            stream: Arc<Mutex<BoxStream<$item>>>,
        }

        impl $name {
            fn new(client: core::Client, stream: impl Stream<Item = core::Result<$item>> + Send + 'static) -> Self {
                let stream: BoxStream<$item> = Box::pin(stream);
                $name { client, stream: Arc::new(Mutex::new(stream)) }
            }
        }

        #[napi]
        impl $name {
            /// The JSON text of the next item, or `null` after the last one. A page is fetched only
            /// when its first item is asked for; the core ends the stream after an error.
            #[napi]
            pub async fn next(&self) -> napi::Result<Option<String>> {
                let stream = self.stream.clone();
                let client = self.client.clone();
                let item = guard_async(async move { stream.lock().await.next().await.transpose() }, move |s| client.redact(s).into_owned())
                    .await?;
                item.map(|i| to_json::<$mirror>(&i.js())).transpose()
            }
        }
    };
}

cursor!("A lazy cursor over operations (behind `client.operations.iterate`).", OperationCursor, core::Operation, models::Operation);
cursor!("A lazy cursor over deposit addresses (behind `client.deposits.iterate`).", DepositCursor, core::Deposit, models::Deposit);
