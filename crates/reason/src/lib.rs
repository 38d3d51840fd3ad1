//! Cross-document reasoning: the work that needs more than one document at a time.
//!
//! Today: duplicate detection ([`dedup`]): exact duplicates by clean-text hash and near
//! duplicates by MinHash over word shingles with LSH banding. Later: entity resolution, event
//! clustering, timelines and contradictions. This crate does no I/O: callers feed it documents
//! and stored signatures.

pub mod dedup;
pub mod years;
