//! End-to-end tests of the `paiban` binary: exit codes, batch builds of folders with a bad
//! edition, `check` writing nothing, atomic replacement, `--format`, and byte-identical
//! output across runs, time zones, locales and working directories.
//!
//! The editions are written here for these tests (short texts of our own).

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GOOD_PAGE: &str = "\
## 城东新建三座口袋公园

□本报记者 李明

本报讯 近日，城东区三座口袋公园建成开放，附近居民步行五分钟即可到达。

公园里种植了银杏、海棠和月季，还设有儿童游乐区和健身步道。

“以前傍晚只能在路边散步，现在有了好去处。”家住附近的王女士说。
";

const OTHER_PAGE: &str = "\
## 河畔图书驿站开门迎客

本报讯 清河边的图书驿站本周开放，藏书两千余册，市民凭借书卡即可免费借阅。

驿站每天早八点至晚九点开放，周末还将举办亲子阅读活动。
";

/// A page whose last paragraph stops mid-sentence: the reader warns that text may be lost.
const WARNING_PAGE: &str = "\
## 老街改造进入收尾阶段

本报讯 老街改造工程已完成九成，沿街商铺将陆续恢复营业，预计下月全面完工。

据介绍，改造后的老街将保留青石板路面和原有的
";

fn paiban() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_paiban"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run paiban");
    assert!(
        out.status.code().is_some(),
        "paiban was killed by a signal\nstderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// The folder of the incremental stamps in an output folder, left out of [`tree`] and
/// [`names`] (tests/archive.rs tests them).
const STAMPS: &str = ".paiban";

/// Every file below `dir` with its bytes, paths relative to `dir` (not the stamps).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd {
            let p = e.unwrap().path();
            if p.file_name().is_some_and(|n| n == STAMPS) {
                continue;
            }
            if p.is_dir() {
                out.insert(p.strip_prefix(root).unwrap().join(""), Vec::new());
                walk(root, &p, out);
            } else {
                out.insert(
                    p.strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n != STAMPS)
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn manifest_edition(dir: &Path) {
    write(
        &dir.join("edition.toml"),
        "masthead = \"清河日报\"\ndate = \"2026-03-18\"\n\n[[page]]\nnumber = 1\nname = \"要闻\"\nfile = \"page1.md\"\n",
    );
    write(&dir.join("page1.md"), OTHER_PAGE);
}

#[test]
fn help_lists_exit_codes() {
    let out = run(paiban().arg("--help"));
    assert_eq!(code(&out), 0);
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "Exit codes",
        "0  success",
        "1  at least one edition failed",
        "2  wrong usage",
    ] {
        assert!(help.contains(needle), "--help lacks {needle:?}:\n{help}");
    }
    let out = run(paiban().args(["build", "--help"]));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--jobs"));
}

#[test]
fn usage_errors_exit_2_and_read_nothing() {
    let t = tempfile::tempdir().unwrap();
    write(&t.path().join("a.md"), GOOD_PAGE);
    let out_dir = t.path().join("out");
    let a = t.path().join("a.md");
    let cases: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec!["build".as_ref()],
        vec![
            "build".as_ref(),
            a.as_ref(),
            "--font".as_ref(),
            "title=x.ttf".as_ref(),
        ],
        vec![
            "build".as_ref(),
            a.as_ref(),
            "--jobs".as_ref(),
            "0".as_ref(),
        ],
        vec![
            "build".as_ref(),
            a.as_ref(),
            "--format".as_ref(),
            "docx".as_ref(),
        ],
        vec![
            "build".as_ref(),
            a.as_ref(),
            "--date".as_ref(),
            "28/06/2022".as_ref(),
        ],
        // Well formed but not in the calendar: refused before anything is read or written.
        vec![
            "build".as_ref(),
            a.as_ref(),
            "--date".as_ref(),
            "2026-02-30".as_ref(),
        ],
        vec!["build".as_ref(), a.as_ref(), "-q".as_ref(), "-v".as_ref()],
        vec![
            "build".as_ref(),
            a.as_ref(),
            "--preset".as_ref(),
            "kindle".as_ref(),
        ],
        vec![
            "build".as_ref(),
            a.as_ref(),
            "--preset".as_ref(),
            "ereader-6".as_ref(),
            "--page-size".as_ref(),
            "a5".as_ref(),
        ],
        vec![
            "build".as_ref(),
            a.as_ref(),
            "--preset".as_ref(),
            "ereader-6".as_ref(),
            "--columns".as_ref(),
            "2".as_ref(),
        ],
        vec![
            "build".as_ref(),
            a.as_ref(),
            "--body-size".as_ref(),
            "40".as_ref(),
        ],
        vec![
            "check".as_ref(),
            a.as_ref(),
            "--format".as_ref(),
            "xml".as_ref(),
        ],
        vec!["frobnicate".as_ref()],
    ];
    for args in cases {
        let out = run(paiban()
            .args(&args)
            .arg("-o")
            .arg(&out_dir)
            .current_dir(t.path()));
        // `check`/`frobnicate` have no -o: still a usage error.
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
    }
    let out = run(paiban()
        .args(["build"])
        .arg(&a)
        .arg("-o")
        .arg(&out_dir)
        .env("SOURCE_DATE_EPOCH", "yesterday"));
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("SOURCE_DATE_EPOCH"));
    assert!(!out_dir.exists(), "a usage error wrote {out_dir:?}");
}

