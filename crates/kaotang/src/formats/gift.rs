//! Moodle's GIFT format.
//!
//! Read: categories (`$CATEGORY:`; a path component naming a period sets the period),
//! comments with `[id:…]` and `[tag:…]`, titles (`::…::`, used as the id when it is a valid
//! id), text formats (`[html]` is turned into plain text), escapes (`\~ \= \# \{ \} \: \\ \n`),
//! general feedback (`####`, the explanation), true/false, multiple choice (one `=`) and
//! multiple response (`~%50%` weights; positive weights are the correct options), the missing
//! word form (answers inside the sentence become a `____` blank), short answer (fill, one blank,
//! each `=` an accepted alternative) and matching.
//!
//! Reported as having no kaotang equivalent (error E028): numerical (`{#…}`), essay (`{}`) and
//! descriptions (no answers). Dropped with a warning (W105): per-answer feedback and partial
//! weights on single-answer and short-answer questions.

use super::{
    Draft, Exported, Report, at_line, csv::skip, first_blank, period_named, plain_from_html,
    stem_with_blank,
};
use crate::bank::{Bank, Blank, Code, Letters, Period, QuestionKind, count_blanks};

/// A character of a block and whether it was escaped.
type Chars = Vec<(char, bool)>;

fn chars(s: &str) -> Chars {
    let mut out = Vec::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push(('\n', true)),
                Some(n) => out.push((n, true)),
                None => out.push(('\\', true)),
            }
        } else {
            out.push((c, false));
        }
    }
    out
}

