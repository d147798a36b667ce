//! Where banks come from: the embedded shipped banks, or files and folders named on the
//! command line.

use std::path::{Path, PathBuf};

use kaotang::bank::{BankSet, Checked, check};

use crate::error::CliError;

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// Bank files as `(origin, text)`.
pub type Sources = Vec<(String, String)>;

/// Bank files: the shipped ones when `paths` is empty, otherwise every file
/// named, and every bank file found (recursively, sorted) in the named folders.
pub fn read_sources(paths: &[PathBuf]) -> Result<Sources, CliError> {
    Ok(scan(paths)?.0)
}

/// Like [`read_sources`], also returning the files of the named folders that were skipped
/// because they are not banks.
///
/// A folder holds more than banks — `question-banks/` has `schema.json`, `blueprints/` and
/// `policies/` — so in a folder a `.yaml`/`.yml`/`.json` file counts only when it declares a
/// bank (a top-level `bank` key). A file named on the command line is always read as a bank,
/// so that a mistake in it is reported, not skipped.
pub fn scan(paths: &[PathBuf]) -> Result<(Sources, Vec<PathBuf>), CliError> {
    if paths.is_empty() {
        let shipped = SHIPPED
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect();
        return Ok((shipped, Vec::new()));
    }
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| CliError::io(p, e))?;
        if meta.is_file() {
            files.push((p.display().to_string(), read(p)?));
        } else {
            collect(p, &mut files, &mut skipped)?;
        }
    }
    Ok((files, skipped))
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|e| CliError::io(path, e))
}

fn collect(dir: &Path, files: &mut Sources, skipped: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| CliError::io(dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for e in entries {
        if e.is_dir() {
            collect(&e, files, skipped)?;
        } else if e
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        {
            let text = read(&e)?;
            if declares_bank(&e, &text) {
                files.push((e.display().to_string(), text));
            } else {
                skipped.push(e);
            }
        }
    }
    Ok(())
}

/// Whether a file's top level has a `bank` key (JSON: an object with one; YAML: a `bank:` line
/// at column 0).
fn declares_bank(path: &Path, text: &str) -> bool {
    if path.extension().is_some_and(|x| x == "json") {
        serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.get("bank").is_some())
    } else {
        text.lines().any(|l| {
            l.strip_prefix("bank:")
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '#', '\t']))
        })
    }
}

/// Reads and checks banks, keeping every diagnostic.
pub fn check_paths(paths: &[PathBuf]) -> Result<Checked, CliError> {
    let sources = read_sources(paths)?;
    Ok(check(&sources))
}

/// Loads banks for use; any error in them is fatal.
pub fn load(paths: &[PathBuf]) -> Result<BankSet, CliError> {
    let checked = check_paths(paths)?;
    checked.into_result().map_err(CliError::Banks)
}
