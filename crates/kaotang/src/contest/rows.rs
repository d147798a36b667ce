//! The CSV reader under [`super::SheetReader`]: records lent as decoded text plus field ranges.
//!
//! Why not the `csv` crate, which the rest of kaotang uses: scoring a million sheets is mostly
//! reading them, and `csv` walks a state machine byte by byte and validates UTF-8 record by
//! record. Here input is decoded a chunk of whole lines at a time (UTF-8 validated with
//! SIMD, or GBK/GB18030 decoded — what Excel on Chinese Windows writes), and a line without
//! quotes is split with `memchr`. Lines with quotes take a general path that follows RFC 4180
//! and reads malformed quoting the way `csv` does (a property test compares the two).
//!
//! Blank lines are skipped; `\n`, `\r\n` and a lone `\r` end a record; a UTF-8 byte-order mark
//! is dropped. Undecodable bytes make their record an error, and the records after it are read.

use std::collections::VecDeque;
use std::io::{self, Read};

use memchr::{memchr, memchr2, memrchr};

/// Bytes read from the input at a time.
const CHUNK: usize = 1 << 18;
/// A record longer than this ends reading with an error: an unclosed quote would otherwise
/// swallow the rest of the file into memory. (Not read as [`RecordError::UnclosedQuote`]:
/// `SheetStream` cuts a file where its own scan says records end, which a quote this long
/// keeps open; it gives up the same way.)
const MAX_RECORD: usize = 64 << 20;

/// How a sheet file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SheetEncoding {
    /// UTF-8, with or without a byte-order mark.
    #[default]
    Utf8,
    /// GBK, read as its superset GB18030: chosen when the first chunk of the file is not
    /// UTF-8 but decodes as GB18030.
    Gb18030,
}

/// One record: field `i` is `text[starts[i]..starts[i + 1] - 1]` (fields are separated by
/// one byte, and `starts` ends one past the record's end). `text` may go on before and past
/// the record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Record<'a> {
    /// The line the record starts on, from 1.
    pub line: u64,
    text: &'a str,
    starts: &'a [u32],
}

/// Field `i` of `text` cut at `starts` (see [`Record`]).
#[inline(always)]
pub(crate) fn field(text: &str, starts: &[u32], i: usize) -> Option<(usize, usize)> {
    let s = *starts.get(i)? as usize;
    let e = (*starts.get(i + 1)? as usize).checked_sub(1)?;
    debug_assert!(s <= e && e <= text.len());
    Some((s, e))
}

impl<'a> Record<'a> {
    #[inline]
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let (s, e) = field(self.text, self.starts, i)?;
        self.text.get(s..e)
    }

    /// The text and the starts of fields `from..from + n` (as many as the record has), with
    /// the start after the last: the `n` fields as [`field`] reads them.
    #[inline]
    pub fn run(&self, from: usize, n: usize) -> (&'a str, &'a [u32]) {
        let end = (from + n).min(self.len());
        (self.text, self.starts.get(from..=end).unwrap_or(&[]))
    }
}

/// Why a record could not be read.
#[derive(Debug)]
pub(crate) enum RecordError {
    /// Reading the input failed; reading stops.
    Io { line: u64, error: io::Error },
    /// The record holds bytes that do not decode; `field` (from 0) when known.
    Encoding { line: u64, field: Option<usize> },
    /// The record is longer than [`MAX_RECORD`] (an unclosed quote?); reading stops.
    TooLong { line: u64 },
    /// A quote opened on `line` is not closed before the end of the input: a stray quote,
    /// which would otherwise swallow every line after it into one cell. The line is an error
    /// and reading goes on at the next line.
    UnclosedQuote { line: u64 },
    /// A quote opened on `line` closes `lines` lines on (the record's lines counted from
    /// `line`; a count, since lines within a part of a file are numbered from the part's
    /// start), and the cell between holds a line
    /// that looks like a row of its own (see [`RecordReader::expect_rows_of`]): a stray
    /// quote took the rows after it. The whole record is an error, said loudly rather than
    /// scored as one row, and reading goes on after it. The rows are not read again: where
    /// records end must not depend on what they hold, or a file read in pieces (`SheetStream`
    /// cuts where its own scan of the quotes says records end) would read differently.
    StrayQuote { line: u64, lines: u64 },
}

