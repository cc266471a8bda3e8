//! `shop(s)/deposit/new` and `shop(s)/deposit` (white-label shops only).

use serde_json::{Value, json};

use super::{Answer, ApiResult, Ctx, coin_param, int_param};
use crate::currencies::Coin;
use crate::error::ApiError;
use crate::state::Deposit;

const MAX_UID_CHARS: usize = 255;

fn item(d: &Deposit) -> Value {
    json!({"uid": d.uid, "hash": d.hash, "psys_cid": d.coin.id})
}

/// Parses a comma list of coins (empty items skipped, duplicates dropped).
fn coin_list(field: &str, list: &str) -> Result<Vec<&'static Coin>, ApiError> {
    let mut coins: Vec<&'static Coin> = Vec::new();
    for id in list.split(',').filter(|s| !s.is_empty()) {
        let c = coin_param(field, id)?;
        if !coins.iter().any(|x| x.id == c.id) {
            coins.push(c);
        }
    }
    Ok(coins)
}

/// `GET shop/deposit/new`: one permanent address per `(uid, psys_cid)`. One coin → `data` is an
/// object; a comma list → an array.
pub(super) fn create(ctx: &Ctx) -> ApiResult {
    ctx.require_key()?;
    let mut st = ctx.app.lock();
    if !st.white_label {
        return Err(ApiError::WhiteLabelDisabled);
    }
    let q = ctx.q;
    let mut errors = Vec::new();
    let uid = q.get("uid");
    match uid {
        None => errors.push(("uid".to_owned(), "Missing required attribute".to_owned())),
        Some(u) if u.chars().count() > MAX_UID_CHARS => {
            errors.push(("uid".to_owned(), format!("Uid should contain at most {MAX_UID_CHARS} characters.")));
        }
        Some(_) => {}
    }
    let list = q.get("psys_cid").filter(|l| l.split(',').any(|s| !s.is_empty()));
    if list.is_none() {
        errors.push(("psys_cid".to_owned(), "Missing required attribute".to_owned()));
    }
    let (Some(uid), Some(list)) = (uid, list) else {
        return Err(ApiError::Validation(errors));
    };
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let coins = coin_list("psys_cid", list)?;
    let items: Vec<Value> = coins.iter().map(|c| item(st.deposit_for(uid, c))).collect();
    if list.contains(',') { Ok(Answer::ok(Value::Array(items))) } else { Ok(Answer::ok(items.into_iter().next().unwrap_or(Value::Null))) }
}

/// `GET shop/deposit`: filters `uid`, `psys_cid` (comma list); `page` (default 1), `limit`
/// (default 20, at most 100); oldest first; `data` is the array of the page.
pub(super) fn list(ctx: &Ctx) -> ApiResult {
    ctx.require_key()?;
    let q = ctx.q;
    let st = ctx.app.lock();
    if !st.white_label {
        return Err(ApiError::WhiteLabelDisabled);
    }
    let page = int_param(q, "page", 1, 1..=u32::MAX as u64)?;
    let limit = int_param(q, "limit", 20, 1..=100)?;
    let coins = match q.get("psys_cid") {
        Some(list) => Some(coin_list("psys_cid", list)?),
        None => None,
    };
    let uid = q.get("uid");
    let items: Vec<Value> = st
        .deposits
        .iter()
        .filter(|d| uid.is_none_or(|u| d.uid == u))
        .filter(|d| coins.as_ref().is_none_or(|cs| cs.iter().any(|c| c.id == d.coin.id)))
        .skip(usize::try_from((page - 1).saturating_mul(limit)).unwrap_or(usize::MAX))
        .take(limit as usize)
        .map(item)
        .collect();
    Ok(Answer::ok(Value::Array(items)))
}
