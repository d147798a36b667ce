//! The learning engine: a learner's cards and review log, the daily plan, and the study modes
//! (每日答题, 挑战答题, 微考堂, 专项答题, 错题本, 每日一题, 党史上的今天, 天天读), points (积分),
//! a study plan to a deadline and progress reports.
//!
//! # The log is the truth
//!
//! Every answer yields exactly one [`ReviewRecord`] (and every reading marked read one
//! [`ReadRecord`]); together they form the append-only log of [`Entry`]s. A [`LearnerState`]
//! is a fold of that log: [`LearnerState::apply`] adds one entry, [`LearnerState::rebuild`]
//! replays a whole log. A front end keeps the state in memory, persists each entry as the
//! sessions hand it out, and rebuilds the state from the log at start.
//!
//! # Sessions
//!
//! [`Session`] is the one session type over every mode: a front end asks it for the next
//! question, hands it the answer and persists the record in the returned [`Feedback`], then
//! shows the feedback; [`Session::summary`] says how it went, and the session serialises to
//! JSON to resume. Underneath, small state machines own their queue of [`QuestionId`]s and
//! take the [`Study`] rules, the [`BankSet`](crate::bank::BankSet) and the learner's state on
//! each call: [`QuizSession`] (daily plan, practice, wrong book, 每日一题), [`ChallengeSession`]
//! and [`ExamSession`]; each converts into a [`Session`] with `From`.
//!
//! # Example
//!
//! ```
//! use kaotang::study::{Answer, DailyPlanSettings, LearnerState, Study, StudyConfig, daily_plan};
//! use kaotang::time::Timestamp;
//!
//! let yaml = r#"
//! bank: { id: demo, title: 示例, sources: [{ id: jianshi, title: 中国共产党简史 }] }
//! questions:
//!   - id: demo-1
//!     type: judge
//!     stem: 遵义会议在1935年1月召开。
//!     answer: true
//!     explanation: 1935年1月，中共中央政治局在遵义召开扩大会议。
//!     period: 新民主主义革命时期
//!     difficulty: 1
//!     source: { ref: jianshi }
//! "#;
//! let banks = kaotang::bank::BankSet::load(&[("demo.yaml", yaml)])?;
//! let study = Study::new(StudyConfig::default())?;
//! let mut state = LearnerState::default();
//! let now = Timestamp(1_780_000_000);
//!
//! let plan = daily_plan(&study, &banks, &state, now, &DailyPlanSettings::default());
//! assert_eq!(plan.items.len(), 1); // one new question
//! let mut session = plan.session();
//! let id = session.next().cloned().unwrap();
//! let question = banks.question(&id).unwrap();
//! let response = kaotang::grade::key_response(question);
//! let feedback = session.answer(&study, &banks, &mut state, &Answer::new(response, 4_000, now))?;
//! assert!(feedback.correct && feedback.finished);
//!
//! // The record is the truth: persisting it and replaying gives the same state.
//! let log = [feedback.record.into()];
//! assert_eq!(LearnerState::rebuild(&study, &log), state);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod challenge;
mod deadline;
mod exam;
mod history;
mod plan;
mod points;
mod practice;
mod progress;
mod quiz;
mod reading;
mod session;
mod state;
mod today;
mod transfer;
mod wrongbook;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::bank::{Question, QuestionId};
use crate::grade::{Grade, GradeError, GradeOptions, Response, grade};
use crate::schedule::{
    AnyScheduler, QuizOutcome, RatingRule, ScheduleError, Scheduler, SchedulerConfig,
};
use crate::time::Timestamp;

