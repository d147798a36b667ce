//! The question-bank data model: plain serde types, shared by every binding.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::time::Date;

/// A question id, stable and unique across all loaded banks (e.g. `xmz-001`).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(transparent)]
pub struct QuestionId(pub String);

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for QuestionId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

/// The four periods of Party history, as 《中国共产党简史》 (2021) divides them.
///
/// Ordered chronologically; the curriculum order of new questions follows it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum Period {
    /// 新民主主义革命时期 (1921–1949).
    #[serde(rename = "新民主主义革命时期")]
    NewDemocraticRevolution,
    /// 社会主义革命和建设时期 (1949–1978).
    #[serde(rename = "社会主义革命和建设时期")]
    SocialistRevolutionAndConstruction,
    /// 改革开放和社会主义现代化建设新时期 (1978–2012).
    #[serde(rename = "改革开放和社会主义现代化建设新时期")]
    ReformAndOpeningUp,
    /// 中国特色社会主义新时代 (2012–).
    #[serde(rename = "中国特色社会主义新时代")]
    NewEra,
}

impl Period {
    /// All periods in chronological order.
    pub const ALL: [Period; 4] = [
        Period::NewDemocraticRevolution,
        Period::SocialistRevolutionAndConstruction,
        Period::ReformAndOpeningUp,
        Period::NewEra,
    ];

    /// The Chinese name, as written in banks.
    pub fn name(self) -> &'static str {
        match self {
            Period::NewDemocraticRevolution => "新民主主义革命时期",
            Period::SocialistRevolutionAndConstruction => "社会主义革命和建设时期",
            Period::ReformAndOpeningUp => "改革开放和社会主义现代化建设新时期",
            Period::NewEra => "中国特色社会主义新时代",
        }
    }

    /// The period named `name`, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A book or document that questions cite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short id used by `source.ref` (e.g. `jianshi`).
    pub id: String,
    /// Title without book marks (e.g. 中国共产党简史).
    pub title: String,
    /// Publisher.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Year of publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
}

/// Where in a source an item is treated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// The id of a [`Source`] of the bank.
    #[serde(rename = "ref")]
    pub source: String,
    /// Chapter or part (e.g. 第三章).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
    /// Page or page range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
}

/// Option letters: `A` is the first option.
pub const LETTERS: &str = "ABCDEFGH";

/// At most this many options, items or pairs (A–H).
pub const MAX_CHOICES: usize = 8;

/// The letter of option `index` (`A` for 0).
pub fn letter(index: usize) -> char {
    LETTERS
        .as_bytes()
        .get(index)
        .map_or('?', |&b| char::from(b))
}

/// A sequence of option indexes written as letters (`"ACD"` is `[0, 2, 3]`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Letters(pub Vec<u8>);

impl Letters {
    /// Parses letters, ignoring case, spaces, commas and 、. `None` on any other character.
    pub fn parse(s: &str) -> Option<Self> {
        let mut out = Vec::new();
        for c in s.chars() {
            match c {
                'A'..='H' => out.push(c as u8 - b'A'),
                'a'..='h' => out.push(c as u8 - b'a'),
                'Ａ'..='Ｈ' => out.push((c as u32 - 'Ａ' as u32) as u8),
                'ａ'..='ｈ' => out.push((c as u32 - 'ａ' as u32) as u8),
                ' ' | ',' | '，' | '、' | '\u{3000}' => {}
                _ => return None,
            }
        }
        Some(Self(out))
    }
}

impl fmt::Display for Letters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0
            .iter()
            .try_for_each(|&i| write!(f, "{}", letter(usize::from(i))))
    }
}

impl Serialize for Letters {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Letters {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Letters::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("“{s}”不是选项字母 A–H")))
    }
}

impl JsonSchema for Letters {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Letters".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-H]{1,8}$",
            "description": "选项字母，A 为第一项（如 B 或 ACD）"
        })
    }
}

/// One blank of a fill-in question: its accepted answers (the first is the canonical one).
///
/// Written as a string, or as a list of alternatives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Blank(pub Vec<String>);

