//! Records mirroring the core models (`From` impls only). Every model keeps `raw`, the JSON text as
//! Plisio sent it, so fields this SDK does not model yet stay reachable. Amounts are [`Amount`],
//! timestamps `java.time.Instant` / `Date`, open sets the enums of `types`.

use std::collections::HashMap;
use std::time::SystemTime;

use plisio_core as core;

use crate::Amount;
use crate::types::{CallbackFormat, FeePlan, IpnType, OperationType, Status};

fn time(t: Option<chrono::DateTime<chrono::Utc>>) -> Option<SystemTime> {
    t.map(SystemTime::from)
}

fn raw(r: &core::RawJson) -> String {
    r.as_str().to_owned()
}

/// Copies fields of the same name and type, converting with `Into`.
macro_rules! convert {
    ($to:ident from $from:ty as $v:ident { $($field:ident),* $(,)? } $(extra { $($xf:ident : $xv:expr),* $(,)? })?) => {
        impl From<$from> for $to {
            #[allow(clippy::useless_conversion)]
            fn from($v: $from) -> Self {
                $($(let $xf = $xv;)*)?
                $to { $($field: $v.$field.into(),)* $($($xf,)*)? }
            }
        }
    };
}

/// One destination of a mass withdrawal as returned by Plisio (`sendmany`).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Payout {
    /// Destination address.
    pub to: String,
    /// Exact amount.
    pub amount: Amount,
}

convert!(Payout from core::Payout as v { to, amount });

/// Fee details of a withdrawal (`params.fee`).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct FeeDetails {
    /// Confirmation target in blocks (BTC-like chains).
    pub conf_target: Option<i64>,
    /// Fee plan.
    pub plan: Option<FeePlan>,
    /// Fee value in the coin.
    pub value: Option<Amount>,
    /// Gas limit (EVM chains).
    pub gas_limit: Option<Amount>,
    /// Gas price (EVM chains).
    pub gas_price: Option<Amount>,
    /// Unit of the dynamic field (e.g. `Gwai`).
    pub unit: Option<String>,
}

convert!(FeeDetails from core::FeeDetails as v { conf_target, value, gas_limit, gas_price, unit } extra { plan: v.plan.as_ref().map(FeePlan::from) });

/// `params` of an operation (its shape depends on the type).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct OperationParams {
    /// Withdrawal fee details.
    pub fee: Option<FeeDetails>,
    /// Invoice order number.
    pub order_number: Option<String>,
    /// Invoice order name.
    pub order_name: Option<String>,
    /// Invoice description.
    pub description: Option<String>,
    /// Invoice amount in fiat.
    pub source_amount: Option<Amount>,
    /// Fiat currency.
    pub source_currency: Option<String>,
    /// Rate coin → fiat.
    pub source_rate: Option<Amount>,
    /// Invoice amount in the coin.
    pub amount: Option<Amount>,
    /// Received value (cash_in).
    pub value: Option<Amount>,
    /// Coin name or code.
    pub currency: Option<String>,
    /// Customer e-mail (invoice).
    pub email: Option<String>,
    /// Coin ID.
    pub psys_cid: Option<String>,
}

convert!(OperationParams from core::OperationParams as v {
    order_number, order_name, description, source_amount, source_currency, source_rate, amount, value, currency, email, psys_cid,
} extra { fee: v.fee.clone().map(FeeDetails::from) });

/// One blockchain transaction of an operation.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct OperationTx {
    /// Transaction id.
    pub txid: Option<String>,
    /// Block height.
    pub block: Option<i64>,
    /// Confirmations.
    pub confirmations: Option<i64>,
    /// Value moved.
    pub value: Option<Amount>,
    /// Whether Plisio processed it.
    pub processed: Option<bool>,
    /// Explorer link.
    pub url: Option<String>,
    /// Addresses involved.
    pub wallet_hash: Vec<String>,
}

convert!(OperationTx from core::OperationTx as v { txid, block, confirmations, value, processed, url, wallet_hash });