pub use challenge::{ChallengeSession, ChallengeSettings};
pub use deadline::{DeadlineDay, DeadlineSettings, deadline_plan};
pub use exam::{ExamReport, ExamSession, ExamSettings, WrongItem};
pub use history::review_histories;
pub use plan::{DailyPlan, DailyPlanSettings, ItemKind, PlanItem, PlanKind, daily_plan};
pub use points::{ModeRule, PointsPolicy, PointsTotals, Threshold};
pub use practice::{PracticeOrder, PracticeSettings, practice_session};
pub use progress::{
    CardCounts, GroupStats, LearnerReport, Member, ModePoints, OrgReport, UnitStats,
    learner_report, org_report,
};
pub use quiz::QuizSession;
pub use reading::{ReadingDay, reading_day};
pub use session::{Session, Step, Summary};
pub use state::{Card, DayLog, Entry, LearnerState, ReadRecord, ReviewRecord, SCHEMA_VERSION};
pub use today::{Fallback, Today, today};
pub use transfer::{
    DamagedRecord, LearnerExport, LogRead, PROFILE_FORMAT, PROFILE_VERSION, ProfileExport,
    TransferError, read_log,
};
pub use wrongbook::{WrongBook, WrongEntry, wrong_book};

/// A study mode: where an answer was given. Serialised in snake case (`daily`, `challenge` …).
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
    Default,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// 每日答题: the daily plan of due reviews and new questions.
    #[default]
    Daily,
    /// 提前学习: questions not yet due, answered ahead (no effect on the schedule).
    LearnAhead,
    /// 突击复习: a cram session over a scope (no effect on the schedule).
    Cram,
    /// 每日一题 (党史上的今天).
    Today,
    /// 挑战答题: survival until the first wrong answer.
    Challenge,
    /// 微考堂: a short timed quiz.
    Exam,
    /// 专项答题: practice by period or tag.
    Practice,
    /// 错题本: reviewing past wrong answers.
    WrongBook,
    /// 天天读: reading, and the questions linked to the reading.
    Reading,
}

impl Mode {
    /// Every mode.
    pub const ALL: [Mode; 9] = [
        Mode::Daily,
        Mode::LearnAhead,
        Mode::Cram,
        Mode::Today,
        Mode::Challenge,
        Mode::Exam,
        Mode::Practice,
        Mode::WrongBook,
        Mode::Reading,
    ];

    /// The Chinese name (每日答题 …).
    pub fn label(self) -> &'static str {
        match self {
            Mode::Daily => "每日答题",
            Mode::LearnAhead => "提前学习",
            Mode::Cram => "突击复习",
            Mode::Today => "每日一题",
            Mode::Challenge => "挑战答题",
            Mode::Exam => "微考堂",
            Mode::Practice => "专项答题",
            Mode::WrongBook => "错题本",
            Mode::Reading => "天天读",
        }
    }
}

/// The learning engine's settings (serde; every field has a default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct StudyConfig {
    /// The spaced-repetition scheduler (FSRS-6 by default).
    pub scheduler: SchedulerConfig,
    /// How a graded answer becomes a rating.
    pub rating: RatingRule,
    /// How answers are graded (multiple-choice partial credit).
    pub grading: GradeOptions,
    /// Time a prepared learner needs per question, in milliseconds, for the rating rule's
    /// speed bands; 0 ignores timing. Default 0: quizzes are read aloud or read slowly by many
    /// learners, so speed is not held against them unless configured.
    pub expected_ms: u32,
    /// A question leaves the wrong book after correct answers on this many different days,
    /// with no wrong answer in between (default 3).
    pub wrong_book_exit: WrongBookExit,
    /// The points (积分) policy.
    pub points: PointsPolicy,
}

/// Days with a correct answer (no wrong one since) that take a question out of the wrong book
/// (default 3, at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WrongBookExit(pub u32);

impl Default for WrongBookExit {
    fn default() -> Self {
        Self(3)
    }
}

/// The rules a learner studies under: the [`StudyConfig`] with its scheduler built.
#[derive(Debug, Clone)]
pub struct Study {
    config: StudyConfig,
    scheduler: AnyScheduler,
}

impl Study {
    /// Checks the configuration and builds the scheduler.
    ///
    /// # Errors
    ///
    /// [`StudyError::Schedule`] for invalid scheduler settings, [`StudyError::Policy`] for an
    /// invalid points policy.
    pub fn new(config: StudyConfig) -> Result<Self, StudyError> {
        let scheduler = config.scheduler.build()?;
        config.points.check()?;
        Ok(Self { config, scheduler })
    }

