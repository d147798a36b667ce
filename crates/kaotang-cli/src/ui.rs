//! Terminal interaction: showing questions, reading answers, feedback.
//!
//! Answers are read one per line. In a terminal, the line is edited in place (cursor keys work)
//! and the prompt — with the 微考堂 countdown — is redrawn every second ([`crate::editor`]).
//! When stdin is not a terminal (a script, a test, an answers file), lines are read on a
//! helper thread, UTF-8 or GBK, so that a timed quiz can stop waiting when its time is up.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use kaotang::bank::{Question, QuestionKind, letter};
use kaotang::grade::Grade;

use crate::editor::Edited;

/// What reading a line gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// A line (without its end).
    Text(String),
    /// Standard input is closed.
    Eof,
    /// The deadline passed first.
    Timeout,
}

/// What is on the screen's last line, unfinished: the prompt the line editor redraws.
static PROMPT: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

/// A line of piped input, or the number of a line that is neither UTF-8 nor GBK.
type Piped = Result<String, u64>;

/// Lines from standard input.
pub struct Input {
    // Piped lines; `None` when a person types at a terminal (the editor reads keys instead).
    lines: Option<Receiver<Piped>>,
    // A line taken by `has_more` and not yet handed out.
    peeked: std::cell::RefCell<Option<Piped>>,
    /// Whether stdin is a terminal (prompts are decorated only then).
    pub interactive: bool,
}

impl Input {
    /// Starts reading standard input on a helper thread.
    pub fn stdin() -> Self {
        let interactive = std::io::stdin().is_terminal();
        if interactive && std::io::stdout().is_terminal() {
            return Self {
                lines: None,
                peeked: std::cell::RefCell::new(None),
                interactive,
            };
        }
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut stdin = std::io::stdin().lock();
            let mut buf = Vec::new();
            for number in 1.. {
                buf.clear();
                match stdin.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
                let line = decode_line(&buf, number == 1).ok_or(number);
                let refused = line.is_err();
                if tx.send(line).is_err() || refused {
                    break;
                }
            }
        });
        Self {
            lines: Some(rx),
            peeked: std::cell::RefCell::new(None),
            interactive,
        }
    }

    /// Whether a line will come (waits for the first one or the end of input).
    pub fn has_more(&self) -> bool {
        let Some(lines) = &self.lines else {
            return true; // someone at the terminal
        };
        let mut peeked = self.peeked.borrow_mut();
        if peeked.is_none() {
            *peeked = lines.recv().ok();
        }
        peeked.is_some()
    }

    /// The next line, waiting at most `timeout` when given. A line that is neither UTF-8 nor
    /// GBK ends the run with exit code 1 and its line number: the answers before it are saved,
    /// and guessing at it could record a wrong answer.
    pub fn line(&self, timeout: Option<Duration>) -> Line {
        let Some(lines) = &self.lines else {
            return edit(timeout);
        };
        let next = match self.peeked.borrow_mut().take() {
            Some(l) => Ok(l),
            None => match timeout {
                None => lines.recv().map_err(|_| Line::Eof),
                Some(t) => lines.recv_timeout(t).map_err(|e| match e {
                    RecvTimeoutError::Timeout => Line::Timeout,
                    RecvTimeoutError::Disconnected => Line::Eof,
                }),
            },
        };
        match next {
            Ok(Ok(text)) => Line::Text(text),
            Ok(Err(number)) => {
                note(&format!(
                    "错误：标准输入第 {number} 行既不是 UTF-8 也不是 GBK 编码的文本，已停止（此前的作答都已保存）"
                ));
                std::process::exit(1);
            }
            Err(end) => end,
        }
    }
}

