#!/usr/bin/env bash
# Build the extension into a venv and run the Python tests. Idempotent: the venv under
# target/py-venv is created once and packages already installed are skipped.
#
#   python/scripts/test.sh            # debug build, all tests
#   python/scripts/test.sh -k arrow   # extra arguments go to pytest
#   USCC_RELEASE=1 python/scripts/test.sh   # release build (benchmarks)
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"

pip_install maturin pytest hypothesis numpy pandas polars pyarrow python-stdnum
# arro3-core is optional (its tests skip without it): it may have no wheel for this platform.
pip_install arro3-core || echo "test.sh: arro3-core not installed; its tests are skipped" >&2
build_extension

cd "$here"
exec "$py" -m pytest -q tests "$@"
