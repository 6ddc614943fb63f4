//! The layered rule check and the diagnosis API.
//!
//! Layers, each reported on its own: length, alphabet, department, department/category pair,
//! region, GB 11714 (positions 9–17), GB 32100 (position 18). Before them, the input is
//! normalized and checked for *other* identifiers people put in the field (citizen ID,
//! 工商注册号, organization code) and for spreadsheet damage. All findings are returned, not
//! just the first: a clerk fixing a code wants to see every problem at once.

use crate::alphabet::lookalike_of_excluded;
use crate::checksum::{self, check_value, org_check_byte};
use crate::department::pair_ok;
use crate::finding::{Finding, Kind, Severity};
use crate::legacy;
use crate::normalize::{normalize, Change};
use crate::policy::{Policy, RegionRule, RuleLevel};
use crate::{region, Code, Department};

/// At most this many character findings per input (a pasted paragraph is not 1000 findings).
const MAX_CHAR_FINDINGS: usize = 24;

/// Everything known about one input: the normalized text, what normalization changed, every
/// finding (errors first), and the code when it is valid.
///
/// ```
/// let d = uscc::diagnose("９１３５０１００Ｍ０００１００Ｙ４３");
/// assert!(d.is_valid());
/// assert_eq!(d.normalized.as_deref(), Some("91350100M000100Y43"));
/// assert_eq!(d.findings[0].kind, uscc::Kind::NormalizedFullwidth);
/// assert_eq!(d.code().unwrap().to_string(), "91350100M000100Y43");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    /// The normalized text; `None` when the input was too long to examine.
    pub normalized: Option<String>,
    /// What normalization changed.
    pub changes: Vec<Change>,
    /// Every finding, errors first, then warnings, then info; in position order within each.
    pub findings: Vec<Finding>,
    code: Option<Code>,
}

impl Diagnosis {
    /// Whether no finding is an error.
    ///
    /// ```
    /// assert!(!uscc::diagnose("91110108551385082R").is_valid());
    /// ```
    pub fn is_valid(&self) -> bool {
        self.code.is_some()
    }

    /// The code, when valid.
    ///
    /// ```
    /// assert_eq!(uscc::diagnose("91350100M000100Y43").code().unwrap().check_char(), '3');
    /// ```
    pub fn code(&self) -> Option<Code> {
        self.code
    }

    /// The first error — the one to show when there is room for only one.
    ///
    /// ```
    /// let d = uscc::diagnose("362322198709086409");
    /// assert_eq!(d.first_error().unwrap().kind, uscc::Kind::CitizenId);
    /// ```
    pub fn first_error(&self) -> Option<&Finding> {
        self.findings.first().filter(|f| f.is_error())
    }

    /// The findings of one severity.
    ///
    /// ```
    /// let d = uscc::diagnose("91350203M0001QKT19"); // a Fujian pilot code
    /// assert_eq!(d.with_severity(uscc::Severity::Warning).next().unwrap().kind, uscc::Kind::PilotCode);
    /// ```
    pub fn with_severity(&self, s: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.severity == s)
    }

    /// Whether a finding of this kind is present.
    ///
    /// ```
    /// assert!(uscc::diagnose("9135 0100M000100Y43").has(uscc::Kind::NormalizedWhitespace));
    /// ```
    pub fn has(&self, kind: Kind) -> bool {
        self.findings.iter().any(|f| f.kind == kind)
    }
}

/// Diagnoses an input under the default [`Policy`].
///
/// ```
/// let d = uscc::diagnose("91350100M0001OOY43");
/// let kinds: Vec<_> = d.findings.iter().map(|f| f.kind.as_str()).collect();
/// assert_eq!(kinds, ["excluded_letter", "excluded_letter"]);
/// assert_eq!(d.findings[0].position, Some(14));
/// assert_eq!(d.findings[0].expected, Some('0'));
/// ```
pub fn diagnose(input: &str) -> Diagnosis {
    Policy::default().diagnose(input)
}

/// Validates an input under the default [`Policy`]: the code, or why not.
///
/// ```
/// let code = uscc::validate(" 91350100m000100y43 ").unwrap();
/// assert_eq!(code.as_str(), "91350100M000100Y43");
/// let err = uscc::validate("91110108551385082R").unwrap_err();
/// assert_eq!(err.kind(), uscc::Kind::CheckCharMismatch);
/// ```
pub fn validate(input: &str) -> Result<Code, crate::Invalid> {
    Policy::default().validate(input)
}

