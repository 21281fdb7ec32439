//! JavaScript values in and out of the typed API, converted with
//! serde-wasm-bindgen. An object comes in as JSON data and is read by the
//! same code, with the same messages, as the CLI reads text; a report goes
//! out as the object `JSON.parse` would make of the CLI's text.

use crate::core::formats::trace_shape;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// A trace given as text or as an object, as trace JSON text. An object's
/// shape is checked first, so a wrong type is refused at its path
/// (`events[3].process: expected a string, found a number`), not at a
/// line and column of text the caller never saw.
pub fn trace_text(trace: JsValue) -> Result<Given, String> {
    if let Some(text) = trace.as_string() {
        return Ok(Given::Text(text));
    }
    let value = data(trace, "the trace")?;
    trace_shape::check(&value)?;
    Ok(Given::Object(value.to_string()))
}

/// Trace JSON text, and whether it was given so or made from an object.
pub enum Given {
    /// Text, as the caller gave it.
    Text(String),
    /// Made from an object.
    Object(String),
}

impl Given {
    /// The text.
    pub fn text(&self) -> &str {
        match self {
            Given::Text(t) | Given::Object(t) => t,
        }
    }

    /// A reader's message about this input: for an object, without the
    /// "at line L, column C" of the text made from it (one line, so the
    /// place says nothing the path-naming shape check has not).
    pub fn message(&self, message: String) -> String {
        match self {
            Given::Object(_) => without_text_place(&message),
            Given::Text(_) => message,
        }
    }
}

/// A JavaScript value as JSON data: what `JSON.stringify` keeps of it
/// (undefined and non-finite numbers become null). `what` names it in the
/// message when it holds something JSON has not (a function, a symbol, a
/// BigInt past 64 bits).
pub fn data(value: JsValue, what: &str) -> Result<Value, String> {
    // serde-wasm-bindgen's message is a JavaScript Error's text.
    serde_wasm_bindgen::from_value(value).map_err(|e| {
        let text = e.to_string();
        format!("{what}: {}", text.strip_prefix("Error: ").unwrap_or(&text))
    })
}

/// JSON data as the object `JSON.parse` makes of its text: plain objects
/// (not `Map`s), null for nothing, and numbers, including integers past
/// 2^53 (rounded, as `JSON.parse` rounds them; serde-wasm-bindgen refuses
/// them).
pub fn object(value: &Value) -> Result<JsValue, String> {
    let out = serde_wasm_bindgen::Serializer::json_compatible();
    match value.serialize(&out) {
        Ok(object) => Ok(object),
        Err(_) => {
            let mut rounded = value.clone();
            round_big_integers(&mut rounded);
            rounded.serialize(&out).map_err(|e| e.to_string())
        }
    }
}

/// JSON text (a report the core wrote) as an object.
pub fn object_of_text(text: &[u8]) -> Result<JsValue, String> {
    let value: Value = serde_json::from_slice(text).map_err(|e| e.to_string())?;
    object(&value)
}

fn round_big_integers(value: &mut Value) {
    const SAFE: u64 = (1 << 53) - 1;
    match value {
        Value::Number(n)
            if n.as_u64().is_some_and(|x| x > SAFE) || n.as_i64().is_some_and(|x| x < -(SAFE as i64)) =>
        {
            *value = n.as_f64().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number);
        }
        Value::Array(items) => items.iter_mut().for_each(round_big_integers),
        Value::Object(fields) => fields.values_mut().for_each(round_big_integers),
        _ => {}
    }
}

/// `invalid JSON at line 1, column 57: message` as `message`.
fn without_text_place(message: &str) -> String {
    match message.strip_prefix("invalid JSON at line ").and_then(|rest| rest.split_once(": ")) {
        Some((_, what)) => what.to_string(),
        None => message.to_string(),
    }
}

/// A message as the `Error` the API throws.
pub fn error(message: impl AsRef<str>) -> JsValue {
    js_sys::Error::new(message.as_ref()).into()
}
