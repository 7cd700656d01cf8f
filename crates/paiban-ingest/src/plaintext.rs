//! Reader for plain-text exports: one paragraph per line.
//!
//! Input: the decoded text of one page and its file name. Output: one [`RawBlock`] per
//! non-empty line with its 1-based line number; a line indented with ideographic spaces
//! (`　　`), two or more spaces or a tab is marked `indented` (a body paragraph). Display
//! lines — kicker, headline, subtitle on consecutive short unindented lines — are told apart
//! later by the `classify` pass.

use crate::raw::RawBlock;
use paiban_model::Span;
use std::sync::Arc;

/// Read the blocks of the plain-text page `text` from `file`.
pub fn read(text: &str, file: &str) -> Vec<RawBlock> {
    let file: Arc<str> = Arc::from(file);
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let indented = line.starts_with('\u{3000}')
            || line.starts_with("  ")
            || line.starts_with('\t')
            || line.starts_with("\u{a0}\u{a0}");
        let lineno = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let span = Span::new(file.clone(), lineno);
        // Heading markup in a text export (`### 标题`): a heading hint, as in Markdown.
        let mut b = match atx_heading(trimmed) {
            Some((level, text)) if !indented => RawBlock::heading(text, span, level),
            _ => RawBlock::new(trimmed, span),
        };
        b.indented = indented;
        out.push(b);
    }
    out
}

/// `## 标题` → (2, `标题`): one to six `#`, a space, then text.
fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = line.get(hashes..)?;
    let text = rest.trim();
    ((1..=6).contains(&hashes) && rest.starts_with([' ', '\t']) && !text.is_empty()).then(|| {
        (
            u8::try_from(hashes).unwrap_or(6),
            text.trim_end_matches('#').trim(),
        )
    })
}

/// Does `text` look like a plain-text export rather than Markdown? Most of its non-empty
/// lines are indented, or it has no Markdown structure (headings, blank-line paragraphs).
pub fn looks_plain(text: &str) -> bool {
    let mut lines = 0usize;
    let mut indented = 0usize;
    let mut marked = 0usize;
    let mut blank = 0usize;
    for line in text.lines().take(2000) {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        lines += 1;
        if line.starts_with('\u{3000}') {
            indented += 1;
        }
        if line.starts_with('#') || line.starts_with("![") {
            marked += 1;
        }
    }
    marked == 0 && (indented * 3 >= lines || blank == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_block_per_line() {
        let b = read(
            "清河两岸\n新桥通车\n\u{3000}\u{3000}本报讯 正文。\n\n\u{3000}\u{3000}第二段。",
            "p.txt",
        );
        assert_eq!(b.len(), 4);
        assert_eq!(b[0].text, "清河两岸");
        assert!(!b[0].indented);
        assert_eq!(b[2].text, "本报讯 正文。");
        assert!(b[2].indented);
        assert_eq!(b[3].span.line, 5);
    }

    #[test]
    fn heading_markup_in_text() {
        let b = read("### 新桥通车 \n#不是标题\n", "p.txt");
        assert_eq!((b[0].heading, b[0].text.as_str()), (3, "新桥通车"));
        assert_eq!((b[1].heading, b[1].text.as_str()), (0, "#不是标题"));
    }

    #[test]
    fn sniffing() {
        assert!(looks_plain(
            "标题\n\u{3000}\u{3000}正文。\n\u{3000}\u{3000}正文。\n"
        ));
        assert!(!looks_plain("## 标题\n\n正文。\n"));
        assert!(!looks_plain("标题\n\n正文。\n\n正文。\n"));
    }
}
