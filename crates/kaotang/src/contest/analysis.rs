//! Item analysis after a round, in one pass over the responses.
//!
//! With item score `x = points × credit` and total `T = Σ x` over a sheet, the analyzer keeps
//! per item `Σc, Σc·T` and `Σc(1 − c)` (credit `c`; `Σc² = Σc − Σc(1 − c)`, and right or wrong
//! answers add nothing to the last) and per paper `ΣT, ΣT²`, plus option counts, so memory is
//! independent of the number of sheets. Variances use `n − 1`.
//!
//! - facility: mean credit;
//! - discrimination: the corrected item–total correlation `r(x, T − x)`, from
//!   `cov(x, T − x) = cov(x, T) − var(x)` and `var(T − x) = var(T) + var(x) − 2 cov(x, T)`;
//! - Cronbach's alpha: `k / (k − 1) × (1 − Σ var(x) / var(T))`;
//! - standard error of measurement: `sd(T) × √(1 − alpha)`;
//! - suggested difficulty from facility `p`: `p ≥ 0.85` → 1, `≥ 0.70` → 2, `≥ 0.50` → 3,
//!   `≥ 0.30` → 4, else 5.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ItemOutcome;
use crate::bank::{Bank, QuestionId};

/// What the analyzer needs to know about one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ItemInfo {
    /// The question.
    pub question: QuestionId,
    /// Number of options whose choices are counted (0 for types without options).
    pub options: u8,
    /// Points for full credit.
    pub points: f64,
}

/// When an item is flagged for review.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AnalysisOptions {
    /// Discrimination below this is low (default 0.2).
    pub low_discrimination: f64,
    /// Facility above this is too easy (default 0.9).
    pub too_easy: f64,
    /// Facility below this is too hard (default 0.2).
    pub too_hard: f64,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        Self {
            low_discrimination: 0.2,
            too_easy: 0.9,
            too_hard: 0.2,
        }
    }
}

/// Why an item should be reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemFlag {
    /// Strong participants do worse on it than weak ones: check the key.
    NegativeDiscrimination,
    /// It barely separates strong from weak participants.
    LowDiscrimination,
    /// Nearly everyone gets it right.
    TooEasy,
    /// Nearly everyone gets it wrong.
    TooHard,
}

/// Statistics of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ItemStats {
    /// The question.
    pub question: QuestionId,
    /// Mean credit, 0–1.
    pub facility: f64,
    /// Corrected item–total correlation (none when an item or the rest does not vary).
    pub discrimination: Option<f64>,
    /// How often each option was chosen (authored order); empty for questions without
    /// options to choose (true/false, fill-in, order, match).
    pub options: Vec<u64>,
    /// How often it was left unanswered.
    pub unanswered: u64,
    /// Review flags.
    pub flags: Vec<ItemFlag>,
    /// Difficulty 1–5 suggested by the facility.
    pub suggested_difficulty: u8,
}

/// Statistics of the paper as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PaperStats {
    /// Sheets analysed.
    pub sheets: u64,
    /// Mean total (questions only, without base or speed points).
    pub mean: f64,
    /// Standard deviation of the total.
    pub sd: f64,
    /// Cronbach's alpha (none with fewer than 2 items or no variance).
    pub alpha: Option<f64>,
    /// Standard error of measurement.
    pub sem: Option<f64>,
}

/// The result of item analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ItemReport {
    /// Per item, in form order.
    pub items: Vec<ItemStats>,
    /// The paper.
    pub paper: PaperStats,
}

