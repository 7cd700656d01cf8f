//! Line-wrapped text (what OCR engines and line-true transcriptions write): detect it from
//! the page's own statistics and join its visual lines into paragraphs.
//!
//! Stage: right after a reader ([`crate::plaintext`] or [`crate::markdown`], which both give
//! one block per source line) and [`crate::raw::mark_blank_lines`], before the repair
//! passes. Input: the decoded text and its blocks. Output: when the page is line-wrapped,
//! the blocks of each run of consecutive lines joined into paragraphs (CJK without a space,
//! Latin words with one; the span is the first line's), each block's
//! [`RawBlock::wrap_end`] set, and body blocks marked `indented` so that only short lines
//! standing alone are display-line candidates for `classify`.
//!
//! Evidence, all from the page itself: the column width is the width most lines reach; a
//! line-wrapped page has most lines at that width, and most of those end without sentence
//! punctuation (the line broke, not the sentence). A plain-text export (one paragraph per
//! `　　`-indented line) or a Markdown page (one paragraph per line) has neither. Inside a
//! run of lines, a line that reached the column width (within 1.5 em; a paragraph's first
//! line within the 2 em indent more) continues on the next line, and so does one a little
//! short that ends mid-sentence (OCR lost a character); a line that stopped short ended its
//! paragraph (or is a display line), and so did a sentence ending short of the edge before
//! a line set in by the indent, and any line before one that opens with a dateline. A line
//! leaving a round bracket open that the next closes goes on in it (a headline's column tag
//! broken over two lines stays one display line, also when the lines run across columns,
//! wider than any: otherwise such a line goes on nowhere). At a blank line (Tesseract's paragraph
//! end, not always right) a paragraph may go on only if its last line ran to the edge, or
//! the block after is a paragraph's last words set apart (`馆。`).
//!
//! Lines an engine ran across columns hold a wide gap with text on both sides; where a page
//! has many ([`run_across`]), its columns' text is interleaved line by line, which plain
//! text cannot undo: the reader warns and points to the engine's hOCR or ALTO output.

use crate::chars::{is_cjk, is_sentence_final};
use crate::raw::{RawBlock, Role};

/// Drop the vertical rules an OCR engine read as text: a line of bars only (`|`), and a bar
/// standing before a line's text (`| 本报讯…`, a column rule beside the line's start).
/// Returns the source line and text of each line dropped or cut, for a note: left in, a
/// line of bars ended the paragraph it stood in, and a bar opened a line's text.
pub fn drop_rules(blocks: &mut Vec<RawBlock>) -> Vec<(u32, String)> {
    use crate::ocr::fragments::{BARS, bars_only};
    let mut gone = Vec::new();
    blocks.retain_mut(|b| {
        if b.heading > 0 || b.src.is_some() || b.role != Role::Unclassified {
            return true;
        }
        if bars_only(&b.text) {
            gone.push((b.span.line, b.text.trim().to_string()));
            return false;
        }
        let t = b.text.trim_start();
        if let Some(rest) = t.strip_prefix(BARS)
            && rest.starts_with(char::is_whitespace)
            && !rest.trim().is_empty()
        {
            gone.push((b.span.line, crate::chars::excerpt(t, 8)));
            b.text = rest.trim_start().to_string();
        }
        true
    });
    gone
}

/// Tesseract writes a wide horizontal gap inside a line (a gutter it read across) as a run
/// of spaces at least this long.
const GAP: usize = 3;

/// In plain or line-wrapped text, drop the specks an OCR engine read in the gutters of a
/// line it ran across columns: a piece of the line set off by a wide gap ([`GAP`] spaces)
/// holding no Han character, no digit and at most three letters (`ww`, `VE`, `】`, `< <`).
/// The pieces of such a line are joined by one space (the `ocr` and `punctuation` passes
/// remove it between Han text); a line of specks only is dropped. Returns the source line
/// and text of each line cut, for a note: left in, a speck began a line with a closing mark
/// or stood in a paragraph as a word of its own.
pub fn drop_gap_specks(blocks: &mut Vec<RawBlock>) -> Vec<(u32, String)> {
    let mut cut = Vec::new();
    blocks.retain_mut(|b| {
        if b.heading > 0 || b.src.is_some() || b.role != Role::Unclassified {
            return true;
        }
        let pieces = gap_pieces(&b.text);
        if pieces.len() < 2 {
            return true;
        }
        let kept: Vec<&str> = pieces.iter().copied().filter(|p| !speck(p)).collect();
        let text = kept.join(" ");
        if kept.len() < pieces.len() {
            cut.push((b.span.line, crate::chars::excerpt(b.text.trim(), 16)));
        }
        b.text = text;
        !b.text.is_empty()
    });
    cut
}

/// Han characters on each side of a wide gap that make a line one run across two columns'
/// text (not a speck in a gutter, not a display space).
const ACROSS_HAN: usize = 2;

/// Lines run across columns a page must hold, at least this many and at least one in
/// [`ACROSS_SHARE`] of its lines, before a warning says so.
const ACROSS_LINES: usize = 3;
const ACROSS_SHARE: usize = 20;

