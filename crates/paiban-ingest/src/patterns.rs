//! Shapes of newspaper page elements, as small recognisers.
//!
//! Input: one block's text. Output: whether it has the shape of a jump line, dateline,
//! byline, photo credit, editor's note, page furniture, subhead or column banner, and where
//! the shape ends. These are general rules about how Chinese newspapers print these
//! elements (GB/T-style datelines `本报X月X日讯（记者 …）`, bylines `□本报记者 …`, credits
//! `… 摄`, jump lines `■上接第1版` / `（下转第2版）` in any bracket), never lists of one page's
//! strings. Used by the `classify` pass.

use crate::chars::{han_count, is_digit, is_han, page_number};

/// Decorative marks that open bylines, jump lines and subheads (□本报记者, ■上接第1版).
pub fn is_mark(c: char) -> bool {
    matches!(
        c,
        '□' | '■'
            | '●'
            | '○'
            | '◆'
            | '◇'
            | '▲'
            | '△'
            | '★'
            | '☆'
            | '▶'
            | '►'
            | '◎'
            | '▌'
            | '▍'
            | '│'
    )
}

fn is_open_bracket(c: char) -> bool {
    matches!(c, '（' | '(' | '【' | '〔' | '［' | '[' | '〖' | '《' | '<')
}

fn is_close_bracket(c: char) -> bool {
    matches!(c, '）' | ')' | '】' | '〕' | '］' | ']' | '〗' | '》' | '>')
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Which way a jump line points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    /// Continued from page N (上接第N版).
    From(u32),
    /// Continues on page N (下转第N版).
    To(u32),
}

const FROM_WORDS: &[&str] = &["上接第", "上接", "接第", "续第", "承第"];
const TO_WORDS: &[&str] = &[
    "下转第",
    "下转",
    "转第",
    "转至第",
    "转至",
    "转到第",
    "续见第",
    "见第",
];

/// A jump marker at the very start of `s`: returns the jump and the byte length it takes
/// (marks, brackets and trailing spaces included).
pub fn jump_at_start(s: &str) -> Option<(Jump, usize)> {
    let mut rest = s.trim_start_matches(|c| is_mark(c) || is_space(c));
    let mut bracket = false;
    if let Some(c) = rest.chars().next().filter(|&c| is_open_bracket(c)) {
        rest = rest[c.len_utf8()..].trim_start();
        bracket = true;
    }
    let (dir_from, after_word) = FROM_WORDS
        .iter()
        .find_map(|w| rest.strip_prefix(w).map(|r| (true, r)))
        .or_else(|| {
            TO_WORDS
                .iter()
                .find_map(|w| rest.strip_prefix(w).map(|r| (false, r)))
        })?;
    let after_word = after_word.trim_start();
    let num_len: usize = after_word
        .char_indices()
        .take_while(|&(_, c)| {
            c.is_ascii_alphanumeric()
                || ('０'..='９').contains(&c)
                || "零一二三四五六七八九十两".contains(c)
        })
        .map(|(_, c)| c.len_utf8())
        .sum();
    if num_len == 0 {
        return None;
    }
    let n = page_number(after_word.get(..num_len)?)?;
    let mut rest = after_word.get(num_len..)?.trim_start();
    rest = rest.strip_prefix('版')?;
    if bracket {
        rest = rest.trim_start();
        if let Some(c) = rest.chars().next().filter(|&c| is_close_bracket(c)) {
            rest = &rest[c.len_utf8()..];
        }
    }
    let rest = rest.trim_start_matches(|c: char| is_space(c) || matches!(c, '：' | ':'));
    let used = s.len() - rest.len();
    Some((if dir_from { Jump::From(n) } else { Jump::To(n) }, used))
}

/// A jump marker that ends `s`: the jump and the byte offset where it starts.
pub fn jump_at_end(s: &str) -> Option<(Jump, usize)> {
    let trimmed = s.trim_end();
    let start_min = trimmed
        .char_indices()
        .rev()
        .nth(16)
        .map(|(i, _)| i)
        .unwrap_or(0);
    for (i, c) in trimmed.char_indices() {
        if i < start_min {
            continue;
        }
        if !(is_open_bracket(c) || is_mark(c) || c == '上' || c == '下' || c == '转' || c == '接')
        {
            continue;
        }
        if let Some((j, used)) = jump_at_start(&trimmed[i..])
            && i + used >= trimmed.len()
        {
            return Some((j, i));
        }
    }
    None
}

