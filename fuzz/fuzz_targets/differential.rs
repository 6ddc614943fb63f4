//! Differential: `uscc`'s check characters and verdicts against the reference implementation
//! in `src/reference.rs` (written from the spec, sharing no code with the library), on
//! arbitrary 18-character inputs over the alphabet and beyond.
//!
//! Input: a mode byte, 18 char selectors (indexes into a pool of the 31 alphabet chars, the
//! excluded letters, lower case and other characters), then mode arguments. Modes repair the
//! check chars with the reference, force a valid pair and region digits, then damage the code
//! again, or cut it to another length, so valid, nearly valid and invalid codes all occur.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uscc::{Code, Kind, Policy, RegionRule};
use uscc_fuzz::reference::{self as r, RefVerdict};

const POOL: &str =
    "0123456789ABCDEFGHJKLMNPQRTUWXY0123456789IOSVZabcmxyoiz-_ .\0é０Ａ中\u{200B}😀Ｏ\u{FFFD}";
const PAIRS: [(char, char); 12] = [
    ('9', '1'),
    ('9', '2'),
    ('9', '3'),
    ('9', '9'),
    ('1', '1'),
    ('5', '3'),
    ('7', '1'),
    ('3', '4'),
    ('A', '1'),
    ('N', '2'),
    ('Y', '1'),
    ('8', '9'),
];

