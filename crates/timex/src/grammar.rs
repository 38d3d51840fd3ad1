//! The grammar of English temporal expressions over tokens: recognises the longest
//! expression starting at a token and returns its extent and meaning ([`Sem`]).
//!
//! Each `fn` below reads one family of expressions and returns the index of the first token
//! after it; none of them allocates unless it succeeds, and all look at a bounded number of
//! tokens, so tagging is linear in the text.

use crate::sem::{Base, Named, Point, Qty, Sem};
use crate::token::{Kw, Lex, Pod, Tok, Unit, ABBR, BREAK, CAP, ENDS_S, GLUED, ORD, PLURAL_S};
use crate::Kind;

/// A recognised expression: tokens `s..e`, its meaning and extras.
#[derive(Clone, Debug)]
pub struct Raw {
    pub s: usize,
    pub e: usize,
    pub sem: Sem,
    /// End of a range ("January 4-7", "between 2019 and 2021").
    pub end_sem: Option<Sem>,
    pub kind: Kind,
    pub modifier: Option<&'static str>,
    /// An absurd value ("February 30"): the expression is reported as a problem, not a timex.
    pub problem: Option<&'static str>,
    pub confidence: f32,
}

pub struct Parser<'a> {
    pub t: &'a [Tok],
}

type R<T> = Option<(usize, T)>;

fn kind_of(sem: &Sem) -> Kind {
    match sem {
        Sem::Duration { .. } => Kind::Duration,
        Sem::Set(_) => Kind::Set,
        Sem::Point(p) if p.hour.is_some() => Kind::Time,
        Sem::Point(p) if p.pod.is_some() && p.weekday.is_none() => Kind::Time,
        Sem::Shift { pod: Some(_), .. } => Kind::Time,
        _ => Kind::Date,
    }
}

/// A prior confidence per family of expression, before normalisation adjusts it (an inferred
/// year or a missing anchor lowers it).
fn confidence_of(sem: &Sem) -> f32 {
    match sem {
        Sem::Point(p) if p.day.is_some() && p.year.is_some() => 0.95,
        Sem::Point(p) if p.weekday.is_some() => 0.8,
        Sem::Point(p) if p.year.is_some() => 0.9,
        Sem::Point(_) => 0.85,
        Sem::Decade(_) | Sem::Century(_) => 0.9,
        Sem::Shift { base: Base::Dct, .. } => 0.85,
        Sem::Shift { .. } => 0.7,
        Sem::Named { .. } => 0.8,
        Sem::Ref(_) => 0.6,
        Sem::Duration { n: Qty::N(_), .. } => 0.85,
        Sem::Duration { .. } => 0.6,
        Sem::Set(_) => 0.75,
        Sem::ReportQuarter => 0.6,
    }
}

impl<'a> Parser<'a> {
    fn lex(&self, i: usize) -> Option<Lex> {
        self.t.get(i).map(|t| t.lex)
    }
    fn kw(&self, i: usize, k: Kw) -> bool {
        self.lex(i) == Some(Lex::Kw(k))
    }
    fn kw_of(&self, i: usize) -> Option<Kw> {
        match self.lex(i) {
            Some(Lex::Kw(k)) => Some(k),
            _ => None,
        }
    }
    fn punct(&self, i: usize, c: u8) -> bool {
        self.lex(i) == Some(Lex::Punct(c))
    }
    fn flag(&self, i: usize, f: u8) -> bool {
        self.t.get(i).is_some_and(|t| t.flags & f != 0)
    }
    fn glued(&self, i: usize) -> bool {
        self.flag(i, GLUED)
    }
    /// Skips a hyphen glued between two tokens (`third-quarter`), or a space.
    fn join(&self, i: usize) -> usize {
        if self.punct(i, b'-') && self.glued(i) && self.glued(i + 1) {
            i + 1
        } else {
            i
        }
    }
    fn unit(&self, i: usize) -> Option<(Unit, bool)> {
        match self.lex(i) {
            Some(Lex::Unit(u, pl)) => Some((u, pl)),
            _ => None,
        }
    }

    /// Whether a future-tense word precedes token `i` in its sentence (a few tokens back).
    fn future_context(&self, i: usize) -> bool {
        let lo = i.saturating_sub(8);
        for j in (lo..i).rev() {
            match self.lex(j) {
                Some(Lex::Punct(b'.' | b';' | b'"')) => return false,
                Some(Lex::Kw(Kw::Will | Kw::Next | Kw::Coming)) => return true,
                _ => {}
            }
            if self.flag(j, BREAK) {
                return false;
            }
        }
        false
    }

    // ---- numbers -------------------------------------------------------------------------

