//! The package documents, written directly: the OPF (EPUB 3 package document: metadata,
//! manifest, spine, guide) and the NCX (the table of contents EPUB 2 readers use).
//!
//! Every text and attribute value goes through [`esc`]: characters XML forbids are dropped
//! and `& < > " '` escaped. The shape follows what epub-builder 0.8.2 wrote before it was
//! removed (same ids, same element order), so readers see the same book.
//!
//! Input: the [`Plan`], the book's identifier and the manifest. Output: the documents' bytes.

use crate::plan::Plan;
use crate::xhtml::xml_chars;
use std::fmt::Write;

/// The `id` of the identifier the package's `unique-identifier` names.
const UID_ID: &str = "epub-id-1";
/// The `id` of the series (`belongs-to-collection`) the metadata refines.
const COLLECTION_ID: &str = "series";

/// The accessibility summary: how the book is organised, for a reader who cannot see it.
const SUMMARY: &str = "报纸电子版：每篇稿件一个文档，按版面顺序排列，标题层级清楚；\
    目录按版分组并链接到各篇；转版稿件以链接相连；图片附有说明文字。";

/// One manifest item.
pub(crate) struct Item {
    /// Path under `OEBPS/`.
    pub href: String,
    pub id: String,
    pub media_type: &'static str,
    /// `properties` (`nav`, `cover-image`).
    pub properties: Option<&'static str>,
    /// In the spine, in manifest order.
    pub spine: bool,
}

impl Item {
    /// An item whose id is derived from its path (`id_` + the path, `/` and other
    /// characters outside `[A-Za-z0-9._-]` as `_`).
    pub fn new(href: &str, media_type: &'static str) -> Item {
        let id = href
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
                    c
                } else {
                    '_'
                }
            })
            .collect::<String>();
        Item {
            href: href.to_string(),
            id: format!("id_{id}"),
            media_type,
            properties: None,
            spine: false,
        }
    }
}

/// A `<guide>` reference: type, title, href.
pub(crate) type Reference = (&'static str, String, String);

/// One entry of the NCX: label, target and the entries under it.
pub(crate) struct NavPoint {
    pub label: String,
    pub src: String,
    pub children: Vec<NavPoint>,
}

/// `text` ready for XML text or a double-quoted attribute value.
fn esc(text: &str) -> String {
    quick_xml::escape::escape(xml_chars(text).as_ref()).into_owned()
}

/// The publisher named in the edition, if any.
pub(crate) fn publisher<'a>(plan: &'a Plan<'_>) -> Option<&'a str> {
    plan.edition
        .publisher
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// The accessibility metadata (schema.org properties) of the book of `plan`.
fn accessibility(plan: &Plan<'_>) -> Vec<(&'static str, &'static str)> {
    let images = !plan.images.is_empty();
    let mut metas = vec![("schema:accessMode", "textual")];
    if images {
        metas.push(("schema:accessMode", "visual"));
    }
    // Every photo has its caption as text, so text alone suffices.
    metas.push(("schema:accessModeSufficient", "textual"));
    if images {
        metas.push(("schema:accessModeSufficient", "textual,visual"));
    }
    if !plan.pages.is_empty() {
        // The nav's page-list: where each page (版) of the print edition starts.
        metas.push(("schema:accessibilityFeature", "pageNavigation"));
    }
    for feature in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ] {
        metas.push(("schema:accessibilityFeature", feature));
    }
    if images {
        metas.push(("schema:accessibilityFeature", "alternativeText"));
    }
    metas.push(("schema:accessibilityHazard", "none"));
    metas.push(("schema:accessibilitySummary", SUMMARY));
    metas
}

/// The series the book belongs to, so that reading systems group the issues of a paper
/// (Apple Books, Calibre, Thorium): the masthead, ordered by the issue number when the edition
/// has one.
fn collection(plan: &Plan<'_>) -> String {
    let masthead = plan.present.masthead();
    if masthead.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "    <meta property=\"belongs-to-collection\" id=\"{COLLECTION_ID}\">{}</meta>\n\
         \x20   <meta refines=\"#{COLLECTION_ID}\" property=\"collection-type\">series</meta>\n",
        esc(masthead)
    );
    if let Some(n) = plan.present.issue_number() {
        out += &format!(
            "    <meta refines=\"#{COLLECTION_ID}\" property=\"group-position\">{n}</meta>\n"
        );
    }
    out
}

