//! JS mirrors of the core models (conversion only): camelCase keys, amounts as exact decimal
//! strings (scale kept), timestamps as `Date`, open sets as plain strings, absent values as `null`,
//! and `raw`: the JSON object exactly as Plisio sent it (keys unconverted).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use napi::bindgen_prelude::{ToNapiValue, TypeName, ValueType};
use napi::sys;
use napi_derive::napi;
use plisio_core as core;
use plisio_core::Decimal;
use plisio_core::models::RawJson;
use serde::Serialize;
use serde_json::value::RawValue;

/// Conversion of a core value into its JS mirror.
pub trait Js {
    /// The mirror type.
    type Out;
    /// Convert.
    fn js(self) -> Self::Out;
}

macro_rules! identity {
    ($($t:ty),*) => {$(
        impl Js for $t {
            type Out = $t;
            fn js(self) -> $t {
                self
            }
        }
    )*};
}
identity!(String, i64, bool, DateTime<Utc>);

impl Js for Decimal {
    type Out = String;
    fn js(self) -> String {
        // Display keeps the scale: "0.00200000" stays 8 places.
        self.to_string()
    }
}

macro_rules! open_set {
    ($($t:ty),*) => {$(
        impl Js for $t {
            type Out = String;
            fn js(self) -> String {
                self.as_str().to_owned()
            }
        }
    )*};
}
open_set!(core::Status, core::OperationType, core::FeePlan, core::IpnType);

impl Js for u64 {
    type Out = i64;
    fn js(self) -> i64 {
        i64::try_from(self).unwrap_or(i64::MAX)
    }
}

impl Js for u32 {
    type Out = u32;
    fn js(self) -> u32 {
        self
    }
}

impl<A: Js> Js for Option<A> {
    type Out = Option<A::Out>;
    fn js(self) -> Option<A::Out> {
        self.map(Js::js)
    }
}

impl<A: Js> Js for Vec<A> {
    type Out = Vec<A::Out>;
    fn js(self) -> Vec<A::Out> {
        self.into_iter().map(Js::js).collect()
    }
}

impl<A: Js> Js for BTreeMap<String, A> {
    type Out = HashMap<String, A::Out>;
    fn js(self) -> HashMap<String, A::Out> {
        self.into_iter().map(|(k, v)| (k, v.js())).collect()
    }
}

impl Js for core::CallbackFormat {
    type Out = String;
    fn js(self) -> String {
        match self {
            core::CallbackFormat::Json => "json",
            core::CallbackFormat::UrlEncoded => "urlencoded",
            core::CallbackFormat::Multipart => "multipart",
        }
        .to_owned()
    }
}

/// The JSON as received (keys exactly as sent), embedded as is in the JSON text of a model, or
/// handed to JS through V8's own `JSON.parse`.
pub struct Raw(pub Box<RawValue>);

impl Raw {
    /// Wrap JSON text produced by serde_json (valid by construction); `{}` otherwise.
    pub fn from_json(text: String) -> Raw {
        Raw(RawValue::from_string(text).unwrap_or_else(|_| RawValue::from_string("{}".to_owned()).expect("valid JSON")))
    }
}

impl Js for RawJson {
    type Out = Raw;
    fn js(self) -> Raw {
        Raw::from_json(self.as_str().to_owned())
    }
}

impl Serialize for Raw {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// A date-time as epoch milliseconds in the JSON text of a model (`lib/` turns every `…At`
/// number into a `Date`).
fn ms<S: serde::Serializer>(v: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(d) => s.serialize_some(&d.timestamp_millis()),
        None => s.serialize_none(),
    }
}

/// A model as the JSON text `lib/` parses (`JSON.parse` in V8 builds large objects much faster
/// than one N-API call per property).
pub fn to_json<T: Serialize>(value: &T) -> napi::Result<String> {
    serde_json::to_string(value).map_err(|e| napi::Error::from_reason(format!("serialising a model failed: {e}")))
}

