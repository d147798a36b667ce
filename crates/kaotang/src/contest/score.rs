//! Scoring answer sheets under a rule set, streamed.
//!
//! Per question: an unanswered question scores `−unanswered`; an answer with some credit
//! scores `points × credit` (credit from [`crate::grade::grade`] under the section's
//! multi-select policy); an answer with no credit scores `−wrong`. A sheet scores
//! `base + Σ questions + speed`, floored at 0 unless `allow_negative`, rounded to 0.01 分.
//! Speed points are `max × (limit − used) / limit`, clamped to `[0, max]`, and are given only
//! when `Σ questions` (without the base) is above 0 and so is `base + Σ questions`: a sheet
//! whose answers earn nothing (blank or all wrong) gets no speed points whatever the base, and
//! a score floored at 0 never carries any, so a score is always its answers' points plus the
//! speed points it reports.
//!
//! A participant's attempts combine by [`AttemptPolicy`]. Sheets numbered beyond the
//! policy's attempt limit are counted as ignored, and someone whose only sheets are ignored
//! is not a participant: they get no result (so they do not count in unit participation or
//! averages). Memory holds one record per participant, never per sheet, so a CSV of any
//! length streams through [`Scorer::add`].

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex, PoisonError};

use compact_str::CompactString;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod join;
mod wide;

