//! paiban-epub — the EPUB 3 exporter.
//!
//! Input: a repaired [`paiban_model::Edition`] and its [`paiban_fonts::EditionFonts`] (one
//! subset font per role and chain position). Output: the bytes of an EPUB 3 book; the caller
//! writes them atomically.
//!
//! The book: a cover page (PNG rendered from the edition), an inline contents page, one XHTML
//! document per article in reading order (page by page), a nav document grouped by page (版),
//! an NCX for EPUB 2 readers, a stylesheet for Chinese text and the embedded fonts. Everything
//! is derived from the input: the same edition and fonts give byte-identical books.
//!
//! Phases, one module each: `plan` (file names, labels, jump links, images) → `article`,
//! `nav`, `cover`, `css` (the documents; XHTML and SVG via quick-xml, in `xhtml`) →
//! `package` (the OPF and NCX, `opf`, and a deterministic zip, `archive`).
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let edition = paiban_model::Edition::new("清河日报");
//! let fonts = paiban_fonts::FontSet::bundled()?;
//! let prepared =
//!     paiban_fonts::EditionFonts::prepare(&fonts, &edition, &paiban_present::generated_text())?;
//! let bytes = paiban_epub::render(&edition, &prepared, &paiban_epub::EpubOptions::default())?;
//! # let _ = bytes; Ok(()) }
//! ```

#![forbid(unsafe_code)]

mod archive;
mod article;
mod cover;
mod css;
pub mod kepub;
mod nav;
mod opf;
mod package;
mod plan;
mod xhtml;

use paiban_fonts::{EditionFonts, Role};
use paiban_model::Edition;
use std::path::PathBuf;

/// Options of the EPUB exporter.
#[derive(Debug, Clone, Default)]
pub struct EpubOptions {
    /// `dcterms:modified` as Unix seconds (from SOURCE_DATE_EPOCH); `None` = from the edition date.
    pub modified: Option<i64>,
}

/// Errors of the EPUB exporter. Each names the file or the place in the source it is about.
#[derive(Debug, thiserror::Error)]
pub enum EpubError {
    /// Packaging failed.
    #[error("epub: {0}")]
    Package(String),
    /// An image block names a picture the edition does not hold (ingest reads and checks
    /// every picture; an edition built by hand must add its pictures).
    #[error("{location}: image {src} was not read with the edition")]
    ImageUnread {
        /// Where the image block is in the source (file:line).
        location: String,
        /// The block's `src`.
        src: String,
    },
    /// A font cannot be embedded (e.g. a collection instead of a standalone subset).
    #[error("epub: font for {role} ({path}): {reason}")]
    Font {
        /// The role the face serves.
        role: Role,
        /// The face's file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// `modified` is outside the range of dates a book can carry.
    #[error("epub: modification time {0} is out of range")]
    Modified(i64),
    /// The cover could not be rendered.
    #[error("epub: cover: {0}")]
    Cover(String),
    /// Writing XML failed (a bug: writing to memory does not fail).
    #[error("epub: writing {file}: {reason}")]
    Xml {
        /// The document being written.
        file: String,
        /// What failed.
        reason: String,
    },
}

/// The book's files and navigation before packaging, for writers of other formats (AZW3):
/// the same documents, stylesheet, fonts and images as the EPUB.
#[derive(Debug, Clone)]
pub struct Parts {
    /// The book's title (masthead and date).
    pub title: String,
    /// BCP 47 language of every document.
    pub lang: String,
    /// The creator named in the package (the publisher, else the masthead).
    pub creator: String,
    /// The publisher named in the edition.
    pub publisher: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Modification time, Unix seconds.
    pub modified: i64,
    /// The book's identifier (`urn:uuid:…`), the same as the EPUB's.
    pub uid: String,
    /// Stylesheet, fonts, images and documents, in manifest order (the nav and NCX left out).
    pub files: Vec<PartFile>,
    /// The table of contents: the contents page, then each page (版) with its articles.
    pub toc: Vec<TocEntry>,
    /// The guide's references, in order.
    pub guide: Vec<GuideRef>,
}

/// One file of [`Parts`].
#[derive(Debug, Clone)]
pub struct PartFile {
    /// Its path in the book (`p01-01.xhtml`, `fonts/body-0.ttf`, `stylesheet.css`).
    pub href: String,
    /// Its media type.
    pub media_type: &'static str,
    /// A document in the spine (reading order is the order of these).
    pub spine: bool,
    /// The cover image.
    pub cover_image: bool,
    /// Its bytes.
    pub data: Vec<u8>,
}

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// Its label.
    pub label: String,
    /// Its target: `file` or `file#id`.
    pub target: String,
    /// The entries under it.
    pub children: Vec<TocEntry>,
}

/// One reference of the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideRef {
    /// `cover`, `toc`, `text`.
    pub kind: &'static str,
    /// Its title (may be empty).
    pub title: String,
    /// Its target: `file` or `file#id`.
    pub target: String,
}

/// The parts of the book of `edition`: what [`render`] packages, for other formats.
pub fn parts(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &EpubOptions,
) -> Result<Parts, EpubError> {
    let plan = plan::Plan::new(edition, opts)?;
    package::parts(&plan, fonts)
}

/// Render `edition` as an EPUB 3 book.
pub fn render(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &EpubOptions,
) -> Result<Vec<u8>, EpubError> {
    let plan = plan::Plan::new(edition, opts)?;
    Ok(package::build(&plan, fonts, false)?.0)
}

/// Render `edition` as an EPUB 3 book and hand its [`Parts`] on, the documents written once
/// for both.
pub fn render_with_parts(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &EpubOptions,
) -> Result<(Vec<u8>, Parts), EpubError> {
    let plan = plan::Plan::new(edition, opts)?;
    match package::build(&plan, fonts, true)? {
        (epub, Some(parts)) => Ok((epub, parts)),
        (_, None) => Err(EpubError::Package("the parts were not kept".into())),
    }
}

/// Render `edition` as a Kobo kepub: the EPUB of [`render`] with Kobo's sentence spans
/// (see [`kepub`]).
pub fn render_kepub(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &EpubOptions,
) -> Result<Vec<u8>, EpubError> {
    kepub::kepubify(&render(edition, fonts, opts)?)
}
