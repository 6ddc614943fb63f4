//! Benchmarks only: see `benches/`, `examples/` and `RESULTS.md`.

/// The processor's name with its family and model numbers (from `/proc/cpuinfo` on Linux; a
/// VM may show only "AMD EPYC"), printed before a benchmark's numbers: a wall time means
/// little without the machine that made it.
///
/// ```
/// assert!(!uscc_benches::cpu_model().is_empty());
/// ```
pub fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    // The first processor's block is enough.
    let field = |key: &str| {
        info.lines()
            .take_while(|l| !l.trim().is_empty())
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim() == key)
            .map(|(_, v)| v.trim().to_string())
    };
    let mut name =
        field("model name").unwrap_or_else(|| format!("unknown {} CPU", std::env::consts::ARCH));
    if let (Some(family), Some(model)) = (field("cpu family"), field("model")) {
        name += &format!(" (family {family}, model {model})");
    }
    name
}

/// This process's CPU time so far (user + system, seconds) and its minor page faults, from
/// `/proc/self/stat` (Linux; zeros elsewhere): a scan's CPU time tells the host's noise from
/// the scan's work, and its page faults the cost of fresh memory.
///
/// ```
/// let (cpu, faults) = uscc_benches::cpu_and_faults();
/// assert!(cpu >= 0.0 && faults >= 0.0);
/// ```
pub fn cpu_and_faults() -> (f64, f64) {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces): state is 0, minflt 7, utime 11,
    // stime 12 (clock ticks, 100 a second on Linux).
    let f: Vec<&str> = s
        .rsplit_once(')')
        .map(|(_, r)| r.split_whitespace().collect())
        .unwrap_or_default();
    let t = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    ((t(11) + t(12)) / 100.0, t(7))
}