impl TypeName for Raw {
    fn type_name() -> &'static str {
        "Record<string, any>"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ToNapiValue for Raw {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        let check = |status: sys::napi_status, what: &str| {
            if status == sys::Status::napi_ok { Ok(()) } else { Err(napi::Error::from_reason(format!("raw JSON: {what} failed"))) }
        };
        let mut global = std::ptr::null_mut();
        let mut json = std::ptr::null_mut();
        let mut parse = std::ptr::null_mut();
        let mut text = std::ptr::null_mut();
        let mut out = std::ptr::null_mut();
        // SAFETY: plain N-API calls on the current env with out-pointers owned by this frame.
        unsafe {
            check(sys::napi_get_global(env, &mut global), "get global")?;
            check(sys::napi_get_named_property(env, global, c"JSON".as_ptr(), &mut json), "get JSON")?;
            check(sys::napi_get_named_property(env, json, c"parse".as_ptr(), &mut parse), "get JSON.parse")?;
            let raw_text = val.0.get();
            check(sys::napi_create_string_utf8(env, raw_text.as_ptr().cast(), raw_text.len() as isize, &mut text), "create string")?;
            let args = [text];
            check(sys::napi_call_function(env, json, parse, 1, args.as_ptr(), &mut out), "JSON.parse")?;
        }
        Ok(out)
    }
}

/// Implements the conversion of a core model into its mirror, field by field (`Js` on each).
macro_rules! convert {
    ($name:ident from $src:ty { $($field:ident),* $(,)? } $(extra($s:ident) { $($x:ident : $e:expr),* $(,)? })?) => {
        impl Js for $src {
            type Out = $name;
            fn js(self) -> $name {
                $( let $s = &self; $( let $x = $e; )* )?
                $name { $( $field: Js::js(self.$field), )* $( $( $x, )* )? }
            }
        }
    };
}

/// One destination of a (mass) withdrawal, or one entry of an operation's `sendmany`.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Payout {
    /// Destination address.
    pub to: String,
    /// Exact amount in the coin (decimal string).
    pub amount: String,
}
convert!(Payout from core::Payout { to, amount });

/// Fee details (`params.fee` of a withdrawal).
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeDetails {
    /// Confirmation target in blocks (BTC-like chains).
    pub conf_target: Option<i64>,
    /// Fee plan name.
    pub plan: Option<String>,
    /// Fee value in the coin.
    pub value: Option<String>,
    /// Gas limit (EVM chains).
    pub gas_limit: Option<String>,
    /// Gas price (EVM chains).
    pub gas_price: Option<String>,
    /// Unit of the dynamic field (e.g. `Gwai`).
    pub unit: Option<String>,
}
convert!(FeeDetails from core::FeeDetails { conf_target, plan, value, gas_limit, gas_price, unit });

/// `params` of an operation; its shape depends on the operation type.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationParams {
    /// Withdrawal fee details.
    pub fee: Option<FeeDetails>,
    /// Invoice order number.
    pub order_number: Option<String>,
    /// Invoice order name.
    pub order_name: Option<String>,
    /// Invoice description.
    pub description: Option<String>,
    /// Invoice amount in fiat.
    pub source_amount: Option<String>,
    /// Fiat currency.
    pub source_currency: Option<String>,
    /// Rate coin → fiat.
    pub source_rate: Option<String>,
    /// Invoice amount in the coin.
    pub amount: Option<String>,
    /// Received value (cash_in).
    pub value: Option<String>,
    /// Coin name or code.
    pub currency: Option<String>,
    /// Customer e-mail (invoice).
    pub email: Option<String>,
    /// Coin ID.
    pub psys_cid: Option<String>,
}
convert!(OperationParams from core::OperationParams { fee, order_number, order_name, description, source_amount, source_currency, source_rate, amount, value, currency, email, psys_cid });

