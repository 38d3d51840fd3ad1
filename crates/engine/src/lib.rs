//! The front door: wires readers, cleaning, annotation, cross-document reasoning and the store.
//!
//! [`analyze`] streams the inputs in batches: each batch is cleaned and annotated in parallel,
//! purged of blocks that recur across documents of one site, deduplicated against everything
//! stored before, and committed in one transaction. Memory is bounded by the batch size (plus
//! the near-duplicate index, a few hundred bytes per stored original), so corpus size barely
//! matters. Interrupting a run loses at most the batch in flight; the next run resumes, because
//! documents already stored (same raw bytes) are skipped.
//!
//! This is the only crate that knows every stage. `cli` and (later) `server` are thin faces over it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use annotate::Pipeline;
use model::{Diagnostic, DocId, Duplicate, DuplicateKind, RawDocument, Severity};
use rayon::prelude::*;
use reason::dedup::{self, NearDupIndex};
use serde::Serialize;
use store::{Batch, RunId, Store, StoredDoc};

pub mod actors;
pub mod brief;
pub mod claims;
pub mod export;
pub mod queue;
pub mod reasoning;

/// Errors that stop a run. Bad *input* never does: it becomes a diagnostic.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
}

/// How to run.
#[derive(Clone, Debug)]
pub struct Options {
    /// Documents cleaned, annotated and committed together.
    pub batch_size: usize,
    pub ingest: ingest::Options,
    /// Run the annotators (tokens, sentences, ...). `dossier ingest` and `analyze` both do today.
    pub annotate: bool,
    /// The command line, recorded with the run.
    pub command: String,
}

impl Default for Options {
    fn default() -> Options {
        Options { batch_size: 256, ingest: ingest::Options::default(), annotate: true, command: String::new() }
    }
}

/// What a run did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub run: RunId,
    /// Documents read from the inputs (records count one each).
    pub n_read: u64,
    /// New documents stored by this run.
    pub n_stored: u64,
    /// Documents skipped because the same raw bytes were already stored (re-ingest, resume).
    pub n_already_stored: u64,
    pub n_exact_duplicates: u64,
    pub n_near_duplicates: u64,
    /// Inputs (files, records, documents) skipped, each with an error diagnostic.
    pub n_skipped: u64,
    pub n_sentences: u64,
    /// Year-less dates whose year was inferred from other documents of the corpus.
    pub n_years_inferred: u64,
    /// The cross-document pass run after storing (entities, events, contradictions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning: Option<reasoning::ReasonSummary>,
    /// Raw bytes of the documents read.
    pub bytes: u64,
    pub seconds: f64,
    /// True when the run was interrupted before reading every input.
    pub interrupted: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Summary {
    /// True when some input was skipped: the CLI exits with the "partial" code.
    pub fn is_partial(&self) -> bool {
        self.n_skipped > 0 || self.interrupted
    }
}

/// Progress events, for a progress bar. All methods have empty defaults.
pub trait Progress: Sync {
    /// A batch of `n_docs` documents totalling `bytes` raw bytes has been committed.
    fn batch_done(&self, _n_docs: u64, _bytes: u64) {}
    /// A diagnostic was produced.
    fn diagnostic(&self, _d: &Diagnostic) {}
    /// For a worker: the shared queue has `batches_left` of `batches_total` batches not done
    /// (by any worker).
    fn queue(&self, _batches_left: u64, _batches_total: u64) {}
}

/// A [`Progress`] that shows nothing.
pub struct NoProgress;
impl Progress for NoProgress {}

