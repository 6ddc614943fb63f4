//! Per record: normalize, validate, classify (valid / 错码), find its month and region, and
//! count it. Runs on each piece of the input in parallel; what it produces is merged into the
//! store (whose order the final sort makes irrelevant) or summed.

use super::dates::{month_key, MonthKey, UNKNOWN_MONTH};
use super::store::{bucket_of, pack, Entry, BUCKETS, NORMALIZED};
use super::tally::{FastMap, RegionCounts, Seen, SeenTable, TallyMap, SEEN_KEYS};
use super::{names, prefetch, Record};
use crate::diagnose::fast_valid;
use crate::{region, Finding, Kind, Policy, MAX_INPUT_LEN};

/// Region keys: `0..=999_999` a six-digit code; [`TEXT_BASE`]`+i` the i-th distinct value of a
/// region column that is not six digits; [`LOCAL_BASE`]`+i` the same, numbered inside one
/// worker until merged; [`UNKNOWN_REGION`].
pub(crate) type RegionKey = u32;
pub(crate) const TEXT_BASE: RegionKey = 1_000_000;
pub(crate) const LOCAL_BASE: RegionKey = 0x8000_0000;
pub(crate) const UNKNOWN_REGION: RegionKey = u32::MAX;
/// Where a [`Part`] counts [`UNKNOWN_REGION`] (six-digit codes stay below it).
const UNKNOWN_INDEX: u32 = SEEN_KEYS - 1;

/// Index of a kind in [`Kind::ALL`].
pub(crate) fn kind_index(k: Kind) -> usize {
    Kind::ALL.iter().position(|&x| x == k).unwrap_or(0)
}

/// A 错码 record, kept until the report is built (at most about `2 × max_listed` of them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ErrRec {
    pub row: u64,
    /// The code as stored (cut to a preview when longer than [`MAX_INPUT_LEN`]).
    pub text: Box<str>,
    pub orig_len: u32,
    pub name: u64,
    pub kind: Kind,
    /// The error findings of its diagnosis under the scan's policy, when it was diagnosed
    /// (kept, so the report does not diagnose it again).
    pub errors: Kept,
}

/// A 错码's error findings, kept from its diagnosis to its line in the report: up to two in
/// place (six 错码 in seven), more in a vector. In place they cost no allocation in the worker
/// that diagnosed the record and no free in the one that lists it (a free of another
/// thread's memory takes the allocator's lock of that thread: a tenth of the listing's time
/// went to these frees and the waits on those locks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kept {
    /// Not diagnosed (a record explained on its own is diagnosed when its line is made).
    Undiagnosed,
    /// At most two findings (how many, then the findings; a slot past them is filler).
    Few(u8, [Finding; 2]),
    More(Vec<Finding>),
}

impl Kept {
    /// The findings of `v`, in place when they fit.
    pub(crate) fn new(v: Vec<Finding>) -> Kept {
        match *v.as_slice() {
            [] => Kept::Few(0, [FILLER; 2]),
            [a] => Kept::Few(1, [a, FILLER]),
            [a, b] => Kept::Few(2, [a, b]),
            _ => Kept::More(v),
        }
    }

    /// The findings, when the record was diagnosed.
    pub(crate) fn get(&self) -> Option<&[Finding]> {
        match self {
            Kept::Undiagnosed => None,
            Kept::Few(n, f) => Some(&f[..usize::from(*n)]),
            Kept::More(v) => Some(v),
        }
    }
}

/// What fills an unused slot of [`Kept::Few`] (never read).
const FILLER: Finding = Finding::new(Kind::Empty, crate::Severity::Info);

impl ErrRec {
    /// The order of the list: by row, then the rest. (`errors` follows from `text` and the
    /// scan's policy: records equal in the rest have equal findings.)
    fn key(&self) -> (u64, &str, u32, u64, Kind) {
        (self.row, &self.text, self.orig_len, self.name, self.kind)
    }
}

