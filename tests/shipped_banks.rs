//! The shipped banks: no errors, no warnings, and the content minimums of issue 3, so content
//! cannot silently shrink.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use kaotang::bank::{Period, QuestionKind, QuestionType, check};
use kaotang_suite::shipped_bank_sources;

#[test]
fn shipped_banks_are_clean_and_complete() {
    let sources = shipped_bank_sources();
    assert!(sources.len() >= 4, "one bank file per period");
    let checked = check(&sources);
    let shown: Vec<String> = checked
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        shown.is_empty(),
        "diagnostics on the shipped banks:\n{}",
        shown.join("\n")
    );
    let set = checked.set;
    let s = set.stats();

    assert!(s.questions >= 1530, "{} questions", s.questions);
    for p in Period::ALL {
        let n = s.by_period.get(p.name()).copied().unwrap_or(0);
        assert!(n >= 370, "{} has {n} questions", p.name());
    }
    let minimum = [
        (QuestionType::Single, 540),
        (QuestionType::Multiple, 245),
        (QuestionType::Judge, 315),
        (QuestionType::Fill, 245),
        (QuestionType::Order, 105),
        (QuestionType::Match, 75),
    ];
    for (t, min) in minimum {
        let n = s.by_type.get(&t).copied().unwrap_or(0);
        assert!(n >= min, "{} {} < {min}", t.label(), n);
    }
    // Hints on at least half of the single, multiple and fill questions.
    for t in [
        QuestionType::Single,
        QuestionType::Multiple,
        QuestionType::Fill,
    ] {
        let with = s.with_hint.get(&t).copied().unwrap_or(0);
        let all = s.by_type.get(&t).copied().unwrap_or(0);
        assert!(
            2 * with >= all,
            "{}: {with} of {all} have a hint",
            t.label()
        );
    }
    // No single-choice answer letter above 35%.
    let singles = s.by_type[&QuestionType::Single];
    for (letter, n) in &s.single_answer_letters {
        assert!(
            100 * n <= 35 * singles,
            "answer {letter} on {n} of {singles} single-choice questions"
        );
    }
    assert!(s.events >= 450, "{} events", s.events);
    assert!(s.event_days >= 340, "events cover {} days", s.event_days);
    assert!(s.readings >= 200, "{} readings", s.readings);
}

#[test]
fn every_item_is_sourced_and_explained() {
    let set = check(&shipped_bank_sources()).set;
    for q in set.questions() {
        assert!(
            q.source.chapter.is_some(),
            "{} cites no chapter or part",
            q.id
        );
        assert!(
            q.explanation.chars().count() >= 15,
            "{}: explanation too short to teach",
            q.id
        );
        assert!(!q.tags.is_empty(), "{} has no tags", q.id);
        if let Some(h) = &q.hint {
            assert_ne!(h, &q.explanation, "{}: hint repeats the explanation", q.id);
        }
        // A multiple-choice key never marks every option (that would need no thought).
        if let QuestionKind::Multiple { options, answer } = &q.kind {
            assert!(
                answer.0.len() < options.len(),
                "{}: every option is keyed",
                q.id
            );
        }
    }
    for e in set.events() {
        assert!(
            e.summary.chars().count() >= 30,
            "event {} {}: summary too short",
            e.date,
            e.title
        );
    }
    // Readings are in order through the century, and each is tagged so questions can be found.
    let mut last_period = Period::ALL[0];
    for r in set.readings() {
        assert!(
            r.period >= last_period,
            "reading {} breaks the chronological order",
            r.id
        );
        last_period = r.period;
        let linked: usize = r.tags.iter().map(|t| set.tagged(t).len()).sum();
        assert!(
            linked > 0,
            "reading {} shares no tag with any question",
            r.id
        );
    }
}

#[test]
fn stats_snapshot_matches() {
    // A change in content shows up here, so a shrinking bank is a visible, reviewed change.
    let s = check(&shipped_bank_sources()).set.stats();
    let mut by_type = BTreeMap::new();
    for (t, n) in &s.by_type {
        by_type.insert(t.key(), *n);
    }
    let snapshot = format!(
        "questions {} {:?}; events {} on {} days; readings {}\n",
        s.questions, by_type, s.events, s.event_days, s.readings
    );
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/shipped-stats.txt");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &snapshot).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        snapshot,
        "update with UPDATE_EXPECT=1"
    );
}

#[test]
fn every_daily_question_is_tied_to_the_days_events() {
    // 每日一题 on a day with events: a question dated that day, else one carrying the events'
    // most specific tag, so the question always belongs to one of the events shown.
    let set = check(&shipped_bank_sources()).set;
    let first = kaotang::time::Date::new(2028, 1, 1).unwrap(); // a leap year: 366 month-days
    let (mut dated, mut tagged) = (0, 0);
    for k in 0..366 {
        let t = kaotang::study::today(&set, first.add_days(k));
        if t.fallback != kaotang::study::Fallback::None {
            continue;
        }
        let id = t.question.as_ref().unwrap();
        let q = set.questions().iter().find(|q| &q.id == id).unwrap();
        let e = &t.events[t
            .event
            .unwrap_or_else(|| panic!("{}: {} is tied to no event", t.date, id.0))];
        if q.event_date
            .is_some_and(|d| d.month_day() == t.date.month_day())
        {
            dated += 1;
        } else {
            assert!(
                e.tags.iter().any(|x| q.tags.contains(x)),
                "{}: {}",
                t.date,
                id.0
            );
            tagged += 1;
        }
    }
    println!("每日一题: {dated} days by event date, {tagged} by the events' most specific tag");
    assert_eq!(dated + tagged, set.event_days());
}
