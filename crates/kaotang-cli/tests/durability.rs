//! End-to-end: `kill -9` during drills never loses an acknowledged answer nor corrupts the
//! profile.
//!
//! The CLI commits each answer before it prints the verdict, so every verdict seen on stdout
//! must be in the profile after a kill, and at most one more answer per kill (committed, its
//! verdict not yet printed) may be there.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use kaotang::rng::SeedRng;
use kaotang::time::Date;

/// Kills, one per simulated day.
const ITERATIONS: i64 = 60;

/// The verdicts the CLI prints once an answer is saved.
const VERDICTS: [&str; 3] = ["✓ 回答正确", "✗ 回答错误", "◐ 部分正确"];

/// A readable answer for every question type within three lines: "B" fits choices and blanks;
/// "对" fits true/false; "不会" (don't know) answers any question, such as an order or matching
/// question that needs every letter (a line that does not fit is asked again, not recorded).
const LINES: [&str; 3] = ["B", "对", "不会"];

fn kaotang(profile: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kaotang"));
    c.arg("--profile").arg(profile).args(args);
    c.current_dir(profile.parent().unwrap());
    c
}

fn output(profile: &Path, args: &[&str]) -> Output {
    let out = kaotang(profile, args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
    out
}

/// Review entries in the profile, read back through `profile export --all`.
fn reviews(profile: &Path) -> usize {
    let out = output(profile, &["profile", "export", "--all"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["learners"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["log"].as_array().unwrap())
        .filter(|e| e["entry"] == "review")
        .count()
}

/// One drill killed after `kill_after`; the answers it acknowledged on stdout.
fn killed_drill(profile: &Path, bank: &str, date: Date, kill_after: Duration) -> usize {
    let date = date.to_string();
    let mut child = kaotang(
        profile,
        &["--bank", bank, "--date", &date, "drill", "--new", "20"],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::null())
    .spawn()
    .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let typist = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            for line in LINES.iter().cycle() {
                // A closed pipe (the drill ended or was killed) ends the typing.
                if stop.load(Ordering::Relaxed) || writeln!(stdin, "{line}").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(3));
            }
        })
    };
    // Read stdout to its end on another thread: what was printed before the kill still counts.
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut acknowledged = 0;
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            // Prompts share a line with the verdict that follows the typed answer.
            if VERDICTS.iter().any(|v| line.contains(v)) {
                acknowledged += 1;
            }
        }
        tx.send(acknowledged).unwrap();
    });
    std::thread::sleep(kill_after);
    // SIGKILL on Unix: no handler runs, nothing is flushed.
    let _ = child.kill();
    child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    typist.join().unwrap();
    reader.join().unwrap();
    rx.recv().unwrap()
}

#[test]
fn kill_9_during_drills_loses_no_acknowledged_answer() {
    let dir = tempfile::tempdir().unwrap();
    let profile: PathBuf = dir.path().join("p.sqlite");
    let bank = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../question-banks/01-xinminzhu.yaml")
        .display()
        .to_string();
    let mut rng = SeedRng::new(20_210_701);
    let start = Date::new(2021, 7, 1).unwrap();
    let mut acknowledged = 0;
    let mut kills_with_answers = 0;
    for day in 0..ITERATIONS {
        // From before the banks are loaded to well into the drill (loading the grown shipped
        // bank takes a few hundred milliseconds in a debug build on a busy machine).
        let kill_after = Duration::from_millis(50 + rng.below(950));
        let seen = killed_drill(&profile, &bank, start.add_days(day), kill_after);
        acknowledged += seen;
        kills_with_answers += usize::from(seen > 0);
        let check = output(&profile, &["profile", "check"]);
        let report = String::from_utf8_lossy(&check.stdout);
        // Killed before its first write, the drill may have left no profile yet.
        assert!(
            check.status.success()
                && (report.contains("档案完好") || report.contains("还没有学习档案")),
            "day {day}: {report}"
        );
        let saved = reviews(&profile);
        let kills = usize::try_from(day + 1).unwrap();
        assert!(
            (acknowledged..=acknowledged + kills).contains(&saved),
            "day {day}: {saved} saved, {acknowledged} acknowledged over {kills} kills"
        );
    }
    // The kills must have landed mid-drill often enough to mean something.
    assert!(
        kills_with_answers >= 30,
        "{kills_with_answers} kills mid-drill"
    );
    assert!(acknowledged >= 300, "{acknowledged} answers acknowledged");
}
