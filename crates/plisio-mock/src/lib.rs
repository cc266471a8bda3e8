//! # plisio-mock
//!
//! A faithful, stateful sandbox of the [Plisio](https://plisio.net) HTTP API, for tests, demos and
//! local development: an in-memory shop (balances, operations, invoices, white-label deposit
//! addresses) behind the real API's paths, parameters, envelopes, error codes and type quirks,
//! plus simulation controls under `/__mock/` (receive a deposit, pay an invoice — each POSTing a
//! correctly signed callback —, inspect the request log, inject faults).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use plisio_mock::{MockConfig, MockServer};
//!
//! let server = MockServer::start(MockConfig::default()).await?;
//! let base_url = server.url(); // "http://127.0.0.1:<port>/api/v1"
//! let api_key = server.api_key(); // "sk_test_plisio_mock"
//! # let _ = (base_url, api_key);
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The binary `plisio-mock` serves the same sandbox for other languages' test suites; its first
//! stdout line is `PLISIO_MOCK_LISTENING http://127.0.0.1:<port>`.
//!
//! ## Controls (`/__mock/…`, JSON in and out, no `api_key`)
//! - `POST /__mock/deposits/pay_in` — [`PayIn`] → [`SimulationResult`]
//! - `POST /__mock/invoices/{id}/pay` — [`PayInvoice`] (body optional) → [`SimulationResult`]
//! - `GET`/`DELETE /__mock/requests` — the request log ([`LoggedRequest`])
//! - `GET`/`POST`/`DELETE /__mock/faults` — the fault queue ([`Fault`])
//! - `GET /__mock/state`, `POST /__mock/state/balances` (`{"BTC":"1.5"}`), `POST /__mock/reset`,
//!   `POST /__mock/config` (`{"white_label":false,"callback_url":null}`),
//!   `POST /__mock/operations/seed` (`{"count":25,"type":"cash_out","psys_cid":"BTC"}`),
//!   `GET /__mock/health`

#![warn(missing_docs)]

mod addresses;
mod callbacks;
mod config;
mod controls;
mod currencies;
mod error;
mod faults;
mod fees;
mod json;
mod money;
mod operation;
mod routes;
mod server;
mod state;

pub use callbacks::{CallbackDelivery, CallbackFormat};
pub use config::{DEFAULT_API_KEY, MockConfig};
pub use controls::{PayIn, PayInvoice, SimulationResult};
pub use error::MockError;
pub use faults::{Fault, FaultKind, MAX_OVERSIZED_BYTES};
pub use server::MockServer;
pub use state::LoggedRequest;

/// The `psys_cid`s the sandbox knows, in the order `currencies` lists them.
pub fn known_currencies() -> Vec<&'static str> {
    currencies::COINS.iter().map(|c| c.id).collect()
}

/// The sandbox's starting balance of `psys_cid` (before [`MockConfig::balances`] overrides).
pub fn default_balance(psys_cid: &str) -> Option<rust_decimal::Decimal> {
    currencies::coin(psys_cid).map(|c| currencies::dec(c.default_balance))
}
