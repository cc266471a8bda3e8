# Kotlin and Swift bindings through uniffi (bindings/uniffi, bindings/uniffi-bindgen).
#
#   make test-kotlin     cdylib + sandbox + pinned bindgen -> Kotlin sources in target/ -> mvn package
#                        (JUnit suite against plisio-mock, then the jar carrying the native library)
#   make test-swift      regenerates the Swift package sources and checks they are committed and
#                        complete; runs `swift test` where a Swift toolchain exists
#   make kotlin-bindings / swift-bindings   only generate
#
# Generated Kotlin is a build product (bindings/uniffi/kotlin/target/generated-sources/uniffi, never
# committed). Generated Swift, header and module map are committed under bindings/uniffi/swift/Sources
# (a SwiftPM package must carry its sources); `make swift-bindings` rewrites them.

MVN ?= mvn
UNIFFI_DIR := bindings/uniffi
UNIFFI_KOTLIN_DIR := $(UNIFFI_DIR)/kotlin
UNIFFI_SWIFT_DIR := $(UNIFFI_DIR)/swift
UNIFFI_TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
UNIFFI_BINDGEN := $(UNIFFI_TARGET_DIR)/debug/uniffi-bindgen
UNIFFI_BINDGEN_SWIFT := $(UNIFFI_TARGET_DIR)/debug/uniffi-bindgen-swift

# The debug cdylib (unstripped: library-mode bindgen reads the uniffi metadata symbols from it) and
# the JNA resource directory it goes to in the jar (linux-x86-64, darwin-aarch64, ...).
UNIFFI_OS := $(shell uname -s)
UNIFFI_ARCH := $(shell uname -m)
ifeq ($(UNIFFI_OS),Darwin)
UNIFFI_LIB_FILE := libplisio_uniffi.dylib
UNIFFI_JNA_OS := darwin
else
UNIFFI_LIB_FILE := libplisio_uniffi.so
UNIFFI_JNA_OS := linux
endif
UNIFFI_JNA_ARCH := $(if $(filter x86_64 amd64,$(UNIFFI_ARCH)),x86-64,$(if $(filter arm64 aarch64,$(UNIFFI_ARCH)),aarch64,$(UNIFFI_ARCH)))
UNIFFI_JNA_PLATFORM := $(UNIFFI_JNA_OS)-$(UNIFFI_JNA_ARCH)
UNIFFI_LIB := $(UNIFFI_TARGET_DIR)/debug/$(UNIFFI_LIB_FILE)
UNIFFI_MOCK_BIN := $(abspath $(UNIFFI_TARGET_DIR)/debug/plisio-mock)

UNIFFI_KOTLIN_GEN := $(UNIFFI_KOTLIN_DIR)/target/generated-sources/uniffi
UNIFFI_KOTLIN_NATIVE := $(UNIFFI_KOTLIN_DIR)/target/native
UNIFFI_KOTLIN_JAR := $(UNIFFI_KOTLIN_DIR)/target/plisio-sdk-0.1.0.jar

UNIFFI_SWIFT_SOURCES := $(UNIFFI_SWIFT_DIR)/Sources/PlisioSDK/PlisioSDK.swift
UNIFFI_SWIFT_HEADER := $(UNIFFI_SWIFT_DIR)/Sources/PlisioSDKFFI/PlisioSDKFFI.h
UNIFFI_SWIFT_MODULEMAP := $(UNIFFI_SWIFT_DIR)/Sources/PlisioSDKFFI/module.modulemap
UNIFFI_SWIFT_CHECK_DIR := $(UNIFFI_TARGET_DIR)/uniffi-swift-check

TEST_TARGETS += test-kotlin test-swift

.PHONY: test-kotlin test-swift uniffi-build kotlin-bindings swift-bindings swift-generate-check

# One cargo invocation for the cdylib, the sandbox binary and the pinned bindgen.
uniffi-build:
	$(CARGO) build --locked -p plisio-uniffi -p plisio-mock -p uniffi-bindgen

kotlin-bindings: uniffi-build
	rm -rf $(UNIFFI_KOTLIN_GEN) $(UNIFFI_KOTLIN_NATIVE)
	$(UNIFFI_BINDGEN) generate --library $(UNIFFI_LIB) --language kotlin --no-format --out-dir $(UNIFFI_KOTLIN_GEN)
	mkdir -p $(UNIFFI_KOTLIN_NATIVE)/$(UNIFFI_JNA_PLATFORM)
	cp $(UNIFFI_LIB) $(UNIFFI_KOTLIN_NATIVE)/$(UNIFFI_JNA_PLATFORM)/

