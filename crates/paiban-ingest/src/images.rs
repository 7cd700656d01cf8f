//! Photos referenced by a page: kept only when they are safe and sound.
//!
//! Input: image blocks as the Markdown reader found them (`![caption](file)`), the page
//! file's folder and the edition folder. Output: each image either kept, with `src`
//! relative to the edition folder and its [`Picture`] (format, pixel size, bytes: the file
//! is read once, here, for both books), or left out with a warning naming the line — its
//! caption kept as a caption block. Left out: a path that leaves the edition folder (`..`,
//! an absolute path, a symlink pointing out) — never opened; a URL; a missing file; a file
//! that is not a JPEG, PNG, GIF or WebP, whose header does not decode or that is cut short;
//! a picture larger than [`MAX_PIXELS`].

use crate::passes::warn;
use crate::raw::{RawBlock, Role};
use crate::safe_path;
use paiban_model::{BlockKind, Diagnostic, Edition, Picture, PictureKind};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

const PASS: &str = "image";

/// The largest picture kept, in pixels (40 megapixels).
pub const MAX_PIXELS: u64 = 40_000_000;

/// Check every image block of a page read from `page_rel_dir` (the page file's folder,
/// relative to `base`) and add its picture to `pictures` (by `src`); bad ones become
/// captions (or vanish when they have none).
pub fn check_images(
    blocks: &mut Vec<RawBlock>,
    base: &Path,
    page_rel_dir: &Path,
    pictures: &mut BTreeMap<String, Picture>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut out = Vec::with_capacity(blocks.len());
    for mut b in std::mem::take(blocks) {
        if b.role != Role::Image {
            out.push(b);
            continue;
        }
        let src = b.src.take().unwrap_or_default();
        let known = |(rel, path): (String, PathBuf)| match pictures.get(&rel) {
            Some(_) => Ok((rel, None)),
            None => read_picture(&path).map(|p| (rel, Some(p))),
        };
        match resolve(base, page_rel_dir, &src).and_then(known) {
            Ok((rel, picture)) => {
                if let Some(p) = picture {
                    pictures.insert(rel.clone(), p);
                }
                b.src = Some(rel);
                out.push(b);
            }
            Err(why) => {
                let kept = if b.text.trim().is_empty() {
                    "it had no caption"
                } else {
                    "its caption is kept"
                };
                diags.push(warn(
                    PASS,
                    &b.span,
                    &src,
                    &format!("image left out: {why}; {kept}"),
                ));
                if !b.text.trim().is_empty() {
                    b.role = Role::Caption;
                    out.push(b);
                }
            }
        }
    }
    *blocks = out;
    diags
}

/// The image's path relative to `base` (with `/`) and on disk, if it stays inside `base`.
fn resolve(base: &Path, page_rel_dir: &Path, src: &str) -> Result<(String, PathBuf), String> {
    let src = src.trim();
    if src.is_empty() {
        return Err("no file given".into());
    }
    if src.contains("://") || src.starts_with("data:") || src.starts_with("mailto:") {
        return Err(format!("{src} is a URL, not a file of the edition"));
    }
    if Path::new(src).is_absolute() || src.starts_with('/') || src.starts_with('\\') {
        return Err(format!(
            "{src} is an absolute path, outside the edition folder"
        ));
    }
    let mut rel = PathBuf::new();
    for c in page_rel_dir.join(src).components() {
        match c {
            Component::Normal(p) => rel.push(p),
            Component::CurDir => {}
            Component::ParentDir if rel.pop() => {}
            _ => return Err(format!("{src} leaves the edition folder")),
        }
    }
    let rel_str = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let path = safe_path(base, &rel_str)?;
    Ok((rel_str, path))
}

/// Read the picture of every image block of an edition built by hand (its `src` relative to
/// [`Edition::base_dir`]) into [`Edition::pictures`], as [`crate::load`] does for a source;
/// returns why each unreadable one was not added.
pub fn add_pictures(edition: &mut Edition) -> Vec<String> {
    let base = edition.base_dir.clone().unwrap_or_default();
    let srcs: Vec<String> = edition
        .articles()
        .flat_map(|(_, a)| &a.blocks)
        .filter(|b| b.kind == BlockKind::Image)
        .filter_map(|b| b.src.clone())
        .collect();
    let mut errors = Vec::new();
    for src in srcs {
        if edition.pictures.contains_key(&src) {
            continue;
        }
        match read_picture(&base.join(&src)) {
            Ok(p) => {
                edition.pictures.insert(src, p);
            }
            Err(e) => errors.push(e),
        }
    }
    errors
}

