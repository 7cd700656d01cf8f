//! Robustness, end to end: output that cannot be written. A folder that is not writable, a path
//! under a regular file, a full disk (a 64 KiB tmpfs when the machine allows mounting; always a
//! file-size limit, which fails writes the same way), a book path that is a folder. Each is exit
//! 1 with a message naming the path, no temporary file left, and an earlier book of the same
//! name untouched; a successful build replaces it with the complete new book.

use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const OLD_BOOK: &[u8] = b"OLD BOOK: must survive a failed build";

fn build(edition: &Path, out: &Path, extra: &[&str]) -> Paiban {
    let mut cmd = paiban([
        "build".as_ref(),
        edition.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    for a in extra {
        cmd = cmd.arg(a);
    }
    cmd
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs a command; true when it succeeded.
fn sh(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn output_under_a_regular_file_fails_cleanly() {
    let dir = tempdir();
    let ed = small_edition(dir.path(), "ed");
    write(dir.path(), "file.txt", "a regular file");
    for out in ["file.txt", "file.txt/sub", "file.txt/sub/deeper"] {
        let out = dir.path().join(out);
        let run = build(&ed, &out, &[]).run();
        run.assert_fails_with(&["file.txt"]);
        assert_no_output(dir.path());
    }
    assert_eq!(
        std::fs::read(dir.path().join("file.txt")).expect("read"),
        b"a regular file"
    );
    // A device is not a folder either.
    let run = build(&ed, Path::new("/dev/full"), &[]).run();
    run.assert_fails_with(&["/dev/full"]);
}

/// Undo `chattr +i` even when the test fails.
struct Immutable(PathBuf);
impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[test]
fn folder_not_writable_fails_cleanly_and_keeps_the_old_book() {
    let dir = tempdir();
    let ed = small_edition(dir.path(), "ed");
    let out = dir.path().join("out");
    write(&out, "ed-2024-03-05.epub", OLD_BOOK);
    // Make `out` unwritable: permissions for a normal user; for root (whom permissions do not
    // stop) the immutable attribute.
    let _guard;
    if is_root() {
        // Root is stopped by nothing else: without chattr this test cannot test anything,
        // and says so rather than pass.
        assert!(
            sh("chattr", &["+i", &out.display().to_string()]),
            "running as root, and chattr +i is not available here"
        );
        _guard = Immutable(out.clone());
    } else {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    }
    let run = build(&ed, &out, &[]).run();
    run.assert_fails_with(&["out"]);
    assert_eq!(
        std::fs::read(out.join("ed-2024-03-05.epub")).expect("old"),
        OLD_BOOK
    );
    let names: Vec<_> = listing(&out).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(
        names,
        vec![PathBuf::from("ed-2024-03-05.epub")],
        "only the old book remains"
    );
    if !is_root() {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn full_disk_by_file_size_limit_fails_cleanly_and_keeps_the_old_book() {
    let dir = tempdir();
    let ed = small_edition(dir.path(), "ed");
    let out = dir.path().join("out");
    write(&out, "ed-2024-03-05.epub", OLD_BOOK);
    write(&out, "ed-2024-03-05.pdf", OLD_BOOK);
    // 16 blocks = 8 KiB: the book (with its embedded fonts) is far larger.
    let run = build(&ed, &out, &[]).file_size_limit_blocks(16).run();
    run.assert_fails_with(&["ed-2024-03-05."]);
    assert_eq!(
        std::fs::read(out.join("ed-2024-03-05.epub")).expect("old"),
        OLD_BOOK
    );
    assert_eq!(
        std::fs::read(out.join("ed-2024-03-05.pdf")).expect("old"),
        OLD_BOOK
    );
    let names: Vec<_> = listing(&out).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(
        names,
        vec![
            PathBuf::from("ed-2024-03-05.epub"),
            PathBuf::from("ed-2024-03-05.pdf")
        ],
        "a temporary file was left behind"
    );
    // Without the limit the same build replaces both books with complete ones.
    build(&ed, &out, &[]).run().assert_ok();
    assert!(
        is_complete_zip(&out.join("ed-2024-03-05.epub")),
        "the new EPUB is complete"
    );
    let pdf = std::fs::read(out.join("ed-2024-03-05.pdf")).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"), "the new PDF starts as a PDF");
    let tail = String::from_utf8_lossy(&pdf[pdf.len().saturating_sub(64)..]).into_owned();
    assert!(tail.contains("%%EOF"), "the new PDF is complete");
}

/// Unmount the tmpfs even when the test fails.
struct Mounted(PathBuf);
impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
#[ignore = "needs root, to mount a tmpfs (the file-size-limit test covers a full disk without)"]
fn full_disk_on_a_tiny_tmpfs_fails_cleanly_and_keeps_the_old_book() {
    let dir = tempdir();
    let ed = small_edition(dir.path(), "ed");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    assert!(
        is_root()
            && sh(
                "mount",
                &[
                    "-t",
                    "tmpfs",
                    "-o",
                    "size=64k",
                    "tmpfs",
                    &out.display().to_string(),
                ],
            ),
        "cannot mount a tmpfs here (needs root)"
    );
    let _guard = Mounted(out.clone());
    write(&out, "ed-2024-03-05.epub", OLD_BOOK);
    // Fill the rest of the 64 KiB but a few blocks.
    write(&out, "filler", vec![0u8; 40 * 1024]);
    let run = build(&ed, &out, &[]).run();
    run.assert_fails_with(&["ed-2024-03-05."]);
    assert_eq!(
        std::fs::read(out.join("ed-2024-03-05.epub")).expect("old"),
        OLD_BOOK
    );
    let names: Vec<_> = listing(&out).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(
        names,
        vec![PathBuf::from("ed-2024-03-05.epub"), PathBuf::from("filler")],
        "a temporary or partial file was left on the full disk"
    );
}

#[test]
fn book_path_that_is_a_folder_fails_cleanly() {
    let dir = tempdir();
    let ed = small_edition(dir.path(), "ed");
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("ed-2024-03-05.epub/inside")).expect("mkdir");
    let run = build(&ed, &out, &["--format", "epub"]).run();
    run.assert_fails_with(&["ed-2024-03-05.epub"]);
    assert!(
        out.join("ed-2024-03-05.epub/inside").is_dir(),
        "the folder was left alone"
    );
    let names: Vec<_> = listing(&out).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(
        names,
        vec![
            PathBuf::from("ed-2024-03-05.epub"),
            PathBuf::from("ed-2024-03-05.epub/inside")
        ]
    );
}

#[test]
fn a_failed_edition_keeps_its_old_book_and_a_good_one_replaces_it() {
    let dir = tempdir();
    let ed = small_edition(dir.path(), "ed");
    let out = dir.path().join("out");
    write(&out, "ed-2024-03-05.epub", OLD_BOOK);
    write(&out, "ed-2024-03-05.pdf", OLD_BOOK);
    // Break the edition (a character no font has) and build: the old books stay.
    let p1 = ed.join("p1.md");
    let good = std::fs::read_to_string(&p1).expect("read");
    std::fs::write(&p1, format!("{good}\n西夏文字{}。\n", '\u{17000}')).expect("write");
    build(&ed, &out, &[]).run().assert_fails_with(&["U+17000"]);
    assert_eq!(
        std::fs::read(out.join("ed-2024-03-05.epub")).expect("old"),
        OLD_BOOK
    );
    assert_eq!(
        std::fs::read(out.join("ed-2024-03-05.pdf")).expect("old"),
        OLD_BOOK
    );
    // Repair it: both are replaced by complete books.
    std::fs::write(&p1, good).expect("write");
    build(&ed, &out, &[]).run().assert_ok();
    assert!(is_complete_zip(&out.join("ed-2024-03-05.epub")));
    assert!(
        std::fs::read(out.join("ed-2024-03-05.pdf"))
            .expect("pdf")
            .starts_with(b"%PDF-")
    );
    let names: Vec<_> = listing(&out).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(
        names,
        vec![
            PathBuf::from("ed-2024-03-05.epub"),
            PathBuf::from("ed-2024-03-05.pdf")
        ]
    );
}

#[test]
fn a_batch_with_one_bad_edition_builds_the_others_and_exits_1() {
    let dir = tempdir();
    let all = dir.path().join("archive");
    small_edition(&all, "a-good");
    let bad = small_edition(&all, "b-bad");
    std::fs::write(bad.join("p2.txt"), b"\xff\xfe\x00").expect("break a page");
    small_edition(&all, "c-good");
    let out = dir.path().join("out");
    let run = build(&all, &out, &[]).run();
    run.assert_fails_with(&["b-bad", "p2.txt"]);
    for good in ["a-good", "c-good"] {
        assert!(
            is_complete_zip(&out.join(format!("{good}-2024-03-05.epub"))),
            "{good} not built"
        );
        assert!(
            out.join(format!("{good}-2024-03-05.pdf")).is_file(),
            "{good} not built"
        );
    }
    assert!(
        !out.join("b-bad-2024-03-05.epub").exists() && !out.join("b-bad-2024-03-05.pdf").exists()
    );
    let names: Vec<_> = listing(&out).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(names.len(), 4, "only the four good books: {names:?}");
}

#[test]
fn printing_to_a_full_disk_or_a_closed_pipe_does_not_panic() {
    let dir = tempdir();
    // Large enough that the JSON and the diagnostics overflow a pipe's buffer.
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!(
            "## 第{i}条新闻的标题\n\n这是第{i}条新闻的正文，内容完整\n\n"
        ));
    }
    let ed = write(dir.path(), "big.md", text);
    let exe = env!("CARGO_BIN_EXE_paiban");
    for sub in ["inspect", "check"] {
        // stdout on /dev/full: writing fails with ENOSPC.
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = Command::new(exe)
            .arg(sub)
            .arg(&ed)
            .stdout(full)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.code() == Some(1) && !stderr.contains("panicked"),
            "{sub} > /dev/full: {:?}\n{stderr}",
            out.status
        );
        // stdout a pipe whose reader has gone: EPIPE (SIGPIPE is ignored by Rust programs).
        let script = format!("\"$0\" {sub} \"$1\" | head -c 1 >/dev/null; exit ${{PIPESTATUS:-0}}");
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!("set -o pipefail; {script}"))
            .arg(exe)
            .arg(&ed)
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && out.status.code() != Some(101),
            "{sub} | head -c 1: {:?}\n{stderr}",
            out.status
        );
    }
}
