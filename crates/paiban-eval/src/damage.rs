//! The damage model: a clean truth page re-set the way OCR and page exports break it.
//!
//! Input: a [`TruthPage`], the [`Kinds`] of damage switched on and a seed. Output: the
//! damaged page as a list of [`Piece`]s, rendered as OCR'd Markdown ([`render_md`]: one
//! paragraph per line, blank lines between, `## ` on headings) or as plain text
//! ([`render_txt`]: one line per block, no blank lines). Deterministic: the only randomness
//! is [`Rng`], a SplitMix64 generator seeded from `--seed` and the page's file name.
//!
//! Kinds, applied in this order (rates are per block unless said otherwise):
//! - `ascii` (60 % of blocks): full-width ，：；？！（） and “”‘’ become ASCII `,:;?!()"'`.
//! - `ocr` (50 % of blocks holding ——): `——` read as `一一`.
//! - `spaces` (12 %): one or two stray spaces between two Han characters.
//! - `article` (once per page of 3+ articles): one whole article, header and body, printed
//!   again after the article that follows it.
//! - `split` (25 % of paragraphs): a column break splits the paragraph in two blocks — a
//!   third of the cuts anywhere, a third in the first 24 characters (inside a dateline or
//!   byline), a third one to three characters after a sentence end (`。！？`).
//! - `interpose` (60 % of articles followed by a titled article): the last paragraph is split
//!   and the next article's header lines land between the halves.
//! - `headsplit` (25 % of header lines of 12 characters or more): the line is broken in two
//!   header lines, at its space if it has one, else in its middle third.
//! - `repeat` (4 % of blocks): 1–3 extra copies of a block, right after it or one or two
//!   blocks later.
//! - `marks` (Markdown only): a header line loses its `## ` (25 %); a short paragraph (≤ 30
//!   characters, 15 %) or any other paragraph (2 %) gains one; a repeated copy gains one (30 %).
//! - `noindent` (plain text only): paragraphs lose their two-U+3000 indentation.
//!
//! The truth is not changed: the score compares the repaired reading with the clean page.

use crate::truth::TruthPage;
use paiban_ingest::chars::is_han;
use std::fmt;

/// The damage kinds, each switched on or off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Kinds {
    /// Column breaks inside paragraphs.
    pub split: bool,
    /// Header lines of the next article between the halves of a split paragraph.
    pub interpose: bool,
    /// Lost indentation (plain text).
    pub noindent: bool,
    /// `#` marks dropped from headings and added to paragraphs (Markdown).
    pub marks: bool,
    /// Repeated blocks.
    pub repeat: bool,
    /// A whole article printed twice.
    pub article: bool,
    /// ASCII punctuation.
    pub ascii: bool,
    /// Stray spaces between Han characters.
    pub spaces: bool,
    /// OCR confusions (—— read as 一一).
    pub ocr: bool,
    /// Long header lines broken over two lines.
    pub headsplit: bool,
}

/// The names `--damage` accepts, in the order of [`Kinds`].
pub const NAMES: [&str; 10] = [
    "split",
    "interpose",
    "noindent",
    "marks",
    "repeat",
    "article",
    "ascii",
    "spaces",
    "ocr",
    "headsplit",
];

impl Kinds {
    /// Every kind on.
    pub fn all() -> Self {
        Kinds {
            split: true,
            interpose: true,
            noindent: true,
            marks: true,
            repeat: true,
            article: true,
            ascii: true,
            spaces: true,
            ocr: true,
            headsplit: true,
        }
    }

    /// Is any kind on?
    pub fn any(&self) -> bool {
        *self != Kinds::default()
    }

    /// Is every kind of `other` on in `self`?
    pub fn contains(&self, other: &Kinds) -> bool {
        let (mut a, mut b) = (*self, *other);
        NAMES
            .iter()
            .all(|n| !b.flag(n).is_some_and(|x| *x) || a.flag(n).is_some_and(|x| *x))
    }

