//! End-to-end: the learner commands on the real binary, driven like a learner at a terminal —
//! read the question from stdout, type the answer from the key (or a wrong one), read the
//! feedback — and checked against what the profile holds afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

/// The three verdicts the CLI prints once an answer is saved.
const VERDICTS: [&str; 3] = ["✓ 回答正确", "✗ 回答错误", "◐ 部分正确"];

/// Seconds in a day.
const DAY: i64 = 86_400;

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

/// How to answer one question of the starter bank, right and wrong.
#[derive(Debug, Clone)]
struct Key {
    id: String,
    right: String,
    wrong: String,
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The starter bank's keys by stem, typed as the CLI expects them, read from the fixture.
fn starter_keys() -> HashMap<String, Key> {
    let yaml = std::fs::read_to_string(starter()).unwrap();
    let bank: Value = serde_saphyr::from_str(&yaml).unwrap();
    let mut keys = HashMap::new();
    for q in bank["questions"].as_array().unwrap() {
        let answer = &q["answer"];
        let (right, wrong) = match q["type"].as_str().unwrap() {
            "single" => {
                let right = text(answer);
                let n = q["options"].as_array().unwrap().len();
                let wrong = ('A'..='Z')
                    .take(n)
                    .find(|c| !right.contains(*c))
                    .unwrap()
                    .to_string();
                (right, wrong)
            }
            "multiple" => {
                let right = text(answer);
                let n = q["options"].as_array().unwrap().len();
                let wrong: String = ('A'..='Z')
                    .take(n)
                    .filter(|c| !right.contains(*c))
                    .collect();
                (right, wrong)
            }
            "judge" => {
                let yes = answer.as_bool().unwrap();
                let word = |b: bool| if b { "对" } else { "错" }.to_owned();
                (word(yes), word(!yes))
            }
            "fill" => {
                // Each blank is one answer or a list of accepted ones: type the first.
                let blanks: Vec<String> = answer
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| b.as_array().map_or_else(|| text(b), |alts| text(&alts[0])))
                    .collect();
                (blanks.join("；"), vec!["不知道"; blanks.len()].join("；"))
            }
            "order" | "match" => {
                // Distinct letters reversed are never the key itself.
                let right = text(answer);
                (right.clone(), right.chars().rev().collect())
            }
            other => panic!("unknown question type {other}"),
        };
        keys.insert(
            text(&q["stem"]),
            Key {
                id: text(&q["id"]),
                right,
                wrong,
            },
        );
    }
    assert_eq!(keys.len(), 12, "the starter bank has 12 questions");
    keys
}

/// The stem of the question being asked: the line after the last question header.
fn current_stem(transcript: &str) -> &str {
    let header = transcript.rfind("难度 ").expect("a question header");
    let rest = &transcript[header..];
    let start = rest.find('\n').unwrap() + 1;
    let stem = &rest[start..];
    &stem[..stem.find('\n').unwrap()]
}

/// One learner's temporary profile.
struct Learner {
    dir: tempfile::TempDir,
}

impl Learner {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn profile(&self) -> PathBuf {
        self.dir.path().join("p.sqlite")
    }

    /// `kaotang --profile <tmp>/p.sqlite ARGS`, run from the temporary folder.
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_kaotang"));
        c.arg("--profile")
            .arg(self.profile())
            .args(args)
            .current_dir(self.dir.path());
        c
    }

    /// Runs with `stdin` as the whole input.
    fn run(&self, args: &[&str], stdin: &str) -> Output {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    /// Runs interactively: at every prompt, `reply` sees the transcript so far and gives the
    /// line to type, or `None` to type nothing (stdin stays open until the process ends).
    /// Returns the transcript and the exit code.
    fn drive(
        &self,
        args: &[&str],
        mut reply: impl FnMut(&str) -> Option<String>,
    ) -> (String, Option<i32>) {
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let mut out = Vec::new();
        let mut answered_up_to = 0;
        loop {
            match rx.recv_timeout(Duration::from_secs(60)) {
                Ok(chunk) => out.extend(chunk),
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    panic!(
                        "kaotang {args:?} hung; output so far:\n{}",
                        String::from_utf8_lossy(&out)
                    );
                }
            }
            // A prompt ends in "> " and waits: the output is complete up to here.
            if out.len() > answered_up_to && out.ends_with(b"> ") {
                let transcript = std::str::from_utf8(&out).unwrap();
                if let Some(line) = reply(transcript) {
                    // The process may have ended on its own (e.g. a deadline) meanwhile.
                    let _ = writeln!(stdin, "{line}");
                }
                answered_up_to = out.len();
            }
        }
        drop(stdin);
        let status = child.wait().unwrap();
        (String::from_utf8(out).unwrap(), status.code())
    }

    /// `profile export --all` as JSON.
    fn export(&self) -> Value {
        let out = self.run(&["profile", "export", "--all"], "");
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// The default learner's review entries.
    fn reviews(&self) -> Vec<Value> {
        let export = self.export();
        let learners = export["learners"].as_array().unwrap();
        assert_eq!(learners.len(), 1, "{export}");
        learners[0]["log"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["entry"] == "review")
            .cloned()
            .collect()
    }
}

