//! Kobo spans: one XHTML document made into a kepub document.
//!
//! Input: the bytes of an XHTML content document. Output: the same document with the body's
//! content inside `<div id="book-columns"><div id="book-inner">…</div></div>` and every
//! sentence of its text wrapped in `<span class="koboSpan" id="kobo.P.S">` (P counts the
//! document's paragraphs from 1, S the paragraph's sentences from 1), which Kobo's reader
//! uses for its reading position, page counts and highlights.
//!
//! A paragraph is a run of inline content (text and phrasing elements) inside a block
//! element. Its sentences come from ICU's sentence segmenter (UAX #29), which breaks Chinese
//! after `。！？` (with closing quotes kept on the sentence they close), where kepubify
//! splits only at ASCII `.!?`. An inline element wholly inside one sentence (a dateline, a
//! link) goes inside that sentence's span; one holding a sentence break is entered, and its
//! text wrapped piece by piece. A picture outside text is a segment of its own. Only
//! elements are added: the text is unchanged.

use super::dom::{Elem, Node, text_of};
use icu_segmenter::SentenceSegmenter;
use icu_segmenter::options::SentenceBreakInvariantOptions;

/// The elements that hold paragraphs rather than being part of one.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements left exactly as they are (no text a reader pages through).
const UNTOUCHED: &[&str] = &[
    "script", "style", "svg", "math", "textarea", "select", "head",
];

/// Marks that open a quotation or an aside in Chinese text. UAX #29 counts `“` and `‘`
/// (and the brackets) as closing punctuation that may end a sentence, so `。“乙` would end
/// the sentence after the `“`; such marks are moved to the sentence they open.
const OPENING: &[char] = &[
    '“', '‘', '「', '『', '（', '《', '〈', '【', '〔', '〖', '［', '｛',
];

/// The byte offsets where the sentences of `text` end, without 0 and `text.len()`: ICU's
/// sentence breaks (UAX #29), each moved before the opening marks that precede it.
pub fn sentence_breaks(text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for b in SentenceSegmenter::new(SentenceBreakInvariantOptions::default()).segment_str(text) {
        if b == 0 || b >= text.len() {
            continue;
        }
        let head = text.get(..b).unwrap_or_default();
        let trimmed = head.trim_end_matches(OPENING);
        let prev = out.last().copied().unwrap_or(0);
        // Never so far back that the sentence would be empty.
        let at = if trimmed.len() > prev {
            trimmed.len()
        } else {
            b
        };
        out.push(at);
    }
    out
}

/// Transform the top-level nodes of a document. A body already wrapped (a kepub read
/// again) is left as it is.
pub(crate) fn transform(nodes: &mut [Node]) {
    for n in nodes.iter_mut() {
        if let Node::Elem(html) = n
            && html.name() == "html"
        {
            for c in html.children.iter_mut() {
                if let Node::Elem(body) = c
                    && body.name() == "body"
                {
                    transform_body(body);
                }
            }
        }
    }
}

fn transform_body(body: &mut Elem) {
    let wrapped = body
        .children
        .iter()
        .any(|c| matches!(c, Node::Elem(e) if e.attr("id").as_deref() == Some("book-columns")));
    if wrapped {
        return;
    }
    let mut paragraph = 0;
    let children = container(std::mem::take(&mut body.children), &mut paragraph);
    let inner = Elem::new("div", &[("id", "book-inner")], children);
    let columns = Elem::new("div", &[("id", "book-columns")], vec![Node::Elem(inner)]);
    body.children = vec![Node::Elem(columns)];
}

fn is_block(e: &Elem) -> bool {
    BLOCKS.contains(&e.name().as_str())
}

fn is_untouched(e: &Elem) -> bool {
    UNTOUCHED.contains(&e.name().as_str())
}

fn is_picture(e: &Elem) -> bool {
    matches!(e.name().as_str(), "img" | "image")
}

/// The children of a block: runs of inline content become paragraphs, blocks are entered.
fn container(children: Vec<Node>, paragraph: &mut u32) -> Vec<Node> {
    let mut out = Vec::new();
    let mut run = Vec::new();
    for child in children {
        match child {
            Node::Elem(e) if is_untouched(&e) => {
                flush(std::mem::take(&mut run), &mut out, paragraph);
                out.push(Node::Elem(e));
            }
            Node::Elem(mut e) if is_block(&e) => {
                flush(std::mem::take(&mut run), &mut out, paragraph);
                e.children = container(std::mem::take(&mut e.children), paragraph);
                out.push(Node::Elem(e));
            }
            other => run.push(other),
        }
    }
    flush(run, &mut out, paragraph);
    out
}

