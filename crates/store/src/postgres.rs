//! PostgreSQL backend: the shared store of a deployment, written by many workers at once.
//!
//! Same tables and behaviour as the SQLite store ([`crate::sqlite`]); the schema lives in its
//! own versioned migrations (`migrations/postgres/*.sql`), applied in one transaction under an
//! advisory lock when the store connects, so two processes connecting to a new database do not
//! race. Every [`Batch`] is one transaction. Full-text search uses PostgreSQL's text search (a
//! `tsvector` column with a GIN index, see `0002_search.sql`).
//!
//! The [`Store`] trait is synchronous, so this backend uses the synchronous `postgres` client
//! (a thin blocking wrapper over `tokio-postgres`) behind an `r2d2` connection pool: reads take
//! `&self`, and each takes a connection from the pool for the length of one call, so one
//! `PgStore` can be shared by threads (it is `Send + Sync`). Round trips are what cost here,
//! not statements: a batch's child rows (sentences, annotations, ...) go in one `INSERT ...
//! SELECT FROM unnest(arrays)` per table, and documents are loaded a page at a time.

// The blobs are the same bytes on both backends.
use crate::codec;
use crate::rows::{duplicate_kind_str, join_reasoning, now_rfc3339, parse_layer, reasoning_parts, record_ref, severity_str, to_i64, DocRow};
mod queue;

pub use queue::{Lease, QueueStatus, QueuedDoc};

use std::collections::HashMap;
use std::time::Duration;

use model::{Annotation, Diagnostic, Doc, DocId, Origin, Provenance, Sentence, Severity, Span};
use postgres::types::ToSql;
use postgres::{GenericClient, NoTls, Row};
use r2d2_postgres::PostgresConnectionManager;

use crate::{
    Batch, DocQuery, DocSummary, Error, OverrideKind, Overview, Published, Result, RunId, SearchHit, SearchOrder,
    SearchPage, SnippetPiece, Stats, Store, StoredOverride,
};

/// Migrations in order; the schema version of a database is the number of steps applied.
/// Never edit a step that has shipped: append a new one.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/postgres/0001_initial.sql"),
    include_str!("../migrations/postgres/0002_search.sql"),
    include_str!("../migrations/postgres/0003_queue.sql"),
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Connections a store opens at most, unless told otherwise ([`PgStore::connect_with`]).
pub const DEFAULT_POOL_SIZE: u32 = 8;

/// How long a call waits for a free connection (or for the server) before giving up.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Key of the advisory lock that serialises migrations (any constant; "dossier" in ASCII).
const MIGRATION_LOCK: i64 = 0x0064_6f73_7369_6572;

/// Documents loaded per page by [`Store::for_each_document`]: whole documents (tokens,
/// annotations) are loaded a page at a time, so this bounds memory.
const PAGE_SIZE: i64 = 64;

/// Shortest id prefix [`Store::get_document`] accepts, so short typos do not match by chance.
const MIN_PREFIX: usize = 4;

/// Text indexed for search per document: the first 256 KiB. PostgreSQL refuses a `tsvector`
/// over 1 MB, which a pathological document of distinct words could reach; no article is near.
const MAX_INDEXED_BYTES: usize = 256 * 1024;

const DOC_COLUMNS: &str = "pk, id, origin_path, origin_record_index, origin_record_offset, format, title, authors, \
     published, outlet, url, language, text, offsets, duplicate_of, duplicate_kind, duplicate_similarity";

const SUMMARY_COLUMNS: &str =
    "id, origin_path, origin_record_index, origin_record_offset, url, title, published, outlet, language, n_chars, \
     n_sentences, duplicate_of, created_at";

/// The order of every document listing (the same as SQLite's: the text columns use the "C"
/// collation, so strings compare byte by byte on both).
const DOC_ORDER: &str = "ORDER BY published ASC NULLS LAST, id ASC";

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;
type Conn = r2d2::PooledConnection<PostgresConnectionManager<NoTls>>;

/// The PostgreSQL store: a pool of connections to one database (and schema: the connection's
/// `search_path`, by default `public`).
pub struct PgStore {
    pool: Pool,
    /// The server and database, without any password, for error messages.
    name: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("name", &self.name).finish()
    }
}

