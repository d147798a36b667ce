//! # kaotang (考堂)
//!
//! The core of a quiz, learning and knowledge-contest engine for Party-history (党史) study:
//! question banks with precise validation, grading, FSRS spaced-repetition scheduling, study
//! modes and contests.
//!
//! The crate is pure and deterministic: it never reads a clock, the environment or a file.
//! Dates, times and seeds are arguments, and the same inputs give byte-identical outputs on
//! every platform.

pub mod bank;
pub mod contest;
pub mod error;
pub mod formats;
pub mod grade;
pub mod rng;
pub mod schedule;
pub mod study;
pub mod text;
pub mod time;
