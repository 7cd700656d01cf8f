//! What the user typed: the clap definitions of the commands and their flags.
//!
//! Stage: the first of three (args → [`crate::config`] → library calls). Input: the command
//! line. Output: plain structs mirroring the flags; values that clap can check on its own
//! (`--font ROLE=PATH#INDEX`, `--jobs`, page sizes) are parsed here, so a malformed flag is a
//! usage error (exit 2) before any edition is read. Nothing here touches the file system.

use clap::{Args, Parser, Subcommand, ValueEnum};
use paiban_fonts::Role;
use std::path::PathBuf;

/// Typeset Chinese newspaper editions into EPUB 3 and archival PDF/A-2u.
#[derive(Debug, Parser)]
#[command(
    name = "paiban",
    version,
    about,
    after_long_help = EXIT_CODES,
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Shown under every `--help`.
const EXIT_CODES: &str = "\
Exit codes:
  0  success: every edition built (check: every edition is buildable)
  1  at least one edition failed (bad source, a character no font covers, output not
     writable, with --strict any warning); the others were still built
  2  wrong usage (unknown flag, malformed value); nothing was read or written

Editions: an EDITION is an edition.toml, a folder holding one, a page file (.md, .markdown,
.txt), or any other folder, which is searched (sorted by name, hidden entries skipped) for
edition folders and page files; a folder with an edition.toml is one edition, and so is a
folder per day (page files whose names share one date and paper). Books are named
<name>-YYYY-MM-DD.epub/.pdf/.kepub.epub/.azw3 with the edition's date, unless the name already holds it.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the EPUB and PDF books of one or more editions (or folders of editions).
    #[command(after_help = EXIT_CODES)]
    Build(Box<BuildArgs>),
    /// Read and repair editions, check their fonts, print the diagnostics; writes nothing
    /// but the --report page.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Print one repaired edition as JSON (the public contract in the README).
    Inspect(InspectArgs),
    /// Print a shell completion script, e.g. `paiban completions bash > ~/.local/share/bash-completion/completions/paiban`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): `paiban man > paiban.1`, `paiban man build > paiban-build.1`.
    Man {
        /// The subcommand whose page to print (default: the page of paiban itself).
        #[arg(value_parser = ["build", "check", "inspect", "completions"])]
        command: Option<String>,
    },
}

/// Metadata for bare page files (ignored where an edition.toml gives it).
#[derive(Debug, Args, Clone, Default)]
pub struct MetaArgs {
    /// Paper name (报名) for a bare page file or a folder per day [default: the page's
    /// masthead, else a guess from the names].
    #[arg(long)]
    pub masthead: Option<String>,
    /// Date (YYYY-MM-DD) for a bare page file or a folder per day [default: the page's
    /// date, else a guess from the names].
    #[arg(long)]
    pub date: Option<String>,
    /// Page number (版次) for a bare page file [default: the page's 第N版, else the name's].
    #[arg(long)]
    pub page: Option<u32>,
}

/// `--font ROLE=PATH[#INDEX]` as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSpec {
    pub role: Role,
    pub path: PathBuf,
    pub index: u32,
}

/// `PATH[#INDEX]` as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceSpec {
    pub path: PathBuf,
    pub index: u32,
}

/// Split `PATH#INDEX`; a `#` followed by something that is not a number belongs to the path.
pub fn parse_face(s: &str) -> Result<FaceSpec, String> {
    if s.is_empty() {
        return Err("empty font path".into());
    }
    if let Some((p, i)) = s.rsplit_once('#')
        && !i.is_empty()
        && i.bytes().all(|b| b.is_ascii_digit())
    {
        let index = i
            .parse()
            .map_err(|_| format!("face index {i:?} is too large"))?;
        if p.is_empty() {
            return Err("empty font path".into());
        }
        return Ok(FaceSpec {
            path: PathBuf::from(p),
            index,
        });
    }
    Ok(FaceSpec {
        path: PathBuf::from(s),
        index: 0,
    })
}

