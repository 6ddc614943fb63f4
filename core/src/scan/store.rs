//! Packed storage of valid records: 40 bytes each, in buckets by subject identifier.
//!
//! A valid code is 18 characters of a 31-letter alphabet: 5 bits each, 90 bits in all. The
//! packed key is two words: the high word holds positions 9–17 (the subject identifier,
//! 主体标识码, 45 bits), the low word positions 1–8 and 18 (45 bits), so sorting by the (mixed)
//! high word and then the low word groups equal subject identifiers together and, inside
//! them, equal codes: one sort finds both 重码 (equal codes) and subject-identifier collisions
//! (equal 9–17, different codes).
//!
//! Entries go to one of [`BUCKETS`] buckets by the top bits of the mixed subject identifier
//! ([`mix`]). At the end each bucket is sorted on its own, in parallel, by a radix pass on the
//! next bits ([`sort_bucket`]).

use crate::alphabet::VALUE;
use crate::ALPHABET;

/// log2 of [`BUCKETS`].
const BUCKET_BITS: u32 = 8;
pub(crate) const BUCKETS: usize = 1 << BUCKET_BITS;

/// Flag bit in `Entry::flags`: the stored text was not canonical (normalization changed it).
pub(crate) const NORMALIZED: u16 = 1;

/// One valid record. Field order is the sort order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) struct Entry {
    pub hi: u64,
    pub lo: u64,
    pub row: u64,
    pub name: u64,
    pub region: u32,
    pub month: u16,
    pub flags: u16,
}

/// Packs 18 alphabet bytes (a valid code) into its key: `subject << 64 | head << 5 | check`.
#[inline]
pub(crate) fn pack(b: &[u8; 18]) -> u128 {
    let v = |i: usize| u64::from(VALUE[b[i] as usize] & 31);
    let mut subject = 0u64;
    for i in 8..17 {
        subject = subject << 5 | v(i);
    }
    let mut head = 0u64;
    for i in 0..8 {
        head = head << 5 | v(i);
    }
    u128::from(subject) << 64 | u128::from(head << 5 | v(17))
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

/// The subject identifier, mixed: its top bits choose the bucket, the next ones the radix
/// digit a bucket is sorted by (mixed, the digits spread evenly whatever the codes look like).
/// A multiplication by an odd number: equal subjects, and only they, mix equal.
#[inline]
pub(crate) fn mix(hi: u64) -> u64 {
    hi.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

#[inline]
pub(crate) fn bucket_of(k: u128) -> usize {
    (mix(subject(k)) >> (64 - BUCKET_BITS)) as usize
}

/// The order of a sorted bucket: by mixed subject, then the rest of the code, then row (then
/// every other field, so that equal rows still sort one way). Equal subjects, and equal codes
/// inside them, come together — all the bucket walk needs.
#[inline]
pub(crate) fn order(e: &Entry) -> (u64, u64, u64, u64, u32, u16, u16) {
    (mix(e.hi), e.lo, e.row, e.name, e.region, e.month, e.flags)
}

/// Sorts a bucket (entries of one bucket: the digit skips the bucket's bits) into [`order`]:
/// one counting pass and one scatter on the radix digit that follows the bucket's bits in the
/// mixed subject (about one entry per digit), then the rare digit with several entries by
/// comparison. The scatter goes into `scratch`, which then trades places with `v`: the two
/// vectors are reused from bucket to bucket. A comparison sort of the whole bucket moved each
/// 40-byte entry about log₂ n times.
pub(crate) fn sort_bucket(v: &mut Vec<Entry>, scratch: &mut Vec<Entry>) {
    let n = v.len();
    if n < 256 {
        v.sort_unstable_by_key(order);
        return;
    }
    let bits = (usize::BITS - 1 - n.leading_zeros()).min(20);
    let digit = |e: &Entry| ((mix(e.hi) << BUCKET_BITS) >> (64 - bits)) as usize;
    let mut starts = vec![0u32; (1 << bits) + 1];
    for e in v.iter() {
        starts[digit(e) + 1] += 1;
    }
    for d in 0..1 << bits {
        starts[d + 1] += starts[d];
    }
    if scratch.len() < n {
        scratch.resize(n, Entry::default());
    }
    let mut fill = starts.clone();
    for e in v.iter() {
        let d = digit(e);
        scratch[fill[d] as usize] = *e;
        fill[d] += 1;
    }
    scratch.truncate(n);
    std::mem::swap(v, scratch);
    for w in starts.windows(2) {
        let (a, b) = (w[0] as usize, w[1] as usize);
        if b - a >= 2 {
            v[a..b].sort_unstable_by_key(order);
        }
    }
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
        assert_eq!(core::mem::size_of::<Entry>(), 40);
    }

    #[test]
    fn radix_sort_is_the_order() {
        // A bucket holds the subjects of one bucket: few of them (long runs of equal ones) or
        // many; sizes around the radix cut-off.
        let mut r = crate::synth::Rng::new(7);
        let mut scratch = Vec::new(); // reused, as in a scan
        for (n, subjects) in [
            (0, 1),
            (5, 2),
            (255, 3),
            (256, 3),
            (3000, 40),
            (20_000, 20_000),
        ] {
            let mut pool = Vec::new();
            while pool.len() < subjects {
                let hi = r.next_u64() >> 19;
                if bucket_of(key_of(hi, 0)) == 3 {
                    pool.push(hi);
                }
            }
            let v: Vec<Entry> = (0..n)
                .map(|i| Entry {
                    hi: pool[r.next_u64() as usize % subjects],
                    lo: r.next_u64() % 4,
                    row: r.next_u64() % (n as u64 + 1),
                    name: r.next_u64() % 3,
                    region: i as u32 % 2,
                    ..Entry::default()
                })
                .collect();
            let mut want = v.clone();
            want.sort_unstable_by_key(order);
            let mut got = v.clone();
            sort_bucket(&mut got, &mut scratch);
            assert_eq!(got, want, "{n} entries");
        }
    }
}
