//! Pass `ocr`: what OCR engines typically get wrong in Chinese text.
//!
//! Input: the readers' pages (before `classify`) and the edition's masthead. Output: the same
//! pages with, in each block, a note per kind of repair naming the source line:
//! - a dash read as `一一` (also `一 一`, `－－`, `--`, `—一`, `一—`) → `——`: always when it
//!   stands next to punctuation, a space, Latin or digits, at a block's start before Han
//!   text (a subtitle's dash) or at its end after Han text (a headline broken after it); between two Han characters only on a page that has no `——` at
//!   all (on such a page OCR never read the dash right; elsewhere `一一` is the word
//!   "one by one", as in `一一对应`);
//! - in line-wrapped (OCR) text only: spaces inside numbers (`2 0 1 9` → `2019`), between Han
//!   and digits or Latin (`10 月 24 日` → `10月24日`), and, in body text, between Han
//!   characters, removed; a display line keeps a space between words of two or more
//!   characters (`奋斗新时代 建功新征程`) and loses the spaces of letter-spaced single ones;
//!   a space next to full-width punctuation goes too (the mark carries its own space), and
//!   one between Han text and an ASCII `, ; : ! ?` (so that `punctuation` sees the mark
//!   touch Han text and makes it full-width);
//! - full-width digits and Latin letters (`２０１９`, `ＧＤＰ`) → half-width, as GB/T 15835
//!   and GB/T 15834 set them in Chinese text. Left alone: full-width punctuation (it is the
//!   Chinese form), the ideographic space (an indent), and full-width symbols such as `％`
//!   `＋` `＝` (their half-width forms are not always wanted);
//! - in OCR text (geometry or line-wrapped), a paragraph that opens with a closing double
//!   quote right before its text, where the text before left no quote open (`”在清河…`: a
//!   speck beside a rule, or an opening quote misread): the opening quote where a closing
//!   one follows in the paragraph, else the mark removed;
//! - in OCR text, a block of marks that may not begin a line only (`、，。。`: specks in a
//!   photograph or beside a rule) is dropped; after the joins, such marks still standing
//!   before a block's text (`。 本报讯…`) are removed ([`leading_marks`]); neither holds a
//!   character of text;
//! - in OCR text, a paragraph (after one that ended a sentence) opening with `国` before words
//!   no word of the list opens with (`国在中非合作…`): Tesseract's reading of the square
//!   bullet `■` that opens a subhead or a lead-in; the bullet is restored;
//! - in OCR text, a straight double quote among curly ones made the curly quote they call for
//!   (closing where one is open, opening where the next curly one closes);
//! - in OCR text, a lone digit read right after a percent sign (`7.1%6，`) removed;
//! - in OCR text, a backslash after a Han character removed before the `、` it stands beside,
//!   else made `、` (Tesseract's reading of the enumeration comma);
//! - in OCR text, a dot between Han characters inside a short bracket of no other mark
//!   (`（高端访谈.解读中央一号文件）`): the interpunct, restored;
//! - in OCR text, a run of commas (`，，`, `,，`) made one, or a comma and the opening quote
//!   OCR read as the second where a closing quote follows that nothing opened;
//! - in OCR text, an opening `〈` or `《` whose next bracket is a round closing one
//!   (`〈记者 何静)`, `《四)`): the round bracket misread, made round;
//! - a line among the first blocks of a page within a small edit distance of the edition's
//!   masthead (misread characters) is page furniture; its text becomes the masthead, and the
//!   note keeps what OCR read. A line of Latin capitals right next to it (the masthead's
//!   transliteration) is furniture too.

use crate::chars::{excerpt, is_cjk_punct, is_han, no_line_end, no_line_start};
use crate::passes::note;
use crate::patterns::dateline_len;
use crate::raw::{RawBlock, RawPage, Role};
use paiban_model::Diagnostic;

const PASS: &str = "ocr";

/// How many blocks at the top of a page may hold the masthead.
const TOP_BLOCKS: usize = 6;

/// Run the pass over `pages`; `masthead` is the edition's.
pub fn ocr(pages: &mut [RawPage], masthead: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for page in pages.iter_mut() {
        let dash_word_possible = page.blocks.iter().any(|b| b.text.contains("——"));
        // Does the text before the block leave a double quote open?
        let mut open_before = false;
        // Did the block before end a sentence (or is there none)?
        let mut finished_before = true;
        let geometry = page.geometry;
        let ocr_text = |b: &RawBlock| from_ocr(geometry, b);
        page.blocks.retain(|b| {
            let specks = b.role != Role::Image && ocr_text(b) && marks_only(&b.text);
            if specks {
                diags.push(note(
                    PASS,
                    &b.span,
                    &excerpt(&b.text, 24),
                    "a line of marks only (specks OCR read as punctuation) dropped",
                ));
            }
            !specks
        });
        for b in page.blocks.iter_mut() {
            if b.role == Role::Image {
                continue;
            }
            if ocr_text(b)
                && !open_before
                && let Some(t) = stray_closing_quote(&b.text)
            {
                diags.push(note(
                    PASS,
                    &b.span,
                    &excerpt(&b.text, 24),
                    "a closing quote OCR read at a paragraph's start, where no quote was open: \
                     made the opening quote where one closes later in the paragraph, else removed",
                ));
                b.text = t;
            }
            if ocr_text(b)
                && !open_before
                && finished_before
                && let Some(t) = lost_opening_quote(&b.text)
            {
                diags.push(note(
                    PASS,
                    &b.span,
                    &excerpt(&b.text, 24),
                    "an opening quote OCR lost at a display line's start (`脱欧”僵局…`, no quote \
                     open before it) restored",
                ));
                b.text = t;
            }
            if ocr_text(b)
                && finished_before
                && let Some(t) = bullet_read_as_han(&b.text)
            {
                diags.push(note(
                    PASS,
                    &b.span,
                    &excerpt(&b.text, 24),
                    "a square bullet OCR read as a character (`国在…`, where no word opens so) \
                     restored: `■`",
                ));
                b.text = t;
            }
            if ocr_text(b) {
                for (repair, what) in MARK_REPAIRS {
                    if let Some(t) = repair(&b.text) {
                        diags.push(note(PASS, &b.span, &excerpt(&b.text, 24), what));
                        b.text = t;
                    }
                }
            }
            open_before = crate::chars::leaves_quote_open(&b.text);
            finished_before = !crate::chars::ends_mid_sentence(&b.text);
            if ocr_text(b)
                && let Some((t, what)) = dateline_opening(&b.text)
            {
                diags.push(note(PASS, &b.span, &excerpt(&b.text, 24), what));
                b.text = t;
            }
            let ctx = Context {
                wrapped: b.wrap_end.is_some(),
                body: b.indented || b.wrap_end.is_none(),
                han_dashes: !dash_word_possible,
            };
            let (text, fixes) = repair_dateline_apart(&b.text, ctx);
            for f in &fixes {
                diags.push(note(PASS, &b.span, &excerpt(&b.text, 24), f.message()));
            }
            b.text = text;
        }
        masthead_lines(page, masthead, &mut diags);
    }
    diags
}

