//! The endpoints, grouped as in the API: `client.operations()`, `client.withdrawals()`, …

use std::collections::{HashSet, VecDeque};

use futures_core::Stream;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::client::{Client, Request};
use crate::error::{Error, Result};
use crate::models::{
    self, Balance, Commission, Currency, Deposit, DepositsPage, FeeEstimate, FeePlans, Invoice, InvoiceDetails, Operation, OperationsPage,
    PageLinks, PageMeta, Payout, Shop, Withdrawal,
};
use crate::money::format_amount;
use crate::redact::strip_secret_params;
use crate::retry::CallKind;
use crate::types::{FeePlan, OperationType, Status};
use crate::validate;

/// Filters and paging for `operations`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperationsQuery {
    /// Page number (1-based).
    pub page: Option<u32>,
    /// Page size (1–100).
    pub limit: Option<u32>,
    /// Operation type.
    pub r#type: Option<OperationType>,
    /// Status.
    pub status: Option<Status>,
    /// Coin ID.
    pub currency: Option<String>,
    /// Shop ID.
    pub shop_id: Option<String>,
    /// Text search: transaction id, invoice order number or customer e-mail.
    pub search: Option<String>,
}

impl OperationsQuery {
    fn params(&self) -> Result<Vec<(&'static str, String)>> {
        let mut p = Vec::new();
        if let Some(page) = self.page {
            validate::page(page)?;
            p.push(("page", page.to_string()));
        }
        if let Some(limit) = self.limit {
            validate::limit(limit)?;
            p.push(("limit", limit.to_string()));
        }
        if let Some(t) = &self.r#type {
            validate::required_text("type", t.as_str())?;
            p.push(("type", t.as_str().to_owned()));
        }
        if let Some(s) = &self.status {
            validate::required_text("status", s.as_str())?;
            p.push(("status", s.as_str().to_owned()));
        }
        if let Some(c) = &self.currency {
            validate::currency("currency", c)?;
            p.push(("currency", c.clone()));
        }
        if let Some(s) = &self.shop_id {
            validate::identifier("shop_id", s)?;
            p.push(("shop_id", s.clone()));
        }
        if let Some(s) = &self.search {
            validate::required_text("search", s)?;
            p.push(("search", s.clone()));
        }
        Ok(p)
    }
}

/// Operations (transactions): list, details, auto-pagination.
#[derive(Clone, Copy, Debug)]
pub struct Operations<'a>(pub(crate) &'a Client);

#[derive(Deserialize)]
struct PageData<'a> {
    #[serde(default)]
    operations: OpsList,
    #[serde(default, rename = "_meta")]
    meta: Option<PageMeta>,
    #[serde(borrow, default, rename = "_links")]
    links: Option<&'a RawValue>,
}

/// The `operations` member, decoded in the same pass as the page: a list, an object keyed by index
/// (PHP's serialisation of a list with holes), or null.
#[derive(Default)]
struct OpsList(Vec<Operation>);

impl<'de> Deserialize<'de> for OpsList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OpsList;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of operations")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<OpsList, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(16));
                while let Some(raw) = seq.next_element::<&'de RawValue>()? {
                    out.push(models::decode(raw).map_err(serde::de::Error::custom)?);
                }
                Ok(OpsList(out))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<OpsList, A::Error> {
                let mut out = Vec::new();
                while let Some((_, raw)) = map.next_entry::<serde::de::IgnoredAny, &'de RawValue>()? {
                    out.push(models::decode(raw).map_err(serde::de::Error::custom)?);
                }
                Ok(OpsList(out))
            }
            fn visit_unit<E>(self) -> std::result::Result<OpsList, E> {
                Ok(OpsList::default())
            }
        }
        d.deserialize_any(V)
    }
}

fn decode_links(raw: Option<&RawValue>) -> PageLinks {
    #[derive(Deserialize)]
    struct Href {
        #[serde(default, deserialize_with = "crate::de::opt_text")]
        href: Option<String>,
    }
    let map: std::collections::HashMap<String, Href> = raw.and_then(|r| serde_json::from_str(r.get()).ok()).unwrap_or_default();
    let get = |k: &str| map.get(k).and_then(|h| h.href.as_deref()).map(|h| strip_secret_params(&h.replace(['\n', '\r'], "")));
    PageLinks { self_: get("self"), first: get("first"), prev: get("prev"), next: get("next"), last: get("last") }
}

