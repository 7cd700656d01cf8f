//! The documents rewritten for KF8: namespaces and their prefixed attributes dropped (the
//! XHTML namespace kept on `<html>`), no doctype, comments or processing instructions,
//! elements that are not void written open and closed, an `aid` on every element kindlegen
//! gives one (and on each with an `id`), images as `kindle:embed:XXXX?mime=…`, stylesheets as
//! `kindle:flow:XXXX?mime=text/css`, and links between documents as fixed-width placeholders
//! that [`crate::chunk`] fills once the fragments are known.
//!
//! Input: a document's bytes and the book's [`Names`]. Output: a [`Doc`]: the new bytes and
//! every element's place in them.

use crate::Azw3Error;
use crate::chunk::CHUNK_SIZE;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// Tags kindlegen gives an `aid` (Calibre's `aid_able_tags`).
const AID_TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "bdo",
    "blockquote",
    "body",
    "button",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "i",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "map",
    "mark",
    "meter",
    "nav",
    "ol",
    "output",
    "p",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "samp",
    "section",
    "select",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "textarea",
    "time",
    "ul",
    "var",
    "video",
];

/// HTML's void elements: written `<x/>`; every other element gets an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The prefix of a link placeholder; the fragment number and offset follow.
pub(crate) const POS_PREFIX: &str = "kindle:pos:fid:";

/// `n` in base 32 (digits `0-9A-V`), at least `width` digits.
pub(crate) fn base32(mut n: u64, width: usize) -> String {
    const DIGITS: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 32) as usize]);
        n /= 32;
        if n == 0 {
            break;
        }
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A `kindle:pos:fid:XXXX:off:YYYYYYYYYY` link to fragment `fid`, `off` bytes into it.
pub(crate) fn pos_link(fid: usize, off: usize) -> String {
    format!(
        "{POS_PREFIX}{}:off:{}",
        base32(fid as u64, 4),
        base32(off as u64, 10)
    )
}

/// The class kindlegen gives the spans that carry the rest of a text too long for a fragment.
const BIG_TEXT: &str = "AmznBigTextBlock";

/// A text run in the body longer than a fragment is cut at a character boundary and the rest
/// carried in `<span class="AmznBigTextBlock">`s of at most a fragment each, as kindlegen
/// does, so that the element can be stepped into; the text does not change.
#[derive(Default)]
struct BigText {
    /// Bytes of text since the last tag.
    run: usize,
    /// The span being filled.
    open: Option<usize>,
}

impl BigText {
    /// A tag comes: close the span being filled.
    fn close(&mut self, doc: &mut Doc, out: &mut Vec<u8>) {
        if let Some(idx) = self.open.take() {
            doc.elements[idx].close_start = out.len();
            out.extend_from_slice(b"</span>");
            doc.elements[idx].end = out.len();
        }
        self.run = 0;
    }

    /// Close the span being filled and open the next, in `parent`.
    fn next(&mut self, doc: &mut Doc, out: &mut Vec<u8>, parent: usize) {
        self.close(doc, out);
        let idx = doc.elements.len();
        let start = out.len();
        out.extend_from_slice(format!("<span class=\"{BIG_TEXT}\">").as_bytes());
        doc.elements.push(Element {
            start,
            open_end: out.len(),
            close_start: out.len(),
            end: out.len(),
            aid: None,
            children: Vec::new(),
        });
        doc.elements[parent].children.push(idx);
        self.open = Some(idx);
    }

    /// Write `text` (escaped XML text, or a whole reference when `atomic`) into `parent`,
    /// cutting it when `split`.
    fn write(
        &mut self,
        doc: &mut Doc,
        out: &mut Vec<u8>,
        parent: usize,
        mut text: &str,
        split: bool,
        atomic: bool,
    ) {
        if split && atomic && self.run + text.len() > CHUNK_SIZE {
            self.next(doc, out, parent);
        }
        while split && !atomic && self.run + text.len() > CHUNK_SIZE {
            let mut cut = CHUNK_SIZE.saturating_sub(self.run).min(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            out.extend_from_slice(&text.as_bytes()[..cut]);
            text = &text[cut..];
            self.next(doc, out, parent);
        }
        out.extend_from_slice(text.as_bytes());
        self.run += text.len();
    }
}

/// What the rewriting needs to know of the book: the spine documents, the embedded
/// resources and the stylesheet flows.
pub(crate) struct Names<'a> {
    /// Spine documents' hrefs, in order.
    pub docs: &'a [&'a str],
    /// Resources: href, 1-based record number among the resources, media type.
    pub resources: &'a [(&'a str, usize, &'a str)],
    /// Stylesheets: href, flow number.
    pub flows: &'a [(&'a str, usize)],
}