#[test]
fn a_folder_with_one_bad_edition_builds_the_others_and_exits_1() {
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("archive");
    write(&src.join("2026/qh-2026-03-17.md"), GOOD_PAGE);
    write(&src.join("2026/qh-2026-03-18.md"), "");
    manifest_edition(&src.join("qinghe-0319"));
    write(&src.join("notes.pdf"), "not an edition");
    write(&src.join(".hidden.md"), GOOD_PAGE);
    let out_dir = t.path().join("out");
    let out = run(paiban()
        .arg("build")
        .arg(&src)
        .arg("-o")
        .arg(&out_dir)
        .args(["--jobs", "2"]));
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "{err}");
    assert_eq!(
        names(&out_dir),
        [
            "qh-2026-03-17.epub",
            "qh-2026-03-17.pdf",
            "qinghe-0319-2026-03-18.epub",
            "qinghe-0319-2026-03-18.pdf"
        ],
        "{err}"
    );
    assert!(err.contains("built 2 of 3 editions"), "{err}");
    let failed = err.split("\nfailed:\n").nth(1).unwrap_or_default();
    assert!(
        failed.contains("qh-2026-03-18.md"),
        "summary does not name the bad edition:\n{err}"
    );
    assert!(!failed.contains("qh-2026-03-17"), "{err}");
}

#[test]
fn an_archive_of_day_folders_gives_one_dated_book_per_day() {
    // Two days of one paper, a folder per day, pages without a manifest: one edition each,
    // and books that carry the date, so the days never collide.
    let t = tempfile::tempdir().unwrap();
    let src = t.path().join("qhrb");
    for day in ["2026-03-17", "2026-03-18"] {
        write(
            &src.join(day).join("p1.md"),
            &format!("第1版\n\n{GOOD_PAGE}"),
        );
        write(
            &src.join(day).join("p2.md"),
            &format!("第2版\n\n{OTHER_PAGE}"),
        );
    }
    // A manifest edition gets its date in the name; a dated page file keeps its name.
    manifest_edition(&t.path().join("qinghe"));
    write(&t.path().join("loose/qh-2026-03-16.md"), GOOD_PAGE);
    let out_dir = t.path().join("out");
    let out = run(paiban()
        .arg("build")
        .arg(&src)
        .arg(t.path().join("qinghe"))
        .arg(t.path().join("loose"))
        .arg("-o")
        .arg(&out_dir)
        .args(["--format", "epub"]));
    let err = stderr(&out);
    assert_eq!(code(&out), 0, "{err}");
    assert_eq!(
        names(&out_dir),
        [
            "qh-2026-03-16.epub",
            "qhrb-2026-03-17.epub",
            "qhrb-2026-03-18.epub",
            "qinghe-2026-03-18.epub"
        ],
        "{err}"
    );
    // The guess from the folder names is a warning build shows.
    assert!(
        err.contains("warning[metadata]") && err.contains("masthead qhrb"),
        "{err}"
    );
    let json = run(paiban().arg("inspect").arg(src.join("2026-03-18")));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("inspect JSON");
    assert_eq!(v["date"], "2026-03-18");
    let pages: Vec<_> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(pages, [1, 2]);
}

