//! Readers for what OCR engines write with geometry: hOCR, ALTO XML (v2–v4) and PaddleOCR
//! box JSON.
//!
//! Stage: reader (between `decode` and the repair passes). Input: the decoded text of one
//! page file, its path. Output: an [`OcrPage`] — the page's lines with their text, bounding
//! box, the engine's block / paragraph ids, confidence and the 1-based line of the source
//! file where each line's element starts — which [`layout`] turns into [`RawBlock`]s:
//! geometry decides headings, columns, reading order and paragraphs.
//!
//! Every file is untrusted: at most [`MAX_BYTES`], no DTD (a `<!DOCTYPE>` with an internal
//! subset is refused), no entities beyond the five predefined ones and character references
//! (`&nbsp;` is read as a space), coordinates must be finite numbers below [`MAX_COORD`].
//! Problems are [`IngestError::Ocr`] naming the file and line.
//!
//! [`RawBlock`]: crate::raw::RawBlock

pub mod alto;
mod columns;
pub mod fragments;
pub mod furniture;
pub mod hocr;
pub mod layout;
mod line;
mod merged;
pub mod paddle;
mod skew;

use crate::IngestError;
use crate::chars::{is_cjk, is_cjk_punct};
use std::path::Path;

/// Largest OCR file read (64 MB).
pub const MAX_BYTES: usize = 64 << 20;
/// Largest coordinate accepted (pixels or any ALTO unit).
pub const MAX_COORD: f64 = 1.0e7;

/// An axis-aligned box: left, top, right, bottom (y grows downwards).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BBox {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

impl BBox {
    /// Width (0 when inverted).
    pub fn w(&self) -> f64 {
        (self.x1 - self.x0).max(0.0)
    }
    /// Height (0 when inverted).
    pub fn h(&self) -> f64 {
        (self.y1 - self.y0).max(0.0)
    }
    /// The middle of the box, down.
    pub fn mid_y(&self) -> f64 {
        (self.y0 + self.y1) / 2.0
    }
    /// How far the two overlap down the page (0 when they do not).
    pub fn v_overlap(&self, o: &BBox) -> f64 {
        (self.y1.min(o.y1) - self.y0.max(o.y0)).max(0.0)
    }
    /// The smallest box holding both.
    pub fn union(&self, o: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
}

/// One text line as the engine found it.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrLine {
    /// The text, spaces between CJK characters removed.
    pub text: String,
    /// Where it is on the page.
    pub bbox: BBox,
    /// The engine's glyph size (hOCR `x_size`), when given.
    pub x_size: Option<f64>,
    /// The median height of the line's words that hold a Han character (hOCR `ocrx_word`
    /// boxes, ALTO `String` heights), when given: the glyph height, which a box tangled
    /// with a neighbour's mark or a lost dash does not inflate; never more than the line
    /// box's height.
    pub glyph_h: Option<f64>,
    /// The engine's block (hOCR `ocr_carea`, ALTO `TextBlock`), counted from 1.
    pub block: u32,
    /// The engine's paragraph (hOCR `ocr_par`; ALTO: the block), counted from 1.
    pub par: u32,
    /// Mean word confidence 0..1, when given.
    pub conf: Option<f64>,
    /// 1-based line of the source file where the line's element starts.
    pub src_line: u32,
    /// The line cut at its wide gaps, when it has any (see `line`): the layout takes the
    /// pieces where a column's edge confirms a cut, else the whole line, whose pieces then
    /// mark a gap the engine ran across that no column explains.
    pub pieces: Vec<OcrLine>,
    /// The line cut at every gap wider than a narrow gutter, when that cuts it more often
    /// than `pieces` does (see `line`): such a cut stands only where the lines around it
    /// start or are cut at the same place, a gutter running down the page.
    pub narrow: Vec<OcrLine>,
    /// The slope of the line's Han words' centres (dy/dx), from the engine's word boxes
    /// when it gives them: the page's skew, seen in one line (see `skew`).
    pub slope: Option<f64>,
}