/// Accumulates responses for item analysis in one pass.
///
/// ```
/// use kaotang::contest::{AnalysisOptions, ItemAnalyzer, ItemInfo, ItemOutcome};
/// let info = |q: &str| ItemInfo { question: q.into(), options: 0, points: 1.0 };
/// let mut a = ItemAnalyzer::new(vec![info("q1"), info("q2")]);
/// let o = |c: f64| ItemOutcome { credit: c, choices: 0, answered: true };
/// for row in [[1.0, 1.0], [1.0, 0.0], [0.0, 0.0], [1.0, 1.0]] {
///     a.add(&[o(row[0]), o(row[1])]);
/// }
/// let r = a.report(&AnalysisOptions::default());
/// assert_eq!(r.items[0].facility, 0.75);
/// assert_eq!(r.paper.mean, 1.25);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ItemAnalyzer {
    items: Vec<ItemInfo>,
    n: u64,
    points: Vec<f64>,
    // Per item: Σc, Σc·T, and Σc(1 − c) for Σc² = Σc − Σc(1 − c): it is 0 for right or wrong
    // (the common case), so only sheets with partial credit touch it.
    sum_c: Vec<f64>,
    sum_ct: Vec<f64>,
    sum_partial: Vec<f64>,
    // Per item, 9 counters of 7 bits in one word (options, then unanswered), so one add
    // counts an outcome; moved into `counts` and `unanswered` before a counter can overflow.
    pending: Vec<u64>,
    counts: Vec<[u64; 8]>,
    unanswered: Vec<u64>,
    sum_t: f64,
    sum_t2: f64,
}

/// Sheets the 7-bit counters in `pending` can take before they are flushed.
const PENDING_ROWS: u64 = 127;

/// Bit of a [`TALLY`] index for an unanswered outcome (above the 8 option bits).
const UNANSWERED: usize = 1 << 8;

/// `TALLY[m]` counts option mask `m & 0xff` (counter `i` of 7 bits set to bit `i` of `m`) and,
/// with [`UNANSWERED`] set, an unanswered outcome in counter 8.
const TALLY: [u64; 512] = {
    let mut t = [0u64; 512];
    let mut m = 0;
    while m < 512 {
        let mut i = 0;
        while i < 9 {
            t[m] |= ((m as u64 >> i) & 1) << (7 * i);
            i += 1;
        }
        m += 1;
    }
    t
};

/// Adds the 7-bit counters of `packed` to an item's option counts and unanswered count.
fn unpack(counts: &mut [u64; 8], unanswered: &mut u64, packed: u64) {
    for (i, c) in counts.iter_mut().enumerate() {
        *c += (packed >> (7 * i)) & 0x7f;
    }
    *unanswered += packed >> 56;
}

fn suggested_difficulty(p: f64) -> u8 {
    match p {
        p if p >= 0.85 => 1,
        p if p >= 0.70 => 2,
        p if p >= 0.50 => 3,
        p if p >= 0.30 => 4,
        _ => 5,
    }
}

impl ItemAnalyzer {
    /// An analyzer for these items.
    pub fn new(items: Vec<ItemInfo>) -> Self {
        let k = items.len();
        Self {
            points: items.iter().map(|i| i.points).collect(),
            items,
            n: 0,
            sum_c: vec![0.0; k],
            sum_ct: vec![0.0; k],
            sum_partial: vec![0.0; k],
            pending: vec![0; k],
            counts: vec![[0; 8]; k],
            unanswered: vec![0; k],
            sum_t: 0.0,
            sum_t2: 0.0,
        }
    }

    /// Adds one sheet's outcomes, one per item in form order (extra outcomes are ignored,
    /// missing ones count as unanswered).
    pub fn add(&mut self, outcomes: &[ItemOutcome]) {
        let outcomes = outcomes.get(..self.items.len()).unwrap_or(outcomes);
        // One pass for the total, Σc and the counts; Σc·T needs the total first.
        let mut t = 0.0;
        let mut partial = 0.0;
        for (((w, c), p), o) in self
            .points
            .iter()
            .zip(&mut self.sum_c)
            .zip(&mut self.pending)
            .zip(outcomes)
        {
            t += w * o.credit;
            *c += o.credit;
            partial += (o.credit * (1.0 - o.credit)).abs();
            *p += TALLY[usize::from(o.choices) | (usize::from(!o.answered) * UNANSWERED)];
        }
        for (ct, o) in self.sum_ct.iter_mut().zip(outcomes) {
            *ct += o.credit * t;
        }
        if partial != 0.0 {
            for (q, o) in self.sum_partial.iter_mut().zip(outcomes) {
                *q += o.credit * (1.0 - o.credit);
            }
        }
        for p in self.pending.iter_mut().skip(outcomes.len()) {
            *p += TALLY[UNANSWERED];
        }
        self.n += 1;
        self.sum_t += t;
        self.sum_t2 += t * t;
        if self.n.is_multiple_of(PENDING_ROWS) {
            for ((c, u), p) in self
                .counts
                .iter_mut()
                .zip(&mut self.unanswered)
                .zip(&mut self.pending)
            {
                unpack(c, u, std::mem::take(p));
            }
        }
    }

