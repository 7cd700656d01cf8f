//! The editor's overrides: `[[fix]]` tables of `edition.toml` (or `NAME.fixes.toml` beside a
//! bare page file) that correct a decision of the passes without editing the source.
//!
//! Stage: around `classify` and `join`. Input: the [`Fix`]es the manifest reader stored on
//! each [`RawPage`]. Output: the blocks changed as asked, a note for every override applied,
//! and an error naming the fix's own toml line for an override that matches nothing.
//!
//! - `as = "headline"` (after `classify`): the block starting at `line` is read as that role
//!   ([`apply_roles`]). A dateline split off it goes back into its text when it stops being
//!   a paragraph, so no character is lost.
//! - `join = true | false` (around `join`): the break after the block starting at `line` (the
//!   first half) is joined, or kept. [`prepare_joins`] checks that a body block follows
//!   (directly, or after one heading that landed between the halves) and records it;
//!   `join` asks [`join_override`] at its decision point; [`confirm_joins`] reports what
//!   happened.

use crate::chars::excerpt;
use crate::passes::{note, warn};
use crate::raw::{RawBlock, RawPage, Role};
use paiban_model::{Diagnostic, Severity, Span};

const PASS: &str = "fix";

/// One override, as read from a `[[fix]]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// Where the fix itself is written: the toml file and the line of its `line` key.
    pub at: Span,
    /// The source line the fix is about (the block starting there).
    pub line: u32,
    /// `join = true / false`: join, or keep, the break after that block.
    pub join: Option<bool>,
    /// `as = "…"`: the role the block is read as.
    pub role: Option<Role>,
    /// For `join`: the source line of the block after the break, once checked.
    pub next_line: Option<u32>,
}

impl Fix {
    /// A fix at `at` about source line `line` that does nothing yet.
    pub fn new(at: Span, line: u32) -> Self {
        Fix {
            at,
            line,
            join: None,
            role: None,
            next_line: None,
        }
    }
}

/// The role an `as = "…"` value names.
pub const ROLE_NAMES: &[(&str, Role)] = &[
    ("headline", Role::Headline),
    ("kicker", Role::Kicker),
    ("subtitle", Role::Subtitle),
    ("subhead", Role::Subhead),
    ("byline", Role::Byline),
    ("paragraph", Role::Paragraph),
    ("caption", Role::Caption),
    ("credit", Role::Credit),
    ("note", Role::Note),
    ("furniture", Role::Furniture),
];

/// The role named `name` (`"headline"`, …), if any.
pub fn role_named(name: &str) -> Option<Role> {
    ROLE_NAMES.iter().find(|(n, _)| *n == name).map(|&(_, r)| r)
}

fn role_name(role: Role) -> &'static str {
    ROLE_NAMES.iter().find(|&&(_, r)| r == role).map_or(
        match role {
            Role::Image => "photo",
            Role::Jump => "jump line",
            _ => "unclassified",
        },
        |&(n, _)| n,
    )
}

fn error(fix: &Fix, file: &str, message: String) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        PASS,
        fix.at.clone(),
        "",
        format!("[[fix]] for line {} of {file}: {message}", fix.line),
    )
}

/// Apply every `as = "…"` override (run right after `classify`).
pub fn apply_roles(pages: &mut [RawPage]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for page in pages.iter_mut() {
        for fix in page.fixes.iter().filter(|f| f.role.is_some()) {
            let Some(role) = fix.role else { continue };
            let mut found = false;
            for b in page.blocks.iter_mut().filter(|b| b.span.line == fix.line) {
                found = true;
                if b.role == Role::Image {
                    diags.push(error(fix, &page.file, "the block there is a photo".into()));
                    continue;
                }
                let was = b.role;
                if role != Role::Paragraph
                    && let Some(d) = b.dateline.take()
                {
                    b.text.insert_str(0, &d);
                }
                b.role = role;
                diags.push(note(
                    PASS,
                    &b.span,
                    &excerpt(&b.text, 20),
                    &format!(
                        "read as {} (was {}), as the editor's override at {} asks",
                        role_name(role),
                        role_name(was),
                        fix.at
                    ),
                ));
            }
            if !found {
                diags.push(error(
                    fix,
                    &page.file,
                    "no block starts at that line".into(),
                ));
            }
        }
    }
    diags
}

/// Is `b` a heading that may stand between the two halves of a broken paragraph?
fn between(b: &RawBlock) -> bool {
    matches!(b.role, Role::Headline | Role::Kicker | Role::Subhead) && !b.landed_inside
}

