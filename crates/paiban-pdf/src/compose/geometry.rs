//! Page geometry and type sizes: margins, columns, the baseline grid, the running head.
//!
//! Input: [`PdfOptions`] (page size, columns, bleed, body size, screen preset). Output: a
//! [`Geometry`] every other composition step reads. Columns are a whole number of body ems
//! wide so that lines of ideographs fill them exactly (clreq §3.1: characters on a square
//! grid).
//!
//! Two frames: a printed page (14–16 mm sides, a running head above and a folio below the
//! text block) and a screen (`--preset`: 4 mm on every side, one column, a small running head
//! with the folio at its right end, nothing below; the body size is fitted so that a whole
//! number of ems spans the measure).

use crate::PdfOptions;
use crate::options::{PT_PER_MM, SCREEN_MARGIN_MM};

/// The page frame and type scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    /// Media box width (trim plus bleed and slug on both sides), pt.
    pub media_width: f32,
    /// Media box height, pt.
    pub media_height: f32,
    /// Trimmed page width, pt.
    pub trim_width: f32,
    /// Trimmed page height, pt.
    pub trim_height: f32,
    /// Where the trim box starts inside the media box (bleed + slug), pt.
    pub trim_offset: f32,
    /// Bleed, pt.
    pub bleed: f32,
    /// Left edge of the text block, pt from the media box's left.
    pub left: f32,
    /// Top of the body (first grid line's top), pt from the media box's top.
    pub top: f32,
    /// Number of columns.
    pub columns: usize,
    /// Column width, pt (a whole number of body ems).
    pub column_width: f32,
    /// Gap between columns, pt (at least 2 em).
    pub gap: f32,
    /// Body type size, pt.
    pub body: f32,
    /// Baseline grid step (body line height), pt.
    pub line: f32,
    /// Grid lines per page.
    pub lines_per_page: usize,
    /// Running head type size, pt.
    pub head_size: f32,
    /// Running head baseline, pt from the media box's top.
    pub head_baseline: f32,
    /// Where the folio goes: at the right end of the running head (a screen), or centred
    /// below the text block at this baseline (print).
    pub folio_baseline: Option<f32>,
    /// Headline sizes (lead, other), pt.
    pub headlines: (f32, f32),
}

impl Geometry {
    /// The geometry for `opts`.
    pub fn new(opts: &PdfOptions) -> Geometry {
        if opts.preset.is_some() {
            return Geometry::screen(opts);
        }
        let trim_width = opts.page_size.width;
        let trim_height = opts.page_size.height;
        let bleed = opts.bleed.max(0.0);
        // Crop marks need a slug outside the bleed.
        let slug = if bleed > 0.0 { 8.0 * PT_PER_MM } else { 0.0 };
        let trim_offset = bleed + slug;
        let columns = usize::from(opts.columns());
        let small = trim_width < 160.0 * PT_PER_MM;
        let body = opts.body_size.unwrap_or(if small { 9.5 } else { 10.0 });
        let line = (body * 1.65_f32 * 2.0).round() / 2.0;
        let side = if small { 14.0 } else { 16.0 } * PT_PER_MM;
        let top_margin = if small { 17.0 } else { 20.0 } * PT_PER_MM;
        let bottom_margin = if small { 15.0 } else { 18.0 } * PT_PER_MM;
        let text_width = (trim_width - 2.0 * side).max(body * 8.0);
        let min_gap = 2.0 * body;
        let per_column = (text_width - min_gap * (columns as f32 - 1.0)) / columns as f32;
        let ems = (per_column / body).floor().max(4.0);
        let column_width = ems * body;
        let gap = if columns > 1 {
            (text_width - column_width * columns as f32) / (columns as f32 - 1.0)
        } else {
            0.0
        };
        let used = column_width * columns as f32 + gap * (columns as f32 - 1.0);
        let left = trim_offset + (trim_width - used) / 2.0;
        let body_height = trim_height - top_margin - bottom_margin;
        let lines_per_page = ((body_height / line).floor() as usize).max(8);
        let top = trim_offset + top_margin;
        let headlines = if columns > 1 {
            (22.0, 18.0)
        } else {
            (18.0, 16.0)
        };
        // Headlines keep their size against the default body and grow with a larger one.
        let scale = (body / if small { 9.5 } else { 10.0 }).max(1.0);
        Geometry {
            media_width: trim_width + 2.0 * trim_offset,
            media_height: trim_height + 2.0 * trim_offset,
            trim_width,
            trim_height,
            trim_offset,
            bleed,
            left,
            top,
            columns,
            column_width,
            gap,
            body,
            line,
            lines_per_page,
            head_size: body * 0.8,
            head_baseline: top - line * 1.1,
            folio_baseline: Some(top + lines_per_page as f32 * line + line * 1.6),
            headlines: (headlines.0 * scale, headlines.1 * scale),
        }
    }

