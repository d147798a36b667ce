//! Interchange formats and printed papers.
//!
//! Banks come in from the CSV template that Chinese exam platforms use ([`csv`]), Moodle's
//! GIFT ([`gift`]), Aiken ([`aiken`]) and Moodle XML ([`moodle_xml`]), and kaotang's own JSON
//! ([`json`]); they go back out to the same formats. [`print`](mod@print) renders papers for paper study,
//! and `script` (feature `traditional`) renders banks and papers in traditional script.
//!
//! Every import goes through the same loader as `kaotang bank check`: the parsed questions are
//! re-read by [`crate::bank::parse_bank`] and every diagnostic is mapped back to the row or
//! line it came from. So an imported bank always passes the check, and every problem is
//! reported at once, by row or line, before anything is written.
//!
//! What each format can and cannot carry is listed in `question-banks/FORMATS.md`.

pub mod aiken;
pub mod csv;
pub mod gift;
pub mod json;
pub mod moodle_xml;
pub mod print;
#[cfg(feature = "traditional")]
pub mod script;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::bank::Period;
use crate::bank::{
    Bank, BankInfo, BankSet, Code, Diagnostic, Listed, Pos, Question, QuestionId, QuestionKind,
    Source, SourceRef, count_blanks, parse_bank,
};
use crate::time::Date;

/// An interchange format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// The spreadsheet template of Chinese exam platforms (题型, 题干, 选项A … 选项H, 答案 …).
    Csv,
    /// Moodle's GIFT text format.
    Gift,
    /// Aiken: single-answer multiple choice, one question per block.
    Aiken,
    /// Moodle XML.
    MoodleXml,
    /// kaotang's own bank format as JSON.
    Json,
}

impl Format {
    /// All formats.
    pub const ALL: [Format; 5] = [
        Format::Csv,
        Format::Gift,
        Format::Aiken,
        Format::MoodleXml,
        Format::Json,
    ];

    /// The name used on the command line (`csv`, `gift`, `aiken`, `moodle-xml`, `json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Gift => "gift",
            Format::Aiken => "aiken",
            Format::MoodleXml => "moodle-xml",
            Format::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The text encoding of an imported file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 (with or without a byte-order mark) when the bytes are valid UTF-8, else GBK.
    #[default]
    Auto,
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// GBK, read as its superset GB18030 (what Excel on Chinese Windows writes).
    Gbk,
}

/// Defaults for what a file does not say, and the header of the new bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Id of the new bank; also the prefix of generated question ids (`{bank_id}-0001`).
    pub bank_id: String,
    /// Title of the new bank.
    pub bank_title: String,
    /// Sources the new bank declares. A file's 出处 that names one of them (by id or title)
    /// cites it; any other 出处 is added as a new source.
    pub sources: Vec<Source>,
    /// The source (an id in `sources`) of questions whose file gives none.
    pub source: String,
    /// Period of questions whose file gives none; `None` makes a missing period an error.
    pub period: Option<Period>,
    /// Difficulty (1–5) of questions whose file gives none.
    pub difficulty: u8,
    /// 解析 of questions whose file gives none; `None` makes a missing explanation an error.
    pub explanation: Option<String>,
    /// How the bytes are encoded.
    pub encoding: Encoding,
}

impl Default for ImportOptions {
    fn default() -> Self {
        Self {
            bank_id: "imported".to_owned(),
            bank_title: "导入题库".to_owned(),
            sources: vec![Source {
                id: "jianshi".to_owned(),
                title: "中国共产党简史".to_owned(),
                publisher: Some("人民出版社、中共党史出版社".to_owned()),
                year: Some(2021),
            }],
            source: "jianshi".to_owned(),
            period: None,
            difficulty: 3,
            explanation: Some("暂无解析。".to_owned()),
            encoding: Encoding::Auto,
        }
    }
}

/// A successful import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The new bank; it passes [`crate::bank::check`].
    pub bank: Bank,
    /// Warnings (near-duplicates, dropped feedback …), by row or line.
    pub warnings: Vec<Diagnostic>,
    /// What the import assumed: the encoding it read, and every default it applied.
    pub notes: Vec<String>,
}

