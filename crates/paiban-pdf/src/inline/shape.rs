//! Shaping: the paragraph text becomes a list of items (one per shaped cluster) with glyphs.
//!
//! Stage: inline layout, phase 1. Input: paragraph text, the role's font chain
//! ([`paiban_fonts::EditionFonts`]), the font size. Output: [`Shaped`] — glyphs with natural
//! advances in pt and items (clusters) carrying their source byte range and [`Class`].
//! Each character takes the first face of its role's chain that covers it; runs of one face and
//! one script kind (CJK / Latin) are shaped once with rustybuzz and a cached shape plan, so the
//! paragraph is shaped once, never per candidate line. Latin and digits are shaped as words
//! from the CJK face (kerning, ligatures). Characters no face has become `.notdef` (glyph 0,
//! advance 1 em).

use super::InlineError;
use super::class::{Class, class_of};
use paiban_fonts::{EditionFonts, Role};
use rustybuzz::{Direction, Feature, ShapePlan, UnicodeBuffer, script, ttf_parser::Tag};
use std::ops::Range;

/// One face ready for shaping (the full face, not the EPUB's subset: its OpenType features
/// and glyph ids are the ones the PDF embeds), with its two cached plans.
struct ShapeFace<'a> {
    rb: rustybuzz::Face<'a>,
    role: Role,
    upem: f32,
    ascender: f32,
    descender: f32,
    /// Plan for Han runs: script Hani, `fwid` on (U+2014 takes the full-width bar), `ccmp`
    /// off.
    cjk_plan: ShapePlan,
    /// Plan for Latin runs: script Latn, default features (kern, liga).
    latin_plan: ShapePlan,
}

/// Fonts ready for shaping, built once per edition. Face indices (`ShapedGlyph::face`) are
/// positions in `EditionFonts::faces`.
pub struct Shaper<'a> {
    fonts: &'a EditionFonts,
    faces: Vec<ShapeFace<'a>>,
}

impl std::fmt::Debug for Shaper<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shaper")
            .field("faces", &self.faces.len())
            .finish()
    }
}

impl<'a> Shaper<'a> {
    /// Parse every face of `fonts` for shaping and compile its shape plans.
    pub fn new(fonts: &'a EditionFonts) -> Result<Shaper<'a>, InlineError> {
        let mut faces = Vec::with_capacity(fonts.faces.len());
        for (index, sf) in fonts.faces.iter().enumerate() {
            let rb = rustybuzz::Face::from_slice(sf.source.data(), sf.source.index()).ok_or_else(
                || InlineError::Face {
                    index,
                    path: sf.source.path().display().to_string(),
                    reason: "rustybuzz cannot parse the face".into(),
                },
            )?;
            let upem = f32::from(rb.units_per_em().max(1) as u16);
            let (ascender, descender) =
                match (rb.typographic_ascender(), rb.typographic_descender()) {
                    (Some(a), Some(d)) if a > d => (f32::from(a) / upem, f32::from(d) / upem),
                    _ => (
                        f32::from(rb.ascender()) / upem,
                        f32::from(rb.descender()) / upem,
                    ),
                };
            let fwid = Feature::new(Tag::from_bytes(b"fwid"), 1, ..);
            // No `ccmp` in Han runs: the Noto CJK faces' ccmp joins —— into one ⸺ glyph
            // 1.7 em wide, where clreq sets two one-em dashes and the punctuation widths
            // assume one em a mark.
            let no_ccmp = Feature::new(Tag::from_bytes(b"ccmp"), 0, ..);
            let cjk_plan = ShapePlan::new(
                &rb,
                Direction::LeftToRight,
                Some(script::HAN),
                None,
                &[fwid, no_ccmp],
            );
            let latin_plan =
                ShapePlan::new(&rb, Direction::LeftToRight, Some(script::LATIN), None, &[]);
            faces.push(ShapeFace {
                rb,
                role: sf.role,
                upem,
                ascender,
                descender,
                cjk_plan,
                latin_plan,
            });
        }
        Ok(Shaper { fonts, faces })
    }

    /// Ascender / descender of the role's primary face as a fraction of the em (for line
    /// boxes): the typographic (ideographic em box) values, e.g. 0.88 / -0.12 for Noto CJK.
    pub fn metrics(&self, role: Role) -> (f32, f32) {
        match self.primary(role).and_then(|i| self.faces.get(i)) {
            Some(f) => (f.ascender, f.descender),
            None => (0.88, -0.12),
        }
    }

    /// Index of the role's primary face (falling back to any face if the role has none).
    fn primary(&self, role: Role) -> Option<usize> {
        self.faces
            .iter()
            .position(|f| f.role == role)
            .or(if self.faces.is_empty() { None } else { Some(0) })
    }

    /// The face (index into `EditionFonts::faces`) that sets `c` in `role`, or `None` when no
    /// face of the chain maps it.
    fn face_for(&self, role: Role, c: char) -> Option<usize> {
        let by_chars = self
            .fonts
            .faces
            .iter()
            .enumerate()
            .filter(|(_, f)| f.role == role)
            .find(|(_, f)| f.chars.binary_search(&c).is_ok())
            .map(|(i, _)| i);
        by_chars.or_else(|| {
            self.faces
                .iter()
                .enumerate()
                .filter(|(_, f)| f.role == role)
                .find(|(i, f)| {
                    // A last-resort face sets only extension ideographs and symbols.
                    let whole = self.fonts.faces.get(*i).is_some_and(|sf| {
                        !sf.source.is_last_resort() || paiban_fonts::locate::is_last_resort_char(c)
                    });
                    whole && f.rb.glyph_index(c).is_some()
                })
                .map(|(i, _)| i)
        })
    }

    /// Ink extent (x min, x max) of a glyph as a fraction of the em, if it has ink.
    pub(crate) fn ink(&self, face: usize, glyph: u16) -> Option<(f32, f32)> {
        let f = self.faces.get(face)?;
        let r =
            f.rb.glyph_bounding_box(rustybuzz::ttf_parser::GlyphId(glyph))?;
        Some((f32::from(r.x_min) / f.upem, f32::from(r.x_max) / f.upem))
    }
}

/// A glyph of the paragraph, positioned relative to its item's cell start.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Glyph {
    pub face: usize,
    pub id: u16,
    /// x from the start of the item's cell, pt (includes GPOS offsets).
    pub dx: f32,
    /// y offset, pt, positive up.
    pub dy: f32,
}

