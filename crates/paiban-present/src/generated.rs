//! The characters the books generate, derived from the furniture's own templates.
//!
//! Input: nothing but the templates of [`crate::furniture`], rendered for every weekday and
//! a page number holding every digit. Output: per font role, the text the exporters set
//! beside the edition's own (the masthead, page names, issue and publisher are the
//! edition's text and covered with it), for the fonts stage to cover and subset.
//!
//! Body: jump lines, the date line, the navigation words and an untitled item's label.
//! Heading: the contents page's title. Display: running heads (contents and pages),
//! folios, the contents page's page labels, numbers and leader dots.

use crate::furniture::{
    BODY_MATTER, CONTENTS, COVER, NEXT, PICTURE, PREVIOUS, Presentation, jump_from, jump_to,
    page_label,
};
use paiban_fonts::Role;
use paiban_model::{Date, Edition, Section};
use std::sync::OnceLock;

/// The ellipsis that ends a label cut short (an untitled item's first words).
pub const ELLIPSIS: &str = "…";
/// The dot of the contents page's leaders.
pub const LEADER: &str = "·";

/// A page number with every digit.
const EVERY_DIGIT: u32 = 1_234_567_890;

/// Per font role, every character the exporters may generate (see the module header).
pub fn generated_text() -> Vec<(Role, &'static str)> {
    static TEXT: OnceLock<Vec<(Role, String)>> = OnceLock::new();
    TEXT.get_or_init(derive)
        .iter()
        .map(|(r, t)| (*r, t.as_str()))
        .collect()
}

fn derive() -> Vec<(Role, String)> {
    let mut edition = Edition::new("");
    // An issue number, so the date line's separator is included.
    edition.issue = Some("第期".to_string());
    let page = Section {
        number: EVERY_DIGIT,
        name: None,
        articles: Vec::new(),
    };
    let mut body = vec![jump_from(EVERY_DIGIT), jump_to(EVERY_DIGIT)];
    body.extend(
        [
            PREVIOUS,
            NEXT,
            CONTENTS,
            COVER,
            BODY_MATTER,
            PICTURE,
            ELLIPSIS,
        ]
        .map(str::to_string),
    );
    let mut display = vec![page_label(EVERY_DIGIT, None), LEADER.to_string()];
    // Every weekday (2024-01-01 was a Monday).
    for day in 1..=7 {
        edition.date = Date::from_ymd(2024, 1, day);
        let p = Presentation::new(&edition);
        body.extend(p.date_line());
        display.push(p.running_head(&page));
        display.push(p.contents_head());
    }
    [
        (Role::Body, body),
        (Role::Heading, vec![CONTENTS.to_string()]),
        (Role::Display, display),
    ]
    .into_iter()
    .map(|(role, texts)| (role, unique_chars(&texts)))
    .collect()
}

/// The characters of `texts`, each once, in order of first use (spaces too: the fonts
/// stage subsets them when a face has them).
fn unique_chars(texts: &[String]) -> String {
    let mut out = String::new();
    for c in texts.iter().flat_map(|t| t.chars()) {
        if !out.contains(c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::furniture::contents_page_label;

    fn covered(role: Role, text: &str) -> bool {
        let all: String = generated_text()
            .iter()
            .filter(|(r, _)| *r == role)
            .map(|(_, t)| *t)
            .collect();
        text.chars().all(|c| all.contains(c))
    }

    #[test]
    fn every_generated_string_is_covered_in_its_role() {
        let mut e = Edition::new("");
        for (y, m, d) in [(2026, 3, 18), (1999, 12, 31), (2000, 2, 29), (2024, 6, 30)] {
            e.date = Date::from_ymd(y, m, d);
            let p = Presentation::new(&e);
            let line = p.date_line().unwrap_or_default();
            assert!(covered(Role::Body, &line), "{line}");
            let s = Section {
                number: 907,
                name: None,
                articles: vec![],
            };
            assert!(covered(Role::Display, &p.running_head(&s)));
            assert!(covered(Role::Display, &p.contents_head()));
        }
        for text in [
            jump_from(19),
            jump_to(20),
            "上一篇下一篇目录封面正文图片…".into(),
        ] {
            assert!(covered(Role::Body, &text), "{text}");
        }
        assert!(covered(Role::Heading, CONTENTS));
        assert!(covered(Role::Display, &contents_page_label(0)));
        assert!(covered(Role::Display, "第1234567890版 0123456789 ·"));
    }
}