fn verdicts(transcript: &str) -> usize {
    transcript
        .lines()
        .filter(|l| VERDICTS.iter().any(|v| l.starts_with(v)))
        .count()
}

#[test]
fn thirty_days_of_drills_space_out_known_questions_and_save_every_answer() {
    let keys = starter_keys();
    let learner = Learner::new();
    // One question is always answered wrong: its reviews must stay close together.
    let forgotten = "st-006";
    let start = kaotang::time::Date::new(2021, 7, 1).unwrap();
    let mut acknowledged = 0;
    let mut prompts = 0;
    for day in 0..30 {
        let date = start.add_days(day).to_string();
        let (transcript, code) = learner.drive(
            &["--bank", &starter(), "--date", &date, "drill", "--new", "5"],
            |t| {
                prompts += 1;
                let key = &keys[current_stem(t)];
                Some(if key.id == forgotten {
                    key.wrong.clone()
                } else {
                    key.right.clone()
                })
            },
        );
        assert_eq!(code, Some(0), "{transcript}");
        acknowledged += verdicts(&transcript);
        if day == 0 {
            assert!(
                transcript.contains("今天共 5 题：复习 0 题，新题 5 题"),
                "{transcript}"
            );
        }
    }
    // Every prompt was answered readably, acknowledged, and saved.
    assert_eq!(acknowledged, prompts);
    let reviews = learner.reviews();
    assert_eq!(reviews.len(), acknowledged);
    assert!(reviews.iter().all(|r| r["mode"] == "daily"));
    let mut times: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for r in &reviews {
        assert!(r["rating"].is_string(), "a drill moves the schedule: {r}");
        let id = r["question"].as_str().unwrap().to_owned();
        assert_eq!(r["correct"].as_bool().unwrap(), id != forgotten, "{r}");
        times.entry(id).or_default().push(r["at"].as_i64().unwrap());
    }
    // All 12 questions were introduced (5 + 5 + 2 new).
    assert_eq!(times.len(), 12, "{times:?}");
    let gaps = |id: &str| -> Vec<i64> {
        times[id]
            .windows(2)
            .map(|w| (w[1] - w[0] + DAY / 2) / DAY)
            .collect()
    };
    let mut longest_known = 0;
    for id in times.keys().filter(|id| *id != forgotten) {
        let g = gaps(id);
        assert!(g.len() >= 2, "{id} reviewed only {} times", g.len() + 1);
        assert!(g.windows(2).all(|w| w[0] <= w[1]), "{id}: gaps {g:?}");
        // The first day is a learning step; once graduated a known question waits a week or so.
        assert_eq!(g.first(), Some(&1), "{id}: gaps {g:?}");
        assert!(g.last() >= Some(&5), "{id}: gaps {g:?} do not grow");
        longest_known = longest_known.max(*g.last().unwrap());
    }
    assert!(longest_known >= 7, "longest gap {longest_known} days");
    let g = gaps(forgotten);
    assert!(
        g.iter().all(|&d| d <= 2),
        "a question always answered wrong keeps coming back: {g:?}"
    );
}

