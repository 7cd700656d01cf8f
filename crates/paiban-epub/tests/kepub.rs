//! The kepub (`paiban_epub::render_kepub`): the EPUB with Kobo's spans and wrappers, and
//! nothing else changed. Checked on the test edition, and on the real page (ignored unless
//! `--include-ignored`); EPUBCheck through ../shared/tools/check-epub (ignored likewise).
//!
//! - every entry but the XHTML content documents is byte-identical to the EPUB's, in the
//!   same order;
//! - each content document, with the `koboSpan` spans and the `book-columns` / `book-inner`
//!   wrappers taken out, is the EPUB's document event for event (so its text is unchanged);
//! - each paragraph has one koboSpan per ICU sentence, numbered `kobo.P.1…n`;
//! - the cover image keeps its `cover-image` property; two renders are byte-identical.

mod common;

use icu_segmenter::SentenceSegmenter;
use icu_segmenter::options::SentenceBreakInvariantOptions;
use paiban_epub::{EpubOptions, render, render_kepub};
use paiban_fonts::{EditionFonts, FontSet};
use paiban_model::Edition;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::BTreeMap;

type Entries = Vec<(String, bool, Vec<u8>)>;

fn books(edition: &Edition) -> (Vec<u8>, Vec<u8>) {
    let fonts = FontSet::bundled().expect("bundled fonts");
    let prepared = EditionFonts::prepare(&fonts, edition, &paiban_present::generated_text())
        .expect("coverage");
    let opts = EpubOptions::default();
    let epub = render(edition, &prepared, &opts).expect("epub");
    let kepub = render_kepub(edition, &prepared, &opts).expect("kepub");
    let again = render_kepub(edition, &prepared, &opts).expect("kepub again");
    assert!(kepub == again, "two kepubs differ");
    (epub, kepub)
}

/// Raw entries (compressed bytes are compared through their contents and storage).
fn documents(entries: &Entries) -> Vec<String> {
    let opf = common::entry(entries, "OEBPS/content.opf");
    common::elements(&opf)
        .into_iter()
        .filter(|(n, a)| {
            n == "item"
                && a.get("media-type").map(String::as_str) == Some("application/xhtml+xml")
                && a.get("properties").is_none_or(|p| p != "nav")
        })
        .map(|(_, a)| format!("OEBPS/{}", a["href"]))
        .collect()
}

/// Whether a start tag is one the kepub adds.
fn added(e: &quick_xml::events::BytesStart<'_>) -> bool {
    let name = e.name().as_ref().to_string();
    let class = common::attr(e, "class");
    let id = common::attr(e, "id");
    (name == "span" && class.as_deref() == Some("koboSpan"))
        || (name == "div" && matches!(id.as_deref(), Some("book-columns" | "book-inner")))
}

/// The document as a list of events (start tags with their attributes, text with references
/// resolved), leaving out the elements the kepub adds when `strip`.
fn events(xml: &str, strip: bool) -> Vec<String> {
    let mut r = Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    let mut skip: Vec<bool> = Vec::new();
    let text = |out: &mut Vec<String>, t: String| match out.last_mut() {
        Some(last) if last.starts_with("T:") => last.push_str(&t),
        _ => out.push(format!("T:{t}")),
    };
    loop {
        match r.read_event().expect("well-formed") {
            Event::Eof => break,
            Event::Start(e) => {
                let s = strip && added(&e);
                skip.push(s);
                if !s {
                    out.push(format!("S:{}", &*e));
                }
            }
            Event::End(e) => {
                if !skip.pop().expect("balanced") {
                    out.push(format!("E:{}", e.name().as_ref()));
                }
            }
            Event::Empty(e) => out.push(format!("S:{}", &*e)),
            Event::Text(t) => text(&mut out, t.xml10_content().into_owned()),
            Event::GeneralRef(g) => {
                let t = match g.resolve_char_ref().expect("char ref") {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_xml_entity(&g)
                        .expect("entity")
                        .to_string(),
                };
                text(&mut out, t);
            }
            Event::Decl(_) | Event::DocType(_) => {}
            other => out.push(format!("O:{other:?}")),
        }
    }
    out
}

