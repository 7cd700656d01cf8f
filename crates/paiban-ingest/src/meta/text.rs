//! Metadata read from the page's own text: its masthead line and page furniture.
//!
//! Stage: part of reading a bare page file or a folder without `edition.toml`.
//! Input: the decoded text of one page. Output: a [`TextFound`]: masthead, date and page
//! number where the page prints them, and the line that said so.
//!
//! Evidence, never a list of papers: only the top of the page (first 8 non-empty lines) and
//! its foot (last 3) are read. A **furniture line** is short (≤ 60 characters), has no
//! sentence punctuation, holds a date (`2019年2月20日`, `2019-02-20`, a 民國 date such as
//! `中華民國三十六年七月廿二日`) or a page mark (`第4版`, `第四版`), and little else (at most 8
//! other Han characters besides weekdays and issue marks `第N期`). The date and page come from
//! the first furniture lines that carry them. A **masthead** candidate is a short all-Han
//! token (2–8 characters) standing alone either as a whole token of a furniture line
//! (`XX日报　2019年2月20日　星期三　第4版`) or as a whole line at the top. Each candidate is
//! scored: in a running head with both date and page (2), in another furniture line (1), the
//! page's first line (1), next to a furniture line (1), repeated as a whole token in another
//! line of the top or foot (1),
//! ending like a paper's name (报/報/刊/通讯: 1, a weak signal). A score of 2 is needed, so a
//! short headline opening the page is not taken for a masthead.

use super::Found;
use super::names::ymd;
use crate::chars::{is_han, page_number};

/// What the text says, and the (1-based) line that said it first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextFound {
    pub found: Found,
    pub line: usize,
}

const TOP: usize = 8;
const FOOT: usize = 3;

struct Line {
    no: usize,
    text: String,
}

/// Read masthead, date and page number from a page's text.
pub fn from_text(text: &str) -> TextFound {
    // Only the top and the foot are read (cleaned): a large source costs one scan.
    let numbered = |(i, l): (usize, &str)| Line {
        no: i + 1,
        text: clean(l),
    };
    let mut lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(numbered)
        .filter(|l| !l.text.is_empty())
        .take(TOP)
        .collect();
    let last_top = lines.last().map_or(0, |l| l.no);
    let total = text.lines().count();
    let mut foot: Vec<Line> = text
        .lines()
        .rev()
        .enumerate()
        .map(|(k, l)| (total - 1 - k, l))
        .take_while(|(i, _)| i + 1 > last_top)
        .map(numbered)
        .filter(|l| !l.text.is_empty())
        .take(FOOT)
        .collect();
    foot.reverse();
    lines.extend(foot);
    let region: Vec<usize> = (0..lines.len()).collect();
    let mut out = TextFound::default();
    let mut first_line = usize::MAX;
    let mut cands: Vec<(u32, usize, String, usize)> = Vec::new(); // score, order, name, line
    let furn: Vec<Option<Furniture>> = region
        .iter()
        .map(|&i| lines.get(i).and_then(|l| furniture(&l.text)))
        .collect();
    for (k, &i) in region.iter().enumerate() {
        let Some(line) = lines.get(i) else { continue };
        if let Some(Some(f)) = furn.get(k) {
            if out.found.date.is_none() && f.date.is_some() {
                out.found.date = f.date.clone();
                first_line = first_line.min(line.no);
            }
            if out.found.page.is_none() && f.page.is_some() {
                out.found.page = f.page;
                first_line = first_line.min(line.no);
            }
            if let Some(name) = &f.lone_token {
                let score = if f.date.is_some() && f.page.is_some() {
                    2
                } else {
                    1
                };
                cands.push((score, k, name.clone(), line.no));
            }
        } else if k < 3
            && is_name_shape(&line.text)
            // An article heading (`## …`, `### …`) is a headline, not the masthead.
            && !text
                .lines()
                .nth(line.no - 1)
                .is_some_and(|raw| raw.trim_start().starts_with("##"))
        {
            let near = (k.saturating_sub(2)..=k + 2)
                .any(|j| j != k && furn.get(j).is_some_and(Option::is_some));
            let score = u32::from(k == 0) + u32::from(near);
            cands.push((score, k, line.text.clone(), line.no));
        }
    }
    // Repetition: the same name standing as a whole token in a running head of the top or
    // foot (a masthead line and a running head). A headline's words recur in its article's
    // body and its deck, so occurrences outside page furniture do not count.
    let tokens: Vec<(usize, Vec<&str>)> = region
        .iter()
        .enumerate()
        .filter(|(k, _)| furn.get(*k).is_some_and(Option::is_some))
        .filter_map(|(_, &i)| lines.get(i))
        .map(|l| {
            (
                l.no,
                l.text.split(is_space).filter(|t| !t.is_empty()).collect(),
            )
        })
        .collect();
    for c in &mut cands {
        if tokens
            .iter()
            .any(|(no, ts)| *no != c.3 && ts.contains(&c.2.as_str()))
        {
            c.0 += 1;
        }
        if ["报", "報", "刊", "通讯", "通訊"]
            .iter()
            .any(|e| c.2.ends_with(e))
        {
            c.0 += 1;
        }
    }
    if let Some(best) = cands
        .iter()
        .filter(|c| c.0 >= 2)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
    {
        out.found.masthead = Some(best.2.clone());
        first_line = first_line.min(best.3);
    }
    if first_line != usize::MAX {
        out.line = first_line;
    }
    out
}

