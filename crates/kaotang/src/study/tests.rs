use std::collections::HashSet;
use std::fmt::Write as _;

use proptest::prelude::*;

use super::*;
use crate::bank::{BankSet, Period, QuestionFilter};
use crate::grade::{Response, key_response};
use crate::schedule::Phase;
use crate::time::{Date, Timestamp};

const PERIODS: [&str; 4] = [
    "新民主主义革命时期",
    "社会主义革命和建设时期",
    "改革开放和社会主义现代化建设新时期",
    "中国特色社会主义新时代",
];

/// `n` judge questions `q000…`: period `i % 4`, difficulty `i % 5 + 1`, tag `t{i % 3}`; two
/// events on 07-01 and a reading per period.
fn bank(n: usize) -> BankSet {
    let mut s = String::from(
        "bank: { id: t, title: 测试, sources: [{ id: js, title: 简史 }] }\nquestions:\n",
    );
    for i in 0..n {
        let _ = writeln!(
            s,
            "  - {{ id: q{i:03}, type: judge, stem: 第{i}题说法正确。, answer: {}, explanation: 解析{i}。, hint: 提示{i}。, period: {}, difficulty: {}, tags: [t{}], source: {{ ref: js }}{} }}",
            i % 2 == 0,
            PERIODS[i % 4],
            i % 5 + 1,
            i % 3,
            if i == 1 {
                ", event_date: 1921-07-01"
            } else {
                ""
            }
        );
    }
    s.push_str("events:\n  - { date: 1949-07-01, title: 事件乙, summary: 摘要。, tags: [t1], source: { ref: js } }\n  - { date: 1921-07-01, title: 事件甲, summary: 摘要。, tags: [t0], source: { ref: js } }\nreadings:\n");
    for (k, p) in PERIODS.iter().enumerate() {
        let _ = writeln!(
            s,
            "  - {{ id: r{k}, order: {}, title: 阅读{k}, text: 正文{k}。, period: {p}, tags: [t{k}], source: {{ ref: js }} }}",
            k + 1
        );
    }
    let checked = crate::bank::check(&[("t.yaml", s)]);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    checked.set
}

fn study() -> Study {
    Study::new(StudyConfig::default()).unwrap()
}

fn response(banks: &BankSet, id: &crate::bank::QuestionId, right: bool) -> Response {
    match key_response(banks.question(id).unwrap()) {
        Response::Judge(b) if !right => Response::Judge(!b),
        r => r,
    }
}

/// 2026-07-01 09:00.
fn t0() -> Timestamp {
    Date::new(2026, 7, 1).unwrap().start().add_secs(9 * 3600)
}

fn day(n: i64) -> Timestamp {
    t0().add_secs(n * 86_400)
}

/// Drives every mode over several days, answering right when `pattern` says so; returns the
/// live state and the log.
fn drive(
    banks: &BankSet,
    study: &Study,
    pattern: &[bool],
    days: i64,
) -> (LearnerState, Vec<Entry>) {
    let mut state = LearnerState::default();
    let mut log: Vec<Entry> = Vec::new();
    let mut k = 0;
    let mut right = || {
        k += 1;
        pattern
            .get(k % pattern.len().max(1))
            .copied()
            .unwrap_or(true)
    };
    for d in 0..days {
        let now = day(d);
        let plan = daily_plan(study, banks, &state, now, &DailyPlanSettings::default());
        let run = ChallengeSession::new(banks, &state, &ChallengeSettings::default(), d as u64);
        let exam = ExamSession::new(banks, &ExamSettings::default(), d as u64, now.add_secs(900));
        // Every mode through the one session type; the exam stops after 5 answers.
        for (session, start, step, limit) in [
            (Session::from(plan.session()), now, 0, usize::MAX),
            (Session::from(run), now.add_secs(600), 0, usize::MAX),
            (Session::from(exam), now.add_secs(900), 30, 5),
        ] {
            let mut session = session;
            let mut k = 0;
            while k < limit {
                let at = start.add_secs(step * k as i64);
                let Some(q) = session.next(banks, at) else {
                    break;
                };
                let id = q.id.clone();
                let a = Answer::new(response(banks, &id, right()), 5_000, at);
                log.extend(
                    session
                        .answer(study, banks, &mut state, &a)
                        .unwrap()
                        .entry(),
                );
                k += 1;
            }
            session.finish(banks, now.add_secs(1_500));
            assert!(session.is_finished());
        }
        let rd = reading_day(banks, &state, now.date());
        if let Some(r) = rd.reading {
            log.push(
                study
                    .mark_read(banks, &mut state, &r.id, now.add_secs(2_000))
                    .unwrap()
                    .into(),
            );
        }
    }
    (state, log)
}

#[test]
fn rebuild_from_the_log_equals_the_live_state() {
    let banks = bank(40);
    let study = study();
    let (state, log) = drive(
        &banks,
        &study,
        &[true, true, false, true, true, true, false],
        12,
    );
    assert!(log.len() > 100, "{}", log.len());
    assert_eq!(LearnerState::rebuild(&study, &log), state);
    // Through JSON, line by line, as a front end persists it.
    let lines: Vec<String> = log.iter().map(Entry::to_json).collect();
    assert!(
        lines[0].starts_with("{\"v\":1,\"entry\":\"review\""),
        "{}",
        lines[0]
    );
    let read: Vec<Entry> = lines.iter().map(|l| Entry::from_json(l).unwrap()).collect();
    assert_eq!(read, log);
    assert_eq!(LearnerState::rebuild(&study, &read), state);
    assert_eq!(LearnerState::from_json(&state.to_json()).unwrap(), state);
}

