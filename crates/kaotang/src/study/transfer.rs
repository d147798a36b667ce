//! Moving a learner's log between front ends, and reading a stored log.
//!
//! The profile export (`kaotang profile export`, the web app's 导出) is one JSON format,
//! written and read only here, so a learner can move between the CLI and the web:
//!
//! ```json
//! { "format": "kaotang-profile", "schema_version": 1,
//!   "learners": [ { "name": "张三", "log": [ {"v":1,"entry":"review",…}, … ] } ] }
//! ```
//!
//! Each log item is the entry's versioned JSON ([`Entry::to_json`]). Reading checks everything
//! before anything is used: another program's file, a newer format version or one bad entry
//! is an error that says where, never a partial import.
//!
//! A front end that stores the log record by record (the web app's IndexedDB) reads it with
//! [`read_log`]: damaged records are reported by position and left out of the state, never
//! dropped from storage or replaced silently.

use serde::{Deserialize, Serialize};

use super::state::Versioned;
use super::{Entry, StudyError};

/// The `format` of a profile export.
pub const PROFILE_FORMAT: &str = "kaotang-profile";

/// The newest profile export version this build writes and reads.
pub const PROFILE_VERSION: u32 = 1;

/// A profile export: learners with their logs.
///
/// ```
/// use kaotang::study::{LearnerExport, ProfileExport};
///
/// let mut export = ProfileExport::default();
/// export.learners.push(LearnerExport { name: "张三".into(), log: Vec::new() });
/// let back = ProfileExport::from_json(&export.to_json())?;
/// assert_eq!(back, export);
/// assert!(ProfileExport::from_json(r#"{"format":"other"}"#).is_err());
/// # Ok::<(), kaotang::study::TransferError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileExport {
    /// Learners in export order.
    pub learners: Vec<LearnerExport>,
}

/// One learner's name and whole log, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnerExport {
    /// The learner's name.
    pub name: String,
    /// Answers and readings, oldest first.
    pub log: Vec<Entry>,
}

/// The file as read: log items are kept as values until each is read as an entry, so a bad
/// one can be named by learner and position.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    // Checked on the untyped value first, for clearer messages.
    #[serde(rename = "format")]
    _format: String,
    #[serde(rename = "schema_version")]
    _schema_version: u32,
    learners: Vec<RawLearner>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLearner {
    name: String,
    log: Vec<serde_json::Value>,
}

/// The file as written.
#[derive(Serialize)]
struct Out<'a> {
    format: &'a str,
    schema_version: u32,
    learners: Vec<OutLearner<'a>>,
}

#[derive(Serialize)]
struct OutLearner<'a> {
    name: &'a str,
    log: Vec<Versioned<&'a Entry>>,
}

/// Why a profile export could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TransferError {
    /// Not JSON at all.
    #[error("不是考堂档案导出文件：第 {line} 行第 {column} 列不是有效的 JSON（{message}）")]
    NotJson {
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// JSON from another program (no `"format": "kaotang-profile"`).
    #[error("不是考堂档案导出文件（应有 \"format\": \"kaotang-profile\"）")]
    OtherFormat,
    /// A format version newer than this build reads.
    #[error("档案导出文件的格式版本为 {found}，本程序只支持到版本 {supported}，请升级考堂")]
    NewerVersion {
        /// The version in the file.
        found: u32,
        /// [`PROFILE_VERSION`].
        supported: u32,
    },
    /// A kaotang profile export whose structure is wrong.
    #[error("档案导出文件的结构有误：第 {line} 行第 {column} 列：{message}")]
    Shape {
        /// Line (1-based).
        line: usize,
        /// Column (1-based).
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// One log entry that cannot be read.
    #[error("学员“{learner}”的第 {number} 条学习记录无效：{error}")]
    Entry {
        /// The learner's name.
        learner: String,
        /// Position in their log (1-based).
        number: usize,
        /// What is wrong with it.
        error: StudyError,
    },
}

impl TransferError {
    /// Line and column in the file, when the problem has one.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            Self::NotJson { line, column, .. } | Self::Shape { line, column, .. } => {
                Some((*line, *column))
            }
            _ => None,
        }
    }
}

impl ProfileExport {
    /// Pretty JSON text with a final newline (what `kaotang profile export` writes).
    pub fn to_json(&self) -> String {
        let out = Out {
            format: PROFILE_FORMAT,
            schema_version: PROFILE_VERSION,
            learners: self
                .learners
                .iter()
                .map(|l| OutLearner {
                    name: &l.name,
                    log: l.log.iter().map(Versioned::new).collect(),
                })
                .collect(),
        };
        // Plain data with string keys: serialising cannot fail.
        serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
    }

