//! Legacy identifiers people put in the code field: the 15-digit business registration number
//! (工商注册号, GS 15-2006), the 9-character organization code (组织机构代码, GB 11714-1997)
//! and the 18-digit citizen ID number (公民身份号码, GB 11643-1999) — plus the shapes a
//! spreadsheet leaves behind.

use crate::finding::{Finding, Kind, Severity};
use crate::normalize::normalize;

/// GS 15-2006 check digit (ISO 7064 MOD 11,10) of the first 14 digits.
pub(crate) fn registration_number_expected(b: &[u8]) -> u8 {
    let mut p = 10u32;
    for &c in &b[..14] {
        let mut s = (p + u32::from(c - b'0')) % 10;
        if s == 0 {
            s = 10;
        }
        p = s * 2 % 11;
    }
    b'0' + ((11 - p) % 10) as u8
}

/// Whether a 15-digit business registration number (工商注册号) has a correct check digit.
///
/// ```
/// use uscc::legacy::is_valid_registration_number;
/// assert!(is_valid_registration_number("310115600985533"));
/// assert!(!is_valid_registration_number("310115600985535"));
/// assert!(is_valid_registration_number("110108000000016"));
/// ```
pub fn is_valid_registration_number(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 15 && b.iter().all(u8::is_ascii_digit) && registration_number_expected(b) == b[14]
}

/// Whether a 9-character organization code (`XXXXXXXX-X` or `XXXXXXXXX`) has a correct
/// GB 11714 check char.
///
/// ```
/// use uscc::legacy::is_valid_organization_code;
/// assert!(is_valid_organization_code("55138508-2"));
/// assert!(is_valid_organization_code("M000100Y4"));
/// assert!(!is_valid_organization_code("55138508-3"));
/// ```
pub fn is_valid_organization_code(s: &str) -> bool {
    diagnose_organization_code(s).is_valid()
}

