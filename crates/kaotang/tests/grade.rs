//! Grading: worked examples for every type and policy, and properties over generated questions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kaotang::bank::{Blank, Letters, Period, Question, QuestionId, QuestionKind, SourceRef};
use kaotang::grade::{GradeOptions, MultiPolicy, Response, grade, key_response, parse_response};
use proptest::prelude::*;

fn question(kind: QuestionKind, stem: &str) -> Question {
    Question {
        id: QuestionId("t-1".into()),
        kind,
        stem: stem.into(),
        explanation: "解析。".into(),
        hint: None,
        period: Period::NewDemocraticRevolution,
        tags: vec![],
        difficulty: 1,
        source: SourceRef {
            source: "s".into(),
            chapter: None,
            page: None,
        },
        event_date: None,
    }
}

fn opts(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("选项{i}")).collect()
}

fn multi(key: &[u8]) -> Question {
    question(
        QuestionKind::Multiple {
            options: opts(5),
            answer: Letters(key.to_vec()),
        },
        "多选",
    )
}

fn credit(q: &Question, r: Response, policy: MultiPolicy) -> f64 {
    grade(q, &r, &GradeOptions { multi: policy })
        .unwrap()
        .credit
}

#[test]
fn multiple_choice_policies() {
    let q = multi(&[0, 2, 3]); // ACD
    let all = MultiPolicy::AllOrNothing;
    let partial = MultiPolicy::Partial;
    let deduct = MultiPolicy::Deduct { per_wrong: 0.5 };
    assert_eq!(credit(&q, Response::Choices(vec![3, 0, 2]), all), 1.0);
    assert_eq!(credit(&q, Response::Choices(vec![0, 2]), all), 0.0);
    // 少选: two of three correct, no wrong choice.
    assert!((credit(&q, Response::Choices(vec![0, 2]), partial) - 2.0 / 3.0).abs() < 1e-12);
    // 错选: any wrong choice gives nothing under the partial policy.
    assert_eq!(credit(&q, Response::Choices(vec![0, 2, 1]), partial), 0.0);
    // Deduction: 3/3 right plus one wrong = 1 − 0.5; 1/3 right plus one wrong floors at 0.
    assert!((credit(&q, Response::Choices(vec![0, 2, 3, 1]), deduct) - 0.5).abs() < 1e-12);
    assert_eq!(credit(&q, Response::Choices(vec![0, 1]), deduct), 0.0);
    let g = grade(
        &q,
        &Response::Choices(vec![0, 2]),
        &GradeOptions { multi: partial },
    )
    .unwrap();
    assert!(!g.correct);
}

#[test]
fn fill_folds_width_case_punctuation_and_script() {
    let q = question(
        QuestionKind::Fill {
            answer: vec![
                Blank(vec!["遵义会议".into()]),
                Blank(vec!["张闻天".into(), "洛甫".into()]),
            ],
        },
        "1935年1月____确立……____任总书记",
    );
    let o = GradeOptions::default();
    assert!(
        grade(
            &q,
            &Response::Fill(vec!["遵義會議".into(), "洛甫".into()]),
            &o
        )
        .unwrap()
        .correct
    );
    assert!(
        grade(
            &q,
            &Response::Fill(vec![" 遵义 会议。".into(), "張聞天".into()]),
            &o
        )
        .unwrap()
        .correct
    );
    let half = grade(
        &q,
        &Response::Fill(vec!["遵义会议".into(), "博古".into()]),
        &o,
    )
    .unwrap();
    assert_eq!((half.credit, half.correct), (0.5, false));
    assert_eq!(
        grade(&q, &Response::Fill(vec!["".into(), "".into()]), &o)
            .unwrap()
            .credit,
        0.0
    );
    let latin = question(
        QuestionKind::Fill {
            answer: vec![Blank(vec!["WTO".into()])],
        },
        "加入____",
    );
    assert!(
        grade(&latin, &Response::Fill(vec!["ｗｔｏ".into()]), &o)
            .unwrap()
            .correct
    );
}

