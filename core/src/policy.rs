//! Validation policy: how strict to be where real, issued codes break the rules.
//! The presets and why are documented on [`Policy`].

use crate::Severity;

/// How to treat the region code (positions 3–8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RegionRule {
    /// Only require six digits.
    Ignore,
    /// Unknown code with a real province prefix → warning; impossible province → error.
    #[default]
    Lenient,
    /// Every code must be in the region table (any year, special codes included).
    Strict,
}

/// How to treat a broken rule that real, issued codes are known to break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RuleLevel {
    /// Breaking it makes the code invalid.
    Error,
    /// A warning when it is the only rule broken; an error alongside other errors.
    #[default]
    Warning,
    /// Not checked.
    Off,
}

/// What counts as valid: how strict to be where real, issued codes break the rules.
///
/// | preset | regions | GB 11714 (pos 9–17) | Fujian pilot / `Y`-for-`1` | for |
/// |---|---|---|---|---|
/// | [`Policy::default`] | lenient | warning when it is the only rule broken | warning | notebooks, registration counters |
/// | [`Policy::assessment`] | lenient | error | error | the monthly 重错码率 (spec §7: 错码 = fails any rule) |
/// | [`Policy::strict`] | strict | error | error | auditing a registry's own output |
///
/// Why these defaults: about 0.007 % of real codes pass the position-18 check and fail GB 11714
/// (almost surely the codes as issued), Fujian issued pilot codes before the standard, and a
/// code keeps the region code of its issue year for life, so a clerk must not turn such an
/// entity away. The assessment, however, counts every rule broken.
///
/// ```
/// use uscc::{Policy, RegionRule};
/// let p = Policy::default().with_regions(RegionRule::Strict).with_issue_year(2016);
/// assert!(p.is_valid("91110108551385082Q"));
/// // A pilot code is accepted by default and counted as an error in the assessment.
/// assert!(Policy::default().is_valid("91350203M0001QKT19"));
/// assert!(!Policy::assessment().is_valid("91350203M0001QKT19"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Policy {
    /// Region code strictness.
    pub regions: RegionRule,
    /// The GB 11714 check of positions 9–17.
    pub org_check: RuleLevel,
    /// Codes issued with position 18 off the rule: Fujian pilot codes (35xxxx, `M000…`) and
    /// the Chengdu/Hubei `Y`-for-`1` slip. `Warning` accepts them with a warning, `Error`
    /// counts them, `Off` treats them as plain check-char mismatches.
    pub issued_anomalies: RuleLevel,
    /// If set, the region must have existed in this year (the year the code was issued).
    pub issue_year: Option<u16>,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            regions: RegionRule::Lenient,
            org_check: RuleLevel::Warning,
            issued_anomalies: RuleLevel::Warning,
            issue_year: None,
        }
    }
}

impl Policy {
    /// The registration-counter and notebook default (same as [`Policy::default`]).
    ///
    /// ```
    /// assert_eq!(uscc::Policy::counter(), uscc::Policy::default());
    /// ```
    pub fn counter() -> Policy {
        Policy::default()
    }

    /// The monthly 重错码率 assessment: every rule of spec §7 is an error; regions lenient.
    ///
    /// ```
    /// let p = uscc::Policy::assessment();
    /// assert_eq!(p.org_check, uscc::RuleLevel::Error);
    /// ```
    pub fn assessment() -> Policy {
        Policy {
            org_check: RuleLevel::Error,
            issued_anomalies: RuleLevel::Error,
            ..Policy::default()
        }
    }

    /// Everything an error, regions included.
    ///
    /// ```
    /// assert_eq!(uscc::Policy::strict().regions, uscc::RegionRule::Strict);
    /// ```
    pub fn strict() -> Policy {
        Policy {
            regions: RegionRule::Strict,
            ..Policy::assessment()
        }
    }

    /// Sets the region rule.
    ///
    /// ```
    /// let p = uscc::Policy::default().with_regions(uscc::RegionRule::Ignore);
    /// assert_eq!(p.regions, uscc::RegionRule::Ignore);
    /// ```
    pub fn with_regions(mut self, rule: RegionRule) -> Policy {
        self.regions = rule;
        self
    }

    /// Sets the GB 11714 rule.
    ///
    /// ```
    /// let p = uscc::Policy::default().with_org_check(uscc::RuleLevel::Off);
    /// assert!(p.is_valid("91110108551385083U")); // pos 17 wrong, pos 18 right
    /// ```
    pub fn with_org_check(mut self, level: RuleLevel) -> Policy {
        self.org_check = level;
        self
    }

    /// Sets the rule for issued anomalies (pilot codes, `Y` for `1`).
    ///
    /// ```
    /// let p = uscc::Policy::default().with_issued_anomalies(uscc::RuleLevel::Error);
    /// assert!(!p.is_valid("91350203M0001QKT19"));
    /// ```
    pub fn with_issued_anomalies(mut self, level: RuleLevel) -> Policy {
        self.issued_anomalies = level;
        self
    }

    /// Sets the issue year checked against the region's validity.
    ///
    /// ```
    /// let p = uscc::Policy::default().with_issue_year(2021);
    /// assert_eq!(p.issue_year, Some(2021));
    /// ```
    pub fn with_issue_year(mut self, year: u16) -> Policy {
        self.issue_year = Some(year);
        self
    }

    /// Severity of a region finding that is a warning when lenient and an error when strict.
    pub(crate) fn region_severity(&self) -> Severity {
        match self.regions {
            RegionRule::Strict => Severity::Error,
            _ => Severity::Warning,
        }
    }
}
