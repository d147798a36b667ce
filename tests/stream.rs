//! Scoring a sheet file pushed in pieces gives exactly what scoring the whole file gives.

// Test helpers unwrap their fixtures (clippy allows it only inside #[test] functions).
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use kaotang::bank::BankSet;
use kaotang::contest::*;
use proptest::prelude::*;

const SMALL: &str = r#"
bank: { id: small, title: 小题库, sources: [{ id: jianshi, title: 中国共产党简史 }] }
questions:
  - { id: s1, type: single, stem: 中共一大召开于哪一年？, options: [1919年, 1921年, 1927年, 1935年], answer: B,
      explanation: 1921年。, period: 新民主主义革命时期, difficulty: 1, source: { ref: jianshi } }
  - { id: m1, type: multiple, stem: 中共一大先后在哪些地方举行？, options: [上海, 北京, 嘉兴南湖, 广州], answer: AC,
      explanation: 上海开幕，嘉兴南湖闭幕。, period: 新民主主义革命时期, difficulty: 2, source: { ref: jianshi } }
  - { id: j1, type: judge, stem: 改革开放始于1978年。, answer: true,
      explanation: 十一届三中全会。, period: 改革开放和社会主义现代化建设新时期, difficulty: 1, source: { ref: jianshi } }
"#;

const BP: &str = r#"
title: 测试卷
time_limit_minutes: 10
sections:
  - { name: 单选题, filter: { types: [single] }, count: 1, points: 2 }
  - { name: 多选题, filter: { types: [multiple] }, count: 1, points: 3 }
  - { name: 判断题, filter: { types: [judge] }, count: 1, points: 1 }
"#;

fn small() -> (BankSet, Assembly) {
    let set = BankSet::load(&[("small.yaml", SMALL)]).unwrap();
    let a = assemble(&set, &Blueprint::from_yaml(BP).unwrap(), 1).unwrap();
    (set, a)
}

fn whole(set: &BankSet, a: &Assembly, bytes: &[u8]) -> Result<ScoredSheets, SheetError> {
    let scorer = Scorer::new(set, a, ScoreRules::default()).unwrap();
    score_sheets(scorer.with_analysis(), bytes, DEFAULT_UTC_OFFSET_SECS)
}

/// Pushes `bytes` cut at `cuts` (offsets, any order, out-of-range ones clamped).
fn streamed(
    set: &BankSet,
    a: &Assembly,
    bytes: &[u8],
    cuts: &[usize],
) -> Result<ScoredSheets, SheetError> {
    let scorer = Scorer::new(set, a, ScoreRules::default()).unwrap();
    let mut stream = SheetStream::new(scorer.with_analysis());
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(bytes.len())).collect();
    cuts.push(bytes.len());
    cuts.sort_unstable();
    let mut from = 0;
    for to in cuts {
        stream.push(&bytes[from..to])?;
        from = to;
    }
    stream.finish()
}

/// Item analysis has no `PartialEq`; its report does.
fn comparable(r: &Result<ScoredSheets, SheetError>) -> String {
    match r {
        Ok(s) => format!(
            "{:?} {} {} {:?} {:?}",
            s.scoring.results,
            s.scoring.sheets,
            s.scoring.ignored,
            s.scoring
                .analysis
                .iter()
                .map(|(f, a)| (
                    f.clone(),
                    format!("{:?}", a.report(&AnalysisOptions::default()))
                ))
                .collect::<Vec<_>>(),
            s.errors
        ),
        Err(e) => format!("header: {e:?}"),
    }
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["A", "B", "AC", "对", "错", "", " b ", "Z", "东城区/一支部"])
            .prop_map(str::to_owned),
        1 => "[a-c\"\r\n,张 ]{0,6}",
        1 => Just("\"引号,里\"\"有\n换行\"".to_owned()),
    ]
}

/// Rows long enough to fill the reader's first chunk, in the columns of `header`.
fn padding(header: &str) -> String {
    let name = "张三".repeat(80);
    let row = match header.split(',').next() {
        Some("姓名") => format!("{name},B,AC,对\n"),
        _ => format!("p0,{name},B,AC,对\n"),
    };
    row.repeat(270_000 / row.len() + 1)
}

