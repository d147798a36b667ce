//! Where banks come from: the embedded shipped banks, or files and folders named on the
//! command line.

use std::path::{Path, PathBuf};

use kaotang::bank::{BankSet, Checked, check};

use crate::error::CliError;

include!(concat!(env!("OUT_DIR"), "/shipped.rs"));

/// Bank files as `(origin, text)`: the shipped ones when `paths` is empty, otherwise every
/// `.yaml`, `.yml` and `.json` file named or found (recursively, sorted) in the named folders.
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<(String, String)>, CliError> {
    if paths.is_empty() {
        return Ok(SHIPPED
            .iter()
            .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
            .collect());
    }
    let mut files = Vec::new();
    for p in paths {
        collect(p, &mut files)?;
    }
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).map_err(|e| CliError::io(&f, e))?;
            Ok((f.display().to_string(), text))
        })
        .collect()
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let meta = std::fs::metadata(path).map_err(|e| CliError::io(path, e))?;
    if meta.is_file() {
        out.push(path.to_owned());
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
            collect(&e, out)?;
        } else if e
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        {
            out.push(e);
        }
    }
    Ok(())
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
