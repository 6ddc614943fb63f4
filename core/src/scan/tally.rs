//! Counting: per-month and per-region counters merged from every worker (sums, so the order of
//! merging never changes a number).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast, non-cryptographic hasher for small integer keys (the keys are not adversarial:
/// month numbers and region numbers).
#[derive(Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
    // Every integer goes through `write_u64`: the default for the others is the byte loop
    // above, eight dependent multiplications for a `usize` (an enum's discriminant, an
    // `Option`'s), a tenth of the work of a 错码's line when a finding was hashed that way.
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0 ^ i).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 ^= self.0 >> 29;
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn write_isize(&mut self, i: isize) {
        self.write_u64(i as u64);
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<IntHasher>>;

/// The six counters of one row: total, valid, erroneous, duplicate, repeated, skipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub total: u64,
    pub valid: u64,
    pub erroneous: u64,
    pub duplicate: u64,
    pub repeated: u64,
    pub skipped: u64,
}

/// A worker's counts for one key: valid records and 错码 (what [`SeenTable`] hands over, and
/// what a chunk's region-column text values are counted in).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    pub valid: u32,
    pub erroneous: u32,
}

impl Seen {
    /// The counts of a packed counter (see [`bump`]).
    #[inline]
    fn unpack(c: u64) -> Seen {
        Seen {
            valid: c as u32,
            erroneous: (c >> 32) as u32,
        }
    }
}

/// Counts a record in a packed counter — valid records in the low half, 错码 in the high one —
/// and says whether it was the counter's first.
#[inline]
fn bump(c: &mut u64, erroneous: bool) -> bool {
    let first = *c == 0;
    *c += if erroneous { 1 << 32 } else { 1 };
    first
}

/// What a worker counts per month or region over a whole scan: two counters (valid, 错码)
/// packed in a `u64` per key, found by indexing (a look-up and an add per record, where a
/// hash table took a multiplication and two dependent look-ups). Keys below 2²⁰ only: months
/// and six-digit region codes.
///
/// The counters live in blocks of 512 keys (4 KiB), each allocated when a key in it is first
/// counted: region codes cluster by province, so a batch touches a few hundred blocks at most.
/// The keys counted since the last [`drain`](SeenTable::drain) are listed, so draining costs
/// the keys seen, not the table.
#[derive(Debug, Default)]
pub(crate) struct SeenTable {
    blocks: Vec<Box<[u64]>>,
    touched: Vec<u32>,
    /// Records counted since the last drain: each half of a counter holds at most 2³² − 1.
    pub counted: u64,
}

const BLOCK_BITS: u32 = 9;
/// Keys a [`SeenTable`] takes: `0..SEEN_KEYS`.
pub(crate) const SEEN_KEYS: u32 = 1 << 20;

impl SeenTable {
    /// Counts a record under `key` (`< SEEN_KEYS`): valid or 错码.
    #[inline]
    pub fn add(&mut self, key: u32, erroneous: bool) {
        debug_assert!(key < SEEN_KEYS);
        let (b, i) = Self::at(key);
        if self.blocks.get(b).map_or(true, |x| x.is_empty()) {
            self.alloc(b);
        }
        if bump(&mut self.blocks[b][i], erroneous) {
            self.touched.push(key);
        }
        self.counted += 1;
    }

    /// A key's block and place in it.
    #[inline]
    fn at(key: u32) -> (usize, usize) {
        (
            (key >> BLOCK_BITS) as usize,
            (key & ((1 << BLOCK_BITS) - 1)) as usize,
        )
    }

    #[cold]
    fn alloc(&mut self, b: usize) {
        if self.blocks.len() <= b {
            self.blocks.resize_with(b + 1, Default::default);
        }
        self.blocks[b] = vec![0; 1 << BLOCK_BITS].into_boxed_slice();
    }

