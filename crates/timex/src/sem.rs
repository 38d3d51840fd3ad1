//! The meaning of a recognised expression before it is normalised against an anchor.

use crate::token::{Pod, Unit};

/// Which anchor a relative expression is computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// Deictic: the document creation time ("yesterday", "last week", "two years ago").
    Dct,
    /// Anaphoric: the last date mentioned in the text ("the following day", "a week later").
    Narrative,
}

/// A calendar point, possibly underspecified (no year, no month...).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Point {
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub quarter: Option<u8>,
    pub half: Option<u8>,
    pub season: Option<u8>,
    pub hour: Option<u8>,
    pub minute: Option<u8>,
    pub pod: Option<Pod>,
    /// A weekday name (1 = Monday): resolved to the nearest such day when `day` is absent.
    pub weekday: Option<u8>,
    /// Days from the DCT ("10 a.m. yesterday").
    pub day_offset: Option<i8>,
    /// Years from the DCT ("the first quarter of last year").
    pub year_offset: Option<i8>,
    /// A holiday whose day depends on the year (`month` is then only a guide for choosing
    /// the year).
    pub holiday: Option<Holiday>,
    /// Prefer a future date when the year or weekday must be inferred.
    pub future: bool,
    /// A past date for sure ("since March").
    pub past: bool,
    /// The sentence is in the past tense: a month without a year is then in the past unless
    /// it comes within about two months.
    pub past_tense: bool,
}

/// Holidays whose date moves from year to year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    /// US Thanksgiving: the fourth Thursday of November.
    Thanksgiving,
    /// US Election Day: the Tuesday after the first Monday of November.
    ElectionDay,
    /// Easter Sunday (Western churches).
    Easter,
}

impl Holiday {
    /// The (month, day) of the holiday in `year`.
    pub fn month_day(self, year: i32) -> (u8, u8) {
        match self {
            Holiday::Thanksgiving => {
                let first = crate::date::Date::new(year, 11, 1).map_or(4, |d| d.weekday());
                (11, 1 + (4 + 7 - first) % 7 + 21)
            }
            Holiday::ElectionDay => {
                // The first Monday, then the day after it.
                let first = crate::date::Date::new(year, 11, 1).map_or(1, |d| d.weekday());
                (11, 1 + (1 + 7 - first) % 7 + 1)
            }
            Holiday::Easter => easter(year),
        }
    }
}

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous Gregorian algorithm).
fn easter(year: i32) -> (u8, u8) {
    let y = year.max(1);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    (month as u8, day as u8)
}

/// A named period chosen relative to the anchor: "last Friday", "next March", "this summer".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    Weekday(u8),
    Month(u8),
    Season(u8),
    Weekend,
}

/// A quantity of units: a number, or unspecified ("several years" -> `PXY`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Qty {
    N(f64),
    X,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Sem {
    Point(Point),
    /// A decade, as the year divided by ten (199 for the 1990s).
    Decade(i32),
    /// A century, as TimeML writes it (19 for the twentieth century).
    Century(i32),
    /// `n` units from the anchor, at the unit's granularity ("last week", "two years ago").
    /// `fine` marks comparisons ("a year earlier", "a year ago"), which keep the anchor's
    /// granularity when it is a quarter or a day ("the quarter a year earlier").
    Shift { unit: Unit, n: i64, base: Base, pod: Option<Pod>, fine: bool },
    /// A named period relative to the anchor; `dir` is -1 (last), 0 (this/nearest), 1 (next),
    /// 2 (a season now or to come).
    Named { what: Named, dir: i8, pod: Option<Pod> },
    /// "the previous Friday", "the following Monday": the weekday (1 = Monday) before
    /// (`dir` -1) or after (1) the narrative time, that is the last day mentioned.
    WeekdayFrom { day: u8, dir: i8, pod: Option<Pod> },
    /// `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`.
    Ref(&'static str),
    Duration { n: Qty, unit: Unit },
    /// A set, with its value already written (`P1D`, `XXXX-WXX-2`).
    Set(String),
    /// "the quarter", "the latest quarter", "the latest period": the quarter being reported,
    /// the last complete quarter mentioned when there is one, else the last complete one.
    /// `ended` is the month the quarter ended in when the text says so ("the quarter ended
    /// July 31"), which dates it when no quarter was mentioned before.
    ReportQuarter { ended: Option<u8> },
    /// The adjectives "year-ago", "year-earlier" ("the year-ago quarter", "year-earlier
    /// results"): the reporting period a year before. `quarter` when the phrase names a
    /// quarter or a period.
    YearAgo { quarter: bool },
    /// "the week of March 6".
    WeekOf(Point),
    /// "the 1988 quarter", "the 1988 period": the quarter being reported, in that year (a
    /// "period" only when a quarter is being reported, else the year).
    QuarterOf { year: i32, period: bool },
}
