//! The on-stage contest's event log: recovered (torn or glued lines), then replayed against
//! the shipped stage configuration. A recovered log written back recovers to itself.
#![no_main]

use kaotang::contest::{Stage, StageConfig, recover_log};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(recovered) = recover_log(text) else {
        return;
    };
    let again = recover_log(&recovered.text()).map(|r| r.events);
    assert_eq!(again.as_ref().ok(), Some(&recovered.events));
    let config = include_str!("../../question-banks/blueprints/stage.yaml");
    if let Ok(cfg) = StageConfig::from_yaml(config) {
        let _ = Stage::replay(cfg, recovered.events);
    }
});
