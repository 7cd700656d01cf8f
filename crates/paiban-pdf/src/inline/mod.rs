//! The inline engine: Chinese line setting per W3C clreq and GB/T 15834.
//!
//! Stage: inline layout. Input: a paragraph's text, a [`ParaStyle`], the measure, and the
//! edition's fonts ([`Shaper`]). Output: [`Line`]s of positioned glyphs with source ranges.
//! Phases, one a file: `shape` (rustybuzz, once per paragraph) → `punct` (full-width marks,
//! blank halves, adjacent-mark trims: all CJK punctuation adjustment lives there) → `breaks`
//! (UAX #14 + clreq prohibitions) → `linebreak` (total-fit choice) → `justify` (positions).

mod breaks;
mod class;
mod justify;
mod linebreak;
mod punct;
mod shape;

#[cfg(test)]
mod tests;

pub use breaks::{Penalty, kinsoku_penalty, uax14};
pub use class::{Class, class_of, inseparable, no_line_end, no_line_start};
pub use shape::Shaper;

use paiban_fonts::Role;

/// Paragraph alignment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Align {
    /// Justified (the last line set to the start).
    Justify,
    /// Flush to the start.
    Start,
    /// Centred (lines balanced).
    Center,
    /// Flush to the end.
    End,
}

/// Line-break prohibition level (clreq §3.1.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Kinsoku {
    /// UAX #14 only (loose), `——`/`……` still kept whole.
    None,
    /// The clreq prohibitions of DESIGN.md.
    #[default]
    Basic,
    /// Basic plus small kana and iteration marks off line starts.
    Strict,
}

/// How a paragraph is set.
#[derive(Clone, Copy, Debug)]
pub struct ParaStyle {
    /// Font role.
    pub role: Role,
    /// Font size in pt.
    pub size: f32,
    /// First-line indent in em (2.0 for body paragraphs).
    pub first_indent_em: f32,
    /// Alignment.
    pub align: Align,
    /// Prohibition level.
    pub kinsoku: Kinsoku,
    /// Never leave a single character alone on the last line.
    pub avoid_orphan_char: bool,
    /// A run-in lead set in another role: the first `n` bytes of the text (e.g. a dateline
    /// `本报讯（记者 …）` in the display face, as newspapers set it in 黑体).
    pub run_in: Option<(usize, Role)>,
}

/// A positioned glyph.
#[derive(Clone, Debug)]
pub struct ShapedGlyph {
    /// Index into `EditionFonts::faces`.
    pub face: usize,
    /// Glyph id in that face.
    pub glyph_id: u16,
    /// Pen position in pt from the left edge of the measure (indent, compression,
    /// justification and alignment applied). Authoritative.
    pub x: f32,
    /// pt, positive up.
    pub y_offset: f32,
    /// pt to the next glyph's `x` (to the line's end for the last glyph).
    pub advance: f32,
    /// Byte range of the source text this glyph sets (glyphs of one cluster share it).
    pub text: std::ops::Range<usize>,
}

/// One line of a paragraph.
#[derive(Clone, Debug)]
pub struct Line {
    /// Glyphs, left to right.
    pub glyphs: Vec<ShapedGlyph>,
    /// The measure filled from the line's start, pt, indent included (== the measure for
    /// justified full lines; the content width for other lines, alignment offset excluded).
    pub width: f32,
    /// Source bytes of the line; the lines of a paragraph tile the text exactly.
    pub text: std::ops::Range<usize>,
    /// The paragraph's last line.
    pub last: bool,
}

/// Errors of the inline engine.
#[derive(Debug, thiserror::Error)]
pub enum InlineError {
    /// A face could not be prepared for shaping.
    #[error("{path} (face #{index} of the edition): {reason}")]
    Face {
        /// Index in `EditionFonts::faces`.
        index: usize,
        /// The font file.
        path: String,
        /// What failed.
        reason: String,
    },
}

/// Break `text` into lines of at most `width` pt, set per clreq. Never panics; empty text → no
/// lines.
pub fn layout_paragraph(shaper: &Shaper, text: &str, style: &ParaStyle, width: f32) -> Vec<Line> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut shaped = shape::shape(shaper, text, style.role, style.run_in, style.size);
    let em = shaped.em;
    let width = if width.is_finite() && width > 0.0 {
        width
    } else {
        em
    };
    punct::normalise(shaper, &mut shaped.items, &mut shaped.glyphs, em);
    let penalties = breaks::penalties(text, &shaped.items, style.kinsoku);
    let tables = linebreak::Tables::new(&shaped.items, em);
    let indent = (style.first_indent_em * em).clamp(0.0, width);
    let ends = linebreak::choose(
        &shaped.items,
        &tables,
        &penalties,
        width,
        indent,
        style.align,
        style.avoid_orphan_char,
        em,
    );
    justify::build(text, &shaped, &tables, &ends, width, indent, style.align)
}