/// Where the general path is inside a record.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    StartField,
    InField,
    InQuotes,
    // Just after a quote inside quotes: `""` is a quote, anything else closes the quotes.
    QuoteInQuotes,
}

/// Reads CSV records from `R` in chunks; memory holds one chunk and the current record.
pub(crate) struct RecordReader<R> {
    input: R,
    // Bytes read but not decoded yet: the tail of a line, or everything before the encoding
    // is known.
    raw: Vec<u8>,
    // Decoded text: whole lines, except at the end of input.
    text: String,
    // The next record starts at `text[pos..]`, on line `line`.
    pos: usize,
    line: u64,
    // Offsets in `text` of the U+FFFD written for each undecodable sequence.
    bad: VecDeque<usize>,
    encoding: Option<SheetEncoding>,
    decoder: Option<encoding_rs::Decoder>,
    eof: bool,
    done: bool,
    // Where each field of the current record starts, and one past its end (see `Record`);
    // only the first `n_starts` are the record's, the rest is room for `split_commas`.
    starts: Vec<u32>,
    n_starts: usize,
    // A record with quotes, unescaped, each field followed by a comma.
    scratch: String,
    // Whether the input ended inside a quoted cell, and whether reading reached the end of
    // the input (rather than stopping at an error).
    open_quote: bool,
    clean_end: bool,
    // [`MAX_RECORD`], smaller in tests.
    max_record: usize,
    // How many commas on one line of a quoted cell make it a swallowed row (see
    // `expect_rows_of`); `None`: any line break in quotes is part of the cell.
    row_commas: Option<usize>,
}

// The outcome of looking for a record in the decoded text.
enum Found {
    // The record starts at `text[start]` (its fields are in `text`, or in `scratch` when
    // `quoted`); `next` is where the one after it starts and `lines` how many line breaks
    // it took.
    Record {
        start: usize,
        next: usize,
        lines: u64,
        quoted: bool,
    },
    NeedMore,
    // A quote opened in the record at `pos` is open at the end of input; the line after
    // the record's first line starts at `next_line`.
    Unclosed {
        next_line: usize,
    },
}

impl Found {
    /// A record with quotes, unescaped into `scratch`, that spanned `text[start..next]`.
    fn quoted(start: usize, next: usize, lines: u64) -> Self {
        Found::Record {
            start,
            next,
            lines,
            quoted: true,
        }
    }
}

