//! The cover image: an SVG built from the edition (masthead, date, the lead headlines of the
//! first page), laid out by usvg (shaping and fallback in the edition's own subset fonts) and
//! rasterised here into a 1600×2560 4-bit PNG (Kindle's recommended size). In a library grid the covers are thumbnails a tenth that size:
//! the masthead and the date are set large enough to tell one day's issue from the next.
//!
//! Input: the [`Plan`] and the [`EditionFonts`]. Output: PNG bytes, written here (the rows
//! deflated by zlib-rs). The SVG is written with quick-xml; lines are wrapped here (SVG text
//! does not wrap) by measuring the faces' advances, keeping clreq's line-start and line-end
//! prohibitions.

use crate::EpubError;
use crate::plan::{Plan, page_label};
use ab_glyph_rasterizer::{Point, Rasterizer, point};
use flate2::write::ZlibEncoder;
use libdeflater::Crc;
use paiban_fonts::{EditionFonts, Role};
use paiban_model::BlockKind;
use paiban_present::ELLIPSIS;
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use std::io::Write as _;
use std::sync::Arc;

const WIDTH: f32 = 1600.0;
const HEIGHT: f32 = 2560.0;
const MARGIN: f32 = 110.0;
const RED: &str = "#9b1c1c";
const RED_RGB: [u8; 3] = [0x9b, 0x1c, 0x1c];
const INK: &str = "#1a1a1a";
const INK_RGB: [u8; 3] = [0x1a, 0x1a, 0x1a];
/// How many headlines of the first page the cover shows at most.
const MAX_HEADLINES: usize = 5;
/// How many lines of the lead story's first paragraph the cover shows at most.
const LEDE_LINES: usize = 5;
/// The date's size: 16 px in a 160 px wide thumbnail.
const DATE_SIZE: f32 = 160.0;

/// Characters that must not begin a line (clreq §3.1.7).
const NO_LINE_START: &str = "、，。．：；！？）］｝〕〉》」』】〙〗”’…—·";
/// Characters that must not end a line.
const NO_LINE_END: &str = "（［｛〔〈《「『【〘〖“‘";

/// The PNG cover of the book.
pub(crate) fn png(plan: &Plan<'_>, fonts: &EditionFonts) -> Result<Vec<u8>, EpubError> {
    let metrics = Metrics::new(fonts);
    let svg = svg(plan, &metrics)?;
    let mut opt = usvg::Options::default();
    let mut ids: Vec<(Role, usvg::fontdb::ID, paiban_fonts::Face)> = Vec::new();
    for f in &fonts.faces {
        let source = usvg::fontdb::Source::Binary(f.face.shared_data());
        let loaded = opt.fontdb_mut().load_font_source(source);
        let id = loaded.iter().copied().find(|id| {
            opt.fontdb
                .face(*id)
                .is_some_and(|i| i.index == f.face.index())
        });
        if let Some(id) = id {
            ids.push((f.role, id, f.face.clone()));
        }
    }
    let ids = Arc::new(ids);
    let primary = Arc::clone(&ids);
    let fallback = Arc::clone(&ids);
    opt.font_resolver = usvg::FontResolver {
        // Families are named `paiban-<role>`: the role's own face first.
        select_font: Box::new(move |font, _db| {
            let role = font.families().iter().find_map(|f| match f {
                usvg::FontFamily::Named(name) => role_named(name),
                _ => None,
            })?;
            primary
                .iter()
                .find(|(r, ..)| *r == role)
                .map(|(_, id, _)| *id)
        }),
        // Then the role's fallback faces, in chain order.
        select_fallback: Box::new(move |c, used, _db| {
            let role = used
                .first()
                .and_then(|u| fallback.iter().find(|(_, id, _)| id == u))
                .map(|(r, ..)| *r)?;
            fallback
                .iter()
                .find(|(r, id, face)| *r == role && !used.contains(id) && face.has_char(c))
                .map(|(_, id, _)| *id)
        }),
    };
    let tree = usvg::Tree::from_str(&svg, &opt).map_err(|e| EpubError::Cover(e.to_string()))?;
    encode_indexed_png(&raster(&tree))
}

