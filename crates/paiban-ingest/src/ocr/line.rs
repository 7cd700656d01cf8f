//! One engine line from its words, cut where the engine ran a line across a column gap.
//!
//! Stage: inside the hOCR and ALTO readers. Input: a line's box, its words (text, box when
//! given, confidence) and its ids. Output: one [`OcrLine`] or more on the page.
//!
//! Engines run a line across columns when the gutter is narrow (Tesseract does at 2 em):
//! `…两架，栋一边查看苗情…` is the ends of two columns' lines. Inside a line of Chinese text
//! the words (often single characters) stand a fraction of an em apart, but justification
//! stretches a short line's gaps to two glyphs as well, so a gap alone proves nothing. A
//! word of bars boxed far narrower than high (a column rule read as `|`) is first set apart
//! as a line of its own, which the page then drops (see `fragments`); then:
//! 0. first, where the words turn away from a line ([`LineBuild::turn_at`]: a word starting
//!    well left of one before it, or set a line above or below it), the engine ran other
//!    lines into this one (a headline beside a column's line, a subtitle's end read into a
//!    line far down the page): each part is a line of its own, boxed by its words;
//! 1. reading ([`LineBuild::finish`]): a gap of more than [`GAP`] glyph heights cuts the
//!    line into [`OcrLine::pieces`], each boxed by its words. A mark of punctuation read
//!    with little confidence in the gutter (a speck, `，` at 8 %) does not bridge the gap,
//!    nor box a piece; nor does an opening quote the engine read in the gutter and boxed
//!    with the next column's first word (`“今年`, boxed from the last glyph before the
//!    gutter): a word opening with a quote and boxed far wider than its characters fill
//!    is taken to stand at its box's right ([`inked`]). A speck standing out in a cut's
//!    gap is no text of the piece before it ([`without_gap_specks`]: `共计。”` would end a
//!    sentence that goes on in the column below);
//! 2. on the page ([`confirm_cuts`]): a cut stands where the piece after it starts at a
//!    column's left edge — where more than [`EDGE_LINES`] other lines or pieces nearby
//!    start, or [`INDENT`] glyphs right of one (a paragraph's first line) — at least
//!    [`MIN_COLUMN`] glyphs right of the line's start (nearer, it is where the column's
//!    indented lines start); else the line stays whole, exactly as the engine read it;
//! 3. a gutter one em wide, where Tesseract runs lines across most often, leaves a gap of
//!    about a glyph between two words, no wider than the blank a tight-boxed `。` leaves in
//!    a column. The line is also cut at gaps of more than [`NARROW`] glyph heights
//!    ([`OcrLine::narrow`]), and a cut, narrow or wide, is sure ([`gutter_cuts`]) where the
//!    page shows a gutter running down through it: at least [`STRIPE_LINES`] lines of the
//!    line's size within [`STRIPE_REACH`] glyphs above or below start, or are cut, where
//!    the piece starts (or [`INDENT`] glyphs left or right of it: a paragraph's first
//!    line), and fewer body lines there print across the whole gap (the lines of one
//!    column do, after a `。`; a speck read in a gutter may make one). Where a whole block is run across its
//!    gutter, no column's edge is left for step 2 to find; the gutter still runs down it.

use super::{BBox, OcrLine, OcrPage, clean_line, han_word_height};

/// A gap between two words wider than this many glyph heights may be a column gap.
const GAP: f64 = 1.2;

/// A gap between two words wider than this many glyph heights may be a narrow gutter (an
/// em, where Tesseract runs lines across most often); only a gutter running down the page
/// through the lines around confirms it (see [`confirm_cuts`]).
const NARROW: f64 = 0.8;

/// Other lines that must start, or be cut, where a narrow cut is for a gutter to confirm it.
const STRIPE_LINES: usize = 2;

/// How far (in glyph heights, up or down) those lines may be: three lines or so.
const STRIPE_REACH: f64 = 5.0;

/// Lines whose glyphs are up to this many times a line's are body lines beside it (a
/// headline over the columns runs across their gutter).
const BODY_GLYPH: f64 = 1.3;

/// A word starting more than this many glyph heights left of a word before it in its line
/// starts another line (the engine's first word box of a line may run over the words after
/// it, so starts are compared, not a start with an end).
const BACK: f64 = 1.5;

/// A word whose middle stands more than this many glyph heights above or below the word
/// before it starts another line (marks sit low, skew tilts a line by a fraction).
const ASIDE: f64 = 1.0;

/// Lines that must start at a cut's right side for it to be a column's left edge (besides
/// the piece itself).
const EDGE_LINES: usize = 3;

/// A paragraph's first line is set in by this many glyphs.
const INDENT: f64 = 2.0;