#[test]
fn other_schema_versions_are_refused() {
    assert_eq!(
        Entry::from_json(r#"{"v":2,"entry":"read","reading":"r0","at":0,"points":0,"bonus":0}"#),
        Err(StudyError::SchemaVersion {
            found: 2,
            expected: 1
        })
    );
    assert!(matches!(Entry::from_json("{}"), Err(StudyError::Json(_))));
}

#[test]
fn daily_plan_orders_by_risk_then_curriculum() {
    let banks = bank(12);
    let study = study();
    let mut state = LearnerState::default();
    // Day 0: learn q000..q003 through the plan's session, all right, twice (learning steps).
    let settings = DailyPlanSettings {
        new_per_day: 4,
        ..DailyPlanSettings::default()
    };
    let plan = daily_plan(&study, &banks, &state, t0(), &settings);
    // Curriculum: period first (q000, q004, q008 are in the first period with difficulty 1, 5,
    // 4), then difficulty; q005 is the easiest of the second period.
    let ids: Vec<&str> = plan.items.iter().map(|i| i.question.0.as_str()).collect();
    assert_eq!(ids, ["q000", "q008", "q004", "q005"]);
    assert!(plan.items.iter().all(|i| i.kind == ItemKind::New));
    assert_eq!(plan.new_available, 12);
    for step in 0..2 {
        let now = t0().add_secs(step * 700);
        for id in &ids {
            let q = banks.question(&(*id).into()).unwrap();
            let f = study
                .attempt(
                    &mut state,
                    q,
                    Attempt {
                        mode: Mode::Daily,
                        scheduled: true,
                        run_streak: None,
                    },
                    &Answer::new(response(&banks, &q.id, true), 4_000, now),
                )
                .unwrap();
            assert!(f.correct);
        }
    }
    assert!(
        state
            .cards
            .values()
            .all(|c| c.schedule.phase == Phase::Review)
    );
    // Same day: new quota used up, nothing due.
    let again = daily_plan(&study, &banks, &state, t0().add_secs(3_600), &settings);
    assert!(again.items.is_empty(), "{:?}", again.items);
    // Far later: all four due, lowest recall first; four new interleaved.
    let later = t0().add_secs(60 * 86_400);
    let plan = daily_plan(&study, &banks, &state, later, &settings);
    let reviews: Vec<f64> = plan
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Review)
        .map(|i| i.retrievability)
        .collect();
    assert_eq!(reviews.len(), 4);
    assert!(reviews.windows(2).all(|w| w[0] <= w[1]), "{reviews:?}");
    let kinds: String = plan
        .items
        .iter()
        .map(|i| if i.kind == ItemKind::New { 'n' } else { 'r' })
        .collect();
    assert_eq!(kinds, "rnrnrnrn");
    // Learn-ahead and cram leave the schedule alone.
    let ahead = daily_plan(
        &study,
        &banks,
        &state,
        t0().add_secs(86_400),
        &DailyPlanSettings {
            kind: PlanKind::LearnAhead { days: 60 },
            ..settings.clone()
        },
    );
    assert_eq!(ahead.items.len(), 4);
    assert!(!ahead.scheduled && ahead.mode == Mode::LearnAhead);
    let before = state.clone();
    let mut s = ahead.session();
    let id = s.next().cloned().unwrap();
    s.answer(
        &study,
        &banks,
        &mut state,
        &Answer::new(response(&banks, &id, true), 1, t0().add_secs(86_400)),
    )
    .unwrap();
    assert_eq!(state.cards[&id].schedule, before.cards[&id].schedule);
    let cram = daily_plan(
        &study,
        &banks,
        &state,
        later,
        &DailyPlanSettings {
            kind: PlanKind::Cram,
            review_cap: 100,
            ..settings
        },
    );
    assert_eq!(cram.items.len(), 12);
    assert_eq!(cram.items[0].retrievability, 0.0); // unseen first
}

#[test]
fn wrong_book_entries_leave_after_three_right_in_a_row() {
    let banks = bank(6);
    let study = study();
    let mut state = LearnerState::default();
    let id: crate::bank::QuestionId = "q001".into();
    let mut s = QuizSession::new(Mode::Practice, vec![id.clone(); 5], false);
    let outcomes = [false, true, true, true, false];
    let mut member = Vec::new();
    for (k, right) in outcomes.into_iter().enumerate() {
        let a = Answer::new(response(&banks, &id, right), 1_000, day(k as i64));
        s.answer(&study, &banks, &mut state, &a).unwrap();
        member.push(state.cards[&id].wrong_book);
    }
    assert_eq!(member, [true, true, true, false, true]);
    // Practice is unscheduled: the card never entered the schedule.
    assert_eq!(state.cards[&id].schedule.reps, 0);
    let book = wrong_book(&banks, &state);
    assert_eq!(book.entries.len(), 1);
    assert_eq!(book.entries[0].wrong, 2);
    assert_eq!(
        book.by_period[&Period::SocialistRevolutionAndConstruction],
        [0]
    );
    assert_eq!(book.by_tag["t1"], [0]);
    let csv = book.to_csv();
    assert_eq!(
        csv,
        "题号,题型,题干,正确答案,解析,时期,标签,答错次数,已答对天数,最近答错\r\nq001,判断题,第1题说法正确。,错,解析1。,社会主义革命和建设时期,t1,2,0,2026-07-05\r\n"
    );
    assert!(book.to_json().contains("\"question\": \"q001\""));
    // An unscheduled wrong-book item is due in the daily plan from the next day.
    let plan = daily_plan(
        &study,
        &banks,
        &state,
        day(4),
        &DailyPlanSettings::default(),
    );
    assert!(!plan.items.iter().any(|i| i.question == id));
    let plan = daily_plan(
        &study,
        &banks,
        &state,
        day(5),
        &DailyPlanSettings::default(),
    );
    let item = plan.items.iter().find(|i| i.question == id).unwrap();
    assert_eq!(item.kind, ItemKind::WrongBook);
}