#[test]
fn a_challenge_ends_at_the_first_wrong_answer_after_the_revive() {
    let keys = starter_keys();
    let learner = Learner::new();
    let script = [true, true, false, true, false];
    let mut asked = 0;
    let (transcript, code) = learner.drive(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-01",
            "challenge",
            "--revives",
            "1",
        ],
        |t| {
            let right = *script.get(asked).expect("no question after the run ended");
            asked += 1;
            let key = &keys[current_stem(t)];
            Some(if right { &key.right } else { &key.wrong }.clone())
        },
    );
    assert_eq!(code, Some(0), "{transcript}");
    assert_eq!(asked, 5, "{transcript}");
    assert!(transcript.contains("有 1 次复活机会"), "{transcript}");
    // The first wrong answer uses the revive, and says so; the second ends the run.
    assert_eq!(
        transcript.matches("用掉 1 次复活机会，挑战继续。").count(),
        1,
        "{transcript}"
    );
    assert_eq!(verdicts(&transcript), 5, "{transcript}");
    assert!(transcript.contains("第 5 题"), "{transcript}");
    assert!(!transcript.contains("第 6 题"), "{transcript}");
    // The revive keeps the run going, so its streak counts all three right answers.
    assert!(
        transcript.contains("挑战结束：本次连续答对 3 题"),
        "{transcript}"
    );
    let reviews = learner.reviews();
    let correct: Vec<bool> = reviews
        .iter()
        .map(|r| r["correct"].as_bool().unwrap())
        .collect();
    assert_eq!(correct, script);
    assert!(reviews.iter().all(|r| r["mode"] == "challenge"));
    let streaks: Vec<u64> = reviews
        .iter()
        .map(|r| r["streak"].as_u64().unwrap())
        .collect();
    assert_eq!(streaks, [1, 2, 2, 3, 3]);
    let progress = learner.run(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-01",
            "progress",
            "--json",
        ],
        "",
    );
    let report: Value = serde_json::from_slice(&progress.stdout).unwrap();
    assert_eq!(report["best_challenge"], 3);
}

#[test]
fn an_exam_submits_itself_when_time_is_up() {
    let keys = starter_keys();
    let learner = Learner::new();
    let mut prompts = 0;
    let (transcript, code) = learner.drive(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-01",
            "exam",
            "--count",
            "3",
            "--time-limit",
            "2s",
        ],
        |t| {
            prompts += 1;
            // Answer the first question right, then sit on the second until time runs out.
            (prompts == 1).then(|| keys[current_stem(t)].right.clone())
        },
    );
    assert_eq!(code, Some(0), "{transcript}");
    assert_eq!(prompts, 2, "{transcript}");
    assert!(transcript.contains("共 3 题，限时 0分02秒"), "{transcript}");
    assert_eq!(transcript.matches("已作答。").count(), 1, "{transcript}");
    assert!(transcript.contains("时间到，已自动交卷"), "{transcript}");
    assert!(transcript.contains("答对 1/3 题"), "{transcript}");
    assert!(transcript.contains("得分：33.3 分"), "{transcript}");
    assert!(transcript.contains("你的答案：未作答"), "{transcript}");
    assert!(
        transcript.contains("2 道未作答的题计 0 分，不记入错题本和复习计划"),
        "{transcript}"
    );
    // Only the answered question is recorded: nothing unseen enters the wrong book or
    // tomorrow's reviews.
    let reviews = learner.reviews();
    assert_eq!(reviews.len(), 1, "{reviews:?}");
    assert_eq!(reviews[0]["mode"], "exam");
    assert_eq!(reviews[0]["correct"], true);
}

#[test]
fn today_lists_the_days_events_in_year_order_with_a_question() {
    let learner = Learner::new();
    let out = learner.run(&["--date", "2021-07-01", "today", "--json"], "");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let today = &v["today"];
    assert_eq!(today["date"], "2021-07-01");
    // The day has events of its own: no fallback to a nearby day.
    assert_eq!(today["fallback"]["fallback"], "none", "{v}");
    let dates: Vec<&str> = today["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert!(dates.len() >= 2, "{dates:?}");
    assert!(dates.iter().all(|d| d.ends_with("-07-01")), "{dates:?}");
    assert!(dates.windows(2).all(|w| w[0] < w[1]), "{dates:?}");
    assert!(dates.contains(&"1997-07-01"), "香港回归: {dates:?}");
    assert!(
        today["question"].as_str().is_some_and(|q| !q.is_empty()),
        "{v}"
    );
    // JSON only shows the day: nothing is read or answered, no learner is created.
    let learners = learner.run(&["profile", "learners"], "");
    assert_eq!(
        String::from_utf8_lossy(&learners.stdout),
        "档案中还没有学员。\n"
    );
}

/// A profile with a few answers and a wrong one.
fn studied() -> Learner {
    let keys = starter_keys();
    let learner = Learner::new();
    let (transcript, code) = learner.drive(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-01",
            "drill",
            "--new",
            "4",
        ],
        |t| {
            let key = &keys[current_stem(t)];
            Some(
                if key.id == "st-002" {
                    &key.wrong
                } else {
                    &key.right
                }
                .clone(),
            )
        },
    );
    assert_eq!(code, Some(0), "{transcript}");
    assert_eq!(verdicts(&transcript), 4, "{transcript}");
    learner
}

