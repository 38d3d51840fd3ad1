//! Cross-document reasoning: the work that needs more than one document at a time.
//!
//! - [`dedup`]: exact duplicates by clean-text hash and near duplicates by MinHash over word
//!   shingles with LSH banding.
//! - [`years`]: the year of a year-less date, from the years other documents give.
//! - [`names`]: name comparison (normal forms, transliteration-aware phonetic keys, acronyms,
//!   person-name parts, demonyms).
//! - [`resolve`]: entity resolution across the corpus (one actor under many spellings).
//! - [`cluster`]: event clustering (one real-world event reported by many sources).
//! - [`contradict`]: disagreements between sources (dates of one event, figures for one thing).
//! - [`dsu`]: the disjoint sets `resolve` and `contradict` build their groups with.
//!
//! [`reason`] runs the last three over compact per-document [`facts`] and returns one
//! [`Reasoning`]. This crate does no I/O: callers feed it documents, facts and signatures.

pub mod cluster;
pub mod contradict;
pub mod dedup;
pub mod dsu;
pub mod facts;
pub mod names;
pub mod resolve;
pub mod years;

pub use facts::*;

use serde::{Deserialize, Serialize};

/// Everything the cross-document stage found, as stored and exported.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Reasoning {
    pub entities: Vec<resolve::Entity>,
    /// Typed links between entities that are not merges (demonym of a place, metonymy).
    pub links: Vec<resolve::Link>,
    pub events: Vec<cluster::Cluster>,
    pub contradictions: Vec<contradict::Contradiction>,
    /// User overrides that named nothing in the corpus, for the analyst to see.
    pub unused_overrides: Vec<Override>,
}

/// Runs entity resolution, event clustering and contradiction detection over the corpus.
/// `docs` are in a stable order (the store's); the result depends only on `docs` and
/// `overrides`.
pub fn reason(docs: &[DocFacts], overrides: &[Override]) -> Reasoning {
    let resolved = resolve::resolve(docs, overrides);
    let clusters = cluster::cluster(docs, &resolved);
    let contradictions = contradict::find(docs, &resolved, &clusters);
    let mut clusters = clusters;
    for c in &contradictions {
        if let Some(k) = c.event.as_ref().and_then(|e| clusters.iter().position(|x| x.id == *e)) {
            if let Some(cl) = clusters.get_mut(k) {
                cl.disputed.push(c.id.as_str().into());
            }
        }
    }
    Reasoning { entities: resolved.entities, links: resolved.links, events: clusters, contradictions, unused_overrides: resolved.unused_overrides }
}
