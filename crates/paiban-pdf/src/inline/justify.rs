//! Positions: the chosen lines become positioned glyphs.
//!
//! Stage: inline layout, phase 5. Input: shaped items, the measurement tables, the break
//! boundaries. Output: [`Line`]s. Applies adjacent-mark and line-end trims (clreq §3.1.6),
//! squeezes punctuation proportionally when a line is over-full, spreads the leftover evenly
//! over the justifiable gaps (clreq §3.8; never inside `——`/`……`, not after the last glyph),
//! the quarter-em Han–Latin gaps (none at line ends), and the alignment offset.

use super::linebreak::Tables;
use super::punct::end_trim;
use super::shape::Shaped;
use super::{Align, Line, ShapedGlyph};

/// Build the lines ending at `ends`.
pub(crate) fn build(
    text: &str,
    shaped: &Shaped,
    tables: &Tables,
    ends: &[usize],
    width: f32,
    first_indent: f32,
    align: Align,
) -> Vec<Line> {
    let items = &shaped.items;
    let mut lines = Vec::with_capacity(ends.len());
    let mut i = 0usize;
    let mut text_start = 0usize;
    for (n, &j) in ends.iter().enumerate() {
        let last = n + 1 == ends.len();
        let indent = if i == 0 { first_indent } else { 0.0 };
        let (nat, shrink, gaps) = tables.measure(items, i, j, f64::from(indent));
        let (nat, shrink) = (nat as f32, shrink as f32);
        let squeeze = if nat > width && shrink > 0.0 {
            ((nat - width) / shrink).min(1.0)
        } else {
            0.0
        };
        let justify = align == Align::Justify && !last && gaps > 0 && nat < width;
        let extra = if justify {
            (width - nat) / gaps as f32
        } else {
            0.0
        };
        let filled = if justify {
            width
        } else {
            nat - squeeze * shrink
        };
        let offset = match align {
            Align::Center => ((width - filled) / 2.0).max(0.0),
            Align::End => (width - filled).max(0.0),
            _ => 0.0,
        };
        let mut glyphs: Vec<ShapedGlyph> = Vec::new();
        let mut pen = offset + indent;
        for k in i..j {
            let Some(item) = items.get(k) else { break };
            let (ta, tb, gap, just) = tables
                .bound
                .get(k)
                .copied()
                .unwrap_or((0.0, 0.0, 0.0, false));
            let (sl, sr) = tables.sh.get(k).copied().unwrap_or((0.0, 0.0));
            let left = if k > i { tb + squeeze * sl } else { 0.0 };
            let right = if k + 1 < j {
                tables.bound.get(k + 1).map(|b| b.0).unwrap_or(0.0) + squeeze * sr
            } else {
                end_trim(item)
            };
            if k > i {
                pen += gap + if just { extra } else { 0.0 };
                let _ = ta;
            }
            let mut w = item.width - left - right;
            if k == i && j > i + 1 && item.class.is_space() {
                w = 0.0;
            }
            let cell = pen - left;
            for g in shaped.glyphs.get(item.glyphs.clone()).unwrap_or(&[]) {
                glyphs.push(ShapedGlyph {
                    face: g.face,
                    glyph_id: g.id,
                    x: cell + g.dx,
                    y_offset: g.dy,
                    advance: 0.0,
                    text: item.text.clone(),
                });
            }
            pen += w;
        }
        let end_x = if justify { offset + width } else { pen };
        let count = glyphs.len();
        for g in 0..count {
            let next = glyphs.get(g + 1).map(|h| h.x).unwrap_or(end_x);
            if let Some(gl) = glyphs.get_mut(g) {
                gl.advance = next - gl.x;
            }
        }
        let text_end = if last {
            text.len()
        } else {
            items.get(j - 1).map(|it| it.text.end).unwrap_or(text_start)
        };
        lines.push(Line {
            glyphs,
            width: if justify { width } else { end_x - offset },
            text: text_start..text_end,
            last,
        });
        text_start = text_end;
        i = j;
    }
    lines
}