impl JsonSchema for Blank {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Blank".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "一个空的答案：一个字符串，或可接受答案的列表",
            "anyOf": [
                { "type": "string", "minLength": 1 },
                { "type": "array", "items": { "type": "string", "minLength": 1 }, "minItems": 1 }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for Blank {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        Ok(match OneOrMany::deserialize(d)? {
            OneOrMany::One(s) => Blank(vec![s]),
            OneOrMany::Many(v) => Blank(v),
        })
    }
}

/// The kind of a question with its options and key.
///
/// Keys are stored against the authored option order; a shuffled presentation is a recorded
/// permutation (see `contest`), so a sheet can always be re-scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum QuestionKind {
    /// 单选: exactly one correct option.
    Single {
        /// The options, 3 to 8.
        options: Vec<String>,
        /// The correct option's letter.
        answer: Letters,
    },
    /// 多选: two or more correct options.
    Multiple {
        /// The options, 3 to 8.
        options: Vec<String>,
        /// The correct options' letters, ascending.
        answer: Letters,
    },
    /// 判断: the stem is a statement, true or false.
    Judge {
        /// Whether the statement is true.
        answer: bool,
    },
    /// 填空: the stem has blanks (`____`); each blank accepts one or more answers.
    Fill {
        /// One entry per blank, in order.
        answer: Vec<Blank>,
    },
    /// 排序: put the items in the right order.
    Order {
        /// The items as shown, 3 to 8.
        items: Vec<String>,
        /// The correct sequence as letters of `items`.
        answer: Letters,
    },
    /// 配对: pair each left item with a right item.
    Match {
        /// Left items, 2 to 8.
        left: Vec<String>,
        /// Right items, at least as many as `left` (extras are distractors).
        right: Vec<String>,
        /// For each left item, the letter of its right item.
        answer: Letters,
    },
}

/// The type of a question, without its data.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum QuestionType {
    /// 单选.
    Single,
    /// 多选.
    Multiple,
    /// 判断.
    Judge,
    /// 填空.
    Fill,
    /// 排序.
    Order,
    /// 配对.
    Match,
}

impl QuestionType {
    /// All types.
    pub const ALL: [QuestionType; 6] = [
        QuestionType::Single,
        QuestionType::Multiple,
        QuestionType::Judge,
        QuestionType::Fill,
        QuestionType::Order,
        QuestionType::Match,
    ];

    /// The name used in banks (`single` …).
    pub fn key(self) -> &'static str {
        match self {
            QuestionType::Single => "single",
            QuestionType::Multiple => "multiple",
            QuestionType::Judge => "judge",
            QuestionType::Fill => "fill",
            QuestionType::Order => "order",
            QuestionType::Match => "match",
        }
    }

    /// The Chinese name (单选题 …).
    pub fn label(self) -> &'static str {
        match self {
            QuestionType::Single => "单选题",
            QuestionType::Multiple => "多选题",
            QuestionType::Judge => "判断题",
            QuestionType::Fill => "填空题",
            QuestionType::Order => "排序题",
            QuestionType::Match => "配对题",
        }
    }

    /// The type named `key` (`single` …), if any.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }
}

impl fmt::Display for QuestionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Question {
    /// Stable id, unique across all banks.
    pub id: QuestionId,
    /// Kind, options and key.
    #[serde(flatten)]
    pub kind: QuestionKind,
    /// The question text. Fill-in blanks are written `____`.
    #[schemars(length(min = 1, max = 500))]
    pub stem: String,
    /// 解析: context that teaches, shown after answering.
    pub explanation: String,
    /// 提示: a passage that contains the answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Period of Party history.
    pub period: Period,
    /// Topical tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// 1 (everyone knows) to 5 (specialist).
    #[schemars(range(min = 1, max = 5))]
    pub difficulty: u8,
    /// Where the fact is treated.
    pub source: SourceRef,
    /// The date of the calendar event the question asks about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_date: Option<Date>,
}

impl Question {
    /// The question's type.
    pub fn qtype(&self) -> QuestionType {
        match self.kind {
            QuestionKind::Single { .. } => QuestionType::Single,
            QuestionKind::Multiple { .. } => QuestionType::Multiple,
            QuestionKind::Judge { .. } => QuestionType::Judge,
            QuestionKind::Fill { .. } => QuestionType::Fill,
            QuestionKind::Order { .. } => QuestionType::Order,
            QuestionKind::Match { .. } => QuestionType::Match,
        }
    }

