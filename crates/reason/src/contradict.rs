//! Where sources disagree: incompatible dates for one event and incompatible figures for one
//! thing, each side with its value, documents and sentences.
//!
//! **Dates.** A one-off event (see [`crate::cluster`]) whose reports give different days: the
//! arrest dated January 6 by two sources and January 8 by two others. Coarser dates that
//! contain a side ("earlier in the week", "January 4-7" around "January 5") are compatible
//! and are not sides.
//!
//! **Figures.** Counts are grouped by topic: what happened to what is counted (killed,
//! injured, detained, missing, displaced, deployed; from the figure's predicate: "164 people
//! were killed", "the detention of 9,800 people", "deployed 2,030 troops") and what is counted
//! (people, troops; else the counted word itself), plus the actor when known. Values are
//! intervals ("at least 164" is 164 and up, "about 2,500" is 2,250-2,750), so "at least 160"
//! and "164" agree. Vague magnitudes ("dozens") are never a side. For tolls that only grow
//! (killed, injured, detained, missing, displaced) a later, higher figure is an **update**,
//! labelled so with its dates; any other incompatible pair is a **contradiction**.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::cluster::Cluster;
use crate::dsu::Dsu;
use crate::facts::{day_range, DocFacts, Evidence, FigureFact, Precision};
use crate::resolve::Resolved;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Contradiction {
    /// `C` and 10 hex digits of a hash of the topic key.
    pub id: String,
    /// What it is about, in words ("date of the arrest of Konstantin Darvel", "death toll").
    pub topic: String,
    /// `date` or `figure`.
    pub kind: String,
    /// `contradiction` (incompatible values) or `update` (a later figure revising an earlier
    /// one; every incompatible pair is one).
    pub status: String,
    /// The clustered event it is about (ids in `events`), for dates.
    pub event: Option<String>,
    /// One claim per distinct value, in date order.
    pub claims: Vec<Claim>,
    /// A sentence for the analyst: "2031-01-06 (2 sources) vs 2031-01-08 (2 sources)".
    pub note: String,
    /// Every claim's sentences.
    pub evidence: Vec<Evidence>,
}

impl Contradiction {
    fn new(key: &str, topic: String, kind: &str, status: &str, event: Option<String>, claims: Vec<Claim>, note: String) -> Contradiction {
        let evidence = claims.iter().flat_map(|c| c.evidence.iter().cloned()).collect();
        Contradiction { id: id_of(key), topic, kind: kind.into(), status: status.into(), event, claims, note, evidence }
    }
}

/// One side: a value and who gives it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Claim {
    /// As the sources give it ("2031-01-06", "at least 164").
    pub value: String,
    /// The date the value is stated for or published on (ISO), when known.
    pub as_of: Option<String>,
    pub docs: Vec<String>,
    /// Independent sources (copies of one report count once).
    pub n_sources: u32,
    pub evidence: Vec<Evidence>,
}

/// Finds the contradictions and updates of the corpus.
pub fn find(docs: &[DocFacts], resolved: &Resolved, clusters: &[Cluster]) -> Vec<Contradiction> {
    let mut out = dates(docs, clusters);
    out.extend(figures(docs, resolved, &stories(docs, resolved, clusters)));
    out
}

