//! Formatting noise around a valid code must be normalized away: full-width cells, lower case,
//! whitespace/dashes/invisible characters between cells, quote and spreadsheet wrappers,
//! labels — in any order and nesting. The diagnosis must be valid, give back exactly the
//! code, and report each kind of noise that was added.
//!
//! Input: a code number, then (op, arg) byte pairs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uscc::{ChangeKind, Policy, MAX_INPUT_LEN};
use uscc_fuzz::gen;

const WS: &[&str] = &[
    " ", "\t", "\u{3000}", "\u{00A0}", "\n", "\r\n", "\u{2007}", "\u{202F}", "\u{0085}",
];
const DASH: &[&str] = &[
    "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}",
    "\u{FE58}", "\u{FE63}", "\u{FF0D}", "\u{30FC}", "\u{2500}",
];
const INVISIBLE: &[&str] = &[
    "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}", "\u{202C}",
    "\u{202D}", "\u{202E}", "\u{2060}", "\u{2061}", "\u{2062}", "\u{2063}", "\u{2064}", "\u{2066}",
    "\u{2067}", "\u{2068}", "\u{2069}", "\u{FEFF}", "\u{00AD}", "\u{180E}",
];
const WRAPS: &[(&str, &str)] = &[
    ("\"", "\""),
    ("'", "'"),
    ("“", "”"),
    ("‘", "’"),
    ("「", "」"),
    ("『", "』"),
    ("=\"", "\""),
    ("'", ""),
    ("`", ""),
    ("＂", "＂"),
    ("＇", ""),
    ("＝＂", "＂"),
];
const LABELS: &[&str] = &[
    "统一社会信用代码：",
    "统一社会信用代码:",
    "统一社会信用代码 ",
    "统一社会信用代码",
    "信用代码：",
    "社会信用代码",
    "纳税人识别号：",
    "代码：",
    "USCC:",
    "uscc: ",
    "USCC：",
    "Code:",
    "ｕｓｃｃ：",
];

#[derive(Clone, Copy)]
struct Cell {
    ch: char,
    wide: bool,
    lower: bool,
}

fuzz_target!(|data: &[u8]| {
    let Some((&k, ops)) = data.split_first() else {
        return;
    };
    let codes = gen::strict_codes();
    let code: &str = match usize::from(k) % (codes.len() + 1) {
        i if i == codes.len() => "91350203M0001QKT19", // a pilot code: valid by default
        i => &codes[i],
    };
    let mut cells: Vec<Cell> = code
        .chars()
        .map(|ch| Cell {
            ch,
            wide: false,
            lower: false,
        })
        .collect();
    let mut gaps: Vec<String> = vec![String::new(); 19];
    let mut layers: Vec<(String, String)> = Vec::new();
    // Each kind of noise added, and whether it sits at the edge of the code (where a label
    // next to it may take it along: `社会信用代码‐9135…` loses the dash with the label).
    let mut want: Vec<(ChangeKind, bool)> = Vec::new();
    let mut labelled = false;
    for op in ops.chunks_exact(2).take(64) {
        let (o, a) = (op[0] % 8, usize::from(op[1]));
        match o {
            0 => {
                cells[a % 18].wide = true;
                want.push((ChangeKind::FullWidth, false));
            }
            1 => {
                let c = &mut cells[a % 18];
                if c.ch.is_ascii_alphabetic() {
                    c.lower = true;
                    want.push((ChangeKind::Lowercase, false));
                }
            }
            2 => {
                gaps[a % 19].push_str(WS[a / 19 % WS.len()]);
                want.push((ChangeKind::Whitespace, a % 19 == 0));
            }
            3 => {
                gaps[a % 19].push_str(DASH[a / 19 % DASH.len()]);
                want.push((ChangeKind::Hyphen, a % 19 == 0));
            }
            4 => {
                gaps[a % 19].push_str(INVISIBLE[a / 19 % INVISIBLE.len()]);
                want.push((ChangeKind::Invisible, false));
            }
            5 => {
                let (l, r) = WRAPS[a % WRAPS.len()];
                layers.push((l.to_string(), r.to_string()));
                // A lone text marker (`'`) after a label may go with the label's colon rule.
                want.push((ChangeKind::Quote, r.is_empty()));
            }
            6 => {
                layers.push((LABELS[a % LABELS.len()].to_string(), String::new()));
                want.push((ChangeKind::Label, false));
                labelled = true;
            }
            _ => {
                let w = WS[a % WS.len()].to_string();
                layers.push(if a & 0x80 == 0 {
                    (w, String::new())
                } else {
                    (String::new(), w)
                });
                want.push((ChangeKind::Whitespace, true));
            }
        }
    }
    let mut s = String::new();
    for (i, c) in cells.iter().enumerate() {
        s.push_str(&gaps[i]);
        let mut ch = c.ch;
        if c.lower {
            ch = ch.to_ascii_lowercase();
        }
        if c.wide {
            ch = gen::fullwidth(ch);
        }
        s.push(ch);
    }
    s.push_str(&gaps[18]);
    for (l, r) in &layers {
        s = format!("{l}{s}{r}");
    }

    let d = Policy::default().diagnose(&s);
    if s.len() > MAX_INPUT_LEN {
        assert!(!d.is_valid());
        return;
    }
    assert_eq!(
        d.normalized.as_deref(),
        Some(code),
        "{s:?} did not normalize to {code}: {:?}",
        d.findings
    );
    assert!(d.is_valid(), "{s:?}: {:?}", d.findings);
    assert_eq!(d.code().unwrap().as_str(), code);
    for (k, edge) in want {
        assert!(
            d.changes.iter().any(|c| c.kind == k) || (edge && labelled),
            "{s:?}: {k:?} not reported in {:?}",
            d.changes
        );
    }
    assert_eq!(
        uscc::validate(&s).map(|c| c.to_string()).ok().as_deref(),
        Some(code)
    );
});