impl<R: Read> RecordReader<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            raw: Vec::new(),
            text: String::new(),
            pos: 0,
            line: 1,
            bad: VecDeque::new(),
            encoding: None,
            decoder: None,
            eof: false,
            done: false,
            starts: Vec::new(),
            n_starts: 0,
            scratch: String::new(),
            open_quote: false,
            clean_end: false,
            max_record: MAX_RECORD,
            row_commas: None,
        }
    }

    /// A reader for a later part of a file whose encoding is already known (no detection,
    /// no byte-order mark); lines are counted from 1 within the part.
    pub fn continuing(input: R, encoding: SheetEncoding) -> Self {
        let mut reader = Self::new(input);
        reader.encoding = Some(encoding);
        if encoding == SheetEncoding::Gb18030 {
            reader.decoder = Some(encoding_rs::GB18030.new_decoder_without_bom_handling());
        }
        reader
    }

    /// The line the next record starts on (after the end: one past the last line read).
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Whether reading reached the end of the input outside any quoted cell (and no error
    /// stopped it): then the input ended where a record ends, and a part of the same file
    /// that starts there starts at a record.
    pub fn ended_between_records(&self) -> bool {
        self.clean_end && !self.open_quote
    }

    /// How the input is decoded (UTF-8 until the first chunk has been read).
    pub fn encoding(&self) -> SheetEncoding {
        self.encoding.unwrap_or_default()
    }

    /// The next record; `None` at the end of input or after an error that ends reading.
    pub fn next_record(&mut self) -> Option<Result<Record<'_>, RecordError>> {
        if self.done {
            return None;
        }
        let (quoted, line) = loop {
            self.skip_blank_lines();
            match self.find() {
                Found::Record {
                    start,
                    next,
                    lines,
                    quoted,
                } => {
                    let line = self.line;
                    self.pos = next;
                    self.line += lines;
                    if let Some(field) = self.undecodable(start, next, quoted) {
                        return Some(Err(RecordError::Encoding { line, field }));
                    }
                    let ends_line = self.text.as_bytes().get(next.wrapping_sub(1)) == Some(&b'\n');
                    let last_line = line + lines - u64::from(ends_line && lines > 0);
                    if quoted && last_line > line && self.swallows_rows() {
                        let lines = last_line - line + 1;
                        return Some(Err(RecordError::StrayQuote { line, lines }));
                    }
                    break (quoted, line);
                }
                Found::Unclosed { next_line } => return Some(Err(self.skip_unclosed(next_line))),
                Found::NeedMore if self.eof => {
                    self.done = true;
                    self.clean_end = true;
                    return None;
                }
                Found::NeedMore => {
                    if self.text.len() - self.pos > self.max_record
                        || self.raw.len() > self.max_record
                    {
                        self.done = true;
                        return Some(Err(RecordError::TooLong { line: self.line }));
                    }
                    if let Err(error) = self.fill() {
                        self.done = true;
                        return Some(Err(RecordError::Io {
                            line: self.line,
                            error,
                        }));
                    }
                }
            }
        };
        // Unquoted, the text runs on past the record (to the end of what is decoded), so a
        // short field can be read eight bytes at a time.
        let text = if quoted {
            self.scratch.as_str()
        } else {
            self.text.as_str()
        };
        Some(Ok(Record {
            line,
            text,
            starts: self.starts.get(..self.n_starts).unwrap_or(&[]),
        }))
    }

    /// Tells the reader that records are rows of `width` fields: a quoted cell that holds
    /// a line with commas enough for half a row is then taken for a stray quote's (see
    /// [`RecordError::StrayQuote`]). A name or unit with a line break in it has no such line;
    /// a stray quote's cell, made of the rows after it, does.
    pub fn expect_rows_of(&mut self, width: usize) {
        self.row_commas = Some((width.saturating_sub(1) / 2).max(2));
    }

    /// Whether a cell of the quoted record just unescaped into `scratch` holds a line
    /// break and a line with `row_commas` commas.
    fn swallows_rows(&self) -> bool {
        let Some(commas) = self.row_commas else {
            return false;
        };
        let starts = self.starts.get(..self.n_starts).unwrap_or(&[]);
        (0..starts.len().saturating_sub(1))
            .filter_map(|i| field(&self.scratch, starts, i))
            .filter_map(|(s, e)| self.scratch.get(s..e))
            .filter(|cell| cell.contains('\n'))
            .any(|cell| cell.split('\n').any(|l| l.matches(',').count() >= commas))
    }

    /// Skips the first line of the record at `pos` whose quote never closes, leaving
    /// the lines after it to be read as records of their own: the input does not end
    /// between records (a part of a file ending here may have been cut inside a cell).
    fn skip_unclosed(&mut self, next_line: usize) -> RecordError {
        let line = self.line;
        // Undecodable bytes on the skipped line are part of its error.
        while self.bad.front().is_some_and(|&at| at < next_line) {
            self.bad.pop_front();
        }
        self.pos = next_line;
        self.line += 1;
        self.open_quote = true;
        RecordError::UnclosedQuote { line }
    }

    fn skip_blank_lines(&mut self) {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b'\n' => self.line += 1,
                b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
    }

    /// Whether the record that spanned `text[start..next]` held undecodable bytes, and in
    /// which field (known for records without quotes).
    fn undecodable(&mut self, start: usize, next: usize, quoted: bool) -> Option<Option<usize>> {
        let mut first = None;
        while let Some(&at) = self.bad.front().filter(|&&at| at < next) {
            self.bad.pop_front();
            first.get_or_insert(at);
        }
        let at = first?;
        if at < start {
            return None;
        }
        Some((!quoted).then(|| {
            let starts = self.starts.get(..self.n_starts).unwrap_or(&[]);
            starts
                .partition_point(|&s| s as usize <= at)
                .saturating_sub(1)
        }))
    }

    /// Finds the record at `pos`. Only whole lines are decoded before the end of input, so
    /// a record is incomplete only inside quotes or when nothing is left.
    fn find(&mut self) -> Found {
        let bytes = self.text.as_bytes();
        let Some(rest) = bytes.get(self.pos..).filter(|r| !r.is_empty()) else {
            return Found::NeedMore;
        };
        let line_end = match memchr(b'\n', rest) {
            Some(i) => i,
            None if self.eof => rest.len(),
            None => return Found::NeedMore,
        };
        let content = rest.get(..line_end).unwrap_or(&[]);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        if memchr2(b'"', b'\r', content).is_none() {
            // The common case: split on commas, no copy.
            let end = self.pos + content.len();
            self.n_starts = split_commas(bytes, self.pos, end, &mut self.starts);
            return Found::Record {
                start: self.pos,
                next: (self.pos + line_end + 1).min(bytes.len()),
                lines: 1,
                quoted: false,
            };
        }
        self.find_general()
    }

    /// The state machine for a record with quotes (or a lone `\r`), unescaping into
    /// `scratch`. Pieces between special bytes are copied whole; special bytes are ASCII, so
    /// every piece is whole characters.
    fn find_general(&mut self) -> Found {
        let text = self.text.as_str();
        let bytes = text.as_bytes();
        let start = self.pos;
        self.scratch.clear();
        self.starts.clear();
        self.starts.push(0);
        let mut state = State::StartField;
        // Start of the piece of `text` not yet copied into `scratch`.
        let mut piece = start;
        let mut lines = 0u64;
        let mut i = start;
        let copy = |scratch: &mut String, from: usize, to: usize| {
            scratch.push_str(text.get(from..to).unwrap_or(""));
        };
        while let Some(&b) = bytes.get(i) {
            match (state, b) {
                (State::StartField, b'"') => {
                    state = State::InQuotes;
                    piece = i + 1;
                }
                (State::InQuotes, b'"') => {
                    copy(&mut self.scratch, piece, i);
                    state = State::QuoteInQuotes;
                }
                (State::InQuotes, b'\n') => lines += 1,
                (State::InQuotes, _) => {}
                (State::QuoteInQuotes, b'"') => {
                    // `""`: the second quote starts the next piece.
                    piece = i;
                    state = State::InQuotes;
                }
                (_, b',') => {
                    if state != State::QuoteInQuotes {
                        copy(&mut self.scratch, piece, i);
                    }
                    end_field(&mut self.scratch, &mut self.starts);
                    piece = i + 1;
                    state = State::StartField;
                }
                (_, b'\n' | b'\r') => {
                    if state != State::QuoteInQuotes {
                        copy(&mut self.scratch, piece, i);
                    }
                    end_field(&mut self.scratch, &mut self.starts);
                    self.n_starts = self.starts.len();
                    let mut next = i + 1;
                    if b == b'\n' {
                        lines += 1;
                    } else if bytes.get(next) == Some(&b'\n') {
                        next += 1;
                        lines += 1;
                    }
                    return Found::quoted(start, next, lines);
                }
                (State::QuoteInQuotes, _) => {
                    // A closing quote followed by more text: the text is kept.
                    piece = i;
                    state = State::InField;
                }
                (State::StartField | State::InField, _) => state = State::InField,
            }
            i += 1;
        }
        if !self.eof {
            return Found::NeedMore;
        }
        if state == State::InQuotes {
            let next_line = memchr(b'\n', bytes.get(start..).unwrap_or(&[]))
                .map_or(bytes.len(), |i| start + i + 1);
            return Found::Unclosed { next_line };
        }
        if state != State::QuoteInQuotes {
            copy(&mut self.scratch, piece, bytes.len());
        }
        end_field(&mut self.scratch, &mut self.starts);
        self.n_starts = self.starts.len();
        Found::quoted(start, bytes.len(), lines)
    }

    /// Reads the next chunk and decodes its whole lines (everything, at the end of input).
    fn fill(&mut self) -> io::Result<()> {
        // Drop what has been read; what is left is one unfinished record at most.
        if self.pos > 0 {
            self.text.drain(..self.pos);
            for at in &mut self.bad {
                *at -= self.pos;
            }
            self.pos = 0;
        }
        let before = self.raw.len();
        self.raw.resize(before + CHUNK, 0);
        let n = loop {
            match self
                .input
                .read(self.raw.get_mut(before..).unwrap_or(&mut []))
            {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.raw.truncate(before);
                    return Err(e);
                }
            }
        };
        self.raw.truncate(before + n);
        self.eof = n == 0;
        let cut = if self.eof {
            self.raw.len()
        } else {
            match memrchr(b'\n', &self.raw) {
                Some(i) => i + 1,
                // No whole line yet: read more first (unless the encoding is still unknown
                // and this is all the file has; then the end of input decides).
                None => return Ok(()),
            }
        };
        let raw = std::mem::take(&mut self.raw);
        let mut bytes = raw.get(..cut).unwrap_or(&[]);
        if self.encoding.is_none() {
            bytes = self.detect(bytes);
        }
        match self.decoder.as_mut() {
            Some(decoder) => {
                decode_gb18030(decoder, bytes, self.eof, &mut self.text, &mut self.bad)
            }
            None => decode_utf8(bytes, &mut self.text, &mut self.bad),
        }
        self.raw = raw;
        self.raw.drain(..cut);
        Ok(())
    }

    /// Decides the encoding from the first whole lines; returns them without a BOM.
    fn detect<'b>(&mut self, bytes: &'b [u8]) -> &'b [u8] {
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            self.encoding = Some(SheetEncoding::Utf8);
            return rest;
        }
        let gbk = simdutf8::basic::from_utf8(bytes).is_err()
            && encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .is_some();
        if gbk {
            self.decoder = Some(encoding_rs::GB18030.new_decoder_without_bom_handling());
            self.encoding = Some(SheetEncoding::Gb18030);
        } else {
            self.encoding = Some(SheetEncoding::Utf8);
        }
        bytes
    }
}

