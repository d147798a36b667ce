//! Anki's SM-2: an ease factor per question that answers nudge up or down, intervals that
//! grow by it. A baseline a learner can choose instead of FSRS.

use serde::{Deserialize, Serialize};

use super::steps::{self, Proposal, Propose, Steps};
use super::{CardSchedule, Phase, Rating, ScheduleError, Scheduler};
use crate::time::Timestamp;

/// Lowest ease factor.
const MINIMUM_EASE: f64 = 1.3;
/// Ease change per rating, `Again` to `Easy`.
const EASE_DELTA: [f64; 4] = [-0.2, -0.15, 0.0, 0.15];

/// SM-2 settings, named and defaulted as in Anki's deck options.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sm2Params {
    /// Ease factor of a question when it graduates (2.5 = 250%), at least 1.3.
    pub starting_ease: f64,
    /// Extra multiplier of an `Easy` interval, at least 1.
    pub easy_bonus: f64,
    /// Multiplier of the current interval on `Hard`, in (0, 10].
    pub hard_interval: f64,
    /// Multiplier of every review interval, in (0, 10].
    pub interval_modifier: f64,
    /// Multiplier of the interval after a lapse, in [0, 1].
    pub new_interval: f64,
    /// Smallest interval after a lapse, in days (at least 1).
    pub minimum_lapse_interval: u32,
    /// Interval when a question graduates with `Good`, in days (at least 1).
    pub graduating_interval: u32,
    /// Interval when a question graduates with `Easy`, in days (at least 1).
    pub easy_interval: u32,
}

impl Default for Sm2Params {
    fn default() -> Self {
        Self {
            starting_ease: 2.5,
            easy_bonus: 1.3,
            hard_interval: 1.2,
            interval_modifier: 1.0,
            new_interval: 0.0,
            minimum_lapse_interval: 1,
            graduating_interval: 1,
            easy_interval: 4,
        }
    }
}

impl Sm2Params {
    fn check(&self) -> Result<(), ScheduleError> {
        let ranges: [(&'static str, f64, f64, f64, &'static str); 8] = [
            (
                "starting_ease",
                self.starting_ease,
                MINIMUM_EASE,
                10.0,
                "[1.3, 10]",
            ),
            ("easy_bonus", self.easy_bonus, 1.0, 10.0, "[1, 10]"),
            (
                "hard_interval",
                self.hard_interval,
                f64::MIN_POSITIVE,
                10.0,
                "(0, 10]",
            ),
            (
                "interval_modifier",
                self.interval_modifier,
                f64::MIN_POSITIVE,
                10.0,
                "(0, 10]",
            ),
            ("new_interval", self.new_interval, 0.0, 1.0, "[0, 1]"),
            (
                "minimum_lapse_interval",
                f64::from(self.minimum_lapse_interval),
                1.0,
                f64::MAX,
                ">= 1",
            ),
            (
                "graduating_interval",
                f64::from(self.graduating_interval),
                1.0,
                f64::MAX,
                ">= 1",
            ),
            (
                "easy_interval",
                f64::from(self.easy_interval),
                1.0,
                f64::MAX,
                ">= 1",
            ),
        ];
        match ranges
            .into_iter()
            .find(|&(_, v, lo, hi, _)| !(lo..=hi).contains(&v))
        {
            Some((name, value, _, _, range)) => {
                Err(ScheduleError::Sm2Setting { name, value, range })
            }
            None => Ok(()),
        }
    }
}

/// SM-2 with learning steps (built by [`super::SchedulerConfig::build`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Sm2Scheduler {
    params: Sm2Params,
    steps: Steps,
}

impl Sm2Scheduler {
    pub(crate) fn new(params: Sm2Params, steps: Steps) -> Result<Self, ScheduleError> {
        params.check()?;
        Ok(Self { params, steps })
    }

    /// The settings.
    pub fn params(&self) -> &Sm2Params {
        &self.params
    }
}

impl Propose for Sm2Scheduler {
    fn propose(&self, card: &CardSchedule, elapsed_days: u32) -> Proposal {
        let p = &self.params;
        let ease = card.ease.unwrap_or(p.starting_ease);
        let scheduled = f64::from(card.scheduled_days.max(1));
        let (intervals, ease, hard_minimum) = match card.phase {
            Phase::New | Phase::Learning { .. } => {
                let good = f64::from(p.graduating_interval);
                ([good, good, good, f64::from(p.easy_interval)], [ease; 4], 1)
            }
            Phase::Relearning { .. } => {
                // Back to the interval set at the lapse.
                (
                    [scheduled, scheduled, scheduled, scheduled + 1.0],
                    [ease; 4],
                    1,
                )
            }
            Phase::Review => {
                let elapsed = f64::from(elapsed_days);
                let lapse = libm::floor(scheduled * p.new_interval)
                    .max(f64::from(p.minimum_lapse_interval));
                let m = p.interval_modifier;
                let (hard, good, easy, hard_minimum) = if elapsed < scheduled {
                    // Early review (Anki's rule): grow from the days actually waited.
                    let base = (elapsed * ease).max(scheduled);
                    (
                        (elapsed * p.hard_interval).max(scheduled * p.hard_interval / 2.0),
                        base,
                        base * (p.easy_bonus - (p.easy_bonus - 1.0) / 2.0),
                        1,
                    )
                } else {
                    let late = elapsed - scheduled;
                    let hard_minimum = if p.hard_interval > 1.0 {
                        card.scheduled_days.saturating_add(1)
                    } else {
                        1
                    };
                    (
                        scheduled * p.hard_interval,
                        (scheduled + late / 2.0) * ease,
                        (scheduled + late) * ease * p.easy_bonus,
                        hard_minimum,
                    )
                };
                let eases = EASE_DELTA.map(|delta| (ease + delta).max(MINIMUM_EASE));
                ([lapse, hard * m, good * m, easy * m], eases, hard_minimum)
            }
        };
        Proposal {
            memory: [None; 4],
            ease: ease.map(Some),
            intervals,
            hard_minimum,
        }
    }
}

impl Scheduler for Sm2Scheduler {
    fn review(
        &self,
        card: &CardSchedule,
        rating: Rating,
        now: Timestamp,
        seed: u64,
    ) -> CardSchedule {
        steps::review(self, &self.steps, card, rating, now, seed)
    }

    /// SM-2 has no memory model; this assumes recall falls exponentially to 90% at the
    /// scheduled interval, SM-2's usual outcome.
    fn retrievability(&self, card: &CardSchedule, now: Timestamp) -> f64 {
        if card.last_review.is_none() {
            return 0.0;
        }
        let scheduled = f64::from(card.scheduled_days.max(1));
        libm::pow(0.9, f64::from(card.elapsed_days(now)) / scheduled)
    }
}
