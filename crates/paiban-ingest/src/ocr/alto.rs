//! ALTO XML reader (v2, v3, v4: Tesseract's `alto` output and library digitisation).
//!
//! Input: the decoded text of an ALTO file and its path. Output: an [`OcrPage`] of the
//! `TextLine`s with their box (`HPOS`, `VPOS`, `WIDTH`, `HEIGHT`), their `TextBlock`
//! counted from 1 (ALTO has no paragraph element: the block is the paragraph), the mean
//! `WC` of their `String`s and the source line of the `TextLine` element. A line's text
//! is its `String` `CONTENT`s, `SP` as a space, spaces between CJK characters dropped.
//! The page size comes from `Page` (`WIDTH`, `HEIGHT`); the measurement unit does not
//! matter, only proportions are used. Elements are matched by local name, so every ALTO
//! namespace version is read. No entities are expanded beyond the predefined ones.

use super::line::{LineBuild, Word};
use super::{BBox, LineIndex, OcrPage, check_doctype, coord, entity, error, xml_error};
use crate::IngestError;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::BTreeMap;
use std::path::Path;

fn attrs(
    e: &BytesStart<'_>,
    path: &Path,
    line: u32,
) -> Result<BTreeMap<String, String>, IngestError> {
    let mut m = BTreeMap::new();
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| error(path, line, format!("malformed attribute: {err}")))?;
        let v = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| error(path, line, format!("attribute value: {err}")))?;
        m.insert(a.key.local_name().as_ref().to_string(), v.into_owned());
    }
    Ok(m)
}

fn num(
    m: &BTreeMap<String, String>,
    key: &str,
    path: &Path,
    line: u32,
) -> Result<Option<f64>, IngestError> {
    match m.get(key) {
        None => Ok(None),
        Some(v) => coord(v).map(Some).ok_or_else(|| {
            error(
                path,
                line,
                format!("{key}={v:?}: a number below 1e7 expected"),
            )
        }),
    }
}

fn bbox(
    m: &BTreeMap<String, String>,
    what: &str,
    path: &Path,
    line: u32,
) -> Result<BBox, IngestError> {
    let get = |k: &str| -> Result<f64, IngestError> {
        num(m, k, path, line)?.ok_or_else(|| error(path, line, format!("{what} without {k}")))
    };
    let (x, y, w, h) = (get("HPOS")?, get("VPOS")?, get("WIDTH")?, get("HEIGHT")?);
    Ok(BBox {
        x0: x,
        y0: y,
        x1: x + w.max(0.0),
        y1: y + h.max(0.0),
    })
}

/// Does the `softwareName` `name` say Tesseract up to 5.5.2, whose ALTO writes a word's
/// confidence as `0.` followed by its integer percentage (`0.8` for 8 %, `0.80` for 80 %,
/// `0.100` for 100 %: tesseract-ocr/tesseract#4615)? A speck read at 8 % then looked like
/// a word read at 80 %.
fn tesseract_percent_wc(name: &str) -> bool {
    let mut words = name.split_whitespace();
    if !words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("tesseract"))
    {
        return false;
    }
    let version: Vec<u32> = words
        .next()
        .unwrap_or_default()
        .trim_start_matches(['v', 'V'])
        .split(['.', '-'])
        .map_while(|p| p.parse().ok())
        .collect();
    // An unreadable version: the bug is older than any fixed release.
    version.is_empty() || version < vec![5, 5, 3]
}

/// A `String`'s `WC` as a confidence 0..1 (`None` when it is no number); with `percent`,
/// `0.` and digits are read as a percentage (see [`tesseract_percent_wc`]).
fn word_confidence(v: &str, percent: bool) -> Option<f64> {
    if percent
        && let Some(digits) = v.trim().strip_prefix("0.")
        && !digits.is_empty()
        && digits.len() <= 3
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return digits
            .parse::<f64>()
            .ok()
            .map(|p| (p / 100.0).clamp(0.0, 1.0));
    }
    coord(v).map(|wc| wc.clamp(0.0, 1.0))
}

