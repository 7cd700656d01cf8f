//! Odd and hostile editions: the exporter returns a book or a typed error naming the place,
//! never panics, and every document it writes is well-formed XML.

mod common;

use paiban_epub::{EpubError, EpubOptions, render};
use paiban_fonts::EditionFonts;
use paiban_model::{Article, Block, BlockKind, Edition, Section, Span};
use quick_xml::Reader;
use quick_xml::events::Event;

fn no_fonts() -> EditionFonts {
    EditionFonts {
        faces: Vec::new(),
        diagnostics: Vec::new(),
    }
}

fn well_formed(book: &[u8]) {
    for (name, _, data) in common::unzip(book) {
        if !(name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx")) {
            continue;
        }
        let text = String::from_utf8(data).expect("UTF-8");
        let mut r = Reader::from_str(&text);
        r.config_mut().check_end_names = true;
        loop {
            match r.read_event() {
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: not well-formed: {e}\n{text}"),
            }
        }
        assert!(!text.contains('\u{1}'), "{name}: control character written");
    }
}

#[test]
fn an_edition_of_odd_fields_renders_to_well_formed_documents() {
    let mut e = Edition::new("  ");
    e.language = String::new();
    // A date that is not ISO never reaches an edition: the typed date refuses it.
    e.date = paiban_model::Date::parse("28/06/2022");
    let odd = Article {
        headline: Some("<h1>\u{1}标题 & \"引号\"</h1>".into()),
        kicker: Some(String::new()),
        dateline: Some("本报讯（记者 某某）".into()),
        continued_from: Some(u32::MAX),
        continues_to: Some(0),
        blocks: vec![
            Block::new(BlockKind::Caption, "]]> <![CDATA[ x", Span::default()),
            Block::new(BlockKind::Image, "没有文件的图片", Span::default()),
            Block::new(BlockKind::Credit, "", Span::default()),
            Block::new(BlockKind::Subhead, "\u{FFFF}\u{0}", Span::default()),
        ],
        ..Article::default()
    };
    e.sections = vec![
        Section {
            number: u32::MAX,
            name: Some("</p>".into()),
            articles: vec![odd, Article::default()],
        },
        Section {
            number: u32::MAX,
            name: None,
            articles: vec![Article::default()],
        },
        Section {
            number: 0,
            name: None,
            articles: vec![],
        },
    ];
    let book = render(&e, &no_fonts(), &EpubOptions::default()).expect("render");
    well_formed(&book);
    // The kepub of it too, its text escaped as the EPUB's.
    let kepub = paiban_epub::kepub::kepubify(&book).expect("kepub");
    well_formed(&kepub);
    let k = common::entry(&common::unzip(&kepub), "OEBPS/p01-01.xhtml");
    assert!(k.contains("标题 &amp; &quot;引号&quot;&lt;/h1&gt;"), "{k}");
    let entries = common::unzip(&book);
    let first = common::entry(&entries, "OEBPS/p01-01.xhtml");
    assert!(
        first.contains("&lt;h1&gt;标题 &amp; &quot;引号&quot;&lt;/h1&gt;"),
        "{first}"
    );
    assert!(first.contains("<p><span class=\"dateline\">本报讯（记者 某某）</span></p>"));
    // Without a date, modified falls back to the epoch.
    let opf = common::entry(&entries, "OEBPS/content.opf");
    assert!(opf.contains("1970-01-01T00:00:00Z"), "{opf}");
    assert!(opf.contains("<dc:language>zh-CN</dc:language>"));
}

#[test]
fn an_empty_edition_still_makes_a_valid_skeleton() {
    let book = render(
        &Edition::new("清河日报"),
        &no_fonts(),
        &EpubOptions::default(),
    )
    .expect("render");
    well_formed(&book);
    well_formed(&paiban_epub::kepub::kepubify(&book).expect("kepub"));
}

#[test]
fn a_missing_image_is_an_error_naming_the_source_line() {
    let mut e = common::edition();
    let block = e.sections[0].articles[0]
        .blocks
        .iter_mut()
        .find(|b| b.kind == BlockKind::Image)
        .expect("image block");
    block.src = Some("missing.jpg".into());
    match render(&e, &no_fonts(), &EpubOptions::default()) {
        Err(err @ EpubError::ImageUnread { .. }) => {
            let msg = err.to_string();
            assert!(msg.starts_with("qinghe.md:16:"), "{msg}");
            assert!(msg.contains("missing.jpg"), "{msg}");
        }
        other => panic!("expected ImageUnread, got {other:?}"),
    }
}

#[test]
fn a_modification_time_out_of_range_is_an_error() {
    let opts = EpubOptions {
        modified: Some(i64::MAX),
    };
    let err = render(&common::edition(), &no_fonts(), &opts).expect_err("out of range");
    assert!(matches!(err, EpubError::Modified(_)), "{err}");
}
