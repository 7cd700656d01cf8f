//! paiban-ingest — read and repair.
//!
//! Input: an edition path (an `edition.toml` manifest, a folder holding one, a bare page
//! file in Markdown, plain text, hOCR, ALTO or PaddleOCR JSON — OCR formats are recognised
//! by content — or a folder of page files without a manifest: a folder per day, or a
//! METS/ALTO issue of ALTO / hOCR pages). Output: a repaired [`paiban_model::Edition`] and the
//! [`paiban_model::Diagnostic`]s of every repair pass, each with its source file and line.
//!
//! Stages: [`decode`] (bytes → text: UTF-8, UTF-16 with BOM, GB18030) → a reader
//! ([`markdown`], [`plaintext`], [`ocr`] with its geometry [`ocr::layout`]; pages listed by
//! [`manifest`]; without one, masthead, date and page numbers from the text or the names by
//! [`meta`]) → [`images`] checks → the
//! repair [`passes`] (`classify`, `punctuation`, `dedupe`, `join`, `segment`, `flag`).
//!
//! ```no_run
//! let ingested = paiban_ingest::load(
//!     std::path::Path::new("samples/qinghe-daily"),
//!     &paiban_ingest::IngestOptions::default(),
//! )?;
//! for d in &ingested.diagnostics {
//!     eprintln!("{d}");
//! }
//! # Ok::<(), paiban_ingest::IngestError>(())
//! ```

#![forbid(unsafe_code)]

pub mod chars;
pub mod decode;
pub mod images;
pub mod manifest;
pub mod markdown;
pub mod meta;
pub mod ocr;
pub mod passes;
mod patterns;
pub mod plaintext;
pub mod raw;
pub mod words;
pub mod wrapped;

pub use passes::Repair;

use paiban_model::{Diagnostic, Edition, Severity, Span};
use raw::RawPage;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Metadata for a bare page file or a folder per day (ignored when a manifest gives it).
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// `--masthead`
    pub masthead: Option<String>,
    /// `--date` (ISO `YYYY-MM-DD`)
    pub date: Option<String>,
    /// `--page`
    pub page: Option<u32>,
}