/// Levels of each ramp of the cover's palette (white to ink, white to red): 8 each, 16 colours,
/// 4 bits a pixel. Text and rules in two inks on white need no more (antialiasing in 8 steps).
const LEVELS: u8 = 8;

/// The zlib level of the cover's image data (zlib-rs): on the real page's cover 1.9 ms for
/// 88 KB, where libdeflate took 5.2 ms at level 1 for 86 KB (its matcher is slow on the long
/// white runs) and zlib-rs at 1 1.1 ms for 136 KB.
const PNG_LEVEL: u32 = 2;

/// The cover's palette: white to [`INK`], then white to [`RED`], [`LEVELS`] steps each.
fn palette() -> Vec<u8> {
    let ramp = |[r, g, b]: [u8; 3]| {
        (0..LEVELS).flat_map(move |i| {
            let mix = |c: u8| {
                let t = u32::from(i) * 255 / u32::from(LEVELS - 1);
                (255 - (255 - u32::from(c)) * t / 255) as u8
            };
            [mix(r), mix(g), mix(b)]
        })
    };
    ramp(INK_RGB).chain(ramp(RED_RGB)).collect()
}

/// The palette entry of coverage `alpha` (0 to 1) in the ramp starting at `ramp`: white (0)
/// below half a step.
fn level(alpha: f32, ramp: u8) -> u8 {
    let step = (alpha.clamp(0.0, 1.0) * f32::from(LEVELS - 1) + 0.5) as u8;
    if step == 0 { 0 } else { ramp + step }
}

/// The ramp (first palette entry) of a path's fill: red, ink, or none for white (the page).
fn ramp(path: &usvg::Path) -> Option<u8> {
    let fill = path.fill()?;
    let usvg::Paint::Color(c) = fill.paint() else {
        return Some(0);
    };
    match [c.red, c.green, c.blue] {
        [255, 255, 255] => None,
        RED_RGB => Some(LEVELS),
        _ => Some(0),
    }
}

/// The filled paths of `group` in paint order, text as its glyph outlines.
fn paths<'t>(group: &'t usvg::Group, out: &mut Vec<&'t usvg::Path>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => paths(g, out),
            usvg::Node::Path(p) => out.push(p),
            usvg::Node::Text(t) => paths(t.flattened(), out),
            usvg::Node::Image(_) => {}
        }
    }
}

