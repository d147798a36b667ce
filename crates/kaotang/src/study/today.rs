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

/// 党史上的今天 and 每日一题 for `date`, the same for everyone on that date.
///
/// The questions of a calendar year are drawn together, seeded by each date, so that no question
/// of the day comes back within the year while the banks have others: days with a question dated
/// to them choose first, then the other days with events (a question carrying their most
/// specific tag), then the days without events, which show the nearest day's events and take a
/// question of theirs nobody else in the year was asked (else any question not yet asked). The
/// last 31 days of a year also avoid the questions of the first 31 of the next. Only a bank too
/// small for a year of distinct questions repeats one, and then not on neighbouring days when
/// it can help it.
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
    let pools = Pools::new(banks);
    let year = date.year();
    let mut days = pools.year(year);
    let first = Date::new(year, 1, 1);
    let k = first.map_or(0, |f| usize::try_from(date.days_since(f)).unwrap_or(0));
    // The year's end keeps clear of the next year's start; the start is never changed, so each
    // year is settled against the next one alone.
    if k + SEAM_DAYS >= days.len() {
        let next = pools.year(year.saturating_add(1));
        pools.settle_end(&mut days, &next);
    }
    let chosen = days.get(k).and_then(|d| d.question);
    pools.today(date, chosen)
}

/// How many days at the end of a year keep clear of the questions of the next year's first
/// days.
const SEAM_DAYS: usize = 31;

/// The month-day whose events `date` shows, and why.
fn shown_day(banks: &BankSet, date: Date) -> (Fallback, (u8, u8)) {
    if banks.events_on(date.month(), date.day()).next().is_some() {
        (Fallback::None, date.month_day())
    } else {
        match nearest_day(banks, date) {
            Some((m, d)) => (Fallback::NearestDay { month: m, day: d }, (m, d)),
            None => (Fallback::NoEvents, date.month_day()),
        }
    }
}

/// One day of a year being drawn.
#[derive(Clone)]
struct Day {
    date: Date,
    fallback: Fallback,
    /// Questions dated to the day shown.
    dated: Vec<usize>,
    /// Questions carrying the shown events' most specific tag (when none is dated).
    tagged: Vec<usize>,
    question: Option<usize>,
}

/// The banks' questions grouped for drawing questions of the day.
struct Pools<'a> {
    banks: &'a BankSet,
    /// Questions by the month-day of their event date.
    dated: std::collections::HashMap<(u8, u8), Vec<usize>>,
}

impl<'a> Pools<'a> {
    fn new(banks: &'a BankSet) -> Self {
        let mut dated: std::collections::HashMap<(u8, u8), Vec<usize>> = Default::default();
        for (i, q) in banks.questions().iter().enumerate() {
            if let Some(d) = q.event_date {
                dated.entry(d.month_day()).or_default().push(i);
            }
        }
        Self { banks, dated }
    }

