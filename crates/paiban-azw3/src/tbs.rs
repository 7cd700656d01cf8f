//! Trailing byte sequences: at the end of each text record, which NCX entries start, end,
//! span or lie within it, as "strands" from the top level down, so that a reader can go from
//! a text position to its chapter. kindlegen and Calibre write them for KF8 books too;
//! ported from Calibre's `writer8/tbs.py`, whose `--inspect-mobi` checks them.

use crate::index::encint;

/// An NCX entry as the sequences see it: its number in the (depth, position) order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TbsEntry {
    pub index: usize,
    pub start: usize,
    pub length: usize,
    pub depth: u32,
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Starts,
    Ends,
    Spans,
    Completes,
}

/// An entry seen from one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Local {
    e: TbsEntry,
    action: Action,
}

/// Flags of a sequence's extra data.
#[derive(Debug, Clone, Copy, Default)]
struct Extra {
    spans: bool,
    first: Option<u32>,
    count: Option<u8>,
    later_strand: bool,
}

fn populate_strand(parent: Local, entries: &mut Vec<Local>) -> Vec<Local> {
    let mut ans = vec![parent];
    if let Some(k) = entries
        .iter()
        .position(|c| c.e.parent == Some(parent.e.index))
    {
        let child = entries.remove(k);
        ans.extend(populate_strand(child, entries));
        return ans;
    }
    // Siblings at the same depth under the same parent with consecutive numbers.
    let mut current = parent.e.index;
    let snapshot = entries.clone();
    for entry in snapshot {
        if entry.e.depth == parent.e.depth
            && entry.e.parent == parent.e.parent
            && entry.e.index == current + 1
        {
            current += 1;
            if let Some(k) = entries.iter().position(|x| *x == entry) {
                entries.remove(k);
            }
            if entries.iter().any(|c| c.e.parent == Some(entry.e.index)) {
                ans.extend(populate_strand(entry, entries));
                break;
            }
            ans.push(entry);
        }
    }
    ans
}

/// A strand's entries grouped by depth, in first-seen order.
type Strand = Vec<(u32, Vec<Local>)>;

fn separate_strands(mut entries: Vec<Local>) -> Vec<Strand> {
    let mut ans = Vec::new();
    while !entries.is_empty() {
        let top = entries.remove(0);
        let strand = populate_strand(top, &mut entries);
        let mut layers: Strand = Vec::new();
        for e in strand {
            match layers.iter_mut().find(|(d, _)| *d == e.e.depth) {
                Some((_, v)) => v.push(e),
                None => layers.push((e.e.depth, vec![e])),
            }
        }
        ans.push(layers);
    }
    ans
}

/// The sequences of one record; `None` when a later strand would need a negative index
/// under `tbs_type` 8.
fn sequences(strands: &[Strand], tbs_type: u32) -> Option<Vec<(usize, Extra)>> {
    let first = strands
        .first()
        .and_then(|s| s.first())
        .and_then(|(_, v)| v.first())
        .map(|l| l.e.index);
    let mut ans: Vec<(usize, Extra)> = Vec::new();
    let mut last_index = 0usize;
    for strand in strands {
        let mut seqs: Vec<(usize, Extra)> = Vec::new();
        for (_, entries) in strand {
            let (head, tail) = (entries[0], entries[entries.len() - 1]);
            let mut extra = Extra {
                spans: tail.action == Action::Spans,
                ..Extra::default()
            };
            if Some(head.e.index) == first {
                extra.first = Some(tbs_type);
            }
            if entries.len() > 1 {
                extra.count = Some(entries.len() as u8);
            }
            let mut index = head.e.index - head.e.parent.unwrap_or(0).min(head.e.index);
            if !ans.is_empty() && seqs.is_empty() {
                if last_index >= head.e.index {
                    index = last_index - head.e.index;
                    extra.later_strand = true;
                } else if tbs_type == 5 {
                    index = head.e.index - last_index;
                } else {
                    return None;
                }
            }
            last_index = tail.e.index;
            seqs.push((index, extra));
        }
        // Of consecutive spanning layers only the last keeps the flag.
        for i in 0..seqs.len().saturating_sub(1) {
            if seqs[i].1.spans && seqs[i + 1].1.spans {
                seqs[i].1.spans = false;
            }
        }
        ans.extend(seqs);
    }
    Some(ans)
}

