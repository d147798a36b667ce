//! Question banks: loading (with diagnostics as data), the shipped banks, counts, questions.

use std::ffi::{CString, c_char};

use engine::bank::{BankSet, Diagnostic, QuestionId, Severity, check};

use crate::status::{
    Failure, Handle, KtStatus, Out, Result, free_handle, guard, handle, into_handle, put_json,
    slice, text,
};

/// A loaded set of banks: immutable, so one handle may be shared by any number of threads.
/// Made by [`kt_banks_load`] or [`kt_banks_shipped`], freed by [`kt_banks_free`].
pub struct KtBanks {
    pub(crate) set: BankSet,
}

impl Handle for KtBanks {
    const TAG: u64 = 0x6b74_0001_6261_6e6b;
    const NAME: &'static str = "KtBanks";
}

/// One bank file to load: its origin (a file name, used in diagnostics) and its YAML or JSON
/// text, both NUL-terminated UTF-8.
#[repr(C)]
pub struct KtBankFile {
    /// The name diagnostics give, e.g. `"question-banks/01-xinminzhu.yaml"`.
    pub origin: *const c_char,
    /// The file's text.
    pub text: *const c_char,
}

/// Every diagnostic of a load: errors and warnings, in file order. Freed by
/// [`kt_diagnostics_free`]; not to be used from two threads at once.
pub struct KtDiagnostics {
    list: Vec<Diagnostic>,
    /// The strings [`kt_diagnostics_get`] points into: origin, code, message per diagnostic.
    c_strings: Vec<[CString; 3]>,
}

impl Handle for KtDiagnostics {
    const TAG: u64 = 0x6b74_0002_6469_6167;
    const NAME: &'static str = "KtDiagnostics";
}

/// How serious a diagnostic is.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KtSeverity {
    /// The item is left out; the set does not load.
    Error = 0,
    /// Worth fixing; the set still loads.
    Warning = 1,
}

/// One diagnostic. The strings belong to the [`KtDiagnostics`] and live until it is freed.
#[repr(C)]
pub struct KtDiagnostic {
    /// The origin name of the file.
    pub origin: *const c_char,
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
    /// Error or warning.
    pub severity: KtSeverity,
    /// A stable code such as `"E010"` (listed in question-banks/README.md).
    pub code: *const c_char,
    /// What is wrong, in Chinese.
    pub message: *const c_char,
}

/// Counts over a bank set.
#[repr(C)]
pub struct KtBankCounts {
    /// Banks (files).
    pub banks: usize,
    /// Questions.
    pub questions: usize,
    /// Dated events (党史上的今天).
    pub events: usize,
    /// Readings (天天读).
    pub readings: usize,
    /// Distinct tags.
    pub tags: usize,
}

/// Which view of a question to return.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KtQuestionView {
    /// What a learner answers from: id, type, stem, choices, blanks, whether a hint exists;
    /// never the key, hint or explanation (`QuestionView` in the core).
    Participant = 0,
    /// The whole question as in a bank file: key, hint, explanation, source.
    Full = 1,
}

fn diagnostics(list: Vec<Diagnostic>) -> KtDiagnostics {
    let c = |s: &str| CString::new(s.replace('\0', "\u{FFFD}")).unwrap_or_default();
    let c_strings = list
        .iter()
        .map(|d| [c(&d.origin), c(d.code.as_str()), c(&d.message)])
        .collect();
    KtDiagnostics { list, c_strings }
}

/// Loads bank files (YAML or JSON) given as texts with origin names, checking ids across them.
///
/// On success `*out` is the set (free it with [`kt_banks_free`]). When any file has an error
/// the status is `KT_STATUS_INVALID_BANK`, `*out` is NULL and the last error names the first
/// problem. When `diagnostics` is not NULL it receives every error and warning in either case
/// (free it with [`kt_diagnostics_free`]): this is `kaotang bank check` as data.
///
/// # Safety
///
/// `files` points at `count` [`KtBankFile`]s whose strings are NUL-terminated; `out` and
/// `diagnostics` (if not NULL) are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_banks_load(
    files: *const KtBankFile,
    count: usize,
    out: *mut *mut KtBanks,
    diagnostics_out: *mut *mut KtDiagnostics,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let diags_out = if diagnostics_out.is_null() {
            None
        } else {
            Some(Out::cleared(diagnostics_out, "diagnostics")?)
        };
        let files = slice(files, count, "files")?;
        let texts = files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                Ok((
                    text(f.origin, &format!("files[{i}].origin"))?,
                    text(f.text, &format!("files[{i}].text"))?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        finish_load(check(&texts), out, diags_out)
    })
}

fn finish_load(
    checked: engine::bank::Checked,
    out: Out<*mut KtBanks>,
    diags_out: Option<Out<*mut KtDiagnostics>>,
) -> Result<()> {
    let first_error = checked
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(ToString::to_string);
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    if let Some(d) = diags_out {
        d.put(into_handle(diagnostics(checked.diagnostics)));
    }
    match first_error {
        Some(first) => Err(Failure::new(
            KtStatus::InvalidBank,
            format!("题库有 {errors} 个错误，首个：{first}"),
        )),
        None => {
            out.put(into_handle(KtBanks { set: checked.set }));
            Ok(())
        }
    }
}