#[test]
fn challenge_points_at_thresholds_and_caps() {
    let banks = bank(30);
    let study = study();
    let mut state = LearnerState::default();
    let now = day(0);
    let mut run = ChallengeSession::new(&banks, &state, &ChallengeSettings::default(), 1);
    let mut points = Vec::new();
    for _ in 0..12 {
        let id = run.next().cloned().unwrap();
        let f = run
            .answer(
                &study,
                &banks,
                &mut state,
                &Answer::new(response(&banks, &id, true), 1, now),
            )
            .unwrap();
        points.push(f.record.points);
    }
    // 5 right → 3 points, 10 → 6 in all; the first answer also earns the study-day point.
    assert_eq!(points, [0, 0, 0, 0, 3, 0, 0, 0, 0, 3, 0, 0]);
    assert_eq!(state.day(now.date()).bonus, 1);
    assert_eq!(run.streak(), 12);
    // A second run the same day: the challenge cap (6) is reached.
    let mut second = ChallengeSession::new(&banks, &state, &ChallengeSettings::default(), 2);
    for _ in 0..5 {
        let id = second.next().cloned().unwrap();
        let f = second
            .answer(
                &study,
                &banks,
                &mut state,
                &Answer::new(response(&banks, &id, true), 1, now),
            )
            .unwrap();
        assert_eq!(f.record.points, 0);
    }
    assert_eq!(state.best_challenge, 12);
    assert_eq!(state.day(now.date()).mode_points(Mode::Challenge), 6);
}

#[test]
fn challenge_draws_without_repeats_weighted_to_weak_periods() {
    let banks = bank(200);
    let mut state = LearnerState::default();
    // Strong in period 1 (50 answers, all right), weak in period 2 (50 answers, all wrong).
    for i in 0..50 {
        let card = |right: bool| Card {
            answers: 1,
            correct: u32::from(right),
            ..Card::default()
        };
        state
            .cards
            .insert(format!("q{:03}", i * 4).as_str().into(), card(true));
        state
            .cards
            .insert(format!("q{:03}", i * 4 + 1).as_str().into(), card(false));
    }
    let settings = ChallengeSettings {
        max_questions: 40,
        ..ChallengeSettings::default()
    };
    let (mut strong, mut weak) = (0, 0);
    for seed in 0..20 {
        let run = ChallengeSession::new(&banks, &state, &settings, seed);
        let ids: Vec<_> = run.queue().to_vec();
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
        for id in ids {
            match banks.question(&id).unwrap().period {
                Period::NewDemocraticRevolution => strong += 1,
                Period::SocialistRevolutionAndConstruction => weak += 1,
                _ => {}
            }
        }
    }
    // Weights 1 + 2·1/52 ≈ 1.04 against 1 + 2·51/52 ≈ 2.96.
    assert!(weak > 2 * strong, "weak {weak}, strong {strong}");
}

#[test]
fn exam_scores_out_of_100_and_submits_when_time_is_up() {
    let banks = bank(30);
    let study = study();
    let mut state = LearnerState::default();
    let start = day(0);
    let settings = ExamSettings {
        count: 10,
        time_limit_secs: 300,
        ..ExamSettings::default()
    };
    let mut exam = ExamSession::new(&banks, &settings, 9, start);
    let paper: Vec<_> = exam.questions().cloned().collect();
    assert_eq!(paper.len(), 10);
    // 7 right, 1 wrong, then time runs out with 2 unanswered.
    for k in 0..8 {
        let at = start.add_secs(30 * k);
        let id = exam.next(at).cloned().unwrap();
        let step = exam
            .answer(
                &study,
                &banks,
                &mut state,
                &Answer::new(response(&banks, &id, k < 7), 20_000, at),
            )
            .unwrap();
        assert!(step.is_some());
    }
    let late = start.add_secs(301);
    assert_eq!(exam.next(late), None);
    let id = paper[8].clone();
    let step = exam
        .answer(
            &study,
            &banks,
            &mut state,
            &Answer::new(response(&banks, &id, true), 1, late),
        )
        .unwrap();
    assert_eq!(step, None, "the answer came after the time limit");
    let report = exam.report().cloned().unwrap();
    assert_eq!(report.score, 70.0);
    assert_eq!((report.correct, report.answered, report.total), (7, 8, 10));
    assert!(report.timed_out);
    assert_eq!(report.elapsed_secs, 300);
    assert_eq!(report.wrong.len(), 3);
    assert_eq!(report.wrong[0].question, paper[7]);
    assert!(report.wrong[0].answered);
    assert!(report.wrong[0].explanation.starts_with("解析"));
    assert!(report.wrong[1..].iter().all(|w| !w.answered));
    // Only the answered questions were recorded: the two never answered are not in the
    // wrong book and have no card.
    let answered: u32 = state.cards.values().map(|c| c.answers).sum();
    assert_eq!(answered, 8);
    assert!(paper[8..].iter().all(|id| state.card(id).is_none()));
    assert!(matches!(
        exam.submit(&banks, late),
        Err(StudyError::Finished)
    ));
}

