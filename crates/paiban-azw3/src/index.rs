//! The INDX indexes of KF8 (skeleton, fragment, NCX, guide): a header record (TAGX tag table,
//! the geometry of the index records, IDXT), the index records with the entries, and the
//! CNCX records holding the entries' strings.
//!
//! An entry is a name and tagged values; each tag's count is coded in the control byte, each
//! value as a forward variable-width integer ([`encint`]). The layout follows Calibre's
//! `writer8/index.py`, which follows kindlegen.

use crate::Azw3Error;

/// Length of every INDX header.
const HEADER_LENGTH: usize = 192;
/// Most bytes of entries and IDXT in one index record (kindlegen's margin).
const RECORD_LIMIT: usize = 0x10000 - HEADER_LENGTH - 1048;
/// Most bytes of strings in one CNCX record.
const CNCX_LIMIT: usize = 0x10000 - 1024;
/// Longest string stored, in characters.
const MAX_STRING: usize = 500;

/// One tag of an index: its number, values per entry and control-byte mask.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tag {
    pub number: u8,
    pub per_entry: u8,
    pub mask: u8,
}

/// The tags of an index, in order; one control byte.
pub(crate) struct Schema(pub &'static [Tag]);

/// The skeleton index: chunk count (twice), geometry (start, length; twice).
pub(crate) const SKELETON: Schema = Schema(&[
    Tag {
        number: 1,
        per_entry: 1,
        mask: 3,
    },
    Tag {
        number: 6,
        per_entry: 2,
        mask: 12,
    },
]);
/// The fragment (chunk) index: selector string, file number, sequence number, geometry.
pub(crate) const FRAGMENT: Schema = Schema(&[
    Tag {
        number: 2,
        per_entry: 1,
        mask: 1,
    },
    Tag {
        number: 3,
        per_entry: 1,
        mask: 2,
    },
    Tag {
        number: 4,
        per_entry: 1,
        mask: 4,
    },
    Tag {
        number: 6,
        per_entry: 2,
        mask: 8,
    },
]);
/// The guide index: title string, position (fragment, offset).
pub(crate) const GUIDE: Schema = Schema(&[
    Tag {
        number: 1,
        per_entry: 1,
        mask: 1,
    },
    Tag {
        number: 6,
        per_entry: 2,
        mask: 2,
    },
]);
/// The NCX index: offset, length, label, depth, parent, first and last child, position.
pub(crate) const NCX: Schema = Schema(&[
    Tag {
        number: 1,
        per_entry: 1,
        mask: 1,
    },
    Tag {
        number: 2,
        per_entry: 1,
        mask: 2,
    },
    Tag {
        number: 3,
        per_entry: 1,
        mask: 4,
    },
    Tag {
        number: 4,
        per_entry: 1,
        mask: 8,
    },
    Tag {
        number: 21,
        per_entry: 1,
        mask: 16,
    },
    Tag {
        number: 22,
        per_entry: 1,
        mask: 32,
    },
    Tag {
        number: 23,
        per_entry: 1,
        mask: 64,
    },
    Tag {
        number: 6,
        per_entry: 2,
        mask: 128,
    },
]);

/// One entry: its name and, per tag of the schema in order, its values (empty = absent).
pub(crate) struct Entry {
    pub name: Vec<u8>,
    pub values: Vec<Vec<u32>>,
}

/// `value` as a forward variable-width integer: 7 bits a byte, most significant first, the
/// high bit set on the last byte.
pub fn encint(value: u32) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(5);
    let mut v = value;
    loop {
        bytes.push((v & 0x7f) as u8);
        v >>= 7;
        if v == 0 {
            break;
        }
    }
    bytes[0] |= 0x80;
    bytes.reverse();
    bytes
}

/// Pad `raw` with zeros to a multiple of four bytes.
pub(crate) fn align(mut raw: Vec<u8>) -> Vec<u8> {
    raw.resize(raw.len().div_ceil(4) * 4, 0);
    raw
}

fn u32be(v: usize) -> [u8; 4] {
    u32::try_from(v).unwrap_or(u32::MAX).to_be_bytes()
}

/// The strings of an index, stored in CNCX records; each string's offset is what entries hold.
pub(crate) struct Cncx {
    offsets: Vec<(String, u32)>,
    pub records: Vec<Vec<u8>>,
}