/// Parse `ROLE=PATH[#INDEX]`.
pub fn parse_font(s: &str) -> Result<FontSpec, String> {
    let Some((role, path)) = s.split_once('=') else {
        return Err("expected ROLE=PATH[#INDEX], ROLE one of body, heading, display".into());
    };
    let role = Role::ALL
        .into_iter()
        .find(|r| r.name() == role)
        .ok_or_else(|| format!("unknown role {role:?} (body, heading, display)"))?;
    let face = parse_face(path)?;
    Ok(FontSpec {
        role,
        path: face.path,
        index: face.index,
    })
}

fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err("expected a number of parallel jobs from 1 to 1024".into()),
    }
}

#[derive(Debug, Args, Clone, Default)]
pub struct FontArgs {
    /// Replace a role's font: ROLE=PATH[#INDEX], ROLE one of body, heading, display;
    /// INDEX selects a face of a TrueType/OpenType collection (.ttc).
    #[arg(long = "font", value_name = "ROLE=PATH[#INDEX]", value_parser = parse_font)]
    pub font: Vec<FontSpec>,
    /// Add a fallback font, tried after each role's own face (repeatable, in order).
    #[arg(long = "fallback-font", value_name = "PATH[#INDEX]", value_parser = parse_face)]
    pub fallback: Vec<FaceSpec>,
    /// Folder holding the bundled faces' files (default: $PAIBAN_FONTS, else the faces built
    /// into paiban).
    #[arg(long, value_name = "DIR")]
    pub fonts_dir: Option<PathBuf>,
    /// A character no font covers is a warning (drawn as a visible replacement), not an error.
    #[arg(long)]
    pub allow_missing_glyphs: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// EPUB 3, for e-readers and phones.
    Epub,
    /// PDF/A-2u, for print and archives (or a screen: `--preset`).
    Pdf,
    /// Kobo kepub: the EPUB with Kobo's sentence spans (`NAME.kepub.epub`).
    Kepub,
    /// Kindle (KF8), from the EPUB's documents.
    Azw3,
}

impl Format {
    /// The file extension of the book.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
            Format::Kepub => "kepub.epub",
            Format::Azw3 => "azw3",
        }
    }

    /// Whether the book embeds font files (the edition's subsets); the PDF embeds krilla's
    /// own subsets of the full faces.
    pub fn embeds_font_files(self) -> bool {
        match self {
            Format::Epub | Format::Kepub | Format::Azw3 => true,
            Format::Pdf => false,
        }
    }

    /// The format's name as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
            Format::Kepub => "kepub",
            Format::Azw3 => "azw3",
        }
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Editions to build: edition.toml files, edition folders, page files, or folders of them.
    #[arg(required_unless_present = "from_list", value_name = "EDITION")]
    pub editions: Vec<PathBuf>,
    /// Output folder (created if missing).
    #[arg(short, long, default_value = "out", value_name = "DIR")]
    pub output: PathBuf,
    /// Which books to write, comma-separated, any combination: epub, pdf, kepub.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "epub,pdf")]
    pub format: Vec<Format>,
    /// Editions built at the same time (default: the number of cores).
    #[arg(short, long, value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub meta: MetaArgs,
    #[command(flatten)]
    pub fonts: FontArgs,
    #[command(flatten)]
    pub pdf: PdfArgs,
    /// Treat every warning as an error: an edition with a warning is not written.
    #[arg(long)]
    pub strict: bool,
    /// Print only errors (no progress, no per-edition lines, no warnings).
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print the notes (every repair made) and per-stage timings.
    #[arg(short, long)]
    pub verbose: bool,
    #[command(flatten)]
    pub archive: crate::archive::ArchiveArgs,
}