/// The line without Markdown heading marks, emphasis or surrounding space.
fn clean(l: &str) -> String {
    l.trim()
        .trim_start_matches('#')
        .trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_')
        .to_string()
}

fn is_name_shape(s: &str) -> bool {
    let n = s.chars().count();
    (2..=8).contains(&n) && s.chars().all(is_han)
}

#[derive(Debug, Default)]
struct Furniture {
    date: Option<String>,
    page: Option<u32>,
    lone_token: Option<String>,
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}'
}

/// Read a furniture line; `None` when the line is not one.
fn furniture(line: &str) -> Option<Furniture> {
    let cs: Vec<char> = line.chars().collect();
    if cs.len() > 60 || cs.iter().any(|c| "。，；！？,;!?".contains(*c)) {
        return None;
    }
    let mut f = Furniture::default();
    let mut covered = vec![false; cs.len()];
    let mut i = 0;
    while i < cs.len() {
        let hit = if let Some((len, d)) = han_date_at(&cs, i).or_else(|| iso_date_at(&cs, i)) {
            if f.date.is_none() {
                f.date = Some(d);
            }
            Some(len)
        } else if let Some((len, n)) = numbered_at(&cs, i, &['版']) {
            if f.page.is_none() {
                f.page = n;
            }
            Some(len)
        } else if let Some((len, _)) = numbered_at(&cs, i, &['期', '号', '號']) {
            Some(len)
        } else {
            weekday_at(&cs, i)
        };
        match hit {
            Some(len) => {
                for c in covered.iter_mut().skip(i).take(len) {
                    *c = true;
                }
                i += len;
            }
            None => i += 1,
        }
    }
    if f.date.is_none() && f.page.is_none() {
        return None;
    }
    // Whole tokens untouched by a furniture piece; the rest must be small.
    let mut tokens: Vec<String> = Vec::new();
    let mut rest: usize = 0;
    let mut cur = String::new();
    let mut cur_touched = false;
    for (k, &c) in cs.iter().enumerate() {
        if is_space(c) {
            if !cur.is_empty() && !cur_touched {
                tokens.push(std::mem::take(&mut cur));
            }
            cur.clear();
            cur_touched = false;
            continue;
        }
        let cov = covered.get(k).copied().unwrap_or(false);
        cur_touched |= cov;
        if !cov {
            cur.push(c);
            if is_han(c) {
                rest += 1;
            }
        }
    }
    if !cur.is_empty() && !cur_touched {
        tokens.push(cur);
    }
    let named: Vec<&String> = tokens.iter().filter(|t| is_name_shape(t)).collect();
    let lone = match named.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    };
    let lone_len = lone.as_ref().map_or(0, |t| t.chars().count());
    if rest.saturating_sub(lone_len) > 8 {
        return None;
    }
    f.lone_token = lone;
    Some(f)
}

fn digit_at(cs: &[char], i: usize) -> Option<u32> {
    cs.get(i).and_then(|c| match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(*c as u32 - 0xFF10),
        _ => None,
    })
}

/// Arabic digits from `i`: (count, value).
fn digits_at(cs: &[char], i: usize, max: usize) -> Option<(usize, u32)> {
    let mut n = 0;
    let mut v: u32 = 0;
    while n < max
        && let Some(d) = digit_at(cs, i + n)
    {
        v = v * 10 + d;
        n += 1;
    }
    (n > 0 && digit_at(cs, i + n).is_none()).then_some((n, v))
}

const HAN_NUM: &str = "〇零一二三四五六七八九十廿卅两";

/// Han numerals from `i` (`二十八`, `廿五`): (count, value).
fn han_num_at(cs: &[char], i: usize) -> Option<(usize, u32)> {
    let n = cs
        .get(i..)?
        .iter()
        .take_while(|c| HAN_NUM.contains(**c))
        .count();
    let s: String = cs.get(i..i + n)?.iter().collect();
    let s = s.replace('廿', "二十").replace('卅', "三十");
    Some((n, page_number(&s)?))
}

fn num_at(cs: &[char], i: usize, max: usize) -> Option<(usize, u32)> {
    digits_at(cs, i, max).or_else(|| han_num_at(cs, i))
}

