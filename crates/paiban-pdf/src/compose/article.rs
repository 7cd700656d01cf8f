//! One article: its heading group (kicker, headline, subtitle, byline) set across the text
//! block, and its body as column pieces (paragraphs with the dateline run in, subheads,
//! photos with caption and credit, editor's notes, jump lines).
//!
//! Input: an [`Article`], the [`Geometry`], the shaper. Output: [`ArticleParts`]: items of
//! the heading group relative to the band's top-left, and the body [`Piece`]s; the
//! structure nodes (article, headings, paragraphs, figures) are added to the display list.

use super::flow::{Piece, line_keeps};
use super::geometry::Geometry;
use super::text::{balanced_lines, baseline, line_items, lines, style};
use crate::display::{DisplayList, ImageItem, Item, Mark, Rgb, StructKind};
use crate::inline::{Align, Kinsoku, ParaStyle, Shaper};
use paiban_fonts::{Role, role_of};
use paiban_model::{Article, Block, BlockKind, Picture, TextField};
use std::collections::BTreeMap;

/// What composition needs besides the article.
pub struct Ctx<'s, 'f> {
    /// The shaper.
    pub shaper: &'s Shaper<'f>,
    /// Page geometry.
    pub geo: &'s Geometry,
    /// Line-breaking level.
    pub kinsoku: Kinsoku,
    /// The edition's pictures, by `src`.
    pub pictures: &'s BTreeMap<String, Picture>,
}

/// An article ready for the page: heading group and body pieces.
#[derive(Debug, Clone)]
pub struct ArticleParts {
    /// Heading-group items relative to the band's top-left (text block left edge).
    pub head: Vec<Item>,
    /// Height of the heading group, whole grid lines.
    pub head_height: f32,
    /// Body pieces for the columns.
    pub pieces: Vec<Piece>,
    /// The article's structure node.
    pub node: usize,
    /// Title for the outline and contents.
    pub title: Option<String>,
}

/// A block of display lines (balanced: see [`balanced_lines`]) set at `x`, from `y` down;
/// returns its items and height.
fn set_lines(
    ctx: &Ctx,
    text: &str,
    st: &ParaStyle,
    width: f32,
    line_height: f32,
    y: f32,
    (color, mark): (Rgb, Mark),
) -> (Vec<Item>, f32) {
    let mut items = Vec::new();
    let mut top = y;
    for line in balanced_lines(ctx.shaper, text, st, width) {
        let base = baseline(top, line_height, st.size);
        items.extend(line_items(&line, text, st.size, color, 0.0, base, mark));
        top += line_height;
    }
    (items, top - y)
}

/// The heading group: kicker, headline, subtitle, byline, centred over `width`.
fn heading_group(
    ctx: &Ctx,
    dl: &mut DisplayList,
    node: usize,
    a: &Article,
    lead: bool,
    width: f32,
) -> (Vec<Item>, f32) {
    let geo = ctx.geo;
    let mut items = Vec::new();
    let mut y = 0.0;
    // Set flush left, as a modern Chinese daily does (and so the heading group lines up
    // with the first column).
    let centre = |role, size| style(role, size, 0.0, Align::Start, ctx.kinsoku);
    if let Some(k) = a.kicker.as_deref().filter(|t| !t.trim().is_empty()) {
        let n = dl.node(StructKind::Paragraph, Some(node));
        let size = geo.body * 1.2;
        let (mut it, h) = set_lines(
            ctx,
            k,
            &centre(Role::Display, size),
            width,
            size * 1.5,
            y,
            (Rgb::BLACK, Mark::Content(n)),
        );
        items.append(&mut it);
        y += h;
    }
    if let Some(t) = a.headline.as_deref().filter(|t| !t.trim().is_empty()) {
        let n = dl.node(StructKind::Heading(2, t.to_string()), Some(node));
        let size = geo.headline_size(lead);
        let (mut it, h) = set_lines(
            ctx,
            t,
            &centre(Role::Heading, size),
            width,
            size * 1.35,
            y,
            (Rgb::BLACK, Mark::Content(n)),
        );
        items.append(&mut it);
        y += h;
    }
    if let Some(s) = a.subtitle.as_deref().filter(|t| !t.trim().is_empty()) {
        let n = dl.node(StructKind::Paragraph, Some(node));
        let size = geo.body * 1.2;
        let (mut it, h) = set_lines(
            ctx,
            s,
            &centre(Role::Body, size),
            width,
            size * 1.5,
            y,
            (Rgb::BLACK, Mark::Content(n)),
        );
        items.append(&mut it);
        y += h;
    }
    if let Some(b) = a.byline.as_deref().filter(|t| !t.trim().is_empty()) {
        let n = dl.node(StructKind::Paragraph, Some(node));
        let size = geo.body * 0.9;
        y += geo.line * 0.25;
        let (mut it, h) = set_lines(
            ctx,
            b,
            &centre(Role::Body, size),
            width,
            size * 1.6,
            y,
            (Rgb::GREY, Mark::Content(n)),
        );
        items.append(&mut it);
        y += h;
    }
    if items.is_empty() {
        return (items, 0.0);
    }
    // Half a line of air between the heading group and the body, then back on the grid.
    (items, geo.to_grid(y + geo.line * 0.5))
}

