//! The `events` annotator: coded events (PLOVER 2021 type, CAMEO code, mode, modality, actors,
//! place, time, attribution) from the `events` crate.
//!
//! Each event becomes an [`Annotation`] on the `events` layer spanning its trigger, labelled
//! with its PLOVER type, whose `attrs` carry: `trigger` (`[start, end]`), `lemma`, `nominal`,
//! `cameo`, `mode`, `modality` (`asserted`, `negated`, `hypothetical`, `future`), `reported`
//! (`{quote, cue, speaker}`: `quote` is the index of the attribution among the document's
//! `quotes` annotations) or null, `source` / `target` / `location` (`{span, text, entity,
//! name, label, sector, country}`: `entity` is the number of an entity of the `entities`
//! layer) or null, `time` / `time_span` (the TIMEX3 value and the range of the expression
//! dating the event) or null, `sentence`, `intent`, `phase` (`start` when the text presents
//! the event as beginning, `end` when as ending, else null), `summary` and `place`: where the
//! event happened, from the `places` layer (see [`place_of`]), `{geonameid, name, country,
//! country3, lat, lon, precision, confidence, from}` with `from` = `argument` (the event's
//! location phrase), `sentence` (a place named in the event's sentence) or `document` (the
//! document's most-mentioned place, the event's own sentence naming none), or null.

use model::{range_attr, Annotation, Diagnostic, Doc, Layer, Provenance, Span};
use std::collections::HashMap;
use serde_json::{json, Value};

use crate::Annotator;

/// The `events` annotator.
pub struct Events;

fn actor(doc: &Doc, a: &Option<events::Actor>) -> Value {
    let Some(a) = a else { return Value::Null };
    let text = doc.text.get(a.span.0..a.span.1).unwrap_or("");
    json!({
        "span": range_attr(a.span),
        "text": text,
        "entity": a.entity,
        "name": a.name,
        "label": a.label,
        "sector": a.sector,
        "country": a.country,
    })
}

impl Annotator for Events {
    fn name(&self) -> &'static str {
        "events"
    }
    fn version(&self) -> u32 {
        2
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Pos, Layer::Syntax, Layer::Entities, Layer::Times, Layer::Quotes, Layer::Places]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Events]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let found = events::extract(doc);
        let provenance = Provenance { annotator: self.name().to_string(), version: self.version() };
        let places = PlaceMentions::of(doc);
        let mut annotations = Vec::with_capacity(found.len());
        for e in found {
            if doc.text.get(e.trigger.0..e.trigger.1).is_none_or(str::is_empty) {
                continue;
            }
            let reported = e.reported.as_ref().map_or(Value::Null, |r| {
                json!({ "quote": r.quote, "cue": r.cue.map_or(Value::Null, range_attr), "speaker": r.speaker })
            });
            let attrs = json!({
                "trigger": range_attr(e.trigger),
                "lemma": e.lemma,
                "nominal": e.nominal,
                "cameo": e.cameo,
                "mode": e.mode,
                "modality": e.modality.as_str(),
                "reported": reported,
                "source": actor(doc, &e.source),
                "target": actor(doc, &e.target),
                "location": actor(doc, &e.location),
                "time": e.time.as_ref().map(|t| t.0.clone()),
                "time_span": e.time.as_ref().map_or(Value::Null, |t| range_attr(t.1)),
                "sentence": e.sentence,
                "intent": e.intent,
                "phase": e.phase,
                "summary": e.summary(&doc.text),
                "place": place_of(doc, &places, &e),
            });
            annotations.push(Annotation {
                layer: Layer::Events,
                span: Span::new(e.trigger.0, e.trigger.1),
                label: e.kind.clone(),
                attrs,
                provenance: provenance.clone(),
            });
        }
        doc.annotations.retain(|a| a.layer != Layer::Events);
        doc.annotations.extend(annotations);
        doc.annotations.sort_by_key(|a| (a.span.start, a.span.end));
        Vec::new()
    }
}

