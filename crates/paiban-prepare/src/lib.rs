//! paiban-prepare — from a path to an edition and its fonts, ready for the exporters.
//!
//! Input: the path of an edition (a folder with `edition.toml`, a folder of pages, a page
//! file), the reader's [`IngestOptions`] and a [`FontSet`] loaded once per run. Output: the
//! repaired [`Edition`] and its [`EditionFonts`] (one subset per face, covering the edition's
//! text and the text the books generate, [`paiban_present::generated_text`]), with every
//! diagnostic raised on the way. The `paiban` command (`build`, `check`), the benchmarks and
//! the fuzz targets all go through [`Preparer`].
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let fonts = paiban_fonts::FontSet::bundled()?;
//! let ingest = paiban_ingest::IngestOptions::default();
//! let preparer = paiban_prepare::Preparer::new(&ingest, &fonts);
//! let mut diagnostics = Vec::new();
//! let ready = preparer.prepare("samples/qinghe-daily".as_ref(), &mut diagnostics)?;
//! # let _ = ready; Ok(()) }
//! ```

#![forbid(unsafe_code)]

use paiban_fonts::{EditionFonts, FontError, FontSet, Role, Subsets};
use paiban_ingest::{IngestError, IngestOptions};
use paiban_model::{Diagnostic, Edition, Severity};
use std::path::Path;
use std::time::{Duration, Instant};

/// Why an edition cannot go on to the exporters.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    /// The edition could not be read at all.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// A stage raised errors (or, with `strict`, warnings); the first is cited with its
    /// source location.
    #[error("{count} {what}{plural} in {stage}{strict_note}, first: {location}: {message}",
        what = if *.strict { "problem" } else { "error" },
        plural = if *.count == 1 { "" } else { "s" },
        strict_note = if *.strict && *.first_is_warning { " (--strict)" } else { "" })]
    Diagnosed {
        /// How many diagnostics are at or above the floor.
        count: usize,
        /// Warnings count too.
        strict: bool,
        /// The first one is a warning (so only `strict` made it fail).
        first_is_warning: bool,
        /// `the source` or `the fonts`.
        stage: &'static str,
        /// Where the first one is (`file:line`).
        location: String,
        /// What the first one says.
        message: String,
    },
    /// Characters no font covers; every one of them is among the diagnostics.
    #[error(
        "{count} character{plural} in no font (--allow-missing-glyphs draws a replacement), first: {first}",
        plural = if *.count == 1 { "" } else { "s" }
    )]
    MissingGlyphs {
        /// How many distinct characters.
        count: usize,
        /// The first one, with its location.
        first: FontError,
    },
    /// The fonts could not be resolved or subset.
    #[error(transparent)]
    Fonts(FontError),
}

/// Time spent in each stage of [`Preparer::prepare`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Reading and repairing.
    pub ingest: Duration,
    /// Resolving and subsetting the fonts.
    pub fonts: Duration,
}

/// An edition ready for the exporters.
#[derive(Debug)]
pub struct Prepared {
    /// The repaired edition.
    pub edition: Edition,
    /// Its fonts, subset.
    pub fonts: EditionFonts,
    /// How long each stage took.
    pub timings: Timings,
}

/// How an edition is read and checked before the exporters take over.
#[derive(Debug, Clone)]
pub struct Preparer<'a> {
    /// The reader's options.
    pub ingest: &'a IngestOptions,
    /// The fonts of the run.
    pub fonts: &'a FontSet,
    /// Text the exporters generate, per role, for coverage and subsetting: both exporters'
    /// always, so an edition's subsets (and so its books) do not depend on which books are
    /// asked for.
    pub generated: Vec<(Role, &'static str)>,
    /// Draw a replacement for characters no font has, instead of failing.
    pub allow_missing_glyphs: bool,
    /// Fail on warnings too.
    pub strict: bool,
    /// Make the subset fonts ([`Subsets::Skip`] when no book of the run embeds font files).
    pub subsets: Subsets,
}

impl<'a> Preparer<'a> {
    /// A preparer with `ingest` and `fonts`, the books' generated text, failing on errors
    /// and on missing glyphs.
    pub fn new(ingest: &'a IngestOptions, fonts: &'a FontSet) -> Self {
        Preparer {
            ingest,
            fonts,
            generated: paiban_present::generated_text(),
            allow_missing_glyphs: false,
            strict: false,
            subsets: Subsets::Make,
        }
    }

