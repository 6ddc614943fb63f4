//! Helpers for the integration tests: run the binary, build fixtures in a temp dir.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub fn uscc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_uscc"));
    c.env_remove("RUST_LOG");
    c
}

pub struct Dir {
    pub tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).expect("write fixture");
        p
    }
    pub fn out(&self) -> PathBuf {
        self.path("out")
    }
    pub fn summary(&self) -> Value {
        read_json(&self.out().join("summary.json"))
    }
    pub fn text(&self, name: &str) -> String {
        std::fs::read_to_string(self.out().join(name)).expect("output file")
    }
    /// A CSV output without its BOM, as rows of fields.
    pub fn csv(&self, name: &str) -> Vec<Vec<String>> {
        let t = self.text(name);
        let t = t
            .strip_prefix('\u{feff}')
            .expect("CSV output starts with a BOM");
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(t.as_bytes());
        r.records()
            .map(|x| x.expect("csv").iter().map(str::to_string).collect())
            .collect()
    }
}

pub fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).expect("json file")).expect("valid JSON")
}

/// Runs `uscc scan FILES --out DIR ARGS` and returns the exit code and stderr.
pub fn scan(d: &Dir, files: &[&Path], args: &[&str]) -> (i32, String, String) {
    let mut c = uscc();
    c.arg("scan");
    for f in files {
        c.arg(f);
    }
    c.arg("--out").arg(d.out()).args(args);
    let o = c.output().expect("run uscc");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

pub fn n(v: &Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("no number {key} in {v}"))
}

/// Valid codes from the spec (all real, all published).
pub const VALID: [&str; 4] = [
    "91350100M000100Y43",
    "91110108551385082Q",
    "531000005000160090",
    "71310106424845496E",
];
