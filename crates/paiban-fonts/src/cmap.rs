//! The `cmap` table of a subset: exactly the characters set, each to its new glyph id.
//!
//! Input: (code point, glyph id) pairs sorted by code point. Output: a `cmap` with a format 4
//! subtable for the BMP under (0,3) and (3,1), and a format 12 subtable under (0,4) and
//! (3,10) when a character lies beyond the BMP or format 4 would pass its 64 KB limit (more
//! than about 8,000 separate runs). Both formats use one segment or group per run of
//! consecutive code points with consecutive glyph ids, which the subsetter's glyph order
//! (characters in code point order) makes long.

/// Runs of consecutive code points with consecutive glyph ids: (first, last, first glyph).
fn runs(mapping: &[(u32, u16)]) -> Vec<(u32, u32, u16)> {
    let mut out: Vec<(u32, u32, u16)> = Vec::new();
    for &(c, g) in mapping {
        match out.last_mut() {
            Some((first, last, g0))
                if c == *last + 1 && u32::from(g) == u32::from(*g0) + (c - *first) =>
            {
                *last = c;
            }
            _ => out.push((c, c, g)),
        }
    }
    out
}

/// A `cmap` table mapping exactly `mapping` (sorted by code point).
pub(crate) fn cmap(mapping: &[(u32, u16)]) -> Vec<u8> {
    let bmp: Vec<(u32, u16)> = mapping.iter().copied().filter(|m| m.0 < 0xFFFF).collect();
    let format4 = format4(&runs(&bmp));
    let needs_format12 = format4.is_none() || bmp.len() < mapping.len();
    let format12 = needs_format12.then(|| format12(&runs(mapping)));

    let mut records: Vec<(u16, u16, usize)> = Vec::new(); // platform, encoding, subtable
    let mut subtables: Vec<Vec<u8>> = Vec::new();
    if let Some(t) = format4 {
        subtables.push(t);
        records.extend([(0, 3, 0), (3, 1, 0)]);
    }
    if let Some(t) = format12 {
        let i = subtables.len();
        subtables.push(t);
        records.extend([(0, 4, i), (3, 10, i)]);
    }
    records.sort_unstable();

    let mut offsets = Vec::with_capacity(subtables.len());
    let mut offset = 4 + 8 * records.len();
    for t in &subtables {
        offsets.push(offset);
        offset += t.len();
    }
    let mut out = Vec::with_capacity(offset);
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&(records.len() as u16).to_be_bytes());
    for (platform, encoding, i) in records {
        out.extend_from_slice(&platform.to_be_bytes());
        out.extend_from_slice(&encoding.to_be_bytes());
        let at = offsets.get(i).copied().unwrap_or(0) as u32;
        out.extend_from_slice(&at.to_be_bytes());
    }
    for t in subtables {
        out.extend_from_slice(&t);
    }
    out
}

/// A format 4 subtable for BMP `runs` (one segment per run, `idDelta` only), or `None`
/// when it would exceed the format's 64 KB.
fn format4(runs: &[(u32, u32, u16)]) -> Option<Vec<u8>> {
    let mut segments: Vec<(u16, u16, u16)> = Vec::with_capacity(runs.len() + 1);
    for &(first, last, g) in runs {
        let (first, last) = (u16::try_from(first).ok()?, u16::try_from(last).ok()?);
        segments.push((first, last, g.wrapping_sub(first)));
    }
    segments.push((0xFFFF, 0xFFFF, 1));
    let seg_count = u16::try_from(segments.len()).ok()?;
    let length = u16::try_from(16 + 8 * segments.len()).ok()?;
    let mut entry_selector = 0u16;
    while (2u32 << entry_selector) <= u32::from(seg_count) {
        entry_selector += 1;
    }
    let search_range = 2u16 << entry_selector;
    let mut t = Vec::with_capacity(usize::from(length));
    for v in [
        4,
        length,
        0,
        2 * seg_count,
        search_range,
        entry_selector,
        (2 * seg_count).wrapping_sub(search_range),
    ] {
        t.extend_from_slice(&v.to_be_bytes());
    }
    segments
        .iter()
        .for_each(|s| t.extend_from_slice(&s.1.to_be_bytes()));
    t.extend_from_slice(&0u16.to_be_bytes());
    segments
        .iter()
        .for_each(|s| t.extend_from_slice(&s.0.to_be_bytes()));
    segments
        .iter()
        .for_each(|s| t.extend_from_slice(&s.2.to_be_bytes()));
    segments
        .iter()
        .for_each(|_| t.extend_from_slice(&0u16.to_be_bytes()));
    Some(t)
}

