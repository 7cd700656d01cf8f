//! Pass `classify`: decide what each raw block is.
//!
//! Input: pages of unclassified [`RawBlock`]s. Output: the same blocks with a [`Role`]
//! (headline, kicker/banner, subtitle, subhead, byline, jump line, caption, credit, note,
//! paragraph, page furniture, image), jump markers split off into `jump_from`/`jump_to`,
//! and datelines split off the start of lead paragraphs. Heading markup is a hint, not the
//! truth: a `##` paragraph is read as a paragraph, a `##` slogan as a column banner, a `##`
//! `X：Y` as a subhead. In plain-text exports, consecutive short unindented lines are the
//! kicker / headline / subtitle group. Rules are shapes (see `patterns`), never strings of
//! a particular page.

use crate::chars::{excerpt, fragment_shape, han_count, has_inner_sentence_end};
use crate::passes::contents::{Headings, gather_contents};
use crate::passes::display::{
    PageHabits, decks, display_shape, group_display_lines, merge_split_headings,
};
use crate::passes::note;
use crate::patterns::{
    Jump, dateline_len, is_banner_shape, is_byline, is_closing_dateline, is_contents, is_credit,
    is_empty_label, is_furniture, is_mark, is_subhead_shape, jump_at_end, jump_at_start,
    note_label,
};
use crate::raw::{RawBlock, RawPage, Role};
use paiban_model::Diagnostic;

const PASS: &str = "classify";

/// Classify every block of `pages`; `masthead` helps to recognise page furniture.
pub fn classify(pages: &mut [RawPage], masthead: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut habits_of = Vec::with_capacity(pages.len());
    for page in pages.iter_mut() {
        let habits = PageHabits::of(page);
        for b in page.blocks.iter_mut() {
            classify_block(b, page.plain, habits, masthead, &mut diags);
        }
        habits_of.push(habits);
    }
    // The edition's headings, for telling a list of them (a contents page OCR read without
    // its leaders) from text.
    let headings = Headings::of(pages);
    for (k, (page, habits)) in pages.iter_mut().zip(habits_of).enumerate() {
        empty_labels_among_furniture(page);
        gather_contents(page, k, &headings, &mut diags);
        introduced_lines_are_body(page, &mut diags);
        merge_split_headings(page, &mut diags);
        fragments_are_paragraphs(page, &mut diags);
        headings_over_datelines(page, &mut diags);
        group_display_lines(page, habits);
        decks(page, &mut diags);
        deeper_headings_are_subheads(page, &mut diags);
        notes_take_the_next_paragraph(page);
    }
    diags
}

/// Everything a block is when the pass is switched off: headings are headlines, the rest
/// paragraphs (images stay images).
pub fn unclassified(pages: &mut [RawPage]) {
    for b in pages.iter_mut().flat_map(|p| p.blocks.iter_mut()) {
        if b.role != Role::Image {
            b.role = if b.heading > 0 {
                Role::Headline
            } else {
                Role::Paragraph
            };
        }
    }
}

fn classify_block(
    b: &mut RawBlock,
    plain: bool,
    habits: PageHabits,
    masthead: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if matches!(b.role, Role::Image | Role::Caption | Role::Furniture) {
        return;
    }
    split_jumps(b, diags);
    if b.text.trim().is_empty() {
        b.role = Role::Jump;
        b.text.clear();
        return;
    }
    let t = b.text.as_str();
    b.role = if b.hint == Some(Role::Furniture) || is_contents(t) {
        Role::Furniture
    } else if note_label(t).is_some() {
        Role::Note
    } else if let Some(n) = dateline_len(t).filter(|&n| n < t.len() || b.heading == 0) {
        let dateline = t.get(..n).unwrap_or_default().trim().to_string();
        b.text = t.get(n..).unwrap_or_default().trim().to_string();
        b.dateline = Some(dateline);
        Role::Paragraph
    } else if is_closing_dateline(t) {
        Role::Paragraph
    } else if is_credit(t) {
        Role::Credit
    } else if is_byline(t) {
        Role::Byline
    } else if is_furniture(t, masthead) || (b.heading > 0 && record_number(t)) {
        Role::Furniture
    } else if b.heading > 0 {
        match b.hint {
            Some(r @ (Role::Kicker | Role::Subtitle | Role::Subhead)) => r,
            _ => heading_role(b, diags),
        }
    } else if plain && !b.indented && display_shape(t, habits) {
        Role::Headline
    } else if t.starts_with(is_mark) && is_subhead_shape(t) {
        // `■守住底线，发挥作用`: a marked short line without a sentence end.
        Role::Subhead
    } else {
        Role::Paragraph
    };
}