/// The dateline opening a lead paragraph: `本报3月18日讯（记者 周宁）`,
/// `本报清河3月18日电(记者 …)`, `新华社北京3月5日电`, `本报讯 记者张三报道`… Returns the
/// byte length of the dateline (spaces after it included).
pub fn dateline_len(s: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    // The agency: 本报 / 本刊 or a name of up to 8 characters ending in 社/网/台/报/刊.
    let mut i = 0;
    while chars
        .get(i)
        .is_some_and(|&(_, c)| is_mark(c) || is_space(c))
    {
        i += 1;
    }
    // An archive's bracketed dateline: 【新华社清河十七日电】, 〔本报讯〕.
    let bracket = chars
        .get(i)
        .is_some_and(|&(_, c)| matches!(c, '【' | '〔' | '［'));
    if bracket {
        i += 1;
    }
    let start = i;
    let mut k = None;
    for j in start..(start + 24).min(chars.len()) {
        let c = chars.get(j)?.1;
        if c == '讯' || c == '电' {
            k = Some(j);
            break;
        }
        if !(is_han(c) || is_digit(c) || c == ' ') {
            return None;
        }
    }
    let mut k = k?;
    let mut head: String = chars.get(start..k)?.iter().map(|&(_, c)| c).collect();
    // 专电, 急电, 特电.
    if let Some(h) = head.strip_suffix(['专', '急', '特']) {
        head = h.to_string();
    }
    let agency_end = agency_len(&head)?;
    // After the agency: a place (Han) and a date (X月X日), both optional, nothing else.
    let rest: String = head
        .chars()
        .skip(agency_end)
        .filter(|c| *c != ' ')
        .collect();
    if !place_and_date(&rest) {
        return None;
    }
    // Without a date, 讯/电 must be followed by a break (`新华社电 `, `本报讯（`), so that a
    // word such as 电视台 is not read as a dateline.
    let dated = rest.ends_with('日');
    if bracket {
        // The bracket closes right after 讯/电.
        if !chars
            .get(k + 1)
            .is_some_and(|&(_, c)| matches!(c, '】' | '〕' | '］'))
        {
            return None;
        }
        k += 1;
    }
    let next = chars.get(k + 1).map(|&(_, c)| c);
    if !dated
        && !bracket
        && !next.is_none_or(|c| is_space(c) || is_open_bracket(c) || matches!(c, '：' | ':' | '—'))
    {
        return None;
    }
    let mut j = k + 1;
    while chars.get(j).is_some_and(|&(_, c)| is_space(c)) {
        j += 1;
    }
    // An optional bracketed credit: （记者 周宁 通讯员 …）.
    if chars
        .get(j)
        .is_some_and(|&(_, c)| matches!(c, '（' | '(' | '[' | '【'))
    {
        let open = j;
        let mut m = j + 1;
        while let Some(&(_, c)) = chars.get(m) {
            if matches!(c, '）' | ')' | ']' | '】') {
                break;
            }
            if matches!(c, '。' | '，' | ',' | '！' | '？') || m - open > 48 {
                return None;
            }
            m += 1;
        }
        chars.get(m)?;
        j = m + 1;
    } else if let Some(len) = reporter_run(&chars, j) {
        // 本报讯 记者 张三 报道：
        j = len;
    }
    while chars
        .get(j)
        .is_some_and(|&(_, c)| is_space(c) || matches!(c, '：' | ':' | '—'))
    {
        j += 1;
    }
    Some(chars.get(j).map_or(s.len(), |&(o, _)| o))
}

/// `记者 张三 报道` right after 讯/电 (up to `报道` and an optional colon).
fn reporter_run(chars: &[(usize, char)], from: usize) -> Option<usize> {
    let text: String = chars
        .get(from..)?
        .iter()
        .take(30)
        .map(|&(_, c)| c)
        .collect();
    if !(text.starts_with("记者") || text.starts_with("通讯员")) {
        return None;
    }
    let pos = text.find("报道")?;
    let n = text[..pos].chars().count() + 2;
    if text[..pos].contains(['，', '。', ',']) {
        return None;
    }
    Some(from + n)
}

/// Length in characters of the news-agency name at the start of `head`.
fn agency_len(head: &str) -> Option<usize> {
    for fixed in ["本报", "本刊", "本台", "本网", "本市"] {
        if head.starts_with(fixed) {
            return Some(2);
        }
    }
    let cs: Vec<char> = head.chars().collect();
    (2..=8.min(cs.len())).find(|&n| cs.get(n - 1).is_some_and(|c| "社网台报刊".contains(*c)))
}

