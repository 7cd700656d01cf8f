//! Subsets of the bundled faces: round trip (each character keeps its outline and metrics),
//! exact cmap, acceptance by the OpenType Sanitizer, size on the real page, determinism.

mod common;

use common::{bundled, ots_sanitize, real_page};
use paiban_fonts::{EditionFonts, Role, SubsetFace};
use std::collections::BTreeSet;

/// The drawing commands of a glyph outline, as text.
#[derive(Default)]
struct Outline(Vec<String>);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("M{x} {y}"));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.push(format!("L{x} {y}"));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.push(format!("Q{x1} {y1} {x} {y}"));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.push(format!("C{x1} {y1} {x2} {y2} {x} {y}"));
    }
    fn close(&mut self) {
        self.0.push("Z".into());
    }
}

/// Outline, advances and side bearings of `c` in `face`.
fn glyph(face: &ttf_parser::Face<'_>, c: char) -> Option<(Vec<String>, [Option<i32>; 4])> {
    let g = face.glyph_index(c)?;
    let mut outline = Outline::default();
    face.outline_glyph(g, &mut outline);
    let metrics = [
        face.glyph_hor_advance(g).map(i32::from),
        face.glyph_hor_side_bearing(g).map(i32::from),
        face.glyph_ver_advance(g).map(i32::from),
        face.glyph_ver_side_bearing(g).map(i32::from),
    ];
    Some((outline.0, metrics))
}

/// Every code point the face's cmap maps.
fn mapped(face: &ttf_parser::Face<'_>) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    if let Some(cmap) = face.tables().cmap {
        for sub in cmap.subtables {
            sub.codepoints(|c| {
                if sub.glyph_index(c).is_some_and(|g| g.0 != 0) {
                    out.insert(c);
                }
            });
        }
    }
    out
}

/// The feature tags of the GSUB and GPOS tables of `face`.
fn features(face: &ttf_parser::Face<'_>) -> BTreeSet<String> {
    let t = face.tables();
    [t.gsub, t.gpos]
        .into_iter()
        .flatten()
        .flat_map(|table| table.features.into_iter().map(|f| f.tag.to_string()))
        .collect()
}

/// Assert that the subset keeps the punctuation-spacing features its source has.
fn assert_keeps_spacing_features(sub: &SubsetFace) {
    let (original, subset) = (features(&sub.source.parse()), features(&sub.face.parse()));
    for f in ["halt", "chws", "vert", "vhal"] {
        if original.contains(f) {
            assert!(subset.contains(f), "{}: {f} dropped: {subset:?}", sub.role);
        }
    }
    assert!(
        original.contains("halt"),
        "{}: the source has halt",
        sub.role
    );
}

/// Assert that `sub` is a faithful subset of its source for its characters.
fn assert_round_trip(sub: &SubsetFace) {
    let (original, subset) = (sub.source.parse(), sub.face.parse());
    for &c in &sub.chars {
        let want = glyph(&original, c);
        assert!(want.is_some(), "{c} not in the source face");
        assert_eq!(glyph(&subset, c), want, "{c} (U+{:04X})", u32::from(c));
    }
    // The cmap maps exactly the characters set (and space).
    let mut expected: BTreeSet<u32> = sub.chars.iter().map(|&c| u32::from(c)).collect();
    expected.insert(0x20);
    assert_eq!(mapped(&subset), expected);
    // Font-wide metrics survive.
    assert_eq!(subset.units_per_em(), original.units_per_em());
    assert_eq!(subset.ascender(), original.ascender());
    assert_eq!(subset.descender(), original.descender());
    assert_eq!(subset.line_gap(), original.line_gap());
    assert_eq!(subset.vertical_ascender(), original.vertical_ascender());
    assert!(subset.tables().glyf.is_some(), "TrueType outlines");
    assert!(subset.number_of_glyphs() as usize <= sub.chars.len() + 2 + 64);
}

