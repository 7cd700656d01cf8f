//! Fuzz target: bytes → decode → Markdown reader → every repair pass (no file I/O).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| paiban_fuzz::run_reader(data, false));
