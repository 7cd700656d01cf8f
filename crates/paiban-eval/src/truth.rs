//! Truth: pages whose own structure says what every line is.
//!
//! ## Web-edition pages
//!
//! Input: the text of a web-edition page (the layout of the 人民日报 web-edition dumps in
//! `../shared/editions/dev/`, described in its SOURCES.md, and of the fictional pages in
//! `samples/truth-pages/`). Output: a [`TruthPage`] — its articles, each with kicker, headline,
//! subtitle and body paragraphs.
//!
//! The layout: per article three header lines — kicker (引题), headline (主标题), subtitle
//! (副题), a line left EMPTY when the element is absent — then one paragraph per line, each
//! indented with two U+3000; articles are separated by one blank line (so a missing kicker
//! shows as two blank lines). The header of an article is therefore the three lines just
//! before its first paragraph; a header with no paragraph after it (an advertisement stub)
//! is read from the line after the separating blank line. An indented line holding nothing
//! (an empty `<p>`) belongs to the body and is no paragraph.
//!
//! ## Archive pages (the 1946 人民日报 database layout)
//!
//! Input: the text of a page built from one database record per article (see SOURCES.md §2):
//! `### subject` (the deck lines joined by two spaces, often cut short), an author line
//! (often empty), the date, `第N版(…)`, `专栏：…`, a blank line, then the text — the deck's
//! first line indented with two U+3000, every other line (deck and paragraphs) with four
//! ASCII spaces. Output: a [`TruthPage`] whose header lines are the deck lines (their roles
//! are not known: [`TruthPage::roles_unknown`] is set) and whose paragraphs are the other
//! lines, the author line first when there is one.
//!
//! The deck is the longer of (a) the lines that the subject's parts begin, and (b) the lines
//! before the first 【…】 dateline when there are at most four of them, all short (≤ 40
//! characters) and without 。 — so a deck cut from the subject is still found whole.

use serde::Serialize;

/// One article of the truth.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TruthArticle {
    /// 引题, when present.
    pub kicker: Option<String>,
    /// 主标题, when present.
    pub headline: Option<String>,
    /// 副题, when present.
    pub subtitle: Option<String>,
    /// Further deck lines after the subtitle (archive decks of four lines or more).
    pub more: Vec<String>,
    /// Body paragraphs, trimmed of their indentation.
    pub paras: Vec<String>,
    /// 1-based source line of the article's first header or paragraph line.
    pub line: usize,
}

impl TruthArticle {
    /// The header lines that are present, with their role, in order.
    pub fn header_lines(&self) -> Vec<(HeadRole, &str)> {
        [
            (HeadRole::Kicker, &self.kicker),
            (HeadRole::Headline, &self.headline),
            (HeadRole::Subtitle, &self.subtitle),
        ]
        .into_iter()
        .filter_map(|(r, t)| t.as_deref().map(|t| (r, t)))
        .chain(self.more.iter().map(|t| (HeadRole::Subtitle, t.as_str())))
        .collect()
    }
}

/// The role of a header line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HeadRole {
    /// 引题.
    Kicker,
    /// 主标题.
    Headline,
    /// 副题.
    Subtitle,
}

/// A page and its truth.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TruthPage {
    /// The articles in source order.
    pub articles: Vec<TruthArticle>,
    /// The source does not say which header line is kicker, headline or subtitle (archive
    /// decks): a header line found in any role counts as found in its role.
    pub roles_unknown: bool,
}

/// The layouts that carry their own truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Web-edition text (this module).
    Web,
    /// Archive database records ([`parse_archive`]).
    Archive,
}

/// The truth of `text`, if it has a layout that carries one.
pub fn read(text: &str) -> Option<(TruthPage, Layout)> {
    if is_archive(text) {
        Some((parse_archive(text), Layout::Archive))
    } else if is_web_edition(text) {
        Some((parse_web(text), Layout::Web))
    } else {
        None
    }
}

impl TruthPage {
    /// Number of header lines present.
    pub fn header_count(&self) -> usize {
        self.articles.iter().map(|a| a.header_lines().len()).sum()
    }

