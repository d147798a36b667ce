//! The CSV template of Chinese exam platforms (题型, 题干, 选项A … 选项H, 答案, 解析, 难度,
//! 标签/知识点, 出处), plus kaotang's optional columns (编号, 时期, 提示, 章节, 页码, 事件日期).
//!
//! Rows are counted as a spreadsheet shows them: the header is row 1. Answers are letters
//! (`ABD`, `A,B,D`, `A、B`), 对/错 (also 正确/错误, 是/否, √/×, T/F) for judge questions, and
//! for fill-in questions blanks separated by `||` with alternatives separated by `|` or `；`.
//! Order questions list their items in the option columns and the order as letters; match
//! questions write each pair as `左项 → 右项` in an option column, and a distractor as
//! `→ 右项`.

use super::{
    Draft, DraftSource, Exported, Report, Skipped, control_char, parse_judge, period_named,
    source_title,
};
use crate::bank::{Bank, Blank, Code, Letters, MAX_CHOICES, Period, Pos, QuestionKind};
use crate::time::Date;

/// A column the template knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Id,
    Type,
    Stem,
    Option(usize),
    Answer,
    Explanation,
    Difficulty,
    Tags,
    Source,
    Chapter,
    Page,
    Period,
    Hint,
    EventDate,
}

impl Col {
    fn from_header(h: &str) -> Option<Col> {
        let h: String = h
            .trim_start_matches('\u{FEFF}')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        Some(match h.as_str() {
            "编号" | "题号" | "ID" | "id" => Col::Id,
            "题型" | "试题类型" | "题目类型" | "类型" => Col::Type,
            "题干" | "题目" | "试题内容" | "题目内容" | "试题" => Col::Stem,
            "答案" | "正确答案" | "参考答案" | "标准答案" => Col::Answer,
            "解析" | "答案解析" | "试题解析" => Col::Explanation,
            "难度" | "难易程度" | "难易度" => Col::Difficulty,
            "标签" | "知识点" | "标签/知识点" => Col::Tags,
            "出处" | "来源" => Col::Source,
            "章节" => Col::Chapter,
            "页码" => Col::Page,
            "时期" => Col::Period,
            "提示" => Col::Hint,
            "事件日期" => Col::EventDate,
            other => {
                let l = other.strip_prefix("选项").unwrap_or(other);
                let mut cs = l.chars();
                match (cs.next(), cs.next()) {
                    (Some(c @ 'A'..='H'), None) => Col::Option(c as usize - 'A' as usize),
                    (Some(c @ 'a'..='h'), None) => Col::Option(c as usize - 'a' as usize),
                    _ => return None,
                }
            }
        })
    }

    fn label(self) -> String {
        match self {
            Col::Id => "编号".into(),
            Col::Type => "题型".into(),
            Col::Stem => "题干".into(),
            Col::Option(i) => format!("选项{}", crate::bank::letter(i)),
            Col::Answer => "答案".into(),
            Col::Explanation => "解析".into(),
            Col::Difficulty => "难度".into(),
            Col::Tags => "标签".into(),
            Col::Source => "出处".into(),
            Col::Chapter => "章节".into(),
            Col::Page => "页码".into(),
            Col::Period => "时期".into(),
            Col::Hint => "提示".into(),
            Col::EventDate => "事件日期".into(),
        }
    }
}

/// The type names of the template (and kaotang's own keys).
fn question_type(s: &str) -> Option<crate::bank::QuestionType> {
    use crate::bank::QuestionType as T;
    Some(match s.trim() {
        "单选" | "单选题" | "单项选择" | "单项选择题" | "single" => T::Single,
        "多选" | "多选题" | "多项选择" | "多项选择题" | "不定项选择题" | "multiple" => {
            T::Multiple
        }
        "判断" | "判断题" | "judge" => T::Judge,
        "填空" | "填空题" | "fill" => T::Fill,
        "排序" | "排序题" | "order" => T::Order,
        "配对" | "配对题" | "连线题" | "匹配题" | "match" => T::Match,
        _ => return None,
    })
}

