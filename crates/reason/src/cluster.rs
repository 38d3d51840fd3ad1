//! Event clustering: events from different documents (and repeated within one) that describe
//! the same real-world occurrence become one timeline entry listing every report.
//!
//! Two reports are one event when they have the same PLOVER type, mode, phase and modality
//! class, share at least one resolved participant (source, target or place: "the arrest of
//! Darvel" and "Darvel was arrested"), have no conflicting participant (a different resolved
//! entity in the same role), and compatible dates. Dates are compatible when their day ranges
//! overlap (or one is unknown); for **one-off events** (a named person arrested, dismissed or
//! resigning; the start or end of something; a request, deployment or aid between two named
//! actors) dates up to [`ONE_OFF_WINDOW`] days apart are still one event told with different
//! dates: the contradiction stage reports that disagreement. Copies of a report (exact and near
//! duplicates) join their original's event and count as one source.
//!
//! Blocking keeps this near-linear: events are indexed by (type key, participant), and an
//! event is compared only with the most recent clusters of its participants.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::facts::{date_range, DocFacts, EventFact, Evidence, Precision, SmolStr};
use crate::resolve::Resolved;

/// Days apart that two reports of a one-off event may date it and still be one event.
pub const ONE_OFF_WINDOW: i64 = 7;

/// Clusters examined per participant per event (the most recent ones).
const CANDIDATES_PER_KEY: usize = 64;

/// One real-world event with every report of it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Cluster {
    /// `V` and 10 hex digits of a hash of its first report's id.
    pub id: SmolStr,
    #[serde(rename = "type")]
    pub kind: SmolStr,
    pub mode: Option<SmolStr>,
    pub cameo: SmolStr,
    pub phase: Option<SmolStr>,
    /// Happens once (a named person's arrest, the start of the protests): reports dating it
    /// differently are one event, and their dates a contradiction.
    pub one_off: bool,
    /// The modality of its reports (`asserted`, `negated`, `hypothetical`, `future`).
    pub modality: SmolStr,
    pub summary: SmolStr,
    pub source: Option<Participant>,
    pub target: Option<Participant>,
    pub location: Option<Participant>,
    /// The most precise date the reports support (the one most sources give at that
    /// precision); `None` when no report dates it.
    pub date: Option<ClusterDate>,
    pub reports: Vec<Report>,
    pub n_reports: u32,
    /// Independent sources: documents, with copies of one report counted once.
    pub n_sources: u32,
    /// Contradictions about this event (ids in `contradictions`).
    pub disputed: Vec<SmolStr>,
}

impl Cluster {
    /// The sentence of every report (the export's `evidence`; kept once, in the reports).
    pub fn evidence(&self) -> impl Iterator<Item = &Evidence> {
        self.reports.iter().map(|r| &r.evidence)
    }
}

/// A participant of a clustered event.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Participant {
    /// The corpus entity's id, when resolved.
    pub entity: Option<SmolStr>,
    pub name: SmolStr,
    pub sector: Option<SmolStr>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ClusterDate {
    pub value: SmolStr,
    pub precision: Precision,
    /// Sources giving this date.
    pub n_sources: u32,
}

/// One document's report of the event.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Report {
    /// The event's id in its document (`<doc>:v<n>`).
    pub id: SmolStr,
    pub doc: SmolStr,
    /// The date this report gives (TIMEX3 value) and how it says it.
    pub date: Option<SmolStr>,
    pub date_text: Option<SmolStr>,
    pub evidence: Evidence,
}

/// An event as clustering sees it.
/// (Compact: millions exist at once on a large corpus.)
struct Ev<'a> {
    doc: u32,
    fact: &'a EventFact,
    /// Corpus entities of source, target, location.
    roles: [Option<u32>; 3],
    range: Option<(i64, i64, Precision)>,
    one_off: bool,
    block: u32,
}

struct Building {
    block: u32,
    roles: [Vec<u32>; 3],
    /// Day range of the first dated report.
    anchor: Option<(i64, i64)>,
    one_off: bool,
    members: Vec<usize>,
}

