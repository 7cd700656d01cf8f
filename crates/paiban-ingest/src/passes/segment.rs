//! Pass `segment`: blocks into articles.
//!
//! Input: classified, de-duplicated, joined pages. Output: [`Section`]s of [`Article`]s
//! with kicker, headline, subtitle, byline, dateline, continued-from / continues-to page,
//! and body blocks (paragraph, subhead, caption, credit, note, image). An article starts at
//! a headline or kicker, and also without one where a new item plainly begins: a dateline
//! or a `上接第N版` jump after body text, or any text after a `下转第N版`. Display lines that
//! arrive before the body (in any order, as OCR reads them) belong to the article; a
//! headline that `join` found between two halves of a paragraph names the article that
//! paragraph is in when that article has none. A paragraph just before a photo credit is
//! the photo's caption when it is the article's only text or follows an image. Page
//! furniture already given by the edition's metadata is dropped (with a note); any other is
//! kept as a credit line at the end of its page. In line-wrapped OCR text, an untitled
//! opening that the engine read before its headline goes under the headline whose words it
//! repeats (`openings_read_before_headlines`); a heading found alone inside a titled
//! article's paragraph, whose words that article never uses, heads the later text that takes
//! them up (`headings_read_inside_articles`).

use crate::chars::{ends_mid_sentence, han_count};
use crate::ocr::BBox;
use crate::passes::note;
use crate::patterns::{is_contents, is_empty_label, is_mark};
use crate::raw::{RawBlock, RawPage, Role};
use paiban_model::{Article, Block, BlockKind, Diagnostic, Section, Span};

const PASS: &str = "segment";

struct Page {
    articles: Vec<Article>,
    /// For each article in `articles`: where, in its blocks, text that goes on another's
    /// paragraph begins after its own finished one (see [`Page::cut`]).
    cuts: Vec<Option<usize>>,
    cur: Option<Article>,
    /// The current article's cut.
    cur_cut: Option<usize>,
    /// The current article's part on this page ended with a 下转 jump.
    closed: bool,
    /// The box of the current article's headline's display group, where the page's
    /// geometry gave one.
    head_box: Option<BBox>,
}

impl Page {
    fn cur(&mut self, span: &Span) -> &mut Article {
        if self.closed {
            self.finish();
        }
        self.cur.get_or_insert_with(|| Article {
            span: span.clone(),
            ..Default::default()
        })
    }

    fn start(&mut self, span: &Span) -> &mut Article {
        self.finish();
        self.cur(span)
    }

    fn finish(&mut self) {
        self.closed = false;
        self.head_box = None;
        let cut = self.cur_cut.take();
        if let Some(mut a) = self.cur.take() {
            self.cuts.push(cut);
            if a.headline.is_none() && a.continued_from.is_none() {
                // A kicker with no headline under it is the headline.
                a.headline = a.kicker.take();
            }
            self.articles.push(a);
        }
    }

    /// The article a heading names, if any: the current one for a heading found between
    /// the halves of one of its paragraphs (`landed`), else the current one if nothing of
    /// its body has come yet ([`Page::open_head`]).
    fn named_by(&mut self, landed: bool) -> Option<&mut Article> {
        if landed {
            self.cur.as_mut()
        } else {
            self.open_head()
        }
    }

    /// The current article, if nothing of its body has come yet.
    fn open_head(&mut self) -> Option<&mut Article> {
        if self.closed {
            return None;
        }
        self.cur.as_mut().filter(|a| a.blocks.is_empty())
    }

    /// Has the current article, titled and without a dateline, only a lead (导语) so far:
    /// one or two paragraphs, after which its dateline still opens its report?
    fn after_lead(&self) -> bool {
        !self.closed
            && self.cur.as_ref().is_some_and(|a| {
                a.headline.is_some()
                    && a.dateline.is_none()
                    && (1..=2).contains(&a.blocks.len())
                    && a.blocks.iter().all(|b| b.kind == BlockKind::Paragraph)
            })
    }

    /// Before placing the paragraph `b`: in an untitled article that a dateline opened (an
    /// opening the OCR engine may have read before its headline), a paragraph whose first
    /// line runs to the column's edge (the middle of a paragraph) after the article's own
    /// paragraph ended a sentence goes on another article's text: the engine went back to
    /// the column it had left. Where that opening moves under its headline, the text from
    /// here stays behind (see [`openings_read_before_headlines`]).
    fn cut(&mut self, b: &RawBlock) {
        if self.cur_cut.is_some() || self.closed || b.wrap_start != Some(true) {
            return;
        }
        if let Some(a) = self.cur.as_ref().filter(|a| {
            a.display_lines().next().is_none()
                && a.dateline.is_some()
                && a.blocks
                    .last()
                    .is_some_and(|l| l.kind == BlockKind::Paragraph && !ends_mid_sentence(&l.text))
        }) {
            self.cur_cut = Some(a.blocks.len());
        }
    }

    /// Is the current article still waiting for its text (it may hold a photo or an
    /// editor's note, but no paragraph or subhead yet)?
    fn lead_open(&self) -> bool {
        !self.closed
            && self.cur.as_ref().is_some_and(|a| {
                !a.blocks
                    .iter()
                    .any(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Subhead))
            })
    }
}

fn block(kind: BlockKind, b: &RawBlock) -> Block {
    Block {
        kind,
        text: b.text.clone(),
        src: b.src.clone(),
        span: b.span.clone(),
    }
}

/// Group the blocks of every page into articles.
pub fn segment(pages: Vec<RawPage>, masthead: &str) -> (Vec<Section>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut sections = Vec::with_capacity(pages.len());
    for mut page in pages {
        diags.extend(headings_read_inside_articles(&mut page.blocks));
        let mut p = Page {
            articles: Vec::new(),
            cuts: Vec::new(),
            cur: None,
            cur_cut: None,
            closed: false,
            head_box: None,
        };
        let mut furniture: Vec<Block> = Vec::new();
        for (k, b) in page.blocks.iter().enumerate() {
            place(
                &mut p,
                b,
                page.blocks.get(k + 1..).unwrap_or_default(),
                masthead,
                page.name.as_deref(),
                &mut furniture,
                &mut diags,
            );
        }
        if !furniture.is_empty() {
            let last = p.cur.as_mut().or(p.articles.last_mut());
            match last {
                Some(a) => a.blocks.extend(furniture),
                None => {
                    let span = furniture
                        .first()
                        .map(|b| b.span.clone())
                        .unwrap_or_default();
                    p.cur(&span).blocks.extend(furniture);
                }
            }
        }
        p.finish();
        if page.plain && page.blocks.iter().any(|b| b.wrap_start.is_some()) {
            diags.extend(openings_read_before_headlines(&mut p.articles, &p.cuts));
        }
        sections.push(Section {
            number: page.number,
            name: page.name,
            articles: p.articles,
        });
    }
    (sections, diags)
}

