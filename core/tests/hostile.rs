//! Hostile input, beyond fuzzing (issue 8): whatever a registration system has stored or a
//! clerk pastes, every function returns a value with a clear kind — and returns it at once, not
//! after working through megabytes character by character. The tests assert that each call
//! finishes, not how fast. Defects found by the fuzz targets (`fuzz/`) are pinned at the end.

use uscc::legacy::{diagnose_organization_code, diagnose_registration_number, is_citizen_id};
use uscc::{Code, Kind, Policy, Severity, MAX_INPUT_LEN};

/// Every text entry point on one input: the first error kind of `diagnose`, after checking
/// that `validate`, `is_valid`, `check`, `suggest` and `Code::parse` agree with it.
fn first_kind(s: &str) -> Option<Kind> {
    let d = uscc::diagnose(s);
    assert_eq!(uscc::is_valid(s), d.is_valid());
    assert_eq!(uscc::validate(s).ok(), d.code());
    let v = uscc::check(s);
    assert_eq!((v.valid, &v.findings), (d.is_valid(), &d.findings));
    assert!(v.suggestions.len() <= uscc::MAX_SUGGESTIONS);
    let _ = uscc::suggest(s);
    let _ = Code::parse(s);
    let _ = diagnose_registration_number(s);
    let _ = diagnose_organization_code(s);
    let _ = is_citizen_id(s);
    d.first_error().map(|f| f.kind)
}

#[test]
fn ten_megabytes_are_rejected_unexamined() {
    let big = "9".repeat(10 * 1024 * 1024);
    assert_eq!(first_kind(&big), Some(Kind::InputTooLong));
    let d = uscc::diagnose(&big);
    assert_eq!(d.normalized, None);
    assert_eq!(d.findings.len(), 1);
    assert_eq!(d.findings[0].kind.as_str(), "input_too_long");
    assert!(d.findings[0].message_en().contains("10485760 bytes"));
    assert!(uscc::normalize(&big).is_err());
    assert!(uscc::suggest(&big).is_empty());
    assert_eq!(Code::parse(&big).unwrap_err().kind(), Kind::InputTooLong);
    assert_eq!(uscc::check(&big).normalized, None);
    // A valid code drowned in 10 MB of spaces is still too long: nothing is trimmed first.
    let padded = format!("{}91350100M000100Y43", " ".repeat(10 * 1024 * 1024));
    assert_eq!(first_kind(&padded), Some(Kind::InputTooLong));
    assert_eq!(
        diagnose_registration_number(&big).findings[0].kind,
        Kind::InputTooLong
    );
    assert_eq!(
        diagnose_organization_code(&big).findings[0].kind,
        Kind::InputTooLong
    );
}

#[test]
fn the_limit_is_exact() {
    let at = "9".repeat(MAX_INPUT_LEN);
    assert_eq!(first_kind(&at), Some(Kind::TooLong));
    let over = "9".repeat(MAX_INPUT_LEN + 1);
    assert_eq!(first_kind(&over), Some(Kind::InputTooLong));
}

#[test]
fn nul_bytes() {
    assert_eq!(first_kind("\0"), Some(Kind::TooShort));
    assert!(uscc::diagnose("\0").has(Kind::InvalidChar));
    assert_eq!(first_kind(&"\0".repeat(18)), Some(Kind::InvalidChar));
    // A NUL inside a code: the position is named.
    let d = uscc::diagnose("91350100M000\u{0}100Y43");
    let f = d
        .findings
        .iter()
        .find(|f| f.kind == Kind::InvalidChar)
        .unwrap();
    assert_eq!((f.position, f.found), (Some(13), Some('\0')));
    assert!(!d.is_valid());
    // … and at the end, where a C string would stop.
    assert!(!uscc::is_valid("91350100M000100Y43\0"));
    assert_eq!(
        first_kind(&"\0".repeat(MAX_INPUT_LEN + 1)),
        Some(Kind::InputTooLong)
    );
}

#[test]
fn invalid_utf8_through_a_byte_api() {
    // Bytes from a file or a socket are read with `String::from_utf8_lossy`: every invalid
    // sequence becomes U+FFFD, which is an invalid character at its position.
    let mut bytes = b"91350100M000100Y43".to_vec();
    bytes[5] = 0xFF;
    let s = String::from_utf8_lossy(&bytes);
    let d = uscc::diagnose(&s);
    let f = d.first_error().unwrap();
    assert_eq!(
        (f.kind, f.position, f.found),
        (Kind::InvalidChar, Some(6), Some('\u{FFFD}'))
    );
    for raw in [
        &[0xC3][..],
        &[0xE2, 0x80],
        &[0xF0, 0x9F, 0x98],
        &[0x80; 40],
        &[0xFE, 0xFF],
    ] {
        let s = String::from_utf8_lossy(raw);
        assert!(first_kind(&s).is_some(), "{raw:?}");
    }
    // The byte API of the legacy module takes anything.
    assert!(!is_citizen_id([0xFFu8; 18]));
    assert!(!is_citizen_id(b""));
}

