#[test]
#[ignore]
fn dump() {
    for f in [
        "qinghe-p1.hocr",
        "qinghe-p2.hocr",
        "qinghe-p1.xml",
        "qinghe-p2.xml",
    ] {
        let p = std::path::Path::new("tests/fixtures/ocr").join(f);
        let text = std::fs::read_to_string(&p).unwrap();
        let fmt = paiban_ingest::ocr::sniff(&text).unwrap();
        let page = paiban_ingest::ocr::read(&text, &p, fmt).unwrap();
        println!("==== {f}");
        for b in paiban_ingest::ocr::layout::blocks(&page, f) {
            println!("{:>4} h{} {:?} {}", b.span.line, b.heading, b.hint, b.text);
        }
    }
}
