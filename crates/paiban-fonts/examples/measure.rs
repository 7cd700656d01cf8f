//! Measure the fonts stage on a page file: time to load the bundled faces, time to prepare
//! (coverage + subsets) for the edition `paiban_ingest` reads from it and for every distinct
//! character of the file set in every role, and the size of each subset.
//! `cargo run --release -p paiban-fonts --example measure -- PAGE.md`

use paiban_fonts::{EditionFonts, FontSet, Role};
use paiban_model::Edition;
use std::time::{Duration, Instant};

/// Prepare five times; print the median time and the subsets.
fn run(label: &str, fonts: &FontSet, edition: &Edition, extra: &[(Role, &str)]) {
    let mut times: Vec<Duration> = Vec::new();
    let mut prepared = None;
    for _ in 0..5 {
        let t = Instant::now();
        match EditionFonts::prepare(fonts, edition, extra) {
            Ok(p) => prepared = Some(p),
            Err(e) => return println!("{label}: {e}"),
        }
        times.push(t.elapsed());
    }
    times.sort();
    println!("{label}: prepare median {:.1?} of 5", times[2]);
    for f in prepared.iter().flat_map(|p| &p.faces) {
        println!(
            "  {:8} #{} {:5} chars {:8} bytes  {}",
            f.role.name(),
            f.chain_index,
            f.chars.len(),
            f.face.data().len(),
            f.source
                .path()
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
        );
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(page) = std::env::args().nth(1) else {
        return Err("usage: measure PAGE".into());
    };
    let t = Instant::now();
    let fonts = FontSet::bundled()?;
    println!("load bundled faces: {:.1?}", t.elapsed());

    let opts = paiban_ingest::IngestOptions::default();
    match paiban_ingest::load(page.as_ref(), &opts) {
        Ok(ingested) => run("ingested edition", &fonts, &ingested.edition, &[]),
        Err(e) => println!("ingest: {e}"),
    }
    let text = std::fs::read_to_string(&page)?;
    let extra: Vec<(Role, &str)> = Role::ALL.iter().map(|&r| (r, text.as_str())).collect();
    run(
        "every character, every role",
        &fonts,
        &Edition::new(""),
        &extra,
    );
    Ok(())
}
