//! `question-banks/schema.json` is generated from the Rust types and must stay up to date
//! (regenerate with `UPDATE_EXPECT=1 cargo test --test schema`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

#[test]
fn schema_json_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("question-banks/schema.json");
    let generated = serde_json::to_string_pretty(&kaotang::bank::schema()).unwrap() + "\n";
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "question-banks/schema.json is stale: run UPDATE_EXPECT=1 cargo test --test schema"
    );
}

#[test]
fn schema_names_every_question_type() {
    let s = serde_json::to_string(&kaotang::bank::schema()).unwrap();
    for t in ["single", "multiple", "judge", "fill", "order", "match"] {
        assert!(
            s.contains(&format!("\"{t}\"")),
            "{t} missing from the schema"
        );
    }
    assert!(s.contains("新民主主义革命时期"));
}
