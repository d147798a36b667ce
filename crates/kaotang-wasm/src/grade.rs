//! Grading a question given as a value (one the app holds itself, not from loaded banks).

use kaotang::bank::Question;
use kaotang::grade::{GradeOptions, Response};
use wasm_bindgen::prelude::*;

use crate::error::Result;
use crate::json::{from_js, options_from_js, to_js};

/// Grades `response` against `question`.
#[wasm_bindgen(unchecked_return_type = "Grade")]
pub fn grade(
    #[wasm_bindgen(unchecked_param_type = "Question")] question: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Response")] response: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "GradeOptions")] options: Option<JsValue>,
) -> Result<JsValue> {
    let question: Question = from_js("question", &question)?;
    let response: Response = from_js("response", &response)?;
    let options: GradeOptions = options_from_js("options", &options)?;
    to_js(&kaotang::grade::grade(&question, &response, &options)?)
}

/// Reads typed input as a response to `question`.
#[wasm_bindgen(js_name = parseResponse, unchecked_return_type = "Response")]
pub fn parse_response(
    #[wasm_bindgen(unchecked_param_type = "Question")] question: JsValue,
    input: &str,
) -> Result<JsValue> {
    let question: Question = from_js("question", &question)?;
    to_js(&kaotang::grade::parse_response(&question, input)?)
}
