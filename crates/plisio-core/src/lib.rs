//! # plisio-core
//!
//! The Rust core of the Plisio SDK: a client for every endpoint of the Plisio crypto-payment API,
//! exact money ([`Decimal`], never floats), typed errors with stable codes, a retry policy that never
//! sends a withdrawal twice, API-key redaction, callback verification in both delivery modes, and
//! auto-pagination.
//!
//! ```no_run
//! # async fn run() -> plisio_core::Result<()> {
//! use plisio_core::{Client, CashOut, OperationsQuery, money::parse_amount};
//!
//! let client = Client::builder("SECRET_KEY").build()?;
//! let page = client.operations().list(&OperationsQuery { limit: Some(10), ..Default::default() }).await?;
//! println!("{} operations", page.meta.total_count);
//! let w = client
//!     .withdrawals()
//!     .cash_out(&CashOut { currency: "BTC".into(), to: "bc1q…".into(), amount: parse_amount("amount", "0.001")?, fee_plan: None })
//!     .await?;
//! println!("withdrawal {} is {}", w.id, w.status);
//! # Ok(()) }
//! ```
#![warn(missing_docs)]

pub mod address;
mod api;
pub mod callback;
mod client;
pub mod de;
mod error;
pub mod models;
pub mod money;
pub mod redact;
pub mod retry;
pub mod types;
pub mod validate;

pub use api::{
    Balances, CashOut, CommissionRequest, Currencies, Deposits, DepositsQuery, FeeEstimateRequest, Fees, Invoices, MassCashOut, NewInvoice,
    Operations, OperationsQuery, Shops, Withdrawals, decode_operations_body, decode_operations_page, parse_fee_plan, parse_payouts,
};
pub use callback::{CallbackEvent, CallbackFormat, Verifier};
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_MAX_BODY_BYTES, VERSION};
pub use error::{ApiErrorDetails, Error, Result, SignatureFailure};
pub use models::*;
pub use rust_decimal::Decimal;
pub use types::{FeePlan, IpnType, OperationType, Status, coins};