    /// The configuration.
    pub fn config(&self) -> &StudyConfig {
        &self.config
    }

    /// The scheduler.
    pub fn scheduler(&self) -> &AnyScheduler {
        &self.scheduler
    }

    /// The predicted probability of recall of a card at `now` (0 for a new card).
    pub fn retrievability(&self, card: &Card, now: Timestamp) -> f64 {
        self.scheduler.retrievability(&card.schedule, now)
    }

    /// Grades an attempt at `question`, builds its record, applies it to `state` and returns
    /// the feedback.
    pub(crate) fn attempt(
        &self,
        state: &mut LearnerState,
        question: &Question,
        how: Attempt,
        answer: &Answer,
    ) -> Result<Feedback, StudyError> {
        let graded = match &answer.response {
            Some(r) => grade(question, r, &self.config.grading)?,
            None => Grade::WRONG,
        };
        let card = state.card(&question.id).cloned().unwrap_or_default();
        let rating = how.scheduled.then(|| {
            self.config.rating.rate(
                &QuizOutcome {
                    correct: graded.correct,
                    credit: graded.credit,
                    answer_ms: answer.answer_ms,
                    expected_ms: self.config.expected_ms,
                    hint_used: answer.hint_used,
                },
                &card.schedule,
            )
        });
        let run_streak = how.run_streak.map(|s| s + u32::from(graded.correct));
        // A hint usually gives the answer away: the answer earns no points (the rating rule
        // caps it at Hard).
        let earns = graded.correct && !answer.hint_used;
        let award = self
            .config
            .points
            .award(state, how.mode, answer.at, earns, run_streak);
        let was_in_book = card.wrong_book;
        let record = ReviewRecord {
            question: question.id.clone(),
            at: answer.at,
            mode: how.mode,
            response: answer.response.clone(),
            credit: graded.credit,
            correct: graded.correct,
            rating,
            elapsed_days: card.schedule.elapsed_days(answer.at),
            answer_ms: answer.answer_ms,
            hint_used: answer.hint_used,
            points: award.points,
            bonus: award.bonus,
            streak: run_streak,
        };
        state.apply_review(self, &record);
        let after = state.card(&question.id).cloned().unwrap_or_default();
        let needed = self.config.wrong_book_exit.0.max(1);
        let wrong_book = match (was_in_book, after.wrong_book, graded.correct) {
            (false, true, _) => WrongBookMark::Added,
            (true, true, false) => WrongBookMark::Again,
            (true, false, _) => WrongBookMark::Removed,
            (true, true, true) => WrongBookMark::Progress {
                done: after.wrong_book_days,
                needed,
                counted: after.wrong_book_days > card.wrong_book_days,
            },
            (false, false, _) => WrongBookMark::NotIn,
        };
        Ok(Feedback {
            question: question.id.clone(),
            grade: graded,
            correct: graded.correct,
            answer_text: crate::grade::display_key(question),
            explanation: question.explanation.clone(),
            points: award.points + award.bonus,
            next_review: rating.map(|_| NextReview {
                due: after.schedule.due,
                days: u32::try_from(after.schedule.due.date().days_since(answer.at.date()))
                    .unwrap_or(0),
            }),
            wrong_book,
            revive_used: false,
            record,
            finished: false,
        })
    }
}

/// How an attempt counts: its mode, whether it moves the schedule, and in a challenge the
/// run's streak before this answer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attempt {
    pub mode: Mode,
    pub scheduled: bool,
    pub run_streak: Option<u32>,
}

/// One answer as the front end collects it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The response, against the authored option order; `None` when skipped or timed out
    /// (graded as wrong).
    pub response: Option<Response>,
    /// Time taken, in milliseconds.
    pub answer_ms: u32,
    /// A hint was shown before answering.
    pub hint_used: bool,
    /// When the answer was given (the caller's clock, learner's local time).
    pub at: Timestamp,
}