    /// Number of body paragraphs.
    pub fn para_count(&self) -> usize {
        self.articles.iter().map(|a| a.paras.len()).sum()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Head,
    Body,
}

fn kind(line: &str) -> Kind {
    // An indented line is a paragraph even when it is empty (an empty `<p>` of the site).
    if line.starts_with('\u{3000}') {
        Kind::Body
    } else if line.trim().is_empty() {
        Kind::Blank
    } else {
        Kind::Head
    }
}

/// Does `text` have the web-edition layout? Most non-blank lines are paragraphs indented with
/// U+3000, the others short unindented lines, and there are no Markdown headings.
pub fn is_web_edition(text: &str) -> bool {
    let mut body = 0usize;
    let mut head = 0usize;
    for line in text.lines() {
        match kind(line) {
            Kind::Blank => {}
            Kind::Body => body += 1,
            Kind::Head if line.starts_with('#') => return false,
            Kind::Head => head += 1,
        }
    }
    body > 0 && body >= head
}

fn opt(line: Option<&&str>) -> Option<String> {
    line.map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
}

/// Parse a web-edition page (see the module header). Never fails: lines that fit no rule
/// are kept as headlines of articles without paragraphs.
pub fn parse_web(text: &str) -> TruthPage {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let mut page = TruthPage::default();
    let mut i = 0usize;
    let mut at_start = true;
    while i < lines.len() {
        // A gap: the non-paragraph lines up to the next paragraph (or the end).
        let gap_start = i;
        while i < lines.len() && kind(lines[i]) != Kind::Body {
            i += 1;
        }
        let gap = &lines[gap_start..i];
        let has_body = i < lines.len();
        let (rest, window) = if has_body {
            let w = gap.len().saturating_sub(3);
            (&gap[..w], &gap[w..])
        } else {
            (gap, &gap[..0])
        };
        // Header lines in the rest of the gap: articles without paragraphs.
        let skip = usize::from(!at_start);
        let mut j = skip.min(rest.len());
        while j < rest.len() {
            if kind(rest[j]) == Kind::Head {
                // The three header lines start right after the separator, or at the line
                // before this one when more blank lines came first.
                let start = if j <= skip + 1 { skip } else { j - 1 };
                let w = |n: usize| rest.get(start + n);
                page.articles.push(TruthArticle {
                    kicker: opt(w(0)),
                    headline: opt(w(1)),
                    subtitle: opt(w(2)),
                    more: Vec::new(),
                    paras: Vec::new(),
                    line: gap_start + j + 1,
                });
                j = start + 3;
            } else {
                j += 1;
            }
        }
        if !has_body {
            break;
        }
        let mut art = TruthArticle {
            line: gap_start + rest.len() + 1,
            ..TruthArticle::default()
        };
        // The window is the three lines before the paragraph, padded at the file's start.
        let pad = 3 - window.len();
        let get = |n: usize| n.checked_sub(pad).and_then(|n| window.get(n));
        art.kicker = opt(get(0));
        art.headline = opt(get(1));
        art.subtitle = opt(get(2));
        while i < lines.len() && kind(lines[i]) == Kind::Body {
            let p = lines[i].trim();
            if !p.is_empty() {
                art.paras.push(p.to_string());
            }
            i += 1;
        }
        page.articles.push(art);
        at_start = false;
    }
    page
}

/// Does `text` have the archive layout (`### ` subject lines and `第N版` lines)?
pub fn is_archive(text: &str) -> bool {
    let mut subjects = 0usize;
    let mut pages = 0usize;
    for l in text.lines() {
        if l.starts_with("### ") {
            subjects += 1;
        } else if l.starts_with('第') && l.contains("版(") {
            pages += 1;
        }
    }
    subjects > 0 && pages >= subjects
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{fffd}')
        .collect()
}

fn deck_len(subject: &str, lines: &[&str]) -> usize {
    let parts: Vec<String> = subject
        .split("  ")
        .map(fold)
        .filter(|p| !p.is_empty())
        .collect();
    let by_subject = parts
        .iter()
        .zip(lines)
        .take_while(|(p, l)| fold(l).starts_with(p.as_str()))
        .count();
    let by_dateline = lines
        .iter()
        .position(|l| l.trim_start().starts_with('【'))
        .filter(|&n| {
            n <= 4
                && lines[..n]
                    .iter()
                    .all(|l| l.trim().chars().count() <= 40 && !l.contains('。'))
        })
        .unwrap_or(0);
    by_subject.max(by_dateline).max(1).min(lines.len())
}

/// Parse an archive page (see the module header). Never fails.
pub fn parse_archive(text: &str) -> TruthPage {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("### "))
        .collect();
    let mut page = TruthPage {
        roles_unknown: true,
        ..TruthPage::default()
    };
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let rec = &lines[s..end];
        let subject = rec[0].trim_start_matches('#').trim();
        let author = rec.get(1).map(|l| l.trim()).unwrap_or("");
        // The text starts after the `专栏` line (or the `第N版` line).
        let body_at = rec
            .iter()
            .position(|l| l.starts_with("专栏"))
            .or_else(|| rec.iter().position(|l| l.starts_with('第')))
            .map_or(1, |i| i + 1);
        let body: Vec<&str> = rec[body_at.min(rec.len())..]
            .iter()
            .copied()
            .filter(|l| !l.trim().is_empty())
            .collect();
        if body.is_empty() {
            continue;
        }
        let n = deck_len(subject, &body);
        let deck: Vec<String> = body[..n].iter().map(|l| l.trim().to_string()).collect();
        let mut art = TruthArticle {
            line: s + 1,
            ..TruthArticle::default()
        };
        match deck.as_slice() {
            [h] => art.headline = Some(h.clone()),
            [h, sub] => {
                art.headline = Some(h.clone());
                art.subtitle = Some(sub.clone());
            }
            [k, h, rest @ ..] => {
                art.kicker = Some(k.clone());
                art.headline = Some(h.clone());
                if let Some((s, more)) = rest.split_first() {
                    art.subtitle = Some(s.clone());
                    art.more = more.to_vec();
                }
            }
            [] => {}
        }
        if !author.is_empty() && !author.starts_with(|c: char| c.is_ascii_digit()) {
            art.paras.push(author.to_string());
        }
        art.paras
            .extend(body[n..].iter().map(|l| l.trim().to_string()));
        page.articles.push(art);
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "\u{3000}\u{3000}";

