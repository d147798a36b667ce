//! Contest engine: worked examples with hand-computed scores, and properties.

// Test helpers unwrap their fixtures (clippy allows it only inside #[test] functions).
#![allow(clippy::unwrap_used)]

use kaotang::bank::{BankSet, QuestionId};
use kaotang::contest::*;
use kaotang::grade::{MultiPolicy, grade, parse_response};
use kaotang_suite::synthetic_bank;
use proptest::prelude::*;

const SMALL: &str = r#"
bank: { id: small, title: 小题库, sources: [{ id: jianshi, title: 中国共产党简史 }] }
questions:
  - { id: s1, type: single, stem: 中共一大召开于哪一年？, options: [1919年, 1921年, 1927年, 1935年], answer: B,
      explanation: 1921年。, period: 新民主主义革命时期, difficulty: 1, source: { ref: jianshi } }
  - { id: s2, type: single, stem: 遵义会议召开于哪一年？, options: [1934年, 1935年, 1936年], answer: B,
      explanation: 1935年1月。, period: 新民主主义革命时期, difficulty: 2, source: { ref: jianshi } }
  - { id: m1, type: multiple, stem: 中共一大先后在哪些地方举行？, options: [上海, 北京, 嘉兴南湖, 广州], answer: AC,
      explanation: 上海开幕，嘉兴南湖闭幕。, period: 新民主主义革命时期, difficulty: 2, source: { ref: jianshi } }
  - { id: j1, type: judge, stem: 改革开放始于1978年。, answer: true,
      explanation: 十一届三中全会。, period: 改革开放和社会主义现代化建设新时期, difficulty: 1, source: { ref: jianshi } }
  - { id: f1, type: fill, stem: 中国共产党成立于____年。, answer: ["1921"],
      explanation: 1921年。, period: 新民主主义革命时期, difficulty: 1, source: { ref: jianshi } }
"#;

const SMALL_BP: &str = r#"
title: 测试卷
time_limit_minutes: 10
sections:
  - { name: 单选题, filter: { types: [single] }, count: 2, points: 2 }
  - { name: 多选题, filter: { types: [multiple] }, count: 1, points: 3 }
  - { name: 判断题, filter: { types: [judge] }, count: 1, points: 1 }
  - { name: 填空题, filter: { types: [fill] }, count: 1, points: 2 }
"#;

fn small() -> (BankSet, Assembly) {
    let set = BankSet::load(&[("small.yaml", SMALL)]).unwrap();
    let bp = Blueprint::from_yaml(SMALL_BP).unwrap();
    let a = assemble(&set, &bp, 1).unwrap();
    (set, a)
}

fn sheet(id: &str, answers: &[&str]) -> Sheet {
    Sheet {
        participant: id.into(),
        answers: answers.iter().map(|s| s.to_string()).collect(),
        attempt: 1,
        ..Sheet::default()
    }
}

fn score_with(rules: ScoreRules, s: &Sheet) -> f64 {
    let (set, a) = small();
    let scorer = Scorer::new(&set, &a, rules).unwrap();
    scorer.score_sheet(s, &mut Vec::new()).unwrap().1.score
}

// Form order is bank order: s1 (B), s2 (B), m1 (AC), j1 (对), f1 (1921). Full marks 2+2+3+1+2 = 10.

#[test]
fn all_right_scores_full_marks() {
    assert_eq!(
        score_with(
            ScoreRules::default(),
            &sheet("p", &["B", "B", "AC", "对", "1921"])
        ),
        10.0
    );
}

#[test]
fn multi_policies() {
    let s = sheet("p", &["B", "B", "A", "对", "1921"]);
    // All-or-nothing: 少选 earns nothing: 10 − 3 = 7.
    assert_eq!(score_with(ScoreRules::default(), &s), 7.0);
    // Partial via a section rule: A of AC is 1/2 × 3 = 1.5 → 8.5.
    let partial = ScoreRules {
        sections: vec![SectionRule {
            section: "多选题".into(),
            points: None,
            multi: Some(MultiPolicy::Partial),
            wrong: None,
        }],
        ..ScoreRules::default()
    };
    assert_eq!(score_with(partial.clone(), &s), 8.5);
    // Partial: any wrong choice gives 0 → 7.
    assert_eq!(
        score_with(partial, &sheet("p", &["B", "B", "AB", "对", "1921"])),
        7.0
    );
    // Deduct 0.5 per wrong choice: ABC of AC = 2/2 − 0.5 = 0.5 → 1.5 points → 8.5.
    let deduct = ScoreRules {
        sections: vec![SectionRule {
            section: "多选题".into(),
            points: None,
            multi: Some(MultiPolicy::Deduct { per_wrong: 0.5 }),
            wrong: None,
        }],
        ..ScoreRules::default()
    };
    assert_eq!(
        score_with(deduct, &sheet("p", &["B", "B", "ABC", "对", "1921"])),
        8.5
    );
}

#[test]
fn wrong_and_unanswered_deductions_base_and_floor() {
    // s1 wrong, m1 unanswered, rest right: 2 + 1 + 2 = 5; −1 wrong, −0.5 unanswered, +10 base = 13.5.
    let rules = ScoreRules {
        base: 10.0,
        wrong: 1.0,
        unanswered: 0.5,
        ..ScoreRules::default()
    };
    let s = sheet("p", &["A", "B", "", "对", "1921"]);
    assert_eq!(score_with(rules.clone(), &s), 13.5);
    // Everything wrong with no base: −5 floored at 0, or −5 when negatives are allowed.
    let bad = sheet("p", &["A", "A", "B", "错", "1949"]);
    let no_base = ScoreRules { base: 0.0, ..rules };
    assert_eq!(score_with(no_base.clone(), &bad), 0.0);
    assert_eq!(
        score_with(
            ScoreRules {
                allow_negative: true,
                ..no_base
            },
            &bad
        ),
        -5.0
    );
}

#[test]
fn section_points_override() {
    // 判断题 worth 5 instead of 1: 10 − 1 + 5 = 14.
    let rules = ScoreRules {
        sections: vec![SectionRule {
            section: "判断题".into(),
            points: Some(5.0),
            multi: None,
            wrong: None,
        }],
        ..ScoreRules::default()
    };
    assert_eq!(
        score_with(rules, &sheet("p", &["B", "B", "AC", "对", "1921"])),
        14.0
    );
    let unknown = ScoreRules {
        sections: vec![SectionRule {
            section: "论述题".into(),
            points: Some(5.0),
            multi: None,
            wrong: None,
        }],
        ..ScoreRules::default()
    };
    let (set, a) = small();
    assert!(matches!(
        Scorer::new(&set, &a, unknown),
        Err(ContestError::UnknownSection(_))
    ));
}

#[test]
fn speed_points_scale_with_time_left() {
    // Up to 5 points over the 10-minute limit: 120 s used leaves 480/600 → 4 points.
    let rules = ScoreRules {
        speed: Some(SpeedPoints {
            max: 5.0,
            limit_secs: None,
        }),
        ..ScoreRules::default()
    };
    let mut s = sheet("p", &["B", "B", "AC", "对", "1921"]);
    s.duration = Some(120);
    assert_eq!(score_with(rules.clone(), &s), 14.0);
    // Over time: no speed points, never negative.
    s.duration = Some(900);
    assert_eq!(score_with(rules.clone(), &s), 10.0);
    // From start and end: 2025-07-01 09:00:00 → 09:07:30 is 450 s → 5 × 150/600 = 1.25.
    s.duration = None;
    s.start = Some(kaotang::time::Timestamp(1_751_360_400));
    s.end = Some(kaotang::time::Timestamp(1_751_360_400 + 450));
    assert_eq!(score_with(rules, &s), 11.25);
}

fn attempts(policy: AttemptPolicy) -> (ParticipantResult, u64) {
    let (set, a) = small();
    let mut scorer = Scorer::new(
        &set,
        &a,
        ScoreRules {
            attempts: policy,
            ..ScoreRules::default()
        },
    )
    .unwrap();
    // Attempt 1: 6 (s1, s2, j1, 1921 wrong? no: s1 s2 j1 f1 right, m1 wrong → 7 − 1 = 6)
    for (n, answers) in [
        (1, ["B", "B", "A", "错", "1921"]),
        (2, ["B", "B", "AC", "错", "1921"]),
        (3, ["B", "B", "AC", "对", "1921"]),
    ] {
        let mut s = sheet("p", &answers);
        s.attempt = n;
        scorer.add(&s).unwrap();
    }
    let out = scorer.finish();
    (out.results[0].clone(), out.ignored)
}

#[test]
fn attempt_policies() {
    // Attempts score 6, 9 and 10.
    let (best, ignored) = attempts(AttemptPolicy::Best { limit: None });
    assert_eq!(
        (best.score, best.attempt, best.sheets, ignored),
        (10.0, 3, 3, 0)
    );
    let (best2, ignored) = attempts(AttemptPolicy::Best { limit: Some(2) });
    assert_eq!((best2.score, best2.attempt, ignored), (9.0, 2, 1));
    let (sum, _) = attempts(AttemptPolicy::Sum { limit: 2 });
    assert_eq!((sum.score, sum.attempt), (15.0, 2));
}

#[test]
fn bad_rows_are_reported_and_skipped() {
    let (set, a) = small();
    let csv = "编号,姓名,单位,用时,1,2,3,4,5\n\
               p1,张三,东城区/组织部/一支部,100,B,B,AC,对,1921\n\
               p2,李四,东城区/组织部/一支部,100,Z,B,AC,对,1921\n\
               p3,王五,东城区/宣传部/一支部,abc,B,B,AC,对,1921\n\
               ,赵六,东城区,100,B,B,AC,对,1921\n\
               p5,钱七,东城区,100,B,B,AC\n\
               p6,孙八,西城区,100,B,BC,AC,对,1921\n";
    let mut scorer = Scorer::new(&set, &a, ScoreRules::default()).unwrap();
    let mut errors = Vec::new();
    for s in SheetReader::new(csv.as_bytes()).unwrap() {
        match s.and_then(|s| scorer.add(&s)) {
            Ok(()) => {}
            Err(e) => errors.push((e.row, e.to_string())),
        }
    }
    let rows: Vec<u64> = errors.iter().map(|e| e.0).collect();
    assert_eq!(rows, [3, 4, 5, 6, 7], "{errors:?}");
    assert!(errors[0].1.contains("第 1 题"), "{}", errors[0].1);
    assert!(errors[2].1.contains("参赛编号为空"));
    assert!(errors[3].1.contains("答案有 3 个"));
    let out = scorer.finish();
    // Only p1 is scored; no bad row became a zero.
    assert_eq!(out.results.len(), 1);
    assert_eq!(*out.results[0].unit, ["东城区", "组织部", "一支部"]);
}

#[test]
fn a_field_in_two_columns_is_refused_on_the_header() {
    // An export with both a 编号 and a 账号 column: either could be the id meant, and
    // reading one silently would rank people under the wrong ids.
    let err = |csv: &str| match SheetReader::new(csv.as_bytes()) {
        Ok(_) => panic!("read: {csv}"),
        Err(e) => (e.row, e.message),
    };
    assert_eq!(
        err("编号,姓名,1,账号\np1,张三,B,zs01\n"),
        (
            1,
            "第 1 列“编号”和第 4 列“账号”都是参赛编号列，只能有一列：请删去或改名其中一列".into()
        )
    );
    assert_eq!(
        err("编号,用时,姓名,1, 用时 \np1,95,张三,B,96\n").1,
        "第 2 列“用时”和第 5 列“用时”都是用时列，只能有一列：请删去或改名其中一列"
    );
    // Unit levels and answers come from every such column, as before.
    let mut reader =
        SheetReader::new("编号,单位,单位,1,1\np1,东城区,一支部,B,对\n".as_bytes()).unwrap();
    let view = reader.read_view().unwrap().unwrap();
    assert_eq!(view.answers().collect::<Vec<_>>(), ["B", "对"]);
    let sheet = SheetReader::new("编号,单位,单位,1\np1,东城区,一支部,B\n".as_bytes())
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    assert_eq!(sheet.unit, ["东城区", "一支部"]);
}

