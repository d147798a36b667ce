//! A study plan to a deadline: cover a scope before a date (e.g. the 复赛 on 2027-06-30) and
//! raise the desired retention as the date nears, within a daily time budget.

use serde::{Deserialize, Serialize};

use super::plan::joined;
use super::{DailyPlan, DailyPlanSettings, LearnerState, PlanKind, Study, StudyError};
use crate::bank::{BankSet, QuestionFilter};
use crate::schedule::Scheduler;
use crate::time::{Date, Timestamp};

/// Settings of a study plan to a deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeadlineSettings {
    /// The scope.
    pub filter: QuestionFilter,
    /// The day of the exam or contest (default 2027-06-30, the 复赛).
    pub deadline: Date,
    /// Study time per day, in minutes (default 20).
    pub daily_minutes: u32,
    /// Seconds a new question takes, with its explanation (default 60).
    pub new_secs: u32,
    /// Seconds a review takes (default 20).
    pub review_secs: u32,
    /// Every question is introduced at least this many days before the deadline (default 7),
    /// so that it is reviewed at least once before the day.
    pub buffer_days: u32,
    /// Desired retention far from the deadline (default 0.85: fewer reviews while new
    /// questions are being introduced).
    pub retention_far: f64,
    /// Desired retention on the deadline (default 0.97).
    pub retention_near: f64,
    /// Days before the deadline over which the retention rises from far to near (default 30).
    pub ramp_days: u32,
}

impl Default for DeadlineSettings {
    fn default() -> Self {
        Self {
            filter: QuestionFilter::default(),
            deadline: Date::new(2027, 6, 30).unwrap_or_else(|| Date::from_days_since_epoch(0)),
            daily_minutes: 20,
            new_secs: 60,
            review_secs: 20,
            buffer_days: 7,
            retention_far: 0.85,
            retention_near: 0.97,
            ramp_days: 30,
        }
    }
}

/// Today's part of a study plan to a deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineDay {
    /// Days from today to the deadline (0 on the day and after).
    pub days_left: u32,
    /// Questions in scope.
    pub in_scope: usize,
    /// Questions in scope never scheduled.
    pub unseen: usize,
    /// New questions planned today.
    pub new_today: u32,
    /// Reviews allowed today by the time budget.
    pub review_cap: u32,
    /// Reviews due today. All of them are in today's plan, even beyond the budget: a due
    /// review is never dropped to make room.
    pub due_reviews: u32,
    /// Minutes today's due reviews need beyond the daily budget (0 when they fit); no new
    /// questions are planned on such a day.
    pub over_budget_minutes: u32,
    /// Today's desired retention.
    pub desired_retention: f64,
    /// Whether the budget lets every question be introduced `buffer_days` before the date.
    pub on_track: bool,
    /// Mean predicted recall over the scope on the deadline if the plan is followed every
    /// day: questions that will have been introduced are reviewed up to the deadline's desired
    /// retention (`retention_near`); questions the budget cannot introduce in time count 0.
    pub predicted_recall: f64,
    /// Mean predicted recall over the scope on the deadline if nothing more were studied from
    /// today (unseen questions count 0): what is at stake.
    pub recall_if_stopped: f64,
    /// Today's queue (answers move the schedule).
    pub plan: DailyPlan,
}

