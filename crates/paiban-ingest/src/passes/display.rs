//! Display lines of plain-text exports: which unindented lines are kicker, headline,
//! subtitle or subhead.
//!
//! Input: a page read by the plain-text reader, its blocks classified one by one (a
//! display-shaped unindented line is provisionally a `Headline`). Output: the roles of each
//! run of display lines, decided from evidence the page itself carries:
//!
//! - the page's own habits ([`PageHabits`]): whether indentation marks its paragraphs, and
//!   whether blank lines separate its paragraphs or only its articles;
//! - blank lines around a run: where paragraphs are not blank-separated, a blank line before
//!   a run opens an article, and a blank line before or after a short run stands for an
//!   absent kicker or subtitle (the common `kicker / headline / subtitle` export slots);
//! - shape: a line opening with `——` is a subtitle, one ending with `——` or `：` is a kicker,
//!   a bracketed date under a headline is its subtitle.
//!
//! A lone display line with no blank line before it, between two body paragraphs, is a
//! subhead (小标题), unless the paragraph before is its article's closing dateline, the line
//! carries a column tag, or a photo credit follows its one paragraph (a picture story):
//! those open an article. Header lines broken apart are put together first
//! ([`merge_split_headings`]): a bracket, a word or a number across the cut, a headline's
//! tail or column tag alone on the next line, a subtitle's dash alone on its line, two lines
//! an OCR engine read in one block.

use crate::chars::{han_count, has_inner_sentence_end, is_closing, is_sentence_final};
use crate::passes::note;
use crate::patterns::{is_banner_shape, is_mark, is_subhead_shape};
use crate::raw::{RawBlock, RawPage, Role};
use crate::words::{spanning_word, word_across};
use paiban_model::Diagnostic;

/// What a page's own layout says about its paragraphs.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageHabits {
    /// Most body lines are indented: an unindented line is display, whatever its length.
    pub indent_marks_paragraphs: bool,
    /// Blank lines separate articles (and header slots), not paragraphs: a blank line is
    /// evidence of a structural break.
    pub blank_is_break: bool,
}

impl PageHabits {
    /// Measure the habits of `page`.
    pub fn of(page: &RawPage) -> Self {
        let text: Vec<&RawBlock> = page
            .blocks
            .iter()
            .filter(|b| b.role != Role::Image && han_count(&b.text) > 0)
            .collect();
        let indented = text.iter().filter(|b| b.indented).count();
        let indented_blank = text
            .iter()
            .filter(|b| b.indented && b.blank_before > 0)
            .count();
        // Indentation is only evidence where the page keeps it: almost every full paragraph
        // (long, ending a sentence) indented.
        let full: Vec<&&RawBlock> = text
            .iter()
            .filter(|b| b.text.chars().count() > SHORT_DISPLAY && ends_sentence(&b.text))
            .collect();
        let reliable = full.iter().filter(|b| !b.indented).count() * 20 <= full.len();
        let indent_marks_paragraphs =
            page.plain && text.len() >= 3 && indented * 2 >= text.len() && reliable;
        PageHabits {
            indent_marks_paragraphs,
            blank_is_break: indent_marks_paragraphs && indented_blank * 3 <= indented,
        }
    }
}

/// Does `t` end a sentence (a final mark, perhaps inside closing quotes)?
fn ends_sentence(t: &str) -> bool {
    t.trim_end()
        .trim_end_matches(is_closing)
        .ends_with(is_sentence_final)
}

/// Longest display line where indentation marks paragraphs (long headlines run to 60).
const LONG_DISPLAY: usize = 80;
/// Longest display line elsewhere.
const SHORT_DISPLAY: usize = 40;

/// A plain-text display line: unindented, not a sentence; short unless the page's
/// paragraphs are indented, so that an unindented line stands out by itself.
pub fn display_shape(t: &str, habits: PageHabits) -> bool {
    let n = without_tag(t).chars().count();
    let limit = if habits.indent_marks_paragraphs {
        LONG_DISPLAY
    } else {
        SHORT_DISPLAY
    };
    // Clause marks: a short headline may hold one (`新桥通车，两岸同庆`), a long one none.
    let clauses = clause_marks(t);
    // A bracket opened first and never closed: a piece of a bracketed dateline or credit
    // (`（新华社北京2月1`), cut by a column break.
    let open_bracket = t.trim_start().starts_with(['(', '（']) && !t.contains([')', '）']);
    n <= limit
        && !open_bracket
        && han_count(t) >= 2
        && clauses <= usize::from(n <= SHORT_DISPLAY)
        && !has_inner_sentence_end(without_tag(t))
        && !crate::chars::ends_with_full_stop(t)
        && !t.ends_with(['，', '、', ',', '；', ';', '：', ':'])
}

/// `t` without a column tag in brackets at its end (`…提质增效（在清河新区……新清河）`,
/// `…追梦人（记录清河·新桥）`, its opening bracket read `〈` or `《` by OCR): a mark inside
/// the tag (an interpunct read as `.` or `?`) ends no sentence of the heading, and the tag
/// is no part of its length.
pub fn without_tag(t: &str) -> &str {
    t.trim_end()
        .strip_suffix(['）', ')'])
        .and_then(|r| {
            r.rfind(['（', '(', '〈', '《', '》'])
                .filter(|&i| !r.get(i..).is_some_and(|x| x.starts_with('》')))
                .map(|i| r.get(..i).unwrap_or(r))
        })
        .unwrap_or(t)
}

