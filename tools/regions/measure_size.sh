#!/bin/sh
# Measure what the region table adds to a release binary.
#
# Builds two tiny programs in target/regions-size-probe/ (outside the workspace) with the
# workspace's release settings plus `strip = true`: `base` prints a number, `region` looks a
# code up and prints everything the region API can say about it (name, chain, periods, names,
# note, a walk over all rows). The difference is the table plus the lookup code.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
probe="$root/target/regions-size-probe"
mkdir -p "$probe/src/bin"
cat > "$probe/Cargo.toml" <<TOML
[package]
name = "regions-size-probe"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
uscc = { path = "$root/core", default-features = false }

[profile.release]
codegen-units = 4
lto = "thin"
strip = true
TOML
cat > "$probe/src/bin/base.rs" <<'RS'
fn main() {
    let n = std::env::args().count() as u32;
    println!("{}", n * 371_523);
}
RS
cat > "$probe/src/bin/region.rs" <<'RS'
fn main() {
    let n = std::env::args().count() as u32;
    let code = 371_522 + n;
    println!("{}", uscc::region::is_known(code));
    if let Some(r) = uscc::region::lookup(code) {
        println!("{r} {} {} {:?}", r.chain(), r.full_name(), r.periods().collect::<Vec<_>>());
        for s in r.names() {
            println!("{s} {:?} {}", r.chain_in(s.period.start), r.kind());
        }
        println!("{:?}", r.note());
    }
    println!("{}", uscc::region::all().filter(|r| r.valid_in(2015)).count());
}
RS
cd "$probe"
CARGO_TARGET_DIR="$probe/target" cargo build --release --quiet --bin base --bin region
b=$(stat -c %s target/release/base)
r=$(stat -c %s target/release/region)
echo "base   $b bytes"
echo "region $r bytes"
echo "cost   $((r - b)) bytes"
bg=$(gzip -9 -c target/release/base | wc -c)
rg=$(gzip -9 -c target/release/region | wc -c)
echo "gzip -9: base $bg, region $rg, cost $((rg - bg)) bytes"

# The same for wasm32 (the table goes into the wasm module too): a cdylib exporting one
# function, built without and with the region lookups (is_known, lookup, name, valid_in, chain).
if rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
    w="$probe/wasm"
    mkdir -p "$w/src"
    cat > "$w/Cargo.toml" <<TOML
[package]
name = "regions-size-probe-wasm"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib"]

[workspace]

[features]
region = []

[dependencies]
uscc = { path = "$root/core", default-features = false }

[profile.release]
codegen-units = 1
lto = true
opt-level = "s"
strip = true
panic = "abort"
TOML
    cat > "$w/src/lib.rs" <<'RS'
#[no_mangle]
pub extern "C" fn probe(code: u32) -> u32 {
    #[cfg(feature = "region")]
    {
        match uscc::region::lookup(code) {
            Some(r) => {
                r.name().len() as u32
                    + u32::from(r.valid_in(2018))
                    + r.chain().iter().map(str::len).sum::<usize>() as u32
                    + u32::from(uscc::region::is_known(code + 1))
            }
            None => 0,
        }
    }
    #[cfg(not(feature = "region"))]
    {
        code.wrapping_mul(3)
    }
}
RS
    cd "$w"
    CARGO_TARGET_DIR="$w/target" cargo build --release --quiet --target wasm32-unknown-unknown
    cp target/wasm32-unknown-unknown/release/regions_size_probe_wasm.wasm base.wasm
    CARGO_TARGET_DIR="$w/target" cargo build --release --quiet --target wasm32-unknown-unknown --features region
    cp target/wasm32-unknown-unknown/release/regions_size_probe_wasm.wasm region.wasm
    b=$(stat -c %s base.wasm); r=$(stat -c %s region.wasm)
    bg=$(gzip -9 -c base.wasm | wc -c); rg=$(gzip -9 -c region.wasm | wc -c)
    echo "wasm32: base $b, region $r, cost $((r - b)) bytes; gzip -9 cost $((rg - bg)) bytes"
fi
