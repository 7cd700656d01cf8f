//! Columns and reading order of an OCR page.
//!
//! Stage: inside [`super::layout`]. Input: the page's items (display groups and body lines
//! with their boxes) and the body glyph size. Output: horizontal bands (cut where
//! whitespace of a body em runs across the page), each band's columns (clusters of its
//! body lines' left edges, a cluster of indented lines ending where the one before ends
//! taken into it; the left edge where most lines start, the right where the full lines
//! end), the columns each item covers, and the reading order: inside a
//! band, items spanning every column of a region cut it into bands by vertical position,
//! otherwise a column boundary no item crosses cuts it into left and right; inside one
//! column, top to bottom.

use super::BBox;
use super::quantile;

/// Most columns a page is read in (more clusters of left edges are noise).
const MAX_COLUMNS: usize = 24;

/// Lines starting up to this many body glyphs apart start at one edge.
const SAME_START: f64 = 0.5;

/// How far (body glyphs) right of the 1st decile of a column's starts its edge may lie:
/// less than a 2 em indent.
const EDGE_SPREAD: f64 = 1.5;

/// Right edges this many body glyphs apart or less are one column's.
const SAME_EDGE: f64 = 1.0;

/// A column's indented lines start up to this many body glyphs right of its edge.
const INDENTS: f64 = 5.0;

/// A column: its left edge (unindented lines) and right edge (full lines).
#[derive(Debug, Clone, Copy)]
pub(super) struct Column {
    /// Left edge.
    pub(super) left: f64,
    /// Right edge.
    pub(super) right: f64,
}

/// An element of the reading order: a display group or a body line.
#[derive(Debug, Clone)]
pub(super) struct Item {
    /// Its lines (indices into the page's lines), top to bottom.
    pub(super) lines: Vec<usize>,
    /// The box around them.
    pub(super) bbox: BBox,
    /// First column covered (index into all bands' columns).
    pub(super) lo: usize,
    /// Last column covered.
    pub(super) hi: usize,
    /// A display group (kicker / headline / subtitle), not a body line.
    pub(super) heading: bool,
}

/// Split the items into horizontal bands at whitespace gaps of at least `body` that no
/// item crosses; items of a band in their index order.
pub(super) fn bands(items: &[Item], body: f64) -> Vec<Vec<usize>> {
    let mut ids: Vec<usize> = (0..items.len()).collect();
    ids.sort_by(|a, b| {
        let (ya, yb) = (
            items.get(*a).map_or(0.0, |i| i.bbox.y0),
            items.get(*b).map_or(0.0, |i| i.bbox.y0),
        );
        ya.total_cmp(&yb).then(a.cmp(b))
    });
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut bottom = f64::NEG_INFINITY;
    for i in ids {
        let Some(it) = items.get(i) else { continue };
        match out.last_mut() {
            Some(band) if it.bbox.y0 - bottom < body => band.push(i),
            _ => out.push(vec![i]),
        }
        bottom = bottom.max(it.bbox.y1);
    }
    for band in out.iter_mut() {
        band.sort_unstable();
    }
    out
}

/// The columns an item covers: for a display group every column it overlaps by a fifth
/// of the column's width; for a body line its best column.
pub(super) fn column_span(cols: &[Column], b: &BBox, heading: bool) -> (usize, usize) {
    let best = best_column(cols, b);
    if !heading {
        return (best, best);
    }
    let spanned: Vec<usize> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| overlap(c, b) >= 0.2 * (c.right - c.left).max(1.0))
        .map(|(i, _)| i)
        .collect();
    (
        spanned.first().copied().unwrap_or(best),
        spanned.last().copied().unwrap_or(best),
    )
}

