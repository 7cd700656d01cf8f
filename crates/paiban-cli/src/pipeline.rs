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
    pub azw3: Duration,
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
}

impl<'a> RunContext<'a> {
    pub fn new(config: &'a BuildConfig, fonts: &'a FontSet) -> Self {
        RunContext {
            config,
            preparer: preparer(config, fonts),
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

/// Build every requested book of one edition. Never panics outward: a panic inside a
/// library is caught and reported as this edition's failure.
pub fn build_one(ctx: &RunContext<'_>, source: EditionSource) -> Outcome {
    let start = Instant::now();
    let mut diagnostics = Vec::new();
    let mut timings = Timings::default();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        build_inner(ctx, &source, &mut diagnostics, &mut timings)
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
    }
}

fn build_inner(
    ctx: &RunContext<'_>,
    source: &EditionSource,
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
    let target = |f: Format| cfg.output.join(format!("{}.{}", source.name, f.ext()));
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
    let azw3 = || -> Result<(Staged, Duration), String> {
        let t = Instant::now();
        let parts = paiban_epub::parts(&edition, &fonts, &cfg.epub).map_err(|e| e.to_string())?;
        let bytes = paiban_azw3::render(&parts).map_err(|e| e.to_string())?;
        let elapsed = t.elapsed();
        let staged = output::stage(&target(Format::Azw3), &bytes).map_err(|e| e.to_string())?;
        Ok((staged, elapsed))
    };
    // The e-books on one side, the PDF on the other; EPUB and AZW3 share their documents.
    let ebooks = || match (cfg.wants(Format::Epub), cfg.wants(Format::Azw3)) {
        (true, true) => {
            let stage = |f: Format, bytes: &[u8], elapsed: Duration| {
                let staged = output::stage(&target(f), bytes).map_err(|e| e.to_string())?;
                Ok((staged, elapsed))
            };
            let t = Instant::now();
            match paiban_epub::render_with_parts(&edition, &fonts, &cfg.epub) {
                Ok((bytes, parts)) => {
                    let e = stage(Format::Epub, &bytes, t.elapsed());
                    let t = Instant::now();
                    let a = paiban_azw3::render(&parts)
                        .map_err(|e| e.to_string())
                        .and_then(|bytes| stage(Format::Azw3, &bytes, t.elapsed()));
                    (Some(e), Some(a))
                }
                Err(e) => (Some(Err(e.to_string())), None),
            }
        }
        (e, a) => (e.then(epub), a.then(azw3)),
    };
    let ((e, a), p) = if cfg.wants(Format::Pdf) {
        rayon::join(ebooks, || Some(pdf()))
    } else {
        (ebooks(), None)
    };
    // All staged or none committed: an edition's books are replaced together.
    let mut staged = Vec::new();
    let mut errors = Vec::new();
    for (r, slot) in [
        (e, &mut timings.epub),
        (a, &mut timings.azw3),
        (p, &mut timings.pdf),
    ] {
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
    staged
        .into_iter()
        .map(|s| s.commit().map_err(|e| e.to_string()))
        .collect()
}
