//! Learning: the study rules, a learner's state folded from their log, and one session type
//! over every mode (the core's `kaotang::study::Session`): 每日答题, 挑战答题, 微考堂 with the
//! caller's clock, 专项答题, 错题本, 每日一题, 天天读.

use kaotang::study::{
    Answer, ChallengeSession, ChallengeSettings, DailyPlanSettings, Entry, ExamSession,
    ExamSettings, LearnerState, PracticeSettings, Step, StudyConfig, daily_plan, learner_report,
    practice_session, reading_day, today, wrong_book,
};
use kaotang::time::{Date, Timestamp};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::banks::Banks;
use crate::error::{Code, Failure, Result};
use crate::json::{config_from_js, from_js, options_from_js, to_js};

/// Seconds since 1970 (learner's local time) from a JS number: whole and exactly
/// representable, or `OUT_OF_RANGE`.
pub(crate) fn timestamp(name: &str, secs: f64) -> Result<Timestamp> {
    const SAFE: f64 = 9_007_199_254_740_991.0;
    if secs.fract() == 0.0 && secs.abs() <= SAFE {
        Ok(Timestamp(secs as i64))
    } else {
        Err(Failure::new(
            Code::OutOfRange,
            format!("{name} 应为整数秒，实际为 {secs}"),
        ))
    }
}

pub(crate) fn date(text: &str) -> Result<Date> {
    text.parse()
        .map_err(|e: kaotang::time::DateError| Failure::from(e))
}

/// The study rules: scheduler, rating, grading, points. One per app, shared by every call.
#[wasm_bindgen]
pub struct Study {
    pub(crate) inner: kaotang::study::Study,
}

#[wasm_bindgen]
impl Study {
    /// Rules from a `StudyConfig` (camelCase keys; every field optional), or the defaults.
    /// Throws `INVALID_SETTINGS` for settings out of range.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "StudyConfig")] config: Option<JsValue>,
    ) -> Result<Study> {
        let config: StudyConfig = options_from_js("config", &config)?;
        Ok(Study {
            inner: kaotang::study::Study::new(config)?,
        })
    }
}

/// A learner's state: cards, day log, points, streaks. The log is the truth: persist every
/// entry a session hands out, and rebuild the state from the log at start.
#[wasm_bindgen]
pub struct Learner {
    pub(crate) state: LearnerState,
}

