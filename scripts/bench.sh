#!/usr/bin/env bash
# `make bench`: native and wasm analysis on generated traces, the editor's
# response time in Chromium, then a table.
# Expects dist/ to be built (the Makefile does that first).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
cargo bench --bench analyze
# The same release wasm the site ships (same build, same wasm-opt), bound for Node.
wasm-bindgen --target nodejs --no-typescript --out-dir target/bench/node \
  target/wasm32-unknown-unknown/wasm-release/lightcone.wasm
scripts/wasm-opt.sh target/bench/node/lightcone_bg.wasm
# wasm-bindgen's Node glue is CommonJS; our package.json says "module".
echo '{"type": "commonjs"}' > target/bench/node/package.json
node scripts/bench-wasm.mjs
node scripts/bench-browser.mjs
cargo build --release --bin lightcone
node scripts/bench-import.mjs
node scripts/bench-report.mjs