/// One blockchain transaction of an operation.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationTx {
    /// Transaction id.
    pub txid: Option<String>,
    /// Block height.
    pub block: Option<i64>,
    /// Confirmations.
    pub confirmations: Option<i64>,
    /// Value moved.
    pub value: Option<String>,
    /// Whether Plisio processed it.
    pub processed: Option<bool>,
    /// Explorer link.
    pub url: Option<String>,
    /// Addresses involved.
    pub wallet_hash: Vec<String>,
}
convert!(OperationTx from core::OperationTx { txid, block, confirmations, value, processed, url, wallet_hash });

/// An operation (transaction): `invoice`, `cash_in` (including deposits), `cash_out` or
/// `mass_cash_out`. List items carry fewer fields than `operations.get`; everything beyond `id`,
/// `type` and `status` may be `null`. A withdrawal answers with the operation it created.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Plisio operation ID.
    pub id: String,
    /// Operation type (`invoice`, `cash_in`, `cash_out`, `mass_cash_out`, or a newer value).
    #[napi(js_name = "type")]
    pub r#type: String,
    /// Status (`completed`, `pending internal`, `cancelled duplicate`, …).
    pub status: String,
    /// Numeric status code.
    pub status_code: Option<i64>,
    /// Profile ID.
    pub user_id: Option<String>,
    /// Shop ID.
    pub shop_id: Option<String>,
    /// Coin ID (`USDT_TRX`).
    pub psys_cid: Option<String>,
    /// Coin code (`USDT`).
    pub currency: Option<String>,
    /// Fiat currency.
    pub source_currency: Option<String>,
    /// Rate coin → fiat at the time of the operation.
    pub source_rate: Option<String>,
    /// Amount received or transferred.
    pub amount: Option<String>,
    /// Unconfirmed amount (mempool).
    pub pending_sum: Option<String>,
    /// Invoice: amount (+ commission); cash-out: amount + network fee; cash-in: received.
    pub sum: Option<String>,
    /// Network fee.
    pub fee: Option<String>,
    /// Plisio commission.
    pub commission: Option<String>,
    /// Actual sum.
    pub actual_sum: Option<String>,
    /// Actual commission.
    pub actual_commission: Option<String>,
    /// Actual fee.
    pub actual_fee: Option<String>,
    /// Actual invoice sum.
    pub actual_invoice_sum: Option<String>,
    /// Commission percent.
    pub commis_percent: Option<String>,
    /// Commission sum.
    pub commis_sum: Option<String>,
    /// Who pays the commission (`commissionPayment`).
    pub commission_payment: Option<i64>,
    /// Destination address (cash_out) or invoice address.
    pub wallet_hash: Option<String>,
    /// Destinations of a mass_cash_out, in Plisio's order.
    pub sendmany: Vec<Payout>,
    /// Type-dependent parameters.
    pub params: Option<OperationParams>,
    /// Block explorer links.
    pub tx_url: Vec<String>,
    /// Blockchain transaction ids.
    pub tx_id: Vec<String>,
    /// Blockchain transactions.
    pub tx: Vec<OperationTx>,
    /// Confirmations.
    pub confirmations: Option<i64>,
    /// Invoice transaction ID.
    pub txn_id: Option<String>,
    /// Invoice URL.
    pub invoice_url: Option<String>,
    /// Invoice total.
    pub invoice_total_sum: Option<String>,
    /// Free-text memo.
    pub memo: Option<String>,
    /// Parent operation.
    pub parent_id: Option<String>,
    /// Child operations.
    pub child_ids: Vec<String>,
    /// Creation time (`created_at_utc`; seconds or milliseconds normalised).
    #[serde(serialize_with = "ms")]
    pub created_at: Option<DateTime<Utc>>,
    /// Expiry (`expire_at_utc`).
    #[serde(serialize_with = "ms")]
    pub expire_at: Option<DateTime<Utc>>,
    /// Completion (`finished_at_utc`).
    #[serde(serialize_with = "ms")]
    pub finished_at: Option<DateTime<Utc>>,
    /// The JSON object as received (keys as Plisio sent them).
    #[napi(ts_type = "Record<string, any>")]
    pub raw: Raw,
}
convert!(Operation from core::Operation { id, r#type, status, status_code, user_id, shop_id, psys_cid, currency, source_currency, source_rate, amount, pending_sum, sum, fee, commission, actual_sum, actual_commission, actual_fee, actual_invoice_sum, commis_percent, commis_sum, commission_payment, wallet_hash, sendmany, params, tx_url, tx_id, tx, confirmations, txn_id, invoice_url, invoice_total_sum, memo, parent_id, child_ids, created_at, expire_at, finished_at, raw });

/// Pagination counters (`_meta`).
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageMeta {
    /// Total number of operations matching the filters.
    pub total_count: i64,
    /// Number of pages.
    pub page_count: i64,
    /// This page (1-based).
    pub current_page: i64,
    /// Page size.
    pub per_page: i64,
}
convert!(PageMeta from core::PageMeta { total_count, page_count, current_page, per_page });

/// Navigation links (`_links`), with `api_key` removed from every URL.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageLinks {
    /// This page.
    #[napi(js_name = "self")]
    #[serde(rename = "self")]
    pub self_: Option<String>,
    /// First page.
    pub first: Option<String>,
    /// Previous page.
    pub prev: Option<String>,
    /// Next page.
    pub next: Option<String>,
    /// Last page.
    pub last: Option<String>,
}
convert!(PageLinks from core::PageLinks { self_, first, prev, next, last });

/// One page of `operations.list`.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationsPage {
    /// The operations of this page.
    pub operations: Vec<Operation>,
    /// Counters.
    pub meta: PageMeta,
    /// Links (redacted).
    pub links: PageLinks,
}
convert!(OperationsPage from core::OperationsPage { operations, meta, links });

