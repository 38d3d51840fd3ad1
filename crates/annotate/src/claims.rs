//! The `claims` annotator: the sentences of a document that argue (explain, predict, judge,
//! doubt, reject, report someone's claim), from the `claims` crate.
//!
//! Each claim becomes an [`Annotation`] on the `claims` layer spanning its sentence, labelled
//! with its kind (`explanation`, `prediction`, `plain`), whose `attrs` are the serialised
//! [`claims::Claim`]: `holder` (`{kind, name, entity}`: the author, a speaker from the `quotes`
//! layer or the subject of a reporting verb, or unnamed others the author reports), `stance`
//! (`asserted`, `doubted`, `rejected`), `hedged`, `cues` (class and byte range of each cue),
//! `frames` (the competing explanations it speaks to, each with its clause's stance) and
//! `terms` (content lemmas for grouping across documents).

use model::{Annotation, Diagnostic, Doc, Layer, Provenance, Span};

use crate::Annotator;

/// The `claims` annotator.
pub struct Claims;

impl Annotator for Claims {
    fn name(&self) -> &'static str {
        "claims"
    }
    fn version(&self) -> u32 {
        1
    }
    fn requires(&self) -> &'static [Layer] {
        &[Layer::Tokens, Layer::Sentences, Layer::Pos, Layer::Syntax, Layer::Entities, Layer::Quotes]
    }
    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Claims]
    }
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        let found = claims::extract(doc);
        let provenance = Provenance { annotator: self.name().to_string(), version: self.version() };
        let annotations: Vec<Annotation> = found
            .into_iter()
            .filter(|c| doc.text.get(c.start..c.end).is_some_and(|t| !t.is_empty()))
            .filter_map(|c| {
                let attrs = serde_json::to_value(&c).ok()?;
                Some(Annotation { layer: Layer::Claims, span: Span::new(c.start, c.end), label: c.kind.as_str().to_string(), attrs, provenance: provenance.clone() })
            })
            .collect();
        doc.annotations.retain(|a| a.layer != Layer::Claims);
        doc.annotations.extend(annotations);
        doc.annotations.sort_by_key(|a| (a.span.start, a.span.end));
        Vec::new()
    }
}

/// Reads the claims back from a document's `claims` layer (what the engine and evaluations use).
pub fn stored(doc: &Doc) -> Vec<claims::Claim> {
    doc.annotations
        .iter()
        .filter(|a| a.layer == Layer::Claims)
        .filter_map(|a| serde_json::from_value(a.attrs.clone()).ok())
        .collect()
}