#[test]
fn order_credit_is_the_longest_run_in_order() {
    let q = question(
        QuestionKind::Order {
            items: opts(5),
            answer: Letters(vec![1, 2, 0, 3, 4]),
        },
        "排序",
    );
    let o = GradeOptions::default();
    let c = |s: &[u8]| grade(&q, &Response::Order(s.to_vec()), &o).unwrap().credit;
    assert_eq!(c(&[1, 2, 0, 3, 4]), 1.0);
    assert_eq!(c(&[4, 3, 0, 2, 1]), 0.0); // reversed
    assert!((c(&[2, 1, 0, 3, 4]) - 0.75).abs() < 1e-12); // one swap: 4 of 5 in order → 3/4
    assert!((c(&[1, 2, 0]) - 0.5).abs() < 1e-12); // incomplete: 3 in order → 2/4
}

#[test]
fn match_credit_is_the_share_of_right_pairs() {
    let q = question(
        QuestionKind::Match {
            left: opts(3),
            right: opts(4),
            answer: Letters(vec![1, 0, 2]),
        },
        "配对",
    );
    let o = GradeOptions::default();
    let g = grade(&q, &Response::Match(vec![Some(1), Some(2), None]), &o).unwrap();
    assert!((g.credit - 1.0 / 3.0).abs() < 1e-12);
    assert!(
        grade(&q, &Response::Match(vec![Some(1), Some(0), Some(2)]), &o)
            .unwrap()
            .correct
    );
    assert!(grade(&q, &Response::Match(vec![Some(7), None, None]), &o).is_err());
}

#[test]
fn wrong_kind_and_unknown_option_are_errors() {
    let q = multi(&[0, 1]);
    let o = GradeOptions::default();
    assert!(grade(&q, &Response::Judge(true), &o).is_err());
    assert_eq!(
        grade(&q, &Response::Choices(vec![6]), &o)
            .unwrap_err()
            .to_string(),
        "没有选项 G"
    );
}

#[test]
fn typed_answers_are_read() {
    let single = question(
        QuestionKind::Single {
            options: opts(4),
            answer: Letters(vec![1]),
        },
        "单选",
    );
    assert_eq!(
        parse_response(&single, " b ").unwrap(),
        Response::Choices(vec![1])
    );
    assert!(parse_response(&single, "AB").is_err());
    assert!(parse_response(&single, "E").is_err());
    let m = multi(&[0, 2]);
    assert_eq!(
        parse_response(&m, "A、C").unwrap(),
        Response::Choices(vec![0, 2])
    );
    let judge = question(QuestionKind::Judge { answer: false }, "判断");
    for (s, b) in [
        ("对", true),
        ("√", true),
        ("正确", true),
        ("×", false),
        ("错误", false),
        ("n", false),
    ] {
        assert_eq!(
            parse_response(&judge, s).unwrap(),
            Response::Judge(b),
            "{s}"
        );
    }
    let fill = question(
        QuestionKind::Fill {
            answer: vec![Blank(vec!["甲".into()]), Blank(vec!["乙".into()])],
        },
        "____和____",
    );
    assert_eq!(
        parse_response(&fill, "甲；乙").unwrap(),
        Response::Fill(vec!["甲".into(), "乙".into()])
    );
    assert_eq!(
        parse_response(&fill, "甲|乙").unwrap(),
        Response::Fill(vec!["甲".into(), "乙".into()])
    );
}

/// A generated question of any type with `n` choices.
fn any_question() -> impl Strategy<Value = Question> {
    (3usize..=8, 0u8..6, any::<u64>()).prop_map(|(n, t, seed)| {
        let mut rng = kaotang::rng::SeedRng::new(seed);
        let perm: Vec<u8> = rng.permutation(n).into_iter().map(|i| i as u8).collect();
        let kind = match t {
            0 => QuestionKind::Single {
                options: opts(n),
                answer: Letters(vec![perm[0]]),
            },
            1 => {
                let k = 2 + rng.index(n - 1);
                let mut key = perm[..k].to_vec();
                key.sort_unstable();
                QuestionKind::Multiple {
                    options: opts(n),
                    answer: Letters(key),
                }
            }
            2 => QuestionKind::Judge {
                answer: seed % 2 == 0,
            },
            3 => QuestionKind::Fill {
                answer: (0..n % 3 + 1)
                    .map(|i| Blank(vec![format!("答{i}")]))
                    .collect(),
            },
            4 => QuestionKind::Order {
                items: opts(n),
                answer: Letters(perm),
            },
            _ => {
                let left = n - 1;
                QuestionKind::Match {
                    left: opts(left),
                    right: opts(n),
                    answer: Letters(perm[..left].to_vec()),
                }
            }
        };
        question(kind, "题干")
    })
}

