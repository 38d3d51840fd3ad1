//! Publication dates as pages and feeds write them, normalised to ISO 8601.
//!
//! [`normalize`] returns the calendar date only (`YYYY-MM-DD`). The time of day is dropped on
//! purpose: pages disagree on zones (a `10:00` without offset is local to the newsroom), while
//! the date is what the timeline needs and what pages state reliably. A date with an explicit
//! offset is kept as written (no conversion to UTC), since the newsroom's own day is the one the
//! article's relative expressions ("yesterday") refer to.
//!
//! Accepted shapes (surrounding text such as a weekday or `Published:` is ignored):
//! - ISO 8601 / RFC 3339: `2022-01-05`, `2022-01-05T10:00:00+06:00`, `20220105T...` is not;
//! - numeric with another separator: `2022/01/05`, `2022.01.05`, `05.01.2022` (day.month.year),
//!   `05-01-2022` (day-month-year), `01/05/2022` (month/day/year, the US order, unless the first
//!   number cannot be a month);
//! - with a month name (English, German, French, Spanish; abbreviations with or without a dot):
//!   `January 23, 2022`, `Jan. 5, 2022`, `23 January 2022`, `5. Januar 2022 12:31`,
//!   RFC 2822 `Tue, 05 Jan 2022 10:00:00 GMT`.
//!
//! Impossible dates (`2022-02-30`) and years outside 1900..=2100 are rejected. Unix timestamps
//! are not accepted: a bare number is too ambiguous.

/// Normalises a date as a page writes it to `YYYY-MM-DD`, or `None` when it is not a date.
pub fn normalize(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    let (year, month, day) = numeric(s).or_else(|| named(s))?;
    valid(year, month, day).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

fn valid(year: i32, month: u32, day: u32) -> bool {
    if !(1900..=2100).contains(&year) {
        return false;
    }
    let (Ok(m), Ok(d)) = (i8::try_from(month), i8::try_from(day)) else {
        return false;
    };
    // jiff checks the day against the month's length, leap years included.
    jiff::civil::Date::new(year as i16, m, d).is_ok()
}

/// A run of ASCII digits at the start of `s`: its value and length.
fn digits(s: &[u8]) -> Option<(u32, usize)> {
    let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 || n > 4 {
        return None;
    }
    let mut v = 0u32;
    for b in s.get(..n)? {
        v = v * 10 + u32::from(b - b'0');
    }
    Some((v, n))
}

/// Three numbers separated by one of `-/.`, found where the string starts (after an optional
/// leading word such as a weekday is *not* tried: numeric dates are written alone).
fn numeric(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    let (a, na) = digits(b)?;
    let sep = *b.get(na)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let rest = b.get(na + 1..)?;
    let rest = if sep == b'.' {
        trim_start_spaces(rest)
    } else {
        rest
    };
    let (m, nm) = digits(rest)?;
    let sep2 = *rest.get(nm)?;
    // `5.1.2022` and `5. 1. 2022` both occur in German pages.
    if sep2 != sep {
        return None;
    }
    let rest = rest.get(nm + 1..)?;
    let rest = if sep == b'.' {
        trim_start_spaces(rest)
    } else {
        rest
    };
    let (c, nc) = digits(rest)?;
    // The third number must end there (a time or a zone may follow after a separator).
    if let Some(&next) = rest.get(nc) {
        if next.is_ascii_digit() {
            return None;
        }
    }
    if na == 4 {
        // Year first: always year-month-day.
        return (nm <= 2 && nc <= 2).then_some((a as i32, m, c));
    }
    if nc != 4 || na > 2 || nm > 2 {
        return None;
    }
    let year = c as i32;
    match sep {
        // Slashes follow the US order unless the first number cannot be a month.
        b'/' if a <= 12 => Some((year, a, m)),
        _ => Some((year, m, a)),
    }
}

fn trim_start_spaces(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| **c == b' ').count();
    b.get(n..).unwrap_or(b)
}

