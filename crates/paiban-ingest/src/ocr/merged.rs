//! Line boxes without words at a gutter: grown into it, or run across it.
//!
//! Stage: inside the layout, after [`super::line::confirm_cuts`], for lines the engine gave
//! without word boxes (PaddleOCR's detection boxes). Input: a sheet's lines. Output: the
//! same lines, each box grown into a gutter brought back to its column's edge, and each
//! box that runs across a gutter cut into its columns' lines.
//!
//! On a scan, a speck in the gutter grows a detection box by a glyph or two to the left
//! (the recogniser reads nothing there): its line then seems to start inside the column
//! beside, and the columns overlap. A box that starts less than [`GROWN`] glyphs left of
//! where a column's lines start, and ends where they end or starts right of where the
//! lines of the column to the left end (in the gutter), starts there. A box that opens on
//! a mark no line opens with (`、新桥通车…`: a speck in a narrow gutter read as one) starts a
//! glyph later.
//!
//! On a scanned page turned a little, the detector of an engine that boxes whole lines
//! runs two neighbouring columns' lines together where the gutter is narrow
//! (`…新区春耕备耕形势良，桥的通车。记者了解…`: the ends of two lines). With no word boxes,
//! no gap in the line shows where; the page shows it instead:
//! - a column's left edge lies inside the box, more than [`super::line::MIN_COLUMN`] body
//!   glyphs from its start (an edge where many lines start: [`super::line::Edges`]);
//! - the box is body text: no taller than a body line, its characters no wider apart than
//!   the body's (with the gutter, a little more);
//! - it stands in the rows of both columns: lines of the left column and of the right one,
//!   each on its side of the gutter, stand right above it and right below it (a subtitle set
//!   across two columns has the columns below it only; a line of a column wider than it has
//!   that column's lines around it); or on one side only (the first row under a headline)
//!   when it also starts where the left column's lines start (or at their indent) and ends
//!   where the right column's lines end (a line centred over the columns does neither).
//!
//! The text is then cut where the left column's lines end, counted in the body's character
//! advance from the box's start (a mark right after the count stays on the left, as a line's
//! last character); the right part starts at the edge.

use super::line::{EDGE_REACH, Edges, MIN_COLUMN};
use super::{BBox, OcrLine, quantile, units};
use crate::chars::starts_mid_sentence;

/// A box up to this many times a body line's height is body text.
const BODY_HEIGHT: f64 = 1.25;

/// A box whose characters stand up to this many times the body's advance apart (the gutter
/// adds its width to the box, not to the text) is body text.
const BODY_PITCH: f64 = 1.5;

/// How far above or below (in body glyphs: a line's pitch is 1.2–2) a neighbour in the rows
/// of a column stands.
const ROW_REACH: f64 = 3.0;

/// A neighbour's box may have grown this many glyphs into the gutter (a speck read as a
/// mark) and still stand on the right of it.
const GROWN: f64 = 2.5;

/// Rounds of cutting at most.
const ROUNDS: usize = 4;

/// Lines with at least this many characters measure the body's advance.
const MEASURE_UNITS: f64 = 8.0;

/// Bring back the boxes without words grown into a gutter, then cut those that run across
/// one (see the module header).
pub(super) fn at_gutters(lines: Vec<OcrLine>) -> Vec<OcrLine> {
    cut_merged(snap_grown(lines))
}

