-- dossier SQLite schema, version 4: full-text search over documents (SQLite FTS5).
--
-- `documents_fts` indexes each document's title and clean text. It is an external-content
-- table over `documents` (the text is not stored twice; snippets read it from `documents`),
-- keyed by the document's `pk`. `put_batch` adds the rows of the documents it inserts; this
-- migration back-fills the documents stored before it. Documents are never updated or
-- deleted in place, so no triggers are needed. The tokenizer folds case and diacritics.
-- (PostgreSQL would mirror this with a tsvector column and a GIN index.)
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title,
    text,
    content = 'documents',
    content_rowid = 'pk',
    tokenize = 'unicode61 remove_diacritics 2'
);

INSERT INTO documents_fts (rowid, title, text) SELECT pk, title, text FROM documents;
