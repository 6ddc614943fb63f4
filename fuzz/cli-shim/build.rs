//! Copies `cli/src/main.rs` into `OUT_DIR` without its inner doc comments and with a
//! `#[path]` on each `mod` line, so `src/lib.rs` can include the CLI's module tree as it
//! stands: a module the CLI adds is picked up here without an edit.

use std::path::PathBuf;
use std::{env, fs};

fn main() {
    let src = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap())
        .join("../../cli/src")
        .canonicalize()
        .expect("cli/src next to fuzz/");
    let main = src.join("main.rs");
    println!("cargo:rerun-if-changed={}", main.display());
    let text = fs::read_to_string(&main).expect("cli/src/main.rs");
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("//!") || t.starts_with("#![") {
            continue;
        }
        let decl = t
            .strip_prefix("pub ")
            .unwrap_or(t)
            .strip_prefix("mod ")
            .and_then(|r| r.strip_suffix(';'));
        if let Some(name) = decl {
            let file = if src.join(format!("{name}.rs")).exists() {
                src.join(format!("{name}.rs"))
            } else {
                src.join(name).join("mod.rs")
            };
            out.push_str(&format!("#[path = {:?}]\n", file.display().to_string()));
        }
        out.push_str(line);
        out.push('\n');
    }
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap()).join("cli_main.rs");
    fs::write(dest, out).unwrap();
}
