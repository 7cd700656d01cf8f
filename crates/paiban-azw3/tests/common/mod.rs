//! A small KF8 reader for the tests, written from the format (not from the writer's code):
//! the PalmDB records, record 0 and EXTH, the text (PalmDOC, trailing entries), the INDX
//! indexes with their CNCX strings, the documents rebuilt from skeletons and fragments, and
//! the books the tests build (the sample edition, the real page).

#![allow(dead_code, clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use paiban_epub::{EpubOptions, Parts};
use paiban_fonts::{EditionFonts, FontSet};
use paiban_ingest::IngestOptions;
use std::path::Path;

/// The sample edition's parts.
pub fn sample_parts() -> Parts {
    sample().0
}

/// The sample edition's parts and EPUB.
pub fn sample() -> (Parts, Vec<u8>) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../samples/qinghe-daily");
    book_of(Path::new(dir), &IngestOptions::default())
}

/// The real page's parts (`../shared`, never copied here).
pub fn real_parts() -> Parts {
    real().0
}

/// The real page's parts and EPUB.
pub fn real() -> (Parts, Vec<u8>) {
    let opts = IngestOptions {
        masthead: Some("内蒙古日报".into()),
        date: Some("2022-06-28".into()),
        page: Some(2),
    };
    book_of(&paiban_testkit::real_page(), &opts)
}

fn book_of(path: &Path, opts: &IngestOptions) -> (Parts, Vec<u8>) {
    let edition = paiban_ingest::load(path, opts).unwrap().edition;
    let fonts = FontSet::bundled().unwrap();
    let prepared =
        EditionFonts::prepare(&fonts, &edition, &paiban_present::generated_text()).unwrap();
    let parts = paiban_epub::parts(&edition, &prepared, &EpubOptions::default()).unwrap();
    let epub = paiban_epub::render(&edition, &prepared, &EpubOptions::default()).unwrap();
    (parts, epub)
}

pub fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

pub fn be16(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([b[at], b[at + 1]])
}

/// A parsed book.
pub struct Book {
    pub records: Vec<Vec<u8>>,
}

/// One index entry: name and per tag number its values.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    pub name: Vec<u8>,
    pub tags: Vec<(u8, Vec<u32>)>,
}

impl IndexEntry {
    pub fn tag(&self, n: u8) -> Option<&[u32]> {
        self.tags
            .iter()
            .find(|(t, _)| *t == n)
            .map(|(_, v)| v.as_slice())
    }
}

fn decint(b: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    loop {
        let x = b[*at];
        *at += 1;
        v = (v << 7) | u32::from(x & 0x7f);
        if x & 0x80 != 0 {
            return v;
        }
    }
}

impl Book {
    pub fn parse(file: &[u8]) -> Book {
        assert_eq!(&file[60..68], b"BOOKMOBI");
        let n = usize::from(be16(file, 76));
        let offsets: Vec<usize> = (0..n).map(|i| be32(file, 78 + 8 * i) as usize).collect();
        let records = (0..n)
            .map(|i| {
                let end = offsets.get(i + 1).copied().unwrap_or(file.len());
                file[offsets[i]..end].to_vec()
            })
            .collect();
        Book { records }
    }

    pub fn r0(&self) -> &[u8] {
        &self.records[0]
    }

    pub fn exth(&self) -> Vec<(u32, Vec<u8>)> {
        let r0 = self.r0();
        let at = 16 + be32(r0, 20) as usize;
        assert_eq!(&r0[at..at + 4], b"EXTH");
        let count = be32(r0, at + 8) as usize;
        let mut p = at + 12;
        let mut out = Vec::new();
        for _ in 0..count {
            let (code, len) = (be32(r0, p), be32(r0, p + 4) as usize);
            out.push((code, r0[p + 8..p + len].to_vec()));
            p += len;
        }
        out
    }

    pub fn exth_str(&self, code: u32) -> Option<String> {
        self.exth()
            .into_iter()
            .find(|(c, _)| *c == code)
            .map(|(_, d)| String::from_utf8(d).unwrap())
    }

    pub fn exth_u32(&self, code: u32) -> Option<u32> {
        self.exth()
            .into_iter()
            .find(|(c, _)| *c == code)
            .map(|(_, d)| be32(&d, 0))
    }

    /// The whole text, decompressed, trailing entries removed.
    pub fn text(&self) -> Vec<u8> {
        let r0 = self.r0();
        assert_eq!(be16(r0, 0), 2, "PalmDOC compression");
        let n = usize::from(be16(r0, 8));
        let flags = be32(r0, 240);
        assert!(
            flags == 1 || flags == 3,
            "multibyte entries and sequences only: {flags}"
        );
        let mut text = Vec::new();
        for r in &self.records[1..=n] {
            let mut r = r.as_slice();
            if flags & 2 != 0 {
                // The sequence's size: a backward integer at the very end.
                let mut size = 0usize;
                for (k, &b) in r.iter().rev().take(4).enumerate() {
                    size |= usize::from(b & 0x7f) << (7 * k);
                    if b & 0x80 != 0 {
                        break;
                    }
                }
                r = &r[..r.len() - size];
            }
            let extra = usize::from(r[r.len() - 1] & 3) + 1;
            let body = paiban_azw3::palmdoc::decompress(&r[..r.len() - extra]).unwrap();
            assert!(body.len() <= 4096);
            text.extend(body);
        }
        assert_eq!(text.len(), be32(r0, 4) as usize, "text length");
        text
    }

