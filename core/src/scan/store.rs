//! Packed storage of valid records: 32 bytes each, in buckets by subject identifier.
//!
//! A valid code is 18 characters of a 31-letter alphabet: 5 bits each, 90 bits in all. The
//! packed key is two words: the high word holds positions 9–17 (the subject identifier,
//! 主体标识码, 45 bits), the low word positions 1–8 and 18 (45 bits), so sorting by the (mixed)
//! high word and then the low word groups equal subject identifiers together and, inside
//! them, equal codes: one sort finds both 重码 (equal codes) and subject-identifier collisions
//! (equal 9–17, different codes).
//!
//! Entries go to one of [`BUCKETS`] buckets by the top bits of the mixed subject identifier
//! ([`mix`]). At the end each bucket is split on its own, in parallel ([`split_bucket`]): the
//! entries whose subject identifier is theirs alone, then the others, sorted.

use crate::alphabet::VALUE;
use crate::ALPHABET;

/// log2 of [`BUCKETS`].
const BUCKET_BITS: u32 = 8;
pub(crate) const BUCKETS: usize = 1 << BUCKET_BITS;

/// Flag bit in `Entry::flags`: the stored text was not canonical (normalization changed it).
pub(crate) const NORMALIZED: u16 = 1;

/// One valid record in 32 bytes: the code's two words carry, in their spare bits, the
/// month and flags (above the subject identifier's 45 bits) and the region slot (above the
/// rest of the code).
///
/// The region is almost always positions 3–8 of the code (slot 0, nothing stored). A region
/// column's value that differs from them gets a slot in the scan's [`Regions`] table; past
/// [`SLOTS`] distinct values, the rest are kept by row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Entry {
    /// Subject identifier | month << 45 | flags << 61.
    hi: u64,
    /// Positions 1–8 and 18 | slot << 45.
    lo: u64,
    pub row: u64,
    pub name: u64,
}

/// The low 45 bits: a code word.
const CODE_BITS: u64 = (1 << 45) - 1;

/// Region slots an entry can name (19 bits; the last one means "by row").
pub(crate) const SLOTS: u32 = (1 << 19) - 1;

impl Entry {
    /// An entry; `slot` 0 is the region of the code itself (see [`Regions`]).
    #[inline]
    pub fn new(key: u128, row: u64, name: u64, slot: u32, month: u16, flags: u16) -> Entry {
        debug_assert!(slot <= SLOTS && flags < 8);
        Entry {
            hi: (key >> 64) as u64 | u64::from(month) << 45 | u64::from(flags) << 61,
            lo: key as u64 | u64::from(slot) << 45,
            row,
            name,
        }
    }

    /// The subject identifier (positions 9–17) as packed.
    #[inline]
    pub fn subject(&self) -> u64 {
        self.hi & CODE_BITS
    }

    /// The rest of the code as packed.
    #[inline]
    pub fn rest(&self) -> u64 {
        self.lo & CODE_BITS
    }

    /// The packed code.
    #[inline]
    pub fn key(&self) -> u128 {
        key_of(self.subject(), self.rest())
    }

    /// Whether two entries carry the same code.
    #[inline]
    pub fn same_code(&self, other: &Entry) -> bool {
        (self.hi ^ other.hi) & CODE_BITS == 0 && (self.lo ^ other.lo) & CODE_BITS == 0
    }

    #[inline]
    pub fn month(&self) -> u16 {
        (self.hi >> 45) as u16
    }

    #[inline]
    pub fn flags(&self) -> u16 {
        (self.hi >> 61) as u16
    }

    #[inline]
    pub fn slot(&self) -> u32 {
        (self.lo >> 45) as u32
    }

    /// Gives the entry another slot (a worker's slot becoming the scan's).
    #[inline]
    pub fn set_slot(&mut self, slot: u32) {
        self.lo = self.rest() | u64::from(slot) << 45;
    }

