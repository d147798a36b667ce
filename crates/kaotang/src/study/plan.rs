//! The daily plan (每日答题): due reviews most at risk first, new questions in curriculum
//! order, interleaved; learn-ahead and cram sessions that leave the schedule alone.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::{Card, LearnerState, Mode, QuizSession, Study};
use crate::bank::{BankSet, QuestionFilter, QuestionId};
use crate::schedule::Phase;
use crate::time::{Date, Timestamp};

/// Which kind of session a plan is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanKind {
    /// 每日答题: what is due, plus new questions. Answers move the schedule.
    #[default]
    Due,
    /// 提前学习: questions due within the next `days` days, soonest first. Answers are logged
    /// but do not move the schedule.
    LearnAhead {
        /// How far ahead, in days.
        days: u32,
    },
    /// 突击复习: every question in scope, lowest predicted recall first (unseen ones first).
    /// Answers are logged but do not move the schedule.
    Cram,
}

/// Settings of the daily plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DailyPlanSettings {
    /// New questions per day (default 20); those already introduced today count.
    pub new_per_day: u32,
    /// Scheduled reviews per day (default 200); those already done today count. Also the
    /// length of learn-ahead and cram sessions.
    pub review_cap: u32,
    /// When set, a graduated question is also due once its predicted recall falls below this
    /// (used by the deadline plan to raise retention as the date nears). Default none: the
    /// scheduler's due dates alone.
    pub desired_retention: Option<f64>,
    /// Which questions (periods, tags, banks, types, difficulty).
    pub filter: QuestionFilter,
    /// Due (default), learn-ahead or cram.
    pub kind: PlanKind,
}

impl Default for DailyPlanSettings {
    fn default() -> Self {
        Self {
            new_per_day: 20,
            review_cap: 200,
            desired_retention: None,
            filter: QuestionFilter::default(),
            kind: PlanKind::Due,
        }
    }
}

/// Why a question is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A due review.
    Review,
    /// A due question of the wrong book.
    WrongBook,
    /// A question never scheduled.
    New,
    /// Not due (learn-ahead, cram).
    Extra,
}

/// One question of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlanItem {
    /// The question.
    pub question: QuestionId,
    /// Why it is in the plan.
    pub kind: ItemKind,
    /// Predicted recall now (0 for a new question).
    pub retrievability: f64,
}

/// An ordered queue of questions for one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DailyPlan {
    /// The day.
    pub date: Date,
    /// The mode the answers are logged under.
    pub mode: Mode,
    /// Whether answers move the schedule.
    pub scheduled: bool,
    /// The queue, in order.
    pub items: Vec<PlanItem>,
    /// Questions due in scope before the cap (reviews and wrong book).
    pub due: usize,
    /// New questions in scope never scheduled.
    pub new_available: usize,
}

impl DailyPlan {
    /// A session over the plan's queue.
    pub fn session(&self) -> QuizSession {
        QuizSession::new(
            self.mode,
            self.items.iter().map(|i| i.question.clone()).collect(),
            self.scheduled,
        )
    }
}

