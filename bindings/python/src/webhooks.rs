//! Callback verification (`verify`, `Verifier`) and signing for tests (`sign_callback`).

use plisio_core::callback::{self, sign};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use crate::convert::IntoPyModel;
use crate::errors::Fail;

/// The raw body as bytes: `bytes`, `bytearray`, `memoryview` or `str` (UTF-8 encoded).
fn with_body<R>(body: &Bound<'_, PyAny>, f: impl FnOnce(&[u8]) -> R) -> PyResult<R> {
    if let Ok(b) = body.cast::<PyBytes>() {
        return Ok(f(b.as_bytes()));
    }
    if let Ok(s) = body.cast::<PyString>() {
        return Ok(f(s.to_cow()?.as_bytes()));
    }
    if let Ok(b) = body.cast::<PyByteArray>() {
        return Ok(f(&b.to_vec()));
    }
    if let Ok(bytes) = body.call_method0("tobytes") {
        if let Ok(b) = bytes.cast::<PyBytes>() {
            return Ok(f(b.as_bytes()));
        }
    }
    let type_name = body.get_type().name()?;
    Err(PyTypeError::new_err(format!(
        "the callback body must be the raw request body (bytes or str), got {type_name}; do not pass parsed JSON or form data"
    )))
}

fn event(py: Python<'_>, result: plisio_core::Result<plisio_core::CallbackEvent>) -> PyResult<Py<PyAny>> {
    match result {
        Ok(ev) => ev.into_py_model(py),
        Err(e) => Err(Fail::Core(e).into_pyerr(py)),
    }
}

/// Verify a raw callback body with the shop's secret key; returns the `CallbackEvent` or raises
/// `SignatureError`.
#[pyfunction]
#[pyo3(signature = (body, secret, content_type = None))]
fn verify(py: Python<'_>, body: &Bound<'_, PyAny>, secret: &str, content_type: Option<&str>) -> PyResult<Py<PyAny>> {
    let result = with_body(body, |b| callback::verify(b, content_type, secret))?;
    event(py, result)
}

/// A verifier keyed once with the secret; reuse it for many callbacks.
#[pyclass(frozen, module = "plisio_sdk.webhooks")]
struct Verifier {
    inner: callback::Verifier,
}

#[pymethods]
impl Verifier {
    #[new]
    fn new(py: Python<'_>, secret: &str) -> PyResult<Verifier> {
        callback::Verifier::new(secret).map(|inner| Verifier { inner }).map_err(|e| Fail::Core(e).into_pyerr(py))
    }

    /// Verify a raw callback body; returns the `CallbackEvent` or raises `SignatureError`.
    #[pyo3(signature = (body, content_type = None))]
    fn verify(&self, py: Python<'_>, body: &Bound<'_, PyAny>, content_type: Option<&str>) -> PyResult<Py<PyAny>> {
        let result = with_body(body, |b| self.inner.verify(b, content_type))?;
        event(py, result)
    }

    fn __repr__(&self) -> &'static str {
        "Verifier(secret='***')"
    }
}

/// Sign callback `fields` as Plisio does; returns `(body, content_type)`. `format` is `"json"`,
/// `"urlencoded"` or `"multipart"`.
#[pyfunction]
#[pyo3(signature = (fields, secret, format = "json"))]
fn sign_callback<'py>(
    py: Python<'py>,
    fields: Vec<(String, String)>,
    secret: &str,
    format: &str,
) -> PyResult<(Bound<'py, PyBytes>, String)> {
    let (content_type, body) = match format {
        "json" => {
            let payload: serde_json::Map<String, serde_json::Value> =
                fields.into_iter().map(|(k, v)| (k, serde_json::Value::String(v))).collect();
            ("application/json".to_owned(), sign::json_body(&payload, secret).into_bytes())
        }
        "urlencoded" => {
            ("application/x-www-form-urlencoded".to_owned(), sign::encode_urlencoded(&sign::form_fields(&fields, secret)).into_bytes())
        }
        "multipart" => sign::encode_multipart(&sign::form_fields(&fields, secret), "----plisio-sdk-python"),
        other => return Err(PyValueError::new_err(format!("format must be \"json\", \"urlencoded\" or \"multipart\", got {other:?}"))),
    };
    Ok((PyBytes::new(py, &body), content_type))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(sign_callback, m)?)?;
    m.add_class::<Verifier>()?;
    Ok(())
}
