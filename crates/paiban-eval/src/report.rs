//! Report: the table (or JSON) of scored rows, with totals per half.
//!
//! Input: the [`Row`]s of [`crate::eval_page`]. Output: text for the terminal — one line per
//! page and variant, then totals per half (TUNE, CHECK) and variant, then the whole set — or
//! the same as JSON (`{"rows":[…],"totals":[…]}`). The columns are explained by [`LEGEND`].

use crate::score::Score;
use crate::{Half, Row};
use serde::Serialize;
use std::fmt::Write;

/// What the columns mean (printed under the table).
pub const LEGEND: &str = "\
heads   header lines (kicker/headline/subtitle) found as a read kicker, headline or subtitle / in the truth
role    ...of them found in their own role
b>h     read kicker/headline/subtitle lines that are body text
sub     read subheads that are body text (not counted as errors)
unt     read articles without a headline whose text belongs to a titled article
art     articles in the truth / read
exact   truth paragraphs restored exactly as one block (after folding width, quotes, spaces)
fj      false joins: truth boundaries inside a read block, or text joined that is not adjacent
mj      missed joins: distinct cuts left inside a truth paragraph or header line
rep     read blocks or header lines repeating text already read; skel: articles made only of repeats
lost    Han characters of the truth missing from the reading, except in lines dedupe reports removing
extra   Han characters of the reading not in the truth (repeats left, OCR confusions)
sp      spaces between two Han characters of the truth (names in a list) missing from the reading
unloc   read blocks not found in the truth at all
--verbose: t:LN = the truth article starting at line N of the page; s:LN = line N of the file read";

/// Totals of one half (or of all pages, `half` = None) and one variant.
#[derive(Debug, Clone, Serialize)]
pub struct Total {
    /// TUNE, CHECK, or null for the whole set.
    pub half: Option<Half>,
    /// `clean`, `md` or `txt`.
    pub variant: &'static str,
    /// Pages summed.
    pub pages: usize,
    /// The summed score.
    pub score: Score,
}

const VARIANTS: [&str; 3] = ["clean", "md", "txt"];

/// Totals per half and variant, then per variant over all pages.
pub fn totals(rows: &[Row]) -> Vec<Total> {
    let mut out = Vec::new();
    for half in [Some(Half::Tune), Some(Half::Check), None] {
        for variant in VARIANTS {
            let mut t = Total {
                half,
                variant,
                pages: 0,
                score: Score::default(),
            };
            for r in rows
                .iter()
                .filter(|r| r.variant == variant && half.is_none_or(|h| h == r.half))
            {
                t.pages += 1;
                t.score.add(&r.score);
            }
            if t.pages > 0 {
                out.push(t);
            }
        }
    }
    out
}

fn line(out: &mut String, name: &str, variant: &str, s: &Score) {
    let _ = writeln!(
        out,
        "{name:<28} {variant:<5} {:>7} {:>4} {:>3} {:>3} {:>3} {:>7} {:>6.1}% {:>9} {:>3} {:>3} {:>3} {:>4} {:>5} {:>5} {:>3} {:>5}",
        format!("{}/{}", s.heads_found, s.heads),
        s.heads_role,
        s.body_heads,
        s.subheads,
        s.untitled,
        format!("{}/{}", s.articles, s.articles_read),
        s.exact_pct(),
        format!("{}/{}", s.paras_exact, s.paras),
        s.false_joins,
        s.missed_joins,
        s.repeats,
        s.skeletons,
        s.han_lost,
        s.han_extra,
        s.spaces_lost,
        s.unlocated,
    );
}

/// The table as text; with `verbose`, each row's misses under it.
pub fn table(rows: &[Row], verbose: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<28} {:<5} {:>7} {:>4} {:>3} {:>3} {:>3} {:>7} {:>7} {:>9} {:>3} {:>3} {:>3} {:>4} {:>5} {:>5} {:>3} {:>5}",
        "page",
        "var",
        "heads",
        "role",
        "b>h",
        "sub",
        "unt",
        "art",
        "exact",
        "",
        "fj",
        "mj",
        "rep",
        "skel",
        "lost",
        "extra",
        "sp",
        "unloc"
    );
    for r in rows {
        let half = match r.half {
            Half::Tune => "T",
            Half::Check => "C",
        };
        line(&mut out, &format!("{half} {}", r.page), r.variant, &r.score);
        if verbose {
            for l in &r.log {
                let _ = writeln!(out, "      {l}");
            }
        }
    }
    let _ = writeln!(out);
    for t in totals(rows) {
        let name = match t.half {
            Some(Half::Tune) => format!("TUNE ({} pages)", t.pages),
            Some(Half::Check) => format!("CHECK ({} pages)", t.pages),
            None => format!("ALL ({} pages)", t.pages),
        };
        line(&mut out, &name, t.variant, &t.score);
    }
    let _ = writeln!(out, "\n{LEGEND}");
    out
}

/// The rows and totals as JSON.
pub fn json(rows: &[Row]) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        rows: &'a [Row],
        totals: Vec<Total>,
    }
    serde_json::to_string_pretty(&Out {
        rows,
        totals: totals(rows),
    })
    .unwrap_or_default()
}

/// A floor: the worst total of one variant a test accepts. The lead raises floors as the
/// passes improve, so that a regression fails.
#[derive(Debug, Clone, Copy)]
pub struct Floor {
    /// `clean`, `md` or `txt`.
    pub variant: &'static str,
    /// Header lines found, at least.
    pub heads_found: usize,
    /// Body lines made headings, at most.
    pub body_heads: usize,
    /// Untitled articles, at most.
    pub untitled: usize,
    /// Paragraphs restored exactly, in percent, at least.
    pub exact_pct: f64,
    /// False joins, at most.
    pub false_joins: usize,
    /// Missed joins, at most.
    pub missed_joins: usize,
    /// Repeats left, at most.
    pub repeats: usize,
    /// Skeleton articles, at most.
    pub skeletons: usize,
    /// Han characters lost (not reported), at most.
    pub han_lost: usize,
}

/// Check the totals of `rows` over all pages against `floors`: one line per floor broken.
pub fn check_floors(rows: &[Row], floors: &[Floor]) -> Vec<String> {
    let totals = totals(rows);
    let mut bad = Vec::new();
    for f in floors {
        let Some(t) = totals
            .iter()
            .find(|t| t.half.is_none() && t.variant == f.variant)
        else {
            bad.push(format!("{}: no rows", f.variant));
            continue;
        };
        let s = &t.score;
        let mut at_most = |name: &str, got: usize, max: usize| {
            if got > max {
                bad.push(format!("{}: {name} {got} > floor {max}", f.variant));
            }
        };
        at_most("body lines made headings", s.body_heads, f.body_heads);
        at_most("untitled articles", s.untitled, f.untitled);
        at_most("false joins", s.false_joins, f.false_joins);
        at_most("missed joins", s.missed_joins, f.missed_joins);
        at_most("repeats", s.repeats, f.repeats);
        at_most("skeletons", s.skeletons, f.skeletons);
        at_most("Han lost", s.han_lost, f.han_lost);
        if s.heads_found < f.heads_found {
            bad.push(format!(
                "{}: header lines found {} < floor {}",
                f.variant, s.heads_found, f.heads_found
            ));
        }
        if s.exact_pct() < f.exact_pct {
            bad.push(format!(
                "{}: paragraphs exact {:.1}% < floor {:.1}%",
                f.variant,
                s.exact_pct(),
                f.exact_pct
            ));
        }
    }
    bad
}