#[test]
fn a_row_longer_than_the_header_is_refused_unless_the_extra_cells_are_empty() {
    let (set, a) = small();
    // p2's name holds a comma without quotes: every cell after it moved one column right,
    // and its last answer is past the header. p3 ends with two empty cells (a trailing
    // comma some exporters write), which are harmless.
    let csv = "编号,姓名,单位,1,2,3,4,5\n\
               p1,张三,东城区,B,B,AC,对,1921\n\
               p2,李,四,东城区,B,B,AC,对,1921\n\
               p3,王五,东城区,B,B,AC,对,1921,,\n\
               \"p4\",\"赵,六\",东城区,B,B,AC,对,1921\n";
    let mut scorer = Scorer::new(&set, &a, ScoreRules::default()).unwrap();
    let mut errors = Vec::new();
    let mut reader = SheetReader::new(csv.as_bytes()).unwrap();
    while let Some(r) = reader.read_view() {
        if let Err(e) = r.and_then(|s| scorer.add_view(&s)) {
            errors.push(e);
        }
    }
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].row, errors[0].participant.as_deref()),
        (3, Some("p2"))
    );
    assert!(
        errors[0]
            .message
            .contains("这一行有 9 列，表头只有 8 列（第 9 列为“1921”）"),
        "{}",
        errors[0].message
    );
    let out = scorer.finish();
    let scored: Vec<(&str, &str, f64)> = out
        .results
        .iter()
        .map(|r| (r.participant.as_str(), r.name.as_str(), r.score))
        .collect();
    assert_eq!(
        scored,
        [
            ("p1", "张三", 10.0),
            ("p3", "王五", 10.0),
            ("p4", "赵,六", 10.0)
        ]
    );
}

#[test]
fn invalid_utf8_is_a_row_error_and_the_rest_is_read() {
    let (set, a) = small();
    let mut csv = b"id,name,unit,1,2,3,4,5\n".to_vec();
    csv.extend_from_slice(b"p1,\xe5\xbc,X,B,B,AC,T,1921\n");
    csv.extend_from_slice(b"p2,Li,X/\xff,B,B,AC,T,1921\n");
    csv.extend_from_slice(b"p3,Wang,X,B,B,AC,\xe5\xaf,1921\n");
    csv.extend_from_slice(b"p4,Zhao,X,B,B,AC,T,1921\n");
    let mut scorer = Scorer::new(&set, &a, ScoreRules::default()).unwrap();
    let mut reader = SheetReader::new(csv.as_slice()).unwrap();
    let mut rows = Vec::new();
    while let Some(r) = reader.read_view() {
        if let Err(e) = r.and_then(|s| scorer.add_view(&s)) {
            rows.push(e.row);
        }
    }
    assert_eq!(rows, [2, 3, 4]);
    let out = scorer.finish();
    assert_eq!(out.results.len(), 1);
    assert_eq!(
        (out.results[0].participant.as_str(), out.results[0].score),
        ("p4", 10.0)
    );
}

/// Scores a sheets file read through `SheetReader`: (participant, name, unit, score) per result.
fn score_csv(bytes: &[u8]) -> Vec<(String, String, String, f64)> {
    let (set, a) = small();
    let mut scorer = Scorer::new(&set, &a, ScoreRules::default()).unwrap();
    let mut reader = SheetReader::new(bytes).unwrap();
    while let Some(r) = reader.read_view() {
        r.and_then(|s| scorer.add_view(&s)).unwrap();
    }
    let out = scorer.finish();
    out.results
        .iter()
        .map(|r| {
            (
                r.participant.to_string(),
                r.name.to_string(),
                r.unit.join("/"),
                r.score,
            )
        })
        .collect()
}

#[test]
fn sheets_read_the_same_from_excel_gbk_crlf_bom_and_quoted_cells() {
    let plain = "编号,姓名,单位,1,2,3,4,5\np1,张三,东城区/一支部,B,B,AC,对,1921\np2,李四,东城区/二支部,A, B ,AC,错,\n";
    let expected = vec![
        (
            "p1".to_owned(),
            "张三".to_owned(),
            "东城区/一支部".to_owned(),
            10.0,
        ),
        (
            "p2".to_owned(),
            "李四".to_owned(),
            "东城区/二支部".to_owned(),
            5.0,
        ),
    ];
    assert_eq!(score_csv(plain.as_bytes()), expected);
    // Excel on Chinese Windows: GBK, CRLF.
    let crlf = plain.replace('\n', "\r\n");
    let (gbk, _, bad) = encoding_rs::GBK.encode(&crlf);
    assert!(!bad);
    assert_eq!(score_csv(&gbk), expected);
    assert_eq!(
        SheetReader::new(&gbk[..]).unwrap().encoding(),
        SheetEncoding::Gb18030
    );
    // "CSV UTF-8" from Excel: a byte-order mark; and every cell quoted, one with a comma.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(plain.as_bytes());
    assert_eq!(score_csv(&bom), expected);
    let quoted: String = plain
        .lines()
        .map(|l| {
            let cells: Vec<String> = l.split(',').map(|c| format!("\"{c}\"")).collect();
            cells.join(",") + "\n"
        })
        .collect();
    assert_eq!(score_csv(quoted.as_bytes()), expected);
    // Answers in columns apart (names and units between them), plain and quoted.
    let apart: String = plain
        .lines()
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            [c[0], c[3], c[4], c[1], c[5], c[6], c[2], c[7]].join(",") + "\n"
        })
        .collect();
    assert!(apart.starts_with("编号,1,2,姓名,3,4,单位,5\n"));
    assert_eq!(score_csv(apart.as_bytes()), expected);
    assert_eq!(
        score_csv(apart.replace(",B,", ",\"B\",").as_bytes()),
        expected
    );
    let comma = plain.replace("张三", "\"张三,\"\"老张\"\"\"");
    assert_eq!(score_csv(comma.as_bytes())[0].1, "张三,\"老张\"");
}

#[test]
fn judge_answers_in_every_spelling() {
    // j1's key is 对 (1 point); the rest of the sheet is right (9 points).
    for (answer, expected) in [
        ("对", 10.0),
        ("T", 10.0),
        ("√", 10.0),
        (" 对 ", 10.0),
        ("错", 9.0),
        ("F", 9.0),
        ("×", 9.0),
    ] {
        let s = sheet("p", &["B", "B", "AC", answer, "1921"]);
        assert_eq!(score_with(ScoreRules::default(), &s), expected, "{answer}");
    }
}

