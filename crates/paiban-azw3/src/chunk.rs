//! Skeletons and fragments: each document split into a skeleton (its markup with the body's
//! content taken out) and fragments (runs of that content of at most [`CHUNK_SIZE`] bytes, a
//! bigger element stepped into when it has an `aid`), as Calibre's `writer8/skeleton.py`
//! and kindlegen do. The text flow holds each skeleton followed by its fragments.
//!
//! Fragments are taken in document order, so inserting them one after the other into the
//! skeleton at their offset in the document rebuilds it: a fragment's insert position is its
//! offset in the document. Link targets become (fragment, offset into it) pairs.

use crate::markup::{Doc, Element};

/// Largest fragment that is not a single element too big to step into.
pub(crate) const CHUNK_SIZE: usize = 8192;

/// A fragment: a byte range of its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Chunk {
    pub start: usize,
    pub end: usize,
    /// Where it goes: `P-//*[@aid='X']` (into X) or `S-//*[@aid='X']` (after X).
    pub selector: String,
    /// It opens a stepped-into element's content.
    starts: bool,
    /// It closes a stepped-into element's content.
    ends: bool,
}

impl Chunk {
    pub fn len(&self) -> usize {
        self.end - self.start
    }
}

/// The fragments of `doc`, in order, merged up to [`CHUNK_SIZE`].
pub(crate) fn chunks(doc: &Doc) -> Vec<Chunk> {
    let Some(body) = doc.body else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut selector = String::new();
    step_into(doc, body, &mut out, &mut selector);
    merge(out)
}

fn blank(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_whitespace)
}

fn select(kind: char, el: &Element) -> String {
    format!("{kind}-//*[@aid='{}']", el.aid.as_deref().unwrap_or(""))
}

fn step_into(doc: &Doc, idx: usize, out: &mut Vec<Chunk>, selector: &mut String) {
    let el = &doc.elements[idx];
    *selector = select('P', el);
    let first = out.len();
    let push = |out: &mut Vec<Chunk>, start: usize, end: usize, selector: &str| {
        if end > start {
            out.push(Chunk {
                start,
                end,
                selector: selector.to_string(),
                starts: false,
                ends: false,
            });
        }
    };
    let text_end = el
        .children
        .first()
        .map_or(el.close_start, |&c| doc.elements[c].start);
    if !blank(&doc.bytes[el.open_end..text_end]) {
        push(out, el.open_end, text_end, selector);
    }
    for (k, &c) in el.children.iter().enumerate() {
        let child = &doc.elements[c];
        let tail_end = el
            .children
            .get(k + 1)
            .map_or(el.close_start, |&n| doc.elements[n].start);
        let tail_blank = blank(&doc.bytes[child.end..tail_end]);
        if child.end - child.start > CHUNK_SIZE && child.aid.is_some() {
            step_into(doc, c, out, selector);
            if !tail_blank {
                push(out, child.end, tail_end, selector);
            }
        } else {
            push(out, child.start, child.end, selector);
            push(out, child.end, tail_end, selector);
        }
    }
    if out.len() > first {
        out[first].starts = true;
        if let Some(last) = out.last_mut() {
            last.ends = true;
        }
    }
    *selector = select('S', el);
}

/// Merge neighbours within one element up to [`CHUNK_SIZE`].
fn merge(chunks: Vec<Chunk>) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::with_capacity(chunks.len());
    for c in chunks {
        match out.last_mut() {
            Some(prev)
                if !c.starts
                    && !prev.ends
                    && prev.end == c.start
                    && prev.len() + c.len() <= CHUNK_SIZE =>
            {
                prev.end = c.end;
                prev.ends = c.ends;
            }
            _ => out.push(c),
        }
    }
    out
}

/// The skeleton of `doc` without `chunks`.
pub(crate) fn skeleton(doc: &Doc, chunks: &[Chunk]) -> Vec<u8> {
    let mut out = Vec::with_capacity(doc.bytes.len());
    let mut at = 0;
    for c in chunks {
        out.extend_from_slice(&doc.bytes[at..c.start]);
        at = c.end;
    }
    out.extend_from_slice(&doc.bytes[at..]);
    out
}

/// One row of the fragment table.
#[derive(Debug, Clone)]
pub(crate) struct Fragment {
    /// Where it is inserted: offset of the rebuilt text (its document's start + its offset).
    pub insert_pos: usize,
    pub selector: String,
    pub file: usize,
    /// Its number in the whole book.
    pub sequence: usize,
    /// Offset among its document's fragments (after the skeleton).
    pub start_pos: usize,
    pub length: usize,
}

