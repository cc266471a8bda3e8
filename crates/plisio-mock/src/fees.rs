//! Deterministic network-fee model per chain: fee plans, withdrawal fees and their JSON shapes.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use crate::currencies::{Chain, Coin, coin, dec};
use crate::json::num;
use crate::money;

/// Plan names a coin offers, cheapest first.
pub(crate) fn plan_names(c: &Coin) -> &'static [&'static str] {
    match c.chain {
        Chain::Xmr => &["normal", "priority"],
        _ => &["economy", "normal", "priority"],
    }
}

/// Chain-specific parameters of a quote.
#[derive(Debug, Clone)]
pub(crate) enum FeeDetail {
    /// UTXO coins: blocks to confirm and the sat/vB rate.
    Utxo { conf_target: u32, fee_rate: Decimal },
    /// EVM coins: gas limit (all outputs) and gas price in wei.
    Evm { gas_limit: u64, gas_price_wei: Decimal },
    /// Flat-fee chains and Monero.
    Flat { conf_target: u32 },
}

/// A computed network fee.
#[derive(Debug, Clone)]
pub(crate) struct FeeQuote {
    /// Plan name (`economy`, `normal`, `priority`, or `custom` for a `feeRate` override).
    pub plan: String,
    /// Fee in units of the coin itself, rounded up to its precision.
    pub value: Decimal,
    /// Chain-specific details.
    pub detail: FeeDetail,
}

/// Why a quote could not be made.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FeeError {
    /// The plan does not exist for this coin.
    UnknownPlan,
}

const CONF_TARGETS: [u32; 3] = [12, 6, 2];
const FLAT_CONF_TARGETS: [u32; 3] = [3, 2, 1];

/// Quotes the fee of a transfer with `outputs` recipients under `plan`.
///
/// `custom_rate` overrides the plan's rate: sat/vB for UTXO coins, gwei for EVM coins, the fee per
/// output in the native coin for flat-fee chains, the fee itself for Monero.
pub(crate) fn quote(c: &Coin, plan: &str, outputs: usize, custom_rate: Option<Decimal>) -> Result<FeeQuote, FeeError> {
    let idx = plan_names(c).iter().position(|p| *p == plan).ok_or(FeeError::UnknownPlan)?;
    let outputs = outputs.max(1);
    let n = Decimal::from(outputs as u64);
    let plan_name = if custom_rate.is_some() { "custom".to_owned() } else { plan.to_owned() };
    let quote = match c.chain {
        Chain::Utxo { sat_per_vb, .. } => {
            let rate = custom_rate.unwrap_or_else(|| Decimal::from(sat_per_vb[idx]));
            let vsize = Decimal::from(110 + 31 * outputs as u64);
            FeeQuote {
                plan: plan_name,
                value: money::round_up(rate * vsize / Decimal::from(100_000_000u64), c.precision),
                detail: FeeDetail::Utxo { conf_target: CONF_TARGETS[idx], fee_rate: rate },
            }
        }
        Chain::Evm { native, token, gwei, .. } => {
            let gwei = custom_rate.unwrap_or_else(|| dec(gwei[idx]));
            let gas_limit = if token { 65_000 } else { 21_000 } * outputs as u64;
            let gas_price_wei = (gwei * Decimal::from(1_000_000_000u64)).trunc();
            let native_fee = Decimal::from(gas_limit) * gas_price_wei / Decimal::from(1_000_000_000_000_000_000u64);
            FeeQuote { plan: plan_name, value: convert(c, native, native_fee), detail: FeeDetail::Evm { gas_limit, gas_price_wei } }
        }
        Chain::Flat { native, fee, .. } => {
            let per_output = custom_rate.unwrap_or_else(|| dec(fee[idx]));
            FeeQuote {
                plan: plan_name,
                value: convert(c, native, per_output * n),
                detail: FeeDetail::Flat { conf_target: FLAT_CONF_TARGETS[idx] },
            }
        }
        Chain::Xmr => {
            let base = custom_rate.unwrap_or_else(|| Decimal::new(222, 6) * Decimal::from(idx as u64 + 1));
            // Each extra output adds a tenth of the base fee.
            let value = base + base * Decimal::from(outputs as u64 - 1) / Decimal::TEN;
            FeeQuote { plan: plan_name, value: money::round_up(value, c.precision), detail: FeeDetail::Flat { conf_target: [0, 2][idx] } }
        }
    };
    Ok(quote)
}