#[test]
fn json_sheets_score_like_csv() {
    let (set, a) = small();
    let rows = sheets_from_json(r#"[{"participant":"p1","answers":["B","B","AC","对","1921"],"duration":60},{"participant":""}]"#).unwrap();
    // On one line: both elements are on line 1.
    assert_eq!(rows[1].as_ref().unwrap_err().row, 1);
    let scorer = Scorer::new(&set, &a, ScoreRules::default()).unwrap();
    let s = rows[0].as_ref().unwrap();
    assert_eq!(
        scorer.score_sheet(s, &mut Vec::new()).unwrap().1.score,
        10.0
    );
}

/// JSON sheets stream: a bad element is that sheet's error and reading goes on; a file cut off
/// mid-array hands on the sheets before the cut, then fails at its line (nothing is scored from
/// a broken file, since the command stops on the error).
#[test]
fn json_sheets_stream_one_element_at_a_time() {
    let json = "[\n{\"participant\":\"p1\",\"answers\":[\"B\"]},\n{\"participant\":\"p2\",\"answers\":7},\n{\"participant\":\"p3\",\"answers\":[]}\n]";
    let mut seen = Vec::new();
    let n = for_each_json_sheet(json.as_bytes(), DEFAULT_UTC_OFFSET_SECS, |s| {
        seen.push(
            s.map(|s| (s.row, s.participant))
                .map_err(|e| (e.row, e.participant)),
        );
    })
    .unwrap();
    assert_eq!(n, 3);
    assert_eq!(
        seen,
        [
            Ok((2, "p1".to_owned())),
            Err((3, Some("p2".to_owned()))),
            Ok((4, "p3".to_owned()))
        ]
    );
    let cut = &json[..json.find("{\"participant\":\"p3\"").unwrap() + 10];
    let mut before = 0;
    let err =
        for_each_json_sheet(cut.as_bytes(), DEFAULT_UTC_OFFSET_SECS, |_| before += 1).unwrap_err();
    assert_eq!(before, 2);
    assert_eq!(err.row, 4);
    assert!(err.message.contains("文件不完整"), "{}", err.message);
    // Not an array at all.
    let err = for_each_json_sheet(&b"{\"participant\":\"p1\"}"[..], 0, |_| {}).unwrap_err();
    assert_eq!(
        (err.row, err.message.as_str()),
        (1, "JSON 第 1 列：应为答卷数组 [ {…}, {…} ]")
    );
    // With the byte-order mark Notepad writes.
    let bom = format!("\u{feff}{json}");
    assert_eq!(for_each_json_sheet(bom.as_bytes(), 0, |_| {}).unwrap(), 3);
    assert_eq!(sheets_from_json(&bom).unwrap().len(), 3);
    // Same sheets as the whole-text reader.
    assert_eq!(
        sheets_from_json(json).unwrap().len(),
        3,
        "sheets_from_json is for_each_json_sheet collected"
    );
}

#[test]
fn presented_answers_map_back_through_the_paper() {
    let (set, a) = small();
    let seed = 99;
    let paper = Paper::new(&set, &a.forms[0], seed, "p1").unwrap();
    let key = paper.key_view(&set).unwrap();
    // Answer every item with the key in shown letters, in presented order.
    let answers: Vec<String> = key.iter().map(|k| k.answer.clone()).collect();
    let rules = ScoreRules {
        answers: AnswerOrder::Presented { seed },
        ..ScoreRules::default()
    };
    let scorer = Scorer::new(&set, &a, rules).unwrap();
    let s = Sheet {
        participant: "p1".into(),
        answers,
        attempt: 1,
        ..Sheet::default()
    };
    assert_eq!(
        scorer.score_sheet(&s, &mut Vec::new()).unwrap().1.score,
        10.0
    );
}

#[test]
fn ranks_tie_breaks_top_and_certificates() {
    let r = |id: &str, score: f64, secs: Option<u32>, at: i64| ParticipantResult {
        participant: id.into(),
        name: "".into(),
        unit: vec![].into(),
        form: "A".into(),
        score,
        speed: 0.0,
        correct: 0,
        time_used: secs,
        submitted: Some(kaotang::time::Timestamp(at)),
        attempt: 1,
        sheets: 1,
    };
    let results = [
        r("a", 95.0, Some(300), 10),
        r("b", 95.0, Some(300), 5),
        r("c", 95.0, None, 1),
        r("d", 88.0, Some(60), 1),
        r("e", 70.0, Some(60), 1),
    ];
    let opts = RankOptions {
        certificates: vec![
            Certificate {
                name: "一等奖".into(),
                min_score: 90.0,
            },
            Certificate {
                name: "优秀奖".into(),
                min_score: 80.0,
            },
        ],
        ..RankOptions::default()
    };
    let got: Vec<(&str, u32, u32, Option<String>)> = rank(&results, &opts)
        .into_iter()
        .map(|x| {
            (
                results[x.index].participant.as_str(),
                x.rank,
                x.dense_rank,
                x.certificate,
            )
        })
        .collect();
    let cert = |s: &str| Some(s.to_owned());
    assert_eq!(
        got,
        [
            ("b", 1, 1, cert("一等奖")),
            ("a", 2, 2, cert("一等奖")),
            ("c", 3, 3, cert("一等奖")),
            ("d", 4, 4, cert("优秀奖")),
            ("e", 5, 5, None)
        ]
    );
    // Score only: the three 95s tie.
    let score_only = RankOptions {
        tie_break: vec![TieBreak::Score],
        top: Some(1),
        certificates: vec![],
    };
    let got: Vec<(u32, u32)> = rank(&results, &score_only)
        .iter()
        .map(|x| (x.rank, x.dense_rank))
        .collect();
    assert_eq!(got, [(1, 1), (1, 1), (1, 1)]);
}

#[test]
fn units_aggregate_and_rank() {
    let r = |id: &str, unit: &[&str], score: f64| ParticipantResult {
        participant: id.into(),
        name: "".into(),
        unit: unit.iter().map(|s| s.to_string()).collect(),
        form: "A".into(),
        score,
        speed: 0.0,
        correct: 0,
        time_used: None,
        submitted: None,
        attempt: 1,
        sheets: 1,
    };
    let results = [
        r("a", &["东城区", "组织部", "一支部"], 100.0),
        r("b", &["东城区", "组织部", "一支部"], 80.0),
        r("c", &["东城区", "宣传部", "一支部"], 60.0),
        r("d", &["西城区", "教育局", "一支部"], 90.0),
    ];
    let roster = [
        RosterEntry {
            unit: vec!["东城区".into(), "组织部".into(), "一支部".into()],
            headcount: 4,
        },
        RosterEntry {
            unit: vec!["东城区".into(), "宣传部".into()],
            headcount: 4,
        },
        RosterEntry {
            unit: vec!["西城区".into()],
            headcount: 2,
        },
    ];
    let units = aggregate_units(
        &results,
        &roster,
        &UnitOptions {
            top: 2,
            full_marks: 100.0,
        },
    );
    let get = |p: &[&str]| units.iter().find(|u| u.path == p).unwrap();
    let dc = get(&["东城区"]);
    // 3 of 4 + 4 = 8 take part; mean (100+80+60)/3 = 80; median 80; one full mark.
    assert_eq!(
        (
            dc.participants,
            dc.headcount,
            dc.participation,
            dc.mean,
            dc.median,
            dc.perfect
        ),
        (3, Some(8), Some(0.375), 80.0, 80.0, 1)
    );
    assert_eq!(dc.top, ["a", "b"]);
    let zz = get(&["东城区", "组织部"]);
    assert_eq!((zz.median, zz.participation), (90.0, Some(0.5)));
    let all = get(&[]);
    assert_eq!(
        (all.participants, all.headcount, all.median),
        (4, Some(10), 85.0)
    );
    // Districts by participation: 西城区 1/2 = 0.5 beats 东城区 0.375; by mean 西城区 90 > 80 too.
    let ranked: Vec<(u32, &[String])> = rank_units(
        &units,
        1,
        &[UnitCriterion::Participation, UnitCriterion::Mean],
    )
    .into_iter()
    .map(|(r, i)| (r, units[i].path.as_slice()))
    .collect();
    assert_eq!(ranked[0].1, ["西城区"]);
    assert_eq!((ranked[0].0, ranked[1].0), (1, 2));
}

#[test]
fn item_analysis_worked_example() {
    // Four sheets, two one-point items. Totals 2, 1, 0, 2: mean 1.25, var (0.5625·2 + 0.0625 + 1.5625)/3 = 0.916…
    let info = |q: &str| ItemInfo {
        question: q.into(),
        options: 4,
        points: 1.0,
    };
    let mut a = ItemAnalyzer::new(vec![info("q1"), info("q2")]);
    let o = |c: f64, ch: u8| ItemOutcome {
        credit: c,
        choices: ch,
        answered: true,
    };
    a.add(&[o(1.0, 0b1), o(1.0, 0b10)]);
    a.add(&[o(1.0, 0b1), o(0.0, 0b100)]);
    a.add(&[o(0.0, 0b10), ItemOutcome::default()]);
    a.add(&[o(1.0, 0b1), o(1.0, 0b10)]);
    let r = a.report(&AnalysisOptions::default());
    assert_eq!(r.items[0].facility, 0.75);
    assert_eq!(r.items[1].facility, 0.5);
    assert_eq!(r.items[0].options, [3, 1, 0, 0]);
    assert_eq!(
        (r.items[1].options.clone(), r.items[1].unanswered),
        (vec![0, 2, 1, 0], 1)
    );
    // var(q1) = 0.25, var(q2) = 1/3, var(T) = 11/12: alpha = 2 × (1 − (7/12)/(11/12)) = 8/11.
    let alpha = r.paper.alpha.unwrap();
    assert!((alpha - 8.0 / 11.0).abs() < 1e-12, "{alpha}");
    assert!((r.paper.sd - (11.0f64 / 12.0).sqrt()).abs() < 1e-12);
    let sem = r.paper.sem.unwrap();
    assert!((sem - (11.0f64 / 12.0).sqrt() * (3.0f64 / 11.0).sqrt()).abs() < 1e-12);
    // q1 against the rest (q2): x = 1,1,0,1 and y = 1,0,0,1: r = 1/√3.
    let d = r.items[0].discrimination.unwrap();
    assert!((d - 1.0 / 3.0f64.sqrt()).abs() < 1e-12, "{d}");
    assert_eq!(r.items[0].suggested_difficulty, 2);
    assert_eq!(r.items[1].suggested_difficulty, 3);
}

/// A form nobody sat (sheets only for form A) has no statistics to flag: no item is 过难,
/// and applying its report changes no difficulty.
#[test]
fn a_form_without_sheets_flags_nothing() {
    let info = |q: &str| ItemInfo {
        question: q.into(),
        options: 4,
        points: 1.0,
    };
    let r = ItemAnalyzer::new(vec![info("q1"), info("q2")]).report(&AnalysisOptions::default());
    assert_eq!(r.paper.sheets, 0);
    assert!(r.items.iter().all(|i| i.flags.is_empty()), "{r:?}");
    let mut bank: kaotang::bank::Bank = serde_saphyr::from_str(SMALL).unwrap();
    bank.questions[0].id = QuestionId::from("q1");
    let before = bank.questions[0].difficulty;
    assert_eq!(r.apply_to(&mut bank), 0);
    assert_eq!(bank.questions[0].difficulty, before);
}

#[test]
fn item_analysis_flags_a_miskeyed_question() {
    // q4 is answered right only by the weakest participants.
    let info = |q: &str| ItemInfo {
        question: q.into(),
        options: 0,
        points: 1.0,
    };
    let mut a = ItemAnalyzer::new(vec![info("q1"), info("q2"), info("q3"), info("q4")]);
    let o = |c: f64| ItemOutcome {
        credit: c,
        choices: 0,
        answered: true,
    };
    for row in [
        [1.0, 1.0, 1.0, 0.0],
        [1.0, 1.0, 1.0, 0.0],
        [1.0, 1.0, 0.0, 0.0],
        [1.0, 0.0, 0.0, 1.0],
        [0.0, 0.0, 0.0, 1.0],
        [0.0, 0.0, 0.0, 1.0],
    ] {
        a.add(&row.map(o));
    }
    let r = a.report(&AnalysisOptions::default());
    assert_eq!(r.items[3].flags, [ItemFlag::NegativeDiscrimination]);
    // q1 (1, 1, 1, 1, 0, 0) against the rest (2, 2, 1, 1, 1, 1): Σ deviations products 2/3,
    // Σ squares 4/3 each, so r = (2/3)/(4/3) = 0.5.
    assert!((r.items[0].discrimination.unwrap() - 0.5).abs() < 1e-12);
    assert!(r.items[0].flags.is_empty());
}

#[test]
fn scorer_feeds_item_analysis_and_difficulty_writes_back() {
    let (set, a) = small();
    let mut scorer = Scorer::new(&set, &a, ScoreRules::default())
        .unwrap()
        .with_analysis();
    for (id, answers) in [
        ("p1", ["B", "B", "AC", "对", "1921"]),
        ("p2", ["A", "B", "A", "对", "1921"]),
    ] {
        scorer.add(&sheet(id, &answers)).unwrap();
    }
    let out = scorer.finish();
    let (label, analyzer) = &out.analysis[0];
    assert_eq!(label, "A");
    let report = analyzer.report(&AnalysisOptions::default());
    assert_eq!(report.items[0].facility, 0.5);
    assert_eq!(report.items[0].options, [1, 1, 0, 0]);
    let mut bank: kaotang::bank::Bank = serde_saphyr::from_str(SMALL).unwrap();
    // s1 goes 1 → 3 (facility 0.5), m1 2 → 3; s2, j1 and f1 (facility 1) stay or become 1.
    assert_eq!(report.apply_to(&mut bank), 3);
    assert_eq!(bank.questions[0].difficulty, 3);
}

#[test]
fn lottery_is_reproducible_and_pinned() {
    let pool: Vec<String> = (0..100).map(|i| format!("p{i:03}")).collect();
    let a = draw(&pool, 5, "2025年第180期 福彩3D 472");
    let mut shuffled = pool.clone();
    shuffled.reverse();
    assert_eq!(a, draw(&shuffled, 5, "2025年第180期 福彩3D 472"));
    assert_ne!(
        a.winners,
        draw(&pool, 5, "2025年第181期 福彩3D 473").winners
    );
    // Pinned: a change here changes every published draw.
    assert_eq!(a.winners, ["p098", "p004", "p012", "p067", "p053"]);
    assert_eq!(draw(&pool, 500, "x").winners.len(), 100);
}

#[test]
fn assembly_errors_name_the_problem() {
    let (set, _) = small();
    let short = Blueprint::from_yaml("title: t\ntime_limit_minutes: 1\nsections: [{ name: 单选题, filter: { types: [single] }, count: 3, points: 1 }]").unwrap();
    let e = assemble(&set, &short, 1).unwrap_err();
    assert_eq!(
        e,
        ContestError::Shortage {
            form: "A".into(),
            section: "单选题".into(),
            count: 3,
            lacks: 1
        }
    );
    assert_eq!(
        e.to_string(),
        "第 A 套试卷的“单选题”部分还缺 1 道题（需要 3 道）"
    );
    let two_forms = Blueprint::from_yaml("title: t\ntime_limit_minutes: 1\nforms: 2\nsections: [{ name: 单选题, filter: { types: [single] }, count: 2, points: 1 }]").unwrap();
    assert!(
        matches!(assemble(&set, &two_forms, 1), Err(ContestError::Shortage { form, lacks: 2, .. }) if form == "B")
    );
    let shared = Blueprint {
        sharing: Sharing::Allowed,
        ..two_forms
    };
    assert_eq!(assemble(&set, &shared, 1).unwrap().forms.len(), 2);
    let hard = Blueprint::from_yaml("title: t\ntime_limit_minutes: 1\ndifficulty: { mean: 4, tolerance: 0.2 }\nsections: [{ name: 单选题, filter: { types: [single] }, count: 2, points: 1 }]").unwrap();
    assert!(matches!(
        assemble(&set, &hard, 1),
        Err(ContestError::Difficulty { .. })
    ));
    let bad_yaml = Blueprint::from_yaml("title: t\ntime_limit_minutes: 1\nsections:\n  - { name: x, count: 1, points: 1, colour: red }").unwrap_err();
    assert!(bad_yaml.to_string().contains('4'), "{bad_yaml}");
}

#[test]
fn used_questions_are_avoided_then_exclusions_hold() {
    let set = synthetic_bank(300, 5);
    let bp = Blueprint::from_yaml("title: 初赛\ntime_limit_minutes: 20\nsections: [{ name: 判断题, filter: { types: [judge] }, count: 30, points: 1 }]").unwrap();
    let first = assemble(&set, &bp, 1).unwrap();
    let used: Vec<QuestionId> = first.forms[0].sections[0].questions.clone();
    let again = assemble(
        &set,
        &Blueprint {
            used_before: used.clone(),
            ..bp
        },
        2,
    )
    .unwrap();
    assert!(
        again.forms[0].sections[0]
            .questions
            .iter()
            .all(|q| !used.contains(q))
    );
}

#[test]
fn shipped_blueprints_read_and_chusai_assembles() {
    let dir = kaotang_suite::shipped_banks_dir().join("blueprints");
    let text = std::fs::read_to_string(dir.join("chusai.yaml")).unwrap();
    let bp = Blueprint::from_yaml(&text).unwrap();
    assert_eq!(bp.total_points(), 100.0);
    let set = synthetic_bank(700, 2021);
    let a = assemble(&set, &bp, 20250701).unwrap();
    assert_eq!(a.forms.len(), usize::from(bp.forms));
    // And from the shipped Party-history banks.
    let shipped = BankSet::load(&kaotang_suite::shipped_bank_sources()).unwrap();
    let real = assemble(&shipped, &bp, 20250701).unwrap();
    assert!(
        real.forms
            .iter()
            .all(|f| (f.mean_difficulty - 2.8).abs() <= 0.3)
    );
    let stage = std::fs::read_to_string(dir.join("stage.yaml")).unwrap();
    let config = StageConfig::from_yaml(&stage).unwrap();
    assert!(config.rounds.len() >= 4);
    // The stage's questions: a section per round (per tier for 风险), named as the consoles
    // look them up, assembled from the shipped banks.
    let text = std::fs::read_to_string(dir.join("stage-paper.yaml")).unwrap();
    let bp = Blueprint::from_yaml(&text).unwrap();
    let mut wanted = Vec::new();
    for r in &config.rounds {
        match &r.kind {
            RoundKind::Risk { tiers } => {
                wanted.extend(tiers.iter().map(|t| format!("{}·{t}分", r.name)));
            }
            _ => wanted.push(r.name.clone()),
        }
    }
    let names: Vec<String> = bp.sections.iter().map(|s| s.name.clone()).collect();
    assert_eq!(names, wanted);
    let paper = assemble(&shipped, &bp, 2026).unwrap();
    assert_eq!(paper.forms[0].sections.len(), names.len());
}

fn stage_config() -> StageConfig {
    StageConfig::from_yaml(
        r#"
teams: [{ id: t1, name: 一队 }, { id: t2, name: 二队 }, { id: t3, name: 三队 }]
rounds:
  - { name: 必答题, kind: required, right: 10 }
  - { name: 抢答题, kind: buzz, right: 10, wrong: 10, early: 5 }
  - { name: 风险题, kind: risk }
  - { name: 加赛, kind: sudden_death, right: 10 }
"#,
    )
    .unwrap()
}

fn run(stage: &mut Stage, events: &[StageEvent]) {
    for e in events {
        let applied = stage.apply(e.clone());
        assert!(applied.is_ok(), "{e:?}: {applied:?}");
    }
}

fn scores(stage: &Stage) -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> = stage
        .scoreboard()
        .into_iter()
        .map(|s| (s.team, s.score))
        .collect();
    v.sort();
    v
}