/// Ends a field of a quoted record: a comma after it, and where the next would start.
fn end_field(scratch: &mut String, starts: &mut Vec<u32>) {
    scratch.push(',');
    starts.push(scratch.len() as u32);
}

/// For each byte `m`, the positions of its set bits, lowest first (then 8s). Bytes, so the
/// table (2 KiB) stays in the first-level cache.
const BITS: [[u8; 8]; 256] = {
    let mut table = [[8u8; 8]; 256];
    let mut m = 0;
    while m < 256 {
        let (mut n, mut bit) = (0, 0);
        while bit < 8 {
            if m & (1 << bit) != 0 {
                table[m][n] = bit as u8;
                n += 1;
            }
            bit += 1;
        }
        m += 1;
    }
    table
};

/// The commas of an 8-byte word as a byte mask: bit `i` is set when byte `i` is a comma.
#[inline(always)]
fn comma_mask(word: u64) -> u8 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const COMMAS: u64 = 0x2C2C_2C2C_2C2C_2C2C;
    let x = word ^ COMMAS;
    // The high bit of each byte that was a comma (exact: no carry crosses bytes).
    let hits = !(((x & LOW7) + LOW7) | x | LOW7);
    // The high bits gathered into the top byte, byte `i`'s at bit `56 + i`.
    ((hits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// Writes where the fields after the commas in `mask` start (`base` is one past the word's
/// first byte) at `starts[n..]`, eight whole (the extra ones are overwritten by the next
/// word's); returns how many were commas.
#[inline(always)]
fn write_starts(starts: &mut [u32], n: usize, mask: u8, base: u32) -> usize {
    let bits = &BITS[usize::from(mask)];
    if let Some(out) = starts
        .get_mut(n..n + 8)
        .and_then(|o| <&mut [u32; 8]>::try_from(o).ok())
    {
        for (o, &b) in out.iter_mut().zip(bits) {
            *o = base + u32::from(b);
        }
    }
    mask.count_ones() as usize
}

/// Splits the line `text[start..end]` (no quotes) at commas into `starts` (see [`Record`]:
/// `start`, one past each comma, `end + 1`); returns how many it wrote. Eight bytes at a time
/// and without a branch per comma: the commas of a word become a byte mask, and a table
/// gives their positions, written whole. Fields are a few bytes long, so a branch per comma
/// (or a search call) would be mispredicted about once a word.
fn split_commas(text: &[u8], start: usize, end: usize, starts: &mut Vec<u32>) -> usize {
    // A line of `len` bytes has at most `len + 1` fields, and each word writes eight.
    if starts.len() < end - start + 10 {
        starts.resize(end - start + 10, 0);
    }
    if let Some(first) = starts.first_mut() {
        *first = start as u32;
    }
    let mut n = 1;
    let line = text.get(start..end).unwrap_or(&[]);
    let mut words = line.chunks_exact(8);
    let mut base = start as u32 + 1;
    for w in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        n += write_starts(starts, n, comma_mask(u64::from_le_bytes(word)), base);
        base += 8;
    }
    let rest = words.remainder();
    if !rest.is_empty() {
        // Read whole from the text when it goes on (it usually does); the bytes after the
        // line are not the line's: masked off.
        let at = end - rest.len();
        let word = match text.get(at..).and_then(|t| t.first_chunk::<8>()) {
            Some(&w) => w,
            None => {
                let mut w = [0u8; 8];
                for (d, &b) in w.iter_mut().zip(rest) {
                    *d = b;
                }
                w
            }
        };
        let mask = comma_mask(u64::from_le_bytes(word)) & ((1u16 << rest.len()) - 1) as u8;
        n += write_starts(starts, n, mask, base);
    }
    if let Some(last) = starts.get_mut(n) {
        *last = end as u32 + 1;
    }
    n + 1
}

/// Appends `bytes` to `text`, each undecodable sequence as U+FFFD with its offset in `bad`.
fn decode_utf8(mut bytes: &[u8], text: &mut String, bad: &mut VecDeque<usize>) {
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        text.push_str(s);
        return;
    }
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                text.push_str(s);
                return;
            }
            Err(e) => {
                let (good, after) = bytes.split_at(e.valid_up_to());
                text.push_str(std::str::from_utf8(good).unwrap_or(""));
                bad.push_back(text.len());
                text.push(char::REPLACEMENT_CHARACTER);
                let skip = e.error_len().unwrap_or(after.len()).max(1);
                bytes = after.get(skip..).unwrap_or(&[]);
            }
        }
    }
}

