//! Points (积分): a policy with points per mode, daily caps, an optional weekday rotation and a
//! study-day streak bonus; totals per day, week and all time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{LearnerState, Mode, StudyError};
use crate::time::{Date, Timestamp};

/// Points reached at a streak: `at` correct answers in a run (challenge) or `at` study days
/// in a row (streak bonus) earn `points` in all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    /// The streak length.
    pub at: u32,
    /// Points in all once the streak reaches `at` (cumulative, not added to lower thresholds).
    pub points: u32,
}

/// How one mode earns points.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModeRule {
    /// Points per correct answer (per reading read for 天天读).
    pub per_item: u32,
    /// Points at streak thresholds of a challenge run, in ascending order of `at` (e.g. 5
    /// correct → 3 points, 10 → 6): reaching a threshold adds the difference to the previous.
    pub thresholds: Vec<Threshold>,
    /// At most this many points from the mode per day.
    pub daily_cap: u32,
    /// Weekdays (1 = Monday … 7 = Sunday) on which the mode earns points; empty: every day.
    /// Lets a policy rotate modes through the week (e.g. 专项答题 only at weekends).
    pub weekdays: Vec<u8>,
}

impl ModeRule {
    fn active_on(&self, date: Date) -> bool {
        self.weekdays.is_empty() || self.weekdays.contains(&date.weekday())
    }
}

/// The points policy (YAML or JSON). See `question-banks/policies/points.yaml` for the default,
/// documented.
///
/// `Default`, modelled on 学习强国: 每日答题 1 point per correct answer up to 5 a day;
/// 挑战答题 3 points at 5 correct in a run and 6 at 10 or more, up to 6 a day; 微考堂 1 per
/// correct up to 5; 专项答题 1 per correct up to 10; 每日一题 1; 错题本 1 per correct up to 2;
/// 天天读 1 per reading up to 6; learn-ahead and cram none; 1 point for studying on a day and
/// a streak bonus of 1 from 7 days in a row; at most 30 points a day in all.
///
/// ```
/// use kaotang::study::PointsPolicy;
///
/// let policy = PointsPolicy::from_yaml("daily_cap: 20\nmodes:\n  daily: { per_item: 2, daily_cap: 10 }\n")?;
/// assert_eq!(policy.daily_cap, 20);
/// assert!(PointsPolicy::from_yaml("daily_cap: -1").is_err());
/// # Ok::<(), kaotang::study::StudyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PointsPolicy {
    /// Rules per mode; a mode without a rule earns nothing.
    pub modes: BTreeMap<Mode, ModeRule>,
    /// Points for the first entry of a study day (学习打卡).
    pub study_day: u32,
    /// Bonus points on each day of a study-day streak: the highest threshold reached by the
    /// streak (counting today) applies.
    pub streak_bonus: Vec<Threshold>,
    /// At most this many points per day in all.
    pub daily_cap: u32,
}

impl Default for PointsPolicy {
    fn default() -> Self {
        let rule = |per_item, daily_cap| ModeRule {
            per_item,
            daily_cap,
            ..ModeRule::default()
        };
        let modes = BTreeMap::from([
            (Mode::Daily, rule(1, 5)),
            (
                Mode::Challenge,
                ModeRule {
                    thresholds: vec![
                        Threshold { at: 5, points: 3 },
                        Threshold { at: 10, points: 6 },
                    ],
                    daily_cap: 6,
                    ..ModeRule::default()
                },
            ),
            (Mode::Exam, rule(1, 5)),
            (Mode::Practice, rule(1, 10)),
            (Mode::Today, rule(1, 1)),
            (Mode::WrongBook, rule(1, 2)),
            (Mode::Reading, rule(1, 6)),
        ]);
        Self {
            modes,
            study_day: 1,
            streak_bonus: vec![Threshold { at: 7, points: 1 }],
            daily_cap: 30,
        }
    }
}

/// Points of one entry: for the mode, and the study-day bonus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Award {
    pub points: u32,
    pub bonus: u32,
}

