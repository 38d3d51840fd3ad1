//! Calendar days for the formats that want year, month and day apart (TimelineJS, GDELT),
//! over the day numbers of `reason::facts` (days since 0000-03-01).

pub use reason::facts::Precision;

/// (year, month, day).
pub type Ymd = (i64, u32, u32);

/// The first and last day a TIMEX3 date value covers (`2031-01-06`, `2031-W02`, `2031-01`,
/// `2031`), with the value's precision.
pub fn range(value: &str) -> Option<(Ymd, Ymd, Precision)> {
    let (start, end, p) = reason::facts::day_range(value)?;
    Some((civil(start), civil(end), p))
}

/// (year, month, day) of a day number: the inverse of `reason::facts::day_number`
/// (H. Hinnant's civil-from-days).
pub fn civil(n: i64) -> Ymd {
    let era = n.div_euclid(146_097);
    let doe = n.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The day of year (1 for January 1) of a date.
pub fn day_of_year(y: i64, m: u32, d: u32) -> Option<i64> {
    let n = reason::facts::day_number(&format!("{y:04}-{m:02}-{d:02}"))?;
    let jan1 = reason::facts::day_number(&format!("{y:04}-01-01"))?;
    Some(n - jan1 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_inverts_day_number() {
        for s in ["2031-01-06", "2000-02-29", "1999-12-31", "2032-03-01", "1970-01-01", "0001-01-01"] {
            let n = reason::facts::day_number(s).unwrap();
            let (y, m, d) = civil(n);
            assert_eq!(format!("{y:04}-{m:02}-{d:02}"), s);
        }
        let ((y, m, d), end, p) = range("2031-W01").unwrap();
        assert_eq!(((y, m, d), end, p), ((2030, 12, 30), (2031, 1, 5), Precision::Week));
        assert_eq!(range("2031-02").unwrap().1, (2031, 2, 28));
        assert_eq!(day_of_year(2031, 2, 1), Some(32));
    }
}
