//! The commands: validated configuration, then library calls.

use crate::args::{BuildArgs, CheckArgs, DiagFormat, FontArgs, Format, SourceArgs};
use crate::output::write_atomic;
use anyhow::{Context, Result, bail};
use paiban_fonts::{EditionFonts, FontConfig, FontSet, Role};
use paiban_ingest::{IngestOptions, Ingested};
use paiban_model::Severity;
use std::path::PathBuf;
use std::process::ExitCode;

fn ingest(src: &SourceArgs) -> Result<Ingested> {
    let opts = IngestOptions {
        masthead: src.masthead.clone(),
        date: src.date.clone(),
        page: src.page,
    };
    Ok(paiban_ingest::load(&src.edition, &opts)?)
}

fn font_config(args: &FontArgs) -> Result<FontConfig> {
    let mut cfg = FontConfig::default();
    let split_index = |s: &str| -> Result<(PathBuf, u32)> {
        match s.rsplit_once('#') {
            Some((p, i)) => Ok((
                PathBuf::from(p),
                i.parse()
                    .with_context(|| format!("bad face index in {s}"))?,
            )),
            None => Ok((PathBuf::from(s), 0)),
        }
    };
    for f in &args.font {
        let Some((role, path)) = f.split_once('=') else {
            bail!("--font {f}: expected ROLE=PATH")
        };
        let role = match role {
            "body" => Role::Body,
            "heading" => Role::Heading,
            "display" => Role::Display,
            other => bail!("--font {f}: unknown role {other:?} (body, heading, display)"),
        };
        let (path, index) = split_index(path)?;
        cfg.overrides.push((role, path, index));
    }
    for f in &args.fallback {
        cfg.fallbacks.push(split_index(f)?);
    }
    Ok(cfg)
}

/// The name of the books of an edition: the manifest's folder or the page file's stem.
fn book_name(src: &SourceArgs) -> String {
    let p = &src.edition;
    let base = if p.is_dir() || p.file_name().is_some_and(|n| n == "edition.toml") {
        let dir = if p.is_dir() {
            p.clone()
        } else {
            p.parent().map(PathBuf::from).unwrap_or_default()
        };
        std::fs::canonicalize(&dir)
            .ok()
            .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
    } else {
        p.file_stem().map(|n| n.to_string_lossy().into_owned())
    };
    base.filter(|s| !s.is_empty())
        .unwrap_or_else(|| "edition".to_string())
}

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let ingested = ingest(&args.source)?;
    let errors = ingested
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = ingested
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if !args.quiet {
        for d in ingested
            .diagnostics
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
        {
            eprintln!("{d}");
        }
    }
    if errors > 0 || (args.strict && warnings > 0) {
        bail!(
            "{}: {errors} errors, {warnings} warnings; nothing written",
            args.source.edition.display()
        );
    }
    let fonts = FontSet::load(&font_config(&args.fonts)?)?;
    let mut extra: Vec<(Role, &str)> = Vec::new();
    extra.extend_from_slice(paiban_epub::GENERATED_TEXT);
    extra.extend_from_slice(paiban_pdf::GENERATED_TEXT);
    let prepared = EditionFonts::prepare(&fonts, &ingested.edition, &extra)?;
    let name = book_name(&args.source);
    for format in &args.format {
        let (bytes, ext) = match format {
            Format::Epub => (
                paiban_epub::render(&ingested.edition, &prepared, &Default::default())?,
                "epub",
            ),
            Format::Pdf => (
                paiban_pdf::render(&ingested.edition, &prepared, &Default::default())?,
                "pdf",
            ),
        };
        let path = args.output.join(format!("{name}.{ext}"));
        write_atomic(&path, &bytes)?;
        if !args.quiet {
            eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn check(args: &CheckArgs) -> Result<ExitCode> {
    let ingested = ingest(&args.source)?;
    match args.format {
        DiagFormat::Json => println!("{}", serde_json::to_string_pretty(&ingested.diagnostics)?),
        DiagFormat::Text => {
            for d in &ingested.diagnostics {
                println!("{d}");
            }
        }
    }
    let _ = &args.fonts;
    let failed = ingested
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn inspect(args: &SourceArgs) -> Result<ExitCode> {
    let ingested = ingest(args)?;
    println!("{}", serde_json::to_string_pretty(&ingested.edition)?);
    Ok(ExitCode::SUCCESS)
}
