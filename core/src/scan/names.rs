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
//! The scanner keeps only a 64-bit hash of the normalized name, never the text: that is what
//! keeps its memory at a few dozen bytes per record. (Its own hash, faster than [`name_hash`]
//! and free to change between versions, as it never leaves a scan.) Two different normalized
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

/// The scanner's key for a name: a 64-bit hash of the normalized name's UTF-8 bytes, 0 when it
/// is empty. Equal normalized names, and (but for a chance of about 2⁻⁶⁴ a pair) only they,
/// get equal keys.
///
/// Not [`name_hash`], whose value is fixed for the 0.x series and is defined character by
/// character: this one is free to change, as it never leaves a scan, and is built for speed.
/// Most names are already normalized (Chinese characters only, or with digits and lower-case
/// letters): [`plain`] tells so, 16 bytes at a time, and their bytes are hashed where they are;
/// only the others are normalized first (into a buffer on the stack; byte by byte for the
/// commonest of them, see [`drop_brackets_and_spaces`]). In a hot loop over the synthetic
/// names: about 15 ns a plain name and 51 ns another, where [`hash`] took 41–47 ns for a
/// plain name of 37 bytes.
#[inline]
pub(crate) fn key(name: &str) -> u64 {
    let b = name.as_bytes();
    if plain(b) {
        return bytes_hash(b);
    }
    key_normalized(name)
}

/// [`key`] of a name that may change under normalization.
#[inline(never)]
fn key_normalized(name: &str) -> u64 {
    let mut buf = [0u8; 256];
    if let Some(len) = drop_brackets_and_spaces(name.as_bytes(), &mut buf) {
        return bytes_hash(&buf[..len]);
    }
    let mut len = 0;
    let mut fits = true;
    for_each_char(name, |c| match buf.get_mut(len..len + 4) {
        Some(room) => len += c.encode_utf8(room).len(),
        None => fits = false,
    });
    if fits {
        bytes_hash(&buf[..len])
    } else {
        bytes_hash(normalize_name(name).as_bytes())
    }
}

/// The normalized bytes of a name made of CJK ideographs U+4000–U+9FFF, full-width round
/// brackets and spaces (ASCII or U+3000) only — one name in ten in the exports seen, a place or
/// branch in brackets: `某某（北京）有限公司` — copied into `buf` without decoding a character
/// (decoded one by one, such a name took as long as several plain ones). Their length, or
/// `None` for any other name (or one too long for `buf`), which takes the general way.
#[inline]
fn drop_brackets_and_spaces(b: &[u8], buf: &mut [u8; 256]) -> Option<usize> {
    if b.len() > buf.len() {
        return None;
    }
    let (mut len, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            // A CJK ideograph: its three bytes as they are (valid UTF-8: two follow).
            0xE4..=0xE9 => {
                buf[len..len + 3].copy_from_slice(b.get(i..i + 3)?);
                len += 3;
                i += 3;
            }
            // （ and ）, U+FF08 and U+FF09: dropped, as brackets are.
            0xEF if matches!(b.get(i + 1..i + 3), Some([0xBC, 0x88 | 0x89])) => i += 3,
            // U+3000, the ideographic space: dropped, as whitespace is.
            0xE3 if b.get(i + 1..i + 3) == Some(&[0x80, 0x80]) => i += 3,
            b' ' => i += 1,
            _ => return None,
        }
    }
    Some(len)
}