fn encode(sequences: &[(usize, Extra)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, (val, extra)) in sequences.iter().enumerate() {
        let flag_size = if k == 0 { 3 } else { 4 };
        let mut flags = 0u32;
        if extra.spans {
            flags |= 0b1;
        }
        if extra.first.is_some() {
            flags |= 0b10;
        }
        if extra.count.is_some() {
            flags |= 0b100;
        }
        if extra.later_strand {
            flags |= 0b1000;
        }
        let v = ((*val as u32) << flag_size) | (flags & ((1 << flag_size) - 1));
        out.extend(encint(v));
        if let Some(t) = extra.first {
            out.extend(encint(t));
        }
        if let Some(c) = extra.count {
            out.push(c);
        }
        if extra.spans {
            out.extend(encint(0));
        }
    }
    out
}

/// `raw` followed by its size (itself included) as a backward variable-width integer.
fn trailing(raw: Vec<u8>) -> Vec<u8> {
    let mut lsize = 1;
    loop {
        let total = (raw.len() + lsize) as u32;
        let mut enc = encint(total);
        if enc.len() == lsize {
            // Backward: the high bit on the first byte instead of the last.
            if let Some(last) = enc.last_mut() {
                *last &= 0x7f;
            }
            enc[0] |= 0x80;
            let mut out = raw;
            out.extend(enc);
            return out;
        }
        lsize += 1;
    }
}

/// The trailing entry of each text record, for records of `lengths` uncompressed bytes.
pub(crate) fn sequences_for(entries: &[TbsEntry], lengths: &[usize]) -> Vec<Vec<u8>> {
    let mut sorted = entries.to_vec();
    sorted.sort_by_key(|e| e.start);
    let data: Vec<Vec<Strand>> = {
        let mut out = Vec::with_capacity(lengths.len());
        let mut record_start = 0;
        for &len in lengths {
            let next = record_start + len;
            let mut local = Vec::new();
            for e in &sorted {
                if e.start >= next {
                    break;
                }
                if e.start + e.length <= record_start {
                    continue;
                }
                let start_offset = e.start as isize - record_start as isize;
                let end_offset = start_offset + e.length as isize;
                let action = match (start_offset < 0, end_offset > len as isize) {
                    (true, true) => Action::Spans,
                    (true, false) => Action::Ends,
                    (false, true) => Action::Starts,
                    (false, false) => Action::Completes,
                };
                local.push(Local { e: *e, action });
            }
            out.push(separate_strands(local));
            record_start = next;
        }
        out
    };
    let all = |t| {
        data.iter()
            .map(|s| sequences(s, t))
            .collect::<Option<Vec<_>>>()
    };
    let seqs = all(8).or_else(|| all(5)).unwrap_or_default();
    seqs.iter().map(|s| trailing(encode(s))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_sizes_are_backward_integers_counting_themselves() {
        assert_eq!(trailing(Vec::new()), [0x81]);
        assert_eq!(trailing(vec![7, 7]), [7, 7, 0x83]);
        let long = trailing(vec![0; 200]);
        assert_eq!(&long[200..], &[0x81, 0x4a], "202 = 1·128 + 74");
    }

    #[test]
    fn a_page_spanning_records_with_its_articles() {
        // Contents page, one page entry with two articles (indexes in depth order).
        let e = |index, start, length, depth, parent| TbsEntry {
            index,
            start,
            length,
            depth,
            parent,
        };
        let entries = [
            e(0, 10, 90, 0, None),
            e(1, 100, 9000, 0, None),
            e(2, 120, 5000, 1, Some(1)),
            e(3, 5120, 3980, 1, Some(1)),
        ];
        let seqs = sequences_for(&entries, &[4096, 4096, 4096]);
        assert_eq!(seqs.len(), 3);
        // Record 0: 0 completes, 1 starts with its child 2. Calibre's sequences:
        // [(0, {0b10: 8, 0b100: 2}), (1, {})], then the size.
        assert_eq!(seqs[0], [0x86, 0x88, 0x02, 0x90, 0x85]);
        // Record 1: 1 spans it, 2 ends and 3 starts in it: [(1, {0b1: 0, 0b10: 8}),
        // (1, {0b100: 2})].
        assert_eq!(seqs[1], [0x8b, 0x88, 0x80, 0x94, 0x02, 0x86]);
        assert!(!seqs[1].is_empty() && !seqs[2].is_empty());
    }
}
