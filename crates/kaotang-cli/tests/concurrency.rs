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
        ia.write_all(line.as_bytes()).unwrap();
        ib.write_all(line.as_bytes()).unwrap();
        ia.flush().unwrap();
        ib.flush().unwrap();
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
