//! The picture as an analyst reads it: the timeline (clustered events selected by date, type
//! and actor, each with its corroboration and the disagreements about it) and the briefing, a
//! Markdown document of the whole corpus where every line that states a fact cites its
//! documents as numbered references defined in a final "Sources" section.
//!
//! The briefing is deterministic: the same store and overrides give the same text, byte for
//! byte (no clock, no hash-map order).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use serde::Serialize;
use store::{DocQuery, DocSummary, Store};

use crate::actors::{self, Cluster, Contradiction, CoOccurrence, MemberIndex, Reasoning};
use crate::Error;

/// Key actors shown in the briefing.
const KEY_ACTORS: usize = 12;
/// Entities whose co-occurrence the briefing counts (the key actors' partners among them).
const PARTNER_POOL: usize = 40;
/// Timeline lines in the briefing.
const TIMELINE_CAP: usize = 40;
/// Speakers and quotes per speaker in the briefing.
const SPEAKERS: usize = 8;
/// Evidence rows of the competing-explanations matrix the briefing shows.
const HYPOTHESIS_ROWS: usize = 15;
const QUOTES_PER_SPEAKER: usize = 3;
/// Citations printed on one line before "and N more".
const MAX_CITES: usize = 12;

/// The days (inclusive day numbers) an ISO date bound covers: `2031`, `2031-01`, `2031-01-05`,
/// `2031-W02`. `None` when it is not such a date.
pub fn date_bound(s: &str) -> Option<(i64, i64)> {
    reason::day_range(s.trim()).map(|(a, b, _)| (a, b))
}

/// What `dossier timeline` keeps.
#[derive(Clone, Debug, Default)]
pub struct TimelineFilter {
    /// Events that may fall on or after this day (a day number, see [`date_bound`]).
    pub from: Option<i64>,
    /// Events that may fall on or before this day.
    pub to: Option<i64>,
    /// PLOVER type or mode (case-insensitive).
    pub kind: Option<String>,
    /// A participant's name or one of its entity's spellings contains this (case-insensitive).
    pub actor: Option<String>,
    /// Negated, hypothetical and future events too.
    pub all: bool,
}

impl TimelineFilter {
    pub fn keeps(&self, r: &Reasoning, c: &Cluster) -> bool {
        if !self.all && c.modality != "asserted" {
            return false;
        }
        if let Some(k) = &self.kind {
            if !c.kind.eq_ignore_ascii_case(k) && !c.mode.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(k)) {
                return false;
            }
        }
        if let Some(name) = self.actor.as_deref().map(str::to_lowercase) {
            let hit = |p: &Option<actors::Participant>| {
                p.as_ref().is_some_and(|p| p.name.to_lowercase().contains(&name) || p.entity.as_deref().is_some_and(|id| actors::has_alias_containing(r, id, &name)))
            };
            if !hit(&c.source) && !hit(&c.target) && !hit(&c.location) {
                return false;
            }
        }
        if self.from.is_some() || self.to.is_some() {
            let Some((start, end, _)) = c.date.as_ref().and_then(|d| reason::day_range(&d.value)) else { return false };
            if self.from.is_some_and(|f| end < f) || self.to.is_some_and(|t| start > t) {
                return false;
            }
        }
        true
    }
}

/// The clustered events `filter` keeps, in the picture's (chronological) order.
pub fn timeline<'r>(r: &'r Reasoning, filter: &TimelineFilter) -> Vec<&'r Cluster> {
    r.events.iter().filter(|c| filter.keeps(r, c)).collect()
}

/// "ASSAULT" or "COERCE/arrest".
pub fn type_label(c: &Cluster) -> String {
    match &c.mode {
        Some(m) if !m.is_empty() => format!("{}/{m}", c.kind),
        _ => c.kind.to_string(),
    }
}

