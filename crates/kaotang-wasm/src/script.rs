//! 繁體: simplified text to traditional characters with the core's OpenCC converter (the
//! `traditional` feature), in the organizer's module `kaotang/contest` only: its dictionaries
//! are far too large for the learner's `.wasm`; a learner app loads that module when the
//! learner turns 繁體 on.

use kaotang::formats::script::{Converter, Script};
use wasm_bindgen::prelude::*;

use crate::error::{Code, Failure, Result};

/// Converts simplified Chinese to one traditional standard (OpenCC's dictionaries, phrases
/// first): `hant` (default), `hant-tw` or `hant-hk`. Ids, letters and digits are unchanged.
#[wasm_bindgen]
pub struct Traditional {
    cc: Converter,
}

#[wasm_bindgen]
impl Traditional {
    /// Loads the dictionaries (embedded in the module). Throws `INVALID_SETTINGS` for an
    /// unknown `script`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "'hant' | 'hant-tw' | 'hant-hk'")]
        script: Option<String>,
    ) -> Result<Traditional> {
        let script = match script.as_deref().unwrap_or("hant") {
            "hant" => Script::Hant,
            "hant-tw" => Script::HantTw,
            "hant-hk" => Script::HantHk,
            other => {
                return Err(Failure::new(
                    Code::InvalidSettings,
                    format!("未知的繁体标准“{other}”，应为 hant、hant-tw 或 hant-hk"),
                ));
            }
        };
        Converter::new(script)
            .map(|cc| Traditional { cc })
            .map_err(|e| Failure::new(Code::InvalidSettings, e.to_string()))
    }

    /// `text` in traditional characters.
    pub fn convert(&self, text: &str) -> String {
        self.cc.text(text)
    }
}
