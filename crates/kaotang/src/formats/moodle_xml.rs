//! wip
use super::{Draft, Exported, Report};
use crate::bank::Bank;
pub(crate) fn parse(_t: &str, _r: &mut Report) -> Vec<Draft> {
    Vec::new()
}
pub(crate) fn export(_b: &Bank) -> Exported {
    Exported::default()
}
