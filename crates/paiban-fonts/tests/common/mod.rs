//! Shared helpers of the fonts tests: the bundled set (loaded once), small editions, the
//! real page, tiny fonts made from subsets, and the OpenType Sanitizer.

#![allow(dead_code)]

use paiban_fonts::{EditionFonts, FontSet, Role};
use paiban_model::{Article, Block, BlockKind, Edition, Section, Span};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The bundled faces, loaded once for all tests of a binary.
pub fn bundled() -> &'static FontSet {
    static SET: OnceLock<FontSet> = OnceLock::new();
    SET.get_or_init(|| match FontSet::bundled() {
        Ok(set) => set,
        Err(e) => panic!("bundled fonts must load: {e}"),
    })
}

/// An edition of one article: `headline` (heading role) and one paragraph per entry of
/// `paragraphs` (body role) at lines 2, 3, … of `file`.
pub fn edition(file: &str, headline: &str, paragraphs: &[&str]) -> Edition {
    let mut e = Edition::new("晨报");
    let blocks = paragraphs
        .iter()
        .zip(2u32..)
        .map(|(p, line)| Block::new(BlockKind::Paragraph, *p, Span::new(file, line)))
        .collect();
    e.sections.push(Section {
        number: 1,
        name: None,
        articles: vec![Article {
            headline: Some(headline.to_string()),
            blocks,
            span: Span::new(file, 1),
            ..Article::default()
        }],
    });
    e
}

/// The real OCR'd page from ../shared (never copied into the repository), read and repaired;
/// panics when it is absent or cannot be read (tests calling it are `#[ignore]`d with the
/// reason).
pub fn real_page() -> Edition {
    let path = paiban_testkit::real_page();
    let opts = paiban_ingest::IngestOptions {
        masthead: Some("南湖晨报".into()),
        date: Some("2022-06-28".into()),
        page: Some(1),
    };
    match paiban_ingest::load(&path, &opts) {
        Ok(ingested) => ingested.edition,
        Err(e) => panic!("the real page does not read: {e}"),
    }
}

/// A subset of the bundled face of `role` holding `chars` (and .notdef, space).
pub fn tiny_font(role: Role, chars: &str) -> Vec<u8> {
    let extra = [(role, chars)];
    let prepared = match EditionFonts::prepare(bundled(), &Edition::new(""), &extra) {
        Ok(p) => p,
        Err(e) => panic!("subset of {chars}: {e}"),
    };
    match prepared.chain(role).next() {
        Some(f) => f.face.data().to_vec(),
        None => panic!("no subset face for {role}"),
    }
}

/// A TrueType collection of `fonts` (single-face TrueType files), table offsets rebased.
pub fn collection(fonts: &[Vec<u8>]) -> Vec<u8> {
    let header = 12 + 4 * fonts.len();
    let mut out = Vec::new();
    out.extend_from_slice(b"ttcf");
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&(fonts.len() as u32).to_be_bytes());
    let mut at = header;
    for f in fonts {
        out.extend_from_slice(&(at as u32).to_be_bytes());
        at += f.len().next_multiple_of(4);
    }
    for f in fonts {
        let base = out.len() as u32;
        let mut f = f.clone();
        let num_tables = usize::from(u16::from_be_bytes([f[4], f[5]]));
        for i in 0..num_tables {
            let o = 12 + 16 * i + 8;
            let old = u32::from_be_bytes([f[o], f[o + 1], f[o + 2], f[o + 3]]);
            f[o..o + 4].copy_from_slice(&(old + base).to_be_bytes());
        }
        out.extend_from_slice(&f);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    out
}

/// A scratch file path for this test binary.
pub fn scratch(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("paiban-fonts-{name}"))
}

/// Run the OpenType Sanitizer on `font`: `Ok` if it accepts it, `Err(output)` if it rejects
/// it. Panics when python's `ots` is not installed (tests calling it are `#[ignore]`d with the
/// reason; CI installs it).
pub fn ots_sanitize(name: &str, font: &[u8]) -> Result<(), String> {
    let probe = std::process::Command::new("python3")
        .args(["-c", "import ots"])
        .output();
    assert!(
        probe.is_ok_and(|o| o.status.success()),
        "python3 -m ots is absent (pip install opentype-sanitizer)"
    );
    let input = scratch(&format!("{name}.ttf"));
    let output = scratch(&format!("{name}.ots.ttf"));
    if let Err(e) = std::fs::write(&input, font) {
        panic!("write {}: {e}", input.display());
    }
    let run = std::process::Command::new("python3")
        .args(["-m", "ots"])
        .arg(&input)
        .arg(&output)
        .output();
    match run {
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )),
        Err(e) => Err(e.to_string()),
    }
}
