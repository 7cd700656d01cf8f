//! OCR geometry readers (issue 12): hOCR, ALTO and PaddleOCR JSON of our own fictional
//! pages (typeset with typst, read by Tesseract 5; see scripts/ocr-fixtures) against the
//! clean truth, and hostile input. No Tesseract is needed here.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use paiban_ingest::ocr::{self, layout};
use paiban_ingest::raw::{RawBlock, Role};
use paiban_ingest::{IngestOptions, load};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/ocr")
        .join(name)
}

fn read(name: &str) -> (ocr::OcrPage, Vec<RawBlock>) {
    let p = fixture(name);
    let text = std::fs::read_to_string(&p).unwrap();
    let fmt = ocr::sniff(&text).unwrap();
    let page = ocr::read(&text, &p, fmt).unwrap();
    let blocks = layout::blocks(&page, name);
    (page, blocks)
}

/// An engine line `i` (its own block, paragraph and source line) boxed at `x0..x1`, `y0`,
/// `h` high, its Han words `g` high.
fn boxed_line(i: u32, text: &str, x0: f64, x1: f64, y0: f64, h: f64, g: f64) -> ocr::OcrLine {
    ocr::OcrLine {
        text: text.into(),
        bbox: ocr::BBox {
            x0,
            y0,
            x1,
            y1: y0 + h,
        },
        x_size: None,
        glyph_h: Some(g),
        block: i,
        par: i,
        conf: None,
        src_line: i,
        pieces: Vec::new(),
        narrow: Vec::new(),
        slope: None,
    }
}

/// Rows of two body columns (`100..812`, `902..1614`, lines 45 high every 65 from `y0`),
/// engine lines numbered from `i0` (left) and `i0 + 40` (right).
fn two_columns(lines: &mut Vec<ocr::OcrLine>, i0: u32, y0: f64, rows: u32) {
    for k in 0..rows {
        let y = y0 + 65.0 * f64::from(k);
        let left = "两岸居民往来更加方便沿河商铺陆续开业";
        let right = "老街改造完工以后游客明显增多夜市热闹";
        lines.push(boxed_line(i0 + k, left, 100.0, 812.0, y, 45.0, 42.0));
        lines.push(boxed_line(i0 + 40 + k, right, 902.0, 1614.0, y, 45.0, 42.0));
    }
}

/// The display lines of `lines` laid out on a page 1800 wide, with their roles.
fn display_roles(lines: Vec<ocr::OcrLine>) -> Vec<(String, Option<Role>)> {
    let page = ocr::OcrPage {
        width: 1800.0,
        height: 2400.0,
        lines,
        sheets: Vec::new(),
    };
    layout::blocks(&page, "t.hocr")
        .into_iter()
        .filter(|b| b.heading > 0)
        .map(|b| (b.text, b.hint))
        .collect()
}

/// Truth lines: (kind letter, text).
fn truth(stem: &str) -> Vec<(char, String)> {
    std::fs::read_to_string(fixture(&format!("{stem}.truth.txt")))
        .unwrap()
        .lines()
        .filter_map(|l| {
            let (k, t) = l.split_once(": ")?;
            Some((k.chars().next()?, t.to_string()))
        })
        .collect()
}

/// Every article of an ingested edition, section by section.
fn articles(ing: &paiban_ingest::Ingested) -> Vec<&paiban_model::Article> {
    ing.edition
        .sections
        .iter()
        .flat_map(|s| &s.articles)
        .collect()
}

fn han(t: &str) -> impl Iterator<Item = char> + '_ {
    t.chars()
        .filter(|&c| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF))
}

/// Dice similarity of the Han characters (multisets).
fn sim(a: &str, b: &str) -> f64 {
    let mut m: BTreeMap<char, i32> = BTreeMap::new();
    for c in han(a) {
        *m.entry(c).or_default() += 1;
    }
    let mut common = 0;
    for c in han(b) {
        if let Some(n) = m.get_mut(&c).filter(|n| **n > 0) {
            *n -= 1;
            common += 1;
        }
    }
    let total = han(a).count() + han(b).count();
    if total == 0 {
        0.0
    } else {
        2.0 * f64::from(common) / total as f64
    }
}

struct Score {
    headlines_found: usize,
    headlines: usize,
    body_as_heading: usize,
    paragraphs_found: usize,
    paragraphs: usize,
    han_lost: usize,
    in_order: bool,
    /// Truth paragraphs with a block of ≥ 0.8 similarity (its boundaries right).
    matched: usize,
}

