//! One stable code for every failure, shared by the front ends: the C library's status
//! (`KT_STATUS_NOT_FOUND` = 5), the npm package's `error.code` (`"NOT_FOUND"`), and their
//! Chinese descriptions. Each core error type says its own code through [`Coded`], so the
//! bindings translate and never decide which code an error gets.

use std::ffi::CStr;

/// The stable code of a failure. The numbers are the C library's status values and never
/// change; new codes are added at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum ErrorCode {
    /// Success (the C status of a call that did not fail).
    Ok = 0,
    /// A required pointer argument was NULL (C only).
    NullArgument = 1,
    /// A string argument was not valid UTF-8 (C only).
    InvalidUtf8 = 2,
    /// A JSON argument could not be read, or did not have the expected shape; also saved
    /// data and sheet files that cannot be read.
    InvalidJson = 3,
    /// Bank files with errors (the diagnostics say where).
    InvalidBank = 4,
    /// An id (question, reading, form, section) that the banks or the contest do not have.
    NotFound = 5,
    /// A number outside its range (an index, a rating, a date), or arrays of mismatched
    /// lengths.
    OutOfRange = 6,
    /// An answer that does not fit its question.
    InvalidAnswer = 7,
    /// Invalid scheduler or study settings.
    InvalidSettings = 8,
    /// A contest configuration or paper that cannot be built, or an on-stage event that is
    /// not allowed now.
    Contest = 9,
    /// The session has ended (no more questions).
    Finished = 10,
    /// A handle of the wrong type, or one already freed (C only).
    WrongHandle = 11,
    /// An internal error (a panic caught at the boundary). A bug: please report it.
    Internal = 12,
}

impl ErrorCode {
    /// Every code, in the order of their numbers.
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::Ok,
        ErrorCode::NullArgument,
        ErrorCode::InvalidUtf8,
        ErrorCode::InvalidJson,
        ErrorCode::InvalidBank,
        ErrorCode::NotFound,
        ErrorCode::OutOfRange,
        ErrorCode::InvalidAnswer,
        ErrorCode::InvalidSettings,
        ErrorCode::Contest,
        ErrorCode::Finished,
        ErrorCode::WrongHandle,
        ErrorCode::Internal,
    ];

    /// The C status value.
    pub const fn status(self) -> i32 {
        self as i32
    }

    /// The code with this C status value, if there is one.
    pub fn from_status(status: i32) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.status() == status)
    }

    /// The name in SCREAMING_SNAKE_CASE (`"NOT_FOUND"`): JS's `error.code`, and the C
    /// constant without its `KT_STATUS_` prefix.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorCode::Ok => "OK",
            ErrorCode::NullArgument => "NULL_ARGUMENT",
            ErrorCode::InvalidUtf8 => "INVALID_UTF8",
            ErrorCode::InvalidJson => "INVALID_JSON",
            ErrorCode::InvalidBank => "INVALID_BANK",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::OutOfRange => "OUT_OF_RANGE",
            ErrorCode::InvalidAnswer => "INVALID_ANSWER",
            ErrorCode::InvalidSettings => "INVALID_SETTINGS",
            ErrorCode::Contest => "CONTEST",
            ErrorCode::Finished => "FINISHED",
            ErrorCode::WrongHandle => "WRONG_HANDLE",
            ErrorCode::Internal => "INTERNAL",
        }
    }

    /// What the code means, in Chinese, as a C string (`kt_status_text` hands it out).
    pub const fn c_text(self) -> &'static CStr {
        match self {
            ErrorCode::Ok => c"成功",
            ErrorCode::NullArgument => c"参数为空指针",
            ErrorCode::InvalidUtf8 => c"字符串不是有效的 UTF-8",
            ErrorCode::InvalidJson => c"JSON 无法读取或结构不符",
            ErrorCode::InvalidBank => c"题库有错误",
            ErrorCode::NotFound => c"找不到指定的对象",
            ErrorCode::OutOfRange => c"数值超出范围",
            ErrorCode::InvalidAnswer => c"答案与题目不符",
            ErrorCode::InvalidSettings => c"设置无效",
            ErrorCode::Contest => c"竞赛配置或试卷有误",
            ErrorCode::Finished => c"本次练习已结束",
            ErrorCode::WrongHandle => c"句柄类型错误或已释放",
            ErrorCode::Internal => c"库内部错误",
        }
    }

    /// What the code means, in Chinese (`"找不到指定的对象"`).
    pub fn text(self) -> &'static str {
        self.c_text().to_str().unwrap_or_default()
    }
}

