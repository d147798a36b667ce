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
use kaotang::study::{DailyPlanSettings, LearnerState, Study, StudyConfig, daily_plan};
use kaotang::time::{Date, Timestamp};
use kaotang_suite::{synthetic_bank_yaml, synthetic_learner};

const QUESTIONS: usize = 120_000;
const CARDS: usize = 100_000;

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
    let state = synthetic_learner(&banks, now, CARDS);
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
