//! Tesseract's plain text of a typeset fictional page (scripts/ocr-eval-pages/small.txt,
//! set in three columns by scripts/ocr-eval and read by `tesseract -l chi_sim`), kept as a
//! fixture so that no Tesseract is needed here: read as `.txt` and, the same bytes, as
//! `.md`, it gives the same edition, with its lines joined into paragraphs.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use paiban_ingest::{IngestOptions, load};
use paiban_model::{BlockKind, Edition};
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/ocr/small-tesseract.txt"
);

fn read_as(ext: &str) -> (Edition, Vec<paiban_model::Diagnostic>) {
    let dir = paiban_testkit::scratch("ocr-text");
    let p: PathBuf = dir.join(format!("page.{ext}"));
    std::fs::copy(Path::new(FIXTURE), &p).unwrap();
    let opts = IngestOptions {
        masthead: Some("清河日报".into()),
        ..IngestOptions::default()
    };
    let ing = load(&p, &opts).unwrap();
    (ing.edition, ing.diagnostics)
}

fn paragraphs(e: &Edition) -> Vec<String> {
    e.sections
        .iter()
        .flat_map(|s| &s.articles)
        .flat_map(|a| &a.blocks)
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.text.clone())
        .collect()
}

#[test]
fn tesseract_text_reads_as_paragraphs() {
    let (e, d) = read_as("txt");
    assert!(d.iter().any(|d| d.code == "wrapped"), "not seen as wrapped");
    let paras = paragraphs(&e);
    // Whole paragraphs, not visual lines: the truth's paragraphs start these blocks.
    for start in [
        "历时八个月，清河老街第一期改造工程日前完工。",
        "老街上的十七家老字号陆续重新开门迎客。",
        "按照计划，老街第二期改造将于今年下半年启动，重点建设一处社区文化中心和两个口袋公园。",
    ] {
        assert!(
            paras.iter().any(|p| p.starts_with(start)),
            "no paragraph starts with {start}: {paras:#?}"
        );
    }
    // The paragraph broken by a column end and the headline group OCR read in between.
    assert!(
        paras
            .iter()
            .any(|p| p.contains("技术人员还将分片包村，在春灌、追肥等关键环节进行现场指导。")),
        "{paras:#?}"
    );
    // Spaces OCR put between Han and digits are gone.
    assert!(
        paras.iter().any(|p| p.contains("3月12日一早")),
        "{paras:#?}"
    );
    assert!(
        !paras
            .iter()
            .any(|p| p.contains(" 元") || p.contains("约 35"))
    );
    // Headlines standing alone are headlines, and none is glued to a paragraph.
    let heads: Vec<&str> = e
        .sections
        .iter()
        .flat_map(|s| &s.articles)
        .filter_map(|a| a.headline.as_deref())
        .collect();
    assert!(heads.contains(&"春耕时节访田头"), "{heads:?}");
    assert!(!paras.iter().any(|p| p.contains("老街新颜")));
    // The subtitle's dash, read 一一, is a dash again.
    let subtitles: Vec<&str> = e
        .sections
        .iter()
        .flat_map(|s| &s.articles)
        .filter_map(|a| a.subtitle.as_deref())
        .collect();
    assert!(
        subtitles.contains(&"——无人机植保让农户省时省力"),
        "{subtitles:?}"
    );
    assert!(d.iter().any(|d| d.code == "ocr" && d.span.line == 31));
}

#[test]
fn the_same_bytes_as_markdown_read_the_same() {
    let (txt, _) = read_as("txt");
    let (md, _) = read_as("md");
    assert_eq!(
        serde_json::to_string(&txt.sections).unwrap(),
        serde_json::to_string(&md.sections).unwrap()
    );
}
