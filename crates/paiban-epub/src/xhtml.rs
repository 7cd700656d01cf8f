//! Writing XHTML with quick-xml: the document skeleton every page shares and small helpers
//! for elements and text. Every text and attribute value goes through quick-xml's escaping,
//! after characters that XML 1.0 forbids are dropped; nothing is spliced as markup.
//!
//! Input: element names, attributes and text. Output: the bytes of a polyglot XHTML5 document
//! (`<!DOCTYPE html>`, `lang` and `xml:lang` on the root).

use crate::EpubError;
use crate::plan::STYLESHEET;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::borrow::Cow;

/// The XHTML namespace.
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
/// The EPUB structural semantics namespace (`epub:type`).
const OPS_NS: &str = "http://www.idpf.org/2007/ops";

/// An XHTML document being written.
pub(crate) struct Xhtml {
    writer: Writer<Vec<u8>>,
    file: String,
}

impl Xhtml {
    /// Start the document `file` in language `lang` with `title`: writes the XML declaration,
    /// doctype, `<html>`, the `<head>` (charset, title, stylesheet) and opens `<body>`.
    pub fn document(file: &str, lang: &str, title: &str) -> Result<Xhtml, EpubError> {
        Xhtml::document_of_class(file, lang, title, None)
    }

    /// [`Xhtml::document`] with a `class` on `<html>`, for a page styled as a whole (the
    /// cover).
    pub fn document_of_class(
        file: &str,
        lang: &str,
        title: &str,
        class: Option<&str>,
    ) -> Result<Xhtml, EpubError> {
        let mut x = Xhtml {
            writer: Writer::new(Vec::new()),
            file: file.to_string(),
        };
        x.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        x.nl()?;
        x.event(Event::DocType(BytesText::from_escaped("html")))?;
        x.nl()?;
        let mut attrs = vec![
            ("xmlns", XHTML_NS),
            ("xmlns:epub", OPS_NS),
            ("lang", lang),
            ("xml:lang", lang),
        ];
        attrs.extend(class.map(|c| ("class", c)));
        x.start("html", &attrs)?;
        x.nl()?;
        x.start("head", &[])?;
        x.nl()?;
        x.empty("meta", &[("charset", "utf-8")])?;
        x.nl()?;
        x.leaf("title", &[], title)?;
        x.nl()?;
        x.empty(
            "link",
            &[
                ("rel", "stylesheet"),
                ("type", "text/css"),
                ("href", STYLESHEET),
            ],
        )?;
        x.nl()?;
        x.end("head")?;
        x.nl()?;
        x.start("body", &[])?;
        x.nl()?;
        Ok(x)
    }

    /// Close `<body>` and `<html>` and return the bytes.
    pub fn finish(mut self) -> Result<Vec<u8>, EpubError> {
        self.end("body")?;
        self.nl()?;
        self.end("html")?;
        self.nl()?;
        Ok(self.writer.into_inner())
    }

    /// `<tag attrs…>`.
    pub fn start(&mut self, tag: &str, attrs: &[(&str, &str)]) -> Result<(), EpubError> {
        let el = element(tag, attrs);
        self.event(Event::Start(el))
    }

    /// `</tag>`.
    pub fn end(&mut self, tag: &str) -> Result<(), EpubError> {
        self.event(Event::End(BytesEnd::new(tag)))
    }

    /// `<tag attrs…/>`.
    pub fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) -> Result<(), EpubError> {
        let el = element(tag, attrs);
        self.event(Event::Empty(el))
    }

    /// Escaped text.
    pub fn text(&mut self, text: &str) -> Result<(), EpubError> {
        let clean = xml_chars(text);
        self.event(Event::Text(BytesText::new(&clean)))
    }

    /// `<tag attrs…>text</tag>`.
    pub fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> Result<(), EpubError> {
        self.start(tag, attrs)?;
        self.text(text)?;
        self.end(tag)
    }

    /// A line break between block elements (never inside running text: a break between two
    /// Han characters would render as a space).
    pub fn nl(&mut self) -> Result<(), EpubError> {
        self.event(Event::Text(BytesText::from_escaped("\n")))
    }

    fn event(&mut self, event: Event<'_>) -> Result<(), EpubError> {
        self.writer.write_event(event).map_err(|e| EpubError::Xml {
            file: self.file.clone(),
            reason: e.to_string(),
        })
    }
}

/// An element with escaped attribute values.
fn element<'a>(tag: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut el = BytesStart::new(tag);
    for (k, v) in attrs {
        let v = xml_chars(v);
        el.push_attribute((*k, v.as_ref()));
    }
    el
}

/// `text` without the characters XML 1.0 does not allow (C0 controls other than tab, line
/// feed and carriage return; U+FFFE, U+FFFF).
pub(crate) fn xml_chars(text: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.chars().any(bad) {
        Cow::Owned(text.chars().filter(|&c| !bad(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_comes_out_as_text() {
        let mut x = Xhtml::document("t.xhtml", "zh-CN", "a<b>&\"c\"").expect("doc");
        x.leaf(
            "p",
            &[("class", "x\"y")],
            "<script>alert(1)</script> & \u{1}ok",
        )
        .expect("p");
        let out = String::from_utf8(x.finish().expect("finish")).expect("utf8");
        assert!(
            out.contains("<title>a&lt;b&gt;&amp;&quot;c&quot;</title>"),
            "{out}"
        );
        assert!(
            out.contains(
                "<p class=\"x&quot;y\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; ok</p>"
            ),
            "{out}"
        );
        assert!(out.contains("lang=\"zh-CN\" xml:lang=\"zh-CN\""));
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"));
    }
}