#[test]
fn a_profile_export_imports_into_a_fresh_profile_unchanged() {
    let learner = studied();
    let file = learner.dir.path().join("导出.json");
    let out = learner.run(&["profile", "export", "-o", file.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("已导出 1 位学员、4 条记录"),
        "{out:?}"
    );
    let fresh = Learner::new();
    let out = fresh.run(&["profile", "import", file.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("已导入 1 位学员"));
    assert_eq!(fresh.export(), learner.export());
    assert_eq!(fresh.reviews().len(), 4);
    // Replacing is allowed when asked for.
    let out = fresh.run(
        &["profile", "import", file.to_str().unwrap(), "--replace"],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(fresh.export(), learner.export());
}

#[test]
fn a_second_import_without_replace_fails_in_chinese() {
    let learner = studied();
    let file = learner.dir.path().join("导出.json");
    learner.run(&["profile", "export", "-o", file.to_str().unwrap()], "");
    let before = learner.export();
    let out = learner.run(&["profile", "import", file.to_str().unwrap()], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("学员“默认学员”在本档案中已有 4 条学习记录")
            && stderr.contains("--replace"),
        "{stderr}"
    );
    assert_eq!(learner.export(), before, "nothing changes");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
}

#[test]
fn progress_json_has_the_documented_keys() {
    let learner = studied();
    let out = learner.run(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-01",
            "progress",
            "--json",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "date",
        "streak",
        "best_streak",
        "best_challenge",
        "points",
        "overall",
        "by_period",
        "by_tag",
        "cards",
        "wrong_book",
        "forecast",
    ] {
        assert!(v.get(key).is_some(), "{key} missing: {v}");
    }
    for key in ["today", "week", "total"] {
        assert!(v["points"][key].is_u64(), "points.{key}: {v}");
    }
    for key in ["new", "learning", "young", "mature"] {
        assert!(v["cards"][key].is_u64(), "cards.{key}: {v}");
    }
    assert_eq!(v["date"], "2021-07-01");
    assert_eq!(v["streak"], 1);
    assert_eq!(v["overall"]["answers"], 4);
    assert_eq!(v["overall"]["correct"], 3);
    assert_eq!(v["wrong_book"], 1);
    assert_eq!(v["forecast"].as_array().unwrap().len(), 14);
}

#[test]
fn the_wrong_book_exports_as_csv_with_a_chinese_header() {
    let learner = studied();
    let file = learner.dir.path().join("错题本.csv");
    let out = learner.run(
        &[
            "--bank",
            &starter(),
            "wrongbook",
            "export",
            "--format",
            "csv",
            "-o",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("已导出 1 道错题"));
    let csv = std::fs::read_to_string(&file).unwrap();
    // A byte-order mark first, so that Excel reads the file as UTF-8.
    let csv = csv.strip_prefix('\u{feff}').unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "题号,题型,题干,正确答案,解析,时期,标签,答错次数,已答对天数,最近答错"
    );
    let row = lines.next().unwrap();
    assert!(row.starts_with("st-002,单选题,"), "{row}");
    // The answer as text, not a bare letter.
    assert!(row.contains("领导地位？,C. 遵义,遵义会议是"), "{row}");
    assert!(row.ends_with(",1,0,2021-07-01"), "{row}");
    assert_eq!(lines.next(), None);
}

#[test]
fn usage_errors_exit_with_two() {
    let learner = Learner::new();
    for args in [
        &["exam", "--time-limit", "abc"][..],
        &["exam", "--time-limit", "0"],
        &["drill", "--new", "many"],
        &["drill", "--ahead", "3", "--cram"],
        &["--date", "2021-02-30", "today"],
        &["challenge", "--no-such-flag"],
    ] {
        let out = learner.run(args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
    let out = learner.run(&["exam", "--time-limit", "abc"], "");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("“abc”不是时长"),
        "{out:?}"
    );
    // Nothing was written: usage errors stop before the profile is opened.
    assert!(!learner.profile().exists());
}

#[test]
fn an_exam_cut_short_marks_only_what_was_answered() {
    let learner = Learner::new();
    let args = [
        "--bank",
        &starter(),
        "--date",
        "2021-07-01",
        "exam",
        "--count",
        "5",
    ];
    let out = learner.run(&args, "A\n");
    let transcript = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{transcript}");
    assert_eq!(
        transcript.matches("你的答案：未作答").count(),
        4,
        "{transcript}"
    );
    assert_eq!(learner.reviews().len(), 1);
    // The four unseen questions are neither in the wrong book nor due tomorrow.
    let book = learner.run(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-01",
            "wrongbook",
            "list",
            "--json",
        ],
        "",
    );
    let book: Value = serde_json::from_slice(&book.stdout).unwrap();
    assert!(book["entries"].as_array().unwrap().len() <= 1, "{book}");
    let progress = learner.run(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-01",
            "progress",
            "--json",
        ],
        "",
    );
    let report: Value = serde_json::from_slice(&progress.stdout).unwrap();
    let tomorrow = &report["forecast"][1][1];
    assert!(tomorrow.as_u64().unwrap() <= 1, "{report}");
}

#[test]
fn answers_that_do_not_fit_are_asked_again_not_graded() {
    let learner = Learner::new();
    let args = [
        "--bank",
        &starter(),
        "--date",
        "2021-07-01",
        "practice",
        "--type",
        "order",
        "--count",
        "1",
    ];
    let out = learner.run(&args, "AABC\nBCA\nBCAE\nBCAD\n");
    let transcript = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{transcript}");
    assert_eq!(
        transcript
            .matches("排序题要把 A–D 每个字母各用一次，如 DCBA")
            .count(),
        2,
        "{transcript}"
    );
    assert!(transcript.contains("没有选项 E"), "{transcript}");
    assert_eq!(verdicts(&transcript), 1, "{transcript}");
    assert_eq!(learner.reviews().len(), 1);
}

#[test]
fn a_hint_costs_the_points_and_exams_offer_none() {
    let keys = starter_keys();
    let learner = Learner::new();
    // st-001 has a hint; practice in curriculum order over the 建党 tag asks it.
    let mut asked_hint = false;
    let (transcript, code) = learner.drive(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-01",
            "drill",
            "--new",
            "12",
        ],
        |t| {
            let key = &keys[current_stem(t)];
            if key.id == "st-001" && !asked_hint {
                asked_hint = true;
                return Some("?".to_owned());
            }
            Some(key.right.clone())
        },
    );
    assert_eq!(code, Some(0), "{transcript}");
    assert!(asked_hint, "{transcript}");
    assert!(transcript.contains("提示："), "{transcript}");
    assert!(
        transcript.contains("看过提示：本题不计积分，复习间隔按“困难”计算。"),
        "{transcript}"
    );
    let reviews = learner.reviews();
    let hinted: Vec<&Value> = reviews.iter().filter(|r| r["hint_used"] == true).collect();
    assert_eq!(hinted.len(), 1);
    assert_eq!(hinted[0]["question"], "st-001");
    assert_eq!(hinted[0]["points"], 0);
    assert_eq!(hinted[0]["rating"], "hard");
    // 微考堂 gives no hints.
    let out = learner.run(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-02",
            "exam",
            "--count",
            "12",
        ],
        &format!("?\n{}", "不会\n".repeat(12)),
    );
    let transcript = String::from_utf8(out.stdout).unwrap();
    assert!(transcript.contains("微考堂不提供提示"), "{transcript}");
    // … and its prompts do not offer one, though st-001 among the 12 has a hint.
    assert!(
        transcript.contains("中国共产党第一次全国代表大会在哪一年召开？"),
        "{transcript}"
    );
    assert!(!transcript.contains("查看提示"), "{transcript}");
    // … unless the learner asks for them; a hinted answer still earns nothing. `?` is typed
    // at the first prompt that offers it, then every question is answered 不会.
    let mut hinted = false;
    let (transcript, code) = learner.drive(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-03",
            "exam",
            "--count",
            "12",
            "--hints",
        ],
        |t| {
            let prompt = t.rsplit('\n').next().unwrap_or_default();
            if !hinted && prompt.contains("；? 查看提示") {
                hinted = true;
                return Some("?".to_owned());
            }
            Some("不会".to_owned())
        },
    );
    assert_eq!(code, Some(0), "{transcript}");
    assert!(hinted, "{transcript}");
    assert!(!transcript.contains("不提供提示"), "{transcript}");
    assert!(transcript.contains("提示："), "{transcript}");
    let exam_hinted: Vec<Value> = learner
        .reviews()
        .into_iter()
        .filter(|r| r["mode"] == "exam" && r["hint_used"] == true)
        .collect();
    assert_eq!(exam_hinted.len(), 1, "{transcript}");
    assert_eq!(exam_hinted[0]["points"], 0);
}

