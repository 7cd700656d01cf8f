//! The AZW3 books read by other programs: libmobi's `mobitool` parses them, rebuilds their
//! documents, fonts and contents and converts them to EPUB; Calibre converts them to text
//! equal to the EPUB's, inspects them and converts them back to an EPUB with the fonts.
//! Ignored unless the tools are installed (CI installs them: Debian `libmobi-tools`,
//! `calibre`).

mod common;

#[allow(clippy::unwrap_used)]
mod tools {
    use super::common::{self, body_text};
    use paiban_epub::{Parts, TocEntry};
    use quick_xml::Reader;
    use quick_xml::events::Event;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    fn run(dir: &Path, program: &str, args: &[&str]) -> String {
        let out = Command::new(program)
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap_or_else(|e| panic!("{program}: {e}"));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{program} {args:?} failed:\n{text}");
        text
    }

    fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(files(&p, ext));
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
        out.sort();
        out
    }

    /// (depth, label) of every navPoint of an NCX.
    fn ncx_labels(ncx: &str) -> Vec<(usize, String)> {
        let mut r = Reader::from_str(ncx);
        let (mut depth, mut in_text, mut out) = (0usize, false, Vec::new());
        loop {
            match r.read_event().unwrap() {
                Event::Start(e) if e.local_name().as_ref() == "navPoint" => depth += 1,
                Event::End(e) if e.local_name().as_ref() == "navPoint" => depth -= 1,
                Event::Start(e) if e.local_name().as_ref() == "text" => in_text = true,
                Event::End(e) if e.local_name().as_ref() == "text" => in_text = false,
                Event::Text(t) if in_text && depth > 0 => out.push((depth - 1, t.to_string())),
                Event::GeneralRef(g) if in_text && depth > 0 => {
                    let s = match &*g {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        _ => "'",
                    };
                    if let Some(last) = out.last_mut() {
                        last.1.push_str(s);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    fn flat(toc: &[TocEntry], depth: usize, out: &mut Vec<(usize, String)>) {
        for e in toc {
            out.push((depth, e.label.clone()));
            flat(&e.children, depth + 1, out);
        }
    }

    /// Only the letters and digits of `s`: what a text conversion must keep.
    fn letters(s: &str) -> String {
        s.chars().filter(|c| c.is_alphanumeric()).collect()
    }

    fn mobitool_reads(parts: &Parts) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("book.azw3");
        std::fs::write(&file, paiban_azw3::render(parts).unwrap()).unwrap();
        let meta = run(dir.path(), "mobitool", &["book.azw3"]);
        assert!(meta.contains("Mobi version: 8"), "{meta}");
        assert!(meta.contains(&format!("Title: {}", parts.title)), "{meta}");
        assert!(meta.contains("Language: zh"), "{meta}");
        std::fs::create_dir(dir.path().join("src")).unwrap();
        run(dir.path(), "mobitool", &["-s", "-o", "src", "book.azw3"]);
        let src = dir.path().join("src");
        // The documents' text, in order.
        let texts: Vec<String> = files(&src, "html")
            .iter()
            .map(|p| body_text(&std::fs::read(p).unwrap()))
            .collect();
        let want: Vec<String> = parts
            .files
            .iter()
            .filter(|f| f.spine)
            .map(|f| body_text(&f.data))
            .collect();
        assert_eq!(texts, want);
        // The fonts, byte for byte.
        let mut fonts: Vec<Vec<u8>> = files(&src, "ttf")
            .iter()
            .chain(&files(&src, "otf"))
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        let mut want_fonts: Vec<Vec<u8>> = parts
            .files
            .iter()
            .filter(|f| f.media_type.starts_with("font/"))
            .map(|f| f.data.clone())
            .collect();
        fonts.sort();
        want_fonts.sort();
        assert!(fonts == want_fonts, "the fonts differ");
        // The contents: 版 → articles.
        let ncx = files(&src, "ncx");
        let ncx = std::fs::read_to_string(ncx.first().expect("an NCX")).unwrap();
        let mut want_toc = Vec::new();
        flat(&parts.toc, 0, &mut want_toc);
        assert_eq!(ncx_labels(&ncx), want_toc);
        // And an EPUB of it.
        std::fs::create_dir(dir.path().join("epub")).unwrap();
        run(dir.path(), "mobitool", &["-e", "-o", "epub", "book.azw3"]);
        assert_eq!(files(&dir.path().join("epub"), "epub").len(), 1);
    }

    fn calibre_reads(parts: &Parts, epub: &[u8]) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("book.azw3"),
            paiban_azw3::render(parts).unwrap(),
        )
        .unwrap();
        std::fs::write(dir.path().join("book.epub"), epub).unwrap();
        run(dir.path(), "ebook-convert", &["book.azw3", "azw3.txt"]);
        run(dir.path(), "ebook-convert", &["book.epub", "epub.txt"]);
        let read = |f: &str| std::fs::read_to_string(dir.path().join(f)).unwrap();
        let (a, e) = (read("azw3.txt"), read("epub.txt"));
        assert!(letters(&a).chars().count() > 200, "{a}");
        assert!(a == e, "the AZW3's text is not the EPUB's:\n{a}\n----\n{e}");
        let inspect = run(
            dir.path(),
            "calibre-debug",
            &["--inspect-mobi", "book.azw3"],
        );
        // No traceback, and no warning: the trailing byte sequences are the ones Calibre
        // computes from the NCX.
        assert!(
            !inspect.contains("Traceback") && !inspect.contains("WARNING"),
            "{inspect}"
        );
        run(dir.path(), "ebook-convert", &["book.azw3", "back.epub"]);
        let back = std::fs::read(dir.path().join("back.epub")).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(back)).unwrap();
        let mut ncx = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("toc.ncx").unwrap(), &mut ncx).unwrap();
        let mut want_toc = Vec::new();
        flat(&parts.toc, 0, &mut want_toc);
        assert_eq!(ncx_labels(&ncx), want_toc, "Calibre's contents");
        let fonts = (0..zip.len())
            .filter(|&i| {
                let name = zip.by_index(i).unwrap().name().to_lowercase();
                name.ends_with(".ttf") || name.ends_with(".otf")
            })
            .count();
        let want = parts
            .files
            .iter()
            .filter(|f| f.media_type.starts_with("font/"))
            .count();
        assert_eq!(fonts, want, "Calibre did not get the fonts back");
    }

    /// The sample with a paragraph three times a fragment's size (carried on in spans).
    fn long_paragraph() -> (Parts, String) {
        let mut parts = common::sample_parts();
        let long = "清河新桥今日通车，两岸百姓奔走相告。".repeat(500);
        let doc = parts
            .files
            .iter_mut()
            .find(|f| f.spine && f.href.starts_with("p01"))
            .unwrap();
        let s = String::from_utf8(doc.data.clone()).unwrap();
        doc.data = s.replacen("</p>", &format!("{long}</p>"), 1).into_bytes();
        (parts, long)
    }

    #[test]
    #[ignore = "needs mobitool (Debian libmobi-tools) and calibre"]
    fn a_paragraph_longer_than_a_fragment_reads_back_whole() {
        let (parts, long) = long_paragraph();
        mobitool_reads(&parts);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("book.azw3"),
            paiban_azw3::render(&parts).unwrap(),
        )
        .unwrap();
        run(dir.path(), "ebook-convert", &["book.azw3", "book.txt"]);
        let text = std::fs::read_to_string(dir.path().join("book.txt")).unwrap();
        assert!(
            text.contains(&long),
            "the long paragraph is cut in Calibre's text"
        );
    }

    #[test]
    #[ignore = "needs mobitool (Debian libmobi-tools)"]
    fn mobitool_reads_the_sample() {
        mobitool_reads(&common::sample_parts());
    }

    #[test]
    #[ignore = "needs mobitool (Debian libmobi-tools) and ../shared/editions/nmrb-2022-06-28.md"]
    fn mobitool_reads_the_real_page() {
        mobitool_reads(&common::real_parts());
    }

    #[test]
    #[ignore = "needs calibre (ebook-convert, calibre-debug)"]
    fn calibre_reads_the_sample() {
        let (parts, epub) = common::sample();
        calibre_reads(&parts, &epub);
    }

    #[test]
    #[ignore = "needs calibre (ebook-convert, calibre-debug) and ../shared/editions/nmrb-2022-06-28.md"]
    fn calibre_reads_the_real_page() {
        let (parts, epub) = common::real();
        calibre_reads(&parts, &epub);
    }
}
