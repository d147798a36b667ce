//! `bank import --from gift`: an import either gives a bank that passes the check, or located
//! errors; it never crashes. An imported bank exports and re-imports.
#![no_main]

use kaotang::formats::{Format, ImportOptions, export, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ImportOptions {
        period: Some(kaotang::bank::Period::NewEra),
        ..ImportOptions::default()
    };
    if let Ok(imported) = import(Format::Gift, "fuzz", data, &opts) {
        let out = export(Format::Gift, &imported.bank);
        let _ = import(Format::Gift, "fuzz", out.text.as_bytes(), &opts);
    }
});
