#!/usr/bin/env bash
# Builds the static site into dist/: index.html, www/ (styles, the page's
# script and the explorer's worker script, presets) and pkg/ (the wasm
# bundle, which both scripts load; pkg/core/, the core-only ES module for
# other pages and Node; the TypeScript declarations). Every URL is
# relative, so dist/ can be copied to any static host or sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."

# LIGHTCONE_PROFILE=wasm-dev builds quickly for work on the page (no LTO,
# no wasm-opt); the default is the bundle that ships.
profile=${LIGHTCONE_PROFILE:-wasm-release}

# bind PROFILE DIR NAME: wasm-bindgen's ES module DIR/NAME.js and
# DIR/NAME_bg.wasm from the module PROFILE compiled. Only when it changed:
# wasm-opt takes most of a rebuild's time.
bind() {
  local wasm=target/wasm32-unknown-unknown/$1/lightcone.wasm dir=$2 name=$3
  if [ ! -f "$dir/.built-from" ] || [ "$(cat "$dir/.built-from")" != "$(cksum < "$wasm")" ]; then
    rm -rf "$dir"
    wasm-bindgen --target web --no-typescript --out-dir "$dir" --out-name "$name" "$wasm"
    [ "$profile" = wasm-dev ] || scripts/wasm-opt.sh "$dir/${name}_bg.wasm"
    cksum < "$wasm" > "$dir/.built-from"
  fi
}

# The page's module: the app and the typed API.
cargo build --lib --target wasm32-unknown-unknown --profile "$profile"
bind "$profile" pkg/app lightcone
# The core alone with the typed API, for other pages and Node: the same
# crate without the `ui` feature, under a profile of its own (a cdylib's
# file has no hash in its name, so two feature sets in one profile would
# overwrite each other and each build would compile both again).
cargo build --lib --target wasm32-unknown-unknown --profile "$profile-core" --no-default-features
bind "$profile-core" pkg/core lightcone_core

rm -rf dist
mkdir -p dist/pkg/core
cp index.html dist/
cp -r www dist/
cp pkg/app/lightcone.js pkg/app/lightcone_bg.wasm dist/pkg/
cp pkg/core/lightcone_core.js pkg/core/lightcone_core_bg.wasm dist/pkg/core/
# The hand-written types: window.lightcone and the shared object types
# beside the page's module, the core module's beside it (where TypeScript
# looks for an import of lightcone_core.js).
cp types/lightcone-api.d.ts dist/pkg/
cp types/lightcone_core.d.ts dist/pkg/core/
echo "built dist/ ($(du -sh dist | cut -f1))"
