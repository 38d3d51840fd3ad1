//! What the cross-document stage needs of each document, compactly: its entities with their
//! spellings, its coded events and its figures, each with the sentence that states it.
//! The engine builds these from stored documents (`engine::reasoning`); benchmarks and tests
//! build them directly.

use serde::{Deserialize, Serialize};
pub use smol_str::SmolStr;

/// One document's facts.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DocFacts {
    pub doc: SmolStr,
    /// ISO date (`2031-01-10`) when known.
    pub published: Option<SmolStr>,
    pub outlet: Option<SmolStr>,
    /// The document this one duplicates (exactly or nearly): its reports count once.
    pub original: Option<SmolStr>,
    pub entities: Vec<LocalEntity>,
    pub events: Vec<EventFact>,
    pub figures: Vec<FigureFact>,
}

impl DocFacts {
    /// The document whose report this is: the original for a duplicate, else itself.
    pub fn source_key(&self) -> &str {
        self.original.as_deref().unwrap_or(&self.doc)
    }

    /// Gives back the spare capacity of its lists. Facts of a whole corpus are held at once
    /// (100,000 documents hold millions of items), and lists grown by pushing keep up to
    /// twice the room they need.
    pub fn shrink_to_fit(&mut self) {
        self.entities.shrink_to_fit();
        for e in &mut self.entities {
            e.aliases.shrink_to_fit();
        }
        self.events.shrink_to_fit();
        self.figures.shrink_to_fit();
    }
}

/// An entity of one document (its mentions grouped by the `entities` annotator).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LocalEntity {
    /// The entity's number in its document (`<doc>:e<n>`).
    pub n: u32,
    /// The document's name for it (its fullest form).
    pub name: SmolStr,
    /// `PERSON`, `ORG`, `LOC`, `NORP`, `MISC`.
    pub kind: SmolStr,
    /// Every spelling with its number of mentions, most frequent first.
    pub aliases: Vec<(SmolStr, u32)>,
    /// Another entity of the document this one is defined as an acronym of, as in
    /// "National Security Committee (KNB)" (the number of the full name's entity).
    pub acronym_of: Option<u32>,
    /// The first mention, as evidence.
    pub evidence: Evidence,
}

impl LocalEntity {
    pub fn n_mentions(&self) -> u32 {
        self.aliases.iter().map(|a| a.1).sum()
    }
}

/// A span of a document's text in code points, with its text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub doc: SmolStr,
    pub start: u32,
    pub end: u32,
    pub text: SmolStr,
}

/// A participant or place of an event.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ActorFact {
    /// The local entity it names (`LocalEntity::n`).
    pub entity: Option<u32>,
    pub text: SmolStr,
    /// CAMEO sector (`GOV`, `MIL`, `OPP`, ...).
    pub sector: Option<SmolStr>,
}

/// A calendar date as TIMEX3 values (`begin`..`end` for ranges).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateFact {
    pub value: SmolStr,
    /// Begin and end (TIMEX3 values) when they say more than `value` (a range: "January
    /// 4-7"); boxed, as most dates are single days and millions are held at once.
    pub bounds: Option<Box<[SmolStr; 2]>>,
    /// The expression as written ("January 6", "New Year's Day").
    pub text: SmolStr,
}

impl DateFact {
    /// A date as written (`text`) with its TIMEX3 value and bounds; the bounds are kept only
    /// when they differ from the value.
    pub fn new(value: &str, begin: &str, end: &str, text: &str) -> DateFact {
        let bounds = (begin != value || end != value).then(|| Box::new([SmolStr::new(begin), SmolStr::new(end)]));
        DateFact { value: value.into(), bounds, text: text.into() }
    }
}

/// A coded event of one document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EventFact {
    /// The event's number in its document (`<doc>:v<n>`).
    pub n: u32,
    /// PLOVER type.
    pub kind: SmolStr,
    pub mode: Option<SmolStr>,
    pub cameo: SmolStr,
    /// `asserted`, `negated`, `hypothetical`, `future`.
    pub modality: SmolStr,
    /// `start` or `end` when told as beginning or ending ("protests began on ...").
    pub phase: Option<SmolStr>,
    pub lemma: SmolStr,
    pub source: Option<ActorFact>,
    pub target: Option<ActorFact>,
    pub location: Option<ActorFact>,
    pub date: Option<DateFact>,
    pub summary: SmolStr,
    /// The sentence stating it.
    pub evidence: Evidence,
}

/// A figure of one document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FigureFact {
    /// The quantity's number in its document (`<doc>:n<n>`).
    pub n: u32,
    /// `count`, `money`, ...
    pub kind: SmolStr,
    /// As written ("at least 164").
    pub text: SmolStr,
    pub value: f64,
    pub value_max: Option<f64>,
    /// `exact`, `lower`, `upper`, `approximate`.
    pub bound: SmolStr,
    pub vague: bool,
    /// What is counted, as written ("people", "troops", "“peacekeepers”").
    pub counted: Option<SmolStr>,
    /// The lemma of what happened to the counted things ("kill", "deploy", "detention").
    pub predicate: Option<SmolStr>,
    /// The entity the figure is about, or the actor of an event of its sentence.
    pub about: Option<u32>,
    /// TIMEX3 value of when the figure holds.
    pub time: Option<SmolStr>,
    pub evidence: Evidence,
}

