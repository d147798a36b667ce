//! 党史上的今天 and 每日一题: the events on a month-day across the years, and one question tied
//! to one of them, the same for every learner on that date.

use serde::{Deserialize, Serialize};

use super::{Mode, QuizSession};
use crate::bank::{BankSet, Event, QuestionId};
use crate::rng::SeedRng;
use crate::time::Date;

/// What was shown instead when the date itself has nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fallback", rename_all = "snake_case")]
pub enum Fallback {
    /// Events on the date itself.
    None,
    /// No event on the date: the events of the nearest month-day that has some (later days
    /// first on a tie).
    NearestDay {
        /// Month of the day shown.
        month: u8,
        /// Day of the day shown.
        day: u8,
    },
    /// No events in the banks at all: only a question.
    NoEvents,
}

/// 党史上的今天 and 每日一题 for one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Today {
    /// The date asked for.
    pub date: Date,
    /// Events on the day shown, oldest first.
    pub events: Vec<Event>,
    /// Whether the day shown is another one.
    pub fallback: Fallback,
    /// 每日一题: a question about one of the events (one with that event date, else one
    /// carrying the events' most specific tag, else any question).
    pub question: Option<QuestionId>,
    /// Index into `events` of the event the question is tied to.
    pub event: Option<usize>,
}

impl Today {
    /// Whether the learner already answered the question of the day on its date (in any
    /// mode): it is then not asked again, and earns nothing twice.
    pub fn answered(&self, state: &super::LearnerState) -> bool {
        self.question
            .as_ref()
            .and_then(|id| state.card(id))
            .and_then(|c| c.last_seen)
            .is_some_and(|t| t.date() == self.date)
    }

    /// A one-question session for 每日一题 (no effect on the schedule).
    pub fn session(&self) -> QuizSession {
        QuizSession::new(Mode::Today, self.question.iter().cloned().collect(), false)
    }
}

/// The nearest month-day with events to `(month, day)`, looking up to half a year each way.
fn nearest_day(banks: &BankSet, date: Date) -> Option<(u8, u8)> {
    // A leap year so that 02-29 is a month-day like any other.
    let anchor = Date::new(2000, date.month(), date.day())?;
    (1..=183).find_map(|k| {
        [k, -k].into_iter().find_map(|offset| {
            let d = anchor.add_days(offset);
            // Wrap around the year end within the leap year.
            let d = Date::new(2000, d.month(), d.day())?;
            banks
                .events_on(d.month(), d.day())
                .next()
                .map(|_| d.month_day())
        })
    })
}

/// 党史上的今天 and 每日一题 for `date`, seeded by the date alone.
///
/// ```
/// # let yaml = r#"
/// # bank: { id: demo, title: 示例, sources: [{ id: jianshi, title: 中国共产党简史 }] }
/// # questions:
/// #   - { id: d1, type: judge, stem: 开国大典在1949年10月1日举行。, answer: true, explanation: 对。, period: 社会主义革命和建设时期, difficulty: 1, source: { ref: jianshi }, event_date: 1949-10-01 }
/// # events:
/// #   - { date: 1949-10-01, title: 开国大典, summary: 中华人民共和国中央人民政府成立。, source: { ref: jianshi } }
/// # "#;
/// let banks = kaotang::bank::BankSet::load(&[("demo.yaml", yaml)])?;
/// let day: kaotang::time::Date = "2026-10-01".parse()?;
/// let t = kaotang::study::today(&banks, day);
/// assert_eq!(t.events[0].title, "开国大典");
/// assert_eq!(t.question.unwrap().0, "d1");
/// let t = kaotang::study::today(&banks, "2026-10-03".parse()?);
/// assert_eq!(t.fallback, kaotang::study::Fallback::NearestDay { month: 10, day: 1 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn today(banks: &BankSet, date: Date) -> Today {
    // A day without events of its own shows a nearby day's events; its question must not
    // repeat the question of any day since the last day with events (the same pool would
    // often give the same one). Walk forward from that day, excluding what was asked.
    let has_events = |d: Date| banks.events_on(d.month(), d.day()).next().is_some();
    let mut asked: Vec<usize> = Vec::new();
    if !has_events(date) {
        let mut start = date.add_days(-1);
        // Within half a year (the reach of the nearest-day fallback).
        for _ in 0..183 {
            if has_events(start) {
                break;
            }
            start = start.add_days(-1);
        }
        let mut d = start;
        while d < date {
            let (_, chosen) = draw(banks, d, &asked);
            asked.extend(chosen);
            d = d.add_days(1);
        }
    }
    draw(banks, date, &asked).0
}

