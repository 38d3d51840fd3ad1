//! Storage behind one trait: [`Store`]. SQLite ([`sqlite::SqliteStore`]) is the embedded
//! default; PostgreSQL ([`postgres::PgStore`]) is the shared store of a deployment with many
//! workers, behind the same trait, so no stage knows which one it writes to.
//!
//! The engine writes whole batches ([`Batch`]) in one transaction each, so a crash or Ctrl-C
//! loses at most the batch in flight and never corrupts what was committed. Documents are
//! identified by the hash of their raw bytes ([`model::DocId`]), which makes re-ingest idempotent.

mod codec;
pub mod postgres;
mod rows;
mod snippet;
pub mod sqlite;

use model::{Diagnostic, Doc, DocId};
use serde::{Deserialize, Serialize};

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database could not be opened, read or written.
    #[error("database error on {path}: {source}")]
    Database { path: String, source: Box<dyn std::error::Error + Send + Sync> },
    /// The database was written by a newer dossier (its schema version is higher than ours).
    #[error("{path} has schema version {found}, newer than this dossier supports ({supported}); upgrade dossier")]
    TooNew { path: String, found: i64, supported: i64 },
    /// A stored value could not be decoded.
    #[error("corrupt record for document {id} in {path}: {message}")]
    Corrupt { path: String, id: String, message: String },
    /// An id prefix given to [`Store::get_document`] matches more than one document.
    #[error("`{prefix}` matches {n} documents; give more digits of the id")]
    Ambiguous { prefix: String, n: u64 },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A run of `dossier analyze` / `ingest`, recorded with its summary.
pub type RunId = i64;

/// A document as the engine hands it to the store, with what deduplication needs later.
#[derive(Clone, Debug)]
pub struct StoredDoc {
    pub doc: Doc,
    /// Hash of the clean text, for exact-duplicate lookups.
    pub text_hash: String,
    /// MinHash signature of the clean text's word shingles, for near-duplicate lookups.
    pub signature: Vec<u32>,
}

/// What the engine commits in one transaction.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub run: RunId,
    pub docs: Vec<StoredDoc>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One row of `dossier docs`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocSummary {
    pub id: DocId,
    pub source: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub language: Option<String>,
    pub n_chars: u64,
    pub n_sentences: u64,
    pub duplicate_of: Option<DocId>,
    /// When the analysed document was stored, UTC, RFC 3339 to the second
    /// (`2022-01-07T09:30:00Z`): the time it entered the picture.
    pub stored_at: String,
}

/// Filters for listing documents; `None` means any.
#[derive(Clone, Debug, Default)]
pub struct DocQuery {
    pub outlet: Option<String>,
    pub language: Option<String>,
    /// Include documents that duplicate another (default: include).
    pub exclude_duplicates: bool,
    pub limit: Option<u64>,
    pub offset: u64,
}

/// Publication-date bounds for listing and counting documents: ISO days (`YYYY-MM-DD`),
/// both inclusive, compared with the first ten characters of `published`. A document without
/// a publication date is outside any bound. (Kept apart from [`DocQuery`] so that callers
/// building a `DocQuery` literal need not change.)
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Published {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Published {
    pub fn is_any(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }
}

/// One full-text search result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: DocId,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    /// A few words around the best match, as plain-text pieces (never markup): the pieces
    /// with `hit` are the words that matched.
    pub snippet: Vec<SnippetPiece>,
    /// Relevance (BM25, higher is better) when the page's `order` is `relevance` (results come
    /// best first); 0 when it is `newest` (past the cap nothing is scored).
    pub rank: f64,
}

/// A piece of a search snippet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPiece {
    pub text: String,
    pub hit: bool,
}

/// A page of full-text search results and the number of matching documents.
///
/// Ranking every match of a word found in nearly every document costs tens of milliseconds
/// per query on a large store, and counting them nearly as much; so past a cap
/// ([`SEARCH_RANK_CAP`]) the count stops at the cap (`capped`: `total` is then a lower bound,
/// "1,000+") and the hits come newest-stored first instead of by relevance (`order`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    pub total: u64,
    /// More documents match than `total` says: it is the cap, a lower bound.
    pub capped: bool,
    pub order: SearchOrder,
}

/// How a page of search results is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchOrder {
    /// Best match first (BM25, the title weighted above the text), then storage order.
    #[default]
    Relevance,
    /// Most recently stored first: used when more documents match than are worth ranking.
    Newest,
}

/// Matches up to which search results are ranked by relevance and counted exactly.
pub const SEARCH_RANK_CAP: u64 = 1000;

/// What the corpus holds beyond [`Stats`]: outlets with their number of documents (most
/// first, then by name), the first and last publication day, and the number of annotations
/// per layer (`quotes`, `quantities`, ...).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub outlets: Vec<(String, u64)>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub n_annotations: Vec<(String, u64)>,
}

impl Overview {
    /// The number of annotations of `layer` (0 when there are none).
    pub fn annotations(&self, layer: model::Layer) -> u64 {
        self.n_annotations.iter().find(|(l, _)| l == layer.as_str()).map_or(0, |x| x.1)
    }
}

