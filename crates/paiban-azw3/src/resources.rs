//! Resources: images (a JPEG without a JFIF header given one, as Kindles need; nothing else
//! changes), fonts as KF8 stores them (a `FONT` record: the face
//! zlib-compressed, not obfuscated, so the same face gives the same bytes), and the
//! stylesheet's `url()`s pointing at them as `kindle:embed:XXXX`.

use crate::markup::base32;
use flate2::Compression;
use flate2::write::ZlibEncoder;
use std::io::Write;

/// The `FONT` record of the face `data`.
pub(crate) fn font_record(data: &[u8]) -> Vec<u8> {
    // Level 3: within 1.5% of level 6's size at two thirds of its time (the subsets of the
    // real page: 269 KB against 266 KB), so the AZW3 costs no more than the EPUB.
    let mut z = ZlibEncoder::new(Vec::with_capacity(data.len() / 2), Compression::new(3));
    // Writing into memory cannot fail.
    let packed = z
        .write_all(data)
        .and_then(|()| z.finish())
        .unwrap_or_default();
    let mut r = b"FONT".to_vec();
    r.extend_from_slice(&(data.len() as u32).to_be_bytes());
    r.extend_from_slice(&1u32.to_be_bytes()); // zlib, no XOR key
    r.extend_from_slice(&24u32.to_be_bytes()); // data start
    r.extend_from_slice(&0u32.to_be_bytes()); // key length
    r.extend_from_slice(&24u32.to_be_bytes()); // key start
    r.extend(packed);
    r
}

/// The JFIF APP0 segment: version 1.01, no density unit, aspect 1:1, no thumbnail.
const JFIF: &[u8] = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00";

/// The record of an image: a JPEG that does not start with a JFIF segment gets one after its
/// start marker (Amazon's renderer shows no JPEG without it, says Calibre's
/// `process_jpegs_for_amazon`); the pixels and every other segment stay as they are.
pub(crate) fn image_record(data: &[u8]) -> Vec<u8> {
    let jpeg = data.starts_with(b"\xff\xd8");
    let has_jfif = data.get(2..4) == Some(b"\xff\xe0") && data.get(6..11) == Some(b"JFIF\0");
    if !jpeg || has_jfif {
        return data.to_vec();
    }
    let mut out = Vec::with_capacity(data.len() + JFIF.len());
    out.extend_from_slice(&data[..2]);
    out.extend_from_slice(JFIF);
    out.extend_from_slice(&data[2..]);
    out
}

/// `css` with each `url(…)` naming one of `resources` (href, 1-based number) replaced by
/// `url(kindle:embed:XXXX)`.
pub(crate) fn stylesheet(css: &str, resources: &[(&str, usize, &str)]) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        out.push_str(&rest[..at + 4]);
        rest = &rest[at + 4..];
        let Some(close) = rest.find(')') else { break };
        let inner = rest[..close].trim().trim_matches(|c| c == '"' || c == '\'');
        match resources.iter().find(|(h, _, _)| *h == inner) {
            Some((_, n, _)) => {
                out.push_str("kindle:embed:");
                out.push_str(&base32(*n as u64, 4));
            }
            None => out.push_str(&rest[..close]),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::ZlibDecoder;
    use std::io::Read;

    #[test]
    fn fonts_are_zlib_records_with_their_size() {
        let face = b"\0\x01\0\0 a font".repeat(200);
        let r = font_record(&face);
        assert_eq!(&r[..4], b"FONT");
        assert_eq!(
            u32::from_be_bytes([r[4], r[5], r[6], r[7]]) as usize,
            face.len()
        );
        let mut back = Vec::new();
        ZlibDecoder::new(&r[24..])
            .read_to_end(&mut back)
            .expect("zlib");
        assert_eq!(back, face);
    }

    #[test]
    fn jpegs_without_jfif_get_it_and_nothing_else_changes() {
        let exif = b"\xff\xd8\xff\xe1\x00\x08Exif\x00\x00\xff\xda rest\xff\xd9";
        let out = image_record(exif);
        assert_eq!(&out[..2], b"\xff\xd8");
        assert_eq!(&out[2..20], JFIF);
        assert_eq!(&out[20..], &exif[2..]);
        assert_eq!(image_record(&out), out, "once is enough");
        let png = b"\x89PNG\r\n\x1a\n....";
        assert_eq!(image_record(png), png);
    }

    #[test]
    fn font_urls_point_at_records() {
        let css = r#"@font-face { font-family: "b"; src: url("fonts/body-0.ttf") format("truetype"); } x { background: url(other.png) }"#;
        let out = stylesheet(css, &[("fonts/body-0.ttf", 33, "font/ttf")]);
        assert_eq!(
            out,
            r#"@font-face { font-family: "b"; src: url(kindle:embed:0011) format("truetype"); } x { background: url(other.png) }"#
        );
    }
}
