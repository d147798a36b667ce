//! End-to-end: the edges a careful user meets (issue 18) — closed pipes, exit codes, Chinese
//! messages, profiles that are never someone else's, input encodings, Excel-ready CSV, terminal
//! layout and help — each on the real binary.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn starter() -> String {
    repo("tests/fixtures/banks/starter.yaml")
        .display()
        .to_string()
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

fn run_with(dir: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = cmd(dir, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
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

// ── 3. Profiles ─────────────────────────────────────────────────────────────────────────────

/// Every file in `dir`: its name, length and a hash of its bytes.
fn snapshot(dir: &Path) -> Vec<(String, usize, u64)> {
    use std::hash::{Hash, Hasher};
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                bytes.len(),
                h.finish(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Another program's SQLite database given as the profile is refused by every command, byte
/// for byte untouched and without sidecar files; so is a file that is not SQLite at all.
#[test]
fn a_foreign_database_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    {
        let c = rusqlite::Connection::open(dir.join("p.sqlite")).unwrap();
        c.execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('备忘');")
            .unwrap();
    }
    std::fs::write(dir.join("text.txt"), "不是数据库\n").unwrap();
    let before = snapshot(dir);
    let commands: &[&[&str]] = &[
        &["profile", "check"],
        &["profile", "learners"],
        &["profile", "learners", "rename", "a", "b"],
        &["profile", "export", "--all"],
        &["progress"],
        &["today"],
        &["today", "--json"],
        &["drill"],
        &["exam", "--count", "3"],
    ];
    for args in commands {
        let out = run(dir, args);
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(1),
            "kaotang {}: {err}",
            args.join(" ")
        );
        assert!(
            err.contains("p.sqlite")
                && err.contains("不是考堂学习档案")
                && err.contains("未做任何改动"),
            "kaotang {}: {err}",
            args.join(" ")
        );
        assert!(
            !stdout(&out).contains("题 1/"),
            "kaotang {}",
            args.join(" ")
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kaotang"))
        .args(["--profile", "text.txt", "drill"])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("text.txt") && stderr(&out).contains("不是 SQLite 数据库文件"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(dir), before, "a refused file was changed");
}

/// A zero-byte file may become a new profile.
#[test]
fn a_zero_byte_file_becomes_a_profile() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("p.sqlite"), "").unwrap();
    ok(&run_with(
        dir,
        &["--bank", &starter(), "practice", "--count", "1"],
        b"A\n",
    ));
    let learners = ok(&run(dir, &["profile", "learners"]));
    assert!(learners.contains("默认学员\t1 条记录"), "{learners}");
    assert!(ok(&run(dir, &["profile", "check"])).contains("档案完好（1 位学员，1 条学习记录）"));
}

/// The read-only commands create no file and no learner, and work on a profile that cannot be
/// written, leaving it byte for byte as it was.
#[test]
fn read_only_commands_create_nothing_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let read_only: &[&[&str]] = &[
        &["progress"],
        &["progress", "--json"],
        &["today"],
        &["today", "--json"],
        &["profile", "path"],
        &["profile", "check"],
        &["profile", "learners"],
    ];
    for args in read_only {
        ok(&run(dir, args));
        assert!(
            snapshot(dir).is_empty(),
            "kaotang {} created a file",
            args.join(" ")
        );
    }
    let out = run(dir, &["profile", "export", "--all"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(snapshot(dir).is_empty());

    // A profile with one learner, made read-only.
    ok(&run_with(
        dir,
        &["--bank", &starter(), "practice", "--count", "2"],
        b"A\nA\n",
    ));
    let path = dir.join("p.sqlite");
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    // Root writes read-only files anyway: then the profile is read as another user (nobody),
    // for whom neither the file nor its folder is writable, when that user can run the binary.
    let root = std::fs::OpenOptions::new().append(true).open(&path).is_ok();
    if root {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let reader = |args: &[&str], stdin: &[u8]| -> Output {
        let mut c = Command::new("setpriv");
        c.args(["--reuid", "65534", "--regid", "65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_kaotang"));
        let mut c = if root {
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_kaotang"))
        };
        let mut child = c
            .args(["--profile", "p.sqlite", "--date", "2026-03-01"])
            .args(args)
            .current_dir(dir)
            .env_remove("KAOTANG_PROFILE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        child.wait_with_output().unwrap()
    };
    let can_switch_user = root
        && Command::new("setpriv")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
    let unwritable = !root
        || (can_switch_user
            && reader(&["--bank", &starter(), "bank", "stats"], b"")
                .status
                .success());
    // SQLite's own -wal/-shm files of a WAL profile may appear beside it while it is read
    // (where the folder allows); the profile itself must not change by a byte.
    let profile_bytes = |dir: &Path| {
        let mut files = snapshot(dir);
        files.retain(|(name, ..)| !name.ends_with("-wal") && !name.ends_with("-shm"));
        files
    };
    let before = profile_bytes(dir);
    for args in read_only.iter().copied().chain([
        &["profile", "export", "--all"][..],
        &["--learner", "别人", "progress"][..],
    ]) {
        if unwritable {
            ok(&reader(args, b""));
        } else {
            ok(&run(dir, args));
        }
    }
    assert_eq!(
        profile_bytes(dir),
        before,
        "a read-only command changed the profile"
    );
    let learners = ok(&run(dir, &["profile", "learners"]));
    assert_eq!(learners, "默认学员\t2 条记录\n", "no learner was created");

    // Writing is refused before any question is shown.
    if unwritable {
        let out = reader(&["--bank", &starter(), "drill"], b"A\n");
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        assert!(stderr(&out).contains("只读"), "{}", stderr(&out));
        assert!(!stdout(&out).contains("题 1/"), "{}", stdout(&out));
        assert_eq!(profile_bytes(dir), before);
    }
}

/// Learner names are trimmed, an empty one is refused; learners can be renamed and deleted.
#[test]
fn learners_are_trimmed_renamed_and_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let practice = |name: &str| {
        ok(&run_with(
            dir,
            &[
                "--learner",
                name,
                "--bank",
                &starter(),
                "practice",
                "--count",
                "1",
            ],
            b"A\n",
        ))
    };
    practice(" 张三 ");
    practice("张三");
    practice("李四");
    assert_eq!(
        ok(&run(dir, &["profile", "learners"])),
        "张三\t2 条记录\n李四\t1 条记录\n"
    );
    let out = run(dir, &["--learner", "  ", "progress"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("学员姓名不能为空"),
        "{}",
        stderr(&out)
    );

    let out = run(dir, &["profile", "learners", "rename", "张三", "李四"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("已有学员“李四”"), "{}", stderr(&out));
    ok(&run(
        dir,
        &["profile", "learners", "rename", "张三", "张三丰"],
    ));
    assert_eq!(
        ok(&run(dir, &["profile", "learners"])),
        "张三丰\t2 条记录\n李四\t1 条记录\n"
    );

    let out = run(dir, &["profile", "learners", "delete", "张三丰"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("2 条学习记录") && stderr(&out).contains("--yes"));
    assert!(
        ok(&run(
            dir,
            &["profile", "learners", "delete", "张三丰", "--yes"]
        ))
        .contains("2 条")
    );
    assert_eq!(ok(&run(dir, &["profile", "learners"])), "李四\t1 条记录\n");
    let out = run(dir, &["profile", "learners", "delete", "王五", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
}

/// `progress --date D` reports the profile as it was at the end of D.
#[test]
fn progress_on_a_date_counts_nothing_after_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let on = |date: &str, args: &[&str], stdin: &[u8]| {
        let mut all = vec!["--date", date, "--bank"];
        let bank = starter();
        all.push(&bank);
        all.extend_from_slice(args);
        let mut c = Command::new(env!("CARGO_BIN_EXE_kaotang"));
        c.args(["--profile", "p.sqlite"])
            .args(&all)
            .current_dir(dir);
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        ok(&child.wait_with_output().unwrap())
    };
    on("2026-03-01", &["practice", "--count", "2"], b"A\nA\n");
    on("2026-03-05", &["practice", "--count", "3"], b"A\nA\nA\n");
    let answers = |date: &str| {
        let v: serde_json::Value =
            serde_json::from_str(&on(date, &["progress", "--json"], b"")).unwrap();
        v["overall"]["answers"].as_u64().unwrap()
    };
    assert_eq!(answers("2026-02-28"), 0);
    assert_eq!(answers("2026-03-01"), 2);
    assert_eq!(answers("2026-03-04"), 2);
    assert_eq!(answers("2026-03-05"), 5);
}

// ── 5. Input encodings ──────────────────────────────────────────────────────────────────────

/// An answers file saved as GBK is read as GBK; a line that is neither UTF-8 nor GBK stops the
/// session with exit code 1 and its line number, keeping the answers before it.
#[test]
fn answers_on_stdin_may_be_gbk_and_bad_bytes_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let args = [
        "--bank",
        &starter(),
        "practice",
        "--type",
        "judge",
        "--count",
        "2",
    ];
    let (gbk, _, _) = encoding_rs::GBK.encode("对\r\n错\r\n");
    let text = ok(&run_with(dir, &args, &gbk));
    assert!(text.contains("专项答题：本次作答 2 题"), "{text}");
    assert_eq!(text.matches("✓ 回答正确").count(), 2, "{text}");

    let mut bad = "对\n".as_bytes().to_vec();
    bad.extend_from_slice(&[0xFF, 0xFE, b'\n']);
    let out = run_with(dir, &args, &bad);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(stderr(&out).contains("标准输入第 2 行"), "{}", stderr(&out));
    assert_eq!(
        ok(&run(dir, &["profile", "learners"])),
        "默认学员\t3 条记录\n",
        "the answer before the bad line is saved"
    );
}

// ── 6. CSV as organizers use it ─────────────────────────────────────────────────────────────

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Every CSV file the CLI writes starts with a UTF-8 byte-order mark, then its header row.
#[test]
fn every_written_csv_has_a_bom() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    contest_fixture(dir, 3);
    ok(&run_with(
        dir,
        &[
            "--bank",
            &starter(),
            "practice",
            "--type",
            "judge",
            "--count",
            "2",
        ],
        b"\xE9\x94\x99\n\xE9\x94\x99\n", // 错 错: one wrong answer for the wrong book
    ));
    let writes: &[(&[&str], &str, &str)] = &[
        (
            &[
                "contest",
                "score",
                "--paper",
                "卷",
                "--sheets",
                "s.csv",
                "-o",
                "成绩.csv",
            ],
            "成绩.csv",
            "名次,并列名次,编号",
        ),
        (
            &[
                "contest",
                "report",
                "--results",
                "r.json",
                "--paper",
                "卷",
                "-o",
                "单位.csv",
            ],
            "单位.csv",
            "名次,单位,参赛人数",
        ),
        (
            &[
                "contest",
                "analyze",
                "--paper",
                "卷",
                "--sheets",
                "s.csv",
                "-o",
                "分析.csv",
            ],
            "分析.csv",
            "试卷,题目编号,题干",
        ),
        (
            &[
                "--bank",
                &starter(),
                "wrongbook",
                "export",
                "-o",
                "错题.csv",
            ],
            "错题.csv",
            "",
        ),
    ];
    for (args, file, header) in writes {
        ok(&run(dir, args));
        let bytes = std::fs::read(dir.join(file)).unwrap();
        assert!(bytes.starts_with(BOM), "{file} has no BOM");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.starts_with(header), "{file}: {text}");
        assert!(!text.starts_with('\u{feff}'), "{file}: two BOMs");
        assert!(text.lines().count() >= 2, "{file}: {text}");
    }
    // JSON and CSV on stdout stay plain.
    assert!(std::fs::read(dir.join("r.json")).unwrap().starts_with(b"["));
    let piped = run(
        dir,
        &["contest", "score", "--paper", "卷", "--sheets", "s.csv"],
    );
    assert!(piped.stdout.starts_with("名次".as_bytes()));
}

/// Rosters are real CSV: quoted fields with commas, CRLF, a BOM or GBK, a header row or none.
#[test]
fn rosters_are_read_as_csv_with_or_without_a_header() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    contest_fixture(dir, 3);
    let report = |roster: &[u8]| {
        std::fs::write(dir.join("名单.csv"), roster).unwrap();
        let out = run(
            dir,
            &[
                "contest",
                "report",
                "--results",
                "r.json",
                "--paper",
                "卷",
                "--roster",
                "名单.csv",
                "--depth",
                "3",
                "--json",
            ],
        );
        let v: serde_json::Value = serde_json::from_str(&ok(&out)).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    u["unit"]["path"].as_array().unwrap().len(),
                    u["unit"]["headcount"].as_u64(),
                )
            })
            .collect::<Vec<_>>()
    };
    let expected = vec![(3, Some(12))];
    // No header: the first row counts.
    assert_eq!(report("城关区/区委办/第一支部,12\r\n".as_bytes()), expected);
    // A header, a BOM, a quoted field.
    assert_eq!(
        report("\u{feff}单位,应参赛人数\r\n\"城关区/区委办/第一支部\",\"12\"\r\n".as_bytes()),
        expected
    );
    // GBK, as Excel on Chinese Windows saves it.
    let (gbk, _, _) = encoding_rs::GBK.encode("单位,人数\n城关区/区委办/第一支部,12\n");
    assert_eq!(report(&gbk), expected);
    // A bad count names its line.
    std::fs::write(dir.join("名单.csv"), "单位,人数\n第一支部,十二\n").unwrap();
    let out = run(
        dir,
        &[
            "contest",
            "report",
            "--results",
            "r.json",
            "--paper",
            "卷",
            "--roster",
            "名单.csv",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("名单.csv:2:"), "{}", stderr(&out));

    // --org members: quoted names with a comma in the unit, no header.
    ok(&run_with(
        dir,
        &[
            "--learner",
            "张三",
            "--bank",
            &starter(),
            "practice",
            "--count",
            "1",
        ],
        b"A\n",
    ));
    std::fs::write(
        dir.join("成员.csv"),
        "\"张三\",\"城关区/区委办,综合科/第一支部\"\r\n李四,城关区/区委办/第二支部\r\n",
    )
    .unwrap();
    let out = ok(&run(
        dir,
        &[
            "--bank",
            &starter(),
            "progress",
            "--org",
            "成员.csv",
            "--json",
        ],
    ));
    assert!(out.contains("区委办,综合科"), "{out}");
    assert!(out.contains("第二支部"), "{out}");
}

/// `contest paper --participants` checks the whole roster before writing anything.
#[test]
fn participants_are_checked_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let bp = repo("question-banks/blueprints/chusai.yaml")
        .display()
        .to_string();
    let paper = |roster: &str| {
        std::fs::write(dir.join("名单.csv"), roster).unwrap();
        run(
            dir,
            &[
                "contest",
                "paper",
                "--blueprint",
                &bp,
                "--seed",
                "1",
                "--participants",
                "名单.csv",
                "-o",
                "卷",
            ],
        )
    };
    for (roster, line) in [
        ("编号,姓名\np1,张三\np 2,李四\n", "名单.csv:3:"),
        ("编号,姓名\np1,张三\np1,李四\n", "名单.csv:3:"),
    ] {
        let out = paper(roster);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains(line), "{}", stderr(&out));
        assert!(
            !dir.join("卷").exists(),
            "a paper was written for a bad roster"
        );
    }
    // Quoted fields and CRLF; no header.
    ok(&paper("\"p1\",\"张三\"\r\np2,\"李四, 王五\"\r\n"));
    assert!(dir.join("卷/papers/p1.json").exists() && dir.join("卷/papers/p2.json").exists());
}

