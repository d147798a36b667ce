#!/usr/bin/env python3
"""`kaotang contest score` in polars. Usage: score_polars.py PAPER_DIR SHEETS.csv OUT.csv"""

import sys

import polars as pl

from rules import HEADER, paper_items


def main():
    paper, sheets, out = sys.argv[1:4]
    forms = paper_items(paper)
    df = pl.read_csv(sheets, infer_schema=False)
    score, correct = None, None
    for label, items in forms.items():
        points, right = [], []
        for col, kind, key, pts in items:
            cell = pl.col(col).fill_null("")
            if kind == "exact":
                ok = cell == key
                points.append(ok.cast(pl.Float64) * pts)
            else:
                subset = cell.str.contains(f"^[{key}]+$")
                points.append(
                    pl.when(subset).then(cell.str.len_chars() * (pts / len(key))).otherwise(0.0)
                )
                ok = cell.str.len_chars().eq(len(key)) & subset
            right.append(ok.cast(pl.UInt32))
        is_form = pl.col("试卷") == label
        score = pl.when(is_form).then(pl.sum_horizontal(points)) if score is None else score.when(is_form).then(pl.sum_horizontal(points))
        correct = pl.when(is_form).then(pl.sum_horizontal(right)) if correct is None else correct.when(is_form).then(pl.sum_horizontal(right))
    scored = df.select(
        pl.col("编号"),
        pl.col("姓名"),
        pl.col("单位"),
        pl.col("试卷"),
        ((score * 100).round(0) / 100).alias("得分"),
        correct.alias("答对题数"),
        pl.col("用时").cast(pl.UInt32).alias("用时(秒)"),
        pl.col("次数").cast(pl.UInt32).alias("次数"),
    )
    best = (
        scored.sort(["编号", "得分", "用时(秒)", "次数"], descending=[False, True, False, False])
        .unique(subset="编号", keep="first", maintain_order=True)
        .sort(["得分", "用时(秒)", "编号"], descending=[True, False, False])
    )
    ranked = best.with_columns(
        pl.struct(-pl.col("得分"), pl.col("用时(秒)")).rank("min").cast(pl.UInt32).alias("名次")
    )
    ranked.select(HEADER.split(",")).write_csv(out)


if __name__ == "__main__":
    main()
