//! The navigation documents: the EPUB 3 nav (table of contents grouped by page, landmarks),
//! the inline contents page a reader pages through, the cover page, and the labels they share
//! with the NCX.
//!
//! Input: the [`Plan`]. Output: XHTML bytes per document; [`article_label`] for the NCX.

use crate::EpubError;
use crate::article::{STORY_ANCHOR, heading};
use crate::plan::{
    ArticleDoc, CONTENTS_FILE, COVER_FILE, COVER_IMAGE, PageGroup, Plan, page_label,
};
use crate::xhtml::Xhtml;
use paiban_fonts::{Role, role_of};
use paiban_model::TextField;
use paiban_present::{BODY_MATTER, CONTENTS, COVER, ELLIPSIS, PICTURE};

/// The file name of the nav document.
pub(crate) const NAV_FILE: &str = "nav.xhtml";

/// How many characters of body text name an untitled article.
const UNTITLED_CHARS: usize = 16;

/// The label of an article in the nav, the NCX and the contents page, and the font role it is
/// set in: the headline; for an untitled item (a lone photo) the start of its first text in
/// the body face, usually the caption; else 图片.
pub(crate) fn article_label(doc: &ArticleDoc<'_>) -> (String, Role) {
    let a = doc.article;
    if let Some(h) = a
        .headline
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
    {
        return (h.to_string(), role_of(TextField::Headline));
    }
    let first = a
        .blocks
        .iter()
        .find(|b| role_of(TextField::Block(b.kind)) == Role::Body && !b.text.trim().is_empty());
    match first {
        Some(b) => {
            let text = b.text.trim();
            let mut label: String = text.chars().take(UNTITLED_CHARS).collect();
            if text.chars().count() > UNTITLED_CHARS {
                label.push_str(ELLIPSIS);
            }
            (label, Role::Body)
        }
        None => (PICTURE.to_string(), Role::Body),
    }
}

/// The target of an article's entry in the nav and the NCX: its `<article>` element.
pub(crate) fn story_target(doc: &ArticleDoc<'_>) -> String {
    format!("{}#{STORY_ANCHOR}", doc.file)
}

/// The class of an article's label in the nav and the contents page, which gives it the font
/// role [`article_label`] chose (page labels take `page-label`, the display role).
fn label_class(role: Role) -> &'static str {
    match role {
        Role::Heading => "contents-headline",
        _ => "contents-untitled",
    }
}

/// The EPUB 3 navigation document: its links carry the contents page's classes, so that a
/// reader that shows it with the book's stylesheet sets each label in a face that covers it.
pub(crate) fn nav_document(plan: &Plan<'_>) -> Result<Vec<u8>, EpubError> {
    let mut x = Xhtml::document(NAV_FILE, &plan.lang, CONTENTS)?;
    x.start("nav", &[("epub:type", "toc"), ("id", "toc")])?;
    x.nl()?;
    x.leaf("h1", &[("class", "contents-title")], CONTENTS)?;
    x.nl()?;
    x.start("ol", &[])?;
    x.nl()?;
    for page in &plan.pages {
        let Some(first) = plan.docs.get(page.docs.start) else {
            continue;
        };
        x.start("li", &[])?;
        x.leaf(
            "a",
            &[("href", &first.file), ("class", "page-label")],
            &page_label(page.section),
        )?;
        x.nl()?;
        x.start("ol", &[])?;
        x.nl()?;
        article_links(&mut x, plan, page, story_target)?;
        x.end("ol")?;
        x.end("li")?;
        x.nl()?;
    }
    x.end("ol")?;
    x.nl()?;
    x.end("nav")?;
    x.nl()?;
    page_list(&mut x, plan)?;
    // No heading: the list is hidden, and a heading would be text to cover in a font.
    let mut marks = vec![
        ("cover", COVER_FILE, COVER),
        ("toc", CONTENTS_FILE, CONTENTS),
    ];
    if let Some(first) = plan.docs.first() {
        marks.push(("bodymatter", first.file.as_str(), BODY_MATTER));
    }
    let items: Vec<(Option<&str>, &str, String)> = marks
        .into_iter()
        .map(|(kind, file, label)| (Some(kind), file, label.to_string()))
        .collect();
    hidden_nav(&mut x, "landmarks", &items)?;
    x.finish()
}

