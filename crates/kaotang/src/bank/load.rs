//! Reading one bank file into a [`Bank`], reporting every problem with its position.

use std::collections::HashSet;

use super::diagnostic::{Code, Diagnostic, Listed, MAX_ECHO, Pos, echo};
use super::model::{
    Bank, BankInfo, Blank, Event, Letters, MAX_CHOICES, Period, Question, QuestionId, QuestionKind,
    QuestionType, Reading, Source, SourceRef, letter,
};
use super::tree::{Fatal, Node, Reader, Value, Visitor};
use crate::text::{fold, han_count};
use crate::time::{Date, DateError};

/// Longest stem, in characters.
pub const MAX_STEM: usize = 500;
/// Longest option, item, title or tag, in characters.
pub const MAX_SHORT: usize = 200;
/// Longest explanation, hint, summary, in characters.
pub const MAX_LONG: usize = 2000;
/// Longest reading text, in characters.
pub const MAX_READING: usize = 5000;

/// A blank in a fill-in stem: a run of at least two underscores (ASCII `_` or full-width `＿`).
pub fn count_blanks(stem: &str) -> usize {
    let mut count = 0;
    let mut run = 0;
    for c in stem.chars().chain(std::iter::once('\0')) {
        if c == '_' || c == '＿' {
            run += 1;
        } else {
            if run >= 2 {
                count += 1;
            }
            run = 0;
        }
    }
    count
}

/// A bank file read with the positions of its items, for cross-file checks.
#[derive(Debug, Clone)]
pub struct ParsedBank {
    /// The origin name (usually the file path).
    pub origin: String,
    /// The bank, without the items that had errors. `None` when the file was unreadable
    /// or had no usable header.
    pub bank: Option<Bank>,
    /// Positions of `bank.questions`, in order.
    pub question_pos: Vec<Pos>,
    /// Positions of `bank.events`, in order.
    pub event_pos: Vec<Pos>,
    /// Positions of `bank.readings`, in order.
    pub reading_pos: Vec<Pos>,
    /// Position of the bank id.
    pub bank_pos: Pos,
    /// Every problem found in this file alone (at most [`super::MAX_LISTED`] and a count of
    /// the rest).
    pub diagnostics: Vec<Diagnostic>,
    /// How many items the file's `questions` lists hold, usable or not.
    pub questions_seen: usize,
    /// Ids (and positions) of questions left out for errors, so that an id used twice is
    /// reported even when one of its items is broken.
    pub rejected_ids: Vec<(QuestionId, Pos)>,
}

/// Reads one bank file from its bytes: UTF-8, with or without a byte-order mark. Other bytes
/// give a located E029 (with a hint when the file reads as GBK), and a file over
/// [`super::MAX_INPUT_BYTES`] is refused (E002) without being decoded.
///
/// ```
/// let gbk = b"bank: { id: demo, title: \xb5\xb3\xca\xb7 }\n";
/// let parsed = kaotang::bank::parse_bank_bytes("demo.yaml", gbk);
/// assert_eq!(parsed.diagnostics[0].code.as_str(), "E029");
/// assert_eq!(parsed.diagnostics[0].pos.line, 1);
/// assert!(parsed.diagnostics[0].message.contains("GBK"));
/// ```
pub fn parse_bank_bytes(origin: &str, bytes: &[u8]) -> ParsedBank {
    if bytes.len() > super::MAX_INPUT_BYTES {
        return ParsedBank::too_large(origin, bytes.len() as u64);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => parse_bank(origin, text),
        Err(e) => {
            let bad = e.valid_up_to();
            let line = 1 + memchr::memchr_iter(b'\n', &body[..bad]).count();
            let line_start = body[..bad]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let column = 1 + String::from_utf8_lossy(&body[line_start..bad])
                .chars()
                .count();
            let gbk = encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(body)
                .is_some();
            let hint = if gbk {
                "；文件看来是 GBK/GB18030 编码，可用 kaotang bank import --from json 或另存为 UTF-8 转换"
            } else {
                ""
            };
            ParsedBank::refused(
                origin,
                Diagnostic::new(
                    origin,
                    Pos {
                        line: u32::try_from(line).unwrap_or(u32::MAX),
                        column: u32::try_from(column).unwrap_or(u32::MAX),
                    },
                    Code::Encoding,
                    format!("题库文件应为 UTF-8 编码，此处的字节无法识别{hint}"),
                ),
            )
        }
    }
}

impl ParsedBank {
    /// A file of `len` bytes, over [`super::MAX_INPUT_BYTES`]: refused (E002) before it is
    /// read, so a huge file costs no memory.
    pub fn too_large(origin: &str, len: u64) -> Self {
        let message = super::tree::too_large(len);
        Self::refused(
            origin,
            Diagnostic::new(origin, Pos { line: 1, column: 1 }, Code::Refused, message),
        )
    }

