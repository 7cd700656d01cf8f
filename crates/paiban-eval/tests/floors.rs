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

/// A floor from one line of a table: heads found ≥, exact % ≥, then at most: body lines made
/// headings, untitled, false joins, missed joins, repeats, skeletons, Han lost.
fn floor(variant: &'static str, heads_found: usize, exact_pct: f64, max: [usize; 7]) -> Floor {
    let [
        body_heads,
        untitled,
        false_joins,
        missed_joins,
        repeats,
        skeletons,
        han_lost,
    ] = max;
    Floor {
        variant,
        heads_found,
        exact_pct,
        body_heads,
        untitled,
        false_joins,
        missed_joins,
        repeats,
        skeletons,
        han_lost,
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
    // Measured on main at the end of the 2026-11-30 session (3 pages, 22 header lines,
    // 52 paragraphs), seed 1, all damage. On 2026-12-06 md fell to 37 of 52 paragraphs
    // exact (71.2 %): a repeated copy that was whole where the first copy was broken is now
    // removed as a copy, so the paragraph is exact only where `join` mends the first; txt
    // found 14 header lines with 3 untitled articles, on one page where a headline stack
    // landed inside a paragraph cut twice (the development set, 40 damaged readings, found
    // more header lines than before). Later that day md fell to 14 header lines and txt to 13,
    // repeats 7→5 and 6→4: a repeated article's short headline lines are now removed with it,
    // and the copies had been the readings that found those lines (the first copy's are
    // damaged).
    //                      heads  exact%   b>h unt  fj  mj rep skel lost
    assert_floors(
        &rows,
        &[
            floor("clean", 22, 99.0, [0, 0, 0, 0, 0, 0, 0]),
            floor("md", 14, 71.0, [5, 2, 2, 19, 17, 1, 1]),
            floor("txt", 13, 71.0, [7, 3, 4, 19, 18, 2, 1]),
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
    // Measured on main in the 2026-12-06 session (10 pages, 109 header lines, 622
    // paragraphs), seed 1, all damage: md 71 heads, 84.1 % exact, b>h 25, unt 4, fj 5, mj 107,
    // rep 26, skel 3, lost 0; txt 81, 81.8 %, 44, 3, 17, 115, 28, 3, 0. Raised in the morning
    // session of 2026-12-06 from md 71, 90.0 %, 19, 4, 2, 74, 19, 3, 0 and txt 82, 87.5 %,
    // 40, 2, 11, 82, 19, 3, 0. Raised in the last session of 2026-12-06 (md 73, 90.4 %, 19,
    // 4, 2, 70, 18, 2, 2; txt 84, 87.9 %, 36, 2, 11, 77, 19, 3, 2). Raised in the session of
    // 2026-12-06 night, when a heading repeated anywhere on its page became a copy and a
    // number in Chinese numerals no dash (md 72, 90.7 %, 19, 5, 2, 67, 13, 2, 0; txt 82,
    // 88.3 %, 36, 3, 9, 73, 11, 2, 0). Raised in the session of 2026-12-07, when join
    // weighed the page's own clause ends and a byline cut short (md 72, 91.8 %, 19, 6, 0, 64,
    // 13, 2, 0; txt 82, 89.4 %, 32, 3, 7, 69, 10, 2, 0). Raised in the later session of
    // 2026-12-07, when a display line's column tag stopped counting for its length (txt 84,
    // 89.5 %, 32, 3, 5, 66, 10, 2, 0); at its end txt 85, 90.0 %, 32, 3, 4, 66, 10, 1, 0.
    // Floors leave a margin.
    //                      heads  exact%   b>h unt  fj   mj  rep skel lost
    assert_floors(
        &rows,
        &[
            floor("clean", 108, 99.5, [0, 0, 0, 1, 0, 0, 0]),
            floor("md", 71, 91.0, [21, 7, 2, 68, 15, 3, 1]),
            floor("txt", 84, 89.5, [34, 4, 6, 70, 13, 3, 1]),
        ],
    );
}
