//! Memory of long runs under glibc: a fixed `mmap` threshold, set by re-executing once.
//!
//! glibc's allocator raises its `mmap` threshold to the size of any large block that is freed
//! (up to 32 MB): once a run has freed a source file's bytes or a font, every later block
//! below that size comes from the heap, and a PDF written page by page leaves the heap full of
//! holes that no later page fits. Measured on a 10 MB source: 540 MB peak RSS with the
//! default, 116 MB with the threshold fixed at glibc's own default of 128 KiB (the heap in
//! use never exceeds 70 MB); a 20 MB source, 1.13 GB against the same flat figure.
//!
//! The threshold is a tunable read at start-up (`GLIBC_TUNABLES`), and setting it from safe
//! Rust is possible only that way: `paiban build`, on Linux with glibc, when an edition's
//! source is larger than [`paiban_pdf::PAGED_FROM`] and a PDF is wanted, runs itself again
//! (`exec`, same process, same arguments; before anything is written) with
//! `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=131072`, unless `GLIBC_TUNABLES` is already set
//! (the user's choice is kept) or the editions were listed on standard input (consumed). An
//! ordinary run does not pay the `exec` (3.5 ms of a 50 ms edition). If the `exec` fails the
//! run simply goes on with the defaults.

/// The environment variable glibc reads its tunables from.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TUNABLES: &str = "GLIBC_TUNABLES";

/// A fixed threshold (glibc's default value), which turns the dynamic raising off.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const FIXED: &str = "glibc.malloc.mmap_threshold=131072";

/// Re-execute this process with a fixed `mmap` threshold unless one is set; returns only if
/// nothing was done or the `exec` failed.
pub fn fix_mmap_threshold() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::unix::process::CommandExt as _;
        if std::env::var_os(TUNABLES).is_some() {
            return;
        }
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let mut args = std::env::args_os();
        let arg0 = args.next().unwrap_or_else(|| exe.clone().into_os_string());
        // `exec` returns only on failure; then go on as we are.
        let _ = std::process::Command::new(&exe)
            .arg0(arg0)
            .args(args)
            .env(TUNABLES, FIXED)
            .exec();
    }
}

/// The bytes of an edition's sources, roughly: a page file's size, or the files in an edition
/// folder and its subfolders (two levels, as pages are laid out).
pub fn source_bytes(path: &std::path::Path) -> u64 {
    fn walk(dir: &std::path::Path, depth: usize) -> u64 {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return 0;
        };
        let mut n = 0;
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_file() => n += e.metadata().map(|m| m.len()).unwrap_or(0),
                Ok(t) if t.is_dir() && depth < 2 => n += walk(&e.path(), depth + 1),
                _ => {}
            }
        }
        n
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => walk(path, 0),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}
