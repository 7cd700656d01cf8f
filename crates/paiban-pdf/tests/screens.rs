//! PDFs for screens (`--preset`, `--body-size`) and balanced headlines: the frame (one
//! column, 3–5 mm side margins, body type of 10.5 pt and more, no bleed), and no headline
//! line holding a single character, on the fixture edition and on the real page (ignored
//! unless `--include-ignored`); the real page's ereader-6 PDF through ../shared/tools/check-pdf.
//!
//! Set `PAIBAN_SCREEN_OUT=DIR` to keep the PDFs (to look at them: `pdftoppm -r 80 -png`).

mod support;

use paiban_model::{Article, Block, BlockKind, Edition, Section, Span};
use paiban_pdf::display::{DisplayList, Item, Mark, StructKind};
use paiban_pdf::{PRESETS, PT_PER_MM, PdfOptions, layout, render};
use std::collections::BTreeMap;

fn preset(name: &str) -> PdfOptions {
    PdfOptions::default()
        .with_screen(Some(name), None)
        .expect("a preset")
}

/// The lines of every headline (structure level 2): per node, the text of each line, top down.
fn headline_lines(dl: &DisplayList) -> Vec<Vec<String>> {
    let mut by_node: BTreeMap<(usize, usize), BTreeMap<i64, String>> = BTreeMap::new();
    for (pi, page) in dl.pages.iter().enumerate() {
        for item in &page.items {
            if let Item::Text(run, Mark::Content(n)) = item
                && matches!(dl.structure[*n].kind, StructKind::Heading(2, _))
            {
                let key = (run.y * 10.0).round() as i64;
                by_node
                    .entry((*n, pi))
                    .or_default()
                    .entry(key)
                    .or_default()
                    .push_str(&run.text);
            }
        }
    }
    by_node
        .into_values()
        .map(|lines| lines.into_values().collect())
        .collect()
}

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// The frame checks shared by the fixture and the real page; returns the body size.
fn check_screen(dl: &DisplayList, name: &str) -> f32 {
    let mut body_sizes: BTreeMap<i64, usize> = BTreeMap::new();
    for (pi, page) in dl.pages.iter().enumerate() {
        let width = page.width;
        assert_eq!(page.bleed, 0.0, "{name}: bleed");
        for item in &page.items {
            let Item::Text(run, _) = item else { continue };
            let end = run
                .glyphs
                .last()
                .map(|g| run.x + g.x + g.advance)
                .unwrap_or(run.x);
            let left = run.x / PT_PER_MM;
            let right = (width - end) / PT_PER_MM;
            assert!(
                left >= 2.9,
                "{name} page {pi}: {} {left:.1} mm from the left",
                run.text
            );
            // A closing mark may hang half an em into the margin.
            assert!(
                right >= 2.9 - run.size * 0.5 / PT_PER_MM,
                "{name} page {pi}: {} {right:.1} mm from the right",
                run.text
            );
            assert!(
                run.y <= page.height - 2.0 * PT_PER_MM,
                "{name} page {pi}: {} at the foot",
                run.text
            );
            *body_sizes
                .entry((run.size * 100.0).round() as i64)
                .or_default() += run.glyphs.len();
        }
        // The text block (its running head marks it) is no narrower than the screen less
        // 5 mm a side.
        let lefts = page.items.iter().filter_map(|i| match i {
            Item::Text(r, _) => Some(r.x),
            _ => None,
        });
        if let Some(min) = lefts.reduce(f32::min) {
            assert!(
                min / PT_PER_MM <= 5.0,
                "{name} page {pi}: left margin {:.1} mm",
                min / PT_PER_MM
            );
        }
    }
    // The body size is the one most glyphs are set in.
    let body = body_sizes
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(s, _)| *s as f32 / 100.0)
        .expect("text");
    assert!(body >= 10.5, "{name}: body {body} pt");
    for lines in headline_lines(dl) {
        for l in &lines {
            assert!(letters(l) > 1, "{name}: headline line {l:?} of {lines:?}");
        }
    }
    body
}

#[test]
fn every_preset_sets_one_column_of_large_type_between_narrow_margins() {
    let e = support::edition();
    let fonts = support::fonts(&e);
    for p in PRESETS {
        let opts = preset(p.name);
        let dl = layout(&e, &fonts, &opts).expect("layout");
        let body = check_screen(&dl, p.name);
        assert!((10.5..=12.5).contains(&body), "{}: {body}", p.name);
        let page = &dl.pages[0];
        assert!((page.width / PT_PER_MM - p.page.width / PT_PER_MM).abs() < 0.01);
        let pdf = render(&e, &fonts, &opts).expect("render");
        assert!(
            pdf == render(&e, &fonts, &opts).expect("again"),
            "{}: not deterministic",
            p.name
        );
        assert!(!String::from_utf8_lossy(&pdf).contains("/BleedBox"));
        if let Some(dir) = std::env::var_os("PAIBAN_SCREEN_OUT") {
            let path = std::path::Path::new(&dir).join(format!("fixture-{}.pdf", p.name));
            std::fs::write(path, &pdf).expect("write");
        }
    }
}