/// A white-label deposit address permanently bound to one of your users (`uid`) for one coin.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Deposit {
    /// Your user identifier.
    pub uid: String,
    /// The deposit address (Plisio calls it `hash`).
    pub hash: String,
    /// Coin ID.
    pub psys_cid: String,
    /// The JSON object as received.
    #[napi(ts_type = "Record<string, any>")]
    pub raw: Raw,
}
convert!(Deposit from core::Deposit { uid, hash, psys_cid, raw });

/// One page of `deposits.list`.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DepositsPage {
    /// The deposits of this page.
    pub deposits: Vec<Deposit>,
    /// The page that was requested (1-based).
    pub page: u32,
    /// The page size that was requested.
    pub limit: u32,
    /// Whether another page may follow (this one is full).
    pub has_more: bool,
}
convert!(DepositsPage from core::DepositsPage { deposits, page, limit } extra(s) { has_more: s.has_more() });

/// Balance of one coin.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Balance {
    /// Coin ID.
    pub psys_cid: Option<String>,
    /// Coin code.
    pub currency: Option<String>,
    /// Available balance (exact decimal string).
    pub balance: String,
    /// Locked balance, when Plisio reports it.
    pub locked_balance: Option<String>,
    /// The JSON object as received.
    #[napi(ts_type = "Record<string, any>")]
    pub raw: Raw,
}
convert!(Balance from core::Balance { psys_cid, currency, balance, locked_balance, raw });

/// Network-fee estimate (`fees.estimate`).
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeEstimate {
    /// The estimated fee (exact decimal string).
    pub fee: String,
    /// Coin ID.
    pub psys_cid: Option<String>,
    /// Coin code.
    pub currency: Option<String>,
    /// Fee plan used.
    pub plan: Option<String>,
    /// The JSON object as received.
    #[napi(ts_type = "Record<string, any>")]
    pub raw: Raw,
}
convert!(FeeEstimate from core::FeeEstimate { fee, psys_cid, currency, plan, raw });

