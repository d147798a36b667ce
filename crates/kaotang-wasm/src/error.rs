//! Failures as JS `KaotangError`s: the core's stable code (`kaotang::error::ErrorCode`, the
//! C library's status names without the `KT_STATUS_` prefix), a Chinese message, and the
//! diagnostics of bank problems.

use kaotang::bank::{BankError, Diagnostic};
use kaotang::error::Coded;
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

/// The stable codes (`error.code` in JS): the core's, shared with the C library.
pub use kaotang::error::ErrorCode as Code;

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
        make_error(f.code.name(), &f.message, diagnostics)
    }
}

impl From<BankError> for Failure {
    fn from(e: BankError) -> Self {
        Self {
            code: e.code(),
            message: e.to_string(),
            diagnostics: e.diagnostics,
        }
    }
}

/// Core errors carry their code (`kaotang::error::Coded`) and their Chinese message.
macro_rules! coded_failures {
    ($($error:ty),* $(,)?) => {$(
        impl From<$error> for Failure {
            fn from(e: $error) -> Self {
                Self::new(e.code(), e.to_string())
            }
        }
    )*};
}

coded_failures!(
    kaotang::grade::GradeError,
    kaotang::schedule::ScheduleError,
    kaotang::study::StudyError,
    kaotang::contest::ContestError,
    kaotang::contest::StageError,
    kaotang::contest::SheetError,
    kaotang::time::DateError,
);

/// The result of every fallible export.
pub(crate) type Result<T, E = Failure> = std::result::Result<T, E>;
