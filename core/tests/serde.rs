//! The `serde` feature: codes as strings, verdicts in the shape every binding prints.
#![cfg(feature = "serde")]

use serde_json::json;

#[test]
fn code_round_trips_as_a_string() {
    let code: uscc::Code = "91110108551385082Q".parse().unwrap();
    let s = serde_json::to_string(&code).unwrap();
    assert_eq!(s, "\"91110108551385082Q\"");
    assert_eq!(serde_json::from_str::<uscc::Code>(&s).unwrap(), code);
    let err = serde_json::from_str::<uscc::Code>("\"91110108551385082R\"").unwrap_err();
    assert!(err.to_string().contains("check char should be Q"), "{err}");
}

#[test]
fn verdict_has_the_contract_shape() {
    let v = serde_json::to_value(uscc::check("91110108551385082R")).unwrap();
    assert_eq!(v["input"], "91110108551385082R");
    assert_eq!(v["normalized"], "91110108551385082R");
    assert_eq!(v["valid"], false);
    assert_eq!(
        v["findings"][0],
        json!({
            "kind": "check_char_mismatch",
            "severity": "error",
            "position": 18,
            "expected": "Q",
            "found": "R",
            "message_zh": "第18位校验码应为 Q，实为 R",
            "message_en": "position 18: check char should be Q, found R",
        })
    );
    assert_eq!(v["suggestions"][0], "91110108551385082Q");
    assert!(v["parts"].is_null());

    let v = serde_json::to_value(uscc::check("91110108551385082Q")).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["parts"]["department_zh"], "工商");
    assert_eq!(v["parts"]["category_zh"], "企业");
    assert_eq!(v["parts"]["region"], "110108");
    assert_eq!(v["parts"]["subject_identifier"], "551385082");
    assert_eq!(v["parts"]["check_char"], "Q");
}

#[test]
fn policy_round_trips() {
    let p = uscc::Policy::strict().with_issue_year(2020);
    let s = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<uscc::Policy>(&s).unwrap(), p);
}
