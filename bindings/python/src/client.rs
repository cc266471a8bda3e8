//! `NativeClient`: every endpoint twice, blocking (`shop_get`, GIL released while waiting) and
//! awaitable (`shop_get_async`), over one core `Client`. Arguments are positional here; the typed,
//! keyword-only API is `plisio_sdk.Client` / `plisio_sdk.AsyncClient`.

// The native methods take the Python API's keyword arguments positionally, one Rust parameter each.
#![allow(clippy::too_many_arguments)]

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{Stream, StreamExt};
use plisio_core::{self as core, Error, OperationType, Status};
use pyo3::exceptions::PyStopAsyncIteration;
use pyo3::prelude::*;

use crate::convert::{IntoPyModel, amount_text, opt_u32};
use crate::errors::Fail;
use crate::runtime::{awaitable, block_on, runtime};

/// Settings to (re)build the core client, e.g. in a forked child.
struct Config {
    api_key: String,
    base_url: Option<String>,
    timeout: Duration,
    max_retries: u32,
    language: String,
}

impl Config {
    fn build(&self) -> Result<core::Client, Error> {
        let mut b = core::Client::builder(self.api_key.as_str())
            .timeout(self.timeout)
            .max_retries(self.max_retries)
            .user_agent("python", &self.language);
        if let Some(url) = &self.base_url {
            b = b.base_url(url.as_str());
        }
        b.build()
    }
}

enum State {
    /// The core client and the process it was built in.
    Open {
        pid: u32,
        client: core::Client,
    },
    Closed,
}

fn configuration(message: &str) -> Fail {
    Fail::Core(Error::Configuration { message: message.to_owned() })
}

/// The native client behind `plisio_sdk.Client` and `plisio_sdk.AsyncClient`.
#[pyclass(frozen, module = "plisio_sdk._native")]
pub(crate) struct NativeClient {
    config: Config,
    state: Mutex<State>,
}

impl NativeClient {
    /// The core client of this process. After `os.fork()` the child gets a fresh one (its own
    /// connection pool on its own runtime); the parent's is leaked there, never used nor dropped.
    fn client(&self) -> Result<core::Client, Fail> {
        let pid = std::process::id();
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match &mut *state {
            State::Closed => Err(configuration("the client is closed; create a new one")),
            State::Open { pid: owner, client } if *owner == pid => Ok(client.clone()),
            State::Open { pid: owner, client } => {
                let fresh = self.config.build()?;
                std::mem::forget(std::mem::replace(client, fresh.clone()));
                *owner = pid;
                Ok(fresh)
            }
        }
    }

    fn payouts(py: Python<'_>, payouts: &[(String, Py<PyAny>)]) -> PyResult<Vec<(String, String)>> {
        payouts
            .iter()
            .enumerate()
            .map(|(i, (to, amount))| Ok((to.clone(), amount_text(&format!("payouts[{i}].amount"), amount.bind(py))?)))
            .collect()
    }
}

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, Fail>> + Send + 'static>>;

/// Pagination as an iterator item: an operation or a deposit.
pub(crate) enum Item {
    Operation(Box<core::Operation>),
    Deposit(core::Deposit),
}

impl IntoPyModel for Item {
    fn into_py_model(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Item::Operation(o) => (*o).into_py_model(py),
            Item::Deposit(d) => d.into_py_model(py),
        }
    }
}

type ItemStream = Pin<Box<dyn Stream<Item = core::Result<Item>> + Send>>;

/// The requests, built from positional Python arguments. Each returns the future of the call;
/// arguments that are not plain text (amounts, counters) are converted here, the rest is validated
/// by the core when the future runs (before anything is sent).
impl NativeClient {
    fn operations_query(
        py: Python<'_>,
        page: Option<i64>,
        limit: Option<i64>,
        kind: Option<String>,
        status: Option<String>,
        currency: Option<String>,
        shop_id: Option<String>,
        search: Option<String>,
    ) -> PyResult<core::OperationsQuery> {
        Ok(core::OperationsQuery {
            page: opt_u32(py, "page", page)?,
            limit: opt_u32(py, "limit", limit)?,
            r#type: kind.map(OperationType::from),
            status: status.map(Status::from),
            currency,
            shop_id,
            search,
        })
    }

