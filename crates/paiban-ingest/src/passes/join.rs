//! Pass `join`: paragraphs broken at a column end.
//!
//! Input: classified, de-duplicated pages. Output: the same pages where a paragraph that
//! ends mid-sentence is joined with the next paragraph when the evidence says the two are
//! one (see [`crate::passes::evidence`]: how the first ends, how the second opens, a word
//! spanning the break, heading shapes, the page's indentation and blank lines) — also when a
//! headline or banner landed between the two halves (that heading is then marked
//! `landed_inside` and placed after the joined paragraph; `segment` gives it to the article
//! the paragraph belongs to). Each join is a note naming the signals that decided it; a close
//! call that is not made is a warning with both readings. Never weighed, and left for `flag`
//! to report: a next block that opens a new item (dateline, jump line, byline, credit) and a
//! break on another page — a wrong join corrupts text, a missed one only leaves a visible,
//! reported break.
//!
//! Before weighing, a headline's first line that the engine read as the last line of the
//! paragraph before it, its last word and column tag alone on the next line, goes back to
//! the headline ([`headline_head_left_in`]).

use crate::chars::{
    ends_mid_sentence, ends_with_full_stop, excerpt, han_count, is_closing, is_han,
    is_sentence_final, tail,
};
use crate::passes::display::{DECK_LINE, column_tag_of, tag_tail};
use crate::passes::evidence::{
    END_COMMA, END_INSIDE, Evidence, PageContext, bracket_across, ends_on_comma, weigh,
};
use crate::passes::{fixes, note, stitch, warn};
use crate::raw::{RawBlock, RawPage, Role};
use paiban_model::Diagnostic;

const PASS: &str = "join";