/// The cover as PNG image data: rows of 4-bit palette indices, two pixels a byte (see
/// [`LEVELS`]), white (0) where nothing is drawn, each row after its filter-type byte (0,
/// none), as the PNG's compressed stream holds them. Each filled path (a rule, a run of
/// glyphs) is rasterised alone in its own box by exact-area coverage, then mapped to its ink's
/// ramp (the darker entry wins where two paths meet); the white page is never painted.
///
/// A box's coverage is first turned into palette entries, a byte a pixel, then merged into the
/// rows, skipping white runs eight pixels at a time: a pixel loop doing both mispredicted its
/// branches at every glyph edge (the real page's cover: 5.8 → 5.5 ms, the same pixels).
fn raster(tree: &usvg::Tree) -> Vec<u8> {
    let (w, h) = (WIDTH as usize, HEIGHT as usize);
    // One filter-type byte, then the row's pixels.
    let row_bytes = w.div_ceil(2) + 1;
    // Zeroed by writing, not `vec![0; n]`: calloc's fresh pages are the kernel's shared zero
    // page until written, and the first write into each below (after a read) then copies it
    // and flushes the other cores' TLBs (1.3 ms of CPU on the real page's EPUB).
    #[allow(
        clippy::slow_vector_initialization,
        reason = "written, not calloc'd: see above"
    )]
    let mut data = Vec::with_capacity(row_bytes * h);
    data.resize(row_bytes * h, 0u8);
    let mut all = Vec::new();
    paths(tree.root(), &mut all);
    let mut r = Rasterizer::new(0, 0);
    let mut entries: Vec<u8> = Vec::new();
    for path in all {
        let Some(ramp) = ramp(path) else { continue };
        let ts = path.abs_transform();
        let Some(b) = path.data().bounds().transform(ts) else {
            continue;
        };
        // The path's pixel box, within the page (nothing of ours reaches outside it).
        let (x0, y0) = (b.left().floor().max(0.0), b.top().floor().max(0.0));
        let (x1, y1) = (b.right().ceil().min(WIDTH), b.bottom().ceil().min(HEIGHT));
        if x1 <= x0 || y1 <= y0 {
            continue;
        }
        r.reset((x1 - x0) as usize, (y1 - y0) as usize);
        let at = |p: usvg::tiny_skia_path::Point| {
            let mut p = p;
            ts.map_point(&mut p);
            point(p.x - x0, p.y - y0)
        };
        // Every contour closed, as a fill closes it.
        let (mut start, mut last): (Option<Point>, Option<Point>) = (None, None);
        for seg in path.data().segments() {
            use usvg::tiny_skia_path::PathSegment as S;
            match seg {
                S::MoveTo(p) => {
                    if let (Some(s), Some(l)) = (start, last) {
                        r.draw_line(l, s);
                    }
                    start = Some(at(p));
                    last = start;
                }
                S::LineTo(p) => {
                    let p = at(p);
                    if let Some(l) = last {
                        r.draw_line(l, p);
                    }
                    last = Some(p);
                }
                S::QuadTo(c, p) => {
                    let p = at(p);
                    if let Some(l) = last {
                        r.draw_quad(l, at(c), p);
                    }
                    last = Some(p);
                }
                S::CubicTo(c1, c2, p) => {
                    let p = at(p);
                    if let Some(l) = last {
                        r.draw_cubic(l, at(c1), at(c2), p);
                    }
                    last = Some(p);
                }
                S::Close => {
                    if let (Some(s), Some(l)) = (start, last) {
                        r.draw_line(l, s);
                    }
                    last = start;
                }
            }
        }
        if let (Some(s), Some(l)) = (start, last) {
            r.draw_line(l, s);
        }
        let (ox, width) = (x0 as usize, (x1 - x0) as usize);
        entries.clear();
        r.for_each_pixel(|_, alpha| entries.push(level(alpha, ramp)));
        for (y, row) in entries.chunks_exact(width).enumerate() {
            let at = (y0 as usize + y) * row_bytes + 1;
            if let Some(line) = data.get_mut(at..at + row_bytes - 1) {
                merge_row(line, ox, row);
            }
        }
    }
    data
}

/// Merge one row of a box's palette entries (`row`, from pixel `ox` on) into the packed
/// `line`: where both are inked, the darker entry wins (the earlier path's on a tie).
fn merge_row(line: &mut [u8], ox: usize, row: &[u8]) {
    let mut x = 0;
    while x < row.len() {
        // White runs, the most of any box, eight pixels at a time.
        if let Some(chunk) = row.get(x..x + 8).and_then(|c| <[u8; 8]>::try_from(c).ok())
            && u64::from_ne_bytes(chunk) == 0
        {
            x += 8;
            continue;
        }
        let entry = row.get(x).copied().unwrap_or(0);
        let px = ox + x;
        x += 1;
        if entry == 0 {
            continue;
        }
        let shift = if px.is_multiple_of(2) { 4 } else { 0 };
        if let Some(byte) = line.get_mut(px / 2) {
            let old = (*byte >> shift) & 0xf;
            if old == 0 || (old % LEVELS) < (entry % LEVELS) {
                *byte = (*byte & !(0xf << shift)) | (entry << shift);
            }
        }
    }
}