/// Who did it to whom, where, by the participants' canonical names ("Tomas Rekker → Eastern
/// Security Pact, in Corvinsk"); the first report's words when no participant is known.
pub fn who(c: &Cluster) -> String {
    let mut out = String::new();
    match (&c.source, &c.target) {
        (Some(s), Some(t)) => {
            let _ = write!(out, "{} → {}", s.name, t.name);
        }
        (Some(s), None) => out.push_str(&s.name),
        (None, Some(t)) => {
            let _ = write!(out, "→ {}", t.name);
        }
        (None, None) => {}
    }
    if let Some(l) = &c.location {
        if !out.is_empty() {
            out.push_str(", ");
        }
        let _ = write!(out, "in {}", l.name);
    }
    if out.is_empty() {
        out = c.summary.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out
}

/// "dates disagree: 2031-01-06 (2) vs 2031-01-08 (2)" for each contradiction about the event.
pub fn disagreements(r: &Reasoning, c: &Cluster) -> Vec<String> {
    c.disputed.iter().filter_map(|id| r.contradictions.iter().find(|x| &x.id == id)).map(disagreement).collect()
}

/// One contradiction in a few words: "dates disagree: 2031-01-06 (2) vs 2031-01-08 (2)".
pub fn disagreement(x: &Contradiction) -> String {
    let what = match (x.kind.as_str(), x.status.as_str()) {
        ("date", _) => "dates disagree",
        (_, "update") => "figures revised",
        _ => "figures disagree",
    };
    let sides: Vec<String> = x.claims.iter().map(|c| format!("{} ({})", c.value, c.n_sources)).collect();
    if sides.is_empty() {
        format!("{what}: {}", x.note)
    } else {
        format!("{what}: {}", sides.join(if x.status == "update" { " → " } else { " vs " }))
    }
}

/// "1 source", "2 sources".
pub fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// "3 sources" or "3 sources, 5 reports".
pub fn corroboration(c: &Cluster) -> String {
    let s = plural(c.n_sources as usize, "source");
    if c.n_reports > c.n_sources {
        format!("{s}, {} reports", c.n_reports)
    } else {
        s
    }
}

/// The documents of the corpus, numbered for citation.
struct Sources {
    docs: Vec<DocSummary>,
    /// Document id -> reference number (1-based).
    number: HashMap<String, usize>,
}

impl Sources {
    fn load(store: &dyn Store) -> Result<Sources, Error> {
        let docs = store.list_documents(&DocQuery::default())?;
        let number = docs.iter().enumerate().map(|(k, d)| (d.id.clone(), k + 1)).collect();
        Ok(Sources { docs, number })
    }

    /// The reference number of a document's original (copies are cited through it, so a
    /// citation counts independent sources).
    fn reference(&self, doc: &str) -> Option<usize> {
        let n = *self.number.get(doc)?;
        let original = self.docs.get(n - 1).and_then(|d| d.duplicate_of.as_deref()).and_then(|o| self.number.get(o)).copied();
        Some(original.unwrap_or(n))
    }

    /// "[1][4]" for the documents given (originals, each once, in number order).
    fn cite<'a>(&self, docs: impl IntoIterator<Item = &'a str>) -> String {
        let numbers: BTreeSet<usize> = docs.into_iter().filter_map(|d| self.reference(d)).collect();
        let mut out: String = numbers.iter().take(MAX_CITES).map(|n| format!("[{n}]")).collect();
        if numbers.len() > MAX_CITES {
            let _ = write!(out, " and {} more", numbers.len() - MAX_CITES);
        }
        out
    }
}

/// A text on one line, cut to `n` characters.
fn short(s: &str, n: usize) -> String {
    cut(&s.split_whitespace().collect::<Vec<_>>().join(" "), n)
}

/// `s` cut to at most `n` characters, an ellipsis marking the cut (also used by the CLI's
/// tables).
pub fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// One quote as the briefing keeps it.
#[derive(Clone, Debug, Serialize)]
struct Said {
    doc: String,
    direct: bool,
    text: String,
    cue: Option<String>,
}

