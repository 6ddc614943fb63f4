//! Excel input: several sheets (`--sheet`), numeric code cells (spreadsheet damage, not
//! silently reformatted), formulas, dates as serial numbers.

mod common;

use common::{n, scan, Dir, VALID};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

fn workbook(d: &Dir) -> std::path::PathBuf {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("说明").unwrap();
    notes
        .write_string(0, 0, "本表为 2024 年 1 月登记数据")
        .unwrap();
    notes.write_string(1, 0, "联系人").unwrap();

    let date = Format::new().set_num_format("yyyy-mm-dd");
    let s = wb.add_worksheet();
    s.set_name("2024年1月").unwrap();
    s.write_string(0, 0, "2024年1月新设市场主体").unwrap(); // a title row
    for (c, h) in ["序号", "企业名称", "统一社会信用代码", "成立日期"]
        .iter()
        .enumerate()
    {
        s.write_string(1, c as u16, *h).unwrap();
    }
    let jan = |day: u8| ExcelDateTime::from_ymd(2024, 1, day).unwrap();
    // Text codes.
    s.write_number(2, 0, 1).unwrap();
    s.write_string(2, 1, "甲公司").unwrap();
    s.write_string(2, 2, VALID[0]).unwrap();
    s.write_datetime_with_format(2, 3, jan(5), &date).unwrap();
    s.write_number(3, 0, 2).unwrap();
    s.write_string(3, 1, "乙公司").unwrap();
    s.write_string(3, 2, VALID[1]).unwrap();
    s.write_datetime_with_format(3, 3, jan(6), &date).unwrap();
    // An all-digit code stored as a number: the spreadsheet kept 15 significant digits.
    s.write_number(4, 0, 3).unwrap();
    s.write_string(4, 1, "丙公司").unwrap();
    s.write_number(4, 2, 916201055811843000.0).unwrap();
    s.write_datetime_with_format(4, 3, jan(7), &date).unwrap();
    // A formula whose stored result is a code.
    s.write_number(5, 0, 4).unwrap();
    s.write_string(5, 1, "丁公司").unwrap();
    s.write_formula(
        5,
        2,
        Formula::new(format!("=\"{}\"", VALID[3])).set_result(VALID[3]),
    )
    .unwrap();
    s.write_string(5, 3, "2024-01-08").unwrap();
    // The national foundation code is all digits too; as a number it loses its last 3.
    s.write_number(6, 0, 5).unwrap();
    s.write_string(6, 1, "戊基金会").unwrap();
    s.write_number(6, 2, 531000005000160090.0).unwrap();
    s.write_number(6, 3, 45299.0).unwrap(); // 2024-01-09 as a bare serial number
                                            // A blank row, then one more.
    s.write_number(8, 0, 6).unwrap();
    s.write_string(8, 1, "己公司").unwrap();
    s.write_string(8, 2, "9111000071093123XX").unwrap();
    s.write_string(8, 3, "2024年1月10日").unwrap();

    let other = wb.add_worksheet();
    other.set_name("2024年2月").unwrap();
    other.write_string(0, 0, "统一社会信用代码").unwrap();
    other.write_string(0, 1, "名称").unwrap();
    other.write_string(1, 0, VALID[0]).unwrap();
    other.write_string(1, 1, "庚公司").unwrap(); // 重码 with 甲公司 when both sheets are scanned
    let p = d.path("registrations.xlsx");
    wb.save(&p).unwrap();
    p
}

#[test]
fn picks_the_first_sheet_with_a_code_column_and_says_so() {
    let d = Dir::new();
    let p = workbook(&d);
    let (code, _, err) = scan(&d, &[&p], &["-q"]);
    assert_eq!(code, 0, "{err}");
    let s = d.summary();
    assert_eq!(s["files"][0]["sheet"], "2024年1月");
    assert_eq!(s["files"][0]["header_row"], 2);
    assert_eq!(n(&s, "total"), 6, "6 data rows; the blank row is not one");
    assert_eq!(s["input"]["blank_rows"], 1);
    assert!(s["notes_zh"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x.as_str().unwrap().contains("--sheet")));
    assert_eq!(s["monthly"][0]["month"], "2024-01");
    assert_eq!(
        s["monthly"][0]["total"], 6,
        "dates as dates, serials and text all read"
    );
}

