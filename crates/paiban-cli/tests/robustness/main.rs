//! Robustness, end to end: every robustness suite in one test binary (one link instead of
//! nine, and the suites' tests run in parallel with each other). Each module is one suite; its
//! header says what it holds. Shared helpers (running `paiban`, temporary editions, checks
//! that nothing was written) are in `support`.

mod support;

mod fonts;
mod images;
mod large;
mod manifest;
mod output;
mod props;
mod regressions;
mod repro;
mod sources;