/// The clause marks (commas, enumeration commas, semicolons) in `t`.
fn clause_marks(t: &str) -> usize {
    t.chars().filter(|c| "，、；,;".contains(*c)).count()
}

/// In a plain-text export, decide each run of display lines (provisional `Headline`s
/// without heading markup).
pub fn group_display_lines(page: &mut RawPage, habits: PageHabits) {
    if !page.plain {
        return;
    }
    let n = page.blocks.len();
    let mut i = 0;
    while i < n {
        let is_disp = |b: &RawBlock| b.heading == 0 && b.role == Role::Headline;
        if !page.blocks.get(i).is_some_and(is_disp) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        // A run is unbroken: a blank line inside it ends it unless blanks are slot markers.
        while page
            .blocks
            .get(i)
            .is_some_and(|b| is_disp(b) && (b.blank_before == 0 || !habits.blank_is_break))
        {
            i += 1;
        }
        let texts: Vec<&str> = page.blocks[start..i]
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        let slots = Slots {
            before: page.blocks.get(start).map_or(1, |b| b.blank_before),
            after: page.blocks.get(i).map_or(1, |b| b.blank_before),
            meaningful: habits.blank_is_break,
        };
        // After a paragraph that announces what follows with a colon (`获奖的春联是：`)
        // and ends there (in line-wrapped text, short of its column's edge: one cut at the
        // column's foot goes on anywhere), the lines are what it announced (a couplet, a
        // list), never headings.
        let announced = start
            .checked_sub(1)
            .and_then(|p| page.blocks.get(p))
            .is_some_and(|p| {
                p.role == Role::Paragraph
                    && p.wrap_end != Some(true)
                    && p.text.trim_end().ends_with(['：', ':'])
            });
        let roles = if announced {
            vec![Role::Paragraph; texts.len()]
        } else {
            group_roles(&texts, slots)
        };
        for (b, r) in page.blocks[start..i].iter_mut().zip(roles) {
            b.role = r;
        }
        if i - start == 1 && !(slots.meaningful && slots.before > 0) {
            demote_lone_line(page, start, i, habits);
        }
    }
}

/// Blank lines around a run of display lines.
#[derive(Debug, Clone, Copy)]
struct Slots {
    /// Blank lines before the run's first line.
    before: u32,
    /// Blank lines after its last line.
    after: u32,
    /// The page uses blank lines for structure only.
    meaningful: bool,
}

/// A lone display line between body paragraphs, not opening an item, is a subhead; one
/// after an article's closing dateline, carrying a column tag, or over a picture story's
/// paragraph and credit opens an article.
fn demote_lone_line(page: &mut RawPage, start: usize, end: usize, habits: PageHabits) {
    // (A paragraph that is a closing dateline, `（本报伦敦2月19日电）`, ended its article: the
    // line after it opens the next.)
    let prev_body = start
        .checked_sub(1)
        .and_then(|p| page.blocks.get(p))
        .is_some_and(|b| {
            b.role == Role::Paragraph && !crate::patterns::is_closing_dateline(&b.text)
        });
    // (A report opened by an old paper's item circle, `○揚州冬防…`, is an item of its own.)
    let next_plain_para = page.blocks.get(end).is_some_and(|b| {
        b.role == Role::Paragraph
            && b.dateline.is_none()
            && b.jump_from.is_none()
            && !crate::patterns::opens_with_item_circle(&b.text)
    });
    // A line over one paragraph and a photo credit, on a line of its own or in brackets at
    // the paragraph's end (`……自己完成。（本报记者 刘辉摄）`), titles a picture story
    // (图片新闻), an item of its own.
    let picture = page
        .blocks
        .get(end + 1)
        .is_some_and(|b| crate::patterns::is_credit(&b.text))
        || page
            .blocks
            .get(end)
            .is_some_and(|b| ends_with_credit(&b.text));
    // A column tag (`…振兴（社论）`) is a headline's; no subhead carries one.
    if let Some(b) = page.blocks.get_mut(start)
        && b.role == Role::Headline
        && prev_body
        && next_plain_para
        && !tagged(&b.text)
        && !picture
        && (is_subhead_shape(&b.text)
            || !headline_length(&b.text)
            || !habits.indent_marks_paragraphs)
    {
        b.role = Role::Subhead;
    }
}

/// Does `t` end with a photo credit in brackets (`……完成。（本报记者 刘辉摄）`)?
fn ends_with_credit(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with(['）', ')'])
        && t.rfind(['（', '('])
            .and_then(|i| t.get(i..))
            .is_some_and(crate::patterns::is_credit)
}

/// The column tag at the end of `t` (`（社论）`): a bracketed name of two or more Han
/// characters without digits; `None` when `t` ends with no such tag.
pub(crate) fn column_tag_of(t: &str) -> Option<&str> {
    let tag = t.trim_end().get(without_tag(t).len()..)?;
    (!tag.is_empty() && han_count(tag) >= 2 && !tag.chars().any(char::is_numeric)).then_some(tag)
}

