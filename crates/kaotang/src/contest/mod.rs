//! Contests (党史知识竞赛): from a blueprint to papers, scores, rankings, unit reports, item
//! analysis, an on-stage final, PK matches and a prize lottery.
//!
//! The pipeline of an online round:
//!
//! 1. [`Blueprint`] (YAML/JSON) → [`assemble`] → [`Assembly`] of parallel [`Form`]s;
//! 2. [`Paper::new`] per participant: seeded question and option order, a
//!    [`ParticipantView`] without the key and a key view;
//! 3. [`SheetReader`] streams answer sheets from CSV (or [`sheets_from_json`]), [`Scorer`]
//!    scores them under [`ScoreRules`] keeping one record per participant ([`score_sheets`]
//!    for a whole file, [`SheetStream`] for one pushed in pieces);
//! 4. [`rank`] with a tie-break chain, [`aggregate_units`] and [`rank_units`] up the unit
//!    tree, [`ItemAnalyzer`] for item statistics, [`draw`] for the prize lottery.
//!
//! The on-stage final is an event log folded into a [`Stage`]; [`pk`](pk_match) scores
//! 2–4-player matches. Everything is deterministic: seeds and times are arguments.

mod analysis;
mod assemble;
mod blueprint;
mod lottery;
mod paper;
mod pk;
mod rank;
mod rows;
mod score;
mod sheet;
mod split;
mod stage;
mod stream;
mod units;

pub use analysis::{
    AnalysisOptions, ItemAnalyzer, ItemFlag, ItemInfo, ItemReport, ItemStats, PaperStats,
};
pub use assemble::{Assembly, Form, FormSection, assemble};
pub use blueprint::{Blueprint, DifficultyTarget, Section, Sharing};
/// The string type of participant ids and names in results: inline up to 24 bytes.
pub use compact_str::CompactString;
pub use lottery::{Lottery, draw};
pub use paper::{KeyItem, Paper, PaperItem, ParticipantView, ViewItem, ViewSection};
pub use pk::{PkConfig, PkError, PkPlayer, PkResult, PkStanding, pk_match, pk_questions};
pub use rank::{
    Certificate, Place, RankOptions, Ranked, TieBreak, rank, rank_compact, rank_compact_in,
    rank_compact_with,
};
pub use rows::SheetEncoding;
pub use score::{
    AnswerOrder, AttemptPolicy, CompactScoring, ItemOutcome, ParticipantResult, ResultRef,
    ScoreRules, ScoredPart, Scorer, Scoring, SectionRule, SheetScore, SpeedPoints,
};
pub use sheet::{
    Answers, DEFAULT_UTC_OFFSET_SECS, Sheet, SheetError, SheetReader, SheetView,
    for_each_json_sheet, sheets_from_json,
};
pub use split::{InTurn, Workers};
pub use stage::{
    RecoveredLog, RoundConfig, RoundKind, Stage, StageConfig, StageError, StageEvent, StagePhase,
    StageStatus, TeamConfig, TeamStanding, parse_log, recover_log,
};
pub use stream::{ScoredSheets, ScoringSources, SharedSheetStream, SheetStream, score_sheets};
pub use units::{
    RosterEntry, UnitCriterion, UnitOptions, UnitStats, UnitTally, aggregate_units, rank_units,
};

use crate::bank::QuestionId;

