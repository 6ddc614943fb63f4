//! The report files: summary.json, flagged.csv, duplicates.csv, monthly.csv, regions.csv,
//! report.html — and the terminal summary.

pub mod html;
pub mod summary;
pub mod tables;
pub mod terminal;

use std::path::Path;

use uscc::scan::{Flagged, Report};

use crate::error::{CliError, Result};
use crate::scan::Context;

/// One file's writer.
type Writer<'a> = &'a (dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync);

/// Writes one file into `dir`.
fn write_one(dir: &Path, name: &str, f: Writer<'_>) -> Result<()> {
    let path = dir.join(name);
    let file =
        std::fs::File::create(&path).map_err(|e| CliError::io("写入", "write", &path, &e))?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
    f(&mut out)
        .and_then(|_| std::io::Write::flush(&mut out))
        .map_err(|e| CliError::io("写入", "write", &path, &e))
}

/// Writes `flagged.csv`: the report's flagged list (most of the writing of a large scan),
/// which needs nothing the report fills in afterwards but the stored code spellings.
pub fn write_flagged(dir: &Path, flagged: &[Flagged], ctx: &Context) -> Result<()> {
    write_one(dir, "flagged.csv", &|o| tables::flagged(o, flagged, ctx))
}

/// Writes every other file into `dir`, side by side; the first error in [`FILES`] order is
/// the one reported. `flagged` is the report's flagged list, held apart so that
/// `flagged.csv` can be written from it at the same time.
pub fn write_rest(dir: &Path, report: &Report, flagged: &[Flagged], ctx: &Context) -> Result<()> {
    use rayon::prelude::*;
    let jobs: [(&str, Writer<'_>); 5] = [
        ("summary.json", &|o| {
            summary::write(o, report, flagged.len(), ctx)
        }),
        ("duplicates.csv", &|o| tables::duplicates(o, report)),
        ("monthly.csv", &|o| tables::monthly(o, report)),
        ("regions.csv", &|o| tables::regions(o, report)),
        ("report.html", &|o| html::write(o, report, flagged, ctx)),
    ];
    debug_assert!(jobs
        .iter()
        .map(|j| j.0)
        .eq(FILES.iter().copied().filter(|&f| f != "flagged.csv")));
    let results: Vec<Result<()>> = jobs
        .par_iter()
        .map(|&(name, f)| write_one(dir, name, f))
        .collect();
    results.into_iter().collect()
}

/// The output files, in the order they are listed.
pub const FILES: &[&str] = &[
    "summary.json",
    "flagged.csv",
    "duplicates.csv",
    "monthly.csv",
    "regions.csv",
    "report.html",
];

/// A rate as a percentage with two decimals (`3.25%`), or more when it would read as 0.
pub fn pct(rate: f64) -> String {
    let p = rate * 100.0;
    if p > 0.0 && p < 0.01 {
        format!("{p:.4}%")
    } else {
        format!("{p:.2}%")
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(pct(0.0325), "3.25%");
        assert_eq!(pct(0.00001), "0.0010%");
        assert_eq!(pct(0.0), "0.00%");
    }
}
