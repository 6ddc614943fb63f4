//! Build and re-parse: arbitrary parts → `build` → the code must parse back to itself, hold
//! the parts it was built from, and pass both check algorithms of the reference
//! implementation; and `build` must succeed exactly when the reference says the parts are
//! valid (pair in the table, six digits with a real province, a 9-char organization code in
//! the alphabet with a correct GB 11714 check char).
//!
//! Input: `dept|category|region|org[|F]` as lossy UTF-8; `F` replaces the organization
//! code's check char by the reference's, so the fuzzer reaches valid codes easily.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uscc::{BuildError, Code, Department, Policy};
use uscc_fuzz::reference as r;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let mut f = s.split('|');
    let one = |f: Option<&str>| f.and_then(|x| x.chars().next()).unwrap_or('\0');
    let d = one(f.next());
    let c = one(f.next());
    let region = f.next().unwrap_or("").to_string();
    let mut org = f.next().unwrap_or("").to_string();
    let fix = f.next().is_some_and(|x| x.contains('F'));

    // The hyphen form `XXXXXXXX-X`: the 9th char a hyphen.
    let strip = |o: &str| -> Vec<char> {
        let mut v: Vec<char> = o.chars().collect();
        if v.len() > 8 && v[8] == '-' {
            v.remove(8);
        }
        v
    };
    if fix {
        let v = strip(&org);
        if v.len() == 9 {
            if let Some(e) = r::org_check_char(&v[..8]) {
                let mut w = v.clone();
                w[8] = e;
                org = w.into_iter().collect();
            }
        }
    }
    let body = strip(&org);

    let result = uscc::build(d, c, &region, &org);

    // What the reference predicts.
    let region_ok = region.len() == 6 && region.bytes().all(|b| b.is_ascii_digit());
    let org_ok = body.len() == 9
        && body.iter().all(|&x| r::code_value(x).is_some())
        && r::org_check_char(&body[..8]) == Some(body[8]);
    let province_ok =
        region_ok && uscc::region::province_exists(region[..2].parse::<u32>().unwrap());
    let predicted = r::pair_ok(d, c) && region_ok && org_ok && province_ok;
    assert_eq!(
        result.is_ok(),
        predicted,
        "{d:?} {c:?} {region:?} {org:?}: build gave {result:?}"
    );

    match &result {
        Ok(code) => {
            let text = code.as_str();
            let chars: Vec<char> = text.chars().collect();
            let prefix: String = [d, c].iter().chain(&body).collect::<String>();
            assert_eq!(&text[..2], &prefix[..2]);
            assert_eq!(&text[2..8], region);
            assert_eq!(chars[8..17], body[..]);
            assert_eq!(r::check_char(&chars[..17]), Some(chars[17]), "{text}");
            assert_eq!(Code::parse(text), Ok(*code));
            assert_eq!(uscc::validate(text), Ok(*code));
            assert!(code.org_check_ok());
            uscc_fuzz::invariants::code_accessors(*code);
            // The typed builder agrees.
            let dep = Department::from_char(d).unwrap();
            assert_eq!(Code::build(dep, c, &region, &org).as_ref(), Ok(code));
            // The check-char functions agree with the reference.
            assert_eq!(uscc::check_char(&text[..17]), Ok(chars[17]));
            assert_eq!(uscc::org_check_char(&text[8..16]), Ok(chars[16]));
            // Assessment accepts what the default accepts here (no anomaly is ever built);
            // strict only adds the region table.
            assert!(Policy::assessment().is_valid(text));
            assert_eq!(
                Policy::strict().is_valid(text),
                uscc::region::is_known(code.region_number())
            );
        }
        Err(BuildError::Char { position, found }) => {
            assert!(*position >= 1);
            let _ = found;
        }
        Err(BuildError::Length { expected, found }) => assert_ne!(expected, found),
        Err(BuildError::OrgCheck { expected, found }) => {
            assert_eq!(r::org_check_char(&body[..8]), Some(*expected));
            assert_ne!(expected, found);
        }
        Err(BuildError::Invalid(e)) => assert!(!e.diagnosis.is_valid()),
    }
});
