//! Part of pass `join`: the halves of a paragraph that an OCR engine's reading order put
//! apart. Tesseract's plain text often reads the foot of one column, then the head of other
//! columns or of the next article, and takes the paragraph up again several blocks later.
//!
//! Input: one classified page and its [`PageContext`]. Output: the page with each such pair
//! joined where the first half stood, and a note per join naming both lines and the signals.
//!
//! Line-wrapped text carries the evidence ([`RawBlock::wrap_end`],
//! [`RawBlock::wrap_start`], from the page's own line widths); from an OCR engine's
//! geometry, a paragraph whose first line was measured flush with its column is an open
//! start (a layout's reading order can go wrong around a photograph or a module):
//! - an *open end* is a paragraph whose last line ran to the column's edge mid-sentence;
//! - an *open start* is a paragraph whose first line runs to the edge (no indent: the middle
//!   of a paragraph).
//!
//! The pieces are paired first by the text across ([`by_the_text`]), as an assignment over
//! the whole page: every open end is weighed against every open start within [`REACH`]
//! blocks, before or after it (Tesseract reads the foot of a column before the head of the
//! next as often as after it), by the [`affinity`] of the text across — a dictionary word
//! across the break, the page's own text holding the characters across it elsewhere, a
//! character pair the page uses far more often than chance (a name it keeps repeating), a
//! bracket or a quoted term left open that the continuation closes.
//! A pair is joined when each side is the other's best match, clearly (by [`MARGIN`] over
//! its next best: two ends that read alike are left for the editor), and the break's
//! evidence ([`weigh`]) says join. Then by the reading order ([`in_reading_order`]): a
//! continuation that opens with a mark no sentence opens with takes the first open end left
//! before it. Before either, a heading line that is a piece of a paragraph (the engine read a
//! body line next to a headline) is made body text again ([`demote_pieces`]).
//!
//! Each joined pair stands where the paragraph's first piece stood, with a note naming both
//! lines and the signals; pieces never form a loop.

use crate::chars::{ends_mid_sentence, excerpt, starts_mid_sentence, tail};
use crate::passes::evidence::{
    Evidence, PageContext, bracket_across, number_across, weigh, word_gain,
};
use crate::passes::join::{append, broken, continues, piece};
use crate::passes::note;
use crate::raw::{RawBlock, RawPage, Role};
use paiban_model::Diagnostic;
use rustc_hash::FxHashMap;

const PASS: &str = "join";

/// The [`affinity`] (natural log of how much likelier the text reads joined, see
/// [`word_gain`]) a pair of pieces far apart needs. Alone it would be weak (unrelated pairs
/// that happen to make a word reach 0.1–3.8 on Tesseract's text of the development set,
/// the halves of one word 3.8–18), but a pair is only joined when it is also each side's
/// best match by [`MARGIN`]: an end with two readable continuations is left alone.
const STITCH_GAIN: f64 = 3.0;

/// Open ends kept waiting for their continuation, the latest (a page of OCR text keeps the
/// search linear; an older one is left where it stands, for `join` and `flag`).
const MAX_WAITING: usize = 16;

/// Heading lines `join` looks across for a paragraph's continuation.
const ACROSS: usize = 3;

/// Blocks between an open end and a continuation the text may pair it with, either way.
const REACH: usize = 40;

/// How much better (natural log, as [`STITCH_GAIN`]) a pair must read than each side's next
/// best for the text to decide it.
const MARGIN: f64 = 2.0;

/// A heading line into or out of which the text across runs this strongly (twice the
/// margin over any other) is a piece of a paragraph even when its other side is unclear.
const PIECE_GAIN: f64 = 10.0;

/// The strength of a number running across the break into its unit
/// ([`number_across`]): alone it clears [`STITCH_GAIN`] by more than [`MARGIN`]'s worth
/// of doubt.
const NUMBER_GAIN: f64 = 4.0;

/// The strength of the page's own text holding the four characters across a break
/// elsewhere (two on each side: a name, a term), and three of them.
const SEEN_FOUR: f64 = 3.0;
const SEEN_THREE: f64 = 1.5;

