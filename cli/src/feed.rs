//! Feeds rows to the scanner in order, numbering them and counting what is not a record.

use uscc::scan::{Record, Report, Scanner, SkipReason};

use crate::input::csv::{self, Piece};
use crate::input::rowindex::RowIndex;
use crate::progress::Progress;

/// Facts about the input that are not in the library's report.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Stats {
    /// Empty lines or rows (every field blank): not data rows, but their numbers are kept.
    pub blank_rows: u64,
    /// Title rows above the header.
    pub title_rows: u64,
    /// Rows with too few fields for the name/date/region columns (read as empty).
    pub short_rows: u64,
    /// Rows with bytes that could not be decoded (shown as U+FFFD).
    pub undecodable_rows: u64,
    /// Rows of a UTF-8 file with a field read as GB18030.
    pub gb18030_fallback_rows: u64,
    /// Lines with a quote that never closes, read with quotes as ordinary characters.
    pub stray_quote_rows: u64,
    /// Rows longer than the record limit (skipped as unreadable).
    pub oversized_rows: u64,
    /// Excel code cells holding a number.
    pub numeric_code_cells: u64,
    /// Excel code cells holding a formula.
    pub formula_code_cells: u64,
}

/// A row the scan did not examine.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub row: u64,
    pub reason: SkipReason,
}

pub struct Feeder {
    scanner: Scanner,
    row: u64,
    pub stats: Stats,
    pub skipped: Vec<Skipped>,
    max_listed: usize,
    pub progress: Progress,
    /// Bytes of the inputs already done (for the progress bar).
    pub bytes_done: u64,
    /// Where the rows of the current text input are, when it is to be noted.
    pub index: Option<RowIndex>,
}

impl Feeder {
    pub fn new(scanner: Scanner, max_listed: usize, progress: Progress) -> Feeder {
        Feeder {
            scanner,
            row: 0,
            stats: Stats::default(),
            skipped: Vec::new(),
            max_listed,
            progress,
            bytes_done: 0,
            index: None,
        }
    }

    /// The number of the last row so far.
    pub fn last_row(&self) -> u64 {
        self.row
    }

    fn next_row(&mut self) -> u64 {
        self.row += 1;
        self.row
    }

    pub fn blank(&mut self) {
        self.next_row();
        self.stats.blank_rows += 1;
    }

    pub fn skip(&mut self, reason: SkipReason) {
        let row = self.next_row();
        self.skip_row(row, reason);
    }

    fn skip_row(&mut self, row: u64, reason: SkipReason) {
        self.scanner.skip(row, reason);
        if self.skipped.len() < self.max_listed {
            self.skipped.push(Skipped { row, reason });
        }
    }

    pub fn oversized(&mut self) {
        self.stats.oversized_rows += 1;
        self.skip(SkipReason::Unreadable);
    }

    /// Numbers a record and returns its row.
    pub fn take_row(&mut self) -> u64 {
        self.next_row()
    }

    /// Sizes the scanner's store for about this many more records (a hint).
    pub fn reserve(&mut self, records: usize) {
        self.scanner.reserve(records);
    }

    pub fn push(&mut self, records: &[Record<'_>]) {
        if !records.is_empty() {
            self.scanner.push(records);
        }
    }

    /// Every record of parsed CSV pieces, in order: row numbers follow the pieces' order.
    /// Returns the bytes of input the pieces held.
    pub fn pieces(&mut self, pieces: Vec<Piece<'_>>) -> usize {
        let bytes = pieces.iter().map(|p| p.consumed - p.start).sum();
        // Each piece's first row number (less one) and first record in the block.
        let mut bases = Vec::with_capacity(pieces.len());
        let mut firsts = Vec::with_capacity(pieces.len());
        let mut records = 0;
        for p in &pieces {
            bases.push(self.row);
            firsts.push(records);
            self.row += u64::from(p.rows);
            records += p.records.len();
        }
        for (p, &base) in pieces.iter().zip(&bases) {
            if let Some(ix) = &mut self.index {
                ix.add(p, base);
            }
            let s = &mut self.stats;
            s.short_rows += p.counts.short;
            s.undecodable_rows += p.counts.lossy;
            s.gb18030_fallback_rows += p.counts.fallback;
            s.stray_quote_rows += p.counts.broken;
            for &(n, kind) in &p.others {
                let row = base + u64::from(n);
                match kind {
                    csv::Kind::Blank => self.stats.blank_rows += 1,
                    csv::Kind::Ragged => self.skip_row(row, SkipReason::MissingCodeColumn),
                    csv::Kind::Oversized => {
                        self.stats.oversized_rows += 1;
                        self.skip_row(row, SkipReason::Unreadable);
                    }
                }
            }
        }
        // The block in one push, numbered while copied: pushed piece by piece, each piece
        // (a few tens of thousands of records) was a parallel region of its own, ending in a
        // part-filled task.
        if records > 0 {
            self.scanner.push_with(records, |start, out| {
                let mut i = firsts.partition_point(|&f| f <= start) - 1;
                let mut at = start - firsts[i];
                for r in out {
                    while at == pieces[i].records.len() {
                        (i, at) = (i + 1, 0);
                    }
                    *r = pieces[i].records[at];
                    r.row += bases[i];
                    at += 1;
                }
            });
        }
        bytes
    }

    /// Ends the scan; the progress bar stays (as a spinner with `message`) for what follows.
    pub fn finish(self, message: &str) -> (Report, Stats, Vec<Skipped>, Progress) {
        self.progress.spin(message.to_string());
        (
            self.scanner.finish(),
            self.stats,
            self.skipped,
            self.progress,
        )
    }
}

/// An empty field is no value (the library treats blank names, dates and regions as absent).
pub fn nonempty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}
