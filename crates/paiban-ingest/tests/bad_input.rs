//! Bad, odd, large and deep input (issue 7, ingest side): a clear error naming the file
//! and line or byte offset, or a working edition — never a panic.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use paiban_ingest::{IngestError, IngestOptions, Ingested, load};
use paiban_model::{BlockKind, Severity};
use paiban_testkit::Scratch;

fn dir(name: &str) -> Scratch {
    paiban_testkit::scratch(&format!("bad-{name}"))
}

fn bare(name: &str, bytes: &[u8]) -> Result<Ingested, IngestError> {
    let d = dir(name);
    let p = d.join(name);
    std::fs::write(&p, bytes).unwrap();
    load(&p, &IngestOptions::default())
}

fn err(name: &str, bytes: &[u8]) -> String {
    let e = bare(name, bytes).unwrap_err().to_string();
    assert!(e.contains(name), "error does not name the file: {e}");
    e
}

#[test]
fn empty_whitespace_binary() {
    assert!(err("empty.md", b"").contains("empty"));
    assert!(err("blank.txt", " \n\t\r\n\u{3000}\n".as_bytes()).contains("empty"));
    let e = err("garbage.md", b"PK\x03\x04\x00\x00\x08\x00binary\x00\x01");
    assert!(e.contains("byte") && e.contains("binary"), "{e}");
}

#[test]
fn encodings() {
    let e = err("bad.md", b"# \xe6\xa0\x87\n\n\xff\xfe\xfd\xfc\x80\x81");
    assert!(e.contains("byte 7"), "{e}");
    let mut utf16 = Vec::new();
    for u in "# Title\n\nText of the page.\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    assert!(err("u16.md", &utf16).contains("UTF-16"));
    let mut with_bom = vec![0xFF, 0xFE];
    with_bom.extend(&utf16);
    let ok = bare("u16bom.md", &with_bom).unwrap();
    assert_eq!(
        ok.edition.articles().next().unwrap().1.headline.as_deref(),
        Some("Title")
    );
    let (gbk, _, _) = encoding_rs::GB18030.encode("## 清河新闻\n\n本报讯 清河新桥今天通车。\n");
    let ok = bare("gbk.md", &gbk).unwrap();
    assert_eq!(
        ok.edition.articles().next().unwrap().1.headline.as_deref(),
        Some("清河新闻")
    );
    assert!(ok.diagnostics.iter().any(|d| d.code == "encoding"));
    let ok = bare("crlf.md", "\u{feff}## 标题\r\n\r\n正文。\r\n".as_bytes()).unwrap();
    assert_eq!(
        ok.edition.articles().next().unwrap().1.blocks[0].text,
        "正文。"
    );
}

#[test]
fn bad_options() {
    let d = dir("opt");
    let p = d.join("p.md");
    std::fs::write(&p, "正文。").unwrap();
    let opts = IngestOptions {
        date: Some("2026-02-30".into()),
        ..Default::default()
    };
    assert!(load(&p, &opts).unwrap_err().to_string().contains("--date"));
    // A folder of page files is an edition; a folder without any is an error.
    assert!(load(&d, &IngestOptions::default()).is_ok());
    let empty = d.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let e = load(&empty, &IngestOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("edition.toml"), "{e}");
}

fn manifest_err(toml: &str) -> String {
    let d = dir("m");
    std::fs::write(d.join("p1.md"), "# 标题\n\n正文。\n").unwrap();
    std::fs::write(d.join("edition.toml"), toml).unwrap();
    load(&d, &IngestOptions::default()).unwrap_err().to_string()
}

#[test]
fn manifest_errors() {
    let page = "[[page]]\nnumber = 1\nfile = \"p1.md\"\n";
    let e = manifest_err(&format!("masthead = \"清河日报\nfoo\n{page}"));
    assert!(e.contains("edition.toml:2:4"), "{e}");
    let e = manifest_err(&format!("masthead = \"清河日报\"\ncolour = 1\n{page}"));
    assert!(
        e.contains("edition.toml:2:1") && e.contains("colour"),
        "{e}"
    );
    let e = manifest_err(&format!("date = \"2026-13-01\"\n{page}"));
    assert!(
        e.contains("edition.toml:1:8") && e.contains("invalid date"),
        "{e}"
    );
    let e = manifest_err(&format!("{page}{page}"));
    assert!(e.contains("edition.toml:5:") && e.contains("twice"), "{e}");
    let e = manifest_err("[[page]]\nnumber = 1\nfile = \"nope.md\"\n");
    assert!(
        e.contains("edition.toml:3:8") && e.contains("not found"),
        "{e}"
    );
    let e = manifest_err("[[page]]\nnumber = 1\nfile = \"../../etc/passwd\"\n");
    assert!(e.contains("edition.toml:3:") && e.contains("leaves"), "{e}");
    let e = manifest_err("[repair]\njoin = \"yes\"\n[[page]]\nnumber = 1\nfile = \"p1.md\"\n");
    assert!(e.contains("edition.toml:2:"), "{e}");
}

