//! Floors: the evaluation over the repository's fictional truth pages (always runs) and over
//! the development set (ignored unless asked for: `cargo test -p paiban-eval -- --ignored`).
//! Each prints its table. The floors are the values measured when they were set, minus a
//! small margin; raise them when the passes improve, so that a regression fails.

use paiban_eval::damage::Kinds;
use paiban_eval::report::{Floor, check_floors, table};
use paiban_eval::{Config, Row, dev_set, eval_page, pages_in};
use std::path::{Path, PathBuf};

fn run(dir: &Path) -> Vec<Row> {
    let cfg = Config {
        kinds: Kinds::all(),
        seed: 1,
        clean: true,
        keep: None,
    };
    let pages = match pages_in(dir) {
        Ok(p) => p,
        Err(e) => panic!("{e}"),
    };
    assert!(!pages.is_empty(), "{}: no truth pages", dir.display());
    let mut rows = Vec::new();
    for (p, half) in &pages {
        match eval_page(p, *half, &cfg) {
            Ok(r) => rows.extend(r),
            Err(e) => panic!("{e}"),
        }
    }
    println!("{}", table(&rows, false));
    rows
}

fn floor(variant: &'static str) -> Floor {
    Floor {
        variant,
        heads_found: 0,
        body_heads: usize::MAX,
        untitled: usize::MAX,
        exact_pct: 0.0,
        false_joins: usize::MAX,
        missed_joins: usize::MAX,
        repeats: usize::MAX,
        skeletons: usize::MAX,
        han_lost: usize::MAX,
    }
}

fn assert_floors(rows: &[Row], floors: &[Floor]) {
    let bad = check_floors(rows, floors);
    assert!(bad.is_empty(), "floors broken:\n{}", bad.join("\n"));
}

#[test]
fn fictional_pages_hold_their_floors() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples/truth-pages");
    let rows = run(&dir);
    assert_floors(
        &rows,
        &[
            Floor {
                heads_found: 14,
                body_heads: 0,
                untitled: 1,
                exact_pct: 80.0,
                false_joins: 5,
                missed_joins: 0,
                repeats: 0,
                skeletons: 0,
                han_lost: 0,
                ..floor("clean")
            },
            Floor {
                heads_found: 14,
                body_heads: 8,
                untitled: 4,
                exact_pct: 68.0,
                false_joins: 8,
                missed_joins: 14,
                repeats: 11,
                skeletons: 2,
                han_lost: 0,
                ..floor("md")
            },
            Floor {
                heads_found: 12,
                body_heads: 12,
                untitled: 5,
                exact_pct: 60.0,
                false_joins: 4,
                missed_joins: 17,
                repeats: 11,
                skeletons: 2,
                han_lost: 0,
                ..floor("txt")
            },
        ],
    );
}

#[test]
#[ignore = "needs ../shared/editions/dev"]
fn dev_set_holds_its_floors() {
    let Some(dir) = dev_set() else {
        panic!("the development set shared/editions/dev was not found (set PAIBAN_DEV_SET)");
    };
    let rows = run(&dir);
    assert_floors(
        &rows,
        &[
            Floor {
                heads_found: 85,
                body_heads: 0,
                untitled: 3,
                exact_pct: 83.0,
                false_joins: 56,
                missed_joins: 3,
                repeats: 0,
                skeletons: 0,
                han_lost: 0,
                ..floor("clean")
            },
            Floor {
                heads_found: 81,
                body_heads: 46,
                untitled: 14,
                exact_pct: 72.0,
                false_joins: 98,
                missed_joins: 130,
                repeats: 95,
                skeletons: 7,
                han_lost: 0,
                ..floor("md")
            },
            Floor {
                heads_found: 92,
                body_heads: 98,
                untitled: 11,
                exact_pct: 72.5,
                false_joins: 18,
                missed_joins: 174,
                repeats: 128,
                skeletons: 8,
                han_lost: 0,
                ..floor("txt")
            },
        ],
    );
}