/// Corpus counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub n_documents: u64,
    pub n_duplicates: u64,
    pub n_sentences: u64,
    pub n_diagnostics: u64,
    pub n_runs: u64,
}

/// Storage. Lists come back in a stable order (documents by `published`, then `id`).
pub trait Store {
    /// Starts a run; `command` is the command line, kept for the record.
    fn begin_run(&mut self, command: &str) -> Result<RunId>;
    /// Ends a run with its summary (any JSON the engine chooses).
    fn finish_run(&mut self, run: RunId, summary: &serde_json::Value) -> Result<()>;
    /// Is a document with this id stored?
    fn contains(&self, id: &str) -> Result<bool>;
    /// The first stored document (smallest rowid) whose clean text has this hash.
    fn find_by_text_hash(&self, text_hash: &str) -> Result<Option<DocId>>;
    /// The MinHash signatures of stored originals (documents that duplicate no other), in
    /// storage order, for building the near-duplicate index: a new document is linked to the
    /// original it repeats, never to another copy.
    fn signatures(&self) -> Result<Vec<(DocId, Vec<u32>)>>;
    /// Commits a batch (documents, their sentences, tokens and annotations, signatures and
    /// diagnostics) in one transaction. Documents already stored are left untouched.
    fn put_batch(&mut self, batch: &Batch) -> Result<()>;
    fn list_documents(&self, query: &DocQuery) -> Result<Vec<DocSummary>>;
    /// [`Store::list_documents`] within publication-date bounds.
    fn list_documents_published(&self, query: &DocQuery, published: &Published) -> Result<Vec<DocSummary>>;
    /// The number of documents the query would list without its limit and offset.
    fn count_documents(&self, query: &DocQuery, published: &Published) -> Result<u64>;
    /// Full-text search over titles and clean texts. The query's words are searched as words
    /// (all of them, in any order; case and diacritics folded): no search syntax is
    /// interpreted, so no query is an error. A query without words finds nothing.
    /// Past [`SEARCH_RANK_CAP`] matches the count is capped and the order is newest first
    /// (see [`SearchPage`]).
    fn search(&self, query: &str, limit: u64, offset: u64) -> Result<SearchPage> {
        self.search_capped(query, limit, offset, SEARCH_RANK_CAP)
    }
    /// [`Store::search`] with the cap given: up to `cap` matches are counted exactly and
    /// ranked by relevance; past it `total` is `cap`, `capped` is set and the order is newest
    /// first.
    fn search_capped(&self, query: &str, limit: u64, offset: u64, cap: u64) -> Result<SearchPage>;
    /// Outlets, date range and annotation counts.
    fn overview(&self) -> Result<Overview>;
    /// A document by full id or by a unique id prefix (at least 4 hex digits). `Ok(None)` when
    /// nothing matches (or the prefix is shorter than 4); [`Error::Ambiguous`] when a prefix
    /// matches several documents.
    fn get_document(&self, id_or_prefix: &str) -> Result<Option<Doc>>;
    /// Visits every document in stable order without loading them all at once.
    fn for_each_document(&self, f: &mut dyn FnMut(Doc) -> Result<()>) -> Result<()>;
    /// Visits every document like [`Store::for_each_document`], but without tokens and
    /// analyses and with only the annotations of `layers`, each with its index among all the
    /// document's annotations (as [`Store::update_annotations`] addresses them): for the
    /// cross-document passes, which read a few layers of every document and would spend most
    /// of their time decoding the rest.
    fn for_each_document_layers(&self, layers: &[model::Layer], f: &mut dyn FnMut(Doc, Vec<usize>) -> Result<()>) -> Result<()>;
    /// Diagnostics of one run, or of all runs.
    fn diagnostics(&self, run: Option<RunId>) -> Result<Vec<Diagnostic>>;
    fn stats(&self) -> Result<Stats>;
    /// Replaces stored annotations of document `id` in place, each addressed by its index in
    /// `Doc::annotations`, in one transaction (for cross-document stages that refine what
    /// the annotators found). Indices that do not exist are ignored.
    fn update_annotations(&mut self, id: &str, updates: &[(usize, model::Annotation)]) -> Result<()>;
    /// Replaces the cross-document stage's result (a JSON document, see `reason::Reasoning`)
    /// in one transaction.
    fn put_reasoning(&mut self, data: &str) -> Result<()>;
    /// The latest cross-document result, if the stage has run.
    fn reasoning(&self) -> Result<Option<String>>;
    /// Records an analyst's override; `false` when the same one was already there.
    fn add_override(&mut self, kind: OverrideKind, a: &str, b: &str) -> Result<bool>;
    /// Every override, oldest first.
    fn overrides(&self) -> Result<Vec<StoredOverride>>;
    /// Removes an override by id; `false` when there was none.
    fn remove_override(&mut self, id: i64) -> Result<bool>;
}

/// An analyst's entity override as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredOverride {
    pub id: i64,
    pub kind: OverrideKind,
    /// The names as typed.
    pub a: String,
    pub b: String,
    pub created: String,
}

/// Merge two entities into one, or keep them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OverrideKind {
    Merge,
    Split,
}

impl OverrideKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OverrideKind::Merge => "merge",
            OverrideKind::Split => "split",
        }
    }
}
