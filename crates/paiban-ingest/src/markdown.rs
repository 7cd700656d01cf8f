//! Reader for OCR'd Markdown pages (pulldown-cmark).
//!
//! Input: the decoded text of one page and its file name. Output: [`RawBlock`]s in source
//! order, each with its 1-based source line: headings keep their level, `![caption](file)`
//! becomes an image block with its caption, raw HTML is kept as plain text (never markup),
//! and emphasis markers are removed — also the ones CommonMark leaves unmatched next to
//! Chinese punctuation (`**“重要”**的`). Every source line is its own block (exports that
//! put one paragraph on each line); a line broken mid-sentence is joined by `join`.
//! The event stream is flat, so deep nesting costs no stack here.

use crate::chars::is_cjk;
use crate::raw::{RawBlock, Role};
use paiban_model::Span;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::sync::Arc;

/// Byte offsets of line starts, for offset → line number.
pub struct LineIndex(Vec<usize>);

impl LineIndex {
    /// Index the lines of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }

    /// 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> u32 {
        u32::try_from(self.0.partition_point(|&s| s <= offset)).unwrap_or(u32::MAX)
    }
}

struct Builder<'a> {
    file: Arc<str>,
    lines: &'a LineIndex,
    out: Vec<RawBlock>,
    text: String,
    line: u32,
    heading: u8,
    /// Inside `![…](…)`: the image's destination and its alt text so far.
    image: Option<(String, String, u32)>,
}

impl Builder<'_> {
    fn open(&mut self, offset: usize) {
        if self.text.is_empty() {
            self.line = self.lines.line(offset);
        }
    }

    fn flush(&mut self) {
        let text = strip_stray_emphasis(self.text.trim());
        if !text.is_empty() {
            let span = Span::new(self.file.clone(), self.line);
            self.out.push(if self.heading > 0 {
                RawBlock::heading(text, span, self.heading)
            } else {
                RawBlock::new(text, span)
            });
        }
        self.text.clear();
    }

    fn push_text(&mut self, s: &str, offset: usize) {
        if let Some((_, alt, _)) = &mut self.image {
            alt.push_str(s);
            return;
        }
        self.open(offset);
        self.text.push_str(s);
    }
}

/// Read the blocks of the Markdown page `text` from `file`.
pub fn read(text: &str, file: &str) -> Vec<RawBlock> {
    let lines = LineIndex::new(text);
    let mut b = Builder {
        file: Arc::from(file),
        lines: &lines,
        out: Vec::new(),
        text: String::new(),
        line: 1,
        heading: 0,
        image: None,
    };
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                b.flush();
                b.heading = level as u8;
                b.line = lines.line(range.start);
            }
            Event::End(TagEnd::Heading(_)) => {
                b.flush();
                b.heading = 0;
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::HtmlBlock
                | Tag::CodeBlock(_),
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::HtmlBlock
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead,
            )
            | Event::Rule => b.flush(),
            Event::Start(Tag::Image { dest_url, .. }) => {
                if b.heading == 0 {
                    b.flush();
                }
                b.image = Some((dest_url.to_string(), String::new(), lines.line(range.start)));
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, alt, line)) = b.image.take() {
                    let mut block = RawBlock::new(alt.trim(), Span::new(b.file.clone(), line));
                    block.src = Some(src);
                    block.role = Role::Image;
                    if b.heading > 0 {
                        // An image inside a heading: keep the heading's text, add the image after.
                        let heading_text = std::mem::take(&mut b.text);
                        b.out.push(block);
                        b.text = heading_text;
                    } else {
                        b.out.push(block);
                    }
                }
            }
            // Inline text never holds a newline; code and HTML block text does.
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                if t.contains('\n') && b.heading == 0 && b.image.is_none() {
                    // Text of a code or HTML block: one block per line.
                    for (i, part) in t.split('\n').enumerate() {
                        if i > 0 {
                            b.flush();
                        }
                        b.push_text(part, range.start);
                    }
                } else {
                    b.push_text(&t, range.start);
                }
            }
            Event::SoftBreak => {
                if b.image.is_some() {
                    continue;
                }
                // Every source line is its own block (exports put one paragraph on a
                // line); lines broken mid-sentence are joined, with a note, by `join`.
                if b.heading == 0 {
                    b.flush();
                    b.line = lines.line(range.end);
                } else if needs_space(&b.text) {
                    b.text.push(' ');
                }
            }
            Event::HardBreak if b.heading == 0 && b.image.is_none() => {
                b.flush();
                b.line = lines.line(range.end);
            }
            Event::FootnoteReference(t) => b.push_text(&t, range.start),
            _ => {}
        }
    }
    b.flush();
    b.out
}

