use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{RawJson, has_raw};
use crate::de;

/// A cryptocurrency supported by Plisio, with its rate in a fiat currency (`currencies`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Currency {
    /// Display name.
    #[serde(deserialize_with = "de::opt_text")]
    pub name: Option<String>,
    /// Coin ID (`psys_cid`), e.g. `USDT_TRX`.
    #[serde(deserialize_with = "de::opt_text")]
    pub cid: Option<String>,
    /// Coin code, e.g. `USDT`.
    #[serde(deserialize_with = "de::opt_text")]
    pub currency: Option<String>,
    /// Icon URL.
    #[serde(deserialize_with = "de::opt_text")]
    pub icon: Option<String>,
    /// Rate in USD.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub rate_usd: Option<Decimal>,
    /// Price in USD.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub price_usd: Option<Decimal>,
    /// Decimal places.
    #[serde(deserialize_with = "de::opt_i64")]
    pub precision: Option<i64>,
    /// Decimal places shown.
    #[serde(deserialize_with = "de::opt_i64")]
    pub output_precision: Option<i64>,
    /// The fiat currency of `fiat_rate`.
    #[serde(deserialize_with = "de::opt_text")]
    pub fiat: Option<String>,
    /// Rate in `fiat`.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub fiat_rate: Option<Decimal>,
    /// Minimum invoice amount.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub min_sum_in: Option<Decimal>,
    /// Invoice commission percentage.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub invoice_commission_percentage: Option<Decimal>,
    /// Disabled in your shop (`hidden == 1`).
    #[serde(deserialize_with = "de::opt_bool")]
    pub hidden: Option<bool>,
    /// Under maintenance.
    #[serde(deserialize_with = "de::opt_bool")]
    pub maintenance: Option<bool>,
    /// The JSON as received.
    #[serde(skip_deserializing)]
    pub raw: RawJson,
}

has_raw!(Currency);
