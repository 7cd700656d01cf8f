//! Page geometry and type sizes: margins, columns, the baseline grid.
//!
//! Input: [`PdfOptions`] (page size, columns, bleed). Output: a [`Geometry`] every other
//! composition step reads. Columns are a whole number of body ems wide so that lines of
//! ideographs fill them exactly (clreq §3.1: characters on a square grid).

use crate::PdfOptions;
use crate::options::PT_PER_MM;

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
}

impl Geometry {
    /// The geometry for `opts`.
    pub fn new(opts: &PdfOptions) -> Geometry {
        let trim_width = opts.page_size.width;
        let trim_height = opts.page_size.height;
        let bleed = opts.bleed.max(0.0);
        // Crop marks need a slug outside the bleed.
        let slug = if bleed > 0.0 { 8.0 * PT_PER_MM } else { 0.0 };
        let trim_offset = bleed + slug;
        let columns = usize::from(opts.columns());
        let small = trim_width < 160.0 * PT_PER_MM;
        let body = if small { 9.5 } else { 10.0 };
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
        Geometry {
            media_width: trim_width + 2.0 * trim_offset,
            media_height: trim_height + 2.0 * trim_offset,
            trim_width,
            trim_height,
            trim_offset,
            bleed,
            left,
            top: trim_offset + top_margin,
            columns,
            column_width,
            gap,
            body,
            line,
            lines_per_page,
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
        let wide = self.columns > 1;
        match (wide, lead) {
            (true, true) => 22.0,
            (true, false) => 18.0,
            (false, true) => 18.0,
            (false, false) => 16.0,
        }
    }
}

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
