//! The Rust side of `scripts/bench-ffi.sh`: writes the shared workload (a synthetic bank, its
//! assembly, the scoring rules and 100,000 answer sheets) into a folder for the C side, then
//! times the same two jobs through the Rust API — FSRS `next_states` and scoring the sheets.
//!
//! `cargo run --release --example ffi_baseline -- DIR [ROUNDS]`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

use kaotang::bank::Bank;
use kaotang::contest::{Scorer, SheetReader};
use kaotang::schedule::{Fsrs, MemoryState};
use kaotang_suite::scoring_round;

/// Calls per FSRS round; the C side uses the same number and the same states.
const FSRS_CALLS: u32 = 1_000_000;
const SHEETS: usize = 100_000;

/// The i-th FSRS input, as `benches/c/ffi_bench.c` computes it.
fn fsrs_input(i: u32) -> (MemoryState, u32) {
    let state = MemoryState {
        stability: 0.5 + f64::from(i % 1000) * 0.37,
        difficulty: 1.0 + f64::from(i % 90) * 0.1,
    };
    (state, i % 60)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("usage: ffi_baseline DIR [ROUNDS]"));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(7).max(1);
    std::fs::create_dir_all(&dir).unwrap();

    let (set, assembly, csv, rules) = scoring_round(SHEETS);
    let bank = Bank {
        bank: set.banks()[0].clone(),
        questions: set.questions().to_vec(),
        events: Vec::new(),
        readings: Vec::new(),
    };
    std::fs::write(dir.join("bank.json"), serde_json::to_string(&bank).unwrap()).unwrap();
    let assembly_json = serde_json::to_string(&assembly).unwrap();
    std::fs::write(dir.join("assembly.json"), assembly_json).unwrap();
    std::fs::write(
        dir.join("rules.json"),
        serde_json::to_string(&rules).unwrap(),
    )
    .unwrap();
    std::fs::write(dir.join("sheets.csv"), &csv).unwrap();

    let fsrs = Fsrs::default();
    let mut fsrs_ns = f64::INFINITY;
    let mut score_ms = f64::INFINITY;
    for _ in 0..rounds {
        let start = Instant::now();
        let mut sum = 0.0;
        for i in 0..FSRS_CALLS {
            let (state, days) = fsrs_input(i);
            let next = fsrs.next_states(Some(black_box(state)), 0.9, days).unwrap();
            sum += next.good.interval;
        }
        black_box(sum);
        fsrs_ns = fsrs_ns.min(start.elapsed().as_secs_f64() * 1e9 / f64::from(FSRS_CALLS));

        let start = Instant::now();
        let mut scorer = Scorer::new(&set, &assembly, rules.clone()).unwrap();
        let mut reader = SheetReader::new(csv.as_bytes()).unwrap();
        let mut bad = Vec::new();
        while let Some(row) = reader.read_view() {
            if let Err(e) = row.and_then(|s| scorer.add_view(&s)) {
                bad.push(e);
            }
        }
        let scoring = scorer.finish();
        black_box((&scoring.results, &bad));
        score_ms = score_ms.min(start.elapsed().as_secs_f64() * 1e3);
    }
    println!("rust fsrs_next_states_ns {fsrs_ns:.1}");
    println!("rust score_100k_ms {score_ms:.2}");
}
