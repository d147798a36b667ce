//! Learner state: cards, the day log, and the append-only log of entries it is folded from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Mode, Study, StudyError};
use crate::bank::QuestionId;
use crate::grade::Response;
use crate::rng::derive_seed;
use crate::schedule::{CardSchedule, Rating, Scheduler};
use crate::time::{Date, Timestamp};

/// The version of the JSON shape of [`Entry`] and [`LearnerState`]. Bumped on any change
/// that an older reader would misread.
pub const SCHEMA_VERSION: u32 = 1;

/// One answer: the unit of the review log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReviewRecord {
    /// The question.
    pub question: QuestionId,
    /// When it was answered.
    pub at: Timestamp,
    /// Where it was answered.
    pub mode: Mode,
    /// The response; `None` when skipped or timed out.
    pub response: Option<Response>,
    /// Credit in [0, 1].
    pub credit: f64,
    /// Full credit.
    pub correct: bool,
    /// The rating given to the scheduler; `None` when the answer does not move the schedule
    /// (practice, cram, learn-ahead, challenge, exam by default).
    pub rating: Option<Rating>,
    /// Whole days since the question was last answered (0 the first time).
    pub elapsed_days: u32,
    /// Time taken, in milliseconds.
    pub answer_ms: u32,
    /// A hint was shown.
    pub hint_used: bool,
    /// Points earned for the mode (after the caps).
    pub points: u32,
    /// Points earned for studying today and the study-day streak (after the cap).
    pub bonus: u32,
    /// In a challenge, the run's streak of correct answers after this answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streak: Option<u32>,
}

/// A reading marked read (天天读).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ReadRecord {
    /// The reading's id.
    pub reading: String,
    /// When it was read.
    pub at: Timestamp,
    /// Points earned for reading (after the caps).
    pub points: u32,
    /// Points earned for studying today and the study-day streak (after the cap).
    pub bonus: u32,
}

/// One entry of a learner's append-only log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "entry", rename_all = "snake_case")]
pub enum Entry {
    /// An answer.
    Review(ReviewRecord),
    /// A reading read.
    Read(ReadRecord),
}

impl From<ReviewRecord> for Entry {
    fn from(r: ReviewRecord) -> Self {
        Entry::Review(r)
    }
}

impl From<ReadRecord> for Entry {
    fn from(r: ReadRecord) -> Self {
        Entry::Read(r)
    }
}

/// A body with the schema version: `{"v":1,…}`.
#[derive(Serialize, Deserialize)]
pub(crate) struct Versioned<T> {
    v: u32,
    #[serde(flatten)]
    body: T,
}

impl<T> Versioned<T> {
    pub(crate) fn new(body: T) -> Self {
        Self {
            v: SCHEMA_VERSION,
            body,
        }
    }
}

pub(crate) fn from_versioned<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, StudyError> {
    #[derive(Deserialize)]
    struct Probe {
        v: u32,
    }
    let probe: Probe = serde_json::from_str(json).map_err(|e| StudyError::Json(e.to_string()))?;
    if probe.v != SCHEMA_VERSION {
        return Err(StudyError::SchemaVersion {
            found: probe.v,
            expected: SCHEMA_VERSION,
        });
    }
    let v: Versioned<T> =
        serde_json::from_str(json).map_err(|e| StudyError::Json(e.to_string()))?;
    Ok(v.body)
}

pub(crate) fn to_versioned<T: Serialize>(body: &T) -> String {
    serde_json::to_string(&Versioned {
        v: SCHEMA_VERSION,
        body,
    })
    .unwrap_or_default()
}

impl Entry {
    /// When the entry happened.
    pub fn at(&self) -> Timestamp {
        match self {
            Entry::Review(r) => r.at,
            Entry::Read(r) => r.at,
        }
    }

    /// One line of JSON with the schema version: `{"v":1,"entry":"review",…}`.
    pub fn to_json(&self) -> String {
        to_versioned(self)
    }

