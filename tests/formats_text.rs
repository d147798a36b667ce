//! GIFT and Aiken: the fixtures, Moodle's own documented examples, and every error path.

// Helpers outside #[test] functions unwrap too: a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::panic)]

use kaotang::bank::{Blank, Letters, Period, QuestionKind, check};
use kaotang::formats::{Format, ImportOptions, import};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(kaotang_suite::fixtures_dir().join("formats").join(name)).unwrap()
}

fn brief(diags: &[kaotang::bank::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.column, d.code))
        .collect()
}

fn opts() -> ImportOptions {
    ImportOptions {
        bank_id: "moodle".into(),
        period: Some(Period::NewDemocraticRevolution),
        ..Default::default()
    }
}

fn assert_checks(bank: &kaotang::bank::Bank) {
    let yaml = serde_saphyr::to_string(bank).unwrap();
    let checked = check(&[("imported.yaml", yaml.as_str())]);
    assert!(!checked.has_errors(), "{:#?}\n{yaml}", checked.diagnostics);
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn gift_fixture_maps_every_construct() {
    let imp = import(
        Format::Gift,
        "q.gift",
        &fixture("party-history.gift"),
        &ImportOptions {
            bank_id: "moodle".into(),
            ..Default::default() // no default period: categories give it
        },
    )
    .unwrap();
    let qs = &imp.bank.questions;
    assert_eq!(qs.len(), 10);
    let q = &qs[0];
    assert_eq!(q.id.0, "gift-001", "[id:] in a comment");
    assert_eq!(q.tags, ["建党", "党的代表大会"]);
    assert_eq!(q.answer_text(), "B");
    assert!(
        q.explanation.starts_with("1921年7月23日"),
        "#### is the explanation"
    );
    assert_eq!(q.period, Period::NewDemocraticRevolution, "from $CATEGORY");
    assert_eq!(
        qs[1].id.0, "moodle-0002",
        "a title that is not an id is not used"
    );
    assert_eq!(
        qs[1].answer_text(),
        "ABC",
        "positive weights are the correct options"
    );
    assert_eq!(qs[2].kind, QuestionKind::Judge { answer: true });
    assert_eq!(qs[3].kind, QuestionKind::Judge { answer: false });
    assert_eq!(
        qs[4].stem,
        "1935年1月，中共中央政治局在____召开扩大会议，确立了毛泽东在党中央和红军的领导地位。"
    );
    assert_eq!(qs[4].answer_text(), "B");
    assert_eq!(
        qs[5].kind,
        QuestionKind::Fill {
            answer: vec![Blank(strings(&["南昌", "八一南昌"]))]
        }
    );
    assert_eq!(
        qs[5].stem,
        "1927年8月1日，中国共产党领导的____起义，打响了武装反抗国民党反动派的第一枪。"
    );
    assert_eq!(qs[6].stem, "党的七大在延安召开，它召开于哪一年？____");
    assert_eq!(
        qs[6].kind,
        QuestionKind::Fill {
            answer: vec![Blank(strings(&["1945", "一九四五"]))]
        },
        "the 50% answer is not accepted"
    );
    assert_eq!(
        qs[7].kind,
        QuestionKind::Match {
            left: strings(&["八七会议", "古田会议", "遵义会议"]),
            right: strings(&["湖北汉口", "福建上杭", "贵州遵义"]),
            answer: Letters(vec![0, 1, 2]),
        }
    );
    assert_eq!(
        qs[8].stem,
        "党的七大把毛泽东思想确立为全党的指导思想: 这次大会在{延安}召开。这一说法=正确吗？"
    );
    assert_eq!(qs[9].id.0, "gift-010");
    assert_eq!(qs[9].period, Period::ReformAndOpeningUp);
    // Dropped parts are warned about, at the question's first line.
    assert_eq!(brief(&imp.warnings), ["6:1 W105", "26:1 W105", "35:1 W105"]);
    assert_checks(&imp.bank);
}

#[test]
fn gift_constructs_without_an_equivalent_are_reported() {
    let err = import(
        Format::Gift,
        "u.gift",
        &fixture("unsupported.gift"),
        &opts(),
    )
    .unwrap_err();
    for d in &err.diagnostics {
        eprintln!("{d}");
    }
    assert_eq!(
        brief(&err.diagnostics),
        [
            "4:1 E028",  // numerical
            "6:1 E028",  // essay
            "8:1 E028",  // description
            "10:1 E001", // no closing brace
            "12:1 E001", // an answer without = or ~
            "14:1 E014", // two options (the loader: kaotang wants 3 to 8)
        ]
    );
    assert_eq!(
        err.diagnostics[0].to_string(),
        "u.gift:4:1: 错误[E028]: 数值题（{#…}）在考堂中没有对应题型"
    );
}

/// The examples of Moodle's GIFT documentation, imported as Moodle describes them.
#[test]
fn moodle_documented_gift_examples() {
    let src = "\
// multiple choice
Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}

// missing word
Grant is {~buried =entombed ~living} in Grant's tomb.

Grant is buried in Grant's tomb.{FALSE}

Who's buried in Grant's tomb?{=no one =nobody}

Match the following countries with their corresponding capitals. {
=Canada -> Ottawa
=Italy  -> Rome
=Japan  -> Tokyo
=India  -> New Delhi
}

What two people are entombed in Grant's tomb? {
~%-100%No one
~%50%Grant
~%50%Grant's wife
~%-100%Grant's father
}

