//! Operations (invoices, deposits, withdrawals) and their JSON renderings, with the type quirks of
//! Plisio's list and detail answers.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use crate::currencies::Coin;
use crate::fees::{self, FeeQuote};
use crate::json::num;
use crate::money;

/// A tiny valid PNG (1×1), standing in for Plisio's QR codes.
pub(crate) const QR_CODE: &str =
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/// Operation type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpKind {
    /// A deposit received on a permanent address (`pay_in`).
    CashIn,
    /// A withdrawal to one address.
    CashOut,
    /// A withdrawal to several addresses.
    MassCashOut,
    /// An invoice.
    Invoice,
}

impl OpKind {
    /// Plisio's name of the type.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OpKind::CashIn => "cash_in",
            OpKind::CashOut => "cash_out",
            OpKind::MassCashOut => "mass_cash_out",
            OpKind::Invoice => "invoice",
        }
    }

    /// Parses Plisio's name of a type.
    pub(crate) fn parse(s: &str) -> Option<OpKind> {
        match s {
            "cash_in" => Some(OpKind::CashIn),
            "cash_out" => Some(OpKind::CashOut),
            "mass_cash_out" => Some(OpKind::MassCashOut),
            "invoice" => Some(OpKind::Invoice),
            _ => None,
        }
    }

    fn is_withdrawal(self) -> bool {
        matches!(self, OpKind::CashOut | OpKind::MassCashOut)
    }
}

/// Statuses the mock knows (Plisio's set is open; these are the documented ones).
pub(crate) const STATUSES: &[&str] =
    &["new", "pending", "pending internal", "expired", "completed", "mismatch", "error", "cancelled", "cancelled duplicate"];

/// `status_code` of a status: 3 = completed as in the docs, 2 = pending (partial payment, Android),
/// 111 = replaced (Android); the others are the mock's own numbering.
pub(crate) fn status_code(status: &str) -> i64 {
    match status {
        "new" => 1,
        "pending" => 2,
        "completed" => 3,
        "error" => 4,
        "expired" => 5,
        "cancelled" => 6,
        "mismatch" => 7,
        "pending internal" => 8,
        "cancelled duplicate" => 111,
        _ => 0,
    }
}

/// One blockchain transaction of an operation.
#[derive(Debug, Clone)]
pub(crate) struct Tx {
    /// Transaction id.
    pub txid: String,
    /// Explorer URL.
    pub url: String,
    /// Amount moved.
    pub value: Decimal,
    /// Receiving address.
    pub to: String,
    /// Confirmations seen.
    pub confirmations: u32,
    /// Block height.
    pub block: u64,
}

/// Invoice-specific data of an [`OpKind::Invoice`] operation.
#[derive(Debug, Clone)]
pub(crate) struct InvoiceData {
    pub order_name: String,
    pub order_number: String,
    pub description: Option<String>,
    pub email: Option<String>,
    pub callback_url: Option<String>,
    pub success_callback_url: Option<String>,
    pub fail_callback_url: Option<String>,
    pub success_invoice_url: Option<String>,
    pub fail_invoice_url: Option<String>,
    /// Fiat of the invoice (`USD` when created in crypto).
    pub source_currency: String,
    /// Fiat amount (given, or computed from the crypto amount).
    pub source_amount: Decimal,
    /// Requested crypto amount.
    pub amount: Decimal,
    /// Received so far.
    pub received: Decimal,
    /// Plisio commission on the requested amount (the shop pays it).
    pub commission: Decimal,
    /// Read-only key for `invoices/{id}?view_key=`.
    pub view_key: String,
    /// Coins the payer may choose (empty: all).
    pub allowed: Vec<&'static Coin>,
    /// Already credited to the balance.
    pub credited: Decimal,
}

impl InvoiceData {
    /// Still to pay.
    pub(crate) fn remaining(&self) -> Decimal {
        (self.amount - self.received).max(Decimal::ZERO)
    }

    /// Amount minus commission.
    pub(crate) fn invoice_sum(&self) -> Decimal {
        self.amount - self.commission
    }
}