    fn f_operations_list(
        &self,
        py: Python<'_>,
        page: Option<i64>,
        limit: Option<i64>,
        kind: Option<String>,
        status: Option<String>,
        currency: Option<String>,
        shop_id: Option<String>,
        search: Option<String>,
    ) -> PyResult<Fut<core::OperationsPage>> {
        let q = Self::operations_query(py, page, limit, kind, status, currency, shop_id, search)?;
        let client = self.client();
        Ok(Box::pin(async move { Ok(client?.operations().list(&q).await?) }))
    }

    fn f_operations_get(&self, _py: Python<'_>, id: String) -> PyResult<Fut<core::Operation>> {
        let client = self.client();
        Ok(Box::pin(async move { Ok(client?.operations().get(&id).await?) }))
    }

    fn f_cash_out(
        &self,
        py: Python<'_>,
        currency: String,
        to: String,
        amount: Py<PyAny>,
        fee_plan: Option<String>,
    ) -> PyResult<Fut<core::Withdrawal>> {
        let amount = amount_text("amount", amount.bind(py))?;
        let client = self.client();
        Ok(Box::pin(async move {
            let req = core::CashOut::parse(&currency, &to, &amount, fee_plan.as_deref())?;
            Ok(client?.withdrawals().cash_out(&req).await?)
        }))
    }

    fn f_mass_cash_out(
        &self,
        py: Python<'_>,
        currency: String,
        payouts: Vec<(String, Py<PyAny>)>,
        fee_plan: Option<String>,
    ) -> PyResult<Fut<core::Withdrawal>> {
        let payouts = Self::payouts(py, &payouts)?;
        let client = self.client();
        Ok(Box::pin(async move {
            let req = core::MassCashOut::parse(&currency, &payouts, fee_plan.as_deref())?;
            Ok(client?.withdrawals().mass_cash_out(&req).await?)
        }))
    }

    fn f_mass_cash_out_lists(
        &self,
        py: Python<'_>,
        currency: String,
        to: Vec<String>,
        amounts: Vec<Py<PyAny>>,
        fee_plan: Option<String>,
    ) -> PyResult<Fut<core::Withdrawal>> {
        let amounts = amounts
            .iter()
            .enumerate()
            .map(|(i, a)| amount_text(&format!("payouts[{i}].amount"), a.bind(py)))
            .collect::<PyResult<Vec<_>>>()?;
        let client = self.client();
        Ok(Box::pin(async move {
            let amounts = amounts
                .iter()
                .enumerate()
                .map(|(i, a)| core::money::parse_amount(&format!("payouts[{i}].amount"), a))
                .collect::<core::Result<Vec<_>>>()?;
            let req = core::MassCashOut::from_lists(currency, to, amounts, core::parse_fee_plan(fee_plan.as_deref())?)?;
            Ok(client?.withdrawals().mass_cash_out(&req).await?)
        }))
    }

    fn f_deposits_create(&self, _py: Python<'_>, uid: String, currencies: Vec<String>) -> PyResult<Fut<Vec<core::Deposit>>> {
        let client = self.client();
        Ok(Box::pin(async move { Ok(client?.deposits().create(&uid, &currencies).await?) }))
    }

    fn deposits_query(
        py: Python<'_>,
        uid: Option<String>,
        currencies: Option<Vec<String>>,
        page: Option<i64>,
        limit: Option<i64>,
    ) -> PyResult<core::DepositsQuery> {
        Ok(core::DepositsQuery {
            uid,
            currencies: currencies.unwrap_or_default(),
            page: opt_u32(py, "page", page)?,
            limit: opt_u32(py, "limit", limit)?,
        })
    }

