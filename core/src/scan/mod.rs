//! Batch scan: 重码/错码 detection and the monthly 重错码率 over millions of records.
//!
//! A city must, every month, find every duplicate and erroneous code among its registration
//! records, fix them, and report the 重错码率 (duplicate/error-code rate) per month and per
//! county. This module is that job: feed it records (code, entity name, date, region column,
//! row number) in chunks or all at once, and get a [`Report`].
//!
//! ```
//! use uscc::scan::{scan, Record, ScanOptions};
//! let rows = [
//!     ("91350100M000100Y43", "福州某某有限公司", "2022-01-05"),
//!     ("91350100M000100Y43", "福州另一家公司", "2022/1/9"),    // same code, other entity: 重码
//!     ("91110108551385082R", "北京某某科技有限公司", "20220203"), // check char wrong: 错码
//!     ("91110108551385082Q", "北京某某科技有限公司", "2022年2月7日"),
//! ];
//! let records: Vec<Record> = rows.iter().enumerate().map(|(i, (c, n, d))| Record {
//!     row: i as u64 + 1, code: c, name: Some(n), date: Some(d), region: None,
//! }).collect();
//! let report = scan(&records, ScanOptions::default());
//! let s = &report.summary.counts;
//! assert_eq!((s.total, s.valid, s.erroneous, s.duplicate), (4, 3, 1, 2));
//! assert_eq!(s.rate, 0.75);
//! assert_eq!(report.summary.monthly[0].month, "2022-01");
//! // The 错码's probable intended code is in the batch, carried by the same entity:
//! let f = report.flagged.iter().find(|f| f.row == 3).unwrap();
//! assert_eq!(f.suggestion.as_deref(), Some("91110108551385082Q"));
//! assert!(f.suggestion_in_batch);
//! assert_eq!(report.duplicates[0].members[1].name.as_deref(), Some("福州另一家公司"));
//! ```
//!
//! # Definitions (spec §7)
//! - **错码** (erroneous): a record whose code, after normalization, breaks a rule under the
//!   scan's [`Policy`] (default [`Policy::assessment`]). An empty code is a 错码. Counted by the
//!   kind of its first error.
//! - **重码** (duplicate): a valid code carried by two or more *different* entities (names
//!   compared after [`normalize_name`]: width, brackets, spaces, case). Each first occurrence
//!   of an entity in such a group counts once; its repeats do not.
//! - **repeated**: the same code and the same entity again — each extra occurrence counts once
//!   (a record seen three times adds 2); reported, not in the rate.
//! - **A record without a name** (no name column, `None`, or blank after normalization) is an
//!   *unknown entity*: it never makes a 重码 by itself. When its code occurs elsewhere it
//!   counts as a repeat of the code's first occurrence. So a code carried by "A", "B" and a
//!   nameless record is 重码 for A and B, plus one repeat. Without a name column at all
//!   ([`ScanOptions::has_names`] false, or no record has a name), 重码 cannot be told from
//!   repeats: every extra occurrence of a code is a repeat and a note says so.
//! - **rate** = (错码 + 重码) / total, overall, per month and per region.
//! - Every record is counted exactly once: `total = valid + erroneous + skipped`, and the
//!   monthly rows and the regional rows each sum to the totals, field by field.
//! - **Also reported** (not in the rate): one entity with several valid codes (一主体多码,
//!   [`MultiCodeEntity`]); different valid codes sharing positions 9–17 ([`Collision`]; the
//!   subject identifier must be unique); and for each 错码 its probable intended code
//!   ([`Flagged::suggestion`], see below).
//!
//! # Months and regions
//! The month comes from the record's date in any common form ([`Month::parse`]: ISO, slashes,
//! dots, compact, Chinese, with a time part, Excel serial day numbers); a missing or
//! unreadable date goes to a last `unknown` row. The region is the record's region column when
//! it has one (non-blank), else positions 3–8 of the normalized code when they are six digits
//! (for a 错码, only when the text is 18 characters, the province exists and it is not a
//! citizen ID), named by the region table's chain ([`crate::region`]); else `unknown`.
//!
//! # Probable intended code of a 错码
//! The first of its candidates — its suggestion list, most likely first, then the other codes
//! one substitution or adjacent transposition away ([`explain`]) — that the batch carries under
//! the same entity (where names exist); else the top suggestion that does not belong to another
//! entity of the batch. [`Flagged::suggestion_in_batch`] says which.
//!
//! # Memory and speed
//! Records are examined in pieces of 8,192, each classified and merged into the store by one
//! worker (on all cores with the `parallel` feature; no step waits for every worker). What a
//! scan keeps per record: a valid record is packed into 32 bytes (the code in 90 bits, the
//! 64-bit hash of its normalized name, its row and month; its region, when a region column
//! gives one other than the code's own, as a slot in a table of the distinct values); counts
//! are per month and per region; a 错码 record keeps its row, name hash, kind, text and error
//! findings only while it can still be listed (at most about twice
//! [`ScanOptions::max_listed`] of them).
//! Packed records live in 256 buckets by subject identifier; a caller that knows how many
//! records are coming says so with [`Scanner::reserve`] ([`scan`] does), and the buckets are
//! sized once instead of doubling as they fill. At the end each bucket is split (in
//! parallel): the records whose subject identifier no other record carries — almost all —
//! need no order, and only the others are sorted. Its names go into a bit set of name hashes
//! (about a byte per record, filled partition by partition from 4-byte bit numbers) that
//! marks the names seen on more than one record, so only those (a name with several codes, a
//! repeat, and about one in eight by chance) keep a 32-byte pair for the
//! one-entity-many-codes pass; then each bucket is walked for 重码, repeats and collisions,
//! and freed. Peak: about 38 bytes per valid record, plus the current chunk, plus the listed
//! records.
//!
//! # Names in the report
//! The scan keeps name *hashes*, so when it ends it knows which rows are in a 重码 group but
//! not their names. [`scan`] fills them from the records it was given. A streaming caller
//! ([`Scanner`]) asks [`Report::rows_missing_names`] and calls [`Report::fill_names`] with a
//! lookup by row — the CLI with a second pass over the name column, only when groups exist —
//! or, holding the names in memory (the Python package's columns), with
//! [`Report::fill_names_at`], which borrows them and fills on all cores. Filled names are
//! checked against the kept hash; a name that does not match its row is refused. Likewise a
//! valid code stored in a non-canonical spelling (lower case, full-width, spaces) is listed
//! in canonical form until [`Report::fill_codes`] gives the stored text.
//!
//! # Determinism
//! The report depends only on the multiset of records (with their row numbers): not on the
//! thread count, the chunk sizes, the order of chunks or which worker took which piece. Every
//! list is sorted in full, and so is every run of records sharing a subject identifier.

