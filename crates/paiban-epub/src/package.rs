//! Packaging: the OPF and NCX (`opf`), the container and every document into a zip,
//! written directly and deterministically: `mimetype` first and stored, then the entries in a
//! fixed order, one timestamp and permission for all. (epub-builder did this until its
//! workarounds outgrew it; see the README.)
//!
//! The cover is drawn while the documents are written and deflated (`rayon`: on whichever
//! core is free; the zip itself is `archive`'s).
//!
//! Input: the [`Plan`] and the fonts. Output: the EPUB's bytes.

use crate::archive::{self, DosTime, Method};
use crate::css::{self, EmbeddedFont};
use crate::nav::{self, NAV_FILE, article_label, story_target};
use crate::opf::{self, Item, NavPoint, Reference};
use crate::plan::{CONTENTS_FILE, COVER_FILE, COVER_IMAGE, Plan, STYLESHEET, page_label};
use crate::{EpubError, GuideRef, PartFile, Parts, TocEntry, article, cover};
use chrono::{Datelike, Timelike};
use paiban_fonts::EditionFonts;
use std::borrow::Cow;

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
    /// Fonts: most of the book. libdeflate's level 1: on the real page's subsets 2.4 ms for
    /// 272 KB, where zlib-rs took 4.1 ms at level 2 for 274 KB (and 5.4 ms at 6 for 265 KB).
    Font,
    /// Documents: small, deflated at libdeflate's level 9.
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
    /// The index of the cover image's entry, left empty by [`assemble`].
    cover: usize,
}

impl Assembled<'_> {
    /// Fill the cover image's entry.
    fn set_cover(&mut self, png: Vec<u8>) {
        if let Some(entry) = self.book.entries.get_mut(self.cover) {
            entry.data = png.into();
        }
    }
}

/// The cover image (`cover`) and the rest of the book (`rest`), made side by side.
fn with_cover<T>(
    plan: &Plan<'_>,
    fonts: &EditionFonts,
    rest: impl FnOnce() -> Result<T, EpubError> + Send,
) -> Result<(Vec<u8>, T), EpubError>
where
    T: Send,
{
    let (cover, rest) = rayon::join(|| cover::png(plan, fonts), rest);
    Ok((cover?, rest?))
}

/// Write every document of `plan` with `fonts` into the manifest, the cover image's entry
/// left empty (see [`Assembled::set_cover`]).
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
    let cover = book.entries.len();
    book.add(cover_image, Vec::new(), Pack::Store);
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
        cover,
    })
}

/// Build the book of `plan` with `fonts`, and its [`Parts`] when `with_parts`.
pub(crate) fn build(
    plan: &Plan<'_>,
    fonts: &EditionFonts,
    with_parts: bool,
) -> Result<(Vec<u8>, Option<Parts>), EpubError> {
    let uid = uuid::fmt::Urn::from_uuid(identifier(plan)).to_string();
    // Everything but the cover, its entries deflated, while the cover is drawn.
    let (cover, (mut assembled, last, packed)) = with_cover(plan, fonts, || {
        let assembled = assemble(plan, fonts)?;
        let text = |name: String, data: Vec<u8>| Entry {
            name,
            data: data.into(),
            pack: Pack::Text,
        };
        let (items, guide) = (&assembled.book.items, &assembled.guide);
        let package = opf::package(plan, &uid, items, guide).into_bytes();
        let ncx = opf::ncx(plan, &uid, &assembled.points).into_bytes();
        let last = vec![
            text("OEBPS/content.opf".into(), package),
            text("OEBPS/toc.ncx".into(), ncx),
            text(format!("OEBPS/{NAV_FILE}"), nav::nav_document(plan)?),
        ];
        let packed =
            archive::pack(&entries(&assembled.book.entries, &last)).map_err(EpubError::Package)?;
        Ok((assembled, last, packed))
    })?;
    assembled.set_cover(cover);
    let all = entries(&assembled.book.entries, &last);
    let epub = archive::write(&all, &packed, zip_time(plan)).map_err(EpubError::Package)?;
    let parts = with_parts.then(|| to_parts(plan, &uid, &assembled));
    Ok((epub, parts))
}

/// The parts of the book of `plan` with `fonts`, for writers of other formats.
pub(crate) fn parts(plan: &Plan<'_>, fonts: &EditionFonts) -> Result<Parts, EpubError> {
    let uid = uuid::fmt::Urn::from_uuid(identifier(plan)).to_string();
    let (cover, mut assembled) = with_cover(plan, fonts, || assemble(plan, fonts))?;
    assembled.set_cover(cover);
    Ok(to_parts(plan, &uid, &assembled))
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

/// The timestamp of every zip entry: the modification date.
fn zip_time(plan: &Plan<'_>) -> DosTime {
    let m = plan.modified;
    let year = u16::try_from(m.year().clamp(1980, 2107)).unwrap_or(1980);
    let byte = |v: u32| u8::try_from(v).unwrap_or(0);
    DosTime::new(
        year,
        byte(m.month()),
        byte(m.day()),
        byte(m.hour()),
        byte(m.minute()),
        byte(m.second()),
    )
}

/// The archive's entries: `mimetype` first and stored, then `book` and `last` in order.
fn entries<'a>(book: &'a [Entry<'_>], last: &'a [Entry<'_>]) -> Vec<archive::Entry<'a>> {
    let mimetype = archive::Entry {
        name: "mimetype",
        data: b"application/epub+zip",
        method: Method::Stored,
    };
    let entry = |e: &'a Entry<'_>| archive::Entry {
        name: &e.name,
        data: &e.data,
        method: match e.pack {
            Pack::Store => Method::Stored,
            Pack::Font => Method::Deflated(1),
            Pack::Text => Method::Deflated(9),
        },
    };
    std::iter::once(mimetype)
        .chain(book.iter().chain(last).map(entry))
        .collect()
}
