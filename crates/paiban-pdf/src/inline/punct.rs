//! Punctuation widths: every CJK punctuation adjustment of the engine, in one place.
//!
//! Stage: inline layout, phase 3. Input: shaped items and their glyph ink. Output: items set
//! full width (`“”‘’—…·` are shared with Latin: always one em, from the CJK face), their
//! trimmable blank halves (`lb`/`rb`, clreq §3.1.6), and the per-boundary trims of adjacent
//! marks (clreq §3.1.6.1: two adjacent full-width marks take 1.5 em). The line breaker uses
//! [`end_trim`] (a mark at line end takes half an em, clreq §3.1.6.2).

use super::class::Class;
use super::shape::{Glyph, Item, Shaper};

/// Ink extent of an item (em fractions relative to its cell), from its glyphs.
fn item_ink(shaper: &Shaper, item: &Item, glyphs: &[Glyph], em: f32) -> Option<(f32, f32)> {
    let mut out: Option<(f32, f32)> = None;
    for g in glyphs.get(item.glyphs.clone()).unwrap_or(&[]) {
        if let Some((l, r)) = shaper.ink(g.face, g.id) {
            let (l, r) = (l + g.dx / em, r + g.dx / em);
            out = Some(match out {
                Some((a, b)) => (a.min(l), b.max(r)),
                None => (l, r),
            });
        }
    }
    out
}

/// clreq §3.1.6: which half of a full-width mark is blank, from where its ink sits. Returns
/// (left blank, right blank) as em fractions.
pub fn blank_halves(class: Class, ink: (f32, f32)) -> (f32, f32) {
    let (l, r) = ink;
    match class {
        Class::Open if l >= 0.45 => (0.5, 0.0),
        Class::Close | Class::Stop if r <= 0.55 => (0.0, 0.5),
        Class::Middle if l >= 0.25 && r <= 0.75 => (0.25, 0.25),
        _ => (0.0, 0.0),
    }
}

/// clreq §3.1.6.1: how much of the blank between adjacent marks `a` `b` is removed, taken from
/// `a`'s right first, then `b`'s left: (from a, from b), em fractions. At most half an em.
pub fn pair_trim(a: (Class, f32), b: (Class, f32)) -> (f32, f32) {
    if !(a.0.is_compressible_punct() && b.0.is_compressible_punct()) {
        return (0.0, 0.0);
    }
    let from_a = a.1.min(0.5);
    let from_b = b.1.min(0.5 - from_a);
    (from_a, from_b)
}

/// The blanks (left, right) a mark may give up inside a line: its blank halves, except for
/// `？` and `！`, which keep their whole em there (GB/T 15834: the question and exclamation
/// marks take a full em; only at a line end, [`end_trim`], may one give up its blank half).
pub fn mid_line_blanks(item: &Item) -> (f32, f32) {
    if matches!(item.first, '？' | '！') {
        (0.0, 0.0)
    } else {
        (item.lb, item.rb)
    }
}

/// clreq §3.1.6.2: the blank a mark at line end gives up (its right half); a space at line
/// end, ideographic (`　`, the blank a transcription keeps before an honorific) or not, gives
/// up its whole width, so the line still ends flush.
pub fn end_trim(item: &Item) -> f32 {
    match item.class {
        Class::Close | Class::Stop | Class::Middle => item.rb,
        c if c.is_space() => item.width,
        _ => 0.0,
    }
}

/// Set CJK punctuation full width and record its blank halves. Dash runs (`——`) are joined:
/// their ink is made contiguous and centred in the run (GB/T 15834 §4.13).
pub(crate) fn normalise(shaper: &Shaper, items: &mut [Item], glyphs: &mut [Glyph], em: f32) {
    let mut k = 0;
    while k < items.len() {
        let Some(item) = items.get(k) else { break };
        if item.class == Class::Dash {
            let mut end = k + 1;
            while items.get(end).is_some_and(|i| i.class == Class::Dash) {
                end += 1;
            }
            join_dashes(shaper, items.get_mut(k..end).unwrap_or(&mut []), glyphs, em);
            k = end;
            continue;
        }
        let cjk_punct = matches!(
            item.class,
            Class::Open | Class::Close | Class::Stop | Class::Middle | Class::Ellipsis
        );
        if cjk_punct {
            let shift = if (item.width - em).abs() > 0.01 * em {
                (em - item.width) / 2.0
            } else {
                0.0
            };
            for g in glyphs.get_mut(item.glyphs.clone()).unwrap_or(&mut []) {
                g.dx += shift;
            }
            let ink = item_ink(shaper, item, glyphs, em);
            if let Some(it) = items.get_mut(k) {
                it.width = em;
                if let Some(ink) = ink {
                    let (l, r) = blank_halves(it.class, ink);
                    it.lb = l * em;
                    it.rb = r * em;
                }
            }
        }
        k += 1;
    }
}

/// Dashes: one em each, inks contiguous and centred over the run.
fn join_dashes(shaper: &Shaper, run: &mut [Item], glyphs: &mut [Glyph], em: f32) {
    let n = run.len() as f32;
    for (j, item) in run.iter_mut().enumerate() {
        let ink = item_ink(shaper, item, glyphs, em);
        let (l, r) = ink.unwrap_or((0.0, item.width / em));
        let w = (r - l).max(0.0);
        let margin = (n - n * w) / 2.0 * em;
        let ink_start = margin + j as f32 * w * em;
        let shift = ink_start - j as f32 * em - l * em;
        for g in glyphs.get_mut(item.glyphs.clone()).unwrap_or(&mut []) {
            g.dx += shift;
        }
        item.width = em;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clreq §3.1.6: Noto's marks sit in one half; the other half is trimmable.
    #[test]
    fn halves_from_ink() {
        assert_eq!(blank_halves(Class::Stop, (0.04, 0.32)), (0.0, 0.5)); // 。
        assert_eq!(blank_halves(Class::Open, (0.57, 0.92)), (0.5, 0.0)); // “
        assert_eq!(blank_halves(Class::Close, (0.08, 0.43)), (0.0, 0.5)); // ”
        assert_eq!(blank_halves(Class::Middle, (0.41, 0.59)), (0.25, 0.25)); // ・
        assert_eq!(blank_halves(Class::Han, (0.05, 0.95)), (0.0, 0.0));
    }

    /// clreq §3.1.6.1: `。”` `）、` `，“` `“「` take 1.5 em.
    #[test]
    fn adjacent_marks_take_one_and_a_half_em() {
        assert_eq!(
            pair_trim((Class::Stop, 0.5), (Class::Close, 0.0)),
            (0.5, 0.0)
        );
        assert_eq!(
            pair_trim((Class::Close, 0.5), (Class::Stop, 0.0)),
            (0.5, 0.0)
        );
        assert_eq!(
            pair_trim((Class::Stop, 0.5), (Class::Open, 0.5)),
            (0.5, 0.0)
        );
        assert_eq!(
            pair_trim((Class::Open, 0.0), (Class::Open, 0.5)),
            (0.0, 0.5)
        );
        assert_eq!(pair_trim((Class::Han, 0.0), (Class::Stop, 0.0)), (0.0, 0.0));
        assert_eq!(
            pair_trim((Class::Stop, 0.5), (Class::Dash, 0.0)),
            (0.0, 0.0)
        );
    }
}