/// One operation of the shop.
#[derive(Debug, Clone)]
pub(crate) struct Operation {
    pub seq: u64,
    pub id: String,
    pub kind: OpKind,
    pub status: String,
    pub coin: &'static Coin,
    /// Amount transferred (withdrawals: total sent; deposits: received; invoices: requested).
    pub amount: Decimal,
    /// Withdrawals: amount + fee; deposits: received; invoices: total.
    pub sum: Decimal,
    pub fee: Option<Decimal>,
    pub commission: Option<Decimal>,
    /// Commission percent shown in details.
    pub commission_percent: Decimal,
    /// Unconfirmed amount.
    pub pending: Decimal,
    pub wallet_hash: Option<String>,
    pub sendmany: Option<Vec<(String, Decimal)>>,
    pub txs: Vec<Tx>,
    pub params: Map<String, Value>,
    pub fee_quote: Option<FeeQuote>,
    pub created_at: i64,
    pub expire_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub shop_id: Option<String>,
    pub source_currency: String,
    pub source_rate: Decimal,
    pub confirmations: u32,
    pub deposit_uid: Option<String>,
    pub invoice: Option<Box<InvoiceData>>,
}

impl Operation {
    /// A blank operation of `kind` in `coin`; callers fill in the rest.
    pub(crate) fn new(seq: u64, id: String, kind: OpKind, coin: &'static Coin, created_at: i64) -> Operation {
        Operation {
            seq,
            id,
            kind,
            status: "new".to_owned(),
            coin,
            amount: Decimal::ZERO,
            sum: Decimal::ZERO,
            fee: None,
            commission: None,
            commission_percent: Decimal::ZERO,
            pending: Decimal::ZERO,
            wallet_hash: None,
            sendmany: None,
            txs: Vec::new(),
            params: Map::new(),
            fee_quote: None,
            created_at,
            expire_at: None,
            finished_at: None,
            shop_id: None,
            source_currency: "USD".to_owned(),
            source_rate: coin.source_rate("USD"),
            confirmations: 0,
            deposit_uid: None,
            invoice: None,
        }
    }

    /// `status_code` of the current status.
    pub(crate) fn status_code(&self) -> i64 {
        status_code(&self.status)
    }

    /// Explorer URLs of the operation's transactions.
    pub(crate) fn tx_urls(&self) -> Vec<String> {
        self.txs.iter().map(|t| t.url.clone()).collect()
    }

    /// Whether `needle` (case-insensitive) is this operation's id, one of its transaction ids or
    /// addresses, its deposit uid, or its invoice's order number or e-mail.
    pub(crate) fn matches_search(&self, needle: &str) -> bool {
        let eq = |s: &str| s.eq_ignore_ascii_case(needle);
        eq(&self.id)
            || self.txs.iter().any(|t| eq(&t.txid) || eq(&t.to))
            || self.wallet_hash.as_deref().is_some_and(eq)
            || self.sendmany.as_ref().is_some_and(|m| m.iter().any(|(a, _)| eq(a)))
            || self.deposit_uid.as_deref().is_some_and(eq)
            || self.invoice.as_ref().is_some_and(|i| eq(&i.order_number) || i.email.as_deref().is_some_and(eq))
    }

    /// The item of `operations` (list quirks: `pending_sum` a string, `tx_url` an array for invoices
    /// and deposits but a string for withdrawals as in the docs' example, `sum` a number for cash_in,
    /// `params` `[]` when empty).
    pub(crate) fn list_json(&self, root: &str) -> Value {
        let mut m = self.common(root);
        let c = self.coin;
        m.insert("pending_sum".into(), json!(c.fmt(self.pending)));
        let urls = self.tx_urls();
        let tx_url = match self.kind {
            OpKind::CashOut | OpKind::MassCashOut => json!(urls.first()),
            OpKind::CashIn | OpKind::Invoice if urls.is_empty() => Value::Null,
            OpKind::CashIn | OpKind::Invoice => json!(urls),
        };
        m.insert("tx_url".into(), tx_url);
        let tx: Vec<Value> = self.txs.iter().map(|t| json!({"url": t.url, "wallet_hash": [t.to]})).collect();
        m.insert("tx".into(), json!(tx));
        Value::Object(m)
    }