#[test]
fn the_wrong_book_needs_right_answers_on_three_different_days() {
    let keys = starter_keys();
    let learner = Learner::new();
    let start = kaotang::time::Date::new(2021, 7, 1).unwrap();
    // Day 0: one question wrong (st-002), the others right.
    let (transcript, _) = learner.drive(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-01",
            "drill",
            "--new",
            "3",
        ],
        |t| {
            let key = &keys[current_stem(t)];
            Some(
                if key.id == "st-002" {
                    &key.wrong
                } else {
                    &key.right
                }
                .clone(),
            )
        },
    );
    assert!(transcript.contains("已加入错题本。"), "{transcript}");
    assert!(transcript.contains("下次复习："), "{transcript}");
    let mut said = Vec::new();
    for day in [0, 1, 1, 2, 3] {
        let date = start.add_days(day).to_string();
        let (transcript, code) = learner.drive(
            &["--bank", &starter(), "--date", &date, "wrongbook", "drill"],
            |t| Some(keys[current_stem(t)].right.clone()),
        );
        assert_eq!(code, Some(0), "{transcript}");
        let line = transcript
            .lines()
            .find(|l| l.contains("错题本") && !l.starts_with("【"))
            .unwrap_or("")
            .to_owned();
        said.push(line);
    }
    assert_eq!(
        said,
        [
            "错题本：已连对 0/3 天（每天只计一次，答错当天不计）。",
            "错题本：已连对 1/3 天。",
            "错题本：已连对 1/3 天（每天只计一次，答错当天不计）。",
            "错题本：已连对 2/3 天。",
            "已移出错题本。",
        ]
    );
    let out = learner.run(&["--bank", &starter(), "wrongbook", "list"], "");
    assert!(String::from_utf8_lossy(&out.stdout).contains("错题本是空的"));
}

