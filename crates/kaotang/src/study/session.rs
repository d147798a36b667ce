//! One session type over every study mode, so that no front end re-implements the dispatch
//! between them: next question → answer → feedback (with the record to persist) → summary.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::state::{from_versioned, to_versioned};
use super::{
    Answer, ChallengeSession, Entry, ExamReport, ExamSession, Feedback, LearnerState, Mode,
    QuizSession, Study, StudyError,
};
use crate::bank::{BankSet, Question, QuestionId};
use crate::time::Timestamp;

/// A study session of any mode: 每日答题 (with learn-ahead and cram), 专项答题, 错题本,
/// 每日一题 and reading questions ([`QuizSession`]), 挑战答题 ([`ChallengeSession`]) and
/// 微考堂 ([`ExamSession`]).
///
/// A front end loops: [`Session::next`] gives the question to show, [`Session::hint`] its hint
/// when the learner asks, [`Session::answer`] grades the answer, applies it to the learner's
/// state and returns a [`Step`] whose [`Feedback`] carries the record to persist (persist it
/// before showing the feedback). A front end whose learner may study in two places at once
/// passes what the other places logged meanwhile to [`Session::sync`] before each answer
/// (in the same transaction as the append). When the learner stops early (input ends, Ctrl-C),
/// [`Session::finish`] ends it (an exam is then submitted). [`Session::summary`] tells how the
/// session went at any time. The session serialises to JSON ([`Session::to_json`]) and resumes
/// from it.
///
/// Hints are offered in every mode but 挑战答题 and 微考堂 ([`Session::with_hints`] changes
/// that). An answer given after a hint earns no points and rates at most Hard.
///
/// ```
/// use kaotang::study::{Answer, LearnerState, Session, Study, StudyConfig, Today};
/// use kaotang::time::Timestamp;
/// # let yaml = r#"
/// # bank: { id: demo, title: 示例, sources: [{ id: jianshi, title: 中国共产党简史 }] }
/// # questions:
/// #   - { id: d1, type: judge, stem: 遵义会议在1935年召开。, answer: true, explanation: 对。, hint: 1935年1月。, period: 新民主主义革命时期, difficulty: 1, source: { ref: jianshi } }
/// #   - { id: d2, type: judge, stem: 中共一大在1921年召开。, answer: true, explanation: 对。, period: 新民主主义革命时期, difficulty: 1, source: { ref: jianshi } }
/// # "#;
/// let banks = kaotang::bank::BankSet::load(&[("demo.yaml", yaml)])?;
/// let study = Study::new(StudyConfig::default())?;
/// let mut state = LearnerState::default();
/// let now = Timestamp(1_780_000_000);
/// let plan = kaotang::study::daily_plan(&study, &banks, &state, now, &Default::default());
/// let mut session = Session::from(plan.session());
/// let mut log = Vec::new();
/// while let Some(question) = session.next(&banks, now) {
///     let key = kaotang::grade::key_response(question);
///     let step = session.answer(&study, &banks, &mut state, &Answer::new(key, 3_000, now))?;
///     log.extend(step.entry()); // persist, then show step.feedback
///     // A session saved mid-way resumes where it was.
///     session = Session::from_json(&session.to_json())?;
/// }
/// let summary = session.summary();
/// assert_eq!((summary.answered, summary.correct, summary.finished), (2, 2, true));
/// assert_eq!(LearnerState::rebuild(&study, &log), state);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    run: Run,
    /// Hints may be shown.
    hints: bool,
    /// A hint was shown for the current question.
    hinted: bool,
    /// Questions another front end reviewed on the schedule since this session began
    /// ([`Session::sync`]): not reviewed again here.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    elsewhere: BTreeSet<QuestionId>,
    summary: Summary,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Run {
    Quiz(QuizSession),
    Challenge(ChallengeSession),
    Exam(ExamSession),
}

/// How a session went so far (or in all, once `finished`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    /// The mode answers are logged under.
    pub mode: Mode,
    /// Whether answers move the schedule (false for practice, cram, learn-ahead and, by
    /// default, 挑战答题 and 微考堂).
    pub scheduled: bool,
    /// Questions of the session (`None` for 挑战答题, which runs until a wrong answer).
    pub total: Option<u32>,
    /// Answers given (including 不会).
    pub answered: u32,
    /// Fully right answers.
    pub correct: u32,
    /// Answers given after a hint.
    pub hinted: u32,
    /// Points earned (including study-day bonuses).
    pub points: u32,
    /// The session is over.
    pub finished: bool,
    /// The report of a 微考堂, once submitted.
    pub exam: Option<ExamReport>,
}

