//! Part of pass `classify`: a printed table of contents is page furniture.
//!
//! Input: one classified page, the edition's [`Headings`]. Output: the page with each
//! table of contents gathered into one block of page furniture (which `segment` leaves out
//! with a note: the book makes its own), and a note where it spanned several blocks.
//!
//! A table of contents is found by evidence any printed one carries:
//! - its entries' leaders: a run of dots no sentence prints, or what OCR reads them as
//!   (`。。。`, `oooo`, `vsvsvs`; [`is_contents`]), and next to such entries, entries whose
//!   leader OCR lost but left a page number or a letter or two ([`is_contents_entry`]);
//! - or, where the engine dropped the leaders (PaddleOCR reads no dots), body-sized lines
//!   made of the edition's own headings: a run of paragraphs, each of whose Han characters
//!   lie at least [`LISTED`] in headings it holds whole (at least [`WHOLE`] of a heading's
//!   stretches of four), articles' headings further on in the edition, together naming at
//!   least [`LISTED_HEADINGS`] articles (a kicker and its headline name one) under a title,
//!   [`LISTED_UNTITLED`] without;
//! - then its title and section labels right before it (`目录`, `第1版`): up to
//!   [`CONTENTS_TITLES`] short lines, none a sentence.

use crate::chars::{excerpt, han_count, has_inner_sentence_end, is_han};
use crate::passes::note;
use crate::patterns::{LEADER, is_contents, is_contents_entry};
use crate::raw::{RawBlock, RawPage, Role};
use paiban_model::Diagnostic;
use rustc_hash::{FxHashMap, FxHashSet};

const PASS: &str = "classify";

/// Lines before a table of contents that may be its title and section labels.
const CONTENTS_TITLES: usize = 2;

/// The most Han characters of a contents title or section label (`本期导读`, `第1版 要闻`).
const CONTENTS_TITLE_HAN: usize = 8;

/// The most Han characters of a section label read as a paragraph (`第1版`).
const CONTENTS_LABEL_HAN: usize = 4;

/// The share of a paragraph's Han characters that the edition's headings must hold for it
/// to be a list of them.
const LISTED: f64 = 0.8;

/// Articles whose headings a run of such paragraphs must name (one article's are a jump's
/// repeated title, or a copy of the heading the source repeats).
const LISTED_HEADINGS: usize = 2;

/// The share of a heading's stretches of four a paragraph must hold to name it.
const WHOLE: f64 = 0.5;

/// Articles a list of headings without leaders and without a title must name.
const LISTED_UNTITLED: usize = 3;

/// The fewest Han characters of a paragraph weighed as a list of headings.
const LISTED_HAN: usize = 4;

/// A heading block: (page, index on the page).
type HeadingId = (usize, usize);

/// The edition's headings, by their stretches of four Han characters.
#[derive(Debug, Default)]
pub struct Headings {
    grams: FxHashMap<[char; 4], Vec<HeadingId>>,
    /// How many stretches each heading has, and its deck's first heading's Han characters
    /// (a kicker, its headline and subtitle name one article; so does a deck the source
    /// repeats).
    sizes: FxHashMap<HeadingId, (usize, String)>,
}

impl Headings {
    /// Index the articles' headings (headlines, kickers, subtitles) of `pages`.
    pub fn of(pages: &[RawPage]) -> Self {
        let mut grams: FxHashMap<[char; 4], Vec<HeadingId>> = FxHashMap::default();
        let mut sizes: FxHashMap<HeadingId, (usize, String)> = FxHashMap::default();
        for (p, page) in pages.iter().enumerate() {
            let mut deck: Option<String> = None;
            for (k, b) in page.blocks.iter().enumerate() {
                if !matches!(b.role, Role::Headline | Role::Kicker | Role::Subtitle) {
                    deck = None;
                    continue;
                }
                let han: Vec<char> = b.text.chars().filter(|c| is_han(*c)).collect();
                let deck: String = deck.get_or_insert_with(|| han.iter().collect()).clone();
                sizes.insert((p, k), (han.len().saturating_sub(3), deck));
                for w in han.windows(4) {
                    if let Ok(g) = <[char; 4]>::try_from(w) {
                        let ids = grams.entry(g).or_default();
                        if ids.last() != Some(&(p, k)) {
                            ids.push((p, k));
                        }
                    }
                }
            }
        }
        Headings { grams, sizes }
    }

