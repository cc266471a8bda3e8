//! `balances/{psys_cid}`, `currencies[/{fiat}]` and `shops`.

use serde_json::{Value, json};

use super::{Answer, ApiResult, Ctx, coin_param};
use crate::currencies::{COINS, Coin, fiat_per_usd};
use crate::error::ApiError;
use crate::json::num;

/// `GET balances/{psys_cid}`; also `balances?currency=X` (legacy PHP clients) and `balances`
/// without a coin (every balance, as an array).
pub(super) fn balance(ctx: &Ctx, psys_cid: Option<&str>) -> ApiResult {
    ctx.require_key()?;
    let st = ctx.app.lock();
    let one = |c: &Coin| json!({"psys_cid": c.id, "currency": c.code, "balance": c.fmt(st.balance(c))});
    match psys_cid.or_else(|| ctx.q.get("currency")).or_else(|| ctx.q.get("psys_cid")) {
        Some(id) => Ok(Answer::ok(one(coin_param("currency", id)?))),
        None => Ok(Answer::ok(Value::Array(COINS.iter().map(one).collect()))),
    }
}

/// `GET currencies` / `currencies/{fiat}` (no `api_key` needed).
pub(super) fn currencies(ctx: &Ctx, fiat: Option<&str>) -> ApiResult {
    let fiat = fiat.unwrap_or("USD");
    if fiat_per_usd(fiat).is_none() {
        return Err(ApiError::unsupported("fiat", fiat));
    }
    let pct = ctx.app.config.commission_percent;
    Ok(Answer::ok(Value::Array(COINS.iter().map(|c| c.currency_object(fiat, pct)).collect())))
}

/// `GET shops` (and `shop`).
pub(super) fn shop(ctx: &Ctx) -> ApiResult {
    ctx.require_key()?;
    let cfg = &ctx.app.config;
    let white_label = ctx.app.lock().white_label;
    Ok(Answer::ok(json!({
        "id": cfg.shop_id,
        "name": cfg.shop_name,
        "link": ctx.app.root,
        "logo": null,
        "commission_payment": 2,
        "white_label": white_label,
        "extra_commission": num("0.5"),
        "verified": true,
    })))
}