/// Groups documents into stories: two documents tell one story when they report one one-off
/// event with a named participant (a cluster with two independent sources), when one copies the
/// other, or when the place each mentions most is the same place. Entities named in a large
/// share of the corpus (a superpower, a world leader: more than 1% of the documents, and more
/// than 50) link nothing, or every crisis they touch would become one story; and no link makes
/// a story larger than 1% of the corpus (at least 200 documents). A figure with no actor
/// ("164 people were killed") is compared only within its story (and time window), so one
/// crisis's toll is never set against another's.
pub fn stories(docs: &[DocFacts], resolved: &Resolved, clusters: &[Cluster]) -> Vec<usize> {
    let by_id: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.doc.as_str(), i)).collect();
    let hub = (docs.len() / 100).max(50) as u32;
    let specific = |g: usize| resolved.entities.get(g).is_some_and(|e| e.n_documents <= hub);
    let entity_ids: HashMap<&str, usize> = resolved.entities.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    // Stories stay small: a link that would make one larger than `cap` documents is not
    // made (a chain of shared places and events across crises would otherwise join them all;
    // measured on the generated corpus of `cargo xtask bench reason`).
    let cap = (docs.len() / 100).max(200);
    let mut sets = Dsu::new(docs.len());
    let union = |sets: &mut Dsu, a: usize, b: usize, capped: bool| {
        if capped && sets.find(a) != sets.find(b) && sets.size_of(a) + sets.size_of(b) > cap {
            return;
        }
        sets.union(a, b);
    };
    let mut by_place: HashMap<usize, usize> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        if let Some(&o) = d.original.as_deref().and_then(|o| by_id.get(o)) {
            union(&mut sets, i, o, false);
        }
        // The place the document mentions most (ties: the first).
        let top = d
            .entities
            .iter()
            .filter(|e| e.kind == "LOC")
            .filter_map(|e| resolved.entity_of(i, e.n, None).filter(|&g| specific(g)).map(|g| (g, e.n_mentions())))
            .fold(None, |best: Option<(usize, u32)>, x| if best.is_none_or(|b| x.1 > b.1) { Some(x) } else { best });
        if let Some((place, _)) = top {
            match by_place.get(&place) {
                Some(&first) => union(&mut sets, first, i, true),
                None => {
                    by_place.insert(place, i);
                }
            }
        }
    }
    for c in clusters {
        let named = [&c.source, &c.target, &c.location]
            .iter()
            .any(|p| p.as_ref().and_then(|p| p.entity.as_deref()).and_then(|id| entity_ids.get(id)).is_some_and(|&g| specific(g)));
        // Only one-off events (an arrest of a named person, a request between two named
        // actors, the start of the protests): recurring ones (meetings of one organisation)
        // would chain crises together.
        if !c.one_off || c.n_sources < 2 || c.modality != "asserted" || !named {
            continue;
        }
        let mut first: Option<usize> = None;
        for r in &c.reports {
            let Some(&d) = by_id.get(r.doc.as_str()) else { continue };
            match first {
                None => first = Some(d),
                Some(f) => union(&mut sets, f, d, true),
            }
        }
    }
    (0..docs.len()).map(|i| sets.find(i)).collect()
}

/// Figures more than this many days apart (by the date they hold for) are not about the same
/// thing even within one story: a toll a year later is another toll.
const FIGURE_WINDOW: i64 = 31;

/// Adds one report to a claim: its document, the independent source it counts for (`keys`),
/// and its sentence, each once.
fn add_report(claim: &mut Claim, keys: &mut Vec<String>, doc: &str, key: &str, evidence: &Evidence) {
    if !claim.docs.iter().any(|d| d == doc) {
        claim.docs.push(doc.to_string());
    }
    if !keys.iter().any(|k| k == key) {
        keys.push(key.to_string());
    }
    if !claim.evidence.contains(evidence) {
        claim.evidence.push(evidence.clone());
    }
}

fn source_key<'a>(docs: &'a [DocFacts], doc: &str, by_id: &HashMap<&str, usize>) -> &'a str {
    by_id.get(doc).and_then(|&d| docs.get(d)).map_or("", |d| d.source_key())
}

fn id_of(key: &str) -> String {
    let hash = blake3::hash(key.as_bytes()).to_hex();
    format!("C{}", hash.get(..10).unwrap_or(""))
}

/// The noun for an event in a topic ("arrest", "protests").
fn event_noun(c: &Cluster) -> String {
    let by_mode = c.mode.as_deref().and_then(|m| {
        Some(match m {
            "arrest" => "arrest",
            "dismiss" => "dismissal",
            "resign" => "resignation",
            "seize" => "seizure",
            "martial-law" => "state of emergency",
            "curfew" => "curfew",
            "censor" => "censorship",
            "troops" => "deployment",
            "demo" => "protests",
            "firearms" => "shooting",
            _ => return None,
        })
    });
    let noun = by_mode.map(str::to_string).unwrap_or_else(|| {
        match c.kind.as_str() {
            "PROTEST" => "protests",
            "ASSAULT" => "violence",
            "MOBILIZE" => "deployment",
            "REQUEST" => "request",
            "AID" => "aid",
            "COERCE" => "crackdown",
            "ACCUSE" => "accusation",
            "CONSULT" => "meeting",
            "AGREE" => "agreement",
            "THREATEN" => "threat",
            "RETREAT" => "withdrawal",
            _ => "event",
        }
        .to_string()
    });
    noun
}