/// Decode the `data` of an `operations` answer (exposed for benchmarks and conformance tests).
pub fn decode_operations_page(data: &RawValue) -> std::result::Result<OperationsPage, serde_json::Error> {
    let text = data.get().trim_start();
    if text.starts_with('[') {
        // Some generated clients model `data` as the bare list.
        let ops: Vec<&RawValue> = serde_json::from_str(data.get())?;
        let operations = ops.into_iter().map(models::decode).collect::<std::result::Result<Vec<Operation>, _>>()?;
        let n = operations.len() as u64;
        return Ok(OperationsPage {
            operations,
            meta: PageMeta { total_count: n, page_count: 1, current_page: 1, per_page: n },
            links: PageLinks::default(),
        });
    }
    let page: PageData<'_> = serde_json::from_str(data.get())?;
    let operations = page.operations.0;
    Ok(OperationsPage { operations, meta: page.meta.unwrap_or_default(), links: decode_links(page.links) })
}

/// Decode a complete Plisio response body (envelope included) of `operations` — for benchmarks and tools.
pub fn decode_operations_body(body: &[u8]) -> std::result::Result<OperationsPage, serde_json::Error> {
    #[derive(Deserialize)]
    struct Env<'a> {
        #[serde(borrow)]
        data: &'a RawValue,
    }
    let env: Env<'_> = serde_json::from_slice(body)?;
    decode_operations_page(env.data)
}

impl Operations<'_> {
    /// One page of operations.
    pub async fn list(self, query: &OperationsQuery) -> Result<OperationsPage> {
        let params = query.params()?;
        let answer = self.0.send(Request { endpoint: "operations", path: "operations".into(), params, kind: CallKind::Read }).await?;
        answer.decode(self.0, decode_operations_page)
    }

    /// Details of one operation.
    pub async fn get(self, id: &str) -> Result<Operation> {
        validate::identifier("id", id)?;
        let answer = self
            .0
            .send(Request { endpoint: "operations/{id}", path: format!("operations/{id}"), params: Vec::new(), kind: CallKind::Read })
            .await?;
        answer.decode(self.0, models::decode)
    }

    /// Every page from `query.page` (default 1) to the last, lazily.
    pub fn pages(self, query: OperationsQuery) -> impl Stream<Item = Result<OperationsPage>> + Send + 'static {
        let client = self.0.clone();
        let first = query.page.unwrap_or(1);
        futures_util::stream::unfold(Some((client, query, first)), |state| async move {
            let (client, mut query, page) = state?;
            query.page = Some(page);
            match client.operations().list(&query).await {
                Ok(p) => {
                    let next = if p.operations.is_empty() { None } else { p.next_page() };
                    let next_state = next.and_then(|n| u32::try_from(n).ok()).filter(|n| *n > page).map(|n| (client, query, n));
                    Some((Ok(p), next_state))
                }
                Err(e) => Some((Err(e), None)),
            }
        })
    }

    /// Every operation matching `query`, following pages lazily. Operations that reappear on a later
    /// page (because new ones were inserted meanwhile) are yielded once. Ends after the first error.
    pub fn stream(self, query: OperationsQuery) -> impl Stream<Item = Result<Operation>> + Send + 'static {
        use futures_util::StreamExt;
        let pages = Box::pin(self.pages(query));
        futures_util::stream::unfold(
            (pages, VecDeque::<Operation>::new(), HashSet::<String>::new(), false),
            |(mut pages, mut buf, mut seen, done)| async move {
                loop {
                    if let Some(op) = buf.pop_front() {
                        return Some((Ok(op), (pages, buf, seen, done)));
                    }
                    if done {
                        return None;
                    }
                    match pages.next().await {
                        None => return None,
                        Some(Err(e)) => return Some((Err(e), (pages, buf, seen, true))),
                        Some(Ok(page)) => buf.extend(page.operations.into_iter().filter(|op| seen.insert(op.id.clone()))),
                    }
                }
            },
        )
    }
}

/// A withdrawal to one address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CashOut {
    /// Coin ID (`currency` on the wire).
    pub currency: String,
    /// Destination address.
    pub to: String,
    /// Exact amount.
    pub amount: Decimal,
    /// Fee plan (`feePlan`), Plisio's default when `None`.
    pub fee_plan: Option<FeePlan>,
}