/// An import that found errors; nothing should be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("导入失败，共 {} 个错误，首个：{}", .diagnostics.iter().filter(|d| d.is_error()).count(), .diagnostics.iter().find(|d| d.is_error()).map(ToString::to_string).unwrap_or_default())]
pub struct ImportError {
    /// Every diagnostic (errors and warnings), in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads a file in `format` into a new bank.
///
/// `origin` names the file in diagnostics. Rows (CSV) and lines (the text formats) are
/// counted from 1, as a spreadsheet or an editor shows them.
///
/// ```
/// use kaotang::formats::{Format, ImportOptions, import};
/// use kaotang::bank::Period;
///
/// let csv = "题型,题干,选项A,选项B,选项C,选项D,答案,解析\n\
///            单选,遵义会议在哪一年召开？,1934年,1935年,1936年,1937年,B,1935年1月召开。\n";
/// let opts = ImportOptions { period: Some(Period::NewDemocraticRevolution), ..Default::default() };
/// let imported = import(Format::Csv, "q.csv", csv.as_bytes(), &opts).unwrap();
/// assert_eq!(imported.bank.questions[0].answer_text(), "B");
/// assert_eq!(imported.bank.questions[0].id.0, "imported-0001");
/// ```
pub fn import(
    format: Format,
    origin: &str,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut rep = Report::new(origin);
    let text = match decode(bytes, opts.encoding, &mut rep) {
        Some(t) => t,
        None => return Err(rep.into_error()),
    };
    let drafts = match format {
        Format::Csv => csv::parse(&text, &mut rep),
        Format::Gift => gift::parse(&text, &mut rep),
        Format::Aiken => aiken::parse(&text, &mut rep),
        Format::MoodleXml => moodle_xml::parse(&text, &mut rep),
        Format::Json => return json::import(origin, &text, rep),
    };
    finish(drafts, opts, rep)
}

/// A period by its full name or an unambiguous part of at least two characters
/// (`新民主主义革命`, `改革开放`, `新时代` …), as spreadsheets and Moodle categories write them.
///
/// ```
/// use kaotang::bank::Period;
/// assert_eq!(kaotang::formats::period_named("改革开放"), Some(Period::ReformAndOpeningUp));
/// assert_eq!(kaotang::formats::period_named("新时代"), Some(Period::NewEra));
/// assert_eq!(kaotang::formats::period_named("社会主义"), None); // in three names
/// assert_eq!(kaotang::formats::period_named("新"), None);
/// ```
pub fn period_named(s: &str) -> Option<Period> {
    let s = s.trim();
    if s.chars().count() < 2 {
        return None;
    }
    if let Some(p) = Period::from_name(s) {
        return Some(p);
    }
    let mut found = Period::ALL.into_iter().filter(|p| p.name().contains(s));
    match (found.next(), found.next()) {
        (Some(p), None) => Some(p),
        _ => None,
    }
}

/// A question an export could not express.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// The question.
    pub id: QuestionId,
    /// Why, in Chinese.
    pub message: String,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "题目 {}：{}", self.id, self.message)
    }
}

/// The text of an export and the questions it left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Exported {
    /// The file's text (CSV starts with a UTF-8 byte-order mark, as Excel expects).
    pub text: String,
    /// Every question the format cannot express, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Writes a bank's questions in `format`.
///
/// ```
/// use kaotang::formats::{Format, export};
/// let yaml = include_str!("../../../../tests/fixtures/banks/starter.yaml");
/// let bank = kaotang::bank::parse_bank("starter", yaml).bank.unwrap();
/// let out = export(Format::Aiken, &bank);
/// assert!(out.text.starts_with("中国共产党第一次全国代表大会在哪一年召开？\nA. 1919年"));
/// // Aiken has only single-answer choice questions; the others are listed, not dropped silently.
/// assert_eq!(out.skipped.len(), bank.questions.len() - 2);
/// ```
pub fn export(format: Format, bank: &Bank) -> Exported {
    match format {
        Format::Csv => csv::export(bank),
        Format::Gift => gift::export(bank),
        Format::Aiken => aiken::export(bank),
        Format::MoodleXml => moodle_xml::export(bank),
        Format::Json => json::export(bank),
    }
}

/// Diagnostics and notes gathered while reading one file.
pub(crate) struct Report {
    origin: String,
    diags: Listed,
    /// Where the latest diagnostic points (the count of unlisted ones points there too).
    last: Pos,
    notes: Vec<String>,
}

impl Report {
    fn new(origin: &str) -> Self {
        Self {
            origin: origin.to_owned(),
            diags: Listed::default(),
            last: Pos { line: 1, column: 1 },
            notes: Vec::new(),
        }
    }