fn date_topic(c: &Cluster) -> String {
    let noun = event_noun(c);
    let mut topic = match c.phase.as_deref() {
        Some("start") => format!("start of the {noun}"),
        Some("end") => format!("end of the {noun}"),
        _ => format!("date of the {noun}"),
    };
    if let Some(t) = &c.target {
        topic.push_str(&format!(" of {}", t.name));
    } else if let Some(s) = c.source.as_ref().filter(|s| s.entity.is_some()) {
        topic.push_str(&format!(" by {}", s.name));
    }
    if let Some(l) = c.location.as_ref().filter(|l| l.entity.is_some()) {
        topic.push_str(&format!(" in {}", l.name));
    }
    topic
}

fn dates(docs: &[DocFacts], clusters: &[Cluster]) -> Vec<Contradiction> {
    let by_id: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.doc.as_str(), i)).collect();
    let mut out = Vec::new();
    for c in clusters {
        if !c.one_off {
            continue;
        }
        // Day-precise reports, grouped by day.
        let mut sides: Vec<(String, i64, Claim, Vec<String>)> = Vec::new();
        for r in &c.reports {
            let Some(v) = r.date.as_deref() else { continue };
            let Some((d, _, Precision::Day)) = day_range(v) else { continue };
            let day = v.get(..10).unwrap_or(v).to_string();
            let key = source_key(docs, &r.doc, &by_id);
            let k = match sides.iter().position(|s| s.0 == day) {
                Some(k) => k,
                None => {
                    sides.push((day.clone(), d, Claim { value: day, ..Claim::default() }, Vec::new()));
                    sides.len() - 1
                }
            };
            let Some(side) = sides.get_mut(k) else { continue };
            add_report(&mut side.2, &mut side.3, &r.doc, key, &r.evidence);
        }
        if sides.len() < 2 {
            continue;
        }
        sides.sort_by_key(|s| s.1);
        let claims: Vec<Claim> = sides
            .into_iter()
            .map(|(_, _, mut claim, keys)| {
                claim.n_sources = keys.len() as u32;
                claim
            })
            .collect();
        let note = claims.iter().map(|c| format!("{} ({} source{})", c.value, c.n_sources, if c.n_sources == 1 { "" } else { "s" })).collect::<Vec<_>>().join(" vs ");
        out.push(Contradiction::new(&format!("date|{}", c.id), date_topic(c), "date", "contradiction", Some(c.id.to_string()), claims, note));
    }
    out
}

/// What happened to the counted things, from the figure's predicate lemma.
fn predicate_class(lemma: &str) -> Option<&'static str> {
    Some(match lemma {
        "kill" | "die" | "dead" | "death" | "perish" | "slay" | "toll" | "fatality" | "murder" | "shoot" => "killed",
        "injure" | "wound" | "hurt" | "treat" | "hospitalize" | "hospitalise" | "injury" => "injured",
        "detain" | "arrest" | "jail" | "imprison" | "detention" | "round" | "apprehend" => "detained",
        "deploy" | "send" | "fly" | "dispatch" | "airlift" | "take part" | "station" | "land" | "contribute" | "deployment" | "commit" => "deployed",
        "miss" | "disappear" | "vanish" => "missing",
        "displace" | "flee" | "evacuate" | "uproot" => "displaced",
        _ => return None,
    })
}

/// Classes of counted things; others keep their own word.
fn counted_class(counted: &str) -> String {
    let first: String = counted
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let singular = first.strip_suffix('s').filter(|s| s.len() > 3).unwrap_or(&first);
    match singular {
        "people" | "person" | "civilian" | "protester" | "demonstrator" | "resident" | "citizen" | "individual" | "victim" | "men" | "women" | "children" | "body" | "bodie" | "dead" | "wounded" | "injured" | "detainee" | "casualtie" | "casualty" => "people".into(),
        "troop" | "soldier" | "peacekeeper" | "servicemen" | "serviceman" | "personnel" | "paratrooper" | "service" => "troops".into(),
        _ => singular.to_string(),
    }
}