/// The narrowest column, in glyphs (a paragraph's indent is two).
pub(super) const MIN_COLUMN: f64 = 5.0;

/// How far (in glyph heights, up or down) those lines may be from the cut line.
pub(super) const EDGE_REACH: f64 = 40.0;

/// Below this confidence a word of punctuation alone is a speck (see [`Word::is_speck`]).
const SPECK_CONF: f64 = 0.5;

/// A word: its text, box (when the engine gave one) and confidence 0..1.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub(crate) text: String,
    pub(crate) bbox: Option<BBox>,
    pub(crate) conf: Option<f64>,
}

/// A line being read.
#[derive(Debug, Clone)]
pub(crate) struct LineBuild {
    pub(crate) bbox: BBox,
    pub(crate) x_size: Option<f64>,
    pub(crate) words: Vec<Word>,
    pub(crate) block: u32,
    pub(crate) par: u32,
    pub(crate) src_line: u32,
}

impl LineBuild {
    /// A line with no words yet.
    pub(crate) fn new(bbox: BBox, x_size: Option<f64>, block: u32, par: u32, line: u32) -> Self {
        LineBuild {
            bbox,
            x_size,
            words: Vec::new(),
            block,
            par,
            src_line: line,
        }
    }

    /// Push the line onto `page`, with its pieces when it has gaps that may be column gaps.
    pub(crate) fn finish(mut self, page: &mut OcrPage) {
        // A rule read as a word of bars (`VE|本报讯…`, a column rule between two columns'
        // lines) is a line of its own, for the page to drop (see `fragments`), never text
        // of the line nor a piece of it.
        let is_rule = |w: &Word| w.bbox.is_some_and(|b| super::fragments::rule(&w.text, &b));
        if self.words.len() > 1 && self.words.iter().any(is_rule) {
            let (rules, rest): (Vec<Word>, Vec<Word>) =
                self.words.iter().cloned().partition(is_rule);
            for r in rules {
                let bbox = r.bbox.unwrap_or(self.bbox);
                LineBuild {
                    bbox,
                    words: vec![r],
                    ..self.clone()
                }
                .finish(page);
            }
            if !rest.is_empty() {
                let bbox = words_box(&rest).unwrap_or(self.bbox);
                LineBuild {
                    bbox,
                    words: rest,
                    ..self
                }
                .finish(page);
            }
            return;
        }
        let Some(mut whole) = self.line(&self.words, self.bbox) else {
            return;
        };
        // Lines the engine ran into one (a word starting well left of one before it, or
        // set a line or more above or below it) are pushed one by one, each boxed by its
        // own words.
        if let Some(k) = self.turn_at(whole.glyph_h.or(self.x_size)) {
            let mut first = self.clone();
            let words = first.words.split_off(k);
            for part in [first, LineBuild { words, ..self }] {
                let bbox = words_box(&part.words).unwrap_or(part.bbox);
                LineBuild { bbox, ..part }.finish(page);
            }
            return;
        }
        let glyph = whole.glyph_h.unwrap_or(self.bbox.h());
        // A word opening with a mark boxed far wider than its characters fill took in the
        // blank before it (`“今年`, its quote read in the gutter): its characters stand at
        // the box's right.
        for w in self.words.iter_mut() {
            w.bbox = w.bbox.map(|b| inked(&w.text, b, glyph));
        }
        // Where each piece starts: after a gap of more than GAP glyph heights between two
        // boxed words (specks aside); and where each narrow piece starts, after a gap of
        // more than NARROW.
        let mut cuts = vec![0];
        let mut narrow = vec![0];
        let mut last: Option<&BBox> = None;
        for (i, w) in self.words.iter().enumerate() {
            if let Some(b) = &w.bbox
                && !w.is_speck()
            {
                if let Some(p) = last
                    && glyph > 0.0
                {
                    if b.x0 - p.x1 > GAP * glyph {
                        cuts.push(i);
                    }
                    if b.x0 - p.x1 > NARROW * glyph {
                        narrow.push(i);
                    }
                }
                last = Some(b);
            }
        }
        cuts.push(self.words.len());
        narrow.push(self.words.len());
        if cuts.len() > 2 {
            whole.pieces = self.pieces_at(&cuts, glyph);
        }
        if narrow.len() > cuts.len() {
            whole.narrow = self.pieces_at(&narrow, glyph);
        }
        page.lines.push(whole);
    }

