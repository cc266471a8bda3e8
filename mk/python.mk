# Python package `plisio-sdk` (bindings/python = crate plisio-python, pyo3; python/ = the package).
#
#   make test-python   python/.venv (created on first use) with maturin, pytest, pytest-asyncio, mypy
#                      and the web frameworks; the extension built by `maturin develop` (debug,
#                      cargo --locked); `mypy --strict` on the package and the usage example;
#                      `mypy.stubtest` on the native module (every name of _native.pyi exists with
#                      the right kind, and vice versa); then pytest (conformance vectors, every
#                      endpoint sync and async against the in-process sandbox, errors, callbacks
#                      through real Flask/Django/Starlette requests, threads, fork, exit).
#   make wheel         the abi3 wheel (release) in target/wheels, installed into a fresh venv and
#                      imported there.
#   make bench-python  the Python benchmarks (release build, own venv), results in
#                      bench/results/python.md.

PYTHON ?= python3
PY_DIR := python
PY_VENV := $(PY_DIR)/.venv
PY_BIN := $(abspath $(PY_VENV))/bin
# Test and build tools of the package (nothing here is a runtime dependency of plisio-sdk).
PY_TOOLS := "maturin>=1.16,<2" "pytest>=8" "pytest-asyncio>=0.24" "mypy>=1.13" \
	flask django starlette httpx httpx2 python-multipart
PY_BENCH_VENV := $(abspath target/bench-python-venv)
PY_WHEEL_VENV := $(abspath target/wheel-check-venv)
# Other interpreters the abi3 wheel is also installed into by `make wheel`, when present.
PY_WHEEL_PYTHONS ?= $(wildcard $(HOME)/.pyenv/versions/3.9*/bin/python3 $(HOME)/.pyenv/versions/3.13*/bin/python3)
# What `make wheel` runs in each fresh venv (outside the source tree, so the wheel is what imports).
define PY_WHEEL_CHECK
import sys, plisio_sdk, plisio_sdk.webhooks
from plisio_sdk.testing import MockServer
with MockServer() as m:
    shop = m.client().shop.get().name
print("Python", sys.version.split()[0], "- plisio_sdk", plisio_sdk.__version__, "from", plisio_sdk.__file__, "- sandbox:", shop)
endef
export PY_WHEEL_CHECK

TEST_TARGETS += test-python

.PHONY: test-python python-venv python-develop wheel bench-python

$(PY_VENV)/.tools-installed: mk/python.mk
	@test -x $(PY_BIN)/python || $(PYTHON) -m venv $(PY_VENV)
	$(PY_BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY_BIN)/python -m pip install --quiet --disable-pip-version-check $(PY_TOOLS)
	@touch $@

python-venv: $(PY_VENV)/.tools-installed

python-develop: python-venv
	cd $(PY_DIR) && VIRTUAL_ENV=$(abspath $(PY_VENV)) $(PY_BIN)/maturin develop --locked --quiet

test-python: python-develop
	cd $(PY_DIR) && $(PY_BIN)/mypy --strict plisio_sdk tests/typing_example.py
	cd $(PY_DIR) && $(PY_BIN)/python -m mypy.stubtest plisio_sdk._native
	cd $(PY_DIR) && RUST_BACKTRACE=0 $(PY_BIN)/pytest -q -p no:cacheprovider

wheel:
	@test -x $(PY_BIN)/maturin || $(MAKE) python-venv
	rm -f target/wheels/plisio_sdk-*.whl
	cd $(PY_DIR) && $(PY_BIN)/maturin build --release --locked --quiet --out ../target/wheels
	@set -e; whl=$$(ls target/wheels/plisio_sdk-*.whl); echo "built $$whl"; \
		case "$$whl" in *-abi3-*) ;; *) echo "not an abi3 wheel: $$whl"; exit 1;; esac; \
		for py in $(PYTHON) $(PY_WHEEL_PYTHONS); do \
			rm -rf $(PY_WHEEL_VENV); $$py -m venv $(PY_WHEEL_VENV); \
			$(PY_WHEEL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check "$(abspath .)/$$whl"; \
			(cd / && $(PY_WHEEL_VENV)/bin/python -c "$$PY_WHEEL_CHECK"); \
		done

bench-python:
	@test -x $(PY_BENCH_VENV)/bin/python || $(PYTHON) -m venv $(PY_BENCH_VENV)
	$(PY_BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check "maturin>=1.16,<2" httpx aiohttp
	rm -rf target/bench-wheels
	cd $(PY_DIR) && $(PY_BENCH_VENV)/bin/maturin build --release --locked --quiet --out ../target/bench-wheels
	$(PY_BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps target/bench-wheels/plisio_sdk-*.whl
	cd bench/python && $(PY_BENCH_VENV)/bin/python bench.py $(ARGS)
