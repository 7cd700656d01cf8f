//! Incremental runs: a stamp beside each edition's books says what they were built from.
//!
//! Input: the run's [`RunKey`] (paiban's version, its executable's size and modification
//! time, each font file's size, modification time and table directory with its checksums,
//! every option that shapes a book), an edition's source files and its books. Output: whether the
//! books are up to date, and the stamp written once they are committed.
//!
//! The stamp of the books `NAME.*` is `OUTPUT/.paiban/NAME.json` (deterministic JSON: no
//! absolute path, no clock). It holds a 128-bit hash (SipHash-1-3, fixed keys) of the run key
//! and the edition's **sources** — a page file and its `NAME.fixes.toml`; for an edition
//! folder every file below it (hidden entries skipped, names included, symbolic links to
//! folders not followed) — plus the hash of each picture the edition read (a bare page's
//! pictures lie beside it), and the books written with their sizes. The books are up to date
//! when the stamp's hash equals the one computed now, every picture still hashes the same,
//! and every requested book is there with its size. A book missing, cut short or replaced by
//! another size, a stamp missing or unreadable, any source, picture, font, option or paiban
//! binary changed: the edition is built again. The stamp is written after the books are
//! renamed into place, so a run killed at any point leaves either no stamp (built again next
//! time) or a true one.

use crate::config::BuildConfig;
use crate::discover::EditionSource;
use crate::output;
use paiban_fonts::{FontSet, Role};
use paiban_model::Edition;
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};
use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// The stamp format; a stamp of another format is stale.
const FORMAT: u32 = 1;

/// Deepest folder level hashed below an edition folder (as in discovery).
const MAX_DEPTH: usize = 32;

/// A 128-bit content hash under construction. Every field is length-prefixed, so that
/// concatenations cannot collide (`ab`+`c` vs `a`+`bc`).
struct Digest(SipHasher13);

impl Digest {
    fn new() -> Digest {
        Digest(SipHasher13::new_with_keys(0, 0))
    }
    fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.write_u64(b.len() as u64);
        self.0.write(b);
        self
    }
    fn finish(&self) -> String {
        format!("{:032x}", self.0.finish128().as_u128())
    }
}

/// The running executable's size and modification time (nanoseconds since the epoch).
fn exe_identity() -> Option<String> {
    let m = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let t = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("exe {} {}", m.len(), t.as_nanos()))
}

/// The modification time of `path` (nanoseconds since the epoch), empty when unknown.
fn modified(path: &Path) -> String {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|t| t.as_nanos().to_string())
        .unwrap_or_default()
}

/// What every edition of a run shares: paiban itself, its fonts and its options.
pub struct RunKey(String);

impl RunKey {
    pub fn new(cfg: &BuildConfig, fonts: &FontSet) -> RunKey {
        let mut d = Digest::new();
        d.bytes(format!("paiban {} stamp {FORMAT}", env!("CARGO_PKG_VERSION")).as_bytes());
        // The executable: a rebuilt paiban of the same version may typeset differently. Its
        // size and modification time, not its bytes: hashing 100 MB (the bundled faces are
        // inside) would cost more than building an edition.
        match exe_identity() {
            Some(id) => d.bytes(id.as_bytes()),
            // Unknown binary: a key no stamp holds, so everything is built.
            None => d.bytes(format!("{:?}", std::time::SystemTime::now()).as_bytes()),
        };
        for role in Role::ALL {
            d.bytes(role.name().as_bytes());
            for face in fonts.chain(role) {
                d.bytes(&face.index().to_le_bytes());
                d.bytes(face.path().as_os_str().as_encoded_bytes());
                // The bundled faces are inside the executable, identified above. Others by
                // their length, modification time and table directory (whose checksums cover
                // every table), not by hashing all their bytes: 40 MB of faces cost 12 ms.
                if !face.path().to_string_lossy().starts_with("bundled:") {
                    d.bytes(&face.data().len().to_le_bytes());
                    d.bytes(modified(face.path()).as_bytes());
                    match face.table_directory() {
                        Some(dir) => d.bytes(&dir),
                        None => d.bytes(face.data()),
                    };
                }
            }
        }
        // The options, as Rust prints them: the version above pins their spelling.
        let options = format!(
            "{:?}|{:?}|{:?}|{:?}|{}|{}",
            cfg.formats, cfg.ingest, cfg.epub, cfg.pdf, cfg.allow_missing_glyphs, cfg.strict
        );
        d.bytes(options.as_bytes());
        RunKey(d.finish())
    }
}

