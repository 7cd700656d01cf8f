//! Choosing the breaks: total-fit (Knuth–Plass-like) over every item boundary, with CJK costs.
//!
//! Stage: inline layout, phase 4. Input: items with widths and blanks (`punct`), boundary
//! penalties (`breaks`), the measure. Output: the chosen break boundaries. A line's width,
//! shrink (punctuation blanks, clreq §3.1.6) and stretch (justifiable gaps) come from prefix
//! sums, so one candidate line costs O(1) and the paragraph O(n·k), k = items per line.
//! Costs follow clreq §3.8: squeezing punctuation on the line is cheaper than pushing a
//! character down; pushing down (stretching the gaps) is cheaper than breaking a prohibition.

use super::Align;
use super::breaks::Penalty;
use super::class::{Class, han_latin_boundary, no_line_start};
use super::punct::{end_trim, mid_line_blanks, pair_trim};
use super::shape::Item;

/// Per-paragraph tables for O(1) line measurement.
pub(crate) struct Tables {
    /// Σ item widths before item i.
    w: Vec<f64>,
    /// Σ pair trims at boundaries 1..=b.
    pair: Vec<f64>,
    /// Σ Han–Latin gaps at boundaries 1..=b.
    gap: Vec<f64>,
    /// Σ justifiable boundaries 1..=b.
    just: Vec<u32>,
    /// Σ item shrink before item i.
    shrink: Vec<f64>,
    /// Per boundary: (pair trim from the item before, from the item after), gap, justifiable.
    pub bound: Vec<(f32, f32, f32, bool)>,
    /// Per item: remaining (left, right) shrink.
    pub sh: Vec<(f32, f32)>,
}

/// clreq §3.6: quarter-em Han–Latin gap.
pub fn gap_between(a: &Item, b: &Item, em: f32) -> f32 {
    if han_latin_boundary(a.class, b.class) {
        em / 4.0
    } else {
        0.0
    }
}

/// clreq §3.8: justification space goes between characters, never inside `——`/`……` and never
/// inside a Latin word.
pub fn justifiable(a: &Item, b: &Item) -> bool {
    !matches!(
        (a.class, b.class),
        (Class::Latin, Class::Latin)
            | (Class::Dash, Class::Dash)
            | (Class::Ellipsis, Class::Ellipsis)
            // Before an ideographic space: a blank em of its own, given up at a line's end
            // with nothing left of a gap before it.
            | (_, Class::IdeoSpace)
    )
}

impl Tables {
    pub(crate) fn new(items: &[Item], em: f32) -> Tables {
        let n = items.len();
        let mut bound = vec![(0.0f32, 0.0f32, 0.0f32, false); n + 1];
        for b in 1..n {
            if let (Some(a), Some(c)) = (items.get(b - 1), items.get(b)) {
                let (a_rb, c_lb) = (mid_line_blanks(a).1, mid_line_blanks(c).0);
                let (ta, tb) = pair_trim((a.class, a_rb / em), (c.class, c_lb / em));
                if let Some(s) = bound.get_mut(b) {
                    *s = (ta * em, tb * em, gap_between(a, c, em), justifiable(a, c));
                }
            }
        }
        let mut sh = Vec::with_capacity(n);
        for (i, it) in items.iter().enumerate() {
            let left = bound.get(i).map(|x| x.1).unwrap_or(0.0);
            let right = bound.get(i + 1).map(|x| x.0).unwrap_or(0.0);
            let (lb, rb) = mid_line_blanks(it);
            sh.push(((lb - left).max(0.0), (rb - right).max(0.0)));
        }
        let mut t = Tables {
            w: Vec::with_capacity(n + 1),
            pair: Vec::with_capacity(n + 1),
            gap: Vec::with_capacity(n + 1),
            just: Vec::with_capacity(n + 1),
            shrink: Vec::with_capacity(n + 1),
            bound,
            sh,
        };
        let (mut w, mut p, mut g, mut j, mut s) = (0.0f64, 0.0f64, 0.0f64, 0u32, 0.0f64);
        for i in 0..=n {
            if let Some(&(ta, tb, gp, jb)) = t.bound.get(i) {
                p += f64::from(ta + tb);
                g += f64::from(gp);
                j += u32::from(jb);
            }
            t.w.push(w);
            t.pair.push(p);
            t.gap.push(g);
            t.just.push(j);
            t.shrink.push(s);
            if let (Some(it), Some(&(l, r))) = (items.get(i), t.sh.get(i)) {
                w += f64::from(it.width);
                s += f64::from(l + r);
            }
        }
        t
    }