impl PartialOrd for ErrRec {
    fn partial_cmp(&self, other: &ErrRec) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ErrRec {
    fn cmp(&self, other: &ErrRec) -> core::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// A worker thread's month and region counts, built up over the whole scan and drained into
/// the scanner's tables at the end (sums: the order never changes a number).
///
/// Kept for the whole scan, not per [`Part`]: merged after every chunk they were a serial step
/// costing several percent of the scan, and kept per part (several per thread, for balance)
/// their region tables did not stay in cache from one piece to the next.
///
/// Aligned to 128 bytes: every record updates the tables' headers, and two threads' headers
/// on one cache line would pass it back and forth between the cores.
#[derive(Default)]
#[repr(align(128))]
pub(crate) struct Counts {
    /// By month key.
    months: SeenTable,
    /// By six-digit region ([`UNKNOWN_REGION`] as [`UNKNOWN_INDEX`]).
    regions: RegionCounts,
}

impl Counts {
    /// Whether a counter may be near its limit: time to drain.
    pub(crate) fn full(&self) -> bool {
        self.months.full() || self.regions.full()
    }

    /// Hands the month and region counts built up so far to `month` and `region`, and
    /// starts them again from zero.
    pub(crate) fn drain(
        &mut self,
        mut month: impl FnMut(MonthKey, Seen),
        mut region: impl FnMut(RegionKey, Seen),
    ) {
        self.months.drain(|k, s| month(k as MonthKey, s));
        self.regions.drain(|k, s| {
            region(
                if k == UNKNOWN_INDEX {
                    UNKNOWN_REGION
                } else {
                    k
                },
                s,
            )
        });
    }
}

/// What one worker produced from a piece of the input. Reused from piece to piece (cleared,
/// not freed), so a scan allocates its scratch space once.
#[derive(Default)]
pub(crate) struct Part {
    /// The valid records by bucket, in input order within each.
    pub buckets: Vec<Vec<Entry>>,
    pub errors: Vec<ErrRec>,
    /// By region-column value that is not six digits ([`LOCAL_BASE`] keys), for this piece.
    pub text_regions: TallyMap<RegionKey, Seen>,
    pub kinds: Vec<u64>,
    /// Region-column values that are not six digits, numbered from [`LOCAL_BASE`].
    pub texts: Vec<String>,
    /// The region keys of this part's entry slots (slot `i + 1` is `slots[i]`): the regions
    /// from a region column that differ from the code's own.
    pub slots: Vec<RegionKey>,
    slot_index: FastMap<RegionKey, u32>,
    text_index: FastMap<u64, Vec<u32>>,
    /// Each record's (region, month, 错码?), counted after the piece in one tight loop: counted
    /// record by record, each count waited on its table's slot (out of the nearest cache by
    /// then), while independent counts in a row overlap their loads.
    tallies: Vec<(RegionKey, MonthKey, bool)>,
    /// Valid records with and without a name.
    pub valid_named: u64,
    pub valid_nameless: u64,
}

impl Part {
    /// Classifies `records` into this (cleared) part, counting them in `counts`.
    pub(crate) fn fill(
        &mut self,
        records: &[Record<'_>],
        policy: &Policy,
        has_names: bool,
        counts: &mut Counts,
    ) {
        if self.buckets.len() != BUCKETS {
            self.buckets = (0..BUCKETS).map(|_| Vec::new()).collect();
        }
        for b in &mut self.buckets {
            b.clear();
        }
        self.errors.clear();
        self.text_regions.clear();
        self.kinds.clear();
        self.kinds.resize(Kind::ALL.len(), 0);
        self.texts.clear();
        self.text_index.clear();
        self.slots.clear();
        self.slot_index.clear();
        self.valid_named = 0;
        self.valid_nameless = 0;
        self.tallies.clear();
        for (i, r) in records.iter().enumerate() {
            if let Some(next) = records.get(i + AHEAD) {
                ahead(next);
            }
            self.one(r, policy, has_names);
        }
        let tallies = std::mem::take(&mut self.tallies);
        for &(region, month, erroneous) in &tallies {
            self.count(counts, month, region, erroneous);
        }
        self.tallies = tallies;
    }
}

/// How many records ahead [`ahead`] is asked for: the best of 4, 8, 12 and 16 measured on
/// 10 M records.
const AHEAD: usize = 8;

/// Starts loading a record's strings (see [`prefetch`]).
#[inline(always)]
fn ahead(r: &Record<'_>) {
    prefetch::read(r.code);
    if let Some(s) = r.name {
        prefetch::read(s);
    }
    if let Some(s) = r.date {
        prefetch::read(s);
    }
    if let Some(s) = r.region {
        prefetch::read(s);
    }
}

impl Part {
    #[inline]
    fn one(&mut self, r: &Record<'_>, policy: &Policy, has_names: bool) {
        let month = r.date.map_or(UNKNOWN_MONTH, month_key);
        let name = match r.name {
            Some(n) if has_names => names::key(n),
            _ => 0,
        };
        let column = r.region.and_then(|c| self.column_region(c));
        let (bytes, flags) = match quick(r.code.as_bytes(), policy) {
            Some(b) => b,
            None => match slow(r, policy) {
                Ok(b) => (b, NORMALIZED),
                Err((kind, text_region, errors)) => {
                    let region = column.or(text_region).unwrap_or(UNKNOWN_REGION);
                    self.tallies.push((region, month, true));
                    self.kinds[kind_index(kind)] += 1;
                    self.errors.push(ErrRec {
                        row: r.row,
                        text: stored_text(r.code),
                        orig_len: r.code.len().min(u32::MAX as usize) as u32,
                        name,
                        kind,
                        errors,
                    });
                    return;
                }
            },
        };
        // Positions 3–8 of a valid code are digits.
        let own = six(&bytes[2..8]).unwrap_or(UNKNOWN_REGION);
        let region = column.unwrap_or(own);
        self.tallies.push((region, month, false));
        let slot = if region == own && own != UNKNOWN_REGION {
            0
        } else {
            self.slot(region)
        };
        if name == 0 {
            self.valid_nameless += 1;
        } else {
            self.valid_named += 1;
        }
        let k = pack(&bytes);
        // Straight into its bucket: the part's buckets stay allocated from piece to piece.
        self.buckets[bucket_of(k)].push(Entry::new(k, r.row, name, slot, month, flags));
    }

    #[inline]
    fn count(&mut self, c: &mut Counts, month: MonthKey, region: RegionKey, erroneous: bool) {
        c.months.add(u32::from(month), erroneous);
        if region < SEEN_KEYS {
            c.regions.add(region, erroneous);
        } else if region == UNKNOWN_REGION {
            c.regions.add(UNKNOWN_INDEX, erroneous);
        } else {
            let t = self.text_regions.get(region);
            if erroneous {
                t.erroneous += 1;
            } else {
                t.valid += 1;
            }
        }
    }

    /// The part's slot of a region key.
    fn slot(&mut self, region: RegionKey) -> u32 {
        if let Some(&s) = self.slot_index.get(&region) {
            return s;
        }
        self.slots.push(region);
        let s = self.slots.len() as u32;
        self.slot_index.insert(region, s);
        s
    }

    /// The region key of a region-column value; `None` when it is blank.
    fn column_region(&mut self, c: &str) -> Option<RegionKey> {
        let c = c.trim();
        if c.is_empty() {
            return None;
        }
        if let Some(v) = six(c.as_bytes()) {
            return Some(v);
        }
        let h = names::hash(c);
        let ids = self.text_index.entry(h).or_default();
        if let Some(&i) = ids.iter().find(|&&i| self.texts[i as usize] == c) {
            return Some(LOCAL_BASE + i);
        }
        let i = self.texts.len() as u32;
        ids.push(i);
        self.texts.push(c.to_string());
        Some(LOCAL_BASE + i)
    }
}

/// Six ASCII digits as a number.
#[inline]
pub(crate) fn six(b: &[u8]) -> Option<u32> {
    region::parse6(b)
}

/// The hot path: canonical (or only padded / lower-case) valid codes, without allocating.
#[inline]
pub(super) fn quick(b: &[u8], policy: &Policy) -> Option<([u8; 18], u16)> {
    if fast_valid(b, policy) {
        return Some((b.try_into().ok()?, 0));
    }
    let t = b.trim_ascii();
    if t.len() != 18 {
        return None;
    }
    let u: [u8; 18] = core::array::from_fn(|i| t[i].to_ascii_uppercase());
    (u != b && fast_valid(&u, policy)).then_some((u, NORMALIZED))
}

/// What [`slow`] says of a 错码: the first error's kind, the region its text still tells, and
/// its error findings.
pub(super) type Rejected = (Kind, Option<RegionKey>, Kept);

/// Everything else goes through the full diagnosis: `Ok` with the normalized valid code, or
/// the 错码's [`Rejected`].
pub(super) fn slow(r: &Record<'_>, policy: &Policy) -> Result<[u8; 18], Rejected> {
    let d = policy.diagnose(r.code);
    if let Some(c) = d.code() {
        return Ok(*c.as_bytes());
    }
    let kind = d
        .first_error()
        .or(d.findings.first())
        .map_or(Kind::Empty, |f| f.kind);
    let region = d.normalized.as_deref().and_then(|t| error_region(t, kind));
    let mut errors = d.findings;
    errors.retain(Finding::is_error);
    Err((kind, region, Kept::new(errors)))
}

/// The region an erroneous code still tells: positions 3–8 when the normalized text is 18
/// characters with six digits there naming a real province — and it is not another identifier
/// (a citizen ID's digits 3–8 are not a registration authority).
pub(crate) fn error_region(t: &str, kind: Kind) -> Option<RegionKey> {
    let b = t.as_bytes();
    if b.len() != 18 || kind == Kind::CitizenId {
        return None;
    }
    six(&b[2..8]).filter(|v| region::province_exists(v / 10_000))
}

/// The text kept for a flagged record: as stored, or a preview of an over-long input.
pub(super) fn stored_text(s: &str) -> Box<str> {
    if s.len() <= MAX_INPUT_LEN {
        return s.into();
    }
    let mut end = 64;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end]).into_boxed_str()
}
