-- dossier PostgreSQL schema, version 3: the work queue that workers share.
--
-- `dossier ingest --enqueue` registers raw documents here in batches, each batch in one
-- transaction; `dossier worker` claims a whole batch with SELECT ... FOR UPDATE SKIP LOCKED and
-- a lease that expires, and commits the batch's results together with marking it done in one
-- transaction. A worker killed at any moment loses nothing (its lease expires and another
-- worker claims the batch again) and processes nothing twice into the results (the completing
-- transaction checks, under the batch's row lock, that the lease is still its own and the batch
-- not done).
--
-- Batches are the unit of work, not documents: the per-batch stages (removing blocks that recur
-- across a site's documents of one batch) then see the same documents as in a single
-- `dossier analyze` with the same batch size, which is what makes both runs agree.
CREATE TABLE queue_batches (
    batch_no      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    n_docs        BIGINT NOT NULL,
    registered_at TEXT NOT NULL,
    -- The worker holding the batch (host:pid:random) and until when; NULL when none does.
    lease_owner   TEXT,
    lease_expires TIMESTAMPTZ,
    -- Claims so far: more than one means a worker died or ran out of time on it.
    attempts      BIGINT NOT NULL DEFAULT 0,
    -- The run of the worker that completed it; NULL while pending.
    done_run      BIGINT REFERENCES runs (id),
    done_at       TEXT
);
-- Pending batches in order, for claiming.
CREATE INDEX queue_batches_pending ON queue_batches (batch_no) WHERE done_at IS NULL;

-- One row per registered raw document, in input order (`seq`). The raw bytes are dropped once
-- the batch is done (the clean text and the offsets back to the raw bytes are in `documents`).
CREATE TABLE queue (
    seq                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                   TEXT COLLATE "C" NOT NULL UNIQUE,
    batch_no             BIGINT NOT NULL REFERENCES queue_batches (batch_no),
    origin_path          TEXT NOT NULL,
    origin_record_index  BIGINT,
    origin_record_offset BIGINT,
    format               TEXT NOT NULL,
    -- JSON of model::RawMeta.
    meta                 TEXT NOT NULL,
    raw                  BYTEA
);
CREATE INDEX queue_batch ON queue (batch_no, seq);