/// A response of the right kind, possibly nonsense.
fn response_for(q: &Question, raw: &[u8]) -> Response {
    let n = q.choices().len().max(1) as u8;
    match &q.kind {
        QuestionKind::Single { .. } | QuestionKind::Multiple { .. } => {
            Response::Choices(raw.iter().map(|b| b % n).collect())
        }
        QuestionKind::Judge { .. } => Response::Judge(raw.first().is_some_and(|b| b % 2 == 0)),
        QuestionKind::Fill { answer } => Response::Fill(
            (0..answer.len())
                .map(|i| format!("答{}", raw.get(i).map_or(0, |b| b % 3)))
                .collect(),
        ),
        QuestionKind::Order { .. } => Response::Order(raw.iter().map(|b| b % n).collect()),
        QuestionKind::Match { right, left, .. } => {
            let r = right.len() as u8;
            Response::Match(
                (0..left.len())
                    .map(|i| {
                        raw.get(i)
                            .and_then(|b| (b % (r + 1) < r).then_some(b % (r + 1)))
                    })
                    .collect(),
            )
        }
    }
}

/// Shows the choices in the order `perm` (new position i shows old choice perm[i]) and maps
/// the key and the response through the same permutation.
fn shuffled(q: &Question, r: &Response, perm: &[usize]) -> (Question, Response) {
    let inv = {
        let mut inv = vec![0u8; perm.len()];
        for (new, &old) in perm.iter().enumerate() {
            inv[old] = new as u8;
        }
        inv
    };
    let map = |v: &[u8]| v.iter().map(|&i| inv[usize::from(i)]).collect::<Vec<u8>>();
    let reorder = |v: &[String]| perm.iter().map(|&i| v[i].clone()).collect::<Vec<String>>();
    let mut q2 = q.clone();
    let r2 = match (&mut q2.kind, r) {
        (
            QuestionKind::Single { options, answer } | QuestionKind::Multiple { options, answer },
            Response::Choices(c),
        ) => {
            *options = reorder(options);
            answer.0 = map(&answer.0);
            answer.0.sort_unstable();
            Response::Choices(map(c))
        }
        (QuestionKind::Order { items, answer }, Response::Order(s)) => {
            *items = reorder(items);
            answer.0 = map(&answer.0);
            Response::Order(map(s))
        }
        (QuestionKind::Match { right, answer, .. }, Response::Match(p)) => {
            *right = reorder(right);
            answer.0 = map(&answer.0);
            Response::Match(p.iter().map(|x| x.map(|i| inv[usize::from(i)])).collect())
        }
        _ => r.clone(),
    };
    (q2, r2)
}

proptest! {
    #[test]
    fn credit_is_in_unit_interval(q in any_question(), raw in proptest::collection::vec(any::<u8>(), 0..10), per_wrong in 0.0f64..2.0) {
        let r = response_for(&q, &raw);
        for multi in [MultiPolicy::AllOrNothing, MultiPolicy::Partial, MultiPolicy::Deduct { per_wrong }] {
            let g = grade(&q, &r, &GradeOptions { multi }).unwrap();
            prop_assert!((0.0..=1.0).contains(&g.credit));
            prop_assert_eq!(g.correct, g.credit == 1.0);
        }
    }

    #[test]
    fn the_key_always_scores_one(q in any_question()) {
        let g = grade(&q, &key_response(&q), &GradeOptions::default()).unwrap();
        prop_assert!(g.correct && g.credit == 1.0);
    }

    #[test]
    fn grading_ignores_presentation_order(q in any_question(), raw in proptest::collection::vec(any::<u8>(), 0..10), seed in any::<u64>()) {
        let r = response_for(&q, &raw);
        let n = match &q.kind {
            QuestionKind::Match { right, .. } => right.len(),
            _ => q.choices().len(),
        };
        let perm = kaotang::rng::SeedRng::new(seed).permutation(n);
        let (q2, r2) = shuffled(&q, &r, &perm);
        for multi in [MultiPolicy::AllOrNothing, MultiPolicy::Partial, MultiPolicy::Deduct { per_wrong: 0.5 }] {
            let o = GradeOptions { multi };
            prop_assert_eq!(grade(&q, &r, &o).unwrap(), grade(&q2, &r2, &o).unwrap());
        }
    }
}