/// A heading of digits and no letters at all (`# 1880 - 1 - 4902399`, an archive's record
/// number) titles nothing: it is the export's furniture.
fn record_number(t: &str) -> bool {
    t.chars().any(|c| c.is_ascii_digit()) && !t.chars().any(char::is_alphabetic)
}

/// In a plain-text page, short unmarked lines right after a paragraph that ends on a colon
/// (`获得一等奖的春联是：`) are what the colon introduces (a couplet, a quotation, a list),
/// body text, not display lines: no headline is introduced by a colon.
fn introduced_lines_are_body(page: &mut RawPage, diags: &mut Vec<Diagnostic>) {
    if !page.plain {
        return;
    }
    let mut introduced = false;
    for b in page.blocks.iter_mut() {
        if introduced && b.role == Role::Headline && b.heading == 0 && b.hint.is_none() {
            b.role = Role::Paragraph;
            diags.push(note(
                PASS,
                &b.span,
                &excerpt(&b.text, 24),
                "a short line after a colon is what the colon introduces: read as a paragraph",
            ));
            continue;
        }
        introduced = b.role == Role::Paragraph && b.text.trim_end().ends_with(['：', ':']);
    }
}

/// Take a leading `■上接第1版` and a trailing `（下转第2版）` off the block's text.
fn split_jumps(b: &mut RawBlock, diags: &mut Vec<Diagnostic>) {
    let mut marks = Vec::new();
    if let Some((j, used)) = jump_at_start(&b.text) {
        marks.push(b.text.get(..used).unwrap_or_default().trim().to_string());
        b.text = b
            .text
            .get(used..)
            .unwrap_or_default()
            .trim_start()
            .to_string();
        set_jump(b, j);
    }
    if let Some((j, at)) = jump_at_end(&b.text) {
        marks.push(b.text.get(at..).unwrap_or_default().trim().to_string());
        b.text = b.text.get(..at).unwrap_or_default().trim_end().to_string();
        set_jump(b, j);
    }
    if !marks.is_empty() {
        let joined = marks.join(" ");
        let what = match (b.jump_from, b.jump_to) {
            (Some(f), Some(t)) => {
                format!("jump line: continued from page {f}, continues on page {t}")
            }
            (Some(f), None) => format!("jump line: continued from page {f}"),
            (None, Some(t)) => format!("jump line: continues on page {t}"),
            (None, None) => String::from("jump line"),
        };
        diags.push(note(PASS, &b.span, &joined, &what));
        b.jump_text = Some(joined);
    }
}

fn set_jump(b: &mut RawBlock, j: Jump) {
    match j {
        Jump::From(n) => b.jump_from = Some(n),
        Jump::To(n) => b.jump_to = Some(n),
    }
}

