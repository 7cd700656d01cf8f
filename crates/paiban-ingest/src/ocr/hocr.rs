//! hOCR reader (Tesseract's `hocr` output and other engines' hOCR).
//!
//! Input: the decoded text of an hOCR file and its path. Output: an [`OcrPage`] whose lines
//! are the `ocr_line` (or `ocrx_line`, `ocr_header`, `ocr_caption`, `ocr_textfloat`)
//! elements with their `bbox`, `x_size`, mean `x_wconf`, the enclosing `ocr_carea` /
//! `ocr_par` counted from 1, and the source line of the element. Words (`ocrx_word`) are
//! joined with spaces, spaces between CJK characters dropped. Parsed with quick-xml,
//! tolerant of HTML's unclosed void elements and mismatched end tags; no entities are
//! expanded beyond the predefined ones (see [`super`]).

use super::line::{LineBuild, Word};
use super::{BBox, LineIndex, OcrPage, check_doctype, coord, entity, error, xml_error};
use crate::IngestError;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Other,
    Line,
    Word,
}

const VOID: &[&str] = &[
    "meta", "br", "img", "link", "hr", "input", "area", "base", "col", "embed", "param", "source",
    "track", "wbr",
];
const LINE_CLASSES: &[&str] = &[
    "ocr_line",
    "ocrx_line",
    "ocr_header",
    "ocr_caption",
    "ocr_textfloat",
];

/// The `title` properties of an hOCR element: `bbox`, `x_size`, `x_wconf`.
#[derive(Default)]
struct Props {
    bbox: Option<BBox>,
    x_size: Option<f64>,
    wconf: Option<f64>,
}

fn props(title: &str, path: &Path, line: u32) -> Result<Props, IngestError> {
    let mut p = Props::default();
    for part in title.split(';') {
        let mut it = part.split_whitespace();
        match it.next() {
            Some("bbox") => {
                let v: Vec<f64> = it.map(coord).collect::<Option<Vec<_>>>().ok_or_else(|| {
                    error(
                        path,
                        line,
                        format!(
                            "bad bbox {:?}: coordinates must be numbers below 1e7",
                            part.trim()
                        ),
                    )
                })?;
                let [x0, y0, x1, y1] = v[..] else {
                    return Err(error(
                        path,
                        line,
                        format!("bad bbox {:?}: four numbers expected", part.trim()),
                    ));
                };
                p.bbox = Some(BBox {
                    x0: x0.min(x1),
                    y0: y0.min(y1),
                    x1: x0.max(x1),
                    y1: y0.max(y1),
                });
            }
            Some("x_size") => p.x_size = it.next().and_then(coord).filter(|v| *v > 0.0),
            Some("x_wconf") => {
                p.wconf = it
                    .next()
                    .and_then(coord)
                    .map(|v| (v / 100.0).clamp(0.0, 1.0))
            }
            _ => {}
        }
    }
    Ok(p)
}

fn attr(
    e: &BytesStart<'_>,
    name: &str,
    path: &Path,
    line: u32,
) -> Result<Option<String>, IngestError> {
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| error(path, line, format!("malformed attribute: {err}")))?;
        if a.key.local_name().as_ref() == name {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| error(path, line, format!("attribute value: {err}")))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// Parse hOCR `text` from `path`.