/// The marks OCR misreads that a block's own text tells how to set right, in the order they
/// run, each with its note.
type MarkRepair = (fn(&str) -> Option<String>, &'static str);
const MARK_REPAIRS: [MarkRepair; 6] = [
    (
        backslashes,
        "a backslash OCR read after a Han character (`服务站\\、`, `开放\\ 合作`) removed, or \
         made the enumeration comma it was",
    ),
    (
        doubled_commas,
        "a comma OCR read twice (`，，`) made one; where a closing quote follows that nothing \
         opened, the second was its opening quote (`，“`)",
    ),
    (
        straight_among_curly,
        "a straight quote OCR read among curly ones made the curly quote the others leave open \
         or closed (`“三农\"` → `“三农”`)",
    ),
    (
        interpuncts_in_brackets,
        "an interpunct OCR read as a dot inside a bracketed name (`（高端访谈.解读…）`) restored: \
         `·`",
    ),
    (
        percent_tails,
        "a digit OCR read into a percent sign's tail (`7.1%6，`) removed",
    ),
    (
        round_brackets,
        "an opening bracket OCR read as `〈` or `《` where a round one closes (`〈记者 何静)`): \
         made round",
    ),
];

/// Is `b` OCR text: on a page read from an engine's geometry, or line-wrapped?
fn from_ocr(geometry: bool, b: &RawBlock) -> bool {
    geometry || b.wrap_end.is_some()
}

/// Is `text` made of marks that may not begin a line, and nothing else but spaces?
fn marks_only(text: &str) -> bool {
    !text.trim().is_empty() && text.chars().all(|c| c.is_whitespace() || no_line_start(c))
}

/// After the joins (a mark opening a block is evidence that it goes on a paragraph broken
/// before it): in OCR text, marks that may not begin a line still standing before a block's
/// text (`。 本报讯…`: a speck, or the mark of a line in the next column) are removed, with a
/// note. Run when the `ocr` pass is on.
pub fn leading_marks(pages: &mut [RawPage]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for page in pages.iter_mut() {
        let geometry = page.geometry;
        for b in page.blocks.iter_mut() {
            if b.role != Role::Image
                && from_ocr(geometry, b)
                && let Some(t) = leading_specks(&b.text)
            {
                diags.push(note(
                    PASS,
                    &b.span,
                    &excerpt(&b.text, 24),
                    "marks that may not begin a line, OCR read before a paragraph's text, removed",
                ));
                b.text = t;
            }
        }
    }
    diags
}

/// `text` without the marks that may not begin a line it opens with (`。 本报讯…`, `.手艺人`:
/// a middle dot misread, the text before it read elsewhere), the closing quotes aside
/// ([`stray_closing_quote`] reads those); `None` when it does not open so or nothing but
/// marks follow.
fn leading_specks(text: &str) -> Option<String> {
    let t = text.trim_start();
    let rest = past_specks(t);
    let first = rest.chars().next()?;
    (rest.len() < t.len() && (is_han(first) || first.is_alphanumeric() || no_line_end(first)))
        .then(|| rest.to_string())
}

/// `t` past the spaces and the marks that may not begin a line it opens with, the closing
/// quotes aside (a quote OCR misread: [`stray_closing_quote`]'s).
fn past_specks(t: &str) -> &str {
    t.trim_start_matches(|c: char| {
        c.is_whitespace() || (no_line_start(c) && !matches!(c, '”' | '’'))
    })
}

/// Characters before a display line's first closing quote whose opening one OCR lost.
const QUOTED_HEAD: usize = 8;

/// Han characters a display line holds at most, for [`lost_opening_quote`].
const DISPLAY_HAN: usize = 30;

/// `text` with the opening double quote OCR lost restored, where it is shaped like a display
/// line (no sentence end, at most [`DISPLAY_HAN`] Han characters) whose first quote mark is a
/// closing one a few characters in (`脱欧”僵局冲击英国航空业`); the caller checks that no quote
/// was open before it and that the block before ended a sentence (else it may be the rest of
/// a quotation broken at a column end). `None` when it is not so.
pub(crate) fn lost_opening_quote(text: &str) -> Option<String> {
    let t = text.trim_start();
    let first = t.find(['“', '”'])?;
    let head = t.get(..first)?;
    let n = head.chars().count();
    if !t.get(first..)?.starts_with('”')
        || !(1..=QUOTED_HEAD).contains(&n)
        || !head.chars().all(crate::chars::is_han)
        || t.chars().any(crate::chars::is_sentence_final)
        || crate::chars::han_count(t) > DISPLAY_HAN
        || t.contains('\n')
    {
        return None;
    }
    Some(format!("“{t}"))
}

/// `text` repaired when it opens with a closing double quote right before a character of
/// text (`”在清河…`: a speck, or an opening quote misread): the opening quote where a closing
/// one follows in the text, else nothing; `None` when it does not open so.
fn stray_closing_quote(text: &str) -> Option<String> {
    let rest = text.trim_start().strip_prefix('”')?;
    if !rest
        .chars()
        .next()
        .is_some_and(|c| is_han(c) || c.is_alphanumeric())
    {
        return None;
    }
    Some(if rest.contains('”') {
        format!("“{rest}")
    } else {
        rest.to_string()
    })
}

/// `text` with each straight double quote among curly ones made the curly quote they call for:
/// the closing one where a curly quote is open before it (`“四化同步"的短腿` → `…”的短腿`),
/// the opening one where the next curly quote closes one that nothing opened (`"2014年…”`).
/// OCR reads some of a block's quotes straight and others curly; the straight ones alone
/// (`punctuation` pairs them) are left. `None` when nothing changed.
fn straight_among_curly(text: &str) -> Option<String> {
    if !text.contains('"') || !text.contains(['“', '”']) {
        return None;
    }
    let mut open = false;
    substitute(text, |chars, i| {
        match chars.get(i)? {
            '“' => open = true,
            '”' => open = false,
            '"' => {
                let next = chars
                    .iter()
                    .skip(i + 1)
                    .find(|&&q| q == '“' || q == '”' || q == '"');
                let curly = if open {
                    '”'
                } else if next == Some(&'”') {
                    '“'
                } else {
                    return None;
                };
                open = curly == '“';
                return Some(curly);
            }
            _ => {}
        }
        None
    })
}

/// `text` with each character `f` (given the text's characters and an index) replaces
/// replaced, left to right; `None` when it replaces none.
fn substitute(text: &str, mut f: impl FnMut(&[char], usize) -> Option<char>) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let mut changed = false;
    for (i, slot) in out.iter_mut().enumerate() {
        if let Some(c) = f(&chars, i) {
            *slot = c;
            changed = true;
        }
    }
    changed.then(|| out.into_iter().collect())
}

