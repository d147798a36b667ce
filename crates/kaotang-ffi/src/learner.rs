//! Learners: the study rules, a learner's state as a fold of their log, points and progress.
//!
//! The log is the truth: the host persists every entry it is handed (one JSON line each) and
//! rebuilds the state from the log at start with [`kt_learner_rebuild`].

use std::ffi::c_char;

use engine::schedule::{OptimizeOptions, optimize};
use engine::study::{
    Entry, LearnerState, Member, PointsPolicy, Study, StudyConfig, learner_report, org_report,
    review_histories,
};
use engine::time::{Date, Timestamp};

use crate::banks::KtBanks;
use crate::status::{
    Failure, Handle, KtStatus, Out, Result, free_handle, guard, handle, handle_mut, into_handle,
    json_or_default, put_json, text,
};

/// The rules learners study under (scheduler, rating rule, grading, points policy):
/// immutable, shareable across threads. Made by [`kt_study_new`], freed by [`kt_study_free`].
pub struct KtStudy {
    pub(crate) study: Study,
}

impl Handle for KtStudy {
    const TAG: u64 = 0x6b74_0007_7374_6479;
    const NAME: &'static str = "KtStudy";
}

/// One learner's state: cards, study days, points, readings. Made by [`kt_learner_new`],
/// [`kt_learner_from_json`] or [`kt_learner_rebuild`], freed by [`kt_learner_free`]; not to be
/// used from two threads at once.
pub struct KtLearner {
    pub(crate) state: LearnerState,
}

impl Handle for KtLearner {
    const TAG: u64 = 0x6b74_0008_6c72_6e72;
    const NAME: &'static str = "KtLearner";
}

/// Study rules from the core's `StudyConfig` JSON (NULL: the defaults — FSRS-6, retention
/// 0.9, the shipped points policy). `KT_STATUS_INVALID_SETTINGS` for invalid settings. Free
/// with [`kt_study_free`].
///
/// # Safety
///
/// `config_json` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_study_new(
    config_json: *const c_char,
    out: *mut *mut KtStudy,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let config: StudyConfig = json_or_default(config_json, "config_json")?;
        out.put(into_handle(KtStudy {
            study: Study::new(config)?,
        }));
        Ok(())
    })
}

/// Frees study rules. NULL is ignored.
///
/// # Safety
///
/// `study` is NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_study_free(study: *mut KtStudy) {
    free_handle(study);
}

/// A new learner (nothing answered yet). Free with [`kt_learner_free`].
///
/// # Safety
///
/// `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_learner_new(out: *mut *mut KtLearner) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        out.put(into_handle(KtLearner {
            state: LearnerState::default(),
        }));
        Ok(())
    })
}

/// A learner saved with [`kt_learner_to_json`] (a cache: the log stays the truth).
/// `KT_STATUS_INVALID_JSON` for another schema version or shape. Free with
/// [`kt_learner_free`].
///
/// # Safety
///
/// `json` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_learner_from_json(
    state_json: *const c_char,
    out: *mut *mut KtLearner,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let state = LearnerState::from_json(text(state_json, "state_json")?)?;
        out.put(into_handle(KtLearner { state }));
        Ok(())
    })
}

/// The learner's state as JSON with its schema version (`{"v":1,…}`). `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `learner` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_learner_to_json(
    learner: *const KtLearner,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        out.put(crate::status::into_c_string(
            handle(learner, "learner")?.state.to_json(),
        ));
        Ok(())
    })
}

/// Frees a learner. NULL is ignored.
///
/// # Safety
///
/// `learner` is NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_learner_free(learner: *mut KtLearner) {
    free_handle(learner);
}

fn entry(line: &str) -> Result<Entry> {
    Ok(Entry::from_json(line)?)
}

/// A log of JSON lines, blank lines skipped; a bad line is named.
fn read_log(log: &str) -> Result<Vec<Entry>> {
    log.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            entry(l).map_err(|f| Failure::new(f.status, format!("第 {} 行：{}", i + 1, f.message)))
        })
        .collect()
}

/// Adds one log entry (one JSON line as the sessions hand them out,
/// `{"v":1,"entry":"review",…}`) to the learner's state.
///
/// # Safety
///
/// `learner` and `study` are live handles; `entry_json` is NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_learner_apply(
    learner: *mut KtLearner,
    study: *const KtStudy,
    entry_json: *const c_char,
) -> KtStatus {
    guard(|| {
        let study = &handle(study, "study")?.study;
        let e = entry(text(entry_json, "entry_json")?)?;
        handle_mut(learner, "learner")?.state.apply(study, &e);
        Ok(())
    })
}