mod classify;
mod classify_api;
mod dates;
mod group;
mod names;
mod par;
mod prefetch;
mod report;
mod sink;
mod store;
mod tally;

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use crate::{Kind, Policy};

pub use classify_api::{
    classify, duplicate_detail, explain, repeat_detail, Classified, Explanation, RegionOf,
};
pub use dates::Month;
pub use names::{name_hash, normalize_name};

use classify::UNKNOWN_REGION;
use dates::{MonthKey, UNKNOWN_MONTH};
use store::{Bucket, BUCKETS};
use tally::TallyMap;

/// One input record. Borrowed: the scanner keeps only what the report needs.
///
/// ```
/// let r = uscc::scan::Record { row: 1, code: "91350100M000100Y43", ..Default::default() };
/// assert_eq!(r.name, None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record<'a> {
    /// 1-based data row (header excluded), used in every list of the report.
    pub row: u64,
    /// The code as stored (normalized by the scanner).
    pub code: &'a str,
    /// Entity name (名称), if the data has a name column.
    pub name: Option<&'a str>,
    /// Date (登记日期 …) in any common form: `2022-01-05`, `2022/1/5`, `20220105`,
    /// `2022年1月5日`, `2022-01`, or an Excel serial day number (see [`Month::parse`]).
    pub date: Option<&'a str>,
    /// Region from a separate column, overriding positions 3–8 for the per-region table.
    pub region: Option<&'a str>,
}

