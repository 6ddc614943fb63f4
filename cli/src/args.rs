//! The command line (issue 5: this interface is a contract).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::lang::Lang;

/// 统一社会信用代码（GB 32100-2015）校验与重码/错码扫描。
/// Validate unified social credit codes and scan registration exports for duplicate and
/// erroneous codes (重码/错码) and the monthly 重错码率.
#[derive(Parser, Debug)]
#[command(name = "uscc", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check codes given as arguments, or one per line on standard input.
    ///
    /// Exit status: 0 when all are valid, 1 when any is not, 2 on usage or I/O error.
    Check(CheckArgs),
    /// Scan CSV, TSV or Excel exports for 重码/错码; write the report into --out DIR.
    ///
    /// Exit status: 0 done, 2 unusable input or I/O error, 3 rate above --fail-above.
    Scan(ScanArgs),
    /// Generate synthetic registration data with labelled faults (and its ground truth).
    Gen(GenArgs),
    /// What a region code (positions 3–8) is: names, level, years of validity.
    Region(RegionArgs),
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Codes to check; none: read one per line from standard input.
    pub codes: Vec<String>,
    /// One JSON object per input, one per line.
    #[arg(long)]
    pub json: bool,
    /// Language of the human output.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    #[command(flatten)]
    pub policy: PolicyArgs,
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Input files: .csv, .tsv, .txt, .xlsx, .xls (format and encoding are detected).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Directory for summary.json, flagged.csv, duplicates.csv, monthly.csv, regions.csv, report.html.
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// The code column: a header name or a 1-based column number (default: found by header).
    #[arg(long, value_name = "COLUMN")]
    pub code_column: Option<String>,
    /// The entity-name column (default: found by header; none → 重码 cannot be told from repeats).
    #[arg(long, value_name = "COLUMN")]
    pub name_column: Option<String>,
    /// The date column used for the monthly table (default: found by header).
    #[arg(long, value_name = "COLUMN")]
    pub date_column: Option<String>,
    /// A region column for the per-region table instead of positions 3–8 of the code.
    #[arg(long, value_name = "COLUMN")]
    pub region_column: Option<String>,
    /// The files have no header row: every row is data (columns by number).
    #[arg(long)]
    pub no_header: bool,
    /// Excel: the sheet to scan, by name or 1-based number, or `all` (default: the first sheet
    /// with a code column).
    #[arg(long, value_name = "SHEET")]
    pub sheet: Option<String>,
    /// Text encoding of CSV/TSV input (default: detected; e.g. utf-8, gbk, gb18030, utf-16le).
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<String>,
    /// Field delimiter of CSV/TSV input (default: detected; `tab` for tabs).
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// Exit with status 3 when the overall rate is above RATE (`0.01` or `1%`).
    #[arg(long, value_name = "RATE", value_parser = parse_rate)]
    pub fail_above: Option<f64>,
    /// At most this many records in each list of the report (counts are always complete).
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub max_listed: usize,
    /// Language of the terminal output, the details in flagged.csv and report.html.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// No progress bar (there is none anyway when standard error is not a terminal).
    #[arg(long)]
    pub no_progress: bool,
    /// Print nothing on success but warnings and errors.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub policy: PolicyArgs,
}

#[derive(Args, Debug)]
pub struct GenArgs {
    /// Number of data rows.
    #[arg(long)]
    pub rows: u64,
    /// Random seed: the same seed gives the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The CSV file to write.
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    /// Also write the ground truth (the injected faults) to this file.
    #[arg(long, value_name = "FILE")]
    pub truth: Option<PathBuf>,
    /// Only regions starting with these digits, like one city's export: a province (`37`) or
    /// a prefecture (`3715` 聊城市). Default: the whole country.
    #[arg(long, value_name = "DIGITS", value_parser = region_prefix)]
    pub region: Option<String>,
    /// Encoding of the CSV file: utf-8, or gbk (as many real exports).
    #[arg(long, value_enum, default_value_t = GenEncoding::Utf8)]
    pub encoding: GenEncoding,
}

