//! Answer sheets as a JSON array.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = kaotang::contest::sheets_from_json(text);
    }
});
