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