/// A learner's state rebuilt from their whole log: JSON lines, one entry each, blank lines
/// skipped. A bad line is `KT_STATUS_INVALID_JSON` naming the line, and no learner is made.
/// Free with [`kt_learner_free`].
///
/// # Safety
///
/// `study` is a live handle; `log` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_learner_rebuild(
    study: *const KtStudy,
    log: *const c_char,
    out: *mut *mut KtLearner,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let study = &handle(study, "study")?.study;
        let entries = read_log(text(log, "log")?)?;
        out.put(into_handle(KtLearner {
            state: LearnerState::rebuild(study, &entries),
        }));
        Ok(())
    })
}

/// Fits FSRS parameters to a learner's own log (JSON lines, as for [`kt_learner_rebuild`]):
/// the scheduled answers of each question form its review history. `options_json` is NULL or
/// the core's `OptimizeOptions`. `*out` receives the core's `Optimized` JSON
/// (`{"parameters":[…21],"fitted":…,"reviews":N}`; the defaults, unfitted, when the log is
/// too short), freed with [`crate::status::kt_string_free`]; pass the parameters to
/// [`crate::fsrs::kt_fsrs_new`] or in the `StudyConfig`.
///
/// # Safety
///
/// The strings are NUL-terminated (`options_json` may be NULL); `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_learner_optimize(
    log: *const c_char,
    options_json: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let entries = read_log(text(log, "log")?)?;
        let options: OptimizeOptions = json_or_default(options_json, "options_json")?;
        put_json(out, &optimize(&review_histories(&entries), &options)?)
    })
}

/// A question's card (schedule, streak, wrong book, counts) as the core's `Card` JSON.
/// `KT_STATUS_NOT_FOUND` when the learner never answered it. `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `learner` is a live handle; `id` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_learner_card(
    learner: *const KtLearner,
    id: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let state = &handle(learner, "learner")?.state;
        let id = text(id, "id")?;
        let card = state
            .card(&engine::bank::QuestionId(id.to_owned()))
            .ok_or_else(|| Failure::new(KtStatus::NotFound, format!("学员尚未答过题目“{id}”")))?;
        put_json(out, card)
    })
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

/// Points (积分) today, this week and in all on `date` (`"YYYY-MM-DD"`): the core's
/// `PointsTotals` as JSON. `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `learner` is a live handle; `date` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_learner_points(
    learner: *const KtLearner,
    date_text: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let state = &handle(learner, "learner")?.state;
        put_json(out, &PointsPolicy::totals(state, date(date_text)?))
    })
}

/// The progress report at `now` (seconds since 1970, learner's local time): streaks, points,
/// accuracy per period and tag, cards by stage, the wrong book, the next 14 days' reviews —
/// the core's `LearnerReport` as JSON. `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// The handles are live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_learner_progress(
    study: *const KtStudy,
    banks: *const KtBanks,
    learner: *const KtLearner,
    now: i64,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let study = &handle(study, "study")?.study;
        let set = &handle(banks, "banks")?.set;
        let state = &handle(learner, "learner")?.state;
        put_json(out, &learner_report(study, set, state, Timestamp(now)))
    })
}

/// One member of an organisation for [`kt_org_report`]: the core's `Member` as JSON
/// (`{"learner":"张三","unit":["某区","某单位","第一支部"]}`) and their learner state.
#[repr(C)]
pub struct KtOrgMember {
    /// The member, NUL-terminated JSON.
    pub member_json: *const c_char,
    /// Their state.
    pub learner: *const KtLearner,
}

/// The progress of an organisation from `from` to `to` (`"YYYY-MM-DD"`, inclusive): the
/// core's `OrgReport` JSON (per unit at every level: members, active members, answers,
/// accuracy, points). `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `members` points at `count` [`KtOrgMember`]s with live learners and NUL-terminated JSON;
/// the dates are NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_org_report(
    members: *const KtOrgMember,
    count: usize,
    from: *const c_char,
    to: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let (from, to) = (date(from)?, date(to)?);
        let given = crate::status::slice(members, count, "members")?;
        let read = given
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let member: Member =
                    crate::status::json(m.member_json, &format!("members[{i}].member_json"))?;
                let state = &handle(m.learner, &format!("members[{i}].learner"))?.state;
                Ok((member, state))
            })
            .collect::<Result<Vec<_>>>()?;
        let pairs: Vec<(&Member, &LearnerState)> = read.iter().map(|(m, s)| (m, *s)).collect();
        put_json(out, &org_report(&pairs, from, to))
    })
}
