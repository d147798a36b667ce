//! Several banks loaded together: ids unique across all of them, indexes for lookups.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Serialize};

use super::diagnostic::{Code, Diagnostic, Pos};
use super::load::{ParsedBank, parse_bank};
use super::model::{
    BankInfo, Event, Period, Question, QuestionId, QuestionKind, QuestionType, Reading,
};
use crate::text::fold;

/// Banks that failed to load.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("题库有 {} 个错误，首个：{}", .diagnostics.iter().filter(|d| d.is_error()).count(), .diagnostics.iter().find(|d| d.is_error()).map(ToString::to_string).unwrap_or_default())]
pub struct BankError {
    /// Every diagnostic (errors and warnings).
    pub diagnostics: Vec<Diagnostic>,
}

/// All questions, events and readings of several banks, with indexes.
///
/// Questions are addressed by their position (`usize`) in [`BankSet::questions`], which is
/// the order of the banks as given and of the questions within each bank.
#[derive(Debug, Clone, Default)]
pub struct BankSet {
    banks: Vec<BankInfo>,
    questions: Vec<Question>,
    question_bank: Vec<usize>,
    events: Vec<Event>,
    readings: Vec<Reading>,
    /// Question positions sorted by id, for binary search.
    by_id: Vec<u32>,
    by_tag: BTreeMap<String, Vec<usize>>,
    events_by_day: BTreeMap<(u8, u8), Vec<usize>>,
}

/// The outcome of checking banks: what loaded, and every diagnostic.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The banks without the items that had errors.
    pub set: BankSet,
    /// Every problem, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Questions met in the files, usable or not (the set holds only the usable ones).
    pub questions_seen: usize,
}

impl Checked {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The set when there are no errors (warnings are allowed).
    pub fn into_result(self) -> Result<BankSet, BankError> {
        if self.has_errors() {
            Err(BankError {
                diagnostics: self.diagnostics,
            })
        } else {
            Ok(self.set)
        }
    }
}

/// Reads and checks bank files given as `(origin, text)` pairs.
///
/// ```
/// let yaml = r#"
/// bank: { id: demo, title: 示例, sources: [{ id: jianshi, title: 中国共产党简史 }] }
/// questions:
///   - id: demo-1
///     type: judge
///     stem: 遵义会议在1935年1月召开。
///     answer: true
///     explanation: 1935年1月，中共中央政治局在遵义召开扩大会议。
///     period: 新民主主义革命时期
///     difficulty: 1
///     source: { ref: jianshi, chapter: 第二章 }
/// "#;
/// let checked = kaotang::bank::check(&[("demo.yaml", yaml)]);
/// assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
/// assert_eq!(checked.set.questions().len(), 1);
/// ```
pub fn check<O: AsRef<str>, T: AsRef<str>>(files: &[(O, T)]) -> Checked {
    let parsed = files
        .iter()
        .map(|(o, t)| parse_bank(o.as_ref(), t.as_ref()))
        .collect();
    BankSet::from_parsed(parsed)
}

impl BankSet {
    /// Reads bank files given as `(origin, text)`; any error fails the whole set.
    pub fn load<O: AsRef<str>, T: AsRef<str>>(files: &[(O, T)]) -> Result<Self, BankError> {
        check(files).into_result()
    }