#[test]
fn stage_status_follows_the_fold_and_undo() {
    use StageEvent::*;
    let q = |s: &str| Some(QuestionId(s.to_owned()));
    let mut stage = Stage::new(stage_config());
    let s = stage.status();
    assert_eq!(
        (s.round, s.phase, s.can_undo),
        (None, StagePhase::Idle, false)
    );
    assert_eq!(s.round_label, "未开始");
    run(
        &mut stage,
        &[StartRound { round: 0 }, Question { question: q("q1") }],
    );
    let s = stage.status();
    assert_eq!(s.phase, StagePhase::Turn { team: "t1".into() });
    assert_eq!((s.turn.as_deref(), s.asked), (Some("t1"), 1));
    assert_eq!(s.question, q("q1"));
    run(
        &mut stage,
        &[Answer {
            team: "t1".into(),
            correct: true,
        }],
    );
    assert_eq!(stage.status().turn.as_deref(), Some("t2"));
    // 抢答: an early buzz locks t3 out; after go, t1 answers; no rotation shown.
    run(
        &mut stage,
        &[
            StartRound { round: 1 },
            Question { question: q("q2") },
            Buzz { team: "t3".into() },
        ],
    );
    let s = stage.status();
    assert_eq!((s.phase, s.turn, s.asked), (StagePhase::Reading, None, 1));
    assert_eq!(s.locked, ["t3"]);
    run(&mut stage, &[Go, Buzz { team: "t1".into() }]);
    assert_eq!(
        stage.status().phase,
        StagePhase::Answering { team: "t1".into() }
    );
    run(
        &mut stage,
        &[Answer {
            team: "t1".into(),
            correct: true,
        }],
    );
    // 风险: a pick names its question; a refused pick records nothing; undo restores it all.
    run(&mut stage, &[StartRound { round: 2 }]);
    let before = stage.status();
    let refused = stage.apply(Pick {
        team: "t1".into(),
        tier: 25,
        question: q("q9"),
    });
    assert!(refused.is_err());
    assert_eq!(stage.status(), before);
    run(
        &mut stage,
        &[Pick {
            team: "t1".into(),
            tier: 20,
            question: q("q3"),
        }],
    );
    let s = stage.status();
    assert_eq!(
        s.phase,
        StagePhase::Stake {
            team: "t1".into(),
            tier: 20
        }
    );
    assert_eq!(s.used, [q("q1"), q("q2"), q("q3")].map(Option::unwrap));
    run(&mut stage, &[Undo]);
    assert_eq!(stage.status(), before);
    // The pick's question survives the log's round trip; a pick without one writes no field.
    run(
        &mut stage,
        &[Pick {
            team: "t1".into(),
            tier: 20,
            question: q("q3"),
        }],
    );
    let log = stage.to_log();
    assert!(
        log.ends_with("{\"event\":\"pick\",\"team\":\"t1\",\"tier\":20,\"question\":\"q3\"}\n")
    );
    let replayed = Stage::replay(stage_config(), parse_log(&log).unwrap()).unwrap();
    assert_eq!(replayed.status(), stage.status());
    let bare = serde_json::to_string(&Pick {
        team: "t1".into(),
        tier: 20,
        question: None,
    })
    .unwrap();
    assert_eq!(bare, "{\"event\":\"pick\",\"team\":\"t1\",\"tier\":20}");
}

#[test]
fn stage_worked_example() {
    use StageEvent::*;
    let t = |s: &str| s.to_owned();
    let mut stage = Stage::new(stage_config());
    run(
        &mut stage,
        &[
            StartRound { round: 0 },
            Question { question: None },
            Answer {
                team: t("t1"),
                correct: true,
            },
        ],
    );
    // 必答: t2 is next; t3 answering out of turn is refused.
    run(&mut stage, &[Question { question: None }]);
    let e = stage
        .apply(Answer {
            team: t("t3"),
            correct: true,
        })
        .unwrap_err();
    assert_eq!(
        e,
        StageError::NotYourTurn {
            team: t("t3"),
            expected: t("t2")
        }
    );
    run(
        &mut stage,
        &[
            Answer {
                team: t("t2"),
                correct: false,
            },
            Question { question: None },
            Answer {
                team: t("t3"),
                correct: true,
            },
        ],
    );
    assert_eq!(
        scores(&stage),
        [(t("t1"), 110), (t("t2"), 100), (t("t3"), 110)]
    );
    // 抢答: t2 buzzes early (−5, locked out), t1 answers wrong (−10), t3 right (+10).
    run(
        &mut stage,
        &[
            StartRound { round: 1 },
            Question { question: None },
            Buzz { team: t("t2") },
            Go,
        ],
    );
    assert_eq!(
        stage.apply(Buzz { team: t("t2") }).unwrap_err(),
        StageError::LockedOut(t("t2"))
    );
    run(
        &mut stage,
        &[
            Buzz { team: t("t1") },
            Answer {
                team: t("t1"),
                correct: false,
            },
            Buzz { team: t("t3") },
            Answer {
                team: t("t3"),
                correct: true,
            },
        ],
    );
    assert_eq!(
        scores(&stage),
        [(t("t1"), 100), (t("t2"), 95), (t("t3"), 120)]
    );
    // Nobody answers: to the audience.
    run(&mut stage, &[Question { question: None }, Go, Audience]);
    assert_eq!(
        stage
            .apply(Adjust {
                team: t("t9"),
                points: 1,
                reason: t("x")
            })
            .unwrap_err(),
        StageError::UnknownTeam(t("t9"))
    );
    // 风险: t1 picks 30 and misses (−30), t2 passes, t3 picks 20 and is right (+20).
    run(
        &mut stage,
        &[
            StartRound { round: 2 },
            Pick {
                team: t("t1"),
                tier: 30,
                question: None,
            },
            Answer {
                team: t("t1"),
                correct: false,
            },
            Pass { team: t("t2") },
        ],
    );
    assert_eq!(
        stage
            .apply(Pick {
                team: t("t3"),
                tier: 25,
                question: None,
            })
            .unwrap_err(),
        StageError::NoSuchTier(25)
    );
    run(
        &mut stage,
        &[
            Pick {
                team: t("t3"),
                tier: 20,
                question: None,
            },
            Answer {
                team: t("t3"),
                correct: true,
            },
        ],
    );
    assert_eq!(
        scores(&stage),
        [(t("t1"), 70), (t("t2"), 95), (t("t3"), 140)]
    );
    // No tie: no sudden death. Judges adjust t2 to tie t3, then sudden death between them.
    assert_eq!(
        stage.apply(StartRound { round: 3 }).unwrap_err(),
        StageError::NoTie
    );
    run(
        &mut stage,
        &[
            Adjust {
                team: t("t2"),
                points: 45,
                reason: t("复核"),
            },
            StartRound { round: 3 },
            Question { question: None },
        ],
    );
    assert_eq!(
        stage.apply(Buzz { team: t("t1") }).unwrap_err(),
        StageError::NotTied(t("t1"))
    );
    // A mistaken verdict is undone, then recorded correctly.
    run(
        &mut stage,
        &[
            Buzz { team: t("t2") },
            Answer {
                team: t("t2"),
                correct: false,
            },
            Undo,
            Answer {
                team: t("t2"),
                correct: true,
            },
        ],
    );
    assert_eq!(
        scores(&stage),
        [(t("t1"), 70), (t("t2"), 150), (t("t3"), 140)]
    );
    assert_eq!(stage.round(), None, "the tie is broken");
    assert_eq!(stage.scoreboard()[0].rank, 1);
    // Crash and replay from the JSON-lines log.
    let log = stage.to_log();
    assert_eq!(
        Stage::replay(stage_config(), parse_log(&log).unwrap()).unwrap(),
        stage
    );
}

#[test]
fn pk_placings_and_awards() {
    let p = |id: &str, answers: Vec<Option<(bool, u32)>>| PkPlayer {
        id: id.into(),
        answers,
    };
    // limit 10 s, right 10 + up to 10 speed.
    let players = [
        p("a", vec![Some((true, 0)), Some((false, 1_000))]), // 20
        p("b", vec![Some((true, 5_000)), Some((true, 5_000))]), // 15 + 15 = 30
        p("c", vec![Some((true, 0)), None]),                 // 20, same time as a: shared placing
        p("d", vec![None, None]),                            // 0
    ];
    let r = pk_match(&PkConfig::default(), &players).unwrap();
    let got: Vec<(&str, i64, u32, i64)> = r
        .standings
        .iter()
        .map(|s| (s.player.as_str(), s.points, s.placing, s.award))
        .collect();
    assert_eq!(
        got,
        [
            ("b", 30, 1, 3),
            ("a", 20, 2, 2),
            ("c", 20, 2, 2),
            ("d", 0, 4, 1)
        ]
    );
    assert_eq!(
        pk_match(&PkConfig::default(), &players[..1]).unwrap_err(),
        PkError::PlayerCount(1)
    );
    let set = synthetic_bank(50, 1);
    let q = pk_questions(&set, &Default::default(), 5, 7, "match-1").unwrap();
    assert_eq!(
        q,
        pk_questions(&set, &Default::default(), 5, 7, "match-1").unwrap()
    );
    assert_eq!(q.len(), 5);
}

/// Results asked for by index, in any order and any number (the batches `for_many` reads
/// them in: fewer than one, exactly one or two, one and a bit, many), come back in that order,
/// each as `get` gives it; an index past the end is left out. From a join of two parts, as
/// the CLI reads them.
#[test]
fn many_results_come_in_the_order_asked() {
    let set = synthetic_bank(60, 3);
    let bp = Blueprint::from_yaml("title: 卷\ntime_limit_minutes: 10\nsections:\n  - { name: 单选, filter: { types: [single] }, count: 5, points: 2 }").unwrap();
    let a = assemble(&set, &bp, 2).unwrap();
    let csv = kaotang_suite::synthetic_sheets_csv(&set, &a.forms[0], 150, 7);
    let sheets: Vec<Sheet> = SheetReader::new(csv.as_bytes())
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let parts = sheets.chunks(sheets.len() / 2 + 1).map(|half| {
        let mut scorer = Scorer::new(&set, &a, ScoreRules::default()).unwrap();
        for s in half {
            scorer.add(s).unwrap();
        }
        scorer.finish_part()
    });
    let scoring = CompactScoring::join(parts.collect::<Vec<_>>()).unwrap();
    assert_eq!(scoring.len(), 150);
    let mut rng = kaotang::rng::SeedRng::new(3);
    for n in [0, 1, 31, 32, 33, 64, 65, 100, 152] {
        let mut order: Vec<usize> = (0..152).collect();
        rng.shuffle(&mut order);
        order.truncate(n);
        let mut got = Vec::new();
        scoring.get_many(order.iter().copied(), &mut got);
        let want: Vec<_> = order.iter().filter_map(|&i| scoring.get(i)).collect();
        assert_eq!(got, want, "{n} asked for");
    }
}

// ---- properties ----

/// Workers that run every job on a thread of its own, the last started first (two at a
/// time, as far as the core's split work knows).
struct Threads;

impl Workers for Threads {
    fn width(&self) -> usize {
        2
    }

    fn run(&self, n: usize, job: &(dyn Fn(usize) + Sync)) {
        std::thread::scope(|s| {
            for k in (0..n).rev() {
                s.spawn(move || job(k));
            }
        });
    }
}

