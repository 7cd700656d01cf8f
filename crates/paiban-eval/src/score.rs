//! Scoring: paiban's reading of a page against the page's truth.
//!
//! Input: a [`TruthPage`] and the [`Edition`] paiban read (from the clean or a damaged page).
//! Output: a [`Score`] — the columns of the table — and, for `--verbose`, a list of every miss
//! with its text.
//!
//! Method. All text is compared after [`norm`] (no whitespace, full-width ASCII folded to
//! ASCII, curly quotes to straight ones, `—` to `一`, □/■ dropped), so only structure counts.
//! The truth's header lines and paragraphs are laid end to end in one string of *segments*.
//! Each unit of the reading — kicker, headline, subtitle, byline, and every body block, the
//! dateline joined back to the lead paragraph — is *located* in that string: whole if it
//! occurs there (searched from the end of the previous unit first, then from the start),
//! else as the longest located prefixes one after the other (of 3 characters or more; a unit
//! with none is *unlocated*: text not in the truth, such as page furniture). Then:
//! - a segment boundary inside a located unit is a false join (so is a seam between two
//!   pieces of a unit that are not adjacent in the truth);
//! - a unit starting or ending inside a segment cuts it: each distinct cut is a missed join;
//! - a unit of 4 characters or more whose located text was already covered by earlier units
//!   (≥ 80 %) is a repeat (where a unit fits several places, one not yet covered is taken); an
//!   article made only of repeats is a skeleton;
//! - Han characters lost: the truth's multiset of Han characters minus the reading's and
//!   minus those of the source lines that `dedupe` reports removing and that are gone from the
//!   reading (a page may repeat a paragraph itself; a reported removal is not a silent loss).

use crate::truth::{HeadRole, TruthPage};
use paiban_ingest::Ingested;
use paiban_model::{BlockKind, Edition};
use serde::Serialize;
use std::collections::HashMap;

/// The columns of one row of the table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Header lines of the truth.
    pub heads: usize,
    /// …found as kicker, headline or subtitle of some read article.
    pub heads_found: usize,
    /// …found in their own role.
    pub heads_role: usize,
    /// Read kicker/headline/subtitle lines that are (part of) a truth paragraph.
    pub body_heads: usize,
    /// Read subheads that are (part of) a truth paragraph.
    pub subheads: usize,
    /// Read articles without a headline whose text belongs to a titled truth article.
    pub untitled: usize,
    /// Articles in the truth.
    pub articles: usize,
    /// Articles read.
    pub articles_read: usize,
    /// Paragraphs in the truth.
    pub paras: usize,
    /// …restored exactly (as one block, after [`norm`]).
    pub paras_exact: usize,
    /// Truth boundaries inside one read block, and seams of text not adjacent in the truth.
    pub false_joins: usize,
    /// Distinct cuts inside truth paragraphs or header lines.
    pub missed_joins: usize,
    /// Read units whose text was already read before.
    pub repeats: usize,
    /// Read articles made only of repeats.
    pub skeletons: usize,
    /// Han characters of the truth missing from the reading, except those of source lines
    /// that `dedupe` reports removing.
    pub han_lost: usize,
    /// Han characters of source lines that `dedupe` reports removing and that the reading
    /// no longer holds.
    pub han_reported: usize,
    /// Han characters of the reading not in the truth (repeats left, OCR confusions).
    pub han_extra: usize,
    /// Spaces between two Han characters of the truth (names in a list, `王朗 摄`) missing
    /// from the reading.
    pub spaces_lost: usize,
    /// Read units not found in the truth at all.
    pub unlocated: usize,
}

impl Score {
    /// Add `o` to `self`, column by column.
    pub fn add(&mut self, o: &Score) {
        macro_rules! sum { ($($f:ident),*) => { $(self.$f += o.$f;)* } }
        sum!(
            heads,
            heads_found,
            heads_role,
            body_heads,
            subheads,
            untitled,
            articles,
            articles_read,
            paras,
            paras_exact,
            false_joins,
            missed_joins,
            repeats,
            skeletons,
            han_lost,
            han_reported,
            han_extra,
            spaces_lost,
            unlocated
        );
    }