/// A withdrawal to several addresses in one transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MassCashOut {
    /// Coin ID.
    pub currency: String,
    /// Destinations, in order. Each address at most once.
    pub payouts: Vec<Payout>,
    /// Fee plan.
    pub fee_plan: Option<FeePlan>,
}

impl CashOut {
    /// Build from text input (as the language bindings and the CLI receive it). The amount must be a
    /// plain decimal string; errors name the field (`currency`, `to`, `amount`, `fee_plan`).
    pub fn parse(currency: &str, to: &str, amount: &str, fee_plan: Option<&str>) -> Result<CashOut> {
        validate::currency("currency", currency)?;
        validate::address("to", to)?;
        Ok(CashOut {
            currency: currency.to_owned(),
            to: to.to_owned(),
            amount: crate::money::parse_amount("amount", amount)?,
            fee_plan: parse_fee_plan(fee_plan)?,
        })
    }
}

/// Parse an optional fee plan name (open set; must be a plain identifier).
pub fn parse_fee_plan(fee_plan: Option<&str>) -> Result<Option<FeePlan>> {
    match fee_plan {
        None => Ok(None),
        Some(p) => {
            validate::identifier("fee_plan", p)?;
            Ok(Some(FeePlan::from(p)))
        }
    }
}

/// Parse `(address, amount)` text pairs into payouts; errors name `payouts[i].to` / `payouts[i].amount`.
pub fn parse_payouts<A: AsRef<str>, B: AsRef<str>>(pairs: &[(A, B)]) -> Result<Vec<Payout>> {
    if pairs.is_empty() {
        return Err(Error::invalid("payouts", "at least one payout is required"));
    }
    pairs
        .iter()
        .enumerate()
        .map(|(i, (to, amount))| {
            validate::address(&format!("payouts[{i}].to"), to.as_ref())?;
            Ok(Payout { to: to.as_ref().to_owned(), amount: crate::money::parse_amount(&format!("payouts[{i}].amount"), amount.as_ref())? })
        })
        .collect()
}

impl MassCashOut {
    /// Build from text input: `(address, amount)` pairs.
    pub fn parse<A: AsRef<str>, B: AsRef<str>>(currency: &str, payouts: &[(A, B)], fee_plan: Option<&str>) -> Result<MassCashOut> {
        validate::currency("currency", currency)?;
        Ok(MassCashOut { currency: currency.to_owned(), payouts: parse_payouts(payouts)?, fee_plan: parse_fee_plan(fee_plan)? })
    }

    /// Build from parallel lists of addresses and amounts (their lengths must match).
    pub fn from_lists(
        currency: impl Into<String>,
        to: Vec<String>,
        amounts: Vec<Decimal>,
        fee_plan: Option<FeePlan>,
    ) -> Result<MassCashOut> {
        if to.len() != amounts.len() {
            return Err(Error::invalid(
                "amount",
                format!("{} addresses but {} amounts; every address needs exactly one amount", to.len(), amounts.len()),
            ));
        }
        Ok(MassCashOut {
            currency: currency.into(),
            payouts: to.into_iter().zip(amounts).map(|(to, amount)| Payout { to, amount }).collect(),
            fee_plan,
        })
    }
}

/// Validate payouts and join them as Plisio wants: (`to`, `amount`) comma lists.
/// `indexed` names fields `payouts[i].to`; otherwise plain `to` (single cash-out).
pub(crate) fn join_payouts(payouts: &[Payout], indexed: bool) -> Result<(String, String)> {
    if payouts.is_empty() {
        return Err(Error::invalid("payouts", "at least one payout is required"));
    }
    let mut seen = std::collections::HashMap::new();
    let name = |base: &str, i: usize| if indexed { format!("payouts[{i}].{base}") } else { base.to_owned() };
    let (to_field, amount_field) = ("to", "amount");
    for (i, p) in payouts.iter().enumerate() {
        validate::address(&name(to_field, i), &p.to)?;
        validate::amount(&name(amount_field, i), p.amount)?;
        if let Some(first) = seen.insert(p.to.as_str(), i) {
            return Err(Error::invalid(
                name(to_field, i),
                format!("address {} appears twice (payouts[{first}] and payouts[{i}]); merge them into one payout", p.to),
            ));
        }
    }
    let to = payouts.iter().map(|p| p.to.as_str()).collect::<Vec<_>>().join(",");
    let amounts = payouts.iter().map(|p| format_amount(p.amount)).collect::<Vec<_>>().join(",");
    Ok((to, amounts))
}

