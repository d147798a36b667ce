//! Scoring speed at the full size, phase by phase: `cargo run --release --example
//! contest_scoring_phases -- [SHEETS] [ROUNDS]` (default 1,000,000 sheets, 5 rounds).
//!
//! Criterion (`benches/contest.rs`) runs a smaller round; this runs the full million, with the
//! same fixture, and prints the fastest and the median round of each pipeline, so a ratio can
//! be read on a machine whose other load makes single rounds swing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

use kaotang::contest::{RankOptions, Scorer, SheetReader, rank};
use kaotang_suite::scoring_round;

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().ok());
    let sheets = args.next().flatten().unwrap_or(1_000_000);
    let rounds = args.next().flatten().unwrap_or(5).max(1);
    let (set, assembly, csv, rules) = scoring_round(sheets);
    // parse, read, score + rank, and the phases of score + rank.
    let mut t: [Vec<f64>; 7] = Default::default();
    for _ in 0..rounds {
        let start = Instant::now();
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let mut rec = csv::StringRecord::new();
        let mut fields = 0usize;
        while r.read_record(&mut rec).unwrap_or(false) {
            fields += rec.len();
        }
        black_box(fields);
        t[0].push(ms(start));

        let start = Instant::now();
        let mut reader = SheetReader::new(csv.as_bytes()).unwrap();
        let mut answers = 0usize;
        while let Some(r) = reader.read_view() {
            answers += r.map_or(0, |v| v.answers().len());
        }
        black_box(answers);
        t[1].push(ms(start));

        let start = Instant::now();
        let mut reader = SheetReader::new(csv.as_bytes()).unwrap();
        let mut scorer = Scorer::new(&set, &assembly, rules.clone()).unwrap();
        while let Some(r) = reader.read_view() {
            let _ = r.and_then(|v| scorer.add_view(&v));
        }
        let read_and_add = ms(start);
        let out = scorer.finish();
        let finish = ms(start);
        black_box(rank(&out.results, &RankOptions::default()).len());
        let ranked = ms(start);
        drop(out);
        t[2].push(ms(start));
        t[3].push(read_and_add);
        t[4].push(finish - read_and_add);
        t[5].push(ranked - finish);
        t[6].push(t[2].last().copied().unwrap_or(0.0) - ranked);
    }
    for v in &mut t {
        v.sort_by(f64::total_cmp);
    }
    let (min, med) = (|v: &Vec<f64>| v[0], |v: &Vec<f64>| v[v.len() / 2]);
    println!("{sheets} sheets × 30 questions, {rounds} rounds (fastest / median, ms)");
    let labels = [
        "csv parse (StringRecord)",
        "read_view",
        "score + rank",
        "  read + add_view",
        "  finish",
        "  rank",
        "  drop",
    ];
    for (label, v) in labels.iter().zip(&t) {
        println!("{label:26} {:8.1} {:8.1}", min(v), med(v));
    }
    println!(
        "ratio score + rank / parse {:8.2} {:8.2}",
        min(&t[2]) / min(&t[0]),
        med(&t[2]) / med(&t[0])
    );
}
