//! Grading: a learner's [`Response`] to a [`Question`] gives a [`Grade`].
//!
//! Responses are stored against the authored option order (indexes), never against a shuffled
//! presentation, so grading does not depend on how options were shown.
//!
//! Partial credit rules:
//! - 多选 ([`MultiPolicy`]): all-or-nothing; partial (any wrong choice gives 0, otherwise the
//!   share of correct options chosen, as Chinese exams score 少选); or deduction (share of correct
//!   options chosen minus a penalty per wrong choice, floored at 0).
//! - 填空: the share of blanks answered correctly. A blank matches when the folded answer
//!   ([`crate::text::fold`]: width, case, spaces, punctuation, traditional/simplified) equals a
//!   folded accepted answer.
//! - 排序: `(k − 1) / (n − 1)` where `k` is the longest run of items already in the right
//!   relative order (longest increasing subsequence); a reversed order scores 0.
//! - 配对: the share of left items paired correctly.
//!
//! A response is correct only when it earns full credit.

use serde::{Deserialize, Serialize};

use crate::bank::{Letters, Question, QuestionKind, QuestionType, letter};
use crate::text::fold;

/// A learner's answer, against the authored order of options, items and columns.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum Response {
    /// Chosen option indexes (single, multiple).
    Choices(Vec<u8>),
    /// True or false (judge).
    Judge(bool),
    /// One text per blank (fill).
    Fill(Vec<String>),
    /// Item indexes in the order given (order).
    Order(Vec<u8>),
    /// For each left item, the chosen right index or none (match).
    Match(Vec<Option<u8>>),
}

/// The outcome of grading one response.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Grade {
    /// Credit in `[0, 1]`.
    pub credit: f64,
    /// Full credit.
    pub correct: bool,
}

impl Grade {
    /// No credit.
    pub const WRONG: Grade = Grade {
        credit: 0.0,
        correct: false,
    };

    fn from_credit(credit: f64) -> Self {
        let credit = credit.clamp(0.0, 1.0);
        Grade {
            credit,
            correct: credit >= 1.0,
        }
    }
}

/// How multiple-choice questions earn partial credit.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum MultiPolicy {
    /// Full credit for exactly the key, otherwise none (the usual contest rule).
    #[default]
    AllOrNothing,
    /// Any wrong choice gives none; otherwise the share of correct options chosen (少选得分).
    Partial,
    /// The share of correct options chosen minus `per_wrong` for each wrong choice, at least 0.
    Deduct {
        /// Credit taken off per wrong choice (e.g. 0.5).
        per_wrong: f64,
    },
}

/// Grading options.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
pub struct GradeOptions {
    /// Policy for multiple-choice questions.
    pub multi: MultiPolicy,
}

/// Why a response could not be graded or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GradeError {
    /// The response is for another type of question.
    #[error("{expected}应作答{hint}，收到的答案类型不符")]
    WrongKind {
        /// The question's type (Chinese).
        expected: &'static str,
        /// What to answer.
        hint: &'static str,
    },
    /// An option letter or index that the question does not have.
    #[error("没有选项 {0}")]
    NoSuchOption(char),
    /// Typed input that is not an answer to this question.
    // A long input is quoted shortened (`echo`): a pasted page is not printed back whole.
    #[error("无法识别的答案“{}”：{hint}", crate::bank::echo(input))]
    Unreadable {
        /// What was typed.
        input: String,
        /// What to type instead.
        hint: &'static str,
    },
    /// An answer of the right kind that does not fit the question's shape: a letter used
    /// twice or left out of an order, the wrong number of pairs or blanks. Asked again, not
    /// graded.
    #[error("答案“{}”不合要求：{expected}", crate::bank::echo(input))]
    Incomplete {
        /// What was typed.
        input: String,
        /// What is expected (Chinese), e.g. 排序题要把 A–D 每个字母各用一次.
        expected: String,
    },
}

fn answer_hint(t: QuestionType) -> &'static str {
    match t {
        QuestionType::Single => "一个选项字母，如 B",
        QuestionType::Multiple => "两个或以上选项字母，如 ACD",
        QuestionType::Judge => "对/错（也可输入 T/F、√/×、是/否）",
        QuestionType::Fill => "每个空的答案，多个空用；或 | 分隔",
        QuestionType::Order => "按正确顺序排列的字母，如 BCAD",
        QuestionType::Match => "左列每项对应的右列字母，如 BAC",
    }
}