/// The result of reading and repairing an edition.
#[derive(Debug, Clone)]
pub struct Ingested {
    /// The repaired edition.
    pub edition: Edition,
    /// What every pass did or suspects, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Errors that stop an edition from being read. Each names the file and, where it can,
/// the line and column or the byte offset.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The source could not be read.
    #[error("{path}: {source}", path = .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is empty or holds only whitespace.
    #[error("{path}: empty file: no text to read", path = .path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file holds binary data (control bytes), not text.
    #[error("{path}: byte {offset}: binary data, not text", path = .path.display())]
    Binary {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first non-text byte.
        offset: usize,
    },
    /// The file's bytes are in no encoding paiban reads.
    #[error("{path}: byte {offset}: {message}", path = .path.display())]
    Encoding {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first byte that does not decode.
        offset: usize,
        /// What is wrong.
        message: String,
    },
    /// `edition.toml` is malformed or names pages that cannot be read.
    #[error("{path}:{line}:{column}: {message}", path = .path.display())]
    Manifest {
        /// The manifest.
        path: PathBuf,
        /// 1-based line (0 when the problem is the whole file).
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// An OCR file (hOCR, ALTO, PaddleOCR JSON) is malformed, hostile or too large.
    #[error("{path}:{line}: {message}", path = .path.display())]
    Ocr {
        /// The file.
        path: PathBuf,
        /// 1-based line (0 when the problem is the whole file).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A command-line option is invalid (e.g. `--date 2026-02-30`).
    #[error("{option}: {message}")]
    Option {
        /// The option, e.g. `--date`.
        option: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// `rel` inside `dir`, if it stays there: no absolute path, no `..`, and — when it exists —
/// no symlink leading out. The file is not opened.
pub fn safe_path(dir: &Path, rel: &str) -> Result<PathBuf, String> {
    let p = Path::new(rel);
    if rel.trim().is_empty() {
        return Err("empty path".into());
    }
    if p.is_absolute() || rel.starts_with('/') || rel.starts_with('\\') || p.has_root() {
        return Err("an absolute path is outside the edition folder".into());
    }
    if p.components().any(|c| {
        !matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    }) {
        return Err("the path leaves the edition folder ('..')".into());
    }
    let joined = dir.join(p);
    if let (Ok(real), Ok(root)) = (std::fs::canonicalize(&joined), std::fs::canonicalize(dir))
        && !real.starts_with(&root)
    {
        return Err("a symlink leads outside the edition folder".into());
    }
    Ok(joined)
}

fn read_file(path: &Path) -> Result<decode::Decoded, IngestError> {
    let bytes = std::fs::read(path).map_err(|source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    decode::decode(path, &bytes)
}

/// Read the edition at `path` and run the repair passes.
pub fn load(path: &Path, opts: &IngestOptions) -> Result<Ingested, IngestError> {
    let manifest_path = if path.is_dir() {
        let m = path.join("edition.toml");
        if !m.is_file() {
            return load_folder(path, opts);
        }
        Some(m)
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        Some(path.to_path_buf())
    } else {
        None
    };
    match manifest_path {
        Some(m) => load_manifest(&m, opts),
        None => load_bare(path, opts),
    }
}

fn load_manifest(path: &Path, opts: &IngestOptions) -> Result<Ingested, IngestError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let text = read_file(path)?.text;
    let m = manifest::parse(path, dir, &text)?;
    let mut diags = Vec::new();
    let known = m.masthead.clone().or_else(|| opts.masthead.clone());
    let masthead = match known.clone() {
        Some(x) => x,
        None => {
            let name = folder_name(dir);
            diags.push(Diagnostic::new(
                Severity::Note,
                "metadata",
                Span::new(path.display().to_string(), 0),
                &name,
                "no masthead in edition.toml: the folder's name is used",
            ));
            name
        }
    };
    let mut edition = Edition::new(masthead);
    edition.date = m.date.as_deref().and_then(paiban_model::Date::parse);
    edition.issue = m.issue.clone();
    edition.publisher = m.publisher.clone();
    if let Some(l) = &m.language {
        edition.language = l.clone();
    }
    edition.base_dir = Some(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()));
    let mut pages = Vec::with_capacity(m.pages.len());
    for spec in &m.pages {
        let rel_dir = Path::new(&spec.file)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        let (mut page, d, _) = read_page(
            &spec.path,
            dir,
            &rel_dir,
            spec.number,
            spec.name.clone(),
            known.as_deref(),
            &mut edition.pictures,
        )?;
        page.fixes = spec.fixes.clone();
        diags.extend(d);
        pages.push(page);
    }
    let given = m.language.is_some();
    Ok(finish(edition, pages, m.repair, given, diags))
}

fn folder_name(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "edition".into())
}

/// `--date`, checked.
fn option_date(opts: &IngestOptions) -> Result<Option<String>, IngestError> {
    opts.date
        .as_ref()
        .map(|d| {
            manifest::valid_date(d).ok_or_else(|| IngestError::Option {
                option: "--date",
                message: format!("invalid date {d:?}: expected YYYY-MM-DD"),
            })
        })
        .transpose()
}

fn load_bare(path: &Path, opts: &IngestOptions) -> Result<Ingested, IngestError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = path.display().to_string();
    let opts = &IngestOptions {
        date: option_date(opts)?,
        ..opts.clone()
    };
    let mut pictures = BTreeMap::new();
    let (mut page, mut diags, text) = read_bare(path, dir, opts, &mut pictures)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    page.fixes = bare_fixes(path, &stem)?;
    let meta = meta::resolve(&[(path.to_path_buf(), text.as_str())], None, opts);
    let mut edition = Edition::new(meta.masthead);
    edition.pictures = pictures;
    edition.date = meta.date.as_deref().and_then(paiban_model::Date::parse);
    edition.base_dir = Some(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()));
    diags.extend(meta.diags);
    match meta.pages.first().copied().flatten() {
        Some(n) => page.number = n,
        None => {
            let from = page
                .blocks
                .iter()
                .filter_map(|b| match patterns::jump_at_start(&b.text) {
                    Some((patterns::Jump::From(n), _)) => Some(n),
                    _ => None,
                })
                .max();
            if let Some(n) = from.and_then(|n| n.checked_add(1)) {
                page.number = n;
                diags.push(Diagnostic::new(
                    Severity::Note,
                    "metadata",
                    Span::new(file.clone(), 0),
                    "",
                    format!("no page number given (--page): taken as {n}, since the page continues articles from page {}", n - 1),
                ));
            }
        }
    }
    Ok(finish(edition, vec![page], Repair::default(), false, diags))
}

