//! PaddleOCR box JSON reader.
//!
//! Input: the decoded text of a JSON file and its path. Output: an [`OcrPage`] with one line
//! per recognised text box. Accepted shapes, found anywhere in the document:
//!
//! - `[box, [text, score]]` items, as paddleocr's Python API prints them (`box` four
//!   `[x, y]` points), in a list or nested lists (one per page); EasyOCR's `readtext`
//!   items `[box, text, score]` alike;
//! - objects `{"text", "box" | "points" | "bbox" | "poly", "score" | "confidence"}`, bare or
//!   under a key such as `"ocr_results"`;
//! - PaddleOCR 3 / PaddleX results `{"rec_texts": [...], "rec_polys" | "rec_boxes": [...],
//!   "rec_scores": [...]}` (possibly under `"res"`).
//!
//! A list holding items is one sheet (a page of a multi-page input), and so is each
//! `rec_texts` result. A box is four points, eight numbers or `[x0, y0, x1, y1]`. Paddle
//! gives no page size (the layout measures the lines' extent) and no blocks: every
//! line is block 1 and its own paragraph; a quadrilateral's top edge gives the line's
//! slope (a turned page's skew). The source line of an item is where its text
//! first occurs in the file after the previous item's.

use super::{BBox, OcrLine, OcrPage, clean_line, coord, error};
use crate::IngestError;
use serde_json::Value;
use std::path::Path;

/// Deepest nesting searched for items.
const MAX_DEPTH: usize = 16;

/// Parse PaddleOCR JSON `text` from `path`.
pub fn parse(text: &str, path: &Path) -> Result<OcrPage, IngestError> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        error(
            path,
            u32::try_from(e.line()).unwrap_or(u32::MAX),
            format!("malformed JSON: {e}"),
        )
    })?;
    let mut groups = Vec::new();
    collect(&v, 0, &mut groups);
    groups.retain(|g: &Vec<Item>| !g.is_empty());
    if groups.is_empty() {
        return Err(error(
            path,
            0,
            "no OCR boxes found: expected [box, [text, score]] or [box, text, score] items, {\"text\", \"box\"} objects or rec_texts / rec_polys",
        ));
    }
    let mut page = OcrPage::default();
    // Where the previous item's text ended in the file, and the line it is on.
    let mut cursor = 0usize;
    let mut last_line = 1u32;
    let mut i = 0usize;
    for (g, group) in groups.into_iter().enumerate() {
        if g > 0 {
            page.sheets.push(page.lines.len());
        }
        for (t, (bbox, slope), score) in group {
            i += 1;
            let quoted = serde_json::to_string(&t).unwrap_or_default();
            if let Some(at) = text.get(cursor..).and_then(|rest| rest.find(&quoted)) {
                let newlines = text
                    .get(cursor..cursor + at)
                    .map_or(0, |s| s.matches('\n').count());
                last_line = last_line.saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
                cursor += at + quoted.len();
            }
            let text = clean_line(&[t]);
            if text.is_empty() {
                continue;
            }
            page.lines.push(OcrLine {
                text,
                bbox,
                x_size: None,
                glyph_h: None,
                block: 1,
                par: u32::try_from(i).unwrap_or(u32::MAX),
                conf: score,
                src_line: last_line,
                pieces: Vec::new(),
                narrow: Vec::new(),
                slope,
            });
        }
    }
    Ok(page)
}

/// Text, box, score, and the slope of the box's top edge when it is a quadrilateral.
type Item = (String, Quad, Option<f64>);

/// A box and the slope of its top edge (dy/dx, from a quadrilateral's first two points).
type Quad = (BBox, Option<f64>);

/// The items of `v`, one group per sheet: a list holding items is a sheet (PaddleOCR's
/// Python API returns a list per page), and so is a `rec_texts` result.
fn collect(v: &Value, depth: usize, out: &mut Vec<Vec<Item>>) {
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(item) = item_of(v) {
        match out.last_mut() {
            Some(g) => g.push(item),
            None => out.push(vec![item]),
        }
        return;
    }
    match v {
        Value::Array(a) => {
            // Each element read as an item once; a list holding any is a sheet.
            let items: Vec<Option<Item>> = a.iter().map(item_of).collect();
            if items.iter().any(Option::is_some) {
                out.push(Vec::new());
            }
            for (x, item) in a.iter().zip(items) {
                match (item, out.last_mut()) {
                    (Some(item), Some(g)) => g.push(item),
                    _ => collect(x, depth + 1, out),
                }
            }
        }
        Value::Object(o) => {
            if let Some(Value::Array(texts)) = o.get("rec_texts") {
                let boxes = o.get("rec_polys").or_else(|| o.get("rec_boxes"));
                let scores = o.get("rec_scores").and_then(Value::as_array);
                if let Some(Value::Array(boxes)) = boxes {
                    out.push(
                        texts
                            .iter()
                            .zip(boxes)
                            .enumerate()
                            .filter_map(|(k, (t, b))| {
                                let s = scores.and_then(|s| s.get(k)).and_then(score);
                                Some((t.as_str()?.to_string(), to_box(b)?, s))
                            })
                            .collect(),
                    );
                    return;
                }
            }
            for x in o.values() {
                collect(x, depth + 1, out);
            }
        }
        _ => {}
    }
}

