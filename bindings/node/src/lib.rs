//! Node.js binding of the Plisio SDK (napi-rs). Conversion only: every behaviour lives in
//! `plisio-core` (and the sandbox in `plisio-mock`). The public API is `node/lib/`, which wraps
//! these native classes with namespaces, typed error classes and async iterators.

mod callback;
mod client;
mod error;
mod mock;
mod models;

use napi_derive::napi;

pub use callback::{CallbackVerifier, verify_callback};
pub use client::NativeClient;
pub use mock::NativeMockServer;

/// Every stable error code of the core, in declaration order.
#[napi]
pub fn error_codes() -> Vec<String> {
    plisio_core::Error::CODES.iter().map(|c| (*c).to_owned()).collect()
}

/// What `validateAddress` found out about an accepted address.
#[napi(object, object_from_js = false, use_nullable = true)]
pub struct AddressCheck {
    /// The chain whose rules were applied (`bitcoin`, `evm`, `tron`, …); `null` for a coin the SDK
    /// does not know (nothing was checked).
    pub chain: Option<String>,
    /// The form the address is written in (`p2pkh`, `bech32`, …); `null` when nothing was checked.
    pub format: Option<String>,
    /// True when a checksum was present and verified (a single mistyped character would be caught).
    pub checksum_verified: bool,
    /// True when the coin is known and the address passed its chain's rules.
    pub checked: bool,
}

fn serde_name<T: serde::Serialize>(v: &T) -> Option<String> {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned))
}

/// Check a destination address for a coin, as withdrawals do before sending: throws an
/// `invalid_input` error (field `to`) for a bad checksum, a wrong network, a wrong length, an
/// invalid character or an unrecognised format. Coins the SDK does not know pass unchecked.
#[napi]
pub fn validate_address(currency: String, address: String) -> napi::Result<AddressCheck> {
    let check = error::guard(|| plisio_core::address::validate(&currency, &address))?;
    Ok(AddressCheck {
        chain: check.chain.as_ref().and_then(serde_name),
        format: check.format.as_ref().and_then(serde_name),
        checksum_verified: check.checksum_verified,
        checked: check.is_checked(),
    })
}

/// The SDK version of the native core.
#[napi]
pub fn core_version() -> String {
    plisio_core::VERSION.to_owned()
}

/// Test hook: panics inside the addon (synchronously, or inside a future when `inFuture`), to
/// check that a panic becomes an `internal` error and never takes the process down.
#[napi(js_name = "__panicForTests")]
pub async fn panic_for_tests(in_future: bool) -> napi::Result<()> {
    if in_future {
        error::guard_async(async { panic!("deliberate test panic (async)") }, |s| s.to_owned()).await
    } else {
        error::guard(|| -> plisio_core::Result<()> { panic!("deliberate test panic (sync)") })
    }
}
