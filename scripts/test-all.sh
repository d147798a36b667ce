#!/usr/bin/env bash
# Runs every gate and every test of kaotang. Installs what the tests need on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdfinfo >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v script >/dev/null 2>&1 || need_apt+=(bsdutils) # the CLI's terminal tests run in a pty
# The printed-paper tests count PDF pages, which depend on the CJK font.
[ -d /usr/share/fonts/opentype/noto ] || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== apt-get install ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "warning: missing ${need_apt[*]} (install them as root for the print tests)" >&2
  fi
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked
echo "== cargo test"
cargo test --workspace --locked
echo "== libkaotang (C tests under sanitizers and valgrind)"
bash scripts/test-ffi.sh
bash scripts/test-wasm.sh
bash scripts/test-web.sh
# The fuzzers build on their own (fuzz/target); a CI clone short of disk drops the 3 GB debug
# build first (.ci/run asks for it; a developer's build is kept).
if [ -n "${KAOTANG_DROP_DEBUG_BUILD:-}" ]; then rm -rf target/debug; fi
bash scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