    /// The frame of a screen page: one column between 4 mm margins, the body size fitted to
    /// a whole number of ems (the preset's size, or `--body-size` as given), a running head of
    /// 0.65 body at the top margin, the body under it down to the bottom margin.
    fn screen(opts: &PdfOptions) -> Geometry {
        let trim_width = opts.page_size.width;
        let trim_height = opts.page_size.height;
        let margin = SCREEN_MARGIN_MM * PT_PER_MM;
        let measure = trim_width - 2.0 * margin;
        let (body, ems) = match (opts.body_size, opts.preset) {
            (Some(b), _) => (b, (measure / b).floor().max(4.0)),
            (None, Some(p)) => {
                // Of the whole numbers of ems around the preset's size, the one whose size is
                // nearest to it, preferring sizes inside the screens' 11–12 pt.
                let near = (measure / p.body).floor().max(4.0);
                let ems = [near, near + 1.0]
                    .into_iter()
                    .min_by(|a, b| {
                        let cost = |ems: f32| {
                            let size = measure / ems;
                            let outside = !(11.0..=12.0).contains(&size);
                            (outside, (size - p.body).abs())
                        };
                        cost(*a)
                            .partial_cmp(&cost(*b))
                            .unwrap_or(std::cmp::Ordering::Equal)
                    })
                    .unwrap_or(near);
                (measure / ems, ems)
            }
            (None, None) => (10.0, (measure / 10.0).floor().max(4.0)),
        };
        let column_width = ems * body;
        let line = (body * 1.6_f32 * 2.0).round() / 2.0;
        let head_size = (body * 0.65).max(6.0);
        let head_baseline = margin + head_size * EM_TOP;
        // The head, its rule, and two thirds of a line of air.
        let top = head_baseline + head_size * 0.5 + line * 0.6;
        let body_height = trim_height - margin - top;
        let lines_per_page = ((body_height / line).floor() as usize).max(8);
        Geometry {
            media_width: trim_width,
            media_height: trim_height,
            trim_width,
            trim_height,
            trim_offset: 0.0,
            bleed: 0.0,
            left: (trim_width - column_width) / 2.0,
            top,
            columns: 1,
            column_width,
            gap: 0.0,
            body,
            line,
            lines_per_page,
            head_size,
            head_baseline,
            folio_baseline: None,
            headlines: (body * 1.55, body * 1.35),
        }
    }

    /// Width of the text block (all columns and gaps), pt.
    pub fn text_width(&self) -> f32 {
        self.column_width * self.columns as f32 + self.gap * (self.columns as f32 - 1.0)
    }

    /// Left edge of column `c`, pt.
    pub fn column_x(&self, c: usize) -> f32 {
        self.left + c as f32 * (self.column_width + self.gap)
    }

    /// Height of the body area, pt.
    pub fn body_height(&self) -> f32 {
        self.lines_per_page as f32 * self.line
    }

    /// Bottom of the body area, pt.
    pub fn bottom(&self) -> f32 {
        self.top + self.body_height()
    }

    /// Round `h` up to whole grid lines.
    pub fn to_grid(&self, h: f32) -> f32 {
        (h / self.line - 0.01).ceil().max(0.0) * self.line
    }

    /// Headline size: larger for a page's lead article.
    pub fn headline_size(&self, lead: bool) -> f32 {
        if lead {
            self.headlines.0
        } else {
            self.headlines.1
        }
    }
}

/// How far below the top of its em box a line of CJK type has its baseline, per size (the
/// ideographic em box of the bundled faces: 880 above the baseline, 120 below).
const EM_TOP: f32 = 0.88;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PageSize;

    #[test]
    fn a4_has_two_columns_of_whole_ems() {
        let g = Geometry::new(&PdfOptions::default());
        assert_eq!(g.columns, 2);
        assert_eq!(g.column_width % g.body, 0.0);
        assert!(g.gap >= 2.0 * g.body);
        assert!(g.left >= 16.0 * PT_PER_MM - 0.5);
        assert!(g.column_x(1) + g.column_width <= g.trim_width - 16.0 * PT_PER_MM + 0.5);
        assert!(g.bottom() <= g.trim_height - 18.0 * PT_PER_MM);
        assert!((1.6..=1.7).contains(&(g.line / g.body)));
    }

    #[test]
    fn screens_have_one_column_between_narrow_margins_and_large_type() {
        for p in crate::PRESETS {
            let opts = PdfOptions::default()
                .with_screen(Some(p.name), None)
                .expect("preset");
            let g = Geometry::new(&opts);
            let side = (
                g.left / PT_PER_MM,
                (g.trim_width - g.left - g.text_width()) / PT_PER_MM,
            );
            assert_eq!(g.columns, 1, "{}", p.name);
            assert!(
                (3.0..=5.0).contains(&side.0) && (3.0..=5.0).contains(&side.1),
                "{}: {side:?}",
                p.name
            );
            assert!((11.0..=12.0).contains(&g.body), "{}: {}", p.name, g.body);
            assert!(
                g.head_size < g.body && g.head_baseline / PT_PER_MM >= 3.0,
                "{}",
                p.name
            );
            assert!(g.folio_baseline.is_none());
            let foot = (g.trim_height - g.bottom()) / PT_PER_MM;
            assert!(
                (3.0..=5.0 + g.line / PT_PER_MM).contains(&foot),
                "{}: foot {foot}",
                p.name
            );
            assert_eq!(g.bleed, 0.0);
            assert!(g.headline_size(true) > g.headline_size(false));
        }
        // --body-size is kept as given.
        let opts = PdfOptions {
            body_size: Some(12.5),
            ..PdfOptions::default()
                .with_screen(Some("ereader-6"), None)
                .expect("preset")
        };
        assert_eq!(Geometry::new(&opts).body, 12.5);
        let a4 = PdfOptions {
            body_size: Some(11.0),
            ..PdfOptions::default()
        };
        let g = Geometry::new(&a4);
        assert_eq!(g.body, 11.0);
        assert_eq!(g.column_width % 11.0, 0.0);
    }

    #[test]
    fn a5_has_one_column_and_bleed_grows_media() {
        let opts = PdfOptions {
            page_size: PageSize::A5,
            bleed: 3.0 * PT_PER_MM,
            ..PdfOptions::default()
        };
        let g = Geometry::new(&opts);
        assert_eq!(g.columns, 1);
        assert!(g.media_width > g.trim_width + 6.0 * PT_PER_MM);
        assert!(g.left > g.trim_offset);
    }
}
