//! Shared fixtures for kaotang's end-to-end tests and benchmarks.

use std::fmt::Write as _;
use std::path::PathBuf;

use kaotang::bank::{
    Bank, BankInfo, BankSet, Blank, Letters, Period, Question, QuestionId, QuestionKind, Source,
    SourceRef,
};
use kaotang::contest::{
    Assembly, Blueprint, Form, ItemInfo, ItemOutcome, ScoreRules, SpeedPoints, assemble,
};
use kaotang::rng::SeedRng;

/// The folder of the shipped question banks.
pub fn shipped_banks_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("question-banks")
}

/// A synthetic bank of `n` questions over all four periods and difficulties 1–5: about 40%
/// single, 20% multiple, 30% judge and 10% fill-in. Explanations contain `解析#<i>#` and hints
/// `提示#<i>#`, so tests can look for leaks.
pub fn synthetic_bank(n: usize, seed: u64) -> BankSet {
    let mut rng = SeedRng::new(seed);
    let tags = ["建党", "长征", "抗战", "改革", "新时代", "党的建设"];
    let questions = (0..n)
        .map(|i| {
            let kind = match rng.index(10) {
                0..=3 => QuestionKind::Single {
                    options: (0..4).map(|k| format!("选项{i}-{k}")).collect(),
                    answer: Letters(vec![rng.index(4) as u8]),
                },
                4..=5 => {
                    let mut a: Vec<u8> = rng
                        .permutation(5)
                        .into_iter()
                        .take(2 + rng.index(2))
                        .map(|k| k as u8)
                        .collect();
                    a.sort_unstable();
                    QuestionKind::Multiple {
                        options: (0..5).map(|k| format!("选项{i}-{k}")).collect(),
                        answer: Letters(a),
                    }
                }
                6..=8 => QuestionKind::Judge {
                    answer: rng.index(2) == 0,
                },
                _ => QuestionKind::Fill {
                    answer: vec![Blank(vec![format!("答案{i}")])],
                },
            };
            let stem = match kind {
                QuestionKind::Fill { .. } => format!("第{i}题：____是什么？"),
                _ => format!("第{i}题：关于党史的第{i}个问题？"),
            };
            Question {
                id: QuestionId(format!("syn-{i:05}")),
                kind,
                stem,
                explanation: format!("解析#{i}#。"),
                hint: Some(format!("提示#{i}#。")),
                period: Period::ALL[rng.index(4)],
                tags: vec![tags[rng.index(tags.len())].to_owned()],
                difficulty: 1 + rng.index(5) as u8,
                source: SourceRef {
                    source: "jianshi".into(),
                    chapter: None,
                    page: None,
                },
                event_date: None,
            }
        })
        .collect();
    let bank = Bank {
        bank: BankInfo {
            id: "synthetic".into(),
            title: "合成题库".into(),
            version: 1,
            sources: vec![Source {
                id: "jianshi".into(),
                title: "中国共产党简史".into(),
                publisher: None,
                year: None,
            }],
        },
        questions,
        events: Vec::new(),
        readings: Vec::new(),
    };
    let json = serde_json::to_string(&bank).unwrap_or_default();
    BankSet::load(&[("synthetic.json", json)]).unwrap_or_default()
}

/// A CSV of `n` answer sheets for `form` (form order, authored letters): ids `p0000001` …,
/// units `区/单位/支部`, times on 2025-07-01, each participant right with a probability
/// that grows with a seeded ability. Some answers are left empty.
pub fn synthetic_sheets_csv(set: &BankSet, form: &Form, n: usize, seed: u64) -> String {
    let mut rng = SeedRng::new(seed);
    let keys: Vec<String> = form
        .questions()
        .filter_map(|(_, id)| set.question(id))
        .map(|q| q.answer_text())
        .collect();
    let wrong: Vec<String> = form
        .questions()
        .filter_map(|(_, id)| set.question(id))
        .map(|q| match &q.kind {
            QuestionKind::Judge { answer } => (if *answer { "错" } else { "对" }).to_owned(),
            QuestionKind::Fill { .. } => "不知道".to_owned(),
            _ => (if q.answer_text() == "A" { "B" } else { "A" }).to_owned(),
        })
        .collect();
    let mut out = String::with_capacity(n * (40 + 3 * keys.len()));
    out.push_str("编号,姓名,单位,开始时间,结束时间,次数");
    for k in 1..=keys.len() {
        let _ = write!(out, ",{k}");
    }
    out.push('\n');
    for p in 0..n {
        let ability = rng.unit();
        let start = 9 * 3600 + rng.index(3600);
        let used = 120 + rng.index(1500);
        let _ = write!(
            out,
            "p{p:07},选手{p},第{}区/单位{}/支部{},2025-07-01 {:02}:{:02}:{:02},2025-07-01 {:02}:{:02}:{:02},1",
            p % 7,
            p % 41,
            p % 5,
            start / 3600,
            start / 60 % 60,
            start % 60,
            (start + used) / 3600,
            (start + used) / 60 % 60,
            (start + used) % 60
        );
        for (k, w) in keys.iter().zip(&wrong) {
            let r = rng.unit();
            out.push(',');
            if r < 0.03 {
                continue;
            }
            out.push_str(if r < 0.3 + 0.7 * ability { k } else { w });
        }
        out.push('\n');
    }
    out
}