fn cumulative(class: &str) -> bool {
    class != "deployed"
}

fn topic_words(pred: &str, counted: &str, actor: Option<&str>) -> String {
    match (pred, counted) {
        ("killed", "people") => "death toll".into(),
        ("injured", "people") => "number of injured".into(),
        ("detained", "people") => "number of people detained".into(),
        ("missing", "people") => "number of missing".into(),
        ("displaced", "people") => "number of displaced".into(),
        ("deployed", "troops") => match actor {
            Some(a) => format!("size of the {a} force"),
            None => "number of troops deployed".into(),
        },
        (p, c) => format!("{c} {p}"),
    }
}

/// A figure as an interval of values. "Just over 2,000" is not "more than 2,000": a bound
/// said to be close ("just", "slightly", "a little") stays within 10% of the number.
fn interval(f: &FigureFact) -> (f64, f64) {
    let v = f.value;
    let text = f.text.trim_start().to_lowercase();
    let close = ["just ", "slightly ", "a little ", "a bit ", "marginally "].iter().any(|w| text.starts_with(w));
    match (f.bound.as_str(), f.value_max) {
        (_, Some(max)) if max >= v => (v, max),
        ("lower", _) if close => (v, v * 1.1),
        ("upper", _) if close => (v * 0.9, v),
        (_, Some(max)) if max >= v => (v, max),
        ("lower", _) => (v, f64::INFINITY),
        ("upper", _) => (0.0, v),
        ("approximate", _) => (v * 0.9, v * 1.1),
        _ => (v, v),
    }
}

struct Side {
    interval: (f64, f64),
    claim: Claim,
    keys: Vec<String>,
    /// Day number of `as_of`.
    day: Option<i64>,
}