impl Answer {
    /// An answer without a hint.
    pub fn new(response: crate::grade::Response, answer_ms: u32, at: Timestamp) -> Self {
        Self {
            response: Some(response),
            answer_ms,
            hint_used: false,
            at,
        }
    }

    /// A skipped or timed-out question.
    pub fn skipped(answer_ms: u32, at: Timestamp) -> Self {
        Self {
            response: None,
            answer_ms,
            hint_used: false,
            at,
        }
    }
}

/// What the learner is told after an answer, with the record to persist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Feedback {
    /// The question answered.
    pub question: QuestionId,
    /// Credit and correctness.
    pub grade: Grade,
    /// Fully right.
    pub correct: bool,
    /// The key written out, e.g. `B. 嘉兴南湖` ([`crate::grade::display_key`]).
    pub answer_text: String,
    /// 解析.
    pub explanation: String,
    /// Points earned by this answer (including a study-day bonus). An answer after a hint
    /// earns none (`record.hint_used`).
    pub points: u32,
    /// When the question comes back, for an answer that moved the schedule (`None` in
    /// practice, cram, learn-ahead, challenge and exam by default).
    pub next_review: Option<NextReview>,
    /// What the answer did to the wrong book (错题本).
    pub wrong_book: WrongBookMark,
    /// In 挑战答题: this wrong answer used a revive and the run goes on.
    pub revive_used: bool,
    /// The record of this answer: persist it (it is already applied to the state).
    pub record: ReviewRecord,
    /// The session has ended with this answer.
    pub finished: bool,
}

/// When a question is next due after an answer that moved the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NextReview {
    /// The due instant (midnight of the due day once graduated).
    pub due: Timestamp,
    /// Calendar days from the answer's day to the due day (0: again today, in learning).
    pub days: u32,
}

/// What one answer did to the wrong book (错题本). A question leaves the book after
/// [`StudyConfig::wrong_book_exit`] correct answers on as many different days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "mark", rename_all = "snake_case")]
pub enum WrongBookMark {
    /// Not in the book, and still not.
    NotIn,
    /// Answered wrong: added to the book (已加入错题本).
    Added,
    /// In the book and answered wrong again: its count of correct days starts over.
    Again,
    /// In the book and answered right: `done` of `needed` days (已连对 done/needed);
    /// `counted` is false when a correct answer was already counted today.
    Progress {
        /// Days with a correct answer since the last wrong one.
        done: u32,
        /// Days needed to leave the book.
        needed: u32,
        /// This answer added a day.
        counted: bool,
    },
    /// Answered right on enough days: out of the book (已移出错题本).
    Removed,
}

/// Why a study operation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StudyError {
    /// Invalid scheduler settings.
    #[error("调度设置无效：{0}")]
    Schedule(#[from] ScheduleError),
    /// The response does not fit the question.
    #[error("{0}")]
    Grade(#[from] GradeError),
    /// A question id that no loaded bank has.
    #[error("题库中没有题目“{0}”")]
    UnknownQuestion(QuestionId),
    /// A reading id that no loaded bank has.
    #[error("题库中没有阅读材料“{0}”")]
    UnknownReading(String),
    /// The session has no more questions.
    #[error("本次练习已结束")]
    Finished,
    /// A hint was asked for in a mode that gives none.
    #[error("{0}不提供提示")]
    NoHints(&'static str),
    /// Saved data of another schema version.
    #[error("学习记录的格式版本为 {found}，本程序支持版本 {expected}")]
    SchemaVersion {
        /// The version found.
        found: u32,
        /// The version this build reads.
        expected: u32,
    },
    /// Saved data that is not valid JSON of the expected shape.
    #[error("学习记录无法读取：{0}")]
    Json(String),
    /// A points policy that cannot be read or is inconsistent (with line and column when read
    /// from YAML).
    #[error("积分规则有误：{0}")]
    Policy(String),
    /// Invalid settings of a study mode.
    #[error("设置 {name} 无效：{reason}")]
    Setting {
        /// The field.
        name: &'static str,
        /// What is wrong (Chinese).
        reason: String,
    },
}
