//! The PDF writer: serialises a [`DisplayList`] with krilla. It measures nothing: a `match`
//! over display-list items, each a krilla call (after typst's `typst-pdf/src/convert.rs`).
//!
//! Input: the display list and the edition's fonts (the same bytes the inline engine
//! shaped). Output: PDF/A-2u bytes, tagged (headings, paragraphs, figures with alt text,
//! contents links), with outline, page labels, `/Lang`, XMP metadata, and TrimBox/BleedBox
//! when there is a bleed. Byte-identical for the same input (no clock: dates come from
//! the edition).

use crate::PdfError;
use crate::display::{
    Dest, DisplayList, ImageItem, Item, Mark, OutlineEntry, PageList, Rgb, StructKind,
};
use krilla::Document;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::Fill;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, Node, SpanTag, Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Data, SerializeSettings};
use paiban_fonts::EditionFonts;
use paiban_model::PictureKind;
use std::num::{NonZeroU16, NonZeroU32};

/// A picture as a krilla image (JPEG passed through; PNG, GIF, WebP decoded by krilla).
fn image(item: &ImageItem) -> Result<Image, PdfError> {
    let p = &item.picture;
    let data = Data::from(p.bytes.clone());
    match p.kind {
        PictureKind::Jpeg => Image::from_jpeg(data, false),
        PictureKind::Png => Image::from_png(data, false),
        PictureKind::Gif => Image::from_gif(data, false),
        PictureKind::Webp => Image::from_webp(data, false),
    }
    .map_err(|reason| PdfError::Image {
        src: item.src.clone(),
        reason: reason.to_string(),
    })
}

fn fill(c: Rgb) -> Fill {
    Fill {
        paint: krilla::color::rgb::Color::new(c.0, c.1, c.2).into(),
        ..Fill::default()
    }
}

fn xyz(d: Dest) -> XyzDestination {
    XyzDestination::new(d.page, Point::from_xy(d.x, d.y))
}

/// The krilla fonts, one per face of the edition: the full faces the inline engine shaped with
/// (krilla subsets them to the glyphs drawn, once per PDF). A face serving several roles is
/// one krilla font.
fn fonts_for(fonts: &EditionFonts) -> Result<Vec<Font>, PdfError> {
    let mut out: Vec<Font> = Vec::with_capacity(fonts.faces.len());
    for (i, f) in fonts.faces.iter().enumerate() {
        let same = fonts.faces[..i]
            .iter()
            .position(|g| g.source.same_face(&f.source));
        let font = match same.and_then(|j| out.get(j)) {
            Some(font) => font.clone(),
            None => Font::new(Data::from(f.source.shared_data()), f.source.index()).ok_or_else(
                || PdfError::Font {
                    path: f.source.path().to_path_buf(),
                    reason: "krilla cannot read the font".to_string(),
                },
            )?,
        };
        out.push(font);
    }
    Ok(out)
}

fn tag_of(kind: &StructKind) -> TagKind {
    let heading = |level: u16, title: &str| -> TagKind {
        let level = NonZeroU16::new(level.max(1)).unwrap_or(NonZeroU16::MIN);
        Tag::Hn(level, Some(title.to_string())).into()
    };
    match kind {
        StructKind::Part => Tag::Part.into(),
        StructKind::Article => Tag::Article.into(),
        StructKind::Heading(l, t) => heading(*l, t),
        StructKind::Paragraph => Tag::P.into(),
        StructKind::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
        StructKind::Caption => Tag::Caption.into(),
        StructKind::Note => Tag::Note.into(),
        StructKind::Toc => Tag::TOC.into(),
        StructKind::TocItem => Tag::TOCI.into(),
        StructKind::Link => Tag::Link.into(),
    }
}

fn outline_node(e: &OutlineEntry) -> OutlineNode {
    let mut node = OutlineNode::new(e.title.clone(), xyz(e.dest));
    for c in &e.children {
        node.push_child(outline_node(c));
    }
    node
}

/// A PDF being written page by page: each page is serialised (and can be dropped by the
/// caller) as soon as it is given; the structure tree, outline and metadata come last.
pub struct Writer {
    doc: Document,
    fonts: Vec<Font>,
    /// Leaves (marked content and annotations) per structure node, grown as pages come.
    leaves: Vec<Vec<Identifier>>,
    /// Pages written so far.
    pages: usize,
}

