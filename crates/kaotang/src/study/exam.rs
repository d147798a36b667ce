//! 微考堂: a short timed quiz scored out of 100, submitted automatically when time is up.

use serde::{Deserialize, Serialize};

use super::{Answer, Attempt, Feedback, LearnerState, Mode, Study, StudyError};
use crate::bank::{BankSet, QuestionFilter, QuestionId};
use crate::grade::Response;
use crate::rng::SeedRng;
use crate::time::Timestamp;

/// Settings of a micro-exam.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExamSettings {
    /// Which questions.
    pub filter: QuestionFilter,
    /// Number of questions (default 10).
    pub count: u32,
    /// Time limit in seconds (default 300).
    pub time_limit_secs: u32,
    /// Whether answers move the schedule (default false).
    pub scheduled: bool,
}

impl Default for ExamSettings {
    fn default() -> Self {
        Self {
            filter: QuestionFilter::default(),
            count: 10,
            time_limit_secs: 300,
            scheduled: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Slot {
    question: QuestionId,
    response: Option<Response>,
    credit: f64,
    answered: bool,
}

/// A micro-exam in progress. The caller passes the clock on each call; an answer after the
/// time limit is not counted and submits the exam.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamSession {
    slots: Vec<Slot>,
    position: usize,
    started: Timestamp,
    deadline: Timestamp,
    scheduled: bool,
    submitted: Option<ExamReport>,
}

/// A question not fully right, with what the learner should have answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WrongItem {
    /// The question.
    pub question: QuestionId,
    /// The stem.
    pub stem: String,
    /// Whether the learner answered it (`false`: 未作答, it was never answered before the
    /// exam ended; it scores 0 but is not recorded, so it neither enters the wrong book nor
    /// moves the schedule).
    pub answered: bool,
    /// The learner's response (`None`: not answered, or answered 不会).
    pub response: Option<Response>,
    /// The response written out (`A. 上海`), 未作答 when not answered, 不会 when answered
    /// without a response.
    pub response_text: String,
    /// Credit earned.
    pub credit: f64,
    /// The key written out, e.g. `B. 嘉兴南湖` ([`crate::grade::display_key`]).
    pub answer_text: String,
    /// 解析.
    pub explanation: String,
}

/// The result of a micro-exam.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExamReport {
    /// Score out of 100 (credit share over every question of the paper, to one decimal).
    pub score: f64,
    /// Fully right answers.
    pub correct: u32,
    /// Questions answered.
    pub answered: u32,
    /// Questions of the paper.
    pub total: u32,
    /// Seconds from the start to the submission (at most the time limit when time ran out).
    pub elapsed_secs: i64,
    /// Submitted because time was up.
    pub timed_out: bool,
    /// Every question not fully right, answered or not, in paper order, with its explanation.
    pub wrong: Vec<WrongItem>,
}

impl ExamSession {
    /// Draws `count` questions (seeded, uniformly without repeats) and starts the clock at
    /// `started`.
    pub fn new(banks: &BankSet, settings: &ExamSettings, seed: u64, started: Timestamp) -> Self {
        let mut pool = banks.select(&settings.filter);
        SeedRng::derived(seed, "exam", "").shuffle(&mut pool);
        let slots: Vec<Slot> = pool
            .into_iter()
            .take(settings.count as usize)
            .filter_map(|pos| banks.questions().get(pos))
            .map(|q| Slot {
                question: q.id.clone(),
                response: None,
                credit: 0.0,
                answered: false,
            })
            .collect();
        Self {
            slots,
            position: 0,
            started,
            deadline: started.add_secs(i64::from(settings.time_limit_secs)),
            scheduled: settings.scheduled,
            submitted: None,
        }
    }

    /// The question to answer now; `None` once submitted, all answered, or time is up at
    /// `now` (then call [`ExamSession::submit`]).
    pub fn next(&self, now: Timestamp) -> Option<&QuestionId> {
        if self.submitted.is_some() || now > self.deadline {
            return None;
        }
        self.slots.get(self.position).map(|s| &s.question)
    }

    /// The question being answered, ignoring the clock.
    pub(crate) fn current(&self) -> Option<&QuestionId> {
        if self.submitted.is_some() {
            return None;
        }
        self.slots.get(self.position).map(|s| &s.question)
    }

