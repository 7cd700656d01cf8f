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
        ".headline, .subhead, .contents-title, .contents-headline",
    ),
    (Role::Display, ".kicker, .masthead, .page-label, .dateline"),
];

/// Layout rules (no font families here). Every engine must read them the same way: no
/// property here changes what the text says (WebKit's `text-autospace: normal` drops the
/// point of "1.2公里"; `text-wrap: pretty` leaves lines ragged), punctuation is compressed
/// through the fonts' own features (`text-spacing-trim`, `chws`/`halt` where the engine has
/// them), an article starts a page (it is a document of its own: a forced break before it
/// would add a blank page in MuPDF), its head (running head, kicker, headline, subtitle,
/// byline) stays together and with its first lines, and subheads never force a break
/// (`break-*` with the `page-break-*` fallbacks of EPUB 2 engines). HTML5's sectioning
/// elements are declared blocks for engines that do not know them (MuPDF 1.21 set a figure
/// before its article's running head). The cover page passes the page's height down to its
/// picture (percentages, not `vh`, which WebKit's printing resolves against the window).
const LAYOUT: &str = r#"html, body { margin: 0; padding: 0; }
article, header, section, nav, figure, figcaption { display: block; }
body {
  line-height: 1.8;
  text-align: justify;
  text-justify: inter-character;
  line-break: strict;
  word-break: normal;
  overflow-wrap: break-word;
  hyphens: none;
  font-kerning: none;
  text-autospace: no-autospace;
  text-spacing-trim: normal;
}
p { margin: 0; text-indent: 2em; }
a { color: inherit; text-decoration: none; }
.story { margin: 0 0.6em; }
div.page-label { font-size: 0.8em; color: #9b1c1c; border-bottom: 1px solid #9b1c1c; margin: 0.6em 0 1em 0; }
div.page-label, .head, .head p { break-after: avoid; page-break-after: avoid; }
.head { margin: 0 0 1.2em 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
.head p { text-indent: 0; text-align: center; }
.kicker { font-size: 1em; line-height: 1.5; }
p.headline { font-size: 1.6em; line-height: 1.35; margin: 0.2em 0 0.3em 0; }
.subtitle { font-size: 1.1em; line-height: 1.5; }
.head .byline { font-size: 0.9em; margin-top: 0.5em; color: #333333; }
p.subhead { font-size: 1.1em; line-height: 1.5; text-indent: 0; text-align: left; margin: 1em 0 0.3em 0; break-before: auto; page-break-before: auto; break-after: avoid; page-break-after: avoid; }
p.jump { text-indent: 0; font-size: 0.85em; margin: 0.3em 0; }
p.jump-to { text-align: right; }
p.note { text-indent: 0; font-size: 0.95em; border-left: 3px solid #9b1c1c; padding-left: 0.6em; margin: 0.6em 0; }
figure { margin: 1em 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption, p.caption, p.credit { font-size: 0.85em; line-height: 1.6; text-indent: 0; text-align: justify; margin: 0.3em 0; }
figcaption .credit, p.credit { display: block; text-align: right; }
nav.pager { break-before: avoid; page-break-before: avoid; margin: 2em 0.6em 1em 0.6em; padding-top: 0.5em; border-top: 1px solid #999999; text-align: center; font-size: 0.85em; }
nav.pager a { margin: 0 1em; }
.contents { margin: 0 0.6em; }
p.masthead { text-indent: 0; text-align: center; font-size: 2.4em; line-height: 1.3; color: #9b1c1c; margin: 0.8em 0 0.2em 0; }
p.edition-date { text-indent: 0; text-align: center; font-size: 0.9em; }
p.edition-date .unit { white-space: nowrap; }
.contents-title { font-size: 1.3em; text-align: center; text-indent: 0; margin: 1em 0 0.5em 0; }
p.contents-title, p.page-label { break-after: avoid; page-break-after: avoid; }
p.page-label { font-size: 1.05em; text-indent: 0; text-align: left; color: #9b1c1c; border-bottom: 1px solid #9b1c1c; margin: 1em 0 0.4em 0; }
ol.contents-list { list-style-type: none; margin: 0; padding: 0; }
ol.contents-list li { margin: 0.35em 0; line-height: 1.5; }
nav#toc { margin: 0 0.6em; }
nav#toc ol { list-style-type: none; margin: 0; padding: 0; }
nav#toc ol ol { margin: 0 0 0.6em 0; }
nav#toc li { margin: 0.35em 0; line-height: 1.5; }
nav#toc a.page-label { color: #9b1c1c; }
html.cover-page, html.cover-page body, .cover { height: 100%; }
.cover { margin: 0; padding: 0; text-align: center; }
.cover img { display: block; margin: 0 auto; max-width: 100%; max-height: 100%; }
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

    #[test]
    fn no_property_changes_what_the_text_says_or_forces_a_break_inside_an_article() {
        let css = stylesheet(&[]);
        // WebKit's autospace drops the point of "1.2公里"; pretty wrapping leaves lines ragged.
        assert!(css.contains("text-autospace: no-autospace;"));
        for bad in [
            "text-autospace: normal",
            "text-wrap",
            "text-transform",
            "content:",
        ] {
            assert!(!css.contains(bad), "{bad}");
        }
        assert!(css.contains("text-spacing-trim: normal;"));
        // No forced break anywhere: each article is a document of its own.
        assert!(!css.contains("always") && !css.contains("break-before: page"));
        // The head stays together and with the text; subheads keep with what follows.
        for keep in [
            "div.page-label, .head, .head p { break-after: avoid; page-break-after: avoid; }",
            "break-inside: avoid; page-break-inside: avoid;",
        ] {
            assert!(css.contains(keep), "{keep}");
        }
        let subhead = css
            .lines()
            .find(|l| l.starts_with("p.subhead"))
            .expect("subhead rule");
        assert!(
            subhead.contains("page-break-before: auto") && subhead.contains("break-after: avoid")
        );
    }
}
