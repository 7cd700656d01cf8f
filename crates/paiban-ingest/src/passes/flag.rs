//! Pass `flag`: where text may be missing.
//!
//! Input: the segmented edition. Output: warnings (nothing changes): an article whose last
//! paragraph ends mid-sentence and that does not continue on another page; a paragraph
//! inside an article that ends mid-sentence (its continuation was not found); a paragraph
//! that visibly starts mid-sentence (with `，、。` or a closing quote) other than the first
//! block of a continued article; an article with a headline and no text.

use crate::chars::{ends_mid_sentence, excerpt, starts_mid_sentence, tail};
use crate::passes::warn;
use paiban_model::{BlockKind, Diagnostic, Edition};

const PASS: &str = "flag";

/// Report every suspected gap in `edition`.
pub fn flag(edition: &Edition) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (_, a) in edition.articles() {
        let title = a.headline.as_deref().unwrap_or("(untitled)");
        if a.blocks.is_empty() {
            diags.push(warn(
                PASS,
                &a.span,
                title,
                "article has no text: its body may be missing",
            ));
            continue;
        }
        let last_text = a
            .blocks
            .iter()
            .rposition(|b| b.kind == BlockKind::Paragraph);
        for (i, b) in a.blocks.iter().enumerate() {
            if b.kind != BlockKind::Paragraph {
                continue;
            }
            if starts_mid_sentence(&b.text) && !(i == 0 && a.continued_from.is_some()) {
                diags.push(warn(
                    PASS,
                    &b.span,
                    &excerpt(&b.text, 16),
                    "paragraph starts mid-sentence: text before it may be missing",
                ));
            }
            if !ends_mid_sentence(&b.text) {
                continue;
            }
            if Some(i) == last_text && i + 1 == a.blocks.len() {
                if a.continues_to.is_none() {
                    diags.push(warn(
                        PASS,
                        &b.span,
                        &tail(&b.text, 16),
                        &format!("article “{title}” ends mid-sentence: text may be missing"),
                    ));
                }
            } else {
                diags.push(warn(
                    PASS,
                    &b.span,
                    &tail(&b.text, 16),
                    "paragraph ends mid-sentence and the next block does not continue it: text may be missing",
                ));
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use paiban_model::{Article, Block, Section, Span};

    fn ed(blocks: Vec<&str>, continues_to: Option<u32>) -> Edition {
        let mut e = Edition::new("清河日报");
        e.sections = vec![Section {
            number: 1,
            name: None,
            articles: vec![Article {
                headline: Some("新桥".into()),
                continues_to,
                blocks: blocks
                    .into_iter()
                    .enumerate()
                    .map(|(i, t)| Block::new(BlockKind::Paragraph, t, Span::new("p", i as u32 + 1)))
                    .collect(),
                ..Default::default()
            }],
        }];
        e
    }

    #[test]
    fn fragments_are_flagged() {
        let d = flag(&ed(
            vec![
                "完整。",
                "成果。全市全部创",
                "新方法。",
                "最后在坚持中，清河",
            ],
            None,
        ));
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].span.line, 2);
        assert_eq!(d[1].span.line, 4);
        assert!(d[1].message.contains("ends mid-sentence"));
    }

    #[test]
    fn continued_articles_are_not() {
        assert!(flag(&ed(vec!["完整。", "转到别的版面继续"], Some(2))).is_empty());
        let d = flag(&ed(vec!["，开头就断了。"], None));
        assert_eq!(d.len(), 1);
        assert!(flag(&ed(vec![], None)).len() == 1);
    }
}