/// The shipped banks as `(origin, text)` pairs, sorted by file name.
pub fn shipped_bank_sources() -> Vec<(String, String)> {
    let dir = shipped_banks_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    // Banks are the YAML files at the top level; blueprints and policies live in subfolders.
    files.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((format!("question-banks/{name}"), text))
        })
        .collect()
}

const PERIODS: [&str; 4] = [
    "新民主主义革命时期",
    "社会主义革命和建设时期",
    "改革开放和社会主义现代化建设新时期",
    "中国特色社会主义新时代",
];

/// A valid synthetic bank of `n` questions of all six types, in the shipped YAML style.
///
/// Deterministic in `n`; every question is distinct (so no near-duplicate warnings).
pub fn synthetic_bank_yaml(n: usize) -> String {
    let mut s = String::with_capacity(n * 420);
    s.push_str("bank:\n  id: synthetic\n  title: 合成题库\n  sources:\n    - { id: jianshi, title: 中国共产党简史, publisher: 人民出版社、中共党史出版社, year: 2021 }\nquestions:\n");
    for i in 0..n {
        let period = PERIODS[i % 4];
        let d = i % 5 + 1;
        let _ = writeln!(s, "  - id: syn-{i:06}");
        match i % 6 {
            0 => {
                let _ = write!(
                    s,
                    "    type: single\n    stem: 第{i}题：下列哪一年召开了这次会议？\n    options: [{a}年, {b}年, {c}年, {e}年]\n    answer: {l}\n",
                    a = 1900 + i % 97,
                    b = 1901 + i % 97,
                    c = 1902 + i % 97,
                    e = 1903 + i % 97,
                    l = ["A", "B", "C", "D"][i % 4]
                );
            }
            1 => {
                let _ = write!(
                    s,
                    "    type: multiple\n    stem: 第{i}题：下列哪些说法是正确的？\n    options: [说法甲{i}, 说法乙{i}, 说法丙{i}, 说法丁{i}]\n    answer: AC\n"
                );
            }
            2 => {
                let _ = write!(
                    s,
                    "    type: judge\n    stem: 第{i}题的说法是正确的。\n    answer: {}\n",
                    i % 4 == 2
                );
            }
            3 => {
                let _ = write!(
                    s,
                    "    type: fill\n    stem: 第{i}题：这次会议在____召开。\n    answer: [[地点{i}, 别称{i}]]\n"
                );
            }
            4 => {
                let _ = write!(
                    s,
                    "    type: order\n    stem: 第{i}题：将下列事件按时间先后排列。\n    items: [事件甲, 事件乙, 事件丙, 事件丁]\n    answer: BCAD\n"
                );
            }
            _ => {
                let _ = write!(
                    s,
                    "    type: match\n    stem: 第{i}题：将会议与地点配对。\n    left: [会议甲, 会议乙, 会议丙]\n    right: [地点甲, 地点乙, 地点丙, 地点丁]\n    answer: BAC\n"
                );
            }
        }
        let _ = write!(
            s,
            "    explanation: 这是第{i}题的解析，介绍会议召开的背景、经过和历史意义。\n    hint: 第{i}题的提示。\n    period: {period}\n    tags: [标签{t}, 专题{u}]\n    difficulty: {d}\n    source: {{ ref: jianshi, chapter: 第{c}章 }}\n",
            t = i % 50,
            u = i % 7,
            c = i % 10 + 1
        );
    }
    s
}

