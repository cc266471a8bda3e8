//! `plisio_sdk._native`: the pyo3 face of `plisio-core`. Conversion only: Python arguments become
//! core requests, core models become immutable Python classes, core errors become the exception
//! classes of `plisio_sdk.errors`. Every behaviour (validation, retries, decoding, redaction,
//! callback verification) lives in the core.

mod client;
mod convert;
mod errors;
mod mock;
mod models;
mod runtime;
mod webhooks;

use pyo3::prelude::*;

/// The native half of the `plisio_sdk` package.
#[pymodule(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", plisio_core::VERSION)?;
    m.add("ERROR_CODES", plisio_core::Error::CODES.to_vec())?;
    models::register(m)?;
    client::register(m)?;
    webhooks::register(m)?;
    mock::register(m)?;
    m.add_function(wrap_pyfunction!(runtime::_debug_panic, m)?)?;
    let close_gate = wrap_pyfunction!(runtime::_close_gate, m)?;
    m.py().import("atexit")?.call_method1("register", (&close_gate,))?;
    m.add_function(close_gate)?;
    Ok(())
}
