//! Spreadsheet (CSV) files as organizers use them with Excel on Chinese Windows.
//!
//! Written: UTF-8 with a byte-order mark, which is how Excel tells UTF-8 from the local GBK
//! code page (without it, Chinese shows as mojibake). Only files get the mark: CSV on stdout
//! stays plain for pipes and other tools.
//!
//! Read: UTF-8 with or without the mark, or GBK/GB18030 (what Excel saves as "CSV"); quoted
//! fields, embedded commas and line breaks, CRLF. The first row is a header only when it
//! names a known column, so a file without one loses no row.

use std::io::Write;
use std::path::Path;

use crate::error::CliError;
use crate::fsio::write_atomic_with;

/// The UTF-8 byte-order mark.
pub(crate) const BOM: &[u8] = "\u{feff}".as_bytes();

/// Writes a CSV file atomically, the byte-order mark first, then what `fill` writes.
pub fn write_csv(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), CliError> {
    write_atomic_with(path, |w| {
        w.write_all(BOM)?;
        fill(w)
    })
}

/// Writes one CSV record (CRLF-terminated), quoting a field only when it needs it.
pub fn write_record(w: &mut dyn Write, fields: &[String]) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        if f.contains([',', '"', '\r', '\n']) {
            line.push('"');
            line.push_str(&f.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(f);
        }
    }
    line.push_str("\r\n");
    w.write_all(line.as_bytes())
}

/// One data row of a read CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line the row starts on, from 1, as an editor shows it.
    pub line: u64,
    /// The fields, trimmed.
    pub fields: Vec<String>,
}

impl Row {
    /// Field `i`, or "" when the row is shorter.
    pub fn get(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", String::as_str)
    }
}

/// File bytes as text: UTF-8 (a byte-order mark is dropped), else GBK/GB18030; anything else
/// is refused, naming the first line that is neither.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, CliError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(std::borrow::Cow::into_owned)
            .ok_or_else(|| {
                let line = bytes
                    .split(|&b| b == b'\n')
                    .position(|l| {
                        std::str::from_utf8(l).is_err()
                            && encoding_rs::GB18030
                                .decode_without_bom_handling_and_without_replacement(l)
                                .is_none()
                    })
                    .map_or(1, |i| i + 1);
                CliError::Input(format!(
                    "{}:{line}: 既不是 UTF-8 也不是 GBK 编码的文本（请在 Excel 中另存为“CSV UTF-8”）",
                    path.display()
                ))
            }),
    }
}

/// The data rows of the CSV file at `path`. Its first row is taken as a header, and skipped,
/// when one of its fields is in `header` (compared case-insensitively); blank rows are skipped.
pub fn read_csv(path: &Path, header: &[&str]) -> Result<Vec<Row>, CliError> {
    let bytes = std::fs::read(path).map_err(|e| CliError::io(path, e))?;
    let text = decode(path, &bytes)?;
    let mut records = Records::new(text.as_bytes());
    let mut rows = Vec::new();
    let mut first = true;
    while let Some(record) = records.next().map_err(|e| CliError::io(path, e))? {
        let fields = record
            .fields()
            .map(|f| std::str::from_utf8(f).map(|f| f.trim().to_owned()))
            .collect::<Result<Vec<String>, _>>()
            .map_err(|e| {
                CliError::Input(format!(
                    "{}:{}: 无法读取这一行：{e}",
                    path.display(),
                    record.line
                ))
            })?;
        if fields.iter().all(String::is_empty) {
            continue;
        }
        if std::mem::take(&mut first) && is_header(&fields, header) {
            continue;
        }
        rows.push(Row {
            line: record.line,
            fields,
        });
    }
    Ok(rows)
}

/// CSV records, each with the line it starts on as an editor shows it: every `\n` begins a
/// line, so a CRLF file counts as the same file with LF does. (The `csv` crate's record
/// position is where the record before ended: one line short after a CRLF, whose `\n` the
/// next record consumes, and before blank lines.) The parsing is `csv_core`'s, as `csv` does
/// it: quoted fields with commas and line breaks, CRLF, LF or a lone CR ending a record,
/// blank lines skipped.
pub(crate) struct Records<R> {
    input: R,
    core: csv_core::Reader,
    // 1 + the `\n` bytes consumed so far.
    line: u64,
    fields: Vec<u8>,
    ends: Vec<usize>,
}