    /// Reads an export, checking the format, the version and every entry.
    ///
    /// # Errors
    ///
    /// [`TransferError`]: not JSON, another program's JSON, a newer version, a wrong
    /// structure (with line and column), or the first entry that cannot be read (with the
    /// learner and its position).
    pub fn from_json(text: &str) -> Result<Self, TransferError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| TransferError::NotJson {
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        if value.get("format").and_then(|f| f.as_str()) != Some(PROFILE_FORMAT) {
            return Err(TransferError::OtherFormat);
        }
        if let Some(found) = value
            .get("schema_version")
            .and_then(|v| v.as_u64())
            .filter(|&v| v > u64::from(PROFILE_VERSION))
        {
            return Err(TransferError::NewerVersion {
                found: u32::try_from(found).unwrap_or(u32::MAX),
                supported: PROFILE_VERSION,
            });
        }
        let raw: Raw = serde_json::from_str(text).map_err(|e| TransferError::Shape {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let learners = raw
            .learners
            .into_iter()
            .map(|l| {
                let log = l
                    .log
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        Entry::from_json(&v.to_string()).map_err(|error| TransferError::Entry {
                            learner: l.name.clone(),
                            number: i + 1,
                            error,
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(LearnerExport { name: l.name, log })
            })
            .collect::<Result<Vec<_>, TransferError>>()?;
        Ok(Self { learners })
    }
}

/// A stored record that could not be read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DamagedRecord {
    /// Position among the records given (0-based).
    pub index: usize,
    /// What is wrong with it (Chinese).
    pub message: String,
}

/// A log read record by record.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LogRead {
    /// The readable entries, in order.
    pub entries: Vec<Entry>,
    /// The records that could not be read, in order.
    pub damaged: Vec<DamagedRecord>,
}

/// Reads stored records, each an entry's versioned JSON ([`Entry::to_json`]). Damaged ones are
/// reported and left out, so that the rest of the log still counts; the caller keeps them
/// stored and tells the learner.
///
/// ```
/// use kaotang::study::read_log;
///
/// let read = read_log(["{\"v\":1,\"entry\":\"read\",\"reading\":\"r1\",\"at\":0,\"points\":1,\"bonus\":0}", "{坏"]);
/// assert_eq!(read.entries.len(), 1);
/// assert_eq!(read.damaged[0].index, 1);
/// ```
pub fn read_log<'a>(records: impl IntoIterator<Item = &'a str>) -> LogRead {
    let mut out = LogRead::default();
    for (index, text) in records.into_iter().enumerate() {
        match Entry::from_json(text) {
            Ok(e) => out.entries.push(e),
            Err(e) => out.damaged.push(DamagedRecord {
                index,
                message: e.to_string(),
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::ReadRecord;
    use crate::time::Timestamp;

    fn read(at: i64) -> Entry {
        Entry::Read(ReadRecord {
            reading: "r1".into(),
            at: Timestamp(at),
            points: 1,
            bonus: 0,
        })
    }

    #[test]
    fn round_trip_keeps_every_entry_in_order() {
        let export = ProfileExport {
            learners: vec![LearnerExport {
                name: "张三".into(),
                log: vec![read(1), read(2)],
            }],
        };
        let text = export.to_json();
        assert!(text.contains("\"format\": \"kaotang-profile\""));
        assert!(text.contains("\"schema_version\": 1"));
        assert!(text.ends_with('\n'));
        assert_eq!(ProfileExport::from_json(&text), Ok(export));
    }

    #[test]
    fn other_files_are_refused_with_reasons() {
        assert!(matches!(
            ProfileExport::from_json("not json"),
            Err(TransferError::NotJson { line: 1, .. })
        ));
        assert_eq!(
            ProfileExport::from_json(r#"{"learners": []}"#),
            Err(TransferError::OtherFormat)
        );
        assert_eq!(
            ProfileExport::from_json(r#"[1, 2]"#),
            Err(TransferError::OtherFormat)
        );
        assert_eq!(
            ProfileExport::from_json(
                r#"{"format":"kaotang-profile","schema_version":2,"learners":[]}"#
            ),
            Err(TransferError::NewerVersion {
                found: 2,
                supported: 1
            })
        );
        assert!(matches!(
            ProfileExport::from_json(
                "{\"format\":\"kaotang-profile\",\"schema_version\":1,\n\"learners\":[{\"name\":1}]}"
            ),
            Err(TransferError::Shape { line: 2, .. })
        ));
        let bad = r#"{"format":"kaotang-profile","schema_version":1,"learners":[{"name":"李四","log":[{"v":1,"entry":"read","reading":"r1","at":0,"points":1,"bonus":0},{"v":9}]}]}"#;
        let e = ProfileExport::from_json(bad);
        assert!(
            matches!(&e, Err(TransferError::Entry { learner, number: 2, .. }) if learner == "李四"),
            "{e:?}"
        );
        assert!(e.err().is_some_and(|e| e.to_string().contains("第 2 条")));
    }

    #[test]
    fn read_log_reports_damaged_records_and_keeps_the_rest() {
        let good = read(5).to_json();
        let read = read_log([good.as_str(), "{\"v\":1,\"entry\":\"review\"}", "", &good]);
        assert_eq!(read.entries.len(), 2);
        assert_eq!(
            read.damaged.iter().map(|d| d.index).collect::<Vec<_>>(),
            [1, 2]
        );
        assert!(read.damaged[0].message.contains("学习记录无法读取"));
    }
}