/// Withdrawals (`operations/withdraw`): they move money, are sent at most once, never retried.
///
/// Before anything is sent, every destination is checked for its chain (checksums, network, length:
/// see [`crate::address`]); a mistyped address is `Error::InvalidInput` naming the field. Use
/// [`Withdrawals::without_address_check`] only for addresses the checks cannot know.
#[derive(Clone, Copy, Debug)]
pub struct Withdrawals<'a> {
    client: &'a Client,
    check_addresses: bool,
}

impl Withdrawals<'_> {
    /// The same calls without the destination-address checks (structural checks still apply).
    pub fn without_address_check(self) -> Self {
        Withdrawals { check_addresses: false, ..self }
    }

    /// Send `amount` of `currency` to one address. Answers with the created operation (HTTP 201).
    ///
    /// On [`Error::OutcomeUnknown`] the withdrawal may have happened: look it up with
    /// `operations().list(&OperationsQuery { r#type: Some(OperationType::CashOut), search: Some(to), .. })`
    /// before retrying.
    pub async fn cash_out(self, req: &CashOut) -> Result<Withdrawal> {
        validate::currency("currency", &req.currency)?;
        let payout = Payout { to: req.to.clone(), amount: req.amount };
        let (to, amount) = join_payouts(std::slice::from_ref(&payout), false)?;
        if self.check_addresses {
            crate::address::validate_field("to", &req.currency, &req.to)?;
        }
        self.send("cash_out", &req.currency, to, amount, req.fee_plan.as_ref()).await
    }

    /// Send to several addresses at once (`mass_cash_out`).
    pub async fn mass_cash_out(self, req: &MassCashOut) -> Result<Withdrawal> {
        validate::currency("currency", &req.currency)?;
        let (to, amount) = join_payouts(&req.payouts, true)?;
        if self.check_addresses {
            for (i, p) in req.payouts.iter().enumerate() {
                crate::address::validate_field(&format!("payouts[{i}].to"), &req.currency, &p.to)?;
            }
        }
        self.send("mass_cash_out", &req.currency, to, amount, req.fee_plan.as_ref()).await
    }

    async fn send(self, kind: &str, currency: &str, to: String, amount: String, fee_plan: Option<&FeePlan>) -> Result<Withdrawal> {
        let mut params = vec![("currency", currency.to_owned()), ("type", kind.to_owned()), ("to", to), ("amount", amount)];
        if let Some(plan) = fee_plan {
            validate::identifier("fee_plan", plan.as_str())?;
            params.push(("feePlan", plan.as_str().to_owned()));
        }
        let client = self.client;
        let answer = client
            .send(Request { endpoint: "operations/withdraw", path: "operations/withdraw".into(), params, kind: CallKind::MoneyMoving })
            .await?;
        answer.decode(client, models::decode)
    }
}

/// Filters and paging for the deposit list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DepositsQuery {
    /// Your user identifier.
    pub uid: Option<String>,
    /// Coin IDs.
    pub currencies: Vec<String>,
    /// Page number (default 1).
    pub page: Option<u32>,
    /// Page size (default 20).
    pub limit: Option<u32>,
}

/// White-label deposit addresses (`shop/deposit/new`, `shop/deposit`).
#[derive(Clone, Copy, Debug)]
pub struct Deposits<'a>(pub(crate) &'a Client);