/// Body lines of `text` as pieces, one per grid line, with widow/orphan keeps.
fn text_pieces(
    ctx: &Ctx,
    text: &str,
    st: &ParaStyle,
    color: Rgb,
    mark: Mark,
    keep_all: bool,
) -> Vec<Piece> {
    let geo = ctx.geo;
    // Flush-left lines are headings: balanced like the heading group's.
    let mut set = if st.align == Align::Start {
        balanced_lines(ctx.shaper, text, st, geo.column_width)
    } else {
        lines(ctx.shaper, text, st, geo.column_width)
    };
    if st.align == Align::Justify {
        for line in &mut set {
            fill_near_full(line, geo.column_width, st.size);
        }
    }
    let keeps = line_keeps(set.len());
    set.iter()
        .zip(keeps)
        .map(|(line, keep)| Piece {
            height: geo.line,
            keep_with_next: keep || (keep_all && !line.last),
            discardable: false,
            items: line_items(
                line,
                text,
                st.size,
                color,
                0.0,
                baseline(0.0, geo.line, st.size),
                mark,
            ),
        })
        .collect()
}

/// A paragraph's last line that falls short of the measure by less than 1.5 em is spread
/// to the full measure, so that it does not read as a badly justified full line.
pub fn fill_near_full(line: &mut crate::inline::Line, measure: f32, size: f32) {
    let n = line.glyphs.len();
    let Some(last) = line.glyphs.last() else {
        return;
    };
    let end = last.x + last.advance;
    let slack = measure - end;
    if !line.last || n < 8 || slack <= 0.01 || slack >= 1.5 * size {
        return;
    }
    let step = slack / (n - 1) as f32;
    for (i, g) in line.glyphs.iter_mut().enumerate() {
        g.x += step * i as f32;
        if i + 1 < n {
            g.advance += step;
        }
    }
    line.width = measure;
}

/// A photo scaled into the column (at most half the body height), centred.
fn image_piece(ctx: &Ctx, src: &str, picture: &Picture, mark: Mark, keep: bool) -> Option<Piece> {
    let geo = ctx.geo;
    let (pw, ph) = (picture.width, picture.height);
    if pw == 0 || ph == 0 {
        return None;
    }
    let (w, h) = scale_into(
        pw as f32,
        ph as f32,
        geo.column_width,
        geo.body_height() * 0.5,
    );
    let x = (geo.column_width - w) / 2.0;
    let height = geo.to_grid(h + geo.line * 0.3);
    Some(Piece {
        height,
        keep_with_next: keep,
        discardable: false,
        items: vec![Item::Image(
            ImageItem {
                src: src.to_string(),
                picture: picture.clone(),
                x,
                y: 0.0,
                width: w,
                height: h,
            },
            mark,
        )],
    })
}

