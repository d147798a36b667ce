//! Study sessions as handles: one core `Session` over every mode — 每日答题, 挑战答题,
//! 微考堂, 专项答题, 错题本, 每日一题 and 天天读. The loop is next question (participant view)
//! → answer → step (feedback with the log entry to persist) → summary; a session saves to
//! JSON and resumes. The mode-specific parts are only the constructors.

use std::ffi::c_char;

use engine::bank::BankSet;
use engine::grade::parse_response;
use engine::study::{
    Answer, ChallengeSession, ChallengeSettings, DailyPlanSettings, Entry, ExamSession,
    ExamSettings, PracticeSettings, Session, daily_plan, practice_session, reading_day, today,
    wrong_book,
};
use engine::time::{Date, Timestamp};

use crate::banks::KtBanks;
use crate::learner::{KtLearner, KtStudy};
use crate::status::{
    Failure, Handle, KtStatus, Out, Result, free_handle, guard, handle, handle_mut, into_c_string,
    into_handle, json_or_default, optional_text, put_json, text,
};

/// A study session of any mode. Made by a `kt_session_…` constructor or
/// [`kt_session_from_json`], freed by [`kt_session_free`]; not to be used from two threads at
/// once.
pub struct KtSession {
    session: Session,
}

impl Handle for KtSession {
    const TAG: u64 = 0x6b74_0009_7365_7373;
    const NAME: &'static str = "KtSession";
}

fn put_session(out: Out<*mut KtSession>, session: Session) -> Result<()> {
    out.put(into_handle(KtSession { session }));
    Ok(())
}

fn date(p: *const c_char) -> Result<Date> {
    let s = text(p, "date")?;
    s.parse().map_err(|e| {
        Failure::new(
            KtStatus::OutOfRange,
            format!("参数 date 的值“{s}”不是日期（应为 YYYY-MM-DD）：{e}"),
        )
    })
}

/// 每日答题: the daily plan at `now` (due reviews, new questions, the wrong book) under
/// `settings_json` (NULL or the core's `DailyPlanSettings`). Free with [`kt_session_free`].
///
/// # Safety
///
/// The handles are live; `settings_json` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_daily(
    study: *const KtStudy,
    banks: *const KtBanks,
    learner: *const KtLearner,
    now: i64,
    settings_json: *const c_char,
    out: *mut *mut KtSession,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let study = &handle(study, "study")?.study;
        let set = &handle(banks, "banks")?.set;
        let state = &handle(learner, "learner")?.state;
        let settings: DailyPlanSettings = json_or_default(settings_json, "settings_json")?;
        let plan = daily_plan(study, set, state, Timestamp(now), &settings);
        put_session(out, plan.session().into())
    })
}

/// 挑战答题: questions until the first wrong answer (with the revives of `settings_json`,
/// NULL or the core's `ChallengeSettings`), drawn with `seed`. Free with [`kt_session_free`].
///
/// # Safety
///
/// The handles are live; `settings_json` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_challenge(
    banks: *const KtBanks,
    learner: *const KtLearner,
    seed: u64,
    settings_json: *const c_char,
    out: *mut *mut KtSession,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let state = &handle(learner, "learner")?.state;
        let settings: ChallengeSettings = json_or_default(settings_json, "settings_json")?;
        put_session(
            out,
            ChallengeSession::new(set, state, &settings, seed).into(),
        )
    })
}

/// 微考堂: `settings_json` (NULL or the core's `ExamSettings`: count, time limit, filter)
/// questions drawn with `seed`, the clock started at `started`. The host passes the clock on
/// every call; an answer after the time limit is not counted and submits the exam. Free with
/// [`kt_session_free`].
///
/// # Safety
///
/// `banks` is a live handle; `settings_json` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_exam(
    banks: *const KtBanks,
    seed: u64,
    started: i64,
    settings_json: *const c_char,
    out: *mut *mut KtSession,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let settings: ExamSettings = json_or_default(settings_json, "settings_json")?;
        put_session(
            out,
            ExamSession::new(set, &settings, seed, Timestamp(started)).into(),
        )
    })
}

/// 专项答题: the questions of a period, tags or types in curriculum or seeded order
/// (`settings_json`: NULL or the core's `PracticeSettings`). Free with [`kt_session_free`].
///
/// # Safety
///
/// The handles are live; `settings_json` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_practice(
    banks: *const KtBanks,
    learner: *const KtLearner,
    settings_json: *const c_char,
    out: *mut *mut KtSession,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let state = &handle(learner, "learner")?.state;
        let settings: PracticeSettings = json_or_default(settings_json, "settings_json")?;
        put_session(out, practice_session(set, state, &settings).into())
    })
}

