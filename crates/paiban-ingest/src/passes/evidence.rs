//! Evidence for one paragraph break: is it a column break inside a paragraph?
//!
//! Input: the block before the break, the block after it, and what the page says about
//! itself ([`PageContext`]: its layout habits and the character pairs of its own text).
//! Output: an [`Evidence`] — a score (positive: the two blocks are one paragraph) and the
//! signals that made it, for the `join` pass's note. Each signal is a fact any page
//! carries: how the first block ends, how the second opens, whether a word spans the break
//! (a character pair the page uses elsewhere), the shape of the first block against a
//! heading's, the page's indentation and blank lines.

use crate::chars::{
    ends_mid_sentence, han_count, has_clause_mark, is_han, is_sentence_final, last_clause_cut,
    starts_mid_sentence,
};
use crate::passes::display::PageHabits;
use crate::passes::pagetext::PageText;
use crate::patterns::{dateline_len, is_mark, ordinal_then};
use crate::raw::{RawBlock, RawPage, Role};
use crate::words::{cut_off_end, function_end, lone_end, word_across};

/// Join when the score reaches this.
pub const JOIN_AT: f32 = 1.0;

/// How much likelier (natural log of the ratio) the text must read with a word across the
/// break than with a boundary at it (see [`word_across`]). On the development set's web
/// pages, a random cut inside a paragraph passes half the time, the break after a headline or
/// at a paragraph's end (punctuation taken off) never.
const WORD_GAIN: f64 = 0.5;

/// What a page says about itself.
#[derive(Debug, Default)]
pub struct PageContext {
    /// Indentation and blank-line habits.
    pub habits: PageHabits,
    /// Its text's character sequences and sentence ends.
    text: PageText,
    /// Paragraphs broken at column ends that the page shows beyond doubt (see
    /// [`PageContext::measure_breaks`]): where there are many, a break with little
    /// evidence either way is more likely one of them.
    pub clear_breaks: usize,
    /// How many of those clear breaks' second halves are indented like a paragraph.
    pub clear_breaks_indented: usize,
    /// The page's blocks come from an OCR engine's geometry (hOCR, ALTO, PaddleOCR): a
    /// block's `indented` is the indent measured on its first line.
    geometry: bool,
    /// Most of the page's paragraphs end inside a sentence: the page holds a printed line
    /// per block (an engine's raw lines, a transcription keeping the print's lines), and
    /// every line stops somewhere inside a clause (see [`lines_per_block`]).
    lines: bool,
}

/// Does `page` hold a printed line per block: most of its paragraphs (at least three) end
/// inside a sentence? On a page of paragraphs only those a column break cut do (a tenth to
/// a third of them, on pages damaged like OCR output); on raw OCR lines four in five or more.
fn lines_per_block(page: &RawPage) -> bool {
    let body: Vec<&RawBlock> = page
        .blocks
        .iter()
        .filter(|b| b.role == Role::Paragraph && han_count(&b.text) > 0)
        .collect();
    let open = body.iter().filter(|b| ends_mid_sentence(&b.text)).count();
    body.len() >= 3 && open * 2 > body.len()
}

impl PageContext {
    /// Measure `page`.
    pub fn of(page: &RawPage) -> Self {
        PageContext {
            habits: PageHabits::of(page),
            text: PageText::of(page.blocks.iter().map(|b| b.text.as_str())),
            clear_breaks: 0,
            clear_breaks_indented: 0,
            geometry: page.geometry,
            lines: lines_per_block(page),
        }
    }

    /// Count the breaks between neighbours `(prev, next)` whose evidence is beyond doubt
    /// (at least [`CLEAR_BREAK`]), before any is joined.
    pub fn measure_breaks<'a>(
        &mut self,
        pairs: impl IntoIterator<Item = (&'a RawBlock, &'a RawBlock)>,
    ) {
        let clear: Vec<bool> = pairs
            .into_iter()
            .filter(|(p, n)| weigh(p, n, false, self).score >= CLEAR_BREAK)
            .map(|(_, n)| n.indented)
            .collect();
        self.clear_breaks = clear.len();
        self.clear_breaks_indented = clear.iter().filter(|&&i| i).count();
    }

    /// The longest run of Han characters across the break between `before` and `after`
    /// that the page's own text holds elsewhere: 4, 3 or 0 (see [`PageText::across`]).
    pub fn seen_across(&self, before: &str, after: &str) -> usize {
        self.text.across(before, after)
    }

    /// How much more often than chance the page's text puts the last Han character of
    /// `before` before the first of `after` (see [`PageText::pair_lift`]).
    pub fn pair_lift(&self, before: &str, after: &str) -> f64 {
        match (before.chars().next_back(), after.chars().next()) {
            (Some(a), Some(b)) if is_han(a) && is_han(b) => self.text.pair_lift(a, b),
            _ => 0.0,
        }
    }

    /// Does the page indent the second half of a broken paragraph like a new paragraph
    /// (most of its clear breaks)? Then an indent says nothing about a break.
    fn indents_continuations(&self) -> bool {
        self.clear_breaks >= OFTEN_BROKEN && self.clear_breaks_indented * 2 > self.clear_breaks
    }
}

