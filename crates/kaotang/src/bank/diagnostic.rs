//! Compiler-style diagnostics for bank files: `file:line:column: 错误[E012]: …`.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The item is unusable; `kaotang bank check` fails.
    Error,
    /// Worth a look; the item is still loaded.
    Warning,
}

/// A stable diagnostic code. The numbers never change meaning; new checks get new numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Code {
    /// E001: the text is not well-formed YAML or JSON.
    Syntax,
    /// E002: refused input (too large, too deeply nested, anchors and aliases, several documents).
    Refused,
    /// E003: a value of the wrong shape (a list where a mapping is expected …).
    WrongShape,
    /// E004: an unknown field.
    UnknownField,
    /// E005: a missing required field.
    MissingField,
    /// E006: the same key twice in one mapping.
    DuplicateKey,
    /// E007: empty text.
    EmptyText,
    /// E008: text over its length limit.
    TooLong,
    /// E009: an id with characters other than letters, digits, `-` and `_`.
    BadId,
    /// E010: a question id used twice (within or across banks).
    DuplicateQuestionId,
    /// E011: an unknown question type.
    UnknownType,
    /// E012: an answer letter with no matching option.
    AnswerOutOfRange,
    /// E013: the same option twice.
    DuplicateOption,
    /// E014: too few or too many options, items or pairs.
    OptionCount,
    /// E015: a judge answer that is not `true` or `false`.
    JudgeNotBoolean,
    /// E016: blanks in the stem do not match the fill answers.
    BlankMismatch,
    /// E017: an order answer that is not a permutation of the items.
    MalformedOrder,
    /// E018: a match answer that does not pair every left item with a distinct right item.
    MalformedMatch,
    /// E019: difficulty outside 1–5.
    DifficultyRange,
    /// E020: a source reference with no matching source in the bank.
    UnknownSource,
    /// E021: a malformed or impossible date (e.g. 02-30).
    BadDate,
    /// E022: an unknown period.
    UnknownPeriod,
    /// E023: the wrong number of correct answers for the type (single: one; multiple: two or more).
    AnswerCount,
    /// E024: a source id used twice in one bank.
    DuplicateSource,
    /// E025: a bank id used twice.
    DuplicateBank,
    /// E026: a reading id or reading order used twice.
    DuplicateReading,
    /// E027: a number out of its range (version, year, order).
    NumberRange,
    /// E028: an imported construct with no kaotang equivalent (GIFT numerical, essay …).
    Unsupported,
    /// E029: a file that is not in the expected text encoding (UTF-8, GBK/GB18030).
    Encoding,
    /// E030: more errors in one file than are listed ([`MAX_LISTED`]); the rest are counted.
    Unlisted,
    /// W101: a near-duplicate question (same normalised stem and options).
    NearDuplicate,
    /// W102: an event date on a question with no event on that date.
    UnlinkedEvent,
    /// W103: the same event twice (same date and title).
    DuplicateEvent,
    /// W104: a reading outside 200–500 Han characters.
    ReadingLength,
    /// W105: part of an imported question that kaotang does not keep (per-answer feedback,
    /// partial-credit weights); the question itself is imported.
    Dropped,
    /// W106: more warnings in one file than are listed ([`MAX_LISTED`]); the rest are counted.
    UnlistedWarnings,
}

