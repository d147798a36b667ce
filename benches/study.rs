//! The daily plan for a learner with 100,000 cards, against one plain linear scan over the same
//! cards (summing predicted recall), measured in the same run.
//!
//! Run: `cargo bench --bench study`.

// A bench stops on the first failed call, like a test.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use kaotang::bank::BankSet;
use kaotang::rng::SeedRng;
use kaotang::schedule::{CardSchedule, MemoryState, Phase};
use kaotang::study::{Card, DailyPlanSettings, LearnerState, Study, StudyConfig, daily_plan};
use kaotang::time::{Date, Timestamp};
use kaotang_suite::synthetic_bank_yaml;

const QUESTIONS: usize = 120_000;
const CARDS: usize = 100_000;

/// 100,000 graduated cards with stabilities of 0.5–200 days, last answered 1–120 days ago and
/// due after their stability in days (about a fifth are due).
fn learner(banks: &BankSet, now: Timestamp) -> LearnerState {
    let mut rng = SeedRng::new(5);
    let mut state = LearnerState::default();
    for q in banks.questions().iter().take(CARDS) {
        let stability = 0.5 + rng.unit() * 199.5;
        let last = now.date().add_days(-(1 + rng.below(120) as i64));
        let due: Date = last.add_days(stability.round() as i64);
        let schedule = CardSchedule {
            phase: Phase::Review,
            memory: Some(MemoryState {
                stability,
                difficulty: 1.0 + rng.unit() * 9.0,
            }),
            ease: None,
            due: due.start(),
            last_review: Some(last.start().add_secs(9 * 3600)),
            scheduled_days: stability.round() as u32,
            reps: 3,
            lapses: 0,
        };
        let card = Card {
            schedule,
            answers: 3,
            correct: 3,
            streak: 3,
            ..Card::default()
        };
        state.cards.insert(q.id.clone(), card);
    }
    state
}

fn scan(study: &Study, state: &LearnerState, now: Timestamp) -> f64 {
    state
        .cards
        .values()
        .map(|c| study.retrievability(c, now))
        .sum()
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn main() {
    let banks = BankSet::load(&[("synthetic.yaml", synthetic_bank_yaml(QUESTIONS))]).unwrap();
    let study = Study::new(StudyConfig::default()).unwrap();
    let now = Date::new(2026, 7, 1).unwrap().start().add_secs(9 * 3600);
    let state = learner(&banks, now);
    let settings = DailyPlanSettings::default();
    let plan = daily_plan(&study, &banks, &state, now, &settings);
    println!(
        "learner: {} cards in a bank of {QUESTIONS}; {} due, {} new available; plan of {} items",
        state.cards.len(),
        plan.due,
        plan.new_available,
        plan.items.len()
    );

    // Alternating rounds so both see the same machine load; medians.
    let mut times = Vec::new();
    for round in 0..31 {
        let s = || {
            timed(|| {
                black_box(scan(&study, &state, now));
            })
        };
        let p = || {
            timed(|| {
                drop(black_box(daily_plan(
                    &study, &banks, &state, now, &settings,
                )))
            })
        };
        let (a, b) = if round % 2 == 0 {
            let a = s();
            (a, p())
        } else {
            let b = p();
            (s(), b)
        };
        times.push((
            a.as_secs_f64(),
            b.as_secs_f64(),
            b.as_secs_f64() / a.as_secs_f64(),
        ));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let scan_t = median(times.iter().map(|t| t.0).collect());
    let plan_t = median(times.iter().map(|t| t.1).collect());
    let ratio = median(times.iter().map(|t| t.2).collect());
    println!(
        "linear scan {:.2} ms, daily plan {:.2} ms, plan / scan {ratio:.2}x (target ≤ 3x)",
        scan_t * 1e3,
        plan_t * 1e3
    );

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("study_100k_cards");
    group.bench_function("linear_scan", |b| b.iter(|| scan(&study, &state, now)));
    group.bench_function("daily_plan", |b| {
        b.iter(|| daily_plan(&study, &banks, &state, now, &settings))
    });
    group.finish();
    c.final_summary();
}