use super::sheet::{Trim, trim};
use super::split::{Workers, pieces_for, run_all};
use super::{Assembly, ContestError, ItemAnalyzer, ItemInfo, Paper, Sheet, SheetError, SheetView};
use crate::bank::{BankSet, Letters, Question, QuestionKind};
use crate::grade::{Grade, GradeOptions, MultiPolicy, grade, grade_multiple_mask, parse_response};
use crate::time::Timestamp;
pub use join::ScoredPart;
use join::{settle, sort_by_participant};

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
    /// Reads rules from YAML; errors carry line and column, and the numbers are checked
    /// ([`ScoreRules::validate`]).
    pub fn from_yaml(text: &str) -> Result<Self, ContestError> {
        let rules: Self = super::read_config(text)?;
        rules.validate()?;
        Ok(rules)
    }

    /// Checks the numbers that serde cannot, naming the field: `base` finite; deductions
    /// (`wrong`, `unanswered`, a section's `wrong`) and a section's `points` finite and not
    /// negative (a deduction is written as a positive number); `speed.max` finite and not
    /// negative, `speed.limit_secs` not 0; `attempts.limit` not 0. [`Scorer::new`] checks
    /// too, so rules from JSON are held to the same.
    ///
    /// ```
    /// use kaotang::contest::ScoreRules;
    /// let e = ScoreRules::from_yaml("wrong: -2").unwrap_err();
    /// assert_eq!(e.to_string(), "计分规则有误：wrong（答错扣分）应为 0 或正数（扣分写正数），而不是 -2");
    /// ```
    pub fn validate(&self) -> Result<(), ContestError> {
        let bad = |m: String| Err(ContestError::InvalidRules(m));
        if !self.base.is_finite() {
            return bad(format!("base（基础分）应为有限的数，而不是 {}", self.base));
        }
        let deductions = [
            ("wrong（答错扣分）".to_owned(), Some(self.wrong)),
            ("unanswered（未答扣分）".to_owned(), Some(self.unanswered)),
        ];
        let sections = self.sections.iter().flat_map(|r| {
            [
                (
                    format!("sections 中“{}”的 points（每题分值）", r.section),
                    r.points,
                ),
                (
                    format!("sections 中“{}”的 wrong（答错扣分）", r.section),
                    r.wrong,
                ),
            ]
        });
        for (field, value) in deductions.into_iter().chain(sections) {
            if let Some(v) = value.filter(|v| !(v.is_finite() && *v >= 0.0)) {
                let hint = if field.contains("wrong") || field.contains("unanswered") {
                    "（扣分写正数）"
                } else {
                    ""
                };
                return bad(format!("{field}应为 0 或正数{hint}，而不是 {v}"));
            }
        }
        if let Some(speed) = self.speed {
            if !(speed.max.is_finite() && speed.max >= 0.0) {
                return bad(format!(
                    "speed.max（用时加分上限）应为 0 或正数，而不是 {}",
                    speed.max
                ));
            }
            if speed.limit_secs == Some(0) {
                return bad(
                    "speed.limit_secs（计算用时加分的时限）应为正整数（秒）；不加用时加分请删去 speed"
                        .into(),
                );
            }
        }
        if let AttemptPolicy::Best { limit: Some(0) } | AttemptPolicy::Sum { limit: 0 } =
            self.attempts
        {
            return bad("attempts.limit（计分的次数上限）应为正整数".into());
        }
        Ok(())
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ParticipantResult {
    /// Participant id (stored inline up to 24 bytes, as ids and names nearly always are: a
    /// round of a million participants allocates nothing for them).
    #[schemars(with = "String")]
    pub participant: CompactString,
    /// Name (from the counted attempt).
    #[schemars(with = "String")]
    pub name: CompactString,
    /// Unit path (from the counted attempt), shared by everyone in the unit.
    #[schemars(with = "Vec<String>")]
    pub unit: Arc<[String]>,
    /// Form label, shared by everyone on the form.
    #[schemars(with = "String")]
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

impl ParticipantResult {
    /// Whether the score without speed points reaches `marks` (满分 when `marks` is the
    /// paper's full marks: a full paper answered slowly is still 满分, and speed points
    /// cannot make up for a wrong answer). Both are whole hundredths, compared as such, so
    /// 99.99 + 0.01 reaches 100.
    pub fn reaches_without_speed(&self, marks: f64) -> bool {
        libm::round((self.score - self.speed) * 100.0) >= libm::round(marks * 100.0)
    }
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
    // Where this item's answers graded in advance are in its form's `slots`.
    probe: Probe,
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
    // Every item's answers graded in advance (see `Slot`), one small table per item.
    slots: Vec<Slot>,
    // The probes side by side, where the processor can grade four cells at once.
    wide: Option<wide::Wide>,
    by_id: HashMap<&'a str, usize>,
}

/// A participant's record while scoring, 48 bytes: id and name in the scorer's [`Texts`],
/// unit and form by index. A [`ParticipantResult`] alone is 136 bytes; with this record,
/// its text and its slot in the table a participant takes under 100 bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rec {
    /// Where the id and name are in [`Texts`] (low 32 bits) and the unit (high 32).
    place: u64,
    score: f64,
    speed: f64,
    /// The submission time (low 40 bits, signed: ±17,000 years of seconds), the form (16
    /// bits), [`HAS_TIME`] and [`HAS_SUBMITTED`] (top 8).
    packed: u64,
    correct: u32,
    time_used: u32,
    attempt: u32,
    sheets: u32,
}

// The size the memory figures in benches/README.md rest on.
const _: () = assert!(std::mem::size_of::<Rec>() == 48);

const HAS_TIME: u8 = 1;
const HAS_SUBMITTED: u8 = 2;
const TIME_BITS: u32 = 40;
const TIME_MASK: u64 = (1 << TIME_BITS) - 1;
/// The most bytes of ids and names a scorer holds (offsets are 32 bits).
const TEXT_LIMIT: usize = u32::MAX as usize;

/// Whether a time fits the record's 40 bits.
fn time_fits(t: Timestamp) -> bool {
    (-(1i64 << (TIME_BITS - 1))..1i64 << (TIME_BITS - 1)).contains(&t.0)
}

impl Rec {
    /// A record of nothing, to fill arrays with.
    const EMPTY: Rec = Rec {
        place: 0,
        score: 0.0,
        speed: 0.0,
        packed: 0,
        correct: 0,
        time_used: 0,
        attempt: 0,
        sheets: 0,
    };

    fn text(&self) -> u64 {
        self.place & 0xFFFF_FFFF
    }

    fn set_text(&mut self, at: u64) {
        self.place = self.place & !0xFFFF_FFFF | at & 0xFFFF_FFFF;
    }

    fn unit(&self) -> u32 {
        (self.place >> 32) as u32
    }

    fn set_unit(&mut self, unit: u32) {
        self.place = self.place & 0xFFFF_FFFF | u64::from(unit) << 32;
    }

    fn form(&self) -> u16 {
        (self.packed >> TIME_BITS) as u16
    }

    fn set_form(&mut self, form: u16) {
        self.packed = self.packed & !(0xFFFF << TIME_BITS) | u64::from(form) << TIME_BITS;
    }

    fn flags(&self) -> u8 {
        (self.packed >> 56) as u8
    }

    pub(crate) fn score(&self) -> f64 {
        self.score
    }

    pub(crate) fn correct(&self) -> u32 {
        self.correct
    }

    pub(crate) fn time_used(&self) -> Option<u32> {
        (self.flags() & HAS_TIME != 0).then_some(self.time_used)
    }

    pub(crate) fn submitted(&self) -> Option<Timestamp> {
        // Sign-extended from 40 bits.
        let t = ((self.packed << (64 - TIME_BITS)) as i64) >> (64 - TIME_BITS);
        (self.flags() & HAS_SUBMITTED != 0).then_some(Timestamp(t))
    }

    /// Sets the time used and the submission time, which must [`time_fits`].
    fn set_time(&mut self, time_used: Option<u32>, submitted: Option<Timestamp>) {
        let flags = (u8::from(time_used.is_some()) * HAS_TIME)
            | (u8::from(submitted.is_some()) * HAS_SUBMITTED);
        let t = submitted.map_or(0, |t| t.0 as u64 & TIME_MASK);
        self.packed = self.packed & (0xFFFF << TIME_BITS) | u64::from(flags) << 56 | t;
        self.time_used = time_used.unwrap_or(0);
    }

    fn set_score(&mut self, s: SheetScore) {
        (self.score, self.speed, self.correct) = (s.score, s.speed, s.correct);
    }
}

/// Participant ids and names side by side in one string: `[id length][id][name
/// length][name]` per entry, so a million short ids and names take about 20 MB in one
/// allocation instead of a string each. Lengths are written in ASCII digits of six bits,
/// lowest first (`0x40 | digit` while more follow, then the last digit), which keeps the
/// whole a `String` and reading a slice of it free of UTF-8 checks.
#[derive(Default)]
pub(crate) struct Texts(String);

impl Texts {
    /// Appends an id and name; returns where they are.
    fn push(&mut self, id: &str, name: &str) -> u64 {
        let at = self.0.len() as u64;
        for s in [id, name] {
            let mut n = s.len();
            while n >= 0x40 {
                self.0.push(char::from(0x40 | (n & 0x3f) as u8));
                n >>= 6;
            }
            self.0.push(char::from(n as u8));
            self.0.push_str(s);
        }
        at
    }

    /// The id and name at `at`.
    pub(crate) fn get(&self, at: u64) -> (&str, &str) {
        let at = usize::try_from(at).unwrap_or(usize::MAX);
        let (id, next) = self.take(at);
        (id, self.take(next).0)
    }

    /// Starts loading the bytes at `at` and 24 bytes on (most of an id and a name) into
    /// the caches, without waiting for them.
    fn prefetch(&self, at: u64) {
        let at = usize::try_from(at).unwrap_or(usize::MAX);
        let bytes = self.0.as_bytes();
        for b in [bytes.get(at), bytes.get(at.saturating_add(24))]
            .into_iter()
            .flatten()
        {
            prefetch(b);
        }
    }

    pub(crate) fn id(&self, at: u64) -> &str {
        self.take(usize::try_from(at).unwrap_or(usize::MAX)).0
    }

    /// The string whose length starts at byte `at`, and where the next entry starts.
    #[inline]
    fn take(&self, mut at: usize) -> (&str, usize) {
        let bytes = self.0.as_bytes();
        let (mut n, mut shift) = (0usize, 0u32);
        while let Some(&b) = bytes.get(at) {
            at += 1;
            n |= usize::from(b & 0x3f).checked_shl(shift).unwrap_or(0);
            shift += 6;
            if b < 0x40 {
                break;
            }
        }
        let end = at.saturating_add(n);
        (self.0.get(at..end).unwrap_or_default(), end)
    }
}

/// Where ids and names are read by offset: one scorer's [`Texts`], or several parts' read as
/// if laid end to end ([`TextRuns`]).
pub(crate) trait Names {
    /// The id and name at `at`.
    fn get(&self, at: u64) -> (&str, &str);
    /// The id at `at`.
    fn id(&self, at: u64) -> &str;
}

impl Names for Texts {
    fn get(&self, at: u64) -> (&str, &str) {
        Texts::get(self, at)
    }

    fn id(&self, at: u64) -> &str {
        Texts::id(self, at)
    }
}

/// Nothing to read: what a missing run reads as.
static NO_TEXTS: Texts = Texts(String::new());

/// The parts' [`Texts`] read as if laid end to end, as [`CompactScoring::join`] lays them,
/// without copying them there: a split join keeps them as they are.
pub(crate) struct TextRuns {
    runs: Vec<Texts>,
    /// Where each run starts in the whole.
    bases: Vec<u64>,
}

impl TextRuns {
    fn one(texts: Texts) -> Self {
        Self {
            runs: vec![texts],
            bases: vec![0],
        }
    }

    /// The run `at` is in, and where in it.
    #[inline]
    fn find(&self, at: u64) -> (&Texts, u64) {
        match (self.runs.as_slice(), self.bases.as_slice()) {
            ([only], _) => (only, at),
            // Two parts (two threads): chosen by a select, not a branch to guess (results
            // are read in rank order, at random).
            ([first, second], &[_, base]) => {
                let later = at >= base;
                let texts = if later { second } else { first };
                (texts, at - u64::from(later) * base)
            }
            _ => {
                let k: usize = self
                    .bases
                    .iter()
                    .skip(1)
                    .map(|&b| usize::from(b <= at))
                    .sum();
                match (self.runs.get(k), self.bases.get(k)) {
                    (Some(texts), Some(&base)) => (texts, at - base),
                    _ => (&NO_TEXTS, 0),
                }
            }
        }
    }
}

impl Names for TextRuns {
    #[inline]
    fn get(&self, at: u64) -> (&str, &str) {
        let (texts, at) = self.find(at);
        texts.get(at)
    }

    #[inline]
    fn id(&self, at: u64) -> &str {
        let (texts, at) = self.find(at);
        texts.id(at)
    }
}

/// A counted attempt under [`AttemptPolicy::Sum`]: number, score, time used, submitted.
type Counted = (u32, SheetScore, Option<u32>, Option<Timestamp>);

/// The participants seen, by id: an open-addressing table with linear probing, each slot one
/// `u64` holding 32 bits of the id's hash (high) and where the participant's record is
/// (low). Finding a participant or the free slot a new one goes in reads one place in the
/// table, usually one cache line (a table with separate control bytes reads two, and at a
/// million participants each is a cache miss); the hash bits let growing the table and most
/// failed comparisons read only the table, not a record in a random place.
#[derive(Default)]
struct People {
    slots: Vec<u64>,
    len: usize,
}

/// A free slot: no record index is `u32::MAX` (a scorer holds under 2^31 participants, its
/// texts being under 4 GiB with at least two bytes each).
const FREE: u64 = u64::MAX;

impl People {
    fn hash(id: &str) -> u32 {
        // Folded, so every bit of the id's hash counts (FxHash's high bits are its best).
        let h = fx_hash(id.as_bytes());
        (h ^ h >> 32) as u32
    }

    /// The first slot to look in for `hash` (its bits mixed again, so ids that differ only
    /// in their last bytes do not crowd together).
    #[inline]
    fn home(&self, hash: u32) -> usize {
        let bits = self.slots.len().trailing_zeros();
        (u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
    }

    /// Starts loading the slot a lookup of `hash` reads first, so that the lookup, made once
    /// the sheet is graded, finds it in cache: at a million participants the table is far
    /// larger than the caches, and waiting for that slot was half of [`Scorer::add_view`].
    #[inline]
    fn prefetch(&self, hash: u32) {
        if let Some(slot) = self.slots.get(self.home(hash)) {
            prefetch(slot);
        }
    }

    /// The index of the participant whose hash is `hash` and for whose index `same` holds;
    /// if there is none, `index` is recorded as theirs and `None` returned.
    #[inline]
    fn find_or_insert(&mut self, hash: u32, index: u32, same: impl Fn(u32) -> bool) -> Option<u32> {
        // At most three quarters full, so a free slot is always found.
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(hash);
        loop {
            let slot = self.slots.get(at).copied().unwrap_or(FREE);
            if slot == FREE {
                if let Some(free) = self.slots.get_mut(at) {
                    *free = u64::from(hash) << 32 | u64::from(index);
                }
                self.len += 1;
                return None;
            }
            if (slot >> 32) as u32 == hash && same(slot as u32) {
                return Some(slot as u32);
            }
            at = (at + 1) & mask;
        }
    }

    /// Doubles the table (from 1,024 slots), placing every entry again by its stored hash.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1 << 10);
        let old = std::mem::replace(&mut self.slots, vec![FREE; size]);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|&s| s != FREE) {
            let mut at = self.home((slot >> 32) as u32);
            while self.slots.get(at).is_some_and(|&s| s != FREE) {
                at = (at + 1) & mask;
            }
            if let Some(free) = self.slots.get_mut(at) {
                *free = slot;
            }
        }
    }
}

