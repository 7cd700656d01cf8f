//! paiban-model — the edition as data, shared by every stage.
//!
//! Input: nothing (no I/O here). Output: the types the ingest stage fills in and the
//! exporters read: [`Edition`] → [`Section`] (a page, 版) → [`Article`] → [`Block`], the
//! publication [`Date`] (the workspace's one calendar), the edition's [`Picture`]s (read once
//! by ingest), plus [`Diagnostic`]s with a source [`Span`] that every stage uses to report
//! what it did.
//!
//! The JSON form (`paiban inspect`) is a public contract, documented in the README:
//! `{"masthead","date","issue","publisher","language","sections":[{"number","name","articles":
//! [{"headline","kicker","subtitle","byline","dateline","continued_from","continues_to",
//! "blocks":[{"kind","text","src"}]}]}]}`. Absent values serialise as `null` (`src` is set for
//! images only); `date` is `YYYY-MM-DD`. Source spans and pictures are not part of the JSON.

#![forbid(unsafe_code)]

mod date;
mod diagnostic;
mod picture;
mod text;

pub use date::Date;
pub use diagnostic::{Diagnostic, Severity, Span};
pub use picture::{Picture, PictureKind};
pub use text::{TextField, TextItem};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One edition (期) of a newspaper: its metadata and its pages in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edition {
    /// The paper's name (报名), e.g. "南湖晨报".
    pub masthead: String,
    /// Publication date, when known (serialised as ISO 8601 `YYYY-MM-DD`).
    pub date: Option<Date>,
    /// Issue number (期号) as printed, e.g. "第12345期".
    pub issue: Option<String>,
    /// Publisher (出版者).
    pub publisher: Option<String>,
    /// BCP 47 language tag of the text, `zh-CN` by default.
    pub language: String,
    /// The pages (版) in reading order.
    pub sections: Vec<Section>,
    /// Folder the edition was read from; image paths in [`Block::src`] are relative to it.
    /// Not serialised.
    #[serde(skip)]
    pub base_dir: Option<PathBuf>,
    /// The pictures image blocks name, by [`Block::src`]: read and checked once by ingest,
    /// so the exporters open no file. Not serialised.
    #[serde(skip)]
    pub pictures: BTreeMap<String, Picture>,
}

/// A page of the paper (版).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Page number (版次), 1-based.
    pub number: u32,
    /// Page name (版名), e.g. "要闻".
    pub name: Option<String>,
    /// The articles on the page in reading order.
    pub articles: Vec<Article>,
}

/// One article (稿件) with its display elements and body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The headline (主标题). `None` for an untitled item (e.g. a lone photo).
    pub headline: Option<String>,
    /// Kicker or column banner (引题 / 栏目) above the headline.
    pub kicker: Option<String>,
    /// Subtitle (副题) below the headline.
    pub subtitle: Option<String>,
    /// Byline, e.g. "本报记者 李河 通讯员 陈清" (leading □/■ marks removed).
    pub byline: Option<String>,
    /// Dateline opening the lead paragraph, e.g. "本报3月18日讯（记者 李河）".
    /// The lead paragraph's text does not repeat it.
    pub dateline: Option<String>,
    /// Page this article is continued from (上接第N版).
    pub continued_from: Option<u32>,
    /// Page this article continues on (下转第N版).
    pub continues_to: Option<u32>,
    /// The body, in order.
    pub blocks: Vec<Block>,
    /// Where the article starts in the source. Not serialised.
    #[serde(skip)]
    pub span: Span,
}

/// A body block of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Its text (for an image: the caption / alt text, possibly empty).
    pub text: String,
    /// For [`BlockKind::Image`]: the image path relative to [`Edition::base_dir`], the key of
    /// its [`Edition::pictures`] entry; `null` for every other kind.
    #[serde(default)]
    pub src: Option<String>,
    /// Where the block is in the source. Not serialised.
    #[serde(skip)]
    pub span: Span,
}

/// The kinds of body block. Serialised in lower case (`"paragraph"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// A body paragraph.
    Paragraph,
    /// A subhead (小标题) inside the article.
    Subhead,
    /// A photo caption.
    Caption,
    /// A photo credit (`本报记者 王晓博 摄`).
    Credit,
    /// An editor's note (编者按) or similar boxed note.
    Note,
    /// A photo; `text` is its caption, `src` its file.
    Image,
}

impl Article {
    /// Its display lines in reading order: kicker, headline, subtitle (those it has).
    pub fn display_lines(&self) -> impl Iterator<Item = &str> {
        [&self.kicker, &self.headline, &self.subtitle]
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
}

impl Block {
    /// A block of `kind` with `text` at `span`.
    pub fn new(kind: BlockKind, text: impl Into<String>, span: Span) -> Self {
        Block {
            kind,
            text: text.into(),
            src: None,
            span,
        }
    }
}

/// Whether the BCP 47 tag `language` names Chinese written in Traditional characters:
/// `zh-Hant…`, `zh-TW`, `zh-HK`, `zh-MO` (case-insensitive). The one place that decides it:
/// the reader leaves such text in its script and the fonts stage sets it in Traditional-form
/// faces.
pub fn is_traditional_chinese(language: &str) -> bool {
    let l = language.trim().to_ascii_lowercase();
    ["zh-tw", "zh-hk", "zh-mo", "zh-hant"]
        .iter()
        .any(|p| l.starts_with(p))
}

impl Edition {
    /// Whether the edition is written in Traditional characters
    /// ([`is_traditional_chinese`] of its language).
    pub fn is_traditional(&self) -> bool {
        is_traditional_chinese(&self.language)
    }

    /// An edition with no pages, language `zh-CN`.
    pub fn new(masthead: impl Into<String>) -> Self {
        Edition {
            masthead: masthead.into(),
            date: None,
            issue: None,
            publisher: None,
            language: "zh-CN".to_string(),
            sections: Vec::new(),
            base_dir: None,
            pictures: BTreeMap::new(),
        }
    }

    /// All articles of the edition in reading order, with the page they are on.
    pub fn articles(&self) -> impl Iterator<Item = (&Section, &Article)> {
        self.sections
            .iter()
            .flat_map(|s| s.articles.iter().map(move |a| (s, a)))
    }
}