    /// Records a diagnostic; its severity follows from `code`.
    pub(crate) fn add(&mut self, pos: Pos, code: Code, message: impl Into<String>) {
        self.last = self.last.max(pos);
        self.diags
            .push(Diagnostic::new(&self.origin, pos, code, message));
    }

    pub(crate) fn note(&mut self, note: impl Into<String>) {
        self.notes.push(note.into());
    }

    fn has_errors(&self) -> bool {
        self.diags.has_errors()
    }

    /// How many diagnostics were added so far, listed or not.
    pub(crate) fn count(&self) -> usize {
        self.diags.count()
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.last = self.last.max(d.pos);
        self.diags.push(d);
    }

    /// Every diagnostic in file order, and the count of the unlisted ones last.
    pub(crate) fn into_diagnostics(mut self) -> (Vec<Diagnostic>, Vec<String>) {
        self.diags.listed_mut().sort_by_key(|d| d.pos);
        (self.diags.finish(&self.origin, self.last), self.notes)
    }

    fn into_error(self) -> ImportError {
        ImportError {
            diagnostics: self.into_diagnostics().0,
        }
    }
}

/// A line at `line` (from 1), column 1.
pub(crate) fn at_line(line: usize) -> Pos {
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: 1,
    }
}

/// The line (from 1) of a byte offset.
pub(crate) fn line_of(text: &[u8], offset: usize) -> usize {
    1 + memchr::memchr_iter(b'\n', &text[..offset.min(text.len())]).count()
}

/// Lines of byte offsets met in ascending order: each call counts only the newlines since the
/// previous one, so locating every question of a file is one pass over it.
pub(crate) struct LineCounter<'t> {
    text: &'t [u8],
    offset: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    pub(crate) fn new(text: &'t [u8]) -> Self {
        Self {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The line (from 1) of `offset`.
    pub(crate) fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        self.line += memchr::memchr_iter(b'\n', &self.text[self.offset..offset]).count();
        self.offset = offset;
        self.line
    }
}

/// A fill-in stem with exactly one blank for an answer given apart from it: a stem with a
/// `____` already keeps it, a `（ ）` (or `( )`) gap becomes the blank, any other stem gets
/// `____` at the end.
pub(crate) fn stem_with_blank(stem: &str) -> String {
    if count_blanks(stem) > 0 {
        return stem.to_owned();
    }
    match paren_gap(stem) {
        Some(gap) => format!("{}____{}", &stem[..gap.start], &stem[gap.end..]),
        None => format!("{stem}____"),
    }
}

/// The byte range of the only empty pair of brackets (full- or half-width, spaces inside
/// allowed) in `s`, the way Chinese papers mark a gap: `（ ）`.
fn paren_gap(s: &str) -> Option<std::ops::Range<usize>> {
    let mut found = None;
    for (i, c) in s.char_indices() {
        if c != '（' && c != '(' {
            continue;
        }
        let rest = &s[i + c.len_utf8()..];
        let inner = rest.len() - rest.trim_start().len();
        let close = rest[inner..].chars().next();
        if matches!(close, Some('）' | ')')) {
            if found.is_some() {
                return None; // two gaps: not one blank
            }
            found = Some(i..i + c.len_utf8() + inner + close.map_or(0, char::len_utf8));
        }
    }
    found
}

/// The first control character (other than tab and line breaks) in `s`: bank text cannot
/// carry one.
pub(crate) fn control_char(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

fn decode(bytes: &[u8], encoding: Encoding, rep: &mut Report) -> Option<String> {
    let utf8 = || {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        std::str::from_utf8(body).map(str::to_owned)
    };
    let gbk = || {
        encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|c| c.into_owned())
    };
    match encoding {
        Encoding::Utf8 => match utf8() {
            Ok(t) => Some(t),
            Err(e) => {
                let off = e.valid_up_to() + usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
                rep.add(
                    at_line(line_of(bytes, off)),
                    Code::Encoding,
                    "不是有效的 UTF-8 文本（Excel 在中文 Windows 上常存为 GBK，可改用 --encoding gbk）",
                );
                None
            }
        },
        Encoding::Gbk => match gbk() {
            Some(t) => Some(t),
            None => {
                rep.add(
                    at_line(first_bad_gbk_line(bytes)),
                    Code::Encoding,
                    "不是有效的 GBK/GB18030 文本（可改用 --encoding utf-8）",
                );
                None
            }
        },
        Encoding::Auto => match utf8() {
            Ok(t) => Some(t),
            Err(e) => match gbk() {
                Some(t) => {
                    rep.note("文件不是 UTF-8，已按 GBK/GB18030 编码读取（可用 --encoding 指定）");
                    Some(t)
                }
                None => {
                    rep.add(
                        at_line(line_of(bytes, e.valid_up_to())),
                        Code::Encoding,
                        "文件既不是有效的 UTF-8，也不是 GBK/GB18030 文本（请在 Excel 中另存为“CSV UTF-8”）",
                    );
                    None
                }
            },
        },
    }
}

