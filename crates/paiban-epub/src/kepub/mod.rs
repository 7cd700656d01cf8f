//! kepub: the EPUB made into a Kobo kepub (`NAME.kepub.epub`).
//!
//! Input: the bytes of a finished EPUB (from [`crate::render`]). Output: the kepub's bytes.
//! Kobo shows a plain EPUB with its older renderer; a kepub gets page numbers per chapter,
//! time left, reading statistics and fast page turns. What makes one is markup only: every
//! sentence in a `koboSpan` and the body in the `book-columns` / `book-inner` wrappers
//! ([`spans`]), in each XHTML content document of the manifest but the nav document; the
//! cover image keeps its `cover-image` property. Every other entry is copied as it is
//! (compressed bytes, timestamp and permissions), the archive order too, so the same EPUB
//! gives the same kepub, and a kepub made again from a kepub is unchanged.
//!
//! It works on the finished book, not on the edition, so that it follows whatever the EPUB
//! writer does with its documents.

mod dom;
mod spans;

pub use spans::sentence_breaks;

use crate::EpubError;
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Make `epub` a kepub.
pub fn kepubify(epub: &[u8]) -> Result<Vec<u8>, EpubError> {
    let err =
        |what: &str, e: &dyn std::fmt::Display| EpubError::Package(format!("kepub: {what}: {e}"));
    let mut archive =
        ZipArchive::new(Cursor::new(epub)).map_err(|e| err("reading the EPUB", &e))?;
    let opf_path = rootfile(&mut archive)?;
    let opf = read_entry(&mut archive, &opf_path)?;
    let documents = content_documents(&opf, &opf_path)?;
    let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(epub.len() + epub.len() / 8)));
    for i in 0..archive.len() {
        let name = {
            let f = archive
                .by_index_raw(i)
                .map_err(|e| err("reading the EPUB", &e))?;
            f.name().to_string()
        };
        if !documents.contains(&name) {
            let f = archive.by_index_raw(i).map_err(|e| err(&name, &e))?;
            out.raw_copy_file(f).map_err(|e| err(&name, &e))?;
            continue;
        }
        let mut f = archive.by_index(i).map_err(|e| err(&name, &e))?;
        let mut options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(9));
        if let Some(t) = f.last_modified() {
            options = options.last_modified_time(t);
        }
        if let Some(mode) = f.unix_mode() {
            options = options.unix_permissions(mode);
        }
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).map_err(|e| err(&name, &e))?;
        drop(f);
        let doc = document(&bytes).map_err(|e| err(&name, &e))?;
        out.start_file(name.as_str(), options)
            .map_err(|e| err(&name, &e))?;
        out.write_all(&doc).map_err(|e| err(&name, &e))?;
    }
    let cursor = out.finish().map_err(|e| err("writing", &e))?;
    Ok(cursor.into_inner())
}

/// One XHTML document made a kepub document.
pub fn document(xhtml: &[u8]) -> Result<Vec<u8>, String> {
    let mut nodes = dom::parse(xhtml)?;
    spans::transform(&mut nodes);
    dom::write(&nodes)
}

fn read_entry<R: Read + std::io::Seek>(
    archive: &mut ZipArchive<R>,
    name: &str,
) -> Result<Vec<u8>, EpubError> {
    let mut f = archive
        .by_name(name)
        .map_err(|e| EpubError::Package(format!("kepub: {name}: {e}")))?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)
        .map_err(|e| EpubError::Package(format!("kepub: {name}: {e}")))?;
    Ok(bytes)
}

/// The package document's path, from `META-INF/container.xml`.
fn rootfile<R: Read + std::io::Seek>(archive: &mut ZipArchive<R>) -> Result<String, EpubError> {
    let container = read_entry(archive, "META-INF/container.xml")?;
    let nodes = dom::parse(&container)
        .map_err(|e| EpubError::Package(format!("kepub: META-INF/container.xml: {e}")))?;
    find_elements(&nodes, "rootfile")
        .into_iter()
        .find_map(|e| e.attr("full-path"))
        .ok_or_else(|| EpubError::Package("kepub: META-INF/container.xml names no rootfile".into()))
}

/// The archive names of the manifest's XHTML documents, the nav document excepted.
fn content_documents(opf: &[u8], opf_path: &str) -> Result<Vec<String>, EpubError> {
    let nodes =
        dom::parse(opf).map_err(|e| EpubError::Package(format!("kepub: {opf_path}: {e}")))?;
    let base = opf_path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let mut out = Vec::new();
    for item in find_elements(&nodes, "item") {
        let xhtml = item.attr("media-type").as_deref() == Some("application/xhtml+xml");
        let nav = item
            .attr("properties")
            .is_some_and(|p| p.split_whitespace().any(|p| p == "nav"));
        if let (true, false, Some(href)) = (xhtml, nav, item.attr("href")) {
            out.push(if base.is_empty() {
                href
            } else {
                format!("{base}/{href}")
            });
        }
    }
    Ok(out)
}

/// Every element named `name` under `nodes`, in document order.
fn find_elements<'a>(nodes: &'a [dom::Node], name: &str) -> Vec<&'a dom::Elem> {
    let mut out = Vec::new();
    for n in nodes {
        if let dom::Node::Elem(e) = n {
            if e.name() == name {
                out.push(e);
            }
            out.extend(find_elements(&e.children, name));
        }
    }
    out
}
