//! Fuzz target: bytes → decode → `edition.toml` parser, in a folder holding `p1.md`, `p2.txt`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| paiban_fuzz::run_manifest_parser(data));
