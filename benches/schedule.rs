//! Scheduler throughput, side by side with the reference `fsrs` crate (fsrs-rs) on the same
//! inputs: `next_states` and the memory state after a review history.
//!
//! Before timing, both crates' outputs are checked to agree within 1e-4 (relative). Then a
//! plain timing pass prints the throughput ratio, and criterion measures each side.
//!
//! Run: `cargo bench --bench schedule`.

// A bench stops on the first wrong number or failed call, like a test.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput};
use kaotang::rng::SeedRng;
use kaotang::schedule::{Fsrs, MemoryState, Rating, Review};

/// The parameters of fsrs-rs's own benchmark (benches/benchmark.rs), as f32 for the reference
/// and the same values widened to f64 here.
const PARAMETERS: [f32; 21] = [
    0.81497127,
    1.5411042,
    4.007436,
    9.045982,
    4.9264183,
    1.039322,
    0.93803364,
    0.0,
    1.5530516,
    0.10299722,
    0.9981442,
    2.210701,
    0.018248068,
    0.3422668,
    1.3384504,
    0.22278537,
    2.6646678,
    0.6,
    0.3,
    0.1,
    0.1542,
];
const RETENTION: f32 = 0.9;
const INPUTS: usize = 1_000;

struct Inputs {
    states: Vec<(MemoryState, u32)>,
    histories: Vec<Vec<Review>>,
}

/// Deterministic inputs: memory states across the whole range with elapsed days from 0 (same
/// day) to years, and histories of 2–20 answers with a quiz-like mix of ratings (15% Again,
/// 15% Hard, 60% Good, 10% Easy) and gaps (a quarter on the same day).
fn inputs() -> Inputs {
    let mut rng = SeedRng::new(4);
    let states = (0..INPUTS)
        .map(|i| {
            let stability = 0.05 * (1.0 + 2_000.0 * rng.unit() * rng.unit());
            let difficulty = 1.0 + 9.0 * rng.unit();
            let days = if i % 5 == 0 { 0 } else { rng.below(400) as u32 };
            // Round-trip through f32 so both crates start from the same values.
            let state = MemoryState {
                stability: f64::from(stability as f32),
                difficulty: f64::from(difficulty as f32),
            };
            (state, days)
        })
        .collect();
    let histories = (0..INPUTS)
        .map(|_| {
            let len = 2 + rng.index(19);
            (0..len)
                .map(|j| Review {
                    rating: match rng.below(20) {
                        0..3 => Rating::Again,
                        3..6 => Rating::Hard,
                        6..18 => Rating::Good,
                        _ => Rating::Easy,
                    },
                    delta_t: if j == 0 || rng.below(4) == 0 {
                        0
                    } else {
                        1 + rng.below(60) as u32
                    },
                })
                .collect()
        })
        .collect();
    Inputs { states, histories }
}

fn to_reference_state(m: MemoryState) -> fsrs::MemoryState {
    fsrs::MemoryState {
        stability: m.stability as f32,
        difficulty: m.difficulty as f32,
    }
}

fn to_reference_item(history: &[Review]) -> fsrs::FSRSItem {
    fsrs::FSRSItem {
        reviews: history
            .iter()
            .map(|r| fsrs::FSRSReview {
                rating: u32::from(r.rating.number()),
                delta_t: r.delta_t,
            })
            .collect(),
    }
}

#[track_caller]
fn assert_close(ours: f64, reference: f32, what: &str) {
    let reference = f64::from(reference);
    assert!(
        (ours - reference).abs() <= 1e-4 * reference.abs().max(1.0),
        "{what}: kaotang {ours}, fsrs {reference}"
    );
}

/// Both crates give the same numbers on every input (checked before any timing).
fn check_agreement(ours: &Fsrs, reference: &fsrs::FSRS, inputs: &Inputs) {
    for &(state, days) in &inputs.states {
        let a = ours
            .next_states(Some(state), f64::from(RETENTION), days)
            .unwrap();
        let b = reference
            .next_states(Some(to_reference_state(state)), RETENTION, days)
            .unwrap();
        for (rating, theirs) in Rating::ALL
            .into_iter()
            .zip([b.again, b.hard, b.good, b.easy])
        {
            let mine = a.get(rating);
            let what = format!("next_states({state:?}, {days}).{rating:?}");
            assert_close(mine.memory.stability, theirs.memory.stability, &what);
            assert_close(mine.memory.difficulty, theirs.memory.difficulty, &what);
            assert_close(mine.interval, theirs.interval, &what);
        }
    }
    for history in &inputs.histories {
        let a = ours.memory_state(history, None).unwrap();
        let b = reference
            .memory_state(to_reference_item(history), None)
            .unwrap();
        let what = format!("memory_state({history:?})");
        assert_close(a.stability, b.stability, &what);
        assert_close(a.difficulty, b.difficulty, &what);
    }
}