/// Join broken paragraphs on every page of `pages`.
pub fn join(pages: &mut [RawPage]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for page in pages.iter_mut() {
        let mut ctx = PageContext::of(page);
        ctx.measure_breaks(
            page.blocks
                .iter()
                .zip(page.blocks.iter().skip(1))
                .filter(|(p, n)| broken(p) && continues(n)),
        );
        diags.extend(stitch::stitch(page, &ctx));
        let blocks = std::mem::take(&mut page.blocks);
        let mut out: Vec<RawBlock> = Vec::with_capacity(blocks.len());
        for mut n in blocks {
            if let Some(prev) = out.last_mut()
                && let Some(d) = headline_head_left_in(prev, &mut n)
            {
                diags.push(d);
            }
            // A closing mark alone (`”`, `。”`): the end of the paragraph before, whose
            // last line held nothing else.
            if closing_marks_only(&n)
                && let Some(prev) = out.last_mut()
                && prev.role == Role::Paragraph
                && prev.jump_to.is_none()
            {
                diags.push(note(
                    PASS,
                    &prev.span,
                    &format!("{} | {}", tail(&prev.text, 12), n.text.trim()),
                    &format!(
                        "the closing mark alone at line {} ends the paragraph before",
                        n.span.line
                    ),
                ));
                prev.text.push_str(n.text.trim());
                continue;
            }
            let k = out.len();
            // A paragraph left open at its end, or a byline whose bracket `n` closes.
            let open = |b: &RawBlock| broken(b) || cut_byline(b, &n);
            // The editor's [[fix]] override (passes::fixes) first, then the evidence.
            let forced = |p: usize| {
                out.get(p)
                    .and_then(|b| fixes::join_override(&page.fixes, b.span.line, n.span.line))
            };
            let candidate = |p: usize| match forced(p) {
                Some(f) => f,
                None => {
                    (continues(&n) || piece(&n))
                        && out.get(p).is_some_and(|b| broken(b) || broken_piece(b))
                        || continues(&n) && out.get(p).is_some_and(open)
                }
            };
            // The paragraph right before, or the one before a single heading or a group of
            // up to three display lines (OCR reading a column down past another article's
            // headline), weighed on the same evidence.
            let direct = k.checked_sub(1).filter(|&p| candidate(p));
            // Across headings only from a paragraph to a paragraph.
            let candidate = |p: usize| {
                candidate(p)
                    && (forced(p) == Some(true) || continues(&n) && out.get(p).is_some_and(open))
            };
            let across = (1..=3).find_map(|g| {
                let p = k.checked_sub(g + 1)?;
                if !candidate(p) {
                    return None;
                }
                out.get(p + 1..k)?
                    .iter()
                    .all(|h| {
                        h.is_heading()
                            && (!h.landed_inside || g > 1)
                            && (g > 1 || h.role != Role::Subtitle)
                    })
                    .then_some(p)
            });
            // Weigh the direct candidate, then the one across headings; the first whose
            // evidence says join is taken.
            let weighed = |p: usize| {
                let by_editor = forced(p) == Some(true);
                let lead = p
                    .checked_sub(1)
                    .and_then(|h| out.get(h))
                    .is_some_and(|h| h.is_display() || h.role == Role::Byline);
                let mut evidence = match out.get(p) {
                    _ if by_editor => Evidence::by_editor(),
                    Some(prev) => weigh(prev, &n, lead, &ctx),
                    None => Evidence::default(),
                };
                // In line-wrapped OCR text (plain text, whose lines' widths gave `wrap_start`;
                // geometry's reading order is the layout's own) the engine ended its block
                // right here with a blank line, and its reading order goes on in another
                // column as often as in this paragraph's: the lines' widths alone
                // (mid-sentence at the edge, the next at the edge) are no longer enough, the
                // text across must say so.
                if k - p == 1
                    && !by_editor
                    && out.get(p).is_some_and(|b| b.wrap_end.is_some())
                    && n.wrap_start.is_some()
                    && n.blank_before > 0
                {
                    // A comma there says the paragraph goes on, not where: no more than
                    // any sentence left open at the column's foot.
                    let comma = out.get(p).is_some_and(|b| ends_on_comma(&b.text));
                    evidence.add(
                        "the engine ended its block with a blank line, where its reading order may go on in another column",
                        BLOCK_END - if comma { END_COMMA - END_INSIDE } else { 0.0 },
                    );
                }
                // Across headings, a second block set as the display lines before it are
                // (marked as a heading, or flush where the page indents its paragraphs and
                // the first is indented) is more likely their last line (a deck's closing
                // line shaped like a sentence, `号召……团结一致，迅速粉碎……阴谋。`) than the
                // paragraph going on.
                if k - p > 1 && !by_editor {
                    let indented_first = out.get(p).is_some_and(|b| b.indented);
                    if n.heading > 0
                        && han_count(&n.text) <= DECK_LINE
                        && ends_with_full_stop(&n.text)
                    {
                        evidence.add(
                            "the second is marked as a heading, like the display lines between, and is one sentence of a line's length",
                            ACROSS_AS_DISPLAY,
                        );
                    } else if ctx.habits.indent_marks_paragraphs
                        && indented_first
                        && !n.indented
                        && n.wrap_start.is_none()
                    {
                        evidence.add(
                            "the second is set flush like the display lines between, where the page indents its paragraphs",
                            ACROSS_AS_DISPLAY,
                        );
                    }
                }
                // A heading made of a piece of a paragraph needs stronger evidence.
                let heading_piece = piece(&n) || out.get(p).is_some_and(broken_piece);
                if heading_piece && !by_editor {
                    evidence.demand(PIECE_JOIN_AT, "one of them is set as a heading");
                }
                (p, evidence, heading_piece)
            };
            let tried: Vec<(usize, Evidence, bool)> = direct
                .into_iter()
                .chain(across.filter(|a| Some(*a) != direct))
                .map(weighed)
                .collect();
            let Some((p, evidence, heading_piece)) =
                tried.iter().find(|(_, e, _)| e.join()).cloned()
            else {
                // A close call between two paragraphs: a warning with both readings.
                if let Some((p, evidence, false)) = tried.first()
                    && evidence.score >= 0.0
                    && let Some(prev) = out.get(*p)
                {
                    diags.push(kept_apart(prev, &n, evidence));
                }
                out.push(n);
                continue;
            };
            let direct = direct.filter(|&d| d == p);
            if direct.is_some() {
                if let Some(prev) = out.get_mut(p) {
                    diags.push(joined(prev, &n, None, &evidence));
                    if heading_piece {
                        prev.role = Role::Paragraph;
                        prev.heading = 0;
                    }
                    append(prev, n);
                }
            } else {
                let mut headings = out.split_off(p + 1);
                if let Some(prev) = out.get_mut(p) {
                    diags.push(joined(prev, &n, headings.first(), &evidence));
                    append(prev, n);
                }
                for h in headings.iter_mut() {
                    h.landed_inside = true;
                }
                out.extend(headings);
            }
        }
        page.blocks = out;
    }
    diags
}

/// Fewest and most Han characters of a headline's first line (see
/// [`headline_head_left_in`]).
const HEAD_LINE: std::ops::RangeInclusive<usize> = 6..=30;

