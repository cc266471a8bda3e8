//! Configuration of a sandbox server.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The API key a [`MockConfig::default`] server accepts.
pub const DEFAULT_API_KEY: &str = "sk_test_plisio_mock";

/// Settings of a [`crate::MockServer`]. Every field has a default (see [`MockConfig::default`]);
/// the struct also deserialises from JSON with missing fields defaulted, for the language bindings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MockConfig {
    /// The shop's secret key: required as `api_key` on every API call except `currencies`, and
    /// the HMAC key of callbacks' `verify_hash`. Default [`DEFAULT_API_KEY`].
    pub api_key: String,
    /// Port to bind on 127.0.0.1; `0` (the default) picks a free one.
    pub port: u16,
    /// The shop's "Status URL": where callbacks go when the request names none. Default none.
    pub callback_url: Option<String>,
    /// White-label payment processing (deposits, extended invoice answers). Default `true`.
    pub white_label: bool,
    /// Starting balances by `psys_cid`, overriding the defaults (every known coin starts non-zero).
    /// Unknown IDs are ignored.
    pub balances: BTreeMap<String, Decimal>,
    /// Shop name (`merchant` in callbacks, `name` in `shops`). Default `"Plisio Mock Shop"`.
    pub shop_name: String,
    /// Shop id (`merchant_id`, `shop_id`). Default `"6650c0ffee5d0a11b00c1d01"`.
    pub shop_id: String,
    /// Plisio's commission on invoices and deposits, in percent. Default `1`.
    pub commission_percent: Decimal,
    /// Timeout of one callback delivery, in milliseconds. Default `5000`.
    pub callback_timeout_ms: u64,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            api_key: DEFAULT_API_KEY.to_owned(),
            port: 0,
            callback_url: None,
            white_label: true,
            balances: BTreeMap::new(),
            shop_name: "Plisio Mock Shop".to_owned(),
            shop_id: "6650c0ffee5d0a11b00c1d01".to_owned(),
            commission_percent: Decimal::ONE,
            callback_timeout_ms: 5_000,
        }
    }
}

impl MockConfig {
    /// A default configuration accepting `api_key`.
    pub fn with_api_key(api_key: impl Into<String>) -> Self {
        MockConfig { api_key: api_key.into(), ..MockConfig::default() }
    }
}
