//! Across records: one bucket of packed valid records at a time, split (the records alone
//! with their subject identifier, then the others sorted), then walked run by run — equal
//! subject identifiers (collisions), equal codes inside them (重码 and repeats) —
//! while answering the "is this candidate code in the batch?" queries of the 错码 records
//! that hash to the bucket. The bucket's entries are freed when it is done; what survives is
//! small (marks for flagged records, groups) plus one 32-byte pair per distinct (code, name)
//! for the one-entity-many-codes pass, already split by name hash.

use super::store::{digit, key_of, mix, Entry, Regions, NORMALIZED};
use super::tally::FastMap;

/// A candidate code for a 错码 record, looked up in the batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Query {
    pub hi: u64,
    pub lo: u64,
    /// Index of the 错码 record in the listed errors.
    pub err: u32,
    /// Lower is more likely.
    pub rank: u16,
    /// The 错码 record's name hash (0: none).
    pub name: u64,
}

/// A candidate found in the batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Answer {
    pub err: u32,
    pub rank: u16,
    pub hi: u64,
    pub lo: u64,
    /// A record with this code has the same name as the 错码 record.
    pub same_entity: bool,
    /// Some record with this code has a name.
    pub named: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum MarkClass {
    Duplicate,
    Repeated,
}

/// A valid record that is flagged: 重码 or repeat.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Mark {
    pub row: u64,
    pub class: MarkClass,
    pub key: u128,
    pub name: u64,
    pub region: u32,
    pub month: u16,
    pub flags: u16,
    /// Repeat: the first row of the same entity (or of the code, when nameless). 重码: up to
    /// three rows of other entities.
    pub refs: Refs,
    /// 重码: how many other entities carry the code.
    pub others: u64,
    /// Repeat: whether the record (or its first occurrence) has no name to tell entities apart.
    pub nameless: bool,
}

/// Up to three rows, kept inline: a mark is made for every 重码 and repeat, and a vector each
/// was a measurable part of building and freeing them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Refs {
    rows: [u64; 3],
    len: u8,
}

impl Refs {
    /// The first three rows of `rows`.
    pub fn new(rows: impl IntoIterator<Item = u64>) -> Refs {
        let mut r = Refs::default();
        for row in rows.into_iter().take(3) {
            r.rows[r.len as usize] = row;
            r.len += 1;
        }
        r
    }

    pub fn as_slice(&self) -> &[u64] {
        &self.rows[..self.len as usize]
    }
}

/// A record as a member of a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RawMember {
    pub row: u64,
    pub key: u128,
    pub name: u64,
    pub flags: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RawGroup {
    pub key: u128,
    pub members: Vec<RawMember>,
    pub records: u64,
}

/// One distinct (code, name) with its first row, for the one-entity-many-codes pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) struct NamePair {
    pub name: u64,
    pub hi: u64,
    pub lo: u64,
    pub row: u64,
}

impl NamePair {
    /// The pair of an entry.
    #[inline]
    fn of(e: &Entry) -> NamePair {
        NamePair {
            name: e.name,
            hi: e.subject(),
            lo: e.rest()
                | if e.flags() & NORMALIZED != 0 {
                    PAIR_NORMALIZED
                } else {
                    0
                },
            row: e.row,
        }
    }
}

/// Top bit of `NamePair::lo` (a key uses only 45 bits of `lo`): the stored text was normalized.
pub(crate) const PAIR_NORMALIZED: u64 = 1 << 63;
pub(crate) const NAME_BUCKETS: usize = 256;

#[inline]
pub(crate) fn name_bucket(name: u64) -> usize {
    (name >> 56) as usize % NAME_BUCKETS
}

