//! Aggregation up the unit tree (支部 → 单位 → 区) and unit rankings.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ParticipantResult;

/// The headcount of one unit (a roster line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterEntry {
    /// Unit path from the top (e.g. `[东城区, 区委组织部, 第一支部]`).
    pub unit: Vec<String>,
    /// Members expected to take part.
    pub headcount: u32,
}

/// Options for unit statistics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct UnitOptions {
    /// How many best participants to list per unit.
    pub top: usize,
    /// The points from the answers that count as full marks (满分): speed points are left
    /// out, so a full paper answered slowly is still 满分 and speed points cannot make up
    /// for a wrong answer. Usually the paper's [`super::ScoreRules::full_marks`].
    pub full_marks: f64,
}

impl Default for UnitOptions {
    fn default() -> Self {
        Self {
            top: 3,
            full_marks: 100.0,
        }
    }
}

/// Statistics of one unit, over everyone in it and below it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct UnitStats {
    /// Unit path (empty for the whole contest).
    pub path: Vec<String>,
    /// Participants.
    pub participants: u32,
    /// Headcount from the roster: the unit's own line, else the sum of its sub-units' lines.
    pub headcount: Option<u32>,
    /// Participants over headcount.
    pub participation: Option<f64>,
    /// Mean score.
    pub mean: f64,
    /// Median score.
    pub median: f64,
    /// Participants whose score without speed points reaches full marks.
    pub perfect: u32,
    /// The best participants' ids (score, then time used, then id).
    pub top: Vec<String>,
}

/// Aggregates results up the unit tree: one entry per unit path that has participants or a
/// roster line, and one for the whole contest (empty path), sorted by path.
///
/// ```
/// use kaotang::contest::{aggregate_units, ParticipantResult, RosterEntry, UnitOptions};
/// let r = |id: &str, unit: &[&str], score: f64| ParticipantResult {
///     participant: id.into(), name: "".into(), unit: unit.iter().map(|s| s.to_string()).collect(),
///     form: "A".into(), score, speed: 0.0, correct: 0, time_used: None, submitted: None, attempt: 1, sheets: 1,
/// };
/// let results = [r("a", &["东城区", "一支部"], 100.0), r("b", &["东城区", "二支部"], 60.0)];
/// let roster = [RosterEntry { unit: vec!["东城区".into(), "一支部".into()], headcount: 4 }];
/// let units = aggregate_units(&results, &roster, &UnitOptions::default());
/// let dc = units.iter().find(|u| u.path == ["东城区"]).unwrap();
/// assert_eq!((dc.participants, dc.mean, dc.perfect, dc.headcount), (2, 80.0, 1, Some(4)));
/// ```
pub fn aggregate_units(
    results: &[ParticipantResult],
    roster: &[RosterEntry],
    options: &UnitOptions,
) -> Vec<UnitStats> {
    let mut members: BTreeMap<&[String], Vec<usize>> = BTreeMap::new();
    for (i, r) in results.iter().enumerate() {
        for depth in 0..=r.unit.len() {
            members.entry(&r.unit[..depth]).or_default().push(i);
        }
    }
    let own: BTreeMap<&[String], u32> = roster
        .iter()
        .map(|e| (e.unit.as_slice(), e.headcount))
        .collect();
    for e in roster {
        for depth in 0..=e.unit.len() {
            members.entry(&e.unit[..depth]).or_default();
        }
    }
    // Headcounts bottom-up: a unit's own line, else the sum over its sub-units (children sort
    // after their parent, so a reverse walk sees them first).
    let mut headcounts: BTreeMap<&[String], u32> = BTreeMap::new();
    let mut child_sums: BTreeMap<&[String], u32> = BTreeMap::new();
    for &path in members.keys().rev() {
        if let Some(h) = own.get(path).or_else(|| child_sums.get(path)).copied() {
            headcounts.insert(path, h);
            if let Some((_, parent)) = path.split_last() {
                *child_sums.entry(parent).or_default() += h;
            }
        }
    }
    let best_first = |&a: &usize, &b: &usize| -> Ordering {
        let (x, y) = (&results[a], &results[b]);
        y.score
            .total_cmp(&x.score)
            .then(
                x.time_used
                    .unwrap_or(u32::MAX)
                    .cmp(&y.time_used.unwrap_or(u32::MAX)),
            )
            .then_with(|| x.participant.cmp(&y.participant))
    };
    members
        .into_iter()
        .map(|(path, mut idx)| {
            let headcount = headcounts.get(path).copied();
            idx.sort_by(best_first);
            let mut scores: Vec<f64> = idx.iter().map(|&i| results[i].score).collect();
            scores.sort_by(f64::total_cmp);
            let n = scores.len();
            let median = match n {
                0 => 0.0,
                _ if n % 2 == 1 => scores[n / 2],
                _ => (scores[n / 2 - 1] + scores[n / 2]) / 2.0,
            };
            UnitStats {
                path: path.to_vec(),
                participants: n as u32,
                headcount,
                participation: headcount
                    .filter(|&h| h > 0)
                    .map(|h| n as f64 / f64::from(h)),
                mean: if n == 0 {
                    0.0
                } else {
                    scores.iter().sum::<f64>() / n as f64
                },
                median,
                perfect: idx
                    .iter()
                    .filter(|&&i| {
                        let r = &results[i];
                        // Both are whole hundredths; the rounding keeps 99.99 + 0.01 exact.
                        libm::round((r.score - r.speed) * 100.0)
                            >= libm::round(options.full_marks * 100.0)
                    })
                    .count() as u32,
                top: idx
                    .iter()
                    .take(options.top)
                    .map(|&i| results[i].participant.to_string())
                    .collect(),
            }
        })
        .collect()
}

/// A criterion for ranking units, higher first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitCriterion {
    /// Participation rate (units without a headcount last).
    Participation,
    /// Mean score.
    Mean,
    /// Median score.
    Median,
    /// Number of participants.
    Participants,
    /// Number of full marks.
    Perfect,
}

/// Ranks the units at `depth` (1 = top level) by `criteria` in turn, best first, as
/// `(rank, index into units)`; units equal under every criterion share a rank.
pub fn rank_units(
    units: &[UnitStats],
    depth: usize,
    criteria: &[UnitCriterion],
) -> Vec<(u32, usize)> {
    let cmp = |a: &UnitStats, b: &UnitStats| {
        criteria.iter().fold(Ordering::Equal, |acc, c| {
            acc.then_with(|| match c {
                UnitCriterion::Participation => b
                    .participation
                    .unwrap_or(-1.0)
                    .total_cmp(&a.participation.unwrap_or(-1.0)),
                UnitCriterion::Mean => b.mean.total_cmp(&a.mean),
                UnitCriterion::Median => b.median.total_cmp(&a.median),
                UnitCriterion::Participants => b.participants.cmp(&a.participants),
                UnitCriterion::Perfect => b.perfect.cmp(&a.perfect),
            })
        })
    };
    let mut idx: Vec<usize> = (0..units.len())
        .filter(|&i| units[i].path.len() == depth)
        .collect();
    idx.sort_by(|&a, &b| cmp(&units[a], &units[b]).then_with(|| units[a].path.cmp(&units[b].path)));
    let mut out = Vec::with_capacity(idx.len());
    for (pos, &i) in idx.iter().enumerate() {
        let rank = match out.last() {
            Some(&(r, prev)) if cmp(&units[prev], &units[i]) == Ordering::Equal => r,
            _ => pos as u32 + 1,
        };
        out.push((rank, i));
    }
    out
}