/// Today's plan towards `settings.deadline`.
///
/// New questions are spread evenly over the days left before the buffer (never fewer than
/// the budget allows once behind); the rest of the budget goes to reviews, lowest predicted
/// recall first. A graduated question is due once its recall falls below today's desired
/// retention, which rises linearly from `retention_far` to `retention_near` over the last
/// `ramp_days`, so reviews move closer to the date and recall on the day is high.
///
/// # Errors
///
/// [`StudyError::Setting`] for retentions outside (0, 1), zero costs, or a daily budget that
/// is not between 1 minute and 24 hours.
pub fn deadline_plan(
    study: &Study,
    banks: &BankSet,
    state: &LearnerState,
    now: Timestamp,
    settings: &DeadlineSettings,
) -> Result<DeadlineDay, StudyError> {
    for (name, r) in [
        ("retention_far", settings.retention_far),
        ("retention_near", settings.retention_near),
    ] {
        if !(r > 0.0 && r < 1.0) {
            return Err(StudyError::Setting {
                name,
                reason: format!("应在 0 与 1 之间，实际为 {r}"),
            });
        }
    }
    if settings.daily_minutes == 0 || settings.daily_minutes > 24 * 60 {
        return Err(StudyError::Setting {
            name: "daily_minutes",
            reason: format!(
                "每天学习时间应在 1 到 1440 分钟之间，实际为 {}",
                settings.daily_minutes
            ),
        });
    }
    if settings.new_secs == 0 || settings.review_secs == 0 {
        return Err(StudyError::Setting {
            name: "new_secs/review_secs",
            reason: "每题用时应大于 0 秒".to_owned(),
        });
    }
    let today = now.date();
    let days_left = u32::try_from(settings.deadline.days_since(today).max(0)).unwrap_or(u32::MAX);
    let on_day = settings.deadline.start();
    let (mut in_scope, mut unseen, mut recall, mut kept) = (0usize, 0usize, 0.0, 0.0);
    for (pos, card) in joined(banks, state) {
        if !settings.filter.matches(banks, pos) {
            continue;
        }
        in_scope += 1;
        match card.filter(|c| c.schedule.reps > 0) {
            Some(c) => {
                let r = study.scheduler().retrievability(&c.schedule, on_day);
                recall += r;
                // Reviews keep it at least at the deadline's retention.
                kept += r.max(settings.retention_near);
            }
            None => unseen += 1,
        }
    }
    let budget = settings.daily_minutes.saturating_mul(60);
    let max_new = budget / settings.new_secs;
    let new_days = days_left.saturating_sub(settings.buffer_days).max(1);
    let needed = u32::try_from(unseen.div_ceil(new_days as usize)).unwrap_or(u32::MAX);
    let ramp = settings.ramp_days.max(1);
    let closeness = 1.0 - f64::from(days_left.min(ramp)) / f64::from(ramp);
    let desired_retention =
        settings.retention_far + (settings.retention_near - settings.retention_far) * closeness;
    let day = state.day(today);
    let plan_with = |new_today: u32, review_cap: u32| {
        super::daily_plan(
            study,
            banks,
            state,
            now,
            &DailyPlanSettings {
                new_per_day: new_today + day.new,
                review_cap: review_cap.saturating_add(day.reviews),
                desired_retention: Some(desired_retention),
                filter: settings.filter.clone(),
                kind: PlanKind::Due,
            },
        )
    };
    // Reviews first: every due review is planned; new questions get what time is left.
    let due_reviews = u32::try_from(plan_with(0, u32::MAX).due).unwrap_or(u32::MAX);
    let review_time = due_reviews.saturating_mul(settings.review_secs);
    let over_budget_minutes = review_time.saturating_sub(budget).div_ceil(60);
    let new_today = needed.min(budget.saturating_sub(review_time) / settings.new_secs);
    let review_cap =
        due_reviews.max((budget - new_today * settings.new_secs) / settings.review_secs);
    let plan = plan_with(new_today, review_cap);
    // Followed, the plan introduces up to max_new a day until the buffer and keeps every
    // studied question at the deadline's retention.
    let introducible = (max_new as usize)
        .saturating_mul(new_days as usize)
        .min(unseen);
    let share = |x: f64| {
        if in_scope == 0 {
            0.0
        } else {
            x / in_scope as f64
        }
    };
    Ok(DeadlineDay {
        days_left,
        in_scope,
        unseen,
        new_today,
        review_cap,
        desired_retention,
        due_reviews,
        over_budget_minutes,
        on_track: needed <= max_new,
        predicted_recall: share(kept + introducible as f64 * settings.retention_near),
        recall_if_stopped: share(recall),
        plan,
    })
}