fn blueprint_strategy() -> impl Strategy<Value = (Blueprint, u64, usize)> {
    (
        1usize..25,
        0usize..12,
        1usize..25,
        1u8..4,
        any::<bool>(),
        proptest::option::of((15u32..45, 1u32..8)),
        0usize..4,
        any::<u64>(),
        100usize..400,
    )
        .prop_map(
            |(single, multi, judge, forms, disjoint, diff, groups, seed, bank)| {
                let mut sections = vec![
                    Section {
                        name: "单选题".into(),
                        filter: kaotang::bank::QuestionFilter {
                            types: vec![kaotang::bank::QuestionType::Single],
                            ..Default::default()
                        },
                        count: single,
                        points: 2.0,
                        multi: MultiPolicy::AllOrNothing,
                    },
                    Section {
                        name: "判断题".into(),
                        filter: kaotang::bank::QuestionFilter {
                            types: vec![kaotang::bank::QuestionType::Judge],
                            min_difficulty: Some(2),
                            ..Default::default()
                        },
                        count: judge,
                        points: 1.0,
                        multi: MultiPolicy::AllOrNothing,
                    },
                ];
                if multi > 0 {
                    sections.push(Section {
                        name: "多选题".into(),
                        filter: kaotang::bank::QuestionFilter {
                            types: vec![kaotang::bank::QuestionType::Multiple],
                            ..Default::default()
                        },
                        count: multi,
                        points: 3.0,
                        multi: MultiPolicy::Partial,
                    });
                }
                let id = |i: usize| QuestionId(format!("syn-{i:05}"));
                let bp = Blueprint {
                    title: "随机卷".into(),
                    time_limit_minutes: 30,
                    sections,
                    difficulty: diff.map(|(m, t)| DifficultyTarget {
                        mean: f64::from(m) / 10.0,
                        tolerance: f64::from(t) / 20.0,
                    }),
                    include: vec![id(3)],
                    exclude: vec![id(4), id(5)],
                    exclusive: (0..groups)
                        .map(|g| vec![id(10 + 3 * g), id(11 + 3 * g), id(12 + 3 * g)])
                        .collect(),
                    forms,
                    sharing: if disjoint {
                        Sharing::Disjoint
                    } else {
                        Sharing::Allowed
                    },
                    used_before: (20..40).map(id).collect(),
                };
                (bp, seed, bank)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_paper_satisfies_its_blueprint_or_assembly_says_why((bp, seed, size) in blueprint_strategy()) {
        let set = synthetic_bank(size, 11);
        let required = set.question(&bp.include[0]).is_some_and(|q| bp.sections.iter().any(|s| s.filter.matches(&set, set.position(&q.id).unwrap())));
        let bp = if required { bp } else { Blueprint { include: vec![], ..bp } };
        match assemble(&set, &bp, seed) {
            Ok(a) => {
                prop_assert_eq!(a.clone(), assemble(&set, &bp, seed).unwrap());
                prop_assert_eq!(a.forms.len(), usize::from(bp.forms));
                for (f, form) in a.forms.iter().enumerate() {
                    let all: Vec<&QuestionId> = form.questions().map(|(_, q)| q).collect();
                    let mut dedup = all.clone();
                    dedup.sort();
                    dedup.dedup();
                    prop_assert_eq!(dedup.len(), all.len(), "a question twice in one form");
                    for (sec, fs) in bp.sections.iter().zip(&form.sections) {
                        prop_assert_eq!(fs.questions.len(), sec.count);
                        for q in &fs.questions {
                            prop_assert!(sec.filter.matches(&set, set.position(q).unwrap()));
                            prop_assert!(!bp.exclude.contains(q));
                        }
                    }
                    for inc in &bp.include {
                        prop_assert!(all.contains(&inc));
                    }
                    for g in &bp.exclusive {
                        prop_assert!(g.iter().filter(|q| all.contains(q)).count() <= 1);
                    }
                    if let Some(t) = bp.difficulty {
                        prop_assert!((form.mean_difficulty - t.mean).abs() <= t.tolerance + 1e-9);
                    }
                    if bp.sharing == Sharing::Disjoint {
                        for other in &a.forms[..f] {
                            for (_, q) in other.questions() {
                                prop_assert!(bp.include.contains(q) || !all.contains(&q));
                            }
                        }
                    }
                }
            }
            Err(e) => {
                prop_assert!(matches!(e, ContestError::Shortage { lacks, .. } if lacks > 0) || matches!(e, ContestError::Difficulty { .. }), "{e}");
                prop_assert!(!e.to_string().is_empty());
            }
        }
    }

    #[test]
    fn a_participant_view_never_contains_the_key(seed in any::<u64>(), who in "[a-z0-9]{1,8}") {
        let set = synthetic_bank(200, 3);
        let bp = Blueprint::from_yaml("title: 卷\ntime_limit_minutes: 10\nsections:\n  - { name: 单选, filter: { types: [single] }, count: 10, points: 2 }\n  - { name: 多选, filter: { types: [multiple] }, count: 5, points: 2 }\n  - { name: 判断, filter: { types: [judge] }, count: 5, points: 2 }\n  - { name: 填空, filter: { types: [fill] }, count: 3, points: 2 }").unwrap();
        let a = assemble(&set, &bp, seed).unwrap();
        let paper = Paper::for_participant(&set, &a, seed, &who).unwrap();
        prop_assert_eq!(&paper, &Paper::for_participant(&set, &a, seed, &who).unwrap());
        let view = serde_json::to_value(paper.participant_view(&set, &a).unwrap()).unwrap();
        let text = view.to_string();
        prop_assert!(!text.contains("解析#") && !text.contains("提示#") && !text.contains("答案"));
        fn keys(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => { for (k, v) in m { out.push(k.clone()); keys(v, out); } }
                serde_json::Value::Array(a) => { for v in a { keys(v, out); } }
                _ => {}
            }
        }
        let mut names = Vec::new();
        keys(&view, &mut names);
        prop_assert!(names.iter().all(|k| !["answer", "explanation", "hint", "order", "question"].contains(&k.as_str())), "{names:?}");
        // The key view, mapped back through the permutation, is the authored key.
        for (pos, k) in paper.key_view(&set).unwrap().iter().enumerate() {
            let q = set.question(&k.question).unwrap();
            let shown = parse_response(q, &k.answer).unwrap();
            let g = grade(q, &paper.to_authored(pos, shown), &Default::default()).unwrap();
            prop_assert!(g.correct);
        }
    }

    #[test]
    fn scoring_does_not_depend_on_sheet_order(seed in any::<u64>(), n in 1usize..40) {
        let set = synthetic_bank(120, 9);
        let bp = Blueprint::from_yaml("title: 卷\ntime_limit_minutes: 10\nsections:\n  - { name: 单选, filter: { types: [single] }, count: 5, points: 2 }\n  - { name: 多选, filter: { types: [multiple] }, count: 3, points: 2, multi: { policy: partial } }").unwrap();
        let a = assemble(&set, &bp, 1).unwrap();
        let csv = kaotang_suite::synthetic_sheets_csv(&set, &a.forms[0], n, seed);
        let mut sheets: Vec<Sheet> = SheetReader::new(csv.as_bytes()).unwrap().map(Result::unwrap).collect();
        // Second attempts for some participants.
        let extra: Vec<Sheet> = sheets.iter().step_by(3).map(|s| Sheet { attempt: 2, answers: sheets[0].answers.clone(), ..s.clone() }).collect();
        sheets.extend(extra);
        let rules = ScoreRules { attempts: AttemptPolicy::Best { limit: Some(2) }, speed: Some(SpeedPoints { max: 5.0, limit_secs: None }), ..ScoreRules::default() };
        let run = |sheets: &[Sheet]| {
            let mut scorer = Scorer::new(&set, &a, rules.clone()).unwrap().with_analysis();
            for s in sheets { scorer.add(s).unwrap(); }
            let out = scorer.finish();
            let ranks = rank(&out.results, &RankOptions::default());
            let report = out.analysis[0].1.report(&AnalysisOptions::default());
            (out.results, ranks, report.items.iter().map(|i| (i.facility, i.options.clone())).collect::<Vec<_>>())
        };
        let forward = run(&sheets);
        let mut shuffled = sheets.clone();
        kaotang::rng::SeedRng::new(seed ^ 1).shuffle(&mut shuffled);
        let backward = run(&shuffled);
        prop_assert_eq!(forward.0, backward.0);
        prop_assert_eq!(forward.1, backward.1);
        // Facilities are sums of the same terms in another order: equal up to rounding.
        for (x, y) in forward.2.iter().zip(&backward.2) {
            prop_assert!((x.0 - y.0).abs() < 1e-12);
            prop_assert_eq!(&x.1, &y.1);
        }
    }

    /// Item analysis alone (`contest analyze`, no participants kept) is to the bit the analysis
    /// a full scoring run makes, with repeated attempts, under both attempt policies.
    #[test]
    fn analysis_alone_equals_the_analysis_of_a_scoring_run(seed in any::<u64>(), n in 1usize..40, sum in any::<bool>()) {
        let set = synthetic_bank(120, 9);
        let bp = Blueprint::from_yaml("title: 卷\ntime_limit_minutes: 10\nforms: 2\nsections:\n  - { name: 单选, filter: { types: [single] }, count: 5, points: 2 }\n  - { name: 多选, filter: { types: [multiple] }, count: 3, points: 2, multi: { policy: partial } }").unwrap();
        let a = assemble(&set, &bp, 2).unwrap();
        let mut sheets = Vec::new();
        for (k, form) in a.forms.iter().enumerate() {
            let csv = kaotang_suite::synthetic_sheets_csv(&set, form, n, seed ^ k as u64);
            sheets.extend(SheetReader::new(csv.as_bytes()).unwrap().map(|s| Sheet {
                participant: format!("{}-{k}", s.as_ref().unwrap().participant),
                form: Some(form.label.clone()),
                ..s.unwrap()
            }));
        }
        // Second attempts (not analysed) and a first attempt given twice (analysed twice).
        let extra: Vec<Sheet> = sheets.iter().step_by(3).enumerate()
            .map(|(i, s)| Sheet { attempt: 1 + (i % 2) as u32, ..s.clone() }).collect();
        sheets.extend(extra);
        let attempts = if sum { AttemptPolicy::Sum { limit: 2 } } else { AttemptPolicy::Best { limit: Some(1) } };
        let rules = ScoreRules { attempts, ..ScoreRules::default() };
        let mut full = Scorer::new(&set, &a, rules.clone()).unwrap().with_analysis();
        let mut alone = Scorer::new(&set, &a, rules).unwrap().analysis_only();
        for s in &sheets {
            full.add(s).unwrap();
            alone.add(s).unwrap();
        }
        let reports = |analysis: Vec<(String, ItemAnalyzer)>| -> Vec<(String, ItemReport)> {
            analysis.into_iter().map(|(f, a)| (f, a.report(&AnalysisOptions::default()))).collect()
        };
        let alone = reports(alone.finish_analysis());
        prop_assert_eq!(alone.len(), 2);
        prop_assert_eq!(alone, reports(full.finish().analysis));
    }

    /// Scoring parts of the sheets with separate scorers and joining them in order gives
    /// exactly what one scorer reading every sheet gives, under both attempt policies.
    #[test]
    fn joined_parts_equal_one_scorer(seed in any::<u64>(), n in 1usize..30, cuts in proptest::collection::vec(0usize..100, 0..4), sum in any::<bool>()) {
        let set = synthetic_bank(120, 9);
        let bp = Blueprint::from_yaml("title: 卷\ntime_limit_minutes: 10\nsections:\n  - { name: 单选, filter: { types: [single] }, count: 5, points: 2 }\n  - { name: 多选, filter: { types: [multiple] }, count: 3, points: 2, multi: { policy: partial } }").unwrap();
        let a = assemble(&set, &bp, 1).unwrap();
        let csv = kaotang_suite::synthetic_sheets_csv(&set, &a.forms[0], n, seed);
        let mut sheets: Vec<Sheet> = SheetReader::new(csv.as_bytes()).unwrap().map(Result::unwrap).collect();
        // More attempts (some beyond the limit, some the same number twice), shuffled in.
        let mut rng = kaotang::rng::SeedRng::new(seed ^ 2);
        let extra: Vec<Sheet> = sheets.iter().enumerate().flat_map(|(i, s)| {
            (0..i % 4).map(move |k| Sheet { attempt: 1 + (k as u32 + i as u32) % 4, duration: Some(100 + k as u32), ..s.clone() })
        }).collect();
        for (i, mut e) in extra.into_iter().enumerate() {
            if i % 2 == 0 { e.answers[i % 5] = ["A", "B"][i % 3 % 2].into(); }
            sheets.push(e);
        }
        rng.shuffle(&mut sheets);
        let attempts = if sum { AttemptPolicy::Sum { limit: 2 } } else { AttemptPolicy::Best { limit: Some(3) } };
        let rules = ScoreRules { attempts, speed: Some(SpeedPoints { max: 5.0, limit_secs: None }), ..ScoreRules::default() };
        let one = |sheets: &[Sheet]| {
            let mut scorer = Scorer::new(&set, &a, rules.clone()).unwrap();
            for s in sheets { scorer.add(s).unwrap(); }
            scorer
        };
        let mut at: Vec<usize> = cuts.iter().map(|c| c * sheets.len() / 100).collect();
        at.push(0);
        at.push(sheets.len());
        at.sort_unstable();
        let parts = at.windows(2).map(|w| one(&sheets[w[0]..w[1]]).finish_part());
        let (m, w) = (CompactScoring::join(parts).unwrap(), one(&sheets).finish());
        prop_assert_eq!((m.sheets, m.ignored), (w.sheets, w.ignored));
        prop_assert_eq!(m.iter().map(|r| r.to_result()).collect::<Vec<_>>(), w.results);
    }

    /// The compact results and ranking are the full ones: the same results by id (ids that
    /// share more than the sorted prefix, names that change between attempts), the same
    /// places, ties and certificates, also from joined parts.
    #[test]
    fn compact_ranking_equals_the_full_one(seed in any::<u64>(), n in 1usize..40, cut in 0usize..100, long in any::<bool>(), top in proptest::option::of(1u32..20)) {
        let set = synthetic_bank(120, 9);
        let bp = Blueprint::from_yaml("title: 卷\ntime_limit_minutes: 10\nsections:\n  - { name: 单选, filter: { types: [single] }, count: 3, points: 2 }\n  - { name: 多选, filter: { types: [multiple] }, count: 2, points: 2, multi: { policy: partial } }").unwrap();
        let a = assemble(&set, &bp, 1).unwrap();
        let csv = kaotang_suite::synthetic_sheets_csv(&set, &a.forms[0], n, seed);
        let mut sheets: Vec<Sheet> = SheetReader::new(csv.as_bytes()).unwrap().map(Result::unwrap).collect();
        let mut rng = kaotang::rng::SeedRng::new(seed ^ 3);
        for (i, s) in sheets.iter_mut().enumerate() {
            // Ids sharing their first 12 bytes or more, and ids that are prefixes of others.
            if long { s.participant = format!("2024110100012{}", "9".repeat(i % 3)) + &s.participant; }
            s.duration = Some(100 + (i as u32 % 3) * 10);
        }
        let extra: Vec<Sheet> = sheets.iter().step_by(2).map(|s| Sheet { attempt: 2, name: format!("{}乙", s.name), answers: sheets[0].answers.clone(), ..s.clone() }).collect();
        sheets.extend(extra);
        rng.shuffle(&mut sheets);
        let score = |sheets: &[Sheet]| {
            let mut scorer = Scorer::new(&set, &a, ScoreRules::default()).unwrap();
            for s in sheets { scorer.add(s).unwrap(); }
            scorer
        };
        let at = cut * sheets.len() / 100;
        let compact = CompactScoring::join([score(&sheets[..at]).finish_part(), score(&sheets[at..]).finish_part()]).unwrap();
        let full = score(&sheets).finish();
        prop_assert_eq!(compact.len(), full.results.len());
        prop_assert_eq!(compact.iter().map(|r| r.to_result()).collect::<Vec<_>>(), full.results.clone());
        let options = RankOptions {
            top,
            certificates: vec![
                Certificate { name: "二等奖".into(), min_score: 4.0 },
                Certificate { name: "一等奖".into(), min_score: 8.0 },
                Certificate { name: "优秀奖".into(), min_score: 4.0 },
            ],
            ..RankOptions::default()
        };
        let want: Vec<_> = rank(&full.results, &options).into_iter().map(|r| (r.index, r.rank, r.dense_rank, r.certificate)).collect();
        let got: Vec<_> = rank_compact(&compact, &options).into_iter().map(|p| {
            let score = compact.get(p.index as usize).unwrap().score;
            (p.index as usize, p.rank, p.dense_rank, options.certificate(score).map(str::to_owned))
        }).collect();
        prop_assert_eq!(got, want);
    }

    /// Joining parts in pieces cut at any ids (anyone's, ids between or before everyone's,
    /// the same id twice) gives exactly what the one-thread join gives: the same results
    /// with the same unit and form numbers, read in id order, by index and in any order,
    /// under both attempt policies, with participants in several parts and tied attempts.
    #[test]
    fn split_join_equals_the_join(
        seed in any::<u64>(),
        n in 1usize..30,
        cuts in proptest::collection::vec(0usize..100, 0..4),
        sum in any::<bool>(),
        bounds in proptest::collection::vec((0usize..40, 0u8..5), 0..6),
    ) {
        let set = synthetic_bank(120, 9);
        let bp = Blueprint::from_yaml("title: 卷\ntime_limit_minutes: 10\nforms: 2\nsections:\n  - { name: 单选, filter: { types: [single] }, count: 5, points: 2 }\n  - { name: 多选, filter: { types: [multiple] }, count: 3, points: 2, multi: { policy: partial } }").unwrap();
        let a = assemble(&set, &bp, 2).unwrap();
        let csv = kaotang_suite::synthetic_sheets_csv(&set, &a.forms[0], n, seed);
        let mut sheets: Vec<Sheet> = SheetReader::new(csv.as_bytes()).unwrap().map(Result::unwrap).collect();
        for s in &mut sheets {
            s.form = Some("A".into());
        }
        let mut rng = kaotang::rng::SeedRng::new(seed ^ 5);
        // More attempts (some beyond the limit, some the same number twice, some tied, some
        // from another unit or form), shuffled in.
        let extra: Vec<Sheet> = sheets.iter().enumerate().flat_map(|(i, s)| {
            (0..i % 4).map(move |k| Sheet {
                attempt: 1 + (k as u32 + i as u32) % 4,
                duration: Some(100 + (k as u32 % 2)),
                unit: if k == 1 { vec!["新区".into(), format!("单位{i}")] } else { s.unit.clone() },
                form: Some(if k == 2 { "B" } else { "A" }.into()),
                ..s.clone()
            })
        }).collect();
        // The same attempt again, as good and as fast, handed in later: which of the two
        // counts depends only on which came first.
        let again: Vec<Sheet> = sheets.iter().step_by(3).map(|s| Sheet {
            duration: s.time_used(),
            end: s.end.map(|t| kaotang::time::Timestamp(t.0 + 7)),
            ..s.clone()
        }).collect();
        for (i, mut e) in extra.into_iter().enumerate() {
            if i % 2 == 0 { e.answers[i % 5] = ["A", "B"][i % 3 % 2].into(); }
            sheets.push(e);
        }
        sheets.extend(again);
        rng.shuffle(&mut sheets);
        let attempts = if sum { AttemptPolicy::Sum { limit: 2 } } else { AttemptPolicy::Best { limit: Some(3) } };
        let rules = ScoreRules { attempts, speed: Some(SpeedPoints { max: 5.0, limit_secs: None }), ..ScoreRules::default() };
        let mut at: Vec<usize> = cuts.iter().map(|c| c * sheets.len() / 100).collect();
        at.push(0);
        at.push(sheets.len());
        at.sort_unstable();
        let parts = || at.windows(2).map(|w| {
            let mut scorer = Scorer::new(&set, &a, rules.clone()).unwrap();
            for s in &sheets[w[0]..w[1]] { scorer.add(s).unwrap(); }
            scorer.finish_part()
        }).collect::<Vec<_>>();
        let bounds: Vec<String> = bounds.iter().map(|&(i, kind)| {
            let id = &sheets[i % sheets.len()].participant;
            match kind {
                0 => id.clone(),
                // Just after it, just before it (a prefix), before or after everyone.
                1 => format!("{id}0"),
                2 => id[..id.len() - 1].to_owned(),
                3 => String::new(),
                _ => "\u{10FFFF}".to_owned(),
            }
        }).collect();
        let want = CompactScoring::join(parts()).unwrap();
        let got = CompactScoring::join_at(parts(), &bounds, &Threads).unwrap();
        prop_assert_eq!((got.sheets, got.ignored, got.len()), (want.sheets, want.ignored, want.len()));
        prop_assert_eq!(got.units(), want.units());
        prop_assert_eq!(got.forms(), want.forms());
        prop_assert_eq!(got.iter().collect::<Vec<_>>(), want.iter().collect::<Vec<_>>());
        for i in 0..=got.len() {
            prop_assert_eq!(got.get(i), want.get(i));
        }
        let mut order: Vec<usize> = (0..got.len() + 2).collect();
        rng.shuffle(&mut order);
        let (mut x, mut y) = (Vec::new(), Vec::new());
        got.get_many(order.iter().copied(), &mut x);
        want.get_many(order.iter().copied(), &mut y);
        prop_assert_eq!(x, y);
    }

    /// Ranking in pieces gives the places `rank_compact` gives, for any tie-break chain and
    /// top, narrow (u64) and wide (u128) keys, whether the results are in one run or in the
    /// runs of a split join.
    #[test]
    fn split_ranking_equals_rank_compact(
        seed in any::<u64>(),
        n in 1usize..60,
        cut in 0usize..100,
        pieces in 1usize..6,
        chain in proptest::collection::vec(0usize..4, 0..5),
        top in proptest::option::of(1u32..20),
        wide in any::<bool>(),
        bound in proptest::option::of(0usize..60),
    ) {
        let set = synthetic_bank(120, 9);
        let bp = Blueprint::from_yaml("title: 卷\ntime_limit_minutes: 10\nsections:\n  - { name: 单选, filter: { types: [single] }, count: 3, points: 2 }\n  - { name: 多选, filter: { types: [multiple] }, count: 2, points: 2, multi: { policy: partial } }").unwrap();
        let a = assemble(&set, &bp, 1).unwrap();
        let csv = kaotang_suite::synthetic_sheets_csv(&set, &a.forms[0], n, seed);
        let mut sheets: Vec<Sheet> = SheetReader::new(csv.as_bytes()).unwrap().map(Result::unwrap).collect();
        let mut rng = kaotang::rng::SeedRng::new(seed ^ 7);
        for (i, s) in sheets.iter_mut().enumerate() {
            // Times that tie, or (wide) submission times far apart: keys past 64 bits.
            s.duration = Some(100 + (i as u32 % 3) * 10);
            if wide {
                let t = (rng.index(1 << 20) as i64) << 18;
                s.end = Some(kaotang::time::Timestamp(if i % 2 == 0 { t } else { -t }));
            }
        }
        let score = |sheets: &[Sheet]| {
            let mut scorer = Scorer::new(&set, &a, ScoreRules::default()).unwrap();
            for s in sheets { scorer.add(s).unwrap(); }
            scorer.finish_part()
        };
        let at = cut * sheets.len() / 100;
        let parts = || [score(&sheets[..at]), score(&sheets[at..])];
        let one = CompactScoring::join(parts()).unwrap();
        let runs = match bound {
            Some(i) => CompactScoring::join_at(parts(), &[&sheets[i % sheets.len()].participant], &Threads).unwrap(),
            None => CompactScoring::join(parts()).unwrap(),
        };
        let steps = [TieBreak::Score, TieBreak::TimeUsed, TieBreak::Submitted, TieBreak::Correct];
        let options = RankOptions { tie_break: chain.iter().map(|&k| steps[k]).collect(), top, certificates: vec![] };
        let want = rank_compact(&one, &options);
        prop_assert_eq!(rank_compact_in(&runs, &options, pieces, &Threads), want.clone());
        prop_assert_eq!(rank_compact_in(&one, &options, pieces, &InTurn), want.clone());
        prop_assert_eq!(rank_compact_with(&runs, &options, &Threads), want.clone());
        prop_assert_eq!(rank_compact(&runs, &options), want);
    }

    #[test]
    fn replaying_any_prefix_equals_folding(choices in proptest::collection::vec((0usize..11, 0usize..4, any::<bool>(), 0usize..4), 0..80)) {
        let config = stage_config();
        let teams = ["t1", "t2", "t3", "t9"];
        let mut stage = Stage::new(config.clone());
        let mut states = vec![stage.clone()];
        for (kind, team, ok, n) in choices {
            let team = teams[team].to_owned();
            let e = match kind {
                0 => StageEvent::StartRound { round: n },
                1 => StageEvent::Question { question: None },
                2 => StageEvent::Go,
                3 => StageEvent::Buzz { team },
                4 => StageEvent::Pick { team, tier: [10, 20, 30, 40][n], question: None },
                5 => StageEvent::Pass { team },
                6 | 7 => StageEvent::Answer { team, correct: ok },
                8 => StageEvent::Audience,
                9 => StageEvent::Adjust { team, points: n as i64 - 2, reason: "复核".into() },
                _ => StageEvent::Undo,
            };
            let before = stage.clone();
            if stage.apply(e).is_ok() {
                states.push(stage.clone());
            } else {
                prop_assert_eq!(&stage, &before, "a refused event changed the state");
            }
        }
        let log = parse_log(&stage.to_log()).unwrap();
        prop_assert_eq!(log.len() + 1, states.len());
        for k in 0..=log.len() {
            let replayed = Stage::replay(config.clone(), log[..k].iter().cloned()).unwrap();
            prop_assert_eq!(&replayed, &states[k]);
        }
    }
}

#[test]
fn a_stage_without_teams_refuses_instead_of_crashing() {
    let config = StageConfig {
        title: String::new(),
        teams: vec![],
        base_score: 100,
        rounds: vec![RoundConfig {
            name: "必答题".into(),
            kind: RoundKind::Required {
                right: 10,
                wrong: 0,
            },
        }],
    };
    let mut stage = Stage::new(config);
    stage.apply(StageEvent::StartRound { round: 0 }).unwrap();
    assert!(matches!(
        stage.apply(StageEvent::Question { question: None }),
        Err(StageError::Config(_))
    ));
    assert!(StageConfig::from_yaml("teams: [{ id: t1, name: 一队 }]\nrounds: []").is_err());
}

/// One item's figures from [`item_analysis_reference`].
struct ReferenceItem {
    facility: f64,
    options: Vec<u64>,
    unanswered: u64,
    discrimination: Option<f64>,
}

/// Item analysis computed the plain way, totals first, then deviations from the means: the
/// items, the paper's standard deviation and its alpha.
fn item_analysis_reference(
    items: &[ItemInfo],
    sheets: &[Vec<ItemOutcome>],
) -> (Vec<ReferenceItem>, f64, Option<f64>) {
    let k = items.len();
    let n = sheets.len() as f64;
    let cell = |s: &Vec<ItemOutcome>, i: usize| {
        s.get(i).copied().unwrap_or(ItemOutcome {
            credit: 0.0,
            choices: 0,
            answered: false,
        })
    };
    let x = |s: &Vec<ItemOutcome>, i: usize| items[i].points * cell(s, i).credit;
    let total = |s: &Vec<ItemOutcome>| (0..k).map(|i| x(s, i)).sum::<f64>();
    let mean = |f: &dyn Fn(&Vec<ItemOutcome>) -> f64| sheets.iter().map(f).sum::<f64>() / n;
    let cov = |f: &dyn Fn(&Vec<ItemOutcome>) -> f64, g: &dyn Fn(&Vec<ItemOutcome>) -> f64| {
        let (mf, mg) = (mean(f), mean(g));
        sheets
            .iter()
            .map(|s| (f(s) - mf) * (g(s) - mg))
            .sum::<f64>()
            / (n - 1.0)
    };
    let var_t = cov(&total, &total);
    let mut sum_var_x = 0.0;
    let stats = (0..k)
        .map(|i| {
            let xi = |s: &Vec<ItemOutcome>| x(s, i);
            let rest = |s: &Vec<ItemOutcome>| total(s) - x(s, i);
            let var_x = cov(&xi, &xi);
            sum_var_x += var_x;
            let var_rest = cov(&rest, &rest);
            let discrimination = (sheets.len() > 1 && var_x > 1e-9 && var_rest > 1e-9)
                .then(|| cov(&xi, &rest) / (var_x * var_rest).sqrt());
            let options = (0..items[i].options)
                .map(|j| {
                    sheets
                        .iter()
                        .filter(|s| cell(s, i).choices >> j & 1 == 1)
                        .count() as u64
                })
                .collect();
            let unanswered = sheets.iter().filter(|s| !cell(s, i).answered).count() as u64;
            ReferenceItem {
                facility: mean(&|s| cell(s, i).credit),
                options,
                unanswered,
                discrimination,
            }
        })
        .collect();
    let alpha = (k >= 2 && sheets.len() > 1 && var_t > 1e-9)
        .then(|| k as f64 / (k as f64 - 1.0) * (1.0 - sum_var_x / var_t));
    (stats, var_t.sqrt(), alpha)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random sheets, some short (missing outcomes are unanswered) or long (extras ignored),
    /// with partial credit, and enough of them to pass the packed counters' flush.
    #[test]
    fn item_analysis_matches_the_plain_computation(
        items in proptest::collection::vec((0u8..=8, prop_oneof![Just(1.0), Just(2.0), Just(3.5)]), 1..6),
        sheets in proptest::collection::vec(
            proptest::collection::vec(
                (
                    prop_oneof![Just(0.0), Just(1.0), Just(0.5), Just(0.25)],
                    // Mostly every option, so counters fill up between flushes.
                    prop_oneof![3 => Just(0xffu8), 1 => any::<u8>()],
                    prop_oneof![Just(false), any::<bool>()],
                ),
                0..8,
            ),
            2..400,
        ),
    ) {
        let items: Vec<ItemInfo> = items
            .iter()
            .enumerate()
            .map(|(i, &(options, points))| ItemInfo { question: format!("q{i}").as_str().into(), options, points })
            .collect();
        let sheets: Vec<Vec<ItemOutcome>> = sheets
            .iter()
            .map(|s| s.iter().map(|&(credit, choices, answered)| ItemOutcome { credit, choices, answered }).collect())
            .collect();
        let mut a = ItemAnalyzer::new(items.clone());
        for s in &sheets {
            a.add(s);
        }
        let report = a.report(&AnalysisOptions::default());
        let (stats, sd, alpha) = item_analysis_reference(&items, &sheets);
        prop_assert_eq!(report.paper.sheets, sheets.len() as u64);
        prop_assert!((report.paper.sd - sd).abs() < 1e-9, "{} {}", report.paper.sd, sd);
        match (report.paper.alpha, alpha) {
            (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-6, "{} {}", x, y),
            (x, y) => prop_assert_eq!(x.is_some(), y.is_some()),
        }
        for (got, want) in report.items.iter().zip(&stats) {
            prop_assert!((got.facility - want.facility).abs() < 1e-12);
            prop_assert_eq!(&got.options, &want.options);
            prop_assert_eq!(got.unanswered, want.unanswered);
            match (got.discrimination, want.discrimination) {
                (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-6, "{} {}", x, y),
                (x, y) => prop_assert_eq!(x.is_some(), y.is_some()),
            }
        }
    }
}

// Scoring edges a hand-checked scenario found (issue 21).

#[test]
fn someone_with_only_sheets_beyond_the_attempt_limit_is_not_a_participant() {
    let (set, a) = small();
    for attempts in [
        AttemptPolicy::Best { limit: Some(2) },
        AttemptPolicy::Sum { limit: 2 },
    ] {
        let rules = ScoreRules {
            attempts,
            ..ScoreRules::default()
        };
        let mut scorer = Scorer::new(&set, &a, rules).unwrap();
        let mut late = sheet("late", &["B", "B", "AC", "对", "1921"]);
        late.attempt = 3;
        late.unit = vec!["东城区".into()];
        let mut ok = sheet("ok", &["B", "B", "AC", "对", "1921"]);
        ok.unit = vec!["东城区".into()];
        // Beyond the limit first, then a counted attempt: a participant from the counted one.
        let mut then_counted = late.clone();
        then_counted.participant = "both".into();
        let mut counted = ok.clone();
        counted.participant = "both".into();
        for s in [&late, &ok, &then_counted, &counted] {
            scorer.add(s).unwrap();
        }
        let out = scorer.finish();
        let ids: Vec<&str> = out.results.iter().map(|r| r.participant.as_str()).collect();
        assert_eq!(ids, ["both", "ok"], "{attempts:?}");
        assert_eq!(out.ignored, 2);
        assert_eq!((out.results[0].sheets, out.results[0].attempt), (2, 1));
        // Unit statistics count only participants.
        let units = aggregate_units(&out.results, &[], &UnitOptions::default());
        let dc = units.iter().find(|u| u.path == ["东城区"]).unwrap();
        assert_eq!((dc.participants, dc.mean), (2, 10.0));
    }
}

#[test]
fn speed_points_only_on_a_positive_score_from_the_answers() {
    let rules = ScoreRules {
        wrong: 3.0,
        speed: Some(SpeedPoints {
            max: 5.0,
            limit_secs: None,
        }),
        ..ScoreRules::default()
    };
    let (set, a) = small();
    let scorer = Scorer::new(&set, &a, rules.clone()).unwrap();
    let score = |answers: &[&str], allow_negative: bool| {
        let scorer = Scorer::new(
            &set,
            &a,
            ScoreRules {
                allow_negative,
                ..rules.clone()
            },
        )
        .unwrap();
        let mut s = sheet("p", answers);
        s.duration = Some(120);
        scorer.score_sheet(&s, &mut Vec::new()).unwrap().1
    };
    // All wrong, handed in after 120 s: −15 floored at 0, and no speed points on top.
    let floored = score(&["A", "A", "B", "错", "1949"], false);
    assert_eq!((floored.score, floored.speed), (0.0, 0.0));
    // Negative allowed: −15, still no speed points.
    let negative = score(&["A", "A", "B", "错", "1949"], true);
    assert_eq!((negative.score, negative.speed), (-15.0, 0.0));
    // Blank and instant: nothing from the answers, nothing for speed.
    let blank = score(&["", "", "", "", ""], false);
    assert_eq!((blank.score, blank.speed), (0.0, 0.0));
    // One right (2) and the rest wrong (−12): −10, no speed.
    let below = score(&["B", "A", "B", "错", "1949"], false);
    assert_eq!((below.score, below.speed), (0.0, 0.0));
    // Positive from the answers: speed on top, and the score always includes what it shows.
    let good = score(&["B", "B", "AC", "对", "1921"], false);
    assert_eq!((good.score, good.speed), (14.0, 4.0));
    drop(scorer);
}

/// A base is not earned by the answers: a blank or all-wrong sheet gets no speed points on
/// top of it, a sheet with something right does; a negative base that floors the total to 0
/// leaves no speed points in it either.
#[test]
fn speed_points_need_points_from_the_answers_not_the_base() {
    let (set, a) = small();
    let score = |base: f64, wrong: f64, answers: &[&str]| {
        let rules = ScoreRules {
            base,
            wrong,
            speed: Some(SpeedPoints {
                max: 5.0,
                limit_secs: None,
            }),
            ..ScoreRules::default()
        };
        let scorer = Scorer::new(&set, &a, rules).unwrap();
        let mut s = sheet("p", answers);
        s.duration = Some(120);
        let out = scorer.score_sheet(&s, &mut Vec::new()).unwrap().1;
        (out.score, out.speed)
    };
    // Blank, base 10: 10, no speed points.
    assert_eq!(score(10.0, 0.0, &["", "", "", "", ""]), (10.0, 0.0));
    // All wrong with a deduction, base 20: 20 − 15 = 5, no speed points.
    assert_eq!(score(20.0, 3.0, &["A", "A", "B", "错", "1949"]), (5.0, 0.0));
    // One right (2), base 10: 12 + 4.
    assert_eq!(score(10.0, 0.0, &["B", "", "", "", ""]), (16.0, 4.0));
    // One right and a negative base: 2 − 10 floored at 0, no speed points inside.
    assert_eq!(score(-10.0, 0.0, &["B", "", "", "", ""]), (0.0, 0.0));
}

/// Rules whose numbers make no sense are refused, naming the field, from YAML and from any
/// other source (`Scorer::new` checks too); unknown fields are told in Chinese with their
/// line and column.
#[test]
fn rules_with_numbers_that_make_no_sense_are_refused() {
    let refused = [
        ("wrong: -2", "wrong（答错扣分）应为 0 或正数"),
        ("unanswered: -1", "unanswered（未答扣分）应为 0 或正数"),
        ("base: .nan", "base（基础分）应为有限的数"),
        (
            "speed: { max: -5 }",
            "speed.max（用时加分上限）应为 0 或正数",
        ),
        (
            "speed: { max: .inf }",
            "speed.max（用时加分上限）应为 0 或正数",
        ),
        ("speed: { max: 5, limit_secs: 0 }", "speed.limit_secs"),
        ("attempts: { policy: best, limit: 0 }", "attempts.limit"),
        ("attempts: { policy: sum, limit: 0 }", "attempts.limit"),
        (
            "sections: [{ section: 单选题, wrong: -1 }]",
            "sections 中“单选题”的 wrong（答错扣分）应为 0 或正数",
        ),
    ];
    let (set, a) = small();
    for (yaml, want) in refused {
        let e = ScoreRules::from_yaml(yaml).unwrap_err();
        assert!(matches!(e, ContestError::InvalidRules(_)), "{yaml}: {e}");
        assert!(e.to_string().contains(want), "{yaml}: {e}");
        // The same rules built in code (or read from JSON) are refused by the scorer.
        let rules: ScoreRules = serde_saphyr::from_str(yaml).unwrap();
        assert_eq!(Scorer::new(&set, &a, rules).err(), Some(e), "{yaml}");
    }
    let e = ScoreRules::from_yaml("speed: { max: 5 }\nwrng: 1\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "无法读取 YAML 配置：第 2 行第 1 列：未知字段“wrng”（可用的字段：base、wrong、unanswered、\
         sections、speed、attempts、allow_negative、answers）"
    );
    // A paper without a time limit gives speed points no scale unless the rules give one.
    let bp =
        Blueprint::from_yaml(&SMALL_BP.replace("time_limit_minutes: 10", "time_limit_minutes: 0"))
            .unwrap();
    let untimed = assemble(&set, &bp, 1).unwrap();
    let speed = |limit_secs| ScoreRules {
        speed: Some(SpeedPoints {
            max: 5.0,
            limit_secs,
        }),
        ..ScoreRules::default()
    };
    assert!(matches!(
        Scorer::new(&set, &untimed, speed(None)),
        Err(ContestError::InvalidRules(_))
    ));
    assert!(Scorer::new(&set, &untimed, speed(Some(600))).is_ok());
}

#[test]
fn times_without_a_zone_are_local_and_others_are_moved_into_local_time() {
    let csv = "编号,开始时间,结束时间,1,2,3,4,5\n\
               a,2025-07-01 09:00:00,2025-07-01 09:10:00,B,B,AC,对,1921\n\
               b,2025-07-01T01:00:00Z,2025-07-01 09:05,B,B,AC,对,1921\n\
               c,1751331600,2025-07-01 10:00:00+09:00,B,B,AC,对,1921\n\
               d,2025-07-01 09:00:00+0800,2025-06-30 21:20:00-04:00,B,B,AC,对,1921\n\
               e,2025-07-01 09:00:00+8:00,,B,B,AC,对,1921\n";
    let read = |offset: Option<i64>| -> Vec<Result<Sheet, SheetError>> {
        let r = SheetReader::new(csv.as_bytes()).unwrap();
        match offset {
            Some(o) => r.with_utc_offset(o).collect(),
            None => r.collect(),
        }
    };
    let nine = kaotang::time::Date::new(2025, 7, 1)
        .unwrap()
        .start()
        .add_secs(9 * 3600);
    // Default UTC+8: every start is 09:00 local.
    let sheets = read(None);
    for s in &sheets[..4] {
        let s = s.as_ref().unwrap();
        assert_eq!(s.start, Some(nine), "{}", s.participant);
    }
    let used: Vec<Option<u32>> = sheets[..4]
        .iter()
        .map(|s| s.as_ref().unwrap().time_used())
        .collect();
    assert_eq!(used, [Some(600), Some(300), Some(0), Some(1200)]);
    // A malformed zone is a bad row with the cell named, not a guess.
    let e = sheets[4].as_ref().unwrap_err();
    assert!(e.message.contains("开始时间") && e.row == 6, "{e:?}");
    // Read in UTC, zone-less times stay as written and the rest move by 8 hours.
    let utc = read(Some(0));
    let b = utc[1].as_ref().unwrap();
    assert_eq!(b.start, Some(nine.add_secs(-8 * 3600)));
    assert_eq!(utc[0].as_ref().unwrap().start, Some(nine));
}

/// What exports commonly write is read: Excel's `2024/7/1 9:00` and `2024/07/01 09:00:00`,
/// fractions of a second on times, Unix seconds and 用时 (dropped: 09:00:00.999 is 09:00:00).
#[test]
fn common_export_time_formats_are_read() {
    let csv = "编号,开始时间,结束时间,用时,1,2,3,4,5\n\
               a,2024-07-01 09:00:00.500,2024-07-01 09:05:00.999,,B,B,AC,对,1921\n\
               b,2024/07/01 09:00:00,2024/7/1 9:05,,B,B,AC,对,1921\n\
               c,2024/7/1 9:00,2024-07-01T01:05:00.25Z,,B,B,AC,对,1921\n\
               d,1719795600.5,,300.5,B,B,AC,对,1921\n\
               e,2024.7.1 9:00:00,,5:00.9,B,B,AC,对,1921\n\
               f,2024/13/1 9:00,,,B,B,AC,对,1921\n\
               g,,,300.x,B,B,AC,对,1921\n";
    let sheets: Vec<_> = SheetReader::new(csv.as_bytes()).unwrap().collect();
    let nine = kaotang::time::Date::new(2024, 7, 1)
        .unwrap()
        .start()
        .add_secs(9 * 3600);
    for s in &sheets[..5] {
        let s = s.as_ref().unwrap();
        assert_eq!(
            (s.start, s.time_used()),
            (Some(nine), Some(300)),
            "{}",
            s.participant
        );
    }
    let e = sheets[5].as_ref().unwrap_err();
    assert!(
        e.message.starts_with("开始时间“2024/13/1 9:00”应为"),
        "{e:?}"
    );
    let e = sheets[6].as_ref().unwrap_err();
    assert_eq!(e.message, "用时“300.x”应为秒数或 分:秒");
}

/// 次数 0 is a bad row, as in JSON; a 用时 that disagrees with the start and end times by
/// more than a second is refused rather than silently believed.
#[test]
fn attempt_zero_and_a_duration_against_the_times_are_bad_rows() {
    let csv = "编号,开始时间,结束时间,用时,次数,1,2,3,4,5\n\
               a,2024-07-01 09:00:00,2024-07-01 09:05:00,300,0,B,B,AC,对,1921\n\
               b,2024-07-01 09:00:00,2024-07-01 09:05:00,60,1,B,B,AC,对,1921\n\
               c,2024-07-01 09:00:00.900,2024-07-01 09:05:00.100,299.2,2,B,B,AC,对,1921\n\
               d,,,60,,B,B,AC,对,1921\n";
    let sheets: Vec<_> = SheetReader::new(csv.as_bytes()).unwrap().collect();
    let e = sheets[0].as_ref().unwrap_err();
    assert_eq!((e.row, e.message.as_str()), (2, "次数“0”应为正整数"));
    let e = sheets[1].as_ref().unwrap_err();
    assert_eq!(e.row, 3);
    assert!(
        e.message
            .starts_with("用时 60 秒与开始、结束时间（相隔 300 秒）不符"),
        "{e:?}"
    );
    // Within a second (the fractions dropped on both sides): read, 用时 as given.
    let c = sheets[2].as_ref().unwrap();
    assert_eq!((c.attempt, c.time_used()), (2, Some(299)));
    assert_eq!(sheets[3].as_ref().unwrap().time_used(), Some(60));
    let json = r#"[{"participant":"a","attempt":0},{"participant":"b","attempt":"2"}]"#;
    let out = sheets_from_json(json).unwrap();
    assert_eq!(out[0].as_ref().unwrap_err().message, "次数“0”应为正整数");
    assert_eq!(out[1].as_ref().unwrap().attempt, 2);
}

/// JSON sheets read times as CSV sheets do: numbers are Unix seconds and text any form a CSV
/// cell may hold, moved into local time by the same offset, so the same content scores to the
/// same results; a bad element is reported at the line it starts on, in Chinese.
#[test]
fn json_sheet_times_are_read_as_csv_times() {
    let csv = "编号,单位,开始时间,结束时间,用时,1,2,3,4,5\n\
               p1,东城区/一支部,1719795600,1719795900,,B,B,AC,对,1921\n\
               p2,东城区/一支部,2024-07-01 09:00:00,2024/7/1 9:04:00.5,,B,B,AC,对,1921\n\
               p3,东城区,,,5:00,B,B,AC,对,1921\n";
    let json = r#"[
  {"participant":"p1","unit":["东城区","一支部"],"start":1719795600,"end":1719795900,
   "answers":["B","B","AC","对","1921"]},
  {"participant":"p2","unit":"东城区/一支部","start":"2024-07-01 09:00:00","end":"2024/7/1 9:04:00.5",
   "answers":["B","B","AC","对","1921"]},
  {"participant":"p3","unit":["东城区"],"duration":"5:00","answers":["B","B","AC","对","1921"]},
  {"participant":"p4","start":"2024-07-01 25:00","answers":[]},
  {"participant":"p5","start":true,"answers":[]}
]"#;
    for offset in [DEFAULT_UTC_OFFSET_SECS, 0, -5 * 3600] {
        let from_csv: Vec<Sheet> = SheetReader::new(csv.as_bytes())
            .unwrap()
            .with_utc_offset(offset)
            .map(|s| Sheet {
                row: 0,
                ..s.unwrap()
            })
            .collect();
        let mut from_json = Vec::new();
        let n = for_each_json_sheet(json.as_bytes(), offset, |s| from_json.push(s)).unwrap();
        assert_eq!(n, 5);
        let good: Vec<Sheet> = from_json[..3]
            .iter()
            .map(|s| Sheet {
                row: 0,
                ..s.clone().unwrap()
            })
            .collect();
        assert_eq!(good, from_csv, "UTC offset {offset}");
        let rows: Vec<u64> = from_json
            .iter()
            .map(|s| s.as_ref().map_or_else(|e| e.row, |s| s.row))
            .collect();
        assert_eq!(rows, [2, 4, 6, 7, 8]);
        let e = from_json[3].as_ref().unwrap_err();
        assert!(
            e.message.starts_with("开始时间“2024-07-01 25:00”应为"),
            "{e:?}"
        );
        assert_eq!(
            from_json[4].as_ref().unwrap_err().message,
            "start 应为数字或文字"
        );
    }
}

