//! Answer sheets as CSV (UTF-8 or GBK): every row is a sheet or an error with its row. Also
//! the same bytes scored as `contest score` reads them (rows lent, not copied; answers graded
//! four at a time where the processor can), against a paper of nine questions whose answer
//! columns are `1` to `9`: whole, and in two parts cut after a line break past the middle,
//! which must come to the same results when the first part ends between records.
#![no_main]

use std::io::Read;
use std::sync::OnceLock;

use kaotang::bank::BankSet;
use kaotang::contest::{
    Assembly, Blueprint, CompactScoring, ScoreRules, Scorer, SheetReader, assemble,
};
use libfuzzer_sys::fuzz_target;

/// Single choices, multiple choices of four to six options with partial credit, true/false;
/// two forms.
fn paper() -> Option<(BankSet, Assembly)> {
    let tail = "explanation: 说明。, period: 新民主主义革命时期, difficulty: 2, source: { ref: s }";
    let mut yaml = String::from(
        "bank: { id: b, title: 示例, sources: [{ id: s, title: 简史 }] }\nquestions:\n",
    );
    for (i, answer) in ["A", "C"].iter().enumerate() {
        yaml += &format!(
            "  - {{ id: s{i}, type: single, stem: 单选{i}？, options: [甲, 乙, 丙, 丁], answer: {answer}, {tail} }}\n"
        );
    }
    for (i, (n, answer)) in [(4, "AB"), (5, "ACE"), (6, "ACE"), (6, "ABCDEF")]
        .iter()
        .enumerate()
    {
        let options: Vec<String> = (0..*n).map(|o| format!("项{o}")).collect();
        yaml += &format!(
            "  - {{ id: m{i}, type: multiple, stem: 多选{i}？, options: [{}], answer: {answer}, {tail} }}\n",
            options.join(", ")
        );
    }
    for (i, answer) in ["true", "false", "true"].iter().enumerate() {
        yaml += &format!(
            "  - {{ id: j{i}, type: judge, stem: 判断{i}。, answer: {answer}, {tail} }}\n"
        );
    }
    let set = BankSet::load(&[("b.yaml", yaml)]).ok()?;
    let bp = Blueprint::from_yaml(
        "title: 卷\ntime_limit_minutes: 10\nforms: 2\nsharing: allowed\nsections:\n\
         - { name: 单选, filter: { types: [single] }, count: 2, points: 0.1 }\n\
         - { name: 多选, filter: { types: [multiple] }, count: 4, points: 0.3, multi: { policy: partial } }\n\
         - { name: 判断, filter: { types: [judge] }, count: 3, points: 0.7 }",
    )
    .ok()?;
    let assembly = assemble(&set, &bp, 1).ok()?;
    Some((set, assembly))
}

static PAPER: OnceLock<Option<(BankSet, Assembly)>> = OnceLock::new();

/// Scores every row `reader` has; and whether it ended between records.
fn scored<'a, R: Read>(
    set: &'a BankSet,
    assembly: &'a Assembly,
    mut reader: SheetReader<R>,
) -> Option<(Scorer<'a>, bool)> {
    let mut scorer = Scorer::new(set, assembly, ScoreRules::default()).ok()?;
    while let Some(row) = reader.read_view() {
        let _ = row.and_then(|view| scorer.add_view(&view));
    }
    Some((scorer, reader.ended_between_records()))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(reader) = SheetReader::new(data) {
        for sheet in reader {
            let _ = sheet.map(|s| s.answers.len());
        }
    }
    let Some((set, assembly)) = PAPER.get_or_init(paper) else {
        return;
    };
    let Ok(reader) = SheetReader::new(data) else {
        return;
    };
    let encoding = reader.encoding();
    let Some((whole, _)) = scored(set, assembly, reader) else {
        return;
    };
    let whole = whole.finish_compact();
    let Some(at) = data
        .get(data.len() / 2..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
    else {
        return;
    };
    let (head, rest) = data.split_at(data.len() / 2 + at + 1);
    let Ok(first) = SheetReader::new(head) else {
        return;
    };
    // The encoding is told from the first chunk: a short first part may not show it.
    let same_encoding = first.encoding() == encoding;
    let second = first.part(rest);
    let (Some((a, between)), Some((b, _))) =
        (scored(set, assembly, first), scored(set, assembly, second))
    else {
        return;
    };
    if between && same_encoding {
        if let Ok(joined) = CompactScoring::join(vec![a.finish_part(), b.finish_part()]) {
            assert_eq!(joined.sheets, whole.sheets, "parts read as the whole");
            assert!(joined.iter().eq(whole.iter()), "parts score as the whole");
        }
    }
});
