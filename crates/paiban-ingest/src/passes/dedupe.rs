//! Pass `dedupe`: a block or article repeated anywhere in the edition is kept once.
//!
//! Input: classified pages (before `join`), and later the segmented edition. Output: the
//! pages without repeated body blocks — compared by their Han characters, letters and
//! digits, so a copy wrapped in heading markup, with other punctuation or spacing, or with
//! its jump marker is still a copy — and the edition without whole articles repeated across
//! pages. Only blocks of at least [`MIN_HAN`] Han characters count: short lines (a credit,
//! 据悉……) legitimately recur. Each removal is a note naming the copy that was kept. On a
//! page read from an OCR engine's geometry, text found twice within the page is printed
//! twice (a standfirst repeating the body's key paragraphs) and stays. Elsewhere a heading
//! of [`REPEATED_HEAD`] Han characters or more is never set twice on one page: a line
//! repeating one (or the first piece of one broken in two) is a copy wherever it stands.

use crate::chars::{excerpt, han_count, is_han};
use crate::passes::note;
use crate::raw::{RawBlock, RawPage, Role};
use paiban_model::{Diagnostic, Edition, Span};
use std::collections::{BTreeMap, HashMap, HashSet};

const PASS: &str = "dedupe";

/// Blocks shorter than this many Han characters are never treated as copies.
pub const MIN_HAN: usize = 20;

/// What two copies of a block share: Han characters, ASCII letters and digits, in order —
/// without runs of `一` (OCR reads the dash `——` as `一一` in one copy and not the other).
pub fn key(dateline: Option<&str>, text: &str) -> String {
    let chars: Vec<char> = dateline
        .unwrap_or_default()
        .chars()
        .chain(text.chars())
        .filter(|&c| is_han(c) || c.is_ascii_alphanumeric())
        .collect();
    let dash = |i: usize| {
        chars.get(i) == Some(&'一')
            && (i.checked_sub(1).and_then(|j| chars.get(j)) == Some(&'一')
                || chars.get(i + 1) == Some(&'一'))
    };
    (0..chars.len())
        .filter(|&i| !dash(i))
        .filter_map(|i| chars.get(i))
        .collect()
}

/// Remove repeated body blocks from `pages`, keeping the first copy.
///
/// A long block (at least [`MIN_HAN`] Han characters) seen before is a copy. Around such a
/// copy, the blocks that repeat, in order, the blocks around the first copy — short
/// paragraphs, subheads, the headline lines above — are copies too, so a repeated article
/// goes whole and leaves no skeleton of short blocks. A block repeating the block right
/// before it is a copy whatever its length, and so is a line of [`RUN_SHORT`] Han characters
/// repeating one of the two blocks before that.
pub fn dedupe_blocks(pages: &mut [RawPage]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // Every kept block with a key, across pages, in order.
    let mut history: Vec<(String, Span)> = Vec::new();
    let mut first: HashMap<String, usize> = HashMap::new();
    for page in pages.iter_mut() {
        let blocks = std::mem::take(&mut page.blocks);
        // Copies within the page are `dedupe_text`'s (it also finds text broken elsewhere);
        // here, copies of blocks on earlier pages.
        let page_start = history.len();
        // Kept blocks of this page, with their place in `history`.
        let mut kept: Vec<(RawBlock, Option<usize>)> = Vec::with_capacity(blocks.len());
        // Where a run of copies continues in `history`.
        let mut run: Option<usize> = None;
        for b in blocks {
            let k = block_key(&b);
            if k.is_empty() {
                kept.push((b, None));
                continue;
            }
            let long = eligible(&b) && han_count(&k) >= MIN_HAN;
            let copy_of = if long {
                first.get(&k).copied().filter(|&j| j < page_start)
            } else {
                None
            };
            let next_in_run = run.filter(|&r| history.get(r).is_some_and(|(hk, _)| *hk == k));
            // A block right after its own copy, if it has text of its own (not just a
            // dateline or a mark, which recur), or a line of some length
            // ([`RUN_SHORT`]) one or two blocks after it: a scanner's or an OCR engine's
            // stutter, where a page never sets the same line twice.
            let han = han_count(&b.text);
            let after_itself = kept
                .iter()
                .rev()
                .filter_map(|(_, h)| *h)
                .filter(|&h| h >= page_start)
                .take(NEAR_COPY)
                .enumerate()
                .find(|&(gap, h)| {
                    han >= if gap == 0 { 2 } else { RUN_SHORT }
                        && history.get(h).is_some_and(|(hk, _)| *hk == k)
                })
                .map(|(_, h)| h);
            let Some(j) = copy_of.or(next_in_run).or(after_itself) else {
                run = None;
                let at = history.len();
                first.entry(k.clone()).or_insert(at);
                history.push((k, b.span.clone()));
                kept.push((b, Some(at)));
                continue;
            };
            if copy_of.is_some() {
                take_back_run(&mut kept, &mut history, &mut first, j, &mut diags);
            }
            run = Some(j + 1);
            let what = history
                .get(j)
                .map(|(_, s)| s.to_string())
                .unwrap_or_default();
            diags.extend(removed(&b, &what));
        }
        page.blocks = kept.into_iter().map(|(b, _)| b).collect();
        diags.extend(headers_left_over(page));
        // On a page read from an OCR engine's geometry, text found twice is printed twice
        // (a standfirst that repeats the body's key paragraphs, a pull quote): an engine
        // reads no block twice, an export or a transcription does.
        if !page.geometry {
            diags.extend(dedupe_text(page));
        }
    }
    diags
}

