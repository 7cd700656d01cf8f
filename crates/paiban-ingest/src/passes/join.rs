//! Pass `join`: paragraphs broken at a column end.
//!
//! Input: classified, de-duplicated pages. Output: the same pages where a paragraph that
//! ends mid-sentence (no closing punctuation) is joined with the next paragraph when that
//! one continues the sentence — also when a headline or banner landed between the two
//! halves (that heading is then marked `landed_inside` and placed after the joined
//! paragraph; `segment` gives it to the article the paragraph belongs to). Not joined, and
//! left for `flag` to report: a next block that opens a new item (dateline, jump line,
//! byline, credit), a break on another page, and a paragraph whose unfinished sentence has
//! only just begun (a few characters after a full stop, no clause mark) — a wrong join
//! corrupts text, a missed one only leaves a visible, reported break.

use crate::chars::{ends_mid_sentence, excerpt, is_sentence_final, tail};
use crate::passes::note;
use crate::raw::{RawBlock, RawPage, Role};
use paiban_model::Diagnostic;

const PASS: &str = "join";

/// A sentence begun with at most this many characters before the break is not joined.
const SHORT_OPENER: usize = 8;

/// Join broken paragraphs on every page of `pages`.
pub fn join(pages: &mut [RawPage]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for page in pages.iter_mut() {
        let blocks = std::mem::take(&mut page.blocks);
        let mut out: Vec<RawBlock> = Vec::with_capacity(blocks.len());
        for n in blocks {
            if !continues(&n) {
                out.push(n);
                continue;
            }
            let k = out.len();
            // The paragraph right before, or the one before a single heading — in
            // line-wrapped text (OCR reading a column down past a headline) before a group
            // of up to three display lines.
            let direct = k.checked_sub(1).filter(|&p| out.get(p).is_some_and(broken));
            let across = (1..=3).find_map(|g| {
                let p = k.checked_sub(g + 1)?;
                let prev = out.get(p).filter(|b| broken(b))?;
                if g > 1 && prev.wrap_end != Some(true) {
                    return None;
                }
                out.get(p + 1..k)?
                    .iter()
                    .all(|h| {
                        matches!(
                            h.role,
                            Role::Headline | Role::Kicker | Role::Subhead | Role::Subtitle
                        ) && (!h.landed_inside || g > 1)
                            && (g > 1 || h.role != Role::Subtitle)
                    })
                    .then_some(p)
            });
            match (direct, across) {
                (Some(p), _) => {
                    if let Some(prev) = out.get_mut(p) {
                        diags.push(joined(prev, &n, None));
                        append(prev, n);
                    }
                }
                (None, Some(p)) => {
                    let mut headings = out.split_off(p + 1);
                    if let Some(prev) = out.get_mut(p) {
                        diags.push(joined(prev, &n, headings.first()));
                        append(prev, n);
                    }
                    for h in headings.iter_mut() {
                        h.landed_inside = true;
                    }
                    out.extend(headings);
                }
                (None, None) => out.push(n),
            }
        }
        page.blocks = out;
    }
    diags
}

/// Can `b` be the second half of a broken paragraph?
fn continues(b: &RawBlock) -> bool {
    b.role == Role::Paragraph && b.dateline.is_none() && b.jump_from.is_none() && !b.text.is_empty()
}

/// Is `b` a paragraph broken mid-sentence that may be joined? In line-wrapped text a
/// paragraph whose last line stopped short of the column's edge ended there, whatever OCR
/// made of its last characters.
fn broken(b: &RawBlock) -> bool {
    b.role == Role::Paragraph
        && b.jump_to.is_none()
        && b.wrap_end != Some(false)
        && ends_mid_sentence(&b.text)
        && !just_begun(&b.text)
}

/// Does `text` end with a sentence only just begun: a sentence end, then at most
/// [`SHORT_OPENER`] characters without any clause mark?
fn just_begun(text: &str) -> bool {
    let Some(pos) = text.rfind(is_sentence_final) else {
        return false;
    };
    let rest = text.get(pos..).unwrap_or_default();
    let rest: String = rest
        .chars()
        .skip(1)
        .skip_while(|c| crate::chars::is_closing(*c))
        .collect();
    rest.chars().count() <= SHORT_OPENER && !rest.chars().any(|c| "，、；：,;:“‘《（(".contains(c))
}

fn append(prev: &mut RawBlock, next: RawBlock) {
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
    if next.jump_to.is_some() {
        prev.jump_to = next.jump_to;
        prev.jump_text = match (prev.jump_text.take(), next.jump_text) {
            (Some(a), Some(b)) => Some(format!("{a} {b}")),
            (a, b) => a.or(b),
        };
    }
}

fn joined(prev: &RawBlock, next: &RawBlock, heading: Option<&RawBlock>) -> Diagnostic {
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
    note(PASS, &prev.span, &snippet, &msg)
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
        let mut pages = vec![RawPage {
            number: 1,
            name: None,
            file: "p".into(),
            plain: false,
            blocks,
        }];
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
            para("开展了“结对子”等", 1),
            h,
            para("活动，效果很好。", 5),
        ]);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].text, "开展了“结对子”等活动，效果很好。");
        assert!(b[1].landed_inside);
        assert!(d[0].message.contains("新桥通车"));
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
        // A sentence only just begun.
        let (b, _) = run(vec![
            para("成果显著。全市全部创", 1),
            para("新方法很多。", 3),
        ]);
        assert_eq!(b.len(), 2);
    }
}