/// Whether an input is a valid code (after normalization) under the default [`Policy`].
///
/// ```
/// assert!(uscc::is_valid("91350100M000100Y43"));
/// assert!(uscc::is_valid("９１３５０１００Ｍ０００１００Ｙ４３"));
/// assert!(!uscc::is_valid("91110108551385082R"));
/// ```
pub fn is_valid(input: &str) -> bool {
    Policy::default().is_valid(input)
}

impl Policy {
    /// Diagnoses an input under this policy.
    ///
    /// ```
    /// let d = uscc::Policy::assessment().diagnose("91350203M0001QKT19");
    /// assert_eq!(d.first_error().unwrap().kind, uscc::Kind::PilotCode);
    /// ```
    pub fn diagnose(&self, input: &str) -> Diagnosis {
        let n = match normalize(input) {
            Ok(n) => n,
            Err(e) => {
                return Diagnosis {
                    normalized: None,
                    changes: Vec::new(),
                    findings: vec![
                        Finding::new(Kind::InputTooLong, Severity::Error).arg(e.len as u32)
                    ],
                    code: None,
                }
            }
        };
        let mut findings = Vec::new();
        check_text(&n.text, self, &mut findings);
        for c in &n.changes {
            findings.push(Finding::new(c.kind.kind(), Severity::Info).arg(c.count));
        }
        let valid = !findings.iter().any(Finding::is_error);
        let code = valid.then(|| Code::from_checked(n.text.as_bytes()));
        Diagnosis {
            normalized: Some(n.text.into_owned()),
            changes: n.changes,
            findings,
            code,
        }
    }

    /// Validates an input (after normalization) under this policy. Allocation-free when the
    /// input is already a canonical valid code.
    ///
    /// ```
    /// let p = uscc::Policy::strict();
    /// assert!(p.validate("91110108551385082Q").is_ok());
    /// ```
    pub fn validate(&self, input: &str) -> Result<Code, crate::Invalid> {
        if fast_valid(input.as_bytes(), self) {
            return Ok(Code::from_checked(input.as_bytes()));
        }
        let d = self.diagnose(input);
        d.code().ok_or(crate::Invalid { diagnosis: d })
    }

    /// Whether an input is valid (after normalization) under this policy.
    ///
    /// ```
    /// assert!(uscc::Policy::default().is_valid("531000005000160090"));
    /// ```
    pub fn is_valid(&self, input: &str) -> bool {
        fast_valid(input.as_bytes(), self) || self.diagnose(input).is_valid()
    }
}

/// The hot path: every error rule on an already canonical 18-byte input, no allocation.
/// `false` means "look closer", not "invalid" (a pilot code may still be accepted).
#[inline]
pub(crate) fn fast_valid(b: &[u8], p: &Policy) -> bool {
    // A fixed-size view lets the compiler drop every bounds check below.
    let Ok(b) = <&[u8; 18]>::try_from(b) else {
        return false;
    };
    let sums = checksum::sums(b);
    if !sums.shape_and_check_ok() || !pair_ok(b[0], b[1]) {
        return false;
    }
    let region_ok = match p.regions {
        RegionRule::Ignore => true,
        // Positions 3–8 are digits here (the sums say so): the province is the first two.
        RegionRule::Lenient => {
            region::province_exists(u32::from(b[2] - b'0') * 10 + u32::from(b[3] - b'0'))
        }
        RegionRule::Strict => {
            let Some(code) = region::parse6(&b[2..8]) else {
                return false;
            };
            match p.issue_year {
                None => region::is_known(code),
                Some(y) => region::lookup(code).is_some_and(|r| r.valid_in(y)),
            }
        }
    };
    if !region_ok {
        return false;
    }
    match p.org_check {
        RuleLevel::Off => true,
        RuleLevel::Error => sums.gb11714_ok(),
        // A GB 11714 failure alone is a warning, but not when the digits say it is another
        // identifier (a citizen ID, a spreadsheet-truncated number): `identify` decides.
        RuleLevel::Warning => sums.gb11714_ok() || !all_digits(&b[..17]),
    }
}

/// Kept out of line: asked only when GB 11714 fails, which is rare on the valid path.
#[cold]
#[inline(never)]
fn all_digits(b: &[u8]) -> bool {
    b.iter().all(u8::is_ascii_digit)
}