#[test]
fn the_question_of_the_day_comes_first_once_a_day_and_reading_counts_when_read() {
    let keys = starter_keys();
    let learner = Learner::new();
    let args = ["--bank", &starter(), "--date", "2021-07-01", "today"];
    // The day's question, from the read-only JSON view.
    let json: Value = serde_json::from_slice(
        &learner
            .run(
                &[
                    "--bank",
                    &starter(),
                    "--date",
                    "2021-07-01",
                    "today",
                    "--json",
                ],
                "",
            )
            .stdout,
    )
    .unwrap();
    let id = json["today"]["question"].as_str().unwrap().to_owned();
    let key = keys.values().find(|k| k.id == id).unwrap().right.clone();
    // Answer the question, then leave the reading unread (an empty line).
    let out = learner.run(&args, &format!("{key}\n\n"));
    let first = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{first}");
    let question = first.find("【每日一题】").unwrap();
    let events = first.find("【党史上的今天】").unwrap();
    assert!(
        question < events,
        "the question is asked before the day's text: {first}"
    );
    assert!(first.contains("（第 1 篇，共"), "{first}");
    let reads = |l: &Learner| {
        l.export()["learners"][0]["log"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["entry"] == "read")
            .count()
    };
    assert_eq!(
        reads(&learner),
        0,
        "printing a reading does not count it read"
    );
    // The same day again: answered already, nothing asked or earned; now mark the reading.
    let second = String::from_utf8(learner.run(&args, "已读\n").stdout).unwrap();
    assert!(second.contains("（今天已作答。正确答案："), "{second}");
    assert!(second.contains("已记入天天读"), "{second}");
    assert!(second.contains("（第 1 篇，共"), "{second}");
    let third = String::from_utf8(learner.run(&args, "已读\n").stdout).unwrap();
    assert!(
        third.contains("（第 1 篇，共"),
        "the counter does not move on re-viewing: {third}"
    );
    assert!(!third.contains("已记入天天读"), "{third}");
    assert_eq!(learner.reviews().len(), 1);
    assert_eq!(reads(&learner), 1);
}

