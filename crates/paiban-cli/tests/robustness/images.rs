//! Robustness, end to end: images. A path that leaves the edition's folder (`../`, an absolute
//! path, a symlink out) is never read; a missing, corrupt or absurdly large image is left out.
//! Each is a warning naming the source line, the caption is kept, the build goes on (EPUB and
//! PDF); `--strict` turns the warning into an error and writes nothing.

use crate::support::*;
use std::path::{Path, PathBuf};

/// Marker text of the files outside the edition: must never reach a book.
const SECRET: &str = "SECRET-MARKER-4f1c";

struct Fixture {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    edition: PathBuf,
    outside_png: Vec<u8>,
}

/// `root/secret/` (outside the edition) and `root/ed/` (the edition, with a good photo).
fn fixture() -> Fixture {
    let tmp = tempdir();
    let root = tmp.path().canonicalize().expect("canonical temp");
    let outside_png = png(3, 5, [1, 99, 7]);
    write(&root, "secret/outside.png", &outside_png);
    write(&root, "secret/passwd", format!("root:x:0:0:{SECRET}\n"));
    let edition = root.join("ed");
    write(&edition, "good.png", png(4, 4, [10, 200, 10]));
    Fixture {
        _tmp: tmp,
        root,
        edition,
        outside_png,
    }
}

/// A page whose line 5 is `image_line` between two complete paragraphs.
fn page_with(image_line: &str) -> String {
    format!(
        "## 图片测试稿件\n\n正文第一段，内容完整。\n\n{image_line}\n\n正文最后一段，内容完整。\n"
    )
}

fn build(f: &Fixture, page: &str, extra: &[&str]) -> (Run, PathBuf) {
    let page_path = write(&f.edition, "page.md", page);
    let out = f.root.join("out");
    let mut cmd = paiban([
        "build".as_ref(),
        page_path.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ])
    .arg("--date")
    .arg("2024-03-05")
    .arg("--masthead")
    .arg("南湖晨报");
    for a in extra {
        cmd = cmd.arg(a);
    }
    (cmd.cwd(&f.root).run(), out)
}

/// The image line is left out with a warning at page.md:5, the caption and the text are kept
/// in both books, and nothing from outside the edition got in.
fn assert_left_out(f: &Fixture, image_line: &str, caption: &str) {
    let (run, out) = build(f, &page_with(image_line), &[]);
    run.assert_ok();
    run.assert_names_line("page.md", 5);
    assert!(
        run.stderr.to_lowercase().contains("warning"),
        "{}: expected a warning\n{}",
        run.what,
        run.stderr
    );
    let epub = out.join("page-2024-03-05.epub");
    let pdf = out.join("page-2024-03-05.pdf");
    assert!(pdf.is_file(), "the PDF was not written");
    let xhtml = epub_xhtml(&epub);
    assert!(
        xhtml.contains(caption),
        "caption {caption} lost from the EPUB"
    );
    assert!(xhtml.contains("正文最后一段"), "text after the image lost");
    assert_nothing_from_outside(f, &epub, &pdf);

    // --strict: the same warning is an error; nothing written.
    let _ = std::fs::remove_dir_all(&out);
    let (strict, out) = build(f, &page_with(image_line), &["--strict"]);
    strict.assert_fails_with(&["page.md"]);
    strict.assert_names_line("page.md", 5);
    assert_no_output(&out);
    let _ = std::fs::remove_dir_all(&out);
}

fn assert_nothing_from_outside(f: &Fixture, epub: &Path, pdf: &Path) {
    for (name, bytes) in read_zip(epub) {
        assert!(
            bytes != f.outside_png,
            "{name} in the EPUB is the image from outside the edition"
        );
        assert!(
            !String::from_utf8_lossy(&bytes).contains(SECRET),
            "{name} in the EPUB holds a file from outside the edition"
        );
    }
    let pdf_bytes = std::fs::read(pdf).expect("read pdf");
    assert!(
        !String::from_utf8_lossy(&pdf_bytes).contains(SECRET),
        "the PDF holds a file from outside the edition"
    );
}