/// The source lines of `blocks` (one per line, before [`drop_gap_specks`]) that an OCR
/// engine ran across columns: a wide gap ([`GAP`] spaces) with text of two or more Han
/// characters on each side — when there are enough of them ([`ACROSS_LINES`],
/// [`ACROSS_SHARE`]) to say that the engine read the page's columns side by side, whose
/// text plain text cannot put back in order (no geometry). Empty otherwise.
pub fn run_across(blocks: &[RawBlock]) -> Vec<u32> {
    let lines: Vec<u32> = blocks
        .iter()
        .filter(|b| {
            let pieces = gap_pieces(&b.text);
            pieces
                .windows(2)
                .any(|w| w.iter().all(|p| crate::chars::han_count(p) >= ACROSS_HAN))
        })
        .map(|b| b.span.line)
        .collect();
    if lines.len() >= ACROSS_LINES && lines.len() * ACROSS_SHARE >= blocks.len() {
        lines
    } else {
        Vec::new()
    }
}

/// The pieces of `line` between runs of [`GAP`] or more spaces, trimmed.
fn gap_pieces(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut start, mut spaces, mut run_start) = (0, 0, 0);
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\u{3000}' || c == '\t' {
            if spaces == 0 {
                run_start = i;
            }
            spaces += 1;
        } else {
            if spaces >= GAP {
                pieces.push(line[start..run_start].trim());
                start = i;
            }
            spaces = 0;
        }
    }
    pieces.push(line[start..].trim());
    pieces.retain(|p| !p.is_empty());
    pieces
}

/// A gap's piece that is no text: no Han character, no digit, three letters at most.
fn speck(piece: &str) -> bool {
    !piece
        .chars()
        .any(|c| crate::chars::is_han(c) || c.is_ascii_digit())
        && piece.chars().filter(|c| c.is_alphabetic()).count() <= 3
}

/// Fewer non-empty lines than this are no evidence of a column width.
const MIN_LINES: usize = 6;
/// A line at least this share of the column width counts as at the column width when
/// telling a wrapped page.
const FULL: f64 = 0.8;
/// A line at least this share of the column width that ends mid-sentence goes on in the
/// next line of its run (OCR dropped a character or two, digits and Latin are narrow).
const REACHED: f64 = 0.7;
/// A line at most this many half-ems short of the column width ran to the column's edge
/// (justified text fills the line; compressed punctuation and OCR's misreadings leave a
/// little play).
const SLACK: usize = 3;
/// A paragraph's first line is indented by about this many half-ems (2 em).
const INDENT: usize = 4;

/// A run's last line this share of the column wide, ending on a character mid-sentence,
/// stopped short only by what OCR lost.
const NEAR: f64 = 0.85;

/// A short run of lines with one line this much wider than the page's column is set in a
/// wider column of its own.
const OWN_WIDTH: f64 = 1.2;

/// Are `a` and `b` two lines of verse: of the same length (a character either way, what
/// OCR may lose), each of two clauses split by one mark at the same place, about the middle
/// (`清河水暖春来早，老街灯红岁月新`)?
fn verse_pair(a: &str, b: &str) -> bool {
    let shape = |t: &str| -> Option<(usize, usize)> {
        let chars: Vec<char> = t.trim().chars().collect();
        let marks: Vec<usize> = chars
            .iter()
            .enumerate()
            .filter(|(_, c)| "，、；,;".contains(**c))
            .map(|(i, _)| i)
            .collect();
        match marks.as_slice() {
            [m] if (4..=24).contains(&chars.len()) && (2 * m + 1).abs_diff(chars.len()) <= 2 => {
                Some((*m, chars.len()))
            }
            _ => None,
        }
    };
    match (shape(a), shape(b)) {
        (Some((ma, la)), Some((mb, lb))) => ma == mb && la.abs_diff(lb) <= 1,
        _ => false,
    }
}

/// Display width of `c` in half-em units: CJK and full-width characters 2, others 1.
fn width_of(c: char) -> usize {
    if is_cjk(c) || ('\u{ff01}'..='\u{ff60}').contains(&c) || "“”‘’—…".contains(c) {
        2
    } else {
        1
    }
}

/// Display width of a line in half-em units (spaces OCR put between characters count 0;
/// an ASCII mark right after a CJK character is OCR's reading of a full-width one and
/// counts 2).
pub fn width(s: &str) -> usize {
    let mut prev_cjk = false;
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            let w = if prev_cjk && ",.;:!?()".contains(c) {
                2
            } else {
                width_of(c)
            };
            prev_cjk = is_cjk(c);
            w
        })
        .sum()
}

/// The width most lines reach: the 80th percentile of the widths (0 for no lines).
fn column_width(widths: &[usize]) -> usize {
    let mut w: Vec<usize> = widths.iter().copied().filter(|&w| w > 0).collect();
    if w.is_empty() {
        return 0;
    }
    w.sort_unstable();
    let i = (w.len() * 4 / 5).min(w.len() - 1);
    w.get(i).copied().unwrap_or(0)
}

/// Does the line end its sentence (final punctuation, maybe closed by quotes/brackets)?
fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .chars()
        .rev()
        .find(|c| !"”’）)」』》】".contains(*c))
        .is_some_and(is_sentence_final)
}

