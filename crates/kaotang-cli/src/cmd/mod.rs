//! One module per command group.

pub mod bank;
pub mod print;
