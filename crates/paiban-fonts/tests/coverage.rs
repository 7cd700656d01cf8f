//! Coverage and fallback through the role chains, user fonts (TTF and TTC with an index),
//! errors naming the file or the character, and the `--allow-missing-glyphs` replacement.

mod common;

use common::{bundled, collection, edition, scratch, tiny_font};
use paiban_fonts::{
    EditionFonts, Face, FontConfig, FontError, FontSet, Role, Subsets, missing_glyphs,
    replace_missing, replace_private_use,
};
use paiban_model::Severity;
use std::path::PathBuf;

/// Write a font file for a test. Tests run side by side and several write the same names
/// (`chained_set`): the file is written aside and renamed into place, so a face another
/// test has mapped keeps its bytes (truncated in place, the mapping faulted: SIGBUS).
fn write(name: &str, bytes: &[u8]) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let path = scratch(name);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let aside = scratch(&format!("{name}.{}.{n}.part", std::process::id()));
    if let Err(e) = std::fs::write(&aside, bytes).and_then(|()| std::fs::rename(&aside, &path)) {
        panic!("write {}: {e}", path.display());
    }
    path
}

fn load(config: &FontConfig) -> FontSet {
    // Only the faces named: the chains do not depend on the faces installed on the machine.
    let config = FontConfig {
        no_system_faces: true,
        ..config.clone()
    };
    match FontSet::load(&config) {
        Ok(set) => set,
        Err(e) => panic!("{e}"),
    }
}

/// A set whose body chain is: a face with 甲乙, then fallbacks with 乙丙 and 丙丁.
fn chained_set() -> FontSet {
    let own = write("own.ttf", &tiny_font(Role::Body, "甲乙"));
    let first = write("fb1.ttf", &tiny_font(Role::Display, "乙丙"));
    let second = write("fb2.ttf", &tiny_font(Role::Heading, "丙丁"));
    load(&FontConfig {
        overrides: vec![(Role::Body, own, 0)],
        fallbacks: vec![(first, 0), (second, 0)],
        ..FontConfig::default()
    })
}

#[test]
fn fallbacks_are_tried_in_order_after_the_role_face() {
    let set = chained_set();
    assert_eq!(set.chain(Role::Body).len(), 3);
    let pos = |c| set.face_for(Role::Body, c).map(|(i, _)| i);
    assert_eq!(pos('甲'), Some(0));
    assert_eq!(pos('乙'), Some(0), "the role's own face wins");
    assert_eq!(pos('丙'), Some(1), "the first fallback wins");
    assert_eq!(pos('丁'), Some(2));
    assert_eq!(pos('戊'), None);
    // Other roles keep their bundled face, then the same fallbacks.
    assert_eq!(set.chain(Role::Heading).len(), 3);
    assert_eq!(set.face_for(Role::Heading, '戊').map(|(i, _)| i), Some(0));

    let e = edition("t.md", "甲", &["甲乙丙丁"]);
    let prepared = match EditionFonts::prepare(&set, &e, &[]) {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    let body: Vec<(usize, String)> = prepared
        .chain(Role::Body)
        .map(|f| (f.chain_index, f.chars.iter().collect()))
        .collect();
    assert_eq!(
        body,
        [(0, "乙甲".to_string()), (1, "丙".into()), (2, "丁".into())],
        "code point order"
    );
    let notes: Vec<String> = prepared.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].contains("fb1.ttf") && notes[0].contains("| 丙"),
        "{}",
        notes[0]
    );
    assert!(
        notes[1].contains("fb2.ttf") && notes[1].contains("| 丁"),
        "{}",
        notes[1]
    );
    assert!(
        prepared
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Note)
    );
    for f in prepared.chain(Role::Body) {
        assert!(f.source.same_face(&set.chain(Role::Body)[f.chain_index]));
        for &c in &f.chars {
            assert!(f.face.has_char(c));
        }
    }
}

