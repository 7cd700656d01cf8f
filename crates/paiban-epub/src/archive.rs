//! The book's zip, written directly: entries in the order given, each stored or deflated
//! (libdeflate), one timestamp and permission 0644 for all, no extra fields, no data
//! descriptors, no zip64 (a book of 4 GB or 65 535 files is an error).
//!
//! Input: named entries with their bytes and how each is packed. Output: the archive's bytes.
//! The entries are deflated side by side (`rayon`), each alone ([`pack`], which may run
//! before a stored entry's bytes are known), and written in order ([`write`]): the archive
//! does not depend on which finished first.

use libdeflater::{CompressionLvl, Compressor};
use rayon::iter::{IntoParallelRefIterator, ParallelIterator};

/// How an entry is packed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Method {
    /// As it is.
    Stored,
    /// Deflated at a libdeflate level (1–12).
    Deflated(i32),
}

/// One file of the archive.
pub(crate) struct Entry<'a> {
    pub name: &'a str,
    pub data: &'a [u8],
    pub method: Method,
}

/// A time in the zip format's MS-DOS form.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DosTime {
    time: u16,
    date: u16,
}

impl DosTime {
    /// Year clamped to 1980–2107; out-of-range fields give 1980-01-01 00:00:00.
    pub(crate) fn new(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Self {
        let valid = (1..=12).contains(&month)
            && (1..=31).contains(&day)
            && hour < 24
            && minute < 60
            && second < 60;
        let year = year.clamp(1980, 2107);
        if !valid {
            return DosTime {
                time: 0,
                date: 1 << 5 | 1,
            };
        }
        DosTime {
            time: u16::from(hour) << 11 | u16::from(minute) << 5 | u16::from(second / 2),
            date: (year - 1980) << 9 | u16::from(month) << 5 | u16::from(day),
        }
    }
}

/// Each entry of `entries` deflated (side by side), or left to [`write`] if stored.
pub(crate) fn pack(entries: &[Entry<'_>]) -> Result<Vec<Packed>, String> {
    let packed: Vec<Result<Packed, String>> = entries.par_iter().map(pack_one).collect();
    packed.into_iter().collect()
}

/// The archive of `entries` at `time`, their deflated bytes from `packed` ([`pack`] of the
/// same entries; a stored entry's bytes may have been filled in since). An error names what
/// the format cannot hold.
pub(crate) fn write(
    entries: &[Entry<'_>],
    packed: &[Packed],
    time: DosTime,
) -> Result<Vec<u8>, String> {
    if packed.len() != entries.len() {
        return Err("entries and packed entries differ".into());
    }
    let size: usize = entries
        .iter()
        .zip(packed)
        .map(|(e, p)| 76 + 2 * e.name.len() + p.data(e).len())
        .sum();
    let mut out = Vec::with_capacity(size + 22);
    let mut central = Vec::new();
    for (e, p) in entries.iter().zip(packed) {
        let offset = u32_of(out.len(), "archive")?;
        let data = p.data(e);
        let header = Header {
            name: e.name,
            method: if p.deflated.is_some() { 8 } else { 0 },
            time,
            crc: p.crc.unwrap_or_else(|| libdeflater::crc32(e.data)),
            compressed: u32_of(data.len(), e.name)?,
            size: u32_of(e.data.len(), e.name)?,
        };
        header.local(&mut out)?;
        out.extend_from_slice(data);
        header.central(&mut central, offset)?;
    }
    let count = u16::try_from(entries.len()).map_err(|_| "more than 65 535 files".to_string())?;
    let central_offset = u32_of(out.len(), "archive")?;
    let central_size = u32_of(central.len(), "central directory")?;
    out.extend_from_slice(&central);
    // End of central directory.
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // this disk, the directory's disk
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&[0; 2]); // no comment
    Ok(out)
}

/// An entry packed: its deflated bytes and their source's CRC; nothing yet if stored.
pub(crate) struct Packed {
    crc: Option<u32>,
    deflated: Option<Vec<u8>>,
}

impl Packed {
    /// The bytes written for entry `e`.
    fn data<'a>(&'a self, e: &'a Entry<'_>) -> &'a [u8] {
        self.deflated.as_deref().unwrap_or(e.data)
    }
}

