#!/usr/bin/env python3
"""Answer sheets for a paper folder made by `kaotang contest paper`.

Usage: generate.py PAPER_DIR OUT.csv SHEETS [PARTICIPANTS] [SEED] [--shuffled]

Writes SHEETS rows from PARTICIPANTS participants (default: one sheet each; fewer means
several attempts each, numbered in 次数), alternating forms, 80% of answers right, the rest
a wrong option, a part of a multiple-choice key (partial credit) or left blank; a three-level
unit path, seconds used (用时) and the attempt number. Same arguments, same file.

Rows come in participant order (p0, p1, …, then the second attempts), so ids are in numeric
order, which is not their sorted order as text (p10 sorts before p2). `--shuffled` writes the
same rows in a random order (from the seed), as an export sorted by submission time would
have them: ids in no order at all.

Answers are drawn for a pool of 4,096 rows per form and rows pick from the pool, so ten
million rows take about a minute to write.
"""

import json
import random
import sys


def keys(paper):
    """Per form: (label, [(kind, key)]) in form order, from contest.json and bank.json."""
    contest = json.load(open(f"{paper}/contest.json", encoding="utf-8"))
    bank = json.load(open(f"{paper}/bank.json", encoding="utf-8"))
    questions = {q["id"]: q for q in bank["questions"]}
    forms = []
    for form in contest["assembly"]["forms"]:
        items = []
        for section in form["sections"]:
            for qid in section["questions"]:
                q = questions[qid]
                if q["type"] == "judge":
                    items.append(("judge", "对" if q["answer"] else "错", 0))
                else:
                    items.append((q["type"], q["answer"], len(q["options"])))
        forms.append((form["label"], items))
    return forms


def answer(rng, kind, key, options):
    r = rng.random()
    if r < 0.8:
        return key
    if r < 0.83:
        return ""
    if kind == "judge":
        return "错" if key == "对" else "对"
    if kind == "multiple" and r < 0.9 and len(key) > 1:
        return "".join(sorted(rng.sample(key, rng.randint(1, len(key) - 1))))
    wrong = [chr(ord("A") + i) for i in range(options) if chr(ord("A") + i) not in key]
    return rng.choice(wrong) if wrong else key


def main():
    args = [a for a in sys.argv[1:] if a != "--shuffled"]
    shuffled = len(args) < len(sys.argv) - 1
    paper, out = args[0], args[1]
    n = int(args[2])
    people = int(args[3]) if len(args) > 3 else n
    seed = int(args[4]) if len(args) > 4 else 7
    rng = random.Random(seed)
    forms = keys(paper)
    pool = [
        [",".join(answer(rng, *item) for item in items) for _ in range(4096)]
        for _, items in forms
    ]
    units = [f"区{a}/单位{b}/支部{c}" for a in range(5) for b in range(20) for c in range(5)]
    count = len(forms[0][1])
    picks = rng.choices(range(4096), k=min(n, 1 << 20))
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("编号,姓名,单位,试卷," + ",".join(str(i + 1) for i in range(count)) + ",用时,次数\n")
        lines = []
        order = range(n)
        if shuffled:
            order = list(order)
            random.Random(seed + 1).shuffle(order)
        for s in order:
            p, attempt = s % people, s // people + 1
            k = p % len(forms)
            row = pool[k][picks[(s * 7 + attempt) % len(picks)]]
            lines.append(
                f"p{p},学员{p},{units[p % len(units)]},{forms[k][0]},{row},{300 + (s * 37) % 1500},{attempt}\n"
            )
            if len(lines) == 65536:
                f.write("".join(lines))
                lines.clear()
        f.write("".join(lines))


if __name__ == "__main__":
    main()
