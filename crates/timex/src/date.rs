//! Calendar arithmetic on proleptic Gregorian dates: the few operations normalisation needs
//! (day counts, weekdays, ISO weeks, adding days, months and years), without a dependency.

/// A calendar date (proleptic Gregorian). Constructed through [`Date::new`], which refuses
/// impossible dates, so every `Date` in this crate is valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Number of days in `month` of `year` (0 for a month outside 1..=12).
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl Date {
    /// The date, if it exists and its year is in 1..=9999 (what ISO 8601 basic values can hold).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=9999).contains(&year) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses the start of an ISO value such as `1998-01-08` or `1998-01-08T10:30:00`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() < 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        Date::new(y, m, d)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, if its year is in 1..=9999.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::new(i32::try_from(y).ok()?, m as u8, d as u8)
    }

    /// ISO weekday: 1 = Monday .. 7 = Sunday.
    pub fn weekday(self) -> u8 {
        // 1970-01-01 was a Thursday (4).
        ((self.to_days() + 3).rem_euclid(7) + 1) as u8
    }

    pub fn add_days(self, n: i64) -> Option<Date> {
        Date::from_days(self.to_days().checked_add(n)?)
    }

    /// Adds months, clamping the day to the end of the target month.
    pub fn add_months(self, n: i64) -> Option<Date> {
        let total = i64::from(self.year) * 12 + i64::from(self.month) - 1 + n;
        let year = i32::try_from(total.div_euclid(12)).ok()?;
        let month = (total.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Date::new(year, month, day)
    }

    /// ISO 8601 week: (week-numbering year, week 1..=53).
    pub fn iso_week(self) -> (i32, u8) {
        let wd = i64::from(self.weekday());
        let thursday = self.to_days() - wd + 4;
        match Date::from_days(thursday) {
            Some(t) => {
                let jan1 = Date { year: t.year, month: 1, day: 1 }.to_days();
                (t.year, ((thursday - jan1) / 7 + 1) as u8)
            }
            None => (self.year, 1),
        }
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Quarter 1..=4.
    pub fn quarter(self) -> u8 {
        (self.month - 1) / 3 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_weekday() {
        let d = Date::new(2031, 1, 14).unwrap();
        assert_eq!(Date::from_days(d.to_days()), Some(d));
        assert_eq!(Date::new(2022, 1, 5).unwrap().weekday(), 3);
        assert_eq!(Date::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(Date::new(2022, 1, 10).unwrap().iso_week(), (2022, 2));
        assert_eq!(Date::new(2022, 1, 31).unwrap().add_months(1), Date::new(2022, 2, 28));
        assert_eq!(Date::new(2022, 2, 30), None);
        assert_eq!(Date::parse_iso("1998-02-06T22:19:00"), Date::new(1998, 2, 6));
    }
}
