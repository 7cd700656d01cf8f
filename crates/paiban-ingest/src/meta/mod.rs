//! Edition metadata (masthead, date, page numbers) for sources without a manifest.
//!
//! Stage: between decoding and the readers, for a bare page file or a folder of page files
//! without `edition.toml` (a folder per day). Inputs: the command-line options, each page's
//! decoded text, and the file and folder names. Output: the masthead, date and page numbers,
//! with one diagnostic per source naming where each value came from.
//!
//! Order of trust: a command-line option; then the page's own text ([`text`]: a masthead
//! line, a running head, `第N版` lines) — reported as a **note**; then the names of the file
//! and its folders ([`names`]: `rmrb_2019-02-20_p04`, `2019年10月15日`, `20220628`) — a guess,
//! reported as a **warning** that `paiban build` shows.

pub mod names;
pub mod text;

use crate::IngestOptions;
use paiban_model::{Diagnostic, Severity, Span};
use std::path::{Path, PathBuf};

/// Metadata one source (a text, a name) gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The paper's name.
    pub masthead: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Page number (版次).
    pub page: Option<u32>,
}

/// The metadata an edition without a manifest ends up with.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    pub masthead: String,
    pub date: Option<String>,
    /// Page numbers in the order of the pages given; `None` where nothing named one.
    pub pages: Vec<Option<u32>>,
    pub diags: Vec<Diagnostic>,
}

/// Page files of a folder without a manifest, in byte order of their names (hidden files
/// skipped; not recursive).
pub fn page_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(Vec<u8>, PathBuf)> = rd
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().as_encoded_bytes().starts_with(b"."))
        .map(|e| (e.file_name().as_encoded_bytes().to_vec(), e.path()))
        .filter(|(_, p)| {
            p.is_file()
                && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    ["md", "markdown", "txt"]
                        .iter()
                        .any(|x| x.eq_ignore_ascii_case(e))
                })
        })
        .collect();
    files.sort();
    files.into_iter().map(|(_, p)| p).collect()
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn dir_name(p: &Path) -> String {
    std::fs::canonicalize(p)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default()
}

