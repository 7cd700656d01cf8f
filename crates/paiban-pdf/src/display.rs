//! The display list: what the page composer produces and the writer serialises.
//!
//! Input: nothing (plain data). Output: pages of positioned items (glyph runs, rules,
//! images, link areas), each content item tied to a node of the logical structure (for
//! tagged PDF) or marked as an artifact; plus the outline, page labels and metadata.
//! Coordinates are PDF points from the top-left corner of the media box, y downwards;
//! a glyph run's `y` is its baseline.
//!
//! [`DisplayList::dump`] renders a page as text (each line's text and x positions): the
//! golden "layout dump" the tests compare against.

use paiban_model::Picture;
use std::fmt::Write as _;
use std::ops::Range;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Black ink.
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    /// A dark grey for secondary text (credits, running heads).
    pub const GREY: Rgb = Rgb(85, 85, 85);
}

/// One glyph of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct RunGlyph {
    /// Glyph id in the run's face.
    pub id: u16,
    /// Pen position relative to the run's `x`, in pt.
    pub x: f32,
    /// Vertical offset in pt, positive up.
    pub y_offset: f32,
    /// Advance in pt.
    pub advance: f32,
    /// Byte range in the run's `text` this glyph sets.
    pub text: Range<usize>,
}

/// A run of glyphs from one face at one size, on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    /// Left of the run, pt.
    pub x: f32,
    /// Baseline, pt from the top.
    pub y: f32,
    /// Index into `EditionFonts::faces`.
    pub face: usize,
    /// Font size, pt.
    pub size: f32,
    /// Fill colour.
    pub color: Rgb,
    /// The source text the glyphs set (ranges in [`RunGlyph::text`] index it).
    pub text: String,
    /// The glyphs.
    pub glyphs: Vec<RunGlyph>,
}

/// A filled rectangle (rules, crop marks).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Left, pt.
    pub x: f32,
    /// Top, pt.
    pub y: f32,
    /// Width, pt.
    pub width: f32,
    /// Height (thickness), pt.
    pub height: f32,
    /// Colour.
    pub color: Rgb,
}

/// A raster image scaled into a box.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageItem {
    /// The picture's `src` in the edition (its name in dumps).
    pub src: String,
    /// The picture as ingest read it (the writer embeds these bytes; JPEG is passed through).
    pub picture: Picture,
    /// Left, pt.
    pub x: f32,
    /// Top, pt.
    pub y: f32,
    /// Width, pt.
    pub width: f32,
    /// Height, pt.
    pub height: f32,
}

/// Where a link goes: a page and a point on it (top-left coordinates).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dest {
    /// Page index, 0-based.
    pub page: usize,
    /// x, pt.
    pub x: f32,
    /// y, pt from the top.
    pub y: f32,
}

/// A clickable area linking to a place in the document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkArea {
    /// Left, pt.
    pub x: f32,
    /// Top, pt.
    pub y: f32,
    /// Width, pt.
    pub width: f32,
    /// Height, pt.
    pub height: f32,
    /// The target.
    pub dest: Dest,
}

/// What an item is, logically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Content belonging to structure node `n` (index into [`DisplayList::structure`]).
    Content(usize),
    /// Running head, folio and other page furniture.
    Header,
    /// Folio at the page foot.
    Footer,
    /// Decoration (rules, crop marks).
    Decoration,
}

/// A positioned item.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Text.
    Text(GlyphRun, Mark),
    /// A rule.
    Rule(Rule, Mark),
    /// A photo.
    Image(ImageItem, Mark),
    /// A link area; `Mark::Content(n)` names its `Link` structure node.
    Link(LinkArea, Mark),
}

/// The kind of a node of the logical structure (tagged PDF).
#[derive(Debug, Clone, PartialEq)]
pub enum StructKind {
    /// A page of the paper (版).
    Part,
    /// An article.
    Article,
    /// A heading of `level` (1 = page name, 2 = headline, 3 = subhead) with its text.
    Heading(u16, String),
    /// A paragraph (also kicker, subtitle, byline, credits, jump notes).
    Paragraph,
    /// A photo with its alternative text.
    Figure(String),
    /// A caption.
    Caption,
    /// An editor's note.
    Note,
    /// The contents page.
    Toc,
    /// An entry of the contents page.
    TocItem,
    /// A link (a contents entry's text and its annotation).
    Link,
}