/// A wrapped line continues with a space only between Latin words.
fn needs_space(text: &str) -> bool {
    text.chars()
        .next_back()
        .is_some_and(|c| !is_cjk(c) && !c.is_whitespace())
}

/// Remove emphasis delimiters CommonMark left unmatched because they touch Chinese
/// punctuation (`**“重要”**的` → `“重要”的`): runs of `*` (1–3) or `_` (2–3) next to a CJK
/// character, removed only when they pair up within the block.
pub fn strip_stray_emphasis(text: &str) -> String {
    if !text.contains('*') && !text.contains("__") {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if c == '*' || c == '_' {
            let start = i;
            while chars.get(i) == Some(&c) {
                i += 1;
            }
            let len = i - start;
            let ok_len = if c == '*' {
                (1..=3).contains(&len)
            } else {
                (2..=3).contains(&len)
            };
            let before = start.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let after = chars.get(i).copied();
            let touches_cjk = before.is_some_and(is_cjk) || after.is_some_and(is_cjk);
            if ok_len && touches_cjk {
                runs.push((start, i));
            }
        } else {
            i += 1;
        }
    }
    if runs.is_empty() || !runs.len().is_multiple_of(2) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut r = runs.iter().peekable();
    let mut k = 0;
    while k < chars.len() {
        if let Some(&&(s, e)) = r.peek()
            && k == s
        {
            k = e;
            r.next();
            continue;
        }
        if let Some(&c) = chars.get(k) {
            out.push(c);
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<(String, u32, u8)> {
        read(src, "t.md")
            .into_iter()
            .map(|b| (b.text, b.span.line, b.heading))
            .collect()
    }

    #[test]
    fn headings_paragraphs_lines() {
        let t = texts("\n## 标题\n\n第一段。\n\n第二段\n");
        assert_eq!(
            t,
            vec![
                ("标题".into(), 2, 2),
                ("第一段。".into(), 4, 0),
                ("第二段".into(), 6, 0)
            ]
        );
    }

    #[test]
    fn emphasis_next_to_chinese_punctuation() {
        let t = texts("这是**“重要”**的事，**强调**。\n");
        assert_eq!(t[0].0, "这是“重要”的事，强调。");
        let t = texts("*斜体*，和__粗体__。\n");
        assert_eq!(t[0].0, "斜体，和粗体。");
        assert_eq!(texts("5*3=15\n")[0].0, "5*3=15");
    }

    #[test]
    fn images_keep_caption() {
        let b = read("![雨后的清河大桥](photo.jpg)\n\n本报记者 刘辉 摄\n", "t.md");
        assert_eq!(b[0].role, Role::Image);
        assert_eq!(b[0].text, "雨后的清河大桥");
        assert_eq!(b[0].src.as_deref(), Some("photo.jpg"));
        assert_eq!(b[1].text, "本报记者 刘辉 摄");
        assert_eq!(b[1].span.line, 3);
    }

    #[test]
    fn html_is_text() {
        let t = texts("<script>alert(1)</script>\n\n正文<b>粗</b>。\n");
        assert_eq!(t[0].0, "<script>alert(1)</script>");
        assert_eq!(t[1].0, "正文<b>粗</b>。");
    }

    #[test]
    fn soft_breaks() {
        let t = texts("第一句。\n第二句，接着\n写完。\n");
        assert_eq!(t.len(), 3);
        assert_eq!(t[0], ("第一句。".into(), 1, 0));
        assert_eq!(t[2], ("写完。".into(), 3, 0));
    }

    #[test]
    fn deep_nesting_is_flat() {
        let src = ">".repeat(10_000) + " 深层引用。\n";
        let t = texts(&src);
        assert_eq!(t.len(), 1);
        assert!(t[0].0.contains("深层引用"));
    }
}