#[test]
fn today_is_the_same_for_everyone_and_falls_back() {
    let banks = bank(12);
    let d = Date::new(2026, 7, 1).unwrap();
    let t = today(&banks, d);
    assert_eq!(t.fallback, Fallback::None);
    let titles: Vec<_> = t.events.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["事件甲", "事件乙"]); // 1921 before 1949
    assert_eq!(t.question.as_ref().unwrap().0, "q001"); // the one question dated 07-01
    assert_eq!(t.event, Some(0));
    assert_eq!(today(&banks, d), t);
    let t = today(&banks, Date::new(2026, 7, 3).unwrap());
    assert_eq!(t.fallback, Fallback::NearestDay { month: 7, day: 1 });
    let empty = crate::bank::check(&[(
        "e.yaml",
        "bank: { id: e, title: 空, sources: [{ id: js, title: 简史 }] }\nquestions:\n  - { id: e1, type: judge, stem: 说法。, answer: true, explanation: 解析。, period: 新民主主义革命时期, difficulty: 1, source: { ref: js } }\n",
    )])
    .set;
    let t = today(&empty, d);
    assert_eq!(t.fallback, Fallback::NoEvents);
    assert_eq!(t.question.unwrap().0, "e1");
    assert_eq!(t.event, None);
}

#[test]
fn readings_follow_the_plan_order() {
    let banks = bank(12);
    let study = study();
    let mut state = LearnerState::default();
    let d = day(0).date();
    let rd = reading_day(&banks, &state, d);
    assert_eq!(rd.reading.as_ref().unwrap().id, "r0");
    assert_eq!((rd.read, rd.total), (0, 4));
    // Tag t0: q000, q003, q006, q009; period 1 (q000) first.
    let ids: Vec<_> = rd.questions.iter().map(|q| q.0.as_str()).collect();
    assert_eq!(ids, ["q000", "q009", "q006", "q003"]);
    let rec = study.mark_read(&banks, &mut state, "r0", day(0)).unwrap();
    assert_eq!((rec.points, rec.bonus), (1, 1));
    // Still today's reading on the day it was read; the next one the day after.
    assert_eq!(reading_day(&banks, &state, d).reading.unwrap().id, "r0");
    let next = reading_day(&banks, &state, d.add_days(1));
    assert_eq!((next.reading.unwrap().id.as_str(), next.read), ("r1", 1));
    assert!(matches!(
        study.mark_read(&banks, &mut state, "nope", day(0)),
        Err(StudyError::UnknownReading(_))
    ));
}

#[test]
fn points_totals_and_streaks() {
    let banks = bank(6);
    let study = study();
    let mut state = LearnerState::default();
    // Read on 2026-06-29 (Mon), 06-30, 07-01 (Wed), then 07-03.
    for (k, r) in [(-2, "r0"), (-1, "r1"), (0, "r2"), (2, "r3")] {
        study.mark_read(&banks, &mut state, r, day(k)).unwrap();
    }
    assert_eq!(state.current_streak(day(2).date()), 1);
    assert_eq!(state.current_streak(day(1).date()), 3); // alive until studied or missed
    assert_eq!(state.best_streak(), 3);
    let totals = PointsPolicy::totals(&state, day(2).date());
    assert_eq!(
        totals,
        PointsTotals {
            today: 2,
            week: 8,
            total: 8
        }
    );
    let weekly = PointsPolicy {
        modes: [(
            Mode::Reading,
            ModeRule {
                per_item: 1,
                daily_cap: 1,
                weekdays: vec![6, 7],
                ..ModeRule::default()
            },
        )]
        .into(),
        ..PointsPolicy::default()
    };
    let rotated = Study::new(StudyConfig {
        points: weekly,
        ..StudyConfig::default()
    })
    .unwrap();
    let mut s2 = LearnerState::default();
    // 2026-07-01 is a Wednesday: no reading points, only the study-day point.
    let r = rotated.mark_read(&banks, &mut s2, "r0", day(0)).unwrap();
    assert_eq!((r.points, r.bonus), (0, 1));
    let r = rotated.mark_read(&banks, &mut s2, "r1", day(3)).unwrap(); // Saturday
    assert_eq!((r.points, r.bonus), (1, 1));
}

#[test]
fn points_policy_is_read_from_yaml_with_positions() {
    let err = PointsPolicy::from_yaml("modes:\n  daily: { per_item: x }\n").unwrap_err();
    assert!(err.to_string().contains("line 2"), "{err}");
    let err = PointsPolicy::from_yaml(
        "modes:\n  challenge: { thresholds: [{ at: 10, points: 6 }, { at: 5, points: 3 }] }\n",
    )
    .unwrap_err();
    assert!(err.to_string().contains("挑战答题"), "{err}");
    assert!(PointsPolicy::from_yaml("modes: { daily: { weekdays: [8] } }").is_err());
}