    /// A file that could not be read at all, with the one diagnostic that says why.
    pub fn refused(origin: &str, diagnostic: Diagnostic) -> Self {
        Self {
            origin: origin.to_owned(),
            bank: None,
            question_pos: Vec::new(),
            event_pos: Vec::new(),
            reading_pos: Vec::new(),
            bank_pos: Pos { line: 1, column: 1 },
            diagnostics: vec![diagnostic],
            questions_seen: 0,
            rejected_ids: Vec::new(),
        }
    }
}

/// Reads one bank file (YAML, or JSON, which is read as YAML 1.2 flow syntax).
pub fn parse_bank(origin: &str, text: &str) -> ParsedBank {
    let mut v = BankVisitor {
        ctx: Ctx {
            origin,
            diags: Listed::default(),
            last: Pos { line: 1, column: 1 },
            pending_refs: Vec::new(),
        },
        info: None,
        bank_pos: Pos { line: 1, column: 1 },
        questions: Located::default(),
        events: Located::default(),
        readings: Located::default(),
        refs: Vec::new(),
        seen_keys: HashSet::new(),
        questions_seen: 0,
        rejected_ids: Vec::new(),
    };
    let result = Reader::new(text).and_then(|r| r.read(&mut v));
    let mut ctx = v.ctx;
    let end = ctx.last;
    let unusable = |diagnostics| ParsedBank {
        origin: origin.to_owned(),
        bank: None,
        question_pos: Vec::new(),
        event_pos: Vec::new(),
        reading_pos: Vec::new(),
        bank_pos: v.bank_pos,
        diagnostics,
        questions_seen: v.questions_seen,
        rejected_ids: v.rejected_ids.clone(),
    };
    if let Err(Fatal { pos, code, message }) = result {
        let mut diags = ctx.diags.finish(origin, end);
        diags.push(Diagnostic::new(origin, pos, code, message));
        return unusable(diags);
    }
    let Some(info) = v.info else {
        if !v.seen_keys.contains("bank") {
            ctx.error(
                Pos { line: 1, column: 1 },
                Code::MissingField,
                "缺少 bank 字段（题库的 id、标题和出处）",
            );
        }
        return unusable(ctx.diags.finish(origin, end));
    };
    // Source references are checked once the header is known (it may come after the items).
    let known: HashSet<&str> = info.sources.iter().map(|s| s.id.as_str()).collect();
    let mut bad_items = HashSet::new();
    for (pos, name, item) in &v.refs {
        if !known.contains(name.as_str()) {
            let list = if known.is_empty() {
                "bank.sources 为空".to_owned()
            } else {
                let mut ids: Vec<&str> = known.iter().copied().collect();
                ids.sort_unstable();
                format!("已声明的出处：{}", ids.join("、"))
            };
            ctx.error(
                *pos,
                Code::UnknownSource,
                format!("出处“{}”未在 bank.sources 中声明（{list}）", echo(name)),
            );
            if let Some(item) = item {
                bad_items.insert(*item);
            }
        }
    }
    let keep = |item: Item, i: usize| !bad_items.contains(&(item, i));
    let (questions, question_pos) = v.questions.keep(|i| keep(Item::Question, i));
    let (events, event_pos) = v.events.keep(|i| keep(Item::Event, i));
    let (readings, reading_pos) = v.readings.keep(|i| keep(Item::Reading, i));
    ParsedBank {
        origin: origin.to_owned(),
        bank: Some(Bank {
            bank: info,
            questions,
            events,
            readings,
        }),
        question_pos,
        event_pos,
        reading_pos,
        bank_pos: v.bank_pos,
        diagnostics: ctx.diags.finish(origin, end),
        questions_seen: v.questions_seen,
        rejected_ids: v.rejected_ids,
    }
}

/// Items with their positions, kept in two vectors so that nothing is copied on the way out.
struct Located<T> {
    items: Vec<T>,
    pos: Vec<Pos>,
}

impl<T> Default for Located<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            pos: Vec::new(),
        }
    }
}

impl<T> Located<T> {
    /// Adds an item and returns its index.
    fn push(&mut self, item: T, pos: Pos) -> usize {
        self.items.push(item);
        self.pos.push(pos);
        self.items.len() - 1
    }

    /// The items whose index passes `keep`, filtered in place.
    fn keep(mut self, keep: impl Fn(usize) -> bool) -> (Vec<T>, Vec<Pos>) {
        let mut i = 0;
        self.items.retain(|_| (keep(i), i += 1).0);
        let mut i = 0;
        self.pos.retain(|_| (keep(i), i += 1).0);
        (self.items, self.pos)
    }
}