    /// The flows of the FDST.
    pub fn flows(&self) -> Vec<Vec<u8>> {
        let r0 = self.r0();
        let fdst = &self.records[be32(r0, 192) as usize];
        assert_eq!(&fdst[..4], b"FDST");
        let n = be32(fdst, 8) as usize;
        assert_eq!(n, be32(r0, 196) as usize);
        let text = self.text();
        (0..n)
            .map(|i| {
                let (s, e) = (
                    be32(fdst, 12 + 8 * i) as usize,
                    be32(fdst, 16 + 8 * i) as usize,
                );
                text[s..e].to_vec()
            })
            .collect()
    }

    /// The index whose header is record `first`, and the CNCX strings by offset.
    pub fn index(&self, first: usize) -> (Vec<IndexEntry>, Vec<(u32, String)>) {
        let head = &self.records[first];
        assert_eq!(&head[..4], b"INDX");
        let tagx_at = be32(head, 180) as usize;
        assert_eq!(&head[tagx_at..tagx_at + 4], b"TAGX");
        let tagx_len = be32(head, tagx_at + 4) as usize;
        let control_bytes = be32(head, tagx_at + 8) as usize;
        assert_eq!(control_bytes, 1);
        let tags: Vec<[u8; 4]> = head[tagx_at + 12..tagx_at + tagx_len]
            .chunks(4)
            .map(|c| [c[0], c[1], c[2], c[3]])
            .collect();
        let n_records = be32(head, 24) as usize;
        let n_cncx = be32(head, 52) as usize;
        let mut entries = Vec::new();
        for rec in &self.records[first + 1..=first + n_records] {
            assert_eq!(&rec[..4], b"INDX");
            let idxt = be32(rec, 20) as usize;
            let count = be32(rec, 24) as usize;
            assert_eq!(&rec[idxt..idxt + 4], b"IDXT");
            for k in 0..count {
                let mut at = usize::from(be16(rec, idxt + 4 + 2 * k));
                let len = usize::from(rec[at]);
                let name = rec[at + 1..at + 1 + len].to_vec();
                at += 1 + len;
                let control = rec[at];
                at += 1;
                let mut values = Vec::new();
                for t in &tags {
                    let [number, per, mask, end] = *t;
                    if end == 1 {
                        continue;
                    }
                    let n = (control & mask) >> mask.trailing_zeros();
                    // All bits of a wider mask set would mean "a count follows": not written.
                    assert!(mask.count_ones() == 1 || n != mask >> mask.trailing_zeros());
                    if n > 0 {
                        let vals = (0..usize::from(n) * usize::from(per))
                            .map(|_| decint(rec, &mut at))
                            .collect();
                        values.push((number, vals));
                    }
                }
                entries.push(IndexEntry { name, tags: values });
            }
        }
        assert_eq!(entries.len(), be32(head, 36) as usize);
        let mut strings = Vec::new();
        for (i, rec) in self.records[first + 1 + n_records..first + 1 + n_records + n_cncx]
            .iter()
            .enumerate()
        {
            let mut at = 0;
            while at < rec.len() && rec[at] != 0 {
                let start = at;
                let len = decint(rec, &mut at) as usize;
                let s = String::from_utf8(rec[at..at + len].to_vec()).unwrap();
                strings.push(((i * 0x10000 + start) as u32, s));
                at += len;
            }
        }
        (entries, strings)
    }

    /// The documents rebuilt from the skeleton and fragment tables, and the fragment table
    /// (insert position, length) for resolving links.
    pub fn documents(&self) -> (Vec<Vec<u8>>, Vec<(usize, usize)>) {
        let r0 = self.r0();
        let flows = self.flows();
        let text = &flows[0];
        let (skels, _) = self.index(be32(r0, 252) as usize);
        let (frags, _) = self.index(be32(r0, 248) as usize);
        let mut docs = Vec::new();
        let mut table = Vec::new();
        let mut f = 0;
        for s in &skels {
            let count = s.tag(1).unwrap()[0] as usize;
            let geo = s.tag(6).unwrap();
            let (start, len) = (geo[0] as usize, geo[1] as usize);
            let mut doc = text[start..start + len].to_vec();
            let mut base = start + len;
            for frag in &frags[f..f + count] {
                let insert: usize = std::str::from_utf8(&frag.name).unwrap().parse().unwrap();
                let g = frag.tag(6).unwrap();
                let flen = g[1] as usize;
                let piece = &text[base..base + flen];
                let at = insert - start;
                doc.splice(at..at, piece.iter().copied());
                table.push((insert, flen));
                base += flen;
            }
            f += count;
            docs.push(doc);
        }
        (docs, table)
    }

    /// The resource records, in order.
    pub fn resources(&self) -> Vec<&[u8]> {
        let r0 = self.r0();
        let first = be32(r0, 108) as usize;
        let fdst = be32(r0, 192) as usize;
        self.records[first..fdst]
            .iter()
            .map(Vec::as_slice)
            .collect()
    }
}

/// The text of `xhtml` after `<body`: tags removed, entities kept as written.
pub fn body_text(xhtml: &[u8]) -> String {
    let s = String::from_utf8_lossy(xhtml);
    let body = s.find("<body").map_or(&s[..], |i| &s[i..]);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
