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

# Java for the Spark driver.
if ! command -v java >/dev/null 2>&1; then
    echo "test_spark.sh: installing openjdk-17-jre-headless" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi

source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
pip_install maturin pytest numpy pandas pyarrow "pyspark==$PYSPARK_VERSION"
build_extension

# Spark's Python workers must run the venv's interpreter; stay on the loopback interface.
export PYSPARK_PYTHON="$py" PYSPARK_DRIVER_PYTHON="$py" SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export USCC_SPARK_TESTS=1
cd "$here"
exec "$py" -m pytest -q tests/test_spark.py "$@"