#[cfg(test)]
impl OcrLine {
    /// A line of `text` in `bbox`, nothing else known (block, paragraph and source line 1):
    /// the unit tests' lines.
    pub(crate) fn boxed(text: &str, bbox: BBox) -> Self {
        OcrLine {
            text: text.into(),
            bbox,
            x_size: None,
            glyph_h: None,
            block: 1,
            par: 1,
            conf: None,
            src_line: 1,
            pieces: Vec::new(),
            narrow: Vec::new(),
            slope: None,
        }
    }
}

/// One page as the engine found it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OcrPage {
    /// Page width (0 when the file does not say; [`layout`] then uses the lines' extent).
    pub width: f64,
    /// Page height (0 when unknown).
    pub height: f64,
    /// The lines in the engine's order.
    pub lines: Vec<OcrLine>,
    /// Where each further sheet of a multi-page file starts in `lines` (Tesseract writes one
    /// `ocr_page` / `Page` per image of a multi-page input); empty for one sheet.
    pub sheets: Vec<usize>,
}

/// The OCR formats read here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// hOCR (HTML with `ocr_page`).
    Hocr,
    /// ALTO XML.
    Alto,
    /// PaddleOCR box JSON.
    Paddle,
}

/// Which OCR format `text` is, by content: hOCR is HTML/XML with a `ocr_page` element, ALTO
/// an XML document whose root is `<alto`, Paddle JSON starts with `[` or `{`.
pub fn sniff(text: &str) -> Option<Format> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('[') || t.starts_with('{') {
        return Some(Format::Paddle);
    }
    if !t.starts_with('<') {
        return None;
    }
    let head: String = t.chars().take(8192).collect();
    let lower = head.to_ascii_lowercase();
    if lower.contains("<alto") {
        Some(Format::Alto)
    } else if lower.contains("ocr_page") {
        Some(Format::Hocr)
    } else {
        None
    }
}

/// The OCR page files of a folder that has no `edition.toml` — a METS/ALTO issue folder or
/// a folder of hOCR pages, one file per page: the `.xml` / `.hocr` / `.html` files whose
/// content is ALTO or hOCR (the METS file and other XML are left out), in byte order of
/// their names; hidden files are skipped; a page written both as hOCR and ALTO (`p1.hocr`,
/// `p1.xml`) is read once, from hOCR. Empty when there are none.
pub fn page_files(dir: &Path) -> Vec<std::path::PathBuf> {
    use std::io::Read;
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(std::ffi::OsString, std::path::PathBuf)> = rd
        .filter_map(Result::ok)
        .map(|e| (e.file_name(), e.path()))
        .filter(|(n, p)| {
            !n.as_encoded_bytes().starts_with(b".")
                && p.is_file()
                && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    ["xml", "hocr", "html", "htm"]
                        .iter()
                        .any(|x| x.eq_ignore_ascii_case(e))
                })
        })
        .collect();
    files.sort_by(|a, b| a.0.as_encoded_bytes().cmp(b.0.as_encoded_bytes()));
    let pages: Vec<(Format, std::path::PathBuf)> = files
        .into_iter()
        .filter_map(|(_, p)| {
            let mut head = Vec::new();
            std::fs::File::open(&p)
                .and_then(|f| f.take(8192).read_to_end(&mut head))
                .ok()?;
            match sniff(&String::from_utf8_lossy(&head)) {
                Some(f @ (Format::Alto | Format::Hocr)) => Some((f, p)),
                _ => None,
            }
        })
        .collect();
    // Tesseract writes `page.hocr` and `page.xml` side by side: one page, read from hOCR.
    let stem = |p: &std::path::Path| p.file_stem().map(|s| s.to_os_string());
    pages
        .iter()
        .filter(|(f, p)| {
            *f == Format::Hocr
                || !pages
                    .iter()
                    .any(|(g, q)| *g == Format::Hocr && stem(q) == stem(p))
        })
        .map(|(_, p)| p.clone())
        .collect()
}