    /// Reads [`Entry::to_json`]'s output.
    ///
    /// # Errors
    ///
    /// [`StudyError::SchemaVersion`] for another version, [`StudyError::Json`] for anything
    /// that is not an entry.
    pub fn from_json(json: &str) -> Result<Self, StudyError> {
        from_versioned(json)
    }
}

/// One question as a learner knows it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Card {
    /// The spaced-repetition schedule (memory state, due date, reps, lapses, last review).
    pub schedule: CardSchedule,
    /// Correct answers in a row, in any mode.
    pub streak: u32,
    /// In the wrong book (错题本).
    pub wrong_book: bool,
    /// While in the wrong book: days with a correct answer after the day it was last answered
    /// wrong.
    #[serde(default)]
    pub wrong_book_days: u32,
    /// The last day counted in `wrong_book_days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrong_book_counted: Option<Date>,
    /// Answers in any mode.
    pub answers: u32,
    /// Correct answers in any mode.
    pub correct: u32,
    /// When first answered.
    pub first_seen: Option<Timestamp>,
    /// When last answered.
    pub last_seen: Option<Timestamp>,
    /// When last answered wrong.
    pub last_wrong: Option<Timestamp>,
}

impl Card {
    /// Share of answers that were correct (0 when never answered).
    pub fn accuracy(&self) -> f64 {
        if self.answers == 0 {
            0.0
        } else {
            f64::from(self.correct) / f64::from(self.answers)
        }
    }
}

/// What happened on one study day.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DayLog {
    /// Answers.
    pub answers: u32,
    /// Correct answers.
    pub correct: u32,
    /// New questions introduced to the schedule.
    pub new: u32,
    /// Scheduled reviews of questions seen before.
    pub reviews: u32,
    /// Readings read.
    pub reads: u32,
    /// Points per mode.
    pub points: BTreeMap<Mode, u32>,
    /// Study-day and streak bonus points.
    pub bonus: u32,
}

impl DayLog {
    /// Points earned in `mode`.
    pub fn mode_points(&self, mode: Mode) -> u32 {
        self.points.get(&mode).copied().unwrap_or(0)
    }

    /// All points of the day.
    pub fn total_points(&self) -> u32 {
        self.points.values().sum::<u32>() + self.bonus
    }
}

/// A learner's state: a fold of the log ([`LearnerState::rebuild`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LearnerState {
    /// Cards by question id.
    pub cards: BTreeMap<QuestionId, Card>,
    /// Study days, with counts and points.
    pub days: BTreeMap<Date, DayLog>,
    /// Readings read, with the date first read.
    pub readings: BTreeMap<String, Date>,
    /// Best streak of a challenge run.
    pub best_challenge: u32,
}