/// Why a record could not be examined at all.
///
/// ```
/// assert!(uscc::scan::SkipReason::MissingCodeColumn < uscc::scan::SkipReason::Unreadable);
/// ```
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

impl SkipReason {
    /// Stable snake_case name.
    ///
    /// ```
    /// assert_eq!(uscc::scan::SkipReason::Unreadable.as_str(), "unreadable");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::MissingCodeColumn => "missing_code_column",
            SkipReason::Unreadable => "unreadable",
        }
    }
}

/// Scan settings.
///
/// ```
/// use uscc::scan::ScanOptions;
/// let o = ScanOptions::default().with_names(false).with_max_listed(100);
/// assert_eq!(o.policy, uscc::Policy::assessment());
/// assert!(!o.has_names);
/// ```
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
        ScanOptions {
            policy: Policy::assessment(),
            has_names: true,
            max_listed: 1_000_000,
        }
    }
}

impl ScanOptions {
    /// Sets the policy.
    ///
    /// ```
    /// let o = uscc::scan::ScanOptions::default().with_policy(uscc::Policy::strict());
    /// assert_eq!(o.policy, uscc::Policy::strict());
    /// ```
    pub fn with_policy(mut self, policy: Policy) -> ScanOptions {
        self.policy = policy;
        self
    }

    /// Sets whether names are compared.
    ///
    /// ```
    /// assert!(!uscc::scan::ScanOptions::default().with_names(false).has_names);
    /// ```
    pub fn with_names(mut self, has_names: bool) -> ScanOptions {
        self.has_names = has_names;
        self
    }

    /// Sets the length limit of each list.
    ///
    /// ```
    /// assert_eq!(uscc::scan::ScanOptions::default().with_max_listed(5).max_listed, 5);
    /// ```
    pub fn with_max_listed(mut self, max_listed: usize) -> ScanOptions {
        self.max_listed = max_listed;
        self
    }
}

/// Feeds records in chunks and produces the [`Report`]. Memory is proportional to the records
/// seen (packed codes and name hashes), not to the input text; see the
/// [module docs](self#memory-and-speed).
///
/// ```
/// use uscc::scan::{Record, ScanOptions, Scanner, SkipReason};
/// let mut s = Scanner::new(ScanOptions::default());
/// s.push(&[Record { row: 1, code: "91350100M000100Y43", name: Some("甲公司"), ..Default::default() }]);
/// s.push(&[Record { row: 2, code: "91350100M000100Y43", name: Some("乙公司"), ..Default::default() }]);
/// s.skip(3, SkipReason::MissingCodeColumn);
/// let mut report = s.finish();
/// assert_eq!(report.summary.counts.duplicate, 2);
/// assert_eq!(report.summary.counts.skipped, 1);
/// // The scanner kept name hashes only: the caller fills the names the report prints.
/// assert_eq!(report.rows_missing_names(), [1, 2]);
/// let names = ["甲公司", "乙公司"];
/// report.fill_names(|row| Some(names[row as usize - 1].to_string()));
/// assert_eq!(report.duplicates[0].members[0].name.as_deref(), Some("甲公司"));
/// ```
pub struct Scanner {
    options: ScanOptions,
    buckets: Vec<Mutex<Bucket>>,
    months: TallyMap<MonthKey>,
    /// Errors, regions and the other tables the workers merge their pieces into.
    sink: sink::Sink,
    skipped: BTreeMap<SkipReason, u64>,
    /// Records pushed and skipped.
    records: u64,
    /// One per worker thread: its part (reused from piece to piece) and its month and region
    /// counts (built up over the whole scan).
    workers: Vec<Mutex<sink::Worker>>,
}

/// What the workers of one push share (see [`Scanner::push`]).
struct Shared<'s> {
    policy: crate::Policy,
    has_names: bool,
    max_listed: usize,
    sink: Mutex<&'s mut sink::Sink>,
    buckets: &'s [Mutex<Bucket>],
    workers: &'s [Mutex<sink::Worker>],
}