    /// Whether a counter may be near its limit: time to drain.
    pub fn full(&self) -> bool {
        self.counted >= 1 << 31
    }

    /// Hands every counted key to `f` and sets its counters back to zero.
    pub fn drain(&mut self, mut f: impl FnMut(u32, Seen)) {
        for &k in &self.touched {
            let (b, i) = Self::at(k);
            f(k, Seen::unpack(core::mem::take(&mut self.blocks[b][i])));
        }
        self.touched.clear();
        self.counted = 0;
    }
}

/// What a worker counts per six-digit region over a whole scan (and [`SEEN_KEYS`]` - 1` for
/// unknown): valid records and 错码 each in a [`KeyCounts`] (错码 are rare: their table stays
/// small and out of the way).
///
/// Why: counting by key in [`SeenTable`] spread a national batch's few thousand counties over
/// a megabyte, a cache miss per record; by region-table row it took a chain of four
/// dependent table reads (province, prefecture, bit set, popcount) before the counter's, a
/// fifth of the per-record step; with a `u64` per slot holding both counters, a batch's few
/// thousand counties took 128 KB, which the record stream pushed out of cache between two
/// visits of a slot. Here they take 64 KB.
#[derive(Debug, Default)]
pub(crate) struct RegionCounts {
    valid: KeyCounts,
    erroneous: KeyCounts,
    /// Records counted since the last drain.
    counted: u64,
}

impl RegionCounts {
    /// Counts a record under the region `key` (`< SEEN_KEYS`): valid or 错码.
    #[inline]
    pub fn add(&mut self, key: u32, erroneous: bool) {
        debug_assert!(key < SEEN_KEYS);
        if erroneous {
            self.erroneous.add(key + 1);
        } else {
            self.valid.add(key + 1);
        }
        self.counted += 1;
    }

    /// Whether a counter may be near its limit (`u32`, as handed over): time to drain.
    pub fn full(&self) -> bool {
        self.counted >= 1 << 31
    }

    /// Hands every counted key to `f`, once, and sets its counters back to zero.
    pub fn drain(&mut self, mut f: impl FnMut(u32, Seen)) {
        let mut all: Vec<(u32, Seen)> = Vec::with_capacity(self.valid.len + self.erroneous.len);
        self.valid.drain(|tag, n| {
            all.push((
                tag,
                Seen {
                    valid: n as u32,
                    erroneous: 0,
                },
            ))
        });
        self.erroneous.drain(|tag, n| {
            all.push((
                tag,
                Seen {
                    valid: 0,
                    erroneous: n as u32,
                },
            ))
        });
        // A key counted both ways is in both tables: its two entries, side by side, as one.
        all.sort_unstable_by_key(|&(tag, _)| tag);
        for run in all.chunk_by(|a, b| a.0 == b.0) {
            let s = run.iter().fold(Seen::default(), |a, (_, s)| Seen {
                valid: a.valid + s.valid,
                erroneous: a.erroneous + s.erroneous,
            });
            f(run[0].0 - 1, s);
        }
        self.counted = 0;
    }
}

/// Counts by a key tag (`1..=SEEN_KEYS`): an open-addressing table whose slots are one `u32`
/// each, the tag above an 11-bit counter, so that a count costs one multiplication, one load
/// and one store, almost always in the first slot probed: the table stays at most a quarter
/// full. (Up to three quarters, a national batch's 4,300 regions filled half of 8,192 slots:
/// a count probed 1.55 slots on average, and the probe loop's exit, taken or not from one
/// record to the next, cost 8.5 ns a count against 2.9 ns now, on one core. An eighth full,
/// the table outgrew the first-level cache: 4 ns.) A counter that fills hands 2,048 to a
/// side map and starts again.
#[derive(Debug, Default)]
struct KeyCounts {
    /// `tag << LOW_BITS | count`; 0: empty. A power of two long.
    slots: Vec<u32>,
    /// Keys in `slots`.
    len: usize,
    /// What the counters handed over, by tag.
    spill: FastMap<u32, u64>,
}

