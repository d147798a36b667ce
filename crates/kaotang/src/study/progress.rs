//! Progress reports: one learner, and the learners of an org unit, as plain data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::plan::joined;
use super::{LearnerState, Mode, PointsPolicy, PointsTotals, Study};
use crate::bank::{BankSet, Period};
use crate::schedule::Phase;
use crate::time::{Date, Timestamp};

/// A question counts as mature once its interval reaches this many days (Anki's rule).
const MATURE_DAYS: u32 = 21;

/// Accuracy and predicted retention of a group of questions (a period or a tag).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupStats {
    /// Questions in the banks.
    pub questions: u32,
    /// Questions answered at least once.
    pub seen: u32,
    /// Answers.
    pub answers: u32,
    /// Correct answers.
    pub correct: u32,
    /// Correct answers / answers (0 without answers).
    pub accuracy: f64,
    /// Mean predicted recall now over the scheduled questions (0 when none).
    pub retention: f64,
    #[serde(skip)]
    scheduled: u32,
}

impl GroupStats {
    fn add(&mut self, card: Option<&super::Card>, r: Option<f64>) {
        self.questions += 1;
        if let Some(c) = card {
            self.seen += 1;
            self.answers += c.answers;
            self.correct += c.correct;
        }
        if let Some(r) = r {
            self.scheduled += 1;
            self.retention += r;
        }
    }

    fn finish(&mut self) {
        if self.answers > 0 {
            self.accuracy = f64::from(self.correct) / f64::from(self.answers);
        }
        if self.scheduled > 0 {
            self.retention /= f64::from(self.scheduled);
        }
    }
}

/// Questions by stage.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct CardCounts {
    /// Never scheduled.
    pub new: u32,
    /// In the learning or relearning steps.
    pub learning: u32,
    /// Graduated with an interval under 21 days.
    pub young: u32,
    /// Graduated with an interval of 21 days or more.
    pub mature: u32,
}

/// Points earned today in one mode against its daily cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModePoints {
    /// The mode; `None` for the study-day and streak bonus.
    pub mode: Option<Mode>,
    /// Points earned today.
    pub points: u32,
    /// At most this many a day.
    pub cap: u32,
}

/// One learner's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LearnerReport {
    /// The day of the report.
    pub date: Date,
    /// Current study-day streak.
    pub streak: u32,
    /// Longest study-day streak.
    pub best_streak: u32,
    /// Best challenge run.
    pub best_challenge: u32,
    /// Points today, this week, in all.
    pub points: PointsTotals,
    /// 积分明细: today's points per mode that earns any, against its daily cap, in the order
    /// of [`Mode::ALL`]; then the study-day and streak bonus (mode `None`) against the most it
    /// can be. (All points of a day are also capped by the policy's `daily_cap`.)
    pub points_today: Vec<ModePoints>,
    /// All answers, correct answers and their share.
    pub overall: GroupStats,
    /// Per period.
    pub by_period: BTreeMap<Period, GroupStats>,
    /// Per tag.
    pub by_tag: BTreeMap<String, GroupStats>,
    /// Questions by stage.
    pub cards: CardCounts,
    /// Questions in the wrong book.
    pub wrong_book: u32,
    /// Scheduled questions due on each of the next 14 days (today includes overdue ones).
    pub forecast: Vec<(Date, u32)>,
}

