//! Part of pass `join`: the halves of a paragraph that an OCR engine's reading order put
//! apart. Tesseract's plain text often reads the foot of one column, then the head of other
//! columns or of the next article, and takes the paragraph up again several blocks later.
//!
//! Input: one classified page and its [`PageContext`]. Output: the page with each such pair
//! joined where the first half stood, and a note per join naming both lines and the signals.
//!
//! Only line-wrapped text carries the evidence ([`RawBlock::wrap_end`],
//! [`RawBlock::wrap_start`], from the page's own line widths):
//! - an *open end* is a paragraph whose last line ran to the column's edge mid-sentence and
//!   whose next paragraph (past up to three heading lines, which `join` looks across) does
//!   not take it up: that next one opens with an indented line, a dateline, or is missing;
//! - an *open start* is a paragraph whose first line runs to the edge (no indent: the middle
//!   of a paragraph) and whose paragraph before is no open end;
//! - two neighbours, one ending open and the next starting open, with no common word across
//!   them, are both *tentatively* open: the engine may have read another column's piece in
//!   between, and only a common word to a farther block takes them apart (else `join` weighs
//!   them where they stand).
//!
//! Open ends and open starts are paired in reading order: an open start takes the first open
//! end before it (of the latest [`MAX_WAITING`]) that a common word runs across into (by
//! [`STITCH_GAIN`]: the pieces are far apart, the evidence must be strong), or, when it is
//! not tentative and opens with a mark no sentence opens with, the first open end before it
//! that is not tentative either (columns are read in order, so the paragraph left open first
//! is taken up first). The pair is joined only when [`weigh`] also says so.

use crate::chars::{excerpt, starts_mid_sentence, tail};
use crate::passes::evidence::{Evidence, PageContext, weigh, word_gain};
use crate::passes::join::{append, broken, continues};
use crate::passes::note;
use crate::raw::{RawBlock, RawPage};
use paiban_model::Diagnostic;

const PASS: &str = "join";

/// How much likelier (natural log of the ratio, see [`word_gain`]) the text must read with
/// a word across the two halves for them to be joined across other blocks. A word cut by a
/// column break is mostly a common two-character word, read 150 times likelier whole
/// (e^5); an unrelated end and start that happen to make a word score far lower. Seen on
/// Tesseract's text of the development set: the halves of one word 8.8–18.2 (and 1.95 for
/// 更|是, left apart), unrelated pairs 0.1–3.8.
const STITCH_GAIN: f64 = 5.0;

/// Open ends kept waiting for their continuation, the latest (a page of OCR text keeps the
/// search linear; an older one is left where it stands, for `join` and `flag`).
const MAX_WAITING: usize = 16;

/// Heading lines `join` looks across for a paragraph's continuation.
const ACROSS: usize = 3;

