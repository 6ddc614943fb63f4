//! `uscc scan` on good input: the report files, their contents, options, exit statuses.

mod common;

use common::{n, read_json, scan, uscc, Dir, VALID};

fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn sample_csv() -> String {
    let mut s = String::from("序号,企业名称,统一社会信用代码,登记日期\n");
    let rows = [
        ("甲公司", VALID[0], "2024-01-05"),
        ("乙公司", VALID[0], "2024/1/9"), // 重码 with row 1
        ("丙公司", "91110108551385082R", "20240203"), // 错码: check char
        ("丙公司", VALID[1], "2024年2月7日"),
        ("甲公司", VALID[0], "2024-02-10"), // repeat of row 1
        ("=HYPERLINK(\"x\")", VALID[2], "2024-02-11"),
        ("丁公司", VALID[2], "2024-02-12"), // 重码 with row 6
        ("戊公司", "", "2024-01-02"),       // 错码: empty
    ];
    for (i, (name, code, date)) in rows.iter().enumerate() {
        s.push_str(&format!("{},{},{code},{date}\n", i + 1, q(name)));
    }
    s
}

#[test]
fn writes_every_file_with_the_contract_keys() {
    let d = Dir::new();
    let f = d.write("export.csv", sample_csv());
    let (code, stdout, stderr) = scan(&d, &[&f], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("重错码率"), "{stdout}");
    for name in [
        "summary.json",
        "flagged.csv",
        "duplicates.csv",
        "monthly.csv",
        "regions.csv",
        "report.html",
    ] {
        assert!(d.out().join(name).is_file(), "{name} missing");
    }
    let s = d.summary();
    for key in [
        "total",
        "valid",
        "erroneous",
        "duplicate",
        "repeated",
        "skipped",
        "rate",
        "error_kinds",
        "monthly",
        "regions",
    ] {
        assert!(s.get(key).is_some(), "{key} missing");
    }
    assert_eq!(
        (
            n(&s, "total"),
            n(&s, "valid"),
            n(&s, "erroneous"),
            n(&s, "skipped")
        ),
        (8, 6, 2, 0)
    );
    assert_eq!((n(&s, "duplicate"), n(&s, "repeated")), (4, 1));
    assert_eq!(s["rate"].as_f64().unwrap(), 6.0 / 8.0);
    assert_eq!(s["error_kinds"]["check_char_mismatch"], 1);
    assert_eq!(s["error_kinds"]["empty"], 1);
    let months: Vec<&str> = s["monthly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2024-01", "2024-02"]);
    for m in s["monthly"].as_array().unwrap() {
        for key in ["month", "total", "erroneous", "duplicate", "rate"] {
            assert!(m.get(key).is_some());
        }
    }
    for r in s["regions"].as_array().unwrap() {
        for key in ["region", "name", "total", "erroneous", "duplicate", "rate"] {
            assert!(r.get(key).is_some());
        }
    }
    assert_eq!(s["files"][0]["columns"]["code"], "统一社会信用代码");
    assert_eq!(s["files"][0]["columns"]["name"], "企业名称");
}

#[test]
fn flagged_csv_rows_bom_and_injection() {
    let d = Dir::new();
    let f = d.write("export.csv", sample_csv());
    assert_eq!(scan(&d, &[&f], &[]).0, 0);
    assert!(d.text("flagged.csv").starts_with('\u{feff}'));
    let rows = d.csv("flagged.csv");
    assert_eq!(
        rows[0][..5],
        ["row", "code", "kind", "detail", "suggestion"]
    );
    let by_row = |r: &str| {
        rows.iter()
            .find(|x| x[0] == r)
            .unwrap_or_else(|| panic!("row {r} not flagged"))
    };
    assert_eq!(by_row("3")[2], "check_char_mismatch");
    assert!(by_row("3")[3].contains("第18位"));
    assert_eq!(by_row("3")[4], VALID[1]); // the intended code is in the batch
    assert_eq!(by_row("2")[2], "duplicate");
    assert_eq!(by_row("5")[2], "repeated");
    assert_eq!(by_row("8")[2], "empty");
    // Every cell a spreadsheet would run is defused.
    let dups = d.csv("duplicates.csv");
    assert_eq!(dups[0], ["group", "type", "key", "row", "code", "name"]);
    assert!(
        dups.iter().any(|r| r[5] == "'=HYPERLINK(\"x\")"),
        "{dups:?}"
    );
    assert!(dups.iter().all(|r| !r.iter().any(|c| c.starts_with('='))));
    let monthly = d.csv("monthly.csv");
    assert_eq!(
        monthly[0][..5],
        ["month", "total", "valid", "erroneous", "duplicate"]
    );
    let regions = d.csv("regions.csv");
    assert_eq!(regions[0][..2], ["region", "name"]);
}

