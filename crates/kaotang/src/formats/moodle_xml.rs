//! Moodle XML: the common question types.
//!
//! Read and written: `category` (a path component naming a period sets the period),
//! `multichoice` (`<single>true</single>` is single choice; otherwise the answers with a
//! positive fraction are the correct ones), `truefalse`, `shortanswer` (fill with one blank;
//! every answer with fraction 100 is accepted) and `matching` (a subquestion with empty text
//! is a distractor). `idnumber` (or a name that is a valid id) is the question id, `tags` the
//! tags, `generalfeedback` the explanation; HTML text is turned into plain text.
//!
//! Reported as having no kaotang equivalent (E028): every other type (essay, numerical,
//! description, cloze/multianswer, calculated, ordering, drag-and-drop …).

use quick_xml::XmlVersion;
use quick_xml::events::Event;

use super::{
    Draft, Exported, LineCounter, Report, at_line, csv::skip, line_of, period_named,
    plain_from_html, stem_with_blank,
};
use crate::bank::{Bank, Blank, Code, Letters, Period, QuestionKind};

/// Deepest element nesting accepted. Moodle writes five levels (quiz, question, answer,
/// text …); the limit keeps a hostile file from exhausting the stack when the tree is dropped.
pub const MAX_XML_DEPTH: usize = 32;

/// An element of the document with its byte offset.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    kids: Vec<El>,
    text: String,
    offset: usize,
}

impl El {
    fn child(&self, name: &str) -> Option<&El> {
        self.kids.iter().find(|k| k.name == name)
    }

    fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.kids.iter().filter(move |k| k.name == name)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `<text>` of this element, as plain text when its format is HTML (names, tags and
    /// matching answers have no format and are plain already).
    fn plain(&self) -> String {
        let raw = self
            .child("text")
            .map_or(self.text.as_str(), |t| t.text.as_str());
        match self.attr("format") {
            Some("html" | "moodle_auto_format") => plain_from_html(raw),
            _ => raw.trim().to_owned(),
        }
    }

    /// The plain text of child `name`, if it has any.
    fn text_of(&self, name: &str) -> Option<String> {
        self.child(name).map(El::plain).filter(|s| !s.is_empty())
    }
}

/// Builds the element tree; an error gives its byte offset and code.
fn tree(src: &str) -> Result<El, (usize, Code, String)> {
    let mut reader = quick_xml::Reader::from_str(src);
    let mut stack = vec![El::default()];
    loop {
        let offset = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|e| {
            (
                reader.buffer_position() as usize,
                Code::Syntax,
                e.to_string(),
            )
        })?;
        match ev {
            Event::Start(e) => {
                if stack.len() > MAX_XML_DEPTH {
                    return Err((
                        offset,
                        Code::Refused,
                        format!("元素嵌套超过 {MAX_XML_DEPTH} 层"),
                    ));
                }
                stack.push(element(&e, offset)?);
            }
            Event::Empty(e) => {
                let el = element(&e, offset)?;
                if let Some(top) = stack.last_mut() {
                    top.kids.push(el);
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err((offset, Code::Syntax, "多余的结束标签".to_owned()));
                };
                match stack.last_mut() {
                    Some(top) => top.kids.push(done),
                    None => return Err((offset, Code::Syntax, "多余的结束标签".to_owned())),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml_content(XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(r) => {
                let entity = format!("&{};", r.into_inner());
                let s = quick_xml::escape::unescape(&entity)
                    .map_err(|e| (offset, Code::Syntax, e.to_string()))?
                    .into_owned();
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err((src.len(), Code::Syntax, "文件在元素结束前截断".to_owned()));
    }
    stack.pop().ok_or((0, Code::Syntax, String::new()))
}

fn element(
    e: &quick_xml::events::BytesStart<'_>,
    offset: usize,
) -> Result<El, (usize, Code, String)> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| (offset, Code::Syntax, err.to_string()))?;
        let v = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| (offset, Code::Syntax, err.to_string()))?;
        attrs.push((AsRef::<str>::as_ref(&a.key).to_owned(), v.into_owned()));
    }
    Ok(El {
        name: AsRef::<str>::as_ref(&e.name()).to_owned(),
        attrs,
        kids: Vec::new(),
        text: String::new(),
        offset,
    })
}

fn fraction(a: &El) -> f64 {
    a.attr("fraction")
        .and_then(|f| f.trim().parse().ok())
        .unwrap_or(0.0)
}

pub(crate) fn parse(src: &str, rep: &mut Report) -> Vec<Draft> {
    let root = match tree(src) {
        Ok(r) => r,
        Err((off, code, msg)) => {
            rep.add(
                at_line(line_of(src.as_bytes(), off)),
                code,
                format!("XML 格式错误：{msg}"),
            );
            return Vec::new();
        }
    };
    let Some(quiz) = root.child("quiz") else {
        rep.add(at_line(1), Code::WrongShape, "根元素应为 <quiz>");
        return Vec::new();
    };
    let mut drafts = Vec::new();
    let mut category: Option<Period> = None;
    let mut lines = LineCounter::new(src.as_bytes());
    for q in quiz.children("question") {
        let pos = at_line(lines.line(q.offset));
        let qtype = q.attr("type").unwrap_or("");
        let stem = q.text_of("questiontext").unwrap_or_default();
        let kind = match qtype {
            "category" => {
                category = q
                    .child("category")
                    .map(El::plain)
                    .and_then(|p| p.split('/').rev().find_map(period_named));
                continue;
            }
            "multichoice" => {
                let answers: Vec<&El> = q.children("answer").collect();
                let options = answers.iter().map(|a| a.plain()).collect();
                let single = q
                    .child("single")
                    .is_none_or(|s| s.text.trim() == "true" || s.text.trim() == "1");
                if single {
                    let full: Vec<u8> = (0..answers.len() as u8)
                        .filter(|&i| {
                            answers
                                .get(usize::from(i))
                                .is_some_and(|a| fraction(a) >= 100.0)
                        })
                        .collect();
                    if answers
                        .iter()
                        .any(|a| (0.0..100.0).contains(&fraction(a)) && fraction(a) > 0.0)
                    {
                        rep.add(pos, Code::Dropped, "单选题中部分得分的选项按错误选项导入");
                    }
                    QuestionKind::Single {
                        options,
                        answer: Letters(full),
                    }
                } else {
                    QuestionKind::Multiple {
                        options,
                        answer: Letters(
                            (0..answers.len() as u8)
                                .filter(|&i| {
                                    answers
                                        .get(usize::from(i))
                                        .is_some_and(|a| fraction(a) > 0.0)
                                })
                                .collect(),
                        ),
                    }
                }
            }
            "truefalse" => {
                let right = q
                    .children("answer")
                    .find(|a| fraction(a) >= 100.0)
                    .map(|a| a.plain().to_lowercase());
                match right.as_deref() {
                    Some("true") => QuestionKind::Judge { answer: true },
                    Some("false") => QuestionKind::Judge { answer: false },
                    _ => {
                        rep.add(
                            pos,
                            Code::JudgeNotBoolean,
                            "判断题应有一个得分为 100 的 true 或 false 答案",
                        );
                        continue;
                    }
                }
            }
            "shortanswer" => {
                if q.children("answer")
                    .any(|a| (0.0..100.0).contains(&fraction(a)) && fraction(a) > 0.0)
                {
                    rep.add(pos, Code::Dropped, "部分得分的答案不作为正确答案导入");
                }
                let alts = q
                    .children("answer")
                    .filter(|a| fraction(a) >= 100.0)
                    .map(El::plain)
                    .collect();
                QuestionKind::Fill {
                    answer: vec![Blank(alts)],
                }
            }
            "matching" => {
                let mut left = Vec::new();
                let mut right: Vec<String> = Vec::new();
                let mut key = Vec::new();
                for sq in q.children("subquestion") {
                    let l = sq.plain();
                    let r = sq.child("answer").map(El::plain).unwrap_or_default();
                    let ri = right.iter().position(|x| *x == r).unwrap_or_else(|| {
                        right.push(r);
                        right.len() - 1
                    });
                    if !l.is_empty() {
                        left.push(l);
                        key.push(ri as u8);
                    }
                }
                QuestionKind::Match {
                    left,
                    right,
                    answer: Letters(key),
                }
            }
            other => {
                rep.add(
                    pos,
                    Code::Unsupported,
                    format!("Moodle 题型“{other}”在考堂中没有对应题型"),
                );
                continue;
            }
        };
        let stem = if matches!(kind, QuestionKind::Fill { .. }) {
            stem_with_blank(&stem)
        } else {
            stem
        };
        let mut d = Draft::new(pos, kind, stem);
        d.id = q
            .child("idnumber")
            .map(|i| i.text.trim().to_owned())
            .filter(|s| !s.is_empty())
            .or_else(|| {
                q.text_of("name").filter(|n| {
                    n.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                })
            });
        d.explanation = q.text_of("generalfeedback");
        d.tags = q
            .child("tags")
            .map(|t| t.children("tag").map(El::plain).collect())
            .unwrap_or_default();
        d.period = category;
        drafts.push(d);
    }
    drafts
}

fn xml_esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `<tag><text><![CDATA[<p>…</p>]]></text></tag>`: HTML, as Moodle writes it.
fn html_text(s: &str) -> String {
    let body = xml_esc(s).replace('\n', "<br>");
    format!("<text><![CDATA[<p>{body}</p>]]></text>")
}

fn answer(fraction: &str, text: &str) -> String {
    format!(
        "    <answer fraction=\"{fraction}\" format=\"html\">{}<feedback format=\"html\"><text></text></feedback></answer>\n",
        html_text(text)
    )
}

pub(crate) fn export(bank: &Bank) -> Exported {
    let mut out = Exported::default();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    let mut category = None;
    for q in &bank.questions {
        let (qtype, body) = match &q.kind {
            QuestionKind::Single { options, answer: a }
            | QuestionKind::Multiple { options, answer: a } => {
                let single = matches!(q.kind, QuestionKind::Single { .. });
                let right = format!("{:.5}", 100.0 / a.0.len().max(1) as f64);
                let right = right.trim_end_matches('0').trim_end_matches('.').to_owned();
                let wrong = if single { "0" } else { "-100" };
                let mut b = format!(
                    "    <single>{single}</single>\n    <shuffleanswers>true</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n"
                );
                for (i, o) in options.iter().enumerate() {
                    let f = if a.0.contains(&(i as u8)) {
                        right.as_str()
                    } else {
                        wrong
                    };
                    b.push_str(&answer(f, o));
                }
                ("multichoice", b)
            }
            QuestionKind::Judge { answer: a } => {
                let (t, f) = if *a { ("100", "0") } else { ("0", "100") };
                (
                    "truefalse",
                    format!(
                        "    <answer fraction=\"{t}\" format=\"moodle_auto_format\"><text>true</text></answer>\n    <answer fraction=\"{f}\" format=\"moodle_auto_format\"><text>false</text></answer>\n"
                    ),
                )
            }
            QuestionKind::Fill { answer: blanks } => {
                let [Blank(alts)] = blanks.as_slice() else {
                    out.skipped
                        .push(skip(q, "Moodle XML 的简答题只有一个空，多空填空题无法表达"));
                    continue;
                };
                let mut b = String::from("    <usecase>0</usecase>\n");
                for a in alts {
                    b.push_str(&answer("100", a));
                }
                ("shortanswer", b)
            }
            QuestionKind::Match {
                left,
                right,
                answer: a,
            } => {
                let mut b = String::from("    <shuffleanswers>true</shuffleanswers>\n");
                for (l, &r) in left.iter().zip(&a.0) {
                    let r = right.get(usize::from(r)).map_or("", String::as_str);
                    b.push_str(&format!(
                        "    <subquestion format=\"html\">{}<answer><text>{}</text></answer></subquestion>\n",
                        html_text(l),
                        xml_esc(r)
                    ));
                }
                for (i, r) in right.iter().enumerate() {
                    if !a.0.contains(&(i as u8)) {
                        b.push_str(&format!(
                            "    <subquestion format=\"html\"><text></text><answer><text>{}</text></answer></subquestion>\n",
                            xml_esc(r)
                        ));
                    }
                }
                ("matching", b)
            }
            QuestionKind::Order { .. } => {
                out.skipped.push(skip(q, "Moodle 标准题型中没有排序题"));
                continue;
            }
        };
        if category != Some(q.period) {
            category = Some(q.period);
            x.push_str(&format!(
                "  <question type=\"category\">\n    <category><text>$course$/top/{}</text></category>\n  </question>\n",
                q.period.name()
            ));
        }
        x.push_str(&format!(
            "  <question type=\"{qtype}\">\n    <name><text>{id}</text></name>\n    <questiontext format=\"html\">{stem}</questiontext>\n    <generalfeedback format=\"html\">{expl}</generalfeedback>\n    <defaultgrade>1</defaultgrade>\n    <penalty>0</penalty>\n    <hidden>0</hidden>\n    <idnumber>{id}</idnumber>\n{body}",
            id = xml_esc(&q.id.0),
            stem = html_text(&q.stem),
            expl = html_text(&q.explanation),
        ));
        if !q.tags.is_empty() {
            x.push_str("    <tags>\n");
            for t in &q.tags {
                x.push_str(&format!("      <tag><text>{}</text></tag>\n", xml_esc(t)));
            }
            x.push_str("    </tags>\n");
        }
        x.push_str("  </question>\n");
    }
    x.push_str("</quiz>\n");
    out.text = x;
    out
}
