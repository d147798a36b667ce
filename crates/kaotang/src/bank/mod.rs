//! Question banks: the data model, loading from YAML or JSON with compiler-style
//! diagnostics, and sets of banks with indexes.
//!
//! A bank file has a header (`bank`), and lists of `questions`, `events` (党史上的今天) and
//! `readings` (天天读). The format is documented in `question-banks/README.md`; its JSON Schema
//! comes from [`schema`].

mod diagnostic;
mod load;
mod model;
mod set;
#[cfg(feature = "shipped-banks")]
pub mod shipped;
mod tree;

pub(crate) use diagnostic::Listed;
pub use diagnostic::{Code, Diagnostic, MAX_ECHO, MAX_LISTED, Pos, Severity, echo};
pub use load::{
    MAX_LONG, MAX_READING, MAX_SHORT, MAX_STEM, ParsedBank, count_blanks, parse_bank,
    parse_bank_bytes,
};
pub use model::{
    Bank, BankInfo, Blank, Event, LETTERS, Letters, MAX_CHOICES, Period, Question, QuestionId,
    QuestionKind, QuestionType, QuestionView, Reading, Source, SourceRef, letter,
};
pub use set::{BankError, BankSet, Checked, QuestionFilter, Stats, check};
pub use tree::{MAX_DEPTH, MAX_INPUT_BYTES};

/// The JSON Schema of a bank file, generated from the Rust types.
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Bank)).unwrap_or_default()
}