#[test]
fn org_report_aggregates_up_the_tree() {
    let banks = bank(6);
    let study = study();
    let mut a = LearnerState::default();
    let mut b = LearnerState::default();
    let c = LearnerState::default();
    let mut s = QuizSession::new(Mode::Practice, vec!["q000".into(), "q001".into()], false);
    s.answer(
        &study,
        &banks,
        &mut a,
        &Answer::new(response(&banks, &"q000".into(), true), 1, day(0)),
    )
    .unwrap();
    s.answer(
        &study,
        &banks,
        &mut a,
        &Answer::new(response(&banks, &"q001".into(), false), 1, day(0)),
    )
    .unwrap();
    let mut s = QuizSession::new(Mode::Practice, vec!["q000".into()], false);
    s.answer(
        &study,
        &banks,
        &mut b,
        &Answer::new(response(&banks, &"q000".into(), true), 1, day(1)),
    )
    .unwrap();
    let m = |name: &str, unit: &[&str]| Member {
        learner: name.into(),
        unit: unit.iter().map(|s| (*s).to_owned()).collect(),
    };
    let (ma, mb, mc) = (
        m("a", &["区", "一支部"]),
        m("b", &["区", "二支部"]),
        m("c", &["区", "二支部"]),
    );
    let r = org_report(
        &[(&ma, &a), (&mb, &b), (&mc, &c)],
        day(0).date(),
        day(6).date(),
    );
    let units: Vec<_> = r.units.iter().map(|u| u.unit.join("/")).collect();
    assert_eq!(units, ["", "区", "区/一支部", "区/二支部"]);
    let two = &r.units[3];
    assert_eq!(
        (two.members, two.active, two.answers, two.correct),
        (2, 1, 1, 1)
    );
    assert_eq!(two.participation, 0.5);
    assert_eq!(two.average_accuracy, 1.0);
    let all = &r.units[0];
    assert_eq!(all.average_accuracy, 0.75); // (0.5 + 1) / 2
    // a: 1 practice point + 1 study-day; b: the same.
    assert_eq!(all.points, 4);
    assert!((all.average_points - 4.0 / 3.0).abs() < 1e-12);
}

#[test]
fn learner_report_counts_stages_and_forecasts() {
    let banks = bank(20);
    let study = study();
    let (state, _) = drive(&banks, &study, &[true, true, true, false], 5);
    let now = day(5);
    let r = learner_report(&study, &banks, &state, now);
    let c = r.cards;
    assert_eq!(c.new + c.learning + c.young + c.mature, 20);
    let scheduled = state.cards.values().filter(|c| c.schedule.reps > 0).count() as u32;
    assert_eq!(c.learning + c.young + c.mature, scheduled);
    assert_eq!(r.forecast.len(), 14);
    assert_eq!(r.forecast[0].0, now.date());
    assert!(r.forecast.iter().map(|f| f.1).sum::<u32>() <= scheduled);
    assert_eq!(r.streak, 5);
    assert_eq!(r.by_period.len(), 4);
    assert_eq!(r.by_period.values().map(|g| g.questions).sum::<u32>(), 20);
    assert_eq!(
        r.overall.answers,
        state.cards.values().map(|c| c.answers).sum::<u32>()
    );
    assert!(r.overall.retention > 0.0 && r.overall.retention <= 1.0);
    assert_eq!(
        r.points.total,
        state.days.values().map(DayLog::total_points).sum::<u32>()
    );
}

#[test]
fn deadline_plan_covers_the_scope_before_the_date() {
    let banks = bank(120);
    let study = study();
    let mut state = LearnerState::default();
    let settings = DeadlineSettings {
        deadline: day(30).date(),
        daily_minutes: 10,
        ..DeadlineSettings::default()
    };
    let mut retentions = Vec::new();
    for d in 0..30 {
        let now = day(d);
        let plan = deadline_plan(&study, &banks, &state, now, &settings).unwrap();
        assert!(plan.on_track, "day {d}: {plan:?}");
        retentions.push(plan.desired_retention);
        let mut s = plan.plan.session();
        while let Some(id) = s.next().cloned() {
            s.answer(
                &study,
                &banks,
                &mut state,
                &Answer::new(response(&banks, &id, true), 1, now),
            )
            .unwrap();
        }
    }
    let last = deadline_plan(&study, &banks, &state, day(30), &settings).unwrap();
    assert_eq!(last.unseen, 0);
    assert!(retentions.windows(2).all(|w| w[0] <= w[1]));
    assert!(last.recall_if_stopped > 0.85, "{}", last.recall_if_stopped);
    let first = state
        .cards
        .values()
        .filter_map(|c| c.first_seen)
        .max()
        .unwrap();
    assert!(first.date() <= day(30 - 7).date());
    assert!(matches!(
        deadline_plan(
            &study,
            &banks,
            &state,
            day(0),
            &DeadlineSettings {
                retention_near: 1.0,
                ..settings
            }
        ),
        Err(StudyError::Setting { .. })
    ));
}

