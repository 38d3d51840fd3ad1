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
//! the event as beginning, `end` when as ending, else null) and `summary`.

use model::{range_attr, Annotation, Diagnostic, Doc, Layer, Provenance, Span};
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
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Pos, Layer::Syntax, Layer::Entities, Layer::Times, Layer::Quotes]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Events]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let found = events::extract(doc);
        let provenance = Provenance { annotator: self.name().to_string(), version: self.version() };
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