/// Does `t` end with a column tag ([`column_tag_of`]) after a title of its own
/// (`…推进乡村全面振兴（社论）`)?
pub(crate) fn tagged(t: &str) -> bool {
    column_tag_of(t).is_some() && han_count(without_tag(t)) >= TAG_TAIL
}

/// Shortest headline, in Han characters, where nothing else tells a lone line's role;
/// subheads (小标题) run shorter.
const HEADLINE_MIN: usize = 8;

/// Long enough for a headline, or carrying a column tag (`…（清河时评）`).
fn headline_length(t: &str) -> bool {
    han_count(t) >= HEADLINE_MIN || (t.ends_with(['）', ')']) && t.contains(['（', '(']))
}

fn starts_dash(t: &str) -> bool {
    t.starts_with('—') || t.starts_with("--")
}

pub(crate) fn ends_kicker(t: &str) -> bool {
    t.ends_with('—')
        || t.ends_with("--")
        || t.ends_with(['：', ':'])
        || SAYING.iter().any(|v| t.trim_end().ends_with(v))
}

/// Verbs of saying that end a kicker (引题) leading into what was said, the headline:
/// `区长在新桥工地调研时强调` over `把惠民工程办到群众心坎上`.
const SAYING: &[&str] = &["强调", "指出", "表示", "提出", "要求"];

/// A bracketed line under a headline (a date, a column tag): its subtitle.
fn bracketed(t: &str) -> bool {
    (t.starts_with('（') && t.ends_with('）')) || (t.starts_with('(') && t.ends_with(')'))
}

/// The roles of a stack of header lines with nothing around it to go by.
pub fn header_roles(texts: &[&str]) -> Vec<Role> {
    let roles = group_roles(
        texts,
        Slots {
            before: 1,
            after: 0,
            meaningful: false,
        },
    );
    // A lone line over a dateline is the headline, whatever its shape.
    match roles.as_slice() {
        [_] => vec![Role::Headline],
        _ => roles,
    }
}

fn group_roles(texts: &[&str], slots: Slots) -> Vec<Role> {
    match texts {
        [one] => vec![single_role(one, slots)],
        [a, b] => {
            let kicker_first = if starts_dash(b) || bracketed(b) {
                false
            } else if ends_kicker(a) || is_banner_shape(a) && !is_banner_shape(b) {
                true
            } else if slots.meaningful && slots.before != slots.after {
                // One slot of three is empty: a blank line after the pair is the absent
                // subtitle (kicker + headline), one more before it the absent kicker.
                slots.after > slots.before
            } else {
                a.chars().count() < b.chars().count()
            };
            if kicker_first {
                vec![Role::Kicker, Role::Headline]
            } else {
                vec![Role::Headline, Role::Subtitle]
            }
        }
        _ => {
            // The headline is the first line that neither ends as a kicker nor opens as a
            // subtitle, after at least one kicker line when the first line reads as one.
            let head = texts
                .iter()
                .position(|t| !ends_kicker(t) && !starts_dash(t))
                .unwrap_or(0);
            let head = if head == 0 && texts.len() >= 3 && !starts_dash(texts[1]) {
                usize::from(!is_banner_shape(texts[1]) || is_banner_shape(texts[0]))
            } else {
                head
            };
            (0..texts.len())
                .map(|k| match k.cmp(&head) {
                    std::cmp::Ordering::Less => Role::Kicker,
                    std::cmp::Ordering::Equal => Role::Headline,
                    std::cmp::Ordering::Greater => Role::Subtitle,
                })
                .collect()
        }
    }
}

fn single_role(one: &str, slots: Slots) -> Role {
    let opens_article = slots.meaningful && slots.before > 0;
    if is_subhead_shape(one) && !one.starts_with(is_mark) && !opens_article {
        Role::Subhead
    } else if starts_dash(one) {
        Role::Subtitle
    } else if is_banner_shape(one) && !opens_article {
        Role::Kicker
    } else {
        Role::Headline
    }
}

/// How much likelier (natural log) two header lines must read with a two-character word
/// across them than with a boundary there to be one headline.
const SPLIT_WORD_GAIN: f64 = 3.0;

/// Longest half of a headline set on two lines as a parallel pair (`留住田园乡愁 / 建好清河新区`).
const PARALLEL_HALF: usize = 12;

/// Most Han characters before a column tag on a line that is a headline's tail.
const TAG_TAIL: usize = 4;

/// Is `b` a headline's last word or two and its column tag, alone on a line
/// (`振兴（社论）`)?
pub(crate) fn tag_tail(b: &str) -> bool {
    b != without_tag(b) && (1..=TAG_TAIL).contains(&han_count(without_tag(b)))
}