impl Shared<'_> {
    /// Classifies a piece of records and merges it, on the calling thread's worker. Each
    /// piece is merged by the worker that took it, with no step that waits for every worker:
    /// the store's order inside a bucket does not matter (what needs an order is sorted at
    /// the end), and counts are sums.
    fn piece(&self, r: &[Record<'_>]) {
        let workers = self.workers;
        let i = par::thread_index() % workers.len();
        // This thread's own part and tables: the lock is never contended.
        let mut w = workers[i].lock().unwrap_or_else(PoisonError::into_inner);
        let sink::Worker { counts, part } = &mut *w;
        part.fill(r, &self.policy, self.has_names, counts);
        self.sink
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .merge(part, self.max_listed);
        // From this thread's own offset: two threads rarely want one bucket at once.
        let start = i * BUCKETS / workers.len();
        for b in (start..BUCKETS).chain(0..start) {
            let run = &part.buckets[b];
            if !run.is_empty() {
                self.buckets[b]
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .extend(run);
            }
        }
    }
}

impl Scanner {
    /// A scanner with these options.
    ///
    /// ```
    /// let s = uscc::scan::Scanner::new(Default::default());
    /// assert_eq!(s.finish().summary.counts.total, 0);
    /// ```
    pub fn new(options: ScanOptions) -> Scanner {
        Scanner {
            options,
            buckets: (0..BUCKETS).map(|_| Mutex::default()).collect(),
            months: TallyMap::default(),
            sink: sink::Sink::new(),
            skipped: BTreeMap::new(),
            records: 0,
            workers: Vec::new(),
        }
    }

