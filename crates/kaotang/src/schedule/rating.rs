//! From a quiz outcome to a rating: quizzes are graded by the engine, not by the learner, so
//! the answer's correctness, credit, speed and hints stand in for Anki's four buttons.

use serde::{Deserialize, Serialize};

use super::{CardSchedule, Rating};

/// How one question was answered in a quiz.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QuizOutcome {
    /// Fully right.
    pub correct: bool,
    /// Credit in [0, 1] (partial credit of a multiple-choice or multi-blank question; 1 when
    /// fully right).
    pub credit: f64,
    /// Time taken to answer, in milliseconds.
    pub answer_ms: u32,
    /// Time a prepared learner needs for this question, in milliseconds (0: unknown, timing
    /// is then ignored).
    pub expected_ms: u32,
    /// A hint was shown before answering.
    pub hint_used: bool,
}

/// The rule that maps a [`QuizOutcome`] to a [`Rating`], in this order:
///
/// 1. wrong, with credit below [`partial_credit`](Self::partial_credit) → `Again`;
/// 2. wrong but with at least that much credit, right with a hint, or right but slower than
///    [`slow_ratio`](Self::slow_ratio) × the expected time → `Hard`;
/// 3. right within [`fast_ratio`](Self::fast_ratio) × the expected time on a mature question
///    (last interval at least [`mature_days`](Self::mature_days)) → `Easy`;
/// 4. otherwise right → `Good`.
///
/// ```
/// use kaotang::schedule::{CardSchedule, QuizOutcome, Rating, RatingRule};
///
/// let rule = RatingRule::default();
/// let card = CardSchedule { scheduled_days: 30, ..CardSchedule::default() };
/// let outcome = QuizOutcome {
///     correct: true,
///     credit: 1.0,
///     answer_ms: 3_000,
///     expected_ms: 10_000,
///     hint_used: false,
/// };
/// assert_eq!(rule.rate(&outcome, &card), Rating::Easy);
/// assert_eq!(rule.rate(&QuizOutcome { hint_used: true, ..outcome }, &card), Rating::Hard);
/// assert_eq!(rule.rate(&QuizOutcome { correct: false, credit: 0.0, ..outcome }, &card), Rating::Again);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RatingRule {
    /// Credit from which a not fully right answer still counts as remembered (`Hard`);
    /// default 0.5. Set above 1 to make every wrong answer `Again`.
    pub partial_credit: f64,
    /// A right answer taking more than this multiple of the expected time is `Hard`;
    /// default 2.0.
    pub slow_ratio: f64,
    /// A right answer within this multiple of the expected time can be `Easy`; default 0.5.
    pub fast_ratio: f64,
    /// A question is mature once its last interval reaches this many days (Anki: 21); only
    /// mature questions are rated `Easy`, since speed on a fresh one shows little.
    pub mature_days: u32,
}

impl Default for RatingRule {
    fn default() -> Self {
        Self {
            partial_credit: 0.5,
            slow_ratio: 2.0,
            fast_ratio: 0.5,
            mature_days: 21,
        }
    }
}

impl RatingRule {
    /// The rating for `outcome` on a question with schedule `card` (before this answer).
    pub fn rate(&self, outcome: &QuizOutcome, card: &CardSchedule) -> Rating {
        if !outcome.correct {
            // NaN credit compares false: Again.
            return if outcome.credit >= self.partial_credit {
                Rating::Hard
            } else {
                Rating::Again
            };
        }
        let timed = outcome.expected_ms > 0;
        let ratio = f64::from(outcome.answer_ms) / f64::from(outcome.expected_ms.max(1));
        if outcome.hint_used || (timed && ratio > self.slow_ratio) {
            Rating::Hard
        } else if timed && ratio <= self.fast_ratio && card.scheduled_days >= self.mature_days {
            Rating::Easy
        } else {
            Rating::Good
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_rule() {
        let rule = RatingRule::default();
        let young = CardSchedule::default();
        let mature = CardSchedule {
            scheduled_days: 21,
            ..CardSchedule::default()
        };
        let right = QuizOutcome {
            correct: true,
            credit: 1.0,
            answer_ms: 8_000,
            expected_ms: 10_000,
            hint_used: false,
        };
        assert_eq!(rule.rate(&right, &young), Rating::Good);
        assert_eq!(rule.rate(&right, &mature), Rating::Good);
        let fast = QuizOutcome {
            answer_ms: 5_000,
            ..right
        };
        assert_eq!(rule.rate(&fast, &young), Rating::Good);
        assert_eq!(rule.rate(&fast, &mature), Rating::Easy);
        assert_eq!(
            rule.rate(
                &QuizOutcome {
                    answer_ms: 20_001,
                    ..right
                },
                &mature
            ),
            Rating::Hard
        );
        assert_eq!(
            rule.rate(
                &QuizOutcome {
                    hint_used: true,
                    ..fast
                },
                &mature
            ),
            Rating::Hard
        );
        // Unknown expected time: timing is ignored.
        assert_eq!(
            rule.rate(
                &QuizOutcome {
                    expected_ms: 0,
                    answer_ms: 1,
                    ..right
                },
                &mature
            ),
            Rating::Good
        );
        let wrong = QuizOutcome {
            correct: false,
            credit: 0.0,
            ..right
        };
        assert_eq!(rule.rate(&wrong, &mature), Rating::Again);
        assert_eq!(
            rule.rate(
                &QuizOutcome {
                    credit: 0.5,
                    ..wrong
                },
                &mature
            ),
            Rating::Hard
        );
        assert_eq!(
            rule.rate(
                &QuizOutcome {
                    credit: f64::NAN,
                    ..wrong
                },
                &mature
            ),
            Rating::Again
        );
        let strict = RatingRule {
            partial_credit: 1.1,
            ..rule
        };
        assert_eq!(
            strict.rate(
                &QuizOutcome {
                    credit: 0.9,
                    ..wrong
                },
                &mature
            ),
            Rating::Again
        );
    }
}
