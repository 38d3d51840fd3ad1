//! The grammar of English temporal expressions over tokens: recognises the longest
//! expression starting at a token and returns its extent and meaning ([`Sem`]).
//!
//! Each `fn` below reads one family of expressions and returns the index of the first token
//! after it; none of them allocates unless it succeeds, and all look at a bounded number of
//! tokens, so tagging is linear in the text.

use crate::sem::{Base, Point, Qty, Sem};
use crate::token::{Kw, Lex, Pod, Tok, Unit, ABBR, BREAK, CAP, CUE_BE, CUE_BE_NOW, CUE_FUTURE, CUE_PAST, CUE_PLAN, GLUED, ORD, PLURAL_S};
use crate::Kind;

mod calendar;
mod duration;
mod numbers;
mod relative;

pub use duration::{duration_value, duration_x};

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
    /// For a range written with words ("from 1994 to 1997", "between X and Y"): the end of
    /// the first expression and the start of the second, which TimeML tags apart.
    pub split: Option<(usize, usize)>,
    /// The two expressions of `split` are coordinated days ("April 24 and 25"), not a range.
    pub coordinated: bool,
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
        Sem::WeekdayFrom { .. } => 0.7,
        Sem::Ref(_) => 0.6,
        Sem::Duration { n: Qty::N(_), .. } => 0.85,
        Sem::Duration { .. } => 0.6,
        Sem::Set(_) => 0.75,
        Sem::ReportQuarter { .. } | Sem::YearAgo { .. } => 0.6,
        Sem::WeekOf(_) => 0.85,
        Sem::QuarterOf { .. } => 0.7,
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

    /// Whether token `j` ends a sentence: `?`, `!`, `;`, or a full stop that does not follow
    /// an abbreviation ("Jan.", "U.S.", "Mr.", "Gen.", "vs.") and is not followed by a
    /// lower-case word or a comma ("Birmingham, Ala., killed").
    fn sentence_end(&self, j: usize) -> bool {
        match self.lex(j) {
            Some(Lex::Punct(b'?' | b'!' | b';')) => true,
            Some(Lex::Punct(b'.')) => {
                let Some(prev) = j.checked_sub(1).and_then(|p| self.t.get(p)) else { return true };
                let short_cap = prev.lex == Lex::Word && prev.flags & CAP != 0 && prev.end - prev.start <= 2;
                let continued = self.t.get(j + 1).is_some_and(|n| match n.lex {
                    Lex::Punct(c) => c == b',',
                    Lex::Num => false,
                    _ => n.flags & CAP == 0,
                });
                prev.flags & ABBR == 0 && !short_cap && !continued
            }
            _ => false,
        }
    }

    fn cue_at(&self, j: usize) -> u8 {
        self.t.get(j).map_or(0, |t| t.cue)
    }

    /// The tense cue of token `j`, if any: a participle after "be" ("will be named") has
    /// none, the auxiliary before it tells the tense; "is to" + verb is a future.
    fn cue(&self, j: usize) -> u8 {
        let prev = if j > 0 { self.cue_at(j - 1) } else { 0 };
        match self.cue_at(j) {
            CUE_BE | CUE_BE_NOW => 0,
            CUE_PAST if matches!(prev, CUE_BE | CUE_BE_NOW) => 0,
            CUE_PLAN => {
                // "was scheduled", "had been expected": a plan made in the past.
                let prev2 = if j > 1 { self.cue_at(j - 2) } else { 0 };
                if prev == CUE_PAST || (prev == CUE_BE && prev2 == CUE_PAST) {
                    CUE_PAST
                } else if matches!(prev, CUE_BE | CUE_BE_NOW) || matches!(self.kw_of(j + 1), Some(Kw::To | Kw::For)) {
                    CUE_FUTURE
                } else {
                    0
                }
            }
            0 if prev == CUE_BE_NOW && self.kw(j, Kw::To) => CUE_FUTURE,
            c => c,
        }
    }

    /// The tense of the sentence around tokens `i..e`, as HeidelTime reads it from
    /// part-of-speech tags, here from cue words: the nearest cue before the expression in its
    /// sentence, else the first one after it. Returns (future, past); both false when the
    /// sentence gives no cue. Looks at most 40 tokens each way.
    pub(super) fn tense(&self, i: usize, e: usize) -> (bool, bool) {
        let as_pair = |c: u8| (c == CUE_FUTURE, c == CUE_PAST);
        for j in (i.saturating_sub(40)..i).rev() {
            if self.sentence_end(j) {
                break;
            }
            let c = self.cue(j);
            if c != 0 {
                return as_pair(c);
            }
            if self.flag(j, BREAK) {
                break;
            }
        }
        for j in e..e.saturating_add(40).min(self.t.len()) {
            if self.sentence_end(j) || (j > e && self.flag(j, BREAK)) {
                break;
            }
            let c = self.cue(j);
            if c != 0 {
                return as_pair(c);
            }
        }
        (false, false)
    }

    /// `p` with the tense of the sentence around tokens `i..e`.
    /// "since" right before the expression marks it as past for sure ("since March").
    pub(super) fn with_tense(&self, p: Point, i: usize, e: usize) -> Point {
        if self.kw(i.wrapping_sub(1), Kw::Since) {
            return Point { future: false, past: true, ..p };
        }
        let (future, past_tense) = self.tense(i, e);
        // A deadline ("by February", "through January") is not dated by the verb's tense.
        let deadline = matches!(self.kw_of(i.wrapping_sub(1)), Some(Kw::By | Kw::Through | Kw::Until));
        Point { future, past: false, past_tense: past_tense && !deadline, ..p }
    }

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
        let begin = self.with_tense(Point { year: y, month: Some(m), day: Some(d1), ..Point::default() }, i, e);
        let end = Point { day: Some(d2), ..begin };
        let mut raw = Raw { s: i, e, sem: Sem::Point(begin), end_sem: Some(Sem::Point(end)), kind: Kind::Date, modifier: None, problem: None, confidence: 0.85, split: None, coordinated: false };
        self.check(&mut raw);
        Some(raw)
    }

    /// The longest expression starting at token `i`.
    pub fn parse_at(&self, i: usize) -> Option<Raw> {
        if let Some(raw) = self.day_range(i) {
            return Some(raw);
        }
        let (mut e, sem, mut modifier) = self.expression(i)?;
        // "the next year or so": the approximation is part of the expression.
        if self.kw(e, Kw::Or) && self.kw(e + 1, Kw::So) && matches!(self.lex(e.wrapping_sub(1)), Some(Lex::Unit(..))) {
            e += 2;
            modifier = modifier.or(Some("APPROX"));
        }
        // TimeBank leaves "about", "almost" and "over" outside the extent (the mod keeps them).
        let s = if modifier.is_some() && matches!(self.kw_of(i), Some(Kw::About | Kw::Almost)) { i + 1 } else { i };
        let mut raw = Raw { s, e, kind: kind_of(&sem), confidence: confidence_of(&sem), sem, end_sem: None, modifier, problem: None, split: None, coordinated: false };
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
        // "April 24 and 25": a second day of the same month, tagged apart (not "March 5 and
        // 6 people", not "May 2 and 3 p.m.").
        if !word_and && p.month.is_some() && p.hour.is_none() && p.weekday.is_none() && matches!(self.kw_of(e), Some(Kw::And | Kw::Or)) && self.lex(e + 1) == Some(Lex::Num) {
            if let (Some(d1), Some((k2, d2))) = (p.day, self.day(e + 1)) {
                let alone = !matches!(self.lex(k2), Some(Lex::Word | Lex::Unit(..) | Lex::Num | Lex::NumWord(_) | Lex::Month(_) | Lex::Kw(Kw::Am | Kw::Pm | Kw::A | Kw::LetterP)));
                if alone && d2 > d1 {
                    let (k3, y) = self.opt_year(k2);
                    let year = y.or(p.year);
                    raw.sem = Sem::Point(Point { year, ..p });
                    raw.end_sem = Some(Sem::Point(Point { year, day: Some(d2), ..p }));
                    raw.split = Some((e, e + 1));
                    raw.coordinated = true;
                    raw.e = k3;
                    return;
                }
            }
        }
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
                if word_to || word_and {
                    raw.split = Some((e, k));
                }
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
                // "mid afternoon": that part of the day in the story.
                if let Some(Lex::Pod(p @ (Pod::Morning | Pod::Afternoon | Pod::Evening))) = self.lex(k) {
                    // "mid-afternoon yesterday"
                    if let Some((e, off)) = self.day_word(k + 1) {
                        return Some((e, Sem::Shift { unit: Unit::Day, n: off, base: Base::Dct, pod: Some(p), fine: false }, Some(m)));
                    }
                    return Some((k + 1, Sem::Shift { unit: Unit::Day, n: 0, base: Base::Narrative, pod: Some(p), fine: false }, Some(m)));
                }
                if let Some((e, sem)) = self.base(k) {
                    if matches!(sem, Sem::Point(_) | Sem::Shift { .. } | Sem::Named { .. } | Sem::Decade(_) | Sem::Century(_)) {
                        return Some((e, sem, Some(m)));
                    }
                }
                return None;
            }
            Lex::Kw(Kw::Earlier | Kw::Later) => {
                // "earlier this year", "Earlier Sunday", "later yesterday"
                if matches!(self.lex(i + 1), Some(Lex::Kw(Kw::This | Kw::Last | Kw::Next | Kw::Today | Kw::Yesterday | Kw::Tomorrow | Kw::That) | Lex::Weekday(_))) {
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
                        // "the early summer"
                        if let Some(Lex::Season(s)) = self.lex(k) {
                            return Some((k + 1, Sem::Named { what: crate::sem::Named::Season(s), dir: 0, pod: None }, Some(m)));
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
                // "two thousand years" is a quantity of years, not the year 2000.
                Some((e, _)) if matches!(self.lex(e), Some(Lex::Unit(..))) => self.quantity_led(i),
                Some((e, y)) => Some((e, Sem::Point(Point { year: Some(y), ..Point::default() }))),
                None => match self.calendar(i) {
                    Some((e, p)) => Some((e, Sem::Point(p))),
                    None => self.quantity_led(i),
                },
            },
            Lex::Month(_) | Lex::Weekday(_) => self.calendar_led(i),
            Lex::Ord(_) => self.ordinal_led(i),
            // "day-long", "decades-long"
            Lex::Unit(u, plural) if self.join(i + 1) > i + 1 && self.kw(i + 2, Kw::Long) => {
                Some((i + 3, Sem::Duration { n: if plural { Qty::X } else { Qty::N(1.0) }, unit: u }))
            }
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
                            // "the year-earlier nine months": the span compared, a duration.
                            if let Some((e2, d @ Sem::Duration { n: Qty::N(_), .. })) = self.quantity_led(e) {
                                return Some((e2, d));
                            }
                            let mut quarter = true;
                            if matches!(self.lex(e), Some(Lex::Ord(1..=4))) && self.unit(e + 1) == Some((Unit::Quarter, false)) {
                                e += 2;
                            } else if self.unit(e) == Some((Unit::Quarter, false)) || self.kw(e, Kw::Period) {
                                e += 1;
                            } else {
                                quarter = false;
                            }
                            return Some((e, Sem::YearAgo { quarter }));
                        }
                        // "since year-end" is the end of the year before.
                        Some(Kw::End) => {
                            let n = if self.kw(i.wrapping_sub(1), Kw::Since) { -1 } else { 0 };
                            return Some((k + 1, Sem::Shift { unit: Unit::Year, n, base: Base::Dct, pod: None, fine: false }));
                        }
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
}
