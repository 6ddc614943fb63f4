//! [`Verdict`]: the one-input answer every adapter prints — verdict, normalized text, findings,
//! suggestions and what the code encodes.

use crate::{Finding, Parts, Policy, Suggestion};

/// Everything about one input, in the shape the CLI's `--json`, the browser package and the
/// Python package all emit.
///
/// ```
/// let v = uscc::check("91110108551385082R");
/// assert!(!v.valid);
/// assert_eq!(v.normalized.as_deref(), Some("91110108551385082R"));
/// assert_eq!(v.findings[0].kind, uscc::Kind::CheckCharMismatch);
/// assert_eq!(v.suggestions[0].code.as_str(), "91110108551385082Q");
/// assert!(v.parts.is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Verdict {
    /// The input as given.
    pub input: String,
    /// The normalized text (`None` when the input was too long to examine).
    pub normalized: Option<String>,
    /// No finding is an error.
    pub valid: bool,
    /// Every finding, errors first.
    pub findings: Vec<Finding>,
    /// For an invalid input: valid codes one edit away, most likely first.
    pub suggestions: Vec<Suggestion>,
    /// For a valid code: what it encodes.
    pub parts: Option<Parts>,
}

/// Checks one input under the default policy.
///
/// ```
/// let v = uscc::check("91110108551385082Q");
/// assert!(v.valid && v.suggestions.is_empty());
/// assert_eq!(v.parts.unwrap().region_names, ["北京市", "海淀区"]);
/// ```
pub fn check(input: &str) -> Verdict {
    Policy::default().check(input)
}

impl Policy {
    /// Checks one input under this policy.
    ///
    /// ```
    /// let v = uscc::Policy::assessment().check("91350203M0001QKT19");
    /// assert!(!v.valid);
    /// ```
    pub fn check(&self, input: &str) -> Verdict {
        let d = self.diagnose(input);
        let valid = d.is_valid();
        Verdict {
            input: input.to_string(),
            suggestions: if valid {
                Vec::new()
            } else {
                self.suggest(input)
            },
            parts: d.code().map(|c| c.parts()),
            normalized: d.normalized,
            valid,
            findings: d.findings,
        }
    }
}
