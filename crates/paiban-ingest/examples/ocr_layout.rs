//! Print the blocks the OCR layout finds in a page file (hOCR, ALTO, PaddleOCR JSON):
//! `cargo run -p paiban-ingest --example ocr_layout -- page.hocr`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for arg in std::env::args().skip(1) {
        let path = std::path::Path::new(&arg);
        let text = std::fs::read_to_string(path)?;
        let format = paiban_ingest::ocr::sniff(&text).ok_or("not an OCR file")?;
        let page = paiban_ingest::ocr::read(&text, path, format)?;
        println!("== {arg}");
        for b in paiban_ingest::ocr::layout::blocks(&page, &arg) {
            let role = b.hint.map(|r| format!("{r:?}")).unwrap_or_default();
            println!("{:>5} h{} {:<10} {}", b.span.line, b.heading, role, b.text);
        }
    }
    Ok(())
}
