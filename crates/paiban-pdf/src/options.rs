//! Exporter options: page size, columns, kinsoku level, bleed — what the user typed on the
//! command line (`--page-size`, `--columns`, `--kinsoku`, `--bleed`), parsed and validated.
//!
//! Input: strings from the CLI. Output: a [`PdfOptions`] the page composer reads.

use crate::PdfError;
use crate::inline::Kinsoku;
use std::str::FromStr;

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// The trimmed page size (without bleed), in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    /// Width in pt.
    pub width: f32,
    /// Height in pt.
    pub height: f32,
}

impl PageSize {
    /// ISO A4, 210 × 297 mm.
    pub const A4: PageSize = PageSize::mm(210.0, 297.0);
    /// ISO A5, 148 × 210 mm.
    pub const A5: PageSize = PageSize::mm(148.0, 210.0);
    /// ISO B5, 176 × 250 mm.
    pub const B5: PageSize = PageSize::mm(176.0, 250.0);
    /// US Letter, 8.5 × 11 in.
    pub const LETTER: PageSize = PageSize {
        width: 612.0,
        height: 792.0,
    };

    /// A size given in millimetres.
    pub const fn mm(width: f32, height: f32) -> PageSize {
        PageSize {
            width: width * PT_PER_MM,
            height: height * PT_PER_MM,
        }
    }

    /// The default number of columns: two on pages at least 160 mm wide, else one.
    pub fn default_columns(&self) -> u8 {
        if self.width >= 160.0 * PT_PER_MM {
            2
        } else {
            1
        }
    }
}

impl Default for PageSize {
    fn default() -> Self {
        PageSize::A4
    }
}

/// Parse a length with an optional unit (`mm` default, `pt`, `in`, `cm`) into points.
pub fn parse_length(s: &str) -> Option<f32> {
    let s = s.trim();
    let (num, factor) = if let Some(n) = s.strip_suffix("mm") {
        (n, PT_PER_MM)
    } else if let Some(n) = s.strip_suffix("cm") {
        (n, PT_PER_MM * 10.0)
    } else if let Some(n) = s.strip_suffix("pt") {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix("in") {
        (n, 72.0)
    } else {
        (s, PT_PER_MM)
    };
    let v: f32 = num.trim().parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v * factor)
}

impl FromStr for PageSize {
    type Err = PdfError;

    /// `a4`, `a5`, `b5`, `letter`, or `WxH` with an optional unit per number (mm by default),
    /// e.g. `200x280`, `8.5inx11in`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || PdfError::Option {
            option: "--page-size",
            value: s.to_string(),
            expected: "a4, a5, b5, letter or WxH in mm (e.g. 200x280)",
        };
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Ok(PageSize::A4),
            "a5" => Ok(PageSize::A5),
            "b5" => Ok(PageSize::B5),
            "letter" => Ok(PageSize::LETTER),
            other => {
                let (w, h) = other.split_once(['x', '×']).ok_or_else(bad)?;
                let (w, h) = (
                    parse_length(w).ok_or_else(bad)?,
                    parse_length(h).ok_or_else(bad)?,
                );
                // Between a postcard and a broadsheet.
                let ok = |v: f32| (100.0..=2000.0).contains(&v);
                if ok(w) && ok(h) {
                    Ok(PageSize {
                        width: w,
                        height: h,
                    })
                } else {
                    Err(bad())
                }
            }
        }
    }
}

/// Parse `--kinsoku none|basic|strict`.
pub fn parse_kinsoku(s: &str) -> Result<Kinsoku, PdfError> {
    match s.trim().to_ascii_lowercase().as_str() {
        "none" => Ok(Kinsoku::None),
        "basic" => Ok(Kinsoku::Basic),
        "strict" => Ok(Kinsoku::Strict),
        _ => Err(PdfError::Option {
            option: "--kinsoku",
            value: s.to_string(),
            expected: "none, basic or strict",
        }),
    }
}

/// Options of the PDF exporter. `Default` = A4, two columns, basic kinsoku, no bleed.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// The trimmed page size.
    pub page_size: PageSize,
    /// Text columns per page; `None` = [`PageSize::default_columns`] (2 on A4, 1 on A5).
    pub columns: Option<u8>,
    /// Line-breaking prohibition level (clreq §3.1.7).
    pub kinsoku: Kinsoku,
    /// Bleed around the trimmed page, in points (0 = none). When set, pages get a
    /// TrimBox/BleedBox and crop marks.
    pub bleed: f32,
    /// `SOURCE_DATE_EPOCH` (Unix seconds): the document date when the edition has none.
    pub source_date_epoch: Option<i64>,
}

impl PdfOptions {
    /// Options from command-line values (each `None` = default):
    /// `--page-size a4|a5|b5|letter|WxH`, `--columns 1|2`, `--kinsoku none|basic|strict`,
    /// `--bleed 3mm`.
    pub fn from_flags(
        page_size: Option<&str>,
        columns: Option<u8>,
        kinsoku: Option<&str>,
        bleed: Option<&str>,
    ) -> Result<PdfOptions, PdfError> {
        let page_size = page_size.map(str::parse).transpose()?.unwrap_or_default();
        if let Some(c) = columns
            && !(1..=2).contains(&c)
        {
            return Err(PdfError::Option {
                option: "--columns",
                value: c.to_string(),
                expected: "1 or 2",
            });
        }
        let kinsoku = kinsoku.map(parse_kinsoku).transpose()?.unwrap_or_default();
        let bleed = match bleed {
            None => 0.0,
            Some(b) => parse_length(b)
                .filter(|v| *v <= 20.0 * PT_PER_MM)
                .ok_or_else(|| PdfError::Option {
                    option: "--bleed",
                    value: b.to_string(),
                    expected: "a length up to 20mm, e.g. 3mm",
                })?,
        };
        Ok(PdfOptions {
            page_size,
            columns,
            kinsoku,
            bleed,
            source_date_epoch: None,
        })
    }

    /// The number of columns in effect.
    pub fn columns(&self) -> u8 {
        self.columns
            .unwrap_or_else(|| self.page_size.default_columns())
            .clamp(1, 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_parse() {
        assert_eq!("A4".parse::<PageSize>().ok(), Some(PageSize::A4));
        assert_eq!("letter".parse::<PageSize>().ok(), Some(PageSize::LETTER));
        let custom: PageSize = "200x280".parse().expect("custom size");
        assert!((custom.width - 200.0 * PT_PER_MM).abs() < 0.01);
        let inches: PageSize = "8.5inx11in".parse().expect("inch size");
        assert!((inches.height - 792.0).abs() < 0.01);
        assert!("10x10".parse::<PageSize>().is_err());
        assert!("a3x".parse::<PageSize>().is_err());
    }

    #[test]
    fn defaults_follow_page_size() {
        assert_eq!(PdfOptions::default().columns(), 2);
        let a5 = PdfOptions::from_flags(Some("a5"), None, None, None).expect("a5");
        assert_eq!(a5.columns(), 1);
        assert!(PdfOptions::from_flags(None, Some(3), None, None).is_err());
        let bleed = PdfOptions::from_flags(None, None, Some("strict"), Some("3mm")).expect("ok");
        assert!((bleed.bleed - 3.0 * PT_PER_MM).abs() < 0.01);
        assert_eq!(bleed.kinsoku, Kinsoku::Strict);
        assert!(PdfOptions::from_flags(None, None, Some("loose"), None).is_err());
    }
}
