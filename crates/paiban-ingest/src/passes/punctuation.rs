//! Pass `punctuation`: ASCII marks in Chinese text and stray spaces.
//!
//! Input: classified pages. Output: the same pages where an ASCII `, : ; ? ! ( )` touching
//! a Han character is the full-width mark (`，：；？！（）`; a bracket pair changes together),
//! straight quotes `"` and `'` touching Chinese text are “ ” and ‘ ’ where they pair up in
//! the block ([`chinese_quotes`]), and a space between two CJK characters of a paragraph,
//! caption or note is removed.
//! Left alone: numbers and decimals (`2.29亿元`, `10:30`), URLs, Latin words (`5G+`,
//! `TFC型`), and the spaces of display lines, bylines and credits (`本报记者 刘 辉摄` pads a
//! two-character name on purpose). One note per changed block.

use crate::chars::{excerpt, han_count, is_cjk, is_han};
use crate::passes::note;
use crate::raw::{RawPage, Role};
use paiban_model::Diagnostic;

const PASS: &str = "punctuation";

/// Run the pass over every block (and dateline) of `pages`.
pub fn punctuation(pages: &mut [RawPage]) -> Vec<Diagnostic> {
    run(pages, true)
}

/// The marks again once the joins are done (`四` + `)` puts an ASCII mark next to Han text);
/// spaces are left as the pass left them (a dateline joined back into its paragraph keeps
/// its padding). Idempotent: only blocks a join changed get a note.
pub fn marks_after_joins(pages: &mut [RawPage]) -> Vec<Diagnostic> {
    run(pages, false)
}

fn run(pages: &mut [RawPage], spaces: bool) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for b in pages.iter_mut().flat_map(|p| p.blocks.iter_mut()) {
        let (text, quotes, marks) = chinese_marks(&b.text);
        let prose = spaces && matches!(b.role, Role::Paragraph | Role::Caption | Role::Note);
        let (text, spaces) = if prose && !spaced_line(&text) {
            strip_stray_spaces(&text)
        } else {
            (text, 0)
        };
        let mut dmarks = 0;
        let snippet = b.dateline.clone().unwrap_or_default() + &excerpt(&b.text, 24);
        let mut dquotes = 0;
        if let Some(d) = &b.dateline {
            let (fixed, q, n) = chinese_marks(d);
            dmarks = n;
            dquotes = q;
            b.dateline = Some(fixed);
        }
        if marks + spaces + dmarks + quotes + dquotes > 0 {
            let mut what = Vec::new();
            if quotes + dquotes > 0 {
                what.push(format!(
                    "{} straight quote(s) made Chinese quotation marks",
                    quotes + dquotes
                ));
            }
            if marks + dmarks > 0 {
                what.push(format!("{} ASCII mark(s) made full-width", marks + dmarks));
            }
            if spaces > 0 {
                what.push(format!(
                    "{spaces} stray space(s) between Chinese characters removed"
                ));
            }
            diags.push(note(PASS, &b.span, &snippet, &what.join(", ")));
            b.text = text;
        }
    }
    diags
}

/// Full-width closing marks and stops after which an ASCII mark is Chinese punctuation.
const CJK_CLOSING: &str = "”’」』）〕］】〗｝》〉。，、；：！？";
/// Full-width opening marks before which an ASCII mark is Chinese punctuation.
const CJK_OPENING: &str = "“‘「『（〔［【〖｛《〈";

fn ascii_to_full(c: char) -> char {
    match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        other => other,
    }
}

/// Make ASCII `, : ; ? ! ( )` that touch a Han character full-width. Returns the text and
/// how many marks changed. A changed mark can put another next to Chinese punctuation
/// (`:(说` → `:（说` → `：（说`), so rounds repeat until nothing changes (each round only
/// adds full-width marks, so this ends); the result is idempotent.
pub fn full_width(text: &str) -> (String, usize) {
    let (mut out, mut total) = full_width_round(text);
    let mut n = total;
    while n > 0 {
        let (next, k) = full_width_round(&out);
        out = next;
        n = k;
        total += k;
    }
    (out, total)
}