#[test]
fn progress_shows_points_per_mode_against_the_cap_and_ctrl_c_a_summary() {
    let learner = studied();
    let out = learner.run(
        &["--bank", &starter(), "--date", "2021-07-01", "progress"],
        "",
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // 3 right answers in 每日答题 (cap 5) and the study-day point.
    assert!(
        text.contains("今日积分明细（已得/每日上限）：每日答题 3/5，"),
        "{text}"
    );
    assert!(text.contains("学习打卡 1/2"), "{text}");
    let v: Value = serde_json::from_slice(
        &learner
            .run(
                &[
                    "--bank",
                    &starter(),
                    "--date",
                    "2021-07-01",
                    "progress",
                    "--json",
                ],
                "",
            )
            .stdout,
    )
    .unwrap();
    assert_eq!(v["points_today"][0]["mode"], "daily");
    assert_eq!(v["points_today"][0]["cap"], 5);

    // Ctrl-C in the middle of a session: what it did so far, then exit 130.
    let keys = starter_keys();
    let mut child = learner
        .command(&[
            "--bank",
            &starter(),
            "--date",
            "2021-07-02",
            "practice",
            "--count",
            "5",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let mut answered = 0;
    while answered < 2 {
        let n = stdout.read(&mut buf).unwrap();
        assert!(n > 0, "{}", String::from_utf8_lossy(&out));
        out.extend_from_slice(&buf[..n]);
        let t = String::from_utf8_lossy(&out).into_owned();
        if t.ends_with("> ") && t.matches("> ").count() > answered {
            writeln!(stdin, "{}", keys[current_stem(&t)].right).unwrap();
            answered += 1;
        }
    }
    // Wait for the second verdict and the next prompt, then interrupt.
    while String::from_utf8_lossy(&out).matches("> ").count() < 3 {
        let n = stdout.read(&mut buf).unwrap();
        assert!(n > 0);
        out.extend_from_slice(&buf[..n]);
    }
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    stdout.read_to_end(&mut out).unwrap();
    let code = child.wait().unwrap().code();
    let t = String::from_utf8_lossy(&out);
    assert_eq!(code, Some(130), "{t}");
    assert!(
        t.contains("专项答题：本次作答 2 题，答对 2 题（100%），获得 3 积分；今日积分 "),
        "{t}"
    );
    assert!(t.contains("已保存，下次再见。"), "{t}");
}

#[test]
fn plan_to_a_deadline_says_what_its_forecast_means_and_refuses_a_zero_budget() {
    let learner = studied();
    let bank = starter();
    let args = |minutes: &'static str| {
        [
            "--bank",
            bank.as_str(),
            "--date",
            "2021-07-05",
            "plan",
            "--until",
            "2021-08-30",
            "--minutes",
            minutes,
        ]
    };
    let out = learner.run(&args("1"), "");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("按计划每天学习，2021-08-30 当天预计平均记忆保持率"),
        "{text}"
    );
    assert!(text.contains("若从今天起不再学习，则为"), "{text}");
    let json: Value = serde_json::from_slice(
        &learner
            .run(&[&args("1")[..], &["--json"]].concat(), "")
            .stdout,
    )
    .unwrap();
    // Every due review is in today's plan, whatever the budget.
    let due = json["due_reviews"].as_u64().unwrap();
    let reviews = json["plan"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] != "new")
        .count() as u64;
    assert_eq!(reviews, due, "{json}");
    assert!(
        json["predicted_recall"].as_f64().unwrap() >= json["recall_if_stopped"].as_f64().unwrap()
    );
    let out = learner.run(&args("0"), "");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("每天学习时间应在 1 到 1440 分钟之间"));
}

