//! # kaotang-wasm
//!
//! The npm package `kaotang`: the core crate compiled to WebAssembly with `wasm-bindgen`.
//!
//! The binding only translates: JS values in (plain objects, camelCase option keys), core
//! calls, JS values out (the core's JSON shapes, the same bytes as the Rust API, the CLI and
//! the C library). Every failure becomes a `KaotangError` (a real `Error` subclass with a
//! `code`, and `diagnostics` for bank problems), and a panic hook turns any panic into one
//! instead of an opaque trap. The TypeScript surface is `js/types.d.ts`, spliced into the
//! generated declarations.

mod banks;
#[cfg(feature = "contest")]
mod contest;
mod error;
mod fsrs;
mod grade;
mod json;
mod profile;
#[cfg(feature = "contest")]
mod script;
mod study;

pub use banks::Banks;
#[cfg(feature = "contest")]
pub use contest::{Assembly, Scoring, SheetStream, Stage};
pub use fsrs::Fsrs;
pub use study::{Learner, Session, Study};

use wasm_bindgen::prelude::*;

/// The JSON shapes the functions take and return: output shapes generated from the core's
/// types into `js/generated.d.ts` (tests/types.rs) and re-exported, the rest hand-written next
/// to the serde types they mirror; checked by `tsc --strict` against the typed example.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("../js/types.d.ts");

/// Runs once when the module is instantiated.
#[wasm_bindgen(start)]
fn start() {
    error::install_panic_hook();
}

/// The version of the core library (the npm package's version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Panics on purpose, so the tests can prove that the panic hook turns a panic into a
/// `KaotangError` with code `INTERNAL` instead of an opaque `RuntimeError`. Not for use.
#[doc(hidden)]
#[wasm_bindgen(js_name = __panicForTesting, skip_typescript)]
#[allow(clippy::panic)]
pub fn panic_for_testing(message: &str) {
    panic!("{message}");
}
