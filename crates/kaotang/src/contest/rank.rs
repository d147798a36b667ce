//! Ranking participants with a tie-break chain, ranks, top N and certificates.

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

/// The chain as integers, smaller first, so ranking sorts plain arrays.
fn sort_key(r: &ParticipantResult, chain: &[TieBreak]) -> [i64; 4] {
    let last = |v: Option<i64>| v.unwrap_or(i64::MAX);
    let mut key = [0; 4];
    for (slot, t) in key.iter_mut().zip(chain) {
        *slot = match t {
            // Monotone map of the float's total order onto i64, negated for higher first.
            TieBreak::Score => {
                let b = r.score.to_bits() as i64;
                -(b ^ (((b >> 63) as u64) >> 1) as i64)
            }
            TieBreak::TimeUsed => last(r.time_used.map(i64::from)),
            TieBreak::Submitted => last(r.submitted.map(|t| t.0)),
            TieBreak::Correct => -i64::from(r.correct),
        };
    }
    key
}

/// Ranks `results`, best first. Participants tied under the whole chain share a rank and keep
/// their order in `results` (by participant id for [`super::Scoring::results`]). Only the
/// first four steps of the chain count (there are four kinds of step).
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
    let chain = &options.tie_break;
    let mut keyed: Vec<([i64; 4], usize)> = results
        .iter()
        .enumerate()
        .map(|(i, r)| (sort_key(r, chain), i))
        .collect();
    keyed.sort_unstable();
    let mut certs: Vec<&Certificate> = options.certificates.iter().collect();
    certs.sort_by(|a, b| b.min_score.total_cmp(&a.min_score));
    let mut out = Vec::with_capacity(keyed.len());
    let (mut rank, mut dense) = (0u32, 0u32);
    for (pos, &(key, i)) in keyed.iter().enumerate() {
        let r = &results[i];
        let tied = pos > 0 && keyed[pos - 1].0 == key;
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
