//! The NCX index (the contents: the contents page, each page (版), its articles under it) and
//! the guide index (cover, contents, start of text), with their places in the text.
//!
//! Entries are ordered as the Kindle requires: by depth, then by position (Calibre's order).

use crate::Azw3Error;
use crate::chunk::{Fragment, pos_fid};
use crate::index::{self, Cncx, Entry};
use crate::tbs::TbsEntry;
use paiban_epub::{GuideRef, TocEntry};

struct Flat {
    label: String,
    depth: u32,
    parent: Option<usize>,
    children: Vec<usize>,
    offset: usize,
}

fn flatten(
    entries: &[TocEntry],
    depth: u32,
    parent: Option<usize>,
    locate: &dyn Fn(&str) -> Option<usize>,
    out: &mut Vec<Flat>,
) {
    for e in entries {
        let me = out.len();
        out.push(Flat {
            label: e.label.clone(),
            depth,
            parent,
            children: Vec::new(),
            offset: locate(&e.target).unwrap_or(0),
        });
        if let Some(p) = parent {
            out[p].children.push(me);
        }
        flatten(&e.children, depth + 1, Some(me), locate, out);
    }
}

/// The NCX index records of `toc`, and its entries for the trailing byte sequences;
/// `text_end` is the length of the documents' flow.
pub(crate) fn ncx(
    toc: &[TocEntry],
    locate: impl Fn(&str) -> Option<usize>,
    fragments: &[Fragment],
    text_end: usize,
) -> Result<(Vec<Vec<u8>>, Vec<TbsEntry>), Azw3Error> {
    let mut flat = Vec::new();
    flatten(toc, 0, None, &locate, &mut flat);
    if flat.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut tbs = Vec::with_capacity(flat.len());
    let mut order: Vec<usize> = (0..flat.len()).collect();
    order.sort_by_key(|&i| (flat[i].depth, flat[i].offset));
    let mut rank = vec![0usize; flat.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let cncx = Cncx::new(order.iter().map(|&i| flat[i].label.as_str()));
    let width = format!("{:X}", flat.len().saturating_sub(1)).len().max(2);
    let mut entries = Vec::with_capacity(flat.len());
    for (r, &i) in order.iter().enumerate() {
        let e = &flat[i];
        let next = flat
            .iter()
            .filter(|o| o.depth <= e.depth && o.offset > e.offset)
            .map(|o| o.offset)
            .min()
            .unwrap_or(text_end);
        let (fid, off) = pos_fid(fragments, e.offset);
        tbs.push(TbsEntry {
            index: r,
            start: e.offset,
            length: next.saturating_sub(e.offset),
            depth: e.depth,
            parent: e.parent.map(|p| rank[p]),
        });
        let opt = |v: Option<usize>| v.map(|x| vec![x as u32]).unwrap_or_default();
        let children: Vec<usize> = e.children.iter().map(|&c| rank[c]).collect();
        entries.push(Entry {
            name: format!("{r:0width$X}").into_bytes(),
            values: vec![
                vec![e.offset as u32],
                vec![next.saturating_sub(e.offset) as u32],
                vec![cncx.offset(&e.label)],
                vec![e.depth],
                opt(e.parent.map(|p| rank[p])),
                opt(children.iter().copied().min()),
                opt(children.iter().copied().max()),
                vec![fid as u32, off as u32],
            ],
        });
    }
    Ok((index::build(&index::NCX, &entries, &cncx.records)?, tbs))
}

/// The guide index records of `guide`: the references into the documents, sorted by type.
pub(crate) fn guide(
    guide: &[GuideRef],
    locate: impl Fn(&str) -> Option<usize>,
    fragments: &[Fragment],
) -> Result<Vec<Vec<u8>>, Azw3Error> {
    let mut refs: Vec<(&str, &str, (usize, usize))> = Vec::new();
    for g in guide {
        let Some(pos) = locate(&g.target) else {
            continue;
        };
        if refs.iter().any(|(k, _, _)| *k == g.kind) {
            continue;
        }
        let title = if g.title.is_empty() {
            g.kind
        } else {
            g.title.as_str()
        };
        refs.push((g.kind, title, pos_fid(fragments, pos)));
    }
    if refs.is_empty() {
        return Ok(Vec::new());
    }
    refs.sort_by_key(|r| r.0);
    let cncx = Cncx::new(refs.iter().map(|r| r.1));
    let entries: Vec<Entry> = refs
        .iter()
        .map(|(kind, title, (fid, off))| Entry {
            name: kind.as_bytes().to_vec(),
            values: vec![vec![cncx.offset(title)], vec![*fid as u32, *off as u32]],
        })
        .collect();
    index::build(&index::GUIDE, &entries, &cncx.records)
}