/// Han characters a repeated headline needs for [`headers_left_over`] (a short kicker, a
/// column's name, recurs over articles on purpose).
const HEADLINE_HAN: usize = 6;

/// The header lines of a repeated article whose text the passes before removed block by
/// block: a run of display lines right over another article's header, whose first lines
/// repeat, in order, the display lines of an earlier article and include a headline of
/// [`HEADLINE_HAN`] characters or more. Left, they would stack onto the next article (its
/// headline read as their subtitle). Removed, each with a note.
fn headers_left_over(page: &mut RawPage) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out: Vec<RawBlock> = Vec::with_capacity(page.blocks.len());
    let mut blocks = std::mem::take(&mut page.blocks).into_iter().peekable();
    while let Some(b) = blocks.next() {
        if !b.is_display() {
            out.push(b);
            continue;
        }
        // The whole run of display lines from here.
        let mut group = vec![b];
        while let Some(n) = blocks.next_if(RawBlock::is_display) {
            group.push(n);
        }
        let keys: Vec<String> = group.iter().map(|g| key(None, &g.text)).collect();
        // Its first lines that repeat earlier display lines, through the last repeated
        // headline and the subtitles under it (a kicker after them opens the next article).
        let prefix = keys
            .iter()
            .take_while(|k| !k.is_empty() && seen.contains(k.as_str()))
            .count();
        let head = group.get(..prefix).unwrap_or_default();
        let repeated = head
            .iter()
            .rposition(|g| g.role == Role::Headline)
            .map_or(0, |h| {
                let under = head.get(h + 1..).unwrap_or_default();
                h + 1
                    + under
                        .iter()
                        .take_while(|g| g.role == Role::Subtitle)
                        .count()
            });
        let headline = group
            .iter()
            .zip(&keys)
            .take(repeated)
            .any(|(g, k)| g.role == Role::Headline && han_count(k) >= HEADLINE_HAN);
        let rest_new = keys.iter().skip(repeated).any(|k| !seen.contains(k));
        seen.extend(keys.iter().filter(|k| !k.is_empty()).cloned());
        if repeated == 0 || !headline || !rest_new {
            out.extend(group);
            continue;
        }
        let mut group = group.into_iter();
        for g in group.by_ref().take(repeated) {
            diags.push(note(
                PASS,
                &g.span,
                &g.text,
                "header line of a repeated article whose text was removed: removed too (the \
                 next article's header follows it)",
            ));
        }
        out.extend(group);
    }
    page.blocks = out;
    diags
}

/// Characters a run of copies may skip in the text it repeats (a display line or a mark
/// that the copy lost).
const RUN_SLACK: usize = 48;
/// Bytes of a page's text searched for a copy: ten broadsheet pages' worth. A source that
/// runs longer as one page (no newspaper page does) keeps only its exact copies removed, so
/// that the search stays linear.
const TEXT_REACH: usize = 192 * 1024;
/// Han characters a block needs to continue a run after a skip, or to be a copy of a line
/// one or two blocks before it.
const RUN_SHORT: usize = 6;
/// Han characters of a heading whose repeat anywhere on its page is a copy (a shorter one,
/// a column's name or a label, recurs on purpose).
const REPEATED_HEAD: usize = 8;

