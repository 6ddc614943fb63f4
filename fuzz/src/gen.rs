//! Input decoders shared by the targets: policies from a byte, a table of valid codes, and the
//! "expanding text" format of the `unicode` target.
//!
//! Formats are plain bytes on purpose: a seed is the text itself (optionally behind a byte or
//! two), so the spec's vectors are seeds as they stand and a crash file reads as what it is.

use std::sync::OnceLock;

use uscc::{Policy, RegionRule, RuleLevel};

/// The policy a byte selects: region rule (2 bits), GB 11714 level (2 bits), issued-anomaly
/// level (2 bits), issue year (2 bits). Every combination is a policy a caller can build.
pub fn policy_from_byte(b: u8) -> Policy {
    let level = |x: u8| match x % 3 {
        0 => RuleLevel::Error,
        1 => RuleLevel::Warning,
        _ => RuleLevel::Off,
    };
    let regions = match b & 3 {
        0 => RegionRule::Ignore,
        1 | 3 => RegionRule::Lenient,
        _ => RegionRule::Strict,
    };
    let p = Policy::default()
        .with_regions(regions)
        .with_org_check(level(b >> 2 & 3))
        .with_issued_anomalies(level(b >> 4 & 3));
    match b >> 6 {
        0 => p,
        1 => p.with_issue_year(2016),
        2 => p.with_issue_year(1985),
        _ => p.with_issue_year(2026),
    }
}

/// The presets, strictest first: each accepts a subset of what the next accepts.
pub fn policy_chain() -> [Policy; 4] {
    [
        Policy::strict(),
        Policy::assessment(),
        Policy::default(),
        Policy::default()
            .with_regions(RegionRule::Ignore)
            .with_org_check(RuleLevel::Off),
    ]
}

/// Real codes from the spec (§2.3, §3) that the default policy accepts.
pub const SPEC_VALID: [&str; 9] = [
    "91350100M000100Y43",
    "91110108551385082Q",
    "531000005000160090",
    "91320594MA1MBC5030",
    "119900000106319731",
    "71310106424845496E",
    "9111000071093123XX",
    "99140000MA0H4WRM37",
    "91350203M0001QKT19", // Fujian pilot code: accepted with a warning
];

/// The spec's other vectors: invalid, or another identifier.
pub const SPEC_OTHER: [&str; 7] = [
    "362322198709086409",
    "916201055811843000",
    "9.13701E+17",
    "310115600985533",
    "310115600985535",
    "110108000000016",
    "55138508-2",
];

/// 256 codes valid under [`Policy::strict`]: the strict-valid spec vectors and codes built
/// over every department/category pair, regions spread over the table, and varied bodies.
pub fn strict_codes() -> &'static [String] {
    static CODES: OnceLock<Vec<String>> = OnceLock::new();
    CODES.get_or_init(|| {
        let mut out: Vec<String> = SPEC_VALID
            .iter()
            .filter(|c| Policy::strict().is_valid(c))
            .map(|c| c.to_string())
            .collect();
        let pairs: Vec<(char, char)> = uscc::Department::all()
            .iter()
            .flat_map(|d| d.categories().map(move |c| (d.as_char(), c.as_char())))
            .collect();
        let regions: Vec<u32> = uscc::region::all().map(|r| r.code()).collect();
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        while out.len() < 256 {
            let (d, c) = pairs[next() as usize % pairs.len()];
            let region = regions[next() as usize % regions.len()];
            let body: String = (0..8)
                .map(|i| {
                    // Mostly digits, as most real bodies are; some letters.
                    let r = next() as usize;
                    if i == 0 && r.is_multiple_of(3) {
                        'M'
                    } else if r.is_multiple_of(5) {
                        uscc::ALPHABET[10 + r / 5 % 21] as char
                    } else {
                        (b'0' + (r / 5 % 10) as u8) as char
                    }
                })
                .collect();
            let org = format!("{body}{}", uscc::org_check_char(&body).expect("body chars"));
            if let Ok(code) = uscc::build(d, c, &format!("{region:06}"), &org) {
                if Policy::strict().is_valid(code.as_str()) {
                    out.push(code.to_string());
                }
            }
        }
        out
    })
}

