//! Masthead, date and page numbers for sources without a manifest: read from the page's text
//! (a note) or guessed from file and folder names (a warning); a folder per day is one edition.
//! Fictional pages only; the dev set is read from ../shared/editions by an ignored test.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use paiban_ingest::{IngestOptions, Ingested, load};
use paiban_model::Severity;
use std::path::Path;

fn write(p: &Path, text: &str) {
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(p, text).unwrap();
}

/// A fresh scratch folder, removed when dropped.
fn tempdir(name: &str) -> paiban_testkit::Scratch {
    paiban_testkit::scratch(&format!("meta-{name}"))
}

fn meta_diags(i: &Ingested) -> Vec<(Severity, String)> {
    i.diagnostics
        .iter()
        .filter(|d| d.code == "metadata")
        .map(|d| (d.severity, d.message.clone()))
        .collect()
}

const BODY: &str = "新桥今日通车\n\n　　今天上午，清河新桥正式通车，市民步行过桥。\n";

#[test]
fn running_head_in_the_text_is_a_note() {
    let t = tempdir("head");
    let p = t.path().join("scan-0042.txt");
    write(
        &p,
        &format!("清河日报　2026年3月18日　星期三　第4版\n\n{BODY}"),
    );
    let i = load(&p, &IngestOptions::default()).unwrap();
    assert_eq!(i.edition.masthead, "清河日报");
    assert_eq!(
        i.edition.date.map(|d| d.to_string()).as_deref(),
        Some("2026-03-18")
    );
    assert_eq!(i.edition.sections[0].number, 4);
    let d = meta_diags(&i);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, Severity::Note);
    assert!(d[0].1.contains("masthead 清河日报"), "{d:?}");
}

#[test]
fn a_guess_from_the_file_name_is_a_warning() {
    let t = tempdir("guess");
    let p = t.path().join("qhrb_2026-03-18_p03.md");
    write(&p, BODY);
    let i = load(&p, &IngestOptions::default()).unwrap();
    assert_eq!(i.edition.masthead, "qhrb");
    assert_eq!(
        i.edition.date.map(|d| d.to_string()).as_deref(),
        Some("2026-03-18")
    );
    assert_eq!(i.edition.sections[0].number, 3);
    let d = meta_diags(&i);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, Severity::Warning);
    assert!(d[0].1.contains("file's name"), "{d:?}");
    // Options win and silence the guess.
    let opts = IngestOptions {
        masthead: Some("清河日报".into()),
        date: Some("2026-03-19".into()),
        page: Some(2),
    };
    let i = load(&p, &opts).unwrap();
    assert_eq!(i.edition.masthead, "清河日报");
    assert_eq!(
        i.edition.date.map(|d| d.to_string()).as_deref(),
        Some("2026-03-19")
    );
    assert_eq!(i.edition.sections[0].number, 2);
    assert!(meta_diags(&i).is_empty(), "{:?}", meta_diags(&i));
}

#[test]
fn a_folder_per_day_is_one_edition() {
    let t = tempdir("day");
    let day = t.path().join("qinghe/2026-03-18");
    write(&day.join("p10.txt"), &format!("第10版\n\n{BODY}"));
    write(&day.join("p2.txt"), &format!("第2版\n\n{BODY}"));
    write(&day.join("p1.txt"), &format!("第1版\n\n{BODY}"));
    let i = load(&day, &IngestOptions::default()).unwrap();
    let numbers: Vec<u32> = i.edition.sections.iter().map(|s| s.number).collect();
    assert_eq!(numbers, [1, 2, 10]);
    assert_eq!(
        i.edition.date.map(|d| d.to_string()).as_deref(),
        Some("2026-03-18")
    );
    // The folder is named by its date only: the paper's name comes from its parent.
    assert_eq!(i.edition.masthead, "qinghe");
    let d = meta_diags(&i);
    assert!(
        d.iter()
            .any(|(s, m)| *s == Severity::Warning && m.contains("masthead qinghe")),
        "{d:?}"
    );
    assert!(
        d.iter()
            .any(|(s, m)| *s == Severity::Note && m.contains("page 1, 2, 10")),
        "{d:?}"
    );
    // Pages without numbers anywhere are numbered in name order.
    let plain = t.path().join("2026-03-19");
    write(&plain.join("b.md"), BODY);
    write(&plain.join("a.md"), BODY);
    let i = load(&plain, &IngestOptions::default()).unwrap();
    let files: Vec<u32> = i.edition.sections.iter().map(|s| s.number).collect();
    assert_eq!(files, [1, 2]);
}

#[test]
fn names_above_and_disagreeing_dates() {
    let t = tempdir("above");
    // A page file named by its date alone: the folder above names the paper.
    let p = t.path().join("hupan/2026-03-18.md");
    write(&p, BODY);
    let i = load(&p, &IngestOptions::default()).unwrap();
    assert_eq!(i.edition.masthead, "hupan");
    assert_eq!(
        i.edition.date.map(|d| d.to_string()).as_deref(),
        Some("2026-03-18")
    );
    // The page's own date wins over its name's, with a warning naming both.
    let p = t.path().join("hupan-2026-03-17.md");
    write(&p, &format!("2026年3月18日　星期三\n\n{BODY}"));
    let i = load(&p, &IngestOptions::default()).unwrap();
    assert_eq!(
        i.edition.date.map(|d| d.to_string()).as_deref(),
        Some("2026-03-18")
    );
    let d = meta_diags(&i);
    assert!(
        d.iter().any(|(s, m)| *s == Severity::Warning
            && m.contains("2026-03-18")
            && m.contains("2026-03-17")),
        "{d:?}"
    );
}

proptest::proptest! {
    /// Any text and any name: no panic, and whatever is read is well formed.
    #[test]
    fn any_text_or_name_reads_cleanly(
        text in "[清河日报晶報第版年月日星期三民國中華二十八廿五四〇0-9０-９\\- 　\n#*()（）。，]{0,80}",
        name in "[a-z0-9_\\-.pP年月日第版报]{0,30}",
    ) {
        let t = paiban_ingest::meta::text::from_text(&text);
        let n = paiban_ingest::meta::names::from_name(&name);
        for d in [t.found.date, n.date].into_iter().flatten() {
            proptest::prop_assert_eq!(d.len(), 10);
        }
        for m in [t.found.masthead, n.masthead].into_iter().flatten() {
            proptest::prop_assert!(!m.is_empty());
        }
    }
}

/// The dev set's readings, printed as a table (file → masthead, date, page, sources).
#[test]
#[ignore = "needs ../shared/editions"]
fn dev_set_readings() {
    let dev = paiban_testkit::shared("editions/dev");
    let mut files: Vec<_> = std::fs::read_dir(&dev)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        let i = load(&f, &IngestOptions::default()).unwrap();
        let d: Vec<String> = meta_diags(&i)
            .into_iter()
            .map(|(s, m)| {
                format!(
                    "{s}: {}",
                    m.split(" read from")
                        .next()
                        .unwrap_or(&m)
                        .split(" guessed")
                        .next()
                        .unwrap_or(&m)
                )
            })
            .collect();
        println!(
            "{} | {} | {} | {} | {}",
            f.file_name().unwrap().to_string_lossy(),
            i.edition.masthead,
            i.edition
                .date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            i.edition.sections.first().map_or(0, |s| s.number),
            d.join(" ; ")
        );
    }
}
