//! Files people really have: each kind of bad input gives a clear message and status 2 when
//! unusable, or goes into the report row by row — never a panic, never a dropped row.

mod common;

use std::io::Write;

use common::{n, scan, Dir, VALID};

fn unusable(d: &Dir, path: &std::path::Path, says: &[&str]) {
    let (code, _, err) = scan(d, &[path], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for s in says {
        assert!(err.contains(s), "{s:?} not in {err:?}");
    }
    assert!(
        !d.out().join("summary.json").exists(),
        "no report for unusable input"
    );
}

#[test]
fn missing_file() {
    let d = Dir::new();
    unusable(&d, &d.path("nope.csv"), &["nope.csv", "不存在"]);
}

#[test]
fn directory_instead_of_a_file() {
    let d = Dir::new();
    std::fs::create_dir(d.path("adir")).unwrap();
    unusable(&d, &d.path("adir"), &["adir", "目录"]);
}

#[test]
fn empty_file() {
    let d = Dir::new();
    let f = d.write("empty.csv", "");
    unusable(&d, &f, &["空文件"]);
}

#[test]
fn header_only() {
    let d = Dir::new();
    let f = d.write("header.csv", "统一社会信用代码,名称,登记日期\r\n");
    unusable(&d, &f, &["没有数据行"]);
}

#[test]
fn no_recognisable_code_column_names_the_headers_seen() {
    let d = Dir::new();
    let f = d.write("people.csv", "姓名,电话,住址\n张三,123,福州\n");
    unusable(&d, &f, &["“姓名”, “电话”, “住址”", "--code-column"]);
    let (code, _, err) = scan(&d, &[&f], &["--lang", "en"]);
    assert_eq!(code, 2);
    assert!(err.contains("Headers seen"), "{err}");
}

#[test]
fn binary_file() {
    let d = Dir::new();
    let mut bytes = b"\x7fELF\x02\x01\x01".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
    let f = d.write("prog.csv", &bytes);
    unusable(&d, &f, &["二进制"]);
    let f = d.write(
        "noise.csv",
        (0..4096u32)
            .map(|i| (i * 31 % 256) as u8)
            .collect::<Vec<_>>(),
    );
    unusable(&d, &f, &["二进制"]);
}

#[test]
fn ragged_rows_are_counted_not_dropped() {
    let d = Dir::new();
    let f = d.write(
        "ragged.csv",
        format!("名称,登记日期,统一社会信用代码\n甲,2024-01-01,{}\n乙\n丙,2024-01-02\n丁,2024-01-03,{},extra,fields\n\n戊,2024-01-04,{}\n", VALID[0], VALID[1], VALID[2]),
    );
    let (code, _, err) = scan(&d, &[&f], &["-q"]);
    assert_eq!(code, 0, "{err}");
    let s = d.summary();
    // 5 data rows (the blank line is not one, and is said so): 3 valid, 2 skipped.
    assert_eq!(
        (n(&s, "total"), n(&s, "valid"), n(&s, "skipped")),
        (5, 3, 2)
    );
    assert_eq!(
        n(&s, "total"),
        n(&s, "valid") + n(&s, "erroneous") + n(&s, "skipped")
    );
    assert_eq!(s["skipped_reasons"]["missing_code_column"], 2);
    assert_eq!(s["input"]["blank_rows"], 1);
    let rows = d.csv("flagged.csv");
    let skipped: Vec<&str> = rows
        .iter()
        .filter(|r| r[5] == "skipped")
        .map(|r| r[0].as_str())
        .collect();
    assert_eq!(skipped, ["2", "3"]);
}

#[test]
fn rows_after_a_stretch_without_records_keep_their_numbers() {
    // Rows without a code column, 4 KiB each, fill nearly all of the file (800 KiB, cut into
    // pieces past 256 KiB): on any thread count some piece holds no record. Every row after the stretch
    // must still be reported under its own number.
    let code = |i: usize| {
        let body = format!("MA{i:06}");
        let subject = format!("{body}{}", uscc::org_check_char(&body).unwrap());
        let head = format!("91350100{subject}");
        format!("{head}{}", uscc::check_char(&head).unwrap())
    };
    let mut text = String::from("名称,统一社会信用代码\n");
    for i in 1..=300 {
        let line = match i {
            51..=250 => format!("{}\n", "很长的无代码行".repeat(200)),
            _ if i % 10 == 0 && i > 250 => format!("某{i},{}X\n", &code(i)[..17]),
            _ => format!("某{i},{}\n", code(i)),
        };
        text.push_str(&line);
    }
    let d = Dir::new();
    let f = d.write("stretch.csv", text);
    for threads in ["1", "2", "3"] {
        let o = common::uscc()
            .env("RAYON_NUM_THREADS", threads)
            .arg("scan")
            .arg(&f)
            .arg("--out")
            .arg(d.out())
            .arg("-q")
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{threads} threads");
        let s = d.summary();
        assert_eq!(
            (
                n(&s, "total"),
                n(&s, "valid"),
                n(&s, "erroneous"),
                n(&s, "skipped")
            ),
            (300, 95, 5, 200),
            "{threads} threads"
        );
        let rows = d.csv("flagged.csv");
        let of = |kind: &str| -> Vec<u64> {
            rows.iter()
                .filter(|r| r[5] == kind)
                .map(|r| r[0].parse().unwrap())
                .collect()
        };
        assert_eq!(of("skipped"), (51..=250).collect::<Vec<u64>>());
        assert_eq!(of("erroneous"), [260, 270, 280, 290, 300]);
    }
}

#[test]
fn undecodable_bytes_go_into_the_report() {
    let d = Dir::new();
    let mut bytes = "名称,统一社会信用代码\n".as_bytes().to_vec();
    for i in 0..50 {
        bytes.extend_from_slice(format!("某某有限公司{i},{}\n", VALID[i % 4]).as_bytes());
    }
    bytes.extend_from_slice(b"\xff\xfe\xfd,91350100M000100Y4\xff\n");
    let f = d.write("damaged.csv", &bytes);
    let (code, _, err) = scan(&d, &[&f], &["-q"]);
    assert_eq!(code, 0, "{err}");
    let s = d.summary();
    assert_eq!(n(&s, "total"), 51);
    assert_eq!(n(&s, "erroneous"), 1);
    assert_eq!(s["input"]["undecodable_rows"], 1);
    assert_eq!(
        s["files"][0]["encoding"], "UTF-8",
        "one bad row does not make the file GBK"
    );
    assert!(s["notes_zh"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x.as_str().unwrap().contains("无法解码")));
}

#[test]
fn a_100_mb_line_is_one_unreadable_row() {
    let d = Dir::new();
    let p = d.path("huge.csv");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
        writeln!(f, "统一社会信用代码,名称").unwrap();
        writeln!(f, "{},甲", VALID[0]).unwrap();
        let chunk = vec![b'A'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&chunk).unwrap();
        }
        writeln!(f, ",巨长").unwrap();
        writeln!(f, "{},乙", VALID[1]).unwrap();
        // And one more at the very end, without a newline.
        for _ in 0..3 {
            f.write_all(&chunk).unwrap();
        }
    }
    let (code, _, err) = scan(&d, &[&p], &["-q"]);
    assert_eq!(code, 0, "{err}");
    let s = d.summary();
    assert_eq!(
        (n(&s, "total"), n(&s, "valid"), n(&s, "skipped")),
        (4, 2, 2)
    );
    assert_eq!(s["skipped_reasons"]["unreadable"], 2);
    assert_eq!(s["input"]["oversized_rows"], 2);
}

