//! Geometry decides structure: from an OCR page's lines to raw blocks in reading order.
//!
//! Input: an [`OcrPage`] (lines with boxes) and the file name. Output: [`RawBlock`]s in
//! reading order, each with the source line of its first OCR line. All thresholds come from
//! the page's own statistics:
//!
//! - **glyph size** of a line: its width over its character count (a Han character is one
//!   em wide; digits and Latin letters about half), or its height for short lines; the
//!   **body size** is the median glyph size weighted by characters.
//! - **headings**: lines clearly larger than the body (≥ 1.1 × in size and taller than
//!   body lines — by the line's box, or its Han words' median height when the engine
//!   gives word boxes and that is less: a box grown by a lost dash is no larger type); vertically adjacent heading lines form a display group (kicker, headline,
//!   subtitle: the largest line is the headline, smaller lines above it the kicker, below it
//!   the subtitle); heading levels 1..3 by size clusters of the headlines.
//! - **furniture**: body-sized lines in the top or bottom margin band above / below all body
//!   text (running heads, `第N版`), and the largest line of the page when it stands above the
//!   body at the top (the masthead), marked with [`RawBlock::hint`] = `Furniture`.
//! - **skew** (module `skew`): a scanned page's boxes are turned level first, by the median
//!   slope of its lines' words.
//! - **lines run across a gutter** (module `line`): cut where the rest starts at another
//!   column's left edge. A body-sized line in one run (no gap the engine ran across) over
//!   two columns of its band (a fifth of each, or two glyphs where its words are boxed) is
//!   display text set across them (a subtitle no larger than the text), grouped with the
//!   display lines beside it; so is a body line a glyph or so beside it on its row (the
//!   rest of it, where the engine lost a character and cut the line).
//! - **columns and reading order** (module `columns`): the page is cut into bands at
//!   full-width whitespace, each band has its own columns (clusters of its body lines' left
//!   edges); a display group spanning columns cuts them horizontally; columns are read left
//!   to right, top to bottom inside a column.
//! - **paragraphs**: a line indented from its column's left edge, a previous line that
//!   stops short of the column's right edge, a vertical gap, or a short line without final
//!   punctuation after a finished sentence starts a paragraph (alone before an indented
//!   paragraph it is a subhead, [`RawBlock::hint`] = `Subhead`); a line
//!   running to the right edge at a column foot continues at the next column's head (a
//!   sentence ended there does not run on into a column farther on, past a photograph:
//!   another paragraph's continuation as often; and in another column a line's indent says
//!   nothing of where the paragraph before it goes on). On a
//!   page with no indentation at all the engine's paragraphs are used.
//!
//! Lines of a paragraph are joined without spaces, except between two Latin words.

use super::columns::{Column, Item, bands, best_column, column_span, columns, read_order};
use super::furniture::mark_furniture;
use super::{BBox, OcrPage, glyph_size, join_text, quantile, units};
use crate::raw::{RawBlock, Role};
use paiban_model::Span;
use std::sync::Arc;

/// Display fragments of one row overlapping by up to this share of their height are one
/// line (body fragments by a fifth):
/// PaddleOCR's detection boxes are padded by up to half a line's height at each end, so
/// the pieces of a headline it cut in two overlap (Tesseract's boxes hug the ink and
/// barely touch).
const OVERLAP: f64 = 0.5;

/// One line after same-row fragments were merged.
#[derive(Debug, Clone)]
pub(super) struct Line {
    /// Text.
    pub(super) text: String,
    /// Box.
    pub(super) bbox: BBox,
    /// Source line of its first element.
    pub(super) src_line: u32,
    /// The engine's paragraph.
    pub(super) par: u32,
    /// Glyph size.
    pub(super) size: f64,
    /// The engine's median Han word height (see [`super::OcrLine::glyph_h`]).
    pub(super) glyph_h: Option<f64>,
    /// Body, heading or furniture.
    pub(super) kind: Kind,
    /// Column (index into all bands' columns).
    pub(super) col: usize,
    /// Wide gaps the engine ran the line across, not confirmed as gutters (see `line`):
    /// from the end of one piece to the start of the next.
    pub(super) gaps: Vec<(f64, f64)>,
}