/// The banks shipped with the library (embedded at build time): four periods of Party
/// history with their events and readings. Free with [`kt_banks_free`].
///
/// # Safety
///
/// `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_banks_shipped(out: *mut *mut KtBanks) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        finish_load(check(engine::bank::shipped::FILES), out, None)
    })
}

/// Frees a bank set. NULL is ignored.
///
/// # Safety
///
/// `banks` is NULL or a live handle, not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_banks_free(banks: *mut KtBanks) {
    free_handle(banks);
}

/// Counts banks, questions, events, readings and tags.
///
/// # Safety
///
/// `banks` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_banks_counts(
    banks: *const KtBanks,
    out: *mut KtBankCounts,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        out.put(KtBankCounts {
            banks: set.banks().len(),
            questions: set.questions().len(),
            events: set.events().len(),
            readings: set.readings().len(),
            tags: set.tags().count(),
        });
        Ok(())
    })
}

/// The full statistics as JSON (`kaotang bank stats --json`: per type, period, difficulty …).
/// `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `banks` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_banks_stats_json(
    banks: *const KtBanks,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        put_json(out, &handle(banks, "banks")?.set.stats())
    })
}

fn view_json(q: &engine::bank::Question, view: i32, out: Out<*mut c_char>) -> Result<()> {
    match view {
        v if v == KtQuestionView::Participant as i32 => put_json(out, &q.participant_view()),
        v if v == KtQuestionView::Full as i32 => put_json(out, q),
        _ => Err(Failure::new(
            KtStatus::OutOfRange,
            format!(
                "参数 view 的值 {view} 无效（应为 KT_QUESTION_VIEW_PARTICIPANT 或 KT_QUESTION_VIEW_FULL）"
            ),
        )),
    }
}

/// A question by id, as JSON in the chosen view ([`KtQuestionView`], passed as an int).
/// `KT_STATUS_NOT_FOUND` for an id the banks do not have. `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `banks` is a live handle; `id` is NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_banks_question(
    banks: *const KtBanks,
    id: *const c_char,
    view: i32,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let q = question(set, text(id, "id")?)?;
        view_json(q, view, out)
    })
}

/// The question at `index` (0 ≤ index < the question count, in bank order), as JSON in the
/// chosen view. `KT_STATUS_OUT_OF_RANGE` past the end. `*out` is freed with
/// [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `banks` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_banks_question_at(
    banks: *const KtBanks,
    index: usize,
    view: i32,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        let set = &handle(banks, "banks")?.set;
        let q = set.questions().get(index).ok_or_else(|| {
            Failure::new(
                KtStatus::OutOfRange,
                format!(
                    "题目序号 {index} 超出范围（共 {} 道题）",
                    set.questions().len()
                ),
            )
        })?;
        view_json(q, view, out)
    })
}

pub(crate) fn question<'a>(set: &'a BankSet, id: &str) -> Result<&'a engine::bank::Question> {
    let id = QuestionId(id.to_owned());
    set.question(&id)
        .ok_or_else(|| engine::study::StudyError::UnknownQuestion(id).into())
}

/// The number of diagnostics.
///
/// # Safety
///
/// `diagnostics` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_diagnostics_count(
    diagnostics: *const KtDiagnostics,
    out: *mut usize,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        out.put(handle(diagnostics, "diagnostics")?.list.len());
        Ok(())
    })
}

/// Diagnostic `index` (0 ≤ index < count). Its strings live until the [`KtDiagnostics`] is
/// freed.
///
/// # Safety
///
/// `diagnostics` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_diagnostics_get(
    diagnostics: *const KtDiagnostics,
    index: usize,
    out: *mut KtDiagnostic,
) -> KtStatus {
    guard(|| {
        let out = Out::new(out, "out")?;
        let d = handle(diagnostics, "diagnostics")?;
        let (Some(diag), Some([origin, code, message])) =
            (d.list.get(index), d.c_strings.get(index))
        else {
            return Err(Failure::new(
                KtStatus::OutOfRange,
                format!("诊断序号 {index} 超出范围（共 {} 条）", d.list.len()),
            ));
        };
        out.put(KtDiagnostic {
            origin: origin.as_ptr(),
            line: diag.pos.line,
            column: diag.pos.column,
            severity: match diag.severity {
                Severity::Error => KtSeverity::Error,
                Severity::Warning => KtSeverity::Warning,
            },
            code: code.as_ptr(),
            message: message.as_ptr(),
        });
        Ok(())
    })
}

/// Every diagnostic as a JSON array of `{origin, line, column, severity, code, message}`.
/// `*out` is freed with [`crate::status::kt_string_free`].
///
/// # Safety
///
/// `diagnostics` is a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_diagnostics_json(
    diagnostics: *const KtDiagnostics,
    out: *mut *mut c_char,
) -> KtStatus {
    guard(|| {
        let out = Out::cleared(out, "out")?;
        put_json(out, &handle(diagnostics, "diagnostics")?.list)
    })
}

/// Frees diagnostics. NULL is ignored.
///
/// # Safety
///
/// `diagnostics` is NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn kt_diagnostics_free(diagnostics: *mut KtDiagnostics) {
    free_handle(diagnostics);
}