fn join_currencies(field: &str, currencies: &[impl AsRef<str>]) -> Result<String> {
    let mut out: Vec<&str> = Vec::with_capacity(currencies.len());
    for (i, c) in currencies.iter().enumerate() {
        let c = c.as_ref();
        validate::currency(&if currencies.len() > 1 { format!("{field}[{i}]") } else { field.to_owned() }, c)?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(out.join(","))
}

impl Deposits<'_> {
    /// Get (or create) the permanent deposit address of user `uid` for each coin. One element per coin,
    /// in the order Plisio answers (it answers an object for one coin and an array for several).
    pub async fn create(self, uid: &str, currencies: &[impl AsRef<str>]) -> Result<Vec<Deposit>> {
        validate::uid(uid)?;
        if currencies.is_empty() {
            return Err(Error::invalid("currencies", "at least one currency is required"));
        }
        let psys = join_currencies("currencies", currencies)?;
        let params = vec![("psys_cid", psys), ("uid", uid.to_owned())];
        let answer = self.send_with_fallback("shop/deposit/new", "deposit/new", params).await?;
        answer.decode(self.0, models::decode_one_or_many)
    }

    /// One page of deposit addresses.
    pub async fn list(self, query: &DepositsQuery) -> Result<DepositsPage> {
        let mut params = Vec::new();
        if let Some(uid) = &query.uid {
            validate::uid(uid)?;
            params.push(("uid", uid.clone()));
        }
        if !query.currencies.is_empty() {
            params.push(("psys_cid", join_currencies("currencies", &query.currencies)?));
        }
        let page = query.page.unwrap_or(1);
        validate::page(page)?;
        let limit = query.limit.unwrap_or(20);
        validate::limit(limit)?;
        params.push(("page", page.to_string()));
        params.push(("limit", limit.to_string()));
        let answer = self.send_with_fallback("shop/deposit", "deposit", params).await?;
        let deposits = answer.decode(self.0, |data| {
            let text = data.get().trim_start();
            if text.starts_with('[') || text.starts_with('{') && !text.starts_with("{}") {
                // A Yii2-style page object is accepted too: {"deposits"|"items": [...]}.
                if text.starts_with('{') {
                    #[derive(Deserialize)]
                    struct Wrapped<'a> {
                        #[serde(borrow, alias = "items", alias = "deposits")]
                        data: Option<&'a RawValue>,
                    }
                    if let Ok(Wrapped { data: Some(inner) }) = serde_json::from_str::<Wrapped<'_>>(data.get()) {
                        return models::decode_one_or_many(inner);
                    }
                }
                models::decode_one_or_many(data)
            } else {
                Ok(Vec::new())
            }
        })?;
        Ok(DepositsPage { deposits, page, limit })
    }

    /// Every deposit matching `query`, following pages lazily until a short page.
    pub fn stream(self, query: DepositsQuery) -> impl Stream<Item = Result<Deposit>> + Send + 'static {
        let client = self.0.clone();
        let first = query.page.unwrap_or(1);
        futures_util::stream::unfold((Some((client, query, first)), VecDeque::<Deposit>::new()), |(state, mut buf)| async move {
            if let Some(d) = buf.pop_front() {
                return Some((Ok(d), (state, buf)));
            }
            let (client, mut query, page) = state?;
            query.page = Some(page);
            match client.deposits().list(&query).await {
                Ok(p) => {
                    let next = if p.has_more() { Some((client, query, page + 1)) } else { None };
                    buf.extend(p.deposits);
                    let d = buf.pop_front()?;
                    Some((Ok(d), (next, buf)))
                }
                Err(e) => Some((Err(e), (None, buf))),
            }
        })
    }

    async fn send_with_fallback(
        self,
        endpoint: &'static str,
        suffix: &str,
        params: Vec<(&'static str, String)>,
    ) -> Result<crate::client::Answer> {
        let prefixes = &self.0.inner.deposit_prefixes;
        let mut last = None;
        for (i, prefix) in prefixes.iter().enumerate() {
            let req = Request { endpoint, path: format!("{prefix}/{suffix}"), params: params.clone(), kind: CallKind::Read };
            match self.0.send(req).await {
                Err(Error::NotFound(d)) if d.http_status == 404 && i + 1 < prefixes.len() => {
                    tracing::debug!(prefix, "deposit route not found, trying the other spelling");
                    last = Some(Error::NotFound(d));
                }
                other => return other,
            }
        }
        Err(last.unwrap_or_else(|| Error::Configuration { message: "no deposit path prefix configured".into() }))
    }
}

