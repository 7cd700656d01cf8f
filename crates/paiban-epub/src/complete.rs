//! Completing epub-builder's package documents with what its templates cannot say, by
//! re-writing them event by event with quick-xml (no text splicing):
//! - the OPF: `xml:lang` on `<package>`, `dc:publisher`, accessibility metadata
//!   (accessMode, accessModeSufficient, accessibilityFeature, accessibilityHazard,
//!   accessibilitySummary) after `<dc:language>`;
//! - the NCX: `xml:lang`, `dtb:uid` (the book's identifier, as EPUB 2 readers expect),
//!   `dtb:depth` 2 (pages → articles), and the book's title as `docTitle`.
//!
//! Input: the [`Plan`] and the bytes epub-builder wrote. Output: the completed bytes.

use crate::plan::Plan;
use crate::xhtml::xml_chars;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// What the OPF and NCX get beyond epub-builder's templates.
pub(crate) struct Completion {
    lang: String,
    title: String,
    uid: String,
    depth: &'static str,
    publisher: Option<String>,
    metas: Vec<(&'static str, String)>,
}

/// The accessibility summary: how the book is organised, for a reader who cannot see it.
const SUMMARY: &str = "报纸电子版：每篇稿件一个文档，按版面顺序排列，标题层级清楚；\
    目录按版分组并链接到各篇；转版稿件以链接相连；图片附有说明文字。";

impl Completion {
    /// The completion of the book of `plan` with identifier `uid`.
    pub fn new(plan: &Plan<'_>, uid: &uuid::Uuid) -> Completion {
        let has_images = !plan.images.is_empty();
        let mut metas = vec![("schema:accessMode", "textual".to_string())];
        if has_images {
            metas.push(("schema:accessMode", "visual".to_string()));
        }
        // Every photo has its caption as text, so text alone suffices.
        metas.push(("schema:accessModeSufficient", "textual".to_string()));
        if has_images {
            metas.push(("schema:accessModeSufficient", "textual,visual".to_string()));
        }
        for feature in [
            "structuralNavigation",
            "tableOfContents",
            "readingOrder",
            "displayTransformability",
        ] {
            metas.push(("schema:accessibilityFeature", feature.to_string()));
        }
        if has_images {
            metas.push(("schema:accessibilityFeature", "alternativeText".to_string()));
        }
        metas.push(("schema:accessibilityHazard", "none".to_string()));
        metas.push(("schema:accessibilitySummary", SUMMARY.to_string()));
        Completion {
            lang: plan.lang.clone(),
            title: xml_chars(&plan.title).into_owned(),
            uid: uuid::fmt::Urn::from_uuid(*uid).to_string(),
            depth: if plan.pages.is_empty() { "1" } else { "2" },
            publisher: plan
                .edition
                .publisher
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_string),
            metas,
        }
    }

    /// Re-write epub-builder's OPF: `xml:lang` on `<package>`, our metadata after
    /// `<dc:language>`. Every other event passes through unchanged.
    pub fn opf(&self, opf: &[u8]) -> Result<Vec<u8>, String> {
        let text = std::str::from_utf8(opf).map_err(|e| e.to_string())?;
        let mut reader = Reader::from_str(text);
        let mut w = Writer::new(Vec::new());
        loop {
            let event = reader.read_event().map_err(|e| e.to_string())?;
            match event {
                Event::Eof => break,
                Event::Start(start) if start.name().as_ref() == "package" => {
                    let mut el = start.into_owned();
                    el.push_attribute(("xml:lang", self.lang.as_str()));
                    w.write_event(Event::Start(el)).map_err(|e| e.to_string())?;
                }
                Event::End(end) if end.name().as_ref() == "dc:language" => {
                    w.write_event(Event::End(end)).map_err(|e| e.to_string())?;
                    self.write_metadata(&mut w).map_err(|e| e.to_string())?;
                }
                other => w.write_event(other).map_err(|e| e.to_string())?,
            }
        }
        Ok(w.into_inner())
    }

    /// Re-write epub-builder's NCX: `xml:lang` on `<ncx>`, `dtb:uid` first in `<head>`, the
    /// real `dtb:depth`, the book's title in `<docTitle>`.
    pub fn ncx(&self, ncx: &[u8]) -> Result<Vec<u8>, String> {
        let text = std::str::from_utf8(ncx).map_err(|e| e.to_string())?;
        let mut reader = Reader::from_str(text);
        let mut w = Writer::new(Vec::new());
        let mut in_doc_title = false;
        loop {
            let event = reader.read_event().map_err(|e| e.to_string())?;
            let out = match event {
                Event::Eof => break,
                Event::Start(start) if start.name().as_ref() == "ncx" => {
                    let mut el = start.into_owned();
                    el.push_attribute(("xml:lang", self.lang.as_str()));
                    Event::Start(el)
                }
                Event::Start(start) if start.name().as_ref() == "head" => {
                    w.write_event(Event::Start(start))
                        .map_err(|e| e.to_string())?;
                    let uid = BytesStart::new("meta")
                        .with_attributes([("name", "dtb:uid"), ("content", self.uid.as_str())]);
                    w.write_event(Event::Text(BytesText::from_escaped("\n    ")))
                        .map_err(|e| e.to_string())?;
                    Event::Empty(uid)
                }
                Event::Empty(meta)
                    if meta.name().as_ref() == "meta"
                        && meta
                            .try_get_attribute("name")
                            .ok()
                            .flatten()
                            .is_some_and(|a| a.value.as_ref() == "dtb:depth") =>
                {
                    Event::Empty(
                        BytesStart::new("meta")
                            .with_attributes([("name", "dtb:depth"), ("content", self.depth)]),
                    )
                }
                Event::Start(start) if start.name().as_ref() == "docTitle" => {
                    in_doc_title = true;
                    Event::Start(start)
                }
                Event::End(end) if end.name().as_ref() == "docTitle" => {
                    in_doc_title = false;
                    Event::End(end)
                }
                Event::Text(_) | Event::GeneralRef(_) if in_doc_title => {
                    // Replaced as a whole at `<text>`'s end; whitespace between tags is kept.
                    continue;
                }
                Event::End(end) if in_doc_title && end.name().as_ref() == "text" => {
                    w.write_event(Event::Text(BytesText::new(&self.title)))
                        .map_err(|e| e.to_string())?;
                    Event::End(end)
                }
                other => other,
            };
            w.write_event(out).map_err(|e| e.to_string())?;
        }
        Ok(w.into_inner())
    }

    fn write_metadata(&self, w: &mut Writer<Vec<u8>>) -> std::io::Result<()> {
        let indent =
            |w: &mut Writer<Vec<u8>>| w.write_event(Event::Text(BytesText::from_escaped("\n    ")));
        if let Some(p) = &self.publisher {
            indent(w)?;
            w.write_event(Event::Start(BytesStart::new("dc:publisher")))?;
            w.write_event(Event::Text(BytesText::new(&xml_chars(p))))?;
            w.write_event(Event::End(BytesEnd::new("dc:publisher")))?;
        }
        for (property, value) in &self.metas {
            indent(w)?;
            w.write_event(Event::Start(
                BytesStart::new("meta").with_attributes([("property", *property)]),
            ))?;
            w.write_event(Event::Text(BytesText::new(value)))?;
            w.write_event(Event::End(BytesEnd::new("meta")))?;
        }
        Ok(())
    }
}