/// What a block marked as a heading really is.
fn heading_role(b: &RawBlock, diags: &mut Vec<Diagnostic>) -> Role {
    let t = b.text.as_str();
    // A title takes no full stop (GB/T 15834): markup on a sentence that ends with one
    // marks a lead sentence set in bold, or was added by OCR.
    // A long heading is a paragraph when it runs in clauses; a column tag in brackets at
    // its end (`…提质增效（在清河新区……新清河）`) is no part of its length.
    let title = crate::passes::display::without_tag(t);
    let long = han_count(title) > 40 && title.contains(['，', '；', ',', ';']);
    // The tag is no part of its sentence either: a mark inside it (an interpunct read as
    // `?`: `（记录清河?新桥）`) ends no sentence of the heading.
    if long || has_inner_sentence_end(title) || crate::chars::ends_with_full_stop(t) {
        diags.push(note(
            PASS,
            &b.span,
            &excerpt(t, 24),
            "heading markup on a paragraph: read as a paragraph",
        ));
        Role::Paragraph
    } else if is_subhead_shape(t) {
        Role::Subhead
    } else if is_banner_shape(t) {
        diags.push(note(
            PASS,
            &b.span,
            t,
            "column banner (栏目), not a headline: kept as the kicker",
        ));
        Role::Kicker
    } else if t.starts_with('—') || t.starts_with("--") {
        Role::Subtitle
    } else {
        Role::Headline
    }
}

/// Heading markup on a piece of a paragraph (a column break cut it, OCR marked it): a line
/// shaped like a fragment ([`fragment_shape`]) or a whole dateline is read as a paragraph,
/// so that `join` weighs it with its neighbours. Runs after headlines broken over two lines
/// were joined, whose halves may look like pieces.
fn fragments_are_paragraphs(page: &mut RawPage, diags: &mut Vec<Diagnostic>) {
    for b in page.blocks.iter_mut() {
        if !b.is_heading() || b.hint.is_some() {
            continue;
        }
        let t = b.text.trim();
        let bare = t
            .trim_start_matches(['（', '('])
            .trim_end_matches(['）', ')']);
        let whole_dateline = dateline_len(bare).is_some_and(|n| n >= bare.trim_end().len());
        let why = if whole_dateline {
            "heading markup on a dateline: read as a paragraph"
        } else if fragment_shape(t) {
            "heading markup on a piece of a paragraph (it opens or ends mid-sentence): read as a paragraph"
        } else {
            continue;
        };
        diags.push(note(PASS, &b.span, &excerpt(t, 24), why));
        b.role = Role::Paragraph;
    }
}

/// A page that marks headlines with one heading level and subheads with a deeper one:
/// the deeper headings are subheads, unless a byline or dateline follows them.
fn deeper_headings_are_subheads(page: &mut RawPage, diags: &mut Vec<Diagnostic>) {
    let top = page
        .blocks
        .iter()
        .filter(|b| b.heading > 0 && b.role == Role::Headline)
        .map(|b| b.heading)
        .min();
    let Some(top) = top else { return };
    for i in 0..page.blocks.len() {
        let next_opens = page
            .blocks
            .get(i + 1)
            .is_some_and(|n| n.role == Role::Byline || n.dateline.is_some());
        if let Some(b) = page.blocks.get_mut(i)
            && b.role == Role::Headline
            && b.heading > top
            && b.hint.is_none()
            && !next_opens
        {
            b.role = Role::Subhead;
            diags.push(note(
                PASS,
                &b.span,
                &b.text,
                "deeper heading level: read as a subhead",
            ));
        }
    }
}

/// Longest line read as a headline that lost its markup.
const UNMARKED_HEADLINE: usize = 40;

/// A line that may be a headline whose markup was lost: not a sentence, not a clause.
fn unmarked_heading_shape(b: &RawBlock) -> bool {
    let t = b.text.as_str();
    b.role == Role::Paragraph
        && b.heading == 0
        // Line-wrapped text: lines joined into a paragraph are body (see `wrapped`).
        && !(b.wrap_end.is_some() && b.indented)
        && b.dateline.is_none()
        && b.jump_from.is_none()
        && b.jump_to.is_none()
        && (2..=UNMARKED_HEADLINE).contains(&han_count(t))
        && !has_inner_sentence_end(t)
        // A signature's date (`清河县农民协会三月十八日`) ends no headline.
        && !crate::patterns::ends_with_date(t)
        // An article's closing dateline (`（新华社清河3月18日电）`) ends the one before.
        && !is_closing_dateline(t)
        // Nor a piece of one cut in two (`（新华社清河3月18` | `日电）`): a bracket left open
        // or closed that the line did not open.
        && !bracket_piece(t)
        && !crate::chars::ends_with_full_stop(t)
        && !t
            .trim_end_matches(crate::chars::is_closing)
            .ends_with(['，', '、', '；', '：', ',', ';', ':'])
}

