#!/usr/bin/env bash
# Builds the browser package from the `uscc` rules:
#
#   pkg/web/   ES module (browsers, bundlers):  import init, { validate } from "./uscc_wasm.js"
#   pkg/node/  CommonJS (Node):                 const { validate } = require("./uscc_wasm.js")
#   pkg/package.json  one npm package with both, and TypeScript declarations (uscc_wasm.d.ts)
#   www/pkg/   a copy of pkg/web for the static page
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-cli at the exact version of the
# wasm-bindgen crate in Cargo.lock, and `npm ci` here (for binaryen's wasm-opt).
# scripts/test.sh installs all three. Prints the .wasm size, raw and gzip-compressed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

# Size-first release settings, for this build only: profiles are workspace-wide, so they are
# given here rather than in Cargo.toml.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z
export CARGO_PROFILE_RELEASE_LTO=fat
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_RELEASE_PANIC=abort
export CARGO_PROFILE_RELEASE_DEBUG=false
export CARGO_PROFILE_RELEASE_STRIP=false   # wasm-bindgen needs its custom sections; it strips itself

(cd "$root" && cargo build --release -p uscc-wasm --target wasm32-unknown-unknown)
raw="$target_dir/wasm32-unknown-unknown/release/uscc_wasm.wasm"

wasm_opt="$here/node_modules/.bin/wasm-opt"
[ -x "$wasm_opt" ] || { echo "build.sh: $wasm_opt missing: run 'npm ci' in wasm/" >&2; exit 1; }
# Features rustc enables by default for wasm32-unknown-unknown, which wasm-opt must accept.
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
  --enable-mutable-globals --enable-reference-types --enable-multivalue)

rm -rf "$here/pkg"
for t in web node; do
  case $t in web) bt=web ;; node) bt=nodejs ;; esac
  wasm-bindgen --target "$bt" --out-dir "$here/pkg/$t" --out-name uscc_wasm "$raw"
  "$wasm_opt" -Oz --converge --strip-producers --strip-target-features "${features[@]}" "$here/pkg/$t/uscc_wasm_bg.wasm" -o "$here/pkg/$t/uscc_wasm_bg.wasm"
done
printf '{\n  "type": "commonjs"\n}\n' > "$here/pkg/node/package.json"
printf '{\n  "type": "module"\n}\n' > "$here/pkg/web/package.json"

version="$(cd "$root" && cargo pkgid -p uscc-wasm | sed 's/.*[#@]//')"
cat > "$here/pkg/package.json" <<JSON
{
  "name": "uscc-wasm",
  "version": "$version",
  "description": "Validate China's unified social credit code (统一社会信用代码, GB 32100-2015) in the browser and Node: which character is wrong, what was meant, what the code encodes",
  "license": "MIT OR Apache-2.0",
  "keywords": ["uscc", "gb32100", "统一社会信用代码", "validation", "wasm"],
  "types": "./web/uscc_wasm.d.ts",
  "main": "./node/uscc_wasm.js",
  "module": "./web/uscc_wasm.js",
  "exports": {
    ".": {
      "node": { "types": "./node/uscc_wasm.d.ts", "default": "./node/uscc_wasm.js" },
      "default": { "types": "./web/uscc_wasm.d.ts", "default": "./web/uscc_wasm.js" }
    },
    "./web": { "types": "./web/uscc_wasm.d.ts", "default": "./web/uscc_wasm.js" },
    "./node": { "types": "./node/uscc_wasm.d.ts", "default": "./node/uscc_wasm.js" },
    "./uscc-input.js": "./uscc-input.js"
  },
  "files": ["web/", "node/", "uscc-input.js", "README.md", "THIRD_PARTY.md"],
  "sideEffects": ["./uscc-input.js"]
}
JSON
cp "$here/README.md" "$here/pkg/README.md"
# The region table inside the .wasm is derived from BSD, MIT and CC BY 4.0 data: the notices
# travel with it.
cp "$root/THIRD_PARTY.md" "$here/pkg/THIRD_PARTY.md"
# The drop-in custom element ships in the package too, importing the web build beside it.
sed 's#\./pkg/uscc_wasm\.js#./web/uscc_wasm.js#' "$here/www/uscc-input.js" > "$here/pkg/uscc-input.js"

rm -rf "$here/www/pkg"
cp -r "$here/pkg/web" "$here/www/pkg"

wasm="$here/pkg/web/uscc_wasm_bg.wasm"
echo "uscc_wasm_bg.wasm: $(wc -c < "$wasm") bytes, $(gzip -9 -c "$wasm" | wc -c) gzip (before wasm-opt: $(wc -c < "$raw") bytes)"
