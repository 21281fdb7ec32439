#!/usr/bin/env bash
# Builds the static site into dist/: index.html, www/ (styles, script,
# presets) and pkg/ (the wasm bundle). Every URL is relative, so dist/ can
# be copied to any static host or sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --lib --target wasm32-unknown-unknown --profile wasm-release
rm -rf pkg
wasm-bindgen --target web --no-typescript --out-dir pkg \
  target/wasm32-unknown-unknown/wasm-release/lightcone.wasm
scripts/wasm-opt.sh pkg/lightcone_bg.wasm

rm -rf dist
mkdir -p dist
cp index.html dist/
cp -r www pkg dist/
echo "built dist/ ($(du -sh dist | cut -f1))"
