#!/usr/bin/env bash
# Build the extension into a venv and run the Python tests. Idempotent: the venv under
# target/py-venv is created once and packages already installed are skipped.
#
#   python/scripts/test.sh            # debug build, all tests
#   python/scripts/test.sh -k arrow   # extra arguments go to pytest
#   USCC_RELEASE=1 python/scripts/test.sh   # release build (benchmarks)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
venv="${USCC_VENV:-$root/target/py-venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
py="$venv/bin/python"

# Install what is missing (one pip call, skipped entirely when everything is there).
want=(maturin pytest hypothesis numpy pandas polars pyarrow python-stdnum arro3-core)
missing=()
for pkg in "${want[@]}"; do
    "$py" -m pip show -q "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    "$py" -m pip install -q --disable-pip-version-check "${missing[@]}" || {
        # arro3-core is optional: retry without it if it has no wheel for this platform.
        rest=()
        for pkg in "${missing[@]}"; do [ "$pkg" = arro3-core ] || rest+=("$pkg"); done
        [ "${#rest[@]}" -eq 0 ] || "$py" -m pip install -q --disable-pip-version-check "${rest[@]}"
    }
fi

# A separate target dir, so this build does not fight the workspace's cargo builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/maturin}"
release=()
[ -n "${USCC_RELEASE:-}" ] && release=(--release)
(
    cd "$here"
    VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" "$venv/bin/maturin" develop -q "${release[@]}" 2>&1 \
        | { grep -v -e "^Ignoring .*markers" -e "^Looking in links" || true; }
)

cd "$here"
exec "$py" -m pytest -q tests "$@"
