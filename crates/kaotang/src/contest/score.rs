//! Scoring answer sheets under a rule set, streamed.
//!
//! Per question: an unanswered question scores `−unanswered`; an answer with some credit
//! scores `points × credit` (credit from [`crate::grade::grade`] under the section's
//! multi-select policy); an answer with no credit scores `−wrong`. A sheet scores
//! `base + Σ questions + speed`, floored at 0 unless `allow_negative`, rounded to 0.01 分.
//! Speed points are `max × (limit − used) / limit`, clamped to `[0, max]`, and are given only
//! when `base + Σ questions` is above 0: a sheet whose answers earn nothing (or less, before
//! the floor) gets no speed points, so a score is always its answers' points plus the speed
//! points it reports.
//!
//! A participant's attempts combine by [`AttemptPolicy`]. Sheets numbered beyond the
//! policy's attempt limit are counted as ignored, and someone whose only sheets are ignored
//! is not a participant: they get no result (so they do not count in unit participation or
//! averages). Memory holds one record per participant, never per sheet, so a CSV of any
//! length streams through [`Scorer::add`].

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::sheet::{Trim, trim};
use super::{Assembly, ContestError, ItemAnalyzer, ItemInfo, Paper, Sheet, SheetError, SheetView};
use crate::bank::{BankSet, Letters, Question, QuestionKind};
use crate::grade::{Grade, GradeOptions, MultiPolicy, grade, grade_multiple_mask, parse_response};
use crate::time::Timestamp;

/// How sheets are scored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreRules {
    /// 基础分: points every valid sheet starts with.
    pub base: f64,
    /// Points taken off for an answer that earns nothing (答错扣分), at least 0.
    pub wrong: f64,
    /// Points taken off for an unanswered question, at least 0.
    pub unanswered: f64,
    /// Per-section overrides of the blueprint's points and policy, by section name.
    pub sections: Vec<SectionRule>,
    /// Speed points (用时加分), if any.
    pub speed: Option<SpeedPoints>,
    /// How several attempts by one participant combine.
    pub attempts: AttemptPolicy,
    /// Whether a total may fall below 0 (otherwise 扣完为止).
    pub allow_negative: bool,
    /// Which order the answers on the sheets are in.
    pub answers: AnswerOrder,
}

impl Default for ScoreRules {
    fn default() -> Self {
        Self {
            base: 0.0,
            wrong: 0.0,
            unanswered: 0.0,
            sections: Vec::new(),
            speed: None,
            attempts: AttemptPolicy::default(),
            allow_negative: false,
            answers: AnswerOrder::Form,
        }
    }
}

impl ScoreRules {
    /// Reads rules from YAML; errors carry line and column.
    pub fn from_yaml(text: &str) -> Result<Self, ContestError> {
        super::read_config(text)
    }

    /// Full marks (满分) under these rules: `base` plus every question's points (section
    /// overrides applied), speed points not included; the highest over the forms, which
    /// parallel forms of one blueprint share.
    ///
    /// ```
    /// # use kaotang::bank::BankSet;
    /// # use kaotang::contest::{assemble, Blueprint, ScoreRules, SectionRule};
    /// # let mut yaml = String::from("bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n");
    /// # for i in 0..4 {
    /// #     yaml += &format!("  - {{ id: q{i}, type: judge, stem: 第{i}题的陈述。, answer: true, \
    /// #         explanation: 说明{i}。, period: 新民主主义革命时期, difficulty: 2, source: {{ ref: s }} }}\n");
    /// # }
    /// # let set = BankSet::load(&[("b.yaml", yaml)]).unwrap();
    /// let bp = Blueprint::from_yaml("title: 初赛\ntime_limit_minutes: 10\nsections: [{ name: 判断题, count: 4, points: 25 }]").unwrap();
    /// let assembly = assemble(&set, &bp, 1).unwrap();
    /// assert_eq!(ScoreRules::default().full_marks(&assembly), 100.0);
    /// let rules = ScoreRules {
    ///     base: 10.0,
    ///     sections: vec![SectionRule { section: "判断题".into(), points: Some(5.0), multi: None, wrong: None }],
    ///     ..ScoreRules::default()
    /// };
    /// assert_eq!(rules.full_marks(&assembly), 30.0);
    /// ```
    pub fn full_marks(&self, assembly: &Assembly) -> f64 {
        assembly
            .forms
            .iter()
            .map(|form| {
                let answers: f64 = form
                    .sections
                    .iter()
                    .map(|sec| {
                        let points = self
                            .sections
                            .iter()
                            .find(|r| r.section == sec.name)
                            .and_then(|r| r.points)
                            .unwrap_or(sec.points);
                        points * sec.questions.len() as f64
                    })
                    .sum();
                round2(self.base + answers)
            })
            .fold(0.0, f64::max)
    }
}

/// Overrides for one section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionRule {
    /// The section's name, as in the blueprint.
    pub section: String,
    /// Points per question instead of the blueprint's.
    #[serde(default)]
    pub points: Option<f64>,
    /// Multi-select policy instead of the blueprint's.
    #[serde(default)]
    pub multi: Option<MultiPolicy>,
    /// Deduction for a wrong answer instead of the rule set's.
    #[serde(default)]
    pub wrong: Option<f64>,
}

/// Speed points: up to `max` points, scaled by the share of time left.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpeedPoints {
    /// The most speed points (e.g. 5).
    pub max: f64,
    /// The time the scale runs over, in seconds (default: the paper's time limit).
    #[serde(default)]
    pub limit_secs: Option<u32>,
}

/// How several attempts by one participant combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum AttemptPolicy {
    /// The best attempt counts; attempts numbered above `limit` are ignored.
    Best {
        /// The highest attempt number that counts (none: all).
        #[serde(default)]
        limit: Option<u32>,
    },
    /// The scores of attempts 1..=`limit` are added up (累计积分).
    Sum {
        /// The highest attempt number that counts.
        limit: u32,
    },
}

impl Default for AttemptPolicy {
    fn default() -> Self {
        Self::Best { limit: None }
    }
}

/// Which order the answers on a sheet are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "order", rename_all = "snake_case")]
pub enum AnswerOrder {
    /// Form order and authored option letters (what an app records after mapping back).
    Form,
    /// The participant's shuffled paper order and shown letters: each sheet's paper is
    /// rebuilt from `(seed, participant)` to map answers back.
    Presented {
        /// The contest seed the papers were drawn with.
        seed: u64,
    },
}

/// The outcome of one question on one sheet.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ItemOutcome {
    /// Credit in `[0, 1]`.
    pub credit: f64,
    /// Options chosen, as a bit mask in authored order (bit `i` is option `i`).
    pub choices: u8,
    /// Whether the question was answered.
    pub answered: bool,
}

