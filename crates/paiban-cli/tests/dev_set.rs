//! Every page of the development set (`../shared/editions/dev/*.txt`: 人民日报 2019–2020
//! and 1946, 申報 1880, 晶報 1920–1939, three Red Guard tabloids) builds into both books
//! without `--allow-missing-glyphs`: the Traditional pages in the Traditional-form faces, the
//! extension ideographs of 申報 (𨵿 U+28D7F, 𤁋 U+2404B) in the last-resort face.
//!
//! Needs the shared folder and the faces paiban does not bundle (Noto Serif/Sans TC,
//! HanaMinA/B; see the README's Fonts section): ignored otherwise, run by CI with
//! `--include-ignored` after `.ci/run` installed them.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The dev-set pages, in name order.
fn dev_pages() -> Vec<PathBuf> {
    let dev = paiban_testkit::shared("editions/dev");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dev)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    pages.sort();
    assert!(
        pages.len() >= 18,
        "{} pages in {}",
        pages.len(),
        dev.display()
    );
    pages
}

/// Whether `data` holds `text` as UTF-16BE (how the `name` table spells family names).
fn has_utf16be(data: &[u8], text: &str) -> bool {
    let needle: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    data.windows(needle.len()).any(|w| w == needle)
}

/// The font files of an EPUB.
fn epub_fonts(epub: &Path) -> Vec<Vec<u8>> {
    let file = std::fs::File::open(epub).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| n.ends_with(".ttf"))
        .map(str::to_string)
        .collect();
    names
        .iter()
        .map(|n| {
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut zip.by_name(n).unwrap(), &mut data).unwrap();
            data
        })
        .collect()
}

#[test]
#[ignore = "needs ../shared/editions/dev and the Noto TC and HanaMin faces installed (README: Fonts)"]
fn every_dev_page_builds_both_books_without_allow_missing_glyphs() {
    let pages = dev_pages();
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .arg("build")
        .args(&pages)
        .arg("-o")
        .arg(out.path())
        .args(["--jobs", "2", "-q"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "paiban build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for page in &pages {
        let stem = page.file_stem().unwrap().to_string_lossy().into_owned();
        let book = |ext: &str| -> PathBuf {
            let found = std::fs::read_dir(out.path())
                .unwrap()
                .filter_map(Result::ok)
                .map(|e| e.path())
                .find(|p| {
                    p.extension().is_some_and(|e| e == ext)
                        && p.file_stem()
                            .is_some_and(|s| s.to_string_lossy().starts_with(&stem))
                });
            found.unwrap_or_else(|| panic!("no .{ext} book for {stem}"))
        };
        let (epub, pdf) = (book("epub"), book("pdf"));
        assert!(
            std::fs::metadata(&pdf).unwrap().len() > 1000,
            "{}",
            pdf.display()
        );
        let fonts = epub_fonts(&epub);
        let has = |family: &str| fonts.iter().any(|f| has_utf16be(f, family));
        // 晶報 and 申報 are Traditional: set in the Traditional-form faces.
        let traditional = stem.starts_with("jingbao") || stem.starts_with("shenbao");
        assert_eq!(has("Noto Serif TC"), traditional, "{stem}: Noto Serif TC");
        if !traditional {
            assert!(has("Noto Serif SC"), "{stem}: Noto Serif SC");
        }
        if stem.starts_with("shenbao") {
            assert!(
                has("HanaMinA") || has("HanaMinB"),
                "{stem}: 𨵿 from HanaMin"
            );
        }
    }
}
