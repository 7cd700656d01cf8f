//! Planning the book: which documents it has, their ASCII file names, labels and dates,
//! which part of a jumped article links to which, and the images it embeds.
//!
//! Input: the [`Edition`] and the [`EpubOptions`]. Output: a [`Plan`] that the document
//! writers and the packager read; nothing here writes XML.

use crate::{EpubError, EpubOptions};
use chrono::{DateTime, Utc};
use paiban_model::{Article, BlockKind, Date, Edition, Section};
use paiban_present::Presentation;
use std::collections::BTreeMap;

/// The cover page's file name.
pub(crate) const COVER_FILE: &str = "cover.xhtml";
/// The cover image's file name.
pub(crate) const COVER_IMAGE: &str = "images/cover.png";
/// The inline contents page's file name.
pub(crate) const CONTENTS_FILE: &str = "contents.xhtml";
/// The stylesheet's file name.
pub(crate) const STYLESHEET: &str = "stylesheet.css";

/// Everything the writers need to know about the book, computed once.
pub(crate) struct Plan<'a> {
    /// The edition.
    pub edition: &'a Edition,
    /// Its furniture: title, date line, running heads, labels.
    pub present: Presentation<'a>,
    /// BCP 47 language of every document.
    pub lang: String,
    /// Book title: masthead and date.
    pub title: String,
    /// Publication date, when the edition has one.
    pub date: Option<Date>,
    /// `dcterms:modified`.
    pub modified: DateTime<Utc>,
    /// Article documents in reading order.
    pub docs: Vec<ArticleDoc<'a>>,
    /// Pages that have articles, in order.
    pub pages: Vec<PageGroup<'a>>,
    /// Images to embed, in first-use order.
    pub images: Vec<Image>,
}

/// One article document.
pub(crate) struct ArticleDoc<'a> {
    /// The page it is on.
    pub section: &'a Section,
    /// The article.
    pub article: &'a Article,
    /// Its file name, e.g. `p01-02.xhtml`.
    pub file: String,
    /// The document this one is continued from (上接), when in the edition.
    pub from_doc: Option<usize>,
    /// The document this one continues on (下转), when in the edition.
    pub to_doc: Option<usize>,
}

/// A page (版) that has articles: its label and its documents.
pub(crate) struct PageGroup<'a> {
    /// The page.
    pub section: &'a Section,
    /// Indexes into [`Plan::docs`].
    pub docs: std::ops::Range<usize>,
}

/// An image to embed.
pub(crate) struct Image {
    /// Its file name in the book, e.g. `images/img001.jpg`.
    pub file: String,
    /// `image/jpeg`, `image/png`, …
    pub media_type: &'static str,
    /// Its bytes, as ingest read them.
    pub data: std::sync::Arc<Vec<u8>>,
    /// The `src` it was read from (as written in the edition).
    pub src: String,
}

