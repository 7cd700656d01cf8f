//! Column filling: where a column may break, and how to balance an article across columns.
//!
//! Input: an article body as a list of [`Piece`]s (one per body line, photo, spacer), each
//! with its height on the baseline grid and whether it must stay with the next piece.
//! Output: how many pieces go into each column. Pure functions, no fonts, no drawing.
//!
//! The rules (W3C clreq §3.3 "paragraph and page layout" practice, newspaper convention):
//! - at least two lines of a paragraph at the foot of a column and at the head of the next
//!   (no orphans, no widows): [`line_keeps`];
//! - a headline or subhead keeps with the first lines of what follows (`keep_with_next`);
//! - a photo keeps with its caption;
//! - a spacer at the head of a column is dropped (`discardable`).

use crate::display::Item;

/// A slice of an article body that goes into a column whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// Height in pt (a whole number of grid lines).
    pub height: f32,
    /// The column may not break between this piece and the next.
    pub keep_with_next: bool,
    /// Dropped when it would start a column (spacing before subheads).
    pub discardable: bool,
    /// What to draw, relative to the piece's top-left corner.
    pub items: Vec<Item>,
}

impl Piece {
    /// An empty spacer of `height`.
    pub fn space(height: f32) -> Piece {
        Piece {
            height,
            keep_with_next: false,
            discardable: true,
            items: Vec::new(),
        }
    }
}

/// For a paragraph of `n` lines, whether a column may *not* break after each line, so that
/// at least two lines stay at the foot of a column and two go to the next (clreq: avoid
/// widows and orphans). The last entry is `false`: after a paragraph a break is free.
pub fn line_keeps(n: usize) -> Vec<bool> {
    (0..n)
        .map(|i| {
            if i + 1 == n {
                return false;
            }
            let before = i + 1;
            let after = n - before;
            before < 2 || after < 2
        })
        .collect()
}

/// Where one column ends: pieces `start..end` go in; `start..first` are dropped spacers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnFill {
    /// First piece actually set (after dropped spacers).
    pub first: usize,
    /// One past the last piece set.
    pub end: usize,
}

/// Fill one column of `capacity` pt from `pieces[start..]`, breaking only where allowed.
/// When no allowed break fits and `force` is set (an empty column at the top of a page),
/// as many pieces as fit are taken (at least one) so that layout always progresses.
pub fn fill_column(pieces: &[Piece], start: usize, capacity: f32, force: bool) -> ColumnFill {
    let mut first = start;
    while first < pieces.len() && pieces[first].discardable {
        first += 1;
    }
    let mut used = 0.0;
    let mut fits = first; // one past the last piece that fits
    let mut legal = None; // one past the last piece after which a break is allowed
    for (i, p) in pieces.iter().enumerate().skip(first) {
        if used + p.height > capacity + 0.01 {
            break;
        }
        used += p.height;
        fits = i + 1;
        if !p.keep_with_next || i + 1 == pieces.len() {
            legal = Some(i + 1);
        }
    }
    let end = match legal {
        Some(e) => e,
        None if force => fits.max((first + 1).min(pieces.len())),
        None => first,
    };
    if end == first {
        // Nothing set: do not consume the spacers either.
        return ColumnFill {
            first: start,
            end: start,
        };
    }
    ColumnFill { first, end }
}

/// Split `pieces` over `columns` columns of at most `capacity` pt each. Returns the fills
/// (possibly fewer than `columns` if everything fits) and whether all pieces were placed.
pub fn fill_columns(
    pieces: &[Piece],
    columns: usize,
    capacity: f32,
    force_first: bool,
) -> (Vec<ColumnFill>, bool) {
    let mut fills = Vec::new();
    let mut at = 0;
    for c in 0..columns {
        if at >= pieces.len() {
            break;
        }
        let fill = fill_column(pieces, at, capacity, force_first && c == 0);
        fills.push(fill);
        at = fill.end;
    }
    // Trailing spacers count as placed.
    while at < pieces.len() && pieces[at].discardable {
        at += 1;
    }
    (fills, at >= pieces.len())
}

/// The smallest column height, in whole grid steps of `step` pt, that sets all `pieces` in
/// `columns` balanced columns, if one no taller than `max` exists.
pub fn balance(pieces: &[Piece], columns: usize, step: f32, max: f32) -> Option<f32> {
    let total: f32 = pieces.iter().map(|p| p.height).sum();
    if total <= 0.0 {
        return Some(0.0);
    }
    let cols = columns.max(1) as f32;
    let mut h = ((total / cols) / step).ceil() * step;
    while h <= max + 0.01 {
        if fill_columns(pieces, columns, h, false).1 {
            return Some(h);
        }
        h += step;
    }
    None
}

/// Height used by a column fill.
pub fn fill_height(pieces: &[Piece], fill: ColumnFill) -> f32 {
    pieces
        .get(fill.first..fill.end)
        .map(|s| s.iter().map(|p| p.height).sum())
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(n: usize) -> Vec<Piece> {
        line_keeps(n)
            .into_iter()
            .map(|keep| Piece {
                height: 1.0,
                keep_with_next: keep,
                discardable: false,
                items: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn widows_and_orphans_keep_two_lines() {
        // clreq: at least two lines of a paragraph on each side of a column break.
        assert_eq!(line_keeps(1), vec![false]);
        assert_eq!(line_keeps(2), vec![true, false]);
        assert_eq!(line_keeps(3), vec![true, true, false]);
        assert_eq!(line_keeps(5), vec![true, false, false, true, false]);
    }

    #[test]
    fn column_never_leaves_a_single_line() {
        // A 5-line paragraph in a 4-line column: breaking after line 4 would leave a widow,
        // so the column takes 3 lines.
        let p = para(5);
        assert_eq!(
            fill_column(&p, 0, 4.0, false),
            ColumnFill { first: 0, end: 3 }
        );
        // With room for one line only, the orphan rule moves the whole paragraph on.
        assert_eq!(
            fill_column(&p, 0, 1.0, false),
            ColumnFill { first: 0, end: 0 }
        );
        // ... unless the column is empty at the top of a page: then it must take something.
        assert_eq!(fill_column(&p, 0, 1.0, true).end, 1);
    }

    #[test]
    fn subhead_keeps_with_following_lines() {
        let mut p = para(3);
        let mut pieces = vec![
            Piece::space(1.0),
            Piece {
                height: 1.0,
                keep_with_next: true,
                discardable: false,
                items: Vec::new(),
            },
        ];
        pieces.append(&mut p);
        // Space + subhead + 1 line would fit in 3, but the subhead may not end a column.
        let fill = fill_column(&pieces, 0, 3.0, false);
        assert_eq!(fill.end, 0);
        // At a column top the spacer is dropped.
        let fill = fill_column(&pieces, 0, 10.0, false);
        assert_eq!(fill, ColumnFill { first: 1, end: 5 });
    }

    #[test]
    fn balanced_columns_are_even() {
        let mut pieces = para(6);
        pieces.extend(para(5));
        // 11 lines over 2 columns: 6 + 5.
        let h = balance(&pieces, 2, 1.0, 40.0).expect("balances");
        assert_eq!(h, 6.0);
        let (fills, all) = fill_columns(&pieces, 2, h, false);
        assert!(all);
        assert_eq!(fills.len(), 2);
        assert_eq!(fill_height(&pieces, fills[0]), 6.0);
        assert_eq!(fill_height(&pieces, fills[1]), 5.0);
    }

    #[test]
    fn balance_fails_when_too_tall() {
        assert_eq!(balance(&para(30), 2, 1.0, 10.0), None);
    }
}
