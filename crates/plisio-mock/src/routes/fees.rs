//! `operations/fee/{psys_cid}`, `operations/commission/{psys_cid}` and `operations/fee-plan/{psys_cid}`.

use rust_decimal::Decimal;
use serde_json::json;

use super::{Answer, ApiResult, Ctx, coin_param, fee_plan, fee_rate, payouts};
use crate::error::ApiError;
use crate::fees;
use crate::money;
use crate::operation::OpKind;

const MISSING: &str = "Missing required attribute";

/// `GET operations/fee/{psys_cid}`: `addresses` and `amounts` (comma lists, equal length) required.
pub(super) fn fee(ctx: &Ctx, psys_cid: &str) -> ApiResult {
    ctx.require_key()?;
    let q = ctx.q;
    let coin = coin_param("currency", psys_cid)?;
    let mut errors = Vec::new();
    let (addresses, amounts) = (q.get("addresses"), q.get("amounts"));
    if addresses.is_none() {
        errors.push(("addresses".to_owned(), MISSING.to_owned()));
    }
    if amounts.is_none() {
        errors.push(("amounts".to_owned(), MISSING.to_owned()));
    }
    let (Some(addresses), Some(amounts)) = (addresses, amounts) else {
        return Err(ApiError::Validation(errors));
    };
    let outputs = payouts(coin, addresses, amounts, "addresses", "amounts", &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let plan = fee_plan(q, coin)?;
    let quote = fees::quote(coin, plan, outputs.len(), fee_rate(q)?).map_err(|_| ApiError::field("feePlan", "Invalid fee plan"))?;
    let total: Decimal = outputs.iter().map(|(_, v)| *v).sum();
    if ctx.app.lock().balance(coin) < total + quote.value {
        return Err(ApiError::FeeNotEstimable);
    }
    Ok(Answer::ok(json!({
        "fee": coin.fmt(quote.value),
        "psys_cid": coin.id,
        "currency": coin.code,
        "plan": quote.plan,
    })))
}

/// `GET operations/commission/{psys_cid}`: network fee plus Plisio's commission (the shop's
/// commission percent for `invoice`/`cash_in`, none for withdrawals). `useWallet` is the STRING
/// `"false"` and `useWalletBalance` the STRING `"null"`, as Plisio sends them.
pub(super) fn commission(ctx: &Ctx, psys_cid: &str) -> ApiResult {
    ctx.require_key()?;
    let q = ctx.q;
    let coin = coin_param("currency", psys_cid)?;
    let kind = match q.get("type") {
        Some(t) => OpKind::parse(t).ok_or_else(|| ApiError::field("type", "Invalid operation type"))?,
        None => OpKind::CashOut,
    };
    let mut errors = Vec::new();
    let outputs = match (q.get("addresses"), q.get("amounts")) {
        (Some(a), Some(m)) => payouts(coin, a, m, "addresses", "amounts", &mut errors),
        (None, Some(m)) => {
            let parsed: Option<Vec<Decimal>> = m.split(',').map(|v| money::parse_amount(v, coin.precision)).collect();
            match parsed {
                Some(values) => values.into_iter().map(|v| (String::new(), v)).collect(),
                None => {
                    errors.push(("amounts".to_owned(), "Invalid amount".to_owned()));
                    Vec::new()
                }
            }
        }
        (Some(_), None) => {
            errors.push(("amounts".to_owned(), MISSING.to_owned()));
            Vec::new()
        }
        (None, None) => Vec::new(),
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let plan = fee_plan(q, coin)?;
    let n = outputs.len().max(1);
    let quote = fees::quote(coin, plan, n, fee_rate(q)?).map_err(|_| ApiError::field("feePlan", "Invalid fee plan"))?;
    let total: Decimal = outputs.iter().map(|(_, v)| *v).sum();
    let percent = match kind {
        OpKind::Invoice | OpKind::CashIn => ctx.app.config.commission_percent,
        _ => Decimal::ZERO,
    };
    let plisio = money::round(total * percent / Decimal::ONE_HUNDRED, coin.precision);
    Ok(Answer::ok(json!({
        "commission": coin.fmt(plisio + quote.value),
        "fee": coin.fmt(quote.value),
        "plan": quote.plan,
        "useWallet": "false",
        "useWalletBalance": "null",
        "plans": fees::plans_object(coin, n),
    })))
}

/// `GET operations/fee-plan/{psys_cid}`: `{plan: object}` with the chain's shape.
pub(super) fn plans(ctx: &Ctx, psys_cid: &str) -> ApiResult {
    ctx.require_key()?;
    let coin = coin_param("currency", psys_cid)?;
    Ok(Answer::ok(fees::plans_object(coin, 1)))
}
