//! `paiban build --log-format json`: one JSON object per line on stdout, for job runners.
//!
//! Input: each edition's [`Outcome`] (or a failure found before building), then the run's
//! totals. Output: lines on stdout, each a complete JSON object with a `"type"`:
//!
//! - `"edition"`: `source` (the path as found), `name` (the books' stem), `status`
//!   (`"built"`, `"up-to-date"` or `"failed"`), `books` (`[{"path", "bytes"}]`, also for an
//!   edition up to date), `warnings` and `errors` (the diagnostics at those severities, as
//!   `paiban check --format json` prints them), `error` (why it failed, else `null`) and
//!   `seconds` (`ingest`, `fonts`, `epub`, `pdf`, `total`);
//! - `"summary"`, last: `editions`, `built`, `up_to_date`, `failed`, `books`, `bytes`,
//!   `warnings`, `seconds`, `shard` (`"I/N"` or `null`).
//!
//! Lines are written whole and flushed, so a reader may follow them as they come; stderr
//! stays silent but for a run that cannot start.

use crate::pipeline::Outcome;
use paiban_model::Severity;
use serde_json::{Value, json};
use std::io::Write;

/// Write one line; a closed stdout is not the run's failure (the books are still written).
pub fn emit(v: &Value) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{v}").and_then(|()| out.flush());
}

/// The line of one edition.
pub fn edition(o: &Outcome) -> Value {
    let of = |s: Severity| -> Vec<&paiban_model::Diagnostic> {
        o.diagnostics.iter().filter(|d| d.severity == s).collect()
    };
    let status = match (&o.error, o.skipped) {
        (Some(_), _) => "failed",
        (None, true) => "up-to-date",
        (None, false) => "built",
    };
    let t = &o.timings;
    json!({
        "type": "edition",
        "source": o.source.path.display().to_string(),
        "name": o.source.name,
        "status": status,
        "books": o.books.iter().map(|(f, p, n)| json!({
            "format": f.name(),
            "path": p.display().to_string(),
            "bytes": n,
        })).collect::<Vec<_>>(),
        "warnings": of(Severity::Warning),
        "errors": of(Severity::Error),
        "error": o.error,
        "seconds": {
            "ingest": t.ingest.as_secs_f64(),
            "fonts": t.fonts.as_secs_f64(),
            "epub": t.epub.as_secs_f64(),
            "kepub": t.kepub.as_secs_f64(),
            "azw3": t.azw3.as_secs_f64(),
            "pdf": t.pdf.as_secs_f64(),
            "total": t.total.as_secs_f64(),
        },
    })
}

/// The line of an argument or edition that failed before it could be built.
pub fn failure(what: &str, reason: &str) -> Value {
    json!({
        "type": "edition",
        "source": what,
        "name": null,
        "status": "failed",
        "books": [],
        "warnings": [],
        "errors": [],
        "error": reason,
        "seconds": null,
    })
}

/// The run's totals.
pub struct Totals {
    pub editions: usize,
    pub built: usize,
    pub up_to_date: usize,
    pub failed: usize,
    pub books: usize,
    pub bytes: u64,
    pub warnings: usize,
    pub seconds: f64,
    pub shard: Option<crate::archive::Shard>,
}

/// The summary line.
pub fn summary(t: &Totals) -> Value {
    json!({
        "type": "summary",
        "editions": t.editions,
        "built": t.built,
        "up_to_date": t.up_to_date,
        "failed": t.failed,
        "books": t.books,
        "bytes": t.bytes,
        "warnings": t.warnings,
        "seconds": t.seconds,
        "shard": t.shard.map(|s| s.to_string()),
    })
}
