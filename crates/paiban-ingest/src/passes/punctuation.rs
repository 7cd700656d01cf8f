//! Pass `punctuation`: ASCII marks in Chinese text and stray spaces.
//!
//! Input: classified pages. Output: the same pages where an ASCII `, : ; ? ! ( )` touching
//! a Han character is the full-width mark (`，：；？！（）`; a bracket pair changes together),
//! and a space between two CJK characters of a paragraph, caption or note is removed.
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
    let mut diags = Vec::new();
    for b in pages.iter_mut().flat_map(|p| p.blocks.iter_mut()) {
        let (text, marks) = full_width(&b.text);
        let prose = matches!(b.role, Role::Paragraph | Role::Caption | Role::Note);
        let (text, spaces) = if prose && !spaced_line(&text) {
            strip_stray_spaces(&text)
        } else {
            (text, 0)
        };
        let mut dmarks = 0;
        let snippet = b.dateline.clone().unwrap_or_default() + &excerpt(&b.text, 24);
        if let Some(d) = &b.dateline {
            let (fixed, n) = full_width(d);
            dmarks = n;
            b.dateline = Some(fixed);
        }
        if marks + spaces + dmarks > 0 {
            let mut what = Vec::new();
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
/// how many marks changed.
pub fn full_width(text: &str) -> (String, usize) {
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

    #[test]
    fn ascii_marks_touching_han() {
        assert_eq!(
            full_width("口碑,创建目标:幸福;好吗?好!").0,
            "口碑，创建目标：幸福；好吗？好！"
        );
        assert_eq!(
            full_width("本报讯(记者 王坤)6月").0,
            "本报讯（记者 王坤）6月"
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
    fn stray_spaces() {
        assert_eq!(strip_stray_spaces("城市 建设，好 。").0, "城市建设，好。");
        assert_eq!(strip_stray_spaces("（刘 辉摄）").0, "（刘 辉摄）");
        assert_eq!(strip_stray_spaces("共 300 人").0, "共 300 人");
        assert_eq!(strip_stray_spaces("5G 网络").0, "5G 网络");
    }
}
