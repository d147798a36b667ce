//! A learner's typed answer against each question of the starter bank: parsed and graded,
//! or refused with a hint.
#![no_main]

use std::sync::OnceLock;

use kaotang::bank::{BankSet, Question};
use kaotang::grade::{grade, parse_response};
use libfuzzer_sys::fuzz_target;

fn questions() -> &'static [Question] {
    static SET: OnceLock<Vec<Question>> = OnceLock::new();
    SET.get_or_init(|| {
        let starter = include_str!("../../tests/fixtures/banks/starter.yaml");
        BankSet::load(&[("starter.yaml", starter)])
            .map(|s| s.questions().to_vec())
            .unwrap_or_default()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let qs = questions();
    if let Some(q) = qs.get(usize::from(which) % qs.len().max(1))
        && let Ok(r) = parse_response(q, input)
    {
        let _ = grade(q, &r, &Default::default());
    }
});
