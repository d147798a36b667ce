//! Spaced-repetition scheduling: FSRS-6 (the default) and SM-2 (a baseline).
//!
//! Three layers, from the bottom up:
//!
//! - [`Fsrs`] is the FSRS-6 memory model, computed exactly as the reference implementation
//!   (the `fsrs` crate, fsrs-rs): [`Fsrs::next_states`], [`Fsrs::memory_state`],
//!   [`Fsrs::retrievability`], [`Fsrs::interval`]. It knows nothing of clocks or cards.
//! - A [`Scheduler`] turns an answer into the next [`CardSchedule`] of a question: learning and
//!   relearning steps, day intervals, Anki's fuzz (drawn from a seed the caller passes), the
//!   maximum interval. [`SchedulerConfig`] builds one ([`AnyScheduler`]), FSRS-6 or SM-2.
//! - [`RatingRule`] maps a quiz outcome (right or wrong, partial credit, time, hint) to the
//!   [`Rating`] that the scheduler takes, since quizzes have no self-grading.
//!
//! [`optimize`] fits the 21 FSRS parameters to a learner's review log and [`evaluate`] scores a
//! parameter set on one.
//!
//! All maths goes through the `libm` crate, so native, WASM and C builds give bit-identical
//! numbers, and nothing here reads a clock or a global random generator.
//!
//! # Example
//!
//! ```
//! use kaotang::schedule::{CardSchedule, Phase, Rating, Scheduler, SchedulerConfig};
//! use kaotang::time::Timestamp;
//!
//! let scheduler = SchedulerConfig::default().build()?;
//! let now = Timestamp(1_700_000_000);
//! let card = CardSchedule::default(); // a new question
//!
//! // Right on the first try: the card moves to the second learning step (10 minutes).
//! let card = scheduler.review(&card, Rating::Good, now, 42);
//! assert_eq!(card.phase, Phase::Learning { step: 1 });
//! assert_eq!(card.due, now.add_secs(600));
//!
//! // Right again ten minutes later: it graduates to a review in a few days.
//! let later = card.due;
//! let card = scheduler.review(&card, Rating::Good, later, 42);
//! assert_eq!(card.phase, Phase::Review);
//! assert!(card.scheduled_days >= 1);
//! assert!(scheduler.retrievability(&card, later) > 0.99);
//! # Ok::<(), kaotang::schedule::ScheduleError>(())
//! ```

mod fsrs;
mod fuzz;
mod log2;
mod optimizer;
mod rating;
mod sm2;
mod steps;

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

pub use fsrs::{
    DEFAULT_PARAMETERS, DIFFICULTY_MAX, DIFFICULTY_MIN, FSRS5_DEFAULT_DECAY, FSRS6_DEFAULT_DECAY,
    Fsrs, FsrsScheduler, ItemState, NextStates, Review, STABILITY_MAX, STABILITY_MIN,
};
pub use fuzz::fuzz_range;
pub use optimizer::{Evaluation, OptimizeOptions, Optimized, evaluate, optimize};
pub use rating::{QuizOutcome, RatingRule};
pub use sm2::{Sm2Params, Sm2Scheduler};

/// How well a question was remembered: the four answer grades of FSRS and Anki.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[repr(u8)]
pub enum Rating {
    /// Forgotten (a wrong answer).
    Again = 1,
    /// Remembered with difficulty.
    Hard = 2,
    /// Remembered.
    Good = 3,
    /// Remembered effortlessly.
    Easy = 4,
}

impl Rating {
    /// The four ratings, from `Again` to `Easy`.
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    /// The rating's number, 1 (`Again`) to 4 (`Easy`), as FSRS and Anki number them.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The rating with number 1–4, or `None`.
    pub fn from_number(n: u8) -> Option<Self> {
        Self::ALL.get(usize::from(n).wrapping_sub(1)).copied()
    }

    /// Position in [`Rating::ALL`], 0–3.
    fn index(self) -> usize {
        usize::from(self as u8 - 1)
    }
}

/// The FSRS memory state of a question.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MemoryState {
    /// Days until the probability of recall falls to 90%, in
    /// [[`STABILITY_MIN`], [`STABILITY_MAX`]].
    pub stability: f64,
    /// How hard the question is for this learner, in [[`DIFFICULTY_MIN`], [`DIFFICULTY_MAX`]].
    pub difficulty: f64,
}

