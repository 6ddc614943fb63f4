//! Validation options: which `uscc::Policy` to apply.
//!
//! Read field by field from the JS object (no deserializer: that would bring float
//! formatting and more into the `.wasm`). Unknown keys and values are a `TypeError`: a typo in
//! an option must not silently fall back to the default.

use serde::Serialize;
use tsify_next::Tsify;
use wasm_bindgen::{JsCast, JsValue};

/// How strict to be. Everything is optional; the default is the registration-counter policy
/// (`uscc::Policy::counter`).
///
/// ```ts
/// validate(code, { policy: 'assessment' });               // the monthly 重错码率 rules
/// validate(code, { regions: 'strict', issueYear: 2016 }); // region must have existed in 2016
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    /// Starting preset: `counter` (default), `assessment` or `strict`.
    #[tsify(optional)]
    pub policy: Option<Preset>,
    /// Region code rule: `ignore`, `lenient` (default) or `strict`.
    #[tsify(optional)]
    pub regions: Option<RegionRule>,
    /// The GB 11714 check of positions 9–17.
    #[tsify(optional)]
    pub org_check: Option<RuleLevel>,
    /// Codes really issued with position 18 off the rule (Fujian pilot codes, `Y` for `1`).
    #[tsify(optional)]
    pub issued_anomalies: Option<RuleLevel>,
    /// The year the code was issued: its region must have existed then.
    #[tsify(optional)]
    pub issue_year: Option<u16>,
}

/// The option names, as in [`Options`]' camelCase serde names.
const KEYS: [&str; 5] = [
    "policy",
    "regions",
    "orgCheck",
    "issuedAnomalies",
    "issueYear",
];

/// A policy preset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// `uscc::Policy::counter` — the default.
    Counter,
    /// `uscc::Policy::assessment` — every rule of the monthly assessment is an error.
    Assessment,
    /// `uscc::Policy::strict` — everything an error, regions included.
    Strict,
}

/// `uscc::RegionRule`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "snake_case")]
pub enum RegionRule {
    /// Only require six digits.
    Ignore,
    /// Unknown code with a real province prefix → warning.
    Lenient,
    /// Every code must be in the region table.
    Strict,
}

/// `uscc::RuleLevel`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "snake_case")]
pub enum RuleLevel {
    /// Breaking the rule makes the code invalid.
    Error,
    /// A warning when it is the only rule broken.
    Warning,
    /// Not checked.
    Off,
}

/// Parsing an option value from its serde name.
pub trait Named: Sized + Copy + 'static {
    /// Every value with its name.
    const ALL: &'static [(&'static str, Self)];
    /// The value of a name.
    fn from_name(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == s).map(|&(_, v)| v)
    }
}

impl Named for Preset {
    const ALL: &'static [(&'static str, Self)] = &[
        ("counter", Preset::Counter),
        ("assessment", Preset::Assessment),
        ("strict", Preset::Strict),
    ];
}
impl Named for RegionRule {
    const ALL: &'static [(&'static str, Self)] = &[
        ("ignore", RegionRule::Ignore),
        ("lenient", RegionRule::Lenient),
        ("strict", RegionRule::Strict),
    ];
}
impl Named for RuleLevel {
    const ALL: &'static [(&'static str, Self)] = &[
        ("error", RuleLevel::Error),
        ("warning", RuleLevel::Warning),
        ("off", RuleLevel::Off),
    ];
}

impl From<RegionRule> for uscc::RegionRule {
    fn from(r: RegionRule) -> Self {
        match r {
            RegionRule::Ignore => uscc::RegionRule::Ignore,
            RegionRule::Lenient => uscc::RegionRule::Lenient,
            RegionRule::Strict => uscc::RegionRule::Strict,
        }
    }
}

impl From<RuleLevel> for uscc::RuleLevel {
    fn from(r: RuleLevel) -> Self {
        match r {
            RuleLevel::Error => uscc::RuleLevel::Error,
            RuleLevel::Warning => uscc::RuleLevel::Warning,
            RuleLevel::Off => uscc::RuleLevel::Off,
        }
    }
}

impl Options {
    /// The `uscc::Policy` these options describe.
    pub fn policy(&self) -> uscc::Policy {
        let mut p = match self.policy {
            None | Some(Preset::Counter) => uscc::Policy::counter(),
            Some(Preset::Assessment) => uscc::Policy::assessment(),
            Some(Preset::Strict) => uscc::Policy::strict(),
        };
        if let Some(r) = self.regions {
            p = p.with_regions(r.into());
        }
        if let Some(l) = self.org_check {
            p = p.with_org_check(l.into());
        }
        if let Some(l) = self.issued_anomalies {
            p = p.with_issued_anomalies(l.into());
        }
        if let Some(y) = self.issue_year {
            p = p.with_issue_year(y);
        }
        p
    }
}

