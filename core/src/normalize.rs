//! Normalization: turn what people paste into the 18 characters they meant, and say what
//! changed.
//!
//! Handled: ASCII and Unicode whitespace (U+3000 included), hyphens and dashes, full-width
//! digits, letters and punctuation, lower case, zero-width and bidirectional control
//! characters, quotes and spreadsheet text markers (`'…`, `="…"`), and a leading label
//! (`统一社会信用代码：`, `USCC:` …). Look-alike letters (O for 0) are *not* replaced: that is a
//! guess, and guesses belong to [`crate::suggest()`].
//!
//! Normalization is idempotent: normalizing its own output changes nothing.
//!
//! ```
//! let n = uscc::normalize(" 统一社会信用代码：９１３５ ０１００-m000100y43").unwrap();
//! assert_eq!(n.text, "91350100M000100Y43");
//! let kinds: Vec<_> = n.changes.iter().map(|c| c.kind).collect();
//! use uscc::ChangeKind::*;
//! assert_eq!(kinds, [Label, FullWidth, Whitespace, Hyphen, Lowercase]);
//! ```

use std::borrow::Cow;

/// Inputs longer than this many bytes are rejected unexamined ([`crate::Kind::InputTooLong`]):
/// a code is 18 characters, and nothing real around it is this long.
pub const MAX_INPUT_LEN: usize = 1024;

/// What normalization changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ChangeKind {
    /// A leading label such as `统一社会信用代码：` was removed.
    Label,
    /// Quotes or a spreadsheet text marker were removed.
    Quote,
    /// Zero-width or bidirectional control characters were removed.
    Invisible,
    /// Full-width characters became half-width.
    FullWidth,
    /// Whitespace was removed.
    Whitespace,
    /// Hyphens or dashes were removed.
    Hyphen,
    /// Lower-case letters were upper-cased.
    Lowercase,
}

impl ChangeKind {
    /// The info finding kind reporting this change.
    ///
    /// ```
    /// assert_eq!(uscc::ChangeKind::Label.kind(), uscc::Kind::NormalizedLabel);
    /// ```
    pub fn kind(self) -> crate::Kind {
        use crate::Kind as K;
        match self {
            ChangeKind::Label => K::NormalizedLabel,
            ChangeKind::Quote => K::NormalizedQuote,
            ChangeKind::Invisible => K::NormalizedInvisible,
            ChangeKind::FullWidth => K::NormalizedFullwidth,
            ChangeKind::Whitespace => K::NormalizedWhitespace,
            ChangeKind::Hyphen => K::NormalizedHyphen,
            ChangeKind::Lowercase => K::NormalizedLowercase,
        }
    }
}

/// One kind of change and how many characters (or labels) it touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// How many characters (labels, quote pairs) were affected.
    pub count: u32,
}

/// The result of [`normalize`]: the text and what changed, in [`ChangeKind`] order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized<'a> {
    /// The normalized text (borrowed when nothing changed).
    pub text: Cow<'a, str>,
    /// What changed; empty when the input was already canonical.
    pub changes: Vec<Change>,
}

/// The input was longer than [`MAX_INPUT_LEN`] bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("input too long: {len} bytes, at most {} are examined", MAX_INPUT_LEN)]
pub struct InputTooLong {
    /// Length of the input in bytes.
    pub len: usize,
}

