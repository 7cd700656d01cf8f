//! Packaging: epub-builder (pinned 0.8.2, EPUB 3) writes the OPF package document, the NCX
//! and the container. Its zip back end is not pluggable and stamps entries with the clock, so
//! [`repack`] re-writes its archive deterministically: `mimetype` first and stored, one
//! timestamp and permission for every entry, our nav in place of its template nav (quick-xml,
//! `xml:lang`, grouped by page), and the OPF and NCX completed (`complete.rs`).
//!
//! Input: the [`Plan`] and the fonts. Output: the EPUB's bytes.

use crate::complete::Completion;
use crate::css::{self, EmbeddedFont};
use crate::nav::{self, NAV_FILE, article_label, story_target};
use crate::plan::{CONTENTS_FILE, COVER_FILE, COVER_IMAGE, Plan, page_label};
use crate::xhtml::xml_chars;
use crate::{EpubError, article, cover};
use chrono::{Datelike, Timelike};
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};
use paiban_fonts::EditionFonts;
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// The prefix of the name a book's UUID v5 (URL namespace) is derived from:
/// `paiban:edition:<masthead>|<YYYY-MM-DD>`.
const ID_NAMESPACE: &str = "paiban:edition:";

/// Build the book of `plan` with `fonts`.
pub(crate) fn build(plan: &Plan<'_>, fonts: &EditionFonts) -> Result<Vec<u8>, EpubError> {
    let embedded = embedded_fonts(fonts)?;
    let zip = ZipLibrary::new().map_err(pkg)?;
    let mut b = EpubBuilder::new(zip).map_err(pkg)?;
    b.epub_version(EpubVersion::V30);
    b.escape_html(true);
    b.set_lang(plan.lang.as_str());
    // epub-builder escapes what it is given but does not drop what XML forbids.
    b.set_title(xml_chars(&plan.title));
    b.add_author(xml_chars(
        plan.edition
            .publisher
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .unwrap_or(plan.edition.masthead.trim()),
    ));
    b.set_generator("paiban");
    b.set_toc_name(paiban_present::CONTENTS);
    b.set_uuid(identifier(plan));
    b.set_modified_date(plan.modified);
    if let Some(d) = plan
        .date
        .and_then(|d| chrono::DateTime::from_timestamp(d.unix_midnight(), 0))
    {
        b.set_publication_date(d);
    }
    let mut late: Vec<Late<'_>> = Vec::new();
    let sheet = css::stylesheet(&embedded);
    b.stylesheet(sheet.as_bytes()).map_err(pkg)?;
    for (font, data) in embedded
        .iter()
        .zip(fonts.faces.iter().map(|f| f.face.data()))
    {
        let media = if font.format == "opentype" {
            "font/otf"
        } else {
            "font/ttf"
        };
        // epub-builder gets an empty stand-in; the font goes in once, in `repack`.
        b.add_resource(&font.file, EMPTY, media).map_err(pkg)?;
        late.push(Late::compressed(&font.file, data));
    }
    for image in &plan.images {
        b.add_resource(&image.file, EMPTY, image.media_type)
            .map_err(pkg)?;
        late.push(Late::stored(&image.file, image.data.as_slice()));
    }
    let png = cover::png(plan, fonts)?;
    b.add_cover_image(COVER_IMAGE, EMPTY, "image/png")
        .map_err(pkg)?;
    late.push(Late::stored(COVER_IMAGE, &png));
    let cover_page = nav::cover_document(plan)?;
    b.add_content(
        EpubContent::new(COVER_FILE, cover_page.as_slice()).reftype(ReferenceType::Cover),
    )
    .map_err(pkg)?;
    let contents = nav::contents_document(plan)?;
    b.add_content(
        EpubContent::new(CONTENTS_FILE, contents.as_slice())
            .title(paiban_present::CONTENTS)
            .reftype(ReferenceType::Toc),
    )
    .map_err(pkg)?;
    // The NCX: each page an entry (its first document), its articles under it.
    for page in &plan.pages {
        let docs = plan.docs.get(page.docs.clone()).unwrap_or_default();
        for (k, doc) in docs.iter().enumerate() {
            let i = page.docs.start + k;
            let bytes = article::document(plan, i)?;
            let mut content = EpubContent::new(doc.file.as_str(), Cursor::new(bytes));
            if k == 0 {
                content = content.title(xml_chars(&page_label(page.section))).level(1);
                for d in docs {
                    let entry = TocElement::new(story_target(d), xml_chars(&article_label(d).0));
                    content = content.child(entry.level(2));
                }
            }
            if i == 0 {
                content = content.reftype(ReferenceType::Text);
            }
            b.add_content(content).map_err(pkg)?;
        }
    }
    let mut out = Vec::new();
    b.generate(&mut out).map_err(pkg)?;
    let nav = nav::nav_document(plan)?;
    let done = Completion::new(plan, &identifier(plan));
    repack(&out, &nav, &done, &late, zip_time(plan)).map_err(EpubError::Package)
}

/// What epub-builder lists in the manifest but gets only as an empty stand-in.
const EMPTY: &[u8] = &[];