/// One fee plan of a coin. Shapes differ per chain, so every field may be `null`.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeePlanDetails {
    /// Fee value in the coin.
    pub value: Option<String>,
    /// Confirmation target in blocks.
    pub conf_target: Option<i64>,
    /// Fee rate (BTC-like chains).
    pub fee_rate: Option<String>,
    /// Unit of the fee rate.
    pub fee_rate_unit: Option<String>,
    /// Gas limit (EVM).
    pub gas_limit: Option<String>,
    /// Gas price (EVM).
    pub gas_price: Option<String>,
    /// Unit of the fee.
    pub fee_unit: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
}
convert!(FeePlanDetails from core::FeePlanDetails { value, conf_target, fee_rate, fee_rate_unit, gas_limit, gas_price, fee_unit, name, description });

/// Fee plans of a coin (`fees.plans`): plan key → details.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeePlans {
    /// Plan key (`economy`, `normal`, `priority`, …) → details.
    pub plans: HashMap<String, FeePlanDetails>,
    /// The JSON object as received.
    #[napi(ts_type = "Record<string, any>")]
    pub raw: Raw,
}
convert!(FeePlans from core::FeePlans { plans, raw });

/// Fee plus Plisio commission estimate (`fees.commission`).
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Commission {
    /// Plisio commission.
    pub commission: Option<String>,
    /// Network fee.
    pub fee: Option<String>,
    /// Plan used.
    pub plan: Option<String>,
    /// `useWallet`.
    pub use_wallet: Option<bool>,
    /// `useWalletBalance`.
    pub use_wallet_balance: Option<String>,
    /// Maximum amount that can be sent.
    pub max_amount: Option<String>,
    /// Available plans: plan key → details.
    pub plans: HashMap<String, FeePlanDetails>,
    /// The JSON object as received.
    #[napi(ts_type = "Record<string, any>")]
    pub raw: Raw,
}
convert!(Commission from core::Commission { commission, fee, plan, use_wallet, use_wallet_balance, max_amount, plans, raw });

/// A cryptocurrency supported by Plisio, with its rate in a fiat currency.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Currency {
    /// Display name.
    pub name: Option<String>,
    /// Coin ID (`psys_cid`), e.g. `USDT_TRX`.
    pub cid: Option<String>,
    /// Coin code, e.g. `USDT`.
    pub currency: Option<String>,
    /// Icon URL.
    pub icon: Option<String>,
    /// Rate in USD.
    pub rate_usd: Option<String>,
    /// Price in USD.
    pub price_usd: Option<String>,
    /// Decimal places.
    pub precision: Option<i64>,
    /// Decimal places shown.
    pub output_precision: Option<i64>,
    /// The fiat currency of `fiatRate`.
    pub fiat: Option<String>,
    /// Rate in `fiat`.
    pub fiat_rate: Option<String>,
    /// Minimum invoice amount.
    pub min_sum_in: Option<String>,
    /// Invoice commission percentage.
    pub invoice_commission_percentage: Option<String>,
    /// Disabled in your shop.
    pub hidden: Option<bool>,
    /// Under maintenance.
    pub maintenance: Option<bool>,
    /// The JSON object as received.
    #[napi(ts_type = "Record<string, any>")]
    pub raw: Raw,
}
convert!(Currency from core::Currency { name, cid, currency, icon, rate_usd, price_usd, precision, output_precision, fiat, fiat_rate, min_sum_in, invoice_commission_percentage, hidden, maintenance, raw });

