//! SQLite backend: the embedded default store, one file per corpus.
//!
//! The schema lives in versioned migrations (`migrations/sqlite/*.sql`), applied in one
//! transaction when the file is opened. The database runs in WAL mode so readers (`dossier
//! docs`, `show`, `export`) never block the writer, and every [`Batch`] is one transaction, so a
//! crash loses at most the batch in flight. Tokens and signatures are packed into one BLOB per
//! document (see [`codec`]); everything else is plain columns that PostgreSQL can mirror.

use crate::codec;
use crate::snippet;
use crate::rows::{duplicate_kind_str, join_reasoning, now_rfc3339, parse_layer, reasoning_parts, record_ref, severity_str, to_i64, DocRow};

use std::path::Path;
use std::time::Duration;

use model::{Annotation, Diagnostic, Doc, DocId, Origin, Provenance, Sentence, Severity, Span};
use rusqlite::config::DbConfig;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::{
    Batch, DocQuery, DocSummary, Error, Overview, OverrideKind, Published, Result, RunId, SearchHit, SearchOrder, SearchPage, SnippetPiece,
    Stats, Store, StoredOverride,
};

/// Migrations in order; the schema version of a database is the number of steps applied.
/// Never edit a step that has shipped: append a new one.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/sqlite/0001_initial.sql"),
    include_str!("../migrations/sqlite/0002_analyses.sql"),
    include_str!("../migrations/sqlite/0003_reasoning.sql"),
    include_str!("../migrations/sqlite/0004_search.sql"),
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Documents loaded per page by [`Store::for_each_document`]: bounds memory, not speed.
const PAGE_SIZE: i64 = 256;

/// Shortest id prefix [`Store::get_document`] accepts, so short typos do not match by chance.
const MIN_PREFIX: usize = 4;

const DOC_COLUMNS: &str = "pk, id, origin_path, origin_record_index, origin_record_offset, format, title, authors, \
     published, outlet, url, language, text, offsets, duplicate_of, duplicate_kind, duplicate_similarity";

const SUMMARY_COLUMNS: &str =
    "id, origin_path, origin_record_index, origin_record_offset, url, title, published, outlet, language, n_chars, \
     n_sentences, duplicate_of, created_at";

/// The order of every document listing: by publication date with undated documents last, then
/// by id so that ties are stable. `NULLS LAST` is understood by SQLite and PostgreSQL alike.
const DOC_ORDER: &str = "ORDER BY published ASC NULLS LAST, id ASC";

/// Sentences are inserted by statements of this many rows, then of half as many, and so on
/// down to one row: one statement per 32 rows saves most of SQLite's per-statement work
/// (program start, cursors, halt), and the power-of-two sizes keep the number of distinct
/// statements at six.
const SENTENCE_CHUNKS: [usize; 6] = [32, 16, 8, 4, 2, 1];

/// Columns per sentence row.
const SENTENCE_COLUMNS: usize = 7;

/// `INSERT INTO sentences` of `n_rows` rows of positional parameters.
fn insert_sentences_sql(n_rows: usize) -> String {
    let mut sql = String::from(
        "INSERT INTO sentences (doc_pk, idx, span_start, span_end, paragraph, token_start, token_end) VALUES ",
    );
    for i in 0..n_rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str("(?,?,?,?,?,?,?)");
    }
    sql
}

/// The SQLite store. Not `Sync`: open one per thread (WAL lets them share the file).
pub struct SqliteStore {
    conn: Connection,
    /// The file name, or `:memory:`, for error messages.
    path: String,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish()
    }
}

