//! Reader for `edition.toml`, the edition manifest.
//!
//! Input: the manifest's text and its path. Output: a [`Manifest`] — masthead (报名), date,
//! issue number, publisher, language, the ordered pages (版: number, name, file) and the
//! `[repair]` switches — or an [`IngestError::Manifest`] with line and column: a syntax
//! error, an unknown key, an invalid date, a page listed twice, a page file that is missing
//! or lies outside the edition's folder.
//!
//! ```toml
//! masthead = "清河日报"
//! date = 2026-03-18          # or "2026-03-18"
//! issue = "第1024期"          # or 1024
//! publisher = "清河日报社"
//! language = "zh-CN"
//!
//! [[page]]
//! number = 1
//! name = "要闻"
//! file = "page1.md"
//!
//! [repair]
//! join = false               # every pass is on unless switched off
//!
//! [[fix]]                    # the editor's overrides (see `passes::fixes`)
//! file = "page1.md"          # optional when the edition has one page
//! line = 215
//! join = true                # or false; and/or  as = "headline"
//! ```
//!
//! A bare page file `NAME.md` takes its `[[fix]]` tables from `NAME.fixes.toml` beside it
//! ([`parse_fixes`]). A fix naming no page of the edition, line 0, an unknown `as` value or
//! neither `join` nor `as` is an error with line and column.

use crate::passes::Repair;
use crate::passes::fixes::{self, Fix};
use crate::{IngestError, safe_path};
use paiban_model::Span;
use serde::Deserialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    masthead: Option<String>,
    date: Option<Spanned<toml::Value>>,
    issue: Option<toml::Value>,
    publisher: Option<String>,
    language: Option<String>,
    #[serde(default)]
    page: Vec<PageEntry>,
    #[serde(default)]
    repair: Repair,
    #[serde(default)]
    fix: Vec<FixEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixesFile {
    #[serde(default)]
    fix: Vec<FixEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixEntry {
    file: Option<Spanned<String>>,
    line: Spanned<u32>,
    join: Option<bool>,
    #[serde(rename = "as")]
    role: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PageEntry {
    number: Spanned<u32>,
    name: Option<String>,
    file: Spanned<String>,
}

/// One page of the manifest.
#[derive(Debug, Clone)]
pub struct PageSpec {
    /// Page number (版次).
    pub number: u32,
    /// Page name (版名).
    pub name: Option<String>,
    /// The file as written in the manifest (for diagnostics).
    pub file: String,
    /// The file's path on disk, checked to lie inside the edition folder.
    pub path: PathBuf,
    /// The editor's overrides for this page (`[[fix]]` tables naming it).
    pub fixes: Vec<Fix>,
}

/// A validated manifest.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// 报名; `None` when the manifest does not say.
    pub masthead: Option<String>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Issue number as printed.
    pub issue: Option<String>,
    /// Publisher.
    pub publisher: Option<String>,
    /// BCP 47 tag.
    pub language: Option<String>,
    /// Pages in reading order.
    pub pages: Vec<PageSpec>,
    /// Which repair passes run.
    pub repair: Repair,
}

/// Line and column (1-based) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The error at `span` of the toml file `path` holding `text`.
fn toml_error(path: &Path, text: &str, span: Option<Range<usize>>, message: String) -> IngestError {
    let (line, column) = span.map_or((0, 0), |s| line_col(text, s.start));
    IngestError::Manifest {
        path: path.to_path_buf(),
        line,
        column,
        message,
    }
}

/// Deserialize the toml `text` of `path`, a syntax error or unknown key with its place.
fn from_toml<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, IngestError> {
    toml::from_str(text)
        .map_err(|e| toml_error(path, text, e.span(), e.message().trim().replace('\n', " ")))
}

/// Check `[[fix]]` entries of the toml file `path` against the edition's page `files` (as
/// written): each fix with the index of its page.
fn read_fixes(
    path: &Path,
    text: &str,
    entries: Vec<FixEntry>,
    files: &[&str],
) -> Result<Vec<(usize, Fix)>, IngestError> {
    let err = |span: Range<usize>, message: String| toml_error(path, text, Some(span), message);
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let page = match &e.file {
            Some(f) => files
                .iter()
                .position(|x| *x == f.get_ref().as_str())
                .ok_or_else(|| {
                    err(
                        f.span(),
                        format!(
                            "[[fix]] names {:?}, which is not a page of this edition",
                            f.get_ref()
                        ),
                    )
                })?,
            None if files.len() == 1 => 0,
            None => {
                return Err(err(
                    e.line.span(),
                    "[[fix]] needs `file = \"…\"`: the edition has several pages".into(),
                ));
            }
        };
        let line = *e.line.get_ref();
        if line == 0 {
            return Err(err(e.line.span(), "source lines start at 1".into()));
        }
        let role = match &e.role {
            None => None,
            Some(r) => Some(fixes::role_named(r.get_ref()).ok_or_else(|| {
                let names: Vec<&str> = fixes::ROLE_NAMES.iter().map(|(n, _)| *n).collect();
                err(
                    r.span(),
                    format!(
                        "unknown role {:?}: expected one of {}",
                        r.get_ref(),
                        names.join(", ")
                    ),
                )
            })?),
        };
        if role.is_none() && e.join.is_none() {
            return Err(err(
                e.line.span(),
                "[[fix]] needs `join = true/false` or `as = \"…\"`".into(),
            ));
        }
        let (at_line, _) = line_col(text, e.line.span().start);
        let mut fix = Fix::new(
            Span::new(
                path.display().to_string(),
                u32::try_from(at_line).unwrap_or(0),
            ),
            line,
        );
        fix.join = e.join;
        fix.role = role;
        out.push((page, fix));
    }
    Ok(out)
}

