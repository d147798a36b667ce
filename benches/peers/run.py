#!/usr/bin/env python3
"""kaotang against pandas, polars and DuckDB on the same answer sheets, in one run.

Usage: python3 benches/peers/run.py [--sheets N] [--participants P] [--rounds R]
                                     [--tools kaotang,polars,duckdb,pandas] [--shuffled]
                                     [--work DIR]

Builds nothing: it runs target/release/kaotang (build it first with
`cargo build --release -p kaotang-cli`). Makes the 初赛 paper (seed 2021), generates the
sheets once (generate.py; kept in the work folder for the next run), then runs every tool
R times in alternating order (a different tool first each round), each under
/usr/bin/time for elapsed time and peak resident memory. After the first round it checks
that every peer's output agrees with kaotang's on every participant (rank, id, score,
answers right, time used), line by line, and that kaotang with one thread writes the same
bytes as with all of them. Prints medians, the spread over rounds, and each peer's time as
a multiple of kaotang's in the same round.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def timed(cmd, log):
    """Runs cmd under /usr/bin/time: (elapsed seconds, peak RSS in MB)."""
    with open(log, "w") as err:
        res = subprocess.run(
            ["/usr/bin/time", "-f", "TIME %e %M", *cmd], stdout=subprocess.DEVNULL, stderr=err
        )
    text = open(log).read()
    line = [l for l in text.splitlines() if l.startswith("TIME ")]
    if res.returncode != 0 or not line:
        tail = "\n".join(text.splitlines()[-20:])
        sys.exit(f"{' '.join(cmd)} failed ({res.returncode}):\n{tail}")
    _, secs, kb = line[-1].split()
    return float(secs), int(kb) / 1024


def rows(path, kaotang):
    """(rank, id, score, right, time) per output line, in file order."""
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            c = line.rstrip("\r\n").split(",")
            if kaotang:  # 名次,并列名次,编号,姓名,单位,试卷,得分,用时加分,答对题数,用时(秒),证书
                yield int(c[0]), c[2], round(float(c[6]), 2), int(c[8]), int(c[9])
            else:  # 名次,编号,姓名,单位,试卷,得分,答对题数,用时(秒)
                yield int(c[0]), c[1], round(float(c[5]), 2), int(c[6]), int(c[7])


def agree(peer, path, reference):
    n = 0
    for n, (a, b) in enumerate(zip(rows(path, False), rows(reference, True), strict=True), 1):
        if a != b:
            sys.exit(f"{peer} disagrees with kaotang on output line {n + 1}: {a} vs {b}")
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sheets", type=int, default=1_000_000)
    ap.add_argument("--participants", type=int)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--tools", default="kaotang,polars,duckdb,pandas")
    ap.add_argument("--shuffled", action="store_true",
                    help="sheets in a random order (ids in no order), see generate.py")
    ap.add_argument("--work")
    a = ap.parse_args()
    people = a.participants or a.sheets
    work = a.work or f"/tmp/kaotang-peers-{a.sheets}-{people}{'-shuffled' if a.shuffled else ''}"
    os.makedirs(work, exist_ok=True)
    kaotang = os.path.join(ROOT, "target/release/kaotang")
    if not os.path.exists(kaotang):
        sys.exit("build first: cargo build --release -p kaotang-cli")
    # The paper and the sheets are made once and kept together (the sheets follow the
    # paper's keys): delete the work folder to start over, e.g. after the banks change.
    paper = os.path.join(work, "paper")
    blueprint = os.path.join(ROOT, "question-banks/blueprints/chusai.yaml")
    if not os.path.exists(os.path.join(paper, "contest.json")):
        subprocess.run(
            [kaotang, "--profile", os.path.join(work, "p.sqlite"), "contest", "paper",
             "--blueprint", blueprint, "--seed", "2021", "-o", paper],
            check=True, stdout=subprocess.DEVNULL,
        )
    sheets = os.path.join(work, "sheets.csv")
    if not os.path.exists(sheets):
        t = time.time()
        subprocess.run(
            [sys.executable, os.path.join(HERE, "generate.py"), paper, sheets + ".part",
             str(a.sheets), str(people)] + (["--shuffled"] if a.shuffled else []),
            check=True,
        )
        os.rename(sheets + ".part", sheets)
        print(f"generated {a.sheets:,} sheets in {time.time() - t:.0f} s")
    print(f"{sheets}: {os.path.getsize(sheets) / 1e6:.0f} MB, {a.sheets:,} sheets, {people:,} participants")

    def cmd(tool, threads=None):
        out = os.path.join(work, f"out-{tool}{'-1' if threads else ''}.csv")
        if tool == "kaotang":
            c = [kaotang, "contest", "score", "--paper", paper, "--sheets", sheets, "-o", out]
            return c + (["--threads", str(threads)] if threads else []), out
        return [sys.executable, os.path.join(HERE, f"score_{tool}.py"), paper, sheets, out], out

    tools = a.tools.split(",")
    times = {t: [] for t in tools}
    peaks = {t: [] for t in tools}
    loads = [os.getloadavg()[0]]
    for r in range(a.rounds):
        order = tools[r % len(tools):] + tools[: r % len(tools)]
        for tool in order:
            c, _ = cmd(tool)
            secs, mb = timed(c, os.path.join(work, f"time-{tool}.log"))
            times[tool].append(secs)
            peaks[tool].append(mb)
            print(f"round {r + 1}: {tool:8} {secs:7.2f} s {mb:8.0f} MB", flush=True)
        loads.append(os.getloadavg()[0])
        if r == 0 and "kaotang" in tools:
            reference = cmd("kaotang")[1]
            for tool in tools:
                if tool != "kaotang":
                    n = agree(tool, cmd(tool)[1], reference)
                    print(f"  {tool}: all {n:,} participants agree with kaotang")
            c, single = cmd("kaotang", threads=1)
            secs, mb = timed(c, os.path.join(work, "time-kaotang-1.log"))
            same = open(single, "rb").read() == open(reference, "rb").read()
            print(f"  kaotang --threads 1: {secs:.2f} s, {mb:.0f} MB, output "
                  f"{'byte-identical' if same else 'DIFFERENT'}")
            if not same:
                sys.exit("kaotang's output depends on the thread count")
    print(f"\nload average (1 min) over the run: {min(loads):.1f}–{max(loads):.1f}")
    print(f"{'tool':8} {'median s':>9} {'min–max s':>13} {'peak MB':>8}  ratio to kaotang (median, min–max per round)")
    for tool in tools:
        t = times[tool]
        line = (f"{tool:8} {statistics.median(t):9.2f} {min(t):6.2f}–{max(t):<6.2f} "
                f"{statistics.median(peaks[tool]):8.0f}")
        if "kaotang" in tools and tool != "kaotang":
            ratios = [x / k for x, k in zip(t, times["kaotang"])]
            line += f"  {statistics.median(ratios):.1f}× ({min(ratios):.1f}–{max(ratios):.1f}×)"
        print(line)


if __name__ == "__main__":
    main()
