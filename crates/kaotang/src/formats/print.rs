//! Printable papers (纸质试卷) for members who study on paper: HTML with print CSS (A4, page
//! numbers, a space for name and unit, an answer grid, large print) and Markdown, and the key
//! with explanations as a separate document.
//!
//! The input is a [`PrintPaper`]: sections of questions, each with the option order it is
//! presented in. A practice paper drawn from a bank comes from [`practice_paper`]; a contest
//! paper converts to it by copying its sections and its recorded shuffles.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::bank::{BankSet, Question, QuestionKind, QuestionType, letter};
use crate::contest::{Assembly, Form};
use crate::grade::MultiPolicy;
use crate::rng::SeedRng;

/// A paper to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintPaper {
    /// Title (e.g. 党史知识竞赛初赛试卷).
    pub title: String,
    /// A line under the title (organizer, date …).
    pub subtitle: Option<String>,
    /// Time allowed, in minutes.
    pub duration_minutes: Option<u32>,
    /// Lines of instructions (考生须知), printed under the header.
    pub instructions: Vec<String>,
    /// Sections in order; questions are numbered continuously across them.
    pub sections: Vec<PrintSection>,
}

/// A section of a paper (一、单选题 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintSection {
    /// Title without its number (e.g. 单选题).
    pub title: String,
    /// Points for each question.
    pub points_each: u32,
    /// The questions, in the order printed.
    pub questions: Vec<PrintItem>,
}

/// A question as presented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintItem {
    /// The question, with its key against the authored order.
    pub question: Question,
    /// The presented order: entry `j` is the authored index shown at letter `j` of the options
    /// (single, multiple), items (order) or right column (match). Empty: as authored.
    pub order: Vec<usize>,
}

impl PrintItem {
    /// Presented choices (options, items, or a match's right column).
    fn presented(&self) -> Vec<&str> {
        let authored: &[String] = match &self.question.kind {
            QuestionKind::Match { right, .. } => right,
            _ => self.question.choices(),
        };
        if self.order.len() == authored.len() {
            self.order
                .iter()
                .filter_map(|&i| authored.get(i).map(String::as_str))
                .collect()
        } else {
            authored.iter().map(String::as_str).collect()
        }
    }

    /// The presented letter of authored index `i`.
    fn shown(&self, i: u8) -> char {
        let i = usize::from(i);
        letter(self.order.iter().position(|&o| o == i).unwrap_or(i))
    }

    /// The key as printed: presented letters, 对/错, or the blanks' answers.
    pub fn key(&self) -> String {
        match &self.question.kind {
            QuestionKind::Single { answer, .. } | QuestionKind::Multiple { answer, .. } => {
                let mut l: Vec<char> = answer.0.iter().map(|&i| self.shown(i)).collect();
                l.sort_unstable();
                l.into_iter().collect()
            }
            QuestionKind::Order { answer, .. } | QuestionKind::Match { answer, .. } => {
                answer.0.iter().map(|&i| self.shown(i)).collect()
            }
            QuestionKind::Judge { answer } => (if *answer { "√" } else { "×" }).to_owned(),
            QuestionKind::Fill { answer } => answer
                .iter()
                .map(|b| b.0.join(" / "))
                .collect::<Vec<_>>()
                .join("；"),
        }
    }
}

/// Which document to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Document {
    /// The paper, without answers.
    #[default]
    Paper,
    /// The key with explanations (参考答案与解析).
    Key,
}

/// How to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PrintOptions {
    /// Paper or key.
    pub document: Document,
    /// Large print for older members: 16 pt body text (12 pt otherwise) and wider spacing.
    pub large_print: bool,
}

/// How to draw a practice paper.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PracticeOptions {
    /// Title.
    pub title: String,
    /// How many questions (fewer when fewer are given).
    pub count: usize,
    /// Seed for the draw and the option shuffles: the same seed gives the same paper.
    pub seed: u64,
    /// Shuffle the options of each question.
    pub shuffle_options: bool,
}

impl Default for PracticeOptions {
    fn default() -> Self {
        Self {
            title: "党史知识练习卷".to_owned(),
            count: 20,
            seed: 0,
            shuffle_options: true,
        }
    }
}

/// Points each for a practice section, by type.
fn points(t: QuestionType) -> u32 {
    match t {
        QuestionType::Judge => 1,
        QuestionType::Single | QuestionType::Fill => 2,
        QuestionType::Multiple | QuestionType::Order | QuestionType::Match => 3,
    }
}

