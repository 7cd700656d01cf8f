//! Packaging: the OPF and NCX (`opf`), the container and every document into a zip,
//! written directly and deterministically: `mimetype` first and stored, then the entries in a
//! fixed order, one timestamp and permission for all. (epub-builder did this until its
//! workarounds outgrew it; see the README.)
//!
//! Input: the [`Plan`] and the fonts. Output: the EPUB's bytes.

use crate::css::{self, EmbeddedFont};
use crate::nav::{self, NAV_FILE, article_label, story_target};
use crate::opf::{self, Item, NavPoint, Reference};
use crate::plan::{CONTENTS_FILE, COVER_FILE, COVER_IMAGE, Plan, STYLESHEET, page_label};
use crate::{EpubError, GuideRef, PartFile, Parts, TocEntry, article, cover};
use chrono::{Datelike, Timelike};
use paiban_fonts::EditionFonts;
use std::borrow::Cow;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The prefix of the name a book's UUID v5 (URL namespace) is derived from:
/// `paiban:edition:<masthead>|<YYYY-MM-DD>`.
const ID_NAMESPACE: &str = "paiban:edition:";

/// `META-INF/container.xml`: where the package document is.
const CONTAINER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">
  <rootfiles>
    <rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>
  </rootfiles>
</container>
";

/// Apple Books' display options: use the embedded fonts.
const IBOOKS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<display_options>
  <platform name=\"*\">
    <option name=\"specified-fonts\">true</option>
  </platform>
</display_options>
";

/// How an entry is stored in the archive.
#[derive(Clone, Copy)]
enum Pack {
    /// Already compressed (images) or required so (`mimetype`).
    Store,
    /// Fonts: most of the book. Deflate level 2 (zlib-rs's fast matcher): on the real page's
    /// subsets 4.1 ms for 274 KB where level 6 took 5.4 ms for 265 KB and level 1 2.1 ms for
    /// 312 KB.
    Font,
    /// Documents: small, deflated at level 9.
    Text,
}

/// One file of the book, in archive order.
struct Entry<'a> {
    /// Name in the archive.
    name: String,
    data: Cow<'a, [u8]>,
    pack: Pack,
}

/// The manifest and the archive, filled together.
struct Book<'a> {
    items: Vec<Item>,
    entries: Vec<Entry<'a>>,
}

impl<'a> Book<'a> {
    /// Add `item` to the manifest and its `data` to the archive.
    fn add(&mut self, item: Item, data: impl Into<Cow<'a, [u8]>>, pack: Pack) {
        let name = format!("OEBPS/{}", item.href);
        let data = data.into();
        self.entries.push(Entry { name, data, pack });
        self.items.push(item);
    }
}

/// The book before packaging: the manifest with each item's data, the guide and the NCX's
/// points. The EPUB adds the OPF, NCX and nav to it; [`parts`] hands it to other formats.
struct Assembled<'a> {
    book: Book<'a>,
    guide: Vec<Reference>,
    points: Vec<NavPoint>,
}

/// Write every document of `plan` with `fonts` into the manifest.
fn assemble<'a>(plan: &'a Plan<'_>, fonts: &'a EditionFonts) -> Result<Assembled<'a>, EpubError> {
    let embedded = embedded_fonts(fonts)?;
    let meta = |name: &str, text: &'static str| Entry {
        name: name.into(),
        data: text.as_bytes().into(),
        pack: Pack::Text,
    };
    let mut book = Book {
        // The NCX and nav are written last, once the manifest is complete.
        items: vec![
            Item {
                id: "ncx".into(),
                ..Item::new("toc.ncx", "application/x-dtbncx+xml")
            },
            Item {
                id: "nav".into(),
                properties: Some("nav"),
                ..Item::new(NAV_FILE, "application/xhtml+xml")
            },
        ],
        entries: vec![
            meta("META-INF/container.xml", CONTAINER),
            meta("META-INF/com.apple.ibooks.display-options.xml", IBOOKS),
        ],
    };
    let sheet = css::stylesheet(&embedded).into_bytes();
    book.add(Item::new(STYLESHEET, "text/css"), sheet, Pack::Text);
    for (font, face) in embedded.iter().zip(&fonts.faces) {
        let media = if font.format == "opentype" {
            "font/otf"
        } else {
            "font/ttf"
        };
        book.add(Item::new(&font.file, media), face.face.data(), Pack::Font);
    }
    for image in &plan.images {
        let item = Item::new(&image.file, image.media_type);
        book.add(item, image.data.as_slice(), Pack::Store);
    }
    let cover_image = Item {
        id: "cover-image".into(),
        properties: Some("cover-image"),
        ..Item::new(COVER_IMAGE, "image/png")
    };
    book.add(cover_image, cover::png(plan, fonts)?, Pack::Store);
    let xhtml = |file: &str| Item {
        spine: true,
        ..Item::new(file, "application/xhtml+xml")
    };
    book.add(xhtml(COVER_FILE), nav::cover_document(plan)?, Pack::Text);
    let contents = nav::contents_document(plan)?;
    book.add(xhtml(CONTENTS_FILE), contents, Pack::Text);
    // The guide's contents is the contents page, which is in the spine: a `toc` reference to
    // the nav (not in the spine) makes Calibre append the nav to the end of an AZW3 as a
    // document of its own, its hidden landmarks (目录, 正文) shown.
    let mut guide: Vec<Reference> = vec![
        ("cover", String::new(), COVER_FILE.into()),
        ("toc", paiban_present::CONTENTS.into(), CONTENTS_FILE.into()),
    ];
    // The NCX: the contents page, then each page an entry (its first document), its articles
    // under it.
    let mut points = vec![NavPoint {
        label: paiban_present::CONTENTS.into(),
        src: CONTENTS_FILE.into(),
        children: Vec::new(),
    }];
    for page in &plan.pages {
        let docs = plan.docs.get(page.docs.clone()).unwrap_or_default();
        for (k, doc) in docs.iter().enumerate() {
            let i = page.docs.start + k;
            if k == 0 {
                let label = page_label(page.section);
                if i == 0 {
                    guide.push(("text", label.clone(), doc.file.clone()));
                }
                let children = docs.iter().map(|d| NavPoint {
                    label: article_label(d).0,
                    src: story_target(d),
                    children: Vec::new(),
                });
                points.push(NavPoint {
                    label,
                    src: doc.file.clone(),
                    children: children.collect(),
                });
            }
            book.add(xhtml(&doc.file), article::document(plan, i)?, Pack::Text);
        }
    }
    Ok(Assembled {
        book,
        guide,
        points,
    })
}

