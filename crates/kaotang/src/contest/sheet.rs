//! Answer sheets from CSV (streamed) and JSON, with row-numbered errors.
//!
//! # CSV layout
//!
//! A header row, then one row per attempt. Columns are recognised by their header, in English
//! or Chinese; every other column is an answer, in paper order:
//!
//! | header | meaning |
//! | --- | --- |
//! | `id` / `编号` / `参赛编号` | participant id (required) |
//! | `name` / `姓名` | name |
//! | `unit` / `单位` | unit path, levels separated by `/` (e.g. `东城区/区委组织部/第一支部`) |
//! | `form` / `试卷` | form label (A, B …) |
//! | `start` / `开始时间`, `end` / `结束时间` | `YYYY-MM-DD HH:MM[:SS]` (local time; or with a zone, `Z`/`+08:00`), also `YYYY/M/D H:MM[:SS]` as Excel writes it, or Unix seconds |
//! | `duration` / `用时` | seconds, or `M:SS` / `H:MM:SS` |
//! | `attempt` / `次数` | attempt number, from 1 (default 1; 0 is a bad row) |
//!
//! An empty answer cell is unanswered. A bad row is reported with its line number and skipped.
//! Fractions of a second (`09:00:00.500`, `300.5`) are dropped. A 用时 given beside both
//! times must agree with them to within a second, or the row is refused: which to believe is
//! the organiser's choice (delete one of the columns), not the reader's.
//!
//! Times are kept as local time (as [`Timestamp`] is everywhere in kaotang): a time written
//! without a zone is read as local time as written; a time with a zone (`Z`, `+08:00`,
//! `-0500`) and Unix seconds (which are UTC) are moved into local time by the reader's UTC
//! offset ([`SheetReader::with_utc_offset`], default UTC+8, Beijing time).
//!
//! The file may be UTF-8 (with or without the byte-order mark Excel's “CSV UTF-8” writes) or
//! GBK/GB18030 (Excel's plain “CSV” on Chinese Windows), told apart from the first chunk of
//! the file; cells may be quoted (RFC 4180), lines end in `\n` or `\r\n`.

use std::io::Read;

use serde::{Deserialize, Serialize};

use super::rows::{Record, RecordError, RecordReader, SheetEncoding, field};
use crate::time::{Date, Timestamp};

/// One attempt by one participant.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Sheet {
    /// Where the sheet was read: the CSV line, or the line its JSON element starts on, from 1
    /// (not serialised).
    #[serde(skip)]
    pub row: u64,
    /// Participant id.
    pub participant: String,
    /// Name.
    pub name: String,
    /// Unit path from the top (区 → 单位 → 支部).
    pub unit: Vec<String>,
    /// Form label; `None` for the first form.
    pub form: Option<String>,
    /// Answers in paper order as typed (letters, 对/错, blanks joined by `；`); empty when
    /// unanswered.
    pub answers: Vec<String>,
    /// When the attempt started.
    pub start: Option<Timestamp>,
    /// When it was submitted.
    pub end: Option<Timestamp>,
    /// Seconds used, when given directly.
    pub duration: Option<u32>,
    /// Attempt number, from 1 (a CSV or JSON sheet with 0 is refused).
    pub attempt: u32,
}

impl Sheet {
    /// Seconds used: `duration`, else `end − start`.
    pub fn time_used(&self) -> Option<u32> {
        self.view().time_used()
    }

    /// The sheet as a [`SheetView`], the form [`super::Scorer`] reads.
    pub fn view(&self) -> SheetView<'_> {
        SheetView {
            row: self.row,
            participant: &self.participant,
            name: &self.name,
            form: self.form.as_deref(),
            start: self.start,
            end: self.end,
            duration: self.duration,
            attempt: self.attempt,
            cells: Cells::Owned {
                unit: &self.unit,
                answers: &self.answers,
            },
        }
    }
}

/// One attempt borrowed from a [`Sheet`] or from the row a [`SheetReader`] has just read:
/// ids, names, unit paths and answers are not copied.
#[derive(Debug, Clone, Copy)]
pub struct SheetView<'r> {
    /// As [`Sheet::row`].
    pub row: u64,
    /// Participant id.
    pub participant: &'r str,
    /// Name.
    pub name: &'r str,
    /// Form label; `None` for the first form.
    pub form: Option<&'r str>,
    /// When the attempt started.
    pub start: Option<Timestamp>,
    /// When it was submitted.
    pub end: Option<Timestamp>,
    /// Seconds used, when given directly.
    pub duration: Option<u32>,
    /// Attempt number, from 1.
    pub attempt: u32,
    cells: Cells<'r>,
}

#[derive(Debug, Clone, Copy)]
enum Cells<'r> {
    Owned {
        unit: &'r [String],
        answers: &'r [String],
    },
    // Column indices into the record; `answers` only those the record has, and `run` the
    // first of them when they are adjacent.
    Record {
        record: Record<'r>,
        units: &'r [usize],
        answers: &'r [usize],
        run: Option<usize>,
    },
}

impl<'r> SheetView<'r> {
    /// Seconds used: `duration`, else `end − start`.
    pub fn time_used(&self) -> Option<u32> {
        self.duration.or_else(|| {
            let (s, e) = (self.start?, self.end?);
            u32::try_from(e.secs_since(s)).ok()
        })
    }