/// An element of a rewritten document: byte offsets into [`Doc::bytes`].
#[derive(Debug, Clone)]
pub(crate) struct Element {
    /// `<` of its start tag.
    pub start: usize,
    /// Just after its start tag.
    pub open_end: usize,
    /// `<` of its end tag (= `open_end` for a void element).
    pub close_start: usize,
    /// Just after its end tag.
    pub end: usize,
    /// Its `aid`.
    pub aid: Option<String>,
    /// Its child elements (indexes into [`Doc::elements`]).
    pub children: Vec<usize>,
}

/// A link between documents, awaiting its position.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// Offset of the placeholder in [`Doc::bytes`].
    pub at: usize,
    /// The target document (index into [`Names::docs`]).
    pub doc: usize,
    /// The target `id`; empty for the document itself.
    pub fragment: String,
}

/// A rewritten document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Doc {
    pub bytes: Vec<u8>,
    pub elements: Vec<Element>,
    /// The `<body>` element.
    pub body: Option<usize>,
    /// `id` → element.
    pub ids: Vec<(String, usize)>,
    pub links: Vec<Link>,
}

impl Doc {
    /// The offset of the start tag of element `id`, else of `<body>`, else 0.
    pub fn target(&self, fragment: &str) -> usize {
        let el = self
            .ids
            .iter()
            .find(|(k, _)| !fragment.is_empty() && k == fragment)
            .map(|(_, e)| *e)
            .or(self.body);
        el.and_then(|e| self.elements.get(e)).map_or(0, |e| e.start)
    }
}

/// The placeholder of the `n`th link: as long as every real link.
fn placeholder(n: usize) -> String {
    pos_link(0, n)
}

/// Rewrite document number `number` (`file`) of the book for KF8.
pub(crate) fn rewrite(
    number: usize,
    file: &str,
    src: &[u8],
    names: &Names<'_>,
) -> Result<Doc, Azw3Error> {
    let err = |reason: String| Azw3Error::Markup {
        file: file.to_string(),
        reason,
    };
    let mut reader = Reader::from_reader(src);
    reader.config_mut().trim_text(false);
    let mut doc = Doc::default();
    let mut out: Vec<u8> = Vec::with_capacity(src.len() + src.len() / 4);
    let mut stack: Vec<usize> = Vec::new();
    let mut in_table = 0usize;
    let mut next_aid = number as u64 * 1_000_000;
    let mut big = BigText::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| err(format!("at byte {}: {e}", reader.error_position())))?;
        match event {
            Event::Eof => break,
            Event::Decl(_) => out.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            Event::DocType(_) | Event::Comment(_) | Event::PI(_) => {}
            Event::Text(t) => {
                // Outside <html>: one newline between the declaration, <html> and the end.
                let Some(&parent) = stack.last() else {
                    if !out.is_empty() && !out.ends_with(b"\n") {
                        out.push(b'\n');
                    }
                    continue;
                };
                let split = doc.body.is_some_and(|b| stack.contains(&b));
                big.write(&mut doc, &mut out, parent, &t, split, false);
            }
            Event::GeneralRef(r) => {
                let reference = format!("&{};", &*r);
                if let Some(&parent) = stack.last() {
                    let split = doc.body.is_some_and(|b| stack.contains(&b));
                    big.write(&mut doc, &mut out, parent, &reference, split, true);
                } else {
                    out.extend_from_slice(reference.as_bytes());
                }
            }
            Event::CData(c) => {
                big.close(&mut doc, &mut out);
                out.extend_from_slice(b"<![CDATA[");
                out.extend_from_slice(c.as_bytes());
                out.extend_from_slice(b"]]>");
            }
            Event::Start(e) => {
                big.close(&mut doc, &mut out);
                let name = local_name(&e);
                let idx = open(
                    &mut doc,
                    &mut out,
                    &e,
                    &name,
                    number,
                    &mut next_aid,
                    in_table > 0,
                    names,
                    &err,
                )?;
                if name == "table" {
                    in_table += 1;
                }
                if let Some(&parent) = stack.last() {
                    doc.elements[parent].children.push(idx);
                }
                stack.push(idx);
            }
            Event::Empty(e) => {
                big.close(&mut doc, &mut out);
                let name = local_name(&e);
                let void = VOID.contains(&name.as_str());
                let idx = open(
                    &mut doc,
                    &mut out,
                    &e,
                    &name,
                    number,
                    &mut next_aid,
                    in_table > 0,
                    names,
                    &err,
                )?;
                if void {
                    // `open` wrote `<x …>`: make it `<x …/>`.
                    out.pop();
                    out.extend_from_slice(b"/>");
                }
                let here = out.len();
                let el = &mut doc.elements[idx];
                el.open_end = here;
                el.close_start = here;
                if !void {
                    out.extend_from_slice(format!("</{name}>").as_bytes());
                }
                el.end = out.len();
                if let Some(&parent) = stack.last() {
                    doc.elements[parent].children.push(idx);
                }
            }
            Event::End(e) => {
                big.close(&mut doc, &mut out);
                let idx = stack
                    .pop()
                    .ok_or_else(|| err("an end tag closes nothing".into()))?;
                let name = AsRef::<str>::as_ref(&e.local_name()).to_string();
                if name == "table" {
                    in_table = in_table.saturating_sub(1);
                }
                doc.elements[idx].close_start = out.len();
                out.extend_from_slice(format!("</{name}>").as_bytes());
                doc.elements[idx].end = out.len();
            }
        }
    }
    if !stack.is_empty() {
        return Err(err("an element is not closed".into()));
    }
    doc.bytes = out;
    Ok(doc)
}