/// Join the paragraphs of `page` whose halves stand apart (see the module header).
pub fn stitch(page: &mut RawPage, ctx: &PageContext) -> Vec<Diagnostic> {
    // From geometry, a paragraph's first line set flush with its column (no indent
    // measured) is a paragraph's middle: an open start while the pieces are paired.
    if page.geometry {
        for b in page.blocks.iter_mut().filter(|b| b.wrap_start.is_none()) {
            b.wrap_start = Some(!b.indented);
        }
        let diags = stitch_wrapped(page, ctx);
        for b in page.blocks.iter_mut() {
            b.wrap_start = None;
        }
        return diags;
    }
    stitch_wrapped(page, ctx)
}

fn stitch_wrapped(page: &mut RawPage, ctx: &PageContext) -> Vec<Diagnostic> {
    if !page.blocks.iter().any(|b| b.wrap_start.is_some()) {
        return Vec::new();
    }
    let mut diags = demote_pieces(page, ctx);
    let blocks = &page.blocks;
    let mut chains = Chains::new(blocks.len());
    let mut pairs = by_the_text(blocks, ctx, &mut chains);
    pairs.extend(in_reading_order(blocks, ctx, &mut chains));
    if pairs.is_empty() {
        return diags;
    }
    diags.extend(pairs.iter().filter_map(|(d, c, evidence)| {
        let (db, cb) = (blocks.get(*d)?, blocks.get(*c)?);
        Some(stitched(db, cb, *d, *c, evidence))
    }));
    let mut slots: Vec<Option<RawBlock>> = std::mem::take(&mut page.blocks)
        .into_iter()
        .map(Some)
        .collect();
    let mut out = Vec::with_capacity(slots.len());
    for i in 0..slots.len() {
        // A continuation stands in its chain, where the paragraph's first piece stood.
        if chains.before.get(i).copied().flatten().is_some() {
            continue;
        }
        let Some(mut b) = slots.get_mut(i).and_then(Option::take) else {
            continue;
        };
        let mut k = i;
        while let Some(c) = chains.after.get(k).copied().flatten() {
            if let Some(cb) = slots.get_mut(c).and_then(Option::take) {
                append(&mut b, cb);
            }
            k = c;
        }
        out.push(b);
    }
    page.blocks = out;
    diags
}

/// The pieces joined so far: what continues each block and what each block continues.
struct Chains {
    after: Vec<Option<usize>>,
    before: Vec<Option<usize>>,
}

impl Chains {
    fn new(n: usize) -> Self {
        Chains {
            after: vec![None; n],
            before: vec![None; n],
        }
    }

    fn free_end(&self, d: usize) -> bool {
        self.after.get(d).is_some_and(Option::is_none)
    }

    fn free_start(&self, c: usize) -> bool {
        self.before.get(c).is_some_and(Option::is_none)
    }

    /// Would `d` continued by `c` close a loop (`c`'s chain already leads to `d`)?
    fn loops(&self, d: usize, c: usize) -> bool {
        let mut k = c;
        for _ in 0..self.after.len() {
            if k == d {
                return true;
            }
            match self.after.get(k).copied().flatten() {
                Some(n) => k = n,
                None => return false,
            }
        }
        true
    }

    fn link(&mut self, d: usize, c: usize) {
        if let Some(slot) = self.after.get_mut(d) {
            *slot = Some(c);
        }
        if let Some(slot) = self.before.get_mut(c) {
            *slot = Some(d);
        }
    }
}

fn ends_open(b: &RawBlock) -> bool {
    broken(b) && b.wrap_end == Some(true)
}

fn starts_open(b: &RawBlock) -> bool {
    continues(b) && b.wrap_start == Some(true)
}

/// How strongly the text across says that `c` continues `d`: the gain of a word across
/// the break (see [`word_gain`]), or that of the page's own text holding the characters
/// across it elsewhere (a name, a term the dictionary lacks); a bracket or a quoted term
/// the first leaves open and the second closes (or does not: see [`bracket_across`])
/// weighs the margin either way.
fn affinity(d: &RawBlock, c: &RawBlock, ctx: &PageContext) -> f64 {
    let page = match ctx.seen_across(&d.text, &c.text) {
        4 => SEEN_FOUR,
        3 => SEEN_THREE,
        _ => 0.0,
    };
    let bracket = match bracket_across(&d.text, &c.text) {
        Some(true) => MARGIN,
        Some(false) => -MARGIN,
        None => 0.0,
    };
    // A number cut from its unit (`5100余` | `个，…`): no paragraph opens with a bare unit.
    let number = if number_across(&d.text, &c.text) {
        NUMBER_GAIN
    } else {
        0.0
    };
    word_gain(&d.text, &c.text)
        + page
        + bracket
        + number
        + ctx.pair_lift(&d.text, &c.text).max(0.0) / 2.0
}

