//! The core models as immutable Python classes. Each wraps the core struct; attributes convert on
//! access (`Decimal`, aware `datetime`, `str` for open enums), `to_dict()` gives plain values and
//! `raw` the JSON exactly as Plisio sent it.

use plisio_core as core;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::convert::{IntoPyModel, ToPy};

/// `Name(field=repr, …)`.
fn repr(py: Python<'_>, name: &str, fields: &[(&str, Py<PyAny>)]) -> PyResult<String> {
    let mut out = format!("{name}(");
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(k.trim_start_matches("r#"));
        out.push('=');
        out.push_str(&v.bind(py).repr()?.to_cow()?);
    }
    out.push(')');
    Ok(out)
}

macro_rules! model {
    (
        $(#[$meta:meta])*
        $name:ident($core:ty) $([$raw:ident])? repr($($rf:ident),*) { $($field:ident),* $(,)? }
        $($extra:tt)*
    ) => {
        $(#[$meta])*
        #[pyclass(frozen, module = "plisio_sdk")]
        pub(crate) struct $name {
            pub(crate) inner: $core,
        }

        impl $name {
            fn dict<'py>(inner: &$core, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                let d = PyDict::new(py);
                $( d.set_item(stringify!($field).trim_start_matches("r#"), inner.$field.to_py(py, true)?)?; )*
                Ok(d)
            }
        }

        impl ToPy for $core {
            fn to_py(&self, py: Python<'_>, plain: bool) -> PyResult<Py<PyAny>> {
                if plain {
                    Ok($name::dict(self, py)?.into_any().unbind())
                } else {
                    Ok(Py::new(py, $name { inner: self.clone() })?.into_any())
                }
            }
        }

        impl IntoPyModel for $core {
            fn into_py_model(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                Ok(Py::new(py, $name { inner: self })?.into_any())
            }
        }

        #[pymethods]
        impl $name {
            $(
                #[getter]
                fn $field(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                    self.inner.$field.to_py(py, false)
                }
            )*

            $(
                /// The JSON object exactly as Plisio sent it (numbers with a fraction as `Decimal`).
                #[getter]
                fn $raw(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
                    self.inner.$raw.to_py(py, false)
                }
            )?

            /// The model as plain Python values (nested models as dicts; `raw` not included).
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                Self::dict(&self.inner, py)
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                repr(py, stringify!($name), &[$((stringify!($rf), self.inner.$rf.to_py(py, false)?)),*])
            }

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                other.cast::<$name>().is_ok_and(|o| o.get().inner == self.inner)
            }

            $($extra)*
        }
    };
}

model! {
    /// One destination of a (mass) withdrawal, or one entry of an operation's `sendmany`.
    Payout(core::Payout) repr(to, amount) { to, amount }
}

model! {
    /// Fee details of a withdrawal (`params.fee`).
    FeeDetails(core::FeeDetails) repr(plan, value) { conf_target, plan, value, gas_limit, gas_price, unit }
}

model! {
    /// Type-dependent parameters of an operation.
    OperationParams(core::OperationParams) repr(order_number, amount, value) {
        fee, order_number, order_name, description, source_amount, source_currency, source_rate, amount, value, currency, email, psys_cid,
    }
}

model! {
    /// One blockchain transaction of an operation.
    OperationTx(core::OperationTx) repr(txid, value, confirmations) { txid, block, confirmations, value, processed, url, wallet_hash }
}

model! {
    /// An operation: invoice, cash_in (deposits included), cash_out or mass_cash_out.
    Operation(core::Operation) [raw] repr(id, r#type, status, psys_cid, amount) {
        id, r#type, status, status_code, user_id, shop_id, psys_cid, currency, source_currency, source_rate, amount, pending_sum,
        sum, fee, commission, actual_sum, actual_commission, actual_fee, actual_invoice_sum, commis_percent, commis_sum,
        commission_payment, wallet_hash, sendmany, params, tx_url, tx_id, tx, confirmations, txn_id, invoice_url,
        invoice_total_sum, memo, parent_id, child_ids, created_at, expire_at, finished_at,
    }

    /// True for `completed` and `mismatch` (overpaid).
    #[getter]
    fn is_paid(&self) -> bool {
        self.inner.status.is_paid()
    }

    /// True when the status will not change any more.
    #[getter]
    fn is_final(&self) -> bool {
        self.inner.status.is_final()
    }
}

model! {
    /// Pagination counters of an operations page (`_meta`).
    PageMeta(core::PageMeta) repr(total_count, page_count, current_page, per_page) { total_count, page_count, current_page, per_page }
}

