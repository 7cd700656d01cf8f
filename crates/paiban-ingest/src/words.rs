//! A Chinese word list with frequencies, for evidence that a word runs across a break.
//!
//! Input: short strings of Han characters. Output: whether they are a word of the list, how
//! often the dictionary saw them, and [`word_across`]: how much better the characters around
//! a break read with a word across it than with a boundary there (the best segmentations
//! under a unigram model, as jieba segments). The list (`data/words.txt`: every Han
//! character and 304 248 entries in all, words of 2–4 characters seen at least 3 times, from
//! jieba's dictionary; see `data/README.md`) is compiled into the binary as one sorted string
//! and searched in place (binary search over its lines), so using it costs no start-up time.

use crate::chars::{han_end, han_start, is_han};

static WORDS: &str = include_str!("../data/words.txt");

/// The list's lines after its `#total N` header: `word<TAB>frequency`, sorted.
fn entries() -> &'static str {
    WORDS.split_once('\n').map_or("", |(_, rest)| rest)
}

/// The sum of the dictionary's frequencies (the list's `#total N` header), read once.
fn total() -> f64 {
    static TOTAL: std::sync::LazyLock<f64> = std::sync::LazyLock::new(|| {
        WORDS
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("#total "))
            .and_then(|n| n.trim().parse::<f64>().ok())
            .unwrap_or(1.0)
            .max(1.0)
    });
    *TOTAL
}

/// The list's lines from the first whose word is not before `key` (byte order), each split
/// into its word and frequency: a binary search over the lines in place.
fn lines_from(key: &[u8]) -> impl Iterator<Item = (&'static [u8], Option<u32>)> {
    let bytes = entries().as_bytes();
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
        if split_line(bytes.get(start..end).unwrap_or_default()).0 < key {
            lo = end + 1;
        } else {
            hi = start;
        }
    }
    bytes
        .get(lo.min(bytes.len())..)
        .unwrap_or_default()
        .split(|&c| c == b'\n')
        .filter(|l| !l.is_empty())
        .map(split_line)
}

/// `word<TAB>frequency` → the word's bytes and the frequency.
fn split_line(line: &[u8]) -> (&[u8], Option<u32>) {
    let tab = line.iter().position(|&c| c == b'\t').unwrap_or(line.len());
    let (word, freq) = line.split_at(tab);
    let freq = std::str::from_utf8(freq.get(1..).unwrap_or_default())
        .ok()
        .and_then(|f| f.parse().ok());
    (word, freq)
}

/// How often the dictionary saw `w`, if `w` is on the list.
pub fn frequency(w: &str) -> Option<u32> {
    lines_from(w.as_bytes())
        .next()
        .filter(|(word, _)| *word == w.as_bytes())
        .and_then(|(_, f)| f)
}

