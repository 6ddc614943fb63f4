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

/// Counters by key: rows in first-seen order, found through an open-addressing table of
/// (key, row) slots (linear probing, at most half full). A batch holds a few dozen months and
/// a few thousand regions in any order, two look-ups per record: the table stays in the
/// core's cache and a look-up is one multiplication and, almost always, one slot.
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

    proptest! {
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
