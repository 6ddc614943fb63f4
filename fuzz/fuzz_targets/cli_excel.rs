//! The CLI's Excel reader, end to end and in-process (`uscc scan` through the `cli-shim`
//! crate): workbooks built from fuzz input (text, number and formula cells, several sheets —
//! codes as numbers, dates as serial numbers, formulas in the code column), and raw bytes as
//! an `.xlsx` (a mutated workbook, a zip that is not one, anything). Status 0 with a
//! reconciling summary.json or status 2 with a message; never a panic; outputs safe.
//!
//! Input: mode byte (0 raw bytes; else a workbook: bit 1 `--sheet all`, bit 2 numbers for
//! numeric cells, bit 3 `=` cells as formulas), then for a workbook lines of tab-separated
//! cells, a line `\x0c` starting a new sheet.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_xlsxwriter::{Formula, Workbook};
use uscc_fuzz::cli;

fn workbook(body: &[u8], numbers: bool, formulas: bool) -> Option<Vec<u8>> {
    let text = String::from_utf8_lossy(body);
    let mut wb = Workbook::new();
    for sheet in text.split('\u{c}').take(4) {
        let ws = wb.add_worksheet();
        for (r, line) in sheet.lines().take(200).enumerate() {
            for (c, cell) in line.split('\t').take(16).enumerate() {
                let (r, c) = (r as u32, c as u16);
                let n = cell.trim().parse::<f64>().ok().filter(|f| f.is_finite());
                let res = match n {
                    Some(f) if numbers => ws.write_number(r, c, f).map(|_| ()),
                    _ if formulas && cell.starts_with('=') && cell.len() > 1 => ws
                        .write_formula(r, c, Formula::new(cell).set_result("0"))
                        .map(|_| ()),
                    _ => ws.write_string(r, c, cell).map(|_| ()),
                };
                // Cells the writer refuses (too long …) are left out.
                let _ = res;
            }
        }
    }
    wb.save_to_buffer().ok()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, body)) = data.split_first() else {
        return;
    };
    let mut args: Vec<&str> = Vec::new();
    let bytes = if mode == 0 {
        body.to_vec()
    } else {
        if mode & 2 != 0 {
            args.extend(["--sheet", "all"]);
        }
        match workbook(body, mode & 4 != 0, mode & 8 != 0) {
            Some(b) => b,
            None => return,
        }
    };
    cli::scan("in.xlsx", &bytes, &args);
});
