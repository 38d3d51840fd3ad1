//! The asserted corpus events as a GDELT-2.0-style event table: tab-separated, no header,
//! the 61 columns of the GDELT 2.0 event table in their documented order ([`COLUMNS`]), one
//! row per corpus event (a real-world event with all its reports), so tools and scripts
//! written for GDELT's `*.export.CSV` files read it unchanged.
//!
//! What maps to what, and which columns stay empty and why, is in `docs/exports.md`. In
//! short: dates, actors (name, CAMEO country and role codes), event codes, QuadClass,
//! mention, source and article counts, the action place's name, DATEADDED and SOURCEURL are
//! filled; the known-group, ethnic and religion codes, GoldsteinScale, AvgTone and the
//! geographic types, codes and coordinates are left empty, because nothing we extract
//! supports them.

use std::collections::HashMap;
use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use model::Layer;

use crate::days;
use crate::text::tsv_field;
use crate::Error;

/// The GDELT 2.0 event table's columns, in order.
pub const COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The index of a column in [`COLUMNS`].
pub fn column(name: &str) -> Option<usize> {
    COLUMNS.iter().position(|c| *c == name)
}

/// GDELT's QuadClass of a CAMEO root code: 1 verbal cooperation (01-05), 2 material
/// cooperation (06-09), 3 verbal conflict (10-14), 4 material conflict (15-20).
pub fn quad_class(root: &str) -> Option<u8> {
    match root.parse::<u8>().ok()? {
        1..=5 => Some(1),
        6..=9 => Some(2),
        10..=14 => Some(3),
        15..=20 => Some(4),
        _ => None,
    }
}

/// EventBaseCode and EventRootCode of a CAMEO event code: "1724" -> ("172", "17"),
/// "173" -> ("173", "17"), "14" -> ("14", "14"). `None` unless 2 to 4 digits.
pub fn base_and_root(code: &str) -> Option<(&str, &str)> {
    if !(2..=4).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((code.get(..code.len().min(3))?, code.get(..2)?))
}

/// What the rows need from the event reports of each corpus event.
#[derive(Default)]
struct Seen {
    /// Country codes of the source and target actors across the reports, with counts.
    countries: [HashMap<String, u32>; 2],
    /// Some report is in the first paragraph of its document.
    lead: bool,
    /// The resolved places of the reports (`event_reports[].place`), by GeoNames id.
    places: HashMap<u64, SeenPlace>,
}

/// A resolved place where some report of an event happened.
struct SeenPlace {
    n: u32,
    /// Named by the event's own phrase or sentence, not the document's dominant place.
    local: bool,
    name: String,
    country: String,
    precision: String,
    lat: f64,
    lon: f64,
}

impl SeenPlace {
    /// GDELT's geographic resolution: 1 country, 2 US state, 3 US city, 4 world city, 5 world
    /// state (first-level division).
    fn gdelt_type(&self) -> u8 {
        match (self.precision.as_str(), self.country == "US") {
            ("country", _) => 1,
            ("region", true) => 2,
            ("region", false) => 5,
            (_, true) => 3,
            (_, false) => 4,
        }
    }
}

/// The place reports agree on most: local evidence first, then the most reports, then the
/// finest precision, then the smallest id.
fn best_place(places: &HashMap<u64, SeenPlace>) -> Option<(u64, &SeenPlace)> {
    let rank = |p: &SeenPlace| match p.precision.as_str() {
        "city" => 2,
        "region" => 1,
        _ => 0,
    };
    places.iter().max_by(|a, b| (a.1.local, a.1.n, rank(a.1)).cmp(&(b.1.local, b.1.n, rank(b.1))).then(b.0.cmp(a.0))).map(|(k, v)| (*k, v))
}

fn most_common(counts: &HashMap<String, u32>) -> Option<&str> {
    counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(k, _)| k.as_str())
}