/// Is `db` a PostgreSQL connection URL (rather than a file path)?
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user[:password]@host[:port]/dbname`, or
    /// libpq's `key=value` form) with a pool of [`DEFAULT_POOL_SIZE`] connections, and brings
    /// its schema up to date.
    pub fn connect(url: &str) -> Result<PgStore> {
        PgStore::connect_with(url, DEFAULT_POOL_SIZE)
    }

    /// [`PgStore::connect`] with a pool of at most `pool_size` connections (at least one).
    pub fn connect_with(url: &str, pool_size: u32) -> Result<PgStore> {
        let config: postgres::Config = url.parse().map_err(|e| Error::Database {
            path: "PostgreSQL URL".to_string(),
            source: Box::new(e),
        })?;
        let name = display_name(&config);
        let manager = PostgresConnectionManager::new(config, NoTls);
        // One connection is opened up front (which checks the URL, the server and the
        // credentials now), the others when needed. No check on checkout: a broken connection
        // fails its call and the pool drops it.
        let pool = r2d2::Pool::builder()
            .max_size(pool_size.max(1))
            .min_idle(Some(1))
            .connection_timeout(CONNECT_TIMEOUT)
            .test_on_check_out(false)
            .build(manager)
            .map_err(|e| Error::Database { path: name.clone(), source: Box::new(e) })?;
        let store = PgStore { pool, name };
        store.migrate()?;
        Ok(store)
    }

    /// Creates the database `name` on the server of `admin_url` (a URL whose user may create
    /// databases) and returns the URL of the new database. For tests and benchmarks, which
    /// want a fresh database each; `name` must be a plain identifier (letters, digits, `_`).
    pub fn create_database(admin_url: &str, name: &str) -> Result<String> {
        let mut admin = admin_client(admin_url)?;
        let name = plain_identifier(name)?;
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .map_err(|e| Error::Database { path: name.to_string(), source: Box::new(e) })?;
        Ok(with_dbname(admin_url, name))
    }

    /// Drops the database `name` (see [`PgStore::create_database`]), closing its connections.
    pub fn drop_database(admin_url: &str, name: &str) -> Result<()> {
        let mut admin = admin_client(admin_url)?;
        let name = plain_identifier(name)?;
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .map_err(|e| Error::Database { path: name.to_string(), source: Box::new(e) })
    }

    /// The size of the database on disk, in bytes (tables, indexes, TOAST).
    pub fn database_size(&self) -> Result<u64> {
        self.count("SELECT pg_database_size(current_database())::bigint", &[])
    }

    /// The server and database this store is connected to (`host:port/dbname`, no password).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The schema version of the database (equal to [`SCHEMA_VERSION`] once connected).
    pub fn schema_version(&self) -> Result<i64> {
        let mut conn = self.conn()?;
        read_version(&mut *conn).map_err(self.err())
    }

    /// A connection from the pool.
    fn conn(&self) -> Result<Conn> {
        self.pool.get().map_err(|e| Error::Database { path: self.name.clone(), source: Box::new(e) })
    }

    fn err(&self) -> impl Fn(postgres::Error) -> Error + '_ {
        db_err(&self.name)
    }

    fn corrupt(&self, id: &str, message: impl Into<String>) -> Error {
        Error::Corrupt { path: self.name.clone(), id: id.to_string(), message: message.into() }
    }

    /// An error for a value PostgreSQL cannot hold or a request it cannot answer.
    fn refuse(&self, message: String) -> Error {
        Error::Database { path: self.name.clone(), source: message.into() }
    }

    /// Applies the migrations the database lacks, in one transaction, after checking it was
    /// not written by a newer dossier. The advisory lock serialises concurrent connectors.
    fn migrate(&self) -> Result<()> {
        let mut conn = self.conn()?;
        let err = self.err();
        let mut tx = conn.transaction().map_err(&err)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(&err)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
        )
        .map_err(&err)?;
        let found = read_version(&mut tx).map_err(&err)?;
        if found > SCHEMA_VERSION {
            return Err(Error::TooNew { path: self.name.clone(), found, supported: SCHEMA_VERSION });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
            tx.batch_execute(sql).map_err(&err)?;
            tx.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                &[&(i as i64 + 1), &now_rfc3339()],
            )
            .map_err(&err)?;
        }
        tx.commit().map_err(&err)
    }

    /// Writes a batch in one transaction.
    fn write_batch(&self, batch: &Batch) -> Result<()> {
        let mut conn = self.conn()?;
        let mut tx = conn.transaction().map_err(self.err())?;
        self.write_batch_in(&mut tx, batch)?;
        // Dropping `tx` on an early return above rolls the whole batch back.
        tx.commit().map_err(self.err())
    }

    /// Writes a batch within the transaction `tx` (which the caller commits).
    fn write_batch_in(&self, tx: &mut postgres::Transaction<'_>, batch: &Batch) -> Result<()> {
        let err = self.err();
        // The run is checked once, up front, so that even an empty batch for an unknown run
        // fails as it does in SQLite (the foreign keys would only catch non-empty ones).
        let run_exists = !tx.query("SELECT 1 FROM runs WHERE id = $1", &[&batch.run]).map_err(&err)?.is_empty();
        if !run_exists {
            return Err(self.refuse(format!("FOREIGN KEY constraint failed: no run {}", batch.run)));
        }
        let created_at = now_rfc3339();
        let insert_doc = tx
            .prepare(
                "INSERT INTO documents (id, origin_path, origin_record_index, origin_record_offset, format, title, \
                 authors, published, outlet, url, language, text, text_hash, offsets, duplicate_of, duplicate_kind, \
                 duplicate_similarity, n_chars, n_sentences, run_id, created_at, search) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
                 setweight(to_tsvector('dossier', $22), 'A') || setweight(to_tsvector('dossier', $23), 'B')) \
                 ON CONFLICT (id) DO NOTHING RETURNING pk",
            )
            .map_err(&err)?;
        let mut rows = ChildRows::default();
        for sd in &batch.docs {
            let doc = &sd.doc;
            // A value this backend cannot represent fails the batch (and rolls it back).
            let bad = |message: String| self.refuse(format!("cannot store document {}: {message}", doc.id));
            let (record_index, record_offset) = match doc.origin.record {
                None => (None, None),
                Some(r) => (
                    Some(to_i64(r.index, "record index").map_err(bad)?),
                    Some(to_i64(r.offset, "record offset").map_err(bad)?),
                ),
            };
            check_no_nul(doc).map_err(bad)?;
            let authors = serde_json::to_string(&doc.meta.authors).map_err(|e| bad(e.to_string()))?;
            let offsets = serde_json::to_string(&doc.offsets).map_err(|e| bad(e.to_string()))?;
            let (dup_of, dup_kind, dup_sim) = match &doc.duplicate {
                None => (None, None, None),
                Some(d) => (Some(d.of.as_str()), Some(duplicate_kind_str(d.kind)), Some(f64::from(d.similarity))),
            };
            let search_title = search_words(doc.meta.title.as_deref().unwrap_or(""));
            let search_text = search_words(prefix(&doc.text, MAX_INDEXED_BYTES));
            let n_chars = doc.text.chars().count() as i64;
            let n_sentences = doc.sentences.len() as i64;
            let inserted = tx
                .query(
                    &insert_doc,
                    &[
                        &doc.id,
                        &doc.origin.path,
                        &record_index,
                        &record_offset,
                        &doc.format.as_str(),
                        &doc.meta.title,
                        &authors,
                        &doc.meta.published,
                        &doc.meta.outlet,
                        &doc.meta.url,
                        &doc.meta.language,
                        &doc.text,
                        &sd.text_hash,
                        &offsets,
                        &dup_of,
                        &dup_kind,
                        &dup_sim,
                        &n_chars,
                        &n_sentences,
                        &batch.run,
                        &created_at,
                        &search_title,
                        &search_text,
                    ],
                )
                .map_err(&err)?;
            // No row back: already stored (by an earlier batch, a concurrent writer, or earlier
            // in this one). Ids are content hashes, so the stored copy is the same document.
            let Some(row) = inserted.first() else { continue };
            let pk: i64 = row.try_get(0).map_err(&err)?;
            rows.add(pk, sd);
        }
        rows.insert(tx).map_err(&err)?;
        if !batch.diagnostics.is_empty() {
            let n = batch.diagnostics.len();
            let (mut source, mut severity, mut code, mut message) =
                (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
            for d in &batch.diagnostics {
                source.push(strip_nul(&d.source));
                severity.push(severity_str(d.severity));
                code.push(strip_nul(&d.code));
                message.push(strip_nul(&d.message));
            }
            // unnest keeps the arrays' order, and `pk` is an identity: diagnostics come back in
            // the order given.
            tx.execute(
                "INSERT INTO diagnostics (run_id, source, severity, code, message) \
                 SELECT $1, u.a, u.b, u.c, u.d FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) \
                 WITH ORDINALITY AS u(a, b, c, d, o) ORDER BY u.o",
                &[&batch.run, &source, &severity, &code, &message],
            )
            .map_err(&err)?;
        }
        Ok(())
    }

    /// Loads the full documents stored under `pks`, in the order given (absent ones skipped).
    fn load_many(&self, pks: &[i64]) -> Result<Vec<Doc>> {
        Ok(self.load_parts(pks, None)?.into_iter().map(|(doc, _)| doc).collect())
    }

    /// Loads the documents stored under `pks`, in the order given (absent ones skipped): whole
    /// when `layers` is `None`; else without tokens and analyses and with only the annotations
    /// of `layers`, each with its index among all the document's annotations.
    fn load_parts(&self, pks: &[i64], layers: Option<&[model::Layer]>) -> Result<Vec<(Doc, Vec<usize>)>> {
        if pks.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.conn()?;
        let err = self.err();
        let pks = pks.to_vec();
        let sql = format!("SELECT {DOC_COLUMNS} FROM documents WHERE pk = ANY($1)");
        let mut docs: HashMap<i64, Doc> = HashMap::with_capacity(pks.len());
        for row in conn.query(sql.as_str(), &[&pks]).map_err(&err)? {
            let pk: i64 = row.try_get(0).map_err(&err)?;
            let raw = DocRow::from_postgres(&row).map_err(&err)?;
            let id = raw.id.clone();
            let doc = raw.into_doc().map_err(|m| self.corrupt(&id, m))?;
            docs.insert(pk, doc);
        }

        let sentences = conn
            .query(
                "SELECT doc_pk, span_start, span_end, paragraph, token_start, token_end FROM sentences \
                 WHERE doc_pk = ANY($1) ORDER BY doc_pk, idx",
                &[&pks],
            )
            .map_err(&err)?;
        for row in sentences {
            let pk: i64 = row.try_get(0).map_err(&err)?;
            let Some(doc) = docs.get_mut(&pk) else { continue };
            let v: Vec<i64> = (1..6).map(|i| row.try_get::<_, i64>(i)).collect::<Result<_, _>>().map_err(&err)?;
            let u = |x: i64| u32::try_from(x).map_err(|_| self.corrupt(&doc.id, format!("sentence value {x} out of range")));
            let s = Sentence {
                span: Span { start: u(v[0])?, end: u(v[1])? },
                paragraph: u(v[2])?,
                tokens: (u(v[3])?, u(v[4])?),
            };
            doc.sentences.push(s);
        }

        let whole = layers.is_none();
        let tokens = if whole { conn.query("SELECT doc_pk, data FROM tokens WHERE doc_pk = ANY($1)", &[&pks]).map_err(&err)? } else { Vec::new() };
        for row in tokens {
            let pk: i64 = row.try_get(0).map_err(&err)?;
            let Some(doc) = docs.get_mut(&pk) else { continue };
            let blob: &[u8] = row.try_get(1).map_err(&err)?;
            doc.tokens = codec::decode_tokens(blob).map_err(|m| self.corrupt(&doc.id, m))?;
        }

        let analyses = if whole { conn.query("SELECT doc_pk, data FROM analyses WHERE doc_pk = ANY($1)", &[&pks]).map_err(&err)? } else { Vec::new() };
        for row in analyses {
            let pk: i64 = row.try_get(0).map_err(&err)?;
            let Some(doc) = docs.get_mut(&pk) else { continue };
            let blob: &[u8] = row.try_get(1).map_err(&err)?;
            doc.analyses =
                codec::decode_analyses(blob, &doc.tokens, &doc.text).map_err(|m| self.corrupt(&doc.id, m))?;
        }

        let wanted: Vec<&str> = layers.unwrap_or(&[]).iter().map(|l| l.as_str()).collect();
        let annotations = conn
            .query(
                "SELECT doc_pk, layer, span_start, span_end, label, attrs, annotator, annotator_version, idx \
                 FROM annotations WHERE doc_pk = ANY($1) AND ($2 OR layer = ANY($3)) ORDER BY doc_pk, idx",
                &[&pks, &whole, &wanted],
            )
            .map_err(&err)?;
        let mut indices: HashMap<i64, Vec<usize>> = HashMap::new();
        for row in annotations {
            let pk: i64 = row.try_get(0).map_err(&err)?;
            let Some(doc) = docs.get_mut(&pk) else { continue };
            let idx: i64 = row.try_get(8).map_err(&err)?;
            indices.entry(pk).or_default().push(usize::try_from(idx).map_err(|_| self.corrupt(&doc.id, format!("annotation index {idx} out of range")))?);
            let layer: &str = row.try_get(1).map_err(&err)?;
            let layer = parse_layer(layer).map_err(|m| self.corrupt(&doc.id, m))?;
            let start: i64 = row.try_get(2).map_err(&err)?;
            let end: i64 = row.try_get(3).map_err(&err)?;
            let label: String = row.try_get(4).map_err(&err)?;
            let attrs: Option<&str> = row.try_get(5).map_err(&err)?;
            let annotator: String = row.try_get(6).map_err(&err)?;
            let version: i64 = row.try_get(7).map_err(&err)?;
            let attrs = match attrs {
                None => serde_json::Value::Null,
                Some(a) => {
                    serde_json::from_str(a).map_err(|e| self.corrupt(&doc.id, format!("annotation attrs: {e}")))?
                }
            };
            let u = |x: i64| u32::try_from(x).map_err(|_| self.corrupt(&doc.id, format!("annotation value {x} out of range")));
            doc.annotations.push(Annotation {
                layer,
                span: Span { start: u(start)?, end: u(end)? },
                label,
                attrs,
                provenance: Provenance { annotator, version: u(version)? },
            });
        }

        let layers = conn
            .query("SELECT doc_pk, layer, annotator, version FROM layers WHERE doc_pk = ANY($1) ORDER BY doc_pk, idx", &[&pks])
            .map_err(&err)?;
        for row in layers {
            let pk: i64 = row.try_get(0).map_err(&err)?;
            let Some(doc) = docs.get_mut(&pk) else { continue };
            let layer: &str = row.try_get(1).map_err(&err)?;
            let layer = parse_layer(layer).map_err(|m| self.corrupt(&doc.id, m))?;
            let annotator: String = row.try_get(2).map_err(&err)?;
            let version: i64 = row.try_get(3).map_err(&err)?;
            let version =
                u32::try_from(version).map_err(|_| self.corrupt(&doc.id, format!("layer version {version} out of range")))?;
            doc.provenance.push((layer, Provenance { annotator, version }));
        }
        Ok(pks.iter().filter_map(|pk| Some((docs.remove(pk)?, indices.remove(pk).unwrap_or_default()))).collect())
    }

    /// Visits every document in [`DOC_ORDER`], a page at a time, loaded as [`Self::load_parts`]
    /// loads them.
    fn visit(&self, layers: Option<&[model::Layer]>, f: &mut dyn FnMut(Doc, Vec<usize>) -> Result<()>) -> Result<()> {
        let mut after: Option<(Option<String>, String)> = None;
        loop {
            let page = self.page_after(after.as_ref())?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = Some((last.2.clone(), last.1.clone()));
            let pks: Vec<i64> = page.iter().map(|p| p.0).collect();
            // No connection is held while `f` runs: it may use the store itself.
            for (doc, indices) in self.load_parts(&pks, layers)? {
                f(doc, indices)?;
            }
        }
    }

    /// The next page of `(pk, id, published)` after `after` in [`DOC_ORDER`] (keyset paging,
    /// as in the SQLite store).
    fn page_after(&self, after: Option<&(Option<String>, String)>) -> Result<Vec<(i64, String, Option<String>)>> {
        let mut conn = self.conn()?;
        let err = self.err();
        let rows = match after {
            None => {
                let sql = format!("SELECT pk, id, published FROM documents {DOC_ORDER} LIMIT $1");
                conn.query(sql.as_str(), &[&PAGE_SIZE])
            }
            Some((Some(published), id)) => {
                let sql = format!(
                    "SELECT pk, id, published FROM documents \
                     WHERE published IS NULL OR published > $1 OR (published = $1 AND id > $2) {DOC_ORDER} LIMIT $3"
                );
                conn.query(sql.as_str(), &[published, id, &PAGE_SIZE])
            }
            Some((None, id)) => {
                let sql = format!(
                    "SELECT pk, id, published FROM documents WHERE published IS NULL AND id > $1 {DOC_ORDER} LIMIT $2"
                );
                conn.query(sql.as_str(), &[id, &PAGE_SIZE])
            }
        }
        .map_err(&err)?;
        rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect::<Result<_, _>>().map_err(&err)
    }

    /// Runs a query that answers one count.
    fn count(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        let mut conn = self.conn()?;
        let err = self.err();
        let row = conn.query_one(sql, params).map_err(&err)?;
        let n: i64 = row.try_get(0).map_err(&err)?;
        Ok(n.max(0) as u64)
    }
}

/// A batch's child rows, gathered as columns so that each table takes one statement.
#[derive(Default)]
struct ChildRows {
    /// doc_pk, idx, span_start, span_end, paragraph, token_start, token_end.
    sentences: [Vec<i64>; 7],
    /// doc_pk, n_tokens and data of `tokens`; doc_pk and data of `analyses`, `signatures`.
    tokens: (Vec<i64>, Vec<i64>, Vec<Vec<u8>>),
    analyses: (Vec<i64>, Vec<Vec<u8>>),
    signatures: (Vec<i64>, Vec<Vec<u8>>),
    annotations: AnnotationRows,
    layers: LayerRows,
}

#[derive(Default)]
struct AnnotationRows {
    doc_pk: Vec<i64>,
    idx: Vec<i64>,
    layer: Vec<&'static str>,
    start: Vec<i64>,
    end: Vec<i64>,
    label: Vec<String>,
    attrs: Vec<Option<String>>,
    annotator: Vec<String>,
    version: Vec<i64>,
}

#[derive(Default)]
struct LayerRows {
    doc_pk: Vec<i64>,
    idx: Vec<i64>,
    layer: Vec<&'static str>,
    annotator: Vec<String>,
    version: Vec<i64>,
}

impl ChildRows {
    fn add(&mut self, pk: i64, sd: &crate::StoredDoc) {
        let doc = &sd.doc;
        for (idx, s) in doc.sentences.iter().enumerate() {
            let values = [
                pk,
                idx as i64,
                i64::from(s.span.start),
                i64::from(s.span.end),
                i64::from(s.paragraph),
                i64::from(s.tokens.0),
                i64::from(s.tokens.1),
            ];
            for (column, v) in self.sentences.iter_mut().zip(values) {
                column.push(v);
            }
        }
        if !doc.tokens.is_empty() {
            self.tokens.0.push(pk);
            self.tokens.1.push(doc.tokens.len() as i64);
            self.tokens.2.push(codec::encode_tokens(&doc.tokens));
        }
        if !doc.analyses.is_empty() {
            self.analyses.0.push(pk);
            self.analyses.1.push(codec::encode_analyses(&doc.analyses, &doc.tokens, &doc.text));
        }
        let a = &mut self.annotations;
        for (idx, ann) in doc.annotations.iter().enumerate() {
            a.doc_pk.push(pk);
            a.idx.push(idx as i64);
            a.layer.push(ann.layer.as_str());
            a.start.push(i64::from(ann.span.start));
            a.end.push(i64::from(ann.span.end));
            a.label.push(ann.label.clone());
            // serde_json escapes NUL in strings, so the JSON text never holds one.
            a.attrs.push(if ann.attrs.is_null() { None } else { Some(ann.attrs.to_string()) });
            a.annotator.push(ann.provenance.annotator.clone());
            a.version.push(i64::from(ann.provenance.version));
        }
        for (idx, (layer, p)) in doc.provenance.iter().enumerate() {
            let l = &mut self.layers;
            l.doc_pk.push(pk);
            l.idx.push(idx as i64);
            l.layer.push(layer.as_str());
            l.annotator.push(p.annotator.clone());
            l.version.push(i64::from(p.version));
        }
        self.signatures.0.push(pk);
        self.signatures.1.push(codec::encode_signature(&sd.signature));
    }

    fn insert(&self, tx: &mut impl GenericClient) -> Result<(), postgres::Error> {
        let s = &self.sentences;
        if !s[0].is_empty() {
            tx.execute(
                "INSERT INTO sentences (doc_pk, idx, span_start, span_end, paragraph, token_start, token_end) \
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])",
                &[&s[0], &s[1], &s[2], &s[3], &s[4], &s[5], &s[6]],
            )?;
        }
        let t = &self.tokens;
        if !t.0.is_empty() {
            tx.execute(
                "INSERT INTO tokens (doc_pk, n_tokens, data) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])",
                &[&t.0, &t.1, &t.2],
            )?;
        }
        let a = &self.analyses;
        if !a.0.is_empty() {
            tx.execute("INSERT INTO analyses (doc_pk, data) SELECT * FROM unnest($1::bigint[], $2::bytea[])", &[&a.0, &a.1])?;
        }
        let a = &self.annotations;
        if !a.doc_pk.is_empty() {
            tx.execute(
                "INSERT INTO annotations (doc_pk, idx, layer, span_start, span_end, label, attrs, annotator, annotator_version) \
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], \
                 $7::text[], $8::text[], $9::bigint[])",
                &[&a.doc_pk, &a.idx, &a.layer, &a.start, &a.end, &a.label, &a.attrs, &a.annotator, &a.version],
            )?;
        }
        let l = &self.layers;
        if !l.doc_pk.is_empty() {
            tx.execute(
                "INSERT INTO layers (doc_pk, idx, layer, annotator, version) \
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::bigint[])",
                &[&l.doc_pk, &l.idx, &l.layer, &l.annotator, &l.version],
            )?;
        }
        let g = &self.signatures;
        if !g.0.is_empty() {
            tx.execute(
                "INSERT INTO signatures (doc_pk, signature) SELECT * FROM unnest($1::bigint[], $2::bytea[])",
                &[&g.0, &g.1],
            )?;
        }
        Ok(())
    }
}

impl Store for PgStore {
    fn begin_run(&mut self, command: &str) -> Result<RunId> {
        let mut conn = self.conn()?;
        let err = self.err();
        let row = conn
            .query_one(
                "INSERT INTO runs (started_at, command) VALUES ($1, $2) RETURNING id",
                &[&now_rfc3339(), &strip_nul(command)],
            )
            .map_err(&err)?;
        row.try_get(0).map_err(&err)
    }

    fn finish_run(&mut self, run: RunId, summary: &serde_json::Value) -> Result<()> {
        let mut conn = self.conn()?;
        let n = conn
            .execute(
                "UPDATE runs SET finished_at = $1, summary = $2 WHERE id = $3",
                &[&now_rfc3339(), &summary.to_string(), &run],
            )
            .map_err(self.err())?;
        if n == 0 {
            return Err(self.refuse(format!("no run {run} to finish")));
        }
        Ok(())
    }

    fn contains(&self, id: &str) -> Result<bool> {
        if id.contains('\0') {
            return Ok(false);
        }
        let mut conn = self.conn()?;
        let rows = conn.query("SELECT 1 FROM documents WHERE id = $1", &[&id]).map_err(self.err())?;
        Ok(!rows.is_empty())
    }

    fn find_by_text_hash(&self, text_hash: &str) -> Result<Option<DocId>> {
        if text_hash.contains('\0') {
            return Ok(None);
        }
        let mut conn = self.conn()?;
        let err = self.err();
        let rows = conn
            .query("SELECT id FROM documents WHERE text_hash = $1 ORDER BY pk LIMIT 1", &[&text_hash])
            .map_err(&err)?;
        rows.first().map(|r| r.try_get(0)).transpose().map_err(&err)
    }

    fn signatures(&self) -> Result<Vec<(DocId, Vec<u32>)>> {
        let mut conn = self.conn()?;
        let err = self.err();
        let rows = conn
            .query(
                "SELECT d.id, s.signature FROM signatures s JOIN documents d ON d.pk = s.doc_pk \
                 WHERE d.duplicate_of IS NULL ORDER BY d.pk",
                &[],
            )
            .map_err(&err)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: String = row.try_get(0).map_err(&err)?;
            let blob: &[u8] = row.try_get(1).map_err(&err)?;
            let sig = codec::decode_signature(blob).map_err(|m| self.corrupt(&id, m))?;
            out.push((id, sig));
        }
        Ok(out)
    }

    fn put_batch(&mut self, batch: &Batch) -> Result<()> {
        self.write_batch(batch)
    }

    fn list_documents(&self, query: &DocQuery) -> Result<Vec<DocSummary>> {
        self.list_documents_published(query, &Published::default())
    }

    fn list_documents_published(&self, query: &DocQuery, published: &Published) -> Result<Vec<DocSummary>> {
        let Some((where_clause, mut args)) = doc_filter(query, published) else { return Ok(Vec::new()) };
        let limit = query.limit.map_or(i64::MAX, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        args.push(Box::new(limit));
        let limit_arg = args.len();
        args.push(Box::new(offset));
        let offset_arg = args.len();
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM documents {where_clause} {DOC_ORDER} LIMIT ${limit_arg} OFFSET ${offset_arg}"
        );
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a.as_ref()).collect();
        let mut conn = self.conn()?;
        let err = self.err();
        let rows = conn.query(sql.as_str(), &params).map_err(&err)?;
        rows.iter()
            .map(|r| {
                let origin = Origin { path: r.try_get(1)?, record: record_ref(r.try_get(2)?, r.try_get(3)?) };
                let url: Option<String> = r.try_get(4)?;
                Ok(DocSummary {
                    id: r.try_get(0)?,
                    source: url.unwrap_or_else(|| origin.to_string()),
                    title: r.try_get(5)?,
                    published: r.try_get(6)?,
                    outlet: r.try_get(7)?,
                    language: r.try_get(8)?,
                    n_chars: r.try_get::<_, i64>(9)?.max(0) as u64,
                    n_sentences: r.try_get::<_, i64>(10)?.max(0) as u64,
                    duplicate_of: r.try_get(11)?,
                    stored_at: r.try_get(12)?,
                })
            })
            .collect::<Result<_, postgres::Error>>()
            .map_err(&err)
    }

    fn count_documents(&self, query: &DocQuery, published: &Published) -> Result<u64> {
        let Some((where_clause, args)) = doc_filter(query, published) else { return Ok(0) };
        let sql = format!("SELECT COUNT(*) FROM documents {where_clause}");
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a.as_ref()).collect();
        self.count(&sql, &params)
    }

    fn search_capped(&self, query: &str, limit: u64, offset: u64, cap: u64) -> Result<SearchPage> {
        let Some(words) = query_words(query) else { return Ok(SearchPage::default()) };
        let mut conn = self.conn()?;
        let err = self.err();
        // Counting stops one past the cap: a word in every document is not counted to the end.
        let cap = i64::try_from(cap).unwrap_or(i64::MAX - 1).min(i64::MAX - 1);
        let row = conn
            .query_one(
                "SELECT COUNT(*) FROM (SELECT 1 FROM documents WHERE search @@ plainto_tsquery('dossier', $1) LIMIT $2) m",
                &[&words, &(cap + 1)],
            )
            .map_err(&err)?;
        let counted: i64 = row.try_get(0).map_err(&err)?;
        let capped = counted > cap;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        // First the page's documents (by relevance, or newest first past the cap), then each
        // one's snippet and metadata. The title (weight A) counts five times the text (B).
        let order = if capped { "pk DESC" } else { "score DESC, pk ASC" };
        let score = if capped { "0::float8" } else { "ts_rank('{0, 0, 0.2, 1.0}', search, q)::float8" };
        let sql = format!(
            "SELECT pk, {score} AS score FROM documents, plainto_tsquery('dossier', $1) q \
             WHERE search @@ q ORDER BY {order} LIMIT $2 OFFSET $3"
        );
        let ranked = conn.query(sql.as_str(), &[&words, &limit, &offset]).map_err(&err)?;
        let ranked: Vec<(i64, f64)> =
            ranked.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect::<Result<_, postgres::Error>>().map_err(&err)?;
        if ranked.is_empty() {
            let order = if capped { SearchOrder::Newest } else { SearchOrder::Relevance };
            return Ok(SearchPage { hits: Vec::new(), total: counted.min(cap).max(0) as u64, capped, order });
        }
        // ts_headline drops what the parser takes for HTML tags and entities (`<script>`,
        // `&amp;`), which an article's text may hold as text: `<`, `>` and `&` are swapped for
        // stand-ins before and back after, so the snippet keeps them verbatim.
        // The snippet comes from the text when the text matches, else from the title (SQLite
        // picks the column that matches best). Marks from the Private Use Area, split into
        // pieces below: the snippet reaches the caller as plain text, never as markup.
        // One fragment: the match with words on both sides (without fragments the headline would
        // start at the match).
        let options = format!(
            "StartSel=\"{HIT_OPEN}\", StopSel=\"{HIT_CLOSE}\", MaxWords={SNIPPET_TOKENS}, MinWords={}, MaxFragments=1",
            SNIPPET_TOKENS / 2
        );
        let pks: Vec<i64> = ranked.iter().map(|r| r.0).collect();
        let rows = conn
            .query(
                "SELECT d.pk, d.id, d.title, d.published, d.outlet, \
                 CASE WHEN ts_filter(d.search, '{b}') @@ q OR d.title IS NULL \
                      THEN ts_headline('dossier', translate(d.text, '<>&', $4), q, $3) \
                      ELSE ts_headline('dossier', translate(d.title, '<>&', $4), q, $3) END, \
                 CASE WHEN ts_filter(d.search, '{b}') @@ q OR d.title IS NULL THEN d.text ELSE d.title END \
                 FROM documents d, plainto_tsquery('dossier', $1) q WHERE d.pk = ANY($2)",
                &[&words, &pks, &options, &MARKUP_STAND_INS],
            )
            .map_err(&err)?;
        let mut by_pk: HashMap<i64, SearchHit> = HashMap::with_capacity(rows.len());
        for r in rows {
            let pk: i64 = r.try_get(0).map_err(&err)?;
            let headline: Option<String> = r.try_get(5).map_err(&err)?;
            let source: Option<&str> = r.try_get(6).map_err(&err)?;
            let hit = SearchHit {
                id: r.try_get(1).map_err(&err)?,
                title: r.try_get(2).map_err(&err)?,
                published: r.try_get(3).map_err(&err)?,
                outlet: r.try_get(4).map_err(&err)?,
                snippet: snippet_pieces(headline.as_deref().unwrap_or(""), source.unwrap_or("")),
                rank: 0.0,
            };
            by_pk.insert(pk, hit);
        }
        let hits = ranked
            .into_iter()
            .filter_map(|(pk, score)| {
                by_pk.remove(&pk).map(|mut h| {
                    h.rank = (score * 1_000_000.0).round() / 1_000_000.0;
                    h
                })
            })
            .collect();
        let order = if capped { SearchOrder::Newest } else { SearchOrder::Relevance };
        Ok(SearchPage { hits, total: counted.min(cap).max(0) as u64, capped, order })
    }

    fn overview(&self) -> Result<Overview> {
        let mut conn = self.conn()?;
        let err = self.err();
        let outlets = conn
            .query(
                "SELECT outlet, COUNT(*) AS n FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY n DESC, outlet",
                &[],
            )
            .map_err(&err)?
            .iter()
            .map(|r| Ok((r.try_get::<_, String>(0)?, r.try_get::<_, i64>(1)?.max(0) as u64)))
            .collect::<Result<Vec<_>, postgres::Error>>()
            .map_err(&err)?;
        let row = conn
            .query_one("SELECT MIN(substr(published, 1, 10)), MAX(substr(published, 1, 10)) FROM documents", &[])
            .map_err(&err)?;
        let first_date: Option<String> = row.try_get(0).map_err(&err)?;
        let last_date: Option<String> = row.try_get(1).map_err(&err)?;
        let n_annotations = conn
            .query("SELECT layer, COUNT(*) FROM annotations GROUP BY layer ORDER BY layer", &[])
            .map_err(&err)?
            .iter()
            .map(|r| Ok((r.try_get::<_, String>(0)?, r.try_get::<_, i64>(1)?.max(0) as u64)))
            .collect::<Result<Vec<_>, postgres::Error>>()
            .map_err(&err)?;
        Ok(Overview { outlets, first_date, last_date, n_annotations })
    }

    fn get_document(&self, id_or_prefix: &str) -> Result<Option<Doc>> {
        let key = id_or_prefix.trim();
        if key.contains('\0') {
            return Ok(None);
        }
        let err = self.err();
        let pk = {
            let mut conn = self.conn()?;
            let rows = conn.query("SELECT pk FROM documents WHERE id = $1", &[&key]).map_err(&err)?;
            match rows.first() {
                Some(r) => Some(r.try_get::<_, i64>(0).map_err(&err)?),
                None => None,
            }
        };
        if let Some(pk) = pk {
            return Ok(self.load_many(&[pk])?.pop());
        }
        if key.chars().count() < MIN_PREFIX {
            return Ok(None);
        }
        // A range on the unique index (byte order, "C" collation) rather than LIKE, which
        // would need escaping of `%`/`_`. U+10FFFF sorts after every character an id has.
        let upper = format!("{key}\u{10FFFF}");
        let pks: Vec<i64> = {
            let mut conn = self.conn()?;
            conn.query("SELECT pk FROM documents WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 2", &[&key, &upper])
                .map_err(&err)?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()
                .map_err(&err)?
        };
        match pks.as_slice() {
            [] => Ok(None),
            [pk] => Ok(self.load_many(&[*pk])?.pop()),
            _ => {
                let n = self.count("SELECT COUNT(*) FROM documents WHERE id >= $1 AND id < $2", &[&key, &upper])?;
                Err(Error::Ambiguous { prefix: key.to_string(), n })
            }
        }
    }

    fn for_each_document(&self, f: &mut dyn FnMut(Doc) -> Result<()>) -> Result<()> {
        self.visit(None, &mut |doc, _| f(doc))
    }

    fn for_each_document_layers(&self, layers: &[model::Layer], f: &mut dyn FnMut(Doc, Vec<usize>) -> Result<()>) -> Result<()> {
        self.visit(Some(layers), f)
    }

    fn diagnostics(&self, run: Option<RunId>) -> Result<Vec<Diagnostic>> {
        let mut conn = self.conn()?;
        let err = self.err();
        let rows = conn
            .query(
                "SELECT source, severity, code, message FROM diagnostics WHERE $1::bigint IS NULL OR run_id = $1 ORDER BY pk",
                &[&run],
            )
            .map_err(&err)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let severity: &str = r.try_get(1).map_err(&err)?;
            let severity = match severity {
                "warning" => Severity::Warning,
                "error" => Severity::Error,
                other => return Err(self.corrupt("-", format!("diagnostic with unknown severity `{other}`"))),
            };
            out.push(Diagnostic {
                source: r.try_get(0).map_err(&err)?,
                severity,
                code: r.try_get(2).map_err(&err)?,
                message: r.try_get(3).map_err(&err)?,
            });
        }
        Ok(out)
    }

    fn stats(&self) -> Result<Stats> {
        let mut conn = self.conn()?;
        let err = self.err();
        let row = conn
            .query_one(
                "SELECT (SELECT COUNT(*) FROM documents), \
                 (SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL), \
                 (SELECT COALESCE(SUM(n_sentences), 0)::bigint FROM documents), \
                 (SELECT COUNT(*) FROM diagnostics), \
                 (SELECT COUNT(*) FROM runs)",
                &[],
            )
            .map_err(&err)?;
        let get = |i: usize| -> Result<u64> { Ok(row.try_get::<_, i64>(i).map_err(&err)?.max(0) as u64) };
        Ok(Stats {
            n_documents: get(0)?,
            n_duplicates: get(1)?,
            n_sentences: get(2)?,
            n_diagnostics: get(3)?,
            n_runs: get(4)?,
        })
    }

    fn update_annotations(&mut self, id: &str, updates: &[(usize, model::Annotation)]) -> Result<()> {
        if id.contains('\0') {
            return Ok(());
        }
        let mut conn = self.conn()?;
        let err = self.err();
        let mut tx = conn.transaction().map_err(&err)?;
        let rows = tx.query("SELECT pk FROM documents WHERE id = $1", &[&id]).map_err(&err)?;
        let Some(row) = rows.first() else { return Ok(()) };
        let pk: i64 = row.try_get(0).map_err(&err)?;
        let stmt = tx
            .prepare(
                "UPDATE annotations SET layer = $3, span_start = $4, span_end = $5, label = $6, attrs = $7, \
                 annotator = $8, annotator_version = $9 WHERE doc_pk = $1 AND idx = $2",
            )
            .map_err(&err)?;
        for (idx, a) in updates {
            let Ok(idx) = i64::try_from(*idx) else { continue };
            if a.label.contains('\0') || a.provenance.annotator.contains('\0') {
                return Err(self.refuse(format!("cannot store an annotation of document {id}: text holds a NUL character")));
            }
            let attrs = if a.attrs.is_null() { None } else { Some(a.attrs.to_string()) };
            tx.execute(
                &stmt,
                &[
                    &pk,
                    &idx,
                    &a.layer.as_str(),
                    &i64::from(a.span.start),
                    &i64::from(a.span.end),
                    &a.label,
                    &attrs,
                    &a.provenance.annotator,
                    &i64::from(a.provenance.version),
                ],
            )
            .map_err(&err)?;
        }
        tx.commit().map_err(&err)
    }

    fn put_reasoning(&mut self, data: &str) -> Result<()> {
        if data.contains('\0') {
            return Err(self.refuse("cannot store the reasoning result: it holds a NUL character".to_string()));
        }
        let mut conn = self.conn()?;
        let err = self.err();
        let created = now_rfc3339();
        let mut tx = conn.transaction().map_err(&err)?;
        // Replaces every part of the previous result (and its single row, `latest`, as stores
        // before parts wrote it).
        tx.execute("DELETE FROM reasoning", &[]).map_err(&err)?;
        let stmt = tx.prepare("INSERT INTO reasoning (name, data, created) VALUES ($1, $2, $3)").map_err(&err)?;
        for (name, part) in reasoning_parts(data) {
            tx.execute(&stmt, &[&name, &part, &created]).map_err(&err)?;
        }
        tx.commit().map_err(&err)
    }

    fn reasoning(&self) -> Result<Option<String>> {
        let mut conn = self.conn()?;
        let err = self.err();
        let rows = conn.query("SELECT name, data FROM reasoning", &[]).map_err(&err)?;
        let rows: Vec<(String, String)> =
            rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect::<std::result::Result<_, postgres::Error>>().map_err(&err)?;
        Ok(join_reasoning(rows))
    }

    fn add_override(&mut self, kind: OverrideKind, a: &str, b: &str) -> Result<bool> {
        if a.contains('\0') || b.contains('\0') {
            return Err(self.refuse("cannot store an override: a name holds a NUL character".to_string()));
        }
        let mut conn = self.conn()?;
        let n = conn
            .execute(
                "INSERT INTO overrides (kind, a, b, created) VALUES ($1, $2, $3, $4) ON CONFLICT (kind, a, b) DO NOTHING",
                &[&kind.as_str(), &a, &b, &now_rfc3339()],
            )
            .map_err(self.err())?;
        Ok(n > 0)
    }

    fn overrides(&self) -> Result<Vec<StoredOverride>> {
        let mut conn = self.conn()?;
        let err = self.err();
        let rows = conn.query("SELECT id, kind, a, b, created FROM overrides ORDER BY id", &[]).map_err(&err)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: i64 = r.try_get(0).map_err(&err)?;
            let kind: &str = r.try_get(1).map_err(&err)?;
            let kind = match kind {
                "merge" => OverrideKind::Merge,
                "split" => OverrideKind::Split,
                other => return Err(self.corrupt("-", format!("override {id} of unknown kind `{other}`"))),
            };
            out.push(StoredOverride {
                id,
                kind,
                a: r.try_get(2).map_err(&err)?,
                b: r.try_get(3).map_err(&err)?,
                created: r.try_get(4).map_err(&err)?,
            });
        }
        Ok(out)
    }

    fn remove_override(&mut self, id: i64) -> Result<bool> {
        let mut conn = self.conn()?;
        let n = conn.execute("DELETE FROM overrides WHERE id = $1", &[&id]).map_err(self.err())?;
        Ok(n > 0)
    }
}

/// Marks around a matched word in a search snippet (Private Use Area characters, as in the
/// SQLite store; any that an article holds are dropped from the snippet).
const HIT_OPEN: char = '\u{E000}';
const HIT_CLOSE: char = '\u{E001}';
/// Private Use Area stand-ins for `<`, `>` and `&` while `ts_headline` runs (see
/// [`Store::search_capped`]).
const MARKUP_STAND_INS: &str = "\u{E002}\u{E003}\u{E004}";
/// Words in a search snippet, at most.
const SNIPPET_TOKENS: u32 = 24;
/// Words of a search query used, and the longest word kept: bounds the work of one query.
const MAX_QUERY_WORDS: usize = 16;
const MAX_WORD_CHARS: usize = 64;

/// The words of a user's query (runs of letters and digits), space-separated, for
/// `plainto_tsquery`: nothing the user types is read as query syntax, and all the words must
/// match. `None` when the query has no words.
fn query_words(query: &str) -> Option<String> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(MAX_QUERY_WORDS)
        .map(|w| w.chars().take(MAX_WORD_CHARS).collect::<String>())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// `text` with every character that is not a letter or digit turned into a space: what the
/// `search` column indexes, so that its words are those of [`query_words`] and of SQLite.
fn search_words(text: &str) -> String {
    text.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect()
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or("")
}

/// Splits a `ts_headline` result with [`HIT_OPEN`]/[`HIT_CLOSE`] marks into plain pieces,
/// with an ellipsis where the headline starts after or ends before its `source`, as SQLite's
/// snippets do.
fn snippet_pieces(headline: &str, source: &str) -> Vec<SnippetPiece> {
    let mut out: Vec<SnippetPiece> = Vec::new();
    let mut current = String::new();
    let mut plain = String::new();
    let mut hit = false;
    for c in headline.chars() {
        if c == HIT_OPEN || c == HIT_CLOSE {
            if !current.is_empty() {
                out.push(SnippetPiece { text: std::mem::take(&mut current), hit });
            }
            hit = c == HIT_OPEN;
        } else {
            let c = match c {
                '\u{E002}' => '<',
                '\u{E003}' => '>',
                '\u{E004}' => '&',
                c => c,
            };
            current.push(c);
            plain.push(c);
        }
    }
    if !current.is_empty() {
        out.push(SnippetPiece { text: current, hit });
    }
    let plain = plain.trim();
    if plain.is_empty() {
        return out;
    }
    let source = source.trim();
    if !source.starts_with(plain) {
        out.insert(0, SnippetPiece { text: "\u{2026}".to_string(), hit: false });
    }
    if !source.ends_with(plain) {
        out.push(SnippetPiece { text: "\u{2026}".to_string(), hit: false });
    }
    out
}

/// The `WHERE` clause and its arguments for listing or counting documents; `None` when a
/// filter holds a NUL character, which no stored value can (so nothing matches).
#[allow(clippy::type_complexity)]
fn doc_filter(query: &DocQuery, published: &Published) -> Option<(String, Vec<Box<dyn ToSql + Sync>>)> {
    let mut conditions = Vec::new();
    let mut args: Vec<Box<dyn ToSql + Sync>> = Vec::new();
    let values = [&query.outlet, &query.language, &published.from, &published.to];
    if values.iter().any(|v| v.as_deref().is_some_and(|s| s.contains('\0'))) {
        return None;
    }
    if let Some(outlet) = &query.outlet {
        args.push(Box::new(outlet.clone()));
        conditions.push(format!("outlet = ${}", args.len()));
    }
    if let Some(language) = &query.language {
        args.push(Box::new(language.clone()));
        conditions.push(format!("language = ${}", args.len()));
    }
    if query.exclude_duplicates {
        conditions.push("duplicate_of IS NULL".to_string());
    }
    if let Some(from) = &published.from {
        args.push(Box::new(from.clone()));
        conditions.push(format!("substr(published, 1, 10) >= ${}", args.len()));
    }
    if let Some(to) = &published.to {
        args.push(Box::new(to.clone()));
        conditions.push(format!("substr(published, 1, 10) <= ${}", args.len()));
    }
    let where_clause = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    Some((where_clause, args))
}

impl DocRow {
    /// Reads the columns of [`DOC_COLUMNS`] (the first, `pk`, is skipped).
    fn from_postgres(r: &Row) -> Result<DocRow, postgres::Error> {
        Ok(DocRow {
            id: r.try_get(1)?,
            origin_path: r.try_get(2)?,
            record_index: r.try_get(3)?,
            record_offset: r.try_get(4)?,
            format: r.try_get(5)?,
            title: r.try_get(6)?,
            authors: r.try_get(7)?,
            published: r.try_get(8)?,
            outlet: r.try_get(9)?,
            url: r.try_get(10)?,
            language: r.try_get(11)?,
            text: r.try_get(12)?,
            offsets: r.try_get(13)?,
            duplicate_of: r.try_get(14)?,
            duplicate_kind: r.try_get(15)?,
            duplicate_similarity: r.try_get(16)?,
        })
    }

}

/// PostgreSQL text cannot hold NUL (SQLite's can): a document with one is refused whole,
/// naming the field, rather than stored altered.
fn check_no_nul(doc: &Doc) -> Result<(), String> {
    let fields: [(&str, Option<&str>); 8] = [
        ("text", Some(&doc.text)),
        ("id", Some(&doc.id)),
        ("origin path", Some(&doc.origin.path)),
        ("title", doc.meta.title.as_deref()),
        ("published", doc.meta.published.as_deref()),
        ("outlet", doc.meta.outlet.as_deref()),
        ("url", doc.meta.url.as_deref()),
        ("language", doc.meta.language.as_deref()),
    ];
    for (name, value) in fields {
        if value.is_some_and(|v| v.contains('\0')) {
            return Err(format!("its {name} holds a NUL character, which PostgreSQL text cannot"));
        }
    }
    let labels = doc.annotations.iter().flat_map(|a| [a.label.as_str(), a.provenance.annotator.as_str()]);
    let annotators = doc.provenance.iter().map(|(_, p)| p.annotator.as_str());
    if labels.chain(annotators).any(|s| s.contains('\0')) {
        return Err("an annotation holds a NUL character, which PostgreSQL text cannot".to_string());
    }
    Ok(())
}

/// Text for a field that is only shown (diagnostics, commands): NUL characters dropped.
fn strip_nul(s: &str) -> String {
    s.replace('\0', "")
}

fn read_version(conn: &mut impl GenericClient) -> Result<i64, postgres::Error> {
    conn.query_one("SELECT COALESCE(MAX(version), 0)::bigint FROM schema_version", &[])?.try_get(0)
}

/// `host:port/dbname` of a connection configuration: never the password.
fn display_name(config: &postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or("");
    let db = config.get_dbname().unwrap_or(user);
    format!("postgres://{host}:{port}/{db}")
}

fn admin_client(admin_url: &str) -> Result<postgres::Client> {
    postgres::Client::connect(admin_url, NoTls).map_err(|e| Error::Database {
        path: admin_url.parse::<postgres::Config>().map(|c| display_name(&c)).unwrap_or_default(),
        source: Box::new(e),
    })
}

fn plain_identifier(name: &str) -> Result<&str> {
    let ok = !name.is_empty()
        && name.len() < 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if ok {
        Ok(name)
    } else {
        Err(Error::Database { path: name.to_string(), source: "not a plain database name".into() })
    }
}

/// `url` with its database replaced by `dbname` (the path of a URL; `dbname=` of key=value).
pub fn with_dbname(url: &str, dbname: &str) -> String {
    if let Some(scheme_end) = url.find("://") {
        let (scheme, rest) = url.split_at(scheme_end + 3);
        let (before_query, query) = match rest.find('?') {
            Some(q) => rest.split_at(q),
            None => (rest, ""),
        };
        let authority = before_query.split('/').next().unwrap_or("");
        format!("{scheme}{authority}/{dbname}{query}")
    } else {
        format!("{url} dbname={dbname}")
    }
}

fn db_err(name: &str) -> impl Fn(postgres::Error) -> Error + '_ {
    move |e| Error::Database { path: name.to_string(), source: Box::new(e) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(query_words("\"rekker*\" OR title:x"), Some("rekker OR title x".to_string()));
        assert_eq!(query_words("  -- ;"), None);
        assert_eq!(query_words("a\u{0}b"), Some("a b".to_string()));
        assert_eq!(search_words("example.com/a-b"), "example com a b");
        assert_eq!(prefix("déjà", 2), "d");
        assert_eq!(prefix("déjà", 3), "dé");
        assert_eq!(prefix("abc", 10), "abc");
    }

    #[test]
    fn snippets_split_on_marks_with_ellipses() {
        let h = format!("the {HIT_OPEN}Rekker{HIT_CLOSE} spoke");
        let pieces = snippet_pieces(&h, "Then the Rekker spoke at noon.");
        let texts: Vec<(&str, bool)> = pieces.iter().map(|p| (p.text.as_str(), p.hit)).collect();
        assert_eq!(texts, [("\u{2026}", false), ("the ", false), ("Rekker", true), (" spoke", false), ("\u{2026}", false)]);
        let whole = snippet_pieces("all of it", "all of it");
        assert_eq!(whole, [SnippetPiece { text: "all of it".into(), hit: false }]);
        assert!(snippet_pieces("", "x").is_empty());
    }

    #[test]
    fn names_hide_passwords() {
        let config: postgres::Config = "postgres://u:secret@db.example:5433/corpus".parse().unwrap();
        assert_eq!(display_name(&config), "postgres://db.example:5433/corpus");
        assert!(is_url("postgresql://x/y") && is_url("postgres://x") && !is_url("dossier.db"));
    }
}
