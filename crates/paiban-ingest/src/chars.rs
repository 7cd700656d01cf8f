//! Character classes of Chinese newspaper text, shared by the readers and the repair passes.
//!
//! Input: single characters or strings. Output: yes/no answers and small measurements
//! ("does this end a sentence", "how many Han characters"). No state, no I/O.

/// Is `c` a Han ideograph (CJK Unified Ideographs, extension A and beyond, compatibility)?
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Full-width CJK punctuation and symbols (not Han, not Latin).
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '•')
}

/// Han or CJK punctuation: text that takes no spaces between its characters.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Does `t` leave a double quotation open: more opening curly quotes than closing ones?
pub fn leaves_quote_open(t: &str) -> bool {
    t.matches('“').count() > t.matches('”').count()
}

/// Marks that end a sentence (full-width and their ASCII look-alikes).
pub fn is_sentence_final(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '…' | '.' | '．')
}

/// Marks that may not begin a line (clreq's basic set: pause and stop marks, closing
/// brackets and quotes, full-width and ASCII).
pub fn no_line_start(c: char) -> bool {
    "、，。．：；！？）］｝〕〉》」』】〙〗”’,.:;!?)]}".contains(c)
}

/// Marks that may not end a line (clreq's basic set: opening brackets and quotes): a line
/// ending on one broke inside a sentence, never at a paragraph's end.
pub fn no_line_end(c: char) -> bool {
    "“‘「『（〔［【〖｛《〈([{".contains(c)
}

/// A digit, ASCII or full-width (`2`, `２`).
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Closing quotes and brackets, which may follow a sentence-final mark.
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '」'
            | '』'
            | '）'
            | ')'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '］'
            | ']'
            | '〗'
            | '｝'
            | '"'
            | '\''
    )
}

/// Does `text` end where a paragraph may end? A sentence-final mark (possibly followed by
/// closing quotes/brackets), a semicolon or colon (list items, a quote that follows), or a
/// closing bracket or quote. A Han character, a digit, a letter, a comma, an enumeration
/// comma or an opening mark at the end means the sentence goes on elsewhere.
#[cfg(test)]
pub fn ends_sentence(text: &str) -> bool {
    match text.trim_end().chars().next_back() {
        None => true,
        Some(c) => {
            is_sentence_final(c)
                || is_closing(c)
                || matches!(c, '；' | ';' | '：' | ':' | '—' | '～' | '~' | '*' | '|')
        }
    }
}

/// Does `text` end in the middle of a sentence: with a Han character, a letter or digit,
/// a comma or enumeration comma, or an opening quote or bracket?
pub fn ends_mid_sentence(text: &str) -> bool {
    text.trim_end()
        .chars()
        .next_back()
        .is_some_and(|c| is_han(c) || c.is_alphanumeric() || "，、,“‘（(《〈「『【—".contains(c))
}

/// Does `text` visibly start in the middle of a sentence: with a mark that never opens one
/// (`，、。；：！？` or a closing quote/bracket)?
pub fn starts_mid_sentence(text: &str) -> bool {
    match text.trim_start().chars().next() {
        Some(c) => {
            matches!(
                c,
                '，' | '、' | '。' | '；' | '：' | '！' | '？' | ',' | ';'
            ) || (is_closing(c) && c != '"' && c != '\'')
        }
        None => false,
    }
}

/// Is `text` visibly a piece of a paragraph, never a heading, whatever its markup says?
/// It opens with a mark no sentence opens with, ends on a comma, an enumeration comma, a
/// semicolon or an opening mark, or ends with a clause of one character just begun after a
/// comma (`看待风险挑战，需`).
pub fn fragment_shape(text: &str) -> bool {
    let t = text.trim();
    if starts_mid_sentence(t) {
        return true;
    }
    let Some(last) = t.chars().next_back() else {
        return false;
    };
    if "，、,；;“‘（(《〈「『【".contains(last) || unbalanced(t) {
        return true;
    }
    let clause = t
        .rsplit(['，', ','])
        .next()
        .filter(|c| c.len() < t.len())
        .unwrap_or_default();
    !clause.is_empty() && clause.chars().all(is_han) && clause.chars().count() == 1
}