#[test]
fn full_marks_leave_speed_points_out() {
    let (set, a) = small();
    let rules = ScoreRules {
        base: 5.0,
        speed: Some(SpeedPoints {
            max: 5.0,
            limit_secs: None,
        }),
        ..ScoreRules::default()
    };
    // 5 base + 2 + 2 + 3 + 1 + 2.
    assert_eq!(rules.full_marks(&a), 15.0);
    let mut scorer = Scorer::new(&set, &a, rules.clone()).unwrap();
    // Full paper slowly (no speed points), full paper quickly, and one wrong but quick
    // enough that speed points lift the score above full marks.
    for (id, answers, secs) in [
        ("slow", ["B", "B", "AC", "对", "1921"], 600),
        ("fast", ["B", "B", "AC", "对", "1921"], 60),
        ("quick", ["B", "B", "AC", "错", "1921"], 0),
    ] {
        let mut s = sheet(id, &answers);
        s.duration = Some(secs);
        scorer.add(&s).unwrap();
    }
    let out = scorer.finish();
    let scores: Vec<f64> = out.results.iter().map(|r| r.score).collect();
    assert_eq!(scores, [19.5, 19.0, 15.0]); // fast, quick, slow
    let options = UnitOptions {
        full_marks: rules.full_marks(&a),
        ..UnitOptions::default()
    };
    let all = aggregate_units(&out.results, &[], &options);
    assert_eq!(all[0].perfect, 2, "fast and slow, not quick (14 + 5)");
}

