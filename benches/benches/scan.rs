//! In-memory scan of 10 million synthetic records (codes, names and dates already in memory):
//! the whole job — validation, 重码/repeats, collisions, one-entity-many-codes, probable
//! intended codes, monthly and regional tables, names filled. Target: at most 1 s on the
//! 2-core reference machine.
//!
//! `cargo bench -p uscc-benches --bench scan` (set `USCC_SCAN_ROWS` for another size).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use uscc::scan::{scan, ScanOptions};

fn rows() -> usize {
    std::env::var("USCC_SCAN_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000)
}

fn bench(c: &mut Criterion) {
    let n = rows();
    let t = std::time::Instant::now();
    let d = uscc::synth::generate(n, 20_240_101);
    eprintln!(
        "generated {n} rows in {:.1?}; {} threads on {}",
        t.elapsed(),
        rayon::current_num_threads(),
        uscc_benches::cpu_model()
    );
    let records = d.scan_records();
    // One checked run: the numbers must be the truth's.
    let report = scan(&records, ScanOptions::default());
    let e = &d.truth.expected;
    let s = &report.summary.counts;
    assert_eq!(
        (s.erroneous, s.duplicate, s.repeated),
        (e.erroneous, e.duplicate, e.repeated)
    );
    let mut g = c.benchmark_group("scan");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    // The report is dropped outside the timing: freeing the caller's result (hundreds of
    // thousands of small strings) is not part of the scan.
    g.bench_function(format!("in_memory_{n}"), |b| {
        b.iter_with_large_drop(|| scan(&records, ScanOptions::default()))
    });
    // The same with the drop timed, for comparison with earlier runs.
    g.bench_function(format!("in_memory_{n}_with_drop"), |b| {
        b.iter(|| scan(&records, ScanOptions::default()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