/// One sheet's score.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SheetScore {
    /// Total, rounded to 0.01.
    pub score: f64,
    /// Speed points included in `score`.
    pub speed: f64,
    /// Questions answered fully right.
    pub correct: u32,
    /// Questions answered.
    pub answered: u32,
}

/// A participant's result after combining attempts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParticipantResult {
    /// Participant id (stored inline up to 24 bytes, as ids and names nearly always are: a
    /// round of a million participants allocates nothing for them).
    pub participant: CompactString,
    /// Name (from the counted attempt).
    pub name: CompactString,
    /// Unit path (from the counted attempt), shared by everyone in the unit.
    pub unit: Arc<[String]>,
    /// Form label, shared by everyone on the form.
    pub form: Arc<str>,
    /// Score (the best attempt, or the sum).
    pub score: f64,
    /// Speed points included.
    pub speed: f64,
    /// Questions right.
    pub correct: u32,
    /// Seconds used (summed under [`AttemptPolicy::Sum`]).
    pub time_used: Option<u32>,
    /// When the counted attempt was submitted (the last one under `Sum`).
    pub submitted: Option<Timestamp>,
    /// The counted attempt's number (attempts counted under `Sum`).
    pub attempt: u32,
    /// Sheets received, counted or not.
    pub sheets: u32,
}

/// Everything a round's scoring produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Scoring {
    /// One result per participant, by participant id.
    pub results: Vec<ParticipantResult>,
    /// Sheets scored.
    pub sheets: u64,
    /// Sheets ignored by the attempt policy.
    pub ignored: u64,
    /// Item analysis per form (first attempts only), when requested.
    pub analysis: Vec<(String, ItemAnalyzer)>,
}

enum Key {
    Single { key: u8, n: u8 },
    Multiple { key: u8, n: u8 },
    Judge(bool),
    Other,
}

struct Item<'a> {
    question: &'a Question,
    key: Key,
    points: f64,
    multi: MultiPolicy,
    wrong: f64,
    // (credit, what it adds) for a wrong and a right answer, looked up by whether the answer
    // is right: a load rather than a jump on data no predictor can guess.
    by_right: [(f64, f64); 2],
}

impl Item<'_> {
    /// What an answer with `credit` adds to the total: `points × credit` when there is
    /// credit, else `−wrong`.
    fn add_for(&self, credit: f64) -> f64 {
        if credit > 0.0 {
            self.points * credit
        } else {
            0.0 - self.wrong
        }
    }

    fn graded(&self, g: Grade, chosen: u8) -> Graded {
        Graded {
            credit: g.credit,
            add: self.add_for(g.credit),
            correct: g.correct,
            chosen,
        }
    }

    /// A single-choice or true/false answer, right or not.
    #[inline(always)]
    fn right_or_wrong(&self, right: bool, chosen: u8) -> Graded {
        let (credit, add) = self.by_right[usize::from(right)];
        Graded {
            credit,
            add,
            correct: right,
            chosen,
        }
    }
}

/// An answer graded: its credit, what it adds to the total, whether it is fully right and
/// which options it chose (a mask in authored order).
#[derive(Clone, Copy)]
struct Graded {
    credit: f64,
    add: f64,
    correct: bool,
    chosen: u8,
}

struct CompiledForm<'a> {
    label: Arc<str>,
    items: Vec<Item<'a>>,
    by_id: HashMap<&'a str, usize>,
}

/// What a participant's result does not show: kept beside it, in the same order.
struct Entry {
    // Index into `Scorer::units`, and the form, of the counted attempt.
    unit: u32,
    form: u32,
}

/// A counted attempt under [`AttemptPolicy::Sum`]: number, score, time used, submitted.
type Counted = (u32, SheetScore, Option<u32>, Option<Timestamp>);

/// A participant in the table of those seen: where their result is, and 32 bits of their
/// id's hash, so that growing the table and most failed comparisons read only the table (not
/// a result in a random place, which at a million participants is a cache miss each).
#[derive(Clone, Copy)]
struct Person {
    index: u32,
    hash: u32,
}

impl Person {
    fn hash(id: &str) -> u32 {
        // Folded, so every bit of the id's hash counts (FxHash's high bits are its best).
        let h = fx_hash(id.as_bytes());
        (h ^ h >> 32) as u32
    }

    /// The table's 64-bit hash from the stored 32: the table places by the low bits and
    /// tags by the top seven, which both come from the id's hash this way.
    fn spread(hash: u32) -> u64 {
        u64::from(hash) << 32 | u64::from(hash)
    }
}

/// A unit as spelled on sheets: its key's hash, where the key is in `Scorer::spelled`, and
/// the unit it names.
struct Spelling {
    hash: u64,
    start: u32,
    end: u32,
    unit: u32,
}

/// A sheet's running total.
#[derive(Clone, Copy)]
struct Tally {
    total: f64,
    correct: u32,
    answered: u32,
}

impl Tally {
    /// Counts a graded answer and returns what it adds to the total.
    #[inline(always)]
    fn count(&mut self, g: Graded, outcome: Option<&mut ItemOutcome>) -> f64 {
        self.answered += 1;
        self.correct += u32::from(g.correct);
        if let Some(o) = outcome {
            *o = ItemOutcome {
                credit: g.credit,
                choices: g.chosen,
                answered: true,
            };
        }
        g.add
    }

    #[inline(always)]
    fn add(&mut self, g: Graded, outcome: Option<&mut ItemOutcome>) {
        self.total += self.count(g, outcome);
    }
}

/// An attempt competing with the one a participant has on record.
struct Attempt<'s> {
    name: &'s str,
    unit: u32,
    form: u32,
    score: SheetScore,
    time_used: Option<u32>,
    submitted: Option<Timestamp>,
    attempt: u32,
}

/// FxHash (as in rustc) with a final rotation so the low bits hashbrown indexes by are mixed:
/// participant ids come from the organiser's own files, so flooding is not a concern and
/// SipHash's cost is.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = self
            .0
            .wrapping_add(word)
            .wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

