//! End-to-end: a full contest (paper → sheets → score → report → analyze → lottery) and an
//! on-stage contest log replayed after a kill.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
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
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Answer sheets for two forms: participant i answers the first `right[i]` questions right.
fn sheets(dir: &Path, right: &[usize]) -> String {
    let key = |form: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("初赛/key-{form}.json"))).unwrap(),
        )
        .unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|k| {
                k["answer"]
                    .as_str()
                    .unwrap()
                    .replace('√', "对")
                    .replace('×', "错")
            })
            .collect()
    };
    let (a, b) = (key("A"), key("B"));
    let mut csv = format!(
        "编号,姓名,单位,试卷,{},用时\n",
        (1..=a.len())
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    for (i, &n) in right.iter().enumerate() {
        let (form, k) = if i % 2 == 0 { ("A", &a) } else { ("B", &b) };
        let answers: Vec<String> = k
            .iter()
            .enumerate()
            .map(|(j, x)| {
                if j < n {
                    x.clone()
                } else if x == "对" {
                    "错".into()
                } else if x == "错" {
                    "对".into()
                } else if x == "A" {
                    "B".into()
                } else {
                    "A".into()
                }
            })
            .collect();
        let unit = if i < 3 {
            "城关区/区委办/第一支部"
        } else {
            "城关区/教育局/机关支部"
        };
        csv.push_str(&format!(
            "p{i},学员{i},{unit},{form},{},{}\n",
            answers.join(","),
            600 + i
        ));
    }
    csv
}

#[test]
fn a_full_contest_from_paper_to_lottery() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let blueprint = repo("question-banks/blueprints/chusai.yaml")
        .display()
        .to_string();
    let out = ok(&kaotang(
        dir,
        &[
            "contest",
            "paper",
            "--blueprint",
            &blueprint,
            "--seed",
            "2021",
            "-o",
            "初赛",
        ],
    ));
    assert!(
        out.contains("A 卷：55 题") && out.contains("B 卷：55 题"),
        "{out}"
    );
    for f in [
        "contest.json",
        "bank.json",
        "form-A.json",
        "key-A.json",
        "form-A.html",
        "key-B.html",
    ] {
        assert!(dir.join("初赛").join(f).exists(), "{f} missing");
    }
    // The participant's form has no key.
    let form = std::fs::read_to_string(dir.join("初赛/form-A.json")).unwrap();
    assert!(!form.contains("\"answer\"") && !form.contains("explanation"));
    // Same blueprint and seed: byte-identical contest file.
    ok(&kaotang(
        dir,
        &[
            "contest",
            "paper",
            "--blueprint",
            &blueprint,
            "--seed",
            "2021",
            "-o",
            "again",
        ],
    ));
    assert_eq!(
        std::fs::read(dir.join("初赛/contest.json")).unwrap(),
        std::fs::read(dir.join("again/contest.json")).unwrap()
    );

    // Six participants; every answer right gives 100 (25×2 + 10×3 + 20×1).
    let mut csv = sheets(dir, &[55, 55, 40, 30, 55, 10]);
    csv.push_str("bad,坏行,城关区/区委办/第一支部,C,A\n");
    std::fs::write(dir.join("sheets.csv"), csv).unwrap();
    let score = kaotang(
        dir,
        &[
            "contest",
            "score",
            "--paper",
            "初赛",
            "--sheets",
            "sheets.csv",
            "-o",
            "成绩.json",
        ],
    );
    assert_eq!(
        score.status.code(),
        Some(1),
        "a skipped row makes the exit code 1"
    );
    // The results file is the output; the learner profile is written only when asked.
    assert!(!dir.join("p.sqlite").exists());
    let stderr = String::from_utf8(score.stderr).unwrap();
    assert!(
        stderr.contains("sheets.csv:8:") && stderr.contains("此行已跳过"),
        "{stderr}"
    );
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("成绩.json")).unwrap()).unwrap();
    let rows = results.as_array().unwrap();
    assert_eq!(rows.len(), 6);
    let full: Vec<&str> = rows
        .iter()
        .filter(|r| r["score"] == 100.0)
        .map(|r| r["participant"].as_str().unwrap())
        .collect();
    assert_eq!(full.len(), 3, "{rows:?}");
    // Ties on score are broken by time used: p0 (600 s) before p1 (601 s) before p4 (604 s).
    assert_eq!(full, ["p0", "p1", "p4"]);
    assert_eq!(rows[0]["rank"], 1);
    assert_eq!(rows[5]["participant"], "p5");

    std::fs::write(
        dir.join("roster.csv"),
        "单位,应参赛人数\n城关区/区委办,6\n城关区/教育局,3\n",
    )
    .unwrap();
    let report = ok(&kaotang(
        dir,
        &[
            "contest",
            "report",
            "--results",
            "成绩.json",
            "--paper",
            "初赛",
            "--roster",
            "roster.csv",
            "--json",
        ],
    ));
    let units: serde_json::Value = serde_json::from_str(&report).unwrap();
    let first = &units[0]["unit"];
    assert_eq!(
        first["path"],
        serde_json::json!(["城关区", "教育局"]),
        "100% participation ranks first: {report}"
    );
    assert_eq!(first["participants"], 3);
    // 满分 is the paper's full marks (100, without speed points): p0, p1 and p4.
    assert_eq!(units[0]["unit"]["perfect"], 1, "{report}");
    let whole = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["contest", "report", "--results", "成绩.json", "--json"];
        all.extend_from_slice(args);
        let v: serde_json::Value = serde_json::from_str(&ok(&kaotang(dir, &all))).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|u| u["unit"]["perfect"].as_u64().unwrap())
            .sum::<u64>()
            .into()
    };
    assert_eq!(whole(&["--paper", "初赛", "--depth", "1"]), 3);
    assert_eq!(whole(&["--full-marks", "90", "--depth", "1"]), 3);
    assert_eq!(whole(&["--full-marks", "101", "--depth", "1"]), 0);
    // Without a paper or a threshold there is no 满分 to count: a clear error, not a guess.
    let no_paper = kaotang(dir, &["contest", "report", "--results", "成绩.json"]);
    assert_eq!(no_paper.status.code(), Some(2));

    // Scoring reads contest.json and bank.json only: a key file is an output, and editing it
    // changes no score.
    let key = dir.join("初赛/key-A.json");
    let text = std::fs::read_to_string(&key).unwrap();
    std::fs::write(&key, text.replace("\"A\"", "\"B\"").replace("对", "错")).unwrap();
    kaotang(
        dir,
        &[
            "contest",
            "score",
            "--paper",
            "初赛",
            "--sheets",
            "sheets.csv",
            "-o",
            "again.json",
        ],
    );
    assert_eq!(
        std::fs::read(dir.join("成绩.json")).unwrap(),
        std::fs::read(dir.join("again.json")).unwrap()
    );
    // Opt-in: the results also go into the learner profile.
    kaotang(
        dir,
        &[
            "contest",
            "score",
            "--paper",
            "初赛",
            "--sheets",
            "sheets.csv",
            "--save-to-profile",
            "-o",
            "saved.json",
        ],
    );
    let db = rusqlite::Connection::open(dir.join("p.sqlite")).unwrap();
    let stored: i64 = db
        .query_row("SELECT count(*) FROM contest_results", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 6);

    let analysis = kaotang(
        dir,
        &[
            "contest",
            "analyze",
            "--paper",
            "初赛",
            "--sheets",
            "sheets.csv",
            "--json",
        ],
    );
    assert_eq!(
        analysis.status.code(),
        Some(1),
        "the skipped row fails analyze too"
    );
    let v: serde_json::Value = serde_json::from_slice(&analysis.stdout).unwrap();
    assert_eq!(v[0]["report"]["paper"]["sheets"], 3);

    let draw = |seed: &str| {
        ok(&kaotang(
            dir,
            &[
                "contest",
                "lottery",
                "--results",
                "成绩.json",
                "--seed",
                seed,
                "--count",
                "2",
                "--json",
            ],
        ))
    };
    let l: serde_json::Value = serde_json::from_str(&draw("2024-05-01 03 11 17")).unwrap();
    assert_eq!(l["pool"], 3);
    assert_eq!(l["winners"].as_array().unwrap().len(), 2);
    assert_eq!(
        draw("2024-05-01 03 11 17"),
        draw("2024-05-01 03 11 17"),
        "anyone re-running gets the same winners"
    );
    // Read aloud at the ceremony: every winner with name and unit (the text output reads the
    // results again for them).
    let text = ok(&kaotang(
        dir,
        &[
            "contest",
            "lottery",
            "--results",
            "成绩.json",
            "--seed",
            "2024-05-01 03 11 17",
            "--count",
            "10",
            "--min-score",
            "0",
        ],
    ));
    let results: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("成绩.json")).unwrap()).unwrap();
    let results = results.as_array().unwrap();
    assert!(text.contains(&format!(
        "合格人数（0 分及以上，含用时加分）：{}",
        results.len()
    )));
    for r in results {
        let unit: Vec<&str> = r["unit"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap())
            .collect();
        let line = format!(
            "{} {} {}",
            r["participant"].as_str().unwrap(),
            r["name"].as_str().unwrap(),
            unit.join("/")
        );
        assert!(text.contains(&line), "{line:?} not in:\n{text}");
    }
}

