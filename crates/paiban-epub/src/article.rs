//! One article as an XHTML document, set as a newspaper sets it: page label, kicker (引题),
//! headline, subtitle (副题), byline, the jump note it is continued from, the body with the
//! dateline run into the lead paragraph, subheads (小标题), photos with caption and credit,
//! the jump note it continues on, and links to the previous and next article.
//!
//! Input: the [`Plan`] and a document index. Output: the document's bytes. The element
//! classes here are the ones the stylesheet (`css.rs`) gives a font role.

use crate::EpubError;
use crate::plan::{CONTENTS_FILE, Plan, page_label};
use crate::xhtml::Xhtml;
use paiban_model::{Block, BlockKind};
use paiban_present::{CONTENTS, NEXT, PREVIOUS};

/// The id of the `<article>` element: the target of an article's entry in the nav and the
/// NCX, so that it differs from its page's entry (the document itself), as the NCX requires.
pub(crate) const STORY_ANCHOR: &str = "story";

/// The XHTML of article document `index` of `plan`.
pub(crate) fn document(plan: &Plan<'_>, index: usize) -> Result<Vec<u8>, EpubError> {
    let Some(doc) = plan.docs.get(index) else {
        return Err(EpubError::Package(format!("no article document {index}")));
    };
    let a = doc.article;
    let title = a
        .headline
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| page_label(doc.section));
    let mut x = Xhtml::document(&doc.file, &plan.lang, &title)?;
    x.start("article", &[("class", "story"), ("id", STORY_ANCHOR)])?;
    x.nl()?;
    x.leaf(
        "div",
        &[("class", "page-label")],
        &plan.present.running_head(doc.section),
    )?;
    x.nl()?;
    head(&mut x, a)?;
    // The other part of a jumped article, when the edition has it.
    let part = |i: Option<usize>| i.and_then(|i| plan.docs.get(i)).map(|d| d.file.as_str());
    if let Some(page) = a.continued_from {
        let text = paiban_present::jump_from(page);
        jump(&mut x, "jump jump-from", &text, part(doc.from_doc))?;
    }
    body(&mut x, plan, a.dateline.as_deref(), &a.blocks)?;
    if let Some(page) = a.continues_to {
        let text = paiban_present::jump_to(page);
        jump(&mut x, "jump jump-to", &text, part(doc.to_doc))?;
    }
    x.end("article")?;
    x.nl()?;
    pager(&mut x, plan, index)?;
    x.finish()
}

/// The attributes of a heading of `level` (1: the headline, 2: a subhead) with `class`.
///
/// A `<p>` with the ARIA heading role rather than `<h1>`/`<h2>`: Calibre, which Kindle users
/// convert books with, forces a page break before every h1 and h2 by default
/// (`--page-breaks-before`), which would leave an article's running head and kicker alone on
/// a page and start a page at every subhead. Assistive technology reads the role and level.
pub(crate) fn heading<'c>(class: &'c str, level: &'static str) -> [(&'static str, &'c str); 3] {
    [("class", class), ("role", "heading"), ("aria-level", level)]
}

/// The article head: kicker, headline, subtitle, byline, each only when present.
fn head(x: &mut Xhtml, a: &paiban_model::Article) -> Result<(), EpubError> {
    let fields = [
        ("kicker", &a.kicker),
        ("headline", &a.headline),
        ("subtitle", &a.subtitle),
        ("byline", &a.byline),
    ];
    if fields.iter().all(|(_, v)| present(v).is_none()) {
        return Ok(());
    }
    x.start("header", &[("class", "head")])?;
    x.nl()?;
    for (class, value) in fields {
        if let Some(text) = present(value) {
            if class == "headline" {
                x.leaf("p", &heading(class, "1"), text)?;
            } else {
                x.leaf("p", &[("class", class)], text)?;
            }
            x.nl()?;
        }
    }
    x.end("header")?;
    x.nl()
}

/// The trimmed value of an optional field, when it has text.
fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A jump note, linked to the other part when it is in the edition.
fn jump(x: &mut Xhtml, class: &str, note: &str, target: Option<&str>) -> Result<(), EpubError> {
    x.start("p", &[("class", class)])?;
    match target {
        Some(file) => x.leaf("a", &[("href", file)], note)?,
        None => x.text(note)?,
    }
    x.end("p")?;
    x.nl()
}

