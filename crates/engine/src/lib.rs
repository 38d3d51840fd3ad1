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
    // Ids of the batch being filled: the store answers for everything committed before, so
    // memory does not grow with the corpus.
    let mut seen_in_batch = std::collections::HashSet::new();
    loop {
        if cancel.load(Ordering::Relaxed) {
            summary.interrupted = true;
            break;
        }
        // Fill one batch, skipping what is already stored.
        let mut raws: Vec<RawDocument> = Vec::with_capacity(options.batch_size);
        let mut diagnostics = Vec::new();
        let mut exhausted = true;
        for item in items.by_ref() {
            match item {
                ingest::Item::Document(raw) => {
                    summary.n_read += 1;
                    summary.bytes += raw.bytes.len() as u64;
                    let id = raw.id();
                    if !seen_in_batch.insert(id.clone()) || store.contains(&id)? {
                        summary.n_already_stored += 1;
                        continue;
                    }
                    raws.push(raw);
                }
                ingest::Item::Diagnostic(d) => diagnostics.push(d),
            }
            // A long run of bad inputs (a directory of 100,000 broken files) is committed and
            // reported batch by batch too.
            if raws.len() >= options.batch_size.max(1) || diagnostics.len() >= options.batch_size.max(1) {
                exhausted = false;
                break;
            }
        }
        let batch_bytes: u64 = raws.iter().map(|r| r.bytes.len() as u64).sum();
        let n_raws = raws.len() as u64;
        let docs = process_batch(raws, &pipeline, options.annotate, &mut diagnostics);
        let docs = dedup.link(docs, store, &mut summary)?;
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
        seen_in_batch.clear();
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
    let mut pending: Vec<(u32, DocId)> = Vec::new();
    let mut n = 0u32;
    store.for_each_document(&mut |doc| {
        n += 1;
        let mut unresolved = false;
        for a in doc.annotations.iter().filter(|a| a.layer == Layer::Times) {
            let Some(value) = a.attrs.get("value").and_then(serde_json::Value::as_str) else { continue };
            if value.starts_with("XXXX-") {
                unresolved = true;
            } else if doc.duplicate.is_none() && a.label == "DATE" {
                evidence.add(n, value);
            }
        }
        if doc.duplicate.is_none() {
            if let Some(p) = doc.meta.published.as_deref() {
                evidence.add(n, p.get(..10).unwrap_or(p));
            }
        }
        if unresolved {
            pending.push((n, doc.id));
        }
        Ok(())
    })?;
    let mut changed = 0u64;
    for (number, id) in pending {
        let Some(doc) = store.get_document(&id)? else { continue };
        let mut updates = Vec::new();
        for (idx, a) in doc.annotations.iter().enumerate() {
            if a.layer != Layer::Times {
                continue;
            }
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

/// Duplicate links: exact by text hash (batch and store), near by the MinHash index.
struct Dedup {
    index: NearDupIndex,
    /// Text hashes of the originals of the batch in flight; once committed, the store answers.
    hashes: HashMap<String, DocId>,
}

impl Dedup {
    fn load(store: &dyn Store) -> Result<Dedup, Error> {
        let mut index = NearDupIndex::new();
        for (id, sig) in store.signatures()? {
            index.insert(id, sig);
        }
        Ok(Dedup { index, hashes: HashMap::new() })
    }

    /// The batch was committed: its text hashes are in the store now.
    fn committed(&mut self) {
        self.hashes.clear();
    }

    /// Sets `duplicate` on each document that repeats an earlier one, in input order, and
    /// indexes the originals.
    fn link(&mut self, mut docs: Vec<StoredDoc>, store: &dyn Store, summary: &mut Summary) -> Result<Vec<StoredDoc>, Error> {
        for sd in &mut docs {
            let exact = match self.hashes.get(&sd.text_hash) {
                Some(id) => Some(id.clone()),
                None => store.find_by_text_hash(&sd.text_hash)?,
            };
            if let Some(of) = exact {
                sd.doc.duplicate = Some(Duplicate { of, kind: DuplicateKind::Exact, similarity: 1.0 });
                summary.n_exact_duplicates += 1;
                continue;
            }
            if let Some((of, similarity)) = self.index.query(&sd.signature) {
                sd.doc.duplicate = Some(Duplicate { of, kind: DuplicateKind::Near, similarity });
                summary.n_near_duplicates += 1;
                continue;
            }
            self.hashes.insert(sd.text_hash.clone(), sd.doc.id.clone());
            self.index.insert(sd.doc.id.clone(), sd.signature.clone());
        }
        Ok(docs)
    }
}

/// Documents per second and MB per second of a run, for summaries and benchmarks.
pub fn throughput(summary: &Summary) -> (f64, f64) {
    let secs = summary.seconds.max(1e-9);
    (summary.n_read as f64 / secs, summary.bytes as f64 / 1e6 / secs)
}