impl Cncx {
    /// Store `strings` (duplicates once).
    pub fn new<'s>(strings: impl IntoIterator<Item = &'s str>) -> Cncx {
        let mut offsets: Vec<(String, u32)> = Vec::new();
        let mut records = Vec::new();
        let mut buf: Vec<u8> = Vec::new();
        for s in strings {
            if offsets.iter().any(|(k, _)| k == s) {
                continue;
            }
            let text: String = s.chars().take(MAX_STRING).collect();
            let mut raw = encint(u32::try_from(text.len()).unwrap_or(u32::MAX));
            raw.extend_from_slice(text.as_bytes());
            if buf.len() + raw.len() > CNCX_LIMIT {
                records.push(align(std::mem::take(&mut buf)));
            }
            let offset = records.len() * 0x10000 + buf.len();
            buf.extend_from_slice(&raw);
            offsets.push((s.to_string(), u32::try_from(offset).unwrap_or(u32::MAX)));
        }
        if !buf.is_empty() {
            records.push(align(buf));
        }
        Cncx { offsets, records }
    }

    /// The offset of `s`, which was stored.
    pub fn offset(&self, s: &str) -> u32 {
        self.offsets
            .iter()
            .find(|(k, _)| k == s)
            .map_or(0, |(_, o)| *o)
    }
}

/// The TAGX table of `schema`.
fn tagx(schema: &Schema) -> Vec<u8> {
    let mut body = Vec::new();
    for t in schema.0 {
        body.extend_from_slice(&[t.number, t.per_entry, t.mask, 0]);
    }
    body.extend_from_slice(&[0, 0, 0, 1]);
    let mut out = b"TAGX".to_vec();
    out.extend_from_slice(&u32be(12 + body.len()));
    out.extend_from_slice(&u32be(1));
    out.extend(body);
    out
}

/// The bytes of one entry: name length, name, control byte, values.
fn entry_bytes(schema: &Schema, entry: &Entry) -> Result<Vec<u8>, Azw3Error> {
    let name_len = u8::try_from(entry.name.len())
        .map_err(|_| Azw3Error::Index(format!("entry name of {} bytes", entry.name.len())))?;
    let mut control = 0u8;
    let mut values = Vec::new();
    for (tag, vals) in schema.0.iter().zip(&entry.values) {
        let n = vals.len() / usize::from(tag.per_entry);
        // A count of all ones in a mask of two bits or more means "a count follows".
        let max = usize::from(tag.mask >> tag.mask.trailing_zeros());
        let max = if tag.mask.count_ones() > 1 {
            max - 1
        } else {
            max
        };
        if vals.len() % usize::from(tag.per_entry) != 0 || n > max {
            return Err(Azw3Error::Index(format!(
                "tag {}: {} values",
                tag.number,
                vals.len()
            )));
        }
        control |= tag.mask & ((n as u8) << tag.mask.trailing_zeros());
        for &v in vals {
            values.extend(encint(v));
        }
    }
    let mut out = vec![name_len];
    out.extend_from_slice(&entry.name);
    out.push(control);
    out.extend(values);
    Ok(out)
}