/// The editor's overrides for the bare page file `path`: the `[[fix]]` tables of
/// `STEM.fixes.toml` beside it, none when there is no such file.
fn bare_fixes(path: &Path, stem: &str) -> Result<Vec<passes::fixes::Fix>, IngestError> {
    let fixes_path = path.with_file_name(format!("{stem}.fixes.toml"));
    if !fixes_path.is_file() {
        return Ok(Vec::new());
    }
    let text = read_file(&fixes_path)?.text;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    manifest::parse_fixes(&fixes_path, &text, &name)
}

/// A folder of page files without `edition.toml` (a folder per day): one edition, its pages
/// in name order, numbered from the pages' `第N版` lines or their names when every page has a
/// distinct one (then ordered by number), else 1, 2, 3… in name order.
fn load_folder(dir: &Path, opts: &IngestOptions) -> Result<Ingested, IngestError> {
    // OCR pages with geometry first: Tesseract writes its .txt beside the .hocr / ALTO.
    let mut files = ocr::page_files(dir);
    if files.is_empty() {
        files = meta::page_files(dir);
    }
    if files.is_empty() {
        return Err(IngestError::Io {
            path: dir.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "a folder given as an edition must hold an edition.toml or page files (.md, .markdown, .txt, or ALTO / hOCR pages)",
            ),
        });
    }
    let opts = &IngestOptions {
        date: option_date(opts)?,
        ..opts.clone()
    };
    let mut read = Vec::with_capacity(files.len());
    let mut diags = Vec::new();
    let mut pictures = BTreeMap::new();
    for f in &files {
        let (page, d, text) = read_bare(f, dir, opts, &mut pictures)?;
        diags.extend(d);
        read.push((page, text));
    }
    let texts: Vec<(PathBuf, &str)> = files
        .iter()
        .zip(&read)
        .map(|(f, (_, t))| (f.clone(), t.as_str()))
        .collect();
    let meta = meta::resolve(&texts, Some(dir), opts);
    let numbered = meta.pages.iter().all(Option::is_some);
    let mut pages: Vec<RawPage> = read.into_iter().map(|(p, _)| p).collect();
    for (i, (p, n)) in pages.iter_mut().zip(&meta.pages).enumerate() {
        p.number = n.unwrap_or(u32::try_from(i + 1).unwrap_or(u32::MAX));
    }
    if numbered {
        pages.sort_by_key(|p| p.number);
    }
    let mut edition = Edition::new(meta.masthead);
    edition.date = meta.date.as_deref().and_then(paiban_model::Date::parse);
    edition.base_dir = Some(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()));
    edition.pictures = pictures;
    diags.extend(meta.diags);
    Ok(finish(edition, pages, Repair::default(), false, diags))
}

/// [`read_page`] for a page file given without a manifest: its number and name come later,
/// from its text or its file name.
fn read_bare(
    path: &Path,
    dir: &Path,
    opts: &IngestOptions,
    pictures: &mut BTreeMap<String, paiban_model::Picture>,
) -> Result<(RawPage, Vec<Diagnostic>, String), IngestError> {
    read_page(
        path,
        dir,
        Path::new(""),
        1,
        None,
        opts.masthead.as_deref(),
        pictures,
    )
}