/// 易/中/难 words and digits.
fn difficulty(s: &str) -> Option<u8> {
    Some(match s.trim() {
        "易" | "简单" | "容易" => 1,
        "较易" | "较简单" => 2,
        "中" | "中等" | "一般" => 3,
        "较难" => 4,
        "难" | "困难" => 5,
        d => d.parse().ok()?,
    })
}

/// `1921-07-23`, `1921/7/23` or `1921-7-23`.
fn date(s: &str) -> Option<Date> {
    let parts: Vec<&str> = s.trim().split(['-', '/', '.']).collect();
    match parts.as_slice() {
        [y, m, d] => format!("{y:0>4}-{m:0>2}-{d:0>2}").parse().ok(),
        _ => None,
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ';', '；', '|'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Fill answers: blanks by `||`, alternatives by `|` or `；`.
fn blanks(s: &str) -> Vec<Blank> {
    s.split("||")
        .map(|b| {
            Blank(
                b.split(['|', '；'])
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect(),
            )
        })
        .collect()
}

const ARROWS: [&str; 2] = ["→", "->"];

pub(crate) fn parse(text: &str, rep: &mut Report) -> Vec<Draft> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            rep.add(
                Pos { line: 1, column: 1 },
                Code::Syntax,
                format!("无法读取表头：{e}"),
            );
            return Vec::new();
        }
        None => {
            rep.add(
                Pos { line: 1, column: 1 },
                Code::EmptyText,
                "文件为空，没有表头",
            );
            return Vec::new();
        }
    };
    let mut cols: Vec<Option<Col>> = Vec::with_capacity(header.len());
    for (i, h) in header.iter().enumerate() {
        let pos = Pos {
            line: 1,
            column: i as u32 + 1,
        };
        let c = Col::from_header(h);
        match c {
            Some(c) if cols.contains(&Some(c)) => {
                rep.add(pos, Code::DuplicateKey, format!("表头“{}”重复", c.label()));
                cols.push(None);
            }
            Some(c) => cols.push(Some(c)),
            None => {
                if !h.trim().is_empty() {
                    rep.note(format!("忽略未知列“{}”（第 {} 列）", h.trim(), i + 1));
                }
                cols.push(None);
            }
        }
    }
    let mut missing = false;
    for need in [Col::Type, Col::Stem, Col::Answer] {
        if !cols.contains(&Some(need)) {
            rep.add(
                Pos { line: 1, column: 1 },
                Code::MissingField,
                format!(
                    "表头缺少“{}”列（模板列：题型、题干、选项A…选项H、答案、解析、难度、标签、出处）",
                    need.label()
                ),
            );
            missing = true;
        }
    }
    if missing {
        return Vec::new();
    }
    let mut drafts = Vec::new();
    for (n, rec) in records.enumerate() {
        let row = n as u32 + 2;
        match rec {
            Ok(rec) => {
                if rec.iter().all(|c| c.trim().is_empty()) {
                    continue;
                }
                if let Some((col, c)) = rec
                    .iter()
                    .enumerate()
                    .find_map(|(i, cell)| control_char(cell).map(|c| (i, c)))
                {
                    let name = cols
                        .get(col)
                        .copied()
                        .flatten()
                        .map_or_else(String::new, |c| format!("（{}）", c.label()));
                    rep.add(
                        Pos {
                            line: row,
                            column: col as u32 + 1,
                        },
                        Code::Syntax,
                        format!(
                            "第 {} 列{name}含有控制字符 U+{:04X}，请在表格中删除",
                            col + 1,
                            u32::from(c)
                        ),
                    );
                    continue;
                }
                let cells = Row {
                    row,
                    cols: &cols,
                    rec: &rec,
                };
                if let Some(d) = cells.draft(rep) {
                    drafts.push(d);
                }
            }
            Err(e) => rep.add(
                Pos {
                    line: row,
                    column: 1,
                },
                Code::Syntax,
                format!("无法读取此行：{e}"),
            ),
        }
    }
    drafts
}

