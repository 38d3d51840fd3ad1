//! Work through a PostgreSQL store's queue: many workers on many machines, one database.
//!
//! Three steps, each its own command:
//! - [`enqueue`] (`dossier ingest --enqueue`) reads the inputs and registers the new raw
//!   documents in batches, cut exactly as [`crate::analyze`] cuts them;
//! - [`work`] (`dossier worker`, any number at once) claims a batch, cleans and annotates it
//!   (the same [`crate::process_batch`] as `analyze`) and commits the results together with
//!   marking the batch done, in one transaction (see `store::postgres::queue` for why a killed
//!   worker loses nothing and nothing is stored twice);
//! - [`finalize`] (`dossier reason` on a PostgreSQL store) does what depends on every document:
//!   duplicate links, replayed in queue order as `analyze` makes them, years of year-less
//!   dates, and the cross-document pass. It is a pass rather than incremental work because
//!   every one of those results depends on documents' order or on all of them, while workers
//!   finish batches in any order; it reads only committed batches, so it is safe while workers
//!   write, and running it again once they are done gives the final result.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use annotate::Pipeline;
use model::{Diagnostic, DocId, Severity};
use serde::Serialize;
use store::postgres::Lease;
use store::{Batch, PgStore, RunId, Store};

use crate::{infer_years, process_batch, reasoning, BatchFiller, Dedup, Error, Options, Progress, Summary};

/// What registering did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EnqueueSummary {
    pub run: RunId,
    pub n_read: u64,
    /// New documents registered, and the batches they form.
    pub n_queued: u64,
    pub n_batches: u64,
    /// Documents skipped because they were queued or stored already.
    pub n_already_known: u64,
    /// Inputs skipped, each with an error diagnostic.
    pub n_skipped: u64,
    pub bytes: u64,
    pub seconds: f64,
    pub interrupted: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `paths` and registers the documents not yet queued or stored, in batches of
/// `options.batch_size`, each batch in one transaction. Read errors are stored as the run's
/// diagnostics. `cancel` is polled between batches.
pub fn enqueue(
    store: &mut PgStore,
    paths: Vec<PathBuf>,
    options: &Options,
    progress: &dyn Progress,
    cancel: &AtomicBool,
) -> Result<EnqueueSummary, Error> {
    let started = Instant::now();
    let run = store.begin_run(&options.command)?;
    let mut counts = Summary { run, ..Summary::default() };
    let mut out = EnqueueSummary { run, ..EnqueueSummary::default() };
    let mut items = ingest::read(paths, options.ingest.clone());
    let mut filler = BatchFiller::default();
    loop {
        if cancel.load(Ordering::Relaxed) {
            out.interrupted = true;
            break;
        }
        let (raws, diagnostics, exhausted) =
            filler.fill(&mut items, options.batch_size, &mut |id| Ok(store.is_known(id)?), &mut counts)?;
        let batch_bytes: u64 = raws.iter().map(|r| r.bytes.len() as u64).sum();
        let n_raws = raws.len() as u64;
        if store.enqueue_batch(&raws)?.is_some() {
            out.n_batches += 1;
            out.n_queued += n_raws;
        }
        for d in &diagnostics {
            if d.severity == Severity::Error {
                out.n_skipped += 1;
            }
            progress.diagnostic(d);
        }
        if !diagnostics.is_empty() {
            store.put_batch(&Batch { run, docs: Vec::new(), diagnostics: diagnostics.clone() })?;
        }
        out.diagnostics.extend(diagnostics);
        progress.batch_done(n_raws, batch_bytes);
        if exhausted {
            break;
        }
    }
    out.n_read = counts.n_read;
    out.bytes = counts.bytes;
    out.n_already_known = counts.n_already_stored;
    out.seconds = started.elapsed().as_secs_f64();
    store.finish_run(run, &record(&out))?;
    Ok(out)
}

/// How a worker runs.
#[derive(Clone, Debug)]
pub struct WorkerOptions {
    /// Who the worker is, unique among workers (host, process id): recorded on its leases.
    pub owner: String,
    /// How long a claimed batch stays the worker's. Longer than a batch takes to process; a
    /// batch whose lease runs out is given to another worker (and this one's results dropped).
    pub lease: Duration,
    /// Stop once every registered batch is done (rather than wait for more).
    pub exit_when_done: bool,
    /// How long to wait before asking again when no batch is free.
    pub poll: Duration,
    /// The command line, recorded with the worker's run.
    pub command: String,
}

