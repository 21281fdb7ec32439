#!/usr/bin/env bash
# Installs whatever the build and tests need and is missing; a second run,
# with everything present, only checks and takes a second or two.
#   scripts/bootstrap.sh            tools to build and serve the app
#   scripts/bootstrap.sh --browser  also Debian's chromium + chromium-driver
# Everything comes from crates.io, npm or apt (see TOOLCHAIN notes in README).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'bootstrap: %s\n' "$*"; }

# The wasm-bindgen CLI must match the crate version pinned with "=" exactly.
bindgen_version=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$bindgen_version" ] || { say "cannot find the pinned wasm-bindgen version in Cargo.toml"; exit 1; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (a few minutes, once)"
  # Not --locked: its lock file names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

if ! command -v wasm-pack >/dev/null 2>&1; then
  say "installing wasm-pack (a few minutes, once)"
  cargo install wasm-pack --locked
fi

# npm dev dependencies from the committed lock file; the stamp makes the
# second run free.
if [ ! -f node_modules/.lightcone-stamp ] || [ package-lock.json -nt node_modules/.lightcone-stamp ]; then
  say "installing npm dev dependencies (binaryen, playwright-core, typescript)"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.lightcone-stamp
fi

if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      say "installing Debian's chromium and chromium-driver"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    else
      say "the browser tests need Debian's chromium and chromium-driver:"
      say "  sudo apt-get install -y chromium chromium-driver"
      exit 1
    fi
  fi
fi
