//! paiban-ingest — read and repair.
//!
//! Input: an edition path (an `edition.toml` manifest, a folder holding one, or a bare page
//! file in Markdown or plain text). Output: a repaired [`paiban_model::Edition`] and the
//! [`paiban_model::Diagnostic`]s of every repair pass, each with its source file and line.

#![forbid(unsafe_code)]

use paiban_model::{Diagnostic, Edition};
use std::path::{Path, PathBuf};

/// Metadata for a bare page file (ignored when a manifest gives it).
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

/// Errors that stop an edition from being read.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The source could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Read the edition at `path` and run the repair passes.
pub fn load(path: &Path, opts: &IngestOptions) -> Result<Ingested, IngestError> {
    let _ = (path, opts);
    Err(IngestError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other("ingest not implemented yet"),
    })
}