fn csv_file() -> impl Strategy<Value = (Vec<u8>, bool)> {
    let header = prop::sample::select(vec![
        "编号,姓名,单位,1,2,3",
        "id,name,1,2,3,用时",
        "姓名,1,2,3",
        "编号,\"姓名\",单位,1,2,3",
    ]);
    let row = (0u32..40, prop::collection::vec(cell(), 0..6)).prop_map(|(id, cells)| {
        let mut r = format!("p{id}");
        for c in cells {
            r.push(',');
            r.push_str(&c);
        }
        r
    });
    let ending = prop::sample::select(vec!["\n", "\r\n", "\n\n", "\r"]);
    (
        header,
        prop::collection::vec((row, ending), 0..25),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(any::<u8>()),
    )
        .prop_map(|(header, rows, gbk, bom, last_newline, junk)| {
            // Past the bytes the reader decides the encoding from (its first 256 KiB chunk),
            // so that the stream reads the rest in pieces.
            let mut text = format!("{header}\n{}", padding(header));
            for (r, e) in rows {
                text.push_str(&r);
                text.push_str(e);
            }
            if !last_newline {
                text.pop();
            }
            let mut bytes = if gbk {
                encoding_rs::GBK.encode(&text).0.into_owned()
            } else {
                text.into_bytes()
            };
            if bom && !gbk {
                bytes.splice(0..0, *b"\xEF\xBB\xBF");
            }
            // A stray byte (undecodable in UTF-8 when high) somewhere in the file.
            if let Some(b) = junk {
                let at = usize::from(b) * bytes.len() / 256;
                bytes.insert(at, b | 0x80);
            }
            (bytes, gbk)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn any_chunking_scores_like_the_whole_file(
        (bytes, _gbk) in csv_file(),
        cuts in prop::collection::vec(0usize..300_000, 0..12),
        step in prop::option::of(1usize..40),
    ) {
        let (set, a) = small();
        let expected = comparable(&whole(&set, &a, &bytes));
        // Random cuts anywhere, or small steady pieces over the random rows at the end.
        let cuts: Vec<usize> = match step {
            Some(step) => (bytes.len().saturating_sub(1500)..bytes.len()).step_by(step).chain(cuts).collect(),
            None => cuts,
        };
        prop_assert_eq!(comparable(&streamed(&set, &a, &bytes, &cuts)), expected);
    }
}

#[test]
fn rows_are_numbered_across_pieces_and_errors_kept() {
    let (set, a) = small();
    let csv = "编号,姓名,1,2,3\np1,张三,B,AC,对\n\np2,李四,Q,AC,对\n\"p3\",\"王\n五\",B,AC,错\np4,赵六,B\n";
    let whole = whole(&set, &a, csv.as_bytes()).unwrap();
    let rows: Vec<u64> = whole.errors.iter().map(|e| e.row).collect();
    // p2's Q is not an option of a 4-option question? It is read as unanswered or wrong;
    // p4's row is short: an error on line 7.
    assert_eq!(rows.last(), Some(&7), "{:?}", whole.errors);
    for size in 1..csv.len() {
        let cuts: Vec<usize> = (size..csv.len()).step_by(size).collect();
        let s = streamed(&set, &a, csv.as_bytes(), &cuts).unwrap();
        assert_eq!(comparable(&Ok(s)), comparable(&Ok(whole.clone())), "{size}");
    }
}

#[test]
fn a_bad_header_fails_every_call() {
    let (set, a) = small();
    let scorer = Scorer::new(&set, &a, ScoreRules::default()).unwrap();
    let mut stream = SheetStream::new(scorer);
    stream.push(b"name,1,2,3\n").unwrap();
    // The header waits for enough bytes to decide the encoding; the end decides.
    let e = stream.finish().unwrap_err();
    assert_eq!(e.row, 1);
    assert!(e.message.contains("编号"), "{e}");
    let mut big = b"name,1\n".to_vec();
    big.resize(600_000, b'x');
    big.push(b'\n');
    let scorer = Scorer::new(&set, &a, ScoreRules::default()).unwrap();
    let mut stream = SheetStream::new(scorer);
    assert!(stream.push(&big).is_err());
    assert!(stream.push(b"p1,A\n").is_err());
}

/// The encoding is decided from the first chunk the reader reads, as for the whole file:
/// GBK rows after 300 kB of ASCII are undecodable rows either way. Fails if the stream's
/// idea of the reader's chunk is smaller than the reader's.
#[test]
fn encoding_is_detected_from_the_same_bytes() {
    let (set, a) = small();
    let mut text = String::from("编号,姓名,1,2,3\n");
    let mut i = 0;
    while text.len() < 300_000 {
        text.push_str(&format!("p{i},n,B,AC,T\n"));
        i += 1;
    }
    let mut bytes = encoding_rs::GBK.encode(&text).0.into_owned();
    bytes.extend_from_slice(&encoding_rs::GBK.encode("q1,张三,B,AC,对\n").0);
    let expected = comparable(&whole(&set, &a, &bytes));
    for size in [1000, 65_536, 100_003, 262_144, 300_001] {
        let cuts: Vec<usize> = (size..bytes.len()).step_by(size).collect();
        assert_eq!(
            comparable(&streamed(&set, &a, &bytes, &cuts)),
            expected,
            "{size}"
        );
    }
}

#[test]
fn a_shared_stream_owns_its_banks() {
    let (set, a) = small();
    let csv = "编号,1,2,3\np1,B,AC,对\np2,A,AC,对\n";
    let expected = comparable(&whole(&set, &a, csv.as_bytes()));
    let mut stream = SharedSheetStream::start(
        Arc::new(set),
        Arc::new(a),
        ScoreRules::default(),
        true,
        DEFAULT_UTC_OFFSET_SECS,
    )
    .unwrap();
    for piece in csv.as_bytes().chunks(3) {
        stream.push(piece).unwrap();
    }
    let done = stream.finish().unwrap();
    assert_eq!(comparable(&done), expected);
    assert!(stream.finish().is_none());
}

/// A long file read in many pieces: rows are numbered across them, bad rows in each.
#[test]
fn a_long_file_in_many_pieces() {
    let (set, a) = small();
    let mut text = String::from("编号,姓名,1,2,3\r\n");
    let mut i = 0;
    while text.len() < 1_200_000 {
        let row = match i % 337 {
            0 => format!(",无编号{i},B,AC,对\r\n"),
            1 => format!("p{i},\"张\n三\",B,AC,对\r\n\r\n"),
            _ => format!(
                "p{},学员{i},B,AC,{}\r\n",
                i % 3000,
                if i % 2 == 0 { "对" } else { "错" }
            ),
        };
        text.push_str(&row);
        i += 1;
    }
    let bytes = text.as_bytes();
    let expected = comparable(&whole(&set, &a, bytes));
    assert!(expected.contains("参赛编号为空"));
    for size in [977, 70_001, 262_145] {
        let cuts: Vec<usize> = (size..bytes.len()).step_by(size).collect();
        assert_eq!(
            comparable(&streamed(&set, &a, bytes, &cuts)),
            expected,
            "{size}"
        );
    }
}
