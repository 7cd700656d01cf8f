//! Showing diagnostics the way a compiler does: what, where, the text concerned.
//!
//! Input: [`Diagnostic`]s from the stages. Output: text blocks such as
//!
//! ```text
//! warning[dedupe]: removed 2 repeated copies of this block
//!   --> editions/page.md:57
//!    |
//! 57 | 本报记者 …
//! ```
//!
//! Snippets are cut to a bounded width and stripped of control characters, so a hostile
//! source cannot flood or garble the terminal.

use paiban_model::Diagnostic;
use std::fmt::Write;

/// Longest snippet shown, in characters.
const SNIPPET_CHARS: usize = 60;

/// The diagnostic as a compiler-style block (no trailing newline).
pub fn render(d: &Diagnostic) -> String {
    let mut out = format!(
        "{}[{}]: {}",
        d.severity,
        clean(&d.code, 40),
        clean(&d.message, 400)
    );
    let gutter = if d.span.line > 0 {
        d.span.line.to_string()
    } else {
        String::new()
    };
    let pad = " ".repeat(gutter.len());
    if !d.span.file.is_empty() {
        let _ = write!(out, "\n{pad} --> {}", d.span);
    }
    let snippet = clean(&d.snippet, SNIPPET_CHARS);
    if !snippet.is_empty() {
        let _ = write!(out, "\n{pad} |\n{gutter} | {snippet}");
    }
    out
}

/// `s` on one line: control characters as spaces, at most `max` characters, `…` if cut.
pub fn clean(s: &str, max: usize) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max)
        .collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use paiban_model::{Severity, Span};

    #[test]
    fn compiler_style_block() {
        let d = Diagnostic::new(
            Severity::Warning,
            "dedupe",
            Span::new("a/page.md", 57),
            "本报记者\u{1b}[31m 王",
            "removed 2 repeated copies",
        );
        assert_eq!(
            render(&d),
            "warning[dedupe]: removed 2 repeated copies\n   --> a/page.md:57\n   |\n57 | 本报记者 [31m 王"
        );
        let d = Diagnostic::new(Severity::Note, "join", Span::new("x.md", 0), "", "joined");
        assert_eq!(render(&d), "note[join]: joined\n --> x.md");
    }

    #[test]
    fn long_snippets_are_cut() {
        let long = "字".repeat(500);
        let c = clean(&long, SNIPPET_CHARS);
        assert_eq!(c.chars().count(), SNIPPET_CHARS + 1);
        assert!(c.ends_with('…'));
    }
}
