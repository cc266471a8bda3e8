//! `PlisioClient` and its namespaces (`client.operations()`, `client.withdrawals()`, …), each method
//! an async function (Kotlin `suspend`, Swift `async throws`) run on uniffi's tokio runtime.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{FutureExt, Stream, StreamExt};

use plisio_core as core;

use crate::error::PlisioError;
use crate::models::{
    Balance, Commission, Currency, Deposit, DepositsPage, FeeEstimate, FeePlans, Invoice, InvoiceDetails, Operation, OperationsPage, Shop,
};
use crate::types::{FeePlan, OperationType, Status};

type Result<T> = std::result::Result<T, PlisioError>;

/// How to build a [`PlisioClient`].
#[derive(Clone, Debug, uniffi::Record)]
pub struct ClientOptions {
    /// Your shop's secret API key.
    pub api_key: String,
    /// API base URL; default `https://api.plisio.net/api/v1`. Plain `http://` only for loopback
    /// (the sandbox: `http://127.0.0.1:<port>/api/v1`).
    #[uniffi(default)]
    pub base_url: Option<String>,
    /// Total time allowed for one attempt, in milliseconds (default 30000).
    #[uniffi(default)]
    pub timeout_ms: Option<u64>,
    /// Retries of read calls after the first attempt (default 2). Withdrawals and invoice creation
    /// are never retried once sent.
    #[uniffi(default)]
    pub max_retries: Option<u32>,
    /// Binding name in the User-Agent (default `uniffi`; e.g. `kotlin`, `swift`).
    #[uniffi(default)]
    pub binding: Option<String>,
    /// Runtime in the User-Agent (default the OS name; e.g. `jvm/17`, `ios/17`).
    #[uniffi(default)]
    pub runtime: Option<String>,
}

/// A Plisio API client. Create one per API key and share it: it holds the connection pool and is
/// safe to use from many coroutines / tasks at once.
#[derive(Debug, uniffi::Object)]
pub struct PlisioClient {
    inner: core::Client,
}

#[uniffi::export]
impl PlisioClient {
    /// Build a client. Throws `PlisioError.Configuration` for an empty key or an unsafe base URL.
    #[uniffi::constructor]
    pub fn new(options: ClientOptions) -> Result<Arc<Self>> {
        crate::guarded_sync(|| {
            let mut b = core::Client::builder(options.api_key);
            b = b.user_agent(options.binding.as_deref().unwrap_or("uniffi"), options.runtime.as_deref().unwrap_or(std::env::consts::OS));
            if let Some(url) = options.base_url {
                b = b.base_url(url);
            }
            if let Some(ms) = options.timeout_ms {
                b = b.timeout(Duration::from_millis(ms));
            }
            if let Some(n) = options.max_retries {
                b = b.max_retries(n);
            }
            Ok(Arc::new(PlisioClient { inner: b.build()? }))
        })
    }

    /// The base URL in use.
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_owned()
    }

    /// Operations (transactions): list and details.
    pub fn operations(&self) -> Arc<OperationsApi> {
        Arc::new(OperationsApi { client: self.inner.clone() })
    }

    /// Withdrawals (money-moving, never retried).
    pub fn withdrawals(&self) -> Arc<WithdrawalsApi> {
        Arc::new(WithdrawalsApi { client: self.inner.clone() })
    }

    /// White-label deposit addresses.
    pub fn deposits(&self) -> Arc<DepositsApi> {
        Arc::new(DepositsApi { client: self.inner.clone() })
    }

    /// Invoices.
    pub fn invoices(&self) -> Arc<InvoicesApi> {
        Arc::new(InvoicesApi { client: self.inner.clone() })
    }

    /// Balances.
    pub fn balances(&self) -> Arc<BalancesApi> {
        Arc::new(BalancesApi { client: self.inner.clone() })
    }

    /// Fees, commissions and fee plans.
    pub fn fees(&self) -> Arc<FeesApi> {
        Arc::new(FeesApi { client: self.inner.clone() })
    }

    /// Supported currencies and rates.
    pub fn currencies(&self) -> Arc<CurrenciesApi> {
        Arc::new(CurrenciesApi { client: self.inner.clone() })
    }

    /// Your shop.
    pub fn shop(&self) -> Arc<ShopApi> {
        Arc::new(ShopApi { client: self.inner.clone() })
    }
}

