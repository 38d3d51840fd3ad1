//! Numbers in temporal expressions: cardinals ("twenty-one", "2 1/2", "a few"), days of
//! the month ("5th", "twenty-first"), years ("1998", "'98", "nineteen ninety-six").

use super::{Parser, R};
use crate::sem::Qty;
use crate::token::{Kw, Lex, GLUED, ORD, PLURAL_S};

impl Parser<'_> {
    /// A cardinal: digits, number words ("twenty-one", "twenty four"), "a"/"an" (1),
    /// "a few"/"several"/"some" (unspecified), "a couple of" (2), "a dozen" (12).
    pub(super) fn qty(&self, i: usize) -> R<Qty> {
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
                if self.kw(j, Kw::Thousand) {
                    v = v.saturating_mul(1000);
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
                if self.kw(i + 1, Kw::Hundred) {
                    return Some((i + 2, Qty::N(100.0)));
                }
                Some((i + 1, Qty::N(1.0)))
            }
            Lex::Kw(Kw::Several | Kw::Few | Kw::Many | Kw::SomeQ) => Some((i + 1, Qty::X)),
            // "another year", "another two weeks"
            Lex::Kw(Kw::Another) => match self.lex(i + 1) {
                Some(Lex::Num | Lex::NumWord(_)) => self.qty(i + 1),
                _ => Some((i + 1, Qty::N(1.0))),
            },
            // "the next couple of years"
            Lex::Kw(Kw::Couple) if self.kw(i + 1, Kw::Of) => Some((i + 2, Qty::N(2.0))),
            Lex::Kw(Kw::Dozen) => Some((i + 1, Qty::N(12.0))),
            _ => None,
        }
    }

    /// A day of the month: 1..=31 as digits ("5", "5th") or ordinal words ("fifth",
    /// "twenty-first").
    pub(super) fn day(&self, i: usize) -> R<u8> {
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
    pub(super) fn year(&self, i: usize) -> R<i32> {
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
    pub(super) fn year_words(&self, i: usize) -> R<i32> {
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

    /// "yesterday" (-1), "today" (0), "tomorrow" (1).
    pub(super) fn day_word(&self, i: usize) -> R<i64> {
        match self.kw_of(i) {
            Some(Kw::Yesterday) => Some((i + 1, -1)),
            Some(Kw::Today) => Some((i + 1, 0)),
            Some(Kw::Tomorrow) => Some((i + 1, 1)),
            _ => None,
        }
    }
}