/// Is `w` a word of 2–4 characters on the list?
pub fn is_word(w: &str) -> bool {
    w.chars().count() >= 2 && frequency(w).is_some()
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

/// Han characters on each side of a break that the segmentation looks at.
const WINDOW: usize = 4;
/// Longest word of the list, in characters.
const LONGEST: usize = 4;

/// How much likelier the text reads with a word across a break than with a word boundary
/// at it, as the natural log of the ratio of the two best segmentations' probabilities
/// under the list's word frequencies (a unigram model, as jieba segments): 0 when the best
/// segmentation of the characters around the break has a boundary there, positive when it
/// puts a word across it (`就|业帮扶` → 就业; `的|人民` → 0, the boundary reads better).
/// Returns the gain and the word across the break.
pub fn word_across(before: &str, after: &str) -> (f64, Option<String>) {
    let left = han_end(before, WINDOW);
    let right = han_start(after, WINDOW);
    if left.is_empty() || right.is_empty() {
        return (0.0, None);
    }
    let joined: Vec<char> = left.iter().chain(right.iter()).copied().collect();
    // Every word's cost looked up once: the three segmentations share them.
    let costs = Costs::of(&joined);
    let at = left.len();
    let (whole, cut) = costs.segment(0, joined.len());
    let apart = costs.segment(0, at).0 + costs.segment(at, joined.len()).0;
    let gain = (whole - apart).max(0.0);
    // The word of the best segmentation that covers the break.
    let word = cut
        .windows(2)
        .find(|w| w[0] < at && w[1] > at)
        .map(|w| joined.get(w[0]..w[1]).unwrap_or_default().iter().collect());
    if word.is_none() {
        return (0.0, None);
    }
    (gain, word)
}

/// The log probability of the word `w` under the list's frequencies (a character the list
/// lacks is rarer than any it has; a longer string it lacks is no word).
fn unigram_cost(w: &[char]) -> Option<f64> {
    let s: String = w.iter().collect();
    let log_total = total().ln();
    match frequency(&s) {
        Some(f) => Some(f64::from(f.max(1)).ln() - log_total),
        None if w.len() == 1 => Some(0.5f64.ln() - log_total),
        None => None,
    }
}

/// How many times more often the list sees a character begin a longer word than stand
/// alone, for the character to count as a word cut off (`创` of 创建, 创新: 12×; `就`: 0.1×).
const BEGINS_WORDS: u64 = 5;

/// Does `before` end in a word cut off: a character that the best segmentation of its end
/// leaves alone, and that begins words far more often than it stands alone (`都已创`)?
/// When the text after a break does not complete it, a piece is likely lost there.
pub fn cut_off_end(before: &str) -> Option<char> {
    let c = lone_end(before)?;
    let alone = u64::from(frequency(&c.to_string()).unwrap_or(0)).max(1);
    (begun_mass(c) >= BEGINS_WORDS * alone).then_some(c)
}

/// The last Han character of `before` when the best segmentation of its end leaves it a
/// word alone (`春雨|不`), not the end of a longer word (`服务`, `古桥`).
pub fn lone_end(before: &str) -> Option<char> {
    let left = han_end(before, WINDOW);
    let (_, cuts) = best_segmentation(&left);
    let last = cuts
        .len()
        .checked_sub(2)
        .and_then(|i| cuts.get(i))
        .copied()?;
    let [c] = left.get(last..)? else {
        return None;
    };
    Some(*c)
}

/// Function words of two characters no title or sentence ends on: prepositions and
/// conjunctions that take what follows (Chinese grammar, not any page's phrases).
const FUNCTION_WORDS: &[&str] = &[
    "随着", "根据", "关于", "通过", "按照", "对于", "由于", "为了", "以及", "并且", "但是", "而且",
    "如果", "因为", "所以", "沿着", "经过", "除了",
];

/// Function words of one character no title or sentence ends on, when the text's best
/// segmentation leaves them a word alone (`目的` ends in no particle): prepositions,
/// conjunctions, structural particles, the copula.
const FUNCTION_CHARS: &str = "的地得和与及并而在于从向对把被将由是";

/// The function word `p` ends on ([`FUNCTION_WORDS`], [`FUNCTION_CHARS`]), if any.
pub fn function_end(p: &str) -> Option<String> {
    let p = p.trim_end();
    if let Some(w) = FUNCTION_WORDS.iter().find(|w| p.ends_with(**w)) {
        return Some((*w).to_string());
    }
    lone_end(p)
        .filter(|c| FUNCTION_CHARS.contains(*c) && p.ends_with(*c))
        .map(String::from)
}

/// The summed frequencies of the list's words of two or more characters that begin with `c`
/// (they sort together, right after `c` itself).
fn begun_mass(c: char) -> u64 {
    let mut key = [0u8; 4];
    let key = c.encode_utf8(&mut key).as_bytes();
    lines_from(key)
        .take_while(|(word, _)| word.starts_with(key))
        .filter(|(word, _)| word.len() > key.len())
        .filter_map(|(_, f)| f.map(u64::from))
        .sum()
}

/// The best segmentation of `s` under the list's frequencies ([`unigram_cost`]): its log
/// probability and its word boundaries (0, …, len).
fn best_segmentation(s: &[char]) -> (f64, Vec<usize>) {
    Costs::of(s).segment(0, s.len())
}

/// The [`unigram_cost`] of every word of up to [`LONGEST`] characters in a string: the cost
/// of the word ending before character `i`, `k` characters long, at `i * LONGEST + k - 1`.
struct Costs(Vec<Option<f64>>);

impl Costs {
    fn of(s: &[char]) -> Costs {
        let mut costs = vec![None; (s.len() + 1) * LONGEST];
        for i in 1..=s.len() {
            for k in 1..=LONGEST.min(i) {
                if let (Some(w), Some(c)) = (s.get(i - k..i), costs.get_mut(i * LONGEST + k - 1)) {
                    *c = unigram_cost(w);
                }
            }
        }
        Costs(costs)
    }

    fn cost(&self, i: usize, k: usize) -> Option<f64> {
        self.0.get(i * LONGEST + k - 1).copied().flatten()
    }

    /// The best segmentation of the characters `a..b`: its log probability and its word
    /// boundaries (a, …, b).
    fn segment(&self, a: usize, b: usize) -> (f64, Vec<usize>) {
        let n = b.saturating_sub(a);
        let mut best = vec![f64::NEG_INFINITY; n + 1];
        let mut from = vec![0usize; n + 1];
        if let Some(first) = best.first_mut() {
            *first = 0.0;
        }
        for i in 1..=n {
            for k in 1..=LONGEST.min(i) {
                let Some(&prev) = best.get(i - k) else {
                    continue;
                };
                if let Some(c) = self.cost(a + i, k)
                    && prev + c > best.get(i).copied().unwrap_or(f64::NEG_INFINITY)
                {
                    best[i] = prev + c;
                    from[i] = i - k;
                }
            }
        }
        let mut cuts = vec![n];
        let mut i = n;
        while i > 0 {
            i = from.get(i).copied().unwrap_or(0);
            cuts.push(i);
        }
        cuts.reverse();
        let cuts = cuts.into_iter().map(|c| c + a).collect();
        (best.get(n).copied().unwrap_or(f64::NEG_INFINITY), cuts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_searchable() {
        let lines: Vec<&str> = entries().lines().collect();
        assert!(lines.len() > 90_000);
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        for l in [lines[1], lines[lines.len() / 2], lines[lines.len() - 1]] {
            let (w, f) = l.split_once('\t').expect("word<TAB>frequency");
            assert_eq!(frequency(w), f.parse().ok(), "{w}");
        }
        assert!(total() > 1e7);
        assert!(is_word("就业") && is_word("政策"));
        assert!(!is_word("好全") && !is_word("") && !is_word("就"));
        assert!(frequency("就").is_some_and(|f| f > 1000));
    }

    #[test]
    fn a_lone_character_at_the_end() {
        assert_eq!(lone_end("春雨不"), Some('不'));
        assert_eq!(lone_end("社区书屋公共文化服务"), None);
        assert_eq!(lone_end("修缮老街古桥"), None);
        assert_eq!(lone_end("。"), None);
    }

    #[test]
    fn a_word_cut_off_at_the_end() {
        assert_eq!(cut_off_end("5个社区都已创"), Some('创'));
        assert_eq!(begun_mass('创'), 33_466);
        // A whole word, or a character that mostly stands alone, is no word cut off.
        assert_eq!(cut_off_end("清河全市"), None);
        assert_eq!(cut_off_end("细化落实就"), None);
        assert_eq!(cut_off_end("春耕生产"), None);
        assert_eq!(cut_off_end("2月"), None);
        assert_eq!(cut_off_end(""), None);
    }

    #[test]
    fn words_across_a_break() {
        assert_eq!(
            spanning_word("细化落实就", "业帮扶服务").as_deref(),
            Some("就业")
        );
        assert_eq!(spanning_word("春耕准备好", "全镇农机"), None);
        assert_eq!(spanning_word("记者", "2月"), None);
    }

    #[test]
    fn the_segmentation_decides_whether_a_word_runs_across() {
        let (g, w) = word_across("细化落实就", "业帮扶服务");
        assert!(g > 0.5, "{g}");
        assert_eq!(w.as_deref(), Some("就业"));
        let (g, w) = word_across("老街社区居委", "会副主任");
        assert!(g > 0.5 && w.is_some(), "{g} {w:?}");
        // A boundary reads better than the chance word 的人.
        assert_eq!(word_across("服务清河两岸的", "人民群众").0, 0.0);
        assert_eq!(word_across("老街改造工程", "3月").0, 0.0);
        assert_eq!(word_across("", "服务").0, 0.0);
    }
}