/// `YYYY年M月D日` in Arabic digits, or a 民國 date (`中華民國三十六年七月廿二日`).
pub(crate) fn han_date_at(cs: &[char], i: usize) -> Option<(usize, String)> {
    let mut k = i;
    let mut minguo = false;
    for prefix in ["中華民國", "中华民国", "民國", "民国"] {
        let p: Vec<char> = prefix.chars().collect();
        if cs.get(i..i + p.len()) == Some(&p[..]) {
            k = i + p.len();
            minguo = true;
            break;
        }
    }
    let (n, y) = if minguo {
        num_at(cs, k, 3)?
    } else {
        let (n, y) = digits_at(cs, k, 4)?;
        if n != 4 || i > 0 && digit_at(cs, i - 1).is_some() {
            return None;
        }
        (n, y)
    };
    let y = if minguo { y + 1911 } else { y };
    k += n;
    (cs.get(k) == Some(&'年')).then_some(())?;
    let (n, m) = num_at(cs, k + 1, 2)?;
    k += 1 + n;
    (cs.get(k) == Some(&'月')).then_some(())?;
    let (n, d) = num_at(cs, k + 1, 2)?;
    k += 1 + n;
    matches!(cs.get(k), Some('日' | '号' | '號')).then_some(())?;
    Some((k + 1 - i, ymd(y, m, d)?))
}

/// `YYYY-MM-DD` standing alone.
fn iso_date_at(cs: &[char], i: usize) -> Option<(usize, String)> {
    if i > 0 && digit_at(cs, i - 1).is_some() {
        return None;
    }
    let s: String = cs.get(i..i + 10)?.iter().collect();
    if digit_at(cs, i + 10).is_some() {
        return None;
    }
    Some((10, crate::manifest::valid_date(&s)?))
}

/// `第N版` / `第N期`: (length, number) where the number may be a page label like `A3`.
fn numbered_at(cs: &[char], i: usize, ends: &[char]) -> Option<(usize, Option<u32>)> {
    (cs.get(i) == Some(&'第')).then_some(())?;
    let n = cs
        .get(i + 1..)?
        .iter()
        .take_while(|c| {
            c.is_ascii_alphanumeric() || digit_at(&[**c], 0).is_some() || HAN_NUM.contains(**c)
        })
        .count();
    let end = cs.get(i + 1 + n)?;
    if !ends.contains(end) {
        return None;
    }
    let label: String = cs.get(i + 1..i + 1 + n)?.iter().collect();
    Some((n + 2, page_number(&label)))
}

/// `星期三`, `禮拜三`: length.
fn weekday_at(cs: &[char], i: usize) -> Option<usize> {
    let two: String = cs.get(i..i + 2)?.iter().collect();
    if !matches!(two.as_str(), "星期" | "礼拜" | "禮拜") {
        return None;
    }
    cs.get(i + 2)
        .filter(|c| "一二三四五六日天".contains(**c))
        .map(|_| 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(text: &str) -> (Option<String>, Option<String>, Option<u32>, usize) {
        let x = from_text(text);
        (x.found.masthead, x.found.date, x.found.page, x.line)
    }
    fn s(x: &str) -> Option<String> {
        Some(x.to_string())
    }

    #[test]
    fn running_heads() {
        assert_eq!(
            f("清河日报　2026年3月18日　星期三　第4版\n\n　　正文第一段。\n"),
            (s("清河日报"), s("2026-03-18"), Some(4), 1)
        );
        assert_eq!(
            f("\n中華民國三十六年七月廿二日　清河晚報　星期二　第四版\n\n標題\n"),
            (s("清河晚報"), s("1947-07-22"), Some(4), 2)
        );
        // A running head whose masthead has no telling ending still names it.
        assert_eq!(f("湖畔消息 2026年3月18日 第2版\n正文。\n").0, s("湖畔消息"));
    }

    #[test]
    fn masthead_line_and_folio() {
        let page = "清河日报\n2026-03-18\n第1版（）\n\n新桥今日通车\n　　正文。\n";
        assert_eq!(f(page), (s("清河日报"), s("2026-03-18"), Some(1), 1));
        // A short headline at the top is not a masthead.
        assert_eq!(f("新桥今日通车\n　　今天上午，新桥通车。\n").0, None);
        // A date inside a sentence is not furniture.
        assert_eq!(f("　　2026年3月18日，新桥通车。\n").1, None);
        // 本期共八版 is not a page mark; the issue mark is furniture.
        assert_eq!(
            f("2026年3月18日星期三（第一二四期）本期共八版\n").1,
            s("2026-03-18")
        );
        assert_eq!(f("2026年3月18日星期三（第一二四期）本期共八版\n").2, None);
    }

    #[test]
    fn repeated_names() {
        // The masthead line repeated in the running head at the foot.
        let page = "湖畔消息\n\n标题\n　　正文。\n湖畔消息　第3版\n";
        assert_eq!(f(page).0, s("湖畔消息"));
        // A headline whose words recur in its body is still a headline.
        let page = "新桥今日通车\n　　新桥今日通车，新桥今日通车。\n";
        assert_eq!(f(page).0, None);
    }

    #[test]
    fn nothing_to_read() {
        assert_eq!(f(""), (None, None, None, 0));
        assert_eq!(f("　　一段正文，没有报头。\n"), (None, None, None, 0));
    }
}