/// Han characters, letters and digits of a piece of a repeated heading broken in two that
/// make it a copy.
const PIECE_KEY: usize = 4;

/// Kept blocks looked back at for a short block's own copy.
const NEAR_COPY: usize = 3;

/// Remove copies on one page that repeat its text broken at other places than the first
/// copy (a column break cut the repeat elsewhere, or `join` restored one and not the other):
/// a long block whose text occurs in the page's text kept before it, and around it the
/// blocks, short or long, that continue or precede that text in order.
fn dedupe_text(page: &mut RawPage) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // The keys of the kept blocks, concatenated, and where each kept block's key lies.
    let mut text = String::new();
    let mut kept: Vec<(RawBlock, usize, usize)> = Vec::with_capacity(page.blocks.len());
    // Where in `text` a run of copies continues.
    let mut run: Option<usize> = None;
    // The page's headings kept so far, of REPEATED_HEAD characters or more: key → where its
    // text starts in `text` (ordered, so that the headings a piece opens are one range).
    let mut heads: BTreeMap<String, usize> = BTreeMap::new();
    let blocks = std::mem::take(&mut page.blocks);
    let mut keys: Vec<String> = blocks.iter().map(block_key).collect();
    for (i, b) in blocks.into_iter().enumerate() {
        let k = keys.get_mut(i).map(std::mem::take).unwrap_or_default();
        if k.is_empty() {
            let at = text.len();
            kept.push((b, at, at));
            continue;
        }

        let long = eligible(&b) && han_count(&k) >= MIN_HAN;
        let continued = run.and_then(|r| {
            let rest = text.get(r..)?;
            // Only as far as a copy may skip.
            let reach = rest
                .char_indices()
                .nth(k.chars().count() + RUN_SLACK)
                .map_or(rest.len(), |(i, _)| i);
            let off = rest.get(..reach)?.find(&k)?;
            let skipped = rest.get(..off)?.chars().count();
            // A short block continues the run only where the run left off.
            let slack = if han_count(&k) >= RUN_SHORT {
                RUN_SLACK
            } else {
                0
            };
            (skipped <= slack).then_some(r + off)
        });
        // A block of line-wrapped text whose first line ran to the column's edge is the
        // middle of a paragraph: its text found inside another block is a passage the page
        // repeats on purpose (a standfirst, a pull quote echoing the body), not a copy.
        // The next block's key: what a first piece goes on with.
        let next = keys.get(i + 1).map_or("", String::as_str);
        let found = if long && text.len() <= TEXT_REACH && b.wrap_start != Some(true) {
            text.find(&k)
                .filter(|&at| !quoted_then_continued(&kept, &text, at + k.len(), next))
        } else {
            // A line repeating a heading (headline, kicker, subtitle, subhead) the page set
            // before, wherever it stands (a copy of a header set again over a column
            // break): the page never sets one heading twice. The lines after it that go on
            // repeating go too.
            // So is the first piece of such a line broken in two, where the next block
            // goes on with it (`清河新桥` | `今日正式通车`).
            heads
                .get(&k)
                .copied()
                .or_else(|| {
                    let both = format!("{k}{next}");
                    (k.chars().count() >= PIECE_KEY && !next.is_empty())
                        .then(|| {
                            // The first such line on the page.
                            heads
                                .range(both.clone()..)
                                .take_while(|(h, _)| h.starts_with(&both))
                                .map(|(_, &at)| at)
                                .min()
                        })
                        .flatten()
                })
                .filter(|&at| text.get(at..).is_some_and(|t| t.starts_with(&k)))
        };
        let Some(pos) = continued.or(found) else {
            // A display line that repeats nothing (the next article's headline, set
            // between the halves of a paragraph a column break cut) leaves a run open: the
            // copy may go on after it.
            if !matches!(b.role, Role::Headline | Role::Kicker | Role::Subtitle) {
                run = None;
            }
            let start = text.len();
            if b.is_heading() && han_count(&k) >= REPEATED_HEAD {
                heads.entry(k.clone()).or_insert(start);
            }
            text.push_str(&k);
            kept.push((b, start, text.len()));
            if text.len() <= TEXT_REACH {
                diags.extend(short_run(&mut kept, &mut text));
            }
            continue;
        };
        if continued.is_none() {
            // The blocks right before the copy that repeat the text right before `pos`.
            let mut q = pos;
            while let Some((prev, start, end)) = kept.last()
                && *end == text.len()
                && *start >= q
                && *start < *end
                && let Some(pk) = text.get(*start..*end)
                && text.get(..q).is_some_and(|t| t.ends_with(pk))
            {
                q -= pk.len();
                diags.extend(removed(prev, &holder(&kept, q)));
                let start = *start;
                text.truncate(start);
                kept.pop();
            }
        }
        run = Some(pos + k.len());
        diags.extend(removed(&b, &holder(&kept, pos)));
    }
    page.blocks = kept.into_iter().map(|(b, _, _)| b).collect();
    diags
}