/// Your shop (`shop.get`).
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Shop {
    /// Shop ID.
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Website.
    pub link: Option<String>,
    /// Logo URL.
    pub logo: Option<String>,
    /// Who pays the commission.
    pub commission_payment: Option<i64>,
    /// White-label enabled (needed for deposits and full invoice data).
    pub white_label: Option<bool>,
    /// Extra commission.
    pub extra_commission: Option<String>,
    /// Verified shop.
    pub verified: Option<bool>,
    /// The JSON object as received.
    #[napi(ts_type = "Record<string, any>")]
    pub raw: Raw,
}
convert!(Shop from core::Shop { id, name, link, logo, commission_payment, white_label, extra_commission, verified, raw });

/// An invoice: the answer of `invoices.create` (2-3 fields for a hosted shop, ~17 for a
/// white-label shop) and the `invoice` part of `invoices.get`. Fields not received are `null`.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    /// Invoice ID.
    pub txn_id: Option<String>,
    /// Hosted invoice page.
    pub invoice_url: Option<String>,
    /// Amount to pay in the coin.
    pub amount: Option<String>,
    /// Amount still to pay / not yet confirmed.
    pub pending_amount: Option<String>,
    /// Amount received.
    pub received_amount: Option<String>,
    /// Amount remaining.
    pub remaining_amount: Option<String>,
    /// Address to pay to.
    pub wallet_hash: Option<String>,
    /// Coin ID.
    pub psys_cid: Option<String>,
    /// Coin code.
    pub currency: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Numeric status code.
    pub status_code: Option<i64>,
    /// Fiat currency.
    pub source_currency: Option<String>,
    /// Fiat amount.
    pub source_amount: Option<String>,
    /// Rate coin → fiat.
    pub source_rate: Option<String>,
    /// Creation time.
    #[serde(serialize_with = "ms")]
    pub created_at: Option<DateTime<Utc>>,
    /// Expiry time.
    #[serde(serialize_with = "ms")]
    pub expire_at: Option<DateTime<Utc>>,
    /// Confirmations required.
    pub expected_confirmations: Option<i64>,
    /// Confirmations so far.
    pub confirmations: Option<i64>,
    /// QR code image (`data:image/png;base64,…`).
    pub qr_code: Option<String>,
    /// QR code URL.
    pub qr_url: Option<String>,
    /// Signature of the invoice data.
    pub verify_hash: Option<String>,
    /// Plisio commission.
    pub invoice_commission: Option<String>,
    /// Sum credited to the shop.
    pub invoice_sum: Option<String>,
    /// Total the payer pays.
    pub invoice_total_sum: Option<String>,
    /// Read-only key for the public invoice endpoints. Treat as a secret.
    pub view_key: Option<String>,
    /// Explorer links of the payments.
    pub tx_urls: Vec<String>,
    /// Whether the payer e-mail is already set.
    pub email_already_set: Option<bool>,
    /// The JSON object as received.
    #[napi(ts_type = "Record<string, any>")]
    pub raw: Raw,
}
convert!(Invoice from core::Invoice { txn_id, invoice_url, amount, pending_amount, received_amount, remaining_amount, wallet_hash, psys_cid, currency, status, status_code, source_currency, source_amount, source_rate, created_at, expire_at, expected_confirmations, confirmations, qr_code, qr_url, verify_hash, invoice_commission, invoice_sum, invoice_total_sum, view_key, tx_urls, email_already_set, raw });

/// The shop part of `invoices.get`.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceShop {
    /// Shop name.
    pub name: Option<String>,
    /// Website.
    pub link: Option<String>,
    /// Logo.
    pub logo: Option<String>,
    /// Return URL after payment.
    pub success_url: Option<String>,
    /// Return URL after failure.
    pub failed_url: Option<String>,
    /// Whether an expired invoice may be renewed.
    pub allow_renew: Option<bool>,
}
convert!(InvoiceShop from core::InvoiceShop { name, link, logo, success_url, failed_url, allow_renew });

