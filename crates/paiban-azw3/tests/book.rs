//! The AZW3 of the sample edition read back with the tests' own KF8 reader: the documents
//! rebuilt from skeletons and fragments hold the EPUB's text, every link lands on its target,
//! the contents is 版 → articles, the fonts and cover come back, the metadata is there, and
//! the same input gives the same bytes.

mod common;

use common::{Book, be32, body_text};
use flate2::read::ZlibDecoder;
use paiban_epub::{Parts, TocEntry};
use std::io::Read;

fn spine_texts(parts: &Parts) -> Vec<String> {
    parts
        .files
        .iter()
        .filter(|f| f.spine)
        .map(|f| body_text(&f.data))
        .collect()
}

/// The book's checks, shared with the real page's test.
pub fn check(parts: &Parts, file: &[u8]) {
    let book = Book::parse(file);
    let (docs, fragments) = book.documents();

    // The text: each document's body text as in the EPUB.
    assert_eq!(
        docs.iter().map(|d| body_text(d)).collect::<Vec<_>>(),
        spine_texts(parts)
    );
    for d in &docs {
        let s = String::from_utf8(d.clone()).expect("documents are UTF-8");
        assert!(s.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""), "{s}");
        assert!(s.trim_end().ends_with("</html>"));
    }

    // Links: each kindle:pos lands on the start of a tag with an aid, an id'd one when the
    // EPUB's link named an id.
    let all: Vec<u8> = docs.concat();
    let text = String::from_utf8(all.clone()).expect("utf-8");
    let mut links = 0;
    for (at, _) in text.match_indices("kindle:pos:fid:") {
        let fid = usize::from_str_radix(&text[at + 15..at + 19], 32).expect("fid");
        let off = usize::from_str_radix(&text[at + 24..at + 34], 32).expect("off");
        let (insert, _) = fragments[fid];
        let pos = insert + off;
        assert_eq!(
            all[pos],
            b'<',
            "link {} lands on {:?}",
            &text[at..at + 34],
            &text[pos..pos + 20]
        );
        let tag_end = text[pos..].find('>').expect("tag end") + pos;
        assert!(
            text[pos..tag_end].contains(" aid=\""),
            "{}",
            &text[pos..tag_end]
        );
        links += 1;
    }
    let epub_links: usize = parts
        .files
        .iter()
        .filter(|f| f.spine)
        .map(|f| String::from_utf8_lossy(&f.data).matches(".xhtml").count())
        .sum();
    assert!(links > 0 && links <= epub_links, "{links} links");
    assert!(
        !text.contains("kindle:pos:fid:0000:off:000000000"),
        "a placeholder was left"
    );

    // The stylesheet is the second flow; its fonts are FONT records that give the faces back.
    let flows = book.flows();
    assert_eq!(flows.len(), 2);
    let css = String::from_utf8(flows[1].clone()).expect("utf-8");
    assert!(text.contains("kindle:flow:0001?mime=text/css"));
    let resources = book.resources();
    let fonts: Vec<_> = parts
        .files
        .iter()
        .filter(|f| f.media_type.starts_with("font/"))
        .collect();
    assert!(!fonts.is_empty());
    let mut found = 0;
    for (at, _) in css.match_indices("kindle:embed:") {
        let n = usize::from_str_radix(&css[at + 13..at + 17], 32).expect("number");
        let rec = resources[n - 1];
        assert_eq!(&rec[..4], b"FONT");
        let size = be32(rec, 4) as usize;
        let start = be32(rec, 12) as usize;
        let mut face = Vec::new();
        ZlibDecoder::new(&rec[start..])
            .read_to_end(&mut face)
            .expect("zlib");
        assert_eq!(face.len(), size);
        assert!(
            fonts.iter().any(|f| f.data == face),
            "font {n} is not one of the book's"
        );
        found += 1;
    }
    assert_eq!(found, fonts.len(), "every font is embedded and used");
    assert_eq!(be32(book.r0(), 128) & 0x40, 0x40, "EXTH flag");
    assert_eq!(be32(book.r0(), 128) & 0x1000, 0x1000, "fonts flag");

    // Images: kindle:embed with their type; the cover is the EXTH cover.
    let cover = book.exth_u32(201).expect("cover offset") as usize;
    let cover_file = parts.files.iter().find(|f| f.cover_image).expect("cover");
    assert_eq!(resources[cover], cover_file.data.as_slice());
    assert!(text.contains("?mime=image/png"));

    // Metadata.
    assert_eq!(book.exth_str(503).as_deref(), Some(parts.title.as_str()));
    assert_eq!(book.exth_str(524).as_deref(), Some("zh"));
    assert_eq!(book.exth_str(100).as_deref(), Some(parts.creator.as_str()));
    assert_eq!(book.exth_str(101), parts.publisher.clone());
    assert_eq!(
        book.exth_str(106).map(|d| d[..10].to_string()),
        parts.date.clone()
    );
    assert_eq!(book.exth_str(525).as_deref(), Some("horizontal-lr"));
    assert_eq!(book.exth_str(527).as_deref(), Some("ltr"));
    assert_eq!(be32(book.r0(), 36), 8, "file version 8");
    let start = book.exth_u32(116).expect("start reading") as usize;
    assert!(
        all[start..].starts_with(b"<body"),
        "reading starts at the first article"
    );

    // The contents: entries at depth 0 (contents page, pages) with the articles under them.
    let r0 = book.r0();
    let (ncx, strings) = book.index(be32(r0, 244) as usize);
    let label = |e: &common::IndexEntry| {
        let off = e.tag(3).expect("label")[0];
        strings
            .iter()
            .find(|(o, _)| *o == off)
            .expect("string")
            .1
            .clone()
    };
    let mut rebuilt: Vec<TocEntry> = Vec::new();
    for e in ncx.iter().filter(|e| e.tag(4) == Some(&[0])) {
        let children = match (e.tag(22), e.tag(23)) {
            (Some(f), Some(l)) => (f[0]..=l[0])
                .map(|i| {
                    let c = &ncx[i as usize];
                    assert_eq!(c.tag(4), Some(&[1][..]));
                    assert_eq!(c.tag(21).map(|p| &ncx[p[0] as usize].name), Some(&e.name));
                    TocEntry {
                        label: label(c),
                        target: String::new(),
                        children: Vec::new(),
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        rebuilt.push(TocEntry {
            label: label(e),
            target: String::new(),
            children,
        });
    }
    fn strip(t: &[TocEntry]) -> Vec<TocEntry> {
        t.iter()
            .map(|e| TocEntry {
                label: e.label.clone(),
                target: String::new(),
                children: strip(&e.children),
            })
            .collect()
    }
    assert_eq!(rebuilt, strip(&parts.toc));
    assert!(parts.toc.iter().filter(|e| !e.children.is_empty()).count() >= 1);
    for e in &ncx {
        let off = e.tag(1).expect("offset")[0] as usize;
        assert_eq!(
            all[off],
            b'<',
            "contents entry {} lands inside a tag",
            label(e)
        );
        let pf = e.tag(6).expect("pos_fid");
        assert_eq!(
            fragments[pf[0] as usize].0 + pf[1] as usize,
            off.max(fragments[pf[0] as usize].0)
        );
    }

    // The guide names the cover, the contents and the text.
    let (guide, _) = book.index(be32(r0, 260) as usize);
    let kinds: Vec<_> = guide
        .iter()
        .map(|g| String::from_utf8_lossy(&g.name).into_owned())
        .collect();
    assert_eq!(kinds, ["cover", "text", "toc"]);
}

#[test]
fn the_sample_reads_back_whole() {
    let parts = common::sample_parts();
    let file = paiban_azw3::render(&parts).expect("render");
    check(&parts, &file);
    assert!(file.len() < 1_500_000, "{} bytes", file.len());
}

#[test]
fn same_input_same_bytes() {
    let parts = common::sample_parts();
    let a = paiban_azw3::render(&parts).expect("render");
    let b = paiban_azw3::render(&common::sample_parts()).expect("render");
    assert!(a == b, "two renders differ");
}

#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md"]
fn the_real_page_reads_back_whole_and_small() {
    let parts = common::real_parts();
    let file = paiban_azw3::render(&parts).expect("render");
    check(&parts, &file);
    assert!(file.len() < 1_500_000, "{} bytes", file.len());
    assert!(
        file == paiban_azw3::render(&parts).expect("render"),
        "two renders differ"
    );
}

/// Parts no paiban edition makes: no files at all, a document that is not XML, a link to a
/// missing id, a stylesheet naming a missing font. Errors or books, never panics.
#[test]
fn odd_parts_give_errors_or_books_not_panics() {
    let mut parts = common::sample_parts();
    parts.files.clear();
    parts.toc.clear();
    parts.guide.clear();
    let file = paiban_azw3::render(&parts).expect("an empty book");
    assert_eq!(file.get(60..68), Some(&b"BOOKMOBI"[..]));

    let mut parts = common::sample_parts();
    let doc = parts
        .files
        .iter_mut()
        .find(|f| f.spine)
        .expect("a document");
    doc.data = b"<html><body><p>unclosed</body></html>".to_vec();
    let href = doc.href.clone();
    let err = paiban_azw3::render(&parts).expect_err("not XML");
    assert!(err.to_string().contains(&href), "{err}");

    let mut parts = common::sample_parts();
    for f in parts.files.iter_mut().filter(|f| f.spine) {
        let s = String::from_utf8(f.data.clone()).expect("utf-8");
        f.data = s
            .replace("#story", "#nowhere")
            .replace("fonts/", "gone/")
            .into_bytes();
    }
    for e in &mut parts.toc {
        e.target = "missing.xhtml#x".into();
    }
    let file = paiban_azw3::render(&parts).expect("a book");
    check_links_land(&file);
}

fn check_links_land(file: &[u8]) {
    let book = Book::parse(file);
    let (docs, fragments) = book.documents();
    let all = docs.concat();
    let text = String::from_utf8_lossy(&all);
    for (at, _) in text.match_indices("kindle:pos:fid:") {
        let fid = usize::from_str_radix(&text[at + 15..at + 19], 32).expect("fid");
        let off = usize::from_str_radix(&text[at + 24..at + 34], 32).expect("off");
        assert_eq!(all[fragments[fid].0 + off], b'<');
    }
}
