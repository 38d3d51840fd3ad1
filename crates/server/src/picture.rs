//! The cached cross-document picture: the stored reasoning result (`engine::reasoning::load`)
//! with the indexes the routes need (entity and event by id, spellings for alias search,
//! events in date order, the corpus entities of each document, the cluster of each report),
//! and the list items of entities and events serialised once, so that listing is a slice of
//! ready JSON. It is rebuilt whole after each ingest job and swapped in (readers holding the
//! old one finish with it).

use std::collections::HashMap;

use engine::actors::{Cluster, Reasoning};
use serde::Serialize;
use store::{Overview, Stats, Store};

use crate::params::iso_of_day;

/// Reports of an event included in list items (`/api/events`, `/api/timeline`); the full list
/// is at `/api/events/{id}`.
pub const LIST_REPORTS: usize = 10;

pub struct Picture {
    pub r: Reasoning,
    pub stats: Stats,
    pub overview: Overview,
    pub entity_by_id: HashMap<String, usize>,
    /// Per entity: its name and spellings, lowercased, separated by U+0001.
    pub spellings: Vec<String>,
    /// Entities by mentions (most first), then name, then id.
    pub entity_order: Vec<usize>,
    /// Per entity: its list item (light form) as JSON.
    pub entity_items: Vec<String>,
    pub event_by_id: HashMap<String, usize>,
    /// Events by first day (undated last), then id.
    pub event_order: Vec<usize>,
    /// Per event: the days its date covers.
    pub event_days: Vec<Option<(i64, i64)>>,
    /// Per event: its list item as JSON (reports capped at [`LIST_REPORTS`], `start`/`end`).
    pub event_items: Vec<String>,
    /// Per entity: the events where it is source, target or location, in `event_order`.
    pub entity_events: HashMap<usize, Vec<usize>>,
    pub contradiction_by_id: HashMap<String, usize>,
    /// Per document id: the corpus entities with a member in it.
    pub entities_of_doc: HashMap<String, Vec<usize>>,
    /// Per report id (`<doc>:v<n>`): its event.
    pub event_of_report: HashMap<String, usize>,
}

/// An entity in list form.
#[derive(Serialize)]
struct EntityItem<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    aliases: Vec<&'a str>,
    n_mentions: u32,
    n_documents: u32,
    confidence: f64,
}

/// An event in list form: the cluster with its first reports, their sentences as `evidence`,
/// and the ISO days its date covers.
#[derive(Serialize)]
pub struct EventItem<'a> {
    #[serde(flatten)]
    pub cluster: &'a Cluster,
    pub evidence: Vec<&'a engine::actors::Evidence>,
    /// True when `reports` (and `evidence`) hold only the first reports.
    pub reports_truncated: bool,
    pub start: Option<String>,
    pub end: Option<String>,
}

impl Picture {
    /// Reads the stored picture (computing it when none is stored) and indexes it.
    pub fn load(store: &dyn Store) -> Result<Picture, engine::Error> {
        let r = engine::reasoning::load(store)?;
        let stats = store.stats()?;
        let overview = store.overview()?;
        Ok(Picture::new(r, stats, overview))
    }

