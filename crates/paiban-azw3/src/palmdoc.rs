//! PalmDOC compression (the LZ77 variant of MOBI text records) and the text records
//! themselves: 4096 bytes of the text each, compressed, followed by the trailing entry that
//! holds the rest of a character cut at the record's end.
//!
//! The code bytes: `0x00` and `0x09..=0x7f` stand for themselves; `0x01..=0x08` copy that many
//! following bytes; `0x80..=0xbf` with the next byte are a back reference (11 bits of
//! distance, 3 bits of length − 3); `0xc0..=0xff` are a space followed by the byte `^ 0x80`.

/// Uncompressed size of every text record but the last.
pub(crate) const RECORD_SIZE: usize = 4096;

/// Longest back reference.
const MAX_MATCH: usize = 10;
/// Shortest back reference.
const MIN_MATCH: usize = 3;
/// Farthest back reference.
const MAX_DISTANCE: usize = 2047;
/// How many earlier places with the same three bytes are tried.
const MAX_TRIES: usize = 48;
/// Bits of the hash of three bytes.
const HASH_BITS: u32 = 12;

/// Does `b` have to be copied in a literal run (`0x01..=0x08` prefix)?
fn needs_run(b: u8) -> bool {
    (1..=8).contains(&b) || b >= 0x80
}

fn hash3(d: &[u8]) -> usize {
    let v = u32::from(d[0]) << 16 | u32::from(d[1]) << 8 | u32::from(d[2]);
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

/// Earlier places of each three-byte sequence, most recent first.
struct Matcher {
    head: Vec<usize>,
    prev: Vec<usize>,
    /// Positions below this have been entered.
    filled: usize,
}

impl Matcher {
    fn new(len: usize) -> Matcher {
        Matcher {
            head: vec![usize::MAX; 1 << HASH_BITS],
            prev: vec![usize::MAX; len],
            filled: 0,
        }
    }

    /// Enter every position below `upto`.
    fn fill(&mut self, data: &[u8], upto: usize) {
        while self.filled < upto {
            let p = self.filled;
            if p + MIN_MATCH <= data.len() {
                let h = hash3(&data[p..]);
                self.prev[p] = self.head[h];
                self.head[h] = p;
            }
            self.filled += 1;
        }
    }

    /// The longest earlier copy of the bytes at `i`: (distance, length). The copy lies wholly
    /// before `i`, as every decoder expects.
    fn find(&mut self, data: &[u8], i: usize) -> Option<(usize, usize)> {
        if i + MIN_MATCH > data.len() {
            return None;
        }
        self.fill(data, i);
        let limit = (data.len() - i).min(MAX_MATCH);
        let mut best: Option<(usize, usize)> = None;
        let mut cand = self.head[hash3(&data[i..])];
        let mut tries = 0;
        while cand != usize::MAX && i - cand <= MAX_DISTANCE && tries < MAX_TRIES {
            let room = limit.min(i - cand);
            let len = (0..room)
                .take_while(|&k| data[cand + k] == data[i + k])
                .count();
            if len >= MIN_MATCH && best.is_none_or(|(_, l)| len > l) {
                best = Some((i - cand, len));
                if len == limit {
                    break;
                }
            }
            cand = self.prev[cand];
            tries += 1;
        }
        best
    }
}

/// Compress `data` (at most one record, though any length works).
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / 8 + 8);
    let mut m = Matcher::new(data.len());
    let mut i = 0;
    while i < data.len() {
        if let Some((dist, len)) = m.find(data, i) {
            // dist ≤ 2047 and 3 ≤ len ≤ 10: the code fits 0x8000..=0xbfff.
            let code = 0x8000 | (dist << 3) as u16 | (len - MIN_MATCH) as u16;
            out.extend_from_slice(&code.to_be_bytes());
            i += len;
            continue;
        }
        let b = data[i];
        if b == b' ' && data.get(i + 1).is_some_and(|n| (0x40..0x80).contains(n)) {
            out.push(data[i + 1] ^ 0x80);
            i += 2;
        } else if !needs_run(b) {
            out.push(b);
            i += 1;
        } else {
            let mut end = i + 1;
            while end < data.len() && end - i < 8 && needs_run(data[end]) {
                if m.find(data, end).is_some() {
                    break;
                }
                end += 1;
            }
            out.push((end - i) as u8);
            out.extend_from_slice(&data[i..end]);
            i = end;
        }
    }
    out
}

/// What is wrong with compressed data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecompressError {
    /// A literal run or back reference is cut off at the end.
    #[error("palmdoc: truncated at byte {0}")]
    Truncated(usize),
    /// A back reference points before the start of the output.
    #[error("palmdoc: reference at byte {0} points before the start")]
    BadDistance(usize),
}