    /// A cardinal: digits, number words ("twenty-one", "twenty four"), "a"/"an" (1),
    /// "a few"/"several"/"some" (unspecified), "a couple of" (2), "a dozen" (12).
    fn qty(&self, i: usize) -> R<Qty> {
        let t = self.t.get(i)?;
        match t.lex {
            Lex::Num if t.flags & (ORD | PLURAL_S) == 0 && t.digits <= 6 => {
                // Thousands separators and decimals.
                if self.punct(i + 1, b',') && self.glued(i + 1) && self.lex(i + 2) == Some(Lex::Num) && self.glued(i + 2) {
                    return None;
                }
                if self.punct(i + 1, b'.') && self.glued(i + 1) && self.glued(i + 2) {
                    let f = self.t.get(i + 2)?;
                    if f.lex == Lex::Num && f.digits <= 3 {
                        let v = f64::from(t.num) + f64::from(f.num) / 10f64.powi(i32::from(f.digits));
                        return Some((i + 3, Qty::N(v)));
                    }
                    return None;
                }
                // "2 1/2"
                if let (Some(a), Some(b)) = (self.t.get(i + 1), self.t.get(i + 3)) {
                    if a.lex == Lex::Num && self.punct(i + 2, b'/') && self.glued(i + 2) && self.glued(i + 3) && b.lex == Lex::Num && a.num < b.num && b.num > 0 && b.num <= 4 {
                        return Some((i + 4, Qty::N(f64::from(t.num) + f64::from(a.num) / f64::from(b.num))));
                    }
                }
                Some((i + 1, Qty::N(f64::from(t.num))))
            }
            Lex::NumWord(n) => {
                let mut v = n;
                let mut j = i + 1;
                if n >= 20 && n % 10 == 0 {
                    let k = self.join(j);
                    if let Some(Lex::NumWord(u)) = self.lex(k) {
                        if u < 10 {
                            v += u;
                            j = k + 1;
                        }
                    }
                }
                if self.kw(j, Kw::Hundred) {
                    v *= 100;
                    j += 1;
                }
                Some((j, Qty::N(f64::from(v))))
            }
            Lex::Kw(Kw::A) => {
                if self.kw(i + 1, Kw::Few) {
                    return Some((i + 2, Qty::X));
                }
                if self.kw(i + 1, Kw::Couple) && self.kw(i + 2, Kw::Of) {
                    return Some((i + 3, Qty::N(2.0)));
                }
                if self.kw(i + 1, Kw::Dozen) {
                    return Some((i + 2, Qty::N(12.0)));
                }
                Some((i + 1, Qty::N(1.0)))
            }
            Lex::Kw(Kw::Several | Kw::Few | Kw::Many | Kw::SomeQ) => Some((i + 1, Qty::X)),
            Lex::Kw(Kw::Dozen) => Some((i + 1, Qty::N(12.0))),
            _ => None,
        }
    }

