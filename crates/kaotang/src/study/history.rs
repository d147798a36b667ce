//! A learner's review histories, read from their log, for fitting FSRS parameters
//! ([`crate::schedule::optimize`]) to how this learner remembers.

use std::collections::BTreeMap;

use super::Entry;
use crate::bank::QuestionId;
use crate::schedule::Review;

/// The scheduled answers of each question in log order, one history per question (by id):
/// each answer's rating and the whole days since the question's previous scheduled answer.
/// Answers that did not move the schedule (practice, challenge, exam) are left out, as are
/// readings.
///
/// ```
/// use kaotang::schedule::{optimize, OptimizeOptions};
/// # let log: Vec<kaotang::study::Entry> = Vec::new();
/// let fit = optimize(&kaotang::study::review_histories(&log), &OptimizeOptions::default())?;
/// assert!(!fit.fitted); // too few reviews: the defaults
/// # Ok::<(), kaotang::schedule::ScheduleError>(())
/// ```
pub fn review_histories<'a>(log: impl IntoIterator<Item = &'a Entry>) -> Vec<Vec<Review>> {
    let mut by_question: BTreeMap<&QuestionId, Vec<Review>> = BTreeMap::new();
    for entry in log {
        if let Entry::Review(r) = entry
            && let Some(rating) = r.rating
        {
            by_question.entry(&r.question).or_default().push(Review {
                rating,
                delta_t: r.elapsed_days,
            });
        }
    }
    by_question.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::Rating;
    use crate::study::{Mode, ReadRecord, ReviewRecord};
    use crate::time::Timestamp;

    fn answer(question: &str, rating: Option<Rating>, elapsed_days: u32) -> Entry {
        Entry::Review(ReviewRecord {
            question: QuestionId(question.to_owned()),
            at: Timestamp(1_780_000_000),
            mode: if rating.is_some() {
                Mode::Daily
            } else {
                Mode::Practice
            },
            response: None,
            credit: 0.0,
            correct: false,
            rating,
            elapsed_days,
            answer_ms: 1000,
            hint_used: false,
            points: 0,
            bonus: 0,
            streak: None,
        })
    }

    #[test]
    fn scheduled_answers_per_question_in_log_order() {
        let log = [
            answer("q2", Some(Rating::Good), 0),
            answer("q1", Some(Rating::Again), 0),
            answer("q1", None, 1),
            Entry::Read(ReadRecord {
                reading: "r1".into(),
                at: Timestamp(1_780_000_000),
                points: 1,
                bonus: 0,
            }),
            answer("q1", Some(Rating::Good), 3),
        ];
        let review = |rating, delta_t| Review { rating, delta_t };
        assert_eq!(
            review_histories(&log),
            [
                vec![review(Rating::Again, 0), review(Rating::Good, 3)],
                vec![review(Rating::Good, 0)],
            ]
        );
    }
}