// ── 2. Chinese throughout ───────────────────────────────────────────────────────────────────

/// clap's English words that must not reach a user.
const ENGLISH: [&str; 9] = [
    "error:",
    "Usage:",
    "For more information",
    "[default:",
    "[possible values:",
    "Possible values:",
    "Options:",
    "[OPTIONS]",
    "tip:",
];

/// Command-line errors and every command's help are Chinese, with a command's own options
/// before the global ones.
#[test]
fn command_line_errors_and_help_are_chinese() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let errors: &[(&[&str], &str)] = &[
        (
            &["exam", "--count", "多"],
            "--count <COUNT> 的值“多”无效：应为整数",
        ),
        (&["exma"], "不认识的命令“exma”。是不是想用命令“exam”？"),
        (&["exam", "--bogus"], "不认识的选项“--bogus”"),
        (&["plan"], "缺少必需的参数：--until"),
        (
            &["drill", "--ahead", "2", "--cram"],
            "不能与 --cram 同时使用",
        ),
        (&["print", "--format", "pdf"], "可选：html、markdown"),
        (&["--utc-offset", "15", "today"], "−12 到 +14"),
        (&["--learner", " ", "today"], "学员姓名不能为空"),
        (
            &["--learner", "王\n五", "today"],
            "学员姓名不能含换行、制表符等控制字符",
        ),
        (
            &["--learner", "王\t五", "today"],
            "学员姓名不能含换行、制表符等控制字符",
        ),
    ];
    // Nor can a learner be renamed to such a name.
    let out = run(dir, &["profile", "learners", "rename", "王五", "王\n五"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("控制字符"), "{}", stderr(&out));
    for (args, expected) in errors {
        let out = run(dir, args);
        let err = stderr(&out);
        assert_eq!(
            out.status.code(),
            Some(2),
            "kaotang {}: {err}",
            args.join(" ")
        );
        assert!(err.starts_with("错误："), "{err}");
        assert!(err.contains(expected), "kaotang {}: {err}", args.join(" "));
        assert!(err.contains("--help"), "{err}");
        for en in ENGLISH {
            assert!(!err.contains(en), "kaotang {}: {err}", args.join(" "));
        }
    }
    let out = run(dir, &["contest"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("命令："), "{}", stderr(&out));

    let commands: &[&[&str]] = &[
        &[],
        &["today"],
        &["drill"],
        &["challenge"],
        &["exam"],
        &["practice"],
        &["wrongbook"],
        &["wrongbook", "export"],
        &["plan"],
        &["progress"],
        &["contest"],
        &["contest", "paper"],
        &["contest", "score"],
        &["contest", "report"],
        &["contest", "analyze"],
        &["contest", "lottery"],
        &["contest", "stage"],
        &["profile"],
        &["profile", "learners"],
        &["profile", "learners", "delete"],
        &["bank"],
        &["bank", "check"],
        &["bank", "import"],
        &["bank", "export"],
        &["bank", "convert"],
        &["print"],
        &["completions"],
    ];
    for c in commands {
        let args: Vec<&str> = c.iter().copied().chain(["--help"]).collect();
        let help = ok(&run(dir, &args));
        assert!(
            help.contains("用法：kaotang"),
            "kaotang {}: {help}",
            args.join(" ")
        );
        for en in ENGLISH {
            assert!(
                !help.contains(en),
                "kaotang {}: {en} in\n{help}",
                args.join(" ")
            );
        }
        // clap joins a doc comment's lines with a space: after Chinese punctuation that is
        // a doc comment broken over two lines ("一段； 同一人"). (A space before a literal
        // value, as in "如 张三,城关区", is meant.)
        let chars: Vec<char> = help.chars().collect();
        let joined = chars
            .windows(3)
            .find(|w| "，。；：、）！？”".contains(w[0]) && w[1] == ' ' && w[2] >= '\u{2e80}');
        assert!(
            joined.is_none(),
            "kaotang {}: a doc comment broken over two lines ({:?}) in\n{help}",
            args.join(" "),
            joined.map(|w| w.iter().collect::<String>())
        );
        if !c.is_empty() {
            let own = help.find("\n选项：\n").unwrap();
            let global = help.find("\n全局选项：\n").unwrap();
            assert!(own < global, "kaotang {}: {help}", args.join(" "));
        }
    }
    let long = ok(&run(dir, &["bank", "import", "--help"]));
    assert!(
        long.contains("可选：") && long.contains("[默认："),
        "{long}"
    );
}

/// SQLite's errors come out in Chinese, naming the file and what to do.
#[test]
fn sqlite_errors_are_chinese_and_name_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    ok(&run_with(
        dir,
        &["--bank", &starter(), "practice", "--count", "3"],
        b"A\nA\nA\n",
    ));
    // Damage every page after the header page: the tables can no longer be read.
    let mut bytes = std::fs::read(dir.join("p.sqlite")).unwrap();
    for b in bytes.iter_mut().skip(4096) {
        *b = 0x5A;
    }
    std::fs::write(dir.join("p.sqlite"), &bytes).unwrap();
    for args in [&["profile", "check"][..], &["progress"][..], &["drill"][..]] {
        let out = run(dir, args);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        assert_eq!(
            out.status.code(),
            Some(1),
            "kaotang {}: {all}",
            args.join(" ")
        );
        assert!(
            all.contains("p.sqlite") && all.contains("损坏"),
            "kaotang {}: {all}",
            args.join(" ")
        );
        assert!(
            !all.contains("malformed\n") && !all.contains("SQLite 错误"),
            "{all}"
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kaotang"))
        .args(["--profile", "/proc/kaotang/p.sqlite", "drill"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("/proc/kaotang") && !err.contains("os error"),
        "{err}"
    );
}

// ── 8. Help that scans ──────────────────────────────────────────────────────────────────────

/// Every example in `kaotang --help` runs as written from the project folder.
#[test]
fn every_example_in_the_help_runs_from_the_project_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::os::unix::fs::symlink(repo("question-banks"), dir.join("question-banks")).unwrap();
    let help = ok(&run(dir, &["--help"]));
    let examples: Vec<&str> = help
        .split("示例：")
        .nth(1)
        .unwrap()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("kaotang "))
        .collect();
    assert!(examples.len() >= 10, "{help}");
    for example in examples {
        // The text after two spaces is a comment.
        let command = example.split("  ").next().unwrap();
        let args: Vec<&str> = command.split_whitespace().collect();
        let out = run(dir, &args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "kaotang {command}:\n{}\n{}",
            stdout(&out),
            stderr(&out)
        );
    }
}

/// `bank check` on the shipped folder reads its banks and skips the schema, blueprints and
/// policies beside them (naming them), while a non-bank file named on purpose is checked.
#[test]
fn bank_check_works_on_its_own_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let banks = repo("question-banks").display().to_string();
    let out = run(tmp.path(), &["bank", "check", &banks]);
    let text = ok(&out);
    assert!(
        text.contains("共检查 4 个题库") && text.contains("0 个错误"),
        "{text}"
    );
    let err = stderr(&out);
    for skipped in ["schema.json", "chusai.yaml", "stage.yaml", "points.yaml"] {
        assert!(err.contains(skipped), "{err}");
    }
    let schema = repo("question-banks/schema.json").display().to_string();
    let out = run(tmp.path(), &["bank", "check", &schema]);
    assert_eq!(out.status.code(), Some(1));
}

