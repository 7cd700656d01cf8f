//! paiban-pdf — layout and PDF export.
//!
//! Input: a repaired [`paiban_model::Edition`] and its [`paiban_fonts::EditionFonts`].
//! Output: pages of positioned glyphs (a display list), serialised to PDF/A-2u bytes.

#![forbid(unsafe_code)]

use paiban_fonts::{EditionFonts, Role};
use paiban_model::Edition;

/// Text the PDF sets itself (running heads, contents, jump notes), per font role.
pub const GENERATED_TEXT: &[(Role, &str)] = &[(
    Role::Body,
    "目录第版上接下转0123456789（）·年月日星期一二三四五六",
)];

/// Options of the PDF exporter.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {}

/// Errors of the PDF exporter.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// Writing failed.
    #[error("pdf: {0}")]
    Write(String),
}

/// Lay out and render `edition` as a PDF.
pub fn render(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let _ = (edition, fonts, opts);
    Err(PdfError::Write("not implemented yet".into()))
}
