//! Golden tests at the XHTML boundary: a sample article (every head field, dateline run-in,
//! jump note, subhead, figure, escaped markup-like text), the nav and the contents page of the
//! test edition, as they come out of the book. Re-bless with `PAIBAN_BLESS=1 cargo test`.

mod common;

use paiban_epub::{EpubOptions, render};
use paiban_fonts::EditionFonts;
use std::path::Path;

/// Compare `actual` with `tests/golden/<name>`, or write it when blessing.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("PAIBAN_BLESS").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (bless with PAIBAN_BLESS=1)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from the golden file at line {}:\n  expected: {:?}\n  actual:   {:?}\n\
             (re-bless with PAIBAN_BLESS=1 if the change is intended)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn article_nav_and_contents_match_the_golden_files() {
    // The documents do not depend on the fonts (only the stylesheet and cover do).
    let fonts = EditionFonts {
        faces: Vec::new(),
        diagnostics: Vec::new(),
    };
    let book = render(&common::edition(), &fonts, &EpubOptions::default()).expect("render");
    let entries = common::unzip(&book);
    golden(
        "p01-01.xhtml",
        &common::entry(&entries, "OEBPS/p01-01.xhtml"),
    );
    golden(
        "p02-01.xhtml",
        &common::entry(&entries, "OEBPS/p02-01.xhtml"),
    );
    golden("nav.xhtml", &common::entry(&entries, "OEBPS/nav.xhtml"));
    golden(
        "contents.xhtml",
        &common::entry(&entries, "OEBPS/contents.xhtml"),
    );
}