/// The line of the first line that GB18030 cannot decode.
fn first_bad_gbk_line(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .position(|l| {
            encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(l)
                .is_none()
        })
        .map_or(1, |i| i + 1)
}

/// Where a drafted question's 出处 points: a source id or title, and the place in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DraftSource {
    pub name: String,
    pub chapter: Option<String>,
    pub page: Option<String>,
}

/// A question as a format gives it: what the file did not say is `None`, and is filled in
/// from [`ImportOptions`] by [`finish`].
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub pos: Pos,
    pub id: Option<String>,
    pub kind: QuestionKind,
    pub stem: String,
    pub explanation: Option<String>,
    pub hint: Option<String>,
    pub period: Option<Period>,
    pub tags: Vec<String>,
    pub difficulty: Option<u8>,
    pub source: Option<DraftSource>,
    pub event_date: Option<Date>,
}

impl Draft {
    /// Every text of the question (stem, choices, answers, explanation, hint, tags, id).
    fn texts(&self) -> impl Iterator<Item = &str> {
        let choices: Vec<&str> = match &self.kind {
            QuestionKind::Single { options, .. } | QuestionKind::Multiple { options, .. } => {
                options.iter().map(String::as_str).collect()
            }
            QuestionKind::Order { items, .. } => items.iter().map(String::as_str).collect(),
            QuestionKind::Match { left, right, .. } => {
                left.iter().chain(right).map(String::as_str).collect()
            }
            QuestionKind::Fill { answer } => answer
                .iter()
                .flat_map(|b| &b.0)
                .map(String::as_str)
                .collect(),
            QuestionKind::Judge { .. } => Vec::new(),
        };
        [
            Some(self.stem.as_str()),
            self.explanation.as_deref(),
            self.hint.as_deref(),
            self.id.as_deref(),
        ]
        .into_iter()
        .flatten()
        .chain(self.tags.iter().map(String::as_str))
        .chain(choices)
    }

    pub(crate) fn new(pos: Pos, kind: QuestionKind, stem: String) -> Self {
        Self {
            pos,
            id: None,
            kind,
            stem,
            explanation: None,
            hint: None,
            period: None,
            tags: Vec::new(),
            difficulty: None,
            source: None,
            event_date: None,
        }
    }
}

/// Fills in defaults, then checks the questions with the bank loader, mapping its diagnostics
/// back to rows and lines.
fn finish(
    drafts: Vec<Draft>,
    opts: &ImportOptions,
    mut rep: Report,
) -> Result<Imported, ImportError> {
    let mut sources = opts.sources.clone();
    let mut used = Defaults::default();
    let mut questions = Vec::with_capacity(drafts.len());
    let mut positions = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.into_iter().enumerate() {
        if let Some(c) = d.texts().find_map(control_char) {
            rep.add(
                d.pos,
                Code::Syntax,
                format!(
                    "含有控制字符 U+{:04X}，题库文字中不能有控制字符",
                    u32::from(c)
                ),
            );
            continue;
        }
        let Some(period) = d.period.or(opts.period) else {
            rep.add(
                d.pos,
                Code::MissingField,
                "缺少时期：文件中没有给出，也未用 --period 指定默认时期",
            );
            continue;
        };
        used.period += usize::from(d.period.is_none());
        let explanation = match d.explanation.or_else(|| {
            used.explanation += 1;
            opts.explanation.clone()
        }) {
            Some(e) => e,
            None => {
                rep.add(d.pos, Code::MissingField, "缺少解析，也未指定默认解析");
                continue;
            }
        };
        let source = match d.source {
            Some(s) => SourceRef {
                source: resolve_source(&mut sources, &s.name, &mut rep),
                chapter: s.chapter,
                page: s.page,
            },
            None => {
                used.source += 1;
                SourceRef {
                    source: opts.source.clone(),
                    chapter: None,
                    page: None,
                }
            }
        };
        used.difficulty += usize::from(d.difficulty.is_none());
        used.id += usize::from(d.id.is_none());
        questions.push(Question {
            id: QuestionId(d.id.unwrap_or_else(|| format!("{}-{:04}", opts.bank_id, i + 1))),
            kind: d.kind,
            stem: d.stem,
            explanation,
            hint: d.hint,
            period,
            tags: d.tags,
            difficulty: d.difficulty.unwrap_or(opts.difficulty),
            source,
            event_date: d.event_date,
        });
        positions.push(d.pos);
    }
    used.notes(opts, &mut rep);
    let bank = Bank {
        bank: BankInfo {
            id: opts.bank_id.clone(),
            title: opts.bank_title.clone(),
            version: 1,
            sources,
        },
        questions,
        events: Vec::new(),
        readings: Vec::new(),
    };
    let checked = recheck(&bank, &positions, &mut rep);
    if rep.has_errors() {
        return Err(rep.into_error());
    }
    let (warnings, notes) = rep.into_diagnostics();
    Ok(Imported {
        bank: checked.unwrap_or(bank),
        warnings,
        notes,
    })
}

