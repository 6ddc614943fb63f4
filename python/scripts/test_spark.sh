#!/usr/bin/env bash
# The Spark tests (python/tests/test_spark.py): uscc.spark on a local Spark session, compared
# with uscc.scan. Idempotent: reuses the venv of test.sh (target/py-venv, created if missing),
# installs Java (apt-get) and the pinned pyspark only when missing, builds the extension
# (debug; USCC_RELEASE=1 for release) and runs the tests.
#
#   python/scripts/test_spark.sh            # all Spark tests (a few minutes on 2 cores)
#   python/scripts/test_spark.sh -k bad     # extra arguments go to pytest
set -euo pipefail

PYSPARK_VERSION=3.5.3   # Spark 3.5 line: Java 8/11/17, Python 3.8–3.12

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
venv="${USCC_VENV:-$root/target/py-venv}"
python="${PYTHON:-python3}"

# Java for the Spark driver.
if ! command -v java >/dev/null 2>&1; then
    echo "test_spark.sh: installing openjdk-17-jre-headless" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi

if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
py="$venv/bin/python"

want=(maturin pytest numpy pandas pyarrow)
missing=()
for pkg in "${want[@]}"; do
    "$py" -m pip show -q "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
have_spark="$("$py" -c 'import importlib.metadata as m; print(m.version("pyspark"))' 2>/dev/null || true)"
[ "$have_spark" = "$PYSPARK_VERSION" ] || missing+=("pyspark==$PYSPARK_VERSION")
if [ "${#missing[@]}" -gt 0 ]; then
    "$py" -m pip install -q --disable-pip-version-check "${missing[@]}"
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/maturin}"
release=()
[ -n "${USCC_RELEASE:-}" ] && release=(--release)
(
    cd "$here"
    VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" "$venv/bin/maturin" develop -q "${release[@]}" 2>&1 \
        | { grep -v -e "^Ignoring .*markers" -e "^Looking in links" || true; }
)

# Spark's Python workers must run the venv's interpreter; stay on the loopback interface.
export PYSPARK_PYTHON="$py" PYSPARK_DRIVER_PYTHON="$py" SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export USCC_SPARK_TESTS=1
cd "$here"
exec "$py" -m pytest -q tests/test_spark.py "$@"