// ── 7. Terminal layout ──────────────────────────────────────────────────────────────────────

/// Columns a terminal gives `s`: two for a Chinese character (enough for these tables).
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if u32::from(c) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// Tables whose last column is right-aligned end every line at the same column when they are
/// laid out by display width, Chinese unit names included.
#[test]
fn tables_align_by_display_width() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    contest_fixture(dir, 3);
    ok(&run_with(
        dir,
        &[
            "--learner",
            "张三",
            "--bank",
            &starter(),
            "practice",
            "--count",
            "2",
        ],
        b"A\nA\n",
    ));
    std::fs::write(
        dir.join("成员.csv"),
        "学员,单位\n张三,城关区/区委办/第一支部\nLi,Chengguan/Office\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("名单.csv"),
        "城关区/区委办/第一支部,12\nTown/Office/Branch,3\n城关区/教育局/机关支部,5\n",
    )
    .unwrap();
    let tables = [
        ok(&run(
            dir,
            &["--bank", &starter(), "--learner", "张三", "progress"],
        )),
        ok(&run(
            dir,
            &["--bank", &starter(), "progress", "--org", "成员.csv"],
        )),
        ok(&run(
            dir,
            &[
                "contest",
                "report",
                "--results",
                "r.json",
                "--paper",
                "卷",
                "--depth",
                "3",
                "--roster",
                "名单.csv",
            ],
        )),
    ];
    for out in &tables {
        let lines: Vec<&str> = out
            .lines()
            .skip_while(|l| !["单位", "名次", "时期"].iter().any(|h| l.starts_with(h)))
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(lines.len() >= 3, "{out}");
        let width = display_width(lines[0]);
        for l in &lines {
            assert_eq!(display_width(l), width, "misaligned:\n{out}");
        }
    }
}

