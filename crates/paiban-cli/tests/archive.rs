//! End to end: archives past one machine. Shards built in separate processes give exactly
//! the books of one run (same bytes, each edition once); `--from-list`; an interrupted run,
//! started again, builds only what is missing; `--force`; `--log-format json`; the GNU
//! parallel example of the README.
//!
//! The archives are generated here (short texts of our own, one page per day).

#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

fn ok(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An archive of `n` editions: page files in five paper folders, and every seventh a
/// folder with an `edition.toml`, so that both kinds are sharded.
fn archive(root: &Path, n: usize) {
    for i in 0..n {
        let (y, m, d) = (2000 + i / 336, 1 + (i / 28) % 12, 1 + i % 28);
        let text = format!(
            "## 城东新建第{i}座口袋公园\n\n本报讯 近日，城东区第{i}座口袋公园建成开放，附近居民步行五分钟即可到达。\n\n公园里种植了银杏、海棠和月季。\n"
        );
        let dir = root.join(format!("p{}", i % 5));
        if i % 7 == 0 {
            let ed = dir.join(format!("qinghe-{y}-{m:02}-{d:02}"));
            std::fs::create_dir_all(&ed).unwrap();
            std::fs::write(
                ed.join("edition.toml"),
                format!(
                    "masthead = \"清河日报\"\ndate = \"{y}-{m:02}-{d:02}\"\n\n[[page]]\nnumber = 1\nname = \"要闻\"\nfile = \"page1.md\"\n"
                ),
            )
            .unwrap();
            std::fs::write(ed.join("page1.md"), text).unwrap();
        } else {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("bao-{y}-{m:02}-{d:02}.md")), text).unwrap();
        }
    }
}

/// The books below `dir` (not the stamps), by name.
fn books(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            out.insert(name, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// The JSON lines of a `--log-format json` run: the editions, then the summary.
fn json_lines(out: &Output) -> (Vec<Value>, Value) {
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let mut lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let summary = lines.pop().expect("a summary line");
    assert_eq!(summary["type"], "summary", "{summary}");
    assert!(lines.iter().all(|l| l["type"] == "edition"));
    (lines, summary)
}

fn with_status<'a>(lines: &'a [Value], status: &str) -> Vec<&'a str> {
    let mut v: Vec<&str> = lines
        .iter()
        .filter(|l| l["status"] == status)
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    v.sort();
    v
}

