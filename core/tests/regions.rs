//! The region table (GB/T 2260 history plus special codes): spec spot checks, counts that show
//! the table is whole, and invariants every row must satisfy.

use uscc::region::{self, NameChain, Period, Region, RegionKind, RegionLevel};

fn get(code: u32) -> Region {
    region::lookup(code).unwrap_or_else(|| panic!("{code} missing from the region table"))
}

fn periods(code: u32) -> Vec<Period> {
    get(code).periods().collect()
}

const fn p(start: u16, end: Option<u16>) -> Period {
    Period { start, end }
}

// ---- spec §4 spot checks -------------------------------------------------------------------

#[test]
fn liaocheng_and_every_county_it_ever_had() {
    let pref = get(371500);
    assert_eq!(pref.name(), "聊城市");
    assert_eq!(pref.level(), RegionLevel::Prefecture);
    assert_eq!(pref.kind(), RegionKind::Gb2260);
    assert_eq!(periods(371500), [p(1997, None)]);
    assert_eq!(pref.chain().to_string(), "山东省 聊城市");

    // (code, name, periods) of every county-level code under 3715, in code order.
    let expected: &[(u32, &str, &[Period])] = &[
        (371501, "市辖区", &[p(2002, None)]),
        (371502, "东昌府区", &[p(1997, None)]),
        (371503, "茌平区", &[p(2019, None)]),
        (371521, "阳谷县", &[p(1997, None)]),
        (371522, "莘县", &[p(1997, None)]),
        (371523, "茌平县", &[p(1997, Some(2019))]),
        (371524, "东阿县", &[p(1997, None)]),
        (371525, "冠县", &[p(1997, None)]),
        (371526, "高唐县", &[p(1997, None)]),
        (371581, "临清市", &[p(1997, None)]),
    ];
    let got: Vec<_> = region::in_prefecture(3715)
        .filter(|r| r.level() == RegionLevel::County)
        .collect();
    assert_eq!(got.len(), expected.len());
    for (r, (code, name, ps)) in got.iter().zip(expected) {
        assert_eq!((r.code(), r.name()), (*code, *name));
        assert_eq!(r.periods().collect::<Vec<_>>(), *ps, "{code}");
        if r.kind() == RegionKind::Gb2260 {
            assert_eq!(r.chain().to_string(), format!("山东省 聊城市 {name}"));
            assert_eq!(r.parent(), Some(pref));
        }
    }
    assert_eq!(get(371501).kind(), RegionKind::Placeholder);
}

#[test]
fn chiping_county_became_chiping_district_in_2019() {
    let county = get(371523);
    assert_eq!(county.name(), "茌平县");
    assert_eq!(periods(371523), [p(1997, Some(2019))]);
    assert_eq!(county.abolished(), Some(2019));
    assert!(!county.is_current());
    assert!(county.valid_in(1997) && county.valid_in(2019));
    assert!(!county.valid_in(1996) && !county.valid_in(2020));
    assert_eq!(
        county.chain(),
        NameChain {
            province: Some("山东省"),
            prefecture: Some("聊城市"),
            county: Some("茌平县")
        }
    );
    assert_eq!(county.full_name(), "山东省聊城市茌平县");

    let district = get(371503);
    assert_eq!(district.name(), "茌平区");
    assert_eq!(periods(371503), [p(2019, None)]);
    assert!(district.is_current());
    assert!(!district.valid_in(2018) && district.valid_in(2019) && district.valid_in(2026));
    assert_eq!(district.chain().to_string(), "山东省 聊城市 茌平区");

    // Before 1997 Chiping was 372524 under 聊城地区: the chain follows the code's own years.
    assert_eq!(get(372524).chain().to_string(), "山东省 聊城地区 茌平县");
}

