#!/usr/bin/env bash
# Regenerates the bundled sample export: 3,000 synthetic registration records of one city
# (聊城市, region codes 3715xx: the city whose plan started this project) with realistic
# faults (check-char errors, typos, look-alikes, spreadsheet damage, citizen IDs, 重码,
# repeats …), GBK-encoded like most real exports. Deterministic: the same seed gives the same
# bytes. The ground truth (each row's injected fault) goes next to it only when asked:
#
#   examples/regenerate.sh              # examples/registrations-gbk.csv
#   examples/regenerate.sh --truth      # … and target/sample-truth.json
set -euo pipefail
cd "$(dirname "$0")/.."
truth=()
if [ "${1:-}" = "--truth" ]; then
  truth=(--truth target/sample-truth.json)
fi
cargo run --release -q -p uscc-cli -- gen --rows 3000 --seed 2024 --region 3715 --encoding gbk \
  --out examples/registrations-gbk.csv "${truth[@]}"