/// Where a question is in its life cycle.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(tag = "phase", rename_all = "lowercase")]
pub enum Phase {
    /// Never answered.
    #[default]
    New,
    /// Answered, going through the learning steps (minutes apart).
    Learning {
        /// Index into the learning steps of the step the question is waiting on.
        step: u32,
    },
    /// Graduated: reviewed at intervals of whole days.
    Review,
    /// Forgotten after graduating, going through the relearning steps.
    Relearning {
        /// Index into the relearning steps of the step the question is waiting on.
        step: u32,
    },
}

/// The scheduling state of one question for one learner. `Default` is a new question.
///
/// FSRS keeps [`memory`](Self::memory) and SM-2 keeps [`ease`](Self::ease); each scheduler
/// clears the other's field when it reviews, so a card switched between algorithms is
/// converted once (SM-2 → FSRS uses [`Fsrs::memory_state_from_sm2`]) rather than left with a
/// stale value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CardSchedule {
    /// Life-cycle phase (serialised flat: `"phase": "learning", "step": 0`).
    #[serde(flatten)]
    pub phase: Phase,
    /// FSRS memory state, once answered under FSRS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemoryState>,
    /// SM-2 ease factor (2.5 = 250%), once graduated under SM-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ease: Option<f64>,
    /// When the question is next due. In the learning phases this is an exact instant; in the
    /// review phase it is the start (midnight) of the due day, so the question is due all day.
    /// A new question is due at once (the epoch).
    pub due: Timestamp,
    /// When it was last answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_review: Option<Timestamp>,
    /// The last interval scheduled in whole days (0 until the first graduation). While
    /// relearning, the interval the question returns to under SM-2.
    pub scheduled_days: u32,
    /// Number of answers so far.
    pub reps: u32,
    /// Number of times it was forgotten after graduating.
    pub lapses: u32,
}

impl CardSchedule {
    /// Whole calendar days from the last answer to `now` (0 when never answered or when `now`
    /// is earlier). Timestamps are in the learner's local time, so this counts midnights.
    pub fn elapsed_days(&self, now: Timestamp) -> u32 {
        self.last_review.map_or(0, |last| {
            let days = now.date().days_since(last.date());
            u32::try_from(days.max(0)).unwrap_or(u32::MAX)
        })
    }
}

/// A spaced-repetition algorithm with its settings: pure functions of their arguments.
pub trait Scheduler {
    /// The question's next state after it is answered with `rating` at `now`. Applies the
    /// learning steps, the day interval and the fuzz drawn from `seed` (the same seed gives the
    /// same interval, so pass e.g. a hash of learner, question and review count).
    fn review(
        &self,
        card: &CardSchedule,
        rating: Rating,
        now: Timestamp,
        seed: u64,
    ) -> CardSchedule;

    /// The probability, in [0, 1], that the learner recalls the question at `now` (0 for a
    /// new question).
    fn retrievability(&self, card: &CardSchedule, now: Timestamp) -> f64;
}

/// Which algorithm a [`SchedulerConfig`] uses, with its own settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Algorithm {
    /// FSRS-6.
    Fsrs {
        /// 21 FSRS-6 parameters, or 19 (FSRS-5) or 17 (FSRS-4.5) converted as the reference
        /// does; empty means [`DEFAULT_PARAMETERS`].
        #[serde(default)]
        parameters: Vec<f64>,
        /// The probability of recall the intervals aim at, in (0, 1); 0.9 by default.
        desired_retention: f64,
    },
    /// Anki's SM-2.
    Sm2(Sm2Params),
}

impl Default for Algorithm {
    fn default() -> Self {
        Algorithm::Fsrs {
            parameters: DEFAULT_PARAMETERS.to_vec(),
            desired_retention: 0.9,
        }
    }
}

/// Scheduler settings (serde). `Default`: FSRS-6 default parameters, desired retention 0.9,
/// maximum interval 36500 days, learning steps 1 and 10 minutes, relearning step 10 minutes,
/// fuzz on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchedulerConfig {
    /// The algorithm and its settings.
    pub algorithm: Algorithm,
    /// Learning steps of a new question, in seconds. Empty: the first answer graduates it.
    pub learning_steps_secs: Vec<u32>,
    /// Relearning steps of a forgotten question, in seconds. Empty: a lapse goes straight back
    /// to a day interval.
    pub relearning_steps_secs: Vec<u32>,
    /// The longest interval, in days (at least 1).
    pub maximum_interval: u32,
    /// Spread day intervals by a few percent (Anki's ranges) so that questions learned together
    /// do not stay together.
    pub fuzz: bool,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self {
            algorithm: Algorithm::default(),
            learning_steps_secs: vec![60, 600],
            relearning_steps_secs: vec![600],
            maximum_interval: 36_500,
            fuzz: true,
        }
    }
}