struct Row<'r> {
    row: u32,
    cols: &'r [Option<Col>],
    rec: &'r ::csv::StringRecord,
}

impl Row<'_> {
    fn index(&self, col: Col) -> Option<usize> {
        self.cols.iter().position(|c| *c == Some(col))
    }

    fn get(&self, col: Col) -> Option<&str> {
        self.index(col)
            .and_then(|i| self.rec.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn pos(&self, col: Col) -> Pos {
        Pos {
            line: self.row,
            column: self.index(col).map_or(1, |i| i as u32 + 1),
        }
    }

    fn error(&self, rep: &mut Report, col: Col, code: Code, msg: impl AsRef<str>) {
        rep.add(
            self.pos(col),
            code,
            format!("“{}”列：{}", col.label(), msg.as_ref()),
        );
    }

    /// The non-empty option cells, in order; a gap before a filled cell is an error.
    fn options(&self, rep: &mut Report) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut gap = None;
        for i in 0..MAX_CHOICES {
            match self.get(Col::Option(i)) {
                Some(v) => {
                    if let Some(g) = gap {
                        self.error(
                            rep,
                            Col::Option(i),
                            Code::OptionCount,
                            format!("{} 为空，但其后的选项有内容", Col::Option(g).label()),
                        );
                        return None;
                    }
                    out.push(v.to_owned());
                }
                None => gap = gap.or(Some(i)),
            }
        }
        Some(out)
    }

    fn letters(&self, rep: &mut Report, answer: &str) -> Option<Letters> {
        match Letters::parse(answer) {
            Some(l) if !l.0.is_empty() => Some(l),
            _ => {
                self.error(
                    rep,
                    Col::Answer,
                    Code::AnswerOutOfRange,
                    format!("答案“{answer}”应为选项字母（如 B、ABD、A,B,D 或 A、B）"),
                );
                None
            }
        }
    }

    fn draft(&self, rep: &mut Report) -> Option<Draft> {
        use crate::bank::QuestionType as T;
        let before = rep.count();
        let Some(type_text) = self.get(Col::Type) else {
            self.error(rep, Col::Type, Code::MissingField, "题型为空");
            return None;
        };
        let Some(t) = question_type(type_text) else {
            self.error(
                rep,
                Col::Type,
                Code::UnknownType,
                format!("未知题型“{type_text}”，应为单选、多选、判断、填空、排序或配对"),
            );
            return None;
        };
        let stem = self.get(Col::Stem).unwrap_or_default().to_owned();
        // A match question's key is in its pairs.
        let answer = self.get(Col::Answer).unwrap_or_default();
        if answer.is_empty() && t != T::Match {
            self.error(rep, Col::Answer, Code::MissingField, "答案为空");
            return None;
        }
        let kind = match t {
            T::Single | T::Multiple | T::Order => {
                let options = self.options(rep)?;
                let mut a = self.letters(rep, answer)?;
                match t {
                    T::Single => QuestionKind::Single { options, answer: a },
                    T::Multiple => {
                        a.0.sort_unstable();
                        QuestionKind::Multiple { options, answer: a }
                    }
                    _ => QuestionKind::Order {
                        items: options,
                        answer: a,
                    },
                }
            }
            T::Judge => match parse_judge(answer) {
                Some(b) => QuestionKind::Judge { answer: b },
                None => {
                    self.error(
                        rep,
                        Col::Answer,
                        Code::JudgeNotBoolean,
                        format!("判断题的答案应为 对/错（或 正确/错误、是/否、√/×、T/F），实际为“{answer}”"),
                    );
                    return None;
                }
            },
            T::Fill => QuestionKind::Fill {
                answer: blanks(answer),
            },
            T::Match => self.pairs(rep)?,
        };
        let mut d = Draft::new(self.pos(Col::Type), kind, stem);
        d.id = self.get(Col::Id).map(str::to_owned);
        d.explanation = self.get(Col::Explanation).map(str::to_owned);
        d.hint = self.get(Col::Hint).map(str::to_owned);
        d.tags = self.get(Col::Tags).map(split_list).unwrap_or_default();
        if let Some(s) = self.get(Col::Difficulty) {
            match difficulty(s) {
                Some(v) => d.difficulty = Some(v),
                None => self.error(
                    rep,
                    Col::Difficulty,
                    Code::DifficultyRange,
                    format!("难度“{s}”应为 1–5 或 易/较易/中等/较难/难"),
                ),
            }
        }
        if let Some(s) = self.get(Col::Period) {
            match period_named(s) {
                Some(p) => d.period = Some(p),
                None => self.error(
                    rep,
                    Col::Period,
                    Code::UnknownPeriod,
                    format!(
                        "未知的时期“{s}”，应为：{}",
                        Period::ALL.map(Period::name).join("、")
                    ),
                ),
            }
        }
        if let Some(s) = self.get(Col::EventDate) {
            match date(s) {
                Some(v) => d.event_date = Some(v),
                None => self.error(
                    rep,
                    Col::EventDate,
                    Code::BadDate,
                    format!("日期“{s}”应写作 1921-07-23"),
                ),
            }
        }
        if let Some(s) = self.get(Col::Source) {
            d.source = Some(source_cell(s, self.get(Col::Chapter), self.get(Col::Page)));
        }
        (rep.count() == before).then_some(d)
    }

    /// Match pairs from the option cells: `左 → 右`, and `→ 右` for a distractor.
    fn pairs(&self, rep: &mut Report) -> Option<QuestionKind> {
        let cells = self.options(rep)?;
        let mut left = Vec::new();
        let mut right = Vec::new();
        let mut extra = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            let Some((l, r)) = ARROWS.iter().find_map(|a| c.split_once(a)) else {
                self.error(
                    rep,
                    Col::Option(i),
                    Code::MalformedMatch,
                    format!("配对题的选项应写作“左项 → 右项”（干扰项写作“→ 右项”），实际为“{c}”"),
                );
                return None;
            };
            let (l, r) = (l.trim(), r.trim().to_owned());
            if l.is_empty() {
                extra.push(r);
            } else {
                left.push(l.to_owned());
                right.push(r);
            }
        }
        let answer = Letters((0..left.len() as u8).collect());
        right.extend(extra);
        Some(QuestionKind::Match {
            left,
            right,
            answer,
        })
    }
}

