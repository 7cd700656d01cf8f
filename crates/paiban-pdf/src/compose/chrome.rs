//! Page furniture and front matter: running heads, folios, crop marks, and the contents page
//! (目录) with links to every article.
//!
//! Input: the [`Geometry`] and the texts of [`paiban_present`] (running heads, the date line,
//! page labels) with what the body pages hold.
//! Output: display-list items (artifacts for furniture, tagged TOC for contents).

use super::article::Ctx;
use super::geometry::Geometry;
use super::text::{baseline, line_items, lines, style};
use crate::display::{Dest, DisplayList, Item, LinkArea, Mark, Rgb, Rule, StructKind};
use crate::inline::Align;
use paiban_fonts::Role;
use paiban_present::{CONTENTS, LEADER};

/// Running head (left), rule, and folio (centred at the foot, or at the head's right end on
/// a screen) as artifacts.
pub fn furniture(ctx: &Ctx, head: &str, folio: Option<u32>) -> Vec<Item> {
    let geo = ctx.geo;
    let size = geo.head_size;
    let mut out = Vec::new();
    let y = geo.head_baseline;
    let folio_text = folio.map(|n| n.to_string());
    // On a screen the folio shares the head's line: keep the head clear of it.
    let folio_room = match (&folio_text, geo.folio_baseline) {
        (Some(t), None) => size * (t.chars().count() as f32 * 0.6 + 1.5),
        _ => 0.0,
    };
    let st = style(Role::Display, size, 0.0, Align::Start, ctx.kinsoku);
    for line in lines(ctx.shaper, head, &st, geo.text_width() - folio_room)
        .iter()
        .take(1)
    {
        out.extend(line_items(
            line,
            head,
            size,
            Rgb::GREY,
            geo.left,
            y,
            Mark::Header,
        ));
    }
    out.push(Item::Rule(
        Rule {
            x: geo.left,
            y: y + size * 0.5,
            width: geo.text_width(),
            height: 0.5,
            color: Rgb::GREY,
        },
        Mark::Header,
    ));
    if let Some(text) = folio_text {
        let (align, y, mark) = match geo.folio_baseline {
            Some(foot) => (Align::Center, foot, Mark::Footer),
            None => (Align::End, y, Mark::Header),
        };
        let st = style(Role::Display, size, 0.0, align, ctx.kinsoku);
        for line in lines(ctx.shaper, &text, &st, geo.text_width()) {
            out.extend(line_items(&line, &text, size, Rgb::GREY, geo.left, y, mark));
        }
    }
    out
}

/// Crop marks at the trim box corners, in the slug outside the bleed.
pub fn crop_marks(geo: &Geometry) -> Vec<Item> {
    if geo.bleed <= 0.0 {
        return Vec::new();
    }
    let o = geo.trim_offset;
    let (w, h) = (geo.trim_width, geo.trim_height);
    let len = (o - geo.bleed - 2.0).max(4.0);
    let t = 0.25;
    let mut out = Vec::new();
    for (cx, cy, sx, sy) in [
        (o, o, -1.0, -1.0),
        (o + w, o, 1.0, -1.0),
        (o, o + h, -1.0, 1.0),
        (o + w, o + h, 1.0, 1.0),
    ] {
        // Horizontal mark beyond the bleed, on the trim line.
        let hx = if sx < 0.0 {
            cx - geo.bleed - len
        } else {
            cx + geo.bleed
        };
        out.push(Item::Rule(
            Rule {
                x: hx,
                y: cy - t / 2.0,
                width: len,
                height: t,
                color: Rgb::BLACK,
            },
            Mark::Decoration,
        ));
        let vy = if sy < 0.0 {
            cy - geo.bleed - len
        } else {
            cy + geo.bleed
        };
        out.push(Item::Rule(
            Rule {
                x: cx - t / 2.0,
                y: vy,
                width: t,
                height: len,
                color: Rgb::BLACK,
            },
            Mark::Decoration,
        ));
    }
    out
}

/// One contents entry: a page heading or an article title with the page it starts on.
#[derive(Debug, Clone)]
pub enum TocEntry {
    /// A page of the paper: `第N版 版名`.
    Section(String),
    /// An article: title, printed page number (folio), destination.
    Article(String, u32, Dest),
}

