//! paiban — typeset Chinese newspaper editions into EPUB 3 and PDF/A-2u.
//!
//! The command line in three stages, as in ripgrep: [`args`] (what the user typed, clap) →
//! [`config`] (a validated configuration; bad values are usage errors, exit 2) → the library
//! calls ([`batch`] for `build`, [`check`] for `check` and `inspect`, one edition's pipeline in
//! [`pipeline`]). Exit codes: 0 success, 1 an edition failed (the others were still built),
//! 2 wrong usage.

#![forbid(unsafe_code)]

/// `eprintln!` that never panics: a full or closed stderr must not turn a finished build
/// into a crash (exit 101); the message is dropped instead.
macro_rules! elog {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod archive;
mod args;
mod batch;
mod bundled;
mod check;
mod config;
mod diag;
mod discover;
mod html;
mod jsonlog;
mod malloc;
mod output;
mod pipeline;
mod report;
mod stamp;

use clap::Parser;

use std::process::ExitCode;

/// Exit code: at least one edition failed, or the run could not start (fonts unreadable).
const FAILED: u8 = 1;
/// Exit code: wrong usage (clap uses the same).
const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let result = match &cli.command {
        args::Command::Build(a) => match config::BuildConfig::from_args(a) {
            Ok(cfg) => batch::run(&cfg),
            Err(e) => return usage(&e),
        },
        args::Command::Check(a) => match config::CheckConfig::from_args(a) {
            Ok(cfg) => check::run(&cfg),
            Err(e) => return usage(&e),
        },
        args::Command::Inspect(a) => match config::ingest_options(&a.meta) {
            Ok(opts) => check::inspect(&a.edition, &opts),
            Err(e) => return usage(&e),
        },
        args::Command::Completions { shell } => args::completions(*shell),
        args::Command::Man { command } => args::man_page(command.as_deref()),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(FAILED),
        // A reader that stopped early (`paiban inspect … | head`) is no failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            elog!("error: {}", message(&e));
            ExitCode::from(FAILED)
        }
    }
}

/// The error and its causes on one line, each cause once: library errors often show their
/// source in their own message already (`…: Not a directory (os error 20)`).
fn message(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Whether writing stdout failed because its reader went away.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

fn usage(e: &config::UsageError) -> ExitCode {
    elog!("error: {e}\n\nFor more information, try '--help'.");
    ExitCode::from(USAGE)
}
