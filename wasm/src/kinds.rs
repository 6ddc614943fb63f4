//! `kinds` and `version`: what the package knows.

use wasm_bindgen::prelude::*;

/// Every finding kind name, in the core's declaration order (`uscc::Kind::ALL`): the values
/// `findings[].kind` can take.
#[wasm_bindgen]
pub fn kinds() -> Vec<String> {
    uscc::Kind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect()
}

/// The version of this package (and of the `uscc` rules it carries).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn all_kinds() {
        let k = super::kinds();
        assert_eq!(k.len(), uscc::Kind::ALL.len());
        assert!(k.iter().any(|k| k == "check_char_mismatch"));
    }
}