/// Filters and paging for `operations().list(..)`. Every field is optional.
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct OperationsQuery {
    /// Page number (1-based).
    #[uniffi(default)]
    pub page: Option<u32>,
    /// Page size (1–100).
    #[uniffi(default)]
    pub limit: Option<u32>,
    /// Operation type.
    #[uniffi(default)]
    pub r#type: Option<OperationType>,
    /// Status.
    #[uniffi(default)]
    pub status: Option<Status>,
    /// Coin ID.
    #[uniffi(default)]
    pub currency: Option<String>,
    /// Shop ID.
    #[uniffi(default)]
    pub shop_id: Option<String>,
    /// Text search: transaction id, order number or customer e-mail.
    #[uniffi(default)]
    pub search: Option<String>,
}

/// Operations (transactions).
#[derive(Debug, uniffi::Object)]
pub struct OperationsApi {
    client: core::Client,
}

#[uniffi::export(async_runtime = "tokio")]
impl OperationsApi {
    /// One page of operations.
    #[uniffi::method(default(query = None))]
    pub async fn list(&self, query: Option<OperationsQuery>) -> Result<OperationsPage> {
        guarded(async { Ok(self.client.operations().list(&core_query(query.unwrap_or_default())).await?.into()) }).await
    }

    /// Details of one operation.
    pub async fn get(&self, id: String) -> Result<Operation> {
        guarded(async { Ok(self.client.operations().get(&id).await?.into()) }).await
    }

    /// Every operation matching `query`, page after page (the core's auto-pagination: operations that
    /// reappear on a later page are yielded once). Nothing is sent until the first `next()`.
    #[uniffi::method(default(query = None))]
    pub fn stream(&self, query: Option<OperationsQuery>) -> Arc<OperationsStream> {
        Arc::new(OperationsStream::new(self.client.operations().stream(core_query(query.unwrap_or_default()))))
    }
}

/// Runs a core call so that a panic inside it becomes `PlisioError::Internal` (code `internal`, as in
/// every other language) instead of uniffi's generic internal exception.
pub(crate) async fn guarded<T>(call: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    std::panic::AssertUnwindSafe(call).catch_unwind().await.unwrap_or_else(|panic| Err(core::Error::from_panic(panic.as_ref()).into()))
}

fn core_query(q: OperationsQuery) -> core::OperationsQuery {
    core::OperationsQuery {
        page: q.page,
        limit: q.limit,
        r#type: q.r#type.as_ref().map(core::OperationType::from),
        status: q.status.as_ref().map(core::Status::from),
        currency: q.currency,
        shop_id: q.shop_id,
        search: q.search,
    }
}

