//! Per-document annotators and the pipeline that runs them.
//!
//! Each [`Annotator`] declares the [`Layer`]s it requires and those it assigns; [`Pipeline::new`]
//! checks that every requirement is assigned by an earlier annotator (spaCy's `requires` /
//! `assigns`). The default pipeline is declared in one place, [`Pipeline::standard`].
//! Annotators never touch the store and never panic on any text.

pub mod claims;
pub mod entities;
pub mod events;
pub mod places;
pub mod pos;
pub mod quantities;
pub mod quotes;
pub mod sentences;
pub mod syntax;
pub mod times;
pub mod tokens;

use model::{Diagnostic, Doc, Layer, Provenance};

/// A per-document annotator.
pub trait Annotator: Send + Sync {
    /// Stable name, used in provenance and the store (`tokens`, `sentences`, ...).
    fn name(&self) -> &'static str;
    /// Bumped whenever the annotator's output may change for the same input.
    fn version(&self) -> u32;
    fn requires(&self) -> &'static [Layer];
    fn assigns(&self) -> &'static [Layer];
    /// Adds this annotator's layers to `doc`. Problems are returned, never panicked.
    fn annotate(&self, doc: &mut Doc) -> Vec<Diagnostic>;
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("annotator `{annotator}` requires layer `{layer}`, which no earlier annotator assigns")]
    MissingRequirement { annotator: &'static str, layer: &'static str },
    #[error("layer `{layer}` is assigned twice (by `{first}` and `{second}`)")]
    AssignedTwice { layer: &'static str, first: &'static str, second: &'static str },
}

/// An ordered, checked list of annotators.
pub struct Pipeline {
    annotators: Vec<Box<dyn Annotator>>,
}

impl Pipeline {
    /// Builds a pipeline, checking that requirements are met in order.
    pub fn new(annotators: Vec<Box<dyn Annotator>>) -> Result<Pipeline, Error> {
        let mut assigned: Vec<(Layer, &'static str)> = vec![(Layer::Text, "clean")];
        for a in &annotators {
            for &req in a.requires() {
                if !assigned.iter().any(|(l, _)| *l == req) {
                    return Err(Error::MissingRequirement { annotator: a.name(), layer: req.as_str() });
                }
            }
            for &layer in a.assigns() {
                if let Some((_, first)) = assigned.iter().find(|(l, _)| *l == layer) {
                    return Err(Error::AssignedTwice { layer: layer.as_str(), first, second: a.name() });
                }
                assigned.push((layer, a.name()));
            }
        }
        Ok(Pipeline { annotators })
    }

    /// The pipeline `dossier analyze` runs. Later annotators (entities, times, quotes, ...)
    /// are added here, and only here.
    pub fn standard() -> Pipeline {
        Pipeline::new(vec![
            Box::new(tokens::Tokens),
            Box::new(sentences::Sentences),
            Box::new(pos::Pos),
            Box::new(syntax::Syntax),
            Box::new(entities::Entities),
            Box::new(times::Times),
            Box::new(quantities::Quantities),
            Box::new(quotes::Quotes),
            Box::new(places::Places),
            Box::new(events::Events),
            Box::new(claims::Claims),
        ])
            .expect("the standard pipeline is well-ordered (checked by a test)")
    }

    /// Runs every annotator in order and records provenance for each layer it assigns.
    pub fn run(&self, doc: &mut Doc) -> Vec<Diagnostic> {
        self.run_timed(doc, &mut [])
    }

    /// Like [`Pipeline::run`], adding each annotator's time to `spent` (one slot per
    /// annotator, in order; missing slots are ignored). For benchmarks.
    pub fn run_timed(&self, doc: &mut Doc, spent: &mut [std::time::Duration]) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for (k, a) in self.annotators.iter().enumerate() {
            let started = std::time::Instant::now();
            diagnostics.extend(a.annotate(doc));
            if let Some(slot) = spent.get_mut(k) {
                *slot += started.elapsed();
            }
            for &layer in a.assigns() {
                doc.provenance.retain(|(l, _)| *l != layer);
                doc.provenance.push((layer, Provenance { annotator: a.name().to_string(), version: a.version() }));
            }
        }
        diagnostics
    }

    /// `(name, version)` of each annotator, in order.
    pub fn describe(&self) -> Vec<(&'static str, u32)> {
        self.annotators.iter().map(|a| (a.name(), a.version())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_pipeline_is_well_ordered() {
        let p = Pipeline::standard();
        assert_eq!(p.describe().iter().map(|d| d.0).collect::<Vec<_>>(), ["tokens", "sentences", "pos", "syntax", "entities", "times", "quantities", "quotes", "places", "events", "claims"]);
    }

    #[test]
    fn out_of_order_is_refused() {
        let err = Pipeline::new(vec![Box::new(sentences::Sentences), Box::new(tokens::Tokens)]).err();
        assert_eq!(err, Some(Error::MissingRequirement { annotator: "sentences", layer: "tokens" }));
        let err = Pipeline::new(vec![Box::new(tokens::Tokens), Box::new(tokens::Tokens)]).err();
        assert_eq!(err, Some(Error::AssignedTwice { layer: "tokens", first: "tokens", second: "tokens" }));
    }
}