    /// The line cut before the words at `cuts` (the first 0, the last the words' count):
    /// each piece boxed by its words across, by the line's box down.
    /// Specks standing in a cut's gap (after the piece's last word) are no text of it.
    fn pieces_at(&self, cuts: &[usize], glyph: f64) -> Vec<OcrLine> {
        let last = cuts.len().saturating_sub(2);
        cuts.windows(2)
            .enumerate()
            .filter_map(|(k, w)| {
                let words = self.words.get(*w.first()?..*w.get(1)?)?;
                let words = if k < last {
                    without_gap_specks(words, glyph)
                } else {
                    words
                };
                let bbox = words_box(words).map_or(self.bbox, |u| BBox {
                    x0: u.x0,
                    x1: u.x1,
                    ..self.bbox
                });
                self.line(words, bbox)
            })
            .collect()
    }

    /// Where the line's words turn away from a line: the first boxed word that starts more
    /// than [`BACK`] glyph heights left of a word before it (a line's words run left to
    /// right), or whose middle stands more than [`ASIDE`] glyph heights above or below the
    /// word before it. The words from there on are another line the engine ran into this
    /// one (a column's line and the headline beside it, a subtitle's end read into a line
    /// far down the page); `None` when they never turn, or no `glyph` height is known.
    fn turn_at(&self, glyph: Option<f64>) -> Option<usize> {
        let glyph = glyph?;
        let mut right = f64::NEG_INFINITY;
        let mut last_mid: Option<f64> = None;
        for (k, w) in self.words.iter().enumerate() {
            let Some(b) = w.bbox.filter(|_| !w.is_speck()) else {
                continue;
            };
            let mid = b.mid_y();
            if b.x0 < right - BACK * glyph
                || last_mid.is_some_and(|m| (mid - m).abs() > ASIDE * glyph)
            {
                return Some(k);
            }
            right = right.max(b.x0);
            last_mid = Some(mid);
        }
        None
    }

    /// A line of `words` in `bbox`, with this line's ids (`None` when it has no text).
    fn line(&self, words: &[Word], bbox: BBox) -> Option<OcrLine> {
        let text = clean_line(&words.iter().map(|w| w.text.clone()).collect::<Vec<_>>());
        if text.is_empty() {
            return None;
        }
        let confs: Vec<f64> = words.iter().filter_map(|w| w.conf).collect();
        let conf = (!confs.is_empty()).then(|| confs.iter().sum::<f64>() / confs.len() as f64);
        let heights: Vec<(String, f64)> = words.iter().map(height).collect();
        // Never taller than the line's own box: Tesseract's word boxes of Han text may
        // reach half a line beyond the ink its line box hugs (62 px words in a 41 px line).
        let glyph_h =
            han_word_height(&heights).map(|g| if bbox.h() > 0.0 { g.min(bbox.h()) } else { g });
        let han: Vec<BBox> = words
            .iter()
            .filter(|w| w.text.chars().any(crate::chars::is_han))
            .filter_map(|w| w.bbox)
            .collect();
        Some(OcrLine {
            text,
            bbox,
            x_size: self.x_size,
            glyph_h,
            block: self.block,
            par: self.par,
            conf,
            src_line: self.src_line,
            pieces: Vec::new(),
            narrow: Vec::new(),
            // Over at least four glyphs across.
            slope: glyph_h.and_then(|g| super::skew::slope(&han, 4.0 * g)),
        })
    }
}

/// Opening quotes an engine reads into the word after them, out in the blank before it
/// (Tesseract reads a gutter's blank as quotes: `“，”`; a bracket set before a column tag
/// is spaced out with its headline's tracking).
const OPENING: &[char] = &['“', '‘', '"', '\''];

/// How much wider than its characters fill (each a glyph, a mark half of one) a word's box
/// may be before the blank in it is no spacing of the text.
const INKED_SLACK: f64 = 1.3;

/// The box of a word `text` opening with marks ([`OPENING`]) as its characters fill it,
/// with `glyph` heights for glyph widths: a box more than [`INKED_SLACK`] times wider
/// loses its blank at the left, where the engine read a mark in the gutter (`“今年` boxed
/// from the column before's last glyph); any other word's box as it is.
fn inked(text: &str, b: BBox, glyph: f64) -> BBox {
    let marks = text.chars().take_while(|c| OPENING.contains(c)).count();
    let rest = text.chars().count() - marks;
    let fill = (rest as f64 + 0.5 * marks as f64) * glyph;
    if marks == 0 || rest == 0 || glyph <= 0.0 || b.w() <= fill * INKED_SLACK {
        return b;
    }
    BBox {
        x0: b.x1 - fill,
        ..b
    }
}

/// How far (in glyph heights) after a piece's last word a speck stands in the gap.
const SPECK_GAP: f64 = 0.5;