/// A block whose text was found in the page's kept `text`, ending at `end` inside a kept
/// block: is it the first piece of a longer paragraph that opens with that passage (a
/// standfirst or summary repeats a paragraph's first sentence, and a column break cut the
/// paragraph inside it)? So when the next block `next` takes up the rest of the kept block
/// whole and goes on past it, with text the page holds nowhere else. A copy broken at
/// another place than its first copy has its next piece in the kept text; a copy right
/// after its original has no rest to take up.
fn quoted_then_continued(
    kept: &[(RawBlock, usize, usize)],
    text: &str,
    end: usize,
    next: &str,
) -> bool {
    let Some(&(_, _, block_end)) = kept.iter().find(|(_, s, e)| *s < end && end < *e) else {
        return false;
    };
    let Some(rest) = text.get(end..block_end) else {
        return false;
    };
    !rest.is_empty() && next.len() > rest.len() && next.starts_with(rest) && !text.contains(next)
}

/// The kept block that holds the text at `at` (its place, for a removal's note).
fn holder(kept: &[(RawBlock, usize, usize)], at: usize) -> String {
    kept.iter()
        .find(|(_, s, e)| (*s..*e).contains(&at))
        .map(|(b, _, _)| b.span.to_string())
        .unwrap_or_default()
}

/// Short blocks looked at together by [`short_run`].
const SHORT_RUN: usize = 6;

/// The last kept blocks of `kept`, each shorter than [`MIN_HAN`] — a headline stack and the
/// first piece of a paragraph a column break cut short — that together repeat, in order and
/// unbroken, text kept before them and hold [`MIN_HAN`] Han characters or more between at
/// least two of them: an article printed again, whose long paragraphs `dedupe_text` finds
/// one by one but whose short lines no single block shows to be copies. Removed, with
/// their notes.
fn short_run(kept: &mut Vec<(RawBlock, usize, usize)>, text: &mut String) -> Vec<Diagnostic> {
    // The short blocks at the end: together too short to be a copy, no search is needed
    // (most pushes end here, so the page's text is not searched for every short line).
    let available: usize = kept
        .iter()
        .rev()
        .take(SHORT_RUN)
        .map_while(|(_, start, end)| {
            text.get(*start..*end)
                .map(han_count)
                .filter(|&h| h > 0 && h < MIN_HAN)
        })
        .sum();
    if available < MIN_HAN {
        return Vec::new();
    }
    // Start of the longest repeating suffix found, and where its text occurs earlier.
    let mut best: Option<(usize, usize)> = None;
    let mut han = 0;
    for (n, (_, start, end)) in kept.iter().rev().take(SHORT_RUN).enumerate() {
        let Some(k) = text.get(*start..*end) else {
            break;
        };
        let h = han_count(k);
        if h == 0 || h >= MIN_HAN {
            break;
        }
        han += h;
        let (Some(tail), Some(before)) = (text.get(*start..), text.get(..*start)) else {
            break;
        };
        match before.find(tail) {
            Some(at) if n >= 1 && han >= MIN_HAN => best = Some((*start, at)),
            Some(_) => {}
            None => break,
        }
    }
    let Some((cut, at)) = best else {
        return Vec::new();
    };
    let mut diags = Vec::new();
    let mut gone: Vec<(RawBlock, usize)> = Vec::new();
    while kept.last().is_some_and(|(_, s, _)| *s >= cut) {
        if let Some((b, s, _)) = kept.pop() {
            gone.push((b, s));
        }
    }
    for (b, s) in gone.into_iter().rev() {
        diags.extend(removed(&b, &holder(kept, at + (s - cut))));
    }
    text.truncate(cut);
    diags
}

