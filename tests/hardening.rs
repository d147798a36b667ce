//! Regression tests for hostile and careless input (issue 19): each case once crashed, took
//! quadratic time, used unbounded memory, lost data or was missed by the check. Speed itself
//! is measured by `benches/formats.rs` (time per MB), never timed here.

// Helpers outside #[test] functions unwrap too: a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::panic)]

use kaotang::bank::{
    BankSet, Code, Diagnostic, MAX_LISTED, Period, QuestionKind, check, parse_bank,
    parse_bank_bytes,
};
use kaotang::contest::{Stage, StageConfig, StageError, StageEvent, recover_log};
use kaotang::formats::{Format, ImportOptions, export, import};

fn opts() -> ImportOptions {
    ImportOptions {
        period: Some(Period::NewDemocraticRevolution),
        ..Default::default()
    }
}

fn codes(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.code.as_str()).collect()
}

const HEADER: &str =
    "bank: { id: demo, title: 示例, sources: [{ id: jianshi, title: 中国共产党简史 }] }\n";

fn judge(id: &str) -> String {
    format!(
        "  - {{ id: {id}, type: judge, stem: 第{id}题：遵义会议在1935年召开。, answer: true, explanation: 1935年1月。, period: 新民主主义革命时期, difficulty: 1, source: {{ ref: jianshi }} }}\n"
    )
}

// 1. Depth: every recursive reader stops at a limit with a located error.

#[test]
fn moodle_xml_nested_131072_deep_is_a_located_error_not_a_crash() {
    let depth = 131_072;
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<quiz>\n{}{}</quiz>\n",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    let err = import(Format::MoodleXml, "deep.xml", xml.as_bytes(), &opts()).unwrap_err();
    let d = &err.diagnostics[0];
    assert_eq!((d.code, d.pos.line), (Code::Refused, 3), "{d}");
    assert!(d.message.contains("嵌套超过 32 层"), "{d}");
}