/// How many questions took each default.
#[derive(Default)]
struct Defaults {
    period: usize,
    explanation: usize,
    source: usize,
    difficulty: usize,
    id: usize,
}

impl Defaults {
    fn notes(&self, opts: &ImportOptions, rep: &mut Report) {
        if self.period > 0
            && let Some(p) = opts.period
        {
            rep.note(format!(
                "{} 道题未给出时期，使用默认时期“{p}”（--period）",
                self.period
            ));
        }
        if self.explanation > 0
            && let Some(e) = &opts.explanation
        {
            rep.note(format!(
                "{} 道题没有解析，使用默认解析“{e}”（--explanation）",
                self.explanation
            ));
        }
        if self.source > 0 {
            rep.note(format!(
                "{} 道题未给出出处，使用默认出处“{}”（--source）",
                self.source, opts.source
            ));
        }
        if self.difficulty > 0 {
            rep.note(format!(
                "{} 道题未给出难度，使用默认难度 {}（--difficulty）",
                self.difficulty, opts.difficulty
            ));
        }
        if self.id > 0 {
            rep.note(format!(
                "{} 道题没有编号，已生成编号 {}-0001 起（按题目在文件中的序号）",
                self.id, opts.bank_id
            ));
        }
    }
}

/// The id of the source named `name` (by id, or by title without book marks), adding a new
/// source when none matches.
fn resolve_source(sources: &mut Vec<Source>, name: &str, rep: &mut Report) -> String {
    let title = name.trim().trim_start_matches('《').trim_end_matches('》');
    if let Some(s) = sources.iter().find(|s| s.id == title || s.title == title) {
        return s.id.clone();
    }
    let id = format!("src-{}", sources.len() + 1);
    rep.note(format!("新增出处 {id}：《{title}》"));
    sources.push(Source {
        id: id.clone(),
        title: title.to_owned(),
        publisher: None,
        year: None,
    });
    id
}

/// Re-reads the bank with the loader, one question per line, and maps each diagnostic (and
/// any `origin:line:column` inside its message) back to the question's row or line.
/// Returns the bank as the loader read it.
fn recheck(bank: &Bank, positions: &[Pos], rep: &mut Report) -> Option<Bank> {
    const FIRST: usize = 3;
    let mut text = String::with_capacity(256 + bank.questions.len() * 512);
    text.push_str("{\"bank\": ");
    text.push_str(&serde_json::to_string(&bank.bank).ok()?);
    text.push_str(",\n\"questions\": [\n");
    for (i, q) in bank.questions.iter().enumerate() {
        if i > 0 {
            text.push_str(",\n");
        }
        text.push_str(&serde_json::to_string(q).ok()?);
    }
    text.push_str("\n]}\n");
    let parsed = parse_bank(&rep.origin, &text);
    let loaded = parsed.bank.clone();
    let checked = BankSet::from_parsed(vec![parsed]);
    let map = |p: Pos| -> Pos {
        (p.line as usize)
            .checked_sub(FIRST)
            .and_then(|i| positions.get(i))
            .copied()
            .unwrap_or(Pos { line: 1, column: 1 })
    };
    let prefix = format!("{}:", rep.origin);
    for mut d in checked.diagnostics {
        d.pos = map(d.pos);
        d.message = remap_positions(&d.message, &prefix, map);
        rep.push(d);
    }
    loaded
}

