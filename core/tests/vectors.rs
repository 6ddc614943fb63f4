//! The spec's real vectors (§2.3, §6) with their exact expected findings.
//!
//! Each finding is written `kind/severity@position=expected` so a change in any of the four
//! fails the test.

use uscc::{Kind, Policy};

fn describe(p: &Policy, input: &str) -> Vec<String> {
    p.diagnose(input)
        .findings
        .iter()
        .map(|f| {
            let mut s = format!("{}/{}", f.kind, f.severity);
            if let Some(pos) = f.position {
                s += &format!("@{pos}");
            }
            if let Some(e) = f.expected {
                s += &format!("={e}");
            }
            s
        })
        .collect()
}

fn default(input: &str) -> Vec<String> {
    describe(&Policy::default(), input)
}

#[test]
fn valid_vectors_have_no_error() {
    for code in [
        "91350100M000100Y43",
        "91110108551385082Q",
        "531000005000160090",
        "91320594MA1MBC5030",
        "119900000106319731",
        "71310106424845496E",
        "9111000071093123XX",
    ] {
        for p in [Policy::default(), Policy::assessment(), Policy::strict()] {
            let d = p.diagnose(code);
            assert!(d.is_valid(), "{code} under {p:?}: {:?}", d.findings);
            assert_eq!(d.code().unwrap().as_str(), code);
        }
    }
}

#[test]
fn canonical_and_beijing_vectors_are_clean() {
    assert_eq!(default("91350100M000100Y43"), Vec::<String>::new());
    assert_eq!(default("91110108551385082Q"), Vec::<String>::new());
    assert_eq!(default("71310106424845496E"), Vec::<String>::new());
    assert_eq!(default("9111000071093123XX"), Vec::<String>::new());
}

#[test]
fn special_registration_authorities_are_named() {
    assert_eq!(default("531000005000160090"), ["special_region/info@3"]);
    assert_eq!(default("91320594MA1MBC5030"), ["special_region/info@3"]);
    assert_eq!(default("119900000106319731"), ["special_region/info@3"]);
    let d = uscc::diagnose("119900000106319731");
    assert!(
        d.findings[0].message_zh().contains("新疆生产建设兵团"),
        "{}",
        d.findings[0].message_zh()
    );
}

#[test]
fn fujian_pilot_code_is_a_warning_by_default_and_an_error_in_the_assessment() {
    assert_eq!(default("91350203M0001QKT19"), ["pilot_code/warning@18=F"]);
    assert_eq!(
        describe(&Policy::assessment(), "91350203M0001QKT19"),
        ["pilot_code/error@18=F"]
    );
    let off = Policy::default().with_issued_anomalies(uscc::RuleLevel::Off);
    assert_eq!(
        describe(&off, "91350203M0001QKT19"),
        ["check_char_mismatch/error@18=F"]
    );
}

#[test]
fn citizen_id_is_recognised_by_name() {
    // Passes the position-18 check (1 in 31 do), fails GB 11714 and the department pair.
    assert_eq!(
        default("362322198709086409"),
        [
            "citizen_id/error",
            "invalid_category/error@2",
            "org_check_mismatch/error@17=5",
            "unknown_region/warning@3",
        ]
    );
}

#[test]
fn spreadsheet_truncation_is_not_a_typo() {
    assert_eq!(
        default("916201055811843000"),
        [
            "spreadsheet_truncated/error@16",
            "org_check_mismatch/error@17=2",
            "check_char_mismatch/error@18=F"
        ]
    );
    let s = uscc::suggest("916201055811843000");
    assert!(!s.is_empty());
    for c in &s {
        assert_eq!(c.edit, uscc::Edit::Completion);
        assert!(c.code.as_str().starts_with("916201055811843"));
        assert!(c.code.as_str().bytes().all(|b| b.is_ascii_digit()));
    }
    assert_eq!(default("9.13701E+17"), ["scientific_notation/error"]);
    assert_eq!(
        default("9.13701e+17"),
        ["scientific_notation/error", "normalized_lowercase/info"]
    );
}

#[test]
fn registration_numbers() {
    assert_eq!(
        default("310115600985533"),
        ["registration_number/error", "too_short/error"]
    );
    assert_eq!(
        default("310115600985535"),
        ["registration_number/error@15=3", "too_short/error"]
    );
    assert_eq!(
        default("110108000000016"),
        ["registration_number/error", "too_short/error"]
    );
    assert!(uscc::legacy::diagnose_registration_number("110108000000016").is_valid());
    assert!(!uscc::legacy::diagnose_registration_number("310115600985535").is_valid());
}

#[test]
fn organization_codes() {
    assert_eq!(
        default("55138508-2"),
        [
            "organization_code/error",
            "too_short/error",
            "normalized_hyphen/info"
        ]
    );
    assert_eq!(
        default("551385083"),
        ["organization_code/error@9=2", "too_short/error"]
    );
    assert!(uscc::legacy::is_valid_organization_code("71093123-X"));
    let c = uscc::legacy::diagnose_organization_code("7109312");
    assert_eq!(c.findings[0].kind, Kind::TooShort);
}

#[test]
fn building_reproduces_the_vectors() {
    use uscc::Department;
    let cases = [
        (
            Department::MarketRegulation,
            '1',
            "350100",
            "M000100Y4",
            "91350100M000100Y43",
        ),
        (
            Department::MarketRegulation,
            '1',
            "110108",
            "551385082",
            "91110108551385082Q",
        ),
        (
            Department::CivilAffairs,
            '3',
            "100000",
            "500016009",
            "531000005000160090",
        ),
        (
            Department::Establishment,
            '1',
            "990000",
            "010631973",
            "119900000106319731",
        ),
        (
            Department::Religion,
            '1',
            "310106",
            "42484549-6",
            "71310106424845496E",
        ),
        (
            Department::MarketRegulation,
            '1',
            "110000",
            "71093123-X",
            "9111000071093123XX",
        ),
    ];
    for (d, c, r, o, want) in cases {
        assert_eq!(uscc::Code::build(d, c, r, o).unwrap().as_str(), want);
    }
}

#[test]
fn every_kind_has_both_messages() {
    for &k in uscc::Kind::ALL {
        assert_eq!(k.as_str().parse::<Kind>(), Ok(k));
    }
    for input in [
        "",
        "B",
        "96",
        "9100",
        "91350100M0001OOY43",
        "9135010+M000100Y43",
        "362322198709086409",
    ] {
        for f in uscc::diagnose(input).findings {
            assert!(!f.message_zh().is_empty() && !f.message_en().is_empty());
            assert!(
                f.message_zh().chars().any(|c| c > '\u{2E80}'),
                "{}",
                f.message_zh()
            );
        }
    }
}