impl SqliteStore {
    /// Opens (creating when absent) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let name = path.display().to_string();
        let conn = Connection::open(path).map_err(db_err(&name))?;
        SqliteStore::setup(conn, name)
    }

    /// A private database that lives as long as the store; for tests.
    pub fn open_in_memory() -> Result<SqliteStore> {
        let name = ":memory:".to_string();
        let conn = Connection::open_in_memory().map_err(db_err(&name))?;
        SqliteStore::setup(conn, name)
    }

    /// The path this store was opened with (`:memory:` for an in-memory store).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The schema version of the open database (equal to [`SCHEMA_VERSION`] once open).
    pub fn schema_version(&self) -> Result<i64> {
        read_version(&self.conn).map_err(db_err(&self.path))
    }

    fn setup(mut conn: Connection, path: String) -> Result<SqliteStore> {
        let err = db_err(&path);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(&err)?;
        // WAL: readers see the last committed batch while the writer works, and a crash
        // leaves the main file consistent. NORMAL sync is durable across application
        // crashes and may lose only the last commits on power loss, which re-ingest repairs.
        // (`journal_mode` answers `memory` for an in-memory database; that is fine.)
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).map_err(&err)?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;").map_err(&err)?;
        conn.set_prepared_statement_cache_capacity(64);
        // Query planner stability: the plan of a cached statement no longer depends on the
        // values bound to it. Without this, this build of SQLite (STAT4) re-prepares a statement
        // such as `WHERE text_hash = ?1` on every new binding, which costs more than running it.
        // Results are the same: only the choice between equivalent plans could differ.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map_err(&err)?;
        migrate(&mut conn, &path)?;
        drop(err);
        Ok(SqliteStore { conn, path })
    }

    /// Writes a batch in one transaction; see [`Store::put_batch`] for the foreign keys.
    fn write_batch(&mut self, batch: &Batch) -> Result<()> {
        let path = self.path.as_str();
        let err = db_err(path);
        // IMMEDIATE takes the write lock up front, so a concurrent writer waits at the start
        // (busy_timeout) instead of failing on lock upgrade halfway through the batch.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&err)?;
        let created_at = now_rfc3339();
        {
            let mut insert_doc = tx
                .prepare_cached(
                    "INSERT INTO documents (id, origin_path, origin_record_index, origin_record_offset, format, title, \
                     authors, published, outlet, url, language, text, text_hash, offsets, duplicate_of, duplicate_kind, \
                     duplicate_similarity, n_chars, n_sentences, run_id, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21) \
                     ON CONFLICT (id) DO NOTHING",
                )
                .map_err(&err)?;
            // One statement per size in `SENTENCE_CHUNKS`, in the same order.
            let mut insert_sentences = Vec::with_capacity(SENTENCE_CHUNKS.len());
            for n_rows in SENTENCE_CHUNKS {
                insert_sentences.push(tx.prepare_cached(&insert_sentences_sql(n_rows)).map_err(&err)?);
            }
            let mut insert_fts = tx
                .prepare_cached("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")
                .map_err(&err)?;
            let mut insert_tokens =
                tx.prepare_cached("INSERT INTO tokens (doc_pk, n_tokens, data) VALUES (?1, ?2, ?3)").map_err(&err)?;
            let mut insert_analyses =
                tx.prepare_cached("INSERT INTO analyses (doc_pk, data) VALUES (?1, ?2)").map_err(&err)?;
            let mut insert_annotation = tx
                .prepare_cached(
                    "INSERT INTO annotations (doc_pk, idx, layer, span_start, span_end, label, attrs, annotator, \
                     annotator_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(&err)?;
            let mut insert_layer = tx
                .prepare_cached(
                    "INSERT INTO layers (doc_pk, idx, layer, annotator, version) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(&err)?;
            let mut insert_signature =
                tx.prepare_cached("INSERT INTO signatures (doc_pk, signature) VALUES (?1, ?2)").map_err(&err)?;

            for sd in &batch.docs {
                let doc = &sd.doc;
                // A value this backend cannot represent fails the batch (and rolls it back).
                let bad = |message: String| Error::Database {
                    path: path.to_string(),
                    source: format!("cannot store document {}: {message}", doc.id).into(),
                };
                let (record_index, record_offset) = match doc.origin.record {
                    None => (None, None),
                    Some(r) => (
                        Some(to_i64(r.index, "record index").map_err(bad)?),
                        Some(to_i64(r.offset, "record offset").map_err(bad)?),
                    ),
                };
                let authors = serde_json::to_string(&doc.meta.authors).map_err(|e| bad(e.to_string()))?;
                let offsets = serde_json::to_string(&doc.offsets).map_err(|e| bad(e.to_string()))?;
                let (dup_of, dup_kind, dup_sim) = match &doc.duplicate {
                    None => (None, None, None),
                    Some(d) => (Some(d.of.as_str()), Some(duplicate_kind_str(d.kind)), Some(f64::from(d.similarity))),
                };
                let inserted = insert_doc
                    .execute(params![
                        doc.id,
                        doc.origin.path,
                        record_index,
                        record_offset,
                        doc.format.as_str(),
                        doc.meta.title,
                        authors,
                        doc.meta.published,
                        doc.meta.outlet,
                        doc.meta.url,
                        doc.meta.language,
                        doc.text,
                        sd.text_hash,
                        offsets,
                        dup_of,
                        dup_kind,
                        dup_sim,
                        doc.text.chars().count() as i64,
                        doc.sentences.len() as i64,
                        batch.run,
                        created_at,
                    ])
                    .map_err(&err)?;
                if inserted == 0 {
                    // Already stored (by an earlier batch or earlier in this one): ids are
                    // content hashes, so the stored copy is the same document.
                    continue;
                }
                let pk = tx.last_insert_rowid();
                insert_fts.execute(params![pk, doc.meta.title, doc.text]).map_err(&err)?;
                let mut rest = doc.sentences.as_slice();
                let mut idx: i64 = 0;
                for (&n_rows, stmt) in SENTENCE_CHUNKS.iter().zip(insert_sentences.iter_mut()) {
                    while rest.len() >= n_rows {
                        let (chunk, tail) = rest.split_at(n_rows);
                        for (row, s) in chunk.iter().enumerate() {
                            let base = row * SENTENCE_COLUMNS;
                            stmt.raw_bind_parameter(base + 1, pk).map_err(&err)?;
                            stmt.raw_bind_parameter(base + 2, idx).map_err(&err)?;
                            stmt.raw_bind_parameter(base + 3, s.span.start).map_err(&err)?;
                            stmt.raw_bind_parameter(base + 4, s.span.end).map_err(&err)?;
                            stmt.raw_bind_parameter(base + 5, s.paragraph).map_err(&err)?;
                            stmt.raw_bind_parameter(base + 6, s.tokens.0).map_err(&err)?;
                            stmt.raw_bind_parameter(base + 7, s.tokens.1).map_err(&err)?;
                            idx += 1;
                        }
                        stmt.raw_execute().map_err(&err)?;
                        rest = tail;
                    }
                }
                if !doc.tokens.is_empty() {
                    insert_tokens
                        .execute(params![pk, doc.tokens.len() as i64, codec::encode_tokens(&doc.tokens)])
                        .map_err(&err)?;
                }
                if !doc.analyses.is_empty() {
                    insert_analyses
                        .execute(params![pk, codec::encode_analyses(&doc.analyses, &doc.tokens, &doc.text)])
                        .map_err(&err)?;
                }
                for (idx, a) in doc.annotations.iter().enumerate() {
                    let attrs = if a.attrs.is_null() { None } else { Some(a.attrs.to_string()) };
                    insert_annotation
                        .execute(params![
                            pk,
                            idx as i64,
                            a.layer.as_str(),
                            a.span.start,
                            a.span.end,
                            a.label,
                            attrs,
                            a.provenance.annotator,
                            a.provenance.version,
                        ])
                        .map_err(&err)?;
                }
                for (idx, (layer, p)) in doc.provenance.iter().enumerate() {
                    insert_layer
                        .execute(params![pk, idx as i64, layer.as_str(), p.annotator, p.version])
                        .map_err(&err)?;
                }
                insert_signature.execute(params![pk, codec::encode_signature(&sd.signature)]).map_err(&err)?;
            }

            let mut insert_diagnostic = tx
                .prepare_cached(
                    "INSERT INTO diagnostics (run_id, source, severity, code, message) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(&err)?;
            for d in &batch.diagnostics {
                insert_diagnostic
                    .execute(params![batch.run, d.source, severity_str(d.severity), d.code, d.message])
                    .map_err(&err)?;
            }
        }
        // Dropping `tx` on any early return above rolls the whole batch back.
        tx.commit().map_err(&err)
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        db_err(&self.path)
    }

    fn corrupt(&self, id: &str, message: impl Into<String>) -> Error {
        Error::Corrupt { path: self.path.clone(), id: id.to_string(), message: message.into() }
    }

    /// Loads the full document stored under `pk`.
    fn load(&self, pk: i64) -> Result<Option<Doc>> {
        Ok(self.load_parts(pk, None)?.map(|(doc, _)| doc))
    }

    /// Loads the document stored under `pk`: whole when `layers` is `None`; else without tokens
    /// and analyses and with only the annotations of `layers`, each with its index among all
    /// the document's annotations.
    fn load_parts(&self, pk: i64, layers: Option<&[model::Layer]>) -> Result<Option<(Doc, Vec<usize>)>> {
        let err = self.err();
        let sql = format!("SELECT {DOC_COLUMNS} FROM documents WHERE pk = ?1");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(&err)?;
        let row = stmt.query_row([pk], DocRow::from_sqlite).optional().map_err(&err)?;
        let Some(row) = row else { return Ok(None) };
        let id = row.id.clone();
        let mut doc = row.into_doc().map_err(|m| self.corrupt(&id, m))?;

        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT span_start, span_end, paragraph, token_start, token_end FROM sentences \
                 WHERE doc_pk = ?1 ORDER BY idx",
            )
            .map_err(&err)?;
        doc.sentences = stmt
            .query_map([pk], |r| {
                Ok(Sentence {
                    span: Span { start: r.get(0)?, end: r.get(1)? },
                    paragraph: r.get(2)?,
                    tokens: (r.get(3)?, r.get(4)?),
                })
            })
            .map_err(&err)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&err)?;

        if layers.is_none() {
            let mut stmt = self.conn.prepare_cached("SELECT data FROM tokens WHERE doc_pk = ?1").map_err(&err)?;
            let blob: Option<Vec<u8>> = stmt.query_row([pk], |r| r.get(0)).optional().map_err(&err)?;
            if let Some(blob) = blob {
                doc.tokens = codec::decode_tokens(&blob).map_err(|m| self.corrupt(&id, m))?;
            }

            let mut stmt = self.conn.prepare_cached("SELECT data FROM analyses WHERE doc_pk = ?1").map_err(&err)?;
            let blob: Option<Vec<u8>> = stmt.query_row([pk], |r| r.get(0)).optional().map_err(&err)?;
            if let Some(blob) = blob {
                doc.analyses =
                    codec::decode_analyses(&blob, &doc.tokens, &doc.text).map_err(|m| self.corrupt(&id, m))?;
            }
        }

        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT layer, span_start, span_end, label, attrs, annotator, annotator_version, idx FROM annotations \
                 WHERE doc_pk = ?1 AND (?2 OR instr(?3, ',' || layer || ',') > 0) ORDER BY idx",
            )
            .map_err(&err)?;
        // The wanted layers as ",entities,times," (layer names are plain words).
        let wanted: String = layers.unwrap_or(&[]).iter().fold(",".to_string(), |acc, l| acc + l.as_str() + ",");
        let rows = stmt
            .query_map(rusqlite::params![pk, layers.is_none(), wanted], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Span { start: r.get(1)?, end: r.get(2)? },
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, u32>(6)?,
                    r.get::<_, i64>(7)?,
                ))
            })
            .map_err(&err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&err)?;
        doc.annotations.reserve(rows.len());
        let mut indices = Vec::with_capacity(rows.len());
        for (layer, span, label, attrs, annotator, version, idx) in rows {
            indices.push(usize::try_from(idx).map_err(|_| self.corrupt(&id, format!("annotation index {idx} out of range")))?);
            let layer = parse_layer(&layer).map_err(|m| self.corrupt(&id, m))?;
            let attrs = match attrs {
                None => serde_json::Value::Null,
                Some(a) => serde_json::from_str(&a).map_err(|e| self.corrupt(&id, format!("annotation attrs: {e}")))?,
            };
            doc.annotations.push(Annotation {
                layer,
                span,
                label,
                attrs,
                provenance: Provenance { annotator, version },
            });
        }

        let mut stmt = self
            .conn
            .prepare_cached("SELECT layer, annotator, version FROM layers WHERE doc_pk = ?1 ORDER BY idx")
            .map_err(&err)?;
        let rows = stmt
            .query_map([pk], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, u32>(2)?)))
            .map_err(&err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&err)?;
        for (layer, annotator, version) in rows {
            let layer = parse_layer(&layer).map_err(|m| self.corrupt(&id, m))?;
            doc.provenance.push((layer, Provenance { annotator, version }));
        }
        Ok(Some((doc, indices)))
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
            for (pk, _, _) in page {
                // A document removed between the page query and its load is simply skipped.
                if let Some((doc, indices)) = self.load_parts(pk, layers)? {
                    f(doc, indices)?;
                }
            }
        }
    }

    /// The next page of `(pk, id, published)` after `after` in [`DOC_ORDER`]. Keyset paging
    /// (rather than OFFSET) keeps every page an index range scan: dated documents first by
    /// `(published, id)`, then undated ones by `id`.
    fn page_after(&self, after: Option<&(Option<String>, String)>) -> Result<Vec<(i64, String, Option<String>)>> {
        let err = self.err();
        let map = |r: &rusqlite::Row<'_>| Ok((r.get(0)?, r.get(1)?, r.get(2)?));
        let rows = match after {
            None => {
                let sql = format!("SELECT pk, id, published FROM documents {DOC_ORDER} LIMIT ?1");
                let mut stmt = self.conn.prepare_cached(&sql).map_err(&err)?;
                let rows = stmt.query_map(params![PAGE_SIZE], map).map_err(&err)?;
                rows.collect::<rusqlite::Result<Vec<_>>>()
            }
            Some((Some(published), id)) => {
                let sql = format!(
                    "SELECT pk, id, published FROM documents \
                     WHERE published IS NULL OR published > ?1 OR (published = ?1 AND id > ?2) {DOC_ORDER} LIMIT ?3"
                );
                let mut stmt = self.conn.prepare_cached(&sql).map_err(&err)?;
                let rows = stmt.query_map(params![published, id, PAGE_SIZE], map).map_err(&err)?;
                rows.collect::<rusqlite::Result<Vec<_>>>()
            }
            Some((None, id)) => {
                let sql = format!(
                    "SELECT pk, id, published FROM documents WHERE published IS NULL AND id > ?1 {DOC_ORDER} LIMIT ?2"
                );
                let mut stmt = self.conn.prepare_cached(&sql).map_err(&err)?;
                let rows = stmt.query_map(params![id, PAGE_SIZE], map).map_err(&err)?;
                rows.collect::<rusqlite::Result<Vec<_>>>()
            }
        };
        rows.map_err(&err)
    }

    /// A page of a search past its cap: the newest-stored matches (the full-text index's own
    /// rowid order, so no match is scored) with their documents' fields in the same pass, and
    /// snippets cut from the start of each text ([`snippet`]); `snippet()` only for a document
    /// whose match is not in that prefix (a title-only or late match).
    fn search_newest(&self, query: &str, expr: &str, limit: i64, offset: i64, cap: i64) -> Result<SearchPage> {
        let err = self.err();
        let words = snippet::query_words(query, MAX_QUERY_WORDS, MAX_WORD_CHARS);
        let sql = format!(
            "SELECT d.pk, d.id, d.title, d.published, d.outlet, substr(d.text, 1, {}) \
             FROM documents_fts f CROSS JOIN documents d ON d.pk = f.rowid \
             WHERE documents_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT ?2 OFFSET ?3",
            snippet::PREFIX_CHARS
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(&err)?;
        let rows = stmt
            .query_map(params![expr, limit, offset], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    SearchHit {
                        id: r.get(1)?,
                        title: r.get(2)?,
                        published: r.get(3)?,
                        outlet: r.get(4)?,
                        snippet: Vec::new(),
                        rank: 0.0,
                    },
                    r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                ))
            })
            .map_err(&err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&err)?;
        let mut hits = Vec::with_capacity(rows.len());
        for (pk, mut hit, mut text) in rows {
            // A prefix cut inside a word must not match that word's beginning.
            if text.chars().count() >= snippet::PREFIX_CHARS {
                let keep = text.rfind(|c: char| !c.is_alphanumeric()).unwrap_or(0);
                text.truncate(keep);
            }
            hit.snippet = match snippet::snippet(&text, &words, SNIPPET_TOKENS as usize) {
                Some(pieces) => pieces,
                None => {
                    let sql = format!(
                        "SELECT snippet(documents_fts, -1, '{HIT_OPEN}', '{HIT_CLOSE}', '\u{2026}', {SNIPPET_TOKENS}) \
                         FROM documents_fts WHERE documents_fts MATCH ?1 AND rowid = ?2"
                    );
                    let mut stmt = self.conn.prepare_cached(&sql).map_err(&err)?;
                    let s: Option<String> =
                        stmt.query_row(params![expr, pk], |r| r.get(0)).optional().map_err(&err)?.flatten();
                    snippet_pieces(s.as_deref().unwrap_or(""))
                }
            };
            hits.push(hit);
        }
        Ok(SearchPage { hits, total: cap.max(0) as u64, capped: true, order: SearchOrder::Newest })
    }
}