/// Edits a line at the terminal after the prompt on screen. With a `timeout` (an exam's time
/// left, plus the second the prompt rounds off), the countdown in the prompt ticks live.
fn edit(timeout: Option<Duration>) -> Line {
    let prompt = PROMPT.lock().map(|p| p.clone()).unwrap_or_default();
    let started = std::time::Instant::now();
    let deadline = timeout.map(|t| started + t);
    let shown = timeout.map(|t| t.as_secs().saturating_sub(1));
    let live = || match shown {
        Some(left) => {
            let now = left.saturating_sub(started.elapsed().as_secs());
            prompt.replacen(&countdown(left), &countdown(now), 1)
        }
        None => prompt.clone(),
    };
    match crate::editor::read_line(&live, deadline) {
        Ok(Edited::Line(text)) => Line::Text(text),
        Ok(Edited::Eof) | Err(_) => Line::Eof,
        Ok(Edited::Timeout) => Line::Timeout,
        Ok(Edited::Interrupted) => interrupted(),
    }
}

/// The time left, as shown in an exam's prompt.
pub fn countdown(secs: u64) -> String {
    format!("（剩余 {:02}:{:02}）", secs / 60, secs % 60)
}

/// What a learner's session in progress has done so far, shown when the learner leaves with
/// Ctrl-C; `None` when no session runs (an organizer's command: nothing to say was saved).
static SESSION_NOTE: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Sets the line [`interrupted`] shows for a learner's session: its summary so far (empty
/// before the first answer).
pub fn set_session_note(note: String) {
    if let Ok(mut n) = SESSION_NOTE.lock() {
        *n = Some(note);
    }
}

/// Ctrl-C: every answer is committed before its feedback is shown, so leaving at once is safe.
/// A learner's session says what it did so far and that it is saved. A file being written
/// (results, a paper) is left as it was, its temporary file removed, and the note says so;
/// otherwise an organizer's command only says it stopped (it may not claim anything saved).
pub fn interrupted() -> ! {
    let abandoned = crate::fsio::abandon_unfinished();
    let session = SESSION_NOTE.lock().map(|n| n.clone()).unwrap_or_default();
    let note = match &session {
        Some(note) if !note.is_empty() => format!("\n{note}"),
        _ => String::new(),
    };
    if abandoned.is_empty() {
        if session.is_some() {
            say(&format!("{note}\n已保存，下次再见。\n"));
        } else {
            // Reading input, say: nothing written yet, and nothing half-written.
            self::note("\n已中断。");
        }
    } else {
        let files: Vec<String> = abandoned.iter().map(|p| p.display().to_string()).collect();
        self::note(&format!(
            "{note}\n已中断：{} 没有写入，原有文件保持不变。",
            files.join("、")
        ));
    }
    std::process::exit(130);
}

/// One line of piped input as text, without its line end: UTF-8 (a byte-order mark on the first
/// line is dropped), else GBK/GB18030 as Notepad or Excel on Chinese Windows save it.
fn decode_line(bytes: &[u8], first: bool) -> Option<String> {
    let mut bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if first {
        bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text.to_owned()),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(std::borrow::Cow::into_owned),
    }
}

/// Prints to stdout and flushes (prompts have no newline). When the reader has gone away
/// (`kaotang today --json | head -1`), the process ends quietly with exit code 0, as `rg` and
/// `git` do: everything the command wrote to the profile is already committed, and a reader
/// that stopped reading asked for no more output. Any other write error is ignored: a full
/// terminal must not stop a learner's session.
pub fn say(text: &str) {
    if let Ok(mut prompt) = PROMPT.lock() {
        match text.rfind('\n') {
            Some(i) => *prompt = text[i + 1..].to_owned(),
            None => prompt.push_str(text),
        }
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        quit_if_closed(&e);
    }
}

/// Prints `text` and a line end to stdout, like [`say`].
pub fn say_line(text: &str) {
    say(&format!("{text}\n"));
}

/// Writes `bytes` to stdout in pieces made by `fill` (large outputs are streamed); a closed
/// pipe ends the process quietly, as in [`say`].
pub fn stream(fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    let out = std::io::stdout();
    let mut w = std::io::BufWriter::new(out.lock());
    if let Err(e) = fill(&mut w).and_then(|()| w.flush()) {
        quit_if_closed(&e);
    }
}