fn wrong_book_of<'a>(
    banks: *const KtBanks,
    learner: *const KtLearner,
) -> Result<(&'a BankSet, engine::study::WrongBook)> {
    let set = &handle(banks, "banks")?.set;
    let state = &handle(learner, "learner")?.state;
    Ok((set, wrong_book(set, state)))
}

/// The learner's 错题本 as the core's `WrongBook` JSON (every entry with its key, explanation
/// and history). `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// The handles are live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_wrong_book_json(
    banks: *const KtBanks,
    learner: *const KtLearner,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        put_json(out, &wrong_book_of(banks, learner)?.1)
    })
}

/// 错题本 drill: every question in the wrong book, in curriculum order. Free with
/// [`kt_session_free`].
///
/// # Safety
///
/// The handles are live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_wrong_book(
    banks: *const KtBanks,
    learner: *const KtLearner,
    out: *mut *mut KtSession,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let book = wrong_book_of(banks, learner)?.1;
        put_session(out, book.session(None).into())
    })
}

/// 党史上的今天 on `date` (`"YYYY-MM-DD"`): the core's `Today` JSON (the day's events, or the
/// nearest day's, the 每日一题 and the reading). `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `banks` is a live handle; `date` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_today_json(
    banks: *const KtBanks,
    date_text: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        put_json(out, &today(set, date(date_text)?))
    })
}

/// 每日一题 on `date`: a one-question session. Free with [`kt_session_free`].
///
/// # Safety
///
/// `banks` is a live handle; `date` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_today(
    banks: *const KtBanks,
    date_text: *const c_char,
    out: *mut *mut KtSession,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        put_session(out, today(set, date(date_text)?).session().into())
    })
}

/// 天天读 on `date`: the core's `ReadingDay` JSON (the reading the learner is on, and the
/// questions linked to it). `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// The handles are live; `date` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_reading_json(
    banks: *const KtBanks,
    learner: *const KtLearner,
    date_text: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let state = &handle(learner, "learner")?.state;
        put_json(out, &reading_day(set, state, date(date_text)?))
    })
}

/// 天天读 questions on `date`: a session over the questions linked to the day's reading. Free
/// with [`kt_session_free`].
///
/// # Safety
///
/// The handles are live; `date` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_reading(
    banks: *const KtBanks,
    learner: *const KtLearner,
    date_text: *const c_char,
    out: *mut *mut KtSession,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let state = &handle(learner, "learner")?.state;
        put_session(
            out,
            reading_day(set, state, date(date_text)?).session().into(),
        )
    })
}

/// Marks reading `id` read at `now`: applies it to the learner and writes the log entry to
/// persist (one JSON line) to `*entry_out`, freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// The handles are live; `id` is NUL-terminated; `entry_out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_mark_read(
    study: *const KtStudy,
    banks: *const KtBanks,
    learner: *mut KtLearner,
    id: *const c_char,
    now: i64,
    entry_out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(entry_out, "entry_out")?;
        let study = &handle(study, "study")?.study;
        let set = &handle(banks, "banks")?.set;
        let state = &mut handle_mut(learner, "learner")?.state;
        let record = study.mark_read(set, state, text(id, "id")?, Timestamp(now))?;
        out.put(into_c_string(Entry::Read(record).to_json()));
        Ok(())
    })
}

/// A session saved with [`kt_session_to_json`]. Free with [`kt_session_free`].
///
/// # Safety
///
/// `session_json` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_from_json(
    session_json: *const c_char,
    out: *mut *mut KtSession,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        put_session(
            out,
            Session::from_json(text(session_json, "session_json")?)?,
        )
    })
}

/// The session as one JSON line with its schema version, to save and resume. `*out` is freed
/// with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `session` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_to_json(
    session: *const KtSession,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        out.put(into_c_string(handle(session, "session")?.session.to_json()));
        Ok(())
    })
}

/// Frees a session. NULL is ignored.
///
/// # Safety
///
/// `session` is NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_free(session: *mut KtSession) {
    free_handle(session);
}

/// Where a session stands, for a progress line and a countdown.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KtSessionStatus {
    /// The 1-based number of the current question.
    pub number: u32,
    /// Questions in the session; 0 for 挑战答题 (it runs until a wrong answer).
    pub total: u32,
    /// Answers given so far.
    pub answered: u32,
    /// Fully right answers so far.
    pub correct: u32,
    /// Points earned so far.
    pub points: u32,
    /// Hints may be asked for.
    pub hints_allowed: bool,
    /// The session is over.
    pub finished: bool,
    /// When a 微考堂's time is up (seconds since 1970); 0 for other modes.
    pub deadline: i64,
}