    /// Natural width, shrink and number of justifiable gaps of the line of items `i..j`.
    pub(crate) fn measure(
        &self,
        items: &[Item],
        i: usize,
        j: usize,
        indent: f64,
    ) -> (f64, f64, u32) {
        if j <= i {
            return (0.0, 0.0, 0);
        }
        self.measure_to(items, i, &self.line_end(items, j), indent)
    }

    /// What [`Tables::measure`] reads at a line's end `j`, read once for every start.
    fn line_end(&self, items: &[Item], j: usize) -> LineEnd {
        let g = |v: &Vec<f64>, k: usize| v.get(k).copied().unwrap_or(0.0);
        let before = j.saturating_sub(1);
        LineEnd {
            j,
            w: g(&self.w, j),
            pair: g(&self.pair, before),
            gap: g(&self.gap, before),
            trim: items
                .get(before)
                .map(|it| f64::from(end_trim(it)))
                .unwrap_or(0.0),
            shrink: g(&self.shrink, j),
            right: self.sh.get(before).map(|x| f64::from(x.1)).unwrap_or(0.0),
            just: self.just.get(before).copied().unwrap_or(0),
        }
    }

    /// [`Tables::measure`] of the line from `i` to `end.j` (`i < end.j`): the same sums in
    /// the same order, so the same floating-point results.
    fn measure_to(&self, items: &[Item], i: usize, end: &LineEnd, indent: f64) -> (f64, f64, u32) {
        let j = end.j;
        let g = |v: &Vec<f64>, k: usize| v.get(k).copied().unwrap_or(0.0);
        let mut nat = indent + end.w - g(&self.w, i);
        if j >= i + 2 {
            nat += -(end.pair - g(&self.pair, i)) + (end.gap - g(&self.gap, i));
        }
        nat -= end.trim;
        if j > i + 1 && items.get(i).is_some_and(|it| it.class.is_space()) {
            nat -= items.get(i).map(|it| f64::from(it.width)).unwrap_or(0.0);
        }
        let mut shrink = end.shrink - g(&self.shrink, i);
        shrink -= end.right;
        shrink -= self.sh.get(i).map(|x| f64::from(x.0)).unwrap_or(0.0);
        let just = if j >= i + 2 {
            end.just - self.just.get(i).copied().unwrap_or(0)
        } else {
            0
        };
        (nat, shrink.max(0.0), just)
    }
}

/// The terms of a line's measure that depend only on its end (see [`Tables::line_end`]).
struct LineEnd {
    j: usize,
    /// Σ item widths before `j`.
    w: f64,
    /// Σ pair trims and Han–Latin gaps at boundaries 1..=j−1.
    pair: f64,
    gap: f64,
    /// The last item's end trim.
    trim: f64,
    /// Σ item shrink before `j`, and the last item's right shrink.
    shrink: f64,
    right: f64,
    /// Σ justifiable boundaries 1..=j−1.
    just: u32,
}