impl Store for SqliteStore {
    fn begin_run(&mut self, command: &str) -> Result<RunId> {
        let err = self.err();
        self.conn
            .prepare_cached("INSERT INTO runs (started_at, command) VALUES (?1, ?2)")
            .and_then(|mut s| s.execute(params![now_rfc3339(), command]))
            .map_err(&err)?;
        Ok(self.conn.last_insert_rowid())
    }

    fn finish_run(&mut self, run: RunId, summary: &serde_json::Value) -> Result<()> {
        let err = self.err();
        let n = self
            .conn
            .prepare_cached("UPDATE runs SET finished_at = ?1, summary = ?2 WHERE id = ?3")
            .and_then(|mut s| s.execute(params![now_rfc3339(), summary.to_string(), run]))
            .map_err(&err)?;
        if n == 0 {
            return Err(Error::Database { path: self.path.clone(), source: format!("no run {run} to finish").into() });
        }
        Ok(())
    }

    fn contains(&self, id: &str) -> Result<bool> {
        let err = self.err();
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM documents WHERE id = ?1").map_err(&err)?;
        stmt.exists([id]).map_err(&err)
    }

    fn find_by_text_hash(&self, text_hash: &str) -> Result<Option<DocId>> {
        let err = self.err();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM documents WHERE text_hash = ?1 ORDER BY pk LIMIT 1")
            .map_err(&err)?;
        stmt.query_row([text_hash], |r| r.get(0)).optional().map_err(&err)
    }

