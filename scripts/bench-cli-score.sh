#!/usr/bin/env bash
# Times `kaotang contest score` on N answer sheets (default 1,000,000) from P participants
# (default N: one sheet each; fewer means several attempts each) and reports peak memory.
# Default flags: results file only (add --save-to-profile to time the profile too). The side-by-side
# run against pandas, polars and DuckDB is benches/peers/run.py.
# Usage: bash scripts/bench-cli-score.sh [N] [P]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
people=${2:-$n}
cargo build --release -q -p kaotang-cli
k=$PWD/target/release/kaotang
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$k" --profile p.sqlite contest paper --blueprint "$OLDPWD/question-banks/blueprints/chusai.yaml" --seed 2021 -o paper >/dev/null
python3 - "$n" "$people" <<'PY'
import json, random, sys
n, people = int(sys.argv[1]), int(sys.argv[2]); random.seed(7)
keys = {f: [k["answer"].replace("√", "对").replace("×", "错") for k in json.load(open(f"paper/key-{f}.json"))] for f in "AB"}
units = [f"区{a}/单位{b}/支部{c}" for a in range(5) for b in range(20) for c in range(5)]
with open("sheets.csv", "w") as out:
    out.write("编号,姓名,单位,试卷," + ",".join(str(i + 1) for i in range(len(keys["A"]))) + ",用时,次数\n")
    for s in range(n):
        p, attempt = s % people, s // people + 1
        f = "AB"[p % 2]
        row = [a if random.random() < 0.8 else ("错" if a == "对" else "对" if a == "错" else "A" if a != "A" else "B") for a in keys[f]]
        out.write(f"p{p},学员{p},{units[p % len(units)]},{f}," + ",".join(row) + f",{300 + s % 1500},{attempt}\n")
PY
ls -l sheets.csv | awk '{printf "sheets.csv: %.0f MB\n", $5/1e6}'
/usr/bin/time -f "elapsed %e s, peak RSS %M KB" "$k" --profile p.sqlite contest score --paper paper --sheets sheets.csv -o results.csv 2>&1 | tail -2
