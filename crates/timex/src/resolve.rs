//! Normalisation: turns the meaning of an expression ([`Sem`]) into a TIMEX3 value against
//! the document creation time (deictic expressions) or the last date mentioned (anaphoric
//! ones).

use crate::date::Date;
use crate::grammar::{duration_value, duration_x};
use crate::sem::{Base, Named, Point, Qty, Sem};
use crate::token::{Pod, Unit};
use crate::AnchorUse;

/// How fine a resolved date is; the order is from finest to coarsest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gran {
    Day,
    Week,
    Month,
    Quarter,
    Half,
    Season,
    Year,
    Decade,
    Century,
}

/// A resolved point in time: a representative date and its granularity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefPoint {
    pub date: Date,
    pub gran: Gran,
}

/// What the resolver knows while reading a document from left to right.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ctx {
    pub dct: Option<Date>,
    /// The last date mentioned (narrative time).
    pub narrative: Option<RefPoint>,
    /// The last date mentioned to the month or finer: what deictic expressions fall back on
    /// when there is no creation time.
    pub fine: Option<RefPoint>,
    /// The last quarter mentioned ("the third quarter"): what "the quarter", "that quarter"
    /// and "the year-ago quarter" refer to in an earnings report.
    pub quarter: Option<RefPoint>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    pub value: String,
    pub anchor: AnchorUse,
    pub year_inferred: bool,
    /// False when an anchor was needed and none was known (the value keeps `X`s).
    pub resolved: bool,
    /// The point to remember as narrative time, if any.
    pub point: Option<RefPoint>,
}

impl Resolved {
    fn fixed(value: String) -> Resolved {
        Resolved { value, anchor: AnchorUse::None, year_inferred: false, resolved: true, point: None }
    }
    fn unresolved(value: String) -> Resolved {
        Resolved { value, anchor: AnchorUse::None, year_inferred: false, resolved: false, point: None }
    }
}

/// Formats `date` at granularity `gran` as TimeML writes it.
pub fn format(date: Date, gran: Gran) -> String {
    match gran {
        Gran::Day => date.iso(),
        Gran::Week => {
            let (y, w) = date.iso_week();
            format!("{y:04}-W{w:02}")
        }
        Gran::Month => format!("{:04}-{:02}", date.year, date.month),
        Gran::Quarter => format!("{:04}-Q{}", date.year, date.quarter()),
        Gran::Half => format!("{:04}-H{}", date.year, if date.month <= 6 { 1 } else { 2 }),
        Gran::Season => format!("{:04}-{}", date.year, season_code(season_of(date.month))),
        Gran::Year => format!("{:04}", date.year),
        Gran::Decade => format!("{:03}", date.year / 10),
        Gran::Century => format!("{:02}", date.year / 100),
    }
}

fn season_code(s: u8) -> &'static str {
    match s {
        0 => "SP",
        1 => "SU",
        2 => "FA",
        _ => "WI",
    }
}

/// Season of a month: 0 spring (Mar-May), 1 summer, 2 fall, 3 winter (Dec-Feb).
fn season_of(month: u8) -> u8 {
    match month {
        3..=5 => 0,
        6..=8 => 1,
        9..=11 => 2,
        _ => 3,
    }
}

/// The first month of a season.
fn season_month(s: u8) -> u8 {
    match s {
        0 => 3,
        1 => 6,
        2 => 9,
        _ => 12,
    }
}

fn with_pod(mut v: String, pod: Option<Pod>) -> String {
    if let Some(p) = pod {
        v.push('T');
        v.push_str(p.code());
    }
    v
}

impl Ctx {
    /// The anchor for a deictic (`Base::Dct`) or anaphoric (`Base::Narrative`) expression.
    fn anchor(&self, base: Base) -> Option<(Date, Gran, AnchorUse)> {
        let dct = self.dct.map(|d| (d, Gran::Day, AnchorUse::Dct));
        let narr = self.narrative.map(|n| (n.date, n.gran, AnchorUse::Narrative(n.date)));
        match base {
            // Without a creation time, a deictic expression ("January 4", "the past year")
            // falls back on the last date mentioned, but only on one finer than a year: a
            // background year ("the leadership change of 2019") is not when the story
            // happens, and giving its year to "On January 1" would be a confident error.
            Base::Dct => dct.or(self.fine.map(|n| (n.date, n.gran, AnchorUse::Narrative(n.date)))),
            Base::Narrative => narr.or(dct),
        }
    }