impl Line {
    /// The line's height: its box's, or its Han words' median height when that is less (a
    /// box tangled with a neighbour's mark, or grown by a dash the engine lost, is taller
    /// than the glyphs).
    fn height(&self) -> f64 {
        let h = self.bbox.h();
        self.glyph_h
            .map_or(h, |g| if g > 0.0 { g.min(h) } else { h })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Body,
    Heading,
    Furniture,
}

/// Fragments whose glyphs are at least this many times the body's are display type (see
/// [`merge_rows`]).
const DISPLAY_ROW: f64 = 1.2;

/// A column starting up to this many body glyphs right of where another ends is the next
/// one (past the gutter).
const NEXT_COLUMN: f64 = 3.0;

/// Body fragments of a column's width each, side by side on a row this share of a line's
/// height apart or more, are lines of two columns (see [`merge_rows`]).
const APART: f64 = 0.25;

/// A line whose words' boxes reach this many body glyphs into a column, across its gutter,
/// is no line of it (a box grown by a speck reaches a glyph or so): see [`crosses_gutter`].
const INTO_COLUMN: f64 = 2.0;

/// The gaps between a line's pieces.
fn gaps(l: &super::OcrLine) -> Vec<(f64, f64)> {
    l.pieces
        .windows(2)
        .filter_map(|w| Some((w.first()?.bbox.x1, w.get(1)?.bbox.x0)))
        .collect()
}

/// Merge fragments of one visual line that the engine split (a headline across two blocks).
fn merge_rows(page: &OcrPage) -> Vec<Line> {
    let mut src: Vec<&super::OcrLine> = page.lines.iter().filter(|l| l.bbox.h() > 0.0).collect();
    src.sort_by(|a, b| {
        a.bbox
            .x0
            .total_cmp(&b.bbox.x0)
            .then(a.src_line.cmp(&b.src_line))
    });
    // Rows are looked up in bands of one line height around the fragment's middle (at most
    // SCAN rows each), so a page of many lines stays linear.
    const SCAN: usize = 256;
    let unit = quantile(src.iter().map(|l| l.bbox.h()).collect(), 0.5).max(1.0);
    // The body's glyph height (the median of the lines' glyph heights, where the engine
    // gives them; else the line height).
    let glyph_unit = {
        let g: Vec<f64> = src.iter().filter_map(|l| l.glyph_h).collect();
        if g.is_empty() {
            unit
        } else {
            quantile(g, 0.5).max(1.0)
        }
    };
    // Where columns start: a body fragment starting at one is a line of that column, not the
    // rest of the line before it (a speck in the gutter read as a mark grew that line's box
    // up to the next column's).
    let edges = super::line::Edges::new(src.iter().map(|l| l.bbox));
    let band = |b: &BBox| ((b.y0 + b.y1) / 2.0 / unit).floor() as i64;
    let mut bands: std::collections::HashMap<i64, Vec<usize>> = std::collections::HashMap::new();
    let mut out: Vec<Line> = Vec::new();
    for l in src {
        let b = l.bbox;
        let key = band(&b);
        let fits = |r: &Line| {
            let ov = r.bbox.v_overlap(&b);
            let (hmin, hmax) = (r.bbox.h().min(b.h()), r.bbox.h().max(b.h()));
            let gap = b.x0 - r.bbox.x1;
            // Display lines (larger than the body) may have lost a character at the split,
            // a gap of about one of their own characters; body text keeps a column gap
            // between fragments that are not one line.
            let glyph = r
                .glyph_h
                .zip(l.glyph_h)
                .map_or(hmin / unit * glyph_unit, |(a, b)| a.min(b));
            let display = glyph >= DISPLAY_ROW * glyph_unit;
            let reach = if display { 1.2 } else { 0.6 };
            let long = |w: f64| w >= super::line::MIN_COLUMN * glyph;
            if !display && long(r.bbox.w()) && edges.at(&b, glyph) {
                return false;
            }
            // Two body fragments of a column's width apart on one row are lines of two
            // columns: the engine (or the cut at a gutter, see `merged`) boxed them apart.
            if !display && long(r.bbox.w()) && long(b.w()) && gap > APART * hmax {
                return false;
            }
            // Display boxes that overlap on one row are pieces of one line, however
            // differently the engine padded them; side by side, only pieces of one size
            // are. Body boxes barely overlap: two that do are lines of two columns, one
            // grown into the gutter by a speck.
            let alike = if display && gap < 0.0 { 1.5 } else { 1.25 };
            let overlap = if display { OVERLAP } else { 0.2 };
            ov >= 0.6 * hmin && hmax <= alike * hmin && gap > -overlap * hmax && gap < reach * hmax
        };
        let target = (key.saturating_sub(1)..=key.saturating_add(1))
            .filter_map(|k| bands.get(&k))
            .flat_map(|v| v.iter().rev().take(SCAN))
            .copied()
            .filter(|&i| out.get(i).is_some_and(fits))
            .min();
        match target.and_then(|i| out.get_mut(i)) {
            Some(r) => {
                r.text = join_text(&r.text, &l.text);
                r.bbox = r.bbox.union(&b);
                r.src_line = r.src_line.min(l.src_line);
                r.glyph_h = super::larger(r.glyph_h, l.glyph_h);
                r.gaps.extend(gaps(l));
            }
            None => {
                bands.entry(key).or_default().push(out.len());
                out.push(Line {
                    text: l.text.clone(),
                    bbox: b,
                    src_line: l.src_line,
                    par: l.par,
                    size: 0.0,
                    glyph_h: l.glyph_h,
                    kind: Kind::Body,
                    col: 0,
                    gaps: gaps(l),
                });
            }
        }
    }
    // Zero-height lines carry text too: keep them (no geometry to merge).
    for l in page.lines.iter().filter(|l| l.bbox.h() <= 0.0) {
        out.push(Line {
            text: l.text.clone(),
            bbox: l.bbox,
            src_line: l.src_line,
            par: l.par,
            size: 0.0,
            glyph_h: l.glyph_h,
            kind: Kind::Body,
            col: 0,
            gaps: Vec::new(),
        });
    }
    out.sort_by(|a, b| {
        a.bbox
            .y0
            .total_cmp(&b.bbox.y0)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    out
}

/// Lay out `page` (read from `file`) as raw blocks in reading order.
pub fn blocks(page: &OcrPage, file: &str) -> Vec<RawBlock> {
    blocks_with(page, file, None)
}

/// [`blocks`], where the edition's masthead is known (`--masthead`, `edition.toml`): the
/// largest line at the top of a sheet is the masthead only if it reads as that name (a
/// few characters misread), else it is a headline.
pub fn blocks_with(page: &OcrPage, file: &str, masthead: Option<&str>) -> Vec<RawBlock> {
    if page.sheets.is_empty() {
        return sheet_blocks(page, file, masthead);
    }
    // A multi-page file: each sheet has its own geometry, read one after the other.
    let mut cuts = vec![0];
    cuts.extend(page.sheets.iter().copied());
    cuts.push(page.lines.len());
    cuts.windows(2)
        .flat_map(|w| {
            let sheet = OcrPage {
                width: page.width,
                height: page.height,
                lines: page.lines.get(w[0]..w[1]).unwrap_or_default().to_vec(),
                sheets: Vec::new(),
            };
            sheet_blocks(&sheet, file, masthead)
        })
        .collect()
}

/// The blocks of one sheet.
fn sheet_blocks(page: &OcrPage, file: &str, masthead: Option<&str>) -> Vec<RawBlock> {
    let file: Arc<str> = Arc::from(file);
    // A scanned page turned level, then lines the engine ran across a gutter cut where a
    // column's edge confirms it (from its words' gaps, or for a box without words from the
    // rows it stands in).
    let level = super::skew::deskew(page);
    let page = level.as_ref().unwrap_or(page);
    let page = &OcrPage {
        width: page.width,
        height: page.height,
        lines: super::merged::at_gutters(super::line::confirm_cuts(page.lines.clone())),
        sheets: page.sheets.clone(),
    };
    let mut lines = merge_rows(page);
    if lines.is_empty() {
        return Vec::new();
    }
    // Where the engine gives only line boxes (most lines without word heights), a box's
    // height is no measure of the type: see `glyph_size`.
    let boxes_only = lines.iter().filter(|l| l.glyph_h.is_none()).count() * 2 > lines.len();
    for l in lines.iter_mut() {
        l.size = glyph_size(&l.text, &l.bbox, boxes_only && l.glyph_h.is_none());
    }
    // Body size: median glyph size weighted by characters.
    let mut weighted: Vec<(f64, f64)> = lines.iter().map(|l| (l.size, units(&l.text))).collect();
    weighted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = weighted.iter().map(|w| w.1).sum();
    let mut acc = 0.0;
    let mut body = weighted.first().map_or(1.0, |w| w.0);
    for (s, w) in &weighted {
        acc += w;
        if acc >= total / 2.0 {
            body = *s;
            break;
        }
    }
    let body = body.max(1.0);
    let body_h = quantile(
        lines
            .iter()
            .filter(|l| (l.size - body).abs() <= 0.15 * body)
            .map(|l| l.bbox.h())
            .collect(),
        0.75,
    );
    // Where the engine gives only line boxes (PaddleOCR), a box's height varies from line
    // to line more than the type does (padding, a scan's specks and slant): a heading's
    // line must then also stand clear of the body's own spread: above the 9th decile of
    // the long lines' heights (of about the body's height: a headline's are far taller) by
    // [`SPREAD`] times that decile's distance from their median.
    let spread_at = if boxes_only {
        let long: Vec<f64> = lines
            .iter()
            .filter(|l| units(&l.text) >= LONG_LINE)
            .map(|l| l.bbox.h())
            .collect();
        let typical = quantile(long.clone(), 0.5);
        let high = quantile(
            long.into_iter().filter(|&h| h <= 1.3 * typical).collect(),
            0.9,
        );
        high + SPREAD * (high - typical)
    } else {
        0.0
    };
    for l in lines.iter_mut() {
        // A heading has a Han character or a few letters: `ma`, `pw` are specks of a photo.
        let words = crate::chars::han_count(&l.text) > 0 || units(&l.text) >= 4.0;
        // A short line's size is its height (see `glyph_size`); where its characters are
        // no wider than the body's, the box is taller than the type (an engine pads a
        // short box: PaddleOCR's `实。`, a paragraph's last line, 48 px high over 40 px
        // lines), and it is body text.
        let u = units(&l.text);
        let narrow = (2.0..4.0).contains(&u) && l.bbox.w() / u < NARROW_SHORT * body;
        let taller = if l.glyph_h.is_some() {
            TALLER
        } else {
            TALLER_BOX
        };
        if words
            && !narrow
            && l.size >= 1.1 * body
            && l.height() >= (taller * body_h).max(spread_at)
        {
            l.kind = Kind::Heading;
        }
    }
    not_tangled(&mut lines, body_h);
    mark_furniture(&mut lines, page, body, masthead);
    let (mut items, mut order, mut cols, across) = arrange(&mut lines, body);
    // A body-sized line over two columns of its band, in one run across the gutter (no
    // gap the engine ran across there), is display text set across them (a subtitle, a
    // standfirst), not a line of either column: arranged again as a heading line.
    let mut display = false;
    for k in across {
        if let Some(l) = lines.get_mut(k) {
            l.kind = Kind::Heading;
            display = true;
        }
    }
    if display {
        (items, order, cols, _) = arrange(&mut lines, body);
    }
    let order = strays_last(&lines, &items, order, &cols, body);
    emit(&lines, &items, &order, &cols, body, &file)
}

/// The reading order with the body lines that stand wholly outside their column, a gutter
/// or more beyond its edge (a credit alone at a page's top right, in no column of text), read
/// after the rest: in their column's flow they land inside its paragraphs.
fn strays_last(
    lines: &[Line],
    items: &[Item],
    order: Vec<usize>,
    cols: &[Column],
    body: f64,
) -> Vec<usize> {
    let stray = |id: &usize| {
        items.get(*id).is_some_and(|it| {
            !it.heading
                && it.lines.iter().filter_map(|&k| lines.get(k)).all(|l| {
                    cols.get(l.col)
                        .is_some_and(|c| l.bbox.x0 > c.right + body || l.bbox.x1 < c.left - body)
                })
        })
    };
    let (mut kept, strays): (Vec<usize>, Vec<usize>) = order.into_iter().partition(|i| !stray(i));
    kept.extend(strays);
    kept
}

/// A heading line is at least this many times as tall as a body line (the 3rd quartile of
/// their heights) where the engine measured its words (hOCR, ALTO: their boxes hug the
/// ink), [`TALLER_BOX`] times where it gives only the line's box (PaddleOCR's detection
/// boxes are padded, by up to a tenth of a body line's height from line to line): its
/// type is larger, not only its characters spaced wider (a justified line one character
/// short).
const TALLER: f64 = 1.03;
/// See [`TALLER`].
const TALLER_BOX: f64 = 1.1;

/// See `spread_at` in [`sheet_blocks`]: on a clean page the body's heights hardly spread
/// (39–40 px), on a scan they do (33–35 px, some 36).
const SPREAD: f64 = 2.0;

/// A line of at least this many characters (ems) is long: mostly body text.
const LONG_LINE: f64 = 8.0;

/// A line of two or three characters whose characters are narrower than this share of
/// the body size is no larger type than the body, however tall its box.
const NARROW_SHORT: f64 = 0.95;

/// The items (display groups and body lines), the reading order, the columns of all bands,
/// and the body lines that cross a gutter of their band ([`crosses_gutter`]); sets each
/// line's column.
type Arranged = (Vec<Item>, Vec<usize>, Vec<Column>, Vec<usize>);

/// Display groups and body lines as items, cut into the page's bands, each with its
/// columns, and read in order (see [`Arranged`]).
fn arrange(lines: &mut [Line], body: f64) -> Arranged {
    let mut items = groups(lines, body);
    for (i, l) in lines.iter().enumerate() {
        if l.kind == Kind::Body {
            items.push(Item {
                lines: vec![i],
                bbox: l.bbox,
                lo: 0,
                hi: 0,
                heading: false,
            });
        }
    }
    // Bands: the page cut where whitespace of at least a body em runs across its whole
    // width; each band has its own columns (a lead story over three columns above a row
    // of four).
    let mut cols: Vec<Column> = Vec::new();
    let mut order = Vec::new();
    let mut across = Vec::new();
    for band in bands(&items, body) {
        let edges: Vec<(f64, f64)> = band
            .iter()
            .filter_map(|&i| items.get(i))
            .filter(|it| !it.heading)
            .flat_map(|it| it.lines.iter().filter_map(|&k| lines.get(k)))
            .filter(|l| l.kind == Kind::Body && units(&l.text) >= 6.0)
            .map(|l| (l.bbox.x0, l.bbox.x1))
            .collect();
        let here = columns(&edges, body);
        let off = cols.len();
        for &i in &band {
            let Some(it) = items.get_mut(i) else { continue };
            let (lo, hi) = column_span(&here, &it.bbox, it.heading);
            it.lo = off + lo;
            it.hi = off + hi;
            if !it.heading
                && it.lines.iter().all(|&k| {
                    lines.get(k).is_some_and(|l| {
                        // Into a column by INTO_COLUMN glyphs where the engine's word
                        // boxes hug the ink; a detection box (PaddleOCR) is padded.
                        let into = l.glyph_h.map(|_| INTO_COLUMN * body);
                        crosses_gutter(&here, &l.bbox, &l.gaps, into)
                    })
                })
            {
                across.extend(it.lines.iter().copied());
            }
            for &k in &it.lines {
                if let Some(l) = lines.get_mut(k) {
                    l.col = off + best_column(&here, &l.bbox);
                }
            }
        }
        // A display group that heads its band — every body line of the band below it, no
        // other display group beside it — covers all the band's columns, whatever its
        // width: a headline centred over four columns whose article fills three overlaps
        // the outer ones by a few glyphs only, and its first column was read before it.
        if !here.is_empty() {
            let top_body = band
                .iter()
                .filter_map(|&i| items.get(i))
                .filter(|it| !it.heading)
                .map(|it| it.bbox.y0)
                .fold(f64::INFINITY, f64::min);
            let heads: Vec<usize> = band
                .iter()
                .copied()
                .filter(|&i| items.get(i).is_some_and(|it| it.heading))
                .collect();
            for &i in &heads {
                let Some(b) = items.get(i).map(|it| it.bbox) else {
                    continue;
                };
                let alone = heads.iter().all(|&j| {
                    j == i
                        || items
                            .get(j)
                            .is_none_or(|o| o.bbox.y1 <= b.y0 || o.bbox.y0 >= b.y1)
                });
                if alone
                    && top_body >= b.y1 - 0.2 * b.h()
                    && let Some(it) = items.get_mut(i)
                {
                    it.lo = off;
                    it.hi = off + here.len() - 1;
                }
            }
        }
        // A band with no column of text (the page cut between a headline and a photograph):
        // a body-sized line right under a display group, no wider, centred or flush with it,
        // is display text too (the subtitle).
        if edges.len() < 3 {
            for &i in &band {
                let Some(it) = items.get(i).filter(|it| !it.heading) else {
                    continue;
                };
                let b = it.bbox;
                // As near as a display line joins a group (see `groups`).
                let size = it
                    .lines
                    .first()
                    .and_then(|&k| lines.get(k))
                    .map_or(body, |l| l.size.max(body));
                let beside = |u: &BBox| {
                    b.w() <= u.w()
                        && (((b.x0 + b.x1) - (u.x0 + u.x1)).abs() / 2.0 <= body
                            || (b.x0 - u.x0).abs() <= body)
                };
                let under = items.iter().any(|g| {
                    let u = g.bbox;
                    g.heading
                        && b.y0 >= u.y1 - 0.2 * b.h()
                        && b.y0 - u.y1 < 1.2 * size
                        && beside(&u)
                });
                // Or right over one (the kicker), as near as the display group's own
                // leading: a headline's line gap grows with its size.
                let over = items.iter().any(|g| {
                    let u = g.bbox;
                    let lead = g
                        .lines
                        .iter()
                        .filter_map(|&k| lines.get(k))
                        .map(|l| l.size)
                        .fold(size, f64::max);
                    g.heading
                        && b.y1 <= u.y0 + 0.2 * b.h()
                        && u.y0 - b.y1 < 1.2 * lead.min(2.0 * size)
                        && beside(&u)
                });
                if under || over {
                    across.extend(it.lines.iter().copied());
                }
            }
        }
        let hi = off + here.len().saturating_sub(1);
        cols.extend(here);
        order.extend(read_order(band, off, hi, &items));
    }
    // A body line beside one set across a gutter, on its row a glyph or so from it, is the
    // rest of that line, which the engine cut in two where it lost a character (a subtitle
    // centred over two columns, its first half over one of them only).
    let beside: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|&(k, l)| {
            l.kind == Kind::Body
                && !across.contains(&k)
                && across.iter().filter_map(|&a| lines.get(a)).any(|a| {
                    let ov = a.bbox.v_overlap(&l.bbox);
                    let (lo, hi) = (a.bbox.h().min(l.bbox.h()), a.bbox.h().max(l.bbox.h()));
                    let gap = (a.bbox.x0 - l.bbox.x1).max(l.bbox.x0 - a.bbox.x1);
                    ov >= 0.6 * lo && hi <= 1.25 * lo && (0.0..=BESIDE * body).contains(&gap)
                })
        })
        .map(|(k, _)| k)
        .collect();
    across.extend(beside);
    (items, order, cols, across)
}

/// A body line this many glyphs or less beside a line set across a gutter, on its row, is
/// the rest of it (see [`arrange`]).
const BESIDE: f64 = 1.5;

/// Does a line in `b` run on across a gutter: overlap two columns that stand apart by a
/// fifth of their width each (or `into`, where that is given and less), with none of its
/// `gaps` (where the engine ran on across white space) between them?
fn crosses_gutter(cols: &[Column], b: &BBox, gaps: &[(f64, f64)], into: Option<f64>) -> bool {
    let over: Vec<&Column> = cols
        .iter()
        .filter(|c| {
            let fifth = 0.2 * (c.right - c.left).max(1.0);
            super::columns::overlap(c, b) >= into.map_or(fifth, |i| fifth.min(i))
        })
        .collect();
    over.iter().any(|a| {
        over.iter()
            .any(|c| a.right < c.left && !gaps.iter().any(|&(x0, x1)| x0 < c.left && x1 > a.right))
    })
}

/// A heading stands clear of the text: a "heading" whose box overlaps a body line (of
/// at least 0.7 of a body line's height: not a speck) by a third of that line's height —
/// the engine's tangled box around two lines — is body text.
fn not_tangled(lines: &mut [Line], body_h: f64) {
    let mut body: Vec<BBox> = lines
        .iter()
        .filter(|l| l.kind == Kind::Body && l.bbox.h() >= 0.7 * body_h)
        .map(|l| l.bbox)
        .collect();
    body.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let tallest = body.iter().map(BBox::h).fold(0.0, f64::max);
    for l in lines.iter_mut().filter(|l| l.kind == Kind::Heading) {
        let u = l.bbox;
        let from = body.partition_point(|b| b.y0 < u.y0 - tallest);
        let to = body.partition_point(|b| b.y0 < u.y1);
        let tangled = body.get(from..to).is_some_and(|s| {
            s.iter().any(|o| {
                let ov = o.v_overlap(&u);
                o.x0 < u.x1 && o.x1 > u.x0 && ov > 0.0 && ov >= o.h() / 3.0
            })
        });
        if tangled {
            l.kind = Kind::Body;
        }
    }
}

/// How many recent display groups a heading line may join.
const GROUP_SCAN: usize = 64;

/// Group heading lines into display groups (column span set later).
fn groups(lines: &[Line], body: f64) -> Vec<Item> {
    // Body lines by top edge, to find those under a box quickly.
    let mut by_top: Vec<&BBox> = lines
        .iter()
        .filter(|l| l.kind == Kind::Body)
        .map(|l| &l.bbox)
        .collect();
    by_top.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let tallest = by_top.iter().map(|b| b.h()).fold(0.0, f64::max);
    let covers_body = |u: &BBox| {
        let from = by_top.partition_point(|b| b.y0 < u.y0 - tallest);
        let to = by_top.partition_point(|b| b.y0 < u.y1);
        by_top.get(from..to).is_some_and(|s| {
            s.iter()
                .any(|o| o.x0 < u.x1 && o.x1 > u.x0 && o.y0 < u.y1 && o.y1 > u.y0)
        })
    };
    let mut items: Vec<Item> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.kind != Kind::Heading {
            continue;
        }
        // Lines are sorted top to bottom: join the group of a heading line just above,
        // unless the group's box would then cover body text (a group is a clear rectangle).
        let found = items
            .iter()
            .enumerate()
            .rev()
            .take(GROUP_SCAN)
            .find(|(_, it)| {
                let u = it.bbox.union(&l.bbox);
                it.heading
                    && l.bbox.y0 - it.bbox.y1 < 1.2 * l.size.max(body)
                    && l.bbox.y0 >= it.bbox.y0
                    && l.bbox.x0 < it.bbox.x1
                    && l.bbox.x1 > it.bbox.x0
                    && !covers_body(&u)
            })
            .map(|(g, _)| g);
        match found {
            Some(g) => {
                if let Some(it) = items.get_mut(g) {
                    it.lines.push(i);
                    it.bbox = it.bbox.union(&l.bbox);
                }
            }
            None => {
                items.push(Item {
                    lines: vec![i],
                    bbox: l.bbox,
                    lo: 0,
                    hi: 0,
                    heading: true,
                });
            }
        }
    }
    items
}

/// Turn the ordered items into blocks: display groups into kicker / headline / subtitle
/// blocks, body lines into paragraphs.
fn emit(
    lines: &[Line],
    items: &[Item],
    order: &[usize],
    cols: &[Column],
    body: f64,
    file: &Arc<str>,
) -> Vec<RawBlock> {
    let levels = heading_levels(lines, items);
    let mut out: Vec<RawBlock> = Vec::new();
    let span = |l: &Line| Span::new(file.clone(), l.src_line.max(1));
    let mid = body_mid(lines);
    let furniture = |top: bool| {
        lines
            .iter()
            .filter(|l| l.kind == Kind::Furniture)
            .filter(move |l| top == (l.bbox.y0 < mid))
            .map(|l| {
                let mut b = RawBlock::new(l.text.trim(), span(l));
                b.hint = Some(Role::Furniture);
                b.blank_before = 1;
                b
            })
    };
    out.extend(furniture(true));
    // The page's paragraph indent: the median offset of lines set in from their column's
    // left edge by half an em to five ems (2 em in Chinese papers). A line counts as
    // indented from 0.7 of it: a line whose first character the engine lost sits only
    // about an em in.
    let indents: Vec<f64> = lines
        .iter()
        .filter(|l| l.kind == Kind::Body)
        .filter_map(|l| cols.get(l.col).map(|c| l.bbox.x0 - c.left))
        .filter(|d| *d >= 0.5 * body && *d <= 5.0 * body)
        .collect();
    let any_indent = !indents.is_empty();
    let indent_min = (0.7 * quantile(indents, 0.5)).max(0.5 * body);
    let gap = typical_gap(lines, order, items);
    let mut prev: Option<&Line> = None;
    let mut subhead: Option<usize> = None;
    // Did `l`'s line run to its column's right edge (its paragraph may go on elsewhere)?
    let ran = |l: &Line| {
        cols.get(l.col)
            .is_none_or(|c| l.bbox.x1 >= c.right - 1.2 * body)
    };
    for &id in order {
        let Some(it) = items.get(id) else { continue };
        if it.heading {
            if let Some(p) = prev {
                end_paragraph(&mut out, ran(p));
            }
            prev = None;
            subhead = None;
            for (text, first, _) in display_lines(lines, &it.lines) {
                let level = levels.get(&id).copied().unwrap_or(1);
                let mut b = RawBlock::heading(text, span(first), level);
                b.blank_before = 1;
                b.hint = Some(Role::Headline);
                b.group_box = Some(it.bbox);
                out.push(b);
            }
            set_display_roles(lines, &it.lines, &mut out);
            continue;
        }
        let Some(l) = it.lines.first().and_then(|&i| lines.get(i)) else {
            continue;
        };
        let col = cols.get(l.col).copied().unwrap_or(Column {
            left: l.bbox.x0,
            right: l.bbox.x1,
        });
        let indent = l.bbox.x0 - col.left;
        let indented = indent >= indent_min && indent <= 5.0 * body;
        // The line goes on down the column of the line before.
        let same_col = prev.is_some_and(|p| p.col == l.col && l.bbox.y0 >= p.bbox.y0);
        let (starts, titled) = match prev {
            None => (true, false),
            Some(p) => {
                let pcol = cols.get(p.col).copied().unwrap_or(col);
                // A line stopping short ends its paragraph — unless, on a page that marks
                // paragraphs by indentation, it stops mid-sentence (ragged-right text).
                let short = p.bbox.x1 < pcol.right - 1.2 * body
                    && !(any_indent && crate::chars::ends_mid_sentence(&p.text));
                let far = same_col && l.bbox.y0 - p.bbox.y1 > gap + 0.8 * body;
                let engine = !any_indent && same_col && p.par != l.par;
                // A short unindented line without final punctuation after a finished
                // sentence: a one-line element (subhead), not a paragraph's last line.
                let titled = l.bbox.x1 < col.right - 1.2 * body
                    && p.text
                        .trim_end()
                        .ends_with(['。', '！', '？', '”', '」', '!', '?'])
                    && l.text
                        .trim_end()
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric());
                // A sentence ended at a column's foot and the reading order goes on in a column
                // other than the next one (past a photograph, a module, a sheet's end): a
                // line there set flush is as often another paragraph's continuation as this
                // one's, and the paragraph is left ended rather than run into another's text.
                let next_col = l.bbox.y0 < p.bbox.y0
                    && (0.0..=NEXT_COLUMN * body).contains(&(col.left - pcol.right));
                let turned = !same_col && !next_col && !crate::chars::ends_mid_sentence(&p.text);
                // A credit (`本版制图：林青`) at a column's head is no continuation of the
                // column before.
                let credit = !same_col && crate::patterns::is_credit(&l.text);
                // A dateline (`新华社昆明2月19日电`) opens an article's first paragraph,
                // whatever the line before left open.
                let dated = crate::patterns::dateline_len(&l.text).is_some();
                // A line ending on an opening mark (`发出“`) broke inside a sentence: the
                // line under it goes on, however set in (the engine lost its first glyph).
                let opened = same_col
                    && p.text
                        .trim_end()
                        .chars()
                        .next_back()
                        .is_some_and(crate::chars::no_line_end);
                (
                    dated
                        || !opened
                            && (indented || short || far || engine || titled || turned || credit),
                    titled && !indented && !opened,
                )
            }
        };
        // A one-line titled block followed by an indented paragraph is a subhead.
        if let Some(k) = subhead.take()
            && starts
            && indented
            && let Some(b) = out.get_mut(k)
        {
            b.heading = 3;
            b.hint = Some(Role::Subhead);
        }
        match out.last_mut() {
            Some(b) if !starts && b.heading == 0 && b.hint.is_none() => {
                b.text = join_text(&b.text, &l.text);
            }
            _ => {
                // What ended the paragraph before: an indent, a short last line or a
                // one-line element after it say the paragraph ended there; otherwise (a
                // vertical gap, the engine's paragraph) it may go on if its line ran full.
                // In another column (or on the next sheet) the new line's indent or shape
                // says nothing of where the paragraph before goes on: one that ran to its
                // column's foot may go on elsewhere, for `join` to find by its text.
                if let Some(p) = prev {
                    let short =
                        p.bbox.x1 < cols.get(p.col).map_or(f64::INFINITY, |c| c.right) - 1.2 * body;
                    let ended_here = same_col && (indented || titled);
                    end_paragraph(&mut out, !(ended_here || short) && ran(p));
                }
                let mut b = RawBlock::new(l.text.trim(), span(l));
                b.indented = indented;
                b.blank_before = 1;
                out.push(b);
                if titled {
                    subhead = Some(out.len() - 1);
                }
            }
        }
        prev = Some(l);
    }
    if let Some(p) = prev {
        end_paragraph(&mut out, ran(p));
    }
    out.extend(furniture(false));
    out
}

