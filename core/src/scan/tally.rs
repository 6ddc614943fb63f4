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

/// What a worker counts per month and region for one chunk: valid records and 错码 (12 bytes
/// a row with its key, against 56 for a [`Tally`]: thousands of regions, two look-ups per
/// record, and a merge that reads every row from the other core's cache after each chunk).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Seen {
    pub valid: u32,
    pub erroneous: u32,
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

/// Slots of [`TallyMap`]'s direct-mapped cache (a power of two).
const CACHE: usize = 256;

/// Counters by key. A small direct-mapped cache in front of the hash map answers almost
/// every look-up (a batch holds a few dozen months and a few thousand regions, in any order)
/// with one compare instead of a hash-map probe: two look-ups per record add up.
#[derive(Clone, Debug)]
pub(crate) struct TallyMap<K: Copy + Eq + std::hash::Hash + Into<u64>, V = Tally> {
    index: FastMap<K, u32>,
    rows: Vec<(K, V)>,
    /// Row index + 1 by the key's slot; 0 means empty.
    cache: Box<[(K, u32)]>,
}

impl<K: Copy + Eq + std::hash::Hash + Into<u64> + Default, V> Default for TallyMap<K, V> {
    fn default() -> Self {
        TallyMap {
            index: FastMap::default(),
            rows: Vec::new(),
            cache: vec![(K::default(), 0); CACHE].into_boxed_slice(),
        }
    }
}

impl<K: Copy + Eq + std::hash::Hash + Into<u64> + Default, V: Default> TallyMap<K, V> {
    #[inline]
    fn slot(k: K) -> usize {
        let x: u64 = k.into();
        (x.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize % CACHE
    }

    #[inline]
    pub fn get(&mut self, k: K) -> &mut V {
        let s = Self::slot(k);
        let (ck, ci) = self.cache[s];
        let i = if ci != 0 && ck == k {
            ci - 1
        } else {
            let next = self.rows.len() as u32;
            let i = *self.index.entry(k).or_insert(next);
            if i == next {
                self.rows.push((k, V::default()));
            }
            self.cache[s] = (k, i + 1);
            i
        };
        &mut self.rows[i as usize].1
    }

    pub fn clear(&mut self) {
        self.index.clear();
        self.rows.clear();
        self.cache.fill((K::default(), 0));
    }

    pub fn iter(&self) -> impl Iterator<Item = &(K, V)> {
        self.rows.iter()
    }
}

impl<K: Copy + Eq + std::hash::Hash + Into<u64> + Default> TallyMap<K, Tally> {
    /// Adds a worker's counts.
    pub fn merge(&mut self, other: &TallyMap<K, Seen>) {
        for (k, t) in &other.rows {
            self.get(*k).add_seen(t);
        }
    }
}

impl<K: Copy + Eq + std::hash::Hash + Into<u64> + Default> TallyMap<K, Seen> {
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