/// The body blocks. The dateline runs into the first paragraph (or stands alone when there
/// is none); an image takes the captions and credits that follow it into its figure.
fn body(
    x: &mut Xhtml,
    plan: &Plan<'_>,
    dateline: Option<&str>,
    blocks: &[Block],
) -> Result<(), EpubError> {
    let mut dateline = dateline.map(str::trim).filter(|d| !d.is_empty());
    if dateline.is_some() && !blocks.iter().any(|b| b.kind == BlockKind::Paragraph) {
        paragraph(x, dateline.take(), "")?;
    }
    let mut i = 0;
    while let Some(block) = blocks.get(i) {
        i += 1;
        match block.kind {
            BlockKind::Paragraph => paragraph(x, dateline.take(), &block.text)?,
            BlockKind::Subhead => {
                x.leaf("p", &heading("subhead", "2"), block.text.trim())?;
                x.nl()?;
            }
            BlockKind::Note => {
                x.leaf("p", &[("class", "note")], block.text.trim())?;
                x.nl()?;
            }
            BlockKind::Caption | BlockKind::Credit => {
                let class = if block.kind == BlockKind::Caption {
                    "caption"
                } else {
                    "credit"
                };
                x.leaf("p", &[("class", class)], block.text.trim())?;
                x.nl()?;
            }
            BlockKind::Image => {
                let mut extra = 0;
                while blocks
                    .get(i + extra)
                    .is_some_and(|b| matches!(b.kind, BlockKind::Caption | BlockKind::Credit))
                {
                    extra += 1;
                }
                figure(x, plan, block, blocks.get(i..i + extra).unwrap_or_default())?;
                i += extra;
            }
        }
    }
    Ok(())
}

/// A body paragraph, with the dateline run in at its start.
fn paragraph(x: &mut Xhtml, dateline: Option<&str>, text: &str) -> Result<(), EpubError> {
    x.start("p", &[])?;
    if let Some(d) = dateline {
        x.leaf("span", &[("class", "dateline")], d)?;
    }
    x.text(text.trim())?;
    x.end("p")?;
    x.nl()
}

/// A photo with its caption (the image block's text and any caption blocks) and credit.
fn figure(x: &mut Xhtml, plan: &Plan<'_>, image: &Block, notes: &[Block]) -> Result<(), EpubError> {
    let caption: Vec<&str> = std::iter::once(image.text.trim())
        .chain(
            notes
                .iter()
                .filter(|b| b.kind == BlockKind::Caption)
                .map(|b| b.text.trim()),
        )
        .filter(|t| !t.is_empty())
        .collect();
    let credits: Vec<&str> = notes
        .iter()
        .filter(|b| b.kind == BlockKind::Credit)
        .map(|b| b.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let file = image.src.as_deref().and_then(|s| plan.image_file(s));
    x.start("figure", &[("class", "photo")])?;
    x.nl()?;
    if let Some(file) = file {
        let alt = caption.first().copied().unwrap_or(paiban_present::PICTURE);
        x.empty("img", &[("src", file), ("alt", alt)])?;
        x.nl()?;
    }
    if !caption.is_empty() || !credits.is_empty() {
        x.start("figcaption", &[])?;
        for c in &caption {
            x.leaf("span", &[("class", "caption")], c)?;
        }
        for c in &credits {
            x.leaf("span", &[("class", "credit")], c)?;
        }
        x.end("figcaption")?;
        x.nl()?;
    }
    x.end("figure")?;
    x.nl()
}

/// Links to the previous article, the contents page and the next article.
fn pager(x: &mut Xhtml, plan: &Plan<'_>, index: usize) -> Result<(), EpubError> {
    let prev = index
        .checked_sub(1)
        .and_then(|i| plan.docs.get(i))
        .map(|d| d.file.as_str());
    let next = plan.docs.get(index + 1).map(|d| d.file.as_str());
    x.start("nav", &[("class", "pager")])?;
    // No separator characters: the stylesheet spaces the links.
    let links = [
        (prev, "prev", PREVIOUS),
        (Some(CONTENTS_FILE), "contents", CONTENTS),
        (next, "next", NEXT),
    ];
    for (target, class, label) in links {
        if let Some(file) = target {
            x.leaf("a", &[("href", file), ("class", class)], label)?;
        }
    }
    x.end("nav")?;
    x.nl()
}
