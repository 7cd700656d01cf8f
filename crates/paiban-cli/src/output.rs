//! Writing books atomically, in two steps so that an edition's books appear together.
//!
//! Input: the bytes of a finished book and its final path. [`stage`] writes them to a hidden
//! temporary file in the target folder and syncs it to disk; [`Staged::commit`] renames it over
//! the final path and syncs the folder. A staged file that is dropped uncommitted is deleted,
//! so a failure at any point (rendering, disk full, rename) leaves no half-written file, and an
//! existing book is replaced only by a complete one. Errors name the file concerned.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A failed write, naming the file or folder.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {what}: {source}")]
pub struct WriteError {
    pub path: PathBuf,
    pub what: &'static str,
    pub source: std::io::Error,
}

/// A complete book in a temporary file next to its final path, not yet visible.
/// Dropped without [`Staged::commit`], the temporary file is removed.
pub struct Staged {
    tmp: PathBuf,
    path: PathBuf,
    len: u64,
    committed: bool,
    /// Sync the file when staged and its folder when committed.
    sync: bool,
}

/// Create the output folder if needed (once per run).
pub fn ensure_dir(dir: &Path) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError {
        path: dir.to_path_buf(),
        what: "cannot create output folder",
        source,
    })
}

fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A fresh hidden name next to `path`: `.NAME.PID-N.tmp`.
fn temp_name(path: &Path, attempt: u32) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    parent_of(path).join(format!(".{name}.{}-{n}-{attempt}.tmp", std::process::id()))
}

/// Write `bytes` to a synced temporary file in `path`'s folder. The file is created with
/// the usual permissions (0666 less the umask), like any other file the user writes.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
    stage_with(path, bytes, true)
}

/// As [`stage`], but neither the file nor (on commit) the folder is synced: for files whose
/// loss in a crash costs nothing but work (the incremental stamps).
pub fn stage_unsynced(path: &Path, bytes: &[u8]) -> Result<Staged, WriteError> {
    stage_with(path, bytes, false)
}

fn stage_with(path: &Path, bytes: &[u8], sync: bool) -> Result<Staged, WriteError> {
    let mut attempt = 0;
    let (tmp, mut file) = loop {
        let tmp = temp_name(path, attempt);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(source) => {
                return Err(WriteError {
                    path: parent_of(path).to_path_buf(),
                    what: "cannot write in output folder",
                    source,
                });
            }
        }
    };
    let staged = Staged {
        tmp,
        path: path.to_path_buf(),
        len: bytes.len() as u64,
        committed: false,
        sync,
    };
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .and_then(|()| if sync { file.sync_all() } else { Ok(()) })
        .map_err(|source| WriteError {
            path: path.to_path_buf(),
            what: "cannot write",
            source,
        })?;
    Ok(staged)
}

impl Staged {
    /// Rename into place and sync the folder so the rename survives a crash.
    pub fn commit(mut self) -> Result<(PathBuf, u64), WriteError> {
        self.rename()?;
        if self.sync {
            sync_folder(parent_of(&self.path));
        }
        Ok((self.path.clone(), self.len))
    }

    /// Rename into place, not yet synced.
    fn rename(&mut self) -> Result<(), WriteError> {
        std::fs::rename(&self.tmp, &self.path).map_err(|source| WriteError {
            path: self.path.clone(),
            what: "cannot replace",
            source,
        })?;
        self.committed = true;
        Ok(())
    }
}

/// [`Staged::commit`] of each of `staged` in order, each folder synced once after its renames
/// (an edition's books share a folder: one sync for them all, not one each). On an error the
/// books renamed so far stay (their folder synced), the rest are removed.
pub fn commit_all(staged: Vec<Staged>) -> Result<Vec<(PathBuf, u64)>, WriteError> {
    let mut done = Vec::with_capacity(staged.len());
    let mut folders: Vec<PathBuf> = Vec::new();
    let mut result = Ok(());
    for mut s in staged {
        if let Err(e) = s.rename() {
            result = Err(e);
            break;
        }
        let folder = parent_of(&s.path);
        if s.sync && !folders.iter().any(|f| f == folder) {
            folders.push(folder.to_path_buf());
        }
        done.push((s.path.clone(), s.len));
    }
    for folder in folders {
        sync_folder(&folder);
    }
    result.map(|()| done)
}

/// Sync `folder` so the renames into it survive a crash. Syncing a folder is not possible on
/// every platform; the files themselves are synced.
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Write one file atomically (stage and commit).
#[cfg(test)]
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(PathBuf, u64), WriteError> {
    stage(path, bytes)?.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_only_on_commit_and_cleans_up() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("book.epub");
        std::fs::write(&p, b"old").unwrap();
        let staged = stage(&p, b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        assert_eq!(listing(t.path()).len(), 2);
        drop(staged);
        assert_eq!(listing(t.path()), ["book.epub"]);
        assert_eq!(std::fs::read(&p).unwrap(), b"old");
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        assert_eq!(listing(t.path()), ["book.epub"]);
    }

    #[test]
    fn missing_folder_is_named() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("no/such/book.pdf");
        let e = stage(&p, b"x").err().unwrap();
        assert!(e.to_string().contains("no/such"), "{e}");
    }
}
