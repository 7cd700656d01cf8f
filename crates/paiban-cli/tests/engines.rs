//! The reading-engine matrix (issue 13): the bundled sample and the real page, built by the
//! binary, read in Chromium, WebKitGTK, MuPDF and Calibre (AZW3) by `scripts/reader-matrix`,
//! which checks what a reader sees: the text equals the book's (numbers included), only the
//! embedded faces are used, no page holds only a running head or kicker, no blank page, and
//! the AZW3's contents list nothing stray.
//!
//! One test per engine, each ignored with the Debian package it needs (CI installs them and
//! runs ignored tests): a missing engine fails the script (exit 2), it never passes.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The books of the sample and of the real page, built once for all tests of this file.
fn books() -> &'static [PathBuf] {
    static BOOKS: OnceLock<(tempfile::TempDir, Vec<PathBuf>)> = OnceLock::new();
    let (_, books) = BOOKS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let sources = [
            root.join("samples/qinghe-daily"),
            paiban_testkit::real_page(),
        ];
        let out = Command::new(env!("CARGO_BIN_EXE_paiban"))
            .arg("build")
            .args(&sources)
            .args(["--format", "epub", "-o"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "build: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut books: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "epub"))
            .collect();
        books.sort();
        assert_eq!(books.len(), 2, "{books:?}");
        (dir, books)
    });
    books
}

/// Read both books in `engine`; fail with the script's table and findings unless all pass.
fn read_in(engine: &str) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/reader-matrix");
    let out = Command::new(script)
        .args(["--engines", engine])
        .args(books())
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{report}");
    assert!(out.status.success(), "{engine}:\n{report}");
    assert!(report.contains("reader-matrix: ok"), "{report}");
}

#[test]
#[ignore = "needs chromium (Debian chromium), poppler-utils, python3 fontTools, ../shared/editions"]
fn chromium_shows_the_books_as_written() {
    read_in("chromium");
}

#[test]
#[ignore = "needs WebKitGTK (Debian gir1.2-webkit2-4.1, python3-gi, xvfb), poppler-utils, ../shared/editions"]
fn webkit_shows_the_books_as_written() {
    read_in("webkit");
}

#[test]
#[ignore = "needs mutool (Debian mupdf-tools), poppler-utils, python3 fontTools, ../shared/editions"]
fn mupdf_shows_the_books_as_written() {
    read_in("mupdf");
}

#[test]
#[ignore = "needs calibre (Debian calibre: ebook-convert), python3 fontTools, ../shared/editions"]
fn calibre_azw3_keeps_heads_with_their_articles_and_a_clean_contents() {
    read_in("calibre");
}
