use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::operation::opt_fee_plan;
use super::{RawJson, has_raw};
use crate::de;
use crate::types::FeePlan;

/// Balance of one coin (`balances/{psys_cid}`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Balance {
    /// Coin ID (the intro docs omit it; filled from the request then).
    #[serde(default, deserialize_with = "de::opt_text")]
    pub psys_cid: Option<String>,
    /// Coin code.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub currency: Option<String>,
    /// Available balance, exact.
    #[serde(deserialize_with = "required_decimal")]
    pub balance: Decimal,
    /// Locked balance, when Plisio reports it.
    #[serde(default, rename(deserialize = "lockedBalance"), deserialize_with = "de::opt_decimal")]
    pub locked_balance: Option<Decimal>,
    /// The JSON as received.
    #[serde(skip_deserializing)]
    pub raw: RawJson,
}

fn required_decimal<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    de::opt_decimal(d)?.ok_or_else(|| serde::de::Error::custom("expected a decimal, found nothing"))
}

/// Network-fee estimate (`operations/fee/{psys_cid}`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct FeeEstimate {
    /// The estimated fee, exact.
    #[serde(deserialize_with = "required_decimal")]
    pub fee: Decimal,
    /// Coin ID.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub psys_cid: Option<String>,
    /// Coin code.
    #[serde(default, deserialize_with = "de::opt_text")]
    pub currency: Option<String>,
    /// Fee plan used.
    #[serde(default, deserialize_with = "opt_fee_plan")]
    pub plan: Option<FeePlan>,
    /// The JSON as received.
    #[serde(skip_deserializing)]
    pub raw: RawJson,
}

/// One fee plan of a coin, as returned by `operations/fee-plan` and inside `commission.plans`.
/// Shapes differ per chain, so every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct FeePlanDetails {
    /// Fee value in the coin (a JSON number for XMR, a string elsewhere: exact either way).
    #[serde(deserialize_with = "de::opt_decimal")]
    pub value: Option<Decimal>,
    /// Confirmation target in blocks.
    #[serde(deserialize_with = "de::opt_i64")]
    pub conf_target: Option<i64>,
    /// Fee rate (BTC-like chains).
    #[serde(rename(deserialize = "feeRate"), deserialize_with = "de::opt_decimal")]
    pub fee_rate: Option<Decimal>,
    /// Unit of the fee rate.
    #[serde(rename(deserialize = "feeRateUnit"), deserialize_with = "de::opt_text")]
    pub fee_rate_unit: Option<String>,
    /// Gas limit (EVM).
    #[serde(rename(deserialize = "gasLimit"), deserialize_with = "de::opt_decimal")]
    pub gas_limit: Option<Decimal>,
    /// Gas price (EVM; `44000000000` wei does not fit an i32, hence a decimal).
    #[serde(rename(deserialize = "gasPrice"), deserialize_with = "de::opt_decimal")]
    pub gas_price: Option<Decimal>,
    /// Unit of the fee.
    #[serde(rename(deserialize = "feeUnit"), deserialize_with = "de::opt_text")]
    pub fee_unit: Option<String>,
    /// Display name.
    #[serde(deserialize_with = "de::opt_text")]
    pub name: Option<String>,
    /// Description.
    #[serde(deserialize_with = "de::opt_text")]
    pub description: Option<String>,
}

/// Fee plans of a coin (`operations/fee-plan/{psys_cid}`): plan key → details.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FeePlans {
    /// Plan key (`economy`, `normal`, `priority`, …) → details.
    pub plans: BTreeMap<String, FeePlanDetails>,
    /// The JSON as received.
    pub raw: RawJson,
}

impl FeePlans {
    /// The plan with this name, if offered.
    pub fn get(&self, plan: &FeePlan) -> Option<&FeePlanDetails> {
        self.plans.get(plan.as_str())
    }
}

impl<'de> Deserialize<'de> for FeePlans {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw: &'de serde_json::value::RawValue = Deserialize::deserialize(d)?;
        let plans = match de::classify(raw).map_err(serde::de::Error::custom)? {
            de::Lenient::Object(o) => {
                let map: BTreeMap<String, &serde_json::value::RawValue> = serde_json::from_str(o).map_err(serde::de::Error::custom)?;
                let mut plans = BTreeMap::new();
                for (k, v) in map {
                    // Skip non-object members rather than failing the whole answer.
                    if v.get().trim_start().starts_with('{') {
                        plans.insert(k, serde_json::from_str(v.get()).map_err(serde::de::Error::custom)?);
                    }
                }
                plans
            }
            _ => BTreeMap::new(),
        };
        Ok(FeePlans { plans, raw: RawJson::default() })
    }
}

/// Fee plus Plisio commission estimate (`operations/commission/{psys_cid}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Commission {
    /// Plisio commission.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub commission: Option<Decimal>,
    /// Network fee.
    #[serde(deserialize_with = "de::opt_decimal")]
    pub fee: Option<Decimal>,
    /// Plan used.
    #[serde(deserialize_with = "opt_fee_plan")]
    pub plan: Option<FeePlan>,
    /// `useWallet` (sent as the string `"false"`).
    #[serde(rename(deserialize = "useWallet"), deserialize_with = "de::opt_bool")]
    pub use_wallet: Option<bool>,
    /// `useWalletBalance` (sent as the string `"null"`).
    #[serde(rename(deserialize = "useWalletBalance"), deserialize_with = "de::opt_text")]
    pub use_wallet_balance: Option<String>,
    /// Maximum amount that can be sent.
    #[serde(rename(deserialize = "maxAmount"), deserialize_with = "de::opt_decimal")]
    pub max_amount: Option<Decimal>,
    /// Available plans: plan key → details.
    #[serde(deserialize_with = "plan_map")]
    pub plans: BTreeMap<String, FeePlanDetails>,
    /// The JSON as received.
    #[serde(skip_deserializing)]
    pub raw: RawJson,
}

fn plan_map<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BTreeMap<String, FeePlanDetails>, D::Error> {
    FeePlans::deserialize(d).map(|p| p.plans)
}

has_raw!(Balance, FeeEstimate, Commission, FeePlans);
