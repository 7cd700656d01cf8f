//! `paiban check --report`: the review page's structure, read back as XML. Every diagnostic
//! has a row linked to its source line, the line anchors hold the source text, untrusted
//! text is escaped, the page is deterministic, and several editions get one page each.
//! The editions are written here (fictional text of our own).

#![allow(clippy::unwrap_used)]

use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

const PAGE: &str = "\
## 城南夜市今晚开张

□本报记者 林青

本报讯 城南夜市今晚开张，六十个摊位沿河排开。据市场管理处介绍，夜市每天

营业到晚上十一点。

有摊主在招牌上写着<script>alert(\"夜市\")</script>和 A&B 字样。

夜市附近还新设了三处停车场和
";

fn paiban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_paiban"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn edition(dir: &Path, fixes: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("page1.md"), PAGE).unwrap();
    std::fs::write(
        dir.join("edition.toml"),
        format!(
            "masthead = \"清河日报\"\ndate = 2026-03-18\n\n[[page]]\nnumber = 1\nfile = \"page1.md\"\n{fixes}"
        ),
    )
    .unwrap();
}

/// An element of the page: its tag, attributes and all the text inside it.
#[derive(Debug, Default, Clone)]
struct El {
    tag: String,
    attrs: BTreeMap<String, String>,
    text: String,
    /// `href`s of the links inside it.
    links: Vec<String>,
}

/// Every element of `html` in document order (parsed as XML: the page must be well formed).
fn parse(html: &str) -> Vec<El> {
    let mut r = Reader::from_str(html);
    let mut all: Vec<El> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    loop {
        let ev = r.read_event().unwrap();
        let text = match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let mut el = El {
                    tag: e.name().into_inner().to_string(),
                    ..El::default()
                };
                for a in e.attributes() {
                    let a = a.unwrap();
                    el.attrs.insert(
                        a.key.into_inner().to_string(),
                        a.normalized_value(XmlVersion::default())
                            .unwrap()
                            .into_owned(),
                    );
                }
                if let Some(h) = el.attrs.get("href") {
                    for &i in &open {
                        all[i].links.push(h.clone());
                    }
                }
                all.push(el);
                if matches!(ev, Event::Start(_)) {
                    open.push(all.len() - 1);
                }
                continue;
            }
            Event::End(_) => {
                open.pop();
                continue;
            }
            Event::Text(t) => t.xml10_content().into_owned(),
            Event::GeneralRef(g) => match g.resolve_char_ref().unwrap() {
                Some(c) => c.to_string(),
                None => match AsRef::<str>::as_ref(&g) {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    other => panic!("unexpected entity &{other};"),
                }
                .to_string(),
            },
            Event::Eof => break,
            _ => continue,
        };
        for &i in &open {
            all[i].text.push_str(&text);
        }
    }
    assert!(open.is_empty(), "unclosed elements");
    all
}

fn has_class(e: &El, c: &str) -> bool {
    e.attrs
        .get("class")
        .is_some_and(|v| v.split(' ').any(|x| x == c))
}