    /// Answers in paper order, trimmed; empty when unanswered.
    pub fn answers(&self) -> Answers<'r> {
        self.answers_trimmed(Trim::Yes)
    }

    /// Answers in paper order, CSV cells trimmed or not (see [`trim`]).
    #[inline]
    pub(crate) fn answers_trimmed(&self, t: Trim) -> Answers<'r> {
        match self.cells {
            Cells::Owned { answers, .. } => Answers(AnswerCells::Owned(answers.iter()), t),
            Cells::Record {
                record,
                answers,
                run: Some(from),
                ..
            } => {
                let (text, starts) = record.run(from, answers.len());
                Answers(AnswerCells::Run(text, starts, 0), t)
            }
            Cells::Record {
                record, answers, ..
            } => Answers(AnswerCells::Record(record, answers.iter()), t),
        }
    }

    /// The answer cells, untrimmed, as a text and where they start in it (as
    /// [`super::rows::field`] reads them) when they sit in adjacent columns of a CSV row (the
    /// usual layout): what the scorer reads by index.
    #[inline]
    pub(crate) fn answer_run(&self) -> Option<(&'r str, &'r [u32])> {
        match self.cells {
            Cells::Record {
                record,
                answers,
                run: Some(from),
                ..
            } => Some(record.run(from, answers.len())),
            _ => None,
        }
    }

    /// The answer cells of a CSV row whose answers are not in adjacent columns: the row's
    /// text, where its cells start (as [`super::rows::field`] reads them), and the column
    /// of each answer.
    #[inline]
    pub(crate) fn answer_columns(&self) -> Option<(&'r str, &'r [u32], &'r [usize])> {
        match self.cells {
            Cells::Record {
                record,
                answers,
                run: None,
                ..
            } => {
                let (text, starts) = record.run(0, record.len());
                Some((text, starts, answers))
            }
            _ => None,
        }
    }

    /// The unit path's levels from the top.
    pub fn unit(&self) -> impl Iterator<Item = &'r str> + use<'r> {
        let (owned, record, columns): (&[String], _, &[usize]) = match self.cells {
            Cells::Owned { unit, .. } => (unit, None, &[]),
            Cells::Record { record, units, .. } => (&[], Some(record), units),
        };
        owned.iter().map(String::as_str).chain(
            columns
                .iter()
                .filter_map(move |&c| record?.get(c))
                .flat_map(|text| {
                    text.split(['/', '／'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                }),
        )
    }

    /// The unit as given, before splitting into levels: the unit columns' cells for a CSV
    /// row (`true`), the levels for a [`Sheet`] (`false`). A cheap key for interning.
    pub(crate) fn unit_source(&self) -> (bool, impl Iterator<Item = &'r str> + use<'r>) {
        let (owned, record, columns): (&[String], _, &[usize]) = match self.cells {
            Cells::Owned { unit, .. } => (unit, None, &[]),
            Cells::Record { record, units, .. } => (&[], Some(record), units),
        };
        (
            record.is_some(),
            owned
                .iter()
                .map(String::as_str)
                .chain(columns.iter().filter_map(move |&c| record?.get(c))),
        )
    }

    /// Copies the view into `sheet`, reusing its buffers.
    pub fn to_sheet(&self, sheet: &mut Sheet) {
        sheet.row = self.row;
        sheet.participant.clear();
        sheet.participant.push_str(self.participant);
        sheet.name.clear();
        sheet.name.push_str(self.name);
        sheet.form = self.form.map(str::to_owned);
        sheet.start = self.start;
        sheet.end = self.end;
        sheet.duration = self.duration;
        sheet.attempt = self.attempt;
        let mut used = 0;
        for level in self.unit() {
            reuse_push(&mut sheet.unit, &mut used, level);
        }
        sheet.unit.truncate(used);
        used = 0;
        for answer in self.answers() {
            reuse_push(&mut sheet.answers, &mut used, answer);
        }
        sheet.answers.truncate(used);
    }
}

/// The answers of a [`SheetView`], trimmed, in paper order.
#[derive(Debug, Clone)]
pub struct Answers<'r>(AnswerCells<'r>, Trim);

/// Whether [`Answers`] trims CSV cells (the scorer trims only what its fast path cannot read).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Trim {
    Yes,
    No,
}

impl Trim {
    #[inline(always)]
    fn apply(self, cell: &str) -> &str {
        match self {
            Trim::Yes => trim(cell),
            Trim::No => cell,
        }
    }
}

#[derive(Debug, Clone)]
enum AnswerCells<'r> {
    Owned(std::slice::Iter<'r, String>),
    Record(Record<'r>, std::slice::Iter<'r, usize>),
    // Answers in adjacent columns (the usual layout): where they start, without a column
    // lookup, and the next to read.
    Run(&'r str, &'r [u32], usize),
}

impl<'r> Iterator for Answers<'r> {
    type Item = &'r str;

    #[inline(always)]
    fn next(&mut self) -> Option<&'r str> {
        match &mut self.0 {
            AnswerCells::Owned(it) => it.next().map(String::as_str),
            AnswerCells::Record(record, it) => it
                .next()
                .map(|&c| self.1.apply(record.get(c).unwrap_or(""))),
            AnswerCells::Run(text, starts, k) => {
                let (s, e) = field(text, starts, *k)?;
                *k += 1;
                Some(self.1.apply(text.get(s..e).unwrap_or("")))
            }
        }
    }

    /// Skips without reading the cells passed over.
    fn nth(&mut self, n: usize) -> Option<&'r str> {
        if let Some(skip) = n.checked_sub(1) {
            match &mut self.0 {
                AnswerCells::Owned(it) => it.nth(skip).map(|_| ()),
                AnswerCells::Record(_, it) => it.nth(skip).map(|_| ()),
                AnswerCells::Run(_, starts, k) => {
                    *k = k.saturating_add(skip).min(starts.len());
                    Some(())
                }
            }?;
        }
        self.next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match &self.0 {
            AnswerCells::Owned(it) => it.len(),
            AnswerCells::Record(_, it) => it.len(),
            AnswerCells::Run(_, starts, k) => starts.len().saturating_sub(1 + *k),
        };
        (n, Some(n))
    }
}

