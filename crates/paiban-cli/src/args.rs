//! What the user typed: the clap definitions of the commands and their flags.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Typeset Chinese newspaper editions into EPUB 3 and archival PDF.
///
/// Exit codes: 0 success; 1 an edition failed (bad input, a character no font covers,
/// output not writable); 2 wrong usage.
#[derive(Debug, Parser)]
#[command(name = "paiban", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build EPUB and/or PDF books of one or more editions.
    Build(BuildArgs),
    /// Read and repair an edition and print the diagnostics; writes nothing.
    Check(CheckArgs),
    /// Print the repaired edition as JSON (the public contract in the README).
    Inspect(SourceArgs),
}

/// Where an edition comes from and metadata for a bare page file.
#[derive(Debug, Args, Clone)]
pub struct SourceArgs {
    /// An edition: an edition.toml, a folder holding one, or a bare page file (.md / .txt).
    pub edition: PathBuf,
    /// Paper name (报名) for a bare page file.
    #[arg(long)]
    pub masthead: Option<String>,
    /// Date (YYYY-MM-DD) for a bare page file.
    #[arg(long)]
    pub date: Option<String>,
    /// Page number (版次) for a bare page file.
    #[arg(long)]
    pub page: Option<u32>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = DiagFormat::Text)]
    pub format: DiagFormat,
    #[command(flatten)]
    pub fonts: FontArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiagFormat {
    Text,
    Json,
}

#[derive(Debug, Args, Clone)]
pub struct FontArgs {
    /// Replace a role's font: ROLE=PATH[#INDEX], ROLE one of body, heading, display.
    #[arg(long = "font", value_name = "ROLE=PATH")]
    pub font: Vec<String>,
    /// Add a fallback font tried after each role's own face: PATH[#INDEX].
    #[arg(long = "fallback-font", value_name = "PATH")]
    pub fallback: Vec<String>,
    /// A character no font covers is a warning (drawn as a visible replacement), not an error.
    #[arg(long)]
    pub allow_missing_glyphs: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Epub,
    Pdf,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output folder.
    #[arg(short, long, default_value = "out")]
    pub output: PathBuf,
    /// Which books to write.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Format::Epub, Format::Pdf])]
    pub format: Vec<Format>,
    #[command(flatten)]
    pub fonts: FontArgs,
    /// Treat every warning as an error.
    #[arg(long)]
    pub strict: bool,
    /// Print only errors.
    #[arg(short, long)]
    pub quiet: bool,
}
