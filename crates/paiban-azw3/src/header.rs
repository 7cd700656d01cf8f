//! Record 0 (the PalmDOC header, the MOBI header of file version 8 and the EXTH metadata),
//! the fixed FLIS, FCIS and end records, and the PalmDB container around all records.
//!
//! Field by field after Calibre's `writer8/mobi.py` and `exth.py` (which follow kindlegen 2.9).

/// "No record" in an index field.
pub(crate) const NULL: u32 = 0xffff_ffff;

/// The FLIS record.
pub(crate) const FLIS: &[u8] = b"FLIS\0\0\0\x08\0\x41\0\0\0\0\0\0\xff\xff\xff\xff\0\x01\0\x03\0\0\0\x03\0\0\0\x01\xff\xff\xff\xff";
/// The end-of-file record.
pub(crate) const EOF: &[u8] = b"\xe9\x8e\r\n";

/// The FCIS record of a text of `text_length` bytes.
pub(crate) fn fcis(text_length: u32) -> Vec<u8> {
    let mut r = b"FCIS\x00\x00\x00\x14\x00\x00\x00\x10\x00\x00\x00\x02\x00\x00\x00\x00".to_vec();
    r.extend_from_slice(&text_length.to_be_bytes());
    r.extend_from_slice(b"\x00\x00\x00\x00\x00\x00\x00\x28\x00\x00\x00\x00\x00\x00\x00");
    r.extend_from_slice(b"\x28\x00\x00\x00\x08\x00\x01\x00\x01\x00\x00\x00\x00");
    r
}

/// The book's metadata as EXTH records carry it.
pub(crate) struct Metadata<'a> {
    pub title: &'a str,
    pub creator: &'a str,
    pub publisher: Option<&'a str>,
    /// BCP 47 tag; EXTH gets its language subtag.
    pub lang: &'a str,
    /// `YYYY-MM-DD`.
    pub date: Option<&'a str>,
    /// The book's UUID (without `urn:uuid:`).
    pub uuid: &'a str,
    /// Record 0 of the cover among the resources.
    pub cover_offset: Option<u32>,
    /// Text position reading starts at.
    pub start_offset: Option<u32>,
    pub num_resources: u32,
    pub has_fonts: bool,
}

/// Where the records of record 0's fields are.
pub(crate) struct Layout {
    pub text_length: u32,
    pub text_records: u16,
    pub first_non_text: u32,
    pub first_resource: u32,
    pub fdst: u32,
    pub fdst_count: u32,
    pub fcis: u32,
    pub flis: u32,
    pub ncx: u32,
    pub fragment: u32,
    pub skeleton: u32,
    pub guide: u32,
    /// Trailing entries of the text records: 1 multibyte, 2 sequences.
    pub extra_flags: u32,
}

/// The EXTH block of `m`.
fn exth(m: &Metadata<'_>) -> Vec<u8> {
    let mut recs: Vec<(u32, Vec<u8>)> = Vec::new();
    let mut text = |code: u32, s: &str| recs.push((code, s.as_bytes().to_vec()));
    text(100, m.creator);
    if let Some(p) = m.publisher {
        text(101, p);
    }
    let lang = m.lang.split('-').next().unwrap_or("zh");
    text(524, lang);
    text(113, m.uuid);
    text(112, &format!("paiban:{}", m.uuid));
    text(501, "EBOK");
    if let Some(d) = m.date {
        text(106, &format!("{d}T00:00:00+00:00"));
    }
    text(503, m.title);
    text(525, "horizontal-lr");
    text(527, "ltr");
    text(528, "true");
    text(535, "0730-890adc2");
    let mut num = |code: u32, v: u32| recs.push((code, v.to_be_bytes().to_vec()));
    // kindlegen 2.9 on Linux, as Calibre declares.
    num(204, 201);
    num(205, 2);
    num(206, 9);
    num(207, 0);
    if let Some(c) = m.cover_offset {
        num(201, c);
        num(203, 0);
    }
    if let Some(s) = m.start_offset {
        num(116, s);
    }
    num(125, m.num_resources);
    num(131, 0);
    let mut body = Vec::new();
    for (code, data) in &recs {
        body.extend_from_slice(&code.to_be_bytes());
        body.extend_from_slice(&(data.len() as u32 + 8).to_be_bytes());
        body.extend_from_slice(data);
    }
    let pad = 4 - body.len() % 4;
    let mut out = b"EXTH".to_vec();
    out.extend_from_slice(&(body.len() as u32 + 12).to_be_bytes());
    out.extend_from_slice(&(recs.len() as u32).to_be_bytes());
    out.extend(body);
    out.extend(std::iter::repeat_n(0, pad));
    out
}