    fn signatures(&self) -> Result<Vec<(DocId, Vec<u32>)>> {
        let err = self.err();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.id, s.signature FROM signatures s JOIN documents d ON d.pk = s.doc_pk \
                 WHERE d.duplicate_of IS NULL ORDER BY d.pk",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?)))
            .map_err(&err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&err)?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, blob) in rows {
            let sig = codec::decode_signature(&blob).map_err(|m| self.corrupt(&id, m))?;
            out.push((id, sig));
        }
        Ok(out)
    }

    fn put_batch(&mut self, batch: &Batch) -> Result<()> {
        // Foreign keys are not enforced while the batch is written: SQLite would look up the
        // parent of every child row (some forty per document), and every parent is known to
        // exist. The child rows reference the document row inserted just before them, and the
        // documents and diagnostics reference the batch's run, which is checked here, once.
        // Nothing in a batch deletes or updates a parent, so no cascade is skipped.
        // (`foreign_keys` cannot change inside a transaction; none is open between calls.)
        let path = self.path.clone();
        let err = db_err(&path);
        let run_exists = self
            .conn
            .prepare_cached("SELECT 1 FROM runs WHERE id = ?1")
            .and_then(|mut stmt| stmt.exists([batch.run]))
            .map_err(&err)?;
        if !run_exists {
            return Err(Error::Database {
                path: path.clone(),
                source: format!("FOREIGN KEY constraint failed: no run {}", batch.run).into(),
            });
        }
        self.conn.pragma_update(None, "foreign_keys", false).map_err(&err)?;
        let result = self.write_batch(batch);
        let restored = self.conn.pragma_update(None, "foreign_keys", true).map_err(&err);
        result.and(restored)
    }

    fn list_documents(&self, query: &DocQuery) -> Result<Vec<DocSummary>> {
        self.list_documents_published(query, &Published::default())
    }

    fn list_documents_published(&self, query: &DocQuery, published: &Published) -> Result<Vec<DocSummary>> {
        let err = self.err();
        let (where_clause, mut args) = doc_filter(query, published);
        let limit = query.limit.map_or(i64::MAX, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        args.push(Box::new(limit));
        let limit_arg = args.len();
        args.push(Box::new(offset));
        let offset_arg = args.len();
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM documents {where_clause} {DOC_ORDER} LIMIT ?{limit_arg} OFFSET ?{offset_arg}"
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(&err)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args.iter()), |r| {
                let origin = Origin {
                    path: r.get(1)?,
                    record: record_ref(r.get::<_, Option<i64>>(2)?, r.get::<_, Option<i64>>(3)?),
                };
                let url: Option<String> = r.get(4)?;
                Ok(DocSummary {
                    id: r.get(0)?,
                    source: url.unwrap_or_else(|| origin.to_string()),
                    title: r.get(5)?,
                    published: r.get(6)?,
                    outlet: r.get(7)?,
                    language: r.get(8)?,
                    n_chars: r.get::<_, i64>(9)?.max(0) as u64,
                    n_sentences: r.get::<_, i64>(10)?.max(0) as u64,
                    duplicate_of: r.get(11)?,
                    stored_at: r.get(12)?,
                })
            })
            .map_err(&err)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(&err)
    }

    fn count_documents(&self, query: &DocQuery, published: &Published) -> Result<u64> {
        let err = self.err();
        let (where_clause, args) = doc_filter(query, published);
        let sql = format!("SELECT COUNT(*) FROM documents {where_clause}");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(&err)?;
        let n: i64 = stmt.query_row(rusqlite::params_from_iter(args.iter()), |r| r.get(0)).map_err(&err)?;
        Ok(n.max(0) as u64)
    }

    fn search_capped(&self, query: &str, limit: u64, offset: u64, cap: u64) -> Result<SearchPage> {
        let err = self.err();
        let Some(expr) = fts_query(query) else { return Ok(SearchPage::default()) };
        // Counting stops one past the cap: a word in every document is not counted to the end.
        let cap = i64::try_from(cap).unwrap_or(i64::MAX - 1);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1 LIMIT ?2)")
            .map_err(&err)?;
        let counted: i64 = stmt.query_row(params![expr, cap + 1], |r| r.get(0)).map_err(&err)?;
        let capped = counted > cap;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        if capped {
            return self.search_newest(query, &expr, limit, offset, cap);
        }
        // One pass over the match computes the page's snippets (snippet() reads and tokenises
        // a document, so only the page's rows may reach it): the page's rowids are ranked in a
        // subquery (bm25 over every match, nothing else) and put back in rank order here.
        // Snippet marks come from the Private Use Area, split into pieces below: the snippet
        // reaches the caller as plain text, never as markup.
        // When the first page holds every match (a rare word), one plain ranked query computes
        // every snippet anyway; the subquery would only run the match a second time.
        let columns = format!(
            "rowid, bm25(documents_fts, {TITLE_WEIGHT:.1}, 1.0), \
             snippet(documents_fts, -1, '{HIT_OPEN}', '{HIT_CLOSE}', '\u{2026}', {SNIPPET_TOKENS})"
        );
        let row = |r: &rusqlite::Row<'_>| Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?, r.get::<_, Option<String>>(2)?));
        let mut page = if offset == 0 && counted <= limit {
            let sql = format!("SELECT {columns} FROM documents_fts WHERE documents_fts MATCH ?1");
            let mut stmt = self.conn.prepare_cached(&sql).map_err(&err)?;
            let rows = stmt.query_map(params![expr], row).map_err(&err)?.collect::<rusqlite::Result<Vec<_>>>();
            rows.map_err(&err)?
        } else {
            let sql = format!(
                "SELECT {columns} FROM documents_fts WHERE documents_fts MATCH ?1 AND rowid IN \
                 (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1 \
                  ORDER BY bm25(documents_fts, {TITLE_WEIGHT:.1}, 1.0), rowid LIMIT ?2 OFFSET ?3)"
            );
            let mut stmt = self.conn.prepare_cached(&sql).map_err(&err)?;
            let rows = stmt.query_map(params![expr, limit, offset], row).map_err(&err)?.collect::<rusqlite::Result<Vec<_>>>();
            rows.map_err(&err)?
        };
        page.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        let mut stmt = self.conn.prepare_cached("SELECT id, title, published, outlet FROM documents WHERE pk = ?1").map_err(&err)?;
        let mut hits = Vec::with_capacity(page.len());
        for (pk, score, snippet) in page {
            let hit = stmt
                .query_row([pk], |r| {
                    Ok(SearchHit {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        published: r.get(2)?,
                        outlet: r.get(3)?,
                        snippet: snippet_pieces(snippet.as_deref().unwrap_or("")),
                        // bm25() is lower for better matches; turned around so that higher is better.
                        rank: (-score * 1000.0).round() / 1000.0,
                    })
                })
                .optional()
                .map_err(&err)?;
            hits.extend(hit);
        }
        Ok(SearchPage { hits, total: counted.min(cap).max(0) as u64, capped, order: SearchOrder::Relevance })
    }

    fn overview(&self) -> Result<Overview> {
        let err = self.err();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT outlet, COUNT(*) AS n FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY n DESC, outlet",
            )
            .map_err(&err)?;
        let outlets = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64)))
            .map_err(&err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&err)?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT MIN(substr(published, 1, 10)), MAX(substr(published, 1, 10)) FROM documents")
            .map_err(&err)?;
        let (first_date, last_date) = stmt.query_row([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(&err)?;
        let mut stmt =
            self.conn.prepare_cached("SELECT layer, COUNT(*) FROM annotations GROUP BY layer ORDER BY layer").map_err(&err)?;
        let n_annotations = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u64)))
            .map_err(&err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&err)?;
        Ok(Overview { outlets, first_date, last_date, n_annotations })
    }

    fn get_document(&self, id_or_prefix: &str) -> Result<Option<Doc>> {
        let err = self.err();
        let key = id_or_prefix.trim();
        let mut stmt = self.conn.prepare_cached("SELECT pk FROM documents WHERE id = ?1").map_err(&err)?;
        if let Some(pk) = stmt.query_row([key], |r| r.get::<_, i64>(0)).optional().map_err(&err)? {
            return self.load(pk);
        }
        if key.chars().count() < MIN_PREFIX {
            return Ok(None);
        }
        // A range on the unique index rather than LIKE, which would need escaping of `%`/`_`
        // and is case-insensitive in SQLite. U+10FFFF sorts after every character an id has.
        let upper = format!("{key}\u{10FFFF}");
        let mut stmt = self
            .conn
            .prepare_cached("SELECT pk FROM documents WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2")
            .map_err(&err)?;
        let pks = stmt
            .query_map([key, upper.as_str()], |r| r.get::<_, i64>(0))
            .map_err(&err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&err)?;
        match pks.as_slice() {
            [] => Ok(None),
            [pk] => self.load(*pk),
            _ => {
                let mut stmt = self
                    .conn
                    .prepare_cached("SELECT COUNT(*) FROM documents WHERE id >= ?1 AND id < ?2")
                    .map_err(&err)?;
                let n: i64 = stmt.query_row([key, upper.as_str()], |r| r.get(0)).map_err(&err)?;
                Err(Error::Ambiguous { prefix: key.to_string(), n: n.max(0) as u64 })
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
        let err = self.err();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT source, severity, code, message FROM diagnostics WHERE ?1 IS NULL OR run_id = ?1 ORDER BY pk",
            )
            .map_err(&err)?;
        let rows = stmt
            .query_map([run], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
            })
            .map_err(&err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&err)?;
        let mut out = Vec::with_capacity(rows.len());
        for (source, severity, code, message) in rows {
            let severity = match severity.as_str() {
                "warning" => Severity::Warning,
                "error" => Severity::Error,
                other => return Err(self.corrupt("-", format!("diagnostic with unknown severity `{other}`"))),
            };
            out.push(Diagnostic { source, severity, code, message });
        }
        Ok(out)
    }

    fn update_annotations(&mut self, id: &str, updates: &[(usize, model::Annotation)]) -> Result<()> {
        let path = self.path.clone();
        let err = db_err(&path);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&err)?;
        {
            let pk: Option<i64> =
                tx.query_row("SELECT pk FROM documents WHERE id = ?1", [id], |r| r.get(0)).optional().map_err(&err)?;
            let Some(pk) = pk else { return Ok(()) };
            let mut stmt = tx
                .prepare_cached(
                    "UPDATE annotations SET layer = ?3, span_start = ?4, span_end = ?5, label = ?6, attrs = ?7, \
                     annotator = ?8, annotator_version = ?9 WHERE doc_pk = ?1 AND idx = ?2",
                )
                .map_err(&err)?;
            for (idx, a) in updates {
                let attrs = if a.attrs.is_null() { None } else { Some(a.attrs.to_string()) };
                stmt.execute(params![
                    pk,
                    *idx as i64,
                    a.layer.as_str(),
                    a.span.start,
                    a.span.end,
                    a.label,
                    attrs,
                    a.provenance.annotator,
                    a.provenance.version
                ])
                .map_err(&err)?;
            }
        }
        tx.commit().map_err(&err)
    }

    fn put_reasoning(&mut self, data: &str) -> Result<()> {
        let path = self.path.clone();
        let err = db_err(&path);
        let created = now_rfc3339();
        let tx = self.conn.transaction().map_err(&err)?;
        // Replaces every part of the previous result (and its single row, `latest`, as stores
        // before parts wrote it).
        tx.execute("DELETE FROM reasoning", []).map_err(&err)?;
        {
            let mut stmt = tx.prepare_cached("INSERT INTO reasoning (name, data, created) VALUES (?1, ?2, ?3)").map_err(&err)?;
            for (name, part) in reasoning_parts(data) {
                stmt.execute(params![name, part, created]).map_err(&err)?;
            }
        }
        tx.commit().map_err(&err)
    }

    fn reasoning(&self) -> Result<Option<String>> {
        let err = self.err();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, data FROM reasoning")
            .map_err(&err)?;
        let rows: Vec<(String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).map_err(&err)?.collect::<rusqlite::Result<_>>().map_err(&err)?;
        Ok(join_reasoning(rows))
    }

    fn add_override(&mut self, kind: OverrideKind, a: &str, b: &str) -> Result<bool> {
        let err = self.err();
        let n = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO overrides (kind, a, b, created) VALUES (?1, ?2, ?3, ?4)")
            .and_then(|mut s| s.execute(params![kind.as_str(), a, b, now_rfc3339()]))
            .map_err(&err)?;
        Ok(n > 0)
    }

    fn overrides(&self) -> Result<Vec<StoredOverride>> {
        let err = self.err();
        let mut stmt = self.conn.prepare_cached("SELECT id, kind, a, b, created FROM overrides ORDER BY id").map_err(&err)?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, String>(4)?)))
            .map_err(&err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&err)?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, kind, a, b, created) in rows {
            let kind = match kind.as_str() {
                "merge" => OverrideKind::Merge,
                "split" => OverrideKind::Split,
                other => return Err(self.corrupt("-", format!("override {id} of unknown kind `{other}`"))),
            };
            out.push(StoredOverride { id, kind, a, b, created });
        }
        Ok(out)
    }

    fn remove_override(&mut self, id: i64) -> Result<bool> {
        let err = self.err();
        let n = self.conn.prepare_cached("DELETE FROM overrides WHERE id = ?1").and_then(|mut s| s.execute([id])).map_err(&err)?;
        Ok(n > 0)
    }

    fn stats(&self) -> Result<Stats> {
        let err = self.err();
        let count = |sql: &str| -> Result<u64> {
            let n: i64 = self.conn.prepare_cached(sql).and_then(|mut s| s.query_row([], |r| r.get(0))).map_err(&err)?;
            Ok(n.max(0) as u64)
        };
        Ok(Stats {
            n_documents: count("SELECT COUNT(*) FROM documents")?,
            n_duplicates: count("SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL")?,
            n_sentences: count("SELECT COALESCE(SUM(n_sentences), 0) FROM documents")?,
            n_diagnostics: count("SELECT COUNT(*) FROM diagnostics")?,
            n_runs: count("SELECT COUNT(*) FROM runs")?,
        })
    }
}