/// Scale a `w`×`h` image to fit `max_w`×`max_h`, keeping its aspect ratio; it is set to the
/// full width unless that would make it taller than `max_h`.
pub fn scale_into(w: f32, h: f32, max_w: f32, max_h: f32) -> (f32, f32) {
    if w <= 0.0 || h <= 0.0 {
        return (0.0, 0.0);
    }
    let s = (max_w / w).min(max_h / h);
    (w * s, h * s)
}

/// Compose `a` under structure node `parent`.
pub fn build(
    ctx: &Ctx,
    dl: &mut DisplayList,
    parent: usize,
    a: &Article,
    lead: bool,
) -> ArticleParts {
    let geo = ctx.geo;
    let node = dl.node(StructKind::Article, Some(parent));
    let (head, head_height) = heading_group(ctx, dl, node, a, lead, geo.text_width());
    let body = style(Role::Body, geo.body, 2.0, Align::Justify, ctx.kinsoku);
    let small = geo.body * 0.9;
    let mut pieces = Vec::new();
    if let Some(p) = a.continued_from {
        let n = dl.node(StructKind::Paragraph, Some(node));
        let st = style(Role::Body, small, 0.0, Align::End, ctx.kinsoku);
        pieces.extend(text_pieces(
            ctx,
            &paiban_present::jump_from(p),
            &st,
            Rgb::GREY,
            Mark::Content(n),
            true,
        ));
        if let Some(last) = pieces.last_mut() {
            last.keep_with_next = true;
        }
    }
    let mut dateline = a
        .dateline
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .map(str::to_string);
    let blocks = &a.blocks;
    for (i, b) in blocks.iter().enumerate() {
        let next = blocks.get(i + 1).map(|n| n.kind);
        match b.kind {
            BlockKind::Paragraph => {
                // The dateline runs into the lead paragraph in its own (bold sans) face.
                let (text, st) = match dateline.take() {
                    Some(d) => (
                        format!("{d}{}", b.text),
                        ParaStyle {
                            run_in: Some((d.len(), role_of(TextField::Dateline))),
                            ..body
                        },
                    ),
                    None => (b.text.clone(), body),
                };
                let n = dl.node(StructKind::Paragraph, Some(node));
                pieces.extend(text_pieces(
                    ctx,
                    &text,
                    &st,
                    Rgb::BLACK,
                    Mark::Content(n),
                    false,
                ));
            }
            BlockKind::Subhead => {
                if b.text.trim().is_empty() {
                    continue;
                }
                let n = dl.node(StructKind::Heading(3, b.text.clone()), Some(node));
                // Set like the body it heads: a subhead that wraps runs its lines to the
                // column's edge, its last line flush left (a balanced, ragged pair of lines
                // left a short line inside the text block).
                let st = style(Role::Heading, geo.body, 0.0, Align::Justify, ctx.kinsoku);
                if !pieces.is_empty() {
                    pieces.push(Piece::space(geo.line));
                }
                let mut sub = text_pieces(ctx, &b.text, &st, Rgb::BLACK, Mark::Content(n), true);
                if let Some(last) = sub.last_mut() {
                    last.keep_with_next = true;
                }
                pieces.append(&mut sub);
            }
            BlockKind::Caption | BlockKind::Credit => {
                let credit = b.kind == BlockKind::Credit;
                let n = dl.node(
                    if credit {
                        StructKind::Paragraph
                    } else {
                        StructKind::Caption
                    },
                    Some(node),
                );
                let align = if credit { Align::End } else { Align::Justify };
                let st = style(Role::Body, small, 0.0, align, ctx.kinsoku);
                let mut cap = text_pieces(
                    ctx,
                    &b.text,
                    &st,
                    if credit { Rgb::GREY } else { Rgb::BLACK },
                    Mark::Content(n),
                    true,
                );
                if !credit
                    && next == Some(BlockKind::Credit)
                    && let Some(last) = cap.last_mut()
                {
                    last.keep_with_next = true;
                }
                pieces.append(&mut cap);
            }
            BlockKind::Note => {
                let n = dl.node(StructKind::Note, Some(node));
                let st = style(Role::Body, small, 2.0, Align::Justify, ctx.kinsoku);
                pieces.extend(text_pieces(
                    ctx,
                    &b.text,
                    &st,
                    Rgb::GREY,
                    Mark::Content(n),
                    false,
                ));
            }
            BlockKind::Image => {
                image_block(ctx, dl, node, b, next, &mut pieces);
            }
        }
    }
    if let Some(d) = dateline {
        let n = dl.node(StructKind::Paragraph, Some(node));
        pieces.extend(text_pieces(
            ctx,
            &d,
            &body,
            Rgb::BLACK,
            Mark::Content(n),
            false,
        ));
    }
    if let Some(p) = a.continues_to {
        let n = dl.node(StructKind::Paragraph, Some(node));
        let st = style(Role::Body, small, 0.0, Align::End, ctx.kinsoku);
        if let Some(last) = pieces.last_mut() {
            last.keep_with_next = true;
        }
        pieces.extend(text_pieces(
            ctx,
            &paiban_present::jump_to(p),
            &st,
            Rgb::GREY,
            Mark::Content(n),
            true,
        ));
    }
    ArticleParts {
        head,
        head_height,
        pieces,
        node,
        title: a.headline.clone().filter(|t| !t.trim().is_empty()),
    }
}

