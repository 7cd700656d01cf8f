//! Character classes of the inline engine: what a character is for Chinese line setting.
//!
//! Stage: inline layout, shared by every phase. Input: one `char`. Output: its [`Class`]
//! (Han, Latin, space, or a kind of punctuation per GB/T 15834 and W3C clreq §3.1) and the
//! kinsoku sets (clreq §3.1.7 "Prohibition rules for line start and line end").
//! Pure functions only; the phases decide what to do with the classes.

/// What a character (a shaped cluster, by its first char) is for line setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Han ideographs, kana, full-width letters: set on the em grid.
    Han,
    /// Latin letters, digits and other proportional text (set as words).
    Latin,
    /// A breakable space (U+0020 and other white space except U+3000).
    Space,
    /// Ideographic space U+3000: a blank em.
    IdeoSpace,
    /// Opening marks `“‘「『（〔［【〖｛《〈`: ink in the right half of the em.
    Open,
    /// Closing marks `”’」』）〕］】〗｝》〉`: ink in the left half.
    Close,
    /// Pause and stop marks `、，。．：；！？`: ink in the left half (GB/T 15834 SC style).
    Stop,
    /// Middle dots `·・`: ink centred.
    Middle,
    /// Dashes `—` (U+2014, U+2015): set full width, runs joined.
    Dash,
    /// Ellipsis `…` `⋯`: set full width.
    Ellipsis,
}

impl Class {
    /// CJK punctuation that has a trimmable blank half (clreq §3.1.6).
    pub fn is_compressible_punct(self) -> bool {
        matches!(
            self,
            Class::Open | Class::Close | Class::Stop | Class::Middle
        )
    }

    /// A space of either kind: given up at a line's end and start.
    pub fn is_space(self) -> bool {
        matches!(self, Class::Space | Class::IdeoSpace)
    }

    /// Set on the em grid (Han and full-width CJK punctuation), as opposed to proportional text.
    pub fn is_cjk(self) -> bool {
        !matches!(self, Class::Latin | Class::Space)
    }
}

/// Opening marks (clreq §3.1.7: never at a line end).
pub const OPENING: &str = "“‘「『（〔［【〖｛《〈〘〚｟";
/// Closing marks (clreq §3.1.7: never at a line start).
pub const CLOSING: &str = "”’」』）〕］】〗｝》〉〙〛｠";
/// Pause and stop marks (clreq §3.1.7: never at a line start).
pub const STOPS: &str = "、，。．：；！？";
/// Small kana and iteration marks, prohibited at line start only at [`crate::inline::Kinsoku::Strict`]
/// (clreq §3.1.7 / JIS X 4051 "strict" set).
pub const SMALL_KANA: &str = "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿーヽヾゝゞ々〻";

/// Ideographs and ASCII letters and digits, most of any page: no mark of any set above.
fn is_plain(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}') || c.is_ascii_alphanumeric()
}

/// The class of `c`, for setting Chinese text.
pub fn class_of(c: char) -> Class {
    // Fast path: ideographs and ASCII letters and digits, most of any page, are no mark.
    if matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}') {
        return Class::Han;
    }
    if c.is_ascii_alphanumeric() {
        return Class::Latin;
    }
    if OPENING.contains(c) {
        return Class::Open;
    }
    if CLOSING.contains(c) {
        return Class::Close;
    }
    if STOPS.contains(c) {
        return Class::Stop;
    }
    match c {
        '\u{3000}' => Class::IdeoSpace,
        '·' | '・' | '‧' => Class::Middle,
        '—' | '―' | '⸺' => Class::Dash,
        '…' | '⋯' => Class::Ellipsis,
        c if c.is_whitespace() => Class::Space,
        c if is_wide(c) => Class::Han,
        _ => Class::Latin,
    }
}

