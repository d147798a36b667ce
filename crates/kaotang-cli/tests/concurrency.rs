//! Two `kaotang` processes on one profile at the same time: both finish, and every answer either
//! of them acknowledged is in the profile (WAL and the busy timeout make writers take turns).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn starter() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/banks/starter.yaml")
        .display()
        .to_string()
}

#[test]
fn two_processes_share_a_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let bank = starter();
    let spawn = |learner: &str| {
        Command::new(env!("CARGO_BIN_EXE_kaotang"))
            .args([
                "--profile",
                "p.sqlite",
                "--bank",
                &bank,
                "--date",
                "2024-07-01",
                "--learner",
                learner,
                "drill",
                "--new",
                "12",
            ])
            .current_dir(tmp.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let mut a = spawn("甲");
    let mut b = spawn("乙");
    let (mut ia, mut ib) = (a.stdin.take().unwrap(), b.stdin.take().unwrap());
    // Interleave the two learners' answers; "对" and "B" answer every question type.
    for i in 0..12 {
        let line = if i % 2 == 0 { "B\n" } else { "对\n" };
        // A learner whose session ended (every question answered) has closed its input;
        // the lines it did not need are dropped, and what it did is checked below.
        for input in [&mut ia, &mut ib] {
            match input
                .write_all(line.as_bytes())
                .and_then(|()| input.flush())
            {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.unwrap(),
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    drop((ia, ib));
    let (oa, ob) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(oa.status.success() && ob.status.success());
    let acknowledged = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| l.starts_with('✓') || l.starts_with('✗') || l.starts_with('◐'))
            .count()
    };
    let (na, nb) = (acknowledged(&oa), acknowledged(&ob));
    assert!(na > 0 && nb > 0, "both learners answered: {na} and {nb}");

    let out = Command::new(env!("CARGO_BIN_EXE_kaotang"))
        .args(["--profile", "p.sqlite", "profile", "learners"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let listing = String::from_utf8(out.stdout).unwrap();
    assert!(listing.contains(&format!("甲\t{na} 条记录")), "{listing}");
    assert!(listing.contains(&format!("乙\t{nb} 条记录")), "{listing}");
    let check = Command::new(env!("CARGO_BIN_EXE_kaotang"))
        .args(["--profile", "p.sqlite", "profile", "check"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0));
    let report = String::from_utf8(check.stdout).unwrap();
    assert!(
        report.contains(&format!("档案完好（2 位学员，{} 条学习记录）", na + nb)),
        "{report}"
    );
}

/// The starter bank's keys by question stem, typed as the CLI expects them.
fn keys() -> std::collections::HashMap<String, String> {
    let yaml = std::fs::read_to_string(starter()).unwrap();
    let bank: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
    let plain = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::Bool(b) => (if *b { "对" } else { "错" }).to_owned(),
        serde_json::Value::Array(blanks) => blanks
            .iter()
            .map(|b| match b {
                serde_json::Value::Array(alts) => plain(&alts[0]),
                other => plain(other),
            })
            .collect::<Vec<_>>()
            .join("；"),
        other => plain(other),
    };
    bank["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (text(&q["stem"]), text(&q["answer"])))
        .collect()
}

/// One learner in two terminals at once: each answer first takes in what the other process
/// recorded, so the daily points cap holds across both and no question gets two scheduled
/// reviews on one day.
#[test]
fn one_learner_in_two_processes_keeps_caps_and_reviews_each_question_once() {
    use std::io::Read;
    use std::sync::mpsc;
    let tmp = tempfile::tempdir().unwrap();
    let bank = starter();
    let keys = keys();
    let spawn = || {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kaotang"))
            .args([
                "--profile",
                "p.sqlite",
                "--bank",
                &bank,
                "--date",
                "2024-07-01",
                "drill",
                "--new",
                "12",
            ])
            .current_dir(tmp.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel::<Vec<u8>>();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        (child, rx, Vec::<u8>::new())
    };
    // Create the profile first so that both processes open the same learner.
    let first = Command::new(env!("CARGO_BIN_EXE_kaotang"))
        .args([
            "--profile",
            "p.sqlite",
            "--bank",
            &bank,
            "--date",
            "2024-07-01",
            "drill",
        ])
        .current_dir(tmp.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(first.status.success());
    let mut procs = [spawn(), spawn()];
    // Take turns: each process answers its current question right when its prompt is up.
    let mut alive = [true, true];
    while alive.iter().any(|a| *a) {
        for (k, (child, rx, out)) in procs.iter_mut().enumerate() {
            if !alive[k] {
                continue;
            }
            loop {
                match rx.recv_timeout(std::time::Duration::from_secs(30)) {
                    Ok(chunk) => out.extend(chunk),
                    Err(_) => {
                        alive[k] = false;
                        break;
                    }
                }
                if out.ends_with(b"> ") {
                    let t = String::from_utf8_lossy(out).into_owned();
                    let header = t.rfind("难度 ").unwrap();
                    let stem = t[header..].lines().nth(1).unwrap();
                    let stdin = child.stdin.as_mut().unwrap();
                    writeln!(stdin, "{}", keys[stem]).unwrap();
                    stdin.flush().unwrap();
                    out.extend(b"\n");
                    break;
                }
            }
        }
    }
    for (mut child, _, out) in procs {
        drop(child.stdin.take());
        assert!(
            child.wait().unwrap().success(),
            "{}",
            String::from_utf8_lossy(&out)
        );
    }
    let export = Command::new(env!("CARGO_BIN_EXE_kaotang"))
        .args(["--profile", "p.sqlite", "profile", "export", "--all"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let export: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    let log = export["learners"][0]["log"].as_array().unwrap();
    // Both processes showed all 12 questions at first; the log holds what they answered.
    assert!(log.len() >= 12, "{}", log.len());
    let daily: u64 = log
        .iter()
        .filter(|e| e["mode"] == "daily")
        .map(|e| e["points"].as_u64().unwrap())
        .sum();
    assert_eq!(
        daily, 5,
        "每日答题 earns at most 5 a day across both processes"
    );
    let mut scheduled = std::collections::HashMap::new();
    for e in log.iter().filter(|e| !e["rating"].is_null()) {
        *scheduled
            .entry(e["question"].as_str().unwrap())
            .or_insert(0) += 1;
    }
    assert_eq!(scheduled.len(), 12, "{scheduled:?}");
    assert!(scheduled.values().all(|&n| n == 1), "{scheduled:?}");
}
