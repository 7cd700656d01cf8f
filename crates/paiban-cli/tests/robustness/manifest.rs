//! Robustness, end to end: a broken `edition.toml` (syntax error, unknown key, invalid date, a
//! page listed twice, a missing page file) fails with exit 1, a message naming the manifest and
//! the line (and column for a syntax error), and no book written.

use crate::support::*;

const PAGE1: &str =
    "## 我市首座智慧图书馆开馆\n\n本报讯 昨天上午，智慧图书馆正式开馆，读者可通过手机预约座位。\n";
const PAGE2: &str = "春季植树活动启动\n　　本报讯 昨天，全市春季义务植树活动在湖滨公园启动。\n";

/// An edition folder with `manifest` as its edition.toml and the two pages; build it.
fn build_manifest(manifest: &str) -> (Run, tempfile::TempDir) {
    build_manifest_in(tempdir(), manifest)
}

fn build_manifest_in(dir: tempfile::TempDir, manifest: &str) -> (Run, tempfile::TempDir) {
    let ed = dir.path().join("ed");
    write(&ed, "edition.toml", manifest);
    write(&ed, "p1.md", PAGE1);
    write(&ed, "p2.txt", PAGE2);
    let out = dir.path().join("out");
    let run = paiban([
        "build".as_ref(),
        ed.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .cwd(dir.path())
    .run();
    (run, dir)
}

fn assert_manifest_error(manifest: &str, line: u32, needles: &[&str]) -> Run {
    let (run, dir) = build_manifest(manifest);
    run.assert_fails_with(needles);
    run.assert_names_line("edition.toml", line);
    assert_no_output(dir.path());
    run
}

const GOOD: &str = "masthead = \"南湖晨报\"\n\
                    date = \"2024-03-05\"\n\
                    \n\
                    [[page]]\n\
                    number = 1\n\
                    name = \"要闻\"\n\
                    file = \"p1.md\"\n\
                    \n\
                    [[page]]\n\
                    number = 2\n\
                    name = \"综合\"\n\
                    file = \"p2.txt\"\n";

#[test]
fn the_good_manifest_builds() {
    // The control: each test below breaks exactly one thing of this manifest.
    let (run, dir) = build_manifest(GOOD);
    run.assert_ok();
    assert!(dir.path().join("out/ed-2024-03-05.epub").is_file());
    assert!(dir.path().join("out/ed-2024-03-05.pdf").is_file());
}

#[test]
fn syntax_error_names_line_and_column() {
    // Line 2: an unterminated string; the parser stops at the end of that line.
    let bad = GOOD.replace("date = \"2024-03-05\"", "date = \"2024-03-05");
    let (run, dir) = build_manifest(&bad);
    run.assert_fails_with(&["edition.toml"]);
    run.assert_names_line("edition.toml", 2);
    let s = &run.stderr;
    assert!(
        s.contains("edition.toml:2:") || s.contains("column"),
        "the syntax error should give the column too:\n{s}"
    );
    assert_no_output(dir.path());

    // Line 5: a value that is not TOML at all.
    let bad = GOOD.replacen("number = 1", "number = = 1", 1);
    let (run, _dir) = build_manifest(&bad);
    run.assert_fails_with(&["edition.toml"]);
    run.assert_names_line("edition.toml", 5);
}

#[test]
fn unknown_key_is_named() {
    let bad = GOOD.replace("masthead = ", "mastehead = ");
    assert_manifest_error(&bad, 1, &["mastehead"]);
    let bad = GOOD.replacen("name = \"综合\"", "nmae = \"综合\"", 1);
    assert_manifest_error(&bad, 11, &["nmae"]);
}

#[test]
fn invalid_date_is_named() {
    for date in ["2024-02-30", "2024-13-01", "yesterday", "2024/03/05"] {
        let bad = GOOD.replace("2024-03-05", date);
        assert_manifest_error(&bad, 2, &[date]);
    }
}

#[test]
fn page_listed_twice_is_an_error() {
    // The same page number twice (the second at line 10).
    let bad = GOOD.replace("number = 2", "number = 1");
    assert_manifest_error(&bad, 10, &[]);
    // The same source file twice.
    let bad = GOOD.replace("file = \"p2.txt\"", "file = \"p1.md\"");
    assert_manifest_error(&bad, 12, &["p1.md"]);
}

#[test]
fn missing_page_file_is_named() {
    let bad = GOOD.replace("p2.txt", "nope.txt");
    assert_manifest_error(&bad, 12, &["nope.txt"]);
}

#[test]
fn page_source_outside_the_edition_is_refused() {
    // A manifest may not pull a page from outside its folder either.
    for absolute in [false, true] {
        let dir = tempdir();
        let outside = write(
            dir.path(),
            "outside.md",
            "## 外部稿件\n\nSECRET-PAGE-MARKER 外部文字。\n",
        );
        let src = if absolute {
            outside.display().to_string()
        } else {
            "../outside.md".to_string()
        };
        let bad = GOOD.replace("p2.txt", &src);
        let (run, d2) = build_manifest_in(dir, &bad);
        run.assert_no_crash();
        // Either refused outright, or at least the page's text never reaches a book.
        if run.code == Some(0) {
            panic!(
                "{}: a page outside the edition ({src}) was accepted\n{}",
                run.what, run.stderr
            );
        }
        assert_no_output(d2.path());
    }
}

#[test]
fn manifest_that_is_not_toml_at_all() {
    let (run, dir) = build_manifest("\u{0}\u{1}binary\u{FFFD}");
    run.assert_fails_with(&["edition.toml"]);
    assert_no_output(dir.path());
    let (run, dir) = build_manifest("");
    run.assert_no_crash();
    // An empty manifest lists no pages: nothing to build.
    assert_eq!(run.code, Some(1), "{}", run.output());
    assert_no_output(dir.path());
}

#[test]
fn page_symlinked_out_of_the_edition_is_refused() {
    let dir = tempdir();
    let outside = write(
        dir.path(),
        "outside.md",
        "## 外部稿件\n\nSECRET-PAGE-MARKER 外部文字。\n",
    );
    let ed = dir.path().join("ed");
    std::fs::create_dir_all(&ed).expect("mkdir");
    std::os::unix::fs::symlink(&outside, ed.join("p2.md")).expect("symlink");
    let bad = GOOD.replace("p2.txt", "p2.md");
    let (run, d2) = build_manifest_in(dir, &bad);
    run.assert_fails_with(&["p2.md"]);
    run.assert_names_line("edition.toml", 12);
    assert_no_output(d2.path());
}
