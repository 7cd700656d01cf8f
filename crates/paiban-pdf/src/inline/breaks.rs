//! Break opportunities: UAX #14 (icu_segmenter, Unicode 17 rules) tailored by the clreq
//! prohibitions at the chosen [`Kinsoku`] level.
//!
//! Stage: inline layout, phase 2. Input: the paragraph text and its shaped items. Output: a
//! [`Penalty`] for every item boundary (boundary `b` lies before item `b`). Nothing is ever
//! "impossible": a prohibited break only costs more, so the breaker can still set a paragraph
//! that cannot be set by the rules (a line of nothing but `。`, a URL wider than the column).

use super::Kinsoku;
use super::class::{inseparable, no_line_end, no_line_start};
use super::shape::Item;
use icu_segmenter::LineSegmenter;
use icu_segmenter::options::{LineBreakOptions, LineBreakStrictness};

/// How much a break at a boundary costs, cheapest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Penalty {
    /// A break opportunity (UAX #14 and clreq agree).
    Allowed,
    /// UAX #14 allows it, clreq §3.1.7 prohibits it (kinsoku).
    Kinsoku,
    /// No UAX #14 opportunity: inside a Latin word, a number, a URL (emergency only).
    NoBreak,
    /// Inside `——` or `……` (GB/T 15834 §4.13, §4.11): the very last resort.
    Inseparable,
}

impl Penalty {
    /// The demerits a break of this kind adds.
    pub fn cost(self) -> f64 {
        match self {
            Penalty::Allowed => 0.0,
            Penalty::Kinsoku => 1e7,
            Penalty::NoBreak => 1e9,
            Penalty::Inseparable => 1e10,
        }
    }
}

/// UAX #14 break opportunities of `text` as a sorted list of byte offsets (0 and the end
/// excluded). `Strict` keeps small kana off line starts (LB "strict" resolution of CJ).
pub fn uax14(text: &str, kinsoku: Kinsoku) -> Vec<usize> {
    let mut options = LineBreakOptions::default();
    options.strictness = Some(match kinsoku {
        Kinsoku::Strict => LineBreakStrictness::Strict,
        Kinsoku::Basic => LineBreakStrictness::Normal,
        Kinsoku::None => LineBreakStrictness::Loose,
    });
    let segmenter = LineSegmenter::new_17_for_non_complex_scripts(options);
    segmenter
        .segment_str(text)
        .filter(|&b| b > 0 && b < text.len())
        .collect()
}

/// clreq §3.1.7: the penalty the prohibitions give a break between `before` (the last char of
/// the previous line) and `after` (the first char of the next), ignoring UAX #14.
pub fn kinsoku_penalty(before: char, after: char, kinsoku: Kinsoku) -> Penalty {
    if inseparable(before, after) {
        return Penalty::Inseparable;
    }
    match kinsoku {
        Kinsoku::None => Penalty::Allowed,
        level => {
            let strict = level == Kinsoku::Strict;
            if no_line_start(after, strict) || no_line_end(before) {
                Penalty::Kinsoku
            } else {
                Penalty::Allowed
            }
        }
    }
}

/// Penalties for every boundary of `items` (index `b` = before item `b`; `0` and `len` are the
/// paragraph's ends and get `Allowed`).
pub fn penalties(text: &str, items: &[Item], kinsoku: Kinsoku) -> Vec<Penalty> {
    let opportunities = uax14(text, kinsoku);
    let mut out = vec![Penalty::Allowed; items.len() + 1];
    let mut next = opportunities.iter().peekable();
    for b in 1..items.len() {
        let (Some(prev), Some(item)) = (items.get(b - 1), items.get(b)) else {
            continue;
        };
        let at = item.text.start;
        while next.peek().is_some_and(|&&o| o < at) {
            next.next();
        }
        let uax = next.peek().is_some_and(|&&o| o == at);
        let clreq = kinsoku_penalty(prev.last, item.first, kinsoku);
        let p = if uax {
            clreq
        } else {
            clreq.max(Penalty::NoBreak)
        };
        if let Some(slot) = out.get_mut(b) {
            *slot = p;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut last = 0;
        for b in uax14(s, Kinsoku::Basic) {
            out.push(s[last..b].to_string());
            last = b;
        }
        out.push(s[last..].to_string());
        out
    }

    /// clreq §3.1.7 with UAX #14 (Unicode 17): a quote opens with the word it quotes, and
    /// closes with the word before it; `说：“今` and `好。”我` break between the marks' groups.
    #[test]
    fn uax14_17_breaks_chinese_quotes_right() {
        let parts = breaks("他说：“今天好。”我们");
        assert!(parts.contains(&"说：".to_string()), "{parts:?}");
        assert!(parts.contains(&"“今".to_string()), "{parts:?}");
        assert!(parts.contains(&"好。”".to_string()), "{parts:?}");
    }

    /// UAX #14 LB25 / LB23: numbers and Latin words stay whole.
    #[test]
    fn numbers_and_words_unbroken() {
        let parts = breaks("增长2.29亿元和5G+网络与iPhone");
        assert!(parts.iter().any(|p| p.contains("2.29")), "{parts:?}");
        assert!(parts.iter().any(|p| p.contains("5G+")), "{parts:?}");
        assert!(parts.iter().any(|p| p.contains("iPhone")), "{parts:?}");
    }

    /// clreq §3.1.7: prohibited line starts and ends.
    #[test]
    fn kinsoku_prohibitions() {
        assert_eq!(
            kinsoku_penalty('好', '。', Kinsoku::Basic),
            Penalty::Kinsoku
        );
        assert_eq!(kinsoku_penalty('。', '”', Kinsoku::Basic), Penalty::Kinsoku);
        assert_eq!(kinsoku_penalty('“', '今', Kinsoku::Basic), Penalty::Kinsoku);
        assert_eq!(kinsoku_penalty('：', '“', Kinsoku::Basic), Penalty::Allowed);
        assert_eq!(
            kinsoku_penalty('好', 'ょ', Kinsoku::Basic),
            Penalty::Allowed
        );
        assert_eq!(
            kinsoku_penalty('好', 'ょ', Kinsoku::Strict),
            Penalty::Kinsoku
        );
        assert_eq!(kinsoku_penalty('好', '。', Kinsoku::None), Penalty::Allowed);
    }

    /// GB/T 15834 §4.13 / §4.11: never inside `——` or `……`, whatever the level.
    #[test]
    fn two_em_marks_never_split() {
        for level in [Kinsoku::None, Kinsoku::Basic, Kinsoku::Strict] {
            assert_eq!(kinsoku_penalty('—', '—', level), Penalty::Inseparable);
            assert_eq!(kinsoku_penalty('…', '…', level), Penalty::Inseparable);
        }
    }
}