/// The document's place mentions (the `places` layer), in text order.
struct PlaceMentions<'a> {
    mentions: Vec<&'a Annotation>,
    /// The most-mentioned place (demonyms aside), when it is a resolved one.
    dominant: Option<&'a Annotation>,
}

impl<'a> PlaceMentions<'a> {
    fn of(doc: &'a Doc) -> PlaceMentions<'a> {
        let mentions: Vec<&Annotation> = doc.annotations.iter().filter(|a| a.layer == Layer::Places && !is_demonym(a)).collect();
        // Counted by place (geonameid) or, unresolved, by written name: a document about a
        // place the gazetteer lacks has no dominant place rather than a wrong one.
        let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
        for (i, a) in mentions.iter().enumerate() {
            let k = match a.attrs.get("geonameid") {
                Some(id) => id.to_string(),
                None => format!("?{}", a.attrs.get("name").and_then(|n| n.as_str()).unwrap_or("").to_lowercase()),
            };
            let e = counts.entry(k).or_insert((0, i));
            e.0 += 1;
        }
        let best = counts.values().max_by_key(|(n, first)| (*n, std::cmp::Reverse(*first))).map(|(_, first)| *first);
        let dominant = best.and_then(|i| mentions.get(i).copied()).filter(|a| a.label != "unresolved");
        PlaceMentions { mentions, dominant }
    }
}

fn is_demonym(a: &Annotation) -> bool {
    a.attrs.get("via").and_then(|v| v.as_str()) == Some("demonym")
}

fn overlaps(a: &Annotation, r: (usize, usize)) -> bool {
    (a.span.start as usize) < r.1 && r.0 < a.span.end as usize
}

/// The word before a byte offset, lower-cased.
fn word_before(text: &str, at: usize) -> String {
    let head = text.get(..at).unwrap_or("").trim_end();
    let head = head.strip_suffix("the").unwrap_or(head).trim_end();
    head.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("").to_lowercase()
}

/// Where an event happened: the place in its location phrase; else a place named in its
/// sentence (after "in", "at", "near"... first, never one after "from" or inside the source or
/// target phrase: those are where actors come from), the nearest to the trigger; else the
/// document's dominant place. An unresolved place there means "unknown" (null), not a guess.
fn place_of(doc: &Doc, places: &PlaceMentions, e: &events::Event) -> Value {
    let value = |a: &Annotation, from: &str| {
        if a.label == "unresolved" {
            return Value::Null;
        }
        let g = |k: &str| a.attrs.get(k).cloned().unwrap_or(Value::Null);
        json!({
            "geonameid": g("geonameid"), "name": g("name"), "country": g("country"), "country3": g("country3"),
            "lat": g("lat"), "lon": g("lon"), "precision": a.label, "confidence": g("confidence"), "from": from,
        })
    };
    if let Some(loc) = &e.location {
        if let Some(a) = places.mentions.iter().find(|a| overlaps(a, loc.span)) {
            return value(a, "argument");
        }
    }
    if let Some(s) = doc.sentences.get(e.sentence) {
        let actors: Vec<(usize, usize)> = [&e.source, &e.target].iter().filter_map(|a| a.as_ref().map(|a| a.span)).collect();
        let trigger = e.trigger.0;
        let best = places
            .mentions
            .iter()
            .filter(|a| a.span.start >= s.span.start && a.span.end <= s.span.end)
            .filter(|a| !actors.iter().any(|r| overlaps(a, *r)))
            .filter_map(|a| {
                let before = word_before(&doc.text, a.span.start as usize);
                if before == "from" {
                    return None;
                }
                let locative = matches!(before.as_str(), "in" | "at" | "near" | "outside" | "inside" | "across" | "into" | "throughout" | "around" | "of");
                Some((!locative, (a.span.start as usize).abs_diff(trigger), *a))
            })
            .min_by_key(|(l, d, _)| (*l, *d));
        if let Some((_, _, a)) = best {
            return value(a, "sentence");
        }
    }
    places.dominant.map_or(Value::Null, |a| value(a, "document"))
}