/// Blocks whose copies count: body text and subheads (display lines only inside a run).
fn eligible(b: &RawBlock) -> bool {
    matches!(
        b.role,
        Role::Paragraph | Role::Note | Role::Caption | Role::Subhead
    )
}

fn block_key(b: &RawBlock) -> String {
    if b.role == Role::Image {
        return String::new();
    }
    key(b.dateline.as_deref(), &b.text)
}

/// A long copy of `history[j]` was found: the kept blocks right before it that repeat the
/// blocks right before `history[j]` (its article's headline, short paragraphs) are copies
/// too.
fn take_back_run(
    kept: &mut Vec<(RawBlock, Option<usize>)>,
    history: &mut Vec<(String, Span)>,
    first: &mut HashMap<String, usize>,
    j: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let mut m = 1;
    while let Some((b, Some(at))) = kept.last()
        && *at > j
        && *at + 1 == history.len()
        && j >= m
        && history.get(j - m).map(|(k, _)| k) == history.get(*at).map(|(k, _)| k)
    {
        let at = *at;
        let what = history
            .get(j - m)
            .map(|(_, s)| s.to_string())
            .unwrap_or_default();
        diags.extend(removed(b, &what));
        if let Some((k, _)) = history.pop()
            && first.get(&k) == Some(&at)
        {
            first.remove(&k);
        }
        kept.pop();
        m += 1;
    }
}

/// The notes for a removed copy: one at its line, and one at each line `join` appended to
/// it, so every source line that went is named.
fn removed(b: &RawBlock, first: &str) -> Vec<Diagnostic> {
    let short = han_count(&b.text) < MIN_HAN;
    let mut out = vec![note(
        PASS,
        &b.span,
        &if short {
            b.text.clone()
        } else {
            excerpt(&b.text, 24)
        },
        &format!(
            "repeated block removed ({} characters; the copy at {first} is kept{})",
            b.text.chars().count(),
            if b.heading > 0 {
                ", this one was marked as a heading"
            } else {
                ""
            }
        ),
    )];
    for &line in &b.joined {
        let span = Span::new(b.span.file.clone(), line);
        out.push(note(
            PASS,
            &span,
            "",
            &format!(
                "repeated block removed: its part from line {line}, joined to line {} across a break",
                b.span.line
            ),
        ));
    }
    out
}

/// Earlier articles under the same headline compared with a possible copy.
const MAX_CANDIDATES: usize = 16;

