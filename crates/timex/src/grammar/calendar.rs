//! Calendar expressions: month names, weekdays, clock times, numeric dates, years alone,
//! and the expressions that start with a number or a month or weekday name.

use super::{Parser, R};
use crate::sem::{Point, Sem};
use crate::token::{Kw, Lex, Pod, Unit, ABBR, CAP, ENDS_S, GLUED, ORD, PLURAL_S};

impl Parser<'_> {
    /// A month name, with the dot of an abbreviation ("Sept.").
    pub(super) fn month(&self, i: usize) -> R<u8> {
        let t = self.t.get(i)?;
        match t.lex {
            Lex::Month(m) if t.flags & CAP != 0 => {
                if t.flags & ABBR != 0 && self.punct(i + 1, b'.') && self.glued(i + 1) {
                    Some((i + 2, m))
                } else {
                    Some((i + 1, m))
                }
            }
            _ => None,
        }
    }

    pub(super) fn weekday(&self, i: usize) -> R<u8> {
        let t = self.t.get(i)?;
        match t.lex {
            Lex::Weekday(d) if t.flags & CAP != 0 => {
                if t.flags & ABBR != 0 {
                    if self.punct(i + 1, b'.') && self.glued(i + 1) {
                        return Some((i + 2, d));
                    }
                    if self.punct(i + 1, b',') && matches!(self.lex(i + 2), Some(Lex::Month(_) | Lex::Num)) {
                        return Some((i + 1, d));
                    }
                    return None;
                }
                Some((i + 1, d))
            }
            _ => None,
        }
    }

    /// A part of the day after a date: "night", "morning", "in the morning".
    pub(super) fn pod_after(&self, i: usize) -> R<Pod> {
        if let Some(Lex::Pod(p)) = self.lex(i) {
            return Some((i + 1, p));
        }
        None
    }

    /// "10:30", "10:30 a.m.", "3 p.m.", "noon", "midnight", "10 o'clock", "4 in the morning",
    /// with an optional time zone (EST, GMT...).
    pub(super) fn clock(&self, i: usize) -> R<(u8, u8)> {
        let t = self.t.get(i)?;
        match t.lex {
            // "high noon" is an idiom (and a film), no clock time.
            Lex::Kw(Kw::Noon) if self.kw(i.wrapping_sub(1), Kw::High) => return None,
            Lex::Kw(Kw::Noon) => return Some((i + 1, (12, 0))),
            Lex::Kw(Kw::Midnight) => return Some((i + 1, (0, 0))),
            Lex::Num if t.digits <= 2 && t.num <= 24 && t.flags & (ORD | PLURAL_S) == 0 => {}
            _ => return None,
        }
        let mut h = t.num;
        let mut m = 0;
        let mut j = i + 1;
        let mut explicit = false;
        if (self.punct(j, b':') || self.punct(j, b'.')) && self.glued(j) && self.glued(j + 1) {
            let mt = self.t.get(j + 1)?;
            if mt.lex == Lex::Num && mt.digits == 2 && mt.num < 60 {
                m = mt.num;
                j += 2;
                explicit = self.punct(j - 2, b':');
            } else {
                return None;
            }
        }
        if let Some((k, pm)) = self.ampm(j) {
            if h == 0 || h > 12 {
                return None;
            }
            if pm && h < 12 {
                h += 12;
            } else if !pm && h == 12 {
                h = 0;
            }
            j = k;
        } else if self.kw(j, Kw::Oclock) {
            j += 1;
        } else if self.kw(j, Kw::In) && self.kw(j + 1, Kw::The) && matches!(self.lex(j + 2), Some(Lex::Pod(_))) {
            if let Some(Lex::Pod(p)) = self.lex(j + 2) {
                if matches!(p, Pod::Afternoon | Pod::Evening | Pod::Night) && (5..12).contains(&h) {
                    h += 12;
                }
            }
            j += 3;
        } else if !explicit {
            return None;
        }
        if h > 24 {
            return None;
        }
        j = self.zone(j);
        Some((j, (h as u8, m as u8)))
    }

    /// "a.m." / "am" / "p.m." / "pm" (true for pm).
    pub(super) fn ampm(&self, i: usize) -> R<bool> {
        match self.lex(i) {
            Some(Lex::Kw(Kw::Am)) => Some((self.dot(i + 1), false)),
            Some(Lex::Kw(Kw::Pm)) => Some((self.dot(i + 1), true)),
            Some(Lex::Kw(Kw::A | Kw::LetterP)) => {
                let t = self.t.get(i)?;
                if t.end - t.start != 1 || !self.punct(i + 1, b'.') || !self.glued(i + 1) || !self.glued(i + 2) {
                    return None;
                }
                // "a.m." or "p.m.", not "U.S.": the letters are known to the lexicon.
                if !self.kw(i + 2, Kw::LetterM) {
                    return None;
                }
                let pm = t.lex == Lex::Kw(Kw::LetterP);
                Some((self.dot(i + 3), pm))
            }
            _ => None,
        }
    }

    pub(super) fn dot(&self, i: usize) -> usize {
        if self.punct(i, b'.') && self.glued(i) {
            i + 1
        } else {
            i
        }
    }

    pub(super) fn zone(&self, i: usize) -> usize {
        if self.kw(i, Kw::Zone) && self.flag(i, CAP) {
            i + 1
        } else {
            i
        }
    }

    /// The core of a calendar expression: weekday / month / day / year / numeric forms.
    pub(super) fn calendar(&self, i: usize) -> R<Point> {
        // Weekday, optionally followed by a date and a part of the day.
        if let Some((j, wd)) = self.weekday(i) {
            let mut j = j;
            let mut p = Point { weekday: Some(wd), ..Point::default() };
            let k = if self.punct(j, b',') { j + 1 } else { j };
            if let Some((k2, q)) = self.month_day(k) {
                if q.day.is_some() {
                    p.month = q.month;
                    p.day = q.day;
                    p.year = q.year;
                    j = k2;
                }
            }
            if let Some((k, pod)) = self.pod_after(j) {
                p.pod = Some(pod);
                j = k;
            }
            return Some((j, p));
        }
        if let Some(r) = self.numeric_date(i) {
            return Some(r);
        }
        if let Some(r) = self.month_day(i) {
            return Some(r);
        }
        // "the 5th of January", "5th of January"
        let k = if self.kw(i, Kw::The) { i + 1 } else { i };
        if let Some((j, d)) = self.day(k) {
            if self.kw(j, Kw::Of) {
                if let Some((j2, m)) = self.month(j + 1) {
                    let (j3, y) = self.opt_year(j2);
                    return Some((j3, Point { year: y, month: Some(m), day: Some(d), ..Point::default() }));
                }
            }
        }
        // Seasons with a year: "summer 2022", "the summer of 2022".
        if let Some(Lex::Season(s)) = self.lex(k) {
            let j = if self.kw(k + 1, Kw::Of) { k + 2 } else { k + 1 };
            if let Some((j2, y)) = self.year(j).or_else(|| self.year_words(j)) {
                return Some((j2, Point { year: Some(y), season: Some(s), ..Point::default() }));
            }
        }
        None
    }

    /// An optional ", 2022" / " 2022" after a month and day.
    pub(super) fn opt_year(&self, j: usize) -> (usize, Option<i32>) {
        let k = if self.punct(j, b',') { j + 1 } else { j };
        match self.year(k) {
            Some((k2, y)) if !self.punct(k2, b'%') => (k2, Some(y)),
            _ => (j, None),
        }
    }

    /// "January 5", "Jan. 5, 2022", "5 January 2022", "January 2022", "January of 2022",
    /// "January" alone (when the context makes it a month).
    pub(super) fn month_day(&self, i: usize) -> R<Point> {
        if let Some((j, m)) = self.month(i) {
            if let Some((j2, d)) = self.day(j) {
                // Not "May 2,000 people".
                let (j3, y) = self.opt_year(j2);
                return Some((j3, Point { year: y, month: Some(m), day: Some(d), ..Point::default() }));
            }
            let k = if self.punct(j, b',') || self.kw(j, Kw::Of) { j + 1 } else { j };
            if let Some((k2, y)) = self.year(k) {
                return Some((k2, Point { year: Some(y), month: Some(m), ..Point::default() }));
            }
            if let Some((k2, y)) = self.year_words(k) {
                return Some((k2, Point { year: Some(y), month: Some(m), ..Point::default() }));
            }
            if let (Some(off), Some((Unit::Year, false))) = (self.year_offset_word(j), self.unit(j + 1)) {
                return Some((j + 2, Point { year_offset: Some(off), month: Some(m), ..Point::default() }));
            }
            if self.month_alone_ok(i) {
                return Some((j, Point { month: Some(m), ..Point::default() }));
            }
            return None;
        }
        if let Some((j, d)) = self.day(i) {
            if let Some((j2, m)) = self.month(j) {
                if self.flag(i, ORD) || self.t.get(i).is_some_and(|t| t.lex == Lex::Num) {
                    let (j3, y) = if self.punct(j2, b',') { (j2, None) } else { self.opt_year(j2) };
                    return Some((j3, Point { year: y, month: Some(m), day: Some(d), ..Point::default() }));
                }
            }
        }
        None
    }

    /// -1, 0, 1 for "last", "this", "next".
    pub(super) fn year_offset_word(&self, i: usize) -> Option<i8> {
        match self.kw_of(i)? {
            Kw::Last => Some(-1),
            Kw::This => Some(0),
            Kw::Next => Some(1),
            _ => None,
        }
    }

    /// A month name alone is a date unless it is "May" used as a verb or a name, or "March"
    /// as a noun ("the March for Life"): those two, and abbreviations, need a preposition or
    /// "last/next/this" before them.
    pub(super) fn month_alone_ok(&self, i: usize) -> bool {
        if !matches!(self.lex(i), Some(Lex::Month(3 | 5))) && !self.flag(i, ABBR) {
            return true;
        }
        // "the March accession": a month used as an adjective before a lower-case noun.
        if self.lex(i) == Some(Lex::Month(3)) && self.t.get(i + 1).is_some_and(|t| t.lex == Lex::Word && t.flags & CAP == 0) {
            return true;
        }
        matches!(
            self.kw_of(i.wrapping_sub(1)),
            Some(Kw::In | Kw::Since | Kw::Until | Kw::By | Kw::Of | Kw::Last | Kw::Next | Kw::This | Kw::Early | Kw::Late | Kw::Mid | Kw::From | Kw::Through | Kw::Before | Kw::After | Kw::During | Kw::To)
        ) && i > 0
    }

    /// ISO `2022-01-05`, European `05.01.2022`, US `01/05/2022` and `1/5/22`.
    pub(super) fn numeric_date(&self, i: usize) -> R<Point> {
        let a = self.t.get(i)?;
        if a.lex != Lex::Num || a.flags & (ORD | PLURAL_S) != 0 {
            return None;
        }
        let sep = match self.lex(i + 1) {
            Some(Lex::Punct(c @ (b'-' | b'.' | b'/'))) if self.glued(i + 1) => c,
            _ => return None,
        };
        let b = self.t.get(i + 2).filter(|t| t.lex == Lex::Num && t.flags & GLUED != 0)?;
        if !(self.punct(i + 3, sep) && self.glued(i + 3)) {
            return None;
        }
        let c = self.t.get(i + 4).filter(|t| t.lex == Lex::Num && t.flags & GLUED != 0 && t.flags & (ORD | PLURAL_S) == 0)?;
        // A glued continuation means it is something else (an IP address, a version).
        let continued = self.glued(i + 5) && matches!(self.lex(i + 5), Some(Lex::Num | Lex::Word | Lex::Punct(b'.' | b'-' | b'/')));
        let final_stop = self.punct(i + 5, b'.') && !self.glued(i + 6);
        if continued && !final_stop {
            return None;
        }
        let (y, m, d) = if sep == b'-' && a.digits == 4 && b.digits <= 2 && c.digits <= 2 {
            (a.num as i32, b.num, c.num)
        } else if a.digits <= 2 && b.digits <= 2 && (c.digits == 4 || c.digits == 2) {
            let y = if c.digits == 2 { if c.num > 30 { 1900 + c.num } else { 2000 + c.num } } else { c.num } as i32;
            match sep {
                b'/' if a.num <= 12 => (y, a.num, b.num),
                b'/' => (y, b.num, a.num),
                b'.' | b'-' => (y, b.num, a.num),
                _ => return None,
            }
        } else {
            return None;
        };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            return None;
        }
        Some((i + 5, Point { year: Some(y), month: Some(m as u8), day: Some(d as u8), ..Point::default() }))
    }

    pub(super) fn calendar_led(&self, i: usize) -> R<Sem> {
        let (e, p) = self.calendar(i)?;
        Some((e, Sem::Point(self.with_tense(p, i, e))))
    }

    /// Expressions starting with digits: dates, years, decades, clock times, durations,
    /// "2 days ago".
    pub(super) fn number_led(&self, i: usize) -> R<Sem> {
        let t = self.t.get(i)?;
        // Clock time, possibly followed by a weekday or date: "9 a.m. Tuesday".
        if let Some((e, (h, m))) = self.clock(i) {
            let mut p = Point { hour: Some(h), minute: Some(m), ..Point::default() };
            let mut e = e;
            let k = if self.kw(e, Kw::On) || self.punct(e, b',') { e + 1 } else { e };
            if let Some((k2, q)) = self.calendar(k) {
                p.year = q.year;
                p.month = q.month;
                p.day = q.day;
                p.weekday = q.weekday;
                e = k2;
            } else if let Some((k2, off)) = self.day_word(k) {
                p.day_offset = Some(off as i8);
                e = k2;
            }
            return Some((e, Sem::Point(self.with_tense(p, i, e))));
        }
        if let Some((e, p)) = self.calendar(i) {
            return Some((e, Sem::Point(self.with_tense(p, i, e))));
        }
        // Decades: 1990s.
        if t.flags & PLURAL_S != 0 && t.digits == 4 && t.num % 10 == 0 && (1000..=2990).contains(&t.num) {
            return Some((i + 1, Sem::Decade(t.num as i32 / 10)));
        }
        // Centuries: 20th century.
        if t.flags & ORD != 0 && t.digits <= 2 && (1..=30).contains(&t.num) {
            if let Some((Unit::Century, false)) = self.unit(self.join(i + 1)) {
                return Some((self.join(i + 1) + 1, Sem::Century(t.num as i32 - 1)));
            }
        }
        if let Some(r) = self.quantity_led(i) {
            return Some(r);
        }
        // A year alone.
        let (e, y) = self.year(i)?;
        if self.year_alone_ok(i, e) {
            return Some((e, Sem::Point(Point { year: Some(y), ..Point::default() })));
        }
        None
    }

    /// A four-digit number is a year unless it looks like a quantity or a code.
    pub(super) fn year_alone_ok(&self, i: usize, e: usize) -> bool {
        let t = match self.t.get(i) {
            Some(t) => t,
            None => return false,
        };
        if !(1800..=2100).contains(&t.num) {
            return false;
        }
        // "about 2000", "more than 1500" are counts.
        if matches!(self.kw_of(i.wrapping_sub(1)), Some(Kw::About | Kw::Around | Kw::Nearly | Kw::Almost | Kw::Approximately | Kw::Roughly | Kw::SomeQ | Kw::Over | Kw::Under | Kw::Than | Kw::Least)) {
            return false;
        }
        let after_modifier = self.punct(i.wrapping_sub(1), b'-') && matches!(self.lex(i.wrapping_sub(2)), Some(Lex::Kw(Kw::Mid | Kw::Early | Kw::Late)));
        if i > 0 && self.glued(i) && !after_modifier && matches!(self.lex(i - 1), Some(Lex::Punct(b'$' | b'#' | b'-' | b'/' | b'.' | b':')) | Some(Lex::Word)) {
            return false;
        }
        if self.glued(e) && matches!(self.lex(e), Some(Lex::Punct(b'%' | b'-' | b'/')) | Some(Lex::Word)) {
            return false;
        }
        match self.lex(e) {
            Some(Lex::Unit(..)) => return false,
            Some(Lex::Word) => {
                // "the 1987 crash" is a date, "2000 people" is not: a plural noun after the
                // number makes it a count, unless a preposition precedes ("in 1990 sales") or an
                // article does ("the 1992 protests", "the 2000 Olympics": a count after "the"
                // is written with a comma, "the 2,000 soldiers").
                let prev = self.kw_of(i.wrapping_sub(1));
                let preposition = matches!(prev, Some(Kw::In | Kw::Since | Kw::Of | Kw::By | Kw::Until | Kw::From | Kw::Through | Kw::Before | Kw::After | Kw::During | Kw::Fiscal | Kw::To | Kw::The));
                if self.flag(e, ENDS_S) && !preposition {
                    return false;
                }
            }
            _ => {}
        }
        true
    }
}
