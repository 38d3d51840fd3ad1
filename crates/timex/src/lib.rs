//! Temporal expressions in English news: finds dates, times, durations and sets and
//! normalises them to TimeML TIMEX3 values, rule-based and fast.
//!
//! The main entry is [`annotate`]: give it a document's text and, when known, its document
//! creation time (DCT); it returns one [`Timex`] per expression, in text order, and a list of
//! [`Problem`]s for expressions that name no real date ("February 30", "the year 99999"),
//! which are reported rather than given a wrong value.
//!
//! ```
//! use timex::{annotate, Date, Kind};
//! let text = "Veloria's parliament met on Tuesday. Two years ago it was dissolved.";
//! let (found, _) = annotate(text, Date::new(2031, 1, 16));
//! assert_eq!(found[0].value, "2031-01-14");
//! assert_eq!(found[1].value, "2029");
//! assert_eq!(found[1].kind, Kind::Date);
//! ```
//!
//! In the pipeline it sits after cleaning: it needs only the clean text and the publication
//! date, and its spans are byte ranges into that text (always on char boundaries).
//!
//! Conventions where TimeML leaves a choice (see also the tests):
//! - **Anchors.** Deictic expressions ("yesterday", "last week", "two years ago", weekday
//!   names, dates without a year) are resolved against the DCT; anaphoric ones ("the following
//!   day", "the same day", "the previous Friday", "a week later", "a year earlier") against the
//!   last date mentioned before them (narrative time). Each falls back on the other anchor when
//!   its own is unknown,
//!   except that a deictic expression falls back only on a date mentioned to the month or
//!   finer, never on a bare year (a background "in 2019" does not date "On January 1");
//!   with no anchor, the value keeps `X`s (`XXXX-01-05`) and [`Timex::resolved`] is false.
//!   Comparisons keep the anchor's granularity ("a year earlier" after "the third quarter" is
//!   the third quarter of the year before) and do not move the narrative time by a year or more.
//!   A day or week counted from a month or a year ("that same day" after "in October") keeps
//!   its number unknown (`1998-10-XX`, `1998-WXX`).
//! - **Tense.** The tense of the sentence is read from cue words (the nearest before the
//!   expression in its sentence, else the first after it): "will", "shall", "'ll", "intends",
//!   "expects", "planning", "effective", "is to" for the future; irregular past forms ("said",
//!   "was") and words in -ed for the past, except a participle after "be" ("will be named")
//!   and an adjective after an article ("a still unspecified date"); "scheduled", "expected",
//!   "slated" are future after "is" or before "to"/"for", past after "was" or "had been". A full
//!   stop after "vs." or a title ("Gen."), or before a comma or a lower-case word, ends no
//!   sentence.
//! - **Weekdays** are the nearest such day on or before the DCT (news mostly reports the past),
//!   except the day after the DCT (a wire story written the evening before), or on or after it
//!   in a future sentence.
//! - **Dates without a year** take the year that puts them closest to the anchor, leaning to
//!   the past: a month alone is in the past unless more than three months nearer in the future;
//!   a month and day count future days as three months farther. A future sentence takes the
//!   next occurrence; a past one the last, unless it comes within two months (75 days with a
//!   day); "since March" is always past and deadlines ("by April") ignore a past tense.
//!   "On the 5th" is the 5th of the
//!   anchor's month or a neighbouring one, whichever is nearest (only when no word follows, so
//!   "the 10th anniversary" is not a date).
//! - **Numeric dates**: `2022-01-05` is ISO; `01/05/2022` is read US-style (month first)
//!   unless the first number exceeds 12; `05.01.2022` and `05-01-2022` are read day first
//!   (European usage, where dots are the norm).
//! - **Ranges** ("January 4-7", "from 4 to 7 January", "1990-95") are one expression whose
//!   `value` is the beginning, with `begin` and `end_value` set. A range whose two ends are
//!   whole expressions joined by words ("from 1994 to 1997", "between March 3 and April 5")
//!   gives two expressions, as TimeML tags them; the first carries `begin` and `end_value`.
//!   Two days of a month joined by "and" ("April 24 and 25") are two expressions, no range.
//! - **Modifiers** ("early", "mid", "late", "the end of", "about", "more than") set
//!   [`Timex::modifier`] to the TimeML `mod` and keep the value. As in TimeBank, "about" and
//!   "almost" stay outside the extent; "nearly", "over", "more than", "at least" are inside.
//! - **Durations** mix units for fractions (`P1Y6M` for "a year and a half", `PT5H30M`),
//!   count decades in years (`P20Y`) and quarters as `Q` (`P2Q`); "several years", "decades"
//!   are `PXY`. "The year ended Sept. 30" is a duration (`P1Y`, a fiscal year), but "a high
//!   for the year" is the year of the DCT.
//! - **Parts of the day** are kept in the value (`2022-01-04TNI` for "Tuesday night");
//!   expressions with a clock time or a part of the day without a weekday are `TIME`.
//! - **Sets**: "daily", "every week" (`P1W`), "every four years" (`P4Y`), "twice a year"
//!   (`P1Y`), "every Monday" (`XXXX-WXX-1`).
//! - **References**: "now", "currently" are `PRESENT_REF`; "recently", "recent years" `PAST_REF`;
//!   "the future" `FUTURE_REF`. Bare "current", "recent", "future", "soon" (mostly adjectives)
//!   are not tagged. "since independence" and other event-anchored phrases have no calendar
//!   value and are not tagged.
//! - **Holidays**: Christmas (Eve), New Year's Day/Eve, Thanksgiving (fourth Thursday of
//!   November), US Election Day (the Tuesday after the first Monday of November), Easter
//!   (Sunday; "Easter week" is the week that ends on it).
//! - **Confidence** is a prior per family (explicit full dates 0.95, references 0.6...),
//!   lowered by 0.1 when the year was inferred and by 0.3 when no anchor was known.
//! - **Problems**: "February 30", "the year 99999" give a [`Problem`] and no timex.