/// Two shards, built at the same time in two processes into two folders, against one run.
fn shards_give_the_books_of_one_run(n: usize) {
    let t = tempfile::tempdir().unwrap();
    let arch = t.path().join("archive");
    archive(&arch, n);
    let one = t.path().join("one");
    ok(&run(paiban()
        .arg("build")
        .arg(&arch)
        .arg("-o")
        .arg(&one)
        .arg("-q")));
    let whole = books(&one);
    assert_eq!(whole.len(), 2 * n);
    let children: Vec<_> = (0..2)
        .map(|i| {
            paiban()
                .arg("build")
                .arg(&arch)
                .arg("-o")
                .arg(t.path().join(format!("shard{i}")))
                .args(["--jobs", "1", "--log-format", "json"])
                .arg("--shard")
                .arg(format!("{i}/2"))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut union = BTreeMap::new();
    let mut built = Vec::new();
    for (i, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        ok(&out);
        let (lines, summary) = json_lines(&out);
        assert_eq!(summary["shard"], format!("{i}/2"));
        assert_eq!(summary["built"], lines.len());
        built.extend(with_status(&lines, "built").into_iter().map(String::from));
        let part = books(&t.path().join(format!("shard{i}")));
        assert!(!part.is_empty(), "shard {i} is empty");
        for (name, bytes) in part {
            assert!(union.insert(name.clone(), bytes).is_none(), "{name} twice");
        }
    }
    built.sort();
    let before = built.len();
    built.dedup();
    assert_eq!(built.len(), before, "an edition was built by both shards");
    assert_eq!(built.len(), n);
    assert_eq!(
        union.keys().collect::<Vec<_>>(),
        whole.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &whole {
        assert!(union[name] == *bytes, "{name} differs from the single run");
    }
}

#[test]
fn two_shards_give_exactly_the_books_of_one_run() {
    shards_give_the_books_of_one_run(40);
}

#[test]
#[ignore = "slow (500 editions, three times): the issue's bar; CI runs it"]
fn two_shards_of_a_500_edition_archive_give_exactly_the_books_of_one_run() {
    shards_give_the_books_of_one_run(500);
}

#[test]
fn a_second_run_skips_what_is_up_to_date_and_rebuilds_what_changed() {
    let t = tempfile::tempdir().unwrap();
    let arch = t.path().join("archive");
    archive(&arch, 8);
    let out_dir = t.path().join("out");
    let build = |extra: &[&str]| {
        let out = run(paiban()
            .arg("build")
            .arg(&arch)
            .arg("-o")
            .arg(&out_dir)
            .args(["--log-format", "json"])
            .args(extra));
        ok(&out);
        assert!(out.stderr.is_empty(), "json mode printed on stderr");
        json_lines(&out)
    };
    let (lines, summary) = build(&[]);
    assert_eq!(
        (summary["built"].as_u64(), summary["up_to_date"].as_u64()),
        (Some(8), Some(0))
    );
    let first = books(&out_dir);
    // Every line names its books with their sizes.
    for l in &lines {
        for b in l["books"].as_array().unwrap() {
            let p = PathBuf::from(b["path"].as_str().unwrap());
            assert_eq!(
                std::fs::metadata(&p).unwrap().len(),
                b["bytes"].as_u64().unwrap()
            );
        }
        assert!(l["seconds"]["total"].as_f64().unwrap() > 0.0);
    }
    let (lines, summary) = build(&[]);
    assert_eq!(
        (summary["built"].as_u64(), summary["up_to_date"].as_u64()),
        (Some(0), Some(8))
    );
    assert_eq!(lines.len(), 8);
    assert_eq!(books(&out_dir), first);
    // A changed page, a changed manifest edition, a book cut short, a book deleted:
    // those four are built again, nothing else.
    let page = arch.join("p1/bao-2000-01-02.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("银杏", "梧桐")).unwrap();
    let manifest_page = arch.join("p0/qinghe-2000-01-01/page1.md");
    let text = std::fs::read_to_string(&manifest_page).unwrap();
    std::fs::write(&manifest_page, text.replace("银杏", "梧桐")).unwrap();
    std::fs::write(out_dir.join("bao-2000-01-03.pdf"), b"%PDF-cut").unwrap();
    std::fs::remove_file(out_dir.join("bao-2000-01-04.epub")).unwrap();
    let (lines, summary) = build(&[]);
    assert_eq!(
        with_status(&lines, "built"),
        [
            "bao-2000-01-02",
            "bao-2000-01-03",
            "bao-2000-01-04",
            "qinghe-2000-01-01"
        ]
    );
    assert_eq!(summary["up_to_date"].as_u64(), Some(4));
    let now = books(&out_dir);
    assert!(now["bao-2000-01-03.pdf"] == first["bao-2000-01-03.pdf"]);
    assert!(now["bao-2000-01-04.epub"] == first["bao-2000-01-04.epub"]);
    assert!(now["bao-2000-01-02.pdf"] != first["bao-2000-01-02.pdf"]);
    // Other options: everything again. --force: everything again.
    let (_, summary) = build(&["--page-size", "a5"]);
    assert_eq!(summary["built"].as_u64(), Some(8));
    let (_, summary) = build(&["--page-size", "a5", "--force"]);
    assert_eq!(summary["built"].as_u64(), Some(8));
    let (_, summary) = build(&["--page-size", "a5"]);
    assert_eq!(summary["built"].as_u64(), Some(0));
    // The text summary says it too.
    let out = run(paiban()
        .arg("build")
        .arg(&arch)
        .arg("-o")
        .arg(&out_dir)
        .args(["--page-size", "a5"]));
    ok(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("built 0 of 8 editions") && err.contains("8 up to date"),
        "{err}"
    );
}

/// Faces from a folder are keyed by their size, modification time and table directory (not
/// by hashing all their bytes): the same faces again, up to date; one face rewritten, every
/// edition built again.
#[test]
fn a_changed_font_file_builds_the_editions_again() {
    let t = tempfile::tempdir().unwrap();
    let arch = t.path().join("archive");
    archive(&arch, 2);
    let fonts = t.path().join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let repo_fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fonts");
    for f in [
        "NotoSerifSC-Regular.ttf",
        "NotoSerifSC-Bold.ttf",
        "NotoSansSC-Bold.ttf",
    ] {
        std::fs::copy(repo_fonts.join(f), fonts.join(f)).unwrap();
    }
    let out_dir = t.path().join("out");
    let built = || {
        let out = run(paiban()
            .arg("build")
            .arg(&arch)
            .arg("-o")
            .arg(&out_dir)
            .arg("--fonts-dir")
            .arg(&fonts)
            .args(["--format", "pdf", "--log-format", "json"]));
        ok(&out);
        json_lines(&out).1["built"].as_u64()
    };
    assert_eq!(built(), Some(2));
    assert_eq!(built(), Some(0), "the same faces: up to date");
    // The same bytes written again: a new modification time.
    let display = fonts.join("NotoSansSC-Bold.ttf");
    let bytes = std::fs::read(&display).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&display, &bytes).unwrap();
    assert_eq!(built(), Some(2), "a face rewritten: built again");
    assert_eq!(built(), Some(0));
}

/// A run killed halfway, started again, builds exactly the editions it had not finished,
/// and the books are those of a run never interrupted.
#[test]
#[cfg(unix)]
fn an_interrupted_run_started_again_builds_only_what_is_missing() {
    let t = tempfile::tempdir().unwrap();
    let arch = t.path().join("archive");
    let n = 60;
    archive(&arch, n);
    let out_dir = t.path().join("out");
    let stamps = out_dir.join(".paiban");
    let mut child = paiban()
        .arg("build")
        .arg(&arch)
        .arg("-o")
        .arg(&out_dir)
        .args(["--jobs", "1", "-q"])
        .spawn()
        .unwrap();
    // Stamps written (not a stamp's temporary file).
    let count = |dir: &Path| {
        std::fs::read_dir(dir)
            .map(|d| {
                d.filter(|e| {
                    let name = e.as_ref().unwrap().file_name();
                    let name = name.to_string_lossy();
                    !name.starts_with('.') && name.ends_with(".json")
                })
                .count()
            })
            .unwrap_or(0)
    };
    let start = std::time::Instant::now();
    while count(&stamps) < 3 && start.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL: no clean-up at all
    child.wait().unwrap();
    let done = count(&stamps);
    assert!(
        (3..n).contains(&done),
        "{done} of {n} editions were done when the run was killed"
    );
    let out = run(paiban()
        .arg("build")
        .arg(&arch)
        .arg("-o")
        .arg(&out_dir)
        .args(["--log-format", "json"]));
    ok(&out);
    let (lines, summary) = json_lines(&out);
    assert_eq!(summary["up_to_date"].as_u64(), Some(done as u64));
    assert_eq!(summary["built"].as_u64(), Some((n - done) as u64));
    assert_eq!(with_status(&lines, "built").len(), n - done);
    // The books are those of one clean run.
    let clean = t.path().join("clean");
    ok(&run(paiban()
        .arg("build")
        .arg(&arch)
        .arg("-o")
        .arg(&clean)
        .arg("-q")));
    let (a, b) = (books(&out_dir), books(&clean));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a == b, "the resumed run's books differ from a clean run's");
}

#[test]
fn editions_come_from_a_list_too() {
    let t = tempfile::tempdir().unwrap();
    let arch = t.path().join("archive");
    archive(&arch, 8);
    let list = format!(
        "# two editions\n{}\n\n  {}  \n",
        arch.join("p1/bao-2000-01-02.md").display(),
        arch.join("p0/qinghe-2000-01-01").display()
    );
    std::fs::write(t.path().join("list.txt"), &list).unwrap();
    let from_file = t.path().join("a");
    ok(&run(paiban()
        .args(["build", "-q", "--from-list"])
        .arg(t.path().join("list.txt"))
        .arg("-o")
        .arg(&from_file)));
    let want = [
        "bao-2000-01-02.epub",
        "bao-2000-01-02.pdf",
        "qinghe-2000-01-01.epub",
        "qinghe-2000-01-01.pdf",
    ];
    assert_eq!(books(&from_file).keys().collect::<Vec<_>>(), want);
    // From standard input, with an argument besides.
    let from_stdin = t.path().join("b");
    let mut child = paiban()
        .args(["build", "-q", "--from-list", "-"])
        .arg(arch.join("p2"))
        .arg("-o")
        .arg(&from_stdin)
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), list.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    ok(&out);
    let names = books(&from_stdin);
    assert_eq!(names.len(), 4 + 2 * 2, "{:?}", names.keys());
    // A missing list is an error naming it.
    let out = run(paiban()
        .args(["build", "--from-list"])
        .arg(t.path().join("nope.txt")));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.txt"));
}

#[test]
fn shard_flags_are_checked_before_anything_is_read() {
    for (bad, why) in [
        ("2/2", "expected I/N"),
        ("x/2", "expected I/N"),
        ("k8s/4", "JOB_COMPLETION_INDEX is not set"),
    ] {
        let out = run(paiban()
            .args([
                "build",
                "/nonexistent",
                "-o",
                "/nonexistent/out",
                "--shard",
                bad,
            ])
            .env_remove("JOB_COMPLETION_INDEX"));
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why), "{bad}: {err}");
    }
    let out = run(paiban()
        .args(["build", "/nonexistent", "--shard", "slurm/4"])
        .env("SLURM_ARRAY_TASK_ID", "7"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not below the shard count 4"));
}

/// The README's GNU parallel example: two shards as two jobs of `parallel`.
#[test]
#[ignore = "needs GNU parallel"]
fn the_gnu_parallel_example_builds_every_edition_once() {
    let t = tempfile::tempdir().unwrap();
    let arch = t.path().join("archive");
    archive(&arch, 30);
    let one = t.path().join("one");
    ok(&run(paiban()
        .arg("build")
        .arg(&arch)
        .arg("-o")
        .arg(&one)
        .arg("-q")));
    let bin = Path::new(env!("CARGO_BIN_EXE_paiban"));
    // As in the README (its first line), with the binary's full path.
    let out = run(Command::new("parallel")
        .current_dir(t.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .arg(bin)
        .args([
            "build", "archive", "-o", "books", "--shard", "{}/2", "--jobs", "1",
        ])
        .args([
            "--log-format",
            "json",
            ">",
            "shard-{}.jsonl",
            ":::",
            "0",
            "1",
        ]));
    ok(&out);
    let mut built = Vec::new();
    for i in 0..2 {
        let text = std::fs::read_to_string(t.path().join(format!("shard-{i}.jsonl"))).unwrap();
        for l in text.lines() {
            let v: Value = serde_json::from_str(l).unwrap();
            if v["type"] == "edition" {
                assert_eq!(v["status"], "built");
                built.push(v["name"].as_str().unwrap().to_string());
            }
        }
    }
    built.sort();
    let n = built.len();
    built.dedup();
    assert_eq!((n, built.len()), (30, 30), "each edition once");
    assert!(books(&t.path().join("books")) == books(&one));
}