/// Characters inside a round bracket whose dots between Han characters are interpuncts.
const BRACKETED_NAME: usize = 24;

/// `text` with each dot (`.`, `．`, `•`) between two Han characters inside a short round
/// bracket of no other sentence mark made the interpunct `·` it was: a column's name
/// (`（高端访谈.解读中央一号文件）`, `（记录中国.我们都是追梦人）`) or a name set in brackets.
/// On the 2019 and own pages 47 such dots were interpuncts; outside brackets a dot between
/// Han characters is as often an enumeration comma or a full stop and stays. `None` when
/// there is none.
fn interpuncts_in_brackets(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = chars.clone();
    let mut changed = false;
    let dot = |d: char| d == '.' || d == '．' || d == '•';
    let han = |j: usize| chars.get(j).copied().is_some_and(is_han);
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c != '（' && c != '(' {
            i += 1;
            continue;
        }
        let Some(len) = chars
            .iter()
            .skip(i + 1)
            .take(BRACKETED_NAME + 1)
            .position(|&d| d == '）' || d == ')')
        else {
            i += 1;
            continue;
        };
        let inner = i + 1..i + 1 + len;
        let marked = chars
            .get(inner.clone())
            .unwrap_or_default()
            .iter()
            .any(|&d| !dot(d) && (crate::chars::is_sentence_final(d) || "，、；：（(".contains(d)));
        if !marked {
            for k in inner.clone() {
                if chars.get(k).copied().is_some_and(dot)
                    && han(k.wrapping_sub(1))
                    && han(k + 1)
                    && let Some(slot) = out.get_mut(k)
                {
                    *slot = '·';
                    changed = true;
                }
            }
        }
        i = inner.end + 1;
    }
    changed.then(|| out.into_iter().collect())
}

/// `text` with each backslash right after a Han character (Tesseract's reading of an
/// enumeration comma, or of its left half beside it) set right: removed before the `、` it
/// stands beside (`服务站\、托育` → `服务站、托育`), else made `、` (`开放\ 合作` →
/// `开放、合作`, the space after it going too). No Chinese text sets a backslash after a
/// character. `None` when there is none.
fn backslashes(text: &str) -> Option<String> {
    if !text.contains('\\') {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let after_han = i
            .checked_sub(1)
            .and_then(|k| chars.get(k))
            .copied()
            .is_some_and(is_han);
        if c != '\\' || !after_han {
            out.push(c);
            i += 1;
            continue;
        }
        changed = true;
        let mut j = i + 1;
        while chars.get(j).is_some_and(|d| *d == ' ') {
            j += 1;
        }
        if chars.get(j) != Some(&'、') {
            out.push('、');
        }
        i = j;
    }
    changed.then_some(out)
}

/// `text` without the single digit OCR read right after a percent sign where no digit follows
/// it (`增长7.1%6，` → `增长7.1%，`: Tesseract reads the sign's lower ring so). No text sets a
/// lone digit after `%`. `None` when there is none.
fn percent_tails(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let digit = |c: Option<&char>| c.is_some_and(char::is_ascii_digit);
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        let tail = c.is_ascii_digit()
            && matches!(
                i.checked_sub(1).and_then(|k| chars.get(k)),
                Some('%' | '％')
            )
            && !digit(chars.get(i + 1));
        if tail {
            changed = true;
        } else {
            out.push(c);
        }
    }
    changed.then_some(out)
}

/// Characters after a doubled comma searched for the quote that tells what its second mark was.
const QUOTE_REACH: usize = 30;

/// `text` with each run of two or more commas (`，，`, `,，`, spaces between) made one `，`, or
/// `，“` where the next double quote within [`QUOTE_REACH`] characters closes one and no quote
/// is open before the run (`在老家,，手艺人”是…` → `在老家，“手艺人”是…`: the opening quote
/// read as a comma). No Chinese text sets two commas in a row. `None` when there is none.
fn doubled_commas(text: &str) -> Option<String> {
    let comma = |c: char| c == '，' || c == ',';
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut changed = false;
    let mut open = false;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if !comma(c) {
            match c {
                '“' => open = true,
                '”' => open = false,
                _ => {}
            }
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut marks = 1;
        while let Some(&d) = chars.get(j) {
            if comma(d) {
                marks += 1;
            } else if !d.is_whitespace() {
                break;
            }
            j += 1;
        }
        if marks < 2 {
            out.push(c);
            i += 1;
            continue;
        }
        changed = true;
        out.push('，');
        let closes = chars
            .iter()
            .skip(j)
            .take(QUOTE_REACH)
            .find(|&&q| q == '“' || q == '”')
            == Some(&'”');
        if closes && !open {
            out.push('“');
            open = true;
        }
        i = j;
    }
    changed.then(|| out.into_iter().collect())
}

/// Brackets that open or close, the round ones and the title marks OCR confuses them with.
const BRACKETS: &str = "〈《〉》（）()";

/// Characters a bracket OCR misread may hold before the round one that closes it.
const BRACKET_REACH: usize = 40;

/// `text` with each opening `〈` or `《` whose next bracket is a round closing one (`〈记者 何静)`,
/// `《四)`) made the round `（` it was: Tesseract reads the round bracket so far more often
/// than it reads a title's closing `》` round (on the 2019 pages and our own, 102 against 1).
/// `None` when there is none.
fn round_brackets(text: &str) -> Option<String> {
    substitute(text, |chars, i| {
        if !matches!(chars.get(i), Some('〈' | '《')) {
            return None;
        }
        let next = chars
            .iter()
            .skip(i + 1)
            .take(BRACKET_REACH)
            .find(|&&d| BRACKETS.contains(d));
        matches!(next, Some('）' | ')')).then_some('（')
    })
}

