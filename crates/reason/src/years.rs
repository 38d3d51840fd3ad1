//! Years the documents themselves cannot give: "Protests began on January 4" in an article
//! with no publication date, no dateline and no year anywhere keeps `XXXX-01-04` after the
//! `times` annotator. Other documents of the corpus usually date the same events; this
//! module collects the years they give and proposes one, with its support.
//!
//! Evidence, most specific first: resolved dates of the same month and day in other
//! documents ("January 4" -> 2031-01-04 elsewhere), then of the same month, then every
//! resolved year in the corpus. Within a level the most frequent year wins (ties: the more
//! recent). Duplicates of one report count once: callers add only originals. The confidence
//! is the winning year's share of its level, scaled down for weaker levels.

use std::collections::HashMap;

/// Years seen in the corpus, by (month, day), by month, and overall, each counted per
/// document (a document that says "January 4, 2031" ten times counts once).
///
/// Documents are numbered in increasing order and added one after another (every value of a
/// document before the next document's), so each year's list of documents is sorted and
/// free of repeats without searching it.
#[derive(Debug, Default)]
pub struct YearEvidence {
    by_day: HashMap<(u8, u8), ByYear>,
    by_month: HashMap<u8, ByYear>,
    overall: ByYear,
}

/// A proposed year and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    pub year: i32,
    /// Documents giving this year at the level used.
    pub support: usize,
    /// Documents giving any year at that level.
    pub total: usize,
    /// 0..1.
    pub confidence: f64,
    /// A sentence for the analyst: "3 of 3 other documents date 01-04 to 2031".
    pub reason: String,
}

type ByYear = HashMap<i32, Vec<u32>>;

fn push(map: &mut ByYear, year: i32, doc: u32) {
    let docs = map.entry(year).or_default();
    if docs.last().is_none_or(|last| *last < doc) {
        docs.push(doc);
    }
}

/// Year, month and day of a TIMEX3 value such as `2031-01-04`, `2031-01-04TEV` or `2031-01`.
pub fn parse_value(value: &str) -> Option<(Option<i32>, Option<u8>, Option<u8>)> {
    let mut parts = value.splitn(3, '-');
    let y = parts.next()?;
    let year = if y == "XXXX" { None } else if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) { y.parse().ok() } else { return None };
    let month = parts.next().and_then(|m| m.get(..2)).and_then(|m| m.parse::<u8>().ok()).filter(|m| (1..=12).contains(m));
    let day = parts.next().and_then(|d| d.get(..2)).and_then(|d| d.parse::<u8>().ok()).filter(|d| (1..=31).contains(d));
    Some((year, month, day))
}

impl YearEvidence {
    /// Records a resolved TIMEX3 value (`2031-01-04`, `2031-01`, `2031`) of document `doc`
    /// (see the type's docs for the order documents are added in).
    pub fn add(&mut self, doc: u32, value: &str) {
        let Some((Some(year), month, day)) = parse_value(value) else { return };
        push(&mut self.overall, year, doc);
        if let Some(m) = month {
            push(self.by_month.entry(m).or_default(), year, doc);
            if let Some(d) = day {
                push(self.by_day.entry((m, d)).or_default(), year, doc);
            }
        }
    }

    /// The year for a year-less date of document `doc`, from the other documents.
    pub fn infer(&self, doc: u32, month: Option<u8>, day: Option<u8>) -> Option<Inferred> {
        let levels: [(Option<&ByYear>, f64, String); 3] = [
            (
                month.zip(day).and_then(|k| self.by_day.get(&k)),
                1.0,
                month.zip(day).map(|(m, d)| format!("{m:02}-{d:02}")).unwrap_or_default(),
            ),
            (month.and_then(|m| self.by_month.get(&m)), 0.8, month.map(|m| format!("month {m:02}")).unwrap_or_default()),
            (Some(&self.overall), 0.6, "their events".to_string()),
        ];
        for (map, weight, what) in levels {
            let Some(map) = map else { continue };
            // The lists are sorted, so excluding `doc` is a binary search.
            let others = |docs: &Vec<u32>| docs.len() - usize::from(docs.binary_search(&doc).is_ok());
            let total: usize = map.values().map(others).sum();
            if total == 0 {
                continue;
            }
            let (year, support) = map
                .iter()
                .map(|(y, docs)| (*y, others(docs)))
                .max_by_key(|(y, n)| (*n, *y))?;
            let confidence = ((support as f64 / total as f64) * weight * 100.0).round() / 100.0;
            let reason = format!("{support} of {total} other documents date {what} to {year}");
            return Some(Inferred { year, support, total, confidence, reason });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_day_elsewhere_decides_then_the_month_then_the_corpus() {
        let mut e = YearEvidence::default();
        e.add(1, "2031-01-04");
        e.add(2, "2031-01-04TEV");
        e.add(2, "2031-01-04"); // the same document twice counts once
        e.add(3, "2030-01-04");
        e.add(4, "2029-03");
        e.add(5, "2029");
        e.add(6, "XXXX-01-04"); // unresolved values are not evidence
        let got = e.infer(9, Some(1), Some(4)).unwrap();
        assert_eq!((got.year, got.support, got.total), (2031, 2, 3));
        assert_eq!(got.reason, "2 of 3 other documents date 01-04 to 2031");
        assert!((got.confidence - 0.67).abs() < 1e-9);
        // A document is not its own evidence.
        assert_eq!(e.infer(1, Some(1), Some(4)).map(|g| (g.year, g.total)), Some((2031, 2)));
        // No other document dates 5 March: the month decides.
        assert_eq!(e.infer(9, Some(3), Some(5)).map(|g| g.year), Some(2029));
        // Nothing for December: every year seen (tie 2031 vs 2029 with two documents each? 2031
        // has documents 1, 2; 2029 has 4, 5; 2030 has 3): ties go to the more recent year.
        let got = e.infer(9, Some(12), None).unwrap();
        assert_eq!(got.year, 2031);
        assert!(got.confidence < 0.6);
        assert_eq!(YearEvidence::default().infer(1, Some(1), Some(4)), None);
    }

    #[test]
    fn values_parse() {
        assert_eq!(parse_value("2031-01-04TEV"), Some((Some(2031), Some(1), Some(4))));
        assert_eq!(parse_value("XXXX-01-04"), Some((None, Some(1), Some(4))));
        assert_eq!(parse_value("2031"), Some((Some(2031), None, None)));
        assert_eq!(parse_value("2031-W02"), Some((Some(2031), None, None)));
        assert_eq!(parse_value("P3D"), None);
        assert_eq!(parse_value("PRESENT_REF"), None);
        assert_eq!(parse_value("XXXX-XX-XXTNI"), Some((None, None, None)));
    }
}
