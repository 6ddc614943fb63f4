//! The 31-character alphabet of GB 32100 and the value of each character.
//!
//! `0123456789ABCDEFGHJKLMNPQRTUWXY` — values 0..=30 in that order. The letters
//! I, O, S, V and Z never occur (they are too easily confused with 1, 0, 5, U and 2).

/// The code alphabet, in value order.
///
/// ```
/// assert_eq!(uscc::ALPHABET.len(), 31);
/// assert_eq!(uscc::ALPHABET[30], b'Y');
/// ```
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Marks a byte outside the alphabet in [`VALUE`].
pub(crate) const NONE: u8 = 0xFF;

/// Byte → value (0..=30), [`NONE`] for every byte outside the alphabet (lower case included:
/// callers normalize first).
pub(crate) static VALUE: [u8; 256] = {
    let mut t = [NONE; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// The value (0..=30) of an alphabet character, `None` for anything else.
///
/// ```
/// assert_eq!(uscc::char_value('0'), Some(0));
/// assert_eq!(uscc::char_value('Y'), Some(30));
/// assert_eq!(uscc::char_value('O'), None); // never used
/// assert_eq!(uscc::char_value('a'), None); // normalize first
/// ```
pub fn char_value(c: char) -> Option<u8> {
    if c.is_ascii() {
        let v = VALUE[c as usize];
        (v != NONE).then_some(v)
    } else {
        None
    }
}

/// The alphabet character of a value `0..=30`.
///
/// ```
/// assert_eq!(uscc::value_char(10), Some('A'));
/// assert_eq!(uscc::value_char(31), None);
/// ```
pub fn value_char(v: u8) -> Option<char> {
    ALPHABET.get(usize::from(v)).map(|&b| b as char)
}

/// Letters that never occur in a code, with the alphabet character they are usually
/// mistaken for (spec §5).
pub(crate) fn lookalike_of_excluded(c: char) -> Option<char> {
    match c {
        'O' => Some('0'),
        'I' => Some('1'),
        'Z' => Some('2'),
        'S' => Some('5'),
        'V' => Some('U'),
        _ => None,
    }
}

/// Pairs of alphabet characters commonly confused when typing or by OCR (spec §5).
pub(crate) fn is_confusable_pair(a: u8, b: u8) -> bool {
    const PAIRS: [(u8, u8); 6] = [
        (b'B', b'8'),
        (b'D', b'0'),
        (b'Q', b'0'),
        (b'G', b'6'),
        (b'T', b'7'),
        (b'U', b'V'),
    ];
    PAIRS
        .iter()
        .any(|&(x, y)| (a == x && b == y) || (a == y && b == x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excluded_letters_have_no_value() {
        for c in ['I', 'O', 'S', 'V', 'Z'] {
            assert_eq!(char_value(c), None, "{c}");
        }
        assert_eq!(
            (0u8..=255).filter(|&b| VALUE[b as usize] != NONE).count(),
            31
        );
    }

    #[test]
    fn values_round_trip() {
        for v in 0..31 {
            assert_eq!(char_value(value_char(v).unwrap()), Some(v));
        }
    }
}
