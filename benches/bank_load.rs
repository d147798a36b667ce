//! Loading and validating a synthetic 100,000-question bank, against plain serde
//! deserialisation of the same text into the same types (issue 2's speed target: validation
//! adds at most 30%).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use kaotang::bank::{Bank, check};

const N: usize = 100_000;

fn load(c: &mut Criterion) {
    let text = kaotang_suite::synthetic_bank_yaml(N);
    // Both paths must agree on what they read before they are timed.
    let plain: Bank = serde_saphyr::from_str(&text).expect("serde-saphyr reads the synthetic bank");
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
