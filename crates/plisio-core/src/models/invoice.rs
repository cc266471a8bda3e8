use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::operation::opt_status;
use super::{Currency, RawJson, has_raw};
use crate::de;
use crate::types::Status;

/// An invoice: the answer of `invoices/new` (2-3 fields for a hosted shop, ~17 for a white-label
/// shop) and the `invoice` part of `invoices/{id}`. Fields a shop does not receive are `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Invoice {
    /// Invoice ID (`txn_id`).
    #[serde(deserialize_with = "de::opt_text")]
    pub txn_id: Option<String>,
    /// Hosted invoice page.
    #[serde(deserialize_with = "de::opt_text")]
    pub invoice_url: Option<String>,
    /// Amount to pay in the coin.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub amount: Option<Decimal>,
    /// Amount still to pay / not yet confirmed.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub pending_amount: Option<Decimal>,
    /// Amount received.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub received_amount: Option<Decimal>,
    /// Amount remaining.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub remaining_amount: Option<Decimal>,
    /// Address to pay to.
    #[serde(deserialize_with = "de::opt_text")]
    pub wallet_hash: Option<String>,
    /// Coin ID.
    #[serde(deserialize_with = "de::opt_text")]
    pub psys_cid: Option<String>,
    /// Coin code.
    #[serde(deserialize_with = "de::opt_text")]
    pub currency: Option<String>,
    /// Status.
    #[serde(deserialize_with = "opt_status")]
    pub status: Option<Status>,
    /// Numeric status code.
    #[serde(deserialize_with = "de::opt_i64")]
    pub status_code: Option<i64>,
    /// Fiat currency.
    #[serde(deserialize_with = "de::opt_text")]
    pub source_currency: Option<String>,
    /// Fiat amount.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub source_amount: Option<Decimal>,
    /// Rate coin → fiat.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub source_rate: Option<Decimal>,
    /// Creation time (`created_utc`).
    #[serde(rename(deserialize = "created_utc"), deserialize_with = "de::opt_timestamp")]
    pub created_at: Option<DateTime<Utc>>,
    /// Expiry time (`expire_utc`).
    #[serde(rename(deserialize = "expire_utc"), deserialize_with = "de::opt_timestamp")]
    pub expire_at: Option<DateTime<Utc>>,
    /// Confirmations required (sent as a string).
    #[serde(deserialize_with = "de::opt_i64")]
    pub expected_confirmations: Option<i64>,
    /// Confirmations so far.
    #[serde(deserialize_with = "de::opt_i64")]
    pub confirmations: Option<i64>,
    /// QR code image (`data:image/png;base64,…`).
    #[serde(deserialize_with = "de::opt_text")]
    pub qr_code: Option<String>,
    /// QR code URL.
    #[serde(deserialize_with = "de::opt_text")]
    pub qr_url: Option<String>,
    /// Signature of the invoice data.
    #[serde(deserialize_with = "de::opt_text")]
    pub verify_hash: Option<String>,
    /// Plisio commission.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub invoice_commission: Option<Decimal>,
    /// Sum credited to the shop.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub invoice_sum: Option<Decimal>,
    /// Total the payer pays.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub invoice_total_sum: Option<Decimal>,
    /// Read-only key for the public invoice endpoints. Treat as a secret.
    #[serde(deserialize_with = "de::opt_text")]
    pub view_key: Option<String>,
    /// Explorer links of the payments.
    #[serde(deserialize_with = "de::string_list")]
    pub tx_urls: Vec<String>,
    /// Whether the payer e-mail is already set.
    #[serde(deserialize_with = "de::opt_bool")]
    pub email_already_set: Option<bool>,
    /// The JSON as received.
    #[serde(skip_deserializing)]
    pub raw: RawJson,
}

impl Invoice {
    /// The invoice ID (`txn_id`, or `id` when only that is present).
    pub fn id(&self) -> Option<&str> {
        self.txn_id.as_deref()
    }
}

/// The shop part of `invoices/{id}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct InvoiceShop {
    /// Shop name.
    #[serde(deserialize_with = "de::opt_text")]
    pub name: Option<String>,
    /// Website.
    #[serde(deserialize_with = "de::opt_text")]
    pub link: Option<String>,
    /// Logo.
    #[serde(deserialize_with = "de::opt_text")]
    pub logo: Option<String>,
    /// Return URL after payment (`successUrl`).
    #[serde(rename(deserialize = "successUrl"), deserialize_with = "de::opt_text")]
    pub success_url: Option<String>,
    /// Return URL after failure (`failedUrl`).
    #[serde(rename(deserialize = "failedUrl"), deserialize_with = "de::opt_text")]
    pub failed_url: Option<String>,
    /// Whether an expired invoice may be renewed.
    #[serde(deserialize_with = "de::opt_bool")]
    pub allow_renew: Option<bool>,
}

/// `invoices/{id}`: the invoice, the shop, the selected coin and the allowed coins.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct InvoiceDetails {
    /// The invoice.
    #[serde(deserialize_with = "invoice_field")]
    pub invoice: Invoice,
    /// The invoice ID for the most recently selected coin.
    #[serde(deserialize_with = "de::opt_text")]
    pub active_invoice_id: Option<String>,
    /// Shop data.
    #[serde(deserialize_with = "de::object_or_empty")]
    pub shop: Option<InvoiceShop>,
    /// The selected coin.
    #[serde(deserialize_with = "currency_field")]
    pub paysys: Option<Currency>,
    /// Allowed coins (an array of currency objects here).
    #[serde(deserialize_with = "currencies_field")]
    pub allowed_psys_cids: Vec<Currency>,
    /// The JSON as received.
    #[serde(skip_deserializing)]
    pub raw: RawJson,
}

fn invoice_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Invoice, D::Error> {
    let raw: &'de serde_json::value::RawValue = Deserialize::deserialize(d)?;
    super::decode(raw).map_err(serde::de::Error::custom)
}

fn currency_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Currency>, D::Error> {
    let raw: &'de serde_json::value::RawValue = Deserialize::deserialize(d)?;
    if raw.get().trim_start().starts_with('{') { super::decode(raw).map(Some).map_err(serde::de::Error::custom) } else { Ok(None) }
}

fn currencies_field<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Currency>, D::Error> {
    let raw: &'de serde_json::value::RawValue = Deserialize::deserialize(d)?;
    let text = raw.get().trim_start();
    if text.starts_with('[') || text.starts_with('{') {
        super::decode_one_or_many(raw).map_err(serde::de::Error::custom)
    } else {
        Ok(Vec::new())
    }
}

has_raw!(Invoice, InvoiceDetails);