    /// `operations/{id}` (detail quirks: `pending_sum` a number, `confirmations` an int, `tx_url` a
    /// string, `commissionPayment`, `commis_percent`, `commis_sum`, `memo`).
    pub(crate) fn detail_json(&self, root: &str) -> Value {
        let mut m = self.common(root);
        let c = self.coin;
        m.insert("pending_sum".into(), num(money::plain(self.pending)));
        m.insert("confirmations".into(), json!(self.confirmations));
        m.insert("tx_url".into(), json!(self.txs.last().map(|t| t.url.clone())));
        m.insert("finished_at_utc".into(), json!(self.finished_at));
        let commis = self.commission.unwrap_or(Decimal::ZERO);
        m.insert("commissionPayment".into(), json!(2));
        m.insert("commis_percent".into(), json!(money::plain(self.commission_percent)));
        m.insert("commis_sum".into(), json!(c.fmt(commis)));
        m.insert("memo".into(), json!(self.memo()));
        let tx: Vec<Value> = self
            .txs
            .iter()
            .map(|t| {
                json!({
                    "txid": t.txid,
                    "value": c.fmt(t.value),
                    "block": t.block,
                    "confirmations": t.confirmations,
                    "processed": true,
                    "url": t.url,
                    "wallet_hash": [t.to],
                })
            })
            .collect();
        m.insert("tx".into(), json!(tx));
        Value::Object(m)
    }

    fn memo(&self) -> String {
        let c = self.coin;
        match self.kind {
            OpKind::CashOut | OpKind::MassCashOut => format!(
                "{} {} with commission {}% ({}) including {} fee plan ({})",
                self.kind.as_str(),
                c.fmt(self.sum),
                money::plain(self.commission_percent),
                c.fmt(self.commission.unwrap_or(Decimal::ZERO)),
                self.fee_quote.as_ref().map(|q| q.plan.as_str()).unwrap_or("normal"),
                c.fmt(self.fee.unwrap_or(Decimal::ZERO)),
            ),
            OpKind::CashIn => {
                format!("cash_in {} {} to deposit of uid {}", c.fmt(self.amount), c.id, self.deposit_uid.as_deref().unwrap_or(""))
            }
            OpKind::Invoice => match &self.invoice {
                Some(i) => format!("invoice #{} {} {}", i.order_number, c.fmt(i.amount), c.id),
                None => format!("invoice {}", c.fmt(self.amount)),
            },
        }
    }

    fn common(&self, root: &str) -> Map<String, Value> {
        let c = self.coin;
        let fmt = |d: Decimal| json!(c.fmt(d));
        let opt = |d: Option<Decimal>| d.map(|d| json!(c.fmt(d))).unwrap_or(Value::Null);
        let mut m = Map::new();
        m.insert("user_id".into(), json!(1));
        m.insert("shop_id".into(), json!(self.shop_id));
        m.insert("type".into(), json!(self.kind.as_str()));
        m.insert("status".into(), json!(self.status));
        m.insert("status_code".into(), json!(self.status_code()));
        m.insert("psys_cid".into(), json!(c.id));
        m.insert("currency".into(), json!(c.code));
        m.insert("source_currency".into(), json!(self.source_currency));
        m.insert("source_rate".into(), fmt(self.source_rate));
        m.insert("fee".into(), opt(self.fee));
        m.insert("wallet_hash".into(), json!(self.wallet_hash));
        let sendmany =
            self.sendmany.as_ref().map(|pairs| Value::Object(pairs.iter().map(|(a, v)| (a.clone(), json!(c.fmt(*v)))).collect()));
        m.insert("sendmany".into(), sendmany.unwrap_or(Value::Null));
        let params = if self.params.is_empty() { json!([]) } else { Value::Object(self.params.clone()) };
        m.insert("params".into(), params);
        m.insert("expire_at_utc".into(), json!(self.expire_at));
        m.insert("created_at_utc".into(), json!(self.created_at));
        m.insert("amount".into(), fmt(self.amount));
        let sum = if self.kind == OpKind::CashIn { num(c.fmt(self.sum)) } else { fmt(self.sum) };
        m.insert("sum".into(), sum);
        m.insert("commission".into(), opt(self.commission));
        let tx_ids: Vec<&str> = self.txs.iter().map(|t| t.txid.as_str()).collect();
        m.insert("tx_id".into(), if tx_ids.is_empty() { Value::Null } else { json!(tx_ids) });
        m.insert("id".into(), json!(self.id));
        let actual_sum = match (self.kind, &self.invoice) {
            (OpKind::CashIn, _) => num(c.fmt(self.sum - self.commission.unwrap_or(Decimal::ZERO))),
            (OpKind::Invoice, Some(inv)) => fmt(inv.received),
            _ => fmt(self.amount),
        };
        m.insert("actual_sum".into(), actual_sum);
        m.insert("actual_commission".into(), opt(self.commission));
        let actual_fee = match self.fee {
            Some(f) if self.kind.is_withdrawal() => num(money::plain(f)),
            _ => Value::Null,
        };
        m.insert("actual_fee".into(), actual_fee);
        m.insert("actual_invoice_sum".into(), self.invoice.as_ref().map(|i| fmt(i.invoice_sum())).unwrap_or(Value::Null));
        if let Some(inv) = &self.invoice {
            m.insert("txn_id".into(), json!(self.id));
            m.insert("invoice_url".into(), json!(invoice_url(root, &self.id)));
            m.insert("invoice_total_sum".into(), fmt(inv.amount));
        }
        if let Some(uid) = &self.deposit_uid {
            m.insert("deposit_uid".into(), json!(uid));
        }
        m
    }

