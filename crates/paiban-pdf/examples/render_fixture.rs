//! Render the test fixture edition to a PDF: `cargo run -p paiban-pdf --example render_fixture -- OUT.pdf [a4|a5] [bleed]`.

#[path = "../tests/support/mod.rs"]
mod support;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let out = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "/tmp/fixture.pdf".to_string());
    let e = support::edition();
    let fonts = support::fonts(&e);
    let opts = paiban_pdf::PdfOptions::from_flags(
        args.get(2).map(String::as_str),
        None,
        None,
        args.get(3).map(String::as_str),
    )?;
    let dl = paiban_pdf::layout(&e, &fonts, &opts)?;
    if std::env::var_os("DUMP").is_some() {
        println!("{}", dl.dump(1));
    }
    let pdf = paiban_pdf::render(&e, &fonts, &opts)?;
    std::fs::write(&out, pdf)?;
    println!("wrote {out}");
    Ok(())
}