/// Decompress PalmDOC `data`.
pub fn decompress(data: &[u8]) -> Result<Vec<u8>, DecompressError> {
    let mut out = Vec::with_capacity(data.len() * 2);
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        let at = i;
        i += 1;
        match c {
            1..=8 => {
                let run = data
                    .get(i..i + usize::from(c))
                    .ok_or(DecompressError::Truncated(at))?;
                out.extend_from_slice(run);
                i += usize::from(c);
            }
            0x80..=0xbf => {
                let next = *data.get(i).ok_or(DecompressError::Truncated(at))?;
                i += 1;
                let v = usize::from(c) << 8 | usize::from(next);
                let dist = (v & 0x3fff) >> 3;
                let len = (v & 7) + MIN_MATCH;
                if dist == 0 || dist > out.len() {
                    return Err(DecompressError::BadDistance(at));
                }
                for _ in 0..len {
                    out.push(out[out.len() - dist]);
                }
            }
            0xc0..=0xff => {
                out.push(b' ');
                out.push(c ^ 0x80);
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

/// The text records of `text`: each [`RECORD_SIZE`] bytes of it, compressed, then the bytes
/// that complete a character cut at its end and their count (the multibyte trailing entry).
/// Returns the records and their uncompressed lengths.
pub(crate) fn text_records(text: &[u8]) -> Vec<Vec<u8>> {
    let mut records = Vec::with_capacity(text.len() / RECORD_SIZE + 1);
    let mut start = 0;
    while start < text.len() {
        let end = (start + RECORD_SIZE).min(text.len());
        let mut record = compress(&text[start..end]);
        let overlap = overlap(text, end);
        record.extend_from_slice(&text[end..end + overlap]);
        record.push(overlap as u8);
        records.push(record);
        start = end;
    }
    records
}

/// How many bytes from `end` on complete the UTF-8 character cut at `end` (0 to 3).
fn overlap(text: &[u8], end: usize) -> usize {
    // The lead byte of the last character that starts before `end`.
    let lead = (end.saturating_sub(4)..end)
        .rev()
        .find(|&p| text[p] & 0xc0 != 0x80);
    let Some(lead) = lead else { return 0 };
    let width = match text[lead] {
        b if b < 0x80 => 1,
        b if b >= 0xf0 => 4,
        b if b >= 0xe0 => 3,
        b if b >= 0xc0 => 2,
        _ => 1,
    };
    (lead + width)
        .saturating_sub(end)
        .min(text.len() - end)
        .min(3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_cases_round_trip_and_shrink() {
        for case in [
            &b"abc\x03\x04\x05\x06ms"[..],
            b"a b c \xfed ",
            b"0123456789axyz2bxyz2cdfgfo9iuyerh",
            b"0123456789asd0123456789asd|yyzzxxffhhjjkk",
            b"",
        ] {
            assert_eq!(decompress(&compress(case)).as_deref(), Ok(case));
        }
        let text =
            "清河新桥今日通车。清河新桥今日通车。<p class=\"x\">新桥</p><p class=\"x\">".repeat(20);
        let packed = compress(text.as_bytes());
        assert!(
            packed.len() * 3 < text.len(),
            "{} of {}",
            packed.len(),
            text.len()
        );
        assert_eq!(decompress(&packed).expect("valid"), text.as_bytes());
    }

    #[test]
    fn spaces_before_letters_take_one_byte() {
        assert_eq!(compress(b"a b"), [b'a', b'b' ^ 0x80]);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert_eq!(
            decompress(&[0x05, b'a']),
            Err(DecompressError::Truncated(0))
        );
        assert_eq!(decompress(&[0x80]), Err(DecompressError::Truncated(0)));
        assert_eq!(
            decompress(&[0x80, 0x18]),
            Err(DecompressError::BadDistance(0))
        );
    }

    #[test]
    fn a_character_cut_by_the_record_end_is_completed_in_the_trailing_entry() {
        // 4095 ASCII bytes, then 清 (3 bytes) straddles the record boundary.
        let mut text = vec![b'a'; RECORD_SIZE - 1];
        text.extend_from_slice("清河".as_bytes());
        let records = text_records(&text);
        assert_eq!(records.len(), 2);
        let first = &records[0];
        assert_eq!(first[first.len() - 1], 2, "two bytes complete 清");
        assert_eq!(
            &first[first.len() - 3..first.len() - 1],
            &"清".as_bytes()[1..]
        );
        let body = decompress(&first[..first.len() - 3]).expect("valid");
        assert_eq!(body.len(), RECORD_SIZE);
        let second = &records[1];
        assert_eq!(second[second.len() - 1], 0);
        let rest = decompress(&second[..second.len() - 1]).expect("valid");
        assert_eq!([body, rest].concat(), text);
    }

    proptest! {
        #[test]
        fn round_trip(data in proptest::collection::vec(any::<u8>(), 0..5000)) {
            prop_assert_eq!(decompress(&compress(&data)).expect("valid"), data);
        }

        #[test]
        fn round_trip_text(s in "[清河日报新桥 a-z<>=\"/。，]{0,3000}") {
            prop_assert_eq!(decompress(&compress(s.as_bytes())).expect("valid"), s.as_bytes());
        }

        #[test]
        fn records_rebuild_the_text(s in "[清河日报a-z𠀀]{0,6000}") {
            let text = s.as_bytes();
            let mut back = Vec::new();
            for r in text_records(text) {
                let n = usize::from(r[r.len() - 1] & 3);
                back.extend(decompress(&r[..r.len() - 1 - n]).expect("valid"));
            }
            prop_assert_eq!(back, text);
        }
    }
}
