#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser (cargo-fuzz, libFuzzer with AddressSanitizer).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]    each target for SECONDS (default 60); all targets
#                                            unless some are named; FUZZ_SECONDS=0 skips
#
# Targets live in fuzz/fuzz_targets/. Each starts from its committed seeds (fuzz/seeds/TARGET)
# plus the shipped banks and test fixtures it reads; what it learns is kept in fuzz/corpus/TARGET
# (not committed). A crash, a timeout (10 s on one input) or a leak fails the run and leaves the
# input in fuzz/artifacts/TARGET: turn it into a regression test (tests/hardening.rs).
# Needs a nightly toolchain (sanitizers); installs cargo-fuzz, pinned, when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${1:-60}
shift || true
[ "$secs" = 0 ] && { echo "== fuzz: skipped (0 s)"; exit 0; }
CARGO_FUZZ_VERSION=0.13.1

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal >/dev/null 2>&1 || {
    echo "warning: fuzz: no nightly toolchain and none can be installed here; fuzzing skipped" >&2
    exit 0
  }
fi
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  echo "== cargo install cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

# Seed folders shared with the tests, by target (the committed seeds come first).
shared_seeds() {
  case $1 in
    bank_yaml) echo ../question-banks ../tests/fixtures/banks ../tests/fixtures/bad-banks ;;
    bank_json) echo ../tests/fixtures/banks ;;
    import_*) echo ../tests/fixtures/formats ;;
  esac
}

cd fuzz
if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <(cargo +nightly fuzz list); fi
echo "== fuzz: build (${#targets[@]} targets)"
# Release build (as users run it) with AddressSanitizer; the same flags as `fuzz run` below.
cargo +nightly fuzz build -O
mkdir -p logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  # shellcheck disable=SC2046 # the seed folders are separate words
  if cargo +nightly fuzz run -O "$t" "corpus/$t" "seeds/$t" $(shared_seeds "$t") -- \
    -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"logs/$t.log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "logs/$t.log")
    cov=$(grep -oE 'cov: [0-9]+' "logs/$t.log" | tail -1)
    echo "== fuzz $t: ${secs} s, ${runs:-?} inputs, ${cov:-cov: ?}, no crash"
  else
    tail -40 "logs/$t.log" >&2
    echo "fuzz $t: FAILED, the input is in fuzz/artifacts/$t (full log fuzz/logs/$t.log)" >&2
    exit 1
  fi
done
echo "== fuzz: ${#targets[@]} targets, ${secs} s each, no crash"
