use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;

use super::{RawJson, has_raw};
use crate::de::{self, Lenient};
use crate::types::{FeePlan, OperationType, Status};

/// One destination of a (mass) withdrawal, or one entry of an operation's `sendmany`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Payout {
    /// Destination address.
    pub to: String,
    /// Exact amount in the coin.
    pub amount: Decimal,
}

impl Payout {
    /// A payout of `amount` to `to`.
    pub fn new(to: impl Into<String>, amount: Decimal) -> Payout {
        Payout { to: to.into(), amount }
    }
}

/// `sendmany`: `{"addr":"0.1",…}`, `[{"to"|"address":…, "amount"|"value":…}]`, `[["addr","0.1"]]`, `null`, `[]`.
fn sendmany<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Payout>, D::Error> {
    let raw: &'de RawValue = Deserialize::deserialize(d)?;
    let amount = |r: &RawValue| -> Result<Decimal, D::Error> {
        de::decimal_from(de::classify(r).map_err(D::Error::custom)?)
            .map_err(D::Error::custom)?
            .ok_or_else(|| D::Error::custom("sendmany amount is empty"))
    };
    match de::classify(raw).map_err(D::Error::custom)? {
        Lenient::Null | Lenient::Bool(false) => Ok(Vec::new()),
        Lenient::Str(s) if s.trim().is_empty() || s == "null" => Ok(Vec::new()),
        Lenient::Object(o) => {
            // Keep the order Plisio sent (the order of `to` in the request).
            let pairs: Vec<(String, &RawValue)> = OrderedPairs::parse(o).map_err(D::Error::custom)?;
            pairs.into_iter().map(|(to, v)| Ok(Payout { to, amount: amount(v)? })).collect()
        }
        Lenient::Array(a) => {
            let items: Vec<&RawValue> = serde_json::from_str(a).map_err(D::Error::custom)?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match de::classify(item).map_err(D::Error::custom)? {
                    Lenient::Array(pair) => {
                        let pair: Vec<&RawValue> = serde_json::from_str(pair).map_err(D::Error::custom)?;
                        if pair.len() != 2 {
                            return Err(D::Error::custom("sendmany pair must have two elements"));
                        }
                        let to: String = serde_json::from_str(pair[0].get()).map_err(D::Error::custom)?;
                        out.push(Payout { to, amount: amount(pair[1])? });
                    }
                    Lenient::Object(o) => {
                        let fields: BTreeMap<String, &RawValue> = serde_json::from_str(o).map_err(D::Error::custom)?;
                        let to = fields
                            .get("to")
                            .or_else(|| fields.get("address"))
                            .or_else(|| fields.get("hash"))
                            .ok_or_else(|| D::Error::custom("sendmany item without an address"))?;
                        let value = fields
                            .get("amount")
                            .or_else(|| fields.get("value"))
                            .ok_or_else(|| D::Error::custom("sendmany item without an amount"))?;
                        let to: String = serde_json::from_str(to.get()).map_err(D::Error::custom)?;
                        out.push(Payout { to, amount: amount(value)? });
                    }
                    _ => return Err(D::Error::custom("unexpected sendmany item")),
                }
            }
            Ok(out)
        }
        _ => Err(D::Error::custom("unexpected sendmany value")),
    }
}

/// A JSON object read into (key, raw value) pairs in document order.
pub(crate) struct OrderedPairs;

impl OrderedPairs {
    pub(crate) fn parse(text: &str) -> Result<Vec<(String, &RawValue)>, serde_json::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de> serde::de::Visitor<'de> for V<'de> {
            type Value = Vec<(String, &'de RawValue)>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some((k, v)) = map.next_entry::<String, &'de RawValue>()? {
                    out.push((k, v));
                }
                Ok(out)
            }
        }
        let mut d = serde_json::Deserializer::from_str(text);
        let pairs = serde::Deserializer::deserialize_map(&mut d, V(std::marker::PhantomData))?;
        d.end()?;
        Ok(pairs)
    }
}

/// Fee details (`params.fee` of a withdrawal, or one plan).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct FeeDetails {
    /// Estimated confirmation target in blocks (BTC-like chains).
    #[serde(deserialize_with = "de::opt_i64")]
    pub conf_target: Option<i64>,
    /// Fee plan name.
    #[serde(deserialize_with = "opt_fee_plan")]
    pub plan: Option<FeePlan>,
    /// Fee value in the coin.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub value: Option<Decimal>,
    /// Gas limit (EVM chains).
    #[serde(rename(deserialize = "gasLimit"), deserialize_with = "de::opt_decimal")]
    pub gas_limit: Option<Decimal>,
    /// Gas price (EVM chains; wei or gwei depending on the field `unit`).
    #[serde(rename(deserialize = "gasPrice"), deserialize_with = "de::opt_decimal")]
    pub gas_price: Option<Decimal>,
    /// Unit of the dynamic field (e.g. `Gwai`).
    #[serde(deserialize_with = "de::opt_text")]
    pub unit: Option<String>,
}

