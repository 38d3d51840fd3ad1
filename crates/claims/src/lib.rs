//! Claims: the propositions a document asserts, doubts or rejects, with their holder, hedging
//! and kind (explanation, prediction), grouped across documents, and the competing
//! explanations (hypotheses) the corpus argues about with an ACH matrix of evidence.
//!
//! Sits after the per-document annotators: [`extract::extract`] reads a parsed [`model::Doc`]
//! (tokens, sentences, parses, the `quotes` layer) and is run by the `claims` annotator, which
//! stores each [`Claim`] on the `claims` layer. [`group`] and [`hypotheses`] work across
//! documents on stored claims; the engine runs them at query time. No I/O; never panics.

pub mod extract;
pub mod group;
pub mod hypotheses;
pub mod lexicon;

pub use extract::{extract, Claim, FrameStance, Holder, Kind, Stance};
pub use lexicon::Lexicon;
