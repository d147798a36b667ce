//! The shared vectors of `tests/vectors/` through the Rust API: every expected output must be
//! byte-for-byte what the core gives now. The C tests (`tests/c/`) and the npm package run
//! the same files. `KAOTANG_BLESS=1 cargo test --test vectors` rewrites the expected outputs
//! (inputs are kept) after an intended change; review the diff.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use kaotang::bank::{BankSet, QuestionId};
use kaotang::contest::{
    Assembly, Blueprint, Paper, RankOptions, ScoreRules, Scorer, SheetReader, assemble, rank,
};
use kaotang::grade::{GradeOptions, grade, parse_response};
use kaotang::schedule::{Fsrs, MemoryState, Review};
use kaotang::study::{Answer, ExamSession, ExamSettings, LearnerState, Session, Study, StudyError};
use kaotang::time::Timestamp;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::value::RawValue;

type Raw = Option<Box<RawValue>>;

fn raw<T: Serialize>(value: &T) -> Raw {
    Some(RawValue::from_string(serde_json::to_string(value).unwrap()).unwrap())
}

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

#[derive(Serialize, Deserialize)]
struct VectorFile<C> {
    description: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    banks: Vec<String>,
    cases: Vec<C>,
}

impl<C> VectorFile<C> {
    fn bank_set(&self) -> BankSet {
        let files: Vec<(String, String)> = self
            .banks
            .iter()
            .map(|b| {
                (
                    b.clone(),
                    std::fs::read_to_string(dir().join(b)).expect("a vector bank"),
                )
            })
            .collect();
        BankSet::load(&files).unwrap()
    }
}

/// Runs every case of `name`; `run` returns a case with its expected outputs filled in, which
/// must equal the file's (or replaces it when blessing).
fn check<C: Serialize + DeserializeOwned>(name: &str, run: impl Fn(&VectorFile<C>, &C) -> C) {
    let path = dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut file: VectorFile<C> = serde_json::from_str(&text).unwrap();
    let computed: Vec<C> = file.cases.iter().map(|c| run(&file, c)).collect();
    if std::env::var_os("KAOTANG_BLESS").is_some() {
        file.cases = computed;
        let mut out = serde_json::to_string_pretty(&file).unwrap();
        out.push('\n');
        std::fs::write(&path, out).unwrap();
        return;
    }
    for (i, (given, got)) in file.cases.iter().zip(&computed).enumerate() {
        let given = serde_json::to_string(given).unwrap();
        let got = serde_json::to_string(got).unwrap();
        assert_eq!(given, got, "{name} case {i}");
    }
}

#[derive(Serialize, Deserialize, Clone)]
struct GradeCase {
    question: String,
    typed: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    options: Option<GradeOptions>,
    /// `{"credit":…,"correct":…}`, or `{"error":"invalid_answer","message":…}`.
    expected: Raw,
}

#[derive(Serialize)]
struct ErrorOut {
    error: &'static str,
    message: String,
}

#[test]
fn grading() {
    check("grading.json", |file, c: &GradeCase| {
        let set = file.bank_set();
        let q = set.question(&QuestionId(c.question.clone()));
        let expected = match q {
            None => raw(&ErrorOut {
                error: "not_found",
                message: StudyError::UnknownQuestion(QuestionId(c.question.clone())).to_string(),
            }),
            Some(q) => match parse_response(q, &c.typed)
                .and_then(|r| grade(q, &r, &c.options.unwrap_or_default()))
            {
                Ok(g) => raw(&g),
                Err(e) => raw(&ErrorOut {
                    error: "invalid_answer",
                    message: e.to_string(),
                }),
            },
        };
        GradeCase {
            expected,
            ..c.clone()
        }
    });
}

#[derive(Serialize, Deserialize, Clone)]
struct FsrsCase {
    /// `next_states`, `memory_state`, `retrievability` or `interval`.
    op: String,
    /// Empty: the default FSRS-6 parameters.
    parameters: Vec<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    state: Option<MemoryState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    desired_retention: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    days_elapsed: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    history: Option<Vec<Review>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stability: Option<f64>,
    expected: Raw,
}

#[test]
fn fsrs() {
    check("fsrs.json", |_, c: &FsrsCase| {
        let fsrs = Fsrs::new(&c.parameters).unwrap();
        let expected = match c.op.as_str() {
            "next_states" => raw(&fsrs
                .next_states(
                    c.state,
                    c.desired_retention.unwrap(),
                    c.days_elapsed.unwrap() as u32,
                )
                .unwrap()),
            "memory_state" => raw(&fsrs
                .memory_state(c.history.as_deref().unwrap(), c.state)
                .unwrap()),
            "retrievability" => {
                raw(&fsrs.retrievability(c.state.unwrap(), c.days_elapsed.unwrap()))
            }
            "interval" => raw(&fsrs.interval(c.stability.unwrap(), c.desired_retention.unwrap())),
            op => panic!("unknown op {op}"),
        };
        FsrsCase {
            expected,
            ..c.clone()
        }
    });
}

