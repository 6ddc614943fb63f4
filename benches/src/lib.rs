//! Benchmarks only: see `benches/`, `examples/` and `RESULTS.md`. What they share lives here.

use uscc::scan::Record;
use uscc::synth::Dataset;

/// The scan engine's input for a generated data set: row numbers from 1, a blank name as
/// none, no region column.
pub fn records(d: &Dataset) -> Vec<Record<'_>> {
    d.records
        .iter()
        .enumerate()
        .map(|(i, r)| Record {
            row: i as u64 + 1,
            code: &r.code,
            name: (!r.name.is_empty()).then_some(r.name.as_str()),
            date: Some(&r.date),
            region: None,
        })
        .collect()
}