impl Code {
    /// The stable code, e.g. `E012`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "E001",
            Code::Refused => "E002",
            Code::WrongShape => "E003",
            Code::UnknownField => "E004",
            Code::MissingField => "E005",
            Code::DuplicateKey => "E006",
            Code::EmptyText => "E007",
            Code::TooLong => "E008",
            Code::BadId => "E009",
            Code::DuplicateQuestionId => "E010",
            Code::UnknownType => "E011",
            Code::AnswerOutOfRange => "E012",
            Code::DuplicateOption => "E013",
            Code::OptionCount => "E014",
            Code::JudgeNotBoolean => "E015",
            Code::BlankMismatch => "E016",
            Code::MalformedOrder => "E017",
            Code::MalformedMatch => "E018",
            Code::DifficultyRange => "E019",
            Code::UnknownSource => "E020",
            Code::BadDate => "E021",
            Code::UnknownPeriod => "E022",
            Code::AnswerCount => "E023",
            Code::DuplicateSource => "E024",
            Code::DuplicateBank => "E025",
            Code::DuplicateReading => "E026",
            Code::NumberRange => "E027",
            Code::Unsupported => "E028",
            Code::Encoding => "E029",
            Code::Unlisted => "E030",
            Code::NearDuplicate => "W101",
            Code::UnlinkedEvent => "W102",
            Code::DuplicateEvent => "W103",
            Code::ReadingLength => "W104",
            Code::Dropped => "W105",
            Code::UnlistedWarnings => "W106",
        }
    }

    /// Errors start with `E`, warnings with `W`.
    pub fn severity(self) -> Severity {
        if self.as_str().starts_with('E') {
            Severity::Error
        } else {
            Severity::Warning
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A line and column in a bank file, both counted from 1 (columns in characters).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Pos {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
}

/// One problem found in a bank file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file (or other origin name) it was found in.
    pub origin: String,
    /// Where in it.
    #[serde(flatten)]
    pub pos: Pos,
    /// Error or warning.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic whose severity follows from its code.
    pub fn new(origin: &str, pos: Pos, code: Code, message: impl Into<String>) -> Self {
        Self {
            origin: origin.to_owned(),
            pos,
            severity: code.severity(),
            code,
            message: message.into(),
        }
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.origin, self.pos.line, self.pos.column, kind, self.code, self.message
        )
    }
}

/// Most diagnostics listed for one file: a file of a million broken items gets the first
/// ones and a count of the rest, not gigabytes of messages.
pub const MAX_LISTED: usize = 1000;

/// Longest user text echoed in a message, in characters; longer text is shortened with `…`.
pub const MAX_ECHO: usize = 40;

/// `text` as quoted in a message: at most [`MAX_ECHO`] characters, then `…（共 N 字）`.
///
/// ```
/// use kaotang::bank::echo;
/// assert_eq!(echo("xmz-0001"), "xmz-0001");
/// assert_eq!(echo(&"长".repeat(100)), format!("{}…（共 100 字）", "长".repeat(40)));
/// ```
pub fn echo(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_ECHO {
        return Cow::Borrowed(text); // no more bytes than the limit, so no more characters
    }
    match text.char_indices().nth(MAX_ECHO) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!(
            "{}…（共 {} 字）",
            &text[..cut],
            text.chars().count()
        )),
    }
}

/// The diagnostics of one file, capped at [`MAX_LISTED`]; those past the cap are counted and
/// summed up by one last diagnostic (E030, or W106 when only warnings were left out).
#[derive(Debug, Default)]
pub(crate) struct Listed {
    diags: Vec<Diagnostic>,
    unlisted_errors: usize,
    unlisted_warnings: usize,
}

impl Listed {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        if self.diags.len() < MAX_LISTED {
            self.diags.push(d);
        } else if d.is_error() {
            self.unlisted_errors += 1;
        } else {
            self.unlisted_warnings += 1;
        }
    }

    /// How many were pushed, listed or not.
    pub(crate) fn count(&self) -> usize {
        self.diags.len() + self.unlisted_errors + self.unlisted_warnings
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.unlisted_errors > 0 || self.diags.iter().any(Diagnostic::is_error)
    }

    /// The listed diagnostics, mutable (for sorting and remapping positions).
    pub(crate) fn listed_mut(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.diags
    }

    /// The list, ending with the count of what was left out. `at` is where that note points.
    pub(crate) fn finish(mut self, origin: &str, at: Pos) -> Vec<Diagnostic> {
        let n = self.unlisted_errors + self.unlisted_warnings;
        if n > 0 {
            let code = if self.unlisted_errors > 0 {
                Code::Unlisted
            } else {
                Code::UnlistedWarnings
            };
            self.diags.push(Diagnostic::new(
                origin,
                at,
                code,
                format!("还有 {n} 个问题未列出（每个文件最多列出 {MAX_LISTED} 个）"),
            ));
        }
        self.diags
    }
}