#[test]
fn small_edition_round_trips_in_every_role() {
    let mut e = common::edition(
        "t.md",
        "标题：新闻",
        &["“中文”排版，《测试》……", "ABC 123 —— 完\u{1F101}"],
    );
    e.sections[0].name = Some("要闻".into());
    let prepared = match EditionFonts::prepare(bundled(), &e, &[(Role::Body, "第1版目录")]) {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    let roles: Vec<Role> = prepared.faces.iter().map(|f| f.role).collect();
    assert_eq!(roles, [Role::Body, Role::Heading, Role::Display]);
    for sub in &prepared.faces {
        assert_eq!(sub.chain_index, 0);
        assert_round_trip(sub);
    }
    let body = prepared.chain(Role::Body).next().map(|f| f.chars.clone());
    let body = body.unwrap_or_default();
    for c in "“中文”排版第1版目录ABC —\u{1F101}".chars() {
        assert!(body.binary_search(&c).is_ok(), "{c} in the body subset");
    }
    assert!(body.windows(2).all(|w| w[0] < w[1]), "sorted, distinct");
    assert!(
        !body.contains(&'标'),
        "headline characters are in the heading subset"
    );
}

/// The OpenType Sanitizer (as browsers run it) accepts the subsets of a small edition.
#[test]
#[ignore = "needs python3 -m ots (pip install opentype-sanitizer)"]
fn small_edition_subsets_pass_ots() {
    let e = common::edition("t.md", "标题：新闻", &["“中文”排版，《测试》……", "ABC 123"]);
    let prepared = match EditionFonts::prepare(bundled(), &e, &[(Role::Body, "第1版目录")]) {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    for sub in &prepared.faces {
        if let Err(out) = ots_sanitize(&format!("small-{}", sub.role), sub.face.data()) {
            panic!("ots rejects the {} subset: {out}", sub.role);
        }
    }
}

#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md and python3 -m ots"]
fn real_page_subsets_are_faithful_small_sanitized_and_deterministic() {
    let edition = real_page();
    let first = match EditionFonts::prepare(bundled(), &edition, &[]) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    let second = match EditionFonts::prepare(bundled(), &edition, &[]) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert!(!first.faces.is_empty());
    assert_eq!(first.faces.len(), second.faces.len());
    for (a, b) in first.faces.iter().zip(&second.faces) {
        assert!(a.face.data() == b.face.data(), "same input, same bytes");
        eprintln!(
            "{}: {} characters, subset {} bytes (source {} bytes)",
            a.role,
            a.chars.len(),
            a.face.data().len(),
            a.source.data().len()
        );
        assert_round_trip(a);
        assert_keeps_spacing_features(a);
        assert!(
            a.face.data().len() <= 400 * 1024,
            "{} subset over 400 KB",
            a.role
        );
        if let Err(out) = ots_sanitize(&format!("real-{}", a.role), a.face.data()) {
            panic!("ots rejects the {} subset: {out}", a.role);
        }
    }
    // Every character of the page's body text is in the body subset.
    let body = first.chain(Role::Body).next().map(|f| f.chars.clone());
    let body = body.unwrap_or_default();
    for item in edition.text_items() {
        if paiban_fonts::role_of(item.field) == Role::Body {
            for c in item.text.chars().filter(|c| !c.is_whitespace()) {
                assert!(
                    body.binary_search(&c).is_ok(),
                    "{c} missing at {}",
                    item.span
                );
            }
        }
    }
}

#[test]
#[ignore = "needs ../shared/editions/nmrb-2022-06-28.md and python3 -m ots"]
fn subsets_of_all_page_characters_in_each_face_pass_ots() {
    // Every distinct character of the page file, set in each role.
    let path = paiban_testkit::real_page();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let extra: Vec<(Role, &str)> = Role::ALL.iter().map(|&r| (r, text.as_str())).collect();
    let prepared = match EditionFonts::prepare(bundled(), &paiban_model::Edition::new(""), &extra) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(prepared.faces.len(), 3);
    for sub in &prepared.faces {
        assert_round_trip(sub);
        assert!(sub.face.data().len() <= 400 * 1024);
        if let Err(out) = ots_sanitize(&format!("all-{}", sub.role), sub.face.data()) {
            panic!("ots rejects the {} subset: {out}", sub.role);
        }
    }
}