/// Set [`RawBlock::wrap_end`] of the body paragraph at the end of `out` (if it is one):
/// `may_go_on` when its last line ran to the column's edge and nothing on the page says
/// the paragraph ended there. The repair passes then join across it only on evidence, and
/// never across a geometric paragraph end.
fn end_paragraph(out: &mut [RawBlock], may_go_on: bool) {
    if let Some(b) = out.last_mut()
        && b.heading == 0
        && b.hint.is_none()
        && b.wrap_end.is_none()
    {
        b.wrap_end = Some(may_go_on);
    }
}

fn body_mid(lines: &[Line]) -> f64 {
    let ys: Vec<f64> = lines
        .iter()
        .filter(|l| l.kind != Kind::Furniture)
        .map(|l| (l.bbox.y0 + l.bbox.y1) / 2.0)
        .collect();
    if ys.is_empty() {
        return f64::INFINITY;
    }
    (ys.iter().copied().fold(f64::INFINITY, f64::min) + ys.iter().copied().fold(0.0, f64::max))
        / 2.0
}

/// Median vertical gap between consecutive body lines of one column.
fn typical_gap(lines: &[Line], order: &[usize], items: &[Item]) -> f64 {
    let mut gaps = Vec::new();
    let mut prev: Option<&Line> = None;
    for it in order.iter().filter_map(|&i| items.get(i)) {
        if it.heading {
            prev = None;
            continue;
        }
        let Some(l) = it.lines.first().and_then(|&i| lines.get(i)) else {
            continue;
        };
        if let Some(p) = prev
            && p.col == l.col
            && l.bbox.y0 >= p.bbox.y1
        {
            gaps.push(l.bbox.y0 - p.bbox.y1);
        }
        prev = Some(l);
    }
    quantile(gaps, 0.5)
}

