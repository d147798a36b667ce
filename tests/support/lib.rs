//! Shared fixtures for kaotang's end-to-end tests and benchmarks.

use std::path::PathBuf;

/// The folder of the shipped question banks.
pub fn shipped_banks_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("question-banks")
}
