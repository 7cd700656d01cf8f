//! `paiban check` and `paiban inspect`: read, repair and report; never write a file.
//!
//! Input: a [`CheckConfig`] (or one edition path for inspect). Output on stdout: the
//! diagnostics of every edition (compiler-style text, or one JSON array), or the repaired
//! edition as JSON. `check` runs everything `build` runs before the exporters (reading,
//! repair passes, font coverage and subsetting in memory), so "buildable" means the same.
//! With `--report FILE` it also writes the editor's review page of each edition
//! ([`crate::report`]); that page is the only file `check` ever writes.

use crate::config::CheckConfig;
use crate::diag;
use crate::discover;
use crate::{output, report};
use paiban_fonts::FontSet;
use paiban_model::{Diagnostic, Edition, Severity};
use paiban_prepare::{Preparer, Timings};
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;
use std::path::Path;

/// One edition's verdict, also the JSON form (`check --format json` prints an array of them).
#[derive(Debug, Serialize)]
struct Report {
    /// The edition as discovered (folder or page file).
    source: String,
    /// Whether `paiban build` would build it (with the same flags).
    buildable: bool,
    /// Why not, when not.
    error: Option<String>,
    diagnostics: Vec<Diagnostic>,
    /// Where `--report` wrote the review page (not part of the JSON).
    #[serde(skip)]
    review: Option<String>,
}

/// Editions checked at once; output keeps discovery order.
const CHUNK: usize = 32;

/// Run `paiban check`; `Ok(true)` when every edition is buildable.
pub fn run(cfg: &CheckConfig) -> anyhow::Result<bool> {
    let (editions, arg_errors) = discover::discover(&cfg.editions);
    let mut reports: Vec<Report> = arg_errors
        .into_iter()
        .map(|e| Report {
            source: e.path.display().to_string(),
            buildable: false,
            error: Some(e.reason),
            diagnostics: Vec::new(),
            review: None,
        })
        .collect();
    let fonts = if editions.is_empty() {
        None
    } else {
        Some(FontSet::load(&cfg.fonts)?)
    };
    let mut ok = reports.is_empty();
    let mut written_all = true;
    let mut out = std::io::stdout().lock();
    let mut json_started = false;
    if cfg.json {
        write!(out, "[")?;
    }
    let mut emit =
        |reports: Vec<Report>, out: &mut std::io::StdoutLock<'_>| -> anyhow::Result<()> {
            for mut r in reports {
                ok &= r.buildable;
                if cfg.json {
                    if cfg.quiet {
                        r.diagnostics.retain(|d| d.severity >= Severity::Warning);
                    }
                    let sep = if json_started { "," } else { "" };
                    json_started = true;
                    write!(out, "{sep}\n{}", serde_json::to_string_pretty(&r)?)?;
                } else {
                    print_text(&r, cfg.quiet, out)?;
                }
            }
            Ok(())
        };
    emit(std::mem::take(&mut reports), &mut out)?;
    if let Some(fonts) = &fonts {
        let preparer = Preparer {
            allow_missing_glyphs: cfg.allow_missing_glyphs,
            strict: cfg.strict,
            ..Preparer::new(&cfg.ingest, fonts)
        };
        let names: Vec<&str> = editions.iter().map(|e| e.name.as_str()).collect();
        let targets = cfg.report.as_ref().map(|f| report::paths(f, &names));
        for (c, chunk) in editions.chunks(CHUNK).enumerate() {
            let batch: Vec<(Report, bool)> = chunk
                .par_iter()
                .enumerate()
                .map(|(j, src)| {
                    let target = targets.as_ref().and_then(|t| t.get(c * CHUNK + j));
                    let mut diagnostics = Vec::new();
                    let mut timings = Timings::default();
                    let (result, edition) =
                        match preparer.read(&src.path, &mut diagnostics, &mut timings) {
                            Ok(e) => {
                                let kept = target.map(|_| e.clone());
                                let r = preparer.fit_fonts(e, &mut diagnostics, &mut timings);
                                (r.map(|_| ()).map_err(|e| e.to_string()), kept)
                            }
                            Err(e) => (Err(e.to_string()), None),
                        };
                    let mut r = Report {
                        source: src.path.display().to_string(),
                        buildable: result.is_ok(),
                        error: result.err(),
                        diagnostics,
                        review: None,
                    };
                    let written = target.is_none_or(|t| {
                        let ok = write_review(t, &r, edition.as_ref());
                        r.review = ok.then(|| t.display().to_string());
                        ok
                    });
                    (r, written)
                })
                .collect();
            written_all &= batch.iter().all(|(_, w)| *w);
            emit(batch.into_iter().map(|(r, _)| r).collect(), &mut out)?;
        }
    }
    if cfg.json {
        writeln!(out, "\n]")?;
    }
    out.flush()?;
    Ok(ok && written_all)
}

/// Write the review page of one checked edition to `path`; `false` (and a message) when
/// it cannot be written.
fn write_review(path: &Path, r: &Report, edition: Option<&Edition>) -> bool {
    let html = report::render(&report::Review {
        source: &r.source,
        edition,
        diagnostics: &r.diagnostics,
        error: r.error.as_deref(),
    });
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let written = dir
        .map_or(Ok(()), output::ensure_dir)
        .and_then(|()| output::stage(path, html.as_bytes()))
        .and_then(output::Staged::commit);
    match written {
        Ok(_) => true,
        Err(e) => {
            elog!("error: review not written: {e}");
            false
        }
    }
}

fn print_text(r: &Report, quiet: bool, out: &mut impl Write) -> std::io::Result<()> {
    let floor = if quiet {
        Severity::Warning
    } else {
        Severity::Note
    };
    for d in r.diagnostics.iter().filter(|d| d.severity >= floor) {
        writeln!(out, "{}\n", diag::render(d))?;
    }
    let count = |s| r.diagnostics.iter().filter(|d| d.severity == s).count();
    let counted = |s, what| {
        let n = count(s);
        format!("{n} {what}{}", if n == 1 { "" } else { "s" })
    };
    let (e, w, n) = (
        counted(Severity::Error, "error"),
        counted(Severity::Warning, "warning"),
        counted(Severity::Note, "note"),
    );
    let written = match &r.review {
        Some(path) => format!("review written to {path}"),
        None => "nothing written".into(),
    };
    match &r.error {
        None => writeln!(out, "{}: buildable ({w}, {n}; {written})", r.source),
        // An edition that could not even be read has no diagnostics to count.
        Some(reason) if r.diagnostics.is_empty() => {
            writeln!(out, "{}: NOT buildable: {reason}", r.source)
        }
        Some(reason) => {
            writeln!(out, "{}: NOT buildable ({e}, {w}, {n}): {reason}", r.source)?;
            match &r.review {
                Some(path) => writeln!(out, "{}: review written to {path}", r.source),
                None => Ok(()),
            }
        }
    }
}

/// Run `paiban inspect`: the repaired edition as JSON on stdout; `Ok(false)` when the
/// reader reported an error (the edition is printed all the same).
pub fn inspect(
    edition: &std::path::Path,
    ingest: &paiban_ingest::IngestOptions,
) -> anyhow::Result<bool> {
    let ingested = paiban_ingest::load(edition, ingest)?;
    for d in ingested
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
    {
        elog!("{}", diag::render(d));
    }
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &ingested.edition)?;
    writeln!(out)?;
    Ok(!ingested
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error))
}
