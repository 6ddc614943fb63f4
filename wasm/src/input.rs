//! Turning whatever JavaScript passes into the text the rules examine.
//!
//! A string is taken as it is (wasm-bindgen encodes it as UTF-8; a lone surrogate becomes
//! U+FFFD, which the rules then report as an invalid character). `null` and `undefined` are
//! the empty input. Anything else is written as JavaScript's `String(value)` writes it — so
//! a number from a spreadsheet, `913701000000000000`, is examined as the text a clerk saw.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `String` function, for non-string arguments.
    #[wasm_bindgen(js_name = String, catch)]
    fn js_string(value: &JsValue) -> Result<js_sys::JsString, JsValue>;
}

/// The text of a JS argument; never fails.
pub fn text(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    if value.is_undefined() || value.is_null() {
        return String::new();
    }
    // `String(x)` can throw (an object whose toString throws): that is the empty input.
    js_string(value).map(String::from).unwrap_or_default()
}