/// Per paragraph number P: the text of each span `kobo.P.S`, in order, and whether it holds
/// an image.
fn spans(xml: &str) -> BTreeMap<u32, Vec<(u32, String, bool)>> {
    let mut r = Reader::from_str(xml);
    let mut out: BTreeMap<u32, Vec<(u32, String, bool)>> = BTreeMap::new();
    // Open elements: for a koboSpan its (P, S).
    let mut stack: Vec<Option<(u32, u32)>> = Vec::new();
    let current = |stack: &[Option<(u32, u32)>]| stack.iter().rev().find_map(|s| *s);
    loop {
        match r.read_event().expect("well-formed") {
            Event::Eof => break,
            Event::Start(e) => {
                let id = common::attr(&e, "id").unwrap_or_default();
                let kobo = (common::attr(&e, "class").as_deref() == Some("koboSpan")).then(|| {
                    let mut parts = id.strip_prefix("kobo.").expect("kobo id").split('.');
                    let p = parts.next().and_then(|v| v.parse().ok()).expect("P");
                    let s = parts.next().and_then(|v| v.parse().ok()).expect("S");
                    (p, s)
                });
                assert!(
                    kobo.is_none() || current(&stack).is_none(),
                    "nested koboSpan {id}"
                );
                if let Some((p, s)) = kobo {
                    out.entry(p).or_default().push((s, String::new(), false));
                }
                stack.push(kobo);
            }
            Event::End(_) => {
                stack.pop();
            }
            Event::Empty(e) => {
                if e.name().as_ref() == "img"
                    && let Some((p, _)) = current(&stack)
                    && let Some(last) = out.get_mut(&p).and_then(|v| v.last_mut())
                {
                    last.2 = true;
                }
            }
            Event::Text(t) => {
                if let Some((p, _)) = current(&stack)
                    && let Some(last) = out.get_mut(&p).and_then(|v| v.last_mut())
                {
                    last.1.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) => {
                if let Some((p, _)) = current(&stack)
                    && let Some(last) = out.get_mut(&p).and_then(|v| v.last_mut())
                {
                    let c = match g.resolve_char_ref().expect("char ref") {
                        Some(c) => c.to_string(),
                        None => quick_xml::escape::resolve_xml_entity(&g)
                            .expect("entity")
                            .to_string(),
                    };
                    last.1.push_str(&c);
                }
            }
            _ => {}
        }
    }
    out
}

fn icu_sentences(text: &str) -> usize {
    SentenceSegmenter::new(SentenceBreakInvariantOptions::default())
        .segment_str(text)
        .count()
        .saturating_sub(1)
}

/// Every check of the module's header on one edition; returns (documents, spans).
fn check(edition: &Edition) -> (usize, usize) {
    let (epub, kepub) = books(edition);
    let (plain, kobo) = (common::unzip(&epub), common::unzip(&kepub));
    let names = |e: &Entries| e.iter().map(|(n, _, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&plain), names(&kobo), "entries or their order differ");
    let docs = documents(&plain);
    assert!(docs.len() >= 3, "content documents: {docs:?}");
    let mut total = 0;
    for ((name, stored, data), (_, kstored, kdata)) in plain.iter().zip(&kobo) {
        assert_eq!(stored, kstored, "{name}: storage changed");
        if !docs.contains(name) {
            assert!(data == kdata, "{name} changed");
            continue;
        }
        let (a, b) = (
            String::from_utf8(data.clone()).expect("utf-8"),
            String::from_utf8(kdata.clone()).expect("utf-8"),
        );
        assert_eq!(
            events(&a, false),
            events(&b, true),
            "{name}: more than spans changed"
        );
        assert!(
            b.contains("<div id=\"book-columns\"><div id=\"book-inner\">"),
            "{name}"
        );
        let paragraphs = spans(&b);
        assert!(!paragraphs.is_empty(), "{name}: no koboSpan");
        for (p, list) in &paragraphs {
            let numbers: Vec<u32> = list.iter().map(|(s, _, _)| *s).collect();
            let want: Vec<u32> = (1..=list.len() as u32).collect();
            assert_eq!(numbers, want, "{name}: kobo.{p}.* not numbered 1…n");
            let text: String = list.iter().map(|(_, t, _)| t.as_str()).collect();
            if text.trim().is_empty() {
                assert!(
                    list.iter().all(|(_, _, img)| *img),
                    "{name}: empty span in {p}"
                );
                continue;
            }
            assert_eq!(
                list.len(),
                icu_sentences(&text),
                "{name}: paragraph {p} has {} spans for the ICU sentences of {text:?}",
                list.len()
            );
            total += list.len();
        }
    }
    let opf = common::entry(&kobo, "OEBPS/content.opf");
    assert!(
        common::elements(&opf)
            .iter()
            .any(|(n, a)| n == "item"
                && a.get("properties").map(String::as_str) == Some("cover-image")),
        "no cover-image item"
    );
    (docs.len(), total)
}

#[test]
fn the_kepub_is_the_epub_with_a_span_per_sentence() {
    let (docs, spans) = check(&common::edition());
    assert!(spans > 20, "{docs} documents, {spans} sentence spans");
}

#[test]
fn a_kepub_made_again_is_unchanged() {
    let edition = common::edition();
    let (_, kepub) = books(&edition);
    let again = paiban_epub::kepub::kepubify(&kepub).expect("kepubify a kepub");
    assert!(again == kepub, "a kepub of a kepub differs");
    assert!(paiban_epub::kepub::kepubify(b"not a zip").is_err());
}

fn real_edition() -> Edition {
    let page = paiban_testkit::real_page();
    paiban_ingest::load(&page, &paiban_ingest::IngestOptions::default())
        .expect("ingest")
        .edition
}

#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md"]
fn the_real_page_kepub_has_a_span_per_sentence() {
    let (docs, spans) = check(&real_edition());
    assert!(spans > 100, "{docs} documents, {spans} sentence spans");
}

#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md and ../shared/tools/check-epub (EPUBCheck)"]
fn the_real_page_kepub_passes_epubcheck_without_warnings() {
    let (_, kepub) = books(&real_edition());
    let tool = paiban_testkit::shared("tools/check-epub");
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("real.kepub.epub");
    std::fs::write(&path, &kepub).expect("write kepub");
    let out = std::process::Command::new(tool)
        .arg(&path)
        .output()
        .expect("check-epub runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.lines().last() == Some("epub: ok"),
        "check-epub: {report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in report.lines() {
        if let Some(n) = line
            .strip_prefix("epubcheck_errors: ")
            .or_else(|| line.strip_prefix("epubcheck_warnings: "))
        {
            assert_eq!(n.trim(), "0", "{line}");
        }
    }
}