/// Characters Tesseract reads for a square bullet (`■`, which opens a subhead or a lead-in)
/// at a paragraph's start: a filled box read as the character most like one.
const BULLET_MISREADS: [char; 1] = ['国'];

/// Han characters a paragraph needs after a bullet read as a character.
const BULLET_TEXT: usize = 6;

/// `text` with its first character made the square bullet it was (`国在中非合作的框架下…` →
/// `■在中非合作的框架下…`), when it is one [`BULLET_MISREADS`] reads for it and no word of
/// the list opens with it and the characters after it (`国家`, `国际`, `国务院` do); the
/// caller checks that the block opens a paragraph (the one before ended a sentence: a line
/// that goes on `中` | `国特色…` is text). `None` when it is not so.
fn bullet_read_as_han(text: &str) -> Option<String> {
    let t = text.trim_start();
    let mut chars = t.chars();
    let first = chars.next().filter(|c| BULLET_MISREADS.contains(c))?;
    let rest = chars.as_str().trim_start();
    let head: Vec<char> = rest.chars().take(3).collect();
    if crate::chars::han_count(rest) < BULLET_TEXT || !head.first().is_some_and(|&c| is_han(c)) {
        return None;
    }
    let word = (1..=head.len()).any(|n| {
        let w: String = std::iter::once(first)
            .chain(head.iter().take(n).copied())
            .collect();
        crate::words::is_word(&w)
    });
    (!word).then(|| format!("■{rest}"))
}

/// Opening brackets OCR reads for the round one of a dateline's credit (`本报讯《记者 林晓)`).
const MISREAD_OPENERS: [char; 4] = ['《', '〈', '<', '「'];

/// In OCR text, a block that opens with a dateline OCR garbled, repaired so that `classify`
/// reads it (a dateline opens an article: `segment` starts one there):
/// - marks that may not begin a line before it (`。 本报讯…`: a speck, or a mark of the next
///   column's line) are removed now, not after the joins: a dateline goes on no paragraph;
/// - its credit's round bracket read as another opening bracket (`本报讯《记者 林晓)`,
///   `〈记者`) is the round one where it closes with a round one.
///
/// Returns the text and what was done; `None` when nothing was.
fn dateline_opening(text: &str) -> Option<(String, &'static str)> {
    let t = text.trim_start();
    let rest = past_specks(t);
    let specks = rest.len() < t.len();
    // The agency and 讯/电 the opener follows: a dateline without its credit.
    let bracket = rest.char_indices().take(26).find_map(|(i, c)| {
        let after = rest.get(i + c.len_utf8()..)?;
        let opener = after.trim_start().chars().next()?;
        let at = i + c.len_utf8() + (after.len() - after.trim_start().len());
        (matches!(c, '讯' | '电') && MISREAD_OPENERS.contains(&opener)).then_some(at)
    });
    let fixed = bracket.and_then(|at| {
        let opener = rest.get(at..)?.chars().next()?;
        let tail = rest.get(at + opener.len_utf8()..)?;
        let close = tail.find([')', '）'])?;
        // Its own closer first (`《渡口》`): a title, not a misread bracket.
        if tail.get(..close)?.contains(['》', '〉', '>', '」']) {
            return None;
        }
        let candidate = format!("{}（{tail}", rest.get(..at)?);
        let whole = at + '（'.len_utf8() + close;
        dateline_len(&candidate)
            .filter(|&n| n > whole)
            .map(|_| candidate)
    });
    match (fixed, specks) {
        (Some(f), true) => Some((
            f,
            "a dateline's bracket OCR misread (`《记者…)`) made round, and marks that may not \
             begin a line, read before it, removed",
        )),
        (Some(f), false) => Some((
            f,
            "a dateline's bracket OCR misread (`《记者…)`) made round",
        )),
        (None, true) => dateline_len(rest).map(|_| {
            (
                rest.to_string(),
                "marks that may not begin a line, OCR read before a dateline, removed",
            )
        }),
        (None, false) => None,
    }
}

/// [`repair_text`] for a block that may open with a dateline: the space OCR read between the
/// dateline and the text (`本报讯 由清河剧团…`) is kept, so that `classify` still finds where an
/// undated dateline ends, and each side is repaired alone.
fn repair_dateline_apart(text: &str, ctx: Context) -> (String, Vec<Fix>) {
    if ctx.wrapped
        && let Some(n) = dateline_len(text)
        && let (Some(head), Some(tail)) = (text.get(..n), text.get(n..))
        && head.ends_with(char::is_whitespace)
        && !tail.trim().is_empty()
    {
        let (h, mut fixes) = repair_text(head.trim_end(), ctx);
        let (t, more) = repair_text(tail, ctx);
        for f in more {
            if !fixes.contains(&f) {
                fixes.push(f);
            }
        }
        return (format!("{h} {t}"), fixes);
    }
    repair_text(text, ctx)
}

/// What a block's text repair may do.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// The block comes from line-wrapped (OCR) text: its spaces are OCR's.
    pub wrapped: bool,
    /// The block is body text (not a display-line candidate).
    pub body: bool,
    /// `一一` between two Han characters is a dash (the page has no `——` of its own).
    pub han_dashes: bool,
}

/// One kind of repair made in a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// A dash read as `一一` or similar.
    Dash,
    /// Spaces OCR put inside numbers or between Han and digits / Latin.
    NumberSpaces,
    /// Spaces OCR put between Han characters.
    HanSpaces,
    /// Full-width digits or Latin letters made half-width.
    HalfWidth,
}

impl Fix {
    fn message(self) -> &'static str {
        match self {
            Fix::Dash => "a dash OCR read as 一一 (or -- / －－) written ——",
            Fix::NumberSpaces => {
                "spaces OCR put inside numbers or between Han and digits / Latin removed"
            }
            Fix::HanSpaces => {
                "spaces OCR put between Han characters (or next to punctuation) removed"
            }
            Fix::HalfWidth => "full-width digits / Latin letters made half-width (GB/T 15835)",
        }
    }
}

