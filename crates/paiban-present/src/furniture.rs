//! The strings of the page furniture, one function each.
//!
//! Input: the edition (masthead, [`Date`], issue, publisher, language) and a page's number
//! and name. Output: `清河日报 2026年3月18日` (title), `2026年3月18日 星期三　第1024期`
//! (date line), `清河日报 · 2026年3月18日 星期三 · 第2版 要闻` (running head), `第2版 要闻`
//! (page label), `（下转第2版）` (jump line).

use paiban_model::{Date, Edition, Section};

/// The contents (目录): a page title, a nav entry, a PDF page label.
pub const CONTENTS: &str = "目录";
/// The cover's landmark.
pub const COVER: &str = "封面";
/// The body's landmark.
pub const BODY_MATTER: &str = "正文";
/// The link to the previous article.
pub const PREVIOUS: &str = "上一篇";
/// The link to the next article.
pub const NEXT: &str = "下一篇";
/// The label of an untitled item that has no text (a lone photo), and the alternative text
/// of a photo without a caption.
pub const PICTURE: &str = "图片";

/// Separator of the running head's parts.
const HEAD_SEPARATOR: &str = " · ";
/// Separator of the date line's parts.
const LINE_SEPARATOR: &str = "　";

/// The furniture of one edition.
#[derive(Debug, Clone, Copy)]
pub struct Presentation<'a> {
    edition: &'a Edition,
}

impl<'a> Presentation<'a> {
    /// The furniture of `edition`.
    pub fn new(edition: &'a Edition) -> Self {
        Presentation { edition }
    }

    /// The edition.
    pub fn edition(&self) -> &'a Edition {
        self.edition
    }

    /// The masthead, trimmed.
    pub fn masthead(&self) -> &'a str {
        self.edition.masthead.trim()
    }

    /// The publication date, when known.
    pub fn date(&self) -> Option<Date> {
        self.edition.date
    }

    /// The book title of both books: `清河日报 2026年3月18日`.
    pub fn title(&self) -> String {
        let date = self.date().map(Date::chinese);
        join(
            [Some(self.masthead().to_string()), date]
                .into_iter()
                .flatten(),
            " ",
        )
    }

    /// The day as the paper prints it: `2026年3月18日 星期三`.
    pub fn day(&self) -> Option<String> {
        self.date()
            .map(|d| format!("{} {}", d.chinese(), d.weekday()))
    }

    /// The line under the masthead on the contents page and the cover: day, issue and
    /// publisher (`2026年3月18日 星期三　第1024期　清河日报社`); `None` when the edition
    /// has none of them.
    pub fn date_line(&self) -> Option<String> {
        let line = self.date_line_parts().join(LINE_SEPARATOR);
        (!line.is_empty()).then_some(line)
    }

    /// The parts of [`Presentation::date_line`] (day, issue, publisher, those present), for a
    /// layout that breaks the line only between them.
    pub fn date_line_parts(&self) -> Vec<String> {
        let e = self.edition;
        let meta = [&e.issue, &e.publisher]
            .into_iter()
            .flatten()
            .map(|v| v.trim().to_string());
        self.day()
            .into_iter()
            .chain(meta)
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// The separator of the date line's parts.
    pub fn date_line_separator(&self) -> &'static str {
        LINE_SEPARATOR
    }

    /// The issue's number, for ordering issues in a series (`第1024期` → 1024): the first run
    /// of digits (ASCII or full-width) in the issue; `None` when it has none or it overflows.
    pub fn issue_number(&self) -> Option<u64> {
        let issue = self.edition.issue.as_deref()?;
        let digit = |c: char| match c {
            '0'..='9' => c.to_digit(10),
            '０'..='９' => Some(u32::from(c) - u32::from('０')),
            _ => None,
        };
        let digits: Vec<u32> = issue
            .chars()
            .skip_while(|&c| digit(c).is_none())
            .map_while(digit)
            .collect();
        if digits.is_empty() {
            return None;
        }
        digits
            .into_iter()
            .try_fold(0u64, |n, d| n.checked_mul(10)?.checked_add(u64::from(d)))
    }

    /// The running head of a page of the paper: `清河日报 · 2026年3月18日 星期三 · 第2版 要闻`.
    pub fn running_head(&self, section: &Section) -> String {
        self.head(page_label(section.number, section.name.as_deref()))
    }

    /// The running head of the contents pages: `清河日报 · 2026年3月18日 星期三 · 目录`.
    pub fn contents_head(&self) -> String {
        self.head(CONTENTS.to_string())
    }

    fn head(&self, last: String) -> String {
        let parts = [Some(self.masthead().to_string()), self.day(), Some(last)];
        join(parts.into_iter().flatten(), HEAD_SEPARATOR)
    }

    /// The language tag of both books (see [`language_tag`]).
    pub fn language(&self) -> String {
        language_tag(&self.edition.language)
    }
}

