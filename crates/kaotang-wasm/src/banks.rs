//! Banks: loading from text with diagnostics, lookups, and grading against a loaded question.

use std::sync::Arc;

use kaotang::bank::{BankSet, QuestionFilter, QuestionId, check};
use kaotang::grade::{GradeOptions, Response, grade, key_response, parse_response};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::error::{Code, Failure, Result, js_diagnostics};
use crate::json::{from_js, options_from_js, to_js};

/// One bank file: its name (used in diagnostics) and its YAML or JSON text.
#[derive(Deserialize)]
struct BankFile {
    origin: String,
    text: String,
}

fn read_files(files: &JsValue) -> Result<Vec<(String, String)>> {
    let files: Vec<BankFile> = from_js("files", files)?;
    Ok(files.into_iter().map(|f| (f.origin, f.text)).collect())
}

/// Checks bank files without failing on errors: every diagnostic, and the counts of what
/// loaded (the items with errors left out).
#[wasm_bindgen(js_name = checkBanks, unchecked_return_type = "BankCheck")]
pub fn check_banks(
    #[wasm_bindgen(unchecked_param_type = "readonly BankFile[]")] files: JsValue,
) -> Result<JsValue> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct BankCheck<T: Serialize> {
        has_errors: bool,
        diagnostics: Vec<T>,
        stats: kaotang::bank::Stats,
    }
    let checked = check(&read_files(&files)?);
    to_js(&BankCheck {
        has_errors: checked.has_errors(),
        diagnostics: js_diagnostics(&checked.diagnostics),
        stats: checked.set.stats(),
    })
}

/// Questions, events and readings of one or more banks (ids unique across them).
#[wasm_bindgen]
pub struct Banks {
    // Shared with the sheet streams that score against it.
    set: Arc<BankSet>,
}

impl Banks {
    pub(crate) fn set(&self) -> &BankSet {
        &self.set
    }

    /// The banks, for an object that outlives this call (a sheet stream).
    #[cfg_attr(not(feature = "contest"), allow(dead_code))]
    pub(crate) fn shared(&self) -> Arc<BankSet> {
        Arc::clone(&self.set)
    }

    fn find(&self, id: &str) -> Result<&kaotang::bank::Question> {
        self.set
            .question(&QuestionId(id.to_owned()))
            .ok_or_else(|| Failure::new(Code::NotFound, format!("题库中没有题目“{id}”")))
    }
}

#[wasm_bindgen]
impl Banks {
    /// Loads bank files; any error throws a `KaotangError` with code `INVALID_BANK` and every
    /// diagnostic (warnings do not fail the load).
    pub fn load(
        #[wasm_bindgen(unchecked_param_type = "readonly BankFile[]")] files: JsValue,
    ) -> Result<Banks> {
        Ok(Banks {
            set: Arc::new(BankSet::load(&read_files(&files)?)?),
        })
    }

    /// Counts by type, period, difficulty; events and readings.
    #[wasm_bindgen(unchecked_return_type = "BankStats")]
    pub fn stats(&self) -> Result<JsValue> {
        to_js(&self.set.stats())
    }

    /// The banks' headers.
    #[wasm_bindgen(unchecked_return_type = "BankInfo[]")]
    pub fn banks(&self) -> Result<JsValue> {
        to_js(self.set.banks())
    }

    /// Number of questions.
    #[wasm_bindgen(getter, js_name = questionCount)]
    pub fn question_count(&self) -> usize {
        self.set.questions().len()
    }

    /// The question with `id` (with its key and explanation); throws `NOT_FOUND`.
    #[wasm_bindgen(unchecked_return_type = "Question")]
    pub fn question(&self, id: &str) -> Result<JsValue> {
        to_js(self.find(id)?)
    }

    /// What a learner answers from: question `id` without its key, hint or explanation.
    #[wasm_bindgen(unchecked_return_type = "QuestionView")]
    pub fn view(&self, id: &str) -> Result<JsValue> {
        to_js(&self.find(id)?.participant_view())
    }

    /// The ids of the questions that pass `filter` (every question without one), in bank order.
    #[wasm_bindgen(js_name = questionIds)]
    pub fn question_ids(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "QuestionFilter")] filter: Option<JsValue>,
    ) -> Result<Vec<String>> {
        let filter: QuestionFilter = options_from_js("filter", &filter)?;
        Ok(self
            .set
            .select(&filter)
            .into_iter()
            .filter_map(|i| self.set.questions().get(i))
            .map(|q| q.id.0.clone())
            .collect())
    }

    /// Every dated event (党史上的今天).
    #[wasm_bindgen(unchecked_return_type = "BankEvent[]")]
    pub fn events(&self) -> Result<JsValue> {
        to_js(self.set.events())
    }

    /// The events on a month and day, in bank order.
    #[wasm_bindgen(js_name = eventsOn, unchecked_return_type = "BankEvent[]")]
    pub fn events_on(&self, month: u8, day: u8) -> Result<JsValue> {
        to_js(&self.set.events_on(month, day).collect::<Vec<_>>())
    }

    /// Every reading (天天读).
    #[wasm_bindgen(unchecked_return_type = "Reading[]")]
    pub fn readings(&self) -> Result<JsValue> {
        to_js(self.set.readings())
    }

    /// Grades `response` to question `id`.
    #[wasm_bindgen(unchecked_return_type = "Grade")]
    pub fn grade(
        &self,
        id: &str,
        #[wasm_bindgen(unchecked_param_type = "Response")] response: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "GradeOptions")] options: Option<JsValue>,
    ) -> Result<JsValue> {
        let response: Response = from_js("response", &response)?;
        let options: GradeOptions = options_from_js("options", &options)?;
        to_js(&grade(self.find(id)?, &response, &options)?)
    }

    /// Reads typed input (`B`, `ACD`, `对`, `答案一；答案二`, `BCAD`) as a response to
    /// question `id`; throws `INVALID_ANSWER` with a hint for unreadable input.
    #[wasm_bindgen(js_name = parseResponse, unchecked_return_type = "Response")]
    pub fn parse_response(&self, id: &str, input: &str) -> Result<JsValue> {
        to_js(&parse_response(self.find(id)?, input)?)
    }

    /// The response that earns full credit for question `id`.
    #[wasm_bindgen(js_name = keyResponse, unchecked_return_type = "Response")]
    pub fn key_response(&self, id: &str) -> Result<JsValue> {
        to_js(&key_response(self.find(id)?))
    }
}
