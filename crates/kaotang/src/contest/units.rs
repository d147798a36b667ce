//! Aggregation up the unit tree (支部 → 单位 → 区) and unit rankings.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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
    let mut tally = UnitTally::new(*options);
    for r in results {
        tally.add(r);
    }
    tally.finish(roster)
}

/// [`aggregate_units`] one result at a time, for results read from a file as they come:
/// memory grows with the units and the distinct scores in each, not with the participants
/// (ten million results need no more than ten thousand do). Every figure is the one
/// [`aggregate_units`] gave when it kept every member, to the bit: the mean still adds the
/// scores in ascending order.
///
/// ```
/// use kaotang::contest::{ParticipantResult, UnitOptions, UnitTally};
/// let mut tally = UnitTally::new(UnitOptions::default());
/// for (id, score) in [("a", 90.0), ("b", 100.0), ("c", 80.0)] {
///     tally.add(&ParticipantResult {
///         participant: id.into(), name: "".into(), unit: vec!["东城区".to_string()].into(),
///         form: "A".into(), score, speed: 0.0, correct: 0, time_used: None, submitted: None,
///         attempt: 1, sheets: 1,
///     });
/// }
/// let units = tally.finish(&[]);
/// assert_eq!(units[1].path, ["东城区"]);
/// assert_eq!((units[1].median, units[1].perfect, units[1].top[0].as_str()), (90.0, 1, "b"));
/// ```
#[derive(Debug, Clone)]
pub struct UnitTally {
    options: UnitOptions,
    // By the unit a result names; folded into the units above it in `finish`.
    units: HashMap<Arc<[String]>, Members>,
}

/// What a unit's statistics need of its members.
#[derive(Debug, Clone, Default)]
struct Members {
    count: u32,
    perfect: u32,
    // How many members have each score (by its bits): the mean and the median without
    // keeping every score.
    scores: HashMap<u64, u32>,
    // The best `options.top` members, best first.
    best: Vec<Best>,
}

/// One of a unit's best members.
#[derive(Debug, Clone)]
struct Best {
    score: f64,
    time_used: u32,
    participant: String,
}

impl Best {
    fn key(&self) -> BestKey<'_> {
        (self.score, self.time_used, &self.participant)
    }
}

/// Score, time used (none counts as the most) and id.
type BestKey<'a> = (f64, u32, &'a str);

/// Whether `a` comes before `b`: higher score, then less time, then id. (Members equal in all
/// three show the same id, so their order cannot be seen.)
fn before(a: BestKey<'_>, b: BestKey<'_>) -> bool {
    b.0.total_cmp(&a.0)
        .then(a.1.cmp(&b.1))
        .then_with(|| a.2.cmp(b.2))
        .is_lt()
}

impl Members {
    /// Whether a member with `key` would be among the best `top`.
    fn admits(&self, top: usize, key: BestKey<'_>) -> bool {
        self.best.len() < top || self.best.last().is_some_and(|last| before(key, last.key()))
    }

    fn add_best(&mut self, top: usize, b: Best) {
        if !self.admits(top, b.key()) {
            return;
        }
        let at = self.best.partition_point(|e| before(e.key(), b.key()));
        self.best.insert(at, b);
        self.best.truncate(top);
    }

    fn merge(&mut self, other: &Members, top: usize) {
        self.count += other.count;
        self.perfect += other.perfect;
        for (&bits, &n) in &other.scores {
            *self.scores.entry(bits).or_default() += n;
        }
        for b in &other.best {
            self.add_best(top, b.clone());
        }
    }

