//! Page composition: the edition → a display list of pages.
//!
//! Input: an [`Edition`], its [`EditionFonts`] and [`PdfOptions`]. Output: a
//! [`DisplayList`]: a contents page, then each page of the paper (版) starting on a new
//! page with a banner; each article is a band across the text block: its heading group
//! over the full width, then its body balanced over the columns (clreq: keep a headline
//! with at least two lines of its text; no widows or orphans). Running heads, folios,
//! page labels and the outline (版 → articles) are added last.
//!
//! Phases, one file each: [`geometry`] (page frame), [`text`] (lines → glyph runs),
//! [`article`] (an article → heading group + column pieces), [`flow`] (column breaks and
//! balancing), [`chrome`] (running heads, folios, crop marks, contents).

pub mod article;
pub mod chrome;
pub mod flow;
pub mod geometry;
pub mod text;

use crate::display::{
    Dest, DisplayList, Item, Mark, OutlineEntry, PageList, Rgb, Rule, StructKind,
};
use crate::inline::{Align, Shaper};
use crate::{PdfError, PdfOptions};
use article::{ArticleParts, Ctx};
use chrome::TocEntry;
use flow::{Piece, balance, fill_columns};
use geometry::Geometry;
use paiban_fonts::{EditionFonts, Role};
use paiban_model::{Date, Edition};
use paiban_present::{CONTENTS, Presentation, contents_page_label, page_label};
use text::{baseline, line_items, lines, style, translate};

/// A body page being filled.
struct BodyPage {
    section: usize,
    items: Vec<Item>,
}

/// Where finished body pages go: kept, or written and dropped.
type Emit<'e> = dyn FnMut(BodyPage) -> Result<(), PdfError> + 'e;

/// Composition state of the body pages. Only the page being filled is held: a page is
/// handed to `emit` once the next one starts (empty pages wait, so that trailing ones are
/// dropped).
struct Body<'c, 's, 'f, 'e> {
    ctx: &'c Ctx<'s, 'f>,
    /// The page being filled.
    current: Option<BodyPage>,
    /// Pages begun so far (the current one included).
    count: usize,
    /// Empty pages not yet emitted: dropped if nothing follows them.
    held: Vec<BodyPage>,
    /// Pages emitted.
    emitted: usize,
    emit: &'e mut Emit<'e>,
    /// The first error `emit` returned; nothing more is emitted after it.
    error: Option<PdfError>,
    /// Top of the free space on the current page.
    y: f32,
}

impl<'c, 's, 'f, 'e> Body<'c, 's, 'f, 'e> {
    fn new(ctx: &'c Ctx<'s, 'f>, emit: &'e mut Emit<'e>) -> Self {
        Body {
            ctx,
            current: None,
            count: 0,
            held: Vec::new(),
            emitted: 0,
            emit,
            error: None,
            y: ctx.geo.top,
        }
    }

    fn geo(&self) -> &Geometry {
        self.ctx.geo
    }

    fn send(&mut self, page: BodyPage) {
        if self.error.is_none() {
            self.emitted += 1;
            if let Err(e) = (self.emit)(page) {
                self.error = Some(e);
            }
        }
    }

    /// The page just finished: emitted (after the empty ones before it), or held if empty.
    fn finish_page(&mut self, page: BodyPage) {
        if page.items.is_empty() {
            self.held.push(page);
            return;
        }
        for h in std::mem::take(&mut self.held) {
            self.send(h);
        }
        self.send(page);
    }

    fn new_page(&mut self, section: usize) {
        if let Some(done) = self.current.take() {
            self.finish_page(done);
        }
        self.current = Some(BodyPage {
            section,
            items: Vec::new(),
        });
        self.count += 1;
        self.y = self.geo().top;
    }

