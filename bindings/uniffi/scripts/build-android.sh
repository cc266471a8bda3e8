#!/usr/bin/env bash
# Build an Android library (AAR) of the Plisio SDK: the Rust core for every Android ABI (cargo-ndk),
# the uniffi Kotlin bindings in their Android flavour, packaged by a small Gradle module.
#
# Needs: the Android NDK (ANDROID_NDK_HOME), `cargo install cargo-ndk`, the Rust targets
#   rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android i686-linux-android
# and Gradle with the Android Gradle Plugin. Not run by `make test` (no NDK on CI machines).
#
# Output: bindings/uniffi/target/android/ (a Gradle library module) and, with Gradle available,
# bindings/uniffi/target/android/build/outputs/aar/plisio-sdk-release.aar.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
OUT="$ROOT/bindings/uniffi/target/android"
ABIS=(arm64-v8a armeabi-v7a x86_64 x86)
MIN_SDK="${MIN_SDK:-24}"

cd "$ROOT"
command -v cargo-ndk >/dev/null || { echo "cargo-ndk is missing: cargo install cargo-ndk" >&2; exit 1; }
: "${ANDROID_NDK_HOME:?set ANDROID_NDK_HOME to the NDK directory}"

rm -rf "$OUT"
mkdir -p "$OUT/src/main/jniLibs" "$OUT/src/main/kotlin"

# 1. The native library for each ABI (release profile; plisio-uniffi is never stripped of its symbols).
ndk_args=()
for abi in "${ABIS[@]}"; do ndk_args+=(-t "$abi"); done
cargo ndk "${ndk_args[@]}" --platform "$MIN_SDK" -o "$OUT/src/main/jniLibs" build --locked --release -p plisio-uniffi

# 2. The Kotlin bindings, read from one of the built libraries with the pinned bindgen.
cargo build --locked -p uniffi-bindgen
"$ROOT/target/debug/uniffi-bindgen" generate --library "$OUT/src/main/jniLibs/arm64-v8a/libplisio_uniffi.so" \
    --language kotlin --no-format --config "$ROOT/bindings/uniffi/scripts/android.toml" --out-dir "$OUT/src/main/kotlin"
cp "$ROOT/bindings/uniffi/kotlin/src/main/kotlin/io/plisio/sdk/"*.kt "$OUT/src/main/kotlin/io/plisio/sdk/"

# 3. A Gradle library module around them.
cat > "$OUT/build.gradle.kts" <<GRADLE
plugins {
    id("com.android.library")
    kotlin("android")
}
android {
    namespace = "io.plisio.sdk"
    compileSdk = 35
    defaultConfig { minSdk = $MIN_SDK }
    sourceSets["main"].java.srcDirs("src/main/kotlin")
}
dependencies {
    implementation("net.java.dev.jna:jna:5.17.0@aar")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.2")
}
GRADLE
cat > "$OUT/src/main/AndroidManifest.xml" <<'XML'
<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <uses-permission android:name="android.permission.INTERNET" />
</manifest>
XML

if command -v gradle >/dev/null; then
    (cd "$OUT" && gradle assembleRelease)
    echo "AAR: $OUT/build/outputs/aar/"
else
    echo "Gradle module ready in $OUT (add it to your Android project, or run 'gradle assembleRelease' there)"
fi
