//! Answer sheets as CSV (UTF-8 or GBK): every row is a sheet or an error with its row.
#![no_main]

use kaotang::contest::SheetReader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = SheetReader::new(data) else {
        return;
    };
    for sheet in reader {
        let _ = sheet.map(|s| s.answers.len());
    }
});
