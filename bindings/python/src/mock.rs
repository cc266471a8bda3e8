//! The Rust sandbox (`plisio-mock`) started in-process, for `plisio_sdk.testing.MockServer`.
//! Structured inputs and outputs cross as JSON text (the mock's own serde forms).

use std::sync::{Arc, Mutex};

use plisio_core::Decimal;
use plisio_mock::{Fault, MockConfig, MockError, MockServer, PayIn, PayInvoice, SimulationResult};
use pyo3::exceptions::{PyLookupError, PyOSError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::convert::{ToPy, decimal_type};
use crate::errors::Fail;
use crate::runtime::{awaitable, block_on};

fn from_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> PyResult<T> {
    serde_json::from_str(text).map_err(|e| PyValueError::new_err(format!("invalid {what}: {e}")))
}

/// JSON text → Python values, decimals as `Decimal`.
fn to_python(py: Python<'_>, value: &impl serde::Serialize) -> PyResult<Py<PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let text = serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let loads = LOADS.get_or_try_init(py, || py.import("json")?.getattr("loads").map(Bound::unbind))?;
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("parse_float", decimal_type(py)?)?;
    Ok(loads.bind(py).call((text,), Some(&kwargs))?.unbind())
}

fn mock_error(e: MockError) -> PyErr {
    match e {
        MockError::NotFound(m) => PyLookupError::new_err(format!("plisio mock: not found: {m}")),
        MockError::InvalidRequest(m) => PyValueError::new_err(format!("plisio mock: invalid request: {m}")),
        other => PyRuntimeError::new_err(format!("plisio mock: {other}")),
    }
}

/// A simulation's result, converted to Python under the GIL.
struct Simulation(Result<SimulationResult, MockError>);

impl crate::convert::IntoPyModel for Simulation {
    fn into_py_model(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_python(py, &self.0.map_err(mock_error)?)
    }
}

/// A running sandbox on 127.0.0.1 (its own runtime thread).
#[pyclass(frozen, module = "plisio_sdk._native")]
pub(crate) struct NativeMockServer {
    pid: u32,
    /// Plain data, readable in forked children too (the server itself lives in the parent).
    url: String,
    root_url: String,
    api_key: String,
    server: Mutex<Option<Arc<MockServer>>>,
}

impl NativeMockServer {
    fn server(&self) -> PyResult<Arc<MockServer>> {
        if self.pid != std::process::id() {
            return Err(PyRuntimeError::new_err(
                "this MockServer belongs to the parent process (it was started before os.fork()); start one in this process",
            ));
        }
        self.server
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| PyRuntimeError::new_err("the MockServer has been shut down"))
    }
}

impl Drop for NativeMockServer {
    fn drop(&mut self) {
        if self.pid != std::process::id()
            && let Some(server) = self.server.get_mut().unwrap_or_else(|e| e.into_inner()).take()
        {
            // Its threads live in the parent: joining them here would wait forever.
            std::mem::forget(server);
        }
    }
}

#[pymethods]
impl NativeMockServer {
    /// Start a sandbox; `config` is the JSON form of plisio_mock::MockConfig (missing fields default).
    #[new]
    #[pyo3(signature = (config = None))]
    fn new(py: Python<'_>, config: Option<&str>) -> PyResult<NativeMockServer> {
        let config: MockConfig = match config {
            Some(text) => from_json("MockServer configuration", text)?,
            None => MockConfig::default(),
        };
        let server = py
            .detach(|| MockServer::start_blocking(config))
            .map_err(|e| PyOSError::new_err(format!("the Plisio sandbox could not start: {e}")))?;
        Ok(NativeMockServer {
            pid: std::process::id(),
            url: server.url(),
            root_url: server.root_url(),
            api_key: server.api_key().to_owned(),
            server: Mutex::new(Some(Arc::new(server))),
        })
    }

    #[getter]
    fn url(&self) -> &str {
        &self.url
    }

    #[getter]
    fn root_url(&self) -> &str {
        &self.root_url
    }