impl ExactSizeIterator for Answers<'_> {}

/// A sheet that could not be read or scored, by row (CSV line, or the JSON element's line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第 {row} 行：{message}")]
pub struct SheetError {
    /// The CSV line (header is line 1) or the line the JSON element starts on, from 1.
    pub row: u64,
    /// The participant id, when it could be read.
    pub participant: Option<String>,
    /// What is wrong (Chinese).
    pub message: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Id,
    Name,
    Unit,
    Form,
    Start,
    End,
    Duration,
    Attempt,
    Answer,
}

/// What the field of a column is called in messages.
fn field_name(c: Column) -> &'static str {
    match c {
        Column::Id => "参赛编号",
        Column::Name => "姓名",
        Column::Unit => "单位",
        Column::Form => "试卷",
        Column::Start => "开始时间",
        Column::End => "结束时间",
        Column::Duration => "用时",
        Column::Attempt => "次数",
        Column::Answer => "答案",
    }
}

/// The message for the first field other than answers and unit levels that the header has
/// in two columns (`names` are the header's cells).
fn repeated_field(columns: &[Column], names: &[String]) -> Option<String> {
    columns.iter().enumerate().find_map(|(second, &c)| {
        if matches!(c, Column::Answer | Column::Unit) {
            return None;
        }
        let first = columns.iter().position(|&other| other == c)?;
        let name = |i: usize| names.get(i).map_or("", String::as_str);
        (first < second).then(|| {
            format!(
                "第 {} 列“{}”和第 {} 列“{}”都是{}列，只能有一列：请删去或改名其中一列",
                first + 1,
                name(first),
                second + 1,
                name(second),
                field_name(c)
            )
        })
    })
}

fn column(header: &str) -> Column {
    match header.trim().to_lowercase().as_str() {
        "id" | "participant" | "编号" | "参赛编号" | "账号" => Column::Id,
        "name" | "姓名" => Column::Name,
        "unit" | "单位" | "组织" => Column::Unit,
        "form" | "试卷" | "卷别" => Column::Form,
        "start" | "开始时间" => Column::Start,
        "end" | "结束时间" | "提交时间" => Column::End,
        "duration" | "用时" => Column::Duration,
        "attempt" | "次数" | "第几次" => Column::Attempt,
        _ => Column::Answer,
    }
}