/// Marks around a matched word in a search snippet (Private Use Area characters, which no
/// article is expected to contain; any that one does are dropped from the snippet).
const HIT_OPEN: char = '\u{E000}';
const HIT_CLOSE: char = '\u{E001}';
/// Words in a search snippet.
const SNIPPET_TOKENS: u32 = 24;
/// A match in the title counts this many times one in the text.
const TITLE_WEIGHT: f64 = 5.0;
/// Words of a search query used, and the longest word kept: bounds the work of one query.
const MAX_QUERY_WORDS: usize = 16;
const MAX_WORD_CHARS: usize = 64;

/// The FTS5 expression for a user's query: each word (a run of letters and digits) quoted, so
/// that nothing the user types is read as FTS5 syntax (`AND`, `*`, `"`, `(`, `:`, `NEAR`...).
/// `None` when the query has no words.
fn fts_query(query: &str) -> Option<String> {
    let words: Vec<String> = snippet::query_terms(query, MAX_QUERY_WORDS, MAX_WORD_CHARS).map(|w| format!("\"{w}\"")).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Splits a snippet with [`HIT_OPEN`]/[`HIT_CLOSE`] marks into plain pieces.
fn snippet_pieces(snippet: &str) -> Vec<SnippetPiece> {
    let mut out: Vec<SnippetPiece> = Vec::new();
    let mut current = String::new();
    let mut hit = false;
    for c in snippet.chars() {
        if c == HIT_OPEN || c == HIT_CLOSE {
            if !current.is_empty() {
                out.push(SnippetPiece { text: std::mem::take(&mut current), hit });
            }
            hit = c == HIT_OPEN;
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push(SnippetPiece { text: current, hit });
    }
    out
}

/// The `WHERE` clause and its arguments for listing or counting documents.
fn doc_filter(query: &DocQuery, published: &Published) -> (String, Vec<Box<dyn rusqlite::ToSql>>) {
    let mut conditions = Vec::new();
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    if let Some(outlet) = &query.outlet {
        args.push(Box::new(outlet.clone()));
        conditions.push(format!("outlet = ?{}", args.len()));
    }
    if let Some(language) = &query.language {
        args.push(Box::new(language.clone()));
        conditions.push(format!("language = ?{}", args.len()));
    }
    if query.exclude_duplicates {
        conditions.push("duplicate_of IS NULL".to_string());
    }
    if let Some(from) = &published.from {
        args.push(Box::new(from.clone()));
        conditions.push(format!("substr(published, 1, 10) >= ?{}", args.len()));
    }
    if let Some(to) = &published.to {
        args.push(Box::new(to.clone()));
        conditions.push(format!("substr(published, 1, 10) <= ?{}", args.len()));
    }
    let where_clause = if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
    (where_clause, args)
}

impl DocRow {
    /// Reads the columns of [`DOC_COLUMNS`] (the first, `pk`, is skipped).
    fn from_sqlite(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocRow> {
        Ok(DocRow {
            id: r.get(1)?,
            origin_path: r.get(2)?,
            record_index: r.get(3)?,
            record_offset: r.get(4)?,
            format: r.get(5)?,
            title: r.get(6)?,
            authors: r.get(7)?,
            published: r.get(8)?,
            outlet: r.get(9)?,
            url: r.get(10)?,
            language: r.get(11)?,
            text: r.get(12)?,
            offsets: r.get(13)?,
            duplicate_of: r.get(14)?,
            duplicate_kind: r.get(15)?,
            duplicate_similarity: r.get(16)?,
        })
    }

}

/// Applies the migrations the database lacks, all in one transaction, after checking it was
/// not written by a newer dossier. IMMEDIATE serialises two processes opening a new file.
fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    let err = db_err(path);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(&err)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
    )
    .map_err(&err)?;
    let found = read_version(&tx).map_err(&err)?;
    if found > SCHEMA_VERSION {
        return Err(Error::TooNew { path: path.to_string(), found, supported: SCHEMA_VERSION });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
        tx.execute_batch(sql).map_err(&err)?;
        tx.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
            params![i as i64 + 1, now_rfc3339()],
        )
        .map_err(&err)?;
    }
    tx.commit().map_err(&err)
}

