"""What every peer needs to score a paper folder as `kaotang contest score` does by default.

The rules the peers implement (the paper's contest.json with default rules, as the
generator's sheets use them): a single-choice or true/false answer earns the section's
points when it equals the key; a multiple-choice answer under `partial` earns
points × chosen/key when it is a non-empty subset of the key, under `all_or_nothing` the
points when it equals the key; nothing else earns or costs anything. A sheet's score is the
sum rounded to 0.01. A participant's best sheet counts (higher score, then less time, then
the earlier attempt); participants are ranked by score, then time used (competition ranks,
1 2 2 4), ties listed by id. `correct` counts answers fully right.
"""

import json


def paper_items(paper):
    """Per form label: [(column, kind, key, points)] in form order."""
    contest = json.load(open(f"{paper}/contest.json", encoding="utf-8"))
    bank = json.load(open(f"{paper}/bank.json", encoding="utf-8"))
    rules = contest["rules"]
    if rules["base"] or rules["wrong"] or rules["unanswered"] or rules["speed"] or rules["sections"]:
        raise SystemExit("peers implement the default rules only")
    questions = {q["id"]: q for q in bank["questions"]}
    forms = {}
    for form in contest["assembly"]["forms"]:
        items = []
        for section in form["sections"]:
            for qid in section["questions"]:
                q = questions[qid]
                kind = q["type"]
                if kind == "judge":
                    key = "对" if q["answer"] else "错"
                elif kind == "multiple" and section["multi"]["policy"] == "partial":
                    key, kind = q["answer"], "partial"
                elif kind in ("single", "multiple"):
                    key, kind = q["answer"], "exact"
                else:
                    raise SystemExit(f"peers do not score {kind} questions")
                if kind == "judge":
                    kind = "exact"
                items.append((str(len(items) + 1), kind, key, float(section["points"])))
        forms[form["label"]] = items
    return forms


HEADER = "名次,编号,姓名,单位,试卷,得分,答对题数,用时(秒)"