    /// Joins parsed banks, checking ids across them and looking for near-duplicates.
    pub fn from_parsed(parsed: Vec<ParsedBank>) -> Checked {
        let mut diags: Vec<Diagnostic> = Vec::new();
        let mut set = BankSet::default();
        let mut bank_ids: HashMap<String, (String, Pos)> = HashMap::new();
        let mut q_pos: Vec<(usize, Pos)> = Vec::new(); // (origin index, pos) per accepted question
        let mut reading_ids: HashMap<String, (usize, Pos)> = HashMap::new();
        let mut reading_orders: HashMap<u32, (usize, Pos)> = HashMap::new();
        let mut event_keys: HashMap<(crate::time::Date, String), (usize, Pos)> = HashMap::new();
        let origins: Vec<String> = parsed.iter().map(|p| p.origin.clone()).collect();
        let at = |o: usize, p: Pos| format!("{}:{}:{}", origins[o], p.line, p.column);
        let questions_seen = parsed.iter().map(|p| p.questions_seen).sum();
        // Ids of questions left out for other errors: (id, origin index, position).
        let mut rejected: Vec<(QuestionId, usize, Pos)> = Vec::new();

        for (o, p) in parsed.into_iter().enumerate() {
            diags.extend(p.diagnostics);
            rejected.extend(p.rejected_ids.into_iter().map(|(id, pos)| (id, o, pos)));
            let Some(bank) = p.bank else { continue };
            if let Some((other, opos)) = bank_ids.get(&bank.bank.id) {
                diags.push(Diagnostic::new(
                    &origins[o],
                    p.bank_pos,
                    Code::DuplicateBank,
                    format!(
                        "题库 id“{}”已在 {}:{}:{} 使用",
                        bank.bank.id, other, opos.line, opos.column
                    ),
                ));
                continue;
            }
            bank_ids.insert(bank.bank.id.clone(), (origins[o].clone(), p.bank_pos));
            let b = set.banks.len();
            set.banks.push(bank.bank);
            // Questions are moved, not copied: a set of 100,000 questions is never held twice.
            let mut questions = bank.questions;
            q_pos.extend(p.question_pos.iter().map(|&pos| (o, pos)));
            set.question_bank
                .extend(std::iter::repeat_n(b, questions.len()));
            if set.questions.is_empty() {
                set.questions = questions;
            } else {
                set.questions.append(&mut questions);
            }
            for (e, pos) in bank.events.into_iter().zip(p.event_pos) {
                let key = (e.date, fold(&e.title));
                if let Some(&(fo, fp)) = event_keys.get(&key) {
                    diags.push(Diagnostic::new(
                        &origins[o],
                        pos,
                        Code::DuplicateEvent,
                        format!("事件“{}”（{}）与 {} 重复", e.title, e.date, at(fo, fp)),
                    ));
                    continue;
                }
                event_keys.insert(key, (o, pos));
                set.events.push(e);
            }
            for (r, pos) in bank.readings.into_iter().zip(p.reading_pos) {
                if let Some(&(fo, fp)) = reading_ids.get(&r.id) {
                    diags.push(Diagnostic::new(
                        &origins[o],
                        pos,
                        Code::DuplicateReading,
                        format!("阅读 id“{}”重复，首次出现在 {}", r.id, at(fo, fp)),
                    ));
                    continue;
                }
                if let Some(&(fo, fp)) = reading_orders.get(&r.order) {
                    diags.push(Diagnostic::new(
                        &origins[o],
                        pos,
                        Code::DuplicateReading,
                        format!("阅读顺序号 {} 重复，首次出现在 {}", r.order, at(fo, fp)),
                    ));
                    continue;
                }
                reading_ids.insert(r.id.clone(), (o, pos));
                reading_orders.insert(r.order, (o, pos));
                set.readings.push(r);
            }
        }

        // Duplicate ids: sort positions by id; within a run of equal ids the first in file
        // order stays and the others are reported and dropped.
        let mut by_id: Vec<u32> = (0..set.questions.len() as u32).collect();
        by_id.sort_unstable_by(|&a, &b| {
            set.questions[a as usize]
                .id
                .cmp(&set.questions[b as usize].id)
                .then(a.cmp(&b))
        });
        let mut dropped = vec![false; set.questions.len()];
        let mut run_first = by_id.first().map_or(0, |&i| i as usize);
        for w in by_id.windows(2) {
            let (prev, dup) = (w[0] as usize, w[1] as usize);
            if set.questions[prev].id != set.questions[dup].id {
                run_first = dup;
                continue;
            }
            dropped[dup] = true;
            let (o, pos) = q_pos[dup];
            let (fo, fp) = q_pos[run_first];
            diags.push(Diagnostic::new(
                &origins[o],
                pos,
                Code::DuplicateQuestionId,
                format!(
                    "题目 id“{}”重复，首次出现在 {}",
                    set.questions[dup].id,
                    at(fo, fp)
                ),
            ));
        }
        if dropped.iter().any(|&d| d) {
            let mut i = 0;
            set.questions.retain(|_| (!dropped[i], i += 1).0);
            let mut i = 0;
            set.question_bank.retain(|_| (!dropped[i], i += 1).0);
            let mut i = 0;
            q_pos.retain(|_| (!dropped[i], i += 1).0);
            // Renumber the sorted index to positions after removal.
            let mut new_index = vec![0u32; dropped.len()];
            let mut next = 0u32;
            for (old, &d) in dropped.iter().enumerate() {
                new_index[old] = next;
                next += u32::from(!d);
            }
            by_id.retain(|&old| !dropped[old as usize]);
            for x in &mut by_id {
                *x = new_index[*x as usize];
            }
        }
        set.by_id = by_id;
        set.questions.shrink_to_fit();
        if !rejected.is_empty() {
            report_rejected_duplicates(&set, &q_pos, rejected, &origins, &mut diags);
        }

        // Near-duplicates: same folded stem and the same set of folded options. Only a 64-bit
        // hash of each key is kept, so memory stays flat for 100,000 questions; a hash match is
        // confirmed by comparing the keys (a collision between different keys is ignored).
        let mut seen: HashMap<u64, usize> = HashMap::with_capacity(set.questions.len());
        for (i, q) in set.questions.iter().enumerate() {
            let key = near_dup_key(q);
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            key.hash(&mut hasher);
            match seen.entry(hasher.finish()) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                }
                std::collections::hash_map::Entry::Occupied(e) => {
                    let j = *e.get();
                    if near_dup_key(&set.questions[j]) == key {
                        let (o, pos) = q_pos[i];
                        let (fo, fp) = q_pos[j];
                        diags.push(Diagnostic::new(
                            &origins[o],
                            pos,
                            Code::NearDuplicate,
                            format!(
                                "题目 {} 与 {} 的题干和选项几乎相同（{}）",
                                q.id,
                                set.questions[j].id,
                                at(fo, fp)
                            ),
                        ));
                    }
                }
            }
        }

        set.readings.sort_by_key(|r| r.order);
        set.events
            .sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.title.cmp(&b.title)));
        for (i, e) in set.events.iter().enumerate() {
            set.events_by_day
                .entry(e.date.month_day())
                .or_default()
                .push(i);
        }
        let event_dates: std::collections::HashSet<_> = set.events.iter().map(|e| e.date).collect();
        for (i, q) in set.questions.iter().enumerate() {
            for t in &q.tags {
                set.by_tag.entry(t.clone()).or_default().push(i);
            }
            if let Some(d) = q.event_date
                && !event_dates.contains(&d)
            {
                let (o, pos) = q_pos[i];
                diags.push(Diagnostic::new(
                    &origins[o],
                    pos,
                    Code::UnlinkedEvent,
                    format!("题目 {} 的 event_date {} 在事件日历中没有对应事件", q.id, d),
                ));
            }
        }
        diags.sort_by(|a, b| a.origin.cmp(&b.origin).then(a.pos.cmp(&b.pos)));
        Checked {
            set,
            diagnostics: diags,
            questions_seen,
        }
    }

    /// The banks' headers, in load order.
    pub fn banks(&self) -> &[BankInfo] {
        &self.banks
    }

    /// All questions, bank by bank in load order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The header of the bank that question `index` belongs to.
    pub fn bank_of(&self, index: usize) -> Option<&BankInfo> {
        self.question_bank
            .get(index)
            .and_then(|&b| self.banks.get(b))
    }

    /// The index of the question with this id.
    pub fn position(&self, id: &QuestionId) -> Option<usize> {
        self.by_id
            .binary_search_by(|&i| self.questions[i as usize].id.cmp(id))
            .ok()
            .map(|k| self.by_id[k] as usize)
    }

    /// Question positions in ascending order of id, for merge-joins with maps keyed by id.
    pub(crate) fn positions_by_id(&self) -> impl Iterator<Item = usize> + '_ {
        self.by_id.iter().map(|&i| i as usize)
    }

    /// The question with this id.
    pub fn question(&self, id: &QuestionId) -> Option<&Question> {
        self.position(id).map(|i| &self.questions[i])
    }

    /// All events, by date.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Events on this month and day across the years, oldest first (党史上的今天).
    pub fn events_on(&self, month: u8, day: u8) -> impl Iterator<Item = &Event> {
        self.events_by_day
            .get(&(month, day))
            .into_iter()
            .flatten()
            .map(|&i| &self.events[i])
    }

    /// Distinct month-days that have at least one event.
    pub fn event_days(&self) -> usize {
        self.events_by_day.len()
    }

    /// All readings in reading order.
    pub fn readings(&self) -> &[Reading] {
        &self.readings
    }

    /// Indexes of the questions carrying `tag`.
    pub fn tagged(&self, tag: &str) -> &[usize] {
        self.by_tag.get(tag).map_or(&[], Vec::as_slice)
    }

    /// Every tag with its number of questions.
    pub fn tags(&self) -> impl Iterator<Item = (&str, usize)> {
        self.by_tag.iter().map(|(t, v)| (t.as_str(), v.len()))
    }

    /// Tags close to `query`, for a tag no question carries: those containing it or contained
    /// in it first, then those sharing the most characters with it; at most `n`, each with its
    /// number of questions.
    ///
    /// ```
    /// # let yaml = r#"
    /// # bank: { id: demo, title: 示例, sources: [{ id: js, title: 简史 }] }
    /// # questions:
    /// #   - { id: d1, type: judge, stem: 遵义会议在1935年召开。, answer: true, explanation: 对。, period: 新民主主义革命时期, difficulty: 1, tags: [遵义会议, 长征], source: { ref: js } }
    /// #   - { id: d2, type: judge, stem: 红军长征胜利结束。, answer: true, explanation: 对。, period: 新民主主义革命时期, difficulty: 1, tags: [长征], source: { ref: js } }
    /// # "#;
    /// let banks = kaotang::bank::BankSet::load(&[("demo.yaml", yaml)])?;
    /// assert_eq!(banks.similar_tags("遵义", 3), [("遵义会议", 1)]);
    /// assert_eq!(banks.similar_tags("长正", 3)[0], ("长征", 2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn similar_tags(&self, query: &str, n: usize) -> Vec<(&str, usize)> {
        let query = query.trim();
        let mut scored: Vec<(usize, &str, usize)> = self
            .tags()
            .filter_map(|(t, count)| {
                let score = if t.contains(query) || query.contains(t) {
                    usize::MAX
                } else {
                    query.chars().filter(|c| t.contains(*c)).count()
                };
                (score > 0).then_some((score, t, count))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.2.cmp(&a.2)).then(a.1.cmp(b.1)));
        scored.into_iter().take(n).map(|(_, t, c)| (t, c)).collect()
    }

    /// Indexes of the questions that pass `filter`, in bank order.
    pub fn select(&self, filter: &QuestionFilter) -> Vec<usize> {
        (0..self.questions.len())
            .filter(|&i| filter.matches(self, i))
            .collect()
    }

    /// Counts for reports and for the content tests.
    pub fn stats(&self) -> Stats {
        let mut s = Stats {
            questions: self.questions.len(),
            ..Stats::default()
        };
        for q in &self.questions {
            *s.by_type.entry(q.qtype()).or_default() += 1;
            *s.by_period.entry(q.period.name().to_owned()).or_default() += 1;
            *s.by_difficulty.entry(q.difficulty).or_default() += 1;
            if q.hint.is_some() {
                *s.with_hint.entry(q.qtype()).or_default() += 1;
            }
            if let QuestionKind::Single { answer, .. } = &q.kind {
                *s.single_answer_letters
                    .entry(answer.to_string())
                    .or_default() += 1;
            }
        }
        s.events = self.events.len();
        s.event_days = self.event_days();
        s.readings = self.readings.len();
        s.banks = self.banks.len();
        s.tags = self.by_tag.len();
        s
    }
}

