//! End-to-end: `kaotang bank check` and `kaotang bank stats` on the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn kaotang(args: &[&str]) -> Output {
    // Run from a temporary folder: the shipped banks must come from the binary, not the tree.
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_kaotang"))
        .args(args)
        .current_dir(dir.path())
        .output()
        .unwrap()
}

fn repo(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .display()
        .to_string()
}

#[test]
fn check_passes_on_the_embedded_banks() {
    let out = kaotang(&["bank", "check"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("0 个错误"), "{stdout}");
}

#[test]
fn check_fails_with_positions_on_a_bad_bank() {
    let bad = repo("tests/fixtures/bad-banks/05-answer-out-of-range.yaml");
    let out = kaotang(&["bank", "check", &bad]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("05-answer-out-of-range.yaml:11:13: 错误[E012]"),
        "{stdout}"
    );
}

#[test]
fn check_reads_folders_and_reports_json() {
    let out = kaotang(&["bank", "check", "--json", &repo("tests/fixtures/bad-banks")]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert!(v["errors"].as_u64().unwrap() >= 20);
    assert!(v["diagnostics"][0]["line"].as_u64().unwrap() >= 1);
}

#[test]
fn usage_errors_exit_with_two() {
    assert_eq!(kaotang(&["bank", "frobnicate"]).status.code(), Some(2));
    assert_eq!(
        kaotang(&["bank", "check", "--no-such-flag"]).status.code(),
        Some(2)
    );
}

#[test]
fn missing_files_are_reported_in_chinese() {
    let out = kaotang(&["bank", "check", "no/such/file.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("错误：no/such/file.yaml"), "{stderr}");
}

#[test]
fn stats_json_has_the_documented_keys() {
    let out = kaotang(&["bank", "stats", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "questions",
        "by_type",
        "by_period",
        "by_difficulty",
        "events",
        "event_days",
        "readings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert!(v["questions"].as_u64().unwrap() >= 12);
}

#[test]
fn the_global_bank_option_is_honoured_or_refused() {
    let starter = repo("tests/fixtures/banks/starter.yaml");
    // `bank stats`, `bank tags` and `print` read the banks given with --bank, not the shipped ones.
    let out = kaotang(&["bank", "stats", "--json", "--bank", &starter]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["questions"], 12, "{v}");
    let out = kaotang(&["--bank", &starter, "bank", "tags", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let total: u64 = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["tag"] == "遵义会议")
        .map(|t| t["questions"].as_u64().unwrap())
        .sum();
    assert!(total >= 1 && v.as_array().unwrap().len() < 40, "{v}");
    let out = kaotang(&[
        "print", "--count", "30", "--format", "markdown", "--key", "--bank", &starter,
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    // The starter bank has 12 questions: fewer than asked for.
    assert!(stderr.contains("只有 12 道"), "{stderr}");
    // A command that reads no bank refuses --bank rather than ignoring it.
    let out = kaotang(&["profile", "path", "--bank", &starter]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("不读取题库"), "{stderr}");
}