/// Each box without words that ends where a column's lines end and starts less than
/// [`GROWN`] glyphs left of where they start, made to start there.
fn snap_grown(mut lines: Vec<OcrLine>) -> Vec<OcrLine> {
    let Some(adv) = body_advance(&lines) else {
        return lines;
    };
    let edges = Edges::new(lines.iter().map(|l| l.bbox));
    let boxes: Vec<BBox> = lines.iter().map(|l| l.bbox).collect();
    for l in lines.iter_mut().filter(|l| unworded(l)) {
        // A mark no line opens with (`、新桥通车…`, `」两岸…`: a speck in a narrow gutter read
        // as one) stands left of the line's first character: the line starts after it.
        if starts_mid_sentence(&l.text) && units(&l.text) >= MEASURE_UNITS {
            l.bbox.x0 = (l.bbox.x0 + adv).min(l.bbox.x1);
        }
        let b = l.bbox;
        let mid = (b.y0 + b.y1) / 2.0;
        // A box that starts at a column's edge itself has not grown.
        if edges.column_at(&b, adv) {
            continue;
        }
        let snapped = edges
            .starts_within(b.x0 + 0.4 * adv, b.x0 + GROWN * adv)
            .find(|&x| {
                if !edges.column_at(&BBox { x0: x, ..b }, adv) {
                    return false;
                }
                if column_end(boxes.as_slice(), x, mid, adv)
                    .is_some_and(|e| (e - b.x1).abs() <= adv)
                {
                    return true;
                }
                // Or it starts in the gutter: right of where the lines of the column to the
                // left end (a short line, a subhead, whose right end says nothing).
                let left_ends: Vec<f64> = boxes
                    .iter()
                    .filter(|o| {
                        o.x1 < x
                            && o.x1 > x - GROWN * adv - adv
                            && o.x0 < x - MIN_COLUMN * adv
                            && nearby(o, mid, adv)
                    })
                    .map(|o| o.x1)
                    .collect();
                left_ends.len() > 2 && b.x0 >= quantile(left_ends, 0.9) - 0.2 * adv
            });
        if let Some(x) = snapped {
            l.bbox.x0 = x;
        }
    }
    lines
}

/// Is `o` among the lines near a box whose middle is at `mid` (within [`EDGE_REACH`] body
/// glyphs up or down, as the column edges are counted)?
fn nearby(o: &BBox, mid: f64, adv: f64) -> bool {
    ((o.y0 + o.y1) / 2.0 - mid).abs() <= EDGE_REACH * adv
}

/// Where the column whose lines start at `x` ends near `mid`: the 9th decile of the right
/// ends of more than two lines starting within half a glyph of `x` (its full lines).
fn column_end(boxes: &[BBox], x: f64, mid: f64, adv: f64) -> Option<f64> {
    let ends: Vec<f64> = boxes
        .iter()
        .filter(|o| (o.x0 - x).abs() <= 0.5 * adv && nearby(o, mid, adv))
        .map(|o| o.x1)
        .collect();
    (ends.len() > 2).then(|| quantile(ends, 0.9))
}

/// A line the engine gave without words (no glyph height measured, no pieces).
fn unworded(l: &OcrLine) -> bool {
    l.glyph_h.is_none() && l.pieces.is_empty()
}

/// The body's character advance: the median box width per em of lines of some length.
fn body_advance(lines: &[OcrLine]) -> Option<f64> {
    let adv = quantile(
        lines
            .iter()
            .filter(|l| units(&l.text) >= MEASURE_UNITS)
            .map(|l| l.bbox.w() / units(&l.text))
            .collect(),
        0.5,
    );
    (adv > 0.0).then_some(adv)
}

/// Cut each box without words that runs across a gutter.
fn cut_merged(lines: Vec<OcrLine>) -> Vec<OcrLine> {
    if !lines.iter().any(unworded) {
        return lines;
    }
    let Some(adv) = body_advance(&lines) else {
        return lines;
    };
    // The body's line height.
    let line_h = quantile(
        lines
            .iter()
            .filter(|l| units(&l.text) >= MEASURE_UNITS)
            .map(|l| l.bbox.h())
            .collect(),
        0.5,
    );
    if line_h <= 0.0 {
        return lines;
    }
    let edges = Edges::new(lines.iter().map(|l| l.bbox));
    let mut lines = lines;
    // Rounds: a box cut gives its neighbours the rows they need (two merged rows running).
    for _ in 0..ROUNDS {
        let boxes: Vec<BBox> = lines.iter().map(|l| l.bbox).collect();
        let mut out = Vec::with_capacity(lines.len());
        let mut cut = false;
        for l in lines {
            if !unworded(&l)
                || l.bbox.h() > BODY_HEIGHT * line_h
                || units(&l.text) < 2.0
                || l.bbox.w() / units(&l.text) > BODY_PITCH * adv
            {
                out.push(l);
                continue;
            }
            let mut rest = l;
            while let Some((left, right)) = cut_one(&rest, &edges, &boxes, adv) {
                out.push(left);
                rest = right;
                cut = true;
            }
            out.push(rest);
        }
        lines = out;
        if !cut {
            break;
        }
    }
    lines
}

