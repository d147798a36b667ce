//! The on-stage contest (现场赛) as an append-only event log.
//!
//! The state is a fold of the events: [`Stage::apply`] checks an event against the state and
//! either refuses it with a reason (the log is unchanged) or appends it. [`StageEvent::Undo`]
//! is itself an event: it compensates the latest effective event (restoring the scores and
//! the flow from before it), so the log stays append-only and [`Stage::replay`] after a crash
//! gives the same scoreboard.
//!
//! Rounds:
//! - 必答 ([`RoundKind::Required`]): teams answer in a fixed rotation (team order, from the
//!   first team each round); right `+right`, wrong `−wrong` (default 0: no deduction).
//! - 抢答 ([`RoundKind::Buzz`]): after [`StageEvent::Question`] the host reads; a buzz before
//!   [`StageEvent::Go`] costs `early` and locks the team out of the question. After `Go` the
//!   first buzz answers: right `+right` closes the question; wrong `−wrong` locks the team out
//!   and reopens buzzing. An unanswered question may pass to the audience.
//! - 风险 ([`RoundKind::Risk`]): in rotation each team picks a tier ([`StageEvent::Pick`]) or
//!   passes; right `+tier`, wrong `−tier`.
//! - 加赛 ([`RoundKind::SuddenDeath`]): only the teams tied for first buzz as in 抢答 (no early
//!   penalty); the round ends as soon as the tie is broken.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::read_config;
use crate::bank::QuestionId;

/// A team on stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    /// Short id used in events (e.g. `t1`).
    pub id: String,
    /// Name shown on the big screen.
    pub name: String,
}

/// One round and its scoring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RoundConfig {
    /// The round's name (e.g. 必答题).
    pub name: String,
    /// Kind and points.
    #[serde(flatten)]
    pub kind: RoundKind,
}

fn ten() -> i64 {
    10
}

fn five() -> i64 {
    5
}

fn yes() -> bool {
    true
}

fn tiers() -> Vec<i64> {
    vec![10, 20, 30]
}

/// The kind of a round, with its points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RoundKind {
    /// 必答.
    Required {
        /// Points for a right answer (default 10).
        #[serde(default = "ten")]
        right: i64,
        /// Points off for a wrong answer (default 0).
        #[serde(default)]
        wrong: i64,
    },
    /// 抢答.
    Buzz {
        /// Points for a right answer (default 10).
        #[serde(default = "ten")]
        right: i64,
        /// Points off for a wrong answer (default 10).
        #[serde(default = "ten")]
        wrong: i64,
        /// Points off for buzzing before the start signal (default 5).
        #[serde(default = "five")]
        early: i64,
        /// Whether an unanswered question may pass to the audience (default yes).
        #[serde(default = "yes")]
        audience: bool,
    },
    /// 风险.
    Risk {
        /// The tiers a team may pick (default 10, 20, 30).
        #[serde(default = "tiers")]
        tiers: Vec<i64>,
    },
    /// 加赛.
    SuddenDeath {
        /// Points for a right answer (default 10).
        #[serde(default = "ten")]
        right: i64,
        /// Points off for a wrong answer (default 0).
        #[serde(default)]
        wrong: i64,
    },
}

fn hundred() -> i64 {
    100
}

/// The stage: teams, base score, rounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageConfig {
    /// The contest's title.
    #[serde(default)]
    pub title: String,
    /// Teams in rotation order.
    pub teams: Vec<TeamConfig>,
    /// The score every team starts with (default 100).
    #[serde(default = "hundred")]
    pub base_score: i64,
    /// Rounds.
    pub rounds: Vec<RoundConfig>,
}

impl StageConfig {
    /// Reads a stage configuration from YAML; errors carry line and column.
    pub fn from_yaml(text: &str) -> Result<Self, StageError> {
        let c: Self = read_config(text).map_err(|e| StageError::Config(e.to_string()))?;
        c.checked()
    }