/// Reads, cleans, annotates, deduplicates and stores `paths`.
///
/// `cancel` is polled between batches: when it becomes true the batch in flight is committed and
/// the run ends, marked interrupted.
pub fn analyze(
    store: &mut dyn Store,
    paths: Vec<PathBuf>,
    options: &Options,
    progress: &dyn Progress,
    cancel: &AtomicBool,
) -> Result<Summary, Error> {
    let started = Instant::now();
    let run = store.begin_run(&options.command)?;
    let mut summary = Summary { run, ..Summary::default() };
    let pipeline = Pipeline::standard();
    let mut dedup = Dedup::load(store)?;

    let mut items = ingest::read(paths, options.ingest.clone());
    let mut filler = BatchFiller::default();
    loop {
        if cancel.load(Ordering::Relaxed) {
            summary.interrupted = true;
            break;
        }
        let (raws, mut diagnostics, exhausted) =
            filler.fill(&mut items, options.batch_size, &mut |id| Ok(store.contains(id)?), &mut summary)?;
        let batch_bytes: u64 = raws.iter().map(|r| r.bytes.len() as u64).sum();
        let n_raws = raws.len() as u64;
        let docs = process_batch(raws, &pipeline, options.annotate, &mut diagnostics);
        let docs = dedup.link(docs, &mut |hash| Ok(store.find_by_text_hash(hash)?), &mut summary)?;
        summary.n_stored += docs.len() as u64;
        summary.n_sentences += docs.iter().map(|d| d.doc.sentences.len() as u64).sum::<u64>();
        for d in &diagnostics {
            if d.severity == Severity::Error {
                summary.n_skipped += 1;
            }
            progress.diagnostic(d);
        }
        if !docs.is_empty() || !diagnostics.is_empty() {
            store.put_batch(&Batch { run, docs, diagnostics: diagnostics.clone() })?;
        }
        summary.diagnostics.extend(diagnostics);
        dedup.committed();
        progress.batch_done(n_raws, batch_bytes);
        if exhausted {
            break;
        }
    }
    if options.annotate && summary.n_stored > 0 && !summary.interrupted {
        summary.n_years_inferred = infer_years(store)?;
        summary.reasoning = Some(reasoning::run(store)?);
    }
    summary.seconds = started.elapsed().as_secs_f64();
    let mut record = serde_json::to_value(&summary).unwrap_or_default();
    if let Some(obj) = record.as_object_mut() {
        obj.remove("diagnostics");
    }
    store.finish_run(run, &record)?;
    Ok(summary)
}

/// Gives a year to year-less dates that no anchor in their own document could resolve
/// (`XXXX-01-04`), from the dates other documents give (see `reason::years`), and records the
/// reasoning on the annotation (`anchor: "corpus"`, `reason`). Two passes over the store:
/// one collects the evidence (originals only, so copies of a report count once), the other
/// updates the documents that need it. Returns the number of values changed.
pub fn infer_years(store: &mut dyn Store) -> Result<u64, Error> {
    use model::Layer;
    let mut evidence = reason::years::YearEvidence::default();
    // Documents with year-less dates: their number, id, and those annotations with their
    // indices (only the time layer is read: the pass touches nothing else).
    type Unresolved = Vec<(usize, model::Annotation)>;
    let mut pending: Vec<(u32, DocId, Unresolved)> = Vec::new();
    let mut n = 0u32;
    store.for_each_document_layers(&[Layer::Times], &mut |doc, indices| {
        n += 1;
        let mut unresolved = Vec::new();
        for (a, idx) in doc.annotations.into_iter().zip(indices) {
            let Some(value) = a.attrs.get("value").and_then(serde_json::Value::as_str) else { continue };
            if value.starts_with("XXXX-") {
                unresolved.push((idx, a));
            } else if doc.duplicate.is_none() && a.label == "DATE" {
                evidence.add(n, value);
            }
        }
        if doc.duplicate.is_none() {
            if let Some(p) = doc.meta.published.as_deref() {
                evidence.add(n, p.get(..10).unwrap_or(p));
            }
        }
        if !unresolved.is_empty() {
            pending.push((n, doc.id, unresolved));
        }
        Ok(())
    })?;
    let mut changed = 0u64;
    for (number, id, unresolved) in pending {
        let mut updates = Vec::new();
        for (idx, a) in unresolved {
            let Some(value) = a.attrs.get("value").and_then(serde_json::Value::as_str) else { continue };
            let Some(rest) = value.strip_prefix("XXXX") else { continue };
            let Some((None, month, day)) = reason::years::parse_value(value) else { continue };
            if month.is_none() {
                continue; // "XXXX-WXX-2" (a weekday) says too little to date
            }
            let Some(inferred) = evidence.infer(number, month, day) else { continue };
            let mut a = a.clone();
            let new_value = format!("{:04}{rest}", inferred.year);
            let old_confidence = a.attrs.get("confidence").and_then(serde_json::Value::as_f64).unwrap_or(1.0);
            if let Some(obj) = a.attrs.as_object_mut() {
                obj.insert("value".into(), new_value.into());
                obj.insert("anchor".into(), "corpus".into());
                obj.insert("year_inferred".into(), true.into());
                obj.insert("resolved".into(), (!rest.contains('X')).into());
                obj.insert("confidence".into(), ((old_confidence.min(inferred.confidence) * 100.0).round() / 100.0).into());
                obj.insert("reason".into(), inferred.reason.into());
                for key in ["begin", "end_value"] {
                    if let Some(v) = obj.get(key).and_then(serde_json::Value::as_str).and_then(|v| v.strip_prefix("XXXX")) {
                        let v = format!("{:04}{v}", inferred.year);
                        obj.insert(key.into(), v.into());
                    }
                }
            }
            updates.push((idx, a));
        }
        if !updates.is_empty() {
            changed += updates.len() as u64;
            store.update_annotations(&id, &updates)?;
        }
    }
    Ok(changed)
}

