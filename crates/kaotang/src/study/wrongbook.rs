//! 错题本: questions answered wrong, until answered right on enough different days.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::plan::curriculum_key;
use super::{LearnerState, Mode, QuizSession};
use crate::bank::{BankSet, Period, QuestionId};
use crate::time::Timestamp;

/// One question of the wrong book.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WrongEntry {
    /// The question.
    pub question: QuestionId,
    /// Its type (单选题 …).
    pub qtype: String,
    /// The stem.
    pub stem: String,
    /// The key written out, e.g. `B. 嘉兴南湖` ([`crate::grade::display_key`]).
    pub answer_text: String,
    /// 解析.
    pub explanation: String,
    /// Period.
    pub period: Period,
    /// Tags.
    pub tags: Vec<String>,
    /// Wrong answers so far.
    pub wrong: u32,
    /// Days with a correct answer since the last wrong one (it leaves the book at
    /// [`StudyConfig::wrong_book_exit`](super::StudyConfig::wrong_book_exit)).
    pub days_right: u32,
    /// When last answered wrong.
    pub last_wrong: Option<Timestamp>,
}

/// The wrong book of a learner, grouped by period and by tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WrongBook {
    /// Every entry, in curriculum order.
    pub entries: Vec<WrongEntry>,
    /// Indexes into `entries` per period.
    pub by_period: BTreeMap<Period, Vec<usize>>,
    /// Indexes into `entries` per tag.
    pub by_tag: BTreeMap<String, Vec<usize>>,
}

/// The learner's wrong book (questions no longer in the banks are left out).
pub fn wrong_book(banks: &BankSet, state: &LearnerState) -> WrongBook {
    let mut found: Vec<(usize, &super::Card)> = state
        .cards
        .iter()
        .filter(|(_, c)| c.wrong_book)
        .filter_map(|(id, c)| Some((banks.position(id)?, c)))
        .collect();
    found.sort_by_key(|&(p, _)| curriculum_key(banks, p));
    let mut book = WrongBook {
        entries: Vec::with_capacity(found.len()),
        by_period: BTreeMap::new(),
        by_tag: BTreeMap::new(),
    };
    for (pos, card) in found {
        let Some(q) = banks.questions().get(pos) else {
            continue;
        };
        let i = book.entries.len();
        book.by_period.entry(q.period).or_default().push(i);
        for t in &q.tags {
            book.by_tag.entry(t.clone()).or_default().push(i);
        }
        book.entries.push(WrongEntry {
            question: q.id.clone(),
            qtype: q.qtype().label().to_owned(),
            stem: q.stem.clone(),
            answer_text: crate::grade::display_key(q),
            explanation: q.explanation.clone(),
            period: q.period,
            tags: q.tags.clone(),
            wrong: card.answers - card.correct,
            days_right: card.wrong_book_days,
            last_wrong: card.last_wrong,
        });
    }
    book
}

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180).
fn csv_field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

impl WrongBook {
    /// CSV text with a Chinese header (题号,题型,题干,正确答案,解析,时期,标签,答错次数,
    /// 已答对天数,最近答错), tags joined by `、`, the last-wrong date as `YYYY-MM-DD`. Lines end
    /// with CRLF as Excel expects.
    ///
    /// ```
    /// # use kaotang::study::{WrongBook, WrongEntry};
    /// # use kaotang::bank::Period;
    /// let book = WrongBook {
    ///     entries: vec![WrongEntry {
    ///         question: "q1".into(), qtype: "单选题".into(), stem: "一大在哪一年召开？".into(),
    ///         answer_text: "B".into(), explanation: "1921年，上海。".into(),
    ///         period: Period::NewDemocraticRevolution, tags: vec!["建党".into()],
    ///         wrong: 2, days_right: 1, last_wrong: None,
    ///     }],
    ///     by_period: Default::default(), by_tag: Default::default(),
    /// };
    /// assert!(book.to_csv().ends_with("q1,单选题,一大在哪一年召开？,B,1921年，上海。,新民主主义革命时期,建党,2,1,\r\n"));
    /// ```
    pub fn to_csv(&self) -> String {
        let mut out =
            String::from("题号,题型,题干,正确答案,解析,时期,标签,答错次数,已答对天数,最近答错\r\n");
        for e in &self.entries {
            for (i, field) in [
                e.question.0.as_str(),
                &e.qtype,
                &e.stem,
                &e.answer_text,
                &e.explanation,
                e.period.name(),
                &e.tags.join("、"),
            ]
            .into_iter()
            .enumerate()
            {
                if i > 0 {
                    out.push(',');
                }
                csv_field(&mut out, field);
            }
            let last = e
                .last_wrong
                .map(|t| t.date().to_string())
                .unwrap_or_default();
            let _ = write!(out, ",{},{},{last}\r\n", e.wrong, e.days_right);
        }
        out
    }

    /// The wrong book as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A session over the wrong book (or over one group's `indexes`, e.g. from
    /// [`WrongBook::by_period`]); answers move the schedule.
    pub fn session(&self, indexes: Option<&[usize]>) -> QuizSession {
        let queue = match indexes {
            Some(ix) => ix
                .iter()
                .filter_map(|&i| self.entries.get(i))
                .map(|e| e.question.clone())
                .collect(),
            None => self.entries.iter().map(|e| e.question.clone()).collect(),
        };
        QuizSession::new(Mode::WrongBook, queue, true)
    }
}
