#!/usr/bin/env python3
"""`kaotang contest score` in pandas. Usage: score_pandas.py PAPER_DIR SHEETS.csv OUT.csv"""

import sys

import numpy as np
import pandas as pd

from rules import HEADER, paper_items


def main():
    paper, sheets, out = sys.argv[1:4]
    forms = paper_items(paper)
    df = pd.read_csv(sheets, dtype=str, keep_default_na=False)
    score = np.zeros(len(df))
    correct = np.zeros(len(df), dtype=np.uint32)
    for label, items in forms.items():
        rows = (df["试卷"] == label).to_numpy()
        part = df.loc[rows]
        s = np.zeros(len(part))
        c = np.zeros(len(part), dtype=np.uint32)
        for col, kind, key, pts in items:
            cell = part[col]
            if kind == "exact":
                ok = (cell == key).to_numpy()
                s += ok * pts
            else:
                subset = cell.str.fullmatch(f"[{key}]+").to_numpy()
                n = cell.str.len().to_numpy()
                s += np.where(subset, n * (pts / len(key)), 0.0)
                ok = subset & (n == len(key))
            c += ok
        score[rows] = s
        correct[rows] = c
    scored = pd.DataFrame(
        {
            "编号": df["编号"],
            "姓名": df["姓名"],
            "单位": df["单位"],
            "试卷": df["试卷"],
            "得分": np.round(score * 100) / 100,
            "答对题数": correct,
            "用时(秒)": df["用时"].astype(np.uint32),
            "次数": df["次数"].astype(np.uint32),
        }
    )
    best = scored.sort_values(
        ["编号", "得分", "用时(秒)", "次数"], ascending=[True, False, True, True], kind="stable"
    ).drop_duplicates("编号", keep="first")
    best = best.sort_values(["得分", "用时(秒)", "编号"], ascending=[False, True, True], kind="stable")
    key = list(zip(-best["得分"], best["用时(秒)"]))
    ranks, prev = np.empty(len(best), dtype=np.uint32), None
    for i, k in enumerate(key):
        if k != prev:
            r, prev = i + 1, k
        ranks[i] = r
    best.insert(0, "名次", ranks)
    best[HEADER.split(",")].to_csv(out, index=False)


if __name__ == "__main__":
    main()