/// An error that knows its [`ErrorCode`].
pub trait Coded: std::error::Error {
    /// The code front ends report this error with.
    fn code(&self) -> ErrorCode;
}

impl Coded for crate::bank::BankError {
    fn code(&self) -> ErrorCode {
        ErrorCode::InvalidBank
    }
}

impl Coded for crate::formats::ImportError {
    fn code(&self) -> ErrorCode {
        ErrorCode::InvalidBank
    }
}

impl Coded for crate::grade::GradeError {
    fn code(&self) -> ErrorCode {
        ErrorCode::InvalidAnswer
    }
}

impl Coded for crate::schedule::ScheduleError {
    fn code(&self) -> ErrorCode {
        ErrorCode::InvalidSettings
    }
}

impl Coded for crate::time::DateError {
    fn code(&self) -> ErrorCode {
        ErrorCode::OutOfRange
    }
}

impl Coded for crate::study::StudyError {
    fn code(&self) -> ErrorCode {
        use crate::study::StudyError as E;
        match self {
            E::Schedule(_) | E::Policy(_) | E::Setting { .. } | E::NoHints(_) => {
                ErrorCode::InvalidSettings
            }
            E::Grade(_) => ErrorCode::InvalidAnswer,
            E::UnknownQuestion(_) | E::UnknownReading(_) => ErrorCode::NotFound,
            E::Finished => ErrorCode::Finished,
            E::SchemaVersion { .. } | E::Json(_) => ErrorCode::InvalidJson,
        }
    }
}

impl Coded for crate::contest::ContestError {
    fn code(&self) -> ErrorCode {
        use crate::contest::ContestError as E;
        match self {
            E::UnknownQuestion { .. } | E::UnknownForm(_) | E::UnknownSection(_) => {
                ErrorCode::NotFound
            }
            E::Parse { .. } => ErrorCode::InvalidJson,
            _ => ErrorCode::Contest,
        }
    }
}

impl Coded for crate::contest::StageError {
    fn code(&self) -> ErrorCode {
        match self {
            crate::contest::StageError::Log { .. } => ErrorCode::InvalidJson,
            _ => ErrorCode::Contest,
        }
    }
}

impl Coded for crate::contest::PkError {
    fn code(&self) -> ErrorCode {
        ErrorCode::Contest
    }
}

/// A sheet file that cannot be read at all (no header, no id column) or a row that cannot
/// be scored.
impl Coded for crate::contest::SheetError {
    fn code(&self) -> ErrorCode {
        ErrorCode::InvalidJson
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_numbered_in_order_and_named_once() {
        for (i, code) in ErrorCode::ALL.iter().enumerate() {
            assert_eq!(code.status(), i as i32);
            assert_eq!(ErrorCode::from_status(i as i32), Some(*code));
            assert!(!code.text().is_empty());
        }
        assert_eq!(ErrorCode::from_status(13), None);
        let mut names: Vec<_> = ErrorCode::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::ALL.len());
    }

    #[test]
    fn errors_say_their_code() {
        use crate::contest::ContestError;
        use crate::study::StudyError;
        assert_eq!(StudyError::Finished.code(), ErrorCode::Finished);
        assert_eq!(
            StudyError::UnknownReading("r".into()).code(),
            ErrorCode::NotFound
        );
        assert_eq!(
            ContestError::UnknownForm("B".into()).code(),
            ErrorCode::NotFound
        );
        assert_eq!(
            ContestError::InvalidBlueprint("x".into()).code(),
            ErrorCode::Contest
        );
        assert_eq!(ErrorCode::NotFound.name(), "NOT_FOUND");
        assert_eq!(ErrorCode::NotFound.text(), "找不到指定的对象");
    }
}
