//! Shared harness of the paiban fuzz targets.
//!
//! Input: the fuzzer's bytes. The reader targets call the public readers directly (decode →
//! Markdown / plain-text reader → repair passes, no file I/O; the manifest parser on a fixed
//! folder); the whole-pipeline target writes the bytes as an edition's files into a scratch
//! folder private to the process (under /dev/shm or `$TMPDIR`, emptied before every run) and
//! calls `paiban_ingest::load`. Each checks what must hold for every input: no panic, an error
//! or an edition that serialises, diagnostics with a code, and no Han character in the
//! articles more often than the sources held it. Output: nothing; a violated property panics,
//! which libFuzzer reports as a crash.

use paiban_ingest::raw::RawPage;
use paiban_ingest::{IngestOptions, Ingested};
use paiban_model::Edition;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The scratch folder of this process, created once.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = Path::new("/dev/shm");
        let base = if base.is_dir() {
            base.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let dir = base.join(format!("paiban-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch folder");
        dir
    })
}

/// Empty the scratch folder and return it.
pub fn fresh() -> &'static Path {
    let dir = scratch();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                let _ = std::fs::remove_dir_all(&p);
            } else {
                let _ = std::fs::remove_file(&p);
            }
        }
    }
    dir
}

/// Options as the CLI passes them for a bare page file.
pub fn bare_options() -> IngestOptions {
    IngestOptions {
        masthead: Some("测试报".into()),
        date: Some("2024-01-02".into()),
        page: Some(1),
        ..Default::default()
    }
}

/// Is `c` a Han ideograph? (The reader's own definition.)
pub use paiban_ingest::chars::is_han;

/// Decode `bytes` and read them with the Markdown (`plain == false`) or plain-text reader,
/// then run every repair pass: the whole read-and-repair stage without file I/O.
pub fn run_reader(bytes: &[u8], plain: bool) {
    let file = if plain { "page.txt" } else { "page.md" };
    let Ok(decoded) = paiban_ingest::decode::decode(Path::new(file), bytes) else {
        return;
    };
    let blocks = if plain {
        paiban_ingest::plaintext::read(&decoded.text, file)
    } else {
        paiban_ingest::markdown::read(&decoded.text, file)
    };
    for b in &blocks {
        assert!(b.span.line >= 1, "block without a line: {b:?}");
        let lines = decoded.text.lines().count().max(1) as u32;
        assert!(
            b.span.line <= lines + 1,
            "block at line {} of a {lines}-line source",
            b.span.line
        );
    }
    let page = RawPage {
        number: 1,
        name: None,
        file: file.to_string(),
        plain,
        geometry: false,
        blocks,
        fixes: Vec::new(),
    };
    let mut edition = Edition::new("测试报");
    let diagnostics =
        paiban_ingest::passes::run(vec![page], &mut edition, paiban_ingest::Repair::default());
    check(
        Some(Ingested {
            edition,
            diagnostics,
        }),
        &[bytes],
    );
}

/// The folder the manifest target resolves pages in: `p1.md`, `p2.txt`, created once.
fn manifest_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch().join("manifest-edition");
        std::fs::create_dir_all(&dir).expect("manifest folder");
        std::fs::write(dir.join("p1.md"), "# 标题一\n\n第一段正文。\n").expect("page");
        std::fs::write(dir.join("p2.txt"), "　　第二版的正文。\n").expect("page");
        dir
    })
}

/// Parse `bytes` as an `edition.toml` (decoded as a source is) in a folder holding `p1.md` and
/// `p2.txt`.
pub fn run_manifest_parser(bytes: &[u8]) {
    let dir = manifest_dir();
    let path = dir.join("edition.toml");
    let Ok(decoded) = paiban_ingest::decode::decode(&path, bytes) else {
        return;
    };
    match paiban_ingest::manifest::parse(&path, dir, &decoded.text) {
        Ok(m) => {
            assert!(!m.pages.is_empty(), "a manifest without pages was accepted");
            for p in &m.pages {
                assert!(p.number >= 1);
                assert!(
                    p.path.starts_with(dir),
                    "page {:?} resolved outside the edition: {}",
                    p.file,
                    p.path.display()
                );
            }
            if let Some(d) = &m.date {
                assert_eq!(d.len(), 10, "date {d:?} is not YYYY-MM-DD");
            }
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(
                msg.contains("edition.toml"),
                "error does not name the file: {msg}"
            );
        }
    }
}