    /// The mean and the median: the scores in ascending order, as if each were kept.
    fn mean_and_median(&self) -> (f64, f64) {
        let mut scores: Vec<(f64, u32)> = self
            .scores
            .iter()
            .map(|(&bits, &n)| (f64::from_bits(bits), n))
            .collect();
        scores.sort_by(|a, b| a.0.total_cmp(&b.0));
        let n = self.count as usize;
        // The scores at 0-based positions `n / 2 - 1` and `n / 2` in ascending order.
        let (mut lower, mut upper, mut below) = (0.0, 0.0, 0usize);
        for &(score, k) in &scores {
            let k = k as usize;
            if n >= 2 && (below..below + k).contains(&(n / 2 - 1)) {
                lower = score;
            }
            if (below..below + k).contains(&(n / 2)) {
                upper = score;
            }
            below += k;
        }
        // Every member's score in turn: the same sum as adding the kept scores would give.
        let sum: f64 = scores
            .iter()
            .flat_map(|&(score, k)| std::iter::repeat_n(score, k as usize))
            .sum();
        match n {
            0 => (0.0, 0.0),
            _ if n % 2 == 1 => (sum / n as f64, upper),
            _ => (sum / n as f64, (lower + upper) / 2.0),
        }
    }
}

impl UnitTally {
    /// An empty tally; `options.full_marks` decides who counts as 满分 as results come.
    pub fn new(options: UnitOptions) -> Self {
        Self {
            options,
            units: HashMap::new(),
        }
    }

    /// Counts one result in its unit (and, at [`Self::finish`], in every unit above it).
    pub fn add(&mut self, r: &ParticipantResult) {
        let top = self.options.top;
        let members = match self.units.get_mut(&r.unit[..]) {
            Some(m) => m,
            None => self.units.entry(Arc::clone(&r.unit)).or_default(),
        };
        members.count += 1;
        if r.reaches_without_speed(self.options.full_marks) {
            members.perfect += 1;
        }
        *members.scores.entry(r.score.to_bits()).or_default() += 1;
        let time_used = r.time_used.unwrap_or(u32::MAX);
        // The id is copied only for a member who makes the list.
        if members.admits(top, (r.score, time_used, &r.participant)) {
            members.add_best(
                top,
                Best {
                    score: r.score,
                    time_used,
                    participant: r.participant.to_string(),
                },
            );
        }
    }