/// Does `t` close a bracket it never opened, or open one it never closes? Brackets of every
/// shape count as one kind (OCR reads `（人民时评）` as `〈人民时评)`). Quotes do not count:
/// OCR loses closing quotes too often (`做好“三农 工作`).
pub fn unbalanced(t: &str) -> bool {
    let kinds: [(&str, &str); 1] = [("（(〈《【「［[", "）)〉》】」］]")];
    kinds.iter().any(|(open, close)| {
        let mut depth = 0i32;
        for c in t.chars() {
            if open.contains(c) {
                depth += 1;
            } else if close.contains(c) {
                depth -= 1;
                if depth < 0 {
                    return true;
                }
            }
        }
        depth != 0
    })
}

/// Number of Han characters in `text`.
pub fn han_count(text: &str) -> usize {
    text.chars().filter(|&c| is_han(c)).count()
}

/// Does `text` contain a sentence-final mark anywhere but at its very end?
pub fn has_inner_sentence_end(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(is_closing);
    let t = t.strip_suffix(is_sentence_final).unwrap_or(t);
    let c: Vec<char> = t.chars().collect();
    c.iter().enumerate().any(|(i, &m)| {
        let after_han = i
            .checked_sub(1)
            .and_then(|j| c.get(j))
            .is_some_and(|&p| is_han(p));
        let before_han = c.get(i + 1).is_some_and(|&n| is_han(n));
        // An ASCII mark between Han characters is a full-width one typed or read as ASCII
        // (`协调.通盘`); after a digit it is a decimal point, and OCR reads other marks as
        // a dot next to a digit (`云上.4开启`, a lost quote).
        matches!(m, '。' | '！' | '？')
            || after_han && (matches!(m, '!' | '?') || m == '.' && before_han)
    })
}

/// The marks that end a clause inside a sentence, full-width and as typed or read in ASCII.
const CLAUSE_MARKS: [char; 7] = ['，', '、', '；', '：', ',', ';', ':'];

/// Does `t` hold a clause mark before its end (`，、；：`)?
pub fn has_clause_mark(t: &str) -> bool {
    t.trim_end()
        .trim_end_matches(['，', '、', ','])
        .contains(CLAUSE_MARKS)
}

/// The last clause of `t` is cut short: `t` holds clauses (split at `，、；：`), and its
/// last is under [`CUT_CLAUSE`] of the longest before it, counting letters (Han characters,
/// letters, digits). A heading's clauses are balanced (`看待风险挑战，需要历史视野`,
/// `提前布置，引导错峰出行`, `一、聚力精准施策，决战决胜脱贫攻坚`): Chinese titles pair
/// their clauses; a sentence cut at a column's foot stops a few characters into its next
/// clause (`习近平强调，要强化`, `面对疫情，合作`).
pub fn last_clause_cut(t: &str) -> bool {
    let letters = |c: &str| {
        c.chars()
            .filter(|&c| is_han(c) || c.is_alphanumeric())
            .count()
    };
    let clauses: Vec<usize> = t.trim_end().split(CLAUSE_MARKS).map(letters).collect();
    let Some((&last, before)) = clauses.split_last() else {
        return false;
    };
    let longest = before.iter().copied().max().unwrap_or(0);
    last > 0 && longest >= 3 && (last as f64) < CUT_CLAUSE * longest as f64
}

/// How short a last clause is, against the longest before it, for [`last_clause_cut`].
const CUT_CLAUSE: f64 = 0.7;

/// Does `text` end with a full stop (`。`, or an ASCII `.` after a Han character), closing
/// quotes and brackets aside? A title takes none (GB/T 15834).
pub fn ends_with_full_stop(text: &str) -> bool {
    let t = text
        .trim_end()
        .trim_end_matches(|c: char| is_closing(c) || c == '"');
    t.ends_with('。')
        || t.strip_suffix('.')
            .and_then(|r| r.chars().next_back())
            .is_some_and(is_han)
}

/// The last `n` Han characters of the run of Han characters `text` ends with (trailing
/// spaces aside), in reading order: what stands before a break.
pub fn han_end(text: &str, n: usize) -> Vec<char> {
    let mut end: Vec<char> = text
        .trim_end()
        .chars()
        .rev()
        .take_while(|&c| is_han(c))
        .take(n)
        .collect();
    end.reverse();
    end
}

/// The first `n` Han characters of the run of Han characters `text` opens with (leading
/// spaces aside): what stands after a break.
pub fn han_start(text: &str, n: usize) -> Vec<char> {
    text.trim_start()
        .chars()
        .take_while(|&c| is_han(c))
        .take(n)
        .collect()
}

