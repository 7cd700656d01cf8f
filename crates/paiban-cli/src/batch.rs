//! `paiban build`: many editions in parallel, a progress bar or log lines, a summary.
//!
//! Input: a [`BuildConfig`]. Output: the books on disk, progress and diagnostics on stderr,
//! and whether every edition was built. The fonts are loaded once for the whole run; editions
//! are spread over a rayon pool of `--jobs` threads (each edition's EPUB and PDF run on the
//! same pool); each [`Outcome`] is streamed to the reporter on the main thread as soon as its
//! edition is done and then dropped, so memory stays flat in the number of editions.
//! One failed edition never stops the others. The editions come from the arguments and
//! `--from-list`, cut to `--shard`'s part ([`crate::archive`]); an edition whose books are up
//! to date is skipped ([`crate::stamp`]); `--log-format json` reports in [`crate::jsonlog`].

use crate::archive::{self, LogFormat, Shard};
use crate::args::Format;
use crate::config::{BuildConfig, Verbosity};
use crate::diag;
use crate::discover::{self, EditionSource};
use crate::jsonlog;
use crate::pipeline::{self, Outcome, RunContext};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use paiban_fonts::FontSet;
use paiban_model::Severity;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

/// Run `paiban build`; `Ok(true)` when every edition was built.
pub fn run(cfg: &BuildConfig) -> anyhow::Result<bool> {
    let started = Instant::now();
    let mut args = cfg.editions.clone();
    if let Some(list) = &cfg.archive.from_list {
        args.extend(archive::read_list(list)?);
    }
    let (editions, arg_errors) = discover::discover(&args);
    let editions = archive::select(editions, &args, cfg.archive.shard);
    // A PDF written page by page needs glibc's mmap threshold fixed: run again with it (before
    // anything is written; not when the list came from stdin, which is consumed).
    let stdin_list = cfg.archive.from_list.as_deref() == Some(std::path::Path::new("-"));
    if cfg.wants(crate::args::Format::Pdf)
        && !stdin_list
        && editions
            .iter()
            .any(|e| crate::malloc::source_bytes(&e.path) > paiban_pdf::PAGED_FROM as u64)
    {
        crate::malloc::fix_mmap_threshold();
    }
    let mut reporter = Reporter::new(editions.len() + arg_errors.len(), cfg, started);
    for e in arg_errors {
        reporter.fail(e.path.display().to_string(), e.reason);
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.jobs)
        .thread_name(|i| format!("paiban-{i}"))
        // A worker waiting in `rayon::join` (EPUB ∥ PDF) runs other editions' jobs on its
        // own stack, so editions can nest; 64 MiB is address space, touched only if used.
        .stack_size(64 << 20)
        .build()?;
    // Books carry the edition's date, read cheaply (no repair pass) before anything is built,
    // so that name clashes are found up front; in parallel, in the given order.
    let editions: Vec<EditionSource> = pool.install(|| {
        editions
            .into_par_iter()
            .map(|mut e| {
                let date = paiban_ingest::meta::edition_date(&e.path, &cfg.ingest);
                e.name = discover::book_name(&e, date.as_deref());
                e
            })
            .collect()
    });
    let (editions, clashes) = split_name_clashes(editions);
    for (src, other) in clashes {
        reporter.fail(
            src.path.display().to_string(),
            format!(
                "its books would be named {name}.* like those of {other}; rename one",
                name = src.name,
                other = other.display()
            ),
        );
    }
    if !editions.is_empty() {
        crate::output::ensure_dir(&cfg.output)?;
        let t = Instant::now();
        let fonts = FontSet::load(&cfg.fonts)?;
        if cfg.verbosity == Verbosity::Verbose {
            reporter.line(&format!(
                "fonts loaded in {:.3} s (once for the run)",
                t.elapsed().as_secs_f64()
            ));
        }
        let ctx = RunContext::new(cfg, &fonts);
        let (tx, rx) = std::sync::mpsc::channel::<Outcome>();
        std::thread::scope(|scope| {
            let ctx = &ctx;
            scope.spawn(move || {
                pool.install(|| {
                    editions.into_par_iter().for_each_with(tx, |tx, src| {
                        // The receiver lives until every sender is gone.
                        let _ = tx.send(pipeline::build_one(ctx, src));
                    });
                });
            });
            for outcome in rx {
                reporter.record(outcome);
            }
        });
    }
    Ok(reporter.finish())
}