/// Grades `response` against `question`.
///
/// ```
/// use kaotang::grade::{grade, GradeOptions, Response};
/// # let q: kaotang::bank::Question = serde_json::from_value(serde_json::json!({
/// #   "id": "q1", "type": "single", "stem": "中共一大在哪一年召开？",
/// #   "options": ["1919年", "1921年", "1927年"], "answer": "B", "explanation": "1921年7月。",
/// #   "period": "新民主主义革命时期", "difficulty": 1, "source": { "ref": "jianshi" }
/// # })).unwrap();
/// let g = grade(&q, &Response::Choices(vec![1]), &GradeOptions::default()).unwrap();
/// assert!(g.correct);
/// ```
pub fn grade(
    question: &Question,
    response: &Response,
    options: &GradeOptions,
) -> Result<Grade, GradeError> {
    let wrong_kind = || GradeError::WrongKind {
        expected: question.qtype().label(),
        hint: answer_hint(question.qtype()),
    };
    match (&question.kind, response) {
        (QuestionKind::Single { options: o, answer }, Response::Choices(c)) => {
            check_range(c, o.len())?;
            Ok(Grade::from_credit(f64::from(u8::from(
                c.len() == 1 && c[0] == answer.0[0],
            ))))
        }
        (QuestionKind::Multiple { options: o, answer }, Response::Choices(c)) => {
            check_range(c, o.len())?;
            Ok(grade_multiple(&answer.0, c, options.multi))
        }
        (QuestionKind::Judge { answer }, Response::Judge(b)) => {
            Ok(Grade::from_credit(f64::from(u8::from(answer == b))))
        }
        (QuestionKind::Fill { answer }, Response::Fill(texts)) => {
            let right = answer
                .iter()
                .enumerate()
                .filter(|(i, blank)| {
                    texts.get(*i).is_some_and(|t| {
                        let t = fold(t);
                        !t.is_empty() && blank.0.iter().any(|a| fold(a) == t)
                    })
                })
                .count();
            Ok(Grade::from_credit(
                right as f64 / answer.len().max(1) as f64,
            ))
        }
        (QuestionKind::Order { items, answer }, Response::Order(seq)) => {
            check_range(seq, items.len())?;
            Ok(grade_order(&answer.0, seq))
        }
        (
            QuestionKind::Match {
                left,
                right,
                answer,
            },
            Response::Match(pairs),
        ) => {
            let chosen: Vec<u8> = pairs.iter().flatten().copied().collect();
            check_range(&chosen, right.len())?;
            let ok = answer
                .0
                .iter()
                .zip(pairs)
                .filter(|(a, p)| Some(**a) == **p)
                .count();
            Ok(Grade::from_credit(ok as f64 / left.len().max(1) as f64))
        }
        _ => Err(wrong_kind()),
    }
}

fn grade_multiple(key: &[u8], chosen: &[u8], policy: MultiPolicy) -> Grade {
    grade_multiple_mask(mask(key), mask(chosen), policy)
}

/// The set of option indexes as a bit mask (bit `i` for option `i`; options beyond A–H are
/// ignored, as banks never have them).
fn mask(indexes: &[u8]) -> u8 {
    indexes
        .iter()
        .filter(|&&i| i < 8)
        .fold(0u8, |m, &i| m | (1 << i))
}

/// Grades a multiple-choice answer given as bit masks of option indexes (bit `i` for option
/// `i`, authored order): the same rule as [`grade`], for scorers that keep keys as masks.
///
/// ```
/// use kaotang::grade::{grade_multiple_mask, MultiPolicy};
/// // Key ACD, chosen AC: 少选 earns 2/3 under the partial policy.
/// let g = grade_multiple_mask(0b1101, 0b0101, MultiPolicy::Partial);
/// assert!((g.credit - 2.0 / 3.0).abs() < 1e-9 && !g.correct);
/// ```
pub fn grade_multiple_mask(key: u8, chosen: u8, policy: MultiPolicy) -> Grade {
    let hits = f64::from((chosen & key).count_ones());
    let misses = f64::from((chosen & !key).count_ones());
    let exact = chosen == key;
    let share = hits / f64::from(key.count_ones().max(1));
    let credit = match policy {
        _ if exact => 1.0,
        MultiPolicy::AllOrNothing => 0.0,
        MultiPolicy::Partial if misses > 0.0 => 0.0,
        MultiPolicy::Partial => share,
        MultiPolicy::Deduct { per_wrong } => share - per_wrong.max(0.0) * misses,
    };
    // Only the exact key is correct, whatever the policy; partial credit stays below 1.
    Grade {
        credit: if exact {
            1.0
        } else {
            credit.clamp(0.0, 1.0).min(0.999_999)
        },
        correct: exact,
    }
}

