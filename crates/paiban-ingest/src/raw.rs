//! The intermediate form between the readers and the Edition: pages of raw blocks.
//!
//! Input: what a reader found in one source file. Output: [`RawPage`]s of [`RawBlock`]s,
//! each with its source span, the heading markup it carried, and (after `classify`) the
//! [`Role`] it plays. The repair passes before `segment` work on this form.

use crate::ocr::BBox;
use crate::passes::fixes::Fix;
use paiban_model::Span;

/// What a raw block is, as decided by the `classify` pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Not yet classified (the readers' output).
    Unclassified,
    /// An article's headline (主标题).
    Headline,
    /// A kicker or column banner (引题 / 栏目).
    Kicker,
    /// A subtitle (副题).
    Subtitle,
    /// A subhead inside an article (小标题).
    Subhead,
    /// A byline (`□本报记者 …`).
    Byline,
    /// A jump line standing alone (`（下转第2版）`); see [`RawBlock::jump_from`] / `jump_to`.
    Jump,
    /// A photo caption.
    Caption,
    /// A photo credit (`本报记者 王晓博 摄`).
    Credit,
    /// An editor's note (编者按).
    Note,
    /// A body paragraph (its dateline, if any, is in [`RawBlock::dateline`]).
    Paragraph,
    /// Page furniture: masthead, running head, page number.
    Furniture,
    /// A photo: [`RawBlock::src`] is its file, `text` its caption.
    Image,
}

/// One block as read from a source, with what the passes learn about it.
#[derive(Debug, Clone)]
pub struct RawBlock {
    /// The text, markup removed, spaces at both ends trimmed.
    pub text: String,
    /// Where it is in the source.
    pub span: Span,
    /// Heading level from the markup (`## ` → 2); 0 when the block was not marked as one.
    pub heading: u8,
    /// The line was indented (plain-text paragraph indent `　　`).
    pub indented: bool,
    /// Blank source lines right before the block (see [`mark_blank_lines`]): in exports
    /// and OCR text a blank line ends a paragraph or an article.
    pub blank_before: u32,
    /// For line-wrapped sources (see [`crate::wrapped`]): did the block's last line run to
    /// the column's edge (`Some(true)`: the paragraph may go on in the next block) or stop
    /// short of it (`Some(false)`: the paragraph ended)? `None` for other sources.
    pub wrap_end: Option<bool>,
    /// For line-wrapped sources: did the block's first line run to the column's edge
    /// (`Some(true)`: no paragraph indent, so the block goes on a paragraph begun elsewhere)
    /// or stop short by the indent (`Some(false)`)? `None` for other sources and for a
    /// block of one short line, which says nothing.
    pub wrap_start: Option<bool>,
    /// For an image: its path relative to the edition folder.
    pub src: Option<String>,
    /// What the block is.
    pub role: Role,
    /// A dateline split off the start of a paragraph (`本报3月18日讯（记者 李河）`).
    pub dateline: Option<String>,
    /// Page this text is continued from (a leading `■上接第1版` was removed from `text`).
    pub jump_from: Option<u32>,
    /// Page this text continues on (a trailing `（下转第2版）` was removed from `text`).
    pub jump_to: Option<u32>,
    /// A jump marker's own text (`上接第1版`), kept so no character of the source is lost.
    pub jump_text: Option<String>,
    /// This heading was found between the two halves of a paragraph that `join` joined.
    pub landed_inside: bool,
    /// Source lines of the blocks `join` appended to this one.
    pub joined: Vec<u32>,
    /// What the reader's geometry says the block is (OCR layouts: masthead and running
    /// heads as `Furniture`, display groups as `Kicker` / `Headline` / `Subtitle`, a
    /// one-line title inside an article as `Subhead`);
    /// `classify` follows it. `None` for text sources.
    pub hint: Option<Role>,
    /// For a display group of an OCR layout: the group's box on its page, to tell
    /// headlines set side by side from a headline and its subtitle.
    pub group_box: Option<BBox>,
    /// A printed table of contents that `classify` gathered (page furniture `segment`
    /// leaves out).
    pub contents: bool,
}

