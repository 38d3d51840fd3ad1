//! The work queue of a PostgreSQL store (schema in `0003_queue.sql`): raw documents registered
//! in batches, claimed by workers with expiring leases, completed with their results in one
//! transaction.
//!
//! The guarantees, and where each comes from:
//! - A batch is registered whole or not at all (one transaction per batch).
//! - Two workers never hold the same batch at once: the claim is one `UPDATE` of the first
//!   pending batch whose lease is free or expired, selected `FOR UPDATE SKIP LOCKED`.
//! - A killed worker loses nothing: its lease expires ([`PgStore::claim_batch`]'s `lease`) and
//!   the batch is claimed again.
//! - Nothing is stored twice: [`PgStore::complete_batch`] locks the batch row, checks that it
//!   is not done and that the lease is still the caller's, and only then writes the results and
//!   marks the batch done, all in one transaction. A worker that lost its lease (it was too slow
//!   and another took over) gets `false` and its results are dropped.

use std::time::Duration;

use model::{Duplicate, DuplicateKind, Format, Origin, RawDocument, RawMeta, RecordRef};

use super::{now_rfc3339, record_ref, to_i64, PgStore};
use crate::{Batch, Result};

/// A batch claimed by a worker, until its lease expires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lease {
    pub batch_no: i64,
    /// Who holds it (see [`PgStore::claim_batch`]).
    pub owner: String,
    /// Claims of this batch so far, this one included.
    pub attempts: i64,
}

/// The state of the queue.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct QueueStatus {
    /// Batches not done, and among them those a live lease holds.
    pub batches_pending: u64,
    pub batches_leased: u64,
    pub batches_done: u64,
    pub docs_pending: u64,
    pub docs_done: u64,
    /// Claims beyond the first, summed: batches taken over after a worker died or was slow.
    pub reclaims: u64,
}

impl QueueStatus {
    /// Every registered batch is done.
    pub fn is_done(&self) -> bool {
        self.batches_pending == 0
    }
}

/// A stored document of the queue, in queue order, with what deduplication needs.
#[derive(Clone, Debug, PartialEq)]
pub struct QueuedDoc {
    pub batch_no: i64,
    pub id: String,
    pub text_hash: String,
    pub signature: Vec<u32>,
}

impl PgStore {
    /// Is a document with this id queued or stored?
    pub fn is_known(&self, id: &str) -> Result<bool> {
        if id.contains('\0') {
            return Ok(false);
        }
        let mut conn = self.conn()?;
        let rows = conn
            .query(
                "SELECT 1 FROM queue WHERE id = $1 UNION ALL SELECT 1 FROM documents WHERE id = $1 LIMIT 1",
                &[&id],
            )
            .map_err(self.err())?;
        Ok(!rows.is_empty())
    }

    /// Registers `raws` as one new batch, in their order, in one transaction; documents already
    /// queued (by a concurrent registrar) are left out. Returns the batch number, or `None`
    /// when nothing was left to register.
    pub fn enqueue_batch(&mut self, raws: &[RawDocument]) -> Result<Option<i64>> {
        if raws.is_empty() {
            return Ok(None);
        }
        let mut conn = self.conn()?;
        let err = self.err();
        let mut tx = conn.transaction().map_err(&err)?;
        let row = tx
            .query_one(
                "INSERT INTO queue_batches (n_docs, registered_at) VALUES (0, $1) RETURNING batch_no",
                &[&now_rfc3339()],
            )
            .map_err(&err)?;
        let batch_no: i64 = row.try_get(0).map_err(&err)?;
        let insert = tx
            .prepare(
                "INSERT INTO queue (id, batch_no, origin_path, origin_record_index, origin_record_offset, format, meta, raw) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
            )
            .map_err(&err)?;
        let mut n: i64 = 0;
        for raw in raws {
            let id = raw.id();
            let bad = |message: String| self.refuse(format!("cannot queue document {id} ({}): {message}", raw.origin));
            let (index, offset) = match raw.origin.record {
                None => (None, None),
                Some(r) => (
                    Some(to_i64(r.index, "record index").map_err(bad)?),
                    Some(to_i64(r.offset, "record offset").map_err(bad)?),
                ),
            };
            let meta = serde_json::to_string(&raw.meta).map_err(|e| bad(e.to_string()))?;
            if raw.origin.path.contains('\0') || meta.contains('\0') {
                return Err(bad("its origin holds a NUL character".to_string()));
            }
            n += tx
                .execute(
                    &insert,
                    &[&id, &batch_no, &raw.origin.path, &index, &offset, &raw.format.as_str(), &meta, &raw.bytes],
                )
                .map_err(&err)? as i64;
        }
        if n == 0 {
            // All were queued meanwhile: register nothing.
            return Ok(None);
        }
        tx.execute("UPDATE queue_batches SET n_docs = $2 WHERE batch_no = $1", &[&batch_no, &n]).map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(Some(batch_no))
    }

