//! The `places` annotator: place mentions resolved to gazetteer places by the `geo` crate.
//!
//! Place-like entity mentions are looked up: LOC mentions, ORG mentions that are a place's
//! name ("Moscow said"), NORP mentions that are demonyms ("Kazakh") and MISC adjectives
//! ("Russian-led"), plus countries and cities of a million people the recogniser missed
//! (`missed_names`). Each resolved mention becomes an [`Annotation`] on the `places` layer
//! spanning the mention, labelled with its precision (`country`, `region`, `city`), whose
//! `attrs` carry `geonameid`, `name` (the gazetteer's name), `country` (ISO 3166-1 alpha-2),
//! `country3` (alpha-3, as the events' CAMEO actor codes), `lat`, `lon`, `population`,
//! `confidence` (0..1), `via` (`name`, `alternate`, `demonym`, `loose`: how the mention matched)
//! and `entity` (the mention's entity number in the `entities` layer). A LOC mention the
//! gazetteer has no place for (a fictional town, a sea, "Central Asia") stays in the layer,
//! labelled `unresolved`, with only `entity` and `name` (the mention's text), so that readers
//! can tell "somewhere we cannot place" from "no place". See docs/geo.md.

use model::{Annotation, Diagnostic, Doc, Layer, Provenance};
use serde_json::json;

use crate::Annotator;

/// The `places` annotator.
pub struct Places;

/// The mention kind the geoparser should treat an entity mention as, if any.
fn kind_of(label: &str, text: &str) -> Option<geo::MentionKind> {
    match label {
        "LOC" | "GPE" => Some(geo::MentionKind::Place),
        "ORG" => Some(geo::MentionKind::Organisation),
        "NORP" => Some(geo::MentionKind::Group),
        "MISC" if text.contains('-') => Some(geo::MentionKind::Group),
        _ => None,
    }
}

/// Countries and cities of a million people the recogniser missed ("Near Mosul, ..."):
/// capitalised runs of one to three tokens, outside every entity mention and not opening a
/// sentence, whose whole text is the name of such a place. Cost: one hash lookup per
/// capitalised token and window.
fn missed_names(doc: &Doc, g: &geo::Gazetteer) -> Vec<geo::Mention> {
    let covered: Vec<(usize, usize)> =
        doc.annotations.iter().filter(|a| a.layer == Layer::Entities).map(|a| (a.span.start as usize, a.span.end as usize)).collect();
    let inside = |s: usize, e: usize| covered.iter().any(|&(a, b)| s < b && a < e);
    let capitalised = |t: &model::Token| doc.text.get(t.span.range()).is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
    let mut out = Vec::new();
    for sentence in &doc.sentences {
        let (first, last) = (sentence.tokens.0 as usize + 1, (sentence.tokens.1 as usize).min(doc.tokens.len()));
        let mut i = first;
        while i < last {
            let Some(t) = doc.tokens.get(i) else { break };
            if !capitalised(t) || inside(t.span.start as usize, t.span.end as usize) {
                i += 1;
                continue;
            }
            let mut taken = 1;
            for n in (1..=3usize).rev() {
                let Some(end_tok) = doc.tokens.get(i + n - 1).filter(|_| i + n <= last) else { continue };
                if !(i..i + n).all(|k| doc.tokens.get(k).is_some_and(capitalised)) {
                    continue;
                }
                let (s, e) = (t.span.start as usize, end_tok.span.end as usize);
                let Some(text) = doc.text.get(s..e) else { continue };
                if inside(s, e) {
                    continue;
                }
                let big = g.by_name(text).iter().any(|(k, via)| {
                    *via == geo::Via::Name && g.place(*k).is_some_and(|p| p.kind == geo::Kind::Country || p.population >= 1_000_000)
                });
                if big {
                    out.push(geo::Mention { span: (s, e), text: text.to_string(), kind: geo::MentionKind::Place });
                    taken = n;
                    break;
                }
            }
            i += taken;
        }
    }
    out
}

impl Annotator for Places {
    fn name(&self) -> &'static str {
        "places"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Entities]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Places]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        doc.annotations.retain(|a| a.layer != Layer::Places);
        let g = match geo::Gazetteer::get() {
            Ok(g) => g,
            Err(e) => return vec![Diagnostic::error(doc.source(), "model", format!("places: {e}"))],
        };
        let mut mentions = Vec::new();
        let mut entities = Vec::new();
        for a in doc.annotations.iter().filter(|a| a.layer == Layer::Entities) {
            let Some(text) = doc.text.get(a.span.range()) else { continue };
            let Some(kind) = kind_of(&a.label, text) else { continue };
            mentions.push(geo::Mention { span: (a.span.start as usize, a.span.end as usize), text: text.to_string(), kind });
            entities.push(a.attrs.get("entity").and_then(serde_json::Value::as_u64));
        }
        let n_entity_mentions = mentions.len();
        mentions.extend(missed_names(doc, g));
        entities.resize(mentions.len(), None);
        let resolved = geo::resolve(g, &doc.text, &mentions);
        let provenance = Provenance { annotator: self.name().to_string(), version: self.version() };
        let mut annotations = Vec::new();
        for (i, ((m, r), entity)) in mentions.iter().zip(resolved).zip(entities).enumerate() {
            let span = model::Span::new(m.span.0, m.span.1);
            let Some(r) = r else {
                // Unresolved names the recogniser did not tag are not place mentions at all.
                if m.kind == geo::MentionKind::Place && i < n_entity_mentions {
                    annotations.push(Annotation {
                        layer: Layer::Places,
                        span,
                        label: "unresolved".into(),
                        attrs: json!({ "entity": entity, "name": m.text }),
                        provenance: provenance.clone(),
                    });
                }
                continue;
            };
            let Some(p) = g.place(r.place) else { continue };
            let via = match r.via {
                geo::Via::Name => "name",
                geo::Via::Alternate => "alternate",
                geo::Via::Demonym => "demonym",
                geo::Via::Loose => "loose",
            };
            annotations.push(Annotation {
                layer: Layer::Places,
                span,
                label: p.kind.precision().into(),
                attrs: json!({
                    "geonameid": p.geonameid,
                    "name": p.name,
                    "country": p.iso2,
                    "country3": p.iso3,
                    "lat": p.lat,
                    "lon": p.lon,
                    "population": p.population,
                    "confidence": (r.confidence * 100.0).round() / 100.0,
                    "via": via,
                    "entity": entity,
                }),
                provenance: provenance.clone(),
            });
        }
        doc.annotations.extend(annotations);
        doc.annotations.sort_by_key(|a| (a.span.start, a.span.end));
        Vec::new()
    }
}