    fn flag(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "split" => &mut self.split,
            "interpose" => &mut self.interpose,
            "noindent" => &mut self.noindent,
            "marks" => &mut self.marks,
            "repeat" => &mut self.repeat,
            "article" => &mut self.article,
            "ascii" => &mut self.ascii,
            "spaces" => &mut self.spaces,
            "ocr" => &mut self.ocr,
            "headsplit" => &mut self.headsplit,
            _ => return None,
        })
    }

    /// Parse `none`, `all`, or a comma list of kinds; `all,-repeat` switches one off.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let mut k = Kinds::default();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (off, name) = match part.strip_prefix('-') {
                Some(n) => (true, n),
                None => (false, part),
            };
            match name {
                "none" => k = Kinds::default(),
                "all" => k = Kinds::all(),
                _ => match k.flag(name) {
                    Some(f) => *f = !off,
                    None => {
                        return Err(format!(
                            "unknown damage kind {name:?}: expected none, all or {}",
                            NAMES.join(", ")
                        ));
                    }
                },
            }
        }
        Ok(k)
    }
}

impl fmt::Display for Kinds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut k = *self;
        let on: Vec<&str> = NAMES
            .iter()
            .copied()
            .filter(|n| k.flag(n).is_some_and(|b| *b))
            .collect();
        match on.len() {
            0 => f.write_str("none"),
            n if n == NAMES.len() => f.write_str("all"),
            _ => f.write_str(&on.join(",")),
        }
    }
}

/// SplitMix64: a tiny deterministic generator (no clock, no crate).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed` and the page `name` (FNV-1a of the name).
    pub fn new(seed: u64, name: &str) -> Self {
        Rng(seed ^ fnv1a(name))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce5_e9b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// FNV-1a 64 of `s`: a stable hash for seeding and for the TUNE/CHECK split.
pub fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One block of the damaged page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Its text.
    pub text: String,
    /// A header line of the truth (set unindented in plain text).
    pub head: bool,
    /// Marked `## ` in Markdown.
    pub mark: bool,
}

fn ascii_punct(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '？' => '?',
            '！' => '!',
            '（' => '(',
            '）' => ')',
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            c => c,
        })
        .collect()
}

fn stray_spaces(s: &str, rng: &mut Rng) -> String {
    let chars: Vec<char> = s.chars().collect();
    let spots: Vec<usize> = (1..chars.len())
        .filter(|&i| is_han(chars[i - 1]) && is_han(chars[i]))
        .collect();
    if spots.is_empty() {
        return s.to_string();
    }
    let n = 1 + rng.below(2);
    let mut at: Vec<usize> = (0..n).map(|_| spots[rng.below(spots.len())]).collect();
    at.sort_unstable();
    let mut out = String::with_capacity(s.len() + n);
    for (i, c) in chars.iter().enumerate() {
        if at.contains(&i) {
            out.push(' ');
        }
        out.push(*c);
    }
    out
}

fn text_damage(s: &str, k: &Kinds, rng: &mut Rng) -> String {
    let mut t = s.to_string();
    if k.ascii && rng.chance(60) {
        t = ascii_punct(&t);
    }
    if k.ocr && t.contains("——") && rng.chance(50) {
        t = t.replace("——", "一一");
    }
    if k.spaces && rng.chance(12) {
        t = stray_spaces(&t, rng);
    }
    t
}

/// Where to cut `text` for a column break: a char index in `1..len`, or `None` if too short.
fn cut_point(text: &str, rng: &mut Rng) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    if n < 4 {
        return None;
    }
    let at = match rng.below(3) {
        0 => 1 + rng.below(n - 1),
        1 => 1 + rng.below(n.min(24) - 1),
        _ => {
            let ends: Vec<usize> = (0..n - 1)
                .filter(|&i| matches!(chars[i], '。' | '！' | '？'))
                .collect();
            match ends.get(rng.below(ends.len().max(1))) {
                Some(&e) => (e + 1 + 1 + rng.below(3)).min(n - 1),
                None => 1 + rng.below(n - 1),
            }
        }
    };
    // Never leave a half that is only spaces.
    let (a, b): (String, String) = (chars[..at].iter().collect(), chars[at..].iter().collect());
    (!a.trim().is_empty() && !b.trim().is_empty()).then_some(at)
}

fn split_at_char(text: &str, at: usize) -> (String, String) {
    let a: String = text.chars().take(at).collect();
    let b: String = text.chars().skip(at).collect();
    (a, b)
}

