//! Where the rows of a text input are, in stretches of [`MARK_EVERY`] records: the first pass
//! notes them (a few bytes per row), and the second pass — the names and stored spellings the
//! report lists, about one row in a hundred — reads back only the stretches holding the rows
//! it needs instead of the whole file.
//!
//! A stretch is re-parsed on its own, from a record start to the next; a stretch that does
//! not give back the number of records the first pass found in it makes the caller fall back
//! to reading the whole file.

use std::ops::Range;

use super::csv::{Piece, MARK_EVERY};

/// Records `row .. row + rows` are the bytes `at .. at + len` of the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stretch {
    pub row: u64,
    pub at: u64,
    pub len: u32,
    pub rows: u32,
}

/// The stretches of one input, in row order.
#[derive(Clone, Debug, Default)]
pub struct RowIndex {
    stretches: Vec<Stretch>,
}

impl RowIndex {
    /// Adds the stretches of a piece parsed with marks, whose first record is row `base + 1`.
    pub fn add(&mut self, p: &Piece<'_>, base: u64) {
        for (j, &m) in p.marks.iter().enumerate() {
            let end = p.marks.get(j + 1).map_or(p.consumed, |&e| e as usize);
            let first = j as u32 * MARK_EVERY;
            self.stretches.push(Stretch {
                row: base + 1 + u64::from(first),
                at: p.at + u64::from(m),
                len: (end - m as usize) as u32,
                rows: (p.rows - first).min(MARK_EVERY),
            });
        }
    }

    /// Room for about `rows` more rows (a hint), so that the index does not grow by copying.
    pub fn reserve(&mut self, rows: usize) {
        let _ = self
            .stretches
            .try_reserve_exact(rows / MARK_EVERY as usize + 64);
    }

    /// The stretches holding the wanted rows (sorted), each with the range of `want` it holds;
    /// `None` when a row is in none (a row the first pass did not read as a record: read the
    /// whole file instead).
    pub fn group(&self, want: &[u64]) -> Option<Vec<(Stretch, Range<usize>)>> {
        let mut out: Vec<(Stretch, Range<usize>)> = Vec::new();
        let mut from = 0; // rows are sorted: each search starts where the last one ended
        for (k, &r) in want.iter().enumerate() {
            if let Some((s, rows)) = out.last_mut() {
                if r < s.row + u64::from(s.rows) {
                    rows.end = k + 1;
                    continue;
                }
            }
            from += self.stretches[from..].partition_point(|s| s.row + u64::from(s.rows) <= r);
            let s = *self.stretches.get(from).filter(|s| s.row <= r)?;
            out.push((s, k..k + 1));
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::csv::{parse_piece, Depth, Dialect, Wanted};
    use crate::input::text::Mode;

    #[test]
    fn stretches_cover_the_rows_of_their_pieces() {
        let d = Dialect {
            delim: b',',
            term: b'\n',
        };
        let text: String = (1..=40).map(|i| format!("c{i},n{i}\n")).collect();
        let w = Wanted::new([Some(0), Some(1), None, None]);
        let arena = bumpalo::Bump::new();
        let b = text.as_bytes();
        let mut p = parse_piece(
            b,
            0,
            b.len(),
            true,
            d,
            &w,
            Mode::Utf8,
            false,
            Depth::Fields,
            &arena,
        );
        p.at = 100;
        let mut ix = RowIndex::default();
        ix.add(&p, 10);
        let s = &ix.stretches;
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].row, s[0].rows, s[0].at), (11, 16, 100));
        assert_eq!((s[2].row, s[2].rows), (43, 8));
        assert_eq!(s.iter().map(|s| s.len as usize).sum::<usize>(), b.len());
        let line = |s: &Stretch| &b[(s.at - 100) as usize..][..s.len as usize];
        assert!(line(&s[1]).starts_with(b"c17,n17\n"));
        assert!(line(&s[2]).ends_with(b"c40,n40\n"));
        let g = ix.group(&[11, 26, 27, 50]).unwrap();
        assert_eq!(g.len(), 3);
        assert_eq!(
            g.iter().map(|g| g.1.clone()).collect::<Vec<_>>(),
            [0..2, 2..3, 3..4]
        );
        assert_eq!((g[1].0.row, g[2].0.row), (27, 43));
        assert!(ix.group(&[10]).is_none());
        assert!(ix.group(&[51]).is_none());
    }
}