/// Lay out the contents: masthead, date line, 目录, entries. Returns pages of items
/// (the caller adds furniture); destinations are final page indices.
pub fn contents(
    ctx: &Ctx,
    dl: &mut DisplayList,
    masthead: &str,
    meta_line: &str,
    entries: &[TocEntry],
) -> Vec<Vec<Item>> {
    let geo = ctx.geo;
    let width = geo.text_width();
    let mut pages: Vec<Vec<Item>> = vec![Vec::new()];
    let mut y = geo.top;
    // The front matter is a Part holding the masthead, date line and title, then the TOC:
    // PDF/UA-1 allows only TOCI (and TOC, Caption) inside a TOC.
    let front = dl.node(StructKind::Part, None);
    // Masthead.
    let title_node = dl.node(StructKind::Heading(1, masthead.to_string()), Some(front));
    let place = |dl_items: &mut Vec<Item>,
                 text: &str,
                 role,
                 size: f32,
                 lh: f32,
                 align,
                 y: &mut f32,
                 color,
                 mark| {
        let st = style(role, size, 0.0, align, ctx.kinsoku);
        for line in lines(ctx.shaper, text, &st, width) {
            let base = baseline(*y, lh, size);
            dl_items.extend(line_items(&line, text, size, color, geo.left, base, mark));
            *y += lh;
        }
    };
    let first = &mut pages[0];
    let big = geo.body * 3.2;
    place(
        first,
        masthead,
        Role::Display,
        big,
        big * 1.3,
        Align::Center,
        &mut y,
        Rgb::BLACK,
        Mark::Content(title_node),
    );
    if !meta_line.trim().is_empty() {
        let n = dl.node(StructKind::Paragraph, Some(front));
        let s = geo.body;
        place(
            first,
            meta_line,
            Role::Body,
            s,
            s * 1.8,
            Align::Center,
            &mut y,
            Rgb::GREY,
            Mark::Content(n),
        );
    }
    y += geo.line * 0.3;
    first.push(Item::Rule(
        Rule {
            x: geo.left,
            y,
            width,
            height: 1.5,
            color: Rgb::BLACK,
        },
        Mark::Decoration,
    ));
    y += geo.line;
    let head = dl.node(StructKind::Heading(1, CONTENTS.to_string()), Some(front));
    let toc = dl.node(StructKind::Toc, Some(front));
    let hs = geo.body * 1.6;
    place(
        first,
        CONTENTS,
        Role::Display,
        hs,
        hs * 1.6,
        Align::Center,
        &mut y,
        Rgb::BLACK,
        Mark::Content(head),
    );
    y += geo.line * 0.5;

    let size = geo.body * 1.05;
    let lh = size * 1.9;
    let num_w = 3.0 * size;
    for entry in entries {
        let page_full = |y: f32| y + lh > geo.bottom();
        match entry {
            TocEntry::Section(label) => {
                if page_full(y + lh) {
                    pages.push(Vec::new());
                    y = geo.top;
                }
                let item = dl.node(StructKind::TocItem, Some(toc));
                let n = dl.node(StructKind::Paragraph, Some(item));
                y += lh * 0.4;
                let st = style(Role::Display, size * 1.1, 0.0, Align::Start, ctx.kinsoku);
                let items = pages.last_mut();
                if let (Some(line), Some(items)) =
                    (lines(ctx.shaper, label, &st, width).first(), items)
                {
                    let base = baseline(y, lh, size * 1.1);
                    items.extend(line_items(
                        line,
                        label,
                        size * 1.1,
                        Rgb::BLACK,
                        geo.left,
                        base,
                        Mark::Content(n),
                    ));
                }
                y += lh;
            }
            TocEntry::Article(title, folio, dest) => {
                let st = style(Role::Heading, size, 0.0, Align::Justify, ctx.kinsoku);
                let title_lines = lines(ctx.shaper, title, &st, width - num_w - 2.0 * size);
                let h = lh * title_lines.len().max(1) as f32;
                if y + h > geo.bottom() {
                    pages.push(Vec::new());
                    y = geo.top;
                }
                let item = dl.node(StructKind::TocItem, Some(toc));
                let link = dl.node(StructKind::Link, Some(item));
                let Some(items) = pages.last_mut() else { break };
                let x = geo.left + 2.0 * size;
                let top = y;
                let mut base = baseline(y, lh, size);
                for line in &title_lines {
                    base = baseline(y, lh, size);
                    items.extend(line_items(
                        line,
                        title,
                        size,
                        Rgb::BLACK,
                        x,
                        base,
                        Mark::Content(link),
                    ));
                    y += lh;
                }
                // Page number flush right, dot leaders from the title up to it: one visual
                // line from the title to the number.
                let num = folio.to_string();
                let nst = style(Role::Display, size, 0.0, Align::End, ctx.kinsoku);
                let mut num_items = Vec::new();
                for line in lines(ctx.shaper, &num, &nst, num_w) {
                    num_items.extend(line_items(
                        &line,
                        &num,
                        size,
                        Rgb::BLACK,
                        geo.left + width - num_w,
                        base,
                        Mark::Content(link),
                    ));
                }
                let title_end = items
                    .iter()
                    .rev()
                    .find_map(|it| match it {
                        Item::Text(r, _) => r.glyphs.last().map(|g| r.x + g.x + g.advance),
                        _ => None,
                    })
                    .unwrap_or(x);
                let num_start = num_items
                    .iter()
                    .find_map(|it| match it {
                        Item::Text(r, _) => Some(r.x),
                        _ => None,
                    })
                    .unwrap_or(geo.left + width);
                items.extend(leaders(ctx, title_end, num_start, base, size));
                items.extend(num_items);
                items.push(Item::Link(
                    LinkArea {
                        x: geo.left,
                        y: top,
                        width,
                        height: y - top,
                        dest: *dest,
                    },
                    Mark::Content(link),
                ));
            }
        }
    }
    pages
}

