//! 天天读: a reading plan through the readings in order.

use serde::{Deserialize, Serialize};

use super::plan::curriculum_key;
use super::{Entry, LearnerState, Mode, QuizSession, ReadRecord, Study, StudyError};
use crate::bank::{BankSet, QuestionId, Reading};
use crate::time::{Date, Timestamp};

/// Today's reading with the learner's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingDay {
    /// Today's reading: the one read today, else the first unread in reading order; `None`
    /// when every reading is read.
    pub reading: Option<Reading>,
    /// Readings read.
    pub read: usize,
    /// The place of today's reading in the learner's plan (1-based): the same however often
    /// the day is viewed, before and after it is marked read.
    pub number: usize,
    /// Readings in the plan.
    pub total: usize,
    /// Questions linked to today's reading (sharing one of its tags; same period first, then
    /// curriculum order), at most five.
    pub questions: Vec<QuestionId>,
}

impl ReadingDay {
    /// A session over the linked questions (logged under 天天读, no effect on the schedule).
    pub fn session(&self) -> QuizSession {
        QuizSession::new(Mode::Reading, self.questions.clone(), false)
    }
}

/// Today's reading for the learner on `date`.
pub fn reading_day(banks: &BankSet, state: &LearnerState, date: Date) -> ReadingDay {
    let readings = banks.readings();
    let reading = readings
        .iter()
        .find(|r| state.readings.get(&r.id) == Some(&date))
        .or_else(|| {
            readings
                .iter()
                .find(|r| !state.readings.contains_key(&r.id))
        });
    let questions = reading.map_or_else(Vec::new, |r| {
        let mut linked: Vec<usize> = r
            .tags
            .iter()
            .flat_map(|t| banks.tagged(t).iter().copied())
            .collect();
        linked.sort_unstable();
        linked.dedup();
        linked.sort_by_key(|&p| {
            let same = banks
                .questions()
                .get(p)
                .is_some_and(|q| q.period == r.period);
            (!same, curriculum_key(banks, p))
        });
        linked
            .into_iter()
            .take(5)
            .filter_map(|p| banks.questions().get(p).map(|q| q.id.clone()))
            .collect()
    });
    let read = readings
        .iter()
        .filter(|r| state.readings.contains_key(&r.id))
        .count();
    let read_today = reading.is_some_and(|r| state.readings.contains_key(&r.id));
    ReadingDay {
        reading: reading.cloned(),
        read,
        number: read + 1 - usize::from(read_today),
        total: readings.len(),
        questions,
    }
}

impl Study {
    /// Marks a reading read at `at`: applies the record to `state` and returns it to persist.
    ///
    /// # Errors
    ///
    /// [`StudyError::UnknownReading`] for an id no bank has.
    pub fn mark_read(
        &self,
        banks: &BankSet,
        state: &mut LearnerState,
        reading: &str,
        at: Timestamp,
    ) -> Result<ReadRecord, StudyError> {
        if !banks.readings().iter().any(|r| r.id == reading) {
            return Err(StudyError::UnknownReading(reading.to_owned()));
        }
        // A reading earns points once.
        let first = !state.readings.contains_key(reading);
        let award = self
            .config()
            .points
            .award(state, Mode::Reading, at, first, None);
        let record = ReadRecord {
            reading: reading.to_owned(),
            at,
            points: award.points,
            bonus: award.bonus,
        };
        state.apply(self, &Entry::Read(record.clone()));
        Ok(record)
    }
}
