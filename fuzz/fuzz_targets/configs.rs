//! Organizer configuration: blueprints (YAML and JSON), scoring rules, points policies and
//! stage configurations. The first byte picks the reader, the rest is the text.
#![no_main]

use kaotang::contest::{Blueprint, ScoreRules, StageConfig};
use kaotang::study::PointsPolicy;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match which % 5 {
        0 => {
            let _ = Blueprint::from_yaml(text).map(|b| b.validate());
        }
        1 => {
            let _ = Blueprint::from_json(text).map(|b| b.validate());
        }
        2 => {
            let _ = ScoreRules::from_yaml(text);
        }
        3 => {
            let _ = PointsPolicy::from_yaml(text);
        }
        _ => {
            let _ = StageConfig::from_yaml(text);
        }
    }
});