/// Read `text` (the decoded content of `path`) in `format`.
pub fn read(text: &str, path: &Path, format: Format) -> Result<OcrPage, IngestError> {
    if text.len() > MAX_BYTES {
        return Err(error(
            path,
            0,
            format!(
                "{} bytes: larger than the {MAX_BYTES}-byte limit",
                text.len()
            ),
        ));
    }
    match format {
        Format::Hocr => hocr::parse(text, path),
        Format::Alto => alto::parse(text, path),
        Format::Paddle => paddle::parse(text, path),
    }
}

/// An [`IngestError::Ocr`] at `line` of `path`.
pub(crate) fn error(path: &Path, line: u32, message: impl Into<String>) -> IngestError {
    IngestError::Ocr {
        path: path.to_path_buf(),
        line: line as usize,
        message: message.into(),
    }
}

/// Byte offset → 1-based line number.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }

    pub(crate) fn line(&self, offset: u64) -> u32 {
        let off = usize::try_from(offset).unwrap_or(usize::MAX);
        let i = self.0.partition_point(|&s| s <= off);
        u32::try_from(i.max(1)).unwrap_or(u32::MAX)
    }
}

/// A coordinate: a finite number, at most [`MAX_COORD`] in size.
pub(crate) fn coord(s: &str) -> Option<f64> {
    let v: f64 = s.trim().parse().ok()?;
    (v.is_finite() && v.abs() <= MAX_COORD).then_some(v)
}

/// Join the words of a line with spaces, then drop the spaces between two CJK characters
/// (Tesseract writes each Han character as its own word).
pub fn clean_line(words: &[String]) -> String {
    let joined = words
        .iter()
        .map(|w| w.trim())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    drop_cjk_spaces(&joined)
}

/// Remove runs of spaces whose both neighbours are CJK (Han or full-width punctuation), or
/// CJK on one side and punctuation on the other (OCR's reading of a full-width mark), and
/// any space next to full-width punctuation.
pub fn drop_cjk_spaces(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() {
            let mut j = i;
            while chars.get(j).is_some_and(|c| c.is_whitespace()) {
                j += 1;
            }
            let before = out.chars().next_back();
            let after = chars.get(j).copied();
            match (before, after) {
                (Some(b), Some(a))
                    if (is_cjk(b) || b.is_ascii_punctuation())
                        && (is_cjk(a) || a.is_ascii_punctuation())
                        && (is_cjk(b) || is_cjk(a)) => {}
                (Some(b), Some(a)) if is_cjk_punct(b) || is_cjk_punct(a) => {}
                (Some(_), Some(_)) => out.push(' '),
                _ => {}
            }
            i = j;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Check a `<!DOCTYPE …>` body: an internal subset (entity declarations) is refused; an
/// external identifier is ignored (never fetched).
pub(crate) fn check_doctype(body: &str, path: &Path, line: u32) -> Result<(), IngestError> {
    if body.contains('[') || body.to_ascii_uppercase().contains("<!ENTITY") {
        return Err(error(
            path,
            line,
            "DOCTYPE with an internal subset (entity declarations) is not read",
        ));
    }
    Ok(())
}

/// The text of an entity reference: the five predefined entities, character references,
/// `&nbsp;` as a space; anything else is an error (no DTD entities are expanded).
pub(crate) fn entity(
    r: &quick_xml::events::BytesRef<'_>,
    path: &Path,
    line: u32,
) -> Result<String, IngestError> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) => Ok(c.to_string()),
            _ => Err(error(
                path,
                line,
                format!("invalid character reference &{};", &**r),
            )),
        };
    }
    let name: &str = r;
    match quick_xml::escape::resolve_predefined_entity(name) {
        Some(s) => Ok(s.to_string()),
        None if name == "nbsp" => Ok(" ".into()),
        None => Err(error(
            path,
            line,
            format!(
                "unknown entity &{name};: only the five XML entities and character references are read"
            ),
        )),
    }
}

/// A quick-xml error as an [`IngestError::Ocr`] at the error's line.
pub(crate) fn xml_error(
    e: &quick_xml::Error,
    index: &LineIndex,
    pos: u64,
    path: &Path,
) -> IngestError {
    error(path, index.line(pos), format!("malformed XML: {e}"))
}

