//! The browser package's functions, run natively: everything `uscc-wasm` exports is a thin
//! wrapper around a pure Rust function (`check_char::compute`, `normalize::normalized`,
//! `suggest::suggestions`, `region::lookup`, `Options::policy`, `kinds`), and those are what
//! run here, on text as JavaScript hands it over — UTF-16 with lone surrogates and emoji,
//! converted as wasm-bindgen converts it (a lone surrogate becomes U+FFFD). Each must agree
//! with the core and serialize.
//!
//! Input: an options byte, then UTF-16 code units (little-endian pairs; any value, so lone
//! surrogates occur), except that an odd trailing byte is ignored.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uscc::{Policy, RegionRule, RuleLevel};
use uscc_wasm::options::{Options, Preset, RegionRule as R, RuleLevel as L};

fn options(b: u8) -> (Options, Policy) {
    let level = |x: u8| match x % 4 {
        0 => None,
        1 => Some((L::Error, RuleLevel::Error)),
        2 => Some((L::Warning, RuleLevel::Warning)),
        _ => Some((L::Off, RuleLevel::Off)),
    };
    let (preset, mut p) = match b & 3 {
        0 => (None, Policy::counter()),
        1 => (Some(Preset::Counter), Policy::counter()),
        2 => (Some(Preset::Assessment), Policy::assessment()),
        _ => (Some(Preset::Strict), Policy::strict()),
    };
    let regions = match b >> 2 & 3 {
        0 => None,
        1 => Some((R::Ignore, RegionRule::Ignore)),
        2 => Some((R::Lenient, RegionRule::Lenient)),
        _ => Some((R::Strict, RegionRule::Strict)),
    };
    if let Some((_, r)) = regions {
        p = p.with_regions(r);
    }
    let org = level(b >> 4);
    if let Some((_, l)) = org {
        p = p.with_org_check(l);
    }
    let anomalies = level(b >> 6);
    if let Some((_, l)) = anomalies {
        p = p.with_issued_anomalies(l);
    }
    let year = b.is_multiple_of(5).then_some(2016);
    if let Some(y) = year {
        p = p.with_issue_year(y);
    }
    let o = Options {
        policy: preset,
        regions: regions.map(|x| x.0),
        org_check: org.map(|x| x.0),
        issued_anomalies: anomalies.map(|x| x.0),
        issue_year: year,
    };
    (o, p)
}

fuzz_target!(|data: &[u8]| {
    let Some((&b, rest)) = data.split_first() else {
        return;
    };
    let (o, want) = options(b);
    let policy = o.policy();
    assert_eq!(policy, want, "{o:?}");

    // The string as JavaScript passes it: UTF-16, lone surrogates replaced on the way in.
    let units: Vec<u16> = rest
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let s = String::from_utf16_lossy(&units);

    let n = uscc_wasm::normalize::normalized(&s);
    match uscc::normalize(&s) {
        Ok(core) => {
            assert!(n.ok);
            assert_eq!(n.text.as_deref(), Some(&*core.text));
            assert_eq!(n.changes.len(), core.changes.len());
        }
        Err(_) => {
            assert!(!n.ok && n.text.is_none());
            assert_eq!(n.error.map(|f| f.kind), Some(uscc::Kind::InputTooLong));
        }
    }
    serde_json::to_string(&n).unwrap();

    let c = uscc_wasm::check_char::compute(&s);
    match uscc::check_char(&s) {
        Ok(ch) => {
            assert!(c.ok);
            assert_eq!(c.check_char, Some(ch));
            assert_eq!(c.code, Some(format!("{s}{ch}")));
        }
        Err(_) => assert!(!c.ok && c.error.is_some()),
    }
    serde_json::to_string(&c).unwrap();

    let sg = uscc_wasm::suggest::suggestions(&s, &policy);
    let core: Vec<String> = policy
        .suggest(&s)
        .iter()
        .map(|x| x.code.to_string())
        .collect();
    assert_eq!(sg.iter().map(|x| x.code.clone()).collect::<Vec<_>>(), core);
    serde_json::to_string(&sg).unwrap();

    // What `validate` returns is serde of the core verdict: it must serialize for any input.
    let v = policy.check(&s);
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["valid"].as_bool(), Some(v.valid));
    assert_eq!(policy.is_valid(&s), v.valid);

    let r = uscc_wasm::region::lookup(&s);
    assert_eq!(r.is_some(), uscc::region::lookup_str(&s).is_some());
    serde_json::to_string(&r).unwrap();
    if s.len() >= 8 {
        if let Some(six) = s.get(2..8) {
            serde_json::to_string(&uscc_wasm::region::lookup(six)).unwrap();
        }
    }
    assert!(uscc_wasm::kinds::kinds()
        .iter()
        .all(|k| k.parse::<uscc::Kind>().is_ok()));
});
