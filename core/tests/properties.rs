//! Property tests for every algebraic claim of the crate.

use proptest::prelude::*;
use uscc::{Code, Department, Policy, ALPHABET};

/// A random valid code: any department/category pair, any known region, any body.
fn valid_code() -> impl Strategy<Value = Code> {
    let pairs: Vec<(char, char)> = Department::all()
        .iter()
        .flat_map(|d| d.categories().map(move |c| (d.as_char(), c.as_char())))
        .collect();
    let regions: Vec<u32> = uscc::region::all().map(|r| r.code()).collect();
    (
        proptest::sample::select(pairs),
        proptest::sample::select(regions),
        proptest::collection::vec(proptest::sample::select(ALPHABET.to_vec()), 8),
    )
        .prop_map(|((d, c), region, body)| {
            let body = String::from_utf8(body).unwrap();
            let org = format!("{body}{}", uscc::org_check_char(&body).unwrap());
            uscc::build(d, c, &format!("{region:06}"), &org).expect("every part is valid")
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn built_codes_validate_under_every_policy(code in valid_code()) {
        for p in [Policy::default(), Policy::assessment(), Policy::strict()] {
            prop_assert!(p.is_valid(code.as_str()));
            prop_assert_eq!(p.validate(code.as_str()).unwrap(), code);
        }
        prop_assert_eq!(uscc::check_char(&code.as_str()[..17]).unwrap(), code.check_char());
        prop_assert!(code.org_check_ok());
    }

    #[test]
    fn display_parse_round_trip(code in valid_code()) {
        prop_assert_eq!(code.to_string().parse::<Code>().unwrap(), code);
        prop_assert_eq!(Code::parse(code.as_ref()).unwrap(), code);
    }

    /// Position 18 detects every single substitution: under the assessment (every rule an
    /// error) no substituted code is valid. (The default policy accepts Fujian pilot codes —
    /// 35xxxx, `M000…`, wrong position 18 — with a warning, so it is not the policy to ask.)
    #[test]
    fn every_substitution_is_rejected(code in valid_code(), pos in 0usize..18, v in 0usize..31) {
        let mut b = code.as_bytes().to_vec();
        prop_assume!(b[pos] != ALPHABET[v]);
        b[pos] = ALPHABET[v];
        let s = String::from_utf8(b).unwrap();
        prop_assert!(!Policy::assessment().is_valid(&s), "{s}");
    }

    #[test]
    fn every_adjacent_transposition_is_rejected(code in valid_code(), pos in 0usize..17) {
        let mut b = code.as_bytes().to_vec();
        prop_assume!(b[pos] != b[pos + 1]);
        b.swap(pos, pos + 1);
        let s = String::from_utf8(b).unwrap();
        prop_assert!(!Policy::assessment().is_valid(&s), "{s}");
    }

    #[test]
    fn suggest_finds_the_original_after_one_substitution(code in valid_code(), pos in 0usize..18, v in 0usize..31) {
        let mut b = code.as_bytes().to_vec();
        prop_assume!(b[pos] != ALPHABET[v]);
        b[pos] = ALPHABET[v];
        let s = String::from_utf8(b).unwrap();
        let found = uscc::suggest(&s);
        prop_assert!(found.iter().any(|c| c.code == code), "{s}: {found:?}");
    }

    #[test]
    fn suggest_finds_the_original_after_one_transposition(code in valid_code(), pos in 0usize..17) {
        let mut b = code.as_bytes().to_vec();
        prop_assume!(b[pos] != b[pos + 1]);
        b.swap(pos, pos + 1);
        let s = String::from_utf8(b).unwrap();
        let found = uscc::suggest(&s);
        prop_assert!(found.iter().any(|c| c.code == code), "{s}: {found:?}");
    }

    #[test]
    fn suggestions_pass_every_layer(s in "[0-9A-Z]{17,19}") {
        for c in uscc::suggest(&s) {
            prop_assert!(Policy::strict().is_valid(c.code.as_str()));
        }
    }

    #[test]
    fn normalize_is_idempotent(s in "\\PC{0,40}") {
        let once = uscc::normalize(&s).unwrap();
        let twice = uscc::normalize(&once.text).unwrap();
        prop_assert_eq!(&twice.text, &once.text);
        prop_assert!(twice.changes.is_empty(), "{:?} -> {:?}: {:?}", s, once.text, twice.changes);
    }

    #[test]
    fn messy_forms_of_a_code_normalize_to_it(code in valid_code(), lower in any::<bool>(), wide in any::<bool>(), spaces in any::<bool>()) {
        let mut s: String = code.as_str().chars().map(|c| {
            let c = if lower { c.to_ascii_lowercase() } else { c };
            if wide { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }
        }).collect();
        if spaces {
            s.insert(6, ' ');
            s.insert(0, '\u{3000}');
        }
        prop_assert_eq!(uscc::validate(&s).unwrap(), code);
    }

    #[test]
    fn no_string_panics(s in "\\PC{0,60}|[0-9A-Z\\-: ]{0,25}") {
        let d = uscc::diagnose(&s);
        let _ = uscc::suggest(&s);
        let v = uscc::check(&s);
        prop_assert_eq!(v.valid, d.is_valid());
        prop_assert_eq!(d.is_valid(), !d.findings.iter().any(|f| f.is_error()));
        for f in &d.findings {
            let _ = (f.message_zh(), f.message_en());
        }
        // Errors come first.
        let sev: Vec<_> = d.findings.iter().map(|f| f.severity).collect();
        let mut sorted = sev.clone();
        sorted.sort();
        prop_assert_eq!(sev, sorted);
    }

    #[test]
    fn parse_agrees_with_validate_on_canonical_text(s in "[0-9A-Z]{18}") {
        prop_assert_eq!(Code::parse(&s).ok(), uscc::validate(&s).ok());
    }
}