/// One shaped cluster: the unit lines are made of.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Item {
    /// Source bytes.
    pub text: Range<usize>,
    /// Glyphs (indices into [`Shaped::glyphs`]).
    pub glyphs: Range<usize>,
    /// Class of the first character.
    pub class: Class,
    /// First and last character of the cluster.
    pub first: char,
    pub last: char,
    /// Natural width in pt (after full-width normalisation by `punct`).
    pub width: f32,
    /// Trimmable blank on the left / right, pt (set by `punct`, clreq §3.1.6).
    pub lb: f32,
    pub rb: f32,
}

/// The shaped paragraph.
#[derive(Clone, Debug, Default)]
pub(crate) struct Shaped {
    pub glyphs: Vec<Glyph>,
    pub items: Vec<Item>,
    /// Font size, pt (one em).
    pub em: f32,
}

/// Which plan a run uses.
fn is_cjk_run(c: Class) -> bool {
    c.is_cjk()
}

/// Shape `text` in `role` at `size` pt; the first bytes of a `run_in` lead in its own role.
pub(crate) fn shape(
    shaper: &Shaper,
    text: &str,
    role: Role,
    run_in: Option<(usize, Role)>,
    size: f32,
) -> Shaped {
    let em = if size.is_finite() && size > 0.0 {
        size
    } else {
        10.0
    };
    let mut out = Shaped {
        glyphs: Vec::with_capacity(text.len() / 2),
        items: Vec::with_capacity(text.len() / 2),
        em,
    };
    let primary = shaper.primary(role);
    let role_at = |i: usize| match run_in {
        Some((n, r)) if i < n => r,
        _ => role,
    };
    // Split into runs of (face, cjk?); spaces join the current run.
    let mut run_start = 0usize;
    let mut run_key: Option<(Option<usize>, bool)> = None;
    let mut last_face: Option<(char, Option<usize>)> = None;
    for (i, c) in text.char_indices() {
        let class = class_of(c);
        let face = if invisible(c) {
            None
        } else {
            match last_face {
                Some((lc, f)) if lc == c && run_in.is_none_or(|(n, _)| i != n) => f,
                _ => {
                    let f = shaper.face_for(role_at(i), c);
                    last_face = Some((c, f));
                    // `None` here means .notdef: mark with usize::MAX to keep it apart.
                    Some(f.unwrap_or(usize::MAX))
                }
            }
        };
        let key = match (face, run_key) {
            (None, Some(k)) => k,
            (None, None) => (primary, is_cjk_run(class)),
            (Some(f), _) => (Some(f), is_cjk_run(class)),
        };
        if run_key.is_some_and(|k| k != key) {
            if let Some(k) = run_key {
                shape_run(shaper, text, run_start..i, k, primary, &mut out);
            }
            run_start = i;
        }
        run_key = Some(key);
    }
    if let Some(k) = run_key {
        shape_run(shaper, text, run_start..text.len(), k, primary, &mut out);
    }
    out
}