#[test]
fn without_subsets_each_face_is_its_full_source_and_subsets_made_later_are_the_same() {
    let set = chained_set();
    let e = edition("t.md", "甲", &["甲乙丙丁"]);
    let prepare = |subsets| match EditionFonts::prepare_with(&set, &e, &[], subsets) {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    let (made, skipped) = (prepare(Subsets::Make), prepare(Subsets::Skip));
    let plan = |p: &EditionFonts| -> Vec<(Role, usize, String)> {
        p.faces
            .iter()
            .map(|f| (f.role, f.chain_index, f.chars.iter().collect()))
            .collect()
    };
    assert_eq!(plan(&made), plan(&skipped));
    let notes =
        |p: &EditionFonts| -> Vec<String> { p.diagnostics.iter().map(|d| d.to_string()).collect() };
    assert_eq!(notes(&made), notes(&skipped));
    for (m, s) in made.faces.iter().zip(&skipped.faces) {
        assert!(s.face.same_face(&s.source), "skipped: the full face");
        assert!(s.source.same_face(&m.source));
        assert!(!m.face.same_face(&m.source), "made: a subset");
    }
    // Made afterwards, the subsets are the same bytes; made ones are kept.
    let later = match skipped.with_subsets() {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    assert_eq!(plan(&made), plan(&later));
    for (m, l) in made.faces.iter().zip(&later.faces) {
        assert!(m.face.data() == l.face.data(), "{:?} differs", m.role);
    }
    let again = match later.with_subsets() {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    for (l, a) in later.faces.iter().zip(&again.faces) {
        assert!(l.face.same_face(&a.face), "made subsets are kept");
    }
}

#[test]
fn a_file_serving_two_roles_is_read_once_and_subset_once() {
    let fb = write("shared.ttf", &tiny_font(Role::Body, "丙"));
    let set = load(&FontConfig {
        overrides: vec![(Role::Body, fb.clone(), 0), (Role::Heading, fb.clone(), 0)],
        fallbacks: vec![(fb, 0)],
        ..FontConfig::default()
    });
    let body = &set.chain(Role::Body)[0];
    assert!(body.same_face(&set.chain(Role::Heading)[0]));
    assert!(body.same_face(&set.chain(Role::Display)[1]));
    let e = edition("t.md", "丙", &["丙"]);
    let prepared = match EditionFonts::prepare(&set, &e, &[]) {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    let subsets: Vec<(Role, &Face)> = prepared.faces.iter().map(|f| (f.role, &f.face)).collect();
    assert_eq!(
        subsets.len(),
        3,
        "body, heading from the file; display (masthead) bundled"
    );
    assert!(
        subsets[0].1.same_face(subsets[1].1),
        "one subset for both roles"
    );
    assert!(!subsets[0].1.same_face(subsets[2].1));
}

#[test]
fn missing_character_names_it_its_code_point_and_line() {
    let e = edition("ed.md", "标题", &["第一段", "第二段有\u{17000}字"]);
    let err = match EditionFonts::prepare(bundled(), &e, &[]) {
        Ok(_) => panic!("U+17000 is in no bundled face"),
        Err(err) => err,
    };
    assert!(
        matches!(&err, FontError::MissingGlyph { ch: '\u{17000}', code: 0x17000, location, role, .. }
            if location == "ed.md:3" && role == "body"),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains("ed.md:3") && msg.contains("U+17000"), "{msg}");

    // The first uncovered character in reading order is named, whatever its role.
    let e = edition("ed.md", "标\u{17001}", &["有\u{17000}"]);
    match EditionFonts::prepare(bundled(), &e, &[]) {
        Err(FontError::MissingGlyph {
            code,
            location,
            role,
            ..
        }) => {
            assert_eq!(
                (code, location.as_str(), role.as_str()),
                (0x17001, "ed.md:1", "heading")
            );
        }
        other => panic!("{other:?}"),
    }
    // In generated text it says so.
    match EditionFonts::prepare(
        bundled(),
        &edition("ed.md", "标", &[]),
        &[(Role::Body, "\u{17000}")],
    ) {
        Err(FontError::MissingGlyph { location, .. }) => {
            assert_eq!(location, "text generated by the exporters")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn whitespace_and_ignorables_never_fail_coverage() {
    let e = edition(
        "t.md",
        "标题",
        &["\u{3000}\u{3000}正文\u{200B}一\u{FE0F}二\u{2028}"],
    );
    let prepared = match EditionFonts::prepare(bundled(), &e, &[]) {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    let body: String = prepared
        .chain(Role::Body)
        .flat_map(|f| f.chars.clone())
        .collect();
    assert_eq!(body, "\u{3000}一二文正");
}

#[test]
fn allow_missing_glyphs_replaces_each_occurrence_and_warns_once_per_character() {
    let mut e = edition("ed.md", "标\u{17000}", &["甲\u{17000}乙\u{17000}", "丙"]);
    // The check reports each uncovered character once per role, as errors, with a count,
    // and changes nothing.
    let errors = missing_glyphs(&e, bundled());
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(|d| d.severity == Severity::Error));
    assert!(errors[1].to_string().contains("ed.md:2"), "{}", errors[1]);
    assert!(errors[1].message.contains("2 occurrences"), "{}", errors[1]);
    assert!(!errors[0].message.contains("occurrences"), "{}", errors[0]);
    assert_eq!(
        e.sections[0].articles[0].blocks[0].text,
        "甲\u{17000}乙\u{17000}"
    );
    let warnings = replace_missing(&mut e, bundled());
    assert_eq!(warnings.len(), 2);
    assert!(warnings.iter().all(|w| w.severity == Severity::Warning));
    let spans: Vec<String> = warnings.iter().map(|w| w.span.to_string()).collect();
    assert_eq!(spans, ["ed.md:1", "ed.md:2"]);
    assert!(warnings[0].message.contains("U+17000") && warnings[0].message.contains("heading"));
    assert!(warnings[1].message.contains("U+3013"));
    assert!(warnings[1].message.contains("2 occurrences"));
    assert_eq!(e.sections[0].articles[0].headline.as_deref(), Some("标〓"));
    assert_eq!(e.sections[0].articles[0].blocks[0].text, "甲〓乙〓");
    assert_eq!(e.sections[0].articles[0].blocks[1].text, "丙");
    assert!(EditionFonts::prepare(bundled(), &e, &[]).is_ok());
    // A covered edition is left alone.
    assert!(replace_missing(&mut e, bundled()).is_empty());
    assert!(missing_glyphs(&e, bundled()).is_empty());
}

#[test]
fn private_use_characters_are_drawn_as_geta_with_a_warning_others_left() {
    let mut e = edition("ed.md", "标题", &["甲\u{E111}乙\u{E111}", "丙\u{17000}"]);
    let warnings = replace_private_use(&mut e, bundled());
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].severity, Severity::Warning);
    assert!(warnings[0].message.contains("U+E111") && warnings[0].message.contains("private-use"));
    assert!(
        warnings[0].message.contains("2 occurrences"),
        "{}",
        warnings[0]
    );
    assert_eq!(e.sections[0].articles[0].blocks[0].text, "甲〓乙〓");
    // Only private use: the Tangut letter is still an error.
    assert_eq!(e.sections[0].articles[0].blocks[1].text, "丙\u{17000}");
    assert!(matches!(
        EditionFonts::prepare(bundled(), &e, &[]),
        Err(FontError::MissingGlyph { code: 0x17000, .. })
    ));
}

#[test]
fn collection_faces_are_selected_by_index() {
    let ttc = write(
        "pair.ttc",
        &collection(&[tiny_font(Role::Body, "甲"), tiny_font(Role::Display, "乙")]),
    );
    let face = |i| Face::from_file(&ttc, i);
    match (face(0), face(1)) {
        (Ok(a), Ok(b)) => {
            assert!(a.has_char('甲') && !a.has_char('乙'));
            assert!(b.has_char('乙') && !b.has_char('甲'));
            assert_eq!(a.family(), "Noto Serif SC");
            assert_eq!(b.family(), "Noto Sans SC");
            assert_eq!(b.faces_in_file(), 2);
        }
        other => panic!("{other:?}"),
    }
    let err = face(2).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.contains("pair.ttc") && err.contains("holds 2 faces"),
        "{err}"
    );

    // --font display=pair.ttc#1 and a subset made from the collection's face.
    let set = load(&FontConfig {
        overrides: vec![(Role::Display, ttc, 1)],
        ..FontConfig::default()
    });
    let mut e = edition("t.md", "标", &[]);
    e.masthead = "乙".into();
    let prepared = match EditionFonts::prepare(&set, &e, &[]) {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    let display = prepared.chain(Role::Display).next();
    assert!(display.is_some_and(|f| f.face.has_char('乙') && f.source.index() == 1));
}

#[test]
fn bad_font_files_are_named_in_the_error() {
    let missing = scratch("no-such-font.ttf");
    let err = Face::from_file(&missing, 0).err();
    assert!(matches!(err, Some(FontError::Read { .. })), "{err:?}");
    assert!(
        err.map(|e| e.to_string())
            .unwrap_or_default()
            .contains("no-such-font.ttf")
    );

    let junk = write("junk.ttf", b"this is not a font at all, just some words");
    let err = Face::from_file(&junk, 0)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("junk.ttf") && err.contains("not a TrueType/OpenType font"),
        "{err}"
    );

    let single = write("single.ttf", &tiny_font(Role::Body, "甲"));
    let err = Face::from_file(&single, 1)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("single.ttf") && err.contains("not a collection"),
        "{err}"
    );

    // Truncated: the table directory points past the end.
    let mut cut = tiny_font(Role::Body, "甲");
    cut.truncate(200);
    let cut = write("cut.ttf", &cut);
    let err = Face::from_file(&cut, 0)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("cut.ttf"), "{err}");

    // Through FontSet::load as the CLI uses it.
    let err = FontSet::load(&FontConfig {
        fallbacks: vec![(junk, 0)],
        ..FontConfig::default()
    })
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(err.contains("junk.ttf"), "{err}");
}

#[test]
fn font_sets_are_cheap_to_share_between_threads() {
    fn shareable<T: Send + Sync + Clone>() {}
    shareable::<FontSet>();
    shareable::<Face>();
    shareable::<EditionFonts>();
    let set = bundled().clone();
    let body = std::thread::spawn(move || set.face_for(Role::Body, '中').map(|(i, _)| i));
    assert_eq!(body.join().ok().flatten(), Some(0));
    let a = bundled().chain(Role::Body)[0].clone();
    assert!(
        a.same_face(&bundled().clone().chain(Role::Body)[0]),
        "clones share bytes"
    );
}

#[test]
fn a_traditional_edition_without_its_faces_is_told_how_to_install_them() {
    let set = load(&FontConfig::default());
    assert!(set.for_script(false).is_ok());
    let err = set.for_script(true).err().map(|e| e.to_string());
    let err = err.unwrap_or_default();
    assert!(
        err.contains("Traditional") && err.contains("noto-serif-tc"),
        "{err}"
    );
    // With every role given by --font, the user's faces serve Traditional editions too.
    let own = write("trad-own.ttf", &tiny_font(Role::Body, "國"));
    let all = load(&FontConfig {
        overrides: Role::ALL.iter().map(|&r| (r, own.clone(), 0)).collect(),
        ..FontConfig::default()
    });
    let err = all.for_script(true).err().map(|e| e.to_string());
    assert_eq!(err, None);
}

/// The faces found on this machine: Traditional editions in the TC faces, extension
/// ideographs and symbols from HanaMin, noted as fallbacks.
#[test]
#[ignore = "needs the Noto TC and HanaMin faces installed (README: Fonts; PAIBAN_FONT_PATH)"]
fn traditional_and_last_resort_faces_found_on_the_machine_set_what_they_should() {
    let set = bundled();
    let trad = match set.for_script(true) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let families: Vec<&str> = trad.chain(Role::Body).iter().map(Face::family).collect();
    assert_eq!(families.first(), Some(&"Noto Serif TC"), "{families:?}");
    assert!(families.contains(&"Noto Serif SC"), "{families:?}");
    assert!(
        families.iter().any(|f| f.starts_with("HanaMin")),
        "{families:?}"
    );
    assert_eq!(trad.chain(Role::Display)[0].family(), "Noto Sans TC");
    // 𨵿 U+28D7F (申報 1880) and ◘ come from HanaMin, as a noted fallback; Tangut stays missing.
    let e = edition("ed.md", "標題", &["閩\u{28D7F}\u{2404B}◘"]);
    let prepared = match EditionFonts::prepare(&trad, &e, &[]) {
        Ok(p) => p,
        Err(err) => panic!("{err}"),
    };
    let notes: Vec<String> = prepared
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert!(notes.iter().any(|n| n.contains("HanaMin")), "{notes:?}");
    assert!(
        prepared
            .diagnostics
            .iter()
            .all(|d| d.severity == Severity::Note)
    );
    let e = edition("ed.md", "標題", &["\u{17000}"]);
    assert!(EditionFonts::prepare(&trad, &e, &[]).is_err());
}

#[test]
fn a_face_s_table_directory_tells_it_from_another_and_changes_with_a_table() {
    let dir = |bytes: Vec<u8>| match Face::from_bytes(std::sync::Arc::new(bytes), 0, "t.ttf".into())
    {
        Ok(f) => f.table_directory(),
        Err(e) => panic!("{e}"),
    };
    let a = tiny_font(Role::Body, "甲乙");
    let first = dir(a.clone());
    assert!(
        first
            .as_ref()
            .is_some_and(|d| !d.is_empty() && d.len() % 16 == 0)
    );
    assert_eq!(first, dir(a), "the same bytes, the same directory");
    assert_ne!(first, dir(tiny_font(Role::Body, "甲丙")), "other glyphs");
    assert_ne!(first, dir(tiny_font(Role::Heading, "甲乙")), "another face");
}