/// As [`decode_utf8`], for GB18030.
fn decode_gb18030(
    decoder: &mut encoding_rs::Decoder,
    mut bytes: &[u8],
    last: bool,
    text: &mut String,
    bad: &mut VecDeque<usize>,
) {
    loop {
        if let Some(room) = decoder.max_utf8_buffer_length_without_replacement(bytes.len()) {
            text.reserve(room);
        }
        let (result, read) = decoder.decode_to_string_without_replacement(bytes, text, last);
        bytes = bytes.get(read..).unwrap_or(&[]);
        match result {
            encoding_rs::DecoderResult::InputEmpty => return,
            encoding_rs::DecoderResult::OutputFull => text.reserve(bytes.len() * 3 + 16),
            encoding_rs::DecoderResult::Malformed(..) => {
                bad.push_back(text.len());
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read_all(input: &[u8]) -> Vec<Result<(u64, Vec<String>), String>> {
        read_rest(&mut RecordReader::new(input))
    }

    /// Every record `r` has left: its line and fields, or its error.
    fn read_rest<R: Read>(r: &mut RecordReader<R>) -> Vec<Result<(u64, Vec<String>), String>> {
        let mut out = Vec::new();
        while let Some(rec) = r.next_record() {
            out.push(match rec {
                Ok(rec) => Ok((
                    rec.line,
                    (0..rec.len())
                        .map(|i| rec.get(i).unwrap_or("?").to_owned())
                        .collect(),
                )),
                Err(e) => Err(format!("{e:?}")),
            });
        }
        out
    }

    fn by_csv_crate(input: &[u8]) -> Vec<Vec<String>> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input);
        let mut rec = csv::StringRecord::new();
        let mut out = Vec::new();
        while r.read_record(&mut rec).unwrap_or(false) {
            out.push(rec.iter().map(str::to_owned).collect());
        }
        out
    }

    /// Input that ends inside a quoted cell (a file cut where no record ends) does not end
    /// between records; input that ends after a closed quote, or at an error, is told apart.
    #[test]
    fn the_end_of_a_part_is_between_records_or_not() {
        let ends = |input: &[u8]| {
            let mut r = RecordReader::new(input);
            while r.next_record().is_some() {}
            r.ended_between_records()
        };
        assert!(ends(b"a,b\n\"x\ny\",z\n"));
        assert!(!ends(b"a,b\n\"x\n"));
        assert!(ends(b"a,b\n\"x\"\n"));
        // `""` is a quote inside the cell, which stays open.
        assert!(!ends(b"a,b\n\"x\"\"\n"));
        assert!(ends(b""));
        // Reading that stops at an error has not reached the end.
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk"))
            }
        }
        let mut r = RecordReader::new(Broken);
        while r.next_record().is_some() {}
        assert!(!r.ended_between_records());
    }

    /// A stray quote left open at the end of the input makes its own line an error; the lines
    /// after it are read as records. One open for longer than a record may be still ends
    /// reading (as `SheetStream` does).
    #[test]
    fn an_unclosed_quote_fails_its_line_only() {
        let input = b"a,b\r\n1,\"x,y\r\n2,z\r\n\r\n3,w\r\n";
        let expected = [
            Ok((1, vec!["a".into(), "b".into()])),
            Err("UnclosedQuote { line: 2 }".into()),
            Ok((3, vec!["2".into(), "z".into()])),
            Ok((5, vec!["3".into(), "w".into()])),
        ];
        assert_eq!(read_all(input), expected);
        // Two stray quotes on one line: nothing is open at the end.
        assert_eq!(read_all(b"1,\"\"x\"\n2\n").len(), 2);
        // At the end of the input, on the last line.
        assert_eq!(
            read_all(b"a\n\"b"),
            [
                Ok((1, vec!["a".into()])),
                Err("UnclosedQuote { line: 2 }".into())
            ]
        );
        // Open for longer than a record may be (the input goes on): reading stops there.
        let mut long = b"a,b\n1,\"x\n".to_vec();
        for i in 0..200 {
            long.extend_from_slice(format!("{i},y\n").as_bytes());
        }
        let mut r = RecordReader::new(&long[..]);
        r.max_record = 100;
        let rows = read_rest(&mut r);
        assert_eq!(rows.len(), 2, "{rows:?}");
        assert_eq!(rows[1], Err("TooLong { line: 2 }".into()));
        assert!(!r.ended_between_records());
    }

    /// Told that rows have three fields, a quoted cell holding a line with two commas is a
    /// stray quote's: the record is an error naming the lines it took, and reading goes on
    /// after it. A line break in a name stays part of the name.
    #[test]
    fn a_stray_quote_is_told_with_the_rows_it_took() {
        let input = b"a,b,c\n1,\"x,y\n2,p,q\n3,\"r,s\n4,u,v\n5,\"two\nlines\",w\n";
        let mut r = RecordReader::new(&input[..]);
        r.expect_rows_of(3);
        let row =
            |line: u64, cells: &[&str]| Ok((line, cells.iter().map(|c| c.to_string()).collect()));
        assert_eq!(
            read_rest(&mut r),
            [
                row(1, &["a", "b", "c"]),
                Err("StrayQuote { line: 2, lines: 3 }".into()),
                row(5, &["4", "u", "v"]),
                row(6, &["5", "two\nlines", "w"]),
            ]
        );
        assert!(r.ended_between_records());
        // Not told the width, it reads as the csv crate does.
        assert_eq!(read_all(input)[1], row(2, &["1", "x,y\n2,p,q\n3,r", "s"]));
    }

    #[test]
    fn quotes_line_breaks_and_blank_lines() {
        let input = "a,b\r\n\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n\nlast,\"\"";
        let rows = read_all(input.as_bytes());
        assert_eq!(
            rows,
            [
                Ok((1, vec!["a".into(), "b".into()])),
                Ok((3, vec!["x, \"y\"".into(), "two\nlines".into()])),
                Ok((6, vec!["last".into(), String::new()])),
            ]
        );
    }

    #[test]
    fn bad_bytes_fail_their_record_only() {
        let rows = read_all(b"a,b\nc,\xff\n\"q\xff\",d\ne,f\n");
        assert!(
            matches!(rows[1], Err(ref e) if e.contains("field: Some(1)")),
            "{rows:?}"
        );
        assert!(
            matches!(rows[2], Err(ref e) if e.contains("field: None")),
            "{rows:?}"
        );
        assert_eq!(rows[3], Ok((4, vec!["e".into(), "f".into()])));
    }

    #[test]
    fn gbk_is_detected_and_decoded() {
        let (gbk, _, _) = encoding_rs::GBK.encode("编号,姓名\np1,张三\n");
        let mut r = RecordReader::new(&gbk[..]);
        let header: Vec<String> = r
            .next_record()
            .and_then(Result::ok)
            .map(|h| {
                (0..h.len())
                    .filter_map(|i| h.get(i))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(header, ["编号", "姓名"]);
        assert_eq!(r.encoding(), SheetEncoding::Gb18030);
        assert_eq!(
            r.next_record().and_then(Result::ok).and_then(|x| x.get(1)),
            Some("张三")
        );
    }

    #[test]
    fn bom_is_dropped_and_records_span_chunks() {
        let mut input = b"\xEF\xBB\xBFid,x\n".to_vec();
        for i in 0..40_000 {
            input.extend_from_slice(format!("p{i},\"v\n{i}\"\n").as_bytes());
        }
        let rows = read_all(&input);
        assert_eq!(rows[0], Ok((1, vec!["id".into(), "x".into()])));
        assert_eq!(rows.len(), 40_001);
        assert_eq!(
            rows[40_000],
            Ok((80_000, vec!["p39999".into(), "v\n39999".into()]))
        );
    }

    fn csv_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just(","),
                Just("\""),
                Just("\n"),
                Just("\r\n"),
                Just("\r"),
                Just("a"),
                Just("党史"),
                Just(" "),
                Just("1921"),
            ],
            0..60,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        // Whatever the quoting, the records agree with the csv crate, and each starts on
        // the line its first byte is on (csv reports the line before any blank lines).
        #[test]
        fn agrees_with_the_csv_crate(text in csv_text()) {
            let all = read_all(text.as_bytes());
            // Where a quote is left open, the csv crate reads the rest of the input as one
            // cell; this reader skips that line (see `an_unclosed_quote_fails_its_line_only`).
            prop_assume!(all.iter().all(Result::is_ok));
            let ours: Vec<(u64, Vec<String>)> = all.into_iter().filter_map(Result::ok).collect();
            let records: Vec<Vec<String>> = ours.iter().map(|(_, r)| r.clone()).collect();
            prop_assert_eq!(records, by_csv_crate(text.as_bytes()));
            let breaks = text.matches('\n').count() as u64;
            prop_assert!(ours.windows(2).all(|w| w[0].0 <= w[1].0));
            prop_assert!(ours.iter().all(|(line, _)| *line <= breaks + 1));
        }

        // A file cut just after a line break and read in two parts: when the first part
        // ends between records, the two parts' records are the whole file's; a first part
        // without quotes always does.
        #[test]
        fn parts_ending_between_records_read_as_the_whole(
            text in csv_text(),
            at in any::<proptest::sample::Index>(),
        ) {
            // At least one line break to cut after.
            let text = text + "\n";
            let breaks: Vec<usize> = text.match_indices('\n').map(|(i, _)| i + 1).collect();
            let cut = breaks[at.index(breaks.len())];
            // Lines are counted from each part's start: fields only.
            let fields = |rows: Vec<Result<(u64, Vec<String>), String>>| -> Vec<Vec<String>> {
                rows.into_iter().filter_map(Result::ok).map(|(_, r)| r).collect()
            };
            let part = |bytes| RecordReader::continuing(bytes, SheetEncoding::Utf8);
            let mut first = part(&text.as_bytes()[..cut]);
            let mut both = fields(read_rest(&mut first));
            both.extend(fields(read_rest(&mut part(&text.as_bytes()[cut..]))));
            if !text[..cut].contains('"') {
                prop_assert!(first.ended_between_records());
            }
            if first.ended_between_records() {
                prop_assert_eq!(both, fields(read_all(text.as_bytes())));
            }
        }

        // Long lines too: commas on either side of every 8-byte word boundary, and the line
        // inside a longer text whose commas before and after it are not the line's.
        #[test]
        fn splits_as_split_does(
            before in "[a,\n]{0,20}",
            line in "[a,对]{0,300}",
            after in "(\n[a,]{0,20})?",
        ) {
            let text = format!("{before}{line}{after}");
            let start = before.len();
            let mut starts = vec![7; 3];
            let n = split_commas(text.as_bytes(), start, start + line.len(), &mut starts);
            let starts = &starts[..n];
            let ours: Vec<&str> = (0..n - 1)
                .map(|i| field(&text, starts, i).map_or("?", |(s, e)| &text[s..e]))
                .collect();
            prop_assert_eq!(ours, line.split(',').collect::<Vec<_>>());
        }
    }
}