/// The separator between the files of an [`run_archive`] input.
pub const SEPARATOR: &[u8] = b"\n%%%%\n";

/// Read a whole edition folder packed in `bytes`: parts split by [`SEPARATOR`]; the first is
/// `edition.toml` (absent when empty: then the first page is read as a bare file), each
/// further part starts with a line naming its file (letters, digits, `._-` only).
pub fn run_archive(bytes: &[u8]) {
    let dir = fresh();
    let mut parts = split(bytes, SEPARATOR).into_iter();
    let manifest = parts.next().unwrap_or_default();
    let mut first_page: Option<PathBuf> = None;
    let mut sources: Vec<&[u8]> = vec![manifest];
    for (i, part) in parts.enumerate().take(16) {
        let (name_line, body) = match part.iter().position(|&b| b == b'\n') {
            Some(n) => (&part[..n], &part[n + 1..]),
            None => (part, &[][..]),
        };
        let mut name: String = String::from_utf8_lossy(name_line)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .take(32)
            .collect();
        if name.is_empty() || name.starts_with('.') || name == "edition.toml" {
            name = format!("p{}.md", i + 1);
        }
        let path = dir.join(&name);
        if std::fs::write(&path, body).is_ok() && first_page.is_none() {
            first_page = Some(path);
        }
        sources.push(body);
    }
    let result = if manifest.is_empty() {
        match first_page {
            Some(p) => paiban_ingest::load(&p, &bare_options()),
            None => return,
        }
    } else {
        std::fs::write(dir.join("edition.toml"), manifest).expect("write manifest");
        paiban_ingest::load(dir, &IngestOptions::default())
    };
    check(result.ok(), &sources);
}

fn split<'a>(bytes: &'a [u8], sep: &[u8]) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while let Some(i) = rest.windows(sep.len()).position(|w| w == sep) {
        out.push(&rest[..i]);
        rest = &rest[i + sep.len()..];
    }
    out.push(rest);
    out
}

/// The properties every successfully read edition must have.
pub fn check(ingested: Option<Ingested>, sources: &[&[u8]]) {
    let Some(ingested) = ingested else { return };
    let json = serde_json::to_string(&ingested.edition).expect("edition serialises");
    assert!(!json.is_empty());
    for d in &ingested.diagnostics {
        assert!(!d.code.is_empty(), "diagnostic without a code: {d:?}");
    }
    // No Han character appears in the articles more often than in the sources (in the most
    // generous decoding, counting character references): the repair passes move and drop
    // text, they never invent or repeat it.
    let mut source_han: BTreeMap<char, usize> = BTreeMap::new();
    for s in sources {
        let mut best: BTreeMap<char, usize> = BTreeMap::new();
        for t in decodings(s) {
            let mut counts: BTreeMap<char, usize> = BTreeMap::new();
            for c in t.chars().chain(char_refs(&t)).filter(|&c| is_han(c)) {
                *counts.entry(c).or_default() += 1;
                // The `variants` pass may write a stray Traditional form as Simplified.
                if let Some(s) = paiban_ingest::passes::variants::simplified(c) {
                    *counts.entry(s).or_default() += 1;
                }
            }
            for (c, n) in counts {
                let e = best.entry(c).or_default();
                *e = (*e).max(n);
            }
        }
        for (c, n) in best {
            *source_han.entry(c).or_default() += n;
        }
    }
    let mut seen: BTreeMap<char, usize> = BTreeMap::new();
    for (_, article) in ingested.edition.articles() {
        let fields = [
            &article.headline,
            &article.kicker,
            &article.subtitle,
            &article.byline,
            &article.dateline,
        ];
        let texts = fields
            .into_iter()
            .flatten()
            .map(String::as_str)
            .chain(article.blocks.iter().map(|b| b.text.as_str()));
        for t in texts {
            for c in t.chars().filter(|&c| is_han(c)) {
                let n = seen.entry(c).or_default();
                *n += 1;
                let have = source_han.get(&c).copied().unwrap_or(0);
                assert!(
                    *n <= have || ALLOWED_NEW.contains(c),
                    "Han character {c:?} (U+{:04X}) appears {n} times in the edition's articles, \
                     {have} times in the sources",
                    c as u32
                );
            }
        }
    }
}