fn score(file: &str, stem: &str) -> Score {
    let (page, blocks) = read(file);
    let truth = truth(stem);
    let heads: Vec<&RawBlock> = blocks.iter().filter(|b| b.heading > 0).collect();
    let body: Vec<&RawBlock> = blocks
        .iter()
        .filter(|b| (b.heading == 0 && b.hint.is_none()) || b.hint == Some(Role::Subhead))
        .collect();
    let truth_heads: Vec<&String> = truth.iter().filter(|t| t.0 == 'H').map(|t| &t.1).collect();
    let display: Vec<&String> = truth
        .iter()
        .filter(|t| matches!(t.0, 'H' | 'K' | 'S' | 'T'))
        .map(|t| &t.1)
        .collect();
    let headlines_found = truth_heads
        .iter()
        .filter(|h| {
            heads
                .iter()
                .any(|b| b.hint == Some(Role::Headline) && sim(&b.text, h) >= 0.6)
        })
        .count();
    let body_as_heading = heads
        .iter()
        .filter(|b| !display.iter().any(|d| sim(&b.text, d) >= 0.5))
        .count();
    // Han characters of the OCR text, all kept.
    let mut count: BTreeMap<char, i64> = BTreeMap::new();
    for l in &page.lines {
        for c in han(&l.text) {
            *count.entry(c).or_default() += 1;
        }
    }
    for b in &blocks {
        for c in han(&b.text) {
            *count.entry(c).or_default() -= 1;
        }
    }
    let han_lost = count
        .values()
        .filter(|v| **v > 0)
        .map(|v| *v as usize)
        .sum();
    // Reading order: the best block of each truth paragraph comes in truth order.
    let paras: Vec<&String> = truth
        .iter()
        .filter(|t| matches!(t.0, 'P' | 'B' | 'T' | 'J'))
        .map(|t| &t.1)
        .collect();
    let pos: Vec<usize> = paras
        .iter()
        .filter_map(|p| {
            blocks
                .iter()
                .enumerate()
                .map(|(i, b)| (i, sim(&b.text, p)))
                .filter(|x| x.1 >= 0.5)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|x| x.0)
        })
        .collect();
    let in_order = pos.len() == paras.len() && pos.windows(2).all(|w| w[0] <= w[1]);
    let matched = paras
        .iter()
        .filter(|p| blocks.iter().any(|b| sim(&b.text, p) >= 0.8))
        .count();
    let s = Score {
        headlines_found,
        headlines: truth_heads.len(),
        body_as_heading,
        paragraphs_found: body.len(),
        paragraphs: paras.len(),
        han_lost,
        in_order,
        matched,
    };
    eprintln!(
        "{file}: headlines {}/{}, body as heading {}, paragraphs {}/{} ({} right), Han lost {}, order {}",
        s.headlines_found,
        s.headlines,
        s.body_as_heading,
        s.paragraphs_found,
        s.paragraphs,
        s.matched,
        s.han_lost,
        s.in_order
    );
    s
}

fn check(file: &str, stem: &str) {
    let s = score(file, stem);
    assert_eq!(s.headlines_found, s.headlines, "{file}: headlines");
    assert_eq!(s.body_as_heading, 0, "{file}: body text made a heading");
    assert!(
        s.paragraphs_found.abs_diff(s.paragraphs) <= 1 + s.paragraphs / 10,
        "{file}: {} paragraphs for {}",
        s.paragraphs_found,
        s.paragraphs
    );
    assert_eq!(s.han_lost, 0, "{file}: Han characters lost");
    assert!(
        s.matched * 10 >= s.paragraphs * 9,
        "{file}: {} of {} paragraphs right",
        s.matched,
        s.paragraphs
    );
    assert!(s.in_order, "{file}: reading order");
}

#[test]
fn hocr_one_column_page() {
    check("qinghe-p1.hocr", "qinghe-p1");
}

#[test]
fn alto_one_column_page() {
    check("qinghe-p1.xml", "qinghe-p1");
}

#[test]
fn hocr_three_columns_spanning_headline() {
    check("qinghe-p2.hocr", "qinghe-p2");
}

#[test]
fn alto_three_columns_spanning_headline() {
    check("qinghe-p2.xml", "qinghe-p2");
}

#[test]
fn hocr_four_columns_partial_span() {
    check("qinghe-p3.hocr", "qinghe-p3");
}

#[test]
fn alto_four_columns_partial_span() {
    check("qinghe-p3.xml", "qinghe-p3");
}

#[test]
fn tight_page_at_200_dpi() {
    check("qinghe-p3-tight.hocr", "qinghe-p3-tight");
    check("qinghe-p3-tight.xml", "qinghe-p3-tight");
}

#[test]
fn paddle_two_columns() {
    check("paddle-two-columns.json", "paddle-two-columns");
}

/// The city page as PaddleOCR's PP-OCRv4 models read it (`scripts/ocr-eval --formats
/// paddle`): a box per line, rows read across the columns, no blocks, no page size. The
/// last article's lines, at the foot of the text, are body text, not a running foot.
#[test]
fn paddle_reading_of_a_four_column_page() {
    check("city-paddle.json", "city");
}

/// The small and the city page scanned (turned, specks, grey paper) and read by PaddleOCR:
/// boxes grown into the gutters by specks, two columns' lines in one box, heights that
/// vary from line to line, the last rows of the columns at the foot of the text.
#[test]
fn paddle_reading_of_scanned_pages() {
    check("small-paddle-scan.json", "small");
    check("city-paddle-scan.json", "city");
}

#[test]
fn display_group_and_furniture_roles() {
    let (_, b) = read("qinghe-p2.xml");
    let role = |t: &str| {
        b.iter()
            .find(|x| sim(&x.text, t) >= 0.6)
            .and_then(|x| x.hint)
    };
    assert_eq!(role("春耕备耕正当时"), Some(Role::Kicker));
    assert_eq!(role("全市首个数字农业示范区建成投用"), Some(Role::Subtitle));
    assert_eq!(role("文化周末"), Some(Role::Kicker));
    assert_eq!(b.first().and_then(|x| x.hint), Some(Role::Furniture));
    assert_eq!(b.last().and_then(|x| x.hint), Some(Role::Furniture));
    // The spanning headline is one level above the column headlines.
    let lead = b.iter().find(|x| x.hint == Some(Role::Headline)).unwrap();
    assert_eq!(lead.heading, 1);
    assert!(
        b.iter()
            .any(|x| x.hint == Some(Role::Headline) && x.heading == 2)
    );
    // A one-line title between paragraphs is a subhead.
    let (_, b3) = read("qinghe-p3.xml");
    let sub = b3
        .iter()
        .find(|x| sim(&x.text, "小菜园里学问大") >= 0.8)
        .unwrap();
    assert_eq!(sub.hint, Some(Role::Subhead));
    // Spans point at the TextLine element in the file.
    let xml = std::fs::read_to_string(fixture("qinghe-p2.xml")).unwrap();
    let line = xml.lines().nth(lead.span.line as usize - 1).unwrap();
    assert!(line.contains("<TextLine"), "{line}");
}