    /// A day of the month: 1..=31 as digits ("5", "5th") or ordinal words ("fifth",
    /// "twenty-first").
    fn day(&self, i: usize) -> R<u8> {
        let t = self.t.get(i)?;
        match t.lex {
            Lex::Num if t.digits <= 2 && (1..=31).contains(&t.num) && t.flags & PLURAL_S == 0 => {
                // Not a clock time ("10:30") or a decimal ("5.5").
                if (self.punct(i + 1, b':') || self.punct(i + 1, b'.')) && self.glued(i + 1) && self.lex(i + 2) == Some(Lex::Num) && self.glued(i + 2) {
                    return None;
                }
                Some((i + 1, t.num as u8))
            }
            Lex::Ord(n) if (1..=31).contains(&n) => Some((i + 1, n as u8)),
            Lex::NumWord(n @ (20 | 30)) => {
                let k = self.join(i + 1);
                match self.lex(k) {
                    Some(Lex::Ord(u)) if u < 10 && n + u <= 31 => Some((k + 1, (n + u) as u8)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A four-digit year (1000..=2999), or `'98`.
    fn year(&self, i: usize) -> R<i32> {
        let t = self.t.get(i)?;
        if t.lex == Lex::Num && t.digits == 4 && t.flags & (ORD | PLURAL_S) == 0 && (1000..=2999).contains(&t.num) {
            // Not part of a longer number ("1998.5", "2,000" are excluded by the caller's
            // context; here only a glued continuation is rejected).
            if (self.punct(i + 1, b',') || self.punct(i + 1, b'.')) && self.glued(i + 1) && self.lex(i + 2) == Some(Lex::Num) && self.glued(i + 2) {
                return None;
            }
            return Some((i + 1, t.num as i32));
        }
        if t.lex == Lex::Punct(b'\'') {
            let n = self.t.get(i + 1)?;
            if n.lex == Lex::Num && n.digits == 2 && n.flags & GLUED != 0 && n.flags & (ORD | PLURAL_S) == 0 {
                let y = if n.num > 30 { 1900 + n.num } else { 2000 + n.num };
                return Some((i + 2, y as i32));
            }
        }
        None
    }

    /// A year in words: "nineteen ninety-six", "two thousand", "two thousand and one".
    fn year_words(&self, i: usize) -> R<i32> {
        match self.lex(i)? {
            Lex::NumWord(c @ (10..=19)) => {
                let (j, rest) = match self.qty(i + 1) {
                    Some((j, Qty::N(v))) if (10.0..100.0).contains(&v) && matches!(self.lex(i + 1), Some(Lex::NumWord(_))) => (j, v as i32),
                    _ => return None,
                };
                Some((j, c as i32 * 100 + rest))
            }
            Lex::NumWord(2) if self.kw(i + 1, Kw::Thousand) => {
                let j = if self.kw(i + 2, Kw::And) { i + 3 } else { i + 2 };
                match self.lex(j) {
                    Some(Lex::NumWord(_)) => match self.qty(j) {
                        Some((k, Qty::N(v))) if v < 100.0 => Some((k, 2000 + v as i32)),
                        _ => Some((i + 2, 2000)),
                    },
                    _ => Some((i + 2, 2000)),
                }
            }
            _ => None,
        }
    }

    /// A month name, with the dot of an abbreviation ("Sept.").
    fn month(&self, i: usize) -> R<u8> {
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

    fn weekday(&self, i: usize) -> R<u8> {
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
    fn pod_after(&self, i: usize) -> R<Pod> {
        if let Some(Lex::Pod(p)) = self.lex(i) {
            return Some((i + 1, p));
        }
        None
    }

    // ---- clock times ---------------------------------------------------------------------

    /// "10:30", "10:30 a.m.", "3 p.m.", "noon", "midnight", "10 o'clock", "4 in the morning",
    /// with an optional time zone (EST, GMT...).
    fn clock(&self, i: usize) -> R<(u8, u8)> {
        let t = self.t.get(i)?;
        match t.lex {
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
    fn ampm(&self, i: usize) -> R<bool> {
        match self.lex(i) {
            Some(Lex::Kw(Kw::Am)) => Some((self.dot(i + 1), false)),
            Some(Lex::Kw(Kw::Pm)) => Some((self.dot(i + 1), true)),
            Some(Lex::Kw(Kw::A)) | Some(Lex::Word) => {
                let t = self.t.get(i)?;
                if t.end - t.start != 1 || !self.punct(i + 1, b'.') || !self.glued(i + 1) || !self.glued(i + 2) {
                    return None;
                }
                let m = self.t.get(i + 2)?;
                if m.end - m.start != 1 || m.lex != Lex::Word {
                    return None;
                }
                // The letters themselves are checked through the lexicon: "a" is Kw::A,
                // "p" and "m" are plain words; the caller's digit context makes this safe.
                let pm = t.lex == Lex::Word;
                Some((self.dot(i + 3), pm))
            }
            _ => None,
        }
    }

    fn dot(&self, i: usize) -> usize {
        if self.punct(i, b'.') && self.glued(i) {
            i + 1
        } else {
            i
        }
    }

    fn zone(&self, i: usize) -> usize {
        if self.kw(i, Kw::Zone) && self.flag(i, CAP) {
            i + 1
        } else {
            i
        }
    }

    // ---- calendar dates --------------------------------------------------------------------

    /// The core of a calendar expression: weekday / month / day / year / numeric forms.
    fn calendar(&self, i: usize) -> R<Point> {
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
            if let Some((j2, y)) = self.year(j) {
                return Some((j2, Point { year: Some(y), season: Some(s), ..Point::default() }));
            }
        }
        None
    }

    /// An optional ", 2022" / " 2022" after a month and day.
    fn opt_year(&self, j: usize) -> (usize, Option<i32>) {
        let k = if self.punct(j, b',') { j + 1 } else { j };
        match self.year(k) {
            Some((k2, y)) if !self.punct(k2, b'%') => (k2, Some(y)),
            _ => (j, None),
        }
    }

    /// "January 5", "Jan. 5, 2022", "5 January 2022", "January 2022", "January of 2022",
    /// "January" alone (when the context makes it a month).
    fn month_day(&self, i: usize) -> R<Point> {
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
    fn year_offset_word(&self, i: usize) -> Option<i8> {
        match self.kw_of(i)? {
            Kw::Last => Some(-1),
            Kw::This => Some(0),
            Kw::Next => Some(1),
            _ => None,
        }
    }

    /// A month name alone is a date unless it is "May" used as a verb or a name.
    fn month_alone_ok(&self, i: usize) -> bool {
        if self.lex(i) != Some(Lex::Month(5)) && !self.flag(i, ABBR) {
            return true;
        }
        matches!(
            self.kw_of(i.wrapping_sub(1)),
            Some(Kw::In | Kw::Since | Kw::Until | Kw::By | Kw::Of | Kw::Last | Kw::Next | Kw::This | Kw::Early | Kw::Late | Kw::Mid | Kw::From | Kw::Through | Kw::Before | Kw::After | Kw::During | Kw::To)
        ) && i > 0
    }

    /// ISO `2022-01-05`, European `05.01.2022`, US `01/05/2022` and `1/5/22`.
    fn numeric_date(&self, i: usize) -> R<Point> {
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

    // ---- expressions -----------------------------------------------------------------------

    /// "12-14 February", "12 to 14 February 2031": two days of one month.
    fn day_range(&self, i: usize) -> Option<Raw> {
        let (j, d1) = self.day(i)?;
        let to = match self.lex(j)? {
            Lex::Punct(b'-') => true,
            Lex::Kw(Kw::To | Kw::Through | Kw::Until) => matches!(self.kw_of(i.wrapping_sub(1)), Some(Kw::From)),
            Lex::Kw(Kw::And) => matches!(self.kw_of(i.wrapping_sub(1)), Some(Kw::Between)),
            _ => false,
        };
        if !to {
            return None;
        }
        let (k, d2) = self.day(j + 1)?;
        let (e, m) = self.month(k)?;
        let (e, y) = self.opt_year(e);
        let begin = Point { year: y, month: Some(m), day: Some(d1), future: self.future_context(i), ..Point::default() };
        let end = Point { day: Some(d2), ..begin };
        let mut raw = Raw { s: i, e, sem: Sem::Point(begin), end_sem: Some(Sem::Point(end)), kind: Kind::Date, modifier: None, problem: None, confidence: 0.85 };
        self.check(&mut raw);
        Some(raw)
    }

    /// The longest expression starting at token `i`.
    pub fn parse_at(&self, i: usize) -> Option<Raw> {
        if let Some(raw) = self.day_range(i) {
            return Some(raw);
        }
        let (e, sem, modifier) = self.expression(i)?;
        // TimeBank leaves "about", "almost" and "over" outside the extent (the mod keeps them).
        let s = if modifier.is_some() && matches!(self.kw_of(i), Some(Kw::About | Kw::Almost | Kw::Over)) { i + 1 } else { i };
        let mut raw = Raw { s, e, kind: kind_of(&sem), confidence: confidence_of(&sem), sem, end_sem: None, modifier, problem: None };
        self.range(&mut raw);
        self.check(&mut raw);
        Some(raw)
    }

    /// Marks absurd values as problems.
    fn check(&self, raw: &mut Raw) {
        for sem in std::iter::once(&raw.sem).chain(raw.end_sem.as_ref()) {
            if let Sem::Point(p) = sem {
                if let (Some(m), Some(d)) = (p.month, p.day) {
                    let y = p.year.unwrap_or(2000);
                    if d > crate::date::days_in_month(y, m) {
                        raw.problem = Some("no such day in that month");
                    }
                }
            }
        }
    }

    /// Ranges: "January 4-7", "4-7 January", "from X to Y", "between X and Y", "1990-95".
    fn range(&self, raw: &mut Raw) {
        let Sem::Point(p) = raw.sem else { return };
        let e = raw.e;
        let dash = self.punct(e, b'-');
        let word_to = matches!(self.kw_of(e), Some(Kw::To | Kw::Through | Kw::Until))
            && matches!(self.kw_of(raw.s.wrapping_sub(1)), Some(Kw::From));
        let word_and = self.kw(e, Kw::And) && matches!(self.kw_of(raw.s.wrapping_sub(1)), Some(Kw::Between));
        if !(dash || word_to || word_and) {
            return;
        }
        let k = e + 1;
        // Full second expression.
        if let Some((k2, Sem::Point(q), _)) = self.expression(k) {
            if q.month.is_some() || q.year.is_some() || q.weekday.is_some() {
                let mut q = q;
                if q.year.is_none() && q.weekday.is_none() {
                    q.year = p.year;
                }
                raw.end_sem = Some(Sem::Point(q));
                raw.e = k2;
                return;
            }
        }
        // "January 4-7": a bare day after a month and day.
        if p.day.is_some() && p.hour.is_none() {
            if let Some((k2, d)) = self.day(k) {
                if self.month(k2).is_none() {
                    let (k3, y) = self.opt_year(k2);
                    let mut begin = p;
                    let mut end = Point { day: Some(d), ..p };
                    if y.is_some() {
                        begin.year = y;
                        end.year = y;
                    }
                    end.weekday = None;
                    raw.sem = Sem::Point(begin);
                    raw.end_sem = Some(Sem::Point(end));
                    raw.e = k3;
                    return;
                }
            }
        }
        // "1990-95", "1990-1995".
        if let (Some(y), None) = (p.year, p.month) {
            if let Some(t) = self.t.get(k) {
                if t.lex == Lex::Num && t.flags & (ORD | PLURAL_S) == 0 && (t.digits == 2 || t.digits == 4) && dash {
                    let y2 = if t.digits == 2 { y - y % 100 + t.num as i32 } else { t.num as i32 };
                    if y2 > y && y2 - y < 100 {
                        raw.end_sem = Some(Sem::Point(Point { year: Some(y2), ..Point::default() }));
                        raw.e = k + 1;
                    }
                }
            }
        }
    }

    /// Returns (end, meaning, mod).
    fn expression(&self, i: usize) -> Option<(usize, Sem, Option<&'static str>)> {
        let t = self.t.get(i)?;
        // Modifiers that keep the value: early / mid / late, the end / beginning of.
        match t.lex {
            Lex::Kw(Kw::Early | Kw::Late | Kw::Mid) => {
                let m = match t.lex {
                    Lex::Kw(Kw::Early) => "START",
                    Lex::Kw(Kw::Late) => "END",
                    _ => "MID",
                };
                let k = self.join(i + 1);
                if let Some((e, sem)) = self.base(k) {
                    if matches!(sem, Sem::Point(_) | Sem::Shift { .. } | Sem::Named { .. } | Sem::Decade(_) | Sem::Century(_)) {
                        return Some((e, sem, Some(m)));
                    }
                }
                return None;
            }
            Lex::Kw(Kw::Earlier | Kw::Later) => {
                if matches!(self.kw_of(i + 1), Some(Kw::This | Kw::Last | Kw::Next)) {
                    let (e, sem) = self.base(i + 1)?;
                    return Some((e, sem, None));
                }
            }
            Lex::Kw(Kw::The) => {
                let m = match self.kw_of(i + 1) {
                    Some(Kw::End) => Some("END"),
                    Some(Kw::Beginning | Kw::Start) => Some("START"),
                    Some(Kw::Middle) => Some("MID"),
                    Some(Kw::Early | Kw::Late | Kw::Mid) => {
                        // "the late 1970s", "the mid-1980s"
                        let m = match self.kw_of(i + 1) {
                            Some(Kw::Early) => "START",
                            Some(Kw::Late) => "END",
                            _ => "MID",
                        };
                        let k = self.join(i + 2);
                        if let Some((e, sem @ (Sem::Decade(_) | Sem::Century(_)))) = self.base(k) {
                            return Some((e, sem, Some(m)));
                        }
                        None
                    }
                    _ => None,
                };
                if let Some(m) = m {
                    if self.kw(i + 2, Kw::Of) {
                        let k = i + 3;
                        // "the end of the year" = this year.
                        if self.kw(k, Kw::The) {
                            if let Some((u, false)) = self.unit(k + 1) {
                                if matches!(u, Unit::Year | Unit::Month | Unit::Week | Unit::Quarter | Unit::Decade | Unit::Century) {
                                    return Some((k + 2, Sem::Shift { unit: u, n: 0, base: Base::Dct, pod: None, fine: false }, Some(m)));
                                }
                            }
                        }
                        if let Some((e, sem)) = self.base(k) {
                            if matches!(sem, Sem::Point(_) | Sem::Shift { .. } | Sem::Named { .. } | Sem::Decade(_) | Sem::Century(_)) {
                                return Some((e, sem, Some(m)));
                            }
                        }
                    }
                }
            }
            Lex::Kw(k @ (Kw::About | Kw::Around | Kw::Nearly | Kw::Almost | Kw::Approximately | Kw::Roughly | Kw::SomeQ | Kw::Over | Kw::Under | Kw::More | Kw::Less | Kw::At | Kw::Up)) => {
                let (start, m) = match k {
                    Kw::More if self.kw(i + 1, Kw::Than) => (i + 2, "MORE_THAN"),
                    Kw::Less if self.kw(i + 1, Kw::Than) => (i + 2, "LESS_THAN"),
                    Kw::At if self.kw(i + 1, Kw::Least) => (i + 2, "EQUAL_OR_MORE"),
                    Kw::Up if self.kw(i + 1, Kw::To) => (i + 2, "EQUAL_OR_LESS"),
                    Kw::Over => (i + 1, "MORE_THAN"),
                    Kw::Under => (i + 1, "LESS_THAN"),
                    Kw::Nearly | Kw::Almost => (i + 1, "LESS_THAN"),
                    Kw::About | Kw::Around | Kw::Approximately | Kw::Roughly | Kw::SomeQ => (i + 1, "APPROX"),
                    _ => return self.base(i).map(|(e, s)| (e, s, None)),
                };
                if let Some((e, sem)) = self.base(start) {
                    let numeric = self.qty(start).is_some_and(|(_, q)| q != Qty::X) || self.clock(start).is_some();
                    if numeric && matches!(sem, Sem::Duration { .. } | Sem::Shift { .. } | Sem::Point(_)) {
                        return Some((e, sem, Some(m)));
                    }
                }
                if k == Kw::SomeQ {
                    return None;
                }
            }
            _ => {}
        }
        self.base(i).map(|(e, s)| (e, s, None))
    }

    /// An expression without a leading modifier.
    fn base(&self, i: usize) -> R<Sem> {
        let t = self.t.get(i)?;
        match t.lex {
            Lex::Kw(k) => self.keyword_led(i, k),
            Lex::Num => self.number_led(i),
            Lex::NumWord(_) => match self.year_words(i) {
                Some((e, y)) => Some((e, Sem::Point(Point { year: Some(y), ..Point::default() }))),
                None => match self.calendar(i) {
                    Some((e, p)) => Some((e, Sem::Point(p))),
                    None => self.quantity_led(i),
                },
            },
            Lex::Month(_) | Lex::Weekday(_) => self.calendar_led(i),
            Lex::Ord(_) => self.ordinal_led(i),
            Lex::Unit(u, true) => self.bare_plural(i, u),
            Lex::Unit(Unit::Year, false) => {
                // "year-earlier", "year-ago", "year-end"
                let k = self.join(i + 1);
                // "year end", "year's end"
                let k2 = if self.punct(i + 1, b'\'') && self.glued(i + 1) && self.glued(i + 2) { i + 3 } else { i + 1 };
                if self.kw(k2, Kw::End) && matches!(self.kw_of(i.wrapping_sub(1)), Some(Kw::By | Kw::At | Kw::The | Kw::Before | Kw::Until)) {
                    return Some((k2 + 1, Sem::Shift { unit: Unit::Year, n: 0, base: Base::Dct, pod: None, fine: false }));
                }
                if k > i + 1 {
                    match self.kw_of(k) {
                        Some(Kw::Earlier | Kw::Ago) => {
                            // "year-earlier", "the year-ago quarter", "year-ago third quarter"
                            let mut e = k + 1;
                            if matches!(self.lex(e), Some(Lex::Ord(1..=4))) && self.unit(e + 1) == Some((Unit::Quarter, false)) {
                                e += 2;
                            } else if self.unit(e) == Some((Unit::Quarter, false)) || self.kw(e, Kw::Period) {
                                e += 1;
                            }
                            return Some((e, Sem::Shift { unit: Unit::Year, n: -1, base: Base::Narrative, pod: None, fine: true }));
                        }
                        Some(Kw::End) => return Some((k + 1, Sem::Shift { unit: Unit::Year, n: 0, base: Base::Dct, pod: None, fine: false })),
                        _ => {}
                    }
                }
                None
            }
            Lex::Season(_) => {
                self.calendar(i).map(|(e, p)| (e, Sem::Point(p)))
            }
            Lex::DecadeWord(d) => Some((i + 1, Sem::Decade(190 + i32::from(d)))),
            Lex::Pod(Pod::Midday) => Some((i + 1, Sem::Point(Point { hour: Some(12), minute: Some(0), ..Point::default() }))),
            Lex::Punct(b'\'') => {
                // '90s
                let n = self.t.get(i + 1)?;
                if n.lex == Lex::Num && n.digits == 2 && n.flags & PLURAL_S != 0 && n.num % 10 == 0 && n.flags & GLUED != 0 {
                    return Some((i + 2, Sem::Decade(190 + n.num as i32 / 10)));
                }
                None
            }
            _ => None,
        }
    }

    fn calendar_led(&self, i: usize) -> R<Sem> {
        let (e, p) = self.calendar(i)?;
        Some((e, Sem::Point(Point { future: self.future_context(i), ..p })))
    }

    /// Expressions starting with digits: dates, years, decades, clock times, durations,
    /// "2 days ago".
    fn number_led(&self, i: usize) -> R<Sem> {
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
            p.future = self.future_context(i);
            return Some((e, Sem::Point(p)));
        }
        if let Some((e, p)) = self.calendar(i) {
            return Some((e, Sem::Point(Point { future: self.future_context(i), ..p })));
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
    fn year_alone_ok(&self, i: usize, e: usize) -> bool {
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
                // number makes it a count, unless a preposition precedes ("in 1990 sales").
                let prev = self.kw_of(i.wrapping_sub(1));
                let preposition = matches!(prev, Some(Kw::In | Kw::Since | Kw::Of | Kw::By | Kw::Until | Kw::From | Kw::Through | Kw::Before | Kw::After | Kw::During | Kw::Fiscal | Kw::To));
                if self.flag(e, ENDS_S) && !preposition {
                    return false;
                }
            }
            _ => {}
        }
        true
    }

    /// "yesterday" (-1), "today" (0), "tomorrow" (1).
    fn day_word(&self, i: usize) -> R<i64> {
        match self.kw_of(i) {
            Some(Kw::Yesterday) => Some((i + 1, -1)),
            Some(Kw::Today) => Some((i + 1, 0)),
            Some(Kw::Tomorrow) => Some((i + 1, 1)),
            _ => None,
        }
    }

    /// "fifth of January", "first quarter", "first half of 1990", "twentieth century".
    fn ordinal_led(&self, i: usize) -> R<Sem> {
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
    fn part_of_year(&self, i: usize) -> R<Sem> {
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

    /// "two years", "two-year", "3 days ago", "five years earlier", "2 1/2 years".
    fn quantity_led(&self, i: usize) -> R<Sem> {
        let (j, q) = self.qty(i)?;
        let mut q = q;
        let mut j = j;
        // "one and a half years"
        if self.kw(j, Kw::And) && self.kw(j + 1, Kw::A) && self.kw(j + 2, Kw::Half) {
            if let Qty::N(v) = q {
                q = Qty::N(v + 0.5);
                j += 3;
            }
        }
        // "two more weeks"
        if self.kw(j, Kw::More) && matches!(q, Qty::N(_)) && matches!(self.lex(j + 1), Some(Lex::Unit(..))) {
            j += 1;
        }
        let k = self.join(j);
        let hyphenated = k > j;
        let (unit, plural) = self.unit(k)?;
        // "60 Minutes" is a title, not a duration.
        if self.flag(k, CAP) && self.lex(k - 1) == Some(Lex::Num) {
            return None;
        }
        let mut e = k + 1;
        if matches!(self.lex(i), Some(Lex::Kw(Kw::A))) && plural && q == Qty::N(1.0) {
            return None;
        }
        // "year-earlier", "year-ago" after "a" are adjectives read on their own; ages
        // ("6-year-old") are not durations of interest.
        let after = self.join(e);
        if after > e && (self.kw(after, Kw::Old) || (q == Qty::N(1.0) && matches!(self.kw_of(after), Some(Kw::Earlier | Kw::Ago | Kw::End)))) {
            return None;
        }
        // "a year and a half"
        if self.kw(e, Kw::And) && self.kw(e + 1, Kw::A) && self.kw(e + 2, Kw::Half) {
            if let Qty::N(v) = q {
                q = Qty::N(v + 0.5);
                e += 3;
            }
        }
        // Relative: "ago", "earlier", "later", "before", "after", "from now".
        let n = match q {
            Qty::N(v) if v.fract() == 0.0 => Some(v as i64),
            _ => None,
        };
        let dir = match self.kw_of(e) {
            Some(Kw::Ago) => Some((-1, Base::Dct, 1)),
            Some(Kw::Earlier | Kw::Before) if !hyphenated => Some((-1, Base::Narrative, 1)),
            Some(Kw::Later | Kw::After) if !hyphenated => Some((1, Base::Narrative, 1)),
            Some(Kw::Prior) if self.kw(e + 1, Kw::To) => None,
            Some(Kw::From) if self.kw(e + 1, Kw::Now) => Some((1, Base::Dct, 2)),
            Some(Kw::Hence) => Some((1, Base::Dct, 1)),
            _ => None,
        };
        // "three-quarters", "a quarter of the votes": fractions, not periods.
        if unit == Unit::Quarter && (plural && hyphenated || self.kw(e, Kw::Of)) {
            return None;
        }
        if dir.is_some() && unit <= Unit::Hour {
            // "an hour later": TimeML tags the duration; its clock value is unknown.
            return Some((e, Sem::Duration { n: q, unit }));
        }
        if let Some((sign, base, len)) = dir {
            // "before" / "after" followed by a noun phrase is a signal, not a shift: "two days
            // before the vote" is a duration and a signal.
            let signal = matches!(self.kw_of(e), Some(Kw::Before | Kw::After)) && !self.ends_clause(e + 1);
            if !signal {
                let sem = match n {
                    Some(n) => Sem::Shift { unit, n: sign * n, base, pod: None, fine: true },
                    None => Sem::Ref(if sign < 0 { "PAST_REF" } else { "FUTURE_REF" }),
                };
                return Some((e + len, sem));
            }
        }
        if unit == Unit::Weekend {
            return None;
        }
        Some((e, Sem::Duration { n: q, unit }))
    }

    fn ends_clause(&self, i: usize) -> bool {
        matches!(self.lex(i), None | Some(Lex::Punct(_)) | Some(Lex::Kw(Kw::And | Kw::Or | Kw::But)))
    }

    /// "years", "months", "weeks", "days" alone: an unspecified duration, after "for"/"in"/
    /// "within"/"over" or before "of" ("years of war").
    fn bare_plural(&self, i: usize, unit: Unit) -> R<Sem> {
        let prev = self.kw_of(i.wrapping_sub(1));
        if i > 0 && matches!(prev, Some(Kw::For | Kw::In | Kw::Over)) {
            if matches!(self.kw_of(i + 1), Some(Kw::Ago)) {
                return Some((i + 2, Sem::Ref("PAST_REF")));
            }
            if matches!(unit, Unit::Year | Unit::Month | Unit::Week | Unit::Day | Unit::Decade | Unit::Century | Unit::Hour) {
                return Some((i + 1, Sem::Duration { n: Qty::X, unit }));
            }
        }
        None
    }

    fn keyword_led(&self, i: usize, k: Kw) -> R<Sem> {
        use Kw::*;
        match k {
            Today | Yesterday | Tomorrow => {
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
            Overnight => Some((i + 1, Sem::Shift { unit: Unit::Day, n: 0, base: Base::Dct, pod: Some(Pod::Night), fine: false })),
            Now => {
                // "Now, ..." opening a sentence is a discourse marker, not a time.
                if self.flag(i, CAP) && self.punct(i + 1, b',') {
                    return None;
                }
                Some((i + 1, Sem::Ref("PRESENT_REF")))
            }
            Christmas => {
                let (e, day) = if self.kw(i + 1, Eve) { (i + 2, 24) } else if self.unit(i + 1) == Some((Unit::Day, false)) { (i + 2, 25) } else { (i + 1, 25) };
                Some((e, Sem::Point(Point { month: Some(12), day: Some(day), future: self.future_context(i), ..Point::default() })))
            }
            New if self.unit(i + 1) == Some((Unit::Year, false)) && self.punct(i + 2, b'\'') && self.glued(i + 2) => {
                // "New Year's Day", "New Year's Eve" (the apostrophe and s are tokens)
                let j = i + 4;
                let (e, m, d) = if self.kw(j, Eve) { (j + 1, 12, 31) } else if self.unit(j) == Some((Unit::Day, false)) { (j + 1, 1, 1) } else { return None };
                Some((e, Sem::Point(Point { month: Some(m), day: Some(d), future: self.future_context(i), ..Point::default() })))
            }
            Thanksgiving => {
                let e = if self.unit(i + 1) == Some((Unit::Day, false)) { i + 2 } else { i + 1 };
                Some((e, Sem::Point(Point { month: Some(11), thanksgiving: true, future: self.future_context(i), ..Point::default() })))
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
            Formerly | Once | Ever => None,
            These => {
                if self.unit(i + 1) == Some((Unit::Day, true)) {
                    return Some((i + 2, Sem::Ref("PRESENT_REF")));
                }
                None
            }
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
            Fiscal => {
                let (e, y) = self.year(i + 1)?;
                Some((e, Sem::Point(Point { year: Some(y), ..Point::default() })))
            }
            Noon | Midnight => self.number_led(i),
            A | Several | Few | SomeQ | Many | Dozen => self.quantity_led(i),
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
    fn the_led(&self, i: usize) -> R<Sem> {
        use Kw::*;
        let j = i + 1;
        match self.lex(j)? {
            Lex::Kw(Future) => Some((j + 1, Sem::Ref("FUTURE_REF"))),
            Lex::Kw(Full | Whole | Entire | Fiscal | Current) if self.unit(j + 1) == Some((Unit::Year, false)) => {
                Some((j + 2, Sem::Shift { unit: Unit::Year, n: 0, base: Base::Dct, pod: None, fine: false }))
            }
            Lex::Kw(Near) if self.kw(j + 1, Future) => Some((j + 2, Sem::Ref("FUTURE_REF"))),
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
                    if self.kw(m, Period) {
                        return Some((m + 1, Sem::ReportQuarter));
                    }
                    if let Some((u, false)) = self.unit(m) {
                        if u == Unit::Quarter {
                            return Some((m + 1, Sem::ReportQuarter));
                        }
                        return Some((m + 1, Sem::Shift { unit: u, n: 0, base: Base::Dct, pod: None, fine: false }));
                    }
                    return None;
                }
                self.relative(j, k, true)
            }
            Lex::Unit(Unit::Year, false) if self.join(j + 1) > j + 1 => self.base(j),
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
                match u {
                    Unit::Quarter => Some((j + 1, Sem::ReportQuarter)),
                    Unit::Weekend => Some((j + 1, Sem::Named { what: Named::Weekend, dir: 0, pod: None })),
                    // "for the year", "earnings in the year": TimeBank reads a span of a year.
                    Unit::Year => Some((j + 1, Sem::Duration { n: Qty::N(1.0), unit: u })),
                    Unit::Week | Unit::Month => Some((j + 1, Sem::Shift { unit: u, n: 0, base: Base::Dct, pod: None, fine: false })),
                    _ => None,
                }
            }
            Lex::Season(s) => {
                if let Some(r) = self.calendar(i) {
                    return Some((r.0, Sem::Point(r.1)));
                }
                Some((j + 1, Sem::Named { what: Named::Season(s), dir: 0, pod: None }))
            }
            Lex::DecadeWord(_) => self.base(j),
            Lex::Num | Lex::Punct(b'\'') => {
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
    fn relative(&self, i: usize, k: Kw, with_the: bool) -> R<Sem> {
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
                if anaphoric {
                    return None;
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
                Some((e, Sem::Named { what: Named::Month(m), dir, pod: None }))
            }
            Lex::Season(s) => Some((j + 1, Sem::Named { what: Named::Season(s), dir, pod: None })),
            Lex::Kw(Fiscal) => {
                let (u, false) = self.unit(j + 1)? else { return None };
                Some((j + 2, Sem::Shift { unit: u, n: i64::from(dir), base: Base::Dct, pod: None, fine: false }))
            }
            _ => None,
        }
    }

    /// "every day", "each year", "every Monday", "every other week".
    fn set(&self, i: usize) -> R<Sem> {
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
            _ => None,
        }
    }
}

/// A TimeML duration value: `P3D`, `PT5H`, `P2Y`, `P18M` for one and a half years.
pub fn duration_value(n: f64, unit: Unit) -> String {
    // (designator, whether it is a time unit, the next smaller unit and how many make one).
    let (n, code, time, smaller) = match unit {
        Unit::Second => (n, "S", true, None),
        Unit::Minute => (n, "M", true, Some(("S", true, 60.0))),
        Unit::Hour => (n, "H", true, Some(("M", true, 60.0))),
        Unit::Day => (n, "D", false, Some(("H", true, 24.0))),
        Unit::Weekend => (n * 2.0, "D", false, Some(("H", true, 24.0))),
        Unit::Week => (n, "W", false, Some(("D", false, 7.0))),
        Unit::Month => (n, "M", false, Some(("D", false, 30.0))),
        Unit::Quarter => (n, "Q", false, Some(("M", false, 3.0))),
        Unit::Year => (n, "Y", false, Some(("M", false, 12.0))),
        Unit::Decade => (n * 10.0, "Y", false, Some(("M", false, 12.0))),
        Unit::Century => (n * 100.0, "Y", false, Some(("M", false, 12.0))),
    };
    let whole = n.trunc();
    let part = |code: &str, time: bool, v: f64, first: bool| -> String {
        let t = if time && first { "T" } else { "" };
        if v.fract() == 0.0 {
            format!("{t}{}{code}", v as i64)
        } else {
            format!("{t}{v}{code}")
        }
    };
    let mut out = String::from("P");
    match smaller {
        // "two and a half years" = P2Y6M, "a minute and a half" = PT1M30S.
        Some((small, small_time, k)) if n.fract() != 0.0 && (n.fract() * k).fract().abs() < 1e-9 => {
            if whole > 0.0 {
                out += &part(code, time, whole, true);
            }
            out += &part(small, small_time, n.fract() * k, !(time && whole > 0.0) && small_time);
        }
        _ => out += &part(code, time, n, true),
    }
    out
}

/// A TimeML duration value with an unspecified number: `PXY`, `PTXH`.
pub fn duration_x(unit: Unit) -> String {
    match unit {
        Unit::Second => "PTXS",
        Unit::Minute => "PTXM",
        Unit::Hour => "PTXH",
        Unit::Day | Unit::Weekend => "PXD",
        Unit::Week => "PXW",
        Unit::Month => "PXM",
        Unit::Quarter => "PXQ",
        Unit::Year | Unit::Decade => "PXY",
        Unit::Century => "PXC",
    }
    .to_string()
}
