//! paiban — typeset Chinese newspaper editions into EPUB 3 and PDF/A.
//!
//! `paiban build` writes the books, `paiban check` prints what the repair passes did,
//! `paiban inspect` prints the repaired edition as JSON. Exit codes: 0 success, 1 an edition
//! failed (bad input, missing glyphs, unwritable output), 2 wrong usage.

#![forbid(unsafe_code)]

mod args;
mod build;
mod output;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let result = match &cli.command {
        args::Command::Build(a) => build::run(a),
        args::Command::Check(a) => build::check(a),
        args::Command::Inspect(a) => build::inspect(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