/// A note on stderr (progress, warnings, the error that ends a command). Never panics: a closed
/// stderr loses the note, not the run.
pub fn note(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

fn quit_if_closed(e: &std::io::Error) {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
}

/// How a table column is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// `rows` under `columns` (heading, alignment), laid out by display width — a Chinese
/// character takes two columns of a terminal, so `format!("{:<12}")` cannot align them — with
/// two spaces between columns and no trailing spaces.
pub fn table(columns: &[(&str, Align)], rows: &[Vec<String>]) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut widths: Vec<usize> = columns.iter().map(|(h, _)| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let headings: Vec<String> = columns.iter().map(|(h, _)| (*h).to_owned()).collect();
    let mut out = String::new();
    for row in std::iter::once(&headings).chain(rows) {
        let mut line = String::new();
        for (i, ((_, align), width)) in columns.iter().zip(&widths).enumerate() {
            let cell = row.get(i).map_or("", String::as_str);
            let pad = " ".repeat(width.saturating_sub(cell.width()));
            if i > 0 {
                line.push_str("  ");
            }
            match align {
                Align::Left => {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(cell);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A unit path as shown in tables: `区/单位/支部`, or （全部） for the whole.
pub fn unit_name(path: &[String]) -> String {
    if path.is_empty() {
        "（全部）".to_owned()
    } else {
        path.join("/")
    }
}

/// `x` with `places` decimals, rounded half away from zero on the decimal figure people see
/// (8.25 → 8.3, 8.35 → 8.4), as a table's reader expects. `format!("{:.1}")` rounds the
/// binary value half to even instead: 8.25 gives 8.2, and 8.35, stored as 8.3499…, 8.3.
/// The decimal figure is the shortest one that reads back as `x` (what `{}` writes, never
/// with an exponent).
pub fn decimal(x: f64, places: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let shortest = x.abs().to_string();
    let (int, frac) = shortest.split_once('.').unwrap_or((&shortest, ""));
    let mut digits: Vec<u8> = int
        .bytes()
        .chain(frac.bytes().chain(std::iter::repeat(b'0')).take(places))
        .collect();
    if frac.as_bytes().get(places).is_some_and(|&d| d >= b'5') {
        // Add one in the last place, carrying.
        let carried = digits.iter_mut().rev().try_for_each(|d| {
            if *d == b'9' {
                *d = b'0';
                Ok(())
            } else {
                *d += 1;
                Err(())
            }
        });
        if carried.is_ok() {
            digits.insert(0, b'1');
        }
    }
    let (int, frac) = digits.split_at(digits.len() - places);
    let mut out = String::with_capacity(digits.len() + 2);
    if x.is_sign_negative() && digits.iter().any(|&d| d != b'0') {
        out.push('-');
    }
    out.extend(int.iter().map(|&d| char::from(d)));
    if places > 0 {
        out.push('.');
        out.extend(frac.iter().map(|&d| char::from(d)));
    }
    out
}

fn stars(d: u8) -> String {
    (1..=5).map(|i| if i <= d { '★' } else { '☆' }).collect()
}

/// The question as shown: header with progress, stem, lettered choices, how to answer.
pub fn render_question(q: &Question, number: usize, total: Option<usize>) -> String {
    let progress = match total {
        Some(t) => format!("题 {number}/{t}"),
        None => format!("第 {number} 题"),
    };
    let mut s = format!(
        "\n{progress} · {} · {} · 难度 {}\n{}\n",
        q.qtype().label(),
        q.period.name(),
        stars(q.difficulty),
        q.stem
    );
    match &q.kind {
        QuestionKind::Single { options, .. } | QuestionKind::Multiple { options, .. } => {
            for (i, o) in options.iter().enumerate() {
                s.push_str(&format!("  {}. {o}\n", letter(i)));
            }
        }
        QuestionKind::Order { items, .. } => {
            for (i, o) in items.iter().enumerate() {
                s.push_str(&format!("  {}. {o}\n", letter(i)));
            }
        }
        QuestionKind::Match { left, right, .. } => {
            s.push_str("  左列：\n");
            for (i, l) in left.iter().enumerate() {
                s.push_str(&format!("    {}. {l}\n", i + 1));
            }
            s.push_str("  右列：\n");
            for (i, r) in right.iter().enumerate() {
                s.push_str(&format!("    {}. {r}\n", letter(i)));
            }
        }
        QuestionKind::Judge { .. } | QuestionKind::Fill { .. } => {}
    }
    s
}

/// How to answer this question, for the prompt; `?` is offered only when the session gives
/// hints (not in 挑战答题 and 微考堂 without `--hints`) and the question has one.
pub fn answer_prompt(q: &Question, hints: bool, extra: &str) -> String {
    let how = match &q.kind {
        QuestionKind::Single { .. } => "输入一个字母".to_owned(),
        QuestionKind::Multiple { .. } => "输入所有正确选项的字母，如 ACD".to_owned(),
        QuestionKind::Judge { .. } => "输入 对 或 错（T/F）".to_owned(),
        QuestionKind::Fill { answer } if answer.len() > 1 => {
            format!("共 {} 个空，用；分隔", answer.len())
        }
        QuestionKind::Fill { .. } => "输入答案".to_owned(),
        QuestionKind::Order { .. } => "按先后顺序输入字母，如 BCAD".to_owned(),
        QuestionKind::Match { left, .. } => format!("依次输入左列 1–{} 对应的右列字母", left.len()),
    };
    let hint = if hints && q.hint.is_some() {
        "；? 查看提示"
    } else {
        ""
    };
    format!("{how}{hint}{extra}> ")
}

/// The key written out in full, e.g. `B. 1921年`.
pub fn render_key(q: &Question) -> String {
    match &q.kind {
        QuestionKind::Single { options, answer } | QuestionKind::Multiple { options, answer } => {
            answer
                .0
                .iter()
                .map(|&i| {
                    format!(
                        "{}. {}",
                        letter(usize::from(i)),
                        options.get(usize::from(i)).map_or("", String::as_str)
                    )
                })
                .collect::<Vec<_>>()
                .join("；")
        }
        QuestionKind::Judge { answer } => (if *answer { "对" } else { "错" }).to_owned(),
        QuestionKind::Fill { answer } => answer
            .iter()
            .map(|b| b.0.join(" 或 "))
            .collect::<Vec<_>>()
            .join("；"),
        QuestionKind::Order { items, answer } => answer
            .0
            .iter()
            .map(|&i| items.get(usize::from(i)).map_or("", String::as_str))
            .collect::<Vec<_>>()
            .join(" → "),
        QuestionKind::Match {
            left,
            right,
            answer,
        } => left
            .iter()
            .zip(&answer.0)
            .map(|(l, &r)| {
                format!(
                    "{l} — {}",
                    right.get(usize::from(r)).map_or("", String::as_str)
                )
            })
            .collect::<Vec<_>>()
            .join("；"),
    }
}

/// Feedback after an answer: right or wrong, the key, the explanation.
pub fn render_feedback(q: &Question, grade: &Grade) -> String {
    let verdict = if grade.correct {
        "✓ 回答正确".to_owned()
    } else if grade.credit > 0.0 {
        format!(
            "◐ 部分正确（得分 {:.0}%），正确答案：{}",
            grade.credit * 100.0,
            render_key(q)
        )
    } else {
        format!("✗ 回答错误，正确答案：{}", render_key(q))
    };
    format!("{verdict}\n解析：{}\n", q.explanation)
}

#[cfg(test)]
mod decimal_tests {
    use super::decimal;

    #[test]
    fn halves_round_away_from_zero_on_the_decimal_figure() {
        let cases = [
            (8.25, 1, "8.3"),
            (8.35, 1, "8.4"),
            (8.249, 1, "8.2"),
            (0.05, 1, "0.1"),
            (9.95, 1, "10.0"),
            (99.95, 1, "100.0"),
            (-8.25, 1, "-8.3"),
            (-0.04, 1, "0.0"),
            (100.0, 1, "100.0"),
            (12.5, 0, "13"),
            (1.005, 2, "1.01"),
            (2.0 / 3.0, 4, "0.6667"),
            (1e-7, 1, "0.0"),
        ];
        for (x, places, want) in cases {
            assert_eq!(decimal(x, places), want, "{x} to {places}");
        }
    }
}