/// The display lines of a group: consecutive lines of similar glyph size, or of nearly the
/// same height (a headline broken over two lines, the second with other punctuation), are
/// one element.
fn display_lines<'a>(lines: &'a [Line], ids: &[usize]) -> Vec<(String, &'a Line, f64)> {
    let mut out: Vec<(String, &Line, f64)> = Vec::new();
    let mut last_h = 0.0;
    for l in ids.iter().filter_map(|&i| lines.get(i)) {
        let h = l.bbox.h();
        match out.last_mut() {
            Some((t, _, s))
                if (l.size <= *s * 1.18 && l.size >= *s / 1.18)
                    || (h <= last_h * 1.12 && h >= last_h / 1.12) =>
            {
                *t = join_text(t, &l.text);
                *s = s.max(l.size);
            }
            _ => out.push((l.text.trim().to_string(), l, l.size)),
        }
        last_h = h;
    }
    out
}

/// Mark the kicker (smaller, above the headline) and subtitle (smaller, below it) of the
/// display group just pushed at the end of `out`.
fn set_display_roles(lines: &[Line], ids: &[usize], out: &mut [RawBlock]) {
    let els = display_lines(lines, ids);
    let n = els.len();
    let Some(main) = els
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.2.total_cmp(&b.1.2).then(b.0.cmp(&a.0)))
        .map(|(i, _)| i)
    else {
        return;
    };
    let start = out.len().saturating_sub(n);
    for (k, b) in out.iter_mut().skip(start).enumerate() {
        b.hint = Some(match k.cmp(&main) {
            std::cmp::Ordering::Less => Role::Kicker,
            std::cmp::Ordering::Equal => Role::Headline,
            std::cmp::Ordering::Greater => Role::Subtitle,
        });
    }
}

