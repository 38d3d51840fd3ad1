-- dossier SQLite schema, version 3: the cross-document stage's result and the analyst's
-- overrides.
--
-- `reasoning` holds the latest result of `reason` (entities, links, clustered events,
-- contradictions) as one JSON document under the name 'latest', replaced as a whole in one
-- transaction by each run, so readers never see half of one run and half of another.
-- `overrides` are the analyst's merges and splits of entities, keyed by the names typed
-- (not by ids, which change when the corpus does), so they survive re-analysis.
CREATE TABLE reasoning (
    name    TEXT PRIMARY KEY,
    data    TEXT NOT NULL,
    created TEXT NOT NULL
);

CREATE TABLE overrides (
    id      INTEGER PRIMARY KEY,
    kind    TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    a       TEXT NOT NULL,
    b       TEXT NOT NULL,
    created TEXT NOT NULL,
    UNIQUE (kind, a, b)
);