/// When every answer column's header carries a question number (`1`, `答案3`, `第3题`) and
/// the numbers are 1 to n but not in order (columns moved in Excel), the message refusing it:
/// answers are read by position, and graded against the wrong questions they would be.
fn answers_out_of_order(answers: &[usize], names: &[String]) -> Option<String> {
    let numbers: Vec<usize> = answers
        .iter()
        .map(|&i| {
            let digits: String = names.get(i)?.chars().filter(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect::<Option<_>>()?;
    let mut sorted = numbers.clone();
    sorted.sort_unstable();
    let is_one_to_n = sorted.iter().enumerate().all(|(k, &n)| n == k + 1);
    let (k, &n) = numbers.iter().enumerate().find(|&(k, &n)| n != k + 1)?;
    is_one_to_n.then(|| {
        format!(
            "答案列的题号不按顺序：第 {} 列“{}”是第 {n} 题，却排在第 {} 个答案的位置；请把答案列按题号排好",
            answers.get(k).map_or(0, |c| c + 1),
            answers.get(k).and_then(|&c| names.get(c)).map_or("", String::as_str),
            k + 1
        )
    })
}

/// Reads sheets from CSV one row at a time; memory does not grow with the number of rows.
///
/// [`SheetReader::read_view`] lends the row without copying it (what a streaming scorer
/// wants); [`SheetReader::read_into`] and the iterator copy it into a [`Sheet`]. Answers and
/// unit levels are taken from every such column in order; any other field in two columns
/// (say 编号 and 账号, both ids) is an error on row 1, since either could be the one meant.
///
/// ```
/// use kaotang::contest::SheetReader;
/// let csv = "编号,姓名,单位,用时,1,2\np1,张三,东城区/一支部,95,B,对\np2,李四,东城区/二支部,abc,A,错\n";
/// let rows: Vec<_> = SheetReader::new(csv.as_bytes()).unwrap().collect();
/// let first = rows[0].as_ref().unwrap();
/// assert_eq!(first.answers, ["B", "对"]);
/// assert_eq!(first.unit, ["东城区", "一支部"]);
/// assert_eq!(rows[1].as_ref().unwrap_err().row, 3);
///
/// let mut reader = SheetReader::new(csv.as_bytes()).unwrap();
/// let view = reader.read_view().unwrap().unwrap();
/// assert_eq!((view.participant, view.duration), ("p1", Some(95)));
/// assert_eq!(view.answers().collect::<Vec<_>>(), ["B", "对"]);
/// ```
pub struct SheetReader<R: Read> {
    records: RecordReader<R>,
    // Columns other than answers and units, with their index.
    fields: Vec<(usize, Column)>,
    units: Vec<usize>,
    answers: Vec<usize>,
    // The first answer column when the answers are adjacent columns.
    answer_run: Option<usize>,
    // How many columns the header has.
    width: usize,
    day: DayCache,
    utc_offset: i64,
}

/// Beijing time, the local time sheets are read in unless told otherwise.
pub const DEFAULT_UTC_OFFSET_SECS: i64 = 8 * 3600;

/// The last date read and its midnight: a round's sheets share a few dates.
type DayCache = Option<([u8; 10], Timestamp)>;

impl<R: Read> SheetReader<R> {
    /// Reads the header row. A missing header or id column, or a field other than answers
    /// and unit levels in two columns, is an error on row 1. The input is read in large
    /// chunks, so it needs no buffering of its own.
    pub fn new(input: R) -> Result<Self, SheetError> {
        let mut records = RecordReader::new(input);
        let header_error = |message: String| SheetError {
            row: 1,
            participant: None,
            message,
        };
        let names: Vec<String> = match records.next_record() {
            Some(Ok(header)) => (0..header.len())
                .map(|i| header.get(i).unwrap_or_default().trim().to_string())
                .collect(),
            Some(Err(e)) => {
                return Err(header_error(format!(
                    "无法读取表头：{}",
                    record_error(&e).1
                )));
            }
            None => return Err(header_error("文件是空的，没有表头".into())),
        };
        let columns: Vec<Column> = names.iter().map(|n| column(n)).collect();
        if !columns.contains(&Column::Id) {
            return Err(header_error("表头缺少参赛编号列（编号 或 id）".into()));
        }
        if let Some(message) = repeated_field(&columns, &names) {
            return Err(header_error(message));
        }
        let indices = |wanted: Column| {
            (0..columns.len())
                .filter(|&i| columns.get(i) == Some(&wanted))
                .collect()
        };
        records.expect_rows_of(columns.len());
        if ["名次", "得分"]
            .iter()
            .all(|h| names.iter().any(|n| n == h))
        {
            return Err(header_error(
                "这是成绩文件（表头有“名次”“得分”），不是答题卡：评分要读答题卡文件".into(),
            ));
        }
        let answers: Vec<usize> = indices(Column::Answer);
        if let Some(message) = answers_out_of_order(&answers, &names) {
            return Err(header_error(message));
        }
        let adjacent = answers.windows(2).all(|w| w[1] == w[0] + 1);
        Ok(Self {
            width: columns.len(),
            units: indices(Column::Unit),
            answer_run: answers.first().copied().filter(|_| adjacent),
            answers,
            fields: columns
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, c)| !matches!(c, Column::Unit | Column::Answer))
                .collect(),
            records,
            day: None,
            utc_offset: DEFAULT_UTC_OFFSET_SECS,
        })
    }

    /// A reader for a later part of the same file, for reading parts side by side: the
    /// same columns, encoding and UTC offset, no header row. `input` must start at the start
    /// of a line; rows are numbered from 1 within the part (add the lines before it, see
    /// [`SheetReader::next_line`]). Parts split at line breaks read the same records as the
    /// whole file unless a quoted cell spans a split ([`SheetReader::ended_between_records`]
    /// on the parts before it, once they are read, says whether one did).
    pub fn part<P: Read>(&self, input: P) -> SheetReader<P> {
        let mut records = RecordReader::continuing(input, self.encoding());
        records.expect_rows_of(self.width);
        SheetReader {
            records,
            fields: self.fields.clone(),
            units: self.units.clone(),
            answers: self.answers.clone(),
            answer_run: self.answer_run,
            width: self.width,
            day: None,
            utc_offset: self.utc_offset,
        }
    }

    /// The line the next row starts on; after the last row, one past the last line read.
    pub fn next_line(&self) -> u64 {
        self.records.line()
    }

    /// Whether reading reached the end of the input outside any quoted cell, no error
    /// having stopped it: then the next part of the file (see [`SheetReader::part`]) starts
    /// at a row. A part that ends inside a quoted cell was cut where no row ends.
    pub fn ended_between_records(&self) -> bool {
        self.records.ended_between_records()
    }

    /// Local time is `utc_offset_secs` ahead of UTC (default [`DEFAULT_UTC_OFFSET_SECS`]):
    /// how Unix seconds and times with a zone are moved into local time.
    ///
    /// ```
    /// use kaotang::contest::SheetReader;
    /// let csv = "编号,开始时间,结束时间\np1,2025-07-01 09:00:00,2025-07-01T01:10:00Z\np2,1751331600,\n";
    /// let sheets: Vec<_> = SheetReader::new(csv.as_bytes()).unwrap().map(Result::unwrap).collect();
    /// // 01:10 UTC is 09:10 in Beijing: ten minutes after the zone-less local start.
    /// assert_eq!(sheets[0].time_used(), Some(600));
    /// // Unix 1751331600 is 2025-07-01 01:00 UTC, 09:00 local.
    /// assert_eq!(sheets[1].start, sheets[0].start);
    /// // Read with local time = UTC, the end (01:10) comes before the start (09:00): a bad row.
    /// let mut utc = SheetReader::new(csv.as_bytes()).unwrap().with_utc_offset(0);
    /// assert_eq!(utc.next().unwrap().unwrap_err().message, "结束时间早于开始时间");
    /// ```
    pub fn with_utc_offset(mut self, utc_offset_secs: i64) -> Self {
        self.utc_offset = utc_offset_secs;
        self
    }

    /// How the file's bytes are decoded: UTF-8, or GBK/GB18030 when the start of the file
    /// is not UTF-8 but reads as GBK (what Excel on Chinese Windows saves).
    pub fn encoding(&self) -> SheetEncoding {
        self.records.encoding()
    }

    /// Reads the next row and lends it. `None` at the end of input.
    pub fn read_view(&mut self) -> Option<Result<SheetView<'_>, SheetError>> {
        match self.records.next_record()? {
            Err(e) => {
                let (row, message) = record_error(&e);
                Some(Err(SheetError {
                    row,
                    participant: None,
                    message,
                }))
            }
            Ok(record) => {
                // A short row has only its first answers (and is refused when scored).
                let answers = self.answers.partition_point(|&c| c < record.len());
                let cells = Cells::Record {
                    record,
                    units: &self.units,
                    answers: self.answers.get(..answers).unwrap_or(&[]),
                    run: self.answer_run,
                };
                Some(view(
                    record.line,
                    &self.fields,
                    self.width,
                    record,
                    cells,
                    &mut self.day,
                    self.utc_offset,
                ))
            }
        }
    }

    /// Reads the next row into `sheet`, reusing its buffers. `None` at the end of input.
    pub fn read_into(&mut self, sheet: &mut Sheet) -> Option<Result<(), SheetError>> {
        Some(self.read_view()?.map(|v| v.to_sheet(sheet)))
    }
}

