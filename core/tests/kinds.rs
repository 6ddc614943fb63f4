//! Every finding kind is reachable, from an input that shows it, under the policy that
//! produces it — and only the kinds listed here exist (a new kind must get a fixture).

use uscc::{Department, Kind, Policy};

/// A code in `region` whose correct check char is `want`, built by searching serial numbers.
fn code_with_check_char(region: &str, want: char) -> String {
    for n in 0..100_000u32 {
        let body = format!("{n:08}");
        let org = format!("{body}{}", uscc::org_check_char(&body).unwrap());
        let c = uscc::Code::build(Department::MarketRegulation, '1', region, &org).unwrap();
        if c.check_char() == want {
            return c.to_string();
        }
    }
    unreachable!("one in 31 serials has any given check char")
}

fn fixtures() -> Vec<(Kind, String, Policy)> {
    let d = Policy::default();
    let chengdu_y = {
        let mut c = code_with_check_char("510104", '1');
        c.replace_range(17..18, "Y");
        c
    };
    let unknown = uscc::build('9', '1', "379999", "55138508-2")
        .unwrap()
        .to_string();
    let abolished = uscc::build('9', '1', "371523", "55138508-2")
        .unwrap()
        .to_string();
    vec![
        (Kind::Empty, "".into(), d),
        (Kind::InputTooLong, "9".repeat(uscc::MAX_INPUT_LEN + 1), d),
        (Kind::TooShort, "9135".into(), d),
        (Kind::TooLong, "91350100M000100Y431".into(), d),
        (Kind::InvalidChar, "9135010+M000100Y43".into(), d),
        (Kind::ExcludedLetter, "91350100M0001OOY43".into(), d),
        (Kind::InvalidDepartment, "B1350100M000100Y43".into(), d),
        (Kind::InvalidCategory, "96350100M000100Y43".into(), d),
        (Kind::InvalidRegion, "91A50100M000100Y43".into(), d),
        (Kind::UnknownRegion, unknown.clone(), d),
        (
            Kind::RegionNotInYear,
            abolished.clone(),
            d.with_issue_year(2022),
        ),
        (Kind::AbolishedRegion, abolished, d),
        (Kind::SpecialRegion, "531000005000160090".into(), d),
        (Kind::OrgCheckMismatch, "91110108551385083U".into(), d),
        (Kind::CheckCharMismatch, "91110108551385082R".into(), d),
        (Kind::PilotCode, "91350203M0001QKT19".into(), d),
        (Kind::CheckCharYFor1, chengdu_y, d),
        (Kind::CitizenId, "362322198709086409".into(), d),
        (Kind::RegistrationNumber, "310115600985533".into(), d),
        (Kind::OrganizationCode, "55138508-2".into(), d),
        (Kind::SpreadsheetTruncated, "916201055811843000".into(), d),
        (Kind::ScientificNotation, "9.13701E+17".into(), d),
        (
            Kind::NormalizedLabel,
            "统一社会信用代码：91110108551385082Q".into(),
            d,
        ),
        (Kind::NormalizedQuote, "'91110108551385082Q".into(), d),
        (
            Kind::NormalizedInvisible,
            "\u{200B}91110108551385082Q\u{202E}".into(),
            d,
        ),
        (
            Kind::NormalizedFullwidth,
            "９１１１０１０８５５１３８５０８２Ｑ".into(),
            d,
        ),
        (
            Kind::NormalizedWhitespace,
            " 911101 08551385082Q\u{3000}".into(),
            d,
        ),
        (Kind::NormalizedHyphen, "911101-08551385082Q".into(), d),
        (Kind::NormalizedLowercase, "91110108551385082q".into(), d),
    ]
}

#[test]
fn every_kind_has_a_fixture_that_produces_it() {
    let fx = fixtures();
    for &k in Kind::ALL {
        let (_, input, policy) = fx
            .iter()
            .find(|(fk, _, _)| *fk == k)
            .unwrap_or_else(|| panic!("no fixture for {k}"));
        let d = policy.diagnose(input);
        assert!(d.has(k), "{k}: {input:?} gave {:?}", d.findings);
    }
    assert_eq!(fx.len(), Kind::ALL.len());
}

#[test]
fn severities_follow_the_policy() {
    let unknown = uscc::build('9', '1', "379999", "55138508-2")
        .unwrap()
        .to_string();
    let sev = |p: Policy, s: &str, k: Kind| {
        p.diagnose(s)
            .findings
            .iter()
            .find(|f| f.kind == k)
            .map(|f| f.severity)
    };
    use uscc::Severity::*;
    assert_eq!(
        sev(Policy::default(), &unknown, Kind::UnknownRegion),
        Some(Warning)
    );
    assert_eq!(
        sev(Policy::strict(), &unknown, Kind::UnknownRegion),
        Some(Error)
    );
    assert_eq!(
        sev(
            Policy::default().with_regions(uscc::RegionRule::Ignore),
            &unknown,
            Kind::UnknownRegion
        ),
        None
    );
    // GB 11714 alone: a warning by default, an error in the assessment, absent when off.
    let org = "91110108551385083U";
    assert_eq!(
        sev(Policy::default(), org, Kind::OrgCheckMismatch),
        Some(Warning)
    );
    assert!(Policy::default().is_valid(org));
    assert_eq!(
        sev(Policy::assessment(), org, Kind::OrgCheckMismatch),
        Some(Error)
    );
    assert_eq!(
        sev(
            Policy::default().with_org_check(uscc::RuleLevel::Off),
            org,
            Kind::OrgCheckMismatch
        ),
        None
    );
    // … and an error alongside another error (a typo at position 10 breaks both checks).
    let typo = "91110108571385082Q";
    assert_eq!(
        sev(Policy::default(), typo, Kind::OrgCheckMismatch),
        Some(Error)
    );
    // Impossible province: an error even when lenient.
    assert_eq!(
        sev(Policy::default(), "91000100M000100Y43", Kind::InvalidRegion),
        Some(Error)
    );
    // Abolished region: info, and the message says when.
    let abolished = uscc::build('9', '1', "371523", "55138508-2")
        .unwrap()
        .to_string();
    let d = uscc::diagnose(&abolished);
    let f = d
        .findings
        .iter()
        .find(|f| f.kind == Kind::AbolishedRegion)
        .unwrap();
    assert_eq!(f.severity, Info);
    assert!(
        f.message_zh().starts_with("茌平县，2019年撤销"),
        "{}",
        f.message_zh()
    );
    // With an issue year, the region must have existed then.
    assert!(Policy::strict().with_issue_year(2018).is_valid(&abolished));
    assert!(!Policy::strict().with_issue_year(2022).is_valid(&abolished));
    assert!(Policy::default().with_issue_year(2022).is_valid(&abolished)); // lenient: a warning
}
