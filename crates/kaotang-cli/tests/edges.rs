//! End-to-end: the edges a careful user meets (issue 18) — closed pipes, exit codes, Chinese
//! messages, profiles that are never someone else's, input encodings, Excel-ready CSV, terminal
//! layout and help — each on the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// The binary, run in `dir` on the profile `p.sqlite` there, on a fixed day.
fn cmd(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kaotang"));
    c.args(["--profile", "p.sqlite", "--date", "2026-03-01"])
        .args(args)
        .current_dir(dir)
        .env_remove("KAOTANG_PROFILE");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    cmd(dir, args).stdin(Stdio::null()).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(o), stderr(o));
    stdout(o)
}

/// A paper folder `卷`, a sheets file `s.csv` with `n` valid rows and results `r.json`.
fn contest_fixture(dir: &Path, n: usize) {
    let bp = repo("question-banks/blueprints/chusai.yaml")
        .display()
        .to_string();
    ok(&run(
        dir,
        &[
            "contest",
            "paper",
            "--blueprint",
            &bp,
            "--seed",
            "1",
            "-o",
            "卷",
        ],
    ));
    let mut csv = format!(
        "编号,姓名,单位,试卷,{}\n",
        (1..=55)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    for i in 0..n {
        csv.push_str(&format!(
            "p{i},学员{i},城关区/区委办/第一支部,A,{}\n",
            // 单选 25 and 多选 10 answered A, 判断 20 answered 对.
            [vec!["A"; 35], vec!["对"; 20]].concat().join(",")
        ));
    }
    std::fs::write(dir.join("s.csv"), csv).unwrap();
    ok(&run(
        dir,
        &[
            "contest", "score", "--paper", "卷", "--sheets", "s.csv", "-o", "r.json",
        ],
    ));
}

// ── 1. Closed pipes ─────────────────────────────────────────────────────────────────────────

/// Every command, its output read by nobody (`kaotang … | head -0`), ends without a panic.
#[test]
fn every_command_exits_quietly_into_a_closed_pipe() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    contest_fixture(dir, 3);
    let stage = repo("question-banks/blueprints/stage.yaml")
        .display()
        .to_string();
    let commands: &[&[&str]] = &[
        &["today"],
        &["today", "--json"],
        &["drill"],
        &["challenge"],
        &["exam", "--count", "3"],
        &["practice", "--count", "3"],
        &["wrongbook", "list"],
        &["wrongbook", "list", "--json"],
        &["wrongbook", "drill"],
        &["wrongbook", "export"],
        &["plan", "--until", "2031-01-01"],
        &["progress"],
        &["progress", "--json"],
        &["profile", "path"],
        &["profile", "learners"],
        &["profile", "export", "--all"],
        &["profile", "check"],
        &["bank", "check"],
        &["bank", "stats"],
        &["bank", "stats", "--json"],
        &["bank", "export", "--to", "gift", "-o", "x.gift"],
        &["print", "--count", "5"],
        &["contest", "score", "--paper", "卷", "--sheets", "s.csv"],
        &["contest", "report", "--results", "r.json", "--paper", "卷"],
        &[
            "contest",
            "report",
            "--results",
            "r.json",
            "--paper",
            "卷",
            "--json",
        ],
        &["contest", "analyze", "--paper", "卷", "--sheets", "s.csv"],
        &[
            "contest", "analyze", "--paper", "卷", "--sheets", "s.csv", "--json",
        ],
        &[
            "contest",
            "lottery",
            "--results",
            "r.json",
            "--seed",
            "x",
            "--count",
            "1",
            "--min-score",
            "0",
        ],
        &["contest", "stage", "--config", &stage, "--log", "决赛.log"],
        &["completions", "bash"],
        &["completions", "zsh"],
        &["completions", "fish"],
        &["--help"],
        &["exam", "--help"],
        &["--version"],
    ];
    for args in commands {
        let mut child = cmd(dir, args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the command has written anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe") && !err.contains("os error"),
            "kaotang {}: {err}",
            args.join(" ")
        );
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "kaotang {}: {:?} {err}",
            args.join(" "),
            out.status
        );
    }
}

// ── 4. Exit codes ───────────────────────────────────────────────────────────────────────────

/// A session or paper with no question fails with 1 and says why, the same in every command;
/// a bad input file is 1; a bad command line is 2.
#[test]
fn exit_codes_are_as_documented() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let none: &[&[&str]] = &[
        &["exam", "--tag", "不存在"],
        &["exam", "--count", "0"],
        &["print", "--count", "0"],
        &["practice", "--tag", "不存在"],
        &["practice", "--count", "0"],
        &["challenge", "--tag", "不存在"],
        &["drill", "--tag", "不存在"],
        &["plan", "--until", "2031-01-01", "--tag", "不存在"],
        &["print", "--tag", "不存在"],
    ];
    for args in none {
        let out = run(dir, args);
        assert_eq!(out.status.code(), Some(1), "kaotang {}", args.join(" "));
        let err = stderr(&out);
        assert!(
            err.starts_with("错误：") && err.contains("题目"),
            "kaotang {}: {err}",
            args.join(" ")
        );
        assert!(stdout(&out).is_empty(), "kaotang {}", args.join(" "));
    }

    std::fs::write(dir.join("bad.json"), "{ not json").unwrap();
    let out = run(dir, &["profile", "import", "bad.json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("bad.json:1:"), "{}", stderr(&out));

    std::fs::write(dir.join("org.csv"), "学员,单位\n张三 第一支部\n").unwrap();
    let out = run(dir, &["progress", "--org", "org.csv"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("org.csv"), "{}", stderr(&out));

    let out = run(dir, &["exam", "--count", "多"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));

    let help = ok(&run(dir, &["--help"]));
    assert!(help.contains("130"), "{help}");
}