    /// Examines a chunk of records (in parallel with the `parallel` feature). Any chunk size
    /// works; the result does not depend on how records are split into chunks.
    ///
    /// ```
    /// let mut s = uscc::scan::Scanner::new(Default::default());
    /// s.push(&[uscc::scan::Record { row: 1, code: "", ..Default::default() }]);
    /// assert_eq!(s.finish().summary.counts.erroneous, 1); // an empty code is a 错码
    /// ```
    pub fn push(&mut self, records: &[Record<'_>]) {
        self.records += records.len() as u64;
        let pieces: Vec<&[Record<'_>]> = records.chunks(sink::PIECE).collect();
        let shared = self.shared();
        par::each(&pieces, |r| shared.piece(r));
        self.drain_all();
    }

    /// Examines `n` records that `make` writes on the fly, in pieces on all cores:
    /// `make(start, out)` fills `out` with the records `start..start + out.len()` of the `n`
    /// (`out` comes filled with defaults). The result is that of [`Scanner::push`] with the
    /// same records; the records of a piece are made where they are examined, while in the
    /// core's cache, instead of all made first and then read again (a caller that reads them
    /// from columns, as the Python package does).
    ///
    /// ```
    /// use uscc::scan::{Record, Scanner};
    /// let codes = ["91350100M000100Y43", "91350100M000100Y44", ""];
    /// let mut s = Scanner::new(Default::default());
    /// s.push_with(codes.len(), |start, out| {
    ///     for (k, r) in out.iter_mut().enumerate() {
    ///         let i = start + k;
    ///         *r = Record { row: i as u64 + 1, code: codes[i], ..Default::default() };
    ///     }
    /// });
    /// assert_eq!(s.finish().summary.counts.erroneous, 2);
    /// ```
    pub fn push_with<'a>(&mut self, n: usize, make: impl Fn(usize, &mut [Record<'a>]) + Sync) {
        self.records += n as u64;
        let starts: Vec<usize> = (0..n).step_by(sink::PIECE).collect();
        let shared = self.shared();
        // One buffer a thread for the call, reused from piece to piece.
        let buffers: Vec<Mutex<Vec<Record<'a>>>> = (0..shared.workers.len())
            .map(|_| Mutex::default())
            .collect();
        par::each(&starts, |&start| {
            let i = par::thread_index() % buffers.len();
            let mut buf = buffers[i].lock().unwrap_or_else(PoisonError::into_inner);
            buf.clear();
            buf.resize(sink::PIECE.min(n - start), Record::default());
            make(start, &mut buf);
            shared.piece(&buf);
        });
        self.drain_all();
    }

    /// What the workers of a push share, with a worker per thread.
    fn shared(&mut self) -> Shared<'_> {
        let threads = par::threads();
        if self.workers.len() < threads {
            self.workers.resize_with(threads, Default::default);
        }
        Shared {
            policy: self.options.policy,
            has_names: self.options.has_names,
            max_listed: self.options.max_listed,
            sink: Mutex::new(&mut self.sink),
            buckets: &self.buckets,
            workers: &self.workers,
        }
    }

    /// After a push: the threads' counts handed over where a counter may be near its limit.
    fn drain_all(&mut self) {
        for i in 0..self.workers.len() {
            self.drain_counts(i, false);
        }
    }

    /// Adds a thread's month and region counts built up so far: all of them, or (`all` false)
    /// only when a counter may be near its limit.
    fn drain_counts(&mut self, i: usize, all: bool) {
        let (months, regions) = (&mut self.months, &mut self.sink.regions);
        let w = self.workers[i]
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        if all || w.counts.full() {
            w.counts.drain(
                |k, s| months.get(k).add_seen(&s),
                |k, s| regions.get(k).add_seen(&s),
            );
        }
    }

    /// Tells the scanner how many more records are coming, so that its store is sized once
    /// instead of growing as it fills (a hint: any number works, the result is the same).
    ///
    /// The store is sized as if every record were valid. On systems that commit memory when
    /// it is first written (Linux, macOS), room that is never filled costs address space,
    /// not memory. A reservation the allocator refuses is skipped: the store then grows as
    /// records come, as without the hint.
    ///
    /// ```
    /// let mut s = uscc::scan::Scanner::new(Default::default());
    /// s.reserve(1_000);
    /// assert_eq!(s.store_bytes(), 0);
    /// ```
    pub fn reserve(&mut self, records: usize) {
        // Subject identifiers spread evenly over the buckets; a few percent on top covers the
        // spread of a bucket's share (a bucket that overflows just grows).
        let each = records / BUCKETS;
        let each = each + each / 16 + 16;
        for b in &mut self.buckets {
            b.get_mut()
                .unwrap_or_else(PoisonError::into_inner)
                .reserve(each);
        }
    }

    /// Counts a record that could not be examined (in the `unknown` month and region).
    ///
    /// ```
    /// let mut s = uscc::scan::Scanner::new(Default::default());
    /// s.skip(7, uscc::scan::SkipReason::Unreadable);
    /// let r = s.finish();
    /// assert_eq!(r.summary.counts.skipped, 1);
    /// assert_eq!(r.summary.monthly[0].month, "unknown");
    /// ```
    pub fn skip(&mut self, row: u64, reason: SkipReason) {
        let _ = row;
        self.records += 1;
        *self.skipped.entry(reason).or_default() += 1;
        let t = self.months.get(UNKNOWN_MONTH);
        t.total += 1;
        t.skipped += 1;
        let t = self.sink.regions.get(UNKNOWN_REGION);
        t.total += 1;
        t.skipped += 1;
    }

    /// Records seen so far (examined and skipped).
    ///
    /// ```
    /// let mut s = uscc::scan::Scanner::new(Default::default());
    /// s.push(&[uscc::scan::Record::default(); 3]);
    /// assert_eq!(s.records(), 3);
    /// ```
    pub fn records(&self) -> u64 {
        self.records
    }

    /// Bytes written for the valid records so far (the packed store, 32 bytes a record; see
    /// the [module docs](self#memory-and-speed)).
    ///
    /// ```
    /// let s = uscc::scan::Scanner::new(Default::default());
    /// assert_eq!(s.store_bytes(), 0);
    /// ```
    pub fn store_bytes(&self) -> usize {
        self.buckets
            .iter()
            .map(|b| b.lock().unwrap_or_else(PoisonError::into_inner).bytes())
            .sum()
    }

    /// Finishes the scan: groups, lists, tables.
    ///
    /// ```
    /// let r = uscc::scan::Scanner::new(Default::default()).finish();
    /// assert_eq!(r.summary.counts.rate, 0.0);
    /// ```
    pub fn finish(mut self) -> Report {
        for i in 0..self.workers.len() {
            self.drain_counts(i, true);
        }
        report::finish(self)
    }
}

