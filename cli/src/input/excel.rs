//! Excel workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods) through calamine.
//!
//! Cells are passed as the text a spreadsheet shows: a code stored as a number becomes the
//! 15-significant-digit rendering a spreadsheet keeps (`916201055811843000`), so that the
//! library names it spreadsheet damage instead of this reader silently "fixing" it.

use std::path::Path;

use calamine::{open_workbook_auto, Data, ExcelDateTime, ExcelDateTimeType, Range, Reader};

use crate::error::{CliError, Result};

/// An open workbook.
pub struct Workbook {
    sheets: calamine::Sheets<std::io::BufReader<std::fs::File>>,
    pub names: Vec<String>,
}

/// One sheet's cells, with its formulas (for formula cells that carry no value).
pub struct Sheet {
    pub name: String,
    pub range: Range<Data>,
    pub formulas: Option<Range<String>>,
}

pub fn open(path: &Path) -> Result<Workbook> {
    let sheets = open_workbook_auto(path).map_err(|e| {
        CliError::new(
            format!(
                "无法打开 Excel 文件 {}：{e}（文件损坏、加密，或不是 Excel 文件）",
                path.display()
            ),
            format!(
                "cannot open the Excel file {}: {e} (damaged, encrypted, or not a workbook)",
                path.display()
            ),
        )
    })?;
    let names = sheets.sheet_names();
    Ok(Workbook { sheets, names })
}

impl Workbook {
    pub fn sheet(&mut self, name: &str) -> Result<Sheet> {
        let range = self.sheets.worksheet_range(name).map_err(|e| {
            CliError::new(
                format!("无法读取工作表“{name}”：{e}"),
                format!("cannot read the sheet {name:?}: {e}"),
            )
        })?;
        let formulas = self
            .sheets
            .worksheet_formula(name)
            .ok()
            .filter(|f| !f.is_empty());
        Ok(Sheet {
            name: name.to_string(),
            range,
            formulas,
        })
    }
}

/// How a cell's value is turned into text for a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    Code,
    Name,
    Date,
    Region,
}

/// What a code cell held, for the notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Text,
    Number,
    Formula,
    Other,
}

impl Sheet {
    /// First column of the range (0-based, absolute).
    pub fn first_col(&self) -> usize {
        self.range.start().map_or(0, |(_, c)| c as usize)
    }
    /// First row of the range (0-based, absolute).
    pub fn first_row(&self) -> usize {
        self.range.start().map_or(0, |(r, _)| r as usize)
    }
    /// Number of rows in the range.
    pub fn height(&self) -> usize {
        self.range.height()
    }

    /// The cell at a range-relative row and an absolute column, as text.
    pub fn cell(&self, row: usize, col: usize, how: Col) -> (String, Origin) {
        let first_col = self.first_col();
        let v = if col >= first_col {
            self.range.get((row, col - first_col))
        } else {
            None
        };
        match v {
            None | Some(Data::Empty) => {
                let f = self.formulas.as_ref().and_then(|f| {
                    let abs = ((self.first_row() + row) as u32, col as u32);
                    f.get_value(abs).filter(|s| !s.is_empty())
                });
                match f {
                    Some(f) => (format!("={f}"), Origin::Formula),
                    None => (String::new(), Origin::Text),
                }
            }
            Some(d) => {
                let is_formula = how == Col::Code && self.has_formula(row, col);
                let (s, o) = render(d, how);
                (s, if is_formula { Origin::Formula } else { o })
            }
        }
    }

    fn has_formula(&self, row: usize, col: usize) -> bool {
        self.formulas.as_ref().is_some_and(|f| {
            let abs = ((self.first_row() + row) as u32, col as u32);
            f.get_value(abs).is_some_and(|s| !s.is_empty())
        })
    }

    /// The first rows as text, with absolute column indexes (for header detection).
    pub fn head(&self, n: usize) -> Vec<Vec<String>> {
        let first_col = self.first_col();
        self.range
            .rows()
            .take(n)
            .map(|r| {
                std::iter::repeat(String::new())
                    .take(first_col)
                    .chain(r.iter().map(|d| render(d, Col::Name).0))
                    .collect()
            })
            .collect()
    }

    /// Whether every cell of a row is empty.
    pub fn blank_row(&self, row: usize) -> bool {
        let w = self.range.width();
        (0..w).all(|c| match self.range.get((row, c)) {
            None | Some(Data::Empty) => true,
            Some(Data::String(s)) => s.trim().is_empty(),
            _ => false,
        })
    }
}

