//! Finding the editions behind the command-line arguments.
//!
//! Input: the paths the user named. Output: the editions to build, in a deterministic order,
//! each with the name of its books. The rule (also in `paiban --help` and the README):
//!
//! - a file named `edition.toml` is the edition of its folder;
//! - any other file is a page file, one edition (its reader decides whether it can read it);
//! - a folder holding an `edition.toml` is one edition (its page files belong to it);
//! - a folder without `edition.toml` holding two or more page files that share a day — a
//!   **folder per day** — is one edition ([`is_day_folder`]): the files' names agree on one
//!   date (or carry none while the folder's name has it), and they name no two different
//!   papers; or, without any date, they share a paper's name and each has a page part
//!   (`qhrb_p01.md`, `qhrb_p02.md`). Its pages are read in name order; its subfolders are
//!   still searched;
//! - a folder holding ALTO or hOCR page files (by content; a METS/ALTO issue folder) and no
//!   `edition.toml` is one edition, its pages in name order;
//! - any other folder is searched, recursively, for edition folders and page files
//!   (`.md`, `.markdown`, `.txt`); entries whose names start with `.` are skipped, symbolic
//!   links to folders are not followed, and entries are visited in byte order of their names.
//!
//! Arguments keep the order they were given in; an edition named twice is built once.
//!
//! **Book names** ([`book_name`]): the edition folder's name or the page file's stem, then
//! `-YYYY-MM-DD`, the edition's date (from `edition.toml`, `--date`, the page's text or the
//! names), so daily issues never collide: `qinghe-daily` → `qinghe-daily-2026-03-18.epub`. A
//! name that already holds the date (`nmrb-2022-06-28`, `rmrb_20190220_p04`) is not given it
//! twice. A folder or page file named only by its date (`rmrb/2019-02-20/`,
//! `rmrb/2019-02-20.md`) takes the name of the folder above first (`rmrb-2019-02-20`). An
//! edition without a date keeps its plain name.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Extensions of page files found when searching a folder.
pub const PAGE_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// Deepest folder level searched below an argument (guards against pathological trees).
const MAX_DEPTH: usize = 32;

/// One edition to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionSource {
    /// What to hand to the reader: the edition folder, or the page file.
    pub path: PathBuf,
    /// The stem of its books: `<name>.epub`, `<name>.pdf`.
    pub name: String,
}

/// A path argument that names nothing usable.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct DiscoverError {
    pub path: PathBuf,
    pub reason: String,
}

/// Expand the arguments into editions. Unreadable arguments are returned as errors
/// alongside the editions that were found, so that one bad argument stops nothing else.
pub fn discover(args: &[PathBuf]) -> (Vec<EditionSource>, Vec<DiscoverError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        match std::fs::metadata(arg) {
            Err(e) => errors.push(DiscoverError {
                path: arg.clone(),
                reason: format!("cannot read: {e}"),
            }),
            Ok(m) if m.is_dir() => {
                let before = found.len();
                walk(arg, 0, &mut found, &mut errors);
                if found.len() == before {
                    errors.push(DiscoverError {
                        path: arg.clone(),
                        reason: format!(
                            "no edition here (no edition.toml, no .{} file)",
                            PAGE_EXTENSIONS.join(" / .")
                        ),
                    });
                }
            }
            Ok(_) if arg.file_name().is_some_and(|n| n == "edition.toml") => {
                let dir = match arg.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                found.push(edition_folder(&dir));
            }
            Ok(_) => found.push(page_file(arg)),
        }
    }
    let mut seen = BTreeSet::new();
    found
        .retain(|e| seen.insert(std::fs::canonicalize(&e.path).unwrap_or_else(|_| e.path.clone())));
    (found, errors)
}