/// Does `s` end with a date (`三月十八日`, `2月19日`, `1946年5月16日`)?
pub fn ends_with_date(s: &str) -> bool {
    let numeral = |c: char| is_digit(c) || "〇零一二三四五六七八九十廿卅".contains(c);
    let Some(t) = s.trim_end().strip_suffix('日') else {
        return false;
    };
    let day = t.chars().rev().take_while(|&c| numeral(c)).count();
    let t: String = t
        .chars()
        .rev()
        .skip(day)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let Some(t) = t.strip_suffix('月') else {
        return false;
    };
    (1..=3).contains(&day) && t.chars().next_back().is_some_and(numeral)
}

/// Is `s` an optional place name followed by an optional date (`清河3月18日`, `3月5日`,
/// `清河十七日` — an archive's day without its month —, ``)?
fn place_and_date(s: &str) -> bool {
    let numeral = |c: char| is_digit(c) || "一二三四五六七八九十廿卅".contains(c);
    if let Some(before) = s.strip_suffix('日')
        && !before.contains('月')
    {
        let day = before.chars().rev().take_while(|&c| numeral(c)).count();
        let place = before.chars().count() - day;
        return (1..=3).contains(&day)
            && place <= 10
            && before.chars().take(place).all(|c| is_han(c) && !numeral(c));
    }
    let cs: Vec<char> = s.chars().collect();
    let place = cs
        .iter()
        .take_while(|c| is_han(**c) && !"月日".contains(**c))
        .count();
    let rest: String = cs.get(place..).unwrap_or_default().iter().collect();
    if place > 10 {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    // X月X日 with digits or Han numerals.
    let Some((m, d)) = rest.split_once('月') else {
        return false;
    };
    let Some(d) = d.strip_suffix('日') else {
        return false;
    };
    let num = |x: &str| {
        !x.is_empty()
            && x.chars()
                .all(|c| is_digit(c) || "一二三四五六七八九十".contains(c))
    };
    // The place may be empty; a place ending in a digit-free Han run was consumed above.
    num(m) && num(d)
}

/// Words that make a short line a byline.
const BYLINE_WORDS: &[&str] = &[
    "记者",
    "通讯员",
    "实习生",
    "撰稿",
    "撰文",
    "评论员",
    "特约",
    "作者",
    "整理",
    "编译",
];

fn strip_marks(s: &str) -> &str {
    s.trim_matches(|c| is_mark(c) || is_space(c))
}

/// A byline: `□本报记者 周晓岚 通讯员 林红霞`, `文/张三`, `■记者 李四`. Not a credit
/// (`… 摄`), short, without sentence punctuation.
pub fn is_byline(s: &str) -> bool {
    let t = strip_marks(s);
    if t.is_empty() || t.chars().count() > 50 || han_count(t) > 36 || is_credit(t) {
        return false;
    }
    if t.contains(['，', '。', '：', '！', '？', ',', '!', '?', '“', '”']) {
        return false;
    }
    let t = t
        .trim_start_matches(is_open_bracket)
        .trim_end_matches(is_close_bracket);
    t.starts_with("文/")
        || t.starts_with("文／")
        || t.starts_with("文｜")
        || t.starts_with("文|")
        || BYLINE_WORDS.iter().any(|w| byline_word_in_place(t, w))
}

/// Does the byline word `w` stand where bylines put it: at the head of the line, after at
/// most an agency (`本报`, `新华社`, `人民日报`), or at its end after a name
/// (`张三 整理`)? Inside a bracketed tag (`…（评论员手记）`) or a longer word (`工作者`) it
/// says nothing.
fn byline_word_in_place(t: &str, w: &str) -> bool {
    t.match_indices(w).any(|(at, _)| {
        let before = t.get(..at).unwrap_or_default();
        let after = t.get(at + w.len()..).unwrap_or_default();
        let agency = before.trim_end_matches(is_space);
        let head = before.chars().count() <= 6
            && before.chars().all(|c| is_han(c) || is_space(c))
            && (agency.is_empty() || agency.ends_with(['报', '社', '刊', '台', '网', '约']))
            && !(w == "作者" && before.ends_with('工'));
        let tail = after.trim().is_empty() && before.ends_with(is_space);
        head || tail
    })
}

/// Is `s` a closing dateline, the whole line in brackets (`（新华社清河3月18日电）`,
/// `（本报东湾3月20日电）`): printed at the end of an article whose dateline is not at its
/// start. Body text as printed, never a heading.
pub fn is_closing_dateline(s: &str) -> bool {
    let t = s.trim();
    let inner = t
        .strip_prefix(is_open_bracket)
        .and_then(|r| r.strip_suffix(is_close_bracket))
        .map(str::trim);
    inner.is_some_and(|i| !i.is_empty() && dateline_len(i).is_some_and(|n| n >= i.trim_end().len()))
}

/// Most Han characters after a credit's label (`制图：` and the names).
const CREDIT_NAMES: usize = 12;

/// A photo credit: `本报记者 李青青 摄`, `（刘辉 摄）`, `图/张三`, `制图：李  青`, `新华社发`.
pub fn is_credit(s: &str) -> bool {
    let t = strip_marks(s)
        .trim_start_matches(is_open_bracket)
        .trim_end_matches(is_close_bracket)
        .trim();
    if t.is_empty() || t.chars().count() > 40 || han_count(t) > 30 {
        return false;
    }
    if t.contains(['，', '。', '！', '？', ',', '“', '”']) {
        return false;
    }
    // A label opening the line, spaces OCR or a name's alignment put inside aside
    // (`制 图：李  青`).
    let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    // The page's own (`本版制图：李青`) is a credit as well.
    let squeezed = squeezed.strip_prefix("本版").unwrap_or(&squeezed);
    // (`图：` may open a caption: only `图/` is a credit.)
    let labelled = [
        ("制图", true),
        ("绘图", true),
        ("摄影", true),
        ("图", false),
    ]
    .iter()
    .any(|&(l, colon)| {
        squeezed.strip_prefix(l).is_some_and(|r| {
            let colons: &[char] = if colon { &['：', ':'] } else { &[] };
            (r.starts_with(['/', '／', '｜', '|']) || r.starts_with(colons))
                && han_count(r) <= CREDIT_NAMES
        })
    });
    labelled
        || t.ends_with('摄')
        || t.ends_with("摄影")
        || t.ends_with("供图")
        || t.ends_with("制图")
        || t.ends_with("绘图")
        // Sent by an agency: `新华社发`, `周晓岚摄（新华社发）` (OCR may mismatch the brackets).
        || ((t.ends_with("社发") || t.ends_with("社供"))
            && (t.chars().count() <= 6 || t.contains('摄')))
}

/// An editor's note (编者按 / 编者的话 / 编后), possibly in brackets: returns the label's
/// byte length when `s` opens with one.
pub fn note_label(s: &str) -> Option<usize> {
    let t = s.trim_start_matches(|c| is_mark(c) || is_space(c) || is_open_bracket(c));
    for label in ["编者按", "编者的话", "编后语", "编后记", "编后", "编辑手记"] {
        if let Some(rest) = t.strip_prefix(label) {
            let rest = rest.trim_start_matches(|c| is_close_bracket(c) || is_space(c));
            return Some(s.len() - rest.len());
        }
    }
    None
}

/// Does `t` open with the white circle that opens each item of an old paper's news column
/// (`○揚州冬防今歲倍加嚴密…`: 申報 and its contemporaries print no datelines; the circle
/// says a new report begins)?
pub fn opens_with_item_circle(t: &str) -> bool {
    t.trim_start().starts_with(['○', '◯'])
}

/// A folio standing alone in words: `Page 2`, `PAGE 12`, `P. 3`, `第2页`, `第二頁` (an
/// archive's export marks its pages so).
fn is_page_label(t: &str) -> bool {
    let t = t.trim();
    let number = |s: &str| {
        let s = s.trim();
        !s.is_empty()
            && s.chars().count() <= 4
            && (s.chars().all(|c| c.is_ascii_digit())
                || s.chars().all(|c| "一二三四五六七八九十百".contains(c)))
    };
    let latin = ["Page", "PAGE", "page", "P.", "p.", "Pg.", "pg."]
        .iter()
        .find_map(|w| t.strip_prefix(w))
        .is_some_and(number);
    let han = t
        .strip_prefix('第')
        .and_then(|r| r.strip_suffix(['页', '頁']))
        .is_some_and(number);
    latin || han
}

/// Page furniture: a running head or folio (`清河日报 2026年3月18日 星期三 第2版`,
/// `- 2 -`), the masthead alone, or the page's staff line (`责任编辑：…`).
pub fn is_furniture(s: &str, masthead: &str) -> bool {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > 60 {
        return false;
    }
    if !masthead.is_empty() && t == masthead {
        return true;
    }
    if t.starts_with("责任编辑") || t.starts_with("责编") || t.starts_with("本版编辑") {
        return !t.contains('。');
    }
    if is_bare_date(t) || is_date_piece(t) || is_page_label(t) {
        return true;
    }
    let folio: String = t
        .chars()
        .filter(|c| !is_space(*c) && !"-—–_|".contains(*c))
        .collect();
    if !folio.is_empty() && folio.chars().all(|c| c.is_ascii_digit()) && folio.len() <= 3 {
        return true;
    }
    let has_date = t.contains('年') && t.contains('月') && t.contains('日');
    let has_masthead = !masthead.is_empty() && t.contains(masthead);
    // The masthead and the date set apart by middle dots, which OCR reads as full stops
    // (`清河日报。 2026年3月18日星期三。 第2版`): short pieces, no sentence.
    if has_masthead
        && has_date
        && t.split(['。', '·', '•'])
            .all(|p| p.trim().chars().count() <= HEAD_PIECE)
    {
        return true;
    }
    if t.contains(['。', '，', ',', '！', '？'])
        || jump_at_start(t).is_some()
        || jump_at_end(t).is_some()
    {
        return false;
    }
    // 第N版 together with a date, a weekday or the masthead: a running head.
    let has_page = t.char_indices().any(|(i, c)| {
        c == '第' && {
            let rest = &t[i + c.len_utf8()..];
            let n: String = rest
                .chars()
                .take_while(|c| {
                    c.is_ascii_alphanumeric() || *c == ' ' || "一二三四五六七八九十".contains(*c)
                })
                .collect();
            !n.trim().is_empty() && rest[n.len()..].starts_with('版')
        }
    });
    let has_weekday = t.contains("星期") || t.contains("周一") || t.contains("周日");
    has_page && (has_date || has_weekday || has_masthead || han_count(t) <= 8)
        || (has_masthead && has_date)
}

/// The longest piece between the middle dots of a running head (`2026年3月18日星期三`).
const HEAD_PIECE: usize = 16;

/// Characters a contents page's leader is printed in, or read as by OCR.
pub(crate) const LEADER: &[char] = &['.', '。', '．', '·', '・', '•', '‧', '∙', '…', '⋯', '﹒'];

/// Dots a run needs to be a leader (an ellipsis is two `…`; no sentence prints more).
const LEADER_DOTS: usize = 7;

/// A leader OCR read as letters (`.oooooos soso`, `esivsvsvsvvsv`): at least this many, of
/// no more than [`LEADER_KINDS`] kinds (no word of any language repeats so few letters).
const LEADER_LETTERS: usize = 12;
const LEADER_KINDS: usize = 5;

/// A printed table of contents, or entries of one: titles, each with a leader of dots
/// (at least [`LEADER_DOTS`], or what OCR reads them as: `。。。`, `oooo`, `vsvsvs`) and a
/// page number. Lines of entries run together in one block qualify as one.
pub fn is_contents(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let in_leader = |c: &char| LEADER.contains(c) || c.is_ascii_alphabetic() || is_space(*c);
    let mut leaders = 0;
    let mut titles = 0;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let run = chars.get(i..).unwrap_or_default();
        let run = run
            .get(..run.iter().take_while(|c| in_leader(c)).count())
            .unwrap_or_default();
        let dots = run.iter().filter(|c| LEADER.contains(c)).count();
        let marks = run.iter().filter(|c| !is_space(**c)).count();
        if dots >= LEADER_DOTS
            || marks >= LEADER_LETTERS && letter_kinds(run.iter().copied()) <= LEADER_KINDS
        {
            leaders += 1;
        } else if is_han(c) {
            titles += 1;
        }
        i += run.len().max(1);
    }
    leaders > 0 && titles >= 2
}