    /// The choices a learner picks from (options or items; the left column for match).
    pub fn choices(&self) -> &[String] {
        match &self.kind {
            QuestionKind::Single { options, .. } | QuestionKind::Multiple { options, .. } => {
                options
            }
            QuestionKind::Order { items, .. } => items,
            QuestionKind::Match { left, .. } => left,
            QuestionKind::Judge { .. } | QuestionKind::Fill { .. } => &[],
        }
    }

    /// The key as a learner would type it: letters, 对/错, or the blanks' first answers.
    pub fn answer_text(&self) -> String {
        match &self.kind {
            QuestionKind::Single { answer, .. }
            | QuestionKind::Multiple { answer, .. }
            | QuestionKind::Order { answer, .. }
            | QuestionKind::Match { answer, .. } => answer.to_string(),
            QuestionKind::Judge { answer } => (if *answer { "对" } else { "错" }).to_owned(),
            QuestionKind::Fill { answer } => answer
                .iter()
                .map(|b| b.0.first().map_or("", String::as_str))
                .collect::<Vec<_>>()
                .join("；"),
        }
    }
}

/// What a learner is shown before answering: a question without its key, hint or explanation.
/// Front ends (C, WASM) show this; the full [`Question`] is for review after answering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct QuestionView {
    /// The question's id.
    pub id: QuestionId,
    /// Its type.
    #[serde(rename = "type")]
    pub qtype: QuestionType,
    /// The question text (fill-in blanks written `____`).
    pub stem: String,
    /// Options (single, multiple), items (order) or the left column (match), lettered A, B, …
    pub choices: Vec<String>,
    /// The right column of a match question, lettered A, B, … (empty otherwise).
    pub right: Vec<String>,
    /// Number of blanks of a fill-in question (0 otherwise).
    pub blanks: usize,
    /// Whether a hint (提示) can be asked for.
    pub has_hint: bool,
    /// Period of Party history.
    pub period: Period,
    /// Topical tags.
    pub tags: Vec<String>,
    /// 1 (everyone knows) to 5 (specialist).
    pub difficulty: u8,
}

impl Question {
    /// The view a learner answers from: no key, hint or explanation.
    pub fn participant_view(&self) -> QuestionView {
        let (right, blanks) = match &self.kind {
            QuestionKind::Match { right, .. } => (right.clone(), 0),
            QuestionKind::Fill { answer } => (
                Vec::new(),
                answer.len().max(super::load::count_blanks(&self.stem)),
            ),
            _ => (Vec::new(), 0),
        };
        QuestionView {
            id: self.id.clone(),
            qtype: self.qtype(),
            stem: self.stem.clone(),
            choices: self.choices().to_vec(),
            right,
            blanks,
            has_hint: self.hint.is_some(),
            period: self.period,
            tags: self.tags.clone(),
            difficulty: self.difficulty,
        }
    }
}

/// A dated event for 党史上的今天.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The exact date.
    pub date: Date,
    /// A one-line title.
    pub title: String,
    /// One paragraph on what happened and why it mattered.
    pub summary: String,
    /// Topical tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Where it is treated.
    pub source: SourceRef,
}

/// A short reading for 天天读 / 知识卡片.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    /// Stable id, unique across all banks.
    pub id: String,
    /// Position in the reading plan (unique across all banks; ascending through the century).
    pub order: u32,
    /// Title.
    pub title: String,
    /// The text, 200–500 Han characters.
    pub text: String,
    /// Period of Party history.
    pub period: Period,
    /// Topical tags; questions with the same tags are linked to the reading.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Where it is treated.
    pub source: SourceRef,
}

/// A bank's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BankInfo {
    /// Unique bank id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Version of the bank's content.
    #[serde(default = "one")]
    pub version: u32,
    /// The sources its items cite.
    #[serde(default)]
    pub sources: Vec<Source>,
}

fn one() -> u32 {
    1
}

/// A question bank: one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "kaotang 题库", description = "考堂题库文件（YAML 或 JSON）")]
pub struct Bank {
    /// Header.
    pub bank: BankInfo,
    /// Questions.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Dated events (党史上的今天).
    #[serde(default)]
    pub events: Vec<Event>,
    /// Readings (天天读).
    #[serde(default)]
    pub readings: Vec<Reading>,
}
