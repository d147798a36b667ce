//! kaotang's JSON bank format, through `bank import --from json`.
#![no_main]

use kaotang::formats::{Format, ImportOptions, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = import(Format::Json, "fuzz.json", data, &ImportOptions::default());
});
