//! End to end: lay out and render the fixture edition (and the real page from ../shared);
//! check the layout dump against its golden file, and the PDF with qpdf / pdftotext /
//! pdffonts. The tests that need the real page or those tools are `#[ignore]`d with the
//! reason; CI installs the tools and runs them (`-- --include-ignored`).

mod support;

use paiban_pdf::display::Item;
use paiban_pdf::{PdfOptions, layout, render, render_paged};
use std::path::PathBuf;
use std::process::Command;

fn write_tmp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write temp pdf");
    p
}

/// Golden layout dump of the first body page; `PAIBAN_BLESS=1` rewrites it.
#[test]
fn layout_dump_matches_golden() {
    let e = support::edition();
    let fonts = support::fonts(&e);
    let dl = layout(&e, &fonts, &PdfOptions::default()).expect("layout");
    let dump = dl.dump(1);
    let golden = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/golden/page2.txt"
    ));
    if std::env::var_os("PAIBAN_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(golden.parent().expect("dir")).expect("mkdir");
        std::fs::write(&golden, &dump).expect("bless");
    }
    // A missing golden file is a failure, never a silent re-bless.
    let want = std::fs::read_to_string(&golden)
        .unwrap_or_else(|e| panic!("{}: {e}; write it with PAIBAN_BLESS=1", golden.display()));
    assert_eq!(
        dump, want,
        "layout changed; re-bless with PAIBAN_BLESS=1 if intended"
    );
}

#[test]
fn nothing_crosses_the_margins_and_columns_hold() {
    let e = support::edition();
    let fonts = support::fonts(&e);
    let opts = PdfOptions::default();
    let dl = layout(&e, &fonts, &opts).expect("layout");
    let g = paiban_pdf::compose::geometry::Geometry::new(&opts);
    let right = g.left + g.text_width();
    for (pi, page) in dl.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Text(run, _) = item {
                let end = run
                    .glyphs
                    .last()
                    .map(|gl| run.x + gl.x + gl.advance)
                    .unwrap_or(run.x);
                assert!(
                    run.x >= g.left - 0.5,
                    "page {pi}: {} starts left of the margin",
                    run.text
                );
                // Hanging punctuation may take half an em.
                assert!(
                    end <= right + run.size * 0.5 + 0.5,
                    "page {pi}: {} overruns",
                    run.text
                );
                assert!(
                    run.y <= g.bottom() + g.line * 2.0,
                    "page {pi}: {} below the foot",
                    run.text
                );
            }
        }
    }
    // A4 sets two columns: some body text starts at the second column's left edge.
    let col2 = g.column_x(1);
    assert!(
        dl.pages
            .iter()
            .flat_map(|p| &p.items)
            .any(|i| matches!(i, Item::Text(r, _) if (r.x - col2).abs() < 0.5))
    );
    // Contents page first, then the body; outline: 目录 + one entry per page (版) with articles.
    assert_eq!(dl.pages[0].label, "目录");
    assert_eq!(dl.outline.len(), 3);
    assert_eq!(dl.outline[1].children.len(), 3);
}

#[test]
fn pdf_is_deterministic_tagged_and_archival() {
    let e = support::edition();
    let fonts = support::fonts(&e);
    let a = render(&e, &fonts, &PdfOptions::default()).expect("render");
    let b = render(&e, &fonts, &PdfOptions::default()).expect("render again");
    assert!(a == b, "two renders differ");
    let s = String::from_utf8_lossy(&a);
    for needle in [
        "/Lang",
        "/Outlines",
        "/StructTreeRoot",
        "/PageLabels",
        "pdfaid:part",
        "/Alt",
    ] {
        assert!(s.contains(needle), "PDF lacks {needle}");
    }
}

