# Lightcone. Quick start: `make serve` and `make test` (see README.md).
SHELL := /bin/bash
PORT ?= 8000
export CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: serve dist test test-native test-wasm test-e2e lint fuzz bench bootstrap bootstrap-browser clean

## serve: install what is missing, build the release bundle, serve it on 127.0.0.1:$(PORT)
serve: dist
	@python3 scripts/serve.py dist $(PORT)

## dist: the static site in dist/ (relative URLs; copy it anywhere)
dist: bootstrap
	@scripts/build-web.sh

bootstrap:
	@scripts/bootstrap.sh

bootstrap-browser:
	@scripts/bootstrap.sh --browser

## test: every test layer; fails on the first failing layer
test: bootstrap-browser lint test-native test-wasm test-e2e
	@echo "make test: every layer passed"

## lint: formatting and clippy, natively and for the wasm32 app
lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --tests --target wasm32-unknown-unknown -- -D warnings

## test-native: unit, property, CLI and boundary tests
test-native:
	cargo test
	@test -f ../shared/data/shiviz/MANIFEST.json || echo "SKIPPED: ../shared/data/shiviz is not here, so the checks on the shared ShiViz logs in tests/shiviz_logs.rs and tests/cli_shiviz.rs did not run"

## test-wasm: the wasm-bindgen-test suites, in headless Chromium. Line tables only keep the
## test module near 40 MB instead of 124 MB, and the runner's limits (20 s for the whole run,
## 5 s for the driver to answer) are raised: a loaded CI machine once missed them.
test-wasm:
	CARGO_PROFILE_DEV_DEBUG=line-tables-only WASM_BINDGEN_TEST_TIMEOUT=600 WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60 \
		wasm-pack test --headless --chrome -- --test wasm_core

## test-e2e: the page in Debian's Chromium driven by playwright-core
test-e2e: dist
	node --test e2e/

## fuzz: the loaders' fuzz targets at length: FUZZ_CASES inputs each (20,000 by default; `make test`
## runs 300), each within FUZZ_SECONDS (2) and a memory bound (tests/loaders_fuzz/limits.rs)
FUZZ_CASES ?= 20000
FUZZ_SECONDS ?= 2
fuzz:
	LIGHTCONE_FUZZ_CASES=$(FUZZ_CASES) LIGHTCONE_FUZZ_SECONDS=$(FUZZ_SECONDS) LIGHTCONE_FUZZ_REPORT=1 \
		cargo test --profile fuzz --test loaders_fuzz -- --nocapture

## bench: analysis time and peak memory, native and wasm; bundle size
bench: dist
	@scripts/bench.sh

clean:
	cargo clean
	rm -rf dist pkg node_modules