    /// One entry per unit path that has participants or a roster line, and one for the whole
    /// contest (empty path), sorted by path: see [`aggregate_units`].
    pub fn finish(self, roster: &[RosterEntry]) -> Vec<UnitStats> {
        let top = self.options.top;
        let mut members: BTreeMap<Vec<String>, Members> = BTreeMap::new();
        for (unit, m) in &self.units {
            for depth in 0..=unit.len() {
                let path = unit.get(..depth).unwrap_or_default();
                match members.get_mut(path) {
                    Some(above) => above.merge(m, top),
                    None => {
                        members.insert(path.to_vec(), m.clone());
                    }
                }
            }
        }
        for e in roster {
            for depth in 0..=e.unit.len() {
                let path = e.unit.get(..depth).unwrap_or_default();
                if !members.contains_key(path) {
                    members.insert(path.to_vec(), Members::default());
                }
            }
        }
        let own: BTreeMap<&[String], u32> = roster
            .iter()
            .map(|e| (e.unit.as_slice(), e.headcount))
            .collect();
        // Headcounts bottom-up: a unit's own line, else the sum over its sub-units (children
        // sort after their parent, so a reverse walk sees them first).
        let mut headcounts: BTreeMap<&[String], u32> = BTreeMap::new();
        let mut child_sums: BTreeMap<&[String], u32> = BTreeMap::new();
        for path in members.keys().rev() {
            let path = path.as_slice();
            if let Some(h) = own.get(path).or_else(|| child_sums.get(path)).copied() {
                headcounts.insert(path, h);
                if let Some((_, parent)) = path.split_last() {
                    *child_sums.entry(parent).or_default() += h;
                }
            }
        }
        members
            .iter()
            .map(|(path, m)| {
                let headcount = headcounts.get(path.as_slice()).copied();
                let (mean, median) = m.mean_and_median();
                UnitStats {
                    path: path.clone(),
                    participants: m.count,
                    headcount,
                    participation: headcount
                        .filter(|&h| h > 0)
                        .map(|h| f64::from(m.count) / f64::from(h)),
                    mean,
                    median,
                    perfect: m.perfect,
                    top: m.best.iter().map(|b| b.participant.clone()).collect(),
                }
            })
            .collect()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every member of every unit kept and sorted: what [`UnitTally`] must give without
    /// keeping them.
    fn kept_and_sorted(
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
        for e in roster {
            for depth in 0..=e.unit.len() {
                members.entry(&e.unit[..depth]).or_default();
            }
        }
        let own: BTreeMap<&[String], u32> = roster
            .iter()
            .map(|e| (e.unit.as_slice(), e.headcount))
            .collect();
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
        members
            .into_iter()
            .map(|(path, mut idx)| {
                idx.sort_by(|&a, &b| {
                    let (x, y) = (&results[a], &results[b]);
                    y.score
                        .total_cmp(&x.score)
                        .then(
                            x.time_used
                                .unwrap_or(u32::MAX)
                                .cmp(&y.time_used.unwrap_or(u32::MAX)),
                        )
                        .then_with(|| x.participant.cmp(&y.participant))
                });
                let mut scores: Vec<f64> = idx.iter().map(|&i| results[i].score).collect();
                scores.sort_by(f64::total_cmp);
                let n = scores.len();
                let headcount = headcounts.get(path).copied();
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
                    median: match n {
                        0 => 0.0,
                        _ if n % 2 == 1 => scores[n / 2],
                        _ => (scores[n / 2 - 1] + scores[n / 2]) / 2.0,
                    },
                    perfect: idx
                        .iter()
                        .filter(|&&i| {
                            let r = &results[i];
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

    fn path() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(
            prop::sample::select(vec!["区1", "区2", "单位1", "支部"]),
            0..4,
        )
        .prop_map(|p| p.into_iter().map(str::to_owned).collect())
    }

    fn result() -> impl Strategy<Value = ParticipantResult> {
        (
            prop::sample::select(vec!["a", "b", "c", "d", "e", "p10", "p9"]),
            path(),
            // Few distinct scores (ties), hundredths, and a sign that only -0.0 shows.
            prop::sample::select(vec![
                0.0, -0.0, 0.1, 59.99, 60.0, 99.99, 100.0, 100.01, 104.17,
            ]),
            prop::sample::select(vec![0.0, 0.01, 4.17]),
            prop::option::of(0u32..4),
        )
            .prop_map(|(id, unit, score, speed, time_used)| ParticipantResult {
                participant: id.into(),
                name: "".into(),
                unit: unit.into(),
                form: "A".into(),
                score,
                speed,
                correct: 0,
                time_used,
                submitted: None,
                attempt: 1,
                sheets: 1,
            })
    }

    proptest! {
        /// To the bit, whatever the order of the results, ties, roster and options.
        #[test]
        fn a_tally_gives_what_keeping_every_member_gives(
            results in prop::collection::vec(result(), 0..60),
            roster in prop::collection::vec(
                (path(), 0u32..30).prop_map(|(unit, headcount)| RosterEntry { unit, headcount }),
                0..4,
            ),
            top in 0usize..5,
            full_marks in prop::sample::select(vec![60.0, 100.0, 100.01]),
        ) {
            let options = UnitOptions { top, full_marks };
            let got = aggregate_units(&results, &roster, &options);
            let want = kept_and_sorted(&results, &roster, &options);
            prop_assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                prop_assert_eq!(&g.path, &w.path);
                prop_assert_eq!(g.mean.to_bits(), w.mean.to_bits(), "mean of {:?}", g.path);
                prop_assert_eq!(g.median.to_bits(), w.median.to_bits(), "median of {:?}", g.path);
                prop_assert_eq!(g.participation.map(f64::to_bits), w.participation.map(f64::to_bits));
                prop_assert_eq!(g, w);
            }
        }
    }
}