    /// Reads a stage configuration from JSON (the fields of the YAML); errors carry line and
    /// column. Front ends that have no YAML parser to spare (the WASM package) use this.
    ///
    /// ```
    /// use kaotang::contest::StageConfig;
    /// let two = r#"{"teams": [{"id": "t1", "name": "一队"}, {"id": "t2", "name": "二队"}],
    ///               "rounds": [{"name": "必答题", "kind": "required"}]}"#;
    /// assert_eq!(StageConfig::from_json(two).unwrap().base_score, 100);
    /// let one = r#"{"teams": [{"id": "t1", "name": "一队"}], "rounds": []}"#;
    /// assert!(StageConfig::from_json(one).is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<Self, StageError> {
        let c: Self = serde_json::from_str(text).map_err(|e| StageError::Config(e.to_string()))?;
        c.checked()
    }

    /// The configuration, if it can run.
    fn checked(self) -> Result<Self, StageError> {
        if self.teams.len() < 2 {
            return Err(StageError::Config("至少需要两支队伍".into()));
        }
        for (i, t) in self.teams.iter().enumerate() {
            if self.teams[..i].iter().any(|u| u.id == t.id) {
                return Err(StageError::Config(format!("队伍编号“{}”重复", t.id)));
            }
        }
        Ok(self)
    }
}

/// Something that happened on stage. Serialised as one JSON object per line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum StageEvent {
    /// Starts round `round` (index into the configuration's rounds).
    StartRound {
        /// The round's index.
        round: usize,
    },
    /// Puts the next question (必答: to the team in turn; 抢答/加赛: the host starts reading).
    Question {
        /// The question, for the record.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        question: Option<QuestionId>,
    },
    /// The start signal for buzzing (抢答).
    Go,
    /// A team buzzes in.
    Buzz {
        /// The team's id.
        team: String,
    },
    /// A team in turn picks a tier (风险).
    Pick {
        /// The team's id.
        team: String,
        /// The tier's points.
        tier: i64,
        /// The question read for the tier, for the record.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        question: Option<QuestionId>,
    },
    /// A team in turn passes (风险).
    Pass {
        /// The team's id.
        team: String,
    },
    /// The judges' verdict on a team's answer.
    Answer {
        /// The team's id.
        team: String,
        /// Whether it was right.
        correct: bool,
    },
    /// The question passes to the audience (抢答: nobody answered).
    Audience,
    /// A manual adjustment by the judges.
    Adjust {
        /// The team's id.
        team: String,
        /// Points added (negative to take off).
        points: i64,
        /// Why.
        reason: String,
    },
    /// Compensates the latest effective event.
    Undo,
}