/// The page-list: where each page (版) of the print edition starts, labelled by its number,
/// so that a reader can go to a page and show which page it is on. Hidden: the contents
/// above already lists the pages.
fn page_list(x: &mut Xhtml, plan: &Plan<'_>) -> Result<(), EpubError> {
    if plan.pages.is_empty() {
        return Ok(());
    }
    let items: Vec<(Option<&str>, &str, String)> = plan
        .pages
        .iter()
        .filter_map(|page| {
            let first = plan.docs.get(page.docs.start)?;
            Some((None, first.file.as_str(), page.section.number.to_string()))
        })
        .collect();
    hidden_nav(x, "page-list", &items)
}

/// A hidden `nav` of `kind` (its `epub:type` and id): one list item per `(epub:type of the
/// link, href, label)`.
fn hidden_nav(
    x: &mut Xhtml,
    kind: &str,
    items: &[(Option<&str>, &str, String)],
) -> Result<(), EpubError> {
    x.start(
        "nav",
        &[("epub:type", kind), ("id", kind), ("hidden", "hidden")],
    )?;
    x.nl()?;
    x.start("ol", &[])?;
    x.nl()?;
    for (link_type, href, label) in items {
        x.start("li", &[])?;
        match link_type {
            Some(t) => x.leaf("a", &[("epub:type", t), ("href", href)], label)?,
            None => x.leaf("a", &[("href", href)], label)?,
        }
        x.end("li")?;
        x.nl()?;
    }
    x.end("ol")?;
    x.nl()?;
    x.end("nav")?;
    x.nl()
}

/// One list item per article of `page`, linking to `href(doc)` under the article's label.
fn article_links(
    x: &mut Xhtml,
    plan: &Plan<'_>,
    page: &PageGroup<'_>,
    href: impl Fn(&ArticleDoc<'_>) -> String,
) -> Result<(), EpubError> {
    for doc in plan.docs.get(page.docs.clone()).unwrap_or_default() {
        let (label, role) = article_label(doc);
        x.start("li", &[])?;
        x.leaf(
            "a",
            &[("href", &href(doc)), ("class", label_class(role))],
            &label,
        )?;
        x.end("li")?;
        x.nl()?;
    }
    Ok(())
}

/// The inline contents page: masthead, date line, and per page its articles.
pub(crate) fn contents_document(plan: &Plan<'_>) -> Result<Vec<u8>, EpubError> {
    let mut x = Xhtml::document(CONTENTS_FILE, &plan.lang, CONTENTS)?;
    x.start("section", &[("epub:type", "toc"), ("class", "contents")])?;
    x.nl()?;
    x.leaf("p", &[("class", "masthead")], plan.edition.masthead.trim())?;
    x.nl()?;
    // The date line breaks only between its parts (not "清河日报" / "社").
    let parts = plan.present.date_line_parts();
    if !parts.is_empty() {
        x.start("p", &[("class", "edition-date")])?;
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                x.text(plan.present.date_line_separator())?;
            }
            x.leaf("span", &[("class", "unit")], part)?;
        }
        x.end("p")?;
        x.nl()?;
    }
    x.leaf("p", &heading("contents-title", "1"), CONTENTS)?;
    x.nl()?;
    for page in &plan.pages {
        x.start("section", &[("class", "contents-page")])?;
        x.nl()?;
        x.leaf("p", &heading("page-label", "2"), &page_label(page.section))?;
        x.nl()?;
        x.start("ol", &[("class", "contents-list")])?;
        x.nl()?;
        article_links(&mut x, plan, page, |doc| doc.file.clone())?;
        x.end("ol")?;
        x.nl()?;
        x.end("section")?;
        x.nl()?;
    }
    x.end("section")?;
    x.nl()?;
    x.finish()
}

/// The cover page: the cover image, full page.
pub(crate) fn cover_document(plan: &Plan<'_>) -> Result<Vec<u8>, EpubError> {
    // The page's height passed down to the picture (`cover-page`): a print engine's page, an
    // e-reader's screen.
    let mut x = Xhtml::document_of_class(COVER_FILE, &plan.lang, &plan.title, Some("cover-page"))?;
    x.start("section", &[("epub:type", "cover"), ("class", "cover")])?;
    x.nl()?;
    x.empty("img", &[("src", COVER_IMAGE), ("alt", &plan.title)])?;
    x.nl()?;
    x.end("section")?;
    x.nl()?;
    x.finish()
}