pub fn parse(text: &str, path: &Path) -> Result<OcrPage, IngestError> {
    let index = LineIndex::new(text);
    let mut reader = Reader::from_str(text);
    let cfg = reader.config_mut();
    cfg.check_end_names = false;
    cfg.allow_unmatched_ends = true;
    let mut page = OcrPage::default();
    let mut stack: Vec<Kind> = Vec::new();
    let (mut block, mut par) = (0u32, 0u32);
    let mut cur: Option<LineBuild> = None;
    let mut word: Option<Word> = None;
    let mut seen_page = false;
    loop {
        let pos = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| xml_error(&e, &index, reader.error_position(), path))?;
        let line = index.line(pos);
        match ev {
            Event::Eof => break,
            Event::DocType(d) => check_doctype(&d.xml10_content(), path, line)?,
            Event::Start(e) | Event::Empty(e) if VOID.contains(&e.local_name().as_ref()) => {}
            ev @ (Event::Start(_) | Event::Empty(_)) => {
                let (e, empty) = match &ev {
                    Event::Start(e) => (e, false),
                    Event::Empty(e) => (e, true),
                    _ => continue,
                };
                let class = attr(e, "class", path, line)?.unwrap_or_default();
                let classes: Vec<&str> = class.split_whitespace().collect();
                let has = |c: &str| classes.contains(&c);
                let mut kind = Kind::Other;
                if has("ocr_page")
                    || has("ocr_carea")
                    || has("ocr_par")
                    || has("ocrx_word")
                    || LINE_CLASSES.iter().any(|c| has(c))
                {
                    let title = attr(e, "title", path, line)?.unwrap_or_default();
                    let p = props(&title, path, line)?;
                    if has("ocr_page") {
                        if seen_page {
                            if let Some(l) = cur.take() {
                                l.finish(&mut page);
                            }
                            page.sheets.push(page.lines.len());
                        }
                        if !seen_page && let Some(b) = p.bbox {
                            page.width = b.x1;
                            page.height = b.y1;
                        }
                        seen_page = true;
                    } else if has("ocr_carea") {
                        block += 1;
                    } else if has("ocr_par") {
                        par += 1;
                    } else if has("ocrx_word") {
                        kind = Kind::Word;
                        word = Some(Word {
                            text: String::new(),
                            bbox: p.bbox,
                            conf: p.wconf,
                        });
                    } else {
                        kind = Kind::Line;
                        if let Some(l) = cur.take() {
                            l.finish(&mut page);
                        }
                        let bbox = p.bbox.ok_or_else(|| {
                            error(path, line, format!("{class} without a bbox in its title"))
                        })?;
                        cur = Some(LineBuild::new(
                            bbox,
                            p.x_size,
                            block.max(1),
                            par.max(1),
                            line,
                        ));
                    }
                }
                if !empty {
                    stack.push(kind);
                } else if kind == Kind::Line {
                    if let Some(l) = cur.take() {
                        l.finish(&mut page);
                    }
                } else if kind == Kind::Word {
                    word = None;
                }
            }
            Event::End(_) => match stack.pop() {
                Some(Kind::Word) => {
                    if let (Some(w), Some(l)) = (word.take(), cur.as_mut()) {
                        l.words.push(w);
                    }
                }
                Some(Kind::Line) => {
                    if let Some(l) = cur.take() {
                        l.finish(&mut page);
                    }
                }
                _ => {}
            },
            Event::Text(t) => push_text(&t.xml10_content(), &mut word, &mut cur),
            Event::CData(t) => push_text(&t.xml10_content(), &mut word, &mut cur),
            Event::GeneralRef(r) => {
                let s = entity(&r, path, line)?;
                push_text(&s, &mut word, &mut cur);
            }
            _ => {}
        }
    }
    if let Some(l) = cur.take() {
        l.finish(&mut page);
    }
    if !seen_page {
        return Err(error(path, 0, "no ocr_page element: not hOCR"));
    }
    Ok(page)
}

fn push_text(s: &str, word: &mut Option<Word>, cur: &mut Option<LineBuild>) {
    if let Some(w) = word.as_mut() {
        w.text.push_str(s);
    } else if let Some(l) = cur.as_mut()
        && !s.trim().is_empty()
    {
        l.words.push(Word {
            text: s.to_string(),
            bbox: None,
            conf: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<html><head><meta charset='utf-8'></head><body>\n<div class='ocr_page' title='bbox 0 0 1000 2000'>\n<div class='ocr_carea'><p class='ocr_par'>\n<span class='ocr_line' title='bbox 10 20 500 60; x_size 40'>\n<span class='ocrx_word' title='bbox 10 20 50 60; x_wconf 90'>清河</span> <span class='ocrx_word' title='bbox 60 20 100 60; x_wconf 70'>日报</span>\n<span class='ocrx_word' title='bbox 110 20 150 60'>A&amp;B</span></span>\n</p></div></div></body></html>";

    #[test]
    fn reads_lines_words_and_props() {
        let p = parse(DOC, Path::new("t.hocr")).expect("hocr");
        assert_eq!(p.width, 1000.0);
        assert_eq!(p.height, 2000.0);
        assert_eq!(p.lines.len(), 1);
        let l = &p.lines[0];
        assert_eq!(l.text, "清河日报 A&B");
        assert_eq!(l.src_line, 4);
        assert_eq!(l.x_size, Some(40.0));
        assert_eq!(l.glyph_h, Some(40.0), "the Han words' height");
        assert_eq!((l.block, l.par), (1, 1));
        assert!(l.conf.is_some_and(|c| (c - 0.8).abs() < 1e-9));
    }

    #[test]
    fn line_without_bbox_is_an_error() {
        let doc =
            "<div class='ocr_page' title='bbox 0 0 9 9'>\n<span class='ocr_line'>x</span></div>";
        let e = parse(doc, Path::new("t.hocr")).expect_err("no bbox");
        assert!(e.to_string().contains("t.hocr:2"), "{e}");
    }
}