#[test]
fn a_stage_log_survives_a_kill() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let config = repo("question-banks/blueprints/stage.yaml")
        .display()
        .to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaotang"))
        .args([
            "contest",
            "stage",
            "--config",
            &config,
            "--log",
            "final.log",
        ])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // 必答: t1 right (+10); 抢答: t4 right (+10), t2 buzzes early (−5); a refused event.
    stdin.write_all("start 1\nquestion\nright t1\nstart 2\nquestion\nbuzz t2\ngo\nbuzz t4\nright t4\nright t9\n".as_bytes()).unwrap();
    stdin.flush().unwrap();
    // Wait until all nine valid events are on disk, then kill without warning.
    let log = dir.join("final.log");
    for _ in 0..200 {
        if std::fs::read_to_string(&log)
            .map(|t| t.lines().count())
            .unwrap_or(0)
            >= 9
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        std::fs::read_to_string(&log).unwrap().lines().count(),
        9,
        "the refused event is not logged"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_kaotang"))
        .args([
            "contest",
            "stage",
            "--config",
            &config,
            "--log",
            "final.log",
        ])
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let board = String::from_utf8(out.stdout).unwrap();
    assert!(board.contains("已从日志恢复 9 个事件"), "{board}");
    for (team, score) in [
        ("东城区代表队", 110),
        ("海淀区代表队", 110),
        ("朝阳区代表队", 100),
        ("西城区代表队", 95),
    ] {
        assert!(
            board
                .lines()
                .any(|l| l.contains(team) && l.trim_end().ends_with(&score.to_string())),
            "{team} {score}:\n{board}"
        );
    }
}

/// How a big sheet file quotes its cells.
#[derive(Clone, Copy, PartialEq)]
enum Quotes {
    None,
    /// One name with a comma near the start.
    Early,
    /// One name of 400 KB over 30,000 lines in the middle of the file: where a file of two
    /// parts is cut.
    AcrossTheMiddle,
    /// Two stray quotes, each opening a name: the first (line 102) pairs with the second
    /// (line 20,002, in the second part), taking the rows between into one cell.
    Stray,
}