/// The best and the second-best strength of the links of one piece (0 where it has none).
#[derive(Debug, Clone, Copy, Default)]
struct Best {
    first: f64,
    second: f64,
}

impl Best {
    fn of(strengths: impl Iterator<Item = f64>) -> Self {
        let mut b = Best::default();
        strengths.for_each(|s| b.add(s));
        b
    }

    fn add(&mut self, s: f64) {
        if s > self.first {
            self.second = self.first;
            self.first = s;
        } else if s > self.second {
            self.second = s;
        }
    }

    /// Is a link of strength `s` this piece's best, at least `gain` and by `margin` over the
    /// next best?
    fn clear(&self, s: f64, gain: f64, margin: f64) -> bool {
        s >= self.first && s >= gain && s - self.second >= margin
    }
}

/// Heading lines that are a piece of a paragraph (OCR read a body line of one column next
/// to a headline): a line that runs to the column's edge on both sides, ends mid-sentence,
/// and that the text across links clearly both to an open end and to an open start (each
/// its best match by [`STITCH_GAIN`] and by [`MARGIN`]), or one of them very strongly
/// ([`PIECE_GAIN`]), becomes a paragraph, with a note.
/// So does one right after a paragraph left open on a comma (`、，；：`). A headline's first
/// and last words are its own: they make no word with a stray line's.
fn demote_pieces(page: &mut RawPage, ctx: &PageContext) -> Vec<Diagnostic> {
    let blocks = &page.blocks;
    let pieces: Vec<usize> = (0..blocks.len())
        .filter(|&h| {
            blocks.get(h).is_some_and(|b| {
                piece(b)
                    && b.wrap_start == Some(true)
                    && b.wrap_end == Some(true)
                    && ends_mid_sentence(&b.text)
            })
        })
        .filter(|&h| {
            let Some(hb) = blocks.get(h) else {
                return false;
            };
            let window = || {
                let lo = h.saturating_sub(REACH);
                (lo..=h + REACH)
                    .filter(move |&i| i != h)
                    .filter_map(|i| blocks.get(i))
            };
            let from = Best::of(
                window()
                    .filter(|b| ends_open(b))
                    .map(|b| affinity(b, hb, ctx)),
            );
            let to = Best::of(
                window()
                    .filter(|b| starts_open(b))
                    .map(|b| affinity(hb, b, ctx)),
            );
            let clear = |b: Best| b.clear(b.first, STITCH_GAIN, MARGIN);
            let sure = |b: Best| b.clear(b.first, PIECE_GAIN, 2.0 * MARGIN);
            // The block right before it is a paragraph left open on a comma: no headline
            // follows a clause cut off (`…无障碍坡道、`).
            let after_pause = h
                .checked_sub(1)
                .and_then(|d| blocks.get(d))
                .is_some_and(|d| ends_open(d) && ends_on_pause(&d.text));
            after_pause || clear(from) && clear(to) || sure(from) || sure(to)
        })
        .collect();
    let mut diags = Vec::with_capacity(pieces.len());
    for h in pieces {
        if let Some(b) = page.blocks.get_mut(h) {
            diags.push(note(
                PASS,
                &b.span,
                &excerpt(&b.text, 24),
                &format!(
                    "a heading line ({:?}) that is a piece of a paragraph: it runs to the column's edge \
                     on both sides mid-sentence, and follows a paragraph left open on a comma or \
                     words run across into it or out of it from paragraphs left open; read as \
                     body text",
                    b.role
                ),
            ));
            b.role = Role::Paragraph;
        }
    }
    diags
}

