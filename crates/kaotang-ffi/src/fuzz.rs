//! A fuzz target for every export that takes JSON (or YAML, or a log): arbitrary text and
//! mutations of valid inputs must give `KT_STATUS_OK` or an error status with a message —
//! never `KT_STATUS_INTERNAL` (a caught panic), a crash or a leak. Runs as a property test on
//! stable Rust, so CI runs it on every change (`cargo test -p kaotang-ffi fuzz`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ffi::{CString, c_char};
use std::ptr::{null, null_mut};

use proptest::prelude::*;

use crate::banks::{KtBankFile, KtBanks, kt_banks_free, kt_banks_load};
use crate::contest::*;
use crate::fsrs::*;
use crate::grade::*;
use crate::learner::*;
use crate::session::*;
use crate::status::{KtStatus, kt_string_free};

const BANK: &str = include_str!("../../../tests/vectors/bank.yaml");

/// Valid inputs of each kind, which the mutations start from.
const SEEDS: &[&str] = &[
    r#"{"multi":{"policy":"deduct","per_wrong":0.5}}"#,
    r#"{"type":"choices","value":[0,1]}"#,
    r#"{"type":"match","value":[1,0,null]}"#,
    r#"{"algorithm":{"kind":"fsrs","parameters":[],"desired_retention":0.9},"fuzz":false}"#,
    r#"{"phase":"learning","step":1,"memory":{"stability":2.3,"difficulty":5.0},"due":1780000600,"last_review":1780000000,"scheduled_days":0,"reps":1,"lapses":0}"#,
    r#"[[{"rating":"good","delta_t":0},{"rating":"again","delta_t":3}]]"#,
    r#"{"title":"卷","time_limit_minutes":10,"sections":[{"name":"判断题","filter":{"types":["judge"]},"count":2,"points":50}]}"#,
    r#"{"base":10,"wrong":1,"speed":{"max":5},"attempts":{"policy":"sum","limit":2}}"#,
    r#"[{"participant":"p1","name":"张三","unit":["东城区"],"answers":["对","错"],"attempt":1}]"#,
    r#"{"tie_break":["score","correct"],"top":3,"certificates":[{"name":"一等奖","min_score":90}]}"#,
    r#"[{"unit":["东城区","一支部"],"headcount":40}]"#,
    r#"["p1","p2","p2"]"#,
    "teams:\n  - { id: t1, name: 一队 }\n  - { id: t2, name: 二队 }\nrounds:\n  - { name: 必答, kind: required, points: 10, questions_per_team: 1 }\n",
    r#"{"event":"start_round","round":0}"#,
    r#"{"v":1,"entry":"review","question":"st-001","at":1780000000,"mode":"daily","response":{"type":"choices","value":[1]},"credit":1.0,"correct":true,"rating":"good","elapsed_days":0,"answer_ms":3000,"hint_used":false,"points":1,"bonus":1}"#,
    r#"{"v":1,"cards":{},"days":{},"readings":{},"best_challenge":0}"#,
    r#"{"count":3,"time_limit_secs":60,"filter":{"types":["judge"]}}"#,
    r#"{"new_per_day":3,"review_cap":10}"#,
];

fn text() -> impl Strategy<Value = String> {
    let mutated = (0..SEEDS.len(), any::<usize>(), any::<usize>(), ".{0,3}").prop_map(
        |(seed, at, cut, insert)| {
            let s = SEEDS[seed];
            let mut chars: Vec<char> = s.chars().collect();
            let at = at % (chars.len() + 1);
            let end = (at + cut % 4).min(chars.len());
            chars.splice(at..end, insert.chars());
            chars.into_iter().collect::<String>()
        },
    );
    prop_oneof![2 => mutated, 1 => any::<String>(), 1 => (0..SEEDS.len()).prop_map(|i| SEEDS[i].to_owned())]
}

fn c(s: &str) -> CString {
    CString::new(s.replace('\0', "")).unwrap()
}

/// Fails on a caught panic; frees the string output.
fn check(status: KtStatus, out: *mut c_char) {
    // SAFETY: a string from the library, or NULL.
    unsafe { kt_string_free(out) };
    assert_ne!(status, KtStatus::Internal, "a panic was caught");
}

struct Fixture {
    banks: *mut KtBanks,
    assembly: *mut KtAssembly,
    scoring: *mut KtScoring,
    study: *mut KtStudy,
    learner: *mut KtLearner,
    scheduler: *mut KtScheduler,
}

