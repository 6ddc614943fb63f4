//! Benchmarks only: see `benches/`, `examples/` and `RESULTS.md`.

/// The processor's name (from `/proc/cpuinfo` on Linux), printed before a benchmark's numbers:
/// a wall time means little without the machine that made it.
///
/// ```
/// assert!(!uscc_benches::cpu_model().is_empty());
/// ```
pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| format!("unknown {} CPU", std::env::consts::ARCH))
}
