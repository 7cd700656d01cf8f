//! Pictures of the edition, read and checked once by ingest.
//!
//! Input: nothing here (no I/O): ingest fills a [`Picture`] per image file an image block
//! names. Output: what the exporters need — the format, the pixel size and the bytes — so
//! neither opens, sniffs or measures a file again.

use std::sync::Arc;

/// The picture formats the books embed (EPUB 3 core media types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PictureKind {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// GIF.
    Gif,
    /// WebP.
    Webp,
}

impl PictureKind {
    /// The media type: `image/jpeg`, …
    pub fn media_type(self) -> &'static str {
        match self {
            PictureKind::Jpeg => "image/jpeg",
            PictureKind::Png => "image/png",
            PictureKind::Gif => "image/gif",
            PictureKind::Webp => "image/webp",
        }
    }

    /// The usual file extension: `jpg`, `png`, `gif`, `webp`.
    pub fn extension(self) -> &'static str {
        match self {
            PictureKind::Jpeg => "jpg",
            PictureKind::Png => "png",
            PictureKind::Gif => "gif",
            PictureKind::Webp => "webp",
        }
    }
}

/// One picture file: its format, size and bytes (shared, not copied, between the books).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// The format, from the file's first bytes.
    pub kind: PictureKind,
    /// Width in pixels (never 0).
    pub width: u32,
    /// Height in pixels (never 0).
    pub height: u32,
    /// The whole file.
    pub bytes: Arc<Vec<u8>>,
}