/// One entry of a table of contents whose leader OCR lost or misread (`…喜迎春灌。 ss1`):
/// a title of at most [`ENTRY_HAN`] Han characters and, after its last, only letters,
/// digits and dots (what is left of the leader and the page number), at least two, with a
/// digit, a dot or no more than two letters repeated among them.
pub fn is_contents_entry(s: &str) -> bool {
    let t = s.trim();
    // The title ends at its last Han character, or a closing mark after it (`…文件）`).
    let Some((last, c)) = t
        .char_indices()
        .rfind(|&(_, c)| is_han(c) || "）)》」』】”’".contains(c))
    else {
        return false;
    };
    let tail = t.get(last + c.len_utf8()..).unwrap_or_default();
    let marks = tail.chars().filter(|c| !is_space(*c)).count();
    // A page number, a dot, or a letter or two repeated (`ee`), never a word (`iPhone`).
    let leader_left = tail
        .chars()
        .any(|c| c.is_ascii_digit() || LEADER.contains(&c))
        || (1..=2).contains(&letter_kinds(tail.chars()));
    (2..=ENTRY_HAN).contains(&han_count(t))
        && marks >= 2
        && leader_left
        && tail
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || LEADER.contains(&c) || is_space(c))
}

/// How many different ASCII letters `chars` hold (a leader OCR read as letters repeats
/// few).
fn letter_kinds(chars: impl Iterator<Item = char>) -> usize {
    let mut kinds: Vec<char> = chars.filter(char::is_ascii_alphabetic).collect();
    kinds.sort_unstable();
    kinds.dedup();
    kinds.len()
}

