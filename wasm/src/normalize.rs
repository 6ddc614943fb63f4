//! `normalize`: the text the rules examine, and what was changed to get it.

use serde::Serialize;
use tsify_next::Tsify;
use wasm_bindgen::prelude::*;

/// The normalized text and the changes, or — for an input too long to examine — the
/// `input_too_long` finding.
#[derive(Clone, Debug, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct NormalizeResult {
    /// Whether the input could be normalized.
    pub ok: bool,
    /// The normalized text (`null` when the input was too long).
    pub text: Option<String>,
    /// What changed, in a fixed order; empty when the input was already canonical.
    pub changes: Vec<Change>,
    /// Why the input could not be normalized (`kind` is `input_too_long`): `serde` of
    /// `uscc::Finding`, as in `Verdict.findings`.
    #[tsify(type = "Finding | null")]
    pub error: Option<uscc::Finding>,
}

/// One kind of change and how many characters (labels, quote pairs) it touched.
#[derive(Clone, Debug, Serialize, Tsify)]
pub struct Change {
    /// `label`, `quote`, `invisible`, `full_width`, `whitespace`, `hyphen` or
    /// `lowercase` (`serde` of `uscc::ChangeKind`).
    pub kind: ChangeKind,
    /// The info finding kind that reports it in `validate`, e.g. `normalized_label`.
    pub finding_kind: &'static str,
    /// How many characters (labels, quote pairs) were affected.
    pub count: u32,
}

/// What normalization changed (`uscc::ChangeKind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A leading label such as `统一社会信用代码：` was removed.
    Label,
    /// Quotes or a spreadsheet text marker were removed.
    Quote,
    /// Zero-width or bidirectional control characters were removed.
    Invisible,
    /// Full-width characters became half-width.
    FullWidth,
    /// Whitespace was removed.
    Whitespace,
    /// Hyphens or dashes were removed.
    Hyphen,
    /// Lower-case letters were upper-cased.
    Lowercase,
}

impl From<uscc::ChangeKind> for ChangeKind {
    fn from(k: uscc::ChangeKind) -> Self {
        use uscc::ChangeKind as K;
        match k {
            K::Label => ChangeKind::Label,
            K::Quote => ChangeKind::Quote,
            K::Invisible => ChangeKind::Invisible,
            K::FullWidth => ChangeKind::FullWidth,
            K::Whitespace => ChangeKind::Whitespace,
            K::Hyphen => ChangeKind::Hyphen,
            K::Lowercase => ChangeKind::Lowercase,
        }
    }
}

/// Normalizes an input (pure Rust; the export wraps it).
pub fn normalized(input: &str) -> NormalizeResult {
    match uscc::normalize(input) {
        Ok(n) => NormalizeResult {
            ok: true,
            changes: n
                .changes
                .iter()
                .map(|c| Change {
                    kind: c.kind.into(),
                    finding_kind: c.kind.kind().as_str(),
                    count: c.count,
                })
                .collect(),
            text: Some(n.text.into_owned()),
            error: None,
        },
        // The finding (with its messages) comes from the core's diagnosis of the same input,
        // which stops at the length check.
        Err(_) => NormalizeResult {
            ok: false,
            text: None,
            changes: Vec::new(),
            error: uscc::diagnose(input).findings.first().copied(),
        },
    }
}

/// Normalizes what a clerk typed or pasted: whitespace (U+3000 too), hyphens, full-width,
/// lower case, zero-width and bidi characters, quotes, a leading label. Look-alike letters
/// (O for 0) are left alone: guessing is `suggest`'s job.
#[wasm_bindgen(unchecked_return_type = "NormalizeResult")]
pub fn normalize(#[wasm_bindgen(unchecked_param_type = "string")] code: JsValue) -> JsValue {
    crate::js::to_js(&normalized(&crate::input::text(&code)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_and_errors() {
        let n = normalized(" 统一社会信用代码：９１３５ ０１００-m000100y43");
        assert_eq!(n.text.as_deref(), Some("91350100M000100Y43"));
        let kinds: Vec<_> = n.changes.iter().map(|c| c.finding_kind).collect();
        assert_eq!(
            kinds,
            [
                "normalized_label",
                "normalized_fullwidth",
                "normalized_whitespace",
                "normalized_hyphen",
                "normalized_lowercase"
            ]
        );
        let core = uscc::normalize(" 统一社会信用代码：９１３５ ０１００-m000100y43").unwrap();
        assert_eq!(core.changes.len(), n.changes.len());
        for (c, o) in core.changes.iter().zip(&n.changes) {
            assert_eq!(
                serde_json::to_value(c.kind).unwrap(),
                serde_json::to_value(o.kind).unwrap()
            );
            assert_eq!(c.count, o.count);
        }
        let e = normalized(&"9".repeat(5000));
        assert!(!e.ok && e.text.is_none());
        assert_eq!(e.error.unwrap().kind, uscc::Kind::InputTooLong);
    }
}
