//! `uscc check`: human and JSON output, stdin, exit statuses.

mod common;

use common::uscc;
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn valid_code_exits_0_and_says_what_it_encodes() {
    uscc()
        .args(["check", "91110108551385082Q"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("有效"))
        .stdout(predicate::str::contains("工商"))
        .stdout(predicate::str::contains("北京市 海淀区"));
}

#[test]
fn invalid_code_exits_1_with_position_expected_char_and_suggestion() {
    uscc()
        .args(["check", "91110108551385082R"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("第18位校验码应为 Q"))
        .stdout(predicate::str::contains("91110108551385082Q"));
    uscc()
        .args(["check", "--lang", "en", "91110108551385082R"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("invalid"))
        .stdout(predicate::str::contains("did you mean"));
}

#[test]
fn any_invalid_among_several_exits_1() {
    uscc()
        .args(["check", "91350100M000100Y43", "91110108551385082Q"])
        .assert()
        .code(0);
    uscc()
        .args(["check", "91350100M000100Y43", "x"])
        .assert()
        .code(1);
}

#[test]
fn json_one_object_per_stdin_line_even_empty_ones() {
    let input = "91350100M000100Y43\n\n９１３５０１００Ｍ０００１００Ｙ４３\r\n91110108551385082R";
    let out = uscc()
        .args(["check", "--json"])
        .write_stdin(input)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 4);
    for v in &lines {
        for key in [
            "input",
            "normalized",
            "valid",
            "findings",
            "suggestions",
            "parts",
        ] {
            assert!(v.get(key).is_some(), "{key} missing in {v}");
        }
    }
    assert_eq!(lines[0]["valid"], true);
    assert_eq!(lines[0]["parts"]["department"], "9");
    assert_eq!(lines[1]["input"], "");
    assert_eq!(lines[1]["valid"], false);
    assert_eq!(lines[1]["findings"][0]["kind"], "empty");
    assert_eq!(lines[2]["valid"], true);
    assert_eq!(lines[2]["normalized"], "91350100M000100Y43");
    let f = &lines[3]["findings"][0];
    assert_eq!(
        (
            f["kind"].as_str(),
            f["severity"].as_str(),
            f["position"].as_u64(),
            f["expected"].as_str()
        ),
        (
            Some("check_char_mismatch"),
            Some("error"),
            Some(18),
            Some("Q")
        )
    );
    assert!(f["message_zh"].as_str().unwrap().contains("第18位"));
    assert!(f["message_en"].is_string());
    assert_eq!(lines[3]["suggestions"][0], "91110108551385082Q");
    assert_eq!(lines[3]["parts"], Value::Null);
}

#[test]
fn gbk_on_stdin_and_a_huge_line_do_not_break_it() {
    let (gbk, _, _) = encoding_rs::GBK.encode("统一社会信用代码：91350100M000100Y43\n");
    uscc()
        .args(["check", "--json"])
        .write_stdin(gbk.into_owned())
        .assert()
        .code(0);
    let mut big = vec![b'9'; 5 << 20];
    big.push(b'\n');
    let out = uscc()
        .args(["check", "--json"])
        .write_stdin(big)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["findings"][0]["kind"], "input_too_long");
}

#[test]
fn policy_flags() {
    // A Fujian pilot code: a warning at the counter, an error in the assessment.
    uscc()
        .args(["check", "91350203M0001QKT19"])
        .assert()
        .code(0);
    uscc()
        .args(["check", "--policy", "assessment", "91350203M0001QKT19"])
        .assert()
        .code(1);
    uscc()
        .args(["check", "--org-check", "off", "91110108551385083U"])
        .assert()
        .code(0);
}

#[test]
fn usage_errors_exit_2() {
    uscc().args(["check", "--nope"]).assert().code(2);
    uscc().args(["frobnicate"]).assert().code(2);
    uscc().assert().code(2);
    uscc()
        .args(["--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("scan"));
}
