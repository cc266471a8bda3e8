//! Response models. Every model keeps the JSON it was decoded from in `raw`, so fields this SDK does
//! not model yet stay reachable; unknown fields never fail decoding; money is `Decimal`.

mod currency;
mod deposit;
mod fees;
mod invoice;
mod operation;
mod shop;

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

pub use currency::Currency;
pub use deposit::{Deposit, DepositsPage};
pub use fees::{Balance, Commission, FeeEstimate, FeePlanDetails, FeePlans};
pub use invoice::{Invoice, InvoiceDetails, InvoiceShop};
pub use operation::{FeeDetails, Operation, OperationParams, OperationTx, OperationsPage, PageLinks, PageMeta, Payout, Withdrawal};
pub(crate) use operation::{OrderedPairs, opt_status};
pub use shop::Shop;

/// The JSON text a model was decoded from, exactly as received (numbers keep their digits).
///
/// Holds text that has already been validated as JSON (it was decoded from it).
#[derive(Clone, PartialEq, Eq)]
pub struct RawJson(Box<str>);

impl RawJson {
    /// Wrap raw JSON (already validated by the parser that produced it).
    pub(crate) fn from_raw(raw: &RawValue) -> RawJson {
        RawJson(raw.get().into())
    }

    /// Wrap text that was just decoded successfully as a JSON object.
    pub(crate) fn from_validated(text: &str) -> RawJson {
        RawJson(text.into())
    }

    /// Parse text into a `RawJson` (validates it).
    pub fn parse(text: &str) -> Result<RawJson, serde_json::Error> {
        let _: &RawValue = serde_json::from_str(text)?;
        Ok(RawJson(text.into()))
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The JSON as a `serde_json::Value` (numbers beyond f64 precision keep their exact digits only
    /// in [`RawJson::as_str`]).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or(serde_json::Value::Null)
    }

    /// The raw JSON text of one top-level field, if present.
    pub fn field(&self, key: &str) -> Option<Box<RawValue>> {
        let map: std::collections::HashMap<&str, &RawValue> = serde_json::from_str(&self.0).ok()?;
        map.get(key).map(|r| (*r).to_owned())
    }
}

impl Default for RawJson {
    fn default() -> Self {
        RawJson("{}".into())
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw: &RawValue = serde_json::from_str(&self.0).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

/// A model that remembers its source JSON.
pub(crate) trait HasRaw: DeserializeOwned {
    fn set_raw(&mut self, raw: RawJson);
}

macro_rules! has_raw {
    ($($t:ty),+) => {$(
        impl crate::models::HasRaw for $t {
            fn set_raw(&mut self, raw: crate::models::RawJson) {
                self.raw = raw;
            }
        }
    )+};
}
pub(crate) use has_raw;

/// Decode a model from raw JSON text and attach the text.
pub(crate) fn decode<T: HasRaw>(raw: &RawValue) -> Result<T, serde_json::Error> {
    let mut model: T = serde_json::from_str(raw.get())?;
    model.set_raw(RawJson::from_raw(raw));
    Ok(model)
}

/// Decode a JSON value that may be one object or an array of objects.
pub(crate) fn decode_one_or_many<T: HasRaw>(raw: &RawValue) -> Result<Vec<T>, serde_json::Error> {
    let text = raw.get().trim_start();
    if text.starts_with('[') {
        let items: Vec<&RawValue> = serde_json::from_str(raw.get())?;
        items.into_iter().map(decode).collect()
    } else {
        decode(raw).map(|one| vec![one])
    }
}