/// Repair `text` as [`ocr`] does for one block; returns the text and the kinds of repair
/// made (each kind once). Never drops a Han character; idempotent.
pub fn repair_text(text: &str, ctx: Context) -> (String, Vec<Fix>) {
    let mut fixes = Vec::new();
    let mut chars: Vec<char> = text.chars().collect();
    // Full-width digits and Latin letters.
    let mut changed = false;
    for c in chars.iter_mut() {
        if matches!(*c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ') {
            let h = char::from_u32(*c as u32 - 0xFEE0).unwrap_or(*c);
            changed |= h != *c;
            *c = h;
        }
    }
    if changed {
        fixes.push(Fix::HalfWidth);
    }
    // Dashes before spaces (`一 一` is evidence), and again after (a space removed may
    // have brought a dash next to Han text), until neither changes anything (a dash made
    // may leave a lone character beside a space: `二 月一一 0` → `二 月——0` → `二月——0`).
    let mut dash = dashes(&mut chars, ctx.han_dashes);
    if ctx.wrapped {
        let (mut num, mut han) = (false, false);
        for _ in 0..REPAIR_ROUNDS {
            let (n, h) = spaces(&mut chars, ctx.body);
            let d = dashes(&mut chars, ctx.han_dashes);
            (num, han, dash) = (num | n, han | h, dash | d);
            if !(n || h || d) {
                break;
            }
        }
        if num {
            fixes.push(Fix::NumberSpaces);
        }
        if han {
            fixes.push(Fix::HanSpaces);
        }
    }
    if dash {
        fixes.push(Fix::Dash);
    }
    (chars.into_iter().collect(), fixes)
}

/// Rounds of space and dash repair at most (each round removes spaces or makes dashes, so
/// two or three settle any text).
const REPAIR_ROUNDS: usize = 4;

fn is_dash_part(c: char) -> bool {
    matches!(c, '一' | '－' | '-' | '—' | '─' | '━')
}

/// Replace dash look-alikes; true when something changed.
fn dashes(chars: &mut Vec<char>, han_dashes: bool) -> bool {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        // A run of two dash parts, maybe with one space between (`一 一`).
        let (end, spaced) = match (c, chars.get(i + 1), chars.get(i + 2)) {
            (a, Some(&b), _) if is_dash_part(a) && is_dash_part(b) => (i + 2, false),
            (a, Some(' '), Some(&b)) if is_dash_part(a) && is_dash_part(b) => (i + 3, true),
            _ => (i, false),
        };
        if end == i || (c == '—' && chars.get(end - 1) == Some(&'—') && !spaced) {
            // Not a pair, or already `——`.
            let n = if end == i { 1 } else { end - i };
            out.extend(chars.get(i..i + n).unwrap_or_default());
            i += n;
            continue;
        }
        let pair: Vec<char> = chars
            .get(i..end)
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(|&c| c != ' ')
            .collect();
        let more = chars.get(end).is_some_and(|&c| is_dash_part(c));
        let before = out.last().copied();
        let after = chars.get(end).copied();
        let han_word = pair == ['一', '一'];
        let ascii = pair.iter().all(|&c| c == '-');
        let next_to_han = |c: Option<char>| c.is_some_and(is_han);
        let context_ok = if han_word {
            // `一一` is also a word: a dash only where the word cannot stand.
            let at_start = before.is_none() && next_to_han(after) && !spaced;
            // The word stands before a verb, never at the end of a line.
            let at_end = after.is_none() && next_to_han(before) && !spaced;
            // Between Han characters, unless a Chinese numeral stands beside it: then it
            // is digits of a number written out (`三五一一次`, 3511 times).
            let numeral = |c: Option<char>| {
                c.is_some_and(|c| "〇零一二三四五六七八九十百千万亿两".contains(c))
            };
            let between_words =
                next_to_han(before) && next_to_han(after) && !numeral(before) && !numeral(after);
            let marks = |c: Option<char>| {
                c.is_some_and(|c| is_cjk_punct(c) || c.is_ascii_alphanumeric() || c == ' ')
            };
            at_start
                || at_end
                || (marks(before) && (next_to_han(after) || after.is_some_and(is_cjk_punct)))
                || (next_to_han(before) && marks(after) && after != Some(' '))
                || (between_words && (han_dashes || spaced))
        } else if ascii {
            // `--` only between Han text (not `a--b` or a Markdown rule).
            next_to_han(before) && next_to_han(after)
        } else {
            // Mixed or full-width look-alikes (`—一`, `－－`) between or before Han text.
            (next_to_han(before) || before.is_none()) && next_to_han(after)
        };
        if more || !context_ok {
            out.push(c);
            i += 1;
            continue;
        }
        out.extend(['—', '—']);
        changed = true;
        i = end;
    }
    *chars = out;
    changed
}

/// Remove the spaces OCR put inside numbers, between Han and digits/Latin, and (in body
/// text, or between letter-spaced single characters) between Han characters. Returns
/// (number spaces removed, Han spaces removed).
fn spaces(chars: &mut Vec<char>, body: bool) -> (bool, bool) {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let (mut num, mut han) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars.get(i).copied().unwrap_or(' ');
        if c != ' ' && c != '\u{a0}' {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j).is_some_and(|&c| c == ' ' || c == '\u{a0}') {
            j += 1;
        }
        let before = out.last().copied();
        let after = chars.get(j).copied();
        let (Some(a), Some(b)) = (before, after) else {
            out.extend(chars.get(i..j).unwrap_or_default());
            i = j;
            continue;
        };
        let digit = |c: char| c.is_ascii_digit();
        let latin = |c: char| c.is_ascii_alphanumeric();
        // A digit alone between spaces, next to another digit: `2 0 1 9`.
        let single_digit = |k: usize| {
            chars.get(k).copied().is_some_and(digit)
                && !chars.get(k.wrapping_sub(1)).copied().is_some_and(digit)
        };
        // In the source, the digit before the space stands alone too.
        let lone_before = digit(a)
            && !i
                .checked_sub(2)
                .and_then(|k| chars.get(k))
                .copied()
                .is_some_and(|c| latin(c) || ".,:".contains(c));
        let lone_after = single_digit(j)
            && !chars
                .get(j + 1)
                .copied()
                .is_some_and(|c| latin(c) || ".,:".contains(c));
        let spaced_digits = digit(a) && digit(b) && lone_before && lone_after;
        if spaced_digits || (is_han(a) && latin(b)) || (latin(a) && is_han(b)) {
            num = true;
        } else if (is_cjk_punct(a) && (is_han(b) || is_cjk_punct(b)))
            || (is_han(a) && is_cjk_punct(b))
            || (is_han(a) && ",;:!?".contains(b))
            || (",;:!?".contains(a) && is_han(b))
        {
            // Full-width marks carry their own space.
            han = true;
        } else if is_han(a) && is_han(b) {
            let single_before =
                out.len() < 2 || !out.get(out.len() - 2).copied().is_some_and(is_han);
            let single_after = !chars.get(j + 1).copied().is_some_and(is_han);
            if body || (single_before && single_after) {
                han = true;
            } else {
                out.extend(chars.get(i..j).unwrap_or_default());
            }
        } else {
            out.extend(chars.get(i..j).unwrap_or_default());
        }
        i = j;
    }
    *chars = out;
    (num, han)
}