fn full_width_round(text: &str) -> (String, usize) {
    if !text.contains([',', ':', ';', '?', '!', '(', ')']) {
        return (text.to_string(), 0);
    }
    let cs: Vec<char> = text.chars().collect();
    let at = |i: usize| cs.get(i).copied();
    // A mark is in Chinese text when it follows a Han character or a closing CJK mark
    // (`》,6月` `”,`), or comes before a Han character or an opening CJK mark (`,“`).
    let touches_han = |i: usize| {
        i.checked_sub(1)
            .and_then(at)
            .is_some_and(|c| is_han(c) || CJK_CLOSING.contains(c))
            || at(i + 1).is_some_and(|c| is_han(c) || CJK_OPENING.contains(c))
    };
    // Bracket pairs change together: a pair changes when either bracket touches Han.
    let mut change = vec![false; cs.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, &c) in cs.iter().enumerate() {
        match c {
            '(' => stack.push(i),
            ')' => {
                if let Some(open) = stack.pop() {
                    let pair = touches_han(open) || touches_han(i);
                    if let Some(x) = change.get_mut(open) {
                        *x = pair;
                    }
                    if let Some(x) = change.get_mut(i) {
                        *x = pair;
                    }
                } else if let Some(x) = change.get_mut(i) {
                    *x = touches_han(i);
                }
            }
            ',' | ':' | ';' | '?' | '!' => {
                if let Some(x) = change.get_mut(i) {
                    *x = touches_han(i) && !in_url(&cs, i);
                }
            }
            _ => {}
        }
    }
    for open in stack {
        if let Some(x) = change.get_mut(open) {
            *x = touches_han(open);
        }
    }
    let mut n = 0;
    let out = cs
        .iter()
        .zip(&change)
        .map(|(&c, &ch)| {
            if ch {
                n += 1;
                ascii_to_full(c)
            } else {
                c
            }
        })
        .collect();
    (out, n)
}

/// [`chinese_quotes`] then [`full_width`], in rounds until nothing changes: a changed mark
/// can put a quote or another mark next to Chinese punctuation (`"(日)"` → `"（日）"` →
/// `“（日）”`). Each round only adds full-width marks, so this ends, and the result is
/// idempotent. Returns the text, the quotes and the other marks changed.
pub fn chinese_marks(text: &str) -> (String, usize, usize) {
    let (mut out, mut quotes, mut marks) = (text.to_string(), 0, 0);
    loop {
        let (t, q) = chinese_quotes(&out);
        let (t, m) = full_width(&t);
        out = t;
        quotes += q;
        marks += m;
        if q + m == 0 {
            return (out, quotes, marks);
        }
    }
}

/// Make straight quotes in Chinese text curly: `"` → “ ”, `'` → ‘ ’. Returns the text and how
/// many quotes changed.
///
/// Each kind is handled on its own, for the whole block at once, and only when its quotes
/// pair up: an even number, read in turn as opening and closing, an opening one not followed
/// by a space, a closing one not preceded by one, and each pair Chinese (a CJK character or
/// mark next to one of its quotes). Otherwise (an inch mark `5'3"`, a Latin quotation, an
/// odd count) the block's quotes of that kind stay as typed. A `'` between two Latin letters
/// is an apostrophe (`it's`) and is neither counted nor changed.
pub fn chinese_quotes(text: &str) -> (String, usize) {
    if !text.contains(['"', '\'']) {
        return (text.to_string(), 0);
    }
    let mut cs: Vec<char> = text.chars().collect();
    let mut n = 0;
    for (quote, open, close) in [('"', '“', '”'), ('\'', '‘', '’')] {
        if let Some(at) = pairs(&cs, quote) {
            for (k, i) in at.iter().enumerate() {
                if let Some(c) = cs.get_mut(*i) {
                    *c = if k % 2 == 0 { open } else { close };
                    n += 1;
                }
            }
        }
    }
    (cs.into_iter().collect(), n)
}

