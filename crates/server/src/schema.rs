//! Response shapes as the OpenAPI document describes them. Objects that reuse the export
//! contract (documents, corpus entities, events, contradictions, quotes, figures) are
//! described there (docs/export.md) and appear here as free-form objects.

use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

/// `limit` and `offset` of every list (described here, read by `params::Params`).
#[derive(IntoParams)]
#[allow(dead_code)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Items per page: default 50, at most 500.
    pub limit: Option<u32>,
    /// Items to skip: default 0.
    pub offset: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct Stats {
    pub n_documents: u64,
    pub n_duplicates: u64,
    pub n_sentences: u64,
    pub n_entities: u64,
    pub n_events: u64,
    /// Contradictions proper (figures revised by later reports are `n_updates`).
    pub n_contradictions: u64,
    pub n_updates: u64,
    pub n_quotes: u64,
    pub n_quantities: u64,
    /// Outlets by number of documents, most first.
    pub outlets: Vec<OutletCount>,
    /// First and last publication day (ISO), when any document is dated.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct OutletCount {
    pub outlet: String,
    pub n: u64,
}

/// A document in a list.
#[derive(Serialize, ToSchema)]
pub struct DocumentSummary {
    pub id: String,
    /// The URL when known, else the path (and record) it was read from.
    pub source: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub language: Option<String>,
    pub n_chars: u64,
    pub n_sentences: u64,
    /// The document this one copies, when it is a duplicate.
    pub duplicate_of: Option<String>,
    /// When the analysed document was stored, UTC, RFC 3339 to the second.
    pub stored_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct DocumentList {
    pub items: Vec<DocumentSummary>,
    pub total: u64,
    pub limit: u64,
    pub offset: u64,
}

/// A corpus entity in a list.
#[derive(Serialize, ToSchema)]
pub struct EntitySummary {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Every spelling, most mentioned first.
    pub aliases: Vec<String>,
    pub n_mentions: u32,
    pub n_documents: u32,
    pub confidence: f64,
}

#[derive(Serialize, ToSchema)]
pub struct EntityList {
    pub items: Vec<EntitySummary>,
    pub total: u64,
    pub limit: u64,
    pub offset: u64,
}

/// Corpus events: the export's `events` items (clusters with `evidence`), plus
/// `reports_truncated` and `start`/`end` (ISO days the date covers; null when undated).
#[derive(Serialize, ToSchema)]
pub struct EventList {
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<serde_json::Value>,
    pub total: u64,
    pub limit: u64,
    pub offset: u64,
}

/// A list of objects of the export contract.
#[derive(Serialize, ToSchema)]
pub struct ObjectList {
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<serde_json::Value>,
    pub total: u64,
    pub limit: u64,
    pub offset: u64,
}

/// A full-text search hit.
#[derive(Serialize, ToSchema)]
pub struct SearchHit {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    /// Plain-text pieces around the best match; `hit` marks matched words.
    pub snippet: Vec<SnippetPiece>,
    /// Relevance (BM25), higher is better, when the page's `order` is `relevance`; 0 when it
    /// is `newest` (past the cap nothing is scored).
    pub rank: f64,
}

#[derive(Serialize, ToSchema)]
pub struct SnippetPiece {
    pub text: String,
    pub hit: bool,
}

/// The competing explanations and their evidence matrix (docs/claims.md).
#[derive(Serialize, ToSchema)]
pub struct Hypotheses {
    /// `{id, label, frame, n_claims, n_documents, positions: [{holder, holder_kind, doc, position, hedged, evidence}]}`
    #[schema(value_type = Vec<Object>)]
    pub hypotheses: Vec<serde_json::Value>,
    /// Rows of the matrix: `{id, kind (event, quote, figure), label, doc, sentence}`.
    #[schema(value_type = Vec<Object>)]
    pub evidence: Vec<serde_json::Value>,
    /// Non-neutral cells: `{evidence, hypothesis, value (consistent, inconsistent), link}`.
    #[schema(value_type = Vec<Object>)]
    pub cells: Vec<serde_json::Value>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchList {
    pub items: Vec<SearchHit>,
    /// Matching documents; a lower bound (the cap, 1,000) when `capped`.
    pub total: u64,
    /// More documents match than `total`: show it as "1,000+".
    pub capped: bool,
    /// `relevance` (best first), or `newest` (most recently stored first) when `capped`:
    /// ranking every match of a word found nearly everywhere is not worth its time.
    #[schema(example = "relevance")]
    pub order: String,
    pub limit: u64,
    pub offset: u64,
}

#[derive(Serialize, ToSchema)]
pub struct Network {
    pub nodes: Vec<Node>,
    /// Heaviest first.
    pub edges: Vec<Edge>,
}

#[derive(Serialize, ToSchema)]
pub struct Node {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub n_mentions: u32,
    pub n_documents: u32,
}

/// Events from `source` to `target` (weight: their number), or, for pairs no event links,
/// sentences mentioning both (`n_events` 0, `types` empty).
#[derive(Serialize, ToSchema)]
pub struct Edge {
    pub source: String,
    pub target: String,
    pub weight: u64,
    pub n_events: u64,
    pub n_sentences: u64,
    /// PLOVER types of the events.
    pub types: Vec<String>,
}

/// `POST /api/ingest` with JSON: one text to analyse.
#[derive(serde::Deserialize, ToSchema)]
pub struct IngestText {
    /// The article's text (plain text).
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub published: Option<String>,
    pub outlet: Option<String>,
}

/// An accepted ingest job.
#[derive(Serialize, ToSchema)]
pub struct JobAccepted {
    pub job: String,
}
