//! Item-analysis speed at the full size: `cargo run --release --example
//! contest_item_analysis -- [ROWS] [ROUNDS]` (default 1,000,000 sheets × 100 items, 5 rounds).
//!
//! Criterion (`benches/contest.rs`) runs 100,000 sheets; this runs the full million with the
//! same fixture, one pass and analysis in turn each round, and prints the fastest and the
//! median round of each, so a ratio can be read on a machine whose other load makes single
//! rounds swing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

use kaotang::contest::{AnalysisOptions, ItemAnalyzer};
use kaotang_suite::analysis_round;

const ITEMS: usize = 100;

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().ok());
    let rows = args.next().flatten().unwrap_or(1_000_000);
    let rounds = args.next().flatten().unwrap_or(5).max(1);
    let (items, outcomes) = analysis_round(rows, ITEMS);
    let mut t: [Vec<f64>; 2] = Default::default();
    for _ in 0..rounds {
        let start = Instant::now();
        let mut sum = 0.0;
        for o in &outcomes {
            sum += o.credit + f64::from(o.choices);
        }
        black_box(sum);
        t[0].push(ms(start));

        let start = Instant::now();
        let mut a = ItemAnalyzer::new(items.clone());
        for sheet in outcomes.chunks_exact(ITEMS) {
            a.add(sheet);
        }
        black_box(a.report(&AnalysisOptions::default()).paper.alpha);
        t[1].push(ms(start));
    }
    for v in &mut t {
        v.sort_by(f64::total_cmp);
    }
    let (min, med) = (|v: &Vec<f64>| v[0], |v: &Vec<f64>| v[v.len() / 2]);
    println!("{rows} sheets × {ITEMS} items, {rounds} rounds (fastest / median, ms)");
    println!("one pass        {:8.1} {:8.1}", min(&t[0]), med(&t[0]));
    println!("item analysis   {:8.1} {:8.1}", min(&t[1]), med(&t[1]));
    println!(
        "ratio           {:8.2} {:8.2}",
        min(&t[1]) / min(&t[0]),
        med(&t[1]) / med(&t[0])
    );
}