fn is_person(resolved: &Resolved, e: Option<u32>) -> bool {
    e.and_then(|k| resolved.entities.get(k as usize)).is_some_and(|e| e.kind == "PERSON")
}

/// Clusters the events of `docs`, given the resolved entities.
pub fn cluster(docs: &[DocFacts], resolved: &Resolved) -> Vec<Cluster> {
    let mut evs: Vec<Ev<'_>> = Vec::with_capacity(docs.iter().map(|d| d.events.len()).sum());
    // Block keys interned: (type, mode, phase, modality class) -> number.
    let mut blocks: HashMap<String, u32> = HashMap::new();
    for (d, doc) in docs.iter().enumerate() {
        for f in &doc.events {
            let role = |a: &Option<crate::facts::ActorFact>| {
                a.as_ref().and_then(|a| a.entity.and_then(|e| resolved.entity_of(d, e, Some(&a.text)).or_else(|| resolved.entity_of(d, e, None)))).and_then(|k| u32::try_from(k).ok())
            };
            let roles = [role(&f.source), role(&f.target), role(&f.location)];
            let asserted = f.modality == "asserted";
            let one_off = asserted
                && (f.phase.is_some()
                    || (is_person(resolved, roles[1]) && matches!(f.kind.as_str(), "COERCE" | "ASSAULT" | "RETREAT" | "SURRENDER"))
                    || (roles[0].is_some() && roles[1].is_some() && matches!(f.kind.as_str(), "REQUEST" | "MOBILIZE" | "AID" | "CONSULT" | "AGREE")));
            let block = format!("{}|{}|{}|{}", f.kind, f.mode.as_deref().unwrap_or(""), f.phase.as_deref().unwrap_or(""), if asserted { "a" } else { f.modality.as_str() });
            let next = blocks.len() as u32;
            let block = *blocks.entry(block).or_insert(next);
            evs.push(Ev { doc: d as u32, fact: f, roles, range: f.date.as_ref().and_then(date_range), one_off, block });
        }
    }
    // Dated events first, in date order, then the undated ones; stable within each.
    let mut order: Vec<usize> = (0..evs.len()).collect();
    order.sort_by_key(|&i| evs.get(i).map(|e| (e.range.is_none(), e.range.map_or(0, |r| r.0))).unwrap_or((true, 0)));

    let mut building: Vec<Building> = Vec::new();
    let mut by_key: HashMap<(u32, u32), Vec<usize>> = HashMap::new();
    // Copies: the same sentence of the same original, same type and trigger (hashed). Only
    // documents that have copies, and the copies, take part.
    let copied: std::collections::HashSet<&str> = docs.iter().filter_map(|d| d.original.as_deref()).collect();
    let mut by_copy: HashMap<u64, usize> = HashMap::new();
    for &i in &order {
        let Some(ev) = evs.get(i) else { continue };
        let doc = docs.get(ev.doc as usize);
        let copy_key = doc.filter(|d| d.original.is_some() || copied.contains(d.doc.as_str())).map(|doc| {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (doc.source_key(), ev.fact.evidence.text.as_str(), ev.fact.kind.as_str(), ev.fact.lemma.as_str()).hash(&mut h);
            h.finish()
        });
        if let Some(&c) = copy_key.and_then(|k| by_copy.get(&k)) {
            if let Some(b) = building.get_mut(c) {
                if !b.members.iter().any(|&m| evs.get(m).is_some_and(|x| x.doc == ev.doc)) {
                    b.members.push(i);
                    continue;
                }
            }
        }
        let mut best: Option<(usize, i64)> = None;
        if ev.fact.modality == "asserted" {
            let mut seen: Vec<usize> = Vec::new();
            for g in ev.roles.iter().flatten() {
                let Some(list) = by_key.get(&(ev.block, *g)) else { continue };
                for &c in list.iter().rev().take(CANDIDATES_PER_KEY) {
                    if seen.contains(&c) {
                        continue;
                    }
                    seen.push(c);
                    let Some(b) = building.get(c) else { continue };
                    if let Some(score) = compatible(ev, b) {
                        if best.is_none_or(|(_, s)| score > s) {
                            best = Some((c, score));
                        }
                    }
                }
            }
        }
        let c = match best {
            Some((c, _)) => c,
            None => {
                building.push(Building { block: ev.block, roles: [Vec::new(), Vec::new(), Vec::new()], anchor: None, one_off: false, members: Vec::new() });
                building.len() - 1
            }
        };
        if let Some(k) = copy_key {
            by_copy.entry(k).or_insert(c);
        }
        if let Some(b) = building.get_mut(c) {
            b.members.push(i);
            b.one_off |= ev.one_off;
            if b.anchor.is_none() {
                b.anchor = ev.range.map(|r| (r.0, r.1));
            }
            for (r, g) in ev.roles.iter().enumerate() {
                if let (Some(g), Some(list)) = (g, b.roles.get_mut(r)) {
                    if !list.contains(g) {
                        list.push(*g);
                        by_key.entry((b.block, *g)).or_default().push(c);
                    }
                }
            }
        }
    }
    let mut out: Vec<Cluster> = building.iter().map(|b| finish(b, &evs, docs, resolved)).collect();
    // Timeline order: by date (undated last), then by id for stability.
    out.sort_by(|a, b| {
        let key = |c: &Cluster| c.date.as_ref().and_then(|d| crate::facts::day_range(&d.value)).map(|r| r.0);
        (key(a).is_none(), key(a), &a.id).cmp(&(key(b).is_none(), key(b), &b.id))
    });
    out
}

