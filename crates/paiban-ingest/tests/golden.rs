//! Golden snapshot of the bundled sample edition, in the `paiban inspect` JSON shape, and of
//! its diagnostics. Re-bless with `PAIBAN_BLESS=1 cargo test -p paiban-ingest --test golden`.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use paiban_ingest::{IngestOptions, load};
use std::path::Path;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples/qinghe-daily");
const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");

fn compare(name: &str, actual: &str) {
    let path = Path::new(GOLDEN).join(name);
    if std::env::var_os("PAIBAN_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} missing: run with PAIBAN_BLESS=1", path.display()));
    assert!(
        want == actual,
        "{} differs from the output; diff it, then re-bless with PAIBAN_BLESS=1:\n{actual}",
        path.display()
    );
}

#[test]
fn sample_edition_json() {
    let ing = load(Path::new(SAMPLE), &IngestOptions::default()).unwrap();
    let json = serde_json::to_string_pretty(&ing.edition).unwrap() + "\n";
    compare("qinghe-daily.json", &json);
    // The contract: every article has all keys, absent values are null.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    for s in v["sections"].as_array().unwrap() {
        for a in s["articles"].as_array().unwrap() {
            for k in [
                "headline",
                "kicker",
                "subtitle",
                "byline",
                "dateline",
                "continued_from",
                "continues_to",
                "blocks",
            ] {
                assert!(a.get(k).is_some(), "missing {k}");
            }
        }
    }
}

#[test]
fn sample_edition_diagnostics() {
    let ing = load(Path::new(SAMPLE), &IngestOptions::default()).unwrap();
    let text: String = ing
        .diagnostics
        .iter()
        .map(|d| {
            let file = d.span.file.rsplit('/').next().unwrap_or_default();
            format!(
                "{}[{}] {}:{} {} | {}\n",
                d.severity,
                d.code,
                file,
                d.span.line,
                d.message.replace(SAMPLE, "."),
                d.snippet
            )
        })
        .collect();
    compare("qinghe-daily.diagnostics.txt", &text);
    assert!(
        ing.diagnostics
            .iter()
            .all(|d| d.severity != paiban_model::Severity::Warning)
    );
}
