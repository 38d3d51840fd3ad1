-- dossier SQLite schema, version 1.
--
-- Plain column types only (TEXT, INTEGER, REAL, BLOB) and portable syntax, so that the
-- PostgreSQL backend can mirror these tables one for one. Documents have a surrogate key `pk`
-- (the SQLite rowid; an identity column in PostgreSQL) that the child tables reference, and a
-- public `id` (the DocId) that users see.
--
-- The per-document child tables (sentences, annotations, layers) are keyed by (doc_pk, idx)
-- and declared WITHOUT ROWID: a storage hint only, which stores each row once in its primary
-- key's b-tree instead of a rowid table plus an index (half the writes and space). PostgreSQL
-- mirrors them as plain tables with the same primary key.

CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    command     TEXT NOT NULL,
    -- JSON chosen by the engine; NULL until the run finishes.
    summary     TEXT
);

CREATE TABLE documents (
    pk                   INTEGER PRIMARY KEY,
    id                   TEXT NOT NULL UNIQUE,
    origin_path          TEXT NOT NULL,
    origin_record_index  INTEGER,
    origin_record_offset INTEGER,
    format               TEXT NOT NULL,
    title                TEXT,
    -- JSON array of strings.
    authors              TEXT NOT NULL,
    published            TEXT,
    outlet               TEXT,
    url                  TEXT,
    language             TEXT,
    text                 TEXT NOT NULL,
    text_hash            TEXT NOT NULL,
    -- JSON of model::OffsetMap (clean text back to raw bytes).
    offsets              TEXT NOT NULL,
    duplicate_of         TEXT,
    duplicate_kind       TEXT,
    duplicate_similarity REAL,
    n_chars              INTEGER NOT NULL,
    n_sentences          INTEGER NOT NULL,
    run_id               INTEGER NOT NULL REFERENCES runs (id),
    created_at           TEXT NOT NULL
);
CREATE INDEX documents_text_hash ON documents (text_hash);
CREATE INDEX documents_published ON documents (published, id);
CREATE INDEX documents_outlet ON documents (outlet);

-- One row per sentence: sentences are what later layers are queried by.
CREATE TABLE sentences (
    doc_pk      INTEGER NOT NULL REFERENCES documents (pk) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,
    span_start  INTEGER NOT NULL,
    span_end    INTEGER NOT NULL,
    paragraph   INTEGER NOT NULL,
    token_start INTEGER NOT NULL,
    token_end   INTEGER NOT NULL,
    PRIMARY KEY (doc_pk, idx)
) WITHOUT ROWID;

-- All tokens of a document in one packed BLOB (see sqlite/codec.rs): a row per token would
-- be ten million rows for ten thousand articles.
CREATE TABLE tokens (
    doc_pk   INTEGER PRIMARY KEY REFERENCES documents (pk) ON DELETE CASCADE,
    n_tokens INTEGER NOT NULL,
    data     BLOB NOT NULL
);

-- Typed spans of the layers beyond tokens and sentences, in the document's order. Indexes for
-- queries across documents (by layer, label) come with the migration that adds those queries.
CREATE TABLE annotations (
    doc_pk            INTEGER NOT NULL REFERENCES documents (pk) ON DELETE CASCADE,
    idx               INTEGER NOT NULL,
    layer             TEXT NOT NULL,
    span_start        INTEGER NOT NULL,
    span_end          INTEGER NOT NULL,
    label             TEXT NOT NULL,
    -- JSON; NULL when the annotation has no attributes.
    attrs             TEXT,
    annotator         TEXT NOT NULL,
    annotator_version INTEGER NOT NULL,
    PRIMARY KEY (doc_pk, idx)
) WITHOUT ROWID;

-- Doc::provenance: which annotator filled which layer.
CREATE TABLE layers (
    doc_pk    INTEGER NOT NULL REFERENCES documents (pk) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    layer     TEXT NOT NULL,
    annotator TEXT NOT NULL,
    version   INTEGER NOT NULL,
    PRIMARY KEY (doc_pk, idx)
) WITHOUT ROWID;

-- MinHash signatures as u32 little-endian.
CREATE TABLE signatures (
    doc_pk    INTEGER PRIMARY KEY REFERENCES documents (pk) ON DELETE CASCADE,
    signature BLOB NOT NULL
);

CREATE TABLE diagnostics (
    pk       INTEGER PRIMARY KEY,
    run_id   INTEGER NOT NULL REFERENCES runs (id),
    source   TEXT NOT NULL,
    severity TEXT NOT NULL,
    code     TEXT NOT NULL,
    message  TEXT NOT NULL
);
CREATE INDEX diagnostics_run ON diagnostics (run_id);
