//! paiban-bench — inputs for the criterion benchmarks in `benches/stages.rs`.
//!
//! Input: the editions to measure: the real OCR'd page beside the repository
//! (`../shared/editions/nmrb-2022-06-28.md`, used only when present; it is never copied into
//! the repository) and the bundled samples (`samples/`). Output: for each, its path and the
//! stage inputs the benchmarks need (the ingested edition, the loaded fonts, the subsets),
//! prepared once outside the timed loops.

#![forbid(unsafe_code)]

use paiban_fonts::{FontSet, Role};
use paiban_ingest::IngestOptions;
use paiban_model::Edition;
pub use paiban_prepare::Prepared;
use paiban_prepare::Preparer;
use std::path::{Path, PathBuf};

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The editions to measure, by a short name: the real page when present, then every
/// sample edition (a folder with `edition.toml`, or a page file) in `samples/`, sorted.
pub fn bench_editions() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let real = repo_root().join("../shared/editions/nmrb-2022-06-28.md");
    if real.is_file() {
        out.push(("real-page".to_string(), real));
    } else {
        eprintln!(
            "paiban-bench: {} is absent; measuring the samples only",
            real.display()
        );
    }
    let mut samples: Vec<PathBuf> = std::fs::read_dir(repo_root().join("samples"))
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    samples.sort();
    for p in samples {
        let is_edition = p.join("edition.toml").is_file()
            || p.extension().is_some_and(|e| e == "md" || e == "txt");
        if is_edition && let Some(name) = p.file_stem() {
            out.push((format!("sample-{}", name.to_string_lossy()), p));
        }
    }
    out
}

/// Text both exporters generate, per role (what `paiban build` passes to the fonts stage).
pub fn generated_text() -> Vec<(Role, &'static str)> {
    paiban_present::generated_text()
}

/// Read `path` and prepare its fonts as `paiban build` does; `None` (with the reason
/// printed) if a stage fails.
pub fn prepare(path: &Path, fonts: &FontSet) -> Option<Prepared> {
    let ingest = IngestOptions::default();
    match Preparer::new(&ingest, fonts).prepare(path, &mut Vec::new()) {
        Ok(p) => Some(p),
        Err(e) => {
            eprintln!("paiban-bench: skipping {}: {e}", path.display());
            None
        }
    }
}

/// The longest body paragraphs of `edition` (for the line-breaking benchmark).
pub fn long_paragraphs(edition: &Edition, n: usize) -> Vec<String> {
    let mut paras: Vec<String> = edition
        .articles()
        .flat_map(|(_, a)| a.blocks.iter())
        .filter(|b| b.kind == paiban_model::BlockKind::Paragraph)
        .map(|b| b.text.clone())
        .collect();
    paras.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
    paras.truncate(n);
    paras
}
