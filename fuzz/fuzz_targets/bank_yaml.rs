//! A bank file (YAML, or JSON read as YAML): every byte string gets diagnostics, never a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = kaotang::bank::parse_bank_bytes("fuzz.yaml", data);
    let checked = kaotang::bank::BankSet::from_parsed(vec![parsed]);
    for d in &checked.diagnostics {
        let _ = d.to_string();
    }
});