model! {
    /// A white-label deposit address bound to one of your users for one coin.
    Deposit(core::Deposit) [raw] repr(uid, psys_cid, hash) { uid, hash, psys_cid }

    /// The deposit address (same as `hash`).
    #[getter]
    fn address(&self) -> &str {
        self.inner.address()
    }
}

model! {
    /// One page of deposit addresses.
    DepositsPage(core::DepositsPage) repr(page, limit, deposits) { deposits, page, limit }

    /// Whether another page may follow (this one is full).
    #[getter]
    fn has_more(&self) -> bool {
        self.inner.has_more()
    }
}

model! {
    /// An invoice (the answer of `invoices.create`, and `InvoiceDetails.invoice`).
    Invoice(core::Invoice) [raw] repr(txn_id, status, amount, psys_cid, invoice_url) {
        txn_id, invoice_url, amount, pending_amount, received_amount, remaining_amount, wallet_hash, psys_cid, currency, status,
        status_code, source_currency, source_amount, source_rate, created_at, expire_at, expected_confirmations, confirmations,
        qr_code, qr_url, verify_hash, invoice_commission, invoice_sum, invoice_total_sum, view_key, tx_urls, email_already_set,
    }
}

model! {
    /// The shop part of `invoices.get`.
    InvoiceShop(core::InvoiceShop) repr(name, link) { name, link, logo, success_url, failed_url, allow_renew }
}

model! {
    /// A cryptocurrency with its rate.
    Currency(core::Currency) [raw] repr(cid, name, fiat, fiat_rate) {
        name, cid, currency, icon, rate_usd, price_usd, precision, output_precision, fiat, fiat_rate, min_sum_in,
        invoice_commission_percentage, hidden, maintenance,
    }
}

model! {
    /// `invoices.get`: the invoice, the shop, the selected coin and the allowed coins.
    InvoiceDetails(core::InvoiceDetails) [raw] repr(invoice, active_invoice_id) { invoice, active_invoice_id, shop, paysys, allowed_psys_cids }
}

model! {
    /// The balance of one coin.
    Balance(core::Balance) [raw] repr(psys_cid, balance) { psys_cid, currency, balance, locked_balance }
}

model! {
    /// A network-fee estimate.
    FeeEstimate(core::FeeEstimate) [raw] repr(fee, psys_cid, plan) { fee, psys_cid, currency, plan }
}

model! {
    /// One fee plan of a coin.
    FeePlanDetails(core::FeePlanDetails) repr(value, conf_target, gas_price) {
        value, conf_target, fee_rate, fee_rate_unit, gas_limit, gas_price, fee_unit, name, description,
    }
}

model! {
    /// The fee plans of a coin: plan key → details.
    FeePlans(core::FeePlans) [raw] repr(plans) { plans }
}

model! {
    /// Fee plus Plisio commission estimate.
    Commission(core::Commission) [raw] repr(commission, fee, plan) { commission, fee, plan, use_wallet, use_wallet_balance, max_amount, plans }
}

model! {
    /// Your shop.
    Shop(core::Shop) [raw] repr(id, name, white_label) { id, name, link, logo, commission_payment, white_label, extra_commission, verified }
}

model! {
    /// A verified callback: an invoice status change (`ipn_type == "invoice"`) or a white-label
    /// deposit (`ipn_type == "pay_in"`).
    CallbackEvent(core::CallbackEvent) [raw] repr(ipn_type, txn_id, status, amount, psys_cid) {
        ipn_type, txn_id, status, amount, currency, psys_cid, source_amount, source_currency, source_rate, order_number,
        order_name, deposit_uid, deposit_sum, confirmations, expected_confirmations, invoice_commission, invoice_sum,
        invoice_total_sum, pending_amount, wallet_hash, tx_urls, comment, merchant, merchant_id, expire_at, verify_hash, format,
    }

    /// True when the money arrived (`completed`, or `mismatch` = overpaid).
    #[getter]
    fn is_paid(&self) -> bool {
        self.inner.is_paid()
    }

    /// True for a white-label deposit (`pay_in`).
    #[getter]
    fn is_pay_in(&self) -> bool {
        self.inner.is_pay_in()
    }

    /// True for an invoice status callback.
    #[getter]
    fn is_invoice(&self) -> bool {
        self.inner.is_invoice()
    }
}

impl ToPy for core::CallbackFormat {
    fn to_py(&self, py: Python<'_>, _plain: bool) -> PyResult<Py<PyAny>> {
        let text = match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => format!("{self:?}").to_lowercase(),
        };
        text.to_py(py, false)
    }
}

