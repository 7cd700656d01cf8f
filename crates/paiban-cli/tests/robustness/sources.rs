//! Robustness, end to end: page sources that cannot be read (empty, blank, binary, invalid
//! encodings) fail with exit 1, a message naming the file and the line or byte offset, and no
//! book left behind; sources in other accepted encodings build; raw HTML in a source reaches the
//! EPUB as text, never as markup.

use crate::support::*;

/// Build a bare page file `name` holding `bytes`; returns the run and the output folder.
fn build_page(name: &str, bytes: &[u8]) -> (Run, tempfile::TempDir) {
    let dir = tempdir();
    let page = write(dir.path(), name, bytes);
    let out = dir.path().join("out");
    let run = paiban([
        "build".as_ref(),
        page.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .cwd(dir.path())
    .run();
    (run, dir)
}

fn assert_rejected(name: &str, bytes: &[u8], offsets: &[u64]) {
    let (run, dir) = build_page(name, bytes);
    run.assert_fails_with(&[name]);
    if !offsets.is_empty() {
        assert!(
            names_offset(&run.stderr, offsets) || run.stderr.contains(&format!("{name}:")),
            "{}: the message should name the byte offset (one of {offsets:?}) or line\n{}",
            run.what,
            run.stderr
        );
    }
    assert_no_output(dir.path());
    // `check` agrees and writes nothing either.
    let page = dir.path().join(name);
    let before = listing(dir.path());
    let check = paiban(["check".as_ref(), page.as_os_str()])
        .cwd(dir.path())
        .run();
    check.assert_no_crash();
    assert_eq!(check.code, Some(1), "check of {name}: {}", check.output());
    assert_eq!(before, listing(dir.path()), "check wrote something");
}

#[test]
fn empty_file_is_an_error() {
    assert_rejected("empty.md", b"", &[]);
    assert_rejected("empty.txt", b"", &[]);
}

#[test]
fn whitespace_only_is_an_error() {
    assert_rejected("blank.md", " \n\t\n\r\n　　\n".as_bytes(), &[]);
    assert_rejected("blank.txt", "\n\n   \n　\n".as_bytes(), &[]);
}

#[test]
fn binary_garbage_is_an_error() {
    let mut bytes = garbage(4096, 7);
    bytes[5] = 0; // a NUL early on, as in any binary file
    assert_rejected("garbage.md", &bytes, &[]);
    // A PNG (a real binary file) given as a page.
    assert_rejected("photo.txt", &png(4, 4, [1, 2, 3]), &[]);
}

#[test]
fn invalid_utf8_that_is_not_gb18030_names_the_offset() {
    // 0xFF is neither a UTF-8 byte nor a GB18030 lead byte: both decoders stop at offset 13.
    let mut bytes = b"## title\n\nab".to_vec();
    bytes.push(b'c');
    assert_eq!(bytes.len(), 13);
    bytes.extend_from_slice(b"\xff\x80\xff rest of the line\n");
    assert_rejected("invalid.md", &bytes, &[13, 14]);
}

#[test]
fn utf16_without_bom_is_an_error() {
    let text = "## 新区供水工程开工\n\n工程建成后将有效保障新区的用水安全。\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    assert_rejected("utf16le.md", &le, &[]);
    let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    assert_rejected("utf16be.txt", &be, &[]);
}

/// The Han text of the EPUB's article pages.
fn built_text(dir: &std::path::Path, stem: &str) -> String {
    epub_xhtml(&dir.join("out").join(format!("{stem}.epub")))
}

#[test]
fn utf16_with_bom_gb18030_utf8_bom_and_crlf_build() {
    let text = "## 新区供水工程开工\n\n工程建成后将有效保障新区的用水安全。\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    let gb = gb18030(text);
    let mut bom8 = b"\xEF\xBB\xBF".to_vec();
    bom8.extend_from_slice(text.replace('\n', "\r\n").as_bytes());
    for (name, bytes) in [
        ("le.md", le),
        ("be.md", be),
        ("gb.md", gb),
        ("bom8.md", bom8),
    ] {
        let dir = tempdir();
        let page = write(dir.path(), name, &bytes);
        let out = dir.path().join("out");
        paiban([
            "build".as_ref(),
            page.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .arg("--format")
        .arg("epub")
        .run()
        .assert_ok();
        let stem = name.trim_end_matches(".md");
        let xhtml = built_text(dir.path(), stem);
        assert!(
            xhtml.contains("用水安全"),
            "{name}: decoded text missing from the EPUB"
        );
        assert!(
            !xhtml.contains('\u{FEFF}'),
            "{name}: BOM leaked into the text"
        );
    }
}

/// GB18030 bytes of `text` (only the characters the test uses: a fixed table).
fn gb18030(text: &str) -> Vec<u8> {
    // GBK codes of the Han characters and full-width marks in the sample sentence.
    const TABLE: &[(char, [u8; 2])] = &[
        ('新', [0xD0, 0xC2]),
        ('区', [0xC7, 0xF8]),
        ('供', [0xB9, 0xA9]),
        ('水', [0xCB, 0xAE]),
        ('工', [0xB9, 0xA4]),
        ('程', [0xB3, 0xCC]),
        ('开', [0xBF, 0xAA]),
        ('建', [0xBD, 0xA8]),
        ('成', [0xB3, 0xC9]),
        ('后', [0xBA, 0xF3]),
        ('将', [0xBD, 0xAB]),
        ('有', [0xD3, 0xD0]),
        ('效', [0xD0, 0xA7]),
        ('保', [0xB1, 0xA3]),
        ('障', [0xD5, 0xCF]),
        ('的', [0xB5, 0xC4]),
        ('用', [0xD3, 0xC3]),
        ('安', [0xB0, 0xB2]),
        ('全', [0xC8, 0xAB]),
        ('。', [0xA1, 0xA3]),
    ];
    let mut out = Vec::new();
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
        } else {
            let (_, b) = TABLE
                .iter()
                .find(|(k, _)| *k == c)
                .unwrap_or_else(|| panic!("no GBK code for {c} in the test table"));
            out.extend_from_slice(b);
        }
    }
    out
}

#[test]
fn raw_html_and_script_are_text_in_the_epub() {
    let dir = tempdir();
    let src = "## 网页代码<b>加粗</b>不应生效\n\n\
               正文里有<script>alert('x')</script>这样的代码，还有<img src=x onerror=alert(1)>标签。\n\n\
               <div class=\"box\">\n<script type=\"text/javascript\">document.write('注入')</script>\n</div>\n\n\
               <iframe src=\"http://example.com/\"></iframe>\n\n\
               最后一段：a &lt; b &amp; c，文字完整。\n";
    let page = write(dir.path(), "html.md", src);
    let out = dir.path().join("out");
    paiban([
        "build".as_ref(),
        page.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .arg("--format")
    .arg("epub")
    .run()
    .assert_ok();
    let book = out.join("html.epub");
    for (name, bytes) in read_zip(&book) {
        if !(name.ends_with(".xhtml") || name.ends_with(".html") || name.ends_with(".opf")) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for tag in tags(&text) {
            let tag_name = tag.split_whitespace().next().unwrap_or("");
            assert!(
                !["script", "iframe", "img", "object", "embed", "b"].contains(&tag_name)
                    || (tag_name == "img" && !tag.contains("src=x")),
                "{name} holds live markup <{tag}> from the source"
            );
            assert!(
                !tag.split_whitespace()
                    .any(|a| a.starts_with("on") && a.contains('=')),
                "{name} holds an event handler in <{tag}>"
            );
            assert!(
                !tag.contains("class=\"box\""),
                "{name}: the source's <div> is live"
            );
        }
    }
    let xhtml = epub_xhtml(&book);
    // What the reader sees: the source's markup as text, escaped.
    assert!(
        xhtml.contains("&lt;script&gt;") || xhtml.contains("&lt;script"),
        "the <script> of the source should be shown as text"
    );
    assert!(xhtml.contains("正文里有"), "text around the markup is kept");
    assert!(xhtml.contains("文字完整"));
}

/// The inside of every tag (`<…>`) of an XML text, without the angle brackets.
fn tags(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

#[test]
fn bare_page_without_a_date_builds_both_books() {
    // Finding 1: a bare page with no --date (and none in its name) must still give a PDF/A:
    // the document date falls back to SOURCE_DATE_EPOCH or a fixed default, never the clock.
    let dir = tempdir();
    let page = write(dir.path(), "page.md", "## 标题\n\n正文，内容完整。\n");
    let out = dir.path().join("out");
    for env in [None, Some("1700000000")] {
        let mut cmd = paiban([
            "build".as_ref(),
            page.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        if let Some(e) = env {
            cmd = cmd.env("SOURCE_DATE_EPOCH", e);
        }
        cmd.run().assert_ok();
        assert!(out.join("page.epub").is_file() && out.join("page.pdf").is_file());
    }
}

#[test]
fn unicode_spaces_and_non_utf8_paths_build() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempdir();
    // An edition folder named in Chinese with spaces and brackets.
    let ed = small_edition(dir.path(), "南湖 晨报 (2024)");
    let out = dir.path().join("输出 目录");
    paiban([
        "build".as_ref(),
        ed.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .run()
    .assert_ok();
    assert!(is_complete_zip(
        &out.join("南湖 晨报 (2024)-2024-03-05.epub")
    ));
    // A page file whose name is not UTF-8 (Linux allows any bytes but '/' and NUL).
    let name = std::ffi::OsStr::from_bytes(b"page-\xff\xfe.md");
    let page = dir.path().join(name);
    std::fs::write(&page, "## 标题\n\n正文，内容完整。\n").expect("write");
    let out2 = dir.path().join("out2");
    let run = paiban([
        "build".as_ref(),
        page.as_os_str(),
        "-o".as_ref(),
        out2.as_os_str(),
    ])
    .arg("--date")
    .arg("2024-03-05")
    .run();
    run.assert_no_crash();
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.output());
    if run.code == Some(0) {
        let books: Vec<_> = listing(&out2).into_iter().map(|(p, _, _)| p).collect();
        assert_eq!(books.len(), 2, "two books for the page: {books:?}");
    } else {
        assert_no_output(&out2);
    }
}