    /// The articles a paragraph at `(page, k)` is a list of, by their decks: headings after
    /// it (a table of contents precedes the articles it lists) that it holds whole, their
    /// stretches covering at least [`LISTED`] of its Han characters; `None` when they
    /// cover less, or the paragraph is a sentence.
    fn listed(&self, page: usize, k: usize, b: &RawBlock) -> Option<FxHashSet<String>> {
        // Entries are titles: no sentence ends in one (a heading repeated as a sentence,
        // a question, is text).
        // A leader OCR read as one `。` ends an entry; after clauses it ends a sentence.
        let text = b.text.trim_end();
        let title = text.trim_end_matches(LEADER);
        let stop = text.len() - title.len() == '。'.len_utf8() && text.ends_with('。');
        if b.role != Role::Paragraph
            || title.contains(['。', '？', '！', '?', '!'])
            || stop && title.contains(['，', '；', ',', ';'])
        {
            return None;
        }
        let han: Vec<char> = b.text.chars().filter(|c| is_han(*c)).collect();
        if han.len() < LISTED_HAN {
            return None;
        }
        // The stretches of the paragraph each heading after it holds.
        let mut held: FxHashMap<HeadingId, Vec<usize>> = FxHashMap::default();
        for (i, w) in han.windows(4).enumerate() {
            let Ok(g) = <[char; 4]>::try_from(w) else {
                continue;
            };
            for &(p, j) in self.grams.get(&g).into_iter().flatten() {
                if p > page || p == page && j > k {
                    held.entry((p, j)).or_default().push(i);
                }
            }
        }
        // A heading the paragraph holds whole (most of its stretches: OCR may misread a
        // character of it), not a name or a phrase it shares.
        let mut covered = vec![false; han.len()];
        let mut whole: Vec<(&String, Vec<usize>)> = Vec::new();
        for (id, at) in held {
            let Some((size, deck)) = self.sizes.get(&id) else {
                continue;
            };
            if (at.len() as f64) < WHOLE * *size as f64 {
                continue;
            }
            for &i in &at {
                for c in covered.iter_mut().skip(i).take(4) {
                    *c = true;
                }
            }
            whole.push((deck, at));
        }
        // A heading held inside a longer one the paragraph holds (`深化改革开放` in a
        // subhead opening with it) names no article of its own.
        let named: FxHashSet<String> = whole
            .iter()
            .filter(|(_, at)| {
                !whole.iter().any(|(_, other)| {
                    other.len() > at.len() && at.iter().all(|i| other.contains(i))
                })
            })
            .map(|(deck, _)| (*deck).clone())
            .collect();
        let share = covered.iter().filter(|&&c| c).count() as f64 / han.len() as f64;
        (share >= LISTED).then_some(named)
    }
}