impl<'a> Plan<'a> {
    /// Plan the book of `edition`.
    pub fn new(edition: &'a Edition, opts: &EpubOptions) -> Result<Plan<'a>, EpubError> {
        let present = Presentation::new(edition);
        let date = edition.date;
        let modified = match opts.modified {
            Some(secs) => DateTime::from_timestamp(secs, 0).ok_or(EpubError::Modified(secs))?,
            None => date
                .and_then(|d| DateTime::from_timestamp(d.unix_midnight(), 0))
                .unwrap_or(DateTime::UNIX_EPOCH),
        };
        // Files are named by page number (p02-01.xhtml), or by position when numbers repeat.
        let mut numbers: Vec<u32> = edition.sections.iter().map(|s| s.number).collect();
        numbers.sort_unstable();
        numbers.dedup();
        let by_number = numbers.len() == edition.sections.len();
        let mut docs = Vec::new();
        let mut pages = Vec::new();
        for (si, section) in edition.sections.iter().enumerate() {
            let start = docs.len();
            let page = if by_number {
                u64::from(section.number)
            } else {
                si as u64 + 1
            };
            for (ai, article) in section.articles.iter().enumerate() {
                docs.push(ArticleDoc {
                    section,
                    article,
                    file: format!("p{page:02}-{:02}.xhtml", ai + 1),
                    from_doc: None,
                    to_doc: None,
                });
            }
            if docs.len() > start {
                pages.push(PageGroup {
                    section,
                    docs: start..docs.len(),
                });
            }
        }
        pair_jumps(&mut docs);
        let images = collect_images(edition, &docs)?;
        Ok(Plan {
            edition,
            present,
            lang: present.language(),
            title: present.title(),
            date,
            modified,
            docs,
            pages,
            images,
        })
    }

    /// The book file of the image at `src`, if it was embedded.
    pub fn image_file(&self, src: &str) -> Option<&str> {
        self.images
            .iter()
            .find(|i| i.src == src)
            .map(|i| i.file.as_str())
    }
}

/// The page label of the nav and contents: `第2版 要闻` (or `第2版` without a name).
pub(crate) fn page_label(section: &Section) -> String {
    paiban_present::page_label(section.number, section.name.as_deref())
}

/// Link the two parts of each jumped article: a part that goes on to page N (下转第N版) pairs
/// with the first not yet paired part on page N that comes from this page (上接第M版).
fn pair_jumps(docs: &mut [ArticleDoc<'_>]) {
    for i in 0..docs.len() {
        let (Some(to_page), from_page) = (docs[i].article.continues_to, docs[i].section.number)
        else {
            continue;
        };
        let target = (0..docs.len()).find(|&j| {
            j != i
                && docs[j].from_doc.is_none()
                && docs[j].section.number == to_page
                && docs[j].article.continued_from == Some(from_page)
        });
        if let Some(j) = target {
            docs[i].to_doc = Some(j);
            docs[j].from_doc = Some(i);
        }
    }
}

/// Name every picture of the edition in the book, in reading order (ingest read them).
fn collect_images(edition: &Edition, docs: &[ArticleDoc<'_>]) -> Result<Vec<Image>, EpubError> {
    let mut by_src: BTreeMap<&str, ()> = BTreeMap::new();
    let mut images = Vec::new();
    for doc in docs {
        for block in &doc.article.blocks {
            let (BlockKind::Image, Some(src)) = (block.kind, block.src.as_deref()) else {
                continue;
            };
            if by_src.insert(src, ()).is_some() {
                continue;
            }
            let picture = edition
                .pictures
                .get(src)
                .ok_or_else(|| EpubError::ImageUnread {
                    location: block.span.to_string(),
                    src: src.to_string(),
                })?;
            images.push(Image {
                file: format!(
                    "images/img{:03}.{}",
                    images.len() + 1,
                    picture.kind.extension()
                ),
                media_type: picture.kind.media_type(),
                data: picture.bytes.clone(),
                src: src.to_string(),
            });
        }
    }
    Ok(images)
}

#[cfg(test)]
mod tests {
    use super::*;
    use paiban_model::{Block, Span};

    fn article(headline: &str, from: Option<u32>, to: Option<u32>) -> Article {
        Article {
            headline: Some(headline.into()),
            continued_from: from,
            continues_to: to,
            blocks: vec![Block::new(BlockKind::Paragraph, "正文。", Span::default())],
            ..Article::default()
        }
    }

    fn edition() -> Edition {
        let mut e = Edition::new("清河日报");
        e.date = paiban_model::Date::parse("2024-03-05");
        e.issue = Some("第8123期".into());
        e.sections = vec![
            Section {
                number: 1,
                name: Some("要闻".into()),
                articles: vec![article("甲", None, Some(2)), article("乙", None, Some(3))],
            },
            Section {
                number: 2,
                name: None,
                articles: vec![article("丙", None, None), article("甲", Some(1), None)],
            },
            Section {
                number: 3,
                name: Some("综合".into()),
                articles: vec![],
            },
        ];
        e
    }

    #[test]
    fn jumps_pair_across_pages_and_missing_pages_stay_unlinked() {
        let e = edition();
        let plan = Plan::new(&e, &EpubOptions::default()).expect("plan");
        let files: Vec<_> = plan.docs.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "p01-01.xhtml",
                "p01-02.xhtml",
                "p02-01.xhtml",
                "p02-02.xhtml"
            ]
        );
        assert_eq!(plan.docs[0].to_doc, Some(3));
        assert_eq!(plan.docs[3].from_doc, Some(0));
        assert_eq!(plan.docs[1].to_doc, None, "page 3 has no continuation");
        assert_eq!(plan.pages.len(), 2, "a page without articles is not listed");
    }

    #[test]
    fn title_and_dates_come_from_the_edition() {
        let e = edition();
        let plan = Plan::new(&e, &EpubOptions::default()).expect("plan");
        assert_eq!(plan.title, "清河日报 2024年3月5日");
        assert_eq!(plan.modified.to_rfc3339(), "2024-03-05T00:00:00+00:00");
        let p = Plan::new(
            &e,
            &EpubOptions {
                modified: Some(1_700_000_000),
            },
        )
        .expect("plan");
        assert_eq!(p.modified.to_rfc3339(), "2023-11-14T22:13:20+00:00");
    }

    #[test]
    fn files_are_named_by_page_number_unless_numbers_repeat() {
        let mut e = edition();
        e.sections[0].number = 4;
        let plan = Plan::new(&e, &EpubOptions::default()).expect("plan");
        assert_eq!(plan.docs[0].file, "p04-01.xhtml");
        e.sections[1].number = 4;
        let plan = Plan::new(&e, &EpubOptions::default()).expect("plan");
        let files: Vec<_> = plan.docs.iter().map(|d| d.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "p01-01.xhtml",
                "p01-02.xhtml",
                "p02-01.xhtml",
                "p02-02.xhtml"
            ]
        );
    }
}