/// Runs the binary in a pseudo-terminal (`script` from util-linux); each of `keys` is typed
/// once the screen shows its text (and the editor has had a moment to take the terminal).
/// Returns everything the terminal showed.
fn in_terminal(dir: &Path, args: &[&str], keys: &[(&str, &[u8])]) -> String {
    use std::io::Read;
    use std::sync::{Arc, Mutex};
    let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
    let line = std::iter::once(env!("CARGO_BIN_EXE_kaotang"))
        .chain(["--profile", "p.sqlite", "--date", "2026-03-01"])
        .chain(args.iter().copied())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ");
    let mut child = Command::new("script")
        .args(["-qfec", &line, "/dev/null"])
        .current_dir(dir)
        .env("TERM", "xterm")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("`script` (util-linux) runs the CLI in a pseudo-terminal");
    let screen = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let screen = Arc::clone(&screen);
        let mut out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                screen.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        })
    };
    let shown = || String::from_utf8_lossy(&screen.lock().unwrap()).into_owned();
    let mut stdin = child.stdin.take().unwrap();
    for (wait_for, bytes) in keys {
        let started = std::time::Instant::now();
        while !shown().contains(wait_for) {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "never showed {wait_for:?}:\n{}",
                shown()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }
    // Keep the terminal open until the command ends by itself (or give up on it).
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the command did not end:\n{}", shown());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    reader.join().unwrap();
    drop(stdin);
    shown()
}