/// Why an event was refused (the log is unchanged).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StageError {
    /// A configuration that cannot run.
    #[error("现场赛配置有误：{0}")]
    Config(String),
    /// No such team.
    #[error("没有队伍“{0}”")]
    UnknownTeam(String),
    /// No such round. The message numbers rounds from 1, as the console does.
    #[error("没有第 {} 轮（共 {rounds} 轮，从第 1 轮起编号）", .round.saturating_add(1))]
    NoSuchRound {
        /// The round's index, from 0 (as in [`StageEvent::StartRound`]).
        round: usize,
        /// How many rounds the configuration has.
        rounds: usize,
    },
    /// The event needs a running round.
    #[error("尚未开始任何一轮")]
    NoRound,
    /// The event does not belong to this kind of round.
    #[error("“{round}”环节不能{action}")]
    WrongRound {
        /// The round's name.
        round: String,
        /// What was attempted (Chinese).
        action: &'static str,
    },
    /// A team acting out of turn.
    #[error("现在轮到“{expected}”，不是“{team}”")]
    NotYourTurn {
        /// The team that acted.
        team: String,
        /// The team whose turn it is.
        expected: String,
    },
    /// No question is open for this.
    #[error("当前没有可以{0}的题目")]
    NoQuestion(&'static str),
    /// A question is still open.
    #[error("上一题尚未结束")]
    QuestionOpen,
    /// A team already locked out of this question.
    #[error("“{0}”本题已不能再抢答")]
    LockedOut(String),
    /// A tier the round does not offer.
    #[error("没有 {0} 分的风险题")]
    NoSuchTier(i64),
    /// A team not in the sudden-death round.
    #[error("“{0}”不参加加赛")]
    NotTied(String),
    /// Sudden death without a tie for first place.
    #[error("第一名没有并列，无需加赛")]
    NoTie,
    /// Nothing left to undo.
    #[error("没有可以撤销的操作")]
    NothingToUndo,
    /// A log line that is not an event.
    #[error("日志第 {line} 行无法读取：{message}")]
    Log {
        /// Line number, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
enum Phase {
    Idle,
    /// 必答: the team in turn answers.
    Turn(usize),
    /// 抢答/加赛: the host is reading; buzzing now is early.
    Reading,
    /// Buzzing is open.
    Open,
    /// A team buzzed and answers.
    Answering(usize),
    /// 风险: a team answers for a tier.
    Stake(usize, i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Flow {
    round: Option<usize>,
    /// The latest round started, kept when it ends (sudden death ends by itself).
    last_round: Option<usize>,
    turn: usize,
    phase: Phase,
    /// Teams locked out of the current question.
    locked: Vec<bool>,
    /// Teams in the current sudden-death round.
    tied: Vec<bool>,
    /// The latest question put in this round (a `Question` or a `Pick` that names one).
    question: Option<QuestionId>,
    /// Questions put in this round, named or not.
    asked: usize,
    /// Every question named so far, in order (so a console can offer the next unused one).
    used: Vec<QuestionId>,
}

/// Where the current question stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum StagePhase {
    /// No question open: the host may put the next one, start a round or adjust.
    Idle,
    /// 必答: `team` answers the question put to it.
    Turn {
        /// The team's id.
        team: String,
    },
    /// 抢答: the host is reading; a buzz now is early.
    Reading,
    /// Buzzing is open.
    Open,
    /// `team` buzzed first and answers.
    Answering {
        /// The team's id.
        team: String,
    },
    /// 风险: `team` answers for `tier` points.
    Stake {
        /// The team's id.
        team: String,
        /// The tier's points.
        tier: i64,
    },
}

/// What a console or a big screen shows besides the scores: the round, where the question
/// stands, whose turn it is, who may still buzz. Derived from the fold, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageStatus {
    /// The running round's index (none before the first round and after a decided 加赛).
    pub round: Option<usize>,
    /// As [`Stage::round_label`].
    pub round_label: String,
    /// Where the current question stands.
    #[serde(flatten)]
    pub phase: StagePhase,
    /// In 必答 and 风险 rounds, the team in rotation for the next question or pick.
    pub turn: Option<String>,
    /// Teams that may not buzz on the current question any more.
    pub locked: Vec<String>,
    /// Teams in the running 加赛 (empty otherwise).
    pub tied: Vec<String>,
    /// The latest question named in this round.
    pub question: Option<QuestionId>,
    /// Questions put in this round.
    pub asked: usize,
    /// Every question named so far in the contest, in order.
    pub used: Vec<QuestionId>,
    /// Whether [`StageEvent::Undo`] has something to undo.
    pub can_undo: bool,
}

/// A team's line on the scoreboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TeamStanding {
    /// Team id.
    pub team: String,
    /// Team name.
    pub name: String,
    /// Score.
    pub score: i64,
    /// Rank (1, 2, 2, 4).
    pub rank: u32,
}

/// The state of an on-stage contest: the configuration, the log and its fold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    config: StageConfig,
    events: Vec<StageEvent>,
    scores: Vec<i64>,
    flow: Flow,
    undo: Vec<(Vec<i64>, Flow)>,
}

impl Stage {
    /// A stage before any event.
    pub fn new(config: StageConfig) -> Self {
        let n = config.teams.len();
        Self {
            scores: vec![config.base_score; n],
            flow: Flow {
                round: None,
                last_round: None,
                turn: 0,
                phase: Phase::Idle,
                locked: vec![false; n],
                tied: vec![false; n],
                question: None,
                asked: 0,
                used: Vec::new(),
            },
            events: Vec::new(),
            undo: Vec::new(),
            config,
        }
    }