/// Build the book of `plan` with `fonts`, and its [`Parts`] when `with_parts`.
pub(crate) fn build(
    plan: &Plan<'_>,
    fonts: &EditionFonts,
    with_parts: bool,
) -> Result<(Vec<u8>, Option<Parts>), EpubError> {
    let uid = uuid::fmt::Urn::from_uuid(identifier(plan)).to_string();
    let assembled = assemble(plan, fonts)?;
    let parts = with_parts.then(|| to_parts(plan, &uid, &assembled));
    let Assembled {
        book,
        guide,
        points,
    } = assembled;
    let Book { items, mut entries } = book;
    let text = |name: String, data: Vec<u8>| Entry {
        name,
        data: data.into(),
        pack: Pack::Text,
    };
    let package = opf::package(plan, &uid, &items, &guide).into_bytes();
    entries.push(text("OEBPS/content.opf".into(), package));
    let ncx = opf::ncx(plan, &uid, &points).into_bytes();
    entries.push(text("OEBPS/toc.ncx".into(), ncx));
    entries.push(text(format!("OEBPS/{NAV_FILE}"), nav::nav_document(plan)?));
    let epub = zip(&entries, zip_time(plan)).map_err(|e| EpubError::Package(e.to_string()))?;
    Ok((epub, parts))
}

/// The parts of the book of `plan` with `fonts`, for writers of other formats.
pub(crate) fn parts(plan: &Plan<'_>, fonts: &EditionFonts) -> Result<Parts, EpubError> {
    let uid = uuid::fmt::Urn::from_uuid(identifier(plan)).to_string();
    Ok(to_parts(plan, &uid, &assemble(plan, fonts)?))
}

/// The [`Parts`] of an assembled book identified by `uid`.
fn to_parts(plan: &Plan<'_>, uid: &str, assembled: &Assembled<'_>) -> Parts {
    let book = &assembled.book;
    // The manifest's first two items are the NCX and nav, written only into the EPUB.
    let files = book
        .items
        .iter()
        .skip(2)
        .zip(book.entries.iter().skip(2))
        .map(|(item, entry)| PartFile {
            href: item.href.clone(),
            media_type: item.media_type,
            spine: item.spine,
            cover_image: item.properties == Some("cover-image"),
            data: entry.data.to_vec(),
        })
        .collect();
    fn toc(points: &[NavPoint]) -> Vec<TocEntry> {
        points
            .iter()
            .map(|p| TocEntry {
                label: p.label.clone(),
                target: p.src.clone(),
                children: toc(&p.children),
            })
            .collect()
    }
    let publisher = opf::publisher(plan).map(str::to_string);
    Parts {
        title: plan.title.clone(),
        lang: plan.lang.clone(),
        creator: publisher
            .clone()
            .unwrap_or_else(|| plan.edition.masthead.trim().to_string()),
        publisher,
        date: plan.date.map(|d| d.to_string()),
        modified: plan.modified.timestamp(),
        uid: uid.to_string(),
        files,
        toc: toc(&assembled.points),
        guide: assembled
            .guide
            .iter()
            .map(|(kind, title, target)| GuideRef {
                kind,
                title: title.clone(),
                target: target.clone(),
            })
            .collect(),
    }
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

/// The archive: `mimetype` first and stored, then `entries` in order, all with `time` and
/// permission 0644.
fn zip(entries: &[Entry<'_>], time: zip::DateTime) -> zip::result::ZipResult<Vec<u8>> {
    let size = entries.iter().map(|e| e.data.len()).sum::<usize>();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(size)));
    let base = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(0o644);
    let options = |pack| match pack {
        Pack::Store => base.compression_method(CompressionMethod::Stored),
        Pack::Font => base
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(2)),
        Pack::Text => base
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(9)),
    };
    zip.start_file("mimetype", options(Pack::Store))?;
    zip.write_all(b"application/epub+zip")?;
    for entry in entries {
        zip.start_file(entry.name.as_str(), options(entry.pack))?;
        zip.write_all(&entry.data)?;
    }
    Ok(zip.finish()?.into_inner())
}