#[test]
fn report_html_is_one_self_contained_page() {
    let d = Dir::new();
    let f = d.write("export.csv", sample_csv());
    assert_eq!(scan(&d, &[&f], &[]).0, 0);
    let h = d.text("report.html");
    assert!(h.starts_with("<!DOCTYPE html>"));
    assert!(h.contains("<svg"), "the monthly chart");
    assert!(h.contains("各区县情况") && h.contains("主要错码类型") && h.contains("重码"));
    assert!(h.contains("&lt;") || !h.contains("<script"), "no scripts");
    for bad in [
        "<script",
        "<link",
        "src=\"http",
        "href=\"http",
        "@import",
        "url(",
    ] {
        assert!(!h.contains(bad), "{bad} in report.html");
    }
    assert!(h.contains("=HYPERLINK(&quot;x&quot;)"), "names are escaped");
    // The 错码 examples come from the flagged list, with the probable code.
    assert!(h.contains("示例（全部见 flagged.csv）"), "examples");
    assert!(
        h.contains("91110108551385082R") && h.contains("91110108551385082Q"),
        "row 3's code and its fix"
    );
    // summary.json counts the flagged lines: 2 错码, 4 重码 records, 1 repeat.
    assert_eq!(d.summary()["lists"]["flagged"], 7);
}

