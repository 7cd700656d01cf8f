//! Building one edition: read and repair, fonts, EPUB and PDF side by side, atomic writes.
//!
//! Stage: the library calls behind `paiban build`. Input: one [`EditionSource`], the run's
//! [`BuildConfig`] and the [`FontSet`] loaded once for the whole run. Output: an [`Outcome`]
//! that holds only what the report needs (paths, sizes, diagnostics, the error) — never the
//! books themselves, so memory stays flat however many editions a run builds.
//!
//! The parsed edition and its font subsets (by [`Preparer`]) are made once and shared by
//! both exporters, which run in parallel (`rayon::join`). Each book is staged in a synced
//! temporary file as soon as it is rendered (its bytes are dropped), and the books of an
//! edition are renamed into place only when every requested one succeeded.

use crate::args::Format;
use crate::config::BuildConfig;
use crate::discover::EditionSource;
use crate::output::{self, Staged};
use crate::stamp::{self, RunKey};
use paiban_fonts::FontSet;
use paiban_model::{Diagnostic, Severity};
use paiban_prepare::Preparer;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Time spent in each stage of one edition.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub ingest: Duration,
    pub fonts: Duration,
    pub epub: Duration,
    pub pdf: Duration,
    pub total: Duration,
}

/// What happened to one edition.
#[derive(Debug)]
pub struct Outcome {
    pub source: EditionSource,
    /// Books written: path and size in bytes.
    pub books: Vec<(PathBuf, u64)>,
    /// Every diagnostic of the edition (the reporter filters by verbosity).
    pub diagnostics: Vec<Diagnostic>,
    /// Why the edition was not built; `None` when it was.
    pub error: Option<String>,
    pub timings: Timings,
    /// Its books were up to date ([`crate::stamp`]): nothing was read or written.
    pub skipped: bool,
}

impl Outcome {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Read-only state shared by every edition of a run.
pub struct RunContext<'a> {
    pub config: &'a BuildConfig,
    pub preparer: Preparer<'a>,
    /// What every edition's stamp shares (paiban, fonts, options).
    pub run_key: RunKey,
}

impl<'a> RunContext<'a> {
    pub fn new(config: &'a BuildConfig, fonts: &'a FontSet) -> Self {
        RunContext {
            config,
            preparer: preparer(config, fonts),
            run_key: RunKey::new(config, fonts),
        }
    }
}

/// The run's [`Preparer`]: both exporters' generated text whatever `--format` says, so an
/// edition's subsets (and so its books) are the same whether built alone or together.
pub fn preparer<'a>(config: &'a BuildConfig, fonts: &'a FontSet) -> Preparer<'a> {
    Preparer {
        allow_missing_glyphs: config.allow_missing_glyphs,
        strict: config.strict,
        ..Preparer::new(&config.ingest, fonts)
    }
}

/// The book of `source` in `format`.
fn target(cfg: &BuildConfig, source: &EditionSource, format: Format) -> PathBuf {
    cfg.output.join(format!("{}.{}", source.name, format.ext()))
}

/// Build every requested book of one edition, unless they are up to date (and `--force`
/// is not given). Never panics outward: a panic inside a library is caught and reported
/// as this edition's failure.
pub fn build_one(ctx: &RunContext<'_>, source: EditionSource) -> Outcome {
    let start = Instant::now();
    let mut diagnostics = Vec::new();
    let mut timings = Timings::default();
    let cfg = ctx.config;
    let key = stamp::edition_key(&ctx.run_key, &source, &cfg.output);
    if !cfg.archive.force
        && let Some(key) = &key
    {
        let books: Vec<PathBuf> = cfg
            .formats
            .iter()
            .map(|&f| target(cfg, &source, f))
            .collect();
        if let Some(books) = stamp::up_to_date(&cfg.output, &source, key, &books) {
            timings.total = start.elapsed();
            return Outcome {
                source,
                books,
                diagnostics,
                error: None,
                timings,
                skipped: true,
            };
        }
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build_inner(ctx, &source, key.as_deref(), &mut diagnostics, &mut timings)
    }));
    let (books, error) = match result {
        Ok(Ok(books)) => (books, None),
        Ok(Err(e)) => (Vec::new(), Some(e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            (
                Vec::new(),
                Some(format!("internal error (please report): {msg}")),
            )
        }
    };
    timings.total = start.elapsed();
    Outcome {
        source,
        books,
        diagnostics,
        error,
        timings,
        skipped: false,
    }
}

fn build_inner(
    ctx: &RunContext<'_>,
    source: &EditionSource,
    key: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) -> Result<Vec<(PathBuf, u64)>, String> {
    let cfg = ctx.config;
    let prepared = ctx
        .preparer
        .prepare(&source.path, diagnostics)
        .map_err(|e| e.to_string())?;
    timings.ingest = prepared.timings.ingest;
    timings.fonts = prepared.timings.fonts;
    let (edition, fonts) = (prepared.edition, prepared.fonts);
    let target = |f: Format| target(cfg, source, f);
    let epub = || -> Result<(Staged, Duration), String> {
        let t = Instant::now();
        let bytes = paiban_epub::render(&edition, &fonts, &cfg.epub).map_err(|e| e.to_string())?;
        let elapsed = t.elapsed();
        let staged = output::stage(&target(Format::Epub), &bytes).map_err(|e| e.to_string())?;
        Ok((staged, elapsed))
    };
    let pdf = || -> Result<(Staged, Duration), String> {
        let t = Instant::now();
        let bytes = paiban_pdf::render(&edition, &fonts, &cfg.pdf).map_err(|e| e.to_string())?;
        let elapsed = t.elapsed();
        let staged = output::stage(&target(Format::Pdf), &bytes).map_err(|e| e.to_string())?;
        Ok((staged, elapsed))
    };
    let (e, p) = match (cfg.wants(Format::Epub), cfg.wants(Format::Pdf)) {
        (true, true) => {
            let (e, p) = rayon::join(epub, pdf);
            (Some(e), Some(p))
        }
        (true, false) => (Some(epub()), None),
        (false, true) => (None, Some(pdf())),
        (false, false) => (None, None),
    };
    // Both staged or neither committed: an edition's books are replaced together.
    let mut staged = Vec::new();
    let mut errors = Vec::new();
    for (r, slot) in [(e, &mut timings.epub), (p, &mut timings.pdf)] {
        match r {
            Some(Ok((s, d))) => {
                *slot = d;
                staged.push(s);
            }
            Some(Err(msg)) => errors.push(msg),
            None => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("; "));
    }
    let books = staged
        .into_iter()
        .map(|s| s.commit().map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    // The books stand whatever happens to their stamp: without one they are built again.
    if let Some(key) = key
        && let Err(e) = stamp::write(&cfg.output, source, key, &edition, &books)
    {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            "stamp",
            paiban_model::Span::new(source.path.display().to_string(), 0),
            "",
            format!("the next run will build this edition again: {e}"),
        ));
    }
    Ok(books)
}
