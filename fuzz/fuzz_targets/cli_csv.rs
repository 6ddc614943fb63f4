//! The CLI's CSV/TSV reader, end to end and in-process (`uscc scan` through the `cli-shim`
//! crate): arbitrary table text written in each supported encoding — UTF-8 with and without
//! a BOM, GBK, GB18030, UTF-16LE/BE with a BOM, UTF-16LE without one — or as raw bytes (with
//! and without `--encoding gbk`). Status 0 with a reconciling summary.json or status 2 with a
//! message; never a panic; no output cell a spreadsheet would run as a formula; the HTML
//! report escaped.
//!
//! Input: encoding byte, flags byte (bit 0 no header and columns by number, bit 1 tab
//! delimiter forced, bits 2–3 list limit, bit 4 English, bit 5 a region column), then the
//! table as UTF-8 text (raw modes: as bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use uscc_fuzz::cli;

fn utf16(s: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend(if le { [0xFF, 0xFE] } else { [0xFE, 0xFF] });
    }
    for u in s.encode_utf16() {
        out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let (enc, flags, body) = (data[0] % 8, data[1], &data[2..]);
    let text = String::from_utf8_lossy(body);
    let mut args: Vec<&str> = Vec::new();
    let bytes: Vec<u8> = match enc {
        0 => body.to_vec(),
        1 => [&b"\xEF\xBB\xBF"[..], body].concat(),
        2 => encoding_rs::GBK.encode(&text).0.into_owned(),
        3 => encoding_rs::GB18030.encode(&text).0.into_owned(),
        4 => utf16(&text, true, true),
        5 => utf16(&text, false, true),
        6 => utf16(&text, true, false),
        _ => {
            args.extend(["--encoding", "gbk"]);
            body.to_vec()
        }
    };
    if flags & 1 != 0 {
        args.extend([
            "--no-header",
            "--code-column",
            "1",
            "--name-column",
            "2",
            "--date-column",
            "3",
        ]);
    }
    if flags & 2 != 0 {
        args.extend(["--delimiter", "tab"]);
    }
    args.extend([
        "--max-listed",
        ["1000000", "0", "1", "5"][usize::from(flags >> 2 & 3)],
    ]);
    if flags & 16 != 0 {
        args.extend(["--lang", "en"]);
    }
    if flags & 32 != 0 {
        args.extend(["--region-column", "4"]);
    }
    cli::scan("in.csv", &bytes, &args);
});