impl Default for WorkerOptions {
    fn default() -> WorkerOptions {
        WorkerOptions {
            owner: format!("pid {}", std::process::id()),
            lease: Duration::from_secs(60),
            exit_when_done: false,
            poll: Duration::from_secs(2),
            command: String::new(),
        }
    }
}

/// Renews `lease` every third of `duration` until `stop` is set or the lease is lost (done,
/// or taken over after this worker stalled past it). A failed renewal is not an error: the
/// batch's completion checks the lease anyway.
fn renew_while(store: &PgStore, lease: &Lease, duration: Duration, stop: &AtomicBool) {
    let every = (duration / 3).max(Duration::from_millis(100));
    let mut next = Instant::now() + every;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(50).min(every));
        if Instant::now() >= next {
            if !matches!(store.renew_lease(lease, duration), Ok(true)) {
                return;
            }
            next = Instant::now() + every;
        }
    }
}

/// Sets the flag when dropped: the renewing thread stops however the work beside it ends
/// (a panic included, which would otherwise leave the scope waiting for it).
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// What a worker did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct WorkerSummary {
    pub run: RunId,
    pub n_batches: u64,
    /// Raw documents processed and documents stored.
    pub n_processed: u64,
    pub n_stored: u64,
    /// Batches whose lease ran out before they were done, so their results were dropped.
    pub n_lost_leases: u64,
    /// Documents that could not be cleaned (each with an error diagnostic).
    pub n_skipped: u64,
    pub n_sentences: u64,
    pub bytes: u64,
    pub seconds: f64,
    pub interrupted: bool,
}

/// Claims, processes and completes batches until the queue is done (with
/// `exit_when_done`) or `cancel` is set (polled between batches: the batch in flight is
/// finished first).
pub fn work(
    store: &mut PgStore,
    options: &WorkerOptions,
    progress: &dyn Progress,
    cancel: &AtomicBool,
) -> Result<WorkerSummary, Error> {
    let started = Instant::now();
    let run = store.begin_run(&options.command)?;
    let mut out = WorkerSummary { run, ..WorkerSummary::default() };
    let pipeline = Pipeline::standard();
    loop {
        if cancel.load(Ordering::Relaxed) {
            out.interrupted = true;
            break;
        }
        let Some((lease, raws)) = store.claim_batch(&options.owner, options.lease)? else {
            if options.exit_when_done && store.queue_status()?.is_done() {
                break;
            }
            // Nothing free: wait (a live lease may run out, or more may be registered),
            // waking up for `cancel`.
            let until = Instant::now() + options.poll;
            while Instant::now() < until && !cancel.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50).min(options.poll));
            }
            continue;
        };
        let n_raws = raws.len() as u64;
        let bytes: u64 = raws.iter().map(|r| r.bytes.len() as u64).sum();
        let mut diagnostics = Vec::new();
        // The lease is renewed while the batch is processed, so a slow batch stays this
        // worker's; a killed worker stops renewing and its lease runs out.
        let stop = AtomicBool::new(false);
        let docs = std::thread::scope(|scope| {
            let shared: &PgStore = store;
            let (lease, stop_ref) = (&lease, &stop);
            scope.spawn(move || renew_while(shared, lease, options.lease, stop_ref));
            let _stop = StopOnDrop(&stop);
            process_batch(raws, &pipeline, true, &mut diagnostics)
        });
        let n_docs = docs.len() as u64;
        let n_sentences: u64 = docs.iter().map(|d| d.doc.sentences.len() as u64).sum();
        let n_errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count() as u64;
        let completed = store.complete_batch(&lease, &Batch { run, docs, diagnostics: diagnostics.clone() })?;
        let status = store.queue_status()?;
        progress.queue(status.batches_pending, status.batches_pending + status.batches_done);
        if completed {
            out.n_batches += 1;
            out.n_processed += n_raws;
            out.n_stored += n_docs;
            out.n_sentences += n_sentences;
            out.n_skipped += n_errors;
            out.bytes += bytes;
            for d in &diagnostics {
                progress.diagnostic(d);
            }
            progress.batch_done(n_raws, bytes);
        } else {
            out.n_lost_leases += 1;
        }
    }
    out.seconds = started.elapsed().as_secs_f64();
    store.finish_run(run, &record(&out))?;
    Ok(out)
}

