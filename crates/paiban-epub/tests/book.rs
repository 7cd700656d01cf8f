//! End to end: render the test edition with the bundled fonts, unzip the book and check what
//! a reading system relies on — mimetype first and stored, the package metadata, spine order,
//! nav entries, `xml:lang` on every document, every character set in a font of its role —
//! and that two renders are byte-identical.
//!
//! Set `PAIBAN_EPUB_OUT=/path/book.epub` to keep the book (e.g. for check-epub).

mod common;

use common::{attr, elements, entry, spine, unzip};
use paiban_epub::{EpubOptions, render};
use paiban_fonts::{EditionFonts, FontSet};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::sync::OnceLock;

type Entries = Vec<(String, bool, Vec<u8>)>;

/// The book of the test edition, rendered once for all tests of this file.
fn book() -> &'static (Vec<u8>, Entries) {
    static BOOK: OnceLock<(Vec<u8>, Entries)> = OnceLock::new();
    BOOK.get_or_init(|| {
        let edition = common::edition();
        let fonts = FontSet::bundled().expect("bundled fonts");
        let prepared = EditionFonts::prepare(&fonts, &edition, &paiban_present::generated_text())
            .expect("coverage");
        let bytes = render(&edition, &prepared, &EpubOptions::default()).expect("render");
        if let Some(out) = std::env::var_os("PAIBAN_EPUB_OUT") {
            std::fs::write(out, &bytes).expect("write PAIBAN_EPUB_OUT");
        }
        let entries = unzip(&bytes);
        (bytes, entries)
    })
}

#[test]
fn mimetype_is_first_and_stored_and_entries_share_one_timestamp() {
    let (bytes, entries) = book();
    let (name, stored, data) = &entries[0];
    assert_eq!(name, "mimetype");
    assert!(*stored, "mimetype must be stored, not deflated");
    assert_eq!(data, b"application/epub+zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())).expect("zip");
    let times: Vec<_> = (0..archive.len())
        .map(|i| archive.by_index(i).expect("entry").last_modified())
        .collect();
    assert!(times.windows(2).all(|w| w[0] == w[1]), "{times:?}");
    assert!(!entries.iter().any(|(n, ..)| n == "META-INF/encryption.xml"));
}

#[test]
fn the_cover_is_a_1600_by_2560_png_with_the_masthead_and_date_drawn_large() {
    let (_, entries) = book();
    let (_, stored, png) = entries
        .iter()
        .find(|(n, ..)| n == "OEBPS/images/cover.png")
        .expect("cover image");
    assert!(*stored, "a PNG is not deflated again");
    // Decoded to RGB (the palette expanded).
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png.as_slice()));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0u8; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("the image");
    assert_eq!((info.width, info.height), (1600, 2560));
    assert_eq!(info.color_type, png::ColorType::Rgb);
    type Px = [u8; 3];
    let w = info.width as usize;
    let pixels: Vec<Px> = buf.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
    let rows = |range: std::ops::Range<usize>, pick: fn(&Px) -> bool| {
        let band = pixels
            .get(range.start * w..range.end * w)
            .unwrap_or_default();
        band.iter().filter(|p| pick(p)).count()
    };
    let red: fn(&Px) -> bool = |&[r, g, b]| r > 120 && g < 80 && b < 80;
    let ink: fn(&Px) -> bool = |&[r, g, b]| r < 60 && g < 60 && b < 60;
    // The masthead in red in the top fifth: far more than its rule (about 25,000 pixels).
    let masthead = rows(0..512, red);
    assert!(
        masthead > 150_000,
        "{masthead} red pixels: the masthead is not drawn large"
    );
    // The date in ink under it (from 560 px down; rules are under 20,000 pixels): large
    // enough to read in a 160 px thumbnail.
    let date = rows(560..860, ink);
    assert!(
        date > 60_000,
        "{date} dark pixels: the date is not drawn large"
    );
    // The lead headlines below.
    let headlines = rows(900..2300, ink);
    assert!(headlines > 60_000, "{headlines} dark pixels: no headlines");
    assert!(png.len() < 120_000, "cover is {} bytes", png.len());
}

#[test]
fn two_renders_are_byte_identical() {
    let (first, _) = book();
    let edition = common::edition();
    let fonts = FontSet::bundled().expect("bundled fonts");
    let prepared = EditionFonts::prepare(&fonts, &edition, &paiban_present::generated_text())
        .expect("coverage");
    let second = render(&edition, &prepared, &EpubOptions::default()).expect("render");
    assert!(*first == second, "two renders of the same edition differ");
}