fn pack_one(e: &Entry<'_>) -> Result<Packed, String> {
    match e.method {
        Method::Stored => Ok(Packed {
            crc: None,
            deflated: None,
        }),
        Method::Deflated(level) => {
            let level = CompressionLvl::new(level)
                .map_err(|_| format!("{}: no deflate level {level}", e.name))?;
            let mut compressor = Compressor::new(level);
            let mut out = vec![0; compressor.deflate_compress_bound(e.data.len())];
            let n = compressor
                .deflate_compress(e.data, &mut out)
                .map_err(|err| format!("{}: {err}", e.name))?;
            out.truncate(n);
            Ok(Packed {
                crc: Some(libdeflater::crc32(e.data)),
                deflated: Some(out),
            })
        }
    }
}

fn u32_of(n: usize, what: &str) -> Result<u32, String> {
    u32::try_from(n).map_err(|_| format!("{what}: 4 GB or more (no zip64)"))
}

/// The fields the local and the central header share.
struct Header<'a> {
    name: &'a str,
    method: u16,
    time: DosTime,
    crc: u32,
    compressed: u32,
    size: u32,
}

impl Header<'_> {
    /// Version needed to extract: 2.0 (deflate).
    const VERSION: u16 = 20;

    /// From "version needed" to the name's length: the fields both headers have.
    fn common(&self, out: &mut Vec<u8>) -> Result<(), String> {
        // Bit 11: the name is UTF-8.
        let flags: u16 = if self.name.is_ascii() { 0 } else { 1 << 11 };
        out.extend_from_slice(&Self::VERSION.to_le_bytes());
        out.extend_from_slice(&flags.to_le_bytes());
        out.extend_from_slice(&self.method.to_le_bytes());
        out.extend_from_slice(&self.time.time.to_le_bytes());
        out.extend_from_slice(&self.time.date.to_le_bytes());
        out.extend_from_slice(&self.crc.to_le_bytes());
        out.extend_from_slice(&self.compressed.to_le_bytes());
        out.extend_from_slice(&self.size.to_le_bytes());
        let name =
            u16::try_from(self.name.len()).map_err(|_| format!("{}: name too long", self.name))?;
        out.extend_from_slice(&name.to_le_bytes());
        out.extend_from_slice(&[0; 2]); // no extra field
        Ok(())
    }

    fn local(&self, out: &mut Vec<u8>) -> Result<(), String> {
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        self.common(out)?;
        out.extend_from_slice(self.name.as_bytes());
        Ok(())
    }

    fn central(&self, out: &mut Vec<u8>, offset: u32) -> Result<(), String> {
        out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        // Made by: Unix, 2.0 (so the external attributes hold a mode).
        out.extend_from_slice(&(3u16 << 8 | Self::VERSION).to_le_bytes());
        self.common(out)?;
        out.extend_from_slice(&[0; 2]); // no comment
        out.extend_from_slice(&[0; 2]); // disk 0
        out.extend_from_slice(&[0; 2]); // internal attributes
        out.extend_from_slice(&(0o100_644u32 << 16).to_le_bytes()); // a file, rw-r--r--
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(self.name.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    #[test]
    fn zip_reads_back_what_was_written() {
        let text = "春眠不觉晓，处处闻啼鸟。".repeat(50);
        let entries = [
            Entry {
                name: "mimetype",
                data: b"application/epub+zip",
                method: Method::Stored,
            },
            Entry {
                name: "OEBPS/a.xhtml",
                data: text.as_bytes(),
                method: Method::Deflated(12),
            },
            Entry {
                name: "OEBPS/图.txt",
                data: b"",
                method: Method::Deflated(1),
            },
        ];
        let time = DosTime::new(2022, 6, 28, 12, 34, 56);
        let archive = || write(&entries, &pack(&entries).expect("pack"), time).expect("archive");
        let bytes = archive();
        assert_eq!(archive(), bytes, "deterministic");
        assert_eq!(
            &bytes[30..38],
            b"mimetype",
            "mimetype first, no extra field"
        );
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip reads it");
        assert_eq!(zip.len(), 3);
        for e in &entries {
            let mut f = zip.by_name(e.name).expect("entry");
            assert_eq!(f.unix_mode(), Some(0o100_644));
            let modified = f.last_modified().expect("time");
            assert_eq!((modified.year(), modified.second()), (2022, 56));
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            assert_eq!(data, e.data);
        }
    }

    #[test]
    fn an_impossible_time_is_the_format_s_first_day() {
        let t = DosTime::new(2022, 13, 1, 0, 0, 0);
        assert_eq!((t.time, t.date), (0, 0x21));
        assert_eq!(
            DosTime::new(1970, 1, 1, 0, 0, 0).date >> 9,
            0,
            "clamped to 1980"
        );
    }
}