#[test]
fn books_of_the_same_name_are_not_overwritten_within_a_run() {
    let t = tempfile::tempdir().unwrap();
    write(&t.path().join("a/qh-2026-03-17.md"), GOOD_PAGE);
    write(&t.path().join("b/qh-2026-03-17.md"), OTHER_PAGE);
    let out_dir = t.path().join("out");
    let out = run(paiban()
        .arg("build")
        .arg(t.path().join("a"))
        .arg(t.path().join("b"))
        .arg("-o")
        .arg(&out_dir)
        .args(["--format", "epub"]));
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "{err}");
    assert!(err.contains("qh-2026-03-17.*"), "{err}");
    assert_eq!(names(&out_dir), ["qh-2026-03-17.epub"]);
}

#[test]
fn check_writes_nothing_and_reports_buildability() {
    let t = tempfile::tempdir().unwrap();
    write(&t.path().join("good-2026-03-17.md"), GOOD_PAGE);
    write(&t.path().join("warn-2026-03-17.md"), WARNING_PAGE);
    manifest_edition(&t.path().join("ed"));
    let before = tree(t.path());
    let out = run(paiban().args(["check", "."]).current_dir(t.path()));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("good-2026-03-17.md: buildable"), "{text}");
    assert!(text.contains("warning["), "{text}");
    assert!(
        text.contains("warn-2026-03-17.md:"),
        "no file:line in\n{text}"
    );
    // With --strict the warning makes it unbuildable; JSON is one parseable array.
    let out = run(paiban()
        .args([
            "check",
            "--strict",
            // Without them the names' guesses are warnings too.
            "--masthead",
            "清河日报",
            "--date",
            "2026-03-17",
            "--format",
            "json",
            "warn-2026-03-17.md",
            "good-2026-03-17.md",
        ])
        .current_dir(t.path()));
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("check JSON");
    let arr = v.as_array().expect("array");
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[0]["buildable"], false);
    assert_eq!(arr[1]["buildable"], true);
    let warning = arr[0]["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["severity"] == "warning"))
        .expect("a warning");
    assert!(
        warning["span"]["line"].as_u64().unwrap_or(0) > 0,
        "{warning}"
    );
    // An unreadable edition: exit 1, nothing written either.
    write(&t.path().join("empty.md"), "");
    let before_empty = tree(t.path());
    let out = run(paiban().args(["check", "empty.md"]).current_dir(t.path()));
    assert_eq!(code(&out), 1);
    assert_eq!(tree(t.path()), before_empty);
    std::fs::remove_file(t.path().join("empty.md")).unwrap();
    assert_eq!(tree(t.path()), before, "check changed the folder");
}

