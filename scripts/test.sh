#!/usr/bin/env bash
# Runs every test of the project: Rust (core, CLI, benches compile), the browser package (Node
# and headless Chromium), the Python package (pytest) and its Spark module on a local
# Spark session, fuzz smoke runs, and the region table's
# reproducibility check. Installs what it needs, idempotently; CI calls exactly this.
#
#   scripts/test.sh                 # everything
#   scripts/test.sh rust python     # only some stages
set -euo pipefail
cd "$(dirname "$0")/.."

stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(rust wasm python spark fuzz regions)

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
started=$(date +%s)

for stage in "${stages[@]}"; do
  t0=$(date +%s)
  case "$stage" in
    rust)
      step "Rust: fmt, clippy, tests, docs"
      cargo fmt --all -- --check
      cargo clippy --workspace --all-targets --all-features -- -D warnings
      cargo test --workspace --all-features --exclude uscc-python
      # The library's docs build without broken links (what docs.rs would show).
      RUSTDOCFLAGS="-D warnings" cargo doc -p uscc --no-deps --all-features
      ;;
    wasm)
      step "Browser package: Node and headless Chromium"
      wasm/scripts/test.sh
      ;;
    python)
      step "Python package: pytest"
      python/scripts/test.sh
      ;;
    spark)
      step "Python package on Apache Spark (local[2]): uscc.spark equals uscc.scan"
      python/scripts/test_spark.sh
      ;;
    fuzz)
      step "Fuzz smoke run"
      fuzz/scripts/run.sh smoke
      ;;
    regions)
      step "Region table: regenerate from the pinned sources and diff"
      python3 tools/regions/generate.py --check
      ;;
    *)
      echo "unknown stage: $stage" >&2
      exit 2
      ;;
  esac
  echo "-- $stage: $(( $(date +%s) - t0 )) s"
done
echo
echo "All stages passed in $(( $(date +%s) - started )) s: ${stages[*]}"