/// Whether `nodes` hold a picture (outside untouched elements).
fn has_picture(nodes: &[Node]) -> bool {
    nodes.iter().any(|n| match n {
        Node::Elem(e) => !is_untouched(e) && (is_picture(e) || has_picture(&e.children)),
        _ => false,
    })
}

/// Make the inline run `run` a paragraph, when it holds text or a picture.
fn flush(run: Vec<Node>, out: &mut Vec<Node>, paragraph: &mut u32) {
    let text = text_of(&run);
    if text.trim().is_empty() && !has_picture(&run) {
        out.extend(run);
        return;
    }
    *paragraph += 1;
    let mut w = Wrapper {
        breaks: sentence_breaks(&text),
        paragraph: *paragraph,
        segment: 0,
        pos: 0,
    };
    out.extend(w.wrap(run));
}

/// Wrapping one paragraph's nodes, in document order.
struct Wrapper {
    /// Sentence ends inside the paragraph's text (byte offsets).
    breaks: Vec<usize>,
    paragraph: u32,
    /// The last segment number given.
    segment: u32,
    /// Byte offset in the paragraph's text of the next node.
    pos: usize,
}

/// The span being filled: its sentence, its children, and blank text held back (it goes
/// inside only if more of the sentence follows).
struct Open {
    sentence: usize,
    children: Vec<Node>,
    blank: Vec<Node>,
}

impl Wrapper {
    /// The sentence holding byte offset `at` (a break starts the next sentence).
    fn sentence_at(&self, at: usize) -> usize {
        self.breaks.partition_point(|&b| b <= at)
    }

    fn close(&mut self, open: &mut Option<Open>, out: &mut Vec<Node>) {
        if let Some(o) = open.take() {
            self.segment += 1;
            let id = format!("kobo.{}.{}", self.paragraph, self.segment);
            let span = Elem::new("span", &[("class", "koboSpan"), ("id", &id)], o.children);
            out.push(Node::Elem(span));
            out.extend(o.blank);
        }
    }

    /// Put `node` (of sentence `sentence`) into the open span, or a new one.
    fn add(&mut self, node: Node, sentence: usize, open: &mut Option<Open>, out: &mut Vec<Node>) {
        if let Some(o) = open
            && o.sentence == sentence
        {
            o.children.append(&mut o.blank);
            o.children.push(node);
            return;
        }
        self.close(open, out);
        *open = Some(Open {
            sentence,
            children: vec![node],
            blank: Vec::new(),
        });
    }

