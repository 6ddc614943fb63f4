//! `validate` and `isValid`: the verdict on one input.
//!
//! The object handed to JS is `serde` of `uscc::Verdict` itself (the CLI's `--json`, the
//! Python package). The types below only declare its TypeScript shape; a native test checks
//! that they serialize exactly as the core type does.

use serde::Serialize;
use tsify_next::Tsify;
use wasm_bindgen::prelude::*;

use crate::options;

/// Everything about one input: `serde` of `uscc::Verdict`.
#[derive(Clone, Debug, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct Verdict {
    /// The input as given.
    pub input: String,
    /// The normalized text (`null` when the input was too long to examine).
    pub normalized: Option<String>,
    /// No finding is an error.
    pub valid: bool,
    /// Every finding, errors first, then warnings, then info.
    pub findings: Vec<Finding>,
    /// For an invalid input: valid codes one edit away, most likely first.
    pub suggestions: Vec<String>,
    /// For a valid code: what it encodes.
    pub parts: Option<Parts>,
}

/// How much a finding matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is not a valid code.
    Error,
    /// Accepted, but unusual (a pilot code, an unknown region …).
    Warning,
    /// Worth knowing (formatting normalized, region abolished since …).
    Info,
}

#[cfg(test)]
impl From<uscc::Severity> for Severity {
    fn from(s: uscc::Severity) -> Self {
        match s {
            uscc::Severity::Error => Severity::Error,
            uscc::Severity::Warning => Severity::Warning,
            uscc::Severity::Info => Severity::Info,
        }
    }
}

/// One fact about an input.
#[derive(Clone, Debug, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct Finding {
    /// Stable snake_case kind, one of `kinds()`, e.g. `check_char_mismatch`.
    pub kind: &'static str,
    /// How much it matters under the policy used.
    pub severity: Severity,
    /// 1-based character position in the normalized text, where there is one.
    pub position: Option<u32>,
    /// The character that belongs at `position`, where it is known.
    pub expected: Option<char>,
    /// The character found at `position`.
    pub found: Option<char>,
    /// For a clerk, e.g. `第18位校验码应为 Q，实为 R`.
    pub message_zh: String,
    /// For a developer, e.g. `position 18: check char should be Q, found R`.
    pub message_en: String,
}

#[cfg(test)]
impl From<&uscc::Finding> for Finding {
    fn from(f: &uscc::Finding) -> Self {
        Finding {
            kind: f.kind.as_str(),
            severity: f.severity.into(),
            position: f.position,
            expected: f.expected,
            found: f.found,
            message_zh: f.message_zh(),
            message_en: f.message_en(),
        }
    }
}

/// What a valid code encodes.
#[derive(Clone, Debug, Serialize, Tsify)]
#[tsify(missing_as_null)]
pub struct Parts {
    /// Position 1, 登记管理部门代码.
    pub department: char,
    /// 登记管理部门, e.g. `工商`.
    pub department_zh: &'static str,
    /// Registration department in English.
    pub department_en: &'static str,
    /// Position 2, 机构类别代码.
    pub category: char,
    /// 机构类别, e.g. `企业`.
    pub category_zh: &'static str,
    /// Institution category in English.
    pub category_en: &'static str,
    /// Positions 3–8, the region code of the registering authority, e.g. `110108`.
    pub region: String,
    /// Its name chain, e.g. `北京市 海淀区` (`null` when the code is not in the table).
    pub region_name: Option<String>,
    /// The same chain as a list, province first.
    pub region_names: Vec<&'static str>,
    /// The years the region code was valid, e.g. `[1997–2019]` (`2019–` while current).
    pub region_periods: Vec<String>,
    /// Whether the region code is in the current list (`null` when unknown).
    pub region_current: Option<bool>,
    /// Positions 9–17, 主体标识码 (the old organization code).
    pub subject_identifier: String,
    /// Position 18, 校验码.
    pub check_char: char,
}

#[cfg(test)]
impl From<uscc::Parts> for Parts {
    fn from(p: uscc::Parts) -> Self {
        Parts {
            department: p.department,
            department_zh: p.department_zh,
            department_en: p.department_en,
            category: p.category,
            category_zh: p.category_zh,
            category_en: p.category_en,
            region: p.region,
            region_name: p.region_name,
            region_names: p.region_names,
            region_periods: p.region_periods,
            region_current: p.region_current,
            subject_identifier: p.subject_identifier,
            check_char: p.check_char,
        }
    }
}

#[cfg(test)]
impl From<uscc::Verdict> for Verdict {
    fn from(v: uscc::Verdict) -> Self {
        Verdict {
            input: v.input,
            normalized: v.normalized,
            valid: v.valid,
            findings: v.findings.iter().map(Finding::from).collect(),
            suggestions: v
                .suggestions
                .iter()
                .map(|s| s.code.as_str().to_string())
                .collect(),
            parts: v.parts.map(Parts::from),
        }
    }
}

/// Validates one input: normalizes it, runs every rule, and says what is wrong and where,
/// what was probably meant, and — for a valid code — what it encodes.
///
/// `code` may be anything a clerk pastes (spaces, full-width, lower case, a label); the
/// normalization is reported as `info` findings. Never throws for any `code`; throws a
/// `TypeError` for malformed `options`.
#[wasm_bindgen(unchecked_return_type = "Verdict")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let policy = options::policy(options)?;
    Ok(crate::js::to_js(&policy.check(&crate::input::text(&code))))
}

/// Whether an input is a valid code (after normalization): the fast path, no objects.
#[wasm_bindgen(js_name = isValid)]
pub fn is_valid(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Options")] options: Option<JsValue>,
) -> Result<bool, JsValue> {
    Ok(options::policy(options)?.is_valid(&crate::input::text(&code)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The browser shape is exactly `serde` of the core type.
    #[test]
    fn same_json_as_core() {
        let inputs = [
            "91350100M000100Y43",
            "91110108551385082R",
            "统一社会信用代码：９１１１０１０８ 551385082q",
            "531000005000160090",
            "91350203M0001QKT19",
            "362322198709086409",
            "916201055811843000",
            "",
            "9135",
            "B",
            "\u{0}",
        ];
        for p in [uscc::Policy::default(), uscc::Policy::strict()] {
            for s in inputs {
                let core = serde_json::to_value(p.check(s)).unwrap();
                let ours = serde_json::to_value(Verdict::from(p.check(s))).unwrap();
                assert_eq!(core, ours, "{s:?}");
            }
        }
    }
}
