//! Query parameters: read by name from the query string, validated, and turned into a 400 that
//! names the parameter when malformed. Unknown parameters are ignored; an empty value counts
//! as absent (`?outlet=` is no filter).

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;

use crate::error::ApiError;

/// Default and largest page size of every list.
pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 500;

/// The query string as name -> value (the last value of a repeated name).
pub struct Params(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for Params {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Params, ApiError> {
        let Query(pairs) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("the query string is malformed: {}", e.body_text())))?;
        Ok(Params(pairs.into_iter().collect()))
    }
}

/// A page of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub limit: u64,
    pub offset: u64,
}

impl Page {
    /// The `offset..offset+limit` part of `0..len`.
    pub fn range(&self, len: usize) -> std::ops::Range<usize> {
        let start = usize::try_from(self.offset).unwrap_or(usize::MAX).min(len);
        let end = start.saturating_add(usize::try_from(self.limit).unwrap_or(usize::MAX)).min(len);
        start..end
    }
}

/// The days a date filter covers: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as ISO first and last day
/// and as day numbers (those of `engine::brief::date_bound`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateBound {
    pub first: String,
    pub last: String,
    pub first_day: i64,
    pub last_day: i64,
}

impl Params {
    /// A parameter's value, trimmed; `None` when absent or empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    pub fn page(&self) -> Result<Page, ApiError> {
        self.page_with(DEFAULT_LIMIT)
    }

    pub fn page_with(&self, default_limit: u64) -> Result<Page, ApiError> {
        let limit = self.number("limit")?.unwrap_or(default_limit);
        if limit > MAX_LIMIT {
            return Err(ApiError::bad_request(format!("limit must be at most {MAX_LIMIT}, not {limit}")));
        }
        let offset = self.number("offset")?.unwrap_or(0);
        Ok(Page { limit, offset })
    }

    /// A non-negative integer parameter.
    pub fn number(&self, name: &str) -> Result<Option<u64>, ApiError> {
        self.get(name)
            .map(|v| v.parse::<u64>().map_err(|_| ApiError::bad_request(format!("{name} must be a non-negative integer, not `{}`", clip(v)))))
            .transpose()
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`).
    pub fn flag(&self, name: &str) -> Result<Option<bool>, ApiError> {
        self.get(name)
            .map(|v| match v.to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" => Ok(true),
                "false" | "0" | "no" => Ok(false),
                _ => Err(ApiError::bad_request(format!("{name} must be true or false, not `{}`", clip(v)))),
            })
            .transpose()
    }

    pub fn date(&self, name: &str) -> Result<Option<DateBound>, ApiError> {
        self.get(name)
            .map(|v| date_bound(v).ok_or_else(|| ApiError::bad_request(format!("{name} must be a date YYYY, YYYY-MM or YYYY-MM-DD, not `{}`", clip(v)))))
            .transpose()
    }

    /// `from` and `to`, checked to be in order.
    pub fn date_range(&self) -> Result<(Option<DateBound>, Option<DateBound>), ApiError> {
        let (from, to) = (self.date("from")?, self.date("to")?);
        if let (Some(f), Some(t)) = (&from, &to) {
            if f.first_day > t.last_day {
                return Err(ApiError::bad_request(format!("from ({}) is after to ({})", f.first, t.last)));
            }
        }
        Ok((from, to))
    }
}

/// A value shortened for an error message.
fn clip(v: &str) -> String {
    let mut s: String = v.chars().take(40).collect();
    if v.chars().count() > 40 {
        s.push('…');
    }
    s
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real calendar day).
pub fn date_bound(s: &str) -> Option<DateBound> {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let year_text = parts.first().filter(|p| digits(p, 4))?;
    let year: i64 = year_text.parse().ok()?;
    let (first, last) = match parts.as_slice() {
        [_] => (format!("{year:04}-01-01"), format!("{year:04}-12-31")),
        [_, m] if digits(m, 2) => {
            let month: u32 = m.parse().ok()?;
            if !(1..=12).contains(&month) {
                return None;
            }
            (format!("{year:04}-{month:02}-01"), format!("{year:04}-{month:02}-{:02}", days_in_month(year, month)))
        }
        [_, m, d] if digits(m, 2) && digits(d, 2) => {
            let (month, day): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
            if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
                return None;
            }
            let iso = format!("{year:04}-{month:02}-{day:02}");
            (iso.clone(), iso)
        }
        _ => return None,
    };
    let first_day = engine::brief::date_bound(&first)?.0;
    let last_day = engine::brief::date_bound(&last)?.1;
    Some(DateBound { first, last, first_day, last_day })
}

/// The ISO date (`YYYY-MM-DD`) of a day number (days since 0000-03-01, the numbering of
/// `engine::brief::date_bound`).
pub use reason::facts::iso_date as iso_of_day;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let b = date_bound("2031-01").unwrap();
        assert_eq!((b.first.as_str(), b.last.as_str()), ("2031-01-01", "2031-01-31"));
        assert_eq!(date_bound("2024-02").unwrap().last, "2024-02-29");
        assert_eq!(date_bound("2023-02").unwrap().last, "2023-02-28");
        assert_eq!(date_bound("2031").unwrap().last, "2031-12-31");
        assert_eq!(date_bound("2031-01-05").unwrap().first, "2031-01-05");
        for bad in ["2022-13-45", "2022-13", "2022-02-30", "22", "2022-1-5", "2022-01-05T10", "abcd", "2022--01", "", "2031-W02", "+2031"] {
            assert_eq!(date_bound(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        for iso in ["2031-01-05", "2000-02-29", "1999-12-31", "2031-03-01", "2031-02-28", "0001-01-01"] {
            let b = date_bound(iso).unwrap();
            assert_eq!(iso_of_day(b.first_day), iso);
        }
    }

    #[test]
    fn pages() {
        let p = Page { limit: 2, offset: 3 };
        assert_eq!(p.range(10), 3..5);
        assert_eq!(p.range(4), 3..4);
        assert_eq!(p.range(2), 2..2);
        assert_eq!(Page { limit: u64::MAX, offset: u64::MAX }.range(5), 5..5);
    }
}