pub(crate) fn opt_fee_plan<'de, D: Deserializer<'de>>(d: D) -> Result<Option<FeePlan>, D::Error> {
    Ok(de::opt_text(d)?.map(FeePlan::from))
}

pub(crate) fn opt_status<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Status>, D::Error> {
    Ok(de::opt_text(d)?.map(Status::from))
}

/// `params` of an operation; its shape depends on the operation type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct OperationParams {
    /// Withdrawal fee details.
    #[serde(deserialize_with = "de::object_or_empty")]
    pub fee: Option<FeeDetails>,
    /// Invoice order number.
    #[serde(deserialize_with = "de::opt_text")]
    pub order_number: Option<String>,
    /// Invoice order name.
    #[serde(deserialize_with = "de::opt_text")]
    pub order_name: Option<String>,
    /// Invoice description.
    #[serde(deserialize_with = "de::opt_text")]
    pub description: Option<String>,
    /// Invoice amount in fiat.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub source_amount: Option<Decimal>,
    /// Fiat currency.
    #[serde(deserialize_with = "de::opt_text")]
    pub source_currency: Option<String>,
    /// Rate coin → fiat.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub source_rate: Option<Decimal>,
    /// Invoice amount in the coin.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub amount: Option<Decimal>,
    /// Received value (cash_in).
    #[serde(deserialize_with = "de::opt_decimal")]
    pub value: Option<Decimal>,
    /// Coin name or code.
    #[serde(deserialize_with = "de::opt_text")]
    pub currency: Option<String>,
    /// Customer e-mail (invoice).
    #[serde(deserialize_with = "de::opt_text")]
    pub email: Option<String>,
    /// Coin ID.
    #[serde(deserialize_with = "de::opt_text")]
    pub psys_cid: Option<String>,
}

/// One blockchain transaction of an operation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct OperationTx {
    /// Transaction id.
    #[serde(deserialize_with = "de::opt_text")]
    pub txid: Option<String>,
    /// Block height.
    #[serde(deserialize_with = "de::opt_i64")]
    pub block: Option<i64>,
    /// Confirmations.
    #[serde(deserialize_with = "de::opt_i64")]
    pub confirmations: Option<i64>,
    /// Value moved.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub value: Option<Decimal>,
    /// Whether Plisio processed it.
    #[serde(deserialize_with = "de::opt_bool")]
    pub processed: Option<bool>,
    /// Explorer link.
    #[serde(deserialize_with = "de::opt_text")]
    pub url: Option<String>,
    /// Addresses involved.
    #[serde(deserialize_with = "de::string_list")]
    pub wallet_hash: Vec<String>,
}