/// A sheet file big enough to be scored in two parts (over 4 MB): participants with several
/// attempts spread through the file, bad rows here and there.
fn big_sheets(quotes: Quotes) -> String {
    let mut csv = format!(
        "编号,姓名,单位,试卷,{},用时,次数\n",
        (1..=55)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let letters = ["A", "B", "C", "D"];
    for s in 0..26_000u64 {
        let p = next(7_500);
        let form = ["A", "B"][(p % 2) as usize];
        let mut cells: Vec<String> = (0..25)
            .map(|_| letters[next(4) as usize].to_owned())
            .collect();
        cells.extend((0..10).map(|_| ["AB", "ABC", "C", "ACD", "BD", ""][next(6) as usize].into()));
        cells.extend((0..20).map(|_| ["对", "错"][next(2) as usize].to_owned()));
        if s % 4_999 == 3_500 {
            cells[3] = "Z".into(); // a bad row
        }
        let name = match quotes {
            Quotes::Early if s == 10 => "\"学员,甲\"".to_owned(),
            Quotes::AcrossTheMiddle if s == 12_900 => {
                format!("\"学员\n{}乙\"", "多行的姓名\n".repeat(30_000))
            }
            Quotes::Stray if s == 100 || s == 20_000 => "\"学员".to_owned(),
            _ => format!("学员{p}"),
        };
        // The quoted name is a participant's only sheet, so it is the name on the results
        // whatever the paper's questions make of the other sheets.
        let id = if quotes == Quotes::Early && s == 10 {
            "p-quoted".to_owned()
        } else {
            format!("p{p}")
        };
        csv.push_str(&format!(
            "{id},{name},区{}/单位{}/支部{},{form},{},{},{}\n",
            p % 3,
            p % 7,
            p % 5,
            cells.join(","),
            300 + next(900),
            1 + next(3)
        ));
    }
    csv
}

/// Makes the 初赛 paper (the shipped chusai blueprint) with `seed` in `dir/初赛`.
fn chusai_paper(dir: &Path, seed: &str) {
    let blueprint = repo("question-banks/blueprints/chusai.yaml")
        .display()
        .to_string();
    let args = [
        "contest",
        "paper",
        "--blueprint",
        &blueprint,
        "--seed",
        seed,
        "-o",
        "初赛",
    ];
    ok(&kaotang(dir, &args));
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    chusai_paper(dir, "7");
    let csv = sheets(dir, &[10, 20, 30]);
    std::fs::write(dir.join("答题卡.csv"), &csv).unwrap();
    let contest = std::fs::read(dir.join("初赛/contest.json")).unwrap();
    let bank = repo("question-banks/01-xinminzhu.yaml");
    std::fs::copy(&bank, dir.join("bank.yaml")).unwrap();
    let refused = |args: &[&str], input: &str| {
        let out = kaotang(dir, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("这是本次要读取的文件") && err.contains(input),
            "{args:?}: {err}"
        );
    };
    let score = [
        "contest",
        "score",
        "--paper",
        "初赛",
        "--sheets",
        "答题卡.csv",
        "-o",
    ];
    // The sheets under another spelling of their path, and the paper's own contest.json.
    refused(&[&score[..], &["./答题卡.csv"]].concat(), "答题卡.csv");
    refused(
        &[&score[..], &["初赛/contest.json"]].concat(),
        "contest.json",
    );
    refused(
        &[
            "contest",
            "analyze",
            "--paper",
            "初赛",
            "--sheets",
            "答题卡.csv",
            "-o",
            "答题卡.csv",
        ],
        "答题卡.csv",
    );
    refused(
        &[
            "bank",
            "import",
            "--from",
            "csv",
            "答题卡.csv",
            "-o",
            "答题卡.csv",
        ],
        "答题卡.csv",
    );
    refused(
        &["bank", "export", "--to", "csv", ".", "-o", "bank.yaml"],
        "bank.yaml",
    );
    refused(&["print", "bank.yaml", "-o", "bank.yaml"], "bank.yaml");
    refused(
        &[
            "bank",
            "convert",
            "--script",
            "hant",
            "bank.yaml",
            "-o",
            ".",
        ],
        "bank.yaml",
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("答题卡.csv")).unwrap(),
        csv
    );
    assert_eq!(
        std::fs::read(dir.join("初赛/contest.json")).unwrap(),
        contest
    );
    assert_eq!(
        std::fs::read(dir.join("bank.yaml")).unwrap(),
        std::fs::read(&bank).unwrap()
    );
    // The learner profile (the tests' `--profile p.sqlite`), which the wrong-answer book
    // export opens first, and the results that `contest report` reads.
    refused(
        &["wrongbook", "export", "--format", "json", "-o", "p.sqlite"],
        "p.sqlite",
    );
    refused(
        &["profile", "export", "--all", "-o", "./p.sqlite"],
        "p.sqlite",
    );
    let profile = std::fs::read(dir.join("p.sqlite")).unwrap();
    assert!(profile.starts_with(b"SQLite format 3"));
    ok(&kaotang(dir, &[&score[..], &["成绩.json"]].concat()));
    refused(
        &[
            "contest",
            "report",
            "--results",
            "成绩.json",
            "--paper",
            "初赛",
            "-o",
            "成绩.json",
        ],
        "成绩.json",
    );
    // A results file from an earlier run is an output, replaced as before.
    for _ in 0..2 {
        ok(&kaotang(dir, &[&score[..], &["成绩.csv"]].concat()));
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("成绩.csv"))
            .unwrap()
            .lines()
            .count(),
        4
    );
}

#[test]
fn scoring_in_parts_writes_the_same_bytes_as_one_thread() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    chusai_paper(dir, "2021");
    // Plain UTF-8, a quote early on, a quoted cell across the cut (read again in one piece),
    // and files in GBK (the encoding noted once, however the file is read).
    let mut utf8_results = [None, None, None, None];
    for (quotes, gbk) in [
        (Quotes::None, false),
        (Quotes::Early, false),
        (Quotes::AcrossTheMiddle, false),
        (Quotes::Stray, false),
        (Quotes::None, true),
        (Quotes::AcrossTheMiddle, true),
    ] {
        let csv = big_sheets(quotes);
        let bytes = if gbk {
            encoding_rs::GB18030.encode(&csv).0.into_owned()
        } else {
            csv.into_bytes()
        };
        // Over 4 MB: two parts of at least 2 MB each.
        assert!(bytes.len() > 4 << 20, "{} bytes", bytes.len());
        std::fs::write(dir.join("big.csv"), bytes).unwrap();
        let run = |threads: &str| {
            let out = kaotang(
                dir,
                &[
                    "contest",
                    "score",
                    "--paper",
                    "初赛",
                    "--sheets",
                    "big.csv",
                    "--threads",
                    threads,
                    "-o",
                    &format!("out-{threads}.csv"),
                ],
            );
            let results = std::fs::read(dir.join(format!("out-{threads}.csv"))).unwrap();
            (
                out.status.code(),
                String::from_utf8(out.stderr).unwrap(),
                results,
            )
        };
        let one = run("1");
        assert_eq!(one.0, Some(1), "bad rows make the exit code 1");
        // The name across the middle adds 30,001 lines.
        let line = if quotes == Quotes::AcrossTheMiddle {
            48_500
        } else {
            18_499
        };
        assert!(
            quotes == Quotes::Stray || one.1.contains(&format!("big.csv:{line}: 第 4 题")),
            "{}",
            one.1
        );
        // The rows a stray quote took are one error that says so, not one sheet.
        let (skipped, valid) = if quotes == Quotes::Stray {
            assert!(
                one.1
                    .contains("big.csv:102: 从这一行起共 19901 行被读成了一个单元格"),
                "{}",
                one.1
            );
            // Four of the five bad rows were among them.
            (2, 26_000 - 19_901 - 1)
        } else {
            (5, 26_000 - 5)
        };
        assert_eq!(one.1.matches("此行已跳过").count(), skipped, "{}", one.1);
        assert!(
            one.1.contains(&format!("有效答题卡 {valid} 张")),
            "{}",
            one.1
        );
        // Two parts: bad rows reported with their lines in the file, in order, and the same
        // results, byte for byte (more parts: the core's join proptest).
        let two = run("2");
        assert_eq!(one.1, two.1);
        assert!(
            one.2 == two.2,
            "two threads (quotes: {}, GBK: {gbk})",
            quotes as usize
        );
        let utf8 = &mut utf8_results[quotes as usize];
        if gbk {
            assert_eq!(
                one.1.matches("已按 GBK/GB18030 编码读取").count(),
                1,
                "{}",
                one.1
            );
            assert!(utf8.as_ref() == Some(&one.2), "GBK reads as UTF-8 does");
        } else {
            *utf8 = Some(one.2);
        }
    }
}

