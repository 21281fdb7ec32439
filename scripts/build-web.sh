#!/usr/bin/env bash
# Builds the static site into dist/: index.html, www/ (styles, the page's
# script and the explorer's worker script, presets) and pkg/ (the wasm
# bundle, which both scripts load). Every URL is relative, so dist/ can be
# copied to any static host or sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."

# LIGHTCONE_PROFILE=wasm-dev builds quickly for work on the page (no LTO,
# no wasm-opt); the default is the bundle that ships.
profile=${LIGHTCONE_PROFILE:-wasm-release}
cargo build --lib --target wasm32-unknown-unknown --profile "$profile"
wasm=target/wasm32-unknown-unknown/$profile/lightcone.wasm
# Bind and optimise only when the compiled module changed (wasm-opt takes
# most of a rebuild's time).
if [ ! -f pkg/.built-from ] || [ "$(cat pkg/.built-from)" != "$(cksum < "$wasm")" ]; then
  rm -rf pkg
  wasm-bindgen --target web --no-typescript --out-dir pkg "$wasm"
  [ "$profile" = wasm-dev ] || scripts/wasm-opt.sh pkg/lightcone_bg.wasm
  cksum < "$wasm" > pkg/.built-from
fi

rm -rf dist
mkdir -p dist
cp index.html dist/
cp -r www dist/
mkdir -p dist/pkg
cp pkg/lightcone.js pkg/lightcone_bg.wasm dist/pkg/
echo "built dist/ ($(du -sh dist | cut -f1))"
