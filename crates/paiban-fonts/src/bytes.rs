//! Font file bytes, shared and, for files on disk, memory-mapped.
//!
//! A bundled CJK face is 10–20 MB, of which an edition touches a few hundred kilobytes (the
//! `cmap`, `loca` and the outlines of the characters it uses). Reading the three bundled
//! files whole cost 20–25 ms per run, more than ingest, coverage and subsetting together;
//! mapping them costs the page faults of what is touched. Input: a path. Output:
//! [`FontBytes`], shared by the fonts stage, the PDF writer and the cover renderer.

use std::path::Path;
use std::sync::Arc;

/// Shared, immutable font file bytes (a memory map or an owned buffer).
pub type FontBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The bytes of the font file at `path`: memory-mapped when it is a regular, non-empty
/// file, else read into memory.
pub fn load(path: &Path) -> std::io::Result<FontBytes> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_file() && meta.len() > 0 {
        // SAFETY: the map is read-only and private to this process. The one hazard is another
        // process truncating the font file while it is mapped (the access would fault); font
        // files are installed, not edited in place, and ripgrep and fontdb accept the same
        // trade-off. Content changes cannot break memory safety here: the bytes are only ever
        // parsed with bounds-checked readers.
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::Mmap::map(&file) };
        if let Ok(map) = map {
            return Ok(Arc::new(map));
        }
    }
    let bytes = std::fs::read(path)?;
    Ok(Arc::new(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_a_file_and_reads_what_cannot_be_mapped() {
        let dir = std::env::temp_dir().join(format!("paiban-bytes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("f.bin");
        std::fs::write(&file, b"\x00\x01\x00\x00abc").expect("write");
        let b = load(&file).expect("load");
        assert_eq!((*b).as_ref(), b"\x00\x01\x00\x00abc");
        let empty = dir.join("empty.bin");
        std::fs::write(&empty, b"").expect("write");
        assert!((*load(&empty).expect("load empty")).as_ref().is_empty());
        assert!(load(&dir.join("missing.bin")).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