/// One item: `[box, [text, score]]`, `[box, text]`, or an object with a text and a box.
fn item_of(v: &Value) -> Option<Item> {
    match v {
        Value::Array(a) => pair_item(a),
        Value::Object(o) => {
            let t = o
                .get("text")
                .or_else(|| o.get("transcription"))
                .and_then(Value::as_str)?;
            let b = ["box", "points", "bbox", "poly", "text_region"]
                .iter()
                .find_map(|k| o.get(*k))
                .and_then(to_box)?;
            let s = o
                .get("score")
                .or_else(|| o.get("confidence"))
                .and_then(score);
            Some((t.to_string(), b, s))
        }
        _ => None,
    }
}

/// `[box, [text, score]]` or `[box, text]` (PaddleOCR), `[box, text, score]` (EasyOCR's
/// `readtext`).
fn pair_item(a: &[Value]) -> Option<Item> {
    if let [b, Value::String(t), s] = a {
        return Some((t.clone(), to_box(b)?, score(s)));
    }
    let [b, rec] = a else { return None };
    let b = to_box(b)?;
    match rec {
        Value::String(t) => Some((t.clone(), b, None)),
        Value::Array(r) => {
            let t = r.first()?.as_str()?;
            Some((t.to_string(), b, r.get(1).and_then(score)))
        }
        _ => None,
    }
}

fn score(v: &Value) -> Option<f64> {
    v.as_f64()
        .filter(|s| s.is_finite())
        .map(|s| s.clamp(0.0, 1.0))
}

fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64().and_then(|f| coord(&f.to_string())),
        Value::String(s) => coord(s),
        _ => None,
    }
}