/// Where a column's unindented lines start, from its lines' starts: the first of the starts
/// from which the most lines start within [`SAME_START`] glyphs, among those up to
/// [`EDGE_SPREAD`] glyphs right of the 1st decile. A few boxes grown left into the gutter by a speck or a
/// detector's padding (a glyph out) would pull the decile itself out, and every line of the
/// column would then seem indented.
fn left_edge(mut starts: Vec<f64>, body: f64) -> f64 {
    let near = quantile(starts.clone(), 0.1);
    starts.sort_by(f64::total_cmp);
    // The starts from `x` to `x` + SAME_START glyphs (`starts` is sorted; `x` is one of them).
    let within = |x: f64| {
        starts
            .partition_point(|&s| s <= x + SAME_START * body)
            .saturating_sub(starts.partition_point(|&s| s < x))
    };
    let mut best = (0, near);
    for &x in starts.iter().filter(|&&x| x <= near + EDGE_SPREAD * body) {
        let n = within(x);
        if n > best.0 {
            best = (n, x);
        }
    }
    best.1
}

/// Columns: clusters of body lines' left edges.
pub(super) fn columns(edges: &[(f64, f64)], body: f64) -> Vec<Column> {
    let mut body_lines: Vec<BBox> = edges
        .iter()
        .map(|&(x0, x1)| BBox {
            x0,
            y0: 0.0,
            x1,
            y1: 0.0,
        })
        .collect();
    body_lines.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut clusters: Vec<Vec<BBox>> = Vec::new();
    for l in body_lines {
        match clusters.last_mut() {
            Some(c) if c.first().is_some_and(|f| l.x0 <= f.x0 + 3.0 * body) => c.push(l),
            _ => clusters.push(vec![l]),
        }
    }
    // The edges: where the unindented lines start and the full lines end (the 9th decile).
    let col = |c: &Vec<BBox>| Column {
        left: left_edge(c.iter().map(|l| l.x0).collect(), body),
        right: quantile(c.iter().map(|l| l.x1).collect(), 0.9),
    };
    // A cluster that starts a few ems right of the one before and ends where it ends is
    // that column's indented lines (a box grown left into the gutter started the column's
    // cluster early, so that its indented lines fell out of it).
    let mut merged: Vec<Vec<BBox>> = Vec::new();
    for c in clusters {
        match merged.last_mut() {
            Some(p)
                if {
                    let (a, b) = (col(p), col(&c));
                    (a.right - b.right).abs() <= SAME_EDGE * body
                        && b.left - a.left <= INDENTS * body
                } =>
            {
                p.extend(c)
            }
            _ => merged.push(c),
        }
    }
    let clusters = merged;
    // A column has three lines or more; fewer lines make one when they are as wide as the
    // other columns (the last lines of a story in its last column), not when they are
    // narrow (a centred byline, a jump line) nor much wider (a line set across columns).
    let typical = quantile(
        clusters
            .iter()
            .filter(|c| c.len() >= 3)
            .map(|c| {
                let k = col(c);
                k.right - k.left
            })
            .collect(),
        0.5,
    );
    let (kept, dropped): (Vec<&Vec<BBox>>, Vec<&Vec<BBox>>) = clusters.iter().partition(|c| {
        c.len() >= 3
            || (typical > 0.0 && {
                let w = quantile(c.iter().map(BBox::w).collect(), 0.5);
                w >= 0.8 * typical && w <= 1.25 * typical
            })
    });
    let mut cols: Vec<Column> = kept.into_iter().map(col).collect();
    // A few narrow lines clear of every column (an author's note, a pull quote set beside
    // the text) are a column of their own: read after the column beside them, never
    // between the lines of a column they do not touch.
    let clear: Vec<Column> = dropped
        .into_iter()
        .map(col)
        .filter(|d| {
            !cols
                .iter()
                .any(|c| c.right.min(d.right) - c.left.max(d.left) > 0.0)
        })
        .collect();
    if !cols.is_empty() {
        cols.extend(clear);
        cols.sort_by(|a, b| a.left.total_cmp(&b.left));
    }
    // More columns than a page can hold is noise, not layout: read as one column.
    if cols.is_empty() || cols.len() > MAX_COLUMNS {
        cols.clear();
        let x0 = edges.iter().map(|e| e.0).fold(f64::INFINITY, f64::min);
        let x1 = edges.iter().map(|e| e.1).fold(0.0, f64::max);
        cols.push(Column {
            left: x0.min(x1),
            right: x1,
        });
    }
    cols
}