/// What one answer led to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Step {
    /// The feedback with the record to persist; `None` when a 微考堂's time was up before
    /// the answer (the answer is not counted and the exam is submitted).
    pub feedback: Option<Feedback>,
    /// The session ended with this step.
    pub finished: bool,
    /// The 微考堂's report when this step submitted it.
    pub report: Option<ExamReport>,
}

impl Step {
    /// The log entry to persist, if the answer was counted.
    pub fn entry(&self) -> Option<Entry> {
        self.feedback
            .as_ref()
            .map(|f| Entry::Review(f.record.clone()))
    }
}

impl From<QuizSession> for Session {
    fn from(s: QuizSession) -> Self {
        Self::new(Run::Quiz(s))
    }
}

impl From<ChallengeSession> for Session {
    fn from(s: ChallengeSession) -> Self {
        Self::new(Run::Challenge(s))
    }
}

impl From<ExamSession> for Session {
    fn from(s: ExamSession) -> Self {
        Self::new(Run::Exam(s))
    }
}

impl Session {
    fn new(run: Run) -> Self {
        let (mode, scheduled, total) = match &run {
            Run::Quiz(s) => (s.mode(), s.scheduled(), Some(s.queue().len())),
            Run::Challenge(s) => (Mode::Challenge, s.scheduled(), None),
            Run::Exam(s) => (Mode::Exam, s.scheduled(), Some(s.questions().count())),
        };
        let finished = match &run {
            Run::Quiz(s) => s.next().is_none(),
            Run::Challenge(s) => s.is_finished(),
            Run::Exam(s) => s.report().is_some(),
        };
        Self {
            hints: !matches!(mode, Mode::Challenge | Mode::Exam),
            hinted: false,
            elsewhere: BTreeSet::new(),
            summary: Summary {
                mode,
                scheduled,
                total: total.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
                answered: 0,
                correct: 0,
                hinted: 0,
                points: 0,
                finished,
                exam: None,
            },
            run,
        }
    }

    /// Allows or forbids hints (by default off in 挑战答题 and 微考堂 only).
    #[must_use]
    pub fn with_hints(mut self, allowed: bool) -> Self {
        self.hints = allowed;
        self
    }

    /// Whether hints may be shown.
    pub fn hints_allowed(&self) -> bool {
        self.hints
    }

    /// The mode answers are logged under.
    pub fn mode(&self) -> Mode {
        self.summary.mode
    }

    /// Questions in the session (`None` for 挑战答题).
    pub fn total(&self) -> Option<u32> {
        self.summary.total
    }

    /// The 1-based number of the question [`Session::next`] gives.
    pub fn number(&self) -> u32 {
        self.summary.answered + 1
    }

    /// When a 微考堂's time is up.
    pub fn deadline(&self) -> Option<Timestamp> {
        match &self.run {
            Run::Exam(s) => Some(s.deadline()),
            _ => None,
        }
    }

    /// The session is over.
    pub fn is_finished(&self) -> bool {
        self.summary.finished
    }