/// The folder of the test fixtures.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `q` with a match question's right column put in `like`'s order (the answer remapped), so
/// that formats that write matches as pairs compare equal when they keep the same pairs.
/// Other questions are returned unchanged.
pub fn same_pairs_order(q: &Question, like: &Question) -> Question {
    let (
        QuestionKind::Match {
            left,
            right,
            answer,
        },
        QuestionKind::Match { right: want, .. },
    ) = (&q.kind, &like.kind)
    else {
        return q.clone();
    };
    let (mut have, mut wanted) = (right.clone(), want.clone());
    have.sort();
    wanted.sort();
    if have != wanted {
        return q.clone();
    }
    let answer = answer
        .0
        .iter()
        .map(|&i| {
            let text = &right[usize::from(i)];
            want.iter().position(|w| w == text).unwrap_or(0) as u8
        })
        .collect();
    Question {
        kind: QuestionKind::Match {
            left: left.clone(),
            right: want.clone(),
            answer: Letters(answer),
        },
        ..q.clone()
    }
}

/// The scoring benchmark's round: a 2,000-question synthetic bank, a 30-question paper (15
/// single, 5 multiple with partial credit, 10 judge), `sheets` answer sheets as CSV, and rules
/// with speed points. Shared by `benches/contest.rs` and `examples/contest_scoring_phases.rs`
/// so both measure the same round.
pub fn scoring_round(sheets: usize) -> (BankSet, Assembly, String, ScoreRules) {
    let set = synthetic_bank(2_000, 1);
    let bp = Blueprint::from_yaml(
        "title: 初赛\ntime_limit_minutes: 30\nsections:\n\
         - { name: 单选题, filter: { types: [single] }, count: 15, points: 3 }\n\
         - { name: 多选题, filter: { types: [multiple] }, count: 5, points: 5, multi: { policy: partial } }\n\
         - { name: 判断题, filter: { types: [judge] }, count: 10, points: 3 }",
    )
    .unwrap_or_else(|e| unreachable!("fixed blueprint: {e}"));
    let assembly = assemble(&set, &bp, 7).unwrap_or_else(|e| unreachable!("fixed bank: {e}"));
    let csv = assembly
        .forms
        .first()
        .map(|form| synthetic_sheets_csv(&set, form, sheets, 3))
        .unwrap_or_default();
    let rules = ScoreRules {
        speed: Some(SpeedPoints {
            max: 5.0,
            limit_secs: None,
        }),
        ..ScoreRules::default()
    };
    (set, assembly, csv, rules)
}

/// The item-analysis benchmark's responses: `rows` sheets of `items` four-option questions,
/// row-major in one vector (read them with `chunks_exact(items)`), right or wrong by a random
/// ability so items discriminate, one option chosen each. Shared by `benches/contest.rs` and
/// `examples/contest_item_analysis.rs`.
pub fn analysis_round(rows: usize, items: usize) -> (Vec<ItemInfo>, Vec<ItemOutcome>) {
    let mut rng = SeedRng::new(5);
    let mut outcomes = Vec::with_capacity(rows * items);
    for _ in 0..rows {
        let ability = rng.unit();
        for _ in 0..items {
            let right = rng.unit() < 0.3 + 0.6 * ability;
            outcomes.push(ItemOutcome {
                credit: f64::from(u8::from(right)),
                choices: 1 << rng.index(4),
                answered: true,
            });
        }
    }
    let info = (0..items)
        .map(|i| ItemInfo {
            question: format!("q{i}").as_str().into(),
            options: 4,
            points: 1.0,
        })
        .collect();
    (info, outcomes)
}

/// A learner with `cards` graduated cards (the first questions of `banks`): stabilities of
/// 0.5–200 days, last answered 1–120 days before `now` and due after their stability in days
/// (about a fifth are due). Deterministic.
pub fn synthetic_learner(
    banks: &kaotang::bank::BankSet,
    now: kaotang::time::Timestamp,
    cards: usize,
) -> kaotang::study::LearnerState {
    use kaotang::schedule::{CardSchedule, MemoryState, Phase};
    use kaotang::study::{Card, LearnerState};

    let mut rng = kaotang::rng::SeedRng::new(5);
    let mut state = LearnerState::default();
    for q in banks.questions().iter().take(cards) {
        let stability = 0.5 + rng.unit() * 199.5;
        let last = now.date().add_days(-(1 + rng.below(120) as i64));
        let due = last.add_days(stability.round() as i64);
        let schedule = CardSchedule {
            phase: Phase::Review,
            memory: Some(MemoryState {
                stability,
                difficulty: 1.0 + rng.unit() * 9.0,
            }),
            ease: None,
            due: due.start(),
            last_review: Some(last.start().add_secs(9 * 3600)),
            scheduled_days: stability.round() as u32,
            reps: 3,
            lapses: 0,
        };
        let card = Card {
            schedule,
            answers: 3,
            correct: 3,
            streak: 3,
            ..Card::default()
        };
        state.cards.insert(q.id.clone(), card);
    }
    state
}