/// The MOBI language code of a BCP 47 tag (Chinese and its regions; else neutral).
fn language_code(lang: &str) -> u32 {
    let mut parts = lang.split('-');
    let primary = parts.next().unwrap_or("").to_ascii_lowercase();
    if primary != "zh" {
        return 0;
    }
    let sub = parts
        .find_map(|p| match p.to_ascii_uppercase().as_str() {
            "CN" => Some(8),
            "TW" => Some(4),
            "HK" => Some(12),
            "SG" => Some(16),
            _ => None,
        })
        .unwrap_or(0);
    (sub << 8) | 4
}

/// Record 0.
pub(crate) fn record0(m: &Metadata<'_>, l: &Layout, uid: u32) -> Vec<u8> {
    let mut r = Vec::with_capacity(1024);
    let u16b = |r: &mut Vec<u8>, v: u16| r.extend_from_slice(&v.to_be_bytes());
    let u32b = |r: &mut Vec<u8>, v: u32| r.extend_from_slice(&v.to_be_bytes());
    // PalmDOC header: PalmDOC compression, text length, record count and size, no encryption.
    u16b(&mut r, 2);
    u16b(&mut r, 0);
    u32b(&mut r, l.text_length);
    u16b(&mut r, l.text_records);
    u16b(&mut r, 4096);
    u16b(&mut r, 0);
    u16b(&mut r, 0);
    // MOBI header.
    r.extend_from_slice(b"MOBI");
    u32b(&mut r, 264);
    u32b(&mut r, 2); // a book
    u32b(&mut r, 65001); // UTF-8
    u32b(&mut r, uid);
    u32b(&mut r, 8); // file version
    u32b(&mut r, NULL); // orth index
    u32b(&mut r, NULL); // inflection index
    for _ in 0..8 {
        u32b(&mut r, NULL); // names, keys, extra indexes
    }
    u32b(&mut r, l.first_non_text);
    let title_offset_at = r.len();
    u32b(&mut r, 0); // title offset, below
    u32b(&mut r, m.title.len() as u32);
    u32b(&mut r, language_code(m.lang));
    u32b(&mut r, 0); // dictionary in
    u32b(&mut r, 0); // dictionary out
    u32b(&mut r, 8); // min version
    u32b(&mut r, l.first_resource);
    u32b(&mut r, 0); // huffman record
    u32b(&mut r, 0); // huffman count
    u32b(&mut r, 0);
    u32b(&mut r, 0);
    let mut flags = 0b101_0000;
    if m.has_fonts {
        flags |= 0b1_0000_0000_0000;
    }
    u32b(&mut r, flags);
    r.extend_from_slice(&[0; 32]);
    u32b(&mut r, NULL); // unknown index
    u32b(&mut r, NULL); // DRM offset
    u32b(&mut r, 0);
    u32b(&mut r, 0);
    u32b(&mut r, 0);
    r.extend_from_slice(&[0; 8]);
    u32b(&mut r, l.fdst);
    u32b(&mut r, l.fdst_count);
    u32b(&mut r, l.fcis);
    u32b(&mut r, 1);
    u32b(&mut r, l.flis);
    u32b(&mut r, 1);
    r.extend_from_slice(&[0; 8]);
    u32b(&mut r, NULL); // SRCS
    u32b(&mut r, 0);
    r.extend_from_slice(&[0xff; 8]);
    u32b(&mut r, l.extra_flags);
    u32b(&mut r, l.ncx);
    u32b(&mut r, l.fragment);
    u32b(&mut r, l.skeleton);
    u32b(&mut r, NULL); // DATP
    u32b(&mut r, l.guide);
    u32b(&mut r, NULL);
    u32b(&mut r, 0);
    u32b(&mut r, NULL);
    u32b(&mut r, 0);
    debug_assert_eq!(r.len(), 16 + 264);
    r.extend(exth(m));
    let title_offset = r.len() as u32;
    r[title_offset_at..title_offset_at + 4].copy_from_slice(&title_offset.to_be_bytes());
    r.extend_from_slice(m.title.as_bytes());
    // Room kindlegen leaves for Amazon's services, and alignment.
    r.extend(std::iter::repeat_n(0, 8192));
    crate::index::align(r)
}