/// Heading level of each display group: size clusters of the groups' largest lines,
/// largest first, a new level below 1/1.15 of the previous cluster; at most 3.
fn heading_levels(lines: &[Line], items: &[Item]) -> std::collections::BTreeMap<usize, u8> {
    let mut sizes: Vec<(usize, f64)> = items
        .iter()
        .enumerate()
        .filter(|(_, it)| it.heading)
        .map(|(i, it)| {
            let s = it
                .lines
                .iter()
                .filter_map(|&k| lines.get(k))
                .map(|l| l.size)
                .fold(0.0, f64::max);
            (i, s)
        })
        .collect();
    sizes.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut levels = std::collections::BTreeMap::new();
    let mut level = 1u8;
    let mut floor = f64::INFINITY;
    for (i, s) in sizes {
        if s * 1.15 < floor && floor.is_finite() {
            level = (level + 1).min(3);
        }
        if s * 1.15 < floor {
            floor = s;
        }
        levels.insert(i, level);
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        assert_eq!(join_text("清河", "日报"), "清河日报");
        assert_eq!(join_text("new", "bridge"), "new bridge");
        assert_eq!(join_text("2026年", "3月"), "2026年3月");
    }

    /// A line of body text 40 high from `x0` to `x1` at `y0`, its own block and paragraph.
    fn line(i: u32, text: &str, x0: f64, x1: f64, y0: f64) -> super::super::OcrLine {
        let bbox = BBox {
            x0,
            y0,
            x1,
            y1: y0 + 40.0,
        };
        super::super::OcrLine {
            block: i,
            par: i,
            src_line: i,
            ..super::super::OcrLine::boxed(text, bbox)
        }
    }

    /// A sheet `width` wide and 1000 high holding `lines`.
    fn page_of(width: f64, lines: Vec<super::super::OcrLine>) -> OcrPage {
        OcrPage {
            width,
            height: 1000.0,
            lines,
            sheets: Vec::new(),
        }
    }

    #[test]
    fn a_line_in_no_column_is_read_after_the_columns() {
        // Two columns of text, and a credit alone at the page's top right (boxed in two by
        // the engine), on the row of the second column's first line: the second column's
        // paragraph runs on past it.
        let mut lines = Vec::new();
        for k in 0..8u32 {
            let y = 100.0 + 60.0 * f64::from(k);
            let x0 = if k == 0 { 250.0 } else { 190.0 };
            let left = if k == 7 {
                "清河两岸的农田里。"
            } else {
                "清河两岸的农田里机器轰鸣春耕正忙"
            };
            lines.push(line(k, left, x0, 894.0, y));
            let right = if k == 7 {
                "老街改造完工了。"
            } else {
                "老街改造完工以后游客明显增多夜市"
            };
            lines.push(line(20 + k, right, 990.0, 1694.0, y));
        }
        lines.push(line(40, "本版制图：", 1880.0, 2080.0, 100.0));
        lines.push(line(41, "林青", 2110.0, 2200.0, 100.0));
        let page = page_of(2300.0, lines);
        let blocks = blocks(&page, "p.hocr");
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.last(), Some(&"本版制图：林青"), "{texts:#?}");
        assert!(
            texts.iter().all(|t| !t.contains("游客明显增多夜市本版")),
            "{texts:#?}"
        );
    }

    #[test]
    fn a_dateline_opens_a_paragraph_whatever_the_line_before_left_open() {
        // A column's last line ends mid-sentence at the edge; the reading order goes on
        // lower down in the next column (past a photograph), flush, with a dateline: an
        // article's first paragraph, not the rest of the sentence.
        let mut lines = Vec::new();
        for k in 0..6u32 {
            let y = 100.0 + 60.0 * f64::from(k);
            let x0 = if k == 0 { 250.0 } else { 190.0 };
            lines.push(line(k, "清河两岸的农田里机器轰鸣春耕正忙", x0, 894.0, y));
        }
        lines.push(line(
            10,
            "新华社清河3月5日电记者今天从市里",
            990.0,
            1694.0,
            520.0,
        ));
        lines.push(line(11, "获悉，新桥下月通车。", 990.0, 1400.0, 580.0));
        let blocks = blocks(&page_of(1800.0, lines), "p.hocr");
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.len(), 2, "{texts:#?}");
        assert!(texts[1].starts_with("新华社清河3月5日电"), "{texts:#?}");
    }

    #[test]
    fn a_line_ending_on_an_opening_mark_goes_on_however_set_in() {
        // One column of indented paragraphs; a line ends on `“` and the engine lost the
        // first glyph of the line under it, which so starts set in by about an indent: the
        // same paragraph. The next indented line after a full stop starts a new one.
        let texts = [
            (250.0, "清河两岸的农田里机器轰鸣春耕正忙"),
            (190.0, "清河两岸的农田里机器轰鸣春耕正忙"),
            (190.0, "农机手刨一下，远远就听见发出“"),
            (260.0, "”的声音在田野里传得很远很远。"),
            (250.0, "老街改造完工以后游客明显增多。"),
            (190.0, "老街改造完工以后游客明显增多。"),
        ];
        let lines = texts
            .iter()
            .enumerate()
            .map(|(k, (x0, t))| line(k as u32, t, *x0, 894.0, 100.0 + 60.0 * k as f64))
            .collect();
        let blocks = blocks(&page_of(1000.0, lines), "p.hocr");
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts.len(), 2, "{texts:#?}");
        assert!(
            texts[0].ends_with("发出“”的声音在田野里传得很远很远。"),
            "{texts:#?}"
        );
    }

    /// Two columns a narrow gutter apart, boxed line by line without words (PaddleOCR); in
    /// one row the right box starts a little left of its column's edge, closer to the left
    /// box than a line's height: still two lines, not one running across the gutter.
    #[test]
    fn body_boxes_of_two_columns_on_one_row_stay_apart() {
        let mut lines = Vec::new();
        for k in 0..8u32 {
            let y = 100.0 + 60.0 * f64::from(k);
            lines.push(line(k, "清河两岸的农田里机器轰鸣春耕正忙", 190.0, 894.0, y));
            let x0 = if k == 3 { 906.0 } else { 930.0 };
            lines.push(line(
                20 + k,
                "老街改造完工以后游客明显增多夜市",
                x0,
                1634.0,
                y,
            ));
        }
        let page = page_of(1800.0, lines);
        let rows = merge_rows(&page);
        assert_eq!(rows.len(), 16, "{rows:#?}");
    }

    /// A subtitle of body size centred over two columns under its headline, which the
    /// engine cut in two where it lost a character: the right half reaches two glyphs into
    /// the left column across the gutter (no line of it), the left half stands beside it on
    /// its row. Both are the subtitle, not a paragraph of the first column and a line of the
    /// second.
    #[test]
    fn a_subtitle_over_two_columns_cut_in_two_is_the_subtitle() {
        let inked = |l: super::super::OcrLine| super::super::OcrLine {
            glyph_h: Some(l.bbox.h()),
            ..l
        };
        let mut lines = vec![inked(super::super::OcrLine {
            bbox: BBox {
                x0: 400.0,
                y0: 0.0,
                x1: 1200.0,
                y1: 80.0,
            },
            ..line(1, "清河湿地迎来越冬候鸟", 0.0, 0.0, 0.0)
        })];
        lines.push(inked(line(
            2,
            "今冬湿地观测到候鸟一百",
            300.0,
            740.0,
            110.0,
        )));
        lines.push(inked(line(3, "六种比去年增加九种", 790.0, 1150.0, 110.0)));
        for k in 0..8u32 {
            let y = 185.0 + 60.0 * f64::from(k);
            let x0 = if k == 0 { 270.0 } else { 190.0 };
            lines.push(inked(line(
                10 + k,
                "清河两岸的农田里机器轰鸣春耕正忙",
                x0,
                894.0,
                y,
            )));
            let x0 = if k == 0 { 1070.0 } else { 990.0 };
            lines.push(inked(line(
                20 + k,
                "老街改造完工以后游客明显增多夜市",
                x0,
                1694.0,
                y,
            )));
        }
        let page = page_of(1800.0, lines);
        let blocks = blocks(&page, "p.hocr");
        let got: Vec<(Option<Role>, &str)> = blocks
            .iter()
            .take(2)
            .map(|b| (b.hint, b.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(Role::Headline), "清河湿地迎来越冬候鸟"),
                (
                    Some(Role::Subtitle),
                    "今冬湿地观测到候鸟一百六种比去年增加九种"
                ),
            ],
            "{blocks:#?}"
        );
    }

    /// A credit at the head of the next column, after a column whose last line ran to its
    /// edge mid-sentence, is no continuation of that line.
    #[test]
    fn a_credit_at_a_column_head_stands_alone() {
        let mut lines = Vec::new();
        for k in 0..8u32 {
            let y = 100.0 + 60.0 * f64::from(k);
            lines.push(line(k, "清河两岸的农田里机器轰鸣春耕正忙", 190.0, 894.0, y));
            if k > 0 {
                lines.push(line(
                    20 + k,
                    "老街改造完工以后游客明显增多夜市",
                    990.0,
                    1694.0,
                    y,
                ));
            }
        }
        lines.push(line(40, "本版制图：林青", 990.0, 1270.0, 100.0));
        let page = page_of(1800.0, lines);
        let blocks = blocks(&page, "p.hocr");
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert!(texts.contains(&"本版制图：林青"), "{texts:#?}");
    }
}