#[test]
fn whole_pipeline_reads_ocr_files() {
    for f in [
        "qinghe-p2.hocr",
        "qinghe-p2.xml",
        "qinghe-p3.hocr",
        "qinghe-p3.xml",
        "paddle-two-columns.json",
    ] {
        let ing = load(&fixture(f), &IngestOptions::default()).unwrap();
        if !f.starts_with("paddle") {
            // The page number comes from the running head (第2版, 第3版).
            let n = if f.starts_with("qinghe-p2") { 2 } else { 3 };
            assert_eq!(ing.edition.sections[0].number, n, "{f}");
        }
        let arts = articles(&ing);
        let stem = f.split('.').next().unwrap();
        let want = truth(stem).iter().filter(|t| t.0 == 'H').count();
        assert_eq!(
            arts.len(),
            want,
            "{f}: articles {:?}",
            arts.iter().map(|a| &a.headline).collect::<Vec<_>>()
        );
    }
}

#[test]
fn alto_issue_folder_is_one_edition() {
    let d = paiban_testkit::scratch("ocr-issue");
    std::fs::write(
        d.join("mets.xml"),
        "<?xml version='1.0'?><mets:mets xmlns:mets='m'/>",
    )
    .unwrap();
    std::fs::copy(fixture("qinghe-p2.xml"), d.join("0002.xml")).unwrap();
    std::fs::copy(fixture("qinghe-p1.xml"), d.join("0001.xml")).unwrap();
    // Tesseract's side-by-side outputs of one page are one page.
    std::fs::copy(fixture("qinghe-p1.hocr"), d.join("0001.hocr")).unwrap();
    std::fs::copy(fixture("qinghe-p1.txt"), d.join("0001.txt")).unwrap();
    let ing = load(&d, &IngestOptions::default()).unwrap();
    let pages: Vec<u32> = ing.edition.sections.iter().map(|s| s.number).collect();
    assert_eq!(pages, [1, 2]);
    let first = ing.edition.sections[0].articles[0]
        .headline
        .clone()
        .unwrap_or_default();
    assert!(sim(&first, "清河新桥今日通车") >= 0.6, "{first}");
}

fn parse(name: &str, text: &str) -> Result<ocr::OcrPage, paiban_ingest::IngestError> {
    let fmt = ocr::sniff(text).unwrap_or(ocr::Format::Alto);
    ocr::read(text, Path::new(name), fmt)
}

