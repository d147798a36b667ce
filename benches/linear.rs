//! Time per MB of the inputs that once took quadratic time (issue 19), from 100 KB to 10 MB,
//! and `bank check` of the shipped banks and of a 100,000-question synthetic bank.
//!
//! `cargo bench --bench linear` prints one table; flat ms/MB down a column is linear time.
//! `cargo bench --bench linear -- check` runs only the `bank check` timings (the part that
//! can be compared with an older build in the same run, see benches/README.md).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use kaotang::bank::{Period, check};
use kaotang::formats::{Format, ImportOptions, import};

/// The best of `runs` timings of `f` (the least disturbed by other work on the machine).
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// A GIFT question whose answer block starts with `n` spaces.
fn gift_spaces(bytes: usize) -> String {
    format!(
        "遵义会议在哪一年召开？{{{}=1935年 ~1934年 ~1936年}}\n",
        " ".repeat(bytes)
    )
}

/// Moodle XML with enough true/false questions to make `bytes`.
fn moodle_many(bytes: usize) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!(
            "  <question type=\"truefalse\">\n    <name><text>q{i}</text></name>\n    <questiontext format=\"html\"><text><![CDATA[<p>第 {i} 题：遵义会议在1935年召开。</p>]]></text></questiontext>\n    <answer fraction=\"100\"><text>true</text></answer>\n    <answer fraction=\"0\"><text>false</text></answer>\n  </question>\n"
        ));
        i += 1;
    }
    s.push_str("</quiz>\n");
    s
}

/// A bank whose first question is a mapping with enough keys to make `bytes`.
fn many_keys(bytes: usize) -> String {
    let mut s = String::from(
        "bank: { id: demo, title: 示例, sources: [{ id: jianshi, title: 中国共产党简史 }] }\nquestions:\n  - {",
    );
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!(" k{i}: 1,"));
        i += 1;
    }
    s.push_str(" id: q1 }\n");
    s
}

fn main() {
    let only_check = std::env::args().any(|a| a == "check");
    if !only_check {
        linear();
    }
    bank_check();
}

fn linear() {
    let opts = ImportOptions {
        period: Some(Period::NewDemocraticRevolution),
        ..Default::default()
    };
    println!("time per MB (ms/MB; flat down a column = linear time)");
    println!(
        "{:>8}  {:>12}  {:>12}  {:>12}",
        "size", "GIFT spaces", "Moodle XML", "many keys"
    );
    for size in [100_000, 1_000_000, 10_000_000] {
        let gift = gift_spaces(size);
        let xml = moodle_many(size);
        let keys = many_keys(size);
        let runs = if size >= 10_000_000 { 2 } else { 5 };
        let per_mb = |d: Duration, len: usize| d.as_secs_f64() * 1e3 / (len as f64 / 1e6);
        let g = best(runs, || {
            black_box(import(Format::Gift, "g", gift.as_bytes(), &opts).is_ok());
        });
        let m = best(runs, || {
            black_box(import(Format::MoodleXml, "m", xml.as_bytes(), &opts).is_ok());
        });
        let k = best(runs, || {
            black_box(check(&[("k.yaml", keys.as_str())]).diagnostics.len());
        });
        println!(
            "{:>6} KB  {:>12.1}  {:>12.1}  {:>12.1}",
            size / 1000,
            per_mb(g, gift.len()),
            per_mb(m, xml.len()),
            per_mb(k, keys.len())
        );
    }
}

fn bank_check() {
    let shipped = kaotang_suite::shipped_bank_sources();
    let synthetic = kaotang_suite::synthetic_bank_yaml(100_000);
    let s = best(10, || {
        black_box(check(&shipped).set.questions().len());
    });
    let y = best(3, || {
        black_box(
            check(&[("synthetic.yaml", synthetic.as_str())])
                .set
                .questions()
                .len(),
        );
    });
    println!(
        "bank check: shipped banks {:.1} ms, synthetic 100,000 questions {:.0} ms",
        s.as_secs_f64() * 1e3,
        y.as_secs_f64() * 1e3
    );
}