/// The records of an index of `entries` under `schema`, its CNCX records (`cncx`) last.
pub(crate) fn build(
    schema: &Schema,
    entries: &[Entry],
    cncx: &[Vec<u8>],
) -> Result<Vec<Vec<u8>>, Azw3Error> {
    // Entries into index records, each with its IDXT (offsets of its entries).
    struct Block {
        entries: Vec<u8>,
        idxt: Vec<u8>,
        count: usize,
        last: Vec<u8>,
    }
    let new_block = || Block {
        entries: Vec::new(),
        idxt: Vec::new(),
        count: 0,
        last: Vec::new(),
    };
    let mut blocks = vec![new_block()];
    for entry in entries {
        let raw = entry_bytes(schema, entry)?;
        let mut b = blocks
            .last_mut()
            .ok_or_else(|| Azw3Error::Index("no block".into()))?;
        if b.count > 0 && b.entries.len() + b.idxt.len() + raw.len() + 2 > RECORD_LIMIT {
            blocks.push(new_block());
            b = blocks
                .last_mut()
                .ok_or_else(|| Azw3Error::Index("no block".into()))?;
        }
        let at = u16::try_from(HEADER_LENGTH + b.entries.len())
            .map_err(|_| Azw3Error::Index("entry too large".into()))?;
        b.idxt.extend_from_slice(&at.to_be_bytes());
        b.entries.extend(raw);
        b.count += 1;
        b.last.clone_from(&entry.name);
    }
    let mut records = Vec::new();
    for b in &blocks {
        let body = align(b.entries.clone());
        let idxt = align([&b"IDXT"[..], &b.idxt].concat());
        let mut rec = b"INDX".to_vec();
        rec.extend_from_slice(&u32be(HEADER_LENGTH));
        rec.extend_from_slice(&[0; 4]);
        rec.extend_from_slice(&u32be(1));
        rec.extend_from_slice(&[0; 4]);
        rec.extend_from_slice(&u32be(HEADER_LENGTH + body.len()));
        rec.extend_from_slice(&u32be(b.count));
        rec.extend_from_slice(&[0xff; 8]);
        rec.extend_from_slice(&[0; 156]);
        rec.extend(body);
        rec.extend(idxt);
        if rec.len() > 0x10000 {
            return Err(Azw3Error::Index("index record over 64 KiB".into()));
        }
        records.push(rec);
    }
    // The header record: TAGX, the geometry (last name and count of each record), its IDXT.
    let tagx = align(tagx(schema));
    let mut geometry = Vec::new();
    let mut idxt = b"IDXT".to_vec();
    for b in &blocks {
        let at = u16::try_from(HEADER_LENGTH + tagx.len() + geometry.len())
            .map_err(|_| Azw3Error::Index("geometry too large".into()))?;
        idxt.extend_from_slice(&at.to_be_bytes());
        geometry.push(u8::try_from(b.last.len()).unwrap_or(0));
        geometry.extend_from_slice(&b.last);
        geometry.extend_from_slice(&u16::try_from(b.count).unwrap_or(u16::MAX).to_be_bytes());
    }
    let geometry = align(geometry);
    let idxt = align(idxt);
    let mut head = b"INDX".to_vec();
    head.extend_from_slice(&u32be(HEADER_LENGTH));
    head.extend_from_slice(&[0; 8]);
    head.extend_from_slice(&u32be(2));
    head.extend_from_slice(&u32be(HEADER_LENGTH + tagx.len() + geometry.len()));
    head.extend_from_slice(&u32be(records.len()));
    head.extend_from_slice(&u32be(65001));
    head.extend_from_slice(&[0xff; 4]);
    head.extend_from_slice(&u32be(entries.len()));
    head.extend_from_slice(&[0; 12]);
    head.extend_from_slice(&u32be(cncx.len()));
    head.extend_from_slice(&[0; 124]);
    head.extend_from_slice(&u32be(HEADER_LENGTH));
    head.extend_from_slice(&[0; 8]);
    debug_assert_eq!(head.len(), HEADER_LENGTH);
    head.extend(tagx);
    head.extend(geometry);
    head.extend(idxt);
    let mut out = vec![align(head)];
    out.extend(records);
    out.extend(cncx.iter().cloned());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variable_width_integers_end_with_the_high_bit() {
        assert_eq!(encint(0), [0x80]);
        assert_eq!(encint(0x7f), [0xff]);
        assert_eq!(encint(0x80), [0x01, 0x80]);
        assert_eq!(encint(0x11111), [0x04, 0x22, 0x91]);
    }

    #[test]
    fn cncx_offsets_count_length_prefixes() {
        let c = Cncx::new(["第1版", "目录", "第1版"]);
        assert_eq!(c.offset("第1版"), 0);
        assert_eq!(c.offset("目录"), 1 + "第1版".len() as u32);
        assert_eq!(c.records.len(), 1);
        assert_eq!(c.records[0][0], 0x80 | "第1版".len() as u8);
        assert_eq!(c.records[0].len() % 4, 0);
    }

    #[test]
    fn an_index_has_header_tagx_entries_and_idxt() {
        let entries = [
            Entry {
                name: b"SKEL0000000000".to_vec(),
                values: vec![vec![1, 1], vec![0, 700, 0, 700]],
            },
            Entry {
                name: b"SKEL0000000001".to_vec(),
                values: vec![vec![2, 2], vec![900, 650, 900, 650]],
            },
        ];
        let recs = build(&SKELETON, &entries, &[]).expect("index");
        assert_eq!(recs.len(), 2);
        let head = &recs[0];
        assert_eq!(&head[..4], b"INDX");
        assert_eq!(&head[192..196], b"TAGX");
        // Entry count and record count.
        assert_eq!(
            u32::from_be_bytes([head[36], head[37], head[38], head[39]]),
            2
        );
        assert_eq!(
            u32::from_be_bytes([head[24], head[25], head[26], head[27]]),
            1
        );
        let rec = &recs[1];
        // First entry at 192: name length, name, control byte 0b1010 (2 chunk counts, 2 pairs).
        assert_eq!(rec[192], 14);
        assert_eq!(&rec[193..207], b"SKEL0000000000");
        assert_eq!(rec[207], 0b1010);
        assert_eq!(&rec[208..210], &[0x81, 0x81]);
        let idxt = u32::from_be_bytes([rec[20], rec[21], rec[22], rec[23]]) as usize;
        assert_eq!(&rec[idxt..idxt + 4], b"IDXT");
        assert_eq!(&rec[idxt + 4..idxt + 6], &192u16.to_be_bytes());
    }

    #[test]
    fn too_many_values_for_a_mask_are_an_error() {
        let e = Entry {
            name: b"x".to_vec(),
            values: vec![vec![1, 2, 3], vec![]],
        };
        assert!(build(&SKELETON, &[e], &[]).is_err());
    }
}
