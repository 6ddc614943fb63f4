//! One in-memory scan in a fresh process, as a caller that holds its columns in memory would
//! run it: the CSV's code, name and date columns are read into three contiguous buffers (as
//! Arrow or polars hold them), then `uscc::scan::scan` runs once, timed, with its page faults.
//! Then `ROUNDS` more scans (default 2) in the same process, for the warm numbers that
//! criterion reports.
//!
//! ```sh
//! target/release/uscc gen --rows 10000000 --seed 1 --out target/bench-data/scan-10000000-seed1.csv
//! cargo run --release -p uscc-benches --example scan_once -- target/bench-data/scan-10000000-seed1.csv
//! ```
//!
//! Why not the generator's records, as the criterion bench and `scan_phases` use: generating
//! leaves glibc's heap with millions of freed chunks, which the first scans' allocations pay to
//! sort (`_int_malloc` was 30 % of their samples in perf); a fresh process holding its data in
//! a few large buffers does not.

use std::time::Instant;

use uscc::scan::{scan, Record, ScanOptions};
use uscc_benches::cpu_and_faults;

/// One text column: every value end to end, and where each ends.
#[derive(Default)]
struct Column {
    text: String,
    ends: Vec<usize>,
}

impl Column {
    fn push(&mut self, v: &[u8]) {
        self.text
            .push_str(std::str::from_utf8(v).expect("the file is UTF-8"));
        self.ends.push(self.text.len());
    }

    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: scan_once FILE.csv (a `uscc gen` file: code, name, date)");
    let t = Instant::now();
    let mut reader = csv::Reader::from_path(&path).expect("open the CSV");
    let mut columns: [Column; 3] = Default::default();
    let mut row = csv::ByteRecord::new();
    while reader.read_byte_record(&mut row).expect("read a row") {
        for (c, column) in columns.iter_mut().enumerate() {
            column.push(row.get(c).unwrap_or_default());
        }
    }
    let [codes, names, dates] = &columns;
    let records: Vec<Record<'_>> = (0..codes.ends.len())
        .map(|i| Record {
            row: i as u64 + 1,
            code: codes.get(i),
            name: Some(names.get(i)),
            date: Some(dates.get(i)),
            region: None,
        })
        .collect();
    eprintln!(
        "{} rows read in {:.1?}; {} threads on {}",
        records.len(),
        t.elapsed(),
        rayon::current_num_threads(),
        uscc_benches::cpu_model()
    );
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2);
    for round in 0..=rounds {
        let ((c0, f0), t0) = (cpu_and_faults(), Instant::now());
        let report = scan(&records, ScanOptions::default());
        let ((c1, f1), t1) = (cpu_and_faults(), Instant::now());
        println!(
            "{}: {:.3} s (cpu {:.2} s, {:.0} page faults); 错码 {}, 重码 {}",
            if round == 0 { "first scan" } else { "again" },
            (t1 - t0).as_secs_f64(),
            c1 - c0,
            f1 - f0,
            report.summary.counts.erroneous,
            report.summary.counts.duplicate,
        );
    }
}
