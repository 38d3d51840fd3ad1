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

/// (year, month, day) of a day number.
pub use reason::facts::civil;

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
    fn ranges_and_days_of_year() {
        let ((y, m, d), end, p) = range("2031-W01").unwrap();
        assert_eq!(((y, m, d), end, p), ((2030, 12, 30), (2031, 1, 5), Precision::Week));
        assert_eq!(range("2031-02").unwrap().1, (2031, 2, 28));
        assert_eq!(day_of_year(2031, 2, 1), Some(32));
    }
}