#[test]
fn a_failed_rebuild_leaves_the_existing_books_untouched() {
    let t = tempfile::tempdir().unwrap();
    let page = t.path().join("day-2026-03-17.md");
    write(&page, GOOD_PAGE);
    let out_dir = t.path().join("out");
    let build = |extra: &[&str]| {
        run(paiban()
            .arg("build")
            .arg(&page)
            .arg("-o")
            .arg(&out_dir)
            .args(extra))
    };
    let out = build(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let first = tree(&out_dir);
    assert_eq!(first.len(), 2);
    // The source goes bad: exit 1, the old books stay byte for byte, no temporary file.
    write(&page, "\u{0}\u{1}\u{2}garbage\u{ff}");
    let out = build(&[]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("day-2026-03-17.md"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(&out_dir), first);
    // A warning under --strict: not written either.
    write(&page, WARNING_PAGE);
    let out = build(&["--strict"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("--strict"), "{}", stderr(&out));
    assert_eq!(tree(&out_dir), first);
    // Without --strict it builds and replaces both books.
    let out = build(&[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let second = tree(&out_dir);
    assert_eq!(second.len(), 2);
    assert_ne!(second, first);
}

#[test]
fn an_unwritable_output_is_named() {
    let t = tempfile::tempdir().unwrap();
    write(&t.path().join("a.md"), GOOD_PAGE);
    let blocker = t.path().join("out");
    write(&blocker, "a file, not a folder");
    let out = run(paiban()
        .arg("build")
        .arg(t.path().join("a.md"))
        .arg("-o")
        .arg(&blocker));
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains(&*blocker.to_string_lossy()),
        "{}",
        stderr(&out)
    );
}

#[test]
fn format_selects_the_books() {
    let t = tempfile::tempdir().unwrap();
    let page = t.path().join("x-2026-03-17.md");
    write(&page, GOOD_PAGE);
    for (fmt, want) in [
        ("epub", vec!["x-2026-03-17.epub"]),
        ("pdf", vec!["x-2026-03-17.pdf"]),
        ("pdf,epub", vec!["x-2026-03-17.epub", "x-2026-03-17.pdf"]),
        ("kepub", vec!["x-2026-03-17.kepub.epub"]),
        (
            "kepub,pdf,epub,kepub",
            vec![
                "x-2026-03-17.epub",
                "x-2026-03-17.kepub.epub",
                "x-2026-03-17.pdf",
            ],
        ),
        (
            "kepub,azw3,pdf,epub",
            vec![
                "x-2026-03-17.azw3",
                "x-2026-03-17.epub",
                "x-2026-03-17.kepub.epub",
                "x-2026-03-17.pdf",
            ],
        ),
        ("azw3", vec!["x-2026-03-17.azw3"]),
        ("epub,azw3", vec!["x-2026-03-17.azw3", "x-2026-03-17.epub"]),
    ] {
        let out_dir = t.path().join(format!("out-{}", fmt.replace(',', "-")));
        let out = run(paiban()
            .arg("build")
            .arg(&page)
            .arg("-o")
            .arg(&out_dir)
            .args(["--format", fmt, "--quiet"]));
        assert_eq!(code(&out), 0, "{fmt}: {}", stderr(&out));
        assert_eq!(names(&out_dir), want, "{fmt}");
        assert!(
            out.stdout.is_empty() && out.stderr.is_empty(),
            "--quiet printed"
        );
    }
    let epub = std::fs::read(t.path().join("out-epub/x-2026-03-17.epub")).unwrap();
    assert!(epub.starts_with(b"PK\x03\x04"));
    let pdf = std::fs::read(t.path().join("out-pdf/x-2026-03-17.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    // A book is the same whether built alone or with the other format.
    let both = t.path().join("out-pdf-epub");
    assert!(std::fs::read(both.join("x-2026-03-17.epub")).unwrap() == epub);
    assert!(std::fs::read(both.join("x-2026-03-17.pdf")).unwrap() == pdf);
    let kepub = std::fs::read(t.path().join("out-kepub/x-2026-03-17.kepub.epub")).unwrap();
    assert!(kepub.starts_with(b"PK\x03\x04") && kepub != epub);
    let all = t.path().join("out-kepub-pdf-epub-kepub");
    assert!(std::fs::read(all.join("x-2026-03-17.kepub.epub")).unwrap() == kepub);
    assert!(std::fs::read(all.join("x-2026-03-17.epub")).unwrap() == epub);
    assert!(std::fs::read(all.join("x-2026-03-17.pdf")).unwrap() == pdf);
    // The AZW3 is a KF8 book, the same alone or written from the EPUB's documents.
    let azw3 = std::fs::read(t.path().join("out-azw3/x-2026-03-17.azw3")).unwrap();
    assert_eq!(azw3.get(60..68), Some(&b"BOOKMOBI"[..]));
    let both = t.path().join("out-epub-azw3");
    assert!(std::fs::read(both.join("x-2026-03-17.azw3")).unwrap() == azw3);
    assert!(std::fs::read(both.join("x-2026-03-17.epub")).unwrap() == epub);
    let all4 = t.path().join("out-kepub-azw3-pdf-epub");
    assert!(std::fs::read(all4.join("x-2026-03-17.azw3")).unwrap() == azw3);
    assert!(std::fs::read(all4.join("x-2026-03-17.kepub.epub")).unwrap() == kepub);
    // The summary counts the books of each format.
    let out = run(paiban()
        .arg("build")
        .arg(&page)
        .arg("-o")
        .arg(t.path().join("out-summary"))
        .args(["--format", "pdf,kepub,epub"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("(3 books: 1 epub, 1 pdf, 1 kepub;"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_screen_preset_makes_a_page_the_size_of_the_screen() {
    let t = tempfile::tempdir().unwrap();
    let page = t.path().join("x-2026-03-17.md");
    write(&page, GOOD_PAGE);
    let out_dir = t.path().join("out");
    let out = run(paiban()
        .arg("build")
        .arg(&page)
        .arg("-o")
        .arg(&out_dir)
        .args([
            "--format",
            "pdf",
            "--preset",
            "ereader-6",
            "--body-size",
            "11",
            "-q",
        ]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let pdf = std::fs::read(out_dir.join("x-2026-03-17.pdf")).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    // 90 × 122 mm in points.
    assert!(
        text.contains("/MediaBox[0 0 255.118"),
        "no 90 × 122 mm media box"
    );
}

#[test]
fn output_is_byte_identical_across_runs_time_zones_locales_and_folders() {
    let t = tempfile::tempdir().unwrap();
    write(&t.path().join("src/day-2026-03-17.md"), GOOD_PAGE);
    manifest_edition(&t.path().join("src/qinghe"));
    let first = t.path().join("first");
    let out = run(paiban()
        .arg("build")
        .arg(t.path().join("src"))
        .arg("-o")
        .arg(&first)
        .env("TZ", "UTC")
        .env("LANG", "C")
        .current_dir(t.path()));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Relative paths from another folder, another time zone and locale, one job.
    let sub = t.path().join("src");
    let out = run(paiban()
        .args(["build", ".", "-o", "../second", "--jobs", "1"])
        .env("TZ", "Asia/Shanghai")
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_ALL", "zh_CN.UTF-8")
        .current_dir(&sub));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (a, b) = (tree(&first), tree(&t.path().join("second")));
    assert_eq!(a.len(), 4, "{:?}", a.keys().collect::<Vec<_>>());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{} differs between runs", k.display());
    }
}

#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md"]
fn the_real_page_builds_both_books() {
    let real = paiban_testkit::real_page();
    let t = tempfile::tempdir().unwrap();
    let out = run(paiban().arg("build").arg(&real).arg("-o").arg(t.path()));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        names(t.path()),
        ["nmrb-2022-06-28.epub", "nmrb-2022-06-28.pdf"]
    );
    let err = stderr(&out);
    assert!(err.contains("built 1 of 1 edition"), "{err}");
    // Any warning names the page and a line.
    if err.contains("warning[") {
        assert!(err.contains("nmrb-2022-06-28.md:"), "{err}");
    }
}

#[test]
fn check_of_a_missing_path_says_why_without_counting_nothing() {
    let t = tempfile::tempdir().unwrap();
    let missing = t.path().join("no-such-edition.md");
    let out = run(paiban().arg("check").arg(&missing));
    assert_eq!(code(&out), 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("NOT buildable"), "{text}");
    assert!(!text.contains("0 errors"), "{text}");
}

#[test]
fn an_os_error_is_printed_once() {
    let t = tempfile::tempdir().unwrap();
    write(&t.path().join("a.md"), GOOD_PAGE);
    let blocker = t.path().join("file");
    write(&blocker, "a file, not a folder");
    let out = run(paiban()
        .arg("build")
        .arg(t.path().join("a.md"))
        .arg("-o")
        .arg(blocker.join("out")));
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert_eq!(err.matches("os error").count(), 1, "{err}");
}

#[test]
fn inspect_into_a_closed_pipe_is_quiet() {
    let t = tempfile::tempdir().unwrap();
    let page = t.path().join("a.md");
    write(&page, GOOD_PAGE);
    let mut child = paiban()
        .arg("inspect")
        .arg(&page)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before paiban writes (as `| head -0` would).
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("Broken pipe"), "{}", stderr(&out));
}

#[test]
fn an_uncovered_character_is_one_error_with_a_count() {
    let t = tempfile::tempdir().unwrap();
    let page = t.path().join("a-2026-03-17.md");
    // U+17000 (Tangut) is in no bundled face: five times, on three lines.
    write(
        &page,
        "## 城东新建口袋公园\n\n本报讯 \u{17000}近日\u{17000}。\n\n第二段\u{17000}。\n\n第三段\u{17000}\u{17000}。\n",
    );
    let out = run(paiban().arg("check").arg(&page));
    assert_eq!(code(&out), 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("error[missing-glyph]").count(), 1, "{text}");
    assert!(text.contains("5 occurrences"), "{text}");
}

#[test]
fn quiet_json_check_leaves_out_the_notes() {
    let t = tempfile::tempdir().unwrap();
    let page = t.path().join("a-2026-03-17.md");
    // The ASCII comma is repaired: a note.
    write(
        &page,
        "## 城东新建口袋公园\n\n本报讯 近日,城东区三座口袋公园建成开放。\n",
    );
    let loud = run(paiban().args(["check", "--format", "json"]).arg(&page));
    assert!(
        String::from_utf8_lossy(&loud.stdout).contains("\"note\""),
        "the page should raise a note: {}",
        String::from_utf8_lossy(&loud.stdout)
    );
    let out = run(paiban()
        .args(["check", "--format", "json", "-q"])
        .arg(&page));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = json[0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "note")
        .count();
    assert_eq!(notes, 0, "{json}");
}

#[test]
fn the_default_format_shown_in_help_is_accepted() {
    let out = run(paiban().args(["build", "--help"]));
    let help = String::from_utf8_lossy(&out.stdout).into_owned();
    // The first default shown after the --format flag is its own.
    let shown = help
        .split_once("--format")
        .and_then(|(_, rest)| rest.split_once("[default: "))
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(value, _)| value.to_string());
    let Some(shown) = shown else {
        panic!("no default shown in:\n{help}")
    };
    assert_eq!(shown, "epub,pdf", "{help}");
    let t = tempfile::tempdir().unwrap();
    let page = t.path().join("x-2026-03-17.md");
    write(&page, GOOD_PAGE);
    let out = run(paiban()
        .arg("build")
        .arg(&page)
        .arg("-o")
        .arg(t.path().join("out"))
        .args(["--format", &shown, "-q"]));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(names(&t.path().join("out")).len(), 2);
}

#[test]
fn completions_and_man_page_are_printed() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(paiban().args(["completions", shell]));
        assert_eq!(code(&out), 0, "{shell}: {}", stderr(&out));
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("paiban") && script.contains("fonts-dir"),
            "{shell}"
        );
    }
    let out = run(paiban().arg("man"));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH paiban"),
        "{page}"
    );
    let out = run(paiban().args(["man", "build"]));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.contains("paiban\\-build") && page.contains("\\-\\-format"),
        "{page}"
    );
}

/// The bundled faces are built into the binary: from a folder far from the repository, with
/// no `PAIBAN_FONTS`, the sample builds with no flags.
#[test]
fn the_sample_builds_from_any_folder_without_font_flags() {
    let t = tempfile::tempdir().unwrap();
    let sample = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../samples/qinghe-daily"
    ));
    let out = run(paiban()
        .env_remove("PAIBAN_FONTS")
        .current_dir(t.path())
        .args(["build", "-q", "-o", "x"])
        .arg(sample));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(names(&t.path().join("x")).len(), 2);
    // A fonts folder named on the command line is still used (and must hold the faces).
    let out = run(paiban()
        .current_dir(t.path())
        .args(["build", "-q", "-o", "y", "--fonts-dir", "nowhere"])
        .arg(sample));
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("nowhere"), "{}", stderr(&out));
}