/// Navigation links of an operations page, with `api_key` removed from every URL.
#[pyclass(frozen, module = "plisio_sdk")]
pub(crate) struct PageLinks {
    inner: core::PageLinks,
}

impl PageLinks {
    fn pairs(&self, py: Python<'_>) -> PyResult<[(&'static str, Py<PyAny>); 5]> {
        let l = &self.inner;
        Ok([
            ("self", l.self_.to_py(py, false)?),
            ("first", l.first.to_py(py, false)?),
            ("prev", l.prev.to_py(py, false)?),
            ("next", l.next.to_py(py, false)?),
            ("last", l.last.to_py(py, false)?),
        ])
    }
}

#[pymethods]
impl PageLinks {
    /// This page.
    #[getter]
    #[pyo3(name = "self")]
    fn self_(&self) -> Option<&str> {
        self.inner.self_.as_deref()
    }
    /// First page.
    #[getter]
    fn first(&self) -> Option<&str> {
        self.inner.first.as_deref()
    }
    /// Previous page.
    #[getter]
    fn prev(&self) -> Option<&str> {
        self.inner.prev.as_deref()
    }
    /// Next page.
    #[getter]
    fn next(&self) -> Option<&str> {
        self.inner.next.as_deref()
    }
    /// Last page.
    #[getter]
    fn last(&self) -> Option<&str> {
        self.inner.last.as_deref()
    }

    /// The links as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, v) in self.pairs(py)? {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr(py, "PageLinks", &self.pairs(py)?)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PageLinks>().is_ok_and(|o| o.get().inner == self.inner)
    }
}

/// One page of operations. Iterating over it yields its operations.
#[pyclass(frozen, module = "plisio_sdk")]
pub(crate) struct OperationsPage {
    operations: Vec<Py<Operation>>,
    meta: core::PageMeta,
    links: core::PageLinks,
}

impl IntoPyModel for core::OperationsPage {
    fn into_py_model(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let operations = self.operations.into_iter().map(|op| Py::new(py, Operation { inner: op })).collect::<PyResult<Vec<_>>>()?;
        Ok(Py::new(py, OperationsPage { operations, meta: self.meta, links: self.links })?.into_any())
    }
}

#[pymethods]
impl OperationsPage {
    /// The operations of this page.
    #[getter]
    fn operations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.operations.iter().map(|o| o.clone_ref(py)))
    }

    /// Counters (`total_count`, `page_count`, `current_page`, `per_page`).
    #[getter]
    fn meta(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.meta.to_py(py, false)
    }

    /// Links, with the API key removed.
    #[getter]
    fn links(&self) -> PageLinks {
        PageLinks { inner: self.links.clone() }
    }

    /// The next page number, or `None` on the last page.
    #[getter]
    fn next_page(&self) -> Option<u64> {
        core::OperationsPage { operations: Vec::new(), meta: self.meta, links: self.links.clone() }.next_page()
    }

    fn __len__(&self) -> usize {
        self.operations.len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.operations(py)?.try_iter()?.into_any())
    }

    /// The page as plain Python values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let ops = self.operations.iter().map(|o| Operation::dict(&o.get().inner, py)).collect::<PyResult<Vec<_>>>()?;
        d.set_item("operations", PyList::new(py, ops)?)?;
        d.set_item("meta", self.meta.to_py(py, true)?)?;
        d.set_item("links", self.links().to_dict(py)?)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let meta = self.meta.to_py(py, false)?;
        Ok(format!("OperationsPage(operations=<{} operations>, meta={})", self.operations.len(), meta.bind(py).repr()?))
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Payout>()?;
    m.add_class::<FeeDetails>()?;
    m.add_class::<OperationParams>()?;
    m.add_class::<OperationTx>()?;
    m.add_class::<Operation>()?;
    m.add_class::<PageMeta>()?;
    m.add_class::<PageLinks>()?;
    m.add_class::<OperationsPage>()?;
    m.add_class::<Deposit>()?;
    m.add_class::<DepositsPage>()?;
    m.add_class::<Invoice>()?;
    m.add_class::<InvoiceShop>()?;
    m.add_class::<InvoiceDetails>()?;
    m.add_class::<Currency>()?;
    m.add_class::<Balance>()?;
    m.add_class::<FeeEstimate>()?;
    m.add_class::<FeePlanDetails>()?;
    m.add_class::<FeePlans>()?;
    m.add_class::<Commission>()?;
    m.add_class::<Shop>()?;
    m.add_class::<CallbackEvent>()?;
    Ok(())
}