/// Runs every layer on normalized text and appends the findings, errors first.
pub(crate) fn check_text(t: &str, p: &Policy, out: &mut Vec<Finding>) {
    let start = out.len();
    if t.is_empty() {
        out.push(Finding::new(Kind::Empty, Severity::Error));
        return;
    }
    if legacy::is_scientific_notation(t) {
        out.push(Finding::new(Kind::ScientificNotation, Severity::Error));
        return;
    }
    let n = t.chars().count();
    // Positions 1..=18 as alphabet bytes (0 where the char is not in the alphabet).
    let mut buf = [0u8; 18];
    let mut layer = Vec::new();
    if n < 18 {
        layer.push(Finding::new(Kind::TooShort, Severity::Error).arg(n as u32));
    } else if n > 18 {
        layer.push(
            Finding::new(Kind::TooLong, Severity::Error)
                .arg(n as u32)
                .at(19),
        );
    }
    let mut char_findings = 0;
    for (i, ch) in t.chars().enumerate() {
        if crate::char_value(ch).is_some() {
            if i < 18 {
                buf[i] = ch as u8;
            }
        } else if char_findings < MAX_CHAR_FINDINGS {
            char_findings += 1;
            let f = match lookalike_of_excluded(ch) {
                Some(e) => Finding::new(Kind::ExcludedLetter, Severity::Error).expected(e),
                None => Finding::new(Kind::InvalidChar, Severity::Error),
            };
            layer.push(f.at(i + 1).found(ch));
        }
    }
    // Layers need fixed positions: skip them when there are too many characters.
    if n <= 18 {
        check_layers(&buf, n, p, &mut layer);
    }
    let before = out.len();
    identify(t, n, &layer, out);
    // A registration number or an organization code is not a code prefix: the layer findings
    // would describe a code that was never there. Keep only the length.
    if out[before..]
        .iter()
        .any(|f| matches!(f.kind, Kind::RegistrationNumber | Kind::OrganizationCode))
    {
        layer.retain(|f| f.kind == Kind::TooShort);
    }
    out.extend(layer);
    resolve_soft(&mut out[start..]);
    out[start..].sort_by_key(|f| f.severity);
}

fn check_layers(buf: &[u8; 18], n: usize, p: &Policy, out: &mut Vec<Finding>) {
    let has = |i: usize| i < n && buf[i] != 0;
    // Department and pair.
    if has(0) {
        match Department::from_byte(buf[0]) {
            None => out.push(
                Finding::new(Kind::InvalidDepartment, Severity::Error)
                    .at(1)
                    .found(buf[0] as char),
            ),
            Some(_) if has(1) && !pair_ok(buf[0], buf[1]) => out.push(
                Finding::new(Kind::InvalidCategory, Severity::Error)
                    .at(2)
                    .found(buf[1] as char)
                    .arg(u32::from(buf[0])),
            ),
            Some(_) => {}
        }
    }
    check_region(buf, n, p, out);
    // GB 11714 over positions 9–17.
    if n >= 17 && (8..17).all(has) && p.org_check != RuleLevel::Off {
        let e = org_check_byte(&buf[8..16]).expect("alphabet chars have GB 11714 values");
        if e != buf[16] {
            out.push(
                Finding::new(Kind::OrgCheckMismatch, soft(p.org_check))
                    .at(17)
                    .expected(e as char)
                    .found(buf[16] as char),
            );
        }
    }
    // GB 32100 position 18.
    if n == 18 && (0..18).all(has) {
        let e = crate::ALPHABET[check_value(&buf[..17]).expect("all in alphabet") as usize];
        if e != buf[17] {
            let pilot = &buf[2..4] == b"35" && &buf[8..12] == b"M000";
            let y_for_1 =
                buf[17] == b'Y' && e == b'1' && (&buf[2..6] == b"5101" || &buf[2..4] == b"42");
            let kind = if p.issued_anomalies == RuleLevel::Off {
                Kind::CheckCharMismatch
            } else if pilot {
                Kind::PilotCode
            } else if y_for_1 {
                Kind::CheckCharYFor1
            } else {
                Kind::CheckCharMismatch
            };
            let sev = if kind == Kind::CheckCharMismatch {
                Severity::Error
            } else {
                soft(p.issued_anomalies)
            };
            out.push(
                Finding::new(kind, sev)
                    .at(18)
                    .expected(e as char)
                    .found(buf[17] as char),
            );
        }
    }
}