/// Han characters a repair may legitimately introduce (Traditional → Simplified fixes and
/// the like are checked against this list; extend it when ingest documents a new mapping).
const ALLOWED_NEW: &str = "范";

/// The texts `bytes` may decode to: UTF-8, GB18030 (also after a UTF-8 BOM), UTF-16 with
/// either byte order (each lossy, with and without a leading BOM byte pair).
fn decodings(bytes: &[u8]) -> impl Iterator<Item = String> + '_ {
    let utf8 = String::from_utf8_lossy(bytes).into_owned();
    let gb = encoding_rs::GB18030
        .decode_without_bom_handling(bytes)
        .0
        .into_owned();
    let gb_after_bom = encoding_rs::GB18030
        .decode_without_bom_handling(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or_default())
        .0
        .into_owned();
    let utf16 = |b: &[u8], le: bool| {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    let rest = bytes.get(2..).unwrap_or_default();
    [
        utf8,
        gb,
        gb_after_bom,
        utf16(bytes, true),
        utf16(bytes, false),
        utf16(rest, true),
        utf16(rest, false),
    ]
    .into_iter()
}

/// Characters written as numeric character references (`&#20013;`, `&#x4E2D;`), which the
/// Markdown reader decodes.
fn char_refs(t: &str) -> Vec<char> {
    let mut out = Vec::new();
    for (i, _) in t.match_indices("&#") {
        let rest = &t[i + 2..];
        let (hex, digits) = match rest.strip_prefix(['x', 'X']) {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let end = digits
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(digits.len());
        let n = if hex {
            u32::from_str_radix(&digits[..end], 16).ok()
        } else {
            digits[..end].parse::<u32>().ok()
        };
        if let Some(c) = n.and_then(char::from_u32) {
            out.push(c);
        }
    }
    out
}

/// Read `bytes` as a Markdown page (decode → reader → passes), then resolve and subset its
/// fonts (missing glyphs replaced, as `--allow-missing-glyphs` does) and render both books:
/// the exporters must not panic on any edition ingest can produce, and what they return must
/// look like an EPUB (a zip) and a PDF.
pub fn run_render(bytes: &[u8]) {
    use paiban_fonts::FontSet;
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    // The repository's fonts/ (paiban-fonts finds it), also when this harness is compiled
    // into the seed-replay test of crates/paiban-cli.
    let fonts = FONTS.get_or_init(|| FontSet::bundled().expect("bundled fonts"));
    let file = "page.md";
    let Ok(decoded) = paiban_ingest::decode::decode(Path::new(file), bytes) else {
        return;
    };
    let blocks = paiban_ingest::markdown::read(&decoded.text, file);
    let page = RawPage {
        number: 1,
        name: Some("要闻".into()),
        file: file.to_string(),
        plain: false,
        geometry: false,
        blocks,
        fixes: Vec::new(),
    };
    let mut edition = Edition::new("测试报");
    edition.date = paiban_model::Date::parse("2024-01-02");
    let _ = paiban_ingest::passes::run(vec![page], &mut edition, paiban_ingest::Repair::default());
    // As `paiban build --allow-missing-glyphs` prepares it (the passes' diagnostics are not
    // kept: an edition with errors is still rendered here).
    let ingest = paiban_ingest::IngestOptions::default();
    let preparer = paiban_prepare::Preparer {
        allow_missing_glyphs: true,
        ..paiban_prepare::Preparer::new(&ingest, fonts)
    };
    let mut timings = paiban_prepare::Timings::default();
    let Ok((edition, prepared)) = preparer.fit_fonts(edition, &mut Vec::new(), &mut timings) else {
        return;
    };
    if let Ok(epub) = paiban_epub::render(&edition, &prepared, &Default::default()) {
        assert!(epub.starts_with(b"PK"), "the EPUB is not a zip");
    }
    if let Ok(pdf) = paiban_pdf::render(&edition, &prepared, &Default::default()) {
        assert!(pdf.starts_with(b"%PDF-"), "the PDF does not start as one");
    }
}