#[test]
fn every_diagnostic_has_a_row_linked_to_its_source_line() {
    let t = tempfile::tempdir().unwrap();
    let ed = t.path().join("qinghe");
    edition(&ed, "\n[[fix]]\nline = 5\njoin = false\n");
    let out = paiban()
        .args([
            "check",
            "--format",
            "json",
            "--report",
            "review.html",
            "qinghe",
        ])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = json[0]["diagnostics"].as_array().unwrap().clone();
    assert!(diags.iter().any(|d| d["severity"] == "warning"));
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "fix" && d["severity"] == "note")
    );
    let html = std::fs::read_to_string(t.path().join("review.html")).unwrap();

    // Untrusted text is escaped: no script element, the text is kept.
    assert!(!html.to_lowercase().contains("<script"), "unescaped script");
    assert!(html.contains("&lt;script&gt;alert(&quot;夜市&quot;)&lt;/script&gt;"));
    assert!(
        !html.contains("http:") && !html.contains("https:"),
        "external resource"
    );

    let els = parse(&html);
    let by_id: BTreeMap<&str, &El> = els
        .iter()
        .filter_map(|e| e.attrs.get("id").map(|i| (i.as_str(), e)))
        .collect();
    // Every source line of the page is listed under its number, with its text.
    let file = els
        .iter()
        .find(|e| e.tag == "h3" && e.text.ends_with("page1.md"))
        .expect("the page's heading");
    let f = file.attrs["id"].clone();
    for (i, line) in PAGE.lines().enumerate() {
        let el = by_id[format!("{f}-l{}", i + 1).as_str()];
        assert_eq!(el.tag, "div");
        assert_eq!(el.text, format!("{}{line}", i + 1));
    }
    // One row per diagnostic, in order, linked to the line it names.
    let rows: Vec<&El> = els
        .iter()
        .filter(|e| e.tag == "tr" && e.attrs.get("id").is_some_and(|i| i.starts_with('d')))
        .collect();
    assert_eq!(rows.len(), diags.len());
    for (k, (row, d)) in rows.iter().zip(&diags).enumerate() {
        assert_eq!(row.attrs["id"], format!("d{}", k + 1));
        assert!(has_class(row, d["severity"].as_str().unwrap()), "{row:?}");
        assert!(row.text.contains(d["code"].as_str().unwrap()));
        assert!(row.text.contains(d["message"].as_str().unwrap()));
        let line = d["span"]["line"].as_u64().unwrap();
        let target = row.links.first().expect("a link to the source");
        let target_el = by_id[target.trim_start_matches('#')];
        let span_file = d["span"]["file"].as_str().unwrap();
        let heading = by_id[target.trim_start_matches('#').split('-').next().unwrap()];
        assert_eq!(heading.text, span_file, "{target}");
        if line > 0 {
            assert!(target.ends_with(&format!("-l{line}")), "{target} for {d}");
            assert!(target_el.text.starts_with(&line.to_string()));
            // The source line links back to the row.
            let why = els
                .iter()
                .any(|e| has_class(e, "why") && e.links.contains(&format!("#d{}", k + 1)));
            assert!(why, "no mark for {d}");
        }
    }
    // The warning is highlighted on its row and on its line.
    let warned = rows.iter().find(|r| has_class(r, "warning")).unwrap();
    let line = by_id[warned.links[0].trim_start_matches('#')];
    assert!(has_class(line, "warning"));
    // The repaired edition is beside the source: headline, byline, dateline, blocks.
    let art = els.iter().find(|e| e.tag == "article").unwrap();
    assert!(art.text.contains("城南夜市今晚开张") && art.text.contains("本报记者 林青"));
    assert!(
        els.iter()
            .any(|e| has_class(e, "dateline") && e.text == "本报讯")
    );
    // The override kept the break: two blocks, each linked to its own line.
    assert!(
        els.iter()
            .any(|e| has_class(e, "b") && e.links.first() == Some(&format!("#{f}-l5")))
    );
    assert!(
        els.iter()
            .any(|e| has_class(e, "b") && e.links.first() == Some(&format!("#{f}-l7")))
    );

    // Deterministic bytes.
    let again = paiban()
        .args(["check", "-q", "--report", "again.html", "qinghe"])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        std::fs::read(t.path().join("again.html")).unwrap(),
        html.as_bytes()
    );
}

#[test]
fn an_unbuildable_edition_still_gets_its_page_and_several_get_one_each() {
    let t = tempfile::tempdir().unwrap();
    edition(&t.path().join("a"), "\n[[fix]]\nline = 4\njoin = true\n");
    edition(&t.path().join("b"), "");
    let out = paiban()
        .args(["check", "-q", "--report", "out/review.html", "a", "b"])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("review written to out/review-a.html"),
        "{stdout}"
    );
    assert!(
        stdout.contains("review written to out/review-b.html"),
        "{stdout}"
    );
    let a = std::fs::read_to_string(t.path().join("out/review-a.html")).unwrap();
    assert!(t.path().join("out/review-b.html").is_file());
    assert!(!t.path().join("out/review.html").exists());
    let els = parse(&a);
    assert!(
        els.iter()
            .any(|e| has_class(e, "bad") && e.text.contains("NOT buildable"))
    );
    // The override's error links to its own line of edition.toml.
    let row = els
        .iter()
        .find(|e| e.tag == "tr" && has_class(e, "error"))
        .expect("an error row");
    assert!(row.text.contains("edition.toml:9"), "{row:?}");
    let target = row.links[0].trim_start_matches('#');
    let line = els
        .iter()
        .find(|e| e.attrs.get("id").is_some_and(|i| i == target))
        .unwrap();
    assert_eq!(line.text, "9line = 4");
}
