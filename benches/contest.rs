//! Contest engine speed: scoring and ranking against parsing the same CSV, item analysis
//! against one pass over the same responses, and assembly from a large synthetic bank.
//!
//! Sizes are scaled down from the 1,000,000 sheets / responses (see README.md).

// A bench whose fixture cannot be built has nothing to measure.
#![allow(clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use kaotang::contest::{
    AnalysisOptions, Blueprint, ItemAnalyzer, RankOptions, Scorer, SheetReader, assemble, rank,
};
use kaotang_suite::{analysis_round, scoring_round, synthetic_bank};

const SHEETS: usize = 200_000;
const ANALYSIS_ROWS: usize = 100_000;
const ITEMS: usize = 100;

fn scoring(c: &mut Criterion) {
    let (set, assembly, csv, rules) = scoring_round(SHEETS);
    let mut g = c.benchmark_group("contest_scoring_200k_x30");
    g.sample_size(10);
    g.bench_function("parse_csv_baseline", |b| {
        b.iter(|| {
            let mut r = csv::Reader::from_reader(csv.as_bytes());
            let mut rec = csv::StringRecord::new();
            let mut fields = 0usize;
            while r.read_record(&mut rec).unwrap_or(false) {
                fields += rec.len();
            }
            black_box(fields)
        })
    });
    // The same parse without UTF-8 validation: the csv crate's fastest way to read.
    g.bench_function("parse_csv_bytes_baseline", |b| {
        b.iter(|| {
            let mut r = csv::Reader::from_reader(csv.as_bytes());
            let mut rec = csv::ByteRecord::new();
            let mut fields = 0usize;
            while r.read_byte_record(&mut rec).unwrap_or(false) {
                fields += rec.len();
            }
            black_box(fields)
        })
    });
    g.bench_function("read_sheets", |b| {
        b.iter(|| {
            let mut reader = SheetReader::new(csv.as_bytes()).expect("fixture");
            let mut answers = 0usize;
            while let Some(r) = reader.read_view() {
                if let Ok(sheet) = r {
                    answers += sheet.answers().len();
                }
            }
            black_box(answers)
        })
    });
    g.bench_function("score_and_rank", |b| {
        b.iter(|| {
            let mut reader = SheetReader::new(csv.as_bytes()).expect("fixture");
            let mut scorer = Scorer::new(&set, &assembly, rules.clone()).expect("fixture");
            while let Some(r) = reader.read_view() {
                if let Ok(sheet) = r {
                    let _ = scorer.add_view(&sheet);
                }
            }
            let out = scorer.finish();
            black_box(rank(&out.results, &RankOptions::default()).len())
        })
    });
    g.finish();
}

fn analysis(c: &mut Criterion) {
    let (items, outcomes) = analysis_round(ANALYSIS_ROWS, ITEMS);
    let mut g = c.benchmark_group("contest_item_analysis_100k_x100");
    g.sample_size(10);
    g.bench_function("one_pass_baseline", |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for o in &outcomes {
                sum += o.credit + f64::from(o.choices);
            }
            black_box(sum)
        })
    });
    g.bench_function("item_analysis", |b| {
        b.iter(|| {
            let mut a = ItemAnalyzer::new(items.clone());
            for row in outcomes.chunks_exact(ITEMS) {
                a.add(row);
            }
            black_box(a.report(&AnalysisOptions::default()).paper.alpha)
        })
    });
    g.finish();
}

fn assembly(c: &mut Criterion) {
    let set = synthetic_bank(10_000, 2);
    let bp = Blueprint::from_yaml(
        "title: 复赛\ntime_limit_minutes: 60\nforms: 2\nsharing: disjoint\n\
         difficulty: { mean: 3.2, tolerance: 0.05 }\nsections:\n\
         - { name: 单选题, filter: { types: [single] }, count: 50, points: 1 }\n\
         - { name: 多选题, filter: { types: [multiple] }, count: 20, points: 1 }\n\
         - { name: 判断题, filter: { types: [judge] }, count: 30, points: 1 }",
    )
    .expect("fixture");
    c.bench_function("contest_assemble_2x100_from_10k", |b| {
        let mut seed = 0;
        b.iter(|| {
            seed += 1;
            black_box(
                assemble(&set, &bp, seed)
                    .map(|a| a.forms.len())
                    .unwrap_or(0),
            )
        })
    });
}

criterion_group!(benches, scoring, analysis, assembly);
criterion_main!(benches);