#[test]
fn chongwen_district_abolished_2010() {
    let r = get(110103);
    assert_eq!(r.name(), "崇文区");
    assert_eq!(r.level(), RegionLevel::County);
    assert_eq!(r.kind(), RegionKind::Gb2260);
    assert_eq!(r.abolished(), Some(2010));
    assert_eq!(r.first_year(), 1980);
    assert!(r.valid_in(2010) && !r.valid_in(2011));
    // 110100 is only the 市辖区 placeholder: left out of the chain.
    assert_eq!(r.chain().to_string(), "北京市 崇文区");
    assert_eq!(r.parent().map(|p| p.kind()), Some(RegionKind::Placeholder));
}

#[test]
fn chongchuan_district_renumbered_320602_to_320613() {
    let old = get(320602);
    let new = get(320613);
    assert_eq!((old.name(), new.name()), ("崇川区", "崇川区"));
    assert_eq!(old.abolished(), Some(2020));
    assert_eq!(periods(320613), [p(2020, None)]);
    // The year of the renumbering is in both periods, and no year is in neither.
    for y in 1980..=2026 {
        assert!(old.valid_in(y) || new.valid_in(y), "{y}");
    }
    assert!(old.valid_in(2020) && new.valid_in(2020));
    // The old code had two earlier names, each dated.
    let names: Vec<_> = old.names().map(|s| s.to_string()).collect();
    assert_eq!(
        names,
        [
            "城中区 (1980–1983)",
            "城区 (1983–1991)",
            "崇川区 (1991–2020)"
        ]
    );
    assert_eq!(old.other_names().collect::<Vec<_>>(), ["城中区", "城区"]);
    assert_eq!(
        old.chain_in(1985).unwrap().to_string(),
        "江苏省 南通市 城区"
    );
    assert_eq!(new.chain().to_string(), "江苏省 南通市 崇川区");
}

#[test]
fn special_registration_authority_codes() {
    // (code, name, level, a real code using it — where the spec gives one)
    let cases: &[(u32, &str, RegionLevel, Option<&str>)] = &[
        (
            100000,
            "国家级登记管理机关",
            RegionLevel::National,
            Some("531000005000160090"),
        ),
        (
            990000,
            "新疆生产建设兵团",
            RegionLevel::Province,
            Some("119900000106319731"),
        ),
        (
            320594,
            "苏州工业园区",
            RegionLevel::County,
            Some("91320594MA1MBC5030"),
        ),
        (133100, "雄安新区", RegionLevel::Prefecture, None),
    ];
    for &(code, name, level, vector) in cases {
        let r = get(code);
        assert_eq!(r.kind(), RegionKind::Special, "{code}");
        assert_eq!((r.name(), r.level()), (name, level), "{code}");
        assert!(r.is_current() && r.valid_in(2017), "{code}");
        let note = r.note().expect("a special code carries its evidence");
        if let Some(v) = vector {
            assert!(note.contains(v), "{code}: the note cites {v}");
            assert_eq!(region::lookup_str(&v[2..8]), Some(r));
        }
        assert!(region::is_known(code));
        assert!(region::province_exists(code / 10_000));
    }
    assert_eq!(
        get(320594).chain().to_string(),
        "江苏省 苏州市 苏州工业园区"
    );
    assert_eq!(get(133100).chain().to_string(), "河北省 雄安新区");
    assert_eq!(get(990000).chain().to_string(), "新疆生产建设兵团");
    assert_eq!(get(100000).chain().to_string(), "国家级登记管理机关");
    assert!(!get(133100).valid_in(2016), "Xiong'an was set up in 2017");
    // Exactly the special codes have notes.
    for r in region::all() {
        assert_eq!(r.note().is_some(), r.kind() == RegionKind::Special, "{r}");
    }
}

