#!/usr/bin/env bash
# The browser package's tests, from a clean clone: installs what is missing (idempotent),
# builds pkg/ and www/pkg/, checks the size budget, then runs
#   1. the crate's native unit tests (the JS objects have exactly the core's serde shape),
#   2. Node's test runner against the Node build (tests/node.test.mjs),
#   3. headless Chromium against the page (tests/browser.test.mjs; screenshots and timings
#      in target/wasm-artifacts/).
# Exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

step() { printf '\n\033[1m-- wasm: %s\033[0m\n' "$*"; }

step "toolchain"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
want="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
[ -n "$want" ] || { echo "wasm-bindgen not found in Cargo.lock" >&2; exit 1; }
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want"
fi
# npm dependencies (binaryen's wasm-opt, playwright-core; no browser download).
if ! { [ -x "$here/node_modules/.bin/wasm-opt" ] && [ -d "$here/node_modules/playwright-core" ]; }; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
# Debian's Chromium, and CJK fonts so that the screenshot shows the page as a clerk sees it.
apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { apt-get update; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}
[ -x /usr/bin/chromium ] || apt_install chromium
if ! { command -v fc-list >/dev/null && fc-list :lang=zh | grep -q .; }; then
  apt_install fonts-noto-cjk
fi

step "build"
"$here/build.sh"

step "size budget (with the full region table): <= 250 KiB raw, <= 100 KiB gzip"
wasm="$here/pkg/web/uscc_wasm_bg.wasm"
raw=$(wc -c < "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
echo "uscc_wasm_bg.wasm: $raw bytes raw, $gz bytes gzip -9"
cmp -s "$wasm" "$here/pkg/node/uscc_wasm_bg.wasm" || echo "note: the node build's .wasm differs from the web build's"
[ "$raw" -le $((250 * 1024)) ] || { echo "FAIL: $raw bytes > 250 KiB" >&2; exit 1; }
[ "$gz" -le $((100 * 1024)) ] || { echo "FAIL: $gz bytes gzip > 100 KiB" >&2; exit 1; }

step "native unit tests"
cargo test -p uscc-wasm

step "Node tests (pkg/node)"
(cd "$here" && node --test tests/node.test.mjs)

step "headless Chromium tests (www/)"
(cd "$here" && node --test tests/browser.test.mjs)
echo "artifacts: $root/target/wasm-artifacts/"
