//! Failures as JS `KaotangError`s: a stable code (the C library's status names without the
//! `KT_STATUS_` prefix), a Chinese message, and the diagnostics of bank problems.

use kaotang::bank::{BankError, Diagnostic};
use kaotang::contest::{ContestError, StageError};
use kaotang::grade::GradeError;
use kaotang::schedule::ScheduleError;
use serde::Serialize;
use wasm_bindgen::prelude::*;

// The error class lives in plain JS (an `Error` subclass cannot be defined from Rust); the
// path is relative to the generated glue in `dist/wasm/`.
#[wasm_bindgen(raw_module = "../../js/errors.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(code: &str, message: &str, diagnostics: JsValue) -> JsValue;

    /// Keeps the message of a panic for the JS guard around every export.
    #[wasm_bindgen(js_name = recordPanic)]
    fn record_panic(message: &str);
}

/// Records each panic's message. The panic then traps (`panic = "abort"`), and the guard in
/// `js/api.js` turns the `WebAssembly.RuntimeError` into a `KaotangError` with code `INTERNAL`
/// and this message. (Throwing from the hook itself would leave std's "in panic hook" flag
/// set, so a second panic would abort without reaching the hook.)
pub(crate) fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        record_panic(&format!("库内部错误（已拦截）：{info}"));
    }));
}

/// The stable codes of [`Failure`] (`error.code` in JS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// An argument that is not the expected JSON shape.
    InvalidJson,
    /// Bank files with errors (`diagnostics` say where).
    InvalidBank,
    /// An id the banks do not have.
    NotFound,
    /// A number outside its range or arrays of mismatched lengths.
    OutOfRange,
    /// An answer that does not fit its question.
    InvalidAnswer,
    /// Invalid scheduler or study settings.
    InvalidSettings,
    /// The session has ended (no more questions).
    Finished,
    /// A contest configuration or paper that cannot be built, or an on-stage event that is
    /// not allowed now.
    Contest,
}

impl Code {
    fn as_str(self) -> &'static str {
        match self {
            Code::InvalidJson => "INVALID_JSON",
            Code::InvalidBank => "INVALID_BANK",
            Code::NotFound => "NOT_FOUND",
            Code::OutOfRange => "OUT_OF_RANGE",
            Code::InvalidAnswer => "INVALID_ANSWER",
            Code::InvalidSettings => "INVALID_SETTINGS",
            Code::Contest => "CONTEST",
            Code::Finished => "FINISHED",
        }
    }
}

/// A failed call, thrown to JS as a `KaotangError`.
#[derive(Debug)]
pub struct Failure {
    code: Code,
    message: String,
    diagnostics: Vec<Diagnostic>,
}

impl Failure {
    pub(crate) fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            diagnostics: Vec::new(),
        }
    }
}

/// A bank diagnostic as JS sees it: `file` rather than the core's `origin`.
#[derive(Serialize)]
struct JsDiagnostic<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    severity: kaotang::bank::Severity,
    code: &'static str,
    message: &'a str,
}

pub(crate) fn js_diagnostics(diagnostics: &[Diagnostic]) -> Vec<impl Serialize + '_> {
    diagnostics
        .iter()
        .map(|d| JsDiagnostic {
            file: &d.origin,
            line: d.pos.line,
            column: d.pos.column,
            severity: d.severity,
            code: d.code.as_str(),
            message: &d.message,
        })
        .collect()
}

impl From<Failure> for JsValue {
    fn from(f: Failure) -> JsValue {
        let diagnostics = if f.diagnostics.is_empty() {
            JsValue::UNDEFINED
        } else {
            crate::json::to_js(&js_diagnostics(&f.diagnostics)).unwrap_or(JsValue::UNDEFINED)
        };
        make_error(f.code.as_str(), &f.message, diagnostics)
    }
}

impl From<BankError> for Failure {
    fn from(e: BankError) -> Self {
        Self {
            code: Code::InvalidBank,
            message: e.to_string(),
            diagnostics: e.diagnostics,
        }
    }
}

impl From<GradeError> for Failure {
    fn from(e: GradeError) -> Self {
        Self::new(Code::InvalidAnswer, e.to_string())
    }
}

impl From<ScheduleError> for Failure {
    fn from(e: ScheduleError) -> Self {
        Self::new(Code::InvalidSettings, e.to_string())
    }
}

impl From<ContestError> for Failure {
    fn from(e: ContestError) -> Self {
        Self::new(Code::Contest, e.to_string())
    }
}

impl From<StageError> for Failure {
    fn from(e: StageError) -> Self {
        Self::new(Code::Contest, e.to_string())
    }
}

/// The result of every fallible export.
pub(crate) type Result<T, E = Failure> = std::result::Result<T, E>;