    /// Read and repair the edition at `path`, resolve and subset its fonts. Diagnostics are
    /// appended as they come, so a failure still leaves the ones raised before it.
    pub fn prepare(
        &self,
        path: &Path,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Result<Prepared, PrepareError> {
        let mut timings = Timings::default();
        let edition = self.read(path, diagnostics, &mut timings)?;
        let (edition, fonts) = self.fit_fonts(edition, diagnostics, &mut timings)?;
        Ok(Prepared {
            edition,
            fonts,
            timings,
        })
    }

    /// Read and repair the edition at `path` (the first half of [`Preparer::prepare`]).
    pub fn read(
        &self,
        path: &Path,
        diagnostics: &mut Vec<Diagnostic>,
        timings: &mut Timings,
    ) -> Result<Edition, PrepareError> {
        let t = Instant::now();
        let ingested = paiban_ingest::load(path, self.ingest)?;
        timings.ingest = t.elapsed();
        diagnostics.extend(ingested.diagnostics);
        Ok(ingested.edition)
    }

    /// Fail on the reader's errors, then resolve and subset the fonts of `edition` (the
    /// second half of [`Preparer::prepare`]).
    pub fn fit_fonts(
        &self,
        mut edition: Edition,
        diagnostics: &mut Vec<Diagnostic>,
        timings: &mut Timings,
    ) -> Result<(Edition, EditionFonts), PrepareError> {
        fail_on_errors(diagnostics, self.strict, "the source")?;
        let t = Instant::now();
        // A Traditional edition is set in the Traditional-form faces.
        let mut fonts = self
            .fonts
            .for_script(edition.is_traditional())
            .map_err(PrepareError::Fonts)?;
        diagnostics.extend(paiban_fonts::replace_private_use(&mut edition, &fonts));
        if self.allow_missing_glyphs {
            // Only what no face of the machine has is replaced.
            fonts = fonts.with_system_faces();
            diagnostics.extend(paiban_fonts::replace_missing(&mut edition, &fonts));
        }
        let prepared = loop {
            match EditionFonts::prepare_with(&fonts, &edition, &self.generated, self.subsets) {
                Ok(p) => break p,
                Err(first @ FontError::MissingGlyph { .. }) => {
                    // The faces found on the machine (last resort) may have it.
                    let all = fonts.with_system_faces();
                    if !all.same_faces(&fonts) {
                        fonts = all;
                        continue;
                    }
                    // Report every uncovered character, not only the first.
                    let all = paiban_fonts::missing_glyphs(&edition, &fonts);
                    let count = all.len().max(1);
                    diagnostics.extend(all);
                    return Err(PrepareError::MissingGlyphs { count, first });
                }
                Err(e) => return Err(PrepareError::Fonts(e)),
            }
        };
        timings.fonts = t.elapsed();
        diagnostics.extend(prepared.diagnostics.iter().cloned());
        fail_on_errors(diagnostics, self.strict, "the fonts")?;
        Ok((edition, prepared))
    }
}

/// Fail when `diagnostics` hold an error (or, with `strict`, a warning), citing the first.
fn fail_on_errors(
    diagnostics: &[Diagnostic],
    strict: bool,
    stage: &'static str,
) -> Result<(), PrepareError> {
    let floor = if strict {
        Severity::Warning
    } else {
        Severity::Error
    };
    let mut bad = diagnostics.iter().filter(|d| d.severity >= floor);
    let Some(first) = bad.next() else {
        return Ok(());
    };
    Err(PrepareError::Diagnosed {
        count: 1 + bad.count(),
        strict,
        first_is_warning: first.severity == Severity::Warning,
        stage,
        location: first.span.to_string(),
        message: first.message.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use paiban_model::Span;

    fn diag(severity: Severity, line: u32) -> Diagnostic {
        Diagnostic::new(severity, "test", Span::new("p.md", line), "", "bad thing")
    }

    #[test]
    fn errors_stop_and_strict_stops_on_warnings() {
        let warn = vec![diag(Severity::Warning, 3)];
        assert!(fail_on_errors(&warn, false, "the source").is_ok());
        let e = fail_on_errors(&warn, true, "the source").expect_err("strict");
        assert_eq!(
            e.to_string(),
            "1 problem in the source (--strict), first: p.md:3: bad thing"
        );
        let errs = vec![diag(Severity::Error, 4), diag(Severity::Error, 9)];
        let e = fail_on_errors(&errs, false, "the fonts").expect_err("errors");
        assert_eq!(
            e.to_string(),
            "2 errors in the fonts, first: p.md:4: bad thing"
        );
    }
}
