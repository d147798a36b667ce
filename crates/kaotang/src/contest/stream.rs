//! Scoring a sheet file that arrives in pieces (an upload, a `ReadableStream`, a socket),
//! pushed rather than pulled, with the same result as scoring the whole file at once.
//!
//! [`SheetReader`] pulls from a `Read`, which a push-fed source cannot offer without
//! blocking. [`SheetStream`] keeps the bytes it has been given until they hold whole records,
//! then reads those with the reader the whole-file path uses: the header and the first
//! piece with [`SheetReader::new`], later pieces with [`SheetReader::part`], row numbers
//! shifted by the lines before each piece. Pieces are cut only at a line break that ends a
//! record (a small quote-aware scan over the raw bytes: `"`, `,`, CR and LF are the same
//! bytes in UTF-8 and GBK and never inside a multi-byte character), so a record, a line or
//! a character may straddle any number of pushes. The first piece holds at least the bytes
//! the reader decides the encoding from, so UTF-8/GBK detection sees what it sees when
//! reading the whole file.

use std::io::Read;
use std::sync::Arc;

use super::{Assembly, ScoreRules, Scorer, Scoring, SheetError, SheetReader};
use crate::bank::BankSet;

/// Bytes [`SheetReader`] reads at a time (its reader's chunk): the encoding is decided from
/// the whole lines of the first chunk that has a line break. A test fails if the two differ.
const READ_CHUNK: usize = 1 << 18;
/// Whole records are read once this many bytes of them have arrived (or at the end): each
/// piece costs a reader and its first buffer, too much for a piece per record.
const PIECE: usize = 1 << 16;
/// A record longer than this stops the reader with an error (as in the reader).
const MAX_RECORD: usize = 64 << 20;

/// What scoring a sheet file produced: the scoring and the rows that were skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredSheets {
    /// Results, counts and item analysis.
    pub scoring: Scoring,
    /// Rows that could not be read or scored, in file order, by line.
    pub errors: Vec<SheetError>,
}

/// Scores a whole sheet file (CSV, UTF-8 or GBK) read from `input`: rows that cannot be read
/// or scored are skipped and listed. Fails only when the header cannot be read (row 1).
///
/// `utc_offset_secs` is the local time's offset (see [`SheetReader::with_utc_offset`]).
pub fn score_sheets(
    mut scorer: Scorer<'_>,
    input: impl Read,
    utc_offset_secs: i64,
) -> Result<ScoredSheets, SheetError> {
    let mut reader = SheetReader::new(input)?.with_utc_offset(utc_offset_secs);
    let mut errors = Vec::new();
    read_rows(&mut reader, &mut scorer, 0, &mut errors);
    Ok(ScoredSheets {
        scoring: scorer.finish(),
        errors,
    })
}

/// Scores every row `reader` has, numbering rows `base` lines further on.
fn read_rows<R: Read>(
    reader: &mut SheetReader<R>,
    scorer: &mut Scorer<'_>,
    base: u64,
    errors: &mut Vec<SheetError>,
) {
    while let Some(row) = reader.read_view() {
        let scored = match row {
            Ok(mut sheet) => {
                sheet.row += base;
                scorer.add_view(&sheet)
            }
            Err(mut e) => {
                e.row += base;
                Err(e)
            }
        };
        if let Err(e) = scored {
            errors.push(e);
        }
    }
}

/// Where the scan of raw bytes is inside a record (as in the reader's general path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    StartField,
    InField,
    InQuotes,
    QuoteInQuotes,
}

