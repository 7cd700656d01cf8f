//! End-to-end tests of the inline engine on the bundled Noto fonts.

use super::*;
use paiban_fonts::{EditionFonts, FontSet};
use paiban_model::{Article, Block, BlockKind, Edition, Section, Span};

pub(crate) fn fonts(text: &str) -> EditionFonts {
    let mut ed = Edition::new("测试");
    let mut sec = Section {
        number: 1,
        name: None,
        articles: Vec::new(),
    };
    let mut art = Article::default();
    art.blocks
        .push(Block::new(BlockKind::Paragraph, text, Span::new("t", 1)));
    sec.articles.push(art);
    ed.sections.push(sec);
    let set = FontSet::bundled().expect("fonts");
    EditionFonts::prepare(&set, &ed, &[]).expect("prepare")
}

pub(crate) fn style() -> ParaStyle {
    ParaStyle {
        role: Role::Body,
        size: 10.0,
        first_indent_em: 2.0,
        align: Align::Justify,
        kinsoku: Kinsoku::Basic,
        avoid_orphan_char: true,
        run_in: None,
    }
}

#[test]
fn lays_out_tricky_paragraph() {
    let text = "他说：“今天好。”我们……——增长2.29亿元，5G+网络与iPhone手机，这是一个很长的段落，用来测试断行。";
    let f = fonts(text);
    let shaper = Shaper::new(&f).expect("shaper");
    let lines = layout_paragraph(&shaper, text, &style(), 100.0);
    let joined: String = lines.iter().map(|l| &text[l.text.clone()]).collect();
    assert_eq!(joined, text);
    for l in &lines {
        let s = &text[l.text.clone()];
        eprintln!("{:6.2} {s}", l.width);
        let first = s.chars().next().unwrap();
        assert!(!no_line_start(first, false), "{s}");
        assert!(!no_line_end(s.chars().last().unwrap()), "{s}");
        if !l.last {
            assert!((l.width - 100.0).abs() < 0.01);
        }
    }
    assert!(layout_paragraph(&shaper, "", &style(), 100.0).is_empty());
}

/// A run-in dateline is set from its own role's face; the text after it from the body face.
#[test]
fn run_in_dateline_takes_its_own_face() {
    let lead = "本报讯（记者 林河）";
    let text = "本报讯（记者 林河）清晨六点，早市已经热闹起来。";
    let mut ed = Edition::new("测试");
    let mut art = Article {
        dateline: Some(lead.to_string()),
        ..Article::default()
    };
    art.blocks.push(Block::new(
        BlockKind::Paragraph,
        &text[lead.len()..],
        Span::new("t", 1),
    ));
    ed.sections.push(Section {
        number: 1,
        name: None,
        articles: vec![art],
    });
    let set = FontSet::bundled().expect("fonts");
    let f = EditionFonts::prepare(&set, &ed, &[]).expect("prepare");
    let shaper = Shaper::new(&f).expect("shaper");
    let dateline_role = paiban_fonts::role_of(paiban_model::TextField::Dateline);
    let st = ParaStyle {
        run_in: Some((lead.len(), dateline_role)),
        ..style()
    };
    let lines = layout_paragraph(&shaper, text, &st, 300.0);
    let role_of_face = |i: usize| f.faces.get(i).map(|sf| sf.role);
    for g in lines.iter().flat_map(|l| &l.glyphs) {
        let want = if g.text.start < lead.len() {
            dateline_role
        } else {
            Role::Body
        };
        assert_eq!(
            role_of_face(g.face),
            Some(want),
            "{:?}",
            &text[g.text.clone()]
        );
    }
    assert_ne!(
        dateline_role,
        Role::Body,
        "the dateline stands out from the body"
    );
}

