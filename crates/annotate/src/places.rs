//! The `places` annotator: place mentions resolved to gazetteer places by the `geo` crate.
//!
//! Place-like entity mentions are looked up: LOC mentions, ORG mentions that are a place's
//! name ("Moscow said"), NORP mentions that are demonyms ("Kazakh") and MISC adjectives
//! ("Russian-led"). Each resolved mention becomes an [`Annotation`] on the `places` layer
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
        let resolved = geo::resolve(g, &doc.text, &mentions);
        let provenance = Provenance { annotator: self.name().to_string(), version: self.version() };
        let mut annotations = Vec::new();
        for ((m, r), entity) in mentions.iter().zip(resolved).zip(entities) {
            let span = model::Span::new(m.span.0, m.span.1);
            let Some(r) = r else {
                if m.kind == geo::MentionKind::Place {
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