/// Counts over a [`BankSet`] (`kaotang bank stats --json` prints this).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Banks.
    pub banks: usize,
    /// Questions.
    pub questions: usize,
    /// Questions per type.
    pub by_type: BTreeMap<QuestionType, usize>,
    /// Questions per period (Chinese name).
    pub by_period: BTreeMap<String, usize>,
    /// Questions per difficulty.
    pub by_difficulty: BTreeMap<u8, usize>,
    /// Questions with a hint, per type.
    pub with_hint: BTreeMap<QuestionType, usize>,
    /// Single-choice answers per letter.
    pub single_answer_letters: BTreeMap<String, usize>,
    /// Distinct tags.
    pub tags: usize,
    /// Events.
    pub events: usize,
    /// Distinct month-days with an event.
    pub event_days: usize,
    /// Readings.
    pub readings: usize,
}

/// E010 for ids used twice where at least one of the items was left out for other errors:
/// the later one (in file order) is reported, pointing at the first.
fn report_rejected_duplicates(
    set: &BankSet,
    q_pos: &[(usize, Pos)],
    rejected: Vec<(QuestionId, usize, Pos)>,
    origins: &[String],
    diags: &mut Vec<Diagnostic>,
) {
    let mut first: HashMap<QuestionId, (usize, Pos)> = HashMap::with_capacity(rejected.len());
    for (id, o, pos) in rejected {
        let earlier = first
            .get(&id)
            .copied()
            .or_else(|| set.position(&id).and_then(|i| q_pos.get(i)).copied());
        match earlier {
            None => {
                first.insert(id, (o, pos));
            }
            Some(e) => {
                let (later, was) = if e < (o, pos) {
                    ((o, pos), e)
                } else {
                    (e, (o, pos))
                };
                diags.push(Diagnostic::new(
                    &origins[later.0],
                    later.1,
                    Code::DuplicateQuestionId,
                    format!(
                        "题目 id“{id}”重复，首次出现在 {}:{}:{}",
                        origins[was.0], was.1.line, was.1.column
                    ),
                ));
                first.insert(id, was);
            }
        }
    }
}

