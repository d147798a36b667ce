//! The banks shipped in `question-banks/`, embedded at build time (feature `shipped-banks`), so
//! a front end that ships them (the CLI, the C library) needs no files at run time. The npm
//! package ships them as a data module of its own instead, to keep its `.wasm` small.

/// The shipped bank files as `(origin, text)`, sorted by file name; the origin is the path from
/// the repository root, e.g. `question-banks/01-xinminzhu.yaml`.
pub const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/shipped.rs"));