#[derive(Default)]
pub(crate) struct BucketOut {
    pub marks: Vec<Mark>,
    pub groups: Vec<RawGroup>,
    pub duplicate_groups: u64,
    pub collisions: Vec<RawGroup>,
    pub collision_count: u64,
    /// Name pairs ordered by name bucket, with the start of each bucket.
    pub pairs: Vec<NamePair>,
    pub pair_starts: Vec<u32>,
    pub answers: Vec<Answer>,
}

fn member(e: &Entry) -> RawMember {
    RawMember {
        row: e.row,
        key: e.key(),
        name: e.name,
        flags: e.flags(),
    }
}

/// A bit set of name hashes: a name whose bit was set twice *may* carry several codes; a
/// name whose bit was set once certainly does not — so only the first kind needs a name pair.
///
/// Filled in two steps, so that no step misses the cache on every name: while each bucket is
/// read for its split (from memory then anyway), each named record's bit number goes
/// to its [partition](FilterLayout) of the set; then each partition's bits are set on their
/// own, in a slice of the set small enough for the core's cache (plain writes: partitions are
/// disjoint). A bit is set once per *record*: a repeat (same code, same name) sets its name's
/// twice too, and costs a name pair that finds no second code. (Gathered once per distinct
/// code and name, from a sorted bucket, it took a pass of its own over every bucket.) The
/// result does not depend on the order anything was gathered in.
pub(crate) struct NameFilter {
    twice: Vec<u64>,
    mask: u64,
}

/// Where a name's bit is: its number (`name & mask`) and its partition (the number's top bits).
#[derive(Clone, Copy, Debug)]
pub(crate) struct FilterLayout {
    mask: u64,
    /// Bits per partition, as a shift.
    shift: u32,
    parts: usize,
}

impl FilterLayout {
    /// About one byte per record per set (`seen`, `twice`): a false "twice" for about one
    /// name in eight (more past half a billion records: bit numbers are 32-bit).
    pub fn new(records: usize) -> FilterLayout {
        let bits: u64 = (records.max(64) as u64)
            .saturating_mul(8)
            .checked_next_power_of_two()
            .map_or(1 << 32, |b| b.min(1 << 32));
        // Partitions of at least 64 KiB of `seen` (and of `twice`): at 10 M records, 64 of
        // 256 KiB.
        let parts = (bits >> 19).clamp(1, FILTER_PARTS as u64);
        FilterLayout {
            mask: bits - 1,
            shift: (bits / parts).trailing_zeros(),
            parts: parts as usize,
        }
    }

    /// One vector per partition, for [`FilterLayout::gather`], each with room for its share
    /// of `records` names and some (grown by pushes, these vectors were reallocated a dozen
    /// times each, a seventh of the split's time).
    pub fn partitions(&self, records: usize) -> Vec<Vec<u32>> {
        let each = records / self.parts;
        let each = each + each / 16 + 64;
        (0..self.parts).map(|_| Vec::with_capacity(each)).collect()
    }

    /// Gathers a record's name (0: none): its bit number, into its partition's vector of
    /// `out` (made by [`FilterLayout::partitions`]).
    #[inline]
    pub fn gather(&self, name: u64, out: &mut [Vec<u32>]) {
        if name != 0 {
            let b = name & self.mask;
            out[(b >> self.shift) as usize].push(b as u32);
        }
    }
}

/// At most this many partitions.
const FILTER_PARTS: usize = 64;

impl NameFilter {
    /// The filter of every gathered bit number (each element of `gathered`: one vector per
    /// partition, as [`FilterLayout::partitions`] makes them).
    pub fn build(layout: FilterLayout, gathered: &[Vec<Vec<u32>>]) -> NameFilter {
        let words = ((layout.mask + 1) / 64) as usize;
        let per = words / layout.parts;
        let mut twice = vec![0u64; words];
        let mut slices: Vec<&mut [u64]> = twice.chunks_mut(per).collect();
        super::par::each_indexed(&mut slices, |p, twice| {
            let mut seen = vec![0u64; per];
            let base = p * per;
            for b in gathered.iter().filter_map(|g| g.get(p)).flatten() {
                let (w, bit) = (*b as usize / 64 - base, 1u64 << (b % 64));
                if seen[w] & bit != 0 {
                    twice[w] |= bit;
                }
                seen[w] |= bit;
            }
        });
        NameFilter {
            twice,
            mask: layout.mask,
        }
    }

