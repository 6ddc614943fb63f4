//! A deliberately simple, separate reference implementation of the two check algorithms and
//! the department/category table, written from the spec (docs: `shared/spec/uscc.md` §2, §3)
//! for the differential target. It shares no code with the `uscc` crate: no tables, no
//! helpers, no constants are imported from it. Slow and obvious on purpose.

/// The 31-character alphabet, values 0..=30 in order (spec §1).
const CODE_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Value of a character in the code alphabet.
pub fn code_value(c: char) -> Option<u32> {
    CODE_CHARS.chars().position(|x| x == c).map(|i| i as u32)
}

/// The character of a value 0..=30.
pub fn code_char(v: u32) -> char {
    CODE_CHARS.chars().nth(v as usize).expect("value below 31")
}

/// Position-18 check char (GB 32100, spec §2.1) of 17 characters, or `None` when one is
/// outside the alphabet or there are not exactly 17.
///
/// Weights are computed, not copied: `W_i = 3^(i-1) mod 31`.
pub fn check_char(prefix: &[char]) -> Option<char> {
    if prefix.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    let mut weight = 1u32;
    for &c in prefix {
        sum += code_value(c)? * weight;
        weight = weight * 3 % 31;
    }
    Some(code_char((31 - sum % 31) % 31))
}

/// GB 11714 value: digits 0–9, letters A=10 … Z=35 (spec §2.2).
pub fn org_value(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        Some(c as u32 - '0' as u32)
    } else if c.is_ascii_uppercase() {
        Some(c as u32 - 'A' as u32 + 10)
    } else {
        None
    }
}

/// GB 11714 check char of 8 body characters: `11 − (Σ mod 11)`, 10 → `X`, 11 → `0`.
pub fn org_check_char(body: &[char]) -> Option<char> {
    if body.len() != 8 {
        return None;
    }
    let weights = [3, 7, 9, 10, 5, 8, 4, 2];
    let mut sum = 0;
    for (i, &c) in body.iter().enumerate() {
        sum += org_value(c)? * weights[i];
    }
    let c = 11 - sum % 11;
    Some(if c == 10 {
        'X'
    } else if c == 11 {
        '0'
    } else {
        char::from_digit(c, 10).unwrap()
    })
}

/// Department (pos 1) / category (pos 2) pairs, as amended (spec §3).
pub fn pair_ok(dept: char, cat: char) -> bool {
    let allowed = match dept {
        '1' => "1239",
        '2' => "19",
        '3' => "123459",
        '4' => "19",
        '5' => "1239",
        '6' => "129",
        '7' => "129",
        '8' => "19",
        '9' => "1239",
        'A' => "19",
        'N' => "1239",
        'Y' => "1",
        _ => return false,
    };
    allowed.contains(cat)
}

/// A 15-digit 工商注册号 with a correct ISO 7064 MOD 11,10 check digit (spec §6).
pub fn registration_number_ok(s: &str) -> bool {
    let d: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 15 || s.len() != 15 {
        return false;
    }
    let mut p = 10;
    for &x in &d[..14] {
        let mut s = (p + x) % 10;
        if s == 0 {
            s = 10;
        }
        p = 2 * s % 11;
    }
    (11 - p) % 10 == d[14]
}

/// 17 digits and a digit or `X` whose ISO 7064 MOD 11-2 check holds: the shape of a citizen
/// ID number (GB 11643). The reference does not judge these (whether the birth date is real
/// is the library's business); the differential target skips them.
pub fn citizen_id_shape(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    if c.len() != 18 || !c[..17].iter().all(|x| x.is_ascii_digit()) {
        return false;
    }
    let mut sum = 0;
    for (i, x) in c[..17].iter().enumerate() {
        // weight 2^(17-i) mod 11
        let mut w = 1;
        for _ in 0..(17 - i) {
            w = w * 2 % 11;
        }
        sum += x.to_digit(10).unwrap() * w;
    }
    let check = (12 - sum % 11) % 11;
    c[17]
        == if check == 10 {
            'X'
        } else {
            char::from_digit(check, 10).unwrap()
        }
}

/// What the reference says about 18 characters, rule by rule (no normalization).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefVerdict {
    /// Exactly 18 characters, all in the alphabet.
    pub shape_ok: bool,
    /// The department/category pair is in the table.
    pub pair_ok: bool,
    /// Positions 3–8 are digits.
    pub region_digits: bool,
    /// The GB 11714 check char of positions 9–16, when they are all GB 11714 characters.
    pub org_expected: Option<char>,
    /// The GB 32100 check char of positions 1–17, when they are all in the alphabet.
    pub check_expected: Option<char>,
    /// The text's own characters.
    pub chars: Vec<char>,
}