/// A source reference, where it was written, and the accepted item (kind, index) citing it.
type PendingRef = (Pos, String, Option<(Item, usize)>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Item {
    Question,
    Event,
    Reading,
}

struct Ctx<'o> {
    origin: &'o str,
    diags: Listed,
    /// The position of the latest diagnostic, where the count of unlisted ones points.
    last: Pos,
    /// Source references met in the current item: checked once the header is known.
    pending_refs: Vec<(Pos, String)>,
}

impl Ctx<'_> {
    fn error(&mut self, pos: Pos, code: Code, message: impl Into<String>) {
        self.last = pos;
        self.diags
            .push(Diagnostic::new(self.origin, pos, code, message));
    }
}

struct BankVisitor<'o> {
    ctx: Ctx<'o>,
    info: Option<BankInfo>,
    bank_pos: Pos,
    questions: Located<Question>,
    events: Located<Event>,
    readings: Located<Reading>,
    /// (position, source id, the accepted item citing it) to check at the end.
    refs: Vec<PendingRef>,
    seen_keys: HashSet<String>,
    questions_seen: usize,
    rejected_ids: Vec<(QuestionId, Pos)>,
}

const TOP_KEYS: [&str; 4] = ["bank", "questions", "events", "readings"];

impl<'a> Visitor<'a> for BankVisitor<'_> {
    fn stream(&mut self, key: &Node<'a>) -> bool {
        let Some(name @ ("questions" | "events" | "readings")) = key.as_text() else {
            return false;
        };
        // A list given twice is still read (its items are checked), but never merged silently.
        if !self.seen_keys.insert(name.to_owned()) {
            self.ctx.error(
                key.pos,
                Code::DuplicateKey,
                format!("顶层字段“{name}”重复出现（同一列表只能写一次）"),
            );
        }
        true
    }

    fn value(&mut self, key: Node<'a>, value: Node<'a>) {
        let Some(name) = key.as_text() else {
            self.ctx
                .error(key.pos, Code::WrongShape, "顶层的键应为文字");
            return;
        };
        if !self.seen_keys.insert(name.to_owned()) {
            self.ctx.error(
                key.pos,
                Code::DuplicateKey,
                format!("字段“{}”重复出现", echo(name)),
            );
            return;
        }
        if name == "bank" {
            self.bank_pos = value.pos;
            self.info = bank_info(&mut self.ctx, &value);
        } else {
            self.ctx.error(
                key.pos,
                Code::UnknownField,
                format!(
                    "未知字段“{}”{}（顶层只能有 {}）",
                    echo(name),
                    suggest(name, &TOP_KEYS),
                    TOP_KEYS.join("、")
                ),
            );
        }
    }

    fn item(&mut self, key: &str, item: Node<'a>) {
        let pos = item.pos;
        let accepted = match key {
            "questions" => {
                self.questions_seen += 1;
                match question(&mut self.ctx, &item) {
                    Some(q) => Some((Item::Question, self.questions.push(q, pos))),
                    None => {
                        if let Some(id) = valid_id_of(&item) {
                            self.rejected_ids.push((QuestionId(id.to_owned()), pos));
                        }
                        None
                    }
                }
            }
            "events" => {
                event(&mut self.ctx, &item).map(|e| (Item::Event, self.events.push(e, pos)))
            }
            _ => reading(&mut self.ctx, &item).map(|r| (Item::Reading, self.readings.push(r, pos))),
        };
        for (p, name) in self.ctx.pending_refs.drain(..) {
            self.refs.push((p, name, accepted));
        }
    }

    fn not_a_list(&mut self, key: &Node<'a>, value: Node<'a>) {
        if value.is_null() {
            return; // `questions:` with nothing after it is an empty list
        }
        let name = key.as_text().unwrap_or_default();
        self.ctx.error(
            value.pos,
            Code::WrongShape,
            format!("“{name}”应为列表，实际为{}", value.describe()),
        );
    }
}