/// Why a contest configuration could not be read or a paper could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ContestError {
    /// The YAML or JSON text could not be read (the message carries line and column).
    #[error("无法读取 {format} 配置：{message}")]
    Parse {
        /// `YAML` or `JSON`.
        format: &'static str,
        /// Where and what.
        message: String,
    },
    /// Parts of a round that cannot be joined.
    #[error("无法合并评分结果：{0}")]
    CannotMerge(&'static str),
    /// A blueprint whose numbers do not make sense.
    #[error("组卷方案有误：{0}")]
    InvalidBlueprint(String),
    /// A question id that no loaded bank has.
    #[error("{field} 中的题目 {id} 不在题库中")]
    UnknownQuestion {
        /// The id.
        id: QuestionId,
        /// Where it was named (`include`, `exclude`, `exclusive`, `form`).
        field: &'static str,
    },
    /// A question both required and banned.
    #[error("题目 {0} 同时出现在必选（include）和排除（exclude）中")]
    IncludedAndExcluded(QuestionId),
    /// A required question that no section's filter selects.
    #[error("必选题目 {0} 不符合任何部分的筛选条件")]
    IncludedMatchesNoSection(QuestionId),
    /// Two required questions in one exclusive group.
    #[error("必选题目 {first} 和 {second} 属于同一互斥组，不能同时出现")]
    RequiredTogether {
        /// One.
        first: QuestionId,
        /// The other.
        second: QuestionId,
    },
    /// More required questions than a section holds.
    #[error("部分“{section}”有 {required} 道必选题，但只需 {count} 道")]
    TooManyRequired {
        /// The section.
        section: String,
        /// Required questions in it.
        required: usize,
        /// Its count.
        count: usize,
    },
    /// A section that cannot be filled.
    #[error("第 {form} 套试卷的“{section}”部分还缺 {lacks} 道题（需要 {count} 道）")]
    Shortage {
        /// The form's label.
        form: String,
        /// The section.
        section: String,
        /// Questions the section needs.
        count: usize,
        /// How many are missing.
        lacks: usize,
    },
    /// The difficulty target cannot be met.
    #[error("第 {form} 套试卷的平均难度只能达到 {achieved:.2}，目标为 {target}±{tolerance}")]
    Difficulty {
        /// The form's label.
        form: String,
        /// Target mean.
        target: f64,
        /// Tolerance.
        tolerance: f64,
        /// The closest mean reached.
        achieved: f64,
    },
    /// A form label the assembly does not have.
    #[error("没有试卷“{0}”")]
    UnknownForm(String),
    /// Scoring rules whose numbers do not make sense (the message names the field).
    #[error("计分规则有误：{0}")]
    InvalidRules(String),
    /// A scoring rule for a section no form has.
    #[error("评分规则中的部分“{0}”不在试卷中")]
    UnknownSection(String),
}

/// Reads a YAML configuration with `serde_saphyr`; errors are told in Chinese with their line
/// and column ([`yaml_error`]).
pub(crate) fn read_config<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ContestError> {
    serde_saphyr::from_str(text).map_err(|e| ContestError::Parse {
        format: "YAML",
        message: yaml_error(&e),
    })
}

/// A YAML configuration's error in Chinese, `第 L 行第 C 列：…`: unknown or missing fields
/// and values of the wrong kind are named; anything rarer keeps the parser's own words.
fn yaml_error(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::Error as E;
    let list = |names: &[&str]| names.join("、");
    let what = match e.without_snippet() {
        E::SerdeUnknownField {
            field, expected, ..
        } => format!("未知字段“{field}”（可用的字段：{}）", list(expected)),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => format!("未知的取值“{variant}”（可用的取值：{}）", list(expected)),
        E::SerdeMissingField { field, .. } => format!("缺少字段“{field}”"),
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => format!("这里应为{}，而不是 {unexpected}", kind(expected)),
        E::InvalidScalar { ty, .. } => format!("这里应为{}", kind(ty)),
        E::Unexpected { expected, .. } => format!("这里应为{}", kind(expected)),
        E::NonFiniteFloat { value, .. } => format!("{value} 不是有限的数"),
        E::DuplicateMappingKey { key, .. } => {
            format!("字段“{}”重复出现", key.as_deref().unwrap_or(""))
        }
        E::Eof { .. } => "文件意外结束".into(),
        other => format!("格式有误（{other}）"),
    };
    match e.location() {
        Some(at) => format!("第 {} 行第 {} 列：{what}", at.line(), at.column()),
        None => what,
    }
}

/// What a YAML value should have been, in Chinese, from the parser's or serde's words for it.
fn kind(expected: &str) -> String {
    let e = expected.to_ascii_lowercase();
    let words = [
        // Before "str", which "struct" holds.
        (
            &["mapping", "map", "struct"][..],
            "键值对（如 { 字段: 值 }）",
        ),
        (&["sequence", "seq"], "列表（如 [甲, 乙]）"),
        (&["float", "f64", "f32"], "数"),
        (&["bool"], " true 或 false"),
        (&["unsigned", "u8", "u16", "u32", "u64"], " 0 或正整数"),
        (&["integer", "i32", "i64"], "整数"),
        (&["string", "str"], "文字"),
    ];
    words
        .iter()
        .find(|(keys, _)| keys.iter().any(|k| e.contains(k)))
        .map_or_else(|| format!(" {expected}"), |(_, word)| (*word).to_owned())
}