/// Every question with its card (if any), in id order: one merge-join of the id-sorted card
/// map with the banks' id index, with no per-question lookups.
pub(crate) fn joined<'a>(
    banks: &'a BankSet,
    state: &'a LearnerState,
) -> impl Iterator<Item = (usize, Option<&'a Card>)> + 'a {
    let questions = banks.questions();
    let mut cards = state.cards.iter().peekable();
    banks.positions_by_id().filter_map(move |pos| {
        let id = &questions.get(pos)?.id;
        // Skip cards of questions no longer in the banks.
        while cards
            .next_if(|(cid, _)| id_cmp(&cid.0, &id.0) == Ordering::Less)
            .is_some()
        {}
        let card = cards.next_if(|(cid, _)| id_cmp(&cid.0, &id.0) == Ordering::Equal);
        Some((pos, card.map(|(_, c)| c)))
    })
}

/// The byte order of two ids (`str`'s order), eight bytes at a time: the join above compares
/// every id, and WebAssembly's `memcmp` goes a byte at a time (it was a third of the npm
/// package's daily plan).
fn id_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len().min(b.len());
    let (a8, b8) = (a.get(..n).unwrap_or(&[]), b.get(..n).unwrap_or(&[]));
    let (mut wa, mut wb) = (a8.chunks_exact(8), b8.chunks_exact(8));
    for (x, y) in (&mut wa).zip(&mut wb) {
        let (mut p, mut q) = ([0u8; 8], [0u8; 8]);
        p.copy_from_slice(x);
        q.copy_from_slice(y);
        if p != q {
            return u64::from_be_bytes(p).cmp(&u64::from_be_bytes(q));
        }
    }
    for (x, y) in wa.remainder().iter().zip(wb.remainder()) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// The curriculum order of new questions: through the century (period), easier first, then
/// bank order.
pub(crate) fn curriculum_key(banks: &BankSet, pos: usize) -> (u8, u8, usize) {
    banks
        .questions()
        .get(pos)
        .map_or((u8::MAX, u8::MAX, pos), |q| {
            (q.period as u8, q.difficulty, pos)
        })
}

/// Keeps the `n` smallest items by `cmp`, sorted. Linear selection, then a sort of `n`.
fn smallest<T>(items: &mut Vec<T>, n: usize, cmp: impl Fn(&T, &T) -> Ordering) {
    if items.len() > n {
        if n == 0 {
            items.clear();
            return;
        }
        items.select_nth_unstable_by(n - 1, &cmp);
        items.truncate(n);
    }
    items.sort_unstable_by(cmp);
}

/// Interleaves `news` evenly among `reviews`, keeping each list's order.
fn interleave<T>(reviews: Vec<T>, news: Vec<T>) -> Vec<T> {
    let total = reviews.len() + news.len();
    let n = news.len();
    let mut out = Vec::with_capacity(total);
    let (mut r, mut w) = (reviews.into_iter(), news.into_iter());
    let mut taken = 0;
    for k in 0..total {
        // The j-th new item sits at about (j + ½) · total / n.
        let take_new = taken < n && k >= (2 * taken + 1) * total / (2 * n);
        let item = if take_new {
            taken += 1;
            w.next()
        } else {
            r.next().or_else(|| {
                taken += 1;
                w.next()
            })
        };
        out.extend(item);
    }
    out
}

/// The plan for the day of `now`.
///
/// For [`PlanKind::Due`]: the due reviews and wrong-book items (most at risk, i.e. lowest
/// predicted recall, first; at most the review cap less today's reviews), and new questions
/// in curriculum order (at most the daily number less today's), new ones spread evenly among
/// the reviews. A question of the wrong book that was never scheduled (answered wrong in a
/// challenge, say) is due the day after it was last answered. Identical inputs give the
/// identical plan; no question appears twice.
pub fn daily_plan(
    study: &Study,
    banks: &BankSet,
    state: &LearnerState,
    now: Timestamp,
    settings: &DailyPlanSettings,
) -> DailyPlan {
    let date = now.date();
    // The day's bounds, so that cards compare instants rather than convert each to a date.
    let (today, tomorrow) = (date.start(), date.start().add_secs(86_400));
    let day = state.day(date);
    let in_scope = |pos: usize| settings.filter.matches(banks, pos);
    let mut reviews: Vec<(f64, usize, ItemKind)> = Vec::new();
    let mut news: Vec<((u8, u8, usize), usize)> = Vec::new();
    let (mode, scheduled, cap) = match settings.kind {
        PlanKind::Due => (
            Mode::Daily,
            true,
            settings.review_cap.saturating_sub(day.reviews),
        ),
        PlanKind::LearnAhead { .. } => (Mode::LearnAhead, false, settings.review_cap),
        PlanKind::Cram => (Mode::Cram, false, settings.review_cap),
    };
    for (pos, card) in joined(banks, state) {
        let scheduled_card = card.filter(|c| c.schedule.reps > 0);
        match (settings.kind, scheduled_card) {
            (PlanKind::Due, None) => {
                if !in_scope(pos) {
                    continue;
                }
                match card {
                    Some(c) if c.wrong_book => {
                        if c.last_seen.is_none_or(|t| t < today) {
                            reviews.push((0.0, pos, ItemKind::WrongBook));
                        }
                    }
                    _ => news.push((curriculum_key(banks, pos), pos)),
                }
            }
            (PlanKind::Due, Some(c)) => {
                let s = &c.schedule;
                let graduated = s.phase == Phase::Review;
                let due_now = s.due <= now;
                if !(due_now || graduated && settings.desired_retention.is_some()) {
                    continue;
                }
                if !in_scope(pos) {
                    continue;
                }
                let r = study.retrievability(c, now);
                let below = settings
                    .desired_retention
                    .is_some_and(|target| graduated && r < target);
                // Not twice on one day through the retention rule.
                let seen_today = c.last_seen.is_some_and(|t| today <= t && t < tomorrow);
                if due_now || (below && !seen_today) {
                    let kind = if c.wrong_book {
                        ItemKind::WrongBook
                    } else {
                        ItemKind::Review
                    };
                    reviews.push((r, pos, kind));
                }
            }
            (PlanKind::LearnAhead { days }, Some(c)) => {
                let horizon = date.add_days(i64::from(days) + 1).start();
                if c.schedule.due > now && c.schedule.due < horizon && in_scope(pos) {
                    // Sorted by due instant: the key is seconds, exact in f64.
                    reviews.push((c.schedule.due.0 as f64, pos, ItemKind::Extra));
                }
            }
            (PlanKind::LearnAhead { .. }, None) => {}
            (PlanKind::Cram, c) => {
                if in_scope(pos) {
                    let r = c.map_or(0.0, |c| study.retrievability(c, now));
                    reviews.push((r, pos, ItemKind::Extra));
                }
            }
        }
    }
    let due = reviews.len();
    let new_available = news.len();
    let by_risk = |a: &(f64, usize, ItemKind), b: &(f64, usize, ItemKind)| {
        a.0.total_cmp(&b.0)
            .then_with(|| curriculum_key(banks, a.1).cmp(&curriculum_key(banks, b.1)))
    };
    smallest(&mut reviews, cap as usize, by_risk);
    let new_room = match settings.kind {
        PlanKind::Due => settings.new_per_day.saturating_sub(day.new) as usize,
        _ => 0,
    };
    smallest(&mut news, new_room, |a, b| a.0.cmp(&b.0));
    let questions = banks.questions();
    let item = |pos: usize, kind: ItemKind, retrievability: f64| {
        questions.get(pos).map(|q| PlanItem {
            question: q.id.clone(),
            kind,
            retrievability,
        })
    };
    let reviews: Vec<PlanItem> = reviews
        .into_iter()
        .filter_map(|(r, pos, kind)| {
            let r = if matches!(settings.kind, PlanKind::LearnAhead { .. }) {
                state
                    .card(&questions.get(pos)?.id)
                    .map_or(0.0, |c| study.retrievability(c, now))
            } else {
                r
            };
            item(pos, kind, r)
        })
        .collect();
    let news: Vec<PlanItem> = news
        .into_iter()
        .filter_map(|(_, pos)| item(pos, ItemKind::New, 0.0))
        .collect();
    DailyPlan {
        date,
        mode,
        scheduled,
        items: interleave(reviews, news),
        due,
        new_available,
    }
}

#[cfg(test)]
mod tests {
    use super::interleave;

    #[test]
    fn interleave_spreads_new_items() {
        let out = interleave(vec!['r'; 6], vec!['n'; 2]);
        assert_eq!(out.iter().collect::<String>(), "rrnrrrnr");
        assert_eq!(interleave(vec!['r'; 0], vec!['n'; 2]), vec!['n', 'n']);
        assert_eq!(interleave(vec!['r'; 2], vec!['n'; 0]), vec!['r', 'r']);
        assert_eq!(
            interleave(vec!['r'; 1], vec!['n'; 3])
                .iter()
                .collect::<String>(),
            "nrnn"
        );
    }

    proptest::proptest! {
        #[test]
        fn ids_compare_as_strings(a in "[a-z0-9é-]{0,20}", b in "[a-z0-9é-]{0,20}") {
            proptest::prop_assert_eq!(super::id_cmp(&a, &b), a.cmp(&b));
            let c = format!("{a}{b}");
            proptest::prop_assert_eq!(super::id_cmp(&c, &a), c.cmp(&a));
            proptest::prop_assert_eq!(super::id_cmp(&a, &a), std::cmp::Ordering::Equal);
        }
    }
}
