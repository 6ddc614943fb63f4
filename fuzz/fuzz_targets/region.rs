//! The region table's API on arbitrary codes, strings and years: lookups agree with each
//! other, a region's periods, names and chain are consistent, listings are ordered and hold
//! what they say — and a code the table knows always has a province the table knows (else
//! `diagnose` would reject a real code with `invalid_region`).
//!
//! Input: groups of 4 bytes (a u32 code, also cut to six digits) and 2 bytes (a year), then
//! the rest as text for `lookup_str`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uscc::region::{self, RegionKind, RegionLevel};

fn year_at(data: &[u8], i: usize) -> u16 {
    let b = |k: usize| u16::from(data.get(i + k).copied().unwrap_or(0));
    1960 + (b(0) << 8 | b(1)) % 90
}

fuzz_target!(|data: &[u8]| {
    for (i, chunk) in data.chunks(6).take(16).enumerate() {
        let mut raw = [0u8; 4];
        raw[..chunk.len().min(4)].copy_from_slice(&chunk[..chunk.len().min(4)]);
        let n = u32::from_le_bytes(raw);
        let year = year_at(data, i * 6 + 4);
        for code in [n, n % 1_000_000, n % 100 * 10_000, n % 10_000 * 100] {
            check(code, year);
        }
    }
    let s = String::from_utf8_lossy(data);
    let by_str = region::lookup_str(&s);
    let six = s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit());
    match by_str {
        Some(r) => {
            assert!(six, "{s:?} looked up");
            assert_eq!(format!("{:06}", r.code()), s);
        }
        None => assert!(!six || !region::is_known(s.parse().unwrap())),
    }
});

fn check(code: u32, year: u16) {
    let r = region::lookup(code);
    assert_eq!(r.is_some(), region::is_known(code), "{code}");
    let Some(r) = r else {
        assert!(code >= 1_000_000 || region::lookup_str(&format!("{code:06}")).is_none());
        return;
    };
    assert!(code < 1_000_000, "{code}: not six digits, but known");
    assert_eq!(r.code(), code);
    assert_eq!(region::lookup_str(&format!("{code:06}")), Some(r));
    assert!(
        region::province_exists(code / 10_000),
        "{code} is known but its province {} is not: diagnose would call it invalid",
        code / 10_000
    );
    assert!(!r.name().is_empty());
    let _ = r.to_string();

    // Periods: ordered, non-overlapping, and the derived answers follow from them.
    let periods: Vec<_> = r.periods().collect();
    assert!(!periods.is_empty(), "{code}: no period");
    for p in &periods {
        assert!(p.end.is_none_or(|e| p.start <= e), "{code}: {p:?}");
    }
    for w in periods.windows(2) {
        assert!(
            w[0].end.is_some_and(|e| e < w[1].start),
            "{code}: {periods:?}"
        );
    }
    assert_eq!(r.first_year(), periods[0].start);
    assert_eq!(r.abolished(), periods.last().unwrap().end);
    assert_eq!(r.is_current(), r.abolished().is_none());
    assert_eq!(r.valid_in(year), periods.iter().any(|p| p.contains(year)));

    // Names: the newest is `name`; a name for every year the code was valid.
    let names: Vec<_> = r.names().collect();
    assert!(!names.is_empty(), "{code}: no names");
    assert_eq!(names.last().unwrap().name, r.name(), "{code}");
    let other: Vec<_> = r.other_names().collect();
    assert!(!other.contains(&r.name()));
    match r.name_in(year) {
        Some(n) => {
            assert!(r.valid_in(year));
            assert!(names.iter().any(|s| s.name == n));
        }
        None => assert!(!r.valid_in(year), "{code}: valid in {year} but nameless"),
    }
    let chain = r.chain();
    match r.level() {
        RegionLevel::National | RegionLevel::Province => {
            assert_eq!(chain.province, Some(r.name()));
        }
        _ => {
            assert!(chain.iter().count() >= 1);
            assert_ne!(
                code % 10_000,
                0,
                "{code}: below province level with a PP0000 code"
            );
        }
    }
    assert_eq!(chain.to_string().replace(' ', ""), r.full_name());
    assert_eq!(
        r.chain_in(year).is_some(),
        r.valid_in(year),
        "{code} in {year}"
    );
    assert_eq!(
        r.note().is_some(),
        r.kind() == RegionKind::Special && r.note().is_some()
    );

    // Hierarchy.
    if let Some(p) = r.parent() {
        assert_ne!(p.code(), code);
        assert!(
            p.level() < r.level() || p.kind() == RegionKind::Placeholder,
            "{code} → {p:?}"
        );
        assert_eq!(p.code() / 10_000, code / 10_000);
    }
    if let Some(p) = r.province() {
        assert_eq!(p.code() / 10_000, code / 10_000);
    }
    let pp = code / 10_000;
    let mut prev = None;
    let mut found = false;
    for x in region::in_province(pp) {
        assert_eq!(x.code() / 10_000, pp);
        assert!(prev < Some(x.code()), "in_province({pp}) out of order");
        prev = Some(x.code());
        found |= x.code() == code;
    }
    assert!(found, "{code} not listed in its province {pp}");
    let pppp = code / 100;
    assert!(region::in_prefecture(pppp).all(|x| x.code() / 100 == pppp));
}