/// The document-wide part of a display list: everything but its pages.
pub struct DocInfo<'a> {
    /// Document title.
    pub title: &'a str,
    /// BCP 47 language.
    pub language: &'a str,
    /// (year, month, day).
    pub date: (u16, u8, u8),
    /// Publisher.
    pub publisher: Option<&'a str>,
    /// Logical structure nodes (every page's marks index into them).
    pub structure: &'a [crate::display::StructNode],
    /// Outline.
    pub outline: &'a [OutlineEntry],
}

impl<'a> DocInfo<'a> {
    /// The document-wide part of `dl`.
    pub fn of(dl: &'a DisplayList) -> DocInfo<'a> {
        DocInfo {
            title: &dl.title,
            language: &dl.language,
            date: dl.date,
            publisher: dl.publisher.as_deref(),
            structure: &dl.structure,
            outline: &dl.outline,
        }
    }
}

fn leaf(leaves: &mut Vec<Vec<Identifier>>, node: usize, id: Identifier) {
    if leaves.len() <= node {
        leaves.resize_with(node + 1, Vec::new);
    }
    if let Some(v) = leaves.get_mut(node) {
        v.push(id);
    }
}

/// Serialise `dl` to PDF/A-2u bytes.
pub fn write(dl: &DisplayList, fonts: &EditionFonts) -> Result<Vec<u8>, PdfError> {
    let mut w = Writer::new(fonts)?;
    for page in &dl.pages {
        w.page(page)?;
    }
    w.finish(&DocInfo::of(dl))
}

impl Writer {
    /// A new document in the edition's fonts.
    pub fn new(fonts: &EditionFonts) -> Result<Writer, PdfError> {
        let configuration = ConfigurationBuilder::new()
            .with_archival_validator(Archival::A2_U)
            .with_accessibility_validator(Accessibility::UA1)
            .finish()
            .map_err(|e| PdfError::Write(format!("configuration: {e:?}")))?;
        let settings = SerializeSettings {
            configuration,
            enable_tagging: true,
            ..SerializeSettings::default()
        };
        Ok(Writer {
            doc: Document::new_with(settings),
            fonts: fonts_for(fonts)?,
            leaves: Vec::new(),
            pages: 0,
        })
    }

    /// Serialise one page; it may be dropped once this returns.
    pub fn page(&mut self, page: &PageList) -> Result<(), PdfError> {
        let pi = self.pages;
        self.pages += 1;
        let mut settings = PageSettings::from_wh(page.width, page.height)
            .ok_or_else(|| PdfError::Write(format!("page {}: bad size", pi + 1)))?;
        if let Some(n) = page.number {
            // Every numbered page carries its own label: a page without one starts a range
            // with no style (krilla writes one for it), which viewers show as an empty label.
            settings = settings.with_page_label(PageLabel::new(
                Some(NumberingStyle::Arabic),
                None,
                NonZeroU32::new(n),
            ));
        } else if !page.label.is_empty() {
            settings =
                settings.with_page_label(PageLabel::new(None, Some(page.label.clone()), None));
        }
        if let Some((trim, bleed)) =
            page_boxes(page.width, page.height, page.trim_inset, page.bleed)
        {
            settings = settings
                .with_trim_box(Some(trim))
                .with_bleed_box(Some(bleed));
        }
        let mut kpage = self.doc.start_page_with(settings);
        let mut links = Vec::new();
        {
            let mut surface = kpage.surface();
            for item in &page.items {
                let id = item_tag(item).map(|tag| surface.start_tagged(tag));
                match item {
                    Item::Text(run, _) => {
                        let Some(font) = self.fonts.get(run.face) else {
                            return Err(PdfError::Write(format!(
                                "page {}: glyph run uses unknown face {}",
                                pi + 1,
                                run.face
                            )));
                        };
                        let n = run.glyphs.len();
                        let glyphs: Vec<KrillaGlyph> = run
                            .glyphs
                            .iter()
                            .enumerate()
                            .map(|(i, g)| {
                                // The pen moves to the next glyph's position: krilla gets the
                                // exact spacing the inline engine chose.
                                let next = if i + 1 < n {
                                    run.glyphs
                                        .get(i + 1)
                                        .map(|h| h.x - g.x)
                                        .unwrap_or(g.advance)
                                } else {
                                    g.advance
                                };
                                KrillaGlyph::new(
                                    GlyphId::new(u32::from(g.id)),
                                    next / run.size,
                                    0.0,
                                    g.y_offset / run.size,
                                    0.0,
                                    g.text.clone(),
                                    None,
                                )
                            })
                            .collect();
                        surface.set_fill(Some(fill(run.color)));
                        let start = run.glyphs.first().map(|g| g.x).unwrap_or(0.0);
                        surface.draw_glyphs(
                            Point::from_xy(run.x + start, run.y),
                            &glyphs,
                            font.clone(),
                            &run.text,
                            run.size,
                            false,
                        );
                    }
                    Item::Rule(r, _) => {
                        let mut pb = PathBuilder::new();
                        if let Some(rect) = Rect::from_xywh(r.x, r.y, r.width, r.height) {
                            pb.push_rect(rect);
                        }
                        if let Some(path) = pb.finish() {
                            surface.set_fill(Some(fill(r.color)));
                            surface.draw_path(&path);
                        }
                    }
                    Item::Image(img, _) => {
                        let image = image(img)?;
                        if let Some(size) = Size::from_wh(img.width, img.height) {
                            surface.push_transform(&Transform::from_translate(img.x, img.y));
                            surface.draw_image(image, size);
                            surface.pop();
                        }
                    }
                    Item::Link(l, mark) => links.push((*l, *mark)),
                }
                if id.is_some() {
                    surface.end_tagged();
                }
                if let (Some(id), Some(n)) = (id, content_node(item)) {
                    leaf(&mut self.leaves, n, id);
                }
            }
            surface.finish();
        }
        for (l, mark) in links {
            let Some(rect) = Rect::from_xywh(l.x, l.y, l.width, l.height) else {
                continue;
            };
            let annotation = krilla::annotation::Annotation::new_link(
                krilla::annotation::LinkAnnotation::new(
                    rect,
                    krilla::annotation::Target::Destination(krilla::destination::Destination::Xyz(
                        xyz(l.dest),
                    )),
                ),
                Some("目录链接".to_string()),
            );
            let id = kpage.add_tagged_annotation(annotation);
            if let Mark::Content(n) = mark {
                leaf(&mut self.leaves, n, id);
            }
        }
        kpage.finish();
        Ok(())
    }