/// A format 12 subtable: one sequential group per run.
fn format12(runs: &[(u32, u32, u16)]) -> Vec<u8> {
    let mut t = Vec::with_capacity(16 + 12 * runs.len());
    t.extend_from_slice(&12u16.to_be_bytes());
    t.extend_from_slice(&0u16.to_be_bytes());
    t.extend_from_slice(&((16 + 12 * runs.len()) as u32).to_be_bytes());
    t.extend_from_slice(&0u32.to_be_bytes());
    t.extend_from_slice(&(runs.len() as u32).to_be_bytes());
    for &(first, last, g) in runs {
        for v in [first, last, u32::from(g)] {
            t.extend_from_slice(&v.to_be_bytes());
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sfnt::tests::minimal_font;
    use crate::sfnt::u16_at;

    fn lookup(face: &ttf_parser::Face<'_>, c: u32) -> Option<u16> {
        // Glyph 0 (.notdef) is "not mapped" (the format 4 end segment maps U+FFFF to it).
        char::from_u32(c)
            .and_then(|c| face.glyph_index(c))
            .map(|g| g.0)
            .filter(|&g| g != 0)
    }

    #[test]
    fn runs_join_consecutive_code_points_and_glyphs() {
        let m = [(0x41, 1), (0x42, 2), (0x43, 7), (0x45, 8), (0x46, 9)];
        assert_eq!(
            runs(&m),
            vec![(0x41, 0x42, 1), (0x43, 0x43, 7), (0x45, 0x46, 8)]
        );
    }

    #[test]
    fn cmap_maps_exactly_the_given_characters_in_both_formats() {
        let m = [
            (0x20, 1),
            (0x4E00, 2),
            (0x4E01, 3),
            (0x9F8D, 4),
            (0x2_0000, 5),
        ];
        let table = cmap(&m);
        let font = minimal_font(vec![(*b"cmap", table.clone())]);
        let face = ttf_parser::Face::parse(&font, 0).expect("minimal font parses");
        for (c, g) in m {
            assert_eq!(lookup(&face, c), Some(g), "U+{c:04X}");
        }
        for c in [0x21, 0x4E02, 0x4DFF, 0x2_0001, 0xFFFF] {
            assert_eq!(lookup(&face, c), None, "U+{c:04X}");
        }
        // Four encoding records: (0,3) (0,4) (3,1) (3,10).
        assert_eq!(u16_at(&table, 2), Some(4));
        let records: Vec<(u16, u16)> = (0..4)
            .filter_map(|i| Some((u16_at(&table, 4 + 8 * i)?, u16_at(&table, 6 + 8 * i)?)))
            .collect();
        assert_eq!(records, [(0, 3), (0, 4), (3, 1), (3, 10)]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// Any set of characters (BMP or not, few or many): the cmap maps exactly them, to
        /// the glyph ids given, in a file ttf-parser reads; past format 4's 64 KB the BMP is
        /// served by format 12 too.
        #[test]
        fn cmap_round_trips(
            codes in proptest::collection::btree_set(
                proptest::prop_oneof![0x20u32..0x3000, 0x3000u32..0xFFFE, 0x1_0000u32..0x3_0000],
                0..14_000,
            ),
        ) {
            let chars: Vec<u32> =
                codes.into_iter().filter(|&c| char::from_u32(c).is_some()).collect();
            let mapping: Vec<(u32, u16)> =
                chars.iter().zip(1u16..).map(|(&c, g)| (c, g)).collect();
            let font = minimal_font(vec![(*b"cmap", cmap(&mapping))]);
            let face = ttf_parser::Face::parse(&font, 0);
            proptest::prop_assert!(face.is_ok());
            if let Ok(face) = face {
                for &(c, g) in &mapping {
                    proptest::prop_assert_eq!(lookup(&face, c), Some(g));
                }
                for &(c, _) in &mapping {
                    if chars.binary_search(&(c + 1)).is_err() {
                        proptest::prop_assert_eq!(lookup(&face, c + 1), None);
                    }
                }
            }
        }
    }

    #[test]
    fn too_many_bmp_segments_fall_back_to_format_12() {
        // 9,000 isolated characters need more segments than format 4's 64 KB can hold.
        let mapping: Vec<(u32, u16)> = (0..9000u16)
            .map(|i| (0x4E00 + 2 * u32::from(i), i + 1))
            .collect();
        let table = cmap(&mapping);
        let records: Vec<(u16, u16)> = (0..usize::from(u16_at(&table, 2).unwrap_or(0)))
            .filter_map(|i| Some((u16_at(&table, 4 + 8 * i)?, u16_at(&table, 6 + 8 * i)?)))
            .collect();
        assert_eq!(records, [(0, 4), (3, 10)]);
        let font = minimal_font(vec![(*b"cmap", table)]);
        let face = ttf_parser::Face::parse(&font, 0).expect("font parses");
        assert_eq!(lookup(&face, 0x4E00 + 2 * 8999), Some(9000));
        assert_eq!(lookup(&face, 0x4E01), None);
    }

    #[test]
    fn bmp_only_cmap_has_no_format_12() {
        let table = cmap(&[(0x20, 1), (0x3000, 2)]);
        assert_eq!(u16_at(&table, 2), Some(2));
    }
}