/// The Markdown briefing of the corpus.
pub fn brief(store: &dyn Store) -> Result<String, Error> {
    let r = crate::reasoning::load(store)?;
    let sources = Sources::load(store)?;
    let ranked = actors::ranked(&r, None);
    let pool: Vec<usize> = ranked.iter().copied().take(PARTNER_POOL).collect();
    // One pass over the store: co-occurrence among the most documented entities, and the
    // quotes of speakers resolved to corpus entities (originals only).
    let mut co = CoOccurrence::among(&r, &pool);
    let speakers_index = MemberIndex::new(&r, |_| true);
    let mut said: BTreeMap<usize, Vec<Said>> = BTreeMap::new();
    store.for_each_document(&mut |doc| {
        co.add(&doc);
        if doc.duplicate.is_some() {
            return Ok(());
        }
        for q in crate::export::document_quotes(&doc) {
            let Some(s) = &q.speaker else { continue };
            let Some(id) = &s.entity else { continue };
            let Some(k) = speakers_index.entity_of_id(id, s.text).or_else(|| speakers_index.entity_of_id(id, s.name)) else { continue };
            if q.text.trim().is_empty() {
                continue;
            }
            said.entry(k).or_default().push(Said { doc: doc.id.clone(), direct: q.direct, text: q.text.clone(), cue: q.cue.as_ref().map(|c| c.text.to_string()) });
        }
        Ok(())
    })?;
    let pairs = co.pairs();
    let relations = actors::relations(&r);

    let mut out = String::new();
    let _ = writeln!(out, "# Briefing");
    let _ = writeln!(out);
    let _ = writeln!(out, "Every line that states a fact cites its documents: [n] refers to the numbered list under Sources. Copies of a report are cited through their original.");

    // Corpus.
    let _ = writeln!(out);
    let _ = writeln!(out, "## Corpus");
    let _ = writeln!(out);
    let n_copies = sources.docs.iter().filter(|d| d.duplicate_of.is_some()).count();
    let _ = writeln!(out, "- {} documents: {} originals and {} copies of another document.", sources.docs.len(), sources.docs.len() - n_copies, n_copies);
    let mut outlets: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &sources.docs {
        *outlets.entry(d.outlet.as_deref().unwrap_or("unknown outlet")).or_default() += 1;
    }
    let mut outlet_list: Vec<(&str, usize)> = outlets.into_iter().collect();
    outlet_list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let _ = writeln!(out, "- {} outlets: {}.", outlet_list.len(), outlet_list.iter().map(|(o, n)| format!("{o} ({n})")).collect::<Vec<_>>().join(", "));
    let dates: BTreeSet<&str> = sources.docs.iter().filter_map(|d| d.published.as_deref()).map(|p| p.get(..10).unwrap_or(p)).collect();
    let undated = sources.docs.iter().filter(|d| d.published.is_none()).count();
    match (dates.first(), dates.last()) {
        (Some(a), Some(b)) => {
            let _ = writeln!(out, "- Published {a} to {b}{}.", if undated > 0 { format!("; {undated} undated") } else { String::new() });
        }
        _ => {
            let _ = writeln!(out, "- No publication dates.");
        }
    }
    let n_corroborated = r.events.iter().filter(|c| c.n_sources > 1).count();
    let n_contradictions = r.contradictions.iter().filter(|c| c.status == "contradiction").count();
    let n_updates = r.contradictions.iter().filter(|c| c.status == "update").count();
    let _ = writeln!(
        out,
        "- Cross-document picture: {} actors, places and groups; {} events ({} reported by more than one source); {} contradictions; {} updated figures.",
        r.entities.len(),
        r.events.len(),
        n_corroborated,
        n_contradictions,
        n_updates
    );

    // Key actors.
    let _ = writeln!(out);
    let _ = writeln!(out, "## Key actors");
    let _ = writeln!(out);
    if ranked.is_empty() {
        let _ = writeln!(out, "No actors found.");
    }
    for &k in ranked.iter().take(KEY_ACTORS) {
        let Some(e) = r.entities.get(k) else { continue };
        let mut line = format!("- **{}** ({}; {} documents, {} mentions)", e.name, e.kind, e.n_documents, e.n_mentions);
        let aliases: Vec<&str> = e.aliases.iter().map(|a| a.0.as_str()).filter(|a| *a != e.name).collect();
        if !aliases.is_empty() {
            let _ = write!(line, "; also {}", aliases.join(", "));
        }
        let acts: Vec<String> = relations.iter().filter(|x| x.source == e.id).take(3).map(|x| format!("{} {} ({})", x.kind, x.target_name, x.n_events)).collect();
        if !acts.is_empty() {
            let _ = write!(line, ". Acts on: {}", acts.join(", "));
        }
        let by: Vec<String> = relations.iter().filter(|x| x.target == e.id).take(3).map(|x| format!("{} by {} ({})", x.kind, x.source_name, x.n_events)).collect();
        if !by.is_empty() {
            let _ = write!(line, ". Acted on: {}", by.join(", "));
        }
        let with: Vec<String> = pairs
            .iter()
            .filter(|p| p.a == e.id || p.b == e.id)
            .take(3)
            .map(|p| format!("{} ({})", if p.a == e.id { &p.b_name } else { &p.a_name }, plural(p.n_sentences as usize, "sentence")))
            .collect();
        if !with.is_empty() {
            let _ = write!(line, ". Mentioned with: {}", with.join(", "));
        }
        let docs: BTreeSet<&str> = e.members.iter().map(|m| m.doc.as_str()).collect();
        let _ = writeln!(out, "{line}. {}", sources.cite(docs));
    }

    // Timeline.
    let _ = writeln!(out);
    let _ = writeln!(out, "## Timeline");
    let _ = writeln!(out);
    let dated: Vec<(usize, &Cluster)> = r.events.iter().enumerate().filter(|(_, c)| c.modality == "asserted" && c.date.is_some()).collect();
    let mut shown: Vec<(usize, &Cluster)> = dated.clone();
    if shown.len() > TIMELINE_CAP {
        // Most sources first; among equals, events whose participants are known actors, then
        // the most precise dates, then more reports.
        let known = |c: &Cluster| [&c.source, &c.target, &c.location].iter().filter(|p| p.as_ref().is_some_and(|p| p.entity.is_some())).count();
        let precision = |c: &Cluster| c.date.as_ref().map(|d| d.precision);
        shown.sort_by(|a, b| {
            b.1.n_sources
                .cmp(&a.1.n_sources)
                .then(known(b.1).cmp(&known(a.1)))
                .then(precision(b.1).cmp(&precision(a.1)))
                .then(b.1.n_reports.cmp(&a.1.n_reports))
                .then(a.0.cmp(&b.0))
        });
        shown.truncate(TIMELINE_CAP);
        shown.sort_by_key(|x| x.0);
        let _ = writeln!(out, "The {TIMELINE_CAP} best-sourced of {} dated events, in date order.", dated.len());
        let _ = writeln!(out);
    }
    if shown.is_empty() {
        let _ = writeln!(out, "No dated events.");
    }
    for (_, c) in shown {
        let date = c.date.as_ref().map_or("", |d| d.value.as_str());
        let mut line = format!("- **{date}** {}: {} ({})", type_label(c), short(&who(c), 100), corroboration(c));
        for d in disagreements(&r, c) {
            let _ = write!(line, " ⚠ {d}");
        }
        let _ = writeln!(out, "{line} {}", sources.cite(c.reports.iter().map(|x| x.doc.as_str())));
    }

    // Figures and disagreements.
    let _ = writeln!(out);
    let _ = writeln!(out, "## Key figures and disagreements");
    let _ = writeln!(out);
    if r.contradictions.is_empty() {
        let _ = writeln!(out, "The sources do not disagree on any date or figure found.");
    }
    let mut ordered: Vec<&Contradiction> = r.contradictions.iter().filter(|x| x.status == "contradiction").collect();
    ordered.extend(r.contradictions.iter().filter(|x| x.status != "contradiction"));
    for x in ordered {
        let status = if x.status == "update" { "updated over time" } else { "sources disagree" };
        let sides: Vec<String> = x
            .claims
            .iter()
            .map(|c| {
                let when = c.as_of.as_deref().map(|a| format!(", as of {a}")).unwrap_or_default();
                let n = plural(c.n_sources as usize, "source");
                format!("{} ({n}{when}) {}", c.value, sources.cite(c.docs.iter().map(String::as_str)))
            })
            .collect();
        let sep = if x.status == "update" { " → " } else { " vs " };
        let _ = writeln!(out, "- **{}** ({status}): {}", x.topic, sides.join(sep));
    }

    // Who said what.
    let _ = writeln!(out);
    let _ = writeln!(out, "## Who said what");
    let _ = writeln!(out);
    let mut speakers: Vec<(usize, Vec<Said>)> = said.into_iter().collect();
    speakers.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    if speakers.is_empty() {
        let _ = writeln!(out, "No quotes attributed to a known actor.");
    }
    for (k, quotes) in speakers.iter().take(SPEAKERS) {
        let Some(e) = r.entities.get(*k) else { continue };
        let docs: BTreeSet<&str> = quotes.iter().map(|q| q.doc.as_str()).collect();
        let _ = writeln!(out, "### {}", e.name);
        let _ = writeln!(out);
        let _ = writeln!(out, "{} and statements in {} {}.", plural(quotes.len(), "quote"), plural(docs.len(), "document"), sources.cite(docs.iter().copied()));
        let _ = writeln!(out);
        // Direct quotations first, then reported speech, each in corpus order.
        let mut picked: Vec<&Said> = quotes.iter().filter(|q| q.direct).collect();
        picked.extend(quotes.iter().filter(|q| !q.direct));
        for q in picked.into_iter().take(QUOTES_PER_SPEAKER) {
            let text = short(&q.text, 240);
            let cue = q.cue.as_deref().map(|c| format!(" ({})", short(c, 30))).unwrap_or_default();
            if q.direct {
                let quoted = if text.starts_with(['"', '“']) { text.clone() } else { format!("“{text}”") };
                let _ = writeln!(out, "- {quoted}{cue} {}", sources.cite([q.doc.as_str()]));
            } else {
                let _ = writeln!(out, "- Reported{cue}: {text} {}", sources.cite([q.doc.as_str()]));
            }
        }
        let _ = writeln!(out);
    }
    if speakers.is_empty() {
        let _ = writeln!(out);
    }

    // Competing explanations (claims layer; computed from the stored claims, see engine::claims).
    let _ = writeln!(out, "## Competing explanations");
    let _ = writeln!(out);
    let matrix = crate::claims::hypotheses_with(store, &r)?;
    let cite_one = |doc: &str| sources.cite([doc]);
    out.push_str(&crate::claims::render(&matrix, &cite_one, HYPOTHESIS_ROWS));
    let _ = writeln!(out);

    // Sources.
    let _ = writeln!(out, "## Sources");
    let _ = writeln!(out);
    for (k, d) in sources.docs.iter().enumerate() {
        let mut line = format!(
            "- [{}] {}, “{}”, {}, document {}",
            k + 1,
            d.outlet.as_deref().unwrap_or("unknown outlet"),
            short(d.title.as_deref().unwrap_or("untitled"), 120),
            d.published.as_deref().map_or("undated", |p| p.get(..10).unwrap_or(p)),
            d.id
        );
        if let Some(n) = d.duplicate_of.as_deref().and_then(|o| sources.number.get(o)) {
            let _ = write!(line, " (a copy of [{n}])");
        }
        let _ = writeln!(out, "{line}");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actors::{Claim, ClusterDate, Entity, Participant};

    fn cluster(id: &str, kind: &str, date: Option<&str>, source: Option<(&str, &str)>, modality: &str) -> Cluster {
        Cluster {
            id: id.into(),
            kind: kind.into(),
            modality: modality.into(),
            summary: "something happened".into(),
            source: source.map(|(e, n)| Participant { entity: Some(e.into()), name: n.into(), sector: None }),
            date: date.map(|d| ClusterDate { value: d.into(), ..ClusterDate::default() }),
            n_sources: 1,
            n_reports: 1,
            ..Cluster::default()
        }
    }

    fn picture() -> Reasoning {
        let mut arrest = cluster("V1", "COERCE", Some("2031-01-06"), Some(("E1", "Tomas Rekker")), "asserted");
        arrest.mode = Some("arrest".into());
        arrest.disputed = vec!["C1".into()];
        Reasoning {
            entities: vec![Entity { id: "E1".into(), name: "Tomas Rekker".into(), aliases: vec![("Reker".into(), 1)], ..Entity::default() }],
            events: vec![
                cluster("V0", "PROTEST", Some("2031-01"), None, "asserted"),
                arrest,
                cluster("V2", "ASSAULT", Some("2031-01-09"), None, "hypothetical"),
                cluster("V3", "ASSAULT", None, None, "asserted"),
            ],
            contradictions: vec![Contradiction {
                id: "C1".into(),
                kind: "date".into(),
                status: "contradiction".into(),
                claims: vec![
                    Claim { value: "2031-01-06".into(), n_sources: 1, ..Claim::default() },
                    Claim { value: "2031-01-08".into(), n_sources: 2, ..Claim::default() },
                ],
                ..Contradiction::default()
            }],
            ..Reasoning::default()
        }
    }

    fn ids(r: &Reasoning, f: &TimelineFilter) -> Vec<String> {
        timeline(r, f).iter().map(|c| c.id.to_string()).collect()
    }

    #[test]
    fn timeline_filters_by_date_type_actor_and_modality() {
        let r = picture();
        assert_eq!(ids(&r, &TimelineFilter::default()), ["V0", "V1", "V3"]);
        assert_eq!(ids(&r, &TimelineFilter { all: true, ..TimelineFilter::default() }), ["V0", "V1", "V2", "V3"]);
        // A month overlaps any day bound inside it; undated events are left out by a bound.
        let from = date_bound("2031-01-07").map(|b| b.0);
        assert_eq!(ids(&r, &TimelineFilter { from, ..TimelineFilter::default() }), ["V0"]);
        let to = date_bound("2031-01-06").map(|b| b.1);
        assert_eq!(ids(&r, &TimelineFilter { from: date_bound("2031-01-06").map(|b| b.0), to, ..TimelineFilter::default() }), ["V0", "V1"]);
        assert_eq!(ids(&r, &TimelineFilter { kind: Some("arrest".into()), ..TimelineFilter::default() }), ["V1"]);
        assert_eq!(ids(&r, &TimelineFilter { kind: Some("coerce".into()), ..TimelineFilter::default() }), ["V1"]);
        // An alias of the participant's entity matches.
        assert_eq!(ids(&r, &TimelineFilter { actor: Some("REKER".into()), ..TimelineFilter::default() }), ["V1"]);
        assert!(date_bound("garbage").is_none());
    }

    #[test]
    fn labels_and_disagreements() {
        let r = picture();
        let arrest = &r.events[1];
        assert_eq!(type_label(arrest), "COERCE/arrest");
        assert_eq!(who(arrest), "Tomas Rekker");
        assert_eq!(who(&r.events[0]), "something happened");
        assert_eq!(disagreements(&r, arrest), ["dates disagree: 2031-01-06 (1) vs 2031-01-08 (2)"]);
        assert_eq!(corroboration(arrest), "1 source");
    }
}
