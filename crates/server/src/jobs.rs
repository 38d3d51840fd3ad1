//! Ingest jobs: uploaded files wait in a private temporary directory and are analysed one job
//! at a time by a worker thread through `engine::analyze` (which also reruns the
//! cross-document pass when something was stored); then the cached picture is rebuilt.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, Weak};

use model::{Diagnostic, Severity};
use serde::Serialize;
use utoipa::ToSchema;

use crate::picture::Picture;
use crate::state::Inner;

/// Finished jobs remembered; the oldest are forgotten beyond this.
const KEEP_FINISHED: usize = 1000;

/// A job as `/api/jobs/{id}` shows it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct JobStatus {
    pub id: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: &'static str,
    /// Documents read so far.
    pub n_read: u64,
    /// New documents stored (known when done).
    pub n_stored: u64,
    /// Inputs skipped with an error diagnostic.
    pub n_skipped: u64,
    /// What happened, in a sentence (the first problem when one was found).
    pub message: String,
    /// The run's summary (`engine::Summary` without diagnostics) when done.
    #[schema(value_type = Option<Object>)]
    pub summary: Option<serde_json::Value>,
}

/// Work for the worker: the files of one job, in a directory removed when the job ends.
struct Work {
    id: String,
    dir: tempfile::TempDir,
    paths: Vec<PathBuf>,
}

pub struct Jobs {
    status: Arc<Mutex<BTreeMap<String, JobStatus>>>,
    queue: Mutex<Sender<Work>>,
    /// Set on shutdown: the running job commits its batch in flight and stops.
    pub cancel: Arc<AtomicBool>,
    counter: AtomicU64,
}

/// Progress of the running job, into its status.
struct JobProgress<'a> {
    id: &'a str,
    status: &'a Mutex<BTreeMap<String, JobStatus>>,
    n_read: AtomicU64,
    n_skipped: AtomicU64,
}

impl JobProgress<'_> {
    fn update(&self, f: impl FnOnce(&mut JobStatus)) {
        update(self.status, self.id, f);
    }
}

impl engine::Progress for JobProgress<'_> {
    fn batch_done(&self, n_docs: u64, _bytes: u64) {
        let n = self.n_read.fetch_add(n_docs, Ordering::Relaxed) + n_docs;
        self.update(|s| s.n_read = n);
    }

    fn diagnostic(&self, d: &Diagnostic) {
        if d.severity == Severity::Error {
            let n = self.n_skipped.fetch_add(1, Ordering::Relaxed) + 1;
            self.update(|s| s.n_skipped = n);
        }
    }
}

fn update(status: &Mutex<BTreeMap<String, JobStatus>>, id: &str, f: impl FnOnce(&mut JobStatus)) {
    let mut map = match status.lock() {
        Ok(m) => m,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(s) = map.get_mut(id) {
        f(s);
    }
}

impl Jobs {
    /// Starts the worker thread. `state` is the server's shared state, for replacing the
    /// picture after each job (the worker stops when it is gone).
    pub(crate) fn start(db: PathBuf, state: Weak<Inner>) -> Jobs {
        let (tx, rx) = channel::<Work>();
        let status: Arc<Mutex<BTreeMap<String, JobStatus>>> = Arc::default();
        let cancel = Arc::new(AtomicBool::new(false));
        let (worker_status, worker_cancel) = (status.clone(), cancel.clone());
        let spawned = std::thread::Builder::new().name("dossier-ingest".into()).spawn(move || {
            for work in rx {
                run(&db, &work, &worker_status, &worker_cancel, &state);
                drop(work.dir);
                if state.strong_count() == 0 {
                    break;
                }
            }
        });
        if let Err(e) = spawned {
            eprintln!("dossier serve: cannot start the ingest worker: {e}");
        }
        Jobs { status, queue: Mutex::new(tx), cancel, counter: AtomicU64::new(0) }
    }

    /// Queues the files in `dir` and returns the job's id.
    pub fn submit(&self, dir: tempfile::TempDir, paths: Vec<PathBuf>) -> Result<String, String> {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let seed = format!("{nanos}:{n}:{}:{}", std::process::id(), dir.path().display());
        let id = format!("j{}", &blake3::hash(seed.as_bytes()).to_hex()[..16]);
        let status = JobStatus {
            id: id.clone(),
            state: "queued",
            n_read: 0,
            n_stored: 0,
            n_skipped: 0,
            message: "waiting for the jobs before it".into(),
            summary: None,
        };
        {
            let mut map = self.status.lock().map_err(|e| e.to_string())?;
            if map.len() >= KEEP_FINISHED {
                let finished: Vec<String> =
                    map.values().filter(|s| s.state == "done" || s.state == "failed").map(|s| s.id.clone()).collect();
                for old in finished.iter().take(map.len() + 1 - KEEP_FINISHED) {
                    map.remove(old);
                }
            }
            map.insert(id.clone(), status);
        }
        let queue = self.queue.lock().map_err(|e| e.to_string())?;
        queue.send(Work { id: id.clone(), dir, paths }).map_err(|_| "the ingest worker has stopped".to_string())?;
        Ok(id)
    }

    pub fn get(&self, id: &str) -> Option<JobStatus> {
        let map = match self.status.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        map.get(id).cloned()
    }
}

fn run(db: &std::path::Path, work: &Work, status: &Mutex<BTreeMap<String, JobStatus>>, cancel: &AtomicBool, state: &Weak<Inner>) {
    update(status, &work.id, |s| {
        s.state = "running";
        s.message = "analysing".into();
    });
    let progress = JobProgress { id: &work.id, status, n_read: AtomicU64::new(0), n_skipped: AtomicU64::new(0) };
    let result = (|| -> Result<(engine::Summary, Picture), String> {
        let mut store = crate::state::open_store(db).map_err(|e| e.to_string())?;
        let options = engine::Options { command: format!("dossier serve: ingest job {}", work.id), ..engine::Options::default() };
        let summary = engine::analyze(&mut *store, work.paths.clone(), &options, &progress, cancel).map_err(|e| e.to_string())?;
        update(status, &work.id, |s| s.message = "refreshing the cross-document picture".into());
        let picture = Picture::load(&*store).map_err(|e| e.to_string())?;
        Ok((summary, picture))
    })();
    match result {
        Ok((summary, picture)) => {
            if let Some(inner) = state.upgrade() {
                inner.replace(picture);
            }
            let first_problem = summary.diagnostics.iter().find(|d| d.severity == Severity::Error);
            let message = match first_problem {
                Some(d) => format!("stored {} new document(s); skipped {}: {} ({})", summary.n_stored, summary.n_skipped, d.message, d.code),
                None if summary.interrupted => format!("interrupted after storing {} new document(s)", summary.n_stored),
                None => format!("stored {} new document(s), {} already stored", summary.n_stored, summary.n_already_stored),
            };
            let mut record = serde_json::to_value(&summary).unwrap_or_default();
            if let Some(obj) = record.as_object_mut() {
                obj.remove("diagnostics");
            }
            update(status, &work.id, |s| {
                s.state = "done";
                s.n_read = summary.n_read;
                s.n_stored = summary.n_stored;
                s.n_skipped = summary.n_skipped;
                s.message = message;
                s.summary = Some(record);
            });
        }
        Err(e) => {
            eprintln!("dossier serve: ingest job {} failed: {e}", work.id);
            update(status, &work.id, |s| {
                s.state = "failed";
                s.message = "the analysis failed; see the server's log".into();
            });
        }
    }
}