fn render(d: &Data, how: Col) -> (String, Origin) {
    match d {
        Data::String(s) => (s.clone(), Origin::Text),
        Data::Float(f) => match how {
            Col::Date => (excel_number(f.floor()), Origin::Number),
            _ => (excel_number(*f), Origin::Number),
        },
        Data::Int(i) => (i.to_string(), Origin::Number),
        Data::Bool(b) => (
            (if *b { "TRUE" } else { "FALSE" }).to_string(),
            Origin::Other,
        ),
        // Dates as the serial day number of the 1900 date system (the scan reads those);
        // elsewhere as the number.
        Data::DateTime(dt) => match how {
            Col::Date => (excel_number(serial_1900(dt).floor()), Origin::Number),
            _ => (excel_number(dt.as_f64()), Origin::Number),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), Origin::Other),
        Data::Error(e) => (e.to_string(), Origin::Other),
        Data::Empty => (String::new(), Origin::Text),
    }
}

/// Days between the two date systems' day 0: a serial of the 1904 system (Excel for Mac
/// before 2011, and any workbook saved with that option) plus this is the 1900-system serial
/// of the same day.
const DAYS_1900_TO_1904: f64 = 1462.0;

/// The 1900-system serial of a date cell. calamine keeps a cell's date system private but
/// compares it in `==`: a cell equal to the same value marked 1904 is a 1904 date.
/// Durations (`[h]:mm`) count no days from an epoch and are left alone.
fn serial_1900(dt: &ExcelDateTime) -> f64 {
    let v = dt.as_f64();
    if *dt == ExcelDateTime::new(v, ExcelDateTimeType::DateTime, true) {
        v + DAYS_1900_TO_1904
    } else {
        v
    }
}

/// A number as a spreadsheet keeps it: 15 significant digits; an integer beyond that is padded
/// with zeros (`916201055811843000`), as in the formula bar.
pub fn excel_number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f == f.trunc() && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let s = format!("{:.14e}", f);
    let Some((mant, exp)) = s.split_once('e') else {
        return s;
    };
    let Ok(exp) = exp.parse::<i32>() else {
        return s;
    };
    let neg = mant.starts_with('-');
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    if exp >= 0 {
        let int_len = exp as usize + 1;
        if int_len >= digits.len() {
            out.push_str(&digits);
            out.extend(std::iter::repeat('0').take(int_len - digits.len()));
        } else {
            out.push_str(&digits[..int_len]);
            let frac = digits[int_len..].trim_end_matches('0');
            if !frac.is_empty() {
                out.push('.');
                out.push_str(frac);
            }
        }
    } else {
        out.push_str("0.");
        out.extend(std::iter::repeat('0').take((-exp - 1) as usize));
        out.push_str(digits.trim_end_matches('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_of_the_1904_system_are_moved_to_the_1900_system() {
        let d = |v, t, is_1904| ExcelDateTime::new(v, t, is_1904);
        // 2022-03-15 is 44635 in the 1900 system and 43173 in the 1904 system.
        assert_eq!(
            serial_1900(&d(44635.0, ExcelDateTimeType::DateTime, false)),
            44635.0
        );
        assert_eq!(
            serial_1900(&d(43173.0, ExcelDateTimeType::DateTime, true)),
            44635.0
        );
        assert_eq!(
            serial_1900(&d(1.5, ExcelDateTimeType::TimeDelta, true)),
            1.5
        );
    }

    #[test]
    fn numbers_as_a_spreadsheet_keeps_them() {
        assert_eq!(excel_number(916201055811843000.0), "916201055811843000");
        assert_eq!(excel_number(9.16201055811843e17), "916201055811843000");
        assert_eq!(excel_number(913701234567891234.0), "913701234567891000");
        assert_eq!(excel_number(310115600985533.0), "310115600985533");
        assert_eq!(excel_number(350100.0), "350100");
        assert_eq!(excel_number(1.5), "1.5");
        assert_eq!(excel_number(0.1 + 0.2), "0.3");
        assert_eq!(excel_number(-2.25), "-2.25");
        assert_eq!(excel_number(0.00125), "0.00125");
    }

    #[test]
    fn truncated_number_is_spreadsheet_damage() {
        let d = uscc::diagnose(&excel_number(916201055811843000.0));
        assert!(d
            .findings
            .iter()
            .any(|f| f.kind == uscc::Kind::SpreadsheetTruncated));
    }
}
