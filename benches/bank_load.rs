//! Loading and validating a synthetic 100,000-question bank, against plain serde
//! deserialisation of the same text into the same types (issue 2's speed target: validation
//! adds at most 30%).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use kaotang::bank::{Bank, check};

const N: usize = 100_000;

fn load(c: &mut Criterion) {
    let text = kaotang_suite::synthetic_bank_yaml(N);
    // serde-saphyr's default budget stops at 250,000 nodes; lift it for a fair comparison.
    let plain_read = |t: &str| {
        let options = serde_saphyr::options! {
            budget: serde_saphyr::budget! {
                max_nodes: usize::MAX,
                max_events: usize::MAX,
                max_total_scalar_bytes: usize::MAX,
            },
        };
        serde_saphyr::from_str_with_options::<Bank>(t, options)
    };
    // Both paths must agree on what they read before they are timed.
    let plain: Bank = plain_read(&text).expect("serde-saphyr reads the synthetic bank");
    let checked = check(&[("synthetic.yaml", text.as_str())]);
    assert!(
        checked.diagnostics.is_empty(),
        "{:?}",
        &checked.diagnostics[..1]
    );
    assert_eq!(checked.set.questions(), plain.questions.as_slice());

    let mut g = c.benchmark_group("bank_load_100k");
    g.sample_size(10);
    g.bench_function("serde_saphyr_plain", |b| {
        b.iter(|| {
            serde_saphyr::from_str::<Bank>(std::hint::black_box(&text)).map(|b| b.questions.len())
        })
    });
    g.bench_function("kaotang_check", |b| {
        b.iter(|| {
            check(&[("synthetic.yaml", std::hint::black_box(text.as_str()))])
                .set
                .questions()
                .len()
        })
    });
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