/// An operation (transaction): invoice, cash_in (incl. deposits), cash_out or mass_cash_out.
///
/// List items carry fewer fields than `operations/{id}`; everything beyond `id`, `type` and `status`
/// is optional. `raw` holds the JSON as received.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Operation {
    /// Plisio operation ID.
    #[serde(deserialize_with = "de::string")]
    pub id: String,
    /// Operation type.
    #[serde(rename = "type")]
    pub r#type: OperationType,
    /// Status (`completed`, `pending internal`, …).
    pub status: Status,
    /// Numeric status code (e.g. 2 partial payment, 3 completed).
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub status_code: Option<i64>,
    /// Profile ID.
    #[serde(default, deserialize_with = "de::opt_string")]
    pub user_id: Option<String>,
    /// Shop ID.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub shop_id: Option<String>,
    /// Coin ID (`USDT_TRX`).
    #[serde(default, deserialize_with = "de::opt_text")]
    pub psys_cid: Option<String>,
    /// Coin code (`USDT`).
    #[serde(default, deserialize_with = "de::opt_text")]
    pub currency: Option<String>,
    /// Fiat currency.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub source_currency: Option<String>,
    /// Rate coin → fiat at the time of the operation.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub source_rate: Option<Decimal>,
    /// Amount received or transferred.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub amount: Option<Decimal>,
    /// Unconfirmed amount (mempool).
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub pending_sum: Option<Decimal>,
    /// Invoice: amount (+ commission); cash-out: amount + network fee; cash-in: received.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub sum: Option<Decimal>,
    /// Network fee.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub fee: Option<Decimal>,
    /// Plisio commission.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub commission: Option<Decimal>,
    /// Actual sum.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub actual_sum: Option<Decimal>,
    /// Actual commission.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub actual_commission: Option<Decimal>,
    /// Actual fee.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub actual_fee: Option<Decimal>,
    /// Actual invoice sum.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub actual_invoice_sum: Option<Decimal>,
    /// Commission percent.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub commis_percent: Option<Decimal>,
    /// Commission sum.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub commis_sum: Option<Decimal>,
    /// Who pays the commission (`commissionPayment`).
    #[serde(default, rename(deserialize = "commissionPayment"), deserialize_with = "de::opt_i64")]
    pub commission_payment: Option<i64>,
    /// Destination address (cash_out) or invoice address.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub wallet_hash: Option<String>,
    /// Destinations of a mass_cash_out, in Plisio's order.
    #[serde(default, deserialize_with = "sendmany")]
    pub sendmany: Vec<Payout>,
    /// Type-dependent parameters (`[]` when empty).
    #[serde(default, deserialize_with = "de::object_or_empty")]
    pub params: Option<OperationParams>,
    /// Block explorer links (a string in details, an array in lists: always a list here).
    #[serde(default, deserialize_with = "de::string_list")]
    pub tx_url: Vec<String>,
    /// Blockchain transaction ids.
    #[serde(default, deserialize_with = "de::string_list")]
    pub tx_id: Vec<String>,
    /// Blockchain transactions.
    #[serde(default, deserialize_with = "txs")]
    pub tx: Vec<OperationTx>,
    /// Confirmations.
    #[serde(default, deserialize_with = "de::opt_i64")]
    pub confirmations: Option<i64>,
    /// Invoice transaction ID (`txn_id`).
    #[serde(default, deserialize_with = "de::opt_text")]
    pub txn_id: Option<String>,
    /// Invoice URL.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub invoice_url: Option<String>,
    /// Invoice total.
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub invoice_total_sum: Option<Decimal>,
    /// Free-text memo.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub memo: Option<String>,
    /// Parent operation.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub parent_id: Option<String>,
    /// Child operations.
    #[serde(default, deserialize_with = "de::string_list")]
    pub child_ids: Vec<String>,
    /// Creation time (`created_at_utc`, seconds or milliseconds normalised).
    #[serde(default, rename(deserialize = "created_at_utc"), deserialize_with = "de::opt_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
    /// Expiry (`expire_at_utc`).
    #[serde(default, rename(deserialize = "expire_at_utc"), deserialize_with = "de::opt_timestamp")]
    pub expire_at: Option<DateTime<Utc>>,
    /// Completion (`finished_at_utc`).
    #[serde(default, rename(deserialize = "finished_at_utc"), deserialize_with = "de::opt_timestamp")]
    pub finished_at: Option<DateTime<Utc>>,
    /// The JSON as received.
    #[serde(skip_deserializing)]
    pub raw: RawJson,
}

fn txs<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<OperationTx>, D::Error> {
    let raw: &'de RawValue = Deserialize::deserialize(d)?;
    match de::classify(raw).map_err(D::Error::custom)? {
        Lenient::Array(a) => serde_json::from_str(a).map_err(D::Error::custom),
        Lenient::Object(o) => serde_json::from_str::<OperationTx>(o).map(|t| vec![t]).map_err(D::Error::custom),
        _ => Ok(Vec::new()),
    }
}

/// The answer of `operations/withdraw`: the operation it created.
pub type Withdrawal = Operation;

/// Pagination counters (`_meta`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct PageMeta {
    /// Total number of operations matching the filters.
    #[serde(rename(deserialize = "totalCount"), deserialize_with = "de_u64")]
    pub total_count: u64,
    /// Number of pages.
    #[serde(rename(deserialize = "pageCount"), deserialize_with = "de_u64")]
    pub page_count: u64,
    /// This page (1-based).
    #[serde(rename(deserialize = "currentPage"), deserialize_with = "de_u64")]
    pub current_page: u64,
    /// Page size.
    #[serde(rename(deserialize = "perPage"), deserialize_with = "de_u64")]
    pub per_page: u64,
}

fn de_u64<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(de::opt_i64(d)?.unwrap_or(0).max(0) as u64)
}

/// Navigation links (`_links`), with `api_key`/`view_key` removed from every URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PageLinks {
    /// This page.
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

/// One page of `operations`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OperationsPage {
    /// The operations of this page.
    pub operations: Vec<Operation>,
    /// Counters.
    pub meta: PageMeta,
    /// Links (redacted).
    pub links: PageLinks,
}

impl OperationsPage {
    /// The next page number, if there is one.
    pub fn next_page(&self) -> Option<u64> {
        if self.meta.page_count > 0 {
            (self.meta.current_page < self.meta.page_count).then_some(self.meta.current_page + 1)
        } else {
            self.links.next.as_ref().map(|_| self.meta.current_page.max(1) + 1)
        }
    }
}

has_raw!(Operation);
