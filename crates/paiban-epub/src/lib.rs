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
//! `package` (epub-builder's OPF and NCX, re-packed into a deterministic zip).
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let edition = paiban_model::Edition::new("清河日报");
//! let fonts = paiban_fonts::FontSet::bundled()?;
//! let prepared =
//!     paiban_fonts::EditionFonts::prepare(&fonts, &edition, paiban_epub::GENERATED_TEXT)?;
//! let bytes = paiban_epub::render(&edition, &prepared, &paiban_epub::EpubOptions::default())?;
//! # let _ = bytes; Ok(()) }
//! ```

#![forbid(unsafe_code)]

mod article;
mod complete;
mod cover;
mod css;
mod nav;
mod package;
mod plan;
mod xhtml;

use paiban_fonts::{EditionFonts, Role};
use paiban_model::Edition;
use std::path::PathBuf;

/// Text the EPUB sets itself, per font role, so that coverage checking and subsetting include
/// it. Body: jump notes （上接第N版）/（下转第N版）, the previous/next links (上一篇, 目录,
/// 下一篇), the date line of the contents page and the cover (2022年6月28日 星期二), the nav
/// and landmark labels (目录, 封面, 正文, 导航), an untitled item's label (图片, or its
/// caption cut with …). Heading: the contents page's title 目录. Display: the running head
/// of each article (· 2022年6月28日 星期二 · 第N版; masthead and page name are the edition's own
/// text).
pub const GENERATED_TEXT: &[(Role, &str)] = &[
    (
        Role::Body,
        "目录封面正文导航图片上接下转第版一篇年月日星期二三四五六（）…0123456789",
    ),
    (Role::Heading, "目录"),
    (Role::Display, "第版0123456789年月日星期一二三四五六·"),
];

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
    /// An image of the edition could not be read.
    #[error("{location}: cannot read image {path}: {source}")]
    ImageRead {
        /// Where the image block is in the source (file:line).
        location: String,
        /// The image file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An image is not JPEG, PNG, GIF or WebP.
    #[error("{location}: image {path} is not JPEG, PNG, GIF or WebP")]
    ImageType {
        /// Where the image block is in the source (file:line).
        location: String,
        /// The image file.
        path: PathBuf,
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

/// Render `edition` as an EPUB 3 book.
pub fn render(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &EpubOptions,
) -> Result<Vec<u8>, EpubError> {
    let plan = plan::Plan::new(edition, opts)?;
    package::build(&plan, fonts)
}
