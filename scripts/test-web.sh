#!/usr/bin/env bash
# Builds and tests the web app (web/): the npm package it links (built here only when
# scripts/test-wasm.sh has not already built it), the locked npm dependencies, the
# TypeScript check, the static build and the Chromium tests.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=crates/kaotang-wasm

if [ ! -f "$pkg/dist/wasm/kaotang_wasm_bg.wasm" ] || [ ! -f "$pkg/dist/banks.js" ]; then
  echo "== the npm package is not built: building it (scripts/test-wasm.sh does this with its tests)"
  (cd "$pkg" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build)
fi
# The CLI, for the test that moves a learner between the CLI and the web (already built by
# `cargo test` in scripts/test-all.sh; this is a no-op then).
cargo build -p kaotang-cli --locked --quiet < /dev/null
if ! command -v chromium >/dev/null 2>&1; then
  echo "== apt-get install chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

cd web
echo "== npm ci (web)"
npm ci --no-audit --no-fund --loglevel=error
echo "== tsc --noEmit --strict (web)"
npm run --silent typecheck
echo "== vite build (web)"
npm run --silent build
echo "== node --test (web, Chromium)"
node --test tests/*.test.mjs