/// A new invoice. Either `amount` (in the coin) or `source_currency` + `source_amount` (fiat).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewInvoice {
    /// Merchant order name (required).
    pub order_name: String,
    /// Merchant order number, unique per shop (required).
    pub order_number: String,
    /// Coin ID; Plisio picks one of the shop's active coins when `None`.
    pub currency: Option<String>,
    /// Amount in the coin.
    pub amount: Option<Decimal>,
    /// Fiat currency of `source_amount`.
    pub source_currency: Option<String>,
    /// Amount in fiat.
    pub source_amount: Option<Decimal>,
    /// Coins the payer may choose from.
    pub allowed_psys_cids: Vec<String>,
    /// Description.
    pub description: Option<String>,
    /// Status callback URL (append `json=true` to its query for JSON callbacks).
    pub callback_url: Option<String>,
    /// Success callback URL.
    pub success_callback_url: Option<String>,
    /// Failure callback URL.
    pub fail_callback_url: Option<String>,
    /// "To the site" link on a paid invoice.
    pub success_invoice_url: Option<String>,
    /// "To the site" link on an unpaid invoice.
    pub fail_invoice_url: Option<String>,
    /// Payer e-mail.
    pub email: Option<String>,
    /// Interface language (`en_US`).
    pub language: Option<String>,
    /// Integration name.
    pub plugin: Option<String>,
    /// Integration version.
    pub version: Option<String>,
    /// Minutes until expiry.
    pub expire_min: Option<u32>,
    /// Return the existing invoice for a duplicate `order_number` instead of an error.
    pub return_existing: bool,
}

impl NewInvoice {
    fn params(&self) -> Result<Vec<(&'static str, String)>> {
        validate::required_text("order_name", &self.order_name)?;
        validate::required_text("order_number", &self.order_number)?;
        let mut p = vec![("order_name", self.order_name.clone()), ("order_number", self.order_number.clone())];
        if let Some(c) = &self.currency {
            validate::currency("currency", c)?;
            p.push(("currency", c.clone()));
        }
        match (&self.amount, &self.source_currency, &self.source_amount) {
            (Some(a), None, None) => {
                validate::amount("amount", *a)?;
                p.push(("amount", format_amount(*a)));
            }
            (None, Some(cur), Some(a)) => {
                validate::identifier("source_currency", cur)?;
                validate::amount("source_amount", *a)?;
                p.push(("source_currency", cur.clone()));
                p.push(("source_amount", format_amount(*a)));
            }
            (Some(_), _, _) => return Err(Error::invalid("amount", "give either amount, or source_currency with source_amount, not both")),
            (None, Some(_), None) => return Err(Error::invalid("source_amount", "source_amount is required with source_currency")),
            (None, None, Some(_)) => return Err(Error::invalid("source_currency", "source_currency is required with source_amount")),
            (None, None, None) => return Err(Error::invalid("amount", "give amount, or source_currency with source_amount")),
        }
        if !self.allowed_psys_cids.is_empty() {
            p.push(("allowed_psys_cids", join_currencies("allowed_psys_cids", &self.allowed_psys_cids)?));
        }
        let urls = [
            ("callback_url", &self.callback_url),
            ("success_callback_url", &self.success_callback_url),
            ("fail_callback_url", &self.fail_callback_url),
            ("success_invoice_url", &self.success_invoice_url),
            ("fail_invoice_url", &self.fail_invoice_url),
        ];
        for (name, value) in urls {
            if let Some(v) = value {
                validate::http_url(name, v)?;
                p.push((name, v.clone()));
            }
        }
        if let Some(e) = &self.email {
            if !e.contains('@') || e.chars().any(char::is_whitespace) {
                return Err(Error::invalid("email", format!("{e:?} is not an e-mail address")));
            }
            p.push(("email", e.clone()));
        }
        for (name, value) in
            [("description", &self.description), ("language", &self.language), ("plugin", &self.plugin), ("version", &self.version)]
        {
            if let Some(v) = value {
                p.push((name, v.clone()));
            }
        }
        if let Some(m) = self.expire_min {
            if m == 0 {
                return Err(Error::invalid("expire_min", "must be at least 1 minute"));
            }
            p.push(("expire_min", m.to_string()));
        }
        if self.return_existing {
            p.push(("return_existing", "1".into()));
        }
        Ok(p)
    }
}

/// Invoices.
#[derive(Clone, Copy, Debug)]
pub struct Invoices<'a>(pub(crate) &'a Client);

