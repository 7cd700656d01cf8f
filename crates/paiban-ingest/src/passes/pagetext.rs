//! What a page's own text says about a break between two blocks: the character sequences
//! it uses, and the characters its sentences open and close with.
//!
//! Input: the blocks of one page. Output: a [`PageText`] that [`crate::passes::evidence`]
//! asks three questions:
//! - do the characters on both sides of the break occur together elsewhere on the page
//!   ([`PageText::across`])? A newspaper repeats its phrases: `社区|书屋` broken by a column
//!   end is `社区书屋` three paragraphs later;
//! - do the page's sentences end with the last character before the break and open with the
//!   first after it ([`PageText::boundary`])? Counted only at the sentence ends inside blocks
//!   (after `。！？`), where the page itself says a sentence ended, never at a block's edge,
//!   which is what is in question. A break before `的` or after `的` is rarely a sentence's;
//! - does the page end its clauses on the last two characters before the break, or go on
//!   after them ([`PageText::pair_ends`])? `…的过程，` ends a clause; `过程中` goes on.

use crate::chars::{han_end, han_start, is_han, is_sentence_final};
// Fx hashing: every Han character of the page is counted and its runs looked up; the maps
// are only read by key, so their order (SipHash's is random anyway) does not matter.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Counts of one page's text.
#[derive(Debug, Default)]
pub struct PageText {
    /// Runs of 2, 3 and 4 adjacent Han characters (no mark between), packed by [`pack`], of
    /// those that could stand across a break (see [`PageText::of`]).
    grams: HashMap<u128, u32>,
    /// First Han character of each sentence that follows a sentence end inside a block.
    opens: HashMap<char, u32>,
    /// Last Han character of each sentence that ends inside a block.
    closes: HashMap<char, u32>,
    /// Last Han character of each clause (before a clause or sentence mark).
    clause_ends: HashMap<char, u32>,
    /// Every Han character.
    all: HashMap<char, u32>,
    /// Of the pairs of Han characters some block ends with: how often the page's text has
    /// them go on (another Han character follows) and end a clause (a clause or sentence
    /// mark follows).
    end_pairs: HashMap<u128, (u32, u32)>,
    sentences: u32,
    chars: u32,
}

