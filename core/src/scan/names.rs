//! Entity names (名称) for comparison: two records belong to the same entity when their names
//! are equal after [`normalize_name`].
//!
//! What is ignored, because registration exports differ in exactly these ways for one entity:
//! - character width: full-width letters, digits and punctuation become half-width
//!   (`ＡＢＣ` = `ABC`);
//! - brackets: `（）()【】[]〔〕〖〗{}` are removed, their content kept
//!   (`某某（北京）有限公司` = `某某北京有限公司` = `某某(北京)有限公司`);
//! - whitespace of every kind (U+3000 included) and zero-width characters;
//! - letter case (`abc` = `ABC`).
//!
//! The scanner keeps only a 64-bit hash of the normalized name ([`name_hash`]), never the text:
//! that is what keeps its memory at a few dozen bytes per record. Two different normalized
//! names share a hash with probability about 2⁻⁶⁴ per pair (for 10 million distinct names, about
//! one chance in 370,000 that any pair does).
//!
//! A name that is missing or empty after normalization means "entity unknown": it never makes
//! a 重码 by itself (see [the scan module](super)).

/// The name as compared: width folded, brackets and whitespace removed, case folded.
///
/// ```
/// use uscc::scan::normalize_name;
/// assert_eq!(normalize_name(" 某某（北京）科技 有限公司 "), "某某北京科技有限公司");
/// assert_eq!(normalize_name("ＡＢＣ【集团】"), "abc集团");
/// assert_eq!(normalize_name("\u{3000}"), "");
/// ```
pub fn normalize_name(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for_each_char(name, |c| s.push(c));
    s
}

/// The 64-bit hash the scanner keeps for a name: `None` when the name is empty after
/// [`normalize_name`]. Equal normalized names give equal hashes; the value is stable across
/// runs, platforms and versions of this crate's 0.x series (it is computed here, not by the
/// standard library's randomized hasher).
///
/// ```
/// use uscc::scan::name_hash;
/// assert_eq!(name_hash("某某（北京）有限公司"), name_hash("某某(北京)有限公司"));
/// assert_ne!(name_hash("某某有限公司"), name_hash("某某某有限公司"));
/// assert_eq!(name_hash("  "), None);
/// ```
pub fn name_hash(name: &str) -> Option<u64> {
    match hash(name) {
        0 => None,
        h => Some(h),
    }
}

/// The hash with 0 for "no name" (a real name never hashes to 0: it is remapped to 1).
#[inline]
pub(crate) fn hash(name: &str) -> u64 {
    const K1: u64 = 0xa076_1d64_78bd_642f;
    const K2: u64 = 0xe703_7ed1_a0b4_28db;
    const K3: u64 = 0x8ebc_6af0_9c88_c6e3;
    let mut h: u64 = 0x2d35_8dcc_aa6c_78a5;
    let mut pending: u64 = 0;
    let mut half = false;
    let mut n: u64 = 0;
    for_each_char(name, |c| {
        n += 1;
        if half {
            h = fold_mul(h ^ K1, (pending << 32 | u64::from(c)) ^ K2);
            half = false;
        } else {
            pending = u64::from(c) | 1 << 31;
            half = true;
        }
    });
    if n == 0 {
        return 0;
    }
    if half {
        h = fold_mul(h ^ K1, pending ^ K2);
    }
    match fold_mul(h ^ n, K3) {
        0 => 1,
        x => x,
    }
}

#[inline]
fn fold_mul(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

/// Calls `f` with each character of the normalized name.
#[inline]
fn for_each_char(name: &str, mut f: impl FnMut(char)) {
    for &b in name.as_bytes() {
        if b >= 0x80 {
            return for_each_char_slow(name, f);
        }
    }
    // ASCII only.
    for &b in name.as_bytes() {
        match b {
            b'A'..=b'Z' => f((b + 32) as char),
            b'(' | b')' | b'[' | b']' | b'{' | b'}' => {}
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {}
            _ => f(b as char),
        }
    }
}

// Inlined so that the caller's closure state (the hash's) stays in registers: called, the
// closure reached it through pointers, a store and a load per character.
#[inline(always)]
fn for_each_char_slow(name: &str, mut f: impl FnMut(char)) {
    for c in name.chars() {
        // CJK ideographs (almost every character of a Chinese name): kept as they are.
        if ('\u{3400}'..='\u{9FFF}').contains(&c) {
            f(c);
            continue;
        }
        let c = match c {
            // Full-width ASCII block.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            '(' | ')' | '[' | ']' | '{' | '}' | '【' | '】' | '〔' | '〕' | '〖' | '〗' => {}
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            c if c.is_whitespace() => {}
            'A'..='Z' => f(c.to_ascii_lowercase()),
            c if !c.is_ascii() && c.is_uppercase() => c.to_lowercase().for_each(&mut f),
            c => f(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_agrees_with_normalized_text() {
        for s in [
            "某某（北京）有限公司",
            "ab c",
            "ＡＢＣ",
            "x",
            "",
            "  ",
            "Ä(Ö)",
        ] {
            assert_eq!(hash(s), hash(&normalize_name(s)), "{s}");
        }
        assert_eq!(hash("abc"), hash("ABC"));
        assert_ne!(hash("ab"), hash("ba"));
        assert_ne!(hash("a"), hash("aa"));
        assert_ne!(hash("abc"), hash("abcd"));
    }

    #[test]
    fn hashes_are_stable() {
        // Documented as stable across versions of the 0.x series: a change here is a break.
        assert_eq!(hash("福州某某有限公司"), 0xbfca_ff16_adb7_0c34);
        assert_eq!(hash("某某（北京）科技 有限公司"), 0x4603_7ef3_0969_7726);
        assert_eq!(hash("ABC"), 0xac75_cda0_b143_5f85);
    }
}