/// The row and message of a record that could not be read.
fn record_error(e: &RecordError) -> (u64, String) {
    match e {
        RecordError::Io { line, error } => (*line, format!("读取失败：{error}")),
        RecordError::Encoding { line, field } => (
            *line,
            format!(
                "{}含有无法识别的字节：文件应为 UTF-8 或 GBK 编码",
                field.map_or(String::new(), |f| format!("第 {} 列", f + 1))
            ),
        ),
        RecordError::TooLong { line } => (
            *line,
            "这一行超过 64 MiB，可能有未闭合的引号；其后的内容未读取".into(),
        ),
        RecordError::UnclosedQuote { line } => (
            *line,
            "这一行的英文双引号没有配对（可能多了一个引号），其后各行照常读取".into(),
        ),
        RecordError::StrayQuote { line, lines } => (
            *line,
            format!(
                "从这一行起共 {lines} 行被读成了一个单元格（这一行的英文双引号到第 {lines} 行才配对），\
                 都没有评分（多半是多了一个引号：请改正后重新评分）"
            ),
        ),
    }
}

impl<R: Read> Iterator for SheetReader<R> {
    type Item = Result<Sheet, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut sheet = Sheet::default();
        self.read_into(&mut sheet).map(|r| r.map(|()| sheet))
    }
}

fn view<'r>(
    row: u64,
    fields: &[(usize, Column)],
    width: usize,
    record: Record<'r>,
    cells: Cells<'r>,
    day: &mut DayCache,
    utc_offset: i64,
) -> Result<SheetView<'r>, SheetError> {
    let mut v = SheetView {
        row,
        participant: "",
        name: "",
        form: None,
        start: None,
        end: None,
        duration: None,
        attempt: 1,
        cells,
    };
    for &(i, c) in fields {
        if c == Column::Id {
            v.participant = record.get(i).map_or("", trim);
        }
    }
    let error = |message: String| SheetError {
        row,
        participant: Some(v.participant.to_owned()).filter(|p| !p.is_empty()),
        message,
    };
    // A cell past the header's last column means the row's cells are not where the header
    // says (a comma in a name or unit without quotes moves every cell after it): refused,
    // not graded on the wrong cells. Empty ones (a trailing comma) are harmless.
    if let Some(extra) =
        (width..record.len()).find(|&i| record.get(i).is_some_and(|c| !trim(c).is_empty()))
    {
        return Err(error(format!(
            "这一行有 {} 列，表头只有 {width} 列（第 {} 列为“{}”）；姓名、单位中的逗号须加英文双引号",
            record.len(),
            extra + 1,
            record.get(extra).map_or("", trim)
        )));
    }
    for &(i, c) in fields {
        let Some(text) = record.get(i).map(trim) else {
            continue;
        };
        match c {
            Column::Name => v.name = text,
            Column::Form => v.form = Some(text).filter(|t| !t.is_empty()),
            Column::Start => {
                v.start = parse_time(text, "开始时间", day, utc_offset).map_err(error)?
            }
            Column::End => v.end = parse_time(text, "结束时间", day, utc_offset).map_err(error)?,
            Column::Duration => v.duration = parse_duration(text).map_err(error)?,
            Column::Attempt => v.attempt = parse_attempt(text).map_err(error)?,
            _ => {}
        }
    }
    if v.participant.is_empty() {
        return Err(error("参赛编号为空".into()));
    }
    check_times(v.start, v.end, v.duration).map_err(error)?;
    Ok(v)
}

/// Reads an attempt number (次数): a positive integer; empty is 1.
fn parse_attempt(text: &str) -> Result<u32, String> {
    if text.is_empty() {
        return Ok(1);
    }
    text.parse::<u32>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("次数“{text}”应为正整数"))
}

/// The times of a sheet agree: the end is not before the start, and a 用时 given beside both
/// is what they span, give or take a second (fractions of a second are dropped from each).
fn check_times(
    start: Option<Timestamp>,
    end: Option<Timestamp>,
    duration: Option<u32>,
) -> Result<(), String> {
    let (Some(s), Some(e)) = (start, end) else {
        return Ok(());
    };
    if e < s {
        return Err("结束时间早于开始时间".into());
    }
    match duration {
        Some(d) if e.secs_since(s).abs_diff(i64::from(d)) > 1 => Err(format!(
            "用时 {d} 秒与开始、结束时间（相隔 {} 秒）不符；删去用时列或开始、结束时间列，即按另一种计时",
            e.secs_since(s)
        )),
        _ => Ok(()),
    }
}

/// Trims whitespace. Almost no cell has any, and a cell needs no look at its characters
/// when its first byte cannot begin a space (above `' '` and not C2 or E1–E3, the lead bytes
/// of U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000) and its last byte cannot end one.
#[inline]
pub(crate) fn trim(field: &str) -> &str {
    match *field.as_bytes() {
        [] => field,
        [first, .., last] | [first @ last]
            if first > b' '
                && !matches!(first, 0xC2 | 0xE1..=0xE3)
                && last > b' '
                && !matches!(last, 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF) =>
        {
            field
        }
        _ => trim_unicode(field),
    }
}