/// An operation (transaction): invoice, cash_in (incl. deposits), cash_out or mass_cash_out. Also
/// the answer of a withdrawal. List items carry fewer fields than `operations().get(id)`.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Operation {
    /// Plisio operation ID.
    pub id: String,
    /// Operation type.
    pub r#type: OperationType,
    /// Status (`completed`, `pending internal`, …).
    pub status: Status,
    /// Numeric status code.
    pub status_code: Option<i64>,
    /// Profile ID.
    pub user_id: Option<String>,
    /// Shop ID.
    pub shop_id: Option<String>,
    /// Coin ID (`USDT_TRX`).
    pub psys_cid: Option<String>,
    /// Coin code (`USDT`).
    pub currency: Option<String>,
    /// Fiat currency.
    pub source_currency: Option<String>,
    /// Rate coin → fiat at the time of the operation.
    pub source_rate: Option<Amount>,
    /// Amount received or transferred.
    pub amount: Option<Amount>,
    /// Unconfirmed amount.
    pub pending_sum: Option<Amount>,
    /// Invoice: amount (+ commission); cash-out: amount + network fee; cash-in: received.
    pub sum: Option<Amount>,
    /// Network fee.
    pub fee: Option<Amount>,
    /// Plisio commission.
    pub commission: Option<Amount>,
    /// Actual sum.
    pub actual_sum: Option<Amount>,
    /// Actual commission.
    pub actual_commission: Option<Amount>,
    /// Actual fee.
    pub actual_fee: Option<Amount>,
    /// Actual invoice sum.
    pub actual_invoice_sum: Option<Amount>,
    /// Commission percent.
    pub commis_percent: Option<Amount>,
    /// Commission sum.
    pub commis_sum: Option<Amount>,
    /// Who pays the commission (`commissionPayment`).
    pub commission_payment: Option<i64>,
    /// Destination address (cash_out) or invoice address.
    pub wallet_hash: Option<String>,
    /// Destinations of a mass_cash_out, in Plisio's order.
    pub sendmany: Vec<Payout>,
    /// Type-dependent parameters (`null` when Plisio sends `[]`).
    pub params: Option<OperationParams>,
    /// Block explorer links.
    pub tx_url: Vec<String>,
    /// Blockchain transaction ids.
    pub tx_id: Vec<String>,
    /// Blockchain transactions.
    pub tx: Vec<OperationTx>,
    /// Confirmations.
    pub confirmations: Option<i64>,
    /// Invoice transaction ID.
    pub txn_id: Option<String>,
    /// Invoice URL.
    pub invoice_url: Option<String>,
    /// Invoice total.
    pub invoice_total_sum: Option<Amount>,
    /// Free-text memo.
    pub memo: Option<String>,
    /// Parent operation.
    pub parent_id: Option<String>,
    /// Child operations.
    pub child_ids: Vec<String>,
    /// Creation time (`created_at_utc`; seconds or milliseconds normalised).
    pub created_at: Option<SystemTime>,
    /// Expiry (`expire_at_utc`).
    pub expire_at: Option<SystemTime>,
    /// Completion (`finished_at_utc`).
    pub finished_at: Option<SystemTime>,
    /// The JSON object as received.
    pub raw: String,
}

convert!(Operation from core::Operation as v {
    id, status_code, user_id, shop_id, psys_cid, currency, source_currency, source_rate, amount, pending_sum, sum, fee, commission,
    actual_sum, actual_commission, actual_fee, actual_invoice_sum, commis_percent, commis_sum, commission_payment, wallet_hash, tx_url,
    tx_id, confirmations, txn_id, invoice_url, invoice_total_sum, memo, parent_id, child_ids,
} extra {
    r#type: OperationType::from(&v.r#type),
    status: Status::from(&v.status),
    sendmany: v.sendmany.iter().cloned().map(Payout::from).collect(),
    params: v.params.clone().map(OperationParams::from),
    tx: v.tx.iter().cloned().map(OperationTx::from).collect(),
    created_at: time(v.created_at),
    expire_at: time(v.expire_at),
    finished_at: time(v.finished_at),
    raw: raw(&v.raw),
});