/// A pull-based stream over a core stream: `next()` awaits the next item, null at the end.
macro_rules! item_stream {
    ($(#[$meta:meta])* $name:ident of $item:ident from $core_item:ty) => {
        $(#[$meta])*
        #[derive(uniffi::Object)]
        pub struct $name {
            inner: tokio::sync::Mutex<Pin<Box<dyn Stream<Item = core::Result<$core_item>> + Send>>>,
        }

        impl $name {
            fn new(stream: impl Stream<Item = core::Result<$core_item>> + Send + 'static) -> Self {
                $name { inner: tokio::sync::Mutex::new(Box::pin(stream)) }
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(stringify!($name))
            }
        }

        #[uniffi::export(async_runtime = "tokio")]
        impl $name {
            /// The next item, or null when there are no more. After an error the stream ends.
            pub async fn next(&self) -> Result<Option<$item>> {
                guarded(async {
                    match self.inner.lock().await.next().await {
                        None => Ok(None),
                        Some(item) => Ok(Some(item?.into())),
                    }
                })
                .await
            }
        }
    };
}

item_stream! {
    /// Auto-pagination over the operations list (`operations().stream(query)`).
    OperationsStream of Operation from core::Operation
}

item_stream! {
    /// Auto-pagination over the deposit addresses (`deposits().stream(query)`).
    DepositsStream of Deposit from core::Deposit
}

/// One destination of a mass withdrawal or a fee estimate. `amount` is a plain decimal string
/// (`"0.001"`, e.g. `BigDecimal.toPlainString()`); invalid amounts throw `PlisioError.InvalidInput`
/// naming `payouts[i].amount`.
#[derive(Clone, Debug, uniffi::Record)]
pub struct PayoutRequest {
    /// Destination address.
    pub to: String,
    /// Amount as a plain decimal string.
    pub amount: String,
}

fn payout_pairs(payouts: &[PayoutRequest]) -> Vec<(&str, &str)> {
    payouts.iter().map(|p| (p.to.as_str(), p.amount.as_str())).collect()
}

/// The wire text of a fee plan, for the core's validating parsers (`fee_plan` must be an identifier).
fn plan_text(plan: &Option<FeePlan>) -> Option<&str> {
    plan.as_ref().map(FeePlan::wire)
}

/// Withdrawals: they move money, are sent at most once and never retried.
#[derive(Debug, uniffi::Object)]
pub struct WithdrawalsApi {
    client: core::Client,
}

#[uniffi::export(async_runtime = "tokio")]
impl WithdrawalsApi {
    /// Send `amount` (a plain decimal string such as `"0.001"`) of `currency` to one address.
    ///
    /// On `PlisioError.OutcomeUnknown` the withdrawal may have happened: look it up in
    /// `operations().list(..)` before trying again.
    #[uniffi::method(default(fee_plan = None))]
    pub async fn cash_out(&self, currency: String, to: String, amount: String, fee_plan: Option<FeePlan>) -> Result<Operation> {
        guarded(async {
            let req = core::CashOut::parse(&currency, &to, &amount, plan_text(&fee_plan))?;
            Ok(self.client.withdrawals().cash_out(&req).await?.into())
        })
        .await
    }

    /// Send to several addresses in one transaction (`mass_cash_out`). Each address at most once.
    #[uniffi::method(default(fee_plan = None))]
    pub async fn mass_cash_out(&self, currency: String, payouts: Vec<PayoutRequest>, fee_plan: Option<FeePlan>) -> Result<Operation> {
        guarded(async {
            let req = core::MassCashOut::parse(&currency, &payout_pairs(&payouts), plan_text(&fee_plan))?;
            Ok(self.client.withdrawals().mass_cash_out(&req).await?.into())
        })
        .await
    }

    /// [`mass_cash_out`](Self::mass_cash_out) from parallel lists of addresses and amounts (plain
    /// decimal strings), as Plisio's own `to`/`amount` lists. Their lengths must match.
    #[uniffi::method(default(fee_plan = None))]
    pub async fn mass_cash_out_lists(
        &self,
        currency: String,
        to: Vec<String>,
        amounts: Vec<String>,
        fee_plan: Option<FeePlan>,
    ) -> Result<Operation> {
        let amounts = amounts
            .iter()
            .enumerate()
            .map(|(i, a)| core::money::parse_amount(&format!("payouts[{i}].amount"), a))
            .collect::<core::Result<Vec<_>>>()?;
        let req = core::MassCashOut::from_lists(currency, to, amounts, core::parse_fee_plan(plan_text(&fee_plan))?)?;
        Ok(self.client.withdrawals().mass_cash_out(&req).await?.into())
    }
}

/// Filters and paging for `deposits().list(..)`.
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct DepositsQuery {
    /// Your user identifier.
    #[uniffi(default)]
    pub uid: Option<String>,
    /// Coin IDs.
    #[uniffi(default)]
    pub currencies: Vec<String>,
    /// Page number (default 1).
    #[uniffi(default)]
    pub page: Option<u32>,
    /// Page size (default 20).
    #[uniffi(default)]
    pub limit: Option<u32>,
}

fn deposits_query(q: DepositsQuery) -> core::DepositsQuery {
    core::DepositsQuery { uid: q.uid, currencies: q.currencies, page: q.page, limit: q.limit }
}

/// White-label deposit addresses.
#[derive(Debug, uniffi::Object)]
pub struct DepositsApi {
    client: core::Client,
}

#[uniffi::export(async_runtime = "tokio")]
impl DepositsApi {
    /// Get (or create) the permanent deposit address of user `uid` for each coin (one element per coin).
    pub async fn create(&self, uid: String, currencies: Vec<String>) -> Result<Vec<Deposit>> {
        guarded(async { Ok(self.client.deposits().create(&uid, &currencies).await?.into_iter().map(Deposit::from).collect()) }).await
    }

    /// One page of deposit addresses.
    #[uniffi::method(default(query = None))]
    pub async fn list(&self, query: Option<DepositsQuery>) -> Result<DepositsPage> {
        guarded(async { Ok(self.client.deposits().list(&deposits_query(query.unwrap_or_default())).await?.into()) }).await
    }

    /// Every deposit address matching `query`, page after page until a short page.
    #[uniffi::method(default(query = None))]
    pub fn stream(&self, query: Option<DepositsQuery>) -> Arc<DepositsStream> {
        Arc::new(DepositsStream::new(self.client.deposits().stream(deposits_query(query.unwrap_or_default()))))
    }
}

/// A new invoice: `amount` in the coin, or `source_currency` + `source_amount` (fiat). Amounts are
/// plain decimal strings.
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct NewInvoice {
    /// Merchant order name (required).
    pub order_name: String,
    /// Merchant order number, unique per shop (required).
    pub order_number: String,
    /// Coin ID; Plisio picks one of the shop's coins when null.
    #[uniffi(default)]
    pub currency: Option<String>,
    /// Amount in the coin (plain decimal string).
    #[uniffi(default)]
    pub amount: Option<String>,
    /// Fiat currency of `source_amount`.
    #[uniffi(default)]
    pub source_currency: Option<String>,
    /// Amount in fiat (plain decimal string).
    #[uniffi(default)]
    pub source_amount: Option<String>,
    /// Coins the payer may choose from.
    #[uniffi(default)]
    pub allowed_psys_cids: Vec<String>,
    /// Description.
    #[uniffi(default)]
    pub description: Option<String>,
    /// Status callback URL (append `json=true` to its query for JSON callbacks).
    #[uniffi(default)]
    pub callback_url: Option<String>,
    /// Success callback URL.
    #[uniffi(default)]
    pub success_callback_url: Option<String>,
    /// Failure callback URL.
    #[uniffi(default)]
    pub fail_callback_url: Option<String>,
    /// "To the site" link on a paid invoice.
    #[uniffi(default)]
    pub success_invoice_url: Option<String>,
    /// "To the site" link on an unpaid invoice.
    #[uniffi(default)]
    pub fail_invoice_url: Option<String>,
    /// Payer e-mail.
    #[uniffi(default)]
    pub email: Option<String>,
    /// Interface language (`en_US`).
    #[uniffi(default)]
    pub language: Option<String>,
    /// Integration name.
    #[uniffi(default)]
    pub plugin: Option<String>,
    /// Integration version.
    #[uniffi(default)]
    pub version: Option<String>,
    /// Minutes until expiry.
    #[uniffi(default)]
    pub expire_min: Option<u32>,
    /// Return the existing invoice for a duplicate `order_number` instead of an error.
    #[uniffi(default)]
    pub return_existing: bool,
}

fn opt_amount(field: &str, text: Option<&str>) -> core::Result<Option<core::Decimal>> {
    text.map(|t| core::money::parse_amount(field, t)).transpose()
}

impl NewInvoice {
    fn to_core(&self) -> core::Result<core::NewInvoice> {
        Ok(core::NewInvoice {
            order_name: self.order_name.clone(),
            order_number: self.order_number.clone(),
            currency: self.currency.clone(),
            amount: opt_amount("amount", self.amount.as_deref())?,
            source_currency: self.source_currency.clone(),
            source_amount: opt_amount("source_amount", self.source_amount.as_deref())?,
            allowed_psys_cids: self.allowed_psys_cids.clone(),
            description: self.description.clone(),
            callback_url: self.callback_url.clone(),
            success_callback_url: self.success_callback_url.clone(),
            fail_callback_url: self.fail_callback_url.clone(),
            success_invoice_url: self.success_invoice_url.clone(),
            fail_invoice_url: self.fail_invoice_url.clone(),
            email: self.email.clone(),
            language: self.language.clone(),
            plugin: self.plugin.clone(),
            version: self.version.clone(),
            expire_min: self.expire_min,
            return_existing: self.return_existing,
        })
    }
}

/// Invoices.
#[derive(Debug, uniffi::Object)]
pub struct InvoicesApi {
    client: core::Client,
}

#[uniffi::export(async_runtime = "tokio")]
impl InvoicesApi {
    /// Create an invoice. Never retried once sent; on `PlisioError.OutcomeUnknown` search the
    /// operations by order number, or resend with `return_existing = true`.
    pub async fn create(&self, invoice: NewInvoice) -> Result<Invoice> {
        guarded(async {
            let inv = invoice.to_core()?;
            Ok(self.client.invoices().create(&inv).await?.into())
        })
        .await
    }

    /// Invoice details.
    pub async fn get(&self, id: String) -> Result<InvoiceDetails> {
        guarded(async { Ok(self.client.invoices().get(&id).await?.into()) }).await
    }

    /// Set the payer's e-mail on an invoice; answers the invoice details.
    pub async fn set_email(&self, id: String, email: String) -> Result<InvoiceDetails> {
        guarded(async { Ok(self.client.invoices().set_email(&id, &email).await?.into()) }).await
    }

    /// Switch the coin the payer pays with. Plisio creates a child invoice (see
    /// `active_invoice_id`), so this call is not retried once sent.
    pub async fn switch_currency(&self, id: String, currency: String) -> Result<InvoiceDetails> {
        guarded(async { Ok(self.client.invoices().switch_currency(&id, &currency).await?.into()) }).await
    }
}

/// Balances.
#[derive(Debug, uniffi::Object)]
pub struct BalancesApi {
    client: core::Client,
}

#[uniffi::export(async_runtime = "tokio")]
impl BalancesApi {
    /// The balance of one coin.
    pub async fn get(&self, currency: String) -> Result<Balance> {
        guarded(async { Ok(self.client.balances().get(&currency).await?.into()) }).await
    }
}

/// Fees, commissions and fee plans.
#[derive(Debug, uniffi::Object)]
pub struct FeesApi {
    client: core::Client,
}

#[uniffi::export(async_runtime = "tokio")]
impl FeesApi {
    /// Network fee for sending `payouts` of `currency`.
    #[uniffi::method(default(fee_plan = None))]
    pub async fn estimate(&self, currency: String, payouts: Vec<PayoutRequest>, fee_plan: Option<FeePlan>) -> Result<FeeEstimate> {
        guarded(async {
            let req = core::FeeEstimateRequest {
                currency,
                payouts: core::parse_payouts(&payout_pairs(&payouts))?,
                fee_plan: core::parse_fee_plan(plan_text(&fee_plan))?,
            };
            Ok(self.client.fees().estimate(&req).await?.into())
        })
        .await
    }

    /// Network fee plus Plisio commission (payouts optional).
    #[uniffi::method(default(payouts = [], r#type = None, fee_plan = None))]
    pub async fn commission(
        &self,
        currency: String,
        payouts: Vec<PayoutRequest>,
        r#type: Option<OperationType>,
        fee_plan: Option<FeePlan>,
    ) -> Result<Commission> {
        let payouts = if payouts.is_empty() { Vec::new() } else { core::parse_payouts(&payout_pairs(&payouts))? };
        let req = core::CommissionRequest {
            currency,
            payouts,
            r#type: r#type.as_ref().map(core::OperationType::from),
            fee_plan: core::parse_fee_plan(plan_text(&fee_plan))?,
        };
        Ok(self.client.fees().commission(&req).await?.into())
    }

    /// Fee plans of a coin.
    pub async fn plans(&self, currency: String) -> Result<FeePlans> {
        guarded(async { Ok(self.client.fees().plans(&currency).await?.into()) }).await
    }
}

/// Supported cryptocurrencies.
#[derive(Debug, uniffi::Object)]
pub struct CurrenciesApi {
    client: core::Client,
}

#[uniffi::export(async_runtime = "tokio")]
impl CurrenciesApi {
    /// Coins with their rates in `fiat` (USD when null).
    #[uniffi::method(default(fiat = None))]
    pub async fn list(&self, fiat: Option<String>) -> Result<Vec<Currency>> {
        guarded(async { Ok(self.client.currencies().list(fiat.as_deref()).await?.into_iter().map(Currency::from).collect()) }).await
    }
}

/// Your shop.
#[derive(Debug, uniffi::Object)]
pub struct ShopApi {
    client: core::Client,
}

#[uniffi::export(async_runtime = "tokio")]
impl ShopApi {
    /// Shop settings, including whether white-label is enabled.
    pub async fn get(&self) -> Result<Shop> {
        guarded(async { Ok(self.client.shop().get().await?.into()) }).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_in_a_call_becomes_an_internal_error() {
        match guarded::<u8>(async { panic!("deliberate test panic") }).await {
            Err(PlisioError::Internal { details }) => assert!(details.contains("deliberate test panic"), "{details}"),
            other => panic!("{other:?}"),
        }
        let sync = crate::guarded_sync(|| -> Result<()> { panic!("{}", String::from("owned payload")) });
        assert!(
            matches!(sync, Err(ref e @ PlisioError::Internal { .. }) if e.code() == "internal" && e.to_string().contains("owned payload"))
        );
        assert_eq!(guarded(async { Ok(7) }).await, Ok(7));
    }
}