/// 党史上的今天 for `date`, with a question not among `asked` (when another is available), and
/// the question's index.
fn draw(banks: &BankSet, date: Date, asked: &[usize]) -> (Today, Option<usize>) {
    let (fallback, (month, day)) = if banks.events_on(date.month(), date.day()).next().is_some() {
        (Fallback::None, date.month_day())
    } else {
        match nearest_day(banks, date) {
            Some((m, d)) => (Fallback::NearestDay { month: m, day: d }, (m, d)),
            None => (Fallback::NoEvents, date.month_day()),
        }
    };
    let events: Vec<Event> = banks.events_on(month, day).cloned().collect();
    let mut rng = SeedRng::derived(date.days_since_epoch() as u64, "today", "");
    let questions = banks.questions();
    let dated: Vec<usize> = (0..questions.len())
        .filter(|&i| {
            questions[i]
                .event_date
                .is_some_and(|d| d.month_day() == (month, day))
        })
        .collect();
    let tagged: Vec<usize> = if dated.is_empty() {
        // The day's most specific tag (carried by the fewest questions) ties the question closest
        // to the events: a generic tag such as 人物 would match almost any question.
        let carriers = |t: &String| questions.iter().filter(|q| q.tags.contains(t)).count();
        let tag = events
            .iter()
            .flat_map(|e| e.tags.iter())
            .map(|t| (carriers(t), t))
            .filter(|&(n, _)| n > 0)
            .min();
        match tag {
            Some((_, tag)) => (0..questions.len())
                .filter(|&i| questions[i].tags.contains(tag))
                .collect(),
            None => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let pick = |pool: &[usize], rng: &mut SeedRng| {
        let fresh: Vec<usize> = pool
            .iter()
            .copied()
            .filter(|i| !asked.contains(i))
            .collect();
        fresh.get(rng.index(fresh.len())).copied()
    };
    let everything: Vec<usize> = (0..questions.len()).collect();
    let chosen = pick(&dated, &mut rng)
        .or_else(|| pick(&tagged, &mut rng))
        .or_else(|| pick(&everything, &mut rng))
        .or_else(|| (!questions.is_empty()).then(|| rng.index(questions.len())));
    let question = chosen.and_then(|i| questions.get(i));
    let event = question.and_then(|q| {
        events
            .iter()
            .position(|e| Some(e.date) == q.event_date)
            .or_else(|| {
                events
                    .iter()
                    .position(|e| e.tags.iter().any(|t| q.tags.contains(t)))
            })
    });
    let today = Today {
        date,
        events,
        fallback,
        question: question.map(|q| q.id.clone()),
        event,
    };
    (today, chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BANK: &str = r#"
bank: { id: t, title: 测试, sources: [{ id: js, title: 简史 }] }
questions:
  - { id: p1, type: judge, stem: 人物一。, answer: true, explanation: 对。, period: 新民主主义革命时期, difficulty: 1, source: { ref: js }, tags: [人物] }
  - { id: p2, type: judge, stem: 人物二。, answer: true, explanation: 对。, period: 新民主主义革命时期, difficulty: 1, source: { ref: js }, tags: [人物] }
  - { id: p3, type: judge, stem: 人物三。, answer: true, explanation: 对。, period: 新民主主义革命时期, difficulty: 1, source: { ref: js }, tags: [人物] }
  - { id: s1, type: judge, stem: 特区。, answer: true, explanation: 对。, period: 改革开放和社会主义现代化建设新时期, difficulty: 1, source: { ref: js }, tags: [人物, 经济特区] }
events:
  - { date: 2002-05-24, title: 某人逝世, summary: 一段足够长的事件说明文字，讲清楚这一天发生了什么。, tags: [人物, 经济特区], source: { ref: js } }
"#;

    #[test]
    fn without_a_dated_question_the_most_specific_tag_decides() {
        let banks = crate::bank::check(&[("t.yaml", BANK)]).set;
        // On every date the question carries 经济特区 (one question), not just 人物 (four).
        for year in 2020..2040 {
            let date = Date::new(year, 5, 24).unwrap();
            let t = today(&banks, date);
            assert_eq!(t.question.map(|q| q.0), Some("s1".to_string()), "{year}");
            assert_eq!(t.event, Some(0));
        }
    }
}
