//! Subsetting a TrueType (`glyf`) face to the characters an edition uses, with skera (the
//! fontations port of HarfBuzz's subsetter).
//!
//! Input: a face (bytes and index in a collection) and the sorted characters it sets. Output: a
//! standalone TrueType file whose `cmap` maps exactly those characters (plus U+0020 when the
//! face has it), with the glyphs they need: their own, the components of composite glyphs,
//! and the glyphs the kept OpenType features reach (GSUB closure: vertical forms). Kept:
//! `GSUB`/`GPOS`/`GDEF` for [`FEATURES`] in every script, `hmtx`, `vhea`/`vmtx`
//! and `VORG` with the original advances, `head`, `hhea`, `OS/2`, `name` (IDs 0–6), `post`,
//! the hinting tables. So a reading engine can apply `halt`, `chws` and `vert` to the EPUB's
//! fonts as it would to the full faces.
//!
//! Measured on the real page (release build): Noto Serif SC Regular for its body characters
//! gives about 350 KB (the hand-written subsetter this replaces, which dropped the layout
//! tables, gave 342 KB); every subset passes the OpenType Sanitizer. The PDF does not use
//! these subsets: it shapes with the full faces and krilla subsets them once, itself.
//! CFF-outline faces are refused with a clear error: the archival PDF needs TrueType outlines
//! (DESIGN: a CFF font fails PDF/A's glyph-width rule).
//!
//! Deterministic: the output depends only on the face bytes and the characters.

use read_fonts::collections::IntSet;
use read_fonts::types::{NameId, Tag};
use read_fonts::{FontRef, TableProvider};
use skera::{Plan, SubsetFlags};

/// The OpenType features the subsets keep (with every lookup they reach): vertical forms and
/// metrics, CJK punctuation spacing (`halt`/`vhal` half-width, `chws`/`vchw` contextual),
/// proportional forms and kerning. Measured out (scripts/reader-matrix): `ccmp` (the Noto CJK
/// faces join —— into one ⸺ glyph; MuPDF and WebKit then lose the dash from the text a reader
/// copies, searches or hears; the PDF turns it off in Han runs for the same reason) and `locl`
/// (WebKit applies the SC face's `locl` to a `zh-CN` document and loses every — from the text
/// the same way; the faces' default forms are already their region's).
pub const FEATURES: [&[u8; 4]; 8] = [
    b"vert", b"vrt2", b"halt", b"vhal", b"chws", b"vchw", b"palt", b"kern",
];

/// Whether the face has TrueType outlines, which is what [`subset`] handles.
pub(crate) fn has_glyf_outlines(face: &ttf_parser::Face<'_>) -> bool {
    let has = |tag: &[u8; 4]| {
        face.raw_face()
            .table(ttf_parser::Tag::from_bytes(tag))
            .is_some()
    };
    has(b"glyf") && has(b"loca")
}

/// Subset face `index` of the font file `data` to `chars` (and U+0020). The error says what is
/// wrong with the face, for [`crate::FontError::Subset`].
pub(crate) fn subset(data: &[u8], index: u32, chars: &[char]) -> Result<Vec<u8>, String> {
    let font =
        FontRef::from_index(data, index).map_err(|e| format!("cannot read the face: {e}"))?;
    let tag = |t: &[u8; 4]| font.table_data(Tag::new(t)).is_some();
    if !(tag(b"glyf") && tag(b"loca")) {
        return Err(if tag(b"CFF ") || tag(b"CFF2") {
            "it has CFF (PostScript) outlines; paiban needs a TrueType (glyf) font".into()
        } else {
            "it has no glyph outlines (no glyf/loca tables)".into()
        });
    }
    check(data, index, chars)?;
    let mut unicodes: IntSet<u32> = chars.iter().map(|&c| u32::from(c)).collect();
    unicodes.insert(0x20);
    // skera trusts its input in places (a glyph id beyond the font, a truncated table):
    // `check` refuses what is known to trip it, and a panic left is this face's error, not
    // the run's end.
    let run = || {
        let plan = Plan::new(
            &IntSet::empty(),
            &unicodes,
            &font,
            flags(),
            &skera::DEFAULT_DROP_TABLES.iter().copied().collect(),
            &all_scripts(),
            &FEATURES.iter().map(|t| Tag::new(t)).collect(),
            &(0..=6u16).map(NameId::new).collect(),
            &std::iter::once(0x0409u16).collect(),
        );
        skera::subset_font(&font, &plan).map_err(|e| e.to_string())
    };
    let out = std::panic::catch_unwind(run)
        .map_err(|_| "the subsetter failed on this face (corrupt tables?)".to_string())??;
    // A face whose cmap maps none of the characters still subsets (to .notdef); a result
    // without glyphs is a broken source.
    let glyphs = FontRef::new(&out)
        .and_then(|f| f.maxp())
        .map(|m| m.num_glyphs())
        .map_err(|e| format!("the subset does not read back: {e}"))?;
    if glyphs == 0 {
        return Err("the subset holds no glyphs".into());
    }
    Ok(out)
}