/// The real page's lines from ../shared (panics when absent: callers are `#[ignore]`d).
fn real_paragraphs() -> Vec<String> {
    let path = paiban_testkit::real_page();
    let src = std::fs::read_to_string(&path).expect("the real page reads");
    src.lines()
        .map(|l| l.trim_start_matches('#').trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The real page: no banned line starts/ends, `——`/`……` whole, full lines flush right.
#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md"]
fn real_page_obeys_clreq() {
    let paras = real_paragraphs();
    let f = fonts(&paras.join("\n"));
    let shaper = Shaper::new(&f).expect("shaper");
    let (mut full, mut flush) = (0, 0);
    for p in &paras {
        let lines = layout_paragraph(&shaper, p, &style(), 203.0);
        let joined: String = lines.iter().map(|l| &p[l.text.clone()]).collect();
        assert_eq!(&joined, p);
        for w in lines.windows(2) {
            let (a, b) = (&p[w[0].text.clone()], &p[w[1].text.clone()]);
            let (Some(end), Some(start)) = (a.trim_end().chars().last(), b.chars().next()) else {
                continue;
            };
            assert!(!no_line_start(start, false), "starts with {start}: {b}");
            assert!(!no_line_end(end), "ends with {end}: {a}");
            assert!(!inseparable(end, start), "split {end}{start}");
        }
        for l in lines.iter().filter(|l| !l.last) {
            full += 1;
            if (l.width - 203.0).abs() < 0.01 {
                flush += 1;
            }
        }
    }
    assert!(flush * 100 >= full * 98, "{flush}/{full} flush");
}

mod props {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    const ALPHABET: &str =
        "汉字排版中文测试一二三四五，。、：；！？“”‘’（）《》——……0123456789.abcXYZ+ ";

    fn shared_fonts() -> &'static EditionFonts {
        static F: OnceLock<EditionFonts> = OnceLock::new();
        F.get_or_init(|| fonts(ALPHABET))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn random_mixes(idx in proptest::collection::vec(0usize..64, 0..120), width in 40.0f32..200.0) {
            let chars: Vec<char> = ALPHABET.chars().collect();
            let text: String = idx.iter().map(|&i| chars[i % chars.len()]).collect();
            let shaper = Shaper::new(shared_fonts()).expect("shaper");
            let lines = layout_paragraph(&shaper, &text, &style(), width);
            let joined: String = lines.iter().map(|l| &text[l.text.clone()]).collect();
            prop_assert_eq!(&joined, &text);
            for l in lines.iter().filter(|l| !l.last) {
                prop_assert!(l.width <= width + 0.01);
                let s = &text[l.text.clone()];
                // A line that is one run of `……` or `——` has no gap justification may widen.
                let one_run = s.chars().all(|c| c == '…') || s.chars().all(|c| c == '—');
                let justified = l.glyphs.len() > 1 && !one_run && !s.trim().chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '+');
                if justified {
                    prop_assert!((l.width - width).abs() < 0.01, "{} {}", l.width, s);
                }
            }
        }
    }
}