/// Writes the table; returns the number of rows.
pub fn write(store: &dyn store::Store, out: &mut dyn Write) -> Result<u64, Error> {
    let r = engine::reasoning::load(store)?;
    let kept: Vec<usize> = (0..r.events.len()).filter(|&k| r.events.get(k).is_some_and(|c| c.modality.as_str() == "asserted" && base_and_root(c.cameo.as_str()).is_some())).collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for &k in &kept {
        if let Some(c) = r.events.get(k) {
            for x in &c.reports {
                index.insert(x.id.as_str(), k);
            }
        }
    }
    let mut seen: HashMap<usize, Seen> = HashMap::new();
    store.for_each_document(&mut |doc| {
        if !doc.annotations.iter().any(|a| a.layer == Layer::Events) {
            return Ok(());
        }
        for e in engine::export::document_events(&doc) {
            let Some(&k) = index.get(e.id.as_str()) else { continue };
            let s = seen.entry(k).or_default();
            for (slot, actor) in [&e.source_actor, &e.target_actor].into_iter().enumerate() {
                if let (Some(country), Some(counts)) = (actor.as_ref().and_then(|a| a.country), s.countries.get_mut(slot)) {
                    *counts.entry(country.to_string()).or_default() += 1;
                }
            }
            if e.sentence.and_then(|i| doc.sentences.get(i)).is_some_and(|s| s.paragraph == 0) {
                s.lead = true;
            }
            if let Some(p) = &e.place {
                if let (Some(id), Some(lat), Some(lon)) = (p.geonameid, p.lat, p.lon) {
                    let seen = s.places.entry(id).or_insert_with(|| SeenPlace {
                        n: 0,
                        local: false,
                        name: p.name.unwrap_or("").to_string(),
                        country: p.country.unwrap_or("").to_string(),
                        precision: p.precision.unwrap_or("").to_string(),
                        lat,
                        lon,
                    });
                    seen.n += 1;
                    seen.local |= p.from != Some("document");
                }
            }
        }
        Ok(())
    })?;
    let docs: HashMap<String, store::DocSummary> = store.list_documents(&store::DocQuery::default())?.into_iter().map(|d| (d.id.to_string(), d)).collect();
    let added = date_added(SystemTime::now());
    let mut n = 0u64;
    for (row_number, &k) in kept.iter().enumerate() {
        let Some(c) = r.events.get(k) else { continue };
        let s = seen.remove(&k).unwrap_or_default();
        let mut row: Vec<String> = vec![String::new(); COLUMNS.len()];
        let mut set = |name: &str, value: String| {
            if let Some(cell) = column(name).and_then(|i| row.get_mut(i)) {
                *cell = tsv_field(&value);
            }
        };
        set("GlobalEventID", global_id(c.id.as_str(), row_number).to_string());
        // The event's date, else the earliest publication date of its reports.
        let day = c.date.as_ref().and_then(|d| days::range(d.value.as_str())).map(|r| r.0).or_else(|| {
            c.reports
                .iter()
                .filter_map(|x| docs.get(x.doc.as_str()).and_then(|d| d.published.as_deref()))
                .filter_map(|p| days::range(p.get(..10).unwrap_or(p)))
                .map(|r| r.0)
                .min()
        });
        if let Some((y, m, d)) = day {
            set("Day", format!("{y:04}{m:02}{d:02}"));
            set("MonthYear", format!("{y:04}{m:02}"));
            set("Year", format!("{y:04}"));
            let doy = days::day_of_year(y, m, d).unwrap_or(1);
            set("FractionDate", format!("{:.4}", y as f64 + (doy as f64 / 365.0).min(0.9999)));
        }
        for (slot, (p, prefix)) in [(&c.source, "Actor1"), (&c.target, "Actor2")].into_iter().enumerate() {
            // An actor the reports neither resolve to an entity nor give a sector ("it", "the
            // slogan") tells a GDELT reader nothing: left empty.
            let Some(p) = p.as_ref().filter(|p| p.entity.is_some() || p.sector.as_deref().is_some_and(|s| !s.is_empty())) else { continue };
            let country = s.countries.get(slot).and_then(most_common);
            let sector = p.sector.as_deref().filter(|x| !x.is_empty());
            let code: String = country.unwrap_or("").chars().chain(sector.unwrap_or("").chars()).collect();
            set(&format!("{prefix}Code"), code);
            set(&format!("{prefix}Name"), p.name.to_string());
            set(&format!("{prefix}CountryCode"), country.unwrap_or("").to_string());
            set(&format!("{prefix}Type1Code"), sector.unwrap_or("").to_string());
        }
        set("IsRootEvent", if s.lead { "1" } else { "0" }.to_string());
        let code = c.cameo.as_str();
        if let Some((base, root)) = base_and_root(code) {
            set("EventCode", code.to_string());
            set("EventBaseCode", base.to_string());
            set("EventRootCode", root.to_string());
            set("QuadClass", quad_class(root).map(|q| q.to_string()).unwrap_or_default());
        }
        let n_articles = {
            let mut d: Vec<&str> = c.reports.iter().map(|x| x.doc.as_str()).collect();
            d.sort_unstable();
            d.dedup();
            d.len()
        };
        set("NumMentions", c.n_reports.to_string());
        set("NumSources", c.n_sources.to_string());
        set("NumArticles", n_articles.to_string());
        if let Some(place) = &c.location {
            set("ActionGeo_FullName", place.name.to_string());
        }
        if let Some((id, p)) = best_place(&s.places) {
            set("ActionGeo_Type", p.gdelt_type().to_string());
            set("ActionGeo_FullName", p.name.clone());
            // GDELT's geographic country codes are FIPS 10-4, not ISO ("AU" is Austria there):
            // left empty rather than wrong.
            set("ActionGeo_Lat", format!("{:.4}", p.lat));
            set("ActionGeo_Long", format!("{:.4}", p.lon));
            set("ActionGeo_FeatureID", id.to_string());
        }
        // When the event entered the picture: the storing of its first report (GDELT's "date
        // the event was added"), so that two exports of the same store are the same table.
        let first_stored = c.reports.iter().filter_map(|x| docs.get(x.doc.as_str())).filter_map(|d| stored_stamp(&d.stored_at)).min();
        set("DATEADDED", first_stored.unwrap_or_else(|| added.clone()));
        // The first report with a web address, else the first report's file.
        let sources: Vec<&str> = c.reports.iter().filter_map(|x| docs.get(x.doc.as_str())).map(|d| d.source.as_str()).collect();
        let url = sources.iter().find(|s| s.starts_with("http://") || s.starts_with("https://")).or(sources.first()).copied().unwrap_or_default();
        set("SOURCEURL", url.to_string());
        out.write_all(row.join("\t").as_bytes())?;
        out.write_all(b"\n")?;
        n += 1;
    }
    Ok(n)
}

