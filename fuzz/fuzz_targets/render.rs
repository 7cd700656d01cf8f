//! Fuzz target: bytes → Markdown page → repair passes → fonts → EPUB and PDF exporters.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| paiban_fuzz::run_render(data));
