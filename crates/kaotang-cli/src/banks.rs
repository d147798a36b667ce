//! Where banks come from: the embedded shipped banks, or files and folders named on the
//! command line.

use std::path::{Path, PathBuf};

use std::collections::HashSet;

use kaotang::bank::{BankSet, Checked, MAX_INPUT_BYTES, ParsedBank, check, parse_bank_bytes};

use crate::error::CliError;

/// Bank files as `(origin, text)`: the shipped ones when `paths` is empty, otherwise every
/// `.yaml`, `.yml` and `.json` file named or found (recursively, sorted) in the named folders.
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<(String, String)>, CliError> {
    if paths.is_empty() {
        return Ok(kaotang::bank::shipped::FILES
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect());
    }
    files(paths)?
        .into_iter()
        .map(|f| {
            let text = match read_bytes(&f)? {
                Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
                    CliError::io(&f, std::io::Error::new(std::io::ErrorKind::InvalidData, e))
                })?,
                Err(len) => {
                    return Err(CliError::Banks(kaotang::bank::BankError {
                        diagnostics: ParsedBank::too_large(&f.display().to_string(), len)
                            .diagnostics,
                    }));
                }
            };
            Ok((f.display().to_string(), text))
        })
        .collect()
}

/// Every bank file named or found under `paths`, each once.
pub fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    Ok(walk(paths)?.files)
}

fn walk(paths: &[PathBuf]) -> Result<Walk, CliError> {
    let mut walk = Walk::default();
    for p in paths {
        walk.collect(p)?;
    }
    Ok(walk)
}

/// A walk over folders that follows symbolic links but enters each folder, and takes each
/// file, once: a link back to a parent folder is not a loop, and a file named twice is read
/// once.
///
/// A folder holds more than banks — `question-banks/` has `schema.json`, `blueprints/` and
/// `policies/` — so a file found in a folder is taken only when it declares a bank (a
/// top-level `bank` key); the others are listed in `skipped`. A file named on the command line
/// is always taken, so that a mistake in it is reported, not skipped.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    seen: HashSet<PathBuf>,
    skipped: Vec<PathBuf>,
}

impl Walk {
    fn collect(&mut self, path: &Path) -> Result<(), CliError> {
        let meta = std::fs::metadata(path).map_err(|e| CliError::io(path, e))?;
        let real = std::fs::canonicalize(path).map_err(|e| CliError::io(path, e))?;
        if !self.seen.insert(real) {
            return Ok(());
        }
        if meta.is_file() {
            self.files.push(path.to_owned());
            return Ok(());
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| CliError::io(path, e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for e in entries {
            if e.is_dir() {
                self.collect(&e)?;
            } else if e
                .extension()
                .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
            {
                if declares_bank(&e)? {
                    self.collect(&e)?;
                } else {
                    self.skipped.push(e);
                }
            }
        }
        Ok(())
    }
}

/// Whether a file found in a folder is a bank: its top level has a `bank` key (JSON: an object
/// with one; YAML: a `bank:` line at column 0). A file too large to look at is taken, so that
/// its size is reported.
fn declares_bank(path: &Path) -> Result<bool, CliError> {
    let Ok(bytes) = read_bytes(path)? else {
        return Ok(true);
    };
    Ok(if path.extension().is_some_and(|x| x == "json") {
        serde_json::from_slice::<serde_json::Value>(&bytes).is_ok_and(|v| v.get("bank").is_some())
    } else {
        bytes.split(|&b| b == b'\n').any(|l| {
            l.strip_prefix(b"bank:")
                .is_some_and(|rest| rest.first().is_none_or(|c| b" #\t\r".contains(c)))
        })
    })
}

/// A file's bytes, or its length when it is over the bank size limit (checked before reading,
/// so a huge file costs no memory).
fn read_bytes(path: &Path) -> Result<Result<Vec<u8>, u64>, CliError> {
    let len = std::fs::metadata(path)
        .map_err(|e| CliError::io(path, e))?
        .len();
    if len > MAX_INPUT_BYTES as u64 {
        return Ok(Err(len));
    }
    std::fs::read(path)
        .map(Ok)
        .map_err(|e| CliError::io(path, e))
}

/// Reads and checks banks, keeping every diagnostic: a file that is not UTF-8 or too large
/// gets its own located diagnostic, and the other files are still checked.
pub fn check_paths(paths: &[PathBuf]) -> Result<Checked, CliError> {
    Ok(check_paths_skipping(paths)?.0)
}

/// Like [`check_paths`], also returning the files of the named folders that were skipped
/// because they declare no bank.
pub fn check_paths_skipping(paths: &[PathBuf]) -> Result<(Checked, Vec<PathBuf>), CliError> {
    if paths.is_empty() {
        return Ok((check(&read_sources(paths)?), Vec::new()));
    }
    let walk = walk(paths)?;
    let parsed = walk
        .files
        .into_iter()
        .map(|f| {
            let origin = f.display().to_string();
            Ok(match read_bytes(&f)? {
                Ok(bytes) => parse_bank_bytes(&origin, &bytes),
                Err(len) => ParsedBank::too_large(&origin, len),
            })
        })
        .collect::<Result<Vec<_>, CliError>>()?;
    Ok((BankSet::from_parsed(parsed), walk.skipped))
}

/// Loads banks for use; any error in them is fatal.
pub fn load(paths: &[PathBuf]) -> Result<BankSet, CliError> {
    let checked = check_paths(paths)?;
    checked.into_result().map_err(CliError::Banks)
}