/// Pairs made by the text across: every open end against every open start within
/// [`REACH`] blocks, before or after it (Tesseract reads a column's foot before or after the
/// head of the next); a pair is joined when each is the other's best match by
/// [`STITCH_GAIN`] at least and by [`MARGIN`] over its next best, and the break's evidence
/// says join. Rounds repeat while pairs are made (a match taken leaves the others clearer).
fn by_the_text(
    blocks: &[RawBlock],
    ctx: &PageContext,
    chains: &mut Chains,
) -> Vec<(usize, usize, Evidence)> {
    let ends: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks.get(i).is_some_and(ends_open))
        .collect();
    let starts: Vec<usize> = (0..blocks.len())
        .filter(|&i| blocks.get(i).is_some_and(starts_open))
        .collect();
    // (open end, open start, strength), strong enough to be weighed.
    let mut links: Vec<(usize, usize, f64)> = Vec::new();
    for &d in &ends {
        let Some(db) = blocks.get(d) else { continue };
        // The open starts within REACH blocks either way (`starts` is in order).
        let lo = starts.partition_point(|&c| c + REACH < d);
        let hi = starts.partition_point(|&c| c <= d + REACH);
        for &c in starts
            .get(lo..hi)
            .unwrap_or_default()
            .iter()
            .filter(|&&c| c != d)
        {
            let Some(cb) = blocks.get(c) else { continue };
            let s = affinity(db, cb, ctx);
            if s >= STITCH_GAIN {
                links.push((d, c, s));
            }
        }
    }
    let mut pairs = Vec::new();
    let mut dead = vec![false; links.len()];
    loop {
        let live = |dead: &[bool], chains: &Chains, i: usize, d: usize, c: usize| {
            !dead.get(i).copied().unwrap_or(true) && chains.free_end(d) && chains.free_start(c)
        };
        // The best and second-best strengths of each end's and each start's live links.
        let mut best_end: FxHashMap<usize, Best> = FxHashMap::default();
        let mut best_start: FxHashMap<usize, Best> = FxHashMap::default();
        for (i, &(d, c, s)) in links.iter().enumerate() {
            if live(&dead, chains, i, d, c) {
                best_end.entry(d).or_default().add(s);
                best_start.entry(c).or_default().add(s);
            }
        }
        let mut made = false;
        for (i, &(d, c, s)) in links.iter().enumerate() {
            if !live(&dead, chains, i, d, c) {
                continue;
            }
            let clear = |m: &FxHashMap<usize, Best>, k: usize| {
                m.get(&k).is_some_and(|b| b.clear(s, STITCH_GAIN, MARGIN))
            };
            if !clear(&best_end, d) || !clear(&best_start, c) || chains.loops(d, c) {
                continue;
            }
            let (Some(db), Some(cb)) = (blocks.get(d), blocks.get(c)) else {
                continue;
            };
            let evidence = weigh(db, cb, false, ctx);
            if evidence.join() {
                chains.link(d, c);
                pairs.push((d, c, evidence));
                made = true;
            } else if let Some(x) = dead.get_mut(i) {
                *x = true;
            }
        }
        if !made {
            return pairs;
        }
    }
}