const LOW_BITS: u32 = 11;
const LOW_MAX: u32 = (1 << LOW_BITS) - 1;

impl KeyCounts {
    #[inline]
    fn add(&mut self, tag: u32) {
        if self.len * 4 >= self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = Self::home(tag, mask);
        loop {
            let s = self.slots[i];
            if s >> LOW_BITS == tag {
                if s & LOW_MAX == LOW_MAX {
                    self.carry(i);
                } else {
                    self.slots[i] = s + 1;
                }
                return;
            }
            if s == 0 {
                self.slots[i] = tag << LOW_BITS | 1;
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// The counter of slot `i` is full and counts one more: 2,048 to the side map.
    #[cold]
    fn carry(&mut self, i: usize) {
        let s = self.slots[i];
        *self.spill.entry(s >> LOW_BITS).or_default() += u64::from(LOW_MAX) + 1;
        self.slots[i] = s & !LOW_MAX;
    }

    /// The first slot to probe for a tag, in a table of `mask + 1` slots.
    #[inline]
    fn home(tag: u32, mask: usize) -> usize {
        (u64::from(tag).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & mask
    }

    /// Doubles the table (8,192 slots at first: 2,048 counties fit) and puts every
    /// slot back.
    #[cold]
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots = vec![0; (old.len() * 2).max(1 << 13)];
        let mask = self.slots.len() - 1;
        for s in old.into_iter().filter(|&s| s != 0) {
            let mut i = Self::home(s >> LOW_BITS, mask);
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = s;
        }
    }

    /// Hands every tag and its count to `f` and empties the table (keeping its size).
    fn drain(&mut self, mut f: impl FnMut(u32, u64)) {
        for s in self.slots.iter_mut().filter(|s| **s != 0) {
            let v = core::mem::take(s);
            let tag = v >> LOW_BITS;
            let carried = self.spill.remove(&tag).unwrap_or(0);
            f(tag, u64::from(v & LOW_MAX) + carried);
        }
        self.len = 0;
    }
}

impl Tally {
    /// Adds a worker's counts (each record seen is valid or a 错码).
    pub fn add_seen(&mut self, o: &Seen) {
        let (v, e) = (u64::from(o.valid), u64::from(o.erroneous));
        self.total += v + e;
        self.valid += v;
        self.erroneous += e;
    }

    pub fn add(&mut self, o: &Tally) {
        self.total += o.total;
        self.valid += o.valid;
        self.erroneous += o.erroneous;
        self.duplicate += o.duplicate;
        self.repeated += o.repeated;
        self.skipped += o.skipped;
    }

    pub fn counts(&self) -> super::Counts {
        let rate = if self.total == 0 {
            0.0
        } else {
            (self.erroneous + self.duplicate) as f64 / self.total as f64
        };
        super::Counts {
            total: self.total,
            valid: self.valid,
            erroneous: self.erroneous,
            duplicate: self.duplicate,
            repeated: self.repeated,
            skipped: self.skipped,
            rate,
        }
    }
}

/// Counters by key: rows in first-seen order, found through an open-addressing table of
/// (key, row) slots (linear probing, at most half full). The scan's totals by month and by
/// region (a few dozen months, a few thousand regions): the table stays in the core's cache
/// and a look-up is one multiplication and, almost always, one slot.
#[derive(Clone, Debug)]
pub(crate) struct TallyMap<K: Copy + Eq + Into<u64>, V = Tally> {
    /// (key, row index + 1); 0: empty. A power of two long.
    slots: Vec<(K, u32)>,
    rows: Vec<(K, V)>,
}

impl<K: Copy + Eq + Into<u64> + Default, V> Default for TallyMap<K, V> {
    fn default() -> Self {
        TallyMap {
            slots: Vec::new(),
            rows: Vec::new(),
        }
    }
}

impl<K: Copy + Eq + Into<u64> + Default, V: Default> TallyMap<K, V> {
    /// The first slot to probe for `k` in a table of `len` slots.
    #[inline]
    fn home(k: K, len: usize) -> usize {
        let x: u64 = k.into();
        (x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - len.trailing_zeros())) as usize
    }

    #[inline]
    pub fn get(&mut self, k: K) -> &mut V {
        if self.rows.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = Self::home(k, self.slots.len());
        loop {
            let (sk, r) = self.slots[i];
            if r == 0 {
                self.rows.push((k, V::default()));
                self.slots[i] = (k, self.rows.len() as u32);
                return &mut self.rows.last_mut().expect("just pushed").1;
            }
            if sk == k {
                return &mut self.rows[r as usize - 1].1;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table (64 slots at first) and puts every row back.
    #[cold]
    fn grow(&mut self) {
        let len = (self.slots.len() * 2).max(64);
        self.slots.clear();
        self.slots.resize(len, (K::default(), 0));
        for (r, (k, _)) in self.rows.iter().enumerate() {
            let mut i = Self::home(*k, len);
            while self.slots[i].1 != 0 {
                i = (i + 1) & (len - 1);
            }
            self.slots[i] = (*k, r as u32 + 1);
        }
    }

    /// Empties the map, keeping its table (reused chunk after chunk).
    pub fn clear(&mut self) {
        self.rows.clear();
        self.slots.fill((K::default(), 0));
    }

    pub fn iter(&self) -> impl Iterator<Item = &(K, V)> {
        self.rows.iter()
    }
}

impl<K: Copy + Eq + Into<u64> + Default> TallyMap<K, Tally> {
    /// Adds a worker's counts.
    pub fn merge(&mut self, other: &TallyMap<K, Seen>) {
        for (k, t) in &other.rows {
            self.get(*k).add_seen(t);
        }
    }
}

impl<K: Copy + Eq + Into<u64> + Default> TallyMap<K, Seen> {
    /// Re-keys every row (used to turn worker-local region ids into global ones).
    pub fn remap(&self, f: impl Fn(K) -> K) -> TallyMap<K, Seen> {
        let mut m: TallyMap<K, Seen> = TallyMap::default();
        for (k, t) in &self.rows {
            let r = m.get(f(*k));
            r.valid += t.valid;
            r.erroneous += t.erroneous;
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The two per-worker count tables, as the checks below use them.
    trait Counts: Default {
        fn add(&mut self, key: u32, erroneous: bool);
        fn drain(&mut self, f: &mut dyn FnMut(u32, Seen));
        fn counted(&self) -> u64;
    }

    macro_rules! counts {
        ($($t:ty),*) => {$(
            impl Counts for $t {
                fn add(&mut self, key: u32, erroneous: bool) {
                    <$t>::add(self, key, erroneous)
                }
                fn drain(&mut self, f: &mut dyn FnMut(u32, Seen)) {
                    <$t>::drain(self, f)
                }
                fn counted(&self) -> u64 {
                    self.counted
                }
            }
        )*};
    }
    counts!(SeenTable, RegionCounts);

    /// Adds `adds` to a fresh table, draining it before the `drain_at`-th and at the end: what
    /// it hands over sums to what a map counts, each key at most once a drain, and a drained
    /// table is empty.
    fn counts_like_a_map<T: Counts>(
        adds: &[(u32, bool)],
        drain_at: usize,
    ) -> Result<(), TestCaseError> {
        let mut t = T::default();
        let mut want: HashMap<u32, (u32, u32)> = HashMap::new();
        let mut got: HashMap<u32, (u32, u32)> = HashMap::new();
        let mut take = |t: &mut T| {
            let mut keys = Vec::new();
            t.drain(&mut |k, s| {
                keys.push(k);
                let g = got.entry(k).or_default();
                g.0 += s.valid;
                g.1 += s.erroneous;
            });
            let n = keys.len();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), n, "a key handed over twice in one drain");
        };
        for (i, &(k, e)) in adds.iter().enumerate() {
            if i == drain_at {
                take(&mut t);
                prop_assert_eq!(t.counted(), 0);
            }
            t.add(k, e);
            let w = want.entry(k).or_default();
            if e {
                w.1 += 1
            } else {
                w.0 += 1
            }
        }
        take(&mut t);
        prop_assert_eq!(&got, &want);
        // Drained means empty: a second drain hands nothing over.
        t.drain(&mut |k, _| panic!("{k} drained twice"));
        Ok(())
    }

    #[test]
    fn region_counts_grow_and_carry_their_counters() {
        // More keys than the first table takes (it grows), and keys counted past their slot
        // counter's limit several times (the carry must not spill into the key's bits).
        let mut t = RegionCounts::default();
        for k in 0..10_000 {
            t.add(k * 97, k % 3 == 0);
        }
        assert!(t.valid.slots.len() > 1 << 13);
        let n = 5 * (LOW_MAX + 1) + 7;
        for i in 0..2 * n {
            t.add(SEEN_KEYS - 1, i % 2 == 0);
            t.add(97, false);
        }
        assert!(!t.full());
        let mut got = HashMap::new();
        t.drain(|k, s| assert!(got.insert(k, (s.valid, s.erroneous)).is_none()));
        assert_eq!(got.len(), 10_001);
        assert_eq!(got[&(SEEN_KEYS - 1)], (n, n));
        assert_eq!(
            (got[&0], got[&97], got[&(9_999 * 97)]),
            ((0, 1), (1 + 2 * n, 0), (0, 1))
        );
        assert!(t.valid.spill.is_empty() && t.erroneous.spill.is_empty());
    }

    proptest! {
        #[test]
        fn seen_table_counts_like_a_map(
            adds in proptest::collection::vec(
                (prop_oneof![0u32..2_000, 999_000u32..1_000_000, Just(SEEN_KEYS - 1)], any::<bool>()),
                0..1_000,
            ),
            drain_at in 0usize..1_200,
        ) {
            counts_like_a_map::<SeenTable>(&adds, drain_at)?;
        }

        #[test]
        fn region_counts_count_like_a_map(
            adds in proptest::collection::vec(
                (
                    prop_oneof![
                        // Keys met again and again (a province, counties, an abolished
                        // county), and any.
                        prop::sample::select(vec![110000u32, 110101, 350102, 371523, 990000]),
                        0u32..1_000_000,
                        Just(SEEN_KEYS - 1),
                    ],
                    any::<bool>(),
                ),
                0..1_000,
            ),
            drain_at in 0usize..1_200,
        ) {
            counts_like_a_map::<RegionCounts>(&adds, drain_at)?;
        }

        #[test]
        fn counts_like_a_list_in_first_seen_order(
            keys in proptest::collection::vec(
                prop_oneof![0u32..5_000, Just(0), Just(u32::MAX), Just(1 << 31)],
                0..1_000,
            ),
            clear_at in 0usize..1_200,
        ) {
            let mut m: TallyMap<u32, Seen> = TallyMap::default();
            let mut want: Vec<(u32, u32)> = Vec::new();
            let mut at: HashMap<u32, usize> = HashMap::new();
            for (i, &k) in keys.iter().enumerate() {
                if i == clear_at {
                    m.clear();
                    want.clear();
                    at.clear();
                }
                m.get(k).valid += 1;
                let w = *at.entry(k).or_insert_with(|| {
                    want.push((k, 0));
                    want.len() - 1
                });
                want[w].1 += 1;
            }
            let got: Vec<(u32, u32)> = m.iter().map(|(k, s)| (*k, s.valid)).collect();
            prop_assert_eq!(got, want);
        }
    }
}
