//! Regression tests for the known defects of other validators (spec §2.1, §3).

use uscc::{char_value, Department, Policy};

#[test]
fn check_char_zero_is_not_31() {
    // Σ ≡ 0 (mod 31): the check char is '0'. Libraries that write `31 - Σ mod 31` without the
    // final `mod 31` look up index 31 and reject 1 in 31 valid codes.
    assert_eq!(uscc::check_char("53100000500016009"), Ok('0'));
    assert!(uscc::is_valid("531000005000160090"));
    assert!(uscc::is_valid("91320594MA1MBC5030"));
}

#[test]
fn org_check_x_and_zero() {
    assert_eq!(uscc::org_check_char("71093123"), Ok('X'));
    assert!(uscc::is_valid("9111000071093123XX"));
    // Find a body whose GB 11714 remainder is 0 (check '0') and make sure it builds and validates.
    let body = (0..10_000u32)
        .map(|n| format!("{n:08}"))
        .find(|b| uscc::org_check_char(b) == Ok('0'))
        .unwrap();
    let code = uscc::build('9', '1', "110108", &format!("{body}0")).unwrap();
    assert!(Policy::strict().is_valid(code.as_str()));
}

#[test]
fn amended_departments_are_accepted() {
    for (d, c) in [
        ('A', '1'),
        ('N', '2'),
        ('Y', '1'),
        ('7', '1'),
        ('3', '1'),
        ('8', '1'),
        ('9', '9'),
    ] {
        let code = uscc::build(d, c, "110108", "55138508-2").unwrap();
        assert!(Policy::strict().is_valid(code.as_str()), "{code}");
        assert_eq!(code.department(), Department::from_char(d).unwrap());
    }
    assert!(uscc::is_valid("71310106424845496E"));
}

#[test]
fn excluded_letters_never_have_a_value() {
    for c in ['I', 'O', 'S', 'V', 'Z', 'i', 'o', 's', 'v', 'z'] {
        assert_eq!(char_value(c), None, "{c}");
    }
    // … so a code containing one is invalid and the letter is named, with its look-alike.
    let d = uscc::diagnose("9111010855138508IQ");
    let f = d.first_error().unwrap();
    assert_eq!(
        (f.kind, f.position, f.expected),
        (uscc::Kind::ExcludedLetter, Some(17), Some('1'))
    );
}

#[test]
fn lower_case_x_and_y_are_valid_once_upper_cased() {
    let d = uscc::diagnose("9111000071093123xx");
    assert!(d.is_valid());
    assert!(d.has(uscc::Kind::NormalizedLowercase));
    // … but strict parsing of canonical text refuses them.
    assert!("9111000071093123xx".parse::<uscc::Code>().is_err());
}