/// Editions whose books would overwrite an earlier edition's in this run, with that edition.
#[allow(clippy::type_complexity)]
fn split_name_clashes(
    editions: Vec<EditionSource>,
) -> (Vec<EditionSource>, Vec<(EditionSource, PathBuf)>) {
    let mut first: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut keep = Vec::new();
    let mut clashes = Vec::new();
    for e in editions {
        // File systems may fold case: compare names case-insensitively.
        let key = e.name.to_lowercase();
        match first.get(&key) {
            Some(other) => clashes.push((e, other.clone())),
            None => {
                first.insert(key, e.path.clone());
                keep.push(e);
            }
        }
    }
    (keep, clashes)
}

/// Progress, per-edition lines and the summary, on stderr (or as JSON lines on stdout).
struct Reporter {
    verbosity: Verbosity,
    json: bool,
    shard: Option<Shard>,
    skipped: usize,
    bar: Option<ProgressBar>,
    started: Instant,
    total: usize,
    done: usize,
    built: usize,
    books: usize,
    /// Books written, per format.
    by_format: BTreeMap<Format, usize>,
    bytes: u64,
    warnings: usize,
    failed: Vec<(String, String)>,
}

impl Reporter {
    fn new(total: usize, cfg: &BuildConfig, started: Instant) -> Reporter {
        let verbosity = cfg.verbosity;
        let json = cfg.archive.log_format == LogFormat::Json;
        let show_bar = !json && verbosity > Verbosity::Quiet && std::io::stderr().is_terminal();
        let bar = show_bar.then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total as u64),
                ProgressDrawTarget::stderr_with_hz(8),
            );
            let style = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} editions · {msg} · {elapsed} · ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Reporter {
            verbosity,
            json,
            shard: cfg.archive.shard,
            skipped: 0,
            bar,
            started,
            total,
            done: 0,
            built: 0,
            books: 0,
            by_format: BTreeMap::new(),
            bytes: 0,
            warnings: 0,
            failed: Vec::new(),
        }
    }

    /// Print a line above the progress bar (or plainly without one; not at all in JSON).
    fn line(&self, s: &str) {
        if self.json {
            return;
        }
        match &self.bar {
            Some(bar) => bar.println(s),
            None => elog!("{s}"),
        }
    }

    fn tick(&mut self) {
        self.done += 1;
        if let Some(bar) = &self.bar {
            bar.set_position(self.done as u64);
            let secs = self.started.elapsed().as_secs_f64();
            if secs > 0.0 {
                bar.set_message(format!("{:.1} editions/s", self.done as f64 / secs));
            }
        }
    }

    fn fail(&mut self, what: String, reason: String) {
        if self.json {
            jsonlog::emit(&jsonlog::failure(&what, &reason));
        }
        self.note_failure(what, reason);
    }

    /// Count a failure and print its text line.
    fn note_failure(&mut self, what: String, reason: String) {
        self.tick();
        // Library errors usually start with the file they are about: don't say it twice.
        let reason = match reason.strip_prefix(&format!("{what}: ")) {
            Some(rest) => rest.to_string(),
            None => reason,
        };
        self.line(&format!(
            "[{}/{}] failed {what}: {reason}",
            self.done, self.total
        ));
        self.failed.push((what, reason));
    }

    fn record(&mut self, o: Outcome) {
        if self.json {
            let line = jsonlog::edition(&o);
            if o.error.is_none() {
                jsonlog::emit(&line);
            }
            // A failure's line is written by `fail`, after the counts below.
            return self.count(o, Some(line));
        }
        self.count(o, None);
    }

    /// Count `o` and print its text lines (`json_line`: the failure's JSON line instead).
    fn count(&mut self, o: Outcome, json_line: Option<serde_json::Value>) {
        if o.skipped {
            self.tick();
            self.skipped += 1;
            if self.verbosity == Verbosity::Verbose {
                self.line(&format!(
                    "[{}/{}] up to date {}",
                    self.done, self.total, o.source.name
                ));
            }
            return;
        }
        let floor = match self.verbosity {
            Verbosity::Quiet => Severity::Error,
            Verbosity::Normal => Severity::Warning,
            Verbosity::Verbose => Severity::Note,
        };
        for d in o.diagnostics.iter().filter(|d| d.severity >= floor) {
            self.line(&diag::render(d));
        }
        let warnings = o.count(Severity::Warning);
        self.warnings += warnings;
        match o.error {
            Some(reason) => {
                if let Some(line) = json_line {
                    jsonlog::emit(&line);
                }
                self.note_failure(o.source.path.display().to_string(), reason);
            }
            None => {
                self.tick();
                self.built += 1;
                self.books += o.books.len();
                self.bytes += o.books.iter().map(|(_, _, n)| n).sum::<u64>();
                for (f, _, _) in &o.books {
                    *self.by_format.entry(*f).or_default() += 1;
                }
                if self.verbosity > Verbosity::Quiet {
                    let books: Vec<String> = o
                        .books
                        .iter()
                        .map(|(_, p, n)| format!("{} ({})", p.display(), human_bytes(*n)))
                        .collect();
                    let mut s = format!(
                        "[{}/{}] built {}: {}",
                        self.done,
                        self.total,
                        o.source.name,
                        books.join(", ")
                    );
                    if warnings > 0 {
                        s.push_str(&format!(", {warnings} warning{}", plural(warnings)));
                    }
                    s.push_str(&format!(" in {:.2} s", o.timings.total.as_secs_f64()));
                    if self.verbosity == Verbosity::Verbose {
                        let t = &o.timings;
                        s.push_str(&format!(
                            " (ingest {:.3}, fonts {:.3}, epub {:.3}, kepub {:.3}, azw3 {:.3}, pdf {:.3})",
                            t.ingest.as_secs_f64(),
                            t.fonts.as_secs_f64(),
                            t.epub.as_secs_f64(),
                            t.kepub.as_secs_f64(),
                            t.azw3.as_secs_f64(),
                            t.pdf.as_secs_f64()
                        ));
                    }
                    self.line(&s);
                }
            }
        }
    }

    /// Print the summary; true when nothing failed.
    fn finish(self) -> bool {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let secs = self.started.elapsed().as_secs_f64();
        if self.json {
            jsonlog::emit(&jsonlog::summary(&jsonlog::Totals {
                editions: self.total,
                built: self.built,
                up_to_date: self.skipped,
                failed: self.failed.len(),
                books: self.books,
                bytes: self.bytes,
                warnings: self.warnings,
                seconds: secs,
                shard: self.shard,
            }));
            return self.failed.is_empty();
        }
        if self.verbosity > Verbosity::Quiet {
            let rate = if secs > 0.0 {
                self.built as f64 / secs
            } else {
                0.0
            };
            let kinds: Vec<String> = self
                .by_format
                .iter()
                .map(|(f, n)| format!("{n} {}", f.name()))
                .collect();
            let kinds = if kinds.is_empty() {
                String::new()
            } else {
                format!(": {}", kinds.join(", "))
            };
            let shard = self
                .shard
                .map(|s| format!(" in shard {s}"))
                .unwrap_or_default();
            elog!(
                "built {} of {} edition{}{shard} ({} book{}{kinds}; {}) in {secs:.2} s ({rate:.1} editions/s); \
                 {} up to date; {} warning{}; {} failed",
                self.built,
                self.total,
                plural(self.total),
                self.books,
                plural(self.books),
                human_bytes(self.bytes),
                self.skipped,
                self.warnings,
                plural(self.warnings),
                self.failed.len()
            );
        }
        if !self.failed.is_empty() {
            elog!("failed:");
            for (what, reason) in &self.failed {
                elog!("  {what}: {reason}");
            }
        }
        self.failed.is_empty()
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn human_bytes(n: u64) -> String {
    if n >= 10 * 1024 * 1024 {
        format!("{:.0} MB", n as f64 / 1048576.0)
    } else if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / 1048576.0)
    } else if n >= 1024 {
        format!("{:.0} KB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}
