//! The card life cycle shared by every algorithm: learning and relearning steps (as Anki and
//! py-fsrs run them), graduation to day intervals, lapses, fuzz and the maximum interval.
//!
//! An algorithm only proposes memory and raw day intervals for each rating ([`Propose`]); the
//! rules here decide the phase, the due time and the whole-day interval.

use super::fuzz::fuzzed;
use super::{CardSchedule, MemoryState, Phase, Rating};
use crate::rng::SeedRng;
use crate::time::Timestamp;

/// Step and interval settings, checked by [`super::SchedulerConfig::build`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Steps {
    pub(crate) learning: Vec<u32>,
    pub(crate) relearning: Vec<u32>,
    pub(crate) maximum_interval: u32,
    pub(crate) fuzz: bool,
}

/// What an algorithm proposes for each rating (indexed `Again` to `Easy`).
pub(crate) struct Proposal {
    /// FSRS memory after each answer.
    pub(crate) memory: [Option<MemoryState>; 4],
    /// SM-2 ease after each answer.
    pub(crate) ease: [Option<f64>; 4],
    /// Unrounded day interval if the answer ends in (or stays in) the review phase. For
    /// `Again` in the review phase, the interval after the lapse.
    pub(crate) intervals: [f64; 4],
    /// Smallest `Hard` interval in the review phase (at least 1 applies anyway).
    pub(crate) hard_minimum: u32,
}

/// An algorithm: memory and intervals for a card answered `elapsed_days` after its last answer.
pub(crate) trait Propose {
    fn propose(&self, card: &CardSchedule, elapsed_days: u32) -> Proposal;
}

/// Outcome of an answer in a learning phase.
#[derive(Debug, PartialEq, Eq)]
enum StepOutcome {
    /// Stay in the phase, waiting on `step` for `secs` seconds.
    Wait { step: u32, secs: u32 },
    /// Leave the steps for a day interval.
    Graduate,
}

const DAY_SECS: u32 = 86_400;

/// Anki's step rules: `Again` restarts, `Hard` repeats the step (on the first step: halfway to
/// the second, or 1.5× when there is one step, at most a day more), `Good` advances and
/// graduates after the last step, `Easy` graduates. No steps, or a step index past the end
/// (the steps were shortened), graduates any passing answer.
fn step_outcome(steps: &[u32], step: u32, rating: Rating) -> StepOutcome {
    let Some(&first) = steps.first() else {
        return StepOutcome::Graduate;
    };
    let index = usize::try_from(step).unwrap_or(usize::MAX);
    let current = match rating {
        Rating::Again => {
            return StepOutcome::Wait {
                step: 0,
                secs: first,
            };
        }
        _ => match steps.get(index) {
            Some(&current) => current,
            None => return StepOutcome::Graduate,
        },
    };
    match rating {
        Rating::Hard => {
            let secs = match (index, steps.get(1)) {
                (0, Some(&second)) => round_to_days(first.saturating_add(second) / 2),
                (0, None) => {
                    round_to_days((first.saturating_mul(3) / 2).min(first.saturating_add(DAY_SECS)))
                }
                _ => current,
            };
            StepOutcome::Wait { step, secs }
        }
        Rating::Good => match steps.get(index.saturating_add(1)) {
            Some(&next) => StepOutcome::Wait {
                step: step.saturating_add(1),
                secs: next,
            },
            None => StepOutcome::Graduate,
        },
        Rating::Again | Rating::Easy => StepOutcome::Graduate,
    }
}

/// A delay over a day is rounded to whole days, so the answer time of day does not matter.
fn round_to_days(secs: u32) -> u32 {
    if secs > DAY_SECS {
        (libm::round(f64::from(secs) / f64::from(DAY_SECS)) as u32).saturating_mul(DAY_SECS)
    } else {
        secs
    }
}