/// PDF layout flags.
#[derive(Debug, Args, Clone, Default)]
pub struct PdfArgs {
    /// PDF page size: a4 (default), a5, b5, letter, or WxH in mm (or with a unit: 8.5inx11in).
    #[arg(long, value_name = "SIZE")]
    pub page_size: Option<String>,
    /// PDF text columns per page (1 or 2; default 2 on A4 and larger, else 1).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub columns: Option<u8>,
    /// Line-breaking prohibitions (clreq 3.1.7): basic (default), strict or none.
    #[arg(long, value_name = "LEVEL", value_parser = ["basic", "strict", "none"])]
    pub kinsoku: Option<String>,
    /// Print bleed around the trim box, with a unit, e.g. 3mm (sets TrimBox/BleedBox and crop marks).
    #[arg(long, value_name = "LENGTH")]
    pub bleed: Option<String>,
    /// A PDF made for a screen: ereader-6 (90×122 mm), ereader-7.8 (119×158 mm) or
    /// tablet-10.3 (157×210 mm): the page the screen's size, one column, 4 mm margins, body
    /// type 11–12 pt, a small running head, no bleed.
    #[arg(long, value_name = "SCREEN", value_parser = ["ereader-6", "ereader-7.8", "tablet-10.3"],
          conflicts_with_all = ["page_size", "bleed"])]
    pub preset: Option<String>,
    /// PDF body type size in pt (6–24), for any page [default: 10, 9.5 under 160 mm wide, or
    /// the preset's].
    #[arg(long, value_name = "PT")]
    pub body_size: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiagFormat {
    /// Compiler-style lines: file:line, severity, pass, message, snippet.
    Text,
    /// One JSON array: per edition its source, buildable, error and diagnostics.
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Editions to check (as for build).
    #[arg(required = true, value_name = "EDITION")]
    pub editions: Vec<PathBuf>,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = DiagFormat::Text)]
    pub format: DiagFormat,
    #[command(flatten)]
    pub meta: MetaArgs,
    #[command(flatten)]
    pub fonts: FontArgs,
    /// An edition with a warning counts as not buildable (as `build --strict` would fail it).
    #[arg(long)]
    pub strict: bool,
    /// Print warnings and errors only, not the notes.
    #[arg(short, long)]
    pub quiet: bool,
    /// Also write the editor's review page (HTML): source lines beside the repaired
    /// edition, every change and warning marked. With several editions: FILE's stem plus
    /// `-NAME` per edition, beside FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The edition: an edition.toml, a folder holding one, or a page file.
    #[arg(value_name = "EDITION")]
    pub edition: PathBuf,
    #[command(flatten)]
    pub meta: MetaArgs,
}

/// Write the completion script for `shell` to stdout.
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<bool> {
    use clap::CommandFactory;
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut Cli::command(), "paiban", &mut out);
    std::io::Write::flush(&mut out)?;
    Ok(true)
}

/// Write the man page (roff) of paiban, or of one of its subcommands, to stdout.
pub fn man_page(command: Option<&str>) -> anyhow::Result<bool> {
    use clap::CommandFactory;
    let cli = Cli::command();
    let page_name = |c: &str| match c {
        "build" => Some("paiban-build"),
        "check" => Some("paiban-check"),
        "inspect" => Some("paiban-inspect"),
        "completions" => Some("paiban-completions"),
        _ => None,
    };
    let page = match command.and_then(|c| Some((cli.find_subcommand(c)?, page_name(c)?))) {
        Some((sub, name)) => sub.clone().name(name),
        None => cli,
    };
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(page).render(&mut out)?;
    std::io::Write::flush(&mut out)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_spec_with_and_without_index() {
        let f = parse_font("heading=/x/y.ttc#2").unwrap();
        assert_eq!(
            (f.role, f.path, f.index),
            (Role::Heading, PathBuf::from("/x/y.ttc"), 2)
        );
        let f = parse_font("body=a#b.ttf").unwrap();
        assert_eq!((f.path, f.index), (PathBuf::from("a#b.ttf"), 0));
        assert!(parse_font("title=x.ttf").is_err());
        assert!(parse_font("x.ttf").is_err());
        assert!(parse_font("body=").is_err());
        assert!(parse_face("f.ttc#99999999999").is_err());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
