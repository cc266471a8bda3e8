//! `operations` (paginated, Yii2 HATEOAS links echoing the query, `api_key` included) and
//! `operations/{id}`.

use serde_json::{Map, Value, json};

use super::{Answer, ApiResult, Ctx, coin_param, int_param};
use crate::error::ApiError;
use crate::operation::{OpKind, Operation};

/// Default and maximum page size.
const DEFAULT_LIMIT: u64 = 10;
const MAX_LIMIT: u64 = 100;

/// `GET operations`.
pub(super) fn list(ctx: &Ctx) -> ApiResult {
    ctx.require_key()?;
    let q = ctx.q;
    let page = int_param(q, "page", 1, 1..=u32::MAX as u64)?;
    // `limit` is documented; `per-page` is what the `_links` use (Yii2); `page_size` is in the intro page.
    let limit_key = ["limit", "per-page", "page_size"].into_iter().find(|k| q.get(k).is_some()).unwrap_or("limit");
    let limit = int_param(q, limit_key, DEFAULT_LIMIT, 1..=MAX_LIMIT)?;
    let kind = match q.get("type") {
        Some(t) => Some(OpKind::parse(t).ok_or_else(|| ApiError::field("type", "Invalid operation type"))?),
        None => None,
    };
    let coin = match q.get("currency") {
        Some(c) => Some(coin_param("currency", c)?),
        None => None,
    };
    let status = q.get("status");
    let shop_id = q.get("shop_id");
    let search = q.get("search");

    let st = ctx.app.lock();
    let mut matching: Vec<&Operation> = st
        .operations
        .iter()
        .filter(|op| kind.is_none_or(|k| op.kind == k))
        .filter(|op| coin.is_none_or(|c| op.coin.id == c.id))
        .filter(|op| status.is_none_or(|s| op.status == s))
        .filter(|op| shop_id.is_none_or(|s| op.shop_id.as_deref() == Some(s)))
        .filter(|op| search.is_none_or(|s| op.matches_search(s)))
        .collect();
    matching.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.seq.cmp(&a.seq)));

    let total = matching.len() as u64;
    let page_count = total.div_ceil(limit);
    let start = (page - 1).saturating_mul(limit);
    let items: Vec<Value> = matching
        .iter()
        .skip(usize::try_from(start).unwrap_or(usize::MAX))
        .take(limit as usize)
        .map(|op| op.list_json(&ctx.app.root))
        .collect();

    // Yii2 Pagination::getLinks: self always; first/last (and prev/next when they exist) when there are pages.
    let link = |p: u64| json!({"href": page_href(ctx, p, limit)});
    let mut links = Map::new();
    links.insert("self".into(), link(page));
    if page_count > 0 {
        links.insert("first".into(), link(1));
        links.insert("last".into(), link(page_count));
        if page > 1 {
            links.insert("prev".into(), link(page - 1));
        }
        if page < page_count {
            links.insert("next".into(), link(page + 1));
        }
    }
    Ok(Answer::ok(json!({
        "operations": items,
        "_links": links,
        "_meta": {"totalCount": total, "pageCount": page_count, "currentPage": page, "perPage": limit},
    })))
}

/// The absolute URL of page `page`: the request's own query (with `api_key`, as the real API echoes
/// it) with `page` and `per-page` replaced in place or appended, like Yii2's `Pagination::createUrl`.
fn page_href(ctx: &Ctx, page: u64, limit: u64) -> String {
    let mut pairs: Vec<(String, String)> = ctx.q.pairs().to_vec();
    for (key, value) in [("page", page), ("per-page", limit)] {
        match pairs.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = value.to_string(),
            None => pairs.push((key.to_owned(), value.to_string())),
        }
    }
    // PHP arrays keep one entry per key (the last value wins, in the first position).
    let mut unique: Vec<(String, String)> = Vec::new();
    for (k, v) in pairs {
        match unique.iter_mut().find(|(uk, _)| *uk == k) {
            Some(existing) => existing.1 = v,
            None => unique.push((k, v)),
        }
    }
    let mut ser = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &unique {
        ser.append_pair(k, v);
    }
    format!("{}/api/v1/operations?{}", ctx.app.root, ser.finish())
}

/// `GET operations/{id}`.
pub(super) fn get(ctx: &Ctx, id: &str) -> ApiResult {
    ctx.require_key()?;
    let st = ctx.app.lock();
    let op = st.op(id).ok_or(ApiError::NotFound)?;
    Ok(Answer::ok(op.detail_json(&ctx.app.root)))
}