    fn maybe_multi(&self, name: u64) -> bool {
        let b = name & self.mask;
        self.twice[(b / 64) as usize] & (1u64 << (b % 64)) != 0
    }
}

/// Processes one bucket split by [`super::store::split_bucket`] at `split`: the entries
/// before it carry a subject identifier no other entry carries, those from it on are sorted.
/// `max_members` caps the member lists (counts stay complete).
pub(crate) fn process(
    v: Vec<Entry>,
    split: usize,
    mut queries: Vec<Query>,
    max_members: usize,
    filter: &NameFilter,
    regions: &Regions,
) -> BucketOut {
    // In the order of the bucket's sorted part, for the merge below.
    queries.sort_unstable_by_key(|q| (mix(q.hi), q.lo, q.err, q.rank, q.name));
    // Each record's "may carry several codes" bit, looked up in one tight pass: the filter is
    // far larger than the cache, and independent look-ups overlap their misses (inside the
    // walk below, each waited for the one before).
    let multi: Vec<bool> = v
        .iter()
        .map(|e| e.name != 0 && filter.maybe_multi(e.name))
        .collect();
    let mut out = BucketOut::default();
    let mut pairs = Vec::new();
    // The entries alone with their subject identifier: one record, one code, no group, no
    // collision; a query for its code is found through a bit set of the queries' digits
    // (the entries are in no order to merge with).
    let asked = Asked::new(&queries);
    for (e, &m) in v[..split].iter().zip(&multi) {
        if m {
            pairs.push(NamePair::of(e));
        }
        if asked.maybe(e) {
            let here = (mix(e.subject()), e.rest());
            let mut q = queries.partition_point(|q| (mix(q.hi), q.lo) < here);
            answer(core::slice::from_ref(e), &queries, &mut q, &mut out.answers);
        }
    }
    let (entries, multi_all) = (v, multi);
    let (v, multi) = (&entries[split..], &multi_all[split..]);
    let mut q = 0;
    let mut i = 0;
    // Reused from run to run: most subject identifiers here still have a single code, so a
    // fresh vector per run would be an allocation per record.
    let mut firsts: Vec<RawMember> = Vec::new();
    while i < v.len() {
        let subj = v[i].subject(); // the subject identifier
        let mut j = i + 1;
        while j < v.len() && v[j].subject() == subj {
            j += 1;
        }
        if j == i + 1 {
            // One record, one code, no group, no collision (its digit was shared by chance).
            answer(&v[i..j], &queries, &mut q, &mut out.answers);
            if multi[i] {
                pairs.push(NamePair::of(&v[i]));
            }
            i = j;
            continue;
        }
        firsts.clear();
        let mut distinct = 0u64;
        let mut k = i;
        while k < j {
            let mut l = k + 1;
            while l < j && v[l].same_code(&v[k]) {
                l += 1;
            }
            let run = &v[k..l];
            distinct += 1;
            if firsts.len() < max_members {
                firsts.push(member(&run[0]));
            }
            answer(run, &queries, &mut q, &mut out.answers);
            code_run(
                run,
                &multi[k..l],
                max_members,
                regions,
                &mut out,
                &mut pairs,
            );
            k = l;
        }
        if distinct >= 2 {
            out.collision_count += 1;
            out.collisions.push(RawGroup {
                key: firsts[0].key,
                members: firsts.clone(),
                records: (j - i) as u64,
            });
        }
        i = j;
    }
    drop(multi_all);
    drop(entries);
    // Counting sort of the pairs by name bucket.
    let mut starts = vec![0u32; NAME_BUCKETS + 1];
    for p in &pairs {
        starts[name_bucket(p.name) + 1] += 1;
    }
    for b in 0..NAME_BUCKETS {
        starts[b + 1] += starts[b];
    }
    let mut fill = starts.clone();
    let mut sorted = vec![NamePair::default(); pairs.len()];
    for p in pairs {
        let b = name_bucket(p.name);
        sorted[fill[b] as usize] = p;
        fill[b] += 1;
    }
    out.pairs = sorted;
    out.pair_starts = starts;
    out
}