/// Whether an 18-character text is a citizen ID number: 17 digits and a digit or `X`, a real
/// birth date at positions 7–14, and a correct ISO 7064 MOD 11-2 check.
///
/// ```
/// assert!(uscc::legacy::is_citizen_id("362322198709086409"));
/// assert!(!uscc::legacy::is_citizen_id("91350100M000100Y43"));
/// ```
pub fn is_citizen_id(s: impl AsRef<[u8]>) -> bool {
    let b = s.as_ref();
    if b.len() != 18
        || !b[..17].iter().all(u8::is_ascii_digit)
        || !(b[17].is_ascii_digit() || b[17] == b'X')
    {
        return false;
    }
    let num =
        |r: core::ops::Range<usize>| b[r].iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0'));
    let (y, m, d) = (num(6..10), num(10..12), num(12..14));
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if !(1880..=2100).contains(&y) || d == 0 || d > days {
        return false;
    }
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = b[..17]
        .iter()
        .zip(W)
        .map(|(&c, w)| u32::from(c - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    check == b[17]
}

/// `9.13701E+17`: a number a spreadsheet printed in scientific notation.
pub(crate) fn is_scientific_notation(t: &str) -> bool {
    let b = t.as_bytes();
    let Some(e) = b.iter().position(|&c| c == b'E') else {
        return false;
    };
    let (mant, exp) = (&b[..e], &b[e + 1..]);
    let exp = exp.strip_prefix(b"+").unwrap_or(exp);
    let mant_ok = match mant {
        [d] => d.is_ascii_digit(),
        [d, b'.', rest @ ..] => {
            d.is_ascii_digit() && !rest.is_empty() && rest.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    };
    mant_ok && (1..=2).contains(&exp.len()) && exp.iter().all(u8::is_ascii_digit)
}

/// The result of checking a legacy identifier: normalized text and findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegacyCheck {
    /// The normalized text; `None` when the input was too long to examine.
    pub normalized: Option<String>,
    /// Every finding, errors first.
    pub findings: Vec<Finding>,
}

impl LegacyCheck {
    /// Whether no finding is an error.
    ///
    /// ```
    /// assert!(uscc::legacy::diagnose_registration_number("310115600985533").is_valid());
    /// ```
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(Finding::is_error)
    }
}

/// Diagnoses a 15-digit business registration number (工商注册号, GS 15-2006).
///
/// ```
/// let c = uscc::legacy::diagnose_registration_number("310115600985535");
/// let f = &c.findings[0];
/// assert_eq!((f.kind, f.position, f.expected), (uscc::Kind::CheckCharMismatch, Some(15), Some('3')));
/// ```
pub fn diagnose_registration_number(input: &str) -> LegacyCheck {
    diagnose_legacy(input, 15, 1, |b, out| {
        let e = registration_number_expected(b);
        if e != b[14] {
            out.push(mismatch(Kind::CheckCharMismatch, 15, e, b[14]));
        }
    })
}

/// Diagnoses a 9-character organization code (组织机构代码, GB 11714), with or without the hyphen.
///
/// ```
/// let c = uscc::legacy::diagnose_organization_code("55138508-3");
/// assert_eq!(c.findings[0].kind, uscc::Kind::OrgCheckMismatch);
/// assert_eq!(c.findings[0].expected, Some('2'));
/// ```
pub fn diagnose_organization_code(input: &str) -> LegacyCheck {
    diagnose_legacy(input, 9, 2, |b, out| {
        if let Some(e) = crate::checksum::org_check_byte(&b[..8]) {
            if e != b[8] {
                out.push(mismatch(Kind::OrgCheckMismatch, 9, e, b[8]));
            }
        }
    })
}

fn mismatch(kind: Kind, pos: usize, e: u8, found: u8) -> Finding {
    Finding::new(kind, Severity::Error)
        .at(pos)
        .expected(e as char)
        .found(found as char)
}

/// Shared shape: normalize, length, per-char class (`ctx` 1: digits only; 2: digits and
/// capitals, last char digit or X), then the check.
fn diagnose_legacy(
    input: &str,
    len: usize,
    ctx: u32,
    check: impl Fn(&[u8], &mut Vec<Finding>),
) -> LegacyCheck {
    let n = match normalize(input) {
        Ok(n) => n,
        Err(e) => {
            let f = Finding::new(Kind::InputTooLong, Severity::Error).arg(e.len as u32);
            return LegacyCheck {
                normalized: None,
                findings: vec![f],
            };
        }
    };
    let t = &*n.text;
    let mut out = Vec::new();
    let count = t.chars().count();
    if t.is_empty() {
        out.push(Finding::new(Kind::Empty, Severity::Error));
    } else if count != len {
        let k = if count < len {
            Kind::TooShort
        } else {
            Kind::TooLong
        };
        out.push(
            Finding::new(k, Severity::Error)
                .arg(count as u32)
                .arg2(len as u32),
        );
    }
    for (i, ch) in t.chars().enumerate().take(64) {
        let ok = match ctx {
            1 => ch.is_ascii_digit(),
            _ if i + 1 == len => ch.is_ascii_digit() || ch == 'X',
            _ => ch.is_ascii_digit() || ch.is_ascii_uppercase(),
        };
        if !ok {
            out.push(
                Finding::new(Kind::InvalidChar, Severity::Error)
                    .at(i + 1)
                    .found(ch)
                    .arg(ctx),
            );
        }
    }
    if out.is_empty() {
        check(t.as_bytes(), &mut out);
    }
    for c in &n.changes {
        out.push(Finding::new(c.kind.kind(), Severity::Info).arg(c.count));
    }
    LegacyCheck {
        normalized: Some(n.text.into_owned()),
        findings: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific() {
        assert!(is_scientific_notation("9.13701E+17"));
        assert!(is_scientific_notation("9E17"));
        assert!(!is_scientific_notation("9.E+17"));
        assert!(!is_scientific_notation("91350100M000100E43"));
    }

    #[test]
    fn citizen_id_dates() {
        assert!(is_citizen_id("362322198709086409"));
        assert!(!is_citizen_id("362322198702306409")); // 30 February
        assert!(!is_citizen_id("362322198709086408")); // check digit
    }
}