/// The region (six digits) the scan counts a 错码 in, from its stored text — for the synthetic
/// data's ground truth.
pub(crate) fn classify_region_for_truth(text: &str, kind: Kind) -> Option<u32> {
    let n = crate::normalize(text).ok()?;
    classify::error_region(&n.text, kind)
}

/// Scans records held in memory; the report comes back with every name and stored code
/// filled in.
///
/// ```
/// use uscc::scan::{scan, Record, ScanOptions};
/// let r = scan(&[], ScanOptions::default());
/// assert_eq!(r.summary.counts.total, 0);
/// ```
pub fn scan(records: &[Record<'_>], options: ScanOptions) -> Report {
    let mut s = Scanner::new(options);
    s.reserve(records.len());
    s.push(records);
    let mut r = s.finish();
    r.fill_from_records(records);
    r
}
/// Counts for one month or one region, or overall.
///
/// ```
/// let c = uscc::scan::Counts::default();
/// assert_eq!((c.total, c.rate), (0, 0.0));
/// ```
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
///
/// With the `serde` feature it serializes to `{total, valid, erroneous, duplicate, repeated,
/// skipped, rate, error_kinds, skipped_reasons, monthly, regions, notes, notes_zh,
/// duplicate_groups, multi_code_entities, collisions, names_compared}`.
///
/// ```
/// use uscc::scan::{scan, Record, ScanOptions};
/// let r = scan(&[Record { row: 1, code: "91110108551385082R", ..Default::default() }], ScanOptions::default());
/// assert_eq!(r.summary.error_kinds[&uscc::Kind::CheckCharMismatch], 1);
/// assert_eq!(r.summary.regions[0].region, "110108");
/// ```
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
    /// Facts about the scan a reader must know (e.g. no name column), in English.
    pub notes: Vec<String>,
    /// The same notes in Chinese, in the same order.
    pub notes_zh: Vec<String>,
    /// 重码 groups (codes carried by several entities); each is listed in [`Report::duplicates`]
    /// up to the list limit.
    pub duplicate_groups: u64,
    /// Entities (by normalized name) with several valid codes (一主体多码).
    pub multi_code_entities: u64,
    /// Subject identifiers (positions 9–17) shared by several valid codes.
    pub collisions: u64,
    /// Whether names were compared (false: no name column, or no record had a name — then
    /// 重码 cannot be told from repeats).
    pub names_compared: bool,
}

/// One row of the monthly table.
///
/// ```
/// let r = uscc::scan::MonthRow { month: "2022-01".into(), counts: Default::default() };
/// assert_eq!(r.counts.total, 0);
/// ```
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
///
/// ```
/// use uscc::scan::{scan, Record, ScanOptions};
/// let r = scan(&[Record { row: 1, code: "91110108551385082Q", ..Default::default() }], ScanOptions::default());
/// assert_eq!(r.summary.regions[0].name.as_deref(), Some("北京市 海淀区"));
/// ```
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
///
/// ```
/// use uscc::scan::{scan, FlagClass, Record, ScanOptions};
/// let recs = [
///     Record { row: 1, code: "91350100M000100Y43", name: Some("甲"), ..Default::default() },
///     Record { row: 2, code: "91350100M000100Y43", name: Some("甲"), ..Default::default() },
/// ];
/// let r = scan(&recs, ScanOptions::default());
/// assert_eq!(r.summary.counts.repeated, 1);
/// assert_eq!(r.flagged[0].class, FlagClass::Repeated);
/// assert!(r.duplicates.is_empty());
/// ```
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
    /// Rows whose name or stored code the report still needs (see [`Report::fill_names`]).
    #[cfg_attr(feature = "serde", serde(skip))]
    pending: report::Pending,
}