/// `invoices.get`: the invoice, the shop, the selected coin and the allowed coins.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceDetails {
    /// The invoice.
    pub invoice: Invoice,
    /// The invoice ID for the most recently selected coin.
    pub active_invoice_id: Option<String>,
    /// Shop data.
    pub shop: Option<InvoiceShop>,
    /// The selected coin.
    pub paysys: Option<Currency>,
    /// Allowed coins.
    pub allowed_psys_cids: Vec<Currency>,
    /// The JSON object as received.
    #[napi(ts_type = "Record<string, any>")]
    pub raw: Raw,
}
convert!(InvoiceDetails from core::InvoiceDetails { invoice, active_invoice_id, shop, paysys, allowed_psys_cids, raw });

/// A verified callback: an invoice status change (`ipnType` `invoice`) or a white-label deposit
/// (`ipnType` `pay_in`). Fields the callback did not carry are `null`.
#[napi(object, object_from_js = false, use_nullable = true)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallbackEvent {
    /// `invoice` or `pay_in` (or a newer value, kept as sent).
    pub ipn_type: String,
    /// Plisio transaction (invoice) ID.
    pub txn_id: Option<String>,
    /// Status (`completed`, `mismatch`, `expired`, …).
    pub status: Option<String>,
    /// Amount in the coin.
    pub amount: Option<String>,
    /// Coin code (or ID).
    pub currency: Option<String>,
    /// Coin ID.
    pub psys_cid: Option<String>,
    /// Amount in fiat.
    pub source_amount: Option<String>,
    /// Fiat currency.
    pub source_currency: Option<String>,
    /// Rate coin → fiat.
    pub source_rate: Option<String>,
    /// Invoice: merchant order number.
    pub order_number: Option<String>,
    /// Invoice: merchant order name.
    pub order_name: Option<String>,
    /// Deposit: your user id.
    pub deposit_uid: Option<String>,
    /// Deposit: sum credited.
    pub deposit_sum: Option<String>,
    /// Confirmations.
    pub confirmations: Option<i64>,
    /// Confirmations required.
    pub expected_confirmations: Option<i64>,
    /// Plisio commission.
    pub invoice_commission: Option<String>,
    /// Sum credited to the shop.
    pub invoice_sum: Option<String>,
    /// Total paid.
    pub invoice_total_sum: Option<String>,
    /// Amount not yet confirmed.
    pub pending_amount: Option<String>,
    /// The receiving address.
    pub wallet_hash: Option<String>,
    /// Explorer links.
    pub tx_urls: Vec<String>,
    /// Free-text comment with the dashboard link.
    pub comment: Option<String>,
    /// Shop name.
    pub merchant: Option<String>,
    /// Shop ID.
    pub merchant_id: Option<String>,
    /// Invoice expiry.
    #[serde(serialize_with = "ms")]
    pub expire_at: Option<DateTime<Utc>>,
    /// The signature that was verified.
    pub verify_hash: Option<String>,
    /// How the body was encoded: `json`, `urlencoded` or `multipart`.
    pub format: String,
    /// Every field as received (JSON mode: the body; form mode: an object of the string fields).
    #[napi(ts_type = "Record<string, any>")]
    pub raw: Raw,
    /// True when the money arrived (`completed`, or `mismatch` = overpaid).
    pub is_paid: bool,
    /// True for a white-label deposit (`pay_in`).
    pub is_pay_in: bool,
    /// True for an invoice status callback.
    pub is_invoice: bool,
}
convert!(CallbackEvent from core::CallbackEvent { ipn_type, txn_id, status, amount, currency, psys_cid, source_amount, source_currency, source_rate, order_number, order_name, deposit_uid, deposit_sum, confirmations, expected_confirmations, invoice_commission, invoice_sum, invoice_total_sum, pending_amount, wallet_hash, tx_urls, comment, merchant, merchant_id, expire_at, verify_hash, format, raw } extra(s) { is_paid: s.is_paid(), is_pay_in: s.is_pay_in(), is_invoice: s.is_invoice() });
