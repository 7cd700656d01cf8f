//! Robustness, end to end: fonts. A missing or corrupt font file is an error naming the file;
//! a character no face covers (U+17000, Tangut) is an error naming the character, its code point
//! and the source file:line, and `--allow-missing-glyphs` builds anyway. Nothing is written on
//! error.

use crate::support::*;

const PAGE: &str = "## 我市首座智慧图书馆开馆\n\n本报讯 昨天上午，智慧图书馆正式开馆。\n";

fn page_dir(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempdir();
    let page = write(dir.path(), "page.md", text);
    (dir, page)
}

fn build(page: &std::path::Path, out: &std::path::Path, extra: &[&str]) -> Run {
    let mut cmd = paiban([
        "build".as_ref(),
        page.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .arg("--date")
    .arg("2024-03-05");
    for a in extra {
        cmd = cmd.arg(a);
    }
    cmd.run()
}

#[test]
fn missing_font_file_is_named() {
    let (dir, page) = page_dir(PAGE);
    let out = dir.path().join("out");
    let missing = dir.path().join("no-such-font.ttf");
    for flag in [
        format!("--font=body={}", missing.display()),
        format!("--fallback-font={}", missing.display()),
    ] {
        let run = build(&page, &out, &[&flag]);
        run.assert_fails_with(&["no-such-font.ttf"]);
        assert_no_output(dir.path());
    }
}

#[test]
fn corrupt_font_file_is_named() {
    let (dir, page) = page_dir(PAGE);
    let out = dir.path().join("out");
    // Garbage; a truncated real font (a valid header, tables cut off); an empty file.
    let real = std::fs::read(repo_root().join("fonts/NotoSerifSC-Regular.ttf")).expect("font");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage.ttf", garbage(5000, 11)),
        ("truncated.ttf", real[..4096.min(real.len())].to_vec()),
        ("empty.ttf", Vec::new()),
        ("text.otf", "这不是字体文件".as_bytes().to_vec()),
    ];
    for (name, bytes) in cases {
        let font = write(dir.path(), name, &bytes);
        let run = build(&page, &out, &[&format!("--font=body={}", font.display())]);
        run.assert_fails_with(&[name]);
        assert_no_output(dir.path());
    }
    // A face index past the end of a single-face file.
    let font = repo_root().join("fonts/NotoSerifSC-Regular.ttf");
    let run = build(&page, &out, &[&format!("--font=body={}#7", font.display())]);
    run.assert_fails_with(&["NotoSerifSC-Regular.ttf"]);
    assert_no_output(dir.path());
}

#[test]
fn character_outside_every_face_is_named_with_its_line() {
    let text = format!("{PAGE}\n第二段有一个西夏文字{}在这里。\n", '\u{17000}');
    let (dir, page) = page_dir(&text);
    let out = dir.path().join("out");
    let run = build(&page, &out, &[]);
    run.assert_fails_with(&["U+17000"]);
    run.assert_names_line("page.md", 5);
    assert_no_output(dir.path());

    // check agrees (it checks fonts too) and writes nothing.
    let before = listing(dir.path());
    let check = paiban(["check".as_ref(), page.as_os_str()]).run();
    check.assert_no_crash();
    assert_eq!(check.code, Some(1), "check: {}", check.output());
    assert!(check.output().contains("U+17000"), "{}", check.output());
    assert_eq!(before, listing(dir.path()));

    // --allow-missing-glyphs: a warning, and both books.
    let run = build(&page, &out, &["--allow-missing-glyphs"]);
    run.assert_ok();
    assert!(
        run.stderr.contains("U+17000"),
        "still warned: {}",
        run.stderr
    );
    assert!(
        out.join("page-2024-03-05.epub").is_file() && out.join("page-2024-03-05.pdf").is_file()
    );
}

#[test]
fn private_use_and_format_characters_build_with_allow_missing_glyphs() {
    // Characters a font lacks or that have no glyph: private use, a noncharacter, format marks.
    let text = format!(
        "{PAGE}\n私用区\u{E000}\u{F8FF}以及\u{FFFE}\u{200B}\u{202E}反向\u{202C}与\u{FE0F}组合\u{0301}。\n"
    );
    let (dir, page) = page_dir(&text);
    let out = dir.path().join("out");
    let run = build(&page, &out, &[]);
    run.assert_no_crash();
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.output());
    if run.code == Some(1) {
        assert_no_output(dir.path());
    }
    let run = build(&page, &out, &["--allow-missing-glyphs"]);
    run.assert_ok();
    assert!(
        out.join("page-2024-03-05.epub").is_file() && out.join("page-2024-03-05.pdf").is_file()
    );
}

#[test]
fn control_characters_are_rejected_with_their_offset() {
    // A BEL and an ESC inside text: not a text file; the error names the byte offset.
    let text = format!("{PAGE}\n控制字符\u{7}\u{1b}[31m。\n");
    let offset = text.find('\u{7}').expect("BEL") as u64;
    let (dir, page) = page_dir(&text);
    let run = build(&page, &dir.path().join("out"), &["--allow-missing-glyphs"]);
    run.assert_fails_with(&["page.md"]);
    assert!(
        names_offset(&run.stderr, &[offset, offset + 1]) || names_line(&run.stderr, "page.md", 5),
        "the offset {offset} or line 5 should be named: {}",
        run.stderr
    );
    assert_no_output(dir.path());
}