fn arb_log() -> impl Strategy<Value = Vec<(u8, u8, bool, u8)>> {
    // (question, day, right, mode)
    proptest::collection::vec((0u8..30, 0u8..10, any::<bool>(), 0u8..9), 0..120)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn daily_plans_have_no_duplicates_respect_caps_and_are_stable(
        log in arb_log(), new_per_day in 0u32..8, review_cap in 0u32..12, at in 0i64..12,
    ) {
        let banks = bank(30);
        let study = study();
        let mut state = LearnerState::default();
        let mut sorted = log.clone();
        sorted.sort_by_key(|e| e.1);
        for (q, d, right, m) in sorted {
            let id: crate::bank::QuestionId = format!("q{q:03}").as_str().into();
            let question = banks.question(&id).unwrap();
            let mode = Mode::ALL[usize::from(m)];
            let how = Attempt { mode, scheduled: m % 2 == 0, run_streak: None };
            study.attempt(&mut state, question, how, &Answer::new(response(&banks, &id, right), 1, day(i64::from(d)))).unwrap();
        }
        let now = day(at);
        let settings = DailyPlanSettings {
            new_per_day,
            review_cap,
            filter: QuestionFilter { periods: vec![Period::NewDemocraticRevolution, Period::NewEra], ..QuestionFilter::default() },
            ..DailyPlanSettings::default()
        };
        let plan = daily_plan(&study, &banks, &state, now, &settings);
        let ids: HashSet<_> = plan.items.iter().map(|i| &i.question).collect();
        prop_assert_eq!(ids.len(), plan.items.len());
        let today = state.day(now.date());
        let news = plan.items.iter().filter(|i| i.kind == ItemKind::New).count() as u32;
        prop_assert!(news <= new_per_day.saturating_sub(today.new));
        prop_assert!(plan.items.len() as u32 - news <= review_cap.saturating_sub(today.reviews));
        for i in &plan.items {
            prop_assert!(settings.filter.matches(&banks, banks.position(&i.question).unwrap()));
        }
        prop_assert_eq!(&daily_plan(&study, &banks, &state, now, &settings), &plan);
    }

    #[test]
    fn a_challenge_ends_exactly_at_the_first_wrong_answer_after_the_revives(
        answers in proptest::collection::vec(any::<bool>(), 1..60), revives in 0u32..3, seed in any::<u64>(),
    ) {
        let banks = bank(40);
        let study = study();
        let mut state = LearnerState::default();
        let settings = ChallengeSettings { revives, max_questions: 40, ..ChallengeSettings::default() };
        let mut run = ChallengeSession::new(&banks, &state, &settings, seed);
        let mut wrong = 0;
        let mut given = 0;
        for (k, &right) in answers.iter().enumerate() {
            let Some(id) = run.next().cloned() else { break };
            let f = run.answer(&study, &banks, &mut state, &Answer::new(response(&banks, &id, right), 1, day(0))).unwrap();
            given += 1;
            wrong += u32::from(!right);
            let should_end = wrong > revives || k + 1 == 40;
            prop_assert_eq!(f.finished, should_end);
            prop_assert_eq!(run.is_finished(), should_end);
            prop_assert_eq!(f.record.streak, Some(answers[..=k].iter().filter(|&&r| r).count() as u32));
        }
        let expected = answers
            .iter()
            .scan(0u32, |w, &r| { let before = *w; *w += u32::from(!r); Some(before) })
            .take_while(|&w| w <= revives)
            .count()
            .min(40);
        let expected = expected.min(answers.len());
        prop_assert_eq!(given, expected);
        if run.is_finished() {
            prop_assert_eq!(
                run.answer(&study, &banks, &mut state, &Answer::skipped(1, day(0))),
                Err(StudyError::Finished)
            );
        }
    }

    #[test]
    fn points_never_exceed_the_caps(log in arb_log(), cap in 0u32..40) {
        let banks = bank(30);
        let config = StudyConfig {
            points: PointsPolicy { daily_cap: cap, ..PointsPolicy::default() },
            ..StudyConfig::default()
        };
        let study = Study::new(config).unwrap();
        let mut state = LearnerState::default();
        let mut sorted = log.clone();
        sorted.sort_by_key(|e| e.1);
        let mut streak = 0;
        for (q, d, right, m) in sorted {
            let id: crate::bank::QuestionId = format!("q{q:03}").as_str().into();
            let question = banks.question(&id).unwrap();
            let mode = Mode::ALL[usize::from(m)];
            let run_streak = (mode == Mode::Challenge).then_some(streak);
            let f = study.attempt(&mut state, question, Attempt { mode, scheduled: false, run_streak }, &Answer::new(response(&banks, &id, right), 1, day(i64::from(d)))).unwrap();
            if mode == Mode::Challenge { streak = if f.correct { streak + 1 } else { 0 }; }
        }
        let policy = &study.config().points;
        for day in state.days.values() {
            prop_assert!(day.total_points() <= cap);
            for (mode, &p) in &day.points {
                prop_assert!(p <= policy.modes.get(mode).map_or(0, |r| r.daily_cap));
            }
        }
    }
}

#[test]
fn rising_retention_beats_a_flat_one_on_the_day() {
    let banks = bank(150);
    let study = study();
    let mut rng = crate::rng::SeedRng::new(11);
    let mut run = |far: f64, near: f64| {
        let mut state = LearnerState::default();
        let settings = DeadlineSettings {
            deadline: day(40).date(),
            // Due reviews come first and are never dropped: the budget must hold them and
            // the new questions for the scope to be covered.
            daily_minutes: 15,
            retention_far: far,
            retention_near: near,
            ..DeadlineSettings::default()
        };
        for d in 0..40 {
            let now = day(d);
            let plan = deadline_plan(&study, &banks, &state, now, &settings).unwrap();
            let mut s = plan.plan.session();
            while let Some(id) = s.next().cloned() {
                let p = state
                    .card(&id)
                    .filter(|c| c.schedule.reps > 0)
                    .map_or(0.7, |c| study.retrievability(c, now));
                let right = rng.unit() < p;
                s.answer(
                    &study,
                    &banks,
                    &mut state,
                    &Answer::new(response(&banks, &id, right), 1, now),
                )
                .unwrap();
            }
        }
        deadline_plan(&study, &banks, &state, day(40), &settings).unwrap()
    };
    let flat = run(0.85, 0.85);
    let rising = run(0.85, 0.97);
    println!(
        "predicted recall on the day: flat 0.85 {:.3}, rising 0.85→0.97 {:.3}",
        flat.recall_if_stopped, rising.recall_if_stopped
    );
    assert_eq!((flat.unseen, rising.unseen), (0, 0));
    assert!(rising.recall_if_stopped > flat.recall_if_stopped);
}