impl Fixture {
    fn new() -> Self {
        let origin = c("bank.yaml");
        let bank = c(BANK);
        let file = KtBankFile {
            origin: origin.as_ptr(),
            text: bank.as_ptr(),
        };
        let mut f = Fixture {
            banks: null_mut(),
            assembly: null_mut(),
            scoring: null_mut(),
            study: null_mut(),
            learner: null_mut(),
            scheduler: null_mut(),
        };
        // SAFETY: valid arguments and output pointers.
        unsafe {
            assert_eq!(
                kt_banks_load(&file, 1, &mut f.banks, null_mut()),
                KtStatus::Ok
            );
            let bp = c(SEEDS[6]);
            let status = kt_contest_assemble(f.banks, bp.as_ptr(), 1, &mut f.assembly);
            assert_eq!(status, KtStatus::Ok);
            let csv = "编号,1,2\np1,对,错\n";
            let status = kt_contest_score(
                f.banks,
                f.assembly,
                null(),
                csv.as_ptr(),
                csv.len(),
                true,
                &mut f.scoring,
            );
            assert_eq!(status, KtStatus::Ok);
            assert_eq!(kt_study_new(null(), &mut f.study), KtStatus::Ok);
            assert_eq!(kt_learner_new(&mut f.learner), KtStatus::Ok);
            assert_eq!(kt_scheduler_new(null(), &mut f.scheduler), KtStatus::Ok);
        }
        f
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        // SAFETY: handles made in `new`, freed once.
        unsafe {
            kt_scheduler_free(self.scheduler);
            kt_learner_free(self.learner);
            kt_study_free(self.study);
            kt_scoring_free(self.scoring);
            kt_assembly_free(self.assembly);
            kt_banks_free(self.banks);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn json_taking_exports_never_panic(input in text()) {
        let f = Fixture::new();
        let s = c(&input);
        let p = s.as_ptr();
        let id = c("st-003");
        let mut out: *mut c_char = null_mut();
        let mut grade = KtGrade { credit: 0.0, correct: false };
        // SAFETY: live handles, NUL-terminated strings, writable outputs; every handle made
        // here is freed at once.
        unsafe {
            check(kt_grade(f.banks, id.as_ptr(), c("A").as_ptr(), p, &mut grade), null_mut());
            check(kt_grade_response(f.banks, id.as_ptr(), p, null(), &mut grade), null_mut());
            check(kt_parse_response(f.banks, id.as_ptr(), p, &mut out), out);
            let mut sched = null_mut();
            check(kt_scheduler_new(p, &mut sched), null_mut());
            kt_scheduler_free(sched);
            check(kt_scheduler_review(f.scheduler, p, 3, 1_780_000_000, 1, &mut out), out);
            let mut r = 0.0;
            check(kt_scheduler_retrievability(f.scheduler, p, 1_780_000_000, &mut r), null_mut());
            check(kt_fsrs_optimize(p, null(), &mut out), out);
            check(kt_fsrs_optimize(c("[]").as_ptr(), p, &mut out), out);
            let mut assembly = null_mut();
            check(kt_contest_assemble(f.banks, p, 7, &mut assembly), null_mut());
            kt_assembly_free(assembly);
            let mut assembly = null_mut();
            check(kt_assembly_from_json(p, &mut assembly), null_mut());
            kt_assembly_free(assembly);
            let mut scoring = null_mut();
            let bytes = input.as_bytes();
            let csv = "编号,1\np,对\n";
            check(kt_contest_score(f.banks, f.assembly, p, csv.as_ptr(), csv.len(), false, &mut scoring), null_mut());
            kt_scoring_free(scoring);
            let mut scoring = null_mut();
            check(kt_contest_score(f.banks, f.assembly, null(), bytes.as_ptr(), bytes.len(), true, &mut scoring), null_mut());
            kt_scoring_free(scoring);
            let mut scoring = null_mut();
            check(kt_contest_score_json(f.banks, f.assembly, null(), p, false, &mut scoring), null_mut());
            kt_scoring_free(scoring);
            check(kt_scoring_rank(f.scoring, p, &mut out), out);
            check(kt_scoring_units(f.scoring, p, null(), &mut out), out);
            check(kt_scoring_units(f.scoring, null(), p, &mut out), out);
            check(kt_scoring_item_analysis(f.scoring, p, &mut out), out);
            check(kt_units_rank(p, 1, c("[\"mean\"]").as_ptr(), &mut out), out);
            check(kt_units_rank(c("[]").as_ptr(), 1, p, &mut out), out);
            check(kt_contest_lottery(p, 3, c("seed").as_ptr(), &mut out), out);
            check(kt_stage_board(p, null(), &mut out), out);
            check(kt_stage_board(c(SEEDS[12]).as_ptr(), p, &mut out), out);
            let mut study = null_mut();
            check(kt_study_new(p, &mut study), null_mut());
            kt_study_free(study);
            let mut learner = null_mut();
            check(kt_learner_from_json(p, &mut learner), null_mut());
            kt_learner_free(learner);
            check(kt_learner_apply(f.learner, f.study, p), null_mut());
            check(kt_learner_optimize(p, null(), &mut out), out);
            let member = KtOrgMember { member_json: p, learner: f.learner };
            let (from, to) = (c("2026-05-01"), c("2026-05-31"));
            check(kt_org_report(&member, 1, from.as_ptr(), to.as_ptr(), &mut out), out);
            let mut learner = null_mut();
            check(kt_learner_rebuild(f.study, p, &mut learner), null_mut());
            kt_learner_free(learner);
            let now = 1_780_000_000;
            let sessions: [&dyn Fn(*mut *mut KtSession) -> KtStatus; 5] = [
                &|o| kt_session_from_json(p, o),
                &|o| kt_session_daily(f.study, f.banks, f.learner, now, p, o),
                &|o| kt_session_exam(f.banks, 1, now, p, o),
                &|o| kt_session_challenge(f.banks, f.learner, 1, p, o),
                &|o| kt_session_practice(f.banks, f.learner, p, o),
            ];
            for make in sessions {
                let mut session = null_mut();
                check(make(&mut session), null_mut());
                if !session.is_null() {
                    let mut step = null_mut();
                    check(kt_session_answer(session, f.study, f.banks, f.learner, p, 1, now, &mut step, null_mut()), step);
                }
                kt_session_free(session);
            }
        }
    }
}
