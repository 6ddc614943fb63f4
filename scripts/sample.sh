#!/usr/bin/env bash
# The monthly batch job on the bundled sample export (3,000 GBK-encoded rows with realistic
# faults): builds the CLI and writes summary.json, flagged.csv, duplicates.csv, monthly.csv,
# regions.csv and report.html into target/sample-report/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/sample-report
# Exit status 3 would mean "rate above --fail-above"; the sample has faults on purpose, so no
# threshold is set and the job succeeds.
cargo run --release -q -p uscc-cli -- scan examples/registrations-gbk.csv --out "$out" "$@"
echo
echo "Report: $out/report.html (open it in a browser); the lists are next to it."
