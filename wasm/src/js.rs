//! Handing results to JavaScript: serialize to JSON in Rust, `JSON.parse` in JS.
//!
//! One string crosses the boundary instead of one call per field, and the objects are
//! exactly `serde`'s shape (`None` is `null`), the same as the CLI's `--json`.

use serde::Serialize;
use wasm_bindgen::JsValue;

/// The JS value of `value`, via JSON.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL)
}