fn grade_order(key: &[u8], seq: &[u8]) -> Grade {
    if seq == key {
        return Grade {
            credit: 1.0,
            correct: true,
        };
    }
    // Rank of each item in the key, then the longest increasing run of ranks in the response.
    let mut rank = [usize::MAX; 256];
    for (r, &item) in key.iter().enumerate() {
        rank[usize::from(item)] = r;
    }
    let mut tails: Vec<usize> = Vec::new();
    let mut seen = [false; 256];
    for &item in seq {
        let r = rank[usize::from(item)];
        if r == usize::MAX || std::mem::replace(&mut seen[usize::from(item)], true) {
            continue;
        }
        match tails.binary_search(&r) {
            Ok(_) => {}
            Err(p) if p == tails.len() => tails.push(r),
            Err(p) => tails[p] = r,
        }
    }
    let n = key.len();
    let credit = if n <= 1 {
        0.0
    } else {
        tails.len().saturating_sub(1) as f64 / (n - 1) as f64
    };
    Grade {
        credit: credit.min(0.999_999),
        correct: false,
    }
}

/// Reads a typed answer (`B`, `ACD`, `对`, `T`, `遵义；张闻天`, `BCAD`) into a [`Response`].
///
/// ```
/// use kaotang::grade::{parse_response, Response};
/// # let q: kaotang::bank::Question = serde_json::from_value(serde_json::json!({
/// #   "id": "q1", "type": "judge", "stem": "遵义会议在1935年召开。", "answer": true,
/// #   "explanation": "1935年1月。", "period": "新民主主义革命时期", "difficulty": 1,
/// #   "source": { "ref": "jianshi" }
/// # })).unwrap();
/// assert_eq!(parse_response(&q, "对").unwrap(), Response::Judge(true));
/// // What an older learner may type for "false".
/// assert_eq!(parse_response(&q, "不对").unwrap(), Response::Judge(false));
/// assert_eq!(parse_response(&q, "F").unwrap(), Response::Judge(false));
/// ```
pub fn parse_response(question: &Question, input: &str) -> Result<Response, GradeError> {
    let t = question.qtype();
    let input = input.trim();
    let unreadable = || GradeError::Unreadable {
        input: input.to_owned(),
        hint: answer_hint(t),
    };
    if input.is_empty() {
        return Err(unreadable());
    }
    let letters = || {
        Letters::parse(input)
            .filter(|l| !l.0.is_empty())
            .ok_or_else(unreadable)
    };
    match &question.kind {
        QuestionKind::Single { options, .. } | QuestionKind::Multiple { options, .. } => {
            let l = letters()?;
            if t == QuestionType::Single && l.0.len() != 1 {
                return Err(unreadable());
            }
            check_range(&l.0, options.len())?;
            Ok(Response::Choices(l.0))
        }
        QuestionKind::Judge { .. } => match fold(input).as_str() {
            "对" | "正确" | "是" | "t" | "true" | "y" | "yes" | "√" | "✓" | "✔" | "1" => {
                Ok(Response::Judge(true))
            }
            "错" | "错误" | "否" | "不对" | "不是" | "不正确" | "f" | "false" | "n" | "no"
            | "×" | "✗" | "✘" | "x" | "0" => Ok(Response::Judge(false)),
            _ => Err(unreadable()),
        },
        QuestionKind::Fill { answer } => {
            let parts: Vec<String> = if answer.len() == 1 {
                vec![input.to_owned()]
            } else {
                input
                    .split(['；', ';', '|', '｜'])
                    .map(|s| s.trim().to_owned())
                    .collect()
            };
            Ok(Response::Fill(parts))
        }
        QuestionKind::Order { items, .. } => {
            let l = letters()?;
            check_range(&l.0, items.len())?;
            Ok(Response::Order(l.0))
        }
        QuestionKind::Match { right, .. } => {
            let l = letters()?;
            check_range(&l.0, right.len())?;
            Ok(Response::Match(l.0.into_iter().map(Some).collect()))
        }
    }
}