/// A stamp on disk.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Stamp {
    format: u32,
    /// Hash of the run key and the sources.
    key: String,
    /// Pictures read, relative to the edition's folder, and the hash of each.
    pictures: Vec<(String, String)>,
    /// Books written: file name and size.
    books: Vec<(String, u64)>,
}

/// The edition's key for this run (`None` when a source cannot be read: then it is built,
/// and its failure reported by the reader).
pub fn edition_key(run: &RunKey, source: &EditionSource, out: &Path) -> Option<String> {
    let mut d = Digest::new();
    d.bytes(run.0.as_bytes());
    let path = &source.path;
    if path.is_dir() {
        // The output folder may lie inside the edition's (`-o ed/out`): its books are no source.
        let out = std::fs::canonicalize(out).ok();
        hash_tree(&mut d, path, Path::new(""), 0, out.as_deref()).ok()?;
    } else {
        d.bytes(&std::fs::read(path).ok()?);
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        let fixes = path.with_file_name(format!("{}.fixes.toml", stem.unwrap_or_default()));
        match std::fs::read(&fixes) {
            Ok(b) => d.bytes(b"fixes").bytes(&b),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => d.bytes(b"no fixes"),
            Err(_) => return None,
        };
    }
    Some(d.finish())
}

fn hash_tree(
    d: &mut Digest,
    dir: &Path,
    rel: &Path,
    depth: usize,
    out: Option<&Path>,
) -> std::io::Result<()> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let mut entries: Vec<(std::ffi::OsString, PathBuf)> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| (e.file_name(), e.path()))
        .filter(|(name, _)| !name.as_encoded_bytes().starts_with(b"."))
        .collect();
    entries.sort_by(|a, b| a.0.as_encoded_bytes().cmp(b.0.as_encoded_bytes()));
    for (name, path) in entries {
        let rel = rel.join(&name);
        let link = std::fs::symlink_metadata(&path)?;
        if link.is_dir() {
            if out.is_some() && std::fs::canonicalize(&path).ok().as_deref() == out {
                continue;
            }
            d.bytes(b"dir").bytes(rel.as_os_str().as_encoded_bytes());
            hash_tree(d, &path, &rel, depth + 1, out)?;
        } else if path.is_file() {
            d.bytes(b"file").bytes(rel.as_os_str().as_encoded_bytes());
            d.bytes(&std::fs::read(&path)?);
        }
    }
    Ok(())
}

/// The folder a picture's `src` is relative to: the edition folder, or a page's folder.
fn picture_base(source: &EditionSource) -> PathBuf {
    if source.path.is_dir() {
        source.path.clone()
    } else {
        match source.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }
}

fn stamp_path(out: &Path, name: &str) -> PathBuf {
    out.join(".paiban").join(format!("{name}.json"))
}

/// The books of `source` if they are up to date for `key`: path and size of each.
pub fn up_to_date(
    out: &Path,
    source: &EditionSource,
    key: &str,
    books: &[PathBuf],
) -> Option<Vec<(PathBuf, u64)>> {
    let text = std::fs::read(stamp_path(out, &source.name)).ok()?;
    let stamp: Stamp = serde_json::from_slice(&text).ok()?;
    if stamp.format != FORMAT || stamp.key != key || stamp.books.len() != books.len() {
        return None;
    }
    let base = picture_base(source);
    for (src, hash) in &stamp.pictures {
        let bytes = std::fs::read(paiban_ingest::safe_path(&base, src).ok()?).ok()?;
        if Digest::new().bytes(&bytes).finish() != *hash {
            return None;
        }
    }
    let mut found = Vec::new();
    for book in books {
        let name = book.file_name()?.to_string_lossy();
        let (_, size) = stamp.books.iter().find(|(n, _)| *n == name)?;
        let len = std::fs::metadata(book).ok().filter(|m| m.is_file())?.len();
        if len != *size {
            return None;
        }
        found.push((book.clone(), len));
    }
    Some(found)
}