impl LearnerState {
    /// The state after replaying `log` in order from an empty state.
    pub fn rebuild<'a>(study: &Study, log: impl IntoIterator<Item = &'a Entry>) -> Self {
        let mut state = Self::default();
        for e in log {
            state.apply(study, e);
        }
        state
    }

    /// Adds one entry to the state. Pure: the same state and entry give the same result.
    pub fn apply(&mut self, study: &Study, entry: &Entry) {
        match entry {
            Entry::Review(r) => self.apply_review(study, r),
            Entry::Read(r) => {
                let day = self.days.entry(r.at.date()).or_default();
                day.reads += 1;
                *day.points.entry(Mode::Reading).or_default() += r.points;
                day.bonus += r.bonus;
                self.readings
                    .entry(r.reading.clone())
                    .or_insert(r.at.date());
            }
        }
    }

    pub(crate) fn apply_review(&mut self, study: &Study, r: &ReviewRecord) {
        let card = self.cards.entry(r.question.clone()).or_default();
        let day = self.days.entry(r.at.date()).or_default();
        if let Some(rating) = r.rating {
            if card.schedule.reps == 0 {
                day.new += 1;
            } else {
                day.reviews += 1;
            }
            // The fuzz seed depends only on the question and its review count, so a rebuild
            // draws the same intervals.
            let seed = derive_seed(u64::from(card.schedule.reps), "fuzz", &r.question.0);
            card.schedule = study.scheduler().review(&card.schedule, rating, r.at, seed);
        }
        card.answers += 1;
        day.answers += 1;
        // A day counts towards leaving the wrong book once, and only after the day of the
        // mistake: spacing, not repetition in one sitting, shows the question is known.
        let date = r.at.date();
        let new_day = card.last_wrong.is_none_or(|t| t.date() < date)
            && card.wrong_book_counted.is_none_or(|d| d < date);
        if r.correct {
            card.correct += 1;
            card.streak += 1;
            day.correct += 1;
            if card.wrong_book && new_day {
                card.wrong_book_days += 1;
                card.wrong_book_counted = Some(date);
                if card.wrong_book_days >= study.config().wrong_book_exit.0.max(1) {
                    card.wrong_book = false;
                    card.wrong_book_days = 0;
                    card.wrong_book_counted = None;
                }
            }
        } else {
            card.streak = 0;
            card.wrong_book = true;
            card.wrong_book_days = 0;
            card.wrong_book_counted = None;
            card.last_wrong = Some(r.at);
        }
        card.first_seen.get_or_insert(r.at);
        card.last_seen = Some(r.at);
        *day.points.entry(r.mode).or_default() += r.points;
        day.bonus += r.bonus;
        if let Some(s) = r.streak {
            self.best_challenge = self.best_challenge.max(s);
        }
    }

    /// Questions due for review by the end of `date` (scheduled ones due that day or earlier,
    /// and wrong-book questions never scheduled that were last answered before it), as the
    /// daily plan would count them before its caps.
    pub fn due_by(&self, date: Date) -> usize {
        self.cards
            .values()
            .filter(|c| {
                if c.schedule.reps > 0 {
                    c.schedule.due.date() <= date
                } else {
                    c.wrong_book && c.last_seen.is_some_and(|t| t.date() < date)
                }
            })
            .count()
    }

    /// The card of a question, if it was ever answered.
    pub fn card(&self, id: &QuestionId) -> Option<&Card> {
        self.cards.get(id)
    }

    /// The day log of `date` (empty when nothing was studied).
    pub fn day(&self, date: Date) -> DayLog {
        self.days.get(&date).cloned().unwrap_or_default()
    }

    /// Consecutive study days ending on `date` (0 when nothing was studied that day).
    pub fn streak_ending(&self, date: Date) -> u32 {
        let mut n = 0;
        for (&d, _) in self.days.range(..=date).rev() {
            if d.days_since(date) != -i64::from(n) {
                break;
            }
            n += 1;
        }
        n
    }

    /// The current study-day streak on `today`: ending today, or ending yesterday when
    /// nothing was studied yet today (the streak is still alive).
    pub fn current_streak(&self, today: Date) -> u32 {
        match self.streak_ending(today) {
            0 => self.streak_ending(today.add_days(-1)),
            n => n,
        }
    }

    /// The longest study-day streak.
    pub fn best_streak(&self) -> u32 {
        let mut best = 0;
        let mut run = 0;
        let mut prev: Option<Date> = None;
        for &d in self.days.keys() {
            run = if prev.is_some_and(|p| d.days_since(p) == 1) {
                run + 1
            } else {
                1
            };
            best = best.max(run);
            prev = Some(d);
        }
        best
    }

    /// The state as JSON with the schema version.
    pub fn to_json(&self) -> String {
        to_versioned(self)
    }

    /// Reads [`LearnerState::to_json`]'s output.
    ///
    /// # Errors
    ///
    /// [`StudyError::SchemaVersion`] for another version, [`StudyError::Json`] otherwise.
    pub fn from_json(json: &str) -> Result<Self, StudyError> {
        from_versioned(json)
    }
}