/// Whether `c` is set on the em grid: ideographs, kana, Hangul, CJK symbols, full-width forms.
pub fn is_wide(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// clreq §3.1.7: characters that must not begin a line at `strict` level or above.
/// Basic: stops and closing marks (and the second half of `——`/`……`, handled as a pair).
pub fn no_line_start(c: char, strict: bool) -> bool {
    // Fast path, as in `class_of`: no ideograph, letter or digit is in any set (asked of every
    // character a paragraph's breaks and lines are tried at; a string search each).
    if is_plain(c) {
        return false;
    }
    STOPS.contains(c)
        || CLOSING.contains(c)
        || matches!(
            c,
            '!' | '?' | ',' | '.' | ':' | ';' | ')' | ']' | '}' | '%' | '‰' | '℃'
        )
        || (strict && (SMALL_KANA.contains(c) || matches!(c, '・' | '‼' | '⁇' | '⁈' | '⁉')))
}

/// clreq §3.1.7: characters that must not end a line.
pub fn no_line_end(c: char) -> bool {
    if is_plain(c) {
        return false;
    }
    OPENING.contains(c) || matches!(c, '(' | '[' | '{')
}

/// clreq §3.1.7 / GB/T 15834 §4.13, §4.11: `——` and `……` are one mark of two ems and must not
/// be split across lines.
pub fn inseparable(a: char, b: char) -> bool {
    a == b && matches!(class_of(a), Class::Dash | Class::Ellipsis)
}

/// clreq §3.2.1 / §3.6 (mixed text): a quarter-em space is set where Han meets Latin letters or
/// digits. Punctuation never takes the extra space.
pub fn han_latin_boundary(a: Class, b: Class) -> bool {
    matches!(
        (a, b),
        (Class::Han, Class::Latin) | (Class::Latin, Class::Han)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_skips_no_mark_of_any_set() {
        for c in [OPENING, CLOSING, STOPS, SMALL_KANA].concat().chars() {
            assert!(!is_plain(c), "{c}");
        }
    }

    #[test]
    fn classes_of_gb15834_marks() {
        for c in "“‘「『（〔［【〖｛《〈".chars() {
            assert_eq!(class_of(c), Class::Open, "{c}");
        }
        for c in "”’」』）〕］】〗｝》〉".chars() {
            assert_eq!(class_of(c), Class::Close, "{c}");
        }
        for c in "、，。．：；！？".chars() {
            assert_eq!(class_of(c), Class::Stop, "{c}");
        }
        assert_eq!(class_of('汉'), Class::Han);
        assert_eq!(class_of('か'), Class::Han);
        assert_eq!(class_of('A'), Class::Latin);
        assert_eq!(class_of('5'), Class::Latin);
        assert_eq!(class_of(' '), Class::Space);
        assert_eq!(class_of('\u{3000}'), Class::IdeoSpace);
        assert_eq!(class_of('—'), Class::Dash);
        assert_eq!(class_of('…'), Class::Ellipsis);
        assert_eq!(class_of('·'), Class::Middle);
    }

    /// clreq §3.1.7: the line-start and line-end prohibitions of DESIGN.md.
    #[test]
    fn kinsoku_sets() {
        for c in "、，。．：；！？”’」』）〕］】〗｝》〉".chars() {
            assert!(no_line_start(c, false), "{c}");
        }
        for c in "“‘「『（〔［【〖｛《〈".chars() {
            assert!(no_line_end(c), "{c}");
            assert!(!no_line_start(c, true), "{c}");
        }
        assert!(!no_line_start('っ', false));
        assert!(no_line_start('っ', true));
        assert!(!no_line_start('汉', true));
        assert!(!no_line_end('汉'));
    }

    /// GB/T 15834 §4.13 (dash) and §4.11 (ellipsis): two-em marks are indivisible.
    #[test]
    fn two_em_marks_are_inseparable() {
        assert!(inseparable('—', '—'));
        assert!(inseparable('…', '…'));
        assert!(!inseparable('—', '…'));
        assert!(!inseparable('汉', '汉'));
    }

    /// clreq §3.6: quarter em between Han and Latin, never next to punctuation.
    #[test]
    fn han_latin_spacing_only_between_letters() {
        assert!(han_latin_boundary(Class::Han, Class::Latin));
        assert!(han_latin_boundary(Class::Latin, Class::Han));
        assert!(!han_latin_boundary(Class::Stop, Class::Latin));
        assert!(!han_latin_boundary(Class::Latin, Class::Open));
        assert!(!han_latin_boundary(Class::Han, Class::Han));
    }
}