/// The most Han characters of a contents entry's title.
const ENTRY_HAN: usize = 40;

/// A piece of a date line that OCR broke up or misread (`8 日 星期`, `2026年3月1`,
/// `2026年3`): digits and the words of a date only, with a number and two of them, or one
/// and a year.
fn is_date_piece(t: &str) -> bool {
    let words = t.chars().filter(|c| "年月日星期".contains(*c)).count();
    let year = t.split(|c: char| !c.is_ascii_digit()).any(|d| d.len() == 4);
    t.chars().any(|c| c.is_ascii_digit())
        && (words >= 2 || words == 1 && year)
        && t.chars().all(|c| {
            c.is_ascii_digit() || is_space(c) || "年月日星期周一二三四五六七天".contains(c)
        })
}

/// A line that is only a date (`1946-05-16`, `2019年2月20日`, `2019/2/20`): page furniture
/// of a database export, carried by the edition's metadata.
fn is_bare_date(t: &str) -> bool {
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let iso = t
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.'))
        && (6..=8).contains(&digits)
        && t.chars().filter(|c| !c.is_ascii_digit()).count() == 2;
    let han = t.ends_with('日')
        && t.contains('年')
        && t.contains('月')
        && t.chars()
            .all(|c| c.is_ascii_digit() || "年月日".contains(c) || is_space(c));
    iso || han
}