fn read_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_version", [], |r| r.get(0))
}

fn db_err(path: &str) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Database { path: path.to_string(), source: Box::new(e) }
}

#[cfg(test)]
mod reasoning_tests {
    use super::*;

    #[test]
    fn reasoning_is_replaced_whole_and_overrides_survive_reopening() {
        let dir = std::env::temp_dir().join(format!("dossier-reasoning-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.db");
        {
            let mut s = SqliteStore::open(&path).unwrap();
            assert_eq!(s.reasoning().unwrap(), None);
            s.put_reasoning("{\"entities\":[1]}").unwrap();
            s.put_reasoning("{\"entities\":[2]}").unwrap();
            assert_eq!(s.reasoning().unwrap().as_deref(), Some("{\"entities\":[2]}"));
            assert!(s.add_override(OverrideKind::Merge, "Tokayev", "Tokaev").unwrap());
            assert!(!s.add_override(OverrideKind::Merge, "Tokayev", "Tokaev").unwrap(), "the same override twice is one");
            assert!(s.add_override(OverrideKind::Split, "Nazarbayev", "Dariga Nazarbayeva").unwrap());
        }
        let mut s = SqliteStore::open(&path).unwrap();
        let o = s.overrides().unwrap();
        assert_eq!(o.len(), 2);
        assert_eq!((o[0].kind, o[0].a.as_str(), o[0].b.as_str()), (OverrideKind::Merge, "Tokayev", "Tokaev"));
        assert_eq!(o[1].kind, OverrideKind::Split);
        assert!(s.remove_override(o[0].id).unwrap());
        assert!(!s.remove_override(o[0].id).unwrap());
        assert_eq!(s.overrides().unwrap().len(), 1);
        assert_eq!(s.reasoning().unwrap().as_deref(), Some("{\"entities\":[2]}"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
