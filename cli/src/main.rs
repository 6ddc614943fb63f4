//! `uscc`: check unified social credit codes, scan registration exports for 重码/错码 and the
//! monthly 重错码率, generate test data, look up region codes. See cli/README.md.

mod args;
mod check;
mod columns;
mod error;
mod feed;
mod gen;
mod input;
mod lang;
mod output;
mod progress;
mod region;
mod scan;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// glibc gives each thread that allocates its own malloc arena; with the reader's workers and
/// the scanner's allocating side by side, the freed blocks of one arena are not reused by
/// another and the peak grows by ~100 MB on a 10-million-row scan. One arena keeps the peak
/// at what is really used (measured: no slower). `MALLOC_ARENA_MAX`, when set, wins.
fn one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only changes an allocator setting; called before any thread starts.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 1);
        }
    }
}
use crate::lang::Lang;

fn main() -> ExitCode {
    one_malloc_arena();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors exit with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                error::exit::USAGE
            } else {
                error::exit::OK
            });
        }
    };
    let lang = match &cli.command {
        Command::Check(a) => a.lang,
        Command::Scan(a) => a.lang,
        Command::Region(a) => a.lang,
        Command::Gen(_) => Lang::En,
    };
    let result = match &cli.command {
        Command::Check(a) => check::run(a),
        Command::Scan(a) => scan::run(a),
        Command::Gen(a) => gen::run(a),
        Command::Region(a) => region::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("uscc: {}", e.message(lang));
            ExitCode::from(error::exit::USAGE)
        }
    }
}
