//! Reading and writing the sfnt container: big-endian fields of a table, and assembling a
//! font file from its tables (table directory, checksums, `head.checkSumAdjustment`).
//!
//! Input: table bytes keyed by tag. Output: a TrueType file (`0x00010000` flavour) whose
//! tables are sorted by tag and 4-byte aligned, as the OpenType spec and browsers' OpenType
//! Sanitizer require. Pure byte work, no I/O; every read is bounds-checked.

/// A big-endian `u16` at `at`, or `None` past the end.
pub(crate) fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

/// A big-endian `i16` at `at`, or `None` past the end.
pub(crate) fn i16_at(data: &[u8], at: usize) -> Option<i16> {
    u16_at(data, at).map(|v| v as i16)
}

/// A big-endian `u32` at `at`, or `None` past the end.
pub(crate) fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Overwrite the big-endian `u16` at `at`; `false` if it is out of bounds.
pub(crate) fn put_u16(data: &mut [u8], at: usize, v: u16) -> bool {
    match at.checked_add(2).and_then(|end| data.get_mut(at..end)) {
        Some(b) => {
            b.copy_from_slice(&v.to_be_bytes());
            true
        }
        None => false,
    }
}

/// Overwrite the big-endian `u32` at `at`; `false` if it is out of bounds.
pub(crate) fn put_u32(data: &mut [u8], at: usize, v: u32) -> bool {
    match at.checked_add(4).and_then(|end| data.get_mut(at..end)) {
        Some(b) => {
            b.copy_from_slice(&v.to_be_bytes());
            true
        }
        None => false,
    }
}

/// The OpenType table checksum: the wrapping sum of the data as big-endian `u32`s,
/// the last one zero-padded.
pub(crate) fn checksum(data: &[u8]) -> u32 {
    let mut sum = 0u32;
    let mut chunks = data.chunks_exact(4);
    for c in &mut chunks {
        sum = sum.wrapping_add(u32::from_be_bytes([c[0], c[1], c[2], c[3]]));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 4];
        last[..rest.len()].copy_from_slice(rest);
        sum = sum.wrapping_add(u32::from_be_bytes(last));
    }
    sum
}

/// Offset of `checkSumAdjustment` inside the `head` table.
const HEAD_CHECKSUM_ADJUSTMENT: usize = 8;

/// Assemble a TrueType font file from `tables` (tag, bytes). Tables are written sorted by
/// tag, each padded to 4 bytes; the `head` table's `checkSumAdjustment` is computed.
pub(crate) fn assemble(mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    tables.sort_by_key(|a| a.0);
    let num_tables = tables.len();
    // searchRange = 16 * (largest power of two <= numTables), entrySelector = log2 of it.
    let mut entry_selector = 0u16;
    while (2usize << entry_selector) <= num_tables {
        entry_selector += 1;
    }
    let search_range = 16u16 << entry_selector;
    let range_shift = (num_tables as u16)
        .wrapping_mul(16)
        .wrapping_sub(search_range);

    let header_len = 12 + 16 * num_tables;
    let body_len: usize = tables
        .iter()
        .map(|(_, t)| t.len().next_multiple_of(4))
        .sum();
    let mut out = Vec::with_capacity(header_len + body_len);
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&(num_tables as u16).to_be_bytes());
    out.extend_from_slice(&search_range.to_be_bytes());
    out.extend_from_slice(&entry_selector.to_be_bytes());
    out.extend_from_slice(&range_shift.to_be_bytes());

    let mut offset = header_len;
    let mut head_offset = None;
    for (tag, data) in &mut tables {
        if tag == b"head" {
            // The adjustment is computed with this field at zero.
            put_u32(data, HEAD_CHECKSUM_ADJUSTMENT, 0);
            head_offset = Some(offset);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in &tables {
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_offset {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        put_u32(&mut out, at + HEAD_CHECKSUM_ADJUSTMENT, adjustment);
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A font of six empty glyphs with the tables ttf-parser requires, plus `extra`.
    pub(crate) fn minimal_font(extra: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
        let mut head = vec![0u8; 54];
        put_u16(&mut head, 18, 1000); // unitsPerEm
        let mut hhea = vec![0u8; 36];
        put_u16(&mut hhea, 34, 1);
        let mut maxp = vec![0u8; 6];
        put_u32(&mut maxp, 0, 0x0000_5000);
        put_u16(&mut maxp, 4, 6);
        let mut tables = vec![
            (*b"head", head),
            (*b"hhea", hhea),
            (*b"maxp", maxp),
            (*b"hmtx", vec![0; 4 + 2 * 5]),
        ];
        tables.extend(extra);
        assemble(tables)
    }

    #[test]
    fn checksum_pads_the_last_word() {
        assert_eq!(checksum(&[0, 0, 0, 1, 0, 0, 0, 2]), 3);
        assert_eq!(checksum(&[1]), 0x0100_0000);
        assert_eq!(checksum(&[0xFF; 8]), 0xFFFF_FFFE);
    }

    #[test]
    fn assemble_sorts_aligns_and_sets_the_whole_font_checksum() {
        let mut head = vec![0u8; 54];
        put_u32(&mut head, HEAD_CHECKSUM_ADJUSTMENT, 0xDEAD_BEEF);
        let font = assemble(vec![
            (*b"name", vec![1, 2, 3]),
            (*b"head", head),
            (*b"cmap", vec![9; 5]),
        ]);
        assert_eq!(u16_at(&font, 4), Some(3));
        assert_eq!(u16_at(&font, 6), Some(32)); // searchRange
        assert_eq!(u16_at(&font, 8), Some(1)); // entrySelector
        assert_eq!(u16_at(&font, 10), Some(16)); // rangeShift
        let tags: Vec<&[u8]> = (0..3).map(|i| &font[12 + 16 * i..16 + 16 * i]).collect();
        assert_eq!(tags, [b"cmap", b"head", b"name"]);
        for i in 0..3 {
            let offset = u32_at(&font, 12 + 16 * i + 8).unwrap_or(1);
            assert_eq!(offset % 4, 0);
        }
        assert_eq!(font.len() % 4, 0);
        // With the adjustment in place the whole file sums to the magic number.
        assert_eq!(checksum(&font), 0xB1B0_AFBA);
    }

    #[test]
    fn reads_and_writes_are_bounds_checked() {
        let mut d = [0u8; 3];
        assert_eq!(u16_at(&d, 2), None);
        assert_eq!(u32_at(&d, 0), None);
        assert_eq!(u16_at(&d, usize::MAX), None);
        assert!(!put_u32(&mut d, 0, 1));
        assert!(put_u16(&mut d, 1, 0x0102));
        assert_eq!(d, [0, 1, 2]);
        assert_eq!(i16_at(&[0xFF, 0xFE], 0), Some(-2));
    }
}
