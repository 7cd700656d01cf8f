//! Pass `dedupe`: a block or article repeated anywhere in the edition is kept once.
//!
//! Input: classified pages (before `join`), and later the segmented edition. Output: the
//! pages without repeated body blocks — compared by their Han characters, letters and
//! digits, so a copy wrapped in heading markup, with other punctuation or spacing, or with
//! its jump marker is still a copy — and the edition without whole articles repeated across
//! pages. Only blocks of at least [`MIN_HAN`] Han characters count: short lines (a credit,
//! 据悉……) legitimately recur. Each removal is a note naming the copy that was kept.

use crate::chars::{excerpt, han_count, is_han};
use crate::passes::note;
use crate::raw::{RawPage, Role};
use paiban_model::{Diagnostic, Edition, Span};
use std::collections::HashMap;

const PASS: &str = "dedupe";

/// Blocks shorter than this many Han characters are never treated as copies.
pub const MIN_HAN: usize = 20;

/// What two copies of a block share: Han characters, ASCII letters and digits, in order.
pub fn key(dateline: Option<&str>, text: &str) -> String {
    dateline
        .unwrap_or_default()
        .chars()
        .chain(text.chars())
        .filter(|&c| is_han(c) || c.is_ascii_alphanumeric())
        .collect()
}

/// Remove repeated body blocks from `pages`, keeping the first copy.
pub fn dedupe_blocks(pages: &mut [RawPage]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen: HashMap<String, Span> = HashMap::new();
    for page in pages.iter_mut() {
        let blocks = std::mem::take(&mut page.blocks);
        let mut kept = Vec::with_capacity(blocks.len());
        for b in blocks {
            let eligible = matches!(
                b.role,
                Role::Paragraph | Role::Note | Role::Caption | Role::Subhead
            );
            if eligible
                && han_count(&b.text) + b.dateline.as_deref().map_or(0, han_count) >= MIN_HAN
            {
                let k = key(b.dateline.as_deref(), &b.text);
                if let Some(first) = seen.get(&k) {
                    diags.push(note(
                        PASS,
                        &b.span,
                        &excerpt(&b.text, 24),
                        &format!(
                            "repeated block removed ({} characters; the copy at {first} is kept{})",
                            b.text.chars().count(),
                            if b.heading > 0 {
                                ", this one was marked as a heading"
                            } else {
                                ""
                            }
                        ),
                    ));
                    continue;
                }
                seen.insert(k, b.span.clone());
            }
            kept.push(b);
        }
        page.blocks = kept;
    }
    diags
}

/// Remove an article that repeats an earlier one: same display lines, and no block left after
/// block de-duplication (its text was all copies).
pub fn dedupe_articles(edition: &mut Edition) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen: HashMap<String, Span> = HashMap::new();
    for section in &mut edition.sections {
        let articles = std::mem::take(&mut section.articles);
        for a in articles {
            let Some(h) = a.headline.as_deref().filter(|h| !key(None, h).is_empty()) else {
                section.articles.push(a);
                continue;
            };
            // Every display line must repeat too, so nothing but copies is dropped.
            let fields = [
                Some(h),
                a.kicker.as_deref(),
                a.subtitle.as_deref(),
                a.byline.as_deref(),
                a.dateline.as_deref(),
            ];
            let h: Vec<String> = fields
                .iter()
                .map(|f| key(None, f.unwrap_or_default()))
                .collect();
            let h = h.join("|");
            let texts: Vec<String> = a.blocks.iter().map(|b| key(None, &b.text)).collect();
            if let Some(first) = seen.get(&h) {
                if texts.is_empty() {
                    diags.push(note(
                        PASS,
                        &a.span,
                        a.headline.as_deref().unwrap_or_default(),
                        &format!("repeated article removed (the copy at {first} is kept)"),
                    ));
                    continue;
                }
            } else {
                seen.insert(h, a.span.clone());
            }
            section.articles.push(a);
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::RawBlock;
    use paiban_model::{Article, Block, BlockKind, Section};

    const LONG: &str = "清河新桥今天正式通车，两岸居民往来的时间从半小时缩短到五分钟。";

    #[test]
    fn repeated_blocks_kept_once_also_as_heading() {
        let mut a = RawBlock::new(LONG, Span::new("p", 1));
        a.role = Role::Paragraph;
        let mut b = RawBlock::heading(LONG.replace('，', ","), Span::new("p", 3), 2);
        b.role = Role::Paragraph;
        let mut short = RawBlock::new("据悉。", Span::new("p", 5));
        short.role = Role::Paragraph;
        let mut pages = vec![RawPage {
            number: 1,
            name: None,
            file: "p".into(),
            plain: false,
            blocks: vec![a, short.clone(), b, short],
            fixes: Vec::new(),
        }];
        let d = dedupe_blocks(&mut pages);
        assert_eq!(pages[0].blocks.len(), 3);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("p:1") && d[0].message.contains("heading"));
        assert_eq!(d[0].span.line, 3);
    }

    #[test]
    fn repeated_articles() {
        let art = |line| Article {
            headline: Some("清河新桥通车".into()),
            // The repeat's blocks were all removed as copies by `dedupe_blocks`.
            blocks: if line == 1 {
                vec![Block::new(
                    BlockKind::Credit,
                    "本报记者 刘辉 摄",
                    Span::new("p", line),
                )]
            } else {
                Vec::new()
            },
            span: Span::new("p", line),
            ..Default::default()
        };
        let mut e = Edition::new("清河日报");
        e.sections = vec![
            Section {
                number: 1,
                name: None,
                articles: vec![art(1)],
            },
            Section {
                number: 2,
                name: None,
                articles: vec![art(9)],
            },
        ];
        let d = dedupe_articles(&mut e);
        assert_eq!(d.len(), 1);
        assert!(e.sections[1].articles.is_empty());
    }
}
