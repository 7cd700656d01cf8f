//! paiban-azw3 — the AZW3 (KF8) exporter, for Kindles, which read AZW3 and not EPUB over USB.
//!
//! Input: the parts of the EPUB ([`paiban_epub::parts`]: the same XHTML documents,
//! stylesheet, fonts, images, contents and guide), so both books show the same text. Output:
//! the bytes of a KF8-only MOBI file; the same parts give the same bytes.
//!
//! The file, record by record: record 0 (PalmDOC and MOBI 8 headers, EXTH metadata:
//! `header`); the text records (`palmdoc`): the documents, each split into a skeleton and
//! fragments (`chunk`) after being rewritten for KF8 (`markup`), then the stylesheet as a
//! second flow; the fragment, skeleton, guide and NCX indexes (`index`, `nav`); the images
//! and fonts (`resources`); FDST, FLIS, FCIS and the end record.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let edition = paiban_model::Edition::new("清河日报");
//! let fonts = paiban_fonts::FontSet::bundled()?;
//! let prepared =
//!     paiban_fonts::EditionFonts::prepare(&fonts, &edition, &paiban_present::generated_text())?;
//! let parts = paiban_epub::parts(&edition, &prepared, &paiban_epub::EpubOptions::default())?;
//! let bytes = paiban_azw3::render(&parts)?;
//! # let _ = bytes; Ok(()) }
//! ```

#![forbid(unsafe_code)]

mod chunk;
mod header;
mod index;
mod markup;
mod nav;
pub mod palmdoc;
mod resources;
mod tbs;

use chunk::Fragment;
use markup::{Doc, Names};
use paiban_epub::Parts;

