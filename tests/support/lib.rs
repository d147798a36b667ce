//! Shared fixtures for kaotang's end-to-end tests and benchmarks.

use std::path::PathBuf;

use kaotang::bank::{Letters, Question, QuestionKind};

/// The folder of the shipped question banks.
pub fn shipped_banks_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("question-banks")
}

/// The folder of the test fixtures.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `q` with a match question's right column put in `like`'s order (the answer remapped), so
/// that formats that write matches as pairs compare equal when they keep the same pairs.
/// Other questions are returned unchanged.
pub fn same_pairs_order(q: &Question, like: &Question) -> Question {
    let (
        QuestionKind::Match {
            left,
            right,
            answer,
        },
        QuestionKind::Match { right: want, .. },
    ) = (&q.kind, &like.kind)
    else {
        return q.clone();
    };
    let (mut have, mut wanted) = (right.clone(), want.clone());
    have.sort();
    wanted.sort();
    if have != wanted {
        return q.clone();
    }
    let answer = answer
        .0
        .iter()
        .map(|&i| {
            let text = &right[usize::from(i)];
            want.iter().position(|w| w == text).unwrap_or(0) as u8
        })
        .collect();
    Question {
        kind: QuestionKind::Match {
            left: left.clone(),
            right: want.clone(),
            answer: Letters(answer),
        },
        ..q.clone()
    }
}