/// A score when `ev` can join `b` (more shared participants, closer dates: higher).
fn compatible(ev: &Ev<'_>, b: &Building) -> Option<i64> {
    let mut shared = 0i64;
    let mut shared_actor = false;
    for (r, g) in ev.roles.iter().enumerate() {
        let Some(g) = g else { continue };
        let Some(list) = b.roles.get(r) else { continue };
        if list.contains(g) {
            shared += 1;
            shared_actor |= r < 2;
        } else if !list.is_empty() {
            return None; // a different participant in the same role
        }
    }
    if shared == 0 {
        return None;
    }
    let one_off = ev.one_off || b.one_off;
    let distance = match (ev.range, b.anchor) {
        (Some((s, e, _)), Some((bs, be))) => {
            let gap = if e < bs { bs - e } else if be < s { s - be } else { 0 };
            if gap > 0 && !(one_off && gap <= ONE_OFF_WINDOW) {
                return None;
            }
            gap
        }
        // An undated report joins only through one of the actors, not the place alone.
        _ if !shared_actor && !one_off => return None,
        _ => ONE_OFF_WINDOW + 1,
    };
    Some(shared * 100 - distance)
}

fn finish(b: &Building, evs: &[Ev<'_>], docs: &[DocFacts], resolved: &Resolved) -> Cluster {
    let members: Vec<&Ev<'_>> = b.members.iter().filter_map(|&i| evs.get(i)).collect();
    let mut sources: Vec<&str> = Vec::new();
    let mut reports = Vec::with_capacity(members.len());
    for ev in &members {
        let Some(doc) = docs.get(ev.doc as usize) else { continue };
        if !sources.contains(&doc.source_key()) {
            sources.push(doc.source_key());
        }
        reports.push(Report {
            id: smol_str::format_smolstr!("{}:v{}", doc.doc, ev.fact.n),
            doc: doc.doc.clone(),
            date: ev.fact.date.as_ref().map(|d| d.value.clone()),
            date_text: ev.fact.date.as_ref().map(|d| d.text.clone()),
            evidence: ev.fact.evidence.clone(),
        });
    }
    // The representative: most resolved participants, then earliest.
    let rep = members.iter().max_by_key(|e| (e.roles.iter().flatten().count(), std::cmp::Reverse(e.doc))).copied();
    let participant = |r: usize| -> Option<Participant> {
        // The participant most reports resolve, else the representative's words.
        let mut votes: Vec<(u32, u32)> = Vec::new();
        for ev in &members {
            if let Some(g) = ev.roles.get(r).copied().flatten() {
                match votes.iter_mut().find(|v| v.0 == g) {
                    Some(v) => v.1 += 1,
                    None => votes.push((g, 1)),
                }
            }
        }
        votes.sort_by_key(|v| std::cmp::Reverse(v.1));
        let actor_of = |ev: &Ev<'_>| match r {
            0 => ev.fact.source.clone(),
            1 => ev.fact.target.clone(),
            _ => ev.fact.location.clone(),
        };
        if let Some(e) = votes.first().and_then(|v| resolved.entities.get(v.0 as usize)) {
            let sector = members.iter().find_map(|ev| actor_of(ev).and_then(|a| a.sector));
            return Some(Participant { entity: Some(e.id.as_str().into()), name: e.name.as_str().into(), sector });
        }
        let a = rep.and_then(actor_of)?;
        Some(Participant { entity: None, name: a.text, sector: a.sector })
    };
    // The date: the most precise level any report gives, then the value most sources give.
    let mut dates: Vec<(String, Precision, Vec<&str>)> = Vec::new();
    for ev in &members {
        let (Some(d), Some((_, _, p))) = (ev.fact.date.as_ref(), ev.range) else { continue };
        let key = docs.get(ev.doc as usize).map_or("", |x| x.source_key());
        let value = d.value.get(..10).filter(|_| p == Precision::Day).unwrap_or(&d.value).to_string();
        match dates.iter_mut().find(|x| x.0 == value) {
            Some(x) => {
                if !x.2.contains(&key) {
                    x.2.push(key);
                }
            }
            None => dates.push((value, p, vec![key])),
        }
    }
    dates.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.len().cmp(&a.2.len())).then(a.0.cmp(&b.0)));
    let date = dates.first().map(|(v, p, s)| ClusterDate { value: v.as_str().into(), precision: *p, n_sources: s.len() as u32 });
    let first = reports.first().map_or(SmolStr::default(), |r| r.id.clone());
    let hash = blake3::hash(first.as_bytes()).to_hex();
    let f = rep.map(|e| e.fact);
    Cluster {
        id: smol_str::format_smolstr!("V{}", hash.get(..10).unwrap_or("")),
        kind: f.map_or(SmolStr::default(), |f| f.kind.clone()),
        mode: f.and_then(|f| f.mode.clone()),
        cameo: f.map_or(SmolStr::default(), |f| f.cameo.clone()),
        phase: f.and_then(|f| f.phase.clone()),
        one_off: b.one_off,
        modality: f.map_or(SmolStr::default(), |f| f.modality.clone()),
        summary: f.map_or(SmolStr::default(), |f| f.summary.clone()),
        source: participant(0),
        target: participant(1),
        location: participant(2),
        date,
        n_reports: reports.len() as u32,
        n_sources: sources.len() as u32,
        reports,
        disputed: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{ActorFact, DateFact, LocalEntity};
    use crate::resolve::resolve;

    fn date(v: &str) -> Option<DateFact> {
        Some(DateFact::new(v, v, v, v))
    }

    fn ev(n: u32, kind: &str, mode: Option<&str>, target: Option<u32>, d: Option<&str>, sentence: &str) -> EventFact {
        EventFact {
            n,
            kind: kind.into(),
            mode: mode.map(Into::into),
            cameo: "173".into(),
            modality: "asserted".into(),
            lemma: "arrest".into(),
            target: target.map(|e| ActorFact { entity: Some(e), text: "Darvel".into(), sector: None }),
            date: d.and_then(date),
            summary: "Darvel: arrested".into(),
            evidence: Evidence { doc: SmolStr::default(), start: 0, end: sentence.len() as u32, text: sentence.into() },
            ..EventFact::default()
        }
    }

    fn darvel(id: &str, original: Option<&str>, events: Vec<EventFact>) -> DocFacts {
        DocFacts {
            doc: id.into(),
            original: original.map(Into::into),
            entities: vec![
                LocalEntity { n: 0, name: "Konstantin Darvel".into(), kind: "PERSON".into(), aliases: vec![("Konstantin Darvel".into(), 1), ("Darvel".into(), 2)], ..LocalEntity::default() },
                LocalEntity { n: 1, name: "Anton Mirel".into(), kind: "PERSON".into(), aliases: vec![("Anton Mirel".into(), 1)], ..LocalEntity::default() },
            ],
            events,
            ..DocFacts::default()
        }
    }

    #[test]
    fn one_arrest_told_with_two_dates_is_one_event() {
        let docs = vec![
            darvel("a", None, vec![ev(0, "COERCE", Some("arrest"), Some(0), Some("2031-01-06"), "Darvel was arrested on January 6.")]),
            darvel("b", None, vec![ev(0, "COERCE", Some("arrest"), Some(0), Some("2031-01-08"), "Darvel was arrested on January 8.")]),
            darvel("c", Some("b"), vec![ev(0, "COERCE", Some("arrest"), Some(0), Some("2031-01-08"), "Darvel was arrested on January 8.")]),
            darvel("d", None, vec![ev(0, "COERCE", Some("arrest"), Some(0), None, "Darvel is in custody."), ev(1, "COERCE", Some("arrest"), Some(1), Some("2031-01-06"), "Mirel was arrested.")]),
            darvel("e", None, vec![ev(0, "COERCE", Some("dismiss"), Some(0), Some("2031-01-05"), "Darvel was dismissed.")]),
        ];
        let r = resolve(&docs, &[]);
        let clusters = cluster(&docs, &r);
        let arrest: Vec<&Cluster> = clusters.iter().filter(|c| c.mode.as_deref() == Some("arrest") && c.target.as_ref().is_some_and(|t| t.name == "Konstantin Darvel")).collect();
        assert_eq!(arrest.len(), 1, "{clusters:#?}");
        let a = arrest[0];
        assert_eq!(a.n_reports, 4);
        assert_eq!(a.n_sources, 3, "the copy counts once");
        // 2031-01-08 has two reports but one independent source, like 2031-01-06: the tie
        // goes to the earlier date.
        assert_eq!(a.date.as_ref().unwrap().value, "2031-01-06");
        // Mirel's arrest and Darvel's dismissal are other events.
        assert_eq!(clusters.len(), 3);
    }

    #[test]
    fn recurring_events_on_different_days_stay_apart() {
        let protest = |n: u32, day: &str, text: &str| EventFact {
            n,
            kind: "PROTEST".into(),
            mode: Some("demo".into()),
            modality: "asserted".into(),
            location: Some(ActorFact { entity: Some(2), text: "Dranmoor".into(), sector: None }),
            date: date(day),
            evidence: Evidence { text: text.into(), ..Evidence::default() },
            ..EventFact::default()
        };
        let with_place = |id: &str, events| {
            let mut d = darvel(id, None, events);
            d.entities.push(LocalEntity { n: 2, name: "Dranmoor".into(), kind: "LOC".into(), aliases: vec![("Dranmoor".into(), 1)], ..LocalEntity::default() });
            d
        };
        let docs = vec![
            with_place("a", vec![protest(0, "2031-01-03", "Crowds protested in Dranmoor on Friday.")]),
            with_place("b", vec![protest(0, "2031-01-03", "Thousands rallied in Dranmoor on January 3.")]),
            with_place("c", vec![protest(0, "2031-01-05", "Protesters marched in Dranmoor again on Sunday.")]),
        ];
        let r = resolve(&docs, &[]);
        let clusters = cluster(&docs, &r);
        // Protests are not one-off: the same place on another day is another protest.
        assert_eq!(clusters.len(), 2, "{clusters:#?}");
        assert_eq!(clusters[0].n_sources, 2);
        assert_eq!(clusters[0].date.as_ref().unwrap().value, "2031-01-03");
        assert_eq!(clusters[1].n_sources, 1);
        assert!(!clusters[0].one_off);
        // An undated report at the place alone does not join either (it names no actor).
        let mut docs = docs;
        docs.push(with_place("d", vec![EventFact { date: None, ..protest(0, "x", "People protest in Dranmoor.") }]));
        let r = resolve(&docs, &[]);
        assert_eq!(cluster(&docs, &r).len(), 3);
    }
}