/// Check every `join` override before `join` runs: the block at its line exists and a body
/// block follows it (directly or after one heading). Records that block's line on the fix;
/// for `join = true` puts a dateline split off that block back into its text (the editor
/// says it continues the sentence). Errors for the fixes that match nothing.
pub fn prepare_joins(pages: &mut [RawPage]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for page in pages.iter_mut() {
        let RawPage {
            fixes,
            blocks,
            file,
            ..
        } = page;
        for fix in fixes.iter_mut() {
            let Some(join) = fix.join else { continue };
            fix.next_line = None;
            let Some(i) = blocks.iter().position(|b| b.span.line == fix.line) else {
                diags.push(error(fix, file, "no block starts at that line".into()));
                continue;
            };
            let first_ok = blocks
                .get(i)
                .is_some_and(|b| b.is_body_text() && b.jump_to.is_none());
            if join && !first_ok {
                let what = blocks.get(i).map_or("unclassified", |b| role_name(b.role));
                diags.push(error(
                    fix,
                    file,
                    format!("the block there is a {what}, not body text that could be joined"),
                ));
                continue;
            }
            let j = if blocks.get(i + 1).is_some_and(between) {
                i + 2
            } else {
                i + 1
            };
            let Some(next) = blocks
                .get_mut(j)
                .filter(|b| b.is_body_text() && b.jump_from.is_none())
            else {
                diags.push(error(
                    fix,
                    file,
                    "no body block follows it (directly or after one heading)".into(),
                ));
                continue;
            };
            if join && let Some(d) = next.dateline.take() {
                next.text.insert_str(0, &d);
            }
            fix.next_line = Some(next.span.line);
        }
    }
    diags
}

/// The editor's verdict on the break between the block starting at `first_half_line` and
/// the one starting at `second_half_line`: `Some(true)` join, `Some(false)` keep, `None` no
/// override (the pass decides). Only fixes that [`prepare_joins`] accepted count.
pub fn join_override(fixes: &[Fix], first_half_line: u32, second_half_line: u32) -> Option<bool> {
    fixes.iter().find_map(|f| match (f.join, f.next_line) {
        (Some(false), Some(_)) if f.line == first_half_line => Some(false),
        (Some(true), Some(n)) if f.line == first_half_line && n == second_half_line => Some(true),
        _ => None,
    })
}

/// After `join`: a note for each `join` override applied, a warning for one that was not.
pub fn confirm_joins(pages: &[RawPage]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for page in pages {
        for fix in &page.fixes {
            let (Some(join), Some(next)) = (fix.join, fix.next_line) else {
                continue;
            };
            let span = Span::new(page.file.as_str(), fix.line);
            let apart = page.blocks.iter().any(|b| b.span.line == next);
            diags.push(match (join, apart) {
                (true, false) => note(
                    PASS,
                    &span,
                    "",
                    &format!(
                        "joined with line {next}, as the editor's override at {} asks",
                        fix.at
                    ),
                ),
                (false, true) => note(
                    PASS,
                    &span,
                    "",
                    &format!(
                        "break before line {next} kept, as the editor's override at {} asks",
                        fix.at
                    ),
                ),
                (true, true) => warn(
                    PASS,
                    &span,
                    "",
                    &format!(
                        "the editor's override at {} could not join this block with line {next}",
                        fix.at
                    ),
                ),
                (false, false) => warn(
                    PASS,
                    &span,
                    "",
                    &format!(
                        "the block at line {next} was merged despite the editor's override at {}",
                        fix.at
                    ),
                ),
            });
        }
    }
    diags
}

