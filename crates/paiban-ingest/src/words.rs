//! A Chinese word list, for evidence that a word runs across a paragraph break.
//!
//! Input: short strings of Han characters. Output: whether they are a word of the list
//! (`data/words.txt`, 292 668 words of 2–4 characters from jieba's dictionary; see
//! `data/README.md`). The list is compiled into the binary as one sorted string and searched
//! in place (binary search over its lines), so using it costs no start-up time.

use crate::chars::is_han;

static WORDS: &str = include_str!("../data/words.txt");

/// Is `w` a word of the list?
pub fn is_word(w: &str) -> bool {
    let bytes = WORDS.as_bytes();
    let (mut lo, mut hi) = (0usize, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes
            .get(..mid)
            .and_then(|b| b.iter().rposition(|&c| c == b'\n'))
            .map_or(0, |p| p + 1)
            .max(lo);
        let end = bytes
            .get(start..)
            .and_then(|b| b.iter().position(|&c| c == b'\n'))
            .map_or(bytes.len(), |p| start + p);
        let line = bytes.get(start..end).unwrap_or_default();
        match line.cmp(w.as_bytes()) {
            std::cmp::Ordering::Equal => return true,
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    false
}

/// A word of 2–4 Han characters made of the end of `before` and the start of `after`, if
/// there is one (the longest, then the one reaching furthest back).
pub fn spanning_word(before: &str, after: &str) -> Option<String> {
    let tail: Vec<char> = before
        .chars()
        .rev()
        .take_while(|&c| is_han(c))
        .take(3)
        .collect();
    let head: Vec<char> = after.chars().take_while(|&c| is_han(c)).take(3).collect();
    let mut best: Option<String> = None;
    for k in 1..=tail.len() {
        for m in 1..=head.len() {
            if !(2..=4).contains(&(k + m)) {
                continue;
            }
            let w: String = tail[..k].iter().rev().chain(head[..m].iter()).collect();
            if best.as_ref().is_none_or(|b| b.chars().count() < k + m) && is_word(&w) {
                best = Some(w);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_searchable() {
        let lines: Vec<&str> = WORDS.lines().collect();
        assert!(lines.len() > 90_000);
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        for w in [lines[0], lines[lines.len() / 2], lines[lines.len() - 1]] {
            assert!(is_word(w), "{w}");
        }
        assert!(is_word("就业") && is_word("政策"));
        assert!(!is_word("好全") && !is_word("") && !is_word("就"));
    }

    #[test]
    fn words_across_a_break() {
        assert_eq!(
            spanning_word("细化落实就", "业优先政策").as_deref(),
            Some("就业")
        );
        assert_eq!(spanning_word("贯彻落实好", "全国两会"), None);
        assert_eq!(spanning_word("记者", "2月"), None);
    }
}