/// Errors of the AZW3 exporter; each names the part it is about.
#[derive(Debug, thiserror::Error)]
pub enum Azw3Error {
    /// A document could not be read.
    #[error("azw3: {file}: {reason}")]
    Markup {
        /// The document.
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// An index could not be encoded (a bug or an absurdly large book).
    #[error("azw3: index: {0}")]
    Index(String),
    /// The book exceeds what the format can address.
    #[error("azw3: the book is too large: {0}")]
    TooLarge(String),
}

/// Render the book of `parts` as AZW3.
pub fn render(parts: &Parts) -> Result<Vec<u8>, Azw3Error> {
    // The resources: images (the cover among them) then fonts, numbered from 1.
    let is_font =
        |m: &str| m.starts_with("font/") || m.contains("opentype") || m.contains("truetype");
    let images = parts
        .files
        .iter()
        .filter(|f| f.media_type.starts_with("image/"));
    let fonts = parts.files.iter().filter(|f| is_font(f.media_type));
    let resource_files: Vec<_> = images.chain(fonts).collect();
    let resources: Vec<(&str, usize, &str)> = resource_files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.href.as_str(), i + 1, f.media_type))
        .collect();
    // The stylesheets, flows 1…
    let sheets: Vec<_> = parts
        .files
        .iter()
        .filter(|f| f.media_type == "text/css")
        .collect();
    let flow_names: Vec<(&str, usize)> = sheets
        .iter()
        .enumerate()
        .map(|(i, f)| (f.href.as_str(), i + 1))
        .collect();
    let spine: Vec<_> = parts.files.iter().filter(|f| f.spine).collect();
    let doc_names: Vec<&str> = spine.iter().map(|f| f.href.as_str()).collect();
    let names = Names {
        docs: &doc_names,
        resources: &resources,
        flows: &flow_names,
    };
    let mut docs: Vec<Doc> = spine
        .iter()
        .enumerate()
        .map(|(i, f)| markup::rewrite(i, &f.href, &f.data, &names))
        .collect::<Result<_, _>>()?;

    // Skeletons and fragments; each document starts where the one before ends.
    let chunks: Vec<_> = docs.iter().map(chunk::chunks).collect();
    let mut starts = Vec::with_capacity(docs.len());
    let mut fragments: Vec<Fragment> = Vec::new();
    let mut at = 0;
    for (file, (doc, cs)) in docs.iter().zip(&chunks).enumerate() {
        starts.push(at);
        let mut cp = 0;
        for c in cs {
            fragments.push(Fragment {
                insert_pos: at + c.start,
                selector: c.selector.clone(),
                file,
                sequence: fragments.len(),
                start_pos: cp,
                length: c.len(),
            });
            cp += c.len();
        }
        at += doc.bytes.len();
    }
    let locate = |docs: &[Doc], target: &str| -> Option<usize> {
        let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
        let d = doc_names.iter().position(|n| *n == file)?;
        Some(starts[d] + docs[d].target(fragment))
    };
    // Links: the placeholders are as long as the links, so nothing moves.
    for d in 0..docs.len() {
        let links = docs[d].links.clone();
        for link in links {
            let pos = starts[link.doc] + docs[link.doc].target(&link.fragment);
            let (fid, off) = chunk::pos_fid(&fragments, pos);
            let text = markup::pos_link(fid, off);
            let slot = docs[d]
                .bytes
                .get_mut(link.at..link.at + text.len())
                .ok_or_else(|| Azw3Error::Index("link outside its document".into()))?;
            slot.copy_from_slice(text.as_bytes());
        }
    }
    // The text: each skeleton followed by its fragments, then the stylesheets.
    let mut text = Vec::with_capacity(at + 4096);
    let mut skeletons = Vec::with_capacity(docs.len());
    for (doc, cs) in docs.iter().zip(&chunks) {
        let skel = chunk::skeleton(doc, cs);
        skeletons.push((text.len(), skel.len(), cs.len()));
        text.extend_from_slice(&skel);
        for c in cs {
            text.extend_from_slice(&doc.bytes[c.start..c.end]);
        }
    }
    let mut flows = vec![(0, text.len())];
    for sheet in &sheets {
        let css = resources::stylesheet(&String::from_utf8_lossy(&sheet.data), &resources);
        let start = text.len();
        text.extend_from_slice(css.as_bytes());
        flows.push((start, text.len()));
    }
    let text_length = u32::try_from(text.len())
        .map_err(|_| Azw3Error::TooLarge(format!("{} bytes of text", text.len())))?;

    // Navigation.
    let ncx = nav::ncx(&parts.toc, |t| locate(&docs, t), &fragments, flows[0].1)?;
    let guide = nav::guide(&parts.guide, |t| locate(&docs, t), &fragments)?;
    let start_offset = parts
        .guide
        .iter()
        .find(|g| g.kind == "text")
        .and_then(|g| locate(&docs, &g.target))
        .map(|p| p as u32);

    // The records.
    let mut records: Vec<Vec<u8>> = vec![Vec::new()];
    let mut text_records = palmdoc::text_records(&text);
    let n_text = text_records.len();
    // Each record's trailing byte sequence, after its multibyte entry.
    let (ncx, tbs_entries) = ncx;
    let mut extra_flags = 1;
    if !tbs_entries.is_empty() {
        let lengths: Vec<usize> = (0..n_text)
            .map(|i| (text.len() - i * palmdoc::RECORD_SIZE).min(palmdoc::RECORD_SIZE))
            .collect();
        for (r, seq) in text_records
            .iter_mut()
            .zip(tbs::sequences_for(&tbs_entries, &lengths))
        {
            r.extend(seq);
        }
        extra_flags |= 0b10;
    }
    let text_size: usize = text_records.iter().map(Vec::len).sum();
    records.extend(text_records);
    // The next record starts on a multiple of four bytes.
    if !text_size.is_multiple_of(4) {
        records.push(vec![0; 4 - text_size % 4]);
    }
    let first_non_text = records.len();
    let fragment_index = records.len();
    let cncx = index::Cncx::new(fragments.iter().map(|f| f.selector.as_str()));
    let frag_entries: Vec<index::Entry> = fragments
        .iter()
        .map(|f| index::Entry {
            name: format!("{:010}", f.insert_pos).into_bytes(),
            values: vec![
                vec![cncx.offset(&f.selector)],
                vec![f.file as u32],
                vec![f.sequence as u32],
                vec![f.start_pos as u32, f.length as u32],
            ],
        })
        .collect();
    records.extend(index::build(
        &index::FRAGMENT,
        &frag_entries,
        &cncx.records,
    )?);
    let skeleton_index = records.len();
    let skel_entries: Vec<index::Entry> = skeletons
        .iter()
        .enumerate()
        .map(|(i, &(start, len, count))| index::Entry {
            name: format!("SKEL{i:010}").into_bytes(),
            values: vec![
                vec![count as u32, count as u32],
                vec![start as u32, len as u32, start as u32, len as u32],
            ],
        })
        .collect();
    records.extend(index::build(&index::SKELETON, &skel_entries, &[])?);
    let guide_index = if guide.is_empty() {
        header::NULL
    } else {
        let at = records.len() as u32;
        records.extend(guide);
        at
    };
    let ncx_index = if ncx.is_empty() {
        header::NULL
    } else {
        let at = records.len() as u32;
        records.extend(ncx);
        at
    };
    let first_resource = records.len();
    let mut cover_offset = None;
    for (i, f) in resource_files.iter().enumerate() {
        if f.cover_image {
            cover_offset = Some(i as u32);
        }
        if is_font(f.media_type) {
            records.push(resources::font_record(&f.data));
        } else {
            records.push(resources::image_record(&f.data));
        }
    }
    let fdst = records.len();
    let mut fdst_rec = b"FDST".to_vec();
    fdst_rec.extend_from_slice(&12u32.to_be_bytes());
    fdst_rec.extend_from_slice(&(flows.len() as u32).to_be_bytes());
    for (s, e) in &flows {
        fdst_rec.extend_from_slice(&(*s as u32).to_be_bytes());
        fdst_rec.extend_from_slice(&(*e as u32).to_be_bytes());
    }
    records.push(fdst_rec);
    let flis = records.len();
    records.push(header::FLIS.to_vec());
    let fcis = records.len();
    records.push(header::fcis(text_length));
    records.push(header::EOF.to_vec());
    if records.len() > 0xffff {
        return Err(Azw3Error::TooLarge(format!("{} records", records.len())));
    }

    let uuid = parts.uid.trim_start_matches("urn:uuid:");
    let uid = u32::from_str_radix(
        &uuid
            .chars()
            .filter(char::is_ascii_hexdigit)
            .take(8)
            .collect::<String>(),
        16,
    )
    .unwrap_or(0);
    let meta = header::Metadata {
        title: &parts.title,
        creator: &parts.creator,
        publisher: parts.publisher.as_deref(),
        lang: &parts.lang,
        date: parts.date.as_deref(),
        uuid,
        cover_offset,
        start_offset,
        num_resources: resource_files.len() as u32,
        has_fonts: resource_files.iter().any(|f| is_font(f.media_type)),
    };
    let layout = header::Layout {
        text_length,
        text_records: n_text as u16,
        first_non_text: first_non_text as u32,
        first_resource: if resource_files.is_empty() {
            header::NULL
        } else {
            first_resource as u32
        },
        fdst: fdst as u32,
        fdst_count: flows.len() as u32,
        fcis: fcis as u32,
        flis: flis as u32,
        ncx: ncx_index,
        fragment: fragment_index as u32,
        skeleton: skeleton_index as u32,
        guide: guide_index,
        extra_flags,
    };
    records[0] = header::record0(&meta, &layout, uid);
    let name = format!("paiban_{}", parts.date.as_deref().unwrap_or(""));
    // PalmDB dates count seconds from 1904-01-01.
    let time = u32::try_from(parts.modified.max(0) + 2_082_844_800).unwrap_or(u32::MAX);
    Ok(header::palmdb(&name, time, &records))
}