/// Positions of the `quote`s to make curly, in order (opening, closing, …), or `None`.
fn pairs(cs: &[char], quote: char) -> Option<Vec<usize>> {
    let at = |i: usize| cs.get(i).copied();
    let before = |i: usize| i.checked_sub(1).and_then(at);
    let chinese = |i: usize| before(i).is_some_and(is_cjk) || at(i + 1).is_some_and(is_cjk);
    let apostrophe = |i: usize| {
        quote == '\''
            && before(i).is_some_and(|c| c.is_ascii_alphabetic())
            && at(i + 1).is_some_and(|c| c.is_ascii_alphabetic())
    };
    let found: Vec<usize> = cs
        .iter()
        .enumerate()
        .filter(|&(i, &c)| c == quote && !apostrophe(i))
        .map(|(i, _)| i)
        .collect();
    if found.is_empty() || !found.len().is_multiple_of(2) {
        return None;
    }
    let spaced = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let sound = found.chunks(2).all(|p| match p {
        [o, c] => {
            (chinese(*o) || chinese(*c)) && !spaced(at(o + 1)) && !spaced(before(*c)) && o + 1 < *c
        }
        _ => false,
    });
    sound.then_some(found)
}

/// Is position `i` inside a URL (`http://…`, `www.…`)? Looks back to the last space.
fn in_url(cs: &[char], i: usize) -> bool {
    let start = cs
        .get(..i)
        .and_then(|s| s.iter().rposition(|c| c.is_whitespace() || is_cjk(*c)))
        .map_or(0, |p| p + 1);
    let word: String = cs
        .get(start..(i + 8).min(cs.len()))
        .unwrap_or_default()
        .iter()
        .collect();
    word.contains("://") || word.starts_with("www.")
}

/// Longest line whose spaces are kept as the writer's (a list of names, a line of verse, a
/// signature), in Han characters.
const SPACED_LINE: usize = 30;

/// A short line without clause punctuation, whose spaces separate its parts on purpose:
/// `张海亮 付纯志 赵学堂`, `春晖 柳外`, `曹 一图 于 石文`. Stray OCR spaces fall in prose.
fn spaced_line(text: &str) -> bool {
    han_count(text) <= SPACED_LINE && !text.chars().any(|c| "，。；！？,;!?".contains(c))
}