/// `words` (a piece before a cut) without the specks after its last word that stand in the
/// cut's gap, more than [`SPECK_GAP`] glyphs after it (`…全长共计` and `。”` read at 0 % in
/// the gutter: left on, they end the piece's sentence where it goes on below).
fn without_gap_specks(words: &[Word], glyph: f64) -> &[Word] {
    let Some(k) = words.iter().rposition(|w| !w.is_speck()) else {
        return words;
    };
    let end = words.get(k).and_then(|w| w.bbox).map(|b| b.x1);
    let keep = words
        .get(k + 1..)
        .unwrap_or_default()
        .iter()
        .take_while(|w| match (w.bbox, end) {
            (Some(b), Some(e)) => b.x0 <= e + SPECK_GAP * glyph,
            _ => true,
        })
        .count();
    words.get(..k + 1 + keep).unwrap_or(words)
}

/// The box of `words` that have one, specks aside (a mark read with little confidence in a
/// gutter boxes nothing); `None` when none has.
fn words_box(words: &[Word]) -> Option<BBox> {
    words
        .iter()
        .filter(|w| !w.is_speck())
        .filter_map(|w| w.bbox)
        .reduce(|a, b| a.union(&b))
}

/// Cut each line with pieces where a piece starts at a column's left edge, or where a
/// gutter running down the page confirms the cut ([`gutter_cuts`]); a line none of whose
/// pieces does stays whole (see the module header).
pub(super) fn confirm_cuts(lines: Vec<OcrLine>) -> Vec<OcrLine> {
    if lines
        .iter()
        .all(|l| l.pieces.is_empty() && l.narrow.is_empty())
    {
        return lines;
    }
    // Left edges of the lines and of the pieces after a gap (the rest of a line run across
    // a gutter starts at the next column's edge too).
    let edges = Edges::new(
        lines
            .iter()
            .flat_map(|l| std::iter::once(l).chain(l.pieces.iter().skip(1)))
            .map(|l| l.bbox),
    );
    // Does piece `l` of `line` start at a column's edge? A column is wider than
    // MIN_COLUMN glyphs: nearer its line's start, it is where indented lines start.
    let at_edge = |line: &OcrLine, l: &OcrLine| {
        let g = glyph(l);
        l.bbox.x0 - line.bbox.x0 >= MIN_COLUMN * g && edges.at(&l.bbox, g)
    };
    // Cuts a gutter running down the page confirms take their place among the pieces,
    // sure of themselves.
    let (lines, sure) = gutter_cuts(lines);
    let mut out: Vec<OcrLine> = Vec::with_capacity(lines.len());
    for (mut l, sure) in lines.into_iter().zip(sure) {
        // Whether the cut before each piece stands.
        let stands: Vec<bool> = l
            .pieces
            .iter()
            .enumerate()
            .map(|(k, p)| k > 0 && (sure.get(k).copied().unwrap_or(false) || at_edge(&l, p)))
            .collect();
        // A line no cut of which stands keeps its pieces: the mark of a gap unexplained.
        if !stands.contains(&true) {
            out.push(l);
            continue;
        }
        let pieces = std::mem::take(&mut l.pieces);
        let mut cut: Vec<OcrLine> = Vec::new();
        for (p, stands) in pieces.into_iter().zip(stands) {
            match cut.last_mut() {
                Some(prev) if !stands => {
                    // Joined again across a gap that stays unexplained.
                    prev.pieces.push(p.clone());
                    absorb(prev, &p);
                }
                _ => cut.push(p),
            }
        }
        // The line's own ends stay.
        if let Some(first) = cut.first_mut() {
            first.bbox.x0 = l.bbox.x0;
        }
        if let Some(last) = cut.last_mut() {
            last.bbox.x1 = l.bbox.x1;
        }
        out.extend(cut);
    }
    out
}

/// A line's glyph height, else its box's (at least a unit).
fn glyph(l: &OcrLine) -> f64 {
    l.glyph_h.unwrap_or(l.bbox.h()).max(1.0)
}

/// `p` run on at the end of `prev` across a gap: its text, box and glyph height.
fn absorb(prev: &mut OcrLine, p: &OcrLine) {
    prev.text = super::join_text(&prev.text, &p.text);
    prev.bbox = prev.bbox.union(&p.bbox);
    prev.glyph_h = super::larger(prev.glyph_h, p.glyph_h);
}

/// A stretch of a line's ink across: left and right x.
type Span = (f64, f64);