/// The weighed signals of one break.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Sum of the signals' weights.
    pub score: f32,
    /// The signals, strongest first when printed.
    pub signals: Vec<(String, f32)>,
}

impl Evidence {
    /// Add the signal `what` with its weight (also from `join`, for where the candidate
    /// stands on the page).
    pub(crate) fn add(&mut self, what: impl Into<String>, w: f32) {
        self.score += w;
        self.signals.push((what.into(), w));
    }

    /// The editor's `[[fix]] join = true` decides.
    pub fn by_editor() -> Self {
        let mut e = Evidence::default();
        e.add("the editor's [[fix]] says so", 2.0 * JOIN_AT);
        e
    }

    /// Raise the bar to `at` for the reason `why` (a heading that may be a piece of a
    /// paragraph, a group of headings between the halves): the score is
    /// lowered by the difference, so that [`Evidence::join`] and the kept-apart warning
    /// keep one threshold.
    pub fn demand(&mut self, at: f32, why: &str) {
        if at > JOIN_AT {
            self.add(why, JOIN_AT - at);
        }
    }

    /// Should the blocks be joined?
    pub fn join(&self) -> bool {
        self.score >= JOIN_AT
    }

    /// The signals as a short phrase for a diagnostic: `a word spans the break (+1.0); …`.
    pub fn describe(&self) -> String {
        let mut s: Vec<&(String, f32)> = self.signals.iter().collect();
        s.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        s.iter()
            .map(|(w, x)| format!("{w} ({x:+.1})"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Below this (natural log), a break is unlike the page's sentence ends (see
/// [`PageText::boundary`]): its characters close and open the page's sentences no more
/// often than they occur anywhere. (Of the breaks below it that the development set's damaged
/// TUNE pages kept apart at −1.0, more than half were column breaks inside a paragraph.)
const BOUNDARY_UNLIKE: f64 = 0.0;

/// A break whose evidence reaches this is beyond doubt a column break inside a paragraph
/// (a word or a clause cut in two, a mark no sentence opens with).
const CLEAR_BREAK: f32 = 4.0;

/// A page with at least this many clear breaks breaks its paragraphs at column ends
/// often: enough of them to tell whether it indents their second halves.
const OFTEN_BROKEN: usize = 3;

/// How often the page must end a clause on a block's last two characters before that says
/// the block ended there.
const ENDS_SEEN: u32 = 2;

/// A block without clause punctuation up to this many Han characters reads like a heading.
const HEADING_LEN: usize = 30;

/// The strength of a number running across a break into its unit (`5100余` | `个，…`,
/// `2018` | `年1月…`): no paragraph opens with a bare unit.
pub const NUMBER_ACROSS: f32 = 3.0;

/// A single character that follows a number as its unit or counter (`年`, `个`) or as an
/// approximation (`余`, `多`), when no word of the list starts with it there (`年轻`,
/// `个人`, `日前` open paragraphs).
const UNIT_CHARS: &str = "年月日时个余多万亿%％";

/// Units of more than one character that follow a number (`46` | `公里`).
const UNIT_WORDS: &[&str] = &[
    "公里",
    "公斤",
    "公顷",
    "千米",
    "千克",
    "平方米",
    "万元",
    "亿元",
    "万吨",
];

/// Does a number run across the break from `p` into `n`: `p` ends in a digit (or in one
/// and `余`/`多`: `5100余`), and `n` goes on in digits (`20` | `20年`) or opens with the
/// number's unit ([`UNIT_CHARS`], [`UNIT_WORDS`])?
pub fn number_across(p: &str, n: &str) -> bool {
    let digit = crate::chars::is_digit;
    let body = p.trim_end();
    let approx = body.ends_with(['余', '多']);
    let ends_digit = body
        .trim_end_matches(['余', '多'])
        .chars()
        .next_back()
        .is_some_and(digit);
    let n = n.trim_start();
    let mut chars = n.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else {
        return false;
    };
    let bare_unit = UNIT_CHARS.contains(first)
        && !(approx && "余多".contains(first))
        && !second.is_some_and(|c| is_han(c) && crate::words::is_word(&format!("{first}{c}")));
    ends_digit
        && (digit(first) && !approx || bare_unit || UNIT_WORDS.iter().any(|w| n.starts_with(w)))
}

/// A block that ends on a comma or an opening mark: its sentence goes on.
pub const END_COMMA: f32 = 3.0;

/// A block that ends on a character inside a sentence (no mark: a word may go on).
pub const END_INSIDE: f32 = 1.5;

/// Does `p` end on a comma or an opening mark (its sentence certainly goes on)?
pub(crate) fn ends_on_comma(p: &str) -> bool {
    p.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| "，、,“‘（(《〈「『【".contains(c))
}

/// How much likelier the text reads with a word across the break between `p` and `n`
/// (natural log of the ratio; see [`word_across`]).
pub fn word_gain(p: &str, n: &str) -> f64 {
    word_across(p, n).0
}

/// Weigh the break between `prev` (a paragraph that ends mid-sentence) and `next`;
/// `lead` says that `prev` is the first paragraph under its headline (where papers set a
/// standfirst that ends without a full stop).
pub fn weigh(prev: &RawBlock, next: &RawBlock, lead: bool, ctx: &PageContext) -> Evidence {
    let mut e = Evidence::default();
    let p = prev.text.trim_end();
    let n = next.text.trim_start();
    if ends_on_comma(p) {
        e.add(
            "the first block ends on a comma or an opening mark",
            END_COMMA,
        );
    } else if p
        .chars()
        .next_back()
        .is_some_and(|c| is_han(c) || c.is_alphanumeric() || c == '—')
    {
        e.add("the first block ends inside a sentence", END_INSIDE);
    }
    if starts_mid_sentence(n) {
        e.add("the second opens with a mark no sentence opens with", 4.0);
    } else if opens_item(n) {
        e.add("the second opens like a new item", -1.5);
    }
    let (gain, word) = word_across(p, n);
    let word = word.filter(|_| gain >= WORD_GAIN);
    if let Some(w) = &word {
        e.add(
            format!("the word “{w}” runs across the break (the text reads better with it)"),
            3.5,
        );
    } else {
        match ctx.text.across(p, n) {
            4 => e.add(
                "the four characters across the break occur together elsewhere on the page",
                2.0,
            ),
            3 => e.add(
                "three characters across the break occur together elsewhere on the page",
                1.5,
            ),
            _ => {
                if let (Some(a), Some(b)) = (p.chars().next_back(), n.chars().next())
                    && is_han(a)
                    && is_han(b)
                    && ctx.text.pair_seen(a, b)
                {
                    e.add("the page uses the pair across the break elsewhere", 1.0);
                }
            }
        }
    }
    if word.is_none()
        && let Some(c) = cut_off_end(p)
    {
        e.add(
            format!(
                "the first block ends on “{c}”, a word cut off that the second does not complete: a piece may be lost"
            ),
            -2.0,
        );
    }
    if let (Some(a), Some(b)) = (p.chars().next_back(), n.chars().next())
        && is_han(a)
        && is_han(b)
        && ctx.text.boundary(a, b).is_some_and(|x| x < BOUNDARY_UNLIKE)
    {
        e.add(
            format!("the page's sentences rarely end in “{a}” and open with “{b}”"),
            1.0,
        );
    }
    // `…更是共同建设家园的过程` | `新桥、书屋……`: a lead whose mark the export dropped
    // ends on words the page itself ends its clauses on (`居民商议的过程，`).
    let (goes_on, ends_clause) = ctx.text.pair_ends(p);
    if ends_clause >= ENDS_SEEN && ends_clause >= goes_on {
        e.add(
            "the page ends its clauses on the words before the break as often as it goes on",
            -1.0,
        );
    }
    let dateline_across = {
        let head: String = n.chars().take(48).collect();
        let tail = dateline_tail(p);
        dateline_len(&format!("{tail}{head}")).is_some_and(|len| len > tail.len())
    };
    if !dateline_across && cut_dateline(p) {
        e.add(
            "the first block ends in a dateline cut short that the second does not complete",
            -3.0,
        );
    }
    match bracket_across(p, n) {
        Some(true) => e.add("the second closes the bracket the first left open", 1.5),
        Some(false) => e.add(
            "the first leaves a bracket open that the second never closes",
            -1.5,
        ),
        None => {}
    }
    if number_across(p, n) {
        e.add(
            "a number runs across the break into its unit",
            NUMBER_ACROSS,
        );
    }
    if dateline_across {
        e.add("a dateline runs across the break", 3.0);
    } else if bare_ordinal(p) {
        e.add(
            "the first block is a bare ordinal (`二、`) whose text follows",
            3.0,
        );
    } else if let Some(c) = p.chars().next_back().filter(|&c| ctx.text.never_ends(c))
        && heading_like(p)
        && !heading_like(n)
        && !p.contains(char::is_whitespace)
        && !p.chars().all(|c| "一二三四五六七八九十".contains(c))
        && lone_end(p).is_some()
    {
        // `河风不`: short, but no heading ends on a word of one character that the page
        // never ends a clause on (a longer word's last character may end a title: `体系`).
        // Two such short blocks are pieces of a heading, for `classify` to put together;
        // names set apart by spaces (`曹一图  于`) a byline; a numeral alone (`一`) numbers
        // a section.
        e.add(
            format!("the first block ends on “{c}”, which ends none of the page's clauses"),
            0.0,
        );
    } else if let Some(w) = function_end(p)
        .filter(|_| heading_like(p) && !heading_like(n) && !p.contains(char::is_whitespace))
    {
        // `随着` | `第十五届…`, `深化改革开放是` | `“大变革”…`: short, but no title ends
        // on a preposition, a conjunction, a particle or the copula (names set apart by
        // spaces are a byline: `曹  一图  于` ends on a surname).
        e.add(
            format!("the first block ends on “{w}”, a function word no heading ends on"),
            0.0,
        );
    } else if heading_like(p) && !wrapped_body(prev) && prev.dateline.is_none() {
        // A clause mark inside is a subhead's shape (`齐心协力，建好社区书屋`) as much as a
        // sentence's: less like a heading than a run of words without any.
        if has_clause_mark(p) && last_clause_cut(p) && !ctx.lines {
            // …but a heading's clauses are balanced: a last clause cut short is a sentence
            // cut at the column's foot (`习近平强调，要强化`). Not where every block is a
            // printed line: each stops inside a clause, and those of a raw OCR page may
            // stand in another column's order.
            e.add(
                "the first block is short and unfinished, its last clause cut short, unlike a heading's balanced clauses",
                0.0,
            );
        } else if has_clause_mark(p) {
            e.add(
                "the first block is short and unfinished, its clauses like a subhead's",
                -1.0,
            );
        } else {
            e.add(
                "the first block is short and unpunctuated, like a heading",
                -2.0,
            );
        }
    }
    if heading_like(n) && !wrapped_body(next) {
        e.add(
            "the second block is short and unpunctuated, like a heading",
            -1.0,
        );
    }
    // A word cut in two ends no line of verse.
    if word.is_none() && verse(p, n) {
        e.add("short lines of equal length, like verse", -3.5);
    }
    if lead && !dateline_across && prev.dateline.is_none() {
        e.add("the first block is the lead under a headline", -1.0);
    }
    // In line-wrapped text `indented` marks body text, not an indent OCR saw.
    if ctx.habits.indent_marks_paragraphs
        && next.indented
        && next.wrap_end.is_none()
        && !ctx.indents_continuations()
    {
        e.add("the second is indented as a new paragraph", -1.0);
    }
    // From geometry, the second block's first line was measured set in by the indent.
    if ctx.geometry && next.indented && next.wrap_start.is_none() {
        e.add(
            "the second's first line is set in by a paragraph indent (measured)",
            -2.5,
        );
    }
    // In line-wrapped text the second block's first line says whether it was indented.
    match next.wrap_start {
        Some(false) => e.add(
            "the second's first line is set in by a paragraph indent",
            -2.5,
        ),
        Some(true) => e.add(
            "the second's first line runs to the column's edge, not indented",
            1.0,
        ),
        None => {}
    }
    // `…更要办好民生实` | `事。两岸居民……`: no sentence is one or two characters long,
    // the second opens with the last word of the first's.
    if short_first_sentence(n) {
        e.add("the second opens with a sentence's last word", 2.0);
    }
    if prev.wrap_end == Some(true) {
        e.add("the first block's last line runs to the column's edge", 1.0);
        // `…如何办好老街社区书屋的` | `难题。`: the engine set a paragraph's last words apart.
        if tail_piece(n) {
            e.add(
                "the second is a few words that end a sentence, a paragraph's last line",
                2.0,
            );
        }
    }
    if ctx.habits.blank_is_break && next.blank_before > 0 {
        e.add(
            "a blank line separates them where the page's paragraphs have none",
            -2.0,
        );
    }
    e
}

/// Does `n` open with a sentence of one or two Han characters and nothing else (`事。…`)?
fn short_first_sentence(n: &str) -> bool {
    let Some(end) = n.find(is_sentence_final) else {
        return false;
    };
    let first = n.get(..end).unwrap_or_default();
    (1..=2).contains(&first.chars().count())
        && first.chars().all(is_han)
        && n.get(end..).unwrap_or_default().chars().skip(1).any(is_han)
}

/// Longest tail of a paragraph (a line's last words) that [`tail_piece`] recognises.
const TAIL_LEN: usize = 4;

/// A few Han characters that end a sentence and hold no other mark (`难题。`): the last
/// words of a paragraph, no paragraph of their own.
pub(crate) fn tail_piece(n: &str) -> bool {
    let body = n
        .trim_end()
        .trim_end_matches(['”', '’', '）', ')', '」', '』']);
    let Some(stop) = body.chars().next_back() else {
        return false;
    };
    let words = body.strip_suffix(stop).unwrap_or_default();
    is_sentence_final(stop)
        && (1..=TAIL_LEN).contains(&han_count(words))
        && words.chars().all(is_han)
}

/// Where a dateline at the end of `p` would begin: after its last sentence, past an opening
/// bracket (`…完成。（本报清河3月18日` → `本报清河3月18日`).
fn dateline_tail(p: &str) -> &str {
    p.rsplit(['。', '！', '？', '”', '」'])
        .next()
        .unwrap_or(p)
        .trim_start_matches(['（', '('])
}

/// Does `p` end with the start of a dateline (`（本报新桥3月18日`, `新华社北京`) whose 电 or
/// 讯 is missing?
fn cut_dateline(p: &str) -> bool {
    let tail = dateline_tail(p);
    let with = |end: &str| dateline_len(&format!("{tail}{end}"));
    // Dated, so that a name ending in 社 or 报 (`社会科`) is no agency.
    !tail.is_empty()
        && tail.chars().count() <= 24
        && tail.contains('日')
        && with("电").is_some()
        && with("").is_none()
}

/// Characters of the second block searched for the bracket the first left open.
const BRACKET_REACH: usize = 40;

/// The first block leaves a bracket or quote open at its end (（, “, 《): does the second
/// close it (`Some(true)`: the closing mark among its first characters before another opens),
/// or is the second a short block that never does (`Some(false)`)? `None` when the first
/// leaves none open. A quote opened inside a clause on a few characters without a mark
/// (`进入“待命状`) quotes a term, which closes soon as a bracket does; a quote opened after
/// `：`, or running on in clauses, may run on for paragraphs.
pub(crate) fn bracket_across(p: &str, n: &str) -> Option<bool> {
    let pairs = [('（', '）'), ('(', ')'), ('“', '”'), ('《', '》')];
    // The pair left open, and whether its last opening mark opens a term.
    let (open, close, term) = pairs.into_iter().find_map(|(open, close)| {
        let mut depth = 0i32;
        let mut term = false;
        let mut prev = None;
        for (i, c) in p.char_indices() {
            if c == open {
                depth += 1;
                let quoted = p.get(i + c.len_utf8()..).unwrap_or_default();
                term = prev.is_some_and(|c: char| is_han(c) || c.is_alphanumeric())
                    && quoted.chars().count() <= TERM_LEN
                    && quoted.chars().all(|c| is_han(c) || c.is_alphanumeric());
            } else if c == close {
                depth = (depth - 1).max(0);
            }
            prev = Some(c);
        }
        (depth > 0).then_some((open, close, open == '“' && term))
    })?;
    for c in n.chars().take(BRACKET_REACH) {
        if c == close {
            return Some(true);
        }
        if c == open {
            return None;
        }
    }
    // Quotes may run on for paragraphs; only a bracket (when the second is short: a long
    // aside may follow) or a term's quote left open counts against.
    (term || open != '“' && n.chars().count() <= BRACKET_REACH).then_some(false)
}

/// The longest term in quotes: a name, a phrase (`“待命状态”`, `“一站办”`).
const TERM_LEN: usize = 10;

/// `二、`, `（三）`, `4.`: a list number alone, its text cut off by the break.
fn bare_ordinal(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() <= 4
        && opens_item(t)
        && !t
            .chars()
            .any(|c| is_han(c) && !"一二三四五六七八九十".contains(c))
}

/// A block that the reader of line-wrapped text already found to be body text (lines
/// joined, or a line with sentence punctuation): its shape is no heading's.
fn wrapped_body(b: &RawBlock) -> bool {
    b.wrap_end.is_some() && b.indented
}

/// Longest line of verse.
const VERSE_LINE: usize = 12;

/// Two short single-clause lines of about the same length: lines of a poem or a couplet.
fn verse(a: &str, b: &str) -> bool {
    let (x, y) = (han_count(a), han_count(b));
    let one_clause = |t: &str| {
        let body = t.trim_end_matches(|c: char| !is_han(c));
        !body.chars().any(|c| "，。；：！？,;:!?、".contains(c))
    };
    (2..=VERSE_LINE).contains(&x)
        && (2..=VERSE_LINE).contains(&y)
        && x.abs_diff(y) <= 2
        && one_clause(a)
        && one_clause(b)
}

/// Does `t` open like a new item: a list marker, an ordinal, a dash, a bullet?
fn opens_item(t: &str) -> bool {
    let mut it = t.chars();
    let Some(c) = it.next() else { return false };
    if is_mark(c) || t.starts_with("——") {
        return true;
    }
    let ordinal = |s: &str| ordinal_then(s, &['、', '.', '．', '）', ')', '是']);
    ordinal(t) || (matches!(c, '（' | '(') && ordinal(it.as_str()))
}

/// Few characters, no sentence end, at most two clause marks, not ending on a comma (no
/// heading does): a heading that lost its markup, or a subhead (`齐心协力，建好社区书屋`).
fn heading_like(t: &str) -> bool {
    let n = han_count(t);
    n > 0
        && n <= HEADING_LEN
        && !ends_a_sentence_inside(t)
        && !t.trim_end().ends_with(['，', '、', ','])
        && t.chars().filter(|c| "，；：,;:".contains(*c)).count() <= 2
}

/// Does `t` hold a sentence-final mark (a decimal point, `3.25亿`, is none)?
fn ends_a_sentence_inside(t: &str) -> bool {
    let c: Vec<char> = t.chars().collect();
    c.iter().enumerate().any(|(i, &m)| {
        is_sentence_final(m)
            && !(matches!(m, '.' | '．')
                && i.checked_sub(1)
                    .and_then(|j| c.get(j))
                    .is_some_and(char::is_ascii_digit)
                && c.get(i + 1).is_some_and(char::is_ascii_digit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use paiban_model::Span;

    fn para(t: &str) -> RawBlock {
        RawBlock::new(t, Span::new("p", 1))
    }

    fn ctx(texts: &[&str]) -> PageContext {
        PageContext::of(&RawPage::of_blocks(texts.iter().map(|t| para(t)).collect()))
    }

    #[test]
    fn a_number_cut_from_its_unit_goes_on_across_the_break() {
        // A count, a year, a distance: no paragraph opens with a bare unit.
        for (p, n) in [
            ("电商运营等岗位5100余", "个，当天有2800多人达成意向。"),
            ("心情难以平静，2018", "年1月3日，习主席来到这里。"),
            ("全长共计46", "公里，设站62个。"),
            ("清河新区拟于20", "27年建成。"),
            ("当天有2800", "多人到场。"),
        ] {
            assert!(number_across(p, n), "{p} | {n}");
        }
        // A word that opens with a unit's character opens a sentence (`年轻`, `个人`), a
        // number with its approximation is whole, and a block that ends on a word is none.
        for (p, n) in [
            ("参加比赛的选手有1200", "年轻人居多。"),
            ("共有5100", "个人报名参加。"),
            ("共有5100余", "多家企业参加。"),
            ("共有5100余", "2家企业参加。"),
            ("清河新区共有企业", "个，当天……"),
        ] {
            assert!(!number_across(p, n), "{p} | {n}");
        }
        let (a, b) = ("电商运营等岗位5100余", "个，当天有2800多人达成意向。");
        let e = weigh(&para(a), &para(b), false, &ctx(&[a, b]));
        assert!(e.join(), "{}", e.describe());
        assert!(
            e.describe().contains("number runs across"),
            "{}",
            e.describe()
        );
    }

    #[test]
    fn a_paragraphs_last_words_set_apart_join_its_open_end() {
        let mut prev = para("然而，场地的狭小分散等现实条件，都向街道提出如何办好老街社区书屋的");
        prev.wrap_end = Some(true);
        prev.blank_before = 0;
        let mut next = para("难题。");
        next.blank_before = 1;
        let c = ctx(&[&prev.text, &next.text]);
        let e = weigh(&prev, &next, false, &c);
        assert!(
            e.signals
                .iter()
                .any(|(w, _)| w.contains("a paragraph's last line")),
            "{}",
            e.describe()
        );
        assert!(tail_piece("难题。"));
        assert!(tail_piece("难题。”"));
        // A sentence of its own, or a line with a clause inside, is no paragraph's tail.
        assert!(!tail_piece("他说，好的。"));
        assert!(!tail_piece("一间社区书屋就是一所学校。"));
        assert!(!tail_piece("难题"));
    }

    #[test]
    fn a_short_piece_ending_on_a_word_the_page_never_ends_on_is_no_heading() {
        let page = [
            "河风不时吹来，他不停地划，船不远了。",
            "河风不时吹来，他不停地划，船不远了。",
            "河风不时吹来，他不停地划，船不远了。",
            "河风不",
            "时掠过船头，他毫不在意，两手紧紧握着船桨。",
        ];
        let c = ctx(&page);
        let e = weigh(&para(page[3]), &para(page[4]), false, &c);
        assert!(e.join(), "{}", e.describe());
        let heading = |e: &Evidence| e.signals.iter().any(|(w, _)| w.contains("like a heading"));
        assert!(!heading(&e), "{}", e.describe());
        // A title's last word is a word of its own (`服务体系`): the heading stays apart.
        let e = weigh(&para("健全清河社区书屋服务体系"), &para(page[4]), false, &c);
        assert!(!e.join() && heading(&e), "{}", e.describe());
        // A section's numeral alone stays apart too.
        let page = ["一台无人机一天作业一百亩，一边看一边说。"; 4];
        let c = ctx(&page);
        let e = weigh(
            &para("一"),
            &para("去年以来，河东镇整合了地块。"),
            false,
            &c,
        );
        assert!(!e.join() && heading(&e), "{}", e.describe());
    }

    #[test]
    fn a_short_piece_ending_on_a_function_word_is_no_heading() {
        // A column break right after a paragraph began: a preposition, the copula, a
        // particle end no title; a noun does, and names set apart by spaces (a byline
        // ending on the surname 于) are no sentence's start.
        let c = ctx(&["清河新区的公交线路正在延伸。"; 4]);
        let heading = |e: &Evidence| e.signals.iter().any(|(w, _)| w.contains("like a heading"));
        for (p, n) in [
            ("随着", "第十五届博览会在南宁开幕，客商云集。"),
            ("深化改革开放是", "“大变革”，如何汇聚共识？"),
            ("李克强慰问值班的", "车站员工，叮嘱他们加强防护。"),
        ] {
            let e = weigh(&para(p), &para(n), false, &c);
            assert!(e.join() && !heading(&e), "{p} | {n}: {}", e.describe());
        }
        for p in ["抓住机遇靠实干", "曹  一图  于", "实现目的"] {
            let e = weigh(&para(p), &para("春节刚过，广西各地忙碌起来。"), false, &c);
            assert!(!e.join(), "{p}: {}", e.describe());
        }
    }

    #[test]
    fn a_quoted_term_closes_soon_a_quoted_speech_may_run_on() {
        // A term in quotes: closed across the break, or left open against it.
        assert_eq!(
            bracket_across("进入“待命状", "态”，为期一个月。"),
            Some(true)
        );
        assert_eq!(
            bracket_across("进入“待命状", "态，其中东部片区比例最高。"),
            Some(false)
        );
        // A speech after a colon, or a quote running in clauses, may close paragraphs later.
        assert_eq!(bracket_across("他说：“我们", "要继续努力。"), None);
        assert_eq!(bracket_across("成了“老街旧梦，但我", "们仍在努力。"), None);
        // A bracket left open against a short second block.
        assert_eq!(bracket_across("本报记者（实", "习生）报道"), Some(true));
        assert_eq!(bracket_across("本报记者（实", "报道"), Some(false));
    }

    #[test]
    fn words_the_page_ends_its_clauses_on_hold_a_join_back() {
        // A lead whose closing mark the export dropped ends on `过程`, which the page ends
        // its clauses on: a break there is a paragraph's end.
        let first = "老街改造既是居民商议的过程，又是邻里协调的过程，更是共同建设家园的过程";
        let second = "新桥、书屋、口袋公园，两岸居民都很关注。";
        let said = "the page ends its clauses on the words before the break";
        let c = ctx(&[first, second]);
        let e = weigh(&para(first), &para(second), false, &c);
        assert!(!e.join(), "{}", e.describe());
        assert!(e.describe().contains(said), "{}", e.describe());
        // Where the page goes on after them as often, they say nothing.
        let c = ctx(&[
            "居民商议的过程中，邻里协调的过程里，这样的过程也让老街更美，建设的过程和方法都公开。",
            first,
            second,
        ]);
        let e = weigh(&para(first), &para(second), false, &c);
        assert!(!e.describe().contains(said), "{}", e.describe());
    }

    #[test]
    fn a_block_opening_with_a_sentence_of_one_word_ends_the_sentence_before_it() {
        // No sentence is one character long: `事。` is the last word of the first block's.
        let c = ctx(&["清河新区今年修路建桥。"]);
        let e = weigh(
            &para("清河新区今年修路建桥，更要办好民生实"),
            &para("事。两岸居民的出行时间缩短了一半。"),
            false,
            &c,
        );
        assert!(e.join(), "{}", e.describe());
        assert!(short_first_sentence("事。两岸居民的出行时间缩短了。"));
        assert!(!short_first_sentence("对此，他说明了原因。"));
        assert!(!short_first_sentence("好。"), "a whole block: tail_piece's");
        assert!(!short_first_sentence("3月。"));
    }

    #[test]
    fn a_word_across_the_break_joins_a_sentence_just_begun() {
        let c = ctx(&["全市就业形势稳定，就业人数增加。"]);
        let e = weigh(
            &para("各项工作落实。细化落实就"),
            &para("业帮扶措施。"),
            false,
            &c,
        );
        assert!(e.join(), "{}", e.describe());
        assert!(e.describe().contains("“就业”"), "{}", e.describe());
    }

    #[test]
    fn an_indent_measured_by_geometry_starts_a_paragraph() {
        // hOCR / ALTO: the first half's last line ran to the column's edge, the second's
        // first line is set in by the indent the layout measured.
        let mut prev = para("清河新区的面貌焕然一新，成为本市城乡融合发展的一个重要窗口和");
        prev.wrap_end = Some(true);
        let mut next = para("“清河县东城区老街一带多是平房，是清河的老城区。");
        next.wrap_end = Some(false);
        next.indented = true;
        let mut page = RawPage::of_blocks(vec![prev.clone(), next.clone()]);
        page.geometry = true;
        let c = PageContext::of(&page);
        let e = weigh(&prev, &next, false, &c);
        assert!(!e.join(), "{}", e.describe());
        assert!(e.describe().contains("(measured)"), "{}", e.describe());
        // Without the indent the same break is a column break.
        next.indented = false;
        next.text = "清河县东城区老街一带多是平房，是清河的老城区。".into();
        assert!(weigh(&prev, &next, false, &c).join());
    }

    #[test]
    fn heading_shapes_and_indents_hold_a_join_back() {
        let c = ctx(&[]);
        let e = weigh(
            &para("老街改造换新颜"),
            &para("在清河县，演出很受欢迎。"),
            false,
            &c,
        );
        assert!(!e.join(), "{}", e.describe());
        let mut n = para("第二段开头。");
        n.indented = true;
        let c = PageContext {
            habits: PageHabits {
                indent_marks_paragraphs: true,
                blank_is_break: true,
            },
            ..PageContext::default()
        };
        assert!(!weigh(&para("第一段没有写完就"), &n, false, &c).join());
        // A comma at the end is strong evidence.
        let none = ctx(&[]);
        assert!(
            weigh(
                &para("两岸居民积极参与，"),
                &para("活动很热闹。"),
                false,
                &none
            )
            .join()
        );
        // Verse keeps its lines; a dateline cut in two is joined.
        assert!(!weigh(&para("春风绿两岸，"), &para("新桥映清河。"), false, &none).join());
        let e = weigh(
            &para("本报清河3月18日电 （记者王"),
            &para("小明）清河新桥今天通车。"),
            false,
            &none,
        );
        assert!(e.join(), "{}", e.describe());
    }
}
