//! Exporter options: page size, columns, kinsoku level, bleed, body size and the screen
//! presets — what the user typed on the command line (`--page-size`, `--columns`,
//! `--kinsoku`, `--bleed`, `--body-size`, `--preset`), parsed and validated.
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

/// A screen a PDF is made for (`--preset`): a page the size of the screen, one column,
/// 4 mm margins, a small running head, no bleed, and body type near `body` pt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Preset {
    /// The name `--preset` takes.
    pub name: &'static str,
    /// The screen's size.
    pub page: PageSize,
    /// The body size aimed at, pt; the layout fits a whole number of ems in the measure
    /// between 4 mm margins, so the size set is within a few percent of it.
    pub body: f32,
}

/// The screen presets. Sizes are the screens' active areas: 6-inch e-ink (1072 × 1448 px at
/// 300 ppi: Kindle Paperwhite, Kobo Clara, PocketBook), 7.8-inch (1404 × 1872 at 300 ppi:
/// Kobo Libra, Boox Nova) and 10.3-inch (1404 × 1872 at 227 ppi: reMarkable, Boox Note).
pub const PRESETS: [Preset; 3] = [
    Preset {
        name: "ereader-6",
        page: PageSize::mm(90.0, 122.0),
        body: 11.0,
    },
    Preset {
        name: "ereader-7.8",
        page: PageSize::mm(119.0, 158.0),
        body: 11.5,
    },
    Preset {
        name: "tablet-10.3",
        page: PageSize::mm(157.0, 210.0),
        body: 12.0,
    },
];

/// The margin on every side of a screen page.
pub const SCREEN_MARGIN_MM: f32 = 4.0;

/// The body sizes `--body-size` accepts, pt.
pub const BODY_SIZES: std::ops::RangeInclusive<f32> = 6.0..=24.0;

/// Look up `--preset NAME`.
pub fn parse_preset(s: &str) -> Result<Preset, PdfError> {
    let name = s.trim().to_ascii_lowercase();
    PRESETS
        .into_iter()
        .find(|p| p.name == name)
        .ok_or_else(|| PdfError::Option {
            option: "--preset",
            value: s.to_string(),
            expected: "ereader-6, ereader-7.8 or tablet-10.3",
        })
}

/// Parse `--body-size PT` (a number of points, or a length with a unit).
pub fn parse_body_size(s: &str) -> Result<f32, PdfError> {
    let t = s.trim();
    let v = if t.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        t.parse::<f32>().ok()
    } else {
        parse_length(t)
    };
    v.filter(|v| BODY_SIZES.contains(v))
        .ok_or_else(|| PdfError::Option {
            option: "--body-size",
            value: s.to_string(),
            expected: "a type size from 6 to 24 pt, e.g. 11 or 11.5pt",
        })
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
    /// Body type size, pt (`--body-size`); `None` = the page's default (10 pt, 9.5 pt under
    /// 160 mm, or the preset's).
    pub body_size: Option<f32>,
    /// The screen preset the page is made for (`--preset`): then the page is the screen's,
    /// with one column, 4 mm margins and a small running head holding the folio.
    pub preset: Option<Preset>,
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
            body_size: None,
            preset: None,
        })
    }

    /// These options with `--preset` and `--body-size` applied. A preset sets the page size,
    /// one column and no bleed, so it refuses `--page-size`, `--columns 2` and `--bleed`.
    pub fn with_screen(
        mut self,
        preset: Option<&str>,
        body_size: Option<&str>,
    ) -> Result<PdfOptions, PdfError> {
        self.body_size = body_size.map(parse_body_size).transpose()?;
        if let Some(name) = preset {
            let p = parse_preset(name)?;
            let clash = |option: &'static str| PdfError::Option {
                option,
                value: name.to_string(),
                expected: "a preset alone: it sets the page size, one column and no bleed",
            };
            if self.page_size != PageSize::default() {
                return Err(clash("--preset with --page-size"));
            }
            if self.bleed > 0.0 {
                return Err(clash("--preset with --bleed"));
            }
            if self.columns.is_some_and(|c| c != 1) {
                return Err(clash("--preset with --columns"));
            }
            self.page_size = p.page;
            self.columns = Some(1);
            self.preset = Some(p);
        }
        Ok(self)
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

    #[test]
    fn presets_and_body_sizes() {
        let base = PdfOptions::default();
        let six = base
            .clone()
            .with_screen(Some("ereader-6"), None)
            .expect("preset");
        assert_eq!(six.columns(), 1);
        assert!((six.page_size.width / PT_PER_MM - 90.0).abs() < 0.01);
        assert_eq!(six.preset.map(|p| p.name), Some("ereader-6"));
        for p in PRESETS {
            assert!((11.0..=12.0).contains(&p.body), "{}", p.name);
            assert_eq!(parse_preset(p.name).ok(), Some(p));
        }
        assert!(parse_preset("kindle").is_err());
        let sized = base.clone().with_screen(None, Some("11.5")).expect("size");
        assert_eq!(sized.body_size, Some(11.5));
        assert_eq!(parse_body_size("12pt").ok(), Some(12.0));
        for bad in ["0", "5", "30", "big", "-11", "NaN"] {
            assert!(parse_body_size(bad).is_err(), "{bad}");
        }
        let a5 = PdfOptions::from_flags(Some("a5"), None, None, None).expect("a5");
        assert!(a5.with_screen(Some("ereader-6"), None).is_err());
        let bled = PdfOptions::from_flags(None, None, None, Some("3mm")).expect("bleed");
        assert!(bled.with_screen(Some("ereader-6"), None).is_err());
        let two = PdfOptions::from_flags(None, Some(2), None, None).expect("two");
        assert!(two.with_screen(Some("tablet-10.3"), None).is_err());
    }
}
