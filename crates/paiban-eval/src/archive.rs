//! Truth of archive pages: the 1946 人民日报 database layout of `../shared/editions/dev/`.
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

use crate::truth::{TruthArticle, TruthPage};

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
pub fn parse(text: &str) -> TruthPage {
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

    const PAGE: &str = "### 清河两岸春耕忙  互助组织遍地开花  \u{fffd}\n周宁\n2026-03-18\n第1版()\n专栏：\n\n\u{3000}\u{3000}清河两岸春耕忙\n    互助组织遍地开花\n    各村妇女也下田\n    【本报清河十七日电】今春清河两岸。\n    又讯：南湖各村。\n\n### 致本报贺信\n\n2026-03-18\n第1版()\n专栏：\n\n\u{3000}\u{3000}致本报贺信\n    本报创刊之际，谨致贺忱。\n                                清河县委\n";

    #[test]
    fn deck_lines_and_paragraphs() {
        assert!(is_archive(PAGE));
        let p = parse(PAGE);
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