impl RawBlock {
    /// A block of `text` at `span`, not yet classified.
    pub fn new(text: impl Into<String>, span: Span) -> Self {
        RawBlock {
            text: text.into(),
            span,
            heading: 0,
            indented: false,
            blank_before: 0,
            wrap_end: None,
            wrap_start: None,
            src: None,
            role: Role::Unclassified,
            dateline: None,
            jump_from: None,
            jump_to: None,
            jump_text: None,
            landed_inside: false,
            joined: Vec::new(),
            hint: None,
            group_box: None,
            contents: false,
        }
    }

    /// A heading block of `level`.
    pub fn heading(text: impl Into<String>, span: Span, level: u8) -> Self {
        RawBlock {
            heading: level,
            ..RawBlock::new(text, span)
        }
    }

    /// Does this block carry body text (paragraph, caption, note)?
    pub fn is_body_text(&self) -> bool {
        matches!(self.role, Role::Paragraph | Role::Note | Role::Caption)
    }

    /// Is this a display line (headline, kicker, subtitle)?
    pub fn is_display(&self) -> bool {
        matches!(self.role, Role::Headline | Role::Kicker | Role::Subtitle)
    }

    /// Is it a heading of any rank: a display line or a subhead?
    pub fn is_heading(&self) -> bool {
        self.is_display() || self.role == Role::Subhead
    }
}

/// One page (版) as read from its source file.
#[derive(Debug, Clone, Default)]
pub struct RawPage {
    /// Page number (版次).
    pub number: u32,
    /// Page name (版名).
    pub name: Option<String>,
    /// The source file as the user named it.
    pub file: String,
    /// Read as a plain-text export (indents mark paragraphs; display lines are unmarked).
    pub plain: bool,
    /// Read from an OCR engine's geometry (hOCR, ALTO, PaddleOCR): the blocks are what the
    /// engine saw printed, laid out by [`crate::ocr::layout`].
    pub geometry: bool,
    /// The blocks in source order.
    pub blocks: Vec<RawBlock>,
    /// The editor's overrides for this page (`[[fix]]`), see [`crate::passes::fixes`].
    pub fixes: Vec<Fix>,
}

#[cfg(test)]
impl RawPage {
    /// Page 1 of a Markdown file `p` holding `blocks`, for the passes' unit tests.
    pub fn of_blocks(blocks: Vec<RawBlock>) -> Self {
        RawPage {
            number: 1,
            name: None,
            file: "p".into(),
            plain: false,
            geometry: false,
            blocks,
            fixes: Vec::new(),
        }
    }
}

/// Set each block's [`RawBlock::blank_before`]: the number of blank lines of `text` right
/// before the block's first line. The first block counts the start of the file as one
/// blank line, so a page opens like an article does after a separator.
pub fn mark_blank_lines(text: &str, blocks: &mut [RawBlock]) {
    // blank_run[i] = blank lines ending just before line i+1 (1-based line numbers).
    let mut runs = Vec::new();
    let mut run = 0u32;
    for line in text.split('\n') {
        runs.push(run);
        run = if line.trim().is_empty() { run + 1 } else { 0 };
    }
    for b in blocks.iter_mut() {
        let i = (b.span.line as usize).saturating_sub(1);
        let before = runs.get(i).copied().unwrap_or(0);
        b.blank_before = if i == 0 {
            1
        } else {
            before + u32::from(before == i as u32)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_before_blocks() {
        let text = "标题\n\n\n正文。\n下一行\n\n尾";
        let mut b: Vec<RawBlock> = [(1, "标题"), (4, "正文。"), (5, "下一行"), (7, "尾")]
            .iter()
            .map(|&(l, t)| RawBlock::new(t, Span::new("p", l)))
            .collect();
        mark_blank_lines(text, &mut b);
        let got: Vec<u32> = b.iter().map(|b| b.blank_before).collect();
        assert_eq!(got, vec![1, 2, 0, 1]);
    }
}