fn fx_hash(bytes: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(bytes);
    h.finish()
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Scores sheets one at a time and keeps one record per participant.
///
/// ```
/// # use kaotang::bank::BankSet;
/// # use kaotang::contest::{assemble, Blueprint, ScoreRules, Scorer, SheetReader};
/// # let mut yaml = String::from("bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n");
/// # for i in 0..2 {
/// #     yaml += &format!("  - {{ id: q{i}, type: judge, stem: 第{i}题的陈述。, answer: true, \
/// #         explanation: 说明{i}。, period: 新民主主义革命时期, difficulty: 2, source: {{ ref: s }} }}\n");
/// # }
/// # let set = BankSet::load(&[("b.yaml", yaml)]).unwrap();
/// let bp = Blueprint::from_yaml("title: 初赛\ntime_limit_minutes: 10\n\
///     sections: [{ name: 判断题, count: 2, points: 50 }]").unwrap();
/// let assembly = assemble(&set, &bp, 1).unwrap();
/// let mut scorer = Scorer::new(&set, &assembly, ScoreRules::default()).unwrap();
/// let csv = "编号,姓名,1,2\np1,张三,对,对\np2,李四,对,错\n";
/// for sheet in SheetReader::new(csv.as_bytes()).unwrap() {
///     scorer.add(&sheet.unwrap()).unwrap();
/// }
/// let scores: Vec<f64> = scorer.finish().results.iter().map(|r| r.score).collect();
/// assert_eq!(scores, [100.0, 50.0]);
/// ```
pub struct Scorer<'a> {
    set: &'a BankSet,
    assembly: &'a Assembly,
    rules: ScoreRules,
    forms: Vec<CompiledForm<'a>>,
    limit_secs: f64,
    // Participants in the order first seen: `people` holds indices into `results`, which
    // `finish` sorts in place; `entries` runs beside `results`, and so does `counted` under
    // `Sum` (empty otherwise).
    people: hashbrown::HashTable<Person>,
    results: Vec<ParticipantResult>,
    entries: Vec<Entry>,
    counted: Vec<Vec<Counted>>,
    // Unit paths, interned: participants share a few hundred units. Keys are a tag (cells
    // as given, or levels) and the parts, each prefixed by its length so no two share a key.
    // Every sheet looks its unit up as spelled, in `spellings` (whose keys sit side by side
    // in `spelled`); a new spelling is split into levels once and found in `unit_ids`.
    units: Vec<Arc<[String]>>,
    spellings: hashbrown::HashTable<Spelling>,
    spelled: Vec<u8>,
    unit_ids: FxMap<Vec<u8>, u32>,
    unit_key: Vec<u8>,
    sheets: u64,
    ignored: u64,
    outcomes: Vec<ItemOutcome>,
    analysis: Option<Vec<ItemAnalyzer>>,
}

fn round2(x: f64) -> f64 {
    libm::round(x * 100.0) / 100.0
}

/// Option letters as a mask when they are 1–8 plain ASCII `A`–`H`/`a`–`h` (the common
/// case); `None` sends the answer through the general reader. Reads eight bytes from both
/// ends (overlapping, repeats change nothing) instead of looping to the cell's length, whose
/// exit no predictor can guess.
#[inline(always)]
fn ascii_mask(text: &[u8]) -> Option<u8> {
    let last = text.len().checked_sub(1).filter(|&l| l < 8)?;
    let (mut mask, mut bad) = (0u8, false);
    for j in 0..4 {
        for at in [j.min(last), last - j.min(last)] {
            // Maps A–H and a–h (only those) to 0–7.
            let i = (text.get(at).copied().unwrap_or(0) | 0x20).wrapping_sub(b'a');
            bad |= i >= 8;
            mask |= 1 << (i & 7);
        }
    }
    (!bad).then_some(mask)
}

/// Grades the common answers without the general reader: option letters `A`–`H`/`a`–`h`
/// and 对 T √ / 错 F × exactly as given (string patterns would call `memcmp` per arm).
/// `None` for anything else, including a cell with spaces around it. Whether an answer is
/// right is data no branch predictor can guess, so it becomes a number rather than a jump.
#[inline(always)]
fn fast_grade(item: &Item<'_>, cell: &[u8], order: Option<&[u8]>) -> Option<Graded> {
    match (&item.key, cell) {
        (&Key::Single { key, n }, &[c]) => {
            // Maps A–H and a–h (only those) to 0–7.
            let i = (c | 0x20).wrapping_sub(b'a');
            if i >= n.min(8) {
                return None;
            }
            let shown = 1u8 << i;
            let m = order.map_or(shown, |o| remap_mask(shown, o));
            (m != 0).then(|| item.right_or_wrong(m == key, m))
        }
        (&Key::Multiple { key, n }, _) => {
            let m = ascii_mask(cell)?;
            let m = order.map_or(m, |o| remap_mask(m, o));
            (m != 0 && u32::from(m) >> n == 0)
                .then(|| item.graded(grade_multiple_mask(key, m, item.multi), m))
        }
        (&Key::Judge(k), _) => {
            // 对 T √ / 错 F ×, each as its UTF-8 bytes read as one little-endian integer.
            const YES: [u32; 3] = [0x00B9_AFE5, b'T' as u32, 0x009A_88E2];
            const NO: [u32; 3] = [0x0099_94E9, b'F' as u32, 0x0000_97C3];
            let word = match *cell {
                [a] => u32::from(a),
                [a, b] => u32::from_le_bytes([a, b, 0, 0]),
                [a, b, c] => u32::from_le_bytes([a, b, c, 0]),
                _ => return None,
            };
            // `|` rather than `contains`: which spelling comes is data, so no early exit.
            let yes = (word == YES[0]) | (word == YES[1]) | (word == YES[2]);
            let no = (word == NO[0]) | (word == NO[1]) | (word == NO[2]);
            (yes | no).then(|| item.right_or_wrong(yes == k, 0))
        }
        _ => None,
    }
}

/// Grades answers from the `k`th on, in form order, while the fast path reads them; returns
/// the first it could not read (or the end). Out of line and free of calls, so the running
/// counts stay in registers rather than on the stack across the slow path's calls.
#[inline(never)]
fn fast_run<'c>(
    tally: &mut Tally,
    items: &[Item<'_>],
    cell: &impl Fn(usize) -> Option<&'c [u8]>,
    mut k: usize,
    mut outcomes: Option<&mut Vec<ItemOutcome>>,
) -> usize {
    let mut t = *tally;
    while let (Some(item), Some(text)) = (items.get(k), cell(k)) {
        let Some(g) = fast_grade(item, text, None) else {
            break;
        };
        t.add(g, outcomes.as_deref_mut().and_then(|o| o.get_mut(k)));
        k += 1;
    }
    *tally = t;
    k
}

fn key_mask(l: &Letters) -> u8 {
    l.0.iter().filter(|&&i| i < 8).fold(0, |m, &i| m | (1 << i))
}

fn remap_mask(mask: u8, order: &[u8]) -> u8 {
    order
        .iter()
        .enumerate()
        .filter(|(shown, _)| mask & (1 << shown) != 0)
        .fold(0, |m, (_, &a)| m | (1 << a))
}

