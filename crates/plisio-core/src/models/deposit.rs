use serde::{Deserialize, Serialize};

use super::{RawJson, has_raw};
use crate::de;

/// A white-label deposit address permanently bound to one of your users (`uid`) for one coin.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Deposit {
    /// Your user identifier.
    #[serde(deserialize_with = "de::string")]
    pub uid: String,
    /// The deposit address (Plisio calls it `hash`).
    #[serde(deserialize_with = "de::string")]
    pub hash: String,
    /// Coin ID.
    #[serde(deserialize_with = "de::string")]
    pub psys_cid: String,
    /// The JSON as received.
    #[serde(skip_deserializing)]
    pub raw: RawJson,
}

impl Deposit {
    /// The deposit address (same as `hash`).
    pub fn address(&self) -> &str {
        &self.hash
    }
}

/// One page of `shop/deposit`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DepositsPage {
    /// The deposits of this page.
    pub deposits: Vec<Deposit>,
    /// The page that was requested (1-based).
    pub page: u32,
    /// The page size that was requested.
    pub limit: u32,
}

impl DepositsPage {
    /// Whether another page may follow (this one is full).
    pub fn has_more(&self) -> bool {
        self.deposits.len() as u64 >= u64::from(self.limit) && self.limit > 0
    }
}

has_raw!(Deposit);