/// `contest report` and `contest lottery` read the results CSV (as written, re-saved by Excel
/// in GBK, or with columns deleted and moved) exactly as they read the JSON; a damaged row
/// stops them with its line.
#[test]
fn results_csv_reads_as_the_json_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    chusai_paper(dir, "2021");
    std::fs::write(dir.join("答题卡.csv"), big_sheets(Quotes::Early)).unwrap();
    for out in ["成绩.json", "成绩.csv"] {
        let args = [
            "contest",
            "score",
            "--paper",
            "初赛",
            "--sheets",
            "答题卡.csv",
            "-o",
            out,
        ];
        // The file's bad rows are skipped (exit 1); the results are written all the same.
        assert_eq!(kaotang(dir, &args).status.code(), Some(1));
    }
    let csv = std::fs::read_to_string(dir.join("成绩.csv")).unwrap();
    assert!(
        csv.contains("\"学员,甲\""),
        "a quoted name is part of the test"
    );
    let rows: Vec<Vec<String>> =
        csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
    // Excel: 名次, 并列名次 and 证书 deleted, the rest moved, CRLF, no BOM.
    let mut edited = String::from("单位,得分,姓名,用时(秒),编号,用时加分,答对题数,试卷\r\n");
    for r in &rows {
        let quote = |s: &str| {
            if s.contains(',') {
                format!("\"{s}\"")
            } else {
                s.to_owned()
            }
        };
        let moved = [&r[4], &r[6], &r[3], &r[9], &r[2], &r[7], &r[8], &r[5]];
        edited.push_str(&moved.map(|s| quote(s)).join(","));
        edited.push_str("\r\n");
    }
    std::fs::write(dir.join("改过.csv"), edited).unwrap();
    let (gbk, _, lossy) = encoding_rs::GBK.encode(csv.trim_start_matches('\u{feff}'));
    assert!(!lossy);
    std::fs::write(dir.join("GBK.csv"), gbk).unwrap();
    // The JSON re-saved by Notepad, with a byte-order mark.
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend(std::fs::read(dir.join("成绩.json")).unwrap());
    std::fs::write(dir.join("BOM.json"), bom).unwrap();
    let report = |results: &str| {
        ok(&kaotang(
            dir,
            &[
                "contest",
                "report",
                "--results",
                results,
                "--paper",
                "初赛",
                "--depth",
                "3",
                "--json",
            ],
        ))
    };
    let lottery = |results: &str| {
        ok(&kaotang(
            dir,
            &[
                "contest",
                "lottery",
                "--results",
                results,
                "--seed",
                "种子",
                "--count",
                "5",
                "--min-score",
                "60",
            ],
        ))
    };
    let (want_report, want_lottery) = (report("成绩.json"), lottery("成绩.json"));
    assert!(want_report.contains("\"perfect\"") && want_lottery.contains("获奖者"));
    for results in ["成绩.csv", "GBK.csv", "改过.csv", "BOM.json"] {
        assert_eq!(report(results), want_report, "{results}");
        assert_eq!(lottery(results), want_lottery, "{results}");
    }
    // A score edited into text: refused at its line, nothing reported.
    let mut lines: Vec<&str> = csv.lines().collect();
    let mut cells: Vec<&str> = lines[7].split(',').collect();
    cells[6] = "九十";
    let damaged = cells.join(",");
    lines[7] = &damaged;
    std::fs::write(dir.join("坏.csv"), lines.join("\n")).unwrap();
    for args in [
        &[
            "contest",
            "report",
            "--results",
            "坏.csv",
            "--paper",
            "初赛",
        ][..],
        &[
            "contest",
            "lottery",
            "--results",
            "坏.csv",
            "--seed",
            "x",
            "--count",
            "1",
        ][..],
    ] {
        let out = kaotang(dir, args);
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("坏.csv:8: 得分“九十”不是数字"), "{err}");
        assert!(out.stdout.is_empty());
    }
    // A score left empty is not a zero.
    std::fs::write(dir.join("空.csv"), "编号,得分,用时加分\np1,90,0\np2,,0\n").unwrap();
    let out = kaotang(
        dir,
        &[
            "contest",
            "report",
            "--results",
            "空.csv",
            "--paper",
            "初赛",
        ],
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("空.csv:3: 得分为空"), "{err}");
    // The answer sheets are not results.
    let out = kaotang(
        dir,
        &[
            "contest",
            "report",
            "--results",
            "答题卡.csv",
            "--paper",
            "初赛",
        ],
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("答题卡.csv:1: 应为 contest score 输出的成绩文件"),
        "{err}"
    );
}