/// Does `t` open a bracket it does not close, or close one it did not open?
fn bracket_piece(t: &str) -> bool {
    let mut depth = 0i32;
    for c in t.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => {
                depth -= 1;
                if depth < 0 {
                    return true;
                }
            }
            _ => {}
        }
    }
    depth != 0
}

/// Names set apart by spaces (`陈 沂`, `曹  一图  于  石文`): every piece one or two
/// characters, as a list of authors is set, never a heading.
fn spaced_name(t: &str) -> bool {
    let mut pieces = t.split_whitespace().peekable();
    pieces.peek().is_some()
        && t.split_whitespace().count() >= 2
        && pieces.all(|p| p.chars().count() <= 2)
}

/// Does `t` open a quotation it does not close, or close one it did not open (a piece of a
/// line cut short)?
fn quote_piece(t: &str) -> bool {
    t.matches('“').count() != t.matches('”').count()
}

/// Lines that open an article whose headline lost its markup: the short unpunctuated lines
/// right before a paragraph opening with a dateline, or before a byline, or (in Markdown) a
/// stack with a column tag over any paragraph, after text that ends a sentence (or at the
/// page's top). They become its kicker, headline and subtitle.
fn headings_over_datelines(page: &mut RawPage, diags: &mut Vec<Diagnostic>) {
    let n = page.blocks.len();
    let mut i = 0;
    while i < n {
        let start = i;
        // Unmarked lines, and marked header lines among them (markup lost on some lines
        // of a stack only).
        let mut unmarked = 0;
        while i < n && i - start < 3 {
            let Some(b) = page.blocks.get(i) else { break };
            if unmarked_heading_shape(b) {
                unmarked += 1;
            } else if !(b.heading > 0 && b.is_display() && b.hint.is_none()) {
                break;
            }
            i += 1;
        }
        // Beside marked lines, an unmarked line is a kicker only if it has no clause mark:
        // `在推进老街改造过程中，清河新区` over a marked headline is a paragraph cut short.
        let mixed = unmarked < i - start;
        let clause = |b: &RawBlock| b.heading == 0 && b.text.contains(['，', ',', '、', '；', ';']);
        if unmarked == 0 || mixed && page.blocks[start..i].iter().any(clause) {
            i = start + 1;
            continue;
        }
        let opens = page
            .blocks
            .get(i)
            .is_some_and(|b| b.dateline.is_some() || b.role == Role::Byline);
        let after_text = start
            .checked_sub(1)
            .and_then(|p| page.blocks.get(p))
            .is_none_or(|b| !crate::chars::ends_mid_sentence(&b.text) || b.is_display());
        // In Markdown whose markup an engine set on some header lines only, a stack also
        // opens its article over a plain paragraph when a line of it carries a column tag
        // (`…的春天（强军思想引领新征程）`): no body line or subhead carries one, and none of
        // its lines runs in clauses, lists names or cuts a quotation. (A marked
        // line beside the stack, or an article closed right before it, measured too: more
        // body lines made headings on the pages not tuned on than headlines found.)
        let tag = || {
            !page.plain
                && !page.geometry
                && page
                    .blocks
                    .get(i)
                    .is_some_and(|b| b.role == Role::Paragraph && b.heading == 0)
                && page.blocks[start..i]
                    .iter()
                    .any(|b| b.heading == 0 && crate::passes::display::tagged(&b.text))
                && page.blocks[start..i].iter().all(|b| {
                    b.heading > 0 || !(clause(b) || spaced_name(&b.text) || quote_piece(&b.text))
                })
        };
        let why = if opens {
            "over a dateline or byline"
        } else if i > start && tag() {
            "carrying a column tag"
        } else {
            i = start.max(i) + 1;
            continue;
        };
        if i == start || !after_text {
            i = start.max(i) + 1;
            continue;
        }
        let texts: Vec<&str> = page.blocks[start..i]
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        let roles = crate::passes::display::header_roles(&texts);
        for (b, r) in page.blocks[start..i].iter_mut().zip(roles) {
            b.role = r;
            if b.heading > 0 {
                continue;
            }
            diags.push(note(
                PASS,
                &b.span,
                &b.text,
                &format!("a line without markup {why}: read as the article's heading"),
            ));
        }
    }
}