/// Read the picture at `path`: a sound JPEG, PNG, GIF or WebP of at most [`MAX_PIXELS`];
/// the error says why not (naming the file).
pub fn read_picture(path: &Path) -> Result<Picture, String> {
    let meta = std::fs::metadata(path).map_err(|_| format!("{} not found", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a file", path.display()));
    }
    // The header first: a file that is no picture, or too large a one, is not read whole.
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let kind =
        imagesize::image_type(&head).map_err(|_| format!("{} is not a picture", path.display()))?;
    let kind = match kind {
        imagesize::ImageType::Jpeg => PictureKind::Jpeg,
        imagesize::ImageType::Png => PictureKind::Png,
        imagesize::ImageType::Gif => PictureKind::Gif,
        imagesize::ImageType::Webp => PictureKind::Webp,
        other => {
            return Err(format!(
                "{}: {other:?} pictures are not supported (JPEG, PNG, GIF, WebP)",
                path.display()
            ));
        }
    };
    let size = imagesize::size(path).map_err(|_| {
        format!(
            "{}: corrupt picture (its header does not decode)",
            path.display()
        )
    })?;
    let (w, h) = (size.width as u64, size.height as u64);
    if w == 0 || h == 0 {
        return Err(format!(
            "{}: corrupt picture (size {w}×{h})",
            path.display()
        ));
    }
    if w.saturating_mul(h) > MAX_PIXELS {
        return Err(format!(
            "{}: {w}×{h} pixels is larger than {} megapixels",
            path.display(),
            MAX_PIXELS / 1_000_000
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    // Cut-short files: a PNG ends with its IEND chunk, a JPEG with an end-of-image marker.
    let tail = bytes
        .get(bytes.len().saturating_sub(1024)..)
        .unwrap_or(&bytes);
    let whole = match kind {
        PictureKind::Png => tail.windows(4).any(|w| w == b"IEND"),
        PictureKind::Jpeg => tail.windows(2).any(|w| w == [0xFF, 0xD9]),
        _ => true,
    };
    if !whole {
        return Err(format!(
            "{}: corrupt picture (the file is cut short)",
            path.display()
        ));
    }
    Ok(Picture {
        kind,
        width: u32::try_from(w).unwrap_or(u32::MAX),
        height: u32::try_from(h).unwrap_or(u32::MAX),
        bytes: Arc::new(bytes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use paiban_model::Span;

    /// A valid 1×1 PNG.
    pub const PNG_1X1: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];

    fn huge_png() -> Vec<u8> {
        let mut v = PNG_1X1.to_vec();
        v[16..20].copy_from_slice(&30_000u32.to_be_bytes());
        v[20..24].copy_from_slice(&30_000u32.to_be_bytes());
        v
    }

    #[test]
    fn good_and_bad_images() {
        let base = paiban_testkit::scratch("img");
        std::fs::create_dir_all(base.join("img")).unwrap();
        std::fs::write(base.join("img/ok.png"), PNG_1X1).unwrap();
        std::fs::write(base.join("img/huge.png"), huge_png()).unwrap();
        std::fs::write(base.join("img/bad.jpg"), b"\xFF\xD8\xFFnot really a jpeg").unwrap();
        std::fs::write(base.join("img/cut.png"), &PNG_1X1[..40]).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/hostname", base.join("img/out.png")).unwrap();
        let cases = [
            ("img/ok.png", true),
            ("../etc/passwd", false),
            ("/etc/passwd", false),
            ("img/missing.png", false),
            ("img/huge.png", false),
            ("img/bad.jpg", false),
            ("img/cut.png", false),
            ("img/out.png", false),
            ("http://example.invalid/a.png", false),
        ];
        for (src, ok) in cases {
            let mut b = RawBlock::new("雨后的清河", Span::new("p.md", 3));
            b.role = Role::Image;
            b.src = Some(src.into());
            let mut blocks = vec![b];
            let mut pictures = BTreeMap::new();
            let d = check_images(&mut blocks, &base, Path::new(""), &mut pictures);
            assert_eq!(d.is_empty(), ok, "{src}: {d:?}");
            if ok {
                assert_eq!(blocks[0].src.as_deref(), Some(src));
                let p = &pictures[src];
                assert_eq!((p.kind, p.width, p.height), (PictureKind::Png, 1, 1));
                assert_eq!(p.bytes.as_slice(), PNG_1X1);
            } else {
                assert_eq!(blocks[0].role, Role::Caption, "{src}");
                assert_eq!(d[0].span.line, 3);
            }
        }
        // Relative to the page's folder.
        let mut b = RawBlock::new("", Span::new("pages/p.md", 1));
        b.role = Role::Image;
        b.src = Some("../img/ok.png".into());
        let mut blocks = vec![b];
        let mut pictures = BTreeMap::new();
        assert!(check_images(&mut blocks, &base, Path::new("pages"), &mut pictures).is_empty());
        assert!(pictures.contains_key("img/ok.png"));
        assert_eq!(blocks[0].src.as_deref(), Some("img/ok.png"));
    }
}
