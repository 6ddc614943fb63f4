#!/usr/bin/env bash
# The whole `uscc scan` (read, decode, validate, 重码/错码, monthly and regional tables, every
# output file) on a generated 10-million-row CSV, side by side in the same run with what users
# would use instead: DuckDB and polars doing only the "codes with more than one name" query
# (pandas too with PANDAS=1). Wall time and peak memory of each; nothing is asserted.
#
#   benches/compare/cli_scan.sh                 # 10,000,000 rows, 3 runs each
#   ROWS=1000000 RUNS=1 benches/compare/cli_scan.sh
#
# Release build only. Python tools go into a venv under target/bench-venv (never the system
# Python). The data file is generated once into target/bench-data/ by `uscc gen`.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROWS=${ROWS:-10000000}
SEED=${SEED:-1}
RUNS=${RUNS:-3}
DATA=target/bench-data/scan-${ROWS}-seed${SEED}.csv

cargo build --release -q -p uscc-cli
USCC=target/release/uscc

VENV=target/bench-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c "import duckdb, polars" 2>/dev/null || "$VENV/bin/pip" install -q duckdb polars
if [ "${PANDAS:-0}" = 1 ]; then
  "$VENV/bin/python" -c "import pandas" 2>/dev/null || "$VENV/bin/pip" install -q pandas
fi

if [ ! -f "$DATA" ]; then
  mkdir -p "$(dirname "$DATA")"
  echo "generating $DATA …" >&2
  "$USCC" gen --rows "$ROWS" --seed "$SEED" --out "$DATA.tmp"
  mv "$DATA.tmp" "$DATA"
fi

extra=()
if [ "${PANDAS:-0}" = 1 ]; then
  extra=(--pandas)
fi
exec "$VENV/bin/python" benches/compare/cli_scan.py --data "$DATA" --uscc "$USCC" --runs "$RUNS" "${extra[@]}"