/// Pairs made by the reading order, for a continuation that opens with a mark no sentence
/// opens with but shares no word with any open end: it takes the first open end before it
/// (of the latest [`MAX_WAITING`]) that is not only tentatively open, when the break's
/// evidence says join (columns are read in order, so the paragraph left open first is taken
/// up first).
fn in_reading_order(
    blocks: &[RawBlock],
    ctx: &PageContext,
    chains: &mut Chains,
) -> Vec<(usize, usize, Evidence)> {
    // The body block after / before `i`, past up to ACROSS heading lines.
    let next_body = |i: usize| {
        (i + 1..blocks.len())
            .take(ACROSS + 1)
            .find(|&j| blocks.get(j).is_some_and(|b| !b.is_heading()))
    };
    let prev_body = |i: usize| {
        (0..i)
            .rev()
            .take(ACROSS + 1)
            .find(|&j| blocks.get(j).is_some_and(|b| !b.is_heading()))
    };
    // Two neighbours, one ending open and the next starting open, are both only
    // tentatively open: `join` weighs them where they stand.
    let tentative_end =
        |i: usize| next_body(i).is_some_and(|j| blocks.get(j).is_some_and(starts_open));
    let tentative_start = |i: usize| {
        prev_body(i)
            .is_some_and(|d| blocks.get(d).is_some_and(ends_open) && next_body(d) == Some(i))
    };
    let mut pairs = Vec::new();
    // Open ends waiting for their continuation, and whether only tentatively.
    let mut waiting: Vec<(usize, bool)> = Vec::new();
    for (i, c) in blocks.iter().enumerate() {
        if starts_open(c)
            && chains.free_start(i)
            && !tentative_start(i)
            && starts_mid_sentence(&c.text)
            && let Some(pick) = waiting.iter().position(|&(_, t)| !t)
            && let Some(&(d, _)) = waiting.get(pick)
            && let Some(db) = blocks.get(d)
            && !chains.loops(d, i)
        {
            let evidence = weigh(db, c, false, ctx);
            if evidence.join() {
                waiting.remove(pick);
                chains.link(d, i);
                pairs.push((d, i, evidence));
            }
        }
        if ends_open(c) && chains.free_end(i) {
            if waiting.len() == MAX_WAITING {
                waiting.remove(0);
            }
            waiting.push((i, tentative_end(i)));
        }
    }
    pairs
}

fn stitched(
    prev: &RawBlock,
    next: &RawBlock,
    d: usize,
    c: usize,
    evidence: &Evidence,
) -> Diagnostic {
    let snippet = format!("{} | {}", tail(&prev.text, 12), excerpt(&next.text, 12));
    let apart = if c > d {
        format!("{} blocks further on", c - d)
    } else {
        format!("{} blocks before it", d - c)
    };
    note(
        PASS,
        &prev.span,
        &snippet,
        &format!(
            "joined a paragraph left open at a column's edge with its continuation at line {}, \
             {} (the OCR's reading order put them apart); evidence: {}",
            next.span.line,
            apart,
            evidence.describe()
        ),
    )
}