/// A headline's first line read as the last line of the paragraph before it (the engine
/// wrote no blank line between them), its last word and column tag alone on the next line
/// (`…创历史新高。决胜全面建成小康社会推进乡村全面` / `振兴（社论）`): the words after the
/// paragraph's last sentence, unpunctuated, go back to the heading. Returns the note.
fn headline_head_left_in(prev: &mut RawBlock, n: &mut RawBlock) -> Option<Diagnostic> {
    if !n.is_heading()
        || prev.role != Role::Paragraph
        || prev.jump_to.is_some()
        || !tag_tail(&n.text)
        || column_tag_of(&n.text).is_none()
    {
        return None;
    }
    let p = prev.text.trim_end();
    let end = p
        .char_indices()
        .filter(|&(_, c)| is_sentence_final(c))
        .map(|(i, c)| i + c.len_utf8())
        .next_back()?;
    let rest = p.get(end..)?;
    let head = rest.trim_start_matches(is_closing).trim();
    if !HEAD_LINE.contains(&han_count(head)) || !head.chars().all(is_han) {
        return None;
    }
    let cut = p.len() - head.len();
    let d = note(
        PASS,
        &n.span,
        &format!("{} | {}", tail(&prev.text, 12), n.text.trim()),
        &format!(
            "the headline's first line “{head}” was read as the last of the paragraph at line {}: given back to the headline",
            prev.span.line
        ),
    );
    n.text = format!("{head}{}", n.text.trim_start());
    prev.text.truncate(cut);
    prev.wrap_end = prev.wrap_end.map(|_| false);
    Some(d)
}

/// Weight of the OCR engine's blank line between two blocks of line-wrapped text (see
/// `join`): it cancels what the lines' widths and the unfinished sentence say (+3.5), so
/// that a join there needs evidence from the text across the break (a word, the page's own
/// phrases, a bracket closed, a comma). On Tesseract's text of the development set, joins
/// there on the widths alone were wrong more often than right.
const BLOCK_END: f32 = -3.0;

/// Weight of a second block, across headings, set as those headings are (see `join`).
const ACROSS_AS_DISPLAY: f32 = -1.0;

/// Score a join of a heading that is a piece of a paragraph must reach.
const PIECE_JOIN_AT: f32 = 3.0;

/// Is `b` read as a heading only by its markup or shape (no geometry says so), so that it
/// may be a piece of a broken paragraph that a column break set apart?
pub(crate) fn piece(b: &RawBlock) -> bool {
    b.is_heading()
        && b.hint.is_none()
        && !b.landed_inside
        && b.jump_from.is_none()
        && b.jump_to.is_none()
        && !b.text.is_empty()
}

/// A byline cut short by a column break (`（本报记者 李明、王芳、张`): it leaves its bracket
/// open, and `n` closes it.
fn cut_byline(b: &RawBlock, n: &RawBlock) -> bool {
    b.role == Role::Byline
        && ends_mid_sentence(&b.text)
        && bracket_across(&b.text, &n.text) == Some(true)
}

/// A [`piece`] that ends mid-sentence.
fn broken_piece(b: &RawBlock) -> bool {
    piece(b) && b.wrap_end != Some(false) && ends_mid_sentence(&b.text)
}

/// Is `b` a paragraph of closing quotes, brackets and sentence marks only (no straight quote)?
fn closing_marks_only(b: &RawBlock) -> bool {
    let t = b.text.trim();
    b.role == Role::Paragraph
        && b.jump_from.is_none()
        && b.dateline.is_none()
        && !t.is_empty()
        && t.chars().all(|c| is_closing(c) || is_sentence_final(c))
        // A straight quote may as well open what follows.
        && !t.contains(['"', '\''])
}

/// Can `b` be the second half of a broken paragraph?
pub(crate) fn continues(b: &RawBlock) -> bool {
    b.role == Role::Paragraph && b.dateline.is_none() && b.jump_from.is_none() && !b.text.is_empty()
}

/// Is `b` a paragraph that ends mid-sentence, whose break may be weighed? In line-wrapped
/// text a paragraph whose last line stopped short of the column's edge ended there,
/// whatever OCR made of its last characters.
pub(crate) fn broken(b: &RawBlock) -> bool {
    b.role == Role::Paragraph
        && b.jump_to.is_none()
        && b.wrap_end != Some(false)
        && ends_mid_sentence(&b.text)
}