    pub fn new(r: Reasoning, stats: Stats, overview: Overview) -> Picture {
        let entity_by_id = r.entities.iter().enumerate().map(|(k, e)| (e.id.to_string(), k)).collect();
        let spellings = r
            .entities
            .iter()
            .map(|e| {
                let mut s = e.name.to_lowercase();
                for (a, _) in &e.aliases {
                    s.push('\u{1}');
                    s.push_str(&a.to_lowercase());
                }
                s
            })
            .collect();
        let mut entity_order: Vec<usize> = (0..r.entities.len()).collect();
        entity_order.sort_by(|&a, &b| {
            let (x, y) = (&r.entities[a], &r.entities[b]);
            y.n_mentions.cmp(&x.n_mentions).then_with(|| x.name.cmp(&y.name)).then_with(|| x.id.cmp(&y.id))
        });
        let entity_items = r
            .entities
            .iter()
            .map(|e| {
                let item = EntityItem {
                    id: &e.id,
                    name: &e.name,
                    kind: &e.kind,
                    aliases: e.aliases.iter().map(|a| a.0.as_str()).collect(),
                    n_mentions: e.n_mentions,
                    n_documents: e.n_documents,
                    confidence: e.confidence,
                };
                serde_json::to_string(&item).unwrap_or_else(|_| "null".into())
            })
            .collect();

        let event_by_id = r.events.iter().enumerate().map(|(k, c)| (c.id.to_string(), k)).collect();
        let event_days: Vec<Option<(i64, i64)>> =
            r.events.iter().map(|c| c.date.as_ref().and_then(|d| engine::brief::date_bound(&d.value))).collect();
        let mut event_order: Vec<usize> = (0..r.events.len()).collect();
        event_order.sort_by(|&a, &b| {
            let key = |k: usize| event_days[k].map_or(i64::MAX, |d| d.0);
            key(a).cmp(&key(b)).then_with(|| r.events[a].id.cmp(&r.events[b].id))
        });
        let event_items = r
            .events
            .iter()
            .zip(&event_days)
            .map(|(c, days)| list_item_json(c, *days))
            .collect();
        let mut entity_events: HashMap<usize, Vec<usize>> = HashMap::new();
        let lookup: &HashMap<String, usize> = &entity_by_id;
        for &k in &event_order {
            let c = &r.events[k];
            let mut involved: Vec<usize> = [&c.source, &c.target, &c.location]
                .into_iter()
                .filter_map(|p| p.as_ref()?.entity.as_ref().and_then(|id| lookup.get(id.as_str()).copied()))
                .collect();
            involved.sort_unstable();
            involved.dedup();
            for e in involved {
                entity_events.entry(e).or_default().push(k);
            }
        }
        let contradiction_by_id = r.contradictions.iter().enumerate().map(|(k, c)| (c.id.to_string(), k)).collect();
        let mut entities_of_doc: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, e) in r.entities.iter().enumerate() {
            for m in &e.members {
                let list = entities_of_doc.entry(m.doc.to_string()).or_default();
                if list.last() != Some(&k) {
                    list.push(k);
                }
            }
        }
        let event_of_report =
            r.events.iter().enumerate().flat_map(|(k, c)| c.reports.iter().map(move |rep| (rep.id.to_string(), k))).collect();
        Picture {
            entity_by_id,
            spellings,
            entity_order,
            entity_items,
            event_by_id,
            event_order,
            event_days,
            event_items,
            entity_events,
            contradiction_by_id,
            entities_of_doc,
            event_of_report,
            r,
            stats,
            overview,
        }
    }

    /// Events (indices) involving a participant: an entity id, else a name or spelling
    /// containing `actor` (case-insensitive).
    pub fn actor_matches(&self, c: &Cluster, actor: &ActorFilter) -> bool {
        let parts = [&c.source, &c.target, &c.location];
        match actor {
            ActorFilter::Entity(id) => parts.iter().any(|p| p.as_ref().is_some_and(|p| p.entity.as_deref() == Some(id.as_str()))),
            ActorFilter::Name(needle) => parts.iter().any(|p| {
                p.as_ref().is_some_and(|p| {
                    p.name.to_lowercase().contains(needle.as_str())
                        || p.entity.as_ref().and_then(|id| self.entity_by_id.get(id.as_str())).is_some_and(|&k| self.spellings[k].contains(needle.as_str()))
                })
            }),
        }
    }
}

/// The `actor` filter of the event routes.
pub enum ActorFilter {
    Entity(String),
    /// Lowercased.
    Name(String),
}

/// An event's list or detail item; `max_reports` caps its reports.
pub fn event_item(c: &Cluster, days: Option<(i64, i64)>, max_reports: usize) -> EventItem<'_> {
    let truncated = c.reports.len() > max_reports;
    EventItem {
        cluster: c,
        evidence: c.reports.iter().take(max_reports).map(|r| &r.evidence).collect(),
        reports_truncated: truncated,
        start: days.map(|d| iso_of_day(d.0)),
        end: days.map(|d| iso_of_day(d.1)),
    }
}

/// An event's list item as JSON: the detail item with its reports (and their evidence) cut
/// to the first [`LIST_REPORTS`].
fn list_item_json(c: &Cluster, days: Option<(i64, i64)>) -> String {
    let mut value = serde_json::to_value(event_item(c, days, LIST_REPORTS)).unwrap_or_default();
    if let Some(reports) = value.get_mut("reports").and_then(serde_json::Value::as_array_mut) {
        reports.truncate(LIST_REPORTS);
    }
    serde_json::to_string(&value).unwrap_or_else(|_| "null".into())
}