/// A field label with nothing after it (`专栏：`): an empty slot of a database export when
/// it stands among page furniture (`classify` checks that).
pub fn is_empty_label(t: &str) -> bool {
    let Some(label) = t.strip_suffix(['：', ':']) else {
        return false;
    };
    (1..=4).contains(&label.chars().count()) && label.chars().all(is_han)
}

/// Does `s` open with a number (digits or 一…十) followed by one of `marks` (`一、`, `2.`)?
pub fn ordinal_then(s: &str, marks: &[char]) -> bool {
    let d: String = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .collect();
    !d.is_empty() && s.get(d.len()..).is_some_and(|r| r.starts_with(marks))
}

/// A subhead (小标题): `抓重点：推动…`, `一、…`, `（二）…`, `1. …`, `■ 小标题`.
pub fn is_subhead_shape(s: &str) -> bool {
    let t = s.trim();
    let n = han_count(t);
    if n == 0 || n > 30 || t.contains(['。', '！', '？']) {
        return false;
    }
    let first = t.chars().next().unwrap_or(' ');
    if is_mark(first) {
        return true;
    }
    // Ordinals: 一、 / （一） / 第一， / 1. / 1、
    let ord: String = t.trim_start_matches(['（', '(']).chars().take(4).collect();
    if ordinal_then(&ord, &['、', '.', '．', '）', ')']) {
        return true;
    }
    // A short lead, a colon, then the rest: 抓重点：推动……
    if let Some(pos) = t.find(['：', ':']) {
        let lead = han_count(&t[..pos]);
        let rest = han_count(&t[pos..]);
        return (2..=6).contains(&lead) && rest >= 4 && !t[..pos].contains(' ');
    }
    false
}