#[test]
fn one_session_type_runs_an_exam_resumes_from_json_and_reports() {
    let banks = bank(20);
    let study = study();
    let mut state = LearnerState::default();
    let start = day(0);
    let settings = ExamSettings {
        count: 4,
        ..ExamSettings::default()
    };
    let mut session = Session::from(ExamSession::new(&banks, &settings, 3, start));
    assert_eq!((session.mode(), session.total()), (Mode::Exam, Some(4)));
    assert_eq!(session.deadline(), Some(start.add_secs(300)));
    let mut shown = Vec::new();
    for k in 0..2 {
        let q = session.next(&banks, start.add_secs(k)).unwrap();
        shown.push(q.id.clone());
        let r = response(&banks, &q.id, k == 0);
        let step = session
            .answer(
                &study,
                &banks,
                &mut state,
                &Answer::new(r, 1_000, start.add_secs(k)),
            )
            .unwrap();
        assert!(!step.finished && step.report.is_none());
        assert_eq!(step.entry().map(|e| e.at()), Some(start.add_secs(k)));
        // The JSON is the whole session: a front end may save it and resume later.
        let json = session.to_json();
        session = Session::from_json(&json).unwrap();
        assert_eq!(session.to_json(), json);
    }
    assert_eq!(session.number(), 3);
    let summary = session.finish(&banks, start.add_secs(60)).clone();
    assert!(summary.finished && session.next(&banks, start).is_none());
    assert_eq!((summary.answered, summary.correct), (2, 1));
    let report = summary.exam.unwrap();
    assert_eq!((report.answered, report.total, report.score), (2, 4, 25.0));
    let texts: Vec<&str> = report
        .wrong
        .iter()
        .map(|w| w.response_text.as_str())
        .collect();
    // The wrong answer written out, then the two never answered.
    assert!(matches!(texts[0], "对" | "错"));
    assert_eq!(texts[1..], ["未作答", "未作答"]);
    // Only what was shown and answered has a card.
    let carded: Vec<_> = state.cards.keys().cloned().collect();
    assert_eq!(carded, {
        let mut s = shown.clone();
        s.sort();
        s
    });
    assert!(matches!(
        session.answer(&study, &banks, &mut state, &Answer::skipped(0, start)),
        Err(StudyError::Finished)
    ));
}

#[test]
fn a_hint_earns_no_points_rates_at_most_hard_and_is_off_in_exams() {
    let banks = bank(8);
    let study = study();
    let mut state = LearnerState::default();
    let now = day(0);
    let plan = daily_plan(&study, &banks, &state, now, &DailyPlanSettings::default());
    let mut session = Session::from(plan.session());
    assert!(session.hints_allowed());
    let id = session.next(&banks, now).unwrap().id.clone();
    assert!(session.hint(&banks).unwrap().unwrap().starts_with("提示"));
    let r = response(&banks, &id, true);
    let f = session
        .answer(&study, &banks, &mut state, &Answer::new(r, 1_000, now))
        .unwrap()
        .feedback
        .unwrap();
    assert!(f.correct && f.record.hint_used);
    assert_eq!(
        (f.record.points, f.record.rating),
        (0, Some(crate::schedule::Rating::Hard))
    );
    assert_eq!(session.summary().hinted, 1);
    // The next question is not hinted.
    let id = session.next(&banks, now).unwrap().id.clone();
    let r = response(&banks, &id, true);
    let f = session
        .answer(&study, &banks, &mut state, &Answer::new(r, 1_000, now))
        .unwrap()
        .feedback
        .unwrap();
    assert!(!f.record.hint_used && f.record.points == 1);
    assert_eq!(f.record.rating, Some(crate::schedule::Rating::Good));
    let next = f.next_review.unwrap();
    assert_eq!(next.due, state.cards[&id].schedule.due);

    let mut exam = Session::from(ExamSession::new(&banks, &ExamSettings::default(), 1, now));
    assert!(exam.next(&banks, now).is_some());
    assert_eq!(exam.hint(&banks), Err(StudyError::NoHints("微考堂")));
    let mut exam = exam.with_hints(true);
    assert!(exam.hint(&banks).unwrap().is_some());
}