    /// Folds a whole log; the first refused event stops the replay with its index.
    ///
    /// ```
    /// use kaotang::contest::{Stage, StageConfig, StageEvent};
    /// let config = StageConfig::from_yaml(r#"
    /// teams: [{ id: t1, name: 一队 }, { id: t2, name: 二队 }]
    /// rounds: [{ name: 必答题, kind: required, right: 10 }]
    /// "#).unwrap();
    /// let mut stage = Stage::new(config.clone());
    /// stage.apply(StageEvent::StartRound { round: 0 }).unwrap();
    /// stage.apply(StageEvent::Question { question: None }).unwrap();
    /// // Out of turn: refused with a reason, nothing logged.
    /// assert!(stage.apply(StageEvent::Answer { team: "t2".into(), correct: true }).is_err());
    /// stage.apply(StageEvent::Answer { team: "t1".into(), correct: true }).unwrap();
    /// assert_eq!(stage.scoreboard()[0].score, 110);
    /// let log = stage.to_log();
    /// let replayed = Stage::replay(config, kaotang::contest::parse_log(&log).unwrap()).unwrap();
    /// assert_eq!(replayed, stage);
    /// ```
    pub fn replay(
        config: StageConfig,
        events: impl IntoIterator<Item = StageEvent>,
    ) -> Result<Self, (usize, StageError)> {
        let mut s = Self::new(config);
        for (i, e) in events.into_iter().enumerate() {
            s.apply(e).map_err(|err| (i, err))?;
        }
        Ok(s)
    }

    /// The configuration.
    pub fn config(&self) -> &StageConfig {
        &self.config
    }

    /// The accepted events.
    pub fn events(&self) -> &[StageEvent] {
        &self.events
    }

    /// The log as JSON lines.
    pub fn to_log(&self) -> String {
        self.events
            .iter()
            .filter_map(|e| serde_json::to_string(e).ok())
            .map(|l| l + "\n")
            .collect()
    }

    /// The current round's index.
    pub fn round(&self) -> Option<usize> {
        self.flow.round
    }

    /// What the board shows as the current round: its name, `名称（已结束）` once a
    /// sudden-death round has decided first place, or `未开始` before any round.
    pub fn round_label(&self) -> String {
        let name = |r: usize| self.config.rounds.get(r).map(|c| c.name.clone());
        match (self.flow.round, self.flow.last_round) {
            (Some(r), _) => name(r),
            (None, Some(r)) => name(r).map(|n| format!("{n}（已结束）")),
            (None, None) => None,
        }
        .unwrap_or_else(|| "未开始".to_owned())
    }

    /// The round, the question's phase, whose turn it is: what the console offers next.
    ///
    /// ```
    /// use kaotang::contest::{Stage, StageConfig, StageEvent, StagePhase};
    /// let config = StageConfig::from_json(r#"{"teams": [{"id": "t1", "name": "一队"},
    ///     {"id": "t2", "name": "二队"}], "rounds": [{"name": "必答题", "kind": "required"}]}"#).unwrap();
    /// let mut stage = Stage::new(config);
    /// stage.apply(StageEvent::StartRound { round: 0 }).unwrap();
    /// stage.apply(StageEvent::Question { question: Some("q1".into()) }).unwrap();
    /// let status = stage.status();
    /// assert_eq!(status.phase, StagePhase::Turn { team: "t1".into() });
    /// assert_eq!(status.question, Some("q1".into()));
    /// ```
    pub fn status(&self) -> StageStatus {
        let id = |i: usize| self.config.teams.get(i).map(|t| t.id.clone());
        let ids = |flags: &[bool]| -> Vec<String> {
            flags
                .iter()
                .enumerate()
                .filter(|(_, b)| **b)
                .filter_map(|(i, _)| id(i))
                .collect()
        };
        let phase = match &self.flow.phase {
            Phase::Idle => StagePhase::Idle,
            Phase::Turn(t) => StagePhase::Turn {
                team: id(*t).unwrap_or_default(),
            },
            Phase::Reading => StagePhase::Reading,
            Phase::Open => StagePhase::Open,
            Phase::Answering(t) => StagePhase::Answering {
                team: id(*t).unwrap_or_default(),
            },
            Phase::Stake(t, tier) => StagePhase::Stake {
                team: id(*t).unwrap_or_default(),
                tier: *tier,
            },
        };
        let rotates = self
            .current()
            .is_ok_and(|r| matches!(r.kind, RoundKind::Required { .. } | RoundKind::Risk { .. }));
        StageStatus {
            round: self.flow.round,
            round_label: self.round_label(),
            phase,
            turn: self.turn_team().ok().filter(|_| rotates).and_then(id),
            locked: ids(&self.flow.locked),
            tied: ids(&self.flow.tied),
            question: self.flow.question.clone(),
            asked: self.flow.asked,
            used: self.flow.used.clone(),
            can_undo: !self.undo.is_empty(),
        }
    }

