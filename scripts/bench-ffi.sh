#!/usr/bin/env bash
# libkaotang against the Rust API, side by side in one run: FSRS next_states (plain structs)
# and scoring 100,000 answer sheets. Both sides are release builds timed on the same
# workload; each prints its fastest of ROUNDS rounds, and the two alternate PASSES times so a
# busy machine slows both alike. Figures go in benches/README.md.
#
#   bash scripts/bench-ffi.sh [ROUNDS] [PASSES]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
passes=${2:-3}
dir=target/ffi-bench
mkdir -p "$dir"
cargo build --release --locked --quiet -p kaotang-ffi
cargo build --release --locked --quiet -p kaotang-suite --example ffi_baseline
cc -std=c11 -O2 -Wall -Wextra -Werror -Iinclude benches/c/ffi_bench.c target/release/libkaotang.a \
  -lpthread -ldl -lm -o "$dir/ffi_bench"
out=$(for _ in $(seq "$passes"); do
  target/release/examples/ffi_baseline "$dir" "$rounds"
  "$dir/ffi_bench" "$dir" "$rounds"
done)
echo "$out" | awk '
  { v = $3 + 0; k = $1 " " $2; if (!(k in best) || v < best[k]) best[k] = v }
  END {
    printf "%-24s %10s %10s %7s\n", "job", "Rust", "C", "C/Rust"
    printf "%-24s %8.1f ns %7.1f ns %6.2f×\n", "FSRS next_states (call)", best["rust fsrs_next_states_ns"], best["c fsrs_next_states_ns"], best["c fsrs_next_states_ns"] / best["rust fsrs_next_states_ns"]
    printf "%-24s %8.1f ms %7.1f ms %6.2f×\n", "score 100,000 sheets", best["rust score_100k_ms"], best["c score_100k_ms"], best["c score_100k_ms"] / best["rust score_100k_ms"]
  }'