/// The progress report of one learner at `now`.
pub fn learner_report(
    study: &Study,
    banks: &BankSet,
    state: &LearnerState,
    now: Timestamp,
) -> LearnerReport {
    let today = now.date();
    let mut overall = GroupStats::default();
    let mut by_period: BTreeMap<Period, GroupStats> = BTreeMap::new();
    let mut by_tag: BTreeMap<String, GroupStats> = BTreeMap::new();
    let mut cards = CardCounts::default();
    let mut forecast = vec![0u32; 14];
    let mut wrong_book = 0;
    for (pos, card) in joined(banks, state) {
        let Some(q) = banks.questions().get(pos) else {
            continue;
        };
        let scheduled = card.filter(|c| c.schedule.reps > 0);
        let r = scheduled.map(|c| study.retrievability(c, now));
        overall.add(card, r);
        by_period.entry(q.period).or_default().add(card, r);
        for t in &q.tags {
            by_tag.entry(t.clone()).or_default().add(card, r);
        }
        wrong_book += u32::from(card.is_some_and(|c| c.wrong_book));
        match scheduled.map(|c| &c.schedule) {
            None => cards.new += 1,
            Some(s) => {
                match s.phase {
                    Phase::Review if s.scheduled_days >= MATURE_DAYS => cards.mature += 1,
                    Phase::Review => cards.young += 1,
                    _ => cards.learning += 1,
                }
                let day = s.due.date().days_since(today).max(0);
                if let Some(n) = usize::try_from(day).ok().and_then(|d| forecast.get_mut(d)) {
                    *n += 1;
                }
            }
        }
    }
    overall.finish();
    by_period.values_mut().for_each(GroupStats::finish);
    by_tag.values_mut().for_each(GroupStats::finish);
    LearnerReport {
        date: today,
        streak: state.current_streak(today),
        best_streak: state.best_streak(),
        best_challenge: state.best_challenge,
        points: PointsPolicy::totals(state, today),
        points_today: {
            let day = state.day(today);
            let policy = &study.config().points;
            Mode::ALL
                .iter()
                .filter_map(|&m| {
                    let rule = policy.modes.get(&m)?;
                    Some(ModePoints {
                        mode: Some(m),
                        points: day.mode_points(m),
                        cap: rule.daily_cap,
                    })
                })
                .chain(std::iter::once(ModePoints {
                    mode: None,
                    points: day.bonus,
                    cap: policy.study_day
                        + policy
                            .streak_bonus
                            .iter()
                            .map(|t| t.points)
                            .max()
                            .unwrap_or(0),
                }))
                .collect()
        },
        overall,
        by_period,
        by_tag,
        cards,
        wrong_book,
        forecast: forecast
            .into_iter()
            .enumerate()
            .map(|(d, n)| (today.add_days(d as i64), n))
            .collect(),
    }
}

/// A learner's place in the organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The learner's id or name.
    pub learner: String,
    /// The org unit path from the top, e.g. `["某区", "某单位", "第一支部"]`.
    pub unit: Vec<String>,
}

/// Figures of one org unit (its members and those of every unit under it) over a period.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UnitStats {
    /// The unit path (empty: everyone).
    pub unit: Vec<String>,
    /// Members.
    pub members: u32,
    /// Members who studied on at least one day of the period.
    pub active: u32,
    /// `active / members`.
    pub participation: f64,
    /// Answers in the period.
    pub answers: u32,
    /// Correct answers in the period.
    pub correct: u32,
    /// Mean of the active members' accuracy in the period (0 when none answered).
    pub average_accuracy: f64,
    /// Points earned in the period.
    pub points: u32,
    /// Points per member.
    pub average_points: f64,
    #[serde(skip)]
    accuracy_sum: f64,
    #[serde(skip)]
    answering: u32,
}

/// An org report over `from..=to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgReport {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// Every unit and every unit above it (the root first), in path order.
    pub units: Vec<UnitStats>,
}

/// Participation, accuracy and points of the learners of every org unit over `from..=to`.
pub fn org_report(members: &[(&Member, &LearnerState)], from: Date, to: Date) -> OrgReport {
    let mut units: BTreeMap<Vec<String>, UnitStats> = BTreeMap::new();
    for (member, state) in members {
        let (mut answers, mut correct, mut points) = (0u32, 0u32, 0u32);
        let mut active = false;
        for (_, day) in state.days.range(from..=to) {
            active = true;
            answers += day.answers;
            correct += day.correct;
            points += day.total_points();
        }
        for depth in 0..=member.unit.len() {
            let path = member.unit[..depth].to_vec();
            let u = units.entry(path.clone()).or_default();
            u.unit = path;
            u.members += 1;
            u.active += u32::from(active);
            u.answers += answers;
            u.correct += correct;
            u.points += points;
            if answers > 0 {
                u.answering += 1;
                u.accuracy_sum += f64::from(correct) / f64::from(answers);
            }
        }
    }
    let units = units
        .into_values()
        .map(|mut u| {
            u.participation = f64::from(u.active) / f64::from(u.members.max(1));
            u.average_points = f64::from(u.points) / f64::from(u.members.max(1));
            if u.answering > 0 {
                u.average_accuracy = u.accuracy_sum / f64::from(u.answering);
            }
            u
        })
        .collect();
    OrgReport { from, to, units }
}
