//! paiban-eval — a development corpus and a score anyone can run.
//!
//! Input: page files whose structure is their own truth ([`truth`]): the web-edition and
//! archive pages of `../shared/editions/dev/` (never copied into the repository) and the
//! fictional pages of `samples/truth-pages/`. Output: one [`Row`] per page and variant — the
//! clean page read as is, and the page damaged by the [`damage`] model written as OCR'd
//! Markdown and as plain text — each scored by [`score`] against the clean truth; [`report`]
//! prints them.
//!
//! Pages are split into two halves by their sorted file names, alternately: the 1st, 3rd, …
//! page is TUNE (tune the passes on it), the 2nd, 4th, … is CHECK (see whether it holds).

#![forbid(unsafe_code)]

pub mod damage;
pub mod report;
pub mod score;
pub mod truth;

use damage::{Kinds, Rng};
use paiban_ingest::{IngestOptions, load};
use score::Score;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Errors that stop a page from being scored.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// A file could not be read or written.
    #[error("{path}: {source}", path = .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// paiban could not read the page.
    #[error(transparent)]
    Ingest(#[from] paiban_ingest::IngestError),
    /// The page does not carry its own truth.
    #[error("{path}:1: not a page whose structure is its truth (web-edition or archive layout expected)", path = .path.display())]
    NotTruth {
        /// The file.
        path: PathBuf,
    },
}

/// TUNE or CHECK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Half {
    /// Tune the passes on these pages.
    Tune,
    /// Check that what was tuned holds here.
    Check,
}

/// One scored reading of one page.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The page's file name.
    pub page: String,
    /// Its half.
    pub half: Half,
    /// `clean`, `md` (damaged, Markdown) or `txt` (damaged, plain text).
    pub variant: &'static str,
    /// The score.
    pub score: Score,
    /// Every miss with its text (printed with `--verbose`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<String>,
}

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Damage kinds for the damaged variants; none: only the clean page.
    pub kinds: Kinds,
    /// Seed of the damage model.
    pub seed: u64,
    /// Also read the clean page as is.
    pub clean: bool,
    /// Write the damaged pages into this folder (and read them from there) to look at them;
    /// else they go to a temporary folder that is removed.
    pub keep: Option<PathBuf>,
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// The truth pages among the files of `dir` (not recursive), sorted by name, with halves.
pub fn pages_in(dir: &Path) -> Result<Vec<(PathBuf, Half)>, EvalError> {
    let io = |source| EvalError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        if truth::read(&read(&f)?).is_some() {
            let half = if out.len() % 2 == 0 {
                Half::Tune
            } else {
                Half::Check
            };
            out.push((f, half));
        }
    }
    Ok(out)
}

static TEMP: AtomicUsize = AtomicUsize::new(0);

fn read_damaged(
    keep: Option<&Path>,
    name: &str,
    text: &str,
) -> Result<paiban_ingest::Ingested, EvalError> {
    let dir = match keep {
        Some(k) => k.to_path_buf(),
        None => std::env::temp_dir().join(format!(
            "paiban-eval-{}-{}",
            std::process::id(),
            TEMP.fetch_add(1, Ordering::Relaxed)
        )),
    };
    let file = dir.join(name);
    let io = |source| EvalError::Io {
        path: file.clone(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    std::fs::write(&file, text).map_err(io)?;
    let r = load(&file, &IngestOptions::default());
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    Ok(r?)
}

/// Score the page at `path` (its truth read from itself): clean, and damaged as Markdown and
/// as plain text when `cfg.kinds` has any kind on.
pub fn eval_page(path: &Path, half: Half, cfg: &Config) -> Result<Vec<Row>, EvalError> {
    let text = read(path)?;
    let Some((truth, _)) = truth::read(&text) else {
        return Err(EvalError::NotTruth {
            path: path.to_path_buf(),
        });
    };
    let page = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut rows = Vec::new();
    let mut row = |variant, read: &paiban_ingest::Ingested, source: &str| {
        let (score, log) = score::score(&truth, read, source);
        rows.push(Row {
            page: page.clone(),
            half,
            variant,
            score,
            log,
        });
    };
    if cfg.clean {
        row("clean", &load(path, &IngestOptions::default())?, &text);
    }
    if cfg.kinds.any() {
        let pieces = damage::damage(&truth, &cfg.kinds, &mut Rng::new(cfg.seed, &page));
        let md = damage::render_md(&pieces);
        let keep = cfg
            .keep
            .as_ref()
            .map(|k| k.join(format!("seed-{}", cfg.seed)));
        let keep = keep.as_deref();
        let read = read_damaged(keep, &format!("{stem}.md"), &md)?;
        row("md", &read, &md);
        let txt = damage::render_txt(&pieces, cfg.kinds.noindent);
        let read = read_damaged(keep, &format!("{stem}.txt"), &txt)?;
        row("txt", &read, &txt);
    }
    Ok(rows)
}

/// The development set: `$PAIBAN_DEV_SET`, else `shared/editions/dev` in the current folder
/// or one of its ancestors, else the same beside this crate's workspace.
pub fn dev_set() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PAIBAN_DEV_SET") {
        return Some(PathBuf::from(p));
    }
    let starts = [
        std::env::current_dir().ok(),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR"))),
    ];
    starts.into_iter().flatten().find_map(|s| {
        s.ancestors()
            .map(|a| a.join("shared/editions/dev"))
            .find(|d| d.is_dir())
    })
}
