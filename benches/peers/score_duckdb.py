#!/usr/bin/env python3
"""`kaotang contest score` in DuckDB SQL. Usage: score_duckdb.py PAPER_DIR SHEETS.csv OUT.csv"""

import sys

import duckdb

from rules import paper_items


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def main():
    paper, sheets, out = sys.argv[1:4]
    forms = paper_items(paper)
    score, correct = [], []
    for label, items in forms.items():
        points, right = [], []
        for col, kind, key, pts in items:
            cell = f'coalesce("{col}", \'\')'
            if kind == "exact":
                points.append(f"({cell} = {quote(key)})::INT * {pts}")
                right.append(f"({cell} = {quote(key)})::INT")
            else:
                subset = f"regexp_full_match({cell}, {quote(f'[{key}]+')})"
                points.append(f"CASE WHEN {subset} THEN length({cell}) * {pts / len(key)!r} ELSE 0 END")
                right.append(f"({subset} AND length({cell}) = {len(key)})::INT")
        score.append(f"WHEN 试卷 = {quote(label)} THEN {' + '.join(points)}")
        correct.append(f"WHEN 试卷 = {quote(label)} THEN {' + '.join(right)}")
    sql = f"""
    COPY (
      WITH scored AS (
        SELECT 编号, 姓名, 单位, 试卷,
               round((CASE {' '.join(score)} END) * 100) / 100 AS 得分,
               CASE {' '.join(correct)} END AS 答对题数,
               用时::UINTEGER AS "用时(秒)", 次数::UINTEGER AS 次数
        FROM read_csv({quote(sheets)}, all_varchar = true, header = true)
      ),
      best AS (
        SELECT * FROM scored
        QUALIFY row_number() OVER (PARTITION BY 编号 ORDER BY 得分 DESC, "用时(秒)", 次数) = 1
      )
      SELECT rank() OVER (ORDER BY 得分 DESC, "用时(秒)") AS 名次,
             编号, 姓名, 单位, 试卷, 得分, 答对题数, "用时(秒)"
      FROM best ORDER BY 得分 DESC, "用时(秒)", 编号
    ) TO {quote(out)} (HEADER, DELIMITER ',')
    """
    duckdb.sql(sql)


if __name__ == "__main__":
    main()
