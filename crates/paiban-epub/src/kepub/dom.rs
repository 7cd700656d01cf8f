//! A small XML tree for rewriting one XHTML document: read with quick-xml, changed in
//! place, written back. Text is held unescaped (character and predefined entity references
//! resolved) and escaped again on writing; elements keep their start tag as read, so
//! attributes, namespaces, the declaration and the doctype come back as they were.
//!
//! Input: the bytes of a well-formed XML document. Output: a [`Node`] list, and bytes again.

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// A node of the tree.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// Character data, unescaped.
    Text(String),
    /// An element and its children.
    Elem(Elem),
    /// Anything else, written back as read: declaration, doctype, comments, PIs, CDATA.
    Other(Event<'static>),
}

/// An element: its start tag as read, and its children.
#[derive(Debug, Clone)]
pub(crate) struct Elem {
    pub start: BytesStart<'static>,
    pub children: Vec<Node>,
    /// Read as `<x/>`: written so again when it still has no children.
    pub empty: bool,
}

impl Elem {
    /// A new element `<name attrs…>` with `children`.
    pub fn new(name: &str, attrs: &[(&str, &str)], children: Vec<Node>) -> Elem {
        let mut start = BytesStart::new(name.to_string());
        for a in attrs {
            start.push_attribute(*a);
        }
        Elem {
            start,
            children,
            empty: false,
        }
    }

    /// The element's local name (`p`, `h1`, …).
    pub fn name(&self) -> String {
        self.start.local_name().as_ref().to_string()
    }

    /// The value of attribute `key`, unescaped.
    pub fn attr(&self, key: &str) -> Option<String> {
        self.start
            .attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
    }
}

/// All the text under `nodes`, in document order.
pub(crate) fn text_of(nodes: &[Node]) -> String {
    let mut out = String::new();
    collect_text(nodes, &mut out);
    out
}

fn collect_text(nodes: &[Node], out: &mut String) {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Elem(e) => collect_text(&e.children, out),
            Node::Other(Event::CData(c)) => out.push_str(c),
            Node::Other(_) => {}
        }
    }
}

/// Parse `bytes` into the document's top-level nodes.
pub(crate) fn parse(bytes: &[u8]) -> Result<Vec<Node>, String> {
    let mut reader = Reader::from_reader(bytes);
    let mut stack: Vec<Elem> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    let mut buf = Vec::new();
    fn push(stack: &mut [Elem], top: &mut Vec<Node>, node: Node) {
        let list = match stack.last_mut() {
            Some(e) => &mut e.children,
            None => top,
        };
        // Merge text split by references back into one node.
        if let (Node::Text(t), Some(Node::Text(prev))) = (&node, list.last_mut()) {
            prev.push_str(t);
            return;
        }
        list.push(node);
    }
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("byte {at}: {e}"))?;
        match event {
            Event::Eof => break,
            Event::Start(s) => stack.push(Elem {
                start: s.into_owned(),
                children: Vec::new(),
                empty: false,
            }),
            Event::End(_) => {
                let Some(e) = stack.pop() else {
                    return Err(format!("byte {at}: end tag without a start"));
                };
                push(&mut stack, &mut top, Node::Elem(e));
            }
            Event::Empty(s) => push(
                &mut stack,
                &mut top,
                Node::Elem(Elem {
                    start: s.into_owned(),
                    children: Vec::new(),
                    empty: true,
                }),
            ),
            Event::Text(t) => {
                let text = t.xml10_content().into_owned();
                push(&mut stack, &mut top, Node::Text(text));
            }
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.to_string();
                        quick_xml::escape::resolve_xml_entity(&name)
                            .ok_or_else(|| format!("byte {at}: unknown entity &{name};"))?
                            .to_string()
                    }
                    Err(e) => return Err(format!("byte {at}: {e}")),
                };
                push(&mut stack, &mut top, Node::Text(text));
            }
            other => push(&mut stack, &mut top, Node::Other(other.into_owned())),
        }
        buf.clear();
    }
    if !stack.is_empty() {
        return Err("unclosed element at the end".into());
    }
    Ok(top)
}

/// Write `nodes` back to bytes.
pub(crate) fn write(nodes: &[Node]) -> Result<Vec<u8>, String> {
    let mut w = Writer::new(Vec::new());
    write_nodes(&mut w, nodes).map_err(|e| e.to_string())?;
    Ok(w.into_inner())
}

fn write_nodes(w: &mut Writer<Vec<u8>>, nodes: &[Node]) -> std::io::Result<()> {
    for n in nodes {
        match n {
            Node::Text(t) => w.write_event(Event::Text(BytesText::new(t)))?,
            Node::Other(e) => w.write_event(e.borrow())?,
            Node::Elem(e) if e.empty && e.children.is_empty() => {
                w.write_event(Event::Empty(e.start.borrow()))?
            }
            Node::Elem(e) => {
                w.write_event(Event::Start(e.start.borrow()))?;
                write_nodes(w, &e.children)?;
                let end = BytesEnd::new(e.start.name().as_ref().to_string());
                w.write_event(Event::End(end))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_text_references_and_empty_elements() {
        let src = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html \
                   xmlns=\"http://www.w3.org/1999/xhtml\"><body><p a=\"x&amp;y\">A &amp; B&#x4E2D;<br/>c</p></body></html>\n";
        let nodes = parse(src.as_bytes()).expect("parses");
        assert_eq!(text_of(&nodes), "\n\nA & B中c\n");
        let out = String::from_utf8(write(&nodes).expect("writes")).expect("utf-8");
        assert!(
            out.contains("<p a=\"x&amp;y\">A &amp; B中<br/>c</p>"),
            "{out}"
        );
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>"));
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        assert!(parse(b"<p><b></p>").is_err());
        assert!(parse(b"<p>").is_err());
        assert!(parse(b"<p>&nosuch;</p>").is_err());
    }
}
