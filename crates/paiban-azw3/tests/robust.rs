//! Property test: books of random documents (any mix of Chinese, ASCII, characters outside
//! the BMP, escaped markup characters; short pages, pages far over a fragment's size and
//! paragraphs longer than one, so records cut characters, big elements are stepped into and
//! long texts cut into spans) read back with the same text, fragments of at most 8 KB, links
//! that land on their targets and the same bytes on a second render.

mod common;

use common::{Book, body_text};
use paiban_epub::{GuideRef, PartFile, Parts, TocEntry};
use proptest::prelude::*;

fn file(href: &str, media_type: &'static str, spine: bool, data: Vec<u8>) -> PartFile {
    PartFile {
        href: href.into(),
        media_type,
        spine,
        cover_image: href.contains("cover"),
        data,
    }
}

fn document(title: &str, paragraphs: &[String], next: Option<&str>) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut body = String::new();
    for p in paragraphs {
        body += &format!("<p>{}</p>\n", esc(p));
    }
    if let Some(n) = next {
        body += &format!("<p class=\"jump\"><a href=\"{n}#story\">下一篇</a></p>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"zh-CN\" xml:lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n<article class=\"story\" id=\"story\" epub:type=\"bodymatter\">\n<h1>{}</h1>\n{body}</article>\n</body>\n</html>\n",
        esc(title),
        esc(title)
    )
    .into_bytes()
}

fn parts(docs: &[(String, Vec<String>)]) -> Parts {
    let css = "@font-face { font-family: \"b\"; src: url(\"fonts/body-0.ttf\") format(\"truetype\"); }\nbody { margin: 0; }\n";
    let mut files = vec![
        file("stylesheet.css", "text/css", false, css.as_bytes().to_vec()),
        file(
            "fonts/body-0.ttf",
            "font/ttf",
            false,
            b"\0\x01\0\0 not really a font".repeat(300),
        ),
        file(
            "images/cover.png",
            "image/png",
            false,
            b"\x89PNG\r\n\x1a\n cover".to_vec(),
        ),
    ];
    let names: Vec<String> = (0..docs.len())
        .map(|i| format!("p01-{:02}.xhtml", i + 1))
        .collect();
    let mut children = Vec::new();
    for (i, (title, paras)) in docs.iter().enumerate() {
        let next = names.get(i + 1).map(String::as_str);
        files.push(file(
            &names[i],
            "application/xhtml+xml",
            true,
            document(title, paras, next),
        ));
        children.push(TocEntry {
            label: title.clone(),
            target: format!("{}#story", names[i]),
            children: Vec::new(),
        });
    }
    Parts {
        title: "测试日报 2026年1月1日".into(),
        lang: "zh-CN".into(),
        creator: "测试日报社".into(),
        publisher: None,
        date: Some("2026-01-01".into()),
        modified: 1_767_225_600,
        uid: "urn:uuid:00000000-0000-5000-8000-000000000000".into(),
        files,
        toc: vec![TocEntry {
            label: "第1版".into(),
            target: names.first().cloned().unwrap_or_default(),
            children,
        }],
        guide: vec![GuideRef {
            kind: "text",
            title: "第1版".into(),
            target: names.first().cloned().unwrap_or_default(),
        }],
    }
}

fn text() -> impl Strategy<Value = String> {
    // Chinese, ASCII words, a character outside the BMP, markup characters and spaces.
    proptest::string::string_regex("[清河日报新桥通车。，“”a-zA-Z0-9 <>&𠀀]{0,400}").expect("regex")
}

fn long_text() -> impl Strategy<Value = String> {
    // Paragraphs longer than a fragment (8 KB), which kindlegen cuts into spans.
    proptest::string::string_regex("[清河日报新桥a-z&<]{2500,4000}").expect("regex")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_books_read_back(docs in proptest::collection::vec(
        (text(), proptest::collection::vec(prop_oneof![4 => text(), 1 => long_text()], 0..40)),
        1..5,
    )) {
        let parts = parts(&docs);
        let file = paiban_azw3::render(&parts).expect("render");
        prop_assert!(file == paiban_azw3::render(&parts).expect("render"));
        let book = Book::parse(&file);
        let (rebuilt, fragments) = book.documents();
        let want: Vec<String> = parts.files.iter().filter(|f| f.spine).map(|f| body_text(&f.data)).collect();
        let got: Vec<String> = rebuilt.iter().map(|d| body_text(d)).collect();
        prop_assert_eq!(got, want);
        // Every fragment within kindlegen's 8 KB, long paragraphs included.
        let flat = rebuilt.concat();
        for &(ins, len) in &fragments {
            prop_assert!(len <= 8192, "fragment of {} bytes: {}", len, String::from_utf8_lossy(&flat[ins..ins + 120]));
        }
        let all = rebuilt.concat();
        let s = String::from_utf8(all.clone()).expect("utf-8");
        // Each link lands on the next document's article, or, when that start tag stayed in
        // the skeleton (a big article is stepped into), on the first thing inside it, as
        // kindlegen's and Calibre's links do.
        let starts: Vec<usize> = rebuilt
            .iter()
            .scan(0, |at, d| {
                let here = *at;
                *at += d.len();
                Some(here)
            })
            .collect();
        let mut links = 0;
        for (at, _) in s.match_indices("kindle:pos:fid:") {
            let fid = usize::from_str_radix(&s[at + 15..at + 19], 32).expect("fid");
            let off = usize::from_str_radix(&s[at + 24..at + 34], 32).expect("off");
            let pos = fragments[fid].0 + off;
            let source = starts.iter().rposition(|&d| d <= at).expect("a document");
            let target = starts[source + 1];
            prop_assert!(pos > target && pos < target + rebuilt[source + 1].len());
            prop_assert_eq!(all[pos], b'<');
            let article = s[target..].find("<article").expect("article") + target;
            let open_end = s[article..].find('>').expect("tag end") + article + 1;
            prop_assert!(pos == article || (pos >= open_end && s[open_end..pos].trim().is_empty()),
                "{}", &s[pos..pos + 30]);
            links += 1;
        }
        prop_assert_eq!(links, docs.len() - 1);
    }
}