/// Remove spaces between two CJK characters, except one padding a two-character name in
/// a credit (`刘 辉摄`). Returns the text and how many space runs were removed.
pub fn strip_stray_spaces(text: &str) -> (String, usize) {
    if !text.contains([' ', '\u{3000}', '\u{a0}', '\t']) {
        return (text.to_string(), 0);
    }
    let cs: Vec<char> = text.chars().collect();
    let is_sp = |c: char| matches!(c, ' ' | '\u{3000}' | '\u{a0}' | '\t');
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    let mut i = 0;
    while i < cs.len() {
        let c = cs.get(i).copied().unwrap_or(' ');
        if !is_sp(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while cs.get(i).copied().is_some_and(is_sp) {
            i += 1;
        }
        let before = start.checked_sub(1).and_then(|k| cs.get(k)).copied();
        let after = cs.get(i).copied();
        let stray = before.is_some_and(is_cjk) && after.is_some_and(is_cjk);
        let name_pad = before.is_some_and(is_han)
            && !start
                .checked_sub(2)
                .and_then(|k| cs.get(k))
                .copied()
                .is_some_and(is_han)
            && after.is_some_and(is_han)
            && cs.get(i + 1) == Some(&'摄');
        if stray && !name_pad {
            n += 1;
        } else {
            out.extend(cs.get(start..i).unwrap_or_default());
        }
    }
    (out, n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::RawBlock;

    #[test]
    fn after_the_joins_marks_change_and_spaces_stay() {
        // A join put `)` next to Han text and a dateline's padded name into a paragraph:
        // the mark is made full-width, the space is left as the first run left it.
        let mut b = RawBlock::new(
            "会议结束。本报讯（记者 林青）四)",
            paiban_model::Span::new("p.txt", 1),
        );
        b.role = Role::Paragraph;
        let mut pages = vec![RawPage {
            plain: true,
            ..RawPage::of_blocks(vec![b])
        }];
        let diags = marks_after_joins(&mut pages);
        assert_eq!(pages[0].blocks[0].text, "会议结束。本报讯（记者 林青）四）");
        assert_eq!(diags.len(), 1);
        assert!(marks_after_joins(&mut pages).is_empty());
    }

    #[test]
    fn ascii_marks_touching_han() {
        assert_eq!(
            full_width("口碑,创建目标:幸福;好吗?好!").0,
            "口碑，创建目标：幸福；好吗？好！"
        );
        assert_eq!(
            full_width("本报讯(记者 李河)6月").0,
            "本报讯（记者 李河）6月"
        );
        assert_eq!(full_width("办法(试行),严把").0, "办法（试行），严把");
        assert_eq!(full_width("(2022)年").0, "（2022）年");
    }

    /// GB/T 15834: a mark after a closing book-title mark or quote, or before an opening
    /// one, is Chinese punctuation even with a digit or Latin letter on its other side.
    #[test]
    fn ascii_marks_next_to_cjk_marks() {
        assert_eq!(full_width("《条例》,6月起").0, "《条例》，6月起");
        assert_eq!(full_width("“好”,2022").0, "“好”，2022");
        assert_eq!(full_width("G7:“合作”").0, "G7：“合作”");
        assert_eq!(full_width("a, b").1, 0);
    }

    #[test]
    fn numbers_urls_latin_left_alone() {
        assert_eq!(full_width("2.29亿元").0, "2.29亿元");
        assert_eq!(full_width("5G+应用").0, "5G+应用");
        assert_eq!(full_width("10:30开始").0, "10:30开始");
        assert_eq!(
            full_width("访问http://a.cn/x?y=1,2查询").0,
            "访问http://a.cn/x?y=1,2查询"
        );
        assert_eq!(full_width("f(x) = 1, g(y)").0, "f(x) = 1, g(y)");
        assert_eq!(full_width("TFC型,性能").0, "TFC型，性能");
        assert_eq!(full_width("1,000元").1, 0);
    }

    #[test]
    fn spaced_lines_keep_their_spaces() {
        assert!(spaced_line("张海亮 付纯志 赵学堂"));
        assert!(!spaced_line("城市 建设，好 。"));
    }

    #[test]
    fn straight_quotes_in_chinese_text() {
        assert_eq!(
            chinese_quotes("他说\"好\"，又说\"行\"。").0,
            "他说“好”，又说“行”。"
        );
        assert_eq!(chinese_quotes("所谓'双减'政策").0, "所谓‘双减’政策");
        assert_eq!(
            chinese_quotes("他说\"it's fine\"。"),
            ("他说“it's fine”。".to_string(), 2)
        );
        assert_eq!(chinese_quotes("\"2022\"年").0, "“2022”年");
        assert_eq!(chinese_quotes("他说'90年代'").0, "他说‘90年代’");
        // Quotes of a Chinese block are made curly before the marks next to them change.
        assert_eq!(
            chinese_marks("\"好\",再见"),
            ("“好”，再见".to_string(), 2, 1)
        );
        assert_eq!(chinese_marks("a\"(日)\"b").0, "a“（日）”b");
    }

    #[test]
    fn quotes_left_alone() {
        for s in [
            "身高5'3\"",
            "it's a \"test\"",
            "他说\"好",                  // unpaired
            "他身高5'11\"，说\"好\"",    // an inch mark among Chinese quotes
            "他说\" 好\"",               // an opening quote followed by a space
            "他说'好' rock'n'roll '90s", // a quote that is neither Chinese nor an apostrophe
        ] {
            let (out, n) = chinese_quotes(s);
            assert_eq!((out.as_str(), n), (s, 0), "{s}");
        }
    }

    proptest::proptest! {
        /// No Han character is lost and the marks pass is idempotent.
        #[test]
        fn marks_keep_han_and_are_idempotent(s in "[清河日报说好\"',:;?!() a-z0-9“”]{0,40}") {
            let fix = |t: &str| chinese_marks(t).0;
            let once = fix(&s);
            let han = |t: &str| t.chars().filter(|c| is_han(*c)).collect::<String>();
            proptest::prop_assert_eq!(han(&once), han(&s));
            proptest::prop_assert_eq!(fix(&once), once.clone());
            proptest::prop_assert_eq!(once.chars().count(), s.chars().count());
        }
    }

    #[test]
    fn stray_spaces() {
        assert_eq!(strip_stray_spaces("城市 建设，好 。").0, "城市建设，好。");
        assert_eq!(strip_stray_spaces("（刘 辉摄）").0, "（刘 辉摄）");
        assert_eq!(strip_stray_spaces("共 300 人").0, "共 300 人");
        assert_eq!(strip_stray_spaces("5G 网络").0, "5G 网络");
    }
}
