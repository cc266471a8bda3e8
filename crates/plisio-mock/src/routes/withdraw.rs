//! `operations/withdraw`: cash_out and mass_cash_out (a GET that moves money; answers HTTP 201).

use axum::http::StatusCode;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use super::{Answer, ApiResult, Ctx, coin_param, fee_plan, fee_rate, payouts};
use crate::addresses::tx_hash;
use crate::error::ApiError;
use crate::fees;
use crate::operation::{OpKind, Operation, Tx, withdrawal_params};
use crate::state::now_secs;

const MISSING: &str = "Missing required attribute";

/// `GET operations/withdraw`.
pub(super) fn withdraw(ctx: &Ctx) -> ApiResult {
    ctx.require_key()?;
    let q = ctx.q;
    let mut errors: Vec<(String, String)> = Vec::new();
    // `currency` (docs) and `psys_cid` (swagger, official SDKs) name the same thing.
    let currency = match (q.get("currency"), q.get("psys_cid")) {
        (Some(a), Some(b)) if a != b => {
            return Err(ApiError::field("psys_cid", "psys_cid and currency must name the same cryptocurrency"));
        }
        (a, b) => a.or(b),
    };
    if currency.is_none() {
        errors.push(("currency".into(), MISSING.into()));
    }
    let kind = q.get("type");
    if kind.is_none() {
        errors.push(("type".into(), MISSING.into()));
    }
    let to = q.get("to");
    if to.is_none() {
        errors.push(("to".into(), MISSING.into()));
    }
    let amount = q.get("amount");
    if amount.is_none() {
        errors.push(("amount".into(), MISSING.into()));
    }
    let (Some(currency), Some(kind), Some(to), Some(amount)) = (currency, kind, to, amount) else {
        return Err(ApiError::Validation(errors));
    };
    let coin = coin_param("currency", currency)?;
    let kind = match OpKind::parse(kind) {
        Some(k @ (OpKind::CashOut | OpKind::MassCashOut)) => k,
        _ => return Err(ApiError::field("type", "Type must be cash_out or mass_cash_out")),
    };
    if kind == OpKind::CashOut && (to.contains(',') || amount.contains(',')) {
        let field = if to.contains(',') { "to" } else { "amount" };
        let msg = if field == "to" { "Invalid address" } else { "Invalid amount" };
        return Err(ApiError::field(field, msg));
    }
    let outputs = payouts(coin, to, amount, "to", "amount", &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let plan = fee_plan(q, coin)?;
    let custom = fee_rate(q)?;
    let quote = fees::quote(coin, plan, outputs.len(), custom).map_err(|_| ApiError::field("feePlan", "Invalid fee plan"))?;
    let total: Decimal = outputs.iter().map(|(_, v)| *v).sum();
    let debit = total + quote.value;

    let app = ctx.app;
    let mut st = app.lock();
    if st.balance(coin) < debit {
        return Err(ApiError::InsufficientFunds);
    }
    st.credit(coin, -debit);
    let now = now_secs();
    let (seq, id) = st.next_id(now);
    let txid = tx_hash(&id, coin);
    let url = coin.tx_url(&txid);
    let mut op = Operation::new(seq, id.clone(), kind, coin, now);
    op.status = "completed".into();
    op.amount = total;
    op.sum = debit;
    op.fee = Some(quote.value);
    op.commission = Some(Decimal::ZERO);
    op.finished_at = Some(now);
    op.confirmations = 0;
    op.txs = outputs
        .iter()
        .take(1)
        .map(|(to, _)| Tx { txid: txid.clone(), url: url.clone(), value: total, to: to.clone(), confirmations: 0, block: 0 })
        .collect();
    op.params = withdrawal_params(coin, &quote, op.source_rate);
    if kind == OpKind::CashOut {
        op.wallet_hash = outputs.first().map(|(a, _)| a.clone());
    } else {
        op.sendmany = Some(outputs.clone());
    }
    op.fee_quote = Some(quote);

    let mut data = Map::new();
    data.insert("type".into(), json!(kind.as_str()));
    data.insert("status".into(), json!(op.status));
    data.insert("psys_cid".into(), json!(coin.id));
    data.insert("currency".into(), json!(coin.code));
    data.insert("source_currency".into(), json!("USD"));
    data.insert("source_rate".into(), json!(coin.fmt(op.source_rate)));
    data.insert("fee".into(), json!(coin.fmt(op.fee.unwrap_or_default())));
    match &op.sendmany {
        Some(pairs) => {
            let map: Map<String, Value> = pairs.iter().map(|(a, v)| (a.clone(), json!(coin.fmt(*v)))).collect();
            data.insert("sendmany".into(), Value::Object(map));
        }
        None => {
            data.insert("wallet_hash".into(), json!(op.wallet_hash));
        }
    }
    data.insert("params".into(), Value::Object(op.params.clone()));
    data.insert("created_at_utc".into(), json!(now));
    data.insert("amount".into(), json!(coin.fmt(total)));
    data.insert("tx_url".into(), json!(url));
    data.insert("tx_id".into(), json!([txid]));
    data.insert("id".into(), json!(id));
    data.insert("txn_id".into(), json!(id));
    st.insert(op);
    Ok(Answer::Data(StatusCode::CREATED, Value::Object(data)))
}