/// Whether normalization leaves these bytes (valid UTF-8) as they are: no ASCII upper case,
/// bracket or whitespace, and every other character a CJK ideograph from U+4000 to U+9FFF
/// (lead byte E4–E9). A "no" may be wrong (U+3400–U+3FFF, Latin letters without case …): it
/// only sends the name the long way, to the same key.
#[inline]
fn plain(b: &[u8]) -> bool {
    let n = b.len();
    if (16..=64).contains(&n) {
        // Most names: four 16-byte blocks cover them whatever their length (overlapping when
        // shorter), so no loop runs a number of times that depends on the name — its exit
        // was a misprediction on many records.
        let at = |k: usize| &b[(16 * k).min(n - 16)..][..16];
        let cjk = |c: &[u8]| !any16(c, |y| !cjk_byte(y));
        if cjk(at(0)) & cjk(at(1)) & cjk(at(2)) & cjk(at(3)) {
            return true;
        }
        let bad = |c: &[u8]| any16(c, |y| !cjk_byte(y) && changes(y));
        return !(bad(at(0)) | bad(at(1)) | bad(at(2)) | bad(at(3)));
    }
    // First the common case, cheaply: Chinese characters only.
    if n >= 16 {
        let mut ok = true;
        let mut chunks = b.chunks_exact(16);
        for c in &mut chunks {
            ok &= !any16(c, |y| !cjk_byte(y));
        }
        ok &= !any16(&b[b.len() - 16..], |y| !cjk_byte(y));
        if ok {
            return true;
        }
    }
    let bad = |y: u8| !cjk_byte(y) && changes(y);
    let mut chunks = b.chunks_exact(16);
    let mut any = false;
    for c in &mut chunks {
        any |= any16(c, bad);
    }
    !any && !chunks.remainder().iter().any(|&y| bad(y))
}

/// Whether `f` holds for any of 16 bytes — written so that the compiler does the 16 at once.
#[inline(always)]
fn any16(c: &[u8], f: impl Fn(u8) -> bool) -> bool {
    let c: &[u8; 16] = c.try_into().expect("16 bytes");
    c.iter().fold(0u8, |m, &y| m | u8::from(f(y))) != 0
}

/// A byte of a CJK ideograph U+4000–U+9FFF: a continuation byte, or a lead byte E4–E9.
#[inline(always)]
fn cjk_byte(y: u8) -> bool {
    y.wrapping_sub(0x80) < 0x40 || y.wrapping_sub(0xE4) < 6
}

/// A byte that may not survive normalization: ASCII upper case, brackets or whitespace, or the
/// lead byte of anything but a CJK ideograph U+4000–U+9FFF.
#[inline(always)]
fn changes(y: u8) -> bool {
    let upper = y.wrapping_sub(b'A') < 26;
    let space = y.wrapping_sub(0x09) < 5 || y == b' ';
    let bracket = (y & 0xFE) == b'(' || (y | 0x20) == b'{' || (y | 0x20) == b'}';
    let lead = y >= 0xC0;
    upper | space | bracket | lead
}