mod date;
pub mod dateline;
pub mod eval;
mod grammar;
mod resolve;
mod sem;
mod token;

pub use date::Date;
pub use dateline::dateline;

use grammar::Parser;
use resolve::Ctx;
use token::{Lex, Tok};

/// TIMEX3 types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Date,
    Time,
    Duration,
    Set,
}

impl Kind {
    /// The TimeML name: `DATE`, `TIME`, `DURATION`, `SET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Date => "DATE",
            Kind::Time => "TIME",
            Kind::Duration => "DURATION",
            Kind::Set => "SET",
        }
    }
}

/// Which anchor a value was computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorUse {
    /// None was needed (an explicit date, a duration) or none was known.
    None,
    /// The document creation time.
    Dct,
    /// The last date mentioned before the expression (its representative day).
    Narrative(Date),
}

/// One temporal expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Timex {
    /// Byte span in the input text.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// TIMEX3 value: `2022-01-05`, `2022-W01`, `P3D`, `PRESENT_REF`, `XXXX-01-05`...
    pub value: String,
    /// For ranges: the values of the first and last point.
    pub begin: Option<String>,
    pub end_value: Option<String>,
    /// TimeML `mod`: `START`, `MID`, `END`, `APPROX`, `LESS_THAN`, `MORE_THAN`,
    /// `EQUAL_OR_MORE`, `EQUAL_OR_LESS`.
    pub modifier: Option<&'static str>,
    pub anchor: AnchorUse,
    /// The year was not written and was chosen from the anchor.
    pub year_inferred: bool,
    /// False when the value needed an anchor that was not known (it keeps `X`s).
    pub resolved: bool,
    /// Rough confidence in extent and value, 0..1.
    pub confidence: f32,
}

/// An expression that names no real date: kept as text, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub start: usize,
    pub end: usize,
    pub message: &'static str,
}

/// Whether a token can begin an expression (a cheap filter before the grammar).
fn may_start(t: &Tok) -> bool {
    !matches!(t.lex, Lex::Word | Lex::Punct(b'.' | b',' | b'"' | b'(' | b')' | b'-' | b':' | b';' | b'/' | b'$' | b'%'))
}

