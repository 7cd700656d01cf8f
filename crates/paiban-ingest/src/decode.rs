//! Bytes to text: the encodings Chinese newspaper sources arrive in.
//!
//! Input: a source file's bytes and its name. Output: the text with line ends normalised to
//! `\n`, and the name of the encoding it was decoded from — or an [`IngestError`] naming the
//! file and the byte offset of the first byte that is not text. Accepted: UTF-8 (with or
//! without BOM, CRLF ends), UTF-16 LE/BE with a BOM, and GB18030 (a superset of GBK/GB2312).
//! Rejected: empty or whitespace-only files, binary data, UTF-16 without a BOM, and bytes
//! that are neither UTF-8 nor GB18030.

use crate::IngestError;
use std::path::Path;

/// Text decoded from a source, with the encoding it came in.
#[derive(Debug)]
pub struct Decoded {
    /// The text, `\r\n` and lone `\r` turned into `\n`.
    pub text: String,
    /// `"UTF-8"`, `"UTF-16LE"`, `"UTF-16BE"` or `"GB18030"`.
    pub encoding: &'static str,
}

/// Decode the bytes of the file `path`.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Decoded, IngestError> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8_or_gb18030(path, rest, 3)?, "UTF-8")
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes.starts_with(b"\xFF\xFE") {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let body = bytes.get(2..).unwrap_or_default();
        match enc.decode_without_bom_handling_and_without_replacement(body) {
            Some(t) => (t.into_owned(), enc.name()),
            None => {
                return Err(IngestError::Encoding {
                    path: path.to_path_buf(),
                    offset: 2 + bad_utf16_offset(body, enc == encoding_rs::UTF_16LE),
                    message: format!("invalid {} text after the byte-order mark", enc.name()),
                });
            }
        }
    } else {
        if let Some(offset) = utf16_without_bom(bytes) {
            return Err(IngestError::Encoding {
                path: path.to_path_buf(),
                offset,
                message: "looks like UTF-16 without a byte-order mark; save it as UTF-8 or \
                          UTF-16 with a BOM"
                    .into(),
            });
        }
        let before = bytes.len();
        let t = utf8_or_gb18030(path, bytes, 0)?;
        let enc = if std::str::from_utf8(bytes).is_ok() || before == 0 {
            "UTF-8"
        } else {
            "GB18030"
        };
        (t, enc)
    };
    if let Some(offset) = control_offset(&text) {
        return Err(IngestError::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    if text.trim().is_empty() {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok(Decoded { text, encoding })
}

/// UTF-8, or else GB18030 when every byte decodes; else an error at the first bad byte.
fn utf8_or_gb18030(path: &Path, bytes: &[u8], base: usize) -> Result<String, IngestError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            if let Some(offset) = bytes.iter().position(|&b| b == 0) {
                return Err(IngestError::Binary {
                    path: path.to_path_buf(),
                    offset: base + offset,
                });
            }
            let gb =
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes);
            match gb {
                Some(t) if han_share_ok(&t) => Ok(t.into_owned()),
                _ => Err(IngestError::Encoding {
                    path: path.to_path_buf(),
                    offset: base + e.valid_up_to(),
                    message: "neither UTF-8 nor GB18030/GBK text".into(),
                }),
            }
        }
    }
}

/// A GB18030 reading is believable when most non-ASCII characters it yields are Han or
/// common CJK punctuation (random bytes decode to rare symbols and private-use points).
fn han_share_ok(text: &str) -> bool {
    let mut wide = 0usize;
    let mut good = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        wide += 1;
        if crate::chars::is_cjk(c) || ('\u{FF00}'..='\u{FFEF}').contains(&c) {
            good += 1;
        }
    }
    wide == 0 || good * 10 >= wide * 8
}

/// Offset of the first control character that never occurs in text (NUL, other C0 codes
/// except tab, line feed, form feed and carriage return, and DEL), as a byte offset in `text`.
fn control_offset(text: &str) -> Option<usize> {
    text.char_indices()
        .find(|&(_, c)| (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')) || c == '\u{7f}')
        .map(|(i, _)| i)
}

/// A file of UTF-16 without a BOM has a NUL in every other byte of its ASCII text.
fn utf16_without_bom(bytes: &[u8]) -> Option<usize> {
    let sample = bytes.get(..bytes.len().min(4096))?;
    if sample.len() < 4 {
        return None;
    }
    let zeros_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zeros_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let half = sample.len() / 2;
    if zeros_even * 3 >= half || zeros_odd * 3 >= half {
        sample.iter().position(|&b| b == 0)
    } else {
        None
    }
}

fn bad_utf16_offset(body: &[u8], le: bool) -> usize {
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|c| match c {
            [a, b] if le => u16::from_le_bytes([*a, *b]),
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => 0,
        })
        .collect();
    let mut i = 0;
    while i < units.len() {
        let u = units.get(i).copied().unwrap_or(0);
        if (0xD800..0xDC00).contains(&u) {
            match units.get(i + 1) {
                Some(v) if (0xDC00..0xE000).contains(v) => i += 2,
                _ => return i * 2,
            }
        } else if (0xDC00..0xE000).contains(&u) {
            return i * 2;
        } else {
            i += 1;
        }
    }
    units.len() * 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Result<Decoded, IngestError> {
        decode(Path::new("p.md"), bytes)
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        let d = dec("\u{feff}标题\r\n正文。\r\n".as_bytes()).unwrap();
        assert_eq!(d.text, "标题\n正文。\n");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "新闻。\n".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        assert_eq!(dec(&b).unwrap().text, "新闻。\n");
        let mut b = vec![0xFE, 0xFF];
        for u in "新闻。".encode_utf16() {
            b.extend(u.to_be_bytes());
        }
        assert_eq!(dec(&b).unwrap().text, "新闻。");
    }

    #[test]
    fn utf16_without_bom_is_an_error() {
        let mut b = vec![];
        for u in "Hello news\n".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        let e = dec(&b).unwrap_err().to_string();
        assert!(e.contains("p.md") && e.contains("UTF-16"), "{e}");
    }

    #[test]
    fn gb18030_is_decoded() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("清河日报，第一版。\n");
        let d = dec(&bytes).unwrap();
        assert_eq!(d.text, "清河日报，第一版。\n");
        assert_eq!(d.encoding, "GB18030");
    }

    #[test]
    fn garbage_names_the_offset() {
        let e = dec(b"abc\xff\xff\x80\x80def").unwrap_err().to_string();
        assert!(e.contains("p.md") && e.contains("byte 3"), "{e}");
        let e = dec(b"abcdefgh text\x00\x01\x02 more text here")
            .unwrap_err()
            .to_string();
        assert!(e.contains("binary") && e.contains("byte 13"), "{e}");
    }

    #[test]
    fn empty_and_blank() {
        assert!(matches!(dec(b""), Err(IngestError::Empty { .. })));
        assert!(matches!(
            dec(" \n\t\r\n　\n".as_bytes()),
            Err(IngestError::Empty { .. })
        ));
        assert!(matches!(
            dec(b"\xEF\xBB\xBF"),
            Err(IngestError::Empty { .. })
        ));
    }
}