/// Ctrl-C (or a `kill`) at any moment of `contest score` leaves the old results file as it was
/// and no temporary file behind; a run it does not reach writes the whole new file. An organizer
/// is not told anything was saved.
#[test]
fn an_interrupted_score_leaves_the_old_results_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    chusai_paper(dir, "2021");
    std::fs::write(dir.join("答题卡.csv"), big_sheets(Quotes::None)).unwrap();
    let score = |out: &str| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kaotang"));
        c.args([
            "contest",
            "score",
            "--paper",
            "初赛",
            "--sheets",
            "答题卡.csv",
            "-o",
            out,
        ])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
        c
    };
    // The bad rows make it exit 1; the results are written all the same.
    assert_eq!(score("新.csv").status().unwrap().code(), Some(1));
    let new = std::fs::read(dir.join("新.csv")).unwrap();
    let old = "名次,编号\r\n1,旧的成绩\r\n";
    let mut interrupted = 0;
    for (k, delay_ms) in [0u64, 40, 120, 300, 700, 1500, 4000]
        .into_iter()
        .enumerate()
    {
        std::fs::write(dir.join("成绩.csv"), old).unwrap();
        let child = score("成绩.csv").spawn().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let signal = if k % 2 == 0 { "-INT" } else { "-TERM" };
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let now = std::fs::read(dir.join("成绩.csv")).unwrap();
        if out.status.code() == Some(1) {
            assert_eq!(now, new, "finished before the signal: the whole new file");
            continue;
        }
        interrupted += 1;
        assert_eq!(
            now,
            old.as_bytes(),
            "after {delay_ms} ms ({:?}): {err}",
            out.status
        );
        // Caught (exit 130) unless the signal came before the handler was set up.
        if out.status.code() == Some(130) {
            assert!(err.contains("已中断"), "{err}");
            assert!(
                !err.contains("已保存"),
                "an organizer is not told anything was saved: {err}"
            );
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
    assert!(
        interrupted > 0,
        "no run was interrupted: the test proves nothing"
    );
}

/// Sheets given as a JSON array (as an online platform exports them) score to the same bytes as
/// the same sheets in CSV, bad ones skipped alike; the array is read one sheet at a time.
#[test]
fn json_sheets_score_as_the_csv_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    chusai_paper(dir, "2021");
    let csv = big_sheets(Quotes::Early);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let sheets: Vec<serde_json::Value> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let cells: Vec<&str> = r.iter().collect();
            serde_json::json!({
                "participant": cells[0],
                "name": cells[1],
                "unit": cells[2].split('/').collect::<Vec<_>>(),
                "form": cells[3],
                "answers": cells[4..59].to_vec(),
                "duration": cells[59].parse::<u32>().unwrap(),
                "attempt": cells[60].parse::<u32>().unwrap(),
            })
        })
        .collect();
    std::fs::write(dir.join("答题卡.csv"), &csv).unwrap();
    std::fs::write(
        dir.join("答题卡.json"),
        serde_json::to_string_pretty(&sheets).unwrap(),
    )
    .unwrap();
    let mut skipped = Vec::new();
    for (sheets, out) in [
        ("答题卡.csv", "成绩-csv.csv"),
        ("答题卡.json", "成绩-json.csv"),
    ] {
        let args = [
            "contest", "score", "--paper", "初赛", "--sheets", sheets, "-o", out,
        ];
        let run = kaotang(dir, &args);
        assert_eq!(run.status.code(), Some(1), "the bad sheets are skipped");
        let err = String::from_utf8(run.stderr).unwrap();
        skipped.push(err.matches("此行已跳过").count());
    }
    assert!(skipped[0] > 0);
    assert_eq!(skipped[0], skipped[1]);
    assert_eq!(
        std::fs::read(dir.join("成绩-csv.csv")).unwrap(),
        std::fs::read(dir.join("成绩-json.csv")).unwrap()
    );
}

/// Runs kaotang in `dir` with files written there first: the exit code, stdout and stderr.
fn run_with(dir: &Path, files: &[(&str, &str)], args: &[&str]) -> (Option<i32>, String, String) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let out = kaotang(dir, args);
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn report_args<'a>(results: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["contest", "report", "--results", results];
    args.extend_from_slice(more);
    args
}

fn lottery_args<'a>(results: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "contest",
        "lottery",
        "--results",
        results,
        "--seed",
        "种子",
        "--count",
        "1",
    ];
    args.extend_from_slice(more);
    args
}

/// A bad row is reported on the line an editor shows it on, CRLF or LF, after a blank line
/// and after a quoted cell with a line break in it: results, `--roster`, `--participants`.
#[test]
fn bad_rows_are_reported_on_their_lines_in_crlf_files_too() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let blueprint = repo("question-banks/blueprints/chusai.yaml")
        .display()
        .to_string();
    for end in ["\n", "\r\n"] {
        let file = |lines: &[&str]| lines.join(end) + end;
        // Line 4 is bad; line 2's name goes on to line 3.
        let results = file(&["编号,姓名,得分,用时加分", "1,\"张", "三\",10,0", "2,李,x,0"]);
        for args in [
            report_args("成绩.csv", &["--full-marks", "10"]),
            lottery_args("成绩.csv", &[]),
        ] {
            let (code, _, err) = run_with(dir, &[("成绩.csv", &results)], &args);
            assert_eq!(code, Some(1), "{err}");
            assert!(err.contains("成绩.csv:4: 得分“x”不是数字"), "{end:?} {err}");
        }
        let results = file(&["编号,得分,用时加分", "1,10,0", "", "2,10,0", "3,x,0"]);
        let (_, _, err) = run_with(
            dir,
            &[("成绩.csv", &results)],
            &report_args("成绩.csv", &["--full-marks", "10"]),
        );
        assert!(err.contains("成绩.csv:5: 得分“x”不是数字"), "{end:?} {err}");
        let roster = file(&["单位,人数", "东城区,3", "西城区,4", "朝阳区,五"]);
        let (_, _, err) = run_with(
            dir,
            &[
                ("名单.csv", &roster),
                ("成绩.csv", &file(&["编号,得分,用时加分", "1,10,0"])),
            ],
            &report_args("成绩.csv", &["--full-marks", "10", "--roster", "名单.csv"]),
        );
        assert!(
            err.contains("名单.csv:4: 人数“五”不是整数"),
            "{end:?} {err}"
        );
        let participants = file(&["编号,姓名", "A01,张", "A02,李", "A01,王"]);
        let (code, _, err) = run_with(
            dir,
            &[("参赛者.csv", &participants)],
            &[
                "contest",
                "paper",
                "--blueprint",
                &blueprint,
                "--seed",
                "1",
                "--participants",
                "参赛者.csv",
                "-o",
                "卷",
            ],
        );
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.contains("参赛者.csv:4: 编号“A01”与第 2 行重复"),
            "{end:?} {err}"
        );
    }
}

