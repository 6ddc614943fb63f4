# Sourced by test.sh and test_spark.sh: the venv under target/py-venv (created once), the
# packages a script needs (installed only when missing), and a build of the extension into it.
# Sets: here (python/), root (the repository), py (the venv's interpreter).

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
venv="${USCC_VENV:-$root/target/py-venv}"
if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
py="$venv/bin/python"

# pip_install PKG…: one pip call for those not installed yet (`name==version` pins a version).
pip_install() {
    local missing=() pkg name have
    for pkg in "$@"; do
        name="${pkg%%==*}"
        if [ "$name" != "$pkg" ]; then
            have="$("$py" -c "import importlib.metadata as m; print(m.version('$name'))" 2>/dev/null || true)"
            [ "$have" = "${pkg#*==}" ] || missing+=("$pkg")
        else
            "$py" -m pip show -q "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
        fi
    done
    [ "${#missing[@]}" -eq 0 ] || "$py" -m pip install -q --disable-pip-version-check "${missing[@]}"
}

# build_extension: `maturin develop` (release with USCC_RELEASE=1) in a target dir of its own,
# so it does not fight the workspace's cargo builds.
build_extension() {
    local release=()
    [ -n "${USCC_RELEASE:-}" ] && release=(--release)
    (
        cd "$here"
        export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target/maturin}"
        VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" "$venv/bin/maturin" develop -q "${release[@]}" 2>&1 \
            | { grep -v -e "^Ignoring .*markers" -e "^Looking in links" || true; }
    )
}