/// Parse `NAME.fixes.toml` (`text`, read from `path`): the `[[fix]]` tables for the bare page
/// file named `page_file` (a fix's optional `file` must be that name).
pub fn parse_fixes(path: &Path, text: &str, page_file: &str) -> Result<Vec<Fix>, IngestError> {
    let raw: FixesFile = from_toml(path, text)?;
    Ok(read_fixes(path, text, raw.fix, &[page_file])?
        .into_iter()
        .map(|(_, f)| f)
        .collect())
}

/// Parse and validate the manifest `text` read from `path` (pages are resolved in `dir`).
pub fn parse(path: &Path, dir: &Path, text: &str) -> Result<Manifest, IngestError> {
    let err = |span: Option<Range<usize>>, message: String| toml_error(path, text, span, message);
    let raw: ManifestFile = from_toml(path, text)?;
    let date = match &raw.date {
        None => None,
        Some(d) => {
            let s = match d.get_ref() {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(dt) => dt.to_string(),
                toml::Value::Integer(i) => i.to_string(),
                _ => String::from("(not a date)"),
            };
            Some(valid_date(&s).ok_or_else(|| {
                err(
                    Some(d.span()),
                    format!("invalid date {s:?}: expected YYYY-MM-DD"),
                )
            })?)
        }
    };
    let issue = raw
        .issue
        .map(|v| match v {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            _ => String::new(),
        })
        .filter(|s| !s.is_empty());
    if raw.page.is_empty() {
        return Err(err(
            None,
            "no [[page]] entries: an edition needs at least one page".into(),
        ));
    }
    let mut pages: Vec<PageSpec> = Vec::with_capacity(raw.page.len());
    for p in raw.page {
        let number = *p.number.get_ref();
        if number == 0 {
            return Err(err(Some(p.number.span()), "page numbers start at 1".into()));
        }
        if pages.iter().any(|q| q.number == number) {
            return Err(err(
                Some(p.number.span()),
                format!("page {number} is listed twice"),
            ));
        }
        let file = p.file.get_ref().clone();
        if pages.iter().any(|q| q.file == file) {
            return Err(err(
                Some(p.file.span()),
                format!("page file {file:?} is listed twice"),
            ));
        }
        let path = safe_path(dir, &file)
            .map_err(|why| err(Some(p.file.span()), format!("page file {file:?}: {why}")))?;
        if !path.is_file() {
            return Err(err(
                Some(p.file.span()),
                format!("page file {file:?} not found in {}", dir.display()),
            ));
        }
        pages.push(PageSpec {
            number,
            name: p.name.filter(|n| !n.trim().is_empty()),
            file,
            path,
            fixes: Vec::new(),
        });
    }
    let files: Vec<&str> = pages.iter().map(|p| p.file.as_str()).collect();
    let fixes = read_fixes(path, text, raw.fix, &files)?;
    for (i, fix) in fixes {
        if let Some(p) = pages.get_mut(i) {
            p.fixes.push(fix);
        }
    }
    Ok(Manifest {
        masthead: raw.masthead.filter(|m| !m.trim().is_empty()),
        date,
        issue,
        publisher: raw.publisher,
        language: raw.language,
        pages,
        repair: raw.repair,
    })
}