/// 满分 is the score without speed points: a results CSV that lost 用时加分 cannot tell it,
/// and is refused rather than counting speed points in.
#[test]
fn report_refuses_results_without_speed_points() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (code, out, err) = run_with(
        dir,
        &[("成绩.csv", "编号,得分\n1,101\n2,90\n")],
        &report_args("成绩.csv", &["--full-marks", "100", "--json"]),
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(
        err.contains("成绩.csv:1: 没有“用时加分”列：满分按不含用时加分的得分判断"),
        "{err}"
    );
    // With the column, 101 with 2 speed points is not 满分.
    let (code, out, err) = run_with(
        dir,
        &[("成绩.csv", "编号,得分,用时加分\n1,101,2\n2,90,0\n")],
        &report_args("成绩.csv", &["--full-marks", "100", "--json"]),
    );
    assert_eq!(code, Some(0), "{err}");
    let units: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(units[0]["unit"]["perfect"], 0, "{out}");
}

/// Two batches joined: an id twice would count twice in the report and the lottery.
#[test]
fn an_id_given_twice_in_the_results_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let csv = "编号,得分,用时加分\r\np1,100,0\r\np2,100,0\r\np1,100,0\r\n";
    let result = |id: &str| {
        serde_json::json!({
            "participant": id, "name": "", "unit": ["东城区"], "form": "A", "score": 100.0,
            "speed": 0.0, "correct": 10, "time_used": null, "submitted": null, "attempt": 1,
            "sheets": 1,
        })
    };
    let json = serde_json::to_string(&[result("p1"), result("p2"), result("p1")]).unwrap();
    std::fs::write(dir.join("成绩.json"), json).unwrap();
    for (file, want) in [
        ("成绩.csv", "成绩.csv:4: 编号“p1”与第 2 行重复"),
        ("成绩.json", "成绩.json：第 3 条成绩的编号“p1”与第 1 条重复"),
    ] {
        for args in [
            report_args(file, &["--full-marks", "100"]),
            lottery_args(file, &[]),
        ] {
            let (code, out, err) = run_with(dir, &[("成绩.csv", csv)], &args);
            assert_eq!(code, Some(1), "{out}");
            assert!(err.contains(want), "{err}");
            assert!(out.is_empty(), "{out}");
        }
    }
}

/// One unit on two roster lines: which headcount is meant cannot be told.
#[test]
fn a_unit_twice_in_the_roster_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (code, out, err) = run_with(
        dir,
        &[
            (
                "名单.csv",
                "单位,人数\n东城区/甲单位,3\n西城区/乙单位,5\n东城区 / 甲单位,4\n",
            ),
            (
                "成绩.csv",
                "编号,得分,用时加分,单位\n1,90,0,东城区/甲单位\n",
            ),
        ],
        &report_args("成绩.csv", &["--full-marks", "100", "--roster", "名单.csv"]),
    );
    assert_eq!(code, Some(1), "{out}");
    assert!(
        err.contains("名单.csv:4: 单位“东城区/甲单位”与第 2 行重复"),
        "{err}"
    );
}

/// A participant whose unit is short of `--depth` (or missing) is ranked under the unit with
/// （未填） for the missing levels: the ranked units hold everyone.
#[test]
fn participants_with_short_units_are_counted_at_every_depth() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let results = "编号,得分,用时加分,单位\n1,100,0,东城区\n2,90,0,东城区/甲单位\n3,80,0,\n";
    std::fs::write(dir.join("成绩.csv"), results).unwrap();
    for (depth, want) in [
        ("1", vec!["（未填）", "东城区"]),
        (
            "2",
            vec!["（未填）/（未填）", "东城区/（未填）", "东城区/甲单位"],
        ),
        (
            "3",
            vec![
                "（未填）/（未填）/（未填）",
                "东城区/（未填）/（未填）",
                "东城区/甲单位/（未填）",
            ],
        ),
    ] {
        let args = report_args(
            "成绩.csv",
            &["--full-marks", "100", "--depth", depth, "--json"],
        );
        let (code, out, err) = run_with(dir, &[], &args);
        assert_eq!(code, Some(0), "{err}");
        let ranked: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
        let mut units: Vec<String> = ranked
            .iter()
            .map(|u| {
                u["unit"]["path"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .collect();
        units.sort();
        let mut want = want;
        want.sort();
        assert_eq!(units, want, "depth {depth}");
        let total: u64 = ranked
            .iter()
            .map(|u| u["unit"]["participants"].as_u64().unwrap())
            .sum();
        assert_eq!(total, 3, "depth {depth}");
    }
    let (_, out, _) = run_with(
        dir,
        &[],
        &report_args("成绩.csv", &["--full-marks", "100", "--depth", "5"]),
    );
    assert!(
        out.contains("东城区/甲单位/（未填）/（未填）/（未填）"),
        "{out}"
    );
    assert!(out.contains("全部参赛者：3 人"), "{out}");
}

/// `--full-marks` is a score: not NaN, not infinite, not negative; and without it and without
/// `--paper` both are named.
#[test]
fn full_marks_must_be_a_score() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("成绩.csv"), "编号,得分,用时加分\n1,90,0\n").unwrap();
    for bad in ["NaN", "inf", "-1", "一百"] {
        let (code, out, err) = run_with(dir, &[], &report_args("成绩.csv", &["--full-marks", bad]));
        assert_eq!(code, Some(2), "{bad}: {out}");
        assert!(
            err.contains(&format!("的值“{bad}”无效：应为不小于 0 的分数")),
            "{bad}: {err}"
        );
    }
    let (code, _, err) = run_with(dir, &[], &report_args("成绩.csv", &[]));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--paper") && err.contains("--full-marks"),
        "{err}"
    );
}

