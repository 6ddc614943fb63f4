//! Input files: what a file is (text table, workbook, or something unusable), before any
//! row is read.

pub mod csv;
pub mod excel;
pub mod rowindex;
pub mod seps;
pub mod text;

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::error::{CliError, Result};

/// What kind of table a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// CSV, TSV or other delimited text.
    Text,
    /// An Excel (or OpenDocument) workbook.
    Excel,
}

const SNIFF: usize = 64 << 10;

/// Checks that a path is a readable, non-empty table file and says which kind.
pub fn classify(path: &Path) -> Result<Format> {
    let p = path.display();
    let meta = std::fs::metadata(path).map_err(|e| CliError::io("读取", "read", path, &e))?;
    if meta.is_dir() {
        return Err(CliError::new(
            format!("{p} 是一个目录，不是文件"),
            format!("{p} is a directory, not a file"),
        ));
    }
    let mut f = File::open(path).map_err(|e| CliError::io("打开", "open", path, &e))?;
    let mut head = Vec::with_capacity(SNIFF);
    f.by_ref()
        .take(SNIFF as u64)
        .read_to_end(&mut head)
        .map_err(|e| CliError::io("读取", "read", path, &e))?;
    if head.is_empty() {
        return Err(CliError::new(
            format!("{p} 是空文件"),
            format!("{p} is empty"),
        ));
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Ok(Format::Excel);
    }
    if let Some(kind) = binary_kind(&head) {
        return Err(CliError::new(
            format!("{p} 是二进制文件（{kind}），不是 CSV/TSV 或 Excel 表格"),
            format!("{p} is a binary file ({kind}), not a CSV/TSV table or an Excel workbook"),
        ));
    }
    let lower: Vec<u8> = head.iter().take(4096).map(u8::to_ascii_lowercase).collect();
    let skip_ws = lower
        .iter()
        .position(|c| !c.is_ascii_whitespace() && *c != 0xEF && *c != 0xBB && *c != 0xBF)
        .unwrap_or(0);
    if lower[skip_ws..].starts_with(b"<")
        && (memchr::memmem::find(&lower, b"<table").is_some()
            || memchr::memmem::find(&lower, b"<html").is_some())
    {
        return Err(CliError::new(
            format!("{p} 是网页（HTML）格式的表格，不是真正的 Excel 文件：请用 Excel 打开后另存为 .xlsx 或 CSV"),
            format!("{p} is an HTML table, not a real workbook: open it in a spreadsheet and save it as .xlsx or CSV"),
        ));
    }
    Ok(Format::Text)
}

/// A name for a binary file's kind, or `None` for text.
fn binary_kind(head: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF", "PDF"),
        (b"\x7FELF", "ELF"),
        (b"\x89PNG", "PNG"),
        (b"GIF8", "GIF"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"\x1F\x8B", "gzip"),
        (b"Rar!", "RAR"),
        (b"7z\xBC\xAF", "7z"),
        (b"BZh", "bzip2"),
        (b"\xFD7zXZ", "xz"),
        (b"MZ", "EXE"),
        (b"SQLite format", "SQLite"),
        (b"PAR1", "Parquet"),
    ];
    for (m, name) in MAGIC {
        if head.starts_with(m) {
            return Some(name);
        }
    }
    if matches!(text::detect(head), text::Detected::Utf16 { .. }) {
        return None;
    }
    let control = head
        .iter()
        .filter(|&&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    if head.contains(&0) || control * 100 > head.len() {
        return Some("binary data");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binaries() {
        assert_eq!(binary_kind(b"%PDF-1.4"), Some("PDF"));
        assert_eq!(binary_kind(b"a,b\n\x00\x01\x02"), Some("binary data"));
        assert_eq!(binary_kind("名称,代码\n".as_bytes()), None);
        let u16: Vec<u8> = "\u{feff}a,b\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(binary_kind(&u16), None);
    }
}
