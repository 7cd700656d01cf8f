//! Fuzz target: a whole edition folder (manifest + pages + other files) packed in one input;
//! see `paiban_fuzz::run_archive` for the format.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| paiban_fuzz::run_archive(data));