/// The OPF package document of the book of `plan`, identified by `uid` (a `urn:uuid:`).
pub(crate) fn package(plan: &Plan<'_>, uid: &str, items: &[Item], guide: &[Reference]) -> String {
    let stamp = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let date = plan
        .date
        .and_then(|d| chrono::DateTime::from_timestamp(d.unix_midnight(), 0))
        .map(|d| format!("    <dc:date>{}</dc:date>\n", stamp(d)))
        .unwrap_or_default();
    let mut more = publisher(plan)
        .map(|p| format!("    <dc:publisher>{}</dc:publisher>\n", esc(p)))
        .unwrap_or_default();
    if !plan.pages.is_empty() {
        // The print edition the page-list's pages are of.
        more += &format!("    <dc:source>{}</dc:source>\n", esc(&plan.title));
    }
    more += &collection(plan);
    for (property, value) in accessibility(plan) {
        more += &format!("    <meta property=\"{property}\">{}</meta>\n", esc(value));
    }
    let cover = items
        .iter()
        .find(|i| i.properties == Some("cover-image"))
        .map(|i| format!("    <meta name=\"cover\" content=\"{}\"/>\n", esc(&i.id)))
        .unwrap_or_default();
    let manifest: String = items
        .iter()
        .map(|i| {
            let properties = i.properties.map(|p| format!(" properties=\"{p}\""));
            format!(
                "    <item id=\"{}\" href=\"{}\" media-type=\"{}\"{}/>\n",
                esc(&i.id),
                esc(&i.href),
                i.media_type,
                properties.unwrap_or_default()
            )
        })
        .collect();
    let spine: String = items
        .iter()
        .filter(|i| i.spine)
        .map(|i| format!("    <itemref idref=\"{}\"/>\n", esc(&i.id)))
        .collect();
    let guide: String = guide
        .iter()
        .map(|(kind, title, href)| {
            let (title, href) = (esc(title), esc(href));
            format!("    <reference type=\"{kind}\" title=\"{title}\" href=\"{href}\"/>\n")
        })
        .collect();
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<package version="3.0" xmlns="http://www.idpf.org/2007/opf" unique-identifier="{UID_ID}" xml:lang="{lang}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:identifier id="{UID_ID}">{uid}</dc:identifier>
    <dc:title>{title}</dc:title>
{date}    <dc:language>{lang}</dc:language>
{more}    <dc:creator id="epub-creator-0">{creator}</dc:creator>
    <meta refines="#epub-creator-0" property="role" scheme="marc:relators">aut</meta>
    <meta property="dcterms:modified">{modified}</meta>
{cover}  </metadata>
  <manifest>
{manifest}  </manifest>
  <spine toc="ncx" page-progression-direction="ltr">
{spine}  </spine>
  <guide>
{guide}  </guide>
</package>
"##,
        lang = esc(&plan.lang),
        uid = esc(uid),
        title = esc(&plan.title),
        creator = esc(publisher(plan).unwrap_or(plan.edition.masthead.trim())),
        modified = stamp(plan.modified),
    )
}

/// The NCX of the book of `plan`, identified by `uid`, with `points` as its navMap.
pub(crate) fn ncx(plan: &Plan<'_>, uid: &str, points: &[NavPoint]) -> String {
    let mut map = String::new();
    let mut order = 0;
    for point in points {
        nav_point(&mut map, point, 2, &mut order);
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ncx version="2005-1" xmlns="http://www.daisy.org/z3986/2005/ncx/" xml:lang="{lang}">
  <head>
    <meta name="dtb:uid" content="{uid}"/>
    <meta name="dtb:depth" content="{depth}"/>
    <meta name="dtb:totalPageCount" content="0"/>
    <meta name="dtb:maxPageNumber" content="0"/>
  </head>
  <docTitle><text>{title}</text></docTitle>
  <navMap>
{map}  </navMap>
</ncx>
"#,
        lang = esc(&plan.lang),
        uid = esc(uid),
        // Pages, then their articles.
        depth = if plan.pages.is_empty() { 1 } else { 2 },
        title = esc(&plan.title),
    )
}

/// One `<navPoint>` and those under it, numbered in document order.
fn nav_point(o: &mut String, point: &NavPoint, level: usize, order: &mut usize) {
    *order += 1;
    let pad = "  ".repeat(level);
    let _ = writeln!(
        o,
        "{pad}<navPoint id=\"navPoint-{order}\" playOrder=\"{order}\">\n\
         {pad}  <navLabel><text>{}</text></navLabel>\n\
         {pad}  <content src=\"{}\"/>",
        esc(point.label.trim()),
        esc(&point.src)
    );
    for child in &point.children {
        nav_point(o, child, level + 1, order);
    }
    let _ = writeln!(o, "{pad}</navPoint>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_only_id_characters() {
        assert_eq!(
            Item::new("fonts/body-0.ttf", "font/ttf").id,
            "id_fonts_body-0.ttf"
        );
        assert_eq!(Item::new("a b&c.xhtml", "x").id, "id_a_b_c.xhtml");
    }

    #[test]
    fn values_are_escaped_and_cleaned() {
        assert_eq!(
            esc("a<b>&\"c\"\u{1}'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;"
        );
    }

    #[test]
    fn nav_points_are_numbered_in_document_order() {
        let points = [
            NavPoint {
                label: "一".into(),
                src: "a.xhtml".into(),
                children: vec![NavPoint {
                    label: " 二 ".into(),
                    src: "a.xhtml#s".into(),
                    children: vec![],
                }],
            },
            NavPoint {
                label: "三".into(),
                src: "b.xhtml".into(),
                children: vec![],
            },
        ];
        let mut o = String::new();
        let mut order = 0;
        for p in &points {
            nav_point(&mut o, p, 0, &mut order);
        }
        assert!(o.contains("id=\"navPoint-2\" playOrder=\"2\">\n    <navLabel><text>二</text>"));
        assert!(o.contains("navPoint-3\" playOrder=\"3\">\n  <navLabel><text>三</text>"));
        assert_eq!(order, 3);
    }
}