::Q1:: 1+1=2 {T}
";
    let imp = import(Format::Gift, "moodle.gift", src.as_bytes(), &opts()).unwrap();
    let qs = &imp.bank.questions;
    assert_eq!(qs.len(), 7);
    assert_eq!(qs[0].answer_text(), "C");
    assert_eq!(qs[1].stem, "Grant is ____ in Grant's tomb.");
    assert_eq!(qs[1].answer_text(), "B");
    assert_eq!(qs[2].kind, QuestionKind::Judge { answer: false });
    assert_eq!(qs[3].stem, "Who's buried in Grant's tomb?____");
    assert_eq!(qs[3].answer_text(), "no one");
    assert_eq!(qs[4].answer_text(), "ABCD");
    assert_eq!(qs[5].answer_text(), "BC");
    assert_eq!(
        qs[6].id.0, "Q1",
        "a title that is a valid id names the question"
    );
    assert_eq!(qs[6].stem, "1+1=2");
    // Numerical, as documented, has no kaotang equivalent.
    let err = import(
        Format::Gift,
        "n.gift",
        b"When was Ulysses S. Grant born?{#1822:5}",
        &opts(),
    )
    .unwrap_err();
    assert_eq!(brief(&err.diagnostics), ["1:1 E028"]);
}

#[test]
fn aiken_fixture_and_moodle_examples() {
    let imp = import(
        Format::Aiken,
        "a.txt",
        &fixture("party-history.aiken.txt"),
        &opts(),
    )
    .unwrap();
    let qs = &imp.bank.questions;
    assert_eq!(qs.len(), 3);
    assert_eq!(qs[0].answer_text(), "B");
    assert_eq!(qs[1].answer_text(), "C", "A) options");
    assert_eq!(qs[2].answer_text(), "B", "no blank line between questions");
    assert!(
        imp.notes.iter().any(|n| n.contains("默认解析")),
        "{:?}",
        imp.notes
    );
    assert_checks(&imp.bank);
    // Moodle's documented examples.
    let src = "\
What is the correct answer to this question?
A. Is it this one?
B. Maybe this answer?
C. Possibly this one?
D. Must be this one!
ANSWER: D

Which LMS has the most quiz import formats?
A) Moodle
B) ATutor
C) Claroline
D) Blackboard
E) WebCT
F) Ilias
ANSWER: A
";
    let imp = import(Format::Aiken, "m.txt", src.as_bytes(), &opts()).unwrap();
    assert_eq!(imp.bank.questions[0].answer_text(), "D");
    assert_eq!(imp.bank.questions[1].choices().len(), 6);
    assert_eq!(imp.bank.questions[1].answer_text(), "A");
}

#[test]
fn aiken_errors_by_line() {
    let err = import(
        Format::Aiken,
        "b.txt",
        &fixture("broken.aiken.txt"),
        &opts(),
    )
    .unwrap_err();
    for d in &err.diagnostics {
        eprintln!("{d}");
    }
    assert_eq!(
        brief(&err.diagnostics),
        [
            "1:1 E001",
            "6:1 E028",
            "10:1 E001",
            "17:1 E012",
            "19:1 E012",
            "25:1 E005"
        ]
    );
}

#[test]
fn moodle_xml_fixture() {
    let imp = import(
        Format::MoodleXml,
        "q.xml",
        &fixture("party-history.moodle.xml"),
        &ImportOptions {
            bank_id: "moodle".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let qs = &imp.bank.questions;
    assert_eq!(qs.len(), 5);
    assert_eq!(qs[0].id.0, "xml-001", "idnumber");
    assert_eq!(
        qs[0].stem, "中国共产党第一次全国代表大会在哪一年召开？",
        "HTML to text"
    );
    assert_eq!(qs[0].answer_text(), "B");
    assert_eq!(qs[0].tags, ["建党", "党的代表大会"]);
    assert_eq!(qs[0].period, Period::NewDemocraticRevolution, "category");
    assert_eq!(qs[1].id.0, "xml-002", "a name that is an id");
    assert_eq!(qs[1].stem, "中共一大先后在哪些地方举行？", "escaped HTML");
    assert_eq!(qs[1].answer_text(), "AB");
    assert_eq!(qs[2].kind, QuestionKind::Judge { answer: false });
    assert_eq!(
        qs[3].kind,
        QuestionKind::Fill {
            answer: vec![Blank(strings(&["南昌", "八一南昌"]))]
        }
    );
    assert_eq!(
        qs[4].kind,
        QuestionKind::Match {
            left: strings(&["八七会议", "古田会议", "遵义会议"]),
            right: strings(&["湖北汉口", "福建上杭", "贵州遵义", "陕西洛川"]),
            answer: Letters(vec![0, 1, 2]),
        },
        "an empty subquestion is a distractor"
    );
    assert_checks(&imp.bank);
}

#[test]
fn moodle_xml_errors_by_line() {
    let err = import(
        Format::MoodleXml,
        "u.xml",
        &fixture("unsupported.moodle.xml"),
        &opts(),
    )
    .unwrap_err();
    assert_eq!(
        brief(&err.diagnostics),
        ["3:1 E028", "7:1 E028", "12:1 E015"]
    );
    assert_eq!(
        err.diagnostics[0].to_string(),
        "u.xml:3:1: 错误[E028]: Moodle 题型“essay”在考堂中没有对应题型"
    );
    let err = import(
        Format::MoodleXml,
        "m.xml",
        &fixture("malformed.moodle.xml"),
        &opts(),
    )
    .unwrap_err();
    assert_eq!(brief(&err.diagnostics), ["4:1 E001"]);
}