    /// Teams by score (ties share a rank and keep team order).
    pub fn scoreboard(&self) -> Vec<TeamStanding> {
        let mut idx: Vec<usize> = (0..self.scores.len()).collect();
        idx.sort_by(|&a, &b| self.scores[b].cmp(&self.scores[a]).then(a.cmp(&b)));
        let mut out: Vec<TeamStanding> = Vec::with_capacity(idx.len());
        for (pos, &i) in idx.iter().enumerate() {
            let rank = match out.last() {
                Some(prev) if prev.score == self.scores[i] => prev.rank,
                _ => pos as u32 + 1,
            };
            out.push(TeamStanding {
                team: self.config.teams[i].id.clone(),
                name: self.config.teams[i].name.clone(),
                score: self.scores[i],
                rank,
            });
        }
        out
    }

    fn team(&self, id: &str) -> Result<usize, StageError> {
        self.config
            .teams
            .iter()
            .position(|t| t.id == id)
            .ok_or_else(|| StageError::UnknownTeam(id.to_owned()))
    }

    fn current(&self) -> Result<&RoundConfig, StageError> {
        self.flow
            .round
            .and_then(|r| self.config.rounds.get(r))
            .ok_or(StageError::NoRound)
    }

    fn wrong_round(&self, action: &'static str) -> StageError {
        StageError::WrongRound {
            round: self.current().map(|r| r.name.clone()).unwrap_or_default(),
            action,
        }
    }

    fn top_tied(&self) -> Vec<bool> {
        let top = self.scores.iter().copied().max().unwrap_or(0);
        self.scores.iter().map(|&s| s == top).collect()
    }

    /// Checks `event` and appends it, or refuses it with a reason.
    pub fn apply(&mut self, event: StageEvent) -> Result<(), StageError> {
        if event == StageEvent::Undo {
            let (scores, flow) = self.undo.pop().ok_or(StageError::NothingToUndo)?;
            self.scores = scores;
            self.flow = flow;
            self.events.push(event);
            return Ok(());
        }
        let before = (self.scores.clone(), self.flow.clone());
        if let Err(e) = self.step(&event) {
            // A refused event leaves no trace, whatever it had checked so far.
            (self.scores, self.flow) = before;
            return Err(e);
        }
        self.undo.push(before);
        self.events.push(event);
        Ok(())
    }