#[test]
fn statistics_only_and_placeholder_codes() {
    let zone = get(130171);
    assert_eq!(zone.kind(), RegionKind::StatisticsOnly);
    assert_eq!(zone.name(), "石家庄高新技术产业开发区");
    assert_eq!(
        zone.chain().to_string(),
        "河北省 石家庄市 石家庄高新技术产业开发区"
    );
    let direct = get(429000);
    assert_eq!(direct.kind(), RegionKind::Placeholder);
    assert_eq!(get(429004).chain().to_string(), "湖北省 仙桃市");
}

#[test]
fn unknown_codes() {
    for code in [0, 10_000, 371599, 380000, 999_999, 1_000_000, u32::MAX] {
        assert!(!region::is_known(code), "{code}");
        assert!(region::lookup(code).is_none(), "{code}");
    }
    for pp in [0, 1, 9, 16, 20, 38, 40, 55, 70, 72, 80, 83, 98, 100, 990000] {
        assert!(!region::province_exists(pp), "{pp}");
    }
    assert!(region::lookup_str("37152").is_none());
    assert!(region::lookup_str("３７１５２３").is_none());
}

// ---- the table is whole --------------------------------------------------------------------

fn count(f: impl Fn(&Region) -> bool) -> usize {
    region::all().filter(|r| f(r)).count()
}

#[test]
fn counts_show_the_table_is_whole() {
    let gb = count(|r| r.kind() == RegionKind::Gb2260);
    let placeholder = count(|r| r.kind() == RegionKind::Placeholder);
    assert!(
        gb + placeholder >= 6_800,
        "{gb} + {placeholder} GB/T 2260 codes"
    );
    assert!(gb >= 6_600, "{gb} GB/T 2260 division codes");
    // The list current at 2026-09 has exactly 3,214 codes.
    assert_eq!(
        count(|r| r.kind() == RegionKind::Gb2260 && r.is_current()),
        3_214
    );
    assert_eq!(
        count(|r| r.kind() == RegionKind::Gb2260 && r.valid_in(2026)),
        3_214
    );
    // About 3,460 were valid at some time since 2015 (what a USCC can carry).
    let since_2015 = count(|r| {
        r.kind() == RegionKind::Gb2260 && r.periods().any(|p| p.end.map_or(true, |e| e >= 2015))
    });
    assert!((3_400..3_550).contains(&since_2015), "{since_2015}");
    // 34 provinces now (incl. 台湾省, 香港, 澳门), and each prefix has its row.
    let provinces: Vec<_> = region::all()
        .filter(|r| r.level() == RegionLevel::Province && r.kind() == RegionKind::Gb2260)
        .collect();
    assert_eq!(provinces.iter().filter(|r| r.is_current()).count(), 34);
    for r in &provinces {
        assert!(region::province_exists(r.code() / 10_000));
    }
    assert!(count(|r| r.kind() == RegionKind::StatisticsOnly) >= 100);
    assert!(count(|r| r.kind() == RegionKind::Special) >= 4);
    assert_eq!(region::all().count(), region::len());
}

#[test]
fn province_exists_iff_the_table_has_pp0000() {
    for pp in 0..100 {
        assert_eq!(
            region::province_exists(pp),
            region::lookup(pp * 10_000).is_some(),
            "{pp}"
        );
    }
    let current: Vec<u32> = region::all()
        .filter(|r| r.level() == RegionLevel::Province && r.kind() == RegionKind::Gb2260)
        .filter(|r| r.is_current())
        .map(|r| r.code() / 10_000)
        .collect();
    assert_eq!(
        current,
        [
            11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
            51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82
        ]
    );
}

// ---- invariants of every row ---------------------------------------------------------------

