//! Every malformed bank under `tests/fixtures/bad-banks/` gives exactly the diagnostics in its
//! `.expected` file (regenerate with `UPDATE_EXPECT=1 cargo test --test bank_diagnostics`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use kaotang::bank::{Code, check};

fn render(origin: &str, text: &str) -> (String, Vec<kaotang::bank::Diagnostic>) {
    let checked = check(&[(origin, text)]);
    let mut out = String::new();
    for d in &checked.diagnostics {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    (out, checked.diagnostics)
}

#[test]
fn malformed_banks_give_the_expected_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad-banks");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 20, "only {} malformed fixtures", files.len());
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let origin = format!("tests/fixtures/bad-banks/{name}");
        let text = std::fs::read_to_string(f).unwrap();
        let (rendered, diags) = render(&origin, &text);
        assert!(!diags.is_empty(), "{name}: no diagnostic");
        for d in &diags {
            assert!(
                d.pos.line >= 1 && d.pos.column >= 1,
                "{name}: no position in {d}"
            );
            assert!(rendered.contains(&format!("{origin}:{}:{}: ", d.pos.line, d.pos.column)));
        }
        let expected_path = f.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &rendered).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != rendered {
            failures.push(format!(
                "{name}:\n--- expected\n{expected}--- got\n{rendered}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/bad-banks/05-answer-out-of-range.yaml"),
    )
    .unwrap();
    // Add two more independent problems after the first.
    let text = text
        .replace("difficulty: 1", "difficulty: 9")
        .replace("ref: jianshi, chapter", "ref: nosuch, chapter");
    let (_, diags) = render("x.yaml", &text);
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::AnswerOutOfRange), "{codes:?}");
    assert!(codes.contains(&Code::DifficultyRange), "{codes:?}");
    assert!(codes.contains(&Code::UnknownSource), "{codes:?}");
}

#[test]
fn duplicate_ids_across_banks_name_both_places() {
    let a = "bank: { id: a, title: 甲, sources: [{ id: s, title: 书 }] }\nquestions:\n  - { id: q-1, type: judge, stem: 甲题。, answer: true, explanation: 解析。, period: 新民主主义革命时期, difficulty: 1, source: { ref: s } }\n";
    let b = "bank: { id: b, title: 乙, sources: [{ id: s, title: 书 }] }\nquestions:\n  - { id: q-1, type: judge, stem: 乙题。, answer: false, explanation: 解析。, period: 新民主主义革命时期, difficulty: 1, source: { ref: s } }\n";
    let checked = check(&[("a.yaml", a), ("b.yaml", b)]);
    let d: Vec<String> = checked
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        d,
        ["b.yaml:3:5: 错误[E010]: 题目 id“q-1”重复，首次出现在 a.yaml:3:5"]
    );
    assert_eq!(checked.set.questions().len(), 1);
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let huge = " ".repeat(kaotang::bank::MAX_INPUT_BYTES + 1);
    let (_, diags) = render("huge.yaml", &huge);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::Refused);
}

#[test]
fn json_banks_are_read_with_positions() {
    let json = r#"{
  "bank": { "id": "j", "title": "JSON", "sources": [{ "id": "s", "title": "书" }] },
  "questions": [
    { "id": "j-1", "type": "single", "stem": "题干？", "options": ["甲", "乙", "丙"],
      "answer": "D", "explanation": "解析。", "period": "新民主主义革命时期",
      "difficulty": 1, "source": { "ref": "s" } }
  ]
}"#;
    let (rendered, _) = render("j.json", json);
    assert_eq!(
        rendered,
        "j.json:5:17: 错误[E012]: 题目 j-1 的答案含 D，但只有 3 项（A–C）\n"
    );
}
