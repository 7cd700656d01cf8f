//! criterion benchmarks of the hot stages of `paiban build`, each on the real page (when
//! present) and the samples: ingest (read + repair), subsetting (`EditionFonts::prepare`),
//! line breaking (`paiban_pdf::inline::layout_paragraph`), PDF layout, PDF writing (layout +
//! serialisation) and EPUB writing. Font loading is measured once, as the CLI does it once a
//! run. Run with `cargo bench -p paiban-bench` (reports in target/criterion/).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use paiban_bench::{bench_editions, generated_text, long_paragraphs, prepare};
use paiban_fonts::{EditionFonts, FontSet, Role};
use paiban_ingest::IngestOptions;
use paiban_pdf::inline::{Align, Kinsoku, ParaStyle, Shaper, layout_paragraph};
use std::hint::black_box;
use std::time::Duration;

fn stages(c: &mut Criterion) {
    let fonts = match FontSet::bundled() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("paiban-bench: no fonts ({e}); nothing to measure");
            return;
        }
    };
    let mut g = c.benchmark_group("fonts");
    g.sample_size(10);
    g.bench_function("load-bundled", |b| {
        b.iter(|| FontSet::bundled().map(|f| black_box(f).chain(Role::Body).len()))
    });
    g.finish();

    let editions = bench_editions();
    let mut g = c.benchmark_group("stages");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    for (name, path) in &editions {
        g.bench_with_input(BenchmarkId::new("ingest", name), path, |b, p| {
            b.iter(|| {
                paiban_ingest::load(black_box(p), &IngestOptions::default())
                    .map(|i| i.diagnostics.len())
            })
        });
        let Some(prep) = prepare(path, &fonts) else {
            continue;
        };
        let extra = generated_text();
        g.bench_with_input(BenchmarkId::new("subset", name), &prep, |b, p| {
            b.iter(|| {
                EditionFonts::prepare(&fonts, black_box(&p.edition), &extra).map(|f| f.faces.len())
            })
        });
        if let Ok(shaper) = Shaper::new(&prep.fonts) {
            let paras = long_paragraphs(&prep.edition, 20);
            let style = ParaStyle {
                role: Role::Body,
                size: 10.0,
                first_indent_em: 2.0,
                align: Align::Justify,
                kinsoku: Kinsoku::Basic,
                avoid_orphan_char: true,
                run_in: None,
            };
            g.bench_with_input(
                BenchmarkId::new("linebreak-20-paragraphs", name),
                &paras,
                |b, paras| {
                    b.iter(|| {
                        paras
                            .iter()
                            .map(|t| layout_paragraph(&shaper, black_box(t), &style, 240.0).len())
                            .sum::<usize>()
                    })
                },
            );
        }
        let pdf_opts = paiban_pdf::PdfOptions::default();
        g.bench_with_input(BenchmarkId::new("pdf-layout", name), &prep, |b, p| {
            b.iter(|| paiban_pdf::layout(black_box(&p.edition), &p.fonts, &pdf_opts).is_ok())
        });
        g.bench_with_input(BenchmarkId::new("pdf-render", name), &prep, |b, p| {
            b.iter(|| {
                paiban_pdf::render(black_box(&p.edition), &p.fonts, &pdf_opts).map(|v| v.len())
            })
        });
        let epub_opts = paiban_epub::EpubOptions::default();
        g.bench_with_input(BenchmarkId::new("epub-render", name), &prep, |b, p| {
            b.iter(|| {
                paiban_epub::render(black_box(&p.edition), &p.fonts, &epub_opts).map(|v| v.len())
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