fn run_ours_next(ours: &Fsrs, inputs: &Inputs) {
    for &(state, days) in &inputs.states {
        black_box(ours.next_states(Some(black_box(state)), 0.9, days).unwrap());
    }
}

fn run_reference_next(reference: &fsrs::FSRS, states: &[(fsrs::MemoryState, u32)]) {
    for &(state, days) in states {
        black_box(
            reference
                .next_states(Some(black_box(state)), RETENTION, days)
                .unwrap(),
        );
    }
}

fn run_ours_history(ours: &Fsrs, inputs: &Inputs) {
    for history in &inputs.histories {
        black_box(ours.memory_state(black_box(history), None).unwrap());
    }
}

fn run_reference_history(reference: &fsrs::FSRS, items: Vec<fsrs::FSRSItem>) {
    // The reference takes items by value; they are cloned before the clock starts.
    for item in items {
        black_box(reference.memory_state(black_box(item), None).unwrap());
    }
}

/// Times `ours` and `reference` in alternating rounds (so both see the same machine load)
/// and returns the median time of each and the median of the per-round ratios.
fn compare(
    rounds: usize,
    mut ours: impl FnMut() -> Duration,
    mut reference: impl FnMut() -> Duration,
) -> (Duration, Duration, f64) {
    ours();
    reference();
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (a, b) = if round % 2 == 0 {
            let a = ours();
            (a, reference())
        } else {
            let b = reference();
            (ours(), b)
        };
        times.push((a, b, b.as_secs_f64() / a.as_secs_f64()));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let ours = median(times.iter().map(|t| t.0.as_secs_f64()).collect());
    let reference = median(times.iter().map(|t| t.1.as_secs_f64()).collect());
    let ratio = median(times.iter().map(|t| t.2).collect());
    (
        Duration::from_secs_f64(ours),
        Duration::from_secs_f64(reference),
        ratio,
    )
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn main() {
    let ours = Fsrs::new(&PARAMETERS.map(f64::from)).unwrap();
    let reference = fsrs::FSRS::new(&PARAMETERS).unwrap();
    let inputs = inputs();
    let reference_states: Vec<(fsrs::MemoryState, u32)> = inputs
        .states
        .iter()
        .map(|&(s, d)| (to_reference_state(s), d))
        .collect();
    let reference_items: Vec<fsrs::FSRSItem> = inputs
        .histories
        .iter()
        .map(|h| to_reference_item(h))
        .collect();
    check_agreement(&ours, &reference, &inputs);
    let answers: usize = inputs.histories.iter().map(Vec::len).sum();
    println!(
        "agreement: {INPUTS} next_states and {INPUTS} histories ({answers} answers) within 1e-4"
    );

    let per = |d: Duration, n: usize| d.as_secs_f64() * 1e9 / n as f64;
    let (ours_next, ref_next, ratio) = compare(
        51,
        || timed(|| run_ours_next(&ours, &inputs)),
        || timed(|| run_reference_next(&reference, &reference_states)),
    );
    println!(
        "next_states:  kaotang {:.1} ns/call, fsrs {:.1} ns/call, throughput ratio {ratio:.2}x",
        per(ours_next, INPUTS),
        per(ref_next, INPUTS),
    );
    let (ours_hist, ref_hist, ratio) = compare(
        51,
        || timed(|| run_ours_history(&ours, &inputs)),
        || {
            let items = reference_items.clone();
            timed(|| run_reference_history(&reference, items))
        },
    );
    println!(
        "memory_state: kaotang {:.1} ns/answer, fsrs {:.1} ns/answer, throughput ratio {ratio:.2}x",
        per(ours_hist, answers),
        per(ref_hist, answers),
    );

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("next_states");
    group.throughput(Throughput::Elements(INPUTS as u64));
    group.bench_function("kaotang", |b| b.iter(|| run_ours_next(&ours, &inputs)));
    group.bench_function("fsrs", |b| {
        b.iter(|| run_reference_next(&reference, &reference_states))
    });
    group.finish();
    let mut group = c.benchmark_group("memory_state");
    group.throughput(Throughput::Elements(answers as u64));
    group.bench_function("kaotang", |b| b.iter(|| run_ours_history(&ours, &inputs)));
    group.bench_function("fsrs", |b| {
        b.iter_batched(
            || reference_items.clone(),
            |items| run_reference_history(&reference, items),
            BatchSize::LargeInput,
        )
    });
    group.finish();
    c.final_summary();
}