/// A large resource (font, image) written once, by [`repack`], instead of being compressed
/// by epub-builder, decompressed and compressed again: on the real page that was 40% of the
/// EPUB's time.
struct Late<'a> {
    /// Entry name in the archive (`OEBPS/…`).
    name: String,
    data: &'a [u8],
    /// Deflate (fonts) or store (images, already compressed).
    deflate: bool,
}

impl<'a> Late<'a> {
    fn compressed(file: &str, data: &'a [u8]) -> Late<'a> {
        Late {
            name: format!("OEBPS/{file}"),
            data,
            deflate: true,
        }
    }

    fn stored(file: &str, data: &'a [u8]) -> Late<'a> {
        Late {
            name: format!("OEBPS/{file}"),
            data,
            deflate: false,
        }
    }
}

fn pkg(e: epub_builder::Error) -> EpubError {
    EpubError::Package(e.to_string())
}

/// The faces to embed, named `fonts/<role>-<chain index>.ttf|otf`.
fn embedded_fonts(fonts: &EditionFonts) -> Result<Vec<EmbeddedFont>, EpubError> {
    fonts
        .faces
        .iter()
        .map(|f| {
            let data = f.face.data();
            let (ext, format) = match data.get(..4) {
                Some(b"OTTO") => ("otf", "opentype"),
                Some([0, 1, 0, 0]) | Some(b"true") => ("ttf", "truetype"),
                _ => {
                    return Err(EpubError::Font {
                        role: f.role,
                        path: f.face.path().to_path_buf(),
                        reason: "not a standalone TrueType/OpenType font (a collection?)".into(),
                    });
                }
            };
            Ok(EmbeddedFont {
                role: f.role,
                chain_index: f.chain_index,
                file: format!("fonts/{}-{}.{ext}", f.role.name(), f.chain_index),
                format,
            })
        })
        .collect()
}

/// The book's identifier: a UUID v5 of the masthead and the date.
fn identifier(plan: &Plan<'_>) -> uuid::Uuid {
    let name = format!(
        "{ID_NAMESPACE}{}|{}",
        plan.edition.masthead.trim(),
        plan.date.map(|d| d.to_string()).unwrap_or_default()
    );
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes())
}

/// The timestamp of every zip entry: the modification date, within the zip format's range.
fn zip_time(plan: &Plan<'_>) -> zip::DateTime {
    let m = plan.modified;
    let year = u16::try_from(m.year()).unwrap_or(1980).clamp(1980, 2107);
    let byte = |v: u32| u8::try_from(v).unwrap_or(0);
    zip::DateTime::from_date_and_time(
        year,
        byte(m.month()),
        byte(m.day()),
        byte(m.hour()),
        byte(m.minute()),
        byte(m.second()),
    )
    .unwrap_or_default()
}

/// Re-write the archive epub-builder made (whose entries carry the clock's time) into a
/// deterministic one: the same entries in the same order, `mimetype` first and stored, one
/// timestamp and permission for all, our nav in place of the template's, the OPF and NCX completed.
fn repack(
    book: &[u8],
    nav: &[u8],
    done: &Completion,
    late: &[Late<'_>],
    time: zip::DateTime,
) -> Result<Vec<u8>, String> {
    let mut archive = ZipArchive::new(Cursor::new(book)).map_err(|e| e.to_string())?;
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(
        book.len() + late.iter().map(|l| l.data.len()).sum::<usize>(),
    )));
    let base = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(0o644);
    let stored = base.compression_method(CompressionMethod::Stored);
    let deflated = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9));
    // Fonts are most of the book: level 6 keeps them within 1% of level 9 at 60% of its time.
    let fonts = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    zip.start_file("mimetype", stored)
        .map_err(|e| e.to_string())?;
    zip.write_all(b"application/epub+zip")
        .map_err(|e| e.to_string())?;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = entry.name().to_string();
        if name == "mimetype" {
            continue;
        }
        if let Some(l) = late.iter().find(|l| l.name == name) {
            zip.start_file(name.as_str(), if l.deflate { fonts } else { stored })
                .map_err(|e| e.to_string())?;
            zip.write_all(l.data).map_err(|e| e.to_string())?;
            continue;
        }
        let is_nav = name == format!("OEBPS/{NAV_FILE}");
        if !(is_nav || name == "OEBPS/content.opf" || name == "OEBPS/toc.ncx") {
            // The XHTML and CSS as epub-builder compressed them, re-stamped.
            zip.raw_copy_file_touch(entry, time, Some(0o644))
                .map_err(|e| format!("{name}: {e}"))?;
            continue;
        }
        let mut data = Vec::new();
        entry
            .read_to_end(&mut data)
            .map_err(|e| format!("{name}: {e}"))?;
        let data = if is_nav {
            nav.to_vec()
        } else if name == "OEBPS/content.opf" {
            done.opf(&data)?
        } else {
            done.ncx(&data)?
        };
        zip.start_file(name.as_str(), deflated)
            .map_err(|e| e.to_string())?;
        zip.write_all(&data).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}