#[test]
fn scan_finds_exactly_the_generated_faults() {
    let d = Dir::new();
    let data = d.path("gen.csv");
    let truth = d.path("truth.json");
    uscc()
        .args([
            "gen",
            "--rows",
            "4000",
            "--seed",
            "11",
            "--encoding",
            "gbk",
            "--out",
        ])
        .arg(&data)
        .arg("--truth")
        .arg(&truth)
        .assert()
        .code(0);
    let (code, _, stderr) = scan(&d, &[&data], &["--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    let s = d.summary();
    let t = read_json(&truth);
    let e = &t["expected"];
    for key in [
        "total",
        "valid",
        "erroneous",
        "duplicate",
        "repeated",
        "skipped",
    ] {
        assert_eq!(s[key], e[key], "{key}");
    }
    assert_eq!(s["error_kinds"], e["error_kinds"]);
    assert_eq!(s["lists"]["duplicate_groups"], e["duplicate_groups"]);
    assert_eq!(s["lists"]["multi_code_entities"], e["multi_code_entities"]);
    assert_eq!(s["lists"]["collisions"], e["collisions"]);
    assert_eq!(s["files"][0]["encoding"], "GB18030");
    // Names of duplicate groups were filled by the second pass.
    let dups = d.csv("duplicates.csv");
    assert!(
        dups.len() > 1 && dups[1..].iter().all(|r| !r[5].is_empty()),
        "{dups:?}"
    );
}

#[test]
fn fail_above_exits_3_only_above_the_rate() {
    let d = Dir::new();
    let f = d.write("export.csv", sample_csv());
    assert_eq!(scan(&d, &[&f], &["--fail-above", "0.5", "-q"]).0, 3);
    assert_eq!(scan(&d, &[&f], &["--fail-above", "80%", "-q"]).0, 0);
    assert_eq!(scan(&d, &[&f], &["--fail-above", "abc"]).0, 2);
}

#[test]
fn column_overrides_and_policy_flags() {
    let d = Dir::new();
    let f = d.write(
        "x.csv",
        format!(
            "a;b;c\n{};名称一;2024-03-01\n91350203M0001QKT19;名称二;2024-03-02\n",
            VALID[0]
        ),
    );
    let (code, _, err) = scan(
        &d,
        &[&f],
        &[
            "--code-column",
            "a",
            "--name-column",
            "2",
            "--date-column",
            "c",
            "-q",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let s = d.summary();
    assert_eq!(
        n(&s, "erroneous"),
        1,
        "a pilot code is an error in the assessment"
    );
    assert_eq!(s["files"][0]["delimiter"], ";");
    assert_eq!(s["monthly"][0]["month"], "2024-03");
    let (code, _, _) = scan(
        &d,
        &[&f],
        &["--code-column", "1", "--policy", "counter", "-q"],
    );
    assert_eq!(code, 0);
    assert_eq!(n(&d.summary(), "erroneous"), 0, "a warning at the counter");
    let (code, _, err) = scan(&d, &[&f], &["--code-column", "zzz"]);
    assert_eq!(code, 2);
    assert!(err.contains("zzz"), "{err}");
}

#[test]
fn several_files_number_rows_across_them() {
    let d = Dir::new();
    let a = d.write(
        "a.csv",
        format!("统一社会信用代码,名称\n{},甲\n{},乙\n", VALID[0], VALID[1]),
    );
    let b = d.write(
        "b.tsv",
        format!("名称\t统一社会信用代码\n丙\t{}\n丁\tbad\n", VALID[0]),
    );
    let (code, _, err) = scan(&d, &[&a, &b], &["-q"]);
    assert_eq!(code, 0, "{err}");
    let s = d.summary();
    assert_eq!(
        (n(&s, "total"), n(&s, "duplicate"), n(&s, "erroneous")),
        (4, 2, 1)
    );
    assert_eq!(s["files"][1]["first_row"], 3);
    let rows = d.csv("flagged.csv");
    assert_eq!(rows[0].last().unwrap(), "file_row");
    let bad = rows.iter().find(|r| r[0] == "4").expect("row 4 flagged");
    assert!(bad[6].ends_with("b.tsv") && bad[7] == "2", "{bad:?}");
}

#[test]
fn quoted_fields_utf16_and_bare_code_lists() {
    let d = Dir::new();
    let f = d.write(
        "q.csv",
        format!("\"名称\",\"统一社会信用代码\",\"备注\"\r\n\"某某, 有限公司\",\"{}\",\"第一行\n第二行\"\r\n\"乙\",\"{}\",\"\"\r\n", VALID[0], VALID[1]),
    );
    assert_eq!(scan(&d, &[&f], &["-q"]).0, 0);
    assert_eq!((n(&d.summary(), "total"), n(&d.summary(), "valid")), (2, 2));

    let text = format!(
        "\u{feff}名称\t统一社会信用代码\n甲\t{}\n乙\t{}\n",
        VALID[0], VALID[2]
    );
    let u16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let f = d.write("unicode.txt", u16);
    let (code, _, err) = scan(&d, &[&f], &["-q"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!((n(&d.summary(), "total"), n(&d.summary(), "valid")), (2, 2));
    assert_eq!(d.summary()["files"][0]["encoding"], "UTF-16LE");

    let f = d.write(
        "codes.txt",
        format!("{}\n{}\n91110108551385082R\n", VALID[0], VALID[1]),
    );
    let (code, _, err) = scan(&d, &[&f], &["-q"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        (n(&d.summary(), "total"), n(&d.summary(), "erroneous")),
        (3, 1)
    );
}

#[test]
fn gbk_with_pipes_and_title_rows() {
    // GBK trail bytes include `|`: the file must be decoded before it is split.
    let d = Dir::new();
    let text = format!("2024年3月新设登记\n名称|统一社会信用代码|成立日期\n福州某某有限公司|{}|2024-03-01\n北京某某科技有限公司|{}|2024-03-02\n", VALID[0], VALID[1]);
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let f = d.write("gbk.txt", &gbk);
    let (code, _, err) = scan(&d, &[&f], &["-q"]);
    assert_eq!(code, 0, "{err}");
    let s = d.summary();
    assert_eq!((n(&s, "total"), n(&s, "valid")), (2, 2));
    assert_eq!(s["files"][0]["header_row"], 2);
    assert_eq!(s["files"][0]["columns"]["name"], "名称");
    assert_eq!(s["input"]["title_rows"], 1);
}

#[test]
fn english_output() {
    let d = Dir::new();
    let f = d.write("export.csv", sample_csv());
    let (code, stdout, _) = scan(&d, &[&f], &["--lang", "en"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("rate") && stdout.contains("records"),
        "{stdout}"
    );
    let rows = d.csv("flagged.csv");
    assert!(
        rows.iter()
            .any(|r| r[3].contains("position 18") || r[3].contains("check")),
        "{rows:?}"
    );
}

#[test]
fn region_command() {
    uscc()
        .args(["region", "371523"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("茌平县"))
        .stdout(predicates::str::contains("2019"));
    uscc()
        .args(["region", "91371523MA3C1234X1"])
        .assert()
        .code(0);
    let out = uscc()
        .args(["region", "--json", "110108"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["name"], "海淀区");
    assert_eq!(v["chain"]["province"], "北京市");
    uscc().args(["region", "379999"]).assert().code(1);
    uscc().args(["region", "abc"]).assert().code(2);
}

#[test]
fn same_report_bytes_whatever_the_thread_count() {
    let d = Dir::new();
    let data = d.path("gen.csv");
    uscc()
        .args(["gen", "--rows", "10000", "--seed", "5", "--out"])
        .arg(&data)
        .assert()
        .code(0);
    let mut outs = Vec::new();
    for threads in ["1", "3"] {
        let out = d.path(&format!("out{threads}"));
        uscc()
            .env("RAYON_NUM_THREADS", threads)
            .arg("scan")
            .arg(&data)
            .arg("--out")
            .arg(&out)
            .arg("-q")
            .assert()
            .code(0);
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        outs.push(files);
    }
    assert_eq!(outs[0].len(), 6);
    assert!(outs[0] == outs[1], "the report depends on the thread count");
}

#[test]
fn gen_for_one_prefecture() {
    let d = Dir::new();
    let data = d.path("liaocheng.csv");
    uscc()
        .args([
            "gen", "--rows", "3000", "--seed", "3", "--region", "3715", "--out",
        ])
        .arg(&data)
        .assert()
        .code(0);
    let (code, _, stderr) = scan(&d, &[&data], &["--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    let s = d.summary();
    let regions = s["regions"].as_array().unwrap();
    let in_city: u64 = regions
        .iter()
        .filter(|r| r["region"].as_str().unwrap().starts_with("3715"))
        .map(|r| r["total"].as_u64().unwrap())
        .sum();
    assert!(
        in_city > 2850,
        "{in_city} of 3000 rows in 聊城市's counties"
    );
    assert!(regions.len() < 40, "{} region rows", regions.len());
    // Not a prefix of any county: a usage error that says so.
    let out = uscc()
        .args(["gen", "--rows", "10", "--region", "3799", "--out"])
        .arg(d.path("none.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("3799"));
    let out = uscc()
        .args(["gen", "--rows", "10", "--region", "37a", "--out"])
        .arg(d.path("none.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bundled_sample_export() {
    let d = Dir::new();
    let f =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/registrations-gbk.csv");
    let (code, stdout, err) = scan(&d, &[&f], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("重错码率"));
    let s = d.summary();
    assert_eq!(n(&s, "total"), 3000);
    assert_eq!(s["files"][0]["encoding"], "GB18030");
    assert!(n(&s, "erroneous") > 0 && n(&s, "duplicate") > 0 && n(&s, "repeated") > 0);
    // One city's export (聊城市, examples/regenerate.sh): its counties, 茌平县 among them.
    let regions = s["regions"].as_array().unwrap();
    assert!(regions.len() < 40, "{} region rows", regions.len());
    assert!(regions.iter().any(|r| r["region"] == "371523"));
}

/// A valid code with subject identifier number `i` (the region: 福州).
fn code_no(i: usize) -> String {
    let body = format!("MA{i:06}");
    let subject = format!("{body}{}", uscc::org_check_char(&body).unwrap());
    let head = format!("91350100{subject}");
    format!("{head}{}", uscc::check_char(&head).unwrap())
}

#[test]
fn listed_names_are_read_back_from_the_right_rows() {
    // The report's names and stored spellings are read again after the scan: from where the
    // first pass saw each row (UTF-8, GBK) or by reading the whole file again (UTF-16, whose
    // bytes are transcoded). Every listed name must be the one at its row, across quoted
    // commas, a quoted line break, a blank line, a stray quote (no quote after it: it never
    // closes) and a last line without its line break.
    let mut lines = vec![
        "2024年登记名单".to_string(),
        "序号,名称,统一社会信用代码,备注".to_string(),
    ];
    let mut at_row: Vec<Option<(String, String)>> = vec![None]; // (name as read, code as stored)
    for i in 1..=400 {
        if i == 150 {
            lines.push(String::new());
            at_row.push(None);
        }
        let mut code = code_no(if i % 10 == 0 { i - 5 } else { i }); // rows 5, 10 … carry 重码
        if i == 20 {
            code = code.to_lowercase();
        }
        let name = format!("某某{i}号有限公司");
        let (field, read) = match i {
            390 => (format!("\"未闭合{name}"), format!("\"未闭合{name}")),
            _ if i % 7 == 0 && i < 390 => {
                (q(&format!("{name}, 分公司")), format!("{name}, 分公司"))
            }
            _ => (name.clone(), name),
        };
        let note = if i == 100 {
            q("第一行\r\n第二行")
        } else {
            String::new()
        };
        lines.push(format!("{i},{field},{code},{note}"));
        at_row.push(Some((read, code)));
    }
    let text = lines.join("\r\n"); // no line break after the last row
    let d = Dir::new();
    let utf8 = d.write("utf8.csv", format!("\u{feff}{text}"));
    let gbk = d.write("gbk.csv", encoding_rs::GBK.encode(&text).0);
    let utf16: Vec<u8> = format!("\u{feff}{text}")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf16 = d.write("utf16.csv", utf16);
    let mut seen = Vec::new();
    for (f, passes) in [(&utf8, 0), (&gbk, 0), (&utf16, 1)] {
        let o = uscc()
            .env("USCC_TIMING", "1")
            .arg("scan")
            .arg(f)
            .arg("--out")
            .arg(d.out())
            .arg("-q")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{err}");
        assert!(
            err.contains(&format!(" {passes} whole-file passes")),
            "{f:?}: {err}"
        );
        assert_eq!(n(&d.summary(), "total"), 400); // the blank line is no data row
        let dups = d.csv("duplicates.csv");
        assert_eq!(dups.len() - 1, 80, "{f:?}: 40 groups of two");
        for r in &dups[1..] {
            let row: usize = r[3].parse().unwrap();
            let (name, code) = at_row[row].clone().expect("a data row");
            assert_eq!((&r[4], &r[5]), (&code, &name), "{f:?} row {row}");
        }
        seen.push(dups);
        // flagged.csv (written while the names are put in place) shows the stored spelling.
        let flagged = d.csv("flagged.csv");
        let r20 = flagged
            .iter()
            .find(|r| r[0] == "20")
            .expect("row 20 flagged");
        assert_eq!(
            (&r20[1], &r20[2]),
            (&at_row[20].clone().unwrap().1, &"duplicate".to_string())
        );
        assert!(r20[1].starts_with("91350100ma"), "{r20:?}");
    }
    assert!(seen.iter().all(|s| *s == seen[0]));
    let rows: Vec<&str> = seen[0].iter().map(|r| r[3].as_str()).collect();
    for row in ["20", "105", "391", "401"] {
        // the lower-case spelling, after the line break, the stray quote, the last line
        assert!(rows.contains(&row), "row {row} listed");
    }
}