/// Cut `l` at the first column edge inside it that the page confirms, into its left
/// column's line and the rest.
fn cut_one(l: &OcrLine, edges: &Edges, boxes: &[BBox], adv: f64) -> Option<(OcrLine, OcrLine)> {
    let b = l.bbox;
    let mid = (b.y0 + b.y1) / 2.0;
    // Lines of a column spanning `x0..x1` right above and right below the box, that stay
    // on their side of the gutter at `cut`.
    let in_rows = |x0: f64, x1: f64, cut: f64| {
        let over = |o: &BBox| {
            o.x1.min(x1) - o.x0.max(x0) >= 0.5 * (x1 - x0).min(o.w())
                && (o.x1 <= cut + 0.5 * adv || o.x0 >= cut - GROWN * adv)
        };
        let near = |o: &BBox, up: bool| {
            let d = if up {
                mid - (o.y0 + o.y1) / 2.0
            } else {
                (o.y0 + o.y1) / 2.0 - mid
            };
            d >= 0.5 * adv && d <= ROW_REACH * adv
        };
        let others = boxes.iter().filter(|o| **o != b && over(o));
        (
            others.clone().any(|o| near(o, true)),
            others.into_iter().any(|o| near(o, false)),
        )
    };
    let edge = edges
        .starts_within(b.x0 + MIN_COLUMN * adv, b.x1 - adv)
        .find(|&x| edges.at(&BBox { x0: x, ..b }, adv))?;
    // Where the left column's lines end: the right ends of the lines in its rows that stop
    // short of the edge (the fullest of them).
    let right_ends: Vec<f64> = boxes
        .iter()
        .filter(|o| o.x1 < edge && o.x1 > edge - 4.0 * adv && nearby(o, mid, adv))
        .map(|o| o.x1)
        .collect();
    let col_end = if right_ends.is_empty() {
        edge - adv
    } else {
        quantile(right_ends, 0.9)
    };
    let (left_up, left_down) = in_rows(b.x0, col_end, edge);
    let (right_up, right_down) = in_rows(edge, b.x1, edge);
    let rows = left_up && left_down && right_up && right_down;
    // Or on one side only (the first row under a headline, the last above a rule), when the
    // box also starts where the left column's lines start (or its indent) and ends where
    // the right column's lines end: two lines of the columns, not a line centred over them.
    let aligned = || {
        column_end(boxes, edge, mid, adv).is_some_and(|e| (e - b.x1).abs() <= adv)
            && edges.at(&b, adv)
            && (left_up && right_up || left_down && right_down)
    };
    if !rows && !aligned() {
        return None;
    }
    let at = split_at(&l.text, (col_end - b.x0) / adv)?;
    let (lt, rt) = l.text.split_at(at);
    let (lt, rt) = (lt.trim_end(), rt.trim_start());
    if lt.is_empty() || rt.is_empty() {
        return None;
    }
    let piece = |text: &str, x0: f64, x1: f64| OcrLine {
        text: text.to_string(),
        bbox: BBox { x0, x1, ..b },
        pieces: Vec::new(),
        narrow: Vec::new(),
        ..l.clone()
    };
    Some((piece(lt, b.x0, col_end), piece(rt, edge, b.x1)))
}