fn region_prefix(s: &str) -> std::result::Result<String, String> {
    if (1..=6).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_string())
    } else {
        Err("expected 1 to 6 digits, the start of a region code (e.g. 37 or 3715)".into())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GenEncoding {
    /// UTF-8.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK (GB18030).
    #[value(name = "gbk", alias = "gb18030")]
    Gbk,
}

#[derive(Args, Debug)]
pub struct RegionArgs {
    /// A six-digit region code, or a whole credit code (positions 3–8 are used).
    pub code: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Language of the output.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
}

/// The library's validation policy, as flags.
#[derive(Args, Debug, Clone, Default)]
pub struct PolicyArgs {
    /// Policy preset (check: counter; scan: assessment — every rule counts in the 重错码率).
    #[arg(long, value_enum, help_heading = "Policy")]
    pub policy: Option<Preset>,
    /// Region codes must be in the region table (any year, special codes included).
    #[arg(long, help_heading = "Policy", conflicts_with = "regions")]
    pub strict_regions: bool,
    /// How to treat region codes (positions 3–8).
    #[arg(long, value_enum, help_heading = "Policy")]
    pub regions: Option<Regions>,
    /// The GB 11714 check of positions 9–17.
    #[arg(long, value_enum, help_heading = "Policy")]
    pub org_check: Option<Level>,
    /// Codes issued off the rule (Fujian pilot codes, Y for 1).
    #[arg(long, value_enum, help_heading = "Policy")]
    pub issued_anomalies: Option<Level>,
    /// The region must have existed in this year.
    #[arg(long, value_name = "YEAR", help_heading = "Policy")]
    pub issue_year: Option<u16>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Preset {
    /// Registration counters and notebooks: real codes that break a rule are warnings.
    Counter,
    /// The monthly 重错码率: every rule is an error; regions lenient.
    Assessment,
    /// Everything an error, regions included.
    Strict,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Regions {
    Ignore,
    Lenient,
    Strict,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Level {
    Error,
    Warning,
    Off,
}

impl PolicyArgs {
    /// The policy: the preset (or `default`), then each flag.
    pub fn policy(&self, default: Preset) -> uscc::Policy {
        let mut p = match self.policy.unwrap_or(default) {
            Preset::Counter => uscc::Policy::counter(),
            Preset::Assessment => uscc::Policy::assessment(),
            Preset::Strict => uscc::Policy::strict(),
        };
        if self.strict_regions {
            p = p.with_regions(uscc::RegionRule::Strict);
        }
        if let Some(r) = self.regions {
            p = p.with_regions(match r {
                Regions::Ignore => uscc::RegionRule::Ignore,
                Regions::Lenient => uscc::RegionRule::Lenient,
                Regions::Strict => uscc::RegionRule::Strict,
            });
        }
        if let Some(l) = self.org_check {
            p = p.with_org_check(level(l));
        }
        if let Some(l) = self.issued_anomalies {
            p = p.with_issued_anomalies(level(l));
        }
        if let Some(y) = self.issue_year {
            p = p.with_issue_year(y);
        }
        p
    }
}

fn level(l: Level) -> uscc::RuleLevel {
    match l {
        Level::Error => uscc::RuleLevel::Error,
        Level::Warning => uscc::RuleLevel::Warning,
        Level::Off => uscc::RuleLevel::Off,
    }
}

/// `0.01`, `1%` or `1.5 %` → a fraction in 0..=1.
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let (num, pct) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (t, false),
    };
    let v: f64 = num
        .parse()
        .map_err(|_| format!("not a rate: {s:?} (e.g. 0.01 or 1%)"))?;
    let v = if pct { v / 100.0 } else { v };
    if !(0.0..=1.0).contains(&v) || v.is_nan() {
        return Err(format!(
            "rate out of range: {s:?} (between 0 and 1, or 0% and 100%)"
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert_eq!(parse_rate("0.01"), Ok(0.01));
        assert_eq!(parse_rate("1%"), Ok(0.01));
        assert_eq!(parse_rate(" 2.5 % "), Ok(0.025));
        assert!(parse_rate("150%").is_err());
        assert!(parse_rate("x").is_err());
        assert!(parse_rate("-0.1").is_err());
    }

    #[test]
    fn flags_override_preset() {
        let a = PolicyArgs {
            strict_regions: true,
            ..PolicyArgs::default()
        };
        assert_eq!(
            a.policy(Preset::Assessment).regions,
            uscc::RegionRule::Strict
        );
        let a = PolicyArgs {
            org_check: Some(Level::Off),
            ..PolicyArgs::default()
        };
        assert_eq!(a.policy(Preset::Assessment).org_check, uscc::RuleLevel::Off);
        assert_eq!(
            PolicyArgs::default().policy(Preset::Counter),
            uscc::Policy::counter()
        );
    }
}
