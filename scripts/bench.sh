#!/usr/bin/env bash
# `make bench`: native and wasm analysis on generated traces, the editor's
# response time in Chromium, every interaction to its painted frame (the
# cut tool's too), the side-by-side with ShiViz (when a copy is at hand),
# the first load on a throttled connection, then a table. Fewer runs than
# the scripts' own defaults keep the browser half near ten minutes; set BENCH_RUNS (ShiViz
# runs per log), BENCH_SAMPLES (interaction samples) or BENCH_LOAD_RUNS to
# change that, BENCH_VIEWPORTS=1280x720 for one size.
# Expects dist/ to be built (the Makefile does that first).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
cargo bench --bench analyze
# VR: simulated operations per second and explorer states per second (target/bench/vr.jsonl).
cargo bench --bench vr
# The core module the site ships in pkg/core (same build, same wasm-opt: the
# analysis code is the page's too), bound for Node (a no-op build after make dist).
cargo build --lib --target wasm32-unknown-unknown --profile wasm-release-core --no-default-features
wasm-bindgen --target nodejs --no-typescript --out-dir target/bench/node \
  target/wasm32-unknown-unknown/wasm-release-core/lightcone.wasm
scripts/wasm-opt.sh target/bench/node/lightcone_bg.wasm
# wasm-bindgen's Node glue is CommonJS; our package.json says "module".
echo '{"type": "commonjs"}' > target/bench/node/package.json
node scripts/bench-wasm.mjs
node scripts/bench-browser.mjs
BENCH_SAMPLES="${BENCH_SAMPLES:-9}" node scripts/bench-interaction.mjs
BENCH_SAMPLES="${BENCH_SAMPLES:-9}" node scripts/bench-cut.mjs
# ShiViz from ../shared when it is there (a clone has none: the script then
# prints SKIPPED and says why).
if [ -z "${SHIVIZ_DIR:-}" ] && [ -f ../shared/peers/shiviz/index.html ]; then
  export SHIVIZ_DIR=../shared/peers/shiviz
fi
BENCH_RUNS="${BENCH_RUNS:-5}" BENCH_SAMPLES="${BENCH_SHIVIZ_SAMPLES:-2}" node scripts/bench-shiviz.mjs
node scripts/bench-load.mjs
cargo build --release --bin lightcone
node scripts/bench-import.mjs
node scripts/bench-report.mjs
