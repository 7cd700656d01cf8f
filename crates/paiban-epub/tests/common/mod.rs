//! The test edition: written for these tests (not from any newspaper), it fills every field of
//! the model: front matter, named and unnamed pages, a page without articles, kicker,
//! subtitle, byline, dateline, a jump across pages, subheads, a photo with caption and credit,
//! a lone photo, a note, a stand-alone caption, markup-like text, Latin and digits.

#![allow(dead_code)]

use paiban_fonts::Role;
use paiban_model::{Article, Block, BlockKind, Edition, Section, Span};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

fn block(kind: BlockKind, text: &str, line: u32) -> Block {
    Block::new(kind, text, Span::new("qinghe.md", line))
}

fn image(src: &str, caption: &str, line: u32) -> Block {
    let mut b = block(BlockKind::Image, caption, line);
    b.src = Some(src.to_string());
    b
}

/// The test edition; images are read from `tests/fixtures`.
pub fn edition() -> Edition {
    use BlockKind::*;
    let mut e = Edition::new("清河日报");
    e.date = paiban_model::Date::parse("2024-03-05");
    e.issue = Some("第8123期".into());
    e.publisher = Some("清河日报社".into());
    e.base_dir = Some(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures"
    )));
    let lead = Article {
        kicker: Some("春耕时节访农家".into()),
        headline: Some("清河两岸麦苗返青 农技员下田忙指导".into()),
        subtitle: Some("全县今年推广节水灌溉三十万亩".into()),
        byline: Some("本报记者 李明 通讯员 张华".into()),
        dateline: Some("本报3月5日讯（记者 李明）".into()),
        continues_to: Some(2),
        blocks: vec![
            block(
                Paragraph,
                "连日来，清河两岸的冬小麦陆续返青，田间地头一派忙碌景象。",
                8,
            ),
            block(
                Paragraph,
                "县农技站组织二十多名技术员分片包村，手把手指导农户浇好返青水、施好拔节肥。<b>不是标签</b> & 也不是实体&amp;。",
                10,
            ),
            block(Subhead, "抓关键：节水灌溉全覆盖", 12),
            block(
                Paragraph,
                "“今年的苗情比去年好，”种粮大户王强说，“多亏了技术员指点。”",
                14,
            ),
            image("photo.png", "农技员在麦田里查看苗情。", 16),
            block(Credit, "本报记者 李明 摄", 17),
            block(
                Paragraph,
                "据介绍，全县今年计划推广滴灌、喷灌等节水技术……",
                19,
            ),
        ],
        span: Span::new("qinghe.md", 5),
        ..Article::default()
    };
    let library = Article {
        headline: Some("县图书馆延长开放时间".into()),
        byline: Some("本报通讯员 赵雪".into()),
        blocks: vec![
            block(
                Note,
                "编者按：读者来信建议图书馆晚间开放，本报予以关注。",
                24,
            ),
            block(
                Paragraph,
                "从本月起，县图书馆每天开放至晚上九点，周末照常开放。",
                26,
            ),
        ],
        span: Span::new("qinghe.md", 22),
        ..Article::default()
    };
    let photo = Article {
        blocks: vec![
            image("photo.png", "清河大桥夕照。", 30),
            block(Credit, "本报记者 王芳 摄", 31),
        ],
        span: Span::new("qinghe.md", 30),
        ..Article::default()
    };
    let continued = Article {
        headline: Some("清河两岸麦苗返青".into()),
        continued_from: Some(1),
        blocks: vec![block(
            Paragraph,
            "技术员还在各村设立咨询点，帮助农户解决春管中遇到的难题。",
            36,
        )],
        span: Span::new("qinghe.md", 35),
        ..Article::default()
    };
    let network = Article {
        kicker: Some("数字乡村".into()),
        headline: Some("5G基站覆盖全部乡镇".into()),
        blocks: vec![
            block(
                Paragraph,
                "截至2月底，全县已建成5G基站318个——实现乡镇全覆盖，下载速率达到每秒500Mb。",
                40,
            ),
            block(Caption, "图为技术人员调试设备。", 42),
        ],
        span: Span::new("qinghe.md", 39),
        ..Article::default()
    };
    e.sections = vec![
        Section {
            number: 1,
            name: Some("要闻".into()),
            articles: vec![lead, library, photo],
        },
        Section {
            number: 2,
            name: Some("综合".into()),
            articles: vec![continued, network],
        },
        Section {
            number: 3,
            name: Some("副刊".into()),
            articles: vec![],
        },
    ];
    let unread = paiban_ingest::images::add_pictures(&mut e);
    assert!(unread.is_empty(), "fixture pictures: {unread:?}");
    e
}

/// The entries of an EPUB, in archive order: (name, stored?, bytes).
pub fn unzip(book: &[u8]) -> Vec<(String, bool, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("a zip archive");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read entry");
            (
                f.name().to_string(),
                f.compression() == zip::CompressionMethod::Stored,
                data,
            )
        })
        .collect()
}

/// The text of entry `name`.
pub fn entry(entries: &[(String, bool, Vec<u8>)], name: &str) -> String {
    let (_, _, data) = entries
        .iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in the book"));
    String::from_utf8(data.clone()).expect("UTF-8")
}