    fn f_deposits_list(
        &self,
        py: Python<'_>,
        uid: Option<String>,
        currencies: Option<Vec<String>>,
        page: Option<i64>,
        limit: Option<i64>,
    ) -> PyResult<Fut<core::DepositsPage>> {
        let q = Self::deposits_query(py, uid, currencies, page, limit)?;
        let client = self.client();
        Ok(Box::pin(async move { Ok(client?.deposits().list(&q).await?) }))
    }

    fn f_invoices_create(
        &self,
        py: Python<'_>,
        order_name: String,
        order_number: String,
        amount: Option<Py<PyAny>>,
        currency: Option<String>,
        source_currency: Option<String>,
        source_amount: Option<Py<PyAny>>,
        allowed_psys_cids: Option<Vec<String>>,
        description: Option<String>,
        callback_url: Option<String>,
        success_callback_url: Option<String>,
        fail_callback_url: Option<String>,
        success_invoice_url: Option<String>,
        fail_invoice_url: Option<String>,
        email: Option<String>,
        language: Option<String>,
        plugin: Option<String>,
        version: Option<String>,
        expire_min: Option<i64>,
        return_existing: bool,
    ) -> PyResult<Fut<core::Invoice>> {
        let amount = amount.map(|a| amount_text("amount", a.bind(py))).transpose()?;
        let source_amount = source_amount.map(|a| amount_text("source_amount", a.bind(py))).transpose()?;
        let expire_min = opt_u32(py, "expire_min", expire_min)?;
        let client = self.client();
        Ok(Box::pin(async move {
            let invoice = core::NewInvoice {
                order_name,
                order_number,
                currency,
                amount: amount.map(|a| core::money::parse_amount("amount", &a)).transpose()?,
                source_currency,
                source_amount: source_amount.map(|a| core::money::parse_amount("source_amount", &a)).transpose()?,
                allowed_psys_cids: allowed_psys_cids.unwrap_or_default(),
                description,
                callback_url,
                success_callback_url,
                fail_callback_url,
                success_invoice_url,
                fail_invoice_url,
                email,
                language,
                plugin,
                version,
                expire_min,
                return_existing,
            };
            Ok(client?.invoices().create(&invoice).await?)
        }))
    }

    fn f_invoices_get(&self, _py: Python<'_>, id: String) -> PyResult<Fut<core::InvoiceDetails>> {
        let client = self.client();
        Ok(Box::pin(async move { Ok(client?.invoices().get(&id).await?) }))
    }

    fn f_balances_get(&self, _py: Python<'_>, currency: String) -> PyResult<Fut<core::Balance>> {
        let client = self.client();
        Ok(Box::pin(async move { Ok(client?.balances().get(&currency).await?) }))
    }

    fn f_fees_estimate(
        &self,
        py: Python<'_>,
        currency: String,
        payouts: Vec<(String, Py<PyAny>)>,
        fee_plan: Option<String>,
    ) -> PyResult<Fut<core::FeeEstimate>> {
        let payouts = Self::payouts(py, &payouts)?;
        let client = self.client();
        Ok(Box::pin(async move {
            let req = core::FeeEstimateRequest {
                currency,
                payouts: core::parse_payouts(&payouts)?,
                fee_plan: core::parse_fee_plan(fee_plan.as_deref())?,
            };
            Ok(client?.fees().estimate(&req).await?)
        }))
    }

    fn f_fees_commission(
        &self,
        py: Python<'_>,
        currency: String,
        payouts: Option<Vec<(String, Py<PyAny>)>>,
        kind: Option<String>,
        fee_plan: Option<String>,
    ) -> PyResult<Fut<core::Commission>> {
        let payouts = Self::payouts(py, payouts.as_deref().unwrap_or_default())?;
        let client = self.client();
        Ok(Box::pin(async move {
            let req = core::CommissionRequest {
                currency,
                payouts: if payouts.is_empty() { Vec::new() } else { core::parse_payouts(&payouts)? },
                r#type: kind.map(OperationType::from),
                fee_plan: core::parse_fee_plan(fee_plan.as_deref())?,
            };
            Ok(client?.fees().commission(&req).await?)
        }))
    }