    /// Claims the first pending batch whose lease is free or expired, for `lease`, as `owner`
    /// (any name unique to the worker: host, process id and a random part). `None` when no
    /// batch is free now (all done, or all leased by live workers).
    pub fn claim_batch(&self, owner: &str, lease: Duration) -> Result<Option<(Lease, Vec<RawDocument>)>> {
        let mut conn = self.conn()?;
        let err = self.err();
        let rows = conn
            .query(
                "WITH next AS ( \
                     SELECT batch_no FROM queue_batches \
                     WHERE done_at IS NULL AND (lease_expires IS NULL OR lease_expires < now()) \
                     ORDER BY batch_no LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 UPDATE queue_batches b SET lease_owner = $1, lease_expires = now() + make_interval(secs => $2), \
                     attempts = b.attempts + 1 \
                 FROM next WHERE b.batch_no = next.batch_no RETURNING b.batch_no, b.attempts",
                &[&owner, &lease.as_secs_f64()],
            )
            .map_err(&err)?;
        let Some(row) = rows.first() else { return Ok(None) };
        let lease = Lease { batch_no: row.try_get(0).map_err(&err)?, owner: owner.to_string(), attempts: row.try_get(1).map_err(&err)? };
        let rows = conn
            .query(
                "SELECT id, origin_path, origin_record_index, origin_record_offset, format, meta, raw FROM queue \
                 WHERE batch_no = $1 ORDER BY seq",
                &[&lease.batch_no],
            )
            .map_err(&err)?;
        let mut raws = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.try_get(0).map_err(&err)?;
            let record: Option<RecordRef> = record_ref(r.try_get(2).map_err(&err)?, r.try_get(3).map_err(&err)?);
            let format = match r.try_get::<_, &str>(4).map_err(&err)? {
                "text" => Format::Text,
                "markdown" => Format::Markdown,
                "html" => Format::Html,
                other => return Err(self.corrupt(&id, format!("queued with unknown format `{other}`"))),
            };
            let meta: RawMeta = serde_json::from_str(r.try_get(5).map_err(&err)?)
                .map_err(|e| self.corrupt(&id, format!("queued metadata: {e}")))?;
            let Some(bytes) = r.try_get::<_, Option<Vec<u8>>>(6).map_err(&err)? else {
                return Err(self.corrupt(&id, "pending in the queue without its raw bytes"));
            };
            raws.push(RawDocument { origin: Origin { path: r.try_get(1).map_err(&err)?, record }, format, bytes, meta });
        }
        Ok(Some((lease, raws)))
    }

    /// Extends a claimed batch's lease to `duration` from now, while `lease` still holds it: a
    /// worker renews its lease as it works, so a batch that takes longer than one lease stays
    /// its own while a killed worker's lease runs out within one lease. `Ok(false)` when the
    /// batch is done or another worker holds it now.
    pub fn renew_lease(&self, lease: &Lease, duration: Duration) -> Result<bool> {
        let mut conn = self.conn()?;
        let n = conn
            .execute(
                "UPDATE queue_batches SET lease_expires = now() + make_interval(secs => $3) \
                 WHERE batch_no = $1 AND lease_owner = $2 AND done_at IS NULL",
                &[&lease.batch_no, &lease.owner, &duration.as_secs_f64()],
            )
            .map_err(self.err())?;
        Ok(n > 0)
    }

    /// Stores a claimed batch's results and marks it done, in one transaction, if `lease` still
    /// holds it; `Ok(false)` (and nothing written) when the batch is done already or another
    /// worker holds it now.
    pub fn complete_batch(&mut self, lease: &Lease, batch: &Batch) -> Result<bool> {
        let mut conn = self.conn()?;
        let err = self.err();
        let mut tx = conn.transaction().map_err(&err)?;
        let rows = tx
            .query("SELECT lease_owner, done_at FROM queue_batches WHERE batch_no = $1 FOR UPDATE", &[&lease.batch_no])
            .map_err(&err)?;
        let Some(row) = rows.first() else { return Ok(false) };
        let owner: Option<String> = row.try_get(0).map_err(&err)?;
        let done_at: Option<String> = row.try_get(1).map_err(&err)?;
        if done_at.is_some() || owner.as_deref() != Some(lease.owner.as_str()) {
            return Ok(false);
        }
        self.write_batch_in(&mut tx, batch)?;
        tx.execute(
            "UPDATE queue_batches SET done_run = $2, done_at = $3, lease_owner = NULL, lease_expires = NULL WHERE batch_no = $1",
            &[&lease.batch_no, &batch.run, &now_rfc3339()],
        )
        .map_err(&err)?;
        tx.execute("UPDATE queue SET raw = NULL WHERE batch_no = $1", &[&lease.batch_no]).map_err(&err)?;
        tx.commit().map_err(&err)?;
        Ok(true)
    }

    /// Counts of pending, leased and done batches and documents.
    pub fn queue_status(&self) -> Result<QueueStatus> {
        let mut conn = self.conn()?;
        let err = self.err();
        let row = conn
            .query_one(
                "SELECT COUNT(*) FILTER (WHERE done_at IS NULL), \
                 COUNT(*) FILTER (WHERE done_at IS NULL AND lease_expires >= now()), \
                 COUNT(*) FILTER (WHERE done_at IS NOT NULL), \
                 COALESCE(SUM(n_docs) FILTER (WHERE done_at IS NULL), 0)::bigint, \
                 COALESCE(SUM(n_docs) FILTER (WHERE done_at IS NOT NULL), 0)::bigint, \
                 COALESCE(SUM(GREATEST(attempts - 1, 0)), 0)::bigint FROM queue_batches",
                &[],
            )
            .map_err(&err)?;
        let get = |i: usize| -> Result<u64> { Ok(row.try_get::<_, i64>(i).map_err(&err)?.max(0) as u64) };
        Ok(QueueStatus {
            batches_pending: get(0)?,
            batches_leased: get(1)?,
            batches_done: get(2)?,
            docs_pending: get(3)?,
            docs_done: get(4)?,
            reclaims: get(5)?,
        })
    }

    /// The stored documents of done batches, in queue order (batch, then registration order):
    /// the order a single `dossier analyze` would have stored them in.
    pub fn queued_documents(&self) -> Result<Vec<QueuedDoc>> {
        let mut conn = self.conn()?;
        let err = self.err();
        let rows = conn
            .query(
                "SELECT q.batch_no, d.id, d.text_hash, s.signature FROM queue q \
                 JOIN queue_batches b ON b.batch_no = q.batch_no \
                 JOIN documents d ON d.id = q.id JOIN signatures s ON s.doc_pk = d.pk \
                 WHERE b.done_at IS NOT NULL ORDER BY q.batch_no, q.seq",
                &[],
            )
            .map_err(&err)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.try_get(1).map_err(&err)?;
            let blob: &[u8] = r.try_get(3).map_err(&err)?;
            let signature = super::codec::decode_signature(blob).map_err(|m| self.corrupt(&id, m))?;
            out.push(QueuedDoc { batch_no: r.try_get(0).map_err(&err)?, id, text_hash: r.try_get(2).map_err(&err)?, signature });
        }
        Ok(out)
    }

    /// Sets (or clears) the duplicate link of each document named, in one transaction.
    pub fn set_duplicates(&mut self, links: &[(String, Option<Duplicate>)]) -> Result<()> {
        let mut conn = self.conn()?;
        let err = self.err();
        let mut tx = conn.transaction().map_err(&err)?;
        for chunk in links.chunks(10_000) {
            let mut ids = Vec::with_capacity(chunk.len());
            let mut of = Vec::with_capacity(chunk.len());
            let mut kind = Vec::with_capacity(chunk.len());
            let mut similarity = Vec::with_capacity(chunk.len());
            for (id, d) in chunk {
                ids.push(id.as_str());
                of.push(d.as_ref().map(|d| d.of.as_str()));
                kind.push(d.as_ref().map(|d| match d.kind {
                    DuplicateKind::Exact => "exact",
                    DuplicateKind::Near => "near",
                }));
                similarity.push(d.as_ref().map(|d| f64::from(d.similarity)));
            }
            tx.execute(
                "UPDATE documents d SET duplicate_of = u.of, duplicate_kind = u.kind, duplicate_similarity = u.sim \
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[]) AS u(id, of, kind, sim) WHERE d.id = u.id",
                &[&ids, &of, &kind, &similarity],
            )
            .map_err(&err)?;
        }
        tx.commit().map_err(&err)
    }
}
