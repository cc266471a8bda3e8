//! `uniffi-bindgen-swift`: Swift sources, C header and module map (for SwiftPM and XCFrameworks),
//! pinned to the uniffi version the Plisio bindings are built with.

fn main() {
    uniffi::uniffi_bindgen_swift();
}