/// Applies an answer: the shared life cycle around an algorithm's proposal.
pub(crate) fn review(
    algorithm: &impl Propose,
    steps: &Steps,
    card: &CardSchedule,
    rating: Rating,
    now: Timestamp,
    seed: u64,
) -> CardSchedule {
    let proposal = algorithm.propose(card, card.elapsed_days(now));
    let i = rating.index();
    let mut next = CardSchedule {
        memory: proposal.memory[i],
        ease: proposal.ease[i],
        last_review: Some(now),
        reps: card.reps.saturating_add(1),
        ..card.clone()
    };
    let factor = steps.fuzz.then(|| SeedRng::new(seed).unit());
    let day =
        |interval: f64, minimum: u32| fuzzed(interval, minimum, steps.maximum_interval, factor);
    let [again, hard, good, easy] = proposal.intervals;

    let (phase_steps, step, relearning) = match card.phase {
        Phase::New => (&steps.learning, 0, false),
        Phase::Learning { step } => (&steps.learning, step, false),
        Phase::Relearning { step } => (&steps.relearning, step, true),
        Phase::Review => {
            let days = match rating {
                Rating::Again => {
                    next.lapses = card.lapses.saturating_add(1);
                    let days = day(again, 1);
                    if let Some(&secs) = steps.relearning.first() {
                        next.phase = Phase::Relearning { step: 0 };
                        next.due = now.add_secs(i64::from(secs));
                        next.scheduled_days = days;
                        return next;
                    }
                    days
                }
                // Anki's order: each passing interval at least a day longer than the one before.
                _ => {
                    let hard_days = day(hard, proposal.hard_minimum.max(1));
                    let good_days = day(good, hard_days.saturating_add(1));
                    match rating {
                        Rating::Hard => hard_days,
                        Rating::Good => good_days,
                        _ => day(easy, good_days.saturating_add(1)),
                    }
                }
            };
            return graduate(next, days, now);
        }
    };

    match step_outcome(phase_steps, step, rating) {
        StepOutcome::Wait { step, secs } => {
            next.phase = if relearning {
                Phase::Relearning { step }
            } else {
                Phase::Learning { step }
            };
            next.due = now.add_secs(i64::from(secs));
            next
        }
        StepOutcome::Graduate => {
            let days = match rating {
                Rating::Again => day(again, 1),
                Rating::Hard => day(hard, 1),
                Rating::Good => day(good, 1),
                Rating::Easy => day(easy, day(good, 1).saturating_add(1)),
            };
            graduate(next, days, now)
        }
    }
}

/// Into the review phase, due at the start of the day `days` days after `now`.
fn graduate(mut card: CardSchedule, days: u32, now: Timestamp) -> CardSchedule {
    card.phase = Phase::Review;
    card.scheduled_days = days;
    card.due = now.date().add_days(i64::from(days)).start();
    card
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anki_step_delays() {
        use StepOutcome::{Graduate, Wait};
        let two = [60, 600];
        assert_eq!(
            step_outcome(&two, 0, Rating::Again),
            Wait { step: 0, secs: 60 }
        );
        assert_eq!(
            step_outcome(&two, 0, Rating::Hard),
            Wait { step: 0, secs: 330 }
        );
        assert_eq!(
            step_outcome(&two, 0, Rating::Good),
            Wait { step: 1, secs: 600 }
        );
        assert_eq!(
            step_outcome(&two, 1, Rating::Hard),
            Wait { step: 1, secs: 600 }
        );
        assert_eq!(
            step_outcome(&two, 1, Rating::Again),
            Wait { step: 0, secs: 60 }
        );
        assert_eq!(step_outcome(&two, 1, Rating::Good), Graduate);
        assert_eq!(step_outcome(&two, 0, Rating::Easy), Graduate);
        // One step: Hard is 1.5×, at most a day more.
        assert_eq!(
            step_outcome(&[600], 0, Rating::Hard),
            Wait { step: 0, secs: 900 }
        );
        assert_eq!(
            step_outcome(&[3 * DAY_SECS], 0, Rating::Hard),
            Wait {
                step: 0,
                secs: 4 * DAY_SECS
            }
        );
        let three = [60, 600, 6000];
        assert_eq!(
            step_outcome(&three, 1, Rating::Good),
            Wait {
                step: 2,
                secs: 6000
            }
        );
        assert_eq!(
            step_outcome(&three, 2, Rating::Hard),
            Wait {
                step: 2,
                secs: 6000
            }
        );
        // No steps, or steps shortened under the card: passing answers graduate.
        assert_eq!(step_outcome(&[], 0, Rating::Again), Graduate);
        assert_eq!(step_outcome(&[60], 3, Rating::Hard), Graduate);
        assert_eq!(
            step_outcome(&[60], 3, Rating::Again),
            Wait { step: 0, secs: 60 }
        );
        assert_eq!(round_to_days(DAY_SECS * 3 / 2), 2 * DAY_SECS);
        assert_eq!(round_to_days(DAY_SECS - 1), DAY_SECS - 1);
    }
}
