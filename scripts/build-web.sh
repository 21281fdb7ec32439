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
# Only the npm package's wasm-opt: Debian's is too old for what rustc emits.
# Enable exactly the features rustc's wasm32 target emits: --all-features
# lets binaryen write newer encodings (compact imports) that browsers reject.
node_modules/.bin/wasm-opt -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-multivalue --enable-reference-types \
  pkg/lightcone_bg.wasm -o pkg/lightcone_bg.wasm

rm -rf dist
mkdir -p dist
cp index.html dist/
cp -r www pkg dist/
echo "built dist/ ($(du -sh dist | cut -f1))"
