//! `kaotang bank import|export|convert` and `kaotang print` end to end.

// Helpers outside #[test] functions unwrap too: a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;

fn kaotang() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kaotang"))
}

fn starter() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/banks/starter.yaml")
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/formats")
        .join(name)
}

#[test]
fn import_writes_nothing_on_errors_and_a_checked_bank_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    let out = kaotang()
        .args(["bank", "import", "--from", "csv"])
        .arg(fixture("broken-rows.csv"))
        .arg("-o")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken-rows.csv:3:2: 错误[E011]"), "{err}");
    assert!(err.contains("导入失败：13 个错误"), "{err}");
    assert!(!bad.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );

    let good = dir.path().join("good.yaml");
    let out = kaotang()
        .args([
            "bank",
            "import",
            "--from",
            "csv",
            "--period",
            "新民主主义革命",
        ])
        .arg(fixture("excel-gbk.csv"))
        .arg("-o")
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("GBK"));
    let check = kaotang()
        .args(["bank", "check"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn export_convert_and_print() {
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("starter.gift");
    let out = kaotang()
        .args(["bank", "export", "--to", "gift"])
        .arg(starter())
        .arg("-o")
        .arg(&gift)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("跳过：题目 st-009：GIFT 没有排序题"));
    assert!(
        std::fs::read_to_string(&gift)
            .unwrap()
            .contains("// [id:st-001]")
    );

    let tw = dir.path().join("tw");
    let out = kaotang()
        .args(["bank", "convert", "--script", "hant-tw"])
        .arg(starter())
        .arg("-o")
        .arg(&tw)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(tw.join("starter.yaml")).unwrap();
    assert!(text.contains("中國共產黨第一次全國代表大會"));
    let check = kaotang().args(["bank", "check"]).arg(&tw).output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    let paper = dir.path().join("paper.html");
    let out = kaotang()
        .args([
            "print",
            "--count",
            "6",
            "--seed",
            "9",
            "--large-print",
            "-o",
        ])
        .arg(&paper)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let html = std::fs::read_to_string(&paper).unwrap();
    assert!(html.contains("font-size: 16pt") && html.contains("答题卡"));
    let key = kaotang()
        .args([
            "print", "--count", "6", "--seed", "9", "--key", "--format", "markdown",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&key.stdout)
            .matches("**答案：")
            .count(),
        6
    );
    // The embedded banks are the default source of questions.
    let embedded = kaotang()
        .args([
            "print",
            "--count",
            "30",
            "--period",
            "新时代",
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    assert_eq!(
        embedded.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&embedded.stderr)
    );
    assert!(String::from_utf8_lossy(&embedded.stdout).contains("30\\. "));
    let none = kaotang()
        .args(["print", "--tag", "没有这个标签"])
        .output()
        .unwrap();
    // No question to print is a failure (1), as in every command, not a usage error.
    assert_eq!(none.status.code(), Some(1));
}

/// A paper printed in traditional script has its own words (姓名、单位、题数) in that script
/// too, not only its questions.
#[test]
fn a_traditional_paper_is_traditional_throughout() {
    for format in ["markdown", "html"] {
        let out = kaotang()
            .args([
                "print", "--script", "hant-tw", "--count", "3", "--format", format,
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("單位（支部）") && text.contains("題"),
            "{text}"
        );
        for simplified in ["单位", "题", "满分", "答题卡"] {
            assert!(
                !text.contains(simplified),
                "{format}: {simplified} in {text}"
            );
        }
    }
}
