//! Page furniture of an OCR page, found by position.
//!
//! Stage: inside [`super::layout`], after headings are known. Input: the page's lines with
//! glyph sizes and kinds, the page height, the body size. Output: lines marked as
//! furniture — body-sized lines (or folios `第N版`) alone in the top or bottom margin band,
//! clear of the text by 0.8 em (at the foot, not an article's closing dateline, credit or
//! jump line), and the masthead (the page's largest line, short, above the
//! text and every display line; where the edition's masthead is known, only a line that
//! reads as it) — and [`folio`], the page number a running head gives.

use super::OcrPage;
use super::layout::{Kind, Line};
use super::units;

/// Mark the furniture lines of `page` (see the module header).
pub(super) fn mark_furniture(lines: &mut [Line], page: &OcrPage, body: f64, known: Option<&str>) {
    let ph = if page.height > 0.0 {
        page.height
    } else {
        lines.iter().map(|l| l.bbox.y1).fold(0.0, f64::max)
    };
    let top_band = 0.12 * ph;
    let foot_band = 0.88 * ph;
    let is_body = |l: &Line| l.kind == Kind::Body && units(&l.text) >= 6.0;
    let body_top = lines
        .iter()
        .filter(|l| is_body(l) && l.bbox.y1 > top_band)
        .map(|l| l.bbox.y0)
        .fold(f64::INFINITY, f64::min);
    let body_foot = lines
        .iter()
        .filter(|l| is_body(l) && l.bbox.y0 < foot_band)
        .map(|l| l.bbox.y1)
        .fold(f64::NEG_INFINITY, f64::max);
    let largest = lines.iter().map(|l| l.size).fold(0.0, f64::max);
    let first_heading = lines
        .iter()
        .filter(|l| l.kind == Kind::Heading)
        .map(|l| l.bbox.y0)
        .fold(f64::INFINITY, f64::min);
    // Candidates: body-sized lines (or folios) in the margin bands.
    let mut top: Vec<bool> = Vec::with_capacity(lines.len());
    let mut foot: Vec<bool> = Vec::with_capacity(lines.len());
    for l in lines.iter() {
        // Body-sized: a body line measured a little large passes, a kicker's larger type
        // (1.1 em and more) does not.
        let small = l.size <= 1.05 * body
            || l.kind == Kind::Body && l.size < 1.1 * body
            || has_folio(&l.text);
        top.push(small && l.bbox.y1 <= top_band && l.bbox.y1 <= body_top);
        // An article's last line at the foot of a column (`（本报开罗2月19日电）`, a credit,
        // `（下转第2版）`) is set off like a folio but is the article's.
        let article_end = {
            use crate::patterns::{is_closing_dateline, is_credit, jump_at_end, jump_at_start};
            let t = l.text.trim();
            is_closing_dateline(t)
                || is_credit(t)
                || jump_at_start(t).is_some()
                || jump_at_end(t).is_some()
        };
        foot.push(
            small
                && !article_end
                && l.bbox.y0 >= foot_band
                && l.bbox.y0 >= body_foot.min(foot_band),
        );
    }
    // Furniture is a line or two at the paper's edge (a running head over a rule, a folio
    // under it), never a column's worth: only the candidates of the two rows nearest each
    // edge stay. This matters most where the engine gives no page size (PaddleOCR), and
    // the bands are measured from the text's own extent.
    keep_edge_rows(lines, &mut top, body, |l| l.bbox.y1);
    keep_edge_rows(lines, &mut foot, body, |l| -l.bbox.y0);
    // A candidate stays only when every other line keeps clear of it by 0.8 em, and by
    // half an em more than the body's lines keep from each other (the margin is set off
    // from the text; an engine's thin line boxes leave wide gaps between lines of one
    // column); repeat until stable.
    let clear = (0.8 * body).max(line_gap(lines) + 0.5 * body);
    loop {
        // The highest top of the non-candidates below the top band, the lowest bottom of
        // those above the foot band.
        let first = lines
            .iter()
            .zip(&top)
            .filter(|(_, t)| !**t)
            .map(|(l, _)| l.bbox.y0)
            .fold(f64::INFINITY, f64::min);
        let last = lines
            .iter()
            .zip(&foot)
            .filter(|(_, f)| !**f)
            .map(|(l, _)| l.bbox.y1)
            .fold(f64::NEG_INFINITY, f64::max);
        let mut changed = false;
        for (i, l) in lines.iter().enumerate() {
            if let Some(t) = top.get_mut(i)
                && *t
                && l.bbox.y1 + clear > first
            {
                *t = false;
                changed = true;
            }
            if let Some(f) = foot.get_mut(i)
                && *f
                && l.bbox.y0 - clear < last
            {
                *f = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for (i, l) in lines.iter_mut().enumerate() {
        // The masthead: the page's largest line, short (a paper's name), at the top above
        // the text and every display line.
        let masthead = l.bbox.y1 <= body_top
            && l.bbox.y1 <= 0.25 * ph
            && l.size >= 2.5 * body
            && l.size >= largest
            && crate::chars::han_count(&l.text) <= 10
            && l.bbox.y0 <= first_heading
            && known.is_none_or(|m| crate::passes::ocr::reads_as_masthead(&l.text, m));
        if top.get(i) == Some(&true) || foot.get(i) == Some(&true) || masthead {
            l.kind = Kind::Furniture;
        }
    }
}

/// The body's usual gap between a line and the next below it in its column (the median,
/// over body lines, of the gap to the nearest body line below that shares half its width).
fn line_gap(lines: &[Line]) -> f64 {
    let body: Vec<&Line> = lines
        .iter()
        .filter(|l| l.kind == Kind::Body && units(&l.text) >= 6.0)
        .collect();
    let gaps: Vec<f64> = body
        .iter()
        .filter_map(|a| {
            body.iter()
                .filter(|b| {
                    b.bbox.y0 >= a.bbox.y1
                        && b.bbox.x1.min(a.bbox.x1) - b.bbox.x0.max(a.bbox.x0)
                            >= 0.5 * a.bbox.w().min(b.bbox.w())
                })
                .map(|b| b.bbox.y0 - a.bbox.y1)
                .min_by(f64::total_cmp)
        })
        .collect();
    super::quantile(gaps, 0.5)
}

/// Rows of furniture candidates kept at an edge (see [`mark_furniture`]).
const EDGE_ROWS: usize = 2;

/// Keep only the candidates of `cand` in the [`EDGE_ROWS`] rows nearest the edge, rows
/// being told apart by `edge(line)` (smaller is nearer the edge) more than half a body size.
fn keep_edge_rows(lines: &[Line], cand: &mut [bool], body: f64, edge: impl Fn(&Line) -> f64) {
    let mut at: Vec<f64> = lines
        .iter()
        .zip(cand.iter())
        .filter(|(_, c)| **c)
        .map(|(l, _)| edge(l))
        .collect();
    at.sort_by(f64::total_cmp);
    // The edge value where the (EDGE_ROWS + 1)-th row starts.
    let mut rows = 0;
    let mut row_start = f64::NEG_INFINITY;
    let mut limit = f64::INFINITY;
    for &v in &at {
        if v - row_start > 0.5 * body {
            rows += 1;
            row_start = v;
            if rows > EDGE_ROWS {
                limit = v;
                break;
            }
        }
    }
    for (l, c) in lines.iter().zip(cand.iter_mut()) {
        if *c && edge(l) >= limit {
            *c = false;
        }
    }
}

/// `第N版` (a page folio) inside the text.
pub(super) fn has_folio(t: &str) -> bool {
    folio(t).is_some()
}

/// The page number of a folio `第N版` inside `t` (spaces ignored; Arabic or Han numerals).
pub fn folio(t: &str) -> Option<u32> {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    t.match_indices('第').find_map(|(i, _)| {
        let rest = t.get(i + '第'.len_utf8()..)?;
        let n: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || "〇零一二三四五六七八九十".contains(*c))
            .collect();
        let after = rest.get(n.len()..)?;
        if n.is_empty() || !after.starts_with('版') {
            return None;
        }
        crate::chars::page_number(&n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folios() {
        assert_eq!(folio("清河日报 第 2 版 综合"), Some(2));
        assert_eq!(folio("第十二版"), Some(12));
        assert!(has_folio("第二版"));
        assert!(!has_folio("第二届"));
    }
}