impl PageText {
    /// Count the text of `blocks`. Only the runs that could stand across a break between two
    /// of them are kept: those that open with the last one or two Han characters of a block
    /// and close with the first one or two of a block (so a page of any size keeps a few).
    pub fn of<'a>(blocks: impl IntoIterator<Item = &'a str>) -> Self {
        let blocks: Vec<&str> = blocks.into_iter().collect();
        let mut ends = HashSet::default();
        let mut starts = HashSet::default();
        for text in &blocks {
            let tail = han_end(text, 2);
            let head = han_start(text, 2);
            for n in 1..=2 {
                if let Some(t) = tail.len().checked_sub(n).and_then(|i| tail.get(i..)) {
                    ends.insert(pack(t));
                }
                if let Some(h) = head.get(..n) {
                    starts.insert(pack(h));
                }
            }
        }
        let mut t = PageText::default();
        for text in blocks {
            t.count_grams(text, &ends, &starts);
            t.count_sentences(text);
        }
        t
    }

    fn count_grams(&mut self, text: &str, ends: &HashSet<u128>, starts: &HashSet<u128>) {
        let mut run: Vec<char> = Vec::new();
        // Could `g` stand across a break: a block's end, then a block's start?
        let across = |g: &[char]| {
            (1..g.len()).any(|cut| {
                let (l, r) = g.split_at(cut);
                l.len() <= 2 && r.len() <= 2 && ends.contains(&pack(l)) && starts.contains(&pack(r))
            })
        };
        for c in text.chars().chain(std::iter::once(' ')) {
            let pair = run.len().checked_sub(2).and_then(|i| run.get(i..));
            if let Some(pair) = pair.map(pack).filter(|p| ends.contains(p)) {
                if is_han(c) {
                    self.end_pairs.entry(pair).or_insert((0, 0)).0 += 1;
                } else if is_sentence_final(c) || CLAUSE_MARKS.contains(c) {
                    self.end_pairs.entry(pair).or_insert((0, 0)).1 += 1;
                }
            }
            if is_han(c) {
                run.push(c);
                *self.all.entry(c).or_insert(0) += 1;
                self.chars += 1;
                for n in 2..=4 {
                    if let Some(g) = run.len().checked_sub(n).and_then(|i| run.get(i..))
                        && across(g)
                    {
                        *self.grams.entry(pack(g)).or_insert(0) += 1;
                    }
                }
                // Only the last four characters matter.
                if run.len() > 8 {
                    run.drain(..4);
                }
            } else {
                run.clear();
            }
        }
    }

    fn count_sentences(&mut self, text: &str) {
        // The last Han character before a sentence mark, waiting for the first after it.
        let mut last: Option<char> = None;
        let mut closed: Option<char> = None;
        for c in text.chars() {
            if is_han(c) {
                if let Some(b) = closed.take() {
                    *self.closes.entry(b).or_insert(0) += 1;
                    *self.opens.entry(c).or_insert(0) += 1;
                    self.sentences += 1;
                }
                last = Some(c);
            } else if is_sentence_final(c) && closed.is_none() {
                if let Some(l) = last {
                    *self.clause_ends.entry(l).or_insert(0) += 1;
                }
                closed = last.take();
            } else if CLAUSE_MARKS.contains(c)
                && let Some(l) = last.take()
            {
                *self.clause_ends.entry(l).or_insert(0) += 1;
            }
        }
    }

    /// Did the page use the pair `a b` of adjacent Han characters?
    pub fn pair_seen(&self, a: char, b: char) -> bool {
        self.grams.contains_key(&pack(&[a, b]))
    }

    /// How much more often than chance the page puts `a` right before `b` (natural log of
    /// the pair's count over what the two characters' counts would give at random), when it
    /// does so at least twice: a name or a term the page keeps using (`晏|澜` on a page
    /// about 晏澜) reads far above 0, a common pair of common characters (`的|人`) near or
    /// below it. 0 when the page has the pair fewer than twice.
    pub fn pair_lift(&self, a: char, b: char) -> f64 {
        let n = self.grams.get(&pack(&[a, b])).copied().unwrap_or(0);
        if n < 2 {
            return 0.0;
        }
        let count = |c: char| f64::from(self.all.get(&c).copied().unwrap_or(0).max(1));
        (f64::from(n) * f64::from(self.chars.max(1)) / (count(a) * count(b))).ln()
    }

    /// The longest run of Han characters across the break (two from each side at most, at
    /// least three in all) that the page's text holds elsewhere: 4, 3 or 0.
    pub fn across(&self, before: &str, after: &str) -> usize {
        let left = han_end(before, 2);
        let right = han_start(after, 2);
        // Held elsewhere: more often than in the two blocks themselves (`助力老街` in the
        // first block is no evidence for `…能力|老街…`).
        let seen = |l: usize, r: usize| {
            let l = left.len().checked_sub(l).and_then(|i| left.get(i..));
            match (l, right.get(..r)) {
                (Some(l), Some(r)) => {
                    let run = [l, r].concat();
                    // The blocks are searched only for a run the page holds at all.
                    self.grams.get(&pack(&run)).is_some_and(|&n| {
                        let text: String = run.iter().collect();
                        let own = before.matches(text.as_str()).count()
                            + after.matches(text.as_str()).count();
                        n as usize > own
                    })
                }
                _ => false,
            }
        };
        if seen(2, 2) {
            4
        } else if seen(1, 2) || seen(2, 1) {
            3
        } else {
            0
        }
    }

    /// Does the page use `c` often (`NEVER_SEEN` times or more) but end no clause or
    /// sentence on it (`不`, `的`, `把`: a word goes on after them)?
    pub fn never_ends(&self, c: char) -> bool {
        self.all.get(&c).copied().unwrap_or(0) >= NEVER_SEEN
            && self.clause_ends.get(&c).copied().unwrap_or(0) == 0
    }

    /// How often the page goes on after the last two Han characters of `text`, and how
    /// often it ends a clause with them (`过程，`).
    pub fn pair_ends(&self, text: &str) -> (u32, u32) {
        let pair = han_end(text, 2);
        if pair.len() < 2 {
            return (0, 0);
        }
        self.end_pairs.get(&pack(&pair)).copied().unwrap_or((0, 0))
    }

    /// How much likelier (natural log) the page's sentences close with `last` and open with
    /// `first` than those characters occur anywhere: below 0, the break is unlike the
    /// page's sentence ends. `None` on a page with too few sentences to say.
    pub fn boundary(&self, last: char, first: char) -> Option<f64> {
        if self.sentences < MIN_SENTENCES {
            return None;
        }
        let n = f64::from(self.sentences) + 1.0;
        let total = f64::from(self.chars) + 1.0;
        let share = |m: &HashMap<char, u32>, c: char| {
            let k = f64::from(m.get(&c).copied().unwrap_or(0));
            let all = f64::from(self.all.get(&c).copied().unwrap_or(0));
            ((k + 0.5) / n).ln() - ((all + 1.0) / total).ln()
        };
        Some(share(&self.closes, last) + share(&self.opens, first))
    }
}

