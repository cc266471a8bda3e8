use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{RawJson, has_raw};
use crate::de;

/// Your shop (`shops`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Shop {
    /// Shop ID.
    #[serde(deserialize_with = "de::opt_text")]
    pub id: Option<String>,
    /// Name.
    #[serde(deserialize_with = "de::opt_text")]
    pub name: Option<String>,
    /// Website.
    #[serde(deserialize_with = "de::opt_text")]
    pub link: Option<String>,
    /// Logo URL.
    #[serde(deserialize_with = "de::opt_text")]
    pub logo: Option<String>,
    /// Who pays the commission.
    #[serde(deserialize_with = "de::opt_i64")]
    pub commission_payment: Option<i64>,
    /// White-label enabled (needed for deposits and full invoice data).
    #[serde(deserialize_with = "de::opt_bool")]
    pub white_label: Option<bool>,
    /// Extra commission.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub extra_commission: Option<Decimal>,
    /// Verified shop.
    #[serde(deserialize_with = "de::opt_bool")]
    pub verified: Option<bool>,
    /// The JSON as received.
    #[serde(skip_deserializing)]
    pub raw: RawJson,
}

has_raw!(Shop);