#[test]
fn package_metadata_is_derived_from_the_edition() {
    let (_, entries) = book();
    let opf = entry(entries, "OEBPS/content.opf");
    assert!(opf.contains("<package version=\"3.0\""), "EPUB 3");
    assert!(opf.contains("xml:lang=\"zh-CN\""));
    assert!(opf.contains("<dc:language>zh-CN</dc:language>"));
    assert!(opf.contains("<dc:title>清河日报 2024年3月5日</dc:title>"));
    assert!(opf.contains("<dc:date>2024-03-05T00:00:00Z</dc:date>"));
    assert!(opf.contains("<dc:publisher>清河日报社</dc:publisher>"));
    assert!(opf.contains("<meta property=\"dcterms:modified\">2024-03-05T00:00:00Z</meta>"));
    // UUID v5 of the masthead and date: stable across runs and machines.
    assert!(
        opf.contains(">urn:uuid:") && opf.contains("-5"),
        "a urn:uuid v5 identifier: {opf}"
    );
    for p in [
        "schema:accessMode",
        "schema:accessModeSufficient",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
    ] {
        assert!(opf.contains(&format!("property=\"{p}\"")), "missing {p}");
    }
    assert!(opf.contains("properties=\"cover-image\""));
    // The guide names documents of the spine only: Calibre appends any other (the nav) to the
    // end of an AZW3.
    assert!(opf.contains("<reference type=\"toc\" title=\"目录\" href=\"contents.xhtml\"/>"));
    assert!(
        !opf.contains("href=\"nav.xhtml\"/>\n  </guide>")
            && !opf.contains("title=\"目录\" href=\"nav.xhtml\"")
    );
    // The series the issues group under, ordered by the issue number (第8123期).
    assert!(opf.contains(
        "<meta property=\"belongs-to-collection\" id=\"series\">清河日报</meta>\n    \
         <meta refines=\"#series\" property=\"collection-type\">series</meta>\n    \
         <meta refines=\"#series\" property=\"group-position\">8123</meta>"
    ));
    // The page-list's pages are those of the print edition.
    assert!(opf.contains("<dc:source>清河日报 2024年3月5日</dc:source>"));
    assert!(opf.contains(">pageNavigation</meta>"));
    // The NCX names the same identifier and is as deep as the nav (pages → articles).
    let id = opf
        .split("<dc:identifier id=\"epub-id-1\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("dc:identifier");
    let ncx = entry(entries, "OEBPS/toc.ncx");
    assert!(
        ncx.contains(&format!("<meta name=\"dtb:uid\" content=\"{id}\"/>")),
        "{ncx}"
    );
    assert!(ncx.contains("<meta name=\"dtb:depth\" content=\"2\"/>"));
    assert!(ncx.contains("xml:lang=\"zh-CN\""));
    assert!(ncx.contains("<docTitle><text>清河日报 2024年3月5日</text></docTitle>"));
    assert!(opf.contains("media-type=\"font/ttf\""));
}

#[test]
fn modified_date_follows_source_date_epoch() {
    let fonts = EditionFonts {
        faces: Vec::new(),
        diagnostics: Vec::new(),
    };
    let opts = EpubOptions {
        modified: Some(1_700_000_000),
    };
    let bytes = render(&common::edition(), &fonts, &opts).expect("render");
    let opf = entry(&unzip(&bytes), "OEBPS/content.opf");
    assert!(opf.contains("<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>"));
}

#[test]
fn spine_is_cover_contents_then_articles_page_by_page() {
    let (_, entries) = book();
    let opf = entry(entries, "OEBPS/content.opf");
    assert_eq!(
        spine(&opf),
        [
            "cover.xhtml",
            "contents.xhtml",
            "p01-01.xhtml",
            "p01-02.xhtml",
            "p01-03.xhtml",
            "p02-01.xhtml",
            "p02-02.xhtml"
        ]
    );
}

#[test]
fn nav_groups_articles_by_page_in_reading_order() {
    let (_, entries) = book();
    let nav = entry(entries, "OEBPS/nav.xhtml");
    let mut r = Reader::from_str(&nav);
    let (mut links, mut depth, mut current) = (Vec::new(), 0, None::<(usize, String)>);
    loop {
        match r.read_event().expect("nav XML") {
            // The contents only: the page-list and landmarks follow it.
            Event::Start(e)
                if matches!(
                    attr(&e, "epub:type").as_deref(),
                    Some("page-list" | "landmarks")
                ) =>
            {
                break;
            }
            Event::Start(e) if e.name().as_ref() == "ol" => depth += 1,
            Event::End(e) if e.name().as_ref() == "ol" => depth -= 1,
            Event::Start(e) if e.name().as_ref() == "a" => {
                current = Some((depth, attr(&e, "href").expect("href")));
            }
            Event::Text(t) => {
                if let Some((d, href)) = current.take() {
                    links.push((d, href, t.xml10_content().into_owned()));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let expected = [
        (1, "p01-01.xhtml", "第1版 要闻"),
        (2, "p01-01.xhtml#story", "清河两岸麦苗返青 农技员下田忙指导"),
        (2, "p01-02.xhtml#story", "县图书馆延长开放时间"),
        (2, "p01-03.xhtml#story", "清河大桥夕照。"),
        (1, "p02-01.xhtml", "第2版 综合"),
        (2, "p02-01.xhtml#story", "清河两岸麦苗返青"),
        (2, "p02-02.xhtml#story", "5G基站覆盖全部乡镇"),
    ];
    let got: Vec<(usize, &str, &str)> = links
        .iter()
        .map(|(d, h, t)| (*d, h.as_str(), t.as_str()))
        .collect();
    assert_eq!(got, expected);
    assert!(nav.contains("epub:type=\"landmarks\""));
    // The page-list: where each page (版) with articles starts, by its number.
    let list = nav
        .split("epub:type=\"page-list\"")
        .nth(1)
        .and_then(|s| s.split("</nav>").next())
        .expect("a page-list nav");
    assert!(
        list.contains("<li><a href=\"p01-01.xhtml\">1</a></li>\n<li><a href=\"p02-01.xhtml\">2</a></li>\n</ol>"),
        "{list}"
    );
    let ncx = entry(entries, "OEBPS/toc.ncx");
    assert!(
        ncx.contains("<text>第2版 综合</text>") && ncx.contains("<text>5G基站覆盖全部乡镇</text>")
    );
}

#[test]
fn no_spine_document_has_an_h1_or_h2() {
    // Calibre (ebook-convert, how Kindle users convert) forces a page break before every h1
    // and h2 by default: the head would be left alone on a page, every subhead start one.
    let (_, entries) = book();
    let opf = entry(entries, "OEBPS/content.opf");
    for href in spine(&opf) {
        let xml = entry(entries, &format!("OEBPS/{href}"));
        let headings: Vec<String> = elements(&xml)
            .into_iter()
            .map(|(n, _)| n)
            .filter(|n| n == "h1" || n == "h2")
            .collect();
        assert!(headings.is_empty(), "{href}: {headings:?}");
        // A headline is still a heading to assistive technology.
        if xml.contains("class=\"headline\"") {
            assert!(
                xml.contains("class=\"headline\" role=\"heading\" aria-level=\"1\""),
                "{href}"
            );
        }
    }
}

#[test]
fn every_document_is_zh_cn() {
    let (_, entries) = book();
    let docs: Vec<_> = entries
        .iter()
        .filter(|(n, ..)| n.ends_with(".xhtml"))
        .collect();
    assert!(docs.len() >= 8, "cover, contents, nav and five articles");
    for (name, _, data) in docs {
        let xml = String::from_utf8_lossy(data);
        let html = elements(&xml)
            .into_iter()
            .find(|(n, _)| n == "html")
            .expect("html");
        assert_eq!(
            html.1.get("xml:lang").map(String::as_str),
            Some("zh-CN"),
            "{name}"
        );
        assert_eq!(
            html.1.get("lang").map(String::as_str),
            Some("zh-CN"),
            "{name}"
        );
    }
}

#[test]
fn every_character_is_in_an_embedded_font_of_its_role() {
    let (_, entries) = book();
    let checked = common::check_font_coverage(entries);
    assert!(checked > 300, "checked {checked} characters");
}

/// The parts other formats read are the EPUB's files: the same documents, stylesheet, fonts
/// and images, byte for byte, whether asked for alone or with the book.
#[test]
fn parts_are_the_books_files() {
    let edition = common::edition();
    let fonts = FontSet::bundled().expect("bundled fonts");
    let prepared = EditionFonts::prepare(&fonts, &edition, &paiban_present::generated_text())
        .expect("coverage");
    let opts = EpubOptions::default();
    let (bytes, parts) =
        paiban_epub::render_with_parts(&edition, &prepared, &opts).expect("render");
    assert!(
        bytes == book().0,
        "the book differs when its parts are kept"
    );
    let alone = paiban_epub::parts(&edition, &prepared, &opts).expect("parts");
    let entries = &book().1;
    for (a, b) in parts.files.iter().zip(&alone.files) {
        assert_eq!(
            (&a.href, a.spine, a.cover_image),
            (&b.href, b.spine, b.cover_image)
        );
        assert!(a.data == b.data, "{} differs", a.href);
        let (_, _, data) = entries
            .iter()
            .find(|(n, _, _)| *n == format!("OEBPS/{}", a.href))
            .expect("in the book");
        assert!(*data == a.data, "{}", a.href);
    }
    assert_eq!(parts.files.len(), alone.files.len());
    assert_eq!(parts.toc, alone.toc);
    let spine_files: Vec<_> = parts
        .files
        .iter()
        .filter(|f| f.spine)
        .map(|f| f.href.clone())
        .collect();
    assert_eq!(spine_files, spine(&entry(entries, "OEBPS/content.opf")));
    assert_eq!(parts.lang, "zh-CN");
    assert!(parts.uid.starts_with("urn:uuid:"));
    // The contents: the contents page, then pages with their articles.
    assert_eq!(parts.toc[0].label, paiban_present::CONTENTS);
    assert!(parts.toc[1..].iter().all(|p| !p.children.is_empty()));
}
