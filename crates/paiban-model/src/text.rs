//! Walking every piece of text in an edition, with what it is and where it came from.
//!
//! Font coverage, subsetting and fidelity checks all need "every character the edition
//! sets, and in which role"; this is the one place that enumerates them.

use crate::{Article, BlockKind, Edition, Span};

/// Which field of the edition a piece of text is; exporters pick the font role from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    /// The paper's name.
    Masthead,
    /// Issue number, publisher and other front matter (the date is a [`crate::Date`]: the
    /// books print it through `paiban-present`, whose characters are generated text).
    Meta,
    /// A page name (版名).
    SectionName,
    /// Kicker / column banner.
    Kicker,
    /// Headline.
    Headline,
    /// Subtitle.
    Subtitle,
    /// Byline.
    Byline,
    /// Dateline.
    Dateline,
    /// A body block of the given kind.
    Block(BlockKind),
}

/// One piece of text of the edition.
#[derive(Debug, Clone, Copy)]
pub struct TextItem<'a> {
    /// What it is.
    pub field: TextField,
    /// The text.
    pub text: &'a str,
    /// Where it came from.
    pub span: &'a Span,
}

impl Edition {
    /// Every piece of text in the edition, in reading order.
    pub fn text_items(&self) -> Vec<TextItem<'_>> {
        static NO_SPAN: std::sync::OnceLock<Span> = std::sync::OnceLock::new();
        let none = NO_SPAN.get_or_init(Span::default);
        let mut out = vec![TextItem {
            field: TextField::Masthead,
            text: &self.masthead,
            span: none,
        }];
        for meta in [&self.issue, &self.publisher].into_iter().flatten() {
            out.push(TextItem {
                field: TextField::Meta,
                text: meta,
                span: none,
            });
        }
        for section in &self.sections {
            if let Some(name) = &section.name {
                out.push(TextItem {
                    field: TextField::SectionName,
                    text: name,
                    span: none,
                });
            }
            for article in &section.articles {
                article_items(article, &mut out);
            }
        }
        out
    }
}

fn article_items<'a>(a: &'a Article, out: &mut Vec<TextItem<'a>>) {
    let fields = [
        (TextField::Kicker, &a.kicker),
        (TextField::Headline, &a.headline),
        (TextField::Subtitle, &a.subtitle),
        (TextField::Byline, &a.byline),
        (TextField::Dateline, &a.dateline),
    ];
    for (field, value) in fields {
        if let Some(text) = value {
            out.push(TextItem {
                field,
                text,
                span: &a.span,
            });
        }
    }
    for b in &a.blocks {
        out.push(TextItem {
            field: TextField::Block(b.kind),
            text: &b.text,
            span: &b.span,
        });
    }
}
