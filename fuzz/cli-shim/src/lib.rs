//! The `uscc` command's modules as a library: `cli/src/main.rs` is included whole (`build.rs`
//! points its `mod` declarations at `cli/src/`), so every reader the CLI uses is compiled here,
//! unchanged, and [`run`] runs a command line in-process — what the `cli_*` fuzz targets need
//! while the CLI crate has no lib target of its own.
#![allow(dead_code, unused_imports, unused_macros, clippy::all)]

include!(concat!(env!("OUT_DIR"), "/cli_main.rs"));

pub use crate::input::text::{decode, detect, guess};

/// Runs `uscc ARGS…` in-process: the exit status, or the error message (English) for status 2.
pub fn run<I, T>(argv: I) -> Result<u8, String>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
    let result = match &cli.command {
        Command::Check(a) => check::run(a),
        // What the scan built is dropped here (freed: the fuzzer checks for leaks).
        Command::Scan(a) => scan::run_keeping(a).map(|(code, _finished)| code),
        Command::Gen(a) => gen::run(a),
        Command::Region(a) => region::run(a),
    };
    result.map_err(|e| e.message(Lang::En).to_string())
}