/// Four `[x, y]` points, eight numbers, or `[x0, y0, x1, y1]`.
fn to_box(v: &Value) -> Option<Quad> {
    let a = v.as_array()?;
    let pts: Vec<(f64, f64)> = if a.iter().all(Value::is_array) {
        a.iter()
            .map(|p| {
                let p = p.as_array()?;
                Some((num(p.first()?)?, num(p.get(1)?)?))
            })
            .collect::<Option<Vec<_>>>()?
    } else {
        let n: Vec<f64> = a.iter().map(num).collect::<Option<Vec<_>>>()?;
        match n.len() {
            4 => vec![(n[0], n[1]), (n[2], n[3])],
            8 => n.chunks(2).map(|c| (c[0], c[1])).collect(),
            _ => return None,
        }
    };
    if pts.len() < 2 {
        return None;
    }
    // Paddle's quadrilaterals start top left, then top right.
    let slope = match pts.as_slice() {
        [(x0, y0), (x1, y1), _, _] if x1 - x0 > 0.0 => Some((y1 - y0) / (x1 - x0)),
        _ => None,
    };
    let mut b = BBox {
        x0: f64::INFINITY,
        y0: f64::INFINITY,
        x1: f64::NEG_INFINITY,
        y1: f64::NEG_INFINITY,
    };
    for &(x, y) in &pts {
        b.x0 = b.x0.min(x);
        b.y0 = b.y0.min(y);
        b.x1 = b.x1.max(x);
        b.y1 = b.y1.max(y);
    }
    // A quadrilateral turned a little: the box is its middle band, as tall as the type
    // (the envelope of a line turned by one degree is a third taller over 1 500 px).
    if let [(_, ty0), (_, ty1), (_, by1), (_, by0)] = pts.as_slice() {
        let (top, bottom) = ((ty0 + ty1) / 2.0, (by0 + by1) / 2.0);
        if bottom > top {
            (b.y0, b.y1) = (top, bottom);
        }
    }
    Some((b, slope))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_api_shape() {
        let j = r#"[[[[10, 20], [300, 20], [300, 60], [10, 60]], ["清河 日报", 0.98]],
 [[[10, 80], [300, 80], [300, 120], [10, 120]], ["正文", 0.9]]]"#;
        let p = parse(j, Path::new("p.json")).expect("paddle");
        assert_eq!(p.lines.len(), 2);
        assert_eq!(p.lines[0].text, "清河日报");
        assert_eq!(p.lines[1].src_line, 2);
        assert_eq!(p.lines[1].bbox.y0, 80.0);
        assert_eq!(p.lines[0].slope, Some(0.0));
        // A turned page: the top edge rises 3 over 300; the box is the quadrilateral's
        // middle band, 40 high, not its envelope (43).
        let j = r#"[[[[10, 23], [310, 20], [310, 60], [10, 63]], ["正文", 0.9]]]"#;
        let p = parse(j, Path::new("p.json")).expect("paddle");
        assert_eq!(p.lines[0].slope, Some(-0.01));
        assert_eq!((p.lines[0].bbox.y0, p.lines[0].bbox.y1), (21.5, 61.5));
    }

    #[test]
    fn easyocr_shape() {
        // EasyOCR's `readtext` items, dumped as JSON: box, text, score.
        let j = r#"[[[[10, 20], [300, 20], [300, 60], [10, 60]], "清河 日报", 0.98],
 [[[10, 80], [300, 80], [300, 120], [10, 120]], "正文", 0.5]]"#;
        let p = parse(j, Path::new("p.json")).expect("easyocr");
        assert_eq!(p.lines.len(), 2);
        assert_eq!(p.lines[0].text, "清河日报");
        assert_eq!(p.lines[1].conf, Some(0.5));
        assert_eq!(p.lines[1].bbox.y0, 80.0);
    }

    #[test]
    fn object_shapes() {
        let j = r#"{"ocr_results":[{"text":"标题","box":[1,2,30,40],"score":0.5},
            {"text":"正文","points":[[1,50],[30,50],[30,90],[1,90]]}]}"#;
        let p = parse(j, Path::new("p.json")).expect("paddle");
        assert_eq!(p.lines.len(), 2);
        // Surya's results: text lines with a polygon, a box and a confidence, per page.
        let j = r#"{"page":[{"text_lines":[{"polygon":[[1,2],[30,2],[30,40],[1,40]],
            "bbox":[1,2,30,40],"text":"标题","confidence":0.7}],"image_bbox":[0,0,99,99]}]}"#;
        let p = parse(j, Path::new("p.json")).expect("surya");
        assert_eq!(
            (p.lines[0].text.as_str(), p.lines[0].conf),
            ("标题", Some(0.7))
        );
        let j = r#"{"res":{"rec_texts":["甲","乙"],"rec_scores":[0.9,0.8],"rec_boxes":[[0,0,10,10],[0,20,10,30]]}}"#;
        let p = parse(j, Path::new("p.json")).expect("paddlex");
        assert_eq!(p.lines[1].text, "乙");
        assert_eq!(p.lines[1].conf, Some(0.8));
    }

    /// A list per sheet, as PaddleOCR returns a multi-page input, and a list of PaddleX
    /// results: each is a sheet of its own (the second sheet's boxes start at the top
    /// again; read as one, they would overlap the first's).
    #[test]
    fn a_list_per_sheet() {
        let j = r#"[[[[[0, 0], [9, 0], [9, 9], [0, 9]], ["甲", 0.9]],
                     [[[0, 20], [9, 20], [9, 29], [0, 29]], ["乙", 0.9]]],
                    [[[[0, 0], [9, 0], [9, 9], [0, 9]], ["丙", 0.9]]],
                    null]"#;
        let p = parse(j, Path::new("p.json")).expect("paddle");
        assert_eq!(p.lines.len(), 3);
        assert_eq!(p.sheets, vec![2]);
        assert_eq!((p.width, p.height), (0.0, 0.0), "Paddle gives no page size");
        let j = r#"[{"rec_texts":["甲"],"rec_boxes":[[0,0,10,10]]},
                    {"rec_texts":["乙","丙"],"rec_boxes":[[0,0,10,10],[0,20,10,30]]}]"#;
        let p = parse(j, Path::new("p.json")).expect("paddlex");
        assert_eq!(p.sheets, vec![1]);
        // One sheet's items, not nested: no cut.
        let j = r#"[[[[0, 0], [9, 0], [9, 9], [0, 9]], ["甲", 0.9]],
                    [[[0, 20], [9, 20], [9, 29], [0, 29]], ["乙", 0.9]]]"#;
        assert!(
            parse(j, Path::new("p.json"))
                .expect("paddle")
                .sheets
                .is_empty()
        );
    }

    #[test]
    fn hostile_numbers_and_junk() {
        let j = r#"[[[[1e308, 20], [300, 20], [300, 60], [10, 60]], ["x", 0.9]]]"#;
        assert!(parse(j, Path::new("p.json")).is_err());
        assert!(parse("[1, 2", Path::new("p.json")).is_err());
        assert!(parse("{}", Path::new("p.json")).is_err());
    }
}