fn local_name(e: &BytesStart<'_>) -> String {
    AsRef::<str>::as_ref(&e.local_name()).to_string()
}

/// Write the start tag of `e` (as `<name …>`) with its attributes rewritten; record the
/// element and return its index.
#[allow(clippy::too_many_arguments)]
fn open(
    doc: &mut Doc,
    out: &mut Vec<u8>,
    e: &BytesStart<'_>,
    name: &str,
    number: usize,
    next_aid: &mut u64,
    in_table: bool,
    names: &Names<'_>,
    err: &dyn Fn(String) -> Azw3Error,
) -> Result<usize, Azw3Error> {
    let idx = doc.elements.len();
    let start = out.len();
    out.push(b'<');
    out.extend_from_slice(name.as_bytes());
    let mut id = None;
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(|x| err(format!("attribute of <{name}>: {x}")))?;
        let key = AsRef::<str>::as_ref(&attr.key).to_string();
        if key.contains(':') || (key == "xmlns" && name != "html") || key == "aid" || key == "cid" {
            continue;
        }
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Explicit1_0)
            .map_err(|x| err(format!("attribute {key} of <{name}>: {x}")))?
            .into_owned();
        if key == "id" {
            id = Some(value.clone());
        }
        let new = match (name, key.as_str()) {
            ("img", "src") => embed(&value, names),
            ("link", "href") => flow(&value, names),
            ("a", "href") => {
                let (file, fragment) = value.split_once('#').unwrap_or((&value, ""));
                match names.docs.iter().position(|d| *d == file) {
                    Some(target) => {
                        let p = placeholder(doc.links.len() + 1);
                        out.extend_from_slice(b" href=\"");
                        doc.links.push(Link {
                            at: out.len(),
                            doc: target,
                            fragment: fragment.to_string(),
                        });
                        out.extend_from_slice(p.as_bytes());
                        out.push(b'"');
                        continue;
                    }
                    None => None,
                }
            }
            _ => None,
        };
        out.push(b' ');
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"=\"");
        let v = new.unwrap_or(value);
        out.extend_from_slice(quick_xml::escape::escape(v.as_str()).as_bytes());
        out.push(b'"');
    }
    let aid = if !in_table && name != "table" && (id.is_some() || AID_TAGS.contains(&name)) {
        let aid = base32(*next_aid, 1);
        *next_aid += 1;
        out.extend_from_slice(format!(" aid=\"{aid}\"").as_bytes());
        Some(aid)
    } else {
        None
    };
    out.push(b'>');
    if let Some(id) = id {
        doc.ids.push((id, idx));
    }
    if name == "body" {
        doc.body = Some(idx);
    }
    let _ = number;
    doc.elements.push(Element {
        start,
        open_end: out.len(),
        close_start: out.len(),
        end: out.len(),
        aid,
        children: Vec::new(),
    });
    Ok(idx)
}