/// The PalmDB file of `records`, named `name` (ASCII, cut to 31 bytes), dated `time`.
pub(crate) fn palmdb(name: &str, time: u32, records: &[Vec<u8>]) -> Vec<u8> {
    let total: usize = records.iter().map(Vec::len).sum();
    let n = records.len();
    let mut out = Vec::with_capacity(78 + 8 * n + 2 + total);
    let mut title: Vec<u8> = name
        .bytes()
        .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        .take(31)
        .collect();
    title.resize(32, 0);
    out.extend(title);
    out.extend_from_slice(&[0; 4]); // attributes, version
    out.extend_from_slice(&time.to_be_bytes()); // created
    out.extend_from_slice(&time.to_be_bytes()); // modified
    out.extend_from_slice(&[0; 16]); // backed up, modification number, app info, sort info
    out.extend_from_slice(b"BOOKMOBI");
    out.extend_from_slice(&((2 * n as u32).saturating_sub(1)).to_be_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(n as u16).to_be_bytes());
    let mut offset = (out.len() + 8 * n + 2) as u32;
    for (i, r) in records.iter().enumerate() {
        out.extend_from_slice(&offset.to_be_bytes());
        let id = (2 * i as u32) & 0x00ff_ffff;
        out.extend_from_slice(&id.to_be_bytes());
        offset += r.len() as u32;
    }
    out.extend_from_slice(&[0, 0]);
    for r in records {
        out.extend_from_slice(r);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Metadata<'static> {
        Metadata {
            title: "清河日报 2026年3月18日",
            creator: "清河日报社",
            publisher: Some("清河日报社"),
            lang: "zh-CN",
            date: Some("2026-03-18"),
            uuid: "0e8c6a4e-0000-5000-8000-000000000000",
            cover_offset: Some(0),
            start_offset: Some(1234),
            num_resources: 4,
            has_fonts: true,
        }
    }

    fn exth_records(r0: &[u8]) -> Vec<(u32, Vec<u8>)> {
        let be = |at: usize| u32::from_be_bytes([r0[at], r0[at + 1], r0[at + 2], r0[at + 3]]);
        assert_eq!(&r0[280..284], b"EXTH");
        let count = be(288) as usize;
        let mut at = 292;
        let mut out = Vec::new();
        for _ in 0..count {
            let (code, len) = (be(at), be(at + 4) as usize);
            out.push((code, r0[at + 8..at + len].to_vec()));
            at += len;
        }
        out
    }

    #[test]
    fn record0_has_mobi_8_header_and_exth() {
        let layout = Layout {
            text_length: 5000,
            text_records: 2,
            first_non_text: 3,
            first_resource: 9,
            fdst: 13,
            fdst_count: 2,
            fcis: 15,
            flis: 14,
            ncx: 7,
            fragment: 3,
            skeleton: 5,
            guide: 6,
            extra_flags: 3,
        };
        let r0 = record0(&meta(), &layout, 7);
        let be = |at: usize| u32::from_be_bytes([r0[at], r0[at + 1], r0[at + 2], r0[at + 3]]);
        assert_eq!(&r0[16..20], b"MOBI");
        assert_eq!(be(36), 8, "file version");
        assert_eq!(be(92), 0x0804, "zh-CN");
        assert_eq!(be(192), 13, "FDST");
        assert_eq!(be(248), 3, "fragment index");
        assert_eq!(be(252), 5, "skeleton index");
        let title_at = be(84) as usize;
        assert_eq!(
            &r0[title_at..title_at + be(88) as usize],
            "清河日报 2026年3月18日".as_bytes()
        );
        let exth = exth_records(&r0);
        let get = |code| {
            exth.iter()
                .find(|(c, _)| *c == code)
                .map(|(_, d)| d.clone())
        };
        assert_eq!(get(524).as_deref(), Some(&b"zh"[..]));
        assert_eq!(
            get(503).as_deref(),
            Some("清河日报 2026年3月18日".as_bytes())
        );
        assert_eq!(get(101).as_deref(), Some("清河日报社".as_bytes()));
        assert_eq!(get(525).as_deref(), Some(&b"horizontal-lr"[..]));
        assert_eq!(get(527).as_deref(), Some(&b"ltr"[..]));
        assert_eq!(get(201).as_deref(), Some(&0u32.to_be_bytes()[..]));
        assert_eq!(get(116).as_deref(), Some(&1234u32.to_be_bytes()[..]));
        assert_eq!(r0.len() % 4, 0);
    }

    #[test]
    fn palmdb_lists_records_in_order() {
        let recs = vec![vec![1u8; 10], vec![2u8; 3]];
        let db = palmdb("清河 qinghe-2026", 100, &recs);
        assert_eq!(&db[..12], b"qinghe-2026\0");
        assert_eq!(&db[60..68], b"BOOKMOBI");
        assert_eq!(u16::from_be_bytes([db[76], db[77]]), 2);
        let first = u32::from_be_bytes([db[78], db[79], db[80], db[81]]) as usize;
        assert_eq!(first, 78 + 16 + 2);
        assert_eq!(&db[first..first + 10], &[1u8; 10]);
        let second = u32::from_be_bytes([db[86], db[87], db[88], db[89]]) as usize;
        assert_eq!(&db[second..], &[2u8; 3]);
    }
}
