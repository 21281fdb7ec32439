#!/usr/bin/env bash
# Optimises a wasm file in place for size with the npm package's wasm-opt
# (Debian's is too old for what rustc emits). Enables exactly the features
# rustc's wasm32 target emits: --all-features lets binaryen write newer
# encodings (compact imports) that browsers reject.
set -euo pipefail
cd "$(dirname "$0")/.."
file=$1
node_modules/.bin/wasm-opt -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-multivalue --enable-reference-types \
  "$file" -o "$file"