    /// Paragraphs restored exactly, in percent (100 when there are none).
    pub fn exact_pct(&self) -> f64 {
        if self.paras == 0 {
            100.0
        } else {
            self.paras_exact as f64 * 100.0 / self.paras as f64
        }
    }
}

/// Fold `s` so that only structure counts: see the module header.
pub fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '□' | '■'))
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '“' | '”' | '„' => '"',
            '‘' | '’' => '\'',
            '—' => '一',
            c => c,
        })
        .collect()
}

/// Is `c` a Han character? (The reader's own definition.)
pub use paiban_ingest::chars::is_han;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Head(HeadRole),
    Byline,
    Block(BlockKind),
}

struct Unit {
    article: usize,
    field: Field,
    text: String,
    raw: String,
    /// Source line of the block in the file paiban read (0 when unknown).
    line: u32,
}

fn units(ed: &Edition) -> Vec<Unit> {
    let mut out = Vec::new();
    for (ai, (_, a)) in ed.articles().enumerate() {
        let mut push = |field, raw: String, line: u32| {
            let text = norm(&raw);
            if !text.is_empty() {
                out.push(Unit {
                    article: ai,
                    field,
                    text,
                    raw,
                    line,
                });
            }
        };
        let at = a.span.line;
        for (role, v) in [
            (HeadRole::Kicker, &a.kicker),
            (HeadRole::Headline, &a.headline),
            (HeadRole::Subtitle, &a.subtitle),
        ] {
            if let Some(t) = v {
                push(Field::Head(role), t.clone(), at);
            }
        }
        if let Some(b) = &a.byline {
            push(Field::Byline, b.clone(), at);
        }
        let lead = a.blocks.iter().position(|b| b.kind == BlockKind::Paragraph);
        for (bi, b) in a.blocks.iter().enumerate() {
            let raw = match (&a.dateline, lead == Some(bi)) {
                (Some(d), true) => format!("{d} {}", b.text),
                _ => b.text.clone(),
            };
            push(Field::Block(b.kind), raw, b.span.line);
        }
        if lead.is_none()
            && let Some(d) = &a.dateline
        {
            push(Field::Block(BlockKind::Paragraph), d.clone(), at);
        }
    }
    out
}

struct Segments {
    all: String,
    /// (start, end, article, header role or None for a paragraph)
    segs: Vec<(usize, usize, usize, Option<HeadRole>)>,
}

impl Segments {
    fn new(page: &TruthPage) -> Self {
        let mut all = String::new();
        let mut segs = Vec::new();
        for (ai, a) in page.articles.iter().enumerate() {
            let heads = a.header_lines().into_iter().map(|(r, t)| (Some(r), t));
            for (role, t) in heads.chain(a.paras.iter().map(|p| (None, p.as_str()))) {
                let n = norm(t);
                if n.is_empty() {
                    continue;
                }
                let s = all.len();
                all.push_str(&n);
                segs.push((s, all.len(), ai, role));
            }
        }
        Segments { all, segs }
    }

    /// The segment holding byte `pos` (a start position).
    fn at(&self, pos: usize) -> Option<&(usize, usize, usize, Option<HeadRole>)> {
        let i = self.segs.partition_point(|s| s.1 <= pos);
        self.segs.get(i)
    }

    fn find(&self, needle: &str, from: usize) -> Option<usize> {
        self.all
            .get(from..)
            .and_then(|t| t.find(needle))
            .map(|p| p + from)
            .or_else(|| self.all.find(needle))
    }

    /// The best occurrence of a whole unit: one that fills a segment, else one that starts or
    /// ends with a segment, else the first from `from` on (a short block such as `一` occurs
    /// inside many paragraphs).
    fn find_whole(&self, needle: &str, from: usize, covered: &[bool]) -> Option<usize> {
        let starts = |p: usize| self.segs.binary_search_by_key(&p, |s| s.0).is_ok();
        let ends = |p: usize| self.segs.binary_search_by_key(&p, |s| s.1).is_ok();
        self.all
            .match_indices(needle)
            .take(500)
            .map(|(p, _)| p)
            .max_by_key(|&p| {
                let fit = usize::from(starts(p)) + usize::from(ends(p + needle.len()));
                let fresh = !covered.get(p).copied().unwrap_or(false);
                // Prefer the fit, then text not yet read, then positions from `from` on,
                // nearest first.
                (fit, fresh, p >= from, std::cmp::Reverse(p.abs_diff(from)))
            })
    }