/// Paragraphs the article a heading landed in must go on for after it without its words:
/// a subhead cut in two, its second half left after the paragraph its first half was
/// joined to, heads the paragraph right after.
const GOES_ON: usize = 2;

/// Times the words of a heading read inside another article must recur in the text it
/// heads (a report repeats its headline's words; a pair seen once may be chance).
const HEADING_ECHOES: usize = 2;

/// A heading alone, shaped like a title, that `join` found between the halves of a paragraph (an OCR engine read
/// it in the middle of a titled article's column) whose words that article never uses, while a
/// later paragraph that opens a sentence takes them up — before the next
/// headline, and [`HEADING_ECHOES`] times or more from there — is that later text's
/// headline: it moves there (a new article starts), with a note. Right before that
/// paragraph, it heads it where the page never used its words before it. (The text before that
/// paragraph may end in what OCR garbled: its end proves nothing.) A heading the words of
/// which its neighbours use stays where it is.
fn headings_read_inside_articles(blocks: &mut Vec<RawBlock>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let header = |b: &RawBlock| matches!(b.role, Role::Headline | Role::Kicker);
    let mut i = 0;
    while i < blocks.len() {
        let landed = |k: usize| {
            blocks
                .get(k)
                .is_some_and(|b| b.landed_inside && b.is_heading())
        };
        // A heading that landed alone (a header group that landed whole goes with the
        // article it landed in, if untitled: see `place`).
        let alone = blocks.get(i).is_some_and(|b| {
            b.landed_inside
                && matches!(b.role, Role::Subhead | Role::Headline)
                && title_shape(&b.text)
        }) && !landed(i + 1)
            && !i.checked_sub(1).is_some_and(landed);
        // The article it landed in, which has its own headline: from there to the next.
        let start = blocks
            .get(..i)
            .and_then(|s| s.iter().rposition(|b| header(b) && !b.landed_inside))
            .map(|h| h + 1);
        let (true, Some(start)) = (alone, start) else {
            i += 1;
            continue;
        };
        let heading = blocks
            .get(i)
            .map(|b| han_pairs(&b.text))
            .unwrap_or_default();
        let end = blocks
            .get(i + 1..)
            .and_then(|s| s.iter().position(header))
            .map_or(blocks.len(), |k| i + 1 + k);
        let used: std::collections::BTreeSet<(char, char)> = blocks
            .get(start..i)
            .unwrap_or_default()
            .iter()
            .flat_map(|b| han_pairs(&b.text))
            .collect();
        let own: Vec<(char, char)> = heading.difference(&used).copied().collect();
        let count = |t: &str| -> usize {
            let c: Vec<char> = t.chars().filter(|&c| crate::chars::is_han(c)).collect();
            c.windows(2).filter(|w| own.contains(&(w[0], w[1]))).count()
        };
        let mut target = None;
        for j in i + 1..end {
            let Some(b) = blocks.get(j) else {
                break;
            };
            let text = b.text.trim();
            let opens = b.role == Role::Paragraph && !crate::chars::starts_mid_sentence(text);
            if count(text) > 0 {
                if opens {
                    target = Some(j);
                }
                // Its words come up first here: here it heads the text, or nowhere.
                break;
            }
        }
        // Right before the text that takes its words up, it is that text's headline where
        // the page never used them before it (a header that landed between the halves of
        // the last paragraph of the article before); a subhead's words may have come up.
        let fresh = || {
            blocks
                .get(..i)
                .unwrap_or_default()
                .iter()
                .all(|b| count(&b.text) == 0)
        };
        let Some(j) = target.filter(|&j| {
            (j > i + GOES_ON || j == i + 1 && fresh())
                && blocks
                    .get(j..end)
                    .unwrap_or_default()
                    .iter()
                    .map(|b| count(&b.text))
                    .sum::<usize>()
                    >= HEADING_ECHOES
        }) else {
            i += 1;
            continue;
        };
        let mut h = blocks.remove(i);
        diags.push(note(
            PASS,
            &h.span,
            &h.text,
            &format!(
                "a heading read inside another article's text, whose words the page had not used: the headline of the text from line {}, which takes them up",
                blocks.get(j - 1).map_or(0, |b| b.span.line)
            ),
        ));
        h.role = Role::Headline;
        h.landed_inside = false;
        blocks.insert(j - 1, h);
        i += 1;
    }
    diags
}

/// A title's shape: no clause inside (a body line cut off by OCR's blank lines, `书记告诉
/// 记者，今年全村2300`, has them), ending on a Han character or a closing mark.
fn title_shape(t: &str) -> bool {
    let t = t.trim();
    !crate::chars::has_clause_mark(t)
        && t.chars()
            .next_back()
            .is_some_and(|c| crate::chars::is_han(c) || crate::chars::is_closing(c))
}

/// Distinct pairs of adjacent Han characters of `t`, in order (so that a sum of weights over
/// them comes out the same in every run: a hash set's order changes from one process to the
/// next, and a score summed in another order can fall on the other side of a bar).
fn han_pairs(t: &str) -> std::collections::BTreeSet<(char, char)> {
    let c: Vec<char> = t.chars().filter(|&c| crate::chars::is_han(c)).collect();
    c.windows(2).map(|w| (w[0], w[1])).collect()
}

/// How much a lead must share with a headline group to be its article's opening: pairs of
/// Han characters, each weighing the less the more of the page's articles hold it (two pairs
/// that only the opening and that group hold). On Tesseract's text of the 2019 dev pages and
/// the own pages the right headline groups scored 1.0–9.2, the wrong ones at most 0.9 or
/// tied with the right one (a tie moves nothing).
const SHARED_WEIGHT: f64 = 1.0;
/// Characters of an opening compared with the headline groups.
const OPENING_CHARS: usize = 240;