    /// Whether answers move the schedule.
    pub fn scheduled(&self) -> bool {
        self.scheduled
    }

    /// When time is up.
    pub fn deadline(&self) -> Timestamp {
        self.deadline
    }

    /// Seconds left at `now` (0 when time is up).
    pub fn remaining_secs(&self, now: Timestamp) -> i64 {
        self.deadline.secs_since(now).max(0)
    }

    /// The questions of the paper.
    pub fn questions(&self) -> impl Iterator<Item = &QuestionId> {
        self.slots.iter().map(|s| &s.question)
    }

    /// The report, once submitted.
    pub fn report(&self) -> Option<&ExamReport> {
        self.submitted.as_ref()
    }

    /// Answers the current question at `answer.at`. After the time limit the answer is not
    /// counted, the exam is submitted and `Ok(None)` is returned (the report is in
    /// [`ExamSession::report`]); after the last question the exam is submitted too.
    ///
    /// # Errors
    ///
    /// [`StudyError::Finished`] once submitted, [`StudyError::UnknownQuestion`] for a question
    /// that left the banks, [`StudyError::Grade`] for a response that does not fit.
    pub fn answer(
        &mut self,
        study: &Study,
        banks: &BankSet,
        state: &mut LearnerState,
        answer: &Answer,
    ) -> Result<Option<Feedback>, StudyError> {
        if self.submitted.is_some() {
            return Err(StudyError::Finished);
        }
        if answer.at > self.deadline {
            self.submit(banks, answer.at)?;
            return Ok(None);
        }
        let slot = self.slots.get(self.position).ok_or(StudyError::Finished)?;
        let question = banks
            .question(&slot.question)
            .ok_or_else(|| StudyError::UnknownQuestion(slot.question.clone()))?;
        let how = Attempt {
            mode: Mode::Exam,
            scheduled: self.scheduled,
            run_streak: None,
        };
        let mut feedback = study.attempt(state, question, how, answer)?;
        if let Some(slot) = self.slots.get_mut(self.position) {
            slot.response = answer.response.clone();
            slot.credit = feedback.grade.credit;
            slot.answered = true;
        }
        self.position += 1;
        if self.position >= self.slots.len() {
            self.submit(banks, answer.at)?;
            feedback.finished = true;
        }
        Ok(Some(feedback))
    }

    /// Moves past a question that left the banks (it stays unanswered).
    pub(crate) fn skip(&mut self) {
        self.position += 1;
    }

    /// Submits the exam at `now` (when time ran out or the learner stopped): questions never
    /// answered score 0 and are listed as 未作答, but leave no record, so they do not enter
    /// the wrong book or move the schedule. The score is out of 100.
    ///
    /// # Errors
    ///
    /// [`StudyError::Finished`] when already submitted.
    pub fn submit(&mut self, banks: &BankSet, now: Timestamp) -> Result<ExamReport, StudyError> {
        if self.submitted.is_some() {
            return Err(StudyError::Finished);
        }
        let timed_out = now > self.deadline;
        let at = now.min(self.deadline);
        let total = self.slots.len() as u32;
        let credit: f64 = self.slots.iter().map(|s| s.credit).sum();
        let score = if total == 0 {
            0.0
        } else {
            libm::round(credit * 1000.0 / f64::from(total)) / 10.0
        };
        let wrong = self
            .slots
            .iter()
            .filter(|s| s.credit < 1.0)
            .filter_map(|s| {
                let q = banks.question(&s.question)?;
                Some(WrongItem {
                    question: s.question.clone(),
                    stem: q.stem.clone(),
                    answered: s.answered,
                    response_text: match (&s.response, s.answered) {
                        (Some(r), _) => crate::grade::display_response(q, r),
                        (None, true) => "不会".to_owned(),
                        (None, false) => "未作答".to_owned(),
                    },
                    response: s.response.clone(),
                    credit: s.credit,
                    answer_text: crate::grade::display_key(q),
                    explanation: q.explanation.clone(),
                })
            })
            .collect();
        let report = ExamReport {
            score,
            correct: self.slots.iter().filter(|s| s.credit >= 1.0).count() as u32,
            answered: self.slots.iter().filter(|s| s.answered).count() as u32,
            total,
            elapsed_secs: at.secs_since(self.started),
            timed_out,
            wrong,
        };
        self.submitted = Some(report.clone());
        Ok(report)
    }
}
