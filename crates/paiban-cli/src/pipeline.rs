//! Building one edition: read and repair, fonts, the requested books side by side, atomic
//! writes.
//!
//! Stage: the library calls behind `paiban build`. Input: one [`EditionSource`], the run's
//! [`BuildConfig`] and the [`FontSet`] loaded once for the whole run. Output: an [`Outcome`]
//! that holds only what the report needs (paths, sizes, diagnostics, the error) — never the
//! books themselves, so memory stays flat however many editions a run builds.
//!
//! The parsed edition and its font subsets (by [`Preparer`]) are made once and shared by
//! every exporter. The EPUB side (the EPUB, and the kepub made from the same EPUB bytes) and
//! the PDF run in parallel (`rayon::join`). Each book is staged in a synced temporary file as
//! soon as it is rendered (its bytes are dropped), and the books of an edition are renamed
//! into place, in `--format` order, only when every requested one succeeded.

use crate::args::Format;
use crate::config::BuildConfig;
use crate::discover::EditionSource;
use crate::output::{self, Staged};
use crate::stamp::{self, RunKey};
use paiban_fonts::{FontSet, Subsets};
use paiban_model::{Diagnostic, Severity};
use paiban_prepare::Preparer;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A book staged: its format, its temporary file, the time it took to render.
type Book = (Format, Staged, Duration);

/// Time spent in each stage of one edition.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub ingest: Duration,
    pub fonts: Duration,
    pub epub: Duration,
    /// Making the kepub from the EPUB (after the EPUB's own time).
    pub kepub: Duration,
    /// Writing the AZW3 from the EPUB's documents (after the EPUB's own time).
    pub azw3: Duration,
    pub pdf: Duration,
    pub total: Duration,
}