/// Means and medians in the table are rounded half away from zero on the figure people see
/// (8.25 → 8.3, 8.35 → 8.4), participation too (1 of 8 is 12.5% → 13%); JSON keeps the
/// figures as they are.
#[test]
fn report_tables_round_halves_up() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let results = "编号,得分,用时加分,单位\n1,8.25,0,甲\n2,8.25,0,甲\n3,8.35,0,乙\n";
    let files = [
        ("成绩.csv", results),
        ("名单.csv", "单位,人数\n甲,16\n乙,8\n"),
    ];
    let more = ["--full-marks", "10", "--depth", "1", "--roster", "名单.csv"];
    let (code, out, err) = run_with(dir, &files, &report_args("成绩.csv", &more));
    assert_eq!(code, Some(0), "{err}");
    let row = |unit: &str| -> Vec<String> {
        let line = out.lines().find(|l| l.contains(unit)).unwrap();
        line.split_whitespace().map(str::to_owned).collect()
    };
    assert_eq!(row(" 甲 ")[4..7], ["13%", "8.3", "8.3"], "{out}");
    assert_eq!(row(" 乙 ")[4..7], ["13%", "8.4", "8.4"], "{out}");
    let mut json = more.to_vec();
    json.push("--json");
    let (_, out, _) = run_with(dir, &[], &report_args("成绩.csv", &json));
    assert!(out.contains("\"mean\": 8.25"), "{out}");
}

/// `--min-score` counts speed points (the 得分 column); `--min-score-without-speed` does not,
/// as report's 满分.
#[test]
fn lottery_bars_with_and_without_speed_points() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let results = "编号,得分,用时加分\nfast,100,2\nfull,100,0\n";
    let files = [("成绩.csv", results)];
    let (code, out, err) = run_with(
        dir,
        &files,
        &lottery_args("成绩.csv", &["--min-score", "100"]),
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("合格人数（100 分及以上，含用时加分）：2"),
        "{out}"
    );
    let args = lottery_args("成绩.csv", &["--min-score-without-speed", "100"]);
    let (code, out, err) = run_with(dir, &files, &args);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("合格人数（不含用时加分 100 分及以上）：1"),
        "{out}"
    );
    assert!(out.contains("1. full"), "{out}");
    let (code, _, err) = run_with(dir, &[("成绩.csv", "编号,得分\nfull,100\n")], &args);
    assert_eq!(code, Some(1));
    assert!(err.contains("成绩.csv:1: 没有“用时加分”列"), "{err}");
}

/// The review's findings end to end: JSON sheets read times as the CSV does (Unix seconds
/// and text, the same `--utc-offset`, Excel's and fractional forms) and score to the same
/// bytes; a bad JSON element is reported at its line; 次数 0 is a bad row; a blank sheet gets
/// no speed points on top of a base; rules that make no sense are refused in Chinese.
#[test]
fn json_and_csv_times_rules_and_speed_points_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    chusai_paper(dir, "2021");
    let key: Vec<String> = serde_json::from_str::<serde_json::Value>(
        &std::fs::read_to_string(dir.join("初赛/key-A.json")).unwrap(),
    )
    .unwrap()
    .as_array()
    .unwrap()
    .iter()
    .map(|k| {
        k["answer"]
            .as_str()
            .unwrap()
            .replace('√', "对")
            .replace('×', "错")
    })
    .collect();
    let blank = vec![String::new(); key.len()];
    let numbers = (1..=key.len())
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let rows = [
        ("1", &key, "1719795600", "1719795900", ""),
        ("2", &key, "2024-07-01 09:00:00.500", "2024/7/1 9:06", ""),
        (
            "3",
            &blank,
            "2024/07/01 09:00:00",
            "2024-07-01 09:00:30",
            "",
        ),
        ("4", &key, "", "", "300.5"),
    ];
    let mut csv = format!("编号,试卷,开始时间,结束时间,用时,{numbers}\n");
    let mut json = String::from("[\n");
    for (i, (id, answers, start, end, used)) in rows.iter().enumerate() {
        csv += &format!("{id},A,{start},{end},{used},{}\n", answers.join(","));
        // Numbers as numbers, the rest as text; absent when empty.
        let mut sheet = serde_json::json!({ "participant": id, "form": "A", "answers": answers });
        for (field, value) in [("start", start), ("end", end), ("duration", used)] {
            if let Ok(n) = value.parse::<i64>() {
                sheet[field] = n.into();
            } else if !value.is_empty() {
                sheet[field] = (*value).into();
            }
        }
        json += &format!("{}{sheet}\n", if i > 0 { "," } else { "" });
    }
    // A bad element on line 6, and a bad row (次数 0) in the CSV.
    json += ",{\"participant\":\"5\",\"form\":\"A\",\"start\":\"2024-07-01 09:00:00\",\n \"attempt\":0}\n]\n";
    csv += "5,A,2024-07-01 09:00:00,,,\n";
    let csv = csv.replacen("用时,", "用时,次数,", 1);
    // Put 次数 in: 1 for the good rows, 0 for the bad one.
    let csv: String = csv
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                format!("{line}\n")
            } else {
                let mut cells: Vec<&str> = line.split(',').collect();
                cells.insert(5, if i == 5 { "0" } else { "1" });
                format!("{}\n", cells.join(","))
            }
        })
        .collect();
    std::fs::write(dir.join("答题卡.csv"), &csv).unwrap();
    std::fs::write(dir.join("答题卡.json"), &json).unwrap();
    std::fs::write(dir.join("规则.yaml"), "base: 10\nspeed: { max: 10 }\n").unwrap();
    for offset in ["8", "0"] {
        let mut outs = Vec::new();
        for sheets in ["答题卡.csv", "答题卡.json"] {
            let out = format!("成绩-{sheets}-{offset}.json");
            let args = [
                "--utc-offset",
                offset,
                "contest",
                "score",
                "--paper",
                "初赛",
                "--sheets",
                sheets,
                "--rules",
                "规则.yaml",
                "-o",
                &out,
            ];
            let run = kaotang(dir, &args);
            assert_eq!(run.status.code(), Some(1), "one bad sheet is skipped");
            let err = String::from_utf8(run.stderr).unwrap();
            // The CSV row and the JSON element both start on line 6.
            assert!(
                err.contains(&format!("{sheets}:6: 次数“0”应为正整数")),
                "{err}"
            );
            outs.push(std::fs::read_to_string(dir.join(&out)).unwrap());
        }
        assert_eq!(outs[0], outs[1], "--utc-offset {offset}");
        let results: serde_json::Value = serde_json::from_str(&outs[0]).unwrap();
        let by_id = |id: &str| {
            results
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["participant"] == id)
                .unwrap()
                .clone()
        };
        // 1 and 2: 300 and 360 s (fractions dropped); 4: 用时 300.5 read as 300.
        let used: Vec<_> = ["1", "2", "4"]
            .map(|id| by_id(id)["time_used"].clone())
            .into();
        assert_eq!(used, [300, 360, 300]);
        // The blank sheet keeps its base and gets no speed points.
        let three = by_id("3");
        assert_eq!(
            (&three["score"], &three["speed"]),
            (&10.0.into(), &0.0.into())
        );
    }
    // Rules that make no sense, and a misspelt field.
    for (yaml, want) in [
        ("wrong: -1\n", "wrong（答错扣分）应为 0 或正数"),
        ("speed: { max: 5, limit_secs: 0 }\n", "speed.limit_secs"),
        ("attempts: { policy: sum, limit: 0 }\n", "attempts.limit"),
        (
            "speed: { max: 5 }\nwrng: 2\n",
            "第 2 行第 1 列：未知字段“wrng”",
        ),
    ] {
        std::fs::write(dir.join("坏规则.yaml"), yaml).unwrap();
        let args = [
            "contest",
            "score",
            "--paper",
            "初赛",
            "--sheets",
            "答题卡.csv",
            "--rules",
            "坏规则.yaml",
        ];
        let run = kaotang(dir, &args);
        let err = String::from_utf8(run.stderr).unwrap();
        assert!(!run.status.success() && err.contains(want), "{yaml}: {err}");
    }
}