/// Join the paragraphs of `page` whose halves stand apart (see the module header).
pub fn stitch(page: &mut RawPage, ctx: &PageContext) -> Vec<Diagnostic> {
    let blocks = &page.blocks;
    if !blocks.iter().any(|b| b.wrap_start.is_some()) {
        return Vec::new();
    }
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
    let ends_open = |b: &RawBlock| broken(b) && b.wrap_end == Some(true);
    let starts_open = |b: &RawBlock| continues(b) && b.wrap_start == Some(true);
    let strong = |d: &RawBlock, c: &RawBlock| word_gain(&d.text, &c.text) >= STITCH_GAIN;
    // For each block that ends open before a body block that starts open: that block, and
    // whether a common word runs across to it.
    let neighbour: Vec<Option<(usize, bool)>> = (0..blocks.len())
        .map(|i| {
            let d = blocks.get(i).filter(|b| ends_open(b))?;
            let j = next_body(i)?;
            let c = blocks.get(j).filter(|b| starts_open(b))?;
            Some((j, strong(d, c)))
        })
        .collect();
    // Is a block left open (`Some`), and only tentatively (`Some(true)`: its neighbour is
    // open too, but no common word runs across to it — Tesseract may have brought another
    // column's piece in between)? A tentatively open pair is taken apart only for a common
    // word across a farther pair; else `join` weighs it where it stands. `pair` is the
    // block's open neighbour, if any, and whether a common word runs across to it.
    let left_open = |pair: Option<bool>| match pair {
        Some(true) => None,
        Some(false) => Some(true),
        None => Some(false),
    };
    let open_end = |i: usize| -> Option<bool> {
        blocks.get(i).filter(|b| ends_open(b))?;
        left_open(neighbour.get(i).copied().flatten().map(|(_, s)| s))
    };
    let open_start = |i: usize| -> Option<bool> {
        blocks.get(i).filter(|b| starts_open(b))?;
        let pair = prev_body(i)
            .and_then(|d| neighbour.get(d).copied().flatten())
            .filter(|&(j, _)| j == i);
        left_open(pair.map(|(_, s)| s))
    };
    // (open end, its continuation, evidence), in reading order of the continuations.
    let mut pairs: Vec<(usize, usize, Evidence)> = Vec::new();
    // Open ends waiting for their continuation, and whether only tentatively.
    let mut waiting: Vec<(usize, bool)> = Vec::new();
    for (i, c) in blocks.iter().enumerate() {
        if let Some(tentative) = open_start(i)
            && !waiting.is_empty()
        {
            let pick = waiting
                .iter()
                .position(|&(d, _)| blocks.get(d).is_some_and(|d| strong(d, c)))
                .or_else(|| {
                    (!tentative && starts_mid_sentence(&c.text))
                        .then(|| waiting.iter().position(|&(_, t)| !t))
                        .flatten()
                });
            if let Some(pick) = pick
                && let Some(&(d, _)) = waiting.get(pick)
                && let Some(db) = blocks.get(d)
            {
                let evidence = weigh(db, c, false, ctx);
                if evidence.join() {
                    waiting.remove(pick);
                    pairs.push((d, i, evidence));
                }
            }
        }
        if let Some(tentative) = open_end(i) {
            if waiting.len() == MAX_WAITING {
                waiting.remove(0);
            }
            waiting.push((i, tentative));
        }
    }
    if pairs.is_empty() {
        return Vec::new();
    }
    let mut diags = Vec::with_capacity(pairs.len());
    // What each block is continued by (always a block further on).
    let mut continued_by: Vec<Option<usize>> = vec![None; blocks.len()];
    for (d, c, evidence) in &pairs {
        if let (Some(db), Some(cb)) = (blocks.get(*d), blocks.get(*c)) {
            diags.push(stitched(db, cb, c - d, evidence));
        }
        if let Some(slot) = continued_by.get_mut(*d) {
            *slot = Some(*c);
        }
    }
    let mut slots: Vec<Option<RawBlock>> = std::mem::take(&mut page.blocks)
        .into_iter()
        .map(Some)
        .collect();
    let mut out = Vec::with_capacity(slots.len());
    for i in 0..slots.len() {
        // A continuation was taken from its slot when the block it continues came by.
        let Some(mut b) = slots.get_mut(i).and_then(Option::take) else {
            continue;
        };
        // A continuation may itself be left open and taken up further on.
        let mut k = i;
        while let Some(c) = continued_by.get(k).copied().flatten() {
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

fn stitched(prev: &RawBlock, next: &RawBlock, apart: usize, evidence: &Evidence) -> Diagnostic {
    let snippet = format!("{} | {}", tail(&prev.text, 12), excerpt(&next.text, 12));
    note(
        PASS,
        &prev.span,
        &snippet,
        &format!(
            "joined a paragraph left open at a column's edge with its continuation at line {}, \
             {} blocks further on (the OCR's reading order put them apart); evidence: {}",
            next.span.line,
            apart,
            evidence.describe()
        ),
    )
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
}