/// What makes two questions near-duplicates: the folded stem and the sorted folded choices.
fn near_dup_key(q: &Question) -> (String, Vec<String>) {
    let mut choices: Vec<String> = match &q.kind {
        QuestionKind::Match { left, right, .. } => {
            left.iter().chain(right).map(|s| fold(s)).collect()
        }
        QuestionKind::Judge { answer } => vec![answer.to_string()],
        _ => q.choices().iter().map(|s| fold(s)).collect(),
    };
    choices.sort_unstable();
    (fold(&q.stem), choices)
}

/// Which questions to use: every non-empty list must match (types, periods, banks); `tags`
/// matches a question with any of the tags; difficulty is an inclusive range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct QuestionFilter {
    /// Question types (empty: all).
    pub types: Vec<QuestionType>,
    /// Periods (empty: all).
    pub periods: Vec<Period>,
    /// Tags, any of which must be present (empty: all).
    pub tags: Vec<String>,
    /// Bank ids (empty: all).
    pub banks: Vec<String>,
    /// Lowest difficulty (default 1).
    pub min_difficulty: Option<u8>,
    /// Highest difficulty (default 5).
    pub max_difficulty: Option<u8>,
}

impl QuestionFilter {
    /// Whether question `index` of `set` passes.
    pub fn matches(&self, set: &BankSet, index: usize) -> bool {
        let Some(q) = set.questions.get(index) else {
            return false;
        };
        (self.types.is_empty() || self.types.contains(&q.qtype()))
            && (self.periods.is_empty() || self.periods.contains(&q.period))
            && (self.tags.is_empty() || q.tags.iter().any(|t| self.tags.contains(t)))
            && (self.banks.is_empty()
                || set
                    .bank_of(index)
                    .is_some_and(|b| self.banks.contains(&b.id)))
            && q.difficulty >= self.min_difficulty.unwrap_or(1)
            && q.difficulty <= self.max_difficulty.unwrap_or(5)
    }
}