/// Header lines as pieces; with `headsplit`, a long one broken in two.
fn heads(lines: &[String], k: &Kinds, rng: &mut Rng) -> Vec<Piece> {
    let mut out = Vec::new();
    for l in lines {
        let n = l.chars().count();
        if k.headsplit && n >= 12 && rng.chance(25) {
            let at = match l.chars().position(|c| c == ' ' || c == '\u{3000}') {
                Some(sp) if sp > 0 && sp + 1 < n => sp,
                _ => n / 3 + rng.below(n / 3),
            };
            let (a, b) = split_at_char(l, at);
            if !a.trim().is_empty() && !b.trim().is_empty() {
                out.push(piece(a.trim().to_string(), true));
                out.push(piece(b.trim().to_string(), true));
                continue;
            }
        }
        out.push(piece(l.clone(), true));
    }
    out
}

fn piece(text: String, head: bool) -> Piece {
    Piece {
        text,
        head,
        mark: head,
    }
}

/// Damage `page` with the kinds `k`, drawing from `rng`. With no kind on, the pieces are the
/// truth's header lines and paragraphs in order.
pub fn damage(page: &TruthPage, k: &Kinds, rng: &mut Rng) -> Vec<Piece> {
    // Text damage first, so that repeated copies carry the same text.
    let mut arts: Vec<(Vec<String>, Vec<String>)> = page
        .articles
        .iter()
        .map(|a| {
            let heads = a
                .header_lines()
                .iter()
                .map(|(_, t)| text_damage(t, k, rng))
                .collect();
            let paras = a.paras.iter().map(|p| text_damage(p, k, rng)).collect();
            (heads, paras)
        })
        .collect();
    if k.article && arts.len() >= 3 {
        let i = rng.below(arts.len() - 1);
        let copy = arts[i].clone();
        arts.insert(i + 2, copy);
    }
    let mut out: Vec<Piece> = Vec::new();
    let mut heads_done = vec![false; arts.len()];
    for i in 0..arts.len() {
        if !heads_done[i] {
            out.extend(heads(&arts[i].0, k, rng));
        }
        let paras = &arts[i].1;
        let next_titled = arts.get(i + 1).is_some_and(|n| !n.0.is_empty());
        for (j, p) in paras.iter().enumerate() {
            let last = j + 1 == paras.len();
            if k.interpose
                && last
                && next_titled
                && rng.chance(60)
                && let Some(at) = cut_point(p, rng)
            {
                let (a, b) = split_at_char(p, at);
                out.push(piece(a, false));
                out.extend(heads(&arts[i + 1].0, k, rng));
                heads_done[i + 1] = true;
                out.push(piece(b, false));
                continue;
            }
            if k.split
                && rng.chance(25)
                && let Some(at) = cut_point(p, rng)
            {
                let (a, b) = split_at_char(p, at);
                out.push(piece(a, false));
                out.push(piece(b, false));
                continue;
            }
            out.push(piece(p.clone(), false));
        }
    }
    if k.repeat {
        out = repeat_blocks(out, k.marks, rng);
    }
    if k.marks {
        for p in &mut out {
            if p.head {
                p.mark = !rng.chance(25);
            } else if !p.mark {
                let short = p.text.chars().count() <= 30;
                p.mark = rng.chance(if short { 15 } else { 2 });
            }
        }
    }
    out
}

fn repeat_blocks(pieces: Vec<Piece>, marks: bool, rng: &mut Rng) -> Vec<Piece> {
    // (position after which to insert, copies)
    let mut inserts: Vec<(usize, Piece)> = Vec::new();
    for (i, p) in pieces.iter().enumerate() {
        if !rng.chance(4) {
            continue;
        }
        let copies = 1 + rng.below(3);
        let after = (i + rng.below(3)).min(pieces.len() - 1);
        for _ in 0..copies {
            let mut c = p.clone();
            c.head = false;
            c.mark = marks && rng.chance(30);
            inserts.push((after, c));
        }
    }
    let mut out = Vec::with_capacity(pieces.len() + inserts.len());
    for (i, p) in pieces.into_iter().enumerate() {
        out.push(p);
        out.extend(
            inserts
                .iter()
                .filter(|(a, _)| *a == i)
                .map(|(_, c)| c.clone()),
        );
    }
    out
}

