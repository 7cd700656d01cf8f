//! paiban-present — the presentation layer between the edition and the exporters.
//!
//! Input: a repaired [`paiban_model::Edition`]. Output: the text both books print that the
//! edition does not hold as text: the book title, the date line, running heads, page labels,
//! jump lines, navigation words, and — derived from the same templates — the characters
//! they need per font role ([`generated_text`]), so the fonts stage covers and subsets them.
//! The EPUB and PDF exporters only place and serialise these strings; neither formats a
//! date or a label of its own.

#![forbid(unsafe_code)]

mod furniture;
mod generated;

pub use furniture::{
    BODY_MATTER, CONTENTS, COVER, NEXT, PICTURE, PREVIOUS, Presentation, contents_page_label,
    jump_from, jump_to, language_tag, page_label, page_number,
};
pub use generated::{ELLIPSIS, LEADER, generated_text};