#[test]
fn zero_width_and_bidi_controls_are_removed_and_reported() {
    for ctl in [
        "\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}",
        "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
        "\u{FEFF}", "\u{2060}", "\u{00AD}",
    ] {
        let s = format!("{ctl}9135{ctl}0100M000100Y43{ctl}");
        let d = uscc::diagnose(&s);
        assert!(d.is_valid(), "{ctl:?}: {:?}", d.findings);
        assert_eq!(d.normalized.as_deref(), Some("91350100M000100Y43"));
        let f = d
            .findings
            .iter()
            .find(|f| f.kind == Kind::NormalizedInvisible)
            .unwrap();
        assert_eq!(f.severity, Severity::Info);
    }
    // A right-to-left override does not reorder what is checked: the logical order counts.
    assert!(!uscc::is_valid("\u{202E}34Y001000M00105319\u{202C}"));
}

#[test]
fn emoji_and_astral_characters() {
    assert_eq!(first_kind("😀"), Some(Kind::TooShort));
    let d = uscc::diagnose("91350100M000100Y4😀");
    let f = d
        .findings
        .iter()
        .find(|f| f.kind == Kind::InvalidChar)
        .unwrap();
    assert_eq!((f.position, f.found), (Some(18), Some('😀')));
    // Positions count characters, not bytes or UTF-16 units.
    let d = uscc::diagnose("👨\u{200D}👩\u{200D}👧91350100M000100Y43");
    assert_eq!(d.first_error().unwrap().kind, Kind::TooLong);
    assert_eq!(
        first_kind(&"😀".repeat(MAX_INPUT_LEN / 4 + 1)),
        Some(Kind::InputTooLong)
    );
    assert_eq!(
        first_kind(&"😀".repeat(MAX_INPUT_LEN / 4)),
        Some(Kind::TooLong)
    );
    assert_eq!(first_kind("\u{10FFFF}\u{E000}"), Some(Kind::TooShort));
}

#[test]
fn very_long_digit_runs() {
    for n in [19, 100, 1000, MAX_INPUT_LEN] {
        let s = "9".repeat(n);
        assert_eq!(first_kind(&s), Some(Kind::TooLong), "{n}");
    }
    // Spreadsheets' digit runs with separators: too long, not a crash or a hang.
    let s = "913,701,000,000,000,000".repeat(40);
    assert!(first_kind(&s).is_some());
    let million = "1234567890".repeat(100_000);
    assert_eq!(first_kind(&million), Some(Kind::InputTooLong));
}

#[test]
fn a_thousand_excluded_letters() {
    let s = "O".repeat(1000);
    let d = uscc::diagnose(&s);
    assert_eq!(d.first_error().unwrap().kind, Kind::TooLong);
    // Findings are capped: a pasted paragraph is not a thousand findings.
    let letters = d
        .findings
        .iter()
        .filter(|f| f.kind == Kind::ExcludedLetter)
        .count();
    assert!((1..=32).contains(&letters), "{letters}");
    assert!(uscc::suggest(&s).is_empty());
    for c in ["I", "S", "V", "Z", "o", "Ｏ"] {
        let s = c.repeat(1000);
        assert!(first_kind(&s).is_some(), "{c}");
    }
    // Eighteen of them: each named, each with its look-alike.
    let d = uscc::diagnose(&"O".repeat(18));
    assert!(d
        .findings
        .iter()
        .filter(|f| f.kind == Kind::ExcludedLetter)
        .all(|f| f.expected == Some('0')));
}

#[test]
fn whitespace_and_label_floods() {
    let s = format!("{}91350100M000100Y43", "\u{3000}".repeat(300));
    assert_eq!(first_kind(&s), None); // 900 bytes of U+3000: under the limit, normalized away
    let s = "统一社会信用代码：".repeat(30);
    assert!(first_kind(&s).is_some());
    let s = "'".repeat(MAX_INPUT_LEN);
    assert_eq!(first_kind(&s), Some(Kind::Empty));
    let s = "\"".repeat(MAX_INPUT_LEN);
    assert!(first_kind(&s).is_some());
    let s = "-".repeat(MAX_INPUT_LEN);
    assert_eq!(first_kind(&s), Some(Kind::Empty));
}

#[test]
fn every_policy_survives_the_same() {
    for p in [Policy::default(), Policy::assessment(), Policy::strict()] {
        for s in [
            "",
            "\0",
            "😀",
            "\u{202E}",
            &"O".repeat(1000),
            &"9".repeat(2000),
        ] {
            let d = p.diagnose(s);
            assert!(!d.is_valid());
            assert!(d.first_error().is_some());
            assert!(p.suggest(s).len() <= uscc::MAX_SUGGESTIONS);
        }
    }
}