/// Two header lines that are one headline broken in two: the first leaves a bracket or a
/// quote open that the second closes, the second is only the headline's last word or two
/// and its column tag, a word of three or more characters runs across the
/// break (`博|览会`), or one of two the text reads far better with ([`SPLIT_WORD_GAIN`]), or
/// they are the two equal halves of a parallel headline. Returns the separator to join them
/// with.
fn one_headline(a: &str, b: &str) -> Option<&'static str> {
    // A bracket or quote left open that the second line closes (a closing dateline cut
    // short, `（新华社清河`, over the next headline closes nothing).
    let open = a.matches(['（', '(', '〈']).count() > a.matches(['）', ')', '〉']).count()
        && b.contains(['）', ')', '〉'])
        || crate::chars::leaves_quote_open(a) && b.contains('”');
    let ends_kicker = a.ends_with(['：', ':', '—']) || b.starts_with('—');
    // The same line twice is a repeated block (for `dedupe`), not two halves.
    // Read as one, the lines must still be a display line (at most one clause mark, as in
    // `display_shape`): two lines of a paragraph OCR broke apart are not.
    if ends_kicker || squeeze(a) == squeeze(b) || clause_marks(a) + clause_marks(b) > 1 {
        return None;
    }
    // A two-character word across two header lines happens by chance too often, unless
    // the text reads far better with it than with a boundary there (`工作会|议精神`).
    let word = spanning_word(a, b).is_some_and(|w| w.chars().count() >= 3)
        || word_across(a, b).0 >= SPLIT_WORD_GAIN;
    // A headline's last word or two before its column tag, alone on the second line
    // (`…推进乡村全面` / `振兴（社论）`): no subtitle is that short.
    let tail = tag_tail(b);
    // A number never breaks over two lines (`俄罗斯拟于20` / `20年试飞…`).
    let number = a.trim_end().ends_with(crate::chars::is_digit)
        && b.trim_start().starts_with(crate::chars::is_digit);
    if open || word || tail || number || column_tag(a, b) {
        return Some("");
    }
    let (x, y) = (han_count(a), han_count(b));
    // (A line with a display space is a parallel headline's whole, never its half.)
    let bare = |t: &str| t.chars().all(crate::chars::is_han);
    ((4..=PARALLEL_HALF).contains(&x) && x == y && bare(a) && bare(b)).then_some(" ")
}

/// Longest column tag, in Han characters (`（中国道路中国梦）`, `（高端访谈·解读中央一号文件）`).
const TAG_LEN: usize = 16;

/// Is `b` a column tag alone under a headline `a` without one of its own (`…要答案要方法` /
/// `（中国道路中国梦）`): a bracketed name without digits (a date under a headline is its
/// subtitle), no dateline, byline, credit or editor's note label (`（编者按）`).
fn column_tag(a: &str, b: &str) -> bool {
    let b = b.trim();
    let inner = b
        .strip_prefix(['（', '(', '〈'])
        .and_then(|r| r.strip_suffix(['）', ')']));
    inner.is_some_and(|i| {
        (2..=TAG_LEN).contains(&han_count(i))
            && !i.chars().any(|c| c.is_numeric() || c.is_whitespace())
            && !i.contains(['（', '(', '）', ')', '，', '。'])
            && crate::patterns::dateline_len(i).is_none()
            && !crate::patterns::is_byline(i)
            && !crate::patterns::is_credit(i)
            && crate::patterns::note_label(i).is_none()
    }) && without_tag(a) == a.trim_end()
        && han_count(a) >= TAG_TAIL
}

/// Join header lines that are one headline broken over two lines (see [`one_headline`]):
/// provisional display lines of a plain page with no blank line between them (or one, where
/// a word or a bracket runs across the cut), or Markdown headings of the same level one
/// right after the other.
pub fn merge_split_headings(page: &mut RawPage, diags: &mut Vec<Diagnostic>) {
    let plain = page.plain;
    // What the block-by-block reading made of each half (a piece may look like a banner or
    // a subhead) does not matter; that both are header lines does.
    let head = |b: &RawBlock| {
        b.is_heading() && b.hint.is_none() && (if plain { b.heading == 0 } else { b.heading > 0 })
    };
    let mut out: Vec<RawBlock> = Vec::with_capacity(page.blocks.len());
    for b in std::mem::take(&mut page.blocks) {
        // A subtitle's dash read as a line of its own (`一一` over `把握…新内涵述评之三`).
        if let Some(a) = out.last_mut()
            && head(&b)
            && b.blank_before <= 1
            && a.heading == b.heading
            && dash_only(&a.text)
        {
            diags.push(note(
                "classify",
                &a.span,
                &a.text,
                &format!(
                    "a subtitle's dash standing alone put before line {}",
                    b.span.line
                ),
            ));
            let span = a.span.clone();
            *a = RawBlock {
                text: format!("——{}", b.text.trim_start()),
                span,
                ..b
            };
            continue;
        }
        // In plain text a blank line (OCR writes them where it likes) may stand between
        // the halves of a headline cut inside a word or a bracket, not between two halves
        // of a parallel headline (a headline and its subtitle as often).
        let sep = out
            .last()
            .filter(|a| {
                head(a) && head(&b) && a.heading == b.heading && (!plain || b.blank_before <= 1)
            })
            .and_then(|a| one_headline(&a.text, &b.text).or_else(|| same_block(a, &b)))
            .filter(|sep| !plain || b.blank_before == 0 || sep.is_empty());
        if let Some(sep) = sep
            && let Some(a) = out.last_mut()
        {
            diags.push(note(
                "classify",
                &b.span,
                &b.text,
                &format!(
                    "a headline broken over two lines joined with line {}",
                    a.span.line
                ),
            ));
            a.text.push_str(sep);
            a.text.push_str(&b.text);
            continue;
        }
        out.push(b);
    }
    page.blocks = out;
}

