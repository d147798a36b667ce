//! import(export(bank)) keeps every question the format can express.

// Helpers outside #[test] functions unwrap too: a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::panic)]

use kaotang::bank::{
    Bank, BankInfo, Blank, Letters, Period, Question, QuestionId, QuestionKind, Source, SourceRef,
    check,
};
use kaotang::formats::{Format, ImportOptions, export, import};
use kaotang::time::Date;
use proptest::prelude::*;

/// Characters that exercise every format's escapes (GIFT's `~ = # { } :`, XML's `< >`), but
/// none of the CSV template's list separators, which the template cannot carry in a tag or a
/// fill answer (its export says so per question).
const ALPHABET: &[char] = &[
    '党', '史', '遵', '义', '会', '议', '南', '昌', '起', '延', '安', '古', '田', '改', '革', '开',
    '放', 'a', 'b', 'x', '1', '9', '？', '！', '<', '>', '{', '}', '=', '~', '#', ':', '（', '）',
    ' ',
];

fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(ALPHABET), 1..max).prop_map(|v| {
        let s: String = v.into_iter().collect();
        // Texts are trimmed by the loader and never start with a space.
        format!("史{}党", s.trim())
    })
}

/// `n` texts that stay distinct after folding (each ends in its own digit).
fn distinct(n: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(text(6), n).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, s)| format!("{s}{i}"))
            .collect()
    })
}

fn kind() -> impl Strategy<Value = (QuestionKind, usize)> {
    prop_oneof![
        (3usize..=8)
            .prop_flat_map(|n| (distinct(n), 0..n))
            .prop_map(|(options, a)| (
                QuestionKind::Single {
                    options,
                    answer: Letters(vec![a as u8]),
                },
                0
            )),
        (3usize..=8)
            .prop_flat_map(|n| (
                distinct(n),
                proptest::sample::subsequence((0..n as u8).collect::<Vec<_>>(), 2..=n)
            ))
            .prop_map(|(options, a)| (
                QuestionKind::Multiple {
                    options,
                    answer: Letters(a),
                },
                0
            )),
        any::<bool>().prop_map(|answer| (QuestionKind::Judge { answer }, 0)),
        (1usize..=3)
            .prop_flat_map(|k| proptest::collection::vec((1usize..=3).prop_flat_map(distinct), k))
            .prop_map(|blanks| {
                let k = blanks.len();
                (
                    QuestionKind::Fill {
                        answer: blanks.into_iter().map(Blank).collect(),
                    },
                    k,
                )
            }),
        (3usize..=8)
            .prop_flat_map(|n| (
                distinct(n),
                Just((0..n as u8).collect::<Vec<_>>()).prop_shuffle()
            ))
            .prop_map(|(items, a)| (
                QuestionKind::Order {
                    items,
                    answer: Letters(a),
                },
                0
            )),
        (2usize..=5, 0usize..=2)
            .prop_flat_map(|(l, extra)| (
                distinct(l),
                distinct(l + extra),
                Just((0..(l + extra) as u8).collect::<Vec<_>>()).prop_shuffle(),
            ))
            .prop_map(|(left, right, mut perm)| {
                perm.truncate(left.len());
                (
                    QuestionKind::Match {
                        left,
                        right,
                        answer: Letters(perm),
                    },
                    0,
                )
            }),
    ]
}

fn question(i: usize) -> impl Strategy<Value = Question> {
    (
        kind(),
        proptest::collection::vec(text(12), 4),
        text(20),
        proptest::option::of(text(20)),
        proptest::sample::select(Period::ALL.to_vec()),
        proptest::collection::vec(text(4), 0..3),
        1u8..=5,
        proptest::option::of(text(6)),
        proptest::option::of(1921i32..2021),
    )
        .prop_map(
            move |(
                (kind, blanks),
                parts,
                explanation,
                hint,
                period,
                tags,
                difficulty,
                chapter,
                year,
            )| {
                let stem = if blanks == 0 {
                    parts[0].clone()
                } else {
                    let mut s = parts[0].clone();
                    for p in parts.iter().skip(1).take(blanks) {
                        s.push_str("____");
                        s.push_str(p);
                    }
                    s
                };
                let mut tags: Vec<String> = tags;
                tags.dedup();
                Question {
                    id: QuestionId(format!("p-{i}")),
                    kind,
                    stem,
                    explanation,
                    hint,
                    period,
                    tags,
                    difficulty,
                    source: SourceRef {
                        source: "jianshi".into(),
                        chapter,
                        page: None,
                    },
                    event_date: year.and_then(|y| Date::new(y, 7, 1)),
                }
            },
        )
}

fn bank() -> impl Strategy<Value = Bank> {
    (1usize..8)
        .prop_flat_map(|n| (0..n).map(question).collect::<Vec<_>>())
        .prop_map(|questions| Bank {
            bank: BankInfo {
                id: "rt".into(),
                title: "往返".into(),
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
        })
}

/// What a format carries of a question; the rest comes from import defaults.
fn carried(format: Format, q: &Question, like: &Question) -> Question {
    let q = kaotang_suite::same_pairs_order(q, like);
    let d = &ImportOptions::default();
    match format {
        Format::Csv | Format::Json => q,
        Format::Gift | Format::MoodleXml => Question {
            hint: None,
            difficulty: d.difficulty,
            source: SourceRef {
                source: d.source.clone(),
                chapter: None,
                page: None,
            },
            event_date: None,
            ..q
        },
        Format::Aiken => Question {
            id: like.id.clone(),
            explanation: d.explanation.clone().unwrap_or_default(),
            hint: None,
            period: Period::NewEra,
            tags: Vec::new(),
            difficulty: d.difficulty,
            source: SourceRef {
                source: d.source.clone(),
                chapter: None,
                page: None,
            },
            event_date: None,
            ..q
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn import_export_keeps_what_the_format_expresses(bank in bank()) {
        for format in Format::ALL {
            let out = export(format, &bank);
            let opts = ImportOptions {
                bank_id: "rt".into(),
                period: Some(Period::NewEra),
                ..Default::default()
            };
            let back = import(format, "rt", out.text.as_bytes(), &opts);
            let back = match back {
                Ok(b) => b,
                Err(e) => {
                    prop_assert!(false, "{format}: {e}\n{}", out.text);
                    unreachable!()
                }
            };
            let kept: Vec<&Question> = bank
                .questions
                .iter()
                .filter(|q| !out.skipped.iter().any(|s| s.id == q.id))
                .collect();
            prop_assert_eq!(back.bank.questions.len(), kept.len(), "{}: {:?}", format, out.skipped);
            for (orig, got) in kept.iter().zip(&back.bank.questions) {
                let want = carried(format, orig, orig);
                let got = carried(format, got, orig);
                let want = Question { id: if format == Format::Aiken { got.id.clone() } else { want.id }, ..want };
                prop_assert_eq!(&got, &want, "{}\n{}", format, out.text);
            }
            let yaml = serde_saphyr::to_string(&back.bank).unwrap();
            prop_assert!(!check(&[("rt.yaml", yaml.as_str())]).has_errors(), "{format}");
        }
    }
}