/// Refuse a face whose tables the subsetter would misread: every table inside the file, a
/// `head`, `maxp` and `hhea`, and every character of `chars` mapped to a glyph the face has.
fn check(data: &[u8], index: u32, chars: &[char]) -> Result<(), String> {
    let face = ttf_parser::Face::parse(data, index).map_err(|e| e.to_string())?;
    let raw = face.raw_face();
    let records = raw.table_records;
    if let Some(r) = records
        .into_iter()
        .find(|r| u64::from(r.offset) + u64::from(r.length) > data.len() as u64)
    {
        return Err(format!(
            "the '{}' table lies beyond the end of the file",
            r.tag
        ));
    }
    let n = face.number_of_glyphs();
    if let Some(c) = chars
        .iter()
        .find(|&&c| face.glyph_index(c).is_some_and(|g| g.0 >= n))
    {
        return Err(format!(
            "the cmap maps {c} to a glyph beyond the font's {n}"
        ));
    }
    Ok(())
}

/// Keep the `.notdef` outline (what a reader shows for a character the face lacks) and map
/// exactly the characters asked for (no bidi-mirrored partners added).
fn flags() -> SubsetFlags {
    let mut f = SubsetFlags::SUBSET_FLAGS_NOTDEF_OUTLINE;
    f |= SubsetFlags::SUBSET_FLAGS_NO_BIDI_CLOSURE;
    f
}

/// Every script of the layout tables.
fn all_scripts() -> IntSet<Tag> {
    let mut all = IntSet::empty();
    all.invert();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled body face: part of the repository, its absence fails the test.
    fn bundled_body() -> &'static [u8] {
        static DATA: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        DATA.get_or_init(|| {
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../fonts/NotoSerifSC-Regular.ttf"
            );
            std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
        })
    }

    /// The bundled body face cut down to a few characters.
    fn real_subset() -> Vec<u8> {
        subset(bundled_body(), 0, &['甲', '乙', '，']).expect("the bundled face subsets")
    }

    /// The feature tags of a table (GSUB or GPOS) of `font`.
    fn features(font: &[u8], tag: &[u8; 4]) -> Vec<String> {
        let face = ttf_parser::Face::parse(font, 0).expect("parses");
        let table = match tag {
            b"GSUB" => face.tables().gsub,
            _ => face.tables().gpos,
        };
        let mut out: Vec<String> = table
            .map(|t| t.features.into_iter().map(|f| f.tag.to_string()).collect())
            .unwrap_or_default();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn real_subset_is_small_and_keeps_the_cjk_features() {
        let sub = real_subset();
        let face = ttf_parser::Face::parse(&sub, 0).expect("subset parses");
        for c in ['甲', '乙', '，', ' '] {
            assert!(face.glyph_index(c).is_some(), "{c} mapped");
        }
        assert!(face.glyph_index('丙').is_none());
        // The vertical comma is reached through `vert`: more glyphs than characters.
        assert!(face.number_of_glyphs() >= 5, "{}", face.number_of_glyphs());
        assert!(sub.len() < 16_000, "{} bytes", sub.len());
        let gsub = features(&sub, b"GSUB");
        let gpos = features(&sub, b"GPOS");
        assert!(gsub.iter().any(|g| g == "vert"), "GSUB vert in {gsub:?}");
        for f in ["halt", "vhal"] {
            assert!(gpos.iter().any(|g| g == f), "GPOS {f} in {gpos:?}");
        }
        let kept: Vec<String> = FEATURES
            .iter()
            .map(|t| String::from_utf8_lossy(&t[..]).into_owned())
            .collect();
        for f in gsub.iter().chain(&gpos) {
            assert!(kept.contains(f), "{f} is not a kept feature");
        }
        assert!(face.tables().vmtx.is_some(), "vertical metrics kept");
    }

    #[test]
    fn subsetting_is_deterministic() {
        assert!(real_subset() == real_subset());
    }

    #[test]
    fn a_font_without_outlines_is_refused_with_a_reason() {
        let err = subset(b"not a font at all", 0, &['一'])
            .err()
            .unwrap_or_default();
        assert!(err.contains("cannot read"), "{err}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Corrupted fonts never panic the subsetter: they subset or give an error.
        #[test]
        fn corrupt_fonts_give_errors_not_panics(
            edits in proptest::collection::vec((0usize..4000, proptest::num::u8::ANY), 1..40),
            cut in 100usize..5000,
        ) {
            static BASE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
            let base = BASE.get_or_init(real_subset);
            let mut font = base.clone();
            for (at, v) in edits {
                if let Some(b) = font.get_mut(at) {
                    *b = v;
                }
            }
            for bytes in [&font[..], &font[..cut.min(font.len())]] {
                let _ = subset(bytes, 0, &['甲', '乙', '，']);
            }
        }
    }
}