/// Mark as furniture a top-of-page line that is the masthead with a few characters misread.
fn masthead_lines(page: &mut RawPage, masthead: &str, diags: &mut Vec<Diagnostic>) {
    let mut found: Option<usize> = None;
    for (k, b) in page.blocks.iter_mut().take(TOP_BLOCKS).enumerate() {
        if b.role != Role::Unclassified || b.heading > 1 {
            continue;
        }
        // The masthead itself is `classify`'s; an indented line is body text.
        if b.indented || squeeze(&b.text) == squeeze(masthead) {
            continue;
        }
        if reads_as_masthead(&b.text, masthead) {
            diags.push(note(
                PASS,
                &b.span,
                &b.text,
                &format!(
                    "the masthead with misread characters: read as “{masthead}” (page furniture)"
                ),
            ));
            b.text = masthead.to_string();
            b.role = Role::Furniture;
            found = Some(k);
            break;
        }
    }
    let Some(k) = found else {
        return;
    };
    // Its Latin transliteration right before or after it.
    for j in [k.wrapping_sub(1), k + 1] {
        if let Some(b) = page.blocks.get_mut(j)
            && b.role == Role::Unclassified
            && is_transliteration(&b.text)
        {
            diags.push(note(
                PASS,
                &b.span,
                &b.text,
                "Latin line beside the masthead: its transliteration (page furniture)",
            ));
            b.role = Role::Furniture;
        }
    }
}