#[test]
fn tags_are_discoverable_and_near_misses_are_named() {
    let learner = Learner::new();
    let out = learner.run(&["bank", "tags", "--period", "新时代"], "");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("中国特色社会主义新时代：标签 "), "{text}");
    let json: Value =
        serde_json::from_slice(&learner.run(&["bank", "tags", "--json"], "").stdout).unwrap();
    let tags = json.as_array().unwrap();
    assert!(tags.iter().any(|t| t["tag"] == "长征"), "{json}");
    let counts: Vec<u64> = tags
        .iter()
        .map(|t| t["questions"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most used first");
    let out = learner.run(&["practice", "--tag", "长正"], "");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("题库中没有带标签“长正”的题目。相近的标签：长征（"),
        "{err}"
    );
    assert!(err.contains("kaotang bank tags"), "{err}");
    let out = learner.run(&["practice", "--period", "社会主义"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("“社会主义”可指多个时期：社会主义革命和建设时期、"),
        "{err}"
    );
}

#[test]
fn answering_dont_know_is_wrong_without_a_guess_and_shows_the_key() {
    let keys = starter_keys();
    let learner = Learner::new();
    // The first question of the day is answered 不会, the rest from the key.
    let mut first: Option<String> = None;
    let (transcript, code) = learner.drive(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-01",
            "drill",
            "--new",
            "3",
        ],
        |t| {
            let key = &keys[current_stem(t)];
            if first.is_none() {
                first = Some(key.id.clone());
                return Some("不会".to_owned());
            }
            Some(key.right.clone())
        },
    );
    assert_eq!(code, Some(0), "{transcript}");
    let first = first.unwrap();
    // Not re-asked as a malformed answer: graded at once, wrong, with the key shown.
    assert_eq!(verdicts(&transcript), 3, "{transcript}");
    let after = &transcript[transcript.find("不会").unwrap()..];
    assert!(after.contains("✗ 回答错误，正确答案："), "{transcript}");
    assert!(after.contains("已加入错题本"), "{transcript}");
    let reviews = learner.reviews();
    let dont_know: Vec<&Value> = reviews.iter().filter(|r| r["question"] == first).collect();
    assert_eq!(dont_know.len(), 1, "{reviews:?}");
    assert_eq!(dont_know[0]["correct"], false, "{}", dont_know[0]);
    assert_eq!(dont_know[0]["rating"], "again", "{}", dont_know[0]);
    assert_eq!(dont_know[0]["points"], 0, "{}", dont_know[0]);
}

#[test]
fn the_question_of_the_day_is_not_asked_again_the_next_day() {
    // 2025-01-26 has no events and shows 01-27's; it used to ask 01-27's question a day early.
    let learner = Learner::new();
    let first = learner.run(&["--date", "2025-01-26", "today"], "不会\n\n");
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let question = |date: &str| {
        let out = learner.run(&["--date", date, "today", "--json"], "");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["today"]["question"].as_str().unwrap().to_owned()
    };
    assert_ne!(question("2025-01-26"), question("2025-01-27"));
}

#[test]
fn an_exam_ends_with_the_same_summary_as_ctrl_c_shows() {
    // All six answered: the submission shows points and tomorrow's reviews too, as Ctrl-C does.
    let learner = Learner::new();
    let out = learner.run(
        &[
            "--bank",
            &starter(),
            "--date",
            "2021-07-01",
            "exam",
            "--count",
            "6",
        ],
        &"不会\n".repeat(6),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(t.contains("已交卷。得分：0.0 分"), "{t}");
    let summary = t
        .lines()
        .find(|l| l.starts_with("微考堂：本次作答 6 题，答对 0 题（0%），获得 "))
        .unwrap_or_else(|| panic!("{t}"));
    assert!(summary.contains("；今日积分 "), "{t}");
    assert!(summary.contains("。明天待复习 "), "{t}");
    assert!(t.contains("所有作答已保存。"), "{t}");
}

/// A pasted page as an answer is quoted shortened, not printed back whole (twice): the
/// echo after the prompt and the message that asks again both cut it at 40 characters.
#[test]
fn a_very_long_answer_is_quoted_shortened() {
    let l = Learner::new();
    let long = "B".repeat(5_000);
    let out = l.run(
        &[
            "--bank",
            &starter(),
            "--date",
            "2024-03-01",
            "practice",
            "--type",
            "single",
        ],
        &format!("{long}\n"),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.len() < 5_000, "{} bytes", text.len());
    assert_eq!(text.matches("…（共 5000 字）").count(), 2, "{text}");
}

/// Before any answer there is no accuracy to show: `progress` says —, not 0%.
#[test]
fn progress_before_any_answer_shows_no_accuracy() {
    let l = Learner::new();
    let out = l.run(
        &["--bank", &starter(), "--date", "2024-03-01", "progress"],
        "",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("总正确率 —"), "{text}");
    let answered = l.run(
        &[
            "--bank",
            &starter(),
            "--date",
            "2024-03-01",
            "practice",
            "--type",
            "judge",
        ],
        "对\n",
    );
    assert!(answered.status.success());
    let out = l.run(
        &["--bank", &starter(), "--date", "2024-03-01", "progress"],
        "",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("总正确率 0%") || text.contains("总正确率 100%"),
        "{text}"
    );
}

/// `profile import` takes the learners' names from the file: a `--learner` is refused (it
/// used to be ignored without a word), before the file is read.
#[test]
fn profile_import_refuses_a_learner_name() {
    let l = Learner::new();
    let out = l.run(&["--learner", "王五", "profile", "import", "张三.json"], "");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("按文件里的学员姓名导入，不用 --learner"),
        "{err}"
    );
}
