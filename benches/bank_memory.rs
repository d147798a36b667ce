//! Peak resident memory while loading and validating a synthetic 100,000-question bank
//! (issue 2's target: at most 150 MB). Prints the figure; run with `cargo bench --bench bank_memory`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

fn status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn peak_rss_kib() -> Option<u64> {
    status_kib("VmHWM:")
}

fn main() {
    // Criterion passes `--bench`; this harness-less bench ignores its arguments.
    let before = peak_rss_kib().unwrap_or(0);
    let text = kaotang_suite::synthetic_bank_yaml(100_000);
    let after_text = peak_rss_kib().unwrap_or(0);
    let checked = kaotang::bank::check(&[("synthetic.yaml", text.as_str())]);
    let after = peak_rss_kib().unwrap_or(0);
    let text_mb = text.len() as f64 / 1e6;
    drop(text);
    let held = status_kib("VmRSS:").unwrap_or(0);
    println!(
        "bank_memory: {} questions, text {:.1} MB; peak RSS {:.1} MB at start, {:.1} MB with the text, {:.1} MB after loading and validating; {:.1} MB held by the loaded set once the text is dropped",
        checked.set.questions().len(),
        text_mb,
        before as f64 / 1024.0,
        after_text as f64 / 1024.0,
        after as f64 / 1024.0,
        held as f64 / 1024.0
    );
}
