//! CSV import and export against the fixtures in tests/fixtures/formats/.

// Helpers outside #[test] functions unwrap too: a failure is a test failure.
#![allow(clippy::unwrap_used, clippy::panic)]

use kaotang::bank::{Period, QuestionKind, check};
use kaotang::formats::{Encoding, Format, ImportOptions, export, import};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(kaotang_suite::fixtures_dir().join("formats").join(name)).unwrap()
}

fn opts() -> ImportOptions {
    ImportOptions {
        bank_id: "excel".into(),
        bank_title: "Excel 导入".into(),
        period: Some(Period::NewDemocraticRevolution),
        ..Default::default()
    }
}

/// `row:column code` for every diagnostic, the way the tests compare them.
fn brief(diags: &[kaotang::bank::Diagnostic]) -> Vec<String> {
    diags
        .iter()
        .map(|d| format!("{}:{} {}", d.pos.line, d.pos.column, d.code))
        .collect()
}

/// The bank passes `bank check` once written as YAML.
fn assert_checks(bank: &kaotang::bank::Bank) {
    let yaml = serde_saphyr::to_string(bank).unwrap();
    let checked = check(&[("imported.yaml", yaml.as_str())]);
    assert!(!checked.has_errors(), "{:#?}\n{yaml}", checked.diagnostics);
    assert_eq!(checked.set.questions(), bank.questions.as_slice());
}

#[test]
fn excel_utf8_with_bom() {
    let imp = import(
        Format::Csv,
        "excel.csv",
        &fixture("excel-utf8-bom.csv"),
        &opts(),
    )
    .unwrap();
    let qs = &imp.bank.questions;
    assert_eq!(qs.len(), 10);
    assert_eq!(qs[0].id.0, "excel-0001");
    assert_eq!(qs[0].answer_text(), "B");
    assert_eq!(qs[0].difficulty, 1, "易 is difficulty 1");
    assert_eq!(qs[0].tags, ["党的代表大会", "建党"]);
    assert_eq!(qs[0].source.source, "jianshi");
    assert_eq!(qs[0].source.chapter.as_deref(), Some("第一章"));
    assert_eq!(qs[2].answer_text(), "AB", "A,B");
    assert_eq!(qs[3].answer_text(), "ABC", "A、B、C");
    assert!(qs[3].explanation.contains('\n'), "a cell with a line break");
    assert_eq!(qs[4].kind, QuestionKind::Judge { answer: true }, "√");
    assert_eq!(qs[5].kind, QuestionKind::Judge { answer: false }, "错");
    let QuestionKind::Fill { answer } = &qs[7].kind else {
        panic!("fill")
    };
    assert_eq!(answer[0].0, ["1978", "一九七八"]);
    let QuestionKind::Fill { answer } = &qs[8].kind else {
        panic!("fill")
    };
    assert_eq!(answer.len(), 2);
    assert_eq!(answer[1].0, ["毛泽东", "毛主席"]);
    assert_eq!(qs[9].answer_text(), "BCAD");
    assert_eq!(qs[9].difficulty, 4, "较难");
    assert_eq!(qs[4].source.chapter, None);
    assert!(imp.warnings.is_empty(), "{:?}", imp.warnings);
    // The defaults it took are said.
    assert!(
        imp.notes.iter().any(|n| n.contains("10 道题未给出时期")),
        "{:?}",
        imp.notes
    );
    assert!(
        imp.notes.iter().any(|n| n.contains("10 道题没有编号")),
        "{:?}",
        imp.notes
    );
    assert_checks(&imp.bank);
}

#[test]
fn excel_gbk_detected_or_chosen() {
    let utf8 = import(
        Format::Csv,
        "a.csv",
        &fixture("excel-utf8-bom.csv"),
        &opts(),
    )
    .unwrap();
    let auto = import(Format::Csv, "b.csv", &fixture("excel-gbk.csv"), &opts()).unwrap();
    assert_eq!(auto.bank, utf8.bank);
    assert!(
        auto.notes.iter().any(|n| n.contains("GBK")),
        "{:?}",
        auto.notes
    );
    let chosen = ImportOptions {
        encoding: Encoding::Gbk,
        ..opts()
    };
    assert_eq!(
        import(Format::Csv, "b.csv", &fixture("excel-gbk.csv"), &chosen)
            .unwrap()
            .bank,
        utf8.bank
    );
    let forced = ImportOptions {
        encoding: Encoding::Utf8,
        ..opts()
    };
    let err = import(Format::Csv, "b.csv", &fixture("excel-gbk.csv"), &forced).unwrap_err();
    assert_eq!(brief(&err.diagnostics), ["1:1 E029"]);
}