    /// Sheets added so far.
    pub fn sheets(&self) -> u64 {
        self.n
    }

    /// Statistics for every item and the paper.
    pub fn report(&self, options: &AnalysisOptions) -> ItemReport {
        let n = self.n as f64;
        let df = (n - 1.0).max(1.0);
        let mean_t = if self.n == 0 { 0.0 } else { self.sum_t / n };
        let var_t = ((self.sum_t2 - n * mean_t * mean_t) / df).max(0.0);
        let mut sum_var_x = 0.0;
        let items: Vec<ItemStats> = self
            .items
            .iter()
            .enumerate()
            .map(|(k, info)| {
                let s = [
                    self.sum_c[k],
                    self.sum_c[k] - self.sum_partial[k],
                    self.sum_ct[k],
                ];
                let (mut counts, mut unanswered) = (self.counts[k], self.unanswered[k]);
                unpack(&mut counts, &mut unanswered, self.pending[k]);
                let w = info.points;
                let facility = if self.n == 0 { 0.0 } else { s[0] / n };
                let var_x = (w * w * (s[1] - n * facility * facility) / df).max(0.0);
                let cov_xt = w * (s[2] - s[0] * mean_t) / df;
                sum_var_x += var_x;
                let cov_rest = cov_xt - var_x;
                let var_rest = var_t + var_x - 2.0 * cov_xt;
                let discrimination = (self.n > 1 && var_x > 1e-12 && var_rest > 1e-12)
                    .then(|| (cov_rest / libm::sqrt(var_x * var_rest)).clamp(-1.0, 1.0));
                let mut flags = Vec::new();
                match discrimination {
                    Some(d) if d < 0.0 => flags.push(ItemFlag::NegativeDiscrimination),
                    Some(d) if d < options.low_discrimination => {
                        flags.push(ItemFlag::LowDiscrimination);
                    }
                    _ => {}
                }
                // Without sheets there is nothing to judge an item by.
                if self.n > 0 && facility > options.too_easy {
                    flags.push(ItemFlag::TooEasy);
                }
                if self.n > 0 && facility < options.too_hard {
                    flags.push(ItemFlag::TooHard);
                }
                ItemStats {
                    question: info.question.clone(),
                    facility,
                    discrimination,
                    options: counts[..usize::from(info.options.min(8))].to_vec(),
                    unanswered,
                    flags,
                    suggested_difficulty: suggested_difficulty(facility),
                }
            })
            .collect();
        let k = self.items.len() as f64;
        let alpha = (k >= 2.0 && var_t > 1e-12 && self.n > 1)
            .then(|| k / (k - 1.0) * (1.0 - sum_var_x / var_t));
        let sd = libm::sqrt(var_t);
        ItemReport {
            items,
            paper: PaperStats {
                sheets: self.n,
                mean: mean_t,
                sd,
                alpha,
                sem: alpha.map(|a| sd * libm::sqrt((1.0 - a).max(0.0))),
            },
        }
    }
}

impl ItemReport {
    /// Writes the suggested difficulties into `bank`; returns how many questions changed.
    /// A report of no sheets suggests nothing and changes nothing.
    pub fn apply_to(&self, bank: &mut Bank) -> usize {
        let mut changed = 0;
        if self.paper.sheets == 0 {
            return 0;
        }
        for q in &mut bank.questions {
            if let Some(s) = self.items.iter().find(|s| s.question == q.id)
                && q.difficulty != s.suggested_difficulty
            {
                q.difficulty = s.suggested_difficulty;
                changed += 1;
            }
        }
        changed
    }
}
