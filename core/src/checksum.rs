//! The two check characters: GB 32100 position 18 (mod 31) and GB 11714 position 17 (mod 11).
//!
//! Position 18: `C18 = (31 − Σ value(cᵢ)·Wᵢ mod 31) mod 31` with `Wᵢ = 3^(i−1) mod 31`.
//! Equivalently `Σ value(cᵢ)·Wᵢ + value(C18) ≡ 0 (mod 31)`, which is the form the
//! suggestion engine solves for a single unknown position.
//!
//! Positions 9–17 are the old organization code (组织机构代码): eight body characters valued
//! `0–9, A=10 … Z=35`, weights `3 7 9 10 5 8 4 2`, check `11 − Σ mod 11` with 10 → `X`
//! and 11 → `0`.

use crate::alphabet::{NONE, VALUE};

/// GB 32100 weights for positions 1..=17: `3^(i−1) mod 31`.
pub const WEIGHTS: [u8; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// GB 11714 weights for the eight body characters of an organization code.
pub const ORG_WEIGHTS: [u8; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Σ value·weight over the first 17 bytes, or `None` if one is outside the alphabet.
#[inline(always)]
pub(crate) fn weighted_sum(b: &[u8]) -> Option<u32> {
    // A fixed-size view: no bounds checks, and the loop unrolls.
    let b: &[u8; 17] = b.get(..17)?.try_into().ok()?;
    let mut sum = 0u32;
    let mut bad = 0u8;
    for i in 0..17 {
        let v = VALUE[b[i] as usize];
        bad |= (v == NONE) as u8;
        sum += u32::from(v) * u32::from(WEIGHTS[i]);
    }
    (bad == 0).then_some(sum)
}

/// Value (0..=30) of the position-18 check character for a 17-byte prefix in the alphabet.
#[inline]
pub(crate) fn check_value(prefix: &[u8]) -> Option<u8> {
    weighted_sum(prefix).map(|s| ((31 - s % 31) % 31) as u8)
}

/// GB 11714 value of an organization-code body character: digits and all 26 letters.
#[inline]
pub(crate) fn org_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        _ => None,
    }
}

/// [`org_value`] as a table, [`NONE`] outside digits and capitals: the hot path looks up
/// instead of branching on each byte.
static ORG_VALUE: [u8; 256] = {
    let mut t = [NONE; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = match c as u8 {
            b'0'..=b'9' => c as u8 - b'0',
            b'A'..=b'Z' => c as u8 - b'A' + 10,
            _ => NONE,
        };
        c += 1;
    }
    t
};

/// GB 11714 check character (`0`–`9` or `X`) of an 8-byte organization-code body.
#[inline(always)]
pub(crate) fn org_check_byte(body: &[u8]) -> Option<u8> {
    let body: &[u8; 8] = body.get(..8)?.try_into().ok()?;
    let mut sum = 0u32;
    let mut bad = 0u8;
    for i in 0..8 {
        let v = ORG_VALUE[body[i] as usize];
        bad |= (v == NONE) as u8;
        sum += u32::from(v) * u32::from(ORG_WEIGHTS[i]);
    }
    if bad != 0 {
        return None;
    }
    Some(match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        d => b'0' + d as u8,
    })
}

/// Computes the position-18 check character (GB 32100) of a 17-character prefix.
///
/// The prefix must be exactly 17 characters of the code alphabet (upper case); it is not
/// otherwise validated — use [`crate::build`] to assemble a whole code with every rule checked.
///
/// ```
/// assert_eq!(uscc::check_char("91350100M000100Y4"), Ok('3'));
/// // A remainder of 0 gives '0' (two popular libraries produce an out-of-range 31 here).
/// assert_eq!(uscc::check_char("53100000500016009"), Ok('0'));
/// assert!(uscc::check_char("91350100M000100Y").is_err()); // 16 chars
/// ```
pub fn check_char(prefix17: &str) -> Result<char, crate::BuildError> {
    expect_chars(prefix17, 17, |c| c.is_ascii() && VALUE[c as usize] != NONE)?;
    let v = check_value(prefix17.as_bytes()).expect("all 17 bytes are in the alphabet");
    Ok(crate::ALPHABET[v as usize] as char)
}

/// Computes the GB 11714 check character of an 8-character organization-code body
/// (digits and upper-case letters).
///
/// ```
/// assert_eq!(uscc::org_check_char("M000100Y"), Ok('4'));
/// assert_eq!(uscc::org_check_char("71093123"), Ok('X'));
/// ```
pub fn org_check_char(body8: &str) -> Result<char, crate::BuildError> {
    expect_chars(body8, 8, |c| c.is_ascii() && org_value(c as u8).is_some())?;
    Ok(org_check_byte(body8.as_bytes()).expect("all bytes checked") as char)
}

/// Checks that `s` is exactly `len` chars, each accepted by `ok` (positions are 1-based chars).
pub(crate) fn expect_chars(
    s: &str,
    len: usize,
    ok: impl Fn(char) -> bool,
) -> Result<(), crate::BuildError> {
    let found = s.chars().count();
    if found != len {
        return Err(crate::BuildError::Length {
            expected: len,
            found,
        });
    }
    match s.chars().enumerate().find(|&(_, c)| !ok(c)) {
        Some((i, c)) => Err(crate::BuildError::Char {
            position: i + 1,
            found: c,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_powers_of_three() {
        let mut w = 1u32;
        for &x in &WEIGHTS {
            assert_eq!(u32::from(x), w);
            w = w * 3 % 31;
        }
    }

    #[test]
    fn remainder_zero_gives_zero() {
        // 531000005000160090: Σ ≡ 0 (mod 31)
        assert_eq!(check_value(b"53100000500016009"), Some(0));
    }

    #[test]
    fn org_check_x_and_0() {
        assert_eq!(org_check_byte(b"71093123"), Some(b'X'));
        // a body whose weighted sum is ≡ 0 (mod 11) gives 11 → '0'
        assert_eq!(org_check_byte(b"00000000"), Some(b'0'));
    }
}