#[test]
fn every_row_is_well_formed() {
    let mut prev = 0;
    for r in region::all() {
        let code = r.code();
        assert!(code > prev, "codes strictly increasing");
        prev = code;
        // The code parses as six digits and looks itself up.
        let s = format!("{code:06}");
        assert_eq!(s.len(), 6);
        assert_eq!(region::lookup_str(&s), Some(r));
        assert!(region::is_known(code));
        // Names.
        assert!(!r.name().trim().is_empty(), "{code}");
        assert!(r.names().all(|n| !n.name.trim().is_empty()), "{code}");
        assert!(r.other_names().all(|n| n != r.name()), "{code}");
        // Periods: non-empty, each well-formed, ordered, not overlapping, only the last open.
        let ps: Vec<_> = r.periods().collect();
        assert!(!ps.is_empty(), "{code}");
        for (i, p) in ps.iter().enumerate() {
            assert!((1980..=2026).contains(&p.start), "{code}: {p}");
            if let Some(e) = p.end {
                assert!(p.start <= e && e <= 2026, "{code}: {p}");
            } else {
                assert_eq!(i, ps.len() - 1, "{code}: only the last period may be open");
            }
            if i > 0 {
                let before = ps[i - 1].end.unwrap();
                assert!(before < p.start, "{code}: {} overlaps {p}", ps[i - 1]);
            }
        }
        assert_eq!(r.first_year(), ps[0].start);
        assert_eq!(r.abolished(), ps[ps.len() - 1].end);
        // Level agrees with the digits (special codes carry their own).
        if r.kind() != RegionKind::Special {
            let level = match code {
                c if c % 10_000 == 0 => RegionLevel::Province,
                c if c % 100 == 0 => RegionLevel::Prefecture,
                _ => RegionLevel::County,
            };
            assert_eq!(r.level(), level, "{code}");
        }
        // Every non-province code sits under a province the table knows.
        assert!(region::province_exists(code / 10_000), "{code}");
        // The chain names the region itself last.
        let chain = r.chain();
        assert_eq!(chain.iter().last(), Some(r.name()), "{code}");
    }
}

#[test]
fn lookup_and_iteration_agree() {
    let via_iter: Vec<u32> = region::all().map(|r| r.code()).collect();
    let via_lookup: Vec<u32> = (0..1_000_000).filter(|&c| region::is_known(c)).collect();
    assert_eq!(via_iter, via_lookup);
    for pp in 0..100 {
        let a: Vec<_> = region::in_province(pp).collect();
        let b: Vec<_> = region::all().filter(|r| r.code() / 10_000 == pp).collect();
        assert_eq!(a, b, "{pp}");
    }
}

/// The compiled table says exactly what the committed `data/regions.tsv` says.
#[test]
fn compiled_table_matches_the_committed_tsv() {
    let text = include_str!("../data/regions.tsv");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(
        header,
        ["code", "level", "kind", "name", "periods", "names", "evidence", "seen", "note"]
    );
    let years = |s: &str| {
        let (a, b) = s.split_once('-').unwrap();
        Period {
            start: a.parse().unwrap(),
            end: (!b.is_empty()).then(|| b.parse().unwrap()),
        }
    };
    let mut n = 0;
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 9, "{line}");
        let code: u32 = f[0]
            .parse()
            .unwrap_or_else(|_| panic!("code {:?} parses", f[0]));
        assert_eq!(f[0].len(), 6);
        let r = get(code);
        assert_eq!(r.level().as_str(), f[1], "{code}");
        assert_eq!(r.kind().as_str(), f[2], "{code}");
        assert_eq!(r.name(), f[3], "{code}");
        let ps: Vec<Period> = f[4].split(',').map(years).collect();
        assert_eq!(r.periods().collect::<Vec<_>>(), ps, "{code}");
        let spans: Vec<(String, Period)> = f[5]
            .split('|')
            .map(|e| {
                let (name, y) = e.rsplit_once('@').unwrap();
                (name.to_string(), years(y))
            })
            .collect();
        let got: Vec<(String, Period)> =
            r.names().map(|s| (s.name.to_string(), s.period)).collect();
        assert_eq!(got, spans, "{code}");
        assert_eq!(r.note().unwrap_or(""), f[8], "{code}");
        n += 1;
    }
    assert_eq!(n, region::len());
}