/// What the pass after the workers did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct FinalizeSummary {
    /// Documents of done batches, and those among them that duplicate an earlier one.
    pub n_documents: u64,
    pub n_exact_duplicates: u64,
    pub n_near_duplicates: u64,
    pub n_years_inferred: u64,
    pub reasoning: reasoning::ReasonSummary,
    /// Batches not done yet: run the pass again once they are.
    pub batches_pending: u64,
    pub seconds: f64,
}

/// Links duplicates over the queue's documents in queue order (batch by batch, as
/// [`crate::analyze`] links them while storing), then infers years and runs the
/// cross-document pass. Every link is recomputed, so a second pass after more batches are done
/// corrects the first.
pub fn finalize(store: &mut PgStore) -> Result<FinalizeSummary, Error> {
    let started = Instant::now();
    let queued = store.queued_documents()?;
    let mut counts = Summary::default();
    let mut dedup = Dedup::empty();
    // Text hash -> the first document with it among the batches before the one being linked:
    // what `find_by_text_hash` answers while `analyze` stores batch after batch.
    let mut committed: HashMap<String, DocId> = HashMap::new();
    let mut links = Vec::with_capacity(queued.len());
    for batch in queued.chunk_by(|a, b| a.batch_no == b.batch_no) {
        for q in batch {
            let link = dedup.link_one(&q.id, &q.text_hash, &q.signature, &mut |h| Ok(committed.get(h).cloned()), &mut counts)?;
            links.push((q.id.clone(), link));
        }
        for q in batch {
            committed.entry(q.text_hash.clone()).or_insert_with(|| q.id.clone());
        }
        dedup.committed();
    }
    store.set_duplicates(&links)?;
    let n_years_inferred = infer_years(store)?;
    let reasoning = reasoning::run(store)?;
    Ok(FinalizeSummary {
        n_documents: queued.len() as u64,
        n_exact_duplicates: counts.n_exact_duplicates,
        n_near_duplicates: counts.n_near_duplicates,
        n_years_inferred,
        reasoning,
        batches_pending: store.queue_status()?.batches_pending,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// A summary as recorded with its run: without the diagnostics, which are stored apart.
fn record(summary: &impl Serialize) -> serde_json::Value {
    let mut value = serde_json::to_value(summary).unwrap_or_default();
    if let Some(obj) = value.as_object_mut() {
        obj.remove("diagnostics");
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A batch processed for longer than its lease stays its worker's while the lease is
    /// renewed, and is free for another worker once renewal stops. Needs the PostgreSQL server
    /// of `DOSSIER_TEST_POSTGRES` (skipped without it).
    #[test]
    fn renewal_keeps_a_slow_batch_and_stopping_it_frees_the_batch() {
        let Ok(admin) = std::env::var("DOSSIER_TEST_POSTGRES") else {
            println!("skipped: DOSSIER_TEST_POSTGRES not set");
            return;
        };
        let name = format!("dossier_renew_{}", std::process::id());
        let _ = PgStore::drop_database(&admin, &name);
        let url = PgStore::create_database(&admin, &name).unwrap();
        let mut store = PgStore::connect_with(&url, 3).unwrap();
        let raw = model::RawDocument {
            origin: model::Origin::file("slow.txt"),
            format: model::Format::Text,
            bytes: b"A slow batch.".to_vec(),
            meta: model::RawMeta::default(),
        };
        store.enqueue_batch(&[raw]).unwrap().unwrap();
        let lease_for = Duration::from_millis(900);
        let (lease, _) = store.claim_batch("slow", lease_for).unwrap().unwrap();
        let stop = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| renew_while(&store, &lease, lease_for, &stop));
            let _stop = StopOnDrop(&stop);
            // Three leases long: without renewal the batch would be free after the first.
            for _ in 0..9 {
                std::thread::sleep(Duration::from_millis(300));
                assert_eq!(store.claim_batch("other", lease_for).unwrap().map(|(l, _)| l.batch_no), None);
            }
        });
        std::thread::sleep(lease_for + Duration::from_millis(300));
        let (taken, _) = store.claim_batch("other", lease_for).unwrap().unwrap();
        assert_eq!((taken.batch_no, taken.attempts), (lease.batch_no, 2));
        drop(store);
        let _ = PgStore::drop_database(&admin, &name);
    }
}
