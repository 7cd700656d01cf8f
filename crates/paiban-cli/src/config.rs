//! The validated configuration: what a command will do, resolved from what the user typed.
//!
//! Stage: the second of three (args → config → library calls). Input: the parsed flags and
//! the environment (`SOURCE_DATE_EPOCH`). Output: [`BuildConfig`] / [`CheckConfig`] holding
//! library option structs ready to pass on. A value that cannot be used is a
//! [`UsageError`] (exit 2) raised before any edition is read.

use crate::args::{BuildArgs, CheckArgs, FontArgs, Format, MetaArgs, PdfArgs};
use paiban_fonts::FontConfig;
use paiban_ingest::IngestOptions;
use std::path::PathBuf;

/// A flag or environment value that cannot be used; exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// How much the run prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Progress, per-edition lines, warnings and errors, the summary.
    Normal,
    /// Also notes and per-stage timings.
    Verbose,
}

/// Everything `paiban build` needs, checked.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    pub editions: Vec<PathBuf>,
    pub output: PathBuf,
    /// Sorted, without duplicates.
    pub formats: Vec<Format>,
    pub jobs: usize,
    pub ingest: IngestOptions,
    pub fonts: FontConfig,
    pub allow_missing_glyphs: bool,
    pub strict: bool,
    pub verbosity: Verbosity,
    pub epub: paiban_epub::EpubOptions,
    pub pdf: paiban_pdf::PdfOptions,
    /// Shards, lists, incremental runs, the log format.
    pub archive: crate::archive::ArchiveConfig,
}

/// Everything `paiban check` needs, checked.
#[derive(Debug, Clone)]
pub struct CheckConfig {
    pub editions: Vec<PathBuf>,
    pub ingest: IngestOptions,
    pub fonts: FontConfig,
    pub allow_missing_glyphs: bool,
    pub strict: bool,
    pub json: bool,
    pub quiet: bool,
    /// `--report FILE`: write the review page(s).
    pub report: Option<PathBuf>,
}

impl BuildConfig {
    pub fn from_args(a: &BuildArgs) -> Result<BuildConfig, UsageError> {
        let mut formats = a.format.clone();
        formats.sort();
        formats.dedup();
        if formats.is_empty() {
            return Err(UsageError(
                "--format: name at least one of epub, pdf, kepub".into(),
            ));
        }
        let jobs = a.jobs.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        });
        let epoch = source_date_epoch()?;
        let verbosity = if a.quiet {
            Verbosity::Quiet
        } else if a.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        };
        Ok(BuildConfig {
            editions: a.editions.clone(),
            output: a.output.clone(),
            formats,
            jobs,
            ingest: ingest_options(&a.meta)?,
            fonts: font_config(&a.fonts),
            allow_missing_glyphs: a.fonts.allow_missing_glyphs,
            strict: a.strict,
            verbosity,
            epub: paiban_epub::EpubOptions { modified: epoch },
            pdf: paiban_pdf::PdfOptions {
                source_date_epoch: epoch,
                ..pdf_options(&a.pdf)?
            },
            archive: crate::archive::ArchiveConfig::from_args(&a.archive)?,
        })
    }

    /// Whether `format` is to be written.
    pub fn wants(&self, format: Format) -> bool {
        self.formats.contains(&format)
    }
}

impl CheckConfig {
    pub fn from_args(a: &CheckArgs) -> Result<CheckConfig, UsageError> {
        Ok(CheckConfig {
            editions: a.editions.clone(),
            ingest: ingest_options(&a.meta)?,
            fonts: font_config(&a.fonts),
            allow_missing_glyphs: a.fonts.allow_missing_glyphs,
            strict: a.strict,
            json: a.format == crate::args::DiagFormat::Json,
            quiet: a.quiet,
            report: a.report.clone(),
        })
    }
}

/// Reader options from `--masthead/--date/--page`.
pub fn ingest_options(m: &MetaArgs) -> Result<IngestOptions, UsageError> {
    if let Some(d) = &m.date
        && paiban_ingest::manifest::valid_date(d).is_none()
    {
        return Err(UsageError(format!(
            "--date {d}: expected a calendar date as YYYY-MM-DD"
        )));
    }
    if m.page == Some(0) {
        return Err(UsageError("--page: pages are numbered from 1".into()));
    }
    Ok(IngestOptions {
        masthead: m.masthead.clone(),
        date: m.date.clone(),
        page: m.page,
    })
}

fn font_config(f: &FontArgs) -> FontConfig {
    FontConfig {
        fonts_dir: f.fonts_dir.clone(),
        embedded: Some(&crate::bundled::FACES),
        overrides: f
            .font
            .iter()
            .map(|s| (s.role, s.path.clone(), s.index))
            .collect(),
        fallbacks: f
            .fallback
            .iter()
            .map(|s| (s.path.clone(), s.index))
            .collect(),
        no_system_faces: false,
    }
}

/// `SOURCE_DATE_EPOCH` (reproducible-builds.org): Unix seconds, or unset.
fn source_date_epoch() -> Result<Option<i64>, UsageError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(std::env::VarError::NotPresent) => Ok(None),
        Ok(s) if s.trim().is_empty() => Ok(None),
        Ok(s) => s.trim().parse::<i64>().map(Some).map_err(|_| {
            UsageError(format!(
                "SOURCE_DATE_EPOCH={s:?}: expected Unix seconds, e.g. 1656374400"
            ))
        }),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(UsageError("SOURCE_DATE_EPOCH is not valid text".into()))
        }
    }
}

/// PDF options from the layout flags, validated by the PDF exporter itself.
fn pdf_options(p: &PdfArgs) -> Result<paiban_pdf::PdfOptions, UsageError> {
    paiban_pdf::PdfOptions::from_flags(
        p.page_size.as_deref(),
        p.columns,
        p.kinsoku.as_deref(),
        p.bleed.as_deref(),
    )
    .and_then(|o| o.with_screen(p.preset.as_deref(), p.body_size.as_deref()))
    .map_err(|e| UsageError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_faces_come_from_the_binary_unless_a_folder_is_named() {
        let fonts = font_config(&FontArgs::default());
        let set = paiban_fonts::FontSet::load(&fonts).expect("embedded faces load");
        for role in paiban_fonts::Role::ALL {
            let face = &set.chain(role)[0];
            assert!(
                face.path().to_string_lossy().starts_with("bundled:"),
                "{role}: {}",
                face.path().display()
            );
        }
        let named = font_config(&FontArgs {
            fonts_dir: Some(PathBuf::from("/nowhere")),
            ..FontArgs::default()
        });
        assert!(paiban_fonts::FontSet::load(&named).is_err());
    }

    #[test]
    fn dates() {
        let date = |d: &str| {
            ingest_options(&MetaArgs {
                date: Some(d.into()),
                ..MetaArgs::default()
            })
            .is_ok()
        };
        assert!(date("2022-06-28"));
        assert!(date("2024-02-29"));
        assert!(!date("2026-02-30"));
        assert!(!date("2023-02-29"));
        assert!(!date("2022-13-01"));
        assert!(!date("2022/06/28"));
        assert!(!date("２０２２-06-28"));
    }
}