/// Reads options from a JS value: `undefined`/`null` are the defaults. The error is a JS
/// `TypeError` to throw.
pub fn from_js(v: &JsValue) -> Result<Options, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(Options::default());
    }
    if !v.is_object() {
        return Err(type_error("options must be an object"));
    }
    for k in js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>()).iter() {
        let k = k.as_string().unwrap_or_default();
        if !KEYS.contains(&k.as_str()) {
            return Err(type_error(
                "unknown option; known: policy, regions, orgCheck, issuedAnomalies, issueYear",
            ));
        }
    }
    // The messages are static: formatting them would cost more code than they are worth.
    let get =
        |k: &str| js_sys::Reflect::get(v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    fn named<T: Named>(error: &str, x: JsValue) -> Result<Option<T>, JsValue> {
        if x.is_undefined() || x.is_null() {
            return Ok(None);
        }
        x.as_string()
            .and_then(|s| T::from_name(&s))
            .map(Some)
            .ok_or_else(|| type_error(error))
    }
    let year = get("issueYear");
    let issue_year = if year.is_undefined() || year.is_null() {
        None
    } else {
        match year.as_f64() {
            Some(y) if y.fract() == 0.0 && (1.0..=9999.0).contains(&y) => Some(y as u16),
            _ => return Err(type_error("option issueYear must be a year (an integer)")),
        }
    };
    Ok(Options {
        policy: named(
            "option policy must be \"counter\", \"assessment\" or \"strict\"",
            get("policy"),
        )?,
        regions: named(
            "option regions must be \"ignore\", \"lenient\" or \"strict\"",
            get("regions"),
        )?,
        org_check: named(
            "option orgCheck must be \"error\", \"warning\" or \"off\"",
            get("orgCheck"),
        )?,
        issued_anomalies: named(
            "option issuedAnomalies must be \"error\", \"warning\" or \"off\"",
            get("issuedAnomalies"),
        )?,
        issue_year,
    })
}

/// The policy of an optional options argument.
pub fn policy(v: Option<JsValue>) -> Result<uscc::Policy, JsValue> {
    v.map_or(Ok(Options::default()), |v| from_js(&v))
        .map(|o| o.policy())
}

fn type_error(msg: &str) -> JsValue {
    js_sys::TypeError::new(msg).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_map_to_core_presets() {
        assert_eq!(Options::default().policy(), uscc::Policy::default());
        let o = Options {
            policy: Some(Preset::Assessment),
            ..Options::default()
        };
        assert_eq!(o.policy(), uscc::Policy::assessment());
        let o = Options {
            policy: Some(Preset::Strict),
            ..Options::default()
        };
        assert_eq!(o.policy(), uscc::Policy::strict());
        let o = Options {
            regions: Some(RegionRule::Strict),
            org_check: Some(RuleLevel::Off),
            issued_anomalies: Some(RuleLevel::Error),
            issue_year: Some(2016),
            ..Options::default()
        };
        let want = uscc::Policy::default()
            .with_regions(uscc::RegionRule::Strict)
            .with_org_check(uscc::RuleLevel::Off)
            .with_issued_anomalies(uscc::RuleLevel::Error)
            .with_issue_year(2016);
        assert_eq!(o.policy(), want);
    }

    /// The names parsed are the names in the TypeScript declarations (serde's).
    #[test]
    fn names_match_the_declarations() {
        fn check<T: Named + Serialize + PartialEq + core::fmt::Debug>() {
            for &(n, v) in T::ALL {
                assert_eq!(serde_json::to_value(v).unwrap(), n);
                assert_eq!(T::from_name(n), Some(v));
            }
        }
        check::<Preset>();
        check::<RegionRule>();
        check::<RuleLevel>();
        let o = Options {
            policy: Some(Preset::Counter),
            regions: Some(RegionRule::Ignore),
            org_check: Some(RuleLevel::Off),
            issued_anomalies: Some(RuleLevel::Off),
            issue_year: Some(2020),
        };
        let v = serde_json::to_value(o).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        let mut want: Vec<_> = KEYS.iter().map(|k| k.to_string()).collect();
        want.sort();
        let mut keys = keys;
        keys.sort();
        assert_eq!(keys, want);
    }
}
