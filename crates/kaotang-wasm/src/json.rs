//! JS values to and from the core's serde types, through the JS engine's own `JSON` (fast,
//! and the output is byte-for-byte the core's JSON).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::error::{Code, Failure, Result};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = stringify, catch)]
    fn js_stringify(value: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn js_parse(text: &str) -> Result<JsValue, JsValue>;

    /// `String(value)`: the message of a thrown `TypeError`.
    #[wasm_bindgen(js_name = String)]
    fn js_string(value: &JsValue) -> String;
}

/// The JSON text of a JS value; `None` for `undefined` and functions.
fn stringify(name: &str, value: &JsValue) -> Result<Option<String>> {
    js_stringify(value).map(|v| v.as_string()).map_err(|e| {
        Failure::new(
            Code::InvalidJson,
            format!("参数 {name} 无法转为 JSON：{}", js_string(&e)),
        )
    })
}

fn bad_json(name: &str, e: &serde_json::Error) -> Failure {
    Failure::new(Code::InvalidJson, format!("参数 {name} 的结构不符：{e}"))
}

/// Reads argument `name` (a plain JS value) as `T`.
pub(crate) fn from_js<T: DeserializeOwned>(name: &str, value: &JsValue) -> Result<T> {
    let text = stringify(name, value)?
        .ok_or_else(|| Failure::new(Code::InvalidJson, format!("缺少参数 {name}")))?;
    serde_json::from_str(&text).map_err(|e| bad_json(name, &e))
}

/// Reads an options object with camelCase keys as the core's snake_case settings type;
/// `undefined` and `null` give the defaults.
pub(crate) fn options_from_js<T: DeserializeOwned + Default>(
    name: &str,
    value: &Option<JsValue>,
) -> Result<T> {
    let Some(value) = value.as_ref().filter(|v| !v.is_null() && !v.is_undefined()) else {
        return Ok(T::default());
    };
    let text = stringify(name, value)?.unwrap_or_default();
    from_snake_text(name, &text)
}

/// Reads a settings object (a blueprint, scoring rules) with camelCase or snake_case keys.
pub(crate) fn config_from_js<T: DeserializeOwned>(name: &str, value: &JsValue) -> Result<T> {
    let text = stringify(name, value)?
        .ok_or_else(|| Failure::new(Code::InvalidJson, format!("缺少参数 {name}")))?;
    from_snake_text(name, &text)
}

/// Reads JSON text with its keys made snake_case. The keys are renamed on a `Value`, then
/// the text is read again with `from_str`: every type is then deserialised by one
/// deserializer only, which keeps the `.wasm` small.
fn from_snake_text<T: DeserializeOwned>(name: &str, text: &str) -> Result<T> {
    let value: Value = serde_json::from_str(text).map_err(|e| bad_json(name, &e))?;
    serde_json::from_str(&snake_keys(value).to_string()).map_err(|e| bad_json(name, &e))
}

/// Renames every object key from camelCase to snake_case (`desiredRetention` →
/// `desired_retention`); snake_case keys pass unchanged.
fn snake_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (snake_case(&k), snake_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(snake_keys).collect()),
        other => other,
    }
}

fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The core's JSON for `value`, as a JS value.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| Failure::new(Code::InvalidJson, format!("无法生成 JSON：{e}")))?;
    js_parse(&text).map_err(|_| Failure::new(Code::InvalidJson, "无法读取生成的 JSON"))
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn camel_keys_become_snake() {
        assert_eq!(snake_case("desiredRetention"), "desired_retention");
        assert_eq!(snake_case("batch_size"), "batch_size");
        assert_eq!(snake_case("multi"), "multi");
        assert_eq!(snake_case("perWrong"), "per_wrong");
    }
}