/// Written page by page (each page dropped once written, the body laid out twice), the
/// PDF is byte for byte the one written from the whole display list, in every geometry.
#[test]
fn a_pdf_written_page_by_page_is_the_same() {
    let e = support::edition();
    let fonts = support::fonts(&e);
    for flags in [
        (None, None, None),
        (Some("a5"), None, Some("3mm")),
        (Some("b5"), Some(2), None),
    ] {
        let opts = PdfOptions::from_flags(flags.0, flags.1, Some("basic"), flags.2).unwrap();
        let whole = render(&e, &fonts, &opts).expect("render");
        let paged = render_paged(&e, &fonts, &opts).expect("render page by page");
        assert!(whole == paged, "{flags:?}: the paged PDF differs");
        // And the pages are those of the display list, in order.
        let dl = layout(&e, &fonts, &opts).expect("layout");
        let mut pages = Vec::new();
        paiban_pdf::compose::compose_paged(&e, &fonts, &opts, &mut |p| {
            pages.push(p);
            Ok(())
        })
        .expect("compose page by page");
        assert!(pages == dl.pages, "{flags:?}: pages differ");
    }
}

/// The fixture's PDF passes `qpdf --check`; pdftotext extracts its text in reading order;
/// pdffonts lists every font as embedded, subset and with a ToUnicode map.
#[test]
#[ignore = "needs qpdf and poppler-utils (pdftotext, pdffonts)"]
fn pdf_passes_qpdf_and_poppler() {
    let e = support::edition();
    let fonts = support::fonts(&e);
    let a = render(&e, &fonts, &PdfOptions::default()).expect("render");
    let path = write_tmp("fixture.pdf", &a);
    let q = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf is installed");
    assert!(
        q.status.success(),
        "qpdf: {}",
        String::from_utf8_lossy(&q.stdout)
    );
    let t = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    let text: String = String::from_utf8_lossy(&t.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for must in [
        "清河步道串起百姓幸福路",
        "本报11月25日讯（记者林小河）",
        "（下转第2版）",
        "（上接第1版）",
        "居民参与：人人都是护河员",
        "第1版要闻",
    ] {
        assert!(text.contains(must), "pdftotext lacks {must}");
    }
    let f = Command::new("pdffonts")
        .arg(&path)
        .output()
        .expect("pdffonts is installed");
    let table = String::from_utf8_lossy(&f.stdout);
    let rows: Vec<&str> = table.lines().skip(2).collect();
    assert!(!rows.is_empty(), "pdffonts lists no font: {table}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(
            n >= 7 && cols[n - 5] == "yes" && cols[n - 4] == "yes" && cols[n - 3] == "yes",
            "font not embedded/subset/ToUnicode: {row}"
        );
    }
}

#[test]
fn a5_one_column_with_bleed_renders() {
    let e = support::edition();
    let fonts = support::fonts(&e);
    let opts = PdfOptions::from_flags(Some("a5"), None, Some("strict"), Some("3mm")).expect("opts");
    let pdf = render(&e, &fonts, &opts).expect("render a5");
    let s = String::from_utf8_lossy(&pdf);
    assert!(s.contains("/TrimBox") && s.contains("/BleedBox"));
}

#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md"]
fn real_page_renders_under_600_kb() {
    let path = paiban_testkit::real_page();
    let ingested = paiban_ingest::load(&path, &Default::default()).expect("the real page reads");
    let fonts = support::fonts(&ingested.edition);
    let pdf = render(&ingested.edition, &fonts, &PdfOptions::default()).expect("render real page");
    assert!(
        pdf.len() < 600 * 1024,
        "real page PDF is {} bytes",
        pdf.len()
    );
}

/// PDF/UA-1 (ISO 14289-1, 7.1 and the PDF 1.7 structure types): a TOC holds only TOCI (and
/// TOC or Caption); the contents page's masthead, date line and title sit beside it.
#[test]
fn contents_structure_meets_pdf_ua() {
    use paiban_pdf::display::StructKind;
    let e = support::edition();
    let fonts = support::fonts(&e);
    let dl = layout(&e, &fonts, &PdfOptions::default()).expect("layout");
    let tocs: Vec<usize> = (0..dl.structure.len())
        .filter(|&i| dl.structure[i].kind == StructKind::Toc)
        .collect();
    assert_eq!(tocs.len(), 1, "one contents TOC");
    let kids: Vec<&StructKind> = dl
        .structure
        .iter()
        .filter(|n| n.parent == Some(tocs[0]))
        .map(|n| &n.kind)
        .collect();
    assert!(!kids.is_empty());
    assert!(
        kids.iter().all(|k| matches!(k, StructKind::TocItem)),
        "TOC children: {kids:?}"
    );
}