impl Invoices<'_> {
    /// Create an invoice. Never retried once sent (a retry could bill twice); a timeout is
    /// [`Error::OutcomeUnknown`]: search the operations by `order_number`, or resend with
    /// `return_existing = true`.
    pub async fn create(self, invoice: &NewInvoice) -> Result<Invoice> {
        let params = invoice.params()?;
        let answer =
            self.0.send(Request { endpoint: "invoices/new", path: "invoices/new".into(), params, kind: CallKind::MoneyMoving }).await?;
        answer.decode(self.0, models::decode)
    }

    /// Set the payer's e-mail on an invoice (`invoices/email/{id}`); answers the invoice details.
    pub async fn set_email(self, id: &str, email: &str) -> Result<InvoiceDetails> {
        validate::identifier("id", id)?;
        if !email.contains('@') || email.chars().any(char::is_whitespace) {
            return Err(Error::invalid("email", format!("{email:?} is not an e-mail address")));
        }
        let params = vec![("email", email.to_owned())];
        let answer = self
            .0
            .send(Request { endpoint: "invoices/email/{id}", path: format!("invoices/email/{id}"), params, kind: CallKind::Read })
            .await?;
        answer.decode(self.0, models::decode)
    }

    /// Switch the coin the payer pays with (`invoices/switch/{id}`). Plisio creates a child invoice
    /// (see `active_invoice_id`), so this call is not retried once sent.
    pub async fn switch_currency(self, id: &str, currency: &str) -> Result<InvoiceDetails> {
        validate::identifier("id", id)?;
        validate::currency("currency", currency)?;
        let params = vec![("psys_cid", currency.to_owned())];
        let answer = self
            .0
            .send(Request { endpoint: "invoices/switch/{id}", path: format!("invoices/switch/{id}"), params, kind: CallKind::MoneyMoving })
            .await?;
        answer.decode(self.0, models::decode)
    }

    /// Invoice details.
    pub async fn get(self, id: &str) -> Result<InvoiceDetails> {
        validate::identifier("id", id)?;
        let answer = self
            .0
            .send(Request { endpoint: "invoices/{id}", path: format!("invoices/{id}"), params: Vec::new(), kind: CallKind::Read })
            .await?;
        answer.decode(self.0, models::decode)
    }
}

/// Balances.
#[derive(Clone, Copy, Debug)]
pub struct Balances<'a>(pub(crate) &'a Client);

impl Balances<'_> {
    /// The balance of one coin.
    pub async fn get(self, currency: &str) -> Result<Balance> {
        validate::currency("currency", currency)?;
        let answer = self
            .0
            .send(Request {
                endpoint: "balances/{psys_cid}",
                path: format!("balances/{currency}"),
                params: Vec::new(),
                kind: CallKind::Read,
            })
            .await?;
        let all: Vec<Balance> = answer.decode(self.0, models::decode_one_or_many)?;
        let mut pick = all.iter().position(|b| b.psys_cid.as_deref() == Some(currency)).unwrap_or(0);
        if pick >= all.len() {
            pick = 0;
        }
        let mut balance = all.into_iter().nth(pick).ok_or_else(|| Error::Decode {
            endpoint: "balances/{psys_cid}".into(),
            http_status: 200,
            message: "no balance in the answer".into(),
            snippet: String::new(),
        })?;
        if balance.psys_cid.is_none() {
            balance.psys_cid = Some(currency.to_owned());
        }
        Ok(balance)
    }
}

/// A fee estimate request: where the money would go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeeEstimateRequest {
    /// Coin ID.
    pub currency: String,
    /// Destinations and amounts.
    pub payouts: Vec<Payout>,
    /// Fee plan.
    pub fee_plan: Option<FeePlan>,
}

/// A commission estimate request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommissionRequest {
    /// Coin ID.
    pub currency: String,
    /// Destinations and amounts (optional).
    pub payouts: Vec<Payout>,
    /// Operation type.
    pub r#type: Option<OperationType>,
    /// Fee plan.
    pub fee_plan: Option<FeePlan>,
}

/// Fees and commissions.
#[derive(Clone, Copy, Debug)]
pub struct Fees<'a>(pub(crate) &'a Client);