/// Scores a sheet file pushed in pieces of any size; [`SheetStream::finish`] gives exactly
/// what [`score_sheets`] gives for the whole file.
///
/// ```
/// # use kaotang::bank::BankSet;
/// # use kaotang::contest::{assemble, score_sheets, Blueprint, ScoreRules, Scorer, SheetStream};
/// # let mut yaml = String::from("bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n");
/// # for i in 0..2 {
/// #     yaml += &format!("  - {{ id: q{i}, type: judge, stem: 第{i}题的陈述。, answer: true, \
/// #         explanation: 说明{i}。, period: 新民主主义革命时期, difficulty: 2, source: {{ ref: s }} }}\n");
/// # }
/// # let set = BankSet::load(&[("b.yaml", yaml)]).unwrap();
/// # let bp = Blueprint::from_yaml("title: 初赛\ntime_limit_minutes: 10\n\
/// #     sections: [{ name: 判断题, count: 2, points: 50 }]").unwrap();
/// # let assembly = assemble(&set, &bp, 1).unwrap();
/// let csv = "编号,姓名,1,2\np1,张三,对,对\np2,李四,对,错\np3,王五,对\n".as_bytes();
/// let scorer = || Scorer::new(&set, &assembly, ScoreRules::default()).unwrap();
/// let mut stream = SheetStream::new(scorer());
/// for piece in csv.chunks(5) {
///     stream.push(piece).unwrap();
/// }
/// let streamed = stream.finish().unwrap();
/// assert_eq!(streamed, score_sheets(scorer(), csv, 8 * 3600).unwrap());
/// assert_eq!(streamed.scoring.results.len(), 2);
/// assert_eq!(streamed.errors[0].row, 4);
/// ```
pub struct SheetStream<'a> {
    scorer: Scorer<'a>,
    utc_offset: i64,
    // Bytes received and not read yet; `pending[0]` is byte `offset` of the file.
    pending: Vec<u8>,
    offset: u64,
    // The raw scan: how far into `pending`, in which state, and the end of the last whole
    // record seen (0: none yet).
    scanned: usize,
    scan: Scan,
    whole: usize,
    // Where the file's first line break is, once seen.
    first_newline: Option<u64>,
    // After the header: a reader with the file's columns and encoding, for later pieces,
    // and how many lines came before the next piece.
    columns: Option<SheetReader<std::io::Empty>>,
    lines: u64,
    errors: Vec<SheetError>,
    // The header could not be read.
    failed: Option<SheetError>,
    // Reading stopped (a record too long); later bytes are ignored, as the reader does.
    stopped: bool,
}

impl<'a> SheetStream<'a> {
    /// A stream scoring with `scorer`, in Beijing time (see [`SheetStream::with_utc_offset`]).
    pub fn new(scorer: Scorer<'a>) -> Self {
        Self {
            scorer,
            utc_offset: super::DEFAULT_UTC_OFFSET_SECS,
            pending: Vec::new(),
            offset: 0,
            scanned: 0,
            scan: Scan::StartField,
            whole: 0,
            first_newline: None,
            columns: None,
            lines: 0,
            errors: Vec::new(),
            failed: None,
            stopped: false,
        }
    }

    /// Local time is `utc_offset_secs` ahead of UTC (see [`SheetReader::with_utc_offset`]).
    pub fn with_utc_offset(mut self, utc_offset_secs: i64) -> Self {
        self.utc_offset = utc_offset_secs;
        self
    }

    /// The rows skipped so far (could not be read or scored), by line.
    pub fn errors(&self) -> &[SheetError] {
        &self.errors
    }

