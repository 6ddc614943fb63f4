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
use crate::lang::Lang;

fn main() -> ExitCode {
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