/// Is `text` line-wrapped: most lines of its runs of lines (a run ends at a blank line; a
/// page may mix column widths) at the common width of their run, or most of all its lines
/// at the page's, most of those broken mid-sentence, few lines indented as the paragraphs
/// of an export?
pub fn is_wrapped(text: &str) -> bool {
    let mut runs: Vec<Vec<(usize, bool)>> = vec![Vec::new()];
    let mut indented = 0usize;
    let mut n = 0usize;
    for line in text.lines().take(5000) {
        let t = line.trim();
        if t.is_empty() {
            runs.push(Vec::new());
            continue;
        }
        if t.starts_with('#') || t.starts_with("![") {
            continue;
        }
        if line.starts_with('\u{3000}') || line.starts_with("  ") || line.starts_with('\t') {
            indented += 1;
        }
        n += 1;
        if let Some(r) = runs.last_mut() {
            r.push((width(t), ends_sentence(t)));
        }
    }
    if n < MIN_LINES || indented * 3 > n {
        return false;
    }
    // Lines in runs of three or more: the body's paragraphs, not the display lines,
    // furniture and contents entries a page of short articles has many of, each alone.
    let (mut n_near, mut open, mut n_runs) = (0usize, 0usize, 0usize);
    for run in runs.iter().filter(|r| r.len() >= 3) {
        n_runs += run.len();
        let widths: Vec<usize> = run.iter().map(|&(w, _)| w).collect();
        let w = column_width(&widths);
        if w < 8 {
            continue;
        }
        for &(x, ends) in run {
            if x as f64 >= FULL * w as f64 && x as f64 <= 1.15 * w as f64 {
                n_near += 1;
                open += usize::from(!ends);
            }
        }
    }
    // The same against the page's one column width (runs of a line or two: a page of short
    // paragraphs and display lines).
    let all: Vec<(usize, bool)> = runs.iter().flatten().copied().collect();
    let widths: Vec<usize> = all.iter().map(|&(w, _)| w).collect();
    let w = column_width(&widths);
    let (mut g_near, mut g_open) = (0usize, 0usize);
    for &(x, ends) in &all {
        if w >= 8 && x as f64 >= FULL * w as f64 && x as f64 <= 1.15 * w as f64 {
            g_near += 1;
            g_open += usize::from(!ends);
        }
    }
    let verdict = |near: usize, open: usize, n: usize| near * 2 >= n && open * 3 >= near * 2;
    n_runs >= MIN_LINES && verdict(n_near, open, n_runs) || verdict(g_near, g_open, n)
}