/// At a terminal, arrow keys move the cursor in the answer (they do not insert `^[[D`).
#[test]
fn the_answer_prompt_edits_lines() {
    let tmp = tempfile::tempdir().unwrap();
    // The first 判断题 of the starter bank is true: type "x", ←, "对", End, Backspace → "对".
    let screen = in_terminal(
        tmp.path(),
        &[
            "--bank",
            &starter(),
            "practice",
            "--type",
            "judge",
            "--count",
            "1",
        ],
        &[("> ", "x\x1b[D对\x1b[F\x7f\r".as_bytes())],
    );
    assert!(screen.contains("✓ 回答正确"), "{screen}");
    assert!(!screen.contains("^[["), "{screen}");
}

/// At a terminal, the 微考堂 countdown in the prompt ticks every second while it waits.
#[test]
fn the_exam_countdown_is_live() {
    let tmp = tempfile::tempdir().unwrap();
    let screen = in_terminal(
        tmp.path(),
        &[
            "--bank",
            &starter(),
            "exam",
            "--count",
            "1",
            "--time-limit",
            "4s",
        ],
        &[],
    );
    for shown in ["剩余 00:04", "剩余 00:03", "剩余 00:02", "剩余 00:01"] {
        assert!(screen.contains(shown), "{shown} missing:\n{screen}");
    }
    assert!(screen.contains("时间到，已自动交卷"), "{screen}");
}

/// `-o` naming a pipe or a device writes into it: the output file is never renamed over it
/// (as root, `-o /dev/null` would otherwise replace the machine's /dev/null with a file).
#[test]
fn output_to_a_pipe_is_written_into_it_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = run(
        dir.path(),
        &["bank", "export", "--to", "gift", "-o", "out.fifo"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Checked before waiting for the reader, which would wait forever on a replaced pipe.
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(
        std::os::unix::fs::FileTypeExt::is_fifo(&kind),
        "still a pipe"
    );
    let received = reader.join().unwrap();
    assert!(
        received.contains("::"),
        "the GIFT text came through the pipe"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