    /// Resolves `sem`, or returns the reason it is absurd.
    pub fn resolve(&self, sem: &Sem) -> Result<Resolved, &'static str> {
        match sem {
            Sem::Ref(r) => Ok(Resolved::fixed((*r).to_string())),
            Sem::Set(v) => Ok(Resolved::fixed(v.clone())),
            Sem::Duration { n: Qty::N(v), unit } => Ok(Resolved::fixed(duration_value(*v, *unit))),
            Sem::Duration { n: Qty::X, unit } => Ok(Resolved::fixed(duration_x(*unit))),
            Sem::Decade(d) => {
                if !(100..=999).contains(d) {
                    return Err("decade out of range");
                }
                let date = Date::new(d * 10, 1, 1).ok_or("decade out of range")?;
                Ok(Resolved { point: Some(RefPoint { date, gran: Gran::Decade }), ..Resolved::fixed(format!("{d:03}")) })
            }
            Sem::Century(c) => {
                let date = Date::new((c * 100).max(1), 1, 1).ok_or("century out of range")?;
                Ok(Resolved { point: Some(RefPoint { date, gran: Gran::Century }), ..Resolved::fixed(format!("{c:02}")) })
            }
            Sem::Point(p) => self.point(p),
            Sem::Shift { unit, n, base, pod, fine } => Ok(self.shift(*unit, *n, *base, *pod, *fine)),
            Sem::Named { what, dir, pod } => Ok(self.named(*what, *dir, *pod)),
            Sem::WeekdayFrom { day, dir, pod } => {
                // The last day mentioned, else the DCT.
                let anchor = self.narrative.filter(|n| n.gran == Gran::Day).map(|n| (n.date, AnchorUse::Narrative(n.date))).or(self.dct.map(|d| (d, AnchorUse::Dct)));
                let Some((a, use_)) = anchor else {
                    return Ok(Resolved::unresolved(with_pod(format!("XXXX-WXX-{day}"), *pod)));
                };
                let cur = a.weekday();
                let off = if *dir < 0 {
                    -i64::from(match (cur + 7 - day) % 7 {
                        0 => 7,
                        x => x,
                    })
                } else {
                    i64::from(match (day + 7 - cur) % 7 {
                        0 => 7,
                        x => x,
                    })
                };
                let date = a.add_days(off).unwrap_or(a);
                Ok(Resolved { value: with_pod(date.iso(), *pod), anchor: use_, year_inferred: false, resolved: true, point: Some(RefPoint { date, gran: Gran::Day }) })
            }
            Sem::YearAgo { quarter } => Ok(self.year_ago(*quarter)),
            Sem::WeekOf(p) => {
                let r = self.point(p)?;
                match r.point {
                    Some(RefPoint { date, gran: Gran::Day }) => {
                        let point = RefPoint { date, gran: Gran::Week };
                        Ok(Resolved { value: format(date, Gran::Week), point: Some(point), ..r })
                    }
                    _ => Ok(r),
                }
            }
            Sem::QuarterOf { year, period } => {
                // A "period" is a quarter only right after one ("the third quarter ... the
                // 1988 period"), not after "the first nine months".
                let reported = if *period { self.narrative.filter(|n| n.gran == Gran::Quarter) } else { self.current_quarter() };
                let reported = reported.map(|q| q.date.quarter());
                let reported = match (reported, self.anchor(Base::Dct)) {
                    (Some(q), _) => Some(q),
                    (None, Some((a, ..))) if !period => Some(a.add_months(-3).unwrap_or(a).quarter()),
                    _ => None,
                };
                let (date, gran) = match reported {
                    Some(q) => (Date::new(*year, (q - 1) * 3 + 1, 1).ok_or("year out of range")?, Gran::Quarter),
                    None => (Date::new(*year, 1, 1).ok_or("year out of range")?, Gran::Year),
                };
                let value = if reported.is_none() && !period { format!("{year:04}-QX") } else { format(date, gran) };
                Ok(Resolved { value, anchor: AnchorUse::None, year_inferred: false, resolved: true, point: Some(RefPoint { date, gran }) })
            }
            Sem::ReportQuarter { ended, .. } => {
                if let Some(q) = self.current_quarter() {
                    return Ok(Resolved { value: format(q.date, Gran::Quarter), anchor: AnchorUse::Narrative(q.date), year_inferred: false, resolved: true, point: Some(q) });
                }
                match self.anchor(Base::Dct) {
                    Some((a, _, use_)) => {
                        // A quarter that ended in month `m` (the last one before the anchor) is
                        // the calendar quarter of its middle month: "ended July 31" is the second.
                        let by_end = ended.and_then(|m| {
                            let year = if m <= a.month { a.year } else { a.year - 1 };
                            Date::new(year, m, 1)?.add_months(-1)
                        });
                        let date = by_end.unwrap_or_else(|| a.add_months(-3).unwrap_or(a));
                        let point = RefPoint { date, gran: Gran::Quarter };
                        Ok(Resolved { value: format(date, Gran::Quarter), anchor: use_, year_inferred: false, resolved: true, point: Some(point) })
                    }
                    None => Ok(Resolved::unresolved("XXXX-QX".into())),
                }
            }
        }
    }

    /// The last quarter mentioned, if it is the one being reported: in the year of the DCT or
    /// the year before (fiscal years and January reports), never an older comparison.
    fn current_quarter(&self) -> Option<RefPoint> {
        let q = self.quarter?;
        match self.dct {
            // A quarter not yet over, or of an earlier year (unless the DCT is in the first
            // quarter), is not the one being reported.
            Some(d) if q.date.add_months(3).is_none_or(|end| end > d) => None,
            Some(d) if q.date.year < d.year && !(d.month <= 3 && q.date.year == d.year - 1) => None,
            _ => Some(q),
        }
    }

    /// "year-ago", "year-earlier": the reporting period a year before, that is the current
    /// quarter a year back when a quarter is being reported, else the year before the DCT.
    fn year_ago(&self, quarter: bool) -> Resolved {
        // Right after a year ("last year's losses ... the year-earlier results"), the year.
        let after_year = !quarter && self.narrative.is_some_and(|n| n.gran == Gran::Year);
        let q = self.current_quarter().filter(|_| !after_year);
        let reported = match (q, quarter, self.anchor(Base::Dct)) {
            (Some(q), ..) => Some((q.date, Gran::Quarter, AnchorUse::Narrative(q.date))),
            (None, true, Some((a, _, u))) => Some((a.add_months(-3).unwrap_or(a), Gran::Quarter, u)),
            (None, false, Some((a, _, u))) => Some((a, Gran::Year, u)),
            (None, _, None) => None,
        };
        let Some((date, gran, anchor)) = reported else {
            return Resolved::unresolved(if quarter { "XXXX-QX".into() } else { "XXXX".into() });
        };
        let date = date.add_months(-12).unwrap_or(date);
        Resolved { value: format(date, gran), anchor, year_inferred: false, resolved: true, point: Some(RefPoint { date, gran }) }
    }

    fn point(&self, p: &Point) -> Result<Resolved, &'static str> {
        if let Some(y) = p.year {
            if !(1..=9999).contains(&y) {
                return Err("year out of range");
            }
        }
        let time = p.hour.map(|h| format!("T{:02}:{:02}", h, p.minute.unwrap_or(0)));
        let suffix = |v: String| -> String {
            match &time {
                Some(t) => v + t,
                None => with_pod(v, p.pod),
            }
        };
        // A weekday without a date: the nearest such day.
        if let (Some(wd), None) = (p.weekday, p.day) {
            let Some((a, _, use_)) = self.anchor(Base::Dct) else {
                return Ok(Resolved::unresolved(suffix(format!("XXXX-WXX-{wd}"))));
            };
            let cur = a.weekday();
            // Past-leaning, except that the day after the DCT is "tomorrow" in a wire story
            // written the evening before.
            let ahead = i64::from((wd + 7 - cur) % 7);
            let back = -i64::from((cur + 7 - wd) % 7);
            let off = if !p.past && (p.future || ahead == 1) { ahead } else { back };
            let date = a.add_days(off).unwrap_or(a);
            return Ok(Resolved {
                value: suffix(date.iso()),
                anchor: use_,
                year_inferred: false,
                resolved: true,
                point: Some(RefPoint { date, gran: Gran::Day }),
            });
        }
        // A day of the month alone ("on the 5th"): in the anchor's month or the one before or
        // after, whichever is nearest (leaning to the past like other dates).
        if let (Some(d), None, None) = (p.day, p.month, p.year) {
            let Some((a, _, use_)) = self.anchor(Base::Dct) else {
                return Ok(Resolved::unresolved(suffix(format!("XXXX-XX-{d:02}"))));
            };
            let now = a.to_days();
            let mut best: Option<(i64, Date)> = None;
            for k in [-1, 0, 1] {
                let Some(first) = Date::new(a.year, a.month, 1).and_then(|f| f.add_months(k)) else { continue };
                let Some(date) = Date::new(first.year, first.month, d) else { continue };
                let delta = date.to_days() - now;
                let dist = if delta > 0 && !p.future {
                    delta + 10
                } else if delta < 0 && p.future {
                    -delta + 30
                } else {
                    delta.abs()
                };
                if best.is_none_or(|(b, _)| dist < b) {
                    best = Some((dist, date));
                }
            }
            let Some((_, date)) = best else { return Err("no such day in the months around the anchor") };
            return Ok(Resolved { value: suffix(date.iso()), anchor: use_, year_inferred: true, resolved: true, point: Some(RefPoint { date, gran: Gran::Day }) });
        }
        // A clock time or relative day alone ("3 p.m.", "10 a.m. yesterday").
        if p.month.is_none() && p.year.is_none() && p.quarter.is_none() && p.half.is_none() && p.season.is_none() {
            let base = if p.day_offset.is_some() { Base::Dct } else { Base::Narrative };
            let anchor = match base {
                Base::Narrative => self.narrative.filter(|n| n.gran == Gran::Day).map(|n| (n.date, Gran::Day, AnchorUse::Narrative(n.date))).or(self.anchor(Base::Dct)),
                Base::Dct => self.anchor(Base::Dct),
            };
            let Some((a, _, use_)) = anchor else {
                return Ok(Resolved::unresolved(suffix("XXXX-XX-XX".into())));
            };
            let date = a.add_days(i64::from(p.day_offset.unwrap_or(0))).unwrap_or(a);
            return Ok(Resolved { value: suffix(date.iso()), anchor: use_, year_inferred: false, resolved: true, point: Some(RefPoint { date, gran: Gran::Day }) });
        }
        let anchor = self.anchor(Base::Dct);
        let (year, inferred, use_) = match (p.year, p.year_offset, anchor) {
            (Some(y), _, _) => (Some(y), false, AnchorUse::None),
            (None, Some(off), Some((a, _, u))) => (Some(a.year + i32::from(off)), false, u),
            (None, _, Some((a, _, u))) => (Some(infer_year(p, a)), true, u),
            (None, _, None) => (None, false, AnchorUse::None),
        };
        let Some(year) = year else {
            let v = match (p.month, p.day, p.quarter, p.half, p.season) {
                (Some(m), Some(d), ..) => format!("XXXX-{m:02}-{d:02}"),
                (Some(m), None, ..) => format!("XXXX-{m:02}"),
                (None, _, Some(q), ..) => format!("XXXX-Q{q}"),
                (None, _, None, Some(h), _) => format!("XXXX-H{h}"),
                (None, _, None, None, Some(s)) => format!("XXXX-{}", season_code(s)),
                _ => "XXXX".into(),
            };
            return Ok(Resolved::unresolved(suffix(v)));
        };
        if !(1..=9999).contains(&year) {
            return Err("year out of range");
        }
        let (month, day) = match p.holiday {
            Some(h) => {
                let (m, d) = h.month_day(year);
                (Some(m), Some(d))
            }
            None => (p.month, p.day),
        };
        let (date, gran) = match (month, day, p.quarter, p.half, p.season) {
            (Some(m), Some(d), ..) => (Date::new(year, m, d).ok_or("no such day in that month")?, Gran::Day),
            (Some(m), None, ..) => (Date::new(year, m, 1).ok_or("no such month")?, Gran::Month),
            (None, _, Some(q), ..) => (Date::new(year, (q - 1) * 3 + 1, 1).ok_or("no such quarter")?, Gran::Quarter),
            (None, _, None, Some(h), _) => (Date::new(year, (h - 1) * 6 + 1, 1).ok_or("no such half")?, Gran::Half),
            (None, _, None, None, Some(s)) => (Date::new(year, season_month(s), 1).ok_or("no such season")?, Gran::Season),
            _ => (Date::new(year, 1, 1).ok_or("year out of range")?, Gran::Year),
        };
        Ok(Resolved {
            value: suffix(format(date, gran)),
            anchor: if p.year.is_some() { AnchorUse::None } else { use_ },
            year_inferred: inferred,
            resolved: true,
            point: Some(RefPoint { date, gran }),
        })
    }

    fn shift(&self, unit: Unit, n: i64, base: Base, pod: Option<Pod>, fine: bool) -> Resolved {
        // A part of a day ("the next morning", "overnight") counts from a day mentioned, not
        // from a month or a year, else from the DCT.
        let anchor = match (base, pod) {
            (Base::Narrative, Some(_)) => self.narrative.filter(|n| n.gran == Gran::Day).map(|n| (n.date, Gran::Day, AnchorUse::Narrative(n.date))).or(self.anchor(Base::Dct)),
            _ => self.anchor(base),
        };
        let Some((a, agran, use_)) = anchor else {
            let v = match unit {
                Unit::Day => "XXXX-XX-XX",
                Unit::Week | Unit::Weekend => "XXXX-WXX",
                Unit::Month => "XXXX-XX",
                Unit::Quarter => "XXXX-QX",
                _ => "XXXX",
            };
            return Resolved::unresolved(with_pod(v.into(), pod));
        };
        let (date, unit_gran) = match unit {
            Unit::Second | Unit::Minute | Unit::Hour => (Some(a), Gran::Day),
            Unit::Day => (a.add_days(n), Gran::Day),
            Unit::Week | Unit::Weekend => (a.add_days(n.saturating_mul(7)), Gran::Week),
            Unit::Month => (a.add_months(n), Gran::Month),
            Unit::Quarter => (a.add_months(n.saturating_mul(3)), Gran::Quarter),
            Unit::Year => (a.add_months(n.saturating_mul(12)), Gran::Year),
            Unit::Decade => (a.add_months(n.saturating_mul(120)), Gran::Decade),
            Unit::Century => (a.add_months(n.saturating_mul(1200)), Gran::Century),
        };
        let Some(mut date) = date else {
            return Resolved::unresolved("XXXX".into());
        };
        let mut gran = unit_gran;
        let mut use_ = use_;
        if fine && base == Base::Narrative && agran < gran && n != 0 {
            // "a year earlier" after "the third quarter" is that quarter a year before.
            gran = agran;
        }
        if fine && base == Base::Dct && unit == Unit::Year && n == -1 {
            // "a year ago" in a report about a quarter compares the same quarter.
            if let Some(nq) = self.narrative.filter(|x| x.gran == Gran::Quarter) {
                if let Some(d) = nq.date.add_months(-12) {
                    date = d;
                    gran = Gran::Quarter;
                    use_ = AnchorUse::Narrative(nq.date);
                }
            }
        }
        // "the same day", "a week later" after "in October": a day or week of that month
        // whose number the text does not give (`1998-10-XX`), not the first of the month.
        if base == Base::Narrative && matches!(unit, Unit::Day | Unit::Week) && agran > Gran::Week {
            let value = match (unit, agran) {
                (Unit::Day, Gran::Month) => format!("{:04}-{:02}-XX", date.year, date.month),
                (Unit::Day, _) => format!("{:04}-XX-XX", date.year),
                _ => format!("{:04}-WXX", date.year),
            };
            return Resolved { value, anchor: use_, year_inferred: false, resolved: true, point: Some(RefPoint { date, gran: agran }) };
        }
        let value = if gran == Gran::Day { with_pod(format(date, gran), pod) } else { format(date, gran) };
        Resolved { value, anchor: use_, year_inferred: false, resolved: true, point: Some(RefPoint { date, gran }) }
    }

    fn named(&self, what: Named, dir: i8, pod: Option<Pod>) -> Resolved {
        let Some((a, _, use_)) = self.anchor(Base::Dct) else {
            let v = match what {
                Named::Weekday(d) => format!("XXXX-WXX-{d}"),
                Named::Month(m) => format!("XXXX-{m:02}"),
                Named::Season(s) => format!("XXXX-{}", season_code(s)),
                Named::Weekend => "XXXX-WXX-WE".into(),
            };
            return Resolved::unresolved(with_pod(v, pod));
        };
        let (date, gran, value) = match what {
            Named::Weekday(d) => {
                let cur = a.weekday();
                let off = match dir {
                    -1 => -i64::from(match (cur + 7 - d) % 7 {
                        0 => 7,
                        x => x,
                    }),
                    1 => i64::from(match (d + 7 - cur) % 7 {
                        0 => 7,
                        x => x,
                    }),
                    _ => i64::from((d + 7 - cur) % 7),
                };
                let date = a.add_days(off).unwrap_or(a);
                (date, Gran::Day, with_pod(date.iso(), pod))
            }
            Named::Month(m) => {
                let y = match dir {
                    -1 if m < a.month => a.year,
                    -1 => a.year - 1,
                    1 if m > a.month => a.year,
                    1 => a.year + 1,
                    _ => a.year,
                };
                let date = Date::new(y, m, 1).unwrap_or(a);
                (date, Gran::Month, format(date, Gran::Month))
            }
            Named::Season(s) => {
                // January and February belong to the winter that began the year before.
                let (a, cur) = if a.month <= 2 { (Date::new(a.year - 1, 12, 1).unwrap_or(a), 3) } else { (a, season_of(a.month)) };
                let y = match dir {
                    -1 if s < cur => a.year,
                    -1 => a.year - 1,
                    1 if s > cur => a.year,
                    1 => a.year + 1,
                    // This season or the next one.
                    2 if s >= cur => a.year,
                    2 => a.year + 1,
                    _ => a.year,
                };
                let date = Date::new(y, season_month(s), 1).unwrap_or(a);
                (date, Gran::Season, format!("{:04}-{}", y, season_code(s)))
            }
            Named::Weekend => {
                // "the weekend" early in the week is the one just past.
                let dir = if dir == 0 && a.weekday() <= 3 { -1 } else { dir };
                let date = a.add_days(i64::from(dir) * 7).unwrap_or(a);
                let (y, w) = date.iso_week();
                (date, Gran::Week, format!("{y:04}-W{w:02}-WE"))
            }
        };
        Resolved { value, anchor: use_, year_inferred: false, resolved: true, point: Some(RefPoint { date, gran }) }
    }
}