/// Where the session stands.
///
/// # Safety
///
/// `session` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_status(
    session: *const KtSession,
    out: *mut KtSessionStatus,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let s = &handle(session, "session")?.session;
        let summary = s.summary();
        out.put(KtSessionStatus {
            number: s.number(),
            total: s.total().unwrap_or(0),
            answered: summary.answered,
            correct: summary.correct,
            points: summary.points,
            hints_allowed: s.hints_allowed(),
            finished: s.is_finished(),
            deadline: s.deadline().map_or(0, |t| t.0),
        });
        Ok(())
    })
}

/// The question to show at `now`, as the core's participant view JSON (`QuestionView`: no
/// key, hint or explanation). `KT_STATUS_FINISHED` (and `*out` NULL) when the session is over
/// or a 微考堂's time is up — then call [`kt_session_finish`]. `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// The handles are live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_next(
    session: *mut KtSession,
    banks: *const KtBanks,
    now: i64,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let s = &mut handle_mut(session, "session")?.session;
        let q = s
            .next(set, Timestamp(now))
            .ok_or(engine::study::StudyError::Finished)?;
        put_json(out, &q.participant_view())
    })
}

/// The current question's hint (提示), marking the answer as hinted (no points, rated at most
/// Hard). `*out` is NULL when the question has none. `KT_STATUS_INVALID_SETTINGS` in a mode
/// without hints (挑战答题, 微考堂). `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// The handles are live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_hint(
    session: *mut KtSession,
    banks: *const KtBanks,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let s = &mut handle_mut(session, "session")?.session;
        if let Some(h) = s.hint(set)? {
            out.put(into_c_string(h.to_owned()));
        }
        Ok(())
    })
}

/// Answers the current question with text as the learner typed it (`"ACD"`, `"对"`,
/// `"南湖；嘉兴"`, `"BDAC"`; NULL for 不会 or a timeout, graded wrong) at `now`, taking
/// `answer_ms`. The answer is graded, applied to the learner and the session moves on.
///
/// `*step_out` receives the core's `Step` JSON (`feedback` with credit, the key, the
/// explanation, points and the record; `finished`; a 微考堂's `report`). `*entry_out`
/// receives the log entry to persist before showing the feedback (one JSON line), or NULL
/// when the answer was not counted (a 微考堂 whose time was up). Both are freed with
/// [`crate::status::kt_string_free`]; `entry_out` may be NULL when the host keeps no log.
///
/// Text that is not an answer to this question is `KT_STATUS_INVALID_ANSWER` (the last error
/// says what to type) and the session stays on the question; `KT_STATUS_FINISHED` once over.
///
/// # Safety
///
/// The handles are live; `typed` is NULL or NUL-terminated; `step_out` is writable,
/// `entry_out` NULL or writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kt_session_answer(
    session: *mut KtSession,
    study: *const KtStudy,
    banks: *const KtBanks,
    learner: *mut KtLearner,
    typed: *const c_char,
    answer_ms: u32,
    now: i64,
    step_out: *mut *mut c_char,
    entry_out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let step_out = Out::cleared(step_out, "step_out")?;
        let entry_out = if entry_out.is_null() {
            None
        } else {
            Some(Out::cleared(entry_out, "entry_out")?)
        };
        let study = &handle(study, "study")?.study;
        let set = &handle(banks, "banks")?.set;
        let s = &mut handle_mut(session, "session")?.session;
        let state = &mut handle_mut(learner, "learner")?.state;
        let typed = optional_text(typed, "typed")?;
        let at = Timestamp(now);
        // The typed text is read against the question being answered; when there is none (the
        // session is over, or a 微考堂's time is up) the session decides what the answer does.
        let answer = match (typed, s.next(set, at)) {
            (Some(t), Some(q)) => Answer::new(parse_response(q, t)?, answer_ms, at),
            _ => Answer::skipped(answer_ms, at),
        };
        let step = s.answer(study, set, state, &answer)?;
        put_json(step_out, &step)?;
        if let (Some(out), Some(entry)) = (entry_out, step.entry()) {
            out.put(into_c_string(entry.to_json()));
        }
        Ok(())
    })
}

/// Ends the session at `now` (the learner stopped, input ended, or time is up): a 微考堂 is
/// submitted. `*out` receives the core's `Summary` JSON (with a 微考堂's `exam` report), freed
/// with [`crate::status::kt_string_free`]. Calling it again changes nothing.
///
/// # Safety
///
/// The handles are live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_finish(
    session: *mut KtSession,
    banks: *const KtBanks,
    now: i64,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let s = &mut handle_mut(session, "session")?.session;
        put_json(out, s.finish(set, Timestamp(now)))
    })
}

/// How the session went so far: the core's `Summary` JSON. `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `session` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_session_summary(
    session: *const KtSession,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        put_json(out, handle(session, "session")?.session.summary())
    })
}
