# The one entry point. `make demo` and `make test` work on a fresh clone (Rust toolchain required).
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

# Each language adds its `test-<lang>` target to TEST_TARGETS in mk/<lang>.mk.
.DEFAULT_GOAL := all
TEST_TARGETS := test-rust
-include mk/*.mk

.PHONY: all demo test test-rust test-conformance bench fmt lint mock help

all: test

help:
	@echo "make demo   - the SDK end to end against the embedded sandbox (no API key, no network)"
	@echo "make test   - every language's test suite ($(TEST_TARGETS)) plus fmt and clippy checks"
	@echo "make bench  - criterion benchmarks (results: bench/RESULTS.md)"
	@echo "make mock   - run the sandbox in the foreground"

demo:
	$(CARGO) run --quiet -p plisio-cli -- demo

test: lint $(TEST_TARGETS)

test-rust:
	$(CARGO) test --workspace --all-targets --locked
	$(CARGO) test --workspace --doc --locked

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

fmt:
	$(CARGO) fmt --all

bench:
	$(CARGO) bench -p plisio-core --bench core --locked

mock:
	$(CARGO) run --quiet -p plisio-mock -- $(ARGS)