/// A photo: the figure, and its caption when the block carries one and no caption block
/// follows.
fn image_block(
    ctx: &Ctx,
    dl: &mut DisplayList,
    node: usize,
    b: &Block,
    next: Option<BlockKind>,
    pieces: &mut Vec<Piece>,
) {
    let own_caption = !b.text.trim().is_empty() && next != Some(BlockKind::Caption);
    let has_caption = own_caption || matches!(next, Some(BlockKind::Caption | BlockKind::Credit));
    let picture = b
        .src
        .as_deref()
        .and_then(|s| ctx.pictures.get(s).map(|p| (s, p)));
    if let Some((src, picture)) = picture {
        let alt = if b.text.trim().is_empty() {
            paiban_present::PICTURE.to_string()
        } else {
            b.text.clone()
        };
        // The node is only added when the image can be drawn: an empty figure is invalid.
        if picture.width > 0 && picture.height > 0 {
            let n = dl.node(StructKind::Figure(alt), Some(node));
            if let Some(p) = image_piece(ctx, src, picture, Mark::Content(n), has_caption) {
                pieces.push(p);
            }
        }
    }
    if own_caption {
        let n = dl.node(StructKind::Caption, Some(node));
        let st = style(
            Role::Body,
            ctx.geo.body * 0.9,
            0.0,
            Align::Justify,
            ctx.kinsoku,
        );
        let mut cap = text_pieces(ctx, &b.text, &st, Rgb::BLACK, Mark::Content(n), true);
        if next == Some(BlockKind::Credit)
            && let Some(last) = cap.last_mut()
        {
            last.keep_with_next = true;
        }
        pieces.append(&mut cap);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_scale_into_the_column() {
        // A landscape photo takes the column's width.
        assert_eq!(scale_into(1200.0, 800.0, 240.0, 360.0), (240.0, 160.0));
        // A tall one is limited by the height and keeps its aspect ratio.
        let (w, h) = scale_into(600.0, 1800.0, 240.0, 360.0);
        assert!((h - 360.0).abs() < 1e-3 && (w - 120.0).abs() < 1e-3);
        // A small one is scaled up to the column too (photos fill the measure).
        assert_eq!(scale_into(120.0, 60.0, 240.0, 360.0), (240.0, 120.0));
        assert_eq!(scale_into(0.0, 10.0, 240.0, 360.0), (0.0, 0.0));
    }

    #[test]
    fn jump_lines_use_full_width_brackets() {}
}
