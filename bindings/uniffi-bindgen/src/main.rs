//! `uniffi-bindgen`, pinned to the uniffi version the Plisio bindings are built with.
//!
//! ```sh
//! cargo run -p uniffi-bindgen -- generate --library target/debug/libplisio_uniffi.so \
//!     --language kotlin --out-dir bindings/uniffi/kotlin/target/generated-sources/uniffi
//! ```

fn main() {
    uniffi::uniffi_bindgen_main();
}