/// The digits of a bucket's queries (the mixed subject's bits after the bucket's), as a bit
/// set of 16 to 32 bits a query: whether an entry's code *may* be asked for.
struct Asked {
    set: Vec<u64>,
    /// Digit width: the set has `2^bits` bits.
    bits: u32,
}

impl Asked {
    fn new(queries: &[Query]) -> Asked {
        let bits = (queries.len() * 16)
            .next_power_of_two()
            .max(64)
            .trailing_zeros();
        let mut set = vec![0u64; 1 << (bits - 6)];
        for q in queries {
            let d = digit(q.hi, bits);
            set[d / 64] |= 1 << (d % 64);
        }
        Asked { set, bits }
    }

    #[inline]
    fn maybe(&self, e: &Entry) -> bool {
        let d = digit(e.subject(), self.bits);
        self.set[d / 64] & (1 << (d % 64)) != 0
    }
}

/// The answers to the queries for `run`'s code (all records of one code), from `q` on; the
/// queries before it, for codes not in the batch, are skipped.
#[inline]
fn answer(run: &[Entry], queries: &[Query], q: &mut usize, answers: &mut Vec<Answer>) {
    let here = (mix(run[0].subject()), run[0].rest());
    while *q < queries.len() && (mix(queries[*q].hi), queries[*q].lo) < here {
        *q += 1;
    }
    while *q < queries.len()
        && (queries[*q].hi, queries[*q].lo) == (run[0].subject(), run[0].rest())
    {
        let qq = queries[*q];
        answers.push(Answer {
            err: qq.err,
            rank: qq.rank,
            hi: qq.hi,
            lo: qq.lo,
            same_entity: qq.name != 0 && run.iter().any(|e| e.name == qq.name),
            named: run.iter().any(|e| e.name != 0),
        });
        *q += 1;
    }
}

/// All valid records of one code, sorted by row.
/// `multi[i]`: the name of `run[i]` may carry several codes (see [`NameFilter`]).
fn code_run(
    run: &[Entry],
    multi: &[bool],
    max_members: usize,
    regions: &Regions,
    out: &mut BucketOut,
    pairs: &mut Vec<NamePair>,
) {
    let pair = NamePair::of;
    if run.len() == 1 {
        if multi[0] {
            pairs.push(pair(&run[0]));
        }
        return;
    }
    // First occurrence of each distinct name, in row order. Most runs are two or three
    // records: a map (an allocation per run) only for long ones.
    let mut entities: Vec<usize> = Vec::new();
    let mut index: FastMap<u64, usize> = FastMap::default();
    let long = run.len() > 16;
    let first_of = |entities: &[usize], index: &FastMap<u64, usize>, name: u64| {
        if long {
            index.get(&name).copied()
        } else {
            entities.iter().copied().find(|&y| run[y].name == name)
        }
    };
    for (x, e) in run.iter().enumerate() {
        if e.name != 0 && first_of(&entities, &index, e.name).is_none() {
            if long {
                index.insert(e.name, x);
            }
            entities.push(x);
            if multi[x] {
                pairs.push(pair(e));
            }
        }
    }
    let d = entities.len();
    let key = run[0].key();
    let mark = |e: &Entry, class, refs: Refs, others: u64, nameless: bool| Mark {
        row: e.row,
        class,
        key,
        name: e.name,
        region: regions.of(e),
        month: e.month(),
        flags: e.flags(),
        refs,
        others,
        nameless,
    };
    if d >= 2 {
        out.duplicate_groups += 1;
        out.groups.push(RawGroup {
            key,
            members: entities
                .iter()
                .take(max_members)
                .map(|&x| member(&run[x]))
                .collect(),
            records: run.len() as u64,
        });
        for (x, e) in run.iter().enumerate() {
            let first = if e.name == 0 {
                None
            } else {
                first_of(&entities, &index, e.name)
            };
            if first == Some(x) {
                let refs = Refs::new(entities.iter().filter(|&&y| y != x).map(|&y| run[y].row));
                out.marks
                    .push(mark(e, MarkClass::Duplicate, refs, d as u64 - 1, false));
            } else {
                let r = first.map_or(run[0].row, |f| run[f].row);
                out.marks.push(mark(
                    e,
                    MarkClass::Repeated,
                    Refs::new([r]),
                    0,
                    first.is_none(),
                ));
            }
        }
    } else {
        let nameless = d == 0 || run.iter().any(|e| e.name == 0);
        for e in &run[1..] {
            out.marks.push(mark(
                e,
                MarkClass::Repeated,
                Refs::new([run[0].row]),
                0,
                nameless,
            ));
        }
    }
}