/// Shape one run (one face, one script kind) and append its items.
fn shape_run(
    shaper: &Shaper,
    text: &str,
    range: Range<usize>,
    (face, cjk): (Option<usize>, bool),
    primary: Option<usize>,
    out: &mut Shaped,
) {
    let Some(sub) = text.get(range.clone()) else {
        return;
    };
    let em = out.em;
    let face_ix = face.filter(|&f| f != usize::MAX).or(primary);
    let shape_face = face_ix.and_then(|f| shaper.faces.get(f));
    let Some((fi, sf)) = face_ix.zip(shape_face).filter(|_| face != Some(usize::MAX)) else {
        // No face maps these characters (or there are no faces at all): .notdef, 1 em each.
        let notdef_face = primary.unwrap_or(0);
        for (i, c) in sub.char_indices() {
            let class = class_of(c);
            let start = range.start + i;
            let g = out.glyphs.len();
            let has_glyph = !invisible(c) && primary.is_some();
            if has_glyph {
                out.glyphs.push(Glyph {
                    face: notdef_face,
                    id: 0,
                    dx: 0.0,
                    dy: 0.0,
                });
            }
            let width = match class {
                Class::Space => em / 4.0,
                _ if invisible(c) => 0.0,
                _ => em,
            };
            out.items.push(Item {
                text: start..start + c.len_utf8(),
                glyphs: g..out.glyphs.len(),
                class,
                first: c,
                last: c,
                width,
                lb: 0.0,
                rb: 0.0,
            });
        }
        return;
    };
    let mut buf = UnicodeBuffer::new();
    buf.push_str(sub);
    buf.set_direction(Direction::LeftToRight);
    buf.set_script(if cjk { script::HAN } else { script::LATIN });
    let plan = if cjk { &sf.cjk_plan } else { &sf.latin_plan };
    let shaped = rustybuzz::shape_with_plan(&sf.rb, plan, buf);
    let scale = em / sf.upem;
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let mut k = 0usize;
    while k < infos.len() {
        let cluster = infos.get(k).map(|g| g.cluster as usize).unwrap_or(0);
        let mut end = k + 1;
        while infos
            .get(end)
            .is_some_and(|g| g.cluster as usize == cluster)
        {
            end += 1;
        }
        let next_cluster = infos
            .get(end)
            .map(|g| g.cluster as usize)
            .unwrap_or(sub.len())
            .max(cluster);
        let start = range.start + cluster;
        let stop = range.start + next_cluster;
        let item_text = text.get(start..stop).unwrap_or("");
        let first = item_text.chars().next().unwrap_or(' ');
        let last = item_text.chars().next_back().unwrap_or(first);
        let class = class_of(first);
        let g0 = out.glyphs.len();
        let mut pen = 0.0f32;
        let mut notdef = false;
        let cluster_infos = infos.get(k..end).unwrap_or(&[]);
        let cluster_positions = positions.get(k..end).unwrap_or(&[]);
        for (info, pos) in cluster_infos.iter().zip(cluster_positions) {
            let id = u16::try_from(info.glyph_id).unwrap_or(0);
            notdef |= id == 0;
            // The ideographic space is drawn by its own blank glyph where the face has one, so
            // that the text keeps it (a reader copying the line, an extractor measuring it).
            let drawn = !invisible(first)
                || id != 0 && (class == Class::IdeoSpace || has_ink(shaper, fi, id));
            if drawn {
                out.glyphs.push(Glyph {
                    face: fi,
                    id,
                    dx: pen + pos.x_offset as f32 * scale,
                    dy: pos.y_offset as f32 * scale,
                });
            }
            pen += pos.x_advance as f32 * scale;
        }
        let width = match class {
            // A space missing from a subset shapes as .notdef: give it a quarter em.
            Class::Space if pen <= 0.0 || notdef => em / 4.0,
            // A space keeps its own advance inside a Han run too, where `fwid` would widen
            // it (U+0020, U+00A0) to a full em.
            Class::Space => {
                let own = sf
                    .rb
                    .glyph_index(first)
                    .and_then(|g| sf.rb.glyph_hor_advance(g));
                own.map_or(pen, |a| f32::from(a) * scale)
            }
            Class::IdeoSpace => em,
            _ => pen,
        };
        out.items.push(Item {
            text: start..stop,
            glyphs: g0..out.glyphs.len(),
            class,
            first,
            last,
            width,
            lb: 0.0,
            rb: 0.0,
        });
        k = end;
    }
}

/// Characters drawn by no glyph of their own: whitespace, controls and default-ignorable code
/// points (ZWSP, joiners, bidi controls, variation selectors). They never pick a face and never
/// reach the PDF as `.notdef`.
fn invisible(c: char) -> bool {
    c.is_whitespace() || paiban_fonts::is_ignorable(c)
}

/// Blank glyphs (spaces) are not drawn: they carry no ink and may be absent from a subset.
fn has_ink(shaper: &Shaper, face: usize, id: u16) -> bool {
    shaper.ink(face, id).is_some()
}