impl Fees<'_> {
    /// Network fee for sending `payouts` (`operations/fee/{psys_cid}`).
    pub async fn estimate(self, req: &FeeEstimateRequest) -> Result<FeeEstimate> {
        validate::currency("currency", &req.currency)?;
        let (addresses, amounts) = join_payouts(&req.payouts, true)?;
        let mut params = vec![("addresses", addresses), ("amounts", amounts)];
        if let Some(plan) = &req.fee_plan {
            validate::identifier("fee_plan", plan.as_str())?;
            params.push(("feePlan", plan.as_str().to_owned()));
        }
        let c = &req.currency;
        let answer = self
            .0
            .send(Request { endpoint: "operations/fee/{psys_cid}", path: format!("operations/fee/{c}"), params, kind: CallKind::Read })
            .await?;
        answer.decode(self.0, models::decode)
    }

    /// Fee plus Plisio commission (`operations/commission/{psys_cid}`).
    pub async fn commission(self, req: &CommissionRequest) -> Result<Commission> {
        validate::currency("currency", &req.currency)?;
        let mut params = Vec::new();
        if !req.payouts.is_empty() {
            let (addresses, amounts) = join_payouts(&req.payouts, true)?;
            params.push(("addresses", addresses));
            params.push(("amounts", amounts));
        }
        if let Some(t) = &req.r#type {
            params.push(("type", t.as_str().to_owned()));
        }
        if let Some(plan) = &req.fee_plan {
            validate::identifier("fee_plan", plan.as_str())?;
            params.push(("feePlan", plan.as_str().to_owned()));
        }
        let c = &req.currency;
        let answer = self
            .0
            .send(Request {
                endpoint: "operations/commission/{psys_cid}",
                path: format!("operations/commission/{c}"),
                params,
                kind: CallKind::Read,
            })
            .await?;
        answer.decode(self.0, models::decode)
    }

    /// Fee plans of a coin (`operations/fee-plan/{psys_cid}`).
    pub async fn plans(self, currency: &str) -> Result<FeePlans> {
        validate::currency("currency", currency)?;
        let answer = self
            .0
            .send(Request {
                endpoint: "operations/fee-plan/{psys_cid}",
                path: format!("operations/fee-plan/{currency}"),
                params: Vec::new(),
                kind: CallKind::Read,
            })
            .await?;
        answer.decode(self.0, models::decode)
    }
}

/// Supported cryptocurrencies and rates.
#[derive(Clone, Copy, Debug)]
pub struct Currencies<'a>(pub(crate) &'a Client);

impl Currencies<'_> {
    /// Coins with their rates in `fiat` (USD when `None`).
    pub async fn list(self, fiat: Option<&str>) -> Result<Vec<Currency>> {
        let path = match fiat {
            Some(f) => {
                validate::identifier("fiat", f)?;
                format!("currencies/{f}")
            }
            None => "currencies".to_owned(),
        };
        let answer = self.0.send(Request { endpoint: "currencies", path, params: Vec::new(), kind: CallKind::Read }).await?;
        answer.decode(self.0, |data| {
            if data.get().trim_start().starts_with('{') {
                // Keyed by coin ID in some versions.
                let pairs = models::OrderedPairs::parse(data.get())?;
                pairs.into_iter().map(|(_, v)| models::decode(v)).collect()
            } else {
                models::decode_one_or_many(data)
            }
        })
    }
}

/// Your shop.
#[derive(Clone, Copy, Debug)]
pub struct Shops<'a>(pub(crate) &'a Client);

impl Shops<'_> {
    /// Shop settings (`shops`), including whether white-label is enabled.
    pub async fn get(self) -> Result<Shop> {
        let answer = self.0.send(Request { endpoint: "shops", path: "shops".into(), params: Vec::new(), kind: CallKind::Read }).await?;
        let shops: Vec<Shop> = answer.decode(self.0, models::decode_one_or_many)?;
        shops.into_iter().next().ok_or_else(|| Error::Decode {
            endpoint: "shops".into(),
            http_status: 200,
            message: "no shop in the answer".into(),
            snippet: String::new(),
        })
    }
}

impl Client {
    /// Operations (transactions).
    pub fn operations(&self) -> Operations<'_> {
        Operations(self)
    }
    /// Withdrawals (money-moving, never retried).
    pub fn withdrawals(&self) -> Withdrawals<'_> {
        Withdrawals { client: self, check_addresses: true }
    }
    /// White-label deposit addresses.
    pub fn deposits(&self) -> Deposits<'_> {
        Deposits(self)
    }
    /// Invoices.
    pub fn invoices(&self) -> Invoices<'_> {
        Invoices(self)
    }
    /// Balances.
    pub fn balances(&self) -> Balances<'_> {
        Balances(self)
    }
    /// Fees, commissions and fee plans.
    pub fn fees(&self) -> Fees<'_> {
        Fees(self)
    }
    /// Supported currencies.
    pub fn currencies(&self) -> Currencies<'_> {
        Currencies(self)
    }
    /// Shop information.
    pub fn shop(&self) -> Shops<'_> {
        Shops(self)
    }
}