/// A short excerpt of `text` for a diagnostic: at most `n` characters, with `…` when cut.
pub fn excerpt(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().nth(n).is_some() {
        out.push('…');
    }
    out
}

/// The last `n` characters of `text`, with a leading `…` when cut.
pub fn tail(text: &str, n: usize) -> String {
    let count = text.chars().count();
    if count <= n {
        return text.to_string();
    }
    let mut out = String::from("…");
    out.extend(text.chars().skip(count - n));
    out
}

/// Value of a page number written in Arabic digits (ASCII or full-width) or Han numerals
/// (一 … 九十九), e.g. `1`, `１２`, `十二`, `A3` (the letter is ignored). `None` if not a number.
pub fn page_number(s: &str) -> Option<u32> {
    let s = s.trim();
    let digits: String = s
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - 0xFF10 + 0x30),
            _ => None,
        })
        .collect();
    if !digits.is_empty() {
        if digits.len() > 4 {
            return None;
        }
        return digits.parse().ok().filter(|&n| n > 0);
    }
    han_number(s)
}

fn han_digit(c: char) -> Option<u32> {
    "零一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .and_then(|p| u32::try_from(p).ok())
        .or(if c == '两' { Some(2) } else { None })
}

/// `一`…`九十九` as a number.
fn han_number(s: &str) -> Option<u32> {
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        ['十'] => Some(10),
        [d] => han_digit(*d).filter(|&n| n > 0),
        ['十', u] => Some(10 + han_digit(*u)?),
        [t, '十'] => Some(han_digit(*t)? * 10),
        [t, '十', u] => Some(han_digit(*t)? * 10 + han_digit(*u)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_headings_clauses_are_balanced() {
        // Balanced clauses: a heading's.
        assert!(!last_clause_cut("守护清河水，建好新家园"));
        assert!(!last_clause_cut("三、办好民生实事，建设宜居新区"));
        assert!(!last_clause_cut("记者：周宁"));
        // No clauses, or none long enough to compare with.
        assert!(!last_clause_cut("清河新桥今天通车"));
        assert!(!last_clause_cut("一、清河"));
        // A sentence cut a few characters into its next clause.
        assert!(last_clause_cut("市长周宁表示，要加快"));
        assert!(last_clause_cut("面对突如其来的汛情，各社区"));
        assert!(last_clause_cut("清河新区、老城区、滨"));
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("好。"));
        assert!(ends_sentence("“好。”"));
        assert!(ends_sentence("一是落实；"));
        assert!(ends_mid_sentence("积极探索“医"));
        assert!(ends_mid_sentence("保障城市"));
        assert!(ends_mid_sentence("分别，"));
        assert!(!ends_mid_sentence("  "));
        // A dash leads on into the rest of the sentence.
        assert!(ends_mid_sentence("被朋友们所访问。我们——"));
        assert!(starts_mid_sentence("”服务模式"));
        // A full stop, also typed or read as ASCII after Han text; a decimal point is none.
        assert!(ends_with_full_stop("需要统筹协调、通盘谋划。"));
        assert!(ends_with_full_stop("需要统筹协调、通盘谋划.\""));
        assert!(!ends_with_full_stop("增长2.5"));
        assert!(!ends_with_full_stop("万众一心，筑牢社区防线"));
        assert!(has_inner_sentence_end("会议结束.据介绍"));
        assert!(!has_inner_sentence_end("撒哈拉以南非洲2.37亿人"));
        assert!(!has_inner_sentence_end("中科院“云上.4开启公众科学日"));
        assert!(starts_mid_sentence("，然后"));
        assert!(!starts_mid_sentence("“开头"));
    }

    #[test]
    fn page_numbers() {
        assert_eq!(page_number("1"), Some(1));
        assert_eq!(page_number("１２"), Some(12));
        assert_eq!(page_number("一"), Some(1));
        assert_eq!(page_number("十二"), Some(12));
        assert_eq!(page_number("二十"), Some(20));
        assert_eq!(page_number("A3"), Some(3));
        assert_eq!(page_number("零"), None);
        assert_eq!(page_number("文"), None);
    }

    #[test]
    fn excerpts() {
        assert_eq!(excerpt("一二三四", 2), "一二…");
        assert_eq!(excerpt("一二", 2), "一二");
        assert_eq!(tail("一二三四", 2), "…三四");
    }
}