/// `Some("YYYY-MM-DD")` when `s` is a real calendar date in that form (see
/// [`paiban_model::Date::parse`]).
pub fn valid_date(s: &str) -> Option<String> {
    paiban_model::Date::parse(s).map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> paiban_testkit::Scratch {
        let d = paiban_testkit::scratch("manifest");
        std::fs::write(d.join("p1.md"), "# 标题\n\n正文。\n").unwrap();
        std::fs::write(d.join("p2.txt"), "标题\n　　正文。\n").unwrap();
        d
    }

    fn parse_str(s: &str) -> Result<Manifest, IngestError> {
        let d = dir();
        parse(&d.join("edition.toml"), &d, s)
    }

    const OK: &str = "masthead = \"清河日报\"\ndate = 2026-03-18\nissue = 1024\n\n[[page]]\nnumber = 1\nname = \"要闻\"\nfile = \"p1.md\"\n\n[[page]]\nnumber = 2\nfile = \"p2.txt\"\n\n[repair]\njoin = false\n";

    #[test]
    fn reads_a_manifest() {
        let m = parse_str(OK).unwrap();
        assert_eq!(m.masthead.as_deref(), Some("清河日报"));
        assert_eq!(m.date.as_deref(), Some("2026-03-18"));
        assert_eq!(m.issue.as_deref(), Some("1024"));
        assert_eq!(m.pages.len(), 2);
        assert_eq!(m.pages[0].name.as_deref(), Some("要闻"));
        assert!(!m.repair.join && m.repair.dedupe);
    }

    fn msg(s: &str) -> String {
        parse_str(s).unwrap_err().to_string()
    }

    #[test]
    fn errors_have_line_and_column() {
        let e = msg("masthead = \"清河日报\"\ndate = \n");
        assert!(e.contains("edition.toml:2:"), "{e}");
        let e = msg(&OK.replace("issue = 1024", "isue = 1024"));
        assert!(e.contains(":3:") && e.contains("isue"), "{e}");
        let e = msg(&OK.replace("date = 2026-03-18", "date = \"2026-02-30\""));
        assert!(e.contains(":2:8") && e.contains("invalid date"), "{e}");
        let e = msg(&OK.replace("number = 2", "number = 1"));
        assert!(e.contains(":11:") && e.contains("listed twice"), "{e}");
        let e = msg(&OK.replace("p2.txt", "p3.txt"));
        assert!(e.contains(":12:") && e.contains("not found"), "{e}");
        let e = msg(&OK.replace("p2.txt", "../p2.txt"));
        assert!(e.contains("leaves the edition folder"), "{e}");
        let e = msg(&OK.replace("p2.txt", "/etc/passwd"));
        assert!(e.contains("outside") || e.contains("absolute"), "{e}");
    }

    #[test]
    fn reads_fixes() {
        let m = parse_str(&format!(
            "{OK}\n[[fix]]\nfile = \"p2.txt\"\nline = 215\njoin = true\n\n[[fix]]\nfile = \"p1.md\"\nline = 3\nas = \"headline\"\n"
        ))
        .unwrap();
        let f = &m.pages[1].fixes;
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].line, f[0].join, f[0].role), (215, Some(true), None));
        assert!(
            f[0].at.file.ends_with("edition.toml") && f[0].at.line == 19,
            "{:?}",
            f[0].at
        );
        let f = &m.pages[0].fixes;
        assert_eq!(
            (f[0].line, f[0].role),
            (3, Some(crate::raw::Role::Headline))
        );
    }

    #[test]
    fn fix_errors_have_line_and_column() {
        let with = |fix: &str| msg(&format!("{OK}\n[[fix]]\n{fix}"));
        // Unknown key, unknown role, no file with several pages, a file not in the edition.
        let e = with("file = \"p1.md\"\nline = 3\njoin = true\nfrom = 2\n");
        assert!(e.contains("edition.toml:21:") && e.contains("from"), "{e}");
        let e = with("file = \"p1.md\"\nline = 3\nas = \"title\"\n");
        assert!(e.contains(":20:6") && e.contains("unknown role"), "{e}");
        let e = with("line = 3\njoin = true\n");
        assert!(e.contains(":18:") && e.contains("several pages"), "{e}");
        let e = with("file = \"p9.md\"\nline = 3\njoin = true\n");
        assert!(e.contains(":18:8") && e.contains("not a page"), "{e}");
        let e = with("file = \"p1.md\"\nline = 0\njoin = true\n");
        assert!(e.contains(":19:") && e.contains("start at 1"), "{e}");
        let e = with("file = \"p1.md\"\nline = 3\n");
        assert!(e.contains(":19:") && e.contains("needs `join"), "{e}");
    }

    #[test]
    fn fixes_file_of_a_bare_page() {
        let p = Path::new("page.fixes.toml");
        let f = parse_fixes(p, "[[fix]]\nline = 4\njoin = false\n", "page.md").unwrap();
        assert_eq!((f[0].line, f[0].join, f[0].at.line), (4, Some(false), 2));
        let f = parse_fixes(
            p,
            "[[fix]]\nfile = \"page.md\"\nline = 4\nas = \"note\"\n",
            "page.md",
        );
        assert_eq!(f.unwrap().len(), 1);
        let e = parse_fixes(
            p,
            "[[fix]]\nfile = \"x.md\"\nline = 4\njoin = true\n",
            "page.md",
        );
        assert!(e.unwrap_err().to_string().contains("page.fixes.toml:2:8"));
        let e = parse_fixes(p, "masthead = \"x\"\n", "page.md")
            .unwrap_err()
            .to_string();
        assert!(e.contains(":1:1") && e.contains("masthead"), "{e}");
    }

    #[test]
    fn dates() {
        assert!(valid_date("2024-02-29").is_some());
        assert!(valid_date("2023-02-29").is_none());
        assert!(valid_date("2023-13-01").is_none());
        assert!(valid_date("2023-1-01").is_none());
    }
}
