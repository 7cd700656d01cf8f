//! The publication date: one calendar for every stage (chrono underneath).
//!
//! Input: an ISO 8601 `YYYY-MM-DD` string (a manifest, `--date`, a date found in the text)
//! or Unix seconds (`SOURCE_DATE_EPOCH`). Output: a [`Date`] that is always a real
//! calendar day, printed as ISO (`2022-06-28`) or as a Chinese newspaper prints it
//! (`2022年6月28日`, `星期二`). Serialises as the ISO string.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar day between the years 1000 and 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

/// The weekday names, Monday first.
const WEEKDAYS: [&str; 7] = [
    "星期一",
    "星期二",
    "星期三",
    "星期四",
    "星期五",
    "星期六",
    "星期日",
];

impl Date {
    /// The day `s` names in the form `YYYY-MM-DD` (spaces around it allowed); `None` for
    /// any other form or a day the calendar does not have (`2023-02-29`).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            b.get(r.clone())
                .filter(|d| d.iter().all(u8::is_ascii_digit))
                .and_then(|_| s.get(r))
                .and_then(|t| t.parse::<u32>().ok())
        };
        if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let y = i32::try_from(digits(0..4)?).ok()?;
        Date::from_ymd(y, digits(5..7)?, digits(8..10)?)
    }

    /// The day `y-m-d`, when it exists and `y` is in 1000..=9999.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1000..=9999).contains(&y) {
            return None;
        }
        NaiveDate::from_ymd_opt(y, m, d).map(Date)
    }

    /// The calendar day (UTC) of Unix time `secs`, clamped to 1970-01-01 ..= 9999-12-31
    /// (what a PDF date can hold).
    pub fn from_unix(secs: i64) -> Date {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
        let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
        let days = secs.div_euclid(86_400);
        let day = epoch
            .checked_add_days(chrono::Days::new(u64::try_from(days).unwrap_or(0)))
            .unwrap_or(last);
        Date(day.min(last))
    }

    /// Unix seconds at midnight (UTC) of this day.
    pub fn unix_midnight(self) -> i64 {
        self.0
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(0)
    }

    /// The year.
    pub fn year(self) -> u16 {
        u16::try_from(self.0.year()).unwrap_or(1970)
    }

    /// The month, 1..=12.
    pub fn month(self) -> u8 {
        u8::try_from(self.0.month()).unwrap_or(1)
    }

    /// The day of the month, 1..=31.
    pub fn day(self) -> u8 {
        u8::try_from(self.0.day()).unwrap_or(1)
    }

    /// `2022年6月28日`.
    pub fn chinese(self) -> String {
        format!("{}年{}月{}日", self.0.year(), self.0.month(), self.0.day())
    }

    /// `星期二`.
    pub fn weekday(self) -> &'static str {
        WEEKDAYS
            .get(self.0.weekday().num_days_from_monday() as usize)
            .copied()
            .unwrap_or_default()
    }

    /// The day as chrono's type, for code that formats it further.
    pub fn naive(self) -> NaiveDate {
        self.0
    }
}

impl fmt::Display for Date {
    /// ISO 8601: `2022-06-28`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("invalid date {s:?}: expected YYYY-MM-DD"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_days_in_iso_form_parse() {
        assert_eq!(
            Date::parse(" 2024-02-29 ")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2024-02-29")
        );
        for bad in [
            "2023-02-29",
            "2023-02-30",
            "2026-02-30",
            "1900-02-29",
            "2023-13-01",
            "2023-1-01",
            "2023-01-1x",
            "+202-01-01",
            "0999-01-01",
            "yesterday",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
        assert!(Date::parse("2000-02-29").is_some());
    }

    #[test]
    fn chinese_forms_and_weekdays() {
        let d = Date::parse("2022-06-28").expect("date");
        assert_eq!(d.chinese(), "2022年6月28日");
        assert_eq!(d.weekday(), "星期二");
        let leap = Date::parse("2024-02-29").expect("date");
        assert_eq!(leap.weekday(), "星期四");
        assert_eq!(Date::parse("1970-01-01").map(Date::weekday), Some("星期四"));
    }

    #[test]
    fn unix_times_are_clamped_days() {
        let iso = |s: i64| Date::from_unix(s).to_string();
        assert_eq!(iso(0), "1970-01-01");
        assert_eq!(iso(1_700_000_000), "2023-11-14");
        assert_eq!(iso(951_782_400), "2000-02-29");
        assert_eq!(iso(-5), "1970-01-01");
        assert_eq!(iso(i64::MAX), "9999-12-31");
        let d = Date::parse("2024-03-05").expect("date");
        assert_eq!(Date::from_unix(d.unix_midnight()), d);
    }

    #[test]
    fn serialises_as_the_iso_string() {
        let d = Date::parse("2026-03-18").expect("date");
        assert_eq!(serde_json::to_string(&d).expect("json"), "\"2026-03-18\"");
        let back: Date = serde_json::from_str("\"2026-03-18\"").expect("json");
        assert_eq!(back, d);
        assert!(serde_json::from_str::<Date>("\"2026-02-30\"").is_err());
    }
}
