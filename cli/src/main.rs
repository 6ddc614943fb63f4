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

/// glibc gives threads up to eight malloc arenas per core; the freed blocks of one arena are
/// not reused by another, so the peak grows with their number. One arena per core keeps the
/// peak close to what is really used, while the scan's workers, which allocate side by side
/// when the report is built, do not queue for one lock (10 M-row scan on 2 cores: one arena
/// 515 MB and 3.8–4.3 s, two 550–625 MB and 3.0–3.4 s, glibc's default 615 MB and 3.1–3.2 s).
/// `MALLOC_ARENA_MAX`, when set, wins.
fn malloc_arenas_per_core() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let arenas = libc::c_int::try_from(cores).unwrap_or(libc::c_int::MAX);
        // SAFETY: mallopt only changes an allocator setting; called before any thread starts.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, arenas);
        }
    }
}
use crate::lang::Lang;

fn main() -> ExitCode {
    malloc_arenas_per_core();
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
        Command::Scan(a) => scan::run_keeping(a).map(|(code, finished)| {
            // Exiting next: the system takes the memory back at once.
            std::mem::forget(finished);
            code
        }),
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
