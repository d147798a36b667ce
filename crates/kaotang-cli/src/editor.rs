//! Line editing at a prompt in a terminal, with a prompt that can change while the learner
//! types (the 微考堂 countdown ticks every second).
//!
//! Keys: ← → Home End (Ctrl-A, Ctrl-E), Backspace, Delete, Ctrl-U / Ctrl-K (erase before /
//! after the cursor), Enter; Ctrl-D on an empty line ends input; Ctrl-C leaves.
//!
//! Why a small editor on crossterm rather than rustyline (MIT, maintained, more keys and
//! history): rustyline's `readline` blocks until Enter, so it can neither redraw the countdown
//! every second nor stop at an exam's deadline — a reader left blocked at the deadline would
//! also leave the terminal in raw mode. crossterm (MIT) gives raw mode and key events with a
//! timeout, which is all this needs.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::{cursor, queue, style, terminal};
use unicode_width::UnicodeWidthStr;

/// How editing a line ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Edited {
    /// Enter: the line typed.
    Line(String),
    /// Ctrl-D on an empty line.
    Eof,
    /// The deadline passed first.
    Timeout,
    /// Ctrl-C.
    Interrupted,
}

/// The terminal in raw mode for as long as this lives, whatever way editing ends.
struct RawMode;

impl RawMode {
    fn on() -> io::Result<Self> {
        terminal::enable_raw_mode()?;
        Ok(Self)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Edits one line after `prompt`, which is redrawn at least once a second (it is called again
/// each time, so it may show a countdown), until Enter or `deadline`.
pub fn read_line(prompt: &dyn Fn() -> String, deadline: Option<Instant>) -> io::Result<Edited> {
    let _raw = RawMode::on()?;
    let started = Instant::now();
    let mut line: Vec<char> = Vec::new();
    let mut at = 0usize;
    loop {
        draw(&prompt(), &line, at)?;
        // Wake at the next whole second since the start, so the countdown ticks evenly.
        let mut wait = Duration::from_millis(1000 - (started.elapsed().as_millis() % 1000) as u64);
        if let Some(d) = deadline {
            let now = Instant::now();
            if now >= d {
                finish()?;
                return Ok(Edited::Timeout);
            }
            wait = wait.min(d - now);
        }
        if !event::poll(wait)? {
            continue;
        }
        let Event::Key(key) = event::read()? else {
            continue;
        };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter => {
                finish()?;
                return Ok(Edited::Line(line.into_iter().collect()));
            }
            KeyCode::Char('c') if ctrl => {
                finish()?;
                return Ok(Edited::Interrupted);
            }
            KeyCode::Char('d') if ctrl && line.is_empty() => {
                finish()?;
                return Ok(Edited::Eof);
            }
            KeyCode::Char('a') if ctrl => at = 0,
            KeyCode::Char('e') if ctrl => at = line.len(),
            KeyCode::Char('u') if ctrl => {
                line.drain(..at);
                at = 0;
            }
            KeyCode::Char('k') if ctrl => line.truncate(at),
            KeyCode::Home => at = 0,
            KeyCode::End => at = line.len(),
            KeyCode::Left => at = at.saturating_sub(1),
            KeyCode::Right => at = (at + 1).min(line.len()),
            KeyCode::Backspace if at > 0 => {
                at -= 1;
                line.remove(at);
            }
            KeyCode::Delete if at < line.len() => {
                line.remove(at);
            }
            KeyCode::Char(c) if !ctrl => {
                line.insert(at, c);
                at += 1;
            }
            _ => {}
        }
    }
}

/// Redraws the prompt and the line, the cursor at `at` (columns by display width: a Chinese
/// character takes two).
fn draw(prompt: &str, line: &[char], at: usize) -> io::Result<()> {
    let before: String = line.iter().take(at).collect();
    let after: String = line.iter().skip(at).collect();
    let column = u16::try_from(prompt.width() + before.width()).unwrap_or(u16::MAX);
    let mut out = io::stdout().lock();
    queue!(
        out,
        cursor::MoveToColumn(0),
        style::Print(prompt),
        style::Print(&before),
        style::Print(&after),
        terminal::Clear(terminal::ClearType::UntilNewLine),
        cursor::MoveToColumn(column)
    )?;
    out.flush()
}

/// Ends the edited line (raw mode needs the carriage return).
fn finish() -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(b"\r\n")?;
    out.flush()
}
