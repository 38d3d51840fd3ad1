//! Quantities of time: durations ("three days", "two-year") and shifts ("two years ago",
//! "a week later").

use super::{Parser, R};
use crate::sem::{Base, Qty, Sem};
use crate::token::{Kw, Lex, Unit, CAP, ENDS_S};

impl Parser<'_> {
    /// "two years", "two-year", "3 days ago", "five years earlier", "2 1/2 years".
    pub(super) fn quantity_led(&self, i: usize) -> R<Sem> {
        if let Some(r) = self.frequency(i) {
            return Some(r);
        }
        // "will one day be": some day in the future, not a span of a day.
        if self.kw(i.wrapping_sub(1), Kw::Will) && self.lex(i) == Some(Lex::NumWord(1)) && self.unit(i + 1) == Some((Unit::Day, false)) {
            return Some((i + 2, Sem::Ref("FUTURE_REF")));
        }
        // Rates: "$2 million a year", "four flights a week", "24 hours a day" are no times.
        if self.kw(i, Kw::A) && i > 0 {
            let rate = self.after_amount(i);
            let shift = matches!(self.kw_of(i + 2), Some(Kw::Ago | Kw::Earlier | Kw::Later | Kw::Before | Kw::After | Kw::Prior | Kw::From | Kw::Hence));
            if rate && !shift && matches!(self.unit(i + 1), Some((_, false))) {
                return None;
            }
        }
        let (j, q) = self.qty(i)?;
        let mut q = q;
        let mut j = j;
        // "two to three weeks", "12-18 months": the lower bound.
        if let Qty::N(lo) = q {
            let sep = matches!(self.kw_of(j), Some(Kw::To | Kw::Or)) || (self.punct(j, b'-') && self.glued(j) && self.glued(j + 1));
            if sep && !matches!(self.lex(j + 1), Some(Lex::Kw(Kw::A))) {
                if let Some((j2, Qty::N(hi))) = self.qty(j + 1) {
                    if hi > lo && self.unit(self.join(j2)).is_some() {
                        j = j2;
                    }
                }
            }
        }
        // "one and a half years"
        if self.kw(j, Kw::And) && self.kw(j + 1, Kw::A) && self.kw(j + 2, Kw::Half) {
            if let Qty::N(v) = q {
                q = Qty::N(v + 0.5);
                j += 3;
            }
        }
        // "two more weeks", "an additional year", "eight trading days"
        let extra = matches!(self.kw_of(j), Some(Kw::More | Kw::Additional)) && matches!(q, Qty::N(_));
        let workdays = self.kw(j, Kw::Workday) && matches!(self.unit(j + 1), Some((Unit::Day, _)));
        if (extra || workdays) && matches!(self.lex(j + 1), Some(Lex::Unit(..))) {
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
        if matches!(self.lex(i), Some(Lex::Kw(Kw::A | Kw::Another))) && plural && q == Qty::N(1.0) {
            return None;
        }
        // "the 1988 quarter": a year before a singular unit is no quantity of it (but "a two
        // day visit" is a duration).
        if !hyphenated && !plural && self.t.get(i).is_some_and(|t| t.lex == Lex::Num && t.digits == 4) {
            return None;
        }
        // "a day-long strike"
        if self.join(e) > e && self.kw(e + 1, Kw::Long) {
            e += 2;
        }
        // "year-earlier", "year-ago" after "a" are adjectives read on their own; ages
        // ("6-year-old") are not durations of interest.
        let after = self.join(e);
        // Ages: "52 years old".
        if self.kw(e, Kw::Old) {
            return None;
        }
        if after > e && (self.kw(after, Kw::Old) || (q == Qty::N(1.0) && matches!(self.kw_of(after), Some(Kw::Earlier | Kw::Ago | Kw::End)))) {
            return None;
        }
        // "a week or so ago"
        if self.kw(e, Kw::Or) && self.kw(e + 1, Kw::So) && matches!(self.kw_of(e + 2), Some(Kw::Ago | Kw::Earlier | Kw::Later)) {
            e += 2;
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
        // ("several quarters of losses" is a period).
        if unit == Unit::Quarter && (plural && hyphenated || self.kw(e, Kw::Of) && q != Qty::X) {
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
        // "24 hours a day", "seven days a week": a rate, like "four flights a week".
        if matches!(self.kw_of(e), Some(Kw::A | Kw::Per)) && matches!(self.unit(e + 1), Some((_, false))) && !matches!(self.kw_of(e + 2), Some(Kw::Ago | Kw::Earlier | Kw::Later)) {
            return None;
        }
        Some((e, Sem::Duration { n: q, unit }))
    }

    /// Whether token `i` follows an amount or a plural noun ("$2 million", "8.5%", "four
    /// flights"), which makes "a year", "annually" after it a rate.
    pub(super) fn after_amount(&self, i: usize) -> bool {
        match i.checked_sub(1).and_then(|p| self.t.get(p)) {
            Some(t) => matches!(t.lex, Lex::Num | Lex::NumWord(_) | Lex::Unit(_, true) | Lex::Kw(Kw::Million) | Lex::Punct(b'%')) || (t.lex == Lex::Word && t.flags & ENDS_S != 0),
            None => false,
        }
    }

    pub(super) fn ends_clause(&self, i: usize) -> bool {
        matches!(self.lex(i), None | Some(Lex::Punct(_)) | Some(Lex::Kw(Kw::And | Kw::Or | Kw::But)))
    }

    /// "years", "months", "weeks", "days" alone: an unspecified duration, after "for"/"in"/
    /// "within"/"over" or before "of" ("years of war").
    pub(super) fn bare_plural(&self, i: usize, unit: Unit) -> R<Sem> {
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