    /// Positions 3–8 of the code, as a number.
    #[inline]
    pub fn code_region(&self) -> u32 {
        let head = self.rest() >> 5; // positions 1–8, 5 bits each; 3–8 are digits
        (0..6).fold(0, |r, i| r * 10 + ((head >> (5 * (5 - i))) & 31) as u32)
    }
}

/// The regions of entries whose region is not their code's: by slot, and past the slots by
/// row.
#[derive(Debug, Default)]
pub(crate) struct Regions {
    slots: Vec<super::classify::RegionKey>,
    index: super::tally::FastMap<super::classify::RegionKey, u32>,
    by_row: super::tally::FastMap<u64, super::classify::RegionKey>,
}

impl Regions {
    /// The slot of a region key (new keys get the next free slot); [`SLOTS`] when every slot
    /// is taken: then the entry's region is kept by row ([`Regions::by_row`]).
    pub fn slot(&mut self, key: super::classify::RegionKey) -> u32 {
        if let Some(&s) = self.index.get(&key) {
            return s;
        }
        if (self.slots.len() as u32) < SLOTS - 1 {
            self.slots.push(key);
            let s = self.slots.len() as u32;
            self.index.insert(key, s);
            return s;
        }
        SLOTS
    }

    /// Keeps the region of the entry of `row` (past the slots). Should a row come twice
    /// with different keys, both entries get the smaller (whatever the order they came in).
    pub fn by_row(&mut self, row: u64, key: super::classify::RegionKey) {
        let k = self.by_row.entry(row).or_insert(key);
        *k = (*k).min(key);
    }

    /// An entry's region.
    #[inline]
    pub fn of(&self, e: &Entry) -> super::classify::RegionKey {
        match e.slot() {
            0 => e.code_region(),
            SLOTS => self
                .by_row
                .get(&e.row)
                .copied()
                .unwrap_or(super::classify::UNKNOWN_REGION),
            s => self.slots[s as usize - 1],
        }
    }
}

/// Packs 18 alphabet bytes (a valid code) into its key: `subject << 64 | head << 5 | check`.
#[inline]
pub(crate) fn pack(b: &[u8; 18]) -> u128 {
    // Each value shifted to its place on its own and the places OR-ed: the same bits as
    // shifting one word five bits a value, without a chain of 18 dependent steps (this runs
    // for every valid record).
    let v = |i: usize, at: u32| u64::from(VALUE[b[i] as usize] & 31) << at;
    let subject = (v(8, 40) | v(9, 35) | v(10, 30))
        | (v(11, 25) | v(12, 20) | v(13, 15))
        | (v(14, 10) | v(15, 5) | v(16, 0));
    let lo = (v(0, 40) | v(1, 35) | v(2, 30))
        | (v(3, 25) | v(4, 20) | v(5, 15))
        | (v(6, 10) | v(7, 5) | v(17, 0));
    u128::from(subject) << 64 | u128::from(lo)
}

/// The 18 bytes of a packed key.
pub(crate) fn unpack(k: u128) -> [u8; 18] {
    let mut b = [0u8; 18];
    let lo = k as u64;
    b[17] = ALPHABET[(lo & 31) as usize];
    let head = lo >> 5;
    for i in 0..8 {
        b[7 - i] = ALPHABET[((head >> (5 * i)) & 31) as usize];
    }
    let subject = (k >> 64) as u64;
    for i in 0..9 {
        b[16 - i] = ALPHABET[((subject >> (5 * i)) & 31) as usize];
    }
    b
}

pub(crate) fn key_of(hi: u64, lo: u64) -> u128 {
    u128::from(hi) << 64 | u128::from(lo)
}

pub(crate) fn code_string(k: u128) -> String {
    String::from_utf8(unpack(k).to_vec()).expect("ASCII")
}

/// The subject identifier part of a key (45 bits).
#[inline]
pub(crate) fn subject(k: u128) -> u64 {
    (k >> 64) as u64
}