// Found by fuzzing (fuzz/README.md has the list).

#[test]
fn fuzz_a_label_inside_quotes_does_not_take_the_inner_quote() {
    // Target `messy`: `＂＂USCC：…＂＂` normalized to `…"` — the label was stripped in the same
    // pass as the outer quotes and took the inner opening quote with it, leaving its partner.
    for s in [
        "＂＂USCC：91350100M000100Y43＂＂",
        "\"\"USCC:91350100M000100Y43\"\"",
        "'\"统一社会信用代码：91350100M000100Y43\"",
        "“'统一社会信用代码:91350100M000100Y43”",
    ] {
        let d = uscc::diagnose(s);
        assert_eq!(d.normalized.as_deref(), Some("91350100M000100Y43"), "{s}");
        assert!(d.is_valid(), "{s}: {:?}", d.findings);
        assert!(d.has(Kind::NormalizedQuote) && d.has(Kind::NormalizedLabel));
    }
}

#[test]
fn fuzz_a_suggestion_reached_by_two_edits_is_listed_once() {
    // Target `suggest`: for `531000005000160000` the code `531000005000160090` was suggested
    // twice, as a spreadsheet completion and as a substitution: duplicates were removed only
    // when adjacent after ranking, and the two edits rank apart.
    let list = uscc::suggest("531000005000160000");
    let mut codes: Vec<_> = list.iter().map(|s| s.code).collect();
    assert!(codes.contains(&"531000005000160090".parse().unwrap()));
    let n = codes.len();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), n, "{list:?}");
    // The best-ranked edit is the one kept: a lost tail is a completion, not a typo.
    let s = list
        .iter()
        .find(|s| s.code.as_str() == "531000005000160090")
        .unwrap();
    assert_eq!(s.edit, uscc::Edit::Completion);
}

#[test]
fn fuzz_a_label_runs_up_to_the_quotes_not_into_them() {
    // Target `messy`: `社会信用代码『614409024825965K8E』` normalized to `…8E』` — a label with no
    // colon ends where the ASCII starts, so it took a full-width opening quote along and left
    // the closing one. Chinese text quotes a code exactly like this.
    for s in [
        "社会信用代码『91350100M000100Y43』",
        "统一社会信用代码「91350100M000100Y43」",
        "统一社会信用代码“91350100M000100Y43”",
        "统一社会信用代码‘91350100M000100Y43’",
        "统一社会信用代码 “91350100M000100Y43”",
    ] {
        let d = uscc::diagnose(s);
        assert_eq!(d.normalized.as_deref(), Some("91350100M000100Y43"), "{s}");
        assert!(
            d.has(Kind::NormalizedQuote) && d.has(Kind::NormalizedLabel),
            "{s}"
        );
    }
    // An opening quote without its partner still goes with the label, as before.
    assert!(uscc::is_valid("统一社会信用代码「91350100M000100Y43"));
}

