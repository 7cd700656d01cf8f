//! paiban-pdf — layout and PDF export.
//!
//! Input: a repaired [`paiban_model::Edition`] and its [`paiban_fonts::EditionFonts`].
//! Output: pages of positioned glyphs (a [`display::DisplayList`]), serialised to
//! PDF/A-2u bytes.
//!
//! Stages: [`inline`] sets paragraphs into lines (clreq line breaking, punctuation
//! compression, justification); [`compose`] places lines, headings and photos on pages
//! (columns, keep-with-next, widows/orphans, running heads, contents, outline);
//! [`writer`] serialises the display list with krilla and measures nothing.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use paiban_fonts::{EditionFonts, FontSet};
//! let edition = paiban_model::Edition::new("清河日报");
//! let generated = paiban_present::generated_text();
//! let fonts = EditionFonts::prepare(&FontSet::bundled()?, &edition, &generated)?;
//! let opts = paiban_pdf::PdfOptions::from_flags(Some("a4"), None, Some("basic"), None)?;
//! let pdf: Vec<u8> = paiban_pdf::render(&edition, &fonts, &opts)?;
//! # let _ = pdf; Ok(()) }
//! ```

#![forbid(unsafe_code)]

pub mod compose;
pub mod display;
pub mod inline;
mod options;
pub mod writer;

pub use options::{
    BODY_SIZES, PRESETS, PT_PER_MM, PageSize, PdfOptions, Preset, SCREEN_MARGIN_MM,
    parse_body_size, parse_kinsoku, parse_length, parse_preset,
};

use paiban_fonts::EditionFonts;
use paiban_model::Edition;
use std::path::PathBuf;

/// Errors of the PDF exporter.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// Writing failed.
    #[error("pdf: {0}")]
    Write(String),
    /// A command-line option has a value the exporter does not accept.
    #[error("{option} {value:?}: expected {expected}")]
    Option {
        /// The option, e.g. `--page-size`.
        option: &'static str,
        /// What the user gave.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// The inline engine could not prepare the fonts.
    #[error("pdf: text setting: {0}")]
    Inline(String),
    /// krilla cannot use a picture ingest accepted.
    #[error("pdf: picture {src}: {reason}")]
    Image {
        /// The picture's `src` in the edition.
        src: String,
        /// What krilla said.
        reason: String,
    },
    /// krilla could not use a font.
    #[error("{path}: pdf: cannot embed font: {reason}")]
    Font {
        /// The font file.
        path: PathBuf,
        /// What failed.
        reason: String,
    },
}

/// Editions with more text than this (bytes of UTF-8) are written page by page
/// ([`render_paged`]): their layout runs twice, but memory holds one page at a time.
pub const PAGED_FROM: usize = 4 << 20;

/// Lay out `edition` (see [`compose::compose`]) and write it as PDF/A-2u bytes; a large
/// edition (over [`PAGED_FROM`]) page by page, with the same bytes.
pub fn render(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    if text_len(edition) > PAGED_FROM {
        return render_paged(edition, fonts, opts);
    }
    let dl = compose::compose(edition, fonts, opts)?;
    writer::write(&dl, fonts)
}

/// As [`render`], each page written to the PDF as soon as it is laid out and then dropped
/// ([`compose::compose_paged`]): memory flat in the edition's length, layout done twice.
pub fn render_paged(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let mut w = writer::Writer::new(fonts)?;
    let dl = compose::compose_paged(edition, fonts, opts, &mut |page| w.page(&page))?;
    w.finish(&writer::DocInfo::of(&dl))
}

/// The bytes of text in `edition` (headings, blocks), to choose how to write it.
fn text_len(edition: &Edition) -> usize {
    let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    edition
        .sections
        .iter()
        .flat_map(|s| &s.articles)
        .map(|a| {
            opt(&a.headline)
                + opt(&a.kicker)
                + opt(&a.subtitle)
                + opt(&a.byline)
                + a.blocks.iter().map(|b| b.text.len()).sum::<usize>()
        })
        .sum()
}

/// Lay out `edition` without writing it: the display list (for tests and `inspect`).
pub fn layout(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &PdfOptions,
) -> Result<display::DisplayList, PdfError> {
    compose::compose(edition, fonts, opts)
}