/// The subject identifier, mixed: its top bits choose the bucket, the next ones the digit a
/// bucket is split by (mixed, the digits spread evenly whatever the codes look like).
/// A multiplication by an odd number: equal subjects, and only they, mix equal.
#[inline]
pub(crate) fn mix(hi: u64) -> u64 {
    hi.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The `bits` bits of a subject identifier's mix that follow its bucket's (`bits` ≤ 56): a
/// digit inside the bucket, equal for equal subjects.
#[inline]
pub(crate) fn digit(subject: u64, bits: u32) -> usize {
    ((mix(subject) << BUCKET_BITS) >> (64 - bits)) as usize
}

#[inline]
pub(crate) fn bucket_of(k: u128) -> usize {
    (mix(subject(k)) >> (64 - BUCKET_BITS)) as usize
}

/// The order of a sorted bucket: by mixed subject, then the rest of the code, then row (then
/// every other field, so that equal rows still sort one way: the region by its key, not its
/// slot, which depends on the order records came in). Equal subjects, and equal codes inside
/// them, come together — all the bucket walk needs.
#[inline]
pub(crate) fn order(a: &Entry, b: &Entry, r: &Regions) -> core::cmp::Ordering {
    let main = |e: &Entry| (mix(e.subject()), e.rest(), e.row, e.name);
    main(a)
        .cmp(&main(b))
        .then_with(|| (r.of(a), a.month(), a.flags()).cmp(&(r.of(b), b.month(), b.flags())))
}

/// Splits a bucket (entries of one bucket) in two: first the entries whose subject
/// identifier no other entry of the bucket carries, in no particular order, then the rest
/// sorted into [`order`]; returns where the second part starts.
///
/// Almost every subject identifier is carried by one record: such an entry is no 重码, no
/// repeat and no collision, and the bucket walk needs only its name and code, not its place.
/// So the bucket is not sorted in full (a radix scatter of every 32-byte entry, then the
/// entries that shared a digit, was a quarter of the work after the records were read): a
/// pass sets a bit per entry in a bit set of `2^bits` digits of the mixed subject (equal
/// subjects, equal digits), and a second bit where a digit comes again; a second pass moves
/// the entries of the twice-seen digits to the end (swaps from both ends: a few percent of
/// the entries move), and only those are sorted. With 16 to 32 digits an entry, one entry
/// in 16 to 32 shares its digit by chance (more past 250,000 entries a bucket, about 64 M
/// records, where the digits stop growing). The bit sets, at most 2 × 512 KiB, stay in the
/// core's cache; `seen` and `twice` are reused from bucket to bucket.
///
/// `each` sees every entry once, in the first pass (which reads the bucket from memory
/// anyway), in no particular order.
pub(crate) fn split_bucket(
    v: &mut [Entry],
    seen: &mut Vec<u64>,
    twice: &mut Vec<u64>,
    r: &Regions,
    mut each: impl FnMut(&Entry),
) -> usize {
    let n = v.len();
    if n < 256 {
        v.iter().for_each(&mut each);
        v.sort_unstable_by(|a, b| order(a, b, r));
        return 0;
    }
    let bits = (usize::BITS - n.leading_zeros() + 4).min(22);
    let digit_of = |e: &Entry| digit(e.subject(), bits);
    let words = 1 << (bits - 6);
    for set in [&mut *seen, &mut *twice] {
        set.clear();
        set.resize(words, 0);
    }
    for e in v.iter() {
        each(e);
        let d = digit_of(e);
        let (w, bit) = (d / 64, 1u64 << (d % 64));
        twice[w] |= seen[w] & bit;
        seen[w] |= bit;
    }
    let shared = |e: &Entry| {
        let d = digit_of(e);
        twice[d / 64] & (1u64 << (d % 64)) != 0
    };
    let (mut i, mut j) = (0, n);
    loop {
        while i < j && !shared(&v[i]) {
            i += 1;
        }
        while i < j && shared(&v[j - 1]) {
            j -= 1;
        }
        if i >= j {
            break;
        }
        v.swap(i, j - 1);
        i += 1;
        j -= 1;
    }
    v[i..].sort_unstable_by(|a, b| order(a, b, r));
    i
}

/// The entries of one bucket: a plain vector. Growing it doubles its *capacity*, but only the
/// pages written are resident, and large blocks grow in place (`mremap`), so the resident
/// memory stays at the entries themselves — and at the end the vector is sorted where it is,
/// with no copy.
#[derive(Default, Debug)]
pub(crate) struct Bucket {
    v: Vec<Entry>,
}

impl Bucket {
    /// Appends a run of entries.
    pub fn extend(&mut self, es: &[Entry]) {
        self.v.extend_from_slice(es);
    }

    /// Room for `n` more entries, if the allocator grants it (a hint: no room is no error).
    pub fn reserve(&mut self, n: usize) {
        let _ = self.v.try_reserve_exact(n);
    }

    /// Entries.
    pub fn len(&self) -> usize {
        self.v.len()
    }

    /// Bytes written (resident) for the entries.
    pub fn bytes(&self) -> usize {
        self.v.len() * core::mem::size_of::<Entry>()
    }

    /// The entries.
    pub fn into_vec(self) -> Vec<Entry> {
        self.v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_roundtrip_and_order() {
        for s in [
            "91350100M000100Y43",
            "531000005000160090",
            "9111000071093123XX",
        ] {
            let b: [u8; 18] = s.as_bytes().try_into().unwrap();
            assert_eq!(&unpack(pack(&b)), s.as_bytes());
        }
        let a = pack(b"91110108551385082Q");
        let b = pack(b"11110108551385082Q");
        assert_eq!(subject(a), subject(b));
        assert_eq!(core::mem::size_of::<Entry>(), 32);
    }

    proptest::proptest! {
        #[test]
        fn pack_round_trips_every_alphabet_string(
            v in proptest::collection::vec(0..ALPHABET.len(), 18)
        ) {
            let b: [u8; 18] = core::array::from_fn(|i| ALPHABET[v[i]]);
            let k = pack(&b);
            proptest::prop_assert_eq!(unpack(k), b);
            // Positions 9–17 in the high word, the rest in the low one.
            proptest::prop_assert_eq!(&unpack(u128::from(subject(k)) << 64)[8..17], &b[8..17]);
        }
    }

    #[test]
    fn entry_fields_round_trip() {
        let k = pack(b"91350100M000100Y43");
        let e = Entry::new(k, 1 << 50, 7, SLOTS, u16::MAX, 1);
        assert_eq!(
            (e.key(), e.row, e.name, e.slot(), e.month(), e.flags()),
            (k, 1 << 50, 7, SLOTS, u16::MAX, 1)
        );
        assert_eq!(e.code_region(), 350_100);
        let mut f = Entry::new(k, 2, 7, 0, 0, 0);
        assert!(e.same_code(&f));
        f.set_slot(5);
        assert_eq!((f.slot(), f.key()), (5, k));
        assert!(!f.same_code(&Entry::new(pack(b"91110108551385082Q"), 2, 7, 5, 0, 0)));
    }

    #[test]
    fn regions_by_slot_then_by_row() {
        let mut r = Regions::default();
        let k = pack(b"91350100M000100Y43");
        let at = |r: &Regions, slot, row| r.of(&Entry::new(k, row, 0, slot, 0, 0));
        assert_eq!(at(&r, 0, 1), 350_100); // slot 0: the code's own region
        assert_eq!(r.slot(110_108), 1);
        assert_eq!(r.slot(2_000_000), 2);
        assert_eq!(r.slot(110_108), 1);
        assert_eq!((at(&r, 1, 1), at(&r, 2, 2)), (110_108, 2_000_000));
        // Every slot taken: further keys are kept by row.
        for key in 3..SLOTS {
            r.slot(3_000_000 + key);
        }
        assert_eq!(r.slot(3_000_000 + SLOTS - 1), SLOTS - 1);
        assert_eq!(r.slot(9), SLOTS);
        r.by_row(40, 9);
        r.by_row(41, 12);
        r.by_row(41, 11);
        assert_eq!(r.slot(110_108), 1); // known keys keep their slot
        assert_eq!(
            (at(&r, SLOTS, 40), at(&r, SLOTS, 41), at(&r, SLOTS - 1, 0)),
            (9, 11, 3_000_000 + SLOTS - 1)
        );
    }

    #[test]
    fn split_bucket_puts_shared_subjects_last_in_order() {
        // A bucket holds the subjects of one bucket: few of them (long runs of equal ones) or
        // many (almost all carried once); sizes around the cut-off below which all is sorted.
        let mut r = crate::synth::Rng::new(7);
        let (mut seen_set, mut twice_set) = (Vec::new(), Vec::new()); // reused, as in a scan
        for (n, subjects) in [
            (0, 1),
            (5, 2),
            (255, 3),
            (256, 3),
            (3000, 40),
            (3000, 2900),
            (20_000, 20_000),
            (50_000, 1_000_000),
        ] {
            let mut pool = Vec::new();
            while pool.len() < subjects {
                let hi = r.next_u64() >> 19;
                if bucket_of(key_of(hi, 0)) == 3 {
                    pool.push(hi);
                }
            }
            // Slots 1 and 2 are regions other than the codes' own (slot 0: 000000 here, as
            // positions 3–8 of these keys are zeros).
            let mut regions = Regions::default();
            regions.slot(999_999);
            regions.slot(7);
            let v: Vec<Entry> = (0..n)
                .map(|i| {
                    let key = key_of(pool[r.next_u64() as usize % subjects], r.next_u64() % 4);
                    let row = r.next_u64() % (n as u64 + 1);
                    Entry::new(key, row, r.next_u64() % 3, i as u32 % 3, i as u16 % 2, 0)
                })
                .collect();
            let full = |e: &Entry| {
                let k = e.key();
                (
                    mix(subject(k)),
                    k as u64,
                    e.row,
                    e.name,
                    regions.of(e),
                    e.month(),
                    e.flags(),
                )
            };
            let mut carried = std::collections::HashMap::new();
            for e in &v {
                *carried.entry(e.subject()).or_insert(0) += 1;
            }
            let mut got = v.clone();
            let mut seen = 0;
            let k = split_bucket(&mut got, &mut seen_set, &mut twice_set, &regions, |_| {
                seen += 1
            });
            assert_eq!(seen, n, "each entry seen once");
            // The same entries; the first part carried once each, every shared subject in
            // the second, which is in order.
            let (mut a, mut b) = (v.clone(), got.clone());
            a.sort_unstable_by_key(full);
            b.sort_unstable_by_key(full);
            assert_eq!(a, b, "{n} entries");
            assert!(got[..k].iter().all(|e| carried[&e.subject()] == 1));
            let mut rest = got[k..].to_vec();
            rest.sort_unstable_by_key(full);
            assert_eq!(got[k..], rest[..], "{n} entries: the second part in order");
            let shared = v.iter().filter(|e| carried[&e.subject()] > 1).count();
            assert_eq!(
                n - k
                    - got[k..]
                        .iter()
                        .filter(|e| carried[&e.subject()] == 1)
                        .count(),
                shared
            );
            if n < 256 {
                assert_eq!(k, 0, "a small bucket is sorted whole");
            } else {
                // The split does its job: few entries share a digit by chance.
                assert!(
                    n - k - shared <= n / 8,
                    "{n} entries: {} by chance",
                    n - k - shared
                );
            }
        }
    }
}