    #[getter]
    fn api_key(&self) -> &str {
        &self.api_key
    }

    #[getter]
    fn running(&self) -> bool {
        self.server.lock().unwrap_or_else(|e| e.into_inner()).is_some()
    }

    /// Queue a fault (JSON form of plisio_mock::Fault).
    fn push_fault(&self, fault: &str) -> PyResult<()> {
        let fault: Fault = from_json("fault", fault)?;
        self.server()?.push_fault(fault);
        Ok(())
    }

    fn clear_faults(&self) -> PyResult<()> {
        self.server()?.clear_faults();
        Ok(())
    }

    /// The request log, as dicts.
    fn requests(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_python(py, &self.server()?.requests())
    }

    fn clear_requests(&self) -> PyResult<()> {
        self.server()?.clear_requests();
        Ok(())
    }

    fn set_balance(&self, psys_cid: &str, amount: &str) -> PyResult<()> {
        let amount = Decimal::from_str_exact(amount).map_err(|e| PyValueError::new_err(format!("invalid amount {amount:?}: {e}")))?;
        self.server()?.set_balance(psys_cid, amount);
        Ok(())
    }

    fn balance(&self, py: Python<'_>, psys_cid: &str) -> PyResult<Py<PyAny>> {
        self.server()?.balance(psys_cid).to_py(py, false)
    }

    fn seed_operations(&self, count: usize, kind: Option<&str>, psys_cid: Option<&str>) -> PyResult<usize> {
        Ok(self.server()?.seed_operations(count, kind, psys_cid))
    }

    fn set_white_label(&self, on: bool) -> PyResult<()> {
        self.server()?.set_white_label(on);
        Ok(())
    }

    fn set_callback_url(&self, url: Option<String>) -> PyResult<()> {
        self.server()?.set_callback_url(url);
        Ok(())
    }

    fn reset(&self) -> PyResult<()> {
        self.server()?.reset();
        Ok(())
    }

    /// Simulate a deposit (JSON form of plisio_mock::PayIn); blocks with the GIL released.
    fn pay_in(&self, py: Python<'_>, request: &str) -> PyResult<Py<PyAny>> {
        let req: PayIn = from_json("pay_in request", request)?;
        let server = self.server()?;
        block_on(py, async move { Ok::<_, Fail>(Simulation(server.simulate_pay_in(req).await)) })
    }

    fn pay_in_async<'py>(&self, py: Python<'py>, request: &str) -> PyResult<Bound<'py, PyAny>> {
        let req: PayIn = from_json("pay_in request", request)?;
        let server = self.server()?;
        awaitable(py, async move { Ok::<_, Fail>(Simulation(server.simulate_pay_in(req).await)) })
    }

    /// Pay an invoice (JSON form of plisio_mock::PayInvoice); blocks with the GIL released.
    fn pay_invoice(&self, py: Python<'_>, request: &str) -> PyResult<Py<PyAny>> {
        let req: PayInvoice = from_json("pay_invoice request", request)?;
        let server = self.server()?;
        block_on(py, async move { Ok::<_, Fail>(Simulation(server.pay_invoice(req).await)) })
    }

    fn pay_invoice_async<'py>(&self, py: Python<'py>, request: &str) -> PyResult<Bound<'py, PyAny>> {
        let req: PayInvoice = from_json("pay_invoice request", request)?;
        let server = self.server()?;
        awaitable(py, async move { Ok::<_, Fail>(Simulation(server.pay_invoice(req).await)) })
    }

    /// Stop the server and wait until it has stopped (idempotent).
    fn shutdown(&self, py: Python<'_>) {
        let taken = self.server.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(server) = taken {
            if self.pid == std::process::id() {
                // The last reference joins the server thread: do it without the GIL.
                py.detach(move || drop(server));
            } else {
                std::mem::forget(server);
            }
        }
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeMockServer>()?;
    m.add("DEFAULT_MOCK_API_KEY", plisio_mock::DEFAULT_API_KEY)?;
    Ok(())
}
