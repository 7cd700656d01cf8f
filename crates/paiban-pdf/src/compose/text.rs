//! Setting text: from paragraph text and a style to positioned glyph runs.
//!
//! Input: text, a [`ParaStyle`] and a measure; the inline engine
//! ([`crate::inline::layout_paragraph`]) breaks and justifies the lines. Output: per line,
//! display-list glyph runs (one per face change), at a given origin.

use crate::display::{GlyphRun, Item, Mark, Rgb, RunGlyph};
use crate::inline::{Align, Kinsoku, Line, ParaStyle, Shaper, layout_paragraph};
use paiban_fonts::Role;

/// Where a CJK em box sits in a line: the baseline is this fraction of the size below the
/// em box's top (ideographic em box 880/−120 of 1000 units).
pub const EM_BASELINE: f32 = 0.88;

/// A paragraph style with the defaults of this crate.
pub fn style(role: Role, size: f32, indent_em: f32, align: Align, kinsoku: Kinsoku) -> ParaStyle {
    ParaStyle {
        role,
        size,
        first_indent_em: indent_em,
        align,
        kinsoku,
        avoid_orphan_char: matches!(align, Align::Justify),
        run_in: None,
    }
}

/// Break `text` into lines of `width` pt.
pub fn lines(shaper: &Shaper, text: &str, style: &ParaStyle, width: f32) -> Vec<Line> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    layout_paragraph(shaper, text, style, width)
}

/// Break display text (a headline, kicker, subtitle) into lines of at most `width` pt,
/// balanced: as many lines as at the full width, but each as long as the others allow, so
/// that no line ends on a lone character (…方便居民阅 / 读 becomes …老街社区 / 书屋中方便居民阅读),
/// and words kept whole where the balance allows.
///
/// Candidates are the sets of the same line count with no line of one character and none
/// overfull: the narrowest measure (by bisection to 0.1 pt) and measures half an em apart
/// from the full width down. The one chosen costs least: the spread between its longest
/// and shortest line, in ems, plus [`WORD_CUT`] ems per break inside a word (the word list's
/// segmentation, as `join` weighs breaks: `清河新区老城区供 / 水…` cuts 供水). Text that
/// cannot be balanced keeps its full-width lines.
pub fn balanced_lines(shaper: &Shaper, text: &str, style: &ParaStyle, width: f32) -> Vec<Line> {
    let full = lines(shaper, text, style, width);
    let n = full.len();
    if n < 2 {
        return full;
    }
    let fits = |set: &[Line], measure: f32| {
        set.len() == n
            && set.iter().all(|l| {
                let end = l.glyphs.last().map(|g| g.x + g.advance).unwrap_or(0.0);
                end <= measure + 0.01 && letters(text, l) > 1
            })
    };
    let mut candidates: Vec<Vec<Line>> = Vec::new();
    let (mut lo, mut hi) = (width / n as f32, width);
    let mut narrowest = None;
    // A tenth of a point is finer than any difference a line of type can show.
    while hi - lo > 0.1 {
        let mid = (lo + hi) / 2.0;
        let set = lines(shaper, text, style, mid);
        if fits(&set, mid) {
            narrowest = Some(set);
            hi = mid;
        } else {
            lo = mid;
        }
    }
    candidates.extend(narrowest);
    let step = style.size * 0.5;
    let mut measure = width;
    while measure > hi {
        let set = lines(shaper, text, style, measure);
        if set.len() > n {
            break;
        }
        if fits(&set, measure) {
            candidates.push(set);
        }
        measure -= step;
    }
    let cost = |set: &Vec<Line>| {
        let ends = set
            .iter()
            .map(|l| l.glyphs.last().map(|g| g.x + g.advance).unwrap_or(0.0));
        let (short, long) = ends.fold((f32::INFINITY, 0.0_f32), |(a, b), e| (a.min(e), b.max(e)));
        let cuts = set
            .windows(2)
            .filter(|w| cuts_word(text, &w[0], &w[1]))
            .count();
        (long - short) / style.size + WORD_CUT * cuts as f32
    };
    candidates
        .into_iter()
        .min_by(|a, b| cost(a).total_cmp(&cost(b)))
        .unwrap_or(full)
}

/// What a break inside a word costs a balanced heading, in ems of spread between its lines:
/// a line up to about two characters longer than the others keeps a word whole.
pub const WORD_CUT: f32 = 2.5;

/// Whether the break between lines `a` and `b` of `text` falls inside a word: the text
/// around it reads at least e^0.5 times likelier with a word across it (the threshold the
/// `join` pass uses). A break at a space or beside punctuation cuts nothing.
fn cuts_word(text: &str, a: &Line, b: &Line) -> bool {
    let before = text.get(a.text.clone()).unwrap_or_default();
    let after = text.get(b.text.clone()).unwrap_or_default();
    if before.ends_with(char::is_whitespace) || after.starts_with(char::is_whitespace) {
        return false;
    }
    paiban_ingest::words::word_across(before, after).0 >= 0.5
}

/// The letters (not punctuation or spaces) a line sets.
pub fn letters(text: &str, line: &Line) -> usize {
    text.get(line.text.clone())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .count()
}

/// The glyph runs of one line whose left edge is `x` and baseline `y`, split where the
/// face changes; each run carries the exact source text it sets (for ToUnicode).
pub fn line_items(
    line: &Line,
    text: &str,
    size: f32,
    color: Rgb,
    x: f32,
    y: f32,
    mark: Mark,
) -> Vec<Item> {
    let mut out = Vec::new();
    let mut i = 0;
    let glyphs = &line.glyphs;
    while i < glyphs.len() {
        let face = glyphs[i].face;
        let mut j = i;
        while j < glyphs.len() && glyphs[j].face == face {
            j += 1;
        }
        let group = &glyphs[i..j];
        let lo = group.iter().map(|g| g.text.start).min().unwrap_or(0);
        let hi = group.iter().map(|g| g.text.end).max().unwrap_or(lo);
        let run_text = text.get(lo..hi).unwrap_or_default().to_string();
        let origin = group.first().map(|g| g.x).unwrap_or(0.0);
        let run_glyphs = group
            .iter()
            .map(|g| RunGlyph {
                id: g.glyph_id,
                x: g.x - origin,
                y_offset: g.y_offset,
                advance: g.advance,
                text: g.text.start.saturating_sub(lo)..g.text.end.saturating_sub(lo),
            })
            .collect();
        out.push(Item::Text(
            GlyphRun {
                x: x + origin,
                y,
                face,
                size,
                color,
                text: run_text,
                glyphs: run_glyphs,
            },
            mark,
        ));
        i = j;
    }
    out
}

/// Baseline of a line of `size` pt centred in a line box of `line_height` whose top is `top`.
pub fn baseline(top: f32, line_height: f32, size: f32) -> f32 {
    top + (line_height - size) / 2.0 + size * EM_BASELINE
}

/// Move an item by (`dx`, `dy`).
pub fn translate(item: &Item, dx: f32, dy: f32) -> Item {
    let mut item = item.clone();
    match &mut item {
        Item::Text(run, _) => {
            run.x += dx;
            run.y += dy;
        }
        Item::Rule(r, _) => {
            r.x += dx;
            r.y += dy;
        }
        Item::Image(i, _) => {
            i.x += dx;
            i.y += dy;
        }
        Item::Link(l, _) => {
            l.x += dx;
            l.y += dy;
        }
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_centres_the_em_box() {
        // 10 pt type on a 16 pt line: 3 pt above the em box, baseline 8.8 pt into it.
        assert!((baseline(100.0, 16.0, 10.0) - 111.8).abs() < 1e-4);
    }
}