/// In line-wrapped OCR text an engine may read an article's first column before its
/// headline, which spans the columns: the article's opening (its dateline and first
/// paragraphs) then stands untitled before the headline. An untitled opening with a
/// dateline goes to the front of the titled article after it, without a dateline of its
/// own, whose kicker, headline and subtitle share the most with it (character pairs, each
/// weighing 1 / the number of the page's articles that hold it: a report repeats its
/// headline's words, a page repeats its theme's), at least [`SHARED_WEIGHT`] and twice any
/// other's; with a note.
fn openings_read_before_headlines(
    articles: &mut Vec<Article>,
    cuts: &[Option<usize>],
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let untitled = |a: &Article| {
        a.display_lines().next().is_none() && a.continued_from.is_none() && a.dateline.is_some()
    };
    // Each article's display lines' pairs, and in how many articles (display lines and
    // text) each pair occurs.
    let heads: Vec<std::collections::BTreeSet<(char, char)>> = articles
        .iter()
        .map(|a| han_pairs(&a.display_lines().collect::<String>()))
        .collect();
    let mut df: std::collections::HashMap<(char, char), u32> = std::collections::HashMap::new();
    for a in articles.iter() {
        let all = a
            .display_lines()
            .chain(a.blocks.iter().map(|b| b.text.as_str()))
            .collect::<String>();
        for p in han_pairs(&all) {
            *df.entry(p).or_insert(0) += 1;
        }
    }
    let weight = |p: &(char, char)| 1.0 / f64::from(df.get(p).copied().unwrap_or(1).max(1));
    let mut taken: Vec<bool> = vec![false; articles.len()];
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for i in 0..articles.len() {
        let Some(u) = articles.get(i).filter(|a| untitled(a)) else {
            continue;
        };
        let own = cuts.get(i).copied().flatten().unwrap_or(usize::MAX);
        let opening: String = u
            .blocks
            .iter()
            .take(own)
            .map(|b| b.text.as_str())
            .collect::<String>()
            .chars()
            .take(OPENING_CHARS)
            .collect();
        let pairs = han_pairs(&opening);
        let mut scores: Vec<(f64, usize)> = articles
            .iter()
            .enumerate()
            .skip(i + 1)
            .filter(|(j, t)| {
                t.headline.is_some()
                    && t.dateline.is_none()
                    && !taken.get(*j).copied().unwrap_or(true)
            })
            .map(|(j, _)| {
                let shared: f64 = heads
                    .get(j)
                    .map_or(0.0, |h| h.intersection(&pairs).map(weight).sum());
                (shared, j)
            })
            .collect();
        scores.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        if let Some(&(best, j)) = scores.first()
            && best >= SHARED_WEIGHT
            && scores.get(1).is_none_or(|s| 1.5 * s.0 <= best)
        {
            if let Some(t) = taken.get_mut(j) {
                *t = true;
            }
            moves.push((i, j));
        }
    }
    let gone: std::collections::HashSet<usize> = moves.iter().map(|m| m.0).collect();
    for &(from, to) in moves.iter().rev() {
        let mut lead = std::mem::take(&mut articles[from]);
        // The text after the cut goes on the article before the opening.
        let rest = match cuts.get(from).copied().flatten() {
            Some(k) if k < lead.blocks.len() => lead.blocks.split_off(k),
            _ => Vec::new(),
        };
        if !rest.is_empty() {
            // The article before the opening that stays where it is (openings read one after
            // another all go).
            let before = (0..from).rev().find(|k| !gone.contains(k));
            match before.and_then(|k| articles.get_mut(k)) {
                Some(before) => {
                    let first = rest.first();
                    diags.push(note(
                        PASS,
                        first.map_or(&lead.span, |b| &b.span),
                        &crate::chars::excerpt(first.map_or("", |b| b.text.as_str()), 16),
                        "text that goes on a paragraph left open, read after another article's opening, kept with the article before that opening",
                    ));
                    before.blocks.extend(rest);
                }
                None => lead.blocks.extend(rest),
            }
        }
        if let Some(t) = articles.get_mut(to) {
            diags.push(note(
                PASS,
                &lead.span,
                &crate::chars::excerpt(lead.blocks.first().map_or("", |b| b.text.as_str()), 16),
                &format!(
                    "an article's opening read before its headline (the OCR engine's reading order), put under “{}”, whose words it repeats",
                    t.headline.as_deref().unwrap_or_default()
                ),
            ));
            t.dateline = lead.dateline;
            t.byline = t.byline.take().or(lead.byline);
            let mut blocks = lead.blocks;
            blocks.append(&mut t.blocks);
            t.blocks = blocks;
        }
    }
    let mut k = 0;
    articles.retain(|_| {
        k += 1;
        !gone.contains(&(k - 1))
    });
    diags
}

/// Is the heading `b`, in the header `a` that has a headline and a subtitle and nothing
/// else yet, the third line of a deck (kicker, headline, subtitle), the last before the text?
/// Not when the subtitle is a dashed one (`——访…`: the deck's last line already) or the
/// header has a kicker, byline or dateline; nor for a heading with a column tag (`…（社论）`:
/// a headline's), one the page's geometry set apart or one found inside a paragraph. (The
/// caller checks that no heading follows: a longer run is left as it was read.)
fn deck_of_three(a: &Article, b: &RawBlock) -> bool {
    let dashed = |t: &str| {
        let t = t.trim_start();
        t.starts_with(['—', '－']) || t.starts_with("--") || t.starts_with("一一")
    };
    a.kicker.is_none()
        && a.headline.is_some()
        && a.subtitle.as_deref().is_some_and(|s| !dashed(s))
        && a.byline.is_none()
        && a.dateline.is_none()
        && b.hint.is_none()
        && !b.landed_inside
        && !crate::passes::display::tagged(&b.text)
}

