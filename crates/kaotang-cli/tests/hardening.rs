//! End-to-end regressions for hostile and careless input (issue 19): `bank check` over broken
//! folders, a stage log torn by a crash, and exit codes when rows are skipped.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn kaotang(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kaotang"))
        .args(["--profile", "p.sqlite"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

const GOOD: &str = "bank: { id: good, title: 示例, sources: [{ id: jianshi, title: 中国共产党简史 }] }\nquestions:\n  - { id: g1, type: judge, stem: 遵义会议在1935年召开。, answer: true, explanation: 1935年1月。, period: 新民主主义革命时期, difficulty: 1, source: { ref: jianshi } }\n";

#[test]
fn check_reports_a_gbk_bank_and_still_checks_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let banks = tmp.path().join("banks");
    std::fs::create_dir(&banks).unwrap();
    std::fs::write(banks.join("a-good.yaml"), GOOD).unwrap();
    let gbk_text = GOOD.replace("good", "gbk").replace("g1", "k1");
    let (gbk, _, _) = encoding_rs::GBK.encode(&gbk_text);
    std::fs::write(banks.join("b-gbk.yaml"), &gbk).unwrap();
    std::fs::write(
        banks.join("c-bad.yaml"),
        GOOD.replace("good", "bad")
            .replace("g1", "b1")
            .replace("difficulty: 1", "difficulty: 9"),
    )
    .unwrap();
    // A link back to the folder itself is entered once, not followed around.
    std::os::unix::fs::symlink(&banks, banks.join("loop")).unwrap();

    let out = kaotang(tmp.path(), &["bank", "check", "banks"]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("banks/b-gbk.yaml:1:"), "{stdout}");
    assert!(
        stdout.contains("错误[E029]") && stdout.contains("GBK"),
        "{stdout}"
    );
    assert!(
        stdout.contains("c-bad.yaml:3:") && stdout.contains("错误[E019]"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("E025") && !stdout.contains("E010"),
        "{stdout}"
    );
    assert!(
        stdout.contains("共检查 2 个题库、2 道题（其中 1 道有错误）：2 个错误"),
        "{stdout}"
    );

    let out = kaotang(tmp.path(), &["bank", "check", "--json", "banks"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["errors"].as_u64(), v["questions"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(v["usable_questions"].as_u64(), Some(1));
}

#[test]
fn a_torn_stage_log_is_repaired_with_a_backup() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let config = repo("question-banks/blueprints/stage.yaml")
        .display()
        .to_string();
    // A kill between writes: two events glued, the last one cut short.
    let torn = "{\"event\":\"start_round\",\"round\":0}\n{\"event\":\"question\"}{\"event\":\"answer\",\"team\":\"t1\",\"correct\":true}\n{\"event\":\"question\"}\n{\"event\":\"answer\",\"te";
    std::fs::write(dir.join("final.log"), torn).unwrap();
    let out = kaotang(
        dir,
        &[
            "contest",
            "stage",
            "--config",
            &config,
            "--log",
            "final.log",
        ],
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("日志第 2 行有几个事件连在一起"), "{stdout}");
    assert!(stdout.contains("日志最后一行（第 4 行）不完整"), "{stdout}");
    assert!(stdout.contains("已从日志恢复 4 个事件"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("东城区代表队") && l.trim_end().ends_with("110")),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("final.log.bak")).unwrap(),
        torn
    );
    let repaired = std::fs::read_to_string(dir.join("final.log")).unwrap();
    assert_eq!(repaired.lines().count(), 4);
    assert!(repaired.ends_with('\n'));
    // Once repaired, the log reads back as it is.
    let out = kaotang(
        dir,
        &[
            "contest",
            "stage",
            "--config",
            &config,
            "--log",
            "final.log",
        ],
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("日志已修复"), "{stdout}");
    assert!(stdout.contains("当前：必答题"), "{stdout}");
}

#[test]
fn analyze_exits_one_when_rows_were_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let blueprint = repo("question-banks/blueprints/chusai.yaml")
        .display()
        .to_string();
    let out = kaotang(
        dir,
        &[
            "contest",
            "paper",
            "--blueprint",
            &blueprint,
            "--seed",
            "1",
            "-o",
            "初赛",
        ],
    );
    assert!(out.status.success());
    std::fs::write(dir.join("s.csv"), "编号,试卷,1,2\n,A,B,C\n").unwrap();
    let out = kaotang(
        dir,
        &["contest", "analyze", "--paper", "初赛", "--sheets", "s.csv"],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("s.csv:2: 参赛编号为空（此行已跳过）"),
        "{stderr}"
    );
    let out = kaotang(
        dir,
        &[
            "contest", "analyze", "--paper", "初赛", "--sheets", "s.csv", "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
}
