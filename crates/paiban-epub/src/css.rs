//! The stylesheet: @font-face per embedded face, one font family stack per role, and the
//! Chinese text rules of DESIGN.md (clreq): 2 em first-line indent, justified by spreading
//! the space between characters, strict line breaking (no 、。，）” at a line start), no space
//! between paragraphs, headlines from the real bold face.
//!
//! Input: the embedded faces. Output: CSS text. Font roles are assigned only in the three
//! rules at the end of the sheet, one per role, so that which element uses which subset is in
//! one place (the end-to-end test reads them back to check coverage per role).

use paiban_fonts::Role;

/// A face embedded in the book.
pub(crate) struct EmbeddedFont {
    /// The role it serves.
    pub role: Role,
    /// Its position in the role's chain.
    pub chain_index: usize,
    /// Its file in the book, e.g. `fonts/body-0.ttf`.
    pub file: String,
    /// `truetype` or `opentype`.
    pub format: &'static str,
}

/// The family name of an embedded face.
fn family(role: Role, chain_index: usize) -> String {
    format!("paiban-{}-{chain_index}", role.name())
}

/// Whether a role's faces are bold (headlines, kickers, masthead, page labels).
fn is_bold(role: Role) -> bool {
    !matches!(role, Role::Body)
}

/// The `font-family` value of a role: its faces in chain order, then a generic family.
fn stack(fonts: &[EmbeddedFont], role: Role) -> String {
    let mut parts: Vec<String> = fonts
        .iter()
        .filter(|f| f.role == role)
        .map(|f| format!("\"{}\"", family(f.role, f.chain_index)))
        .collect();
    parts.push(
        if role == Role::Display {
            "sans-serif"
        } else {
            "serif"
        }
        .to_string(),
    );
    parts.join(", ")
}

/// The selectors whose text is set in each role (role rules come last, body first, so the
/// more specific role wins where an element matches two).
const ROLE_SELECTORS: [(Role, &str); 3] = [
    (
        Role::Body,
        "body, p, .subtitle, .byline, .jump, figcaption, .caption, .credit, .note, \
         .pager, .edition-date, .contents-untitled",
    ),
    (
        Role::Heading,
        "h1, h2, .headline, .subhead, .contents-title, .contents-headline",
    ),
    (Role::Display, ".kicker, .masthead, .page-label, .dateline"),
];

/// Layout rules (no font families here).
const LAYOUT: &str = r#"html, body { margin: 0; padding: 0; }
body {
  line-height: 1.8;
  text-align: justify;
  text-justify: inter-character;
  line-break: strict;
  word-break: normal;
  overflow-wrap: break-word;
  hyphens: none;
  font-kerning: none;
  text-autospace: normal;
}
p { margin: 0; text-indent: 2em; text-wrap: pretty; }
a { color: inherit; text-decoration: none; }
.story { margin: 0 0.6em; }
div.page-label { font-size: 0.8em; color: #9b1c1c; border-bottom: 1px solid #9b1c1c; margin: 0.6em 0 1em 0; }
.head { margin: 0 0 1.2em 0; text-align: center; }
.head p { text-indent: 0; text-align: center; }
.kicker { font-size: 1em; line-height: 1.5; }
h1, h2 { text-align: center; text-indent: 0; }
h1.headline { font-size: 1.6em; line-height: 1.35; margin: 0.2em 0 0.3em 0; }
.subtitle { font-size: 1.1em; line-height: 1.5; }
.head .byline { font-size: 0.9em; margin-top: 0.5em; color: #333333; }
h2.subhead { font-size: 1.1em; line-height: 1.5; text-align: left; margin: 1em 0 0.3em 0; }
p.jump { text-indent: 0; font-size: 0.85em; margin: 0.3em 0; }
p.jump-to { text-align: right; }
p.note { text-indent: 0; font-size: 0.95em; border-left: 3px solid #9b1c1c; padding-left: 0.6em; margin: 0.6em 0; }
figure { margin: 1em 0; text-align: center; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption, p.caption, p.credit { font-size: 0.85em; line-height: 1.6; text-indent: 0; text-align: justify; margin: 0.3em 0; }
figcaption .credit, p.credit { display: block; text-align: right; }
nav.pager { margin: 2em 0.6em 1em 0.6em; padding-top: 0.5em; border-top: 1px solid #999999; text-align: center; font-size: 0.85em; }
nav.pager a { margin: 0 1em; }
.contents { margin: 0 0.6em; }
p.masthead { text-indent: 0; text-align: center; font-size: 2.4em; line-height: 1.3; color: #9b1c1c; margin: 0.8em 0 0.2em 0; }
p.edition-date { text-indent: 0; text-align: center; font-size: 0.9em; }
h1.contents-title { font-size: 1.3em; margin: 1em 0 0.5em 0; }
h2.page-label { font-size: 1.05em; text-align: left; color: #9b1c1c; border-bottom: 1px solid #9b1c1c; margin: 1em 0 0.4em 0; }
ol.contents-list { list-style-type: none; margin: 0; padding: 0; }
ol.contents-list li { margin: 0.35em 0; line-height: 1.5; }
nav#toc { margin: 0 0.6em; }
nav#toc ol { list-style-type: none; margin: 0; padding: 0; }
nav#toc ol ol { margin: 0 0 0.6em 0; }
nav#toc li { margin: 0.35em 0; line-height: 1.5; }
nav#toc a.page-label { color: #9b1c1c; }
.cover { margin: 0; padding: 0; text-align: center; }
.cover img { max-width: 100%; max-height: 100%; }
"#;

/// The book's stylesheet for `fonts`.
pub(crate) fn stylesheet(fonts: &[EmbeddedFont]) -> String {
    let mut css = String::new();
    for f in fonts {
        let weight = if is_bold(f.role) { "bold" } else { "normal" };
        css.push_str(&format!(
            "@font-face {{ font-family: \"{}\"; font-style: normal; font-weight: {weight}; \
             src: url(\"{}\") format(\"{}\"); }}\n",
            family(f.role, f.chain_index),
            f.file,
            f.format
        ));
    }
    css.push_str(LAYOUT);
    for (role, selectors) in ROLE_SELECTORS {
        let weight = if is_bold(role) { "bold" } else { "normal" };
        css.push_str(&format!(
            "{selectors} {{ font-family: {}; font-weight: {weight}; }}\n",
            stack(fonts, role)
        ));
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_lists_its_faces_in_chain_order() {
        let fonts = [
            EmbeddedFont {
                role: Role::Body,
                chain_index: 0,
                file: "fonts/body-0.ttf".into(),
                format: "truetype",
            },
            EmbeddedFont {
                role: Role::Body,
                chain_index: 1,
                file: "fonts/body-1.otf".into(),
                format: "opentype",
            },
            EmbeddedFont {
                role: Role::Heading,
                chain_index: 0,
                file: "fonts/heading-0.ttf".into(),
                format: "truetype",
            },
        ];
        let css = stylesheet(&fonts);
        assert!(css.contains(
            "@font-face { font-family: \"paiban-heading-0\"; font-style: normal; \
             font-weight: bold; src: url(\"fonts/heading-0.ttf\") format(\"truetype\"); }"
        ));
        assert!(css.contains("font-family: \"paiban-body-0\", \"paiban-body-1\", serif;"));
        assert!(
            css.contains(".kicker, .masthead, .page-label, .dateline { font-family: sans-serif;")
        );
        assert!(css.contains("text-indent: 2em"));
        assert!(css.contains("line-break: strict"));
    }
}