fn text(cs: &[(char, bool)]) -> String {
    cs.iter()
        .map(|&(c, _)| c)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Position of the first unescaped `c` at or after `from`.
fn find(cs: &[(char, bool)], c: char, from: usize) -> Option<usize> {
    cs.iter()
        .skip(from)
        .position(|&(x, e)| x == c && !e)
        .map(|i| i + from)
}

/// Position of the first unescaped occurrence of `pat`.
fn find_str(cs: &[(char, bool)], pat: &str) -> Option<usize> {
    let p: Vec<char> = pat.chars().collect();
    (0..cs.len()).find(|&i| {
        p.iter()
            .enumerate()
            .all(|(k, &pc)| cs.get(i + k).is_some_and(|&(c, e)| c == pc && !e))
    })
}

pub(crate) fn parse(src: &str, rep: &mut Report) -> Vec<Draft> {
    let mut drafts = Vec::new();
    let mut category: Option<Period> = None;
    let mut block: Vec<&str> = Vec::new();
    let mut meta = Meta::default();
    let mut start = 0;
    let lines: Vec<&str> = src.lines().collect();
    for (i, line) in lines.iter().chain(std::iter::once(&"")).enumerate() {
        let t = line.trim();
        if t.starts_with("//") {
            meta.comment(t);
            continue;
        }
        if t.is_empty() {
            if !block.is_empty() {
                let joined = block.join("\n");
                question(
                    &joined,
                    start,
                    &mut category,
                    std::mem::take(&mut meta),
                    rep,
                    &mut drafts,
                );
                block.clear();
            }
            meta = Meta::default();
            continue;
        }
        if block.is_empty() {
            start = i + 1;
        }
        block.push(line);
    }
    drafts
}

/// What comments inside a question block say.
#[derive(Default)]
struct Meta {
    id: Option<String>,
    tags: Vec<String>,
}

impl Meta {
    fn comment(&mut self, line: &str) {
        let cs = chars(line);
        let mut i = 0;
        while let Some(open) = find(&cs, '[', i) {
            let Some(close) = find(&cs, ']', open) else {
                break;
            };
            let inner = text(&cs[open + 1..close]);
            if let Some(id) = inner.strip_prefix("id:") {
                self.id.get_or_insert_with(|| id.trim().to_owned());
            } else if let Some(tag) = inner.strip_prefix("tag:") {
                self.tags.push(tag.trim().to_owned());
            }
            i = close + 1;
        }
    }
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn question(
    block: &str,
    line: usize,
    category: &mut Option<Period>,
    meta: Meta,
    rep: &mut Report,
    drafts: &mut Vec<Draft>,
) {
    let pos = at_line(line);
    if let Some(path) = block.trim().strip_prefix("$CATEGORY:") {
        *category = path.split('/').rev().find_map(period_named);
        return;
    }
    let mut cs = chars(block.trim());
    let mut title = None;
    if cs.starts_with(&[(':', false), (':', false)])
        && let Some(end) = find_str(&cs[2..], "::")
    {
        title = Some(text(&cs[2..2 + end]));
        cs.drain(..end + 4);
    }
    let mut html = false;
    let trimmed = text(&cs);
    for f in ["[html]", "[moodle]", "[plain]", "[markdown]"] {
        if trimmed.starts_with(f) {
            html = f == "[html]";
            let skip = cs.iter().take_while(|(c, _)| c.is_whitespace()).count() + f.len();
            cs.drain(..skip);
            break;
        }
    }
    let clean = |s: String| if html { plain_from_html(&s) } else { s };
    let Some(open) = find(&cs, '{', 0) else {
        rep.add(
            pos,
            Code::Unsupported,
            "说明文字（没有 {…} 答案）在考堂中没有对应题型",
        );
        return;
    };
    let Some(close) = find(&cs, '}', open) else {
        rep.add(pos, Code::Syntax, "答案缺少结束的 }");
        return;
    };
    // Spaces next to a blank in the middle of a sentence are kept ("Grant is ____ in …").
    let raw = |r: &[(char, bool)]| r.iter().map(|&(c, _)| c).collect::<String>();
    let after = clean(raw(&cs[close + 1..]).trim_end().to_owned());
    let before = clean(raw(&cs[..open]).trim_start().to_owned());
    let before = if after.is_empty() {
        before.trim_end().to_owned()
    } else {
        before
    };
    let mut body: Chars = cs[open + 1..close].to_vec();
    let explanation = find_str(&body, "####").map(|i| {
        let e = clean(text(&body[i + 4..]));
        body.truncate(i);
        e
    });
    while body.last().is_some_and(|(c, _)| c.is_whitespace()) {
        body.pop();
    }
    // One drain, not one shift per space: a block of a million spaces stays linear.
    let lead = body.iter().take_while(|(c, _)| c.is_whitespace()).count();
    body.drain(..lead);
    let with_blank = || {
        if after.is_empty() {
            // The answer block ends the question: the stem may already mark its gap.
            stem_with_blank(&before)
        } else {
            format!("{before}____{after}")
        }
    };
    let stem_choice = || {
        if after.is_empty() {
            before.clone()
        } else {
            format!("{before}____{after}")
        }
    };
    let head = text(&body);
    let kind = if head.is_empty() {
        rep.add(pos, Code::Unsupported, "问答题（{}）在考堂中没有对应题型");
        return;
    } else if body.first() == Some(&('#', false)) {
        rep.add(pos, Code::Unsupported, "数值题（{#…}）在考堂中没有对应题型");
        return;
    } else if let Some(judge) = judge(&body) {
        if find(&body, '#', 0).is_some() {
            rep.add(pos, Code::Dropped, "判断题的答案反馈（#…）不导入");
        }
        (QuestionKind::Judge { answer: judge }, stem_choice())
    } else {
        let answers = split_answers(&body);
        if answers.is_empty() {
            rep.add(pos, Code::Syntax, "答案应以 = 或 ~ 开头");
            return;
        }
        if answers.iter().any(|a| a.feedback) {
            rep.add(pos, Code::Dropped, "选项的反馈（#…）不导入");
        }
        let clean_all = |v: Vec<String>| v.into_iter().map(&clean).collect::<Vec<_>>();
        if answers.iter().all(|a| a.right) && answers.iter().any(|a| a.text.contains("->")) {
            let mut left = Vec::new();
            let mut right: Vec<String> = Vec::new();
            let mut key = Vec::new();
            for a in &answers {
                let Some((l, r)) = a.text.split_once("->") else {
                    rep.add(
                        pos,
                        Code::MalformedMatch,
                        format!("配对“{}”缺少 ->", a.text),
                    );
                    return;
                };
                let (l, r) = (clean(l.trim().to_owned()), clean(r.trim().to_owned()));
                let ri = right.iter().position(|x| *x == r).unwrap_or_else(|| {
                    right.push(r);
                    right.len() - 1
                });
                if l.is_empty() {
                    continue; // a distractor
                }
                left.push(l);
                key.push(ri as u8);
            }
            (
                QuestionKind::Match {
                    left,
                    right,
                    answer: Letters(key),
                },
                stem_choice(),
            )
        } else if answers.iter().all(|a| a.right) {
            if answers.iter().any(|a| a.weight.is_some_and(|w| w < 100.0)) {
                rep.add(
                    pos,
                    Code::Dropped,
                    "部分得分的答案（=%50%…）不作为正确答案导入",
                );
            }
            let alts = answers
                .into_iter()
                .filter(|a| a.weight.is_none_or(|w| w >= 100.0))
                .map(|a| a.text)
                .collect();
            (
                QuestionKind::Fill {
                    answer: vec![Blank(clean_all(alts))],
                },
                with_blank(),
            )
        } else {
            let n_right = answers.iter().filter(|a| a.right).count();
            let positive: Vec<u8> = answers
                .iter()
                .enumerate()
                .filter(|(_, a)| a.right || a.weight.is_some_and(|w| w > 0.0))
                .map(|(i, _)| i as u8)
                .collect();
            let options = clean_all(answers.iter().map(|a| a.text.clone()).collect());
            if n_right == 1 {
                if positive.len() > 1 {
                    rep.add(
                        pos,
                        Code::Dropped,
                        "单选题中部分得分的选项（~%50%…）按错误选项导入",
                    );
                }
                let answer = answers.iter().position(|a| a.right).unwrap_or(0) as u8;
                (
                    QuestionKind::Single {
                        options,
                        answer: Letters(vec![answer]),
                    },
                    stem_choice(),
                )
            } else if positive.len() == 1 {
                (
                    QuestionKind::Single {
                        options,
                        answer: Letters(positive),
                    },
                    stem_choice(),
                )
            } else {
                (
                    QuestionKind::Multiple {
                        options,
                        answer: Letters(positive),
                    },
                    stem_choice(),
                )
            }
        }
    };
    let (kind, stem) = kind;
    let mut d = Draft::new(pos, kind, stem);
    d.id = meta.id.or_else(|| title.filter(|t| is_id(t)));
    d.tags = meta.tags;
    d.period = *category;
    d.explanation = explanation.filter(|e| !e.is_empty());
    drafts.push(d);
}

fn judge(body: &[(char, bool)]) -> Option<bool> {
    let end = find(body, '#', 0).unwrap_or(body.len());
    match text(&body[..end]).as_str() {
        "T" | "TRUE" => Some(true),
        "F" | "FALSE" => Some(false),
        _ => None,
    }
}

struct Answer {
    right: bool,
    weight: Option<f64>,
    text: String,
    feedback: bool,
}

/// `=a ~%50%b #fb …` into answers.
fn split_answers(body: &[(char, bool)]) -> Vec<Answer> {
    let starts: Vec<usize> = body
        .iter()
        .enumerate()
        .filter(|(_, (c, e))| (*c == '=' || *c == '~') && !e)
        .map(|(i, _)| i)
        .collect();
    // `->` in matching is not an answer start; '=' only starts an answer.
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(body.len());
        let mut part = &body[s + 1..end];
        let mut weight = None;
        if part.first() == Some(&('%', false))
            && let Some(close) = find(part, '%', 1)
        {
            weight = text(&part[1..close]).parse::<f64>().ok();
            part = &part[close + 1..];
        }
        let fb = find(part, '#', 0);
        let t = text(&part[..fb.unwrap_or(part.len())]);
        out.push(Answer {
            right: body.get(s).is_some_and(|&(c, _)| c == '='),
            weight,
            text: t,
            feedback: fb.is_some(),
        });
    }
    if starts
        .first()
        .is_some_and(|&s| !text(&body[..s]).is_empty())
    {
        return Vec::new();
    }
    out
}

/// An answer text that starts with `%` would be read as a weight (`=%50%…`): such a text is
/// written after its weight, given explicitly (`=%100%%50%…`).
fn weight_guard(text: &str, weight: &str) -> String {
    if text.starts_with('%') {
        format!("%{weight}%")
    } else {
        String::new()
    }
}

/// GIFT-escapes a text (`~ = # { } :` and `\`; line breaks as `\n`).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

pub(crate) fn export(bank: &Bank) -> Exported {
    let mut out = Exported::default();
    let mut category = None;
    for q in &bank.questions {
        let body = match &q.kind {
            QuestionKind::Single { options, answer } => options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    let right = answer.0.contains(&(i as u8));
                    let mark = if right { "=" } else { "~" };
                    let weight = if right { "100" } else { "0" };
                    format!("\t{mark}{}{}\n", weight_guard(o, weight), esc(o))
                })
                .collect::<String>(),
            QuestionKind::Multiple { options, answer } => {
                let right = format!("{:.5}", 100.0 / answer.0.len() as f64);
                let right = right.trim_end_matches('0').trim_end_matches('.');
                options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let w = if answer.0.contains(&(i as u8)) {
                            right
                        } else {
                            "-100"
                        };
                        format!("\t~%{w}%{}\n", esc(o))
                    })
                    .collect::<String>()
            }
            QuestionKind::Judge { answer } => (if *answer { "TRUE" } else { "FALSE" }).to_owned(),
            QuestionKind::Fill { answer } => {
                if answer.len() != 1 || count_blanks(&q.stem) != 1 {
                    out.skipped
                        .push(skip(q, "GIFT 的简答题只有一个空，多空填空题无法表达"));
                    continue;
                }
                answer
                    .iter()
                    .flat_map(|b| &b.0)
                    .map(|a| format!("={}{}", weight_guard(a, "100"), esc(a)))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            QuestionKind::Match {
                left,
                right,
                answer,
            } => {
                if right.len() > left.len() {
                    out.skipped.push(skip(q, "GIFT 配对题不能有多余的干扰项"));
                    continue;
                }
                if left.len() < 3 {
                    out.skipped.push(skip(q, "Moodle 配对题至少需要 3 对"));
                    continue;
                }
                left.iter()
                    .zip(&answer.0)
                    .map(|(l, &r)| {
                        let r = right.get(usize::from(r)).map_or("", String::as_str);
                        format!("\t={}{} -> {}\n", weight_guard(l, "100"), esc(l), esc(r))
                    })
                    .collect::<String>()
            }
            QuestionKind::Order { .. } => {
                out.skipped.push(skip(q, "GIFT 没有排序题"));
                continue;
            }
        };
        if category != Some(q.period) {
            category = Some(q.period);
            out.text
                .push_str(&format!("$CATEGORY: $course$/top/{}\n\n", q.period.name()));
        }
        let mut comment = format!("// [id:{}]", q.id);
        for t in &q.tags {
            comment.push_str(&format!(" [tag:{}]", t.replace(']', "\\]")));
        }
        let feedback = format!("####{}", esc(&q.explanation));
        let text = match &q.kind {
            QuestionKind::Fill { .. } => {
                let stem = esc(&q.stem);
                let at = first_blank(&stem).unwrap_or(stem.len()..stem.len());
                format!(
                    "{}{{{body}{feedback}}}{}",
                    &stem[..at.start],
                    &stem[at.end..]
                )
            }
            QuestionKind::Judge { .. } => format!("{} {{{body}{feedback}}}", esc(&q.stem)),
            _ => format!("{} {{\n{body}\t{feedback}\n}}", esc(&q.stem)),
        };
        out.text
            .push_str(&format!("{comment}\n::{}::{text}\n\n", q.id));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let s = "a~b=c#d{e}f:g\\h\n1";
        assert_eq!(text(&chars(&esc(s))), s);
    }
}