/// Asks the processor to bring `value` into its caches, without waiting for it.
#[inline(always)]
#[allow(unsafe_code)]
fn prefetch<T>(value: &T) {
    let at: *const T = value;
    // SAFETY: a prefetch is only a hint: it never faults, writes no memory and changes no
    // register or flag (and `at` points to a live value anyway).
    #[cfg(target_arch = "x86_64")]
    unsafe {
        core::arch::x86_64::_mm_prefetch::<{ core::arch::x86_64::_MM_HINT_T0 }>(at.cast());
    }
    // SAFETY: as above (`prfm` is the same hint on 64-bit Arm).
    #[cfg(target_arch = "aarch64")]
    unsafe {
        core::arch::asm!("prfm pldl1keep, [{0}]", in(reg) at, options(nostack, readonly, preserves_flags));
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    let _ = at;
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
    form: u16,
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
    // Participants in the order first seen: `people` holds indices into `recs`, whose ids
    // and names are in `texts`; `counted` runs beside `recs` under `Sum` (empty otherwise).
    people: People,
    recs: Vec<Rec>,
    texts: Texts,
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
    // False for item analysis alone: no participant is recorded.
    keep_participants: bool,
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
/// `cell(k)` is answer `k` as given and its [`cell_key`].
#[inline(never)]
fn fast_run<'c>(
    tally: &mut Tally,
    items: &[Item<'_>],
    slots: &[Slot],
    cell: &impl Fn(usize) -> Option<(&'c [u8], u64)>,
    mut k: usize,
    mut outcomes: Option<&mut Vec<ItemOutcome>>,
) -> usize {
    let mut t = *tally;
    if outcomes.is_none() {
        // Nearly every answer is one its item graded in advance: one probe, no branch on
        // whether it is right.
        let (mut correct, mut answered) = (0u64, 0u64);
        while let (Some(item), Some((text, key))) = (items.get(k), cell(k)) {
            let slot = slots.get(item.probe.at(key)).copied().unwrap_or(EMPTY_SLOT);
            if slot.holds(key) {
                t.total += slot.add;
                correct += slot.key >> CORRECT_BIT;
                answered += (slot.key >> ANSWERED_BIT) & 1;
            } else {
                let Some(g) = fast_grade(item, text, None) else {
                    break;
                };
                t.add(g, None);
            }
            k += 1;
        }
        // At most one per item, and a form's items fit in memory: no overflow.
        t.correct = t.correct.wrapping_add(correct as u32);
        t.answered = t.answered.wrapping_add(answered as u32);
    } else {
        while let (Some(item), Some((text, _))) = (items.get(k), cell(k)) {
            let Some(g) = fast_grade(item, text, None) else {
                break;
            };
            t.add(g, outcomes.as_deref_mut().and_then(|o| o.get_mut(k)));
            k += 1;
        }
    }
    *tally = t;
    k
}

/// A cell as one integer: up to 7 bytes in the low 56 bits, its length (at most 8, for
/// every longer cell) in bits 56–59, so `C` and `C\0` differ. `word` holds the cell's bytes
/// from its first (bytes past the cell are ignored); two cells of at most 7 bytes have the
/// same key only when they are the same.
#[inline(always)]
fn cell_key(word: u64, len: usize) -> u64 {
    let n = len.min(8) as u64;
    let keep = (1u64 << (8 * n.min(7))) - 1;
    (word & keep) | n << 56
}

/// [`cell_key`] of a cell with nothing readable after it.
#[inline]
fn cell_key_of(cell: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    for (w, &b) in word.iter_mut().zip(cell) {
        *w = b;
    }
    cell_key(u64::from_le_bytes(word), cell.len())
}

/// [`cell_key`] of `text[start..end]`, reading 8 bytes at once where `text` has them.
#[inline(always)]
fn cell_key_in(text: &[u8], start: usize, end: usize) -> u64 {
    match text.get(start..).and_then(|t| t.first_chunk::<8>()) {
        Some(&w) => cell_key(u64::from_le_bytes(w), end - start),
        None => cell_key_of(text.get(start..end).unwrap_or(&[])),
    }
}

/// One answer graded in advance: the cell's [`cell_key`] with [`ANSWERED_BIT`] and
/// [`CORRECT_BIT`] set as the answer counts, and what it adds to the total. Laid out as
/// written: [`wide`] reads the two fields as two 64-bit words.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
struct Slot {
    key: u64,
    add: f64,
}

/// Where a slot's key says the answer counts as answered and as right (a cell key's bits
/// 60–63 are always 0).
const ANSWERED_BIT: u32 = 62;
const CORRECT_BIT: u32 = 63;

/// A free slot: its length bits (56–61) hold 63, which no cell key has.
const EMPTY_SLOT: Slot = Slot {
    key: u64::MAX,
    add: 0.0,
};

impl Slot {
    #[inline(always)]
    fn holds(&self, key: u64) -> bool {
        (self.key ^ key) << 2 == 0
    }
}

/// An item's table of answers graded in advance: `1 << (64 − shift)` slots from `base`,
/// the slot of a key at `(key × mul) >> shift`, chosen so that no two answers share one.
#[derive(Clone, Copy, Debug)]
struct Probe {
    mul: u64,
    shift: u32,
    base: u32,
}

impl Probe {
    #[inline(always)]
    fn at(&self, key: u64) -> usize {
        (key.wrapping_mul(self.mul) >> self.shift) as usize + self.base as usize
    }
}

/// The cells worth grading in advance for an item: what sheets nearly always hold (each
/// option letter of a single choice in either case, each set of a multiple choice's
/// options in order, the six spellings of a true/false answer) and the blank cell.
fn common_cells(key: &Key) -> Vec<Vec<u8>> {
    let letters = |mask: u32, base: u8| -> Vec<u8> {
        (0..8u8)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| base + i)
            .collect()
    };
    let mut cells = vec![Vec::new()];
    match *key {
        Key::Single { n, .. } => {
            for i in 0..u32::from(n.min(8)) {
                cells.push(letters(1 << i, b'A'));
                cells.push(letters(1 << i, b'a'));
            }
        }
        Key::Multiple { n, .. } => {
            // Keys hold at most 7 bytes: all eight letters stay with the fast path.
            let all = 1u32 << n.min(8);
            cells.extend((1..all).map(|m| letters(m, b'A')).filter(|c| c.len() <= 7));
        }
        Key::Judge(_) => {
            cells.extend(["对", "错", "T", "F", "√", "×"].map(|c| c.as_bytes().to_vec()));
        }
        Key::Other => {}
    }
    cells
}

/// Fills `slots` with `item`'s answers graded in advance; `grade` is how the scorer grades
/// a cell (answers it refuses stay out). Returns where they are.
fn graded_in_advance(
    item: &Item<'_>,
    grade: impl Fn(&[u8]) -> Option<Slot>,
    slots: &mut Vec<Slot>,
) -> Probe {
    let entries: Vec<Slot> = common_cells(&item.key)
        .iter()
        .filter_map(|cell| grade(cell))
        .collect();
    let least = (entries.len() * 2)
        .next_power_of_two()
        .trailing_zeros()
        .max(1);
    let mut taken = Vec::new();
    for bits in least..=least + 4 {
        let shift = 64 - bits;
        for seed in 0..1024u64 {
            // Odd multipliers from a fixed sequence: the tables are the same on every run.
            let mul = seed
                .wrapping_add(1)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .rotate_left(17)
                | 1;
            taken.clear();
            taken.resize(1 << bits, false);
            let fits = entries.iter().all(|e| {
                let at = ((e.key & !(3 << ANSWERED_BIT)).wrapping_mul(mul) >> shift) as usize;
                taken
                    .get_mut(at)
                    .is_some_and(|t| !std::mem::replace(t, true))
            });
            if fits {
                let base = slots.len();
                slots.resize(base + (1 << bits), EMPTY_SLOT);
                let probe = Probe {
                    mul,
                    shift,
                    base: base as u32,
                };
                for e in &entries {
                    if let Some(s) = slots.get_mut(probe.at(e.key & !(3 << ANSWERED_BIT))) {
                        *s = *e;
                    }
                }
                return probe;
            }
        }
    }
    // No table (never seen in practice): one free slot, every answer takes the fast path.
    let base = slots.len();
    slots.extend([EMPTY_SLOT; 2]);
    Probe {
        mul: 0,
        shift: 63,
        base: base as u32,
    }
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
        rules.validate()?;
        for r in &rules.sections {
            if !assembly
                .forms
                .iter()
                .any(|f| f.sections.iter().any(|s| s.name == r.section))
            {
                return Err(ContestError::UnknownSection(r.section.clone()));
            }
        }
        if assembly.forms.len() > usize::from(u16::MAX) + 1 {
            return Err(ContestError::InvalidBlueprint(
                "试卷超过 65536 套，无法评分".into(),
            ));
        }
        let mut forms = Vec::with_capacity(assembly.forms.len());
        for form in &assembly.forms {
            let mut items = Vec::with_capacity(form.len());
            let mut slots = Vec::new();
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
                    probe: Probe {
                        mul: 0,
                        shift: 63,
                        base: 0,
                    },
                };
                item.by_right = [(0.0, item.add_for(0.0)), (1.0, item.add_for(1.0))];
                item.probe = graded_in_advance(
                    &item,
                    |cell| Self::slot_for(&item, cell, rules.unanswered),
                    &mut slots,
                );
                items.push(item);
            }
            forms.push(CompiledForm {
                label: form.label.as_str().into(),
                wide: wide::Wide::new(&items, &slots),
                items,
                slots,
                by_id,
            });
        }
        let limit_secs = f64::from(
            rules
                .speed
                .and_then(|s| s.limit_secs)
                .unwrap_or(assembly.time_limit_minutes.saturating_mul(60)),
        );
        if rules.speed.is_some() && limit_secs <= 0.0 {
            return Err(ContestError::InvalidRules(
                "试卷时限为 0，用时加分须在 speed 中写明 limit_secs（秒）".into(),
            ));
        }
        Ok(Self {
            set,
            assembly,
            rules,
            forms,
            limit_secs,
            people: People::default(),
            recs: Vec::new(),
            texts: Texts::default(),
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
            keep_participants: true,
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

    /// Item analysis alone: every sheet is graded and its first attempts analysed as
    /// [`Self::with_analysis`] does, but no participant is recorded, so memory stays the
    /// same however many sheets come (a million participants' records are about 100 MB).
    /// End with [`Self::finish_analysis`].
    pub fn analysis_only(self) -> Self {
        Self {
            keep_participants: false,
            ..self.with_analysis()
        }
    }

    /// The item analysis per form (first attempts only; empty without
    /// [`Self::with_analysis`] or [`Self::analysis_only`]), without making any results.
    pub fn finish_analysis(self) -> Vec<(String, ItemAnalyzer)> {
        let labels = self.forms.iter().map(|f| f.label.to_string());
        labels.zip(self.analysis.unwrap_or_default()).collect()
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

    /// How a cell is graded, one at a time: the fast path, else the general reader; `None`
    /// when unanswered. What [`fast_run`]'s table must agree with.
    fn grade_cell(item: &Item<'_>, cell: &[u8]) -> Result<Option<Graded>, String> {
        match fast_grade(item, cell, None) {
            Some(g) => Ok(Some(g)),
            None => Self::grade_slow(item, std::str::from_utf8(cell).unwrap_or_default(), None),
        }
    }

    /// `cell` graded in advance for `item` (see [`Slot`]); `None` for a refused answer.
    fn slot_for(item: &Item<'_>, cell: &[u8], unanswered: f64) -> Option<Slot> {
        let key = cell_key_of(cell);
        match Self::grade_cell(item, cell).ok()? {
            Some(g) => Some(Slot {
                key: key | 1 << ANSWERED_BIT | u64::from(g.correct) << CORRECT_BIT,
                add: g.add,
            }),
            // As `grade_form_order` counts a blank: `total − u` is `total + (−u)`, to the bit.
            None => Some(Slot {
                key,
                add: -unanswered.max(0.0),
            }),
        }
    }

    /// Grades answers in form order into the tally, from answer `from` (those before it
    /// are in the tally already); `cell(k)` is answer `k` as given, with its [`cell_key`].
    /// An error names the question (from 0).
    #[inline(always)]
    fn grade_form_order<'c>(
        &self,
        tally: &mut Tally,
        form: &CompiledForm<'_>,
        from: usize,
        cell: impl Fn(usize) -> Option<(&'c [u8], u64)>,
        mut outcomes: Option<&mut Vec<ItemOutcome>>,
    ) -> Result<(), (usize, String)> {
        let (items, slots) = (&form.items, &form.slots);
        let mut k = from;
        loop {
            k = fast_run(tally, items, slots, &cell, k, outcomes.as_deref_mut());
            let (Some(item), Some((text, _))) = (items.get(k), cell(k)) else {
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
                Some((text, starts)) => {
                    // Four answers at a time while they are graded in advance.
                    let from = match (&form.wide, &outcomes) {
                        (Some(w), None) => {
                            w.grade_prefix(&form.slots, text.as_bytes(), starts, &mut tally)
                        }
                        _ => 0,
                    };
                    self.grade_form_order(
                        &mut tally,
                        form,
                        from,
                        |k| {
                            let (s, e) = super::rows::field(text, starts, k)?;
                            let text = text.as_bytes();
                            Some((text.get(s..e)?, cell_key_in(text, s, e)))
                        },
                        outcomes.as_deref_mut(),
                    )
                }
                // Answers in other columns of the row: found by column, read as a run's.
                None => match sheet.answer_columns() {
                    Some((text, starts, columns)) => self.grade_form_order(
                        &mut tally,
                        form,
                        0,
                        |k| {
                            let (s, e) = super::rows::field(text, starts, *columns.get(k)?)?;
                            let text = text.as_bytes();
                            Some((text.get(s..e)?, cell_key_in(text, s, e)))
                        },
                        outcomes.as_deref_mut(),
                    ),
                    None => self.grade_form_order(
                        &mut tally,
                        form,
                        0,
                        |k| {
                            let cell = answers.clone().nth(k)?.as_bytes();
                            Some((cell, cell_key_of(cell)))
                        },
                        outcomes.as_deref_mut(),
                    ),
                },
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
        // Speed points only when the answers earned something (their points without the
        // base, to the 0.01 scores are kept to, are above 0): a blank or all-wrong sheet
        // handed in at once earns none, whatever the base. Nor when the total before them is
        // not above 0, so a floored total never shows speed points it does not contain.
        let earned = round2(total - self.rules.base) > 0.0;
        let speed = match (self.rules.speed, time_used) {
            (Some(s), Some(used)) if earned && total > 0.0 => round2(
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
        let refuse = |message: &str| SheetError {
            row: sheet.row,
            participant: Some(sheet.participant.to_owned()),
            message: message.into(),
        };
        if sheet.end.is_some_and(|t| !time_fits(t)) {
            return Err(refuse("结束时间超出可记录的范围"));
        }
        if self.texts.0.len() + sheet.participant.len() + sheet.name.len() + 16 > TEXT_LIMIT {
            return Err(refuse("参赛编号和姓名的总长超过 4 GiB，无法再记录"));
        }
        // Looked up after grading; the table's slot is on its way meanwhile.
        let hash = People::hash(sheet.participant);
        self.people.prefetch(hash);
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
        if !self.keep_participants {
            return Ok(());
        }
        let counts = match self.rules.attempts {
            AttemptPolicy::Best { limit } => limit.is_none_or(|l| sheet.attempt <= l),
            AttemptPolicy::Sum { limit } => sheet.attempt <= limit,
        };
        if !counts {
            self.ignored += 1;
        }
        let unit = self.intern_unit(sheet);
        let form = f as u16;
        let counted = (sheet.attempt, score, time_used, sheet.end);
        let sum = matches!(self.rules.attempts, AttemptPolicy::Sum { .. });
        let (recs, texts) = (&self.recs, &self.texts);
        let known = self
            .people
            .find_or_insert(hash, self.recs.len() as u32, |i| {
                recs.get(i as usize)
                    .is_some_and(|r| texts.id(r.text()) == sheet.participant)
            });
        let Some(i) = known else {
            // An ignored attempt still registers the participant, with nothing counted.
            let mut rec = Rec {
                sheets: 1,
                ..Rec::EMPTY
            };
            rec.set_text(self.texts.push(sheet.participant, sheet.name));
            rec.set_unit(unit);
            rec.set_form(form);
            rec.set_time(time_used, sheet.end);
            if counts {
                rec.set_score(score);
                rec.attempt = sheet.attempt;
            }
            self.recs.push(rec);
            if sum {
                self.counted
                    .push(if counts { vec![counted] } else { Vec::new() });
            }
            return Ok(());
        };
        let candidate = Attempt {
            name: sheet.name,
            unit,
            form,
            score,
            time_used,
            submitted: sheet.end,
            attempt: sheet.attempt,
        };
        let Some(r) = self.recs.get_mut(i as usize) else {
            return Ok(());
        };
        r.sheets += 1;
        if counts && (r.attempt == 0 || better(&candidate, r, &self.texts, &self.units)) {
            if self.texts.get(r.text()).1 != sheet.name {
                r.set_text(self.texts.push(sheet.participant, sheet.name));
            }
            r.set_unit(unit);
            r.set_form(form);
            r.set_score(score);
            r.set_time(time_used, sheet.end);
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

    /// Ends this scorer's part of a round: its records sorted by participant id, for
    /// [`CompactScoring::join`] to join with the other parts. This is how the parts of a
    /// file are scored side by side: each part's scorer reads its sheets and finishes (the
    /// sort) on a thread of its own, and the join then walks the sorted parts once, with no
    /// table of participants.
    ///
    /// ```
    /// # use kaotang::bank::BankSet;
    /// # use kaotang::contest::{assemble, Blueprint, CompactScoring, ScoreRules, Scorer, SheetReader};
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
    /// let parts = [first, second].map(|reader| {
    ///     let mut scorer = Scorer::new(&set, &assembly, ScoreRules::default()).unwrap();
    ///     for sheet in reader {
    ///         scorer.add(&sheet.unwrap()).unwrap();
    ///     }
    ///     scorer.finish_part()
    /// });
    /// let whole = CompactScoring::join(parts).unwrap();
    /// let scores: Vec<f64> = whole.iter().map(|r| r.score).collect();
    /// assert_eq!(scores, [100.0, 100.0]);
    /// ```
    pub fn finish_part(self) -> ScoredPart<'a> {
        let Self {
            assembly,
            rules,
            mut recs,
            mut counted,
            texts,
            units,
            forms,
            analysis,
            sheets,
            ignored,
            people,
            ..
        } = self;
        // The participant table is done with: free it before sorting needs memory.
        drop(people);
        let prefixes = sort_by_participant(&mut recs, &mut counted, &texts);
        let analysis = analysis.map(|a| forms.iter().map(|f| f.label.to_string()).zip(a).collect());
        ScoredPart {
            assembly,
            rules,
            recs,
            prefixes,
            counted,
            texts,
            units,
            forms: forms.iter().map(|f| Arc::clone(&f.label)).collect(),
            analysis,
            sheets,
            ignored,
        }
    }

    /// Ends the round: one result per participant with a counted attempt, by participant id.
    pub fn finish(self) -> Scoring {
        let mut compact = self.finish_compact();
        let analysis = std::mem::take(&mut compact.analysis);
        let results = compact.iter().map(|r| r.to_result()).collect();
        Scoring {
            results,
            sheets: compact.sheets,
            ignored: compact.ignored,
            analysis,
        }
    }

    /// Ends the round as [`Self::finish`] does (results by participant id), keeping them
    /// compact: about 70 bytes a participant with ids and names instead of a
    /// [`ParticipantResult`] each, for rounds of millions. [`super::rank_compact`] ranks them.
    pub fn finish_compact(self) -> CompactScoring {
        CompactScoring::from_joined(self.finish_part())
    }
}

/// Records a block of [`CompactScoring`]'s look-up of runs covers.
const RUN_BLOCK: usize = 1 << 12;

/// Every participant's result, compact and by participant id (see
/// [`Scorer::finish_compact`]): read one with [`CompactScoring::get`], rank them with
/// [`super::rank_compact`].
pub struct CompactScoring {
    /// The records by participant id, in runs laid end to end: one, or one per piece of a
    /// split join (see [`CompactScoring::join_at`]), which then need not be copied into one.
    runs: Vec<Vec<Rec>>,
    /// Where each run starts, and where the last ends (so never empty).
    starts: Vec<usize>,
    /// With several runs, the run each block of [`RUN_BLOCK`] records starts in: finding a
    /// record's run is then a look-up and (rarely) a step, not a search whose every branch
    /// is a guess (the records are read in rank order, at random).
    run_at: Vec<u32>,
    texts: TextRuns,
    units: Vec<Arc<[String]>>,
    forms: Vec<Arc<str>>,
    /// Sheets scored.
    pub sheets: u64,
    /// Sheets ignored by the attempt policy.
    pub ignored: u64,
    /// Item analysis per form (first attempts only), when requested.
    pub analysis: Vec<(String, ItemAnalyzer)>,
}

impl CompactScoring {
    /// The results of a whole round's records: attempts summed under
    /// [`AttemptPolicy::Sum`], and those with only ignored sheets left out.
    fn from_joined(part: ScoredPart<'_>) -> Self {
        let ScoredPart {
            mut recs,
            prefixes,
            mut counted,
            texts,
            units,
            forms,
            analysis,
            sheets,
            ignored,
            ..
        } = part;
        drop(prefixes);
        settle(&mut recs, &mut counted);
        drop(counted);
        recs.shrink_to_fit();
        let starts = vec![0, recs.len()];
        CompactScoring {
            runs: vec![recs],
            starts,
            run_at: Vec::new(),
            texts: TextRuns::one(texts),
            units,
            forms,
            sheets,
            ignored,
            analysis: analysis.unwrap_or_default(),
        }
    }

    /// How many participants.
    pub fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// Whether nobody took part.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`th result.
    pub fn get(&self, i: usize) -> Option<ResultRef<'_>> {
        self.view(self.rec(i)?)
    }

    /// The `i`th record.
    #[inline]
    fn rec(&self, i: usize) -> Option<&Rec> {
        match self.runs.as_slice() {
            [only] => only.get(i),
            runs => {
                let mut k = *self.run_at.get(i / RUN_BLOCK)? as usize;
                while self.starts.get(k + 1).is_some_and(|&s| s <= i) {
                    k += 1;
                }
                runs.get(k)?.get(i - self.starts.get(k)?)
            }
        }
    }

    /// The results, in the order [`Self::get`] numbers them.
    pub fn iter(&self) -> impl Iterator<Item = ResultRef<'_>> {
        self.runs.iter().flatten().filter_map(|r| self.view(r))
    }

    /// The runs of records, each with the index of its first.
    pub(crate) fn runs(&self) -> impl Iterator<Item = (usize, &[Rec])> {
        self.starts
            .iter()
            .copied()
            .zip(self.runs.iter().map(Vec::as_slice))
    }

    /// Every unit path, numbered as [`ResultRef::unit_index`] numbers them.
    pub fn units(&self) -> &[Arc<[String]>] {
        &self.units
    }

    /// Every form label, numbered as [`ResultRef::form_index`] numbers them.
    pub fn forms(&self) -> &[Arc<str>] {
        &self.forms
    }

    /// The results at `indices`, appended to `out` in that order (see [`Self::for_many`]).
    pub fn get_many<'s>(
        &'s self,
        indices: impl IntoIterator<Item = usize>,
        out: &mut Vec<ResultRef<'s>>,
    ) {
        self.for_many(indices, |r| out.push(r));
    }

    /// Calls `f` with the results at `indices`, in that order: what writing a ranking does.
    /// A million results read in rank order are two cache misses each (the record, then its
    /// id and name), so they go through a pipeline of batches: while one batch is handed
    /// out, the texts of the next are on their way and the records of the one after it, all
    /// asked for without waiting (each batch of misses overlaps the work on the others).
    pub fn for_many<'s>(
        &'s self,
        indices: impl IntoIterator<Item = usize>,
        mut f: impl FnMut(ResultRef<'s>),
    ) {
        const BATCH: usize = 32;
        let mut indices = indices.into_iter();
        let mut ask = |asked: &mut Vec<usize>| {
            asked.clear();
            asked.extend(indices.by_ref().take(BATCH));
            for r in asked.iter().filter_map(|&i| self.rec(i)) {
                prefetch(r);
            }
        };
        let mut hand_out = |recs: &[Rec]| {
            for r in recs {
                if let Some(v) = self.view(r) {
                    f(v);
                }
            }
        };
        // The indices whose records are asked for; the records (and how many) whose texts
        // were asked for, handed out next.
        let mut asked = Vec::with_capacity(BATCH);
        ask(&mut asked);
        let mut held = ([Rec::EMPTY; BATCH], 0);
        loop {
            // The records asked for one batch ago, now in the caches: their texts are asked for.
            let mut batch = ([Rec::EMPTY; BATCH], 0);
            for r in asked.iter().filter_map(|&i| self.rec(i)) {
                if let Some(slot) = batch.0.get_mut(batch.1) {
                    *slot = *r;
                    batch.1 += 1;
                }
            }
            for r in batch.0.get(..batch.1).unwrap_or_default() {
                let (texts, at) = self.texts.find(r.text());
                texts.prefetch(at);
            }
            let last = asked.len() < BATCH;
            if !last {
                ask(&mut asked);
            }
            hand_out(held.0.get(..held.1).unwrap_or_default());
            held = batch;
            if last {
                hand_out(held.0.get(..held.1).unwrap_or_default());
                return;
            }
        }
    }

    fn view<'s>(&'s self, r: &Rec) -> Option<ResultRef<'s>> {
        let (participant, name) = self.texts.get(r.text());
        Some(ResultRef {
            participant,
            name,
            unit: self.units.get(r.unit() as usize)?,
            unit_index: r.unit(),
            form: self.forms.get(usize::from(r.form()))?,
            form_index: r.form(),
            score: r.score,
            speed: r.speed,
            correct: r.correct,
            time_used: r.time_used(),
            submitted: r.submitted(),
            attempt: r.attempt,
            sheets: r.sheets,
        })
    }
}

/// A participant's result, borrowed from a [`CompactScoring`]: the fields of a
/// [`ParticipantResult`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResultRef<'a> {
    /// Participant id.
    pub participant: &'a str,
    /// Name (from the counted attempt).
    pub name: &'a str,
    /// Unit path (from the counted attempt).
    pub unit: &'a Arc<[String]>,
    /// Which of [`CompactScoring::units`] the unit is.
    pub unit_index: u32,
    /// Form label.
    pub form: &'a Arc<str>,
    /// Which of [`CompactScoring::forms`] the form is.
    pub form_index: u16,
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

impl ResultRef<'_> {
    /// The result as an owned [`ParticipantResult`].
    pub fn to_result(&self) -> ParticipantResult {
        ParticipantResult {
            participant: self.participant.into(),
            name: self.name.into(),
            unit: Arc::clone(self.unit),
            form: Arc::clone(self.form),
            score: self.score,
            speed: self.speed,
            correct: self.correct,
            time_used: self.time_used,
            submitted: self.submitted,
            attempt: self.attempt,
            sheets: self.sheets,
        }
    }
}

/// Whether attempt `a` beats the one on record (`b`), higher score, then less time, then
/// the earlier attempt, then every other field, so the choice never depends on the order
/// sheets arrive in.
fn better<N: Names>(a: &Attempt<'_>, b: &Rec, texts: &N, units: &[Arc<[String]>]) -> bool {
    let unit = |u: u32| units.get(u as usize);
    b.score
        .total_cmp(&a.score.score)
        .then(
            a.time_used
                .unwrap_or(u32::MAX)
                .cmp(&b.time_used().unwrap_or(u32::MAX)),
        )
        .then(a.attempt.cmp(&b.attempt))
        .then(a.submitted.cmp(&b.submitted()))
        .then_with(|| {
            (a.name, unit(a.unit), a.form, a.score.correct).cmp(&(
                texts.get(b.text()).1,
                unit(b.unit()),
                b.form(),
                b.correct,
            ))
        })
        .is_lt()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::join::{balanced_bound, below, move_to};
    use super::*;
    use crate::contest::{Blueprint, assemble};

    proptest! {
        /// Moving records in two passes puts each where a plain gather would, with its
        /// counted attempts beside it, for sizes below, at and above one record a block.
        #[test]
        fn records_move_to_their_places(
            order in (0usize..2_000).prop_flat_map(|n| Just((0..n as u32).collect::<Vec<_>>()).prop_shuffle()),
            with_counted in any::<bool>(),
        ) {
            let n = order.len();
            let rec = |i: u32| Rec { sheets: i, ..Rec::EMPTY };
            let mut recs: Vec<Rec> = (0..n as u32).map(rec).collect();
            let mut counted: Vec<Vec<Counted>> = if with_counted {
                (0..n as u32).map(|i| vec![(i, SheetScore::default(), None, None)]).collect()
            } else {
                Vec::new()
            };
            // Record `i` belongs at `order[i]`.
            let mut to = order.clone();
            move_to(&mut recs, &mut counted, &mut to);
            let mut want = vec![0u32; n];
            for (i, &t) in order.iter().enumerate() {
                want[t as usize] = i as u32;
            }
            prop_assert_eq!(recs.iter().map(|r| r.sheets).collect::<Vec<_>>(), want.clone());
            if with_counted {
                prop_assert_eq!(counted.iter().map(|c| c[0].0).collect::<Vec<_>>(), want);
            }
            prop_assert!(to.iter().enumerate().all(|(i, &t)| t as usize == i));
        }
    }

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
        paper_of(
            yaml,
            "title: 测试\ntime_limit_minutes: 10\nsections:\n\
             - { name: 单选, filter: { types: [single] }, count: 1, points: 2 }\n\
             - { name: 多选, filter: { types: [multiple] }, count: 2, points: 4, multi: { policy: partial } }\n\
             - { name: 判断, filter: { types: [judge] }, count: 2, points: 1 }",
        )
    }

    /// The bank `yaml` and a paper of it assembled (seed 1) from `blueprint`.
    fn paper_of(yaml: String, blueprint: &str) -> (BankSet, Assembly) {
        let set = BankSet::load(&[("b.yaml", yaml)]).unwrap_or_else(|e| unreachable!("{e}"));
        let bp = Blueprint::from_yaml(blueprint).unwrap_or_else(|e| unreachable!("{e}"));
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

    proptest! {
        /// Grading by table (answers graded in advance) gives, for any cells, what grading
        /// each cell by itself gives: the total to the bit, answers right and answered, and
        /// the same error for the same question. Cells are read as a CSV row lends them (eight
        /// bytes at a time, text past them) and one by one.
        #[test]
        fn the_table_grades_as_each_cell_is_graded(
            cells in proptest::collection::vec(prop_oneof![
                cell(),
                proptest::sample::select(vec![
                    "C", "ACE", "AB", "对", "错", "c", "CA", "BA", "AAB", "ABCDE", "ABCD", "",
                    " ", " C", "C ", "Ａ", "ＡＣＥ", "　对", "é", "A\u{0}", "ACEG", "ABCDEFG",
                ]).prop_map(String::from),
            ], 5),
            wrong in proptest::sample::select(vec![0.0, 0.5, 1.0]),
            unanswered in proptest::sample::select(vec![0.0, 0.25, 1.0]),
        ) {
            let (set, assembly) = round();
            let rules = ScoreRules { wrong, unanswered, ..ScoreRules::default() };
            let scorer = Scorer::new(&set, &assembly, rules).unwrap_or_else(|e| unreachable!("{e}"));
            let form = &scorer.forms[0];
            let start = Tally { total: 1.0, correct: 0, answered: 0 };
            let row = cells.join(",") + ",tail";
            let mut ranges = Vec::new();
            let mut at = 0;
            for c in &cells {
                ranges.push((at, at + c.len()));
                at += c.len() + 1;
            }
            let tally = |t: Tally| (t.total.to_bits(), t.correct, t.answered);
            let mut in_row = start;
            let a = scorer.grade_form_order(&mut in_row, form, 0, |k| {
                let &(s, e) = ranges.get(k)?;
                Some((row.as_bytes().get(s..e)?, cell_key_in(row.as_bytes(), s, e)))
            }, None);
            let mut alone = start;
            let b = scorer.grade_form_order(&mut alone, form, 0, |k| {
                let c = cells.get(k)?.as_bytes();
                Some((c, cell_key_of(c)))
            }, None);
            let mut each = start;
            let mut c = Ok(());
            for (k, (item, cell)) in form.items.iter().zip(&cells).enumerate() {
                match Scorer::grade_cell(item, cell.as_bytes()) {
                    Ok(Some(g)) => each.add(g, None),
                    Ok(None) => each.total -= scorer.rules.unanswered.max(0.0),
                    Err(m) => {
                        c = Err((k, m));
                        break;
                    }
                }
            }
            prop_assert_eq!((&a, tally(in_row)), (&c, tally(each)), "{:?}", cells);
            prop_assert_eq!((&b, tally(alone)), (&c, tally(each)), "{:?}", cells);
        }
    }

    /// A paper of thirteen questions (three groups of four and one over) of every kind
    /// graded in advance: single choices, multiple choices of four to eight options with
    /// partial credit, true/false. Points of 0.1, 0.3 and 0.7 make sums depend on their
    /// order.
    fn thirteen() -> (BankSet, Assembly) {
        let letters = "ABCDEFGH";
        let mut yaml = String::from(
            "bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n",
        );
        let tail =
            "explanation: 说明。, period: 新民主主义革命时期, difficulty: 2, source: { ref: s }";
        for i in 0..5 {
            let answer = &letters[i % 4..i % 4 + 1];
            yaml += &format!(
                "  - {{ id: s{i}, type: single, stem: 单选{i}？, options: [甲, 乙, 丙, 丁], answer: {answer}, {tail} }}\n"
            );
        }
        for (i, n) in [4usize, 5, 6, 7, 8].into_iter().enumerate() {
            let options: Vec<String> = (0..n).map(|o| format!("选项{o}")).collect();
            // Seven options, all of them right: an eight-byte cell starting with the key is not
            // the key.
            let step = if n == 7 { 1 } else { 2 };
            let answer: String = letters.chars().take(n).step_by(step).collect();
            yaml += &format!(
                "  - {{ id: m{i}, type: multiple, stem: 多选{i}？, options: [{}], answer: {answer}, {tail} }}\n",
                options.join(", ")
            );
        }
        for i in 0..3 {
            let answer = i % 2 == 0;
            yaml += &format!(
                "  - {{ id: j{i}, type: judge, stem: 判断{i}。, answer: {answer}, {tail} }}\n"
            );
        }
        paper_of(
            yaml,
            "title: 测试\ntime_limit_minutes: 10\nsections:\n\
             - { name: 单选, filter: { types: [single] }, count: 5, points: 0.1 }\n\
             - { name: 多选, filter: { types: [multiple] }, count: 5, points: 0.3, multi: { policy: partial } }\n\
             - { name: 判断, filter: { types: [judge] }, count: 3, points: 0.7 }",
        )
    }

    /// `cells` as a CSV row lends them: the row's text (with `after` past the last cell)
    /// and where each cell starts, then one past the last cell's end.
    fn lent_row(cells: &[String], after: &str) -> (String, Vec<u32>) {
        let mut starts = vec![0u32];
        for c in cells {
            let next = starts.last().copied().unwrap_or(0) + c.len() as u32 + 1;
            starts.push(next);
        }
        (cells.join(",") + after, starts)
    }

    /// Grades a lent row as `score` does: four at a time where it can, then one by one.
    fn grade_lent(
        scorer: &Scorer<'_>,
        form: &CompiledForm<'_>,
        text: &str,
        starts: &[u32],
        tally: &mut Tally,
    ) -> (usize, Result<(), (usize, String)>) {
        let from = form.wide.as_ref().map_or(0, |w| {
            w.grade_prefix(&form.slots, text.as_bytes(), starts, tally)
        });
        let graded = scorer.grade_form_order(
            tally,
            form,
            from,
            |k| {
                let (s, e) = super::super::rows::field(text, starts, k)?;
                Some((
                    text.as_bytes().get(s..e)?,
                    cell_key_in(text.as_bytes(), s, e),
                ))
            },
            None,
        );
        (from, graded)
    }

    proptest! {
        /// Four at a time, a row is graded as one by one: the same total to the bit, answers
        /// right and answered, the same error; with the text going on past the row or
        /// ending right after it (the last cells then cannot be read eight bytes at once).
        #[test]
        fn four_at_a_time_grades_as_one_by_one(
            // For each question, one of its answers graded in advance, or 1 in 16 times any cell.
            picks in proptest::collection::vec((0usize..1_000, prop_oneof![
                cell(),
                proptest::sample::select(vec!["ABCDEFGH", "ABCDEFGA", "ABCDEFG ", "对 ", "A\u{0}"])
                    .prop_map(String::from),
            ]), 13),
            after in proptest::sample::select(vec!["", ",", ",tail", ",编号,姓名"]),
            wrong in proptest::sample::select(vec![0.0, 0.5, 1.0]),
            unanswered in proptest::sample::select(vec![0.0, 0.25, 1.0]),
            base in proptest::sample::select(vec![0.0, -0.0, 0.1, 100.0]),
        ) {
            let (set, assembly) = thirteen();
            let rules = ScoreRules { wrong, unanswered, base, ..ScoreRules::default() };
            let scorer = Scorer::new(&set, &assembly, rules).unwrap_or_else(|e| unreachable!("{e}"));
            let form = &scorer.forms[0];
            let cells: Vec<String> = form.items.iter().zip(picks).map(|(item, (pick, any))| {
                let common = common_cells(&item.key);
                match common.get(pick % common.len()) {
                    Some(c) if pick % 16 != 0 => String::from_utf8_lossy(c).into_owned(),
                    _ => any,
                }
            }).collect();
            let (text, starts) = lent_row(&cells, after);
            let start = Tally { total: base, correct: 0, answered: 0 };
            let tally = |t: Tally| (t.total.to_bits(), t.correct, t.answered);
            let mut wide = start;
            let (from, a) = grade_lent(&scorer, form, &text, &starts, &mut wide);
            prop_assert_eq!(from % 4, 0);
            prop_assert!(from <= 12);
            let mut one = start;
            let b = scorer.grade_form_order(&mut one, form, 0, |k| {
                let c = cells.get(k)?.as_bytes();
                Some((c, cell_key_of(c)))
            }, None);
            prop_assert_eq!((&a, tally(wide)), (&b, tally(one)), "{:?}", cells);
        }
    }

    /// Where the processor has AVX2, a row of answers graded in advance is graded four at a
    /// time up to its last group, and a row whose text ends with it up to the group whose
    /// cells cannot be read eight bytes at once.
    #[test]
    fn answers_graded_in_advance_go_four_at_a_time() {
        let (set, assembly) = thirteen();
        let scorer = Scorer::new(&set, &assembly, ScoreRules::default())
            .unwrap_or_else(|e| unreachable!("{e}"));
        let form = &scorer.forms[0];
        #[cfg(target_arch = "x86_64")]
        assert_eq!(
            form.wide.is_some(),
            std::arch::is_x86_feature_detected!("avx2")
        );
        let Some(wide) = &form.wide else {
            return;
        };
        let cells: Vec<String> = ["A", "B", "", "d", "C", "AC", "ACE", "B", "ABCDEFG", "ACEG"]
            .into_iter()
            .chain(["对", "错", "×"])
            .map(String::from)
            .collect();
        let blank = Tally {
            total: 0.0,
            correct: 0,
            answered: 0,
        };
        let tally = |t: Tally| (t.total.to_bits(), t.correct, t.answered);
        let prefix = |after: &str| {
            let (text, starts) = lent_row(&cells, after);
            let mut t = blank;
            let from = wide.grade_prefix(&form.slots, text.as_bytes(), &starts, &mut t);
            // The same as grading those cells one by one.
            let mut one = blank;
            let graded = scorer.grade_form_order(
                &mut one,
                form,
                0,
                |k| {
                    let c = cells.get(k).filter(|_| k < from)?.as_bytes();
                    Some((c, cell_key_of(c)))
                },
                None,
            );
            assert_eq!((graded, tally(t)), (Ok(()), tally(one)));
            (from, t.answered)
        };
        // Every cell but the blank is an answer.
        assert_eq!(prefix(",tail"), (12, 11));
        // The last group's last cell, "×", ends 1 byte before the text does.
        assert_eq!(prefix(""), (8, 7));
        // An answer off the table stops the first group.
        let odd: Vec<String> = ["A", "B", "AB C"].map(String::from).to_vec();
        let (text, starts) = lent_row(&odd, ",tail,tail");
        let mut t = Tally {
            total: 0.0,
            correct: 0,
            answered: 0,
        };
        assert_eq!(
            wide.grade_prefix(&form.slots, text.as_bytes(), &starts, &mut t),
            0
        );
    }

    /// A blank, a longer or a shorter answer to a question whose key has more than four
    /// letters is not the key (the key's short spelling is empty, as a blank cell's is).
    #[test]
    fn a_long_key_has_no_short_spelling() {
        let yaml = "bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n  \
            - { id: m, type: multiple, stem: 多选？, options: [甲, 乙, 丙, 丁, 戊, 己], answer: ABCDE, \
            explanation: 说明。, period: 新民主主义革命时期, difficulty: 2, source: { ref: s } }\n";
        let set =
            BankSet::load(&[("b.yaml", yaml.to_owned())]).unwrap_or_else(|e| unreachable!("{e}"));
        let bp = Blueprint::from_yaml(
            "title: 卷\ntime_limit_minutes: 10\nsections: [{ name: 多选, count: 1, points: 10 }]",
        )
        .unwrap_or_else(|e| unreachable!("{e}"));
        let assembly = assemble(&set, &bp, 1).unwrap_or_else(|e| unreachable!("{e}"));
        let mut scorer = Scorer::new(&set, &assembly, ScoreRules::default())
            .unwrap_or_else(|e| unreachable!("{e}"));
        let csv = "编号,1\nblank,\nlong,ABCDEF\nright,ABCDE\nfour,ABCD\n";
        for sheet in
            super::super::SheetReader::new(csv.as_bytes()).unwrap_or_else(|e| unreachable!("{e}"))
        {
            scorer
                .add(&sheet.unwrap_or_else(|e| unreachable!("{e}")))
                .unwrap_or_else(|e| unreachable!("{e}"));
        }
        let got: Vec<(String, f64, u32)> = scorer
            .finish()
            .results
            .iter()
            .map(|r| (r.participant.to_string(), r.score, r.correct))
            .collect();
        let want = [
            ("blank", 0.0, 0),
            ("four", 0.0, 0),
            ("long", 0.0, 0),
            ("right", 10.0, 1),
        ];
        assert_eq!(got, want.map(|(p, s, c)| (p.to_owned(), s, c)));
    }

    /// Submission times are kept in 40 bits: any time that fits comes back as it was (before
    /// 1970 too), one that does not is a bad sheet that changes nothing.
    /// The participant table finds everyone again after growing many times, and keeps two
    /// ids whose hashes agree apart.
    #[test]
    fn the_participant_table_finds_everyone_after_growing() {
        let ids: Vec<String> = (0..20_000).map(|i| format!("p{i}")).collect();
        let mut people = People::default();
        let lookup = |people: &mut People, id: &String, index: u32| {
            people.find_or_insert(People::hash(id), index, |k| ids.get(k as usize) == Some(id))
        };
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(lookup(&mut people, id, i as u32), None, "{id}");
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(lookup(&mut people, id, 0), Some(i as u32), "{id}");
        }
        assert_eq!(people.len, ids.len());
        // Equal hashes: the comparison of ids decides.
        let mut same_hash = People::default();
        assert_eq!(same_hash.find_or_insert(7, 0, |_| false), None);
        assert_eq!(same_hash.find_or_insert(7, 1, |k| k == 1), None);
        assert_eq!(same_hash.find_or_insert(7, 2, |k| k == 0), Some(0));
        assert_eq!(same_hash.find_or_insert(7, 2, |k| k == 1), Some(1));
    }

    #[test]
    fn split_joins_are_cut_into_even_pieces() {
        let (set, assembly) = round();
        // Part 0 has the ids p00000..p00599, part 1 p00600..p00999 and every tenth of
        // part 0's again: a cut at part 0's middle would leave 300 records below, 1,060 above.
        let part = |ids: &mut dyn Iterator<Item = usize>| {
            let mut scorer = Scorer::new(&set, &assembly, ScoreRules::default())
                .unwrap_or_else(|e| unreachable!("{e}"));
            for i in ids {
                let sheet = Sheet {
                    participant: format!("p{i:05}"),
                    answers: vec![String::new(); 5],
                    attempt: 1,
                    ..Sheet::default()
                };
                scorer.add(&sheet).unwrap_or_else(|e| unreachable!("{e}"));
            }
            scorer.finish_part()
        };
        let parts = [
            part(&mut (0..600)),
            part(&mut (600..1000).chain((0..600).step_by(10))),
        ];
        let total = 1060;
        let bound = balanced_bound(&parts, total / 2).unwrap_or_default();
        assert!(below(&parts, &bound).abs_diff(total / 2) <= 1, "{bound}");
        assert_eq!(below(&parts, ""), 0);
        assert_eq!(below(&parts, "q"), total);
        let joined = CompactScoring::join_at(parts, &[bound], &super::super::InTurn)
            .unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(joined.len(), 1000);
        assert_eq!(joined.runs.len(), 2);
        // Runs longer than a block of the look-up and shorter, read by index as one run is.
        let parts = || {
            [
                part(&mut (0..9000)),
                part(&mut (9000..12_000).chain((0..9000).step_by(7))),
            ]
        };
        let bounds = ["p00100", "p00103", "p05000", "p09100", "p11000"];
        let runs = CompactScoring::join_at(parts(), &bounds, &super::super::InTurn)
            .unwrap_or_else(|e| unreachable!("{e}"));
        let one = CompactScoring::join(parts()).unwrap_or_else(|e| unreachable!("{e}"));
        assert_eq!(runs.runs.len(), 6);
        assert_eq!(runs.len(), 12_000);
        for i in 0..=runs.len() {
            assert_eq!(runs.get(i), one.get(i), "{i}");
        }
    }

    #[test]
    fn submission_times_fit_or_the_sheet_is_refused() {
        let (set, assembly) = round();
        let mut scorer = Scorer::new(&set, &assembly, ScoreRules::default())
            .unwrap_or_else(|e| unreachable!("{e}"));
        let sheet = |id: &str, end: i64| super::super::Sheet {
            participant: id.into(),
            answers: vec![
                "C".into(),
                "ACE".into(),
                "AB".into(),
                "对".into(),
                "错".into(),
            ],
            end: Some(Timestamp(end)),
            attempt: 1,
            ..super::super::Sheet::default()
        };
        let fits = [-(1i64 << 39), -5, 0, 1_751_331_600, (1 << 39) - 1];
        for (i, &t) in fits.iter().enumerate() {
            scorer
                .add(&sheet(&format!("p{i}"), t))
                .unwrap_or_else(|e| unreachable!("{e}"));
        }
        for t in [1i64 << 39, -(1 << 39) - 1, i64::MAX] {
            let e = scorer.add(&sheet("late", t)).err().map(|e| e.message);
            assert_eq!(e.as_deref(), Some("结束时间超出可记录的范围"));
        }
        let back: Vec<Option<i64>> = scorer
            .finish()
            .results
            .iter()
            .map(|r| r.submitted.map(|t| t.0))
            .collect();
        assert_eq!(back, fits.map(Some));
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