#[test]
fn hostile_input_gives_clear_errors() {
    let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE alto [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\n<alto><Layout><Page WIDTH=\"9\" HEIGHT=\"9\"><TextBlock><TextLine HPOS=\"1\" VPOS=\"1\" WIDTH=\"5\" HEIGHT=\"5\"><String CONTENT=\"&b;\"/></TextLine></TextBlock></Page></Layout></alto>";
    let e = parse("bomb.xml", bomb).unwrap_err().to_string();
    assert!(e.starts_with("bomb.xml:2:") && e.contains("DOCTYPE"), "{e}");
    let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE html [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<html><body><div class='ocr_page' title='bbox 0 0 9 9'><span class='ocr_line' title='bbox 0 0 9 9'>&x;</span></div></body></html>";
    let e = parse("xxe.hocr", xxe).unwrap_err().to_string();
    assert!(e.starts_with("xxe.hocr:2:"), "{e}");
    let undeclared = "<alto><Layout><Page><TextBlock>\n<TextLine HPOS=\"1\" VPOS=\"1\" WIDTH=\"5\" HEIGHT=\"5\"><String CONTENT=\"&lol;\"/></TextLine></TextBlock></Page></Layout></alto>";
    let e = parse("u.xml", undeclared).unwrap_err().to_string();
    assert!(e.starts_with("u.xml:2:"), "{e}");
    let huge = "<alto><Layout><Page>\n<TextBlock><TextLine HPOS=\"1e400\" VPOS=\"1\" WIDTH=\"5\" HEIGHT=\"5\"/></TextBlock></Page></Layout></alto>";
    let e = parse("h.xml", huge).unwrap_err().to_string();
    assert!(e.starts_with("h.xml:2:") && e.contains("HPOS"), "{e}");
    let nobox = "<alto><Layout><Page><TextBlock>\n\n<TextLine><String CONTENT=\"字\"/></TextLine></TextBlock></Page></Layout></alto>";
    let e = parse("n.xml", nobox).unwrap_err().to_string();
    assert!(e.starts_with("n.xml:3:") && e.contains("HPOS"), "{e}");
    let hbox = "<div class='ocr_page' title='bbox 0 0 9 9'>\n<span class='ocr_line' title='bbox 0 0 99999999999 5'>字</span></div>";
    assert!(parse("b.hocr", hbox).is_err());
    assert!(parse("t.json", "[[[[1,2],[3,4],[5,6],[7,8]], [\"字\", 0.9]]").is_err());
}

#[test]
fn truncated_and_mangled_files_never_panic() {
    for f in ["qinghe-p2.hocr", "qinghe-p2.xml", "paddle-two-columns.json"] {
        let text = std::fs::read_to_string(fixture(f)).unwrap();
        let mut cut = 1;
        while cut < text.len() {
            let mut end = cut;
            while !text.is_char_boundary(end) {
                end += 1;
            }
            if let Ok(page) = parse(f, &text[..end]) {
                let _ = layout::blocks(&page, f);
            }
            cut += 4999;
        }
        // Swap every tag's angle brackets round: garbage, but no panic.
        let mangled = text.replace('<', "\u{0}>").replace("\u{0}", "<<");
        if let Ok(page) = parse(f, &mangled) {
            let _ = layout::blocks(&page, f);
        }
    }
    let e = parse(
        "t.xml",
        &std::fs::read_to_string(fixture("qinghe-p2.xml")).unwrap()[..5000],
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("t.xml:"), "{e}");
}

#[test]
fn degenerate_geometry_is_read_safely() {
    // Zero-size and inverted boxes, one line, all on one spot.
    let doc = "<alto><Layout><Page WIDTH=\"0\" HEIGHT=\"0\"><TextBlock>\n<TextLine HPOS=\"5\" VPOS=\"5\" WIDTH=\"0\" HEIGHT=\"0\"><String CONTENT=\"甲\"/></TextLine>\n<TextLine HPOS=\"5\" VPOS=\"5\" WIDTH=\"-3\" HEIGHT=\"7\"><String CONTENT=\"乙丙\"/></TextLine>\n</TextBlock></Page></Layout></alto>";
    let page = parse("d.xml", doc).unwrap();
    let b = layout::blocks(&page, "d.xml");
    let all: String = b.iter().map(|x| x.text.as_str()).collect();
    assert!(all.contains('甲') && all.contains("乙丙"), "{all}");
}

#[test]
fn many_lines_on_one_spot_stay_fast() {
    // 12 000 lines: all on one spot, then a grid of tiny "columns" — bounded work.
    for grid in [false, true] {
        let mut doc =
            String::from("<alto><Layout><Page WIDTH=\"100000\" HEIGHT=\"100000\"><TextBlock>\n");
        for i in 0..12_000u32 {
            let (x, y, h) = if grid {
                ((i % 400) * 200, (i / 400) * 90, 40 + (i % 7) * 30)
            } else {
                (10, 10, 40)
            };
            doc.push_str(&format!(
                "<TextLine HPOS=\"{x}\" VPOS=\"{y}\" WIDTH=\"160\" HEIGHT=\"{h}\"><String CONTENT=\"字字字字\"/></TextLine>\n"
            ));
        }
        doc.push_str("</TextBlock></Page></Layout></alto>");
        let t = std::time::Instant::now();
        let page = parse("many.xml", &doc).unwrap();
        let b = layout::blocks(&page, "many.xml");
        assert!(!b.is_empty());
        let han: usize = b.iter().map(|x| x.text.chars().count()).sum();
        assert!(han >= 48_000, "{han}");
        assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
    }
}

mod props {
    use super::*;
    use paiban_ingest::ocr::{BBox, OcrLine, OcrPage};
    use proptest::prelude::*;

    fn ocr_line() -> impl Strategy<Value = OcrLine> {
        (
            "[清河日报新桥通车本讯记者，。、（）“”a1 ]{0,24}",
            -50.0f64..3000.0,
            -50.0f64..4000.0,
            -10.0f64..900.0,
            -5.0f64..200.0,
            0u32..5,
        )
            .prop_map(|(text, x, y, w, h, par)| OcrLine {
                text,
                bbox: BBox {
                    x0: x,
                    y0: y,
                    x1: x + w,
                    y1: y + h,
                },
                x_size: None,
                glyph_h: None,
                block: 1,
                par,
                conf: None,
                src_line: 1,
                pieces: Vec::new(),
                narrow: Vec::new(),
                slope: None,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any geometry: no panic, and every Han character of the lines is in the blocks.
        #[test]
        fn layout_keeps_every_han_character(
            lines in prop::collection::vec(ocr_line(), 0..60),
            w in 0.0f64..3000.0,
            h in 0.0f64..4000.0,
        ) {
            let page = OcrPage { width: w, height: h, lines, sheets: Vec::new() };
            let blocks = layout::blocks(&page, "p.hocr");
            let mut want: Vec<char> = page.lines.iter().flat_map(|l| han(&l.text).collect::<Vec<_>>()).collect();
            let mut got: Vec<char> = blocks.iter().flat_map(|b| han(&b.text).collect::<Vec<_>>()).collect();
            want.sort_unstable();
            got.sort_unstable();
            prop_assert_eq!(want, got);
        }

        /// Any text given to the XML and JSON readers: an error or a page, never a panic.
        #[test]
        fn readers_never_panic(body in "[<>/=\"' a-zA-Z0-9&;#\\[\\]{}:,.清河\n-]{0,300}") {
            for (name, text) in [
                ("a.xml", format!("<alto><Layout><Page>{body}")),
                ("a.hocr", format!("<div class='ocr_page' title='bbox 0 0 9 9'>{body}")),
                ("a.json", format!("[{body}")),
            ] {
                if let Ok(page) = parse(name, &text) {
                    let _ = layout::blocks(&page, name);
                }
            }
        }
    }
}

/// Tesseract on a multi-page input writes one `ocr_page` (ALTO: one `Page`) per image into
/// one file: each sheet is laid out on its own and read after the one before.
#[test]
fn multi_page_files_read_sheet_after_sheet() {
    for (a, b, ext) in [
        ("qinghe-p1.hocr", "qinghe-p2.hocr", "hocr"),
        ("qinghe-p1.xml", "qinghe-p2.xml", "xml"),
    ] {
        let one = std::fs::read_to_string(fixture(a)).unwrap();
        let two = std::fs::read_to_string(fixture(b)).unwrap();
        // The second file's page element(s), spliced in after the first file's.
        let (open, close) = if ext == "hocr" {
            ("<div class='ocr_page'", "</body>")
        } else {
            ("<Page ", "</Layout>")
        };
        let start = two.find(open).expect("page element");
        let end = two.rfind(close).expect("end of pages");
        let at = one.rfind(close).expect("end of pages");
        let both = format!("{}{}{}", &one[..at], &two[start..end], &one[at..]);
        let dir = paiban_testkit::scratch("two-sheets");
        let p = dir.join(format!("both.{ext}"));
        std::fs::write(&p, &both).unwrap();
        let page = ocr::read(&both, &p, ocr::sniff(&both).unwrap()).unwrap();
        assert_eq!(page.sheets.len(), 1, "{ext}: one more sheet");
        let texts = |bs: Vec<RawBlock>| bs.into_iter().map(|b| b.text).collect::<Vec<_>>();
        let mut want = texts(read(a).1);
        want.extend(texts(read(b).1));
        assert_eq!(texts(layout::blocks(&page, "both")), want, "{ext}");
    }
}

/// A body line whose box the engine grew (a dash it lost, a neighbour's mark tangled in)
/// looks larger than the body by its box; its Han words' height says it is body text.
#[test]
fn a_tangled_body_line_is_no_heading() {
    let body = "今天上午九时横跨清河两岸的新桥正";
    let line = |i: usize, text: &str, h: f64, glyph_h: Option<f64>| ocr::OcrLine {
        text: text.into(),
        bbox: ocr::BBox {
            x0: 100.0,
            y0: 100.0 + 65.0 * i as f64,
            x1: 900.0,
            y1: 100.0 + 65.0 * i as f64 + h,
        },
        x_size: None,
        glyph_h,
        block: 1,
        par: 1,
        conf: None,
        src_line: i as u32 + 1,
        pieces: Vec::new(),
        narrow: Vec::new(),
        slope: None,
    };
    let page = |glyph_h: Option<f64>| ocr::OcrPage {
        width: 1000.0,
        height: 2000.0,
        lines: (0..14)
            .map(|i| {
                if i == 7 {
                    // 14 characters over the full width, in a box 60 % taller than a line
                    line(i, "式通车沿河两岸居民纷纷前来观", 70.0, glyph_h)
                } else {
                    line(i, body, 44.0, glyph_h.map(|_| 42.0))
                }
            })
            .collect(),
        sheets: Vec::new(),
    };
    let headings = |p: &ocr::OcrPage| {
        layout::blocks(p, "t.hocr")
            .into_iter()
            .filter(|b| b.heading > 0)
            .count()
    };
    assert_eq!(headings(&page(Some(42.0))), 0);
    // Without word heights the box is all there is: it reads as a heading.
    assert_eq!(headings(&page(None)), 1);
}

/// A display line the engine split in two fragments on one row, a character lost between
/// them (a gap of about one of its own characters), is one line; body lines of two columns
/// side by side on a row, as far apart, stay two.
#[test]
fn a_display_line_split_where_a_character_was_lost_is_one_line() {
    let frag = |i: u32, text: &str, x0: f64, x1: f64, y0: f64, h: f64, g: f64| {
        boxed_line(i, text, x0, x1, y0, h, g)
    };
    let mut lines = Vec::new();
    // Two columns of body text (glyphs 42 high, lines 45), 90 apart.
    for k in 0..12u32 {
        let y = 400.0 + 65.0 * f64::from(k);
        lines.push(frag(
            10 + k,
            "两岸居民往来更加方便沿河商铺陆续开业",
            100.0,
            812.0,
            y,
            45.0,
            42.0,
        ));
        lines.push(frag(
            40 + k,
            "老街改造完工以后游客明显增多夜市热闹",
            902.0,
            1614.0,
            y,
            45.0,
            42.0,
        ));
    }
    // The kicker above them, 51 high, split where `全` was lost: a gap of 59.
    lines.push(frag(
        1,
        "清河新区十二个社区书屋",
        300.0,
        892.0,
        200.0,
        52.0,
        51.0,
    ));
    lines.push(frag(2, "天开放迎接读者", 951.0, 1325.0, 200.0, 52.0, 51.0));
    let page = ocr::OcrPage {
        width: 1800.0,
        height: 1400.0,
        lines,
        sheets: Vec::new(),
    };
    let blocks = layout::blocks(&page, "t.hocr");
    let heads: Vec<&str> = blocks
        .iter()
        .filter(|b| b.heading > 0)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        heads,
        ["清河新区十二个社区书屋天开放迎接读者"],
        "{blocks:#?}"
    );
    assert!(
        !blocks
            .iter()
            .any(|b| b.text.contains("市民两岸") || b.text.contains("热闹两岸")),
        "body lines of two columns merged"
    );
}

/// A body-sized line set across two columns under a headline (a subtitle no larger than
/// the text) is display text, not the first line of either column; a line the engine ran
/// across the gutter (a gap between its words) stays body text.
#[test]
fn a_body_sized_line_across_the_columns_is_display_text() {
    let line = |i: u32, text: &str, x0: f64, x1: f64, y0: f64, h: f64| {
        boxed_line(i, text, x0, x1, y0, h, h - 3.0)
    };
    // The end of an article above, then the headline, the subtitle and two columns.
    let mut lines = vec![
        line(1, "清河新区打造生活圈", 400.0, 1300.0, 400.0, 120.0),
        line(
            2,
            "新增社区服务设施四十二处覆盖居民二十万",
            500.0,
            1300.0,
            560.0,
            45.0,
        ),
    ];
    for k in 0..16u32 {
        let y = if k < 4 { 100.0 } else { 380.0 } + 65.0 * f64::from(k);
        lines.push(line(
            10 + k,
            "两岸居民往来更加方便沿河商铺陆续开业",
            100.0,
            812.0,
            y,
            45.0,
        ));
        lines.push(line(
            40 + k,
            "老街改造完工以后游客明显增多夜市热闹",
            902.0,
            1614.0,
            y,
            45.0,
        ));
    }
    // A line the engine ran across the gutter, left whole (its rest starts at no edge).
    let mut ran = line(
        60,
        "沿河商铺陆续开业老街改造完工以后游客",
        100.0,
        1614.0,
        1500.0,
        45.0,
    );
    ran.pieces = vec![
        line(60, "沿河商铺陆续开业", 100.0, 500.0, 1500.0, 45.0),
        line(60, "老街改造完工以后游客", 1000.0, 1614.0, 1500.0, 45.0),
    ];
    lines.push(ran);
    let page = ocr::OcrPage {
        width: 1800.0,
        height: 1400.0,
        lines,
        sheets: Vec::new(),
    };
    let blocks = layout::blocks(&page, "t.hocr");
    let heads: Vec<(&str, Option<Role>)> = blocks
        .iter()
        .filter(|b| b.heading > 0)
        .map(|b| (b.text.as_str(), b.hint))
        .collect();
    assert_eq!(
        heads,
        [
            ("清河新区打造生活圈", Some(Role::Headline)),
            (
                "新增社区服务设施四十二处覆盖居民二十万",
                Some(Role::Subtitle)
            ),
        ],
        "{blocks:#?}"
    );
    assert!(
        blocks
            .iter()
            .any(|b| b.text.contains("沿河商铺陆续开业老街改造")),
        "the line run across the gutter stays body text: {blocks:#?}"
    );
}

/// The fictional city page (scripts/ocr-eval-pages/city.txt) set by `scripts/ocr-eval
/// --scan`: turned by about half a degree, grey paper, specks; Tesseract's hOCR and ALTO.
#[test]
fn scanned_page_turned_half_a_degree() {
    check("city-scan.hocr", "city");
    check("city-scan.xml", "city");
}

/// The same page set by `--layout modular` (the lead across the page, then articles side
/// by side in modules of two and two, three and one columns, rules between them), clean and
/// scanned.
#[test]
fn modules_side_by_side() {
    check("city-modular.hocr", "city");
    check("city-modular-scan.hocr", "city");
}

/// Tesseract read the water radical of the small page's first headline glyph (清) as two
/// lines of their own (`时`, `旦`, at 41 % and 0 %): the reading drops them, each with a
/// note naming its line, and the headline keeps what it read.
#[test]
fn pieces_of_a_headline_glyph_are_dropped_and_reported() {
    let ing = load(&fixture("small-tesseract.hocr"), &IngestOptions::default()).unwrap();
    let dropped: Vec<(&str, u32)> = ing
        .diagnostics
        .iter()
        .filter(|d| d.code == "layout" && d.message.contains("piece of a large glyph"))
        .map(|d| (d.snippet.as_str(), d.span.line))
        .collect();
    assert_eq!(dropped.len(), 2, "{dropped:?}");
    assert!(
        dropped
            .iter()
            .all(|(t, l)| t.chars().count() == 1 && *l > 0)
    );
    let first = &ing.edition.sections[0].articles[0];
    let opening = first.blocks.first().map(|b| b.text.as_str()).unwrap_or("");
    for (t, _) in &dropped {
        assert!(
            !opening.starts_with(t),
            "{t} left as the opening: {opening}"
        );
    }
}

/// A photograph under the headline cuts the page: the subtitle stands alone in a band with
/// no column of text. Right under the headline, no wider and centred on it, it is display
/// text all the same; the caption under the photograph stays body text.
#[test]
fn a_subtitle_cut_off_by_a_photograph_is_display_text() {
    let line = |i: u32, text: &str, x0: f64, x1: f64, y0: f64, h: f64| {
        boxed_line(i, text, x0, x1, y0, h, h - 3.0)
    };
    let mut lines = Vec::new();
    // The end of an article above, in two columns.
    two_columns(&mut lines, 10, 100.0, 4);
    lines.push(line(1, "清河新区打造生活圈", 400.0, 1300.0, 450.0, 120.0));
    // 50 below the headline, centred on it; then a photograph 500 high, its caption.
    lines.push(line(
        2,
        "新增社区服务设施四十二处覆盖居民",
        490.0,
        1210.0,
        620.0,
        45.0,
    ));
    lines.push(line(
        3,
        "图为清河新区邻里中心的老年食堂",
        100.0,
        700.0,
        1200.0,
        40.0,
    ));
    two_columns(&mut lines, 60, 1280.0, 12);
    let roles = display_roles(lines);
    assert_eq!(
        roles,
        [
            ("清河新区打造生活圈".to_string(), Some(Role::Headline)),
            (
                "新增社区服务设施四十二处覆盖居民".to_string(),
                Some(Role::Subtitle)
            ),
        ],
    );
}

/// The largest short line at the top of a sheet is taken for the masthead only while the
/// edition's masthead is unknown; where it is known, a line that does not read as it (a
/// few characters misread aside) is the page's first headline.
#[test]
fn a_known_masthead_keeps_a_headline_at_the_top() {
    let quad = |x0: u32, y0: u32, x1: u32, y1: u32| {
        format!("[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}]]")
    };
    let page = |top: &str| {
        let mut items = vec![format!("[{}, [\"{top}\", 0.99]]", quad(300, 100, 900, 260))];
        for i in 0..12 {
            let y = 400 + i * 60;
            items.push(format!(
                "[{}, [\"清河两岸的农田里机器轰鸣春耕正忙第{i}行\", 0.99]]",
                quad(100, y, 1100, y + 40)
            ));
        }
        let text = format!("[{}]", items.join(","));
        let p = Path::new("top.json");
        ocr::read(&text, p, ocr::Format::Paddle).unwrap()
    };
    let first = |blocks: Vec<RawBlock>| blocks.into_iter().next().map(|b| (b.text, b.hint));
    let headline = page("深化改革");
    assert_eq!(
        first(layout::blocks(&headline, "top.json")),
        Some(("深化改革".into(), Some(Role::Furniture))),
        "unknown masthead: the geometric guess"
    );
    let (text, hint) = first(layout::blocks_with(&headline, "top.json", Some("清河日报"))).unwrap();
    assert_eq!(text, "深化改革");
    assert_ne!(hint, Some(Role::Furniture));
    let misread = page("清河日极");
    assert_eq!(
        first(layout::blocks_with(&misread, "top.json", Some("清河日报"))),
        Some(("清河日极".into(), Some(Role::Furniture)))
    );
}

/// PaddleOCR cut a headline in three boxes that overlap by 40-50 px, padded to 90, 113
/// and 102 px high, the middle one turned a little: they are one line, read left to right.
#[test]
fn overlapping_pieces_of_a_headline_are_one_line() {
    let mut items = vec![
        r#"[[[1143,1256],[1745,1251],[1746,1364],[1144,1369]],["“书屋”服务",0.98]]"#.to_string(),
        r#"[[[512,1267],[1189,1267],[1189,1357],[512,1357]],["用心办好家门口",0.99]]"#.to_string(),
        r#"[[[1705,1261],[2992,1261],[2992,1363],[1705,1363]],["（清河观察）",0.96]]"#.to_string(),
    ];
    for i in 0..12 {
        let y = 1500 + i * 60;
        items.push(format!(
            r#"[[[190,{y}],[900,{y}],[900,{}],[190,{}]],["清河两岸的农田里机器轰鸣春耕正忙第{i}行",0.99]]"#,
            y + 40,
            y + 40
        ));
    }
    let page = ocr::read(
        &format!("[{}]", items.join(",")),
        Path::new("h.json"),
        ocr::Format::Paddle,
    )
    .unwrap();
    let heads: Vec<String> = layout::blocks(&page, "h.json")
        .into_iter()
        .filter(|b| b.heading > 0)
        .map(|b| b.text)
        .collect();
    assert_eq!(
        heads,
        vec!["用心办好家门口“书屋”服务（清河观察）".to_string()]
    );
}

/// A speck in the gutter of a scanned page, read by PaddleOCR as a comma, grew a line's
/// box up to the next column's: the two lines touch, but the right one starts where its
/// column's lines start, so each stays in its column.
#[test]
fn a_line_grown_into_the_gutter_stays_in_its_column() {
    let mut items = Vec::new();
    for i in 0..8 {
        let y = 100 + i * 60;
        let x1 = if i == 4 { 1001 } else { 900 };
        let tail = if i == 4 { "，" } else { "" };
        items.push(format!(
            r#"[[[190,{y}],[{x1},{y}],[{x1},{b}],[190,{b}]],["左栏第{i}行清河两岸的农田里机器轰鸣春{tail}",0.99]]"#,
            b = y + 40
        ));
        items.push(format!(
            r#"[[[1000,{y}],[1710,{y}],[1710,{b}],[1000,{b}]],["右栏第{i}行清河两岸的农田里机器轰鸣春",0.99]]"#,
            b = y + 40
        ));
    }
    let page = ocr::read(
        &format!("[{}]", items.join(",")),
        Path::new("g.json"),
        ocr::Format::Paddle,
    )
    .unwrap();
    let text: String = layout::blocks(&page, "g.json")
        .into_iter()
        .map(|b| b.text)
        .collect();
    let left = text.find("左栏第7行").unwrap();
    let right = text.find("右栏第0行").unwrap();
    assert!(left < right, "the left column is read whole first: {text}");
}

/// A narrow gutter: a detector pads a few of the right column's boxes a glyph to the left,
/// one of them over a speck it read as `、`. The column's edge is where most of its lines
/// start, not where those few do: its lines are no indented first lines, and each of its
/// paragraphs comes out whole.
#[test]
fn boxes_padded_into_a_narrow_gutter_leave_the_paragraphs_whole() {
    let row = |x0: u32, x1: u32, y: u32, text: &str| {
        format!(
            r#"[[[{x0},{y}],[{x1},{y}],[{x1},{b}],[{x0},{b}]],["{text}",0.99]]"#,
            b = y + 40
        )
    };
    let full = "清河两岸的农田里机器轰鸣春耕正忙";
    let mut items = Vec::new();
    for i in 0..14u32 {
        let y = 100 + i * 60;
        items.push(row(190, 894, y, &format!("左栏{i:02}{}", &full[..36])));
        // Two paragraphs of seven lines: an indented first line, a short last one.
        let (k, line) = (i % 7, i / 7);
        let (x0, x1, text) = match k {
            0 => (1088, 1704, format!("右栏{line}段起{}", &full[..30])),
            6 => (1000, 1352, format!("右{line}{}。", &full[..18])),
            _ => (1000, 1704, format!("右栏{line}{k}{}", &full[..36])),
        };
        // Padded a glyph out (one over a speck read as a mark).
        let (x0, text) = match (k, line) {
            (2, 0) | (4, 0) | (3, 1) | (5, 1) => (956, text),
            (2, 1) => (912, format!("、{text}")),
            _ => (x0, text),
        };
        items.push(row(x0, x1, y, &text));
    }
    let page = ocr::read(
        &format!("[{}]", items.join(",")),
        Path::new("g.json"),
        ocr::Format::Paddle,
    )
    .unwrap();
    let right: Vec<String> = layout::blocks(&page, "g.json")
        .into_iter()
        .map(|b| b.text)
        .filter(|t| t.contains("右"))
        .collect();
    assert_eq!(right.len(), 2, "{right:#?}");
    assert!(right.iter().all(|t| t.ends_with('。')), "{right:#?}");
}

/// A kicker set in body type right over a headline, alone in its band (no column of text
/// beside it), is display text: the article's kicker, not a paragraph that reads on into
/// whatever text the layout finds next.
#[test]
fn a_body_sized_kicker_over_a_headline_is_display_text() {
    let line = |i: u32, text: &str, x0: f64, x1: f64, y0: f64, h: f64| {
        boxed_line(i, text, x0, x1, y0, h, h - 3.0)
    };
    let mut lines = Vec::new();
    two_columns(&mut lines, 10, 100.0, 4);
    // 60 above the headline (120 high): more than a body line's gap, less than the
    // headline's.
    let kicker = "清河区在全区推进老旧小区改造时提出";
    lines.push(line(1, kicker, 480.0, 1230.0, 450.0, 45.0));
    lines.push(line(2, "打造十五分钟生活圈", 400.0, 1300.0, 555.0, 120.0));
    two_columns(&mut lines, 100, 740.0, 10);
    assert_eq!(
        display_roles(lines),
        [
            (kicker.to_string(), Some(Role::Kicker)),
            ("打造十五分钟生活圈".to_string(), Some(Role::Headline)),
        ],
    );
}

/// A sentence ends at the foot of a column, and the reading order goes on in a column far
/// to the right (past a photograph): the line there set flush continues some other
/// paragraph as often as this one, and the paragraph is left ended (the join pass weighs
/// the text across, not the layout).
#[test]
fn a_sentence_ended_at_a_column_foot_does_not_run_on_past_a_photograph() {
    let line =
        |i: u32, text: &str, x0: f64, x1: f64, y0: f64| boxed_line(i, text, x0, x1, y0, 40.0, 37.0);
    let full = "清河两岸的农田里机器轰鸣春耕正忙";
    let mut lines = Vec::new();
    for (c, x0) in [100.0, 900.0, 2600.0].into_iter().enumerate() {
        for k in 0..6u32 {
            let y = 100.0 + 60.0 * f64::from(k);
            let i = 10 * c as u32 + k;
            let (text, x0, x1) = match (c, k) {
                // Each column opens with an indented paragraph, save the far one: its first
                // line goes on from elsewhere.
                (0 | 1, 0) => (format!("起{}", &full[..39]), x0 + 88.0, x0 + 704.0),
                (0, 5) => ("镇上的路修好了。".to_string(), x0, x0 + 352.0),
                (1, 5) => (format!("{}。", &full[..45]), x0, x0 + 704.0),
                (2, 5) => ("他说得很实在。".to_string(), x0, x0 + 308.0),
                _ => (format!("{i:02}{}", &full[..42]), x0, x0 + 704.0),
            };
            lines.push(line(i, &text, x0, x1, y));
        }
    }
    let page = ocr::OcrPage {
        width: 3400.0,
        height: 600.0,
        lines,
        sheets: Vec::new(),
    };
    let blocks = layout::blocks(&page, "t.hocr");
    let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(texts.len(), 3, "{texts:#?}");
    assert!(texts[1].ends_with("春耕正。"), "{texts:#?}");
    assert!(texts[2].starts_with("20"), "{texts:#?}");
}

/// paiban's own PDF of the small page (A4, two columns: a contents page, running heads,
/// folios), read back by Tesseract (hOCR, text) and PaddleOCR (which reads no leaders: its
/// contents are the headlines alone): the contents page and the running heads are no
/// articles and no text of one, and each article keeps its headline.
#[test]
fn papers_own_pdf_read_back_leaves_its_contents_out() {
    let heads: Vec<String> = truth("small")
        .into_iter()
        .filter(|t| t.0 == 'H')
        .map(|t| t.1)
        .collect();
    let opts = IngestOptions {
        masthead: Some("清河日报".into()),
        ..IngestOptions::default()
    };
    for f in [
        "small-paiban.hocr",
        "small-paiban.txt",
        "small-paiban-paddle.json",
    ] {
        let ing = load(&fixture(f), &opts).unwrap();
        let arts = articles(&ing);
        let titles: Vec<String> = arts
            .iter()
            .map(|a| a.headline.clone().unwrap_or_default())
            .collect();
        assert_eq!(arts.len(), heads.len(), "{f}: {titles:?}");
        for (t, h) in titles.iter().zip(&heads) {
            assert!(sim(t, h) >= 0.6, "{f}: {t} for {h}");
        }
        for a in &arts {
            for b in &a.blocks {
                assert!(
                    !b.text.contains("。。。。") && !b.text.contains("目录"),
                    "{f}: {}",
                    b.text
                );
            }
        }
        assert!(
            ing.diagnostics
                .iter()
                .any(|d| d.message.contains("printed table of contents")),
            "{f}"
        );
    }
}
