//! Aiken: single-answer multiple choice, as Moodle reads it.
//!
//! A question is its text (Moodle wants one line; continuation lines before the first option
//! are kept as line breaks), then options `A. text` or `A) text` in letter order, then
//! `ANSWER: X`. Blank lines between questions are optional. Aiken has no ids, explanations,
//! tags or periods: they come from the import defaults.

use super::{Draft, Exported, Report, at_line, csv::skip};
use crate::bank::{Bank, Code, Letters, QuestionKind, letter};

/// `A. text` or `A) text`: the option index and text.
fn option(line: &str) -> Option<(usize, &str)> {
    let mut cs = line.char_indices();
    let (_, l) = cs.next()?;
    let (_, p) = cs.next()?;
    let (i, sp) = cs.next()?;
    (l.is_ascii_uppercase() && (p == '.' || p == ')') && sp == ' ')
        .then(|| (l as usize - 'A' as usize, line[i..].trim()))
}

struct Open {
    line: usize,
    stem: Vec<String>,
    options: Vec<String>,
    /// Already reported; its remaining lines are skipped up to its ANSWER line.
    broken: bool,
}

pub(crate) fn parse(src: &str, rep: &mut Report) -> Vec<Draft> {
    let mut drafts = Vec::new();
    let mut cur: Option<Open> = None;
    for (i, raw) in src.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(ans) = line.strip_prefix("ANSWER:") {
            let Some(q) = cur.take() else {
                rep.add(at_line(n), Code::Syntax, "ANSWER 行之前没有题目");
                continue;
            };
            let ans = ans.trim();
            if q.broken {
                continue;
            }
            if q.options.is_empty() {
                rep.add(
                    at_line(q.line),
                    Code::OptionCount,
                    "题目没有选项（A. … B. …）",
                );
                continue;
            }
            let letters = Letters::parse(ans).filter(|l| !l.0.is_empty());
            match letters {
                Some(l) if l.0.len() == 1 => drafts.push(Draft::new(
                    at_line(q.line),
                    QuestionKind::Single {
                        options: q.options,
                        answer: l,
                    },
                    q.stem.join("\n"),
                )),
                Some(_) => rep.add(
                    at_line(n),
                    Code::Unsupported,
                    format!("Aiken 只有单选题，答案“{ans}”有多个字母"),
                ),
                None => rep.add(
                    at_line(n),
                    Code::AnswerOutOfRange,
                    format!("ANSWER 应为一个选项字母，实际为“{ans}”"),
                ),
            }
            continue;
        }
        match (option(line), cur.as_mut()) {
            (_, Some(q)) if q.broken => {}
            (Some((k, text)), Some(q)) => {
                if k != q.options.len() {
                    rep.add(
                        at_line(n),
                        Code::Syntax,
                        format!(
                            "选项字母应为 {}，实际为 {}",
                            letter(q.options.len()),
                            letter(k)
                        ),
                    );
                    q.broken = true;
                    continue;
                }
                q.options.push(text.to_owned());
            }
            (Some(_), None) => rep.add(at_line(n), Code::Syntax, "选项之前没有题目"),
            (_, Some(q)) if !q.options.is_empty() => {
                rep.add(
                    at_line(q.line),
                    Code::MissingField,
                    "题目缺少 ANSWER: 行（选项之后应紧跟答案）",
                );
                cur = Some(Open {
                    line: n,
                    stem: vec![line.to_owned()],
                    options: Vec::new(),
                    broken: false,
                });
            }
            (_, Some(q)) => q.stem.push(line.to_owned()),
            (None, None) => {
                cur = Some(Open {
                    line: n,
                    stem: vec![line.to_owned()],
                    options: Vec::new(),
                    broken: false,
                })
            }
        }
    }
    if let Some(q) = cur {
        rep.add(at_line(q.line), Code::MissingField, "题目缺少 ANSWER: 行");
    }
    drafts
}

pub(crate) fn export(bank: &Bank) -> Exported {
    let mut out = Exported::default();
    for q in &bank.questions {
        let QuestionKind::Single { options, answer } = &q.kind else {
            out.skipped.push(skip(
                q,
                &format!("Aiken 只有单选题，{}无法表达", q.qtype().label()),
            ));
            continue;
        };
        if q.stem.contains('\n') || options.iter().any(|o| o.contains('\n')) {
            out.skipped.push(skip(q, "Aiken 的题干和选项必须各占一行"));
            continue;
        }
        if option(&q.stem).is_some() || q.stem.starts_with("ANSWER:") {
            out.skipped
                .push(skip(q, "题干以“X. ”或“ANSWER:”开头，Aiken 会误读"));
            continue;
        }
        out.text.push_str(&q.stem);
        out.text.push('\n');
        for (i, o) in options.iter().enumerate() {
            out.text.push_str(&format!("{}. {o}\n", letter(i)));
        }
        out.text.push_str(&format!("ANSWER: {answer}\n\n"));
    }
    out
}