    /// The structure tree, outline and metadata; the PDF's bytes.
    pub fn finish(mut self, info: &DocInfo<'_>) -> Result<Vec<u8>, PdfError> {
        let mut leaves = std::mem::take(&mut self.leaves);
        // Structure tree: children in creation order, then the node's own leaves.
        let n = info.structure.len();
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, node) in info.structure.iter().enumerate() {
            match node.parent {
                Some(p) if p < i => kids[p].push(i),
                _ => roots.push(i),
            }
        }
        let mut groups: Vec<Option<TagGroup>> = (0..n).map(|_| None).collect();
        for i in (0..n).rev() {
            let mut g = TagGroup::new(tag_of(&info.structure[i].kind));
            for &c in &kids[i] {
                if let Some(cg) = groups[c].take()
                    && !cg.children.is_empty()
                {
                    g.push(cg);
                }
            }
            for id in leaves.get_mut(i).map(std::mem::take).unwrap_or_default() {
                g.push(Node::Leaf(id));
            }
            groups[i] = Some(g);
        }
        let mut tree = TagTree::new().with_lang(Some(info.language.to_string()));
        for r in roots {
            if let Some(g) = groups[r].take()
                && !g.children.is_empty()
            {
                tree.push(g);
            }
        }
        self.doc.set_tag_tree(tree);

        let mut outline = Outline::new();
        for e in info.outline {
            outline.push_child(outline_node(e));
        }
        self.doc.set_outline(outline);

        let mut meta = Metadata::new()
            .title(info.title.to_string())
            .language(info.language.to_string())
            .creator("paiban".to_string())
            .producer("paiban (krilla)".to_string());
        if let Some(p) = info
            .publisher
            .map(str::to_string)
            .filter(|p| !p.trim().is_empty())
        {
            meta = meta.authors(vec![p]);
        }
        let (y, m, d) = info.date;
        meta = meta.creation_date(DateTime::new(y).month(m).day(d));
        self.doc.set_metadata(meta);
        self.doc
            .finish()
            .map_err(|e| PdfError::Write(format!("krilla: {e:?}")))
    }
}

/// The content tag an item is drawn under: a span of a structure node, or an artifact.
fn item_tag(item: &Item) -> Option<ContentTag<'static>> {
    let mark = match item {
        Item::Text(_, m) | Item::Rule(_, m) | Item::Image(_, m) => *m,
        Item::Link(..) => return None,
    };
    Some(match (item, mark) {
        (Item::Text(..), Mark::Content(_)) => ContentTag::Span(SpanTag::empty()),
        (_, Mark::Content(_)) => ContentTag::Other,
        (_, Mark::Header) => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Header)),
        (_, Mark::Footer) => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Footer)),
        (_, Mark::Decoration) => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)),
    })
}