/// Points reached at `streak` under ascending `thresholds`.
fn reached(thresholds: &[Threshold], streak: u32) -> u32 {
    thresholds
        .iter()
        .filter(|t| t.at <= streak)
        .map(|t| t.points)
        .max()
        .unwrap_or(0)
}

impl PointsPolicy {
    /// Reads a policy from YAML (a JSON document is valid YAML too).
    ///
    /// # Errors
    ///
    /// [`StudyError::Policy`] with the line and column of the problem, or for thresholds that
    /// are not ascending or weekdays outside 1–7.
    pub fn from_yaml(text: &str) -> Result<Self, StudyError> {
        let policy: Self =
            serde_saphyr::from_str(text).map_err(|e| StudyError::Policy(e.to_string()))?;
        policy.check()?;
        Ok(policy)
    }

    /// Checks thresholds (ascending, points not decreasing) and weekdays (1–7).
    ///
    /// # Errors
    ///
    /// [`StudyError::Policy`] naming the mode and the problem.
    pub fn check(&self) -> Result<(), StudyError> {
        let ascending = |t: &[Threshold]| {
            t.windows(2)
                .all(|w| w[0].at < w[1].at && w[0].points <= w[1].points)
        };
        for (mode, rule) in &self.modes {
            if !ascending(&rule.thresholds) {
                return Err(StudyError::Policy(format!(
                    "{} 的 thresholds 应按 at 递增、points 不减",
                    mode.label()
                )));
            }
            if let Some(d) = rule.weekdays.iter().find(|d| !(1..=7).contains(*d)) {
                return Err(StudyError::Policy(format!(
                    "{} 的 weekdays 含 {d}，应为 1（周一）到 7（周日）",
                    mode.label()
                )));
            }
        }
        if !ascending(&self.streak_bonus) {
            return Err(StudyError::Policy(
                "streak_bonus 应按 at 递增、points 不减".to_owned(),
            ));
        }
        Ok(())
    }

    /// The points an entry in `mode` at `at` earns, given the state before it. `run_streak`
    /// is a challenge run's streak after this answer.
    pub(crate) fn award(
        &self,
        state: &LearnerState,
        mode: Mode,
        at: Timestamp,
        correct: bool,
        run_streak: Option<u32>,
    ) -> Award {
        let date = at.date();
        let day = state.day(date);
        let mut points = 0;
        if let Some(rule) = self.modes.get(&mode).filter(|r| r.active_on(date)) {
            if correct {
                points += rule.per_item;
                if let Some(s) = run_streak.filter(|&s| s > 0) {
                    points += reached(&rule.thresholds, s) - reached(&rule.thresholds, s - 1);
                }
            }
            points = points.min(rule.daily_cap.saturating_sub(day.mode_points(mode)));
        }
        let mut bonus = 0;
        if day.answers == 0 && day.reads == 0 {
            let streak = state.streak_ending(date.add_days(-1)) + 1;
            bonus = self.study_day + reached(&self.streak_bonus, streak);
        }
        let room = self.daily_cap.saturating_sub(day.total_points());
        let points = points.min(room);
        Award {
            points,
            bonus: bonus.min(room - points),
        }
    }

    /// Points totals of a learner on `today`.
    pub fn totals(state: &LearnerState, today: Date) -> PointsTotals {
        let monday = today.add_days(-i64::from(today.weekday() - 1));
        let sum = |from: Option<Date>| -> u32 {
            state
                .days
                .iter()
                .filter(|(d, _)| from.is_none_or(|f| **d >= f) && **d <= today)
                .map(|(_, l)| l.total_points())
                .sum()
        };
        PointsTotals {
            today: state.day(today).total_points(),
            week: sum(Some(monday)),
            total: state.days.values().map(|l| l.total_points()).sum(),
        }
    }
}

/// A learner's points.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct PointsTotals {
    /// Today.
    pub today: u32,
    /// This week, Monday to today.
    pub week: u32,
    /// All time.
    pub total: u32,
}