fn check_region(buf: &[u8; 18], n: usize, p: &Policy, out: &mut Vec<Finding>) {
    let end = n.min(8);
    if end <= 2 {
        return;
    }
    // Characters outside the alphabet were already reported; a letter here is a region error.
    if let Some(i) = (2..end).find(|&i| buf[i] != 0 && !buf[i].is_ascii_digit()) {
        out.push(
            Finding::new(Kind::InvalidRegion, Severity::Error)
                .at(i + 1)
                .found(buf[i] as char),
        );
        return;
    }
    if p.regions == RegionRule::Ignore || end < 4 || buf[2] == 0 || buf[3] == 0 {
        return;
    }
    let pp = u32::from(buf[2] - b'0') * 10 + u32::from(buf[3] - b'0');
    if !region::province_exists(pp) {
        out.push(
            Finding::new(Kind::InvalidRegion, Severity::Error)
                .at(3)
                .arg(pp),
        );
        return;
    }
    let Some(code) = region::parse6(&buf[2..8]).filter(|_| end == 8) else {
        return;
    };
    match region::lookup(code) {
        None => out.push(
            Finding::new(Kind::UnknownRegion, p.region_severity())
                .at(3)
                .arg(code),
        ),
        Some(r) => {
            if let Some(y) = p.issue_year.filter(|&y| !r.valid_in(y)) {
                out.push(
                    Finding::new(Kind::RegionNotInYear, p.region_severity())
                        .at(3)
                        .arg(code)
                        .arg2(u32::from(y)),
                );
            }
            if r.kind() == region::RegionKind::Special {
                out.push(
                    Finding::new(Kind::SpecialRegion, Severity::Info)
                        .at(3)
                        .arg(code),
                );
            } else if let Some(y) = r.abolished() {
                out.push(
                    Finding::new(Kind::AbolishedRegion, Severity::Info)
                        .at(3)
                        .arg(code)
                        .arg2(u32::from(y)),
                );
            }
        }
    }
}

/// A rule level's severity before resolution: `Warning` may still become an error.
fn soft(level: RuleLevel) -> Severity {
    match level {
        RuleLevel::Error => Severity::Error,
        _ => Severity::Warning,
    }
}

/// `RuleLevel::Warning` means "a warning when it is the only rule broken": alongside another
/// error, the soft findings become errors too (they point at the same typo).
fn resolve_soft(fs: &mut [Finding]) {
    let is_soft = |f: &Finding| {
        matches!(
            f.kind,
            Kind::OrgCheckMismatch | Kind::PilotCode | Kind::CheckCharYFor1
        ) && f.severity == Severity::Warning
    };
    if fs.iter().any(|f| f.is_error() && !is_soft(f)) {
        for f in fs.iter_mut().filter(|f| is_soft(f)) {
            f.severity = Severity::Error;
        }
    }
}

/// Other identifiers and spreadsheet damage, recognised by name; pushed before the layers.
fn identify(t: &str, n: usize, layer: &[Finding], out: &mut Vec<Finding>) {
    let b = t.as_bytes();
    let failed = |k: Kind| layer.iter().any(|f| f.kind == k);
    let any_error = layer
        .iter()
        .any(|f| f.is_error() || f.kind == Kind::OrgCheckMismatch);
    if n == 15 && b.iter().all(u8::is_ascii_digit) {
        let e = legacy::registration_number_expected(b);
        let f = Finding::new(Kind::RegistrationNumber, Severity::Error);
        out.push(if e == b[14] {
            f
        } else {
            f.at(15).expected(e as char).found(b[14] as char)
        });
    }
    if n == 9
        && b.len() == 9
        && b[..8]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    {
        if let Some(e) = org_check_byte(&b[..8]) {
            if b[8].is_ascii_digit() || b[8] == b'X' {
                let f = Finding::new(Kind::OrganizationCode, Severity::Error);
                out.push(if e == b[8] {
                    f
                } else {
                    f.at(9).expected(e as char).found(b[8] as char)
                });
            }
        }
    }
    if n == 18 && b.len() == 18 {
        if any_error && legacy::is_citizen_id(b) {
            out.push(Finding::new(Kind::CitizenId, Severity::Error));
        } else if b.iter().all(u8::is_ascii_digit)
            && b.ends_with(b"000")
            && (failed(Kind::CheckCharMismatch) || failed(Kind::OrgCheckMismatch))
        {
            out.push(Finding::new(Kind::SpreadsheetTruncated, Severity::Error).at(16));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<&'static str> {
        diagnose(s)
            .findings
            .iter()
            .map(|f| f.kind.as_str())
            .collect()
    }

    #[test]
    fn typing_prefixes_report_early_layers() {
        assert_eq!(kinds("B"), ["too_short", "invalid_department"]);
        assert_eq!(kinds("96"), ["too_short", "invalid_category"]);
        assert_eq!(kinds("9100"), ["too_short", "invalid_region"]);
        assert_eq!(kinds("9137"), ["too_short"]);
    }

    #[test]
    fn long_input_skips_layers() {
        assert_eq!(kinds("91350100M000100Y431"), ["too_long"]);
    }
}