#[cold]
fn trim_unicode(field: &str) -> &str {
    field.trim()
}

/// Sets `list[*used]` to `text`, reusing the string already there, and advances `used`.
fn reuse_push(list: &mut Vec<String>, used: &mut usize, text: &str) {
    match list.get_mut(*used) {
        Some(s) => {
            s.clear();
            s.push_str(text);
        }
        None => list.push(text.to_owned()),
    }
    *used += 1;
}

/// Reads `YYYY-MM-DD HH:MM[:SS]` (or with `T`) as local time, the same followed by a zone
/// (`Z`, `±HH:MM`, `±HHMM`, `±HH`) or whole Unix seconds moved into local time by
/// `utc_offset`; empty is `None`. What the fast path does not read goes to [`parse_time_slow`]
/// (Excel's `2024/7/1 9:00`, fractions of a second).
fn parse_time(
    text: &str,
    what: &str,
    day: &mut DayCache,
    utc_offset: i64,
) -> Result<Option<Timestamp>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || {
        format!(
            "{what}“{text}”应为 YYYY-MM-DD HH:MM:SS 或 YYYY/M/D H:MM（本地时间，或带时区如 +08:00）或秒数"
        )
    };
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<i64>()
            .map(|s| Some(Timestamp(s.saturating_add(utc_offset))))
            .map_err(|_| bad());
    }
    match parse_time_fast(text, day, utc_offset) {
        Some(t) => Ok(Some(t)),
        None => parse_time_slow(text, utc_offset).map(Some).ok_or_else(bad),
    }
}

/// `YYYY-MM-DD HH:MM[:SS]` with an optional zone, the date's midnight cached in `day`.
#[inline]
fn parse_time_fast(text: &str, day: &mut DayCache, utc_offset: i64) -> Option<Timestamp> {
    let (text, zone) = split_zone(text)?;
    // A written zone: the wall time is UTC + zone, local time is UTC + utc_offset.
    let shift = zone.map_or(0, |z| utc_offset - z);
    let d = text.as_bytes().first_chunk::<10>()?;
    let midnight = match day.as_ref() {
        Some((seen, t)) if seen == d => *t,
        _ => {
            let date: Date = text.get(..10)?.parse().ok()?;
            *day = Some((*d, date.start()));
            date.start()
        }
    };
    let clock = text.get(10..)?.strip_prefix([' ', 'T'])?;
    let secs = clock_secs(clock).filter(|&s| s < 86_400)?;
    Some(midnight.add_secs(i64::from(secs) + shift))
}

/// The times the fast path does not read: dates written `YYYY/M/D`, `YYYY-M-D` or
/// `YYYY.M.D` (Excel's own), an hour of one digit, and fractions of a second (on a clock or
/// on Unix seconds), which are dropped: `09:00:00.999` is `09:00:00`.
#[cold]
fn parse_time_slow(text: &str, utc_offset: i64) -> Option<Timestamp> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if let Some((secs, fraction)) = text.split_once('.')
        && digits(secs)
        && digits(fraction)
    {
        return Some(Timestamp(
            secs.parse::<i64>().ok()?.saturating_add(utc_offset),
        ));
    }
    let (text, zone) = split_zone(text)?;
    let shift = zone.map_or(0, |z| utc_offset - z);
    let (date, clock) = text.split_once([' ', 'T'])?;
    let mut parts = date.split(['-', '/', '.']);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let short = |s: &str| digits(s) && s.len() <= 2;
    if parts.next().is_some() || !(digits(y) && y.len() == 4 && short(m) && short(d)) {
        return None;
    }
    let date = Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    let clock = clock.trim_start();
    let clock = match clock.split_once('.') {
        Some((whole, fraction)) if digits(fraction) => whole,
        Some(_) => return None,
        None => clock,
    };
    let secs = clock_secs(clock).filter(|&s| s < 86_400)?;
    Some(date.start().add_secs(i64::from(secs) + shift))
}