/// The parts that are not empty, joined by `sep`.
fn join(parts: impl Iterator<Item = String>, sep: &str) -> String {
    parts
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

/// The page number label: `第2版`.
pub fn page_number(number: u32) -> String {
    format!("第{number}版")
}

/// The label of a page of the paper: `第2版 要闻`, or `第2版` when it has no name.
pub fn page_label(number: u32, name: Option<&str>) -> String {
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{} {n}", page_number(number)),
        None => page_number(number),
    }
}

/// The jump line opening an article continued from `page`: `（上接第1版）`.
pub fn jump_from(page: u32) -> String {
    format!("（上接{}）", page_number(page))
}

/// The jump line closing an article that continues on `page`: `（下转第2版）`.
pub fn jump_to(page: u32) -> String {
    format!("（下转{}）", page_number(page))
}

/// The label of the `i`-th (0-based) contents page: `目录`, `目录2`, …
pub fn contents_page_label(i: usize) -> String {
    if i == 0 {
        CONTENTS.to_string()
    } else {
        format!("{CONTENTS}{}", i + 1)
    }
}

/// A language tag usable in `xml:lang` and a PDF's `/Lang`: `tag` when it looks like BCP 47,
/// else `zh-CN`.
pub fn language_tag(tag: &str) -> String {
    let tag = tag.trim();
    let ok = !tag.is_empty()
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        tag.to_string()
    } else {
        "zh-CN".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edition() -> Edition {
        let mut e = Edition::new(" 清河日报 ");
        e.date = Date::parse("2026-03-18");
        e.issue = Some("第1024期".into());
        e.publisher = Some("清河日报社".into());
        e
    }

    #[test]
    fn title_and_date_line_are_one_form_for_both_books() {
        let e = edition();
        let p = Presentation::new(&e);
        assert_eq!(p.title(), "清河日报 2026年3月18日");
        assert_eq!(p.day().as_deref(), Some("2026年3月18日 星期三"));
        assert_eq!(
            p.date_line().as_deref(),
            Some("2026年3月18日 星期三　第1024期　清河日报社")
        );
        let bare = Edition::new("清河日报");
        let p = Presentation::new(&bare);
        assert_eq!(p.title(), "清河日报");
        assert_eq!(p.date_line(), None);
    }

    #[test]
    fn the_issue_number_is_the_first_run_of_digits() {
        let mut e = edition();
        assert_eq!(Presentation::new(&e).issue_number(), Some(1024));
        for (issue, number) in [
            ("第１０２４期（总第8123期）", Some(1024)),
            ("8123", Some(8123)),
            ("第一千零二十四期", None),
            ("99999999999999999999999", None),
        ] {
            e.issue = Some(issue.into());
            assert_eq!(Presentation::new(&e).issue_number(), number, "{issue}");
        }
        e.issue = None;
        assert_eq!(Presentation::new(&e).issue_number(), None);
    }

    #[test]
    fn heads_and_labels() {
        let e = edition();
        let p = Presentation::new(&e);
        let s = Section {
            number: 2,
            name: Some(" 要闻 ".into()),
            articles: vec![],
        };
        assert_eq!(
            p.running_head(&s),
            "清河日报 · 2026年3月18日 星期三 · 第2版 要闻"
        );
        assert_eq!(p.contents_head(), "清河日报 · 2026年3月18日 星期三 · 目录");
        let mut nameless = Edition::new("  ");
        nameless.date = None;
        let p = Presentation::new(&nameless);
        assert_eq!(p.running_head(&s), "第2版 要闻");
        assert_eq!(page_label(1, None), "第1版");
        assert_eq!(page_label(1, Some(" ")), "第1版");
        assert_eq!(jump_from(1), "（上接第1版）");
        assert_eq!(jump_to(12), "（下转第12版）");
        assert_eq!(contents_page_label(0), "目录");
        assert_eq!(contents_page_label(1), "目录2");
    }

    #[test]
    fn a_bad_language_tag_falls_back_to_zh_cn() {
        assert_eq!(language_tag("zh-Hans-CN"), "zh-Hans-CN");
        assert_eq!(language_tag("中文\"/>"), "zh-CN");
        assert_eq!(language_tag(""), "zh-CN");
    }
}