#[derive(Serialize, Deserialize, Clone)]
struct ExamAnswer {
    /// As typed; `null` skips the question.
    typed: Option<String>,
    at: i64,
    answer_ms: u32,
}

#[derive(Serialize, Deserialize, Clone)]
struct ExamCase {
    name: String,
    settings: ExamSettings,
    seed: u64,
    started: i64,
    /// Answers in the order the questions come; the exam is submitted after the last
    /// question, when time is up, or at `submit_at`.
    answers: Vec<ExamAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    submit_at: Option<i64>,
    expected: Option<ExamExpected>,
}

#[derive(Serialize, Deserialize, Clone)]
struct ExamExpected {
    /// The ids drawn, in order.
    questions: Raw,
    /// Every record handed out to persist, in order (answers only: questions never answered
    /// are not recorded).
    records: Raw,
    /// The `ExamReport`.
    report: Raw,
}

#[test]
fn exam() {
    check("exam.json", |file, c: &ExamCase| {
        let set = file.bank_set();
        let study = Study::new(Default::default()).unwrap();
        let mut state = LearnerState::default();
        let exam = ExamSession::new(&set, &c.settings, c.seed, Timestamp(c.started));
        let questions: Vec<_> = exam.questions().cloned().collect();
        // Driven through the one session type every front end wraps.
        let mut session = Session::from(exam);
        let mut records = Vec::new();
        for a in &c.answers {
            let at = Timestamp(a.at);
            let answer = match (&a.typed, session.next(&set, at)) {
                (Some(t), Some(q)) => Answer::new(parse_response(q, t).unwrap(), a.answer_ms, at),
                _ => Answer::skipped(a.answer_ms, at),
            };
            let step = session.answer(&study, &set, &mut state, &answer).unwrap();
            records.extend(step.feedback.map(|f| f.record));
            if step.finished {
                break;
            }
        }
        let end = Timestamp(c.submit_at.unwrap_or(c.started));
        let report = session.finish(&set, end).exam.clone().unwrap();
        ExamCase {
            expected: Some(ExamExpected {
                questions: raw(&questions),
                records: raw(&records),
                report: raw(&report),
            }),
            ..c.clone()
        }
    });
}

#[derive(Serialize, Deserialize, Clone)]
struct PaperCase {
    blueprint: Blueprint,
    seed: u64,
    participants: Vec<String>,
    expected: Option<PaperExpected>,
}

#[derive(Serialize, Deserialize, Clone)]
struct PaperExpected {
    /// The `Assembly`.
    assembly: Raw,
    /// Each participant's `ParticipantView` (no key), in order.
    papers: Raw,
}

#[test]
fn contest_paper() {
    check("contest_paper.json", |file, c: &PaperCase| {
        let set = file.bank_set();
        let assembly = assemble(&set, &c.blueprint, c.seed).unwrap();
        let papers: Vec<_> = c
            .participants
            .iter()
            .map(|p| {
                Paper::for_participant(&set, &assembly, c.seed, p)
                    .and_then(|paper| paper.participant_view(&set, &assembly))
                    .unwrap()
            })
            .collect();
        PaperCase {
            expected: Some(PaperExpected {
                assembly: raw(&assembly),
                papers: raw(&papers),
            }),
            ..c.clone()
        }
    });
}

#[derive(Serialize, Deserialize, Clone)]
struct ScoreCase {
    name: String,
    blueprint: Blueprint,
    seed: u64,
    rules: ScoreRules,
    rank: RankOptions,
    /// The answer sheets as a CSV file (UTF-8).
    sheets_csv: String,
    expected: Option<ScoreExpected>,
}

#[derive(Serialize, Deserialize, Clone)]
struct ScoreExpected {
    /// One `ParticipantResult` per participant, by id.
    results: Raw,
    /// Rows that could not be scored: `{"row":N,"message":…}`, in file order.
    errors: Raw,
    /// `rank` of the results: `Ranked` entries.
    ranking: Raw,
}

#[derive(Serialize)]
struct RowError {
    row: u64,
    message: String,
}

fn score(set: &BankSet, assembly: &Assembly, c: &ScoreCase) -> ScoreExpected {
    let mut scorer = Scorer::new(set, assembly, c.rules.clone()).unwrap();
    let mut errors = Vec::new();
    let mut reader = SheetReader::new(c.sheets_csv.as_bytes()).unwrap();
    while let Some(row) = reader.read_view() {
        if let Err(e) = row.and_then(|s| scorer.add_view(&s)) {
            errors.push(RowError {
                row: e.row,
                message: e.message,
            });
        }
    }
    let scoring = scorer.finish();
    ScoreExpected {
        results: raw(&scoring.results),
        errors: raw(&errors),
        ranking: raw(&rank(&scoring.results, &c.rank)),
    }
}

#[test]
fn contest_scoring() {
    check("contest_scoring.json", |file, c: &ScoreCase| {
        let set = file.bank_set();
        let assembly = assemble(&set, &c.blueprint, c.seed).unwrap();
        ScoreCase {
            expected: Some(score(&set, &assembly, c)),
            ..c.clone()
        }
    });
}