    /// Emit the last page; trailing empty pages are dropped, but one page always stays.
    /// Returns how many pages were emitted.
    fn close(mut self) -> Result<usize, PdfError> {
        if let Some(done) = self.current.take() {
            self.finish_page(done);
        }
        if self.emitted == 0 && !self.held.is_empty() {
            let first = self.held.swap_remove(0);
            self.send(first);
        }
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.emitted),
        }
    }

    fn at_top(&self) -> bool {
        (self.y - self.geo().top).abs() < 0.01
    }

    fn push(&mut self, item: Item) {
        if let Some(p) = &mut self.current {
            p.items.push(item);
        }
    }

    fn here(&self) -> Dest {
        Dest {
            page: self.count.saturating_sub(1),
            x: self.geo().left,
            y: self.y,
        }
    }

    /// The section banner: `第N版 版名` in the display face over a thick rule.
    fn banner(&mut self, dl: &mut DisplayList, node: usize, label: &str) {
        let geo = self.geo().clone();
        let size = geo.body * 1.5;
        let n = dl.node(StructKind::Heading(1, label.to_string()), Some(node));
        let st = style(Role::Display, size, 0.0, Align::Start, self.ctx.kinsoku);
        let set = lines(self.ctx.shaper, label, &st, geo.text_width());
        let mut y = self.y;
        for line in &set {
            let base = baseline(y, geo.line * 1.5, size);
            for it in line_items(
                line,
                label,
                size,
                Rgb::BLACK,
                geo.left,
                base,
                Mark::Content(n),
            ) {
                self.push(it);
            }
            y += geo.line * 1.5;
        }
        self.push(Item::Rule(
            Rule {
                x: geo.left,
                y: y + 1.0,
                width: geo.text_width(),
                height: 1.2,
                color: Rgb::BLACK,
            },
            Mark::Decoration,
        ));
        self.y = self.geo().top + geo.to_grid(y - geo.top + geo.line * 0.5);
    }

    /// Place pieces `p` as columns of `fills` starting at the current `y`.
    fn place_columns(&mut self, pieces: &[Piece], fills: &[flow::ColumnFill]) -> f32 {
        let geo = self.geo().clone();
        let mut tallest: f32 = 0.0;
        for (c, fill) in fills.iter().enumerate() {
            let x = geo.column_x(c);
            let mut y = self.y;
            for p in pieces.get(fill.first..fill.end).unwrap_or_default() {
                for it in &p.items {
                    self.push(translate(it, x, y));
                }
                y += p.height;
            }
            tallest = tallest.max(y - self.y);
        }
        tallest
    }

    /// Place an article band; returns where it starts.
    fn article(&mut self, parts: ArticleParts, section: usize) -> Dest {
        let geo = self.geo().clone();
        let gap = if self.at_top() { 0.0 } else { geo.line };
        // Keep the heading group with the first lines of the body (the shortest chunk the
        // first column may end with).
        let first_chunk = flow::fill_column(&parts.pieces, 0, f32::INFINITY, false);
        let min_chunk: f32 = {
            let mut h = 0.0;
            for p in parts.pieces.iter().skip(first_chunk.first) {
                h += p.height;
                if !p.keep_with_next {
                    break;
                }
            }
            h
        };
        if !self.at_top() && self.y + gap + parts.head_height + min_chunk > geo.bottom() + 0.01 {
            self.new_page(section);
        }
        if !self.at_top() {
            self.push(Item::Rule(
                Rule {
                    x: geo.left,
                    y: self.y + geo.line * 0.5 - 0.25,
                    width: geo.text_width(),
                    height: 0.5,
                    color: Rgb::BLACK,
                },
                Mark::Decoration,
            ));
            self.y += geo.line;
        }
        let start = self.here();
        for it in &parts.head {
            let moved = translate(it, geo.left, self.y);
            self.push(moved);
        }
        self.y += parts.head_height;
        let mut rest: &[Piece] = &parts.pieces;
        let mut guard = 0;
        while !rest.is_empty() && guard < 10_000 {
            guard += 1;
            let cap = geo.bottom() - self.y;
            if let Some(h) = balance(rest, geo.columns, geo.line, cap) {
                let (fills, _) = fill_columns(rest, geo.columns, h, false);
                self.place_columns(rest, &fills);
                self.y += h;
                break;
            }
            let (fills, _) = fill_columns(rest, geo.columns, cap, self.at_top());
            let used = fills.last().map(|f| f.end).unwrap_or(0);
            if used > 0 {
                self.place_columns(rest, &fills);
                rest = rest.get(used..).unwrap_or_default();
            }
            self.new_page(section);
        }
        start
    }
}