/// Is `t` a dash and nothing else (`——`, or as OCR reads it `一一`, `--`, `－－`)?
fn dash_only(t: &str) -> bool {
    let t: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
    (2..=4).contains(&t.len()) && t.iter().all(|c| "一—－-".contains(*c))
}

/// Longest kicker that is a label (`经济观察`, `全民阅读`): set in the headline's size, an
/// OCR engine may read it in the headline's block.
const LABEL: usize = 4;

/// Two header lines an OCR engine read in one block (line-wrapped text, no blank line
/// between): lines of one size, one headline broken over two lines (`俄罗斯拟于2020年` /
/// `试飞混合动力飞机`). An engine sets a blank line between lines of different sizes, a
/// kicker and its headline, a headline and its subtitle; not always after a short label.
fn same_block(a: &RawBlock, b: &RawBlock) -> Option<&'static str> {
    (a.wrap_end.is_some()
        && b.wrap_end.is_some()
        && b.blank_before == 0
        && b.span.line == a.span.line + 1
        && han_count(a.text.trim()) > LABEL
        && !ends_kicker(&a.text)
        && !starts_dash(&b.text)
        && !bracketed(&b.text)
        && clause_marks(&a.text) + clause_marks(&b.text) <= 1)
        .then_some("")
}

/// Longest author line under a deck (a name or pen name).
const AUTHOR_LEN: usize = 6;
/// Longest line of a headline deck.
pub(crate) const DECK_LINE: usize = 40;

fn deck_shaped(b: &RawBlock) -> bool {
    matches!(
        b.role,
        Role::Paragraph | Role::Headline | Role::Kicker | Role::Subtitle
    ) && b.heading == 0
        && b.dateline.is_none()
        && b.jump_from.is_none()
        && b.jump_to.is_none()
        && (2..=DECK_LINE).contains(&han_count(&b.text))
        && !b
            .text
            .trim_end_matches(crate::chars::is_closing)
            .trim_end_matches(['！', '？', '!', '?'])
            .chars()
            .any(|c| matches!(c, '。' | '，' | '；' | '！' | '？' | ',' | ';'))
}

/// A short display line under a heading: the author's name (`陈沂`).
fn author_line(b: &RawBlock) -> bool {
    b.heading == 0 && b.is_display() && (1..=AUTHOR_LEN).contains(&han_count(&b.text))
}