    fn step(&mut self, event: &StageEvent) -> Result<(), StageError> {
        let n = self.config.teams.len();
        let open_question = !matches!(self.flow.phase, Phase::Idle);
        match event {
            StageEvent::Undo => Ok(()),
            StageEvent::StartRound { round } => {
                let r = self
                    .config
                    .rounds
                    .get(*round)
                    .ok_or(StageError::NoSuchRound {
                        round: *round,
                        rounds: self.config.rounds.len(),
                    })?;
                if open_question {
                    return Err(StageError::QuestionOpen);
                }
                let tied = if matches!(r.kind, RoundKind::SuddenDeath { .. }) {
                    let t = self.top_tied();
                    if t.iter().filter(|&&b| b).count() < 2 {
                        return Err(StageError::NoTie);
                    }
                    t
                } else {
                    vec![false; n]
                };
                self.flow = Flow {
                    round: Some(*round),
                    last_round: Some(*round),
                    turn: 0,
                    phase: Phase::Idle,
                    locked: vec![false; n],
                    tied,
                    question: None,
                    asked: 0,
                    used: std::mem::take(&mut self.flow.used),
                };
                Ok(())
            }
            StageEvent::Question { question } => {
                let kind = self.current()?.kind.clone();
                if open_question {
                    return Err(StageError::QuestionOpen);
                }
                self.put(question.as_ref());
                self.flow.locked = vec![false; n];
                self.flow.phase = match kind {
                    RoundKind::Required { .. } => Phase::Turn(self.turn_team()?),
                    RoundKind::Buzz { .. } => Phase::Reading,
                    RoundKind::SuddenDeath { .. } => Phase::Open,
                    RoundKind::Risk { .. } => {
                        return Err(self.wrong_round("直接出题，请先选择分值"));
                    }
                };
                Ok(())
            }
            StageEvent::Go => {
                if !matches!(self.current()?.kind, RoundKind::Buzz { .. }) {
                    return Err(self.wrong_round("发出抢答信号"));
                }
                if self.flow.phase != Phase::Reading {
                    return Err(StageError::NoQuestion("开始抢答"));
                }
                self.flow.phase = Phase::Open;
                Ok(())
            }
            StageEvent::Buzz { team } => {
                let t = self.team(team)?;
                let kind = self.current()?.kind.clone();
                if let RoundKind::SuddenDeath { .. } = kind
                    && !self.flow.tied[t]
                {
                    return Err(StageError::NotTied(team.clone()));
                }
                if !matches!(kind, RoundKind::Buzz { .. } | RoundKind::SuddenDeath { .. }) {
                    return Err(self.wrong_round("抢答"));
                }
                if self.flow.locked[t] {
                    return Err(StageError::LockedOut(team.clone()));
                }
                match (&self.flow.phase, kind) {
                    (Phase::Reading, RoundKind::Buzz { early, .. }) => {
                        self.scores[t] -= early;
                        self.flow.locked[t] = true;
                        Ok(())
                    }
                    (Phase::Open, _) => {
                        self.flow.phase = Phase::Answering(t);
                        Ok(())
                    }
                    _ => Err(StageError::NoQuestion("抢答")),
                }
            }
            StageEvent::Pick {
                team,
                tier,
                question,
            } => {
                let t = self.team(team)?;
                let RoundKind::Risk { tiers } = &self.current()?.kind else {
                    return Err(self.wrong_round("选择风险分值"));
                };
                if !tiers.contains(tier) {
                    return Err(StageError::NoSuchTier(*tier));
                }
                self.expect_turn(t, open_question)?;
                self.put(question.as_ref());
                self.flow.phase = Phase::Stake(t, *tier);
                Ok(())
            }
            StageEvent::Pass { team } => {
                let t = self.team(team)?;
                if !matches!(self.current()?.kind, RoundKind::Risk { .. }) {
                    return Err(self.wrong_round("放弃答题"));
                }
                self.expect_turn(t, open_question)?;
                self.flow.turn += 1;
                Ok(())
            }
            StageEvent::Answer { team, correct } => {
                let t = self.team(team)?;
                let kind = self.current()?.kind.clone();
                let expected = match self.flow.phase {
                    Phase::Turn(e) | Phase::Answering(e) | Phase::Stake(e, _) => e,
                    _ => return Err(StageError::NoQuestion("作答")),
                };
                if t != expected {
                    return Err(StageError::NotYourTurn {
                        team: team.clone(),
                        expected: self.config.teams[expected].id.clone(),
                    });
                }
                let (right, wrong) = match (kind, &self.flow.phase) {
                    (_, Phase::Stake(_, tier)) => (*tier, *tier),
                    (
                        RoundKind::Required { right, wrong }
                        | RoundKind::Buzz { right, wrong, .. }
                        | RoundKind::SuddenDeath { right, wrong },
                        _,
                    ) => (right, wrong),
                    (RoundKind::Risk { .. }, _) => (0, 0),
                };
                self.scores[t] += if *correct { right } else { -wrong };
                match self.flow.phase {
                    Phase::Answering(_) if !correct => {
                        self.flow.locked[t] = true;
                        let eligible = |i: usize| {
                            !self.flow.locked[i]
                                && (self.flow.tied[i] || !self.flow.tied.iter().any(|&b| b))
                        };
                        self.flow.phase = if (0..n).any(eligible) {
                            Phase::Open
                        } else {
                            Phase::Idle
                        };
                    }
                    Phase::Answering(_) => self.flow.phase = Phase::Idle,
                    _ => {
                        self.flow.phase = Phase::Idle;
                        self.flow.turn += 1;
                    }
                }
                // Sudden death ends once first place is no longer shared.
                if self.flow.tied.iter().any(|&b| b)
                    && self.top_tied().iter().filter(|&&b| b).count() < 2
                {
                    self.flow.round = None;
                    self.flow.phase = Phase::Idle;
                    self.flow.tied = vec![false; n];
                }
                Ok(())
            }
            StageEvent::Audience => {
                let RoundKind::Buzz { audience: true, .. } = self.current()?.kind else {
                    return Err(self.wrong_round("把题目交给观众"));
                };
                if !matches!(self.flow.phase, Phase::Reading | Phase::Open) {
                    return Err(StageError::NoQuestion("交给观众"));
                }
                self.flow.phase = Phase::Idle;
                Ok(())
            }
            StageEvent::Adjust { team, points, .. } => {
                let t = self.team(team)?;
                self.scores[t] += points;
                Ok(())
            }
        }
    }