/// Remove an article that repeats an earlier one: every display line it has (headline,
/// kicker, subtitle, byline, dateline) is one of the same earlier article's (a copy's
/// header may have lost a line, or been read with its lines in other slots), and what is
/// left of its text after block de-duplication — nothing, or pieces too short for it
/// (a copy broken at other places than its original) — is all in that article's text.
/// Removed whole: never a skeleton of short blocks.
pub fn dedupe_articles(edition: &mut Edition) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // The display lines and the text of each titled article kept so far, and where it is;
    // and which of them carry each display line.
    let mut seen: Vec<(Vec<String>, String, Span)> = Vec::new();
    let mut by_line: HashMap<String, Vec<usize>> = HashMap::new();
    for section in &mut edition.sections {
        let articles = std::mem::take(&mut section.articles);
        for a in articles {
            // Every header line, in reading order: the display lines, byline and dateline.
            let header = || {
                a.display_lines()
                    .chain(a.byline.as_deref())
                    .chain(a.dateline.as_deref())
            };
            let lines: Vec<String> = header()
                .map(|f| key(None, f))
                .filter(|k| !k.is_empty())
                .collect();
            let head = a
                .headline
                .as_deref()
                .map(|h| key(None, h))
                .filter(|h| !h.is_empty());
            let texts: Vec<String> = a
                .blocks
                .iter()
                .map(|b| key(None, &b.text))
                .filter(|k| !k.is_empty())
                .collect();
            if let Some(head) = &head {
                // The earlier articles that carry this one's headline (the latest few: a
                // line a page repeats a thousand times is no article's).
                let candidates = by_line.get(head).map(Vec::as_slice).unwrap_or_default();
                let copy_of = candidates
                    .iter()
                    .rev()
                    .take(MAX_CANDIDATES)
                    .filter_map(|&k| seen.get(k))
                    .find(|(earlier, text, _)| {
                        lines.iter().all(|l| earlier.contains(l))
                            && texts.iter().all(|t| text.contains(t.as_str()))
                    });
                if let Some((_, _, first)) = copy_of {
                    // The snippet holds all the text removed, so that none goes unreported.
                    let removed: Vec<&str> = header()
                        .chain(a.blocks.iter().map(|b| b.text.as_str()))
                        .filter(|t| !t.is_empty())
                        .collect();
                    diags.push(note(
                        PASS,
                        &a.span,
                        &removed.join(" / "),
                        &format!("repeated article removed (the copy at {first} is kept)"),
                    ));
                    continue;
                }
            }
            if head.is_some() {
                for l in &lines {
                    by_line.entry(l.clone()).or_default().push(seen.len());
                }
                seen.push((lines, texts.concat(), a.span.clone()));
            }
            section.articles.push(a);
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::RawBlock;
    use paiban_model::{Article, Block, BlockKind, Section};

    const LONG: &str = "清河新桥今天正式通车，两岸居民往来的时间从半小时缩短到五分钟。";

    /// One page of `blocks`.
    /// A block of `role` at line `l`.
    fn block(t: &str, l: u32, role: Role) -> RawBlock {
        let mut x = RawBlock::new(t, Span::new("p", l));
        x.role = role;
        x
    }

    fn page(blocks: Vec<RawBlock>) -> Vec<RawPage> {
        vec![RawPage::of_blocks(blocks)]
    }

    /// De-duplicate `pages`: the source lines of the blocks kept, and the notes.
    fn kept_lines(pages: &mut [RawPage]) -> (Vec<u32>, Vec<Diagnostic>) {
        let d = dedupe_blocks(pages);
        (pages[0].blocks.iter().map(|b| b.span.line).collect(), d)
    }

    #[test]
    fn a_paragraph_opening_with_a_passage_the_page_set_before_keeps_its_first_piece() {
        // A summary repeats a paragraph's first sentence; a column break cut the paragraph
        // inside it. The first piece is no copy: the next block takes up the rest of the
        // summary and goes on past it.
        let run = |last: &str| {
            let texts = [
                "■清河新桥今天正式通车，两岸居民往来的时间从半小时缩短到五分钟。",
                "老城改造工程今天启动，由区建设局牵头实施，年底前完工。",
                "清河新桥今天正式通车，两岸居民往来的时间从",
                last,
            ];
            let mut pages = page(
                (1..)
                    .zip(texts)
                    .map(|(l, t)| block(t, l, Role::Paragraph))
                    .collect(),
            );
            kept_lines(&mut pages)
        };
        let (lines, d) = run("半小时缩短到五分钟。大桥全长八百米，由市交通局投资建设。");
        assert_eq!(lines, vec![1, 2, 3, 4], "{d:?}");
        // Set again whole, broken at the same place, the pieces are copies.
        let (lines, _) = run("半小时缩短到五分钟。");
        assert_eq!(
            lines,
            vec![1, 2],
            "a copy broken where its first copy was not"
        );
    }

    #[test]
    fn a_display_line_repeated_anywhere_on_the_page_goes() {
        // A headline set again between the halves of another article's paragraph (a copy of
        // the header over a column break): removed, the halves then stand together. A short
        // headline (a column's name) recurs on purpose and stays.
        let mut pages = page(vec![
            block("清河新桥今日正式通车", 1, Role::Headline),
            block(LONG, 2, Role::Paragraph),
            block("图片新闻", 3, Role::Kicker),
            block("老城改造工程今天启动", 4, Role::Headline),
            block("据介绍，改造工程由区建设局", 5, Role::Paragraph),
            block("清河新桥今日正式通车", 6, Role::Paragraph),
            block("牵头实施，年底前完工。", 7, Role::Paragraph),
            block("图片新闻", 8, Role::Kicker),
        ]);
        let (lines, d) = kept_lines(&mut pages);
        assert_eq!(lines, vec![1, 2, 3, 4, 5, 7, 8]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.line, 6);
        assert!(d[0].message.contains("p:1"), "{}", d[0].message);
        // Set again broken in two, it goes too; a short line that only opens a headline
        // (the next block does not go on with it) stays.
        let mut pages = page(vec![
            block("清河新桥今日正式通车", 1, Role::Headline),
            block(LONG, 2, Role::Paragraph),
            block("老城改造工程今天启动", 3, Role::Headline),
            block("清河新桥", 4, Role::Subhead),
            block("据介绍，改造工程由区建设局牵头。", 5, Role::Paragraph),
            block("清河新桥今日", 6, Role::Headline),
            block("正式通车", 7, Role::Subtitle),
            block("年底前完工。", 8, Role::Paragraph),
        ]);
        let (lines, d) = kept_lines(&mut pages);
        assert_eq!(lines, vec![1, 2, 3, 4, 5, 8]);
        assert_eq!(d.len(), 2);
    }

    #[test]
    fn repeated_blocks_kept_once_also_as_heading() {
        let mut a = RawBlock::new(LONG, Span::new("p", 1));
        a.role = Role::Paragraph;
        let mut b = RawBlock::heading(LONG.replace('，', ","), Span::new("p", 3), 2);
        b.role = Role::Paragraph;
        let mut short = RawBlock::new("据悉。", Span::new("p", 5));
        short.role = Role::Paragraph;
        let other = |t: &str, l| {
            let mut x = RawBlock::new(t, Span::new("p", l));
            x.role = Role::Paragraph;
            x
        };
        // A short line that recurs apart from any copy is kept.
        let mut pages = page(vec![
            a.clone(),
            short.clone(),
            b.clone(),
            other(
                "清河两岸的公交线路增加到八条，早晚高峰期间拥堵明显缓解。",
                7,
            ),
            short.clone(),
        ]);
        let d = dedupe_blocks(&mut pages);
        assert_eq!(pages[0].blocks.len(), 4);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("p:1") && d[0].message.contains("heading"));
        assert_eq!(d[0].span.line, 3);
        // A repeated run goes whole: the short block that follows the copy as it followed
        // the first one, and the headline above it.
        let mut head = other("清河新桥通车", 0);
        head.role = Role::Headline;
        let mut pages = page(vec![head.clone(), a, short.clone(), head, b, short]);
        let d = dedupe_blocks(&mut pages);
        let left: Vec<&str> = pages[0].blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(left, vec!["清河新桥通车", LONG, "据悉。"]);
        assert_eq!(d.len(), 3);
        // A block right after itself is a copy, however short.
        let mut pages = page(vec![other("据悉。", 1), other("据悉。", 2)]);
        assert_eq!(dedupe_blocks(&mut pages).len(), 1);
        // A line of six Han characters one or two blocks after itself is a copy; a shorter
        // one there, or one three blocks on, is the page's own.
        let sub = "守护清河一江碧水";
        let mut pages = page(vec![
            other(sub, 1),
            other("据悉。", 2),
            other(sub, 3),
            other("另据报道。", 4),
            other("图片", 5),
            other(LONG, 6),
            other("图片", 7),
        ]);
        let d = dedupe_blocks(&mut pages);
        let left: Vec<&str> = pages[0].blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            left,
            vec![sub, "据悉。", "另据报道。", "图片", LONG, "图片"]
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.line, 3);
        let mut pages = page(vec![
            other(sub, 1),
            other("据悉。", 2),
            other(LONG, 3),
            other("图片", 4),
            other(sub, 5),
        ]);
        assert!(dedupe_blocks(&mut pages).is_empty());
    }

    #[test]
    fn a_repeated_article_goes_with_its_short_lines() {
        let blocks = vec![
            block("清河新桥通车", 1, Role::Headline),
            block("两岸往来只要五分钟", 2, Role::Subtitle),
            block(LONG, 3, Role::Paragraph),
            block("老城改造启动", 4, Role::Headline),
            // The first article again: its headline lines and the first piece of its
            // paragraph, cut short by a column break, none long enough to be a copy alone.
            block("清河新桥通车", 5, Role::Headline),
            block("两岸往来只要五分钟", 6, Role::Subtitle),
            block("清河新桥今天正式通车，", 7, Role::Paragraph),
            block("老城居民将在年底前搬入新居。", 8, Role::Paragraph),
        ];
        let mut pages = page(blocks);
        let d = dedupe_blocks(&mut pages);
        let left: Vec<u32> = pages[0].blocks.iter().map(|b| b.span.line).collect();
        assert_eq!(left, vec![1, 2, 3, 4, 8]);
        assert_eq!(d.len(), 3);
        assert!(
            d.iter()
                .all(|d| d.message.contains("repeated block removed"))
        );
        // Two short lines that repeat fewer than MIN_HAN characters stay.
        let mut pages = page(vec![
            block("清河新桥通车", 1, Role::Headline),
            block("图片报道", 2, Role::Kicker),
            block(LONG, 3, Role::Paragraph),
            block("老城居民将在年底前搬入新居。", 4, Role::Paragraph),
            block("清河新桥通车", 5, Role::Paragraph),
            block("图片报道", 6, Role::Kicker),
        ]);
        assert!(dedupe_blocks(&mut pages).is_empty());
    }

    #[test]
    fn a_repeated_articles_header_left_over_its_neighbour_goes() {
        let mut pages = page(vec![
            block("清河漫笔", 1, Role::Kicker),
            block("清河新桥今日正式通车", 2, Role::Headline),
            block(LONG, 3, Role::Paragraph),
            // The first article again, its text removed as copies before: its header
            // stands right over the next article's.
            block("清河新桥今日正式通车", 5, Role::Headline),
            block("清河漫笔", 6, Role::Kicker),
            block("老城改造工程今天启动", 7, Role::Headline),
            block("老城居民将在年底前搬入新居。", 8, Role::Paragraph),
        ]);
        let d = headers_left_over(&mut pages[0]);
        let left: Vec<u32> = pages[0].blocks.iter().map(|b| b.span.line).collect();
        assert_eq!(left, vec![1, 2, 3, 6, 7, 8], "{d:?}");
        assert_eq!(d.len(), 1);
        // A column's name that recurs over the next article is no copy's header.
        let mut pages = page(vec![
            block("清河漫笔", 1, Role::Kicker),
            block("清河新桥今日正式通车", 2, Role::Headline),
            block(LONG, 3, Role::Paragraph),
            block("清河漫笔", 4, Role::Kicker),
            block("老城改造工程今天启动", 5, Role::Headline),
        ]);
        assert!(headers_left_over(&mut pages[0]).is_empty());
    }

    #[test]
    fn repeated_articles() {
        let art = |line| Article {
            headline: Some("清河新桥通车".into()),
            // The repeat's blocks were all removed as copies by `dedupe_blocks`.
            blocks: if line == 1 {
                vec![Block::new(
                    BlockKind::Credit,
                    "本报记者 刘辉 摄",
                    Span::new("p", line),
                )]
            } else {
                Vec::new()
            },
            span: Span::new("p", line),
            ..Default::default()
        };
        let mut e = Edition::new("清河日报");
        e.sections = vec![
            Section {
                number: 1,
                name: None,
                articles: vec![art(1)],
            },
            Section {
                number: 2,
                name: None,
                articles: vec![art(9)],
            },
        ];
        let d = dedupe_articles(&mut e);
        assert_eq!(d.len(), 1);
        assert!(e.sections[1].articles.is_empty());
    }

    #[test]
    fn a_repeated_article_goes_whole_even_with_its_header_reshuffled_and_pieces_left() {
        let para = |t: &str, line| Block::new(BlockKind::Paragraph, t, Span::new("p", line));
        let original = Article {
            kicker: Some("方振华强调".into()),
            headline: Some("全力守护清河生态安全".into()),
            blocks: vec![para("刘建国、王敏、陈军出席会议。", 3)],
            span: Span::new("p", 1),
            ..Default::default()
        };
        // The copy: its kicker read as the headline and its headline as the subtitle, its
        // one paragraph broken in two pieces that block de-duplication left (too short).
        let copy = Article {
            headline: Some("方振华强调".into()),
            subtitle: Some("全力守护清河生态安全".into()),
            blocks: vec![para("刘建国、王敏、陈", 11), para("军出席会议。", 13)],
            span: Span::new("p", 9),
            ..Default::default()
        };
        // Another article under the same headline with text of its own stays.
        let other = Article {
            headline: Some("方振华强调".into()),
            blocks: vec![para("会议部署了下一阶段的工作。", 21)],
            span: Span::new("p", 20),
            ..Default::default()
        };
        let mut e = Edition::new("清河日报");
        e.sections = vec![Section {
            number: 1,
            name: None,
            articles: vec![original, copy, other],
        }];
        let d = dedupe_articles(&mut e);
        assert_eq!(d.len(), 1, "{d:?}");
        let heads: Vec<_> = e.sections[0].articles.iter().map(|a| a.span.line).collect();
        assert_eq!(heads, [1, 20]);
    }
}