/// Pagination counters (`_meta`).
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct PageMeta {
    /// Total number of operations matching the filters.
    pub total_count: u64,
    /// Number of pages.
    pub page_count: u64,
    /// This page (1-based).
    pub current_page: u64,
    /// Page size.
    pub per_page: u64,
}

convert!(PageMeta from core::PageMeta as v { total_count, page_count, current_page, per_page });

/// Navigation links (`_links`), with `api_key` removed from every URL.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct PageLinks {
    /// This page (`self`).
    pub self_link: Option<String>,
    /// First page.
    pub first: Option<String>,
    /// Previous page.
    pub prev: Option<String>,
    /// Next page.
    pub next: Option<String>,
    /// Last page.
    pub last: Option<String>,
}

convert!(PageLinks from core::PageLinks as v { first, prev, next, last } extra { self_link: v.self_.clone() });

/// One page of operations.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct OperationsPage {
    /// The operations of this page.
    pub operations: Vec<Operation>,
    /// Counters.
    pub meta: PageMeta,
    /// Links (redacted).
    pub links: PageLinks,
    /// The next page number, if there is one.
    pub next_page: Option<u64>,
}

impl From<core::OperationsPage> for OperationsPage {
    fn from(p: core::OperationsPage) -> Self {
        let next_page = p.next_page();
        OperationsPage {
            operations: p.operations.into_iter().map(Operation::from).collect(),
            meta: p.meta.into(),
            links: p.links.into(),
            next_page,
        }
    }
}

/// A white-label deposit address permanently bound to one of your users (`uid`) for one coin.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Deposit {
    /// Your user identifier.
    pub uid: String,
    /// The deposit address (Plisio calls it `hash`).
    pub hash: String,
    /// Coin ID.
    pub psys_cid: String,
    /// The JSON object as received.
    pub raw: String,
}

convert!(Deposit from core::Deposit as v { uid, hash, psys_cid } extra { raw: raw(&v.raw) });

/// One page of deposit addresses.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct DepositsPage {
    /// The deposits of this page.
    pub deposits: Vec<Deposit>,
    /// The page that was requested (1-based).
    pub page: u32,
    /// The page size that was requested.
    pub limit: u32,
    /// Whether another page may follow (this one is full).
    pub has_more: bool,
}

impl From<core::DepositsPage> for DepositsPage {
    fn from(p: core::DepositsPage) -> Self {
        let has_more = p.has_more();
        DepositsPage { deposits: p.deposits.into_iter().map(Deposit::from).collect(), page: p.page, limit: p.limit, has_more }
    }
}

/// A cryptocurrency supported by Plisio, with its rate.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Currency {
    /// Display name.
    pub name: Option<String>,
    /// Coin ID (`psys_cid`), e.g. `USDT_TRX`.
    pub cid: Option<String>,
    /// Coin code, e.g. `USDT`.
    pub currency: Option<String>,
    /// Icon URL.
    pub icon: Option<String>,
    /// Rate in USD.
    pub rate_usd: Option<Amount>,
    /// Price in USD.
    pub price_usd: Option<Amount>,
    /// Decimal places.
    pub precision: Option<i64>,
    /// Decimal places shown.
    pub output_precision: Option<i64>,
    /// The fiat currency of `fiat_rate`.
    pub fiat: Option<String>,
    /// Rate in `fiat`.
    pub fiat_rate: Option<Amount>,
    /// Minimum invoice amount.
    pub min_sum_in: Option<Amount>,
    /// Invoice commission percentage.
    pub invoice_commission_percentage: Option<Amount>,
    /// Disabled in your shop.
    pub hidden: Option<bool>,
    /// Under maintenance.
    pub maintenance: Option<bool>,
    /// The JSON object as received.
    pub raw: String,
}