    #[test]
    fn three_header_lines_then_paragraphs() {
        let text = format!(
            "清河举办招聘会\n春风十里送岗位\n——三百家企业参加\n{P}本报讯 第一段。\n{P}第二段。\n\n\n南湖大桥合龙\n\n{P}大桥今天合龙。\n\n广告商\n老街新貌\n\n{P}老街换新颜。\n"
        );
        let p = parse_web(&text);
        assert_eq!(p.articles.len(), 3);
        let a = &p.articles[0];
        assert_eq!(a.kicker.as_deref(), Some("清河举办招聘会"));
        assert_eq!(a.headline.as_deref(), Some("春风十里送岗位"));
        assert_eq!(a.subtitle.as_deref(), Some("——三百家企业参加"));
        assert_eq!(a.paras, vec!["本报讯 第一段。", "第二段。"]);
        let b = &p.articles[1];
        assert_eq!(b.kicker, None);
        assert_eq!(b.headline.as_deref(), Some("南湖大桥合龙"));
        assert_eq!(b.subtitle, None);
        assert_eq!(b.paras.len(), 1);
        let c = &p.articles[2];
        assert_eq!(c.kicker.as_deref(), Some("广告商"));
        assert_eq!(c.headline.as_deref(), Some("老街新貌"));
        assert_eq!(p.header_count(), 6);
        assert_eq!(p.para_count(), 4);
    }

    #[test]
    fn leading_blank_kicker_and_empty_paragraph_lines() {
        // An empty paragraph line before the separator does not shift the header.
        let text = format!(
            "\n标题一\n\n{P}正文一。\n{P}\n{P}正文一。\n\n\n\n标题二\n\n{P}正文二。\n\n\n广告\n\n\n"
        );
        let p = parse_web(&text);
        let heads: Vec<_> = p.articles.iter().map(|a| a.headline.clone()).collect();
        assert_eq!(
            heads,
            vec![
                Some("标题一".to_string()),
                Some("标题二".to_string()),
                Some("广告".to_string())
            ]
        );
        assert!(p.articles.iter().all(|a| a.kicker.is_none()));
        assert!(p.articles[2].paras.is_empty());
        assert_eq!(p.articles[0].paras.len(), 2);
    }

    #[test]
    fn layout_detection() {
        assert!(is_web_edition(&format!("\n标题\n\n{P}正文。\n{P}正文。\n")));
        assert!(!is_web_edition("## 标题\n\n正文。\n"));
        assert!(!is_web_edition("标题\n正文。\n"));
    }

    const ARCHIVE: &str = "### 清河两岸春耕忙  互助组织遍地开花  \u{fffd}\n周宁\n2026-03-18\n第1版()\n专栏：\n\n\u{3000}\u{3000}清河两岸春耕忙\n    互助组织遍地开花\n    各村妇女也下田\n    【本报清河十七日电】今春清河两岸。\n    又讯：南湖各村。\n\n### 致本报贺信\n\n2026-03-18\n第1版()\n专栏：\n\n\u{3000}\u{3000}致本报贺信\n    本报创刊之际，谨致贺忱。\n                                清河县委\n";

    #[test]
    fn deck_lines_and_paragraphs() {
        assert!(is_archive(ARCHIVE));
        let p = parse_archive(ARCHIVE);
        assert!(p.roles_unknown);
        assert_eq!(p.articles.len(), 2);
        let a = &p.articles[0];
        assert_eq!(a.kicker.as_deref(), Some("清河两岸春耕忙"));
        assert_eq!(a.headline.as_deref(), Some("互助组织遍地开花"));
        assert_eq!(a.subtitle.as_deref(), Some("各村妇女也下田"));
        assert_eq!(
            a.paras,
            vec![
                "周宁",
                "【本报清河十七日电】今春清河两岸。",
                "又讯：南湖各村。"
            ]
        );
        let b = &p.articles[1];
        assert_eq!(b.headline.as_deref(), Some("致本报贺信"));
        assert_eq!(b.kicker, None);
        assert_eq!(b.paras, vec!["本报创刊之际，谨致贺忱。", "清河县委"]);
    }

    #[test]
    fn web_pages_are_not_archive_pages() {
        assert!(!is_archive("\n标题\n\n\u{3000}\u{3000}正文。\n"));
    }
}
