//! PK matches (双人对战 / 四人赛): 2–4 players on the same questions.
//!
//! A right answer earns `right + speed × (limit − ms) / limit` points (rounded, the speed part
//! clamped to `[0, speed]`); a wrong or missing answer earns nothing. Players are placed by
//! points, then by less total time on right answers; players equal on both share the better
//! placing and its award. Awards by placing default to a model of 学习强国: 双人对战 winner 2,
//! loser 1; 三人 3/2/1; 四人赛 3/2/2/1.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::bank::{BankSet, QuestionFilter, QuestionId};
use crate::rng::SeedRng;

/// Points per question and awards per placing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PkConfig {
    /// Points for a right answer (default 10).
    pub right: i64,
    /// Most extra points for speed (default 10).
    pub speed: i64,
    /// Time per question in milliseconds (default 10,000).
    pub limit_ms: u32,
    /// Awards by placing for 2, 3 and 4 players (index 0 is first place).
    pub awards: [Vec<i64>; 3],
}

impl Default for PkConfig {
    fn default() -> Self {
        Self {
            right: 10,
            speed: 10,
            limit_ms: 10_000,
            awards: [vec![2, 1], vec![3, 2, 1], vec![3, 2, 2, 1]],
        }
    }
}

/// One player's answers, one per question (`None`: not answered in time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkPlayer {
    /// Player id.
    pub id: String,
    /// `(right?, milliseconds)` per question.
    pub answers: Vec<Option<(bool, u32)>>,
}

/// A player's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkStanding {
    /// Player id.
    pub player: String,
    /// Match points.
    pub points: i64,
    /// Questions right.
    pub correct: u32,
    /// Milliseconds spent on right answers.
    pub time_ms: u64,
    /// Placing, from 1 (ties share).
    pub placing: u32,
    /// Award for the placing.
    pub award: i64,
}

/// The outcome of a match, by placing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkResult {
    /// Players by placing (ties in input order).
    pub standings: Vec<PkStanding>,
}

/// Why a match could not be scored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PkError {
    /// Not 2–4 players.
    #[error("对战需要 2–4 名选手，实际 {0} 名")]
    PlayerCount(usize),
    /// A player id used twice.
    #[error("选手“{0}”重复")]
    DuplicatePlayer(String),
    /// Players answered different numbers of questions.
    #[error("选手“{player}”有 {got} 个作答，应为 {expected} 个")]
    AnswerCount {
        /// The player.
        player: String,
        /// Questions in the match.
        expected: usize,
        /// Answers given.
        got: usize,
    },
    /// Too few questions for the match.
    #[error("符合条件的题目只有 {have} 道，对战需要 {need} 道")]
    NotEnoughQuestions {
        /// Questions available.
        have: usize,
        /// Questions needed.
        need: usize,
    },
}

/// The match's questions: `n` drawn from `filter` with `SeedRng::derived(seed, "pk", match_id)`.
pub fn pk_questions(
    set: &BankSet,
    filter: &QuestionFilter,
    n: usize,
    seed: u64,
    match_id: &str,
) -> Result<Vec<QuestionId>, PkError> {
    let mut pool = set.select(filter);
    if pool.len() < n {
        return Err(PkError::NotEnoughQuestions {
            have: pool.len(),
            need: n,
        });
    }
    SeedRng::derived(seed, "pk", match_id).shuffle(&mut pool);
    Ok(pool
        .into_iter()
        .take(n)
        .filter_map(|i| set.questions().get(i).map(|q| q.id.clone()))
        .collect())
}

/// Scores a match.
///
/// ```
/// use kaotang::contest::{pk_match, PkConfig, PkPlayer};
/// let a = PkPlayer { id: "甲".into(), answers: vec![Some((true, 2_000)), Some((true, 5_000))] };
/// let b = PkPlayer { id: "乙".into(), answers: vec![Some((true, 1_000)), None] };
/// let r = pk_match(&PkConfig::default(), &[a, b]).unwrap();
/// // 甲: (10 + 8) + (10 + 5) = 33; 乙: 10 + 9 = 19.
/// assert_eq!((r.standings[0].points, r.standings[0].award), (33, 2));
/// assert_eq!((r.standings[1].points, r.standings[1].award), (19, 1));
/// ```
pub fn pk_match(config: &PkConfig, players: &[PkPlayer]) -> Result<PkResult, PkError> {
    if !(2..=4).contains(&players.len()) {
        return Err(PkError::PlayerCount(players.len()));
    }
    let expected = players[0].answers.len();
    for (i, p) in players.iter().enumerate() {
        if players[..i].iter().any(|q| q.id == p.id) {
            return Err(PkError::DuplicatePlayer(p.id.clone()));
        }
        if p.answers.len() != expected {
            return Err(PkError::AnswerCount {
                player: p.id.clone(),
                expected,
                got: p.answers.len(),
            });
        }
    }
    let limit = f64::from(config.limit_ms.max(1));
    let mut standings: Vec<PkStanding> = players
        .iter()
        .map(|p| {
            let right = p.answers.iter().flatten().filter(|(ok, _)| *ok);
            let points = right
                .clone()
                .map(|&(_, ms)| {
                    let share = ((limit - f64::from(ms)) / limit).clamp(0.0, 1.0);
                    config.right + libm::round(config.speed as f64 * share) as i64
                })
                .sum();
            PkStanding {
                player: p.id.clone(),
                points,
                correct: right.clone().count() as u32,
                time_ms: right.map(|&(_, ms)| u64::from(ms)).sum(),
                placing: 0,
                award: 0,
            }
        })
        .collect();
    standings.sort_by(|a, b| b.points.cmp(&a.points).then(a.time_ms.cmp(&b.time_ms)));
    let awards = &config.awards[players.len() - 2];
    for pos in 0..standings.len() {
        let placing = match pos.checked_sub(1).map(|p| &standings[p]) {
            Some(prev)
                if (prev.points, prev.time_ms)
                    == (standings[pos].points, standings[pos].time_ms) =>
            {
                prev.placing
            }
            _ => pos as u32 + 1,
        };
        standings[pos].placing = placing;
        standings[pos].award = awards.get(placing as usize - 1).copied().unwrap_or(0);
    }
    Ok(PkResult { standings })
}