#[test]
fn numeric_code_cells_are_spreadsheet_damage() {
    let d = Dir::new();
    let p = workbook(&d);
    assert_eq!(scan(&d, &[&p], &["-q"]).0, 0);
    let s = d.summary();
    assert_eq!(s["error_kinds"]["spreadsheet_truncated"], 2, "{s}");
    assert_eq!(s["input"]["numeric_code_cells"], 2);
    assert_eq!(s["input"]["formula_code_cells"], 1);
    assert_eq!(
        (n(&s, "valid"), n(&s, "erroneous")),
        (4, 2),
        "the formula's result is a valid code"
    );
    let rows = d.csv("flagged.csv");
    let r = rows
        .iter()
        .find(|r| r[2] == "spreadsheet_truncated")
        .expect("flagged");
    assert_eq!(
        r[1], "916201055811843000",
        "shown as the spreadsheet keeps it, not reformatted"
    );
}

#[test]
fn sheet_by_name_number_and_all() {
    let d = Dir::new();
    let p = workbook(&d);
    assert_eq!(scan(&d, &[&p], &["-q", "--sheet", "2024年2月"]).0, 0);
    assert_eq!(n(&d.summary(), "total"), 1);
    assert_eq!(scan(&d, &[&p], &["-q", "--sheet", "3"]).0, 0);
    assert_eq!(n(&d.summary(), "total"), 1);
    let (code, _, err) = scan(&d, &[&p], &["-q", "--sheet", "all"]);
    assert_eq!(code, 0, "{err}");
    let s = d.summary();
    assert_eq!(n(&s, "total"), 7);
    assert_eq!(n(&s, "duplicate"), 2, "across sheets");
    assert_eq!(s["files"].as_array().unwrap().len(), 2);
    // The notes sheet has no code column: a clear refusal.
    let (code, _, err) = scan(&d, &[&p], &["--sheet", "说明"]);
    assert_eq!(code, 2);
    assert!(err.contains("说明") && err.contains("信用代码"), "{err}");
    let (code, _, err) = scan(&d, &[&p], &["--sheet", "Sheet9"]);
    assert_eq!(code, 2);
    assert!(err.contains("2024年1月"), "lists the sheets: {err}");
}

#[test]
fn workbook_without_any_code_column() {
    let d = Dir::new();
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write_string(0, 0, "姓名").unwrap();
    s.write_string(1, 0, "张三").unwrap();
    let p = d.path("people.xlsx");
    wb.save(&p).unwrap();
    let (code, _, err) = scan(&d, &[&p], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("姓名"), "{err}");
}

#[test]
fn damaged_workbook() {
    let d = Dir::new();
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend(vec![0u8; 200]);
    let p = d.write("broken.xlsx", bytes);
    let (code, _, err) = scan(&d, &[&p], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("Excel"), "{err}");
}

/// A workbook saved in the 1904 date system (Excel for Mac before 2011): its date cells count
/// days from 1904, so the same stored number is a date four years and a day later.
#[test]
fn dates_of_a_1904_workbook() {
    let d = Dir::new();
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    for (c, h) in ["统一社会信用代码", "名称", "登记日期"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, VALID[0]).unwrap();
    s.write_string(1, 1, "甲公司").unwrap();
    // Stored as 44635: 2022-03-15 in the 1900 system, 2026-03-16 in the 1904 system.
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let day = ExcelDateTime::from_ymd(2022, 3, 15).unwrap();
    s.write_datetime_with_format(1, 2, day, &date).unwrap();
    let bytes = wb.save_to_buffer().unwrap();

    // The same package with `date1904="1"` on the workbook's properties.
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut patched = false;
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        if name == "xl/workbook.xml" {
            let xml = String::from_utf8(data).unwrap();
            assert!(xml.contains("<workbookPr"), "{xml}");
            data = xml
                .replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
                .into_bytes();
            patched = true;
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zout, &data).unwrap();
    }
    assert!(patched);
    let p = d.path("mac.xlsx");
    std::fs::write(&p, zout.finish().unwrap().into_inner()).unwrap();

    assert_eq!(scan(&d, &[&p], &["-q"]).0, 0);
    let s = d.summary();
    assert_eq!(s["monthly"][0]["month"], "2026-03", "{s}");
}