/// Normalizes an input: turns what people paste into the 18 characters they meant, and
/// says what changed.
///
/// Handled: ASCII and Unicode whitespace (U+3000 included), hyphens and dashes, full-width
/// digits, letters and punctuation, lower case, zero-width and bidirectional control
/// characters, quotes and spreadsheet text markers (`'…`, `="…"`), and a leading label
/// (`统一社会信用代码：`, `USCC:` …). Look-alike letters (O for 0) are *not* replaced: that is a
/// guess, and guesses belong to [`crate::suggest()`]. Idempotent: normalizing its own output
/// changes nothing. Inputs over [`MAX_INPUT_LEN`] bytes are refused unexamined.
///
/// ```
/// let n = uscc::normalize("91350100m000100y43").unwrap();
/// assert_eq!(n.text, "91350100M000100Y43");
/// assert_eq!(n.changes, [uscc::Change { kind: uscc::ChangeKind::Lowercase, count: 2 }]);
/// assert!(uscc::normalize(&"9".repeat(2000)).is_err());
/// ```
pub fn normalize(input: &str) -> Result<Normalized<'_>, InputTooLong> {
    if input.len() > MAX_INPUT_LEN {
        return Err(InputTooLong { len: input.len() });
    }
    if is_canonical_shape(input) {
        return Ok(Normalized {
            text: Cow::Borrowed(input),
            changes: Vec::new(),
        });
    }
    let mut n = [0u32; 7];
    let bump = |n: &mut [u32; 7], k: ChangeKind, by: u32| n[k as usize] += by;

    // Pass 1: fold width, drop invisibles.
    let mut s = String::with_capacity(input.len());
    for ch in input.chars() {
        if is_invisible(ch) {
            bump(&mut n, ChangeKind::Invisible, 1);
            continue;
        }
        let folded = fold_width(ch);
        if folded != ch && folded != ' ' {
            bump(&mut n, ChangeKind::FullWidth, 1);
        }
        s.push(folded);
    }
    // Pass 2: wrappers and labels; pass 3: spaces, dashes, case; pass 2 again, because removing
    // spaces can expose a wrapper (`- '9137…`). After that nothing is left to remove.
    strip_wrappers(&mut s, &mut n);
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if ch.is_whitespace() {
            bump(&mut n, ChangeKind::Whitespace, 1);
        } else if is_dash(ch) {
            bump(&mut n, ChangeKind::Hyphen, 1);
        } else if ch.is_ascii_lowercase() {
            bump(&mut n, ChangeKind::Lowercase, 1);
            out.push(ch.to_ascii_uppercase());
        } else {
            out.push(ch);
        }
    }
    strip_wrappers(&mut out, &mut n);

    const ORDER: [ChangeKind; 7] = [
        ChangeKind::Label,
        ChangeKind::Quote,
        ChangeKind::Invisible,
        ChangeKind::FullWidth,
        ChangeKind::Whitespace,
        ChangeKind::Hyphen,
        ChangeKind::Lowercase,
    ];
    let changes = ORDER
        .iter()
        .filter(|&&k| n[k as usize] > 0)
        .map(|&k| Change {
            kind: k,
            count: n[k as usize],
        })
        .collect();
    Ok(Normalized {
        text: Cow::Owned(out),
        changes,
    })
}

/// Already canonical: only ASCII digits and capitals, so no rule below can apply.
#[inline]
fn is_canonical_shape(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
}

fn is_invisible(ch: char) -> bool {
    matches!(ch,
        '\u{00AD}'                 // soft hyphen
        | '\u{200B}'..='\u{200F}'  // zero-width space/joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}'  // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'  // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'  // bidi isolates
        | '\u{FEFF}'               // BOM / zero-width no-break space
        | '\u{180E}'               // Mongolian vowel separator
    )
}

/// Full-width ASCII (U+FF01–U+FF5E) → ASCII; ideographic space → space.
fn fold_width(ch: char) -> char {
    match ch {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
        '\u{3000}' => ' ',
        _ => ch,
    }
}

fn is_dash(ch: char) -> bool {
    matches!(
        ch,
        '-' | '\u{2010}'
            ..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{30FC}' | '\u{2500}'
    )
}

/// Removes, repeatedly, surrounding whitespace, quote pairs, spreadsheet text markers and
/// leading labels.
fn strip_wrappers(s: &mut String, n: &mut [u32; 7]) {
    loop {
        let before = s.len();
        let t = s.trim();
        let ws = s.chars().count() - t.chars().count();
        n[ChangeKind::Whitespace as usize] += ws as u32;
        let mut t = t;
        let mut quote = false;
        if let Some(inner) = t.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
            t = inner;
            quote = true;
        } else if let Some(inner) = strip_pair(t) {
            t = inner;
            quote = true;
        } else if let Some(inner) = t.strip_prefix(['\'', '`']) {
            t = inner;
            quote = true;
        }
        if quote {
            n[ChangeKind::Quote as usize] += 1;
            // Start over before looking for a label: a label's head may begin with an inner
            // quote (`""USCC:…""`), which must go as a pair, not with the label.
            *s = t.to_string();
            continue;
        }
        if let Some(rest) = strip_label(t) {
            t = rest;
            n[ChangeKind::Label as usize] += 1;
        }
        if t.len() == before {
            return;
        }
        *s = t.to_string();
    }
}

/// Quote pairs around a code.
const PAIRS: [(char, char); 6] = [
    ('"', '"'),
    ('\'', '\''),
    ('“', '”'),
    ('‘', '’'),
    ('「', '」'),
    ('『', '』'),
];

