//! paiban-epub — the EPUB 3 exporter.
//!
//! Input: a repaired [`paiban_model::Edition`] and its [`paiban_fonts::EditionFonts`].
//! Output: the bytes of an EPUB 3 book (the caller writes them atomically).

#![forbid(unsafe_code)]

use paiban_fonts::{EditionFonts, Role};
use paiban_model::Edition;

/// Text the EPUB sets itself (navigation labels, jump notes), per font role, so that
/// coverage checking and subsetting include it.
pub const GENERATED_TEXT: &[(Role, &str)] = &[(Role::Body, "目录第版上接下转0123456789（）·")];

/// Options of the EPUB exporter.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// `dcterms:modified` as Unix seconds (from SOURCE_DATE_EPOCH); `None` = from the edition date.
    pub modified: Option<i64>,
}

/// Errors of the EPUB exporter.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    /// Packaging failed.
    #[error("epub: {0}")]
    Package(String),
}

/// Render `edition` as an EPUB 3 book.
pub fn render(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &EpubOptions,
) -> Result<Vec<u8>, EpubError> {
    let _ = (edition, fonts, opts);
    Err(EpubError::Package("not implemented yet".into()))
}