#[test]
fn body_size_applies_to_any_page() {
    let e = support::edition();
    let fonts = support::fonts(&e);
    let opts = PdfOptions::from_flags(Some("a5"), None, None, None)
        .and_then(|o| o.with_screen(None, Some("11.5")))
        .expect("options");
    let dl = layout(&e, &fonts, &opts).expect("layout");
    let sizes: Vec<f32> = dl
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(r, _) => Some(r.size),
            _ => None,
        })
        .collect();
    let at_body = sizes.iter().filter(|s| (**s - 11.5).abs() < 0.01).count();
    assert!(
        at_body * 2 > sizes.len(),
        "{at_body} of {} runs at 11.5 pt",
        sizes.len()
    );
}

/// An edition of headlines of every length from 8 to 40 characters (no punctuation).
fn headlines_edition() -> Edition {
    const HAN: &str = "清河两岸麦苗返青农技员下田忙指导全县今年推广节水灌溉三十万亩街道办事处在河边新修了一条步道";
    let chars: Vec<char> = HAN.chars().collect();
    let mut e = Edition::new("清河日报");
    e.date = paiban_model::Date::parse("2026-11-26");
    let articles = (8..=40)
        .map(|n| Article {
            headline: Some(chars.iter().cycle().skip(n).take(n).collect()),
            blocks: vec![Block::new(
                BlockKind::Paragraph,
                support::para(n, 2),
                Span::new("fixture.md", 1),
            )],
            ..Article::default()
        })
        .collect();
    e.sections = vec![Section {
        number: 1,
        name: Some("要闻".to_string()),
        articles,
    }];
    e
}

#[test]
fn headline_lines_are_balanced_on_every_page_size() {
    let e = headlines_edition();
    let fonts = support::fonts(&e);
    let sizes = [
        preset("ereader-6"),
        preset("tablet-10.3"),
        PdfOptions::default(),
    ];
    for opts in sizes {
        let dl = layout(&e, &fonts, &opts).expect("layout");
        let heads = headline_lines(&dl);
        assert_eq!(heads.len(), 33);
        let mut wrapped = 0;
        for lines in heads {
            let counts: Vec<usize> = lines.iter().map(|l| letters(l)).collect();
            assert!(counts.iter().all(|&c| c > 1), "{lines:?}");
            if counts.len() > 1 {
                wrapped += 1;
                let (min, max) = (counts.iter().min(), counts.iter().max());
                // Balanced: the lines differ by at most a few characters (a word kept whole
                // may cost two).
                assert!(
                    max.zip(min).is_some_and(|(a, b)| a - b <= 3),
                    "unbalanced {lines:?}"
                );
            }
        }
        assert!(wrapped >= 5, "only {wrapped} headlines wrapped");
    }
}

/// Breaks inside a word (by the word list's segmentation) of two-line headlines, and
/// breaks. (Balancing chooses one measure for all lines, so a two-line headline is where it
/// can choose its break; longer ones keep what the line breaker gives at that measure.)
fn word_cuts(heads: &[Vec<String>]) -> (usize, usize) {
    let mut cuts = 0;
    let mut breaks = 0;
    for lines in heads.iter().filter(|l| l.len() == 2) {
        for w in lines.windows(2) {
            breaks += 1;
            if paiban_ingest::words::word_across(&w[0], &w[1]).0 >= 0.5 {
                eprintln!("cut: {} / {}", w[0], w[1]);
                cuts += 1;
            }
        }
    }
    (cuts, breaks)
}

#[test]
fn headline_breaks_keep_words_whole_where_balance_allows() {
    let e = headlines_edition();
    let fonts = support::fonts(&e);
    for name in ["ereader-6", "ereader-7.8", "tablet-10.3"] {
        let dl = layout(&e, &fonts, &preset(name)).expect("layout");
        let (cuts, breaks) = word_cuts(&headline_lines(&dl));
        eprintln!("{name}: {cuts} of {breaks} breaks cut a word");
        assert!(
            breaks >= 8 && cuts * 5 <= breaks,
            "{name}: {cuts} of {breaks} breaks cut a word"
        );
    }
}

fn real_edition() -> Edition {
    let path = paiban_testkit::real_page();
    paiban_ingest::load(&path, &Default::default())
        .expect("the real page reads")
        .edition
}

#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md"]
fn the_real_page_fits_every_screen() {
    let e = real_edition();
    let fonts = support::fonts(&e);
    for p in PRESETS {
        let dl = layout(&e, &fonts, &preset(p.name)).expect("layout");
        check_screen(&dl, p.name);
    }
}

#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md and ../shared/tools/check-pdf (qpdf, poppler, pymupdf)"]
fn the_real_page_ereader_6_pdf_passes_check_pdf() {
    let e = real_edition();
    let fonts = support::fonts(&e);
    let pdf = render(&e, &fonts, &preset("ereader-6")).expect("render");
    let dir = std::env::var_os("PAIBAN_SCREEN_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")));
    let path = dir.join("real-ereader-6.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let out = std::process::Command::new(paiban_testkit::shared("tools/check-pdf"))
        .arg(&path)
        .arg(paiban_testkit::real_page())
        .output()
        .expect("check-pdf runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.lines().last() == Some("pdf: ok"),
        "check-pdf: {report}"
    );
}