    /// Records a question put to the teams (a later refusal of the event rolls this back).
    fn put(&mut self, question: Option<&QuestionId>) {
        self.flow.asked += 1;
        self.flow.question = question.cloned();
        if let Some(q) = question {
            self.flow.used.push(q.clone());
        }
    }

    /// The team whose turn it is in a rotation (a configuration without teams has none).
    fn turn_team(&self) -> Result<usize, StageError> {
        self.flow
            .turn
            .checked_rem(self.config.teams.len())
            .ok_or_else(|| StageError::Config("至少需要两支队伍".into()))
    }

    fn expect_turn(&self, t: usize, open_question: bool) -> Result<(), StageError> {
        if open_question {
            return Err(StageError::QuestionOpen);
        }
        let expected = self.turn_team()?;
        if t == expected {
            Ok(())
        } else {
            Err(StageError::NotYourTurn {
                team: self.config.teams[t].id.clone(),
                expected: self.config.teams[expected].id.clone(),
            })
        }
    }
}

/// A log read back after a crash or a hand edit: every complete event, and what was repaired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveredLog {
    /// The complete events, in order.
    pub events: Vec<StageEvent>,
    /// Lines (from 1) that held several events written without a newline between them.
    pub glued_lines: Vec<usize>,
    /// The last line, when it is not a whole event (a write cut short): its number and text.
    /// Its complete events, if glued before it, are kept in `events`.
    pub torn: Option<(usize, String)>,
    /// Whether the file differs from [`RecoveredLog::text`] (glued or torn lines, or no
    /// newline at the end) and must be rewritten before events are appended to it.
    pub needs_rewrite: bool,
}

impl RecoveredLog {
    /// The events as a clean log: one JSON object per line.
    pub fn text(&self) -> String {
        self.events
            .iter()
            .filter_map(|e| serde_json::to_string(e).ok())
            .map(|l| l + "\n")
            .collect()
    }
}

/// Reads a log of JSON lines, repairing what a crash or a hand edit leaves: events glued on
/// one line are split, and a last line that is not a whole event is set aside (reported in
/// [`RecoveredLog::torn`]). Any other unreadable line is an error that names it.
///
/// ```
/// use kaotang::contest::{StageEvent, recover_log};
/// let log = "{\"event\":\"go\"}{\"event\":\"undo\"}\n{\"event\":\"buzz\",\"te";
/// let r = recover_log(log).unwrap();
/// assert_eq!(r.events, [StageEvent::Go, StageEvent::Undo]);
/// assert_eq!(r.glued_lines, [1]);
/// assert_eq!(r.torn, Some((2, "{\"event\":\"buzz\",\"te".to_owned())));
/// assert!(r.needs_rewrite);
/// ```
pub fn recover_log(text: &str) -> Result<RecoveredLog, StageError> {
    let mut out = RecoveredLog {
        events: Vec::new(),
        glued_lines: Vec::new(),
        torn: None,
        needs_rewrite: !text.is_empty() && !text.ends_with('\n'),
    };
    let last = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, _)| i)
        .last();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut stream = serde_json::Deserializer::from_str(line).into_iter::<StageEvent>();
        let mut n = 0;
        loop {
            match stream.next() {
                None => break,
                Some(Ok(e)) => {
                    out.events.push(e);
                    n += 1;
                }
                Some(Err(_)) if Some(i) == last => {
                    let rest = line.get(stream.byte_offset()..).unwrap_or(line).trim();
                    out.torn = Some((i + 1, rest.to_owned()));
                    out.needs_rewrite = true;
                    break;
                }
                Some(Err(e)) => {
                    return Err(StageError::Log {
                        line: i + 1,
                        message: e.to_string(),
                    });
                }
            }
        }
        if n > 1 {
            out.glued_lines.push(i + 1);
            out.needs_rewrite = true;
        }
    }
    Ok(out)
}

/// Reads a log of JSON lines (blank lines are skipped); errors name the line.
pub fn parse_log(text: &str) -> Result<Vec<StageEvent>, StageError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| StageError::Log {
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}
