//! Benchmarks only: see `benches/`, `examples/` and `RESULTS.md`.