/// Draws a practice paper from `questions`: `count` of them chosen by `seed`, grouped into one
/// section per type (单选、多选、判断、填空、排序、配对), options shuffled by the same seed.
///
/// ```
/// use kaotang::formats::print::{PracticeOptions, practice_paper};
/// let yaml = include_str!("../../../../tests/fixtures/banks/starter.yaml");
/// let bank = kaotang::bank::parse_bank("starter", yaml).bank.unwrap();
/// let opts = PracticeOptions { count: 5, seed: 7, ..Default::default() };
/// let paper = practice_paper(&bank.questions, &opts);
/// assert_eq!(paper.sections.iter().map(|s| s.questions.len()).sum::<usize>(), 5);
/// assert_eq!(paper, practice_paper(&bank.questions, &opts), "same seed, same paper");
/// ```
pub fn practice_paper(questions: &[Question], opts: &PracticeOptions) -> PrintPaper {
    let mut rng = SeedRng::derived(opts.seed, "print", "practice");
    let mut picked: Vec<usize> = rng.permutation(questions.len());
    picked.truncate(opts.count);
    picked.sort_unstable();
    let mut sections = Vec::new();
    for t in QuestionType::ALL {
        let items: Vec<PrintItem> = picked
            .iter()
            .filter_map(|&i| questions.get(i))
            .filter(|q| q.qtype() == t)
            .map(|q| {
                let n = match &q.kind {
                    QuestionKind::Match { right, .. } => right.len(),
                    _ => q.choices().len(),
                };
                let shuffle = opts.shuffle_options && t != QuestionType::Judge && n > 1;
                let mut qrng = SeedRng::derived(opts.seed, "print-options", &q.id.0);
                PrintItem {
                    question: q.clone(),
                    order: if shuffle {
                        qrng.permutation(n)
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();
        if !items.is_empty() {
            sections.push(PrintSection {
                title: t.label().to_owned(),
                points_each: points(t),
                questions: items,
            });
        }
    }
    let total: u32 = sections
        .iter()
        .map(|s| s.points_each * s.questions.len() as u32)
        .sum();
    PrintPaper {
        title: opts.title.clone(),
        subtitle: Some(format!("满分 {total} 分")),
        duration_minutes: None,
        instructions: vec![
            "请在答题卡上填写答案；选择题填写选项字母，判断题填写“√”或“×”。".to_owned(),
            "多选题少选、错选均不得分。".to_owned(),
        ],
        sections,
    }
}

/// A contest form as a printable paper, in the form's authored order: the same paper for every
/// participant who sits this form on paper. Questions missing from `set` are left out.
///
/// ```
/// use kaotang::bank::BankSet;
/// use kaotang::contest::{Blueprint, assemble};
/// use kaotang::formats::print::form_paper;
/// let yaml = include_str!("../../../../tests/fixtures/banks/starter.yaml");
/// let set = BankSet::load(&[("starter", yaml)]).unwrap();
/// let bp = Blueprint::from_yaml(
///     "title: 支部微考堂\ntime_limit_minutes: 10\nsections:\n  - { name: 单选题, filter: { types: [single] }, count: 2, points: 5 }\n",
/// ).unwrap();
/// let assembly = assemble(&set, &bp, 1).unwrap();
/// let paper = form_paper(&set, &assembly, &assembly.forms[0]);
/// assert_eq!(paper.sections[0].questions.len(), 2);
/// assert_eq!(paper.subtitle.as_deref(), Some("A 卷 · 满分 10 分"));
/// ```
pub fn form_paper(set: &BankSet, assembly: &Assembly, form: &Form) -> PrintPaper {
    let sections: Vec<PrintSection> = form
        .sections
        .iter()
        .map(|sec| PrintSection {
            title: sec.name.clone(),
            points_each: libm::round(sec.points).max(0.0) as u32,
            questions: sec
                .questions
                .iter()
                .filter_map(|id| set.question(id))
                .map(|q| PrintItem {
                    question: q.clone(),
                    order: Vec::new(),
                })
                .collect(),
        })
        .collect();
    let total: u32 = sections
        .iter()
        .map(|s| s.points_each * s.questions.len() as u32)
        .sum();
    let partial = form
        .sections
        .iter()
        .any(|s| !matches!(s.multi, MultiPolicy::AllOrNothing));
    PrintPaper {
        title: assembly.title.clone(),
        subtitle: Some(format!("{} 卷 · 满分 {total} 分", form.label)),
        duration_minutes: (assembly.time_limit_minutes > 0).then_some(assembly.time_limit_minutes),
        instructions: vec![
            "请在答题卡上填写答案；选择题填写选项字母，判断题填写“√”或“×”。".to_owned(),
            if partial {
                "多选题少选按比例得分，错选不得分。"
            } else {
                "多选题少选、错选均不得分。"
            }
            .to_owned(),
        ],
        sections,
    }
}

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

fn section_heading(i: usize, s: &PrintSection) -> String {
    let n = NUMERALS.get(i).copied().unwrap_or("十");
    let total = s.points_each * s.questions.len() as u32;
    format!(
        "{n}、{}（共 {} 题，每题 {} 分，共 {total} 分）",
        s.title,
        s.questions.len(),
        s.points_each
    )
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// Renders a paper or its key as a standalone HTML page for printing on A4.
///
/// ```
/// use kaotang::formats::print::{PracticeOptions, PrintOptions, html, practice_paper};
/// let yaml = include_str!("../../../../tests/fixtures/banks/starter.yaml");
/// let bank = kaotang::bank::parse_bank("starter", yaml).bank.unwrap();
/// let paper = practice_paper(&bank.questions, &PracticeOptions::default());
/// let page = html(&paper, &PrintOptions { large_print: true, ..Default::default() });
/// assert!(page.contains("size: A4") && page.contains("font-size: 16pt"));
/// assert!(page.contains("姓名") && page.contains("答题卡"));
/// ```
pub fn html(paper: &PrintPaper, opts: &PrintOptions) -> String {
    let key = opts.document == Document::Key;
    let (body_pt, title_pt) = if opts.large_print { (16, 24) } else { (12, 18) };
    let mut h = String::with_capacity(16 * 1024);
    let title = if key {
        format!("{}（参考答案与解析）", paper.title)
    } else {
        paper.title.clone()
    };
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{t}</title>
<style>
@page {{
  size: A4;
  margin: 18mm 16mm 20mm 16mm;
  @bottom-center {{ content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 10pt; color: #444; }}
}}
html {{ font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif; font-size: {body_pt}pt; line-height: {lh}; color: #000; }}
body {{ margin: 0; }}
h1 {{ font-size: {title_pt}pt; text-align: center; margin: 0 0 4pt; letter-spacing: 0.1em; }}
.subtitle {{ text-align: center; margin: 0 0 8pt; }}
.who {{ display: flex; justify-content: space-between; border-top: 1.5pt solid #000; border-bottom: 1.5pt solid #000; padding: 6pt 0; margin-bottom: 8pt; }}
.who span {{ white-space: nowrap; }}
.line {{ display: inline-block; border-bottom: 1pt solid #000; width: 7em; }}
.line.short {{ width: 3.5em; }}
.instructions {{ margin: 0 0 10pt; padding-left: 1.5em; }}
h2 {{ font-size: {body_pt}pt; margin: 12pt 0 6pt; break-after: avoid; }}
.grid {{ border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; break-inside: avoid; table-layout: fixed; }}
.grid td {{ border: 1pt solid #000; text-align: center; padding: 0; }}
.grid tr.n td {{ background: #eee; font-size: 0.8em; height: 1.4em; }}
.grid tr.a td {{ height: 2.2em; }}
ol.q {{ list-style: none; padding: 0; margin: 0; }}
ol.q > li {{ margin: 0 0 8pt; break-inside: avoid; }}
.num {{ font-weight: bold; }}
.opts {{ display: flex; flex-wrap: wrap; gap: 2pt 1.5em; margin: 3pt 0 0 1.5em; }}
.opts span {{ min-width: 40%; }}
.match {{ display: flex; gap: 3em; margin: 3pt 0 0 1.5em; }}
.key {{ font-weight: bold; }}
.blank {{ display: inline-block; width: 6em; border-bottom: 1pt solid #000; margin: 0 0.2em; }}
.expl {{ margin: 2pt 0 0 1.5em; color: #222; }}
</style>
</head>
<body>
<h1>{t}</h1>
"#,
        t = esc(&title),
        lh = if opts.large_print { "1.8" } else { "1.6" },
    );
    let mut sub: Vec<String> = paper.subtitle.iter().map(|s| esc(s)).collect();
    if let Some(d) = paper.duration_minutes {
        sub.push(format!("考试时间 {d} 分钟"));
    }
    if !sub.is_empty() {
        let _ = writeln!(h, r#"<p class="subtitle">{}</p>"#, sub.join("　"));
    }
    let count: usize = paper.sections.iter().map(|s| s.questions.len()).sum();
    if !key {
        h.push_str(concat!(
            r#"<div class="who"><span>姓名：<span class="line"></span></span>"#,
            r#"<span>单位（支部）：<span class="line"></span></span>"#,
            r#"<span>得分：<span class="line short"></span></span></div>"#,
            "\n"
        ));
        if !paper.instructions.is_empty() {
            h.push_str(r#"<ol class="instructions">"#);
            for i in &paper.instructions {
                let _ = write!(h, "<li>{}</li>", esc(i));
            }
            h.push_str("</ol>\n");
        }
        answer_grid(&mut h, count, if opts.large_print { 8 } else { 10 });
    }
    let mut n = 0;
    for (si, s) in paper.sections.iter().enumerate() {
        let _ = writeln!(
            h,
            "<h2>{}</h2>\n<ol class=\"q\">",
            esc(&section_heading(si, s))
        );
        for item in &s.questions {
            n += 1;
            question_html(&mut h, n, item, key);
        }
        h.push_str("</ol>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// The answer grid (答题卡): numbered cells, `per_row` to a row.
fn answer_grid(h: &mut String, count: usize, per_row: usize) {
    if count == 0 {
        return;
    }
    h.push_str("<h2>答题卡</h2>\n<table class=\"grid\">\n");
    for start in (0..count).step_by(per_row) {
        let end = (start + per_row).min(count);
        h.push_str("<tr class=\"n\">");
        for i in start..start + per_row {
            if i < end {
                let _ = write!(h, "<td>{}</td>", i + 1);
            } else {
                h.push_str("<td></td>");
            }
        }
        h.push_str("</tr>\n<tr class=\"a\">");
        for _ in start..start + per_row {
            h.push_str("<td></td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");
}

/// The answer mark after a stem: none for fill (the blanks are in the stem) and match (each
/// left item has its own).
fn mark(t: QuestionType) -> &'static str {
    match t {
        QuestionType::Fill | QuestionType::Match => "",
        _ => "（　　）",
    }
}

/// The stem escaped, each blank drawn as a line wide enough to write on.
fn blanks_html(stem: &str) -> String {
    let mut out = String::with_capacity(stem.len() + 64);
    let mut rest = stem;
    while let Some(r) = super::first_blank(rest) {
        out.push_str(&esc(&rest[..r.start]));
        out.push_str(r#"<span class="blank"></span>"#);
        rest = &rest[r.end..];
    }
    out.push_str(&esc(rest));
    out
}

fn question_html(h: &mut String, n: usize, item: &PrintItem, key: bool) {
    let q = &item.question;
    let _ = write!(
        h,
        r#"<li><span class="num">{n}.</span> {}{}"#,
        blanks_html(&q.stem),
        mark(q.qtype())
    );
    match &q.kind {
        QuestionKind::Single { .. }
        | QuestionKind::Multiple { .. }
        | QuestionKind::Order { .. } => {
            h.push_str(r#"<div class="opts">"#);
            for (j, o) in item.presented().iter().enumerate() {
                let _ = write!(h, "<span>{}. {}</span>", letter(j), esc(o));
            }
            h.push_str("</div>");
        }
        QuestionKind::Match { left, .. } => {
            h.push_str(r#"<div class="match"><div>"#);
            for (j, l) in left.iter().enumerate() {
                let _ = write!(h, "{}. {}（　）<br>", j + 1, esc(l));
            }
            h.push_str("</div><div>");
            for (j, r) in item.presented().iter().enumerate() {
                let _ = write!(h, "{}. {}<br>", letter(j), esc(r));
            }
            h.push_str("</div></div>");
        }
        QuestionKind::Judge { .. } | QuestionKind::Fill { .. } => {}
    }
    if key {
        let _ = write!(
            h,
            r#"<div class="expl"><span class="key">答案：{}</span><br>解析：{}</div>"#,
            esc(&item.key()),
            esc(&q.explanation)
        );
    }
    h.push_str("</li>\n");
}

/// Markdown special characters escaped, so stems with `____` stay literal.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '|' | '#'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push_str("  \n");
        } else {
            out.push(c);
        }
    }
    out
}

/// Renders a paper or its key as Markdown (for editing in a word processor or sharing).
///
/// ```
/// use kaotang::formats::print::{Document, PracticeOptions, PrintOptions, markdown, practice_paper};
/// let yaml = include_str!("../../../../tests/fixtures/banks/starter.yaml");
/// let bank = kaotang::bank::parse_bank("starter", yaml).bank.unwrap();
/// let paper = practice_paper(&bank.questions, &PracticeOptions::default());
/// let key = markdown(&paper, &PrintOptions { document: Document::Key, ..Default::default() });
/// assert!(key.starts_with("# 党史知识练习卷（参考答案与解析）"));
/// ```
pub fn markdown(paper: &PrintPaper, opts: &PrintOptions) -> String {
    let key = opts.document == Document::Key;
    let mut m = String::with_capacity(8 * 1024);
    let _ = writeln!(
        m,
        "# {}{}\n",
        md(&paper.title),
        if key {
            "（参考答案与解析）"
        } else {
            ""
        }
    );
    let mut sub: Vec<String> = paper.subtitle.iter().map(|s| md(s)).collect();
    if let Some(d) = paper.duration_minutes {
        sub.push(format!("考试时间 {d} 分钟"));
    }
    if !sub.is_empty() {
        let _ = writeln!(m, "{}\n", sub.join("　"));
    }
    if !key {
        m.push_str("姓名：\\_\\_\\_\\_\\_\\_\\_\\_　单位（支部）：\\_\\_\\_\\_\\_\\_\\_\\_　得分：\\_\\_\\_\\_\n\n");
        for (i, line) in paper.instructions.iter().enumerate() {
            let _ = writeln!(m, "{}. {}", i + 1, md(line));
        }
        if !paper.instructions.is_empty() {
            m.push('\n');
        }
    }
    let mut n = 0;
    for (si, s) in paper.sections.iter().enumerate() {
        let _ = writeln!(m, "## {}\n", md(&section_heading(si, s)));
        for item in &s.questions {
            n += 1;
            let q = &item.question;
            let _ = writeln!(m, "{n}\\. {}{}\n", md(&q.stem), mark(q.qtype()));
            match &q.kind {
                QuestionKind::Match { left, .. } => {
                    for (j, l) in left.iter().enumerate() {
                        let _ = writeln!(m, "- {}. {}（　）", j + 1, md(l));
                    }
                    m.push('\n');
                    for (j, r) in item.presented().iter().enumerate() {
                        let _ = writeln!(m, "- {}. {}", letter(j), md(r));
                    }
                    m.push('\n');
                }
                _ => {
                    let shown = item.presented();
                    for (j, o) in shown.iter().enumerate() {
                        let _ = writeln!(m, "- {}. {}", letter(j), md(o));
                    }
                    if !shown.is_empty() {
                        m.push('\n');
                    }
                }
            }
            if key {
                let _ = writeln!(
                    m,
                    "**答案：{}**\n\n解析：{}\n",
                    md(&item.key()),
                    md(&q.explanation)
                );
            }
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::{Letters, Period, QuestionId, SourceRef};

    fn q(kind: QuestionKind) -> Question {
        Question {
            id: QuestionId::from("t-1"),
            kind,
            stem: "遵义会议在哪里召开？".into(),
            explanation: "在贵州遵义召开。".into(),
            hint: None,
            period: Period::NewDemocraticRevolution,
            tags: Vec::new(),
            difficulty: 1,
            source: SourceRef {
                source: "jianshi".into(),
                chapter: None,
                page: None,
            },
            event_date: None,
        }
    }

    #[test]
    fn the_key_follows_the_presented_order() {
        let item = PrintItem {
            question: q(QuestionKind::Multiple {
                options: vec!["瑞金".into(), "遵义".into(), "延安".into(), "贵州".into()],
                answer: Letters(vec![1, 3]),
            }),
            order: vec![2, 3, 0, 1],
        };
        assert_eq!(item.presented(), ["延安", "贵州", "瑞金", "遵义"]);
        assert_eq!(item.key(), "BD");
        let order = PrintItem {
            question: q(QuestionKind::Order {
                items: vec!["遵义会议".into(), "八七会议".into(), "古田会议".into()],
                answer: Letters(vec![1, 2, 0]),
            }),
            order: vec![2, 0, 1], // shown A=古田 B=遵义 C=八七
        };
        assert_eq!(order.key(), "CAB");
    }

    #[test]
    fn markdown_keeps_blanks_literal() {
        assert_eq!(md("____起义"), "\\_\\_\\_\\_起义");
    }
}
