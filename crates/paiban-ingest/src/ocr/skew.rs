//! A scanned page is seldom straight: its skew, measured and taken out of the boxes.
//!
//! Stage: inside [`super::layout`], before anything reads positions. Input: an
//! [`OcrPage`] whose lines carry [`OcrLine::slope`] (the slope of their Han words'
//! centres, from the engine's word boxes). Output: the same page with every box turned
//! back, so that lines run level and columns stand upright.
//!
//! A page turned by half a degree moves a column's left edge by a glyph from head to foot
//! (so its lower lines look indented) and makes a long line's box taller than its type
//! (so a line of a headline's width looks larger than the body). The page's skew is the
//! median slope of its lines (at least [`MIN_LINES`] of them); below [`LEVEL`] the page is
//! left alone. Turning back is the small-angle shear about the page's centre:
//! `x' = x + s·(y − cy)`, `y' = y − s·(x − cx)`; each box keeps its width and loses the
//! height its slant added (`s·w`, never more than [`MAX_SHRINK`] of it).

use super::{BBox, OcrLine, OcrPage, quantile};

/// Lines with a slope needed to measure a page's skew.
const MIN_LINES: usize = 8;

/// A slope below this (about 0.1°) is a level page.
const LEVEL: f64 = 0.0017;

/// A slope above this (about 6°) is no skew a page is read with.
const STEEP: f64 = 0.1;

/// Most of a box's height taken as slant.
const MAX_SHRINK: f64 = 0.4;

/// The skew of `page` (the median slope of its lines), when there is one to take out.
pub(super) fn skew(page: &OcrPage) -> Option<f64> {
    let slopes: Vec<f64> = page.lines.iter().filter_map(|l| l.slope).collect();
    if slopes.len() < MIN_LINES {
        return None;
    }
    let s = quantile(slopes, 0.5);
    (s.abs() >= LEVEL && s.abs() <= STEEP).then_some(s)
}

/// `page` with its skew taken out of every box (unchanged when level).
pub(super) fn deskew(page: &OcrPage) -> Option<OcrPage> {
    let s = skew(page)?;
    let (x0, y0, x1, y1) = page.lines.iter().fold(
        (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ),
        |a, l| {
            (
                a.0.min(l.bbox.x0),
                a.1.min(l.bbox.y0),
                a.2.max(l.bbox.x1),
                a.3.max(l.bbox.y1),
            )
        },
    );
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let turn = |b: &BBox| -> BBox {
        let (mx, my) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
        let (nx, ny) = (mx + s * (my - cy), my - s * (mx - cx));
        let h = (b.h() - s.abs() * b.w()).max((1.0 - MAX_SHRINK) * b.h());
        let w = b.w();
        BBox {
            x0: nx - w / 2.0,
            y0: ny - h / 2.0,
            x1: nx + w / 2.0,
            y1: ny + h / 2.0,
        }
    };
    let turn_all = |v: &[OcrLine]| -> Vec<OcrLine> {
        v.iter()
            .map(|p| OcrLine {
                bbox: turn(&p.bbox),
                ..p.clone()
            })
            .collect()
    };
    let level = |l: &OcrLine| -> OcrLine {
        OcrLine {
            bbox: turn(&l.bbox),
            pieces: turn_all(&l.pieces),
            narrow: turn_all(&l.narrow),
            slope: l.slope.map(|_| 0.0),
            ..l.clone()
        }
    };
    Some(OcrPage {
        width: page.width,
        height: page.height,
        lines: page.lines.iter().map(level).collect(),
        sheets: page.sheets.clone(),
    })
}

/// The slope of the centres of `boxes` (least squares of y on x), when they are at least
/// four and spread over `min_span` across.
pub(super) fn slope(boxes: &[BBox], min_span: f64) -> Option<f64> {
    if boxes.len() < 4 {
        return None;
    }
    let pts: Vec<(f64, f64)> = boxes
        .iter()
        .map(|b| ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0))
        .collect();
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let span = pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max)
        - pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    (span >= min_span && sxx > 0.0).then(|| sxy / sxx)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(i: usize, s: f64) -> OcrLine {
        // A column of lines 700 wide, 45 high, 65 apart, turned by slope `s` about (0, 0).
        let (x, y) = (
            100.0 - s * 65.0 * i as f64,
            100.0 + 65.0 * i as f64 + s * 100.0,
        );
        OcrLine {
            text: "清河".into(),
            bbox: BBox {
                x0: x,
                y0: y,
                x1: x + 700.0,
                y1: y + 45.0 + s.abs() * 700.0,
            },
            x_size: None,
            glyph_h: Some(42.0),
            block: 1,
            par: 1,
            conf: None,
            src_line: i as u32 + 1,
            pieces: Vec::new(),
            narrow: Vec::new(),
            slope: Some(s),
        }
    }

    #[test]
    fn a_turned_page_stands_upright_again() {
        let s = 0.0105; // 0.6°
        let page = OcrPage {
            width: 1000.0,
            height: 2000.0,
            lines: (0..20).map(|i| line(i, s)).collect(),
            sheets: Vec::new(),
        };
        let level = deskew(&page).expect("a skew to take out");
        let lefts: Vec<f64> = level.lines.iter().map(|l| l.bbox.x0).collect();
        let spread = lefts.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b))
            - lefts.iter().fold(f64::INFINITY, |a, &b| a.min(b));
        assert!(spread < 1.0, "left edges {lefts:?}");
        assert!(level.lines.iter().all(|l| (l.bbox.h() - 45.0).abs() < 1.0));
        // A level page is left alone.
        let page = OcrPage {
            lines: (0..20).map(|i| line(i, 0.0)).collect(),
            ..page
        };
        assert!(deskew(&page).is_none());
    }

    #[test]
    fn slope_of_word_centres() {
        let boxes: Vec<BBox> = (0..6)
            .map(|i| {
                let x = 50.0 * f64::from(i);
                BBox {
                    x0: x,
                    y0: 0.01 * x,
                    x1: x + 40.0,
                    y1: 0.01 * x + 40.0,
                }
            })
            .collect();
        let s = slope(&boxes, 100.0).expect("a slope");
        assert!((s - 0.01).abs() < 1e-9, "{s}");
        assert!(slope(&boxes[..3], 100.0).is_none());
        assert!(slope(&boxes, 1000.0).is_none());
    }
}