/// Does `t` end on a mark of a pause inside a sentence (`，、；：`)?
fn ends_on_pause(t: &str) -> bool {
    t.trim_end()
        .ends_with(['，', '、', '；', '：', ',', ';', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::Role;
    use paiban_model::Span;

    fn para(t: &str, l: u32, start: Option<bool>, end: Option<bool>) -> RawBlock {
        let mut b = RawBlock::new(t, Span::new("p", l));
        b.role = Role::Paragraph;
        b.indented = true;
        b.wrap_start = start;
        b.wrap_end = end;
        b
    }

    /// A finished paragraph that opens with a dateline (a new item).
    fn dated(t: &str, l: u32) -> RawBlock {
        let mut b = para(t, l, Some(false), Some(false));
        b.dateline = Some("本报讯".into());
        b
    }

    fn headline(t: &str, l: u32) -> RawBlock {
        let mut b = RawBlock::new(t, Span::new("p", l));
        b.role = Role::Headline;
        b
    }

    fn run(blocks: Vec<RawBlock>) -> (Vec<String>, Vec<Diagnostic>) {
        let mut page = RawPage::of_blocks(blocks);
        let ctx = PageContext::of(&page);
        let d = stitch(&mut page, &ctx);
        (page.blocks.into_iter().map(|b| b.text).collect(), d)
    }

    #[test]
    fn takes_up_paragraphs_in_the_order_they_were_left_open() {
        let (t, d) = run(vec![
            para(
                "社区主任说，邻里中心组织了服务活",
                1,
                Some(false),
                Some(true),
            ),
            para(
                "湿地实施了退塘还湿、水系连通等生",
                3,
                Some(false),
                Some(true),
            ),
            dated("市统计局日前发布数据。", 4),
            headline("清河新区打造生活圈", 5),
            para(
                "动，日均接待居民一千八百多人次。",
                7,
                Some(true),
                Some(false),
            ),
            headline("清河湿地迎来候鸟", 9),
            para(
                "态修复工程，恢复湿地面积八百公顷。",
                11,
                Some(true),
                Some(false),
            ),
        ]);
        assert_eq!(
            t,
            [
                "社区主任说，邻里中心组织了服务活动，日均接待居民一千八百多人次。",
                "湿地实施了退塘还湿、水系连通等生态修复工程，恢复湿地面积八百公顷。",
                "市统计局日前发布数据。",
                "清河新区打造生活圈",
                "清河湿地迎来候鸟",
            ]
        );
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("line 7"), "{}", d[0].message);
    }

    #[test]
    fn a_word_across_the_break_picks_the_open_end() {
        let (t, _) = run(vec![
            para("社区主任说，邻里中心开业", 1, Some(false), Some(true)),
            para(
                "湿地实施了退塘还湿、水系连通等生",
                3,
                Some(false),
                Some(true),
            ),
            dated("市统计局日前发布数据。", 4),
            headline("清河湿地迎来候鸟", 5),
            para(
                "态修复工程，恢复湿地面积八百公顷。",
                7,
                Some(true),
                Some(false),
            ),
        ]);
        assert_eq!(
            t[1],
            "湿地实施了退塘还湿、水系连通等生态修复工程，恢复湿地面积八百公顷。"
        );
    }

    #[test]
    fn leaves_indented_starts_and_finished_ends_alone() {
        let blocks = vec![
            para("社区主任说，邻里中心开业了。", 1, Some(false), Some(false)),
            headline("清河新区打造生活圈", 3),
            // Indented: a paragraph of its own.
            para(
                "半年来，日均接待居民一千八百多人次。",
                5,
                Some(false),
                Some(false),
            ),
            para("老年食堂每天供应午餐。", 7, Some(false), Some(false)),
            // Its first line runs to the edge, but nothing before is left open.
            para("午餐四百余份，饭菜可口。", 9, Some(true), Some(false)),
        ];
        let (t, d) = run(blocks);
        assert_eq!(t.len(), 5);
        assert!(d.is_empty());
        // Far apart, no common word across: the source's reading stays.
        let (t, _) = run(vec![
            para("社区主任说，邻里中心开业", 1, Some(false), Some(true)),
            dated("市统计局日前发布数据。", 3),
            headline("清河新区打造生活圈", 5),
            para(
                "半年来，日均接待居民一千八百多人次。",
                7,
                Some(true),
                Some(false),
            ),
        ]);
        assert_eq!(t.len(), 4);
        // Text that is not line-wrapped carries no evidence.
        let (t, _) = run(vec![
            para("社区主任说，邻里中心开业", 1, None, None),
            headline("清河新区打造生活圈", 3),
            para("半年来，日均接待居民一千八百多人次。", 5, None, None),
        ]);
        assert_eq!(t.len(), 3);
    }

    #[test]
    fn a_continuation_read_before_its_first_half_is_taken_up() {
        // Tesseract read the head of the second column (`动，日均…`) before the foot of
        // the first (`…服务活`): the word 活动 runs across, the continuation moves.
        let (t, d) = run(vec![
            para(
                "动，日均接待居民一千八百多人次。",
                1,
                Some(true),
                Some(false),
            ),
            headline("清河湿地迎来候鸟", 3),
            para(
                "社区主任说，邻里中心组织了服务活",
                5,
                Some(false),
                Some(true),
            ),
            dated("市统计局日前发布数据。", 7),
        ]);
        assert_eq!(
            t,
            [
                "清河湿地迎来候鸟",
                "社区主任说，邻里中心组织了服务活动，日均接待居民一千八百多人次。",
                "市统计局日前发布数据。",
            ]
        );
        assert!(
            d[0].message.contains("blocks before it"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn two_ends_that_read_alike_are_left_for_the_editor() {
        // Both ends read 服务活动 with the continuation: no pair is clear.
        let (t, d) = run(vec![
            para(
                "社区主任说，邻里中心组织了服务活",
                1,
                Some(false),
                Some(true),
            ),
            para(
                "街道办主任说，文化站组织了服务活",
                3,
                Some(false),
                Some(true),
            ),
            dated("市统计局日前发布数据。", 5),
            headline("清河湿地迎来候鸟", 7),
            para(
                "动，日均接待居民一千八百多人次。",
                9,
                Some(true),
                Some(false),
            ),
        ]);
        assert_eq!(t.len(), 5, "{t:?}");
        assert!(d.is_empty());
    }

    #[test]
    fn from_geometry_a_flush_first_line_is_an_open_start() {
        // The layout read a column's foot (`…沿岸村镇调`) before the head of the wrong column
        // (`工作，…`, a paragraph's middle set flush); 调研 runs across into the block set
        // flush under the photograph.
        let geo = |t: &str, l: u32, indented: bool, end: Option<bool>| {
            let mut b = para(t, l, None, end);
            b.indented = indented;
            b
        };
        let mut page = RawPage::of_blocks(vec![
            geo(
                "区委书记李明16日至18日在清河沿岸村镇调",
                1,
                true,
                Some(true),
            ),
            geo("工作，努力营造整洁有序的街巷环境。", 3, false, Some(false)),
            headline("清河湿地迎来候鸟", 5),
            geo("研时强调，要加强堤防管理。", 7, false, Some(false)),
        ]);
        page.geometry = true;
        let ctx = PageContext::of(&page);
        let d = stitch(&mut page, &ctx);
        let t: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "区委书记李明16日至18日在清河沿岸村镇调研时强调，要加强堤防管理。",
                "工作，努力营造整洁有序的街巷环境。",
                "清河湿地迎来候鸟"
            ],
            "{d:?}"
        );
        // The measured indents stay the reader's: no block is left marked by the pairing.
        assert!(page.blocks.iter().all(|b| b.wrap_start.is_none()));
    }

    #[test]
    fn a_term_left_in_quotes_takes_the_continuation_that_closes_them() {
        // Both ends read 状态 with both continuations; only one end opened a quoted term,
        // and only one continuation closes it.
        let (t, d) = run(vec![
            para(
                "调查显示，老街仍有部分商铺处于长期闲置状",
                1,
                Some(false),
                Some(true),
            ),
            para("清河全区防汛队伍进入“待命状", 3, Some(false), Some(true)),
            dated("市统计局日前发布数据。", 5),
            headline("清河湿地迎来候鸟", 7),
            para("态，其中东部片区比例最高。", 9, Some(true), Some(false)),
            para("态”，为期一个月。", 11, Some(true), Some(false)),
        ]);
        assert_eq!(
            t,
            [
                "调查显示，老街仍有部分商铺处于长期闲置状态，其中东部片区比例最高。",
                "清河全区防汛队伍进入“待命状态”，为期一个月。",
                "市统计局日前发布数据。",
                "清河湿地迎来候鸟"
            ],
            "{d:?}"
        );
    }

    #[test]
    fn a_body_line_read_as_a_subtitle_is_body_text_again() {
        let mut sub = RawBlock::new("谈会，听取老街居民和社区工作人员的", Span::new("p", 5));
        sub.role = Role::Subtitle;
        sub.wrap_start = Some(true);
        sub.wrap_end = Some(true);
        let (t, d) = run(vec![
            para("李明主持召开座", 1, Some(false), Some(true)),
            headline("守护清河安澜 建设美丽新区", 3),
            sub,
            dated("市统计局日前发布数据。", 7),
        ]);
        assert_eq!(t[0], "李明主持召开座谈会，听取老街居民和社区工作人员的");
        assert!(d.iter().any(|d| d.message.contains("piece of a paragraph")));
    }

    #[test]
    fn a_line_after_a_clause_cut_off_is_no_headline() {
        let mut line = headline("延长图书室开放时间等860条已经落", 3);
        line.wrap_start = Some(true);
        line.wrap_end = Some(true);
        let (_, d) = run(vec![
            para(
                "共收集居民建议1300余条，其中增设无障碍坡道、",
                1,
                Some(false),
                Some(true),
            ),
            line,
            dated("市统计局日前发布数据。", 5),
        ]);
        assert!(
            d.iter().any(|d| d.message.contains("left open on a comma")),
            "{d:?}"
        );
        // A headline after a finished paragraph stays one.
        let mut line = headline("清河新区打造十五分钟生活圈覆盖全", 3);
        line.wrap_start = Some(true);
        line.wrap_end = Some(true);
        let (t, d) = run(vec![
            para("共收集居民建议1300余条。", 1, Some(false), Some(false)),
            line,
            dated("市统计局日前发布数据。", 5),
        ]);
        assert_eq!(t.len(), 3);
        assert!(d.is_empty(), "{d:?}");
    }
}