/// Why a record is flagged.
///
/// ```
/// assert!(uscc::scan::FlagClass::Erroneous < uscc::scan::FlagClass::Duplicate);
/// assert_eq!(uscc::scan::FlagClass::Repeated.as_str(), "repeated");
/// ```
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

impl FlagClass {
    /// Stable snake_case name.
    ///
    /// ```
    /// assert_eq!(uscc::scan::FlagClass::Duplicate.as_str(), "duplicate");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            FlagClass::Erroneous => "erroneous",
            FlagClass::Duplicate => "duplicate",
            FlagClass::Repeated => "repeated",
        }
    }
}

/// One flagged record.
///
/// ```
/// use uscc::scan::{scan, Record, ScanOptions};
/// let r = scan(&[Record { row: 9, code: "91350100M0001O0Y43", ..Default::default() }], ScanOptions::default());
/// let f = &r.flagged[0];
/// assert_eq!((f.row, f.kind), (9, Some(uscc::Kind::ExcludedLetter)));
/// assert_eq!(f.suggestion.as_deref(), Some("91350100M000100Y43"));
/// assert!(!f.suggestion_in_batch);
/// ```
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
    /// Whether [`Flagged::suggestion`] was found in the batch (rather than only computed).
    pub suggestion_in_batch: bool,
}

/// One 重码 group.
///
/// ```
/// use uscc::scan::{scan, Record, ScanOptions};
/// let recs = [
///     Record { row: 1, code: "91350100M000100Y43", name: Some("甲"), ..Default::default() },
///     Record { row: 2, code: "91350100M000100Y43", name: Some("乙"), ..Default::default() },
///     Record { row: 3, code: "91350100M000100Y43", name: Some("（甲）"), ..Default::default() },
/// ];
/// let g = &scan(&recs, ScanOptions::default()).duplicates[0];
/// assert_eq!(g.code, "91350100M000100Y43");
/// assert_eq!((g.members.len(), g.records), (2, 3));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DuplicateGroup {
    /// The shared code.
    pub code: String,
    /// One member per distinct entity, first occurrence first.
    pub members: Vec<Member>,
    /// Records carrying the code (repeats and nameless records included).
    pub records: u64,
}

/// A record in a group: its row and entity name.
///
/// ```
/// let m = uscc::scan::Member { row: 1, name: None, code: "91350100M000100Y43".into() };
/// assert_eq!(m.row, 1);
/// ```
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
///
/// ```
/// use uscc::scan::{scan, Record, ScanOptions};
/// let recs = [
///     Record { row: 1, code: "91350100M000100Y43", name: Some("甲公司"), ..Default::default() },
///     Record { row: 2, code: "91110108551385082Q", name: Some("甲 公司"), ..Default::default() },
/// ];
/// let m = &scan(&recs, ScanOptions::default()).multi_code_entities[0];
/// assert_eq!(m.name, "甲公司");
/// assert_eq!(m.members.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MultiCodeEntity {
    /// The entity name as stored (first occurrence). Empty until filled when the report
    /// comes from a [`Scanner`] (see [`Report::fill_names`]).
    pub name: String,
    /// One member per distinct code.
    pub members: Vec<Member>,
}

/// Different valid codes with the same subject identifier (positions 9–17).
///
/// ```
/// use uscc::scan::{scan, Record, ScanOptions};
/// let recs = [
///     Record { row: 1, code: "91110108551385082Q", name: Some("甲"), ..Default::default() },
///     Record { row: 2, code: "111101085513850821", name: Some("乙"), ..Default::default() },
/// ];
/// let c = &scan(&recs, ScanOptions::default()).collisions[0];
/// assert_eq!(c.subject_identifier, "551385082");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Collision {
    /// The shared positions 9–17.
    pub subject_identifier: String,
    /// One member per distinct code.
    pub members: Vec<Member>,
}