convert!(Currency from core::Currency as v {
    name, cid, currency, icon, rate_usd, price_usd, precision, output_precision, fiat, fiat_rate, min_sum_in, invoice_commission_percentage, hidden,
    maintenance,
} extra { raw: raw(&v.raw) });

/// Balance of one coin.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Balance {
    /// Coin ID.
    pub psys_cid: Option<String>,
    /// Coin code.
    pub currency: Option<String>,
    /// Available balance.
    pub balance: Amount,
    /// Locked balance, when Plisio reports it.
    pub locked_balance: Option<Amount>,
    /// The JSON as received.
    pub raw: String,
}

convert!(Balance from core::Balance as v { psys_cid, currency, balance, locked_balance } extra { raw: raw(&v.raw) });

/// Network-fee estimate.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct FeeEstimate {
    /// The estimated fee.
    pub fee: Amount,
    /// Coin ID.
    pub psys_cid: Option<String>,
    /// Coin code.
    pub currency: Option<String>,
    /// Fee plan used.
    pub plan: Option<FeePlan>,
    /// The JSON as received.
    pub raw: String,
}

convert!(FeeEstimate from core::FeeEstimate as v { fee, psys_cid, currency } extra { plan: v.plan.as_ref().map(FeePlan::from), raw: raw(&v.raw) });

/// One fee plan of a coin. Shapes differ per chain, so every field is optional.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct FeePlanDetails {
    /// Fee value in the coin.
    pub value: Option<Amount>,
    /// Confirmation target in blocks.
    pub conf_target: Option<i64>,
    /// Fee rate (BTC-like chains).
    pub fee_rate: Option<Amount>,
    /// Unit of the fee rate.
    pub fee_rate_unit: Option<String>,
    /// Gas limit (EVM).
    pub gas_limit: Option<Amount>,
    /// Gas price (EVM).
    pub gas_price: Option<Amount>,
    /// Unit of the fee.
    pub fee_unit: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
}

convert!(FeePlanDetails from core::FeePlanDetails as v { value, conf_target, fee_rate, fee_rate_unit, gas_limit, gas_price, fee_unit, name, description });

fn plan_map(plans: &std::collections::BTreeMap<String, core::FeePlanDetails>) -> HashMap<String, FeePlanDetails> {
    plans.iter().map(|(k, v)| (k.clone(), FeePlanDetails::from(v.clone()))).collect()
}

/// Fee plans of a coin: plan key (`economy`, `normal`, `priority`, …) → details.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct FeePlans {
    /// Plan key → details.
    pub plans: HashMap<String, FeePlanDetails>,
    /// The JSON as received.
    pub raw: String,
}

convert!(FeePlans from core::FeePlans as v {} extra { plans: plan_map(&v.plans), raw: raw(&v.raw) });

/// Fee plus Plisio commission estimate.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Commission {
    /// Plisio commission.
    pub commission: Option<Amount>,
    /// Network fee.
    pub fee: Option<Amount>,
    /// Plan used.
    pub plan: Option<FeePlan>,
    /// `useWallet`.
    pub use_wallet: Option<bool>,
    /// `useWalletBalance`.
    pub use_wallet_balance: Option<String>,
    /// Maximum amount that can be sent.
    pub max_amount: Option<Amount>,
    /// Available plans: plan key → details.
    pub plans: HashMap<String, FeePlanDetails>,
    /// The JSON as received.
    pub raw: String,
}

convert!(Commission from core::Commission as v { commission, fee, use_wallet, use_wallet_balance, max_amount } extra {
    plan: v.plan.as_ref().map(FeePlan::from),
    plans: plan_map(&v.plans),
    raw: raw(&v.raw),
});