/// `src` of an embedded image as `kindle:embed:XXXX?mime=…`.
fn embed(src: &str, names: &Names<'_>) -> Option<String> {
    names
        .resources
        .iter()
        .find(|(href, _, _)| *href == src)
        .map(|(_, n, mime)| format!("kindle:embed:{}?mime={mime}", base32(*n as u64, 4)))
}

/// `href` of a stylesheet as `kindle:flow:XXXX?mime=text/css`.
fn flow(href: &str, names: &Names<'_>) -> Option<String> {
    names
        .flows
        .iter()
        .find(|(h, _)| *h == href)
        .map(|(_, n)| format!("kindle:flow:{}?mime=text/css", base32(*n as u64, 4)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="zh-CN" xml:lang="zh-CN">
<head>
<meta charset="utf-8"/>
<title>标题</title>
<link rel="stylesheet" type="text/css" href="stylesheet.css"/>
</head>
<body>
<section epub:type="cover" class="cover" id="top">
<img src="images/cover.png" alt="封面 &amp; 图"/>
<p>甲&amp;乙<a href="b.xhtml#story">链接</a><span/></p>
</section>
</body>
</html>
"#;

    const DOCS: &[&str] = &["a.xhtml", "b.xhtml"];
    const RESOURCES: &[(&str, usize, &str)] = &[("images/cover.png", 1, "image/png")];
    const FLOWS: &[(&str, usize)] = &[("stylesheet.css", 1)];

    #[test]
    fn documents_are_rewritten_for_kf8() {
        let names = Names {
            docs: DOCS,
            resources: RESOURCES,
            flows: FLOWS,
        };
        let doc = rewrite(1, "a.xhtml", DOC.as_bytes(), &names).expect("rewrite");
        let text = String::from_utf8(doc.bytes.clone()).expect("utf-8");
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh-CN\">"), "{text}");
        assert!(!text.contains("epub:") && !text.contains("DOCTYPE") && !text.contains("xml:lang"));
        assert!(
            text.contains(
                r#"<link rel="stylesheet" type="text/css" href="kindle:flow:0001?mime=text/css"/>"#
            ),
            "{text}"
        );
        assert!(
            text.contains(r#"<img src="kindle:embed:0001?mime=image/png" alt="封面 &amp; 图"/>"#),
            "{text}"
        );
        assert!(text.contains(r#"<span aid="#), "{text}");
        assert!(
            text.contains("></span></p>"),
            "an empty span is opened and closed: {text}"
        );
        // aids are base 32 from 1 000 000 × the document number, after the other attributes.
        assert!(text.contains(r#"<body aid="UGI0">"#), "{text}");
        assert!(
            text.contains(r#"class="cover" id="top" aid="UGI1">"#),
            "{text}"
        );
        assert_eq!(doc.links.len(), 1);
        let link = &doc.links[0];
        assert_eq!((link.doc, link.fragment.as_str()), (1, "story"));
        assert!(doc.bytes[link.at..].starts_with(b"kindle:pos:fid:0000:off:0000000001"));
        let top = doc.target("top");
        assert!(doc.bytes[top..].starts_with(b"<section"));
        assert!(doc.bytes[doc.target("")..].starts_with(b"<body"));
        assert!(doc.bytes[doc.target("missing")..].starts_with(b"<body"));
        for el in &doc.elements {
            assert_eq!(doc.bytes[el.start], b'<');
            assert_eq!(doc.bytes[el.open_end - 1], b'>');
            assert_eq!(doc.bytes[el.end - 1], b'>');
        }
    }

    #[test]
    fn broken_documents_are_errors() {
        let names = Names {
            docs: DOCS,
            resources: RESOURCES,
            flows: FLOWS,
        };
        assert!(rewrite(0, "x", b"<html><body>", &names).is_err());
        assert!(rewrite(0, "x", b"<html></body>", &names).is_err());
    }

    #[test]
    fn base32_pads_to_width() {
        assert_eq!(base32(0, 4), "0000");
        assert_eq!(base32(31, 1), "V");
        assert_eq!(base32(1_000_000, 1), "UGI0");
        assert_eq!(pos_link(3, 33), "kindle:pos:fid:0003:off:0000000011");
    }
}