    /// Locate `text`: whole, or as consecutive longest prefixes. Returns byte ranges.
    fn locate(&self, text: &str, from: usize, covered: &[bool]) -> Vec<(usize, usize)> {
        if let Some(p) = self.find_whole(text, from, covered) {
            return vec![(p, p + text.len())];
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out = Vec::new();
        let mut i = 0usize;
        let mut cursor = from;
        while i < chars.len() {
            let start = chars[i].0;
            let end_of = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
            // Longest k > i with text[start..end_of(k)] found (monotone in k).
            let (mut lo, mut hi) = (i, chars.len());
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if self.find(&text[start..end_of(mid)], cursor).is_some() {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            // A piece of one or two characters (`专`, `：`) is found anywhere: not located.
            if lo < i + MIN_PIECE {
                i += 1;
                continue;
            }
            let piece = &text[start..end_of(lo)];
            if let Some(p) = self.find(piece, cursor) {
                // A piece that runs 1-3 characters over a segment boundary and is not the
                // unit's end took the next piece's first characters by chance: stop it there.
                let over = self
                    .segs
                    .iter()
                    .map(|s| s.0)
                    .filter(|&b| b > p && b < p + piece.len())
                    .max()
                    .map(|b| (b - p, piece[b - p..].chars().count()));
                if let Some((keep, tail)) = over
                    && lo < chars.len()
                    && tail <= 3
                    && piece[..keep].chars().count() >= MIN_PIECE
                {
                    out.push((p, p + keep));
                    cursor = p + keep;
                    i = lo - tail;
                    continue;
                }
                out.push((p, p + piece.len()));
                cursor = p + piece.len();
            }
            i = lo;
        }
        out
    }
}

/// Units shorter than this (in characters) are never counted as repeats.
const MIN_REPEAT: usize = 4;

/// Pieces of a unit not found whole are located only from this many characters on.
const MIN_PIECE: usize = 3;

fn excerpt(all: &str, at: usize) -> String {
    let mut a = at.saturating_sub(24);
    while !all.is_char_boundary(a) {
        a += 1;
    }
    let mut b = (at + 24).min(all.len());
    while !all.is_char_boundary(b) {
        b -= 1;
    }
    format!(
        "{}|{}",
        all.get(a..at).unwrap_or(""),
        all.get(at..b).unwrap_or("")
    )
}

fn short(s: &str) -> String {
    let n = s.chars().count();
    if n <= 40 {
        s.to_string()
    } else {
        let a: String = s.chars().take(20).collect();
        let b: String = s.chars().skip(n - 16).collect();
        format!("{a}…{b}")
    }
}

/// The pairs of Han characters with whitespace between them, counted.
fn spaced_pairs<'a>(texts: impl Iterator<Item = &'a str>) -> HashMap<(char, char), usize> {
    let mut m = HashMap::new();
    for t in texts {
        let mut prev: Option<char> = None;
        let mut gap = false;
        for c in t.chars() {
            if c.is_whitespace() {
                gap = prev.is_some();
                continue;
            }
            if is_han(c) {
                if let (Some(p), true) = (prev, gap) {
                    *m.entry((p, c)).or_insert(0) += 1;
                }
                prev = Some(c);
            } else {
                prev = None;
            }
            gap = false;
        }
    }
    m
}

fn han_counts<'a>(texts: impl Iterator<Item = &'a str>) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for c in texts.flat_map(str::chars).filter(|c| is_han(*c)) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