    fn f_fees_plans(&self, _py: Python<'_>, currency: String) -> PyResult<Fut<core::FeePlans>> {
        let client = self.client();
        Ok(Box::pin(async move { Ok(client?.fees().plans(&currency).await?) }))
    }

    fn f_currencies_list(&self, _py: Python<'_>, fiat: Option<String>) -> PyResult<Fut<Vec<core::Currency>>> {
        let client = self.client();
        Ok(Box::pin(async move { Ok(client?.currencies().list(fiat.as_deref()).await?) }))
    }

    fn f_shop_get(&self, _py: Python<'_>) -> PyResult<Fut<core::Shop>> {
        let client = self.client();
        Ok(Box::pin(async move { Ok(client?.shop().get().await?) }))
    }

    fn operations_stream(&self, query: core::OperationsQuery) -> Result<ItemStream, Fail> {
        Ok(Box::pin(self.client()?.operations().stream(query).map(|r| r.map(|o| Item::Operation(Box::new(o))))))
    }

    fn deposits_stream(&self, query: core::DepositsQuery) -> Result<ItemStream, Fail> {
        Ok(Box::pin(self.client()?.deposits().stream(query).map(|r| r.map(Item::Deposit))))
    }
}

/// Generates the blocking and the awaitable method of each endpoint from its `f_…` builder.
macro_rules! endpoints {
    ($( $sync:ident / $async_:ident => $build:ident ( $($arg:ident : $ty:ty),* ); )* { $($rest:tt)* }) => {
        #[pymethods]
        impl NativeClient {
            $(
                fn $sync(&self, py: Python<'_>, $($arg: $ty),*) -> PyResult<Py<PyAny>> {
                    let fut = self.$build(py, $($arg),*)?;
                    block_on(py, fut)
                }

                fn $async_<'py>(&self, py: Python<'py>, $($arg: $ty),*) -> PyResult<Bound<'py, PyAny>> {
                    let fut = self.$build(py, $($arg),*)?;
                    awaitable(py, fut)
                }
            )*
            $($rest)*
        }
    };
}