/// Join the visual lines of a line-wrapped page into paragraphs (see the module header).
/// `blocks` are one per source line, in order, with `blank_before` set.
///
/// A joined block is body text (marked `indented`), not a display-line candidate, when it
/// spans lines, holds sentence punctuation (only a sentence's end when its single line is
/// wider than a column: a subtitle set across columns has commas), is a piece of a quotation
/// or bracket (see [`unbalanced`]), opens with a dateline, or its single line ran
/// to the column's edge between two such single lines, none wider than a column (OCR that
/// puts a blank line after every line). A single line standing alone at the column width without punctuation, or
/// wider than a column, or opening with a dash, is a display-line candidate (a headline
/// one column wide or set across columns, a subtitle).
pub fn rewrap(text: &str, blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let page_w = {
        let widths: Vec<usize> = text.lines().map(width).collect();
        column_width(&widths)
    };
    // Runs of consecutive plain lines (no blank line, no markup block in between).
    let mut runs: Vec<Vec<RawBlock>> = Vec::new();
    let mut last_line = 0u32;
    for b in blocks {
        let plain_line = b.heading == 0 && b.src.is_none() && b.role == Role::Unclassified;
        let continues_run = plain_line
            && b.blank_before == 0
            && b.span.line == last_line.saturating_add(1)
            && runs
                .last()
                .and_then(|r| r.last())
                .is_some_and(|p| p.heading == 0 && p.src.is_none());
        last_line = b.span.line;
        match runs.last_mut() {
            Some(r) if continues_run => r.push(b),
            _ => runs.push(vec![b]),
        }
    }
    // (block, lines joined)
    let mut out: Vec<(RawBlock, usize)> = Vec::new();
    for run in runs {
        let widths: Vec<usize> = run.iter().map(|b| width(&b.text)).collect();
        // A long run has its own width; a short one is measured against the page's.
        let w = if run.len() >= 5 {
            column_width(&widths).max(page_w * 3 / 5)
        } else {
            // Its own width where two lines say so, or one far wider (one line OCR read a
            // character or two too many proves no wider column).
            let max = widths.iter().copied().max().unwrap_or(0);
            let wider = widths.iter().filter(|&&x| x > page_w + SLACK).count();
            if wider >= 2 || max as f64 > OWN_WIDTH * page_w as f64 {
                max
            } else {
                page_w
            }
        };
        // Did a line run to the column's edge? A paragraph's first line is indented.
        // (In a narrow column a character or two is a large share: there the line must
        // also reach REACHED of the width.)
        let ran = |x: usize, first: bool| {
            x + SLACK + if first { INDENT } else { 0 } >= w && x as f64 >= REACHED * w as f64
        };
        // Lines of verse (a couplet, a poem): each with its neighbour in the run of the
        // same length, a clause mark at the same place mid-line.
        let texts: Vec<&str> = run.iter().map(|b| b.text.as_str()).collect();
        let verse: Vec<bool> = (0..texts.len())
            .map(|k| {
                let here = texts.get(k).copied().unwrap_or_default();
                [k.checked_sub(1), Some(k + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|j| texts.get(j))
                    .any(|other| verse_pair(here, other))
            })
            .collect();
        // Does a line go on in the next line of its run? It ran to the edge, or it stops
        // a little short mid-sentence (not a line of verse: OCR lost its last character).
        let wraps = |x: usize, first: bool, text: &str, k: usize| {
            let verse = verse.get(k).copied().unwrap_or(false);
            ran(x, first && !verse)
                || (!verse && x as f64 >= REACHED * w as f64 && !ends_sentence(text))
        };
        // Or it leaves a bracket open that the next line closes (a headline's column tag
        // broken over two lines, `故宫首开夜场（礼赞` / `70年）`): such a join does not count
        // as a line of a paragraph, and two lines joined so stay a display-line candidate
        // unless punctuation says otherwise.
        let closed_below: Vec<bool> = (0..texts.len())
            .map(|k| {
                let (here, next) = (texts.get(k), texts.get(k + 1));
                here.zip(next)
                    .is_some_and(|(a, b)| bracket_closed_below(a, b))
            })
            .collect();
        // A line that opens with a dateline opens a paragraph, however wide the line
        // before it (a headline a character or two wider than the column, read in the
        // same block as the report under it).
        let opens_report: Vec<bool> = texts
            .iter()
            .map(|t| crate::patterns::dateline_len(t).is_some())
            .collect();
        // Wider than any column: a line set across columns (a headline), never body.
        let wide = |x: usize| x as f64 > 1.25 * w.min(page_w.max(1)) as f64;
        // A line across columns goes on only to close its bracket (a headline whose column
        // tag broke onto the next line).
        let goes_on = |x: usize, first: bool, text: &str, k: usize| {
            let closes_below = closed_below.get(k).copied().unwrap_or(false);
            closes_below || !wide(x) && wraps(x, first, text, k)
        };
        // The line before went on only to close its bracket.
        let mut by_bracket = false;
        let n = widths.len();
        let mut cur: Option<(RawBlock, usize)> = None;
        // (width, ends a sentence) of the line before
        let mut last: Option<(usize, bool)> = None;
        for (k, (b, bw)) in run.into_iter().zip(widths.iter().copied()).enumerate() {
            let plain_line = b.heading == 0 && b.src.is_none() && b.role == Role::Unclassified;
            // A line set in by about the indent after a sentence that stopped short of the
            // edge: a paragraph's first line (the engine wrote no blank line before it).
            let next_w = widths.get(k + 1).copied();
            // Also after a sentence that ended at the edge when the line is short by about
            // the indent (not by what OCR may drop).
            let by_indent = bw + INDENT <= w + 1 && bw + INDENT + 2 >= w;
            let indented_start = (last
                .is_some_and(|(pw, es)| es && (!ran(pw, false) || by_indent))
                && !ran(bw, false)
                && (k + 1 == n || next_w.is_some_and(|x| ran(x, false))))
                || (k > 0 && opens_report.get(k).copied().unwrap_or(false));
            let bt = b.text.clone();
            match cur.take() {
                Some((mut p, lines))
                    if plain_line
                        && p.wrap_end == Some(true)
                        && (!wide(bw) || by_bracket)
                        && !indented_start =>
                {
                    append(&mut p.text, &b.text);
                    let lines = if by_bracket { lines } else { lines + 1 };
                    p.wrap_end = Some(goes_on(bw, false, &bt, k));
                    by_bracket = closed_below.get(k).copied().unwrap_or(false);
                    cur = Some((p, lines));
                }
                prev => {
                    if let Some((mut p, lines)) = prev {
                        // The run goes on here: the line before ended its paragraph.
                        if p.wrap_end == Some(true) && indented_start {
                            p.wrap_end = Some(false);
                        }
                        out.push((p, lines));
                    }
                    let mut b = b;
                    if plain_line {
                        b.wrap_end = Some(goes_on(bw, true, &bt, k));
                        by_bracket = closed_below.get(k).copied().unwrap_or(false);
                        // A first line at the edge has no indent: a paragraph's middle.
                        // Only a line that goes on says so (a short paragraph's only line
                        // may be any length).
                        b.wrap_start =
                            (!wide(bw) && b.wrap_end == Some(true)).then(|| ran(bw, false));
                    }
                    cur = Some((b, 1));
                }
            }
            last = Some((bw, ends_sentence(&bt)));
        }
        // The run's last line: its paragraph goes on past the blank line only if it ran
        // to the column's edge, or stopped a character or two short of it inside a word
        // (OCR lost a mark: `保护区——东湾` read as `保护区一 东湾`).
        if let Some((p, lines)) = cur.as_mut()
            && p.wrap_end == Some(true)
            && let Some(&x) = widths.last()
        {
            let inside_word = p.text.chars().next_back().is_some_and(crate::chars::is_han);
            let verse = verse.last().copied().unwrap_or(false);
            p.wrap_end = Some(
                ran(x, *lines == 1)
                    || (*lines > 1 && inside_word && !verse && x as f64 >= NEAR * w as f64),
            );
        }
        out.extend(cur);
    }
    // A single line wider than a column is no body line, whatever stands around it.
    let single_wide = |b: &RawBlock| width(&b.text) as f64 > 1.1 * page_w as f64;
    let single_full = |x: Option<&(RawBlock, usize)>| {
        x.is_some_and(|(b, n)| *n == 1 && b.wrap_end == Some(true) && !single_wide(b))
    };
    // A line the engine set a paragraph's last words apart from (`…八路军太行纪念` | `馆。`,
    // a blank line between): the paragraph goes on in them, and the line is body.
    let mut tailed = vec![false; out.len()];
    for k in 1..out.len() {
        let tail = out.get(k).is_some_and(|(b, n)| {
            *n == 1 && b.wrap_end.is_some() && crate::passes::evidence::tail_piece(&b.text)
        });
        if let Some((b, 1)) = out.get_mut(k - 1)
            && tail
            && b.wrap_end.is_some()
            && !single_wide(b)
            && !dash_led(&b.text)
            && !ends_sentence(&b.text)
            && crate::chars::han_count(&b.text) > 0
            && let Some(t) = tailed.get_mut(k - 1)
        {
            b.wrap_end = Some(true);
            *t = true;
        }
    }
    // A single line's text with the opening quote OCR lost at a display line's start
    // (`脱欧”僵局冲击英国航空业`) restored, after text that ends a sentence with no quote
    // left open (the `ocr` pass restores it so): a headline, not the rest of a quotation.
    let restored = |k: usize| -> String {
        let Some((b, 1)) = out.get(k) else {
            return out.get(k).map(|(b, _)| b.text.clone()).unwrap_or_default();
        };
        let before = k
            .checked_sub(1)
            .and_then(|j| out.get(j))
            .map(|(p, _)| p.text.as_str());
        let finished = before.is_none_or(|p| {
            !crate::chars::ends_mid_sentence(p) && !crate::chars::leaves_quote_open(p)
        });
        finished
            .then(|| crate::passes::ocr::lost_opening_quote(&b.text))
            .flatten()
            .unwrap_or_else(|| b.text.clone())
    };
    let body: Vec<bool> = (0..out.len())
        .map(|k| {
            let Some((b, lines)) = out.get(k) else {
                return false;
            };
            let single = *lines == 1;
            let wide = single && single_wide(b);
            b.wrap_end.is_some()
                && !(single && dash_led(&b.text))
                && (*lines > 1
                    || tailed.get(k).copied().unwrap_or(false)
                    || b.text.contains(['。', '；', '！', '？', '!', '?'])
                    || (!wide && b.text.contains(['，', '、', ',', ';', ':', '：']))
                    || unbalanced(&restored(k))
                    || crate::patterns::dateline_len(&b.text).is_some()
                    || (!wide
                        && b.wrap_end == Some(true)
                        && single_full(k.checked_sub(1).and_then(|j| out.get(j)))
                        && single_full(out.get(k + 1))))
        })
        .collect();
    out.into_iter()
        .zip(body)
        .map(|((mut b, _), body)| {
            if body {
                b.indented = true;
            }
            b
        })
        .collect()
}

/// Does `t` close a quotation or bracket it did not open, open with a quotation it does
/// not close, or open with a bracket (a source note `（本报东湾3月20日电）`, an author line)?
/// A piece of a paragraph, not a display line. (An opening mark left open elsewhere is no
/// evidence: OCR often drops a closing quote.)
fn unbalanced(t: &str) -> bool {
    const OPEN: &str = "“‘（(《〈【「『";
    const CLOSE: &str = "”’）)》〉】」』";
    let opens = t.chars().filter(|&c| OPEN.contains(c)).count();
    let closes = t.chars().filter(|&c| CLOSE.contains(c)).count();
    closes > opens
        || t.starts_with(|c: char| "（(〈【".contains(c))
        || (t.starts_with(['“', '‘']) && closes == 0)
}

/// Does line `a` leave a round bracket open (`（` `(` or OCR's `〈`) that line `b` closes
/// with no sentence end before it?
fn bracket_closed_below(a: &str, b: &str) -> bool {
    let opens = |t: &str| t.matches(['（', '(', '〈']).count();
    let closes = |t: &str| t.matches(['）', ')', '〉']).count();
    let Some(close) = b.find(['）', ')', '〉']) else {
        return false;
    };
    opens(a) > closes(a)
        && closes(b) > opens(b)
        && !b
            .get(..close)
            .unwrap_or("")
            .contains(['。', '；', '！', '？', '!', '?'])
}

/// Does `t` open with a dash (OCR may read it `一一`), a subtitle's shape?
fn dash_led(t: &str) -> bool {
    let mut c = t.chars();
    matches!((c.next(), c.next()), (Some(a), Some(b)) if "一—－-".contains(a) && "一—－-".contains(b))
}

/// Append a wrapped line: CJK joins without a space, Latin words with one.
fn append(text: &mut String, next: &str) {
    let a = text.chars().next_back();
    let b = next.chars().next();
    let space = match (a, b) {
        (Some(a), Some(b)) => {
            !is_cjk(a) && !is_cjk(b) && !a.is_whitespace() && a.is_alphanumeric() && {
                b.is_alphanumeric() || "(\"'".contains(b)
            }
        }
        _ => false,
    };
    if space || (a.is_some_and(|a| ",.;:!?".contains(a)) && b.is_some_and(|b| !is_cjk(b))) {
        text.push(' ');
    }
    text.push_str(next);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::mark_blank_lines;
    use paiban_model::Span;

    fn blocks(text: &str) -> Vec<RawBlock> {
        let mut b = crate::plaintext::read(text, "t.txt");
        mark_blank_lines(text, &mut b);
        rewrap(text, b)
    }

    const OCR: &str = "春耕时节访田头\n\n本报讯 3月12日一早，清河镇东湾\n村的麦田里，两架植保无人机正在低\n空来回飞行。村党支部书记告诉记者\n，今年全村小麦全部用上了统一植保\n服务。\n\n以前打药要背着喷雾器走一整天，现\n在手机上点一点，半个小时就能作业\n一百多亩。种粮大户一边查看苗情一\n边说，今年流转了四百亩土地，从耕\n地到收割基本实现了机械化。\n\n老街新颜\n\n历时八个月，清河老街第一期改造工\n程日前完工。\n";

    #[test]
    fn specks_in_a_lines_gutters_are_dropped() {
        // Tesseract ran a line across two columns and a photograph: the pieces with no Han
        // character or digit between its wide gaps are specks; the text's pieces are joined
        // by one space; a line of specks only goes. Narrow spaces and Latin words stay.
        let text = "ww          本报讯 3月12日    清河镇东湾\n时    里        】        MI\nVE      < <\n用上了 GDP 与 5G 技术\n老街新颜      CCTV\n";
        let mut b = crate::plaintext::read(text, "t.txt");
        let cut = drop_gap_specks(&mut b);
        assert_eq!(cut.iter().map(|c| c.0).collect::<Vec<_>>(), [1, 2, 3]);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "本报讯 3月12日 清河镇东湾",
                "时 里",
                "用上了 GDP 与 5G 技术",
                "老街新颜 CCTV"
            ]
        );
    }

    #[test]
    fn lines_run_across_columns_are_found_when_many() {
        // Three of twelve lines hold two columns' text side by side (Han on both sides of
        // a wide gap); a speck's gap and a display space are no such line.
        let body = "清河镇东湾村的麦田里两架植保无人机\n";
        let across = "全村小麦全部用上了统一植      据镇农业服务中心介绍\n";
        let mut text = String::new();
        for k in 0..12 {
            text.push_str(match k {
                2 | 5 | 9 => across,
                3 => "ww          本报讯清河镇东湾\n",
                7 => "春耕正当时 奋进新清河\n",
                _ => body,
            });
        }
        let b = crate::plaintext::read(&text, "t.txt");
        assert_eq!(run_across(&b), [3, 6, 10]);
        // Two such lines say nothing (a photo caption beside a column, a table).
        let two = text.replacen(across, body, 1);
        assert!(run_across(&crate::plaintext::read(&two, "t.txt")).is_empty());
    }

    #[test]
    fn rules_read_as_bars_are_dropped() {
        let text = "| 本报讯 3月12日一早，清河镇东湾\n村的麦田里，两架植保无人机正在低\n\n|\n|\n\n空来回飞行|，村党支部书记告诉记者\n";
        let mut b = crate::plaintext::read(text, "t.txt");
        mark_blank_lines(text, &mut b);
        let gone = drop_rules(&mut b);
        assert_eq!(
            gone.iter().map(|g| g.0).collect::<Vec<_>>(),
            [1, 4, 5],
            "{gone:?}"
        );
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "本报讯 3月12日一早，清河镇东湾",
                "村的麦田里，两架植保无人机正在低",
                // A bar inside a line is no rule of the page's: left as read.
                "空来回飞行|，村党支部书记告诉记者"
            ]
        );
    }

    #[test]
    fn detects_wrapped_text() {
        assert!(is_wrapped(OCR));
        // One paragraph per indented line: an export.
        let export = "清河新桥今日通车\n\u{3000}\u{3000}今天上午九时，横跨清河两岸的新桥正式通车，全长一点二公里。\n\u{3000}\u{3000}过去绕行要半个多小时，现在开车五分钟就到了。\n\u{3000}\u{3000}新桥建成后，两岸之间的公交线路将增加到七条，拥堵将明显缓解。\n\u{3000}\u{3000}据了解，新桥从开工到建成历时二十六个月。\n\u{3000}\u{3000}建设单位引入第三方监理。\n\u{3000}\u{3000}检测结果全部合格。\n";
        assert!(!is_wrapped(export));
        // Markdown, one paragraph per line, sentences ending the lines.
        let md = "## 标题\n\n第一段写了一些话。\n\n第二段写得长一些，也写完了。\n\n第三段。\n\n第四段很短。\n\n第五段也写完了。\n\n第六段就此结束。\n";
        assert!(!is_wrapped(md));
        // A page of short articles: more display lines, running heads and contents entries
        // standing alone than lines of body text, whose runs are wrapped all the same.
        let short = "清河日报 2026年3月18日 星期三 第1版\n\n春耕时节访田头\n\n清河镇三千亩麦田喜迎春灌\n\n\
            ——无人机植保让农户省时省力\n\n本报讯（记者 林晓）3月12日一早，清河镇东湾村\n\
            的麦田里，两架植保无人机正在低空来回飞行。村党支\n部书记周明远告诉记者，今年全村\n\
            小麦全部用上了统一植保服务。\n\n老街新颜\n\n清河老街完成第一期改造\n\n\
            历时八个月，清河老街第一期改造工程日前完工。改\n造保留了沿街的青砖立面和木质门窗，\n\
            对排水、电力和通信管线进行了整体入地，街面由原\n来的水泥路恢复为石板路。\n\n全民阅读\n\n\
            社区书屋开进居民楼\n\n清河日报 2026年3月18日 星期三 第2版\n";
        assert!(is_wrapped(short));
    }

    #[test]
    fn joins_lines_within_blank_line_blocks() {
        let b = blocks(OCR);
        let t: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(t.len(), 5, "{t:?}");
        assert_eq!(t[0], "春耕时节访田头");
        assert!(!b[0].indented, "a short line alone is a display candidate");
        assert!(t[1].starts_with("本报讯 3月12日一早，清河镇东湾村的麦田里"));
        assert!(t[1].ends_with("统一植保服务。"));
        assert_eq!(b[1].span.line, 3);
        assert!(b[1].indented);
        assert_eq!(b[1].wrap_end, Some(false));
        assert_eq!(t[3], "老街新颜");
        assert_eq!(b[4].span.line, 17);
    }

    /// Lines of a column seventeen characters wide, enough of them to measure it.
    fn column() -> String {
        "今天上午九时，横跨清河两岸的新桥正\n".repeat(6)
    }

    #[test]
    fn a_headline_whose_tag_breaks_over_two_lines_stays_a_display_line() {
        let text = format!(
            "{}\n清河新桥今日通车 〈(记录\n清河)\n\n本报讯 新桥今天上午九时\n",
            column()
        );
        let b = blocks(&text);
        let head = b
            .iter()
            .find(|b| b.text.starts_with("清河新桥"))
            .expect("headline");
        assert_eq!(head.text, "清河新桥今日通车 〈(记录清河)");
        assert!(!head.indented, "a display-line candidate: {head:?}");
        // In body text the same join goes on a paragraph's lines.
        let text = format!("{}\n据介绍（记\n者林晓）新桥全长一点二公里。\n", column());
        let b = blocks(&text);
        assert!(
            b.iter()
                .any(|b| b.text == "据介绍（记者林晓）新桥全长一点二公里。" && b.indented)
        );
    }

    #[test]
    fn a_headline_whose_opening_quote_ocr_lost_stays_a_display_line() {
        // After an article's closing dateline: a display line, though its quote looks
        // closed without being opened; after a sentence left open, the rest of a quotation.
        let closed = format!(
            "{}
（本报伦敦2月19日电）

无墙博物馆”绽放魅力（环球走笔）

本报讯 新桥今天上午九时
",
            column()
        );
        let open = closed.replace("（本报伦敦2月19日电）", "他说：“清河的");
        for (text, display) in [(closed, true), (open, false)] {
            let b = blocks(&text);
            let head = b
                .iter()
                .find(|b| b.text.starts_with("无墙"))
                .expect("the line");
            assert_eq!(!head.indented, display, "{head:?}");
        }
    }

    #[test]
    fn a_line_opening_with_a_dateline_opens_a_paragraph() {
        // A one-column headline a character wider than the column, read in one block with
        // the report under it.
        let text = format!(
            "{}\n清河新区与东湾镇签署合作协议今日启动\n新华社清河2月19日电 今天上午九时，横\n跨清河两岸的新桥正式通车。\n",
            column()
        );
        let b = blocks(&text);
        let t: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert!(t.contains(&"清河新区与东湾镇签署合作协议今日启动"), "{t:?}");
        assert!(
            t.iter().any(|t| t.starts_with("新华社清河2月19日电")),
            "{t:?}"
        );
    }

    #[test]
    fn a_paragraphs_last_words_set_apart_keep_its_line_in_the_body() {
        let text = format!(
            "{}\n区长还参观了清河新区规划展览\n\n馆。\n\n新桥今日通车\n",
            column()
        );
        let b = blocks(&text);
        let line = b.iter().find(|b| b.text.starts_with("区长")).expect("line");
        assert!(line.indented, "body, not a display line: {line:?}");
        assert_eq!(line.wrap_end, Some(true));
        let head = b
            .iter()
            .find(|b| b.text == "新桥今日通车")
            .expect("headline");
        assert!(!head.indented);
    }

    #[test]
    fn a_line_wider_than_a_column_is_no_body_line() {
        // OCR that puts a blank line after every line: a single line at the column's edge
        // between two others is body. A kicker set wider than a column is not, nor is the
        // headline under it (`ran` to the edge, but beside a display line).
        let body = "今天上午九时，横跨清河两岸的新桥正";
        let text = format!(
            "{body}\n\n区长在新桥工地调研时强调要把民生工程办好\n\n把惠民工程办到群众心坎上 做实做细\n\n{body}\n\n{body}\n\n{body}\n\n{body}\n\n{body}\n\n{body}\n"
        );
        let b = blocks(&text);
        let t: Vec<(&str, bool)> = b.iter().map(|b| (b.text.as_str(), b.indented)).collect();
        assert_eq!(t.len(), 9, "{t:?}");
        assert!(!b[1].indented && !b[2].indented, "{t:?}");
        assert!(b[4].indented, "a body line between two at the edge: {t:?}");
    }

    #[test]
    fn a_short_line_ends_a_paragraph_without_blank_lines() {
        // One detected line per line, no blank lines (PaddleOCR text dumps).
        let text = "新区建设提速\n今天上午九时，横跨清河两岸的新\n桥正式通车，全长一点二公里，总\n投资约两亿元。\n过去绕行要半个多小时，现在开车\n五分钟就到了，两岸往来方便多了\n。\n";
        let b = blocks(text);
        let t: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            t,
            vec![
                "新区建设提速",
                "今天上午九时，横跨清河两岸的新桥正式通车，全长一点二公里，总投资约两亿元。",
                "过去绕行要半个多小时，现在开车五分钟就到了，两岸往来方便多了。",
            ]
        );
    }

    #[test]
    fn lines_of_a_couplet_that_lost_their_last_character_stay_apart() {
        // A couplet, each line 7 + 7 characters around a comma, OCR lost the last one; the
        // column holds 16 characters, so each line reaches past 0.7 of it (and, first in
        // its block, past the column less the indent).
        let text = "腊月将尽，年味渐浓。老街的退休教\n师老李又在社区书屋门前摆开桌子、\n铺好红纸，为街坊邻居写春联。每年\n春节前他都要写上百副，从不收钱。\n\n清河水暖春来早，老街灯红岁月\n新桥飞架连两岸，书屋飘香润万\n这是老李为新桥和社区书屋写的、对\n仗工整的春联，邻居争相抄录，读起\n来清新又好记，大家都夸写得真好。\n";
        let t: Vec<String> = blocks(text).into_iter().map(|b| b.text).collect();
        assert!(
            t.contains(&"清河水暖春来早，老街灯红岁月".to_string()),
            "{t:?}"
        );
        assert!(
            t.contains(&"新桥飞架连两岸，书屋飘香润万".to_string()),
            "{t:?}"
        );
        assert!(verse_pair(
            "清河水暖春来早，老街灯红岁月新",
            "新桥飞架连两岸，书屋飘香润万"
        ));
        assert!(!verse_pair(
            "说它远去，因为清河上已有了新",
            "桥和公交车。渡船，渡口，在车流不"
        ));
    }

    /// `run` after eight lines of a column 15 characters wide: how the run's block ending in
    /// `tail` ends (its `wrap_end`).
    fn run_end(run: &str, tail: &str) -> Option<bool> {
        let col = "过去绕行要半个多小时，现在开车五\n分钟就到了，两岸往来方便多了。新\n";
        let text = format!("{}\n{run}", col.repeat(4));
        let b = blocks(&text);
        b.iter()
            .find(|b| b.text.ends_with(tail))
            .and_then(|b| b.wrap_end)
    }

    #[test]
    fn one_line_read_too_wide_does_not_widen_a_short_run() {
        // A three-line run whose middle line OCR read with two characters too many (`“和`)
        // still runs to the edge at its end: the paragraph goes on past the blank line.
        let run = "春雨如油，人勤地肥，农时从来\n不等人。“和在春播面前，农户要学会抢\n种抢收。天气多变给春播带来了不利\n\n影响，种粮大户周师傅却很从容。\n";
        assert_eq!(run_end(run, "不利"), Some(true));
        // Two lines wider than the page's column are a wider column of its own: its last
        // line, at the page's width, stops short of it.
        let wide = "在两岸之间往来的居民说，新桥建成以后方便多了\n，过去绕行要半个多小时，现在开车五分钟就到\n了，两岸往来方便多了，真\n";
        assert_eq!(run_end(wide, "，真"), Some(false));
    }

    #[test]
    fn a_run_stopping_a_character_short_inside_a_word_goes_on() {
        // OCR read `——` as `一 ` and lost a character: the run's last line stops at 14 on
        // `火` (火灾 goes on after the blank line). A paragraph's last line as short that
        // ends its sentence ends it.
        let run = "去年，清河流域面积最大的自然\n保护区一 东湾湿地保护区发生火\n\n灾，导致三成的芦苇被烧毁。\n";
        assert_eq!(run_end(run, "发生火"), Some(true));
        assert_eq!(
            run_end(&run.replace("发生火", "失火。"), "失火。"),
            Some(false)
        );
    }

    #[test]
    fn a_sentence_stopping_short_before_an_indented_line_ends_its_paragraph() {
        // The first paragraph is one line that ends its sentence two characters short of
        // the edge; the next line is set in by the indent: Tesseract wrote no blank line.
        let text = "春耕时节访田头\n\n摆渡人，一个渐渐远去的称呼。\n说它远去，因为清河上已有了新\n桥和公交车。渡船，渡口，在车流不\n息、交通便捷的今天，这些词语淡去\n了。\n";
        let t: Vec<String> = blocks(text).into_iter().map(|b| b.text).collect();
        assert_eq!(
            t,
            vec![
                "春耕时节访田头",
                "摆渡人，一个渐渐远去的称呼。",
                "说它远去，因为清河上已有了新桥和公交车。渡船，渡口，在车流不息、交通便捷的今天，这些词语淡去了。",
            ]
        );
    }

    #[test]
    fn a_last_line_short_of_the_edge_ends_the_paragraph_at_a_blank_line() {
        let text = "今天上午九时，横跨清河两岸的新桥\n正式通车，全长一点二公里，总投资约\n两亿元，建设单位负责人介绍称\n\n过去绕行要半个多小时，现在开车五\n分钟就到了，两岸往来方便多了。\n";
        let b = blocks(text);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].wrap_end, Some(false), "{:?}", b[0].text);
        // An ASCII comma after Han text is a full-width mark misread: as wide as one.
        assert_eq!(width("两岸, 往来"), width("两岸，往来"));
    }

    #[test]
    fn a_blank_line_inside_a_sentence_is_left_for_join() {
        // Tesseract wrote a blank line after a line that ran to the edge mid-sentence; the
        // next run opens at the edge too (not indented). Whether the two are one paragraph
        // is `join`'s to weigh (a farther block may continue the first: the engine's
        // reading order), so both ends say what their lines did.
        let text = "今天上午九时，横跨清河两岸的新桥\n正式通车，全长一点二公里，总投资约\n\n两亿元，建设单位负责人介绍称工程\n历时二十六个月。\n";
        let b = blocks(text);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].wrap_end, Some(true));
        assert_eq!(b[1].wrap_start, Some(true));
        let indented = "今天上午九时，横跨清河两岸的新桥\n正式通车，全长一点二公里，总投资约\n\n过去绕行要半个多小时，现在开\n车五分钟就到了，两岸往来方便多了。\n";
        assert_eq!(blocks(indented)[1].wrap_start, Some(false));
    }

    #[test]
    fn latin_words_get_one_space() {
        let mut s = String::from("Teodoro and");
        append(&mut s, "Company");
        assert_eq!(s, "Teodoro and Company");
        let mut s = String::from("中文");
        append(&mut s, "继续");
        assert_eq!(s, "中文继续");
        let _ = Span::new("x", 1);
    }
}