/// Up to four characters in one number (21 bits each, the length in the top bits), so that
/// a page's grams take 16 bytes each, not a string.
fn pack(g: &[char]) -> u128 {
    g.iter().take(4).fold(g.len().min(4) as u128, |k, &c| {
        (k << 21) | u128::from(u32::from(c))
    })
}

/// Marks that end a clause inside a sentence.
const CLAUSE_MARKS: &str = "，、；：,;:";

/// How often the page must use a character to say that none of its clauses ends on it.
const NEVER_SEEN: u32 = 8;

/// A page with fewer sentence ends inside its blocks says nothing about its sentences.
const MIN_SENTENCES: u32 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_words_across_a_break_elsewhere_on_the_page() {
        // The page: two paragraphs, and the blocks on both sides of the breaks asked about.
        let halves = [
            "老街上的社区",
            "书屋已是热闹去处。",
            "办好社",
            "区书屋。",
            "成效有目",
            "共睹。",
            "清河",
            "新桥通车。",
        ];
        let mut page = vec!["社区书屋开办四年来，成效有目共睹。", "办好社区书屋。"];
        page.extend(halves);
        let t = PageText::of(page);
        assert_eq!(t.across("老街上的社区", "书屋已是热闹去处"), 4);
        assert_eq!(t.across("办好社", "区书屋"), 4);
        assert_eq!(t.across("成效有目", "共睹"), 4);
        assert_eq!(t.across("清河", "新桥"), 0);
        assert!(t.pair_seen('区', '书'));
        assert!(!t.pair_seen('书', '区'));
        // Only runs that could stand across a break between the page's blocks are kept.
        assert!(!t.pair_seen('四', '年'));
        // A run held only in the two blocks themselves is not held elsewhere.
        let own = PageText::of([
            "新桥经验助力老街提升书屋自主管理能力",
            "老街居民近年来越来越爱读书，借阅需求不断增加。",
        ]);
        assert_eq!(
            own.across(
                "新桥经验助力老街提升书屋自主管理能力",
                "老街居民近年来越来越爱读书"
            ),
            0
        );
    }

    #[test]
    fn a_name_the_page_keeps_using_lifts_its_pair() {
        let page = [
            "晏澜在清河调研。晏澜来到新桥镇。晏澜强调，要做好书屋工作的建设。",
            "在老街社区，晏",
            "澜考察了社区的活动室。",
            "这是我们的人民的代表的心声的，是基层的人大代表的",
            "人民的期盼。",
        ];
        let t = PageText::of(page);
        // 晏澜 three times, its characters nowhere else: far above chance.
        let name = t.pair_lift('晏', '澜');
        assert!(name > 2.0, "{name}");
        // 的人 twice, but 的 everywhere: less.
        let common = t.pair_lift('的', '人');
        assert!(common < name - 0.5, "{common} {name}");
        // A pair seen once is no evidence.
        assert_eq!(t.pair_lift('晏', '来'), 0.0);
    }

    #[test]
    fn sentence_ends_come_from_inside_the_blocks() {
        let blocks = vec!["他说了。我们走吧。"; 40];
        let t = PageText::of(blocks.iter().copied());
        // `了` closes and `我` opens the page's sentences; `们` and `走` never do.
        let yes = t.boundary('了', '我').unwrap_or_default();
        let no = t.boundary('们', '走').unwrap_or_default();
        assert!(yes > 0.0 && no < -1.0, "{yes} {no}");
        // Too few sentences: no opinion.
        assert_eq!(
            PageText::of(["他说了。我们走吧。"]).boundary('了', '我'),
            None
        );
    }

    #[test]
    fn characters_that_end_no_clause() {
        let blocks = ["河风不时吹来，他不停地划，船不远了。"; 4];
        let t = PageText::of(blocks.iter().copied());
        // `不` is used 12 times and ends nothing; `了` and `划` end clauses; `河` is rare.
        assert!(t.never_ends('不'));
        assert!(!t.never_ends('了') && !t.never_ends('划') && !t.never_ends('河'));
    }
}