/// What happened to one edition.
#[derive(Debug)]
pub struct Outcome {
    pub source: EditionSource,
    /// Books written: format, path and size in bytes, in `--format` order.
    pub books: Vec<(Format, PathBuf, u64)>,
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
/// edition's subsets (and so its books) are the same whether built alone or together. The
/// subsets are made only for the books that embed them (the PDF uses the full faces), and
/// when a PDF is built too, on the EPUB's side while the PDF is set (see `build_inner`).
pub fn preparer<'a>(config: &'a BuildConfig, fonts: &'a FontSet) -> Preparer<'a> {
    let embeds = config.formats.iter().any(|f| f.embeds_font_files());
    let subsets = if embeds && !config.wants(Format::Pdf) {
        Subsets::Make
    } else {
        Subsets::Skip
    };
    Preparer {
        allow_missing_glyphs: config.allow_missing_glyphs,
        strict: config.strict,
        subsets,
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
        if let Some(found) = stamp::up_to_date(&cfg.output, &source, key, &books) {
            // In the order asked for: each book beside its format.
            let books = cfg
                .formats
                .iter()
                .zip(found)
                .map(|(&f, (p, n))| (f, p, n))
                .collect();
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
) -> Result<Vec<(Format, PathBuf, u64)>, String> {
    let cfg = ctx.config;
    let prepared = ctx
        .preparer
        .prepare(&source.path, diagnostics)
        .map_err(|e| e.to_string())?;
    timings.ingest = prepared.timings.ingest;
    timings.fonts = prepared.timings.fonts;
    let (edition, fonts) = (prepared.edition, prepared.fonts);
    let target = |f: Format| target(cfg, source, f);
    let stage = |f: Format, bytes: &[u8], d: Duration| -> Result<Book, String> {
        let staged = output::stage(&target(f), bytes).map_err(|e| e.to_string())?;
        Ok((f, staged, d))
    };
    // The EPUB side: one EPUB, written as it is and/or made into the kepub; the AZW3 from
    // the same documents.
    let epub_side = || -> Result<Vec<Book>, String> {
        let mut books = Vec::new();
        let zipped = cfg.wants(Format::Epub) || cfg.wants(Format::Kepub);
        let t = Instant::now();
        // The subsets, unless the preparer made them (see `preparer`).
        let fonts = fonts.with_subsets().map_err(|e| e.to_string())?;
        let (bytes, parts) = match (zipped, cfg.wants(Format::Azw3)) {
            (true, true) => {
                let (b, p) = paiban_epub::render_with_parts(&edition, &fonts, &cfg.epub)
                    .map_err(|e| e.to_string())?;
                (Some(b), Some(p))
            }
            (true, false) => (
                Some(paiban_epub::render(&edition, &fonts, &cfg.epub).map_err(|e| e.to_string())?),
                None,
            ),
            (false, true) => (
                None,
                Some(paiban_epub::parts(&edition, &fonts, &cfg.epub).map_err(|e| e.to_string())?),
            ),
            (false, false) => (None, None),
        };
        let took = t.elapsed();
        if let Some(bytes) = &bytes {
            if cfg.wants(Format::Epub) {
                books.push(stage(Format::Epub, bytes, took)?);
            }
            if cfg.wants(Format::Kepub) {
                let t = Instant::now();
                let kepub = paiban_epub::kepub::kepubify(bytes).map_err(|e| e.to_string())?;
                books.push(stage(Format::Kepub, &kepub, t.elapsed())?);
            }
        }
        if let Some(parts) = &parts {
            let t = Instant::now();
            let azw3 = paiban_azw3::render(parts).map_err(|e| e.to_string())?;
            // Alone, the AZW3 also carries the time of its documents.
            let d = if bytes.is_none() {
                took
            } else {
                Duration::ZERO
            } + t.elapsed();
            books.push(stage(Format::Azw3, &azw3, d)?);
        }
        Ok(books)
    };
    let pdf_side = || -> Result<Vec<Book>, String> {
        let t = Instant::now();
        let bytes = paiban_pdf::render(&edition, &fonts, &cfg.pdf).map_err(|e| e.to_string())?;
        Ok(vec![stage(Format::Pdf, &bytes, t.elapsed())?])
    };
    let none = || Ok(Vec::new());
    let epub_wanted =
        cfg.wants(Format::Epub) || cfg.wants(Format::Kepub) || cfg.wants(Format::Azw3);
    let (e, p) = match (epub_wanted, cfg.wants(Format::Pdf)) {
        (true, true) => rayon::join(epub_side, pdf_side),
        (true, false) => (epub_side(), none()),
        (false, true) => (none(), pdf_side()),
        (false, false) => (none(), none()),
    };
    // All staged or none committed: an edition's books are replaced together.
    let mut staged: Vec<Book> = Vec::new();
    let mut errors = Vec::new();
    for r in [e, p] {
        match r {
            Ok(books) => staged.extend(books),
            Err(msg) => errors.push(msg),
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("; "));
    }
    staged.sort_by_key(|b| b.0);
    for (f, _, d) in &staged {
        match f {
            Format::Epub => timings.epub = *d,
            Format::Kepub => timings.kepub = *d,
            Format::Azw3 => timings.azw3 = *d,
            Format::Pdf => timings.pdf = *d,
        }
    }
    let formats: Vec<Format> = staged.iter().map(|b| b.0).collect();
    let committed =
        output::commit_all(staged.into_iter().map(|b| b.1).collect()).map_err(|e| e.to_string())?;
    let books: Vec<(Format, PathBuf, u64)> = formats
        .into_iter()
        .zip(committed)
        .map(|(f, (path, len))| (f, path, len))
        .collect();
    // The books stand whatever happens to their stamp: without one they are built again.
    let written: Vec<(PathBuf, u64)> = books.iter().map(|(_, p, n)| (p.clone(), *n)).collect();
    if let Some(key) = key
        && let Err(e) = stamp::write(&cfg.output, source, key, &edition, &written)
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