/// Rewrites `{prefix}{line}:{column}` inside a message through `map`.
fn remap_positions(message: &str, prefix: &str, map: impl Fn(Pos) -> Pos) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(prefix) {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let tail = &after[prefix.len()..];
        let mut nums = tail.splitn(3, ':');
        let line = nums.next().and_then(|s| s.parse::<u32>().ok());
        let col_text = nums.next().unwrap_or("");
        let col_len = col_text.chars().take_while(char::is_ascii_digit).count();
        let col = col_text[..col_len].parse::<u32>().ok();
        match (line, col) {
            (Some(line), Some(column)) => {
                let p = map(Pos { line, column });
                out.push_str(&format!("{prefix}{}", p.line));
                let used = line.to_string().len() + 1 + col_len;
                rest = &tail[used..];
            }
            _ => {
                out.push_str(prefix);
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The title of source `id` in `bank` (the id itself when undeclared).
pub(crate) fn source_title<'b>(bank: &'b Bank, id: &'b str) -> &'b str {
    bank.bank
        .sources
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.title.as_str())
}

/// Plain text from a Moodle HTML fragment: tags dropped (`<br>` and `</p>` become line
/// breaks), the common entities decoded.
pub(crate) fn plain_from_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('>') else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let tag = rest[i + 1..i + j].trim().to_ascii_lowercase();
        if tag.starts_with("br") || tag == "/p" || tag == "/div" {
            out.push('\n');
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.trim().to_owned()
}

/// The byte range of the first blank (a run of two or more `_` or `＿`) in a stem.
pub(crate) fn first_blank(s: &str) -> Option<std::ops::Range<usize>> {
    let mut start = None;
    let mut run = 0;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), '\0'))) {
        if c == '_' || c == '＿' {
            start = start.or(Some(i));
            run += 1;
        } else {
            if run >= 2 {
                return start.map(|st| st..i);
            }
            start = None;
            run = 0;
        }
    }
    None
}

/// Judge answers as Chinese exam platforms and Moodle write them.
pub(crate) fn parse_judge(s: &str) -> Option<bool> {
    match s.trim() {
        "对" | "正确" | "是" | "√" | "✓" | "✔" | "T" | "t" | "TRUE" | "True" | "true" | "Y"
        | "y" | "1" => Some(true),
        "错" | "错误" | "否" | "×" | "✗" | "✘" | "X" | "F" | "f" | "FALSE" | "False" | "false"
        | "N" | "n" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remaps_positions_inside_messages() {
        let m = remap_positions("与 a.csv:5:1 重复，见 a.csv:x", "a.csv:", |p| Pos {
            line: p.line * 10,
            column: 1,
        });
        assert_eq!(m, "与 a.csv:50 重复，见 a.csv:x");
    }

    #[test]
    fn decodes_utf8_with_bom_and_gbk() {
        let mut rep = Report::new("t");
        assert_eq!(
            decode("\u{FEFF}遵义".as_bytes(), Encoding::Auto, &mut rep).as_deref(),
            Some("遵义")
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("遵义会议");
        assert_eq!(
            decode(&gbk, Encoding::Auto, &mut rep).as_deref(),
            Some("遵义会议")
        );
        assert_eq!(rep.notes.len(), 1, "auto-detected GBK is noted");
        assert!(decode(&gbk, Encoding::Utf8, &mut rep).is_none());
        assert_eq!(rep.into_error().diagnostics[0].code, Code::Encoding);
    }

    #[test]
    fn html_to_plain() {
        assert_eq!(
            plain_from_html("<p>遵义会议&nbsp;&lt;1935&gt;</p><p>转折</p>"),
            "遵义会议 <1935>\n转折"
        );
    }

    #[test]
    fn judge_words() {
        for t in ["对", "正确", "是", "√", "T", "TRUE"] {
            assert_eq!(parse_judge(t), Some(true), "{t}");
        }
        for f in ["错", "错误", "否", "×", "F", "false"] {
            assert_eq!(parse_judge(f), Some(false), "{f}");
        }
        assert_eq!(parse_judge("也许"), None);
    }
}
