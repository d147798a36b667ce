//! One module per command group.

pub mod bank;
pub mod contest;
pub mod learn;
pub mod print;
pub mod profile;
pub mod scope;
