//! A small HTML writer that escapes every value it is given.
//!
//! Stage: used by [`crate::report`]. Input: tags and attribute names (compile-time strings
//! only) and text or attribute values (any string, e.g. untrusted source text). Output: an
//! HTML string, also well-formed XML (every element closed, attributes quoted), so tests can
//! parse it back. Text and values are escaped (`& < > " '`); control characters that HTML
//! forbids become U+FFFD. Markup can only come from `&'static str`, never from data.

/// An HTML document being written.
#[derive(Debug, Default)]
pub struct Html {
    out: String,
}

impl Html {
    /// An empty document.
    pub fn new() -> Self {
        Html::default()
    }

    /// Markup fixed at compile time (the doctype, the style sheet).
    pub fn markup(&mut self, s: &'static str) {
        self.out.push_str(s);
    }

    fn start(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value);
            self.out.push('"');
        }
    }

    /// `<tag attrs…>`.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.start(tag, attrs);
        self.out.push('>');
    }

    /// `<tag attrs…/>` (a void element such as `meta`).
    pub fn void(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) {
        self.start(tag, attrs);
        self.out.push_str("/>");
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &'static str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    /// Escaped text.
    pub fn text(&mut self, s: &str) {
        escape_into(&mut self.out, s);
    }

    /// `<tag attrs…>text</tag>`.
    pub fn leaf(&mut self, tag: &'static str, attrs: &[(&'static str, &str)], text: &str) {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag);
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Append `s` to `out`, escaped for text and for quoted attribute values alike.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_text_are_escaped() {
        let mut h = Html::new();
        h.open("p", &[("title", "a\"b' <c> & d")]);
        h.text("<script>alert('x')</script>\u{0}\u{1b}");
        h.close("p");
        h.void("meta", &[("charset", "utf-8")]);
        assert_eq!(
            h.finish(),
            "<p title=\"a&quot;b&#39; &lt;c&gt; &amp; d\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\u{FFFD}\u{FFFD}</p><meta charset=\"utf-8\"/>"
        );
    }
}