/// The cover's image data (see [`raster`]) as a 4-bit indexed PNG: a tenth of the raw bytes
/// of RGB, so that deflating the 1600×2560 picture stays fast and the file small. Written here
/// (IHDR, PLTE, one IDAT, IEND), the bytes png's encoder wrote: the rows are unfiltered (a
/// palette image's rows have no gradients to predict) and already carry their filter bytes, so
/// they are deflated in one call (png's encoder fed zlib a row at a time, and copied each: 3.0
/// → 1.9 ms on the real page's cover, the same bytes).
fn encode_indexed_png(data: &[u8]) -> Result<Vec<u8>, EpubError> {
    let err = |e: &dyn std::fmt::Display| EpubError::Cover(e.to_string());
    let mut zlib = ZlibEncoder::new(
        Vec::with_capacity(data.len() / 16),
        flate2::Compression::new(PNG_LEVEL),
    );
    zlib.write_all(data).map_err(|e| err(&e))?;
    let idat = zlib.finish().map_err(|e| err(&e))?;
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&(WIDTH as u32).to_be_bytes());
    ihdr.extend_from_slice(&(HEIGHT as u32).to_be_bytes());
    // Bit depth 4, colour type 3 (indexed), deflate, adaptive filtering's method, no interlace.
    ihdr.extend_from_slice(&[4, 3, 0, 0, 0]);
    let mut out = Vec::with_capacity(idat.len() + 128);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    for (kind, body) in [
        (b"IHDR", ihdr.as_slice()),
        (b"PLTE", palette().as_slice()),
        (b"IDAT", idat.as_slice()),
        (b"IEND", &[][..]),
    ] {
        let len = u32::try_from(body.len()).map_err(|e| err(&e))?;
        out.extend_from_slice(&len.to_be_bytes());
        let mut crc = Crc::new();
        crc.update(kind);
        crc.update(body);
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    Ok(out)
}

/// The role a family name of our SVG stands for.
fn role_named(name: &str) -> Option<Role> {
    Role::ALL
        .into_iter()
        .find(|r| name.strip_prefix("paiban-") == Some(r.name()))
}

/// Advance widths of the roles' faces, for fitting and wrapping.
struct Metrics<'f> {
    fonts: &'f EditionFonts,
}

impl<'f> Metrics<'f> {
    fn new(fonts: &'f EditionFonts) -> Self {
        Metrics { fonts }
    }

    /// Width of `c` at 1 px font size in `role` (the first face of the chain that has it; an
    /// em if none does; half an em for a space).
    fn advance(&self, role: Role, c: char) -> f32 {
        if c.is_whitespace() {
            return 0.5; // set as a half-em gap, see `Svg::text_at`
        }
        for f in self.fonts.chain(role) {
            let face = f.face.parse();
            if let Some(gid) = face.glyph_index(c) {
                let upem = f32::from(face.units_per_em().max(1));
                return face
                    .glyph_hor_advance(gid)
                    .map(|a| f32::from(a) / upem)
                    .unwrap_or(1.0);
            }
        }
        1.0
    }