#[wasm_bindgen]
impl Learner {
    /// A learner who has not answered anything.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Learner {
        Learner {
            state: LearnerState::default(),
        }
    }

    /// The state replayed from a learner's whole log.
    pub fn rebuild(
        study: &Study,
        #[wasm_bindgen(unchecked_param_type = "readonly LogEntry[]")] entries: JsValue,
    ) -> Result<Learner> {
        let entries: Vec<Entry> = from_js("entries", &entries)?;
        Ok(Learner {
            state: LearnerState::rebuild(&study.inner, &entries),
        })
    }

    /// Adds one log entry (e.g. one synced from another device).
    pub fn apply(
        &mut self,
        study: &Study,
        #[wasm_bindgen(unchecked_param_type = "LogEntry")] entry: JsValue,
    ) -> Result<()> {
        let entry: Entry = from_js("entry", &entry)?;
        self.state.apply(&study.inner, &entry);
        Ok(())
    }

    /// The state as versioned JSON text (a cache; the log stays the truth).
    pub fn save(&self) -> String {
        self.state.to_json()
    }

    /// A state saved with `save()`; throws `INVALID_JSON` for text of another shape or version.
    pub fn restore(text: &str) -> Result<Learner> {
        Ok(Learner {
            state: LearnerState::from_json(text)?,
        })
    }

    /// The card of question `id`, if the learner has answered it.
    #[wasm_bindgen(unchecked_return_type = "Card | undefined")]
    pub fn card(&self, id: &str) -> Result<JsValue> {
        match self.state.card(&kaotang::bank::QuestionId(id.to_owned())) {
            Some(card) => to_js(card),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// Points and streaks as of `date` (`YYYY-MM-DD`).
    #[wasm_bindgen(unchecked_return_type = "PointsTotals")]
    pub fn points(&self, date_: &str) -> Result<JsValue> {
        to_js(&kaotang::study::PointsPolicy::totals(
            &self.state,
            date(date_)?,
        ))
    }

    /// Progress: accuracy and retention overall and per period, card counts, the review load
    /// of the coming days.
    #[wasm_bindgen(unchecked_return_type = "LearnerReport")]
    pub fn progress(&self, study: &Study, banks: &Banks, now: f64) -> Result<JsValue> {
        to_js(&learner_report(
            &study.inner,
            banks.set(),
            &self.state,
            timestamp("now", now)?,
        ))
    }

    /// The wrong book (错题本): questions answered wrongly and not yet mastered.
    #[wasm_bindgen(js_name = wrongBook, unchecked_return_type = "WrongBook")]
    pub fn wrong_book(&self, banks: &Banks) -> Result<JsValue> {
        to_js(&wrong_book(banks.set(), &self.state))
    }

    /// 天天读 on `date` (`YYYY-MM-DD`): the reading the learner is on (the one read that day,
    /// else the first unread; `null` when all are read), their progress, and the linked
    /// questions (ask them with `Session.reading`).
    #[wasm_bindgen(js_name = readingDay, unchecked_return_type = "ReadingDay")]
    pub fn reading_day(&self, banks: &Banks, date_: &str) -> Result<JsValue> {
        to_js(&reading_day(banks.set(), &self.state, date(date_)?))
    }

    /// Marks reading `id` read at `now` (points the first time only): applies it to this
    /// learner and returns the log entry to persist. Throws `NOT_FOUND` for an unknown id.
    #[wasm_bindgen(js_name = markRead, unchecked_return_type = "LogEntry")]
    pub fn mark_read(
        &mut self,
        study: &Study,
        banks: &Banks,
        id: &str,
        now: f64,
    ) -> Result<JsValue> {
        let now = timestamp("now", now)?;
        let record = study
            .inner
            .mark_read(banks.set(), &mut self.state, id, now)?;
        to_js(&Entry::Read(record))
    }

    /// Today's plan (due reviews, new questions, wrong book) without starting a session.
    #[wasm_bindgen(js_name = dailyPlan, unchecked_return_type = "DailyPlan")]
    pub fn daily_plan(
        &self,
        study: &Study,
        banks: &Banks,
        now: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "DailyPlanSettings")] settings: Option<
            JsValue,
        >,
    ) -> Result<JsValue> {
        let settings: DailyPlanSettings = options_from_js("settings", &settings)?;
        let now = timestamp("now", now)?;
        to_js(&daily_plan(
            &study.inner,
            banks.set(),
            &self.state,
            now,
            &settings,
        ))
    }
}

/// An answer as JS gives it: `hintUsed` may be left out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerInput {
    response: Option<kaotang::grade::Response>,
    answer_ms: u32,
    #[serde(default)]
    hint_used: bool,
    at: Timestamp,
}

/// What one answer led to, with the log entry to persist before showing the feedback.
#[derive(Serialize)]
struct JsStep<'a> {
    #[serde(flatten)]
    step: &'a Step,
    entry: Option<Entry>,
}

/// A study session of any mode. Loop: `next` gives the question to show (no key), `answer`
/// grades it and returns the feedback with the `entry` to persist; `finish` ends early.
/// `save()` and `Session.restore` resume a session.
#[wasm_bindgen]
pub struct Session {
    inner: kaotang::study::Session,
}

