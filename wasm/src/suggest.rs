//! `suggest`: "did you mean" — valid codes one edit away, most likely first.

use serde::Serialize;
use tsify_next::Tsify;
use wasm_bindgen::prelude::*;

use crate::options;

/// A candidate code, the edit that leads to it, and that edit described for a button.
#[derive(Clone, Debug, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct Suggestion {
    /// The valid code.
    pub code: String,
    /// How it differs from the input (positions 1-based, in the normalized text).
    pub edit: Edit,
    /// The edit for a clerk, e.g. `第18位 R→Q`.
    pub description_zh: String,
    /// The edit for a developer, e.g. `position 18: R→Q`.
    pub description_en: String,
}

/// How a suggestion differs from the input: the same object as `serde` of `uscc::Edit`.
#[derive(Clone, Copy, Debug, Serialize, Tsify)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum Edit {
    /// One character replaced.
    Substitute {
        /// Position replaced.
        position: u32,
        /// Character in the input.
        from: char,
        /// Character in the suggestion.
        to: char,
    },
    /// Characters at `position` and `position + 1` swapped.
    Transpose {
        /// First of the two positions.
        position: u32,
    },
    /// A character inserted at `position` (the input was one short).
    Insert {
        /// Position of the new character.
        position: u32,
        /// The inserted character.
        ch: char,
    },
    /// The character at `position` removed (the input was one too long).
    Delete {
        /// Position removed.
        position: u32,
        /// The removed character.
        ch: char,
    },
    /// Several never-used letters replaced by their look-alikes (O→0, I→1 …).
    Lookalikes {
        /// How many were replaced.
        count: u32,
    },
    /// Positions 16–18, lost by a spreadsheet, completed with digits.
    Completion,
}

impl From<uscc::Edit> for Edit {
    fn from(e: uscc::Edit) -> Self {
        match e {
            uscc::Edit::Substitute { position, from, to } => {
                Edit::Substitute { position, from, to }
            }
            uscc::Edit::Transpose { position } => Edit::Transpose { position },
            uscc::Edit::Insert { position, ch } => Edit::Insert { position, ch },
            uscc::Edit::Delete { position, ch } => Edit::Delete { position, ch },
            uscc::Edit::Lookalikes { count } => Edit::Lookalikes { count },
            uscc::Edit::Completion => Edit::Completion,
        }
    }
}

impl From<&uscc::Suggestion> for Suggestion {
    fn from(s: &uscc::Suggestion) -> Self {
        Suggestion {
            code: s.code.as_str().to_string(),
            edit: s.edit.into(),
            description_zh: s.edit.describe(uscc::Lang::Zh),
            description_en: s.edit.describe(uscc::Lang::En),
        }
    }
}

/// Suggestions for an input under a policy (pure Rust; the export wraps it).
pub fn suggestions(input: &str, policy: &uscc::Policy) -> Vec<Suggestion> {
    policy.suggest(input).iter().map(Suggestion::from).collect()
}

/// Valid codes one edit away from `code` (at most 8), most likely first; empty for a valid
/// code. Each comes with its edit and a description for a button (`第18位 R→Q`).
#[wasm_bindgen(unchecked_return_type = "Suggestion[]")]
pub fn suggest(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let policy = options::policy(options)?;
    Ok(crate::js::to_js(&suggestions(
        &crate::input::text(&code),
        &policy,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_has_the_core_shape() {
        for s in [
            "91350100M0001OOY43",
            "91350100M000100Y34",
            "91110108551385082R",
            "916201055811843000",
        ] {
            let core = uscc::suggest(s);
            let ours = suggestions(s, &uscc::Policy::default());
            assert_eq!(core.len(), ours.len());
            for (c, o) in core.iter().zip(&ours) {
                assert_eq!(
                    serde_json::to_value(c.edit).unwrap(),
                    serde_json::to_value(o.edit).unwrap()
                );
                assert_eq!(
                    serde_json::to_value(c).unwrap(),
                    serde_json::Value::from(o.code.clone())
                );
            }
        }
        let s = suggestions("91110108551385082R", &uscc::Policy::default());
        assert_eq!(s[0].code, "91110108551385082Q");
        assert_eq!(s[0].description_zh, "第18位 R→Q");
    }
}