pub(crate) fn append(prev: &mut RawBlock, next: RawBlock) {
    let latin_gap = prev
        .text
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && next
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if latin_gap {
        prev.text.push(' ');
    }
    prev.text.push_str(&next.text);
    prev.wrap_end = next.wrap_end;
    prev.joined.push(next.span.line);
    prev.joined.extend(next.joined);
    if next.jump_to.is_some() {
        prev.jump_to = next.jump_to;
        prev.jump_text = match (prev.jump_text.take(), next.jump_text) {
            (Some(a), Some(b)) => Some(format!("{a} {b}")),
            (a, b) => a.or(b),
        };
    }
}

fn joined(
    prev: &RawBlock,
    next: &RawBlock,
    heading: Option<&RawBlock>,
    evidence: &Evidence,
) -> Diagnostic {
    let snippet = format!("{} | {}", tail(&prev.text, 12), excerpt(&next.text, 12));
    let mut msg = format!(
        "joined a paragraph broken at a column end with its continuation at line {}",
        next.span.line
    );
    if let Some(h) = heading {
        msg.push_str(&format!(
            "; the heading “{}” (line {}) stood between the halves",
            h.text, h.span.line
        ));
    }
    msg.push_str(&format!("; evidence: {}", evidence.describe()));
    note(PASS, &prev.span, &snippet, &msg)
}

