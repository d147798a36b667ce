//! kaotang's own bank format as JSON: the same fields as the YAML banks.

use super::{Exported, ImportError, Imported, Report};
use crate::bank::{Bank, BankSet, parse_bank};

/// Reads a JSON bank with the bank loader (JSON is read as YAML flow syntax, so positions are
/// the JSON file's lines and columns).
pub(crate) fn import(origin: &str, text: &str, mut rep: Report) -> Result<Imported, ImportError> {
    let parsed = parse_bank(origin, text);
    let bank = parsed.bank.clone();
    let checked = BankSet::from_parsed(vec![parsed]);
    for d in checked.diagnostics {
        rep.push(d);
    }
    match bank {
        Some(bank) if !rep.has_errors() => {
            let (warnings, notes) = rep.into_diagnostics();
            Ok(Imported {
                bank,
                warnings,
                notes,
            })
        }
        _ => Err(rep.into_error()),
    }
}

/// The whole bank (questions, events, readings) as pretty-printed JSON.
pub(crate) fn export(bank: &Bank) -> Exported {
    Exported {
        text: serde_json::to_string_pretty(bank).unwrap_or_default() + "\n",
        skipped: Vec::new(),
    }
}