/// An analyst's correction, kept in the store and applied on every run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub kind: OverrideKind,
    /// Names as the analyst typed them (matched against every spelling, normalised).
    pub a: String,
    pub b: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OverrideKind {
    /// The entities named `a` and `b` are one.
    Merge,
    /// The entities named `a` and `b` are never one (even within a document).
    Split,
}

/// (year, month, day) of a day number: the inverse of [`day_number`] (H. Hinnant's
/// civil-from-days).
pub fn civil(n: i64) -> (i64, u32, u32) {
    let era = n.div_euclid(146_097);
    let doe = n.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The ISO date (`YYYY-MM-DD`) of a day number.
pub fn iso_date(n: i64) -> String {
    let (y, m, d) = civil(n);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Day number (days since 0000-03-01, proleptic Gregorian) of `YYYY-MM-DD...` (read by
/// [`crate::years::parse_value`], the one TIMEX3 date reader of this crate), for date
/// arithmetic without a calendar crate.
pub fn day_number(value: &str) -> Option<i64> {
    let (Some(y), Some(m), Some(d)) = crate::years::parse_value(value)? else { return None };
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    Some(365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d - 1)
}

/// The days a TIMEX3 value covers, inclusive, with its precision: `2031-01-06` (day),
/// `2031-01-06TEV` (day), `2031-W01` (week), `2031-01` (month), `2031` (year). `None` for
/// values with unknown parts (`XXXX-01-06`) or that are not dates (`PRESENT_REF`, `P3D`).
pub fn day_range(value: &str) -> Option<(i64, i64, Precision)> {
    if let Some(d) = day_number(value) {
        return Some((d, d, Precision::Day));
    }
    let y: i64 = value.get(..4)?.parse().ok()?;
    let rest = value.get(4..)?;
    if rest.is_empty() {
        return Some((day_number(&format!("{y:04}-01-01"))?, day_number(&format!("{y:04}-12-31"))?, Precision::Year));
    }
    if let Some(w) = rest.strip_prefix("-W") {
        let week: i64 = w.get(..2)?.parse().ok()?;
        // ISO week 1 holds January 4; weeks start on Monday (day_number 0 is a Wednesday).
        let jan4 = day_number(&format!("{y:04}-01-04"))?;
        let monday = jan4 - (jan4 + 2).rem_euclid(7);
        let start = monday + 7 * (week - 1);
        return match w.get(2..) {
            Some("") => Some((start, start + 6, Precision::Week)),
            Some("-WE") => Some((start + 5, start + 6, Precision::Week)),
            _ => None,
        };
    }
    let m: i64 = rest.get(1..3)?.parse().ok()?;
    if rest.len() == 3 && (1..=12).contains(&m) {
        let start = day_number(&format!("{y:04}-{m:02}-01"))?;
        let next = if m == 12 { day_number(&format!("{:04}-01-01", y + 1))? } else { day_number(&format!("{y:04}-{:02}-01", m + 1))? };
        return Some((start, next - 1, Precision::Month));
    }
    None
}

/// How precise a date is, coarsest first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    #[default]
    Year,
    Month,
    Week,
    Day,
}

/// The days a date fact covers (its begin..end for a range).
pub fn date_range(d: &DateFact) -> Option<(i64, i64, Precision)> {
    let [begin, end] = d.bounds.as_deref().map_or(["", ""], |[b, e]| [b.as_str(), e.as_str()]);
    let (b, _, p) = day_range(begin).or_else(|| day_range(&d.value))?;
    let (_, e, _) = day_range(end).or_else(|| day_range(&d.value))?;
    let p = if b != e && p == Precision::Day { Precision::Week } else { p };
    (b <= e).then_some((b, e, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_inverts_day_number() {
        for s in ["2031-01-06", "2000-02-29", "1999-12-31", "2032-03-01", "1970-01-01", "0001-01-01"] {
            assert_eq!(iso_date(day_number(s).unwrap()), s);
        }
    }

    #[test]
    fn day_numbers_and_ranges() {
        let d = |s| day_number(s).unwrap();
        assert_eq!(d("2031-01-02") - d("2031-01-01"), 1);
        assert_eq!(d("2031-03-01") - d("2031-02-28"), 1);
        assert_eq!(d("2032-03-01") - d("2032-02-28"), 2);
        assert_eq!(d("2031-01-06TEV"), d("2031-01-06"));
        assert!(day_number("XXXX-01-06").is_none());
        assert!(day_number("2031-13-01").is_none());
        // Week 1 of 2031 runs Monday 30 December 2030 to Sunday 5 January 2031.
        let (s, e, p) = day_range("2031-W01").unwrap();
        assert_eq!((s, e, p), (d("2030-12-30"), d("2031-01-05"), Precision::Week));
        assert_eq!(day_range("2031-01").unwrap(), (d("2031-01-01"), d("2031-01-31"), Precision::Month));
        assert_eq!(day_range("2031").unwrap().2, Precision::Year);
        assert!(day_range("PRESENT_REF").is_none());
        assert!(day_range("P3D").is_none());
        assert_eq!(day_range("2031-W01-WE").unwrap(), (d("2031-01-04"), d("2031-01-05"), Precision::Week));
        assert!(day_range("2031-W01-3").is_none());
        let range = DateFact::new("2031-01-04", "2031-01-04", "2031-01-07", "");
        assert_eq!(date_range(&range).unwrap(), (d("2031-01-04"), d("2031-01-07"), Precision::Week));
    }
}