/// Splits a zone off the end of a date and time: `Z`, `±HH:MM`, `±HHMM` or `±HH` (only after
/// the clock, so the date's own `-` is never taken for one). `None` for a malformed zone.
fn split_zone(text: &str) -> Option<(&str, Option<i64>)> {
    if let Some(t) = text.strip_suffix(['Z', 'z']) {
        return Some((t, Some(0)));
    }
    // The sign must come after the clock's first `:` (at index 13 or later).
    let Some(at) = text.rfind(['+', '-']).filter(|&i| i > 13) else {
        return Some((text, None));
    };
    let (t, zone) = text.split_at(at);
    let sign = if zone.starts_with('-') { -1 } else { 1 };
    let digits: String = zone.get(1..)?.chars().filter(|&c| c != ':').collect();
    let two = |s: Option<&str>| s.filter(|d| d.len() == 2)?.parse::<i64>().ok();
    let (h, m) = match digits.len() {
        2 => (two(Some(&digits))?, 0),
        4 => (two(digits.get(..2))?, two(digits.get(2..))?),
        _ => return None,
    };
    (h <= 14 && m < 60 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then_some((t.trim_end(), Some(sign * (h * 3600 + m * 60))))
}

/// Reads `H:MM:SS`, `M:SS` or `H:MM` style clocks as seconds (two parts are read as H:MM for
/// times of day, so [`parse_duration`] reads two parts itself).
fn clock_secs(text: &str) -> Option<u32> {
    // `HH:MM:SS`, what exports almost always hold, without splitting and parsing.
    if let &[h1, h0, b':', m1, m0, b':', s1, s0] = text.as_bytes() {
        let digit = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
        let two = |a: u8, b: u8| Some(digit(a)? * 10 + digit(b)?);
        if let (Some(h), Some(m), Some(s)) = (two(h1, h0), two(m1, m0), two(s1, s0)) {
            return (m < 60 && s < 60).then_some(h * 3600 + m * 60 + s);
        }
    }
    let mut parts = [0u32; 3];
    let mut n = 0;
    for p in text.split(':') {
        *parts.get_mut(n)? = p.parse().ok()?;
        n += 1;
    }
    let (h, m, s) = match (n, parts) {
        (2, [h, m, _]) => (h, m, 0),
        (3, [h, m, s]) => (h, m, s),
        _ => return None,
    };
    (m < 60 && s < 60)
        .then(|| h.checked_mul(3600)?.checked_add(m * 60 + s))
        .flatten()
}

fn parse_duration(text: &str) -> Result<Option<u32>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || format!("用时“{text}”应为秒数或 分:秒");
    if let Ok(s) = text.parse::<u32>() {
        return Ok(Some(s));
    }
    // A fraction of a second (`300.5`, `5:00.5`) is dropped, as on times.
    let whole = match text.split_once('.') {
        Some((whole, fraction))
            if !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit()) =>
        {
            whole
        }
        Some(_) => return Err(bad()),
        None => text,
    };
    if let Ok(s) = whole.parse::<u32>() {
        return Ok(Some(s));
    }
    let parts: Vec<&str> = whole.split(':').collect();
    match parts.as_slice() {
        [m, s] => {
            let (m, s) = (
                m.parse::<u32>().map_err(|_| bad())?,
                s.parse::<u32>().map_err(|_| bad())?,
            );
            m.checked_mul(60)
                .and_then(|m| m.checked_add(s))
                .filter(|_| s < 60)
                .map(Some)
                .ok_or_else(bad)
        }
        _ => clock_secs(whole).map(Some).ok_or_else(bad),
    }
}

/// Reads sheets from a JSON array of [`Sheet`] objects, with times as a CSV sheet's are read
/// at [`DEFAULT_UTC_OFFSET_SECS`]; each bad element is an error with the line it starts on,
/// the rest are read. (For a file, [`for_each_json_sheet`] reads one element at a time
/// instead of the whole array.)
///
/// ```
/// let json = "[\n{\"participant\":\"p1\",\"answers\":[\"A\"]},\n{\"participant\":5}\n]";
/// let out = kaotang::contest::sheets_from_json(json).unwrap();
/// assert!(out[0].is_ok());
/// assert_eq!(out[1].as_ref().unwrap_err().row, 3);
/// ```
pub fn sheets_from_json(text: &str) -> Result<Vec<Result<Sheet, SheetError>>, SheetError> {
    let mut out = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    json_sheets(text.as_bytes(), DEFAULT_UTC_OFFSET_SECS, |s| out.push(s))?;
    Ok(out)
}

/// Streams sheets from a JSON array of [`Sheet`] objects into `each`, one element at a time, so
/// memory stays flat however many there are (a million sheets as one parsed array took 5.6 GB).
///
/// Fields are read as a CSV sheet's columns are: `start` and `end` as Unix seconds (a
/// number) or as text in any form a CSV cell may have, moved into local time by
/// `utc_offset_secs` as [`SheetReader::with_utc_offset`] does; `duration` as seconds or text
/// (`5:00`); `attempt` a positive integer; `unit` a list of levels or one text split at `/`.
/// Each bad element is handed on as an error with the line it starts on, and the rest are
/// read; JSON that is not an array of objects ends reading with an error at its line, after
/// the elements before it were handed on. Returns how many elements there were.
///
/// ```
/// use kaotang::contest::{for_each_json_sheet, DEFAULT_UTC_OFFSET_SECS};
/// let json = r#"[{"participant":"p1","answers":["A"],"start":"2025-07-01 09:00","end":1751331900},
///                {"participant":""}]"#;
/// let mut read = Vec::new();
/// let n = for_each_json_sheet(json.as_bytes(), DEFAULT_UTC_OFFSET_SECS, |s| read.push(s)).unwrap();
/// assert_eq!(n, 2);
/// // Unix 1751331900 is 01:05 UTC, 09:05 in Beijing.
/// assert_eq!(read[0].as_ref().unwrap().time_used(), Some(300));
/// assert_eq!(read[1].as_ref().unwrap_err().row, 2);
/// ```
pub fn for_each_json_sheet<R: Read>(
    input: R,
    utc_offset_secs: i64,
    each: impl FnMut(Result<Sheet, SheetError>),
) -> Result<u64, SheetError> {
    let mut input = std::io::BufReader::with_capacity(1 << 16, input);
    skip_bom(&mut input);
    json_sheets(input, utc_offset_secs, each)
}

/// Drops a UTF-8 byte-order mark at the start of `input` (Notepad on Windows writes one), which
/// JSON does not allow. A read error is left for the JSON reader to meet and report.
fn skip_bom(input: &mut impl std::io::BufRead) {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    if input.fill_buf().is_ok_and(|b| b.starts_with(BOM)) {
        input.consume(BOM.len());
    }
}

