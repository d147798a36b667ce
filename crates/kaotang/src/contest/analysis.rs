//! Item analysis after a round, in one pass over the responses.
//!
//! With item score `x = points × credit` and total `T = Σ x` over a sheet, the analyzer keeps
//! per item `Σc, Σc², Σc·T` (credit `c`) and per paper `ΣT, ΣT²`, plus option counts, so memory
//! is independent of the number of sheets. Variances use `n − 1`.
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
    /// How often each option was chosen (authored order).
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
    // Per item: Σc, Σc², Σc·T, in separate vectors so the loops vectorise.
    sum_c: Vec<f64>,
    sum_c2: Vec<f64>,
    sum_ct: Vec<f64>,
    counts: Vec<[u64; 9]>,
    sum_t: f64,
    sum_t2: f64,
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
            sum_c2: vec![0.0; k],
            sum_ct: vec![0.0; k],
            counts: vec![[0; 9]; k],
            sum_t: 0.0,
            sum_t2: 0.0,
        }
    }

    /// Adds one sheet's outcomes, one per item in form order (extra outcomes are ignored,
    /// missing ones count as unanswered).
    pub fn add(&mut self, outcomes: &[ItemOutcome]) {
        let t: f64 = self
            .points
            .iter()
            .zip(outcomes)
            .map(|(w, o)| w * o.credit)
            .sum();
        self.n += 1;
        self.sum_t += t;
        self.sum_t2 += t * t;
        for (((c, c2), ct), o) in self
            .sum_c
            .iter_mut()
            .zip(&mut self.sum_c2)
            .zip(&mut self.sum_ct)
            .zip(outcomes)
        {
            *c += o.credit;
            *c2 += o.credit * o.credit;
            *ct += o.credit * t;
        }
        for (c, o) in self.counts.iter_mut().zip(outcomes) {
            c[8] += u64::from(!o.answered);
            let mut m = o.choices;
            while m != 0 {
                c[(m.trailing_zeros() & 7) as usize] += 1;
                m &= m - 1;
            }
        }
        for c in self.counts.iter_mut().skip(outcomes.len()) {
            c[8] += 1;
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
            .zip(&self.counts)
            .map(|((k, info), c)| {
                let s = [self.sum_c[k], self.sum_c2[k], self.sum_ct[k]];
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
                if facility > options.too_easy {
                    flags.push(ItemFlag::TooEasy);
                }
                if facility < options.too_hard {
                    flags.push(ItemFlag::TooHard);
                }
                ItemStats {
                    question: info.question.clone(),
                    facility,
                    discrimination,
                    options: c[..usize::from(info.options.min(8))].to_vec(),
                    unanswered: c[8],
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
    pub fn apply_to(&self, bank: &mut Bank) -> usize {
        let mut changed = 0;
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