/// One record of [`Records`].
pub(crate) struct Record<'a> {
    /// The line the record starts on, from 1.
    pub line: u64,
    fields: &'a [u8],
    ends: &'a [usize],
}

impl<'a> Record<'a> {
    /// The fields, as they are in the file (quotes undone).
    pub fn fields(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        let (fields, ends) = (self.fields, self.ends);
        ends.iter().scan(0, move |start, &end| {
            let field = fields.get(*start..end).unwrap_or_default();
            *start = end;
            Some(field)
        })
    }
}

impl<R: std::io::BufRead> Records<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            core: csv_core::Reader::new(),
            line: 1,
            fields: vec![0; 1 << 10],
            ends: vec![0; 32],
        }
    }

    /// The next record, `None` at the end of the input.
    pub fn next(&mut self) -> std::io::Result<Option<Record<'_>>> {
        use csv_core::ReadRecordResult;
        let newlines = |bytes: &[u8]| bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        let (mut out, mut end) = (0, 0);
        let mut start = None;
        loop {
            let input = self.input.fill_buf()?;
            let (result, nin, nout, nend) = self.core.read_record(
                input,
                self.fields.get_mut(out..).unwrap_or_default(),
                self.ends.get_mut(end..).unwrap_or_default(),
            );
            let consumed = input.get(..nin).unwrap_or_default();
            // Before the record come the `\n` of the last one's CRLF and blank lines.
            if start.is_none()
                && let Some(k) = consumed.iter().position(|b| !matches!(b, b'\r' | b'\n'))
            {
                start = Some(self.line + newlines(consumed.get(..k).unwrap_or_default()));
            }
            self.line += newlines(consumed);
            self.input.consume(nin);
            out += nout;
            end += nend;
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.fields.resize(self.fields.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    return Ok(Some(Record {
                        line: start.unwrap_or(self.line),
                        fields: self.fields.get(..out).unwrap_or_default(),
                        ends: self.ends.get(..end).unwrap_or_default(),
                    }));
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }
}

fn is_header(fields: &[String], header: &[&str]) -> bool {
    fields
        .iter()
        .any(|f| header.iter().any(|h| f.eq_ignore_ascii_case(h)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn rows(bytes: &[u8], header: &[&str]) -> Vec<Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        std::fs::write(&path, bytes).unwrap();
        read_csv(&path, header)
            .unwrap()
            .into_iter()
            .map(|r| r.fields)
            .collect()
    }

    #[test]
    fn a_header_is_detected_not_assumed() {
        let with = rows("单位,人数\r\n第一支部,12\r\n".as_bytes(), &["单位", "人数"]);
        let without = rows(
            "第一支部,12\r\n第二支部,8\r\n".as_bytes(),
            &["单位", "人数"],
        );
        assert_eq!(with, vec![vec!["第一支部", "12"]]);
        assert_eq!(without.len(), 2);
    }

    #[test]
    fn quotes_bom_and_gbk_are_read() {
        let quoted = "\u{feff}单位,人数\n\"城关区/区委办,第一支部\",\"1\"\"2\"\n";
        assert_eq!(
            rows(quoted.as_bytes(), &["单位"]),
            vec![vec!["城关区/区委办,第一支部", "1\"2"]]
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("单位,人数\n第一支部,12\n");
        assert_eq!(rows(&gbk, &["单位"]), vec![vec!["第一支部", "12"]]);
    }

    /// Each row's line is the line it starts on in an editor, whatever ends the lines.
    #[test]
    fn rows_have_the_lines_an_editor_shows() {
        let lines = |text: &str| -> Vec<(u64, String)> {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("t.csv");
            std::fs::write(&path, text).unwrap();
            read_csv(&path, &["编号"])
                .unwrap()
                .into_iter()
                .map(|r| (r.line, r.fields[0].clone()))
                .collect()
        };
        let want = |ids: &[(u64, &str)]| -> Vec<(u64, String)> {
            ids.iter().map(|&(l, id)| (l, id.to_owned())).collect()
        };
        for end in ["\n", "\r\n"] {
            let text = ["编号,姓名", "A01,张", "", "A02,\"李", "四\"", "A03,王", ""].join(end);
            assert_eq!(
                lines(&text),
                want(&[(2, "A01"), (4, "A02"), (6, "A03")]),
                "{end:?}"
            );
        }
        // A blank CRLF line, and the last line without its line break.
        assert_eq!(lines("A01\r\n\r\nA02"), want(&[(1, "A01"), (3, "A02")]));
    }
}