/// A close call left as the source has it: a warning with both readings.
fn kept_apart(prev: &RawBlock, next: &RawBlock, evidence: &Evidence) -> Diagnostic {
    let snippet = format!("{} | {}", tail(&prev.text, 12), excerpt(&next.text, 12));
    warn(
        PASS,
        &prev.span,
        &snippet,
        &format!(
            "unsure whether the paragraph continues at line {} (joined it would read “{}{}”): kept apart; evidence: {}",
            next.span.line,
            tail(&prev.text, 8),
            excerpt(&next.text, 8),
            evidence.describe()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use paiban_model::Span;

    fn para(t: &str, l: u32) -> RawBlock {
        let mut b = RawBlock::new(t, Span::new("p", l));
        b.role = Role::Paragraph;
        b
    }

    fn run(blocks: Vec<RawBlock>) -> (Vec<RawBlock>, Vec<Diagnostic>) {
        let mut pages = vec![RawPage::of_blocks(blocks)];
        let d = join(&mut pages);
        (pages.remove(0).blocks, d)
    }

    #[test]
    fn joins_a_column_break() {
        let (b, d) = run(vec![
            para("两岸居民积极参与“清", 1),
            para("河夜话”活动。", 3),
        ]);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text, "两岸居民积极参与“清河夜话”活动。");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("line 3"));
    }

    #[test]
    fn joins_across_a_headline() {
        let mut h = RawBlock::heading("新桥通车", Span::new("p", 3), 2);
        h.role = Role::Headline;
        let (b, d) = run(vec![
            para(
                "为方便两岸居民出行，清河新区的各个社区今年以来陆续开展了“结对子”等",
                1,
            ),
            h,
            para("活动，效果很好。", 5),
        ]);
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[0].text,
            "为方便两岸居民出行，清河新区的各个社区今年以来陆续开展了“结对子”等活动，效果很好。"
        );
        assert!(b[1].landed_inside);
        assert!(d[0].message.contains("新桥通车"));
    }

    #[test]
    fn a_byline_cut_short_is_joined_across_the_next_header() {
        // A column break cut the byline after the last paragraph; the next article's header
        // stands between its halves. The rest closes the bracket the byline left open.
        let mut byline = para("（本报记者 李明、王芳、张", 3);
        byline.role = Role::Byline;
        let mut h = RawBlock::heading("老城改造工程今天启动", Span::new("p", 5), 2);
        h.role = Role::Headline;
        let (b, _) = run(vec![
            para("新桥通车后，老桥将封闭维修，预计年底前重新开放。", 1),
            byline.clone(),
            h.clone(),
            para("华、赵强）", 7),
        ]);
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(b[1].text, "（本报记者 李明、王芳、张华、赵强）");
        assert_eq!(b[1].role, Role::Byline);
        assert!(b[2].landed_inside);
        // A paragraph that closes no bracket the byline left open stays under its header.
        let (b, _) = run(vec![byline, h, para("改造范围包括三条老街。", 7)]);
        assert_eq!(b.len(), 3);
    }

    #[test]
    fn a_closing_mark_alone_ends_the_paragraph_before() {
        let (b, d) = run(vec![
            para("他说：“新桥通车以后，往来方便多了。", 1),
            para("”", 3),
            para("清河新区今年还将新建两座桥。", 5),
        ]);
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!(b[0].text, "他说：“新桥通车以后，往来方便多了。”");
        assert!(d.iter().any(|d| d.message.contains("line 3")), "{d:?}");
        // A straight quote may open what follows: it stays.
        let (b, _) = run(vec![para("往来方便多了。", 1), para("\"", 3)]);
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn a_short_block_whose_last_clause_is_cut_short_goes_on() {
        // Short and unfinished, with a clause mark: a subhead's shape, but its last clause
        // stops two characters in, as no heading's balanced clauses do.
        let long = "清河新区各社区组织志愿者上门排查，逐户登记，并为独居老人送去生活用品。";
        let (b, d) = run(vec![para("面对突如其来的汛情，各社区", 1), para(long, 3)]);
        assert_eq!(b.len(), 1, "{b:?}");
        assert!(d[0].message.contains("cut short"), "{d:?}");
        // Balanced clauses stay a block of their own.
        let (b, _) = run(vec![para("守护清河水，建好新家园", 1), para(long, 3)]);
        assert_eq!(b.len(), 2, "{b:?}");
    }

    #[test]
    fn across_headings_a_line_set_like_them_is_no_continuation() {
        // A deck landed inside a paragraph; its last line ends on a full stop, set flush
        // where the page indents its paragraphs (or, in Markdown, marked as a heading).
        let indented = |t: &str, l: u32| {
            let mut b = para(t, l);
            b.indented = true;
            b
        };
        let mut h1 = RawBlock::heading("清河大学城迎来首批学生", Span::new("p", 5), 0);
        h1.role = Role::Headline;
        let mut h2 = RawBlock::heading("新生来自全国二十个省份", Span::new("p", 6), 0);
        h2.role = Role::Subtitle;
        let page = |deck: RawBlock| {
            let mut page = RawPage::of_blocks(vec![
                indented(
                    "清河新区今年将新建公园十二座，改造老旧小区三十个，让居民出门见绿。",
                    1,
                ),
                indented(
                    "市长周宁表示，宜居城市建设要从群众最关心的事情做起，今年所有老旧小区的",
                    3,
                ),
                h1.clone(),
                h2.clone(),
                deck,
                indented("改造都将在年底前全部完成。", 9),
            ]);
            page.plain = true;
            let mut pages = vec![page];
            join(&mut pages);
            pages.remove(0).blocks
        };
        let flush = para("号召各界团结一致，共同办好这所新大学。", 7);
        let b = page(flush.clone());
        assert!(b.iter().any(|b| b.text == flush.text), "{b:?}");
        let mut marked = flush.clone();
        marked.heading = 2;
        let b = page(marked);
        assert!(b.iter().any(|b| b.text == flush.text), "{b:?}");
    }

    #[test]
    fn does_not_join() {
        // The next block opens a new item.
        let mut n = para("清河新桥今天通车。", 3);
        n.dateline = Some("本报讯".into());
        let (b, _) = run(vec![para("在坚持惠民中，清河", 1), n]);
        assert_eq!(b.len(), 2);
        // Complete sentence, list item ending with a semicolon.
        let (b, _) = run(vec![para("第一段完。", 1), para("第二段。", 3)]);
        assert_eq!(b.len(), 2);
        let (b, _) = run(vec![para("一是抓落实；", 1), para("二是抓成效。", 3)]);
        assert_eq!(b.len(), 2);
    }

    #[test]
    fn a_sentence_just_begun_is_joined_like_any_other() {
        // Where a column break falls is no evidence of lost text: a sentence cut three
        // characters after it began is joined on the same evidence as one cut later.
        let (b, _) = run(vec![
            para("成果显著。全市全部创", 1),
            para("建成文明城区。", 3),
        ]);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text, "成果显著。全市全部创建成文明城区。");
    }

    #[test]
    fn a_heading_set_on_a_piece_of_a_paragraph_is_joined_on_strong_evidence() {
        // A word runs across the break: the markup was wrong.
        let mut h = RawBlock::heading("老街社区居委", Span::new("p", 3), 2);
        h.role = Role::Headline;
        let (b, _) = run(vec![
            para("会议在清河举行。", 1),
            h,
            para("会负责同志出席会议。", 5),
        ]);
        assert_eq!(b.len(), 2);
        assert_eq!(b[1].text, "老街社区居委会负责同志出席会议。");
        assert_eq!(b[1].role, Role::Paragraph);
        // Only the page's own pair across the break: a headline stays a headline.
        let mut h = RawBlock::heading("新桥通车", Span::new("p", 3), 2);
        h.role = Role::Headline;
        let (b, _) = run(vec![para("会议在清河举行。", 1), h, para("车辆很多。", 5)]);
        assert_eq!(b.len(), 3);
        assert_eq!(b[1].role, Role::Headline);
    }
}