/// Cleans and annotates one batch in parallel. Documents that cannot be cleaned become
/// diagnostics; the order of the surviving documents is the input order.
fn process_batch(raws: Vec<RawDocument>, pipeline: &Pipeline, annotate: bool, diagnostics: &mut Vec<Diagnostic>) -> Vec<StoredDoc> {
    let extracted: Vec<Result<clean::Extracted, Diagnostic>> = raws.par_iter().map(clean::extract).collect();
    let mut ok = Vec::with_capacity(extracted.len());
    for e in extracted {
        match e {
            Ok(x) => ok.push(x),
            Err(d) => diagnostics.push(d),
        }
    }
    clean::recurring::drop_recurring_across(&mut ok);
    let done: Vec<(StoredDoc, Vec<Diagnostic>)> = ok
        .into_par_iter()
        .map(|ex| {
            let (mut doc, mut diags) = clean::finish(ex);
            if annotate {
                diags.extend(pipeline.run(&mut doc));
            }
            let text_hash = dedup::text_hash(&doc.text);
            let signature = dedup::signature(&doc.text);
            (StoredDoc { doc, text_hash, signature }, diags)
        })
        .collect();
    let mut docs = Vec::with_capacity(done.len());
    for (doc, diags) in done {
        if doc.doc.text.trim().is_empty() {
            diagnostics.push(Diagnostic::error(&doc.doc.origin, "empty", "no article text left after removing recurring blocks"));
            continue;
        }
        diagnostics.extend(diags);
        docs.push(doc);
    }
    docs
}

/// Fills batches from the inputs, skipping documents already stored (or, for the queue,
/// already registered) and ids repeated within the batch. `analyze` and `queue::enqueue` share
/// it so that both cut the inputs into the same batches: the per-batch stages then see the
/// same documents, and a run through the queue stores what `analyze` would.
#[derive(Default)]
struct BatchFiller {
    /// Ids of the batch being filled: the store answers for everything committed before, so
    /// memory does not grow with the corpus.
    seen_in_batch: std::collections::HashSet<DocId>,
}

/// Answers whether a document id is stored (or queued) already.
type IsKnown<'a> = dyn FnMut(&str) -> Result<bool, Error> + 'a;

