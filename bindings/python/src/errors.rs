//! Core errors → the exception classes of `plisio_sdk.errors` (defined in Python so that they
//! pickle with their attributes). The class is chosen by `Error::code()`; attributes are plain
//! values read from the core error, which never contains the API key.

use plisio_core::Error;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

/// Why a native call failed.
pub(crate) enum Fail {
    /// A core error.
    Core(Error),
    /// A Rust panic, caught before it reached Python.
    Panic(String),
    /// An error already in Python form.
    Py(PyErr),
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Core(e)
    }
}

impl From<PyErr> for Fail {
    fn from(e: PyErr) -> Self {
        Fail::Py(e)
    }
}

impl Fail {
    pub(crate) fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self {
            Fail::Core(e) => core_error(py, &e),
            Fail::Py(e) => e,
            Fail::Panic(message) => {
                build(py, "internal", &format!("internal error in the Plisio SDK (a bug, please report it): {message}"), |_| Ok(()))
                    .unwrap_or_else(|e| e)
            }
        }
    }
}

/// `plisio_sdk.errors._from_native(code, message, attrs) -> PlisioError`.
fn build(py: Python<'_>, code: &str, message: &str, fill: impl FnOnce(&Bound<'_, PyDict>) -> PyResult<()>) -> PyResult<PyErr> {
    static FACTORY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let factory = FACTORY.get_or_try_init(py, || py.import("plisio_sdk.errors")?.getattr("_from_native").map(Bound::unbind))?;
    let attrs = PyDict::new(py);
    fill(&attrs)?;
    let exc = factory.bind(py).call1((code, message, attrs))?;
    Ok(PyErr::from_value(exc))
}

/// The Python exception for a core error.
pub(crate) fn core_error(py: Python<'_>, e: &Error) -> PyErr {
    build(py, e.code(), &e.to_string(), |d| {
        d.set_item("retryable", e.is_retryable())?;
        d.set_item("http_status", e.http_status())?;
        d.set_item("plisio_code", e.plisio_code())?;
        if let Some(api) = e.api_details() {
            d.set_item("plisio_name", api.name.as_deref())?;
            d.set_item("plisio_message", &api.message)?;
            d.set_item("field_errors", &api.field_errors)?;
        }
        match e {
            Error::RateLimited { retry_after, .. } => d.set_item("retry_after", retry_after.map(|r| r.as_secs_f64()))?,
            Error::InvalidInput { field, .. } => d.set_item("field", field)?,
            Error::Timeout { endpoint, attempts } => {
                d.set_item("endpoint", endpoint)?;
                d.set_item("attempts", attempts)?;
            }
            Error::Connection { endpoint, .. } | Error::OutcomeUnknown { endpoint, .. } => d.set_item("endpoint", endpoint)?,
            Error::Decode { endpoint, snippet, .. } => {
                d.set_item("endpoint", endpoint)?;
                d.set_item("snippet", snippet)?;
            }
            Error::Signature { reason, .. } => d.set_item("reason", reason.as_str())?,
            _ => {}
        }
        Ok(())
    })
    .unwrap_or_else(|import_failure| import_failure)
}

/// A `TypeError` that is also `plisio_sdk.InvalidInputError` (code `invalid_input`): a value of the
/// wrong Python type, such as a float amount.
pub(crate) fn type_error(py: Python<'_>, field: &str, message: String) -> PyErr {
    build(py, "invalid_input_type", &format!("invalid {field}: {message}"), |d| d.set_item("field", field)).unwrap_or_else(|e| e)
}