impl<'a> Scorer<'a> {
    /// A scorer for the forms of `assembly` under `rules`.
    pub fn new(
        set: &'a BankSet,
        assembly: &'a Assembly,
        rules: ScoreRules,
    ) -> Result<Self, ContestError> {
        for r in &rules.sections {
            if !assembly
                .forms
                .iter()
                .any(|f| f.sections.iter().any(|s| s.name == r.section))
            {
                return Err(ContestError::UnknownSection(r.section.clone()));
            }
        }
        let mut forms = Vec::with_capacity(assembly.forms.len());
        for form in &assembly.forms {
            let mut items = Vec::with_capacity(form.len());
            let mut by_id = HashMap::with_capacity(form.len());
            for (s, id) in form.questions() {
                let question = set
                    .question(id)
                    .ok_or_else(|| ContestError::UnknownQuestion {
                        id: id.clone(),
                        field: "form",
                    })?;
                let sec = &form.sections[s];
                let ov = rules.sections.iter().find(|r| r.section == sec.name);
                let key = match &question.kind {
                    QuestionKind::Single { options, answer } => Key::Single {
                        key: key_mask(answer),
                        n: options.len() as u8,
                    },
                    QuestionKind::Multiple { options, answer } => Key::Multiple {
                        key: key_mask(answer),
                        n: options.len() as u8,
                    },
                    QuestionKind::Judge { answer } => Key::Judge(*answer),
                    _ => Key::Other,
                };
                by_id.insert(question.id.0.as_str(), items.len());
                let mut item = Item {
                    question,
                    key,
                    points: ov.and_then(|o| o.points).unwrap_or(sec.points),
                    multi: ov.and_then(|o| o.multi).unwrap_or(sec.multi),
                    wrong: ov.and_then(|o| o.wrong).unwrap_or(rules.wrong).max(0.0),
                    by_right: [(0.0, 0.0); 2],
                };
                item.by_right = [(0.0, item.add_for(0.0)), (1.0, item.add_for(1.0))];
                items.push(item);
            }
            forms.push(CompiledForm {
                label: form.label.as_str().into(),
                items,
                by_id,
            });
        }
        let limit_secs = f64::from(
            rules
                .speed
                .and_then(|s| s.limit_secs)
                .unwrap_or(assembly.time_limit_minutes.saturating_mul(60)),
        );
        Ok(Self {
            set,
            assembly,
            rules,
            forms,
            limit_secs,
            people: hashbrown::HashTable::new(),
            results: Vec::new(),
            entries: Vec::new(),
            counted: Vec::new(),
            units: Vec::new(),
            spellings: hashbrown::HashTable::new(),
            spelled: Vec::new(),
            unit_ids: FxMap::default(),
            unit_key: Vec::new(),
            sheets: 0,
            ignored: 0,
            outcomes: Vec::new(),
            analysis: None,
        })
    }

    /// Also runs item analysis over first attempts (see [`ItemAnalyzer`]).
    pub fn with_analysis(mut self) -> Self {
        self.analysis = Some(
            self.forms
                .iter()
                .map(|f| {
                    ItemAnalyzer::new(
                        f.items
                            .iter()
                            .map(|i| ItemInfo {
                                question: i.question.id.clone(),
                                // Only choice questions have options to count: the
                                // items of an order or match question are not choices.
                                options: match &i.question.kind {
                                    QuestionKind::Single { options, .. }
                                    | QuestionKind::Multiple { options, .. } => {
                                        options.len().min(8) as u8
                                    }
                                    _ => 0,
                                },
                                points: i.points,
                            })
                            .collect(),
                    )
                })
                .collect(),
        );
        self
    }

    /// Grades one answer as given (untrimmed) into the sheet's tally and outcome.
    #[inline(always)]
    fn grade_into(
        &self,
        tally: &mut Tally,
        item: &Item<'_>,
        text: &str,
        order: Option<&[u8]>,
        outcome: Option<&mut ItemOutcome>,
    ) -> Result<(), String> {
        // The slow path returns its grade rather than taking the tally, which would have to
        // live in memory (not registers) across the call.
        match fast_grade(item, text.as_bytes(), order)
            .map_or_else(|| Self::grade_slow(item, text, order), |g| Ok(Some(g)))?
        {
            Some(g) => tally.add(g, outcome),
            None => tally.total -= self.rules.unanswered.max(0.0),
        }
        Ok(())
    }

    /// What [`Self::grade_into`] does for answers the fast path cannot read: trimmed, then
    /// unanswered (`None`) or through the general reader. Kept out of line so the loop stays
    /// small.
    #[cold]
    #[inline(never)]
    fn grade_slow(
        item: &Item<'_>,
        text: &str,
        order: Option<&[u8]>,
    ) -> Result<Option<Graded>, String> {
        match trim(text) {
            "" => Ok(None),
            text => Self::grade_item(item, text, order).map(|(g, c)| Some(item.graded(g, c))),
        }
    }

    /// Grades answers in form order into the tally; `cell(k)` is answer `k` as given. An
    /// error names the question (from 0).
    #[inline(always)]
    fn grade_form_order<'c>(
        &self,
        tally: &mut Tally,
        items: &[Item<'_>],
        cell: impl Fn(usize) -> Option<&'c [u8]>,
        mut outcomes: Option<&mut Vec<ItemOutcome>>,
    ) -> Result<(), (usize, String)> {
        let mut k = 0;
        loop {
            k = fast_run(tally, items, &cell, k, outcomes.as_deref_mut());
            let (Some(item), Some(text)) = (items.get(k), cell(k)) else {
                return Ok(());
            };
            // Cells are cut from text at ASCII commas and quotes, so they are whole UTF-8.
            let text = std::str::from_utf8(text).unwrap_or_default();
            let outcome = outcomes.as_deref_mut().and_then(|o| o.get_mut(k));
            match Self::grade_slow(item, text, None).map_err(|m| (k, m))? {
                Some(g) => tally.add(g, outcome),
                None => tally.total -= self.rules.unanswered.max(0.0),
            }
            k += 1;
        }
    }

    /// Grades an answer the fast path could not read, through the general reader.
    fn grade_item(
        item: &Item<'_>,
        text: &str,
        order: Option<&[u8]>,
    ) -> Result<(Grade, u8), String> {
        let q = item.question;
        let mut response = parse_response(q, text).map_err(|e| e.to_string())?;
        if let Some(o) = order {
            let paper = Paper {
                participant: String::new(),
                form: String::new(),
                items: vec![super::PaperItem {
                    section: 0,
                    question: q.id.clone(),
                    order: o.to_vec(),
                }],
            };
            response = paper.to_authored(0, response);
        }
        let g =
            grade(q, &response, &GradeOptions { multi: item.multi }).map_err(|e| e.to_string())?;
        let chosen = match &response {
            crate::grade::Response::Choices(c) => key_mask(&Letters(c.clone())),
            _ => 0,
        };
        Ok((g, chosen))
    }

