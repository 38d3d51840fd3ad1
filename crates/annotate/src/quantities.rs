//! The `quantities` annotator: counts, money, percentages, measures, ages and ordinals from
//! the `quantity` crate, each with its bound, what it counts, the entity it is about and the
//! time it holds for (see `docs/quantities.md`).
//!
//! Each quantity becomes an [`Annotation`] on the `quantities` layer labelled with its kind
//! (`count`, `money`, `percent`, `ordinal`, `measure`, `age`) whose span is the whole
//! expression ("at least 160", "over $13,000") and whose `attrs` always carry `value` and
//! `bound` (`exact`, `lower`, `upper`, `approximate`), and carry only when they apply:
//! `value_max` (ranges), `from` (the value it changed from), `unit` (ISO 4217 code, `%`,
//! `km`, `years`, ...), `counted` and `counted_span`, `approx` (the bound phrase, lowercased),
//! `vague` (true for "thousands"), `about` and `about_name` (an entity of the `entities`
//! layer), `time` and `time_span` (a DATE or TIME of the `times` layer), `predicate` and
//! `predicate_span` (the lemma of the verb or event noun the counted things are an argument
//! of: "kill" for "164 people were killed", "take part", "detention"). Keys that do not apply
//! are absent, never null.

use model::{Annotation, Diagnostic, Doc, Layer, Provenance};

use crate::Annotator;

/// The `quantities` annotator.
pub struct Quantities;

impl Annotator for Quantities {
    fn name(&self) -> &'static str {
        "quantities"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Pos, Layer::Syntax, Layer::Entities, Layer::Times]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Quantities]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let found = quantity::extract(doc);
        let provenance = Provenance { annotator: self.name().to_string(), version: self.version() };
        let annotations: Vec<Annotation> = found
            .into_iter()
            .map(|q| Annotation {
                layer: Layer::Quantities,
                span: q.span,
                label: q.kind.as_str().to_string(),
                attrs: attrs(&q, &doc.text),
                provenance: provenance.clone(),
            })
            .collect();
        doc.annotations.retain(|a| a.layer != Layer::Quantities);
        doc.annotations.extend(annotations);
        doc.annotations.sort_by_key(|a| (a.span.start, a.span.end));
        Vec::new()
    }
}

/// A number as JSON: whole numbers as integers, so 2500 reads `2500`, not `2500.0`.
fn number(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        serde_json::Value::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// The annotation attributes of a quantity (see the module documentation).
pub fn attrs(q: &quantity::Quantity, text: &str) -> serde_json::Value {
    let mut a = serde_json::Map::new();
    a.insert("value".into(), number(q.value));
    a.insert("bound".into(), q.bound.as_str().into());
    if let Some(v) = q.value_max {
        a.insert("value_max".into(), number(v));
    }
    if let Some(v) = q.from {
        a.insert("from".into(), number(v));
    }
    if let Some(u) = q.unit {
        a.insert("unit".into(), u.into());
    }
    if let Some(c) = q.counted {
        a.insert("counted".into(), c.text(text).into());
        a.insert("counted_span".into(), model::range_attr((c.start as usize, c.end as usize)));
    }
    if let Some(p) = &q.approx {
        a.insert("approx".into(), p.as_str().into());
    }
    if q.vague {
        a.insert("vague".into(), true.into());
    }
    if let Some(e) = &q.about {
        a.insert("about".into(), e.entity.into());
        a.insert("about_name".into(), e.name.as_str().into());
    }
    if let Some(t) = &q.time {
        a.insert("time".into(), t.value.as_str().into());
        a.insert("time_span".into(), model::range_attr((t.span.start as usize, t.span.end as usize)));
    }
    if let Some(p) = &q.predicate {
        a.insert("predicate".into(), p.lemma.as_str().into());
        a.insert("predicate_span".into(), model::range_attr((p.span.start as usize, p.span.end as usize)));
    }
    serde_json::Value::Object(a)
}