fn squeeze(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Headline decks of archive exports: at an article's start (the page's start, or after a
/// heading or page furniture), a run of short unpunctuated lines before the first paragraph
/// is the deck — kicker, headline, subtitle lines, whatever their indentation. A heading
/// right above that only repeats the deck (a database's subject line) is removed, with a
/// note, so the headline is not printed twice.
pub fn decks(page: &mut RawPage, diags: &mut Vec<Diagnostic>) {
    if !page.plain {
        return;
    }
    let mut remove = Vec::new();
    let mut i = 0;
    while i < page.blocks.len() {
        let above = (0..i).rev().find(|&k| {
            page.blocks
                .get(k)
                .is_some_and(|b| b.role != Role::Furniture)
        });
        let at_start = match above {
            None => true,
            Some(k) => {
                k + 1 < i
                    || page
                        .blocks
                        .get(k)
                        .is_some_and(|b| b.heading > 0 && b.is_display())
            }
        };
        // The heading above, past an author line between it and the furniture.
        let heading = above.and_then(|k| match page.blocks.get(k) {
            Some(b) if b.heading > 0 => Some(k),
            Some(b) if author_line(b) => k
                .checked_sub(1)
                .filter(|&h| page.blocks.get(h).is_some_and(|x| x.heading > 0)),
            _ => None,
        });
        let subject = heading
            .and_then(|k| page.blocks.get(k))
            .map(|h| squeeze(&h.text));
        let start = i;
        let mut so_far = String::new();
        // Deck lines: short and unpunctuated, or — under a subject line — whatever lines
        // spell the subject out (a deck line may be a whole sentence).
        while let Some(b) = page.blocks.get(i) {
            so_far.push_str(&squeeze(&b.text));
            let spelled = subject
                .as_deref()
                .is_some_and(|h| h.starts_with(so_far.as_str()))
                && b.role == Role::Paragraph
                && b.dateline.is_none();
            if !(deck_shaped(b) || spelled) {
                break;
            }
            i += 1;
        }
        let body_follows = page
            .blocks
            .get(i)
            .is_some_and(|b| b.role == Role::Paragraph);
        if !at_start || i == start || !body_follows {
            i = start + 1;
            continue;
        }
        let deck: String = page.blocks[start..i]
            .iter()
            .map(|b| squeeze(&b.text))
            .collect();
        let author_above = above.filter(|&k| heading.is_some_and(|h| h != k));
        // A last short line the heading does not hold is the deck's author (`展潮`).
        let mut end = i;
        if let Some(k) = heading {
            let Some(h) = page.blocks.get(k) else { break };
            let head = squeeze(&h.text);
            let (h_span, h_text) = (h.span.clone(), h.text.clone());
            let author = page
                .blocks
                .get(i - 1)
                .filter(|b| i - start > 1 && han_count(&b.text) <= AUTHOR_LEN)
                .map(|b| squeeze(&b.text));
            match author {
                Some(a) if deck.strip_suffix(a.as_str()) == Some(head.as_str()) => {
                    end = i - 1;
                    if let Some(b) = page.blocks.get_mut(end) {
                        b.role = Role::Byline;
                    }
                }
                // The subject line spells the deck out, or its first lines.
                _ if !head.is_empty() && deck.starts_with(head.as_str()) => {}
                _ => continue,
            }
            diags.push(note(
                "dedupe",
                &h_span,
                &h_text,
                "repeated block removed: the heading repeats the headline deck below it",
            ));
            remove.push(k);
        }
        let texts: Vec<&str> = page.blocks[start..end]
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        let slots = Slots {
            before: 1,
            after: 0,
            meaningful: false,
        };
        let roles = group_roles(&texts, slots);
        for (b, r) in page.blocks[start..end].iter_mut().zip(roles) {
            b.role = r;
        }
        // The author line above the furniture goes under the deck, as the byline.
        if let Some(k) = author_above {
            let mut b = page.blocks.remove(k);
            b.role = Role::Byline;
            page.blocks.insert(end - 1, b);
        }
    }
    let mut k = 0;
    page.blocks.retain(|_| {
        k += 1;
        !remove.contains(&(k - 1))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(before: u32, after: u32) -> Slots {
        Slots {
            before,
            after,
            meaningful: true,
        }
    }

    #[test]
    fn blank_slots_decide_pairs() {
        // A verb of saying ends a kicker, whatever the slots.
        assert_eq!(
            group_roles(
                &["在山区调研时强调", "守护绿水青山 建设美丽乡村"],
                slots(2, 0)
            ),
            vec![Role::Kicker, Role::Headline]
        );
        let pair = ["山区调研纪行", "守护绿水青山 建设美丽乡村"];
        // Separator, then kicker and headline, then the empty subtitle slot.
        assert_eq!(
            group_roles(&pair, slots(1, 1 + 1)),
            vec![Role::Kicker, Role::Headline]
        );
        // Separator and the empty kicker slot, then headline and subtitle.
        assert_eq!(
            group_roles(&pair, slots(2, 0)),
            vec![Role::Headline, Role::Subtitle]
        );
        // Shape wins over slots.
        assert_eq!(
            group_roles(&["新桥通车", "——三百家企业参与"], slots(1, 2)),
            vec![Role::Headline, Role::Subtitle]
        );
        assert_eq!(
            group_roles(&["王小明——", "守好清河一方碧水"], slots(2, 0)),
            vec![Role::Kicker, Role::Headline]
        );
    }

    #[test]
    fn header_lines_cut_inside_a_word_are_one_headline() {
        // `会议` across the cut: a two-character word, but one the text reads far better with.
        assert_eq!(
            one_headline("——清河新区落实春耕工作会", "议精神推进农田建设纪实"),
            Some("")
        );
        // A kicker and its headline: no word across.
        assert_eq!(one_headline("清河新区建设提速", "新桥今日通车"), None);
        // A bracket the second line closes; a closing dateline cut short over the next
        // headline closes nothing.
        assert_eq!(
            one_headline("清河新桥今日通车（记录清河·", "我们的新家园）"),
            Some("")
        );
        assert_eq!(
            one_headline("（新华社清河", "清河新区今年新增企业三百家"),
            None
        );
        // A headline of two phrases set apart by a display space, broken inside a word of
        // its second phrase.
        assert_eq!(
            one_headline("清河新区落实春耕工作会 推进农", "田建设"),
            Some("")
        );
        // Two lines of a paragraph OCR broke apart, a word across them: read as one they
        // hold two clauses, no headline.
        assert_eq!(
            one_headline(
                "据镇农业服务中心介绍，全镇今",
                "年新建高标准农田1200 亩, 修复灌溉"
            ),
            None
        );
    }

    /// A block of `role` at line `l` with `blank` blank lines before it.
    fn block(t: &str, l: u32, role: Role, blank: u32) -> RawBlock {
        let mut b = RawBlock::new(t, paiban_model::Span::new("p", l));
        b.role = role;
        b.blank_before = blank;
        b
    }

    #[test]
    fn lines_a_colon_announces_are_no_headings() {
        let block = |t: &str, l: u32, role: Role| block(t, l, role, 1);
        let page_of = |intro: &str| {
            let mut page = RawPage::of_blocks(vec![
                block(intro, 1, Role::Paragraph),
                block("清河水暖春来早", 3, Role::Headline),
                block("老街灯红岁月新", 5, Role::Headline),
                block("这副春联写的是清河的新春。", 7, Role::Paragraph),
            ]);
            page.plain = true;
            group_display_lines(&mut page, PageHabits::default());
            page.blocks.iter().map(|b| b.role).collect::<Vec<_>>()
        };
        // After `……的春联是：` the couplet is body text.
        assert_eq!(
            page_of("今年老街上最受欢迎的春联是："),
            [Role::Paragraph; 4]
        );
        // After a sentence's end, the same two lines are a header stack.
        assert_ne!(page_of("今年老街上写春联的人很多。")[1], Role::Paragraph);
    }

    #[test]
    fn a_blank_line_may_stand_inside_a_headline_cut_in_a_word() {
        // Plain OCR text: a headline of two phrases cut inside a word of the second, a blank
        // line between its halves; two parallel halves with a blank line between stay two
        // lines (a headline and its subtitle as often).
        let line = |t: &str, l: u32, blank: u32| block(t, l, Role::Headline, blank);
        let mut page = RawPage::of_blocks(vec![
            line("清河新区落实春耕工作会 推进农", 1, 1),
            line("田建设", 3, 1),
            line("留住田园乡愁", 5, 2),
            line("建好清河新区", 7, 1),
        ]);
        page.plain = true;
        let mut diags = Vec::new();
        merge_split_headings(&mut page, &mut diags);
        let t: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "清河新区落实春耕工作会 推进农田建设",
                "留住田园乡愁",
                "建好清河新区"
            ]
        );
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn header_lines_an_engine_read_in_one_block_are_one_headline() {
        // Line-wrapped OCR text: a headline broken over two lines of one block; a label
        // kicker read in its headline's block, and lines with a blank between, stay apart.
        let line = |t: &str, l: u32, blank: u32| {
            let mut b = block(t, l, Role::Headline, blank);
            b.wrap_end = Some(false);
            b
        };
        let mut page = RawPage::of_blocks(vec![
            line("清河新区拟于2027年", 1, 1),
            line("建成十五分钟生活圈", 2, 0),
            line("经济观察", 4, 1),
            line("小微企业首季订单回暖", 5, 0),
            line("清河剧团新排越剧上演", 7, 1),
            line("老街新颜迎来八方游客", 9, 1),
        ]);
        page.plain = true;
        let mut diags = Vec::new();
        merge_split_headings(&mut page, &mut diags);
        let t: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "清河新区拟于2027年建成十五分钟生活圈",
                "经济观察",
                "小微企业首季订单回暖",
                "清河剧团新排越剧上演",
                "老街新颜迎来八方游客"
            ]
        );
        // A plain-text export (not line-wrapped) sets its header stack on consecutive lines.
        let mut page = RawPage::of_blocks(vec![
            block("清河新区拟于2027年", 1, Role::Headline, 1),
            block("建成十五分钟生活圈", 2, Role::Headline, 0),
        ]);
        page.plain = true;
        merge_split_headings(&mut page, &mut diags);
        assert_eq!(page.blocks.len(), 2);
    }

    #[test]
    fn a_lone_line_after_a_closing_dateline_or_with_a_tag_opens_an_article() {
        // A plain export without indents or blank lines: between two paragraphs a lone
        // display line is a subhead, unless the paragraph before closed its article.
        let roles = |before: &str, line: &str| {
            let mut page = RawPage::of_blocks(vec![
                block(before, 1, Role::Paragraph, 0),
                block(line, 2, Role::Headline, 0),
                block("今天上午九时，新桥正式通车。", 3, Role::Paragraph, 0),
            ]);
            page.plain = true;
            group_display_lines(&mut page, PageHabits::default());
            page.blocks.get(1).map(|b| b.role)
        };
        let said = "过去绕行要半个多小时。";
        assert_eq!(roles(said, "清河新桥今日通车"), Some(Role::Subhead));
        assert_eq!(
            roles("（本报清河3月18日电）", "清河新桥今日通车"),
            Some(Role::Headline)
        );
        // Nor is a line carrying a column tag a subhead.
        assert_eq!(
            roles(said, "清河新桥今日通车（记录清河）"),
            Some(Role::Headline)
        );
        // Nor one over a paragraph and a photo credit: a picture story's title.
        let mut page = RawPage::of_blocks(vec![
            block(said, 1, Role::Paragraph, 0),
            block("新桥迎来首批游客", 2, Role::Headline, 0),
            block("今天上午九时，新桥正式通车。", 3, Role::Paragraph, 0),
            block("本报记者 林晓摄", 4, Role::Paragraph, 0),
        ]);
        page.plain = true;
        group_display_lines(&mut page, PageHabits::default());
        assert_eq!(page.blocks.get(1).map(|b| b.role), Some(Role::Headline));
        // Or with the credit in brackets at the caption's end; a bracket of other words is
        // no credit.
        let caption = |end: &str| {
            let mut page = RawPage::of_blocks(vec![
                block(said, 1, Role::Paragraph, 0),
                block("图片报道", 2, Role::Headline, 0),
                block(
                    &format!("学生们在校园农场里移栽蔬菜幼苗。{end}"),
                    3,
                    Role::Paragraph,
                    0,
                ),
                block(said, 4, Role::Paragraph, 0),
            ]);
            page.plain = true;
            group_display_lines(&mut page, PageHabits::default());
            page.blocks.get(1).map(|b| b.role)
        };
        assert_eq!(caption("（本报记者 刘辉摄）"), Some(Role::Headline));
        assert_eq!(caption("（下转第二版）"), Some(Role::Subhead));
    }

    #[test]
    fn lone_line_after_a_blank_opens_an_article() {
        assert_eq!(single_role("河畔新绿", slots(2, 1)), Role::Headline);
        let no_blanks = Slots {
            before: 0,
            after: 0,
            meaningful: true,
        };
        assert_eq!(single_role("抓关键：推动落实", no_blanks), Role::Subhead);
    }

    #[test]
    fn a_subject_line_repeating_the_deck_gives_way_to_it() {
        use paiban_model::Span;
        let line = |t: &str, l: u32, heading: u8, role: Role| {
            let mut b = RawBlock::heading(t, Span::new("p.txt", l), heading);
            b.role = role;
            b
        };
        let mut page = RawPage {
            number: 1,
            name: None,
            file: "p.txt".into(),
            plain: true,
            geometry: false,
            blocks: vec![
                line("清河两岸春耕忙  农机下田", 1, 3, Role::Headline),
                line("李华", 2, 0, Role::Headline),
                line("2026-03-18", 3, 0, Role::Furniture),
                line("清河两岸春耕忙", 5, 0, Role::Paragraph),
                line("农机下田", 6, 0, Role::Paragraph),
                line("【本报讯】清河两岸，春耕正忙。", 7, 0, Role::Paragraph),
            ],
            fixes: Vec::new(),
        };
        let mut d = Vec::new();
        decks(&mut page, &mut d);
        let got: Vec<(&str, Role)> = page
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.role))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2026-03-18", Role::Furniture),
                ("清河两岸春耕忙", Role::Headline),
                ("农机下田", Role::Subtitle),
                ("李华", Role::Byline),
                ("【本报讯】清河两岸，春耕正忙。", Role::Paragraph),
            ]
        );
        assert!(d[0].message.contains("repeats the headline deck"));
    }

    #[test]
    fn long_headlines_where_paragraphs_are_indented() {
        let long = "清河两岸四十个村庄同步启动人居环境整治提升行动 打造宜居宜业和美乡村新样板 推动城乡融合发展";
        let indented = PageHabits {
            indent_marks_paragraphs: true,
            blank_is_break: true,
        };
        assert!(display_shape(long, indented));
        assert!(!display_shape(long, PageHabits::default()));
        assert!(!display_shape("这是一句完整的话。还有一句。", indented));
    }

    #[test]
    fn a_dot_inside_a_column_tag_ends_no_sentence() {
        // OCR reads the tag's interpunct as `.`, its opening bracket as `〈`.
        let h = PageHabits::default();
        assert!(display_shape("清河新桥今日通车 〈记录清河.追梦人)", h));
        assert!(!display_shape("清河新桥今日通车.两岸同庆", h));
        // The tag counts for no length; a bracket opened and left open is a piece.
        let long_tag = "清河新桥今日通车（在新时代新征程上——记录清河新区的新变化新气象新风貌）";
        assert!(display_shape(long_tag, h));
        assert!(!display_shape("（本报清河3月1", h));
        // Its opening bracket read `《`; a title mark closed as one is no tag.
        assert!(display_shape("清河新桥今日通车 《记录清河.追梦人)", h));
        assert_eq!(without_tag("读《清河志》有感（书评）"), "读《清河志》有感");
        assert_eq!(without_tag("读《清河志.续编》"), "读《清河志.续编》");
    }

    #[test]
    fn a_headlines_last_words_and_tag_alone_are_its_tail() {
        // `振兴（社论）` under `…推进乡村全面`: no subtitle is two characters long.
        assert_eq!(
            one_headline("决心建成清河新区推进乡村全面", "振兴 〈社论)"),
            Some("")
        );
        // A subtitle with a tag of its own is long.
        assert_eq!(
            one_headline("清河新桥今日通车", "两岸居民出行更方便（记录清河）"),
            None
        );
        // A column tag alone is the headline's; a date, a dateline or a byline in brackets
        // is not, nor a tag under a headline that has one.
        assert_eq!(one_headline("清河新桥今日通车", "（记录清河）"), Some(""));
        assert_eq!(one_headline("清河新桥今日通车", "（2027年3月18日）"), None);
        assert_eq!(one_headline("清河新桥今日通车", "（新华社清河电）"), None);
        assert_eq!(one_headline("清河新桥今日通车", "（本报记者 林晓）"), None);
        assert_eq!(one_headline("清河新桥今日通车", "（编者按）"), None);
        assert_eq!(
            one_headline("清河新桥今日通车（新桥）", "（记录清河）"),
            None
        );
    }

    #[test]
    fn a_subtitles_dash_alone_on_a_line_goes_before_it() {
        let mut page = RawPage::of_blocks(vec![
            block("清河新区十年巨变", 1, Role::Headline, 1),
            block("一一", 2, Role::Paragraph, 0),
            block("清河新区发展纪实之三", 3, Role::Headline, 0),
        ]);
        page.plain = true;
        let mut diags = Vec::new();
        merge_split_headings(&mut page, &mut diags);
        let t: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(t, ["清河新区十年巨变", "——清河新区发展纪实之三"]);
        assert_eq!(page.blocks.get(1).map(|b| b.span.line), Some(2));
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn a_number_cut_across_two_header_lines_is_one_headline() {
        assert_eq!(one_headline("清河新区拟于20", "27年建成新桥"), Some(""));
        assert_eq!(one_headline("清河新区拟于2027年", "建成新桥"), None);
    }
}