fn strip_pair(t: &str) -> Option<&str> {
    PAIRS.iter().find_map(|&(a, b)| {
        let inner = t.strip_prefix(a)?.strip_suffix(b)?;
        Some(inner)
    })
}

/// Whether `head` holds an opening quote whose partner ends `t`: a label must not split the
/// pair (nor nested pairs, `''USCC:…''`, so any such quote counts).
fn opens_pair(head: &str, t: &str) -> bool {
    PAIRS
        .iter()
        .any(|&(a, b)| t.ends_with(b) && head.contains(a))
}

/// Words that mark a leading run of Chinese text as a label rather than garbage.
const LABEL_WORDS: [&str; 7] = ["代码", "信用", "税号", "识别号", "编号", "号码", "注册号"];

/// `统一社会信用代码：…`, `USCC: …`, `信用代码 9137…`: the rest after the label.
fn strip_label(t: &str) -> Option<&str> {
    // A colon whose prefix has no digit is a label separator.
    if let Some(i) = t.find(':') {
        let head = &t[..i];
        if !head.bytes().any(|b| b.is_ascii_digit())
            && head.chars().count() <= 40
            && !opens_pair(head, t)
        {
            return Some(&t[i + 1..]);
        }
    }
    // A leading run of non-ASCII text containing a label word.
    let mut end = t
        .char_indices()
        .find(|&(_, c)| c.is_ascii())
        .map_or(t.len(), |(i, _)| i);
    // A non-ASCII opening quote whose partner ends the text quotes the code (`代码「9135…」`):
    // the label stops before it, and the pair goes as a pair.
    if let Some((i, _)) = t[..end].char_indices().find(|&(_, c)| {
        PAIRS
            .iter()
            .any(|&(a, b)| a == c && !a.is_ascii() && t.ends_with(b))
    }) {
        end = i;
    }
    let head = &t[..end];
    (end > 0 && end < t.len() && LABEL_WORDS.iter().any(|w| head.contains(w))).then(|| &t[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize(s).unwrap().text.into_owned()
    }

    #[test]
    fn labels_and_wrappers() {
        assert_eq!(
            norm("统一社会信用代码：91350100M000100Y43"),
            "91350100M000100Y43"
        );
        assert_eq!(norm("信用代码: 91350100M000100Y43"), "91350100M000100Y43");
        assert_eq!(
            norm("统一社会信用代码91350100M000100Y43"),
            "91350100M000100Y43"
        );
        assert_eq!(norm("USCC: 91350100M000100Y43"), "91350100M000100Y43");
        assert_eq!(norm("'91350100M000100Y43"), "91350100M000100Y43");
        assert_eq!(norm("=\"91350100M000100Y43\""), "91350100M000100Y43");
        assert_eq!(norm("“91350100M000100Y43”"), "91350100M000100Y43");
        assert_eq!(norm("- '9135"), "9135");
        assert_eq!(norm("代码：代码：9135"), "9135");
    }

    #[test]
    fn garbage_is_kept_for_diagnosis() {
        // Chinese text without a label word is not silently dropped.
        assert_eq!(norm("公司9135"), "公司9135");
        assert_eq!(norm("9.13701E+17"), "9.13701E+17");
        assert_eq!(norm("9135 测试"), "9135测试");
    }

    #[test]
    fn widths_spaces_dashes_invisibles() {
        let n = normalize("\u{200B}９１３５\u{3000}0100\u{2014}m").unwrap();
        assert_eq!(n.text, "91350100M");
        let got: Vec<_> = n.changes.iter().map(|c| (c.kind, c.count)).collect();
        assert_eq!(
            got,
            [
                (ChangeKind::Invisible, 1),
                (ChangeKind::FullWidth, 4),
                (ChangeKind::Whitespace, 1),
                (ChangeKind::Hyphen, 1),
                (ChangeKind::Lowercase, 1)
            ]
        );
    }

    #[test]
    fn canonical_input_is_borrowed() {
        let n = normalize("91350100M000100Y43").unwrap();
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert!(n.changes.is_empty());
    }

    #[test]
    fn too_long() {
        assert_eq!(
            normalize(&" ".repeat(MAX_INPUT_LEN + 1)),
            Err(InputTooLong {
                len: MAX_INPUT_LEN + 1
            })
        );
        assert!(normalize(&" ".repeat(MAX_INPUT_LEN)).is_ok());
    }
}
