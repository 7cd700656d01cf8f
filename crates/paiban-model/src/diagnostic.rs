//! Source locations and diagnostics: what a stage repaired, suspects or rejects.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// A place in a source file: the file as the user named it and a 1-based line (0 = unknown).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// The source file, as given by the user or the manifest.
    pub file: Arc<str>,
    /// 1-based line number; 0 when unknown.
    pub line: u32,
}

impl Span {
    /// A span at `line` of `file`.
    pub fn new(file: impl Into<Arc<str>>, line: u32) -> Self {
        Span {
            file: file.into(),
            line,
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}", self.file, self.line)
        } else {
            write!(f, "{}", self.file)
        }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A repair that was made; informational.
    Note,
    /// Something that may be wrong in the output (text possibly missing, image left out).
    Warning,
    /// The edition cannot be built.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One thing a stage reports: what it did or suspects, where, and about which text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The pass or check that raised it, e.g. `"dedupe"`, `"join"`, `"coverage"`.
    pub code: String,
    /// Where in the source.
    pub span: Span,
    /// A short excerpt of the text concerned (may be empty).
    pub snippet: String,
    /// What was done or what is wrong, in plain words.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic of `severity` from `code` at `span`.
    pub fn new(
        severity: Severity,
        code: impl Into<String>,
        span: Span,
        snippet: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code: code.into(),
            span,
            snippet: snippet.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.span, self.severity, self.code, self.message
        )?;
        if !self.snippet.is_empty() {
            write!(f, "\n    | {}", self.snippet)?;
        }
        Ok(())
    }
}