    /// Scores one sheet without recording it; `outcomes` receives one entry per form item
    /// (form order). Returns the form index and the score.
    pub fn score_sheet(
        &self,
        sheet: &Sheet,
        outcomes: &mut Vec<ItemOutcome>,
    ) -> Result<(usize, SheetScore), SheetError> {
        let view = sheet.view();
        self.score(&view, view.time_used(), Some(outcomes))
    }

    fn score(
        &self,
        sheet: &SheetView<'_>,
        time_used: Option<u32>,
        // `None` when nobody reads the outcomes (no item analysis).
        mut outcomes: Option<&mut Vec<ItemOutcome>>,
    ) -> Result<(usize, SheetScore), SheetError> {
        let err = |message: String| SheetError {
            row: sheet.row,
            participant: Some(sheet.participant.to_owned()),
            message,
        };
        let (f, paper) = match (self.rules.answers, sheet.form) {
            (AnswerOrder::Presented { seed }, _) => {
                let form = self
                    .assembly
                    .form_for(seed, sheet.participant)
                    .ok_or_else(|| err("没有试卷".into()))?;
                let paper = Paper::new(self.set, form, seed, sheet.participant)
                    .map_err(|e| err(e.to_string()))?;
                let f = self
                    .forms
                    .iter()
                    .position(|c| *c.label == *form.label)
                    .unwrap_or(0);
                (f, Some(paper))
            }
            (AnswerOrder::Form, Some(label)) => (
                self.forms
                    .iter()
                    .position(|c| &*c.label == label)
                    .ok_or_else(|| err(format!("没有试卷“{label}”")))?,
                None,
            ),
            (AnswerOrder::Form, None) if self.forms.len() == 1 => (0, None),
            (AnswerOrder::Form, None) => {
                return Err(err("有多套试卷，答卷须注明试卷（form）".into()));
            }
        };
        let form = &self.forms[f];
        let answers = sheet.answers_trimmed(Trim::No);
        if answers.len() != form.items.len() {
            return Err(err(format!(
                "答案有 {} 个，试卷有 {} 题",
                answers.len(),
                form.items.len()
            )));
        }
        if let Some(o) = outcomes.as_deref_mut() {
            o.clear();
            o.resize(form.items.len(), ItemOutcome::default());
        }
        let mut tally = Tally {
            total: self.rules.base,
            correct: 0,
            answered: 0,
        };
        match &paper {
            // Answers in form order: item k is answer k.
            None => match sheet.answer_run() {
                Some((text, ranges)) => self.grade_form_order(
                    &mut tally,
                    &form.items,
                    |k| {
                        let &(s, e) = ranges.get(k)?;
                        text.as_bytes().get(s as usize..e as usize)
                    },
                    outcomes.as_deref_mut(),
                ),
                None => self.grade_form_order(
                    &mut tally,
                    &form.items,
                    |k| answers.clone().nth(k).map(str::as_bytes),
                    outcomes.as_deref_mut(),
                ),
            }
            .map_err(|(k, m)| err(format!("第 {} 题：{m}", k + 1)))?,
            Some(p) => {
                for (k, (shown, text)) in p.items.iter().zip(answers).enumerate() {
                    let idx = form
                        .by_id
                        .get(shown.question.0.as_str())
                        .copied()
                        .unwrap_or(k);
                    let Some(item) = form.items.get(idx) else {
                        continue;
                    };
                    let outcome = outcomes.as_deref_mut().and_then(|o| o.get_mut(idx));
                    self.grade_into(&mut tally, item, text, Some(&shown.order), outcome)
                        .map_err(|m| err(format!("第 {} 题：{m}", k + 1)))?;
                }
            }
        }
        let Tally {
            mut total,
            correct,
            answered,
        } = tally;
        // Speed points only on top of a positive score from the answers: a blank or
        // all-wrong sheet handed in at once earns nothing, and a floored total never shows
        // speed points it does not contain.
        let speed = match (self.rules.speed, time_used) {
            (Some(s), Some(used)) if self.limit_secs > 0.0 && total > 0.0 => round2(
                (s.max * (self.limit_secs - f64::from(used)) / self.limit_secs)
                    .clamp(0.0, s.max.max(0.0)),
            ),
            _ => 0.0,
        };
        total += speed;
        if !self.rules.allow_negative {
            total = total.max(0.0);
        }
        Ok((
            f,
            SheetScore {
                score: round2(total),
                speed,
                correct,
                answered,
            },
        ))
    }

    /// Scores a sheet and records it against its participant. A bad sheet is an error and
    /// leaves the scorer unchanged.
    pub fn add(&mut self, sheet: &Sheet) -> Result<(), SheetError> {
        self.add_view(&sheet.view())
    }