#[test]
fn stray_quote_costs_no_row() {
    let d = Dir::new();
    let mut text = String::from("名称,统一社会信用代码\n\"断了的引号,91350100M000100Y43\n");
    for i in 0..20_000 {
        text.push_str(&format!("公司{i},{}\n", VALID[i % 4]));
    }
    let f = d.write("quote.csv", text);
    let (code, _, err) = scan(&d, &[&f], &["-q"]);
    assert_eq!(code, 0, "{err}");
    let s = d.summary();
    assert_eq!((n(&s, "total"), n(&s, "valid")), (20_001, 20_001));
    assert_eq!(s["input"]["stray_quote_rows"], 1);
}

#[test]
fn html_disguised_as_xls() {
    let d = Dir::new();
    let f = d.write(
        "export.xls",
        "<html><body><table><tr><td>统一社会信用代码</td></tr></table></body></html>",
    );
    unusable(&d, &f, &["HTML"]);
}

#[test]
fn bad_options_and_output() {
    let d = Dir::new();
    let f = d.write("ok.csv", format!("统一社会信用代码\n{}\n", VALID[0]));
    assert_eq!(scan(&d, &[&f], &["--encoding", "klingon"]).0, 2);
    assert_eq!(scan(&d, &[&f], &["--delimiter", "ab"]).0, 2);
    let file_as_out = d.write("taken", "x");
    let o = common::uscc()
        .arg("scan")
        .arg(&f)
        .arg("--out")
        .arg(&file_as_out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = common::uscc().arg("scan").arg(&f).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "--out is required");
}
