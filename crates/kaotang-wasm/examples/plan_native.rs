//! The native half of the npm package's daily-plan benchmark (`benches/plan.mjs` runs it
//! with `cargo run --release --example plan_native`): writes a synthetic bank of 12,000
//! questions and a learner with 10,000 cards to the folder given as the first argument, times
//! `daily_plan` natively (best of 31) and prints `native_ms=…` for the Node half to compare
//! against the same inputs through WebAssembly.

// A benchmark stops on the first failed call, like a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use kaotang::bank::BankSet;
use kaotang::study::{DailyPlanSettings, Study, StudyConfig, daily_plan};
use kaotang::time::Date;
use kaotang_suite::{synthetic_bank_yaml, synthetic_learner};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).expect("usage: plan_native FOLDER"));
    let yaml = synthetic_bank_yaml(12_000);
    let banks = BankSet::load(&[("synthetic.yaml", &yaml)]).unwrap();
    let study = Study::new(StudyConfig::default()).unwrap();
    // 2026-07-01 09:00 local time; the Node half uses the same instant.
    let now = Date::new(2026, 7, 1).unwrap().start().add_secs(9 * 3600);
    let state = synthetic_learner(&banks, now, 10_000);
    std::fs::write(dir.join("synthetic.yaml"), &yaml).unwrap();
    std::fs::write(dir.join("learner.json"), state.to_json()).unwrap();

    let settings = DailyPlanSettings::default();
    let mut best = f64::INFINITY;
    for _ in 0..31 {
        let start = Instant::now();
        black_box(daily_plan(&study, &banks, &state, now, &settings));
        best = best.min(start.elapsed().as_secs_f64());
    }
    let plan = daily_plan(&study, &banks, &state, now, &settings);
    println!("now={}", now.0);
    println!("items={}", plan.items.len());
    println!("native_ms={}", best * 1e3);
}
