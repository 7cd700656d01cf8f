//! `paiban-eval`: score paiban's reading of truth pages, clean and damaged.
//!
//! Input: `--page FILE` (repeatable) or folders of pages (default: the development set,
//! `../shared/editions/dev`). Output: the table of [`paiban_eval::report`] on stdout, or JSON.

use clap::Parser;
use paiban_eval::damage::Kinds;
use paiban_eval::{Config, Half, dev_set, eval_page, pages_in, report};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Score paiban's reading of pages whose structure is their own truth.
#[derive(Parser, Debug)]
#[command(name = "paiban-eval")]
struct Args {
    /// Folders of truth pages (default: the development set shared/editions/dev).
    dirs: Vec<PathBuf>,
    /// Score only this page file (repeatable).
    #[arg(long)]
    page: Vec<PathBuf>,
    /// Damage kinds: none, all, or a comma list of split, interpose, noindent, marks, repeat,
    /// article, ascii, spaces, ocr, headsplit (`all,-repeat` switches one off).
    #[arg(long, default_value = "all")]
    damage: String,
    /// Seed of the damage model.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Damage each page with this many seeds (seed, seed+1, …); totals sum over them.
    #[arg(long, default_value_t = 1)]
    seeds: u64,
    /// Skip the clean reading (damaged variants only).
    #[arg(long)]
    no_clean: bool,
    /// Print JSON instead of the table (with `--verbose`, each row's misses too).
    #[arg(long)]
    json: bool,
    /// List every miss and false join with its text under its row.
    #[arg(long)]
    verbose: bool,
    /// Write the damaged pages into this folder, one subfolder `seed-N` per seed, to look at
    /// them (never commit them).
    #[arg(long, value_name = "DIR")]
    keep_damaged: Option<PathBuf>,
    /// Damage with each kind alone (of those `--damage` switches on) and print the totals of
    /// each: which kind costs what.
    #[arg(long)]
    by_kind: bool,
    /// Print each page's truth (header lines and paragraph counts) instead of scoring.
    #[arg(long)]
    show_truth: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let kinds = match Kinds::parse(&args.damage) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("paiban-eval: --damage: {e}");
            return ExitCode::from(2);
        }
    };
    let cfg = Config {
        kinds,
        seed: args.seed,
        clean: !args.no_clean,
        keep: args.keep_damaged.clone(),
    };
    let mut pages: Vec<(PathBuf, Half)> = args
        .page
        .iter()
        .enumerate()
        .map(|(i, p)| (p.clone(), if i % 2 == 0 { Half::Tune } else { Half::Check }))
        .collect();
    let mut dirs = args.dirs.clone();
    if dirs.is_empty() && pages.is_empty() {
        match dev_set() {
            Some(d) => dirs.push(d),
            None => {
                eprintln!(
                    "paiban-eval: no development set found (shared/editions/dev); give a folder or --page FILE"
                );
                return ExitCode::from(2);
            }
        }
    }
    for d in &dirs {
        match pages_in(d) {
            Ok(p) => pages.extend(p),
            Err(e) => {
                eprintln!("paiban-eval: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if args.show_truth {
        let mut out = String::new();
        for (p, _) in &pages {
            let t = std::fs::read_to_string(p).unwrap_or_default();
            let _ = writeln!(out, "{}", p.display());
            for a in paiban_eval::truth::read(&t)
                .map(|x| x.0.articles)
                .unwrap_or_default()
            {
                let _ = writeln!(
                    out,
                    "  line {:>4}: kicker {:?} | headline {:?} | subtitle {:?} | {} paragraphs",
                    a.line,
                    a.kicker.unwrap_or_default(),
                    a.headline.unwrap_or_default(),
                    a.subtitle.unwrap_or_default(),
                    a.paras.len()
                );
            }
        }
        return print(&out);
    }
    if args.by_kind {
        return by_kind(&pages, &cfg, args.seeds);
    }
    let mut rows = Vec::new();
    for (p, half) in &pages {
        for k in 0..args.seeds.max(1) {
            let cfg = Config {
                seed: args.seed.wrapping_add(k),
                clean: cfg.clean && k == 0,
                ..cfg.clone()
            };
            match eval_page(p, *half, &cfg) {
                Ok(mut r) => {
                    for row in &mut r {
                        if args.seeds > 1 && row.variant != "clean" {
                            row.page = format!("{}@{}", row.page, cfg.seed);
                        }
                        if !args.verbose {
                            row.log.clear();
                        }
                    }
                    rows.extend(r);
                }
                Err(e) => {
                    eprintln!("paiban-eval: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    if args.json {
        return print(&report::json(&rows));
    }
    let head = match args.seeds {
        0 | 1 => format!("damage: {kinds}, seed {}", args.seed),
        n => format!(
            "damage: {kinds}, seeds {}..={}",
            args.seed,
            args.seed.wrapping_add(n - 1)
        ),
    };
    print(&format!("{head}\n\n{}", report::table(&rows, args.verbose)))
}

/// The totals over all pages of each damage kind of `cfg` alone.
fn by_kind(pages: &[(PathBuf, Half)], cfg: &Config, seeds: u64) -> ExitCode {
    let mut out = String::new();
    for name in paiban_eval::damage::NAMES {
        let Ok(kind) = Kinds::parse(name) else {
            continue;
        };
        if !cfg.kinds.contains(&kind) {
            continue;
        }
        let mut rows = Vec::new();
        for (p, half) in pages {
            for k in 0..seeds.max(1) {
                let c = Config {
                    kinds: kind,
                    seed: cfg.seed.wrapping_add(k),
                    clean: false,
                    keep: None,
                };
                match eval_page(p, *half, &c) {
                    Ok(r) => rows.extend(r),
                    Err(e) => {
                        eprintln!("paiban-eval: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            }
        }
        let table = report::table(&rows, false);
        let _ = writeln!(out, "== {name}");
        for l in table.lines().filter(|l| l.starts_with("ALL")) {
            let _ = writeln!(out, "{l}");
        }
    }
    print(&out)
}

/// Write `s` to stdout; a closed pipe (`| head`) is no error.
fn print(s: &str) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("paiban-eval: stdout: {e}");
            ExitCode::FAILURE
        }
    }
}