/// The header lines of `a`, for a note.
fn text_of(a: &Article) -> String {
    [&a.kicker, &a.headline, &a.subtitle]
        .iter()
        .filter_map(|t| t.as_deref())
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Share of a sibling subhead's length (Han characters) a lone heading must be within, up
/// or down, to be shaped like it.
const SIBLING_RATIO: usize = 2;

/// Is the headline `b` (the article `a` running, `rest` after it) a lone section head: it
/// is marked as a heading in the source's markup (an OCR engine's geometry, which measured
/// its size, says nothing of the kind), the article has a headline and body text, ends on a
/// paragraph and already holds a subhead of about its length (within [`SIBLING_RATIO`]), and
/// what follows is a paragraph opening no new item (no dateline, jump)? (Looking ahead for
/// the subhead as well cost headlines on the development set's CHECK pages.)
fn lone_section_head(a: &Article, b: &RawBlock, rest: &[RawBlock]) -> bool {
    let n = han_count(&b.text);
    a.headline.is_some()
        && b.heading > 0
        && b.hint.is_none()
        && !b.landed_inside
        && a.blocks
            .last()
            .is_some_and(|x| x.kind == BlockKind::Paragraph)
        && a.blocks.iter().any(|x| {
            let m = han_count(&x.text);
            x.kind == BlockKind::Subhead && n <= m * SIBLING_RATIO && m <= n * SIBLING_RATIO
        })
        && rest.first().is_some_and(|x| {
            x.role == Role::Paragraph && x.dateline.is_none() && x.jump_from.is_none()
        })
}

fn place(
    p: &mut Page,
    b: &RawBlock,
    rest: &[RawBlock],
    masthead: &str,
    page_name: Option<&str>,
    furniture: &mut Vec<Block>,
    diags: &mut Vec<Diagnostic>,
) {
    let next = rest.first();
    let text = b.text.clone();
    match b.role {
        Role::Headline => {
            // A headline set beside this one (the page's geometry says so) is another
            // article's: two headlines side by side, their text on the next page.
            let beside = !b.landed_inside && side_by_side(p.head_box, b.group_box);
            // A heading found between the halves of a paragraph names the article it
            // landed in, if untitled; any other names an article nothing of whose body has
            // come yet.
            if let Some(a) = p.named_by(b.landed_inside).filter(|a| a.headline.is_none()) {
                a.headline = Some(text);
                p.head_box = b.group_box;
            } else if let Some(a) = p
                .cur
                .as_mut()
                .filter(|a| !p.closed && !beside && lone_section_head(a, b, rest))
            {
                // A lone heading inside a running article, shaped like the subheads already
                // read in it, and no new item after it: the article's next section.
                diags.push(note(
                    PASS,
                    &b.span,
                    &crate::chars::excerpt(&text, 16),
                    "a lone heading inside an article, shaped like its subheads and followed by no new item: read as a subhead",
                ));
                a.blocks.push(block(BlockKind::Subhead, b));
            } else if let Some(a) = p
                .open_head()
                .filter(|a| a.subtitle.is_none() && a.byline.is_none() && a.dateline.is_none())
                .filter(|_| !beside && next.is_none_or(|n| n.role != Role::Subtitle))
            {
                // Two headings in a row before any text (a header that landed whole too):
                // the second is the subtitle — unless a subtitle of its own follows it (a
                // header the join left right after another, whose text went up with the
                // paragraph it continues): then it heads an article of its own. After a
                // first line that leads into it (`奋进新时代——`, `…时强调`), the second is
                // the headline and the first its kicker.
                if a.kicker.is_none()
                    && a.headline
                        .as_deref()
                        .is_some_and(crate::passes::display::ends_kicker)
                {
                    a.kicker = a.headline.replace(text);
                } else {
                    a.subtitle = Some(text);
                }
            } else if let Some(a) = p
                .open_head()
                .filter(|a| deck_of_three(a, b) && !beside && next.is_none_or(|n| !n.is_heading()))
            {
                // A third heading before any text, after a headline and a subtitle that is no
                // dashed subtitle: a deck of three (引题, 主题, 副题), the middle line the
                // headline — not an article of its own under an empty one.
                a.kicker = a.headline.take();
                a.headline = a.subtitle.take();
                a.subtitle = Some(text);
                diags.push(note(
                    PASS,
                    &b.span,
                    &crate::chars::excerpt(&text_of(a), 24),
                    "three headings before any text read as kicker, headline and subtitle",
                ));
            } else {
                p.start(&b.span).headline = Some(text);
                p.head_box = b.group_box;
            }
        }
        // Like a headline, a kicker found between the halves of a paragraph names the
        // article it landed in, if untitled.
        Role::Kicker => match p
            .named_by(b.landed_inside)
            .filter(|a| a.kicker.is_none() && (!b.landed_inside || a.headline.is_none()))
        {
            Some(a) => a.kicker = Some(text),
            None => p.start(&b.span).kicker = Some(text),
        },
        Role::Subtitle => match p.open_head().filter(|a| a.subtitle.is_none()) {
            Some(a) => a.subtitle = Some(text),
            None => p.cur(&b.span).blocks.push(block(BlockKind::Paragraph, b)),
        },
        Role::Byline => {
            let clean = text
                .trim_start_matches(|c: char| is_mark(c) || c.is_whitespace())
                .to_string();
            let free = p.closed || p.cur.as_ref().is_none_or(|a| a.byline.is_none());
            if free {
                p.cur(&b.span).byline = Some(clean);
            } else {
                p.cur(&b.span).blocks.push(block(BlockKind::Paragraph, b));
            }
        }
        Role::Jump | Role::Paragraph | Role::Note | Role::Caption => {
            // The same agency, place and date again is another dispatch of the report, and
            // so is an archive's bracketed dispatch (【新华社清河十七日电】): archives run
            // several under one headline deck. Neither opens a new item.
            let same_dispatch = b.dateline.as_deref().is_some_and(|d| {
                d.trim_start().starts_with(['【', '〔', '［'])
                    || p.cur
                        .as_ref()
                        .and_then(|a| a.dateline.as_deref())
                        .is_some_and(|ad| squeeze(ad) == squeeze(d))
            });
            let new_item = (b.dateline.is_some() && !same_dispatch) || b.jump_from.is_some();
            if !new_item {
                p.cut(b);
            }
            let open = p.lead_open() || (b.dateline.is_some() && p.after_lead());
            let a = if !open && new_item && p.cur.is_some() {
                p.start(&b.span)
            } else {
                p.cur(&b.span)
            };
            let kind = match b.role {
                Role::Note => BlockKind::Note,
                Role::Caption => BlockKind::Caption,
                _ => BlockKind::Paragraph,
            };
            // The article's dateline is run into its first paragraph by the exporters: a
            // dateline that cannot open the lead paragraph stays in its own block's text.
            let mut kept = block(kind, b);
            if let Some(d) = &b.dateline {
                let lead = a.dateline.is_none()
                    && kind == BlockKind::Paragraph
                    && !a.blocks.iter().any(|x| x.kind == BlockKind::Paragraph);
                if lead {
                    a.dateline = Some(d.clone());
                } else {
                    kept.text = format!("{d}{}", kept.text);
                }
            }
            if let Some(n) = b.jump_from {
                a.continued_from.get_or_insert(n);
            }
            if !kept.text.trim().is_empty() {
                a.blocks.push(kept);
            }
            if let Some(n) = b.jump_to {
                a.continues_to = Some(n);
                p.closed = true;
            }
        }
        Role::Subhead => match p.cur.as_mut() {
            // A heading found between the halves of a paragraph of an untitled article names it.
            Some(a) if b.landed_inside && a.headline.is_none() && !p.closed => {
                a.headline = Some(text)
            }
            // A subhead's shape (`新春走基层：清河老街年味浓`) over a report's dateline: no
            // section of an article opens with a dateline; it heads the report.
            _ if !b.landed_inside
                && next.is_some_and(|n| n.role == Role::Paragraph && n.dateline.is_some()) =>
            {
                p.start(&b.span).headline = Some(text);
                p.head_box = b.group_box;
            }
            _ => p.cur(&b.span).blocks.push(block(BlockKind::Subhead, b)),
        },
        Role::Image => p.cur(&b.span).blocks.push(block(BlockKind::Image, b)),
        Role::Credit => {
            let a = p.cur(&b.span);
            let n = a.blocks.len();
            let caption_slot = match a.blocks.as_slice() {
                [.., prev] if prev.kind == BlockKind::Paragraph && n == 1 => Some(n - 1),
                [.., img, prev]
                    if prev.kind == BlockKind::Paragraph && img.kind == BlockKind::Image =>
                {
                    Some(n - 1)
                }
                _ => None,
            };
            let first_paragraph = a.blocks.iter().position(|x| x.kind == BlockKind::Paragraph);
            if let Some(i) = caption_slot {
                // The lead paragraph turned out to be a caption: its dateline goes with it.
                let dateline = if first_paragraph == Some(i) {
                    a.dateline.take()
                } else {
                    None
                };
                if let Some(c) = a.blocks.get_mut(i) {
                    c.kind = BlockKind::Caption;
                    if let Some(d) = dateline {
                        c.text = format!("{d}{}", c.text);
                    }
                }
            }
            a.blocks.push(block(BlockKind::Credit, b));
        }
        Role::Furniture => {
            if covered_by_metadata(&text, masthead, page_name) {
                diags.push(note(PASS, &b.span, &text, "page furniture left out: the edition's masthead, date and page number carry it"));
            } else if let Some(section) = running_head_section(&text, masthead, page_name) {
                diags.push(note(
                    PASS,
                    &b.span,
                    &text,
                    &format!("page furniture left out: a running head, the edition's masthead and date and the section “{section}”"),
                ));
            } else if b.contents || is_contents(&text) {
                diags.push(note(
                    PASS,
                    &b.span,
                    &text,
                    "page furniture left out: a printed table of contents, which the book's own replaces",
                ));
            } else if is_empty_label(&text) {
                diags.push(note(
                    PASS,
                    &b.span,
                    &text,
                    "page furniture left out: a field label with nothing after it",
                ));
            } else {
                diags.push(note(
                    PASS,
                    &b.span,
                    &text,
                    "page furniture kept as a credit line at the end of the page",
                ));
                furniture.push(block(BlockKind::Credit, b));
            }
        }
        Role::Unclassified => p.cur(&b.span).blocks.push(block(BlockKind::Paragraph, b)),
    }
}

/// Are all Han characters of a furniture line found in what the exporters print anyway
/// (masthead, page name, the words of a date and a page number)?
fn covered_by_metadata(text: &str, masthead: &str, page_name: Option<&str>) -> bool {
    beyond_metadata(text, masthead, page_name).is_empty()
}

/// The Han characters of `text` that are none of what the exporters print anyway (see
/// [`covered_by_metadata`]), in order.
fn beyond_metadata(text: &str, masthead: &str, page_name: Option<&str>) -> String {
    let known: String = format!(
        "{masthead}{}第版年月日星期周一二三四五六七八九十〇零",
        page_name.unwrap_or_default()
    );
    text.chars()
        .filter(|&c| crate::chars::is_han(c) && !known.contains(c))
        .collect()
}

/// A running head naming its section besides what the metadata carries
/// (`清河日报 2026年3月18日 星期三 目录`): the masthead, a date, and no more than
/// [`SECTION_HAN`] other Han characters, which are returned.
fn running_head_section(text: &str, masthead: &str, page_name: Option<&str>) -> Option<String> {
    let other = beyond_metadata(text, masthead, page_name);
    let dated = ['年', '月', '日'].iter().all(|c| text.contains(*c));
    (!masthead.is_empty()
        && text.contains(masthead)
        && dated
        && (1..=SECTION_HAN).contains(&other.chars().count()))
    .then_some(other)
}

/// The most Han characters a running head's section name has (`目录`, `要闻`, `国际新闻`).
const SECTION_HAN: usize = 4;

/// With `segment` off: each headline starts an article; every other block stays a body
/// block in source order (datelines and jump markers put back into the text).
pub fn flat(pages: Vec<RawPage>) -> (Vec<Section>, Vec<Diagnostic>) {
    let mut sections = Vec::new();
    for page in pages {
        let mut articles: Vec<Article> = Vec::new();
        for b in page.blocks {
            if b.role == Role::Headline {
                articles.push(Article {
                    headline: Some(b.text.clone()),
                    span: b.span.clone(),
                    ..Default::default()
                });
                continue;
            }
            if articles.is_empty() {
                articles.push(Article {
                    span: b.span.clone(),
                    ..Default::default()
                });
            }
            let kind = match b.role {
                Role::Subhead => BlockKind::Subhead,
                Role::Image => BlockKind::Image,
                Role::Caption => BlockKind::Caption,
                Role::Credit => BlockKind::Credit,
                Role::Note => BlockKind::Note,
                _ => BlockKind::Paragraph,
            };
            let mut text = String::new();
            if let Some(d) = &b.dateline {
                text.push_str(d);
            }
            text.push_str(&b.text);
            if let Some(j) = &b.jump_text {
                text = format!("{j} {text}");
            }
            if (!text.trim().is_empty() || kind == BlockKind::Image)
                && let Some(a) = articles.last_mut()
            {
                a.blocks.push(Block {
                    kind,
                    text,
                    src: b.src.clone(),
                    span: b.span.clone(),
                });
            }
        }
        sections.push(Section {
            number: page.number,
            name: page.name,
            articles,
        });
    }
    (sections, Vec::new())
}

/// Are the display groups boxed `a` and `b` set side by side: overlapping in height by half
/// the lower one at least, apart in width?
fn side_by_side(a: Option<BBox>, b: Option<BBox>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let overlap = a.y1.min(b.y1) - a.y0.max(b.y0);
    overlap >= 0.5 * a.h().min(b.h()) && (b.x0 >= a.x1 || a.x0 >= b.x1)
}

/// `text` without spaces.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(head: Option<&str>, dateline: Option<&str>, texts: &[&str]) -> Article {
        Article {
            headline: head.map(str::to_string),
            dateline: dateline.map(str::to_string),
            blocks: texts
                .iter()
                .map(|t| Block {
                    kind: BlockKind::Paragraph,
                    text: (*t).to_string(),
                    src: None,
                    span: Span::new("p", 1),
                })
                .collect(),
            ..Article::default()
        }
    }

    #[test]
    fn an_opening_read_before_its_headline_goes_under_the_headline_whose_words_it_repeats() {
        let mut a = vec![
            article(
                None,
                Some("本报清河3月18日电"),
                &["清河新区十五分钟生活圈建设进展顺利，新增社区服务设施四十二处。"],
            ),
            article(
                Some("老街改造第一期完工"),
                None,
                &["历时八个月，街面恢复为石板路。"],
            ),
            article(
                Some("清河新区打造十五分钟生活圈"),
                None,
                &["半年来，日均接待居民一千八百多人次。"],
            ),
        ];
        let d = openings_read_before_headlines(&mut a, &[]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].dateline.as_deref(), Some("本报清河3月18日电"));
        assert!(a[1].blocks[0].text.starts_with("清河新区十五分钟"));
        // Words the page's other articles share too decide nothing: it stays untitled.
        let mut b = vec![
            article(
                None,
                Some("本报清河3月18日电"),
                &["清河新区今年的工作进展顺利。"],
            ),
            article(Some("清河新区老街完工"), None, &["清河新区的老街。"]),
            article(Some("清河新区新桥通车"), None, &["清河新区的新桥。"]),
        ];
        assert!(openings_read_before_headlines(&mut b, &[]).is_empty());
        assert_eq!(b.len(), 3);
    }

    fn rb(role: Role, t: &str, l: u32) -> RawBlock {
        let mut b = RawBlock::new(t, Span::new("p", l));
        b.role = role;
        b
    }

    /// Each article's kicker, headline and subtitle.
    fn headers(a: &[Article]) -> Vec<[Option<&str>; 3]> {
        a.iter()
            .map(|a| {
                [
                    a.kicker.as_deref(),
                    a.headline.as_deref(),
                    a.subtitle.as_deref(),
                ]
            })
            .collect()
    }

    fn seg(blocks: Vec<RawBlock>) -> Vec<Article> {
        let pages = vec![RawPage {
            number: 2,
            name: None,
            file: "p".into(),
            plain: false,
            geometry: false,
            blocks,
            fixes: Vec::new(),
        }];
        segment(pages, "清河日报").0.remove(0).articles
    }

    #[test]
    fn text_read_after_an_opening_stays_with_the_article_it_goes_on() {
        // Tesseract left the lead's column at `开业`, read another report's opening (its
        // dateline, before its headline), then went back: `半年来…` runs to the column's
        // edge (a paragraph's middle) after that opening's finished paragraph.
        let para = |t: &str, l: u32, open: bool, dateline: Option<&str>| {
            let mut b = rb(Role::Paragraph, t, l);
            b.wrap_start = Some(open);
            b.dateline = dateline.map(str::to_string);
            b
        };
        let pages = vec![RawPage {
            plain: true,
            ..RawPage::of_blocks(vec![
                rb(Role::Headline, "清河新区打造十五分钟生活圈", 1),
                para(
                    "走出家门步行一刻钟，就能买菜。在梧桐社区，邻里中心开业",
                    2,
                    false,
                    Some("本报讯（记者 何静）"),
                ),
                para(
                    "由清河剧团新排的越剧《渡口》日前首演，唱腔婉转。",
                    3,
                    false,
                    Some("本报讯"),
                ),
                para("半年来，日均接待居民一千八百多人次。", 4, true, None),
                rb(Role::Kicker, "文化", 5),
                rb(Role::Headline, "清河剧团新排越剧上演", 6),
                para("剧团团长介绍，全剧历时一年半。", 7, false, None),
            ])
        }];
        let (sections, d) = segment(pages, "清河日报");
        let a = &sections[0].articles;
        assert_eq!(a.len(), 2, "{a:#?}");
        let texts = |k: usize| -> Vec<&str> { a[k].blocks.iter().map(|b| &b.text[..9]).collect() };
        assert_eq!(texts(0), ["走出家", "半年来"]);
        assert_eq!(a[1].headline.as_deref(), Some("清河剧团新排越剧上演"));
        assert_eq!(a[1].dateline.as_deref(), Some("本报讯"));
        assert_eq!(texts(1), ["由清河", "剧团团"]);
        assert!(
            d.iter()
                .any(|x| x.message.contains("kept with the article before")),
            "{d:?}"
        );
    }

    #[test]
    fn a_lone_marked_heading_shaped_like_the_articles_subheads_is_a_subhead() {
        // `## 挑战也能变机遇` inside a commentary whose first section head was read as a
        // subhead: a section, not a new article. A marked heading followed by a dateline
        // opens a new article, however it is shaped.
        let marked = |t: &str, l: u32| {
            let mut b = rb(Role::Headline, t, l);
            b.heading = 2;
            b
        };
        let mut dated = rb(Role::Paragraph, "新桥连起两岸。", 8);
        dated.dateline = Some("本报清河3月18日电".into());
        let a = seg(vec![
            marked("改革开放迎来新机遇", 1),
            rb(Role::Paragraph, "回首来时路，改革开放让经济长河奔腾。", 2),
            rb(Role::Subhead, "抓住机遇靠实干", 3),
            rb(Role::Paragraph, "机遇稍纵即逝，抓住了是良机。", 4),
            marked("挑战也能变机遇", 5),
            rb(Role::Paragraph, "看待风险挑战，需要历史视野。", 6),
            marked("清河新桥今天通车", 7),
            dated,
        ]);
        let heads: Vec<Option<&str>> = a.iter().map(|a| a.headline.as_deref()).collect();
        assert_eq!(
            heads,
            [Some("改革开放迎来新机遇"), Some("清河新桥今天通车")]
        );
        let subheads: Vec<&str> = a[0]
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Subhead)
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(subheads, ["抓住机遇靠实干", "挑战也能变机遇"]);
    }

    #[test]
    fn three_headings_before_the_text_are_kicker_headline_and_subtitle() {
        // `## 引题` / `## 主题` / `## 副题` before the report: one article, the middle line
        // its headline; not an empty article over a headless one.
        let mut lead = rb(Role::Paragraph, "清河镇的麦田里，无人机正在作业。", 4);
        lead.dateline = Some("本报讯".into());
        let a = seg(vec![
            rb(Role::Headline, "清河新区各地春耕生产忙", 1),
            rb(Role::Headline, "无人机植保覆盖全镇", 2),
            rb(Role::Headline, "全镇小麦统一植保每亩节省三十五元", 3),
            lead.clone(),
        ]);
        assert_eq!(
            headers(&a),
            [[
                Some("清河新区各地春耕生产忙"),
                Some("无人机植保覆盖全镇"),
                Some("全镇小麦统一植保每亩节省三十五元")
            ]]
        );
        // After a dashed subtitle, or with a column tag, the third line heads an article.
        for (second, third) in [
            ("——访清河镇党委书记", "全镇小麦统一植保每亩节省三十五元"),
            ("无人机植保覆盖全镇", "春耕正当时（社论）"),
        ] {
            let a = seg(vec![
                rb(Role::Headline, "清河新区各地春耕生产忙", 1),
                rb(Role::Headline, second, 2),
                rb(Role::Headline, third, 3),
                lead.clone(),
            ]);
            assert_eq!(a.len(), 2, "{second} / {third}");
            assert_eq!(a[1].headline.as_deref(), Some(third));
        }
    }

    #[test]
    fn a_kicker_leading_into_the_headline_and_a_subhead_over_a_dateline() {
        // `奋进新时代——` leads into the headline under it; a subhead's shape over a report's
        // dateline heads that report (no section opens with a dateline).
        let dated = |t: &str, l: u32| {
            let mut b = rb(Role::Paragraph, t, l);
            b.dateline = Some("本报讯".into());
            b
        };
        let a = seg(vec![
            rb(Role::Headline, "老街完成第一期改造", 1),
            rb(Role::Paragraph, "历时八个月，老街改造工程日前完工。", 2),
            rb(Role::Subhead, "新春走基层：清河老街年味浓", 3),
            dated("腊月二十八，清河老街张灯结彩。", 4),
            rb(Role::Headline, "奋进新时代——", 5),
            rb(Role::Headline, "清河新桥今天通车", 6),
            dated("清河新桥今天正式通车。", 7),
        ]);
        assert_eq!(
            headers(&a),
            [
                [None, Some("老街完成第一期改造"), None],
                [None, Some("新春走基层：清河老街年味浓"), None],
                [Some("奋进新时代——"), Some("清河新桥今天通车"), None],
            ]
        );
    }

    #[test]
    fn display_lines_in_any_order() {
        let mut lead = rb(Role::Paragraph, "新桥通车。", 4);
        lead.dateline = Some("本报讯（记者 刘辉）".into());
        let a = seg(vec![
            rb(Role::Headline, "清河新桥通车", 1),
            rb(Role::Byline, "□本报记者 刘辉", 2),
            rb(Role::Kicker, "奋斗新时代 建功新征程", 3),
            lead,
            rb(Role::Paragraph, "第二段。", 5),
        ]);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].headline.as_deref(), Some("清河新桥通车"));
        assert_eq!(a[0].kicker.as_deref(), Some("奋斗新时代 建功新征程"));
        assert_eq!(a[0].byline.as_deref(), Some("本报记者 刘辉"));
        assert_eq!(a[0].dateline.as_deref(), Some("本报讯（记者 刘辉）"));
        assert_eq!(a[0].blocks.len(), 2);
    }

    #[test]
    fn a_headline_with_a_subtitle_of_its_own_is_no_subtitle() {
        // The join took the text of the first header's article up to where its first piece
        // stood: the next header, headline and subtitle, now follows the first one with no
        // text between. Its headline opens an article of its own, with its subtitle.
        let a = seg(vec![
            rb(Role::Paragraph, "新华社清河3月18日电 新桥今天通车。", 1),
            rb(Role::Kicker, "市长在新桥通车仪式上强调", 3),
            rb(Role::Headline, "让新桥连起两岸的日子", 4),
            rb(Role::Headline, "对标硬任务 做好民生工作（高端访谈）", 6),
            rb(Role::Subtitle, "——访清河市市长", 7),
            rb(Role::Paragraph, "民生无小事。", 8),
        ]);
        let heads: Vec<(Option<&str>, Option<&str>)> = a
            .iter()
            .map(|a| (a.headline.as_deref(), a.subtitle.as_deref()))
            .collect();
        assert!(
            heads.contains(&(
                Some("对标硬任务 做好民生工作（高端访谈）"),
                Some("——访清河市市长")
            )),
            "{heads:?}"
        );
        // A kicker found between a paragraph's halves names the untitled article it
        // landed in, as a headline does.
        let mut k = rb(Role::Kicker, "市长在新桥通车仪式上强调", 3);
        k.landed_inside = true;
        let mut h = rb(Role::Headline, "让新桥连起两岸的日子", 4);
        h.landed_inside = true;
        let a = seg(vec![
            rb(Role::Paragraph, "新华社清河3月18日电 新桥今天通车。", 1),
            k,
            h,
        ]);
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].kicker.as_deref(), Some("市长在新桥通车仪式上强调"));
    }

    #[test]
    fn a_header_that_landed_inside_a_paragraph_keeps_its_subtitle() {
        // `join` placed the next article's header (headline, then a second heading) after
        // the paragraph its lines had landed inside: one article, titled and subtitled.
        let landed = |t: &str, l: u32| {
            let mut h = rb(Role::Headline, t, l);
            h.landed_inside = true;
            h
        };
        let a = seg(vec![
            rb(Role::Headline, "清河新桥今日正式通车", 1),
            rb(Role::Paragraph, "新桥通车后，老桥将封闭维修。", 2),
            landed("老城改造工程今天启动", 4),
            landed("（清河新区建设局发布）", 5),
            rb(Role::Paragraph, "改造范围包括三条老街。", 6),
        ]);
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[1].headline.as_deref(), Some("老城改造工程今天启动"));
        assert_eq!(a[1].subtitle.as_deref(), Some("（清河新区建设局发布）"));
        assert_eq!(a[1].blocks.len(), 1);
    }

    #[test]
    fn a_heading_read_inside_another_article_heads_the_text_that_takes_up_its_words() {
        // OCR read a headline in the middle of a titled article's column: its words are
        // none of that article's, which goes on for two paragraphs without them, and a
        // later paragraph takes them up (twice): there the new article starts. A landed
        // heading whose words its article uses stays where it is.
        let landed = |t: &str, l: u32| {
            let mut h = rb(Role::Subhead, t, l);
            h.landed_inside = true;
            h
        };
        let page = |heading: &str| {
            seg(vec![
                rb(Role::Headline, "清河新桥今日正式通车", 1),
                rb(Role::Paragraph, "新桥通车后，两岸的公交线路", 2),
                landed(heading, 3),
                rb(Role::Paragraph, "将增加到七条，老桥将封闭维修。", 4),
                rb(Role::Paragraph, "新桥全长一点二公里。", 5),
                rb(
                    Role::Paragraph,
                    "老街的书法展今天开幕，展出书法作品两百件。",
                    6,
                ),
                rb(Role::Paragraph, "书法爱好者从各地赶来。", 7),
            ])
        };
        let a = page("老街书法展开幕");
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[0].blocks.len(), 3);
        assert_eq!(a[1].headline.as_deref(), Some("老街书法展开幕"));
        assert_eq!(a[1].blocks.len(), 2);
        let a = page("新桥通车以后");
        assert_eq!(a.len(), 1, "{a:?}");
        // A body line cut off by OCR's blank lines (a clause inside) is no title.
        let a = page("记者从老街获悉，书法展");
        assert_eq!(a.len(), 1, "{a:?}");
        // Right before the text that takes its words up, where the page never used them: a
        // header that landed inside the last paragraph of the article before.
        let a = seg(vec![
            rb(Role::Headline, "清河新桥今日正式通车", 1),
            rb(
                Role::Paragraph,
                "新桥通车后，两岸的公交线路将增加到七条。",
                2,
            ),
            landed("老街书法展开幕", 3),
            rb(
                Role::Paragraph,
                "老街的书法展今天开幕，展出书法作品两百件。",
                4,
            ),
        ]);
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[1].headline.as_deref(), Some("老街书法展开幕"));
    }

    #[test]
    fn headlines_set_side_by_side_are_two_articles() {
        // The page's geometry boxed each display group: two headlines on one row, their
        // text on the next page, are two articles; a smaller line under a headline is its
        // subtitle, and without boxes the second of two headings stays the subtitle.
        let pair = |second: &str, b: [f64; 4]| {
            let group = |t: &str, l: u32, [x0, y0, x1, y1]: [f64; 4]| {
                let mut h = rb(Role::Headline, t, l);
                h.hint = Some(Role::Headline);
                h.group_box = Some(BBox { x0, y0, x1, y1 });
                h
            };
            seg(vec![
                group("清河新桥今日正式通车", 1, [100.0, 900.0, 800.0, 980.0]),
                group(second, 2, b),
            ])
        };
        let a = pair("老城改造工程今天启动", [900.0, 905.0, 1600.0, 985.0]);
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[1].headline.as_deref(), Some("老城改造工程今天启动"));
        let a = pair(
            "两岸往来从半小时缩短到五分钟",
            [150.0, 1000.0, 750.0, 1040.0],
        );
        assert_eq!(a.len(), 1);
        assert_eq!(
            a[0].subtitle.as_deref(),
            Some("两岸往来从半小时缩短到五分钟")
        );
        let a = seg(vec![
            rb(Role::Headline, "清河新桥今日正式通车", 1),
            rb(Role::Headline, "老城改造工程今天启动", 2),
        ]);
        assert_eq!(a.len(), 1);
    }

    #[test]
    fn jumps_and_datelines_start_items() {
        let mut cont = rb(Role::Paragraph, "接着写的正文。", 3);
        cont.jump_from = Some(1);
        let mut tail = rb(Role::Paragraph, "后面的内容", 7);
        tail.jump_to = Some(3);
        let mut h = rb(Role::Headline, "第二篇", 5);
        h.landed_inside = true;
        let a = seg(vec![
            rb(Role::Headline, "第一篇", 1),
            rb(Role::Paragraph, "第一篇正文。", 2),
            cont,
            h,
            tail,
            rb(Role::Paragraph, "另一则。", 9),
        ]);
        assert_eq!(a.len(), 3);
        assert_eq!(a[1].headline.as_deref(), Some("第二篇"));
        assert_eq!(a[1].continued_from, Some(1));
        assert_eq!(a[1].continues_to, Some(3));
        assert_eq!(a[2].headline, None);
    }

    #[test]
    fn photo_item() {
        let a = seg(vec![
            rb(Role::Headline, "春到清河", 1),
            rb(Role::Paragraph, "3月17日，市民在河边赏花。", 2),
            rb(Role::Credit, "本报记者 刘 辉摄", 3),
        ]);
        let kinds: Vec<BlockKind> = a[0].blocks.iter().map(|b| b.kind).collect();
        assert_eq!(kinds, vec![BlockKind::Caption, BlockKind::Credit]);
    }

    #[test]
    fn furniture() {
        let pages = vec![RawPage {
            number: 2,
            name: Some("城事".into()),
            file: "p".into(),
            plain: false,
            geometry: false,
            blocks: vec![
                rb(
                    Role::Furniture,
                    "清河日报 2026年3月18日 星期三 第2版 城事",
                    1,
                ),
                rb(Role::Headline, "新闻", 2),
                rb(Role::Paragraph, "正文。", 3),
                rb(Role::Furniture, "责任编辑：李青", 4),
            ],
            fixes: Vec::new(),
        }];
        let (s, d) = segment(pages, "清河日报");
        let a = &s[0].articles;
        assert_eq!(a.len(), 1);
        assert_eq!(
            a[0].blocks.last().map(|b| b.text.as_str()),
            Some("责任编辑：李青")
        );
        assert_eq!(d.len(), 2);
    }
}