#[test]
fn fuzz_the_fast_path_agrees_with_the_diagnosis_on_other_identifiers() {
    // Target `differential`: `210000880001160000` passes position 18 and fails GB 11714 —
    // an all-digit code ending in 000, which the diagnosis calls spreadsheet-truncated (an
    // error) — yet with regions ignored `Code::parse_with`, `validate` and `is_valid` accepted
    // it: their allocation-free fast path took a GB 11714 failure for the warning it is on its
    // own. Under the default policy the same happens with a real province.
    let ignore = Policy::default().with_regions(uscc::RegionRule::Ignore);
    let s = "210000880001160000";
    assert_eq!(
        ignore.diagnose(s).first_error().unwrap().kind,
        Kind::SpreadsheetTruncated
    );
    assert!(!ignore.is_valid(s));
    assert!(ignore.validate(s).is_err());
    assert!(Code::parse_with(s, &ignore).is_err());
    let s = (0..10_000_000u32)
        .map(|n| format!("91110108{n:07}000"))
        .find(|s| {
            uscc::check_char(&s[..17]) == Ok('0') && uscc::org_check_char(&s[8..16]) != Ok('0')
        })
        .unwrap();
    let d = uscc::diagnose(&s);
    assert_eq!(d.first_error().unwrap().kind, Kind::SpreadsheetTruncated);
    assert!(!uscc::is_valid(&s), "{s}");
    assert!(uscc::validate(&s).is_err(), "{s}");
    assert_eq!(
        Code::parse(&s).unwrap_err().kind(),
        Kind::SpreadsheetTruncated
    );
    // The same for a citizen ID number that happens to pass position 18 and the pair.
    let id = (0..100_000u32)
        .map(|n| {
            // Region 113701 is no real ID region, but positions 3–8 then name Shandong (37).
            let body = format!("113701199001{:02}{:03}", n % 28 + 1, n / 28 % 1000);
            let sum: u32 = body
                .bytes()
                .zip([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
                .map(|(c, w)| u32::from(c - b'0') * w)
                .sum();
            format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
        })
        .find(|id| {
            uscc::check_char(&id[..17]).ok() == id.chars().nth(17)
                && uscc::org_check_char(&id[8..16]).ok() != id.chars().nth(16)
        })
        .expect("one in 31 passes position 18");
    assert!(is_citizen_id(&id));
    assert_eq!(
        uscc::diagnose(&id).first_error().unwrap().kind,
        Kind::CitizenId
    );
    assert!(!uscc::is_valid(&id), "{id}");
    assert!(uscc::validate(&id).is_err(), "{id}");
    assert!(Code::parse(&id).is_err(), "{id}");
}

#[test]
fn fuzz_a_label_with_a_colon_does_not_split_a_quote_pair() {
    // Target `messy`: `统一社会信用代码="纳税人识别号：…"` normalized to the code plus `"`: the
    // colon rule takes everything before the first colon as the label, here including the
    // opening `="` of a spreadsheet text marker whose closing quote ends the text.
    for s in [
        "统一社会信用代码=\"纳税人识别号：91350100M000100Y43\"",
        "代码 \"USCC: 91350100M000100Y43\"",
        "信用代码“USCC:91350100M000100Y43”",
        // Nested pairs: the quotes in the head balance each other, yet both open.
        "统一社会信用代码 ''统一社会信用代码:91350100M000100Y43''",
    ] {
        let d = uscc::diagnose(s);
        assert_eq!(d.normalized.as_deref(), Some("91350100M000100Y43"), "{s}");
    }
    // Balanced quotes before the colon are part of the label, as before.
    assert!(uscc::is_valid("\"统一社会信用代码\"：91350100M000100Y43"));
    assert!(uscc::is_valid("“USCC”: 91350100M000100Y43"));
}

#[test]
fn fuzz_a_scan_listing_nothing_does_not_panic() {
    // Target `scan`: with `max_listed` 0 (counts only; the CLI's `--max-listed 0`) the scan
    // panicked — index out of bounds — as soon as the data held one entity with two codes
    // or two codes sharing a subject identifier: the groups were built with no member listed,
    // then their first member was read.
    use uscc::scan::{scan, Record, ScanOptions};
    let rec = |row, code, name| Record {
        row,
        code,
        name: Some(name),
        ..Default::default()
    };
    let recs = [
        rec(1, "91350100M000100Y43", "甲公司"),
        rec(2, "91110108551385082Q", "甲公司"), // 一主体多码
        rec(3, "111101085513850821", "乙"),     // shares 551385082 with row 2
        rec(4, "91350100M000100Y43", "丙"),     // 重码 with row 1
        rec(5, "91350100M000100Y4", "丁"),      // 错码
    ];
    for max in [0, 1] {
        let r = scan(&recs, ScanOptions::default().with_max_listed(max));
        let s = &r.summary;
        assert_eq!(
            (s.counts.total, s.counts.erroneous, s.counts.duplicate),
            (5, 1, 2)
        );
        assert_eq!(
            (s.multi_code_entities, s.collisions, s.duplicate_groups),
            (1, 1, 1)
        );
        assert!(r.flagged.len() <= max);
        assert!(r.multi_code_entities.len() <= max && r.collisions.len() <= max);
    }
}

#[cfg(feature = "serde")]
#[test]
fn fuzz_a_code_valid_under_a_lenient_policy_round_trips_through_serde() {
    // Target `bytes`: `91390244551MBC5030` is a `Code` under a policy that ignores regions, but its
    // JSON did not read back — deserialization parsed under the default policy (province 39
    // does not exist). A stored value was lost on the way back in.
    let p = Policy::default()
        .with_regions(uscc::RegionRule::Ignore)
        .with_org_check(uscc::RuleLevel::Off);
    let text = "91390244551MBC5030";
    let code = p.validate(text).unwrap();
    assert!(!uscc::is_valid(text), "not valid by default: province 39");
    let json = serde_json::to_string(&code).unwrap();
    assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), code);
    // A pilot code (valid by default, an error in the assessment) and a GB 11714 failure
    // (valid with the check off) round-trip too; what no policy accepts is still refused.
    for s in ["91350203M0001QKT19", "91110108551385083U"] {
        let c = Policy::default()
            .with_org_check(uscc::RuleLevel::Off)
            .validate(s)
            .unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), c);
    }
    assert!(serde_json::from_str::<Code>("\"91110108551385082R\"").is_err());
    assert!(serde_json::from_str::<Code>("\"B1110108551385082Q\"").is_err());
}