test-kotlin: kotlin-bindings
	cd $(UNIFFI_KOTLIN_DIR) && $(MVN) -B -ntp package \
		-Dsandbox.bin=$(UNIFFI_MOCK_BIN) \
		-Duniffi.native.file=$(UNIFFI_JNA_PLATFORM)/$(UNIFFI_LIB_FILE)
	@jar tf $(UNIFFI_KOTLIN_JAR) | grep -qx '$(UNIFFI_JNA_PLATFORM)/$(UNIFFI_LIB_FILE)' \
		|| { echo "test-kotlin: $(UNIFFI_KOTLIN_JAR) does not carry $(UNIFFI_JNA_PLATFORM)/$(UNIFFI_LIB_FILE)"; exit 1; }
	@jar tf $(UNIFFI_KOTLIN_JAR) | grep -qx 'io/plisio/sdk/PlisioClient.class' \
		|| { echo "test-kotlin: $(UNIFFI_KOTLIN_JAR) does not carry the generated classes"; exit 1; }
	@echo "test-kotlin: $(UNIFFI_KOTLIN_JAR) carries $(UNIFFI_JNA_PLATFORM)/$(UNIFFI_LIB_FILE)"

# Writes the committed Swift package sources.
swift-bindings: uniffi-build
	rm -rf $(UNIFFI_SWIFT_CHECK_DIR)
	$(UNIFFI_BINDGEN_SWIFT) --swift-sources --headers --modulemap --module-name PlisioSDKFFI \
		--modulemap-filename module.modulemap $(UNIFFI_LIB) $(UNIFFI_SWIFT_CHECK_DIR)/out
	mkdir -p $(dir $(UNIFFI_SWIFT_SOURCES)) $(dir $(UNIFFI_SWIFT_HEADER))
	cp $(UNIFFI_SWIFT_CHECK_DIR)/out/PlisioSDK.swift $(UNIFFI_SWIFT_SOURCES)
	cp $(UNIFFI_SWIFT_CHECK_DIR)/out/PlisioSDKFFI.h $(UNIFFI_SWIFT_HEADER)
	cp $(UNIFFI_SWIFT_CHECK_DIR)/out/module.modulemap $(UNIFFI_SWIFT_MODULEMAP)

# Regenerates into target/ and fails when the committed sources are stale or incomplete.
swift-generate-check: uniffi-build
	rm -rf $(UNIFFI_SWIFT_CHECK_DIR)
	$(UNIFFI_BINDGEN_SWIFT) --swift-sources --headers --modulemap --module-name PlisioSDKFFI \
		--modulemap-filename module.modulemap $(UNIFFI_LIB) $(UNIFFI_SWIFT_CHECK_DIR)/out
	@for pair in PlisioSDK.swift:$(UNIFFI_SWIFT_SOURCES) PlisioSDKFFI.h:$(UNIFFI_SWIFT_HEADER) module.modulemap:$(UNIFFI_SWIFT_MODULEMAP); do \
		gen=$(UNIFFI_SWIFT_CHECK_DIR)/out/$${pair%%:*}; committed=$${pair#*:}; \
		test -f "$$committed" || { echo "test-swift: $$committed is missing; run 'make swift-bindings'"; exit 1; }; \
		cmp -s "$$gen" "$$committed" || { echo "test-swift: $$committed is stale (differs from the bindgen output); run 'make swift-bindings'"; exit 1; }; \
	done
	@grep -q '^open class PlisioClient: PlisioClientProtocol' $(UNIFFI_SWIFT_SOURCES) || { echo "test-swift: no PlisioClient class in $(UNIFFI_SWIFT_SOURCES)"; exit 1; }
	@grep -A1 -x 'public *' $(UNIFFI_SWIFT_SOURCES) | grep -q '^enum PlisioError: Swift.Error' \
		|| { echo "test-swift: no public PlisioError enum conforming to Error in $(UNIFFI_SWIFT_SOURCES)"; exit 1; }
	@grep -q '^public func verifyCallback(body: Data, secret: String, contentType: String? = nil) *throws *-> CallbackEvent' $(UNIFFI_SWIFT_SOURCES) \
		|| { echo "test-swift: no verifyCallback function in $(UNIFFI_SWIFT_SOURCES)"; exit 1; }
	@for sym in uniffi_plisio_uniffi_fn_constructor_plisioclient_new uniffi_plisio_uniffi_fn_func_verify_callback uniffi_plisio_uniffi_fn_method_plisioerror_code; do \
		grep -q "$$sym" $(UNIFFI_SWIFT_HEADER) || { echo "test-swift: $(UNIFFI_SWIFT_HEADER) does not declare $$sym"; exit 1; }; \
		nm -D --defined-only $(UNIFFI_LIB) 2>/dev/null | grep -q " $$sym$$" || nm -gU $(UNIFFI_LIB) 2>/dev/null | grep -q "_$$sym$$" \
			|| { echo "test-swift: $(UNIFFI_LIB) does not export $$sym"; exit 1; }; \
	done
	@echo "test-swift: generated Swift ($(UNIFFI_SWIFT_SOURCES)), header and module map are current and expose PlisioClient, PlisioError and verifyCallback"

test-swift: swift-generate-check
	@if command -v swift >/dev/null 2>&1; then \
		cd $(UNIFFI_SWIFT_DIR) && PLISIO_UNIFFI_LIB_DIR=$(abspath $(UNIFFI_TARGET_DIR)/debug) PLISIO_MOCK_BIN=$(UNIFFI_MOCK_BIN) \
			PLISIO_CONFORMANCE_DIR=$(abspath tests/conformance) swift test; \
	else \
		echo "swift: skipped (no toolchain)"; \
	fi
