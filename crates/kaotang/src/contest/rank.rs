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

/// The chain as one integer, smaller first, so ranking sorts plain `u128` pairs: each step
/// maps to a `u64` that keeps its order, two steps to a `u128`.
fn sort_key(r: &ParticipantResult, chain: &[TieBreak]) -> (u128, u128) {
    const LAST: u64 = u64::MAX;
    let mut key = [0u64; 4];
    for (slot, t) in key.iter_mut().zip(chain) {
        *slot = match t {
            // The float's total order as an unsigned integer, inverted for higher first.
            TieBreak::Score => {
                let b = r.score.to_bits();
                !(if b >> 63 == 1 { !b } else { b | 1 << 63 })
            }
            TieBreak::TimeUsed => r.time_used.map_or(LAST, u64::from),
            // Seconds since 1970, shifted so earlier instants stay smaller.
            TieBreak::Submitted => r.submitted.map_or(LAST, |t| (t.0 as u64) ^ 1 << 63),
            TieBreak::Correct => u64::from(u32::MAX - r.correct),
        };
    }
    let pair = |hi: u64, lo: u64| (u128::from(hi) << 64) | u128::from(lo);
    (pair(key[0], key[1]), pair(key[2], key[3]))
}

/// Ranks `results`, best first. Participants tied under the whole chain share a rank and keep
/// their order in `results` (by participant id for [`super::Scoring::results`]). Only the
/// first four steps of the chain count (there are four kinds of step).
///
/// ```
/// use kaotang::contest::{rank, ParticipantResult, RankOptions};
/// let r = |id: &str, score: f64, secs: u32| ParticipantResult {
///     participant: id.into(), name: String::new(), unit: vec![].into(), form: "A".into(), score,
///     speed: 0.0, correct: 0, time_used: Some(secs), submitted: None, attempt: 1, sheets: 1,
/// };
/// let results = [r("a", 90.0, 300), r("b", 95.0, 400), r("c", 90.0, 300), r("d", 80.0, 100)];
/// let ranks: Vec<(usize, u32, u32)> = rank(&results, &RankOptions::default())
///     .iter().map(|x| (x.index, x.rank, x.dense_rank)).collect();
/// assert_eq!(ranks, [(1, 1, 1), (0, 2, 2), (2, 2, 2), (3, 4, 3)]);
/// ```
pub fn rank(results: &[ParticipantResult], options: &RankOptions) -> Vec<Ranked> {
    let chain = &options.tie_break;
    let mut keyed: Vec<((u128, u128), usize)> = results
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