    fn width(&self, role: Role, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance(role, c) * size).sum()
    }

    /// Break `text` into lines no wider than `max` at `size`: at its spaces (a headline's
    /// parts) where the parts fit, else between characters.
    fn wrap(&self, role: Role, text: &str, size: f32, max: f32) -> Vec<String> {
        let parts: Vec<&str> = text.split_whitespace().collect();
        let mut lines: Vec<String> = Vec::new();
        for part in parts {
            let joined = match lines.last() {
                Some(last) => format!("{last} {part}"),
                None => part.to_string(),
            };
            if self.width(role, &joined, size) <= max {
                match lines.last_mut() {
                    Some(last) => *last = joined,
                    None => lines.push(joined),
                }
            } else {
                lines.extend(self.wrap_chars(role, part, size, max));
            }
        }
        lines
    }

    /// Break `text` as [`Metrics::wrap`] does into as few lines, but lines of even length (no
    /// lone last word): the narrowest width that still needs no more lines.
    fn wrap_balanced(&self, role: Role, text: &str, size: f32, max: f32) -> Vec<String> {
        let lines = self.wrap(role, text, size, max);
        let (mut lo, mut hi) = (max / 2.0, max);
        for _ in 0..12 {
            let mid = (lo + hi) / 2.0;
            if self.wrap(role, text, size, mid).len() > lines.len() {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let balanced = self.wrap(role, text, size, hi);
        if balanced.len() == lines.len() {
            balanced
        } else {
            lines
        }
    }

    /// Break `text` between characters, keeping clreq's line-start and line-end prohibitions.
    fn wrap_chars(&self, role: Role, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines: Vec<Vec<char>> = vec![Vec::new()];
        let mut width = 0.0;
        for c in text.chars().filter(|c| !c.is_control()) {
            let w = self.advance(role, c) * size;
            let Some(line) = lines.last_mut() else { break };
            if width + w > max && !line.is_empty() {
                // Break before `c`, moved back while the next line would start with a mark
                // that must not start one, or this line would end with one that must not end it.
                let mut k = line.len();
                while k > 1 {
                    let next = line.get(k).copied().unwrap_or(c);
                    let prev = line.get(k - 1).copied().unwrap_or(c);
                    if NO_LINE_START.contains(next) || NO_LINE_END.contains(prev) {
                        k -= 1;
                    } else {
                        break;
                    }
                }
                let carry = line.split_off(k);
                width = carry.iter().map(|&k| self.advance(role, k) * size).sum();
                lines.push(carry);
            }
            if let Some(line) = lines.last_mut() {
                line.push(c);
            }
            width += w;
        }
        lines
            .into_iter()
            .map(|l| l.into_iter().collect::<String>().trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// The cover as SVG text.
fn svg(plan: &Plan<'_>, m: &Metrics<'_>) -> Result<String, EpubError> {
    let mut s = Svg {
        w: Writer::new(Vec::new()),
    };
    let (width, height) = (WIDTH.to_string(), HEIGHT.to_string());
    let view = format!("0 0 {width} {height}");
    s.event(Event::Start(BytesStart::new("svg").with_attributes([
        ("xmlns", "http://www.w3.org/2000/svg"),
        ("width", width.as_str()),
        ("height", height.as_str()),
        ("viewBox", view.as_str()),
    ])))?;
    let full = WIDTH - 2.0 * MARGIN;
    s.rect(0.0, 0.0, WIDTH, HEIGHT, "#ffffff")?;
    s.rect(MARGIN, 90.0, full, 16.0, RED)?;

    // The masthead, as large as fits the width.
    let masthead = plan.edition.masthead.trim();
    let natural = m.width(Role::Display, masthead, 1.0).max(0.01);
    let size = (full / natural).clamp(80.0, 320.0);
    let mut y = 150.0;
    for line in m.wrap(Role::Display, masthead, size, full).iter().take(2) {
        y += size * 1.1;
        s.text(line, Role::Display, size, y - size * 0.2, RED)?;
    }
    y += 40.0;
    s.rect(MARGIN, y, full, 8.0, INK)?;
    s.rect(MARGIN, y + 16.0, full, 3.0, INK)?;
    y += 19.0;

    // The date, large: what tells one day's issue from the next in a grid.
    if let Some(date) = plan.date {
        let day = date.chinese();
        let size = DATE_SIZE.min(full / m.width(Role::Display, &day, 1.0).max(0.01));
        y += size * 1.35;
        s.text(&day, Role::Display, size, y - size * 0.25, INK)?;
    }
    // Weekday, issue and publisher, smaller.
    let e = plan.edition;
    let rest: Vec<String> = plan
        .date
        .map(|d| d.weekday().to_string())
        .into_iter()
        .chain(
            [&e.issue, &e.publisher]
                .into_iter()
                .flatten()
                .map(|v| v.trim().to_string()),
        )
        .filter(|v| !v.is_empty())
        .collect();
    if !rest.is_empty() {
        let size = 64.0;
        for line in m
            .wrap(Role::Body, &rest.join(" "), size, full)
            .iter()
            .take(2)
        {
            y += size * 1.5;
            s.text(line, Role::Body, size, y - size * 0.4, INK)?;
        }
    }
    y += 30.0;
    s.rect(MARGIN, y, full, 3.0, INK)?;
    y += 70.0;

    // The lead headlines of the first page, the first one larger, while they fit above the
    // pages along the foot.
    let bottom = HEIGHT - 240.0;
    let lead = plan.pages.first().map(|p| p.docs.clone()).unwrap_or(0..0);
    let headlines = plan
        .docs
        .get(lead)
        .unwrap_or_default()
        .iter()
        .filter_map(|d| {
            let headline = d.article.headline.as_deref().map(str::trim)?;
            let lede = d
                .article
                .blocks
                .iter()
                .find(|b| b.kind == BlockKind::Paragraph && !b.text.trim().is_empty())
                .map(|b| b.text.trim());
            Some((headline, lede))
        })
        .filter(|(h, _)| !h.is_empty())
        .take(MAX_HEADLINES);
    for (i, (headline, lede)) in headlines.enumerate() {
        let size = if i == 0 { 120.0 } else { 84.0 };
        let lines = m.wrap_balanced(Role::Heading, headline, size, full);
        let shown = lines.len().min(3);
        if y + shown as f32 * size * 1.3 > bottom {
            break;
        }
        if i > 0 {
            s.rect(WIDTH / 2.0 - 60.0, y - 40.0, 120.0, 3.0, RED)?;
        }
        for line in lines.iter().take(shown) {
            y += size * 1.3;
            s.text(line, Role::Heading, size, y - size * 0.3, INK)?;
        }
        // The lead story's first lines under its headline, as the front page has them.
        if let Some(lede) = lede.filter(|_| i == 0) {
            y = s.lede(m, lede, y + 30.0, bottom)?;
        }
        y += 90.0;
    }

    // The pages of the edition along the foot.
    // (Spaced by position, not by space characters, which the subsets need not have.)
    let (size, gap) = (52.0, 52.0);
    let pages: Vec<(String, f32)> = plan
        .pages
        .iter()
        .map(|p| page_label(p.section))
        .map(|l| {
            let w = l
                .split_whitespace()
                .map(|w| m.width(Role::Display, w, size))
                .sum::<f32>()
                + size * 0.5 * l.split_whitespace().count().saturating_sub(1) as f32;
            (l, w)
        })
        .collect();
    let total = pages.iter().map(|(_, w)| w + gap).sum::<f32>() - gap;
    if !pages.is_empty() && total <= full {
        s.rect(MARGIN, HEIGHT - 190.0, full, 3.0, RED)?;
        let mut x = (WIDTH - total) / 2.0;
        for (label, w) in &pages {
            s.text_at(label, Role::Display, size, x, HEIGHT - 105.0, "start", RED)?;
            x += w + gap;
        }
    }
    s.rect(MARGIN, HEIGHT - 56.0, full, 16.0, RED)?;
    s.event(Event::End(BytesEnd::new("svg")))?;
    String::from_utf8(s.w.into_inner()).map_err(|e| EpubError::Cover(e.to_string()))
}

/// An SVG document being written.
struct Svg {
    w: Writer<Vec<u8>>,
}

impl Svg {
    /// Up to [`LEDE_LINES`] lines of `text` in the body face from `y` (ending in an ellipsis
    /// when cut), when they fit above `bottom`; returns the new `y`.
    fn lede(&mut self, m: &Metrics<'_>, text: &str, y: f32, bottom: f32) -> Result<f32, EpubError> {
        let (size, lead) = (56.0, 56.0 * 1.6);
        let full = WIDTH - 2.0 * MARGIN;
        let mut lines = m.wrap_chars(Role::Body, text, size, full);
        let room = ((bottom - y - 400.0) / lead).floor().max(0.0) as usize;
        let keep = lines.len().min(LEDE_LINES).min(room);
        if keep < 2 {
            return Ok(y);
        }
        if lines.len() > keep {
            lines.truncate(keep);
            if let Some(last) = lines.last_mut() {
                last.pop();
                last.push_str(ELLIPSIS);
            }
        }
        let mut y = y;
        for line in &lines {
            y += lead;
            self.text_at(line, Role::Body, size, MARGIN, y - size * 0.4, "start", INK)?;
        }
        Ok(y)
    }

    fn event(&mut self, e: Event<'_>) -> Result<(), EpubError> {
        self.w
            .write_event(e)
            .map_err(|e| EpubError::Cover(e.to_string()))
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: &str) -> Result<(), EpubError> {
        let [x, y, w, h] = [x, y, w, h].map(|v| v.to_string());
        self.event(Event::Empty(BytesStart::new("rect").with_attributes([
            ("x", x.as_str()),
            ("y", y.as_str()),
            ("width", w.as_str()),
            ("height", h.as_str()),
            ("fill", fill),
        ])))
    }

    /// A centred line of text in `role`'s faces, baseline at `y`.
    fn text(
        &mut self,
        line: &str,
        role: Role,
        size: f32,
        y: f32,
        fill: &str,
    ) -> Result<(), EpubError> {
        self.text_at(line, role, size, WIDTH / 2.0, y, "middle", fill)
    }

    /// A line of text in `role`'s faces at (`x`, `y`), anchored `start` or `middle`. Spaces
    /// in `line` are set as half-em gaps (`dx`), not as characters.
    #[allow(clippy::too_many_arguments)]
    fn text_at(
        &mut self,
        line: &str,
        role: Role,
        size: f32,
        x: f32,
        y: f32,
        anchor: &str,
        fill: &str,
    ) -> Result<(), EpubError> {
        let family = format!("paiban-{}", role.name());
        let weight = if role == Role::Body { "400" } else { "700" };
        let [x, y, size_s] = [x, y, size].map(|v| v.to_string());
        self.event(Event::Start(BytesStart::new("text").with_attributes([
            ("x", x.as_str()),
            ("y", y.as_str()),
            ("font-family", family.as_str()),
            ("font-weight", weight),
            ("font-size", size_s.as_str()),
            ("text-anchor", anchor),
            ("fill", fill),
        ])))?;
        let gap = (size * 0.5).to_string();
        for (i, word) in line.split_whitespace().enumerate() {
            let dx = if i == 0 { "0" } else { gap.as_str() };
            self.event(Event::Start(
                BytesStart::new("tspan").with_attributes([("dx", dx)]),
            ))?;
            let clean = crate::xhtml::xml_chars(word);
            self.event(Event::Text(BytesText::new(&clean)))?;
            self.event(Event::End(BytesEnd::new("tspan")))?;
        }
        self.event(Event::End(BytesEnd::new("text")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_holds_white_and_both_inks_and_coverage_maps_to_its_ramp() {
        let pal = palette();
        assert_eq!(pal.len(), 16 * 3);
        assert_eq!(pal.get(..3), Some(&[255, 255, 255][..]));
        assert_eq!(pal.get(21..24), Some(&INK_RGB[..]));
        assert_eq!(pal.get(45..48), Some(&RED_RGB[..]));
        assert_eq!(level(0.0, 0), 0, "white");
        assert_eq!(level(0.05, LEVELS), 0, "under half a step: white");
        assert_eq!(level(1.0, 0), 7, "full ink");
        assert_eq!(level(1.0, LEVELS), 15, "full red");
        assert_eq!(level(0.5, 0), 4, "half covered: half way to ink");
        assert_eq!(level(0.5, LEVELS), 12, "half covered: half way to red");
    }

    #[test]
    fn wrapping_keeps_punctuation_off_the_line_start_and_openers_off_the_end() {
        // Without faces every character is one em wide.
        let fonts = EditionFonts {
            faces: Vec::new(),
            diagnostics: Vec::new(),
        };
        let m = Metrics::new(&fonts);
        let wrap = |t: &str| m.wrap_chars(Role::Heading, t, 10.0, 40.0);
        assert_eq!(wrap("一二三四五六七"), ["一二三四", "五六七"]);
        assert_eq!(wrap("一二三四，五六"), ["一二三", "四，五六"]);
        assert_eq!(wrap("一二三“四五”"), ["一二三", "“四五”"]);
        assert_eq!(wrap("一二三四。”五"), ["一二三", "四。”五"]);
        // Parts separated by spaces go on one line while they fit.
        assert_eq!(
            m.wrap(Role::Heading, "一二 三 四五六", 10.0, 40.0),
            ["一二 三", "四五六"]
        );
    }
}