/// A column banner (栏目): two to four space-separated slogan phrases of two to eight Han
/// characters each and no punctuation (`春耕正当时 奋进新清河`), or a label in square brackets
/// (`【聚焦春耕】`).
pub fn is_banner_shape(s: &str) -> bool {
    let t = s.trim();
    if (t.starts_with('【') && t.ends_with('】')) || (t.starts_with('［') && t.ends_with('］'))
    {
        return han_count(t) <= 12;
    }
    let parts: Vec<&str> = t
        .split(|c: char| c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    if !(2..=4).contains(&parts.len()) {
        return false;
    }
    let lens: Vec<usize> = parts.iter().map(|p| p.chars().count()).collect();
    let all_han = parts.iter().all(|p| p.chars().all(is_han));
    let max = lens.iter().copied().max().unwrap_or(0);
    let min = lens.iter().copied().min().unwrap_or(0);
    all_han && (2..=8).contains(&min) && max <= 8 && max - min <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jumps_in_every_bracket_shape() {
        assert_eq!(
            jump_at_start("■上接第1版 突出"),
            Some((Jump::From(1), "■上接第1版 ".len()))
        );
        assert_eq!(
            jump_at_start("（上接第一版）正文").map(|j| j.0),
            Some(Jump::From(1))
        );
        assert_eq!(
            jump_at_start("(上接第12版)").map(|j| j.0),
            Some(Jump::From(12))
        );
        assert_eq!(
            jump_at_start("【下转第2版】").map(|j| j.0),
            Some(Jump::To(2))
        );
        assert_eq!(jump_at_start("转第３版").map(|j| j.0), Some(Jump::To(3)));
        assert_eq!(jump_at_start("上接地气"), None);
        assert_eq!(
            jump_at_end("正文完。（下转第2版）").map(|j| j.0),
            Some(Jump::To(2))
        );
        assert_eq!(
            jump_at_end("正文完。(转第A3版)").map(|j| j.0),
            Some(Jump::To(3))
        );
        assert_eq!(jump_at_end("正文完。"), None);
    }

    #[test]
    fn datelines() {
        let s = "本报3月18日讯(记者 周宁)3月17日,清河新区";
        assert_eq!(&s[..dateline_len(s).unwrap()], "本报3月18日讯(记者 周宁)");
        let s = "本报清河3月18日电（记者 李青青 通讯员 周平）在春耕";
        assert_eq!(
            &s[..dateline_len(s).unwrap()],
            "本报清河3月18日电（记者 李青青 通讯员 周平）"
        );
        let s = "新华社北京3月5日电 国务院总理";
        assert_eq!(&s[..dateline_len(s).unwrap()], "新华社北京3月5日电 ");
        let s = "本报讯 记者李明 报道：昨天";
        assert_eq!(&s[..dateline_len(s).unwrap()], "本报讯 记者李明 报道：");
        assert_eq!(dateline_len("记者从清河新区水务局获悉，近日"), None);
        assert_eq!(dateline_len("据报道，昨天电力"), None);
        assert_eq!(dateline_len("本报记者 李青青 摄"), None);
        assert_eq!(dateline_len("中国网络电视台报道"), None);
        // An archive's bracketed datelines, a day without its month, 急电.
        let s = "【新华社清河十七日电】清河两岸春耕";
        assert_eq!(&s[..dateline_len(s).unwrap()], "【新华社清河十七日电】");
        let s = "【新华社东湾廿一日急电】清河县政府";
        assert_eq!(&s[..dateline_len(s).unwrap()], "【新华社东湾廿一日急电】");
        let s = "【本市讯】为了方便市民";
        assert_eq!(&s[..dateline_len(s).unwrap()], "【本市讯】");
        assert_eq!(dateline_len("【新华社清河十七日电"), None);
        assert_eq!(dateline_len("【专家解读】新华社记者"), None);
        assert!(ends_with_date("清河县农民协会三月十八日"));
        assert!(
            ends_with_date("2019年2月19日") && !ends_with_date("节日") && !ends_with_date("十一日")
        );
    }

    #[test]
    fn bylines_and_credits() {
        assert!(is_byline("□本报记者 周晓岚 通讯员 林红霞"));
        assert!(is_byline("文/张三"));
        assert!(!is_byline("本报记者 李青青 摄"));
        assert!(!is_byline("记者了解到，这里很好。"));
        assert!(!is_byline("新桥建设要快更要好（评论员手记）"));
        assert!(!is_byline("致敬一线教育工作者"));
        assert!(is_byline("本报特约评论员 李明"));
        assert!(is_byline("张三 李四 整理"));
        assert!(is_byline("新华社记者 王五"));
        assert!(!is_byline("清河县新闻记者协会通电"));
        assert!(is_credit("本报记者 李青青 摄"));
        assert!(is_credit("（刘 辉摄）"));
        assert!(is_credit("新华社发"));
        assert!(is_credit("周晓岚摄〈新华社发）"));
        assert!(!is_credit("农民专业合作社发"));
        assert!(is_credit("图/新华社"));
        assert!(is_credit("制图：李  青"));
        assert!(is_credit("制 图：李"));
        assert!(is_credit("本版制图:林青"));
        assert!(!is_credit("图：清河新桥今天上午正式通车"));
        assert!(!is_credit("他说：“我来拍摄”"));
    }

    #[test]
    fn notes_furniture_subheads_banners() {
        assert!(note_label("编者按：今年是").is_some());
        assert!(note_label("【编者按】今年是").is_some());
        assert!(note_label("编辑部").is_none());
        assert!(is_furniture(
            "清河日报 2026年3月18日 星期三 第2版",
            "清河日报"
        ));
        assert!(is_furniture("- 2 -", ""));
        // An archive export's page labels.
        assert!(is_furniture("Page 2", ""));
        assert!(is_furniture("PAGE 12", ""));
        assert!(is_furniture("第二頁", ""));
        assert!(is_furniture("第3页", ""));
        assert!(!is_furniture("Page 2 of the report", ""));
        assert!(!is_furniture("第3页的照片", ""));
        assert!(opens_with_item_circle("○清河冬防今歲倍加嚴密"));
        assert!(!opens_with_item_circle("二○二六年三月"));
        assert!(is_furniture("责任编辑：李青", ""));
        assert!(!is_furniture("第2版刊登的文章很好。", ""));
        // Middle dots read as full stops; a date line broken up by OCR.
        assert!(is_furniture(
            "清河日报。 2026年3月18日星期三。 目录",
            "清河日报"
        ));
        assert!(!is_furniture(
            "清河日报2026年3月18日起，每天出版十六个版面。",
            "清河日报"
        ));
        assert!(is_furniture("8 日 星期", ""));
        assert!(is_furniture("2026年3月1", ""));
        assert!(is_furniture("2026年3", ""));
        assert!(!is_furniture("12月", ""));
        assert!(!is_furniture("3月", ""));
        assert!(!is_furniture("星期日", ""));
        assert!(is_subhead_shape("抓重点:推动老街改造各项任务落到实处"));
        assert!(is_subhead_shape("一、总体要求"));
        assert!(is_subhead_shape("（二）主要任务"));
        assert!(!is_subhead_shape("清河首家社区书屋综合服务中心开放"));
        assert!(is_banner_shape("春耕正当时 奋进新清河"));
        assert!(is_banner_shape("【聚焦春耕】"));
        assert!(!is_banner_shape(
            "党员干部要扎根田间 倾听农民真实心声 做清河群众的贴心人和知心人"
        ));
    }

    #[test]
    fn tables_of_contents_and_their_entries() {
        // Leaders printed, and as OCR reads them.
        assert!(is_contents("清河新桥今日通车 ·························· 1"));
        assert!(is_contents(
            "清河新桥今日通车。。。。。。。。。。。。。。。"
        ));
        assert!(is_contents(
            "“脱欧”僵局冲击英国航空业。 .oooooooooooooooooo。"
        ));
        assert!(is_contents(
            "老街完成第一期改造 。。。 esivsvsvsvsvsvvsvvsvvvve。1"
        ));
        // Entries run together in one block.
        assert!(is_contents(
            "第1版 新桥通车。。。。。。。。。1 老街改造 ss1"
        ));
        // Ellipses, Latin words and a dotted rule are no contents.
        assert!(!is_contents("他说：“这……这……我不知道。”"));
        assert!(!is_contents(
            "展览名为International Exhibition，于今日开幕。"
        ));
        assert!(!is_contents("。。。。。。。。。。。。"));
        // An entry whose leader OCR lost: the title and what is left of it.
        assert!(is_contents_entry("清河镇三千亩麦田喜迎春灌。 ss1"));
        assert!(is_contents_entry("社区书屋开进居民楼 12"));
        assert!(!is_contents_entry("社区书屋开进居民楼"));
        assert!(!is_contents_entry("他买了一部iPhone"));
        assert!(!is_contents_entry("本报记者 刘辉摄"));
        assert!(is_contents_entry(
            "今冬观测到鸟类一百二十六种，比去年增加九种 ee"
        ));
    }
}