/// Finds and normalises the temporal expressions of `text`, a document whose creation time
/// is `dct` (when known). Never panics; time and memory are linear in the text.
pub fn annotate(text: &str, dct: Option<Date>) -> (Vec<Timex>, Vec<Problem>) {
    // About one token per six bytes of news text; the vector grows if needed.
    let mut toks = Vec::with_capacity(text.len() / 6 + 1);
    token::tokenize(text, &mut toks);
    let parser = Parser { t: &toks };
    let mut ctx = Ctx { dct, narrative: None, fine: None, quarter: None };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !may_start(&toks[i]) {
            i += 1;
            continue;
        }
        let Some(raw) = parser.parse_at(i) else {
            i += 1;
            continue;
        };
        if raw.e <= i || raw.e > toks.len() {
            i += 1;
            continue;
        }
        let start = toks[raw.s].start;
        let end = toks[raw.e - 1].end;
        i = raw.e;
        if let Some(message) = raw.problem {
            problems.push(Problem { start, end, message });
            continue;
        }
        let first = match ctx.resolve(&raw.sem) {
            Ok(r) => r,
            Err(message) => {
                problems.push(Problem { start, end, message });
                continue;
            }
        };
        let last = match raw.end_sem.as_ref().map(|s| ctx.resolve(s)) {
            Some(Ok(r)) => Some(r),
            Some(Err(message)) => {
                problems.push(Problem { start, end, message });
                continue;
            }
            None => None,
        };
        let point = last.as_ref().and_then(|l| l.point).or(first.point);
        let mut confidence = raw.confidence;
        if first.year_inferred {
            confidence -= 0.1;
        }
        if !first.resolved {
            confidence -= 0.3;
        }
        // A range written with words gives two expressions, as TimeML tags them; the first
        // carries the range.
        let (end, second) = match (raw.split, last.as_ref()) {
            (Some((first_end, second_start)), Some(l)) if first_end > raw.s && second_start < raw.e => {
                let first_end_byte = toks.get(first_end - 1).map_or(end, |t| t.end);
                let second_start_byte = toks.get(second_start).map_or(end, |t| t.start);
                let kind = match raw.end_sem.as_ref() {
                    Some(sem::Sem::Point(p)) if p.hour.is_some() => Kind::Time,
                    _ => raw.kind,
                };
                let second = Timex {
                    start: second_start_byte,
                    end,
                    kind,
                    value: l.value.clone(),
                    begin: None,
                    end_value: None,
                    modifier: None,
                    anchor: l.anchor,
                    year_inferred: l.year_inferred,
                    resolved: l.resolved,
                    confidence: (raw.confidence - if l.year_inferred { 0.1 } else { 0.0 }).clamp(0.0, 1.0),
                };
                (first_end_byte, Some(second))
            }
            _ => (end, None),
        };
        let range = last.as_ref().filter(|_| !raw.coordinated);
        out.push(Timex {
            start,
            end,
            kind: raw.kind,
            begin: range.map(|_| first.value.clone()),
            end_value: range.map(|l| l.value.clone()),
            value: first.value,
            modifier: raw.modifier,
            anchor: first.anchor,
            year_inferred: first.year_inferred,
            resolved: first.resolved,
            confidence: confidence.clamp(0.0, 1.0),
        });
        out.extend(second);
        // "After a flat second quarter": a quarter described in passing ("a" and an adjective
        // before it) is not the one the story reports on.
        let described = p_is_quarter(point) && raw.s >= 2 && toks.get(raw.s - 1).is_some_and(|t| t.lex == Lex::Word) && toks.get(raw.s - 2).is_some_and(|t| t.lex == Lex::Kw(token::Kw::A));
        if let Some(p) = point.filter(|_| !described) {
            if keeps_narrative(&raw.sem) {
                ctx.narrative = Some(p);
                if matches!(p.gran, resolve::Gran::Day | resolve::Gran::Week | resolve::Gran::Month) {
                    ctx.fine = Some(p);
                }
                // Only a quarter named as such is remembered, not "a year ago" resolved to one.
                if p.gran == resolve::Gran::Quarter && matches!(raw.sem, sem::Sem::Point(_) | sem::Sem::ReportQuarter { .. }) {
                    ctx.quarter = Some(p);
                }
            }
        }
    }
    (out, problems)
}

fn p_is_quarter(p: Option<resolve::RefPoint>) -> bool {
    p.is_some_and(|p| p.gran == resolve::Gran::Quarter)
}

/// Whether an expression becomes the new narrative time. A comparison such as "a year
/// earlier" does not move the story to that year ("three days later" does move it).
fn keeps_narrative(sem: &sem::Sem) -> bool {
    // "down from the previous Friday" looks back without moving the story either.
    !matches!(sem, sem::Sem::Shift { fine: true, unit, .. } if *unit >= token::Unit::Month) && !matches!(sem, sem::Sem::WeekdayFrom { dir: -1, .. } | sem::Sem::YearAgo { .. })
}