endpoints! {
    operations_list / operations_list_async => f_operations_list(page: Option<i64>, limit: Option<i64>, kind: Option<String>, status: Option<String>, currency: Option<String>, shop_id: Option<String>, search: Option<String>);
    operations_get / operations_get_async => f_operations_get(id: String);
    withdrawals_cash_out / withdrawals_cash_out_async => f_cash_out(currency: String, to: String, amount: Py<PyAny>, fee_plan: Option<String>);
    withdrawals_mass_cash_out / withdrawals_mass_cash_out_async => f_mass_cash_out(currency: String, payouts: Vec<(String, Py<PyAny>)>, fee_plan: Option<String>);
    withdrawals_mass_cash_out_lists / withdrawals_mass_cash_out_lists_async => f_mass_cash_out_lists(currency: String, to: Vec<String>, amounts: Vec<Py<PyAny>>, fee_plan: Option<String>);
    deposits_create / deposits_create_async => f_deposits_create(uid: String, currencies: Vec<String>);
    deposits_list / deposits_list_async => f_deposits_list(uid: Option<String>, currencies: Option<Vec<String>>, page: Option<i64>, limit: Option<i64>);
    invoices_create / invoices_create_async => f_invoices_create(
        order_name: String, order_number: String, amount: Option<Py<PyAny>>, currency: Option<String>, source_currency: Option<String>,
        source_amount: Option<Py<PyAny>>, allowed_psys_cids: Option<Vec<String>>, description: Option<String>, callback_url: Option<String>,
        success_callback_url: Option<String>, fail_callback_url: Option<String>, success_invoice_url: Option<String>,
        fail_invoice_url: Option<String>, email: Option<String>, language: Option<String>, plugin: Option<String>,
        version: Option<String>, expire_min: Option<i64>, return_existing: bool
    );
    invoices_get / invoices_get_async => f_invoices_get(id: String);
    balances_get / balances_get_async => f_balances_get(currency: String);
    fees_estimate / fees_estimate_async => f_fees_estimate(currency: String, payouts: Vec<(String, Py<PyAny>)>, fee_plan: Option<String>);
    fees_commission / fees_commission_async => f_fees_commission(currency: String, payouts: Option<Vec<(String, Py<PyAny>)>>, kind: Option<String>, fee_plan: Option<String>);
    fees_plans / fees_plans_async => f_fees_plans(currency: String);
    currencies_list / currencies_list_async => f_currencies_list(fiat: Option<String>);
    shop_get / shop_get_async => f_shop_get();
    {
        #[new]
        #[pyo3(signature = (api_key, base_url, timeout, max_retries))]
        fn new(py: Python<'_>, api_key: String, base_url: Option<String>, timeout: f64, max_retries: i64) -> PyResult<NativeClient> {
            let invalid = |message: String| Fail::Core(Error::Configuration { message }).into_pyerr(py);
            let timeout = Duration::try_from_secs_f64(timeout)
                .ok()
                .filter(|t| !t.is_zero())
                .ok_or_else(|| invalid(format!("timeout must be a positive number of seconds, got {timeout}")))?;
            let max_retries = u32::try_from(max_retries).map_err(|_| invalid(format!("max_retries must be between 0 and {}, got {max_retries}", u32::MAX)))?;
            let v = py.version_info();
            let config = Config { api_key, base_url, timeout, max_retries, language: format!("python/{}.{}.{}", v.major, v.minor, v.patch) };
            let client = config.build().map_err(|e| Fail::Core(e).into_pyerr(py))?;
            Ok(NativeClient { config, state: Mutex::new(State::Open { pid: std::process::id(), client }) })
        }

        /// The base URL in use.
        #[getter]
        fn base_url(&self) -> String {
            match &*self.state.lock().unwrap_or_else(|e| e.into_inner()) {
                State::Open { client, .. } => client.base_url().to_owned(),
                State::Closed => self.config.base_url.clone().unwrap_or_else(|| core::DEFAULT_BASE_URL.to_owned()),
            }
        }

        #[getter]
        fn timeout(&self) -> f64 {
            self.config.timeout.as_secs_f64()
        }

        #[getter]
        fn max_retries(&self) -> u32 {
            self.config.max_retries
        }

        #[getter]
        fn closed(&self) -> bool {
            matches!(*self.state.lock().unwrap_or_else(|e| e.into_inner()), State::Closed)
        }

        /// Release the connection pool; later calls raise `ConfigurationError`.
        fn close(&self) {
            let old = std::mem::replace(&mut *self.state.lock().unwrap_or_else(|e| e.into_inner()), State::Closed);
            if let State::Open { pid, client } = old
                && pid != std::process::id()
            {
                std::mem::forget(client);
            }
        }

        /// `text` with the API key masked (for your own logs).
        fn redact(&self, text: &str) -> String {
            core::redact::redact(text, &self.config.api_key).into_owned()
        }

            fn operations_iter(
            &self,
            py: Python<'_>,
            page: Option<i64>,
            limit: Option<i64>,
            kind: Option<String>,
            status: Option<String>,
            currency: Option<String>,
            shop_id: Option<String>,
            search: Option<String>,
        ) -> PyResult<ItemIterator> {
            let q = Self::operations_query(py, page, limit, kind, status, currency, shop_id, search)?;
            let stream = self.operations_stream(q).map_err(|f| f.into_pyerr(py))?;
            Ok(ItemIterator { pid: std::process::id(), stream: Mutex::new(Some(stream)) })
        }

            fn operations_aiter(
            &self,
            py: Python<'_>,
            page: Option<i64>,
            limit: Option<i64>,
            kind: Option<String>,
            status: Option<String>,
            currency: Option<String>,
            shop_id: Option<String>,
            search: Option<String>,
        ) -> PyResult<AsyncItemIterator> {
            let q = Self::operations_query(py, page, limit, kind, status, currency, shop_id, search)?;
            let stream = self.operations_stream(q).map_err(|f| f.into_pyerr(py))?;
            Ok(AsyncItemIterator { pid: std::process::id(), stream: Arc::new(tokio::sync::Mutex::new(Some(stream))) })
        }

        fn deposits_iter(&self, py: Python<'_>, uid: Option<String>, currencies: Option<Vec<String>>, limit: Option<i64>) -> PyResult<ItemIterator> {
            let q = Self::deposits_query(py, uid, currencies, None, limit)?;
            let stream = self.deposits_stream(q).map_err(|f| f.into_pyerr(py))?;
            Ok(ItemIterator { pid: std::process::id(), stream: Mutex::new(Some(stream)) })
        }

        fn deposits_aiter(&self, py: Python<'_>, uid: Option<String>, currencies: Option<Vec<String>>, limit: Option<i64>) -> PyResult<AsyncItemIterator> {
            let q = Self::deposits_query(py, uid, currencies, None, limit)?;
            let stream = self.deposits_stream(q).map_err(|f| f.into_pyerr(py))?;
            Ok(AsyncItemIterator { pid: std::process::id(), stream: Arc::new(tokio::sync::Mutex::new(Some(stream))) })
        }

        fn __repr__(&self) -> String {
            format!("NativeClient(base_url={:?}, api_key='***')", self.base_url())
        }
    }
}