/// Reads an answer a learner typed, as [`parse_response`] does, but refuses one that does
/// not fit the question's shape so that it is asked again instead of graded: an order that
/// uses a letter twice or leaves one out, a match with the wrong number of letters (or a
/// right item used twice when the key uses each once), a fill-in with the wrong number of
/// blanks. Blanks may be separated by ；;，,、| or spaces. (Answer sheets of a contest are
/// read with the lenient [`parse_response`]: a sheet is graded as written.)
///
/// ```
/// use kaotang::grade::{parse_answer, GradeError};
/// # let q: kaotang::bank::Question = serde_json::from_value(serde_json::json!({
/// #   "id": "q1", "type": "order", "stem": "按时间先后排列。", "items": ["中共一大", "遵义会议", "开国大典"],
/// #   "answer": "ABC", "explanation": "依次。", "period": "新民主主义革命时期", "difficulty": 1,
/// #   "source": { "ref": "jianshi" }
/// # })).unwrap();
/// assert!(parse_answer(&q, "CAB").is_ok());
/// assert!(matches!(parse_answer(&q, "AAB"), Err(GradeError::Incomplete { .. })));
/// assert!(matches!(parse_answer(&q, "AB"), Err(GradeError::Incomplete { .. })));
/// ```
pub fn parse_answer(question: &Question, input: &str) -> Result<Response, GradeError> {
    let input = input.trim();
    let incomplete = |expected: String| GradeError::Incomplete {
        input: input.to_owned(),
        expected,
    };
    let has_repeats = |v: &[u8]| {
        let mut s = v.to_vec();
        s.sort_unstable();
        s.windows(2).any(|w| w[0] == w[1])
    };
    match &question.kind {
        QuestionKind::Fill { answer } if answer.len() > 1 => {
            let parts: Vec<String> = input
                .split(['；', ';', '，', ',', '、', '|', '｜', ' ', '\u{3000}', '\t'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if parts.len() != answer.len() {
                return Err(incomplete(format!(
                    "这道题有 {} 个空，收到 {} 个；用；、，或空格分隔",
                    answer.len(),
                    parts.len()
                )));
            }
            Ok(Response::Fill(parts))
        }
        QuestionKind::Order { items, .. } => {
            let r = parse_response(question, input)?;
            match &r {
                Response::Order(o) if o.len() == items.len() && !has_repeats(o) => Ok(r),
                _ => Err(incomplete(format!(
                    "排序题要把 A–{} 每个字母各用一次，如 {}",
                    letter(items.len().saturating_sub(1)),
                    (0..items.len()).rev().map(letter).collect::<String>()
                ))),
            }
        }
        QuestionKind::Match {
            left,
            right,
            answer,
        } => {
            let r = parse_response(question, input)?;
            let fits = |m: &[Option<u8>]| {
                let letters: Vec<u8> = m.iter().flatten().copied().collect();
                m.len() == left.len() && (!has_repeats(&letters) || has_repeats(&answer.0))
            };
            match &r {
                Response::Match(m) if fits(m) => Ok(r),
                _ => Err(incomplete(format!(
                    "左列有 {} 项，请依次给出每项对应的右列字母（A–{}，每个字母只用一次）",
                    left.len(),
                    letter(right.len().saturating_sub(1))
                ))),
            }
        }
        _ => parse_response(question, input),
    }
}

fn check_range(idx: &[u8], n: usize) -> Result<(), GradeError> {
    match idx.iter().find(|&&i| usize::from(i) >= n) {
        Some(&i) => Err(GradeError::NoSuchOption(letter(usize::from(i)))),
        None => Ok(()),
    }
}

/// A response written out for a learner: letters with their text (`B. 嘉兴南湖`), 对/错, the
/// blanks, an order as `B. 遵义会议 → A. …`, pairs as `1—B. …`. Choices are joined by `；`.
///
/// ```
/// use kaotang::grade::{display_key, display_response, Response};
/// # let q: kaotang::bank::Question = serde_json::from_value(serde_json::json!({
/// #   "id": "q1", "type": "single", "stem": "中共一大在何处闭幕？", "options": ["上海", "嘉兴南湖"],
/// #   "answer": "B", "explanation": "嘉兴南湖。", "period": "新民主主义革命时期", "difficulty": 1,
/// #   "source": { "ref": "jianshi" }
/// # })).unwrap();
/// assert_eq!(display_key(&q), "B. 嘉兴南湖");
/// assert_eq!(display_response(&q, &Response::Choices(vec![0])), "A. 上海");
/// ```
pub fn display_response(question: &Question, response: &Response) -> String {
    let lettered = |texts: &[String], i: u8| {
        format!(
            "{}. {}",
            letter(usize::from(i)),
            texts.get(usize::from(i)).map_or("", String::as_str)
        )
    };
    match (&question.kind, response) {
        (
            QuestionKind::Single { options, .. } | QuestionKind::Multiple { options, .. },
            Response::Choices(c),
        ) => c
            .iter()
            .map(|&i| lettered(options, i))
            .collect::<Vec<_>>()
            .join("；"),
        (QuestionKind::Order { items, .. }, Response::Order(o)) => o
            .iter()
            .map(|&i| lettered(items, i))
            .collect::<Vec<_>>()
            .join(" → "),
        (QuestionKind::Match { right, .. }, Response::Match(m)) => m
            .iter()
            .enumerate()
            .map(|(k, r)| match r {
                Some(i) => format!("{}—{}", k + 1, lettered(right, *i)),
                None => format!("{}—（空）", k + 1),
            })
            .collect::<Vec<_>>()
            .join("；"),
        (_, Response::Judge(b)) => (if *b { "对" } else { "错" }).to_owned(),
        (_, Response::Fill(blanks)) => blanks.join("；"),
        // A response of another type than the question (from an edited bank): as stored.
        (_, Response::Choices(c) | Response::Order(c)) => {
            c.iter().map(|&i| letter(usize::from(i))).collect()
        }
        (_, Response::Match(m)) => m
            .iter()
            .map(|r| r.map_or('-', |i| letter(usize::from(i))))
            .collect(),
    }
}

/// The key written out for a learner ([`display_response`] of [`key_response`]); a fill-in
/// blank shows its first accepted answer.
pub fn display_key(question: &Question) -> String {
    display_response(question, &key_response(question))
}

/// The response that earns full credit.
pub fn key_response(question: &Question) -> Response {
    match &question.kind {
        QuestionKind::Single { answer, .. } | QuestionKind::Multiple { answer, .. } => {
            Response::Choices(answer.0.clone())
        }
        QuestionKind::Judge { answer } => Response::Judge(*answer),
        QuestionKind::Fill { answer } => Response::Fill(
            answer
                .iter()
                .map(|b| b.0.first().cloned().unwrap_or_default())
                .collect(),
        ),
        QuestionKind::Order { answer, .. } => Response::Order(answer.0.clone()),
        QuestionKind::Match { answer, .. } => {
            Response::Match(answer.0.iter().copied().map(Some).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(json: serde_json::Value) -> Question {
        let mut base = serde_json::json!({
            "id": "q", "stem": "题干。", "explanation": "解析。",
            "period": "新民主主义革命时期", "difficulty": 1, "source": { "ref": "js" }
        });
        if let (Some(b), Some(extra)) = (base.as_object_mut(), json.as_object()) {
            b.extend(extra.clone());
        }
        serde_json::from_value(base).unwrap()
    }

    #[test]
    fn a_learners_answer_that_does_not_fit_is_refused_not_graded() {
        let fill = question(serde_json::json!({
            "type": "fill", "answer": ["遵义", "张闻天"]
        }));
        for typed in [
            "遵义；张闻天",
            "遵义;张闻天",
            "遵义，张闻天",
            "遵义、张闻天",
            "遵义 张闻天",
            " 遵义 ， 张闻天 ",
        ] {
            assert_eq!(
                parse_answer(&fill, typed).unwrap(),
                Response::Fill(vec!["遵义".into(), "张闻天".into()]),
                "{typed}"
            );
        }
        let e = parse_answer(&fill, "遵义").unwrap_err();
        assert_eq!(
            e.to_string(),
            "答案“遵义”不合要求：这道题有 2 个空，收到 1 个；用；、，或空格分隔"
        );
        let matching = question(serde_json::json!({
            "type": "match", "left": ["甲", "乙", "丙"], "right": ["子", "丑", "寅", "卯"], "answer": "BAC"
        }));
        assert!(parse_answer(&matching, "CAB").is_ok());
        for bad in ["CA", "CABD", "CCA"] {
            assert!(
                matches!(
                    parse_answer(&matching, bad),
                    Err(GradeError::Incomplete { .. })
                ),
                "{bad}"
            );
        }
        assert_eq!(
            parse_answer(&matching, "CAE"),
            Err(GradeError::NoSuchOption('E'))
        );
        // A sheet is still read as written (lenient), for contest scoring.
        assert!(parse_response(&matching, "CA").is_ok());
    }
}