#[wasm_bindgen]
impl Session {
    /// 每日答题: due reviews, new questions and the wrong book, by the study rules.
    pub fn daily(
        study: &Study,
        banks: &Banks,
        learner: &Learner,
        now: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "DailyPlanSettings")] settings: Option<
            JsValue,
        >,
    ) -> Result<Session> {
        let settings: DailyPlanSettings = options_from_js("settings", &settings)?;
        let plan = daily_plan(
            &study.inner,
            banks.set(),
            &learner.state,
            timestamp("now", now)?,
            &settings,
        );
        Ok(Session {
            inner: plan.session().into(),
        })
    }

    /// 挑战答题: answer until the first mistake (with revives), questions drawn with `seed`.
    pub fn challenge(
        banks: &Banks,
        learner: &Learner,
        seed: u64,
        #[wasm_bindgen(unchecked_optional_param_type = "ChallengeSettings")] settings: Option<
            JsValue,
        >,
    ) -> Result<Session> {
        let settings: ChallengeSettings = options_from_js("settings", &settings)?;
        Ok(Session {
            inner: ChallengeSession::new(banks.set(), &learner.state, &settings, seed).into(),
        })
    }

    /// 微考堂: a timed quiz drawn with `seed`, started at `started` (the caller's clock);
    /// answers after the deadline submit the exam.
    pub fn exam(
        banks: &Banks,
        seed: u64,
        started: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "ExamSettings")] settings: Option<JsValue>,
    ) -> Result<Session> {
        let settings: ExamSettings = options_from_js("settings", &settings)?;
        let started = timestamp("started", started)?;
        Ok(Session {
            inner: ExamSession::new(banks.set(), &settings, seed, started).into(),
        })
    }

    /// 专项答题: questions by period, tag, type or difficulty.
    pub fn practice(
        banks: &Banks,
        learner: &Learner,
        #[wasm_bindgen(unchecked_optional_param_type = "PracticeSettings")] settings: Option<
            JsValue,
        >,
    ) -> Result<Session> {
        let settings: PracticeSettings = options_from_js("settings", &settings)?;
        Ok(Session {
            inner: practice_session(banks.set(), &learner.state, &settings).into(),
        })
    }

    /// 错题本: the learner's wrong book as a drill.
    #[wasm_bindgen(js_name = wrongBook)]
    pub fn wrong_book(banks: &Banks, learner: &Learner) -> Session {
        Session {
            inner: wrong_book(banks.set(), &learner.state).session(None).into(),
        }
    }

    /// 每日一题 for `date` (`YYYY-MM-DD`), tied to 党史上的今天 when a question is.
    #[wasm_bindgen(js_name = questionOfTheDay)]
    pub fn question_of_the_day(banks: &Banks, date_: &str) -> Result<Session> {
        Ok(Session {
            inner: today(banks.set(), date(date_)?).session().into(),
        })
    }

    /// 天天读 questions on `date`: a session over the questions linked to the day's reading
    /// (logged under 天天读; answers do not change the schedule).
    pub fn reading(banks: &Banks, learner: &Learner, date_: &str) -> Result<Session> {
        Ok(Session {
            inner: reading_day(banks.set(), &learner.state, date(date_)?)
                .session()
                .into(),
        })
    }

    /// A session saved with `save()`.
    pub fn restore(text: &str) -> Result<Session> {
        Ok(Session {
            inner: kaotang::study::Session::from_json(text)?,
        })
    }

    /// The session as JSON text, to resume later.
    pub fn save(&self) -> String {
        self.inner.to_json()
    }

    /// The question to show at `now` (without its key), or `undefined` when the session is
    /// over (a 微考堂 past its deadline is submitted).
    #[wasm_bindgen(unchecked_return_type = "QuestionView | undefined")]
    pub fn next(&mut self, banks: &Banks, now: f64) -> Result<JsValue> {
        let now = timestamp("now", now)?;
        match self.inner.next(banks.set(), now) {
            Some(q) => to_js(&q.participant_view()),
            None => Ok(JsValue::UNDEFINED),
        }
    }

    /// The current question's hint (提示), if it has one and hints are allowed; the answer
    /// then earns no points.
    pub fn hint(&mut self, banks: &Banks) -> Result<Option<String>> {
        Ok(self.inner.hint(banks.set())?.map(str::to_owned))
    }

    /// Grades an answer to the current question and applies it to `learner`. The step's
    /// `entry` is what to persist (before showing the feedback).
    #[wasm_bindgen(unchecked_return_type = "Step")]
    pub fn answer(
        &mut self,
        study: &Study,
        banks: &Banks,
        learner: &mut Learner,
        #[wasm_bindgen(unchecked_param_type = "AnswerInput")] answer: JsValue,
    ) -> Result<JsValue> {
        let input: AnswerInput = config_from_js("answer", &answer)?;
        let answer = Answer {
            response: input.response,
            answer_ms: input.answer_ms,
            hint_used: input.hint_used,
            at: input.at,
        };
        let step = self
            .inner
            .answer(&study.inner, banks.set(), &mut learner.state, &answer)?;
        to_js(&JsStep {
            entry: step.entry(),
            step: &step,
        })
    }

    /// Ends the session now (a 微考堂 is submitted); returns the summary.
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn finish(&mut self, banks: &Banks, now: f64) -> Result<JsValue> {
        let now = timestamp("now", now)?;
        to_js(self.inner.finish(banks.set(), now))
    }

    /// How the session went so far.
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summary(&self) -> Result<JsValue> {
        to_js(self.inner.summary())
    }

    /// The 微考堂's deadline (seconds), if it has one.
    #[wasm_bindgen(getter)]
    pub fn deadline(&self) -> Option<f64> {
        self.inner.deadline().map(|t| t.0 as f64)
    }

    /// Whether hints may be shown.
    #[wasm_bindgen(getter, js_name = hintsAllowed)]
    pub fn hints_allowed(&self) -> bool {
        self.inner.hints_allowed()
    }
}
