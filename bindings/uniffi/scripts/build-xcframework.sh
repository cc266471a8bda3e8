#!/usr/bin/env bash
# Build PlisioSDKFFI.xcframework for iOS (device + simulator) and macOS, for the Swift package in
# bindings/uniffi/swift (replace its `PlisioSDKFFI` system library by a binaryTarget on it).
#
# Needs: macOS with Xcode, and the Rust targets
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin
# Not run by `make test` (no Apple toolchain on CI machines).
#
# Output: bindings/uniffi/target/apple/PlisioSDKFFI.xcframework and the regenerated Swift sources
# in bindings/uniffi/swift/Sources/PlisioSDK.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
OUT="$ROOT/bindings/uniffi/target/apple"
cd "$ROOT"
command -v xcodebuild >/dev/null || { echo "xcodebuild is missing: this script runs on macOS with Xcode" >&2; exit 1; }

staticlib() { # <rust target>: a static library of plisio-uniffi (release, symbols kept)
    cargo rustc --locked --release -p plisio-uniffi --lib --crate-type staticlib --target "$1"
}
for t in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin; do staticlib "$t"; done

rm -rf "$OUT" && mkdir -p "$OUT/sim" "$OUT/macos" "$OUT/headers"
lipo -create target/aarch64-apple-ios-sim/release/libplisio_uniffi.a target/x86_64-apple-ios/release/libplisio_uniffi.a \
    -output "$OUT/sim/libplisio_uniffi.a"
lipo -create target/aarch64-apple-darwin/release/libplisio_uniffi.a target/x86_64-apple-darwin/release/libplisio_uniffi.a \
    -output "$OUT/macos/libplisio_uniffi.a"

# Swift sources, header and module map, with the pinned bindgen in library mode (it reads the
# metadata of a host cdylib of the same code).
cargo build --locked --release -p plisio-uniffi
cargo build --locked -p uniffi-bindgen
"$ROOT/target/debug/uniffi-bindgen-swift" --swift-sources --headers --modulemap --module-name PlisioSDKFFI \
    --modulemap-filename module.modulemap "target/release/libplisio_uniffi.dylib" "$OUT/headers"
cp "$OUT/headers/PlisioSDK.swift" "$ROOT/bindings/uniffi/swift/Sources/PlisioSDK/PlisioSDK.swift"
rm "$OUT/headers/PlisioSDK.swift"

xcodebuild -create-xcframework \
    -library target/aarch64-apple-ios/release/libplisio_uniffi.a -headers "$OUT/headers" \
    -library "$OUT/sim/libplisio_uniffi.a" -headers "$OUT/headers" \
    -library "$OUT/macos/libplisio_uniffi.a" -headers "$OUT/headers" \
    -output "$OUT/PlisioSDKFFI.xcframework"
echo "XCFramework: $OUT/PlisioSDKFFI.xcframework"