impl SchedulerConfig {
    /// Checks the settings and builds the scheduler.
    ///
    /// # Errors
    ///
    /// [`ScheduleError`] for a parameter set of the wrong length or with non-finite values, a
    /// desired retention outside (0, 1), a zero maximum interval or invalid SM-2 settings.
    pub fn build(&self) -> Result<AnyScheduler, ScheduleError> {
        if self.maximum_interval == 0 {
            return Err(ScheduleError::MaximumInterval);
        }
        let steps = steps::Steps {
            learning: self.learning_steps_secs.clone(),
            relearning: self.relearning_steps_secs.clone(),
            maximum_interval: self.maximum_interval,
            fuzz: self.fuzz,
        };
        Ok(match &self.algorithm {
            Algorithm::Fsrs {
                parameters,
                desired_retention,
            } => AnyScheduler::Fsrs(FsrsScheduler::new(
                Fsrs::new(parameters)?,
                *desired_retention,
                steps,
            )?),
            Algorithm::Sm2(params) => AnyScheduler::Sm2(Sm2Scheduler::new(*params, steps)?),
        })
    }
}

/// A scheduler built from a [`SchedulerConfig`].
#[derive(Debug, Clone, PartialEq)]
#[expect(
    clippy::large_enum_variant,
    reason = "built once per learner, never stored in bulk"
)]
pub enum AnyScheduler {
    /// FSRS-6.
    Fsrs(FsrsScheduler),
    /// SM-2.
    Sm2(Sm2Scheduler),
}

impl Scheduler for AnyScheduler {
    fn review(
        &self,
        card: &CardSchedule,
        rating: Rating,
        now: Timestamp,
        seed: u64,
    ) -> CardSchedule {
        match self {
            AnyScheduler::Fsrs(s) => s.review(card, rating, now, seed),
            AnyScheduler::Sm2(s) => s.review(card, rating, now, seed),
        }
    }

    fn retrievability(&self, card: &CardSchedule, now: Timestamp) -> f64 {
        match self {
            AnyScheduler::Fsrs(s) => s.retrievability(card, now),
            AnyScheduler::Sm2(s) => s.retrievability(card, now),
        }
    }
}

/// Why scheduling settings or inputs were rejected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScheduleError {
    /// FSRS takes 21 parameters (or 19 or 17 from older versions, or none for the defaults).
    #[error("FSRS 参数个数应为 21（或 FSRS-5 的 19、FSRS-4.5 的 17），实际为 {0}")]
    ParameterCount(usize),
    /// A parameter is NaN or infinite.
    #[error("FSRS 第 {index} 个参数不是有限数：{value}")]
    NonFiniteParameter {
        /// 0-based index of the parameter.
        index: usize,
        /// Its value.
        value: f64,
    },
    /// Desired retention must lie strictly between 0 and 1.
    #[error("期望记忆保持率应在 0 与 1 之间（不含），实际为 {0}")]
    DesiredRetention(f64),
    /// A memory state with NaN or infinite stability or difficulty.
    #[error("记忆状态无效：稳定性 {stability}，难度 {difficulty}")]
    MemoryState {
        /// The stability given.
        stability: f64,
        /// The difficulty given.
        difficulty: f64,
    },
    /// A review history with no reviews and no starting state.
    #[error("复习记录为空")]
    EmptyHistory,
    /// The maximum interval must be at least one day.
    #[error("最长间隔至少为 1 天")]
    MaximumInterval,
    /// An SM-2 setting out of its range.
    #[error("SM-2 设置 {name} 的值 {value} 超出范围 {range}")]
    Sm2Setting {
        /// The field name.
        name: &'static str,
        /// Its value.
        value: f64,
        /// The accepted range.
        range: &'static str,
    },
    /// An optimizer setting out of its range.
    #[error("优化器设置 {name} 的值 {value} 无效")]
    OptimizerSetting {
        /// The field name.
        name: &'static str,
        /// Its value.
        value: f64,
    },
}

#[cfg(test)]
mod tests;