/// A date written with a month name: the month name, a 4-digit year and a day number (1-2
/// digits, not part of a time like `10:00`).
fn named(s: &str) -> Option<(i32, u32, u32)> {
    let mut month = None;
    let mut year = None;
    let mut day = None;
    let mut words = Vec::new();
    // Split into alphanumeric words, remembering what follows each (to skip times).
    let mut start = None;
    let mut before = ' ';
    let mut last = ' ';
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
                before = last;
            }
        } else if let Some(st) = start.take() {
            words.push((s.get(st..i).unwrap_or(""), before, c));
        }
        last = c;
    }
    for (word, before, next) in words {
        if word.bytes().all(|b| b.is_ascii_digit()) {
            let n = word.len();
            let v: u32 = word.parse().ok()?;
            if next == ':' || before == ':' {
                // Part of a time (`10:00`), not a day.
                continue;
            }
            if n == 4 && year.is_none() {
                year = Some(v as i32);
            } else if n <= 2 && day.is_none() && (1..=31).contains(&v) {
                day = Some(v);
            }
        } else if month.is_none() {
            month = month_number(word);
        }
    }
    Some((year?, month?, day?))
}

/// Month names and their usual abbreviations in the languages our corpora use most.
fn month_number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    const MONTHS: [&[&str]; 12] = [
        &[
            "january", "jan", "januar", "jänner", "janvier", "enero", "janv",
        ],
        &[
            "february", "feb", "februar", "février", "fevrier", "febrero", "févr", "fevr",
        ],
        &["march", "mar", "märz", "maerz", "mars", "marzo", "mrz"],
        &["april", "apr", "avril", "abril", "avr"],
        &["may", "mai", "mayo"],
        &["june", "jun", "juni", "juin", "junio"],
        &["july", "jul", "juli", "juillet", "julio", "juil"],
        &["august", "aug", "août", "aout", "agosto"],
        &["september", "sep", "sept", "septembre", "septiembre"],
        &["october", "oct", "oktober", "okt", "octobre", "octubre"],
        &["november", "nov", "novembre", "noviembre"],
        &[
            "december",
            "dec",
            "dezember",
            "dez",
            "décembre",
            "decembre",
            "diciembre",
            "déc",
        ],
    ];
    MONTHS
        .iter()
        .position(|names| names.contains(&w.as_str()))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    fn check(input: &str, expected: Option<&str>) {
        assert_eq!(normalize(input).as_deref(), expected, "input: {input:?}");
    }

    #[test]
    fn iso_and_rfc3339() {
        check("2022-01-05", Some("2022-01-05"));
        check("2022-01-05T10:00:00Z", Some("2022-01-05"));
        check("2022-01-05T10:00:00+06:00", Some("2022-01-05"));
        check("2022-01-05 10:00", Some("2022-01-05"));
        check("  2022-1-5  ", Some("2022-01-05"));
        check("2022/01/05", Some("2022-01-05"));
        check("2022.01.05", Some("2022-01-05"));
    }

    #[test]
    fn rfc2822() {
        check("Tue, 05 Jan 2022 10:00:00 GMT", Some("2022-01-05"));
        check("Wed, 5 Jan 2022 23:59:59 +0600", Some("2022-01-05"));
    }

    #[test]
    fn month_names() {
        check("January 23, 2022", Some("2022-01-23"));
        check("23 January 2022", Some("2022-01-23"));
        check("Jan. 5, 2022", Some("2022-01-05"));
        check("5 January 2022 12:31", Some("2022-01-05"));
        check("12:31, 5 January 2022", Some("2022-01-05"));
        check("Published: Sept 30, 2021 at 10:15 am", Some("2021-09-30"));
        check("5. Januar 2022", Some("2022-01-05"));
        check("14 mars 2022", Some("2022-03-14"));
    }

    #[test]
    fn day_month_year() {
        check("05.01.2022", Some("2022-01-05"));
        check("5.1.2022", Some("2022-01-05"));
        check("5. 1. 2022", Some("2022-01-05"));
        check("05-01-2022", Some("2022-01-05"));
        check("25/12/2021", Some("2021-12-25"));
        check("12/25/2021", Some("2021-12-25"));
    }

    #[test]
    fn rejects() {
        check("", None);
        check("2022-02-30", None);
        check("2021-02-29", None);
        check("2024-02-29", Some("2024-02-29"));
        check("1650000000", None);
        check("February 30, 2022", None);
        check("yesterday", None);
        check("Jan 2022", None);
        check("0022-01-05", None);
        check("32.01.2022", None);
        check("2022-13-01", None);
    }
}
