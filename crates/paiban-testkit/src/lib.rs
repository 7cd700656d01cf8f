//! paiban-testkit — support shared by the workspace's tests (a dev-dependency only).
//!
//! The real pages live beside the repository in `../shared` and are never copied into it.
//! A test that reads them is marked `#[ignore = "needs ../shared/…"]`, so `cargo test` names
//! why it did not run; CI runs the ignored tests too (`-- --include-ignored`), and there a
//! missing page fails loudly through [`shared`] instead of passing by skipping.

use std::ops::Deref;
use std::path::{Path, PathBuf};

/// A scratch folder for one test, removed with everything in it when the value is dropped,
/// so test runs leave nothing behind in the temporary folder. Derefs to its path.
pub struct Scratch(tempfile::TempDir);

impl Scratch {
    /// The folder's path.
    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

impl Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

/// A fresh, empty scratch folder named after `label` (`paiban-LABEL-XXXXXX`); panics when the
/// temporary folder cannot be written, which fails the test that asked.
pub fn scratch(label: &str) -> Scratch {
    match tempfile::Builder::new()
        .prefix(&format!("paiban-{label}-"))
        .tempdir()
    {
        Ok(d) => Scratch(d),
        Err(e) => panic!("cannot make a scratch folder for {label}: {e}"),
    }
}

/// The real OCR'd page, relative to the shared folder.
pub const REAL_PAGE: &str = "editions/nmrb-2022-06-28.md";

/// The shared folder: `$PAIBAN_SHARED` if set, else the first `shared/` holding `editions/`
/// beside the workspace or one of its ancestors (a git worktree may sit a level deeper).
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PAIBAN_SHARED") {
        return Some(PathBuf::from(dir));
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    workspace
        .ancestors()
        .map(|a| a.join("shared"))
        .find(|s| s.join("editions").is_dir())
}

/// `rel` inside the shared folder. Panics, saying where it looked, when it is absent: call it
/// only from tests marked `#[ignore = "needs ../shared/…"]`.
pub fn shared(rel: &str) -> PathBuf {
    let Some(dir) = shared_dir() else {
        panic!("{rel}: no shared folder (set PAIBAN_SHARED, or put shared/ beside the repository)");
    };
    let path = dir.join(rel);
    assert!(path.exists(), "{} is absent", path.display());
    path
}

/// The real OCR'd page ([`REAL_PAGE`]); panics when absent, as [`shared`] does.
pub fn real_page() -> PathBuf {
    shared(REAL_PAGE)
}