/// Your shop.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Shop {
    /// Shop ID.
    pub id: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Website.
    pub link: Option<String>,
    /// Logo URL.
    pub logo: Option<String>,
    /// Who pays the commission.
    pub commission_payment: Option<i64>,
    /// White-label enabled (needed for deposits and full invoice data).
    pub white_label: Option<bool>,
    /// Extra commission.
    pub extra_commission: Option<Amount>,
    /// Verified shop.
    pub verified: Option<bool>,
    /// The JSON as received.
    pub raw: String,
}

convert!(Shop from core::Shop as v { id, name, link, logo, commission_payment, white_label, extra_commission, verified } extra { raw: raw(&v.raw) });

/// An invoice: the answer of `invoices().create(..)` (2-3 fields for a hosted shop, ~17 for a
/// white-label shop) and the `invoice` part of `invoices().get(id)`.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Invoice {
    /// Invoice ID (`txn_id`).
    pub txn_id: Option<String>,
    /// Hosted invoice page.
    pub invoice_url: Option<String>,
    /// Amount to pay in the coin.
    pub amount: Option<Amount>,
    /// Amount still to pay / not yet confirmed.
    pub pending_amount: Option<Amount>,
    /// Amount received.
    pub received_amount: Option<Amount>,
    /// Amount remaining.
    pub remaining_amount: Option<Amount>,
    /// Address to pay to.
    pub wallet_hash: Option<String>,
    /// Coin ID.
    pub psys_cid: Option<String>,
    /// Coin code.
    pub currency: Option<String>,
    /// Status.
    pub status: Option<Status>,
    /// Numeric status code.
    pub status_code: Option<i64>,
    /// Fiat currency.
    pub source_currency: Option<String>,
    /// Fiat amount.
    pub source_amount: Option<Amount>,
    /// Rate coin → fiat.
    pub source_rate: Option<Amount>,
    /// Creation time (`created_utc`).
    pub created_at: Option<SystemTime>,
    /// Expiry time (`expire_utc`).
    pub expire_at: Option<SystemTime>,
    /// Confirmations required.
    pub expected_confirmations: Option<i64>,
    /// Confirmations so far.
    pub confirmations: Option<i64>,
    /// QR code image (`data:image/png;base64,…`).
    pub qr_code: Option<String>,
    /// QR code URL.
    pub qr_url: Option<String>,
    /// Signature of the invoice data.
    pub verify_hash: Option<String>,
    /// Plisio commission.
    pub invoice_commission: Option<Amount>,
    /// Sum credited to the shop.
    pub invoice_sum: Option<Amount>,
    /// Total the payer pays.
    pub invoice_total_sum: Option<Amount>,
    /// Read-only key for the public invoice endpoints. Treat as a secret.
    pub view_key: Option<String>,
    /// Explorer links of the payments.
    pub tx_urls: Vec<String>,
    /// Whether the payer e-mail is already set.
    pub email_already_set: Option<bool>,
    /// The JSON as received.
    pub raw: String,
}

convert!(Invoice from core::Invoice as v {
    txn_id, invoice_url, amount, pending_amount, received_amount, remaining_amount, wallet_hash, psys_cid, currency, status_code, source_currency,
    source_amount, source_rate, expected_confirmations, confirmations, qr_code, qr_url, verify_hash, invoice_commission, invoice_sum,
    invoice_total_sum, view_key, tx_urls, email_already_set,
} extra {
    status: v.status.as_ref().map(Status::from),
    created_at: time(v.created_at),
    expire_at: time(v.expire_at),
    raw: raw(&v.raw),
});

/// The shop part of `invoices().get(id)`.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct InvoiceShop {
    /// Shop name.
    pub name: Option<String>,
    /// Website.
    pub link: Option<String>,
    /// Logo.
    pub logo: Option<String>,
    /// Return URL after payment.
    pub success_url: Option<String>,
    /// Return URL after failure.
    pub failed_url: Option<String>,
    /// Whether an expired invoice may be renewed.
    pub allow_renew: Option<bool>,
}

convert!(InvoiceShop from core::InvoiceShop as v { name, link, logo, success_url, failed_url, allow_renew });