fn content_node(item: &Item) -> Option<usize> {
    match item {
        Item::Text(_, Mark::Content(n))
        | Item::Image(_, Mark::Content(n))
        | Item::Rule(_, Mark::Content(n)) => Some(*n),
        _ => None,
    }
}

/// TrimBox and BleedBox of a media box `w`×`h` whose trim box is inset by `inset`.
fn page_boxes(w: f32, h: f32, inset: f32, bleed: f32) -> Option<(Rect, Rect)> {
    if bleed <= 0.0 || inset <= 0.0 {
        return None;
    }
    let trim = Rect::from_ltrb(inset, inset, w - inset, h - inset)?;
    let b = inset - bleed;
    let bleed_box = Rect::from_ltrb(b, b, w - b, h - b)?;
    Some((trim, bleed_box))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::PageList;

    /// The tokens of object `n` (from `n 0 obj` to `endobj`): names, numbers, `R`, `[`, `]`,
    /// and strings with their parentheses; dictionary brackets left out.
    fn object(pdf: &str, n: u32) -> Vec<String> {
        let head = format!("\n{n} 0 obj");
        let Some(start) = pdf.find(&head).map(|i| i + head.len()) else {
            return Vec::new();
        };
        let end = pdf[start..].find("endobj").map_or(pdf.len(), |e| start + e);
        tokens(&pdf[start..end])
    }

    fn tokens(s: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut cur = String::new();
        let mut in_string = false;
        for c in s.chars() {
            if in_string {
                cur.push(c);
                if c == ')' {
                    in_string = false;
                    out.push(std::mem::take(&mut cur));
                }
                continue;
            }
            let delimiter = c.is_whitespace() || "[]<>/(".contains(c);
            if delimiter && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            match c {
                '[' | ']' => out.push(c.to_string()),
                '/' => cur.push('/'),
                '(' => {
                    in_string = true;
                    cur.push('(');
                }
                c if !delimiter => cur.push(c),
                _ => {}
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }

    /// The value token after the key `key` in `t`.
    fn value<'t>(t: &'t [String], key: &str) -> Option<&'t str> {
        let i = t.iter().position(|x| x == key)?;
        t.get(i + 1).map(String::as_str)
    }

    /// The label a viewer shows for each of `pages` pages, read from the `/PageLabels` number
    /// tree the way PDF 1.7 §12.4.2 defines it (decimal style only).
    fn shown_labels(pdf: &str, pages: usize) -> Vec<String> {
        let at = pdf.find("/PageLabels").expect("a /PageLabels tree");
        let root: u32 = tokens(&pdf[at..at + 30])[1].parse().expect("reference");
        let tree = object(pdf, root);
        let nums = tree
            .iter()
            .position(|x| x == "/Nums")
            .expect("a flat /Nums array");
        let mut ranges = Vec::new();
        for w in tree[nums + 2..].chunks(4) {
            if let [start, n, _, r] = w
                && r == "R"
            {
                let start: usize = start.parse().expect("page index");
                ranges.push((start, object(pdf, n.parse().expect("reference"))));
            }
        }
        (0..pages)
            .map(|p| {
                let Some((start, dict)) = ranges.iter().rev().find(|(s, _)| *s <= p) else {
                    return String::new();
                };
                let prefix = value(dict, "/P")
                    .map(|v| v.trim_start_matches('(').trim_end_matches(')'))
                    .unwrap_or_default();
                let first: usize = value(dict, "/St").and_then(|v| v.parse().ok()).unwrap_or(1);
                let number = match value(dict, "/S") {
                    Some("/D") => (first + p - start).to_string(),
                    _ => String::new(),
                };
                format!("{prefix}{number}")
            })
            .collect()
    }

    #[test]
    fn every_body_page_has_a_numbered_label() {
        let page = |label: &str, number: Option<u32>| PageList {
            width: 200.0,
            height: 300.0,
            bleed: 0.0,
            trim_inset: 0.0,
            label: label.to_string(),
            number,
            items: Vec::new(),
        };
        let dl = DisplayList {
            title: "清河日报".into(),
            language: "zh-CN".into(),
            date: (2026, 3, 18),
            pages: vec![
                page("contents", None),
                page("", Some(1)),
                page("", Some(2)),
                page("", Some(3)),
            ],
            ..DisplayList::default()
        };
        let fonts = EditionFonts {
            faces: Vec::new(),
            diagnostics: Vec::new(),
        };
        let pdf = write(&dl, &fonts).expect("write");
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(shown_labels(&text, 4), ["contents", "1", "2", "3"]);
    }
}
