//! Value conversions between core types and Python: `Decimal` ↔ `decimal.Decimal` (through text,
//! never a float), `DateTime<Utc>` → aware `datetime`, open enums → `str`, raw JSON → `dict` with
//! `Decimal` numbers; and the inbound side (amounts, counters).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Timelike, Utc};
use plisio_core::models::RawJson;
use plisio_core::{Decimal, FeePlan, IpnType, OperationType, Status};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyType};
use pyo3::{IntoPyObjectExt, intern};

use crate::errors::type_error;

/// A value readable from Python: as an attribute (`plain = false`: models stay model objects) or
/// inside `to_dict()` (`plain = true`: models become dicts).
pub(crate) trait ToPy {
    fn to_py(&self, py: Python<'_>, plain: bool) -> PyResult<Py<PyAny>>;
}

/// A call's result moving into Python (by value: no clone of the model).
pub(crate) trait IntoPyModel {
    fn into_py_model(self, py: Python<'_>) -> PyResult<Py<PyAny>>;
}

impl IntoPyModel for () {
    fn into_py_model(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(py.None())
    }
}

impl<T: IntoPyModel> IntoPyModel for Vec<T> {
    fn into_py_model(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let items = self.into_iter().map(|v| v.into_py_model(py)).collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.into_any().unbind())
    }
}

impl<T: IntoPyModel> IntoPyModel for Option<T> {
    fn into_py_model(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        match self {
            Some(v) => v.into_py_model(py),
            None => Ok(py.None()),
        }
    }
}

impl IntoPyModel for Py<PyAny> {
    fn into_py_model(self, _py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(self)
    }
}

macro_rules! to_py_via_into {
    ($($t:ty),*) => {$(
        impl ToPy for $t {
            fn to_py(&self, py: Python<'_>, _plain: bool) -> PyResult<Py<PyAny>> {
                self.into_py_any(py)
            }
        }
    )*};
}
to_py_via_into!(String, bool, i64, u64, u32);

macro_rules! to_py_open_enum {
    ($($t:ty),*) => {$(
        impl ToPy for $t {
            fn to_py(&self, py: Python<'_>, _plain: bool) -> PyResult<Py<PyAny>> {
                self.as_str().into_py_any(py)
            }
        }
    )*};
}
to_py_open_enum!(Status, OperationType, FeePlan, IpnType);

impl<T: ToPy> ToPy for Option<T> {
    fn to_py(&self, py: Python<'_>, plain: bool) -> PyResult<Py<PyAny>> {
        match self {
            Some(v) => v.to_py(py, plain),
            None => Ok(py.None()),
        }
    }
}

impl<T: ToPy> ToPy for Vec<T> {
    fn to_py(&self, py: Python<'_>, plain: bool) -> PyResult<Py<PyAny>> {
        let items = self.iter().map(|v| v.to_py(py, plain)).collect::<PyResult<Vec<_>>>()?;
        Ok(PyList::new(py, items)?.into_any().unbind())
    }
}

impl<T: ToPy> ToPy for BTreeMap<String, T> {
    fn to_py(&self, py: Python<'_>, plain: bool) -> PyResult<Py<PyAny>> {
        let d = PyDict::new(py);
        for (k, v) in self {
            d.set_item(k, v.to_py(py, plain)?)?;
        }
        Ok(d.into_any().unbind())
    }
}

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

pub(crate) fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

impl ToPy for Decimal {
    fn to_py(&self, py: Python<'_>, _plain: bool) -> PyResult<Py<PyAny>> {
        // Text keeps the exact digits and the scale ("0.00200000" stays 8 places).
        Ok(decimal_type(py)?.call1((self.to_string(),))?.unbind())
    }
}

impl ToPy for DateTime<Utc> {
    fn to_py(&self, py: Python<'_>, _plain: bool) -> PyResult<Py<PyAny>> {
        static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let utc = UTC.get_or_try_init(py, || py.import("datetime")?.getattr("timezone")?.getattr("utc").map(Bound::unbind))?;
        let micros = self.nanosecond().min(999_999_999) / 1_000;
        Ok(DATETIME
            .import(py, "datetime", "datetime")?
            .call1((self.year(), self.month(), self.day(), self.hour(), self.minute(), self.second(), micros, utc.bind(py)))?
            .unbind())
    }
}

impl ToPy for RawJson {
    /// The JSON as received, as Python values; numbers with a fraction become `Decimal` (exact).
    fn to_py(&self, py: Python<'_>, _plain: bool) -> PyResult<Py<PyAny>> {
        static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let loads = LOADS.get_or_try_init(py, || py.import("json")?.getattr("loads").map(Bound::unbind))?;
        let kwargs = PyDict::new(py);
        kwargs.set_item(intern!(py, "parse_float"), decimal_type(py)?)?;
        Ok(loads.bind(py).call((self.as_str(),), Some(&kwargs))?.unbind())
    }
}

/// An amount given by the caller, as the exact text the core parses. `Decimal`, `str` and `int`
/// are accepted; `float` (and `bool`) are refused: a float cannot hold most amounts exactly.
pub(crate) fn amount_text(field: &str, value: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = value.py();
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if value.is_instance_of::<PyFloat>() {
        return Err(type_error(
            py,
            field,
            format!(
                "got the float {}; floats cannot represent most amounts exactly (0.1 + 0.2 != 0.3). Pass a decimal.Decimal or a string such as \"0.001\"",
                value.repr()?
            ),
        ));
    }
    if value.is_instance_of::<PyBool>() {
        return Err(type_error(py, field, "got a bool; pass a decimal.Decimal, a str or an int".to_owned()));
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(value.str()?.to_cow()?.into_owned());
    }
    if value.is_instance(decimal_type(py)?)? {
        // Positional notation, never an exponent: Decimal("1E+3") -> "1000", Decimal("1E-3") -> "0.001".
        return Ok(value.call_method1(intern!(py, "__format__"), ("f",))?.str()?.to_cow()?.into_owned());
    }
    let type_name = value.get_type().name()?;
    Err(type_error(py, field, format!("expected a decimal.Decimal, a str or an int, got {type_name}")))
}

/// An optional counter (page, limit, minutes): a non-negative int that fits in 32 bits.
pub(crate) fn opt_u32(py: Python<'_>, field: &str, value: Option<i64>) -> PyResult<Option<u32>> {
    value
        .map(|v| {
            u32::try_from(v).map_err(|_| {
                crate::errors::core_error(
                    py,
                    &plisio_core::Error::InvalidInput {
                        field: field.to_owned(),
                        message: format!("must be between 0 and {}, got {v}", u32::MAX),
                    },
                )
            })
        })
        .transpose()
}
