//! Keyword arguments → [`uscc::Policy`]. Every function that judges a code takes them:
//! `policy="default" | "assessment" | "strict"` picks a preset, and `regions=`, `org_check=`,
//! `issued_anomalies=`, `issue_year=` override one setting of it.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use uscc::{Policy, RegionRule, RuleLevel};

/// The keyword names accepted, for error messages and the stubs.
pub const KEYS: [&str; 5] = [
    "policy",
    "regions",
    "org_check",
    "issued_anomalies",
    "issue_year",
];

fn preset(name: &str) -> PyResult<Policy> {
    match name {
        "default" | "counter" => Ok(Policy::default()),
        "assessment" => Ok(Policy::assessment()),
        "strict" => Ok(Policy::strict()),
        _ => Err(PyValueError::new_err(format!(
            "policy={name:?}: expected \"default\", \"assessment\" or \"strict\""
        ))),
    }
}

fn level(key: &str, v: &str) -> PyResult<RuleLevel> {
    match v {
        "error" => Ok(RuleLevel::Error),
        "warning" => Ok(RuleLevel::Warning),
        "off" => Ok(RuleLevel::Off),
        _ => Err(PyValueError::new_err(format!(
            "{key}={v:?}: expected \"error\", \"warning\" or \"off\""
        ))),
    }
}

/// Builds the policy from `**kwargs`, starting from `base` (the function's default preset).
pub fn from_kwargs(kwargs: Option<&Bound<'_, PyDict>>, base: Policy) -> PyResult<Policy> {
    let Some(kw) = kwargs else { return Ok(base) };
    for k in kw.keys() {
        let k: String = k.extract()?;
        if !KEYS.contains(&k.as_str()) {
            return Err(PyTypeError::new_err(format!(
                "unexpected keyword argument {k:?}; policy keywords are: {}",
                KEYS.join(", ")
            )));
        }
    }
    let get = |k: &str| -> PyResult<Option<String>> {
        match kw.get_item(k)? {
            Some(v) if !v.is_none() => Ok(Some(v.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "{k}= expects a str, got {}",
                    v.get_type()
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_default()
                ))
            })?)),
            _ => Ok(None),
        }
    };
    let mut p = match get("policy")? {
        Some(name) => preset(&name)?,
        None => base,
    };
    if let Some(r) = get("regions")? {
        p = p.with_regions(match r.as_str() {
            "ignore" => RegionRule::Ignore,
            "lenient" => RegionRule::Lenient,
            "strict" => RegionRule::Strict,
            _ => {
                return Err(PyValueError::new_err(format!(
                    "regions={r:?}: expected \"ignore\", \"lenient\" or \"strict\""
                )))
            }
        });
    }
    if let Some(v) = get("org_check")? {
        p = p.with_org_check(level("org_check", &v)?);
    }
    if let Some(v) = get("issued_anomalies")? {
        p = p.with_issued_anomalies(level("issued_anomalies", &v)?);
    }
    if let Some(y) = kw.get_item("issue_year")? {
        if !y.is_none() {
            let y: u16 = y
                .extract()
                .map_err(|_| PyValueError::new_err("issue_year= expects a year such as 2016"))?;
            p = p.with_issue_year(y);
        }
    }
    Ok(p)
}