#[test]
fn deep_yaml_and_json_banks_are_refused_with_a_position() {
    let yaml = format!(
        "{HEADER}questions:\n  - {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let parsed = parse_bank("deep.yaml", &yaml);
    assert_eq!(
        codes(&parsed.diagnostics),
        ["E002"],
        "{:?}",
        parsed.diagnostics
    );
    assert_eq!(parsed.diagnostics[0].pos.line, 3);
    let json = format!("{{\"bank\": {}}}", "[".repeat(100_000));
    let err = import(Format::Json, "deep.json", json.as_bytes(), &opts()).unwrap_err();
    assert!(err.diagnostics[0].is_error());
}

// 2. Linear time (the benchmark shows it; here: the inputs that were slow give right answers).

#[test]
fn gift_answer_block_with_many_leading_spaces_is_read() {
    let gift = format!(
        "遵义会议在哪一年召开？{{{}=1935年 ~1934年 ~1936年}}\n",
        " ".repeat(200_000)
    );
    let imp = import(Format::Gift, "spaces.gift", gift.as_bytes(), &opts()).unwrap();
    assert_eq!(imp.bank.questions[0].answer_text(), "A");
}

#[test]
fn moodle_xml_lines_are_right_for_every_question() {
    let q = |n: usize| {
        format!(
            "  <question type=\"truefalse\">\n    <name><text>q{n}</text></name>\n    <questiontext format=\"html\"><text>第 {n} 题</text></questiontext>\n    <answer fraction=\"100\"><text>true</text></answer>\n    <answer fraction=\"0\"><text>false</text></answer>\n  </question>\n"
        )
    };
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<quiz>\n");
    for n in 0..2000 {
        xml.push_str(&q(n));
    }
    // One broken question at the end: its line is counted from where the previous one was.
    xml.push_str("  <question type=\"essay\">\n  </question>\n</quiz>\n");
    let err = import(Format::MoodleXml, "many.xml", xml.as_bytes(), &opts()).unwrap_err();
    assert_eq!(
        err.diagnostics[0].pos.line,
        3 + 2000 * 6,
        "{}",
        err.diagnostics[0]
    );
}

#[test]
fn a_mapping_with_100000_keys_is_checked_and_capped() {
    let keys: String = (0..100_000).map(|i| format!("k{i}: 1, ")).collect();
    let yaml = format!("{HEADER}questions:\n  - {{ {keys}id: q1 }}\n");
    let parsed = parse_bank("keys.yaml", &yaml);
    assert_eq!(parsed.diagnostics.len(), MAX_LISTED + 1);
    let last = parsed.diagnostics.last().unwrap();
    assert_eq!(last.code, Code::Unlisted);
    assert!(last.message.starts_with("还有 "), "{last}");
    assert!(last.message.contains("个问题未列出"), "{last}");
}

// 3. Bounded memory: echoes are shortened, diagnostics per file are capped.

#[test]
fn a_one_megabyte_id_is_echoed_shortened() {
    let id = "x".repeat(1 << 20);
    let unknown: String = (0..300).map(|i| format!(", u{i}: 1")).collect();
    let yaml = format!("{HEADER}questions:\n  - {{ id: {id}{unknown} }}\n");
    let parsed = parse_bank("long.yaml", &yaml);
    let bytes: usize = parsed.diagnostics.iter().map(|d| d.message.len()).sum();
    assert!(parsed.diagnostics.len() > 300);
    assert!(
        bytes < 100 * parsed.diagnostics.len(),
        "{bytes} bytes of messages"
    );
    assert!(
        parsed.diagnostics[0].message.contains("…（共 1048576 字）"),
        "{}",
        parsed.diagnostics[0]
    );
}

#[test]
fn a_million_empty_items_give_a_thousand_diagnostics_and_a_count() {
    let yaml = format!("{HEADER}questions:\n{}", "  - {}\n".repeat(1_000_000));
    let checked = check(&[("empty.yaml", yaml.as_str())]);
    assert_eq!(checked.diagnostics.len(), MAX_LISTED + 1);
    assert_eq!(checked.questions_seen, 1_000_000);
    let last = checked.diagnostics.last().unwrap();
    assert_eq!(last.code, Code::Unlisted);
    // Seven missing fields per item, minus the thousand listed.
    assert!(
        last.message
            .contains(&format!("还有 {} 个问题未列出", 7_000_000 - MAX_LISTED)),
        "{last}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_decoding() {
    let parsed = kaotang::bank::ParsedBank::too_large("huge.yaml", 300 << 20);
    assert_eq!(codes(&parsed.diagnostics), ["E002"]);
    assert!(parsed.diagnostics[0].message.contains("256 MiB"));
}

// 5. What `bank check` missed.

#[test]
fn questions_twice_at_the_top_level_is_e006() {
    let yaml = format!(
        "{HEADER}questions:\n{}questions:\n{}",
        judge("q1"),
        judge("q2")
    );
    let checked = check(&[("twice.yaml", yaml.as_str())]);
    assert_eq!(
        codes(&checked.diagnostics),
        ["E006"],
        "{:?}",
        checked.diagnostics
    );
    assert_eq!(checked.diagnostics[0].pos.line, 4);
    // An empty list written once is no duplicate.
    let empty = format!("{HEADER}questions:\nevents: []\n");
    assert!(
        check(&[("empty.yaml", empty.as_str())])
            .diagnostics
            .is_empty()
    );
}

#[test]
fn a_gbk_bank_gets_a_located_e029_with_the_gbk_hint() {
    let text = format!("{HEADER}questions:\n{}", judge("q1"));
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let parsed = parse_bank_bytes("gbk.yaml", &gbk);
    assert_eq!(codes(&parsed.diagnostics), ["E029"]);
    let d = &parsed.diagnostics[0];
    // The first bytes that are not UTF-8 are in the title (GBK 示 happens to be valid UTF-8).
    assert_eq!((d.pos.line, d.pos.column), (1, 27), "{d}");
    assert!(d.message.contains("GBK"), "{d}");
    // A byte-order mark is accepted.
    let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    assert!(parse_bank_bytes("bom.yaml", &bom).diagnostics.is_empty());
}

#[test]
fn duplicate_ids_are_reported_even_when_an_item_has_other_errors() {
    let broken = "  - { id: q1, type: judge, stem: 缺少答案。, explanation: 无。, period: 新民主主义革命时期, difficulty: 1, source: { ref: jianshi } }\n";
    let yaml = format!("{HEADER}questions:\n{}{broken}{}", judge("q1"), judge("q2"));
    let checked = check(&[("dup.yaml", yaml.as_str())]);
    assert_eq!(
        codes(&checked.diagnostics),
        ["E005", "E010"],
        "{:?}",
        checked.diagnostics
    );
    assert!(
        checked.diagnostics[1]
            .message
            .contains("首次出现在 dup.yaml:3:5")
    );
    assert_eq!(checked.questions_seen, 3);
    assert_eq!(checked.set.questions().len(), 2);
    // Both broken, across files.
    let other = format!("{HEADER}questions:\n{broken}");
    let checked = check(&[("a.yaml", other.as_str()), ("b.yaml", other.as_str())]);
    assert_eq!(
        codes(&checked.diagnostics),
        ["E005", "E025", "E005", "E010"],
        "{:?}",
        checked.diagnostics
    );
}

// 6. Import fixes.

#[test]
fn gift_short_answer_keeps_the_blank_its_stem_already_has() {
    for (stem, want) in [
        ("中共一大在____召开。", "中共一大在____召开。"),
        ("中共一大在（ ）召开。", "中共一大在____召开。"),
        ("中共一大在()召开。", "中共一大在____召开。"),
        ("中共一大在哪里召开？", "中共一大在哪里召开？____"),
    ] {
        let gift = format!("{stem}{{=上海 =上海市}}\n");
        let imp = import(Format::Gift, "blank.gift", gift.as_bytes(), &opts())
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert_eq!(imp.bank.questions[0].stem, want);
    }
}

#[test]
fn an_option_that_starts_with_a_weight_survives_every_format() {
    let yaml = format!(
        "{HEADER}questions:\n  - {{ id: q1, type: single, stem: 哪一项正确？, options: ['%50%的人', '%100%', 其他], answer: A, explanation: 无。, period: 新民主主义革命时期, difficulty: 1, source: {{ ref: jianshi }} }}\n  - {{ id: q2, type: multiple, stem: 哪些正确？, options: ['%50%甲', 乙, 丙], answer: AB, explanation: 无。, period: 新民主主义革命时期, difficulty: 1, source: {{ ref: jianshi }} }}\n  - {{ id: q3, type: fill, stem: 答案是____。, answer: ['%20%'], explanation: 无。, period: 新民主主义革命时期, difficulty: 1, source: {{ ref: jianshi }} }}\n"
    );
    let bank = BankSet::load(&[("w.yaml", yaml.as_str())]).unwrap();
    let bank = kaotang::bank::Bank {
        bank: bank.banks()[0].clone(),
        questions: bank.questions().to_vec(),
        events: Vec::new(),
        readings: Vec::new(),
    };
    for format in Format::ALL {
        let out = export(format, &bank);
        let imp = import(format, "w", out.text.as_bytes(), &opts())
            .unwrap_or_else(|e| panic!("{format}: {e}\n{}", out.text));
        for q in &imp.bank.questions {
            let orig = bank.questions.iter().find(|o| o.stem == q.stem).unwrap();
            assert_eq!(q.kind, orig.kind, "{format}:\n{}", out.text);
        }
    }
}

#[test]
fn a_control_character_in_a_csv_cell_is_a_csv_error_with_row_and_column() {
    let csv =
        "题型,题干,选项A,选项B,选项C,答案\n单选,遵义会议在哪一年？,1934年,1935\u{1}年,1936年,B\n";
    let err = import(Format::Csv, "ctl.csv", csv.as_bytes(), &opts()).unwrap_err();
    let d = &err.diagnostics[0];
    assert_eq!(
        (d.code, d.pos.line, d.pos.column),
        (Code::Syntax, 2, 4),
        "{d}"
    );
    assert!(
        d.message.contains("选项B") && d.message.contains("U+0001"),
        "{d}"
    );
    assert!(!d.message.contains("YAML"), "{d}");
    // The other text formats say it too, at the question's line.
    let gift = "遵义会议在\u{7}哪一年召开？{=1935年 ~1934年 ~1936年}\n";
    let err = import(Format::Gift, "ctl.gift", gift.as_bytes(), &opts()).unwrap_err();
    assert!(
        err.diagnostics[0].message.contains("U+0007"),
        "{}",
        err.diagnostics[0]
    );
}

// 4 and 7. The stage log and the console's edges.

fn stage_config() -> StageConfig {
    StageConfig::from_yaml(
        "teams: [{ id: t1, name: 一队 }, { id: t2, name: 二队 }]\nrounds:\n  - { name: 必答题, kind: required, right: 10 }\n  - { name: 加赛, kind: sudden_death, right: 10 }\n",
    )
    .unwrap()
}

#[test]
fn a_torn_or_glued_log_is_recovered_without_losing_a_complete_event() {
    let log = "{\"event\":\"start_round\",\"round\":0}\n{\"event\":\"question\"}{\"event\":\"answer\",\"team\":\"t1\",\"correct\":true}\n{\"event\":\"question\"}\n{\"event\":\"ans";
    let r = recover_log(log).unwrap();
    assert_eq!(r.events.len(), 4);
    assert_eq!(r.glued_lines, [2]);
    assert_eq!(r.torn, Some((4, "{\"event\":\"ans".to_owned())));
    assert!(r.needs_rewrite);
    let again = recover_log(&r.text()).unwrap();
    assert_eq!(
        (again.events, again.needs_rewrite),
        (r.events.clone(), false)
    );
    assert!(Stage::replay(stage_config(), r.events).is_ok());
    // A hand-edited log without its final newline is complete, but must be rewritten before
    // the next event is appended to it.
    let r = recover_log("{\"event\":\"start_round\",\"round\":0}").unwrap();
    assert_eq!((r.events.len(), r.torn, r.needs_rewrite), (1, None, true));
    // A broken line that is not the last is an error that names it.
    let err = recover_log("{\"event\":\"go\"}\nnot json\n{\"event\":\"go\"}\n").unwrap_err();
    assert!(matches!(err, StageError::Log { line: 2, .. }), "{err}");
}

#[test]
fn rounds_are_numbered_from_one_in_messages() {
    let mut stage = Stage::new(stage_config());
    let err = stage
        .apply(StageEvent::StartRound { round: 7 })
        .unwrap_err();
    assert_eq!(err.to_string(), "没有第 8 轮（共 2 轮，从第 1 轮起编号）");
}

#[test]
fn after_sudden_death_the_board_names_the_round_that_ended() {
    let mut stage = Stage::new(stage_config());
    assert_eq!(stage.round_label(), "未开始");
    stage.apply(StageEvent::StartRound { round: 1 }).unwrap();
    assert_eq!(stage.round_label(), "加赛");
    stage
        .apply(StageEvent::Question { question: None })
        .unwrap();
    stage.apply(StageEvent::Buzz { team: "t2".into() }).unwrap();
    stage
        .apply(StageEvent::Answer {
            team: "t2".into(),
            correct: true,
        })
        .unwrap();
    assert_eq!(stage.round(), None);
    assert_eq!(stage.round_label(), "加赛（已结束）");
    stage.apply(StageEvent::Undo).unwrap();
    assert_eq!(stage.round_label(), "加赛");
}

#[test]
fn fill_kind_is_unchanged_by_the_blank_fix() {
    // A stem whose answer sits mid-sentence keeps its own position for the blank.
    let imp = import(
        Format::Gift,
        "mid.gift",
        "中共一大在{=上海}召开。\n".as_bytes(),
        &opts(),
    )
    .unwrap();
    assert_eq!(imp.bank.questions[0].stem, "中共一大在____召开。");
    assert!(matches!(
        imp.bank.questions[0].kind,
        QuestionKind::Fill { .. }
    ));
}