/// Cost of a line of natural width `nat` with `shrink` and `gaps` in measure `width`; `None`
/// when it cannot fit even fully squeezed.
pub fn line_cost(
    nat: f64,
    shrink: f64,
    gaps: u32,
    width: f64,
    em: f64,
    justify: bool,
) -> Option<f64> {
    let eps = 0.005;
    if nat > width + eps {
        if nat - shrink > width + eps {
            return None;
        }
        // Squeezing punctuation: cheap (clreq §3.8 prefers it to pushing down).
        let r = (nat - width) / shrink.max(1e-9);
        return Some(2.0 + 4.0 * r * r);
    }
    let slack = (width - nat) / em;
    if !justify {
        return Some(10.0 * slack * slack);
    }
    if gaps == 0 {
        return Some(if slack < 0.01 {
            0.0
        } else {
            1e4 * (1.0 + slack)
        });
    }
    let per_gap = slack / f64::from(gaps);
    let r = per_gap / 0.5;
    Some(30.0 * slack + 100.0 * r * r * r)
}

/// Whether the last line `i..n` is one character alone (trailing stops/closing marks aside).
fn is_orphan(items: &[Item], i: usize) -> bool {
    let chars = items
        .get(i..)
        .unwrap_or(&[])
        .iter()
        .filter(|it| !no_line_start(it.first, false) && !it.class.is_space())
        .count();
    chars <= 1
}

/// Choose break boundaries (each a line end, the last one `items.len()`).
#[allow(clippy::too_many_arguments)]
pub(crate) fn choose(
    items: &[Item],
    tables: &Tables,
    penalties: &[Penalty],
    width: f32,
    first_indent: f32,
    align: Align,
    avoid_orphan: bool,
    em: f32,
) -> Vec<usize> {
    let n = items.len();
    if n == 0 {
        return Vec::new();
    }
    let (width, em) = (f64::from(width), f64::from(em));
    let justify = align == Align::Justify;
    const WINDOW: usize = 4096;
    let mut best = vec![f64::INFINITY; n + 1];
    let mut from = vec![0usize; n + 1];
    best[0] = 0.0;
    for j in 1..=n {
        let last = j == n;
        let pen = if last {
            0.0
        } else {
            penalties.get(j).map(|p| p.cost()).unwrap_or(0.0)
        };
        let mut found = false;
        let lo = j.saturating_sub(WINDOW);
        let end = tables.line_end(items, j);
        // best[j] and from[j] kept here while the starts are tried (each reads best[i], i < j).
        let (mut best_j, mut from_j) = (f64::INFINITY, 0usize);
        for i in (lo..j).rev() {
            let indent = if i == 0 { f64::from(first_indent) } else { 0.0 };
            let (nat, shrink, gaps) = tables.measure_to(items, i, &end, indent);
            if nat - shrink > width + em * 2.0 && i + 1 < j {
                break;
            }
            let base = best.get(i).copied().unwrap_or(f64::INFINITY);
            if !base.is_finite() {
                continue;
            }
            let cost = if last && align != Align::Center && nat <= width + 0.005 {
                Some(0.0)
            } else {
                line_cost(nat, shrink, gaps, width, em, justify)
            };
            let cost = match cost {
                Some(c) => {
                    found = true;
                    (10.0 + c) * (10.0 + c)
                }
                None if i + 1 == j && !found => 1e12 + (nat - width),
                None => continue,
            };
            let orphan = if last && avoid_orphan && i > 0 && is_orphan(items, i) {
                1e6
            } else {
                0.0
            };
            let total = base + cost + pen + orphan;
            if total < best_j {
                best_j = total;
                from_j = i;
            }
        }
        if let (Some(b), Some(f)) = (best.get_mut(j), from.get_mut(j)) {
            *b = best_j;
            *f = from_j;
        }
    }
    let mut out = Vec::new();
    let mut j = n;
    while j > 0 {
        out.push(j);
        j = from.get(j).copied().unwrap_or(0);
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// clreq §3.8: a line that fits by squeezing punctuation costs less than one stretched by
    /// a pushed-down character.
    #[test]
    fn squeeze_is_cheaper_than_push_down() {
        let squeeze = line_cost(10.4, 0.5, 20, 10.0, 1.0, true);
        let push = line_cost(9.0, 0.5, 19, 10.0, 1.0, true);
        assert!(squeeze.is_some() && push.is_some());
        assert!(squeeze < push);
        assert_eq!(line_cost(10.6, 0.5, 20, 10.0, 1.0, true), None);
    }
}