fn convert(c: &Coin, native: &str, native_fee: Decimal) -> Decimal {
    match coin(native) {
        Some(n) => c.convert_from(n, native_fee),
        None => money::round_up(native_fee, c.precision),
    }
}

/// The object of one plan in `operations/fee-plan` and in the `plans` map of `operations/commission`.
pub(crate) fn plan_object(c: &Coin, q: &FeeQuote) -> Value {
    match (&c.chain, &q.detail) {
        (Chain::Xmr, FeeDetail::Flat { conf_target }) => {
            // Monero's `value` is a JSON number in Plisio's answer.
            json!({"conf_target": conf_target, "value": num(money::plain(q.value))})
        }
        (_, FeeDetail::Utxo { conf_target, fee_rate }) => json!({
            "conf_target": conf_target,
            "feeRate": money::plain(*fee_rate),
            "feeRateUnit": "sat/vB",
            "value": c.fmt(q.value),
        }),
        (_, FeeDetail::Evm { gas_limit, gas_price_wei }) => json!({
            "gasLimit": gas_limit.to_string(),
            "gasPrice": money::plain(*gas_price_wei),
            "value": c.fmt(q.value),
        }),
        (_, FeeDetail::Flat { conf_target }) => json!({
            "conf_target": conf_target,
            "feeUnit": c.code,
            "value": c.fmt(q.value),
        }),
    }
}

/// All plans of `c` for a transfer with `outputs` recipients, as `{plan: object}`.
pub(crate) fn plans_object(c: &Coin, outputs: usize) -> Value {
    let mut map = Map::new();
    for plan in plan_names(c) {
        if let Ok(q) = quote(c, plan, outputs, None) {
            map.insert((*plan).to_owned(), plan_object(c, &q));
        }
    }
    Value::Object(map)
}

/// `params.fee` of a withdrawal operation (the seed's shape per chain).
pub(crate) fn params_fee(c: &Coin, q: &FeeQuote) -> Value {
    match &q.detail {
        FeeDetail::Evm { gas_limit, gas_price_wei } => json!({
            "gasLimit": gas_limit.to_string(),
            "gasPrice": money::plain(*gas_price_wei / Decimal::from(1_000_000_000u64)),
            "nonce": "",
            "dynamicField": "gasPrice",
            "plan": q.plan,
            "unit": "Gwai",
            "value": c.fmt(q.value),
        }),
        FeeDetail::Utxo { conf_target, .. } | FeeDetail::Flat { conf_target } => json!({
            "conf_target": conf_target,
            "plan": q.plan,
            "value": c.fmt(q.value),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::to_text;

    #[test]
    fn documented_examples() {
        let eth = coin("ETH").expect("ETH");
        let normal = quote(eth, "normal", 1, None).expect("normal");
        assert_eq!(to_text(&plan_object(eth, &normal)), r#"{"gasLimit":"21000","gasPrice":"44000000000","value":"0.000924000000000000"}"#);
        let priority = quote(eth, "priority", 1, None).expect("priority");
        assert_eq!(eth.fmt(priority.value), "0.001071000000000000");
        let xmr = coin("XMR").expect("XMR");
        assert_eq!(
            to_text(&plans_object(xmr, 1)),
            r#"{"normal":{"conf_target":0,"value":0.000222},"priority":{"conf_target":2,"value":0.000444}}"#
        );
        assert_eq!(quote(xmr, "economy", 1, None).err(), Some(FeeError::UnknownPlan));
        let btc = coin("BTC").expect("BTC");
        assert_eq!(btc.fmt(quote(btc, "normal", 1, None).expect("q").value), "0.00000705");
    }

    #[test]
    fn tokens_pay_in_their_own_units() {
        let usdt = coin("USDT").expect("USDT");
        // 65000 gas × 44 gwei = 0.00286 ETH × 3200 USD = 9.152 USDT
        assert_eq!(usdt.fmt(quote(usdt, "normal", 1, None).expect("q").value), "9.152000");
        let trc = coin("USDT_TRX").expect("USDT_TRX");
        // 13.4 TRX × 0.12 = 1.608 USDT
        assert_eq!(trc.fmt(quote(trc, "normal", 1, None).expect("q").value), "1.608000");
    }
}
