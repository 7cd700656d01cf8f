//! The cover image: an SVG built from the edition (masthead, date line, the lead headlines of
//! the first page), rendered to a 600×800 PNG with resvg using the edition's own subset fonts,
//! so that library views show the paper instead of a blank tile.
//!
//! Input: the [`Plan`] and the [`EditionFonts`]. Output: PNG bytes. The SVG is written with
//! quick-xml; lines are wrapped here (SVG text does not wrap) by measuring the faces'
//! advances, keeping clreq's line-start and line-end prohibitions.

use crate::EpubError;
use crate::plan::{Plan, page_label};
use paiban_fonts::{EditionFonts, Role};
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use resvg::{tiny_skia, usvg};
use std::sync::Arc;

const WIDTH: f32 = 600.0;
const HEIGHT: f32 = 800.0;
const MARGIN: f32 = 44.0;
const RED: &str = "#9b1c1c";
const INK: &str = "#1a1a1a";
/// How many headlines of the first page the cover shows at most.
const MAX_HEADLINES: usize = 4;

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
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH as u32, HEIGHT as u32)
        .ok_or_else(|| EpubError::Cover("cannot allocate the image".into()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    encode_rgb_png(&pixmap)
}

/// The opaque cover as an 8-bit RGB PNG, deflate level 3: a third of the bytes of tiny-skia's
/// RGBA encoding. Level 3, not png's `Balanced` (level 6): within 1 % of its bytes for a
/// third of its time (`Balanced` was 27 % of a small edition's CPU; `Fast`, fdeflate, doubles
/// the cover's bytes).
fn encode_rgb_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, EpubError> {
    // A plain loop into a sized buffer: `flat_map(..).collect()` cost an eighth of a small
    // edition's whole build (it neither sizes the vector nor vectorises).
    let data = pixmap.data();
    let mut rgb = Vec::with_capacity(data.len() / 4 * 3);
    for px in data.chunks_exact(4) {
        rgb.extend_from_slice(px.get(..3).unwrap_or_default());
    }
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_deflate_compression(png::DeflateCompression::Level(3));
    let err = |e: png::EncodingError| EpubError::Cover(e.to_string());
    let mut writer = enc.write_header().map_err(err)?;
    writer.write_image_data(&rgb).map_err(err)?;
    writer.finish().map_err(err)?;
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
    s.rect(MARGIN, 36.0, full, 6.0, RED)?;

    // The masthead, as large as fits the width.
    let masthead = plan.edition.masthead.trim();
    let natural = m.width(Role::Display, masthead, 1.0).max(0.01);
    let size = (full / natural).clamp(24.0, 112.0);
    let mut y = 60.0;
    for line in m.wrap(Role::Display, masthead, size, full).iter().take(2) {
        y += size * 1.1;
        s.text(line, Role::Display, size, y - size * 0.2, RED)?;
    }
    y += 16.0;
    s.rect(MARGIN, y, full, 3.0, INK)?;
    s.rect(MARGIN, y + 6.0, full, 1.0, INK)?;
    y += 7.0;
    if let Some(line) = plan.present.date_line() {
        y += 38.0;
        s.text(&line, Role::Body, 22.0, y - 8.0, INK)?;
        y += 8.0;
        s.rect(MARGIN, y, full, 1.0, INK)?;
    }
    y += 24.0;

    // The lead headlines of the first page, the first one larger.
    let lead = plan.pages.first().map(|p| p.docs.clone()).unwrap_or(0..0);
    let headlines = plan
        .docs
        .get(lead)
        .unwrap_or_default()
        .iter()
        .filter_map(|d| d.article.headline.as_deref().map(str::trim))
        .filter(|h| !h.is_empty())
        .take(MAX_HEADLINES);
    for (i, headline) in headlines.enumerate() {
        let size = if i == 0 { 40.0 } else { 28.0 };
        let lines = m.wrap(Role::Heading, headline, size, full);
        let shown = lines.len().min(3);
        if y + shown as f32 * size * 1.3 > HEIGHT - 80.0 {
            break;
        }
        for line in lines.iter().take(shown) {
            y += size * 1.3;
            s.text(line, Role::Heading, size, y - size * 0.3, INK)?;
        }
        y += 20.0;
    }

    // The pages of the edition along the foot.
    // (Spaced by position, not by space characters, which the subsets need not have.)
    let (size, gap) = (18.0, 18.0);
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
        s.rect(MARGIN, HEIGHT - 66.0, full, 1.0, RED)?;
        let mut x = (WIDTH - total) / 2.0;
        for (label, w) in &pages {
            s.text_at(label, Role::Display, size, x, HEIGHT - 36.0, "start", RED)?;
            x += w + gap;
        }
    }
    s.event(Event::End(BytesEnd::new("svg")))?;
    String::from_utf8(s.w.into_inner()).map_err(|e| EpubError::Cover(e.to_string()))
}

/// An SVG document being written.
struct Svg {
    w: Writer<Vec<u8>>,
}

impl Svg {
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