/// Write the stamp of books just committed.
pub fn write(
    out: &Path,
    source: &EditionSource,
    key: &str,
    edition: &Edition,
    books: &[(PathBuf, u64)],
) -> Result<(), output::WriteError> {
    let stamp = Stamp {
        format: FORMAT,
        key: key.to_string(),
        pictures: edition
            .pictures
            .iter()
            .map(|(src, p)| (src.clone(), Digest::new().bytes(&p.bytes).finish()))
            .collect(),
        books: books
            .iter()
            .map(|(p, n)| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                (name.unwrap_or_default(), *n)
            })
            .collect(),
    };
    let dir = out.join(".paiban");
    output::ensure_dir(&dir)?;
    let mut text = serde_json::to_vec_pretty(&stamp).unwrap_or_default();
    text.push(b'\n');
    // Not synced: a stamp lost or cut short in a crash only means a rebuild.
    output::stage_unsynced(&stamp_path(out, &source.name), &text)?.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_separate_fields() {
        let a = Digest::new().bytes(b"ab").bytes(b"c").finish();
        let b = Digest::new().bytes(b"a").bytes(b"bc").finish();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
    }

    #[test]
    fn a_folder_key_follows_its_files() {
        let t = tempfile::tempdir().unwrap();
        let ed = t.path().join("ed");
        std::fs::create_dir_all(ed.join("pages")).unwrap();
        std::fs::write(ed.join("edition.toml"), "x").unwrap();
        std::fs::write(ed.join("pages/p1.md"), "one").unwrap();
        let src = EditionSource {
            path: ed.clone(),
            name: "ed".into(),
        };
        let run = RunKey("run".into());
        let k1 = edition_key(&run, &src, Path::new("/nonexistent")).unwrap();
        assert_eq!(
            edition_key(&run, &src, Path::new("/nonexistent")).unwrap(),
            k1
        );
        std::fs::write(ed.join(".hidden"), "ignored").unwrap();
        assert_eq!(
            edition_key(&run, &src, Path::new("/nonexistent")).unwrap(),
            k1
        );
        std::fs::write(ed.join("pages/p1.md"), "two").unwrap();
        let k2 = edition_key(&run, &src, Path::new("/nonexistent")).unwrap();
        assert_ne!(k2, k1);
        // Books written inside the edition's folder are not its sources.
        let out = ed.join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("ed.epub"), "book").unwrap();
        assert_eq!(edition_key(&run, &src, &out).unwrap(), k2);
        std::fs::rename(ed.join("pages/p1.md"), ed.join("pages/p2.md")).unwrap();
        assert_ne!(
            edition_key(&run, &src, Path::new("/nonexistent")).unwrap(),
            k2
        );
        assert_ne!(
            edition_key(&RunKey("other".into()), &src, Path::new("/nonexistent")).unwrap(),
            k2
        );
    }

    #[test]
    fn a_page_key_follows_its_fixes() {
        let t = tempfile::tempdir().unwrap();
        let page = t.path().join("a.md");
        std::fs::write(&page, "text").unwrap();
        let src = EditionSource {
            path: page.clone(),
            name: "a".into(),
        };
        let run = RunKey("run".into());
        let k1 = edition_key(&run, &src, Path::new("/nonexistent")).unwrap();
        std::fs::write(t.path().join("b.md"), "a neighbour").unwrap();
        assert_eq!(
            edition_key(&run, &src, Path::new("/nonexistent")).unwrap(),
            k1
        );
        std::fs::write(t.path().join("a.fixes.toml"), "").unwrap();
        assert_ne!(
            edition_key(&run, &src, Path::new("/nonexistent")).unwrap(),
            k1
        );
        std::fs::remove_file(&page).unwrap();
        assert!(edition_key(&run, &src, Path::new("/nonexistent")).is_none());
    }
}