/// Golden dump: each line's text and glyph x positions for fixed paragraphs at a fixed width.
/// Re-bless with `PAIBAN_BLESS=1 cargo test -p paiban-pdf inline::tests::golden`.
#[test]
fn golden_layout_dump() {
    let paras = [
        "他说：“今天好。”我们……——走吧！（注：这是“测试”。）《人民日报》发表评论，“数字经济”成为热词。",
        "2022年全省实现营业收入2.29亿元，同比增长15.6%，5G+工业互联网项目达到120个，iPhone与Android用户各占一半。",
        "标点挤压：“「引号」”、（括号）、【方头括号】；问号？叹号！省略号……破折号——结束。",
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
    ];
    let f = fonts(&paras.join(""));
    let shaper = Shaper::new(&f).expect("shaper");
    let mut dump = String::new();
    for (k, p) in paras.iter().enumerate() {
        dump.push_str(&format!("## paragraph {k}\n"));
        for l in layout_paragraph(&shaper, p, &style(), 153.0) {
            let xs: Vec<String> = l.glyphs.iter().map(|g| format!("{:.2}", g.x)).collect();
            dump.push_str(&format!(
                "{}\t{:.2}\t{}\n",
                &p[l.text.clone()],
                l.width,
                xs.join(" ")
            ));
        }
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/inline/golden/lines.txt");
    if std::env::var_os("PAIBAN_BLESS").is_some() {
        std::fs::write(path, &dump).expect("bless");
    }
    let want = std::fs::read_to_string(path).expect("golden file (bless with PAIBAN_BLESS=1)");
    assert_eq!(dump, want);
}

/// Robustness: a character in no face becomes .notdef (glyph 0) one em wide; an unbreakable
/// URL wider than the measure is broken anyway; centred lines are centred.
#[test]
fn notdef_long_url_and_centre() {
    let f = fonts("汉字abc/.:");
    let shaper = Shaper::new(&f).expect("shaper");
    let lines = layout_paragraph(&shaper, "汉\u{E000}字", &style(), 200.0);
    assert_eq!(lines.len(), 1);
    let g: Vec<_> = lines[0].glyphs.iter().map(|g| (g.glyph_id, g.x)).collect();
    assert_eq!(g[1].0, 0);
    // .notdef is one em; U+E000 counts as non-Han, so the quarter-em Han–Latin gap follows.
    assert!((g[2].1 - g[1].1 - 12.5).abs() < 0.01, "{g:?}");
    let url = "abc".repeat(40);
    let lines = layout_paragraph(&shaper, &url, &style(), 60.0);
    assert!(lines.len() > 2);
    assert!(
        lines.iter().all(|l| l.width <= 60.01),
        "{:?}",
        lines.iter().map(|l| l.width).collect::<Vec<_>>()
    );
    let mut centre = style();
    centre.align = Align::Center;
    centre.first_indent_em = 0.0;
    let lines = layout_paragraph(&shaper, "汉字", &centre, 100.0);
    assert!((lines[0].glyphs[0].x - 40.0).abs() < 0.01);
}

/// clreq: a full-width ？ or ！ inside a line keeps its whole em; only a line-end mark gives
/// up its blank half. An over-full line must not squeeze it to half an em to fit.
#[test]
fn question_and_exclamation_marks_keep_their_em_mid_line() {
    let st = ParaStyle {
        first_indent_em: 0.0,
        ..style()
    };
    for text in [
        "一二三？四五六七八九十甲乙丙丁",
        "一二三！四五六七八九十甲乙丙丁",
        "他问：“是吗？”我说是的，就是这样的。",
    ] {
        let f = fonts(text);
        let shaper = Shaper::new(&f).expect("shaper");
        // Ten and a half ems: squeezing the mark's blank half would fit eleven characters.
        for width in [105.0, 95.0, 85.0] {
            let lines = layout_paragraph(&shaper, text, &st, width);
            for l in &lines {
                let g = &l.glyphs;
                for k in 1..g.len().saturating_sub(1) {
                    let c = text[g[k].text.clone()].chars().next();
                    if !matches!(c, Some('？' | '！')) {
                        continue;
                    }
                    // The glyph before is a Han character: one em, then the mark's em.
                    assert!(
                        g[k + 1].x - g[k - 1].x >= 20.0 - 0.01,
                        "{text} at {width}: {:?} squeezed mid-line ({} pt from the glyph before to the one after)",
                        &text[l.text.clone()],
                        g[k + 1].x - g[k - 1].x
                    );
                }
            }
        }
    }
}

/// A space between Han characters (U+0020, U+00A0 as in `电\u{A0}（记者`) keeps the face's own
/// narrow advance: the full faces' `fwid`, on in Han runs, would widen it to an em.
#[test]
fn spaces_in_han_runs_keep_their_own_width() {
    let text = "记者 李河电\u{A0}（记者";
    let f = fonts(text);
    let shaper = Shaper::new(&f).expect("shaper");
    let shaped = shape::shape(&shaper, text, paiban_fonts::Role::Body, None, 10.0);
    let spaces: Vec<f32> = shaped
        .items
        .iter()
        .filter(|i| i.class == class::Class::Space)
        .map(|i| i.width)
        .collect();
    assert_eq!(spaces.len(), 2, "{spaces:?}");
    assert!(spaces.iter().all(|&w| w > 1.0 && w < 4.0), "{spaces:?}");
}

/// An ideographic space (the blank a transcription of a Qing gazette keeps before an
/// honorific, `奉\u{3000}旨`) is drawn by its own blank glyph, so the text keeps it; at a line's
/// end it gives up its em like any space, so the line's ink still ends flush.
#[test]
fn an_ideographic_space_is_kept_in_the_text_and_given_up_at_a_line_end() {
    let text = "奉旨著照所請戶部知\u{3000}道欽此文彬奏請以錢寳常署堰圩同知奉旨吏部議奏欽此";
    let f = fonts(text);
    let shaper = Shaper::new(&f).expect("shaper");
    let style = ParaStyle {
        first_indent_em: 0.0,
        ..style()
    };
    let lines = layout_paragraph(&shaper, text, &style, 100.0);
    let first = lines.first().expect("a line");
    assert!(
        text[first.text.clone()].ends_with('\u{3000}'),
        "{}",
        &text[first.text.clone()]
    );
    // The space is a glyph of the line, and the ink before it reaches the measure's end.
    let space = first
        .glyphs
        .iter()
        .position(|g| text[g.text.clone()].starts_with('\u{3000}'))
        .expect("the space is drawn");
    let ink = first
        .glyphs
        .get(space.wrapping_sub(1))
        .expect("a glyph before it");
    assert!((ink.x + 10.0 - 100.0).abs() < 0.01, "{} + 10", ink.x);
}
