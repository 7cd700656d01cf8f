//! Metadata guessed from a file or folder name.
//!
//! Stage: part of reading a bare page file or a folder without `edition.toml`.
//! Input: a file stem or folder name (`rmrb_2019-02-20_p04`, `2019年10月15日`, `20220628`).
//! Output: a [`Found`] with the masthead part, the date and the page part of the name.
//!
//! Dates: `YYYY-MM-DD` (also with `_` or `.`), `YYYYMMDD` standing alone, `YYYY年M月D日`; each
//! must be a real day. Page part: a `p04` / `page4` token, `第4版`, or a trailing number token
//! (`_04`) when the name has another part. Masthead part: what comes before the date or page
//! part, without ordering numbers (`03_renminribao_p01` → `renminribao`). Every value read
//! here is a guess: the caller reports it as a warning.

use super::Found;
use crate::manifest::valid_date;

/// Read what a name says about its edition.
pub fn from_name(name: &str) -> Found {
    let cs: Vec<char> = name.chars().collect();
    let date = find_date(&cs);
    // Blank out the date so that its digits are not read as a page.
    let mut rest: Vec<char> = cs.clone();
    let mut cut = None;
    if let Some((start, len, _)) = &date {
        for c in rest.iter_mut().skip(*start).take(*len) {
            *c = '_';
        }
        cut = Some(*start);
    }
    let tokens = tokens(&rest);
    let mut page = None;
    for (start, tok) in &tokens {
        if let Some((at, n)) = page_token(tok) {
            page = Some(n);
            cut = Some(cut.map_or(start + at, |c: usize| c.min(start + at)));
            break;
        }
    }
    let others = tokens
        .iter()
        .filter(|(_, t)| page_token(t).is_none())
        .count();
    if page.is_none()
        && (date.is_some() || others > 1)
        && let Some((start, tok)) = tokens.last()
        && (1..=3).contains(&tok.chars().count())
        && tok.chars().all(|c| c.is_ascii_digit())
        && (date.is_some() || tokens.len() > 1)
    {
        page = tok.parse().ok().filter(|&n: &u32| n > 0);
        if page.is_some() {
            cut = Some(cut.map_or(*start, |c: usize| c.min(*start)));
        }
    }
    let head: String = match cut {
        Some(c) => rest.iter().take(c).collect(),
        None => rest.iter().collect(),
    };
    let masthead = tokens_of(&head)
        .into_iter()
        .skip_while(|t| t.chars().all(|c| c.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join("-");
    Found {
        masthead: (!masthead.is_empty()).then_some(masthead),
        date: date.map(|d| d.2),
        page,
    }
}

fn is_sep(c: char) -> bool {
    matches!(c, '_' | '-' | ' ' | '.' | '\u{3000}')
}

/// Tokens between separators, with their start (in chars).
fn tokens(cs: &[char]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    for (i, &c) in cs.iter().enumerate() {
        if is_sep(c) {
            if !cur.is_empty() {
                out.push((start, std::mem::take(&mut cur)));
            }
        } else {
            if cur.is_empty() {
                start = i;
            }
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push((start, cur));
    }
    out
}

fn tokens_of(s: &str) -> Vec<String> {
    tokens(&s.chars().collect::<Vec<_>>())
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

/// `p04`, `P4`, `page4`, `第4版` (also inside a longer token: `清河日报第4版`): where the page
/// part starts in the token (in chars) and the number.
fn page_token(tok: &str) -> Option<(usize, u32)> {
    let lower = tok.to_ascii_lowercase();
    for prefix in ["page", "p"] {
        if let Some(d) = lower.strip_prefix(prefix)
            && (1..=3).contains(&d.len())
            && d.bytes().all(|b| b.is_ascii_digit())
        {
            return d.parse().ok().filter(|&n: &u32| n > 0).map(|n| (0, n));
        }
    }
    let i = tok.find('第')?;
    let rest = tok.get(i + '第'.len_utf8()..)?;
    let j = rest.find('版')?;
    let n = crate::chars::page_number(rest.get(..j)?)?;
    Some((tok.get(..i)?.chars().count(), n))
}

/// The first real date in the name: (start, length in chars, `YYYY-MM-DD`).
fn find_date(cs: &[char]) -> Option<(usize, usize, String)> {
    let digit = |i: usize| cs.get(i).is_some_and(|c| c.is_ascii_digit());
    let num = |from: usize, len: usize| -> Option<u32> {
        cs.get(from..from + len)?
            .iter()
            .collect::<String>()
            .parse()
            .ok()
    };
    for i in 0..cs.len() {
        if i > 0 && digit(i - 1) || !(0..4).all(|k| digit(i + k)) {
            continue;
        }
        let y = num(i, 4)?;
        // YYYY-MM-DD, YYYY_MM_DD, YYYY.MM.DD
        if let (Some(&s1), Some(&s2)) = (cs.get(i + 4), cs.get(i + 7))
            && s1 == s2
            && matches!(s1, '-' | '_' | '.')
            && digit(i + 5)
            && digit(i + 6)
            && digit(i + 8)
            && digit(i + 9)
            && !digit(i + 10)
            && let Some(d) = ymd(y, num(i + 5, 2)?, num(i + 8, 2)?)
        {
            return Some((i, 10, d));
        }
        // YYYYMMDD standing alone
        if (4..8).all(|k| digit(i + k))
            && !digit(i + 8)
            && let Some(d) = ymd(y, num(i + 4, 2)?, num(i + 6, 2)?)
        {
            return Some((i, 8, d));
        }
        // YYYY年M月D日
        if let Some((len, d)) = super::text::han_date_at(cs, i) {
            return Some((i, len, d));
        }
    }
    None
}

/// A real day as `YYYY-MM-DD` (years 1700–2200).
pub(crate) fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    if !(1700..=2200).contains(&y) {
        return None;
    }
    valid_date(&format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str) -> (Option<String>, Option<String>, Option<u32>) {
        let x = from_name(name);
        (x.masthead, x.date, x.page)
    }

    #[test]
    fn masthead_date_page_parts() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            f("rmrb_2019-02-20_p04"),
            (s("rmrb"), s("2019-02-20"), Some(4))
        );
        assert_eq!(f("nmrb-2022-06-28"), (s("nmrb"), s("2022-06-28"), None));
        assert_eq!(f("2019年10月15日"), (None, s("2019-10-15"), None));
        assert_eq!(f("qhrb_20260318_03"), (s("qhrb"), s("2026-03-18"), Some(3)));
        assert_eq!(
            f("03_renminribao__p01_web"),
            (s("renminribao"), None, Some(1))
        );
        assert_eq!(f("清河日报第2版"), (s("清河日报"), None, Some(2)));
        assert_eq!(
            f("shenbao_1880-01-01_p01-08"),
            (s("shenbao"), s("1880-01-01"), Some(1))
        );
        assert_eq!(f("qinghe-daily"), (s("qinghe-daily"), None, None));
        assert_eq!(f("28"), (None, None, None));
        assert_eq!(f("a"), (s("a"), None, None));
    }

    #[test]
    fn not_dates() {
        assert_eq!(f("x-2026-02-30").1, None);
        assert_eq!(f("123456789").1, None);
        assert_eq!(f("v20221345").1, None);
    }
}