#[test]
fn missing_period_without_default_is_an_error_per_row() {
    let o = ImportOptions {
        period: None,
        ..opts()
    };
    let err = import(Format::Csv, "a.csv", &fixture("excel-utf8-bom.csv"), &o).unwrap_err();
    let rows: Vec<u32> = err.diagnostics.iter().map(|d| d.pos.line).collect();
    // Row 5 holds a two-line cell, so the rows are still 2..=11.
    assert_eq!(rows, (2..=11).collect::<Vec<_>>());
    assert!(err.diagnostics[0].message.contains("--period"));
}

#[test]
fn broken_rows_are_all_reported_where_they_are() {
    let err = import(Format::Csv, "bad.csv", &fixture("broken-rows.csv"), &opts()).unwrap_err();
    for d in &err.diagnostics {
        eprintln!("{d}");
    }
    assert_eq!(
        brief(&err.diagnostics),
        [
            "3:2 E011",   // 问答题: unknown type
            "4:8 E012",   // 丙: not a letter
            "5:8 E015",   // 也许: not a judge answer
            "6:6 E014",   // 选项B empty, 选项C filled
            "7:2 E012",   // E with three options (the loader)
            "8:2 E023",   // AB for a single question (the loader)
            "9:2 E016",   // two blanks, one answer (the loader)
            "10:10 E022", // 北洋时期
            "10:11 E019", // 九
            "11:12 E021", // 1927-13-01
            "12:2 E007",  // empty stem (the loader)
            "13:2 E010",  // ok-1 again (the loader)
            "14:8 E005",  // no answer
        ]
    );
    let dup = &err.diagnostics[11];
    assert_eq!(
        dup.to_string(),
        "bad.csv:13:2: 错误[E010]: 题目 id“ok-1”重复，首次出现在 bad.csv:2"
    );
    assert_eq!(
        err.diagnostics[1].to_string(),
        "bad.csv:4:8: 错误[E012]: “答案”列：答案“丙”应为选项字母（如 B、ABD、A,B,D 或 A、B）"
    );
}

#[test]
fn broken_header_and_encoding() {
    let err = import(Format::Csv, "h.csv", &fixture("broken-header.csv"), &opts()).unwrap_err();
    assert_eq!(brief(&err.diagnostics), ["1:1 E005", "1:4 E006"]);
    assert!(
        err.diagnostics[0].message.contains("“答案”列"),
        "{}",
        err.diagnostics[0]
    );
    let err = import(
        Format::Csv,
        "e.csv",
        &fixture("broken-encoding.csv"),
        &opts(),
    )
    .unwrap_err();
    assert_eq!(brief(&err.diagnostics), ["3:1 E029"]);
}

#[test]
fn export_then_import_keeps_the_starter_bank() {
    let yaml =
        std::fs::read_to_string(kaotang_suite::fixtures_dir().join("banks/starter.yaml")).unwrap();
    let bank = kaotang::bank::parse_bank("starter", &yaml).bank.unwrap();
    let out = export(Format::Csv, &bank);
    assert!(out.skipped.is_empty(), "{:?}", out.skipped);
    assert!(out.text.starts_with("\u{FEFF}编号,题型,题干,选项A"));
    let back = import(
        Format::Csv,
        "x.csv",
        out.text.as_bytes(),
        &ImportOptions {
            bank_id: "starter".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(back.bank.questions.len(), bank.questions.len());
    for (a, b) in bank.questions.iter().zip(&back.bank.questions) {
        assert_eq!(a, &kaotang_suite::same_pairs_order(b, a), "{}", a.id);
    }
    assert_checks(&back.bank);
}
