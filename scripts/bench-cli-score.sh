#!/usr/bin/env bash
# Times `kaotang contest score` on N answer sheets (default 1,000,000) and reports peak memory.
# Usage: bash scripts/bench-cli-score.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
cargo build --release -q -p kaotang-cli
k=$PWD/target/release/kaotang
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$k" --profile p.sqlite contest paper --blueprint "$OLDPWD/question-banks/blueprints/chusai.yaml" --seed 2021 -o paper >/dev/null
python3 - "$n" <<'PY'
import json, random, sys
n = int(sys.argv[1]); random.seed(7)
keys = {f: [k["answer"].replace("√", "对").replace("×", "错") for k in json.load(open(f"paper/key-{f}.json"))] for f in "AB"}
units = [f"区{a}/单位{b}/支部{c}" for a in range(5) for b in range(20) for c in range(5)]
with open("sheets.csv", "w") as out:
    out.write("编号,姓名,单位,试卷," + ",".join(str(i + 1) for i in range(len(keys["A"]))) + ",用时\n")
    for p in range(n):
        f = "AB"[p % 2]
        row = [a if random.random() < 0.8 else ("错" if a == "对" else "对" if a == "错" else "A" if a != "A" else "B") for a in keys[f]]
        out.write(f"p{p},学员{p},{units[p % len(units)]},{f}," + ",".join(row) + f",{300 + p % 1500}\n")
PY
ls -l sheets.csv | awk '{printf "sheets.csv: %.0f MB\n", $5/1e6}'
/usr/bin/time -f "elapsed %e s, peak RSS %M KB" "$k" --profile p.sqlite contest score --paper paper --sheets sheets.csv -o results.csv 2>&1 | tail -2
