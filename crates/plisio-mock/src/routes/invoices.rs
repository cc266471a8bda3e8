//! `invoices/new`, `invoices/{id}`, `invoices/email/{id}` and `invoices/switch/{id}`.

use plisio_core::callback::sign::hmac_sha1_hex;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::{Answer, ApiResult, Ctx, coin_param};
use crate::addresses::{self, hex, sha256};
use crate::currencies::{COINS, Coin, fiat_per_usd};
use crate::error::ApiError;
use crate::json::to_text;
use crate::money;
use crate::operation::{InvoiceData, OpKind, Operation};
use crate::state::now_secs;

const MISSING: &str = "Missing required attribute";

/// Default and maximum of `expire_min` (one day; thirty days).
const EXPIRE_DEFAULT: u64 = 1440;
const EXPIRE_MAX: u64 = 43_200;

/// `GET invoices/new`.
pub(super) fn create(ctx: &Ctx) -> ApiResult {
    ctx.require_key()?;
    let q = ctx.q;
    let mut errors: Vec<(String, String)> = Vec::new();
    let order_name = q.get("order_name");
    let order_number = q.get("order_number");
    if order_name.is_none() {
        errors.push(("order_name".into(), MISSING.into()));
    }
    if order_number.is_none() {
        errors.push(("order_number".into(), MISSING.into()));
    }
    if q.get("amount").is_none() && q.get("source_amount").is_none() {
        errors.push(("amount".into(), MISSING.into()));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let (Some(order_name), Some(order_number)) = (order_name, order_number) else {
        return Err(ApiError::field("order_number", MISSING));
    };

    // Coins: allowed list, then the invoice currency (default: first allowed, else BTC).
    let mut allowed: Vec<&'static Coin> = Vec::new();
    if let Some(list) = q.get("allowed_psys_cids") {
        for id in list.split(',').filter(|s| !s.is_empty()) {
            let c = coin_param("allowed_psys_cids", id)?;
            if !allowed.iter().any(|a| a.id == c.id) {
                allowed.push(c);
            }
        }
    }
    let coin = match q.get("currency") {
        Some(id) => coin_param("currency", id)?,
        None => allowed.first().copied().unwrap_or(&COINS[0]),
    };

    // Amount: crypto, or converted from fiat.
    let (amount, source_currency, source_amount) = match q.get("amount") {
        Some(raw) => {
            let amount = money::parse_amount(raw, coin.precision).ok_or_else(|| ApiError::field("amount", "Invalid amount"))?;
            let fiat = q.get("source_currency").unwrap_or("USD");
            let price = coin.price_in(fiat).ok_or_else(|| ApiError::unsupported("source_currency", fiat))?;
            (amount, fiat.to_owned(), money::round(amount * price, 2))
        }
        None => {
            let fiat = q.get("source_currency").unwrap_or("USD");
            let price = coin.price_in(fiat).ok_or_else(|| ApiError::unsupported("source_currency", fiat))?;
            let raw = q.get("source_amount").unwrap_or("");
            let source = money::parse_amount(raw, 8).ok_or_else(|| ApiError::field("source_amount", "Invalid amount"))?;
            let amount = money::round(source / price, coin.precision);
            if amount <= Decimal::ZERO {
                return Err(ApiError::field("source_amount", "Amount is too small"));
            }
            (amount, fiat.to_owned(), source)
        }
    };

    let mut errors = Vec::new();
    let expire_min = match q.get("expire_min") {
        None => EXPIRE_DEFAULT,
        Some(v) => match v.parse::<u64>() {
            Ok(n) if (1..=EXPIRE_MAX).contains(&n) => n,
            _ => {
                errors.push(("expire_min".to_owned(), format!("Expire Min must be an integer from 1 to {EXPIRE_MAX}.")));
                EXPIRE_DEFAULT
            }
        },
    };
    let email = q.get("email");
    if email.is_some_and(|e| !valid_email(e)) {
        errors.push(("email".to_owned(), "Email is not a valid email address.".to_owned()));
    }
    for key in ["callback_url", "success_callback_url", "fail_callback_url", "success_invoice_url", "fail_invoice_url"] {
        if q.get(key).is_some_and(|u| !valid_url(u)) {
            errors.push((key.to_owned(), "Invalid URL".to_owned()));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }

    let app = ctx.app;
    let mut st = app.lock();
    if let Some(existing) = st.active_invoice(order_number) {
        if q.flag("return_existing") {
            return Ok(Answer::ok(invoice_answer(ctx, existing, st.white_label)));
        }
        return Err(ApiError::field("order_number", "Order number must be unique"));
    }
    let now = now_secs();
    let (seq, id) = st.next_id(now);
    let commission = money::round(amount * app.config.commission_percent / Decimal::ONE_HUNDRED, coin.precision);
    let source_rate = coin.source_rate(&source_currency);
    let mut op = Operation::new(seq, id.clone(), OpKind::Invoice, coin, now);
    op.amount = amount;
    op.sum = amount;
    op.commission = Some(commission);
    op.commission_percent = app.config.commission_percent;
    op.wallet_hash = Some(addresses::derive(&format!("invoice|{id}"), coin));
    op.expire_at = Some(now + expire_min as i64 * 60);
    op.shop_id = Some(app.config.shop_id.clone());
    op.source_currency = source_currency.clone();
    op.source_rate = source_rate;
    let opt = |k: &str| q.get(k).map(str::to_owned);
    let mut params = Map::new();
    params.insert("order_number".into(), json!(order_number));
    params.insert("order_name".into(), json!(order_name));
    params.insert("description".into(), json!(q.get("description")));
    params.insert("source_amount".into(), json!(money::fmt(source_amount, 2)));
    params.insert("source_currency".into(), json!(source_currency));
    params.insert("source_rate".into(), json!(coin.fmt(source_rate)));
    params.insert("amount".into(), json!(coin.fmt(amount)));
    params.insert("currency".into(), json!(coin.code));
    params.insert("psys_cid".into(), json!(coin.id));
    params.insert("email".into(), json!(email));
    for key in ["plugin", "version", "language"] {
        if let Some(v) = q.get(key) {
            params.insert(key.into(), json!(v));
        }
    }
    op.params = params;
    op.invoice = Some(Box::new(InvoiceData {
        order_name: order_name.to_owned(),
        order_number: order_number.to_owned(),
        description: opt("description"),
        email: email.map(str::to_owned),
        callback_url: opt("callback_url"),
        success_callback_url: opt("success_callback_url"),
        fail_callback_url: opt("fail_callback_url"),
        success_invoice_url: opt("success_invoice_url"),
        fail_invoice_url: opt("fail_invoice_url"),
        source_currency,
        source_amount,
        amount,
        received: Decimal::ZERO,
        commission,
        view_key: hex(&sha256(&format!("view|{}|{id}", app.config.api_key)))[..32].to_owned(),
        allowed,
        credited: Decimal::ZERO,
    }));
    let white_label = st.white_label;
    let answer = if q.flag("redirect_to_invoice") && !white_label {
        Answer::Redirect(crate::operation::invoice_url(&app.root, &id))
    } else {
        Answer::ok(invoice_answer(ctx, &op, white_label))
    };
    st.insert(op);
    Ok(answer)
}

/// The `data` of `invoices/new`: the extended object for white-label shops, else
/// `{txn_id, invoice_url, invoice_total_sum}`.
fn invoice_answer(ctx: &Ctx, op: &Operation, white_label: bool) -> Value {
    let root = &ctx.app.root;
    if white_label {
        let mut obj = op.invoice_object(root);
        let hash = hmac_sha1_hex(&ctx.app.config.api_key, to_text(&Value::Object(obj.clone())).as_bytes());
        obj.insert("verify_hash".into(), json!(hash));
        Value::Object(obj)
    } else {
        let total = op.invoice.as_ref().map(|i| i.amount).unwrap_or(op.amount);
        json!({
            "txn_id": op.id,
            "invoice_url": crate::operation::invoice_url(root, &op.id),
            "invoice_total_sum": op.coin.fmt(total),
        })
    }
}

/// `GET invoices/{id}` (authenticated by `api_key` or the invoice's `view_key`). The invoice-page
/// data is a white-label feature: a shop without it gets the 400 white-label-disabled error.
pub(super) fn get(ctx: &Ctx, id: &str) -> ApiResult {
    let app = ctx.app;
    let st = app.lock();
    check_access(ctx, &st, id)?;
    let op = st.op(id).filter(|op| op.kind == OpKind::Invoice);
    let Some(op) = op else { return Err(ApiError::NotFound) };
    let Some(inv) = &op.invoice else { return Err(ApiError::NotFound) };
    let pct = app.config.commission_percent;
    let fiat = if fiat_per_usd(&inv.source_currency).is_some() { inv.source_currency.as_str() } else { "USD" };
    let mut paysys = op.coin.currency_object(fiat, pct);
    if let Value::Object(m) = &mut paysys {
        m.insert("amount".into(), json!(op.coin.fmt(inv.amount)));
    }
    let allowed: Vec<Value> = if inv.allowed.is_empty() {
        COINS.iter().map(|c| c.currency_object(fiat, pct)).collect()
    } else {
        inv.allowed.iter().map(|c| c.currency_object(fiat, pct)).collect()
    };
    Ok(Answer::ok(json!({
        "invoice": Value::Object(op.invoice_details(&app.root)),
        "active_invoice_id": st.active_invoice(&inv.order_number).map_or(op.id.as_str(), |a| a.id.as_str()),
        "shop": {
            "name": app.config.shop_name,
            "link": app.root,
            "logo": null,
            "successUrl": inv.success_invoice_url,
            "failedUrl": inv.fail_invoice_url,
            "allow_renew": true,
        },
        "paysys": paysys,
        "allowed_psys_cids": allowed,
    })))
}

/// `api_key` or the invoice's `view_key`, and a white-label shop (the invoice page is a WL feature).
fn check_access(ctx: &Ctx, st: &crate::state::State, id: &str) -> Result<(), ApiError> {
    let op = st.op(id).filter(|op| op.kind == OpKind::Invoice);
    let view_key_ok = match (op.and_then(|o| o.invoice.as_ref()), ctx.q.get("view_key")) {
        (Some(inv), Some(vk)) => inv.view_key == vk,
        _ => false,
    };
    if !ctx.has_key() && !view_key_ok {
        return Err(ApiError::Unauthorized);
    }
    if !st.white_label {
        return Err(ApiError::WhiteLabelDisabled);
    }
    Ok(())
}

/// `GET invoices/email/{id}?email=`: sets the payer's e-mail and answers like `invoices/{id}`.
pub(super) fn set_email(ctx: &Ctx, id: &str) -> ApiResult {
    {
        let mut st = ctx.app.lock();
        check_access(ctx, &st, id)?;
        let email = ctx.q.get("email").ok_or_else(|| ApiError::field("email", MISSING))?;
        if !valid_email(email) {
            return Err(ApiError::field("email", "Email is not a valid email address."));
        }
        let op = st.op_mut(id).filter(|op| op.kind == OpKind::Invoice).ok_or(ApiError::NotFound)?;
        let inv = op.invoice.as_mut().ok_or(ApiError::NotFound)?;
        inv.email = Some(email.to_owned());
        op.params.insert("email".into(), json!(email));
    }
    get(ctx, id)
}

/// `GET invoices/switch/{id}?psys_cid=`: the payer picks another coin. Like Plisio, this creates a
/// child invoice in the new coin (same order and fiat amount); the parent becomes
/// `cancelled duplicate`. Answers like `invoices/{id}` for the child.
pub(super) fn switch(ctx: &Ctx, id: &str) -> ApiResult {
    let child_id = {
        let app = ctx.app;
        let mut st = app.lock();
        check_access(ctx, &st, id)?;
        let cid = ctx.q.get("psys_cid").ok_or_else(|| ApiError::field("psys_cid", MISSING))?;
        let coin = coin_param("psys_cid", cid)?;
        let parent = st.op(id).filter(|op| op.kind == OpKind::Invoice).ok_or(ApiError::NotFound)?;
        let inv = parent.invoice.as_ref().ok_or(ApiError::NotFound)?;
        if parent.coin.id == coin.id {
            drop(st);
            return get(ctx, id);
        }
        if parent.status != "new" {
            return Err(ApiError::field("psys_cid", "Only a new invoice can switch its currency"));
        }
        if !inv.allowed.is_empty() && !inv.allowed.iter().any(|c| c.id == coin.id) {
            return Err(ApiError::field("psys_cid", "This currency is not allowed for the invoice"));
        }
        let source_currency = inv.source_currency.clone();
        let price = coin.price_in(&source_currency).ok_or_else(|| ApiError::unsupported("psys_cid", cid))?;
        let amount = money::round(inv.source_amount / price, coin.precision);
        let commission = money::round(amount * app.config.commission_percent / Decimal::ONE_HUNDRED, coin.precision);
        let mut child = parent.clone();
        let now = now_secs();
        let (seq, child_id) = st.next_id(now);
        child.seq = seq;
        child.id = child_id.clone();
        child.coin = coin;
        child.amount = amount;
        child.sum = amount;
        child.commission = Some(commission);
        child.created_at = now;
        child.source_rate = coin.source_rate(&source_currency);
        child.wallet_hash = Some(addresses::derive(&format!("invoice|{child_id}"), coin));
        child.params.insert("amount".into(), json!(coin.fmt(amount)));
        child.params.insert("currency".into(), json!(coin.code));
        child.params.insert("psys_cid".into(), json!(coin.id));
        child.params.insert("source_rate".into(), json!(coin.fmt(child.source_rate)));
        if let Some(ci) = child.invoice.as_mut() {
            ci.amount = amount;
            ci.commission = commission;
            ci.view_key = hex(&sha256(&format!("view|{}|{child_id}", app.config.api_key)))[..32].to_owned();
        }
        if let Some(p) = st.op_mut(id) {
            p.status = "cancelled duplicate".to_owned();
        }
        st.insert(child);
        child_id
    };
    get(ctx, &child_id)
}

fn valid_email(e: &str) -> bool {
    match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !e.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

fn valid_url(u: &str) -> bool {
    url::Url::parse(u).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}