    fn wrap(&mut self, nodes: Vec<Node>) -> Vec<Node> {
        let mut out = Vec::new();
        let mut open: Option<Open> = None;
        for node in nodes {
            match node {
                Node::Text(t) => {
                    let start = self.pos;
                    let end = start + t.len();
                    let cuts: Vec<usize> = self
                        .breaks
                        .iter()
                        .copied()
                        .filter(|&b| b > start && b < end)
                        .collect();
                    let mut from = start;
                    for to in cuts.into_iter().chain(std::iter::once(end)) {
                        let piece = t.get(from - start..to - start).unwrap_or_default();
                        let sentence = self.sentence_at(from);
                        from = to;
                        if piece.is_empty() {
                            continue;
                        }
                        if piece.trim().is_empty() {
                            // Blank text joins a span only inside a sentence: between
                            // sentences and around the paragraph it stays outside.
                            let text = Node::Text(piece.to_string());
                            match open.as_mut() {
                                Some(o) if o.sentence == sentence => o.blank.push(text),
                                _ => {
                                    self.close(&mut open, &mut out);
                                    out.push(text);
                                }
                            }
                            continue;
                        }
                        self.add(Node::Text(piece.to_string()), sentence, &mut open, &mut out);
                    }
                    self.pos = end;
                }
                Node::Elem(mut e) => {
                    let len = text_of(&e.children).len();
                    let (start, end) = (self.pos, self.pos + len);
                    let split = self.breaks.iter().any(|&b| b > start && b < end);
                    if split && !is_untouched(&e) {
                        // A sentence ends inside: wrap inside the element.
                        self.close(&mut open, &mut out);
                        e.children = self.wrap(std::mem::take(&mut e.children));
                        out.push(Node::Elem(e));
                    } else if len == 0 && !is_picture(&e) && !has_picture(&e.children) {
                        // `<br/>` and the like: with the sentence it sits in, if one is open.
                        match open.as_mut() {
                            Some(o) => o.blank.push(Node::Elem(e)),
                            None => out.push(Node::Elem(e)),
                        }
                    } else {
                        let sentence = self.sentence_at(start);
                        if len == 0 && open.as_ref().is_none_or(|o| o.sentence != sentence) {
                            // A picture outside text: a segment of its own.
                            self.close(&mut open, &mut out);
                        }
                        self.add(Node::Elem(e), sentence, &mut open, &mut out);
                        self.pos = end;
                    }
                }
                other => match open.as_mut() {
                    Some(o) => o.blank.push(other),
                    None => out.push(other),
                },
            }
        }
        self.close(&mut open, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::dom;
    use super::*;

    fn kepub(body: &str) -> String {
        let doc = format!(
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title></head><body>{body}</body></html>"
        );
        let mut nodes = dom::parse(doc.as_bytes()).expect("parses");
        transform(&mut nodes);
        let out = String::from_utf8(dom::write(&nodes).expect("writes")).expect("utf-8");
        let start = out.find("<body>").expect("body") + 6;
        let end = out.find("</body>").expect("/body");
        out[start..end].to_string()
    }

    #[test]
    fn each_chinese_sentence_is_a_span() {
        let out = kepub("<p>第一句。“第二句！”第三句？</p>");
        assert_eq!(
            out,
            "<div id=\"book-columns\"><div id=\"book-inner\"><p>\
             <span class=\"koboSpan\" id=\"kobo.1.1\">第一句。</span>\
             <span class=\"koboSpan\" id=\"kobo.1.2\">“第二句！”</span>\
             <span class=\"koboSpan\" id=\"kobo.1.3\">第三句？</span></p></div></div>"
        );
    }

    #[test]
    fn inline_elements_inside_a_sentence_go_inside_its_span() {
        let out = kepub("<p><span class=\"dateline\">本报讯（记者 甲）</span>今天开会。散会。</p>");
        assert!(out.contains(
            "<p><span class=\"koboSpan\" id=\"kobo.1.1\"><span class=\"dateline\">本报讯（记者 甲）</span>今天开会。</span>\
             <span class=\"koboSpan\" id=\"kobo.1.2\">散会。</span></p>"
        ), "{out}");
    }

    #[test]
    fn a_break_inside_an_inline_element_is_wrapped_inside_it() {
        let out = kepub("<p><a href=\"x\">甲。乙</a>丙。</p>");
        assert!(
            out.contains(
                "<p><a href=\"x\"><span class=\"koboSpan\" id=\"kobo.1.1\">甲。</span>\
                 <span class=\"koboSpan\" id=\"kobo.1.2\">乙</span></a>\
                 <span class=\"koboSpan\" id=\"kobo.1.3\">丙。</span></p>"
            ),
            "{out}"
        );
    }

    #[test]
    fn paragraphs_count_blocks_with_text_and_pictures() {
        let out = kepub(
            "<article>\n<h1>标题</h1>\n<figure>\n<img src=\"a.png\" alt=\"图\"/>\n<figcaption>说明。</figcaption>\n</figure>\n<p>正文。</p>\n</article>",
        );
        for want in [
            "<h1><span class=\"koboSpan\" id=\"kobo.1.1\">标题</span></h1>",
            "<span class=\"koboSpan\" id=\"kobo.2.1\"><img src=\"a.png\" alt=\"图\"/></span>",
            "<figcaption><span class=\"koboSpan\" id=\"kobo.3.1\">说明。</span></figcaption>",
            "<p><span class=\"koboSpan\" id=\"kobo.4.1\">正文。</span></p>",
        ] {
            assert!(out.contains(want), "{want} not in {out}");
        }
        // Blank lines between blocks are not paragraphs.
        assert_eq!(out.matches("koboSpan").count(), 4);
    }

    #[test]
    fn a_kepub_is_not_wrapped_twice() {
        let once = kepub("<p>一句。</p>");
        let doc = format!(
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title></head><body>{once}</body></html>"
        );
        let mut nodes = dom::parse(doc.as_bytes()).expect("parses");
        transform(&mut nodes);
        let twice = String::from_utf8(dom::write(&nodes).expect("writes")).expect("utf-8");
        assert_eq!(twice.matches("koboSpan").count(), 1);
        assert_eq!(twice.matches("book-columns").count(), 1);
    }

    #[test]
    fn latin_sentences_break_too() {
        assert_eq!(sentence_breaks("One. Two? 三。四"), vec![5, 10, 16]);
    }

    #[test]
    fn an_opening_quote_starts_the_sentence_it_opens() {
        let t = "甲。“乙！”（丙）";
        let b = sentence_breaks(t);
        let pieces: Vec<&str> = std::iter::once(0)
            .chain(b.iter().copied())
            .zip(b.iter().copied().chain(std::iter::once(t.len())))
            .map(|(x, y)| &t[x..y])
            .collect();
        assert_eq!(pieces, ["甲。", "“乙！”", "（丙）"]);
        // As many sentences as ICU finds.
        let icu = SentenceSegmenter::new(SentenceBreakInvariantOptions::default())
            .segment_str(t)
            .count();
        assert_eq!(b.len() + 2, icu);
    }
}