/// The (fragment, offset into it) of the text position `pos`: the fragment holding it, else
/// the first one after it (a position in a skeleton), else the last.
pub(crate) fn pos_fid(fragments: &[Fragment], pos: usize) -> (usize, usize) {
    for f in fragments {
        if f.insert_pos <= pos && pos < f.insert_pos + f.length {
            return (f.sequence, pos - f.insert_pos);
        }
        if f.insert_pos > pos {
            return (f.sequence, 0);
        }
    }
    fragments
        .last()
        .map_or((0, 0), |f| (f.sequence, pos.saturating_sub(f.insert_pos)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{Names, rewrite};

    fn doc(body: &str) -> Doc {
        let src = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html><head><title>t</title></head>\n<body>\n{body}\n</body>\n</html>\n"
        );
        let names = Names {
            docs: &[],
            resources: &[],
            flows: &[],
        };
        rewrite(0, "a.xhtml", src.as_bytes(), &names).expect("rewrite")
    }

    fn rebuild(doc: &Doc, chunks: &[Chunk]) -> Vec<u8> {
        let mut text = skeleton(doc, chunks);
        for c in chunks {
            let piece = doc.bytes[c.start..c.end].to_vec();
            text.splice(c.start..c.start, piece);
        }
        text
    }

    #[test]
    fn small_documents_are_one_fragment_after_the_body_tag() {
        let d = doc("<p>甲</p>\n<p>乙</p>");
        let c = chunks(&d);
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(d.bytes[c[0].start..].starts_with(b"<p aid="));
        assert_eq!(c[0].selector, "P-//*[@aid='0']");
        assert_eq!(rebuild(&d, &c), d.bytes);
        let skel = String::from_utf8(skeleton(&d, &c)).expect("utf-8");
        assert!(skel.contains("<body aid=\"0\">\n</body>"), "{skel}");
    }

    #[test]
    fn big_elements_are_stepped_into_and_fragments_stay_small() {
        let para = format!("<p>{}</p>\n", "新桥通车。".repeat(200));
        let body = format!(
            "<article id=\"story\">\n{}</article>\n<nav>下一篇</nav>",
            para.repeat(12)
        );
        let d = doc(&body);
        let c = chunks(&d);
        assert!(c.len() > 3, "{}", c.len());
        assert!(c.iter().all(|c| c.len() <= CHUNK_SIZE));
        assert_eq!(rebuild(&d, &c), d.bytes);
        assert!(c[0].selector.starts_with("P-"), "{:?}", c[0]);
        assert!(
            c.last().is_some_and(|l| l.selector.starts_with("S-")),
            "the nav goes after the article"
        );
    }

    #[test]
    fn long_text_is_carried_in_spans_of_a_fragment_each() {
        let text = "新桥通车&amp;清河两岸".repeat(400);
        let d = doc(&format!("<p>{text}</p>\n<p>短</p>"));
        let s = String::from_utf8(d.bytes.clone()).expect("utf-8");
        assert!(s.contains("<span class=\"AmznBigTextBlock\">"), "{s}");
        let c = chunks(&d);
        assert!(c.iter().all(|c| c.len() <= CHUNK_SIZE), "{c:?}");
        assert_eq!(rebuild(&d, &c), d.bytes);
        let strip = |s: &str| {
            let mut out = String::new();
            let mut tag = false;
            for ch in s.chars() {
                match ch {
                    '<' => tag = true,
                    '>' => tag = false,
                    _ if !tag => out.push(ch),
                    _ => {}
                }
            }
            out
        };
        assert!(strip(&s).contains(&text), "the text is unchanged");
    }

    #[test]
    fn positions_map_to_fragments() {
        let f = |insert_pos, sequence, length| Fragment {
            insert_pos,
            selector: String::new(),
            file: 0,
            sequence,
            start_pos: 0,
            length,
        };
        let table = [f(100, 0, 50), f(300, 1, 10)];
        assert_eq!(pos_fid(&table, 120), (0, 20));
        assert_eq!(pos_fid(&table, 90), (0, 0));
        assert_eq!(pos_fid(&table, 200), (1, 0));
        assert_eq!(pos_fid(&table, 400), (1, 100));
    }
}