impl RefVerdict {
    pub fn of(s: &str) -> RefVerdict {
        let chars: Vec<char> = s.chars().collect();
        let n = chars.len();
        let shape_ok = n == 18 && chars.iter().all(|&c| code_value(c).is_some());
        RefVerdict {
            shape_ok,
            pair_ok: n >= 2 && pair_ok(chars[0], chars[1]),
            region_digits: n >= 8 && chars[2..8].iter().all(|c| c.is_ascii_digit()),
            org_expected: if n >= 16 {
                org_check_char(&chars[8..16])
            } else {
                None
            },
            check_expected: if n >= 17 {
                check_char(&chars[..17])
            } else {
                None
            },
            chars,
        }
    }

    /// GB 11714 holds at position 17.
    pub fn org_ok(&self) -> bool {
        self.chars.len() >= 17 && self.org_expected == Some(self.chars[16])
    }

    /// GB 32100 holds at position 18.
    pub fn check_ok(&self) -> bool {
        self.chars.len() >= 18 && self.check_expected == Some(self.chars[17])
    }

    /// Everything but the region table: shape, pair, six digits, both check chars — the
    /// verdict of the assessment policy with regions ignored.
    pub fn all_rules_ok(&self) -> bool {
        self.shape_ok && self.pair_ok && self.region_digits && self.org_ok() && self.check_ok()
    }

    /// A Fujian pilot code: region 35xxxx, subject identifier starting `M000` (spec §5).
    pub fn pilot(&self) -> bool {
        let s: String = self.chars.iter().collect();
        s.len() == 18 && &s[2..4] == "35" && &s[8..12] == "M000"
    }

    /// The Chengdu/Hubei `Y` where the rule gives `1` (spec §5).
    pub fn y_for_1(&self) -> bool {
        let s: String = self.chars.iter().collect();
        s.len() == 18
            && self.chars[17] == 'Y'
            && self.check_expected == Some('1')
            && (&s[2..6] == "5101" || &s[2..4] == "42")
    }

    /// All 18 characters are digits and the last three are `000`: a number a spreadsheet
    /// rounded to 15 significant digits (spec §5), when a check fails.
    pub fn truncated(&self) -> bool {
        let s: String = self.chars.iter().collect();
        s.len() == 18
            && s.bytes().all(|b| b.is_ascii_digit())
            && s.ends_with("000")
            && (!self.check_ok() || !self.org_ok())
    }

    /// The default policy with regions ignored (spec §5): the hard rules must hold; GB 11714
    /// alone is a warning; a wrong position 18 is accepted (with a warning) only for a Fujian
    /// pilot code or a `Y` for `1`; a spreadsheet-truncated number is an error.
    pub fn default_ok(&self) -> bool {
        let hard = self.shape_ok && self.pair_ok && self.region_digits;
        hard && (self.check_ok() || self.pilot() || self.y_for_1()) && !self.truncated()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn spec_vectors() {
        for (code, pos18_ok) in [
            ("91350100M000100Y43", true),
            ("91110108551385082Q", true),
            ("531000005000160090", true),
            ("91320594MA1MBC5030", true),
            ("119900000106319731", true),
            ("71310106424845496E", true),
            ("9111000071093123XX", true),
            ("91350203M0001QKT19", false),
            ("362322198709086409", true),
        ] {
            let v = RefVerdict::of(code);
            assert_eq!(v.check_ok(), pos18_ok, "{code}");
            assert!(v.org_ok() || code == "362322198709086409", "{code}");
        }
        assert_eq!(check_char(&chars("91350203M0001QKT1")), Some('F'));
        assert!(!RefVerdict::of("916201055811843000").check_ok());
        assert!(!RefVerdict::of("916201055811843000").org_ok());
        assert_eq!(org_check_char(&chars("71093123")), Some('X'));
        assert_eq!(org_check_char(&chars("00000000")), Some('0'));
        assert!(registration_number_ok("310115600985533"));
        assert!(!registration_number_ok("310115600985535"));
        assert!(registration_number_ok("110108000000016"));
        assert!(citizen_id_shape("362322198709086409"));
        assert!(!citizen_id_shape("362322198709086408"));
    }
}