/// Resolve the metadata of `pages` (path and decoded text; one page for a bare file).
/// `folder` is set for a folder edition.
pub(crate) fn resolve(
    pages: &[(PathBuf, &str)],
    folder: Option<&Path>,
    opts: &IngestOptions,
) -> Resolved {
    let texts: Vec<text::TextFound> = pages.iter().map(|(_, t)| text::from_text(t)).collect();
    let files: Vec<Found> = pages
        .iter()
        .map(|(p, _)| names::from_name(&stem(p)))
        .collect();
    let folder_found = folder.map(|d| names::from_name(&dir_name(d)));
    // The folder's parent names the paper when the folder's own name is only a date.
    // The folder above names the paper when the edition's own name does not: the parent of
    // a folder per day named only by its date, the folder of a page file named by its date.
    let above = match folder {
        Some(d) => std::fs::canonicalize(d)
            .ok()
            .and_then(|d| d.parent().map(dir_name)),
        None => pages
            .first()
            .and_then(|(p, _)| std::fs::canonicalize(p).ok())
            .and_then(|p| p.parent().map(dir_name)),
    };
    let parent_found = above.map(|n| names::from_name(&n));
    let all_same = |v: Vec<Option<String>>| -> Option<String> {
        let first = v.first().cloned().flatten()?;
        v.iter()
            .all(|x| x.as_ref() == Some(&first))
            .then_some(first)
    };
    let mut from_text: Vec<String> = Vec::new();
    let mut from_name: Vec<String> = Vec::new();

    let text_masthead = texts.iter().find_map(|t| t.found.masthead.clone());
    let masthead = match &opts.masthead {
        Some(m) if !m.trim().is_empty() => m.trim().to_string(),
        _ => match text_masthead {
            Some(m) => {
                from_text.push(format!("masthead {m}"));
                m
            }
            None => {
                let guess = folder_found
                    .as_ref()
                    .and_then(|f| f.masthead.clone())
                    .or_else(|| all_same(files.iter().map(|f| f.masthead.clone()).collect()))
                    .or_else(|| parent_found.as_ref().and_then(|f| f.masthead.clone()))
                    .or_else(|| {
                        pages
                            .first()
                            .map(|(p, _)| stem(p))
                            .filter(|s| !s.is_empty())
                    })
                    .unwrap_or_else(|| "edition".to_string());
                from_name.push(format!("masthead {guess}"));
                guess
            }
        },
    };
    let name_date = folder_found
        .as_ref()
        .and_then(|f| f.date.clone())
        .or_else(|| all_same(files.iter().map(|f| f.date.clone()).collect()));
    let mut disagree = None;
    let date = match &opts.date {
        Some(d) => Some(d.clone()),
        None => match texts.iter().find_map(|t| t.found.date.clone()) {
            Some(d) => {
                from_text.push(format!("date {d}"));
                if let Some(n) = name_date.as_ref().filter(|n| **n != d) {
                    disagree = Some(format!(
                        "the page prints the date {d} but its name says {n}: {d} is used (--date sets it)"
                    ));
                }
                Some(d)
            }
            None => {
                let guess = name_date;
                if let Some(d) = &guess {
                    from_name.push(format!("date {d}"));
                }
                guess
            }
        },
    };
    let unique = |v: &[Option<u32>]| {
        let mut seen = std::collections::BTreeSet::new();
        v.iter().all(|n| n.is_some_and(|n| seen.insert(n)))
    };
    let text_pages: Vec<Option<u32>> = texts.iter().map(|t| t.found.page).collect();
    let name_pages: Vec<Option<u32>> = files.iter().map(|f| f.page).collect();
    let page_list = |v: &[Option<u32>]| {
        let mut v: Vec<u32> = v.iter().flatten().copied().collect();
        v.sort_unstable();
        v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
    };
    let pages_out = if opts.page.is_some() && pages.len() == 1 {
        vec![opts.page]
    } else if unique(&text_pages) {
        from_text.push(format!("page {}", page_list(&text_pages)));
        text_pages
    } else if unique(&name_pages) {
        from_name.push(format!("page {}", page_list(&name_pages)));
        name_pages
    } else {
        vec![None; pages.len()]
    };
    let mut diags = Vec::new();
    let first = pages
        .first()
        .map(|(p, _)| p.display().to_string())
        .unwrap_or_default();
    if !from_text.is_empty() {
        let (file, line) = texts
            .iter()
            .zip(pages)
            .find(|(t, _)| t.line > 0)
            .map_or((first.clone(), 0), |(t, (p, _))| {
                (p.display().to_string(), t.line)
            });
        diags.push(Diagnostic::new(
            Severity::Note,
            "metadata",
            Span::new(file, u32::try_from(line).unwrap_or(0)),
            "",
            format!(
                "{} read from the page's masthead and running head",
                from_text.join(", ")
            ),
        ));
    }
    if let Some(msg) = disagree {
        diags.push(Diagnostic::new(
            Severity::Warning,
            "metadata",
            Span::new(first.clone(), 0),
            "",
            msg,
        ));
    }
    if !from_name.is_empty() {
        let (file, what) = match folder {
            Some(d) => (d.display().to_string(), "the folder's and files' names"),
            None => (first, "the file's name"),
        };
        diags.push(Diagnostic::new(
            Severity::Warning,
            "metadata",
            Span::new(file, 0),
            "",
            format!(
                "{} guessed from {what}: the page does not print them (set them with --masthead, --date, --page)",
                from_name.join(", ")
            ),
        ));
    }
    Resolved {
        masthead,
        date,
        pages: pages_out,
        diags,
    }
}

/// The date the edition at `path` will carry, read cheaply (no repair pass runs): from the
/// manifest, the options, the page text or the names, in the order `load` uses. Used to name
/// books. `None` when nothing gives a date or the source cannot be read.
pub fn edition_date(path: &Path, opts: &IngestOptions) -> Option<String> {
    let manifest = if path.is_dir() {
        Some(path.join("edition.toml")).filter(|m| m.is_file())
    } else {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            .then(|| path.to_path_buf())
    };
    if let Some(m) = manifest {
        let dir = m
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let text = crate::read_file(&m).ok()?.text;
        return crate::manifest::parse(&m, dir, &text).ok()?.date;
    }
    if let Some(d) = &opts.date {
        return crate::manifest::valid_date(d);
    }
    let (files, folder) = if path.is_dir() {
        (page_files(path), Some(path))
    } else {
        (vec![path.to_path_buf()], None)
    };
    let decoded: Vec<(PathBuf, String)> = files
        .into_iter()
        .filter_map(|p| crate::read_file(&p).ok().map(|d| (p, d.text)))
        .collect();
    let pages: Vec<(PathBuf, &str)> = decoded
        .iter()
        .map(|(p, t)| (p.clone(), t.as_str()))
        .collect();
    resolve(&pages, folder, opts).date
}