fuzz_target!(|data: &[u8]| {
    let pool: Vec<char> = POOL.chars().collect();
    let arg = |i: usize| data.get(i).copied().unwrap_or(0);
    let mode = arg(0) % 8;
    let mut c: Vec<char> = (1..19)
        .map(|i| pool[usize::from(arg(i)) % pool.len()])
        .collect();
    let (a, b) = (usize::from(arg(19)), usize::from(arg(20)));

    let fix_org = |c: &mut Vec<char>| {
        if let Some(e) = r::org_check_char(&c[8..16]) {
            c[16] = e;
        }
    };
    let fix_18 = |c: &mut Vec<char>| {
        if let Some(e) = r::check_char(&c[..17]) {
            c[17] = e;
        }
    };
    let make_valid = |c: &mut Vec<char>| {
        let (d, k) = PAIRS[a % PAIRS.len()];
        c[0] = d;
        c[1] = k;
        for x in &mut c[2..8] {
            if !x.is_ascii_digit() {
                *x = char::from(b'0' + (*x as u32 % 10) as u8);
            }
        }
        for x in &mut c[8..16] {
            if r::code_value(*x).is_none() {
                *x = '0';
            }
        }
        fix_org(c);
        fix_18(c);
    };
    match mode {
        0 => {}
        1 => fix_18(&mut c),
        2 => {
            fix_org(&mut c);
            fix_18(&mut c);
        }
        3 => make_valid(&mut c),
        4 => {
            make_valid(&mut c);
            c[b % 18] = pool[a % pool.len()];
        }
        5 => {
            make_valid(&mut c);
            c.swap(b % 17, b % 17 + 1);
        }
        6 => {
            make_valid(&mut c);
            c.truncate(b % 20);
            if b >= 200 {
                c.push(pool[a % pool.len()]);
            }
        }
        _ => {
            // The issued anomalies: Fujian pilot codes and the Chengdu/Hubei `Y` for `1`.
            make_valid(&mut c);
            if b % 2 == 0 {
                c[2] = '3';
                c[3] = '5';
                c[8..12].copy_from_slice(&['M', '0', '0', '0']);
                fix_org(&mut c);
                if b % 4 == 0 {
                    fix_18(&mut c);
                }
            } else {
                let region = if b % 4 == 1 { "510100" } else { "420100" };
                for (i, x) in region.chars().enumerate() {
                    c[2 + i] = x;
                }
                fix_org(&mut c);
                fix_18(&mut c);
                if c[17] == '1' {
                    c[17] = 'Y';
                }
            }
        }
    }
    let s: String = c.iter().collect();
    let rv = RefVerdict::of(&s);

    // The check-char functions, on every 17- and 8-char window the input has.
    if c.len() >= 17 {
        let prefix: String = c[..17].iter().collect();
        assert_eq!(
            uscc::check_char(&prefix).ok(),
            r::check_char(&c[..17]),
            "{prefix:?}"
        );
    }
    if c.len() >= 16 {
        let body: String = c[8..16].iter().collect();
        assert_eq!(
            uscc::org_check_char(&body).ok(),
            r::org_check_char(&c[8..16]),
            "{body:?}"
        );
    }

    // Verdicts with the region table out of the picture.
    let assess = Policy::assessment().with_regions(RegionRule::Ignore);
    let default = Policy::default().with_regions(RegionRule::Ignore);
    assert_eq!(
        Code::parse_with(&s, &assess).is_ok(),
        rv.all_rules_ok(),
        "{s:?}: assessment verdict differs from the reference {rv:?}"
    );
    // A citizen ID number in the field is the library's own judgement (spec §5): skipped.
    let judge_default = !r::citizen_id_shape(&s);
    assert!(
        !judge_default || Code::parse_with(&s, &default).is_ok() == rv.default_ok(),
        "{s:?}: default verdict differs from the reference {rv:?}: {:?}",
        default.diagnose(&s).findings
    );

    // On canonical text, the findings name the same positions and expected chars.
    let canonical = !s.is_empty()
        && s.bytes()
            .all(|x| x.is_ascii_digit() || x.is_ascii_uppercase());
    if canonical {
        let d = assess.diagnose(&s);
        assert_eq!(d.is_valid(), rv.all_rules_ok(), "{s:?}");
        let at18 = d.findings.iter().find(|f| {
            matches!(
                f.kind,
                Kind::CheckCharMismatch | Kind::PilotCode | Kind::CheckCharYFor1
            )
        });
        if rv.shape_ok {
            assert_eq!(at18.is_some(), !rv.check_ok(), "{s:?}: {:?}", d.findings);
            if let Some(f) = at18 {
                assert_eq!(
                    (f.position, f.expected, f.found),
                    (Some(18), rv.check_expected, Some(c[17]))
                );
            }
        }
        let org = d.findings.iter().find(|f| f.kind == Kind::OrgCheckMismatch);
        if c.len() >= 17 && c[8..17].iter().all(|&x| r::code_value(x).is_some()) && c.len() <= 18 {
            assert_eq!(org.is_some(), !rv.org_ok(), "{s:?}: {:?}", d.findings);
            if let Some(f) = org {
                assert_eq!(
                    (f.position, f.expected, f.found),
                    (Some(17), rv.org_expected, Some(c[16]))
                );
            }
        }
        // Normalizing canonical text changes nothing, so the text API agrees with parse.
        assert_eq!(assess.is_valid(&s), rv.all_rules_ok());
        assert!(!judge_default || default.is_valid(&s) == rv.default_ok());
    }

    // The legacy identifiers: a 15-digit registration number (ISO 7064 MOD 11,10) and a
    // stand-alone organization code.
    let digits: String = c
        .iter()
        .take(15)
        .map(|&x| char::from(b'0' + (x as u32 % 10) as u8))
        .collect();
    assert_eq!(
        uscc::legacy::is_valid_registration_number(&digits),
        r::registration_number_ok(&digits),
        "{digits}"
    );
    if c.len() >= 17
        && c[8..17]
            .iter()
            .all(|x| x.is_ascii_digit() || x.is_ascii_uppercase())
    {
        let org: String = c[8..17].iter().collect();
        let want = r::org_check_char(&c[8..16]) == Some(c[16]);
        assert_eq!(
            uscc::legacy::is_valid_organization_code(&org),
            want,
            "{org:?}"
        );
    }
});