#[test]
fn the_wrong_book_needs_correct_answers_on_different_days() {
    let banks = bank(4);
    let study = study();
    let mut state = LearnerState::default();
    let id: crate::bank::QuestionId = "q001".into();
    let mut marks = Vec::new();
    // Wrong, then right twice the same day; right on days 1, 1, 2, 3.
    for (d, right) in [
        (0, false),
        (0, true),
        (0, true),
        (1, true),
        (1, true),
        (2, true),
        (3, true),
    ] {
        let mut s = QuizSession::new(Mode::WrongBook, vec![id.clone()], false);
        let a = Answer::new(response(&banks, &id, right), 1_000, day(d));
        marks.push(s.answer(&study, &banks, &mut state, &a).unwrap().wrong_book);
    }
    let progress = |done, counted| WrongBookMark::Progress {
        done,
        needed: 3,
        counted,
    };
    assert_eq!(
        marks,
        [
            WrongBookMark::Added,
            progress(0, false),
            progress(0, false),
            progress(1, true),
            progress(1, false),
            progress(2, true),
            WrongBookMark::Removed,
        ]
    );
    assert!(!state.cards[&id].wrong_book);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// However an exam ends, its wrong book holds only questions that were shown and answered.
    #[test]
    fn an_exams_wrong_book_never_holds_an_unshown_question(
        count in 1u32..8, answers in proptest::collection::vec(any::<bool>(), 0..8),
        seed in any::<u64>(), late in any::<bool>(),
    ) {
        let banks = bank(12);
        let study = study();
        let mut state = LearnerState::default();
        let start = day(0);
        let settings = ExamSettings { count, time_limit_secs: 60, ..ExamSettings::default() };
        let mut session = Session::from(ExamSession::new(&banks, &settings, seed, start));
        let mut answered = HashSet::new();
        for (k, right) in answers.iter().enumerate() {
            let at = start.add_secs(10 * k as i64);
            let Some(q) = session.next(&banks, at) else { break };
            let id = q.id.clone();
            let step = session
                .answer(&study, &banks, &mut state, &Answer::new(response(&banks, &id, *right), 1, at))
                .unwrap();
            if step.feedback.is_some() {
                answered.insert(id);
            }
        }
        let end = if late { start.add_secs(61) } else { start.add_secs(59) };
        let report = session.finish(&banks, end).exam.clone().unwrap();
        prop_assert_eq!(report.answered as usize, answered.len());
        let book = wrong_book(&banks, &state);
        prop_assert!(book.entries.iter().all(|e| answered.contains(&e.question)));
        prop_assert!(state.cards.keys().all(|id| answered.contains(id)));
        prop_assert_eq!(report.wrong.iter().filter(|w| !w.answered).count(), (report.total - report.answered) as usize);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Two front ends of one learner writing to one log, in any interleaving: each syncs
    /// what the other appended before answering, so no points cap is exceeded and no question
    /// is reviewed on the schedule twice.
    #[test]
    fn two_interleaved_writers_keep_caps_and_review_once(
        turns in proptest::collection::vec((any::<bool>(), any::<bool>()), 1..60),
        modes in proptest::collection::vec(0usize..3, 2),
    ) {
        let banks = bank(24);
        let study = study();
        let now = day(0);
        let mut log: Vec<Entry> = Vec::new();
        let make = |m: usize, state: &LearnerState| -> Session {
            match m {
                0 => daily_plan(&study, &banks, state, now, &DailyPlanSettings::default()).session().into(),
                1 => practice_session(&banks, state, &PracticeSettings::default()).into(),
                _ => ChallengeSession::new(&banks, state, &ChallengeSettings { revives: 100, ..ChallengeSettings::default() }, 5).into(),
            }
        };
        let mut writers: Vec<(Session, LearnerState, usize)> = modes
            .iter()
            .map(|&m| (make(m, &LearnerState::default()), LearnerState::default(), 0))
            .collect();
        for (k, (which, right)) in turns.into_iter().enumerate() {
            let (session, state, seen) = &mut writers[usize::from(which)];
            session.sync(&study, state, &log[*seen..]);
            *seen = log.len();
            let at = now.add_secs(k as i64);
            let Some(q) = session.next(&banks, at) else { continue };
            let id = q.id.clone();
            let a = Answer::new(response(&banks, &id, right), 1_000, at);
            if let Some(e) = session.answer(&study, &banks, state, &a).unwrap().entry() {
                log.push(e);
                *seen = log.len();
            }
        }
        let state = LearnerState::rebuild(&study, &log);
        let policy = &study.config().points;
        let dl = state.day(now.date());
        for (mode, rule) in &policy.modes {
            prop_assert!(dl.mode_points(*mode) <= rule.daily_cap, "{:?}: {}", mode, dl.mode_points(*mode));
        }
        prop_assert!(dl.total_points() <= policy.daily_cap);
        let mut rated = HashSet::new();
        for e in &log {
            if let Entry::Review(r) = e && r.rating.is_some() {
                prop_assert!(rated.insert(r.question.clone()), "{} reviewed twice", r.question);
            }
        }
    }
}

#[test]
fn a_deadline_plan_never_drops_due_reviews_and_refuses_invalid_budgets() {
    let banks = bank(60);
    let study = study();
    let mut state = LearnerState::default();
    // 60 questions learnt on day 0, all due again by day 3.
    let plan = daily_plan(
        &study,
        &banks,
        &state,
        day(0),
        &DailyPlanSettings {
            new_per_day: 60,
            ..DailyPlanSettings::default()
        },
    );
    let mut s = plan.session();
    while let Some(id) = s.next().cloned() {
        s.answer(
            &study,
            &banks,
            &mut state,
            &Answer::new(response(&banks, &id, true), 1, day(0)),
        )
        .unwrap();
    }
    let settings = DeadlineSettings {
        deadline: day(60).date(),
        daily_minutes: 1,
        ..DeadlineSettings::default()
    };
    let later = day(20);
    let p = deadline_plan(&study, &banks, &state, later, &settings).unwrap();
    // 1 minute holds 3 reviews of 20 s; every due review is planned anyway, and said so.
    assert!(p.due_reviews > 3, "{p:?}");
    assert_eq!(p.plan.items.len() as u32, p.due_reviews);
    assert_eq!(p.new_today, 0);
    assert_eq!(
        p.over_budget_minutes,
        (p.due_reviews * 20 - 60).div_ceil(60)
    );
    // Followed, the plan keeps what is learnt: better than stopping today.
    assert!(p.predicted_recall >= p.recall_if_stopped, "{p:?}");
    assert!(p.predicted_recall <= 1.0);
    for minutes in [0, 24 * 60 + 1] {
        let bad = DeadlineSettings {
            daily_minutes: minutes,
            ..settings.clone()
        };
        assert!(matches!(
            deadline_plan(&study, &banks, &state, later, &bad),
            Err(StudyError::Setting {
                name: "daily_minutes",
                ..
            })
        ));
    }
}