/// Width of `text` in ems: CJK characters and ASCII punctuation (OCR's reading of
/// full-width marks) count 1, letters and digits 0.55, spaces 0.3.
pub(crate) fn units(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if is_cjk(c) || c.is_ascii_punctuation() {
                1.0
            } else if c.is_whitespace() {
                0.3
            } else if c.is_ascii() {
                0.55
            } else {
                1.0
            }
        })
        .sum()
}

/// The glyph size of a line of `text` in `b`: its characters' pitch where it has four or
/// more and they stand no wider apart than 1.35 times the box's height (else the height,
/// a spaced headline's). `box_only`: the engine gives only the line's box, whose height is
/// no measure of the type (PaddleOCR's is a band through the glyphs, padded more for short
/// lines), so the pitch of four or more characters stands whatever the height, as the
/// body's justified lines are measured (a paragraph's short last line is no larger type).
pub(crate) fn glyph_size(text: &str, b: &BBox, box_only: bool) -> f64 {
    let u = units(text);
    let pitch = if u > 0.0 { b.w() / u } else { 0.0 };
    if box_only && u >= 4.0 {
        return pitch;
    }
    if u >= 4.0 && pitch <= 1.35 * b.h() && pitch > 0.0 {
        pitch
    } else {
        b.h() * 1.04
    }
}

/// Join two pieces of text: no space between CJK characters, one between Latin words.
pub fn join_text(a: &str, b: &str) -> String {
    let a = a.trim_end();
    let b = b.trim_start();
    let last = a.chars().next_back();
    let first = b.chars().next();
    let space = matches!((last, first), (Some(x), Some(y)) if x.is_ascii_alphanumeric() && y.is_ascii_alphanumeric());
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    if space {
        s.push(' ');
    }
    s.push_str(b);
    s
}

/// The median of the heights of words holding a Han character (`None` when none).
pub(crate) fn han_word_height(words: &[(String, f64)]) -> Option<f64> {
    let h: Vec<f64> = words
        .iter()
        .filter(|(w, h)| *h > 0.0 && w.chars().any(crate::chars::is_han))
        .map(|(_, h)| *h)
        .collect();
    (!h.is_empty()).then(|| quantile(h, 0.5))
}

/// The larger of two glyph heights where both are known, else the one that is: the glyph
/// height of two pieces of a line joined.
pub(crate) fn larger(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// `q`-quantile of `v` (sorted here); 0 when empty.
pub(crate) fn quantile(mut v: Vec<f64>, q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return 0.0;
    }
    let i = ((n - 1) as f64 * q).round() as usize;
    v.get(i.min(n - 1)).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_between_han_go() {
        assert_eq!(drop_cjk_spaces("清 河 日报 2026 年"), "清河日报 2026 年");
        assert_eq!(drop_cjk_spaces("new  bridge ， 通车"), "new bridge，通车");
        assert_eq!(drop_cjk_spaces("建成后 , 两岸 a , b"), "建成后,两岸 a , b");
        assert_eq!(
            clean_line(&["本报".into(), "讯".into(), "GDP".into()]),
            "本报讯 GDP"
        );
    }

    #[test]
    fn sniffing() {
        assert_eq!(
            sniff("<?xml version='1.0'?><alto xmlns='x'>"),
            Some(Format::Alto)
        );
        assert_eq!(
            sniff("<html><body><div class='ocr_page'>"),
            Some(Format::Hocr)
        );
        assert_eq!(sniff("  [[[[1,2],[3,4]]]]"), Some(Format::Paddle));
        assert_eq!(sniff("# 标题"), None);
        assert_eq!(sniff("<html><body>x</body></html>"), None);
    }

    #[test]
    fn line_index() {
        let ix = LineIndex::new("a\nbc\n\nd");
        assert_eq!(ix.line(0), 1);
        assert_eq!(ix.line(2), 2);
        assert_eq!(ix.line(5), 3);
        assert_eq!(ix.line(6), 4);
        assert_eq!(ix.line(600), 4);
    }
}