/// Each line's pieces with the cuts that a gutter running down the page confirms among
/// them, and for each piece whether such a cut starts it (sure without a column's edge). A
/// cut, narrow or wide, stands where at least [`STRIPE_LINES`] other lines of the line's
/// size within [`STRIPE_REACH`] glyphs above or below start, or are cut, within half a
/// glyph of the piece's start (or [`INDENT`] glyphs left or right of it: a paragraph's
/// first line), at least [`MIN_COLUMN`] glyphs right of its line's start, and fewer body
/// lines there print across the whole gap: in a column of text the rare gap (a speck, a
/// mark boxed tight, Latin) has the column's lines printing across it, a gutter has lines
/// starting at its edge.
fn gutter_cuts(lines: Vec<OcrLine>) -> (Vec<OcrLine>, Vec<Vec<bool>>) {
    // Every line's start and every cut's, with the line's index.
    let starts = Edges::of(lines.iter().enumerate().flat_map(|(i, l)| {
        std::iter::once(l.bbox)
            .chain(l.pieces.iter().chain(&l.narrow).skip(1).map(|p| p.bbox))
            .map(move |b| (b, i))
    }));
    let sizes: Vec<f64> = lines.iter().map(glyph).collect();
    // Lines of one size: neither's glyphs more than BODY_GLYPH times the other's.
    let alike = |j: usize, g: f64| {
        sizes
            .get(j)
            .is_some_and(|&h| h <= BODY_GLYPH * g && g <= BODY_GLYPH * h)
    };
    // Other lines of line `i`'s size that start or are cut at `x` (or an indent away).
    let stripe = |i: usize, x: f64, y: f64, g: f64| {
        let mut others: Vec<usize> = Vec::new();
        for x in [x, x - INDENT * g, x + INDENT * g] {
            for j in starts.near(x, y, g, STRIPE_REACH) {
                if j != i && alike(j, g) && !others.contains(&j) {
                    others.push(j);
                }
            }
        }
        others.len()
    };
    // The ink of each line (its narrow pieces, its pieces, or its box across) by the middle
    // of its box, sorted: body lines within reach whose ink runs across a whole gap show it
    // is inside a column (after a mark boxed tight, `。` or `，`), not a gutter.
    let mut inks: Vec<(f64, f64, Vec<Span>)> = lines
        .iter()
        .map(|l| {
            let spans = if !l.narrow.is_empty() {
                &l.narrow
            } else {
                &l.pieces
            };
            let spans: Vec<Span> = if spans.is_empty() {
                vec![(l.bbox.x0, l.bbox.x1)]
            } else {
                spans.iter().map(|p| (p.bbox.x0, p.bbox.x1)).collect()
            };
            (l.bbox.mid_y(), glyph(l), spans)
        })
        .collect();
    inks.sort_by(|a, b| a.0.total_cmp(&b.0));
    let inked = |from_x: f64, to_x: f64, y: f64, g: f64| {
        let from = inks.partition_point(|k| k.0 < y - STRIPE_REACH * g);
        inks.get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|k| k.0 <= y + STRIPE_REACH * g)
            .filter(|k| k.1 <= BODY_GLYPH * g && (k.0 - y).abs() > 0.5 * g)
            .filter(|k| k.2.iter().any(|s| s.0 <= from_x && to_x <= s.1))
            .count()
    };
    let mut sure = Vec::with_capacity(lines.len());
    let mut out = Vec::with_capacity(lines.len());
    for (i, mut l) in lines.into_iter().enumerate() {
        let g = glyph(&l);
        // The line cut at every gap: its narrow pieces where it has them, else its pieces.
        let candidates = match std::mem::take(&mut l.narrow) {
            n if n.is_empty() => l.pieces.clone(),
            n => n,
        };
        // For each candidate piece: whether a wide gap starts it (the first: the line's
        // start), and whether the page confirms the cut before it.
        let marks: Vec<(bool, bool)> = std::iter::once((true, false))
            .chain(candidates.windows(2).filter_map(|w| {
                let (a, b) = (w.first()?, w.get(1)?);
                let y = b.bbox.mid_y();
                let confirmed = b.bbox.x0 - l.bbox.x0 >= MIN_COLUMN * g && {
                    let support = stripe(i, b.bbox.x0, y, g);
                    support >= STRIPE_LINES && inked(a.bbox.x1, b.bbox.x0, y, g) < support
                };
                Some((b.bbox.x0 - a.bbox.x1 > GAP * g, confirmed))
            }))
            .collect();
        if !marks.iter().any(|&(_, confirmed)| confirmed) {
            sure.push(Vec::new());
            out.push(l);
            continue;
        }
        // The pieces again: cut where the gap is wide or confirmed.
        let mut pieces: Vec<OcrLine> = Vec::new();
        let mut flags: Vec<bool> = Vec::new();
        for (p, (wide, confirmed)) in candidates.into_iter().zip(marks) {
            match pieces.last_mut() {
                Some(prev) if !(wide || confirmed) => absorb(prev, &p),
                _ => {
                    flags.push(confirmed);
                    pieces.push(p);
                }
            }
        }
        l.pieces = pieces;
        sure.push(flags);
        out.push(l);
    }
    (out, sure)
}

/// The left edges of a page's lines, to tell where its columns start.
pub(super) struct Edges {
    /// (x of a left edge, y of its line's middle, the line's index), sorted by x.
    starts: Vec<(f64, f64, usize)>,
}