/// The year of an underspecified date: the one that puts it closest to the anchor, with a
/// lean towards the past (news mostly reports what happened): a month alone is taken in the
/// past unless it is more than two months nearer in the future; with a future word in the
/// sentence ("will"), the next occurrence. A quarter alone is in the anchor's year unless it
/// has not begun yet (then the year before).
fn infer_year(p: &Point, a: Date) -> i32 {
    let Some(month) = p.month else {
        if let Some(q) = p.quarter {
            if q > a.quarter() && !p.future {
                return a.year - 1;
            }
        }
        return a.year;
    };
    match p.day {
        None => {
            let back = (i32::from(a.month) - i32::from(month)).rem_euclid(12);
            let ahead = (i32::from(month) - i32::from(a.month)).rem_euclid(12);
            let future = !p.past && (p.future || back > ahead + 3 && !(p.past_tense && ahead > 2));
            if future {
                if month >= a.month { a.year } else { a.year + 1 }
            } else if month <= a.month {
                a.year
            } else {
                a.year - 1
            }
        }
        Some(day) => {
            let now = a.to_days();
            let mut best = a.year;
            let mut best_dist = i64::MAX;
            for y in [a.year - 1, a.year, a.year + 1] {
                let Some(d) = Date::new(y, month, day.min(crate::date::days_in_month(y, month))) else { continue };
                let delta = d.to_days() - now;
                // Future dates count a little farther, unless the sentence is about the future.
                // A past-tense sentence may still report a plan for the coming weeks.
                let dist = if delta > 0 && (p.past || p.past_tense && delta > 75) {
                    delta + 400
                } else if delta > 0 && !p.future {
                    delta + 90
                } else if delta < 0 && p.future {
                    -delta + 60
                } else {
                    delta.abs()
                };
                if dist < best_dist {
                    best = y;
                    best_dist = dist;
                }
            }
            best
        }
    }
}