/// Attribute `name` of an element.
pub fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// (element name, attributes) of every start or empty element of `xml`, in order.
pub fn elements(xml: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        let k = a.key.as_ref().to_string();
                        (
                            k,
                            a.normalized_value(XmlVersion::Implicit1_0)
                                .expect("value")
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push((e.name().as_ref().to_string(), attrs));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The spine's hrefs in order.
pub fn spine(opf: &str) -> Vec<String> {
    let els = elements(opf);
    let hrefs: BTreeMap<String, String> = els
        .iter()
        .filter(|(n, _)| n == "item")
        .map(|(_, a)| (a["id"].clone(), a["href"].clone()))
        .collect();
    els.iter()
        .filter(|(n, _)| n == "itemref")
        .map(|(_, a)| hrefs[&a["idref"]].clone())
        .collect()
}

/// The role-assigning rules of the stylesheet: selector → role, in sheet order.
fn role_rules(css: &str) -> Vec<(String, Role)> {
    let mut rules = Vec::new();
    for line in css.lines().filter(|l| !l.starts_with("@font-face")) {
        let Some((selectors, body)) = line.split_once('{') else {
            continue;
        };
        let role = Role::ALL
            .into_iter()
            .find(|r| body.contains(&format!("font-family: \"paiban-{}-", r.name())));
        if let Some(role) = role {
            for s in selectors.split(',') {
                rules.push((s.trim().to_string(), role));
            }
        }
    }
    rules
}

/// Whether a simple selector (`tag`, `.class`, `tag.class`) matches an element.
fn matches(selector: &str, tag: &str, classes: &[String]) -> bool {
    let (t, c) = selector.split_once('.').unwrap_or((selector, ""));
    (t.is_empty() || t == tag) && (c.is_empty() || classes.iter().any(|k| k == c))
}

/// Check that every displayed character of the spine documents and the nav is in an embedded
/// font of the role the stylesheet sets it in; returns how many characters were checked.
pub fn check_font_coverage(entries: &[(String, bool, Vec<u8>)]) -> usize {
    let css = entry(entries, "OEBPS/stylesheet.css");
    let rules = role_rules(&css);
    assert!(
        rules.len() > 10,
        "role rules found in the stylesheet: {rules:?}"
    );
    // The cmap of each role's embedded faces.
    let mut fonts: Vec<(Role, &[u8])> = Vec::new();
    for (name, _, data) in entries
        .iter()
        .filter(|(n, ..)| n.starts_with("OEBPS/fonts/"))
    {
        let role = Role::ALL
            .into_iter()
            .find(|r| name.starts_with(&format!("OEBPS/fonts/{}-", r.name())))
            .expect("font named by role");
        fonts.push((role, data));
    }
    assert_eq!(fonts.len(), 3, "one face per role");
    let covers = |role: Role, c: char| {
        fonts.iter().filter(|(r, _)| *r == role).any(|(_, data)| {
            ttf_parser::Face::parse(data, 0)
                .expect("embedded font parses")
                .glyph_index(c)
                .is_some()
        })
    };
    let opf = entry(entries, "OEBPS/content.opf");
    let mut checked = 0;
    // The spine, and the nav: not in the spine, but a reader may show it with the stylesheet
    // (EPUB 3 reading systems show its contents).
    let mut docs = spine(&opf);
    docs.push("nav.xhtml".to_string());
    for href in docs {
        let xml = entry(entries, &format!("OEBPS/{href}"));
        let mut r = Reader::from_str(&xml);
        let mut stack: Vec<Role> = Vec::new();
        loop {
            match r.read_event().expect("XHTML") {
                // The head is not displayed.
                Event::Start(e) if e.name().as_ref() == "head" => {
                    r.read_to_end(e.name()).expect("head");
                }
                Event::Start(e) => {
                    let tag = e.name().as_ref().to_string();
                    let classes: Vec<String> = attr(&e, "class")
                        .unwrap_or_default()
                        .split_whitespace()
                        .map(str::to_string)
                        .collect();
                    let own = rules
                        .iter()
                        .rev()
                        .find(|(s, _)| matches(s, &tag, &classes))
                        .map(|(_, r)| *r);
                    let inherited = stack.last().copied().unwrap_or(Role::Body);
                    stack.push(own.unwrap_or(inherited));
                }
                Event::End(_) => {
                    stack.pop();
                }
                Event::Text(t) => {
                    let role = stack.last().copied().unwrap_or(Role::Body);
                    let text = t.xml10_content().into_owned();
                    for c in text.chars().filter(|c| !c.is_whitespace()) {
                        assert!(covers(role, c), "{href}: '{c}' not in the {role} fonts");
                        checked += 1;
                    }
                }
                Event::GeneralRef(g) => {
                    let role = stack.last().copied().unwrap_or(Role::Body);
                    if let Ok(Some(c)) = g.resolve_char_ref() {
                        assert!(covers(role, c), "{href}: '{c}' not in the {role} fonts");
                    } else {
                        let name = g.xml10_content().into_owned();
                        let c = match name.as_str() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            _ => '\'',
                        };
                        assert!(covers(role, c), "{href}: '{c}' not in the {role} fonts");
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
    }
    checked
}
