//! `checkChar`: the position-18 check character (GB 32100) of a 17-character prefix.

use serde::Serialize;
use tsify_next::Tsify;
use wasm_bindgen::prelude::*;

/// The check character and the whole code, or why the prefix cannot have one.
#[derive(Clone, Debug, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct CheckCharResult {
    /// Whether the prefix was 17 characters of the code alphabet.
    pub ok: bool,
    /// The check character, e.g. `3`.
    #[serde(rename = "char")]
    #[tsify(type = "string | null")]
    pub check_char: Option<char>,
    /// The prefix with its check character: an 18-character code whose position 18 is right
    /// (its other rules are not checked — use `validate`).
    pub code: Option<String>,
    /// Why there is no check character.
    pub error: Option<BuildError>,
}

/// Why a check character could not be computed (`uscc::BuildError`).
#[derive(Clone, Debug, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct BuildError {
    /// `length` (not 17 characters) or `char` (a character outside the code alphabet
    /// `0-9 A-H J-N P-R T U W-Y`; upper case only).
    pub kind: &'static str,
    /// 1-based position of the offending character (`char`).
    pub position: Option<u32>,
    /// The offending character (`char`).
    pub found: Option<char>,
    /// The core's message, in English.
    pub message_en: String,
}

impl From<uscc::BuildError> for BuildError {
    fn from(e: uscc::BuildError) -> Self {
        let message_en = e.to_string();
        let (kind, position, found) = match e {
            uscc::BuildError::Length { .. } => ("length", None, None),
            uscc::BuildError::Char { position, found } => {
                ("char", u32::try_from(position).ok(), Some(found))
            }
            uscc::BuildError::OrgCheck { found, .. } => ("org_check", Some(9), Some(found)),
            uscc::BuildError::Invalid(_) => ("invalid", None, None),
        };
        BuildError {
            kind,
            position,
            found,
            message_en,
        }
    }
}

/// The check character of a prefix (pure Rust; the export wraps it).
pub fn compute(prefix17: &str) -> CheckCharResult {
    match uscc::check_char(prefix17) {
        Ok(c) => CheckCharResult {
            ok: true,
            check_char: Some(c),
            code: Some(format!("{prefix17}{c}")),
            error: None,
        },
        Err(e) => CheckCharResult {
            ok: false,
            check_char: None,
            code: None,
            error: Some(e.into()),
        },
    }
}

/// The GB 32100 check character of a 17-character prefix (exactly 17 characters of the code
/// alphabet, upper case; not normalized). A remainder of 0 gives `0`.
#[wasm_bindgen(js_name = checkChar, unchecked_return_type = "CheckCharResult")]
pub fn check_char(#[wasm_bindgen(unchecked_param_type = "string")] prefix17: JsValue) -> JsValue {
    crate::js::to_js(&compute(&crate::input::text(&prefix17)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_errors() {
        let r = compute("91350100M000100Y4");
        assert_eq!(
            (r.ok, r.check_char, r.code.as_deref()),
            (true, Some('3'), Some("91350100M000100Y43"))
        );
        assert_eq!(compute("53100000500016009").check_char, Some('0'));
        let e = compute("123").error.unwrap();
        assert_eq!(
            (e.kind, e.message_en.as_str()),
            ("length", "expected 17 characters, found 3")
        );
        let e = compute("91350100M000100YO").error.unwrap();
        assert_eq!((e.kind, e.position, e.found), ("char", Some(17), Some('O')));
    }
}
