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

/// Two pieces of Tesseract text read as one edition (our own fictional lines).
fn read_text(text: &str) -> Vec<String> {
    read_text_diagnosed(text).0
}

fn read_text_diagnosed(text: &str) -> (Vec<String>, Vec<paiban_model::Diagnostic>) {
    let (e, d) = read_edition(text);
    (paragraphs(&e), d)
}

/// A piece of Tesseract text read as one edition, with its diagnostics.
fn read_edition(text: &str) -> (Edition, Vec<paiban_model::Diagnostic>) {
    let dir = paiban_testkit::scratch("ocr-order");
    let p = dir.join("page.txt");
    std::fs::write(&p, text).unwrap();
    let opts = IngestOptions {
        masthead: Some("清河日报".into()),
        ..IngestOptions::default()
    };
    let ing = load(&p, &opts).unwrap();
    (ing.edition, ing.diagnostics)
}

/// Lines of a 16-character column, as Tesseract writes a page of body text.
const BODY: &str = "清河新区今年新建了三座公园，修缮了\n两条老街，开通了四条公交线路，市民\n出行更加方便了。\n\n  老街改造完工以后，游客明显增多\n，夜市一直开到深夜，街坊们都说生意\n越来越红火了。\n\n";

#[test]
fn a_blank_line_inside_a_sentence_is_joined_on_the_text_across_it() {
    // Tesseract's blank line after a line that ran to the edge mid-sentence, the next block
    // at the edge too: one paragraph where a word runs across (介|绍)…
    let lead = "今天上午九时，横跨清河两岸的新桥正\n式通车，全长一点二公里，据有关方面介\n\n";
    let paras = read_text(&format!(
        "{BODY}{lead}绍，建设单位负责人说，工程历时二十\n六个月，比计划提前完工了两个多月。\n"
    ));
    assert!(
        paras.iter().any(|p| p.contains("据有关方面介绍，建设单位")),
        "{paras:#?}"
    );
    // …and not on the lines' widths alone: the engine's reading order may have gone to
    // another column there. Kept apart, with a warning giving both readings.
    let lead = "今天上午九时，横跨清河两岸的新桥正\n式通车，全长一点二公里，总投资约为\n\n";
    let (paras, diags) = read_text_diagnosed(&format!(
        "{BODY}{lead}两亿元，建设单位负责人说，工程历时\n二十六个月，比计划提前完工了两个月\n"
    ));
    assert!(
        paras.iter().any(|p| p.ends_with("总投资约为")),
        "{paras:#?}"
    );
    assert!(
        diags.iter().any(|d| d.code == "join"
            && d.message.contains("kept apart")
            && d.message.contains("总投资约为两亿元")),
        "{diags:#?}"
    );
    // A comma at the block's end says no more: the sentence goes on, but maybe in another
    // column (on Tesseract's text of the development pages, a comma there went on in the
    // next block 20 times in 54).
    let lead = "今天上午九时，横跨清河两岸的新桥正\n式通车，全长一点二公里，总投资约为\n两亿元，桥面宽三十米，双向六车道，\n\n";
    let paras = read_text(&format!(
        "{BODY}{lead}建设单位负责人说，工程历时二十六个\n月，比计划提前完工了两个多月。\n"
    ));
    assert!(
        paras.iter().any(|p| p.ends_with("双向六车道，")),
        "{paras:#?}"
    );
    // The engine read another column's piece in between; the piece that takes the word up
    // (协|商) is further on: the halves are joined there, the piece stands alone.
    let text = format!(
        "{BODY}据介绍，新桥的设计方案经过多轮论证\n，施工单位还同沿岸的居民们事先协\n\n\
         员工们轮班值守，二十四小时不间断地\n检查设备运行情况，确保通车后安全。\n\n\
         商了施工期间的通行安排，居民们都说\n这样的安排很周到。\n"
    );
    let paras = read_text(&text);
    assert!(
        paras.iter().any(|p| p.contains("居民们事先协商了施工期间")),
        "{paras:#?}"
    );
    assert!(
        paras.iter().any(|p| p.starts_with("员工们轮班值守")),
        "{paras:#?}"
    );
}

/// The headlines of a piece of Tesseract text read as one edition.
fn headlines(text: &str) -> Vec<String> {
    read_edition(text)
        .0
        .sections
        .iter()
        .flat_map(|s| &s.articles)
        .filter_map(|a| a.headline.clone())
        .collect()
}

/// More lines of the 16-character column, enough for the page to read as line-wrapped.
const MORE: &str = "  清河新区今年计划新建和改建口袋公\n园二十处，让居民出门五分钟就能走进\n绿地。园林部门负责人说，每一处公园\n都会先听取周边居民的意见，再确定种\n什么树、修什么路、放几张长椅。\n\n  老街的店铺也陆续开门迎客，经营了\n四十多年糕点铺的吴阿姨说，改造期间\n店铺没有停业，现在客人比以前还多，\n周末常常排起长队。\n\n";

#[test]
fn a_headline_read_into_a_paragraph_or_over_two_wide_lines_is_one_headline() {
    // The engine read a headline's first line as the last of the paragraph before (no
    // blank line between), its last word and column tag alone on the next line: the words
    // after the paragraph's last sentence go back to the headline.
    let report = "今年以来，新区已有三百多个老旧小区\n完成了改造，加装电梯一百二十多部。\n";
    let text = format!(
        "{BODY}{MORE}两条老街改造完工，游客明显增多，夜\n市一直开到深夜，街坊们都说生意越来\n\
         越红火，商户们的收入也增加了不少。\n新区全面推进老旧小区改造加装电梯\n\n\
         工程（民生）\n\n{report}"
    );
    let heads = headlines(&text);
    assert!(
        heads
            .iter()
            .any(|h| h == "新区全面推进老旧小区改造加装电梯工程（民生）"),
        "{heads:#?}"
    );
    let paras = read_text(&text);
    assert!(
        paras.iter().any(|p| p.ends_with("收入也增加了不少。")),
        "{paras:#?}"
    );
    // A headline across columns whose column tag broke onto the next line, as wide: one
    // headline, not a kicker over a line of body text.
    let text = format!(
        "{BODY}{MORE}清河新区全面推进老旧小区改造加装电梯 惠民生暖民心（在新时代\n\
         新征程上奋勇前进·清河新区民生工程系列报道）\n\n{report}"
    );
    let heads = headlines(&text);
    assert!(
        heads
            .iter()
            .any(|h| h.starts_with("清河新区全面推进") && h.ends_with("民生工程系列报道）")),
        "{heads:#?}"
    );
}