impl Edges {
    /// The left edges of `boxes`, each a line of its own.
    pub(super) fn new(boxes: impl IntoIterator<Item = BBox>) -> Self {
        Self::of(boxes.into_iter().enumerate().map(|(i, b)| (b, i)))
    }

    /// The left edges of `boxes`, each with the index of the line it is of (a line and the
    /// pieces it is cut into).
    fn of(boxes: impl IntoIterator<Item = (BBox, usize)>) -> Self {
        let mut starts: Vec<(f64, f64, usize)> = boxes
            .into_iter()
            .map(|(b, i)| (b.x0, b.mid_y(), i))
            .collect();
        starts.sort_by(|a, b| a.0.total_cmp(&b.0));
        Edges { starts }
    }

    /// The distinct left edges between `from` and `to`, left to right.
    pub(super) fn starts_within(&self, from: f64, to: f64) -> impl Iterator<Item = f64> + '_ {
        let i = self.starts.partition_point(|s| s.0 < from);
        let mut last = f64::NEG_INFINITY;
        self.starts
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(move |s| s.0 <= to)
            .map(|s| s.0)
            .filter(move |&x| {
                let new = x > last;
                last = x;
                new
            })
    }

    /// Does `b` (glyph size `g`) start at a column's left edge: more than [`EDGE_LINES`]
    /// lines within [`EDGE_REACH`] glyphs above or below start within half a glyph of it,
    /// or [`EDGE_LINES`] start [`INDENT`] glyphs left of it (it is a paragraph's first line)?
    pub(super) fn at(&self, b: &BBox, g: f64) -> bool {
        self.column_at(b, g) || self.lines_at(b.x0 - INDENT * g, b, g) >= EDGE_LINES
    }

    /// Do more than [`EDGE_LINES`] lines within [`EDGE_REACH`] glyphs above or below `b`
    /// start within half a glyph of its left edge (a column's edge, not an indent)?
    pub(super) fn column_at(&self, b: &BBox, g: f64) -> bool {
        self.lines_at(b.x0, b, g) > EDGE_LINES
    }

    /// Lines within [`EDGE_REACH`] glyphs above or below `b` that start within half a glyph
    /// of `x`.
    fn lines_at(&self, x: f64, b: &BBox, g: f64) -> usize {
        self.near(x, b.mid_y(), g, EDGE_REACH).count()
    }

    /// The line of each start within half a glyph (`g`) of `x` and `reach` glyphs above or
    /// below `y`.
    fn near(&self, x: f64, y: f64, g: f64, reach: f64) -> impl Iterator<Item = usize> + '_ {
        let from = self.starts.partition_point(|s| s.0 < x - 0.5 * g);
        self.starts
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(move |s| s.0 <= x + 0.5 * g)
            .filter(move |s| (s.1 - y).abs() <= reach * g)
            .map(|s| s.2)
    }
}

impl Word {
    /// A mark the engine read in the gutter with little confidence (a speck, a rule): no
    /// evidence that the line runs on across the gap.
    fn is_speck(&self) -> bool {
        self.conf.is_some_and(|c| c < SPECK_CONF) && !self.text.chars().any(char::is_alphanumeric)
    }
}