/// Compose the whole edition, every page held in the display list.
pub fn compose(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &PdfOptions,
) -> Result<DisplayList, PdfError> {
    let mut pages = Vec::new();
    let mut dl = compose_with(edition, fonts, opts, false, &mut |p| {
        pages.push(p);
        Ok(())
    })?;
    dl.pages = pages;
    Ok(dl)
}

/// Compose the whole edition, handing each page to `sink` as soon as it is finished and
/// keeping none: the body is laid out twice (the contents, which come first, need its
/// page numbers), so memory holds one page at a time whatever the edition's size. The
/// pages are those of [`compose`], in the same order; the display list returned holds
/// everything else (structure, outline, metadata).
pub fn compose_paged(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &PdfOptions,
    sink: &mut dyn FnMut(PageList) -> Result<(), PdfError>,
) -> Result<DisplayList, PdfError> {
    compose_with(edition, fonts, opts, true, sink)
}

/// What laying out the body gives besides its pages.
struct BodyOut {
    toc: Vec<TocEntry>,
    outline_sections: Vec<OutlineEntry>,
    structure: DisplayList,
}

/// Lay out the body pages, handing each to `emit`.
fn lay_body<'e>(
    ctx: &Ctx<'_, '_>,
    edition: &Edition,
    emit: &'e mut Emit<'e>,
) -> Result<BodyOut, PdfError> {
    let mut body = Body::new(ctx, emit);
    let mut outline_sections: Vec<OutlineEntry> = Vec::new();
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut body_structure = DisplayList::default();
    for (si, section) in edition.sections.iter().enumerate() {
        body.new_page(si);
        let label = page_label(section.number, section.name.as_deref());
        let part = body_structure.node(StructKind::Part, None);
        let sdest = body.here();
        body.banner(&mut body_structure, part, &label);
        let mut entry = OutlineEntry {
            title: label.clone(),
            dest: sdest,
            children: Vec::new(),
        };
        toc.push(TocEntry::Section(label));
        for (ai, a) in section.articles.iter().enumerate() {
            let parts = article::build(ctx, &mut body_structure, part, a, ai == 0);
            let title = parts.title.clone();
            let dest = body.article(parts, si);
            if let Some(t) = title {
                entry.children.push(OutlineEntry {
                    title: t.clone(),
                    dest,
                    children: Vec::new(),
                });
                toc.push(TocEntry::Article(t, dest.page as u32 + 1, dest));
            }
        }
        outline_sections.push(entry);
    }
    // A trailing empty page left by an article that ended exactly at a page foot is dropped.
    body.close()?;
    Ok(BodyOut {
        toc,
        outline_sections,
        structure: body_structure,
    })
}