#[test]
fn item_analysis_counts_options_only_for_choice_questions() {
    let yaml = r#"
bank: { id: om, title: 排序配对, sources: [{ id: s, title: 简史 }] }
questions:
  - { id: o1, type: order, stem: 排序。, items: [甲, 乙, 丙, 丁], answer: DBAC,
      explanation: 说明。, period: 新民主主义革命时期, difficulty: 2, source: { ref: s } }
  - { id: p1, type: match, stem: 配对。, left: [甲, 乙, 丙], right: [子, 丑, 寅, 卯], answer: BDA,
      explanation: 说明。, period: 新民主主义革命时期, difficulty: 2, source: { ref: s } }
  - { id: c1, type: single, stem: 单选？, options: [甲, 乙, 丙], answer: B,
      explanation: 说明。, period: 新民主主义革命时期, difficulty: 2, source: { ref: s } }
  - { id: j1, type: judge, stem: 判断。, answer: true,
      explanation: 说明。, period: 新民主主义革命时期, difficulty: 2, source: { ref: s } }
"#;
    let set = BankSet::load(&[("om.yaml", yaml)]).unwrap();
    let bp = Blueprint::from_yaml(
        "title: 测试\ntime_limit_minutes: 10\nsections:\n\
         - { name: 排序, filter: { types: [order] }, count: 1, points: 5 }\n\
         - { name: 配对, filter: { types: [match] }, count: 1, points: 5 }\n\
         - { name: 单选, filter: { types: [single] }, count: 1, points: 5 }\n\
         - { name: 判断, filter: { types: [judge] }, count: 1, points: 5 }",
    )
    .unwrap();
    let a = assemble(&set, &bp, 1).unwrap();
    let mut scorer = Scorer::new(&set, &a, ScoreRules::default())
        .unwrap()
        .with_analysis();
    for (id, answers) in [
        ("x", ["DBAC", "BDA", "B", "对"]),
        ("y", ["ABCD", "ABC", "A", "错"]),
    ] {
        scorer.add(&sheet(id, &answers)).unwrap();
    }
    let report = scorer.finish().analysis[0]
        .1
        .report(&AnalysisOptions::default());
    let counts: Vec<(&str, &[u64])> = report
        .items
        .iter()
        .map(|i| (i.question.0.as_str(), i.options.as_slice()))
        .collect();
    assert_eq!(
        counts,
        [
            ("o1", &[][..]),
            ("p1", &[][..]),
            ("c1", &[1, 1, 0][..]),
            ("j1", &[][..])
        ]
    );
}