fn walk(dir: &Path, depth: usize, found: &mut Vec<EditionSource>, errors: &mut Vec<DiscoverError>) {
    if dir.join("edition.toml").is_file() || is_ocr_folder(dir) {
        found.push(edition_folder(dir));
        return;
    }
    if depth > MAX_DEPTH {
        errors.push(DiscoverError {
            path: dir.to_path_buf(),
            reason: format!("folder nested more than {MAX_DEPTH} levels deep; not searched"),
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(DiscoverError {
                path: dir.to_path_buf(),
                reason: format!("cannot list folder: {e}"),
            });
            return;
        }
    };
    let mut entries: Vec<(std::ffi::OsString, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| (e.file_name(), e.path()))
        .filter(|(name, _)| !name.as_encoded_bytes().starts_with(b"."))
        .collect();
    entries.sort_by(|a, b| a.0.as_encoded_bytes().cmp(b.0.as_encoded_bytes()));
    let day = {
        let pages: Vec<&Path> = entries
            .iter()
            .map(|(_, p)| p.as_path())
            .filter(|p| p.is_file() && is_page_file(p))
            .collect();
        is_day_folder(dir, &pages)
    };
    if day {
        // Its page files are one edition; its subfolders are still searched.
        found.push(edition_folder(dir));
    }
    for (_, path) in entries {
        let Ok(link) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if link.is_dir() {
            walk(&path, depth + 1, found, errors);
        } else if !day && path.is_file() && is_page_file(&path) {
            found.push(page_file(&path));
        }
    }
}

/// A folder per day: two or more page files whose names agree on one day and one paper
/// (see the module header). Decided from names only, so nothing is read twice.
pub fn is_day_folder(dir: &Path, pages: &[&Path]) -> bool {
    use paiban_ingest::meta::names::from_name;
    if pages.len() < 2 {
        return false;
    }
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let folder = from_name(&dir_name(dir).unwrap_or_default());
    let files: Vec<_> = pages.iter().map(|p| from_name(&stem(p))).collect();
    let distinct = |v: Vec<&String>| v.into_iter().collect::<BTreeSet<_>>().len();
    let dates = distinct(files.iter().filter_map(|f| f.date.as_ref()).collect());
    let papers = distinct(
        files
            .iter()
            .filter(|f| f.date.is_some() || f.page.is_some())
            .filter_map(|f| f.masthead.as_ref())
            .collect(),
    );
    if dates > 1 || papers > 1 {
        return false;
    }
    let all_dated = files.iter().all(|f| f.date.is_some());
    match &folder.date {
        Some(d) => files.iter().all(|f| f.date.as_ref().is_none_or(|x| x == d)),
        None if all_dated => true,
        None => {
            dates == 0
                && papers == 1
                && files
                    .iter()
                    .all(|f| f.page.is_some() && f.masthead.is_some())
        }
    }
}

/// The name of the books of `source`, whose edition carries `date` (see the module header).
pub fn book_name(source: &EditionSource, date: Option<&str>) -> String {
    use paiban_ingest::meta::names::from_name;
    let Some(date) = date else {
        return source.name.clone();
    };
    let own = from_name(&source.name);
    if own.date.as_deref() == Some(date) {
        // The name holds the date already; a folder or file named by its date alone gets
        // the name of the folder above in front.
        if own.masthead.is_none()
            && let Some(parent) = std::fs::canonicalize(&source.path)
                .ok()
                .and_then(|p| p.parent().and_then(dir_name))
        {
            return clean_name(Some(format!("{parent}-{}", source.name)));
        }
        return source.name.clone();
    }
    clean_name(Some(format!("{}-{date}", source.name)))
}

fn dir_name(dir: &Path) -> Option<String> {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            std::fs::canonicalize(dir)
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
}

/// A folder of OCR page files without an `edition.toml` (a METS/ALTO issue: one ALTO or
/// hOCR file per page, recognised by content) is one edition.
fn is_ocr_folder(dir: &Path) -> bool {
    !paiban_ingest::ocr::page_files(dir).is_empty()
}

fn is_page_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| PAGE_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

fn edition_folder(dir: &Path) -> EditionSource {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            std::fs::canonicalize(dir)
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        });
    EditionSource {
        path: dir.to_path_buf(),
        name: clean_name(name),
    }
}

fn page_file(path: &Path) -> EditionSource {
    EditionSource {
        path: path.to_path_buf(),
        name: clean_name(path.file_stem().map(|n| n.to_string_lossy().into_owned())),
    }
}