#[test]
fn a_good_image_is_embedded() {
    // The positive control: without it every "left out" test below could pass vacuously.
    let f = fixture();
    let (run, out) = build(&f, &page_with("![新馆外景照片](good.png)"), &[]);
    run.assert_ok();
    let good = png(4, 4, [10, 200, 10]);
    let entries = read_zip(&out.join("page-2024-03-05.epub"));
    assert!(
        entries.iter().any(|(n, b)| {
            let n = n.to_lowercase();
            (n.ends_with(".png") || n.ends_with(".jpg") || n.ends_with(".jpeg"))
                && !n.contains("cover")
                && *b == good
        }),
        "the photo is not in the EPUB: {:?}",
        entries.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    assert!(epub_xhtml(&out.join("page-2024-03-05.epub")).contains("新馆外景照片"));
}

#[test]
fn parent_path_out_of_the_edition_is_never_read() {
    let f = fixture();
    assert_left_out(&f, "![越界图片说明](../secret/outside.png)", "越界图片说明");
    assert_left_out(
        &f,
        "![越界文件说明](../../../../../../etc/passwd)",
        "越界文件说明",
    );
    assert_left_out(&f, "![越界二说明](../secret/passwd)", "越界二说明");
}

#[test]
fn absolute_path_is_never_read() {
    let f = fixture();
    let abs = f.root.join("secret/outside.png");
    assert_left_out(
        &f,
        &format!("![绝对路径说明]({})", abs.display()),
        "绝对路径说明",
    );
    assert_left_out(&f, "![系统文件说明](/etc/passwd)", "系统文件说明");
}

#[test]
fn symlink_out_of_the_edition_is_never_read() {
    let f = fixture();
    std::os::unix::fs::symlink(
        f.root.join("secret/outside.png"),
        f.edition.join("link.png"),
    )
    .expect("symlink");
    assert_left_out(&f, "![符号链接说明](link.png)", "符号链接说明");
    // A symlinked folder out of the edition.
    std::os::unix::fs::symlink(f.root.join("secret"), f.edition.join("imgs")).expect("symlink");
    assert_left_out(&f, "![链接目录说明](imgs/outside.png)", "链接目录说明");
}

#[test]
fn missing_image_is_a_warning() {
    let f = fixture();
    assert_left_out(&f, "![缺失图片说明](missing.jpg)", "缺失图片说明");
}

#[test]
fn corrupt_jpeg_is_a_warning() {
    let f = fixture();
    let mut jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00".to_vec();
    jpeg.extend_from_slice(&garbage(300, 3));
    write(&f.edition, "bad.jpg", &jpeg);
    assert_left_out(&f, "![损坏JPEG说明](bad.jpg)", "损坏JPEG说明");
    // Not an image at all, named .jpg.
    write(&f.edition, "text.jpg", "这不是图片");
    assert_left_out(&f, "![伪装图片说明](text.jpg)", "伪装图片说明");
}

#[test]
fn corrupt_png_is_a_warning() {
    let f = fixture();
    let mut bad = png(4, 4, [1, 2, 3]);
    let n = bad.len();
    bad[n - 20] ^= 0x55; // break the IDAT data and its CRC
    bad.truncate(n - 8);
    write(&f.edition, "bad.png", &bad);
    assert_left_out(&f, "![损坏PNG说明](bad.png)", "损坏PNG说明");
}

#[test]
fn huge_png_header_is_a_warning() {
    let f = fixture();
    write(&f.edition, "huge.png", png_header_only(30_000, 30_000));
    assert_left_out(&f, "![巨幅图片说明](huge.png)", "巨幅图片说明");
}

#[test]
fn all_bad_images_in_one_page_each_warn_at_their_line() {
    let f = fixture();
    write(&f.edition, "huge.png", png_header_only(30_000, 30_000));
    write(&f.edition, "bad.jpg", b"\xFF\xD8\xFF\xE0garbage");
    std::os::unix::fs::symlink(
        f.root.join("secret/outside.png"),
        f.edition.join("link.png"),
    )
    .expect("symlink");
    let page = "## 多图稿件\n\n\
                正文第一段，内容完整。\n\n\
                ![图一说明](../secret/outside.png)\n\n\
                ![图二说明](/etc/passwd)\n\n\
                ![图三说明](link.png)\n\n\
                ![图四说明](missing.png)\n\n\
                ![图五说明](bad.jpg)\n\n\
                ![图六说明](huge.png)\n\n\
                ![图七说明](good.png)\n\n\
                正文最后一段，内容完整。\n";
    let (run, out) = build(&f, page, &[]);
    run.assert_ok();
    for line in [5, 7, 9, 11, 13, 15] {
        run.assert_names_line("page.md", line);
    }
    let xhtml = epub_xhtml(&out.join("page-2024-03-05.epub"));
    for c in [
        "图一说明",
        "图二说明",
        "图三说明",
        "图四说明",
        "图五说明",
        "图六说明",
        "图七说明",
    ] {
        assert!(xhtml.contains(c), "caption {c} lost");
    }
    assert_nothing_from_outside(
        &f,
        &out.join("page-2024-03-05.epub"),
        &out.join("page-2024-03-05.pdf"),
    );
}