impl BatchFiller {
    /// The next batch: up to `batch_size` new raw documents, the diagnostics read meanwhile,
    /// and whether the inputs are exhausted. Counts reads, bytes and skips in `summary`.
    fn fill(
        &mut self,
        items: &mut dyn Iterator<Item = ingest::Item>,
        batch_size: usize,
        is_known: &mut IsKnown<'_>,
        summary: &mut Summary,
    ) -> Result<(Vec<RawDocument>, Vec<Diagnostic>, bool), Error> {
        self.seen_in_batch.clear();
        let mut raws: Vec<RawDocument> = Vec::with_capacity(batch_size);
        let mut diagnostics = Vec::new();
        for item in &mut *items {
            match item {
                ingest::Item::Document(raw) => {
                    summary.n_read += 1;
                    summary.bytes += raw.bytes.len() as u64;
                    let id = raw.id();
                    if !self.seen_in_batch.insert(id.clone()) || is_known(&id)? {
                        summary.n_already_stored += 1;
                        continue;
                    }
                    raws.push(raw);
                }
                ingest::Item::Diagnostic(d) => diagnostics.push(d),
            }
            // A long run of bad inputs (a directory of 100,000 broken files) is committed and
            // reported batch by batch too.
            if raws.len() >= batch_size.max(1) || diagnostics.len() >= batch_size.max(1) {
                return Ok((raws, diagnostics, false));
            }
        }
        Ok((raws, diagnostics, true))
    }
}

/// Duplicate links: exact by text hash (batch and store), near by the MinHash index.
struct Dedup {
    index: NearDupIndex,
    /// Text hashes of the originals of the batch in flight; once committed, the store answers.
    hashes: HashMap<String, DocId>,
}

impl Dedup {
    fn load(store: &dyn Store) -> Result<Dedup, Error> {
        let mut dedup = Dedup::empty();
        for (id, sig) in store.signatures()? {
            dedup.index.insert(id, sig);
        }
        Ok(dedup)
    }

    fn empty() -> Dedup {
        Dedup { index: NearDupIndex::new(), hashes: HashMap::new() }
    }

    /// The batch was committed: its text hashes are in the store now.
    fn committed(&mut self) {
        self.hashes.clear();
    }

    /// Sets `duplicate` on each document that repeats an earlier one, in input order, and
    /// indexes the originals. `stored_with_hash` answers for the batches committed before.
    fn link(
        &mut self,
        mut docs: Vec<StoredDoc>,
        stored_with_hash: &mut dyn FnMut(&str) -> Result<Option<DocId>, Error>,
        summary: &mut Summary,
    ) -> Result<Vec<StoredDoc>, Error> {
        for sd in &mut docs {
            sd.doc.duplicate = self.link_one(&sd.doc.id, &sd.text_hash, &sd.signature, stored_with_hash, summary)?;
        }
        Ok(docs)
    }

    /// The duplicate link of one document (exact first, then near); an original is indexed.
    fn link_one(
        &mut self,
        id: &str,
        text_hash: &str,
        signature: &[u32],
        stored_with_hash: &mut dyn FnMut(&str) -> Result<Option<DocId>, Error>,
        summary: &mut Summary,
    ) -> Result<Option<Duplicate>, Error> {
        let exact = match self.hashes.get(text_hash) {
            Some(id) => Some(id.clone()),
            None => stored_with_hash(text_hash)?,
        };
        if let Some(of) = exact {
            summary.n_exact_duplicates += 1;
            return Ok(Some(Duplicate { of, kind: DuplicateKind::Exact, similarity: 1.0 }));
        }
        if let Some((of, similarity)) = self.index.query(signature) {
            summary.n_near_duplicates += 1;
            return Ok(Some(Duplicate { of, kind: DuplicateKind::Near, similarity }));
        }
        self.hashes.insert(text_hash.to_string(), id.to_string());
        self.index.insert(id.to_string(), signature.to_vec());
        Ok(None)
    }
}

/// Documents per second and MB per second of a run, for summaries and benchmarks.
pub fn throughput(summary: &Summary) -> (f64, f64) {
    let secs = summary.seconds.max(1e-9);
    (summary.n_read as f64 / secs, summary.bytes as f64 / 1e6 / secs)
}