/// What the outside review found around a run with nothing to score or the wrong file: a
/// header-only sheets file (or the results file given as sheets, or answer columns moved out
/// of order) stops with a message and leaves the earlier results as they were; sheets beyond
/// the attempt limit are said in the summary; a form nobody sat is not analysed as 过难.
#[test]
fn nothing_to_score_leaves_the_results_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    chusai_paper(dir, "2021");
    let csv = sheets(dir, &[40, 30]);
    std::fs::write(dir.join("答题卡.csv"), &csv).unwrap();
    let score = |sheets: &str| {
        kaotang(
            dir,
            &[
                "contest",
                "score",
                "--paper",
                "初赛",
                "--sheets",
                sheets,
                "-o",
                "成绩.csv",
            ],
        )
    };
    ok(&score("答题卡.csv"));
    let results = std::fs::read(dir.join("成绩.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    std::fs::write(dir.join("表头.csv"), format!("{header}\n")).unwrap();
    std::fs::write(dir.join("成绩副本.csv"), &results).unwrap();
    let mut cells: Vec<&str> = header.split(',').collect();
    cells.swap(5, 6);
    std::fs::write(dir.join("乱序.csv"), cells.join(",") + "\n").unwrap();
    for (file, want) in [
        ("表头.csv", "表头.csv：只有表头，没有答题卡，没有写出成绩"),
        ("成绩副本.csv", "第 1 行：这是成绩文件"),
        (
            "乱序.csv",
            "第 1 行：答案列的题号不按顺序：第 6 列“3”是第 3 题",
        ),
    ] {
        let out = score(file);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(want), "{file}: {err}");
        assert_eq!(
            std::fs::read(dir.join("成绩.csv")).unwrap(),
            results,
            "{file}"
        );
    }
    // With at most two attempts counted, p0's third sheet is read, not counted, and said.
    let (p0, p1) = (csv.lines().nth(1).unwrap(), csv.lines().nth(2).unwrap());
    let with_attempts = format!("{header},次数\n{p0},1\n{p0},2\n{p0},3\n{p1},1\n");
    std::fs::write(dir.join("次数.csv"), with_attempts).unwrap();
    std::fs::write(
        dir.join("规则.yaml"),
        "attempts: { policy: best, limit: 2 }\n",
    )
    .unwrap();
    let out = kaotang(
        dir,
        &[
            "contest",
            "score",
            "--paper",
            "初赛",
            "--sheets",
            "次数.csv",
            "--rules",
            "规则.yaml",
            "-o",
            "次数成绩.csv",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("有效答题卡 4 张（2 人），其中 1 张超出次数上限未计分"),
        "{err}"
    );
    // Only form A's sheets: form B has no statistics to flag.
    let only_a: String = csv
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, l)| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("A卷.csv"), only_a).unwrap();
    let text = ok(&kaotang(
        dir,
        &[
            "contest", "analyze", "--paper", "初赛", "--sheets", "A卷.csv",
        ],
    ));
    let b = text
        .split('【')
        .find(|part| part.starts_with("B 卷"))
        .unwrap();
    assert_eq!(b.trim_end(), "B 卷】没有答题卡，不作分析。", "{text}");
    // Choice questions show how many chose each option, on screen and in the CSV.
    assert!(text.contains("选项分布：A "), "{text}");
    ok(&kaotang(
        dir,
        &[
            "contest",
            "analyze",
            "--paper",
            "初赛",
            "--sheets",
            "A卷.csv",
            "-o",
            "分析.csv",
        ],
    ));
    let analysis = std::fs::read_to_string(dir.join("分析.csv")).unwrap();
    assert!(
        analysis
            .lines()
            .next()
            .unwrap()
            .ends_with(",需复查,选项分布"),
        "{analysis}"
    );
    // Form B, which nobody sat, has no rows.
    assert!(
        analysis.contains("；B ") && analysis.lines().all(|l| !l.starts_with("B,")),
        "{analysis}"
    );
}

/// A folder that already holds a paper is not written over (its forms and keys may have
/// been handed out): another paper into it is refused and the folder stays as it was.
#[test]
fn a_paper_is_not_written_over() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    chusai_paper(dir, "2021");
    let before = std::fs::read(dir.join("初赛/contest.json")).unwrap();
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
            "7",
            "--forms",
            "1",
            "-o",
            "初赛",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("这个文件夹里已有一份试卷"), "{err}");
    assert_eq!(
        std::fs::read(dir.join("初赛/contest.json")).unwrap(),
        before
    );
    assert!(dir.join("初赛/key-B.json").exists());
}