fn forked_iterator() -> Fail {
    configuration("this iterator was created in another process (before os.fork()); start a new iteration in this process")
}

/// A blocking iterator over every item of a paginated listing (pages fetched lazily).
#[pyclass(frozen, module = "plisio_sdk._native")]
pub(crate) struct ItemIterator {
    pid: u32,
    /// `None` once exhausted or after an error.
    stream: Mutex<Option<ItemStream>>,
}

#[pymethods]
impl ItemIterator {
    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        if self.pid != std::process::id() {
            return Err(forked_iterator().into_pyerr(py));
        }
        let rt = runtime();
        // The lock is taken without the GIL: another thread may hold it while it waits for I/O.
        let next = py.detach(|| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let mut guard = self.stream.lock().unwrap_or_else(|e| e.into_inner());
                let item = match guard.as_mut() {
                    Some(stream) => rt.block_on(stream.next()),
                    None => None,
                };
                if !matches!(item, Some(Ok(_))) {
                    *guard = None;
                }
                item
            }))
        });
        match next {
            Ok(Some(Ok(item))) => item.into_py_model(py).map(Some),
            Ok(Some(Err(e))) => Err(Fail::Core(e).into_pyerr(py)),
            Ok(None) => Ok(None),
            Err(panic) => Err(Fail::Panic(crate::runtime::panic_message(&panic)).into_pyerr(py)),
        }
    }
}

/// An asynchronous iterator (`async for`) over every item of a paginated listing.
#[pyclass(frozen, module = "plisio_sdk._native")]
pub(crate) struct AsyncItemIterator {
    pid: u32,
    stream: Arc<tokio::sync::Mutex<Option<ItemStream>>>,
}

#[pymethods]
impl AsyncItemIterator {
    fn __aiter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __anext__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if self.pid != std::process::id() {
            return Err(forked_iterator().into_pyerr(py));
        }
        let stream = Arc::clone(&self.stream);
        awaitable(py, async move {
            let mut guard = stream.lock().await;
            let item = match guard.as_mut() {
                Some(s) => s.next().await,
                None => None,
            };
            match item {
                Some(Ok(item)) => Ok(item),
                Some(Err(e)) => {
                    *guard = None;
                    Err(Fail::Core(e))
                }
                None => {
                    *guard = None;
                    Err(Fail::Py(PyStopAsyncIteration::new_err(())))
                }
            }
        })
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeClient>()?;
    m.add_class::<ItemIterator>()?;
    m.add_class::<AsyncItemIterator>()?;
    Ok(())
}