fn height(w: &Word) -> (String, f64) {
    (w.text.clone(), w.bbox.map_or(0.0, |b| b.h()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bbox(x0: f64, x1: f64, y0: f64) -> BBox {
        BBox {
            x0,
            y0,
            x1,
            y1: y0 + 40.0,
        }
    }

    fn word(t: &str, x0: f64, x1: f64) -> Word {
        Word {
            text: t.into(),
            bbox: Some(bbox(x0, x1, 0.0)),
            conf: Some(0.9),
        }
    }

    /// The line of `words` (its box from the first word's left to 1000), as read.
    fn read(words: Vec<Word>, y0: f64) -> OcrLine {
        let x0 = words.first().and_then(|w| w.bbox).map_or(0.0, |b| b.x0);
        let mut l = LineBuild::new(bbox(x0, 1000.0, y0), None, 1, 1, 7);
        l.words = words;
        let mut page = OcrPage::default();
        l.finish(&mut page);
        page.lines.pop().expect("a line")
    }

    fn texts(l: &OcrLine) -> Vec<(String, f64, f64)> {
        l.pieces
            .iter()
            .map(|p| (p.text.clone(), p.bbox.x0, p.bbox.x1))
            .collect()
    }

    #[test]
    fn lines_the_engine_ran_into_one_are_pushed_apart() {
        // A column's line, then a headline's words set to its left (the engine's order
        // turns back), then words a line and more below: three lines, each boxed by its
        // own words.
        let mut l = LineBuild::new(bbox(500.0, 900.0, 0.0), None, 1, 1, 7);
        let below = |t: &str, x0: f64| Word {
            bbox: Some(BBox {
                x0,
                y0: 300.0,
                x1: x0 + 40.0,
                y1: 340.0,
            }),
            ..word(t, 0.0, 0.0)
        };
        l.words = vec![
            word("坡", 500.0, 540.0),
            word("道", 542.0, 582.0),
            word("清", 100.0, 140.0),
            word("河", 142.0, 182.0),
            below("六", 200.0),
            below("种", 242.0),
        ];
        let mut page = OcrPage::default();
        l.finish(&mut page);
        let got: Vec<(&str, f64, f64)> = page
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.bbox.x0, l.bbox.y0))
            .collect();
        assert_eq!(
            got,
            [
                ("坡道", 500.0, 0.0),
                ("清河", 100.0, 0.0),
                ("六种", 200.0, 300.0)
            ]
        );
        assert!(page.lines.iter().all(|l| l.src_line == 7));
    }

    #[test]
    fn a_rule_read_as_a_word_is_a_line_of_its_own() {
        // A column rule read as `|` between a column's line and the next column's: set
        // apart (for `fragments` to drop), and the line's text is its words without it.
        let mut l = LineBuild::new(bbox(100.0, 900.0, 0.0), None, 1, 1, 7);
        let rule = Word {
            bbox: Some(BBox {
                x0: 300.0,
                y0: 0.0,
                x1: 303.0,
                y1: 58.0,
            }),
            ..word("|", 0.0, 0.0)
        };
        l.words = vec![
            word("清河", 100.0, 180.0),
            rule,
            word("本报讯", 390.0, 510.0),
        ];
        let mut page = OcrPage::default();
        l.finish(&mut page);
        let got: Vec<&str> = page.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(got, ["|", "清河本报讯"]);
        assert_eq!(page.lines.first().map(|l| l.bbox.w()), Some(3.0));
    }

    #[test]
    fn glyph_height_is_never_more_than_the_line_box() {
        // Tesseract boxes Han words half a line beyond the ink its line box hugs: the
        // glyph height is the line box's, not the words' (else a body line seems display
        // type and merges with the next column's line on its row).
        let tall = |t: &str, x0: f64| Word {
            bbox: Some(BBox {
                x0,
                y0: -4.0,
                x1: x0 + 40.0,
                y1: 58.0,
            }),
            ..word(t, 0.0, 0.0)
        };
        let l = read(
            vec![tall("清", 0.0), tall("河", 42.0), tall("镇", 84.0)],
            0.0,
        );
        assert_eq!(l.glyph_h, Some(40.0));
    }

    #[test]
    fn a_line_with_a_wide_gap_has_pieces() {
        // Two characters, a gutter of two glyphs, two more.
        let l = read(
            vec![
                word("两", 0.0, 40.0),
                word("架", 42.0, 82.0),
                word("栋", 162.0, 202.0),
                word("一", 204.0, 244.0),
            ],
            0.0,
        );
        assert_eq!(l.text, "两架栋一");
        assert_eq!(
            texts(&l),
            [("两架".into(), 0.0, 82.0), ("栋一".into(), 162.0, 244.0)]
        );
    }

    #[test]
    fn a_speck_in_the_gutter_does_not_bridge_it() {
        let mut speck = word("，", 90.0, 130.0);
        speck.conf = Some(0.08);
        let l = read(
            vec![word("架", 42.0, 82.0), speck, word("栋", 162.0, 202.0)],
            0.0,
        );
        let t = texts(&l);
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(
            t[0],
            ("架，".into(), 42.0, 82.0),
            "the speck is no part of the box"
        );
        // A speck out in the gap (`共计` | `。”` at 0 % | `晚高峰`) is no text of the piece
        // before it either: left on, it ends a sentence that goes on below.
        let mut speck = word("。”", 110.0, 130.0);
        speck.conf = Some(0.0);
        let l = read(
            vec![word("共计", 2.0, 82.0), speck, word("晚", 162.0, 202.0)],
            0.0,
        );
        let t = texts(&l);
        assert_eq!(
            t,
            [
                ("共计".to_string(), 2.0, 82.0),
                ("晚".to_string(), 162.0, 202.0)
            ]
        );
    }

    #[test]
    fn ordinary_spacing_and_a_display_space_stay_inside() {
        let l = read(
            vec![
                word("统一", 0.0, 80.0),
                word("保障", 82.0, 162.0),
                // One em: a display line's space between two phrases.
                word("共护", 202.0, 282.0),
            ],
            0.0,
        );
        assert_eq!(l.text, "统一保障共护");
        assert!(l.pieces.is_empty());
    }

    #[test]
    fn a_gutter_of_one_em_running_down_a_block_cuts_its_lines() {
        // A block of two columns (0..400, 440..840) whose every line the engine ran across
        // a one-em gutter (a 40 px glyph, gaps of 40 px): each line is cut there, the second
        // column's paragraph opening two glyphs in. Right below, one column's lines (0..840),
        // one with a glyph's blank after a tight-boxed mark where the gutter was: not cut,
        // its neighbours print across it.
        let across = |y: f64, right: f64| {
            read(
                vec![word("清河新桥", 0.0, 400.0), word("今天通车", right, 840.0)],
                y,
            )
        };
        let mut page: Vec<OcrLine> = vec![
            across(0.0, 520.0),
            across(60.0, 440.0),
            across(120.0, 440.0),
            across(180.0, 440.0),
        ];
        let column = |y: f64| read(vec![word("两岸居民往来", 0.0, 840.0)], y);
        let mark = read(
            vec![word("两岸。", 0.0, 400.0), word("居民往来", 440.0, 840.0)],
            300.0,
        );
        page.extend([column(240.0), mark, column(360.0), column(420.0)]);
        let got: Vec<(String, f64)> = confirm_cuts(page)
            .iter()
            .map(|l| (l.text.clone(), l.bbox.x0))
            .collect();
        let cut = |right: f64| {
            [
                ("清河新桥".to_string(), 0.0),
                ("今天通车".to_string(), right),
            ]
        };
        let mut want: Vec<(String, f64)> =
            [cut(520.0), cut(440.0), cut(440.0), cut(440.0)].concat();
        want.extend([
            ("两岸居民往来".into(), 0.0),
            ("两岸。居民往来".into(), 0.0),
            ("两岸居民往来".into(), 0.0),
            ("两岸居民往来".into(), 0.0),
        ]);
        assert_eq!(got, want);
    }

    #[test]
    fn a_quote_read_in_the_gutter_does_not_bridge_it() {
        // Tesseract read the gutter's blank as an opening quote and boxed it with the next
        // column's first word (`“今年`, 200 px for two glyphs and a mark of 40 px): the
        // word's characters stand at its box's right, a gutter's width after `成本`.
        let line = |first: &str| {
            read(
                vec![
                    word("节省", 740.0, 820.0),
                    word("成本", 820.0, 900.0),
                    word(first, 900.0, 1100.0),
                    word("新建", 1120.0, 1200.0),
                ],
                0.0,
            )
        };
        assert_eq!(
            texts(&line("“今年")),
            [
                ("节省成本".to_string(), 740.0, 900.0),
                ("“今年新建".to_string(), 1000.0, 1200.0)
            ]
        );
        // A word without a quote keeps its box: no gap, no piece.
        assert!(texts(&line("今年")).is_empty());
    }

    #[test]
    fn a_cut_stands_only_at_a_column_edge() {
        // Column lines starting at 262 (a second column), and lines run across the gap
        // after a piece of a line: one whose rest starts there, one whose gap ends
        // elsewhere (at 232), one whose gap ends where the first column's indented lines
        // start (at 80, two glyphs in).
        let col = |y: f64, x: f64| read(vec![word("清河", x, x + 80.0)], y);
        let across = read(
            vec![word("两架", 0.0, 82.0), word("栋一", 262.0, 342.0)],
            200.0,
        );
        let inside = read(
            vec![word("两架", 0.0, 82.0), word("栋一", 232.0, 312.0)],
            250.0,
        );
        let indent = read(
            vec![word("纵）", 0.0, 30.0), word("日前", 80.0, 160.0)],
            300.0,
        );
        // The rest of this one begins a paragraph in the second column, two glyphs in.
        let begins = read(
            vec![word("两架", 0.0, 82.0), word("栋一", 342.0, 422.0)],
            350.0,
        );
        let mut page: Vec<OcrLine> = [0.0, 50.0, 100.0, 150.0]
            .iter()
            .flat_map(|&y| [col(y, 262.0), col(y + 400.0, 80.0)])
            .collect();
        let n = page.len();
        page.extend([across, inside, indent, begins]);
        let got: Vec<(String, f64, f64)> = confirm_cuts(page)
            .iter()
            .map(|l| (l.text.clone(), l.bbox.x0, l.bbox.x1))
            .collect();
        assert_eq!(
            got.get(n..).unwrap_or_default(),
            [
                ("两架".into(), 0.0, 82.0),
                ("栋一".into(), 262.0, 1000.0),
                ("两架栋一".into(), 0.0, 1000.0),
                ("纵）日前".into(), 0.0, 1000.0),
                ("两架".into(), 0.0, 82.0),
                ("栋一".into(), 342.0, 1000.0),
            ]
        );
    }
}