#[test]
fn repair_switches() {
    let d = dir("sw");
    std::fs::write(
        d.join("p1.md"),
        "## 标题\n\n本报讯(记者 王一)前一半\n\n后一半。\n",
    )
    .unwrap();
    std::fs::write(
        d.join("edition.toml"),
        "masthead = \"清河日报\"\n[[page]]\nnumber = 1\nfile = \"p1.md\"\n[repair]\njoin = false\npunctuation = false\n",
    )
    .unwrap();
    let ing = load(&d, &IngestOptions::default()).unwrap();
    let a = ing.edition.articles().next().unwrap().1;
    assert_eq!(a.blocks.len(), 2);
    assert_eq!(a.dateline.as_deref(), Some("本报讯(记者 王一)"));
}

const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[test]
fn images_outside_missing_corrupt_huge() {
    let d = dir("img");
    std::fs::write(d.join("ok.png"), PNG_1X1).unwrap();
    let mut huge = PNG_1X1.to_vec();
    huge[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    std::fs::write(d.join("huge.png"), huge).unwrap();
    std::fs::write(d.join("bad.jpg"), b"\xFF\xD8\xFF\xE0garbage").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", d.join("link.png")).unwrap();
    let page = "## 图片\n\n![好图](ok.png)\n\n![逃逸](../../etc/passwd)\n\n![绝对](/etc/passwd)\n\n![丢失](missing.png)\n\n![坏图](bad.jpg)\n\n![巨图](huge.png)\n\n![链接](link.png)\n";
    std::fs::write(d.join("p.md"), page).unwrap();
    let ing = load(&d.join("p.md"), &IngestOptions::default()).unwrap();
    let a = ing.edition.articles().next().unwrap().1;
    assert_eq!(a.blocks[0].kind, BlockKind::Image);
    assert_eq!(a.blocks[0].src.as_deref(), Some("ok.png"));
    let captions: Vec<&str> = a.blocks[1..].iter().map(|b| b.text.as_str()).collect();
    assert_eq!(captions, ["逃逸", "绝对", "丢失", "坏图", "巨图", "链接"]);
    assert!(a.blocks[1..].iter().all(|b| b.kind == BlockKind::Caption));
    let warns: Vec<u32> = ing
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.code == "image")
        .map(|d| d.span.line)
        .collect();
    assert_eq!(warns, [5, 7, 9, 11, 13, 15]);
}

#[test]
fn html_is_kept_as_text() {
    let ing = bare(
        "html.md",
        b"## <b>Title</b>\n\n<script>alert('x')</script>\n\n<div>\xe6\xad\xa3\xe6\x96\x87</div>\n",
    )
    .unwrap();
    let a = ing.edition.articles().next().unwrap().1;
    assert_eq!(a.headline.as_deref(), Some("<b>Title</b>"));
    assert!(
        a.blocks
            .iter()
            .any(|b| b.text == "<script>alert('x')</script>")
    );
}

#[test]
fn large_and_deep_sources() {
    // 10 000 levels of nesting, of block quotes and of lists.
    let deep = ">".repeat(10_000) + " 深层引用的正文。\n";
    let ing = bare("deep.md", deep.as_bytes()).unwrap();
    assert!(
        serde_json::to_string(&ing.edition)
            .unwrap()
            .contains("深层引用的正文")
    );
    let mut list = String::new();
    for i in 0..10_000 {
        list.push_str(&" ".repeat(i * 2));
        list.push_str("- 项\n");
    }
    assert!(bare("list.md", list.as_bytes()).is_ok());
    // 10 000 headings.
    let mut many = String::new();
    for i in 0..10_000 {
        many.push_str(&format!("## 标题{i}\n\n正文第{i}段。\n\n"));
    }
    let ing = bare("many.md", many.as_bytes()).unwrap();
    assert_eq!(ing.edition.articles().count(), 10_000);
    // One 2 MB paragraph, with ASCII punctuation and spaces all the way.
    let para = "清河两岸, 风景如画 (好)".repeat(2_000_000 / 30);
    let ing = bare("long.txt", para.as_bytes()).unwrap();
    let text = &ing.edition.articles().next().unwrap().1.blocks[0].text;
    assert!(text.len() > 1_900_000 && !text.contains(','));
    // A 50 MB source of ordinary pages.
    let mut big = String::with_capacity(51 << 20);
    let mut i = 0u64;
    while big.len() < 50 << 20 {
        big.push_str(&format!("## 第{i}条新闻\n\n本报讯(记者 王一)第{i}条新闻的正文,讲述清河两岸的新变化,内容完整。\n\n"));
        i += 1;
    }
    let ing = bare("big.md", big.as_bytes()).unwrap();
    assert_eq!(ing.edition.articles().count() as u64, i);
}