/// A run of middle dots `·` from `from` to `to` on baseline `y` (decoration): one dot per
/// half em, its ink centred in its half em, ending a quarter em short of `to` so the last dot
/// stays clear of the page number however wide the dot's glyph is.
fn leaders(ctx: &Ctx, from: f32, to: f32, y: f32, size: f32) -> Vec<Item> {
    let dot = LEADER;
    let st = style(Role::Display, size, 0.0, Align::Start, ctx.kinsoku);
    let Some(line) = lines(ctx.shaper, dot, &st, size * 4.0).into_iter().next() else {
        return Vec::new();
    };
    let Some(g) = line.glyphs.first().cloned() else {
        return Vec::new();
    };
    let pitch = size * 0.5;
    let to = to - size * 0.25;
    let count = ((to - from) / pitch).floor().max(0.0) as usize;
    if count < 2 {
        return Vec::new();
    }
    let start = to - pitch * count as f32;
    // Where the glyph's ink is centred, from its origin.
    let ink_mid = ctx
        .shaper
        .ink(g.face, g.glyph_id)
        .map(|(l, r)| (l + r) / 2.0 * size)
        .unwrap_or(pitch / 2.0);
    let origin = pitch / 2.0 - ink_mid;
    let mut text = String::new();
    let mut glyphs = Vec::new();
    for i in 0..count {
        let at = text.len();
        text.push_str(dot);
        glyphs.push(crate::display::RunGlyph {
            id: g.glyph_id,
            x: origin + pitch * i as f32,
            y_offset: 0.0,
            advance: pitch,
            text: at..text.len(),
        });
    }
    vec![Item::Text(
        crate::display::GlyphRun {
            x: start,
            y,
            face: g.face,
            size,
            color: Rgb::GREY,
            text,
            glyphs,
        },
        Mark::Decoration,
    )]
}

#[cfg(test)]
mod tests {
    use crate::PdfOptions;
    use crate::display::{Item, Mark};
    use crate::inline::Shaper;
    use paiban_fonts::{EditionFonts, FontSet};
    use paiban_model::{Article, Block, BlockKind, Edition, Section, Span};

    fn edition() -> Edition {
        let mut e = Edition::new("清河日报");
        e.date = paiban_model::Date::parse("2026-03-18");
        let article = |h: &str| Article {
            headline: Some(h.to_string()),
            blocks: vec![Block::new(
                BlockKind::Paragraph,
                "清晨六点，早市已经热闹起来。".repeat(40),
                Span::new("p.md", 1),
            )],
            ..Article::default()
        };
        e.sections.push(Section {
            number: 1,
            name: Some("要闻".into()),
            articles: ["短", "清河步道串起百姓幸福路", "老城区改造：一条街的三年"]
                .into_iter()
                .map(article)
                .collect(),
        });
        e
    }

    /// The ink of every leader dot ends clear of the page number it leads to (A4 and
    /// smaller pages).
    #[test]
    fn leader_dots_stay_clear_of_the_page_number() {
        let e = edition();
        let set = FontSet::bundled().expect("fonts");
        let fonts =
            EditionFonts::prepare(&set, &e, &paiban_present::generated_text()).expect("fonts");
        let shaper = Shaper::new(&fonts).expect("shaper");
        for size in ["a4", "a5", "120x170"] {
            let opts = PdfOptions::from_flags(Some(size), None, None, None).expect("opts");
            let dl = crate::layout(&e, &fonts, &opts).expect("layout");
            let items = &dl.pages[0].items;
            let mut checked = 0;
            for (i, item) in items.iter().enumerate() {
                let Item::Text(dots, Mark::Decoration) = item else {
                    continue;
                };
                let Some(last) = dots.glyphs.last() else {
                    continue;
                };
                let (_, ink_r) = shaper.ink(dots.face, last.id).expect("dot ink");
                let dot_end = dots.x + last.x + ink_r * dots.size;
                // The page number is the next text run on the same baseline.
                let number = items[i + 1..].iter().find_map(|it| match it {
                    Item::Text(r, _) if (r.y - dots.y).abs() < 0.01 => Some(r),
                    _ => None,
                });
                let number = number.expect("a page number after the leaders");
                let first = number.glyphs.first().expect("digit");
                let (ink_l, _) = shaper.ink(number.face, first.id).expect("digit ink");
                let number_start = number.x + first.x + ink_l * number.size;
                assert!(
                    number_start - dot_end >= dots.size * 0.2,
                    "{size}: the last leader dot ends at {dot_end:.2}, the number starts at {number_start:.2}"
                );
                checked += 1;
            }
            assert!(checked >= 2, "{size}: {checked} leader runs");
        }
    }
}