    fn day(&self, date: Date) -> Day {
        let (fallback, (month, day)) = shown_day(self.banks, date);
        let dated = self.dated.get(&(month, day)).cloned().unwrap_or_default();
        let tagged = if dated.is_empty() {
            // The day's most specific tag (carried by the fewest questions) ties the question
            // closest to the events: a generic tag such as 人物 would match almost any question.
            self.banks
                .events_on(month, day)
                .flat_map(|e| e.tags.iter())
                .map(|t| (self.banks.tagged(t).len(), t))
                .filter(|&(n, _)| n > 0)
                .min()
                .map(|(_, t)| self.banks.tagged(t).to_vec())
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        Day {
            date,
            fallback,
            dated,
            tagged,
            question: None,
        }
    }

    /// The questions of the days of `year`, drawn on their own (see [`today`]).
    fn year(&self, year: i32) -> Vec<Day> {
        let Some(first) = Date::new(year, 1, 1) else {
            return Vec::new();
        };
        let mut days: Vec<Day> = (0..366)
            .map(|k| first.add_days(k))
            .take_while(|d| d.year() == year)
            .map(|d| self.day(d))
            .collect();
        let mut asked = vec![false; self.banks.questions().len()];
        let rank = |d: &Day| match d.fallback {
            Fallback::None if !d.dated.is_empty() => 0,
            Fallback::None => 1,
            _ => 2,
        };
        let mut order: Vec<usize> = (0..days.len()).collect();
        order.sort_by_key(|&k| days.get(k).map_or(3, rank));
        for k in order {
            let q = self.draw(&days, k, &asked);
            if let Some(i) = q
                && let Some(a) = asked.get_mut(i)
            {
                *a = true;
            }
            if let Some(d) = days.get_mut(k) {
                d.question = q;
            }
        }
        days
    }

    /// Draws again, in date order, each of the last `SEAM_DAYS` days of `days` whose question
    /// is asked in the first days of `next` (the next year, drawn on its own).
    fn settle_end(&self, days: &mut Vec<Day>, next: &[Day]) {
        let len = days.len();
        let mut asked = vec![false; self.banks.questions().len()];
        let head: Vec<usize> = next
            .iter()
            .take(SEAM_DAYS)
            .filter_map(|d| d.question)
            .collect();
        for i in days.iter().filter_map(|d| d.question).chain(head.clone()) {
            if let Some(a) = asked.get_mut(i) {
                *a = true;
            }
        }
        days.extend(next.iter().take(SEAM_DAYS).cloned());
        for k in len.saturating_sub(SEAM_DAYS)..len {
            let clashes = days
                .get(k)
                .and_then(|d| d.question)
                .is_some_and(|q| head.contains(&q));
            if clashes {
                let q = self.draw(days, k, &asked);
                if let Some(i) = q
                    && let Some(a) = asked.get_mut(i)
                {
                    *a = true;
                }
                if let Some(d) = days.get_mut(k) {
                    d.question = q;
                }
            }
        }
        days.truncate(len);
    }

    /// A question for `days[k]`, seeded by its date: one not `asked` this year from the day's
    /// own pools, else (a day with events keeps to its events) one of them not asked on the
    /// days around, else any question not asked, else any not asked around, else any.
    fn draw(&self, days: &[Day], k: usize, asked: &[bool]) -> Option<usize> {
        let day = days.get(k)?;
        let all = self.banks.questions().len();
        if all == 0 {
            return None;
        }
        let mut rng = SeedRng::derived(day.date.days_since_epoch() as u64, "today", "");
        let is_asked = |i: usize| asked.get(i).copied().unwrap_or(false);
        // Questions asked within `w` days of day `k` (either side).
        let near = |w: usize| -> Vec<usize> {
            days.iter()
                .enumerate()
                .filter(|&(j, _)| j != k && j.abs_diff(k) <= w)
                .filter_map(|(_, d)| d.question)
                .collect()
        };
        let (month, week, around) = (near(30), near(7), near(1));
        let everything: Vec<usize> = (0..all).collect();
        // Each try: a pool, and the questions it must avoid (`None`: those asked this year).
        let mut tries: Vec<(&[usize], Option<&[usize]>)> =
            vec![(&day.dated, None), (&day.tagged, None)];
        if day.fallback == Fallback::None {
            tries.push((&day.dated, Some(&week)));
            tries.push((&day.tagged, Some(&week)));
        }
        tries.push((&everything, None));
        tries.push((&everything, Some(&month)));
        tries.push((&everything, Some(&around)));
        for (pool, avoid) in tries {
            let fresh: Vec<usize> = pool
                .iter()
                .copied()
                .filter(|i| avoid.map_or(!is_asked(*i), |a| !a.contains(i)))
                .collect();
            if !fresh.is_empty() {
                return fresh.get(rng.index(fresh.len())).copied();
            }
        }
        Some(rng.index(all))
    }

    /// The day's 党史上的今天 with `chosen` as its question.
    fn today(&self, date: Date, chosen: Option<usize>) -> Today {
        let (fallback, (month, day)) = shown_day(self.banks, date);
        let events: Vec<Event> = self.banks.events_on(month, day).cloned().collect();
        let question = chosen.and_then(|i| self.banks.questions().get(i));
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
        Today {
            date,
            events,
            fallback,
            question: question.map(|q| q.id.clone()),
            event,
        }
    }
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
