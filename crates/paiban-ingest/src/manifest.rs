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
//! ```

use crate::passes::Repair;
use crate::{IngestError, safe_path};
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

/// Parse and validate the manifest `text` read from `path` (pages are resolved in `dir`).
pub fn parse(path: &Path, dir: &Path, text: &str) -> Result<Manifest, IngestError> {
    let err = |span: Option<Range<usize>>, message: String| {
        let (line, column) = span.map_or((0, 0), |s| line_col(text, s.start));
        IngestError::Manifest {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    let raw: ManifestFile =
        toml::from_str(text).map_err(|e| err(e.span(), e.message().trim().replace('\n', " ")))?;
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
        });
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

/// `Some("YYYY-MM-DD")` when `s` is a real calendar date in that form.
pub fn valid_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let y: u32 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1000 && (1..=days).contains(&d)).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("paiban-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
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
    fn dates() {
        assert!(valid_date("2024-02-29").is_some());
        assert!(valid_date("2023-02-29").is_none());
        assert!(valid_date("2023-13-01").is_none());
        assert!(valid_date("2023-1-01").is_none());
    }
}
