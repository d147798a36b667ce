//! Ranking participants with a tie-break chain, ranks, top N and certificates.

use std::cmp::Ordering;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ParticipantResult;

/// One step of the tie-break chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// Higher score first.
    Score,
    /// Less time used first (unknown time last).
    TimeUsed,
    /// Earlier submission first (unknown last).
    Submitted,
    /// More questions right first.
    Correct,
}

/// A certificate (e.g. 一等奖) for scores at or above a threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// The certificate's name.
    pub name: String,
    /// The lowest score that earns it.
    pub min_score: f64,
}

/// How to rank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RankOptions {
    /// The chain; participants equal under every step share a rank (default: score, time
    /// used, submission time).
    pub tie_break: Vec<TieBreak>,
    /// Keep only ranks up to this (ties at the boundary are kept).
    pub top: Option<u32>,
    /// Certificates; a participant gets the one with the highest threshold they reach.
    pub certificates: Vec<Certificate>,
}

impl Default for RankOptions {
    fn default() -> Self {
        Self {
            tie_break: vec![TieBreak::Score, TieBreak::TimeUsed, TieBreak::Submitted],
            top: None,
            certificates: Vec::new(),
        }
    }
}

/// A participant's place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    /// Index into the results.
    pub index: usize,
    /// Standard competition rank (1, 2, 2, 4).
    pub rank: u32,
    /// Dense rank (1, 2, 2, 3).
    pub dense_rank: u32,
    /// The certificate earned, if any.
    pub certificate: Option<String>,
}

fn compare(a: &ParticipantResult, b: &ParticipantResult, chain: &[TieBreak]) -> Ordering {
    let last = |v: Option<i64>| v.unwrap_or(i64::MAX);
    chain.iter().fold(Ordering::Equal, |acc, t| {
        acc.then_with(|| match t {
            TieBreak::Score => b.score.total_cmp(&a.score),
            TieBreak::TimeUsed => {
                last(a.time_used.map(i64::from)).cmp(&last(b.time_used.map(i64::from)))
            }
            TieBreak::Submitted => {
                last(a.submitted.map(|t| t.0)).cmp(&last(b.submitted.map(|t| t.0)))
            }
            TieBreak::Correct => b.correct.cmp(&a.correct),
        })
    })
}

/// Ranks `results`, best first. Participants tied under the whole chain share a rank and are
/// listed by participant id.
///
/// ```
/// use kaotang::contest::{rank, ParticipantResult, RankOptions};
/// let r = |id: &str, score: f64, secs: u32| ParticipantResult {
///     participant: id.into(), name: String::new(), unit: vec![], form: "A".into(), score,
///     speed: 0.0, correct: 0, time_used: Some(secs), submitted: None, attempt: 1, sheets: 1,
/// };
/// let results = [r("a", 90.0, 300), r("b", 95.0, 400), r("c", 90.0, 300), r("d", 80.0, 100)];
/// let ranks: Vec<(usize, u32, u32)> = rank(&results, &RankOptions::default())
///     .iter().map(|x| (x.index, x.rank, x.dense_rank)).collect();
/// assert_eq!(ranks, [(1, 1, 1), (0, 2, 2), (2, 2, 2), (3, 4, 3)]);
/// ```
pub fn rank(results: &[ParticipantResult], options: &RankOptions) -> Vec<Ranked> {
    let mut order: Vec<usize> = (0..results.len()).collect();
    let chain = &options.tie_break;
    order.sort_unstable_by(|&a, &b| {
        compare(&results[a], &results[b], chain)
            .then_with(|| results[a].participant.cmp(&results[b].participant))
            .then(a.cmp(&b))
    });
    let mut certs: Vec<&Certificate> = options.certificates.iter().collect();
    certs.sort_by(|a, b| b.min_score.total_cmp(&a.min_score));
    let mut out = Vec::with_capacity(order.len());
    let (mut rank, mut dense) = (0u32, 0u32);
    for (pos, &i) in order.iter().enumerate() {
        let r = &results[i];
        let tied = pos > 0 && compare(&results[order[pos - 1]], r, chain) == Ordering::Equal;
        if !tied {
            rank = pos as u32 + 1;
            dense += 1;
        }
        if options.top.is_some_and(|t| rank > t) {
            break;
        }
        out.push(Ranked {
            index: i,
            rank,
            dense_rank: dense,
            certificate: certs
                .iter()
                .find(|c| r.score >= c.min_score)
                .map(|c| c.name.clone()),
        });
    }
    out
}
