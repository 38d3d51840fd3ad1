-- dossier PostgreSQL schema, version 2: full-text search with PostgreSQL's own text search.
--
-- The text search configuration `dossier` mirrors SQLite's FTS5 tokenizer (`unicode61
-- remove_diacritics 2`): no stemming and no stop words (a copy of `simple`), case folded, and
-- diacritics folded by the `unaccent` dictionary when the extension can be installed (it ships
-- with PostgreSQL's contrib and is a trusted extension: the database owner may create it). On a
-- server without it the configuration folds case only; the store works, but `deja` no longer
-- finds `déjà`. Installing it later and re-creating the mapping is enough (no re-indexing of
-- ASCII text is needed).
--
-- `documents.search` holds each document's lexemes: the title with weight A, the clean text
-- with weight B (ranked five times below the title, as in SQLite). The store computes it when
-- it inserts a document, from the title and text with every character that is not a letter or
-- a digit turned into a space, so that a "word" is the same run of letters and digits as in
-- SQLite (PostgreSQL's parser would otherwise keep `example.com` or `a/b.txt` whole).
-- Documents are never updated in place, so no trigger is needed. A GIN index answers `@@`.
DO $$
DECLARE
    dict_schema TEXT;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'dossier: the unaccent extension is not available (%); search will not fold diacritics', SQLERRM;
    END;
    CREATE TEXT SEARCH CONFIGURATION dossier (COPY = pg_catalog.simple);
    SELECT n.nspname INTO dict_schema
        FROM pg_catalog.pg_ts_dict d JOIN pg_catalog.pg_namespace n ON n.oid = d.dictnamespace
        WHERE d.dictname = 'unaccent'
        LIMIT 1;
    IF dict_schema IS NOT NULL THEN
        EXECUTE format(
            'ALTER TEXT SEARCH CONFIGURATION dossier ALTER MAPPING FOR asciihword, asciiword, hword, hword_asciipart, hword_part, word, numword, numhword, hword_numpart WITH %I.unaccent, pg_catalog.simple',
            dict_schema);
    END IF;
END
$$;

ALTER TABLE documents ADD COLUMN search tsvector NOT NULL DEFAULT ''::tsvector;
-- Documents stored before this version (none when the migrations run together): the same
-- lexemes, with the regular expression's idea of a letter or digit.
UPDATE documents SET search =
    setweight(to_tsvector('dossier', regexp_replace(coalesce(title, ''), '[^[:alnum:]]+', ' ', 'g')), 'A')
    || setweight(to_tsvector('dossier', regexp_replace(left(text, 262144), '[^[:alnum:]]+', ' ', 'g')), 'B');
CREATE INDEX documents_search ON documents USING GIN (search);