    /// As [`Scorer::add`], for a sheet borrowed from [`super::SheetReader::read_view`]: what a
    /// streaming reader calls, with no copy of the row.
    ///
    /// ```
    /// # use kaotang::bank::BankSet;
    /// # use kaotang::contest::{assemble, Blueprint, ScoreRules, Scorer, SheetReader};
    /// # let yaml = "bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n  \
    /// #     - { id: q0, type: judge, stem: 第0题的陈述。, answer: true, explanation: 说明。, \
    /// #     period: 新民主主义革命时期, difficulty: 2, source: { ref: s } }\n";
    /// # let set = BankSet::load(&[("b.yaml", yaml.to_owned())]).unwrap();
    /// # let bp = Blueprint::from_yaml("title: 初赛\ntime_limit_minutes: 10\n\
    /// #     sections: [{ name: 判断题, count: 1, points: 100 }]").unwrap();
    /// # let assembly = assemble(&set, &bp, 1).unwrap();
    /// let mut scorer = Scorer::new(&set, &assembly, ScoreRules::default()).unwrap();
    /// let csv = "编号,单位,1\np1,东城区/一支部,对\np2,东城区/一支部,错\n,东城区,对\n";
    /// let mut reader = SheetReader::new(csv.as_bytes()).unwrap();
    /// let mut bad_rows = Vec::new();
    /// while let Some(row) = reader.read_view() {
    ///     if let Err(e) = row.and_then(|sheet| scorer.add_view(&sheet)) {
    ///         bad_rows.push(e.row);
    ///     }
    /// }
    /// let out = scorer.finish();
    /// assert_eq!(*out.results[0].unit, ["东城区", "一支部"]);
    /// assert_eq!(out.results.iter().map(|r| r.score).collect::<Vec<_>>(), [100.0, 0.0]);
    /// assert_eq!(bad_rows, [4]);
    /// ```
    pub fn add_view(&mut self, sheet: &SheetView<'_>) -> Result<(), SheetError> {
        let time_used = sheet.time_used();
        let mut outcomes = std::mem::take(&mut self.outcomes);
        let analysed = sheet.attempt == 1 && self.analysis.is_some();
        let scored = self.score(sheet, time_used, analysed.then_some(&mut outcomes));
        let (f, score) = match scored {
            Ok(s) => s,
            Err(e) => {
                self.outcomes = outcomes;
                return Err(e);
            }
        };
        if analysed && let Some(a) = self.analysis.as_mut().and_then(|a| a.get_mut(f)) {
            a.add(&outcomes);
        }
        self.outcomes = outcomes;
        self.sheets += 1;
        let counts = match self.rules.attempts {
            AttemptPolicy::Best { limit } => limit.is_none_or(|l| sheet.attempt <= l),
            AttemptPolicy::Sum { limit } => sheet.attempt <= limit,
        };
        if !counts {
            self.ignored += 1;
        }
        let unit = self.intern_unit(sheet);
        // The shared unit path and form label, taken before the participant table is read
        // or written: taking one is an atomic add, which waits for every store before it,
        // and a store into a table of a million participants is a cache miss.
        let shared_unit = self
            .units
            .get(unit as usize)
            .map_or_else(empty_unit, Arc::clone);
        let shared_form = self
            .forms
            .get(f)
            .map_or_else(|| Arc::from(""), |c| Arc::clone(&c.label));
        let counted = (sheet.attempt, score, time_used, sheet.end);
        let sum = matches!(self.rules.attempts, AttemptPolicy::Sum { .. });
        let hash = Person::hash(sheet.participant);
        let results = &self.results;
        let found = self.people.find(Person::spread(hash), |p| {
            p.hash == hash
                && results
                    .get(p.index as usize)
                    .is_some_and(|r| r.participant == sheet.participant)
        });
        let Some(&Person { index: i, .. }) = found else {
            // An ignored attempt still registers the participant, with nothing counted.
            let (score, attempt) = if counts {
                (score, sheet.attempt)
            } else {
                (SheetScore::default(), 0)
            };
            let i = self.results.len() as u32;
            self.people
                .insert_unique(Person::spread(hash), Person { index: i, hash }, |p| {
                    Person::spread(p.hash)
                });
            self.results.push(ParticipantResult {
                participant: sheet.participant.into(),
                name: sheet.name.into(),
                unit: shared_unit,
                form: shared_form,
                score: score.score,
                speed: score.speed,
                correct: score.correct,
                time_used,
                submitted: sheet.end,
                attempt,
                sheets: 1,
            });
            self.entries.push(Entry {
                unit,
                form: f as u32,
            });
            if sum {
                self.counted
                    .push(if counts { vec![counted] } else { Vec::new() });
            }
            return Ok(());
        };
        let candidate = Attempt {
            name: sheet.name,
            unit,
            form: f as u32,
            score,
            time_used,
            submitted: sheet.end,
            attempt: sheet.attempt,
        };
        let (Some(r), Some(e)) = (
            self.results.get_mut(i as usize),
            self.entries.get_mut(i as usize),
        ) else {
            return Ok(());
        };
        r.sheets += 1;
        if counts && (r.attempt == 0 || better(&candidate, r, e, &self.units)) {
            r.name.clear();
            r.name.push_str(sheet.name);
            if e.unit != unit {
                r.unit = shared_unit;
            }
            if e.form != f as u32 {
                r.form = shared_form;
            }
            (e.unit, e.form) = (unit, f as u32);
            r.score = score.score;
            r.speed = score.speed;
            r.correct = score.correct;
            r.time_used = time_used;
            r.submitted = sheet.end;
            r.attempt = sheet.attempt;
        }
        if counts && let Some(all) = self.counted.get_mut(i as usize) {
            match all.iter_mut().find(|c| c.0 == sheet.attempt) {
                // The same attempt number twice: keep the better, whatever the order.
                Some(c)
                    if (counted.1.score, std::cmp::Reverse(counted.2))
                        > (c.1.score, std::cmp::Reverse(c.2)) =>
                {
                    *c = counted;
                }
                Some(_) => {}
                None => all.push(counted),
            }
        }
        Ok(())
    }

    /// The index of the sheet's unit path in `units`, adding it when new. Looked up by the
    /// unit cells as given first (no splitting per sheet); a new spelling is split once and
    /// interned by its levels, so spellings of one path share an index.
    fn intern_unit(&mut self, sheet: &SheetView<'_>) -> u32 {
        let key = &mut self.unit_key;
        key.clear();
        let (raw, parts) = sheet.unit_source();
        key.push(u8::from(raw));
        for part in parts {
            key.extend_from_slice(&(part.len() as u32).to_le_bytes());
            key.extend_from_slice(part.as_bytes());
        }
        let hash = fx_hash(key);
        let spelled = &self.spelled;
        if let Some(s) = self.spellings.find(hash, |s| {
            s.hash == hash && spelled.get(s.start as usize..s.end as usize) == Some(key.as_slice())
        }) {
            return s.unit;
        }
        let start = self.spelled.len() as u32;
        self.spelled.extend_from_slice(key);
        let end = self.spelled.len() as u32;
        let unit = self.unit_id(|| sheet.unit());
        let spelling = Spelling {
            hash,
            start,
            end,
            unit,
        };
        self.spellings.insert_unique(hash, spelling, |s| s.hash);
        unit
    }

    /// The index of the unit path `levels` in `units`, adding it when new.
    fn unit_id<'l, I: Iterator<Item = &'l str>>(&mut self, levels: impl Fn() -> I) -> u32 {
        let key = &mut self.unit_key;
        key.clear();
        key.push(0);
        for level in levels() {
            key.extend_from_slice(&(level.len() as u32).to_le_bytes());
            key.extend_from_slice(level.as_bytes());
        }
        if let Some(&id) = self.unit_ids.get(key.as_slice()) {
            return id;
        }
        let id = self.units.len() as u32;
        self.units
            .push(levels().map(str::to_owned).collect::<Vec<_>>().into());
        self.unit_ids.insert(key.clone(), id);
        id
    }