/// Gather each table of contents of page `page` (number `k` in the edition) into one
/// block of page furniture (see the module header).
pub fn gather_contents(
    page: &mut RawPage,
    k: usize,
    headings: &Headings,
    diags: &mut Vec<Diagnostic>,
) {
    let is_leadered = |b: &RawBlock| b.role == Role::Furniture && is_contents(&b.text);
    // An entry, or what is left of one's leader and page number alone (`··3`).
    let is_entry = |b: &RawBlock| {
        b.role != Role::Image
            && (is_contents_entry(&b.text)
                || han_count(&b.text) == 0
                    && b.text.contains(LEADER)
                    && b.text.chars().all(|c| {
                        LEADER.contains(&c) || c.is_ascii_alphanumeric() || c.is_whitespace()
                    }))
    };
    let is_title = |b: &RawBlock| {
        let han = han_count(&b.text);
        let title = matches!(
            b.role,
            Role::Headline | Role::Kicker | Role::Subtitle | Role::Subhead | Role::Furniture
        ) || b.role == Role::Paragraph && han <= CONTENTS_LABEL_HAN;
        title
            && (1..=CONTENTS_TITLE_HAN).contains(&han)
            && !has_inner_sentence_end(&b.text)
            && !b.text.contains(['，', '。', ','])
    };
    let mut i = 0;
    while i < page.blocks.len() {
        // Where a table starts: an entry with its leader, or a run of paragraphs listing
        // the edition's headings.
        let mut end = i;
        let mut named: FxHashSet<String> = FxHashSet::default();
        let leadered = page.blocks.get(i).is_some_and(is_leadered);
        if !leadered {
            while let Some(n) = page
                .blocks
                .get(end)
                .and_then(|b| headings.listed(k, end, b))
            {
                named.extend(n);
                end += 1;
            }
            if named.len() < LISTED_HEADINGS {
                i += 1;
                continue;
            }
        }
        // The entries after it.
        end = end.max(i + 1);
        while page
            .blocks
            .get(end)
            .is_some_and(|b| is_leadered(b) || is_entry(b) || headings.listed(k, end, b).is_some())
        {
            end += 1;
        }
        // The entries before it, then its title and labels.
        let mut first = i;
        while first > 0
            && page
                .blocks
                .get(first - 1)
                .is_some_and(|b| is_entry(b) || headings.listed(k, first - 1, b).is_some())
        {
            first -= 1;
        }
        let mut titles = 0;
        while first > 0
            && titles < CONTENTS_TITLES
            && page.blocks.get(first - 1).is_some_and(is_title)
        {
            first -= 1;
            titles += 1;
        }
        // A list of headings without leaders is a table of contents under its title
        // (`目录`, `本版导读`), or naming many articles: two headings standing alone are
        // as likely a headline the source repeats.
        if !leadered && titles == 0 && named.len() < LISTED_UNTITLED {
            i += 1;
            continue;
        }
        let parts: Vec<RawBlock> = page.blocks.drain(first..end).collect();
        let Some(mut whole) = parts.first().cloned() else {
            break;
        };
        whole.text = parts
            .iter()
            .map(|b| b.text.trim())
            .collect::<Vec<_>>()
            .join(" ");
        whole.role = Role::Furniture;
        whole.heading = 0;
        whole.contents = true;
        if parts.len() > 1 {
            diags.push(note(
                PASS,
                &whole.span,
                &excerpt(&whole.text, 24),
                &format!(
                    "a printed table of contents over {} blocks (its title, its entries): gathered into one",
                    parts.len()
                ),
            ));
        }
        page.blocks.insert(first, whole);
        i = first + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paiban_model::Span;

    fn block(role: Role, t: &str, l: u32) -> RawBlock {
        let mut b = RawBlock::new(t, Span::new("p", l));
        b.role = role;
        b
    }

    fn run(blocks: Vec<RawBlock>) -> (Vec<RawBlock>, Vec<Diagnostic>) {
        let mut pages = vec![RawPage::of_blocks(blocks)];
        let headings = Headings::of(&pages);
        let mut d = Vec::new();
        if let Some(p) = pages.first_mut() {
            gather_contents(p, 0, &headings, &mut d);
        }
        (pages.remove(0).blocks, d)
    }

    fn article(head: &str, l: u32) -> [RawBlock; 4] {
        [
            block(Role::Headline, head, l),
            block(Role::Paragraph, "本报讯 今天上午，工程正式完工。", l + 1),
            block(Role::Paragraph, "据了解，工程历时两年。", l + 2),
            block(Role::Paragraph, "市民纷纷前来参观。", l + 3),
        ]
    }

    #[test]
    fn headlines_listed_under_a_title_without_leaders_are_contents() {
        // PaddleOCR reads no leaders: the entries are the headlines (one misread), two of
        // them in one line.
        let mut blocks = vec![
            block(Role::Headline, "目录", 1),
            block(Role::Paragraph, "清河新桥今日通车清河老街完成第一期改造", 2),
            block(Role::Paragraph, "社区书屋开进居民搂", 3),
            block(Role::Paragraph, "··3", 4),
        ];
        blocks.extend(article("清河新桥今日通车", 10));
        blocks.extend(article("清河老街完成第一期改造", 20));
        blocks.extend(article("社区书屋开进居民楼", 30));
        let (b, d) = run(blocks);
        assert_eq!(b.len(), 13, "{b:?}");
        assert!(b[0].contents && b[0].role == Role::Furniture);
        assert!(b[0].text.starts_with("目录 清河新桥") && b[0].text.ends_with("··3"));
        assert_eq!(b[1].text, "清河新桥今日通车");
        assert!(d.iter().any(|d| d.message.contains("over 4 blocks")));
    }

    #[test]
    fn a_headline_the_source_repeats_is_no_contents() {
        // A kicker and headline printed as text before the article that repeats them, and
        // a lead paragraph that names two headlines in a sentence.
        let mut blocks = vec![
            block(Role::Paragraph, "增加工资减少工时后", 1),
            block(Role::Paragraph, "淄博矿区煤产倍增", 2),
            block(
                Role::Paragraph,
                "清河新桥今日通车，清河老街完成第一期改造。",
                3,
            ),
            block(Role::Paragraph, "工程正式完工。", 4),
            block(Role::Paragraph, "工程历时两年。", 5),
        ];
        blocks.push(block(Role::Kicker, "增加工资减少工时后", 9));
        blocks.extend(article("淄博矿区煤产倍增", 10));
        blocks.extend(article("清河新桥今日通车", 20));
        blocks.extend(article("清河老街完成第一期改造", 30));
        let n = blocks.len();
        let (b, d) = run(blocks);
        assert_eq!(b.len(), n, "{d:?}");
        assert!(b.iter().all(|b| !b.contents));
        assert!(d.is_empty());
    }
}