/// One-entity-many-codes: the name pairs of one name bucket from every code bucket.
pub(crate) fn multi_code(mut pairs: Vec<NamePair>, max_members: usize) -> (Vec<RawGroup>, u64) {
    pairs.sort_unstable_by_key(|p| (p.name, p.row, p.hi, p.lo));
    let mut out = Vec::new();
    let mut count = 0;
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i + 1;
        while j < pairs.len() && pairs[j].name == pairs[i].name {
            j += 1;
        }
        if j - i >= 2 {
            count += 1;
            let members: Vec<RawMember> = pairs[i..j]
                .iter()
                .take(max_members)
                .map(|p| RawMember {
                    row: p.row,
                    key: key_of(p.hi, p.lo & !PAIR_NORMALIZED),
                    name: p.name,
                    flags: if p.lo & PAIR_NORMALIZED != 0 {
                        NORMALIZED
                    } else {
                        0
                    },
                })
                .collect();
            out.push(RawGroup {
                key: members[0].key,
                members,
                records: (j - i) as u64,
            });
        }
        i = j;
    }
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::store::pack;

    #[test]
    fn name_filter_marks_names_seen_with_two_codes() {
        let (a, b) = (pack(b"91350100M000100Y43"), pack(b"91110108551385082Q"));
        let e = |k, name| Entry::new(k, 1, name, 0, 0, 0);
        // X carries both codes; Y one code twice (a repeat); Z once, in the last partition
        // (X's bits above the mask do not count); W on one record.
        let layout = FilterLayout::new(2_000_000);
        let (x, y, z, w) = ((1 << 40) | 3, 4, layout.mask, 5);
        let gather = |v: &[Entry]| {
            let mut out = layout.partitions(v.len());
            v.iter().for_each(|e| layout.gather(e.name, &mut out));
            out
        };
        let one = gather(&[e(a, x), e(a, y), e(a, y), e(a, w)]);
        let two = gather(&[e(b, x), e(b, z), e(b, 0)]);
        let f = NameFilter::build(layout, &[one.clone(), two.clone()]);
        assert!(f.maybe_multi(x));
        // A repeat is a record more: its name may carry several codes, as far as the filter
        // can tell. A name on one record certainly does not.
        assert!(f.maybe_multi(y));
        assert!(!f.maybe_multi(z) && !f.maybe_multi(w));
        // Whatever the order the buckets were gathered in.
        assert_eq!(NameFilter::build(layout, &[two, one]).twice, f.twice);
        assert!(layout.parts > 1, "the test should cross partitions");
    }
}