/// A node of the logical structure; children follow in creation order.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    /// What it is.
    pub kind: StructKind,
    /// Its parent (`None` = the document root).
    pub parent: Option<usize>,
}

/// One outline (bookmark) entry.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// The title shown.
    pub title: String,
    /// Where it goes.
    pub dest: Dest,
    /// Nested entries.
    pub children: Vec<OutlineEntry>,
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageList {
    /// Media box width, pt (trim + 2 × bleed).
    pub width: f32,
    /// Media box height, pt.
    pub height: f32,
    /// Bleed around the trim box, pt (0 = no trim/bleed boxes).
    pub bleed: f32,
    /// Distance from the media box edge to the trim box (bleed + slug), pt.
    pub trim_inset: f32,
    /// Page label prefix, e.g. "目录" (empty = none).
    pub label: String,
    /// Page number shown in the folio and the page label (`None` = unnumbered).
    pub number: Option<u32>,
    /// The items in drawing (and reading) order.
    pub items: Vec<Item>,
}

/// The whole document, ready to serialise.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DisplayList {
    /// Document title.
    pub title: String,
    /// BCP 47 language.
    pub language: String,
    /// Document date (year, month, day) for the XMP metadata PDF/A requires: the edition's
    /// date, else the day of `SOURCE_DATE_EPOCH`, else 1970-01-01 — never the clock.
    pub date: (u16, u8, u8),
    /// Publisher.
    pub publisher: Option<String>,
    /// Pages.
    pub pages: Vec<PageList>,
    /// Logical structure nodes.
    pub structure: Vec<StructNode>,
    /// Outline.
    pub outline: Vec<OutlineEntry>,
}

impl DisplayList {
    /// Add a structure node and return its index.
    pub fn node(&mut self, kind: StructKind, parent: Option<usize>) -> usize {
        self.structure.push(StructNode { kind, parent });
        self.structure.len() - 1
    }

    /// A text dump of page `index`: one line per glyph run, `y x..x_end size face text`
    /// then the x of every glyph; rules and images with their boxes. Golden-test format.
    pub fn dump(&self, index: usize) -> String {
        let mut out = String::new();
        let Some(page) = self.pages.get(index) else {
            return out;
        };
        let _ = writeln!(
            out,
            "page {} [{}] {:.1}x{:.1}",
            index + 1,
            page.label,
            page.width,
            page.height
        );
        for item in &page.items {
            match item {
                Item::Text(run, mark) => {
                    let end = run
                        .glyphs
                        .last()
                        .map(|g| run.x + g.x + g.advance)
                        .unwrap_or(run.x);
                    let xs: Vec<String> = run
                        .glyphs
                        .iter()
                        .map(|g| format!("{:.1}", run.x + g.x))
                        .collect();
                    let _ = writeln!(
                        out,
                        "text y={:.1} x={:.1}..{:.1} size={} face={} {:?} {}\n  x: {}",
                        run.y,
                        run.x,
                        end,
                        run.size,
                        run.face,
                        mark,
                        run.text,
                        xs.join(" ")
                    );
                }
                Item::Rule(r, _) => {
                    let _ = writeln!(
                        out,
                        "rule x={:.1} y={:.1} w={:.1} h={:.2}",
                        r.x, r.y, r.width, r.height
                    );
                }
                Item::Image(i, _) => {
                    let _ = writeln!(
                        out,
                        "image x={:.1} y={:.1} w={:.1} h={:.1} {}",
                        i.x,
                        i.y,
                        i.width,
                        i.height,
                        i.src.rsplit('/').next().unwrap_or_default()
                    );
                }
                Item::Link(l, _) => {
                    let _ = writeln!(
                        out,
                        "link x={:.1} y={:.1} w={:.1} h={:.1} -> page {} y={:.1}",
                        l.x,
                        l.y,
                        l.width,
                        l.height,
                        l.dest.page + 1,
                        l.dest.y
                    );
                }
            }
        }
        out
    }
}