/// Score the reading `read` of the page text `source` against `truth`, with the list of
/// every miss.
pub fn score(truth: &TruthPage, read: &Ingested, source: &str) -> (Score, Vec<String>) {
    let ed = &read.edition;
    let mut s = Score::default();
    let mut log = Vec::new();
    let segs = Segments::new(truth);
    let truth_line = |ai: usize| truth.articles.get(ai).map_or(0, |a| a.line);
    let units = units(ed);
    s.articles = truth.articles.len();
    s.articles_read = ed.articles().count();
    s.paras = truth.para_count();
    s.heads = truth.header_count();

    // Header lines.
    let read_heads: HashMap<&str, Vec<HeadRole>> = units.iter().fold(HashMap::new(), |mut m, u| {
        if let Field::Head(r) = u.field {
            m.entry(u.text.as_str()).or_default().push(r);
        }
        m
    });
    for a in &truth.articles {
        for (role, t) in a.header_lines() {
            let n = norm(t);
            match read_heads.get(n.as_str()) {
                Some(roles) => {
                    s.heads_found += 1;
                    if truth.roles_unknown || roles.contains(&role) {
                        s.heads_role += 1;
                    } else {
                        log.push(format!(
                            "t:L{} head in another role ({role:?} read as {roles:?}): {t}",
                            a.line
                        ));
                    }
                }
                None => log.push(format!("t:L{} head missed ({role:?}): {t}", a.line)),
            }
        }
    }

    let truth_heads: std::collections::HashSet<String> = truth
        .articles
        .iter()
        .flat_map(|a| a.header_lines().into_iter().map(|(_, t)| norm(t)))
        .collect();

    // Paragraphs restored exactly (multiset).
    let mut read_texts: HashMap<&str, usize> = HashMap::new();
    for u in units.iter().filter(|u| !matches!(u.field, Field::Head(_))) {
        *read_texts.entry(u.text.as_str()).or_insert(0) += 1;
    }
    for a in &truth.articles {
        for p in &a.paras {
            let n = norm(p);
            match read_texts.get_mut(n.as_str()) {
                Some(c) if *c > 0 => {
                    *c -= 1;
                    s.paras_exact += 1;
                }
                _ => {}
            }
        }
    }

    // Locate every unit.
    let mut covered = vec![false; segs.all.len()];
    let mut cuts = std::collections::BTreeSet::new();
    let mut joins = std::collections::BTreeSet::new();
    let mut seams = 0usize;
    let mut cursor = 0usize;
    let mut art_units: HashMap<usize, (usize, usize)> = HashMap::new(); // article -> (units, repeats)
    let mut art_first: HashMap<usize, usize> = HashMap::new(); // article -> first located pos
    for u in &units {
        let ranges = segs.locate(&u.text, cursor, &covered);
        if ranges.is_empty() {
            s.unlocated += 1;
            log.push(format!(
                "s:L{} unlocated {:?}: {}",
                u.line,
                u.field,
                short(&u.raw)
            ));
            continue;
        }
        art_first.entry(u.article).or_insert(ranges[0].0);
        let located: usize = ranges.iter().map(|r| r.1 - r.0).sum();
        let before: usize = ranges
            .iter()
            .map(|r| covered[r.0..r.1].iter().filter(|c| **c).count())
            .sum();
        // Short units (a lone quote, `一`) occur everywhere: never counted as repeats.
        let repeat = u.text.chars().count() >= MIN_REPEAT && before * 5 >= located * 4;
        let e = art_units.entry(u.article).or_insert((0, 0));
        e.0 += 1;
        if repeat {
            e.1 += 1;
            s.repeats += 1;
            log.push(format!(
                "s:L{} repeat {:?}: {}",
                u.line,
                u.field,
                short(&u.raw)
            ));
        }
        let unit_seams = ranges.windows(2).filter(|w| w[0].1 != w[1].0).count();
        if unit_seams > 0 {
            seams += unit_seams;
            log.push(format!(
                "s:L{} false join ×{unit_seams} (text not adjacent in the truth): {}",
                u.line,
                short(&u.raw)
            ));
        }
        for &(a, b) in &ranges {
            covered[a..b].iter_mut().for_each(|c| *c = true);
            for seg in &segs.segs {
                if seg.0 > a && seg.0 < b && joins.insert(seg.0) {
                    log.push(format!(
                        "s:L{} t:L{} false join: {}",
                        u.line,
                        truth_line(seg.2),
                        excerpt(&segs.all, seg.0)
                    ));
                }
            }
            for p in [a, b] {
                if let Some(seg) = segs.at(p)
                    && p > seg.0
                    && p < seg.1
                    && cuts.insert(p)
                {
                    log.push(format!(
                        "s:L{} t:L{} missed join: {}",
                        u.line,
                        truth_line(seg.2),
                        excerpt(&segs.all, p)
                    ));
                }
            }
        }
        let in_para = segs.at(ranges[0].0).is_some_and(|seg| seg.3.is_none());
        match u.field {
            Field::Head(_) if in_para && !truth_heads.contains(&u.text) => {
                s.body_heads += 1;
                log.push(format!(
                    "s:L{} body line made heading: {}",
                    u.line,
                    short(&u.raw)
                ));
            }
            Field::Block(BlockKind::Subhead) if in_para => s.subheads += 1,
            _ => {}
        }
        cursor = ranges.last().map_or(cursor, |r| r.1);
    }
    s.false_joins = joins.len() + seams;
    s.missed_joins = cuts.len();
    for (ai, (_, a)) in ed.articles().enumerate() {
        if let Some((n, r)) = art_units.get(&ai)
            && *n > 0
            && n == r
        {
            s.skeletons += 1;
            log.push(format!(
                "skeleton article ({n} units): {}",
                a.headline.as_deref().unwrap_or("(untitled)")
            ));
        }
        if a.headline.is_none()
            && let Some(seg) = art_first.get(&ai).and_then(|p| segs.at(*p))
            && truth
                .articles
                .get(seg.2)
                .is_some_and(|t| t.headline.is_some())
        {
            s.untitled += 1;
            let first = a.blocks.first().map_or("", |b| b.text.as_str());
            log.push(format!("untitled article: {}", short(first)));
        }
    }

    // Spaces between Han characters.
    let truth_texts = || {
        truth.articles.iter().flat_map(|a| {
            a.header_lines()
                .into_iter()
                .map(|(_, t)| t)
                .chain(a.paras.iter().map(String::as_str))
        })
    };
    let read_pairs = spaced_pairs(units.iter().map(|u| u.raw.as_str()));
    let mut pairs: Vec<_> = spaced_pairs(truth_texts()).into_iter().collect();
    pairs.sort_unstable();
    for ((a, b), n) in pairs {
        let lost = n.saturating_sub(read_pairs.get(&(a, b)).copied().unwrap_or(0));
        if lost > 0 {
            s.spaces_lost += lost;
            log.push(format!("space lost between {a} and {b} (×{lost})"));
        }
    }

    // Han characters.
    let truth_han = han_counts(truth.articles.iter().flat_map(|a| {
        a.header_lines()
            .into_iter()
            .map(|(_, t)| t)
            .chain(a.paras.iter().map(String::as_str))
    }));
    let read_han = han_counts(units.iter().map(|u| u.raw.as_str()));
    let lines: Vec<&str> = source.split('\n').collect();
    // A reported removal excuses a loss only when its text is gone from the reading (the
    // removal of a copy whose text is still read loses nothing), or when the truth itself
    // prints that text twice (a web page that repeats a paragraph: kept once, rightly).
    let truth_text: String = truth
        .articles
        .iter()
        .flat_map(|a| {
            a.header_lines()
                .into_iter()
                .map(|(_, t)| norm(t))
                .chain(a.paras.iter().map(|p| norm(p)))
        })
        .collect();
    let twice_in_truth = |n: &str| {
        truth_text
            .find(n)
            .and_then(|i| truth_text.get(i + n.len()..))
            .is_some_and(|rest| rest.contains(n))
    };
    let reported = han_counts(
        read.diagnostics
            .iter()
            .filter(|d| d.code == "dedupe")
            .filter_map(|d| lines.get((d.span.line as usize).checked_sub(1)?).copied())
            .filter(|l| {
                let n = norm(l.trim_start_matches('#'));
                !n.is_empty() && (!units.iter().any(|u| u.text.contains(&n)) || twice_in_truth(&n))
            }),
    );
    s.han_reported = reported.values().sum();
    for (c, n) in &truth_han {
        let got = read_han.get(c).copied().unwrap_or(0) + reported.get(c).copied().unwrap_or(0);
        let lost = n.saturating_sub(got);
        if lost > 0 {
            s.han_lost += lost;
            log.push(format!("Han character lost: {c} (×{lost})"));
        }
    }
    for (c, n) in &read_han {
        s.han_extra += n.saturating_sub(truth_han.get(c).copied().unwrap_or(0));
    }
    (s, log)
}