/// [`for_each_json_sheet`] from buffered input.
fn json_sheets<R: std::io::BufRead>(
    input: R,
    utc_offset: i64,
    each: impl FnMut(Result<Sheet, SheetError>),
) -> Result<u64, SheetError> {
    let start = std::cell::Cell::new(1);
    let lines = ElementLines {
        input,
        line: 1,
        depth: 0,
        in_string: false,
        escaped: false,
        start: &start,
    };
    let mut de = serde_json::Deserializer::from_reader(lines);
    let visitor = JsonSheets {
        each,
        start: &start,
        utc_offset,
    };
    serde::Deserializer::deserialize_seq(&mut de, visitor)
        .and_then(|n| de.end().map(|()| n))
        .map_err(|e| {
            use serde_json::error::Category;
            let what = match e.classify() {
                Category::Io => format!("读取失败：{e}"),
                Category::Eof => "文件在答卷数组结束之前就结束了（文件不完整？）".into(),
                Category::Syntax => "JSON 语法错误".into(),
                Category::Data => "应为答卷数组 [ {…}, {…} ]".into(),
            };
            SheetError {
                row: e.line() as u64,
                participant: None,
                message: format!("JSON 第 {} 列：{what}", e.column()),
            }
        })
}

/// The input of a JSON sheet array, noting the line each element of the array starts on
/// (in `start`) as the bytes go by: the parser reads no further than one byte past an
/// element before handing it over, so `start` is then that element's line.
struct ElementLines<'s, R> {
    input: R,
    line: u64,
    // Nesting of arrays and objects: the elements are at depth 1.
    depth: u32,
    in_string: bool,
    escaped: bool,
    start: &'s std::cell::Cell<u64>,
}

impl<R: std::io::BufRead> Read for ElementLines<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let chunk = self.input.fill_buf()?;
        let n = chunk.len().min(buf.len());
        let (Some(to), Some(from)) = (buf.get_mut(..n), chunk.get(..n)) else {
            return Ok(0);
        };
        to.copy_from_slice(from);
        for &b in &*to {
            if b == b'\n' {
                self.line += 1;
            }
            if self.in_string {
                match b {
                    _ if self.escaped => self.escaped = false,
                    b'\\' => self.escaped = true,
                    b'"' => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            if self.depth == 1 && !matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b',' | b']') {
                self.start.set(self.line);
            }
            match b {
                b'"' => self.in_string = true,
                b'[' | b'{' => self.depth += 1,
                b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        self.input.consume(n);
        Ok(n)
    }
}

/// The array [`for_each_json_sheet`] reads: each element parsed as any JSON value first, so a
/// wrong field in one sheet is that sheet's error, not the end of reading.
struct JsonSheets<'s, F> {
    each: F,
    start: &'s std::cell::Cell<u64>,
    utc_offset: i64,
}

impl<'de, F: FnMut(Result<Sheet, SheetError>)> serde::de::Visitor<'de> for JsonSheets<'_, F> {
    type Value = u64;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("答卷数组")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<u64, A::Error> {
        let Self {
            mut each,
            start,
            utc_offset,
        } = self;
        let mut n = 0u64;
        let mut day = None;
        while let Some(v) = seq.next_element::<serde_json::Value>()? {
            n += 1;
            each(json_sheet(v, start.get(), &mut day, utc_offset));
        }
        Ok(n)
    }
}

/// One element of a JSON sheet array, starting on line `row`: its fields read as the CSV
/// columns of the same name are (see [`for_each_json_sheet`]); other fields are ignored.
fn json_sheet(
    v: serde_json::Value,
    row: u64,
    day: &mut DayCache,
    utc_offset: i64,
) -> Result<Sheet, SheetError> {
    use serde_json::Value;
    let participant = v
        .get("participant")
        .and_then(|p| p.as_str())
        .map(|p| p.trim().to_owned());
    let err = |message: String| SheetError {
        row,
        participant: participant.clone().filter(|p| !p.is_empty()),
        message,
    };
    let Value::Object(fields) = v else {
        return Err(err("答卷应为对象 {…}".into()));
    };
    // A field's text: a string as it is, a number as written, null or absent as empty.
    let text = |name: &str, numbers: bool| -> Result<String, SheetError> {
        match fields.get(name) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(trim(s).to_owned()),
            Some(Value::Number(n)) if numbers => Ok(n.to_string()),
            Some(_) if numbers => Err(err(format!("{name} 应为数字或文字"))),
            Some(_) => Err(err(format!("{name} 应为文字"))),
        }
    };
    let texts = |name: &str| -> Result<Vec<String>, SheetError> {
        match fields.get(name) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::Null => Ok(String::new()),
                    Value::String(s) => Ok(s.clone()),
                    _ => Err(err(format!("{name} 的每一项应为文字"))),
                })
                .collect(),
            Some(_) => Err(err(format!("{name} 应为文字的数组"))),
        }
    };
    // A list of levels, or one text split into levels as a CSV unit cell is.
    let unit = match fields.get("unit") {
        Some(Value::String(u)) => u
            .split(['/', '／'])
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => texts("unit")?,
    };
    let sheet = Sheet {
        row,
        participant: text("participant", false)?,
        name: text("name", false)?,
        unit,
        form: Some(text("form", false)?).filter(|f| !f.is_empty()),
        answers: texts("answers")?,
        start: parse_time(&text("start", true)?, "开始时间", day, utc_offset).map_err(err)?,
        end: parse_time(&text("end", true)?, "结束时间", day, utc_offset).map_err(err)?,
        duration: parse_duration(&text("duration", true)?).map_err(err)?,
        attempt: parse_attempt(&text("attempt", true)?).map_err(err)?,
    };
    if sheet.participant.is_empty() {
        return Err(err("参赛编号为空".into()));
    }
    check_times(sheet.start, sheet.end, sheet.duration).map_err(err)?;
    Ok(sheet)
}
