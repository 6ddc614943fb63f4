#!/usr/bin/env bash
# Runs every fuzz target for a bounded time, one at a time, each on a fresh copy of its
# committed seed corpus (so a run never grows fuzz/corpus/). Exits non-zero on any crash,
# leak, timeout or out-of-memory, naming the target and the saved input.
#
#   fuzz/scripts/run.sh smoke               # each target 5 s (what scripts/test.sh runs in CI)
#   fuzz/scripts/run.sh long [SECONDS]      # each target SECONDS (default 60)
#   fuzz/scripts/run.sh long 300 scan wasm  # only some targets
#   fuzz/scripts/run.sh list                # the targets
#
# Installs what it needs, idempotently: the nightly toolchain (minimal profile) and
# cargo-fuzz. Crash inputs land in fuzz/artifacts/<target>/ (git-ignored); per-target logs and
# a stats table (runs, exec/s, libFuzzer's final cov/ft) in fuzz/target/runs/<mode>-<time>/.
# Environment: FUZZ_KEEP_CORPUS=1 keeps the grown corpora next to the logs (to -merge seeds
# deliberately); FUZZ_JOBS is not supported on purpose: one target, one process at a time.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
fuzz="$(dirname "$here")"
cd "$fuzz"

mode="${1:-smoke}"
shift || true
case "$mode" in
  smoke) secs=5 ;;
  long)
    secs=60
    if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then secs="$1"; shift; fi
    ;;
  list) ;;
  *) echo "usage: $0 smoke | long [SECONDS] [TARGET…] | list" >&2; exit 2 ;;
esac

all_targets=(bytes unicode messy suggest parse build_reparse differential region scan wasm cli_csv cli_excel)
if [[ "$mode" == list ]]; then printf '%s\n' "${all_targets[@]}"; exit 0; fi
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=("${all_targets[@]}")

# Tools, idempotently.
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz || cargo install cargo-fuzz
fi

# The CLI has no lib target: cli-shim compiles its modules; keep its dependencies in step.
python3 "$here/sync_cli_shim.py"

echo "== building the targets (release, debug assertions and overflow checks, AddressSanitizer)"
cargo +nightly fuzz build -O -a
triple="$(rustc +nightly -vV | sed -n 's/^host: //p')"
bin="$fuzz/target/$triple/release"

stamp="$(date +%Y%m%d-%H%M%S)"
logs="$fuzz/target/runs/$mode-$stamp"
mkdir -p "$logs"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

failed=()
printf '%-14s %6s %10s %8s %8s %8s  %s\n' target secs runs exec/s cov ft result | tee "$logs/stats.txt"
for t in "${targets[@]}"; do
  corpus="$tmp/$t"
  mkdir -p "$corpus"
  [[ -d "corpus/$t" ]] && cp -r "corpus/$t/." "$corpus/"
  log="$logs/$t.log"
  set +e
  # The binaries built above, run directly: sources changing meanwhile change nothing.
  mkdir -p "artifacts/$t"
  "$bin/$t" -artifact_prefix="artifacts/$t/" \
    -max_total_time="$secs" -timeout=25 -rss_limit_mb=4096 -print_final_stats=1 \
    "$corpus" >"$log" 2>&1
  status=$?
  set -e
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
  cov="$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$done_line")"
  ft="$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$done_line")"
  runs="$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -1)"
  rate="$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log" | tail -1)"
  if [[ $status -eq 0 ]]; then
    result=ok
  else
    result="FAILED (status $status)"
    failed+=("$t")
  fi
  printf '%-14s %6s %10s %8s %8s %8s  %s\n' "$t" "$secs" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$result" |
    tee -a "$logs/stats.txt"
  if [[ $status -ne 0 ]]; then
    grep -E "panicked at|ERROR: libFuzzer|SUMMARY|Test unit written|^(assertion|thread)" "$log" | head -8 | sed 's/^/    /'
  fi
  if [[ "${FUZZ_KEEP_CORPUS:-0}" == 1 ]]; then
    cp -r "$corpus" "$logs/corpus-$t"
  fi
done

echo "logs: $logs"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "crashes in: ${failed[*]} (inputs in fuzz/artifacts/<target>/)" >&2
  exit 1
fi
echo "no crash in ${#targets[@]} targets × ${secs} s"
