#!/usr/bin/env bash
# Builds and tests the npm package `kaotang` (crates/kaotang-wasm): installs what it needs
# (the wasm32 target, wasm-bindgen-cli at the version the crate pins, Debian's binaryen and
# chromium, the locked npm dev dependencies), builds, and runs the node tests, the TypeScript
# check, the Chromium run and the size gate.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=crates/kaotang-wasm

rustup target list --installed | grep -qx wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown
pinned=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' "$pkg/Cargo.toml")
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $pinned" ]; then
  echo "== cargo install wasm-bindgen-cli $pinned"
  cargo install wasm-bindgen-cli --version "$pinned"
fi
if ! command -v wasm-opt >/dev/null 2>&1; then
  echo "== apt-get install binaryen (wasm-opt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq binaryen >/dev/null
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "== apt-get install chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

cd "$pkg"
echo "== npm ci (kaotang)"
npm ci --no-audit --no-fund --loglevel=error
echo "== npm run build (kaotang)"
npm run --silent build
echo "== node --test (kaotang)"
node --test test/*.test.mjs
echo "== tsc --noEmit --strict (kaotang)"
npm run --silent typecheck
echo "== chromium (kaotang)"
npm run --silent test:chromium

# The learner's core .wasm must stay small; the shipped banks (dist/banks.js) and the
# organizer's contest module (dist/contest/) are separate downloads.
limit=400000 # 400 kB, decimal
size=$(gzip -9 -c dist/wasm/kaotang_wasm_bg.wasm | wc -c)
echo "core .wasm: $(wc -c <dist/wasm/kaotang_wasm_bg.wasm) bytes, $size gzip -9 (limit $limit)"
echo "contest .wasm: $(wc -c <dist/contest/kaotang_wasm_bg.wasm) bytes, $(gzip -9 -c dist/contest/kaotang_wasm_bg.wasm | wc -c) gzip -9"
[ "$size" -le "$limit" ] || { echo "error: the core .wasm is over its size limit" >&2; exit 1; }
