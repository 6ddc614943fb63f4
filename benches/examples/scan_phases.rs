//! Where an in-memory scan spends its time: generation aside, the per-record pass (`push`),
//! the cross-record pass (`finish`) and filling names, each with wall and CPU time.
//!
//! `cargo run --release -p uscc-benches --example scan_phases -- [ROWS] [THREADS]`
//! (defaults: 2,000,000 rows, rayon's default thread count; `ROUNDS=n`, default 3).

use std::time::Instant;

use uscc::scan::{ScanOptions, Scanner};
use uscc_benches::cpu_and_faults;

fn cpu() -> f64 {
    cpu_and_faults().0
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000_000);
    if let Some(t) = args.next().and_then(|s| s.parse().ok()) {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build_global()
            .unwrap();
    }
    let d = uscc::synth::generate(n, 20_240_101);
    let records = d.scan_records();
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    eprintln!("generated");
    for round in 0..rounds {
        let ((c0, f0), t0) = (cpu_and_faults(), Instant::now());
        let mut s = Scanner::new(ScanOptions::default());
        s.reserve(records.len()); // as `uscc::scan::scan` does
        s.push(&records);
        let (t1, c1) = (Instant::now(), cpu());
        let mut report = s.finish();
        let (t2, c2) = (Instant::now(), cpu());
        report.fill_names(|row| Some(records[row as usize - 1].name?.to_string()));
        let t3 = Instant::now();
        let erroneous = report.summary.counts.erroneous;
        drop(report);
        let t4 = Instant::now();
        let faults = cpu_and_faults().1 - f0;
        println!(
            "round {round}: push {:.3} s (cpu {:.2}), finish {:.3} s (cpu {:.2}), names {:.3} s; total {:.3} s for {n} rows; 错码 {}; then dropping the report {:.3} s; {faults:.0} page faults",
            (t1 - t0).as_secs_f64(),
            c1 - c0,
            (t2 - t1).as_secs_f64(),
            c2 - c1,
            (t3 - t2).as_secs_f64(),
            (t3 - t0).as_secs_f64(),
            erroneous,
            (t4 - t3).as_secs_f64(),
        );
    }
}