/// Decode and read one page file; check its images.
fn read_page(
    path: &Path,
    base: &Path,
    rel_dir: &Path,
    number: u32,
    name: Option<String>,
    masthead: Option<&str>,
    pictures: &mut BTreeMap<String, paiban_model::Picture>,
) -> Result<(RawPage, Vec<Diagnostic>, String), IngestError> {
    let decoded = read_file(path)?;
    let file = path.display().to_string();
    let mut diags = Vec::new();
    if decoded.encoding != "UTF-8" {
        diags.push(Diagnostic::new(
            Severity::Note,
            "encoding",
            Span::new(file.clone(), 0),
            "",
            format!("decoded from {}", decoded.encoding),
        ));
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let format = match ext.as_str() {
        "md" | "markdown" | "mdown" | "txt" | "text" => None,
        _ => ocr::sniff(&decoded.text),
    };
    if format.is_none() && matches!(ext.as_str(), "hocr" | "xml" | "json") {
        return Err(IngestError::Ocr {
            path: path.to_path_buf(),
            line: 0,
            message: "not an OCR file paiban reads (hOCR with ocr_page, ALTO XML, PaddleOCR JSON)"
                .into(),
        });
    }
    let mut plain = match ext.as_str() {
        "md" | "markdown" | "mdown" => false,
        "txt" | "text" => true,
        _ => format.is_none() && plaintext::looks_plain(&decoded.text),
    };
    let mut blocks = if let Some(f) = format {
        let mut page = ocr::read(&decoded.text, path, f)?;
        for (line, text, kind) in ocr::fragments::drop_pieces(&mut page) {
            let what = match kind {
                ocr::fragments::Dropped::GlyphPiece => {
                    "dropped a piece of a large glyph that the engine read as text of its own \
                     (a line of one or two characters, read with little confidence, inside a \
                     headline's row)"
                }
                ocr::fragments::Dropped::Rule => {
                    "dropped a vertical rule that the engine read as bars (a line of `|` only, \
                     far narrower than it is high)"
                }
            };
            diags.push(layout_note(&file, line, &text, what));
        }
        ocr::layout::blocks_with(&page, &file, masthead)
    } else if plain {
        plaintext::read(&decoded.text, &file)
    } else {
        markdown::read(&decoded.text, &file)
    };
    if format.is_none() {
        raw::mark_blank_lines(&decoded.text, &mut blocks);
        let wrapped = wrapped::is_wrapped(&decoded.text);
        if plain || wrapped {
            let across = wrapped::run_across(&blocks);
            if let Some(&first) = across.first() {
                let shown: Vec<String> = across.iter().take(5).map(u32::to_string).collect();
                diags.push(Diagnostic::new(
                    Severity::Warning,
                    "wrapped",
                    Span::new(file.clone(), first),
                    "",
                    format!(
                        "the OCR engine ran {} lines across columns (wide gaps inside lines {}{}): plain text \
                         keeps no geometry to put their text back in order; its hOCR or ALTO \
                         output does (`tesseract IMAGE OUT hocr`)",
                        across.len(),
                        shown.join(", "),
                        if across.len() > shown.len() { ", …" } else { "" }
                    ),
                ));
            }
            for (line, text) in wrapped::drop_gap_specks(&mut blocks) {
                let what = "dropped specks the engine read in the gutters of a line it ran \
                            across columns (a piece set off by wide gaps with no Han character \
                            or digit)";
                diags.push(layout_note(&file, line, &text, what));
            }
        }
        if wrapped {
            // Line-wrapped (OCR, line-true transcription), whatever the extension: lines are
            // joined into paragraphs; display lines are unmarked, as in a plain-text export.
            for (line, text) in wrapped::drop_rules(&mut blocks) {
                let what = "dropped a vertical rule that the engine read as bars (`|` alone \
                            on a line, or before a line's text)";
                diags.push(layout_note(&file, line, &text, what));
            }
            blocks = wrapped::rewrap(&decoded.text, blocks);
            plain = true;
            diags.push(Diagnostic::new(
                Severity::Note,
                "wrapped",
                Span::new(file.clone(), 0),
                "",
                "line-wrapped text (most lines run to a common width, mid-sentence): lines joined into paragraphs",
            ));
        }
    }
    diags.extend(images::check_images(&mut blocks, base, rel_dir, pictures));
    // What the metadata reader sees: the page's text, or for OCR its lines in reading order.
    let text = if format.is_some() {
        blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        decoded.text
    };
    Ok((
        RawPage {
            number,
            name,
            file,
            plain,
            geometry: format.is_some(),
            blocks,
            fixes: Vec::new(),
        },
        diags,
        text,
    ))
}

/// A note of the OCR layout's: `text` at `line` of `file` was dropped, for `what`.
fn layout_note(file: &str, line: u32, text: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        Severity::Note,
        "layout",
        Span::new(file.to_string(), line),
        text,
        what,
    )
}

/// Run the passes and order the diagnostics by page and line. Without a `language` in the
/// manifest (`language_given`), an edition whose text reads as Traditional Chinese
/// ([`passes::variants::detect_traditional`]) is marked `zh-Hant`, with a note.
fn finish(
    mut edition: Edition,
    pages: Vec<RawPage>,
    repair: Repair,
    language_given: bool,
    mut diags: Vec<Diagnostic>,
) -> Ingested {
    if !language_given {
        diags.extend(passes::variants::detect_traditional(&pages, &mut edition));
    }
    let order: BTreeMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.file.clone(), i))
        .collect();
    diags.extend(passes::run(pages, &mut edition, repair));
    diags.sort_by_key(|d| (order.get(&*d.span.file).copied().unwrap_or(0), d.span.line));
    Ingested {
        edition,
        diagnostics: diags,
    }
}
