//! Building codes from parts: the 存量转换 path (department + category + region +
//! organization code → code).

use crate::checksum::{check_value, expect_chars, org_check_byte, org_value};
use crate::{BuildError, Code, Department, Policy};

/// Builds a code from a department char, a category char, a six-digit region code and a
/// 9-character organization code (`XXXXXXXX-X` or `XXXXXXXXX`), computing position 18.
///
/// ```
/// let c = uscc::build('9', '1', "110108", "55138508-2")?;
/// assert_eq!(c.as_str(), "91110108551385082Q");
/// assert!(matches!(uscc::build('9', '1', "110108", "55138508-3"), Err(uscc::BuildError::OrgCheck { .. })));
/// # Ok::<(), uscc::BuildError>(())
/// ```
pub fn build(
    department: char,
    category: char,
    region: &str,
    org_code: &str,
) -> Result<Code, BuildError> {
    let d = Department::from_char(department).ok_or(BuildError::Char {
        position: 1,
        found: department,
    })?;
    build_with(d, category, region, org_code, &Policy::default())
}

pub(crate) fn build_with(
    d: Department,
    category: char,
    region: &str,
    org: &str,
    policy: &Policy,
) -> Result<Code, BuildError> {
    if d.category(category).is_none() {
        return Err(BuildError::Char {
            position: 2,
            found: category,
        });
    }
    expect_chars(region, 6, |c| c.is_ascii_digit())?;
    let org = match org.char_indices().nth(8) {
        Some((i, '-')) => format!("{}{}", &org[..i], &org[i + 1..]),
        _ => org.to_string(),
    };
    // Inside a USCC the body is restricted to the 31-char alphabet, position 17 to 0–9 and X.
    expect_chars(&org, 9, |c| {
        crate::char_value(c).is_some() && c.is_ascii() && org_value(c as u8).is_some()
    })?;
    let ob = org.as_bytes();
    let e = org_check_byte(&ob[..8]).expect("checked above");
    if e != ob[8] {
        return Err(BuildError::OrgCheck {
            expected: e as char,
            found: ob[8] as char,
        });
    }
    let mut s = String::with_capacity(18);
    s.push(d.as_char());
    s.push(category);
    s.push_str(region);
    s.push_str(&org);
    let v = check_value(s.as_bytes()).expect("all 17 chars are in the alphabet");
    s.push(crate::ALPHABET[v as usize] as char);
    policy
        .validate(&s)
        .map_err(|e| BuildError::Invalid(Box::new(e)))
}