    /// Takes in what `other` recorded, as if this scorer had read `other`'s sheets after its
    /// own: for scoring parts of a file side by side, each part with its own scorer, then
    /// merging them in file order. The results are the same as one scorer reading every
    /// sheet in that order (the best attempt never depends on order; of two equal ones the
    /// earlier stays, as it would).
    ///
    /// `other` must score the same forms under the same rules, and neither may run item
    /// analysis, whose sums would come out in another order (run it on one scorer).
    ///
    /// ```
    /// # use kaotang::bank::BankSet;
    /// # use kaotang::contest::{assemble, Blueprint, ScoreRules, Scorer, Sheet, SheetError, SheetReader};
    /// # let yaml = "bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n  \
    /// #     - { id: q0, type: judge, stem: 第0题的陈述。, answer: true, explanation: 说明。, \
    /// #     period: 新民主主义革命时期, difficulty: 2, source: { ref: s } }\n";
    /// # let set = BankSet::load(&[("b.yaml", yaml.to_owned())]).unwrap();
    /// # let bp = Blueprint::from_yaml("title: 初赛\ntime_limit_minutes: 10\n\
    /// #     sections: [{ name: 判断题, count: 1, points: 100 }]").unwrap();
    /// # let assembly = assemble(&set, &bp, 1).unwrap();
    /// // Two parts of one file: the second continues the first's columns.
    /// let csv = "编号,次数,1\np1,1,错\np2,1,对\np1,2,对\n";
    /// let (head, tail) = csv.split_at(csv.find("p2").unwrap());
    /// let first = SheetReader::new(head.as_bytes()).unwrap();
    /// let second = first.part(tail.as_bytes());
    /// let score = |reader: &mut dyn Iterator<Item = Result<Sheet, SheetError>>| {
    ///     let mut scorer = Scorer::new(&set, &assembly, ScoreRules::default()).unwrap();
    ///     for sheet in reader {
    ///         scorer.add(&sheet.unwrap()).unwrap();
    ///     }
    ///     scorer
    /// };
    /// let mut whole = score(&mut { first });
    /// whole.merge(score(&mut { second })).unwrap();
    /// let scores: Vec<f64> = whole.finish().results.iter().map(|r| r.score).collect();
    /// assert_eq!(scores, [100.0, 100.0]);
    /// ```
    pub fn merge(&mut self, other: Scorer<'a>) -> Result<(), ContestError> {
        if self.analysis.is_some() || other.analysis.is_some() {
            return Err(ContestError::CannotMerge("试题分析须由一个评分器完成"));
        }
        if !std::ptr::eq(self.assembly, other.assembly) || self.rules != other.rules {
            return Err(ContestError::CannotMerge("两个评分器的试卷或计分规则不同"));
        }
        let Scorer {
            mut results,
            mut entries,
            mut counted,
            units,
            sheets,
            ignored,
            people,
            ..
        } = other;
        drop(people);
        self.sheets += sheets;
        self.ignored += ignored;
        // Taken from the end, and the vectors shrunk as they empty, so the two scorers'
        // results are not all held twice at the peak. Each participant is merged on its own,
        // so the order they are taken in changes nothing (`finish` sorts by id).
        let mut taken = 0u32;
        while let (Some(r), Some(e)) = (results.pop(), entries.pop()) {
            let all = counted.pop().unwrap_or_default();
            let levels = units.get(e.unit as usize).map_or(&[][..], |u| &u[..]);
            let unit = self.unit_id(|| levels.iter().map(String::as_str));
            self.merge_one(r, Entry { unit, form: e.form }, all);
            taken += 1;
            if taken.is_multiple_of(1 << 18) {
                results.shrink_to_fit();
                entries.shrink_to_fit();
            }
        }
        Ok(())
    }

    /// Merges one participant's record from another scorer (see [`Self::merge`]).
    fn merge_one(&mut self, r: ParticipantResult, e: Entry, all: Vec<Counted>) {
        let hash = Person::hash(&r.participant);
        let results = &self.results;
        let found = self.people.find(Person::spread(hash), |p| {
            p.hash == hash
                && results
                    .get(p.index as usize)
                    .is_some_and(|mine| mine.participant == r.participant)
        });
        let shared = self
            .units
            .get(e.unit as usize)
            .map_or_else(empty_unit, Arc::clone);
        let Some(&Person { index: i, .. }) = found else {
            let i = self.results.len() as u32;
            self.people
                .insert_unique(Person::spread(hash), Person { index: i, hash }, |p| {
                    Person::spread(p.hash)
                });
            self.results.push(ParticipantResult { unit: shared, ..r });
            self.entries.push(e);
            if matches!(self.rules.attempts, AttemptPolicy::Sum { .. }) {
                self.counted.push(all);
            }
            return;
        };
        let (Some(mine), Some(entry)) = (
            self.results.get_mut(i as usize),
            self.entries.get_mut(i as usize),
        ) else {
            return;
        };
        mine.sheets += r.sheets;
        let candidate = Attempt {
            name: &r.name,
            unit: e.unit,
            form: e.form,
            score: SheetScore {
                score: r.score,
                speed: r.speed,
                correct: r.correct,
                answered: 0,
            },
            time_used: r.time_used,
            submitted: r.submitted,
            attempt: r.attempt,
        };
        if r.attempt > 0 && (mine.attempt == 0 || better(&candidate, mine, entry, &self.units)) {
            let sheets = mine.sheets;
            *mine = ParticipantResult {
                unit: shared,
                sheets,
                ..r
            };
            *entry = e;
        }
        if let Some(mine) = self.counted.get_mut(i as usize) {
            for c in all {
                match mine.iter_mut().find(|m| m.0 == c.0) {
                    // The same attempt number twice: the better stays, the earlier on a tie.
                    Some(m)
                        if (c.1.score, std::cmp::Reverse(c.2))
                            > (m.1.score, std::cmp::Reverse(m.2)) =>
                    {
                        *m = c;
                    }
                    Some(_) => {}
                    None => mine.push(c),
                }
            }
        }
    }

    /// Ends the round: one result per participant with a counted attempt, by participant id.
    pub fn finish(self) -> Scoring {
        let Self {
            mut results,
            mut counted,
            forms,
            analysis,
            sheets,
            ignored,
            people,
            entries,
            ..
        } = self;
        // The participant table and the side entries are done with: free them before the
        // sort below needs its own memory.
        drop((people, entries));
        for (r, all) in results.iter_mut().zip(&mut counted) {
            if all.is_empty() {
                continue;
            }
            all.sort_by_key(|c| c.0);
            r.score = round2(all.iter().map(|c| c.1.score).sum());
            r.speed = round2(all.iter().map(|c| c.1.speed).sum());
            r.correct = all.iter().map(|c| c.1.correct).sum();
            r.time_used = all.iter().map(|c| c.2).sum();
            r.submitted = all.iter().filter_map(|c| c.3).max();
            r.attempt = all.len() as u32;
        }
        drop(counted);
        // Only ignored sheets (beyond the attempt limit): not a participant.
        results.retain(|r| r.attempt > 0);
        sort_by_participant(&mut results);
        let analysis = analysis
            .map(|a| forms.iter().map(|f| f.label.to_string()).zip(a).collect())
            .unwrap_or_default();
        Scoring {
            results,
            sheets,
            ignored,
            analysis,
        }
    }
}