/// The `id` of an item when it is a well-formed id.
fn valid_id_of<'n>(item: &'n Node<'_>) -> Option<&'n str> {
    let Value::Map(entries) = &item.value else {
        return None;
    };
    let (_, v) = entries.iter().find(|(k, _)| k.as_text() == Some("id"))?;
    let s = v.as_text()?.trim();
    (!s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then_some(s)
}

/// "，是否想写“xxx”？" when a known key is one edit or a case change away.
fn suggest(name: &str, known: &[&str]) -> String {
    // Keys are short: a name more than two characters longer than all of them is no typo.
    if name.len() > 32 {
        return String::new();
    }
    let lower = name.to_lowercase();
    known
        .iter()
        .find(|k| **k == lower || edit_distance(k, &lower) <= 2)
        .map(|k| format!("，是否想写“{k}”？"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The entries of one mapping, with unknown and duplicate keys reported up front.
struct Fields<'n, 'a> {
    entries: &'n [(Node<'a>, Node<'a>)],
    pos: Pos,
}

impl<'n, 'a> Fields<'n, 'a> {
    /// `what` names the item in messages (e.g. “题目 xmz-001”).
    fn new(ctx: &mut Ctx<'_>, node: &'n Node<'a>, what: &str, allowed: &[&str]) -> Option<Self> {
        let Value::Map(entries) = &node.value else {
            ctx.error(
                node.pos,
                Code::WrongShape,
                format!("{what}应为映射（键: 值），实际为{}", node.describe()),
            );
            return None;
        };
        // Items have a dozen keys: a linear scan is fastest. A hostile mapping with
        // thousands of keys switches to a hash set, so the check stays linear.
        let mut seen = SeenKeys::new(entries.len());
        for (k, _) in entries {
            let Some(name) = k.as_text() else {
                ctx.error(k.pos, Code::WrongShape, format!("{what}的键应为文字"));
                continue;
            };
            if !seen.insert(name) {
                ctx.error(
                    k.pos,
                    Code::DuplicateKey,
                    format!("{what}的字段“{}”重复出现", echo(name)),
                );
            } else if !allowed.contains(&name) {
                ctx.error(
                    k.pos,
                    Code::UnknownField,
                    format!("{what}有未知字段“{}”{}", echo(name), suggest(name, allowed)),
                );
            }
        }
        Some(Self {
            entries,
            pos: node.pos,
        })
    }

    fn get(&self, key: &str) -> Option<&'n Node<'a>> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_text() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    fn require(&self, ctx: &mut Ctx<'_>, key: &str, what: &str) -> Option<&'n Node<'a>> {
        let v = self.get(key);
        if v.is_none() {
            let pos = self
                .entries
                .iter()
                .find(|(k, _)| k.as_text() == Some(key))
                .map_or(self.pos, |(_, v)| v.pos);
            ctx.error(pos, Code::MissingField, format!("{what}缺少字段“{key}”"));
        }
        v
    }
}

/// Keys met in one mapping.
enum SeenKeys<'n> {
    Few(Vec<&'n str>),
    Many(HashSet<&'n str>),
}

impl<'n> SeenKeys<'n> {
    fn new(n: usize) -> Self {
        if n <= 32 {
            SeenKeys::Few(Vec::with_capacity(n))
        } else {
            SeenKeys::Many(HashSet::with_capacity(n))
        }
    }

    /// Adds `key`; false when it was there already.
    fn insert(&mut self, key: &'n str) -> bool {
        match self {
            SeenKeys::Few(v) if v.contains(&key) => false,
            SeenKeys::Few(v) => {
                v.push(key);
                true
            }
            SeenKeys::Many(s) => s.insert(key),
        }
    }
}

fn text(ctx: &mut Ctx<'_>, node: &Node<'_>, what: &str, max: usize) -> Option<String> {
    let Some(s) = node.as_text() else {
        ctx.error(
            node.pos,
            Code::WrongShape,
            format!("{what}应为文字，实际为{}", node.describe()),
        );
        return None;
    };
    let trimmed = s.trim();
    if trimmed.is_empty() {
        ctx.error(node.pos, Code::EmptyText, format!("{what}为空"));
        return None;
    }
    let n = trimmed.chars().count();
    if n > max {
        ctx.error(
            node.pos,
            Code::TooLong,
            format!("{what}过长（{n} 字），上限为 {max} 字"),
        );
        return None;
    }
    Some(trimmed.to_owned())
}

fn required_text(
    ctx: &mut Ctx<'_>,
    f: &Fields<'_, '_>,
    key: &str,
    what: &str,
    max: usize,
) -> Option<String> {
    let node = f.require(ctx, key, what)?;
    text(ctx, node, &format!("{what}的“{key}”"), max)
}

fn optional_text(
    ctx: &mut Ctx<'_>,
    f: &Fields<'_, '_>,
    key: &str,
    what: &str,
    max: usize,
) -> Result<Option<String>, ()> {
    match f.get(key) {
        None => Ok(None),
        Some(node) => text(ctx, node, &format!("{what}的“{key}”"), max)
            .map(Some)
            .ok_or(()),
    }
}

fn text_list(ctx: &mut Ctx<'_>, node: &Node<'_>, what: &str, max: usize) -> Option<Vec<String>> {
    let Value::Seq(items) = &node.value else {
        ctx.error(
            node.pos,
            Code::WrongShape,
            format!("{what}应为列表，实际为{}", node.describe()),
        );
        return None;
    };
    let mut ok = true;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match text(ctx, item, what, max) {
            Some(s) => out.push(s),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn id(ctx: &mut Ctx<'_>, node: &Node<'_>, what: &str) -> Option<String> {
    let s = text(ctx, node, what, 64)?;
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        Some(s)
    } else {
        ctx.error(
            node.pos,
            Code::BadId,
            format!("{what}“{}”只能包含字母、数字、- 和 _", echo(&s)),
        );
        None
    }
}

fn int_in(
    ctx: &mut Ctx<'_>,
    node: &Node<'_>,
    what: &str,
    lo: i64,
    hi: i64,
    code: Code,
) -> Option<i64> {
    match node.as_int() {
        Some(n) if (lo..=hi).contains(&n) => Some(n),
        Some(n) => {
            ctx.error(
                node.pos,
                code,
                format!("{what}为 {n}，应在 {lo} 到 {hi} 之间"),
            );
            None
        }
        None => {
            let shown = node
                .as_text()
                .map_or_else(|| node.describe().to_owned(), |t| format!("“{}”", echo(t)));
            ctx.error(
                node.pos,
                Code::WrongShape,
                format!("{what}应为整数，实际为{shown}"),
            );
            None
        }
    }
}

fn date(ctx: &mut Ctx<'_>, node: &Node<'_>, what: &str) -> Option<Date> {
    let Some(s) = node.as_text() else {
        ctx.error(
            node.pos,
            Code::WrongShape,
            format!("{what}应为日期 YYYY-MM-DD，实际为{}", node.describe()),
        );
        return None;
    };
    if s.chars().count() > MAX_ECHO {
        ctx.error(
            node.pos,
            Code::BadDate,
            format!("{what}：“{}”不是 YYYY-MM-DD 格式的日期", echo(s)),
        );
        return None;
    }
    match s.parse::<Date>() {
        Ok(d) => Some(d),
        Err(e @ (DateError::Format(_) | DateError::Impossible(_))) => {
            ctx.error(node.pos, Code::BadDate, format!("{what}：{e}"));
            None
        }
    }
}

fn period(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>, what: &str) -> Option<Period> {
    let node = f.require(ctx, "period", what)?;
    let s = text(ctx, node, &format!("{what}的“period”"), MAX_SHORT)?;
    let p = Period::from_name(&s);
    if p.is_none() {
        let names: Vec<&str> = Period::ALL.iter().map(|p| p.name()).collect();
        ctx.error(
            node.pos,
            Code::UnknownPeriod,
            format!("未知的时期“{}”，应为：{}", echo(&s), names.join("、")),
        );
    }
    p
}

fn tags(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>, what: &str) -> Option<Vec<String>> {
    match f.get("tags") {
        None => Some(Vec::new()),
        Some(node) => text_list(ctx, node, &format!("{what}的标签"), 50),
    }
}

/// Reads `source`; its `ref` is checked against the bank's sources once the header is known.
fn source_ref(ctx: &mut Ctx<'_>, f: &Fields<'_, '_>, what: &str) -> Option<SourceRef> {
    let node = f.require(ctx, "source", what)?;
    let what = format!("{what}的“source”");
    let sf = Fields::new(ctx, node, &what, &["ref", "chapter", "page"])?;
    let r = sf.require(ctx, "ref", &what)?;
    let pos = r.pos;
    let source = text(ctx, r, &format!("{what}.ref"), 64)?;
    ctx.pending_refs.push((pos, source.clone()));
    let chapter = optional_text(ctx, &sf, "chapter", &what, MAX_SHORT).ok()?;
    let page = match sf.get("page") {
        None => None,
        Some(p) => match p.as_text() {
            Some(t) => Some(t.to_owned()),
            None => {
                ctx.error(p.pos, Code::WrongShape, format!("{what}.page 应为页码"));
                return None;
            }
        },
    };
    Some(SourceRef {
        source,
        chapter,
        page,
    })
}

fn bank_info(ctx: &mut Ctx<'_>, node: &Node<'_>) -> Option<BankInfo> {
    let what = "bank";
    let f = Fields::new(ctx, node, what, &["id", "title", "version", "sources"])?;
    let bank_id = f
        .require(ctx, "id", what)
        .and_then(|n| id(ctx, n, "题库 id"));
    let title = required_text(ctx, &f, "title", what, MAX_SHORT);
    let version = match f.get("version") {
        None => Some(1),
        Some(n) => int_in(
            ctx,
            n,
            "bank.version",
            1,
            i64::from(u32::MAX),
            Code::NumberRange,
        )
        .map(|v| v as u32),
    };
    let mut sources = Vec::new();
    let mut ok = true;
    if let Some(list) = f.get("sources") {
        match &list.value {
            Value::Seq(items) => {
                for item in items {
                    match source(ctx, item) {
                        Some((s, pos)) => {
                            if sources.iter().any(|x: &Source| x.id == s.id) {
                                ctx.error(
                                    pos,
                                    Code::DuplicateSource,
                                    format!("出处 id“{}”重复", s.id),
                                );
                            } else {
                                sources.push(s);
                            }
                        }
                        None => ok = false,
                    }
                }
            }
            _ => {
                ctx.error(
                    list.pos,
                    Code::WrongShape,
                    format!("bank.sources 应为列表，实际为{}", list.describe()),
                );
                ok = false;
            }
        }
    }
    let _ = ok; // a bad source is reported; the items that cite it are reported as unknown
    Some(BankInfo {
        id: bank_id?,
        title: title?,
        version: version?,
        sources,
    })
}

fn source(ctx: &mut Ctx<'_>, node: &Node<'_>) -> Option<(Source, Pos)> {
    let what = "出处";
    let f = Fields::new(ctx, node, what, &["id", "title", "publisher", "year"])?;
    let idn = f.require(ctx, "id", what);
    let pos = idn.map_or(node.pos, |n| n.pos);
    let sid = idn.and_then(|n| id(ctx, n, "出处 id"));
    let title = required_text(ctx, &f, "title", what, MAX_SHORT);
    let publisher = optional_text(ctx, &f, "publisher", what, MAX_SHORT);
    let year = match f.get("year") {
        None => Some(None),
        Some(n) => {
            int_in(ctx, n, "出处的 year", 1, 9999, Code::NumberRange).map(|y| Some(y as u16))
        }
    };
    Some((
        Source {
            id: sid?,
            title: title?,
            publisher: publisher.ok()?,
            year: year?,
        },
        pos,
    ))
}

const COMMON_Q: [&str; 11] = [
    "id",
    "type",
    "stem",
    "explanation",
    "hint",
    "period",
    "tags",
    "difficulty",
    "source",
    "event_date",
    "answer",
];

fn question(ctx: &mut Ctx<'_>, node: &Node<'_>) -> Option<Question> {
    // Name the question by its id in every message when it has a readable one.
    let id_text = match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_text() == Some("id"))
            .and_then(|(_, v)| v.as_text()),
        _ => None,
    };
    let what = id_text.map_or_else(|| "题目".to_owned(), |s| format!("题目 {} ", echo(s)));
    let what = what.as_str();
    let qtype = match &node.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_text() == Some("type"))
            .map(|(_, v)| v),
        _ => None,
    };
    let qtype = match qtype {
        Some(t) => match t.as_text().and_then(QuestionType::from_key) {
            Some(qt) => Some(qt),
            None => {
                let shown = echo(t.as_text().unwrap_or(""));
                ctx.error(
                    t.pos,
                    Code::UnknownType,
                    format!("{what}的题型“{shown}”未知，应为 single、multiple、judge、fill、order 或 match"),
                );
                None
            }
        },
        None => None,
    };
    let extra: &[&str] = match qtype {
        Some(QuestionType::Single | QuestionType::Multiple) => &["options"],
        Some(QuestionType::Order) => &["items"],
        Some(QuestionType::Match) => &["left", "right"],
        Some(QuestionType::Judge | QuestionType::Fill) => &[],
        // Unknown type: already reported; do not also flag its type-specific fields.
        None => &["options", "items", "left", "right"],
    };
    // On the stack: this runs once per question.
    let mut allowed = [""; COMMON_Q.len() + 4];
    let n = COMMON_Q.len() + extra.len();
    for (slot, key) in allowed.iter_mut().zip(COMMON_Q.iter().chain(extra)) {
        *slot = key;
    }
    let f = Fields::new(ctx, node, what, &allowed[..n])?;
    if f.get("type").is_none() {
        f.require(ctx, "type", what);
    }
    let qid = f
        .require(ctx, "id", what)
        .and_then(|n| id(ctx, n, "题目 id"));
    let stem = required_text(ctx, &f, "stem", what, MAX_STEM);
    let explanation = required_text(ctx, &f, "explanation", what, MAX_LONG);
    let hint = optional_text(ctx, &f, "hint", what, MAX_LONG);
    let period = period(ctx, &f, what);
    let tags = tags(ctx, &f, what);
    let difficulty = f.require(ctx, "difficulty", what).and_then(|n| {
        int_in(
            ctx,
            n,
            &format!("{what}的难度"),
            1,
            5,
            Code::DifficultyRange,
        )
    });
    let source = source_ref(ctx, &f, what);
    let event_date = match f.get("event_date") {
        None => Ok(None),
        Some(n) => date(ctx, n, &format!("{what}的“event_date”"))
            .map(Some)
            .ok_or(()),
    };
    let kind = qtype.and_then(|t| kind(ctx, &f, t, what, stem.as_deref()));
    Some(Question {
        id: QuestionId(qid?),
        kind: kind?,
        stem: stem?,
        explanation: explanation?,
        hint: hint.ok()?,
        period: period?,
        tags: tags?,
        difficulty: difficulty? as u8,
        source: source?,
        event_date: event_date.ok()?,
    })
}

/// Options, items or a column of a match: `min..=MAX_CHOICES` distinct texts.
fn choices(
    ctx: &mut Ctx<'_>,
    f: &Fields<'_, '_>,
    key: &str,
    what: &str,
    min: usize,
) -> Option<Vec<String>> {
    let node = f.require(ctx, key, what)?;
    let list = text_list(ctx, node, &format!("{what}的“{key}”"), MAX_SHORT)?;
    if list.len() < min || list.len() > MAX_CHOICES {
        ctx.error(
            node.pos,
            Code::OptionCount,
            format!(
                "{what}的“{key}”有 {} 项，应为 {min} 到 {MAX_CHOICES} 项",
                list.len()
            ),
        );
        return None;
    }
    let folded: Vec<String> = list.iter().map(|s| fold(s)).collect();
    for (i, a) in folded.iter().enumerate() {
        if let Some(j) = folded[..i].iter().position(|b| b == a) {
            let item_pos = match &node.value {
                Value::Seq(items) => items.get(i).map_or(node.pos, |n| n.pos),
                _ => node.pos,
            };
            ctx.error(
                item_pos,
                Code::DuplicateOption,
                format!(
                    "{what}的“{key}”中 {} 与 {} 重复（“{}”）",
                    letter(i),
                    letter(j),
                    echo(&list[i])
                ),
            );
            return None;
        }
    }
    Some(list)
}

fn letters(ctx: &mut Ctx<'_>, node: &Node<'_>, what: &str, n_choices: usize) -> Option<Letters> {
    let s = match (&node.value, node.as_text()) {
        (Value::Scalar { .. }, Some(s)) => s,
        _ => {
            ctx.error(
                node.pos,
                Code::WrongShape,
                format!(
                    "{what}的答案应为字母（如 B 或 ACD），实际为{}",
                    node.describe()
                ),
            );
            return None;
        }
    };
    let Some(l) = Letters::parse(s) else {
        ctx.error(
            node.pos,
            Code::AnswerOutOfRange,
            format!("{what}的答案“{}”应由字母 A–H 组成", echo(s)),
        );
        return None;
    };
    if l.0.is_empty() {
        ctx.error(node.pos, Code::EmptyText, format!("{what}的答案为空"));
        return None;
    }
    if let Some(&bad) = l.0.iter().find(|&&i| usize::from(i) >= n_choices) {
        ctx.error(
            node.pos,
            Code::AnswerOutOfRange,
            format!(
                "{what}的答案含 {}，但只有 {n_choices} 项（A–{}）",
                letter(usize::from(bad)),
                letter(n_choices.saturating_sub(1))
            ),
        );
        return None;
    }
    Some(l)
}

fn kind(
    ctx: &mut Ctx<'_>,
    f: &Fields<'_, '_>,
    t: QuestionType,
    what: &str,
    stem: Option<&str>,
) -> Option<QuestionKind> {
    let answer = f.require(ctx, "answer", what);
    match t {
        QuestionType::Single | QuestionType::Multiple => {
            let options = choices(ctx, f, "options", what, 3)?;
            let mut a = letters(ctx, answer?, what, options.len())?;
            let single = t == QuestionType::Single;
            let mut sorted = a.0.clone();
            sorted.sort_unstable();
            sorted.dedup();
            if sorted.len() != a.0.len() {
                ctx.error(
                    answer?.pos,
                    Code::AnswerCount,
                    format!("{what}的答案“{a}”有重复字母"),
                );
                return None;
            }
            if single && a.0.len() != 1 {
                ctx.error(
                    answer?.pos,
                    Code::AnswerCount,
                    format!("{what}的答案应为一个字母，实际为“{a}”"),
                );
                return None;
            }
            if !single && a.0.len() < 2 {
                ctx.error(
                    answer?.pos,
                    Code::AnswerCount,
                    format!("{what}应至少有两个正确选项，实际为“{a}”（只有一个请用 single）"),
                );
                return None;
            }
            if single {
                Some(QuestionKind::Single { options, answer: a })
            } else {
                a.0 = sorted;
                Some(QuestionKind::Multiple { options, answer: a })
            }
        }
        QuestionType::Judge => {
            let answer = answer?;
            match answer.as_bool() {
                Some(b) => Some(QuestionKind::Judge { answer: b }),
                None => {
                    let shown = answer.as_text().map_or_else(
                        || answer.describe().to_owned(),
                        |s| format!("“{}”", echo(s)),
                    );
                    ctx.error(
                        answer.pos,
                        Code::JudgeNotBoolean,
                        format!("{what}的答案应为 true 或 false，实际为{shown}"),
                    );
                    None
                }
            }
        }
        QuestionType::Fill => {
            let answer = answer?;
            let Value::Seq(items) = &answer.value else {
                ctx.error(
                    answer.pos,
                    Code::WrongShape,
                    format!(
                        "{what}的答案应为列表（每个空一项），实际为{}",
                        answer.describe()
                    ),
                );
                return None;
            };
            let mut blanks = Vec::with_capacity(items.len());
            for item in items {
                let alts = match &item.value {
                    Value::Seq(_) => text_list(ctx, item, &format!("{what}的填空答案"), MAX_SHORT)?,
                    _ => vec![text(ctx, item, &format!("{what}的填空答案"), MAX_SHORT)?],
                };
                if alts.is_empty() {
                    ctx.error(item.pos, Code::EmptyText, format!("{what}的填空答案为空"));
                    return None;
                }
                blanks.push(Blank(alts));
            }
            let in_stem = count_blanks(stem?);
            if in_stem != blanks.len() || in_stem == 0 {
                ctx.error(
                    answer.pos,
                    Code::BlankMismatch,
                    format!(
                        "{what}的题干有 {in_stem} 个空（____），答案有 {} 项",
                        blanks.len()
                    ),
                );
                return None;
            }
            Some(QuestionKind::Fill { answer: blanks })
        }
        QuestionType::Order => {
            let items = choices(ctx, f, "items", what, 3)?;
            let answer = answer?;
            let a = letters(ctx, answer, what, items.len())?;
            let mut sorted = a.0.clone();
            sorted.sort_unstable();
            if sorted != (0..items.len() as u8).collect::<Vec<_>>() {
                ctx.error(
                    answer.pos,
                    Code::MalformedOrder,
                    format!(
                        "{what}的答案“{a}”应把 {} 项各用一次（A–{}）",
                        items.len(),
                        letter(items.len() - 1)
                    ),
                );
                return None;
            }
            Some(QuestionKind::Order { items, answer: a })
        }
        QuestionType::Match => {
            let left = choices(ctx, f, "left", what, 2);
            let right = choices(ctx, f, "right", what, 2);
            let (left, right) = (left?, right?);
            if right.len() < left.len() {
                ctx.error(
                    f.pos,
                    Code::MalformedMatch,
                    format!(
                        "{what}的 right 有 {} 项，少于 left 的 {} 项",
                        right.len(),
                        left.len()
                    ),
                );
                return None;
            }
            let answer = answer?;
            let a = letters(ctx, answer, what, right.len())?;
            let mut sorted = a.0.clone();
            sorted.sort_unstable();
            sorted.dedup();
            if a.0.len() != left.len() || sorted.len() != a.0.len() {
                ctx.error(
                    answer.pos,
                    Code::MalformedMatch,
                    format!(
                        "{what}的答案“{a}”应为 left 的 {} 项各配一个不同的 right 字母",
                        left.len()
                    ),
                );
                return None;
            }
            Some(QuestionKind::Match {
                left,
                right,
                answer: a,
            })
        }
    }
}

fn event(ctx: &mut Ctx<'_>, node: &Node<'_>) -> Option<Event> {
    let what = "事件";
    let f = Fields::new(
        ctx,
        node,
        what,
        &["date", "title", "summary", "tags", "source"],
    )?;
    let d = f
        .require(ctx, "date", what)
        .and_then(|n| date(ctx, n, "事件日期"));
    let title = required_text(ctx, &f, "title", what, MAX_SHORT);
    let summary = required_text(ctx, &f, "summary", what, MAX_LONG);
    let tags = tags(ctx, &f, what);
    let source = source_ref(ctx, &f, what);
    Some(Event {
        date: d?,
        title: title?,
        summary: summary?,
        tags: tags?,
        source: source?,
    })
}

fn reading(ctx: &mut Ctx<'_>, node: &Node<'_>) -> Option<Reading> {
    let what = "阅读";
    let f = Fields::new(
        ctx,
        node,
        what,
        &["id", "order", "title", "text", "period", "tags", "source"],
    )?;
    let rid = f
        .require(ctx, "id", what)
        .and_then(|n| id(ctx, n, "阅读 id"));
    let order = f.require(ctx, "order", what).and_then(|n| {
        int_in(
            ctx,
            n,
            "阅读的 order",
            0,
            i64::from(u32::MAX),
            Code::NumberRange,
        )
    });
    let title = required_text(ctx, &f, "title", what, MAX_SHORT);
    let body = required_text(ctx, &f, "text", what, MAX_READING);
    if let (Some(b), Some(n)) = (&body, f.get("text")) {
        let han = han_count(b);
        if !(200..=500).contains(&han) {
            ctx.error(
                n.pos,
                Code::ReadingLength,
                format!("阅读正文有 {han} 个汉字，建议 200–500 字"),
            );
        }
    }
    let period = period(ctx, &f, what);
    let tags = tags(ctx, &f, what);
    let source = source_ref(ctx, &f, what);
    Some(Reading {
        id: rid?,
        order: order? as u32,
        title: title?,
        text: body?,
        period: period?,
        tags: tags?,
        source: source?,
    })
}