/// `中国共产党简史`, `《中国共产党简史》第二章` (the chapter may also come from its own column).
fn source_cell(s: &str, chapter: Option<&str>, page: Option<&str>) -> DraftSource {
    let (name, rest) = match s.strip_prefix('《').and_then(|r| r.split_once('》')) {
        Some((title, rest)) => (title.trim(), rest.trim()),
        None => (s, ""),
    };
    let chapter = chapter
        .map(str::to_owned)
        .or_else(|| (!rest.is_empty()).then(|| rest.to_owned()));
    DraftSource {
        name: name.to_owned(),
        chapter,
        page: page.map(str::to_owned),
    }
}

const HEADER: [&str; 21] = [
    "编号",
    "题型",
    "题干",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "选项E",
    "选项F",
    "选项G",
    "选项H",
    "答案",
    "解析",
    "难度",
    "标签",
    "出处",
    "章节",
    "页码",
    "时期",
    "提示",
    "事件日期",
];

/// Writes the template with kaotang's extra columns, starting with a UTF-8 byte-order mark so
/// that Excel reads it as UTF-8.
pub(crate) fn export(bank: &Bank) -> Exported {
    let mut out = Exported::default();
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    for q in &bank.questions {
        let mut cells: Vec<String> = vec![String::new(); HEADER.len()];
        let (choices, answer) = match &q.kind {
            QuestionKind::Single { options, answer }
            | QuestionKind::Multiple { options, answer }
            | QuestionKind::Order {
                items: options,
                answer,
            } => (options.clone(), answer.to_string()),
            QuestionKind::Judge { answer } => {
                (Vec::new(), (if *answer { "对" } else { "错" }).into())
            }
            QuestionKind::Fill { answer } => {
                if answer
                    .iter()
                    .flat_map(|b| &b.0)
                    .any(|a| a.contains(['|', '；']))
                {
                    out.skipped
                        .push(skip(q, "填空答案含分隔符 | 或 ；，CSV 模板无法表达"));
                    continue;
                }
                let text = answer
                    .iter()
                    .map(|b| b.0.join("|"))
                    .collect::<Vec<_>>()
                    .join("||");
                (Vec::new(), text)
            }
            QuestionKind::Match {
                left,
                right,
                answer,
            } => {
                if left
                    .iter()
                    .chain(right)
                    .any(|t| ARROWS.iter().any(|a| t.contains(a)))
                {
                    out.skipped
                        .push(skip(q, "配对题的文字含箭头（→ 或 ->），CSV 模板无法表达"));
                    continue;
                }
                let mut cells: Vec<String> = left
                    .iter()
                    .zip(&answer.0)
                    .map(|(l, &r)| {
                        format!(
                            "{l} → {}",
                            right.get(usize::from(r)).map_or("", String::as_str)
                        )
                    })
                    .collect();
                cells.extend(
                    right
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| !answer.0.contains(&(*i as u8)))
                        .map(|(_, r)| format!("→ {r}")),
                );
                (cells, String::new())
            }
        };
        if q.tags
            .iter()
            .any(|t| t.contains([',', '，', '、', ';', '；', '|']))
        {
            out.skipped
                .push(skip(q, "标签含分隔符（，、；|），CSV 模板无法表达"));
            continue;
        }
        cells[0] = q.id.0.clone();
        cells[1] = q.qtype().label().to_owned();
        cells[2] = q.stem.clone();
        for (i, c) in choices.into_iter().enumerate() {
            if let Some(cell) = cells.get_mut(3 + i) {
                *cell = c;
            }
        }
        cells[11] = answer;
        cells[12] = q.explanation.clone();
        cells[13] = q.difficulty.to_string();
        cells[14] = q.tags.join("、");
        cells[15] = source_title(bank, &q.source.source).to_owned();
        cells[16] = q.source.chapter.clone().unwrap_or_default();
        cells[17] = q.source.page.clone().unwrap_or_default();
        cells[18] = q.period.name().to_owned();
        cells[19] = q.hint.clone().unwrap_or_default();
        cells[20] = q.event_date.map(|d| d.to_string()).unwrap_or_default();
        let _ = w.write_record(&cells);
    }
    let bytes = w.into_inner().unwrap_or_default();
    out.text = format!("\u{FEFF}{}", String::from_utf8_lossy(&bytes));
    out
}

pub(crate) fn skip(q: &crate::bank::Question, message: &str) -> Skipped {
    Skipped {
        id: q.id.clone(),
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_words() {
        assert_eq!(Col::from_header("\u{FEFF}题型"), Some(Col::Type));
        assert_eq!(Col::from_header("选项 C"), Some(Col::Option(2)));
        assert_eq!(Col::from_header("知识点"), Some(Col::Tags));
        assert_eq!(Col::from_header("备注"), None);
        assert_eq!(difficulty("较难"), Some(4));
        assert_eq!(
            period_named("新民主主义革命"),
            Some(Period::NewDemocraticRevolution)
        );
        assert_eq!(
            date("1921/7/23").map(|d| d.to_string()).as_deref(),
            Some("1921-07-23")
        );
        assert_eq!(
            blanks("1978|一九七八||北京；北平"),
            vec![
                Blank(vec!["1978".into(), "一九七八".into()]),
                Blank(vec!["北京".into(), "北平".into()])
            ]
        );
        let s = source_cell("《中国共产党简史》第二章", None, None);
        assert_eq!(
            (s.name.as_str(), s.chapter.as_deref()),
            ("中国共产党简史", Some("第二章"))
        );
    }
}