/// The byte index where `text` is cut after about `target` ems: the character boundary
/// nearest to it, moved past a mark right after it (a line's last character).
fn split_at(text: &str, target: f64) -> Option<usize> {
    let mut acc = 0.0;
    let mut best: Option<(f64, usize)> = None;
    for (i, c) in text.char_indices() {
        let d = (acc - target).abs();
        if i > 0 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, i));
        }
        acc += units(c.encode_utf8(&mut [0; 4]));
    }
    let (_, mut at) = best?;
    // A mark right after the cut ends the left line.
    if let Some(rest) = text.get(at..)
        && crate::chars::starts_mid_sentence(rest)
        && let Some(c) = rest.chars().next()
    {
        at += c.len_utf8();
    }
    (at < text.len()).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of `text` boxed from `x0` to `x1` at row `y` (rows 60 apart, glyphs 40 wide).
    fn line(text: &str, x0: f64, x1: f64, y: f64) -> OcrLine {
        OcrLine::boxed(
            text,
            BBox {
                x0,
                y0: y,
                x1,
                y1: y + 30.0,
            },
        )
    }

    const LEFT: &str = "清河新区打造十五分钟生活圈覆盖";
    const RIGHT: &str = "湿地公园恢复面积八百公顷水质稳";

    /// Two columns of 15 glyphs (0–600, 680–1280), rows 0..8; `merged` rows run together.
    fn page(merged: &[usize]) -> Vec<OcrLine> {
        let mut v = Vec::new();
        for r in 0..8 {
            let y = 60.0 * r as f64;
            if merged.contains(&r) {
                v.push(line(&format!("{LEFT}{RIGHT}"), 0.0, 1280.0, y));
            } else {
                v.push(line(LEFT, 0.0, 600.0, y));
                v.push(line(RIGHT, 680.0, 1280.0, y));
            }
        }
        v
    }

    #[test]
    fn two_columns_lines_in_one_box_are_cut_at_the_gutter() {
        // Rows 3, 3 and 4, and 0: the first row under a headline has no rows above it, but
        // it starts and ends where the columns' lines do.
        for merged in [&[3][..], &[3, 4], &[0]] {
            let out = cut_merged(page(merged));
            assert_eq!(out.len(), 16, "{merged:?}");
            assert!(out.iter().all(|l| l.text == LEFT || l.text == RIGHT));
            let right = out.iter().filter(|l| l.text == RIGHT);
            assert!(right.clone().all(|l| l.bbox.x0 == 680.0));
        }
    }

    #[test]
    fn a_line_across_columns_with_no_rows_around_it_stays_whole() {
        // A subtitle across both columns above them: nothing stands above it.
        let mut v = vec![line(
            "清河新区打造十五分钟生活圈覆盖居民二十万人",
            0.0,
            1280.0,
            -60.0,
        )];
        v.extend(page(&[]));
        let out = cut_merged(v);
        assert_eq!(out.len(), 17);
        // A line of a column as wide as both, among its own lines: no gutter beside it.
        let mut v: Vec<OcrLine> = (0..4)
            .map(|r| line(&format!("{LEFT}{RIGHT}"), 0.0, 1280.0, 60.0 * r as f64))
            .collect();
        v.extend(page(&[]).into_iter().map(|mut l| {
            l.bbox.y0 += 600.0;
            l.bbox.y1 += 600.0;
            l
        }));
        assert_eq!(cut_merged(v).len(), 20);
    }

    #[test]
    fn a_box_grown_into_the_gutter_starts_at_its_column() {
        let mut v = page(&[]);
        // Row 3 of the right column: a speck grew its box 1.5 glyphs into the gutter.
        v[7].bbox.x0 = 620.0;
        // Row 5 of the right column: a paragraph's first line, set in by two glyphs.
        v[11].bbox.x0 = 760.0;
        // Row 6 of the right column: a short subhead, grown into the gutter by a speck.
        v[13].bbox.x0 = 610.0;
        v[13].bbox.x1 = 900.0;
        v[13].text = "·老街改造正当其时".into();
        let out = snap_grown(v);
        assert_eq!(out[7].bbox.x0, 680.0);
        assert_eq!(out[11].bbox.x0, 760.0);
        assert_eq!(out[13].bbox.x0, 680.0);
        // The left column's lines stay where they start.
        assert!(out.iter().step_by(2).all(|l| l.bbox.x0 == 0.0));
    }
}