/// `invoices().get(id)`: the invoice, the shop, the selected coin and the allowed coins.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct InvoiceDetails {
    /// The invoice.
    pub invoice: Invoice,
    /// The invoice ID for the most recently selected coin.
    pub active_invoice_id: Option<String>,
    /// Shop data.
    pub shop: Option<InvoiceShop>,
    /// The selected coin.
    pub paysys: Option<Currency>,
    /// Allowed coins.
    pub allowed_psys_cids: Vec<Currency>,
    /// The JSON as received.
    pub raw: String,
}

convert!(InvoiceDetails from core::InvoiceDetails as v { active_invoice_id } extra {
    invoice: Invoice::from(v.invoice.clone()),
    shop: v.shop.clone().map(InvoiceShop::from),
    paysys: v.paysys.clone().map(Currency::from),
    allowed_psys_cids: v.allowed_psys_cids.iter().cloned().map(Currency::from).collect(),
    raw: raw(&v.raw),
});

/// A verified callback: an invoice status change (`ipn_type = invoice`) or a white-label deposit
/// (`ipn_type = pay_in`). Fields the callback did not carry are null.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct CallbackEvent {
    /// `Invoice` or `PayIn`.
    pub ipn_type: IpnType,
    /// Plisio transaction (invoice) ID.
    pub txn_id: Option<String>,
    /// Status (`completed`, `mismatch`, `expired`, …); `status?.isPaid()` tells whether money arrived.
    pub status: Option<Status>,
    /// Amount in the coin.
    pub amount: Option<Amount>,
    /// Coin code (or ID for deposits).
    pub currency: Option<String>,
    /// Coin ID.
    pub psys_cid: Option<String>,
    /// Amount in fiat.
    pub source_amount: Option<Amount>,
    /// Fiat currency.
    pub source_currency: Option<String>,
    /// Rate coin → fiat.
    pub source_rate: Option<Amount>,
    /// Invoice: merchant order number.
    pub order_number: Option<String>,
    /// Invoice: merchant order name.
    pub order_name: Option<String>,
    /// Deposit: your user id.
    pub deposit_uid: Option<String>,
    /// Deposit: sum credited.
    pub deposit_sum: Option<Amount>,
    /// Confirmations.
    pub confirmations: Option<i64>,
    /// Confirmations required.
    pub expected_confirmations: Option<i64>,
    /// Plisio commission.
    pub invoice_commission: Option<Amount>,
    /// Sum credited to the shop.
    pub invoice_sum: Option<Amount>,
    /// Total paid.
    pub invoice_total_sum: Option<Amount>,
    /// Amount not yet confirmed.
    pub pending_amount: Option<Amount>,
    /// The receiving address.
    pub wallet_hash: Option<String>,
    /// Explorer links.
    pub tx_urls: Vec<String>,
    /// Free-text comment with the dashboard link.
    pub comment: Option<String>,
    /// Shop name.
    pub merchant: Option<String>,
    /// Shop ID.
    pub merchant_id: Option<String>,
    /// Invoice expiry (`expire_utc`).
    pub expire_at: Option<SystemTime>,
    /// The signature that was verified.
    pub verify_hash: Option<String>,
    /// How the body was encoded.
    pub format: CallbackFormat,
    /// Every field as received (JSON mode: the body; form mode: an object of the string fields).
    pub raw: String,
}

convert!(CallbackEvent from core::CallbackEvent as v {
    txn_id, amount, currency, psys_cid, source_amount, source_currency, source_rate, order_number, order_name, deposit_uid, deposit_sum,
    confirmations, expected_confirmations, invoice_commission, invoice_sum, invoice_total_sum, pending_amount, wallet_hash, tx_urls, comment,
    merchant, merchant_id, verify_hash,
} extra {
    ipn_type: IpnType::from(&v.ipn_type),
    status: v.status.as_ref().map(Status::from),
    expire_at: time(v.expire_at),
    format: CallbackFormat::from(v.format),
    raw: raw(&v.raw),
});