fn compose_with(
    edition: &Edition,
    fonts: &EditionFonts,
    opts: &PdfOptions,
    two_passes: bool,
    sink: &mut dyn FnMut(PageList) -> Result<(), PdfError>,
) -> Result<DisplayList, PdfError> {
    let shaper = Shaper::new(fonts).map_err(|e| PdfError::Inline(e.to_string()))?;
    let geo = Geometry::new(opts);
    let ctx = Ctx {
        shaper: &shaper,
        geo: &geo,
        kinsoku: opts.kinsoku,
        pictures: &edition.pictures,
    };
    let present = Presentation::new(edition);
    let date = edition
        .date
        .or_else(|| opts.source_date_epoch.map(Date::from_unix))
        .unwrap_or_else(|| Date::from_unix(0));
    let mut dl = DisplayList {
        title: present.title(),
        language: present.language(),
        date: (date.year(), date.month(), date.day()),
        publisher: edition.publisher.clone(),
        ..DisplayList::default()
    };

    // The body first (its page numbers go into the contents): kept, or only counted.
    let mut kept: Vec<BodyPage> = Vec::new();
    let body = if two_passes {
        lay_body(&ctx, edition, &mut |_| Ok(()))?
    } else {
        lay_body(&ctx, edition, &mut |p| {
            kept.push(p);
            Ok(())
        })?
    };
    let BodyOut {
        toc,
        outline_sections,
        structure: body_structure,
    } = body;

    // The contents: its page count shifts every body destination.
    let meta_line = present.date_line().unwrap_or_default();
    let contents = {
        let mut probe = DisplayList::default();
        chrome::contents(&ctx, &mut probe, &edition.masthead, &meta_line, &toc).len()
    };
    let shift = |d: Dest| Dest {
        page: d.page + contents,
        ..d
    };
    let toc: Vec<TocEntry> = toc
        .into_iter()
        .map(|e| match e {
            TocEntry::Article(t, n, d) => TocEntry::Article(t, n, shift(d)),
            s => s,
        })
        .collect();
    let contents_pages = chrome::contents(&ctx, &mut dl, &edition.masthead, &meta_line, &toc);
    // Body structure nodes come after the contents nodes: renumber.
    let offset = dl.structure.len();
    for mut n in body_structure.structure {
        n.parent = n.parent.map(|p| p + offset);
        dl.structure.push(n);
    }
    let renumber = |it: Item| -> Item {
        match it {
            Item::Text(r, Mark::Content(n)) => Item::Text(r, Mark::Content(n + offset)),
            Item::Rule(r, Mark::Content(n)) => Item::Rule(r, Mark::Content(n + offset)),
            Item::Image(i, Mark::Content(n)) => Item::Image(i, Mark::Content(n + offset)),
            Item::Link(l, Mark::Content(n)) => Item::Link(l, Mark::Content(n + offset)),
            other => other,
        }
    };

    let contents_head = present.contents_head();
    for (i, items) in contents_pages.into_iter().enumerate() {
        let mut all = chrome::crop_marks(&geo);
        all.extend(chrome::furniture(&ctx, &contents_head, None));
        all.extend(items);
        sink(PageList {
            width: geo.media_width,
            height: geo.media_height,
            bleed: geo.bleed,
            trim_inset: geo.trim_offset,
            label: contents_page_label(i),
            number: None,
            items: all,
        })?;
    }
    let mut number = 0u32;
    let mut body_page = |page: BodyPage| -> Result<(), PdfError> {
        number += 1;
        let head = edition
            .sections
            .get(page.section)
            .map(|s| present.running_head(s))
            .unwrap_or_default();
        let mut all = chrome::crop_marks(&geo);
        all.extend(chrome::furniture(&ctx, &head, Some(number)));
        all.extend(page.items.into_iter().map(renumber));
        sink(PageList {
            width: geo.media_width,
            height: geo.media_height,
            bleed: geo.bleed,
            trim_inset: geo.trim_offset,
            label: String::new(),
            number: Some(number),
            items: all,
        })
    };
    if two_passes {
        // The same layout again, each page written as it is finished.
        lay_body(&ctx, edition, &mut body_page)?;
    } else {
        for page in kept {
            body_page(page)?;
        }
    }
    dl.outline.push(OutlineEntry {
        title: CONTENTS.to_string(),
        dest: Dest {
            page: 0,
            x: geo.left,
            y: geo.top,
        },
        children: Vec::new(),
    });
    fn shift_all(e: &mut OutlineEntry, by: usize) {
        e.dest.page += by;
        for c in &mut e.children {
            shift_all(c, by);
        }
    }
    for mut e in outline_sections {
        shift_all(&mut e, contents);
        dl.outline.push(e);
    }
    Ok(dl)
}