/// A field label with nothing after it (`专栏：`) right after page furniture is furniture.
fn empty_labels_among_furniture(page: &mut RawPage) {
    for i in 1..page.blocks.len() {
        let after_furniture = page
            .blocks
            .get(i - 1)
            .is_some_and(|b| b.role == Role::Furniture);
        if let Some(b) = page.blocks.get_mut(i)
            && after_furniture
            && b.heading == 0
            && is_empty_label(&b.text)
        {
            b.role = Role::Furniture;
        }
    }
}

/// `编者按` standing alone labels the paragraph after it.
fn notes_take_the_next_paragraph(page: &mut RawPage) {
    for i in 0..page.blocks.len() {
        let label_only = page.blocks.get(i).is_some_and(|b| {
            b.role == Role::Note
                && note_label(&b.text)
                    .is_some_and(|n| b.text.get(n..).is_none_or(|r| r.trim().is_empty()))
        });
        if label_only
            && let Some(next) = page.blocks.get_mut(i + 1)
            && next.role == Role::Paragraph
        {
            next.role = Role::Note;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::RawBlock;
    use paiban_model::Span;

    fn page(blocks: Vec<RawBlock>, plain: bool) -> Vec<RawPage> {
        vec![RawPage {
            number: 1,
            name: None,
            file: "p".into(),
            plain,
            geometry: false,
            blocks,
            fixes: Vec::new(),
        }]
    }

    fn sp(l: u32) -> Span {
        Span::new("p", l)
    }

    #[test]
    fn markdown_headings_by_shape() {
        let mut p = page(
            vec![
                RawBlock::heading("清河新桥今日通车", sp(1), 2),
                RawBlock::new("□本报记者 刘辉 通讯员 张敏", sp(2)),
                RawBlock::heading("奋斗新时代 建功新征程", sp(3), 2),
                RawBlock::new("本报3月18日讯（记者 刘辉）清河新桥今天通车。", sp(4)),
                RawBlock::heading("抓质量：工程全程监理", sp(5), 2),
                RawBlock::heading(
                    "■上接第1版 这是一整段被错标为标题的正文。它很长，还有句号。",
                    sp(6),
                    2,
                ),
                RawBlock::new("本报记者 刘 辉摄", sp(7)),
                RawBlock::new("（下转第2版）", sp(8)),
            ],
            false,
        );
        let d = classify(&mut p, "清河日报");
        let roles: Vec<Role> = p[0].blocks.iter().map(|b| b.role).collect();
        assert_eq!(
            roles,
            vec![
                Role::Headline,
                Role::Byline,
                Role::Kicker,
                Role::Paragraph,
                Role::Subhead,
                Role::Paragraph,
                Role::Credit,
                Role::Jump
            ]
        );
        let b = &p[0].blocks;
        assert_eq!(b[3].dateline.as_deref(), Some("本报3月18日讯（记者 刘辉）"));
        assert_eq!(b[3].text, "清河新桥今天通车。");
        assert_eq!(b[5].jump_from, Some(1));
        assert!(b[5].text.starts_with("这是"));
        assert_eq!(b[7].jump_to, Some(2));
        assert!(d.iter().any(|d| d.message.contains("heading markup")));
        assert!(d.iter().any(|d| d.message.contains("banner")));
    }

    #[test]
    fn closing_datelines_and_long_tagged_headlines() {
        let mut p = page(
            vec![
                RawBlock::heading("清河新桥今日通车", sp(1), 2),
                RawBlock::new("清河新桥今天上午正式通车，全长一千二百米。", sp(3)),
                // The article's dateline, printed at its end.
                RawBlock::new("（新华社清河3月18日电）", sp(5)),
                // 42 Han characters, of which the column tag in brackets 26.
                RawBlock::heading(
                    "春耕备耕全面铺开 农田建设提质增效（在清河新区党工委管委会的坚强领导下——新起点新气象新清河）",
                    sp(7),
                    2,
                ),
                RawBlock::new("本报清河3月18日电 清河新区今年新增企业三百家。", sp(9)),
            ],
            true,
        );
        classify(&mut p, "清河日报");
        let roles: Vec<Role> = p[0].blocks.iter().map(|b| b.role).collect();
        assert_eq!(
            roles,
            vec![
                Role::Headline,
                Role::Paragraph,
                Role::Paragraph,
                Role::Headline,
                Role::Paragraph
            ]
        );
        assert!(crate::patterns::is_closing_dateline(
            "（本报东湾3月20日电）"
        ));
        assert!(!crate::patterns::is_closing_dateline("（本报记者 刘辉）"));
    }

    #[test]
    fn an_unmarked_headline_with_a_column_tag_opens_its_article_in_markdown() {
        // OCR'd Markdown whose engine marked some headlines only: a line carrying a column
        // tag over a plain paragraph (no dateline) heads its article with the subtitle
        // under it; a tagless line, a list of names and a piece cut inside a quotation stay
        // body text, and a sentence cut short before the line keeps it in the body.
        let text = |t: &str, l: u32| RawBlock::new(t, sp(l));
        let roles = |blocks: Vec<RawBlock>| {
            let mut p = page(blocks, false);
            let d = classify(&mut p, "清河日报");
            let r: Vec<Role> = p[0].blocks.iter().map(|b| b.role).collect();
            (r, d)
        };
        let said = "清河新桥今天上午正式通车，全长一千二百米。";
        let (r, d) = roles(vec![
            text(said, 1),
            text("走进清河新区的春天（记录清河·新桥）", 3),
            text("——新区建设三年记", 5),
            text("春风又绿清河岸，新区处处是工地。", 7),
        ]);
        assert_eq!(
            r,
            [
                Role::Paragraph,
                Role::Headline,
                Role::Subtitle,
                Role::Paragraph
            ]
        );
        assert!(d.iter().any(|d| d.message.contains("column tag")));
        for line in ["走进清河新区的春天", "“走进清河新区的春天（记录清河）"]
        {
            let (r, _) = roles(vec![text(said, 1), text(line, 3), text(said, 5)]);
            assert_eq!(r, [Role::Paragraph; 3], "{line}");
        }
        let (r, _) = roles(vec![
            text(said, 1),
            text("刘  辉  张  敏", 3),
            text("走进清河新区的春天（记录清河·新桥）", 5),
            text(said, 7),
        ]);
        assert_eq!(r, [Role::Paragraph; 4]);
        let (r, _) = roles(vec![
            text("清河新桥今天上午正式通车，全长", 1),
            text("走进清河新区的春天（记录清河·新桥）", 3),
            text(said, 5),
        ]);
        assert_eq!(r, [Role::Paragraph; 3]);
    }

    #[test]
    fn a_mark_inside_a_headlines_column_tag_ends_no_sentence() {
        // OCR read the tag's interpunct as `?`; a question in the title itself is no title.
        let mut p = page(
            vec![
                RawBlock::heading("清河新桥今日通车（记录清河?我们的新桥）", sp(1), 2),
                RawBlock::new("清河新桥今天上午正式通车，全长一千二百米。", sp(3)),
                RawBlock::heading("新桥通车了?市民都去看了", sp(5), 2),
                RawBlock::new("清河新桥今天上午正式通车，全长一千二百米。", sp(7)),
            ],
            true,
        );
        classify(&mut p, "清河日报");
        let roles: Vec<Role> = p[0].blocks.iter().map(|b| b.role).collect();
        assert_eq!(
            roles,
            [
                Role::Headline,
                Role::Paragraph,
                Role::Paragraph,
                Role::Paragraph
            ]
        );
    }

    #[test]
    fn pieces_of_a_closing_dateline_are_no_headings() {
        // The article's closing dateline cut in two by a column break, the next article's
        // headline between the halves: neither half heads the next article.
        let mut p = page(
            vec![
                RawBlock::new("清河新桥今天上午正式通车，全长一千二百米。", sp(1)),
                RawBlock::new("（新华社清河3月18", sp(3)),
                RawBlock::heading("清河新区今年新增企业三百家", sp(5), 2),
                RawBlock::new("日电）", sp(7)),
                RawBlock::new("本报清河3月18日电 清河新区今年新增企业三百家。", sp(9)),
            ],
            false,
        );
        classify(&mut p, "清河日报");
        let roles: Vec<Role> = p[0].blocks.iter().map(|b| b.role).collect();
        assert_eq!(
            roles,
            vec![
                Role::Paragraph,
                Role::Paragraph,
                Role::Headline,
                Role::Paragraph,
                Role::Paragraph
            ]
        );
        assert!(bracket_piece("（新华社清河3月18") && bracket_piece("日电）"));
        assert!(!bracket_piece("清河新桥今日通车（记录清河）"));
    }

    #[test]
    fn an_old_papers_items_keep_their_heads_and_a_record_number_titles_nothing() {
        // An archive's issue: its record number as a heading, bracketed heads each over a
        // report opened by the item circle (no datelines in 1880).
        let para = |t: &str, l: u32| {
            let mut b = RawBlock::new(t, sp(l));
            b.indented = true;
            b
        };
        let mut p = page(
            vec![
                RawBlock::heading("1880 - 1 - 4902399", sp(1), 1),
                RawBlock::new("Page 1", sp(3)),
                RawBlock::new("[清河冬防]", sp(5)),
                para(
                    "○清河冬防今歲倍加嚴密復設立章程出示其大畧云每夜派勇丁四十名分段巡邏凡遇形迹可疑之人卽行盤詰",
                    6,
                ),
                RawBlock::new("[新橋落成]", sp(7)),
                para(
                    "○清河新橋昨日落成往來行人無不稱便聞此橋經始於今春由紳董集資鳩工庀材歷時八月始竣",
                    8,
                ),
                RawBlock::new("[老街修葺]", sp(9)),
                para(
                    "○老街房屋年久失修近由紳董集資修葺凡坍塌之處一律重建工竣之日居民咸稱頌不置云",
                    10,
                ),
            ],
            true,
        );
        classify(&mut p, "");
        let roles: Vec<Role> = p[0].blocks.iter().map(|b| b.role).collect();
        assert_eq!(
            roles,
            vec![
                Role::Furniture,
                Role::Furniture,
                Role::Headline,
                Role::Paragraph,
                Role::Headline,
                Role::Paragraph,
                Role::Headline,
                Role::Paragraph
            ]
        );
    }

    #[test]
    fn plain_text_display_groups() {
        let mut b = vec![
            RawBlock::new("春风十里送岗位", sp(1)),
            RawBlock::new("清河举办首场线下招聘会", sp(2)),
            RawBlock::new("——三百家企业带来五千个岗位", sp(3)),
            RawBlock::new("本报讯（记者 周宁）昨天，招聘会开幕。", sp(4)),
            RawBlock::new("第一段正文。", sp(5)),
            RawBlock::new("企业唱主角", sp(6)),
            RawBlock::new("第二段正文。", sp(7)),
        ];
        for x in b.iter_mut().skip(3) {
            x.indented = true;
        }
        b[5].indented = false;
        let mut p = page(b, true);
        classify(&mut p, "");
        let roles: Vec<Role> = p[0].blocks.iter().map(|b| b.role).collect();
        assert_eq!(
            roles,
            vec![
                Role::Kicker,
                Role::Headline,
                Role::Subtitle,
                Role::Paragraph,
                Role::Paragraph,
                Role::Subhead,
                Role::Paragraph
            ]
        );
    }

    #[test]
    fn lines_a_colon_introduces_are_body() {
        // A couplet after `…的春联是：` is body text; the same two lines after a finished
        // paragraph stay display lines.
        let lines = |intro: &str| {
            let mut b = vec![
                RawBlock::new("老街的春联评选昨天揭晓，村民们纷纷前来观看。", sp(1)),
                RawBlock::new(intro, sp(2)),
                RawBlock::new("清河水暖春来早", sp(3)),
                RawBlock::new("老街灯红岁月新", sp(4)),
                RawBlock::new("这副春联贴在了村口。", sp(5)),
            ];
            for x in b.iter_mut() {
                x.indented = x.text.ends_with(['：', '。']);
            }
            let mut p = page(b, true);
            classify(&mut p, "");
            p[0].blocks.iter().map(|b| b.role).collect::<Vec<Role>>()
        };
        assert_eq!(lines("今年获得一等奖的春联是："), vec![Role::Paragraph; 5]);
        assert_ne!(lines("今年的评选结束了。")[2], Role::Paragraph);
    }

    #[test]
    fn editors_note() {
        let mut p = page(
            vec![
                RawBlock::heading("编者按", sp(1), 3),
                RawBlock::new("今年起，本报开设新栏目。", sp(2)),
                RawBlock::new("编者按：另一种写法。", sp(3)),
            ],
            false,
        );
        classify(&mut p, "");
        assert!(p[0].blocks.iter().all(|b| b.role == Role::Note));
    }

    #[test]
    fn a_printed_table_of_contents_is_gathered_into_one_block() {
        // As Tesseract reads a contents page: its title, a section label, entries whose
        // leaders are dots, letters or lost, then the first article.
        let mut p = page(
            vec![
                RawBlock::new("目录", sp(1)),
                RawBlock::new("第 1 版", sp(3)),
                RawBlock::new("清河镇三千亩麦田喜迎春灌。 ss1", sp(4)),
                RawBlock::new(
                    "清河老街完成第一期改造 。。。 esivsvsvsvsvvsvvsvvvve。1",
                    sp(5),
                ),
                RawBlock::new("社区书屋开进居民楼。。。。。。。。。。。。2", sp(7)),
                RawBlock::new("清河新桥今日通车", sp(9)),
                RawBlock::new("本报讯（记者 刘辉）清河新桥今天通车。", sp(11)),
            ],
            true,
        );
        let d = classify(&mut p, "清河日报");
        let b = &p[0].blocks;
        assert_eq!(b.len(), 3, "{b:?}");
        assert_eq!(b[0].role, Role::Furniture);
        assert!(
            b[0].text.starts_with("目录 第 1 版 清河镇"),
            "{}",
            b[0].text
        );
        assert!(b[0].text.ends_with("居民楼。。。。。。。。。。。。2"));
        assert_eq!(b[0].span.line, 1);
        assert_eq!(b[1].role, Role::Headline);
        assert_eq!(b[2].role, Role::Paragraph);
        assert!(d.iter().any(|d| d.message.contains("table of contents")));
    }
}