/// A safe file stem: no path separators or control characters; `edition` when empty.
fn clean_name(name: Option<String>) -> String {
    let name: String = name
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if name.is_empty() || name == "." || name == ".." {
        "edition".to_string()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn folders_pages_and_order() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        fs::create_dir_all(root.join("b-ed/pages")).unwrap();
        fs::write(root.join("b-ed/edition.toml"), "").unwrap();
        fs::write(root.join("b-ed/pages/p1.md"), "").unwrap();
        fs::write(root.join("a.md"), "").unwrap();
        fs::write(root.join("c.TXT"), "").unwrap();
        fs::write(root.join("notes.pdf"), "").unwrap();
        fs::write(root.join(".hidden.md"), "").unwrap();
        fs::create_dir_all(root.join("2022/06")).unwrap();
        fs::write(root.join("2022/06/28.md"), "").unwrap();
        let (found, errors) = discover(&[root.to_path_buf()]);
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<_> = found.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["28", "a", "b-ed", "c"]);
        assert_eq!(found[2].path, root.join("b-ed"));
    }

    #[test]
    fn alto_issue_folder_is_one_edition() {
        let t = tempfile::tempdir().unwrap();
        let issue = t.path().join("qinghe-2026-03-19");
        fs::create_dir_all(&issue).unwrap();
        fs::write(issue.join("mets.xml"), "<?xml version='1.0'?><mets:mets/>").unwrap();
        fs::write(
            issue.join("0001.xml"),
            "<?xml version='1.0'?>\n<alto xmlns='x'/>",
        )
        .unwrap();
        fs::write(issue.join("0002.xml"), "<alto/>").unwrap();
        fs::write(t.path().join("other.xml"), "<mets/>").unwrap();
        let (found, errors) = discover(&[t.path().to_path_buf()]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path, issue);
    }

    #[test]
    fn manifest_argument_and_duplicates() {
        let t = tempfile::tempdir().unwrap();
        let ed = t.path().join("qinghe");
        fs::create_dir_all(&ed).unwrap();
        fs::write(ed.join("edition.toml"), "").unwrap();
        let (found, errors) = discover(&[ed.join("edition.toml"), ed.clone()]);
        assert!(errors.is_empty());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "qinghe");
    }

    #[test]
    fn a_folder_per_day_is_one_edition() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        // Dated file names sharing one day and one paper.
        fs::create_dir_all(root.join("qhrb")).unwrap();
        fs::write(root.join("qhrb/qhrb_2026-03-18_p01.txt"), "").unwrap();
        fs::write(root.join("qhrb/qhrb_2026-03-18_p02.txt"), "").unwrap();
        // A folder named by its date, page files without one.
        fs::create_dir_all(root.join("hp/2026-03-19")).unwrap();
        fs::write(root.join("hp/2026-03-19/01.md"), "").unwrap();
        fs::write(root.join("hp/2026-03-19/02.md"), "").unwrap();
        // A subfolder of a day folder is still searched.
        fs::create_dir_all(root.join("hp/2026-03-19/extra")).unwrap();
        fs::write(root.join("hp/2026-03-19/extra/hp-2026-03-20.md"), "").unwrap();
        // Two days in one folder: page files, each its own edition.
        fs::create_dir_all(root.join("mixed")).unwrap();
        fs::write(root.join("mixed/x_2026-03-18_p01.md"), "").unwrap();
        fs::write(root.join("mixed/x_2026-03-19_p01.md"), "").unwrap();
        // Two papers on one day: not one edition.
        fs::create_dir_all(root.join("two")).unwrap();
        fs::write(root.join("two/a_2026-03-18_p01.md"), "").unwrap();
        fs::write(root.join("two/b_2026-03-18_p01.md"), "").unwrap();
        let (found, errors) = discover(&[root.to_path_buf()]);
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<_> = found.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "2026-03-19",
                "hp-2026-03-20",
                "x_2026-03-18_p01",
                "x_2026-03-19_p01",
                "qhrb",
                "a_2026-03-18_p01",
                "b_2026-03-18_p01"
            ]
        );
        assert!(found[0].path.is_dir() && found[4].path.is_dir());
        // Book names carry the date once; a folder named by its date takes its parent's name.
        assert_eq!(book_name(&found[0], Some("2026-03-19")), "hp-2026-03-19");
        assert_eq!(book_name(&found[2], Some("2026-03-18")), "x_2026-03-18_p01");
        assert_eq!(book_name(&found[4], Some("2026-03-18")), "qhrb-2026-03-18");
        assert_eq!(book_name(&found[4], None), "qhrb");
        fs::create_dir_all(root.join("solo")).unwrap();
        fs::write(root.join("solo/20260322.md"), "").unwrap();
        let file = page_file(&root.join("solo/20260322.md"));
        assert_eq!(book_name(&file, Some("2026-03-22")), "solo-20260322");
    }

    #[test]
    fn missing_and_empty_arguments_are_errors() {
        let t = tempfile::tempdir().unwrap();
        let (found, errors) = discover(&[t.path().join("nope.md"), t.path().to_path_buf()]);
        assert!(found.is_empty());
        assert_eq!(errors.len(), 2);
        assert!(errors[1].reason.contains("no edition here"));
    }
}