    /// How the session went so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The question to show at `now`, moving past questions that left the banks; `None` when
    /// the session is over or a 微考堂's time is up (then call [`Session::finish`]).
    pub fn next<'b>(&mut self, banks: &'b BankSet, now: Timestamp) -> Option<&'b Question> {
        loop {
            let id = match &self.run {
                Run::Quiz(s) => s.next(),
                Run::Challenge(s) => s.next(),
                Run::Exam(s) => s.next(now),
            }?;
            // Skipped: left the banks, or already reviewed by another front end.
            if !self.elsewhere.contains(id)
                && let Some(q) = banks.question(id)
            {
                return Some(q);
            }
            self.hinted = false;
            match &mut self.run {
                Run::Quiz(s) => s.skip(),
                Run::Challenge(s) => s.skip(),
                Run::Exam(s) => s.skip(),
            }
        }
    }

    /// The hint of the current question, marking the answer as hinted (no points, rated at
    /// most Hard); `Ok(None)` when the question has none.
    ///
    /// # Errors
    ///
    /// [`StudyError::NoHints`] in a mode without hints, [`StudyError::Finished`] when there
    /// is no current question.
    pub fn hint<'b>(&mut self, banks: &'b BankSet) -> Result<Option<&'b str>, StudyError> {
        if !self.hints {
            return Err(StudyError::NoHints(self.mode().label()));
        }
        let id = match &self.run {
            Run::Quiz(s) => s.next(),
            Run::Challenge(s) => s.next(),
            Run::Exam(s) => s.current(),
        }
        .ok_or(StudyError::Finished)?;
        let hint = banks.question(id).and_then(|q| q.hint.as_deref());
        self.hinted |= hint.is_some();
        Ok(hint)
    }

    /// Grades `answer` to the current question, applies its record to `state` and moves on.
    /// A `None` response is 不会 (or a timeout): graded wrong.
    ///
    /// # Errors
    ///
    /// [`StudyError::Finished`] once over, [`StudyError::UnknownQuestion`] for a question
    /// that left the banks (the session moves past it), [`StudyError::Grade`] for a response
    /// that does not fit the question (the session stays on it: ask again).
    pub fn answer(
        &mut self,
        study: &Study,
        banks: &BankSet,
        state: &mut LearnerState,
        answer: &Answer,
    ) -> Result<Step, StudyError> {
        if self.summary.finished {
            return Err(StudyError::Finished);
        }
        let answer = Answer {
            hint_used: answer.hint_used || self.hinted,
            ..answer.clone()
        };
        let feedback = match &mut self.run {
            Run::Quiz(s) => {
                // Reviewed on the schedule elsewhere meanwhile: logged, not reviewed twice.
                let twice = s.next().is_some_and(|id| self.elsewhere.contains(id));
                let scheduled = s.scheduled() && !twice;
                Some(s.answer_as(study, banks, state, &answer, scheduled)?)
            }
            Run::Challenge(s) => Some(s.answer(study, banks, state, &answer)?),
            Run::Exam(s) => s.answer(study, banks, state, &answer)?,
        };
        self.hinted = false;
        let report = match &self.run {
            Run::Exam(s) => s.report().cloned(),
            _ => None,
        };
        let finished = report.is_some() || feedback.as_ref().is_some_and(|f| f.finished);
        if let Some(f) = &feedback {
            self.summary.answered += 1;
            self.summary.correct += u32::from(f.correct);
            self.summary.hinted += u32::from(f.record.hint_used);
            self.summary.points += f.points;
        }
        self.summary.finished = finished;
        self.summary.exam.clone_from(&report);
        Ok(Step {
            feedback,
            finished,
            report,
        })
    }

    /// Applies to `state` the entries other front ends (another process or device of the
    /// same learner) appended to the log since this one last read it, before the next answer
    /// is graded, so points caps and the schedule account for them. Questions those entries
    /// reviewed on the schedule are not reviewed twice: they leave what is left of this
    /// session's queue, and an answer to the one on screen is logged without moving the
    /// schedule again.
    pub fn sync(&mut self, study: &Study, state: &mut LearnerState, others: &[Entry]) {
        for e in others {
            state.apply(study, e);
            if let Entry::Review(r) = e
                && r.rating.is_some()
                && self.summary.scheduled
            {
                self.elsewhere.insert(r.question.clone());
            }
        }
    }

    /// Ends the session at `now` (the learner stopped, input ended or time is up): a 微考堂
    /// is submitted, with the questions never answered listed as 未作答 and left unrecorded.
    /// Returns the final summary. Calling it again changes nothing.
    pub fn finish(&mut self, banks: &BankSet, now: Timestamp) -> &Summary {
        if let Run::Exam(s) = &mut self.run
            && s.report().is_none()
        {
            self.summary.exam = s.submit(banks, now).ok();
        }
        self.summary.finished = true;
        &self.summary
    }

    /// The session as one line of JSON with the schema version.
    pub fn to_json(&self) -> String {
        to_versioned(self)
    }

    /// Reads [`Session::to_json`]'s output.
    ///
    /// # Errors
    ///
    /// [`StudyError::SchemaVersion`] for another version, [`StudyError::Json`] otherwise.
    pub fn from_json(json: &str) -> Result<Self, StudyError> {
        from_versioned(json)
    }
}