/// (predicate class, counted class, actor entity, story).
type TopicKey = (&'static str, String, Option<usize>, usize);

fn figures(docs: &[DocFacts], resolved: &Resolved, stories: &[usize]) -> Vec<Contradiction> {
    let mut topics: HashMap<TopicKey, Vec<(usize, &FigureFact)>> = HashMap::new();
    let mut order: Vec<TopicKey> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for f in &doc.figures {
            if f.kind != "count" || f.vague || !f.value.is_finite() {
                continue;
            }
            let Some(counted) = f.counted.as_deref() else { continue };
            let class = counted_class(counted);
            // A number of troops is the size of a force even with no verb ("the mission, just
            // over 2,000 troops indicates ..."); other counts need to say what happened to them.
            let pred = match f.predicate.as_deref().and_then(predicate_class) {
                Some(p) => p,
                None if class == "troops" => "deployed",
                None => continue,
            };
            let actor = f.about.and_then(|e| resolved.entity_of(d, e, None));
            let key = (pred, class, actor, stories.get(d).copied().unwrap_or(d));
            let list = topics.entry(key.clone()).or_default();
            if list.is_empty() {
                order.push(key);
            }
            list.push((d, f));
        }
    }
    // Figures without an actor join the one actor their topic has, if it has exactly one.
    // (Owners are looked up by topic, so that this stays linear in the number of topics.)
    let mut owners: HashMap<(&'static str, &str, usize), Vec<&TopicKey>> = HashMap::new();
    for k in order.iter().filter(|k| k.2.is_some()) {
        owners.entry((k.0, k.1.as_str(), k.3)).or_default().push(k);
    }
    let mut merged: HashSet<TopicKey> = HashSet::new();
    for key in order.iter().filter(|k| k.2.is_none()) {
        if let Some([owner]) = owners.get(&(key.0, key.1.as_str(), key.3)).map(Vec::as_slice) {
            let moved = topics.remove(key).unwrap_or_default();
            topics.entry((*owner).clone()).or_default().extend(moved);
            merged.insert(key.clone());
        }
    }
    let order: Vec<TopicKey> = order.into_iter().filter(|k| !merged.contains(k)).collect();
    let mut out = Vec::new();
    for key in order {
        let Some(all) = topics.get(&key) else { continue };
        // Time segments: figures sorted by the day they hold for, cut where the gap exceeds
        // the window (undated figures go with the first segment).
        let day_of = |&(d, f): &(usize, &FigureFact)| -> Option<i64> {
            let t = f.time.as_deref().filter(|t| matches!(day_range(t), Some((_, _, Precision::Day)))).or(docs.get(d).and_then(|x| x.published.as_deref()))?;
            crate::facts::day_number(t.get(..10).unwrap_or(t))
        };
        let mut sorted: Vec<(Option<i64>, (usize, &FigureFact))> = all.iter().map(|x| (day_of(x), *x)).collect();
        sorted.sort_by_key(|x| x.0);
        let mut segments: Vec<Vec<(usize, &FigureFact)>> = vec![Vec::new()];
        let mut last: Option<i64> = None;
        for (day, x) in sorted {
            if let (Some(day), Some(prev)) = (day, last) {
                if day - prev > FIGURE_WINDOW {
                    segments.push(Vec::new());
                }
            }
            if day.is_some() {
                last = day;
            }
            if let Some(seg) = segments.last_mut() {
                seg.push(x);
            }
        }
        for (n_segment, figs) in segments.iter().enumerate() {
        let mut sides: Vec<Side> = Vec::new();
        for &(d, f) in figs {
            let Some(doc) = docs.get(d) else { continue };
            let iv = interval(f);
            let as_of = f
                .time
                .as_deref()
                .filter(|t| matches!(day_range(t), Some((_, _, Precision::Day))))
                .or(doc.published.as_deref())
                .map(|t| t.get(..10).unwrap_or(t).to_string());
            let day = as_of.as_deref().and_then(crate::facts::day_number);
            let value = f.text.trim().to_string();
            let k = match sides.iter().position(|s| s.interval == iv && s.claim.value.eq_ignore_ascii_case(&value)) {
                Some(k) => k,
                None => {
                    sides.push(Side { interval: iv, claim: Claim { value, as_of: as_of.clone(), ..Claim::default() }, keys: Vec::new(), day });
                    sides.len() - 1
                }
            };
            let Some(side) = sides.get_mut(k) else { continue };
            // The earliest date a value is given on.
            if day.is_some() && (side.day.is_none() || day < side.day) {
                side.day = day;
                side.claim.as_of = as_of;
            }
            add_report(&mut side.claim, &mut side.keys, &doc.doc, doc.source_key(), &f.evidence);
        }
        // Only values from different sentences or documents disagree: a sentence repeated by a
        // copy is one side.
        let mut conflict = false;
        let mut update = false;
        for (i, a) in sides.iter().enumerate() {
            for b in sides.iter().skip(i + 1) {
                let disjoint = a.interval.1 < b.interval.0 || b.interval.1 < a.interval.0;
                if !disjoint {
                    continue;
                }
                let (early, late) = if a.day <= b.day { (a, b) } else { (b, a) };
                let is_update = cumulative(key.0) && early.day.is_some() && late.day > early.day && late.interval.0 > early.interval.1;
                if is_update {
                    update = true;
                } else {
                    conflict = true;
                }
            }
        }
        if !conflict && !update {
            continue;
        }
        let actor_name = key.2.and_then(|e| resolved.entities.get(e)).map(|e| e.name.as_str());
        let topic = topic_words(key.0, &key.1, actor_name);
        let mut claims: Vec<(Option<i64>, Claim)> = sides
            .into_iter()
            .map(|mut s| {
                s.claim.n_sources = s.keys.len() as u32;
                (s.day, s.claim)
            })
            .collect();
        claims.sort_by_key(|c| (c.0.is_none(), c.0));
        let claims: Vec<Claim> = claims.into_iter().map(|c| c.1).collect();
        let status = if conflict { "contradiction" } else { "update" };
        let joiner = if conflict { " vs " } else { " -> " };
        let note = claims
            .iter()
            .map(|c| format!("{} ({}{} source{})", c.value, c.as_of.as_deref().map(|d| format!("{d}, ")).unwrap_or_default(), c.n_sources, if c.n_sources == 1 { "" } else { "s" }))
            .collect::<Vec<_>>()
            .join(joiner);
        let actor_id = key.2.and_then(|e| resolved.entities.get(e)).map_or("", |e| e.id.as_str());
        let story = docs.get(key.3).map_or("", |d| d.doc.as_str());
        out.push(Contradiction::new(&format!("figure|{}|{}|{actor_id}|{story}|{n_segment}", key.0, key.1), topic, "figure", status, None, claims, note));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::LocalEntity;
    use crate::resolve::resolve;

    fn fig(n: u32, text: &str, value: f64, bound: &str, counted: &str, predicate: &str, time: Option<&str>) -> FigureFact {
        FigureFact {
            n,
            kind: "count".into(),
            text: text.into(),
            value,
            bound: bound.into(),
            counted: Some(counted.into()),
            predicate: Some(predicate.into()),
            time: time.map(Into::into),
            evidence: Evidence { doc: Default::default(), start: n, end: n + 1, text: format!("{text} {counted} {predicate}").into() },
            ..FigureFact::default()
        }
    }

    /// One event reported by every document: they tell one story.
    fn one_story(docs: &[DocFacts], r: &Resolved) -> Vec<Cluster> {
        vec![Cluster {
            id: "V0000000000".into(),
            modality: "asserted".into(),
            one_off: true,
            source: Some(crate::cluster::Participant { entity: Some(r.entities[0].id.as_str().into()), name: "Rekker".into(), sector: None }),
            reports: docs.iter().map(|d| crate::cluster::Report { id: format!("{}:v0", d.doc).into(), doc: d.doc.clone(), ..Default::default() }).collect(),
            n_sources: docs.len() as u32,
            ..Cluster::default()
        }]
    }

    fn doc(id: &str, published: &str, figures: Vec<FigureFact>) -> DocFacts {
        DocFacts { doc: id.into(), published: Some(published.into()), figures, entities: vec![LocalEntity::default()], ..DocFacts::default() }
    }

    #[test]
    fn tolls_update_and_troop_counts_contradict() {
        let docs = vec![
            doc("a", "2031-01-10", vec![fig(0, "164", 164.0, "exact", "people", "kill", None), fig(1, "16", 16.0, "exact", "members", "kill", None), fig(2, "2,030", 2030.0, "exact", "troops", "deploy", None)]),
            doc("b", "2031-01-11", vec![fig(0, "At least 164", 164.0, "lower", "people", "kill", Some("2031-01-10")), fig(1, "about 2,500", 2500.0, "approximate", "“peacekeepers”", "fly", None)]),
            doc("c", "2031-01-16", vec![fig(0, "225", 225.0, "exact", "people", "kill", None)]),
            doc("d", "2031-01-06", vec![fig(0, "3,000", 3000.0, "exact", "troops", "take part", None), FigureFact { vague: true, ..fig(1, "dozens", 12.0, "lower", "people", "kill", None) }]),
            doc("e", "2031-01-12", vec![fig(0, "2,030", 2030.0, "exact", "troops", "deploy", None), fig(1, "1,050", 1050.0, "exact", "people remained", "remain", None)]),
        ];
        let r = resolve(&docs, &[]);
        let found = find(&docs, &r, &one_story(&docs, &r));
        let toll = found.iter().find(|c| c.topic == "death toll").expect("death toll");
        assert_eq!(toll.status, "update", "{toll:#?}");
        assert_eq!(toll.claims.first().unwrap().value, "164");
        assert_eq!(toll.claims.last().unwrap().value, "225");
        let troops = found.iter().find(|c| c.topic == "number of troops deployed").expect("troops");
        assert_eq!(troops.status, "contradiction");
        assert_eq!(troops.claims.len(), 3);
        let two_thousand = troops.claims.iter().find(|c| c.value == "2,030").unwrap();
        assert_eq!(two_thousand.n_sources, 2);
        assert_eq!(found.len(), 2, "{found:#?}");
    }

    #[test]
    fn compatible_figures_are_not_contradictions() {
        let docs = vec![
            doc("a", "2031-01-10", vec![fig(0, "at least 160", 160.0, "lower", "people", "kill", None)]),
            doc("b", "2031-01-10", vec![fig(0, "164", 164.0, "exact", "people", "die", None)]),
            doc("c", "2031-01-10", vec![fig(0, "about 170", 170.0, "approximate", "civilians", "kill", None)]),
        ];
        let r = resolve(&docs, &[]);
        assert!(find(&docs, &r, &one_story(&docs, &r)).is_empty());
    }

    #[test]
    fn tolls_of_two_stories_or_far_apart_are_not_compared() {
        // No cluster links these documents: two crises, two tolls.
        let docs = vec![
            doc("a", "2031-01-10", vec![fig(0, "164", 164.0, "exact", "people", "kill", None)]),
            doc("b", "2031-01-10", vec![fig(0, "12", 12.0, "exact", "people", "kill", None)]),
        ];
        let r = resolve(&docs, &[]);
        assert!(find(&docs, &r, &[]).is_empty());
        // One story (b copies a), but the second figure holds five months later.
        let mut docs = vec![
            doc("a", "2031-01-10", vec![fig(0, "164", 164.0, "exact", "people", "kill", None)]),
            doc("b", "2031-06-10", vec![fig(0, "12", 12.0, "exact", "people", "kill", None)]),
        ];
        docs[1].original = Some("a".into());
        assert!(find(&docs, &r, &[]).is_empty());
        docs[1].published = Some("2031-01-12".into());
        assert_eq!(find(&docs, &r, &[]).len(), 1, "same story, two days apart, 164 then 12: a contradiction");
    }

    #[test]
    fn just_over_is_close_to_its_number() {
        let docs = vec![
            doc("a", "2031-01-10", vec![fig(0, "just over 2,000", 2000.0, "lower", "troops", "deploy", None)]),
            doc("b", "2031-01-10", vec![fig(0, "2,500", 2500.0, "exact", "troops", "deploy", None)]),
            doc("c", "2031-01-10", vec![fig(0, "2,030", 2030.0, "exact", "troops", "deploy", None)]),
        ];
        let r = resolve(&docs, &[]);
        let found = find(&docs, &r, &one_story(&docs, &r));
        assert_eq!(found.len(), 1);
        // 2,030 agrees with "just over 2,000"; 2,500 agrees with neither.
        assert_eq!(found[0].claims.len(), 3);
        let more = vec![doc("a", "2031-01-10", vec![fig(0, "more than 2,000", 2000.0, "lower", "troops", "deploy", None)]), doc("b", "2031-01-10", vec![fig(0, "2,500", 2500.0, "exact", "troops", "deploy", None)])];
        let r = resolve(&more, &[]);
        assert!(find(&more, &r, &one_story(&more, &r)).is_empty(), "more than 2,000 admits 2,500");
    }

    #[test]
    fn a_figure_without_an_actor_joins_the_only_actor_of_its_topic() {
        let pact = |name: &str| LocalEntity { name: name.into(), kind: "ORG".into(), aliases: vec![(name.into(), 1)], ..LocalEntity::default() };
        let with = |id: &str, name: &str, text: &str, value: f64| DocFacts {
            entities: vec![pact(name)],
            ..doc(id, "2031-01-10", vec![FigureFact { about: Some(0), ..fig(0, text, value, "exact", "troops", "deploy", None) }])
        };
        let bare = doc("c", "2031-01-10", vec![fig(0, "2,500", 2500.0, "exact", "troops", "deploy", None)]);
        // One force in the story: the bare "2,500 troops" is its size, and disagrees.
        let docs = vec![with("a", "Rekker Pact", "2,030", 2030.0), with("b", "Rekker Pact", "2,030", 2030.0), bare.clone()];
        let r = resolve(&docs, &[]);
        let found = find(&docs, &r, &one_story(&docs, &r));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].topic, "size of the Rekker Pact force");
        assert_eq!(found[0].claims.len(), 2);
        // Two forces: whose 2,500 it is is unknown, so it is compared with neither.
        let docs = vec![with("a", "Rekker Pact", "2,030", 2030.0), with("b", "Ostvan Guard", "900", 900.0), bare];
        let r = resolve(&docs, &[]);
        assert!(find(&docs, &r, &one_story(&docs, &r)).is_empty());
    }

    #[test]
    fn a_lower_toll_later_is_a_contradiction() {
        let docs = vec![
            doc("a", "2031-01-10", vec![fig(0, "225", 225.0, "exact", "people", "kill", None)]),
            doc("b", "2031-01-12", vec![fig(0, "164", 164.0, "exact", "people", "kill", None)]),
        ];
        let r = resolve(&docs, &[]);
        let found = find(&docs, &r, &one_story(&docs, &r));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].status, "contradiction");
    }
}
