# Node package `plisio-sdk` (bindings/node = crate plisio-node, napi-rs; node/ = the npm package).
#
#   make test-node     npm install from node/package-lock.json (when node/node_modules is missing or
#                      older than the lock file; `npm ci` is not usable: the registry proxy lacks
#                      the other platforms' optional packages of @napi-rs/cli's dependencies),
#                      the addon built by @napi-rs/cli (debug; cargo --locked), the TypeScript usage
#                      example checked with `tsc --noEmit --strict`, then `node --test` (conformance
#                      vectors, every endpoint against the in-process sandbox, errors, callbacks
#                      through a real Express app, ESM/CJS, worker_threads).
#   make node-addon    only (re)build the addon and regenerate node/index.js + node/index.d.ts
#   make bench-node    the Node benchmarks (release addon), results in bench/results/node.md
#
# `napi build` always passes `--target`, so the addon builds in target/<triple>/debug: a build of
# its own next to the workspace's target/debug (about 4 minutes cold on 2 cores).
# node/index.js and node/index.d.ts are generated and committed; under CI=true the target fails when
# the committed copies differ from what the build generated.

NPM ?= npm
NODE ?= node
NODE_DIR := node
NODE_NAPI := ./node_modules/.bin/napi
NODE_NAPI_BUILD := $(NODE_NAPI) build --platform --manifest-path ../bindings/node/Cargo.toml --output-dir .

TEST_TARGETS += test-node

.PHONY: test-node node-deps node-addon bench-node

node-deps:
	@if [ ! -f $(NODE_DIR)/node_modules/.package-lock.json ] || [ $(NODE_DIR)/package-lock.json -nt $(NODE_DIR)/node_modules/.package-lock.json ]; then \
		echo "npm install (node/, from package-lock.json)"; cd $(NODE_DIR) && $(NPM) install --no-save --no-audit --no-fund; \
	fi

node-addon: node-deps
	cd $(NODE_DIR) && $(NODE_NAPI_BUILD) -- --locked
	@if [ -n "$$CI" ]; then git diff --exit-code -- $(NODE_DIR)/index.js $(NODE_DIR)/index.d.ts || { echo "node/index.js or node/index.d.ts is stale: run 'make node-addon' and commit them"; exit 1; }; fi

test-node: node-addon
	cd $(NODE_DIR) && ./node_modules/.bin/tsc --noEmit --strict -p test/types/tsconfig.json
	cd $(NODE_DIR) && RUST_BACKTRACE=0 $(NODE) --test test/*.test.mjs

bench-node: node-deps
	cd $(NODE_DIR) && $(NODE_NAPI_BUILD) --release -- --locked
	cd $(NODE_DIR) && $(NODE) ../bench/node/bench.mjs --write
