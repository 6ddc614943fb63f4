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