fn empty_unit() -> Arc<[String]> {
    Arc::from([])
}

/// Sorts results by participant id in place. Ids are compared by a 16-byte big-endian prefix
/// first (contiguous keys instead of a pointer chase per comparison; the prefix order agrees
/// with the full byte order), then the results are moved once each, cycle by cycle.
fn sort_by_participant(results: &mut [ParticipantResult]) {
    let prefix = |id: &str| {
        let mut p = [0u8; 16];
        let n = id.len().min(16);
        p[..n].copy_from_slice(&id.as_bytes()[..n]);
        u128::from_be_bytes(p)
    };
    let mut order: Vec<(u128, usize)> = results
        .iter()
        .enumerate()
        .map(|(i, r)| (prefix(&r.participant), i))
        .collect();
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0).then_with(|| {
            let id = |i: usize| results.get(i).map(|r| r.participant.as_str());
            id(a.1).cmp(&id(b.1))
        })
    });
    // `from[k]` is where the result that belongs at `k` is now.
    let mut from: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
    for start in 0..from.len() {
        let mut k = start;
        while let Some(&src) = from.get(k).filter(|&&src| src != start && src != k) {
            results.swap(k, src);
            if let Some(slot) = from.get_mut(k) {
                *slot = k;
            }
            k = src;
        }
        if let Some(slot) = from.get_mut(k) {
            *slot = k;
        }
    }
}

/// Whether attempt `a` beats the one on record (`b`, with its `entry`): higher score, then
/// less time, then the earlier attempt, then every other field, so the choice never depends on
/// the order sheets arrive in.
fn better(a: &Attempt<'_>, b: &ParticipantResult, entry: &Entry, units: &[Arc<[String]>]) -> bool {
    let unit = |u: u32| units.get(u as usize);
    b.score
        .total_cmp(&a.score.score)
        .then(
            a.time_used
                .unwrap_or(u32::MAX)
                .cmp(&b.time_used.unwrap_or(u32::MAX)),
        )
        .then(a.attempt.cmp(&b.attempt))
        .then(a.submitted.cmp(&b.submitted))
        .then_with(|| {
            (a.name, unit(a.unit), a.form, a.score.correct).cmp(&(
                b.name.as_str(),
                unit(entry.unit),
                entry.form,
                b.correct,
            ))
        })
        .is_lt()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::contest::{Blueprint, assemble};

    fn round() -> (BankSet, Assembly) {
        let q = |id: &str, body: &str| {
            format!(
                "  - {{ id: {id}, {body}, explanation: 说明。, period: 新民主主义革命时期, \
                 difficulty: 2, source: {{ ref: s }} }}\n"
            )
        };
        let yaml =
            String::from("bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\n")
                + "questions:\n"
                + &q(
                    "s1",
                    "type: single, stem: 单选一？, options: [甲, 乙, 丙, 丁], answer: C",
                )
                + &q(
                    "m1",
                    "type: multiple, stem: 多选一？, options: [甲, 乙, 丙, 丁, 戊], answer: ACE",
                )
                + &q(
                    "m2",
                    "type: multiple, stem: 多选二？, options: [甲, 乙, 丙, 丁], answer: AB",
                )
                + &q("j1", "type: judge, stem: 判断一。, answer: true")
                + &q("j2", "type: judge, stem: 判断二。, answer: false");
        let set = BankSet::load(&[("b.yaml", yaml)]).unwrap_or_else(|e| unreachable!("{e}"));
        let bp = Blueprint::from_yaml(
            "title: 测试\ntime_limit_minutes: 10\nsections:\n\
             - { name: 单选, filter: { types: [single] }, count: 1, points: 2 }\n\
             - { name: 多选, filter: { types: [multiple] }, count: 2, points: 4, multi: { policy: partial } }\n\
             - { name: 判断, filter: { types: [judge] }, count: 2, points: 1 }",
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        let assembly = assemble(&set, &bp, 1).unwrap_or_else(|e| unreachable!("{e}"));
        (set, assembly)
    }

    fn cell() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            proptest::char::ranges(vec!['A'..='J', 'a'..='j'].into()).prop_map(String::from),
            proptest::sample::select(vec!["对", "错", "T", "F", "√", "×", " ", "，", "Z", "1"])
                .prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..11).prop_map(|p| p.concat())
    }

    proptest! {
        /// Whatever the fast path grades, it grades as the general reader does; whatever it
        /// leaves, the general reader sees.
        #[test]
        fn fast_path_agrees_with_the_general_reader(cells in proptest::collection::vec(cell(), 5)) {
            let (set, assembly) = round();
            let scorer = Scorer::new(&set, &assembly, ScoreRules::default())
                .unwrap_or_else(|e| unreachable!("{e}"));
            let form = &scorer.forms[0];
            for (item, text) in form.items.iter().zip(&cells) {
                if let Some(g) = fast_grade(item, text.as_bytes(), None) {
                    let general = Scorer::grade_item(item, text, None)
                        .map(|(g, c)| (g.credit, g.correct, c, item.add_for(g.credit)));
                    prop_assert_eq!(general, Ok((g.credit, g.correct, g.chosen, g.add)), "{:?}", text);
                }
            }
        }
    }

    #[test]
    fn the_fast_path_reads_the_common_answers() {
        let (set, assembly) = round();
        let scorer = Scorer::new(&set, &assembly, ScoreRules::default())
            .unwrap_or_else(|e| unreachable!("{e}"));
        let items = &scorer.forms[0].items;
        let read = |k: usize, cell: &str| fast_grade(&items[k], cell.as_bytes(), None).is_some();
        // Form order: single, two multiples, two judges (the blueprint's section order).
        assert!(read(0, "C") && read(0, "a") && !read(0, "E") && !read(0, " C"));
        assert!(read(1, "ACE") && read(1, "eca") && read(1, "ABCDE") && !read(1, "ABCDEF"));
        assert!(read(2, "ba") && !read(2, "ABE") && !read(2, "ABCDEFGHI") && !read(2, ""));
        assert!(["对", "错", "T", "F", "√", "×"].iter().all(|c| read(3, c)) && !read(3, "是"));
    }
}