    /// Takes the next piece of the file. Whole records are scored once 64 KiB of them (and
    /// the first 256 KiB of the file) have arrived; the rest waits for more. Fails when the header cannot be read (then every
    /// later call fails the same way).
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), SheetError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.stopped || bytes.is_empty() {
            return Ok(());
        }
        self.pending.extend_from_slice(bytes);
        self.scan_pending();
        // The header and the first piece wait until the reader's encoding detection has
        // all it reads: the first chunk with a line break in it.
        let detectable = self.columns.is_some()
            || self.first_newline.is_some_and(|first| {
                let needed = (first / READ_CHUNK as u64 + 1) * READ_CHUNK as u64;
                self.offset + self.whole as u64 >= needed
            });
        if detectable && self.whole >= PIECE {
            let end = self.whole;
            self.read_piece(end, false)?;
        }
        // What the reader holds of one record before it gives up, and more.
        if self.pending.len() > 2 * MAX_RECORD + 2 * READ_CHUNK {
            return self.too_long();
        }
        Ok(())
    }

    /// Scores what is left (a last line without a line break included) and gives the
    /// result: the same as [`score_sheets`] on the whole file.
    pub fn finish(mut self) -> Result<ScoredSheets, SheetError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if !self.stopped && (self.columns.is_none() || !self.pending.is_empty()) {
            let end = self.pending.len();
            self.read_piece(end, true)?;
        }
        Ok(ScoredSheets {
            scoring: self.scorer.finish(),
            errors: self.errors,
        })
    }

    /// Scans the new bytes for line breaks that end a record.
    fn scan_pending(&mut self) {
        let mut scan = self.scan;
        for (i, &b) in self.pending.iter().enumerate().skip(self.scanned) {
            scan = match (scan, b) {
                (Scan::StartField, b'"') => Scan::InQuotes,
                (Scan::InQuotes, b'"') => Scan::QuoteInQuotes,
                (Scan::InQuotes, _) => Scan::InQuotes,
                (Scan::QuoteInQuotes, b'"') => Scan::InQuotes,
                (_, b',') => Scan::StartField,
                (_, b'\n') => {
                    self.whole = i + 1;
                    Scan::StartField
                }
                (_, b'\r') => Scan::StartField,
                _ => Scan::InField,
            };
            if b == b'\n' && self.first_newline.is_none() {
                self.first_newline = Some(self.offset + i as u64);
            }
        }
        self.scan = scan;
        self.scanned = self.pending.len();
    }

    /// Reads and scores `pending[..end]` (whole records, or the rest of the file when
    /// `last`), then drops it.
    fn read_piece(&mut self, end: usize, last: bool) -> Result<(), SheetError> {
        let piece = self.pending.get(..end).unwrap_or(&[]);
        let read = match &self.columns {
            None => {
                let reader = SheetReader::new(piece).map(|r| r.with_utc_offset(self.utc_offset));
                let mut reader = match reader {
                    Ok(r) => r,
                    Err(e) => {
                        self.failed = Some(e.clone());
                        return Err(e);
                    }
                };
                read_rows(&mut reader, &mut self.scorer, 0, &mut self.errors);
                self.columns = Some(reader.part(std::io::empty()));
                reader.next_line() - 1
            }
            Some(columns) => {
                let mut reader = columns.part(piece);
                read_rows(&mut reader, &mut self.scorer, self.lines, &mut self.errors);
                reader.next_line() - 1
            }
        };
        // The reader counts every line break it passed; fewer than the piece has means it
        // stopped early (a record too long), and so would the whole-file reader.
        let breaks = memchr::memchr_iter(b'\n', piece).count() as u64;
        self.lines += read;
        if read < breaks && !last {
            self.stopped = true;
        }
        self.pending.drain(..end);
        self.offset += end as u64;
        self.scanned -= end;
        self.whole = 0;
        Ok(())
    }

    /// No record ends within more bytes than the reader holds before it gives up: report
    /// the record as the reader does (on the header: the header cannot be read), and
    /// ignore the rest of the file.
    fn too_long(&mut self) -> Result<(), SheetError> {
        let blank = self
            .pending
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .filter(|&&b| b == b'\n')
            .count() as u64;
        const TOO_LONG: &str = "这一行超过 64 MiB，可能有未闭合的引号；其后的内容未读取";
        self.stopped = true;
        self.pending = Vec::new();
        if self.columns.is_none() {
            let e = SheetError {
                row: 1,
                participant: None,
                message: format!("无法读取表头：{TOO_LONG}"),
            };
            self.failed = Some(e.clone());
            return Err(e);
        }
        self.errors.push(SheetError {
            row: self.lines + blank + 1,
            participant: None,
            message: TOO_LONG.into(),
        });
        Ok(())
    }
}

/// What scoring needs, shared: the banks and the papers behind a [`Scorer`].
pub type ScoringSources = (Arc<BankSet>, Arc<Assembly>);

// `None` once finished: the stream is taken out to finish it.
type StreamSlot<'a> = Option<SheetStream<'a>>;

self_cell::self_cell!(
    /// A [`SheetStream`] that owns what it scores against (shared through `Arc`s), for
    /// front ends that cannot hold a borrow between calls (the npm package's stream).
    pub struct SharedSheetStream {
        owner: ScoringSources,
        #[covariant]
        dependent: StreamSlot,
    }
);

impl SharedSheetStream {
    /// A stream scoring against `set` and `assembly` under `rules`, with item analysis
    /// when `analysis`, in local time `utc_offset_secs` ahead of UTC.
    pub fn start(
        set: Arc<BankSet>,
        assembly: Arc<Assembly>,
        rules: ScoreRules,
        analysis: bool,
        utc_offset_secs: i64,
    ) -> Result<Self, super::ContestError> {
        Self::try_new((set, assembly), |(set, assembly)| {
            let scorer = Scorer::new(set, assembly, rules)?;
            let scorer = if analysis {
                scorer.with_analysis()
            } else {
                scorer
            };
            Ok(Some(
                SheetStream::new(scorer).with_utc_offset(utc_offset_secs),
            ))
        })
    }

    /// As [`SheetStream::push`]; after [`SharedSheetStream::finish`], does nothing.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), SheetError> {
        self.with_dependent_mut(|_, stream| match stream {
            Some(s) => s.push(bytes),
            None => Ok(()),
        })
    }

    /// As [`SheetStream::errors`].
    pub fn errors(&self) -> &[SheetError] {
        self.borrow_dependent().as_ref().map_or(&[], |s| s.errors())
    }

    /// As [`SheetStream::finish`]; `None` when already finished.
    pub fn finish(&mut self) -> Option<Result<ScoredSheets, SheetError>> {
        self.with_dependent_mut(|_, stream| stream.take().map(SheetStream::finish))
    }
}