/// With `join` switched off: each `join` override is a warning (nothing is joined).
pub fn joins_switched_off(pages: &[RawPage]) -> Vec<Diagnostic> {
    pages
        .iter()
        .flat_map(|p| p.fixes.iter())
        .filter(|f| f.join.is_some())
        .map(|f| {
            warn(
                PASS,
                &f.at,
                "",
                &format!(
                    "join override for line {} not applied: the join pass is switched off in [repair]",
                    f.line
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passes::{Repair, run};
    use paiban_model::Edition;

    fn block(role: Role, text: &str, line: u32) -> RawBlock {
        let mut b = RawBlock::new(text, Span::new("p.md", line));
        b.role = role;
        b
    }

    fn fix(line: u32, join: Option<bool>, role: Option<Role>) -> Fix {
        let mut f = Fix::new(Span::new("edition.toml", 20 + line), line);
        f.join = join;
        f.role = role;
        f
    }

    fn page(blocks: Vec<RawBlock>, fixes: Vec<Fix>) -> Vec<RawPage> {
        vec![RawPage {
            number: 1,
            file: "p.md".into(),
            blocks,
            fixes,
            ..RawPage::default()
        }]
    }

    fn errors(d: &[Diagnostic]) -> Vec<&Diagnostic> {
        d.iter().filter(|d| d.severity == Severity::Error).collect()
    }

    #[test]
    fn as_sets_the_role_and_gives_the_dateline_back() {
        let mut b = block(Role::Paragraph, "全市新开三条公交线路", 5);
        b.dateline = Some("本报讯".into());
        let mut pages = page(vec![b], vec![fix(5, None, Some(Role::Headline))]);
        let d = apply_roles(&mut pages);
        let b = &pages[0].blocks[0];
        assert_eq!(b.role, Role::Headline);
        assert_eq!(b.text, "本报讯全市新开三条公交线路");
        assert!(b.dateline.is_none());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Note);
        assert_eq!(d[0].span.line, 5);
        assert!(d[0].message.contains("headline") && d[0].message.contains("edition.toml:25"));
    }

    #[test]
    fn an_override_that_matches_nothing_is_an_error_at_its_own_line() {
        let mut pages = page(
            vec![block(Role::Paragraph, "正文。", 3)],
            vec![fix(4, None, Some(Role::Headline)), fix(9, Some(true), None)],
        );
        let mut d = apply_roles(&mut pages);
        d.extend(prepare_joins(&mut pages));
        let e = errors(&d);
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].span, Span::new("edition.toml", 24));
        assert_eq!(e[1].span, Span::new("edition.toml", 29));
        assert!(
            e[0].message.contains("no block starts at that line"),
            "{}",
            e[0]
        );
        // A block at the line, but nothing after it to join.
        let mut pages = page(
            vec![
                block(Role::Paragraph, "正文", 3),
                block(Role::Byline, "本报记者 林青", 5),
            ],
            vec![fix(3, Some(true), None)],
        );
        let d = prepare_joins(&mut pages);
        assert_eq!(errors(&d).len(), 1);
        assert!(d[0].message.contains("no body block follows"), "{}", d[0]);
        assert_eq!(join_override(&pages[0].fixes, 3, 5), None);
    }

    #[test]
    fn join_true_joins_what_the_pass_would_not() {
        // The second half opens with a dateline: the pass keeps the break; the editor joins
        // it, and the dateline wrongly split off the second half goes back into its text.
        let mut second = block(Role::Paragraph, "主任王小平介绍，项目下月开工。", 7);
        second.dateline = Some("本报讯（记者 林青）".into());
        let blocks = vec![
            block(Role::Paragraph, "会议结束。据市发改委", 5),
            second,
            block(Role::Paragraph, "另一段。", 9),
        ];
        let mut pages = page(blocks, vec![fix(5, Some(true), None)]);
        let mut ed = Edition::new("清河日报");
        let d = run(pages.clone(), &mut ed, Repair::default());
        assert!(errors(&d).is_empty(), "{d:?}");
        let body: Vec<&str> = ed.sections[0].articles[0]
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect();
        assert_eq!(
            body,
            [
                "会议结束。据市发改委本报讯（记者 林青）主任王小平介绍，项目下月开工。",
                "另一段。"
            ]
        );
        let applied: Vec<&Diagnostic> = d.iter().filter(|d| d.code == PASS).collect();
        assert_eq!(applied.len(), 1);
        assert_eq!(applied[0].severity, Severity::Note);
        assert!(
            applied[0].message.contains("joined with line 7"),
            "{}",
            applied[0]
        );
        // Without the override the break stays.
        pages[0].fixes.clear();
        let mut ed = Edition::new("清河日报");
        run(pages, &mut ed, Repair::default());
        assert_eq!(
            ed.sections[0]
                .articles
                .iter()
                .map(|a| a.blocks.len())
                .sum::<usize>(),
            3
        );
    }

    #[test]
    fn join_true_across_a_heading_and_only_once() {
        let blocks = vec![
            block(Role::Paragraph, "两岸居民积极参与活动。今年", 1),
            block(Role::Headline, "新桥通车", 3),
            block(Role::Paragraph, "报名人数超过往年。", 5),
            block(Role::Paragraph, "下一段话。", 7),
        ];
        let mut pages = page(blocks, vec![fix(1, Some(true), None)]);
        prepare_joins(&mut pages);
        assert_eq!(join_override(&pages[0].fixes, 1, 5), Some(true));
        assert_eq!(join_override(&pages[0].fixes, 1, 7), None);
        crate::passes::join::join(&mut pages);
        let d = confirm_joins(&pages);
        let texts: Vec<&str> = pages[0].blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "两岸居民积极参与活动。今年报名人数超过往年。",
                "新桥通车",
                "下一段话。"
            ]
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Note);
    }

    #[test]
    fn join_false_keeps_a_break_the_pass_would_join() {
        let blocks = vec![
            block(Role::Paragraph, "两岸居民积极参与“清", 1),
            block(Role::Paragraph, "河夜话”活动。", 3),
        ];
        let mut pages = page(blocks, vec![fix(1, Some(false), None)]);
        let mut d = prepare_joins(&mut pages);
        assert!(d.is_empty());
        d.extend(crate::passes::join::join(&mut pages));
        d.extend(confirm_joins(&pages));
        assert_eq!(pages[0].blocks.len(), 2);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("kept"), "{}", d[0]);
    }

    #[test]
    fn join_true_needs_body_text_first_and_a_switched_off_pass_warns() {
        let blocks = vec![
            block(Role::Headline, "新桥通车", 1),
            block(Role::Paragraph, "正文。", 3),
        ];
        let mut pages = page(blocks, vec![fix(1, Some(true), None)]);
        let d = prepare_joins(&mut pages);
        assert!(d[0].message.contains("headline, not body text"), "{}", d[0]);
        let d = joins_switched_off(&pages);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Warning);
    }

    #[test]
    fn role_names() {
        assert_eq!(role_named("headline"), Some(Role::Headline));
        assert_eq!(role_named("furniture"), Some(Role::Furniture));
        assert_eq!(role_named("Headline"), None);
        for &(n, r) in ROLE_NAMES {
            assert_eq!(role_name(r), n);
        }
    }
}
