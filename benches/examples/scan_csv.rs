//! The scan engine on a CSV file, for the side-by-side comparison in `benches/compare/`:
//! read with the `csv` crate in chunks of 65,536 rows, scan (everything: validation, 重码,
//! repeats, collisions, one-entity-many-codes, intended codes, monthly and regional tables),
//! then, only when the report needs names, a second pass over the file for those rows.
//!
//! `cargo run --release -p uscc-benches --example scan_csv -- FILE.csv [--gen ROWS SEED]`
//! (`--gen` writes a synthetic file first). The columns are code, name, date.

use std::io::BufWriter;
use std::time::Instant;

use uscc::scan::{Record, ScanOptions, Scanner};

const CHUNK: usize = 1 << 16;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: scan_csv FILE.csv [--gen ROWS SEED]")?;
    if args.get(1).map(String::as_str) == Some("--gen") {
        let rows: usize = args.get(2).ok_or("rows")?.parse()?;
        let seed: u64 = args.get(3).map_or(Ok(1), |s| s.parse())?;
        let d = uscc::synth::generate(rows, seed);
        d.write_csv(BufWriter::new(std::fs::File::create(path)?))?;
        return Ok(());
    }
    let t = Instant::now();
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let mut buf: Vec<csv::StringRecord> = (0..CHUNK).map(|_| csv::StringRecord::new()).collect();
    let mut scanner = Scanner::new(ScanOptions::default());
    let mut row = 0u64;
    loop {
        let mut n = 0;
        while n < CHUNK && rdr.read_record(&mut buf[n])? {
            n += 1;
        }
        let recs: Vec<Record<'_>> = buf[..n]
            .iter()
            .enumerate()
            .map(|(i, r)| Record {
                row: row + i as u64 + 1,
                code: r.get(0).unwrap_or(""),
                name: r.get(1),
                date: r.get(2),
                region: None,
            })
            .collect();
        scanner.push(&recs);
        row += n as u64;
        if n < CHUNK {
            break;
        }
    }
    let read_scan = t.elapsed();
    let mut report = scanner.finish();
    let finished = t.elapsed();
    let mut want = report.rows_missing_names();
    want.extend(report.rows_missing_codes());
    want.sort_unstable();
    want.dedup();
    if !want.is_empty() {
        let mut names = std::collections::HashMap::new();
        let mut codes = std::collections::HashMap::new();
        let mut rdr = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
        let mut r = csv::StringRecord::new();
        let mut i = 0u64;
        while rdr.read_record(&mut r)? {
            i += 1;
            if want.binary_search(&i).is_ok() {
                names.insert(i, r.get(1).unwrap_or("").to_string());
                codes.insert(i, r.get(0).unwrap_or("").to_string());
            }
        }
        report.fill_names(|row| names.get(&row).cloned());
        report.fill_codes(|row| codes.get(&row).cloned());
    }
    let c = &report.summary.counts;
    println!(
        "rows={} valid={} erroneous={} duplicate={} repeated={} rate={:.6} duplicate_groups={} multi_code_entities={} collisions={} flagged={}",
        c.total,
        c.valid,
        c.erroneous,
        c.duplicate,
        c.repeated,
        c.rate,
        report.summary.duplicate_groups,
        report.summary.multi_code_entities,
        report.summary.collisions,
        report.flagged.len()
    );
    eprintln!(
        "read+scan {:.2?}, finish {:.2?}, names pass {:.2?}",
        read_scan,
        finished - read_scan,
        t.elapsed() - finished
    );
    Ok(())
}
