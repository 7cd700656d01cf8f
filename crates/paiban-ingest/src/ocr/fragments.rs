//! Pieces of a large glyph, and rules, that the engine read as text of their own.
//!
//! Stage: between the reader and [`super::layout`]. Input: an [`OcrPage`]. Output: the page
//! without those lines, and each dropped line (its text, source line and kind) for the
//! caller to report: nothing leaves silently.
//!
//! Tesseract cuts the radical off a big headline glyph now and then and reads it as a line
//! of one or two small characters inside the headline's row (`清` → `时`, `旦` beside `青`).
//! Such a line is dropped when all of these hold: at most [`MAX_CHARS`] characters; read with
//! little confidence (below [`MAX_CONF`], when the engine says); at most [`MAX_HEIGHT`] of
//! the height of a line whose row holds it (its box within that line's top and bottom,
//! and across no further than one of that line's heights beyond either end).
//!
//! A vertical rule (a column rule, a photograph's edge) is read as a line of bars, `|`: such
//! a line, bars only and boxed at most a third as wide as it is high, is dropped too. Left in
//! a column's flow it ended the paragraph it stood beside.

use super::{BBox, OcrPage};
use crate::chars::is_han;

/// Most characters a glyph's piece is read as.
const MAX_CHARS: usize = 2;

/// A piece is read with less confidence than this.
const MAX_CONF: f64 = 0.6;

/// A piece is at most this share of its big line's height.
const MAX_HEIGHT: f64 = 0.6;

/// What a dropped line was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dropped {
    /// A piece of a large glyph read apart from it.
    GlyphPiece,
    /// A vertical rule read as bars.
    Rule,
}

/// Characters a vertical rule is read as.
pub(crate) const BARS: &[char] = &['|', '｜', '¦', '‖', '│'];

/// A rule's box is at most this share of its height wide.
const RULE_WIDTH: f64 = 1.0 / 3.0;

/// Is `text` in `bbox` a vertical rule read as bars (see the module header)? The readers
/// set a rule's words apart as lines of their own (see `line`), for this stage to drop.
pub(crate) fn rule(text: &str, bbox: &BBox) -> bool {
    bars_only(text) && bbox.w() <= RULE_WIDTH * bbox.h()
}

/// Is `text` bars only (spaces aside), as a rule is read (also in line-wrapped text: see
/// `wrapped`)?
pub(crate) fn bars_only(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.chars().all(|c| BARS.contains(&c) || c.is_whitespace())
}

/// Drop the glyph pieces and rules of `page` (see the module header): `(source line, text,
/// kind)` of each.
pub fn drop_pieces(page: &mut OcrPage) -> Vec<(u32, String, Dropped)> {
    let is_rule = |i: usize| page.lines.get(i).is_some_and(|l| rule(&l.text, &l.bbox));
    let is_piece = |i: usize| {
        let Some(l) = page.lines.get(i) else {
            return false;
        };
        let short = l.text.chars().filter(|c| !c.is_whitespace()).count() <= MAX_CHARS
            && l.text.chars().any(is_han);
        short
            && l.conf.is_some_and(|c| c < MAX_CONF)
            && page
                .lines
                .iter()
                .enumerate()
                .any(|(j, big)| j != i && holds(&big.bbox, &l.bbox))
    };
    let drop: Vec<Option<Dropped>> = (0..page.lines.len())
        .map(|i| {
            if is_rule(i) {
                Some(Dropped::Rule)
            } else if is_piece(i) {
                Some(Dropped::GlyphPiece)
            } else {
                None
            }
        })
        .collect();
    if drop.iter().all(Option::is_none) {
        return Vec::new();
    }
    // Sheets start at line indices: count what goes before each.
    let gone_before = |k: usize| drop.iter().take(k).filter(|d| d.is_some()).count();
    page.sheets = page.sheets.iter().map(|&k| k - gone_before(k)).collect();
    let mut dropped = Vec::new();
    let mut kept = Vec::with_capacity(page.lines.len());
    for (l, d) in std::mem::take(&mut page.lines).into_iter().zip(drop) {
        match d {
            Some(kind) => dropped.push((l.src_line, l.text, kind)),
            None => kept.push(l),
        }
    }
    page.lines = kept;
    dropped
}

/// Does the row of the line in `big` hold a piece in `small`?
fn holds(big: &BBox, small: &BBox) -> bool {
    let h = big.h();
    small.h() <= MAX_HEIGHT * h
        && small.y0 >= big.y0
        && small.y1 <= big.y1
        && small.x1 >= big.x0 - h
        && small.x0 <= big.x1 + h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ocr::OcrLine;

    fn line(text: &str, b: (f64, f64, f64, f64), conf: f64, src: u32) -> OcrLine {
        let bbox = BBox {
            x0: b.0,
            y0: b.1,
            x1: b.2,
            y1: b.3,
        };
        OcrLine {
            conf: Some(conf),
            src_line: src,
            ..OcrLine::boxed(text, bbox)
        }
    }

    #[test]
    fn a_radical_read_apart_from_its_headline_is_dropped() {
        let mut page = OcrPage {
            lines: vec![
                line("时", (953.0, 330.0, 978.0, 351.0), 0.41, 16),
                line("旦", (944.0, 358.0, 967.0, 378.0), 0.0, 19),
                line(
                    "青河新区打造十五分钟生活圈",
                    (990.0, 327.0, 2561.0, 445.0),
                    0.9,
                    22,
                ),
                // A confident short label beside the headline stays, and so does a short
                // line of the body's size elsewhere.
                line("社论", (700.0, 340.0, 760.0, 380.0), 0.95, 30),
                line("旦", (100.0, 900.0, 140.0, 940.0), 0.1, 40),
            ],
            ..OcrPage::default()
        };
        let gone = drop_pieces(&mut page);
        assert_eq!(
            gone,
            [
                (16, "时".into(), Dropped::GlyphPiece),
                (19, "旦".into(), Dropped::GlyphPiece)
            ]
        );
        assert_eq!(page.lines.len(), 3);
    }

    #[test]
    fn a_rule_read_as_a_bar_is_dropped() {
        // A column rule read as `|` between a paragraph's first two lines goes; a closing
        // bracket alone on a line, and a bar as wide as a character, stay.
        let mut page = OcrPage {
            lines: vec![
                line(
                    "本报讯近日，清河区",
                    (1367.0, 2075.0, 1784.0, 2131.0),
                    0.9,
                    10,
                ),
                line("|", (1281.0, 2076.0, 1284.0, 2134.0), 0.88, 11),
                line(
                    "第十二家社区书屋在",
                    (1281.0, 2135.0, 1768.0, 2188.0),
                    0.9,
                    12,
                ),
                line("）", (1281.0, 2200.0, 1296.0, 2250.0), 0.9, 13),
                line("|", (1281.0, 2260.0, 1320.0, 2300.0), 0.9, 14),
            ],
            ..OcrPage::default()
        };
        let gone = drop_pieces(&mut page);
        assert_eq!(gone, [(11, "|".into(), Dropped::Rule)]);
        assert_eq!(page.lines.len(), 4);
    }
}