    /// The white-label invoice object of `invoices/new` (without `verify_hash`, which the caller signs).
    pub(crate) fn invoice_object(&self, root: &str) -> Map<String, Value> {
        let c = self.coin;
        let mut m = Map::new();
        let Some(inv) = &self.invoice else { return m };
        m.insert("txn_id".into(), json!(self.id));
        m.insert("id".into(), json!(self.id));
        m.insert("invoice_url".into(), json!(invoice_url(root, &self.id)));
        m.insert("amount".into(), json!(c.fmt(inv.amount)));
        m.insert("pending_amount".into(), json!(c.fmt(inv.remaining())));
        m.insert("received_amount".into(), json!(c.fmt(inv.received)));
        m.insert("remaining_amount".into(), json!(c.fmt(inv.remaining())));
        m.insert("wallet_hash".into(), json!(self.wallet_hash));
        m.insert("psys_cid".into(), json!(c.id));
        m.insert("currency".into(), json!(c.code));
        m.insert("status".into(), json!(self.status));
        m.insert("source_currency".into(), json!(inv.source_currency));
        m.insert("source_rate".into(), json!(c.fmt(self.source_rate)));
        m.insert("expire_utc".into(), json!(self.expire_at));
        m.insert("expected_confirmations".into(), json!(c.confirmations.to_string()));
        m.insert("qr_code".into(), json!(QR_CODE));
        m.insert("invoice_commission".into(), json!(c.fmt(inv.commission)));
        m.insert("invoice_sum".into(), json!(c.fmt(inv.invoice_sum())));
        m.insert("invoice_total_sum".into(), json!(c.fmt(inv.amount)));
        m.insert("view_key".into(), json!(inv.view_key));
        m
    }

    /// The `invoice` object of `invoices/{id}`: the white-label fields plus details.
    pub(crate) fn invoice_details(&self, root: &str) -> Map<String, Value> {
        let mut m = self.invoice_object(root);
        let Some(inv) = &self.invoice else { return m };
        let urls = self.tx_urls();
        m.insert("status_code".into(), json!(self.status_code()));
        m.insert("created_utc".into(), json!(self.created_at));
        m.insert("qr_url".into(), json!(format!("{root}/invoice/{}/qr.png", self.id)));
        m.insert("email".into(), json!(inv.email));
        m.insert("email_already_set".into(), json!(inv.email.is_some()));
        m.insert("tx_urls".into(), if urls.is_empty() { Value::Null } else { json!(urls) });
        m.insert("tx_id".into(), json!(self.txs.iter().map(|t| t.txid.clone()).collect::<Vec<_>>()));
        m.insert("confirmations".into(), json!(self.confirmations.to_string()));
        m.insert("order_name".into(), json!(inv.order_name));
        m.insert("order_number".into(), json!(inv.order_number));
        m.insert("description".into(), json!(inv.description));
        m.insert("source_amount".into(), json!(money::fmt(inv.source_amount, 2)));
        m
    }
}

/// The hosted invoice page URL.
pub(crate) fn invoice_url(root: &str, txn_id: &str) -> String {
    format!("{root}/invoice/{txn_id}")
}

/// `params.fee` and the fee fields of a withdrawal's params.
pub(crate) fn withdrawal_params(c: &Coin, q: &FeeQuote, source_rate: Decimal) -> Map<String, Value> {
    let mut params = Map::new();
    params.insert("fee".into(), fees::params_fee(c, q));
    params.insert("source_currency".into(), json!("USD"));
    params.insert("source_rate".into(), json!(c.fmt(source_rate)));
    params
}
