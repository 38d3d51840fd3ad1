-- dossier SQLite schema, version 2: part of speech, lemma and dependency per token.
--
-- One packed BLOB per document (see sqlite/codec.rs, `encode_analyses`), parallel to the
-- document's token blob; absent when the document was analysed without the `pos` layer.
CREATE TABLE analyses (
    doc_pk INTEGER PRIMARY KEY REFERENCES documents (pk) ON DELETE CASCADE,
    data   BLOB NOT NULL
);
