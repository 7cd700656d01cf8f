//! Pieces of a large glyph that the engine read as text of their own.
//!
//! Stage: between the reader and [`super::layout`]. Input: an [`OcrPage`]. Output: the page
//! without those lines, and each dropped line (its text and source line) for the caller to
//! report: nothing leaves silently.
//!
//! Tesseract cuts the radical off a big headline glyph now and then and reads it as a line
//! of one or two small characters inside the headline's row (`清` → `时`, `旦` beside `青`).
//! Such a line is dropped when all of these hold: at most [`MAX_CHARS`] characters; read with
//! little confidence (below [`MAX_CONF`], when the engine says); at most [`MAX_HEIGHT`] of
//! the height of a line whose row holds it (its box within that line's top and bottom,
//! and across no further than one of that line's heights beyond either end).

use super::{BBox, OcrPage};
use crate::chars::is_han;

/// Most characters a glyph's piece is read as.
const MAX_CHARS: usize = 2;

/// A piece is read with less confidence than this.
const MAX_CONF: f64 = 0.6;

/// A piece is at most this share of its big line's height.
const MAX_HEIGHT: f64 = 0.6;

/// Drop the glyph pieces of `page` (see the module header): `(source line, text)` of each.
pub fn drop_pieces(page: &mut OcrPage) -> Vec<(u32, String)> {
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
    let drop: Vec<bool> = (0..page.lines.len()).map(is_piece).collect();
    if !drop.iter().any(|&d| d) {
        return Vec::new();
    }
    // Sheets start at line indices: count what goes before each.
    let gone_before = |k: usize| drop.iter().take(k).filter(|&&d| d).count();
    page.sheets = page.sheets.iter().map(|&k| k - gone_before(k)).collect();
    let mut dropped = Vec::new();
    let mut kept = Vec::with_capacity(page.lines.len());
    for (l, d) in std::mem::take(&mut page.lines).into_iter().zip(drop) {
        if d {
            dropped.push((l.src_line, l.text));
        } else {
            kept.push(l);
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
        assert_eq!(gone, [(16, "时".into()), (19, "旦".into())]);
        assert_eq!(page.lines.len(), 3);
    }
}