/// The damaged page as OCR'd Markdown: one block per line, a blank line between blocks,
/// `## ` before marked blocks.
pub fn render_md(pieces: &[Piece]) -> String {
    let mut s = String::new();
    for p in pieces {
        if p.mark {
            s.push_str("## ");
        }
        s.push_str(&p.text);
        s.push_str("\n\n");
    }
    s
}

/// The damaged page as plain text: one block per line, no blank lines; paragraphs indented
/// with two U+3000 unless `noindent`.
pub fn render_txt(pieces: &[Piece], noindent: bool) -> String {
    let mut s = String::new();
    for p in pieces {
        if !p.head && !noindent {
            s.push_str("\u{3000}\u{3000}");
        }
        s.push_str(&p.text);
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::truth::TruthArticle;

    fn page() -> TruthPage {
        let art = |h: &str, n: usize| {
            TruthArticle {
            headline: Some(h.to_string()),
            paras: (0..n)
                .map(|i| format!("本报清河3月{i}日电（记者周宁）今天，新桥通车。市民说：“方便多了！”第{i}段——完。"))
                .collect(),
            ..TruthArticle::default()
        }
        };
        TruthPage {
            articles: vec![art("新桥通车", 6), art("花海开放", 5), art("老街新貌", 4)],
            roles_unknown: false,
        }
    }

    #[test]
    fn no_damage_is_the_truth() {
        let p = page();
        let out = damage(&p, &Kinds::default(), &mut Rng::new(1, "x"));
        assert_eq!(out.len(), p.header_count() + p.para_count());
        assert!(out.iter().filter(|x| x.head).all(|x| x.mark));
        assert_eq!(out[1].text, p.articles[0].paras[0]);
    }

    #[test]
    fn deterministic_and_seeded() {
        let p = page();
        let a = damage(&p, &Kinds::all(), &mut Rng::new(7, "page"));
        let b = damage(&p, &Kinds::all(), &mut Rng::new(7, "page"));
        let c = damage(&p, &Kinds::all(), &mut Rng::new(8, "page"));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn damage_keeps_every_han_character() {
        // Splits, marks and punctuation never drop Han text: the concatenation of the pieces
        // without spaces and repeats covers the truth.
        let p = page();
        let k = Kinds {
            split: true,
            interpose: true,
            ..Kinds::default()
        };
        for seed in 0..20 {
            let out = damage(&p, &k, &mut Rng::new(seed, "p"));
            let han = |s: &str| s.chars().filter(|c| is_han(*c)).count();
            let truth: usize = p
                .articles
                .iter()
                .flat_map(|a| a.paras.iter().chain(a.headline.iter()))
                .map(|s| han(s))
                .sum();
            assert_eq!(out.iter().map(|x| han(&x.text)).sum::<usize>(), truth);
            assert!(out.len() > p.header_count() + p.para_count() || seed > 0);
        }
    }

    #[test]
    fn text_damage_kinds() {
        let mut r = Rng::new(3, "t");
        assert_eq!(ascii_punct("说：“好，走！”"), "说:\"好,走!\"");
        let spaced = stray_spaces("清河新桥通车", &mut r);
        assert_ne!(spaced, "清河新桥通车");
        assert_eq!(spaced.replace(' ', ""), "清河新桥通车");
        let k = Kinds::parse("ocr").unwrap_or_default();
        let t = (0..10)
            .map(|_| text_damage("甲——乙", &k, &mut r))
            .collect::<Vec<_>>();
        assert!(t.iter().any(|s| s == "甲一一乙"));
    }

    #[test]
    fn parse_kinds() {
        assert_eq!(Kinds::parse("all"), Ok(Kinds::all()));
        assert_eq!(Kinds::parse("none"), Ok(Kinds::default()));
        let k = Kinds::parse("all,-repeat").unwrap_or_default();
        assert!(!k.repeat && k.split);
        assert_eq!(
            k.to_string(),
            "split,interpose,noindent,marks,article,ascii,spaces,ocr,headsplit"
        );
        assert!(Kinds::parse("splat").is_err());
    }

    #[test]
    fn renderings() {
        let p = vec![piece("标题".into(), true), piece("正文。".into(), false)];
        assert_eq!(render_md(&p), "## 标题\n\n正文。\n\n");
        assert_eq!(render_txt(&p, false), "标题\n\u{3000}\u{3000}正文。\n");
        assert_eq!(render_txt(&p, true), "标题\n正文。\n");
    }
}