/// Parse ALTO `text` from `path`.
pub fn parse(text: &str, path: &Path) -> Result<OcrPage, IngestError> {
    let index = LineIndex::new(text);
    let mut reader = Reader::from_str(text);
    let mut page = OcrPage::default();
    let mut block = 0u32;
    let mut cur: Option<LineBuild> = None;
    let mut seen_page = false;
    let mut seen_root = false;
    let mut depth = 0usize;
    // Inside `softwareName`, and whether it names a Tesseract that writes `WC` as a
    // percentage after `0.` (see [`word_confidence`]).
    let mut in_software = false;
    let mut percent_wc = false;
    loop {
        let pos = reader.buffer_position();
        let ev = reader
            .read_event()
            .map_err(|e| xml_error(&e, &index, reader.error_position(), path))?;
        let line = index.line(pos);
        match ev {
            Event::Eof => break,
            Event::DocType(d) => check_doctype(&d.xml10_content(), path, line)?,
            ev @ (Event::Start(_) | Event::Empty(_)) => {
                let (e, empty) = match &ev {
                    Event::Start(e) => (e, false),
                    Event::Empty(e) => (e, true),
                    _ => continue,
                };
                if !empty {
                    depth += 1;
                }
                let name = e.local_name();
                match name.as_ref() {
                    "alto" => seen_root = true,
                    "Page" => {
                        let m = attrs(e, path, line)?;
                        if seen_page {
                            if let Some(l) = cur.take() {
                                l.finish(&mut page);
                            }
                            page.sheets.push(page.lines.len());
                        }
                        seen_page = true;
                        if page.width == 0.0 {
                            page.width = num(&m, "WIDTH", path, line)?.unwrap_or(0.0);
                            page.height = num(&m, "HEIGHT", path, line)?.unwrap_or(0.0);
                        }
                    }
                    "TextBlock" => block += 1,
                    "softwareName" => in_software = !empty,
                    "TextLine" => {
                        if let Some(l) = cur.take() {
                            l.finish(&mut page);
                        }
                        let m = attrs(e, path, line)?;
                        // ALTO has no paragraph element: the block is the paragraph.
                        cur = Some(LineBuild::new(
                            bbox(&m, "TextLine", path, line)?,
                            None,
                            block.max(1),
                            block.max(1),
                            line,
                        ));
                        if empty && let Some(l) = cur.take() {
                            l.finish(&mut page);
                        }
                    }
                    "String" => {
                        let m = attrs(e, path, line)?;
                        if let Some(l) = cur.as_mut()
                            && let Some(c) = m.get("CONTENT")
                        {
                            let has_box = ["HPOS", "VPOS", "WIDTH", "HEIGHT"]
                                .iter()
                                .all(|k| m.contains_key(*k));
                            l.words.push(Word {
                                text: c.clone(),
                                bbox: if has_box {
                                    Some(bbox(&m, "String", path, line)?)
                                } else {
                                    None
                                },
                                conf: m
                                    .get("WC")
                                    .map(|v| {
                                        word_confidence(v, percent_wc).ok_or_else(|| {
                                            error(
                                                path,
                                                line,
                                                format!("WC={v:?}: a number expected"),
                                            )
                                        })
                                    })
                                    .transpose()?,
                            });
                        }
                    }
                    "SP" => {
                        if let Some(l) = cur.as_mut() {
                            l.words.push(Word {
                                text: " ".into(),
                                bbox: None,
                                conf: None,
                            });
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_software => {
                let name = t.xml10_content();
                percent_wc = percent_wc || tesseract_percent_wc(&name);
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if e.local_name().as_ref() == "softwareName" {
                    in_software = false;
                }
                if e.local_name().as_ref() == "TextLine"
                    && let Some(l) = cur.take()
                {
                    l.finish(&mut page);
                }
            }
            Event::GeneralRef(r) => {
                entity(&r, path, line)?;
            }
            _ => {}
        }
    }
    if let Some(l) = cur.take() {
        l.finish(&mut page);
    }
    if !seen_root {
        return Err(error(path, 0, "no <alto> element: not ALTO XML"));
    }
    if depth > 0 {
        return Err(error(
            path,
            index.line(u64::try_from(text.len()).unwrap_or(u64::MAX)),
            "the document ends inside an element (truncated file?)",
        ));
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0"?>
<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout>
<Page WIDTH="1000" HEIGHT="2000"><PrintSpace>
<TextBlock ID="b1">
<TextLine HPOS="10" VPOS="20" WIDTH="490" HEIGHT="40"><String CONTENT="清河" WC="0.9"/><SP/><String CONTENT="日报" WC="0.7"/><SP/><String CONTENT="new"/><SP/><String CONTENT="bridge"/></TextLine>
</TextBlock></PrintSpace></Page></Layout></alto>"#;

    #[test]
    fn reads_lines() {
        let p = parse(DOC, Path::new("t.xml")).expect("alto");
        assert_eq!((p.width, p.height), (1000.0, 2000.0));
        assert_eq!(p.lines.len(), 1);
        let l = &p.lines[0];
        assert_eq!(l.text, "清河日报 new bridge");
        assert_eq!(l.src_line, 5);
        assert_eq!(l.bbox.x1, 500.0);
        assert!(l.conf.is_some_and(|c| (c - 0.8).abs() < 1e-9));
    }

    #[test]
    fn tesseract_percent_confidences() {
        assert!(tesseract_percent_wc("tesseract 5.3.0"));
        assert!(tesseract_percent_wc("tesseract v4.1.1"));
        assert!(!tesseract_percent_wc("tesseract 5.5.3"));
        assert!(!tesseract_percent_wc("ABBYY FineReader 15"));
        assert_eq!(word_confidence("0.8", true), Some(0.08));
        assert_eq!(word_confidence("0.80", true), Some(0.8));
        assert_eq!(word_confidence("0.100", true), Some(1.0));
        assert_eq!(word_confidence("0.0", true), Some(0.0));
        assert_eq!(word_confidence("0.8", false), Some(0.8));
        assert_eq!(word_confidence("x", true), None);
        // A speck Tesseract read at 8 % in a gutter no longer bridges it.
        let doc = DOC
            .replace(
                "<Layout>",
                "<Description><OCRProcessing><ocrProcessingStep><processingSoftware><softwareName>tesseract 5.3.0</softwareName></processingSoftware></ocrProcessingStep></OCRProcessing></Description><Layout>",
            )
            .replace(r#"WC="0.7""#, r#"WC="0.7" HPOS="10" VPOS="20" WIDTH="40" HEIGHT="40""#);
        let p = parse(&doc, Path::new("t.xml")).expect("alto");
        // 0.9 and 0.7 read as 9 % and 7 %.
        assert!(p.lines[0].conf.is_some_and(|c| (c - 0.08).abs() < 1e-9));
    }

    #[test]
    fn truncated_is_an_error() {
        let cut = &DOC[..DOC.len() - 30];
        let e = parse(cut, Path::new("t.xml")).expect_err("truncated");
        assert!(e.to_string().starts_with("t.xml:"), "{e}");
    }
}
