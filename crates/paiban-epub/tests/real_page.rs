//! End to end on the user's real OCR'd page (read from ../shared, never copied here): the
//! book stays under 1 MB with the subset fonts, every Han character of the repaired edition
//! reaches the book, every character is in a font of its role, and no paragraph repeats.
//! Ignored (with the reason) unless run with `--include-ignored`, as CI does.

mod common;

use paiban_epub::{EpubOptions, render};
use paiban_fonts::{EditionFonts, FontSet};
use paiban_ingest::IngestOptions;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::BTreeMap;

use paiban_ingest::chars::is_han;

#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md"]
fn the_real_page_makes_a_small_complete_book() {
    let page = paiban_testkit::real_page();
    let opts = IngestOptions {
        masthead: Some("内蒙古日报".into()),
        date: Some("2022-06-28".into()),
        page: Some(2),
    };
    let ingested = paiban_ingest::load(&page, &opts).expect("ingest");
    let edition = ingested.edition;
    let fonts = FontSet::bundled().expect("bundled fonts");
    let prepared = EditionFonts::prepare(&fonts, &edition, &paiban_present::generated_text())
        .expect("coverage");
    let book = render(&edition, &prepared, &EpubOptions::default()).expect("render");
    assert!(book.len() < 1_000_000, "the book is {} bytes", book.len());

    let entries = common::unzip(&book);
    assert!(common::check_font_coverage(&entries) > 5000);

    // Han characters of the edition's text, counted, all in the spine documents' bodies.
    let mut wanted: BTreeMap<char, usize> = BTreeMap::new();
    for item in edition.text_items() {
        for c in item.text.chars().filter(|c| is_han(*c)) {
            *wanted.entry(c).or_default() += 1;
        }
    }
    let opf = common::entry(&entries, "OEBPS/content.opf");
    let (mut got, mut paragraphs) = (BTreeMap::<char, usize>::new(), Vec::new());
    for href in common::spine(&opf) {
        let xml = common::entry(&entries, &format!("OEBPS/{href}"));
        let mut r = Reader::from_str(&xml);
        let (mut in_body, mut in_p, mut para) = (false, false, String::new());
        loop {
            match r.read_event().expect("XHTML") {
                Event::Start(e) if e.name().as_ref() == "body" => in_body = true,
                Event::Start(e) if e.name().as_ref() == "p" => in_p = true,
                Event::End(e) if e.name().as_ref() == "p" => {
                    in_p = false;
                    paragraphs.push(std::mem::take(&mut para));
                }
                Event::Text(t) if in_body => {
                    let text = t.xml10_content();
                    for c in text.chars().filter(|c| is_han(*c)) {
                        *got.entry(c).or_default() += 1;
                    }
                    if in_p {
                        para.push_str(&text);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    let lost: Vec<char> = wanted
        .iter()
        .filter(|(c, n)| got.get(c).copied().unwrap_or(0) < **n)
        .map(|(c, _)| *c)
        .collect();
    assert!(
        lost.is_empty(),
        "Han characters of the edition missing from the book: {lost:?}"
    );
    let long: Vec<&String> = paragraphs
        .iter()
        .filter(|p| p.chars().count() >= 20)
        .collect();
    for (i, p) in long.iter().enumerate() {
        assert!(!long[i + 1..].contains(p), "paragraph repeated: {p}");
    }
}
