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

/// GB 11714 value of each byte: digits 0–9, all 26 capitals 10–35, [`NONE`] for anything
/// else. A table, so that the sums look up instead of branching on each byte.
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

/// GB 11714 value of an organization-code body character: digits and all 26 letters.
#[inline]
pub(crate) fn org_value(c: u8) -> Option<u32> {
    let v = ORG_VALUE[usize::from(c)];
    (v != NONE).then_some(u32::from(v))
}

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

/// Both check sums of an 18-byte candidate in one pass, for the valid path.
///
/// Each position has a table of packed contributions, so the whole pass is 18 look-ups and
/// additions — no multiplication, no branch per byte. A `u32` holds, without carries between
/// fields: bits 0–13 the GB 32100 sum including the value of position 18 (≤ 18 · 30 · 30),
/// bits 14–26 the GB 11714 sum of positions 9–16 plus the value of position 17 as a check
/// character (≤ 2,810; `ORG_BAD` added when position 17 is no check character), bits 27–31
/// the number of bytes that keep the code off the fast path (≤ 18): outside the code
/// alphabet, or a letter among the region digits (positions 3–8).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sums(u32);

impl Sums {
    /// Every byte is in the code alphabet, positions 3–8 are digits, and
    /// Σ value·weight + value(C18) ≡ 0 (mod 31).
    #[inline(always)]
    pub(crate) fn shape_and_check_ok(self) -> bool {
        self.0 >> 27 == 0 && (self.0 & 0x3FFF) % 31 == 0
    }

    /// Positions 9–17 pass GB 11714 (only meaningful when [`Sums::shape_and_check_ok`]).
    #[inline(always)]
    pub(crate) fn gb11714_ok(self) -> bool {
        let org = (self.0 >> 14) & 0x1FFF;
        org < ORG_BAD && org % 11 == 0
    }
}

/// Added to the GB 11714 field when position 17 is neither a digit nor `X`.
const ORG_BAD: u32 = 4096;
/// Contribution of a byte outside the code alphabet.
const BAD: u32 = 1 << 27;

/// `SUMS[position][byte]`: the packed contribution of a byte at a position (see [`Sums`]);
/// 18 KB, so one look-up and one addition per byte.
#[cfg(not(target_arch = "wasm32"))]
static SUMS: [[u32; 256]; 18] = {
    let mut t = [[BAD; 256]; 18];
    let mut p = 0;
    while p < 18 {
        let mut byte = 0u8;
        loop {
            let v = VALUE[byte as usize];
            let region_letter = p >= 2 && p < 8 && !byte.is_ascii_digit();
            if v != NONE && !region_letter {
                let gb = if p < 17 {
                    v as u32 * WEIGHTS[p] as u32
                } else {
                    v as u32
                };
                let org = if p >= 8 && p < 16 {
                    ORG_VALUE[byte as usize] as u32 * ORG_WEIGHTS[p - 8] as u32
                } else if p == 16 {
                    match byte {
                        b'0'..=b'9' => (byte - b'0') as u32,
                        b'X' => 10,
                        _ => ORG_BAD,
                    }
                } else {
                    0
                };
                t[p][byte as usize] = gb | org << 14;
            }
            if byte == u8::MAX {
                break;
            }
            byte += 1;
        }
        p += 1;
    }
    t
};

/// The packed check sums of an 18-byte candidate (see [`Sums`]).
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
pub(crate) fn sums(b: &[u8; 18]) -> Sums {
    let mut s = 0u32;
    for (row, &c) in SUMS.iter().zip(b) {
        s += row[usize::from(c)];
    }
    Sums(s)
}

/// [`sums`] rule by rule, without the table: what the browser package uses (it is measured in
/// bytes over the wire, not in codes per second), and what the table is tested against.
#[cfg(any(target_arch = "wasm32", test))]
pub(crate) fn sums_plain(b: &[u8; 18]) -> Sums {
    let v18 = VALUE[b[17] as usize];
    let gb = v18 != NONE
        && b[2..8].iter().all(u8::is_ascii_digit)
        && weighted_sum(b).is_some_and(|s| (s + u32::from(v18)) % 31 == 0);
    if !gb {
        return Sums(BAD);
    }
    let org = org_check_byte(&b[8..16]) == Some(b[16]);
    Sums(if org { 0 } else { ORG_BAD << 14 })
}

#[cfg(target_arch = "wasm32")]
pub(crate) use sums_plain as sums;

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

    proptest::proptest! {
        // Bytes mostly from the alphabet, so that both sums often hold; the rest are the
        // excluded letters, neighbours, and bytes far from the alphabet.
        #[test]
        fn packed_sums_agree_with_the_rules(
            mut b in proptest::array::uniform18(proptest::prop_oneof![
                30 => proptest::sample::select(crate::ALPHABET.to_vec()),
                1 => proptest::sample::select(b"IOSVZ:@[az\x00\xffpqy\xb1\xf0\x70\x71".to_vec()),
            ]),
            fix18 in proptest::bool::ANY,
            fix17 in proptest::bool::ANY,
        ) {
            if fix17 {
                if let Some(c) = org_check_byte(&b[8..16]) { b[16] = c; }
            }
            if fix18 {
                if let Some(v) = check_value(&b[..17]) { b[17] = crate::ALPHABET[v as usize]; }
            }
            let (table, plain) = (sums(&b), sums_plain(&b));
            proptest::prop_assert_eq!(table.shape_and_check_ok(), plain.shape_and_check_ok());
            if plain.shape_and_check_ok() {
                proptest::prop_assert_eq!(table.gb11714_ok(), plain.gb11714_ok());
            }
        }
    }

    #[test]
    fn org_check_x_and_0() {
        assert_eq!(org_check_byte(b"71093123"), Some(b'X'));
        // a body whose weighted sum is ≡ 0 (mod 11) gives 11 → '0'
        assert_eq!(org_check_byte(b"00000000"), Some(b'0'));
    }
}