/// A numeric id from ours: the 10 hex digits of `V0123456789` read as a number (40 bits, so
/// stable across exports as the event id is); ids of another shape get 2^40 + their row.
fn global_id(id: &str, row: usize) -> u64 {
    id.strip_prefix('V')
        .filter(|h| h.len() == 10)
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .unwrap_or((1u64 << 40) + row as u64)
}

/// `YYYYMMDDHHMMSS` from a stored RFC 3339 time (`2022-01-07T09:30:00Z`); `None` when it is
/// not of that shape.
fn stored_stamp(rfc3339: &str) -> Option<String> {
    let digits: String = rfc3339.get(..19)?.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 14).then_some(digits)
}

/// `YYYYMMDDHHMMSS` in UTC.
fn date_added(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let epoch = reason::facts::day_number("1970-01-01").unwrap_or(0);
    let (y, m, d) = days::civil(epoch + secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!("{y:04}{m:02}{d:02}{:02}{:02}{:02}", t / 3600, t / 60 % 60, t % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(base_and_root("1724"), Some(("172", "17")));
        assert_eq!(base_and_root("173"), Some(("173", "17")));
        assert_eq!(base_and_root("14"), Some(("14", "14")));
        assert_eq!(base_and_root("030"), Some(("030", "03")));
        assert_eq!(base_and_root(""), None);
        assert_eq!(base_and_root("17a"), None);
        assert_eq!(quad_class("01"), Some(1));
        assert_eq!(quad_class("08"), Some(2));
        assert_eq!(quad_class("14"), Some(3));
        assert_eq!(quad_class("18"), Some(4));
        assert_eq!(quad_class("21"), None);
        assert_eq!(COLUMNS.len(), 61);
        assert_eq!(column("SOURCEURL"), Some(60));
        assert_eq!(column("IsRootEvent"), Some(25));
        assert_eq!(column("ActionGeo_FeatureID"), Some(58));
    }

    #[test]
    fn ids_and_dates() {
        assert_eq!(global_id("V0000000010", 5), 16);
        assert_eq!(global_id("Vzz", 5), (1 << 40) + 5);
        let t = UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
        assert_eq!(date_added(t), "20010909014640");
        assert_eq!(stored_stamp("2001-09-09T01:46:40Z").as_deref(), Some("20010909014640"));
        assert_eq!(stored_stamp("2001-09-09"), None);
        assert_eq!(stored_stamp("2001-09-09Tab:46:40Z"), None);
    }
}
