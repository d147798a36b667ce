//! Grading: a response as a learner types it, or as JSON, against a question.

use std::ffi::c_char;

use engine::grade::{GradeOptions, Response, grade, parse_response};

use crate::banks::{KtBanks, question};
use crate::status::{KtStatus, Out, guard, handle, json, json_or_default, put_json, text};

/// The outcome of grading one response.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KtGrade {
    /// Credit in [0, 1] (partial credit for 多选 under a partial policy, 填空, 排序, 配对).
    pub credit: f64,
    /// Full credit.
    pub correct: bool,
}

impl From<engine::grade::Grade> for KtGrade {
    fn from(g: engine::grade::Grade) -> Self {
        Self {
            credit: g.credit,
            correct: g.correct,
        }
    }
}

/// Grades a typed answer — `"ACD"`, `"对"`, `"南湖；嘉兴"`, `"BDAC"` — against question `id`.
///
/// `options_json` is NULL for the defaults or the core's `GradeOptions`, e.g.
/// `{"multi":{"policy":"partial"}}`. `KT_STATUS_INVALID_ANSWER` when the text is not an
/// answer to this question (the last error says what to type), `KT_STATUS_NOT_FOUND` for an
/// unknown id.
///
/// # Safety
///
/// `banks` is a live handle; the strings are NUL-terminated (`options_json` may be NULL);
/// `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_grade(
    banks: *const KtBanks,
    id: *const c_char,
    typed: *const c_char,
    options_json: *const c_char,
    out: *mut KtGrade,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let options: GradeOptions = json_or_default(options_json, "options_json")?;
        let q = question(set, text(id, "id")?)?;
        let response = parse_response(q, text(typed, "typed")?)?;
        out.put(grade(q, &response, &options)?.into());
        Ok(())
    })
}

/// Grades a response given as the core's `Response` JSON, against the authored option order:
/// `{"type":"choices","value":[0,2]}`, `{"type":"judge","value":true}`,
/// `{"type":"fill","value":["南湖"]}`, `{"type":"order","value":[1,3,0,2]}`,
/// `{"type":"match","value":[1,0,null]}`. Options as in [`kt_grade`].
///
/// # Safety
///
/// As [`kt_grade`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_grade_response(
    banks: *const KtBanks,
    id: *const c_char,
    response_json: *const c_char,
    options_json: *const c_char,
    out: *mut KtGrade,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let options: GradeOptions = json_or_default(options_json, "options_json")?;
        let q = question(set, text(id, "id")?)?;
        let response: Response = json(response_json, "response_json")?;
        out.put(grade(q, &response, &options)?.into());
        Ok(())
    })
}

/// Reads a typed answer into the core's `Response` JSON (what a session or a sheet stores).
/// `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `banks` is a live handle; the strings are NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_parse_response(
    banks: *const KtBanks,
    id: *const c_char,
    typed: *const c_char,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let q = question(set, text(id, "id")?)?;
        put_json(out, &parse_response(q, text(typed, "typed")?)?)
    })
}