/// Characters and strings that normalization, labels and the rules care about.
pub const INTERESTING: &[&str] = &[
    // whitespace
    " ",
    "\t",
    "\n",
    "\r",
    "\u{3000}",
    "\u{00A0}",
    "\u{2007}",
    "\u{202F}",
    "\u{0085}",
    "\u{2028}",
    "\u{1680}",
    "\u{000B}",
    "\u{000C}",
    // invisibles and bidi controls
    "\u{200B}",
    "\u{200C}",
    "\u{200D}",
    "\u{200E}",
    "\u{200F}",
    "\u{202A}",
    "\u{202B}",
    "\u{202C}",
    "\u{202D}",
    "\u{202E}",
    "\u{2066}",
    "\u{2067}",
    "\u{2068}",
    "\u{2069}",
    "\u{FEFF}",
    "\u{00AD}",
    "\u{180E}",
    "\u{2060}",
    "\u{2064}",
    "\u{061C}",
    "\u{034F}",
    // dashes
    "-",
    "\u{2010}",
    "\u{2011}",
    "\u{2013}",
    "\u{2014}",
    "\u{2015}",
    "\u{2212}",
    "\u{FE58}",
    "\u{FE63}",
    "\u{FF0D}",
    "\u{30FC}",
    "\u{2500}",
    "_",
    // quotes and spreadsheet markers
    "'",
    "`",
    "\"",
    "=\"",
    "“",
    "”",
    "‘",
    "’",
    "「",
    "」",
    "『",
    "』",
    "＂",
    "＇",
    "=",
    // labels
    ":",
    "：",
    "统一社会信用代码：",
    "统一社会信用代码",
    "信用代码",
    "纳税人识别号：",
    "税号",
    "注册号",
    "编号",
    "号码",
    "USCC:",
    "uscc：",
    "代码",
    "公司",
    "（",
    "）",
    "(",
    ")",
    // look-alikes and case
    "O",
    "I",
    "S",
    "V",
    "Z",
    "o",
    "i",
    "s",
    "v",
    "z",
    "x",
    "y",
    "m",
    "Ｏ",
    "０",
    "９",
    "Ｍ",
    "ｍ",
    "Ｘ",
    "ｙ",
    "\u{0130}",
    "\u{0131}",
    "ß",
    "ﬀ",
    "\u{212A}",
    "\u{2126}",
    // spreadsheets
    ".",
    "E",
    "E+17",
    "9.13701E+17",
    "000",
    "+",
    "#",
    "Ｅ",
    // hostile
    "\0",
    "\u{FFFD}",
    "😀",
    "👨\u{200D}👩\u{200D}👧",
    "\u{1F1E8}\u{1F1F3}",
    "\u{0301}",
    "\u{10FFFF}",
    "\u{E000}",
    "\u{7F}",
    "\u{1B}[31m",
    "\u{FFFF}",
    "\u{D7FF}",
];

/// The `unicode` target's format: UTF-8 text in which a few control bytes are macros, so a
/// plain text seed decodes to itself and the fuzzer can still reach every code point.
///
/// | bytes | emits |
/// |---|---|
/// | `01 k` | strict-valid code number `k` |
/// | `02 c` | the full-width form of ASCII `c` |
/// | `03 k` | [`INTERESTING`] string `k` |
/// | `04 a b c` | the code point `abc & 0x1FFFFF`, if it is one (any plane) |
/// | `05 n c` | ASCII `c` repeated `8·n` times |
/// | `06 c` | byte `c` as a Latin-1 char (so `01`–`06` themselves are reachable) |
///
/// Other bytes are UTF-8; an invalid sequence is dropped a byte at a time.
pub fn expand(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        let arg = |k: usize| data.get(i + k).copied().unwrap_or(0);
        match data[i] {
            1 => {
                let codes = strict_codes();
                out.push_str(&codes[usize::from(arg(1)) % codes.len()]);
                i += 2;
            }
            2 => {
                let c = arg(1);
                match c {
                    0x21..=0x7E => out.push(char::from_u32(u32::from(c) + 0xFEE0).unwrap()),
                    b' ' => out.push('\u{3000}'),
                    _ => out.push(char::from(c)),
                }
                i += 2;
            }
            3 => {
                out.push_str(INTERESTING[usize::from(arg(1)) % INTERESTING.len()]);
                i += 2;
            }
            4 => {
                let v = (u32::from(arg(1)) << 16 | u32::from(arg(2)) << 8 | u32::from(arg(3)))
                    & 0x1F_FFFF;
                if let Some(c) = char::from_u32(v) {
                    out.push(c);
                }
                i += 4;
            }
            5 => {
                let n = 8 * usize::from(arg(1));
                let c = char::from(arg(2) & 0x7F);
                out.extend(std::iter::repeat_n(c, n));
                i += 3;
            }
            6 => {
                out.push(char::from(arg(1)));
                i += 2;
            }
            _ => {
                // Up to the next macro byte; an invalid sequence is skipped a byte at a time.
                let rest = &data[i..];
                let stop = rest
                    .iter()
                    .position(|b| (1..=6).contains(b))
                    .unwrap_or(rest.len());
                let valid = match std::str::from_utf8(&rest[..stop]) {
                    Ok(s) => s,
                    Err(e) => std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap(),
                };
                if valid.is_empty() {
                    i += 1;
                } else {
                    out.push_str(valid);
                    i += valid.len();
                }
            }
        }
    }
    out
}

/// The full-width form of an ASCII graphic char (`9` → `９`).
pub fn fullwidth(c: char) -> char {
    match c {
        '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
        _ => c,
    }
}
