//! Expressions led by a keyword: deictic words ("yesterday", "now"), "this/last/next ...",
//! "the ..." phrases, sets ("every week"), quarters and halves of the year.

use super::{duration_value, Parser, R};
use crate::sem::{Base, Holiday, Named, Point, Qty, Sem};
use crate::token::{Kw, Lex, Pod, Unit, BREAK, CAP, ORD};

impl Parser<'_> {
    /// "fifth of January", "first quarter", "first half of 1990", "twentieth century".
    pub(super) fn ordinal_led(&self, i: usize) -> R<Sem> {
        if let Some((e, p)) = self.calendar(i) {
            return Some((e, Sem::Point(p)));
        }
        if let Some(Lex::Ord(n)) = self.lex(i) {
            let k = self.join(i + 1);
            if let Some((Unit::Century, false)) = self.unit(k) {
                if (1..=30).contains(&n) {
                    return Some((k + 1, Sem::Century(n as i32 - 1)));
                }
            }
        }
        self.part_of_year(i)
    }

    /// "third quarter [of 1989 | 1989]", "first half", "second-quarter".
    pub(super) fn part_of_year(&self, i: usize) -> R<Sem> {
        let n = match self.lex(i) {
            Some(Lex::Ord(n)) => n,
            _ => return None,
        };
        let k = self.join(i + 1);
        let (is_quarter, e) = match (self.unit(k), self.kw(k, Kw::Half)) {
            (Some((Unit::Quarter, false)), _) if (1..=4).contains(&n) => (true, k + 1),
            (_, true) if (1..=2).contains(&n) => (false, k + 1),
            _ => return None,
        };
        let mut p = Point::default();
        if is_quarter {
            p.quarter = Some(n as u8);
        } else {
            p.half = Some(n as u8);
        }
        let mut e = e;
        let j = if self.kw(e, Kw::Of) { e + 1 } else { e };
        if let Some((j2, y)) = self.year(j) {
            p.year = Some(y);
            e = j2;
        } else if self.kw(e, Kw::Of) && matches!(self.kw_of(e + 1), Some(Kw::This | Kw::Last | Kw::Next)) && self.unit(e + 2) == Some((Unit::Year, false)) {
            let n = match self.kw_of(e + 1) {
                Some(Kw::Last) => -1,
                Some(Kw::Next) => 1,
                _ => 0,
            };
            p.year_offset = Some(n);
            e += 3;
        } else if self.kw(e, Kw::Fiscal) {
            if let Some((j2, y)) = self.year(e + 1) {
                p.year = Some(y);
                e = j2;
            }
        }
        Some((e, Sem::Point(p)))
    }

    pub(super) fn keyword_led(&self, i: usize, k: Kw) -> R<Sem> {
        use Kw::*;
        match k {
            Today | Yesterday | Tomorrow => {
                // "VOA Today", "USA Today": capitalised after a word inside a sentence, a name.
                if k == Today && self.flag(i, CAP) && i > 0 && self.lex(i - 1) == Some(Lex::Word) && !self.flag(i, BREAK) {
                    return None;
                }
                let (j, off) = self.day_word(i)?;
                // "yesterday morning"
                let (j, pod) = match self.pod_after(j) {
                    Some((j2, p)) => (j2, Some(p)),
                    None => (j, None),
                };
                // "today" used as "nowadays" cannot be told apart; news mostly means the day.
                Some((j, Sem::Shift { unit: Unit::Day, n: off, base: Base::Dct, pod, fine: false }))
            }
            Tonight => Some((i + 1, Sem::Shift { unit: Unit::Day, n: 0, base: Base::Dct, pod: Some(Pod::Night), fine: false })),
            // "overnight losses": the night before the day of the story.
            Overnight => Some((i + 1, Sem::Shift { unit: Unit::Day, n: -1, base: Base::Narrative, pod: Some(Pod::Night), fine: false })),
            Now => {
                // "Now, ..." opening a sentence is a discourse marker, not a time.
                if self.flag(i, CAP) && self.punct(i + 1, b',') {
                    return None;
                }
                Some((i + 1, Sem::Ref("PRESENT_REF")))
            }
            Christmas => {
                let (e, day) = if self.kw(i + 1, Eve) { (i + 2, 24) } else if self.unit(i + 1) == Some((Unit::Day, false)) { (i + 2, 25) } else { (i + 1, 25) };
                Some((e, Sem::Point(self.with_tense(Point { month: Some(12), day: Some(day), ..Point::default() }, i, e))))
            }
            New if self.unit(i + 1) == Some((Unit::Year, false)) && self.punct(i + 2, b'\'') && self.glued(i + 2) => {
                // "New Year's Day", "New Year's Eve" (the apostrophe and s are tokens)
                let j = i + 4;
                let (e, m, d) = if self.kw(j, Eve) { (j + 1, 12, 31) } else if self.unit(j) == Some((Unit::Day, false)) { (j + 1, 1, 1) } else { return None };
                Some((e, Sem::Point(self.with_tense(Point { month: Some(m), day: Some(d), ..Point::default() }, i, e))))
            }
            // "Easter", "Easter Sunday", "Easter week" (the week that ends on Easter Sunday),
            // but not "Easter Island".
            Easter if self.flag(i, CAP) => {
                let p = Point { month: Some(4), holiday: Some(Holiday::Easter), ..Point::default() };
                if self.unit(i + 1) == Some((Unit::Week, false)) {
                    return Some((i + 2, Sem::WeekOf(self.with_tense(p, i, i + 2))));
                }
                let e = match self.lex(i + 1) {
                    Some(Lex::Weekday(7)) => i + 2,
                    Some(Lex::Word) if self.flag(i + 1, CAP) => return None,
                    _ => i + 1,
                };
                Some((e, Sem::Point(self.with_tense(p, i, e))))
            }
            // US "Election Day": the Tuesday after the first Monday of November.
            Election if self.flag(i, CAP) && self.unit(i + 1) == Some((Unit::Day, false)) && self.flag(i + 1, CAP) => {
                let p = Point { month: Some(11), holiday: Some(Holiday::ElectionDay), ..Point::default() };
                Some((i + 2, Sem::Point(self.with_tense(p, i, i + 2))))
            }
            Thanksgiving => {
                let e = if self.unit(i + 1) == Some((Unit::Day, false)) { i + 2 } else { i + 1 };
                Some((e, Sem::Point(self.with_tense(Point { month: Some(11), holiday: Some(Holiday::Thanksgiving), ..Point::default() }, i, e))))
            }
            Currently | Current => {
                if k == Current && matches!(self.lex(i + 1), Some(Lex::Unit(..))) {
                    let (u, _) = self.unit(i + 1)?;
                    return Some((i + 2, Sem::Shift { unit: u, n: 0, base: Base::Dct, pod: None, fine: false }));
                }
                if k == Currently {
                    return Some((i + 1, Sem::Ref("PRESENT_REF")));
                }
                None
            }
            Recently | Lately => Some((i + 1, Sem::Ref("PAST_REF"))),
            Recent => {
                // "recent years", "recent months"
                if let Some((u, true)) = self.unit(i + 1) {
                    return Some((i + 2, if u == Unit::Year { Sem::Ref("PAST_REF") } else { Sem::Duration { n: Qty::X, unit: u } }));
                }
                None
            }
            Once | Twice => self.frequency(i),
            Formerly | Ever => None,
            These => {
                if self.unit(i + 1) == Some((Unit::Day, true)) {
                    return Some((i + 2, Sem::Ref("PRESENT_REF")));
                }
                None
            }
            // "rose 8.5% annually", "10,000 units annually": a rate, like "$2 million a year".
            Daily | Weekly | Monthly | Annually | Yearly | Hourly | Nightly if self.after_amount(i) => None,
            // "average daily volume", "average weekly sales": a statistic, no recurrence (but
            // "average hourly earnings" is pay by the hour, which TimeBank tags as a set).
            Daily | Weekly | Monthly | Yearly if self.kw(i.wrapping_sub(1), Average) => None,
            Daily => Some((i + 1, Sem::Set("P1D".into()))),
            Weekly => Some((i + 1, Sem::Set("P1W".into()))),
            Monthly => Some((i + 1, Sem::Set("P1M".into()))),
            Annually | Yearly => Some((i + 1, Sem::Set("P1Y".into()))),
            Hourly => Some((i + 1, Sem::Set("PT1H".into()))),
            Nightly => Some((i + 1, Sem::Set("XXXX-XX-XXTNI".into()))),
            Every | Each => self.set(i + 1),
            Per => {
                let (u, false) = self.unit(i + 1)? else { return None };
                Some((i + 2, Sem::Set(duration_value(1.0, u))))
            }
            This | Last | Next | Past | Coming | Previous | Following | That => self.relative(i, k, false),
            The => self.the_led(i),
            Fiscal if matches!(self.lex(self.join(i + 1)), Some(Lex::Ord(_))) => self.part_of_year(self.join(i + 1)),
            Fiscal => {
                let (e, y) = self.year(i + 1)?;
                Some((e, Sem::Point(Point { year: Some(y), ..Point::default() })))
            }
            Noon | Midnight => self.number_led(i),
            // "at a later date": some time to come.
            A if self.kw(i + 1, Later) && self.kw(i + 2, DateWord) => Some((i + 3, Sem::Ref("FUTURE_REF"))),
            A | Several | Few | SomeQ | Many | Dozen | Another => self.quantity_led(i),
            Half => {
                // "half a year", "half an hour"
                if self.kw(i + 1, A) {
                    let (u, false) = self.unit(i + 2)? else { return None };
                    return Some((i + 3, Sem::Duration { n: Qty::N(0.5), unit: u }));
                }
                None
            }
            _ => None,
        }
    }

    /// "the ..." expressions.
    pub(super) fn the_led(&self, i: usize) -> R<Sem> {
        use Kw::*;
        let j = i + 1;
        match self.lex(j)? {
            // "the future of the alliance" is its fate, not a time.
            Lex::Kw(Future) if self.kw(j + 1, Of) => None,
            Lex::Kw(Future) => Some((j + 1, Sem::Ref("FUTURE_REF"))),
            // "the fiscal year ended Jan. 31": a span of a year, like "the year ended".
            Lex::Kw(Fiscal) if self.unit(j + 1) == Some((Unit::Year, false)) && matches!(self.kw_of(j + 2), Some(Ended | Ending)) => {
                Some((j + 2, Sem::Duration { n: Qty::N(1.0), unit: Unit::Year }))
            }
            Lex::Kw(Full | Whole | Entire | Fiscal | Current) if self.unit(j + 1) == Some((Unit::Year, false)) => {
                Some((j + 2, Sem::Shift { unit: Unit::Year, n: 0, base: Base::Dct, pod: None, fine: false }))
            }
            // "the current fiscal year"
            Lex::Kw(Current) if self.kw(j + 1, Fiscal) && self.unit(j + 2) == Some((Unit::Year, false)) => {
                Some((j + 3, Sem::Shift { unit: Unit::Year, n: 0, base: Base::Dct, pod: None, fine: false }))
            }
            // "the weeks ahead", "the months ahead"
            Lex::Unit(u, true) if self.kw(j + 1, Ahead) => Some((j + 2, Sem::Duration { n: Qty::X, unit: u })),
            Lex::Kw(Near) if self.kw(j + 1, Future) => Some((j + 2, Sem::Ref("FUTURE_REF"))),
            // "the near term", "the short term", "the long term" (not "the long-term debt").
            Lex::Kw(Near | Short | Long) if self.kw(j + 1, Term) && !self.punct(j + 2, b'-') => Some((j + 2, Sem::Ref("FUTURE_REF"))),
            // "the last half of 1989" is its second half.
            Lex::Kw(Last) if self.kw(j + 1, Half) && self.kw(j + 2, Of) && self.year(j + 3).is_some() => {
                let (e, y) = self.year(j + 3)?;
                Some((e, Sem::Point(Point { year: Some(y), half: Some(2), ..Point::default() })))
            }
            // "the comparable year-ago quarter", "the corresponding period last year", "the same
            // quarter a year earlier": the reported quarter a year back.
            Lex::Kw(Comparable) | Lex::Kw(Same) if self.kw(j, Comparable) || self.unit(j + 1) == Some((Unit::Quarter, false)) || self.kw(j + 1, Period) => {
                if let Some((e, s @ Sem::YearAgo { .. })) = self.base(j + 1) {
                    return Some((e, s));
                }
                let is_period = self.unit(j + 1) == Some((Unit::Quarter, false)) || self.kw(j + 1, Period);
                if !is_period {
                    return None;
                }
                let k = j + 2;
                if self.kw(k, Last) && self.unit(k + 1) == Some((Unit::Year, false)) {
                    return Some((k + 2, Sem::YearAgo { quarter: true }));
                }
                if self.kw(k, A) && self.unit(k + 1) == Some((Unit::Year, false)) && matches!(self.kw_of(k + 2), Some(Ago | Earlier)) {
                    return Some((k + 3, Sem::YearAgo { quarter: true }));
                }
                None
            }
            Lex::Kw(Fiscal) if matches!(self.lex(self.join(j + 1)), Some(Lex::Ord(_))) => self.part_of_year(self.join(j + 1)),
            Lex::Kw(k @ (Past | Last | Next | Coming | Previous | Following | Same | Latest)) => {
                if k == Past && !matches!(self.lex(j + 1), Some(Lex::Unit(..) | Lex::NumWord(_) | Lex::Num | Lex::Kw(Few | Several | Couple | A)) | Some(Lex::Season(_)) | Some(Lex::Weekday(_))) {
                    return Some((j + 1, Sem::Ref("PAST_REF")));
                }
                if k == Same {
                    if let Some((Unit::Day, false)) = self.unit(j + 1) {
                        return Some((j + 2, Sem::Shift { unit: Unit::Day, n: 0, base: Base::Narrative, pod: None, fine: false }));
                    }
                    return None;
                }
                if k == Latest {
                    // "the latest quarter", "the most recent quarter"
                    let m = if self.kw(j + 1, Recent) { j + 2 } else { j + 1 };
                    // "the latest (fiscal) year": like the latest quarter, the last complete one.
                    let y = if self.kw(m, Fiscal) { m + 1 } else { m };
                    if self.unit(y) == Some((Unit::Year, false)) {
                        return Some((y + 1, Sem::Shift { unit: Unit::Year, n: -1, base: Base::Dct, pod: None, fine: false }));
                    }
                    if self.kw(m, Period) {
                        return Some((m + 1, Sem::ReportQuarter { ended: None }));
                    }
                    if let Some((u, false)) = self.unit(m) {
                        if u == Unit::Quarter {
                            return Some((m + 1, Sem::ReportQuarter { ended: None }));
                        }
                        return Some((m + 1, Sem::Shift { unit: u, n: 0, base: Base::Dct, pod: None, fine: false }));
                    }
                    // "the latest nine months"
                    if let Some((e, s @ Sem::Duration { n: Qty::N(_), .. })) = self.quantity_led(m) {
                        return Some((e, s));
                    }
                    return None;
                }
                self.relative(j, k, true)
            }
            // "the year-ago quarter", but "the" of "the year-earlier results" belongs to the noun.
            Lex::Unit(Unit::Year, false) if self.join(j + 1) > j + 1 => match self.base(j)? {
                (_, Sem::YearAgo { quarter: false }) => None,
                r => Some(r),
            },
            Lex::Unit(Unit::Year, false) if self.year(j + 1).is_some() || self.year_words(j + 1).is_some() => {
                // "the year 2000", "the year two thousand"
                let (e, y) = self.year(j + 1).or_else(|| self.year_words(j + 1))?;
                Some((e, Sem::Point(Point { year: Some(y), ..Point::default() })))
            }
            Lex::Unit(Unit::Year, false) if self.t.get(j + 1).is_some_and(|t| t.lex == Lex::Num && t.digits > 4) => {
                // "the year 99999": reported as a problem by the resolver.
                let t = self.t.get(j + 1)?;
                Some((j + 2, Sem::Point(Point { year: Some(t.num.min(999_999) as i32), ..Point::default() })))
            }
            // "the week of March 6": that date's week.
            Lex::Unit(Unit::Week, false) if self.kw(j + 1, Of) && matches!(self.calendar(j + 2), Some((_, Point { day: Some(_), .. }))) => {
                let (e, p) = self.calendar(j + 2)?;
                Some((e, Sem::WeekOf(self.with_tense(p, i, e))))
            }
            // "the quarter-to-quarter comparison", "the week-long strike": an adjective.
            Lex::Unit(_, false) if self.join(j + 1) > j + 1 => None,
            Lex::Unit(u, false) => {
                // "the day before", "the day after", "the week", "the quarter", "the year".
                match self.kw_of(j + 1) {
                    Some(Before) if u == Unit::Day && self.ends_clause(j + 2) => {
                        return Some((j + 2, Sem::Shift { unit: Unit::Day, n: -1, base: Base::Narrative, pod: None, fine: false }))
                    }
                    Some(After) if u == Unit::Day && self.ends_clause(j + 2) => {
                        return Some((j + 2, Sem::Shift { unit: Unit::Day, n: 1, base: Base::Narrative, pod: None, fine: false }))
                    }
                    _ => {}
                }
                // "the quarter a year ago", "the quarter a year earlier"
                if u == Unit::Quarter && self.kw(j + 1, A) && self.unit(j + 2) == Some((Unit::Year, false)) && matches!(self.kw_of(j + 3), Some(Ago | Earlier)) {
                    return Some((j + 4, Sem::YearAgo { quarter: true }));
                }
                match u {
                    Unit::Quarter => {
                        // "the quarter ended July 31"
                        let ended = match self.kw_of(j + 1) {
                            Some(Ended | Ending) => match self.calendar(j + 2) {
                                Some((_, Point { month: Some(m), day: Some(_), .. })) => Some(m),
                                _ => None,
                            },
                            _ => None,
                        };
                        Some((j + 1, Sem::ReportQuarter { ended }))
                    }
                    Unit::Weekend => Some((j + 1, Sem::Named { what: Named::Weekend, dir: 0, pod: None })),
                    // "the year ended Sept. 30" is a span of a year (a fiscal year); "a high for
                    // the year", "earlier in the year" is the year of the story.
                    Unit::Year if matches!(self.kw_of(j + 1), Some(Ended | Ending)) => Some((j + 1, Sem::Duration { n: Qty::N(1.0), unit: u })),
                    Unit::Year => Some((j + 1, Sem::Shift { unit: u, n: 0, base: Base::Dct, pod: None, fine: false })),
                    Unit::Week | Unit::Month => Some((j + 1, Sem::Shift { unit: u, n: 0, base: Base::Dct, pod: None, fine: false })),
                    _ => None,
                }
            }
            Lex::Season(s) => {
                if let Some(r) = self.calendar(i) {
                    return Some((r.0, Sem::Point(r.1)));
                }
                // "the fall of the government", "the summer of discontent": a noun or a name.
                if self.kw(j + 1, Of) {
                    return None;
                }
                // In a future sentence, this season or the next one ("will rise in the spring"
                // said in February is this year's spring).
                let dir = if self.tense(i, j + 1).0 { 2 } else { 0 };
                Some((j + 1, Sem::Named { what: Named::Season(s), dir, pod: None }))
            }
            Lex::DecadeWord(_) => self.base(j),
            Lex::Num | Lex::Punct(b'\'') => {
                // "the 1988 quarter", "the 1988 period": the quarter being reported, in 1988.
                if let Some((k, y)) = self.year(j) {
                    if self.unit(k) == Some((Unit::Quarter, false)) || self.kw(k, Period) {
                        return Some((k + 1, Sem::QuarterOf { year: y, period: self.kw(k, Period) }));
                    }
                }
                // "the 1988 third quarter"
                if let Some((k, y)) = self.year(j) {
                    if let Some((e, Sem::Point(p))) = self.part_of_year(k) {
                        if p.year.is_none() {
                            return Some((e, Sem::Point(Point { year: Some(y), ..p })));
                        }
                    }
                }
                // "the 1990s", "the '90s", "the 5th", "the 20th century"
                if let Some((e, s @ (Sem::Decade(_) | Sem::Century(_)))) = self.base(j) {
                    return Some((e, s));
                }
                if let Some((e, p)) = self.calendar(i) {
                    return Some((e, Sem::Point(p)));
                }
                // "on the 5th": a day of the month nearest the anchor.
                if self.flag(j, ORD) && !matches!(self.lex(j + 1), Some(Lex::Word | Lex::Num | Lex::Unit(..) | Lex::Kw(Kw::Of) | Lex::Punct(b'-'))) {
                    if let Some((e, d)) = self.day(j) {
                        return Some((e, Sem::Point(self.with_tense(Point { day: Some(d), ..Point::default() }, i, e))));
                    }
                }
                // "the nine months" (but "the two-week" is tagged without "the")
                if self.join(j + 1) > j + 1 {
                    return None;
                }
                let (e, s) = self.quantity_led(j)?;
                matches!(s, Sem::Duration { .. }).then_some((e, s))
            }
            Lex::Ord(n) => {
                if let Some((e, p)) = self.calendar(i) {
                    return Some((e, Sem::Point(p)));
                }
                // "the third-quarter results": TimeBank tags the adjective without "the".
                if self.join(j + 1) > j + 1 {
                    return None;
                }
                // "the first nine months", "the first half", "the third quarter"
                if let Some((e, s)) = self.quantity_led(j + 1) {
                    if n == 1 && matches!(s, Sem::Duration { .. }) {
                        return Some((e, s));
                    }
                }
                self.ordinal_led(j)
            }
            Lex::NumWord(_) => {
                if let Some((e, p)) = self.calendar(i) {
                    return Some((e, Sem::Point(p)));
                }
                if self.join(j + 1) > j + 1 {
                    return None;
                }
                if let Some(r) = self.year_words(j) {
                    return Some((r.0, Sem::Point(Point { year: Some(r.1), ..Point::default() })));
                }
                let (e, s) = self.quantity_led(j)?;
                matches!(s, Sem::Duration { .. }).then_some((e, s))
            }
            _ => None,
        }
    }

    /// "this/last/next/past/coming/previous/following" + unit, weekday, month or season; with
    /// a number, a duration ("the past two months", "the next few days").
    pub(super) fn relative(&self, i: usize, k: Kw, with_the: bool) -> R<Sem> {
        use Kw::*;
        let j = i + 1;
        let dir: i8 = match k {
            Last | Past | Previous => -1,
            Next | Coming | Following => 1,
            _ => 0,
        };
        // Durations: "the past two months", "the last few days", "the next 14 months".
        if dir != 0 || with_the {
            if let Some((e, Sem::Duration { n, unit })) = self.quantity_led(j) {
                if !matches!(self.lex(j), Some(Lex::Kw(A))) {
                    return Some((e, Sem::Duration { n, unit }));
                }
            }
        }
        if k == This && matches!(self.kw_of(j), Some(Coming | Past)) {
            return self.relative(j, self.kw_of(j)?, false);
        }
        // "This Week", "Today" capitalised inside a sentence are titles of programmes.
        if k == This && self.flag(i, CAP) && self.flag(j, CAP) && matches!(self.lex(j), Some(Lex::Unit(..))) {
            return None;
        }
        let anaphoric = with_the && matches!(k, Following | Next | Previous) || k == That;
        // "the coming months", "the past weeks": an unspecified span.
        if matches!(k, Coming | Past) {
            if let Some((u, true)) = self.unit(j) {
                return Some((j + 1, Sem::Duration { n: Qty::X, unit: u }));
            }
        }
        if k == That && self.kw(j, Same) && self.unit(j + 1) == Some((Unit::Day, false)) {
            return Some((j + 2, Sem::Shift { unit: Unit::Day, n: 0, base: Base::Narrative, pod: None, fine: false }));
        }
        // "this year's third quarter", "last year's March"
        if !with_the && self.unit(j) == Some((Unit::Year, false)) && self.punct(j + 1, b'\'') && self.glued(j + 1) && self.glued(j + 2) && self.lex(j + 2) == Some(Lex::Word) {
            let off = self.year_offset_word(i).unwrap_or(0);
            if let Some((e, Sem::Point(p))) = self.part_of_year(j + 3) {
                if p.year.is_none() {
                    return Some((e, Sem::Point(Point { year_offset: Some(off), ..p })));
                }
            }
            if let Some((e, m)) = self.month(j + 3) {
                return Some((e, Sem::Point(Point { year_offset: Some(off), month: Some(m), ..Point::default() })));
            }
            // "last year's quarter", "last year's period"
            if off == -1 && (self.unit(j + 3) == Some((Unit::Quarter, false)) || self.kw(j + 3, Period)) {
                return Some((j + 4, Sem::YearAgo { quarter: true }));
            }
        }
        match self.lex(j)? {
            Lex::Unit(u, false) => {
                let base = if anaphoric { Base::Narrative } else { Base::Dct };
                if k == That && !matches!(u, Unit::Day | Unit::Week | Unit::Month | Unit::Quarter | Unit::Year) {
                    return None;
                }
                let (e, pod) = match self.pod_after(j + 1) {
                    Some((e, p)) if u == Unit::Day => (e, Some(p)),
                    _ => (j + 1, None),
                };
                if u == Unit::Weekend {
                    return Some((e, Sem::Named { what: Named::Weekend, dir, pod: None }));
                }
                Some((e, Sem::Shift { unit: u, n: i64::from(dir), base, pod, fine: false }))
            }
            Lex::Pod(p) => {
                // "this morning", "last night", "the next morning"
                let n = match (k, p) {
                    (Last, Pod::Night | Pod::Evening) => -1,
                    (This, _) => 0,
                    (Next | Following, _) => 1,
                    _ => return None,
                };
                let base = if with_the { Base::Narrative } else { Base::Dct };
                Some((j + 1, Sem::Shift { unit: Unit::Day, n, base, pod: Some(p), fine: false }))
            }
            Lex::Weekday(d) => {
                let (e, _) = self.weekday(j)?;
                // "the previous Friday", "the following Monday": counted from the story's day.
                if anaphoric && k != That {
                    let (e, pod) = match self.pod_after(e) {
                        Some((e2, p)) => (e2, Some(p)),
                        None => (e, None),
                    };
                    return Some((e, Sem::WeekdayFrom { day: d, dir, pod }));
                }
                if anaphoric {
                    return None;
                }
                // "this coming Sunday, March 8": the date says which Sunday.
                let k = if self.punct(e, b',') { e + 1 } else { e };
                if let Some((k2, q)) = self.month_day(k) {
                    if q.day.is_some() {
                        return Some((k2, Sem::Point(Point { weekday: Some(d), future: dir > 0, ..q })));
                    }
                }
                let (e, pod) = match self.pod_after(e) {
                    Some((e2, p)) => (e2, Some(p)),
                    None => (e, None),
                };
                Some((e, Sem::Named { what: Named::Weekday(d), dir, pod }))
            }
            Lex::Month(m) => {
                let (e, _) = self.month(j)?;
                if anaphoric {
                    return None;
                }
                // "last Oct. 23", "next March 5": the nearest such day before or after.
                if dir != 0 {
                    if let Some((e2, d)) = self.day(e) {
                        if !self.punct(e2, b':') {
                            let p = Point { month: Some(m), day: Some(d), future: dir > 0, past: dir < 0, ..Point::default() };
                            return Some((e2, Sem::Point(p)));
                        }
                    }
                }
                Some((e, Sem::Named { what: Named::Month(m), dir, pod: None }))
            }
            Lex::Season(s) => Some((j + 1, Sem::Named { what: Named::Season(s), dir, pod: None })),
            Lex::Kw(Fiscal) => {
                let (u, false) = self.unit(j + 1)? else { return None };
                Some((j + 2, Sem::Shift { unit: u, n: i64::from(dir), base: Base::Dct, pod: None, fine: false }))
            }
            // "last Thanksgiving", "next Easter": the holiday before or after.
            Lex::Kw(h @ (Thanksgiving | Christmas | Easter | Election)) if !anaphoric => match self.keyword_led(j, h)? {
                (e, Sem::Point(p)) if p.year.is_none() => Some((e, Sem::Point(Point { past: dir < 0, future: dir > 0, ..p }))),
                _ => None,
            },
            _ => None,
        }
    }

    /// "every day", "each year", "every Monday", "every other week".
    pub(super) fn set(&self, i: usize) -> R<Sem> {
        let (j, every) = if self.kw(i, Kw::Other) { (i + 1, 2.0) } else { (i, 1.0) };
        match self.lex(j)? {
            Lex::Unit(u, false) => Some((j + 1, Sem::Set(duration_value(every, u)))),
            Lex::Weekday(d) => {
                let (e, _) = self.weekday(j)?;
                Some((e, Sem::Set(format!("XXXX-WXX-{d}"))))
            }
            Lex::Pod(p) => Some((j + 1, Sem::Set(format!("XXXX-XX-XXT{}", p.code())))),
            Lex::Month(m) => {
                let (e, _) = self.month(j)?;
                Some((e, Sem::Set(format!("XXXX-{m:02}"))))
            }
            // "every four years"
            Lex::Num | Lex::NumWord(_) => match self.qty(j)? {
                (k, Qty::N(n)) => match self.unit(k)? {
                    (u, true) => Some((k + 1, Sem::Set(duration_value(n, u)))),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// "once a week", "twice a year", "three times a day": a set with the unit's period.
    pub(super) fn frequency(&self, i: usize) -> R<Sem> {
        let j = match self.kw_of(i) {
            Some(Kw::Once | Kw::Twice) => i + 1,
            _ => {
                let (j, _) = self.qty(i)?;
                if !self.kw(j, Kw::Times) {
                    return None;
                }
                j + 1
            }
        };
        if !matches!(self.kw_of(j), Some(Kw::A | Kw::Per | Kw::Every | Kw::Each)) {
            return None;
        }
        let (u, false) = self.unit(j + 1)? else { return None };
        Some((j + 2, Sem::Set(duration_value(1.0, u))))
    }
}
