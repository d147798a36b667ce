//! A queue of questions answered one after another: the daily plan, practice, the wrong book,
//! 每日一题 and the questions of a reading.

use serde::{Deserialize, Serialize};

use super::{Answer, Attempt, Feedback, LearnerState, Mode, Study, StudyError};
use crate::bank::{BankSet, QuestionId};

/// A session over a fixed queue of questions.
///
/// Questions no longer in the banks are skipped by [`QuizSession::next`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizSession {
    mode: Mode,
    queue: Vec<QuestionId>,
    scheduled: bool,
    position: usize,
    correct: u32,
}

impl QuizSession {
    /// A session over `queue`, logged under `mode`; answers move the schedule when
    /// `scheduled`.
    pub fn new(mode: Mode, queue: Vec<QuestionId>, scheduled: bool) -> Self {
        Self {
            mode,
            queue,
            scheduled,
            position: 0,
            correct: 0,
        }
    }

    /// The mode answers are logged under.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The whole queue.
    pub fn queue(&self) -> &[QuestionId] {
        &self.queue
    }

    /// The question to answer now, or `None` when the session is over.
    pub fn next(&self) -> Option<&QuestionId> {
        self.queue.get(self.position)
    }

    /// Questions answered so far.
    pub fn answered(&self) -> usize {
        self.position.min(self.queue.len())
    }

    /// Correct answers so far.
    pub fn correct(&self) -> u32 {
        self.correct
    }

    /// Whether answers move the schedule.
    pub fn scheduled(&self) -> bool {
        self.scheduled
    }

    /// Moves past a question that left the banks.
    pub(crate) fn skip(&mut self) {
        self.position += 1;
    }

    /// Answers the current question (a `None` response skips it, graded wrong), applies the
    /// record to `state` and moves on.
    ///
    /// # Errors
    ///
    /// [`StudyError::Finished`] after the last question, [`StudyError::UnknownQuestion`] when
    /// the question left the banks (the session moves past it), [`StudyError::Grade`] when
    /// the response does not fit the question (the session stays on it).
    pub fn answer(
        &mut self,
        study: &Study,
        banks: &BankSet,
        state: &mut LearnerState,
        answer: &Answer,
    ) -> Result<Feedback, StudyError> {
        self.answer_as(study, banks, state, answer, self.scheduled)
    }

    /// [`QuizSession::answer`], moving the schedule only when `scheduled`.
    pub(crate) fn answer_as(
        &mut self,
        study: &Study,
        banks: &BankSet,
        state: &mut LearnerState,
        answer: &Answer,
        scheduled: bool,
    ) -> Result<Feedback, StudyError> {
        let id = self.next().ok_or(StudyError::Finished)?;
        let Some(question) = banks.question(id) else {
            let id = id.clone();
            self.position += 1;
            return Err(StudyError::UnknownQuestion(id));
        };
        let how = Attempt {
            mode: self.mode,
            scheduled,
            run_streak: None,
        };
        let mut feedback = study.attempt(state, question, how, answer)?;
        self.position += 1;
        self.correct += u32::from(feedback.correct);
        feedback.finished = self.position >= self.queue.len();
        Ok(feedback)
    }
}
