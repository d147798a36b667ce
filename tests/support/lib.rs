//! Shared fixtures for kaotang's end-to-end tests and benchmarks.

use std::fmt::Write as _;
use std::path::PathBuf;

use kaotang::bank::{Letters, Question, QuestionKind};

/// The folder of the shipped question banks.
pub fn shipped_banks_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("question-banks")
}

/// The shipped banks as `(origin, text)` pairs, sorted by file name.
pub fn shipped_bank_sources() -> Vec<(String, String)> {
    let dir = shipped_banks_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    // points-policy.yaml is the documented default points policy, not a bank.
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "yaml")
            && p.file_name().is_some_and(|n| n != "points-policy.yaml")
    });
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