/// A wyhash-style hash of bytes: 16 at a time through a folded multiplication, the last 16
/// (or the short input) read as two overlapping words, the length mixed in; 0 for no bytes
/// (a real name never hashes to 0: it is remapped to 1).
#[inline]
fn bytes_hash(b: &[u8]) -> u64 {
    const K1: u64 = 0xa076_1d64_78bd_642f;
    const K2: u64 = 0xe703_7ed1_a0b4_28db;
    const K3: u64 = 0x8ebc_6af0_9c88_c6e3;
    let n = b.len();
    let r8 = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let r4 = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("4 bytes")));
    let mut h = 0x2d35_8dcc_aa6c_78a5 ^ n as u64;
    let (x, y) = match n {
        0 => return 0,
        1..=3 => (
            u64::from(b[0]) << 16 | u64::from(b[n / 2]) << 8 | u64::from(b[n - 1]),
            0,
        ),
        4..=7 => (r4(0), r4(n - 4)),
        8..=16 => (r8(0), r8(n - 8)),
        // Most names: three blocks before the last, overlapping when shorter (the same
        // bytes give the same blocks), for a fixed number of steps (see `plain`).
        17..=64 => {
            for k in 0..3 {
                let i = (16 * k).min(n - 16);
                h = fold_mul(r8(i) ^ K1, r8(i + 8) ^ h);
            }
            (r8(n - 16), r8(n - 8))
        }
        _ => {
            let mut i = 0;
            while n - i > 16 {
                h = fold_mul(r8(i) ^ K1, r8(i + 8) ^ h);
                i += 16;
            }
            (r8(n - 16), r8(n - 8))
        }
    };
    match fold_mul(fold_mul(x ^ K1, y ^ h) ^ K2, n as u64 ^ K3) {
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

    proptest::proptest! {
        // The scanner's key: that of the normalized bytes, whichever way it went; a name
        // called plain is one normalization leaves alone.
        #[test]
        fn key_is_the_hash_of_the_normalized_name(
            s in "[\\u{3000}-\\u{3402}\\u{3FFF}-\\u{4001}\\u{9FFD}-\\u{A001}某北京有限公司（）()【】{}\\[\\]ＡＢａ Aaz1\\t\\u{b}\\u{c}\\u{200B}ÄÖéİ😀]{0,40}",
            t in proptest::prelude::any::<String>(),
            // Long enough for the all-ideographs check, with the characters around its edges.
            u in "[\\u{3000}\\u{3001}\\u{33FF}\\u{3400}\\u{3FFF}\\u{4000}\\u{9FFF}\\u{A000}某北京]{5,12}",
        ) {
            for s in [&s, &t, &u] {
                let n = normalize_name(s);
                proptest::prop_assert_eq!(key(s), bytes_hash(n.as_bytes()), "{:?}", s);
                proptest::prop_assert_eq!(key(s) == 0, n.is_empty());
                if plain(s.as_bytes()) {
                    proptest::prop_assert_eq!(&n, s);
                }
            }
        }
    }

    #[test]
    fn keys_of_names() {
        assert_eq!(key(""), 0);
        assert_eq!(key(" （）\u{3000}"), 0);
        assert_eq!(key("某某（北京）有限公司"), key("某某北京有限公司"));
        assert_eq!(key("ABC"), key("abc"));
        assert!(plain("福州某某贸易有限公司".as_bytes()) && plain(b"abc123") && !plain(b"Abc"));
        // Every length around the word and block boundaries hashes apart.
        let mut seen = std::collections::HashSet::new();
        for n in 0..70 {
            let a = "a".repeat(n);
            let z = format!("{}b", "a".repeat(n));
            assert!(seen.insert(key(&a)) || n == 0);
            assert_ne!(key(&a), key(&z), "{n}");
        }
        // A name too long for the stack buffer takes the heap, to the same key.
        let long = format!("（{}）", "某".repeat(200));
        assert_eq!(key(&long), key(&"某".repeat(200)));
    }

    #[test]
    fn bracketed_names_take_the_byte_path_to_the_same_key() {
        let mut buf = [0u8; 256];
        for s in [
            "某某（北京）有限公司",
            "某某 有限公司",
            "某某\u{3000}（福州）分公司",
            "（）",
            " 某",
            "",
        ] {
            let n = drop_brackets_and_spaces(s.as_bytes(), &mut buf).expect(s);
            assert_eq!(&buf[..n], normalize_name(s).as_bytes(), "{s}");
            assert_eq!(key(s), bytes_hash(normalize_name(s).as_bytes()), "{s}");
        }
        // Anything else goes the general way (U+3400 is an ideograph outside E4–E9).
        for s in [
            "某某、有限公司",
            "某某(北京)",
            "ABC",
            "某【北京】",
            "\u{3400}某",
            "某\t",
        ] {
            assert_eq!(
                drop_brackets_and_spaces(s.as_bytes(), &mut buf),
                None,
                "{s}"
            );
            assert_eq!(key(s), bytes_hash(normalize_name(s).as_bytes()), "{s}");
        }
        assert_eq!(
            drop_brackets_and_spaces("某".repeat(86).as_bytes(), &mut buf),
            None
        );
    }

    #[test]
    fn hashes_are_stable() {
        // Documented as stable across versions of the 0.x series: a change here is a break.
        assert_eq!(hash("福州某某有限公司"), 0xbfca_ff16_adb7_0c34);
        assert_eq!(hash("某某（北京）科技 有限公司"), 0x4603_7ef3_0969_7726);
        assert_eq!(hash("ABC"), 0xac75_cda0_b143_5f85);
    }
}
