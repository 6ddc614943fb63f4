//! Batch scan: 重码/错码 detection and the monthly 重错码率 over millions of records.
//!
//! SKELETON: the types and signatures below are the contract the CLI and the Python package
//! are written against; the engine behind them is being built (issue 4).
//!
//! Definitions (spec §7):
//! - **错码** (erroneous): a record whose code, after normalization, breaks a rule under the
//!   scan's [`Policy`] (default [`Policy::assessment`]). An empty code is a 错码.
//! - **重码** (duplicate): a valid code carried by two or more *different* entities (names
//!   compared after normalizing width, brackets and spaces). Each first occurrence of an
//!   entity in such a group counts once; its repeats do not.
//! - **repeated**: the same code and the same entity again — each extra occurrence counts once
//!   (a record seen three times adds 2); reported, not in the rate. Without a name column,
//!   重码 cannot be told from repeats: every extra occurrence of a code is a repeat and a note
//!   says so.
//! - **rate** = (错码 + 重码) / total, overall, per month and per region.
//! - Every record is counted exactly once: `total = valid + erroneous + skipped`.

use std::collections::BTreeMap;

use crate::{Kind, Policy};

/// One input record. Borrowed: the scanner keeps only what the report needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record<'a> {
    /// 1-based data row (header excluded), used in every list of the report.
    pub row: u64,
    /// The code as stored (normalized by the scanner).
    pub code: &'a str,
    /// Entity name (名称), if the data has a name column.
    pub name: Option<&'a str>,
    /// Date (登记日期 …) in any common form: `2022-01-05`, `2022/1/5`, `20220105`,
    /// `2022年1月5日`, `2022-01`, or an Excel serial day number.
    pub date: Option<&'a str>,
    /// Region from a separate column, overriding positions 3–8 for the per-region table.
    pub region: Option<&'a str>,
}

/// Why a record could not be examined at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum SkipReason {
    /// A ragged row without the code column.
    MissingCodeColumn,
    /// The row could not be read (broken quoting, a line beyond the size limit …).
    Unreadable,
}

/// Scan settings.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScanOptions {
    /// What counts as 错码. Default: [`Policy::assessment`].
    pub policy: Policy,
    /// Whether the data has entity names. Without them 重码 cannot be told from repeats.
    pub has_names: bool,
    /// At most this many records in each list of the report (counts are always complete).
    pub max_listed: usize,
}

impl Default for ScanOptions {
    fn default() -> ScanOptions {
        ScanOptions { policy: Policy::assessment(), has_names: true, max_listed: 1_000_000 }
    }
}

/// Feeds records in chunks and produces the [`Report`]. Memory is proportional to the records
/// seen (packed codes and name hashes), not to the input text.
pub struct Scanner {
    _options: ScanOptions,
}

impl Scanner {
    /// A scanner with these options.
    pub fn new(options: ScanOptions) -> Scanner {
        Scanner { _options: options }
    }

    /// Examines a chunk of records (in parallel with the `parallel` feature).
    pub fn push(&mut self, records: &[Record<'_>]) {
        let _ = records;
        todo!("issue 4")
    }

    /// Counts a record that could not be examined.
    pub fn skip(&mut self, row: u64, reason: SkipReason) {
        let _ = (row, reason);
        todo!("issue 4")
    }

    /// Finishes the scan.
    pub fn finish(self) -> Report {
        todo!("issue 4")
    }
}

/// Scans records held in memory.
pub fn scan(records: &[Record<'_>], options: ScanOptions) -> Report {
    let mut s = Scanner::new(options);
    s.push(records);
    s.finish()
}

/// Counts for one month or one region, or overall.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Counts {
    /// Records.
    pub total: u64,
    /// Valid records (重码 included).
    pub valid: u64,
    /// 错码 records.
    pub erroneous: u64,
    /// 重码 records.
    pub duplicate: u64,
    /// Extra occurrences of the same code and entity.
    pub repeated: u64,
    /// Records not examined.
    pub skipped: u64,
    /// (erroneous + duplicate) / total; 0 for an empty table.
    pub rate: f64,
}

/// The summary: the numbers a city reports (the CLI writes it as `summary.json`).
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Summary {
    /// Overall counts (flattened into the summary object).
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub counts: Counts,
    /// 错码 records by the kind of their first error.
    pub error_kinds: BTreeMap<Kind, u64>,
    /// Skipped records by reason.
    pub skipped_reasons: BTreeMap<SkipReason, u64>,
    /// Per month, oldest first; records without a readable date in a last `unknown` row.
    pub monthly: Vec<MonthRow>,
    /// Per region, by code.
    pub regions: Vec<RegionRow>,
    /// Facts about the scan a reader must know (e.g. no name column).
    pub notes: Vec<String>,
}

/// One row of the monthly table.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MonthRow {
    /// `YYYY-MM`, or `unknown`.
    pub month: String,
    /// The counts of that month.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub counts: Counts,
}

/// One row of the regional table.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RegionRow {
    /// Six-digit region code (or the region column's value), or `unknown`.
    pub region: String,
    /// Its name chain, when known.
    pub name: Option<String>,
    /// The counts of that region.
    #[cfg_attr(feature = "serde", serde(flatten))]
    pub counts: Counts,
}

/// The whole result of a scan. Deterministic: the same input gives the same report (and the
/// same serialized bytes) whatever the thread count.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Report {
    /// The numbers.
    pub summary: Summary,
    /// Flagged records (错码, 重码, repeats), by row.
    pub flagged: Vec<Flagged>,
    /// 重码 groups: one valid code, several entities.
    pub duplicates: Vec<DuplicateGroup>,
    /// One entity with several valid codes (一主体多码).
    pub multi_code_entities: Vec<MultiCodeEntity>,
    /// Different valid codes sharing positions 9–17 (主体标识码 must be unique).
    pub collisions: Vec<Collision>,
}

/// Why a record is flagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum FlagClass {
    /// 错码.
    Erroneous,
    /// 重码.
    Duplicate,
    /// The same code and entity again.
    Repeated,
}

/// One flagged record.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Flagged {
    /// 1-based data row.
    pub row: u64,
    /// The code as stored.
    pub code: String,
    /// 错码, 重码 or repeat.
    pub class: FlagClass,
    /// The first error kind (错码); `None` for 重码 and repeats.
    pub kind: Option<Kind>,
    /// What is wrong, in Chinese (e.g. "第18位校验码应为 F"; for 重码, the other rows).
    pub detail_zh: String,
    /// The same in English.
    pub detail_en: String,
    /// The probable intended code: a valid code one edit away in the same batch (same
    /// entity where names exist), else the top suggestion.
    pub suggestion: Option<String>,
}

/// One 重码 group.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DuplicateGroup {
    /// The shared code.
    pub code: String,
    /// One member per distinct entity, first occurrence first.
    pub members: Vec<Member>,
}

/// A record in a group: its row and entity name.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Member {
    /// 1-based data row.
    pub row: u64,
    /// The entity name as stored, when known.
    pub name: Option<String>,
    /// The code as stored at that row.
    pub code: String,
}

/// One entity carrying several valid codes.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MultiCodeEntity {
    /// The entity name as stored (first occurrence).
    pub name: String,
    /// One member per distinct code.
    pub members: Vec<Member>,
}

/// Different valid codes with the same subject identifier (positions 9–17).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Collision {
    /// The shared positions 9–17.
    pub subject_identifier: String,
    /// One member per distinct code.
    pub members: Vec<Member>,
}