/// Spaces left out.
fn squeeze(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Is `text` the masthead `masthead`, maybe with a quarter of its characters misread (one
/// more or less, at least two Han characters)?
pub(crate) fn reads_as_masthead(text: &str, masthead: &str) -> bool {
    let (got, target) = (squeeze(text), squeeze(masthead));
    target.len() >= 2
        && got.len() <= target.len() + 1
        && got.len() + 1 >= target.len()
        && got.iter().filter(|&&c| is_han(c)).count() >= 2
        && levenshtein(&got, &target) <= target.len().div_ceil(4)
}

/// A short line of Latin capitals (and spaces, dots): `THE QINGHE DAILY`.
fn is_transliteration(t: &str) -> bool {
    let t = t.trim();
    let letters = t.chars().filter(|c| c.is_ascii_alphabetic()).count();
    (4..=40).contains(&letters)
        && t.chars()
            .all(|c| c.is_ascii_uppercase() || " .-'".contains(c))
}

/// Levenshtein distance of two short sequences.
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    use paiban_model::Span;

    const OCR: Context = Context {
        wrapped: true,
        body: true,
        han_dashes: false,
    };

    fn fix(t: &str, ctx: Context) -> String {
        repair_text(t, ctx).0
    }

    #[test]
    fn an_opening_quote_lost_at_a_display_lines_start_is_restored() {
        assert_eq!(
            lost_opening_quote("脱欧”僵局冲击英国航空业").as_deref(),
            Some("“脱欧”僵局冲击英国航空业")
        );
        // A sentence (the rest of a quotation broken at a column end), a quote opened first,
        // a closing quote far in, or one at the very start (`stray_closing_quote`'s) is not.
        assert_eq!(lost_opening_quote("入”的转化。这正是魅力所在"), None);
        assert_eq!(lost_opening_quote("“脱欧”僵局冲击英国航空业"), None);
        assert_eq!(
            lost_opening_quote("英国将在三月二十九日脱离欧盟”僵局"),
            None
        );
        assert_eq!(lost_opening_quote("”僵局冲击英国航空业"), None);
        // On an OCR page, only where the block before ended a sentence and left no quote open.
        let run = |first: &str| second_block_after(first, "脱欧”僵局冲击英国航空业");
        assert_eq!(run("（本报伦敦2月19日电）"), "“脱欧”僵局冲击英国航空业");
        assert_eq!(run("英国政府可能寻求延期"), "脱欧”僵局冲击英国航空业");
        assert_eq!(
            run("他说：“英国政府可能寻求延期。"),
            "脱欧”僵局冲击英国航空业"
        );
    }

    #[test]
    fn a_straight_quote_among_curly_ones_takes_their_side() {
        assert_eq!(
            straight_among_curly("补齐“四化同步\"的短腿，“三农\"事业部").as_deref(),
            Some("补齐“四化同步”的短腿，“三农”事业部")
        );
        assert_eq!(
            straight_among_curly("是：产业。\"2014年，他说的话”").as_deref(),
            Some("是：产业。“2014年，他说的话”")
        );
        // Straight ones alone are `punctuation`'s; one that nothing calls for stays.
        assert_eq!(straight_among_curly("他说\"好\""), None);
        assert_eq!(straight_among_curly("“三农”工作 5'3\" 高"), None);
    }

    #[test]
    fn a_dot_inside_a_bracketed_name_is_an_interpunct() {
        assert_eq!(
            interpuncts_in_brackets("对标硬任务（高端访谈.解读中央一号文件）").as_deref(),
            Some("对标硬任务（高端访谈·解读中央一号文件）")
        );
        // Outside a bracket, or in one with other marks, or between digits, it stays.
        assert_eq!(interpuncts_in_brackets("技术工人护理.电商运营"), None);
        assert_eq!(interpuncts_in_brackets("（据新华社电，原题.新桥）"), None);
        assert_eq!(interpuncts_in_brackets("（增长3.5倍）"), None);
    }

    #[test]
    fn a_backslash_after_a_character_is_an_enumeration_comma() {
        assert_eq!(
            backslashes("卫生服务站\\、托育中心").as_deref(),
            Some("卫生服务站、托育中心")
        );
        assert_eq!(
            backslashes("对外开放\\ 合作共赢").as_deref(),
            Some("对外开放、合作共赢")
        );
        assert_eq!(backslashes("路径 C:\\data"), None);
    }

    #[test]
    fn a_digit_read_after_a_percent_sign_goes() {
        assert_eq!(
            percent_tails("增长7.1%6；居民人均达80%6。").as_deref(),
            Some("增长7.1%；居民人均达80%。")
        );
        assert_eq!(percent_tails("占70%4").as_deref(), Some("占70%"));
        // Two digits after the sign, or none, stay.
        assert_eq!(percent_tails("159%40。"), None);
        assert_eq!(percent_tails("增长7.1%，居民"), None);
    }

    #[test]
    fn a_comma_read_twice_is_one_or_a_comma_and_a_quote() {
        assert_eq!(
            doubled_commas("粗平用粗刨，，细平用细刨").as_deref(),
            Some("粗平用粗刨，细平用细刨")
        );
        assert_eq!(
            doubled_commas("在老家,， 手艺人”是一个颇为体面的名头。").as_deref(),
            Some("在老家，“手艺人”是一个颇为体面的名头。")
        );
        // The quote after the run opens one: the run is one comma.
        assert_eq!(
            doubled_commas("他们先轻轻地砸，，“嗒嗒嗒嗒”").as_deref(),
            Some("他们先轻轻地砸，“嗒嗒嗒嗒”")
        );
        // Inside an open quotation a closing quote closes it: one comma.
        assert_eq!(
            doubled_commas("他说：“先砸，，再刨”").as_deref(),
            Some("他说：“先砸，再刨”")
        );
        assert_eq!(doubled_commas("粗平用粗刨，细平用细刨"), None);
        assert_eq!(doubled_commas("1,2, 3"), None);
    }

    #[test]
    fn an_opening_bracket_read_as_a_title_mark_is_made_round() {
        assert_eq!(
            round_brackets("过去〈贺州白色大理石）搬运到外省去").as_deref(),
            Some("过去（贺州白色大理石）搬运到外省去")
        );
        assert_eq!(
            round_brackets("《四) 加强党的领导〈作者为清河师范学院教授)").as_deref(),
            Some("（四) 加强党的领导（作者为清河师范学院教授)")
        );
        // A title mark closed as one, or with another bracket before any round one, stays.
        assert_eq!(round_brackets("读《人民日报》（海外版）"), None);
        assert_eq!(round_brackets("《清河（新区）志》"), None);
    }

    #[test]
    fn a_square_bullet_read_as_a_character_is_restored() {
        let done = "清河新桥今天上午正式通车。";
        // `■` read `国` at a paragraph's start, before words no word of the list opens with.
        assert_eq!(
            second_block_after(done, "国在中非合作的框架下，清河的经验也在帮助别人。"),
            "■在中非合作的框架下，清河的经验也在帮助别人。"
        );
        assert_eq!(
            second_block_after(done, "国 以供给侧改革为主线推进农村改革"),
            "■以供给侧改革为主线推进农村改革"
        );
        // A word opening with it (`国家`, `国际`, `国务院`) is text; so is a line that goes on
        // a sentence cut before it (`中` | `国特色…`), and a short line.
        for (before, line) in [
            (done, "国家外汇管理局新闻发言人表示，外汇储备稳定。"),
            (done, "国务院新闻办公室今天举行发布会。"),
            ("在习近平新时代中", "国特色社会主义思想指引下，全面推进。"),
            (done, "国在中非"),
        ] {
            assert_eq!(second_block_after(before, line), line, "{line}");
        }
    }

    #[test]
    fn a_dateline_ocr_garbled_is_read_again() {
        // A speck before it, and its credit's round bracket read as another.
        assert_eq!(
            dateline_opening("。 本报讯《记者 林晓) 3月12日一早").map(|x| x.0),
            Some("本报讯（记者 林晓) 3月12日一早".to_string())
        );
        assert_eq!(
            dateline_opening("本报讯〈记者 何静 通讯员 马骏) 走出家门").map(|x| x.0),
            Some("本报讯（记者 何静 通讯员 马骏) 走出家门".to_string())
        );
        // A title after the dateline is no bracket; a mark before a paragraph that opens
        // with no dateline waits for the joins (it may go on the paragraph before).
        assert_eq!(dateline_opening("本报讯 《渡口》日前首演（图）"), None);
        assert_eq!(dateline_opening("。 两岸居民都来了"), None);
        // The space after an undated dateline stays, so that classify sees where it ends.
        assert_eq!(
            repair_dateline_apart("本报讯 由清河剧团新排的越 剧", OCR).0,
            "本报讯 由清河剧团新排的越剧"
        );
        assert_eq!(fix("本报讯 由清河剧团", OCR), "本报讯由清河剧团");
    }

    #[test]
    fn dashes_read_as_one_one() {
        assert_eq!(
            fix("一一无人机植保让农户省时省力", OCR),
            "——无人机植保让农户省时省力"
        );
        assert_eq!(fix("他说：一一这是新桥", OCR), "他说：——这是新桥");
        assert_eq!(fix("新桥一 一清河的骄傲", OCR), "新桥——清河的骄傲");
        assert_eq!(fix("新桥--清河的骄傲", OCR), "新桥——清河的骄傲");
        assert_eq!(fix("新桥－－清河的骄傲", OCR), "新桥——清河的骄傲");
        // The word 一一 stays on a page that writes its dashes right.
        assert_eq!(fix("问题一一对应，逐条落实", OCR), "问题一一对应，逐条落实");
        let page_without_dashes = Context {
            han_dashes: true,
            ..OCR
        };
        // Digits of a number written out in Chinese numerals are no dash, even on a page
        // whose dashes OCR all read as 一一.
        assert_eq!(
            fix("全年共接待游客三五一一批", page_without_dashes),
            "全年共接待游客三五一一批"
        );
        assert_eq!(
            fix("新桥一一清河的骄傲", page_without_dashes),
            "新桥——清河的骄傲"
        );
        assert_eq!(fix("已经是——了", OCR), "已经是——了");
        assert_eq!(
            fix("南湖区推动老旧小区改造一一", OCR),
            "南湖区推动老旧小区改造——"
        );
        assert_eq!(fix("a--b 和 ---", OCR), "a--b和 ---");
    }

    #[test]
    fn spaces_ocr_put_in() {
        assert_eq!(fix("10 月 24 日上午", OCR), "10月24日上午");
        assert_eq!(fix("成立于 2 0 1 9 年", OCR), "成立于2019年");
        assert_eq!(fix("清河 新 桥", OCR), "清河新桥");
        assert_eq!(fix("共 5G 基站 300 个", OCR), "共5G基站300个");
        assert_eq!(fix("版本 1.2 3 与 4", OCR), "版本1.2 3与4");
        // Display lines keep a space between words, lose letter-spacing.
        let display = Context { body: false, ..OCR };
        assert_eq!(
            fix("奋斗新时代 建功新征程", display),
            "奋斗新时代 建功新征程"
        );
        assert_eq!(fix("社 论", display), "社论");
        assert_eq!(fix("亲临一线， 让我们 。", display), "亲临一线，让我们。");
        assert_eq!(fix("新兴 ; 而古老", display), "新兴;而古老");
        // Not OCR text: spaces are the author's.
        let export = Context {
            wrapped: false,
            ..OCR
        };
        assert_eq!(fix("10 月 24 日", export), "10 月 24 日");
    }

    #[test]
    fn full_width_digits_and_letters() {
        let (t, f) = repair_text("２０１９年ＧＤＰ增长６％，ｅ时代", OCR);
        assert_eq!(t, "2019年GDP增长6％，e时代");
        assert_eq!(f, vec![Fix::HalfWidth]);
    }

    #[test]
    fn masthead_with_misread_characters() {
        let sp = |l| Span::new("p.txt", l);
        let mut page = RawPage {
            number: 1,
            name: None,
            file: "p.txt".into(),
            plain: true,
            geometry: false,
            blocks: vec![
                RawBlock::new("时", sp(1)),
                RawBlock::new("清河日极", sp(2)),
                RawBlock::new("THE QINGHE DAILY", sp(3)),
                RawBlock::new("清河两岸", sp(4)),
            ],
            fixes: Vec::new(),
        };
        let mut d = Vec::new();
        masthead_lines(&mut page, "清河日报", &mut d);
        assert_eq!(page.blocks[1].role, Role::Furniture);
        assert_eq!(page.blocks[1].text, "清河日报");
        assert_eq!(page.blocks[2].role, Role::Furniture);
        assert_eq!(page.blocks[3].role, Role::Unclassified);
        assert_eq!(d.len(), 2);
        assert!(d[0].snippet.contains("清河日极"));
    }

    fn han(s: &str) -> String {
        s.chars().filter(|&c| is_han(c)).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 512, ..Default::default() })]

        /// Never loses a Han character, is idempotent, never changes text without a note.
        #[test]
        fn keeps_han_idempotent_and_noted(
            t in "[一二清河新桥月日年－—\\- 0-9０-９ＡａaZ，。：“”]{0,40}",
            wrapped: bool, body: bool, han_dashes: bool,
        ) {
            let ctx = Context { wrapped, body, han_dashes };
            let (once, fixes) = repair_text(&t, ctx);
            let lost: String = han(&t).replace('一', "");
            proptest::prop_assert_eq!(han(&once).replace('一', ""), lost);
            // A 一 goes only as half of a dash.
            let ones = |s: &str| s.chars().filter(|&c| c == '一').count();
            let dashes = |s: &str| s.chars().filter(|&c| c == '—').count();
            proptest::prop_assert!(ones(&t) - ones(&once) <= dashes(&once) - dashes(&t).min(dashes(&once)));
            let (twice, again) = repair_text(&once, ctx);
            proptest::prop_assert_eq!(&twice, &once);
            proptest::prop_assert!(again.is_empty(), "second run noted {again:?}");
            proptest::prop_assert_eq!(fixes.is_empty(), once == t);
        }
    }

    /// A page read from geometry (`p.hocr`), one block per text on lines 1, 2, …
    /// The text of `second` after the pass, on an OCR page where `first` stands before it.
    fn second_block_after(first: &str, second: &str) -> String {
        let mut pages = vec![geometry_page(&[first, second])];
        ocr(&mut pages, "");
        pages[0].blocks[1].text.clone()
    }

    fn geometry_page(texts: &[&str]) -> RawPage {
        RawPage {
            number: 1,
            name: None,
            file: "p.hocr".into(),
            plain: false,
            geometry: true,
            blocks: (1..)
                .zip(texts)
                .map(|(l, &t)| RawBlock::new(t, Span::new("p.hocr", l)))
                .collect(),
            fixes: Vec::new(),
        }
    }

    #[test]
    fn marks_that_may_not_begin_a_line_are_specks_in_ocr_text() {
        // A block of such marks only is dropped before classify; once joins are done, the
        // marks still opening a block go (a closing quote is `stray_closing_quote`'s).
        assert!(marks_only("、，。。，，"));
        assert!(marks_only(" ) "));
        assert!(!marks_only("……"));
        assert!(!marks_only("，清河"));
        assert_eq!(leading_specks("。 本报讯").as_deref(), Some("本报讯"));
        assert_eq!(leading_specks("、，（记者）").as_deref(), Some("（记者）"));
        assert_eq!(leading_specks(".手艺人系列").as_deref(), Some("手艺人系列"));
        assert_eq!(leading_specks("”在清河"), None);
        assert_eq!(leading_specks("。"), None);
        assert_eq!(leading_specks("本报讯。"), None);
        let mut pages = vec![geometry_page(&[
            "清河新桥今日通车",
            "、，。",
            "。 今天上午",
            "。 本报讯 今天上午",
        ])];
        let diags = ocr(&mut pages, "");
        assert_eq!(pages[0].blocks.len(), 3);
        // Before a dateline the marks go at once (a dateline goes on no paragraph).
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(pages[0].blocks[2].text, "本报讯 今天上午");
        let diags = leading_marks(&mut pages);
        assert_eq!(pages[0].blocks[1].text, "今天上午");
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn a_closing_quote_at_a_paragraphs_start_is_repaired() {
        // A speck read as `”`: removed; an opening quote misread: made `“` where a closing
        // one follows; a closing mark alone, or one after a quote left open, is no concern
        // of this repair (the latter is checked by the caller).
        assert_eq!(
            stray_closing_quote("”在清河经济开发区，一家企业").as_deref(),
            Some("在清河经济开发区，一家企业")
        );
        assert_eq!(
            stray_closing_quote("”今年会更好”，他说。").as_deref(),
            Some("“今年会更好”，他说。")
        );
        assert_eq!(stray_closing_quote("”"), None);
        assert_eq!(stray_closing_quote("”。"), None);
        assert_eq!(stray_closing_quote("在清河”"), None);
        // On an OCR page: after a quote left open (a column break inside a quotation) the
        // closing quote stays; after a paragraph that closed its quotes it goes.
        let run = |first: &str| second_block_after(first, "”在清河");
        assert_eq!(run("他说：“今年会更好"), "”在清河");
        assert_eq!(run("他说：“今年会更好”。"), "在清河");
    }
}
