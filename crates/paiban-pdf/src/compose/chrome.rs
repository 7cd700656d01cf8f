//! Page furniture and front matter: running heads (masthead · date · 第N版 版名), folios,
//! crop marks, and the contents page (目录) with links to every article.
//!
//! Input: the [`Geometry`], the edition's masthead/date and what the body pages hold.
//! Output: display-list items (artifacts for furniture, tagged TOC for contents).

use super::article::Ctx;
use super::geometry::Geometry;
use super::text::{baseline, line_items, lines, style};
use crate::display::{Dest, DisplayList, Item, LinkArea, Mark, Rgb, Rule, StructKind};
use crate::inline::Align;
use paiban_fonts::Role;

/// Characters of the weekday names (星期一 … 星期日).
const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// Parse an ISO date `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<(u16, u8, u8)> {
    let mut it = s.trim().splitn(3, '-');
    let y: u16 = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.get(..2)?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d) && y >= 1000).then_some((y, m, d))
}

/// Day of the week, 0 = Monday (Howard Hinnant's days-from-civil).
pub fn weekday(y: u16, m: u8, d: u8) -> usize {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468; // days since 1970-01-01, a Thursday
    (days + 3).rem_euclid(7) as usize
}

/// The calendar day of a Unix time (Howard Hinnant's civil-from-days), clamped to the years
/// PDF dates can hold (1970–9999).
pub fn civil_from_unix(secs: i64) -> (u16, u8, u8) {
    let days = secs.div_euclid(86_400).clamp(0, 2_932_896); // 1970-01-01 ..= 9999-12-31
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        u16::try_from(y).unwrap_or(1970),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
    )
}

/// A date as printed on a Chinese newspaper: `2022年6月28日 星期二`.
pub fn chinese_date(date: (u16, u8, u8)) -> String {
    let (y, m, d) = date;
    format!(
        "{y}年{m}月{d}日 星期{}",
        WEEKDAYS.get(weekday(y, m, d)).copied().unwrap_or("")
    )
}

/// The running head of a body page.
pub fn running_head(
    masthead: &str,
    date: Option<(u16, u8, u8)>,
    number: u32,
    name: Option<&str>,
) -> String {
    let mut parts = vec![masthead.trim().to_string()];
    if let Some(d) = date {
        parts.push(chinese_date(d));
    }
    let mut page = format!("第{number}版");
    if let Some(n) = name.filter(|n| !n.trim().is_empty()) {
        page.push(' ');
        page.push_str(n.trim());
    }
    parts.push(page);
    parts.retain(|p| !p.is_empty());
    parts.join(" · ")
}

/// Running head (left), rule, and folio (centred at the foot) as artifacts.
pub fn furniture(ctx: &Ctx, head: &str, folio: Option<u32>) -> Vec<Item> {
    let geo = ctx.geo;
    let size = geo.body * 0.8;
    let mut out = Vec::new();
    let st = style(Role::Display, size, 0.0, Align::Start, ctx.kinsoku);
    let y = geo.top - geo.line * 1.1;
    for line in lines(ctx.shaper, head, &st, geo.text_width())
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
    if let Some(n) = folio {
        let text = n.to_string();
        let st = style(Role::Display, size, 0.0, Align::Center, ctx.kinsoku);
        let y = geo.bottom() + geo.line * 1.6;
        for line in lines(ctx.shaper, &text, &st, geo.text_width()) {
            out.extend(line_items(
                &line,
                &text,
                size,
                Rgb::GREY,
                geo.left,
                y,
                Mark::Footer,
            ));
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
    let head = dl.node(StructKind::Heading(1, "目录".to_string()), Some(front));
    let toc = dl.node(StructKind::Toc, Some(front));
    let hs = geo.body * 1.6;
    place(
        first,
        "目录",
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

/// A run of middle dots `·` from `from` to `to` on baseline `y` (decoration).
fn leaders(ctx: &Ctx, from: f32, to: f32, y: f32, size: f32) -> Vec<Item> {
    let dot = "·";
    let st = style(Role::Display, size, 0.0, Align::Start, ctx.kinsoku);
    let Some(line) = lines(ctx.shaper, dot, &st, size * 4.0).into_iter().next() else {
        return Vec::new();
    };
    let Some(g) = line.glyphs.first().cloned() else {
        return Vec::new();
    };
    let pitch = size * 0.5;
    let count = ((to - from) / pitch).floor().max(0.0) as usize;
    if count < 2 {
        return Vec::new();
    }
    let start = to - pitch * count as f32;
    let mut text = String::new();
    let mut glyphs = Vec::new();
    for i in 0..count {
        let at = text.len();
        text.push_str(dot);
        glyphs.push(crate::display::RunGlyph {
            id: g.glyph_id,
            x: pitch * i as f32,
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
    use super::*;

    #[test]
    fn weekdays_and_dates() {
        assert_eq!(weekday(1970, 1, 1), 3); // Thursday
        assert_eq!(civil_from_unix(0), (1970, 1, 1));
        assert_eq!(civil_from_unix(1_700_000_000), (2023, 11, 14));
        assert_eq!(civil_from_unix(951_782_400), (2000, 2, 29));
        assert_eq!(civil_from_unix(-5), (1970, 1, 1));
        assert_eq!(civil_from_unix(i64::MAX), (9999, 12, 31));
        assert_eq!(chinese_date((2022, 6, 28)), "2022年6月28日 星期二");
        assert_eq!(chinese_date((2024, 2, 29)), "2024年2月29日 星期四");
        assert_eq!(parse_date("2022-06-28"), Some((2022, 6, 28)));
        assert_eq!(parse_date("2022-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn running_head_names_masthead_date_and_page() {
        assert_eq!(
            running_head("清河日报", Some((2026, 11, 26)), 2, Some("要闻")),
            "清河日报 · 2026年11月26日 星期四 · 第2版 要闻"
        );
        assert_eq!(running_head("清河日报", None, 1, None), "清河日报 · 第1版");
    }
}
