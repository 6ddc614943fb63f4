//! Records without quotes, read by finding every delimiter and terminator 64 bytes at a time.
//!
//! A record of an export is a few short fields: looking for each field's end with its own
//! `memchr2` call cost a call and a vector set-up per field. Here each 64-byte stretch is
//! compared once (a bit per byte that is a delimiter or the terminator) and the fields are cut
//! by walking the bits. [`super::csv::record`] with quotes off is this scanner too; a property
//! test holds it to a byte-by-byte reading.

use super::csv::{Dialect, Parsed, Span};

/// The delimiters and terminators of `b`, in order, from a starting position.
pub struct Seps<'b> {
    b: &'b [u8],
    d: Dialect,
    /// Start of the 64-byte stretch `mask` describes.
    base: usize,
    /// Separators in the stretch not yet handed out (bit i: byte `base + i`).
    mask: u64,
}

impl<'b> Seps<'b> {
    /// Separators of `b` at or after `from`.
    pub fn new(b: &'b [u8], from: usize, d: Dialect) -> Seps<'b> {
        let mut s = Seps {
            b,
            d,
            base: from,
            mask: 0,
        };
        if from < b.len() {
            s.mask = s.stretch(from);
        }
        s
    }

    /// The next separator's position.
    #[inline]
    pub fn next_sep(&mut self) -> Option<usize> {
        while self.mask == 0 {
            self.base += 64;
            if self.base >= self.b.len() {
                self.base = self.b.len();
                return None;
            }
            self.mask = self.stretch(self.base);
        }
        let i = self.mask.trailing_zeros() as usize;
        self.mask &= self.mask - 1;
        Some(self.base + i)
    }

    /// The separator bits of `b[at..at + 64]` (fewer at the end of `b`).
    #[inline]
    fn stretch(&self, at: usize) -> u64 {
        let (b, d) = (self.b, self.d);
        if at + 64 <= b.len() {
            return full(&b[at..at + 64], d);
        }
        let mut m = 0u64;
        for (i, &c) in b[at..].iter().enumerate() {
            if c == d.delim || c == d.term {
                m |= 1 << i;
            }
        }
        m
    }

    /// One record starting at `pos` (where the last one ended), quotes read as ordinary
    /// characters: `field(i, span)` for each field `i <= max`; a `\r` before a `\n`
    /// terminator is not part of the last field. See [`super::csv::record`] for the result.
    #[inline]
    pub fn record(
        &mut self,
        pos: usize,
        last: bool,
        max: usize,
        mut field: impl FnMut(usize, Span),
    ) -> Parsed {
        let (b, d) = (self.b, self.d);
        let trim = |s: usize, e: usize| {
            if d.term == b'\n' && e > s && b[e - 1] == b'\r' {
                e - 1
            } else {
                e
            }
        };
        let mut s = pos;
        let mut i = 0;
        loop {
            match self.next_sep() {
                Some(e) if b[e] == d.term => {
                    if i <= max {
                        field(i, span(s, trim(s, e)));
                    }
                    return Parsed::Done(e + 1, (i + 1).min(max + 1));
                }
                Some(e) => {
                    if i <= max {
                        field(i, span(s, e));
                    }
                    i += 1;
                    s = e + 1;
                }
                None if last => {
                    if i <= max {
                        field(i, span(s, trim(s, b.len())));
                    }
                    return Parsed::Done(b.len(), (i + 1).min(max + 1));
                }
                None => return Parsed::Incomplete,
            }
        }
    }
}

fn span(start: usize, end: usize) -> Span {
    Span {
        start: start as u32,
        end: end as u32,
        quoted: false,
    }
}

/// The separator bits of 64 bytes.
#[cfg(target_arch = "x86_64")]
#[inline]
fn full(c: &[u8], d: Dialect) -> u64 {
    use std::arch::x86_64::*;
    assert!(c.len() >= 64);
    let mut m = 0u64;
    // SAFETY: SSE2 is part of every x86_64 target; the four 16-byte loads are inside `c`
    // (64 bytes or more, checked above) and need no alignment.
    unsafe {
        let (dl, tm) = (_mm_set1_epi8(d.delim as i8), _mm_set1_epi8(d.term as i8));
        for k in 0..4 {
            let v = _mm_loadu_si128(c.as_ptr().add(16 * k) as *const __m128i);
            let hit = _mm_or_si128(_mm_cmpeq_epi8(v, dl), _mm_cmpeq_epi8(v, tm));
            m |= u64::from(_mm_movemask_epi8(hit) as u16) << (16 * k);
        }
    }
    m
}

/// The separator bits of 64 bytes.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn full(c: &[u8], d: Dialect) -> u64 {
    let mut m = 0u64;
    for (i, &x) in c[..64].iter().enumerate() {
        m |= u64::from(x == d.delim || x == d.term) << i;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// One record read byte by byte: the fields (`i <= max`) and the result.
    fn by_bytes(
        b: &[u8],
        pos: usize,
        last: bool,
        max: usize,
        d: Dialect,
    ) -> (Vec<(usize, Span)>, Parsed) {
        let mut f = Vec::new();
        let (mut s, mut i) = (pos, 0);
        let end_of = |s: usize, e: usize| {
            if d.term == b'\n' && e > s && b[e - 1] == b'\r' {
                e - 1
            } else {
                e
            }
        };
        for (e, &c) in b.iter().enumerate().skip(pos) {
            if c == d.term {
                if i <= max {
                    f.push((i, span(s, end_of(s, e))));
                }
                return (f, Parsed::Done(e + 1, (i + 1).min(max + 1)));
            }
            if c == d.delim {
                if i <= max {
                    f.push((i, span(s, e)));
                }
                i += 1;
                s = e + 1;
            }
        }
        if !last {
            return (f, Parsed::Incomplete);
        }
        if i <= max {
            f.push((i, span(s, end_of(s, b.len()))));
        }
        (f, Parsed::Done(b.len(), (i + 1).min(max + 1)))
    }

    proptest! {
        #[test]
        fn records_as_read_byte_by_byte(
            bytes in proptest::collection::vec(
                prop_oneof![Just(b'a'), Just(b','), Just(b'\n'), Just(b'\r'), Just(b'\t'), Just(b'"'), any::<u8>()],
                0..300,
            ),
            last in any::<bool>(),
            max in 0usize..6,
            tab in any::<bool>(),
            cr in any::<bool>(),
        ) {
            let d = Dialect {
                delim: if tab { b'\t' } else { b',' },
                term: if cr { b'\r' } else { b'\n' },
            };
            let b = &bytes[..];
            // Record after record, one scanner throughout (as a piece is read).
            let mut seps = Seps::new(b, 0, d);
            let mut pos = 0;
            loop {
                let mut got = Vec::new();
                let r = seps.record(pos, last, max, |i, sp| got.push((i, sp)));
                let (want, wr) = by_bytes(b, pos, last, max, d);
                prop_assert_eq!(r, wr);
                match r {
                    Parsed::Done(next, _) => {
                        prop_assert_eq!(got, want);
                        if next >= b.len() {
                            break;
                        }
                        pos = next;
                    }
                    _ => break,
                }
            }
        }
    }
}