pub(super) fn overlap(c: &Column, b: &BBox) -> f64 {
    (c.right.min(b.x1) - c.left.max(b.x0)).max(0.0)
}

pub(super) fn best_column(cols: &[Column], b: &BBox) -> usize {
    let mid = (b.x0 + b.x1) / 2.0;
    let mut best = (0usize, f64::NEG_INFINITY);
    for (i, c) in cols.iter().enumerate() {
        let score = if overlap(c, b) > 0.0 {
            overlap(c, b)
        } else {
            -(mid - (c.left + c.right) / 2.0).abs()
        };
        if score > best.1 {
            best = (i, score);
        }
    }
    best.0
}

/// Reading order of `ids` inside columns `lo..=hi`: full-width items cut the region into
/// bands; otherwise a column boundary no item crosses cuts it into left and right.
pub(super) fn read_order(mut ids: Vec<usize>, lo: usize, hi: usize, items: &[Item]) -> Vec<usize> {
    let y = |i: &usize| items.get(*i).map_or(0.0, |it| it.bbox.y0);
    let mid = |i: &usize| {
        items
            .get(*i)
            .map_or(0.0, |it| (it.bbox.y0 + it.bbox.y1) / 2.0)
    };
    let span = |i: &usize| {
        items
            .get(*i)
            .map_or((lo, hi), |it| (it.lo.max(lo), it.hi.min(hi)))
    };
    if ids.len() <= 1 || lo >= hi {
        ids.sort_by(|a, b| y(a).total_cmp(&y(b)).then(a.cmp(b)));
        return ids;
    }
    let (mut spans, rest): (Vec<usize>, Vec<usize>) = ids.iter().partition(|i| {
        let (a, b) = span(i);
        a <= lo && b >= hi
    });
    if !spans.is_empty() {
        spans.sort_by(|a, b| y(a).total_cmp(&y(b)).then(a.cmp(b)));
        let mut out = Vec::new();
        let mut bands: Vec<Vec<usize>> = vec![Vec::new(); spans.len() + 1];
        for i in rest {
            let k = spans.iter().take_while(|s| mid(s) <= mid(&i)).count();
            if let Some(b) = bands.get_mut(k) {
                b.push(i);
            }
        }
        for (k, band) in bands.into_iter().enumerate() {
            out.extend(read_order(band, lo, hi, items));
            if let Some(s) = spans.get(k) {
                out.push(*s);
            }
        }
        return out;
    }
    for k in lo..hi {
        if !ids.iter().any(|i| {
            let (a, b) = span(i);
            a <= k && b > k
        }) {
            let (left, right): (Vec<usize>, Vec<usize>) = ids.iter().partition(|i| span(i).1 <= k);
            let mut out = read_order(left, lo, k, items);
            out.extend(read_order(right, k + 1, hi, items));
            return out;
        }
    }
    ids.sort_by(|a, b| {
        span(a)
            .0
            .cmp(&span(b).0)
            .then(y(a).total_cmp(&y(b)))
            .then(a.cmp(b))
    });
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_line_clear_of_the_columns_is_a_column_of_its_own() {
        // Three columns of body lines (left edges 0, 100, 200; 90 wide), a centred byline
        // inside the second, and an author's note beside the third, clear of every column.
        let mut edges = Vec::new();
        for left in [0.0, 100.0, 200.0] {
            for _ in 0..4 {
                edges.push((left, left + 90.0));
            }
        }
        edges.push((120.0, 170.0));
        edges.push((310.0, 360.0));
        let cols = columns(&edges, 10.0);
        let lefts: Vec<f64> = cols.iter().map(|c| c.left).collect();
        assert_eq!(lefts, [0.0, 100.0, 200.0, 310.0]);
        // The note is read in its own column, not among the third column's lines.
        let note = BBox {
            x0: 310.0,
            y0: 0.0,
            x1: 360.0,
            y1: 10.0,
        };
        assert_eq!(best_column(&cols, &note), 3);
    }
}
